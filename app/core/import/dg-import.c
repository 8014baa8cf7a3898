#include "config.h"

#include <stdio.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "dg-clocks.h"
#include "dg-csv-encoding.h"
#include "dg-error.h"
#include "dg-import.h"
#include "dg-import-private.h"
#include "dg-referral-bulk.h"
#include "dg-token.h"
#include "dg-referrals.h"

/* ---- CSV ------------------------------------------------------------------- */

/* Reads CSV a row at a time, so a file of a million rows is never held as
 * a million rows. Without @fields (counting) the text is walked, not copied. */
typedef struct
{
  const char *p, *end;
  guint       line;
  GPtrArray  *fields;   /* the row just read, NULL-terminated; or NULL */
  GString    *field;
} CsvReader;

/* Refuses what is not UTF-8 text, naming the line; skips a byte-order mark. */
static gboolean
csv_reader_init (CsvReader   *r,
                 const char  *text,
                 gsize        length,
                 gboolean     keep,
                 GError     **error)
{
  const char *nul = memchr (text, '\0', length);
  const char *bad = NULL;

  *r = (CsvReader) { text, text + length, 1, NULL, NULL };
  if (nul != NULL || !g_utf8_validate_len (text, length, &bad))
    {
      const char *stop = nul != NULL ? nul : bad;
      guint line = 1;

      for (const char *q = text; q < stop; q++)
        line += *q == '\n';
      if (nul != NULL)
        g_set_error (error, DG_ERROR, DG_ERROR_INVALID, _("Line %u: the file holds a NUL byte; it is not a CSV text file."), line);
      else
        g_set_error (error, DG_ERROR, DG_ERROR_INVALID,
                     _("Line %u: the file is not UTF-8 text. Save it from the spreadsheet as “CSV UTF-8”."), line);
      return FALSE;
    }
  /* A spreadsheet's byte-order mark is not part of the first header. */
  if (length >= 3 && memcmp (r->p, "\xEF\xBB\xBF", 3) == 0)
    r->p += 3;
  if (keep)
    {
      r->fields = g_ptr_array_new_with_free_func (g_free);
      r->field = g_string_new (NULL);
    }
  return TRUE;
}

static void
csv_reader_clear (CsvReader *r)
{
  g_clear_pointer (&r->fields, g_ptr_array_unref);
  if (r->field != NULL)
    g_string_free (g_steal_pointer (&r->field), TRUE);
}

static void
csv_end_field (CsvReader *r)
{
  if (r->fields == NULL)
    return;
  g_ptr_array_add (r->fields, g_strndup (r->field->str, r->field->len));
  g_string_truncate (r->field, 0);
}

static void
csv_append (CsvReader  *r,
            const char *text,
            gsize       len)
{
  if (r->fields != NULL)
    g_string_append_len (r->field, text, len);
}

/* Reads the next row (into r->fields, when kept) and the line it starts on.
 * FALSE at the end of the text, or with @error set. Blank lines are no rows. */
