/* Opening a DgDb: the file or server checked, probed, created and brought
 * to the current schema (the numbered migrations of sql/ and sql/pg/). */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "dg-db-internal.h"
#include "dg-core-resources.h"
#include "dg-text.h"

/* 'DGLU': marks the file as ours, so another program's SQLite file is never "upgraded". */
#define DG_APPLICATION_ID 0x44474c55

/* How long a write waits for another program's transaction before giving up;
 * $DIOGELU_BUSY_TIMEOUT_MS overrides it (the tests wait a second, not five). */
#define DG_BUSY_TIMEOUT_MS 5000

static const char * const migrations[] = {
  "/io/github/diogelu/Diogelu/core/sql/001-initial.sql",
  "/io/github/diogelu/Diogelu/core/sql/002-search.sql",
  "/io/github/diogelu/Diogelu/core/sql/003-owed.sql",
  "/io/github/diogelu/Diogelu/core/sql/004-clocks.sql",
  "/io/github/diogelu/Diogelu/core/sql/005-report.sql",
  "/io/github/diogelu/Diogelu/core/sql/006-plan-end.sql",
  "/io/github/diogelu/Diogelu/core/sql/007-owners.sql",
  "/io/github/diogelu/Diogelu/core/sql/008-totals.sql",
  "/io/github/diogelu/Diogelu/core/sql/009-clock-basis.sql",
  "/io/github/diogelu/Diogelu/core/sql/010-calendar-dues.sql",
  "/io/github/diogelu/Diogelu/core/sql/011-letter-text.sql",
  "/io/github/diogelu/Diogelu/core/sql/012-ledger.sql",
  "/io/github/diogelu/Diogelu/core/sql/013-outbox.sql",
  "/io/github/diogelu/Diogelu/core/sql/014-calendar.sql",
  "/io/github/diogelu/Diogelu/core/sql/015-meetings.sql",
  "/io/github/diogelu/Diogelu/core/sql/016-register.sql",
  "/io/github/diogelu/Diogelu/core/sql/017-figures.sql",
  "/io/github/diogelu/Diogelu/core/sql/018-snapshots.sql",
  "/io/github/diogelu/Diogelu/core/sql/019-audit-chain.sql",
  "/io/github/diogelu/Diogelu/core/sql/020-access.sql",
  "/io/github/diogelu/Diogelu/core/sql/021-retention.sql",
  "/io/github/diogelu/Diogelu/core/sql/022-roles.sql",
  "/io/github/diogelu/Diogelu/core/sql/023-trigram.sql",
  "/io/github/diogelu/Diogelu/core/sql/024-meeting-pairs.sql",
  "/io/github/diogelu/Diogelu/core/sql/025-per-child.sql",
};

/* dg_fold (text): dg_name_fold () in SQL. */
static void
fold_function (sqlite3_context *context,
               int              argc,
               sqlite3_value  **argv)
{
  const char *text = (const char *) sqlite3_value_text (argv[0]);

  if (text == NULL)
    sqlite3_result_null (context);
  else
    sqlite3_result_text (context, dg_name_fold (text), -1, g_free);
}

/* The step after which the names are folded again (refold_names ()). */
#define DG_REFOLD_VERSION 23

int
dg_db_schema_version (void)
{
  return G_N_ELEMENTS (migrations);
}

/* Only the tables' owner (or a member of the owning role) may upgrade them:
 * a practitioner's role owns nothing, so that it cannot drop the audit
 * trail's triggers either. */
static gboolean
pg_may_alter_schema (DgDb *self)
{
  return dg_db_pg_int (self, "SELECT CAST (pg_has_role (relowner, 'USAGE') AS integer) "
                       "FROM pg_class WHERE oid = to_regclass ('dg_schema')", 0) != 0;
}

void
dg_db_pg_set_upgrade_refused (DgDb    *self,
                              GError **error,
                              int      version)
{
  g_autofree char *shown = dg_pg_uri_for_display (self->path);

  g_set_error (error, DG_ERROR, DG_ERROR_READ_ONLY,
               _("“%s” holds Diogelu schema %d and this Diogelu needs schema %d, which only the tables' owner may "
                 "upgrade; your database role “%s” may not: ask your administrator to run `diogelu-cli init`. "
                 "The database was not changed."),
               shown, version, dg_db_schema_version (), PQuser (self->pg));
}

