/* The drill-down behind each figure of the performance report: which
 * referrals or meetings it counts (dg-figure-list.h). */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "dg-figure-list.h"
#include "dg-figures-private.h"
#include "dg-meeting-figures.h"
#include "dg-register.h"
#include "dg-time.h"
#include "dg-vocab.h"

char *
dg_figure_day_after (const char *to)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_parse (&date, to);
  g_return_val_if_fail (g_date_valid (&date), NULL);
  g_date_add_days (&date, 1);
  return dg_date_to_string (&date);
}

char *
dg_figure_live_sql (const char *columns,
                    const char *joins,
                    const char *where,
                    const char *received_rule,
                    const char *group_by,
                    gboolean    excepted_only)
{
  /* The exceptions lead, whatever the period holds: SQLite keeps the order
   * of a CROSS JOIN (PostgreSQL plans it as any join, by its statistics). */
  const char *from = excepted_only
    ? "FROM clock_exception x CROSS JOIN clock c CROSS JOIN referral r LEFT JOIN reporter p ON p.id = r.reporter_id "
    : DG_FIGURE_LIVE_FROM;
  const char *link = excepted_only ? "c.referral_id = x.referral_id AND c.clock = x.clock AND r.id = c.referral_id AND " : "";
  /* The same meetings, asked of each exception rather than listed whole. */
  const char *meeting = excepted_only ? DG_FIGURE_LIVE_MEETING_OF : DG_FIGURE_LIVE_MEETING;

  return g_strdup_printf ("SELECT %s %s %s WHERE %s c.clock IN (" DG_FIGURE_RECEIVED_CLOCKS ") AND %s %s "
                          "GROUP BY %s "
                          "UNION ALL "
                          "SELECT %s %s %s WHERE %s c.clock IN (" DG_FIGURE_MEETING_CLOCKS ") AND %s %s "
                          "GROUP BY %s",
                          columns, from, joins, link, received_rule ? received_rule : DG_FIGURE_LIVE_RECEIVED, where, group_by,
                          columns, from, joins, link, meeting, where, group_by);
}

static gboolean
check_choice (const char  *field,
              const char  *value,
              const char **choices,
              GError     **error)
{
  g_autofree char *list = NULL;

  if (value != NULL && g_strv_contains (choices, value))
    return TRUE;
  list = g_strjoinv (" | ", (char **) choices);
  if (value == NULL)
    dg_error_set_field (error, DG_ERROR_INVALID, field, NULL, _("Required: one of %s"), list);
  else
    dg_error_set_field (error, DG_ERROR_INVALID, field, NULL, _("“%s” is not one of %s"), value, list);
  return FALSE;
}

static gboolean
check_period (const char  *from,
              const char  *to,
              GError     **error)
{
  GDate date;

  if (from == NULL || to == NULL)
    {
      dg_error_set_field (error, DG_ERROR_INVALID, from == NULL ? "from" : "to", NULL, _("Required"));
      return FALSE;
    }
  if (!dg_date_parse (from, "from", &date, error) || !dg_date_parse (to, "to", &date, error))
    return FALSE;
  if (strcmp (from, to) > 0)
    {
      dg_error_set_field (error, DG_ERROR_INVALID, "to", NULL, _("“%s” is before the start of the period, “%s”"), to, from);
      return FALSE;
    }
  return TRUE;
}

/* The meetings held in the period that invited every expected agency
 * (complete) or not, from the meetings and invitations themselves. */
