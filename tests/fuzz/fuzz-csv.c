/* Fuzz target: CSV import (dg_csv_parse, dg_import_csv).
 *
 * A spreadsheet export is untrusted input. The input goes through the CSV
 * parser, then through the importer as a dry run (the preview), and, when
 * the preview finds nothing wrong in a small file, through a real import
 * (the writer).
 * Invariants checked besides memory safety: exactly one of a result and an
 * error; every field is UTF-8; the importer agrees with the parser about
 * the rows; progress never runs backwards or past its total; a dry run
 * imports nothing and a clean import imports every row. One database per
 * process, started afresh every RESET_AFTER imports. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "dg-db.h"
#include "fuzz-db.h"
#include "dg-error.h"
#include "dg-import.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

/* A fresh database after this many real imports: each adds referrals. */
#define RESET_AFTER 1000
/* Real imports only of files this small: the writer does the same for every
 * row, and a 300-row import is 100 times slower than a preview. */
#define MAX_IMPORT_ROWS 16

static DgDb *db = NULL;
static guint imports = 0;
static gboolean verbose = FALSE;   /* DG_FUZZ_VERBOSE=1: say what became of each input */

G_GNUC_NORETURN static void
fail (const char *message)
{
  g_printerr ("fuzz-csv: %s\n", message);
  abort ();
}

static void
check_error (GError *error)
{
  if (error == NULL || error->domain != DG_ERROR || error->message == NULL ||
      !g_utf8_validate (error->message, -1, NULL))
    fail ("refused without a proper error");
}

typedef struct
{
  guint done;
  guint total;
} Progress;

static void
progress_cb (guint    done,
             guint    total,
             gpointer user_data)
{
  Progress *p = user_data;

  if (done > total || done < p->done || (p->total != 0 && total != p->total))
    fail ("progress ran backwards, past its total, or changed its total");
  p->done = done;
  p->total = total;
}

/* Returns the number of rows, the header included, or -1 when it is not CSV. */
static gint64
check_parse (const char *text,
             gsize       length)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = dg_csv_parse (text, length, &error);

  if ((rows == NULL) == (error == NULL))
    fail ("dg_csv_parse gave both or neither of rows and an error");
  if (rows == NULL)
    {
      check_error (error);
      if (verbose)
        g_printerr ("  not CSV: %s\n", error->message);
      return -1;
    }

  /* The array frees its rows (g_strfreev) itself. */
  for (guint r = 0; r < rows->len; r++)
    {
      GStrv row = g_ptr_array_index (rows, r);

      if (row == NULL || row[0] == NULL)
        fail ("a row without fields");
      for (guint c = 0; row[c] != NULL; c++)
        if (!g_utf8_validate (row[c], -1, NULL))
          fail ("a field that is not UTF-8");
    }

  return rows->len;
}

/* @parsed: what check_parse() returned for the same text. */
static void
check_import (const char *text,
              gsize       length,
              gint64      parsed,
              gboolean    dry_run)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) result = NULL;
  Progress progress = { 0, 0 };
  JsonObject *obj;
  guint errors;

  result = dg_import_csv (db, text, length, NULL, dry_run, progress_cb, &progress, &error);
  if ((result == NULL) == (error == NULL))
    fail ("dg_import_csv gave both or neither of a result and an error");

  if (result == NULL)
    {
      check_error (error);
      /* Refusing is right only for what is not CSV, or holds no header;
       * otherwise it would be the database failing, which it must not. */
      if (parsed > 0)
        {
          g_printerr ("fuzz-csv: %s\n", error->message);
          fail (dry_run ? "the preview refused text dg_csv_parse read"
                        : "a clean preview, then the import failed");
        }
      return;
    }
  if (parsed <= 0)
    fail ("dg_import_csv accepted text dg_csv_parse refused, or an empty file");

  if (!JSON_NODE_HOLDS_OBJECT (result))
    fail ("the result is not an object");
  obj = json_node_get_object (result);
  if (json_object_get_int_member_with_default (obj, "rows", -1) != parsed - 1)
    fail ("dg_import_csv counted rows differently from dg_csv_parse");
  if (!json_object_has_member (obj, "errors") || !JSON_NODE_HOLDS_ARRAY (json_object_get_member (obj, "errors")))
    fail ("the result has no list of errors");
  errors = json_array_get_length (json_object_get_array_member (obj, "errors"));
  if (verbose)
    {
      g_autofree char *json = json_to_string (result, FALSE);
      g_printerr ("  %s: %s\n", dry_run ? "preview" : "import", json);
    }

  if (dry_run || errors > 0)
    {
      if (json_object_get_int_member_with_default (obj, "imported", -1) != 0)
        fail ("a dry run, or an import with errors, imported something");
      /* A clean preview: import it for real, as the import dialog does. */
      if (dry_run && errors == 0 && parsed > 1 && parsed - 1 <= MAX_IMPORT_ROWS)
        check_import (text, length, parsed, FALSE);
      return;
    }

  if (json_object_get_int_member_with_default (obj, "imported", -1) != parsed - 1)
    fail ("a clean import did not import every row");

  if (++imports >= RESET_AFTER)
    {
      db = dg_fuzz_db_reset ("fuzz-csv");
      imports = 0;
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = NULL;
  gint64 parsed;

  if (db == NULL)
    {
      /* A critical (a failed precondition) is a finding, not noise. */
      g_log_set_always_fatal (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
      verbose = g_strcmp0 (g_getenv ("DG_FUZZ_VERBOSE"), "1") == 0;
      db = dg_fuzz_db_open ("fuzz-csv");
    }

  /* An exact-size copy that is not NUL-terminated: the parser takes a
   * length and must not read past it. */
  text = g_memdup2 (data, size);

  parsed = check_parse (size > 0 ? text : "", size);
  check_import (size > 0 ? text : "", size, parsed, TRUE);

  return 0;
}