static gboolean
csv_next (CsvReader  *r,
          guint      *row_line,
          GError    **error)
{
  gboolean quoted = FALSE, was_quoted = FALSE, row_started = FALSE, has_text = FALSE;

  if (r->fields != NULL)
    {
      g_ptr_array_set_size (r->fields, 0);
      g_string_truncate (r->field, 0);
    }
  *row_line = r->line;

  while (r->p < r->end)
    {
      char c = *r->p;

      if (quoted)
        {
          const char *q = r->p;

          /* Everything up to the next quote is the field's, line breaks too. */
          while (q < r->end && *q != '"')
            r->line += *q++ == '\n';
          if (q > r->p)
            {
              csv_append (r, r->p, q - r->p);
              has_text = TRUE;
              r->p = q;
              continue;
            }
          if (r->p + 1 < r->end && r->p[1] == '"')
            {
              csv_append (r, "\"", 1);
              has_text = TRUE;
              r->p += 2;
              continue;
            }
          quoted = FALSE;
          r->p++;
          if (r->p < r->end && *r->p != ',' && *r->p != '\n' && *r->p != '\r')
            {
              g_set_error (error, DG_ERROR, DG_ERROR_INVALID,
                           _("Line %u: a closing quote must end its field (a quote inside a field is written twice)."), r->line);
              return FALSE;
            }
          continue;
        }

      if (c == '"')
        {
          if (has_text || was_quoted)
            {
              g_set_error (error, DG_ERROR, DG_ERROR_INVALID,
                           _("Line %u: a quote in the middle of a field; put the whole field in quotes and write the quote twice."), r->line);
              return FALSE;
            }
          quoted = was_quoted = row_started = TRUE;
          r->p++;
          continue;
        }
      if (c == ',')
        {
          csv_end_field (r);
          was_quoted = has_text = FALSE;
          row_started = TRUE;
          r->p++;
          continue;
        }
      if (c == '\r' || c == '\n')
        {
          gboolean ended = row_started || has_text;

          if (c == '\r' && r->p + 1 < r->end && r->p[1] == '\n')
            r->p++;
          r->p++;
          r->line++;
          if (ended)
            {
              csv_end_field (r);
              if (r->fields != NULL)
                g_ptr_array_add (r->fields, NULL);
              return TRUE;
            }
          *row_line = r->line;
          continue;
        }

      {
        const char *q = r->p;

        while (q < r->end && *q != '"' && *q != ',' && *q != '\r' && *q != '\n')
          q++;
        csv_append (r, r->p, q - r->p);
        has_text = row_started = TRUE;
        r->p = q;
      }
    }

  if (quoted)
    {
      g_set_error (error, DG_ERROR, DG_ERROR_INVALID, _("Line %u: a quoted field is never closed."), *row_line);
      return FALSE;
    }
  if (row_started || has_text)
    {
      csv_end_field (r);
      if (r->fields != NULL)
        g_ptr_array_add (r->fields, NULL);
      return TRUE;
    }
  return FALSE;
}

/* The rows of @text, or -1 with @error when it is not CSV. */
static gint64
csv_count_rows (const char  *text,
                gsize        length,
                GError     **error)
{
  CsvReader r;
  GError *local = NULL;
  gint64 n = 0;
  guint line;

  if (!csv_reader_init (&r, text, length, FALSE, error))
    return -1;
  while (csv_next (&r, &line, &local))
    n++;
  if (local != NULL)
    {
      g_propagate_error (error, local);
      return -1;
    }
  return n;
}

GPtrArray *
dg_csv_parse (const char  *text,
              gsize        length,
              GError     **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  GError *local = NULL;
  CsvReader r;
  guint line;

  g_autofree char *utf8 = NULL;

  g_return_val_if_fail (text != NULL || length == 0, NULL);

  utf8 = dg_csv_to_utf8 (text, length, &length, NULL, error);
  if (utf8 == NULL || !csv_reader_init (&r, utf8, length, TRUE, error))
    return NULL;
  while (csv_next (&r, &line, &local))
    g_ptr_array_add (rows, g_strdupv ((GStrv) r.fields->pdata));
  csv_reader_clear (&r);
  if (local != NULL)
    {
      g_propagate_error (error, local);
      return NULL;
    }
  return g_steal_pointer (&rows);
}

/* ---- Fields ------------------------------------------------------------------ */

typedef enum { TOP, REPORTER, CHILD, LIST } Where;

static const struct
{
  const char *field;    /* as offered for a column */
  Where       where;
  const char *member;   /* in the referral document */
  const char *aliases;  /* other headers that mean the same, "|" between */
  const char *label;
} fields[] = {
  { "received_at", TOP, "received_at", "received|date received|received on|date", N_("Received") },
  { "channel", TOP, "channel", "how received|contact", N_("How it came in") },
  { "rag", TOP, "rag", "rating|rag rating", N_("Rating") },
  { "concern", TOP, "concern", "concerns|details|reason for referral", N_("Concern") },
  { "immediate_action", TOP, "immediate_action", "action taken|immediate action taken", N_("Immediate action") },
  { "other_information", TOP, "other_information", "notes|other", N_("Other information") },
  { "categories", LIST, "categories", "category|types of concern", N_("Categories") },
  { "child_name", CHILD, "name", "child|child's name|name", N_("Child’s name") },
  { "child_dob", CHILD, "dob", "dob|date of birth|child dob", N_("Child’s date of birth") },
  { "child_gender", CHILD, "gender", "gender", N_("Child’s gender") },
  { "child_school", CHILD, "school", "school|setting", N_("Child’s school or setting") },
  { "child_address", CHILD, "address", "address", N_("Child’s address") },
  { "child_first_language", CHILD, "first_language", "first language", N_("Child’s first language") },
  { "reporter_name", REPORTER, "name", "reporter|referrer|report-maker|report maker", N_("Report-maker’s name") },
  { "reporter_role", REPORTER, "role", "role|referrer role", N_("Report-maker’s role") },
  { "reporter_organisation", REPORTER, "organisation", "organisation|organization|referrer organisation", N_("Report-maker’s organisation") },
  { "reporter_agency", REPORTER, "agency", "agency|agency kind", N_("Report-maker’s agency") },
  { "reporter_email", REPORTER, "email", "email|referrer email", N_("Report-maker’s email") },
  { "reporter_phone", REPORTER, "phone", "phone|telephone|referrer phone", N_("Report-maker’s phone") },
  { "reporter_language", REPORTER, "language", "language|preferred language", N_("Report-maker’s language") },
};