char *
dg_db_probe (const char  *location,
             GError     **error)
{
  g_autoptr(DgDb) db = NULL;
  g_autofree char *shown = dg_db_location_for_display (location);
  gboolean uri = dg_db_location_is_uri (location);
  gboolean has_row = FALSE;
  DgStmt *stmt;
  gint64 referrals;
  int version;

  if (!uri && !g_path_is_absolute (location))
    {
      g_set_error (error, DG_ERROR, DG_ERROR_INVALID,
                   _("“%s” is neither a full file path (starting with /) nor a postgresql:// address"), location);
      return NULL;
    }
  if (!uri && !g_file_test (location, G_FILE_TEST_EXISTS))
    {
      /* The file, and any folders missing on its way, are made at the next
       * start: the nearest folder that exists must let us write. */
      g_autofree char *folder = g_path_get_dirname (location);

      while (!g_file_test (folder, G_FILE_TEST_IS_DIR))
        {
          char *parent = g_path_get_dirname (folder);
          g_free (folder);
          folder = parent;
        }
      if (access (folder, W_OK) != 0)
        {
          g_set_error (error, DG_ERROR, DG_ERROR_READ_ONLY,
                       _("No database at “%s”, and its folder cannot be written: choose a folder you may write to"), shown);
          return NULL;
        }
      return g_strdup_printf (_("No database at “%s” yet: Diogelu creates one there when it next starts."), shown);
    }

  /* Read only, never upgraded: nothing here writes, so no hooks. */
  db = dg_db_open_with_hooks (location, DG_DB_OPEN_READ_ONLY | DG_DB_OPEN_NO_MIGRATE, NULL, error);
  if (db == NULL)
    return NULL;
  version = dg_db_get_user_version (db);
  if (version <= 0 && uri)
    {
      g_autofree char *how = dg_db_describe_connection (db, NULL);

      return g_strconcat (_("The PostgreSQL server answers, and the database is empty: "
                            "Diogelu creates its tables when it next starts."), " ", how, NULL);
    }
  if (version <= 0)
    return g_strdup (_("The file is empty: Diogelu creates its tables when it next starts."));
  /* A newer schema was refused by dg_db_open () already, on either engine. */
  if (version < dg_db_schema_version () && uri && !pg_may_alter_schema (db))
    {
      dg_db_pg_set_upgrade_refused (db, error, version);
      return NULL;
    }
  if (version < dg_db_schema_version ())
    return g_strdup_printf (_("A Diogelu database at schema %d: Diogelu upgrades it to schema %d when it next starts."),
                            version, dg_db_schema_version ());

  stmt = dg_db_prepare (db, "SELECT count (*) FROM referral", error);
  if (stmt == NULL || !dg_db_step (db, stmt, &has_row, error))
    return NULL;
  referrals = dg_stmt_column_int64 (stmt, 0);
  dg_stmt_reset (stmt);
  if (uri)
    {
      g_autofree char *how = dg_db_describe_connection (db, NULL);
      g_autofree char *what = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "The PostgreSQL server answers: a Diogelu database (schema %d) with %d referral.",
                                                            "The PostgreSQL server answers: a Diogelu database (schema %d) with %d referrals.",
                                                            referrals),
                                               version, (int) MIN (referrals, G_MAXINT));

      return g_strconcat (what, " ", how, NULL);
    }
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "The file opens: a Diogelu database (schema %d) with %d referral.",
                                       "The file opens: a Diogelu database (schema %d) with %d referrals.",
                                       referrals),
                          version, (int) MIN (referrals, G_MAXINT));
}

/* Folds again, with dg_name_fold () of today, the keys of the children's
 * names (and of the legal holds on a child) that held a letter outside
 * ASCII: since schema 23 the Latin letters no accent comes off (ł, ø, æ)
 * are spelt in ASCII, as the trigram index and the matching expect. Only
 * those keys can change; inside the step's transaction. */
