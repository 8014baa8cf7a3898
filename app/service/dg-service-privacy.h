#pragma once

#include <gio/gio.h>

#include "dg-db-role.h"
#include "dg-record.h"

G_BEGIN_DECLS

typedef struct _DgService DgService;

/* One opening of a referral (its view log, dg_referral_views ()). */
typedef struct
{
  char *at;
  char *by;
  char *reason;   /* "" when none was asked */
} DgReferralView;

#define DG_TYPE_REFERRAL_VIEW (dg_referral_view_get_type ())
DG_DECLARE_RECORD (DgReferralView, dg_referral_view)

/* Who Opened What (dg_access_report ()): a period's openings of referrals,
 * per person, with what was unusual about them. */
typedef struct
{
  char   *from;       /* the burst's first and last opening, stored times */
  char   *to;
  gint64  opened;
} DgAccessBurst;

/* A referral opened by someone who never worked on it. */
typedef struct
{
  gint64  id;
  char   *reference;
} DgAccessRecord;

typedef struct
{
  char      *person;
  gint64     opened;           /* openings */
  gint64     records;          /* referrals opened */
  GPtrArray *bursts;           /* DgAccessBurst */
  GPtrArray *never_worked_on;  /* DgAccessRecord */
} DgAccessPerson;

typedef struct
{
  char      *from;
  char      *to;
  gint64     burst_count;      /* a burst: more than this many openings… */
  gint64     burst_minutes;    /* …within this many minutes */
  GPtrArray *people;           /* DgAccessPerson */
} DgAccessReport;

#define DG_TYPE_ACCESS_REPORT (dg_access_report_get_type ())
DG_DECLARE_RECORD (DgAccessReport, dg_access_report)

/* The role the windows follow (dg_db_role ()): the server's answer on
 * PostgreSQL; on a SQLite file @desk_role, the desk's choice. */
void          dg_service_role_async            (DgService           *self,
                                                DgDbRole             desk_role,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
DgDbRole      dg_service_role_finish           (DgService           *self,
                                                GAsyncResult        *result,
                                                GError             **error);
/* Records that the desk's role changed from @from to @to (an audit row,
 * entity "desk", action "role"). */
void          dg_service_desk_role_async       (DgService           *self,
                                                DgDbRole             from,
                                                DgDbRole             to,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
gboolean      dg_service_desk_role_finish      (DgService           *self,
                                                GAsyncResult        *result,
                                                GError             **error);
/* Who has opened referral @id, oldest first: a GPtrArray of DgReferralView. */
void          dg_service_views_async           (DgService           *self,
                                                gint64               id,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
GPtrArray    *dg_service_views_finish          (DgService           *self,
                                                GAsyncResult        *result,
                                                GError             **error);
/* Whether referral @id is restricted: TRUE/FALSE as 1/0. */
void          dg_service_restricted_async      (DgService           *self,
                                                gint64               id,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
gint64        dg_service_restricted_finish     (DgService           *self,
                                                GAsyncResult        *result,
                                                GError             **error);
/* Restricts referral @id with @reason, or with @lift lifts it (a manager's). */
void          dg_service_restrict_async        (DgService           *self,
                                                gint64               id,
                                                const char          *reason,
                                                gboolean             lift,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
gboolean      dg_service_restrict_finish       (DgService           *self,
                                                GAsyncResult        *result,
                                                GError             **error);
/* The access report from @from to @to (dates). */
void          dg_service_access_report_async   (DgService           *self,
                                                const char          *from,
                                                const char          *to,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
DgAccessReport *dg_service_access_report_finish (DgService           *self,
                                                GAsyncResult        *result,
                                                GError             **error);

G_END_DECLS
