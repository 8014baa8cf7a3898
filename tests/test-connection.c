/* The PostgreSQL connection: addresses shown without their passwords,
 * search bounds, reconnecting after a server restart, and TLS. The tests
 * that need a server of their own (restart, TLS) start one with
 * build-aux/pg-server in the PostgreSQL half of the suite. */
#include "config.h"

#include <glib/gstdio.h>
#include <libpq-fe.h>
#include <signal.h>
#include <stdlib.h>

#include "dg-core.h"
#include "dg-db.h"
#include "dg-referrals.h"
#include "dg-test-cli.h"
#include "dg-test-db.h"

#define SECRET "Sekret-123"

/* ---- Addresses shown ---------------------------------------------------------- */

static void
assert_shown (const char *location,
              const char *expected)
{
  g_autofree char *shown = dg_db_location_for_display (location);

  g_assert_cmpstr (shown, ==, expected);
}

static void
test_display (void)
{
  assert_shown ("postgresql://diogelu:" SECRET "@127.0.0.1:5432/hub",
                "postgresql://diogelu@127.0.0.1:5432/hub");
  /* Percent-encoded, and an @ or : left unencoded inside the password. */
  assert_shown ("postgresql://diogelu:Sek%40ret%3A123@db.example.org/hub",
                "postgresql://diogelu@db.example.org/hub");
  assert_shown ("postgres://diogelu:Sek@ret:1@db.example.org/hub",
                "postgres://diogelu@db.example.org/hub");
  /* Several hosts, which GUri cannot parse. */
  assert_shown ("postgresql://diogelu:" SECRET "@h1:5432,h2:5433/hub?target_session_attrs=read-write",
                "postgresql://diogelu@h1:5432,h2:5433/hub?target_session_attrs=read-write");
  /* In the query, whatever its case or encoding, with the rest kept. */
  assert_shown ("postgresql://db.example.org/hub?sslmode=verify-full&password=" SECRET "&application_name=x",
                "postgresql://db.example.org/hub?sslmode=verify-full&application_name=x");
  assert_shown ("postgresql://db.example.org/hub?Pass%77ord=" SECRET,
                "postgresql://db.example.org/hub");
  assert_shown ("postgresql://db.example.org/hub?sslpassword=" SECRET "#x",
                "postgresql://db.example.org/hub#x");
  /* No password: as given. */
  assert_shown ("postgresql://diogelu@[::1]:5432/hub", "postgresql://diogelu@[::1]:5432/hub");
  assert_shown ("/home/ceri/diogelu.db", "/home/ceri/diogelu.db");
}

/* ---- Nothing a command prints holds the password -------------------------------- */

static void
assert_no_secret (const char * const *argv,
                  const char         *input,
                  int                 expected_status)
{
  g_autofree char *out = NULL, *err = NULL;
  int status = dg_test_cli_run (argv, input, &out, &err);

  if (strstr (out, SECRET) != NULL || strstr (err, SECRET) != NULL)
    g_error ("“%s” showed the password:\n%s\n%s", argv[2], out, err);
  if (expected_status >= 0)
    {
      if (status != expected_status)
        g_printerr ("%s\n%s\n", out, err);
      g_assert_cmpint (status, ==, expected_status);
    }
}

/* @location with the password put in as user information. */
static char *
with_password (const char *location)
{
  const char *rest = strstr (location, "://") + 3;
  const char *at = strchr (rest, '@');

  g_assert_nonnull (at);
  return g_strdup_printf ("%.*s:%s%s", (int) (at - location), location, SECRET, at);
}