static gboolean
refold_names (DgDb    *self,
              GError **error)
{
  static const char * const tables[] = { "child", "retention_hold" };

  for (guint t = 0; t < G_N_ELEMENTS (tables); t++)
    {
      g_autofree char *select = g_strdup_printf ("SELECT id, name, name_key FROM %s WHERE %s", tables[t],
                                                 DG_DB_SQL (self, "name_key GLOB '*[^ 0-9a-z]*'", "name_key ~ '[^ 0-9a-z]'"));
      g_autofree char *update = g_strdup_printf ("UPDATE %s SET name_key = ?1 WHERE id = ?2", tables[t]);
      g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
      gboolean has_row = FALSE;
      DgStmt *stmt = dg_db_prepare (self, select, error);

      if (stmt == NULL)
        return FALSE;
      while (dg_db_step (self, stmt, &has_row, error) && has_row)
        {
          g_autofree char *key = dg_name_fold (dg_stmt_column_text (stmt, 1));
          gint64 id = dg_stmt_column_int64 (stmt, 0);

          if (g_strcmp0 (key, dg_stmt_column_text (stmt, 2)) == 0)
            continue;
          g_array_append_val (ids, id);
          g_ptr_array_add (keys, g_steal_pointer (&key));
        }
      dg_stmt_reset (stmt);
      if (error != NULL && *error != NULL)
        return FALSE;
      for (guint i = 0; i < ids->len; i++)
        if (!dg_db_run (self, update, error, DG_TEXT (keys->pdata[i]), DG_INT (g_array_index (ids, gint64, i))))
          return FALSE;
    }
  return TRUE;
}

gboolean
dg_db_apply_migration (DgDb    *self,
                       int      version,
                       GError **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *pragma = NULL;
  g_autofree char *sql = NULL;
  const char *data;
  gsize len = 0;

  g_return_val_if_fail (DG_IS_DB (self), FALSE);
  g_return_val_if_fail (version >= 1 && version <= dg_db_schema_version (), FALSE);

  bytes = g_resources_lookup_data (migrations[version - 1], 0, error);
  if (bytes == NULL)
    return FALSE;

  data = g_bytes_get_data (bytes, &len);
  sql = g_strndup (data, len);
  pragma = g_strdup_printf ("PRAGMA user_version = %d; PRAGMA application_id = %d;",
                            version, DG_APPLICATION_ID);

  /* One transaction per step: a crash mid-upgrade leaves the previous version intact. */
  if (!dg_db_begin (self, error))
    return FALSE;

  if (!dg_db_exec (self, sql, error) ||
      (version == DG_REFOLD_VERSION && !refold_names (self, error)) ||
      !dg_db_exec (self, pragma, error) ||
      !dg_db_commit (self, error))
    {
      dg_db_rollback (self);
      g_prefix_error (error, _("Upgrading the database to version %d failed: "), version);
      return FALSE;
    }

  return TRUE;
}

static gboolean
ensure_file (const char  *path,
             gboolean     read_only,
             GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  int fd;

  if (read_only)
    return TRUE;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, DG_ERROR, DG_ERROR_IO,
                   _("Cannot create the data folder “%s”: %s. Choose a database in a folder you can write (--db or DIOGELU_DB)."),
                   dir, g_strerror (saved));
      return FALSE;
    }

  /* Create the file ourselves so it is owner-only from its first byte; SQLite
   * gives the -wal and -shm files the same permissions. Only when it does not
   * exist yet: closing a descriptor of a file this process already has open
   * would drop every POSIX lock SQLite holds on it for another connection,
   * and another process could then reset the write-ahead log under it. */
  fd = g_open (path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0 && errno == EEXIST)
    return TRUE;
  if (fd < 0)
    {
      int saved = errno;

      if (saved == EACCES || saved == EROFS || saved == EPERM)
        {
          if (g_file_test (path, G_FILE_TEST_EXISTS))
            return TRUE; /* opened read-only below */
        }

      g_set_error (error, DG_ERROR, saved == ENOSPC ? DG_ERROR_FULL : DG_ERROR_IO,
                   _("Cannot create the database “%s”: %s. Choose a database in a folder you can write (--db or DIOGELU_DB)."),
                   path, g_strerror (saved));
      return FALSE;
    }
  close (fd);

  return TRUE;
}

static gboolean
table_count (DgDb    *self,
             int     *count,
             GError **error)
{
  *count = dg_db_pragma_int (self, "SELECT count(*) FROM sqlite_master", error);
  return *count >= 0;
}

