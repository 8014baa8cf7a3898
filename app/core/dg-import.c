#include "config.h"

#include <stdio.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "dg-clocks.h"
#include "dg-error.h"
#include "dg-import.h"
#include "dg-referrals.h"

/* ---- CSV ------------------------------------------------------------------- */

/* Parses @text into rows (GStrv), noting the line each row starts on. */
static GPtrArray *
parse (const char  *text,
       gsize        length,
       GArray      *lines,
       GError     **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) field = g_string_new (NULL);
  const char *p = text, *end = text + length;
  guint line = 1, row_line = 1;
  gboolean quoted = FALSE, was_quoted = FALSE, row_started = FALSE;

  {
    const char *nul = memchr (text, '\0', length);

    if (nul != NULL)
      {
        for (const char *q = text; q < nul; q++)
          line += *q == '\n';
        g_set_error (error, DG_ERROR, DG_ERROR_INVALID, _("Line %u: the file holds a NUL byte; it is not a CSV text file."), line);
        return NULL;
      }
  }
  if (!g_utf8_validate_len (text, length, NULL))
    {
      const char *bad = NULL;

      g_utf8_validate_len (text, length, &bad);
      for (const char *q = text; q < bad; q++)
        line += *q == '\n';
      g_set_error (error, DG_ERROR, DG_ERROR_INVALID,
                   _("Line %u: the file is not UTF-8 text. Save it from the spreadsheet as “CSV UTF-8”."), line);
      return NULL;
    }
  /* A spreadsheet's byte-order mark is not part of the first header. */
  if (length >= 3 && memcmp (p, "\xEF\xBB\xBF", 3) == 0)
    p += 3;

  while (p < end)
    {
      char c = *p;

      if (quoted)
        {
          if (c == '"' && p + 1 < end && p[1] == '"')
            {
              g_string_append_c (field, '"');
              p += 2;
              continue;
            }
          if (c == '"')
            {
              quoted = FALSE;
              p++;
              if (p < end && *p != ',' && *p != '\n' && *p != '\r')
                {
                  g_set_error (error, DG_ERROR, DG_ERROR_INVALID,
                               _("Line %u: a closing quote must end its field (a quote inside a field is written twice)."), line);
                  return NULL;
                }
              continue;
            }
          line += c == '\n';
          g_string_append_c (field, c);
          p++;
          continue;
        }

      if (c == '"')
        {
          if (field->len > 0 || was_quoted)
            {
              g_set_error (error, DG_ERROR, DG_ERROR_INVALID,
                           _("Line %u: a quote in the middle of a field; put the whole field in quotes and write the quote twice."), line);
              return NULL;
            }
          quoted = was_quoted = row_started = TRUE;
          p++;
          continue;
        }
      if (c == ',')
        {
          g_ptr_array_add (fields, g_string_free (g_steal_pointer (&field), FALSE));
          field = g_string_new (NULL);
          was_quoted = FALSE;
          row_started = TRUE;
          p++;
          continue;
        }
      if (c == '\r' || c == '\n')
        {
          if (row_started || field->len > 0)
            {
              g_ptr_array_add (fields, g_string_free (g_steal_pointer (&field), FALSE));
              field = g_string_new (NULL);
              g_ptr_array_add (fields, NULL);
              g_ptr_array_add (rows, g_ptr_array_steal (fields, NULL));
              g_array_append_val (lines, row_line);
            }
          was_quoted = row_started = FALSE;
          if (c == '\r' && p + 1 < end && p[1] == '\n')
            p++;
          p++;
          line++;
          row_line = line;
          continue;
        }
      g_string_append_c (field, c);
      row_started = TRUE;
      p++;
    }

  if (quoted)
    {
      g_set_error (error, DG_ERROR, DG_ERROR_INVALID, _("Line %u: a quoted field is never closed."), row_line);
      return NULL;
    }
  if (row_started || field->len > 0)
    {
      g_ptr_array_add (fields, g_string_free (g_steal_pointer (&field), FALSE));
      g_ptr_array_add (fields, NULL);
      g_ptr_array_add (rows, g_ptr_array_steal (fields, NULL));
      g_array_append_val (lines, row_line);
    }

  return g_steal_pointer (&rows);
}

