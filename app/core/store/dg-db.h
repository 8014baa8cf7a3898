#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>

#include "dg-error.h"

G_BEGIN_DECLS

#define DG_TYPE_DB (dg_db_get_type ())
G_DECLARE_FINAL_TYPE (DgDb, dg_db, DG, DB, GObject)

/* A prepared statement, whichever engine runs it. Parameters are numbered
 * from 1 as written in the SQL (?1, ?2 …, or :name), columns from 0. */
typedef struct _DgStmt DgStmt;

typedef enum
{
  DG_DB_OPEN_DEFAULT   = 0,
  DG_DB_OPEN_READ_ONLY = 1 << 0,
  /* Open without creating or upgrading: for `check`, which must not change the file. */
  DG_DB_OPEN_NO_MIGRATE = 1 << 1,
  /* SQLite's own 2 MiB page cache instead of 3: for a second connection
   * that reads few pages (the figures), so memory stays in bounds. */
  DG_DB_OPEN_SMALL_CACHE = 1 << 2,
} DgDbOpenFlags;

/* The latest schema version this build knows. */
int          dg_db_schema_version     (void);

/* The database path: @explicit_path, else $DIOGELU_DB, else $XDG_DATA_HOME/diogelu/diogelu.db. */
char        *dg_db_default_path       (const char    *explicit_path);
/* The file in the data folder, $XDG_DATA_HOME/diogelu/diogelu.db: where the
 * records are when nothing names another place. */
char        *dg_db_data_folder_file   (void);

/* What the domain hangs on the store: the store calls these and knows
 * nothing of what they do (the clocks, dg-core.h, are the one user).
 *   opened:        on each new SQLite connection, before the schema is
 *                  checked or upgraded (the functions its triggers call);
 *   before_commit: inside each write transaction on PostgreSQL, just before
 *                  COMMIT (work its triggers could only note down). */
typedef struct
{
  void     (*opened)        (DgDb    *db);
  gboolean (*before_commit) (DgDb    *db,
                             GError **error);
} DgDbHooks;

/* Opens (creating the file 0600 in a 0700 directory) and upgrades the schema,
 * with @hooks (which must outlive the connection; %NULL for none). A write
 * waits up to 5 s ($DIOGELU_BUSY_TIMEOUT_MS, in milliseconds, when set) for
 * another program's transaction; the DG_ERROR_LOCKED error after that names
 * the process in the way when it can be found. Most callers want
 * dg_db_open() (dg-core.h): this with the domain's hooks. */
DgDb        *dg_db_open_with_hooks    (const char       *path,
                                       DgDbOpenFlags     flags,
                                       const DgDbHooks  *hooks,
                                       GError          **error);
/* The hooks @self was opened with: for opening another database (a backup)
 * as this one is. */
const DgDbHooks *dg_db_get_hooks      (DgDb          *self);

const char  *dg_db_get_path           (DgDb          *self);
/* TRUE when @self is a PostgreSQL database (the location was a postgresql:// URI). */
gboolean     dg_db_is_postgres        (DgDb          *self);
/* @lite on SQLite, @pg on PostgreSQL: for the few statements whose best
 * form differs between the engines. */
#define DG_DB_SQL(db, lite, pg) (dg_db_is_postgres (db) ? (pg) : (lite))
/* The engines' dialect fragments, for a statement written once: SQLite's
 * planner told which index to walk (PostgreSQL's needs no telling), and the
 * aggregate that joins text with a separator. */
#define DG_DB_INDEXED_BY(db, index) DG_DB_SQL (db, " INDEXED BY " index, "")
#define DG_DB_GROUP_CONCAT(db) DG_DB_SQL (db, "group_concat", "string_agg")
/* TRUE when @location names a PostgreSQL database rather than a file. */
gboolean     dg_db_location_is_uri    (const char    *location);
/* @location as it may be shown: a URI without its password. */
char        *dg_db_location_for_display (const char  *location);
/* Tries @location without changing it (read-only, no upgrade), for a
 * "Test connection" button: a sentence for people saying what is there
 * (engine, schema, how many referrals), or why it cannot be used. */
char        *dg_db_probe              (const char    *location,
                                       GError       **error);
gboolean     dg_db_is_read_only       (DgDb          *self);
/* A number that changes whenever another connection (another window,
 * process or practitioner) commits a change; never for this one's own.
 * 0 on error. */
