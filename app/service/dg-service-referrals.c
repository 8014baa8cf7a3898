#include "config.h"

#include <glib/gi18n-lib.h>

#include "dg-core.h"
#include "dg-json.h"
#include "dg-ledger.h"
#include "dg-meetings.h"
#include "dg-outbox.h"
#include "dg-vocab.h"
#include "dg-access.h"
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
  char       *outcome, *rationale, *decided_by, *told, *told_cy;
  char       *method;       /* acknowledge */
  char       *kind, *at, *notes;   /* add_event; kind is the step or the person for the ledger */
  char       *choice;              /* offer, with name and kind */
  gboolean    replied;             /* chase */
  gboolean    opening;             /* open: logged, text the reason */
  gint64      base_version;         /* amend, with input the patch */
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
  g_free (r->told);
  g_free (r->told_cy);
  g_free (r->method);
  g_free (r->kind);
  g_free (r->at);
  g_free (r->notes);
  g_free (r->choice);
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

DG_SERVICE_DEFINE_FINISH (list_ids, GArray *, dg_service_finish_boxed)

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

DG_SERVICE_DEFINE_FINISH (summaries, GPtrArray *, dg_service_finish_boxed)

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

DG_SERVICE_DEFINE_FINISH (schools, GStrv, dg_service_finish_boxed)

/* ---- The detail ---------------------------------------------------------------------- */

/* A text member of the core's objects and the field of a record it goes in.
 * The records name their fields as the core names its members, so one list
 * per record says what it reads, and one loop reads every record's texts. */
typedef struct
{
  const char *member;
  glong       offset;
} Text;

#define TEXT(type, field) { #field, G_STRUCT_OFFSET (type, field) }

static const Text referral_texts[] = {
  TEXT (DgReferral, reference), TEXT (DgReferral, received_at), TEXT (DgReferral, status),
  TEXT (DgReferral, channel), TEXT (DgReferral, rag), TEXT (DgReferral, concern),
  TEXT (DgReferral, immediate_action), TEXT (DgReferral, confirmed_at), TEXT (DgReferral, acknowledged_at),
};
static const Text reporter_texts[] = {
  TEXT (DgReporter, name), TEXT (DgReporter, role), TEXT (DgReporter, organisation), TEXT (DgReporter, agency),
  TEXT (DgReporter, email), TEXT (DgReporter, phone), TEXT (DgReporter, address), TEXT (DgReporter, language),
};
static const Text child_texts[] = {
  TEXT (DgChild, name), TEXT (DgChild, aliases), TEXT (DgChild, dob), TEXT (DgChild, gender),
  TEXT (DgChild, ethnicity), TEXT (DgChild, religion), TEXT (DgChild, first_language), TEXT (DgChild, address),
  TEXT (DgChild, school), TEXT (DgChild, attendance), TEXT (DgChild, additional_needs),
  TEXT (DgChild, parental_responsibility),
};
static const Text household_texts[] = {
  TEXT (DgHouseholdMember, name), TEXT (DgHouseholdMember, relationship), TEXT (DgHouseholdMember, dob),
};
static const Text agency_texts[] = {
  TEXT (DgInvolvedAgency, agency), TEXT (DgInvolvedAgency, name), TEXT (DgInvolvedAgency, organisation),
};
static const Text decision_texts[] = {
  TEXT (DgDecision, outcome), TEXT (DgDecision, rationale), TEXT (DgDecision, by), TEXT (DgDecision, at),
  TEXT (DgDecision, report_maker_text), TEXT (DgDecision, report_maker_text_cy),
};
static const Text meeting_texts[] = { TEXT (DgReferralMeeting, kind), TEXT (DgReferralMeeting, at) };
static const Text event_texts[] = { TEXT (DgReferralEvent, kind), TEXT (DgReferralEvent, at) };
static const Text letter_texts[] = {
  TEXT (DgLetterSent, kind), TEXT (DgLetterSent, language), TEXT (DgLetterSent, method),
  TEXT (DgLetterSent, by), TEXT (DgLetterSent, at),
};
static const Text mail_texts[] = {
  TEXT (DgReferralMail, kind), TEXT (DgReferralMail, language), TEXT (DgReferralMail, recipient),
  TEXT (DgReferralMail, state), TEXT (DgReferralMail, error), TEXT (DgReferralMail, queued_at),
  TEXT (DgReferralMail, sent_at), TEXT (DgReferralMail, next_attempt_at),
};
static const Text clock_texts[] = { TEXT (DgReferralClock, due), TEXT (DgReferralClock, state) };
static const Text earlier_texts[] = {
  TEXT (DgEarlierReferral, reference), TEXT (DgEarlierReferral, received_at),
  TEXT (DgEarlierReferral, child), TEXT (DgEarlierReferral, outcome),
};
static const Text ledger_texts[] = {
  TEXT (DgLedgerEntry, kind), TEXT (DgLedgerEntry, step), TEXT (DgLedgerEntry, note), TEXT (DgLedgerEntry, at),
  TEXT (DgLedgerEntry, by), TEXT (DgLedgerEntry, clock), TEXT (DgLedgerEntry, due),
  TEXT (DgLedgerEntry, done_at), TEXT (DgLedgerEntry, state),
};
/* The core names the time of an offer offered_at. */
static const Text offer_texts[] = {
  TEXT (DgLanguageOffer, person), TEXT (DgLanguageOffer, name), TEXT (DgLanguageOffer, choice),
  { "offered_at", G_STRUCT_OFFSET (DgLanguageOffer, at) }, TEXT (DgLanguageOffer, by),
};
static const Text audit_texts[] = { TEXT (DgAuditEntry, at), TEXT (DgAuditEntry, by), TEXT (DgAuditEntry, action) };