GPtrArray *
dg_csv_parse (const char  *text,
              gsize        length,
              GError     **error)
{
  g_autoptr(GArray) lines = g_array_new (FALSE, FALSE, sizeof (guint));

  g_return_val_if_fail (text != NULL || length == 0, NULL);
  return parse (text ? text : "", length, lines, error);
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

/* Spreadsheets write British dates: 20/11/2026 and 20/11/2026 09:30 become ISO. */
static char *
iso_of (const char *text)
{
  int d, m, y, hh, mm;
  char tail;

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

/* Turns "children[0].dob: not a date" into column "Date of birth" and its message. */
static void
add_validation_error (JsonArray    *errors,
                      guint         row,
                      GStrv         headers,
                      const int    *column_field,
                      guint         n_columns,
                      const char   *message)
{
  for (guint c = 0; c < n_columns; c++)
    {
      const char *path;
      gsize len;

      if (column_field[c] < 0)
        continue;
      path = path_of (column_field[c]);
      len = strlen (path);
      if (strncmp (message, path, len) == 0 && message[len] == ':')
        {
          g_autofree char *rest = g_strstrip (g_strdup (message + len + 1));

          add_error (errors, row, headers[c], rest);
          return;
        }
    }
  add_error (errors, row, NULL, message);
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
  g_autoptr(GArray) lines = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) docs = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(JsonObject) result = json_object_new ();
  g_autofree int *column_field = NULL;
  JsonArray *errors = json_array_new ();
  JsonArray *columns = json_array_new ();
  g_autofree char *fields_text = g_strjoinv (", ", (GStrv) dg_import_fields ());
  g_autofree char *detail = NULL;
  GStrv headers;
  guint n_columns, total, imported = 0;

  g_return_val_if_fail (DG_IS_DB (db), NULL);

  json_object_set_array_member (result, "errors", errors);
  json_object_set_array_member (result, "columns", columns);
  rows = parse (text ? text : "", text ? length : 0, lines, error);
  if (rows == NULL)
    return NULL;
  if (rows->len == 0)
    {
      g_set_error (error, DG_ERROR, DG_ERROR_INVALID, _("The file is empty: it needs a header row and a row per referral."));
      return NULL;
    }

  /* The header row: each column to a field, or left out on purpose. */
  headers = g_ptr_array_index (rows, 0);
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
          add_error (errors, g_array_index (lines, guint, 0), headers[c], message);
        }
      else if (mapped == NULL && column_field[c] < 0)
        {
          add_error (errors, g_array_index (lines, guint, 0), headers[c],
                     _("no field is called this: choose the field it fills, or leave it out"));
        }
      for (guint d = 0; d < c; d++)
        if (column_field[c] >= 0 && column_field[d] == column_field[c])
          {
            g_autofree char *message = g_strdup_printf (_("fills the same field as column “%s”"), headers[d]);
            add_error (errors, g_array_index (lines, guint, 0), headers[c], message);
          }
      json_object_set_string_member (col, "header", headers[c]);
      json_object_set_string_member (col, "field", column_field[c] >= 0 ? fields[column_field[c]].field : "");
      json_array_add_object_element (columns, col);
    }

  /* Every row checked before anything is written. */
  total = rows->len - 1;
  for (guint r = 1; r < rows->len; r++)
    {
      GStrv row = g_ptr_array_index (rows, r);
      guint line = g_array_index (lines, guint, r);
      g_autoptr(GError) invalid = NULL;
      JsonObject *doc;

      if (g_strv_length (row) != n_columns)
        {
          g_autofree char *message = g_strdup_printf (_("has %u fields where the header has %u"), g_strv_length (row), n_columns);
          add_error (errors, line, NULL, message);
          continue;
        }
      doc = row_document (row, column_field, n_columns);
      if (!dg_referral_validate (db, doc, &invalid))
        add_validation_error (errors, line, headers, column_field, n_columns, invalid->message);
      g_ptr_array_add (docs, doc);
      if (progress != NULL && (r % 256 == 0 || r == rows->len - 1))
        progress (r, dry_run ? total : 2 * total, user_data);
    }

  json_object_set_int_member (result, "rows", total);
  if (json_array_get_length (errors) > 0 || dry_run)
    {
      json_object_set_int_member (result, "imported", 0);
      return json_node_init_object (json_node_alloc (), result);
    }

  /* All or none: one transaction, clocks worked out once per referral. */
  if (!dg_db_begin (db, error))
    return NULL;
  dg_clocks_defer (db);
  for (guint i = 0; i < docs->len; i++)
    {
      if (dg_referral_insert (db, g_ptr_array_index (docs, i), error) == 0)
        goto fail;
      imported++;
      if (progress != NULL && (imported % 256 == 0 || imported == docs->len))
        progress (total + imported, 2 * total, user_data);
    }
  if (!dg_clocks_flush (db, error) ||
      !dg_db_audit (db, "import", 0, "csv", (detail = g_strdup_printf ("{\"rows\":%u}", imported)), error) ||
      !dg_db_commit (db, error))
    goto fail;
  dg_clocks_undefer (db);

  json_object_set_int_member (result, "imported", imported);
  return json_node_init_object (json_node_alloc (), result);

fail:
  dg_db_rollback (db);
  dg_clocks_undefer (db);
  g_prefix_error (error, _("Nothing was imported: "));
  return NULL;
}