gint64       dg_db_data_version       (DgDb          *self,
                                       GError       **error);
sqlite3     *dg_db_get_handle         (DgDb          *self);

/* The schema version stored in the file (PRAGMA user_version). */
int          dg_db_get_user_version   (DgDb          *self);

/* "Now" for clocks and default timestamps: fixed by --now, else the wall clock. */
void         dg_db_set_now            (DgDb          *self,
                                       GDateTime     *now);
GDateTime   *dg_db_now                (DgDb          *self);
/* Now as stored: local wall-clock YYYY-MM-DDTHH:MM:SS. */
char        *dg_db_now_string         (DgDb          *self);

/* Who is acting, recorded in the audit trail. Defaults to the login's real name. */
void         dg_db_set_actor          (DgDb          *self,
                                       const char    *actor);
const char  *dg_db_get_actor          (DgDb          *self);

/* Runs SQL without results (several statements allowed). */
gboolean     dg_db_exec               (DgDb          *self,
                                       const char    *sql,
                                       GError       **error);

/* A prepared statement from the cache, reset and with bindings cleared. Owned by @self. */
DgStmt      *dg_db_prepare            (DgDb          *self,
                                       const char    *sql,
                                       GError       **error);

/* Binding: text is copied; a %NULL text binds NULL. */
void         dg_stmt_bind_text        (DgStmt        *stmt,
                                       int            index,
                                       const char    *value);
void         dg_stmt_bind_text_len    (DgStmt        *stmt,
                                       int            index,
                                       const char    *value,
                                       gsize          length);
void         dg_stmt_bind_int64       (DgStmt        *stmt,
                                       int            index,
                                       gint64         value);
void         dg_stmt_bind_null        (DgStmt        *stmt,
                                       int            index);
/* The number of :name in the SQL, 0 when it has none. */
int          dg_stmt_parameter_index  (DgStmt        *stmt,
                                       const char    *name);
int          dg_stmt_parameter_count  (DgStmt        *stmt);

/* The current row's columns; valid until the next step or reset. */
const char  *dg_stmt_column_text      (DgStmt        *stmt,
                                       int            column);
gint64       dg_stmt_column_int64     (DgStmt        *stmt,
                                       int            column);
int          dg_stmt_column_int       (DgStmt        *stmt,
                                       int            column);
gboolean     dg_stmt_column_is_null   (DgStmt        *stmt,
                                       int            column);
int          dg_stmt_column_count     (DgStmt        *stmt);

/* Ends the statement's run (its bindings stay). */
void         dg_stmt_reset            (DgStmt        *stmt);

/* The id of the row the last INSERT on this connection added (not one a trigger added). */
gint64       dg_db_last_insert_id     (DgDb          *self);

/* Rows changed by the last INSERT, UPDATE or DELETE. */
gint64       dg_db_changes            (DgDb          *self);

/* Steps @stmt once, for a statement whose rows nobody reads, and resets
 * it; sets @error from the connection otherwise. A %NULL @stmt (from a
 * dg_db_prepare () that failed, and so set @error) gives FALSE. */
gboolean     dg_db_step_done          (DgDb          *self,
                                       DgStmt        *stmt,
                                       GError       **error);
/* The same, reading the number in the first column of the row it steps to
 * into *@value (0 without a row): a count, or the new id from an INSERT …
 * RETURNING id (on PostgreSQL no second round trip for lastval ()). */
gboolean     dg_db_step_int64         (DgDb          *self,
                                       DgStmt        *stmt,
                                       gint64        *value,
                                       GError       **error);

/* A value for a statement's parameter, given with the others in one call
 * (dg_db_query (), dg_db_run ()): DG_INT (number) or DG_TEXT (text), where
 * a %NULL text binds NULL, as an unbound parameter is. The compiler refuses
 * a number given as text or text as a number. */
typedef enum
{
  DG_VALUE_END,
  DG_VALUE_INT,
  DG_VALUE_TEXT,
} DgValueKind;

typedef struct
{
  DgValueKind  kind;
  gint64       number;
  const char  *text;
} DgValue;

#define DG_INT(n)  ((DgValue) { DG_VALUE_INT, (n), NULL })
#define DG_TEXT(s) ((DgValue) { DG_VALUE_TEXT, 0, (s) })

