#include "config.h"

#include "dg-access.h"
#include "dg-service-privacy.h"
#include "dg-service-private.h"

/* Privacy (issue 25): the role the windows follow, a referral's view log,
 * its restriction, and who opened what. */

#define V(field, kind, member) DG_RECORD_MEMBER (DgReferralView, field, kind, member)
DG_DEFINE_RECORD (DgReferralView, dg_referral_view,
                  V (at, DG_RECORD_TEXT_OR_EMPTY, "at"),
                  V (by, DG_RECORD_TEXT_OR_EMPTY, "by"),
                  V (reason, DG_RECORD_TEXT_OR_EMPTY, "reason"))
#undef V

#define B(field, kind, member) DG_RECORD_MEMBER (DgAccessBurst, field, kind, member)
DG_RECORD_SHAPE (DgAccessBurst, dg_access_burst,
                 B (from, DG_RECORD_TEXT_OR_EMPTY, "from"),
                 B (to, DG_RECORD_TEXT_OR_EMPTY, "to"),
                 B (opened, DG_RECORD_INT, "opened"));
#undef B

#define R(field, kind, member) DG_RECORD_MEMBER (DgAccessRecord, field, kind, member)
DG_RECORD_SHAPE (DgAccessRecord, dg_access_record,
                 R (id, DG_RECORD_INT, "id"),
                 R (reference, DG_RECORD_TEXT_OR_EMPTY, "reference"));
#undef R

#define P(field, kind, member) DG_RECORD_MEMBER (DgAccessPerson, field, kind, member)
DG_RECORD_SHAPE (DgAccessPerson, dg_access_person,
                 P (person, DG_RECORD_TEXT_OR_EMPTY, "person"),
                 P (opened, DG_RECORD_INT, "opened"),
                 P (records, DG_RECORD_INT, "records"),
                 DG_RECORD_NESTED (DgAccessPerson, bursts, DG_RECORD_LIST, "bursts", dg_access_burst),
                 DG_RECORD_NESTED (DgAccessPerson, never_worked_on, DG_RECORD_LIST, "never_worked_on", dg_access_record));
#undef P

#define A(field, kind, member) DG_RECORD_MEMBER (DgAccessReport, field, kind, member)
DG_DEFINE_RECORD (DgAccessReport, dg_access_report,
                  A (from, DG_RECORD_TEXT_OR_EMPTY, "from"),
                  A (to, DG_RECORD_TEXT_OR_EMPTY, "to"),
                  A (burst_count, DG_RECORD_INT, "burst_count"),
                  A (burst_minutes, DG_RECORD_INT, "burst_minutes"),
                  DG_RECORD_NESTED (DgAccessReport, people, DG_RECORD_LIST, "people", dg_access_person))
#undef A

typedef struct
{
  gint64    id;
  int       from, to;
  gboolean  lift;
  char     *text;
  char     *text2;
} Privacy;

static void
privacy_free (Privacy *p)
{
  g_free (p->text);
  g_free (p->text2);
  g_free (p);
}

static Privacy *
privacy_new (gint64      id,
             const char *text,
             const char *text2)
{
  Privacy *p = g_new0 (Privacy, 1);

  p->id = id;
  p->text = g_strdup (text);
  p->text2 = g_strdup (text2);
  return p;
}

static gboolean
role_op (DgDb *db, gpointer data, GValue *result, GError **error)
{
  Privacy *p = data;

  dg_db_set_desk_role (db, (DgDbRole) p->from);
  return dg_service_return_int64 (result, dg_db_role (db));
}

void
dg_service_role_async (DgService           *self,
                       DgDbRole             desk_role,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  Privacy *p = privacy_new (0, NULL, NULL);

  p->from = desk_role;
  dg_service_run (self, dg_service_role_async, role_op, DG_SERVICE_QUIET, 0,
                  p, (GDestroyNotify) privacy_free, cancellable, callback, user_data);
}

DgDbRole
dg_service_role_finish (DgService     *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  gint64 role = dg_service_finish_int64 (self, result, dg_service_role_async, error);

  return role < 0 ? DG_DB_ROLE_PRACTITIONER : (DgDbRole) role;
}

