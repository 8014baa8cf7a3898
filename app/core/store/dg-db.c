#include "config.h"

#include <errno.h>
#include <unistd.h>
#include <string.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "dg-db-private.h"
#include "dg-file.h"
#include "dg-time.h"
#include "dg-core-resources.h"

/* 'DGLU': marks the file as ours, so another program's SQLite file is never "upgraded". */
#define DG_APPLICATION_ID 0x44474c55

/* How long a write waits for another program's transaction before giving up;
 * $DIOGELU_BUSY_TIMEOUT_MS overrides it (the tests wait a second, not five). */
#define DG_BUSY_TIMEOUT_MS 5000

/* Where SQLite's unix VFS takes its write locks: the WAL write lock on byte
 * 120 of the -shm file (WAL mode), RESERVED and PENDING on the database file
 * (rollback-journal mode). */
#define DG_SHM_WRITE_LOCK_BYTE 120
#define DG_DB_RESERVED_BYTE    0x40000001
#define DG_DB_PENDING_BYTE     0x40000000

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
};

struct _DgDb
{
  GObject     parent_instance;

  sqlite3    *handle;
  PGconn     *pg;          /* instead of @handle on PostgreSQL */
  gint64      pg_changes;
  gint64      pg_version;  /* notifications from other sessions seen */
  char       *path;
  GHashTable *statements;
  GDateTime  *now;
  char       *actor;
  guint       read_only : 1;
  guint       in_transaction : 1;
  guint64     writes;      /* write transactions begun */
  guint       pg_listening : 1;  /* the session is set up for the app */
  guint       pg_reconnects;
  GPtrArray  *pg_sent;     /* statements sent ahead, not yet answered
                            * (NULL for one whose result nobody reads) */
  const DgDbHooks *hooks;
};

/* Every write transaction on PostgreSQL takes this advisory lock first, so
 * writers queue one after another as BEGIN IMMEDIATE makes them on SQLite,
 * and a check made inside a transaction still holds at its commit. */
#define DG_PG_WRITE_LOCK "SELECT pg_advisory_xact_lock (1145523285)"

G_DEFINE_FINAL_TYPE (DgDb, dg_db, G_TYPE_OBJECT)

static void
dg_db_finalize (GObject *object)
{
  DgDb *self = (DgDb *)object;

  g_clear_pointer (&self->statements, g_hash_table_unref);
  g_clear_pointer (&self->pg_sent, g_ptr_array_unref);
  g_clear_pointer (&self->pg, PQfinish);
  if (self->handle != NULL)
    {
      sqlite3_close_v2 (self->handle);
      self->handle = NULL;
    }
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->now, g_date_time_unref);
  g_clear_pointer (&self->actor, g_free);

  G_OBJECT_CLASS (dg_db_parent_class)->finalize (object);
}

static void
dg_db_class_init (DgDbClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = dg_db_finalize;
}

static void
statement_free (gpointer data)
{
  DgStmt *stmt = data;

  if (stmt->lite == NULL)
    {
      dg_pg_stmt_free (stmt);
      return;
    }
  sqlite3_finalize (stmt->lite);
  g_free (stmt);
}

static void
dg_db_init (DgDb *self)
{
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, statement_free);
  self->pg_sent = g_ptr_array_new ();
}

int
dg_db_schema_version (void)
{
  return G_N_ELEMENTS (migrations);
}

char *
dg_db_default_path (const char *explicit_path)
{
  const char *env;

  if (explicit_path != NULL && *explicit_path != '\0')
    return g_strdup (explicit_path);

  env = g_getenv ("DIOGELU_DB");
  if (env != NULL && *env != '\0')
    return g_strdup (env);

  return dg_db_data_folder_file ();
}

char *
dg_db_data_folder_file (void)
{
  return g_build_filename (g_get_user_data_dir (), "diogelu", "diogelu.db", NULL);
}

static int
code_for_sqlite (int rc)
{
  switch (rc & 0xff)
    {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return DG_ERROR_LOCKED;
    case SQLITE_FULL:
      return DG_ERROR_FULL;
    case SQLITE_NOTADB:
      return DG_ERROR_NOT_A_DATABASE;
    case SQLITE_CORRUPT:
      return DG_ERROR_CORRUPT;
    case SQLITE_READONLY:
      return DG_ERROR_READ_ONLY;
    case SQLITE_CANTOPEN:
    case SQLITE_IOERR:
    case SQLITE_PERM:
      return DG_ERROR_IO;
    case SQLITE_CONSTRAINT:
    case SQLITE_TOOBIG:
    case SQLITE_MISMATCH:
      return DG_ERROR_INVALID;
    default:
      return DG_ERROR_FAILED;
    }
}

static const char *
advice_for_code (int code)
{
  switch (code)
    {
    case DG_ERROR_LOCKED:
      return _("Another program is writing to the database. Wait a moment and try again; if it persists, close other copies of Diogelu.");
    case DG_ERROR_FULL:
      return _("The disk is full. Free some space and try again; nothing was saved.");
    case DG_ERROR_NOT_A_DATABASE:
      return _("The file is not a Diogelu database. Choose another file, or restore from a backup.");
    case DG_ERROR_CORRUPT:
      return _("The database is damaged. Restore it from a backup, and keep the damaged file for support.");
    case DG_ERROR_READ_ONLY:
      return _("The database cannot be written. Check the file's permissions, or open a copy you can write.");
    case DG_ERROR_IO:
      return _("The file could not be read or written. Check that the disk is present and the folder is writable.");
    default:
      return NULL;
    }
}

/* The process holding a write lock on byte @offset of @path, or 0. Asked
 * with F_GETLK on a descriptor this process already has open on the file
 * (SQLite's own): opening and closing another one would drop every POSIX
 * lock this process holds on the file (see ensure_file). F_GETLK only reads,
 * and never reports this process's own locks. */
static pid_t
lock_holder_at (const char *path,
                off_t       offset)
{
  g_autoptr(GDir) fds = NULL;
  struct stat target;
  const char *name;

  if (stat (path, &target) != 0)
    return 0;
  fds = g_dir_open ("/proc/self/fd", 0, NULL);
  if (fds == NULL)
    return 0;

  while ((name = g_dir_read_name (fds)) != NULL)
    {
      struct flock lock = { 0 };
      struct stat st;
      guint64 fd;

      if (!g_ascii_string_to_unsigned (name, 10, 0, G_MAXINT, &fd, NULL) ||
          fstat ((int) fd, &st) != 0 ||
          st.st_dev != target.st_dev || st.st_ino != target.st_ino)
        continue;

      lock.l_type = F_WRLCK;
      lock.l_whence = SEEK_SET;
      lock.l_start = offset;
      lock.l_len = 1;
      if (fcntl ((int) fd, F_GETLK, &lock) != 0)
        continue;
      /* l_pid is 0 for a holder outside this process's PID namespace. */
      return lock.l_type != F_UNLCK && lock.l_pid > 0 ? lock.l_pid : 0;
    }

  return 0;
}

