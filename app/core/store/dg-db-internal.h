#pragma once

/* What the files of a DgDb share (dg-db.c and dg-db-*.c), and nothing
 * outside the store sees. */

#include "dg-db-private.h"

G_BEGIN_DECLS

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
/* dg-audit.c: dg_sha256 () in SQL, for the audit trail's links (schema 19). */
void dg_audit_chain_register (sqlite3 *handle);

#define DG_PG_WRITE_LOCK "SELECT pg_advisory_xact_lock (1145523285)"

/* dg-db-errors.c: a failed SQLite call as a DgError that says what to do
 * (naming the program holding the write lock when it can be found). */
G_GNUC_INTERNAL
void         dg_db_set_error_rc            (DgDb        *self,
                                            GError     **error,
                                            int          rc,
                                            const char  *sqlite_message,
                                            const char  *what);
G_GNUC_INTERNAL
const char  *dg_db_advice_for_code         (int          code);

/* dg-db-server.c: the PostgreSQL session. */
G_GNUC_INTERNAL
gboolean     dg_db_pg_session_setup        (DgDb        *self,
                                            GError     **error);
G_GNUC_INTERNAL
void         dg_db_pg_set_connect_error    (DgDb        *self,
                                            GError     **error);
G_GNUC_INTERNAL
gboolean     dg_db_pg_reset                (DgDb        *self,
                                            GError     **error);
G_GNUC_INTERNAL
gboolean     dg_db_pg_reconnect            (DgDb        *self,
                                            GError     **error);
/* Reads every answer to the statements sent ahead. */
G_GNUC_INTERNAL
gboolean     dg_db_pg_settle               (DgDb        *self,
                                            GError     **error);
G_GNUC_INTERNAL
gboolean     dg_db_pg_exec_fresh           (DgDb        *self,
                                            const char  *sql,
                                            GError     **error);
G_GNUC_INTERNAL
gboolean     dg_db_pg_exec_atomic          (DgDb        *self,
                                            const char  *sql,
                                            GError     **error);
G_GNUC_INTERNAL
gboolean     dg_db_pg_begin_write          (DgDb        *self,
                                            GError     **error);
G_GNUC_INTERNAL
gboolean     dg_db_pg_begin_ahead          (DgDb        *self,
                                            GError     **error);
G_GNUC_INTERNAL
gboolean     dg_db_pg_commit_write         (DgDb        *self,
                                            GError     **error);

/* dg-db.c: one number read from the database. */
G_GNUC_INTERNAL
int          dg_db_pragma_int              (DgDb        *self,
                                            const char  *sql,
                                            GError     **error);
G_GNUC_INTERNAL
gint64       dg_db_pg_int                  (DgDb        *self,
                                            const char  *sql,
                                            gint64       fallback);

/* dg-db-open.c */
G_GNUC_INTERNAL
void         dg_db_pg_set_upgrade_refused  (DgDb        *self,
                                            GError     **error,
                                            int          version);

G_END_DECLS