/* dg_db_prepare () with @values, up to one of kind DG_VALUE_END, bound to
 * ?1, ?2 … in order. Called through dg_db_query (). */
DgStmt      *dg_db_prepare_values     (DgDb           *self,
                                       const char     *sql,
                                       const DgValue  *values,
                                       GError        **error);

/* @sql prepared with the values after @error bound to ?1, ?2 … :
 *   stmt = dg_db_query (db, "SELECT … WHERE id = ?1 AND kind = ?2", error,
 *                       DG_INT (id), DG_TEXT (kind)); */
#define dg_db_query(self, sql, error, ...) \
  dg_db_prepare_values ((self), (sql), (const DgValue[]) { __VA_ARGS__, { DG_VALUE_END, 0, NULL } }, (error))
/* @sql, with those values, run by dg_db_step_done (): TRUE, or FALSE with
 * @error set (@self and @error are named twice: give plain variables). */
#define dg_db_run(self, sql, error, ...) \
  dg_db_step_done ((self), dg_db_query ((self), (sql), (error), __VA_ARGS__), (error))

/* Sets the members of @object named in @members (%NULL-terminated) to the
 * columns of @stmt's current row from @first on, in order: text, or null
 * where the column is NULL. */
void         dg_stmt_set_members      (DgStmt             *stmt,
                                       int                 first,
                                       const char * const *members,
                                       JsonObject         *object);
/* Every row of @stmt (bound, not yet stepped) as an object of @members, by
 * dg_stmt_set_members () from column 0; %NULL with @error set on failure. */
JsonArray   *dg_db_rows               (DgDb               *self,
                                       DgStmt             *stmt,
                                       const char * const *members,
                                       GError            **error);

/* Steps @stmt to the one row it reads, for a record that should be there:
 * TRUE with that row to read (reset @stmt after), or FALSE with @error set,
 * from the connection, or when there is no row, a refusal of @code about
 * @field (%NULL: none) saying @format. */
gboolean     dg_db_step_row           (DgDb          *self,
                                       DgStmt        *stmt,
                                       GError       **error,
                                       DgErrorCode    code,
                                       const char    *field,
                                       const char    *format,
                                       ...) G_GNUC_PRINTF (6, 7);

/* On PostgreSQL inside a transaction, sends @stmt (bound) without waiting:
 * its rows are read by dg_db_step () later, in the same round trip as the
 * statements sent with it. Elsewhere nothing happens until that step. */
void         dg_db_send               (DgDb          *self,
                                       DgStmt        *stmt);

/* Runs @stmt, whose rows and count nobody reads, as dg_db_step_done ()
 * does; but on PostgreSQL inside a transaction it is sent without waiting
 * for the answer, which comes with the next statement that reads one, or at
 * the commit: a failure here fails that statement (and so the transaction).
 * A save's many INSERTs then cost one round trip, not one each. */
gboolean     dg_db_step_later         (DgDb          *self,
                                       DgStmt        *stmt,
                                       GError       **error);

/* Steps @stmt: TRUE with *@has_row set, or FALSE with @error set. */
gboolean     dg_db_step               (DgDb          *self,
                                       DgStmt        *stmt,
                                       gboolean      *has_row,
                                       GError       **error);

/* BEGIN IMMEDIATE / COMMIT / ROLLBACK. */
gboolean     dg_db_begin              (DgDb          *self,
                                       GError       **error);
gboolean     dg_db_commit             (DgDb          *self,
                                       GError       **error);
void         dg_db_rollback           (DgDb          *self);
/* Which write transaction is open: a number no other write transaction of
 * @self has had (0 outside one), for remembering something until its end. */
guint64      dg_db_get_write_serial   (DgDb          *self);

/* A read snapshot around many queries: one lock instead of one per
 * statement, and figures that agree with each other. Returns TRUE in
 * @started only when it opened the transaction (not inside another). */
gboolean     dg_db_begin_read         (DgDb          *self,
                                       gboolean      *started,
                                       GError       **error);
void         dg_db_end_read           (DgDb          *self,
                                       gboolean       started);

/* The same for the rest of a scope, ended however the scope is left:
 *   g_auto(DgDbSnapshot) snapshot = { 0 };
 *   if (!dg_db_snapshot (db, &snapshot, error))
 *     return NULL; */
