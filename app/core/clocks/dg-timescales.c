#include "config.h"

#include <glib/gi18n-lib.h>

#include "dg-time.h"
#include "dg-timescales.h"
#include "dg-vocab.h"
#include "dg-workdays.h"

/* The Due board's headings, each a range of due dates [from, until). */
enum { OVERDUE, TODAY, TOMORROW, WEEK, LATER, N_HEADINGS };
static const char * const heading_names[N_HEADINGS] = { "overdue", "today", "tomorrow", "week", "later" };

typedef struct
{
  char *edge[N_HEADINGS + 1];   /* heading i runs from edge[i] until edge[i + 1] */
} Edges;

static char *
day_after (GDateTime *now,
           int        days)
{
  GDate day;

  g_date_clear (&day, 1);
  g_date_set_dmy (&day, g_date_time_get_day_of_month (now), g_date_time_get_month (now), g_date_time_get_year (now));
  g_date_add_days (&day, days);
  return dg_date_to_string (&day);
}

static void
edges_init (DgDb  *db,
            Edges *edges)
{
  g_autoptr(GDateTime) now = dg_db_now (db);
  /* Monday is 1: "this week" ends on Sunday, and never before the day after tomorrow. */
  int to_monday = 8 - g_date_time_get_day_of_week (now);

  edges->edge[OVERDUE] = g_strdup ("0000-00-00");
  edges->edge[TODAY] = day_after (now, 0);
  edges->edge[TOMORROW] = day_after (now, 1);
  edges->edge[WEEK] = day_after (now, 2);
  edges->edge[LATER] = day_after (now, MAX (to_monday, 2));
  edges->edge[N_HEADINGS] = g_strdup ("9999-99-99");
}

static void
edges_clear (Edges *edges)
{
  for (guint i = 0; i <= N_HEADINGS; i++)
    g_free (edges->edge[i]);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Edges, edges_clear)

static const char *
heading (const Edges *edges,
         const char  *due)
{
  for (guint i = N_HEADINGS; i-- > 0;)
    if (strcmp (due, edges->edge[i]) >= 0)
      return heading_names[i];
  return heading_names[OVERDUE];
}

/* Working days since @due, for a clock past it: counted once per due date
 * as the rows come in due order, each from the one before. */
typedef struct
{
  DgCalendar *calendar;
  GDate       today;
  char       *last_due;
  int         last_days;
} Overdue;

static void
overdue_clear (Overdue *o)
{
  g_clear_pointer (&o->calendar, dg_calendar_free);
  g_free (o->last_due);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Overdue, overdue_clear)

static int
days_overdue (Overdue    *o,
              const char *due)
{
  GDate day;

  if (!dg_date_parse (due, "due", &day, NULL) || g_date_compare (&day, &o->today) >= 0)
    return 0;
  if (o->last_due != NULL && g_str_equal (o->last_due, due))
    return o->last_days;
  g_free (o->last_due);
  o->last_due = g_strdup (due);
  o->last_days = dg_calendar_count_working_days (o->calendar, &day, &o->today);
  return o->last_days;
}

/* Running clocks under @filter, most urgent first, straight from the index
 * of what runs; @offset rows skipped. */
