#include "config.h"

#include "dg-core.h"
#include "dg-json.h"
#include "dg-meetings.h"
#include "dg-service-private.h"

/* The referrals: the list, the detail, the intake form's checks and lookups,
 * and the changes a referral goes through (logged, confirmed, acknowledged,
 * decided, child-protection events). */

/* What an operation on one referral is given: each uses the fields its
 * own function names, the rest stay NULL. */
typedef struct
{
  gint64      id;
  JsonObject *input;        /* validate, add */
  char       *draft_slot;   /* add */
  char       *name, *dob;   /* similar */
  char       *text;         /* reporters */
  char       *outcome, *rationale, *decided_by;
  char       *method;       /* acknowledge */
  char       *kind, *at, *notes;   /* add_event */
} Referral;

static void
referral_free (Referral *r)
{
  g_clear_pointer (&r->input, json_object_unref);
  g_free (r->draft_slot);
  g_free (r->name);
  g_free (r->dob);
  g_free (r->text);
  g_free (r->outcome);
  g_free (r->rationale);
  g_free (r->decided_by);
  g_free (r->method);
  g_free (r->kind);
  g_free (r->at);
  g_free (r->notes);
  g_free (r);
}

static Referral *
referral_new (gint64 id)
{
  Referral *r = g_new0 (Referral, 1);

  r->id = id;
  return r;
}

#define RUN(self, tag, op, news, r, cancellable, callback, user_data) \
  dg_service_run ((self), (tag), (op), (news), (news) == DG_SERVICE_ANNOUNCED ? (r)->id : 0, \
                  (r), (GDestroyNotify) referral_free, (cancellable), (callback), (user_data))

/* ---- The list ---------------------------------------------------------------------- */

typedef struct
{
  char  *search, *status, *agency, *school, *rag;
  guint  limit;
} Query;

static void
query_free (Query *q)
{
  g_free (q->search);
  g_free (q->status);
  g_free (q->agency);
  g_free (q->school);
  g_free (q->rag);
  g_free (q);
}

static gboolean
list_ids_op (DgDb *db, gpointer data, GValue *result, GError **error)
{
  Query *q = data;
  DgReferralQuery query = { q->search, q->status, q->agency, q->school, q->rag };
  GArray *ids = dg_referral_list_ids (db, &query, q->limit, error);

  if (ids == NULL)
    return FALSE;
  g_value_init (result, G_TYPE_ARRAY);
  g_value_take_boxed (result, ids);
  return TRUE;
}

void
dg_service_list_ids_async (DgService             *self,
                           const DgReferralQuery *query,
                           guint                  limit,
                           GCancellable          *cancellable,
                           GAsyncReadyCallback    callback,
                           gpointer               user_data)
{
  Query *q = g_new0 (Query, 1);

  q->search = g_strdup (query->search);
  q->status = g_strdup (query->status);
  q->agency = g_strdup (query->agency);
  q->school = g_strdup (query->school);
  q->rag = g_strdup (query->rag);
  q->limit = limit;
  dg_service_run (self, dg_service_list_ids_async, list_ids_op, DG_SERVICE_QUIET, 0,
                  q, (GDestroyNotify) query_free, cancellable, callback, user_data);
}

GArray *
dg_service_list_ids_finish (DgService     *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  return dg_service_finish_boxed (self, result, dg_service_list_ids_async, error);
}

static gboolean
summaries_op (DgDb *db, gpointer data, GValue *result, GError **error)
{
  GArray *ids = data;

  return dg_service_return_records (result, dg_referral_summaries (db, (gint64 *) ids->data, ids->len, error),
                                    &dg_referral_summary_shape, (GDestroyNotify) dg_referral_summary_free);
}

void
dg_service_summaries_async (DgService           *self,
                            const gint64        *ids,
                            guint                n_ids,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  GArray *copy = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n_ids);

  g_array_append_vals (copy, ids, n_ids);
  dg_service_run (self, dg_service_summaries_async, summaries_op, DG_SERVICE_QUIET, 0,
                  copy, (GDestroyNotify) g_array_unref, cancellable, callback, user_data);
}

