/* Figures that stand up at inspection (issue 24): every figure of the
 * performance report opens the referrals or meetings behind it, per
 * referral and per child, and a late clock's agreed exception is counted
 * apart. On both engines (DIOGELU_TEST_PG_URI). */

#include "config.h"

#include "dg-clock-exception.h"
#include "dg-db.h"
#include "dg-demo.h"
#include "dg-figure-list.h"
#include "dg-meetings.h"
#include "dg-performance.h"
#include "dg-meeting-figures.h"
#include "dg-referrals.h"
#include "dg-register.h"
#include "dg-test-db.h"

typedef DgTestDb Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  dg_test_db_setup (f, "dg-test-figures");
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  dg_test_db_teardown (f);
}

static const char *states[] = { "on-time", "late", "excepted", "overdue", "pending" };
static const char *members[] = { "on_time", "late", "excepted", "overdue", "pending" };

static JsonObject *
list (Fixture    *f,
      const char *from,
      const char *to,
      const char *clock,
      const char *state,
      const char *per,
      const char *group_kind,
      const char *group)
{
  g_autoptr(GError) error = NULL;
  JsonObject *l = dg_performance_list (f->db, from, to, clock, state, per, group_kind, group, &error);

  g_assert_no_error (error);
  g_assert_nonnull (l);
  g_assert_cmpint (json_object_get_int_member (l, "count"), ==,
                   json_array_get_length (json_object_get_array_member (l, "items")));
  return l;
}

/* Each state of a whole clock's figure, and the share's denominator, as
 * many as the drill-down lists in that state. */
static guint
check_clocks (Fixture    *f,
              JsonObject *figures,
              const char *from,
              const char *to,
              const char *per)
{
  JsonArray *clocks = json_object_get_array_member (figures, "clocks");
  guint checked = 0;

  for (guint i = 0; i < json_array_get_length (clocks); i++)
    {
      JsonObject *c = json_array_get_object_element (clocks, i);
      const char *clock = json_object_get_string_member (c, "clock");
      g_autoptr(JsonObject) all = list (f, from, to, clock, "all", per, NULL, NULL);
      g_autoptr(JsonObject) measured = list (f, from, to, clock, "measured", per, NULL, NULL);

      g_assert_cmpint (json_object_get_int_member (all, "count"), ==, json_object_get_int_member (c, "count"));
      g_assert_cmpint (json_object_get_int_member (measured, "count"), ==, json_object_get_int_member (c, "measured"));
      for (guint s = 0; s < G_N_ELEMENTS (states); s++)
        {
          g_autoptr(JsonObject) l = list (f, from, to, clock, states[s], per, NULL, NULL);
          JsonArray *items = json_object_get_array_member (l, "items");

          if (json_object_get_int_member (l, "count") != json_object_get_int_member (c, members[s]))
            g_error ("%s per %s, %s: the figure is %" G_GINT64_FORMAT ", the list has %" G_GINT64_FORMAT,
                     clock, per, states[s], json_object_get_int_member (c, members[s]), json_object_get_int_member (l, "count"));
          for (guint k = 0; k < json_array_get_length (items); k++)
            g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (items, k), "state"), ==, states[s]);
          checked++;
        }
    }
  return checked;
}

/* Each row of a breakdown (by_agency, by_school, by_month): its list, in
 * every state, counted by the state of each item. */
