/* The PostgreSQL session of a DgDb: its setup, reset and reconnection,
 * the write transaction's start and its commit in one pipeline, and what
 * the connection is (encrypted, local). */

#include "config.h"

#include <poll.h>
#include <glib/gi18n-lib.h>

#include "dg-db-internal.h"

/* What every session needs, on the first connection and after each
 * reconnect: times are stored as text in local wall-clock time, as on
 * SQLite, so only UTF-8 and quiet notices; then the change notifications
 * the window watches, and read-only when asked. */
gboolean
dg_db_pg_session_setup (DgDb    *self,
                        GError **error)
{
  if (!dg_pg_exec (self->pg, "SET client_encoding = 'UTF8'; SET client_min_messages = warning", error))
    return FALSE;
  if (!self->pg_listening)
    return TRUE;
  return dg_pg_exec (self->pg, "LISTEN diogelu_changed", error) &&
         (!self->read_only || dg_pg_exec (self->pg, "SET default_transaction_read_only = on", error));
}

void
dg_db_pg_set_connect_error (DgDb    *self,
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
gboolean
dg_db_pg_reset (DgDb    *self,
                GError **error)
{
  PQreset (self->pg);
  if (PQstatus (self->pg) != CONNECTION_OK)
    {
      dg_db_pg_set_connect_error (self, error);
      return FALSE;
    }
  self->pg_reconnects++;
  /* The statements prepared on the old session went with it. */
  g_hash_table_foreach (self->statements, (GHFunc) forget_prepared, NULL);
  /* What others saved meanwhile was never announced: count it as a change. */
  self->pg_version++;
  return dg_db_pg_session_setup (self, error);
}

gboolean
dg_db_pg_reconnect (DgDb    *self,
                    GError **error)
{
  return PQstatus (self->pg) == CONNECTION_OK || dg_db_pg_reset (self, error);
}

/* The statements sent ahead (dg_db_step_later) answered: the first of
 * them that failed fails what comes next. */
gboolean
dg_db_pg_settle (DgDb    *self,
                 GError **error)
{
  return dg_pg_pipeline_end (self->pg, self->pg_sent, &self->pg_changes, NULL, error);
}

/* Runs @sql, which starts a transaction or only reads: when it meets a
 * connection dropped while idle, nothing has happened yet, so it reconnects
 * and tries once more. */
gboolean
dg_db_pg_exec_fresh (DgDb        *self,
                     const char  *sql,
                     GError     **error)
{
  GError *local_error = NULL;

  if (!dg_db_pg_reconnect (self, error))
    return FALSE;
  if (dg_pg_exec (self->pg, sql, &local_error))
    return TRUE;
  if (PQstatus (self->pg) != CONNECTION_BAD)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  g_clear_error (&local_error);
  return dg_db_pg_reset (self, error) && dg_pg_exec (self->pg, sql, error);
}

/* A write transaction on PostgreSQL: BEGIN, then the write lock. */
gboolean
dg_db_pg_begin_write (DgDb    *self,
                      GError **error)
{
  if (dg_db_pg_exec_fresh (self, "BEGIN; " DG_PG_WRITE_LOCK, error))
    return TRUE;
  dg_pg_exec (self->pg, "ROLLBACK", NULL);
  return FALSE;
}

/* The same, sent ahead of the transaction's first statement, which then
 * costs no round trip of its own. A server that ended the session while it
 * was idle (a restart) said so on the socket: that is read first, and the
 * connection made again before anything is sent. */
gboolean
dg_db_pg_begin_ahead (DgDb    *self,
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
  if (!dg_db_pg_reconnect (self, error))
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
  dg_db_pg_settle (self, NULL);
  return dg_db_pg_begin_write (self, error);
}

/* Its end: the clocks the change moved, then COMMIT, in the same pipeline
 * as every statement sent ahead (one round trip); rolled back on any
 * failure. After a failed statement the server skips whatever follows it up
 * to the sync, COMMIT included, so a transaction with a failure is never
 * committed (outside a pipeline PostgreSQL would answer that COMMIT with a
 * silent rollback). */
gboolean
dg_db_pg_commit_write (DgDb    *self,
                       GError **error)
{
  GError *local_error = NULL;
  gboolean lost = FALSE;

  if (self->hooks != NULL && self->hooks->before_commit != NULL && !self->hooks->before_commit (self, error))
    {
      dg_db_pg_settle (self, NULL);
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
    dg_db_pg_settle (self, NULL);
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
gboolean
dg_db_pg_exec_atomic (DgDb        *self,
                      const char  *sql,
                      GError     **error)
{
  if (!self->in_transaction && !dg_db_pg_reconnect (self, error))
    return FALSE;
  if (self->in_transaction || PQtransactionStatus (self->pg) != PQTRANS_IDLE ||
      dg_pg_is_transaction_control (sql))
    return dg_db_pg_settle (self, error) && dg_pg_exec (self->pg, sql, error);

  if (!dg_db_pg_begin_write (self, error))
    return FALSE;
  if (!dg_pg_exec (self->pg, sql, error))
    {
      dg_pg_exec (self->pg, "ROLLBACK", NULL);
      return FALSE;
    }
  return dg_db_pg_commit_write (self, error);
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