GPtrArray *
dg_service_summaries_finish (DgService     *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  return dg_service_finish_boxed (self, result, dg_service_summaries_async, error);
}

static gboolean
schools_op (DgDb *db, gpointer data, GValue *result, GError **error)
{
  GStrv schools = dg_referral_schools (db, 1000, error);

  if (schools == NULL)
    return FALSE;
  g_value_init (result, G_TYPE_STRV);
  g_value_take_boxed (result, schools);
  return TRUE;
}

void
dg_service_schools_async (DgService           *self,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  dg_service_run (self, dg_service_schools_async, schools_op, DG_SERVICE_QUIET, 0,
                  NULL, NULL, cancellable, callback, user_data);
}

GStrv
dg_service_schools_finish (DgService     *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  return dg_service_finish_boxed (self, result, dg_service_schools_async, error);
}

/* ---- The detail ---------------------------------------------------------------------- */

/* The history and the earlier referrals travel with the referral. */
static gboolean
show_op (DgDb *db, gpointer data, GValue *result, GError **error)
{
  Referral *r = data;
  g_autoptr(JsonNode) node = dg_referral_show (db, r->id, error);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  JsonObject *shown;
  JsonArray *previous, *earlier;
  JsonNode *audit;

  if (node == NULL || (audit = dg_referral_audit (db, r->id, error)) == NULL)
    return FALSE;
  shown = json_node_get_object (node);
  json_object_set_member (shown, "audit", audit);
  previous = json_object_get_array_member (shown, "previous_referrals");
  for (guint i = 0; i < json_array_get_length (previous); i++)
    {
      gint64 id = json_array_get_int_element (previous, i);
      g_array_append_val (ids, id);
    }
  earlier = dg_referral_summaries (db, (gint64 *) ids->data, ids->len, error);
  if (earlier == NULL)
    return FALSE;
  json_object_set_array_member (shown, "previous", earlier);
  return dg_service_return_node (result, g_steal_pointer (&node));
}

void
dg_service_show_async (DgService           *self,
                       gint64               id,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  RUN (self, dg_service_show_async, show_op, DG_SERVICE_QUIET, referral_new (id),
       cancellable, callback, user_data);
}

JsonNode *
dg_service_show_finish (DgService     *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  return dg_service_finish_boxed (self, result, dg_service_show_async, error);
}

/* ---- The intake form ------------------------------------------------------------------ */

static gboolean
similar_op (DgDb *db, gpointer data, GValue *result, GError **error)
{
  Referral *r = data;

  return dg_service_return_records (result, dg_referral_find_similar (db, r->name, r->dob, 0, 8, error),
                                    &dg_referral_match_shape, (GDestroyNotify) dg_referral_match_free);
}

void
dg_service_similar_async (DgService           *self,
                          const char          *name,
                          const char          *dob,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  Referral *r = referral_new (0);

  r->name = g_strdup (name);
  r->dob = g_strdup (dob);
  RUN (self, dg_service_similar_async, similar_op, DG_SERVICE_QUIET, r, cancellable, callback, user_data);
}

GPtrArray *
dg_service_similar_finish (DgService     *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  return dg_service_finish_boxed (self, result, dg_service_similar_async, error);
}

static gboolean
reporters_op (DgDb *db, gpointer data, GValue *result, GError **error)
{
  Referral *r = data;

  return dg_service_return_records (result, dg_reporter_search (db, r->text, 6, error),
                                    &dg_reporter_match_shape, (GDestroyNotify) dg_reporter_match_free);
}

void
dg_service_reporters_async (DgService           *self,
                            const char          *text,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  Referral *r = referral_new (0);

  r->text = g_strdup (text);
  RUN (self, dg_service_reporters_async, reporters_op, DG_SERVICE_QUIET, r, cancellable, callback, user_data);
}

GPtrArray *
dg_service_reporters_finish (DgService     *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  return dg_service_finish_boxed (self, result, dg_service_reporters_async, error);
}

static gboolean
validate_op (DgDb *db, gpointer data, GValue *result, GError **error)
{
  Referral *r = data;

  return dg_referral_validate (db, r->input, error);
}

