#include "config.h"

#include <glib/gstdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "dg-core.h"
#include "dg-db.h"
#include "dg-test-db.h"
#include "dg-worker.h"

typedef struct
{
  char *dir;
  char *path;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("dg-test-db-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "sub", "diogelu.db", NULL);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    while ((name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *child = g_build_filename (path, name, NULL);
        if (g_file_test (child, G_FILE_TEST_IS_DIR))
          remove_tree (child);
        else
          g_unlink (child);
      }
  g_rmdir (path);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

static char *
query_text (DgDb       *db,
            const char *sql)
{
  g_autoptr(GError) error = NULL;
  DgStmt *stmt = dg_db_prepare (db, sql, &error);
  gboolean has_row = FALSE;
  char *value;

  g_assert_no_error (error);
  g_assert_true (dg_db_step (db, stmt, &has_row, &error));
  g_assert_true (has_row);
  value = g_strdup (dg_stmt_column_text (stmt, 0));
  dg_stmt_reset (stmt);

  return value;
}

static void
test_fresh (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DgDb) db = NULL;
  g_autofree char *mode = NULL;
  g_autofree char *dir = g_path_get_dirname (f->path);
  const char *tables[] = {
    "reporter", "referral", "child", "household_member", "referral_category",
    "involved_agency", "decision", "meeting", "invitee", "meeting_exception",
    "meeting_outcome", "cp_event", "notification", "letter_template", "closure_day",
    "timescale_rule", "audit", "referral_search", "ledger_entry", "language_offer", "hub_setting", "outbox",
  };

  g_assert_false (g_file_test (dir, G_FILE_TEST_EXISTS));

  db = dg_db_open (f->path, DG_DB_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_nonnull (db);

  g_assert_cmpint (dg_db_get_user_version (db), ==, dg_db_schema_version ());
  g_assert_cmpint (dg_db_schema_version (), >=, 2);
  g_assert_false (dg_db_is_read_only (db));

  mode = query_text (db, "PRAGMA journal_mode");
  g_assert_cmpstr (mode, ==, "wal");
  g_assert_cmpint (dg_test_db_int (db, "PRAGMA foreign_keys"), ==, 1);
  g_assert_cmpint (dg_test_db_int (db, "PRAGMA synchronous"), ==, 2);
  g_assert_cmpint (dg_test_db_int (db, "PRAGMA application_id"), ==, 0x44474c55);

  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM sqlite_master WHERE name = '%s'", tables[i]);
      g_test_message ("table %s", tables[i]);
      g_assert_cmpint (dg_test_db_int (db, sql), ==, 1);
    }

  /* The shipped timescale rules of DOMAIN.md. */
  g_assert_cmpint (dg_test_db_int (db, "SELECT amount FROM timescale_rule WHERE clock = 'icpc'"), ==, 15);
  g_assert_cmpint (dg_test_db_int (db, "SELECT amount FROM timescale_rule WHERE clock = 's47'"), ==, 42);
  /* And the report-maker's ledger's local defaults (schema 12). */
  g_assert_cmpint (dg_test_db_int (db, "SELECT amount FROM timescale_rule WHERE clock = 'chase-reply'"), ==, 1);
  g_assert_cmpint (dg_test_db_int (db, "SELECT amount FROM timescale_rule WHERE clock = 'disagreement-discussed'"), ==, 5);
  g_assert_cmpint (dg_test_db_int (db, "SELECT amount FROM timescale_rule WHERE clock = 'escalation-answered'"), ==, 10);
  /* And the minutes' clocks (schema 15): five working days each. */
  g_assert_cmpint (dg_test_db_int (db, "SELECT amount FROM timescale_rule WHERE clock = 'icpc-plan'"), ==, 5);
  g_assert_cmpint (dg_test_db_int (db, "SELECT amount FROM timescale_rule WHERE clock = 'strategy-record'"), ==, 5);
  g_assert_cmpint (dg_test_db_int (db, "SELECT count(*) FROM timescale_rule"), ==, 15);
}

static void
assert_mode (const char *path,
             guint       expected)
{
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_test_message ("%s: %o", path, st.st_mode & 0777);
  g_assert_cmpuint (st.st_mode & 0777, ==, expected);
}