static void
test_cli_secrets (void)
{
  const char *unreachable[] = {
    /* Nothing listens on port 1. */
    "postgresql://diogelu:" SECRET "@127.0.0.1:1/hub",
    "postgresql://127.0.0.1:1/hub?password=" SECRET,
    /* Addresses libpq cannot parse: its message quotes them. */
    "postgresql://diogelu:" SECRET "@[::1/hub",
    "postgresql://diogelu:" SECRET " x@127.0.0.1:1/hub",
    "postgresql://diogelu:" SECRET "@127.0.0.1:1/hub?passwrd=1",
  };

  for (guint i = 0; i < G_N_ELEMENTS (unreachable); i++)
    {
      const char *init[] = { "--db", unreachable[i], "init", NULL };
      const char *check[] = { "--db", unreachable[i], "--json", "check", NULL };

      assert_no_secret (init, NULL, 1);
      assert_no_secret (check, NULL, -1);
    }

  if (dg_test_db_is_pg ())
    {
      g_autofree char *dir = g_dir_make_tmp ("secrets-XXXXXX", NULL);
      g_autofree char *location = dg_test_db_location (dir);
      g_autofree char *db = with_password (location);
      g_autofree char *in_query = g_strconcat (location, "?password=" SECRET, NULL);
      const char * const dbs[] = { db, in_query };

      /* The test server trusts every connection: the password is not
       * needed, but goes through every path a real one would. */
      for (guint i = 0; i < G_N_ELEMENTS (dbs); i++)
        {
          const char *init[] = { "--db", dbs[i], "init", NULL };
          const char *init_json[] = { "--db", dbs[i], "--json", "init", NULL };
          const char *check[] = { "--db", dbs[i], "check", NULL };
          const char *check_json[] = { "--db", dbs[i], "--json", "check", NULL };
          const char *add[] = { "--db", dbs[i], "referral", "add", "--file", "-", NULL };
          const char *list[] = { "--db", dbs[i], "referral", "list", "--search", "alex", NULL };
          const char *bad[] = { "--db", dbs[i], "referral", "show", "999", NULL };
          const char *demo[] = { "--db", dbs[i], "demo", "--referrals", "3", NULL };
          const char *backup[] = { "--db", dbs[i], "backup", "/nonexistent/x.db", NULL };

          assert_no_secret (init, NULL, 0);
          assert_no_secret (init_json, NULL, 0);
          assert_no_secret (check, NULL, 0);
          assert_no_secret (check_json, NULL, 0);
          assert_no_secret (add, "{\"children\": [{\"name\": \"Alex Example\"}]}", 0);
          assert_no_secret (list, NULL, 0);
          assert_no_secret (bad, NULL, 3);
          assert_no_secret (demo, NULL, 0);
          assert_no_secret (backup, NULL, -1);
        }
      dg_test_db_drop (location);
      g_rmdir (dir);
    }
}

/* ---- Search bounds -------------------------------------------------------------- */

static char *
words (guint n)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    g_string_append_printf (text, "%sword%u", i ? " " : "", i);
  return g_string_free (text, FALSE);
}

static void
test_search_words (void)
{
  DgTestDb t = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *most = words (DG_SEARCH_MAX_WORDS);
  g_autofree char *too_many = words (DG_SEARCH_MAX_WORDS + 1);
  g_autofree char *ten_thousand = words (10000);
  DgReferralQuery q = { .search = most };
  g_autoptr(GArray) ids = NULL;
  g_autofree char *out = NULL, *err = NULL;

  dg_test_db_setup (&t, "search-words");

  ids = dg_referral_list_ids (t.db, &q, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 0);
  g_assert_cmpint (dg_referral_count (t.db, &q, &error), ==, 0);
  g_assert_no_error (error);

  q.search = too_many;
  g_assert_null (dg_referral_list_ids (t.db, &q, 0, &error));
  g_assert_error (error, DG_ERROR, DG_ERROR_INVALID);
  /* The refusal names the search as data; the CLI shows it as --search. */
  g_assert_cmpstr (dg_error_get_field (error), ==, "search");
  g_assert_nonnull (strstr (error->message, "33"));
  g_clear_error (&error);
  g_assert_cmpint (dg_referral_count (t.db, &q, &error), ==, -1);
  g_assert_error (error, DG_ERROR, DG_ERROR_INVALID);
  g_clear_error (&error);

  /* The CLI: refused at once as invalid input, whatever the engine. */
  {
    const char *argv[] = { "--db", t.location, "referral", "list", "--search", ten_thousand, NULL };
    gint64 start = g_get_monotonic_time ();

    g_assert_cmpint (dg_test_cli_run (argv, NULL, &out, &err), ==, 2);
    g_assert_nonnull (strstr (err, "--search"));
    g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
  }

  dg_test_db_teardown (&t);
}