static gboolean
running (DgDb              *db,
         const Edges       *edges,
         const DgDueFilter *filter,
         const char        *from,
         const char        *until,
         guint              limit,
         Overdue           *overdue,
         JsonArray         *result,
         GError           **error)
{
  g_autofree char *sql = NULL;
  DgStmt *stmt;
  gboolean has_row = FALSE;

  sql = g_strdup_printf ("SELECT c.referral_id, r.reference, "
                         "  (SELECT name FROM child h WHERE h.referral_id = r.id ORDER BY position LIMIT 1), "
                         "  c.clock, c.due, r.rag "
                         "FROM clock c%s JOIN referral r ON r.id = c.referral_id "
                         "WHERE c.done_at IS NULL AND c.due >= ?1 AND c.due < ?2 "
                         "  AND (CAST (?4 AS TEXT) IS NULL OR c.clock = ?4) AND (CAST (?5 AS TEXT) IS NULL OR r.rag = ?5) "
                         "ORDER BY c.due, c.referral_id, c.position LIMIT ?3",
                         DG_DB_INDEXED_BY (db, "clock_running"));
  stmt = dg_db_query (db, sql, error,
                      DG_TEXT (from), DG_TEXT (until), DG_INT (limit == 0 ? G_MAXINT64 : (gint64) limit),
                      DG_TEXT (filter->clock), DG_TEXT (filter->rag));
  if (stmt == NULL)
    return FALSE;
  while (dg_db_step (db, stmt, &has_row, error) && has_row)
    {
      JsonObject *o = json_object_new ();
      const char *due = dg_stmt_column_text (stmt, 4);
      const char *when = heading (edges, due);

      json_object_set_int_member (o, "referral", dg_stmt_column_int64 (stmt, 0));
      json_object_set_string_member (o, "reference", dg_stmt_column_text (stmt, 1));
      if (!dg_stmt_column_is_null (stmt, 2))
        json_object_set_string_member (o, "child", dg_stmt_column_text (stmt, 2));
      else
        json_object_set_null_member (o, "child");
      json_object_set_string_member (o, "clock", dg_stmt_column_text (stmt, 3));
      json_object_set_string_member (o, "due", due);
      json_object_set_string_member (o, "state", g_str_equal (when, "overdue") ? "overdue" : "pending");
      json_object_set_string_member (o, "when", when);
      json_object_set_int_member (o, "days_overdue", days_overdue (overdue, due));
      if (!dg_stmt_column_is_null (stmt, 5))
        json_object_set_string_member (o, "rag", dg_stmt_column_text (stmt, 5));
      else
        json_object_set_null_member (o, "rag");
      json_array_add_object_element (result, o);
    }
  dg_stmt_reset (stmt);

  return error == NULL || *error == NULL;
}

static gboolean
overdue_init (DgDb     *db,
              Overdue  *o,
              GError  **error)
{
  g_autoptr(GDateTime) now = dg_db_now (db);

  o->calendar = dg_calendar_load (db, error);
  g_date_clear (&o->today, 1);
  g_date_set_dmy (&o->today, g_date_time_get_day_of_month (now), g_date_time_get_month (now), g_date_time_get_year (now));
  return o->calendar != NULL;
}

/* The filter's terms checked: a clock, a rating and a date as the store has them. */
static gboolean
check_filter (const DgDueFilter  *filter,
              GError            **error)
{
  GDate day;

  return (filter->clock == NULL || dg_vocab_check (DG_VOCAB_CLOCK, "clock", filter->clock, error)) &&
         (filter->rag == NULL || dg_vocab_check (DG_VOCAB_RAG, "rag", filter->rag, error)) &&
         (filter->due_before == NULL || dg_date_parse (filter->due_before, "due-before", &day, error));
}

JsonArray *
dg_timescales_query (DgDb               *db,
                     const DgDueFilter  *filter,
                     gboolean            overdue_only,
                     guint               limit,
                     GError            **error)
{
  static const DgDueFilter none = { NULL };
  g_auto(Edges) edges = { 0 };
  g_auto(Overdue) overdue = { 0 };
  g_auto(DgDbSnapshot) snapshot = { 0 };
  g_autoptr(JsonArray) list = json_array_new ();
  const char *until;

  if (filter == NULL)
    filter = &none;
  if (!check_filter (filter, error))
    return NULL;
  edges_init (db, &edges);
  until = edges.edge[overdue_only ? TODAY : N_HEADINGS];
  if (filter->due_before != NULL && strcmp (filter->due_before, until) < 0)
    until = filter->due_before;
  if (!dg_db_snapshot (db, &snapshot, error) ||
      !overdue_init (db, &overdue, error) ||
      !running (db, &edges, filter, edges.edge[OVERDUE], until, limit, &overdue, list, error))
    return NULL;
  return g_steal_pointer (&list);
}

