/* Nothing lost: what a referral survives. A writer killed at any moment,
 * a disk that fills up or fails mid-write, another program holding the
 * database, a file that cannot be written, and copies that stay private. */

#include "config.h"

#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "dg-core.h"
#include "dg-db.h"
#include "dg-referrals.h"
#include "dg-restore.h"
#include "dg-test-db.h"
#include "dg-test-cli.h"

#define TEST_NOW "2026-11-23T10:00"

/* The busy timeout these tests run with (DIOGELU_BUSY_TIMEOUT_MS). */
#define BUSY_TIMEOUT_MS 1000

/* How long the lock-holding helper keeps its transaction at most. */
#define HOLD_MS 3000

/* The test program's own name, as /proc/PID/comm shows its helper. */
static char *program_comm;

/* ---- Helpers ----------------------------------------------------------------- */

static char *
referral_json (const char *child)
{
  return g_strdup_printf (
    "{\"received_at\": \"2026-11-20T09:30\", \"channel\": \"phone\","
    " \"reporter\": {\"name\": \"Ceri Jones\", \"organisation\": \"Ysgol Enghraifft\", \"agency\": \"education\","
    "  \"email\": \"dsp@example.org\", \"language\": \"cy\"},"
    " \"children\": [{\"name\": \"%s\", \"dob\": \"2015-04-01\", \"school\": \"Ysgol Enghraifft\"}],"
    " \"categories\": [\"neglect\"], \"concern\": \"Arrived hungry\", \"rag\": \"amber\"}",
    child);
}

static JsonObject *
referral_input (const char *child)
{
  g_autofree char *json = referral_json (child);
  g_autoptr(JsonNode) node = dg_test_parse_json (json);

  return json_object_ref (json_node_get_object (node));
}

static gint64
count_referrals (DgDb *db)
{
  g_autoptr(GError) error = NULL;
  DgReferralQuery query = { 0 };
  gint64 n = dg_referral_count (db, &query, &error);

  g_assert_no_error (error);
  return n;
}

static void
assert_sound (DgDb *db)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *report = NULL;
  gboolean ok = dg_db_check_integrity (db, &report, &error);

  g_assert_no_error (error);
  if (!ok)
    g_test_message ("integrity: %s", report);
  g_assert_true (ok);
  g_assert_cmpstr (g_strstrip (report), ==, "ok");
}

/* Half-written referrals: a referral is only ever saved with its child,
 * its search entry and its audit row, and every report-maker (one per
 * referral here) belongs to a referral. */
static void
assert_no_half_records (DgDb *db)
{
  g_assert_cmpint (dg_test_db_int (db, "SELECT count(*) FROM referral r "
                                  "WHERE NOT EXISTS (SELECT 1 FROM child c WHERE c.referral_id = r.id)"), ==, 0);
  g_assert_cmpint (dg_test_db_int (db, "SELECT count(*) FROM referral r "
                                  "WHERE NOT EXISTS (SELECT 1 FROM audit a WHERE a.entity = 'referral' "
                                  "                  AND a.entity_id = r.id AND a.action = 'create')"), ==, 0);
  g_assert_cmpint (dg_test_db_int (db, "SELECT count(*) FROM referral r "
                                  "WHERE NOT EXISTS (SELECT 1 FROM referral_search s WHERE s.rowid = r.id)"), ==, 0);
  g_assert_cmpint (dg_test_db_int (db, "SELECT count(*) FROM audit a WHERE a.entity = 'referral' AND a.action = 'create' "
                                  "AND NOT EXISTS (SELECT 1 FROM referral r WHERE r.id = a.entity_id)"), ==, 0);
  g_assert_cmpint (dg_test_db_int (db, "SELECT count(*) FROM reporter p "
                                  "WHERE NOT EXISTS (SELECT 1 FROM referral r WHERE r.reporter_id = p.id)"), ==, 0);
}

