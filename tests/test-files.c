/* Files and output, whole or not at all (issue 20): every file the CLI
 * writes, and its standard output, on a full disk, under a file size limit,
 * through a planted link or a stale leftover; restores that never lose the
 * copy of what was there; a database path that is not a file; a check after
 * a crash left a hot journal; and no core dump of personal data. */

#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "dg-test-cli.h"
#include "dg-test-db.h"

#define NOW "2027-03-01T10:00"

typedef struct
{
  char *dir;
  char *db;
} Fixture;

/* How the CLI is run: extra environment, where its standard output goes,
 * and a file size limit (ulimit -f) in bytes, or 0. */
typedef struct
{
  const char * const *env;      /* NAME, VALUE, NAME, VALUE…, NULL */
  const char         *stdout_path;
  rlim_t              fsize;
  gboolean            preload;  /* the fault shim, DG_FAULT_* from @env */
} Run;

static void
limit_file_size (gpointer data)
{
  struct rlimit limit = { *(rlim_t *) data, *(rlim_t *) data };

  setrlimit (RLIMIT_FSIZE, &limit);
}

/* Runs the CLI with @args; it must exit by itself (a signal is a failure). */
static int
run (const Run           *how,
     const char * const  *args,
     const char          *stdin_text,
     char               **out,
     char               **err)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  GSubprocessFlags flags = G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE;
  static rlim_t fsize;

  g_ptr_array_add (argv, (gpointer) g_getenv ("DIOGELU_CLI"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  if (how == NULL || how->stdout_path == NULL)
    flags |= G_SUBPROCESS_FLAGS_STDOUT_PIPE;
  launcher = g_subprocess_launcher_new (flags);
  if (how != NULL)
    {
      if (how->stdout_path != NULL)
        g_subprocess_launcher_set_stdout_file_path (launcher, how->stdout_path);
      for (guint i = 0; how->env != NULL && how->env[i] != NULL; i += 2)
        g_subprocess_launcher_setenv (launcher, how->env[i], how->env[i + 1], TRUE);
      if (how->preload)
        {
          g_subprocess_launcher_setenv (launcher, "LD_PRELOAD", g_getenv ("DG_FAULT_PRELOAD"), TRUE);
          /* Under AddressSanitizer the shim comes before its runtime. */
          g_subprocess_launcher_setenv (launcher, "ASAN_OPTIONS", "verify_asan_link_order=0:detect_leaks=0", TRUE);
        }
      if (how->fsize > 0)
        {
          fsize = how->fsize;
          g_subprocess_launcher_set_child_setup (launcher, limit_file_size, &fsize, NULL);
        }
    }

  proc = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, stdin_text, NULL,
                                 (flags & G_SUBPROCESS_FLAGS_STDOUT_PIPE) ? out : NULL, err, &error);
  g_assert_no_error (error);
  if (g_subprocess_get_if_signaled (proc))
    g_error ("diogelu-cli was killed by signal %d", g_subprocess_get_term_sig (proc));
  g_assert_true (g_subprocess_get_if_exited (proc));

  return g_subprocess_get_exit_status (proc);
}