JsonArray *
dg_timescales_list (DgDb     *db,
                    gboolean  overdue_only,
                    guint     limit,
                    GError  **error)
{
  return dg_timescales_query (db, NULL, overdue_only, limit, error);
}

static JsonNode *
due_board (DgDb              *db,
           const Edges       *edges,
           const DgDueFilter *filter,
           const guint       *limits,
           Overdue           *overdue,
           GError           **error)
{
  g_autoptr(JsonObject) board = json_object_new ();
  g_autoptr(JsonObject) counts = json_object_new ();
  g_autoptr(JsonArray) clocks = json_array_new ();
  g_autofree char *sql = NULL;
  DgStmt *stmt;
  gboolean has_row = FALSE;

  sql = g_strdup_printf ("SELECT count (*) FROM clock c%s JOIN referral r ON r.id = c.referral_id "
                         "WHERE c.done_at IS NULL AND c.due >= ?1 AND c.due < ?2 "
                         "  AND (CAST (?3 AS TEXT) IS NULL OR c.clock = ?3) AND (CAST (?4 AS TEXT) IS NULL OR r.rag = ?4)",
                         DG_DB_INDEXED_BY (db, "clock_running"));
  stmt = dg_db_prepare (db, sql, error);
  if (stmt == NULL)
    return NULL;
  /* Each heading is one range of the running clocks' index: its count,
   * then its most urgent rows, so no heading is crowded out by another. */
  for (guint i = 0; i < N_HEADINGS; i++)
    {
      dg_stmt_bind_text (stmt, 1, edges->edge[i]);
      dg_stmt_bind_text (stmt, 2, edges->edge[i + 1]);
      dg_stmt_bind_text (stmt, 3, filter->clock);
      dg_stmt_bind_text (stmt, 4, filter->rag);
      if (!dg_db_step (db, stmt, &has_row, error))
        return NULL;
      json_object_set_int_member (counts, heading_names[i], dg_stmt_column_int64 (stmt, 0));
      dg_stmt_reset (stmt);
      if (limits[i] > 0 &&
          !running (db, edges, filter, edges->edge[i], edges->edge[i + 1], limits[i], overdue, clocks, error))
        return NULL;
    }

  json_object_set_string_member (board, "today", edges->edge[TODAY]);
  json_object_set_object_member (board, "counts", g_steal_pointer (&counts));
  json_object_set_array_member (board, "clocks", g_steal_pointer (&clocks));
  return json_node_init_object (json_node_alloc (), g_steal_pointer (&board));
}

JsonNode *
dg_due_board_filtered (DgDb              *db,
                       const DgDueFilter *filter,
                       const guint        limits[DG_DUE_HEADINGS],
                       GError           **error)
{
  static const DgDueFilter none = { NULL };
  g_auto(Edges) edges = { 0 };
  g_auto(Overdue) overdue = { 0 };
  g_auto(DgDbSnapshot) snapshot = { 0 };

  if (filter == NULL)
    filter = &none;
  if (!check_filter (filter, error))
    return NULL;
  edges_init (db, &edges);
  if (!dg_db_snapshot (db, &snapshot, error) || !overdue_init (db, &overdue, error))
    return NULL;
  return due_board (db, &edges, filter, limits, &overdue, error);
}

JsonNode *
dg_due_board (DgDb     *db,
              guint     limit,
              GError  **error)
{
  guint limits[DG_DUE_HEADINGS];

  /* 0 is every row here, but "only the count" to dg_due_board_filtered (). */
  for (guint i = 0; i < DG_DUE_HEADINGS; i++)
    limits[i] = limit ? limit : G_MAXUINT;
  return dg_due_board_filtered (db, NULL, limits, error);
}