typedef struct
{
  DgDb     *db;
  gboolean  started;
} DgDbSnapshot;

gboolean     dg_db_snapshot           (DgDb          *self,
                                       DgDbSnapshot  *snapshot,
                                       GError       **error);
void         dg_db_snapshot_clear     (DgDbSnapshot  *snapshot);

/* A write transaction (dg_db_begin ()) for the rest of a scope: rolled
 * back if the scope is left before its dg_db_commit (), so that every
 * refusal and failure on the way is a plain return:
 *   g_auto(DgDbWrite) write = { 0 };
 *   if (!dg_db_write (db, &write, error))
 *     return FALSE;
 *   …
 *   return dg_db_commit (db, error); */
typedef struct
{
  DgDb     *db;
  guint64   serial;
} DgDbWrite;

gboolean     dg_db_write              (DgDb          *self,
                                       DgDbWrite     *write,
                                       GError       **error);
void         dg_db_write_clear        (DgDbWrite     *write);

/* Appends a row to the audit trail; part of the caller's transaction. */
gboolean     dg_db_audit              (DgDb          *self,
                                       const char    *entity,
                                       gint64         entity_id,
                                       const char    *action,
                                       const char    *detail,
                                       GError       **error);
/* The same with the detail written from @format (JSON, as the trail keeps it). */
gboolean     dg_db_audit_printf       (DgDb          *self,
                                       const char    *entity,
                                       gint64         entity_id,
                                       const char    *action,
                                       GError       **error,
                                       const char    *format,
                                       ...) G_GNUC_PRINTF (6, 7);

/* PRAGMA integrity_check and foreign_key_check; TRUE when the file is sound. */
gboolean     dg_db_check_integrity    (DgDb          *self,
                                       char         **report,
                                       GError       **error);

/* An online, consistent copy to @dest_path (0600), written beside it then renamed. */
gboolean     dg_db_backup             (DgDb          *self,
                                       const char    *dest_path,
                                       GError       **error);

/* A copy as @dir/@stem.db, or @stem-2.db, @stem-3.db… when that name is
 * taken: it never replaces a file. Returns the path written. */
char        *dg_db_backup_new         (DgDb          *self,
                                       const char    *dir,
                                       const char    *stem,
                                       GError       **error);

/* Where the copies of the database at @db_path are kept: "backups" beside it. */
char        *dg_db_backup_folder      (const char    *db_path);

/* The daily copy: writes @dir/diogelu-YYYY-MM-DD.db for today unless it exists,
 * then keeps only the newest @keep copies. Returns the path written, or %NULL
 * with no error when today's copy was already there. */
char        *dg_db_backup_daily       (DgDb          *self,
                                       const char    *dir,
                                       guint          keep,
                                       GError       **error);

/* Sets @error from the connection's last error, prefixed by @what. */
void         dg_db_set_error          (DgDb          *self,
                                       GError       **error,
                                       const char    *what);

/* Migration steps, exposed so tests can build every earlier version. */
gboolean     dg_db_apply_migration    (DgDb          *self,
                                       int            version,
                                       GError       **error);

/* How the connection travels, in a sentence for people: encrypted (with
 * the protocol), or not; *@warn is set when records cross a network in
 * the clear. A unix socket or a loopback address never leaves the
 * computer, so it is not warned about. */
char        *dg_db_describe_connection (DgDb         *self,
                                        gboolean     *warn);
/* TRUE when the connection to the server is encrypted (TLS). */
gboolean     dg_db_is_encrypted       (DgDb          *self);
/* How many times the PostgreSQL connection was made again after the
 * server dropped it (0 on SQLite). */
guint        dg_db_reconnect_count    (DgDb          *self);

/* Asks a person for the password of the server at @shown (an address
 * without its password); %NULL when nobody can be asked. */
typedef char * (*DgDbPasswordFunc) (const char *shown);
/* Set once by a program that can ask (the CLI on a terminal): a server that
 * says it needs a password is then asked again with the answer, which is
 * kept only in the connection, never stored or shown. */
void         dg_db_set_password_func  (DgDbPasswordFunc func);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (DgDbSnapshot, dg_db_snapshot_clear)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (DgDbWrite, dg_db_write_clear)

G_END_DECLS
