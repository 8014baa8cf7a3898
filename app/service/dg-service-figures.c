#include "config.h"

#include "dg-core.h"
#include "dg-json.h"
#include "dg-meetings.h"
#include "dg-performance.h"
#include "dg-timescales.h"
#include "dg-service-private.h"

/* What managers read: the Due board, the performance report, and the
 * meetings of a period with the agencies' shares. */

typedef struct
{
  char     *from, *to;
  guint     limit;
  gboolean  incomplete_only;
  /* The Due board's: which clocks, and how many rows of each heading. */
  char     *clock, *rag;
  guint     limits[DG_DUE_N_HEADINGS];
} Period;

static void
period_free (Period *p)
{
  g_free (p->from);
  g_free (p->to);
  g_free (p->clock);
  g_free (p->rag);
  g_free (p);
}

static Period *
period_new (const char *from,
            const char *to,
            guint       limit)
{
  Period *p = g_new0 (Period, 1);

  p->from = g_strdup (from);
  p->to = g_strdup (to);
  p->limit = limit;
  return p;
}

static void
run (DgService           *self,
     gpointer             source_tag,
     DgServiceOp          op,
     Period              *period,
     GCancellable        *cancellable,
     GAsyncReadyCallback  callback,
     gpointer             user_data)
{
  dg_service_run (self, source_tag, op, DG_SERVICE_QUIET, 0, period, (GDestroyNotify) period_free,
                  cancellable, callback, user_data);
}

/* The board's headings as the core names them, in DgDueHeading's order. */
static const char * const headings[] = { "overdue", "today", "tomorrow", "week", "later" };

static DgDueHeading
heading_of (const char *when)
{
  for (guint i = 0; i < G_N_ELEMENTS (headings); i++)
    if (g_strcmp0 (headings[i], when) == 0)
      return i;
  /* A heading this build does not know goes last, never lost. */
  return DG_DUE_LATER;
}

static gpointer
due_item_from_json (JsonObject *o)
{
  DgDueItem *item = g_new0 (DgDueItem, 1);

  item->referral = json_object_get_int_member_with_default (o, "referral", 0);
  item->reference = dg_service_text (o, "reference", "");
  item->child = dg_service_text (o, "child", NULL);
  item->clock = dg_service_text (o, "clock", "");
  item->due = dg_service_text (o, "due", "");
  item->state = dg_service_text (o, "state", "");
  item->rag = dg_service_text (o, "rag", NULL);
  item->days_overdue = json_object_get_int_member_with_default (o, "days_overdue", 0);
  item->heading = heading_of (dg_json_text (o, "when"));
  return item;
}

static gboolean
due_board_op (DgDb *db, gpointer data, GValue *result, GError **error)
{
  Period *p = data;
  DgDueFilter filter = { p->clock, p->rag, NULL };
  g_autoptr(JsonNode) node = dg_due_board_filtered (db, &filter, p->limits, error);
  DgDueBoard *board;
  JsonObject *o, *counts;

  if (node == NULL)
    return FALSE;
  o = json_node_get_object (node);
  board = dg_due_board_new ();
  board->today = dg_service_text (o, "today", "");
  counts = json_object_get_object_member (o, "counts");
  for (guint i = 0; i < G_N_ELEMENTS (headings); i++)
    board->counts[i] = json_object_get_int_member_with_default (counts, headings[i], 0);
  g_ptr_array_extend_and_steal (board->clocks, dg_service_records (json_object_get_array_member (o, "clocks"), due_item_from_json,
                                                                    (GDestroyNotify) dg_due_item_free));
  g_value_init (result, DG_TYPE_DUE_BOARD);
  g_value_take_boxed (result, board);
  return TRUE;
}

void
dg_service_due_board_async (DgService           *self,
                            guint                limit,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  DgDueQuery query = { NULL };

  for (guint i = 0; i < DG_DUE_N_HEADINGS; i++)
    query.limits[i] = limit;
  dg_service_due_worklist_async (self, &query, cancellable, callback, user_data);
}

void
dg_service_due_worklist_async (DgService           *self,
                               const DgDueQuery    *query,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  Period *p = period_new (NULL, NULL, 0);

  g_return_if_fail (query != NULL);
  p->clock = g_strdup (query->clock);
  p->rag = g_strdup (query->rag);
  memcpy (p->limits, query->limits, sizeof p->limits);
  run (self, dg_service_due_board_async, due_board_op, p, cancellable, callback, user_data);
}

DG_SERVICE_DEFINE_FINISH (due_board, DgDueBoard *, dg_service_finish_boxed)

/* The core names a row's group by what it is; each array has one kind. */
static const char * const group_members[] = { "agency", "school", "month" };

static gpointer
performance_row_from_json (JsonObject *o)
{
  DgPerformanceRow *row = g_new0 (DgPerformanceRow, 1);

  row->clock = dg_service_text (o, "clock", "");
  for (guint i = 0; i < G_N_ELEMENTS (group_members) && row->group == NULL; i++)
    row->group = dg_service_text (o, group_members[i], NULL);
  row->count = json_object_get_int_member_with_default (o, "count", 0);
  row->on_time = json_object_get_int_member_with_default (o, "on_time", 0);
  row->late = json_object_get_int_member_with_default (o, "late", 0);
  row->excepted = json_object_get_int_member_with_default (o, "excepted", 0);
  row->measured = json_object_get_int_member_with_default (o, "measured", 0);
  row->overdue = json_object_get_int_member_with_default (o, "overdue", 0);
  row->pending = json_object_get_int_member_with_default (o, "pending", 0);
  row->on_time_share = json_object_get_double_member_with_default (o, "on_time_share", 0);
  row->word = dg_service_text (o, "word", "none");
  return row;
}