static guint
check_groups (Fixture    *f,
              JsonObject *figures,
              const char *from,
              const char *to,
              const char *per,
              const char *breakdown,
              const char *group_kind)
{
  JsonArray *rows = json_object_get_array_member (figures, breakdown);
  guint checked = 0;

  g_assert_cmpuint (json_array_get_length (rows), >, 0);
  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonObject *row = json_array_get_object_element (rows, i);
      g_autoptr(JsonObject) l = list (f, from, to, json_object_get_string_member (row, "clock"), "all", per,
                                      group_kind, json_object_get_string_member (row, group_kind));
      JsonArray *items = json_object_get_array_member (l, "items");
      gint64 counts[G_N_ELEMENTS (states)] = { 0 };

      for (guint k = 0; k < json_array_get_length (items); k++)
        {
          const char *state = json_object_get_string_member (json_array_get_object_element (items, k), "state");

          for (guint s = 0; s < G_N_ELEMENTS (states); s++)
            counts[s] += g_str_equal (state, states[s]);
        }
      g_assert_cmpint (json_object_get_int_member (l, "count"), ==, json_object_get_int_member (row, "count"));
      for (guint s = 0; s < G_N_ELEMENTS (states); s++)
        if (counts[s] != json_object_get_int_member (row, members[s]))
          g_error ("%s %s “%s” per %s, %s: the figure is %" G_GINT64_FORMAT ", the list has %" G_GINT64_FORMAT,
                   json_object_get_string_member (row, "clock"), group_kind, json_object_get_string_member (row, group_kind),
                   per, states[s], json_object_get_int_member (row, members[s]), counts[s]);
      checked++;
    }
  return checked;
}