static void
test_search_timeout (void)
{
  DgTestDb t = { 0 };
  g_autoptr(GError) error = NULL;
  DgReferralQuery q = { .search = "alex" };
  PGconn *other;
  PGresult *result;

  if (!dg_test_db_is_pg ())
    {
      g_test_skip ("the statement timeout is PostgreSQL's");
      return;
    }
  dg_test_db_setup (&t, "search-timeout");
  g_setenv ("DIOGELU_SEARCH_TIMEOUT_MS", "300", TRUE);

  /* Another session holds the index: the search waits, and the server
   * gives up on it at the limit instead of for ever. */
  other = PQconnectdb (t.location);
  g_assert_cmpint (PQstatus (other), ==, CONNECTION_OK);
  result = PQexec (other, "BEGIN; LOCK TABLE referral_search IN ACCESS EXCLUSIVE MODE");
  g_assert_cmpint (PQresultStatus (result), ==, PGRES_COMMAND_OK);
  PQclear (result);

  g_assert_null (dg_referral_list_ids (t.db, &q, 0, &error));
  g_assert_nonnull (error);
  g_assert_cmpstr (dg_error_get_field (error), ==, "search");
  g_assert_nonnull (strstr (error->message, "0.3"));
  g_clear_error (&error);
  g_assert_cmpint (dg_referral_count (t.db, &q, &error), ==, -1);
  g_assert_cmpstr (dg_error_get_field (error), ==, "search");
  g_clear_error (&error);

  result = PQexec (other, "ROLLBACK");
  PQclear (result);
  PQfinish (other);

  /* Only the search was bounded: the session's own setting is back. */
  g_assert_cmpint (dg_test_db_int (t.db, "SELECT CAST (current_setting ('statement_timeout') = '0' AS integer)"), ==, 1);
  g_assert_cmpint (dg_referral_count (t.db, &q, &error), ==, 0);
  g_assert_no_error (error);

  g_unsetenv ("DIOGELU_SEARCH_TIMEOUT_MS");
  dg_test_db_teardown (&t);
}

/* ---- A server of the test's own --------------------------------------------------- */

typedef struct
{
  char *dir;     /* the pg-server folder */
  char *uri;
} Server;

static void
pg_server (const char * const *argv,
           char              **out)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, out, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("%s %s failed: %s", argv[0], argv[1], err);
}

/* FALSE (the test skipped) when this run has no PostgreSQL. */
static gboolean
server_start (Server     *server,
              const char *ssl_cert,
              const char *ssl_key)
{
  const char *script = g_getenv ("DIOGELU_PG_SERVER");
  g_autofree char *base = NULL;
  g_autofree char *out = NULL;

  if (!dg_test_db_is_pg () || script == NULL)
    {
      g_test_skip ("needs the PostgreSQL half of the suite (DIOGELU_TEST_PG_URI)");
      return FALSE;
    }
  /* Short, and readable by the server's own user. */
  base = g_build_filename ("/tmp", "dgconn-XXXXXX", NULL);
  g_assert_nonnull (g_mkdtemp (base));
  g_chmod (base, 0755);
  server->dir = g_build_filename (base, "s", NULL);
  if (ssl_cert != NULL)
    {
      g_setenv ("PG_SERVER_SSL_CERT", ssl_cert, TRUE);
      g_setenv ("PG_SERVER_SSL_KEY", ssl_key, TRUE);
    }
  pg_server ((const char *[]) { script, "start", server->dir, NULL }, &out);
  g_unsetenv ("PG_SERVER_SSL_CERT");
  g_unsetenv ("PG_SERVER_SSL_KEY");
  server->uri = g_strdup (g_strstrip (out));
  return TRUE;
}

static void
server_do (Server     *server,
           const char *command)
{
  pg_server ((const char *[]) { g_getenv ("DIOGELU_PG_SERVER"), command, server->dir, NULL }, NULL);
}

static void
server_stop (Server *server)
{
  g_autofree char *base = g_path_get_dirname (server->dir);

  server_do (server, "stop");
  g_rmdir (base);
  g_clear_pointer (&server->dir, g_free);
  g_clear_pointer (&server->uri, g_free);
}

/* ---- Reconnecting ---------------------------------------------------------------- */

static gint64
add_referral (DgDb    *db,
              GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  g_assert_true (json_parser_load_from_data (parser, "{\"children\": [{\"name\": \"Alex Example\"}]}", -1, NULL));
  return dg_referral_add (db, json_node_get_object (json_parser_get_root (parser)), NULL, error);
}

