#pragma once

/* PostgreSQL's client library, loaded when a PostgreSQL address is first
 * opened rather than linked: a desk on a SQLite file, and every diogelu-cli
 * command on one, never maps libpq and the dozen libraries it brings
 * (Kerberos, LDAP, TLS). The store calls libpq as usual; each function
 * used goes through the table dg_libpq_load () fills. */

#include <glib.h>
#include <libpq-fe.h>

G_BEGIN_DECLS

#define DG_LIBPQ_FUNCTIONS(X) \
  X (PQbackendPID) \
  X (PQclear) \
  X (PQcmdTuples) \
  X (PQconnectdbParams) \
  X (PQconnectionNeedsPassword) \
  X (PQconnectionUsedPassword) \
  X (PQconninfoFree) \
  X (PQconninfoParse) \
  X (PQconsumeInput) \
  X (PQdescribePrepared) \
  X (PQenterPipelineMode) \
  X (PQerrorMessage) \
  X (PQexec) \
  X (PQexecParams) \
  X (PQexecPrepared) \
  X (PQexitPipelineMode) \
  X (PQfinish) \
  X (PQfreemem) \
  X (PQgetResult) \
  X (PQgetisnull) \
  X (PQgetvalue) \
  X (PQhost) \
  X (PQnfields) \
  X (PQnotifies) \
  X (PQnparams) \
  X (PQntuples) \
  X (PQparamtype) \
  X (PQpipelineStatus) \
  X (PQpipelineSync) \
  X (PQprepare) \
  X (PQreset) \
  X (PQresultErrorField) \
  X (PQresultStatus) \
  X (PQsendQueryParams) \
  X (PQsendQueryPrepared) \
  X (PQsetNoticeProcessor) \
  X (PQsocket) \
  X (PQsslAttribute) \
  X (PQsslInUse) \
  X (PQstatus) \
  X (PQtransactionStatus) \
  X (PQuser)

typedef struct
{
#define DG_LIBPQ_MEMBER(name) __typeof__ (name) *name;
  DG_LIBPQ_FUNCTIONS (DG_LIBPQ_MEMBER)
#undef DG_LIBPQ_MEMBER
} DgLibpq;

extern DgLibpq dg_libpq;

/* Loads libpq (once); FALSE with an error saying what to install when it
 * cannot be. */
gboolean dg_libpq_load   (GError **error);
/* Whether it has been loaded. */
gboolean dg_libpq_loaded (void);

/* PQclear (), which may be handed on as a function and does nothing
 * before libpq is loaded. */
void dg_libpq_clear (PGresult *res);
/* PQfinish (), which may be handed on as a function and does nothing
 * before libpq is loaded. */
void dg_libpq_finish (PGconn *conn);
/* PQconninfoFree (), which may be handed on as a function and does nothing
 * before libpq is loaded. */
void dg_libpq_conninfofree (PQconninfoOption *options);
/* PQfreemem (), which may be handed on as a function and does nothing
 * before libpq is loaded. */
void dg_libpq_freemem (void *ptr);

#ifndef DG_LIBPQ_NO_REDIRECT
#define PQbackendPID(...) (dg_libpq.PQbackendPID (__VA_ARGS__))
#define PQclear dg_libpq_clear
#define PQcmdTuples(...) (dg_libpq.PQcmdTuples (__VA_ARGS__))
#define PQconnectdbParams(...) (dg_libpq.PQconnectdbParams (__VA_ARGS__))
#define PQconnectionNeedsPassword(...) (dg_libpq.PQconnectionNeedsPassword (__VA_ARGS__))
#define PQconnectionUsedPassword(...) (dg_libpq.PQconnectionUsedPassword (__VA_ARGS__))
#define PQconninfoFree dg_libpq_conninfofree
#define PQconninfoParse(...) (dg_libpq.PQconninfoParse (__VA_ARGS__))
#define PQconsumeInput(...) (dg_libpq.PQconsumeInput (__VA_ARGS__))
#define PQdescribePrepared(...) (dg_libpq.PQdescribePrepared (__VA_ARGS__))
#define PQenterPipelineMode(...) (dg_libpq.PQenterPipelineMode (__VA_ARGS__))
#define PQerrorMessage(...) (dg_libpq.PQerrorMessage (__VA_ARGS__))
#define PQexec(...) (dg_libpq.PQexec (__VA_ARGS__))
#define PQexecParams(...) (dg_libpq.PQexecParams (__VA_ARGS__))
#define PQexecPrepared(...) (dg_libpq.PQexecPrepared (__VA_ARGS__))
#define PQexitPipelineMode(...) (dg_libpq.PQexitPipelineMode (__VA_ARGS__))
#define PQfinish dg_libpq_finish
#define PQfreemem dg_libpq_freemem
#define PQgetResult(...) (dg_libpq.PQgetResult (__VA_ARGS__))
#define PQgetisnull(...) (dg_libpq.PQgetisnull (__VA_ARGS__))
#define PQgetvalue(...) (dg_libpq.PQgetvalue (__VA_ARGS__))
#define PQhost(...) (dg_libpq.PQhost (__VA_ARGS__))
#define PQnfields(...) (dg_libpq.PQnfields (__VA_ARGS__))
#define PQnotifies(...) (dg_libpq.PQnotifies (__VA_ARGS__))
#define PQnparams(...) (dg_libpq.PQnparams (__VA_ARGS__))
#define PQntuples(...) (dg_libpq.PQntuples (__VA_ARGS__))
#define PQparamtype(...) (dg_libpq.PQparamtype (__VA_ARGS__))
#define PQpipelineStatus(...) (dg_libpq.PQpipelineStatus (__VA_ARGS__))
#define PQpipelineSync(...) (dg_libpq.PQpipelineSync (__VA_ARGS__))
#define PQprepare(...) (dg_libpq.PQprepare (__VA_ARGS__))
#define PQreset(...) (dg_libpq.PQreset (__VA_ARGS__))
#define PQresultErrorField(...) (dg_libpq.PQresultErrorField (__VA_ARGS__))
#define PQresultStatus(...) (dg_libpq.PQresultStatus (__VA_ARGS__))
#define PQsendQueryParams(...) (dg_libpq.PQsendQueryParams (__VA_ARGS__))
#define PQsendQueryPrepared(...) (dg_libpq.PQsendQueryPrepared (__VA_ARGS__))
#define PQsetNoticeProcessor(...) (dg_libpq.PQsetNoticeProcessor (__VA_ARGS__))
#define PQsocket(...) (dg_libpq.PQsocket (__VA_ARGS__))
#define PQsslAttribute(...) (dg_libpq.PQsslAttribute (__VA_ARGS__))
#define PQsslInUse(...) (dg_libpq.PQsslInUse (__VA_ARGS__))
#define PQstatus(...) (dg_libpq.PQstatus (__VA_ARGS__))
#define PQtransactionStatus(...) (dg_libpq.PQtransactionStatus (__VA_ARGS__))
#define PQuser(...) (dg_libpq.PQuser (__VA_ARGS__))
#endif

G_END_DECLS
