#include "config.h"

#include <glib/gstdio.h>

#include "dg-core.h"
#include "dg-test-db.h"
#include "dg-db.h"
#include "dg-referrals.h"
#include "dg-restore.h"

typedef DgTestDb Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  dg_test_db_setup (f, "dg-test-restore");
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *backups = g_build_filename (f->dir, "backups", NULL);

  dg_test_remove_folder (backups);
  dg_test_db_teardown (f);
}

static void
add (DgDb       *db,
     const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *json = g_strdup_printf ("{\"received_at\": \"2026-11-20T09:30\", \"children\": [{\"name\": \"%s\"}]}", name);
  g_autoptr(JsonNode) node = json_from_string (json, &error);

  g_assert_cmpint (dg_referral_add (db, json_node_get_object (node), NULL, &error), >, 0);
  g_assert_no_error (error);
}

static char *
path_in (Fixture    *f,
         const char *name)
{
  return g_build_filename (f->dir, name, NULL);
}

static void
test_round_trip (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *backup = path_in (f, "copy.db");
  g_autofree char *safety_dir = path_in (f, "backups");
  g_autofree char *kept = NULL;
  g_autofree char *again = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DgDb) second = NULL;
  GStatBuf st;

  add (f->db, "Siân");
  add (f->db, "Cai");
  /* A PostgreSQL database is copied on its server, never by the app. */
  if (dg_test_db_is_pg ())
    {
      g_assert_false (dg_db_backup (f->db, backup, &error));
      g_assert_error (error, DG_ERROR, DG_ERROR_INVALID);
      g_assert_false (g_file_test (backup, G_FILE_TEST_EXISTS));
      return;
    }
  g_assert_true (dg_db_backup (f->db, backup, &error));
  add (f->db, "Llŷr");
  /* Another connection, as the app's figures have, sees the restore whole. */
  second = dg_db_open (dg_db_get_path (f->db), DG_DB_OPEN_DEFAULT, &error);
  g_assert_cmpint (dg_test_db_int (second, "SELECT count(*) FROM referral"), ==, 3);

  kept = dg_db_restore (f->db, backup, safety_dir, &error);
  g_assert_no_error (error);
  g_assert_nonnull (kept);
  g_assert_cmpint (dg_test_db_int (f->db, "SELECT count(*) FROM referral"), ==, 2);
  g_assert_cmpint (dg_test_db_int (second, "SELECT count(*) FROM referral"), ==, 2);
  g_assert_cmpint (dg_test_db_int (f->db, "SELECT count(*) FROM clock WHERE clock = 'decision'"), ==, 2);
  g_assert_cmpint (dg_test_db_int (f->db, "SELECT count(*) FROM audit WHERE entity = 'database' AND action = 'restore'"), ==, 1);
  g_assert_cmpint (g_stat (kept, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  /* The copy kept first undoes it. */
  again = dg_db_restore (f->db, kept, safety_dir, &error);
  g_assert_no_error (error);
  g_assert_cmpint (dg_test_db_int (f->db, "SELECT count(*) FROM referral"), ==, 3);
}

static void
test_refused (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *safety_dir = path_in (f, "backups");
  g_autofree char *missing = path_in (f, "missing.db");
  g_autofree char *junk = path_in (f, "junk.db");
  g_autofree char *other = path_in (f, "other.db");
  g_autofree char *newer = path_in (f, "newer.db");
  g_autofree char *damaged = path_in (f, "damaged.db");
  g_autoptr(GError) error = NULL;
  const struct { const char *path; const char *words; } cases[] = {
    { missing, "does not exist" },
    { junk, "not a Diogelu database" },
    { other, "another program" },
    { newer, "newer version" },
    { damaged, "damaged" },
  };

  if (dg_test_skip_on_pg ("restoring is of SQLite backup files; a PostgreSQL database is restored on its server"))
    return;

  add (f->db, "Siân");
  g_assert_true (g_file_set_contents (junk, "not a database at all, just some words in a file", -1, NULL));
  {
    sqlite3 *handle = NULL;
    g_assert_cmpint (sqlite3_open (other, &handle), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_exec (handle, "CREATE TABLE t (x); INSERT INTO t VALUES (1)", NULL, NULL, NULL), ==, SQLITE_OK);
    sqlite3_close (handle);
  }
  g_assert_true (dg_db_backup (f->db, newer, &error));
  {
    sqlite3 *handle = NULL;
    g_assert_cmpint (sqlite3_open (newer, &handle), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_exec (handle, "PRAGMA user_version = 99", NULL, NULL, NULL), ==, SQLITE_OK);
    sqlite3_close (handle);
  }
  /* A backup with a page of its records overwritten. */
  for (guint i = 0; i < 40; i++)
    add (f->db, "Padding to spread the tables over several pages");
  g_assert_true (dg_db_backup (f->db, damaged, &error));
  {
    g_autofree char *contents = NULL;
    gsize length = 0;

    g_assert_true (g_file_get_contents (damaged, &contents, &length, NULL));
    g_assert_cmpuint (length, >, 8 * 4096);
    memset (contents + 4 * 4096 + 100, 0x5a, 2000);
    memset (contents + 6 * 4096 + 16, 0xa5, 3000);
    g_assert_true (g_file_set_contents (damaged, contents, length, NULL));
  }

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) refused = NULL;
      g_autofree char *kept = dg_db_restore (f->db, cases[i].path, safety_dir, &refused);

      g_test_message ("%s", refused ? refused->message : "(restored)");
      g_assert_null (kept);
      g_assert_nonnull (refused);
      g_assert_nonnull (strstr (refused->message, cases[i].words));
      /* Nothing replaced, nothing copied aside. */
      g_assert_cmpint (dg_test_db_int (f->db, "SELECT count(*) FROM referral"), ==, 41);
      g_assert_false (g_file_test (safety_dir, G_FILE_TEST_EXISTS));
    }
}