/* Advice naming the program that holds the write lock, or %NULL when it
 * cannot be found (the generic advice then says "another program"). */
static char *
lock_holder_advice (DgDb *self)
{
  g_autofree char *shm = NULL;
  g_autofree char *comm_path = NULL;
  g_autofree char *comm = NULL;
  pid_t pid;

  if (self == NULL || self->path == NULL)
    return NULL;

  shm = g_strconcat (self->path, "-shm", NULL);
  pid = lock_holder_at (shm, DG_SHM_WRITE_LOCK_BYTE);
  if (pid == 0)
    pid = lock_holder_at (self->path, DG_DB_RESERVED_BYTE);
  if (pid == 0)
    pid = lock_holder_at (self->path, DG_DB_PENDING_BYTE);
  if (pid == 0)
    return NULL;

  comm_path = g_strdup_printf ("/proc/%d/comm", (int) pid);
  if (g_file_get_contents (comm_path, &comm, NULL, NULL))
    g_strstrip (comm);
  if (comm != NULL && *comm != '\0' && g_utf8_validate (comm, -1, NULL))
    return g_strdup_printf (_("Process %d (%s) is writing to the database. Wait for it to finish and try again, or close that program."),
                            (int) pid, comm);

  return g_strdup_printf (_("Process %d is writing to the database. Wait for it to finish and try again, or close that program."),
                          (int) pid);
}

/* @self, when known, lets a "busy" error name the program in the way. */
static void
set_error_rc (DgDb        *self,
              GError     **error,
              int          rc,
              const char  *sqlite_message,
              const char  *what)
{
  int code = code_for_sqlite (rc);
  g_autofree char *holder = NULL;
  const char *advice;
  int saved = self != NULL && self->handle != NULL ? sqlite3_system_errno (self->handle) : 0;

  /* SQLite says "disk I/O error" when a full disk fails something other
   * than a plain write (growing the shared memory, a sync, a quota): the
   * cause is named as it is, with what to do about it. */
  if ((rc & 0xff) == SQLITE_IOERR && (saved == ENOSPC || saved == EDQUOT || saved == EFBIG))
    {
      code = DG_ERROR_FULL;
      sqlite_message = g_strerror (saved);
    }

  if ((rc & 0xff) == SQLITE_BUSY)
    holder = lock_holder_advice (self);
  advice = holder != NULL ? holder : advice_for_code (code);
  if (saved == EFBIG)
    advice = _("The file would grow past the size this session may write (ulimit -f); nothing was saved.");

  g_set_error (error, DG_ERROR, code, "%s: %s%s%s",
               what, sqlite_message,
               advice ? ". " : "", advice ? advice : "");
}

void
dg_db_set_error (DgDb        *self,
                 GError     **error,
                 const char  *what)
{
  g_return_if_fail (DG_IS_DB (self));

  if (self->pg != NULL)
    {
      dg_pg_set_error (self->pg, NULL, error, what);
      return;
    }
  set_error_rc (self, error, sqlite3_extended_errcode (self->handle),
                sqlite3_errmsg (self->handle), what);
}

/* What every session needs, on the first connection and after each
 * reconnect: times are stored as text in local wall-clock time, as on
 * SQLite, so only UTF-8 and quiet notices; then the change notifications
 * the window watches, and read-only when asked. */
static gboolean
pg_session_setup (DgDb    *self,
                  GError **error)
{
  if (!dg_pg_exec (self->pg, "SET client_encoding = 'UTF8'; SET client_min_messages = warning", error))
    return FALSE;
  if (!self->pg_listening)
    return TRUE;
  return dg_pg_exec (self->pg, "LISTEN diogelu_changed", error) &&
         (!self->read_only || dg_pg_exec (self->pg, "SET default_transaction_read_only = on", error));
}

static void
pg_set_connect_error (DgDb    *self,
                      GError **error)
{
  g_autofree char *shown = dg_pg_uri_for_display (self->path);
  g_autoptr(GRegex) spaces = g_regex_new ("  +", 0, 0, NULL);
  g_autofree char *raw = g_strdelimit (g_strdup (self->pg ? PQerrorMessage (self->pg) : ""), "\n\t", ' ');
  g_autofree char *message = g_regex_replace_literal (spaces, g_strstrip (raw), -1, 0, " ", 0, NULL);
  /* libpq echoes an address it cannot parse, password and all. */
  g_autofree char *scrubbed = dg_pg_scrub (message ? message : raw, self->path);

  g_set_error (error, DG_ERROR, DG_ERROR_IO,
               _("Cannot connect to the database server at “%s” (%s). Check the address, that the server is running and that your role may log in."),
               shown, scrubbed);
}

static void
forget_prepared (gpointer  key,
                 DgStmt   *stmt,
                 gpointer  user_data)
{
  if (stmt->lite == NULL)
    dg_pg_stmt_unprepare (stmt);
}

/* A connection the server dropped (a restart for a security update, a
 * network cut) is made again with the same parameters before the next
 * transaction or read. Never inside a transaction: a cut there took the
 * transaction's changes with it, and the statement that met it said so. */
static gboolean
pg_reset (DgDb    *self,
          GError **error)
{
  PQreset (self->pg);
  if (PQstatus (self->pg) != CONNECTION_OK)
    {
      pg_set_connect_error (self, error);
      return FALSE;
    }
  self->pg_reconnects++;
  /* The statements prepared on the old session went with it. */
  g_hash_table_foreach (self->statements, (GHFunc) forget_prepared, NULL);
  /* What others saved meanwhile was never announced: count it as a change. */
  self->pg_version++;
  return pg_session_setup (self, error);
}

static gboolean
pg_reconnect (DgDb    *self,
              GError **error)
{
  return PQstatus (self->pg) == CONNECTION_OK || pg_reset (self, error);
}

/* The statements sent ahead (dg_db_step_later) answered: the first of
 * them that failed fails what comes next. */
static gboolean
pg_settle (DgDb    *self,
           GError **error)
{
  return dg_pg_pipeline_end (self->pg, self->pg_sent, &self->pg_changes, NULL, error);
}

/* Runs @sql, which starts a transaction or only reads: when it meets a
 * connection dropped while idle, nothing has happened yet, so it reconnects
 * and tries once more. */