static gboolean
verify_and_migrate (DgDb           *self,
                    DgDbOpenFlags   flags,
                    GError        **error)
{
  int app_id;
  int version;
  int tables;
  GError *local_error = NULL;

  /* The first read is where SQLite discovers that the file is not a database. */
  if (!table_count (self, &tables, &local_error))
    {
      if (local_error->code == DG_ERROR_NOT_A_DATABASE || local_error->code == DG_ERROR_CORRUPT)
        {
          g_set_error (error, DG_ERROR, local_error->code,
                       _("“%s” is not a Diogelu database, or it is damaged. Choose another file, or restore from a backup."),
                       self->path);
          g_clear_error (&local_error);
        }
      else
        g_propagate_error (error, local_error);
      return FALSE;
    }

  if (!dg_db_exec (self, "PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL;", error))
    return FALSE;
  /* 3 MiB of page cache (SQLite's default is 2): at a million referrals,
   * reading a page of rows between two keystrokes otherwise pushes the
   * search index's pages out (the rare-prefix search measured 1.25-1.31 times
   * the bare query with 2 MiB, 1.10-1.12 with 3; 4 brought no more and
   * took the app's memory to twice the bare window's). */
  if ((flags & DG_DB_OPEN_SMALL_CACHE) == 0 && !dg_db_exec (self, "PRAGMA cache_size = -3072", error))
    return FALSE;

  app_id = dg_db_pragma_int (self, "PRAGMA application_id", error);
  version = dg_db_pragma_int (self, "PRAGMA user_version", error);
  if (app_id < 0 || version < 0)
    return FALSE;

  if ((app_id != 0 && app_id != DG_APPLICATION_ID) ||
      (app_id == 0 && (version != 0 || tables > 0)))
    {
      g_set_error (error, DG_ERROR, DG_ERROR_NOT_A_DATABASE,
                   _("“%s” is an SQLite file of another program, not a Diogelu database. It was not changed; choose another file."),
                   self->path);
      return FALSE;
    }

  if (version > dg_db_schema_version ())
    {
      g_set_error (error, DG_ERROR, DG_ERROR_TOO_NEW,
                   _("“%s” was written by a newer version of Diogelu (schema %d; this version knows up to %d). Update Diogelu to open it; the file was not changed."),
                   self->path, version, dg_db_schema_version ());
      return FALSE;
    }

  if (!self->read_only && !dg_db_exec (self, "PRAGMA journal_mode = WAL", error))
    return FALSE;

  if (version == dg_db_schema_version () || (flags & DG_DB_OPEN_NO_MIGRATE) != 0)
    return TRUE;

  if (self->read_only)
    {
      g_set_error (error, DG_ERROR, DG_ERROR_READ_ONLY,
                   _("“%s” needs upgrading from schema %d to %d but it cannot be written. Open it once with write access."),
                   self->path, version, dg_db_schema_version ());
      return FALSE;
    }

  for (int v = version + 1; v <= dg_db_schema_version (); v++)
    if (!dg_db_apply_migration (self, v, error))
      return FALSE;

  return TRUE;
}

static int
busy_timeout_ms (void)
{
  const char *env = g_getenv ("DIOGELU_BUSY_TIMEOUT_MS");
  guint64 ms;

  if (env != NULL && g_ascii_string_to_unsigned (env, 10, 0, G_MAXINT, &ms, NULL))
    return (int) ms;

  return DG_BUSY_TIMEOUT_MS;
}

/* pg/001-schema.sql creates a PostgreSQL database at this schema; each later
 * SQLite step NNN-name.sql has a PostgreSQL twin pg/NNN-name.sql. */
#define DG_PG_BASELINE_VERSION 6

/* Runs one schema step from the resources; @version, when not 0, is then
 * recorded in dg_schema. */
static gboolean
pg_apply_step (DgDb        *self,
               const char  *resource,
               int          version,
               GError     **error)
{
  g_autoptr(GBytes) bytes = g_resources_lookup_data (resource, 0, error);
  g_autofree char *sql = NULL;
  g_autofree char *record = NULL;

  if (bytes == NULL)
    return FALSE;
  sql = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  if (!dg_db_exec (self, sql, error))
    return FALSE;
  if (version == 0)
    return TRUE;
  record = g_strdup_printf ("UPDATE dg_schema SET version = %d", version);
  return dg_db_exec (self, record, error);
}