/* The meetings' figure: complete and not, as the drill-down lists them. */
static void
check_meetings (Fixture    *f,
                JsonObject *report,
                const char *from,
                const char *to)
{
  JsonObject *m = json_object_get_object_member (report, "meetings");
  g_autoptr(JsonObject) all = list (f, from, to, "meetings", "all", NULL, NULL, NULL);
  g_autoptr(JsonObject) complete = list (f, from, to, "meetings", "complete", NULL, NULL, NULL);
  g_autoptr(JsonObject) incomplete = list (f, from, to, "meetings", "incomplete", NULL, NULL, NULL);

  g_assert_cmpint (json_object_get_int_member (m, "count"), >, 0);
  g_assert_cmpint (json_object_get_int_member (all, "count"), ==, json_object_get_int_member (m, "count"));
  g_assert_cmpint (json_object_get_int_member (complete, "count"), ==, json_object_get_int_member (m, "complete"));
  g_assert_cmpint (json_object_get_int_member (incomplete, "count"), ==,
                   json_object_get_int_member (m, "count") - json_object_get_int_member (m, "complete"));
  g_assert_cmpstr (json_object_get_string_member (all, "kind"), ==, "meeting");

  /* The Meetings page's shares: per agency, the meetings that invited it
   * and those it attended. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(JsonNode) shares = dg_meeting_agency_shares (f->db, from, to, &error);
    JsonArray *agencies;
    guint invited = 0;

    g_assert_no_error (error);
    agencies = json_object_get_array_member (json_node_get_object (shares), "agencies");
    for (guint i = 0; i < json_array_get_length (agencies); i++)
      {
        JsonObject *a = json_array_get_object_element (agencies, i);
        const char *agency = json_object_get_string_member (a, "agency");
        g_autoptr(JsonObject) in = list (f, from, to, "meetings", "complete", NULL, "invited", agency);
        g_autoptr(JsonObject) came = list (f, from, to, "meetings", "complete", NULL, "attended", agency);
        g_autoptr(JsonObject) held = list (f, from, to, "meetings", "all", NULL, "invited", agency);

        g_assert_cmpint (json_object_get_int_member (in, "count"), ==, json_object_get_int_member (a, "invited"));
        g_assert_cmpint (json_object_get_int_member (came, "count"), ==, json_object_get_int_member (a, "attended"));
        g_assert_cmpint (json_object_get_int_member (held, "count"), ==, json_object_get_int_member (m, "count"));
        invited += json_object_get_int_member (in, "count") > 0;
      }
    g_assert_cmpuint (invited, >, 2);
  }
}

/* The contributions' figures per agency (and for every agency together):
 * each as many as dg_meeting_figures_list () lists behind it. */
static guint
check_agencies (Fixture    *f,
                JsonObject *report,
                const char *from,
                const char *to)
{
  static const struct { const char *member, *figure, *state; } figures[] = {
    { "expected", "expected", "all" }, { "invited", "expected", "invited" },
    { "attended", "expected", "attended" }, { "excused", "expected", "excused" },
    { "missing", "expected", "missing" }, { "invitees", "report", "all" },
    { "reports", "report", "received" }, { "attending", "decision-maker", "all" },
    { "decision_makers", "decision-maker", "yes" },
  };
  JsonArray *agencies = json_object_get_array_member (report, "agencies");
  JsonObject *contributions = json_object_get_object_member (report, "contributions");
  guint checked = 0, nonzero = 0;

  g_assert_cmpuint (json_array_get_length (agencies), >, 2);
  for (guint i = 0; i <= json_array_get_length (agencies); i++)
    {
      /* The last round: every agency's, against the contributions' totals. */
      JsonObject *a = i < json_array_get_length (agencies) ? json_array_get_object_element (agencies, i) : NULL;
      const char *agency = a ? json_object_get_string_member (a, "agency") : NULL;

      for (guint k = 0; k < G_N_ELEMENTS (figures); k++)
        {
          g_autoptr(GError) error = NULL;
          g_autoptr(JsonArray) behind = NULL;
          gint64 figure;

          if (a == NULL && !g_str_equal (figures[k].figure, "report") && !g_str_equal (figures[k].figure, "decision-maker"))
            continue;
          figure = json_object_get_int_member (a ? a : contributions, figures[k].member);
          behind = dg_meeting_figures_list (f->db, from, to, figures[k].figure, agency, figures[k].state, &error);
          g_assert_no_error (error);
          if ((gint64) json_array_get_length (behind) != figure)
            g_error ("%s of %s: the figure is %" G_GINT64_FORMAT ", the list has %u", figures[k].member,
                     agency ? agency : "every agency", figure, json_array_get_length (behind));
          nonzero += figure > 0;
          checked++;
        }
    }
  g_assert_cmpuint (nonzero, >, 10);
  return checked;
}

/* The register's measures (PM24, PM27, PM28): as many rows behind each as
 * its denominator, and its numerator what the rows in it add up to. */
static guint
check_register (Fixture    *f,
                const char *from,
                const char *to)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = dg_register_report (f->db, from, to, TRUE, &error);
  JsonArray *measures;
  guint checked = 0;

  g_assert_no_error (error);
  measures = json_object_get_array_member (json_node_get_object (node), "measures");
  g_assert_cmpuint (json_array_get_length (measures), ==, g_strv_length ((char **) dg_register_measure_ids));
  for (guint i = 0; i < json_array_get_length (measures); i++)
    {
      JsonObject *m = json_array_get_object_element (measures, i);
      const char *name = json_object_get_string_member (m, "measure");
      JsonArray *rows = json_object_get_array_member (m, "rows");
      gint64 numerator = 0;

      for (guint k = 0; k < json_array_get_length (rows); k++)
        {
          JsonObject *row = json_array_get_object_element (rows, k);

          if (json_object_get_boolean_member (row, "numerator"))
            numerator += g_str_equal (name, "pm28") ? json_object_get_int_member (row, "days") : 1;
        }
      g_assert_cmpint (json_array_get_length (rows), ==, json_object_get_int_member (m, "denominator"));
      g_assert_cmpint (numerator, ==, json_object_get_int_member (m, "numerator"));
      g_test_message ("%s %s–%s: %" G_GINT64_FORMAT " / %" G_GINT64_FORMAT, name, from, to,
                      numerator, json_object_get_int_member (m, "denominator"));
      checked += 2;
    }
  return checked;
}

/* The period's figures per clock and state, computed here from the records
 * in SQL of its own: each referral once (@per_child FALSE) or once per child
 * (counted from the child table, not report_children). A referral's
 * referral clocks count in the period it was received in, its conference
 * clocks in a period with one of its meetings. */