static gboolean
pg_exec_fresh (DgDb        *self,
               const char  *sql,
               GError     **error)
{
  GError *local_error = NULL;

  if (!pg_reconnect (self, error))
    return FALSE;
  if (dg_pg_exec (self->pg, sql, &local_error))
    return TRUE;
  if (PQstatus (self->pg) != CONNECTION_BAD)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  g_clear_error (&local_error);
  return pg_reset (self, error) && dg_pg_exec (self->pg, sql, error);
}

/* A write transaction on PostgreSQL: BEGIN, then the write lock. */
static gboolean
pg_begin_write (DgDb    *self,
                GError **error)
{
  if (pg_exec_fresh (self, "BEGIN; " DG_PG_WRITE_LOCK, error))
    return TRUE;
  dg_pg_exec (self->pg, "ROLLBACK", NULL);
  return FALSE;
}

/* The same, sent ahead of the transaction's first statement, which then
 * costs no round trip of its own. A server that ended the session while it
 * was idle (a restart) said so on the socket: that is read first, and the
 * connection made again before anything is sent. */
static gboolean
pg_begin_ahead (DgDb    *self,
                GError **error)
{
  /* Whatever is waiting on the socket, until it is empty: the farewell
   * message of a restart, then the end of the stream. */
  for (int i = 0; i < 8 && PQstatus (self->pg) == CONNECTION_OK; i++)
    {
      struct pollfd ready = { PQsocket (self->pg), POLLIN, 0 };

      if (poll (&ready, 1, 0) <= 0 || !PQconsumeInput (self->pg))
        break;
    }
  if (!pg_reconnect (self, error))
    return FALSE;
  if (dg_pg_send_sql (self->pg, "BEGIN", NULL))
    {
      g_ptr_array_add (self->pg_sent, NULL);
      if (dg_pg_send_sql (self->pg, DG_PG_WRITE_LOCK, NULL))
        {
          g_ptr_array_add (self->pg_sent, NULL);
          return TRUE;
        }
    }
  pg_settle (self, NULL);
  return pg_begin_write (self, error);
}

/* Its end: the clocks the change moved, then COMMIT, in the same pipeline
 * as every statement sent ahead (one round trip); rolled back on any
 * failure. After a failed statement the server skips whatever follows it up
 * to the sync, COMMIT included, so a transaction with a failure is never
 * committed (outside a pipeline PostgreSQL would answer that COMMIT with a
 * silent rollback). */
static gboolean
pg_commit_write (DgDb    *self,
                 GError **error)
{
  GError *local_error = NULL;
  gboolean lost = FALSE;

  if (self->hooks != NULL && self->hooks->before_commit != NULL && !self->hooks->before_commit (self, error))
    {
      pg_settle (self, NULL);
      dg_pg_exec (self->pg, "ROLLBACK", NULL);
      return FALSE;
    }
  if (dg_pg_send_sql (self->pg, "COMMIT", &local_error))
    {
      g_ptr_array_add (self->pg_sent, NULL);
      if (dg_pg_pipeline_end (self->pg, self->pg_sent, &self->pg_changes, &lost, &local_error))
        return TRUE;
    }
  else
    pg_settle (self, NULL);
  /* A server that ends the session says so, with a SQLSTATE, in place of
   * the answer to the statement it did not run, and then nothing was
   * committed; a connection that died with no such answer may have
   * committed or not. */
  if (lost)
    {
      g_clear_error (&local_error);
      g_set_error_literal (error, DG_ERROR, DG_ERROR_OUTCOME_UNKNOWN,
                           _("The connection to the database server was lost while the change was being committed, "
                             "so it is not known whether it was saved. Look for it before entering it again."));
      return FALSE;
    }
  g_propagate_error (error, local_error);
  dg_pg_exec (self->pg, "ROLLBACK", NULL);
  return FALSE;
}

/* On PostgreSQL a change outside dg_db_begin () is made whole as on
 * SQLite: the change, the clocks it moved, one commit under the write lock. */
static gboolean
pg_exec_atomic (DgDb        *self,
                const char  *sql,
                GError     **error)
{
  if (!self->in_transaction && !pg_reconnect (self, error))
    return FALSE;
  if (self->in_transaction || PQtransactionStatus (self->pg) != PQTRANS_IDLE ||
      dg_pg_is_transaction_control (sql))
    return pg_settle (self, error) && dg_pg_exec (self->pg, sql, error);

  if (!pg_begin_write (self, error))
    return FALSE;
  if (!dg_pg_exec (self->pg, sql, error))
    {
      dg_pg_exec (self->pg, "ROLLBACK", NULL);
      return FALSE;
    }
  return pg_commit_write (self, error);
}

gboolean
dg_db_exec (DgDb        *self,
            const char  *sql,
            GError     **error)
{
  char *message = NULL;
  int rc;

  g_return_val_if_fail (DG_IS_DB (self), FALSE);
  g_return_val_if_fail (sql != NULL, FALSE);

  if (self->pg != NULL)
    return pg_exec_atomic (self, sql, error);

  rc = sqlite3_exec (self->handle, sql, NULL, NULL, &message);
  if (rc != SQLITE_OK)
    {
      set_error_rc (self, error, rc, message ? message : sqlite3_errstr (rc),
                    _("Database error"));
      sqlite3_free (message);
      return FALSE;
    }

  return TRUE;
}

DgStmt *
dg_db_prepare (DgDb        *self,
               const char  *sql,
               GError     **error)
{
  DgStmt *stmt;
  sqlite3_stmt *lite;

  g_return_val_if_fail (DG_IS_DB (self), NULL);
  g_return_val_if_fail (sql != NULL, NULL);

  stmt = g_hash_table_lookup (self->statements, sql);
  if (stmt != NULL && self->pg != NULL)
    {
      dg_pg_stmt_clear (stmt);
      return stmt;
    }
  if (stmt != NULL)
    {
      sqlite3_reset (stmt->lite);
      sqlite3_clear_bindings (stmt->lite);
      return stmt;
    }

  if (self->pg != NULL)
    {
      stmt = dg_pg_stmt_new (sql);
      g_hash_table_insert (self->statements, g_strdup (sql), stmt);
      return stmt;
    }

  if (sqlite3_prepare_v3 (self->handle, sql, -1, SQLITE_PREPARE_PERSISTENT,
                          &lite, NULL) != SQLITE_OK)
    {
      dg_db_set_error (self, error, _("Database error"));
      return NULL;
    }

  stmt = g_new0 (DgStmt, 1);
  stmt->lite = lite;
  g_hash_table_insert (self->statements, g_strdup (sql), stmt);
  return stmt;
}

void
dg_stmt_bind_text (DgStmt     *stmt,
                   int         index,
                   const char *value)
{
  if (stmt->lite == NULL)
    dg_pg_stmt_bind (stmt, index, g_strdup (value), value != NULL ? TEXTOID : 0);
  else
    sqlite3_bind_text (stmt->lite, index, value, -1, SQLITE_TRANSIENT);
}