static void
test_permissions (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DgDb) db = NULL;
  g_autofree char *dir = g_path_get_dirname (f->path);
  g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (f->path, "-shm", NULL);
  g_autofree char *backup = g_build_filename (f->dir, "backup.db", NULL);
  mode_t old_umask = umask (022);

  db = dg_db_open (f->path, DG_DB_OPEN_DEFAULT, &error);
  g_assert_no_error (error);

  /* Write something so the WAL exists. */
  g_assert_true (dg_db_begin (db, &error));
  g_assert_true (dg_db_audit (db, "test", 1, "touch", NULL, &error));
  g_assert_true (dg_db_commit (db, &error));

  assert_mode (dir, 0700);
  assert_mode (f->path, 0600);
  assert_mode (wal, 0600);
  assert_mode (shm, 0600);

  g_assert_true (dg_db_backup (db, backup, &error));
  g_assert_no_error (error);
  assert_mode (backup, 0600);

  umask (old_umask);
}

static void
test_audit_append_only (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DgDb) db = NULL;

  db = dg_db_open (f->path, DG_DB_OPEN_DEFAULT, &error);
  g_assert_no_error (error);

  dg_db_set_actor (db, "Tester");
  g_assert_true (dg_db_begin (db, &error));
  g_assert_true (dg_db_audit (db, "referral", 7, "create", "{}", &error));
  g_assert_true (dg_db_commit (db, &error));
  g_assert_no_error (error);
  g_assert_cmpint (dg_test_db_int (db, "SELECT count(*) FROM audit WHERE actor = 'Tester' AND entity_id = 7"), ==, 1);

  g_assert_false (dg_db_exec (db, "UPDATE audit SET actor = 'Someone else'", &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "append-only"));
  g_clear_error (&error);

  g_assert_false (dg_db_exec (db, "DELETE FROM audit", &error));
  g_assert_nonnull (strstr (error->message, "append-only"));
  g_clear_error (&error);

  g_assert_cmpint (dg_test_db_int (db, "SELECT count(*) FROM audit WHERE actor = 'Tester'"), ==, 1);
}

/* On PostgreSQL a statement the core runs again is not parsed and planned
 * again: the server keeps it prepared from its first run on the connection,
 * and a run with other parameter types (a NULL, then text) still answers. */
static void
test_prepared (Fixture       *f,
               gconstpointer  data)
{
  static const char count_sql[] = "SELECT count (*) FROM pg_prepared_statements";
  g_autoptr(GError) error = NULL;
  DgTestDb t = { 0 };
  DgStmt *stmt;
  gboolean has_row = FALSE;
  gint64 first;

  if (!dg_test_db_is_pg ())
    {
      g_test_skip ("prepared statements on the server are PostgreSQL's");
      return;
    }
  dg_test_db_setup (&t, "prepared");

  first = dg_test_db_int (t.db, count_sql);
  g_assert_cmpint (first, >=, 1);
  g_assert_cmpint (dg_test_db_int (t.db, count_sql), ==, first);

  for (int i = 0; i < 3; i++)
    {
      stmt = dg_db_prepare (t.db, "SELECT coalesce (?1, 'none')", &error);
      g_assert_no_error (error);
      if (i == 1)
        dg_stmt_bind_text (stmt, 1, "Tester");
      else
        dg_stmt_bind_null (stmt, 1);
      g_assert_true (dg_db_step (t.db, stmt, &has_row, &error));
      g_assert_no_error (error);
      g_assert_true (has_row);
      g_assert_cmpstr (dg_stmt_column_text (stmt, 0), ==, i == 1 ? "Tester" : "none");
      dg_stmt_reset (stmt);
    }
  g_assert_cmpint (dg_test_db_int (t.db, count_sql), ==, first + 1);

  dg_test_db_teardown (&t);
}