/* A PostgreSQL database: created at the current schema when empty (under
 * the write lock, so two first connections do not both create it). */
static gboolean
pg_verify_and_create (DgDb           *self,
                      DgDbOpenFlags   flags,
                      GError        **error)
{
  g_autofree char *shown = dg_pg_uri_for_display (self->path);
  int version;

  if (!dg_db_pg_begin_write (self, error))
    return FALSE;
  version = 0;
  if (dg_db_pg_int (self, "SELECT CAST (to_regclass ('dg_schema') IS NOT NULL AS integer)", 0) != 0)
    {
      /* Without this, a role that may not read the tables reads schema -1. */
      if (dg_db_pg_int (self, "SELECT CAST (has_table_privilege ('dg_schema', 'SELECT') AS integer)", 0) == 0)
        {
          dg_pg_exec (self->pg, "ROLLBACK", NULL);
          g_set_error (error, DG_ERROR, DG_ERROR_READ_ONLY,
                       _("Your database role “%s” lacks privileges on the Diogelu tables in “%s”: ask your administrator "
                         "to make it a member of the role diogelu_practitioner (or diogelu_reader), as the README's "
                         "“Running a shared hub on PostgreSQL” describes."),
                       PQuser (self->pg), shown);
          return FALSE;
        }
      version = dg_db_get_user_version (self);
    }

  if (version > dg_db_schema_version ())
    {
      dg_pg_exec (self->pg, "ROLLBACK", NULL);
      g_set_error (error, DG_ERROR, DG_ERROR_TOO_NEW,
                   _("“%s” was written by a newer version of Diogelu (schema %d; this version knows up to %d). Update Diogelu to open it; the database was not changed."),
                   shown, version, dg_db_schema_version ());
      return FALSE;
    }
  if (version == dg_db_schema_version () &&
      ((flags & (DG_DB_OPEN_NO_MIGRATE | DG_DB_OPEN_READ_ONLY)) != 0 || !pg_may_alter_schema (self)))
    return dg_db_exec (self, "COMMIT", error);
  if ((flags & DG_DB_OPEN_NO_MIGRATE) != 0)
    return dg_db_exec (self, "COMMIT", error);
  if (version >= DG_PG_BASELINE_VERSION && !pg_may_alter_schema (self))
    {
      dg_pg_exec (self->pg, "ROLLBACK", NULL);
      dg_db_pg_set_upgrade_refused (self, error, version);
      return FALSE;
    }
  if (version != 0 && version < DG_PG_BASELINE_VERSION)
    {
      dg_pg_exec (self->pg, "ROLLBACK", NULL);
      g_set_error (error, DG_ERROR, DG_ERROR_NOT_A_DATABASE,
                   _("“%s” holds Diogelu schema %d, which this version cannot upgrade on PostgreSQL. The database was not changed."),
                   shown, version);
      return FALSE;
    }

  /* An empty database gets the baseline (schema 6), then each numbered step
   * after it, all under the write lock taken above and in this one
   * transaction: a failed step leaves the database as it was. */
  if (version == 0 &&
      !pg_apply_step (self, "/io/github/diogelu/Diogelu/core/sql/pg/001-schema.sql", 0, error))
    {
      dg_pg_exec (self->pg, "ROLLBACK", NULL);
      g_prefix_error (error, _("Creating the Diogelu tables in “%s” failed: "), shown);
      return FALSE;
    }
  for (int v = MAX (version, DG_PG_BASELINE_VERSION) + 1; v <= dg_db_schema_version (); v++)
    {
      g_autofree char *name = g_path_get_basename (migrations[v - 1]);
      g_autofree char *step = g_strconcat ("/io/github/diogelu/Diogelu/core/sql/pg/", name, NULL);

      if (!pg_apply_step (self, step, v, error) ||
          (v == DG_REFOLD_VERSION && !refold_names (self, error)))
        {
          dg_pg_exec (self->pg, "ROLLBACK", NULL);
          g_prefix_error (error, _("Upgrading “%s” to schema %d failed; the database was not changed: "), shown, v);
          return FALSE;
        }
    }
  /* What the steps marked (clocks to compute again) is done before they
   * commit, as for any other write. */
  if (!pg_apply_step (self, "/io/github/diogelu/Diogelu/core/sql/pg/roles.sql", 0, error) ||
      (self->hooks != NULL && self->hooks->before_commit != NULL && !self->hooks->before_commit (self, error)) ||
      !dg_db_exec (self, "COMMIT", error))
    {
      dg_pg_exec (self->pg, "ROLLBACK", NULL);
      return FALSE;
    }
  return TRUE;
}