void
dg_stmt_bind_text_len (DgStmt     *stmt,
                       int         index,
                       const char *value,
                       gsize       length)
{
  if (stmt->lite == NULL)
    dg_pg_stmt_bind (stmt, index, value != NULL ? g_strndup (value, length) : NULL,
                     value != NULL ? TEXTOID : 0);
  else
    sqlite3_bind_text (stmt->lite, index, value, (int) length, SQLITE_TRANSIENT);
}

void
dg_stmt_bind_int64 (DgStmt *stmt,
                    int     index,
                    gint64  value)
{
  if (stmt->lite == NULL)
    dg_pg_stmt_bind (stmt, index, g_strdup_printf ("%" G_GINT64_FORMAT, value), INT8OID);
  else
    sqlite3_bind_int64 (stmt->lite, index, value);
}

void
dg_stmt_bind_null (DgStmt *stmt,
                   int     index)
{
  if (stmt->lite == NULL)
    dg_pg_stmt_bind (stmt, index, NULL, 0);
  else
    sqlite3_bind_null (stmt->lite, index);
}

int
dg_stmt_parameter_index (DgStmt     *stmt,
                         const char *name)
{
  if (stmt->lite != NULL)
    return sqlite3_bind_parameter_index (stmt->lite, name);
  for (int i = 0; i < stmt->n_params; i++)
    if (g_strcmp0 (stmt->names[i], name) == 0)
      return i + 1;
  return 0;
}

int
dg_stmt_parameter_count (DgStmt *stmt)
{
  return stmt->lite != NULL ? sqlite3_bind_parameter_count (stmt->lite) : stmt->n_params;
}

static gboolean
pg_has_value (DgStmt *stmt,
              int     column)
{
  return stmt->result != NULL && stmt->row >= 0 && stmt->row < PQntuples (stmt->result) &&
         column >= 0 && column < PQnfields (stmt->result) &&
         !PQgetisnull (stmt->result, stmt->row, column);
}

const char *
dg_stmt_column_text (DgStmt *stmt,
                     int     column)
{
  if (stmt->lite == NULL)
    return pg_has_value (stmt, column) ? PQgetvalue (stmt->result, stmt->row, column) : NULL;
  return (const char *) sqlite3_column_text (stmt->lite, column);
}

gint64
dg_stmt_column_int64 (DgStmt *stmt,
                      int     column)
{
  const char *value;

  if (stmt->lite != NULL)
    return sqlite3_column_int64 (stmt->lite, column);
  if (!pg_has_value (stmt, column))
    return 0;
  value = PQgetvalue (stmt->result, stmt->row, column);
  /* A comparison read as a number, as SQLite gives it. */
  if (g_str_equal (value, "t"))
    return 1;
  if (g_str_equal (value, "f"))
    return 0;
  return g_ascii_strtoll (value, NULL, 10);
}

int
dg_stmt_column_int (DgStmt *stmt,
                    int     column)
{
  if (stmt->lite == NULL)
    return (int) dg_stmt_column_int64 (stmt, column);
  return sqlite3_column_int (stmt->lite, column);
}

gboolean
dg_stmt_column_is_null (DgStmt *stmt,
                        int     column)
{
  if (stmt->lite == NULL)
    return !pg_has_value (stmt, column);
  return sqlite3_column_type (stmt->lite, column) == SQLITE_NULL;
}

int
dg_stmt_column_count (DgStmt *stmt)
{
  if (stmt->lite == NULL)
    return stmt->result != NULL ? PQnfields (stmt->result) : 0;
  return sqlite3_column_count (stmt->lite);
}

void
dg_stmt_reset (DgStmt *stmt)
{
  if (stmt->lite == NULL)
    {
      g_clear_pointer (&stmt->result, PQclear);
      stmt->row = -1;
      return;
    }
  sqlite3_reset (stmt->lite);
}

/* The number in the one row @sql returns on PostgreSQL, or @fallback. */
static gint64
pg_int (DgDb       *self,
        const char *sql,
        gint64      fallback)
{
  PGresult *result;
  gint64 value = fallback;

  if (!pg_settle (self, NULL))
    return fallback;
  result = PQexec (self->pg, sql);

  if (PQresultStatus (result) == PGRES_TUPLES_OK && PQntuples (result) == 1 &&
      !PQgetisnull (result, 0, 0))
    value = g_ascii_strtoll (PQgetvalue (result, 0, 0), NULL, 10);
  PQclear (result);
  return value;
}

gint64
dg_db_last_insert_id (DgDb *self)
{
  g_return_val_if_fail (DG_IS_DB (self), 0);

  if (self->pg != NULL)
    return pg_int (self, "SELECT lastval ()", 0);
  return sqlite3_last_insert_rowid (self->handle);
}

gint64
dg_db_changes (DgDb *self)
{
  g_return_val_if_fail (DG_IS_DB (self), 0);
  if (self->pg != NULL)
    return self->pg_changes;
  return sqlite3_changes64 (self->handle);
}

/* Sends @stmt ahead on PostgreSQL inside a transaction; @keep: its result
 * is read by dg_db_step (), not dropped. */
static gboolean
pg_send_ahead (DgDb    *self,
               DgStmt  *stmt,
               gboolean keep)
{
  if (stmt->lite != NULL || !self->in_transaction || stmt->sent || !dg_pg_stmt_can_send (stmt) ||
      !dg_pg_stmt_send (self->pg, stmt, NULL))
    return FALSE;
  stmt->sent = keep;
  g_ptr_array_add (self->pg_sent, keep ? stmt : NULL);
  return TRUE;
}

gboolean
dg_db_step (DgDb     *self,
            DgStmt   *stmt,
            gboolean *has_row,
            GError  **error)
{
  int rc;

  if (stmt->lite == NULL)
    {
      gboolean idle, alone;
      GError *local_error = NULL;

      if (stmt->result == NULL && !self->in_transaction && !pg_reconnect (self, error))
        return FALSE;
      /* After statements sent ahead, this one goes with them when it can:
       * one round trip answers them all. */
      if ((stmt->result == NULL && self->pg_sent->len > 0) || stmt->sent)
        {
          pg_send_ahead (self, stmt, TRUE);
          if (!pg_settle (self, error))
            return FALSE;
        }
      idle = stmt->result == NULL && !self->in_transaction &&
             PQtransactionStatus (self->pg) == PQTRANS_IDLE;
      alone = idle && stmt->writes;
      if (alone && !pg_begin_write (self, error))
        return FALSE;
      if (stmt->result == NULL &&
          !dg_pg_stmt_execute (self->pg, stmt, &self->pg_changes, &local_error))
        {
          /* A read on its own that met a connection dropped while idle
           * is simply asked again on a new one. */
          if (idle && !alone && PQstatus (self->pg) == CONNECTION_BAD)
            {
              g_clear_error (&local_error);
              if (!pg_reset (self, error) ||
                  !dg_pg_stmt_execute (self->pg, stmt, &self->pg_changes, error))
                return FALSE;
            }
          else
            {
              g_propagate_error (error, local_error);
              if (alone)
                dg_pg_exec (self->pg, "ROLLBACK", NULL);
              return FALSE;
            }
        }
      if (alone && !pg_commit_write (self, error))
        {
          g_clear_pointer (&stmt->result, PQclear);
          return FALSE;
        }
      stmt->row++;
      *has_row = stmt->row < PQntuples (stmt->result);
      return TRUE;
    }

  rc = sqlite3_step (stmt->lite);

  if (rc == SQLITE_ROW || rc == SQLITE_DONE)
    {
      *has_row = (rc == SQLITE_ROW);
      return TRUE;
    }

  dg_db_set_error (self, error, _("Database error"));
  sqlite3_reset (stmt->lite);
  return FALSE;
}