const char * const *
dg_import_fields (void)
{
  static const char *names[G_N_ELEMENTS (fields) + 1];

  if (names[0] == NULL)
    for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
      names[i] = fields[i].field;
  return names;
}

const char *
dg_import_field_label (const char *field)
{
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (g_strcmp0 (fields[i].field, field) == 0)
      return _(fields[i].label);
  return field;
}

static char *
normalise (const char *header)
{
  g_autofree char *down = g_utf8_strdown (header, -1);

  g_strstrip (down);
  for (char *q = down; *q; q++)
    if (*q == '_' || *q == '-')
      *q = ' ';
  return g_steal_pointer (&down);
}

/* The field a header means, by its own name or a common spreadsheet name. */
static int
field_of_header (const char *header)
{
  g_autofree char *h = normalise (header);

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      g_autofree char *own = normalise (fields[i].field);
      g_auto(GStrv) aliases = g_strsplit (fields[i].aliases, "|", -1);

      if (g_str_equal (h, own) || g_strv_contains ((const char * const *) aliases, h))
        return i;
    }
  return -1;
}

static int
field_index (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (g_str_equal (fields[i].field, name))
      return i;
  return -1;
}

/* Where a validation error's path ("children[0].dob: …") came from. */
static const char *
path_of (guint i)
{
  static char paths[G_N_ELEMENTS (fields)][48];

  if (paths[i][0] == '\0')
    g_snprintf (paths[i], sizeof paths[i], "%s%s",
                fields[i].where == CHILD ? "children[0]." : fields[i].where == REPORTER ? "reporter." : "",
                fields[i].member);
  return paths[i];
}

/* Spreadsheets write British dates: 20/11/2026, 20/11/2026 09:30 and
 * 20/11/2026 09:30:15 become ISO. */
static char *
iso_of (const char *text)
{
  int d, m, y, hh, mm, ss;
  char tail;

  if (sscanf (text, "%2d/%2d/%4d %2d:%2d:%2d%c", &d, &m, &y, &hh, &mm, &ss, &tail) == 6)
    return g_strdup_printf ("%04d-%02d-%02dT%02d:%02d:%02d", y, m, d, hh, mm, ss);
  if (sscanf (text, "%2d/%2d/%4d %2d:%2d%c", &d, &m, &y, &hh, &mm, &tail) == 5)
    return g_strdup_printf ("%04d-%02d-%02dT%02d:%02d", y, m, d, hh, mm);
  if (sscanf (text, "%2d/%2d/%4d%c", &d, &m, &y, &tail) == 3)
    return g_strdup_printf ("%04d-%02d-%02d", y, m, d);
  /* "2026-11-20 09:30" as a spreadsheet prints an ISO time. */
  if (strlen (text) == 16 && text[10] == ' ')
    {
      char *iso = g_strdup (text);
      iso[10] = 'T';
      return iso;
    }
  return g_strdup (text);
}