static gint64
independent_count (Fixture    *f,
                   const char *from,
                   const char *to,
                   const char *clock,
                   const char *state,
                   gboolean    per_child)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = g_strdup_printf (
    "SELECT coalesce (sum (w.n), 0) FROM ("
    "  SELECT c.referral_id, "
    "    CASE WHEN c.done_at IS NULL AND c.due >= '2026-11-23' THEN 'pending' "
    "         WHEN c.done_at IS NOT NULL AND substr (c.done_at, 1, 10) <= c.due THEN 'on-time' "
    "         WHEN EXISTS (SELECT 1 FROM clock_exception e WHERE e.referral_id = c.referral_id AND e.clock = c.clock) "
    "           THEN 'excepted' "
    "         WHEN c.done_at IS NULL THEN 'overdue' ELSE 'late' END AS state "
    "  FROM clock c JOIN referral r ON r.id = c.referral_id "
    "  WHERE c.clock = ?3 AND CASE WHEN c.clock IN ('icpc', 'first-core-group') "
    "    THEN EXISTS (SELECT 1 FROM meeting m WHERE m.referral_id = r.id AND substr (m.held_at, 1, 10) BETWEEN ?1 AND ?2) "
    "    ELSE substr (r.received_at, 1, 10) BETWEEN ?1 AND ?2 END) s "
    "JOIN (SELECT r.id, %s AS n FROM referral r) w ON w.id = s.referral_id "
    "WHERE s.state = ?4",
    per_child ? "(SELECT count (*) FROM child k WHERE k.referral_id = r.id)" : "1");
  DgStmt *stmt = dg_db_query (f->db, sql, &error, DG_TEXT (from), DG_TEXT (to), DG_TEXT (clock), DG_TEXT (state));
  gboolean has_row = FALSE;
  gint64 n;

  g_assert_no_error (error);
  g_assert_true (dg_db_step (f->db, stmt, &has_row, &error) && has_row);
  n = dg_stmt_column_int64 (stmt, 0);
  dg_stmt_reset (stmt);
  return n;
}

static gint64
figure (JsonObject *figures,
        const char *clock,
        const char *member)
{
  JsonArray *clocks = json_object_get_array_member (figures, "clocks");

  for (guint i = 0; i < json_array_get_length (clocks); i++)
    {
      JsonObject *c = json_array_get_object_element (clocks, i);

      if (g_str_equal (json_object_get_string_member (c, "clock"), clock))
        return json_object_get_int_member (c, member);
    }
  g_assert_not_reached ();
}

/* Agreed exceptions on every twentieth late or overdue clock of the demo. */
static guint
add_exceptions (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) clocks = g_ptr_array_new_with_free_func (g_free);
  gboolean has_row = FALSE;
  DgStmt *stmt;

  stmt = dg_db_query (f->db,
                      "SELECT referral_id, clock FROM clock "
                      "WHERE (substr (done_at, 1, 10) > due OR (done_at IS NULL AND due < ?1)) "
                      "AND clock IN ('decision', 'outcome', 'acknowledgement', 'icpc', 'first-core-group') "
                      "ORDER BY referral_id, clock",
                      &error, DG_TEXT ("2026-11-23"));
  g_assert_no_error (error);
  for (guint i = 0; dg_db_step (f->db, stmt, &has_row, &error) && has_row; i++)
    if (i % 20 == 0)
      {
        gint64 id = dg_stmt_column_int64 (stmt, 0);

        g_array_append_val (ids, id);
        g_ptr_array_add (clocks, g_strdup (dg_stmt_column_text (stmt, 1)));
      }
  dg_stmt_reset (stmt);
  g_assert_no_error (error);
  for (guint i = 0; i < ids->len; i++)
    {
      g_assert_true (dg_clock_exception_set (f->db, g_array_index (ids, gint64, i), clocks->pdata[i],
                                             "The family asked for a later date", "A. Senior-Manager", &error));
      g_assert_no_error (error);
    }
  return ids->len;
}