static DgStmt *
meetings_query (DgDb        *db,
                const char  *lo,
                const char  *hi,
                const char  *state,
                const char  *group_kind,
                const char  *agency,
                GError     **error)
{
  /* The Meetings page's shares: the meetings that invited the agency (or
   * that it attended), over every meeting held. */
  if (group_kind != NULL)
    return dg_db_query (db,
                        "SELECT q.id, q.state FROM ("
                        "  SELECT m.id AS id, CASE WHEN EXISTS (SELECT 1 FROM invitee i WHERE i.meeting_id = m.id AND i.agency = ?4 "
                        "                                         AND (?5 = 'invited' OR i.status = 'attended')) "
                        "    THEN 'complete' ELSE 'incomplete' END AS state "
                        "  FROM meeting m WHERE m.held_at BETWEEN ?1 AND ?2) q "
                        "WHERE ?3 = 'all' OR q.state = ?3 ORDER BY q.id",
                        error, DG_TEXT (lo), DG_TEXT (hi), DG_TEXT (state), DG_TEXT (agency), DG_TEXT (group_kind));
  return dg_db_query (db,
                      "SELECT q.id, q.state FROM ("
                      "  SELECT s.meeting_id AS id, CASE WHEN CAST (s.complete AS integer) = 1 THEN 'complete' ELSE 'incomplete' END AS state "
                      "  FROM report_meeting_source s WHERE s.held_at BETWEEN ?1 AND ?2) q "
                      "WHERE ?3 = 'all' OR q.state = ?3 ORDER BY q.id",
                      error, DG_TEXT (lo), DG_TEXT (hi), DG_TEXT (state));
}

/* The clock's live rows in the period, in the state and group asked. */
static DgStmt *
clocks_query (DgDb        *db,
              const char  *from,
              const char  *to,
              const char  *clock,
              const char  *state,
              gboolean     per_child,
              const char  *group_kind,
              const char  *group,
              GError     **error)
{
  g_autofree char *next = dg_figure_day_after (to);
  g_autofree char *lo = g_strdup_printf ("%sT00:00:00", from);
  g_autofree char *hi = g_strdup_printf ("%sT23:59:59", to);
  g_autoptr(GDateTime) now = dg_db_now (db);
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *sql = NULL;
  const char *grouping = "''";

  if (g_strcmp0 (group_kind, "agency") == 0)
    grouping = DG_FIGURE_AGENCY;
  else if (g_strcmp0 (group_kind, "school") == 0)
    grouping = DG_FIGURE_SCHOOL;
  else if (g_strcmp0 (group_kind, "month") == 0)
    grouping = DG_FIGURE_MONTH;

  /* Without a group, every row's group is '' and so is ?8. The clock's
   * own period rule alone, so that the query starts from the period's
   * referrals or meetings rather than every clock. */
  sql = g_strdup_printf ("SELECT q.id, q.state, q.child FROM ("
                         "  SELECT c.referral_id AS id, " DG_FIGURE_STATE ("?5") " AS state, %s AS child, %s AS grp "
                         DG_FIGURE_LIVE_FROM
                         "%s"
                         "  WHERE c.clock = ?6 AND %s) q "
                         "WHERE (?7 = 'all' OR q.state = ?7 OR (?7 = 'measured' AND q.state <> 'pending')) "
                         "AND q.grp = ?8 "
                         "ORDER BY q.id%s",
                         per_child ? "ch.id" : "NULL",
                         grouping,
                         per_child ? "JOIN child ch ON ch.referral_id = c.referral_id " : "",
                         dg_figure_clock_by_meeting (clock) ? DG_FIGURE_LIVE_MEETING
                         : dg_figure_clock_by_start (clock) ? DG_FIGURE_LIVE_STARTED
                         : DG_FIGURE_LIVE_RECEIVED,
                         per_child ? ", q.child" : "");
  return dg_db_query (db, sql, error, DG_TEXT (from), DG_TEXT (next), DG_TEXT (lo), DG_TEXT (hi), DG_TEXT (today),
                      DG_TEXT (clock), DG_TEXT (state), DG_TEXT (group ? group : ""));
}

/* A drill-down's answer: the query it answers (@per NULL: not counted per
 * referral or child), what it lists (@kind) and @items, taken. */