static gboolean
desk_role_op (DgDb *db, gpointer data, GValue *result, GError **error)
{
  Privacy *p = data;

  return dg_db_record_desk_role (db, (DgDbRole) p->from, (DgDbRole) p->to, error);
}

void
dg_service_desk_role_async (DgService           *self,
                            DgDbRole             from,
                            DgDbRole             to,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  Privacy *p = privacy_new (0, NULL, NULL);

  p->from = from;
  p->to = to;
  dg_service_run (self, dg_service_desk_role_async, desk_role_op, DG_SERVICE_ANNOUNCED, 0,
                  p, (GDestroyNotify) privacy_free, NULL, callback, user_data);
}

DG_SERVICE_DEFINE_FINISH (desk_role, gboolean, dg_service_finish)

static gboolean
views_op (DgDb *db, gpointer data, GValue *result, GError **error)
{
  Privacy *p = data;
  g_autoptr(JsonNode) views = dg_referral_views (db, p->id, error);

  if (views == NULL)
    return FALSE;
  return dg_service_return_records (result, json_array_ref (json_node_get_array (views)),
                                    &dg_referral_view_shape, (GDestroyNotify) dg_referral_view_free);
}

void
dg_service_views_async (DgService           *self,
                        gint64               id,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  dg_service_run (self, dg_service_views_async, views_op, DG_SERVICE_QUIET, id,
                  privacy_new (id, NULL, NULL), (GDestroyNotify) privacy_free, cancellable, callback, user_data);
}

DG_SERVICE_DEFINE_FINISH (views, GPtrArray *, dg_service_finish_boxed)

static gboolean
restricted_op (DgDb *db, gpointer data, GValue *result, GError **error)
{
  Privacy *p = data;
  g_autoptr(JsonNode) found = dg_referral_restriction (db, p->id, error);

  if (found == NULL)
    return FALSE;
  return dg_service_return_int64 (result,
                                  json_object_get_boolean_member_with_default (json_node_get_object (found),
                                                                               "restricted", FALSE));
}

void
dg_service_restricted_async (DgService           *self,
                             gint64               id,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  dg_service_run (self, dg_service_restricted_async, restricted_op, DG_SERVICE_QUIET, id,
                  privacy_new (id, NULL, NULL), (GDestroyNotify) privacy_free, cancellable, callback, user_data);
}

DG_SERVICE_DEFINE_FINISH (restricted, gint64, dg_service_finish_int64)

static gboolean
restrict_op (DgDb *db, gpointer data, GValue *result, GError **error)
{
  Privacy *p = data;

  return dg_referral_restrict (db, p->id, p->text, p->lift, error);
}

void
dg_service_restrict_async (DgService           *self,
                           gint64               id,
                           const char          *reason,
                           gboolean             lift,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  Privacy *p = privacy_new (id, reason, NULL);

  p->lift = lift;
  dg_service_run (self, dg_service_restrict_async, restrict_op, DG_SERVICE_ANNOUNCED, id,
                  p, (GDestroyNotify) privacy_free, NULL, callback, user_data);
}

DG_SERVICE_DEFINE_FINISH (restrict, gboolean, dg_service_finish)

static gboolean
access_report_op (DgDb *db, gpointer data, GValue *result, GError **error)
{
  Privacy *p = data;

  return dg_service_return_record (result, dg_access_report (db, p->text, p->text2, NULL, error),
                                   &dg_access_report_shape, DG_TYPE_ACCESS_REPORT);
}

void
dg_service_access_report_async (DgService           *self,
                                const char          *from,
                                const char          *to,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  dg_service_run (self, dg_service_access_report_async, access_report_op, DG_SERVICE_QUIET, 0,
                  privacy_new (0, from, to), (GDestroyNotify) privacy_free, cancellable, callback, user_data);
}

DG_SERVICE_DEFINE_FINISH (access_report, DgAccessReport *, dg_service_finish_boxed)