typedef struct
{
  const char *uri;
  gint        stop;      /* atomic */
  GArray     *saved;     /* ids the CLI said it saved */
  guint       failures;
  guint       runs;
} Loop;

/* A script adding referrals one after another, as a hub's import might. */
static gpointer
cli_loop (gpointer data)
{
  Loop *loop = data;
  const char *argv[] = { "--db", loop->uri, "--json", "referral", "add", "--file", "-", NULL };

  while (!g_atomic_int_get (&loop->stop) || loop->runs < 3)
    {
      g_autofree char *out = NULL, *err = NULL;
      int status = dg_test_cli_run (argv, "{\"children\": [{\"name\": \"Loop Child\"}]}", &out, &err);

      loop->runs++;
      if (status == 0)
        {
          g_autoptr(JsonNode) node = dg_test_parse_json (out);
          gint64 id = json_object_get_int_member (json_node_get_object (node), "id");

          g_array_append_val (loop->saved, id);
          continue;
        }
      /* Cleanly: exit 1 with a message a person can act on, never a crash
       * (dg_test_cli_run fails the test on a signal). */
      g_assert_cmpint (status, ==, 1);
      g_assert_cmpuint (strlen (err), >, 20);
      loop->failures++;
    }
  return NULL;
}

static void
test_reconnect (void)
{
  Server server = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(DgDb) db = NULL;
  g_autofree char *how = NULL;
  Loop loop = { 0 };
  GThread *thread;
  gint64 version, id, deadline;
  PGconn *other;
  PGresult *result;
  gboolean warn = TRUE;

  if (!server_start (&server, NULL, NULL))
    return;

  db = dg_db_open (server.uri, DG_DB_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  dg_db_set_actor (db, "Tester");
  g_assert_cmpint (add_referral (db, &error), >, 0);
  g_assert_no_error (error);

  /* The program names itself to the server, and a loopback connection in
   * the clear is said to be so but not warned about. */
  g_assert_cmpint (dg_test_db_int (db, "SELECT CAST (current_setting ('application_name') = 'test-connection' AS integer)"), ==, 1);
  how = dg_db_describe_connection (db, &warn);
  g_assert_false (dg_db_is_encrypted (db));
  g_assert_false (warn);
  g_assert_nonnull (strstr (how, "not encrypted"));

  /* A restart drops the session: the next save makes it again and works. */
  server_do (&server, "restart");
  id = add_referral (db, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  g_assert_cmpuint (dg_db_reconnect_count (db), ==, 1);

  /* And the change notifications came back with it. */
  version = dg_db_data_version (db, &error);
  g_assert_no_error (error);
  other = PQconnectdb (server.uri);
  g_assert_cmpint (PQstatus (other), ==, CONNECTION_OK);
  result = PQexec (other, "NOTIFY diogelu_changed");
  PQclear (result);
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (dg_db_data_version (db, &error) == version && g_get_monotonic_time () < deadline)
    g_usleep (10000);
  g_assert_no_error (error);
  g_assert_cmpint (dg_db_data_version (db, &error), !=, version);
  PQfinish (other);

  /* A restart noticed by the change watcher first: it reconnects too. */
  server_do (&server, "restart");
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (dg_db_reconnect_count (db) < 2 && g_get_monotonic_time () < deadline)
    {
      /* The session's end may be read one call before the socket's. */
      g_assert_cmpint (dg_db_data_version (db, &error), !=, 0);
      g_assert_no_error (error);
      g_usleep (10000);
    }
  g_assert_cmpuint (dg_db_reconnect_count (db), ==, 2);

  /* A server that is down: a clear error, nothing saved, no crash; then
   * back up, and the save works. */
  server_do (&server, "pause");
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (dg_db_data_version (db, &error) != 0 && g_get_monotonic_time () < deadline)
    g_usleep (10000);
  g_assert_error (error, DG_ERROR, DG_ERROR_IO);
  g_assert_null (strstr (error->message, SECRET));
  g_clear_error (&error);
  g_assert_cmpint (add_referral (db, &error), ==, 0);
  g_assert_error (error, DG_ERROR, DG_ERROR_IO);
  g_clear_error (&error);
  server_do (&server, "resume");
  g_assert_cmpint (add_referral (db, &error), >, 0);
  g_assert_no_error (error);
  g_assert_cmpint (dg_test_db_int (db, "SELECT count (*) FROM referral"), ==, 3);

  /* A script running through two restarts: each run saves or fails
   * cleanly, and every save it reported is there afterwards. */
  loop.uri = server.uri;
  loop.saved = g_array_new (FALSE, FALSE, sizeof (gint64));
  thread = g_thread_new ("cli-loop", cli_loop, &loop);
  for (int i = 0; i < 2; i++)
    {
      guint runs = loop.runs;

      /* Restart while the loop runs: wait for it to get going each time. */
      while ((guint) g_atomic_int_get ((gint *) &loop.runs) < runs + 2)
        g_usleep (10000);
      server_do (&server, "restart");
    }
  g_atomic_int_set (&loop.stop, 1);
  g_thread_join (thread);
  g_test_message ("the loop ran %u times: %u saved, %u failed cleanly",
                  loop.runs, loop.saved->len, loop.failures);
  g_assert_cmpuint (loop.saved->len, >, 0);
  for (guint i = 0; i < loop.saved->len; i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count (*) FROM referral WHERE id = %" G_GINT64_FORMAT,
                                              g_array_index (loop.saved, gint64, i));
      g_assert_cmpint (dg_test_db_int (db, sql), ==, 1);
    }
  g_array_unref (loop.saved);

  g_clear_object (&db);
  server_stop (&server);
}

/* ---- A connection cut during the COMMIT ------------------------------------------------ */

typedef struct
{
  DgDb   *db;
  GError *error;
  gint64  id;
} Save;

static gpointer
save_thread (gpointer data)
{
  Save *save = data;

  save->id = add_referral (save->db, &save->error);
  return NULL;
}

/* The pid of the backend busy with a COMMIT, waiting for it to start. */
static int
committing_backend (PGconn *watcher)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (g_get_monotonic_time () < deadline)
    {
      PGresult *result = PQexec (watcher, "SELECT pid FROM pg_stat_activity WHERE query = 'COMMIT' AND state = 'active'");
      int pid = 0;

      if (PQresultStatus (result) == PGRES_TUPLES_OK && PQntuples (result) == 1)
        pid = atoi (PQgetvalue (result, 0, 0));
      PQclear (result);
      if (pid > 0)
        return pid;
      g_usleep (20000);
    }
  g_error ("no COMMIT started");
}