static void
seed_version_1 (DgDb *db)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (dg_db_exec (db,
    "INSERT INTO reporter (id, name, organisation, agency, language, created_at) "
    "  VALUES (1, 'Ceri Jones', 'Ysgol Enghraifft', 'education', 'cy', '2026-01-05T09:00:00');"
    "INSERT INTO referral (id, reference, received_at, channel, reporter_id, concern, created_at, updated_at) "
    "  VALUES (1, 'DTR-2026-000001', '2026-01-05T09:00:00', 'phone', 1, 'Bruising seen', '2026-01-05T09:00:00', '2026-01-05T09:00:00');"
    "INSERT INTO child (referral_id, name, name_key, dob) VALUES (1, 'Siân Morgan', 'sian morgan', '2015-04-01');",
    &error));
  g_assert_no_error (error);
}

static void
test_migrations (Fixture       *f,
                 gconstpointer  data)
{
  for (int from = 0; from < dg_db_schema_version (); from++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(DgDb) db = NULL;
      g_autofree char *path = g_strdup_printf ("%s/from-%d.db", f->dir, from);

      g_test_message ("upgrading from version %d", from);

      db = dg_db_open (path, DG_DB_OPEN_NO_MIGRATE, &error);
      g_assert_no_error (error);
      g_assert_cmpint (dg_db_get_user_version (db), ==, 0);
      for (int v = 1; v <= from; v++)
        {
          g_assert_true (dg_db_apply_migration (db, v, &error));
          g_assert_no_error (error);
        }
      g_assert_cmpint (dg_db_get_user_version (db), ==, from);
      if (from >= 1)
        seed_version_1 (db);
      /* From version 2 on, a referral is written with its search row, as the code of that version did. */
      if (from >= 2)
        g_assert_true (dg_db_exec (db, "INSERT INTO referral_search (rowid, reference, names, organisation, concern) "
                                       "VALUES (1, 'DTR-2026-000001', 'Siân Morgan', 'Ysgol Enghraifft Ceri Jones', 'Bruising seen')", NULL));
      g_clear_object (&db);

      db = dg_db_open (path, DG_DB_OPEN_DEFAULT, &error);
      g_assert_no_error (error);
      g_assert_cmpint (dg_db_get_user_version (db), ==, dg_db_schema_version ());

      if (from >= 1)
        {
          /* Data written at the old version survives, and is searchable. */
          g_assert_cmpint (dg_test_db_int (db, "SELECT count(*) FROM referral WHERE reference = 'DTR-2026-000001'"), ==, 1);
          /* Its clocks were worked out as the stored clocks arrived (version 4). */
          g_assert_cmpint (dg_test_db_int (db, "SELECT count(*) FROM clock WHERE referral_id = 1 AND clock = 'decision'"), ==, 1);
          g_assert_cmpint (dg_test_db_int (db, "SELECT count(*) FROM referral_search WHERE referral_search MATCH 'sian'"), ==, 1);
          g_assert_cmpint (dg_test_db_int (db, "SELECT count(*) FROM referral_search WHERE referral_search MATCH 'enghraifft'"), ==, 1);
        }
    }
}

static gchar *
read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  return contents;
}

static void
test_newer_refused (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DgDb) db = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *pragma = g_strdup_printf ("PRAGMA user_version = %d", dg_db_schema_version () + 1);

  db = dg_db_open (f->path, DG_DB_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_true (dg_db_exec (db, pragma, &error));
  g_assert_true (dg_db_exec (db, "PRAGMA wal_checkpoint(TRUNCATE)", &error));
  g_clear_object (&db);

  before = read_file (f->path);
  db = dg_db_open (f->path, DG_DB_OPEN_DEFAULT, &error);
  g_assert_null (db);
  g_assert_error (error, DG_ERROR, DG_ERROR_TOO_NEW);
  g_assert_nonnull (strstr (error->message, "newer version"));
  after = read_file (f->path);
  g_assert_cmpstr (before, ==, after);
}