static void
test_drill_down (Fixture       *f,
                 gconstpointer  data)
{
  const char *periods[][2] = { { "2025-01-01", "2025-12-31" }, { "2024-02-14", "2024-09-10" } };
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();
  guint exceptions, checked = 0;

  g_assert_true (dg_demo_generate (f->db, 20000, 24, NULL, NULL, &error));
  g_assert_no_error (error);
  g_test_message ("demo: %.1f s", (g_get_monotonic_time () - start) / 1e6);
  /* Sibling groups and meetings, as the figures must tell apart. */
  g_assert_cmpint (dg_test_db_int (f->db, "SELECT count (*) FROM (SELECT referral_id FROM child GROUP BY referral_id "
                                          "HAVING count (*) > 1) AS s"), >, 1000);
  g_assert_cmpint (dg_test_db_int (f->db, "SELECT count (*) FROM meeting"), >, 1000);
  /* report_children is what the children say. */
  g_assert_cmpint (dg_test_db_int (f->db, "SELECT count (*) FROM report_children"), ==,
                   dg_test_db_int (f->db, "SELECT count (*) FROM (SELECT referral_id FROM child GROUP BY referral_id "
                                          "HAVING count (*) <> 1) AS s"));
  g_assert_cmpint (dg_test_db_int (f->db, "SELECT count (*) FROM report_children k JOIN referral r ON r.id = k.referral_id "
                                          "WHERE k.day <> substr (r.received_at, 1, 10)"), ==, 0);
  g_assert_cmpint (dg_test_db_int (f->db, "SELECT coalesce (sum (extra), 0) FROM report_children"), ==,
                   dg_test_db_int (f->db, "SELECT count (*) FROM child") - dg_test_db_int (f->db, "SELECT count (*) FROM referral"));
  exceptions = add_exceptions (f);
  g_assert_cmpuint (exceptions, >, 100);
  g_test_message ("demo and %u exceptions: %.1f s", exceptions, (g_get_monotonic_time () - start) / 1e6);

  for (guint p = 0; p < G_N_ELEMENTS (periods); p++)
    {
      const char *from = periods[p][0], *to = periods[p][1];
      g_autoptr(JsonNode) node = dg_performance_report (f->db, from, to, &error);
      JsonObject *report, *per_child;
      guint differ = 0;

      g_assert_no_error (error);
      report = json_node_get_object (node);
      per_child = json_object_get_object_member (report, "per_child");
      for (guint k = 0; k < 2; k++)
        {
          JsonObject *figures = k ? per_child : report;
          const char *per = k ? "child" : "event";

          checked += check_clocks (f, figures, from, to, per);
          checked += check_groups (f, figures, from, to, per, "by_agency", "agency");
          checked += check_groups (f, figures, from, to, per, "by_school", "school");
          checked += check_groups (f, figures, from, to, per, "by_month", "month");
        }
      check_meetings (f, report, from, to);
      checked += check_agencies (f, report, from, to);
      checked += check_register (f, from, to);

      /* Per child and per referral differ, and each is what SQL of the
       * test's own counts. */
      for (guint c = 0; c < 6; c++)
        {
          const char *clock = (const char *[]) { "acknowledgement", "decision", "outcome", "confirmation", "icpc",
                                                 "first-core-group" }[c];

          for (guint s = 0; s < G_N_ELEMENTS (states); s++)
            {
              gint64 event = figure (report, clock, members[s]), child = figure (per_child, clock, members[s]);

              g_assert_cmpint (independent_count (f, from, to, clock, states[s], FALSE), ==, event);
              g_assert_cmpint (independent_count (f, from, to, clock, states[s], TRUE), ==, child);
              g_assert_cmpint (child, >=, event);
              differ += child > event;
            }
          g_assert_cmpint (figure (per_child, clock, "count"), >, figure (report, clock, "count"));
        }
      g_assert_cmpuint (differ, >, 10);
      g_assert_cmpint (figure (report, "decision", "excepted"), >, 0);
      g_assert_cmpint (figure (report, "icpc", "excepted") + figure (report, "first-core-group", "excepted"), >, 0);
    }
  g_test_message ("%u figures checked; %.1f s in all", checked, (g_get_monotonic_time () - start) / 1e6);
}

/* A referral received on 2026-11-02 about three siblings, its decision due
 * on 2026-11-03 and made late on 2026-11-10. */