/* A backup from before the stored clocks is upgraded on the way in, in a
 * copy: the file chosen is not touched. */
static void
test_older_backup (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *old = path_in (f, "version-3.db");
  g_autofree char *safety_dir = path_in (f, "backups");
  g_autofree char *kept = NULL;
  g_autoptr(GError) error = NULL;

  if (dg_test_skip_on_pg ("restoring is of SQLite backup files; a PostgreSQL database is restored on its server"))
    return;

  {
    g_autoptr(DgDb) db = dg_db_open (old, DG_DB_OPEN_NO_MIGRATE, &error);

    g_assert_no_error (error);
    for (int v = 1; v <= 3; v++)
      g_assert_true (dg_db_apply_migration (db, v, &error));
    g_assert_true (dg_db_exec (db,
                               "INSERT INTO referral (id, reference, received_at, created_at, updated_at) "
                               "VALUES (7, 'DTR-2025-000007', '2025-06-02T09:00', '2025-06-02T09:00', '2025-06-02T09:00')",
                               &error));
    g_assert_true (dg_db_exec (db, "PRAGMA journal_mode = DELETE", &error));
  }

  kept = dg_db_restore (f->db, old, safety_dir, &error);
  g_assert_no_error (error);
  g_assert_cmpint (dg_test_db_int (f->db, "SELECT count(*) FROM referral WHERE reference = 'DTR-2025-000007'"), ==, 1);
  g_assert_cmpint (dg_test_db_int (f->db, "SELECT count(*) FROM clock WHERE referral_id = 7"), ==, 2);
  g_assert_cmpint (dg_test_db_int (f->db, "PRAGMA user_version"), ==, dg_db_schema_version ());
  {
    g_autoptr(DgDb) untouched = dg_db_open (old, DG_DB_OPEN_READ_ONLY | DG_DB_OPEN_NO_MIGRATE, &error);
    g_assert_cmpint (dg_db_get_user_version (untouched), ==, 3);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(name, func) g_test_add (name, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/restore/round-trip", test_round_trip);
  ADD ("/restore/refused", test_refused);
  ADD ("/restore/older-backup", test_older_backup);
#undef ADD

  return g_test_run ();
}