void
dg_db_send (DgDb   *self,
            DgStmt *stmt)
{
  g_return_if_fail (DG_IS_DB (self));

  pg_send_ahead (self, stmt, TRUE);
}

gboolean
dg_db_step_later (DgDb     *self,
                  DgStmt   *stmt,
                  GError  **error)
{
  g_return_val_if_fail (DG_IS_DB (self), FALSE);

  if (!pg_send_ahead (self, stmt, FALSE))
    return dg_db_step_done (self, stmt, error);
  dg_stmt_reset (stmt);
  return TRUE;
}

gboolean
dg_db_step_done (DgDb     *self,
                 DgStmt   *stmt,
                 GError  **error)
{
  gboolean has_row = FALSE;

  if (!dg_db_step (self, stmt, &has_row, error))
    return FALSE;

  dg_stmt_reset (stmt);
  return TRUE;
}

gboolean
dg_db_begin (DgDb    *self,
             GError **error)
{
  g_return_val_if_fail (DG_IS_DB (self), FALSE);
  g_return_val_if_fail (!self->in_transaction, FALSE);

  if (self->read_only)
    {
      g_set_error (error, DG_ERROR, DG_ERROR_READ_ONLY, "%s",
                   advice_for_code (DG_ERROR_READ_ONLY));
      return FALSE;
    }

  if (self->pg != NULL ? !pg_begin_ahead (self, error) : !dg_db_exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;

  self->in_transaction = TRUE;
  self->writes++;
  return TRUE;
}

guint64
dg_db_get_write_serial (DgDb *self)
{
  g_return_val_if_fail (DG_IS_DB (self), 0);

  return self->in_transaction ? self->writes : 0;
}

/* A COMMIT whose sync the disk refused has written the whole transaction,
 * commit record and all, to the write-ahead log, where the next reader may
 * find it: that is said, not "nothing was saved". A write that fails (a full
 * disk, a bad sector) or a busy database fails before the commit record is
 * complete, and then nothing was saved. */
static gboolean
sqlite_commit (DgDb    *self,
               GError **error)
{
  g_autoptr(GError) local = NULL;
  int extended;

  if (dg_db_exec (self, "COMMIT", &local))
    return TRUE;
  extended = sqlite3_extended_errcode (self->handle);
  if (extended == SQLITE_IOERR_FSYNC || extended == SQLITE_IOERR_DIR_FSYNC)
    {
      g_set_error (error, DG_ERROR, DG_ERROR_OUTCOME_UNKNOWN,
                   _("The disk reported an error (%s) while the change was being committed, "
                     "so it is not known whether it was saved. Look for it before entering it again."),
                   sqlite3_errstr (extended));
      return FALSE;
    }
  g_propagate_error (error, g_steal_pointer (&local));
  return FALSE;
}

gboolean
dg_db_commit (DgDb    *self,
              GError **error)
{
  g_return_val_if_fail (DG_IS_DB (self), FALSE);
  g_return_val_if_fail (self->in_transaction, FALSE);

  if (self->pg != NULL ? !pg_commit_write (self, error) : !sqlite_commit (self, error))
    {
      dg_db_rollback (self);
      return FALSE;
    }

  self->in_transaction = FALSE;
  return TRUE;
}

void
dg_db_rollback (DgDb *self)
{
  g_return_if_fail (DG_IS_DB (self));

  if (!self->in_transaction)
    return;

  /* A failed COMMIT may already have rolled back; ignore "no transaction". */
  if (self->pg != NULL)
    {
      pg_settle (self, NULL);
      dg_pg_exec (self->pg, "ROLLBACK", NULL);
    }
  else
    sqlite3_exec (self->handle, "ROLLBACK", NULL, NULL, NULL);
  self->in_transaction = FALSE;
}

gboolean
dg_db_begin_read (DgDb      *self,
                  gboolean  *started,
                  GError   **error)
{
  g_return_val_if_fail (DG_IS_DB (self), FALSE);
  g_return_val_if_fail (started != NULL, FALSE);

  *started = FALSE;
  if (self->pg != NULL)
    {
      if (self->in_transaction ||
          (PQstatus (self->pg) == CONNECTION_OK && PQtransactionStatus (self->pg) != PQTRANS_IDLE))
        return TRUE;
      if (!pg_exec_fresh (self, "BEGIN ISOLATION LEVEL REPEATABLE READ", error))
        return FALSE;
      *started = TRUE;
      return TRUE;
    }
  if (self->in_transaction || !sqlite3_get_autocommit (self->handle))
    return TRUE;
  if (!dg_db_exec (self, "BEGIN DEFERRED", error))
    return FALSE;
  *started = TRUE;
  return TRUE;
}

void
dg_db_end_read (DgDb     *self,
                gboolean  started)
{
  g_return_if_fail (DG_IS_DB (self));

  /* Ending a read-only transaction releases the snapshot; nothing to lose. */
  if (self->pg != NULL)
    {
      if (started && PQtransactionStatus (self->pg) != PQTRANS_IDLE)
        dg_pg_exec (self->pg, "COMMIT", NULL);
      return;
    }
  if (started && !sqlite3_get_autocommit (self->handle))
    sqlite3_exec (self->handle, "COMMIT", NULL, NULL, NULL);
}

gboolean
dg_db_snapshot (DgDb          *self,
                DgDbSnapshot  *snapshot,
                GError       **error)
{
  g_return_val_if_fail (snapshot->db == NULL, FALSE);

  if (!dg_db_begin_read (self, &snapshot->started, error))
    return FALSE;
  snapshot->db = self;
  return TRUE;
}

void
dg_db_snapshot_clear (DgDbSnapshot *snapshot)
{
  if (snapshot->db != NULL)
    dg_db_end_read (snapshot->db, snapshot->started);
  snapshot->db = NULL;
}

const DgDbHooks *
dg_db_get_hooks (DgDb *self)
{
  g_return_val_if_fail (DG_IS_DB (self), NULL);

  return self->hooks;
}

const char *
dg_db_get_path (DgDb *self)
{
  g_return_val_if_fail (DG_IS_DB (self), NULL);
  return self->path;
}

gboolean
dg_db_is_postgres (DgDb *self)
{
  g_return_val_if_fail (DG_IS_DB (self), FALSE);
  return self->pg != NULL;
}

gboolean
dg_db_location_is_uri (const char *location)
{
  return dg_pg_is_uri (location);
}

char *
dg_db_location_for_display (const char *location)
{
  return dg_pg_is_uri (location) ? dg_pg_uri_for_display (location) : g_strdup (location);
}

/* Only the tables' owner (or a member of the owning role) may upgrade them:
 * a practitioner's role owns nothing, so that it cannot drop the audit
 * trail's triggers either. */
static gboolean
pg_may_alter_schema (DgDb *self)
{
  return pg_int (self, "SELECT CAST (pg_has_role (relowner, 'USAGE') AS integer) "
                       "FROM pg_class WHERE oid = to_regclass ('dg_schema')", 0) != 0;
}

static void
pg_set_upgrade_refused (DgDb    *self,
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
      pg_set_upgrade_refused (db, error, version);
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

gboolean
dg_db_is_read_only (DgDb *self)
{
  g_return_val_if_fail (DG_IS_DB (self), TRUE);
  return self->read_only;
}

sqlite3 *
dg_db_get_handle (DgDb *self)
{
  g_return_val_if_fail (DG_IS_DB (self), NULL);
  return self->handle;
}

static int
pragma_int (DgDb       *self,
            const char *sql,
            GError    **error)
{
  sqlite3_stmt *stmt = NULL;
  int value = -1;
  int rc;

  rc = sqlite3_prepare_v2 (self->handle, sql, -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        value = sqlite3_column_int (stmt, 0);
    }
  if (rc != SQLITE_OK && rc != SQLITE_ROW && rc != SQLITE_DONE)
    dg_db_set_error (self, error, self->path);
  sqlite3_finalize (stmt);

  return value;
}

gint64
dg_db_data_version (DgDb    *self,
                    GError **error)
{
  DgStmt *stmt;
  gboolean has_row = FALSE;
  gint64 version = 0;

  g_return_val_if_fail (DG_IS_DB (self), 0);

  if (self->pg != NULL)
    {
      PGnotify *notify;

      /* LISTEN/NOTIFY: every commit that changes what the app shows
       * notifies; count those from other sessions, never this one's own. */
      /* This is asked every half second, so it is what notices a dropped
       * connection first, and makes it again (LISTEN included). */
      if ((!PQconsumeInput (self->pg) || PQstatus (self->pg) != CONNECTION_OK) &&
          (self->in_transaction || !pg_reset (self, error)))
        {
          if (self->in_transaction)
            dg_pg_set_error (self->pg, NULL, error, _("Database error"));
          return 0;
        }
      while ((notify = PQnotifies (self->pg)) != NULL)
        {
          if (notify->be_pid != PQbackendPID (self->pg))
            self->pg_version++;
          PQfreemem (notify);
        }
      /* Never 0, which means an error. */
      return self->pg_version + 1;
    }

  stmt = dg_db_prepare (self, "PRAGMA data_version", error);
  if (stmt == NULL || !dg_db_step (self, stmt, &has_row, error))
    return 0;
  if (has_row)
    version = dg_stmt_column_int64 (stmt, 0);
  dg_stmt_reset (stmt);
  /* 0 always comes with an error: callers wait on one or the other. */
  if (version == 0)
    g_set_error_literal (error, DG_ERROR, DG_ERROR_FAILED, _("Database error"));
  return version;
}

int
dg_db_get_user_version (DgDb *self)
{
  g_return_val_if_fail (DG_IS_DB (self), -1);
  if (self->pg != NULL)
    return (int) pg_int (self, "SELECT max (version) FROM dg_schema", -1);
  return pragma_int (self, "PRAGMA user_version", NULL);
}

void
dg_db_set_now (DgDb      *self,
               GDateTime *now)
{
  g_return_if_fail (DG_IS_DB (self));

  g_clear_pointer (&self->now, g_date_time_unref);
  if (now != NULL)
    self->now = g_date_time_ref (now);
}

GDateTime *
dg_db_now (DgDb *self)
{
  g_return_val_if_fail (DG_IS_DB (self), NULL);

  if (self->now != NULL)
    return g_date_time_ref (self->now);

  return g_date_time_new_now (dg_time_zone_local ());
}

char *
dg_db_now_string (DgDb *self)
{
  g_autoptr(GDateTime) now = dg_db_now (self);

  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%S");
}

void
dg_db_set_actor (DgDb       *self,
                 const char *actor)
{
  g_return_if_fail (DG_IS_DB (self));

  g_free (self->actor);
  self->actor = g_strdup (actor);
}

const char *
dg_db_get_actor (DgDb *self)
{
  const char *name;

  g_return_val_if_fail (DG_IS_DB (self), NULL);

  if (self->actor != NULL && *self->actor != '\0')
    return self->actor;

  name = g_get_real_name ();
  if (name == NULL || *name == '\0' || g_strcmp0 (name, "Unknown") == 0)
    name = g_get_user_name ();

  return name;
}

gboolean
dg_db_audit (DgDb        *self,
             const char  *entity,
             gint64       entity_id,
             const char  *action,
             const char  *detail,
             GError     **error)
{
  g_autofree char *now = NULL;
  DgStmt *stmt;

  g_return_val_if_fail (DG_IS_DB (self), FALSE);

  stmt = dg_db_prepare (self,
                        "INSERT INTO audit (at, actor, entity, entity_id, action, detail) "
                        "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                        error);
  if (stmt == NULL)
    return FALSE;

  now = dg_db_now_string (self);
  dg_stmt_bind_text (stmt, 1, now);
  dg_stmt_bind_text (stmt, 2, dg_db_get_actor (self));
  dg_stmt_bind_text (stmt, 3, entity);
  dg_stmt_bind_int64 (stmt, 4, entity_id);
  dg_stmt_bind_text (stmt, 5, action);
  dg_stmt_bind_text (stmt, 6, detail);

  return dg_db_step_later (self, stmt, error);
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
  *count = pragma_int (self, "SELECT count(*) FROM sqlite_master", error);
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

  app_id = pragma_int (self, "PRAGMA application_id", error);
  version = pragma_int (self, "PRAGMA user_version", error);
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

  if (!pg_begin_write (self, error))
    return FALSE;
  version = 0;
  if (pg_int (self, "SELECT CAST (to_regclass ('dg_schema') IS NOT NULL AS integer)", 0) != 0)
    {
      /* Without this, a role that may not read the tables reads schema -1. */
      if (pg_int (self, "SELECT CAST (has_table_privilege ('dg_schema', 'SELECT') AS integer)", 0) == 0)
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
      pg_set_upgrade_refused (self, error, version);
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

      if (!pg_apply_step (self, step, v, error))
        {
          dg_pg_exec (self->pg, "ROLLBACK", NULL);
          g_prefix_error (error, _("Upgrading “%s” to schema %d failed; the database was not changed: "), shown, v);
          return FALSE;
        }
    }
  if (!pg_apply_step (self, "/io/github/diogelu/Diogelu/core/sql/pg/roles.sql", 0, error) ||
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
      pg_set_connect_error (self, error);
      /* A password that was asked for and refused is asked for again. */
      if (asked && error != NULL && *error != NULL && self->pg != NULL && PQconnectionUsedPassword (self->pg))
        (*error)->code = DG_ERROR_PASSWORD;
      return NULL;
    }
  PQsetNoticeProcessor (self->pg, pg_notice, NULL);

  if (!pg_session_setup (self, error) ||
      !pg_verify_and_create (self, flags, error))
    return NULL;
  self->pg_listening = TRUE;
  if (!pg_session_setup (self, error))
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
      set_error_rc (self, error, rc,
                    self->handle ? sqlite3_errmsg (self->handle) : sqlite3_errstr (rc),
                    path);
      return NULL;
    }

  sqlite3_extended_result_codes (self->handle, 1);
  sqlite3_busy_timeout (self->handle, busy_timeout_ms ());
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

gboolean
dg_db_check_integrity (DgDb     *self,
                       char    **report,
                       GError  **error)
{
  g_autoptr(GString) out = g_string_new (NULL);
  DgStmt *stmt;
  gboolean has_row = FALSE;
  gboolean ok = TRUE;

  g_return_val_if_fail (DG_IS_DB (self), FALSE);

  /* PostgreSQL checks its own pages and keys as it writes; what can be
   * checked from here is that the server answers with this schema. */
  if (self->pg != NULL)
    {
      int version = dg_db_get_user_version (self);

      if (version > 0 && version < dg_db_schema_version ())
        {
          pg_set_upgrade_refused (self, error, version);
          return FALSE;
        }
      if (version != dg_db_schema_version ())
        {
          g_set_error (error, DG_ERROR, DG_ERROR_NOT_A_DATABASE,
                       _("The PostgreSQL database does not hold a Diogelu schema %d."),
                       dg_db_schema_version ());
          return FALSE;
        }
      if (report != NULL)
        *report = g_strdup ("ok\n");
      return TRUE;
    }

  stmt = dg_db_prepare (self, "PRAGMA integrity_check", error);
  if (stmt == NULL)
    return FALSE;
  while (dg_db_step (self, stmt, &has_row, error) && has_row)
    {
      const char *line = dg_stmt_column_text (stmt, 0);
      if (g_strcmp0 (line, "ok") != 0)
        ok = FALSE;
      g_string_append_printf (out, "%s\n", line);
    }
  dg_stmt_reset (stmt);
  if (error != NULL && *error != NULL)
    return FALSE;

  stmt = dg_db_prepare (self, "PRAGMA foreign_key_check", error);
  if (stmt == NULL)
    return FALSE;
  while (dg_db_step (self, stmt, &has_row, error) && has_row)
    {
      ok = FALSE;
      g_string_append_printf (out, "foreign key: %s row %lld refers to missing %s\n",
                              dg_stmt_column_text (stmt, 0),
                              (long long) dg_stmt_column_int64 (stmt, 1),
                              dg_stmt_column_text (stmt, 2));
    }
  dg_stmt_reset (stmt);
  if (error != NULL && *error != NULL)
    return FALSE;

  if (report != NULL)
    *report = g_string_free (g_steal_pointer (&out), FALSE);

  return ok;
}

static gboolean
refuse_pg_backup (DgDb    *self,
                  GError **error)
{
  if (self->pg == NULL)
    return FALSE;
  g_set_error_literal (error, DG_ERROR, DG_ERROR_INVALID,
                       _("A PostgreSQL database is copied on its server (pg_dump, or the server's own backups); Diogelu's copies are of SQLite files."));
  return TRUE;
}

/* The copy, into a fresh owner-only temporary beside @dest_path (O_EXCL:
 * never a stale file or a planted link); its name in @tmp_out. */
static gboolean
backup_to_temporary (DgDb        *self,
                     const char  *dest_path,
                     char       **tmp_out,
                     GError     **error)
{
  g_autofree char *tmp_path = g_strdup_printf ("%s.XXXXXX.partial", dest_path);
  sqlite3 *dest = NULL;
  sqlite3_backup *backup;
  int fd;
  int rc;

  fd = g_mkstemp_full (tmp_path, O_RDWR | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, DG_ERROR, saved == ENOSPC ? DG_ERROR_FULL : DG_ERROR_IO,
                   _("Cannot write the backup “%s”: %s. Choose a folder you can write."),
                   dest_path, g_strerror (saved));
      return FALSE;
    }
  close (fd);

  rc = sqlite3_open_v2 (tmp_path, &dest, SQLITE_OPEN_READWRITE, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_extended_result_codes (dest, 1);
      backup = sqlite3_backup_init (dest, "main", self->handle, "main");
      if (backup == NULL)
        rc = sqlite3_errcode (dest);
      else
        {
          do
            {
              rc = sqlite3_backup_step (backup, 256);
              if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
                sqlite3_sleep (20);
            }
          while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
          sqlite3_backup_finish (backup);
          if (rc == SQLITE_DONE)
            rc = sqlite3_extended_errcode (dest);
        }
    }

  /* A backup is a single self-contained file: no WAL beside it. */
  if (rc == SQLITE_OK)
    rc = sqlite3_exec (dest, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      int saved = dest != NULL ? sqlite3_system_errno (dest) : 0;

      if (saved == ENOSPC || saved == EDQUOT || saved == EFBIG || (rc & 0xff) == SQLITE_FULL)
        dg_file_set_write_error (error, dest_path, saved != 0 ? saved : ENOSPC);
      else
        set_error_rc (self, error, rc, dest ? sqlite3_errmsg (dest) : sqlite3_errstr (rc),
                      _("Backup failed"));
      sqlite3_close_v2 (dest);
      g_unlink (tmp_path);
      return FALSE;
    }
  sqlite3_close_v2 (dest);

  *tmp_out = g_steal_pointer (&tmp_path);
  return TRUE;
}

gboolean
dg_db_backup (DgDb        *self,
              const char  *dest_path,
              GError     **error)
{
  g_autofree char *tmp_path = NULL;

  g_return_val_if_fail (DG_IS_DB (self), FALSE);
  g_return_val_if_fail (dest_path != NULL, FALSE);

  if (refuse_pg_backup (self, error))
    return FALSE;
  if (!dg_file_check_target (dest_path, error))
    return FALSE;

  /* The leftover of a copy interrupted before temporaries were unique. */
  {
    g_autofree char *stale = g_strdup_printf ("%s.partial", dest_path);
    g_unlink (stale);
  }

  /* Written beside the target and renamed, so an interrupted backup never
   * leaves a half-written file under the name the user asked for. */
  if (!backup_to_temporary (self, dest_path, &tmp_path, error))
    return FALSE;

  if (g_rename (tmp_path, dest_path) != 0)
    {
      int saved = errno;
      g_set_error (error, DG_ERROR, DG_ERROR_IO, _("Cannot write the backup “%s”: %s"),
                   dest_path, g_strerror (saved));
      g_unlink (tmp_path);
      return FALSE;
    }

  return dg_file_sync_folder (dest_path, error);
}

char *
dg_db_backup_new (DgDb        *self,
                  const char  *dir,
                  const char  *stem,
                  GError     **error)
{
  g_autofree char *first = NULL;
  g_autofree char *tmp_path = NULL;

  g_return_val_if_fail (DG_IS_DB (self), NULL);
  g_return_val_if_fail (dir != NULL && stem != NULL, NULL);

  if (refuse_pg_backup (self, error))
    return NULL;

  first = g_strdup_printf ("%s%c%s.db", dir, G_DIR_SEPARATOR, stem);
  if (!backup_to_temporary (self, first, &tmp_path, error))
    return NULL;

  /* link () gives the copy its name only if no file has it: a second copy
   * in the same second (always, with --now) takes the next free one. */
  for (guint n = 1; n <= 1000; n++)
    {
      g_autofree char *path = n == 1 ? g_strdup (first)
                                     : g_strdup_printf ("%s%c%s-%u.db", dir, G_DIR_SEPARATOR, stem, n);

      if (link (tmp_path, path) == 0)
        {
          g_unlink (tmp_path);
          if (!dg_file_sync_folder (path, error))
            return NULL;
          return g_steal_pointer (&path);
        }
      if (errno != EEXIST)
        {
          int saved = errno;
          g_set_error (error, DG_ERROR, DG_ERROR_IO, _("Cannot write the backup “%s”: %s"),
                       path, g_strerror (saved));
          g_unlink (tmp_path);
          return NULL;
        }
    }

  g_set_error (error, DG_ERROR, DG_ERROR_IO,
               _("Cannot write the backup “%s”: a thousand copies of that name are already there. Move some of them elsewhere."),
               first);
  g_unlink (tmp_path);
  return NULL;
}

static int
compare_names_desc (gconstpointer a,
                    gconstpointer b)
{
  return -g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

char *
dg_db_backup_folder (const char *db_path)
{
  g_autofree char *dir = g_path_get_dirname (db_path);

  return g_build_filename (dir, "backups", NULL);
}

char *
dg_db_backup_daily (DgDb        *self,
                    const char  *dir,
                    guint        keep,
                    GError     **error)
{
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GPtrArray) copies = NULL;
  g_autoptr(GDir) listing = NULL;
  const char *entry;

  g_return_val_if_fail (DG_IS_DB (self), NULL);
  g_return_val_if_fail (dir != NULL, NULL);

  /* The server keeps a PostgreSQL database's copies. */
  if (self->pg != NULL)
    return NULL;

  now = dg_db_now (self);
  name = g_date_time_format (now, "diogelu-%Y-%m-%d.db");
  path = g_build_filename (dir, name, NULL);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, DG_ERROR, DG_ERROR_IO, _("Cannot create the backup folder “%s”: %s"),
                   dir, g_strerror (saved));
      return NULL;
    }

  if (g_file_test (path, G_FILE_TEST_EXISTS))
    return NULL;

  if (!dg_db_backup (self, path, error))
    return NULL;

  /* Names sort by date: keep the newest @keep, remove the rest. */
  listing = g_dir_open (dir, 0, error);
  if (listing == NULL)
    return NULL;
  copies = g_ptr_array_new_with_free_func (g_free);
  while ((entry = g_dir_read_name (listing)) != NULL)
    if (g_str_has_prefix (entry, "diogelu-") && g_str_has_suffix (entry, ".db") && strlen (entry) == strlen ("diogelu-YYYY-MM-DD.db"))
      g_ptr_array_add (copies, g_strdup (entry));
  g_ptr_array_sort (copies, compare_names_desc);
  for (guint i = MAX (keep, 1); i < copies->len; i++)
    {
      g_autofree char *old = g_build_filename (dir, g_ptr_array_index (copies, i), NULL);
      g_unlink (old);
    }

  return g_steal_pointer (&path);
}