#undef TEXT

/* A member that is an object or an array, or NULL (absent, null or another
 * kind): json-glib's own getters warn on a member that is not there. */
static JsonObject *
object_of (JsonObject *o,
           const char *member)
{
  JsonNode *node = o != NULL ? json_object_get_member (o, member) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static JsonArray *
array_of (JsonObject *o,
          const char *member)
{
  JsonNode *node = o != NULL ? json_object_get_member (o, member) : NULL;

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

/* The texts of an array member, never NULL. */
static GStrv
strv_of (JsonObject *o,
         const char *member)
{
  JsonArray *array = array_of (o, member);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    g_strv_builder_add (builder, json_array_get_string_element (array, i));
  return g_strv_builder_end (builder);
}

/* Fills the text fields of @record that @texts name from @o, kept in
 * @referral. */
static void
keep_texts (DgReferral *referral,
            gpointer    record,
            JsonObject *o,
            const Text *texts,
            guint       n_texts)
{
  for (guint i = 0; i < n_texts; i++)
    G_STRUCT_MEMBER (const char *, record, texts[i].offset) = dg_referral_keep (referral, dg_json_text (o, texts[i].member));
}

#define KEEP_TEXTS(referral, record, o, texts) keep_texts ((referral), (record), (o), (texts), G_N_ELEMENTS (texts))

/* What a record has besides its texts. */
typedef void (*ReadMore) (gpointer record, JsonObject *o);

/* Appends to @records one record for each object of @array: its texts as
 * @texts say, then the rest by @more (may be NULL). */
static void
read_records (DgReferral *referral,
              GArray     *records,
              JsonArray  *array,
              const Text *texts,
              guint       n_texts,
              ReadMore    more)
{
  guint size = g_array_get_element_size (records);

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonObject *o = json_array_get_object_element (array, i);
      gpointer record;

      g_array_set_size (records, records->len + 1);
      record = records->data + (records->len - 1) * size;
      keep_texts (referral, record, o, texts, n_texts);
      if (more != NULL)
        more (record, o);
    }
}

#define READ_RECORDS(referral, records, array, texts, more) \
  read_records ((referral), (records), (array), (texts), G_N_ELEMENTS (texts), (more))

static void
child_more (gpointer    record,
            JsonObject *o)
{
  DgChild *child = record;

  child->dob_expected = json_object_get_boolean_member_with_default (o, "dob_expected", FALSE);
  child->interpreter_needed = json_object_get_boolean_member_with_default (o, "interpreter_needed", FALSE);
}

static void
meeting_more (gpointer    record,
              JsonObject *o)
{
  DgReferralMeeting *meeting = record;

  meeting->id = json_object_get_int_member_with_default (o, "id", 0);
  meeting->missing = strv_of (o, "missing");
}

static void
ledger_more (gpointer    record,
             JsonObject *o)
{
  ((DgLedgerEntry *) record)->id = json_object_get_int_member_with_default (o, "id", 0);
}

static void
earlier_more (gpointer    record,
              JsonObject *o)
{
  ((DgEarlierReferral *) record)->id = json_object_get_int_member_with_default (o, "id", 0);
}

/* One value of an amendment as a person reads it. */
static void
append_value (GString    *out,
              const char *member,
              JsonNode   *value)
{
  if (value == NULL || JSON_NODE_HOLDS_NULL (value))
    g_string_append (out, g_str_equal (member, "rag") ? _("Not rated") : "—");
  else if (JSON_NODE_HOLDS_ARRAY (value))
    {
      JsonArray *children = json_node_get_array (value);

      for (guint i = 0; i < json_array_get_length (children); i++)
        {
          JsonObject *child = json_array_get_object_element (children, i);

          g_string_append_printf (out, "%s%s", i > 0 ? ", " : "",
                                  json_object_get_string_member_with_default (child, "name", "?"));
        }
      if (json_array_get_length (children) == 0)
        g_string_append (out, "—");
    }
  else if (g_str_equal (member, "rag"))
    g_string_append (out, dg_vocab_label (DG_VOCAB_RAG, json_node_get_string (value)));
  else if (g_str_equal (member, "channel"))
    g_string_append (out, dg_vocab_label (DG_VOCAB_CHANNEL, json_node_get_string (value)));
  else
    {
      const char *text = json_node_get_string (value);
      glong length = text != NULL ? g_utf8_strlen (text, -1) : 0;

      /* A long text is shown by its start: the whole is on the referral. */
      if (length > 60)
        {
          g_string_append_len (out, text, g_utf8_offset_to_pointer (text, 57) - text);
          g_string_append (out, "…");
        }
      else if (text != NULL)
        g_string_append (out, text);
    }
}

/* An amendment's audit detail, {"member": {"before", "after"}, …}, as a
 * person reads it; NULL when it is not one. */
static char *
amend_changes (const char *action,
               const char *detail)
{
  static const struct { const char *member; const char *label; } labels[] = {
    { "rag", N_("Rating") },
    { "channel", N_("How it came in") },
    { "concern", N_("Concern") },
    { "immediate_action", N_("Immediate action") },
    { "other_information", N_("Other information") },
    { "children", N_("Children") },
  };
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GString) out = NULL;
  JsonObject *o;

  if (g_strcmp0 (action, "amend") != 0 || detail == NULL)
    return NULL;
  node = json_from_string (detail, NULL);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  o = json_node_get_object (node);
  out = g_string_new (NULL);
  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    {
      JsonNode *change = json_object_get_member (o, labels[i].member);

      if (change == NULL || !JSON_NODE_HOLDS_OBJECT (change))
        continue;
      if (out->len > 0)
        g_string_append (out, "; ");
      g_string_append_printf (out, "%s: ", _(labels[i].label));
      append_value (out, labels[i].member, json_object_get_member (json_node_get_object (change), "before"));
      g_string_append (out, " → ");
      append_value (out, labels[i].member, json_object_get_member (json_node_get_object (change), "after"));
    }
  return out->len > 0 ? g_string_free (g_steal_pointer (&out), FALSE) : NULL;
}

