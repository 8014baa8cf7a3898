#include "config.h"

#include <glib/gstdio.h>

#include "dg-core.h"
#include "dg-vocab.h"
#include "dg-test-db.h"
#include "dg-db.h"
#include "dg-demo.h"
#include "dg-expected-rules.h"
#include "dg-export.h"
#include "dg-meeting-figures.h"
#include "dg-meetings.h"
#include "dg-performance.h"
#include "dg-referrals.h"

/* Issue 24's meeting figures: contributions, the minutes' clocks, the
 * agencies expected by concern, and the per-agency figures against an
 * independent computation, with what is behind each. The test database's
 * clock reads Monday 23 November 2026, 10:00. */

typedef DgTestDb Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  dg_test_db_setup (f, "dg-test-meeting-figures");
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  dg_test_db_teardown (f);
}

static gint64
add_referral (Fixture    *f,
              const char *json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = json_from_string (json, &error);
  gint64 id;

  g_assert_no_error (error);
  id = dg_referral_add (f->db, json_node_get_object (node), NULL, &error);
  g_assert_no_error (error);
  return id;
}

static gint64
add_meeting (Fixture    *f,
             gint64      rid,
             const char *at,
             gboolean    invite)
{
  g_autoptr(GError) error = NULL;
  gint64 mid = dg_meeting_add (f->db, rid, "discussion", at, NULL, invite, &error);

  g_assert_no_error (error);
  return mid;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char **) a, *(const char **) b);
}

/* The expected agencies of meeting @mid, sorted, comma-separated. */
static char *
expected_of (Fixture *f,
             gint64   mid)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) c = dg_meeting_completeness (f->db, mid, &error);
  JsonArray *list;
  g_autoptr(GPtrArray) names = g_ptr_array_new ();

  g_assert_no_error (error);
  list = json_object_get_array_member (json_node_get_object (c), "expected");
  for (guint i = 0; i < json_array_get_length (list); i++)
    g_ptr_array_add (names, (gpointer) json_array_get_string_element (list, i));
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  return g_strjoinv (",", (char **) names->pdata);
}

static JsonObject *
invitee (JsonNode   *shown,
         const char *agency)
{
  JsonArray *list = json_object_get_array_member (json_node_get_object (shown), "invitees");

  for (guint i = 0; i < json_array_get_length (list); i++)
    if (g_str_equal (json_object_get_string_member (json_array_get_object_element (list, i), "agency"), agency))
      return json_array_get_object_element (list, i);
  g_assert_not_reached ();
}

