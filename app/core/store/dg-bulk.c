#include "config.h"

#include "dg-bulk.h"

/* Rows a statement: few enough for SQLite's parameter limit (32,766) at
 * any width used here, many enough that a statement's own cost is small. */
#define ROWS_PER_STATEMENT 256

typedef struct
{
  gboolean  is_int;
  gint64    number;
  char     *text;
} Value;

struct _DgBulk
{
  DgDb      *db;
  char      *table;
  char      *columns;
  char      *suffix;
  guint      n_columns;
  GArray    *values;
};

static void
value_clear (gpointer data)
{
  g_free (((Value *) data)->text);
}

DgBulk *
dg_bulk_new (DgDb        *db,
             const char  *table,
             const char  *columns,
             guint        n_columns,
             const char  *suffix)
{
  DgBulk *bulk = g_new0 (DgBulk, 1);

  g_return_val_if_fail (n_columns > 0 && n_columns * ROWS_PER_STATEMENT < 32766, NULL);

  bulk->db = g_object_ref (db);
  bulk->table = g_strdup (table);
  bulk->columns = g_strdup (columns);
  bulk->suffix = g_strdup (suffix);
  bulk->n_columns = n_columns;
  bulk->values = g_array_new (FALSE, TRUE, sizeof (Value));
  g_array_set_clear_func (bulk->values, value_clear);
  return bulk;
}

void
dg_bulk_free (DgBulk *bulk)
{
  if (bulk == NULL)
    return;
  g_object_unref (bulk->db);
  g_free (bulk->table);
  g_free (bulk->columns);
  g_free (bulk->suffix);
  g_array_unref (bulk->values);
  g_free (bulk);
}

void
dg_bulk_text (DgBulk     *bulk,
              const char *value)
{
  Value v = { FALSE, 0, g_strdup (value) };

  g_array_append_val (bulk->values, v);
}

void
dg_bulk_int (DgBulk *bulk,
             gint64  value)
{
  Value v = { TRUE, value, NULL };

  g_array_append_val (bulk->values, v);
}


/* The statement for @rows rows; its text, and so its prepared statement,
 * is one of two sizes a flush (full ones and the rest). */
static DgStmt *
prepare_rows (DgBulk  *bulk,
              guint    rows,
              GError **error)
{
  g_autoptr(GString) sql = g_string_new (NULL);
  guint n = 1;

  g_string_printf (sql, "INSERT INTO %s (%s) VALUES ", bulk->table, bulk->columns);
  for (guint r = 0; r < rows; r++)
    {
      g_string_append (sql, r > 0 ? ", (" : "(");
      for (guint c = 0; c < bulk->n_columns; c++)
        g_string_append_printf (sql, c > 0 ? ", ?%u" : "?%u", n++);
      g_string_append_c (sql, ')');
    }
  if (bulk->suffix != NULL)
    g_string_append_printf (sql, " %s", bulk->suffix);
  return dg_db_prepare (bulk->db, sql->str, error);
}

gboolean
dg_bulk_flush (DgBulk  *bulk,
               GError **error)
{
  guint total = bulk->values->len / bulk->n_columns;

  g_return_val_if_fail (bulk->values->len % bulk->n_columns == 0, FALSE);

  for (guint first = 0; first < total; first += ROWS_PER_STATEMENT)
    {
      guint rows = MIN (ROWS_PER_STATEMENT, total - first);
      DgStmt *stmt = prepare_rows (bulk, rows, error);

      if (stmt == NULL)
        return FALSE;
      for (guint i = 0; i < rows * bulk->n_columns; i++)
        {
          Value *v = &g_array_index (bulk->values, Value, first * bulk->n_columns + i);

          if (v->is_int)
            dg_stmt_bind_int64 (stmt, 1 + i, v->number);
          else
            dg_stmt_bind_text (stmt, 1 + i, v->text);
        }
      if (!dg_db_step_later (bulk->db, stmt, error))
        return FALSE;
    }
  g_array_set_size (bulk->values, 0);
  return TRUE;
}
