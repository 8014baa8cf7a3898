#pragma once

#include "dg-libpq.h"

#include "dg-db.h"

/* PostgreSQL type oids (catalog/pg_type_d.h is a server header). */
#define INT8OID 20
#define TEXTOID 25

G_BEGIN_DECLS

/* A statement on either engine: @lite for SQLite; the rest for PostgreSQL,
 * where the SQL is rewritten once ($N for ?N and :name) and run with
 * PQexecParams on the first step. */
struct _DgStmt
{
  sqlite3_stmt  *lite;

  char          *pg_sql;
  int            n_params;
  char         **names;     /* n_params: the :name of each, or NULL */
  char         **values;    /* n_params: text form, NULL for NULL */
  Oid           *types;     /* n_params: int8, text, or 0 for NULL */
  PGresult      *result;
  int            row;
  gboolean       writes;    /* INSERT, UPDATE or DELETE */
  /* Prepared on the server at its first run, under this name, for the
   * parameter types of that run (NULL until then). */
  char          *prepared;
  Oid           *prepared_types;
  gboolean       sent;      /* in the pipeline, its result not yet read */
};

DgStmt     *dg_pg_stmt_new        (const char   *sql);
void        dg_pg_stmt_free       (DgStmt       *stmt);
void        dg_pg_stmt_clear      (DgStmt       *stmt);
/* Forgets the server-side prepared statement: a new connection has none. */
void        dg_pg_stmt_unprepare  (DgStmt       *stmt);
void        dg_pg_stmt_bind       (DgStmt       *stmt,
                                   int           index,
                                   char         *value,
                                   Oid           type);
/* Runs the statement: the result stays in @stmt (rows from 0). */
gboolean    dg_pg_stmt_execute    (PGconn       *conn,
                                   DgStmt       *stmt,
                                   gint64       *changes,
                                   GError      **error);
/* Pipelining (libpq's pipeline mode): statements sent without waiting,
 * their results read together at the end. Only a statement already
 * prepared on this connection for its parameters' types is sent so. */
gboolean    dg_pg_stmt_can_send   (DgStmt       *stmt);
/* Sends @stmt (entering pipeline mode when needed); nothing is read yet. */
gboolean    dg_pg_stmt_send       (PGconn       *conn,
                                   DgStmt       *stmt,
                                   GError      **error);
/* Sends @sql, one statement without parameters, the same way. */
gboolean    dg_pg_send_sql        (PGconn       *conn,
                                   const char   *sql,
                                   GError      **error);
/* Ends the pipeline of the statements in @sent, in the order sent (NULL
 * for one whose result nobody reads): a sync, then every result in turn,
 * each kept in its statement (the count in @changes). The first failure
 * goes to @error, and then no statement keeps a result; *@lost (unless
 * %NULL) is then TRUE when the connection went with no answer that said why
 * (so what the server did with the statements is not known). Empties @sent
 * and leaves pipeline mode; TRUE at once when it was not in it. */
gboolean    dg_pg_pipeline_end    (PGconn       *conn,
                                   GPtrArray    *sent,
                                   gint64       *changes,
                                   gboolean     *lost,
                                   GError      **error);
/* Runs SQL without parameters (several statements allowed). */
gboolean    dg_pg_exec            (PGconn       *conn,
                                   const char   *sql,
                                   GError      **error);
/* @error from a failed result (or the connection when @result is NULL). */
void        dg_pg_set_error       (PGconn       *conn,
                                   PGresult     *result,
                                   GError      **error,
                                   const char   *what);
/* TRUE for BEGIN, COMMIT, ROLLBACK and the like. */
gboolean    dg_pg_is_transaction_control (const char *sql);
/* TRUE for postgresql:// and postgres:// locations. */
gboolean    dg_pg_is_uri          (const char   *location);
/* @uri without its password (user information, ?password=, or the
 * keyword form's password=), for messages. */
char       *dg_pg_uri_for_display (const char   *uri);
/* @message with every password of @conninfo in it replaced: libpq echoes
 * an address it cannot parse. */
char       *dg_pg_scrub           (const char   *message,
                                   const char   *conninfo);

G_END_DECLS
