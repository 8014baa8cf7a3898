#include "config.h"

#include <glib/gi18n-lib.h>

#include "dg-time.h"
#include "dg-timescales.h"

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

/* Running clocks, most urgent first, straight from the index of what runs. */
static gboolean
running (DgDb         *db,
         const Edges  *edges,
         const char   *from,
         const char   *until,
         guint         limit,
         JsonArray    *result,
         GError      **error)
{
  g_autofree char *sql = NULL;
  DgStmt *stmt;
  gboolean has_row = FALSE;

  sql = g_strdup_printf ("SELECT c.referral_id, r.reference, "
                         "  (SELECT name FROM child h WHERE h.referral_id = r.id ORDER BY position LIMIT 1), "
                         "  c.clock, c.due "
                         "FROM clock c%s JOIN referral r ON r.id = c.referral_id "
                         "WHERE c.done_at IS NULL AND c.due >= ?1 AND c.due < ?2 "
                         "ORDER BY c.due, c.referral_id, c.position LIMIT ?3",
                         DG_DB_INDEXED_BY (db, "clock_running"));
  stmt = dg_db_query (db, sql, error,
                      DG_TEXT (from), DG_TEXT (until), DG_INT (limit == 0 ? G_MAXINT64 : (gint64) limit));
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
      json_array_add_object_element (result, o);
    }
  dg_stmt_reset (stmt);

  return error == NULL || *error == NULL;
}

JsonArray *
dg_timescales_list (DgDb     *db,
                    gboolean  overdue_only,
                    guint     limit,
                    GError  **error)
{
  g_auto(Edges) edges = { 0 };
  g_auto(DgDbSnapshot) snapshot = { 0 };
  g_autoptr(JsonArray) list = json_array_new ();

  edges_init (db, &edges);
  if (!dg_db_snapshot (db, &snapshot, error) ||
      !running (db, &edges, edges.edge[OVERDUE], edges.edge[overdue_only ? TODAY : N_HEADINGS], limit, list, error))
    return NULL;
  return g_steal_pointer (&list);
}

static JsonNode *
due_board (DgDb         *db,
           const Edges  *edges,
           guint         limit,
           GError      **error)
{
  g_autoptr(JsonObject) board = json_object_new ();
  g_autoptr(JsonObject) counts = json_object_new ();
  g_autoptr(JsonArray) clocks = json_array_new ();
  g_autofree char *sql = NULL;
  DgStmt *stmt;
  gboolean has_row = FALSE;

  sql = g_strdup_printf ("SELECT count (*) FROM clock%s WHERE done_at IS NULL AND due >= ?1 AND due < ?2",
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
      if (!dg_db_step (db, stmt, &has_row, error))
        return NULL;
      json_object_set_int_member (counts, heading_names[i], dg_stmt_column_int64 (stmt, 0));
      dg_stmt_reset (stmt);
      if (!running (db, edges, edges->edge[i], edges->edge[i + 1], limit, clocks, error))
        return NULL;
    }

  json_object_set_string_member (board, "today", edges->edge[TODAY]);
  json_object_set_object_member (board, "counts", g_steal_pointer (&counts));
  json_object_set_array_member (board, "clocks", g_steal_pointer (&clocks));
  return json_node_init_object (json_node_alloc (), g_steal_pointer (&board));
}

JsonNode *
dg_due_board (DgDb     *db,
              guint     limit,
              GError  **error)
{
  g_auto(Edges) edges = { 0 };
  g_auto(DgDbSnapshot) snapshot = { 0 };

  edges_init (db, &edges);
  if (!dg_db_snapshot (db, &snapshot, error))
    return NULL;
  return due_board (db, &edges, limit, error);
}
