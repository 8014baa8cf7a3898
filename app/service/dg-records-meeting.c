#include "config.h"

#include "dg-json.h"
#include "dg-records-meeting.h"

/* Each record is described once, member by member (its name in the core's
 * JSON, its type, where it sits in the struct), and read, copied and freed
 * from that description: one loop each for the eight structs rather than a
 * g_strdup () and a g_free () written out for every member of every one,
 * where a member added to the struct and forgotten in one of the three
 * would leak, or be freed twice. */

typedef enum
{
  END,       /* after the last member */
  TEXT,      /* char *: NULL when the member is absent, null or not text */
  INT,       /* gint64: 0 when absent */
  DOUBLE,    /* double: 0 when absent */
  BOOLEAN,   /* gboolean: FALSE when absent */
  TEXTS,     /* GStrv from an array of text: empty, never NULL, when absent */
  RECORDS,   /* GPtrArray of another record: empty, never NULL, when absent */
  RECORD,    /* another record: NULL when absent or null */
} Kind;

typedef struct Layout Layout;

typedef struct
{
  const char   *member;   /* in the core's JSON; NULL: read apart */
  Kind          kind;
  gsize         offset;
  const Layout *layout;   /* RECORDS and RECORD: the other record's */
} Field;

struct Layout
{
  gsize        size;
  const Field *fields;   /* up to one of kind END */
};

#define AT(record, f, type) G_STRUCT_MEMBER (type, record, (f)->offset)

static void
record_free (const Layout *layout,
             gpointer      record)
{
  if (record == NULL)
    return;
  for (const Field *f = layout->fields; f->kind != END; f++)
    if (f->kind == TEXT)
      g_free (AT (record, f, char *));
    else if (f->kind == TEXTS)
      g_strfreev (AT (record, f, GStrv));
    else if (f->kind == RECORDS && AT (record, f, GPtrArray *) != NULL)
      {
        GPtrArray *array = AT (record, f, GPtrArray *);

        /* The elements go with the record, by its layout: an array has no
         * free function of its own, as one of those takes no layout. */
        for (guint i = 0; i < array->len; i++)
          record_free (f->layout, g_ptr_array_index (array, i));
        g_ptr_array_free (array, TRUE);
      }
    else if (f->kind == RECORD)
      record_free (f->layout, AT (record, f, gpointer));
  g_free (record);
}

static gpointer record_copy (const Layout  *layout,
                             gconstpointer  record);

/* A GCopyFunc, for the elements of a GPtrArray. */
static gpointer
record_copy_element (gconstpointer record,
                     gpointer      layout)
{
  return record_copy (layout, record);
}

static gpointer
record_copy (const Layout  *layout,
             gconstpointer  record)
{
  gpointer copy = g_memdup2 (record, layout->size);

  for (const Field *f = layout->fields; f->kind != END; f++)
    if (f->kind == TEXT)
      AT (copy, f, char *) = g_strdup (AT (record, f, char *));
    else if (f->kind == TEXTS)
      AT (copy, f, GStrv) = g_strdupv (AT (record, f, GStrv));
    else if (f->kind == RECORDS && AT (record, f, GPtrArray *) != NULL)
      AT (copy, f, GPtrArray *) = g_ptr_array_copy (AT (record, f, GPtrArray *), record_copy_element,
                                                    (gpointer) f->layout);
    else if (f->kind == RECORD && AT (record, f, gpointer) != NULL)
      AT (copy, f, gpointer) = record_copy (f->layout, AT (record, f, gpointer));
  return copy;
}

/* ---- Reading the core's JSON ---------------------------------------------------- */

static JsonArray *
array_member (JsonObject *o,
              const char *member)
{
  JsonNode *node = o != NULL ? json_object_get_member (o, member) : NULL;

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

/* The text elements of @array (may be NULL). */
static GStrv
texts_read (JsonArray *array)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);

      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
        g_strv_builder_add (builder, json_node_get_string (node));
    }
  return g_strv_builder_end (builder);
}

static gpointer record_read (const Layout *layout,
                             JsonObject   *o);