static gboolean
has_referral (DgDb       *db,
              const char *reference,
              const char *child)
{
  sqlite3_stmt *stmt = NULL;
  gboolean found;

  g_assert_cmpint (sqlite3_prepare_v2 (dg_db_get_handle (db),
                                       "SELECT count(*) FROM referral r JOIN child c ON c.referral_id = r.id "
                                       "WHERE r.reference = ?1 AND c.name = ?2",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, reference, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, child, -1, SQLITE_TRANSIENT);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  found = sqlite3_column_int (stmt, 0) == 1;
  sqlite3_finalize (stmt);

  return found;
}

static guint
file_mode (const char *path)
{
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  return st.st_mode & 0777;
}

static void
assert_mode (const char *path,
             guint       expected)
{
  guint mode = file_mode (path);

  g_test_message ("%s: %o", path, mode);
  g_assert_cmpuint (mode, ==, expected);
}

static gint64
file_size (const char *path)
{
  GStatBuf st;

  if (g_stat (path, &st) != 0)
    return 0;
  return st.st_size;
}

/* ---- A VFS that fails writes on demand ------------------------------------- */

/* Wraps the default ("unix") VFS; while fail_writes holds an SQLite result
 * code, every write to every file returns it once write_budget more writes
 * have gone through, as a disk that fills up or fails mid-write does. */

typedef struct
{
  sqlite3_file        base;
  sqlite3_io_methods  methods;
  sqlite3_file       *real;
} ShimFile;

#define SHIM_FILE_SIZE ((sizeof (ShimFile) + 7) & ~(gsize) 7)

static sqlite3_vfs *real_vfs;
static sqlite3_vfs shim_vfs;
static gint fail_writes;    /* 0, or the code writes return */
static gint write_budget;   /* writes still allowed before they fail */
static gint failed_writes;  /* how many writes were refused */
static gint writes;         /* how many writes went through */

#define REAL(file) (((ShimFile *) (file))->real)

static int
shim_close (sqlite3_file *file)
{
  return REAL (file)->pMethods->xClose (REAL (file));
}

static int
shim_read (sqlite3_file *file, void *buf, int amount, sqlite3_int64 offset)
{
  return REAL (file)->pMethods->xRead (REAL (file), buf, amount, offset);
}

static int
shim_write (sqlite3_file *file, const void *buf, int amount, sqlite3_int64 offset)
{
  int code = g_atomic_int_get (&fail_writes);

  if (code != 0 && g_atomic_int_add (&write_budget, -1) <= 0)
    {
      g_atomic_int_inc (&failed_writes);
      return code;
    }
  g_atomic_int_inc (&writes);
  return REAL (file)->pMethods->xWrite (REAL (file), buf, amount, offset);
}

static int
shim_truncate (sqlite3_file *file, sqlite3_int64 size)
{
  return REAL (file)->pMethods->xTruncate (REAL (file), size);
}

static int
shim_sync (sqlite3_file *file, int flags)
{
  return REAL (file)->pMethods->xSync (REAL (file), flags);
}

static int
shim_file_size (sqlite3_file *file, sqlite3_int64 *size)
{
  return REAL (file)->pMethods->xFileSize (REAL (file), size);
}

static int
shim_lock (sqlite3_file *file, int level)
{
  return REAL (file)->pMethods->xLock (REAL (file), level);
}

static int
shim_unlock (sqlite3_file *file, int level)
{
  return REAL (file)->pMethods->xUnlock (REAL (file), level);
}

static int
shim_check_reserved_lock (sqlite3_file *file, int *out)
{
  return REAL (file)->pMethods->xCheckReservedLock (REAL (file), out);
}

static int
shim_file_control (sqlite3_file *file, int op, void *arg)
{
  return REAL (file)->pMethods->xFileControl (REAL (file), op, arg);
}

static int
shim_sector_size (sqlite3_file *file)
{
  return REAL (file)->pMethods->xSectorSize (REAL (file));
}

static int
shim_device_characteristics (sqlite3_file *file)
{
  return REAL (file)->pMethods->xDeviceCharacteristics (REAL (file));
}

static int
shim_shm_map (sqlite3_file *file, int region, int size, int extend, void volatile **out)
{
  return REAL (file)->pMethods->xShmMap (REAL (file), region, size, extend, out);
}

static int
shim_shm_lock (sqlite3_file *file, int offset, int n, int flags)
{
  return REAL (file)->pMethods->xShmLock (REAL (file), offset, n, flags);
}

static void
shim_shm_barrier (sqlite3_file *file)
{
  REAL (file)->pMethods->xShmBarrier (REAL (file));
}

static int
shim_shm_unmap (sqlite3_file *file, int delete_flag)
{
  return REAL (file)->pMethods->xShmUnmap (REAL (file), delete_flag);
}

static int
shim_fetch (sqlite3_file *file, sqlite3_int64 offset, int amount, void **out)
{
  return REAL (file)->pMethods->xFetch (REAL (file), offset, amount, out);
}

static int
shim_unfetch (sqlite3_file *file, sqlite3_int64 offset, void *page)
{
  return REAL (file)->pMethods->xUnfetch (REAL (file), offset, page);
}

static const sqlite3_io_methods shim_methods = {
  .iVersion = 3,
  .xClose = shim_close,
  .xRead = shim_read,
  .xWrite = shim_write,
  .xTruncate = shim_truncate,
  .xSync = shim_sync,
  .xFileSize = shim_file_size,
  .xLock = shim_lock,
  .xUnlock = shim_unlock,
  .xCheckReservedLock = shim_check_reserved_lock,
  .xFileControl = shim_file_control,
  .xSectorSize = shim_sector_size,
  .xDeviceCharacteristics = shim_device_characteristics,
  .xShmMap = shim_shm_map,
  .xShmLock = shim_shm_lock,
  .xShmBarrier = shim_shm_barrier,
  .xShmUnmap = shim_shm_unmap,
  .xFetch = shim_fetch,
  .xUnfetch = shim_unfetch,
};

static int
shim_open (sqlite3_vfs  *vfs,
           const char   *name,
           sqlite3_file *file,
           int           flags,
           int          *out_flags)
{
  ShimFile *shim = (ShimFile *) file;
  int rc;

  shim->base.pMethods = NULL;
  shim->real = (sqlite3_file *) ((char *) file + SHIM_FILE_SIZE);
  shim->real->pMethods = NULL;
  rc = real_vfs->xOpen (real_vfs, name, shim->real, flags, out_flags);

  /* SQLite closes a file whose methods are set even when opening failed. */
  if (shim->real->pMethods != NULL)
    {
      shim->methods = shim_methods;
      shim->methods.iVersion = MIN (shim_methods.iVersion, shim->real->pMethods->iVersion);
      shim->base.pMethods = &shim->methods;
    }

  return rc;
}

static void
register_shim_vfs (void)
{
  real_vfs = sqlite3_vfs_find (NULL);
  g_assert_nonnull (real_vfs);
  g_assert_cmpstr (real_vfs->zName, ==, "unix");

  shim_vfs = *real_vfs;
  shim_vfs.zName = "dg-test-faults";
  shim_vfs.szOsFile = SHIM_FILE_SIZE + real_vfs->szOsFile;
  shim_vfs.xOpen = shim_open;
  g_assert_cmpint (sqlite3_vfs_register (&shim_vfs, 1), ==, SQLITE_OK);
  g_assert_true (sqlite3_vfs_find (NULL) == &shim_vfs);
}

/* ---- /faults/sigkill-loop ------------------------------------------------------ */

#define SIGKILL_RUNS 25

typedef enum
{
  KILL_AFTER_DELAY,   /* 0–40 ms after the start */
  KILL_IN_WRITE,      /* 0–2 ms after the write-ahead log first grows */
  KILL_NEVER,         /* a control run that must save */
} KillMode;

typedef struct
{
  char *reference;
  char *child;
} Saved;

static void
saved_free (gpointer data)
{
  Saved *saved = data;

  g_free (saved->reference);
  g_free (saved->child);
  g_free (saved);
}

/* Runs `diogelu-cli referral add` and kills it as @mode says. Returns TRUE
 * when it exited by itself with status 0 and printed the new reference. */
static gboolean
add_and_kill (const char  *db_path,
              const char  *json,
              KillMode     mode,
              char       **reference,
              gboolean    *killed)
{
  const char *cli = g_getenv ("DIOGELU_CLI");
  const char *argv[] = { cli, "--db", db_path, "--now", TEST_NOW, "--json",
                         "referral", "add", "--file", "-", NULL };
  g_autofree char *wal = g_strconcat (db_path, "-wal", NULL);
  g_autofree char *json_path = g_strconcat (db_path, ".referral.json", NULL);
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  gint64 wal_before = file_size (wal);

  g_assert_nonnull (cli);

  /* The referral arrives on standard input, read from a file so that the
   * child never waits for this process while the clock runs. */
  g_assert_true (g_file_set_contents (json_path, json, -1, &error));
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_set_stdin_file_path (launcher, json_path);
  proc = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);

  switch (mode)
    {
    case KILL_AFTER_DELAY:
      g_usleep (g_test_rand_int_range (0, 40001));
      g_subprocess_send_signal (proc, SIGKILL);
      break;

    case KILL_IN_WRITE:
      {
        /* The log grows when a transaction commits: strike then. */
        gint64 deadline = g_get_monotonic_time () + 2 * G_USEC_PER_SEC;

        while (file_size (wal) <= wal_before && g_get_monotonic_time () < deadline)
          g_usleep (20);
        g_usleep (g_test_rand_int_range (0, 2001));
        g_subprocess_send_signal (proc, SIGKILL);
      }
      break;

    case KILL_NEVER:
    default:
      break;
    }

  /* Sending a signal to a child already gone is a no-op in GSubprocess. */
  g_subprocess_communicate_utf8 (proc, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);

  *killed = g_subprocess_get_if_signaled (proc);
  if (*killed)
    g_assert_cmpint (g_subprocess_get_term_sig (proc), ==, SIGKILL);

  if (!g_subprocess_get_if_exited (proc) || g_subprocess_get_exit_status (proc) != 0)
    {
      if (!*killed)
        g_test_message ("diogelu-cli failed (%d): %s", g_subprocess_get_status (proc), err);
      return FALSE;
    }

  {
    g_autoptr(JsonNode) node = dg_test_parse_json (out);
    JsonObject *object = json_node_get_object (node);

    *reference = g_strdup (json_object_get_string_member (object, "reference"));
    g_assert_nonnull (*reference);
  }
  return TRUE;
}