static JsonObject *
list_result (const char *from,
             const char *to,
             const char *clock,
             const char *state,
             const char *per,
             const char *group_kind,
             const char *group,
             const char *kind,
             JsonArray  *items)
{
  JsonObject *result = json_object_new ();

  json_object_set_string_member (result, "from", from);
  json_object_set_string_member (result, "to", to);
  json_object_set_string_member (result, "clock", clock);
  json_object_set_string_member (result, "state", state);
  if (per != NULL)
    json_object_set_string_member (result, "per", per);
  else
    json_object_set_null_member (result, "per");
  if (group_kind != NULL)
    {
      json_object_set_string_member (result, "group_kind", group_kind);
      json_object_set_string_member (result, "group", group);
    }
  else
    {
      json_object_set_null_member (result, "group_kind");
      json_object_set_null_member (result, "group");
    }
  json_object_set_string_member (result, "kind", kind);
  json_object_set_int_member (result, "count", json_array_get_length (items));
  json_object_set_array_member (result, "items", items);
  return result;
}

static int
compare_items (gconstpointer a,
               gconstpointer b)
{
  gint64 x = json_object_get_int_member (json_node_get_object (*(JsonNode **) a), "id");
  gint64 y = json_object_get_int_member (json_node_get_object (*(JsonNode **) b), "id");

  return x < y ? -1 : x > y;
}

/* The list behind a figure of the agencies' contributions (@clock "expected",
 * "report" or "decision-maker": meetings, per agency or every agency's) or
 * of the register (@clock "pm24", "pm27" or "pm28": referrals per child,
 * @state "numerator" or "all", the denominator), in the shape of
 * dg_performance_list ()'s. */
static JsonObject *
other_list (DgDb        *db,
            const char  *from,
            const char  *to,
            const char  *clock,
            const char  *state,
            const char  *group_kind,
            const char  *group,
            GError     **error)
{
  gboolean register_measure = g_str_has_prefix (clock, "pm");
  g_autoptr(JsonArray) behind = NULL;
  g_autoptr(JsonNode) report = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  JsonArray *listed = json_array_new ();

  if (register_measure)
    {
      static const char *register_states[] = { "numerator", "all", NULL };
      JsonArray *measures;

      if (!check_choice ("state", state, register_states, error))
        goto failed;
      if (group_kind != NULL)
        {
          dg_error_set_field (error, DG_ERROR_INVALID, "group", group_kind,
                              _("The register’s measures are counted for the whole period, with no breakdown"));
          goto failed;
        }
      report = dg_register_report (db, from, to, TRUE, error);
      if (report == NULL)
        goto failed;
      measures = json_object_get_array_member (json_node_get_object (report), "measures");
      for (guint i = 0; i < json_array_get_length (measures); i++)
        {
          JsonObject *m = json_array_get_object_element (measures, i);

          if (g_str_equal (json_object_get_string_member (m, "measure"), clock))
            behind = json_array_ref (json_object_get_array_member (m, "rows"));
        }
      if (behind == NULL)
        {
          dg_error_set_field (error, DG_ERROR_INVALID, "clock", clock, _("Not a figure of the reports"));
          goto failed;
        }
      for (guint i = 0; i < json_array_get_length (behind); i++)
        {
          JsonObject *row = json_array_get_object_element (behind, i);
          JsonObject *item;

          if (g_str_equal (state, "numerator") && !json_object_get_boolean_member (row, "numerator"))
            continue;
          item = json_object_new ();
          json_object_set_int_member (item, "id", json_object_get_int_member (row, "referral"));
          json_object_set_string_member (item, "state", json_object_get_boolean_member (row, "numerator") ? "numerator" : "other");
          json_object_set_int_member (item, "child", json_object_get_int_member (row, "child"));
          g_ptr_array_add (items, json_node_init_object (json_node_alloc (), item));
          json_object_unref (item);
        }
    }
  else
    {
      if (group_kind != NULL && !check_choice ("group", group_kind, (const char *[]) { "agency", NULL }, error))
        goto failed;
      behind = dg_meeting_figures_list (db, from, to, clock, group, state, error);
      if (behind == NULL)
        goto failed;
      for (guint i = 0; i < json_array_get_length (behind); i++)
        {
          JsonObject *item = json_object_new ();

          json_object_set_int_member (item, "id", json_object_get_int_member (json_array_get_object_element (behind, i), "meeting"));
          json_object_set_string_member (item, "state", state);
          g_ptr_array_add (items, json_node_init_object (json_node_alloc (), item));
          json_object_unref (item);
        }
    }

  g_ptr_array_sort (items, compare_items);
  for (guint i = 0; i < items->len; i++)
    json_array_add_element (listed, json_node_ref (items->pdata[i]));
  return list_result (from, to, clock, state, register_measure ? "child" : NULL, group_kind, group,
                      register_measure ? "referral" : "meeting", listed);

failed:
  json_array_unref (listed);
  return NULL;
}