static void
test_contributions (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 rid = add_referral (f, "{\"received_at\": \"2026-11-20T09:00\", \"reporter\": {\"name\": \"Ceri\", \"agency\": \"health\"},"
                                " \"children\": [{\"name\": \"A\", \"dob\": \"2016-01-01\"}]}");
  gint64 mid = add_meeting (f, rid, "2026-11-20T14:00", TRUE);
  gint64 audits = dg_test_db_int (f->db, "SELECT count (*) FROM audit WHERE entity = 'meeting' AND action = 'contribution'");
  g_autoptr(JsonNode) shown = NULL;
  JsonObject *police, *health;

  /* Nothing recorded yet: null, not "no". */
  shown = dg_meeting_show (f->db, mid, &error);
  g_assert_no_error (error);
  g_assert_true (json_object_get_null_member (invitee (shown, "police"), "report"));
  g_assert_true (json_object_get_null_member (invitee (shown, "police"), "decision_maker"));
  g_clear_pointer (&shown, json_node_unref);

  g_assert_true (dg_meeting_contribution (f->db, mid, "police", 1, "2026-11-20T12:30", 1, &error));
  g_assert_no_error (error);
  g_assert_true (dg_meeting_contribution (f->db, mid, "health", 0, NULL, -1, &error));
  g_assert_no_error (error);
  /* -1 leaves what was recorded. */
  g_assert_true (dg_meeting_contribution (f->db, mid, "police", -1, NULL, 0, &error));
  g_assert_no_error (error);

  shown = dg_meeting_show (f->db, mid, &error);
  police = invitee (shown, "police");
  health = invitee (shown, "health");
  g_assert_cmpstr (json_object_get_string_member (police, "report"), ==, "received");
  g_assert_cmpstr (json_object_get_string_member (police, "report_at"), ==, "2026-11-20T12:30:00");
  g_assert_cmpstr (json_object_get_string_member (police, "decision_maker"), ==, "no");
  g_assert_cmpstr (json_object_get_string_member (health, "report"), ==, "none");
  g_assert_true (json_object_get_null_member (health, "report_at"));
  g_assert_true (json_object_get_null_member (health, "decision_maker"));

  /* Each change is audited, with what it says. */
  g_assert_cmpint (dg_test_db_int (f->db, "SELECT count (*) FROM audit WHERE entity = 'meeting' AND action = 'contribution'"),
                   ==, audits + 3);
  g_assert_cmpint (dg_test_db_int (f->db, "SELECT count (*) FROM audit WHERE entity = 'meeting' AND action = 'contribution' "
                                          "AND detail LIKE '%\"agency\":\"police\"%\"decision_maker\":false%'"), ==, 1);

  /* Refusals name the field: an agency not invited, nothing to record, a
   * receipt time without the report, a time in the future. */
  g_assert_false (dg_meeting_contribution (f->db, mid, "housing", 1, NULL, -1, &error));
  g_assert_error (error, DG_ERROR, DG_ERROR_INVALID);
  g_assert_cmpstr (dg_error_get_field (error), ==, "agency");
  g_clear_error (&error);
  g_assert_false (dg_meeting_contribution (f->db, mid, "police", -1, NULL, -1, &error));
  g_assert_cmpstr (dg_error_get_field (error), ==, "report");
  g_clear_error (&error);
  g_assert_false (dg_meeting_contribution (f->db, mid, "police", 0, "2026-11-20T12:30", -1, &error));
  g_assert_cmpstr (dg_error_get_field (error), ==, "received-at");
  g_clear_error (&error);
  g_assert_false (dg_meeting_contribution (f->db, mid, "police", 1, "2027-01-01T00:00", -1, &error));
  g_assert_cmpstr (dg_error_get_field (error), ==, "received-at");
  g_clear_error (&error);
  g_assert_false (dg_meeting_contribution (f->db, mid, "nobody", 1, NULL, -1, &error));
  g_assert_cmpstr (dg_error_get_field (error), ==, "agency");
  g_clear_error (&error);
  g_assert_cmpint (dg_test_db_int (f->db, "SELECT count (*) FROM audit WHERE entity = 'meeting' AND action = 'contribution'"),
                   ==, audits + 3);
}

static const char *
clock_state (Fixture    *f,
             gint64      rid,
             const char *clock)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) shown = dg_referral_show (f->db, rid, &error);
  JsonObject *due;

  g_assert_no_error (error);
  due = json_object_get_object_member (json_node_get_object (shown), "due");
  if (!json_object_has_member (due, clock))
    return "none";
  return g_intern_string (json_object_get_string_member (json_object_get_object_member (due, clock), "state"));
}