/* The core's referral (@o), its history and its earlier referrals'
 * summaries as a record. */
static DgReferral *
referral_from_json (JsonObject *o,
                    JsonArray  *audit,
                    JsonArray  *earlier)
{
  DgReferral *r = dg_referral_new ();
  JsonObject *reporter = object_of (o, "reporter");
  JsonObject *decision = object_of (o, "decision");
  JsonObject *due = object_of (o, "due");
  g_autoptr(GList) clocks = due != NULL ? json_object_get_members (due) : NULL;

  r->id = json_object_get_int_member_with_default (o, "id", 0);
  r->version = json_object_get_int_member_with_default (o, "version", 0);
  KEEP_TEXTS (r, r, o, referral_texts);
  r->categories = strv_of (o, "categories");
  if (reporter != NULL)
    {
      r->reporter = g_new0 (DgReporter, 1);
      KEEP_TEXTS (r, r->reporter, reporter, reporter_texts);
      r->reporter->anonymous = json_object_get_boolean_member_with_default (reporter, "anonymous", FALSE);
    }
  if (decision != NULL)
    {
      r->decision = g_new0 (DgDecision, 1);
      KEEP_TEXTS (r, r->decision, decision, decision_texts);
    }
  READ_RECORDS (r, r->children, array_of (o, "children"), child_texts, child_more);
  READ_RECORDS (r, r->household, array_of (o, "household"), household_texts, NULL);
  READ_RECORDS (r, r->agencies, array_of (o, "involved_agencies"), agency_texts, NULL);
  READ_RECORDS (r, r->meetings, array_of (o, "meetings"), meeting_texts, meeting_more);
  READ_RECORDS (r, r->events, array_of (o, "events"), event_texts, NULL);
  READ_RECORDS (r, r->letters, array_of (o, "notifications"), letter_texts, NULL);
  READ_RECORDS (r, r->ledger, array_of (o, "ledger"), ledger_texts, ledger_more);
  READ_RECORDS (r, r->offers, array_of (o, "language_offers"), offer_texts, NULL);
  READ_RECORDS (r, r->mail, array_of (o, "outbox"), mail_texts, NULL);
  READ_RECORDS (r, r->earlier, earlier, earlier_texts, earlier_more);
  g_ptr_array_extend_and_steal (r->register_children,
                                dg_record_list_from_json (&dg_register_child_shape, NULL, array_of (o, "register")));
  READ_RECORDS (r, r->history, audit, audit_texts, NULL);
  for (guint i = 0; i < r->history->len; i++)
    {
      DgAuditEntry *entry = &g_array_index (r->history, DgAuditEntry, i);
      JsonObject *a = json_array_get_object_element (audit, i);
      g_autofree char *changes = amend_changes (entry->action, json_object_get_string_member_with_default (a, "detail", NULL));

      entry->changes = changes != NULL ? dg_referral_keep (r, changes) : NULL;
    }
  /* The clocks are an object, one member each, in the order they run. */
  for (GList *l = clocks; l != NULL; l = l->next)
    {
      DgReferralClock clock = { dg_referral_keep (r, l->data) };
      JsonObject *exception;


      KEEP_TEXTS (r, &clock, object_of (due, l->data), clock_texts);
      exception = json_object_get_object_member (object_of (due, l->data), "exception");
      if (exception != NULL)
        {
          clock.exception_reason = dg_referral_keep (r, dg_json_text (exception, "reason"));
          clock.exception_approved_by = dg_referral_keep (r, dg_json_text (exception, "approved_by"));
        }
      g_array_append_val (r->clocks, clock);
    }
  return r;
}