/* A host that is a unix socket's folder, or this computer's own address. */
static gboolean
pg_host_is_local (const char *host)
{
  g_autoptr(GInetAddress) address = NULL;

  if (host == NULL || *host == '\0' || *host == '/' || *host == '@')
    return TRUE;
  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;
  address = g_inet_address_new_from_string (host);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

char *
dg_db_describe_connection (DgDb     *self,
                           gboolean *warn)
{
  const char *protocol;

  g_return_val_if_fail (DG_IS_DB (self), NULL);

  if (warn != NULL)
    *warn = FALSE;
  if (self->pg == NULL)
    return g_strdup (_("A file on this computer: nothing travels over a network."));
  if (PQsslInUse (self->pg))
    {
      protocol = PQsslAttribute (self->pg, "protocol");
      return g_strdup_printf (_("The connection to the database server is encrypted (%s)."),
                              protocol != NULL ? protocol : "TLS");
    }
  if (pg_host_is_local (PQhost (self->pg)))
    return g_strdup (_("The connection to the database server is not encrypted, but it does not leave this computer."));
  if (warn != NULL)
    *warn = TRUE;
  return g_strdup (_("The connection to the database server is not encrypted: anyone on the network between here and the server can read the records. "
                     "Ask whoever runs the server for an address with sslmode=verify-full."));
}

guint
dg_db_reconnect_count (DgDb *self)
{
  g_return_val_if_fail (DG_IS_DB (self), 0);
  return self->pg_reconnects;
}

gboolean
dg_db_is_encrypted (DgDb *self)
{
  g_return_val_if_fail (DG_IS_DB (self), FALSE);
  return self->pg != NULL && PQsslInUse (self->pg);
}