/* The objects of @array (may be NULL) as records; anything else in it is
 * left out. */
static GPtrArray *
records_read (const Layout *layout,
              JsonArray    *array)
{
  guint n = array != NULL ? json_array_get_length (array) : 0;
  GPtrArray *records = g_ptr_array_sized_new (n);

  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (array, i);

      if (JSON_NODE_HOLDS_OBJECT (node))
        g_ptr_array_add (records, record_read (layout, json_node_get_object (node)));
    }
  return records;
}

static gpointer
record_read (const Layout *layout,
             JsonObject   *o)
{
  gpointer record = g_malloc0 (layout->size);

  for (const Field *f = layout->fields; f->kind != END; f++)
    {
      JsonNode *node;

      if (f->member == NULL)
        continue;
      node = json_object_get_member (o, f->member);
      switch (f->kind)
        {
        case TEXT:
          AT (record, f, char *) = g_strdup (dg_json_text (o, f->member));
          break;
        case INT:
          AT (record, f, gint64) = json_object_get_int_member_with_default (o, f->member, 0);
          break;
        case DOUBLE:
          AT (record, f, double) = json_object_get_double_member_with_default (o, f->member, 0);
          break;
        case BOOLEAN:
          AT (record, f, gboolean) = json_object_get_boolean_member_with_default (o, f->member, FALSE);
          break;
        case TEXTS:
          AT (record, f, GStrv) = texts_read (array_member (o, f->member));
          break;
        case RECORDS:
          AT (record, f, GPtrArray *) = records_read (f->layout, array_member (o, f->member));
          break;
        case RECORD:
          if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
            AT (record, f, gpointer) = record_read (f->layout, json_node_get_object (node));
          break;
        case END:
        default:
          g_assert_not_reached ();
        }
    }
  return record;
}

/* ---- The records ---------------------------------------------------------------- */

#define FIELD(Type, member, kind, name) { member, kind, G_STRUCT_OFFSET (Type, name), NULL }
#define NESTED(Type, member, kind, name, layout) { member, kind, G_STRUCT_OFFSET (Type, name), layout }

static const Layout invitee_layout = {
  sizeof (DgMeetingInvitee), (const Field[]) {
    FIELD (DgMeetingInvitee, "agency", TEXT, agency),
    FIELD (DgMeetingInvitee, "name", TEXT, name),
    FIELD (DgMeetingInvitee, "org", TEXT, organisation),
    FIELD (DgMeetingInvitee, "status", TEXT, status),
    FIELD (DgMeetingInvitee, "invited_at", TEXT, invited_at),
    { NULL },
  },
};

static const Layout excuse_layout = {
  sizeof (DgMeetingExcuse), (const Field[]) {
    FIELD (DgMeetingExcuse, "agency", TEXT, agency),
    FIELD (DgMeetingExcuse, "reason", TEXT, reason),
    { NULL },
  },
};

static const Layout outcome_layout = {
  sizeof (DgMeetingOutcome), (const Field[]) {
    FIELD (DgMeetingOutcome, "determination", TEXT, determination),
    FIELD (DgMeetingOutcome, "s47", BOOLEAN, s47),
    FIELD (DgMeetingOutcome, "summary", TEXT, summary),
    FIELD (DgMeetingOutcome, "at", TEXT, at),
    FIELD (DgMeetingOutcome, "by", TEXT, by),
    { NULL },
  },
};

static const Layout action_layout = {
  sizeof (DgMeetingAction), (const Field[]) {
    FIELD (DgMeetingAction, "action", TEXT, action),
    FIELD (DgMeetingAction, "owner", TEXT, owner),
    FIELD (DgMeetingAction, "due", TEXT, due),
    { NULL },
  },
};