static JsonObject *
row_document (GStrv        row,
              const int   *column_field,
              guint        n_columns)
{
  JsonObject *doc = json_object_new ();
  JsonObject *reporter = NULL, *child = NULL;

  for (guint c = 0; c < n_columns && row[c] != NULL; c++)
    {
      g_autofree char *value = g_strstrip (g_strdup (row[c]));
      int f = column_field[c];

      if (f < 0 || *value == '\0')
        continue;
      if (g_str_equal (fields[f].member, "received_at") || g_str_equal (fields[f].member, "dob"))
        {
          char *iso = iso_of (value);
          g_free (value);
          value = iso;
        }
      switch (fields[f].where)
        {
        case TOP:
          json_object_set_string_member (doc, fields[f].member, value);
          break;
        case LIST:
          {
            g_auto(GStrv) items = g_strsplit_set (value, ";|", -1);
            JsonArray *array = json_array_new ();

            for (guint i = 0; items[i] != NULL; i++)
              if (*g_strstrip (items[i]) != '\0')
                json_array_add_string_element (array, items[i]);
            json_object_set_array_member (doc, fields[f].member, array);
          }
          break;
        case REPORTER:
          if (reporter == NULL)
            reporter = json_object_new ();
          json_object_set_string_member (reporter, fields[f].member, value);
          break;
        case CHILD:
          if (child == NULL)
            child = json_object_new ();
          json_object_set_string_member (child, fields[f].member, value);
          break;
        }
    }
  if (reporter != NULL)
    json_object_set_object_member (doc, "reporter", reporter);
  if (child != NULL)
    {
      JsonArray *children = json_array_new ();
      json_array_add_object_element (children, child);
      json_object_set_array_member (doc, "children", children);
    }
  return doc;
}

/* How many of the first rows lend each column its sample values. */
#define IMPORT_SAMPLES 3

static void
add_samples (JsonArray  *columns,
             GStrv       row,
             guint       n)
{
  for (guint c = 0; c < n; c++)
    if (*row[c] != '\0')
      json_array_add_string_element (json_object_get_array_member (json_array_get_object_element (columns, c), "samples"),
                                     row[c]);
}

static void
add_error (JsonArray  *errors,
           guint       row,
           const char *column,
           const char *message)
{
  JsonObject *e = json_object_new ();

  json_object_set_int_member (e, "row", row);
  if (column != NULL)
    json_object_set_string_member (e, "column", column);
  else
    json_object_set_null_member (e, "column");
  json_object_set_string_member (e, "message", message);
  json_array_add_object_element (errors, e);
}

/* Whether import field @i fills @field or a part of it ("children" holds
 * "children[0].name"). */
static gboolean
fills (guint       i,
       const char *field)
{
  const char *path = path_of (i);
  gsize n = strlen (field);

  return strncmp (path, field, n) == 0 && (path[n] == '\0' || path[n] == '[' || path[n] == '.');
}

/* Turns "children[0].dob: not a date" into column "Date of birth" and its
 * message; an error about a field no column fills is named by the field's
 * label, never by its path; one about the row as a whole is the message. */
static void add_validation_message (JsonArray    *errors,
                                    guint         row,
                                    GStrv         headers,
                                    const int    *column_field,
                                    guint         n_columns,
                                    const GError *invalid);

/* A row's refusal, with the field (its path in a referral) and the value
 * refused beside the column and message, for a script to act on. */
static void
add_validation_error (JsonArray    *errors,
                      guint         row,
                      GStrv         headers,
                      const int    *column_field,
                      guint         n_columns,
                      const GError *invalid)
{
  JsonObject *e;

  add_validation_message (errors, row, headers, column_field, n_columns, invalid);
  e = json_array_get_object_element (errors, json_array_get_length (errors) - 1);
  if (dg_error_get_field (invalid) != NULL)
    json_object_set_string_member (e, "field", dg_error_get_field (invalid));
  if (dg_error_get_value (invalid) != NULL)
    json_object_set_string_member (e, "value", dg_error_get_value (invalid));
}

static void
add_validation_message (JsonArray    *errors,
                      guint         row,
                      GStrv         headers,
                      const int    *column_field,
                      guint         n_columns,
                      const GError *invalid)
{
  const char *field = dg_error_get_field (invalid);
  g_autofree char *described = NULL;

  for (guint c = 0; field != NULL && c < n_columns; c++)
    if (column_field[c] >= 0 && fills (column_field[c], field))
      {
        add_error (errors, row, headers[c], invalid->message);
        return;
      }
  for (guint i = 0; field != NULL && i < G_N_ELEMENTS (fields); i++)
    if (fills (i, field))
      {
        described = g_strdup_printf ("%s: %s", _(fields[i].label), invalid->message);
        add_error (errors, row, NULL, described);
        return;
      }
  add_error (errors, row, NULL, invalid->message);
}

