#include "config.h"

#include "dg-core.h"
#include "dg-expected-rules.h"
#include "dg-meeting-figures.h"
#include "dg-meetings.h"
#include "dg-service-private.h"

/* Strategy discussions and meetings: made, shown, and changed one step at a
 * time (invitations, responses, exceptions, the outcome, actions). */

typedef struct
{
  gint64  referral_id;
  char   *kind;
  char   *chair;
} NewMeeting;

static void
new_meeting_free (NewMeeting *m)
{
  g_free (m->kind);
  g_free (m->chair);
  g_free (m);
}

static gboolean
meeting_add_op (DgDb *db, gpointer data, GValue *result, GError **error)
{
  NewMeeting *m = data;
  gint64 id = dg_meeting_add (db, m->referral_id, m->kind, NULL, m->chair, FALSE, error);

  return id != 0 && dg_service_return_int64 (result, id);
}

void
dg_service_meeting_add_async (DgService           *self,
                              gint64               referral_id,
                              const char          *kind,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  NewMeeting *m = g_new0 (NewMeeting, 1);

  m->referral_id = referral_id;
  m->kind = g_strdup (kind);
  m->chair = g_strdup (dg_service_get_actor (self));
  dg_service_run (self, dg_service_meeting_add_async, meeting_add_op, DG_SERVICE_ANNOUNCED, referral_id,
                  m, (GDestroyNotify) new_meeting_free, NULL, callback, user_data);
}

DG_SERVICE_DEFINE_FINISH (meeting_add, gint64, dg_service_finish_int64)

/* The meeting is read into its record here, on the connection's thread:
 * the window shows struct members and parses nothing. */
static gboolean
meeting_show_op (DgDb *db, gpointer data, GValue *result, GError **error)
{
  g_autoptr(JsonNode) shown = dg_meeting_show (db, *(gint64 *) data, error);

  if (shown == NULL)
    return FALSE;
  g_value_init (result, DG_TYPE_MEETING);
  g_value_take_boxed (result, dg_meeting_new_from_json (json_node_get_object (shown)));
  return TRUE;
}

void
dg_service_meeting_show_async (DgService           *self,
                               gint64               id,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  dg_service_run (self, dg_service_meeting_show_async, meeting_show_op, DG_SERVICE_QUIET, 0,
                  g_memdup2 (&id, sizeof id), g_free, cancellable, callback, user_data);
}

DG_SERVICE_DEFINE_FINISH (meeting_show, DgMeeting *, dg_service_finish_boxed)

/* A DgMeetingChange with its strings owned. */
typedef struct
{
  gint64          id;
  DgMeetingChange change;
  GStrv           owned;
} Change;

static void
change_free (Change *c)
{
  g_strfreev (c->owned);
  g_free (c);
}

static gboolean
meeting_change_op (DgDb *db, gpointer data, GValue *result, GError **error)
{
  Change *c = data;
  const DgMeetingChange *m = &c->change;

  switch (m->kind)
    {
    case DG_MEETING_INVITE_EXPECTED:
      return dg_meeting_invite_expected (db, c->id, m->agency, error);
    case DG_MEETING_INVITE:
      return dg_meeting_invite (db, c->id, m->agency, m->name, m->organisation, NULL, error);
    case DG_MEETING_RESPONSE:
      return dg_meeting_response (db, c->id, m->agency, m->status, m->was, error);
    case DG_MEETING_NOT_INVITED:
      return dg_meeting_not_invited (db, c->id, m->agency, m->reason, error);
    case DG_MEETING_OUTCOME:
      return dg_meeting_outcome (db, c->id, m->determination, m->s47, m->summary, NULL, error);
    case DG_MEETING_ACTION:
      return dg_meeting_add_action (db, c->id, m->action, m->owner, m->due, error);
    case DG_MEETING_AMEND:
      return dg_meeting_amend (db, c->id, m->at, m->chair, m->reason, error);
    case DG_MEETING_CONTRIBUTION:
      return dg_meeting_contribution (db, c->id, m->agency, m->report, NULL, m->decision_maker, error);
    case DG_MEETING_MINUTES:
      return dg_meeting_minutes (db, c->id, m->at, error);
    default:
      g_assert_not_reached ();
    }
}