static const Layout meeting_layout = {
  sizeof (DgMeeting), (const Field[]) {
    FIELD (DgMeeting, "id", INT, id),
    FIELD (DgMeeting, "referral", INT, referral_id),
    FIELD (DgMeeting, "reference", TEXT, reference),
    FIELD (DgMeeting, "kind", TEXT, kind),
    FIELD (DgMeeting, "at", TEXT, at),
    FIELD (DgMeeting, "chair", TEXT, chair),
    NESTED (DgMeeting, "invitees", RECORDS, invitees, &invitee_layout),
    FIELD (DgMeeting, NULL, TEXTS, missing),   /* in "completeness" */
    NESTED (DgMeeting, "excused", RECORDS, excused, &excuse_layout),
    NESTED (DgMeeting, "outcome", RECORD, outcome, &outcome_layout),
    NESTED (DgMeeting, "actions", RECORDS, actions, &action_layout),
    { NULL },
  },
};

static const Layout summary_layout = {
  sizeof (DgMeetingSummary), (const Field[]) {
    FIELD (DgMeetingSummary, "id", INT, id),
    FIELD (DgMeetingSummary, "referral", INT, referral_id),
    FIELD (DgMeetingSummary, "reference", TEXT, reference),
    FIELD (DgMeetingSummary, "kind", TEXT, kind),
    FIELD (DgMeetingSummary, "at", TEXT, at),
    FIELD (DgMeetingSummary, "missing", TEXTS, missing),
    { NULL },
  },
};

static const Layout share_layout = {
  sizeof (DgAgencyShare), (const Field[]) {
    FIELD (DgAgencyShare, "agency", TEXT, agency),
    FIELD (DgAgencyShare, "invited", INT, invited),
    FIELD (DgAgencyShare, "attended", INT, attended),
    FIELD (DgAgencyShare, "invited_share", DOUBLE, invited_share),
    FIELD (DgAgencyShare, "attended_share", DOUBLE, attended_share),
    FIELD (DgAgencyShare, "invited_word", TEXT, invited_word),
    FIELD (DgAgencyShare, "attended_word", TEXT, attended_word),
    { NULL },
  },
};

/* Read apart, from two results of the core. */
static const Layout report_layout = {
  sizeof (DgMeetingReport), (const Field[]) {
    NESTED (DgMeetingReport, NULL, RECORDS, meetings, &summary_layout),
    FIELD (DgMeetingReport, NULL, INT, held),
    NESTED (DgMeetingReport, NULL, RECORDS, agencies, &share_layout),
    { NULL },
  },
};

/* A boxed type's copy and free, by its layout. */
#define DEFINE_RECORD(TypeName, type_name, layout)                            \
  TypeName *                                                                  \
  type_name##_copy (const TypeName *self)                                     \
  {                                                                           \
    return record_copy (&layout, self);                                       \
  }                                                                           \
                                                                              \
  void                                                                        \
  type_name##_free (TypeName *self)                                           \
  {                                                                           \
    record_free (&layout, self);                                              \
  }                                                                           \
                                                                              \
  G_DEFINE_BOXED_TYPE (TypeName, type_name, type_name##_copy, type_name##_free)

DEFINE_RECORD (DgMeeting, dg_meeting, meeting_layout)
DEFINE_RECORD (DgMeetingReport, dg_meeting_report, report_layout)

DgMeeting *
dg_meeting_new_from_json (JsonObject *shown)
{
  DgMeeting *meeting = record_read (&meeting_layout, shown);
  JsonNode *completeness = json_object_get_member (shown, "completeness");

  /* The expected agencies missed are the completeness's: a member of the
   * meeting the window reads as the banner, not an object of its own. */
  meeting->missing = texts_read (completeness != NULL && JSON_NODE_HOLDS_OBJECT (completeness)
                                 ? array_member (json_node_get_object (completeness), "missing") : NULL);
  return meeting;
}

DgMeetingReport *
dg_meeting_report_new_from_json (JsonArray  *meetings,
                                 JsonObject *shares)
{
  DgMeetingReport *report = g_new0 (DgMeetingReport, 1);

  report->meetings = records_read (&summary_layout, meetings);
  report->held = json_object_get_int_member_with_default (shares, "meetings", 0);
  report->agencies = records_read (&share_layout, array_member (shares, "agencies"));
  return report;
}