/* The import's page cache: the one transaction's pages stay in memory
 * instead of being spilled to the log and read back (KiB, as cache_size). */
#define IMPORT_CACHE_KIB 65536

/* Puts back the page cache an import enlarged (@pragma: what it set). */
static void
restore_cache (DgDb       *db,
               const char *pragma,
               gint64      cache_size)
{
  g_autofree char *sql = NULL;

  if (pragma == NULL)
    return;
  sql = g_strdup_printf ("PRAGMA cache_size = %" G_GINT64_FORMAT, cache_size);
  dg_db_exec (db, sql, NULL);
}

/* Writes the rows of @r by a few set statements (dg-referral-bulk.h):
 * each row to a temporary table, then each table's rows at once. */
static gboolean
insert_rows_bulk (DgDb              *db,
                  CsvReader         *r,
                  const int         *column_field,
                  guint              n_columns,
                  guint              total,
                  guint             *done,
                  DgImportProgress   progress,
                  gpointer           user_data,
                  GError           **error)
{
  g_autoptr(DgReferralBulk) bulk = dg_referral_bulk_new (db, error);
  GError *local = NULL;
  guint line, added = 0;

  if (bulk == NULL)
    return FALSE;
  while (csv_next (r, &line, &local))
    {
      g_autoptr(JsonObject) doc = row_document ((GStrv) r->fields->pdata, column_field, n_columns);

      if (!dg_referral_bulk_add (bulk, doc, error))
        return FALSE;
      added++;
      /* The set statements take about as long again as the rows. */
      if (progress != NULL && (added % 256 == 0 || added == total))
        progress (total + added / 2, 2 * total, user_data);
    }
  if (local != NULL)
    {
      g_propagate_error (error, local);
      return FALSE;
    }
  if (dg_referral_bulk_write (bulk, error) < 0)
    return FALSE;
  *done = added;
  if (progress != NULL)
    progress (2 * total, 2 * total, user_data);
  return TRUE;
}

/* Whether this import writes one row at a time (dg-import-private.h). */
#define ROW_BY_ROW "dg-import-row-by-row"

void
dg_import_set_row_by_row (DgDb     *db,
                          gboolean  row_by_row)
{
  g_return_if_fail (DG_IS_DB (db));

  g_object_set_data (G_OBJECT (db), ROW_BY_ROW, GINT_TO_POINTER (row_by_row));
}

/* Writes the rows of @r (its header already read) in the caller's
 * transaction; @done counts them for the progress callback. */
static gboolean
insert_rows (DgDb              *db,
             CsvReader         *r,
             const int         *column_field,
             guint              n_columns,
             guint              total,
             guint             *done,
             DgImportProgress   progress,
             gpointer           user_data,
             GError           **error)
{
  GError *local = NULL;
  guint line;

  while (csv_next (r, &line, &local))
    {
      g_autoptr(JsonObject) doc = row_document ((GStrv) r->fields->pdata, column_field, n_columns);

      if (dg_referral_insert (db, doc, error) == 0)
        return FALSE;
      (*done)++;
      if (progress != NULL && (*done % 256 == 0 || *done == total))
        progress (total + *done, 2 * total, user_data);
    }
  if (local != NULL)
    {
      g_propagate_error (error, local);
      return FALSE;
    }
  return TRUE;
}