JsonObject *
dg_performance_list (DgDb        *db,
                     const char  *from,
                     const char  *to,
                     const char  *clock,
                     const char  *state,
                     const char  *per,
                     const char  *group_kind,
                     const char  *group,
                     GError     **error)
{
  static const char *clock_states[] = { "on-time", "late", "excepted", "overdue", "pending", "measured", "all", NULL };
  static const char *meeting_states[] = { "complete", "incomplete", "all", NULL };
  static const char *pers[] = { "event", "child", NULL };
  static const char *group_kinds[] = { "agency", "school", "month", NULL };
  static const char *meeting_kinds[] = { "invited", "attended", NULL };
  g_auto(DgDbSnapshot) snapshot = { 0 };
  gboolean meetings, per_child, has_row = FALSE;
  JsonArray *items;
  DgStmt *stmt;

  if (!check_period (from, to, error))
    return NULL;
  if (clock == NULL)
    {
      dg_error_set_field (error, DG_ERROR_INVALID, "clock", NULL, _("Required"));
      return NULL;
    }
  if (g_str_equal (clock, "expected") || g_str_equal (clock, "report") || g_str_equal (clock, "decision-maker") ||
      g_str_equal (clock, "pm24") || g_str_equal (clock, "pm27") || g_str_equal (clock, "pm28"))
    return other_list (db, from, to, clock, state, group_kind, group, error);
  meetings = g_str_equal (clock, "meetings");
  if (!meetings && !dg_vocab_check (DG_VOCAB_CLOCK, "clock", clock, error))
    return NULL;
  if (!check_choice ("state", state, meetings ? meeting_states : clock_states, error))
    return NULL;
  per = per ? per : "event";
  if (!check_choice ("per", per, pers, error))
    return NULL;
  per_child = g_str_equal (per, "child");
  if (meetings && per_child)
    {
      dg_error_set_field (error, DG_ERROR_INVALID, "per", NULL,
                          _("The meetings’ figure is counted per meeting, for the whole period"));
      return NULL;
    }
  if (group_kind != NULL && !check_choice ("group", group_kind, meetings ? meeting_kinds : group_kinds, error))
    return NULL;
  if (group_kind != NULL && group == NULL)
    {
      dg_error_set_field (error, DG_ERROR_INVALID, group_kind, NULL, _("Required"));
      return NULL;
    }

  if (!dg_db_snapshot (db, &snapshot, error))
    return NULL;
  if (meetings)
    {
      g_autofree char *lo = g_strdup_printf ("%sT00:00:00", from);
      g_autofree char *hi = g_strdup_printf ("%sT23:59:59", to);

      stmt = meetings_query (db, lo, hi, state, group_kind, group, error);
    }
  else
    stmt = clocks_query (db, from, to, clock, state, per_child, group_kind, group, error);
  if (stmt == NULL)
    return NULL;

  items = json_array_new ();
  while (dg_db_step (db, stmt, &has_row, error) && has_row)
    {
      JsonObject *item = json_object_new ();

      json_object_set_int_member (item, "id", dg_stmt_column_int64 (stmt, 0));
      json_object_set_string_member (item, "state", dg_stmt_column_text (stmt, 1));
      if (per_child)
        json_object_set_int_member (item, "child", dg_stmt_column_int64 (stmt, 2));
      json_array_add_object_element (items, item);
    }
  dg_stmt_reset (stmt);
  if (error != NULL && *error != NULL)
    {
      json_array_unref (items);
      return NULL;
    }

  return list_result (from, to, clock, state, meetings ? NULL : per, group_kind, group,
                      meetings ? "meeting" : "referral", items);
}