static gint64
late_siblings (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = json_from_string ("{\"received_at\": \"2026-11-02T09:00\", \"children\": "
                                               "[{\"name\": \"Ann Jones\"}, {\"name\": \"Ben Jones\"}, {\"name\": \"Cai Jones\"}]}",
                                               &error);
  gint64 id;

  g_assert_no_error (error);
  id = dg_referral_add (f->db, json_node_get_object (node), NULL, &error);
  g_assert_no_error (error);
  g_assert_true (dg_referral_decide (f->db, id, "nfa", "No further action", NULL, "2026-11-10T11:00", &error));
  g_assert_no_error (error);
  return id;
}

static void
test_exceptions (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) before = NULL, after = NULL, shown = NULL;
  g_autoptr(JsonObject) excepted = NULL, late_list = NULL, mine = NULL;
  JsonObject *due;
  gint64 id = late_siblings (f), audits;

  g_assert_cmpint (dg_test_db_int (f->db, "SELECT extra FROM report_children"), ==, 2);
  before = dg_performance_report (f->db, "2026-11-01", "2026-11-30", &error);
  g_assert_no_error (error);
  g_assert_cmpint (figure (json_node_get_object (before), "decision", "late"), ==, 1);
  g_assert_cmpint (figure (json_object_get_object_member (json_node_get_object (before), "per_child"), "decision", "late"), ==, 3);

  /* Refusals, each naming its field, and nothing recorded. */
  audits = dg_test_db_int (f->db, "SELECT count (*) FROM audit");
  g_assert_false (dg_clock_exception_set (f->db, id, "decision", "  ", "A. Manager", &error));
  g_assert_error (error, DG_ERROR, DG_ERROR_INVALID);
  g_assert_cmpstr (dg_error_get_field (error), ==, "reason");
  g_clear_error (&error);
  g_assert_false (dg_clock_exception_set (f->db, id, "decision", "Asked for", NULL, &error));
  g_assert_cmpstr (dg_error_get_field (error), ==, "approved_by");
  g_clear_error (&error);
  g_assert_false (dg_clock_exception_set (f->db, id, "no-such-clock", "Asked for", "A. Manager", &error));
  g_assert_cmpstr (dg_error_get_field (error), ==, "clock");
  g_clear_error (&error);
  /* A clock this referral does not have (it had no conference). */
  g_assert_false (dg_clock_exception_set (f->db, id, "icpc", "Asked for", "A. Manager", &error));
  g_assert_cmpstr (dg_error_get_field (error), ==, "clock");
  g_clear_error (&error);
  g_assert_false (dg_clock_exception_set (f->db, id + 1000, "decision", "Asked for", "A. Manager", &error));
  g_assert_error (error, DG_ERROR, DG_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpint (dg_test_db_int (f->db, "SELECT count (*) FROM audit"), ==, audits);
  g_assert_cmpint (dg_test_db_int (f->db, "SELECT count (*) FROM clock_exception"), ==, 0);

  /* An on-time clock cannot carry one. */
  {
    g_autoptr(JsonNode) node = json_from_string ("{\"received_at\": \"2026-11-16T09:00\", \"children\": [{\"name\": \"Dai\"}]}", &error);
    gint64 prompt = dg_referral_add (f->db, json_node_get_object (node), NULL, &error);

    g_assert_no_error (error);
    g_assert_true (dg_referral_decide (f->db, prompt, "nfa", "No further action", NULL, "2026-11-16T11:00", &error));
    g_assert_no_error (error);
    g_assert_false (dg_clock_exception_set (f->db, prompt, "decision", "Asked for", "A. Manager", &error));
    g_assert_error (error, DG_ERROR, DG_ERROR_INVALID);
    g_assert_cmpstr (dg_error_get_field (error), ==, "clock");
    g_clear_error (&error);
  }

  /* Recorded, audited once, and shown on the referral's clock. */
  audits = dg_test_db_int (f->db, "SELECT count (*) FROM audit");
  g_assert_true (dg_clock_exception_set (f->db, id, "decision", " The family asked for a later date ", "A. Manager", &error));
  g_assert_no_error (error);
  g_assert_cmpint (dg_test_db_int (f->db, "SELECT count (*) FROM audit"), ==, audits + 1);
  g_assert_cmpint (dg_test_db_int (f->db, "SELECT count (*) FROM audit WHERE entity = 'referral' AND action = 'clock-exception'"), ==, 1);
  shown = dg_referral_show (f->db, id, &error);
  g_assert_no_error (error);
  due = json_object_get_object_member (json_object_get_object_member (json_node_get_object (shown), "due"), "decision");
  g_assert_cmpstr (json_object_get_string_member (due, "state"), ==, "late");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (due, "exception"), "reason"), ==,
                   "The family asked for a later date");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (due, "exception"), "recorded_by"), ==, "Tester");
  mine = dg_clock_exceptions (f->db, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (mine, "decision"), "approved_by"), ==, "A. Manager");

  /* Counted apart, never hidden: out of late, into excepted, the share's
   * denominator the same. */
  after = dg_performance_report (f->db, "2026-11-01", "2026-11-30", &error);
  g_assert_no_error (error);
  g_assert_cmpint (figure (json_node_get_object (after), "decision", "late"), ==, 0);
  g_assert_cmpint (figure (json_node_get_object (after), "decision", "excepted"), ==, 1);
  g_assert_cmpint (figure (json_object_get_object_member (json_node_get_object (after), "per_child"), "decision", "excepted"), ==, 3);
  /* The prompt one and the excepted one: both in the share's denominator. */
  g_assert_cmpint (figure (json_node_get_object (after), "decision", "measured"), ==, 2);
  g_assert_cmpint (figure (json_node_get_object (after), "decision", "on_time"), ==, 1);
  excepted = list (f, "2026-11-01", "2026-11-30", "decision", "excepted", "child", NULL, NULL);
  g_assert_cmpint (json_object_get_int_member (excepted, "count"), ==, 3);
  late_list = list (f, "2026-11-01", "2026-11-30", "decision", "late", "event", NULL, NULL);
  g_assert_cmpint (json_object_get_int_member (late_list, "count"), ==, 0);

  /* A child taken off the referral: two children now. */
  g_assert_true (dg_db_exec (f->db, "DELETE FROM child WHERE name = 'Cai Jones'", &error));
  g_assert_no_error (error);
  g_assert_cmpint (dg_test_db_int (f->db, "SELECT extra FROM report_children"), ==, 1);

  /* Received on another day (corrected by hand): its row moves with it. */
  g_assert_true (dg_db_exec (f->db, "UPDATE referral SET received_at = '2026-10-30T09:00:00' WHERE reference IN "
                                    "(SELECT r.reference FROM referral r JOIN report_children k ON k.referral_id = r.id)", &error));
  g_assert_no_error (error);
  g_assert_cmpint (dg_test_db_int (f->db, "SELECT count (*) FROM report_children WHERE day = '2026-10-30'"), ==, 1);
}