static void
test_sigkill_loop (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("dg-test-faults-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "diogelu.db", NULL);
  g_autoptr(GPtrArray) saved = g_ptr_array_new_with_free_func (saved_free);
  g_autoptr(DgDb) db = NULL;
  guint n_killed = 0, n_killed_saved = 0, n_failed = 0;
  gint64 start = g_get_monotonic_time ();

  g_assert_no_error (error);

  /* Created here, then closed: the writers below are the only ones. */
  db = dg_db_open (path, DG_DB_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_clear_object (&db);

  for (guint i = 0; i < SIGKILL_RUNS; i++)
    {
      g_autofree char *child = g_strdup_printf ("Plentyn %02u", i);
      g_autofree char *json = referral_json (child);
      g_autofree char *reference = NULL;
      KillMode mode = (i % 8 == 7) ? KILL_NEVER : (i % 2 == 0) ? KILL_AFTER_DELAY : KILL_IN_WRITE;
      gboolean killed = FALSE;

      if (add_and_kill (path, json, mode, &reference, &killed))
        {
          Saved *s = g_new0 (Saved, 1);

          s->reference = g_steal_pointer (&reference);
          s->child = g_strdup (child);
          g_ptr_array_add (saved, s);
        }
      else if (killed)
        n_killed++;
      else
        n_failed++;

      /* A control run is never killed, and must save. */
      if (mode == KILL_NEVER)
        {
          g_assert_false (killed);
          g_assert_cmpuint (saved->len, >, 0);
          g_assert_cmpstr (((Saved *) g_ptr_array_index (saved, saved->len - 1))->child, ==, child);
        }
    }

  /* A killed writer's left-overs never stop the next one. */
  g_assert_cmpuint (n_failed, ==, 0);

  db = dg_db_open (path, DG_DB_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  assert_sound (db);

  for (guint i = 0; i < saved->len; i++)
    {
      Saved *s = g_ptr_array_index (saved, i);

      g_test_message ("reported saved: %s (%s)", s->reference, s->child);
      g_assert_true (has_referral (db, s->reference, s->child));
    }
  assert_no_half_records (db);
  g_assert_cmpint (dg_test_db_int (db, "SELECT count(DISTINCT reference) FROM referral"), ==,
                   dg_test_db_int (db, "SELECT count(*) FROM referral"));

  {
    gint64 total = count_referrals (db);

    n_killed_saved = total - saved->len;
    g_assert_cmpint (total, >=, saved->len);
    g_assert_cmpint (total, <=, SIGKILL_RUNS);
  }
  g_test_message ("%u runs: %u reported saved, %u killed (%u of them had committed), %.1f s",
                  SIGKILL_RUNS, saved->len, n_killed, n_killed_saved,
                  (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC);
  g_assert_cmpuint (n_killed, >, 0);

  g_clear_object (&db);
  dg_test_remove_folder (dir);
}

/* ---- /faults/disk-full, /faults/io-error ------------------------------------- */

typedef struct
{
  int         sqlite_code;
  int         code;
  const char *advice;  /* a part of the advice the person must see */
} WriteFault;

static const WriteFault disk_full = { SQLITE_FULL, DG_ERROR_FULL, "Free some space" };
static const WriteFault io_error = { SQLITE_IOERR_WRITE, DG_ERROR_IO, "Check that the disk is present" };

/* Fails every write from the one after @budget on, for one dg_referral_add(). */
static gint64
add_with_failing_disk (DgDb        *db,
                       JsonObject  *input,
                       int          code,
                       int          budget,
                       GError     **error)
{
  gint64 id;

  g_atomic_int_set (&failed_writes, 0);
  g_atomic_int_set (&write_budget, budget);
  g_atomic_int_set (&fail_writes, code);
  id = dg_referral_add (db, input, NULL, error);
  g_atomic_int_set (&fail_writes, 0);

  return id;
}

static void
test_write_fault (DgTestDb      *t,
                  gconstpointer  data)
{
  const WriteFault *fault = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) first = referral_input ("Alys Evans");
  g_autoptr(JsonObject) second = referral_input ("Bryn Evans");
  g_autoptr(DgDb) other = NULL;
  int needed;
  gint64 id;

  g_assert_true (sqlite3_vfs_find (NULL) == &shim_vfs);

  g_atomic_int_set (&writes, 0);
  id = dg_referral_add (t->db, first, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  g_assert_cmpint (count_referrals (t->db), ==, 1);
  needed = g_atomic_int_get (&writes);
  g_assert_cmpint (needed, >, 0);
  g_test_message ("a save takes %d writes", needed);

  other = dg_db_open (dg_db_get_path (t->db), DG_DB_OPEN_DEFAULT, &error);
  g_assert_no_error (error);

  /* The disk gives out at every point of the save in turn: before its first
   * write, after one, after two... up to the last one a save needs. */
  for (int budget = 0; budget < needed; budget++)
    {
      id = add_with_failing_disk (t->db, second, fault->sqlite_code, budget, &error);
      if (id > 0 && g_atomic_int_get (&failed_writes) == 0)
        {
          /* This save needed fewer writes than the first: it fitted. */
          g_test_message ("saved within %d writes", budget);
          g_assert_no_error (error);
          break;
        }

      /* The disk really did refuse, and the person is told what to do. */
      g_assert_cmpint (g_atomic_int_get (&failed_writes), >, 0);
      g_assert_cmpint (id, ==, 0);
      g_assert_error (error, DG_ERROR, fault->code);
      if (budget == 0)
        g_test_message ("%s", error->message);
      g_assert_nonnull (strstr (error->message, fault->advice));
      g_clear_error (&error);

      /* Nothing half-saved, here or for another program reading the file. */
      g_assert_cmpint (count_referrals (t->db), ==, 1);
      assert_no_half_records (t->db);
      g_assert_cmpint (count_referrals (other), ==, 1);
      g_assert_cmpint (dg_test_db_int (other, "SELECT count(*) FROM child WHERE name = 'Bryn Evans'"), ==, 0);
      assert_no_half_records (other);
    }
  assert_sound (t->db);
  assert_sound (other);

  /* Room again: the same referral saves, once, and takes the next reference. */
  if (count_referrals (t->db) == 1)
    {
      id = dg_referral_add (t->db, second, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpint (id, >, 0);
    }
  g_assert_cmpint (count_referrals (t->db), ==, 2);
  g_assert_cmpint (count_referrals (other), ==, 2);
  g_assert_cmpint (dg_test_db_int (other, "SELECT count(*) FROM referral WHERE reference = 'DTR-2026-000002'"), ==, 1);
  g_assert_cmpint (dg_test_db_int (other, "SELECT count(*) FROM child WHERE name = 'Bryn Evans'"), ==, 1);
  assert_sound (t->db);
  assert_sound (other);
  assert_no_half_records (other);
}

/* ---- /faults/restore-atomic ------------------------------------------------------ */

static gint64
restore_rows (DgDb *db)
{
  return dg_test_db_int (db, "SELECT count(*) FROM audit WHERE entity = 'database' AND action = 'restore'");
}

/* The disk gives out at every write of a restore in turn: the records and
 * the audit row that says they were restored arrive together or not at all
 * (a restore without its row is a change no one can account for). */
static void
test_restore_atomic (DgTestDb      *t,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_path_get_dirname (dg_db_get_path (t->db));
  g_autofree char *backup = g_build_filename (dir, "two.bak", NULL);
  g_autofree char *safety_dir = g_build_filename (dir, "safety", NULL);
  g_autoptr(JsonObject) a = referral_input ("Alys Evans");
  g_autoptr(JsonObject) b = referral_input ("Bryn Evans");
  g_autoptr(JsonObject) c = referral_input ("Cai Evans");
  guint budget;
  gboolean restored = FALSE;

  g_assert_cmpint (dg_referral_add (t->db, a, NULL, &error), >, 0);
  g_assert_cmpint (dg_referral_add (t->db, b, NULL, &error), >, 0);
  g_assert_true (dg_db_backup (t->db, backup, &error));
  g_assert_cmpint (dg_referral_add (t->db, c, NULL, &error), >, 0);
  g_assert_no_error (error);
  g_assert_cmpint (count_referrals (t->db), ==, 3);
  g_assert_cmpint (restore_rows (t->db), ==, 0);

  for (budget = 0; budget < 100000 && !restored; budget++)
    {
      g_autofree char *kept = NULL;

      g_atomic_int_set (&failed_writes, 0);
      g_atomic_int_set (&write_budget, budget);
      g_atomic_int_set (&fail_writes, SQLITE_FULL);
      kept = dg_db_restore (t->db, backup, safety_dir, &error);
      g_atomic_int_set (&fail_writes, 0);

      if (kept != NULL)
        {
          /* A write refused after the copy (closing the working copy) is
           * no part of the restore. */
          g_assert_no_error (error);
          restored = TRUE;
          g_test_message ("a restore took %u writes", budget);
        }
      else
        {
          g_assert_nonnull (error);
          g_clear_error (&error);
        }

      /* Old records and no row, or the backup's records and the row. */
      if (count_referrals (t->db) == 3)
        g_assert_cmpint (restore_rows (t->db), ==, 0);
      else
        {
          g_assert_cmpint (count_referrals (t->db), ==, 2);
          g_assert_cmpint (restore_rows (t->db), ==, 1);
        }
      g_assert_true (restored || count_referrals (t->db) == 3);
      assert_sound (t->db);
    }
  g_assert_true (restored);
  g_assert_cmpint (count_referrals (t->db), ==, 2);
  g_assert_cmpint (restore_rows (t->db), ==, 1);
  assert_no_half_records (t->db);

  dg_test_remove_folder (safety_dir);
  g_unlink (backup);
}

/* ---- /faults/locked -------------------------------------------------------------- */

/* The helper: another program in the middle of a write. Holds the write lock
 * until its standard input closes or HOLD_MS pass, then rolls back. */
static int
hold_write_lock (const char *path)
{
  sqlite3 *handle = NULL;
  struct pollfd fd = { .fd = STDIN_FILENO, .events = POLLIN };

  if (sqlite3_open_v2 (path, &handle, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
    return 1;
  sqlite3_busy_timeout (handle, 5000);
  if (sqlite3_exec (handle, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
    {
      g_printerr ("BEGIN IMMEDIATE: %s\n", sqlite3_errmsg (handle));
      return 1;
    }
  g_print ("locked\n");
  fflush (stdout);

  poll (&fd, 1, HOLD_MS);

  sqlite3_exec (handle, "ROLLBACK", NULL, NULL, NULL);
  sqlite3_close (handle);
  return 0;
}

static void
test_locked (DgTestDb      *t,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *self = g_file_read_link ("/proc/self/exe", &error);
  g_autoptr(GSubprocess) holder = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(JsonObject) input = referral_input ("Catrin Hughes");
  g_autofree char *line = NULL;
  g_autofree char *names_holder = NULL;
  gint64 start, elapsed_ms, id;

  g_assert_no_error (error);
  g_assert_cmpstr (g_getenv ("DIOGELU_BUSY_TIMEOUT_MS"), ==, G_STRINGIFY (BUSY_TIMEOUT_MS));

  holder = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                             self, "--hold-write-lock", dg_db_get_path (t->db), NULL);
  g_assert_no_error (error);
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (holder));
  line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (line, ==, "locked");

  start = g_get_monotonic_time ();
  id = dg_referral_add (t->db, input, NULL, &error);
  elapsed_ms = (g_get_monotonic_time () - start) / 1000;
  g_test_message ("refused after %" G_GINT64_FORMAT " ms: %s", elapsed_ms, error ? error->message : "(saved)");

  /* It waited for the other program as long as it should, then gave up
   * before the other program let go (it holds the lock for HOLD_MS). */
  g_assert_cmpint (id, ==, 0);
  g_assert_error (error, DG_ERROR, DG_ERROR_LOCKED);
  g_assert_cmpint (elapsed_ms, >=, BUSY_TIMEOUT_MS - 10);
  g_assert_cmpint (elapsed_ms, <, HOLD_MS);

  /* The message names the program in the way and says what to do. */
  names_holder = g_strdup_printf ("Process %s (%s)", g_subprocess_get_identifier (holder), program_comm);
  g_assert_nonnull (strstr (error->message, names_holder));
  g_assert_nonnull (strstr (error->message, "Wait"));
  g_assert_nonnull (strstr (error->message, "close that program"));
  g_clear_error (&error);
  g_assert_cmpint (count_referrals (t->db), ==, 0);

  /* The other program finishes: the same referral saves. */
  g_assert_true (g_output_stream_close (g_subprocess_get_stdin_pipe (holder), NULL, &error));
  g_assert_true (g_subprocess_wait_check (holder, NULL, &error));
  g_assert_no_error (error);
  id = dg_referral_add (t->db, input, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  g_assert_cmpint (count_referrals (t->db), ==, 1);
  assert_sound (t->db);
}

/* ---- /faults/read-only ---------------------------------------------------------- */

static void
test_read_only (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("dg-test-faults-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "diogelu.db", NULL);
  g_autoptr(JsonObject) first = referral_input ("Dafydd Owen");
  g_autoptr(JsonObject) second = referral_input ("Elin Owen");
  g_autoptr(DgDb) db = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gsize before_len = 0, after_len = 0;

  g_assert_no_error (error);
  db = dg_db_open (path, DG_DB_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_cmpint (dg_referral_add (db, first, NULL, &error), >, 0);
  g_assert_no_error (error);
  g_clear_object (&db);

  g_assert_cmpint (g_chmod (path, 0400), ==, 0);
  if (g_access (path, W_OK) == 0)
    {
      g_test_skip ("a 0400 file is still writable (running as root)");
      dg_test_remove_folder (dir);
      return;
    }
  g_assert_true (g_file_get_contents (path, &before, &before_len, &error));

  db = dg_db_open (path, DG_DB_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_true (dg_db_is_read_only (db));
  g_assert_cmpint (count_referrals (db), ==, 1);

  g_assert_cmpint (dg_referral_add (db, second, NULL, &error), ==, 0);
  g_assert_error (error, DG_ERROR, DG_ERROR_READ_ONLY);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "permissions"));
  g_clear_error (&error);

  /* Not even a statement past the front door writes: the connection itself is read only. */
  g_assert_false (dg_db_exec (db, "INSERT INTO closure_day (day, reason, created_by, created_at) "
                                 "VALUES ('2026-12-28', 'Test', 'Tester', '2026-11-23T10:00:00')", &error));
  g_assert_error (error, DG_ERROR, DG_ERROR_READ_ONLY);
  g_clear_error (&error);

  g_assert_cmpint (count_referrals (db), ==, 1);
  g_clear_object (&db);

  g_assert_true (g_file_get_contents (path, &after, &after_len, &error));
  g_assert_cmpuint (after_len, ==, before_len);
  g_assert_true (memcmp (before, after, before_len) == 0);
  assert_mode (path, 0400);

  dg_test_remove_folder (dir);
}

/* ---- /faults/backup-private ----------------------------------------------------- */

static void
test_backup_private (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("dg-test-faults-XXXXXX", &error);
  g_autofree char *data = g_build_filename (dir, "data", NULL);
  g_autofree char *path = g_build_filename (data, "diogelu.db", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  g_autofree char *backup = g_build_filename (dir, "copy.db", NULL);
  g_autofree char *backups = g_build_filename (dir, "backups", NULL);
  g_autofree char *daily = NULL;
  g_autoptr(JsonObject) input = referral_input ("Ffion Price");
  g_autoptr(DgDb) db = NULL;
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();
  g_autoptr(GDateTime) now = g_date_time_new (tz, 2026, 11, 23, 10, 0, 0);
  mode_t old_umask;

  g_assert_no_error (error);

  /* The most permissive umask: only what the code asks for protects the files. */
  old_umask = umask (0);

  db = dg_db_open (path, DG_DB_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  dg_db_set_now (db, now);
  g_assert_cmpint (dg_referral_add (db, input, NULL, &error), >, 0);
  g_assert_no_error (error);

  g_assert_true (g_file_test (wal, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (shm, G_FILE_TEST_EXISTS));
  assert_mode (data, 0700);
  assert_mode (path, 0600);
  assert_mode (wal, 0600);
  assert_mode (shm, 0600);

  /* A copy replacing a readable file of the same name is private too. */
  g_assert_true (g_file_set_contents (backup, "old", -1, &error));
  g_assert_cmpint (g_chmod (backup, 0644), ==, 0);
  g_assert_true (dg_db_backup (db, backup, &error));
  g_assert_no_error (error);
  assert_mode (backup, 0600);

  /* So is one finished over a readable leftover of an interrupted copy. */
  {
    g_autofree char *partial = g_strconcat (backup, ".partial", NULL);

    g_assert_true (g_file_set_contents (partial, "half a copy", -1, &error));
    g_assert_cmpint (g_chmod (partial, 0644), ==, 0);
    g_assert_true (dg_db_backup (db, backup, &error));
    g_assert_no_error (error);
    assert_mode (backup, 0600);
    g_assert_false (g_file_test (partial, G_FILE_TEST_EXISTS));
  }

  daily = dg_db_backup_daily (db, backups, 3, &error);
  g_assert_no_error (error);
  g_assert_nonnull (daily);
  assert_mode (backups, 0700);
  assert_mode (daily, 0600);

  g_clear_object (&db);
  umask (old_umask);

  dg_test_remove_folder (backups);
  dg_test_remove_folder (data);
  dg_test_remove_folder (dir);
}

/* ---- main ------------------------------------------------------------------------- */

static void
fixture_setup (DgTestDb      *t,
               gconstpointer  data)
{
  dg_test_db_setup (t, "dg-test-faults");
}

static void
fixture_teardown (DgTestDb      *t,
                  gconstpointer  data)
{
  dg_test_db_teardown (t);
}

static void
skip_on_pg (void)
{
  dg_test_skip_on_pg ("faults are injected into SQLite's file layer");
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *base = NULL;

  if (argc == 3 && g_str_equal (argv[1], "--hold-write-lock"))
    return hold_write_lock (argv[2]);

  /* Before any thread: a second, not five, for every connection these tests open. */
  g_setenv ("DIOGELU_BUSY_TIMEOUT_MS", G_STRINGIFY (BUSY_TIMEOUT_MS), TRUE);

  /* What the kernel calls the helper: the program's name, cut to 15 bytes. */
  base = g_path_get_basename (argv[0]);
  program_comm = g_strndup (base, 15);

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  /* The faults are injected into SQLite's file layer (a shim VFS); a
   * PostgreSQL server's disk and locks are the server's own. */
  if (dg_test_db_is_pg ())
    {
      g_test_add_func ("/faults/sqlite-only", skip_on_pg);
      return g_test_run ();
    }

  /* Before any database opens: every connection goes through the shim. */
  register_shim_vfs ();

  g_test_add_func ("/faults/sigkill-loop", test_sigkill_loop);
  g_test_add ("/faults/disk-full", DgTestDb, &disk_full, fixture_setup, test_write_fault, fixture_teardown);
  g_test_add ("/faults/io-error", DgTestDb, &io_error, fixture_setup, test_write_fault, fixture_teardown);
  g_test_add ("/faults/restore-atomic", DgTestDb, NULL, fixture_setup, test_restore_atomic, fixture_teardown);
  g_test_add ("/faults/locked", DgTestDb, NULL, fixture_setup, test_locked, fixture_teardown);
  g_test_add_func ("/faults/read-only", test_read_only);
  g_test_add_func ("/faults/backup-private", test_backup_private);

  return g_test_run ();
}