static DgDbPasswordFunc password_func;

void
dg_db_set_password_func (DgDbPasswordFunc func)
{
  password_func = func;
}

/* libpq's notices (a server going down says so to every idle session) are
 * for a developer's eyes, never the terminal of a script. */
static void
pg_notice (void       *data,
           const char *message)
{
  g_debug ("PostgreSQL: %s", message);
}

static DgDb *
open_pg (const char       *uri,
         DgDbOpenFlags     flags,
         const DgDbHooks  *hooks,
         GError          **error)
{
  g_autoptr(DgDb) self = g_object_new (DG_TYPE_DB, NULL);
  gboolean asked = FALSE;
  /* Defaults first and the address last, so whatever the address (or
   * PGCONNECT_TIMEOUT) says wins: a server that does not answer is given
   * up on after 10 s rather than libpq's for ever, and the server's
   * pg_stat_activity names the program. */
  const char *timeout = g_getenv ("PGCONNECT_TIMEOUT");
  const char *keywords[] = { "fallback_application_name", "connect_timeout", "dbname", NULL };
  const char *values[] = { g_get_prgname () ? g_get_prgname () : "diogelu",
                           timeout && *timeout ? timeout : "10", uri, NULL };

  self->path = g_strdup (uri);
  self->hooks = hooks;
  self->read_only = (flags & DG_DB_OPEN_READ_ONLY) != 0;
  if (!dg_libpq_load (error))
    return NULL;
  self->pg = PQconnectdbParams (keywords, values, TRUE);
  if (self->pg != NULL && PQstatus (self->pg) != CONNECTION_OK &&
      PQconnectionNeedsPassword (self->pg) && password_func != NULL)
    {
      g_autofree char *shown = dg_pg_uri_for_display (uri);
      char *password = password_func (shown);

      if (password != NULL)
        {
          asked = TRUE;
          const char *with_keywords[] = { "fallback_application_name", "connect_timeout", "dbname", "password", NULL };
          const char *with_values[] = { values[0], values[1], uri, password, NULL };

          /* After the address, so the answer wins over what it lacked. */
          PQfinish (self->pg);
          self->pg = PQconnectdbParams (with_keywords, with_values, TRUE);
          memset (password, 0, strlen (password));
          g_free (password);
        }
    }
  if (self->pg == NULL || PQstatus (self->pg) != CONNECTION_OK)
    {
      if (self->pg != NULL && PQconnectionNeedsPassword (self->pg))
        {
          g_autofree char *shown = dg_pg_uri_for_display (uri);

          g_set_error (error, DG_ERROR, DG_ERROR_PASSWORD,
                       _("The database server at “%s” asks for a password, and none was given: put it in the PGPASSWORD "
                         "environment variable or a ~/.pgpass file (diogelu-cli also asks for it on a terminal)."),
                       shown);
          return NULL;
        }
      dg_db_pg_set_connect_error (self, error);
      /* A password that was asked for and refused is asked for again. */
      if (asked && error != NULL && *error != NULL && self->pg != NULL && PQconnectionUsedPassword (self->pg))
        (*error)->code = DG_ERROR_PASSWORD;
      return NULL;
    }
  PQsetNoticeProcessor (self->pg, pg_notice, NULL);

  if (!dg_db_pg_session_setup (self, error) ||
      !pg_verify_and_create (self, flags, error))
    return NULL;
  self->pg_listening = TRUE;
  if (!dg_db_pg_session_setup (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

/* A program killed in the middle of a write in rollback-journal mode (a
 * backup's first read-write open switching it to WAL, say) leaves a hot
 * journal, which a read-only connection cannot roll back: every read fails
 * until something writes. Rolling it back restores the last committed state,
 * as any read-write open would; SQLite's locks keep it from touching the
 * journal of a write still under way. */
static gboolean
recover_hot_journal (const char  *path,
                     GError     **error)
{
  g_autofree char *journal = g_strconcat (path, "-journal", NULL);
  sqlite3 *handle = NULL;
  GStatBuf st;
  int rc;

  if (g_stat (journal, &st) != 0 || st.st_size == 0)
    return TRUE;

  rc = sqlite3_open_v2 (path, &handle, SQLITE_OPEN_READWRITE, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_busy_timeout (handle, busy_timeout_ms ());
      rc = sqlite3_exec (handle, "SELECT count(*) FROM sqlite_master", NULL, NULL, NULL);
    }
  sqlite3_close_v2 (handle);
  if (rc == SQLITE_OK || rc == SQLITE_NOTADB)
    return TRUE;

  g_set_error (error, DG_ERROR, (rc & 0xff) == SQLITE_BUSY ? DG_ERROR_LOCKED : DG_ERROR_READ_ONLY,
               _("The database “%s” holds a write that was cut off (the journal “%s”), and only a read-write open can undo it. Run “diogelu-cli --db %s init” as someone who may write the file and its folder, then try again. Nothing was changed."),
               path, journal, path);
  return FALSE;
}

DgDb *
dg_db_open_with_hooks (const char       *path,
                       DgDbOpenFlags     flags,
                       const DgDbHooks  *hooks,
                       GError          **error)
{
  g_autoptr(DgDb) self = NULL;
  gboolean read_only;
  GStatBuf st;
  int sqlite_flags;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);

  g_resources_register (dg_core_get_resource ());

  if (dg_pg_is_uri (path))
    return open_pg (path, flags, hooks, error);

  /* A named pipe would block the open for ever, a folder or a device is no
   * database: only a regular file, or a path to create one at. */
  if (g_stat (path, &st) == 0 && !S_ISREG (st.st_mode))
    {
      g_set_error (error, DG_ERROR, DG_ERROR_INVALID,
                   _("“%s” is not a regular file (it is a folder, a named pipe or a device), so it cannot be a database. Choose a database file, or a path where one can be created (--db or DIOGELU_DB)."),
                   path);
      return NULL;
    }

  read_only = (flags & DG_DB_OPEN_READ_ONLY) != 0;
  if (!read_only && g_file_test (path, G_FILE_TEST_EXISTS) && g_access (path, W_OK) != 0)
    read_only = TRUE;

  if (read_only && !recover_hot_journal (path, error))
    return NULL;

  if (!ensure_file (path, read_only, error))
    return NULL;

  if (!read_only && g_access (path, W_OK) != 0)
    read_only = TRUE;

  self = g_object_new (DG_TYPE_DB, NULL);
  self->path = g_strdup (path);
  self->read_only = read_only;

  sqlite_flags = SQLITE_OPEN_FULLMUTEX | (read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE);
  rc = sqlite3_open_v2 (path, &self->handle, sqlite_flags, NULL);
  if (rc != SQLITE_OK)
    {
      dg_db_set_error_rc (self, error, rc,
                    self->handle ? sqlite3_errmsg (self->handle) : sqlite3_errstr (rc),
                    path);
      return NULL;
    }

  sqlite3_extended_result_codes (self->handle, 1);
  sqlite3_busy_timeout (self->handle, busy_timeout_ms ());
  /* The audit trail's links (schema 19) are made by its trigger with this. */
  dg_audit_chain_register (self->handle);
  /* The names of the search index are folded with this (schema 23). */
  sqlite3_create_function_v2 (self->handle, "dg_fold", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
                              NULL, fold_function, NULL, NULL, NULL);
  self->hooks = hooks;
  if (hooks != NULL && hooks->opened != NULL)
    hooks->opened (self);

  if (!verify_and_migrate (self, flags, error))
    return NULL;

  /* Temporary files in memory, statement journals among them. Since schema
   * 5 every clock write runs the report totals' triggers, so it needs a
   * statement journal; on disk each one is a 64 KiB buffer allocated and
   * freed per statement, and the heap is trimmed and regrown every time
   * (a demo or an import ran four times slower). */
  if (!dg_db_exec (self, "PRAGMA temp_store = MEMORY", error))
    return NULL;

  return g_steal_pointer (&self);
}