static void
test_list_refusals (Fixture       *f,
                    gconstpointer  data)
{
  struct { const char *clock, *state, *per, *kind, *group, *field; } cases[] = {
    { NULL, "late", NULL, NULL, NULL, "clock" },
    { "decision", "sideways", NULL, NULL, NULL, "state" },
    { "decision", "late", "sibling", NULL, NULL, "per" },
    { "decision", "late", NULL, "region", "x", "group" },
    { "decision", "late", NULL, "agency", NULL, "agency" },
    { "meetings", "late", NULL, NULL, NULL, "state" },
    { "meetings", "complete", "child", NULL, NULL, "per" },
    { "meetings", "complete", NULL, "agency", "police", "group" },
    { "decision", "late", NULL, "invited", "police", "group" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      JsonObject *l = dg_performance_list (f->db, "2026-01-01", "2026-01-31", cases[i].clock, cases[i].state,
                                           cases[i].per, cases[i].kind, cases[i].group, &error);

      g_assert_null (l);
      g_assert_error (error, DG_ERROR, DG_ERROR_INVALID);
      g_assert_cmpstr (dg_error_get_field (error), ==, cases[i].field);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) g_test_add (name, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/figures/drill-down", test_drill_down);
  ADD ("/figures/exceptions", test_exceptions);
  ADD ("/figures/list-refusals", test_list_refusals);
#undef ADD

  return g_test_run ();
}