/* The history and the earlier referrals are read with the referral, in
 * the same turn on the connection. */
static gboolean
show_op (DgDb *db, gpointer data, GValue *result, GError **error)
{
  Referral *r = data;
  g_autoptr(JsonNode) node = r->opening ? dg_referral_open (db, r->id, r->text, error)
                                        : dg_referral_show (db, r->id, error);
  g_autoptr(JsonNode) audit = NULL;
  g_autoptr(JsonArray) earlier = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  JsonArray *previous;

  if (node == NULL || (audit = dg_referral_audit (db, r->id, error)) == NULL)
    return FALSE;
  previous = array_of (json_node_get_object (node), "previous_referrals");
  for (guint i = 0; previous != NULL && i < json_array_get_length (previous); i++)
    {
      gint64 id = json_array_get_int_element (previous, i);
      g_array_append_val (ids, id);
    }
  earlier = dg_referral_summaries (db, (gint64 *) ids->data, ids->len, error);
  if (earlier == NULL)
    return FALSE;
  /* Its letters by e-mail, queued, sent or failed, as the outbox has them. */
  {
    JsonArray *mail = dg_outbox_list (db, FALSE, r->id, error);

    if (mail == NULL)
      return FALSE;
    json_object_set_array_member (json_node_get_object (node), "outbox", mail);
  }
  g_value_init (result, DG_TYPE_REFERRAL);
  g_value_take_boxed (result, referral_from_json (json_node_get_object (node), json_node_get_array (audit), earlier));
  return TRUE;
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

DG_SERVICE_DEFINE_FINISH (show, DgReferral *, dg_service_finish_boxed)

/* Showing a referral the person has just chosen is an opening, logged once
 * (dg_referral_open ()); the reloads after changes go through show. */
void
dg_service_open_async (DgService           *self,
                       gint64               id,
                       const char          *reason,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  Referral *r = referral_new (id);

  r->opening = TRUE;
  r->text = g_strdup (reason);
  RUN (self, dg_service_open_async, show_op, DG_SERVICE_QUIET, r, cancellable, callback, user_data);
}

DG_SERVICE_DEFINE_FINISH (open, DgReferral *, dg_service_finish_boxed)

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

DG_SERVICE_DEFINE_FINISH (similar, GPtrArray *, dg_service_finish_boxed)

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

DG_SERVICE_DEFINE_FINISH (reporters, GPtrArray *, dg_service_finish_boxed)

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

DG_SERVICE_DEFINE_FINISH (validate, gboolean, dg_service_finish)

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

DG_SERVICE_DEFINE_FINISH (add_referral, gint64, dg_service_finish_int64)

/* ---- Changes ----------------------------------------------------------------------------- */

static gboolean
decide_op (DgDb *db, gpointer data, GValue *result, GError **error)
{
  Referral *r = data;

  return dg_referral_decide_with (db, r->id,
                                  &(DgDecisionInput) { r->outcome, r->rationale, r->told, r->told_cy, r->decided_by, r->at },
                                  error);
}

void
dg_service_decide_async (DgService              *self,
                         gint64                  id,
                         const DgDecisionInput  *decision,
                         GAsyncReadyCallback     callback,
                         gpointer                user_data)
{
  Referral *r = referral_new (id);

  r->outcome = g_strdup (decision->outcome);
  r->rationale = g_strdup (decision->rationale);
  r->told = g_strdup (decision->report_maker_text);
  r->told_cy = g_strdup (decision->report_maker_text_cy);
  /* NULL: the core names the actor, set on the connection for every call. */
  r->decided_by = g_strdup (decision->by);
  r->at = g_strdup (decision->at);
  RUN (self, dg_service_decide_async, decide_op, DG_SERVICE_ANNOUNCED, r, NULL, callback, user_data);
}

DG_SERVICE_DEFINE_FINISH (decide, gboolean, dg_service_finish)

static gboolean
amend_op (DgDb *db, gpointer data, GValue *result, GError **error)
{
  Referral *r = data;

  return dg_referral_amend (db, r->id, r->input, r->base_version, error);
}

static void
set_text_or_null (JsonObject *o,
                  const char *member,
                  const char *value)
{
  if (value != NULL)
    json_object_set_string_member (o, member, value);
  else
    json_object_set_null_member (o, member);
}

/* The amendment as the core's patch: only what it changes. */
static JsonObject *
amendment_patch (const DgAmendment *a)
{
  JsonObject *patch = json_object_new ();

  if (a->rag != NULL)
    set_text_or_null (patch, "rag", *a->rag != '\0' ? a->rag : NULL);
  if (a->concern != NULL)
    json_object_set_string_member (patch, "concern", a->concern);
  if (a->children != NULL)
    {
      JsonArray *children = json_array_new ();

      for (guint i = 0; i < a->children->len; i++)
        {
          const DgChild *c = &g_array_index (a->children, DgChild, i);
          JsonObject *o = json_object_new ();

          for (guint t = 0; t < G_N_ELEMENTS (child_texts); t++)
            {
              const char *value = G_STRUCT_MEMBER (const char *, c, child_texts[t].offset);

              if (value != NULL)
                json_object_set_string_member (o, child_texts[t].member, value);
            }
          json_object_set_boolean_member (o, "dob_expected", c->dob_expected);
          json_object_set_boolean_member (o, "interpreter_needed", c->interpreter_needed);
          json_array_add_object_element (children, o);
        }
      json_object_set_array_member (patch, "children", children);
    }
  return patch;
}

void
dg_service_amend_async (DgService           *self,
                        gint64               id,
                        const DgAmendment   *amendment,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  Referral *r = referral_new (id);

  g_return_if_fail (amendment != NULL);

  r->input = amendment_patch (amendment);
  r->base_version = amendment->base_version;
  RUN (self, dg_service_amend_async, amend_op, DG_SERVICE_ANNOUNCED, r, NULL, callback, user_data);
}

DG_SERVICE_DEFINE_FINISH (amend, gboolean, dg_service_finish)

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

DG_SERVICE_DEFINE_FINISH (acknowledge, gboolean, dg_service_finish)

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

DG_SERVICE_DEFINE_FINISH (confirm, gboolean, dg_service_finish)

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

DG_SERVICE_DEFINE_FINISH (add_event, gboolean, dg_service_finish)

/* ---- The report-maker's ledger ---------------------------------------------------------- */

static gboolean
chase_op (DgDb *db, gpointer data, GValue *result, GError **error)
{
  Referral *r = data;
  g_autoptr(JsonObject) entry = dg_ledger_chase (db, r->id, r->notes, r->at, r->replied, error);

  return entry != NULL;
}

void
dg_service_chase_async (DgService           *self,
                        gint64               referral_id,
                        const char          *note,
                        gboolean             replied,
                        const char          *at,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  Referral *r = referral_new (referral_id);

  r->notes = g_strdup (note);
  r->replied = replied;
  r->at = g_strdup (at);
  RUN (self, dg_service_chase_async, chase_op, DG_SERVICE_ANNOUNCED, r, NULL, callback, user_data);
}

DG_SERVICE_DEFINE_FINISH (chase, gboolean, dg_service_finish)

static gboolean
disagreement_op (DgDb *db, gpointer data, GValue *result, GError **error)
{
  Referral *r = data;
  g_autoptr(JsonObject) entry = dg_ledger_disagreement (db, r->id, r->kind, r->notes, r->at, error);

  return entry != NULL;
}

void
dg_service_disagreement_async (DgService           *self,
                               gint64               referral_id,
                               const char          *step,
                               const char          *note,
                               const char          *at,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  Referral *r = referral_new (referral_id);

  r->kind = g_strdup (step);
  r->notes = g_strdup (note);
  r->at = g_strdup (at);
  RUN (self, dg_service_disagreement_async, disagreement_op, DG_SERVICE_ANNOUNCED, r, NULL, callback, user_data);
}

DG_SERVICE_DEFINE_FINISH (disagreement, gboolean, dg_service_finish)

static gboolean
offer_op (DgDb *db, gpointer data, GValue *result, GError **error)
{
  Referral *r = data;
  g_autoptr(JsonObject) offer = dg_ledger_offer (db, r->id, r->kind, r->name, r->choice, r->at, error);

  return offer != NULL;
}

void
dg_service_offer_async (DgService           *self,
                        gint64               referral_id,
                        const char          *person,
                        const char          *name,
                        const char          *choice,
                        const char          *at,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  Referral *r = referral_new (referral_id);

  r->kind = g_strdup (person);
  r->name = g_strdup (name);
  r->choice = g_strdup (choice);
  r->at = g_strdup (at);
  RUN (self, dg_service_offer_async, offer_op, DG_SERVICE_ANNOUNCED, r, NULL, callback, user_data);
}

DG_SERVICE_DEFINE_FINISH (offer, gboolean, dg_service_finish)