/* The rows of the array @member into @rows. */
static void
take_rows (GPtrArray  *rows,
           JsonObject *report,
           const char *member)
{
  g_ptr_array_extend_and_steal (rows, dg_service_records (json_object_get_array_member (report, member),
                                                          performance_row_from_json,
                                                          (GDestroyNotify) dg_performance_row_free));
}

/* g_ptr_array_sort () hands over pointers to the elements. */
static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* The months the rows by month cover, each once, oldest first. */
static GStrv
months_of (GPtrArray *by_month)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) months = g_ptr_array_new ();

  for (guint i = 0; i < by_month->len; i++)
    {
      const char *month = ((DgPerformanceRow *) g_ptr_array_index (by_month, i))->group;

      if (month != NULL && g_hash_table_add (seen, (gpointer) month))
        g_ptr_array_add (months, g_strdup (month));
    }
  g_ptr_array_sort (months, compare_strings);
  g_ptr_array_add (months, NULL);
  return (GStrv) g_ptr_array_steal (months, NULL);
}

static gboolean
performance_op (DgDb *db, gpointer data, GValue *result, GError **error)
{
  Period *p = data;
  g_autoptr(JsonNode) node = dg_performance_report (db, p->from, p->to, error);
  DgPerformance *report;
  JsonObject *o, *meetings, *chased, *disagreements;

  if (node == NULL)
    return FALSE;
  o = json_node_get_object (node);
  report = dg_performance_new ();
  report->from = dg_service_text (o, "from", "");
  report->to = dg_service_text (o, "to", "");
  take_rows (report->clocks, o, "clocks");
  take_rows (report->clocks_per_child, json_object_get_object_member (o, "per_child"), "clocks");
  take_rows (report->by_agency, o, "by_agency");
  take_rows (report->by_school, o, "by_school");
  take_rows (report->by_month, o, "by_month");
  report->months = months_of (report->by_month);
  meetings = json_object_get_object_member (o, "meetings");
  report->meetings_held = json_object_get_int_member_with_default (meetings, "count", 0);
  report->meetings_complete = json_object_get_int_member_with_default (meetings, "complete", 0);
  report->meetings_share = json_object_get_double_member_with_default (meetings, "share", 0);
  report->meetings_word = dg_service_text (meetings, "word", "none");
  chased = json_object_get_object_member (o, "chased");
  if (chased != NULL)
    {
      report->chased_referrals = json_object_get_int_member_with_default (chased, "referrals", 0);
      report->chases = json_object_get_int_member_with_default (chased, "chases", 0);
      report->chases_replied = json_object_get_int_member_with_default (chased, "replied", 0);
      report->chases_in_time = json_object_get_int_member_with_default (chased, "replied_in_time", 0);
    }
  disagreements = json_object_get_object_member (o, "disagreements");
  if (disagreements != NULL)
    {
      report->disagreements_raised = json_object_get_int_member_with_default (disagreements, "raised", 0);
      report->disagreements_resolved = json_object_get_int_member_with_default (disagreements, "resolved", 0);
      report->disagreements_in_time = json_object_get_int_member_with_default (disagreements, "resolved_in_time", 0);
    }
  g_value_init (result, DG_TYPE_PERFORMANCE);
  g_value_take_boxed (result, report);
  return TRUE;
}

void
dg_service_performance_async (DgService           *self,
                              const char          *from,
                              const char          *to,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  run (self, dg_service_performance_async, performance_op, period_new (from, to, 0),
       cancellable, callback, user_data);
}

DG_SERVICE_DEFINE_FINISH (performance, DgPerformance *, dg_service_finish_boxed)

static gboolean
meeting_report_op (DgDb *db, gpointer data, GValue *result, GError **error)
{
  Period *p = data;
  g_autoptr(JsonArray) meetings = dg_meeting_list (db, p->incomplete_only, p->from, p->to, p->limit, error);
  g_autoptr(JsonNode) shares = meetings ? dg_meeting_agency_shares (db, p->from, p->to, error) : NULL;

  if (shares == NULL)
    return FALSE;
  /* Read into the page's record here, on the connection's thread. */
  g_value_init (result, DG_TYPE_MEETING_REPORT);
  g_value_take_boxed (result, dg_meeting_report_new_from_json (meetings, json_node_get_object (shares)));
  return TRUE;
}

void
dg_service_meeting_report_async (DgService           *self,
                                 gboolean             incomplete_only,
                                 const char          *from,
                                 const char          *to,
                                 guint                limit,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  Period *p = period_new (from, to, limit);

  p->incomplete_only = incomplete_only;
  run (self, dg_service_meeting_report_async, meeting_report_op, p, cancellable, callback, user_data);
}

DG_SERVICE_DEFINE_FINISH (meeting_report, DgMeetingReport *, dg_service_finish_boxed)