/* A save whose COMMIT the server is still working on when the connection
 * goes: ended by the server (it says so), nothing was saved; lost with no
 * answer (the backend killed), the outcome is unknown and said to be. */
static void
test_commit_cut (void)
{
  Server server = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(DgDb) db = NULL;
  Save save = { 0 };
  GThread *thread;
  PGconn *watcher;
  PGresult *result;
  gint64 before;

  if (!server_start (&server, NULL, NULL))
    return;
  db = dg_db_open (server.uri, DG_DB_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  dg_db_set_actor (db, "Tester");
  /* Every COMMIT that adds a referral takes a while (a deferred trigger). */
  g_assert_true (dg_db_exec (db, "CREATE FUNCTION slow_commit () RETURNS trigger LANGUAGE plpgsql AS "
                                 "$body$ BEGIN PERFORM pg_sleep (30); RETURN NULL; END $body$; "
                                 "CREATE CONSTRAINT TRIGGER slow_commit AFTER INSERT ON referral "
                                 "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION slow_commit ()", &error));
  g_assert_no_error (error);
  watcher = PQconnectdb (server.uri);
  g_assert_cmpint (PQstatus (watcher), ==, CONNECTION_OK);
  before = dg_test_db_int (db, "SELECT count (*) FROM referral");

  /* The server ends the session (pg_terminate_backend, as a shutdown does). */
  save.db = db;
  thread = g_thread_new ("save", save_thread, &save);
  {
    g_autofree char *sql = g_strdup_printf ("SELECT pg_terminate_backend (%d)", committing_backend (watcher));

    result = PQexec (watcher, sql);
    PQclear (result);
  }
  g_thread_join (thread);
  g_assert_cmpint (save.id, ==, 0);
  g_assert_error (save.error, DG_ERROR, DG_ERROR_IO);
  g_test_message ("terminated: %s", save.error->message);
  g_assert_nonnull (strstr (save.error->message, "nothing was saved"));
  g_clear_error (&save.error);
  g_assert_cmpint (dg_test_db_int (db, "SELECT count (*) FROM referral"), ==, before);

  /* The backend dies with no word (SIGKILL): nobody can say. */
  thread = g_thread_new ("save", save_thread, &save);
  g_assert_cmpint (kill (committing_backend (watcher), SIGKILL), ==, 0);
  g_thread_join (thread);
  g_assert_cmpint (save.id, ==, 0);
  g_assert_error (save.error, DG_ERROR, DG_ERROR_OUTCOME_UNKNOWN);
  g_assert_nonnull (strstr (save.error->message, "not known whether it was saved"));
  g_clear_error (&save.error);
  PQfinish (watcher);

  /* The killed backend sends the server through crash recovery; stopped
   * in the middle of it, the server sometimes took the whole minute of
   * pg_ctl's wait to go. */
  for (int i = 0; i < 400 && PQping (server.uri) != PQPING_OK; i++)
    g_usleep (50000);
  g_clear_object (&db);
  server_stop (&server);
}

/* ---- A server that asks for a password ------------------------------------------------ */

static void
test_password (void)
{
  Server server = { 0 };
  g_autofree char *env = NULL, *superuser = NULL, *port = NULL, *admin = NULL;
  g_autofree char *hba_path = NULL, *hba = NULL, *plain = NULL, *with = NULL, *wrong = NULL;
  PGconn *conn;
  PGresult *result;
  FILE *file;

  if (!server_start (&server, NULL, NULL))
    return;
  env = g_build_filename (server.dir, "pg-server.env", NULL);
  g_assert_true (g_file_get_contents (env, &superuser, NULL, NULL));
  *strchr (strstr (superuser, "user=") + 5, '\n') = '\0';
  port = g_strndup (strrchr (server.uri, ':') + 1, strcspn (strrchr (server.uri, ':') + 1, "/"));
  admin = g_strdup_printf ("postgresql://%s@127.0.0.1:%s/postgres", strstr (superuser, "user=") + 5, port);

  /* A role that must give its password over TCP (scram), the rest trusted. */
  hba_path = g_build_filename (server.dir, "data", "pg_hba.conf", NULL);
  g_assert_true (g_file_get_contents (hba_path, &hba, NULL, NULL));
  file = fopen (hba_path, "w");   /* the same file: its owner and mode stay */
  g_assert_nonnull (file);
  fprintf (file, "host all pwuser 127.0.0.1/32 scram-sha-256\n%s", hba);
  fclose (file);
  conn = PQconnectdb (admin);
  g_assert_cmpint (PQstatus (conn), ==, CONNECTION_OK);
  result = PQexec (conn, "CREATE ROLE pwuser LOGIN PASSWORD '" SECRET "'; "
                         "GRANT ALL ON DATABASE diogelu TO pwuser; SELECT pg_reload_conf ()");
  g_assert_cmpint (PQresultStatus (result), ==, PGRES_TUPLES_OK);
  PQclear (result);
  PQfinish (conn);
  conn = PQconnectdb (server.uri);
  result = PQexec (conn, "GRANT ALL ON SCHEMA public TO pwuser");
  PQclear (result);
  PQfinish (conn);

  plain = g_strdup_printf ("postgresql://pwuser@127.0.0.1:%s/diogelu", port);
  with = g_strdup_printf ("postgresql://pwuser:" SECRET "@127.0.0.1:%s/diogelu", port);
  wrong = g_strdup_printf ("postgresql://pwuser:" SECRET "x@127.0.0.1:%s/diogelu", port);

  /* No password and no terminal to ask on: a clear message, exit 1. */
  {
    const char *argv[] = { "--db", plain, "init", NULL };
    g_autofree char *out = NULL, *err = NULL;

    g_unsetenv ("PGPASSWORD");
    g_assert_cmpint (dg_test_cli_run (argv, NULL, &out, &err), ==, 1);
    g_assert_nonnull (strstr (err, "asks for a password"));
    g_assert_nonnull (strstr (err, "PGPASSWORD"));
  }
  /* Given in the address or the environment: it works, and is never shown. */
  {
    const char *init[] = { "--db", with, "init", NULL };
    const char *check[] = { "--db", plain, "--json", "check", NULL };
    const char *bad[] = { "--db", wrong, "check", NULL };

    assert_no_secret (init, NULL, 0);
    g_setenv ("PGPASSWORD", SECRET, TRUE);
    assert_no_secret (check, NULL, 0);
    g_unsetenv ("PGPASSWORD");
    assert_no_secret (bad, NULL, 1);
  }

  server_stop (&server);
}

/* ---- TLS ---------------------------------------------------------------------- */

static void
run_openssl (const char *dir,
             const char *command)
{
  g_autofree char *script = g_strdup_printf ("cd '%s' && %s", dir, command);
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char *[]) { (char *) "/bin/sh", (char *) "-c", script, NULL }, NULL,
                G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("%s: %s", command, err);
}