void
dg_service_validate_async (DgService           *self,
                           JsonObject          *input,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  Referral *r = referral_new (0);

  r->input = json_object_ref (input);
  RUN (self, dg_service_validate_async, validate_op, DG_SERVICE_QUIET, r, cancellable, callback, user_data);
}

gboolean
dg_service_validate_finish (DgService     *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  return dg_service_finish (self, result, dg_service_validate_async, error);
}

static gboolean
add_referral_op (DgDb *db, gpointer data, GValue *result, GError **error)
{
  Referral *r = data;
  gint64 id = dg_referral_add (db, r->input, r->draft_slot, error);

  return id != 0 && dg_service_return_int64 (result, id);
}

void
dg_service_add_referral_async (DgService           *self,
                               JsonObject          *input,
                               const char          *draft_slot,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  Referral *r = referral_new (0);

  r->input = json_object_ref (input);
  r->draft_slot = g_strdup (draft_slot);
  RUN (self, dg_service_add_referral_async, add_referral_op, DG_SERVICE_ANNOUNCED, r, NULL, callback, user_data);
}

gint64
dg_service_add_referral_finish (DgService     *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  return dg_service_finish_int64 (self, result, dg_service_add_referral_async, error);
}

/* ---- Changes ----------------------------------------------------------------------------- */

static gboolean
decide_op (DgDb *db, gpointer data, GValue *result, GError **error)
{
  Referral *r = data;

  return dg_referral_decide (db, r->id, r->outcome, r->rationale, r->decided_by, NULL, error);
}

void
dg_service_decide_async (DgService           *self,
                         gint64               id,
                         const char          *outcome,
                         const char          *rationale,
                         const char          *decided_by,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  Referral *r = referral_new (id);

  r->outcome = g_strdup (outcome);
  r->rationale = g_strdup (rationale);
  /* NULL: the core names the actor, set on the connection for every call. */
  r->decided_by = g_strdup (decided_by);
  RUN (self, dg_service_decide_async, decide_op, DG_SERVICE_ANNOUNCED, r, NULL, callback, user_data);
}

gboolean
dg_service_decide_finish (DgService     *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  return dg_service_finish (self, result, dg_service_decide_async, error);
}

static gboolean
acknowledge_op (DgDb *db, gpointer data, GValue *result, GError **error)
{
  Referral *r = data;

  return dg_referral_acknowledge (db, r->id, NULL, r->method, error);
}

void
dg_service_acknowledge_async (DgService           *self,
                              gint64               id,
                              const char          *method,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  Referral *r = referral_new (id);

  r->method = g_strdup (method);
  RUN (self, dg_service_acknowledge_async, acknowledge_op, DG_SERVICE_ANNOUNCED, r, NULL, callback, user_data);
}

gboolean
dg_service_acknowledge_finish (DgService     *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  return dg_service_finish (self, result, dg_service_acknowledge_async, error);
}

static gboolean
confirm_op (DgDb *db, gpointer data, GValue *result, GError **error)
{
  Referral *r = data;

  return dg_referral_confirm (db, r->id, NULL, error);
}

void
dg_service_confirm_async (DgService           *self,
                          gint64               id,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  RUN (self, dg_service_confirm_async, confirm_op, DG_SERVICE_ANNOUNCED, referral_new (id),
       NULL, callback, user_data);
}

gboolean
dg_service_confirm_finish (DgService     *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  return dg_service_finish (self, result, dg_service_confirm_async, error);
}

static gboolean
add_event_op (DgDb *db, gpointer data, GValue *result, GError **error)
{
  Referral *r = data;

  return dg_referral_add_event (db, r->id, r->kind, r->at, r->notes, error);
}

void
dg_service_add_event_async (DgService           *self,
                            gint64               referral_id,
                            const char          *kind,
                            const char          *at,
                            const char          *notes,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  Referral *r = referral_new (referral_id);

  r->kind = g_strdup (kind);
  r->at = g_strdup (at);
  r->notes = g_strdup (notes);
  RUN (self, dg_service_add_event_async, add_event_op, DG_SERVICE_ANNOUNCED, r, NULL, callback, user_data);
}

gboolean
dg_service_add_event_finish (DgService     *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  return dg_service_finish (self, result, dg_service_add_event_async, error);
}