void
dg_service_meeting_change_async (DgService             *self,
                                 gint64                 id,
                                 const DgMeetingChange *change,
                                 GAsyncReadyCallback    callback,
                                 gpointer               user_data)
{
  Change *c = g_new0 (Change, 1);
  g_autoptr(GStrvBuilder) owned = g_strv_builder_new ();
  const char **fields[] = {
    &c->change.agency, &c->change.name, &c->change.organisation, &c->change.status, &c->change.was,
    &c->change.reason, &c->change.determination, &c->change.summary, &c->change.action,
    &c->change.owner, &c->change.due, &c->change.at, &c->change.chair,
  };
  guint n = 0;

  c->id = id;
  c->change = *change;
  /* Each string copied once into the change's own list. */
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (*fields[i] != NULL)
      g_strv_builder_add (owned, *fields[i]);
  c->owned = g_strv_builder_end (owned);
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (*fields[i] != NULL)
      *fields[i] = c->owned[n++];
  dg_service_run (self, dg_service_meeting_change_async, meeting_change_op, DG_SERVICE_ANNOUNCED, 0,
                  c, (GDestroyNotify) change_free, NULL, callback, user_data);
}

DG_SERVICE_DEFINE_FINISH (meeting_change, gboolean, dg_service_finish)

/* ---- Figures and expected agencies ----------------------------------------------- */

static gboolean
meeting_figures_op (DgDb *db, gpointer data, GValue *result, GError **error)
{
  char **period = data;
  g_autoptr(JsonObject) figures = dg_meeting_figures (db, period[0], period[1], error);

  if (figures == NULL)
    return FALSE;
  g_value_init (result, DG_TYPE_MEETING_FIGURES);
  g_value_take_boxed (result, dg_record_from_json (&dg_meeting_figures_shape, figures));
  return TRUE;
}

void
dg_service_meeting_figures_async (DgService           *self,
                                  const char          *from,
                                  const char          *to,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  char **period = g_new0 (char *, 3);

  period[0] = g_strdup (from);
  period[1] = g_strdup (to);
  dg_service_run (self, dg_service_meeting_figures_async, meeting_figures_op, DG_SERVICE_QUIET, 0,
                  period, (GDestroyNotify) g_strfreev, cancellable, callback, user_data);
}

DG_SERVICE_DEFINE_FINISH (meeting_figures, DgMeetingFigures *, dg_service_finish_boxed)

static gboolean
expected_rules_op (DgDb *db, gpointer data, GValue *result, GError **error)
{
  return dg_service_return_records (result, dg_expected_rules (db, error), &dg_expected_rule_shape,
                                    (GDestroyNotify) dg_expected_rule_free);
}

void
dg_service_expected_rules_async (DgService           *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  dg_service_run (self, dg_service_expected_rules_async, expected_rules_op, DG_SERVICE_QUIET, 0,
                  NULL, NULL, cancellable, callback, user_data);
}

DG_SERVICE_DEFINE_FINISH (expected_rules, GPtrArray *, dg_service_finish_boxed)

typedef struct
{
  char     *concern, *agency, *from;
  gboolean  expected;
} RuleChange;

static void
rule_change_free (RuleChange *r)
{
  g_free (r->concern);
  g_free (r->agency);
  g_free (r->from);
  g_free (r);
}

static gboolean
expected_rule_set_op (DgDb *db, gpointer data, GValue *result, GError **error)
{
  RuleChange *r = data;

  return dg_expected_rule_set (db, r->concern, r->agency, r->expected, r->from, error);
}

void
dg_service_expected_rule_set_async (DgService           *self,
                                    const char          *concern,
                                    const char          *agency,
                                    gboolean             expected,
                                    const char          *from,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  RuleChange *r = g_new0 (RuleChange, 1);

  r->concern = g_strdup (concern);
  r->agency = g_strdup (agency);
  r->from = g_strdup (from);
  r->expected = expected;
  dg_service_run (self, dg_service_expected_rule_set_async, expected_rule_set_op, DG_SERVICE_ANNOUNCED, 0,
                  r, (GDestroyNotify) rule_change_free, NULL, callback, user_data);
}

DG_SERVICE_DEFINE_FINISH (expected_rule_set, gboolean, dg_service_finish)