/* A CA, and a server certificate it signs for localhost and 127.0.0.1. */
static void
make_certificates (const char *dir)
{
  run_openssl (dir, "openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj '/CN=Diogelu test CA' "
                    "-keyout ca.key -out ca.crt");
  run_openssl (dir, "openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj '/CN=Another CA' "
                    "-keyout other.key -out other.crt");
  run_openssl (dir, "openssl req -newkey rsa:2048 -nodes -subj '/CN=localhost' "
                    "-keyout server.key -out server.csr");
  run_openssl (dir, "printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\\n' > san.ext && "
                    "openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial "
                    "-days 2 -extfile san.ext -out server.crt");
}

static void
test_tls (void)
{
  Server server = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *certs = g_dir_make_tmp ("certs-XXXXXX", NULL);
  g_autofree char *cert = g_build_filename (certs, "server.crt", NULL);
  g_autofree char *key = g_build_filename (certs, "server.key", NULL);
  g_autofree char *port = NULL, *verified = NULL, *wrong_ca = NULL, *plain = NULL;
  g_autofree char *probe = NULL, *how = NULL;
  g_autoptr(DgDb) db = NULL;
  g_autofree char *openssl = g_find_program_in_path ("openssl");
  gboolean warn = TRUE;

  if (!dg_test_db_is_pg () || openssl == NULL)
    {
      g_test_skip ("needs the PostgreSQL half of the suite and openssl");
      dg_test_remove_folder (certs);
      return;
    }
  make_certificates (certs);
  if (!server_start (&server, cert, key))
    return;
  port = g_strndup (strrchr (server.uri, ':') + 1, strcspn (strrchr (server.uri, ':') + 1, "/"));
  verified = g_strdup_printf ("postgresql://diogelu@localhost:%s/diogelu?sslmode=verify-full&sslrootcert=%s/ca.crt",
                              port, certs);
  wrong_ca = g_strdup_printf ("postgresql://diogelu@localhost:%s/diogelu?sslmode=verify-full&sslrootcert=%s/other.crt",
                              port, certs);
  plain = g_strdup_printf ("postgresql://diogelu@127.0.0.1:%s/diogelu?sslmode=disable", port);

  db = dg_db_open (verified, DG_DB_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_true (dg_db_is_encrypted (db));
  how = dg_db_describe_connection (db, &warn);
  g_assert_false (warn);
  g_assert_nonnull (strstr (how, "encrypted (TLSv1"));
  g_clear_object (&db);

  /* Test Connection says so too. */
  probe = dg_db_probe (verified, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (probe, "is encrypted (TLSv1"));
  g_clear_pointer (&probe, g_free);

  /* A certificate from another CA is refused. */
  g_assert_null (dg_db_open (wrong_ca, DG_DB_OPEN_DEFAULT, &error));
  g_assert_error (error, DG_ERROR, DG_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "certificate"));
  g_clear_error (&error);

  probe = dg_db_probe (plain, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (probe, "not encrypted"));

  server_stop (&server);
  dg_test_remove_folder (certs);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_set_prgname ("test-connection");

  g_test_add_func ("/connection/display", test_display);
  g_test_add_func ("/connection/cli-secrets", test_cli_secrets);
  g_test_add_func ("/connection/search-words", test_search_words);
  g_test_add_func ("/connection/search-timeout", test_search_timeout);
  g_test_add_func ("/connection/reconnect", test_reconnect);
  g_test_add_func ("/connection/commit-cut", test_commit_cut);
  g_test_add_func ("/connection/password", test_password);
  g_test_add_func ("/connection/tls", test_tls);

  return g_test_run ();
}
