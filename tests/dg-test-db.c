#include "config.h"

#include <glib/gstdio.h>

#include "dg-test-db.h"
#include "dg-vocab.h"

void
dg_test_db_setup (DgTestDb   *t,
                  const char *prefix)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *template = g_strconcat (prefix, "-XXXXXX", NULL);
  g_autofree char *path = NULL;
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();
  g_autoptr(GDateTime) now = g_date_time_new (tz, 2026, 11, 23, 10, 0, 0);

  t->dir = g_dir_make_tmp (template, &error);
  g_assert_no_error (error);
  path = g_build_filename (t->dir, "diogelu.db", NULL);
  t->db = dg_db_open (path, DG_DB_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  dg_db_set_now (t->db, now);
  dg_db_set_actor (t->db, "Tester");
}

void
dg_test_remove_folder (const char *dir)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;

  while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (dir);
}

void
dg_test_db_teardown (DgTestDb *t)
{
  /* Whatever a test did, the history it left reads in words, not codes:
   * every action on a referral has a label the app can show. */
  if (t->db != NULL)
    {
      g_autoptr(GError) error = NULL;
      DgStmt *stmt = dg_db_prepare (t->db, "SELECT DISTINCT action FROM audit WHERE entity = 'referral'", &error);
      gboolean has_row = FALSE;

      g_assert_no_error (error);
      while (dg_db_step (t->db, stmt, &has_row, &error) && has_row)
        if (!dg_vocab_has (DG_VOCAB_HISTORY, dg_stmt_column_text (stmt, 0)))
          g_error ("The referral history action “%s” has no label (dg-vocab.c)", dg_stmt_column_text (stmt, 0));
      g_assert_no_error (error);
      dg_stmt_reset (stmt);
    }
  g_clear_object (&t->db);
  dg_test_remove_folder (t->dir);
  g_clear_pointer (&t->dir, g_free);
}

gint64
dg_test_db_int (DgDb       *db,
                const char *sql)
{
  g_autoptr(GError) error = NULL;
  DgStmt *stmt = dg_db_prepare (db, sql, &error);
  gboolean has_row = FALSE;
  gint64 value;

  g_assert_no_error (error);
  g_assert_true (dg_db_step (db, stmt, &has_row, &error));
  g_assert_no_error (error);
  g_assert_true (has_row);
  value = dg_stmt_column_int64 (stmt, 0);
  dg_stmt_reset (stmt);

  return value;
}