static void
test_not_a_database (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DgDb) db = NULL;
  g_autofree char *text = g_build_filename (f->dir, "notes.txt", NULL);
  g_autofree char *other = g_build_filename (f->dir, "other.sqlite", NULL);
  g_autofree char *contents = NULL;
  const char *notes = "Referral notes kept in a text file, not a database. Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua.\n";

  g_assert_true (g_file_set_contents (text, notes, -1, &error));
  db = dg_db_open (text, DG_DB_OPEN_DEFAULT, &error);
  g_assert_null (db);
  g_assert_error (error, DG_ERROR, DG_ERROR_NOT_A_DATABASE);
  g_assert_nonnull (strstr (error->message, "not a Diogelu database"));
  g_clear_error (&error);
  contents = read_file (text);
  g_assert_cmpstr (contents, ==, notes);

  /* Another program's SQLite file is refused, not "upgraded". */
  {
    sqlite3 *handle = NULL;
    g_assert_cmpint (sqlite3_open (other, &handle), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_exec (handle, "CREATE TABLE photos (id INTEGER)", NULL, NULL, NULL), ==, SQLITE_OK);
    sqlite3_close (handle);
  }
  db = dg_db_open (other, DG_DB_OPEN_DEFAULT, &error);
  g_assert_null (db);
  g_assert_error (error, DG_ERROR, DG_ERROR_NOT_A_DATABASE);
  g_assert_nonnull (strstr (error->message, "another program"));
}