static void
test_minutes_clocks (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  const char *json = "{\"received_at\": \"2026-11-02T09:00\", \"reporter\": {\"name\": \"Ceri\", \"agency\": \"health\"},"
                     " \"children\": [{\"name\": \"A\", \"dob\": \"2016-01-01\"}]}";
  gint64 early = add_referral (f, json), late = add_referral (f, json), open = add_referral (f, json);
  gint64 m_early = add_meeting (f, early, "2026-11-02T10:00", FALSE);
  gint64 m_late = add_meeting (f, late, "2026-11-02T10:00", FALSE);
  gint64 m_open = add_meeting (f, open, "2026-11-19T10:00", FALSE);

  /* Five working days from Monday 2 November: due Monday 9 November. */
  g_assert_cmpstr (clock_state (f, early, "strategy-record"), ==, "overdue");
  g_assert_cmpstr (clock_state (f, open, "strategy-record"), ==, "pending");
  g_assert_cmpint (dg_test_db_int (f->db, "SELECT count (*) FROM clock WHERE clock = 'strategy-record' AND due = '2026-11-09'"), ==, 2);

  g_assert_true (dg_meeting_minutes (f->db, m_early, "2026-11-09", &error));
  g_assert_no_error (error);
  g_assert_true (dg_meeting_minutes (f->db, m_late, "2026-11-10T08:00", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (clock_state (f, early, "strategy-record"), ==, "on-time");
  g_assert_cmpstr (clock_state (f, late, "strategy-record"), ==, "late");
  g_assert_cmpint (dg_test_db_int (f->db, "SELECT count (*) FROM audit WHERE entity = 'meeting' AND action = 'minutes'"), ==, 2);

  /* Never before the meeting; the meeting must exist. */
  g_assert_false (dg_meeting_minutes (f->db, m_open, "2026-11-18", &error));
  g_assert_cmpstr (dg_error_get_field (error), ==, "sent");
  g_clear_error (&error);
  g_assert_false (dg_meeting_minutes (f->db, 9999, "2026-11-20", &error));
  g_assert_error (error, DG_ERROR, DG_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* The outline plan: five working days from the initial conference, by
   * the plan-circulated event, which needs a conference first. */
  g_assert_false (dg_referral_add_event (f->db, early, "plan-circulated", "2026-11-05T10:00", NULL, &error));
  g_assert_error (error, DG_ERROR, DG_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpstr (clock_state (f, early, "icpc-plan"), ==, "none");
  g_assert_true (dg_referral_add_event (f->db, early, "icpc", "2026-11-10T10:00", NULL, &error));
  g_assert_true (dg_referral_add_event (f->db, late, "icpc", "2026-11-10T10:00", NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (clock_state (f, early, "icpc-plan"), ==, "overdue");   /* due 17 November */
  g_assert_true (dg_referral_add_event (f->db, early, "plan-circulated", "2026-11-17T16:00", NULL, &error));
  g_assert_true (dg_referral_add_event (f->db, late, "plan-circulated", "2026-11-18T09:00", NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (clock_state (f, early, "icpc-plan"), ==, "on-time");
  g_assert_cmpstr (clock_state (f, late, "icpc-plan"), ==, "late");

  /* The performance report counts them by the day they started. */
  {
    g_autoptr(JsonNode) report = dg_performance_report (f->db, "2026-11-01", "2026-11-30", &error);
    JsonArray *clocks;
    guint seen = 0;

    g_assert_no_error (error);
    clocks = json_object_get_array_member (json_node_get_object (report), "clocks");
    for (guint i = 0; i < json_array_get_length (clocks); i++)
      {
        JsonObject *c = json_array_get_object_element (clocks, i);
        const char *name = json_object_get_string_member (c, "clock");

        if (g_str_equal (name, "strategy-record"))
          {
            g_assert_cmpint (json_object_get_int_member (c, "count"), ==, 3);
            g_assert_cmpint (json_object_get_int_member (c, "on_time"), ==, 1);
            g_assert_cmpint (json_object_get_int_member (c, "late"), ==, 1);
            g_assert_cmpint (json_object_get_int_member (c, "pending"), ==, 1);
            seen++;
          }
        else if (g_str_equal (name, "icpc-plan"))
          {
            g_assert_cmpint (json_object_get_int_member (c, "count"), ==, 2);
            g_assert_cmpint (json_object_get_int_member (c, "on_time"), ==, 1);
            g_assert_cmpint (json_object_get_int_member (c, "late"), ==, 1);
            seen++;
          }
      }
    g_assert_cmpuint (seen, ==, 2);
  }

  /* The local default is a rule a manager changes: 7 working days from 1
   * November makes the late record on time. */
  g_assert_true (dg_timescale_rule_set (f->db, "strategy-record", 7, "working-days", "2026-11-01", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (clock_state (f, late, "strategy-record"), ==, "on-time");
}

static void
test_expected_by_concern (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 baby = add_referral (f, "{\"received_at\": \"2026-11-20T09:00\", \"reporter\": {\"name\": \"Ceri\", \"agency\": \"health\"},"
                                 " \"children\": [{\"name\": \"Baby\", \"dob\": \"2026-05-01\"}], \"categories\": [\"sexual\"]}");
  gint64 pupil = add_referral (f, "{\"received_at\": \"2026-11-20T09:00\", \"reporter\": {\"name\": \"Ceri\", \"agency\": \"education\"},"
                                  " \"children\": [{\"name\": \"Pupil\", \"dob\": \"2017-03-01\", \"additional_needs\": \"Autism\"}],"
                                  " \"categories\": [\"domestic-abuse\", \"neglect\"]}");
  gint64 toddler = add_referral (f, "{\"received_at\": \"2026-11-20T09:00\", \"reporter\": {\"name\": \"Ceri\", \"agency\": \"police\"},"
                                    " \"children\": [{\"name\": \"T\", \"dob\": \"2023-12-01\"}], \"categories\": [\"physical\"],"
                                    " \"involved_agencies\": [{\"agency\": \"housing\"}]}");
  gint64 m_baby = add_meeting (f, baby, "2026-11-20T14:00", FALSE);
  gint64 m_pupil = add_meeting (f, pupil, "2026-11-20T14:00", FALSE);
  gint64 m_toddler = add_meeting (f, toddler, "2026-11-20T14:00", TRUE);
  g_autofree char *e_baby = expected_of (f, m_baby), *e_pupil = expected_of (f, m_pupil), *e_toddler = expected_of (f, m_toddler);
  g_autofree char *after = NULL, *before = NULL;
  gint64 m_later;

  /* A sexual-harm referral about a baby: a paediatrician and the midwife or
   * health visitor, and no school. */
  g_assert_cmpstr (e_baby, ==, "health,midwife,paediatrician,police,report-maker,social-services");
  /* A disabled pupil living with domestic abuse. */
  g_assert_cmpstr (e_pupil, ==, "disability-team,education,health,idva,police,report-maker,social-services");
  /* A child under 5, not 4 yet: no school; the housing officer involved. */
  g_assert_cmpstr (e_toddler, ==, "health,housing,police,report-maker,social-services");
  /* Invited at creation, all of them: complete, by the core and the totals. */
  g_assert_cmpint (dg_test_db_int (f->db, "SELECT count (*) FROM invitee WHERE meeting_id = (SELECT max (id) FROM meeting)"), ==, 5);

  /* The totals' completeness (report_meeting) agrees with the core's. */
  for (gint64 mid = m_baby; mid <= m_toddler; mid++)
    {
      g_autoptr(JsonNode) c = dg_meeting_completeness (f->db, mid, &error);
      g_autofree char *sql = g_strdup_printf ("SELECT complete FROM report_meeting WHERE meeting_id = %" G_GINT64_FORMAT, mid);

      g_assert_cmpint (dg_test_db_int (f->db, sql), ==, json_object_get_boolean_member (json_node_get_object (c), "complete"));
    }
  g_assert_cmpint (dg_test_db_int (f->db, "SELECT complete FROM report_meeting WHERE meeting_id = (SELECT max (id) FROM meeting)"), ==, 1);

  /* A manager's rule, from a date: physical harm expects a paediatrician
   * from 21 November. The meeting of the 20th keeps its rules; one on the
   * 23rd expects the paediatrician, and the totals follow at once. */
  g_assert_true (dg_expected_rule_set (f->db, "physical", "paediatrician", TRUE, "2026-11-21", &error));
  g_assert_no_error (error);
  m_later = add_meeting (f, toddler, "2026-11-23T09:00", TRUE);
  before = expected_of (f, m_toddler);
  after = expected_of (f, m_later);
  g_assert_cmpstr (before, ==, e_toddler);
  g_assert_cmpstr (after, ==, "health,housing,paediatrician,police,report-maker,social-services");
  g_assert_cmpint (dg_test_db_int (f->db, "SELECT count (*) FROM audit WHERE entity = 'expected-agency' AND action = 'set'"), ==, 1);

  /* Withdrawn from the 22nd: the meeting of the 23rd no longer expects it,
   * and an uninvited paediatrician no longer makes it incomplete. */
  g_assert_true (dg_expected_rule_set (f->db, "physical", "paediatrician", FALSE, "2026-11-22", &error));
  g_assert_no_error (error);
  g_clear_pointer (&after, g_free);
  after = expected_of (f, m_later);
  g_assert_cmpstr (after, ==, e_toddler);

  /* A category recorded later moves its meetings' completeness. */
  g_assert_cmpint (dg_test_db_int (f->db, "SELECT complete FROM report_meeting WHERE meeting_id = (SELECT max (id) FROM meeting)"), ==, 1);
  g_assert_true (dg_db_exec (f->db, "INSERT INTO referral_category (referral_id, category) "
                                    "SELECT referral_id, 'domestic-abuse' FROM meeting WHERE id = (SELECT max (id) FROM meeting)", &error));
  g_assert_no_error (error);
  g_assert_cmpint (dg_test_db_int (f->db, "SELECT complete FROM report_meeting WHERE meeting_id = (SELECT max (id) FROM meeting)"), ==, 0);

  /* Police and social services cannot be made optional. */
  g_assert_false (dg_expected_rule_set (f->db, "always", "police", FALSE, "2026-11-22", &error));
  g_assert_cmpstr (dg_error_get_field (error), ==, "agency");
  g_clear_error (&error);
  g_assert_false (dg_expected_rule_set (f->db, "teenager", "police", TRUE, "2026-11-22", &error));
  g_assert_cmpstr (dg_error_get_field (error), ==, "concern");
  g_clear_error (&error);
}

/* One figure of @agency's (or, NULL, the contributions'), by name. */
static gint64
figure_of (JsonObject *figures,
           const char *agency,
           const char *name)
{
  JsonArray *agencies = json_object_get_array_member (figures, "agencies");

  if (agency == NULL)
    return json_object_get_int_member (json_object_get_object_member (figures, "contributions"), name);
  for (guint i = 0; i < json_array_get_length (agencies); i++)
    {
      JsonObject *a = json_array_get_object_element (agencies, i);

      if (g_str_equal (json_object_get_string_member (a, "agency"), agency))
        return json_object_get_int_member (a, name);
    }
  g_assert_not_reached ();
}

static void
test_figures_match_sql (Fixture       *f,
                        gconstpointer  data)
{
  static const struct { const char *member, *figure, *state, *sql; } checks[] = {
    { "expected", "expected", "all",
      "SELECT count (DISTINCT m.id) FROM meeting m JOIN meeting_expected e ON e.meeting_id = m.id %s" },
    { "invited", "expected", "invited",
      "SELECT count (DISTINCT m.id) FROM meeting m JOIN meeting_expected e ON e.meeting_id = m.id %s "
      "AND EXISTS (SELECT 1 FROM invitee i WHERE i.meeting_id = m.id AND i.agency = e.agency)" },
    { "attended", "expected", "attended",
      "SELECT count (DISTINCT m.id) FROM meeting m JOIN meeting_expected e ON e.meeting_id = m.id %s "
      "AND EXISTS (SELECT 1 FROM invitee i WHERE i.meeting_id = m.id AND i.agency = e.agency AND i.status = 'attended')" },
    { "invitees", "report", "all",
      "SELECT count (DISTINCT m.id) FROM meeting m JOIN invitee e ON e.meeting_id = m.id %s" },
    { "reports", "report", "received",
      "SELECT count (DISTINCT m.id) FROM meeting m JOIN invitee e ON e.meeting_id = m.id %s AND e.report_received = 1" },
    { "attending", "decision-maker", "all",
      "SELECT count (DISTINCT m.id) FROM meeting m JOIN invitee e ON e.meeting_id = m.id %s AND e.status = 'attended'" },
    { "decision_makers", "decision-maker", "yes",
      "SELECT count (DISTINCT m.id) FROM meeting m JOIN invitee e ON e.meeting_id = m.id %s "
      "AND e.status = 'attended' AND e.decision_maker = 1" },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) figures = NULL;
  g_autoptr(JsonNode) report = NULL;
  const char *from = "2026-06-01", *to = "2026-11-30";
  gint64 total_invitees = 0, total_reports = 0;
  guint nonzero = 0;

  g_assert_true (dg_demo_generate (f->db, 1500, 5, NULL, NULL, &error));
  g_assert_no_error (error);
  /* Contributions on some invitations (beyond the demo's own), by a rule
   * the figures do not know. */
  g_assert_true (dg_db_exec (f->db,
                             "UPDATE invitee SET report_received = CASE WHEN id % 3 = 0 THEN 1 WHEN id % 3 = 1 THEN 0 END, "
                             "  report_received_at = CASE WHEN id % 3 = 0 THEN invited_at END, "
                             "  decision_maker = CASE WHEN id % 4 = 0 THEN 0 ELSE 1 END WHERE id % 5 <> 0", &error));
  g_assert_no_error (error);
  g_assert_cmpint (dg_test_db_int (f->db, "SELECT count (*) FROM meeting"), >, 50);

  figures = dg_meeting_figures (f->db, from, to, &error);
  g_assert_no_error (error);
  for (const DgTerm *t = dg_vocab_terms (DG_VOCAB_MEETING_AGENCY); t->id != NULL; t++)
    for (guint c = 0; c < G_N_ELEMENTS (checks); c++)
      {
        g_autofree char *where = g_strdup_printf ("WHERE m.held_at BETWEEN '%sT00:00:00' AND '%sT23:59:59' AND e.agency = '%s'",
                                                  from, to, t->id);
        g_autofree char *sql = g_strdup_printf (checks[c].sql, where);
        gint64 expected = dg_test_db_int (f->db, sql);
        g_autoptr(JsonArray) behind = dg_meeting_figures_list (f->db, from, to, checks[c].figure, t->id, checks[c].state, &error);

        g_assert_no_error (error);
        g_assert_cmpint (figure_of (figures, t->id, checks[c].member), ==, expected);
        /* The drill-down's count is the figure's. */
        g_assert_cmpint (json_array_get_length (behind), ==, expected);
        nonzero += expected > 0;
        if (g_str_equal (checks[c].member, "invitees"))
          total_invitees += expected;
        if (g_str_equal (checks[c].member, "reports"))
          total_reports += expected;
      }
  /* Every expected agency at a meeting is invited, excused or missing. */
  for (const DgTerm *t = dg_vocab_terms (DG_VOCAB_MEETING_AGENCY); t->id != NULL; t++)
    {
      g_autoptr(JsonArray) excused = dg_meeting_figures_list (f->db, from, to, "expected", t->id, "excused", &error);
      g_autoptr(JsonArray) missing = dg_meeting_figures_list (f->db, from, to, "expected", t->id, "missing", &error);

      g_assert_no_error (error);
      g_assert_cmpint (json_array_get_length (excused), ==, figure_of (figures, t->id, "excused"));
      g_assert_cmpint (json_array_get_length (missing), ==, figure_of (figures, t->id, "missing"));
      g_assert_cmpint (figure_of (figures, t->id, "invited") + figure_of (figures, t->id, "excused") +
                       figure_of (figures, t->id, "missing"), ==, figure_of (figures, t->id, "expected"));
    }

  /* The demo gives the figures something to count. */
  g_assert_cmpuint (nonzero, >, 20);
  g_assert_cmpint (figure_of (figures, NULL, "invitees"), ==, total_invitees);
  g_assert_cmpint (figure_of (figures, NULL, "reports"), ==, total_reports);
  {
    g_autoptr(JsonArray) all = dg_meeting_figures_list (f->db, from, to, "report", NULL, "all", &error);
    g_autoptr(JsonArray) none = dg_meeting_figures_list (f->db, from, to, "report", NULL, "none", &error);

    g_assert_cmpint (json_array_get_length (all), ==, total_invitees);
    g_assert_cmpint (json_array_get_length (none), ==, total_invitees - total_reports);
  }

  /* The completeness the totals keep agrees with the core's, meeting by meeting. */
  {
    g_autoptr(JsonArray) listed = dg_meeting_list (f->db, FALSE, NULL, NULL, 0, &error);
    g_assert_no_error (error);
    for (guint i = 0; i < json_array_get_length (listed); i++)
      {
        JsonObject *m = json_array_get_object_element (listed, i);
        g_autofree char *sql = g_strdup_printf ("SELECT complete FROM report_meeting WHERE meeting_id = %" G_GINT64_FORMAT,
                                                json_object_get_int_member (m, "id"));

        g_assert_cmpint (dg_test_db_int (f->db, sql), ==, json_object_get_boolean_member (m, "complete"));
      }
  }

  /* The performance report carries them; its minutes' clocks' lists match. */
  report = dg_performance_report (f->db, from, to, &error);
  g_assert_no_error (error);
  g_assert_true (json_object_has_member (json_node_get_object (report), "agencies"));
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (json_node_get_object (report), "contributions"),
                                              "invitees"), ==, total_invitees);
  {
    JsonArray *clocks = json_object_get_array_member (json_node_get_object (report), "clocks");

    for (guint i = 0; i < json_array_get_length (clocks); i++)
      {
        JsonObject *c = json_array_get_object_element (clocks, i);
        const char *name = json_object_get_string_member (c, "clock");

        if (!g_str_equal (name, "icpc-plan") && !g_str_equal (name, "strategy-record"))
          continue;
        for (guint s = 0; s < 4; s++)
          {
            const char *state = (const char *[]) { "on-time", "late", "overdue", "pending" }[s];
            const char *member = (const char *[]) { "on_time", "late", "overdue", "pending" }[s];
            g_autoptr(JsonArray) behind = dg_meeting_figures_list (f->db, from, to, name, NULL, state, &error);

            g_assert_no_error (error);
            g_assert_cmpint (json_array_get_length (behind), ==, json_object_get_int_member (c, member));
          }
      }
  }

  /* A figure or state that does not exist is refused, naming it. */
  g_assert_null (dg_meeting_figures_list (f->db, from, to, "expected", NULL, "received", &error));
  g_assert_cmpstr (dg_error_get_field (error), ==, "STATE");
  g_clear_error (&error);
  g_assert_null (dg_meeting_figures_list (f->db, from, to, "nothing", NULL, "all", &error));
  g_assert_cmpstr (dg_error_get_field (error), ==, "FIGURE");
  g_clear_error (&error);
}

static void
test_agencies_csv (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, "agencies.csv", NULL);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  gint64 rid = add_referral (f, "{\"received_at\": \"2026-11-20T09:00\", \"reporter\": {\"name\": \"Ceri\", \"agency\": \"health\"},"
                                " \"children\": [{\"name\": \"Baby\", \"dob\": \"2026-05-01\"}], \"categories\": [\"sexual\"]}");
  gint64 mid = add_meeting (f, rid, "2026-11-20T14:00", FALSE);
  gint64 rows;

  g_assert_true (dg_meeting_invite (f->db, mid, "police", NULL, NULL, NULL, &error));
  g_assert_true (dg_meeting_response (f->db, mid, "police", "attended", NULL, &error));
  g_assert_true (dg_meeting_contribution (f->db, mid, "police", 1, NULL, 1, &error));
  g_assert_no_error (error);

  rows = dg_export_csv_period (f->db, "agencies", "2026-11-01", "2026-11-30", path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (rows, ==, 12);
  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  lines = g_strsplit (text, "\r\n", -1);
  g_assert_cmpstr (lines[0], ==, "from,to,agency,expected,invited,attended,excused,missing,invited_share,attended_share,"
                                 "invitees,reports,report_share,attending,decision_makers,decision_share");
  g_assert_cmpstr (lines[1], ==, "2026-11-01,2026-11-30,police,1,1,1,0,0,1.0000,1.0000,1,1,1.0000,1,1,1.0000");
  /* The paediatrician was expected and not invited. */
  g_assert_nonnull (strstr (text, "\r\n2026-11-01,2026-11-30,paediatrician,1,0,0,0,1,0.0000,0.0000,0,0,0.0000,0,0,0.0000\r\n"));
  /* The meetings' export has the contributions too. */
  rows = dg_export_csv (f->db, "meetings", path, &error);
  g_assert_no_error (error);
  g_clear_pointer (&text, g_free);
  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  g_assert_true (g_str_has_prefix (text, "id,reference,kind,held_at,chair,invited,attended,excused,determination,s47,"
                                         "reports,decision_makers,minutes_sent_at\r\n"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/meeting-figures/contributions", Fixture, NULL, fixture_setup, test_contributions, fixture_teardown);
  g_test_add ("/meeting-figures/minutes-clocks", Fixture, NULL, fixture_setup, test_minutes_clocks, fixture_teardown);
  g_test_add ("/meeting-figures/expected-by-concern", Fixture, NULL, fixture_setup, test_expected_by_concern, fixture_teardown);
  g_test_add ("/meeting-figures/figures-match-sql", Fixture, NULL, fixture_setup, test_figures_match_sql, fixture_teardown);
  g_test_add ("/meeting-figures/agencies-csv", Fixture, NULL, fixture_setup, test_agencies_csv, fixture_teardown);
  return g_test_run ();
}