static gint64
db_int (const char *path,
        const char *sql)
{
  sqlite3 *handle = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_open_v2 (path, &handle, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (handle, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (handle);

  return value;
}

static char *
db_text (const char *path,
         const char *sql)
{
  sqlite3 *handle = NULL;
  sqlite3_stmt *stmt = NULL;
  char *value;

  g_assert_cmpint (sqlite3_open_v2 (path, &handle, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (handle, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (handle);

  return value;
}

/* Files in @dir whose names end in @suffix. */
static guint
count_files (const char *dir,
             const char *suffix)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  g_assert_nonnull (listing);
  while ((name = g_dir_read_name (listing)) != NULL)
    if (g_str_has_suffix (name, suffix))
      n++;
  return n;
}

static guint
file_mode (const char *path)
{
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  return st.st_mode & 0777;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL, *err = NULL;

  f->dir = g_dir_make_tmp ("dg-test-files-XXXXXX", &error);
  g_assert_no_error (error);
  f->db = g_build_filename (f->dir, "diogelu.db", NULL);
  {
    const char *args[] = { "--db", f->db, "--now", NOW, "demo", "--referrals", "3", "--seed", "7", NULL };
    g_assert_cmpint (run (NULL, args, NULL, &out, &err), ==, 0);
  }
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  dg_test_remove_folder (f->dir);
  g_free (f->db);
  g_free (f->dir);
}

/* ---- /files/restore-twice ---------------------------------------------------- */

static char *
restore (Fixture    *f,
         const char *backup)
{
  const char *args[] = { "--db", f->db, "--now", NOW, "--json", "restore", "--yes", backup, NULL };
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(JsonNode) node = NULL;

  if (run (NULL, args, NULL, &out, &err) != 0)
    g_error ("restore failed: %s", err);
  node = dg_test_parse_json (out);
  return g_strdup (json_object_get_string_member (json_node_get_object (node), "kept"));
}

/* Two restores in one second (always, with --now): the second keeps its own
 * copy, and the first one's copy of the original records survives. */
static void
test_restore_twice (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *a = g_build_filename (f->dir, "a.bak", NULL);
  g_autofree char *b = g_build_filename (f->dir, "b.bak", NULL);
  g_autofree char *first = NULL, *second = NULL;
  g_autofree char *out = NULL, *err = NULL;
  const char *backup_a[] = { "--db", f->db, "backup", a, NULL };
  const char *more[] = { "--db", f->db, "--now", NOW, "demo", "--referrals", "2", "--seed", "8", NULL };
  const char *backup_b[] = { "--db", f->db, "backup", b, NULL };

  g_assert_cmpint (run (NULL, backup_a, NULL, &out, &err), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (NULL, more, NULL, &out, &err), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (NULL, backup_b, NULL, &out, &err), ==, 0);
  g_assert_cmpint (db_int (f->db, "SELECT count(*) FROM referral"), ==, 5);

  /* a.bak holds 3, b.bak 5; the database now holds 5 again. */
  first = restore (f, a);
  second = restore (f, b);
  g_assert_cmpstr (first, !=, second);
  g_assert_true (g_file_test (first, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_test (second, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpint (db_int (first, "SELECT count(*) FROM referral"), ==, 5);
  g_assert_cmpint (db_int (second, "SELECT count(*) FROM referral"), ==, 3);
  g_assert_cmpuint (file_mode (first), ==, 0600);
  g_assert_cmpint (db_int (f->db, "SELECT count(*) FROM referral"), ==, 5);

  /* The records are b.bak's, with the row of the restore that brought
   * them, naming the copy it kept. */
  g_assert_cmpint (db_int (f->db, "SELECT count(*) FROM audit WHERE action = 'restore'"), ==, 1);
  {
    g_autofree char *kept = g_path_get_basename (second);
    g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM audit WHERE action = 'restore' "
                                            "AND json_extract (detail, '$.kept') = '%s'", kept);
    g_assert_cmpint (db_int (f->db, sql), ==, 1);
  }
}

/* ---- /files/letter-full-disk ------------------------------------------------- */

/* A letter on a disk that fills up after 4 KiB: refused with a clear
 * message, no file under its name and no leftover, and not recorded as sent. */
static void
test_letter_full_disk (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *full = g_build_filename (f->dir, "full", NULL);
  g_autofree char *pdf = g_build_filename (full, "ack.pdf", NULL);
  g_autofree char *text = g_build_filename (full, "ack.txt", NULL);
  /* The disk fills up part of the way into each letter. */
  const char *formats[][3] = { { "pdf", NULL, "4096" }, { "text", NULL, "100" }, { "eml", NULL, "100" } };
  gint64 audit_rows = db_int (f->db, "SELECT count(*) FROM audit");

  g_assert_cmpint (g_mkdir (full, 0700), ==, 0);
  formats[0][1] = pdf;
  formats[1][1] = text;
  formats[2][1] = text;

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      const char *args[] = { "--db", f->db, "--now", NOW, "notify", "1", "--kind", "acknowledgement",
                             "--format", formats[i][0], "--output", formats[i][1],
                             "--mark-sent", "--method", "post", NULL };
      const char *env[] = { "DG_FAULT_FULL_DIR", full, "DG_FAULT_FULL_BYTES", formats[i][2], NULL };
      Run how = { .env = env, .preload = TRUE };
      g_autofree char *out = NULL, *err = NULL;
      int status = run (&how, args, NULL, &out, &err);

      g_test_message ("%s: %d %s", formats[i][0], status, err);
      g_assert_cmpint (status, ==, 1);
      g_assert_nonnull (strstr (err, "disk is full"));
      g_assert_nonnull (strstr (err, "Nothing was saved"));
      g_assert_false (g_file_test (formats[i][1], G_FILE_TEST_EXISTS));
      g_assert_cmpuint (count_files (full, ""), ==, 0);
      g_assert_cmpint (db_int (f->db, "SELECT count(*) FROM notification"), ==, 0);
      g_assert_cmpint (db_int (f->db, "SELECT count(*) FROM audit"), ==, audit_rows);
    }

  /* With room, the same letter is written whole and recorded once. */
  {
    const char *args[] = { "--db", f->db, "--now", NOW, "notify", "1", "--kind", "acknowledgement",
                           "--format", "pdf", "--output", pdf, "--mark-sent", "--method", "post", NULL };
    g_autofree char *out = NULL, *err = NULL;
    g_autofree char *contents = NULL;
    gsize length = 0;

    g_assert_cmpint (run (NULL, args, NULL, &out, &err), ==, 0);
    g_assert_true (g_file_get_contents (pdf, &contents, &length, NULL));
    g_assert_true (g_str_has_prefix (contents, "%PDF-"));
    g_assert_nonnull (g_strstr_len (contents + length - MIN (length, 32), MIN (length, 32), "%%EOF"));
    g_assert_cmpint (db_int (f->db, "SELECT count(*) FROM notification"), ==, 1);
  }
}

/* ---- /files/database-full-disk ------------------------------------------------ */

/* A disk full before the database's shared memory can grow: SQLite calls
 * that "disk I/O error", which used to come with advice to check that the
 * disk is present. The person hears that the disk is full and nothing was
 * saved. */
static void
test_database_full_disk (Fixture       *f,
                         gconstpointer  data)
{
  const char *env[] = { "DG_FAULT_FULL_DIR", f->dir, NULL };
  Run how = { .env = env, .preload = TRUE };
  const char *args[] = { "--db", f->db, "--now", NOW, "referral", "add", "--file", "-", NULL };
  const char *json = "{\"children\": [{\"name\": \"Alys Example\"}]}";
  g_autofree char *out = NULL, *err = NULL;
  gint64 before = db_int (f->db, "SELECT count(*) FROM referral");

  g_assert_cmpint (run (&how, args, json, &out, &err), ==, 1);
  g_test_message ("%s", err);
  g_assert_nonnull (strstr (err, "disk is full"));
  g_assert_nonnull (strstr (err, "nothing was saved"));
  g_assert_null (strstr (err, "disk I/O error"));
  g_assert_null (strstr (err, "present"));
  g_assert_cmpint (db_int (f->db, "SELECT count(*) FROM referral"), ==, before);
}

/* ---- /files/letter-planted ---------------------------------------------------- */

/* A link planted where the old code put its temporary never receives the
 * letter, and a stale readable leftover never gives a readable letter. */
static void
test_letter_planted (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *pdf = g_build_filename (f->dir, "ack.pdf", NULL);
  g_autofree char *partial = g_strconcat (pdf, ".partial", NULL);
  g_autofree char *victim = g_build_filename (f->dir, "elsewhere.txt", NULL);
  g_autofree char *contents = NULL;
  const char *args[] = { "--db", f->db, "--now", NOW, "notify", "1", "--kind", "acknowledgement",
                         "--format", "pdf", "--output", pdf, NULL };
  mode_t old_umask = umask (022);

  g_assert_true (g_file_set_contents (victim, "untouched", -1, NULL));
  g_assert_cmpint (symlink (victim, partial), ==, 0);
  {
    g_autofree char *out = NULL, *err = NULL;
    g_assert_cmpint (run (NULL, args, NULL, &out, &err), ==, 0);
  }
  g_assert_true (g_file_get_contents (victim, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "untouched");
  g_assert_cmpuint (file_mode (pdf), ==, 0600);

  /* A stale, readable leftover of the same name. */
  g_assert_cmpint (g_unlink (partial), ==, 0);
  g_assert_cmpint (g_unlink (pdf), ==, 0);
  g_assert_true (g_file_set_contents (partial, "stale", -1, NULL));
  g_assert_cmpint (g_chmod (partial, 0644), ==, 0);
  {
    g_autofree char *out = NULL, *err = NULL;
    g_assert_cmpint (run (NULL, args, NULL, &out, &err), ==, 0);
  }
  g_assert_cmpuint (file_mode (pdf), ==, 0600);

  /* A letter never replaces a device or a pipe of that name. */
  {
    g_autofree char *fifo = g_build_filename (f->dir, "pipe.pdf", NULL);
    const char *to_fifo[] = { "--db", f->db, "--now", NOW, "notify", "1", "--kind", "acknowledgement",
                              "--format", "pdf", "--output", fifo, NULL };
    g_autofree char *out = NULL, *err = NULL;
    GStatBuf st;

    g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
    g_assert_cmpint (run (NULL, to_fifo, NULL, &out, &err), ==, 2);
    g_assert_nonnull (strstr (err, "not a regular file"));
    g_assert_cmpint (g_stat (fifo, &st), ==, 0);
    g_assert_true (S_ISFIFO (st.st_mode));
  }

  umask (old_umask);
}

/* ---- /files/stdout-full ------------------------------------------------------- */

static void
test_stdout_full (Fixture       *f,
                  gconstpointer  data)
{
  Run how = { .stdout_path = "/dev/full" };
  const char *json = "{\"received_at\": \"2027-03-01T09:30\", \"channel\": \"phone\","
                     " \"children\": [{\"name\": \"Alys Example\"}]}";
  const char *reads[][8] = {
    { "--json", "referral", "show", "1", NULL },
    { "referral", "show", "1", NULL },
    { "--json", "referral", "list", NULL },
    { "referral", "list", NULL },
    { "notify", "1", "--kind", "acknowledgement", NULL },
    { "--json", "check", NULL },
  };
  gint64 before = db_int (f->db, "SELECT count(*) FROM referral");

  for (guint i = 0; i < G_N_ELEMENTS (reads); i++)
    {
      g_autoptr(GPtrArray) args = g_ptr_array_new ();
      g_autofree char *err = NULL;

      g_ptr_array_add (args, (gpointer) "--db");
      g_ptr_array_add (args, f->db);
      g_ptr_array_add (args, (gpointer) "--now");
      g_ptr_array_add (args, (gpointer) NOW);
      for (guint j = 0; reads[i][j] != NULL; j++)
        g_ptr_array_add (args, (gpointer) reads[i][j]);
      g_ptr_array_add (args, NULL);
      g_assert_cmpint (run (&how, (const char * const *) args->pdata, NULL, NULL, &err), ==, 1);
      g_assert_nonnull (strstr (err, "Cannot write to standard output"));
    }

  /* A letter that never reached standard output is not recorded as sent. */
  {
    const char *args[] = { "--db", f->db, "--now", NOW, "notify", "1", "--kind", "acknowledgement",
                           "--mark-sent", "--method", "post", NULL };
    g_autofree char *err = NULL;

    g_assert_cmpint (run (&how, args, NULL, NULL, &err), ==, 1);
    g_assert_nonnull (strstr (err, "Nothing was recorded as sent"));
    g_assert_cmpint (db_int (f->db, "SELECT count(*) FROM notification"), ==, 0);
  }

  /* The referral is saved, and the message gives its reference: a script
   * that retries would otherwise log it twice. */
  {
    const char *args[] = { "--db", f->db, "--now", NOW, "--json", "referral", "add", "--file", "-", NULL };
    g_autofree char *err = NULL;
    g_autofree char *reference = NULL;

    g_assert_cmpint (run (&how, args, json, NULL, &err), ==, 1);
    g_assert_cmpint (db_int (f->db, "SELECT count(*) FROM referral"), ==, before + 1);
    reference = db_text (f->db, "SELECT 'The referral ' || reference || ' was saved' FROM referral "
                                "WHERE id = (SELECT max(id) FROM referral)");
    g_test_message ("%s", err);
    g_assert_nonnull (strstr (err, reference));
    g_assert_nonnull (strstr (err, "Cannot write to standard output"));
  }
}

/* ---- /files/file-size-limit --------------------------------------------------- */

/* Under `ulimit -f`, a write past the limit fails with a message instead of
 * SIGXFSZ killing the CLI, and no temporary with personal data stays. */
static void
test_file_size_limit (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *out_dir = g_build_filename (f->dir, "out", NULL);
  g_autofree char *csv = g_build_filename (out_dir, "referrals.csv", NULL);
  g_autofree char *copy = g_build_filename (out_dir, "copy.db", NULL);
  const char *more[] = { "--db", f->db, "--now", NOW, "demo", "--referrals", "200", "--seed", "9", NULL };
  const char *commands[][16] = {
    { "export", "csv", "--what", "referrals", "--output", csv, NULL },
    { "backup", copy, NULL },
  };
  /* Room for the database's shared memory (32 KiB), not for the export of
   * 200 referrals (36 KiB) or a copy of the database (800 KiB). */
  Run how = { .fsize = 34 * 1024 };

  g_assert_cmpint (g_mkdir (out_dir, 0700), ==, 0);
  {
    g_autofree char *out = NULL, *err = NULL;
    g_assert_cmpint (run (NULL, more, NULL, &out, &err), ==, 0);
  }
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autoptr(GPtrArray) args = g_ptr_array_new ();
      g_autofree char *out = NULL, *err = NULL;

      g_ptr_array_add (args, (gpointer) "--db");
      g_ptr_array_add (args, f->db);
      g_ptr_array_add (args, (gpointer) "--now");
      g_ptr_array_add (args, (gpointer) NOW);
      for (guint j = 0; commands[i][j] != NULL; j++)
        g_ptr_array_add (args, (gpointer) commands[i][j]);
      g_ptr_array_add (args, NULL);

      g_assert_cmpint (run (&how, (const char * const *) args->pdata, NULL, &out, &err), ==, 1);
      g_test_message ("%s: %s", commands[i][0], err);
      g_assert_nonnull (strstr (err, "ulimit -f"));
      g_assert_nonnull (strstr (err, "Nothing was saved"));
      g_assert_cmpuint (count_files (out_dir, ""), ==, 0);
    }
}

/* ---- /files/no-core-dumps ------------------------------------------------------ */

/* The core file size limit of process @pid: soft and hard. */
static void
core_limit (GPid      pid,
            guint64  *soft,
            guint64  *hard)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/limits", (int) pid);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], "Max core file size"))
      {
        g_auto(GStrv) words = g_strsplit_set (lines[i] + strlen ("Max core file size"), " \t", -1);
        guint found = 0;

        for (guint w = 0; words[w] != NULL && found < 2; w++)
          {
            guint64 *slot = found == 0 ? soft : hard;

            if (*words[w] == '\0')
              continue;
            *slot = g_str_equal (words[w], "unlimited") ? G_MAXUINT64 : g_ascii_strtoull (words[w], NULL, 10);
            found++;
          }
        g_assert_cmpuint (found, ==, 2);
        return;
      }
  g_assert_not_reached ();
}

/* Whether @pid sleeps (here: waiting for its standard input). */
static gboolean
is_sleeping (GPid pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/stat", (int) pid);
  g_autofree char *text = NULL;
  const char *end;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return FALSE;
  end = strrchr (text, ')');
  return end != NULL && end[1] == ' ' && end[2] == 'S';
}

static void
allow_core_dumps (gpointer data)
{
  struct rlimit limit;

  getrlimit (RLIMIT_CORE, &limit);
  limit.rlim_cur = limit.rlim_max;
  setrlimit (RLIMIT_CORE, &limit);
}

/* The CLI waiting on standard input for a referral: its limits as it holds
 * the data a core would contain. */
static void
limits_while_reading (Fixture  *f,
                      gboolean  developer,
                      guint64  *soft,
                      guint64  *hard)
{
  const char *argv[] = { g_getenv ("DIOGELU_CLI"), "--db", f->db, "referral", "add", "--file", "-", NULL };
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                                                       G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  GPid pid;

  if (developer)
    {
      /* AddressSanitizer turns core dumps off itself (its disable_coredump,
       * on by default) unless told not to: the developer's wish holds there
       * too. Ignored by a build without it. */
      g_autofree char *asan = g_strdup_printf ("%s%sdisable_coredump=0", g_getenv ("ASAN_OPTIONS") ? g_getenv ("ASAN_OPTIONS") : "",
                                               g_getenv ("ASAN_OPTIONS") ? ":" : "");

      g_subprocess_launcher_setenv (launcher, "DIOGELU_CORE_DUMPS", "1", TRUE);
      g_subprocess_launcher_setenv (launcher, "ASAN_OPTIONS", asan, TRUE);
    }
  else
    g_subprocess_launcher_unsetenv (launcher, "DIOGELU_CORE_DUMPS");
  g_subprocess_launcher_set_child_setup (launcher, allow_core_dumps, NULL, NULL);
  proc = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  pid = (GPid) g_ascii_strtoll (g_subprocess_get_identifier (proc), NULL, 10);

  /* Asleep on its standard input: past its start-up. */
  while (!is_sleeping (pid) && g_get_monotonic_time () < deadline)
    g_usleep (1000);
  g_assert_true (is_sleeping (pid));
  core_limit (pid, soft, hard);

  g_subprocess_force_exit (proc);
  g_subprocess_wait (proc, NULL, &error);
  g_assert_no_error (error);
}

static void
test_no_core_dumps (Fixture       *f,
                    gconstpointer  data)
{
  struct rlimit ours;
  guint64 soft = 1, hard = 1;

  g_assert_cmpint (getrlimit (RLIMIT_CORE, &ours), ==, 0);
  if (ours.rlim_max == 0)
    {
      g_test_skip ("core dumps are off for this whole session: nothing to switch off");
      return;
    }

  limits_while_reading (f, FALSE, &soft, &hard);
  g_assert_cmpuint (soft, ==, 0);
  g_assert_cmpuint (hard, ==, 0);

  /* A developer who asks for them keeps them. */
  limits_while_reading (f, TRUE, &soft, &hard);
  g_assert_cmpuint (soft, >, 0);
}

/* ---- /files/db-not-a-file ------------------------------------------------------- */

static void
spawn_exited (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  *(gboolean *) data = TRUE;
}

static gboolean
timed_out (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* A named pipe (which used to block the open for ever) or a folder as
 * --db: refused at once, naming the path and what it is. */
static void
test_db_not_a_file (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *fifo = g_build_filename (f->dir, "pipe.db", NULL);
  const char *commands[] = { "check", "init", "referral", NULL };
  const char *paths[2];

  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  paths[0] = fifo;
  paths[1] = f->dir;

  for (guint p = 0; p < G_N_ELEMENTS (paths); p++)
    for (guint c = 0; commands[c] != NULL; c++)
      {
        const char *argv[] = { g_getenv ("DIOGELU_CLI"), "--db", paths[p], commands[c],
                               c == 2 ? "list" : NULL, NULL };
        g_autoptr(GSubprocess) proc = NULL;
        g_autoptr(GError) error = NULL;
        g_autoptr(GInputStream) err_stream = NULL;
        char err[4096] = { 0 };
        gboolean exited = FALSE, late = FALSE;
        guint timeout;

        proc = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
        g_assert_no_error (error);
        g_subprocess_wait_async (proc, NULL, spawn_exited, &exited);
        timeout = g_timeout_add_seconds (20, timed_out, &late);
        while (!exited && !late)
          g_main_context_iteration (NULL, TRUE);
        if (!exited)
          {
            g_subprocess_force_exit (proc);
            g_error ("diogelu-cli --db %s %s still runs after 20 s", paths[p], commands[c]);
          }
        g_source_remove (timeout);

        g_assert_true (g_subprocess_get_if_exited (proc));
        g_assert_cmpint (g_subprocess_get_exit_status (proc), ==, 2);
        g_input_stream_read_all (g_subprocess_get_stderr_pipe (proc), err, sizeof err - 1, NULL, NULL, &error);
        g_assert_no_error (error);
        g_assert_nonnull (strstr (err, paths[p]));
        g_assert_nonnull (strstr (err, "is not a regular file"));
      }
}

/* ---- /files/check-hot-journal --------------------------------------------------- */

/* A writer killed in the middle of a transaction on a rollback-journal file
 * (a backup's first read-write open switching it to WAL is one): its pages
 * half-written, its journal hot. */
static void
leave_hot_journal (const char *path)
{
  pid_t pid = fork ();

  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      sqlite3 *handle = NULL;

      if (sqlite3_open_v2 (path, &handle, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK ||
          sqlite3_exec (handle, "PRAGMA cache_size = 2; BEGIN; "
                                "UPDATE child SET name = 'Half written ' || name; "
                                "UPDATE referral SET concern = 'Half written'", NULL, NULL, NULL) != SQLITE_OK)
        _exit (1);
      /* Killed mid-transaction: no rollback, no close. */
      raise (SIGKILL);
      _exit (2);
    }
  {
    int status = 0;

    g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
    g_assert_true (WIFSIGNALED (status));
    g_assert_cmpint (WTERMSIG (status), ==, SIGKILL);
  }
}

static void
test_check_hot_journal (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *copy = g_build_filename (f->dir, "copy.db", NULL);
  g_autofree char *journal = g_strconcat (copy, "-journal", NULL);
  const char *backup[] = { "--db", f->db, "backup", copy, NULL };
  const char *check[] = { "--db", copy, "--json", "check", NULL };
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(JsonNode) node = NULL;
  gint64 children;
  GStatBuf st;

  g_assert_cmpint (run (NULL, backup, NULL, &out, &err), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  children = db_int (copy, "SELECT count(*) FROM child WHERE name NOT LIKE 'Half written%'");
  g_assert_cmpint (children, >, 0);

  leave_hot_journal (copy);
  g_assert_cmpint (g_stat (journal, &st), ==, 0);
  g_assert_cmpint (st.st_size, >, 0);

  /* The check answers, the records are the last committed ones. */
  if (run (NULL, check, NULL, &out, &err) != 0)
    g_error ("check failed: %s", err);
  node = dg_test_parse_json (out);
  g_assert_true (json_object_get_boolean_member (json_node_get_object (node), "ok"));
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (node), "integrity"), ==, "ok");
  g_assert_cmpint (db_int (copy, "SELECT count(*) FROM child WHERE name NOT LIKE 'Half written%'"), ==, children);
  g_assert_cmpint (db_int (copy, "SELECT count(*) FROM referral WHERE concern = 'Half written'"), ==, 0);
  g_assert_cmpint (db_int (copy, "PRAGMA user_version"), >, 0);
}

static void
skip_on_pg (void)
{
  g_test_skip ("files on the local disk: run in the SQLite half only");
}

/* ---- /files/commit-unknown ------------------------------------------------------- */

/* The disk fails the sync at the commit while another program holds the
 * database open: the referral may be in the write-ahead log all the same.
 * The CLI says the outcome is not known (not "nothing was saved"), and a
 * retry with the same client token leaves exactly one referral, whichever
 * way the first attempt went. */
static void
test_commit_unknown (Fixture       *f,
                     gconstpointer  data)
{
  const char *env[] = { "DG_FAULT_SYNC_EIO", "-wal", NULL };
  Run failing = { .env = env, .preload = TRUE };
  const char *args[] = { "--db", f->db, "--now", NOW, "--json", "referral", "add", "--client-token", "nightly-0042",
                         "--file", "-", NULL };
  const char *json = "{\"children\": [{\"name\": \"Alys Retry\"}]}";
  g_autofree char *out = NULL, *err = NULL, *again = NULL, *third = NULL;
  gint64 before = db_int (f->db, "SELECT count(*) FROM referral");
  sqlite3 *holder = NULL;

  g_assert_cmpint (sqlite3_open (f->db, &holder), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (holder, "SELECT count(*) FROM referral", NULL, NULL, NULL), ==, SQLITE_OK);

  g_assert_cmpint (run (&failing, args, json, &out, &err), ==, 1);
  g_test_message ("%s", err);
  g_assert_nonnull (strstr (err, "not known whether it was saved"));
  g_assert_nonnull (strstr (err, "same --client-token is safe"));
  g_assert_null (strstr (err, "nothing was saved"));
  g_assert_null (strstr (err, "present"));
  g_test_message ("after the failed sync: %" G_GINT64_FORMAT " new", db_int (f->db, "SELECT count(*) FROM referral") - before);

  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (NULL, args, json, &again, &err), ==, 0);
  g_assert_cmpint (db_int (f->db, "SELECT count(*) FROM referral"), ==, before + 1);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (NULL, args, json, &third, &err), ==, 0);
  g_assert_nonnull (strstr (err, "saved before"));
  g_assert_cmpstr (again, ==, third);
  g_assert_cmpint (db_int (f->db, "SELECT count(*) FROM referral"), ==, before + 1);
  sqlite3_close (holder);
}

/* ---- /files/terminal-escapes ---------------------------------------------------- */

/* A record from before names refused control characters: on a terminal its
 * escape sequences are shown as \u001B, never sent to the screen; a script
 * reading a pipe gets the text as stored. */
static void
test_terminal_escapes (Fixture       *f,
                       gconstpointer  data)
{
  const char *args[] = { "--db", f->db, "--now", NOW, "referral", "add", "--file", "-", NULL };
  g_autofree char *out = NULL, *err = NULL, *command = NULL, *shown = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3 *handle = NULL;
  int status = 0;

  g_assert_cmpint (run (NULL, args, "{\"children\": [{\"name\": \"Sian Morgan\"}]}", &out, &err), ==, 0);
  g_assert_cmpint (sqlite3_open (f->db, &handle), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (handle, "UPDATE child SET name = 'Sian' || char (27) || '[2J' || char (155) || 'Morgan'",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (handle);

  /* script (util-linux) gives the CLI a terminal of its own. */
  command = g_strdup_printf ("script -qec \"'%s' --db '%s' referral show 1\" /dev/null",
                             g_getenv ("DIOGELU_CLI"), f->db);
  g_assert_true (g_spawn_command_line_sync (command, &shown, NULL, &status, &error));
  g_assert_no_error (error);
  g_test_message ("%s", shown);
  g_assert_nonnull (strstr (shown, "Sian\\u001B[2J\\u009BMorgan"));
  g_assert_null (strchr (shown, '\033'));
  g_assert_null (strstr (shown, "\xc2\x9b"));

  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (NULL, (const char *[]) { "--db", f->db, "referral", "show", "1", NULL }, NULL, &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "Sian\033[2J\xc2\x9bMorgan"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  if (g_getenv ("DIOGELU_TEST_PG_URI") != NULL)
    {
      g_test_add_func ("/files/sqlite-only", skip_on_pg);
      return g_test_run ();
    }

#define ADD(name, func) g_test_add (name, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/files/restore-twice", test_restore_twice);
  ADD ("/files/letter-full-disk", test_letter_full_disk);
  ADD ("/files/database-full-disk", test_database_full_disk);
  ADD ("/files/letter-planted", test_letter_planted);
  ADD ("/files/stdout-full", test_stdout_full);
  ADD ("/files/file-size-limit", test_file_size_limit);
  ADD ("/files/no-core-dumps", test_no_core_dumps);
  ADD ("/files/db-not-a-file", test_db_not_a_file);
  ADD ("/files/check-hot-journal", test_check_hot_journal);
  ADD ("/files/terminal-escapes", test_terminal_escapes);
  ADD ("/files/commit-unknown", test_commit_unknown);
#undef ADD

  return g_test_run ();
}