static void
test_backup (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DgDb) db = NULL;
  g_autoptr(DgDb) copy = NULL;
  g_autofree char *backup = g_build_filename (f->dir, "copy.db", NULL);
  g_autofree char *report = NULL;
  g_autofree char *partial = g_strconcat (backup, ".partial", NULL);

  db = dg_db_open (f->path, DG_DB_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  seed_version_1 (db);

  g_assert_true (dg_db_backup (db, backup, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (partial, G_FILE_TEST_EXISTS));

  copy = dg_db_open (backup, DG_DB_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  g_assert_true (dg_db_check_integrity (copy, &report, &error));
  g_assert_cmpstr (g_strstrip (report), ==, "ok");
  g_assert_cmpint (dg_test_db_int (copy, "SELECT count(*) FROM child WHERE name = 'Siân Morgan'"), ==, 1);

  /* A folder that does not exist: a clear error, no stray file. */
  g_clear_error (&error);
  g_assert_false (dg_db_backup (db, "/nonexistent-dir/x.db", &error));
  g_assert_error (error, DG_ERROR, DG_ERROR_IO);
}

static void
test_backup_daily (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DgDb) db = NULL;
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();
  g_autofree char *dir = g_build_filename (f->dir, "backups", NULL);
  g_autoptr(GDir) listing = NULL;
  guint n = 0;

  db = dg_db_open (f->path, DG_DB_OPEN_DEFAULT, &error);
  g_assert_no_error (error);

  for (int day = 1; day <= 5; day++)
    {
      g_autoptr(GDateTime) now = g_date_time_new (tz, 2026, 11, day, 9, 0, 0);
      g_autofree char *made = NULL;
      g_autofree char *again = NULL;

      dg_db_set_now (db, now);
      made = dg_db_backup_daily (db, dir, 3, &error);
      g_assert_no_error (error);
      g_assert_nonnull (made);
      assert_mode (made, 0600);

      /* Once a day: the second call that day writes nothing. */
      again = dg_db_backup_daily (db, dir, 3, &error);
      g_assert_no_error (error);
      g_assert_null (again);
    }

  listing = g_dir_open (dir, 0, &error);
  g_assert_no_error (error);
  while (g_dir_read_name (listing) != NULL)
    n++;
  g_assert_cmpuint (n, ==, 3);
  {
    g_autofree char *newest = g_build_filename (dir, "diogelu-2026-11-05.db", NULL);
    g_autofree char *oldest_kept = g_build_filename (dir, "diogelu-2026-11-03.db", NULL);
    g_autofree char *gone = g_build_filename (dir, "diogelu-2026-11-02.db", NULL);
    g_assert_true (g_file_test (newest, G_FILE_TEST_EXISTS));
    g_assert_true (g_file_test (oldest_kept, G_FILE_TEST_EXISTS));
    g_assert_false (g_file_test (gone, G_FILE_TEST_EXISTS));
  }
  assert_mode (dir, 0700);
}

static void
test_read_only (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DgDb) db = NULL;

  db = dg_db_open (f->path, DG_DB_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_clear_object (&db);

  db = dg_db_open (f->path, DG_DB_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  g_assert_true (dg_db_is_read_only (db));
  g_assert_false (dg_db_begin (db, &error));
  g_assert_error (error, DG_ERROR, DG_ERROR_READ_ONLY);
}

static void
write_audit (DgDb   *db,
             gint64  id)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (dg_db_begin (db, &error));
  g_assert_true (dg_db_audit (db, "referral", id, "create", "{}", &error));
  g_assert_true (dg_db_commit (db, &error));
  g_assert_no_error (error);
}

/* Figures read inside a snapshot agree with each other even while
 * another connection writes; the snapshot ends and the new row shows. */
static void
test_read_snapshot (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DgDb) writer = NULL;
  g_autoptr(DgDb) reader = NULL;
  gboolean started = FALSE, nested = TRUE;
  int before;

  writer = dg_db_open (f->path, DG_DB_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  reader = dg_db_open (f->path, DG_DB_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  write_audit (writer, 1);

  g_assert_true (dg_db_begin_read (reader, &started, &error));
  g_assert_no_error (error);
  g_assert_true (started);
  before = dg_test_db_int (reader, "SELECT count(*) FROM audit");
  write_audit (writer, 2);
  g_assert_cmpint (dg_test_db_int (reader, "SELECT count(*) FROM audit"), ==, before);

  /* A snapshot inside a snapshot is the same snapshot. */
  g_assert_true (dg_db_begin_read (reader, &nested, &error));
  g_assert_false (nested);
  dg_db_end_read (reader, nested);
  g_assert_cmpint (dg_test_db_int (reader, "SELECT count(*) FROM audit"), ==, before);

  dg_db_end_read (reader, started);
  g_assert_cmpint (dg_test_db_int (reader, "SELECT count(*) FROM audit"), ==, before + 1);
}

/* What another process sees: this test program run with --count. */
static int
count_elsewhere (const char *path)
{
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);
  const char *argv[] = { self, "--count", path, NULL };
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  int status = -1;

  g_assert_nonnull (self);
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_cmpint (status, ==, 0);
  return atoi (out);
}

/* A second connection in the same process (the app has one for the Due
 * board) must not drop the first one's locks: if it did, another process
 * would take itself for the only user, fold the write-ahead log away, and
 * what the first connection saved next would never reach the file. */
static void
test_second_connection (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DgDb) first = NULL;
  g_autoptr(DgDb) second = NULL;

  first = dg_db_open (f->path, DG_DB_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  write_audit (first, 1);
  second = dg_db_open (f->path, DG_DB_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count_elsewhere (f->path), ==, 1);
  write_audit (first, 2);
  g_assert_cmpint (count_elsewhere (f->path), ==, 2);
  g_clear_object (&first);
  g_clear_object (&second);
  g_assert_cmpint (count_elsewhere (f->path), ==, 2);
}

static void
count_job (GTask        *task,
           DgDb         *db,
           gpointer      data,
           GCancellable *cancellable)
{
  g_task_return_pointer (task, g_strdup_printf ("%d", dg_db_get_user_version (db)), g_free);
}

static void
opened (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (dg_worker_open_finish (DG_WORKER (object), result, &error));
  g_assert_no_error (error);
  *done = TRUE;
}

static void
test_worker (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(DgWorker) worker = dg_worker_new (f->path);
  g_autoptr(GError) error = NULL;
  g_autofree char *version = NULL;
  g_autofree char *expected = g_strdup_printf ("%d", dg_db_schema_version ());
  gboolean done = FALSE;

  dg_worker_open_async (worker, NULL, opened, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);

  version = dg_worker_run_sync (worker, count_job, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (version, ==, expected);
}

/* "Test connection" in Preferences: what is at a location, said without
 * changing it; an empty PostgreSQL database or a new file is welcome. */
static void
test_probe (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *said = NULL;
  g_autofree char *empty = NULL;
  g_autofree char *garbage = g_build_filename (f->dir, "notes.txt", NULL);
  g_autofree char *location = dg_test_db_location (f->dir);
  DgDb *db = dg_db_open (location, DG_DB_OPEN_DEFAULT, &error);

  g_assert_no_error (error);
  g_object_unref (db);
  said = dg_db_probe (location, &error);
  g_assert_no_error (error);
  g_test_message ("%s", said);
  {
    g_autofree char *expected = g_strdup_printf ("a Diogelu database (schema %d) with 0 referrals.", dg_db_schema_version ());
    g_assert_nonnull (strstr (said, expected));
  }
  g_assert_true (g_str_has_prefix (said, dg_test_db_is_pg () ? "The PostgreSQL server answers" : "The file opens"));
  g_clear_pointer (&said, g_free);

  /* A location nobody has used: nothing is created by looking. */
  empty = dg_test_db_is_pg () ? dg_test_db_location (f->dir) : g_build_filename (f->dir, "new", "diogelu.db", NULL);
  said = dg_db_probe (empty, &error);
  g_assert_no_error (error);
  g_test_message ("%s", said);
  g_assert_nonnull (strstr (said, dg_test_db_is_pg () ? "the database is empty" : "No database at"));
  g_assert_nonnull (strstr (said, "when it next starts."));
  g_clear_pointer (&said, g_free);
  said = dg_db_probe (empty, &error);
  g_assert_nonnull (strstr (said, dg_test_db_is_pg () ? "the database is empty" : "No database at"));
  g_clear_pointer (&said, g_free);
  if (!dg_test_db_is_pg ())
    g_assert_false (g_file_test (empty, G_FILE_TEST_EXISTS));
  dg_test_db_drop (empty);

  /* What cannot be used says why. */
  g_assert_null (dg_db_probe ("diogelu.db", &error));
  g_assert_error (error, DG_ERROR, DG_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (g_file_set_contents (garbage, "not a database, just notes for the week ahead", -1, NULL));
  g_assert_null (dg_db_probe (garbage, &error));
  g_assert_error (error, DG_ERROR, DG_ERROR_NOT_A_DATABASE);
  g_clear_error (&error);
  if (!dg_test_db_is_pg ())
    {
      /* A newer schema: refused by the open the probe makes. */
      g_autofree char *newer = g_build_filename (f->dir, "newer.db", NULL);
      DgDb *made = dg_db_open (newer, DG_DB_OPEN_DEFAULT, &error);

      g_assert_no_error (error);
      g_assert_true (dg_db_exec (made, "PRAGMA user_version = 99", &error));
      g_object_unref (made);
      g_assert_null (dg_db_probe (newer, &error));
      g_assert_error (error, DG_ERROR, DG_ERROR_TOO_NEW);
      g_clear_error (&error);
    }
  g_assert_null (dg_db_probe ("postgresql://nobody@127.0.0.1:1/diogelu?connect_timeout=2", &error));
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "Check the address"));
  dg_test_db_drop (location);
}

int
main (int   argc,
      char *argv[])
{
  if (argc == 3 && g_str_equal (argv[1], "--count"))
    {
      /* Read-write, as diogelu-cli opens it: the last one out folds the log. */
      g_autoptr(DgDb) db = dg_db_open (argv[2], DG_DB_OPEN_DEFAULT, NULL);

      if (db == NULL)
        return 1;
      g_print ("%d\n", (int) dg_test_db_int (db, "SELECT count(*) FROM audit"));
      return 0;
    }

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(name, func) g_test_add (name, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/db/fresh", test_fresh);
  ADD ("/db/permissions", test_permissions);
  ADD ("/db/audit-append-only", test_audit_append_only);
  ADD ("/db/migrations", test_migrations);
  ADD ("/db/newer-refused", test_newer_refused);
  ADD ("/db/not-a-database", test_not_a_database);
  ADD ("/db/backup", test_backup);
  ADD ("/db/read-only", test_read_only);
  ADD ("/db/read-snapshot", test_read_snapshot);
  ADD ("/db/second-connection", test_second_connection);
  ADD ("/db/backup-daily", test_backup_daily);
  ADD ("/db/worker", test_worker);
  ADD ("/db/probe", test_probe);
  ADD ("/db/prepared", test_prepared);
#undef ADD

  return g_test_run ();
}
