#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "dg-db-internal.h"
#include "dg-time.h"

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
    return dg_db_pg_exec_atomic (self, sql, error);

  rc = sqlite3_exec (self->handle, sql, NULL, NULL, &message);
  if (rc != SQLITE_OK)
    {
      dg_db_set_error_rc (self, error, rc, message ? message : sqlite3_errstr (rc),
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
gint64
dg_db_pg_int (DgDb       *self,
              const char *sql,
              gint64      fallback)
{
  PGresult *result;
  gint64 value = fallback;

  if (!dg_db_pg_settle (self, NULL))
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
    return dg_db_pg_int (self, "SELECT lastval ()", 0);
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

      if (stmt->result == NULL && !self->in_transaction && !dg_db_pg_reconnect (self, error))
        return FALSE;
      /* After statements sent ahead, this one goes with them when it can:
       * one round trip answers them all. */
      if ((stmt->result == NULL && self->pg_sent->len > 0) || stmt->sent)
        {
          pg_send_ahead (self, stmt, TRUE);
          if (!dg_db_pg_settle (self, error))
            return FALSE;
        }
      idle = stmt->result == NULL && !self->in_transaction &&
             PQtransactionStatus (self->pg) == PQTRANS_IDLE;
      alone = idle && stmt->writes;
      if (alone && !dg_db_pg_begin_write (self, error))
        return FALSE;
      if (stmt->result == NULL &&
          !dg_pg_stmt_execute (self->pg, stmt, &self->pg_changes, &local_error))
        {
          /* A read on its own that met a connection dropped while idle
           * is simply asked again on a new one. */
          if (idle && !alone && PQstatus (self->pg) == CONNECTION_BAD)
            {
              g_clear_error (&local_error);
              if (!dg_db_pg_reset (self, error) ||
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
      if (alone && !dg_db_pg_commit_write (self, error))
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
dg_db_step_int64 (DgDb     *self,
                  DgStmt   *stmt,
                  gint64   *value,
                  GError  **error)
{
  gboolean has_row = FALSE;

  /* A statement that could not be prepared has its error set already. */
  if (stmt == NULL || !dg_db_step (self, stmt, &has_row, error))
    return FALSE;
  if (value != NULL)
    *value = has_row ? dg_stmt_column_int64 (stmt, 0) : 0;
  dg_stmt_reset (stmt);
  return TRUE;
}

gboolean
dg_db_step_done (DgDb     *self,
                 DgStmt   *stmt,
                 GError  **error)
{
  return dg_db_step_int64 (self, stmt, NULL, error);
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
                   dg_db_advice_for_code (DG_ERROR_READ_ONLY));
      return FALSE;
    }

  if (self->pg != NULL ? !dg_db_pg_begin_ahead (self, error) : !dg_db_exec (self, "BEGIN IMMEDIATE", error))
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

  if (self->pg != NULL ? !dg_db_pg_commit_write (self, error) : !sqlite_commit (self, error))
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
      dg_db_pg_settle (self, NULL);
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
      if (!dg_db_pg_exec_fresh (self, "BEGIN ISOLATION LEVEL REPEATABLE READ", error))
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

gboolean
dg_db_write (DgDb       *self,
             DgDbWrite  *write,
             GError    **error)
{
  g_return_val_if_fail (write->db == NULL, FALSE);

  if (!dg_db_begin (self, error))
    return FALSE;
  *write = (DgDbWrite) { self, self->writes };
  return TRUE;
}

void
dg_db_write_clear (DgDbWrite *write)
{
  /* Only the transaction it began, and only while that one is open: after
   * its commit there is nothing to undo. */
  if (write->db != NULL && dg_db_get_write_serial (write->db) == write->serial)
    dg_db_rollback (write->db);
  write->db = NULL;
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

int
dg_db_pragma_int (DgDb       *self,
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
          (self->in_transaction || !dg_db_pg_reset (self, error)))
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
    return (int) dg_db_pg_int (self, "SELECT max (version) FROM dg_schema", -1);
  return dg_db_pragma_int (self, "PRAGMA user_version", NULL);
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

  now = dg_db_now_string (self);
  stmt = dg_db_query (self,
                      "INSERT INTO audit (at, actor, entity, entity_id, action, detail) "
                      "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                      error, DG_TEXT (now), DG_TEXT (dg_db_get_actor (self)), DG_TEXT (entity), DG_INT (entity_id),
                      DG_TEXT (action), DG_TEXT (detail));

  return stmt != NULL && dg_db_step_later (self, stmt, error);
}