static JsonNode *
import_csv (DgDb             *db,
            const char       *text,
            gsize             length,
            GHashTable       *mapping,
            gboolean          dry_run,
            const char       *client_token,
            DgImportProgress  progress,
            gpointer          user_data,
            GError          **error)
{
  g_autoptr(JsonObject) result = json_object_new ();
  g_autofree int *column_field = NULL;
  g_auto(GStrv) headers = NULL;
  JsonArray *errors = json_array_new ();
  JsonArray *columns = json_array_new ();
  g_autofree char *fields_text = g_strjoinv (", ", (GStrv) dg_import_fields ());
  g_autofree char *recorded = NULL;
  g_autofree char *cache_pragma = NULL;
  g_autofree char *utf8 = NULL;
  const char *encoding = NULL;
  GError *local = NULL;
  CsvReader r;
  gint64 n_rows, cache_size = 0;
  guint n_columns, total, line, header_line, checked = 0, imported = 0;
  gboolean ok;

  g_return_val_if_fail (DG_IS_DB (db), NULL);

  if (text == NULL)
    {
      text = "";
      length = 0;
    }
  json_object_set_array_member (result, "errors", errors);
  json_object_set_array_member (result, "columns", columns);
  /* Excel's "CSV (Comma delimited)" is Windows-1252, its Unicode text UTF-16. */
  utf8 = dg_csv_to_utf8 (text, length, &length, &encoding, error);
  if (utf8 == NULL)
    return NULL;
  text = utf8;
  json_object_set_string_member (result, "encoding", encoding);
  /* A first walk refuses what is not CSV before any row is looked at, and
   * counts the rows for the progress callback. */
  n_rows = csv_count_rows (text, length, error);
  if (n_rows < 0)
    return NULL;
  if (n_rows == 0)
    {
      g_set_error (error, DG_ERROR, DG_ERROR_INVALID, _("The file is empty: it needs a header row and a row per referral."));
      return NULL;
    }
  total = n_rows - 1;

  /* The header row: each column to a field, or left out on purpose. */
  if (!csv_reader_init (&r, text, length, TRUE, error))
    return NULL;
  if (!csv_next (&r, &header_line, error))
    {
      csv_reader_clear (&r);
      return NULL;
    }
  headers = g_strdupv ((GStrv) r.fields->pdata);
  n_columns = g_strv_length (headers);
  column_field = g_new (int, n_columns);
  for (guint c = 0; c < n_columns; c++)
    {
      const char *mapped = mapping ? g_hash_table_lookup (mapping, headers[c]) : NULL;
      JsonObject *col = json_object_new ();

      column_field[c] = mapped != NULL ? (*mapped ? field_index (mapped) : -1) : field_of_header (headers[c]);
      if (mapped != NULL && *mapped != '\0' && column_field[c] < 0)
        {
          g_autofree char *message = g_strdup_printf (_("“%s” is not a field; choose one of: %s"), mapped, fields_text);
          add_error (errors, header_line, headers[c], message);
        }
      else if (mapped == NULL && column_field[c] < 0)
        {
          add_error (errors, header_line, headers[c],
                     _("no field is called this: choose the field it fills, or leave it out"));
        }
      for (guint d = 0; d < c; d++)
        if (column_field[c] >= 0 && column_field[d] == column_field[c])
          {
            g_autofree char *message = g_strdup_printf (_("fills the same field as column “%s”"), headers[d]);
            add_error (errors, header_line, headers[c], message);
          }
      json_object_set_string_member (col, "header", headers[c]);
      json_object_set_string_member (col, "field", column_field[c] >= 0 ? fields[column_field[c]].field : "");
      json_object_set_array_member (col, "samples", json_array_new ());
      json_array_add_object_element (columns, col);
    }

  /* Every row checked before anything is written; none is kept; the
   * writing pass reads the text again. */
  while (csv_next (&r, &line, &local))
    {
      GStrv row = (GStrv) r.fields->pdata;
      guint n = r.fields->len - 1;

      /* A few of each column's first values, for whoever chooses what it fills. */
      if (checked < IMPORT_SAMPLES)
        add_samples (columns, row, MIN (n, n_columns));
      checked++;
      if (n != n_columns)
        {
          g_autofree char *message = g_strdup_printf (_("has %u fields where the header has %u"), n, n_columns);
          add_error (errors, line, NULL, message);
        }
      else
        {
          g_autoptr(JsonObject) doc = row_document (row, column_field, n_columns);
          g_autoptr(GError) invalid = NULL;

          if (!dg_referral_validate (db, doc, &invalid))
            add_validation_error (errors, line, headers, column_field, n_columns, invalid);
        }
      if (progress != NULL && (checked % 256 == 0 || checked == total))
        progress (checked, dry_run ? total : 2 * total, user_data);
    }
  csv_reader_clear (&r);
  /* The counting walk read the same text: it cannot fail here. */
  g_assert (local == NULL);

  json_object_set_int_member (result, "rows", total);
  if (json_array_get_length (errors) > 0 || dry_run)
    {
      json_object_set_int_member (result, "imported", 0);
      return json_node_init_object (json_node_alloc (), result);
    }

  /* All or none: one transaction; clocks worked out once per referral and
   * the search index fed in one statement, both just before the commit. */
  if (!dg_db_begin (db, error))
    return NULL;
  /* A retry of an import whose outcome its script never heard: the first
   * one's report, and nothing imported twice. */
  if (client_token != NULL)
    {
      g_autofree char *earlier = NULL;
      JsonNode *node;

      if (!dg_token_find (db, client_token, "import csv", &earlier, error))
        {
          dg_db_rollback (db);
          return NULL;
        }
      if (earlier != NULL)
        {
          dg_db_rollback (db);
          node = json_from_string (earlier, NULL);
          if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
            {
              json_object_set_boolean_member (json_node_get_object (node), "repeated", TRUE);
              return node;
            }
          g_clear_pointer (&node, json_node_unref);
          g_set_error (error, DG_ERROR, DG_ERROR_FAILED, _("The import this client token names left no readable report"));
          return NULL;
        }
    }
  /* The page cache is SQLite's; a PostgreSQL server keeps its own. */
  if (!dg_db_is_postgres (db))
  {
    DgStmt *stmt = dg_db_prepare (db, "PRAGMA cache_size", error);
    gboolean has_row = FALSE;

    if (stmt == NULL || !dg_db_step (db, stmt, &has_row, error))
      goto fail;
    cache_size = has_row ? dg_stmt_column_int64 (stmt, 0) : 0;
    dg_stmt_reset (stmt);
  }
  cache_pragma = g_strdup_printf ("PRAGMA cache_size = %d", -IMPORT_CACHE_KIB);
  if (dg_db_is_postgres (db) || (cache_size < 0 && -cache_size >= IMPORT_CACHE_KIB))
    g_clear_pointer (&cache_pragma, g_free);
  if (cache_pragma != NULL && !dg_db_exec (db, cache_pragma, error))
    goto fail;
  dg_clocks_defer (db);
  dg_referral_defer_index (db);

  /* On a file, a few set statements; on a server, each row as the
   * intake saves it (one round trip for many, sent ahead). */
  ok = csv_reader_init (&r, text, length, TRUE, error) &&
       csv_next (&r, &header_line, error) &&
       (!dg_db_is_postgres (db) && g_object_get_data (G_OBJECT (db), ROW_BY_ROW) == NULL
        ? insert_rows_bulk (db, &r, column_field, n_columns, total, &imported, progress, user_data, error)
        : insert_rows (db, &r, column_field, n_columns, total, &imported, progress, user_data, error));
  csv_reader_clear (&r);
  json_object_set_int_member (result, "imported", imported);
  if (ok && client_token != NULL)
    {
      g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), result);

      recorded = json_to_string (node, FALSE);
    }
  if (!ok ||
      !dg_clocks_flush (db, error) ||
      !dg_referral_flush_index (db, error) ||
      !dg_db_audit_printf (db, "import", 0, "csv", error, "{\"rows\":%u}", imported) ||
      (recorded != NULL && !dg_token_record (db, client_token, "import csv", recorded, error)) ||
      !dg_db_commit (db, error))
    goto fail;
  dg_clocks_undefer (db);
  dg_referral_undefer_index (db);
  restore_cache (db, cache_pragma, cache_size);

  return json_node_init_object (json_node_alloc (), result);

fail:
  dg_db_rollback (db);
  dg_clocks_undefer (db);
  dg_referral_undefer_index (db);
  restore_cache (db, cache_pragma, cache_size);
  g_prefix_error (error, _("Nothing was imported: "));
  return NULL;
}

JsonNode *
dg_import_csv (DgDb             *db,
               const char       *text,
               gsize             length,
               GHashTable       *mapping,
               gboolean          dry_run,
               DgImportProgress  progress,
               gpointer          user_data,
               GError          **error)
{
  return import_csv (db, text, length, mapping, dry_run, NULL, progress, user_data, error);
}

JsonNode *
dg_import_csv_once (DgDb        *db,
                    const char  *text,
                    gsize        length,
                    GHashTable  *mapping,
                    const char  *client_token,
                    GError     **error)
{
  g_return_val_if_fail (client_token != NULL, NULL);

  return import_csv (db, text, length, mapping, FALSE, client_token, NULL, NULL, error);
}
