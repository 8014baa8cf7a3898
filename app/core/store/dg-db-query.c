#include "config.h"

#include "dg-db.h"

/* What nearly every statement of the domain does around dg_db_prepare ()
 * and dg_db_step (): its values bound in one call, its one row or an error
 * saying which record is missing, its rows as JSON, and an audit row with a
 * detail written from a format. Kept apart from dg-db.c, which is the
 * connection and its transactions. */

static void
bind_values (DgStmt        *stmt,
             const DgValue *values)
{
  for (int i = 0; values[i].kind != DG_VALUE_END; i++)
    {
      if (values[i].kind == DG_VALUE_INT)
        dg_stmt_bind_int64 (stmt, i + 1, values[i].number);
      else
        dg_stmt_bind_text (stmt, i + 1, values[i].text);
    }
}

DgStmt *
dg_db_prepare_values (DgDb           *self,
                      const char     *sql,
                      const DgValue  *values,
                      GError        **error)
{
  DgStmt *stmt = dg_db_prepare (self, sql, error);

  if (stmt != NULL)
    bind_values (stmt, values);
  return stmt;
}

void
dg_stmt_set_members (DgStmt             *stmt,
                     int                 first,
                     const char * const *members,
                     JsonObject         *object)
{
  /* A NULL text sets the member to null. */
  for (int i = 0; members[i] != NULL; i++)
    json_object_set_string_member (object, members[i], dg_stmt_column_text (stmt, first + i));
}

JsonArray *
dg_db_rows (DgDb               *self,
            DgStmt             *stmt,
            const char * const *members,
            GError            **error)
{
  g_autoptr(JsonArray) rows = json_array_new ();
  gboolean has_row = FALSE, ok;

  while ((ok = dg_db_step (self, stmt, &has_row, error)) && has_row)
    {
      JsonObject *row = json_object_new ();

      dg_stmt_set_members (stmt, 0, members, row);
      json_array_add_object_element (rows, row);
    }
  dg_stmt_reset (stmt);
  return ok ? g_steal_pointer (&rows) : NULL;
}

gboolean
dg_db_step_row (DgDb         *self,
                DgStmt       *stmt,
                GError      **error,
                DgErrorCode   code,
                const char   *field,
                const char   *format,
                ...)
{
  g_autofree char *message = NULL;
  gboolean has_row = FALSE;
  va_list args;

  if (!dg_db_step (self, stmt, &has_row, error))
    return FALSE;
  if (has_row)
    return TRUE;
  dg_stmt_reset (stmt);
  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  dg_error_set_field (error, code, field, NULL, "%s", message);
  return FALSE;
}

gboolean
dg_db_audit_printf (DgDb        *self,
                    const char  *entity,
                    gint64       entity_id,
                    const char  *action,
                    GError     **error,
                    const char  *format,
                    ...)
{
  g_autofree char *detail = NULL;
  va_list args;

  va_start (args, format);
  detail = g_strdup_vprintf (format, args);
  va_end (args);
  return dg_db_audit (self, entity, entity_id, action, detail, error);
}
