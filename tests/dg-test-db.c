#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <libpq-fe.h>
#include <unistd.h>

#include "dg-core.h"
#include "dg-test-db.h"
#include "dg-vocab.h"

gboolean
dg_test_db_is_pg (void)
{
  const char *uri = g_getenv ("DIOGELU_TEST_PG_URI");

  return uri != NULL && *uri != '\0';
}

gboolean
dg_test_skip_on_pg (const char *why)
{
  if (!dg_test_db_is_pg ())
    return FALSE;
  g_test_skip (why);
  return TRUE;
}

static void
maintenance_exec (const char *sql)
{
  PGconn *conn = PQconnectdb (g_getenv ("DIOGELU_TEST_PG_URI"));
  PGresult *result;

  if (PQstatus (conn) != CONNECTION_OK)
    g_error ("Cannot reach the test server: %s", PQerrorMessage (conn));
  result = PQexec (conn, sql);
  if (PQresultStatus (result) != PGRES_COMMAND_OK)
    g_error ("%s: %s", sql, PQerrorMessage (conn));
  PQclear (result);
  PQfinish (conn);
}

char *
dg_test_db_location (const char *dir)
{
  static guint counter;
  g_autoptr(GUri) base = NULL;
  g_autofree char *name = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *path = NULL;

  if (!dg_test_db_is_pg ())
    return g_build_filename (dir, "diogelu.db", NULL);

  name = g_strdup_printf ("dgtest_%d_%u", (int) getpid (), ++counter);
  sql = g_strdup_printf ("CREATE DATABASE %s", name);
  maintenance_exec (sql);

  base = g_uri_parse (g_getenv ("DIOGELU_TEST_PG_URI"), G_URI_FLAGS_ENCODED, NULL);
  g_assert_nonnull (base);
  path = g_strconcat ("/", name, NULL);
  return g_uri_join (G_URI_FLAGS_ENCODED, g_uri_get_scheme (base), g_uri_get_userinfo (base),
                     g_uri_get_host (base), g_uri_get_port (base), path,
                     g_uri_get_query (base), NULL);
}

void
dg_test_db_drop (const char *location)
{
  g_autoptr(GUri) uri = NULL;
  g_autofree char *sql = NULL;

  if (location == NULL || !dg_test_db_is_pg ())
    return;
  uri = g_uri_parse (location, G_URI_FLAGS_ENCODED, NULL);
  g_assert_nonnull (uri);
  sql = g_strdup_printf ("DROP DATABASE IF EXISTS %s WITH (FORCE)", g_uri_get_path (uri) + 1);
  maintenance_exec (sql);
}

void
dg_test_db_setup (DgTestDb   *t,
                  const char *prefix)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *template = g_strconcat (prefix, "-XXXXXX", NULL);
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();
  g_autoptr(GDateTime) now = g_date_time_new (tz, 2026, 11, 23, 10, 0, 0);

  t->dir = g_dir_make_tmp (template, &error);
  g_assert_no_error (error);
  t->location = dg_test_db_location (t->dir);
  t->db = dg_db_open (t->location, DG_DB_OPEN_DEFAULT, &error);
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
  dg_test_db_drop (t->location);
  g_clear_pointer (&t->location, g_free);
  dg_test_remove_folder (t->dir);
  g_clear_pointer (&t->dir, g_free);
}

/* @location with another user and, when @database is not %NULL, another database. */
static char *
location_as (const char *location,
             const char *user,
             const char *database)
{
  g_autoptr(GUri) uri = g_uri_parse (location, G_URI_FLAGS_ENCODED, NULL);
  g_autofree char *path = NULL;

  g_assert_nonnull (uri);
  path = database ? g_strconcat ("/", database, NULL) : g_strdup (g_uri_get_path (uri));
  return g_uri_join (G_URI_FLAGS_ENCODED, g_uri_get_scheme (uri), user, g_uri_get_host (uri),
                     g_uri_get_port (uri), path, g_uri_get_query (uri), NULL);
}

/* Runs @sql as the test server's superuser on @location's database. */
static void
superuser_exec (const char *location,
                const char *sql)
{
  g_autofree char *as = location_as (location, "diogelu-pg", NULL);
  PGconn *conn = PQconnectdb (as);
  PGresult *result;

  if (PQstatus (conn) != CONNECTION_OK)
    g_error ("Cannot reach the test server as its superuser: %s", PQerrorMessage (conn));
  /* Roles are cluster-wide: two tests making or dropping theirs at the same
   * moment can meet on one catalog row, and the server then refuses the
   * later ("tuple concurrently updated"), undoing it whole. Asked again, it
   * goes through. */
  for (int attempt = 1;; attempt++)
    {
      result = PQexec (conn, sql);
      if (PQresultStatus (result) == PGRES_COMMAND_OK)
        break;
      if (attempt == 5 || strstr (PQerrorMessage (conn), "tuple concurrently updated") == NULL)
        g_error ("%s: %s", sql, PQerrorMessage (conn));
      PQclear (result);
      g_usleep (50000 * attempt);
    }
  PQclear (result);
  PQfinish (conn);
}

char *
dg_test_db_new_role (const char  *location,
                     char       **role)
{
  static guint counter;
  g_autofree char *name = g_strdup_printf ("dgrole_%d_%u", (int) getpid (), ++counter);
  g_autofree char *sql = NULL;

  g_assert_true (dg_test_db_is_pg ());
  sql = g_strdup_printf ("CREATE ROLE %s LOGIN; "
                         "GRANT USAGE ON SCHEMA public TO %s; "
                         "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO %s; "
                         "GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO %s",
                         name, name, name, name);
  superuser_exec (location, sql);
  if (role != NULL)
    *role = g_strdup (name);
  return location_as (location, name, NULL);
}

void
dg_test_db_drop_role (const char *location,
                      const char *role)
{
  g_autofree char *sql = g_strdup_printf ("DROP OWNED BY %s; DROP ROLE %s", role, role);

  superuser_exec (location, sql);
}

void
dg_test_db_break_child_insert (DgDb       *db,
                               const char *condition)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;

  if (dg_db_is_postgres (db))
    sql = g_strdup_printf ("CREATE FUNCTION break_child () RETURNS trigger LANGUAGE plpgsql AS $body$ "
                           "BEGIN IF %s THEN RAISE EXCEPTION 'disk trouble'; END IF; RETURN NEW; END $body$; "
                           "CREATE TRIGGER break_child BEFORE INSERT ON child FOR EACH ROW EXECUTE FUNCTION break_child ()",
                           condition);
  else
    sql = g_strdup_printf ("CREATE TRIGGER break_child BEFORE INSERT ON child WHEN %s "
                           "BEGIN SELECT RAISE (ABORT, 'disk trouble'); END", condition);
  g_assert_true (dg_db_exec (db, sql, &error));
  g_assert_no_error (error);
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
