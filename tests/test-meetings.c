#include "config.h"

#include <glib/gstdio.h>

#include "dg-core.h"
#include "dg-test-db.h"
#include "dg-db.h"
#include "dg-demo.h"
#include "dg-meetings.h"
#include "dg-referrals.h"
#include "dg-timescales.h"
#include "dg-performance.h"
#include "dg-workdays.h"

typedef DgTestDb Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  dg_test_db_setup (f, "dg-test-meetings");
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

static char *
missing_list (Fixture *f,
              gint64   mid)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) c = dg_meeting_completeness (f->db, mid, &error);
  JsonArray *missing;
  GString *s = g_string_new (NULL);

  g_assert_no_error (error);
  missing = json_object_get_array_member (json_node_get_object (c), "missing");
  for (guint i = 0; i < json_array_get_length (missing); i++)
    g_string_append_printf (s, "%s%s", i ? "," : "", json_array_get_string_element (missing, i));
  g_assert_cmpint (json_object_get_boolean_member (json_node_get_object (c), "complete"), ==, s->len == 0);
  return g_string_free (s, FALSE);
}

static void
test_completeness (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 rid = add_referral (f, "{\"received_at\": \"2026-11-20T09:00\", \"reporter\": {\"name\": \"Ceri\", \"agency\": \"education\", \"organisation\": \"Ysgol\"},"
                                " \"children\": [{\"name\": \"A\", \"school\": \"Ysgol\"}],"
                                " \"involved_agencies\": [{\"agency\": \"housing\", \"name\": \"Housing officer\"}]}");
  gint64 mid = dg_meeting_add (f->db, rid, "discussion", "2026-11-20T14:00", "Chair", FALSE, &error);
  g_autofree char *m0 = NULL, *m1 = NULL, *m2 = NULL, *m3 = NULL, *m4 = NULL;

  g_assert_no_error (error);
  /* Always: police and social services; unless excused: report-maker,
   * education, health; and the agency already involved. */
  m0 = missing_list (f, mid);
  g_assert_cmpstr (m0, ==, "police,social-services,report-maker,education,health,housing");

  g_assert_true (dg_meeting_invite (f->db, mid, "police", "DS Jones", NULL, NULL, &error));
  g_assert_true (dg_meeting_invite (f->db, mid, "social-services", NULL, NULL, NULL, &error));
  g_assert_true (dg_meeting_invite (f->db, mid, "report-maker", NULL, NULL, NULL, &error));
  m1 = missing_list (f, mid);
  g_assert_cmpstr (m1, ==, "education,health,housing");

  /* An exception needs a reason; with one, the agency is excused. */
  g_assert_false (dg_meeting_not_invited (f->db, mid, "health", "  ", &error));
  g_assert_error (error, DG_ERROR, DG_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (dg_meeting_not_invited (f->db, mid, "health", "No health involvement", &error));
  m2 = missing_list (f, mid);
  g_assert_cmpstr (m2, ==, "education,housing");

  /* Police can never be excused: withdrawing them leaves them missing. */
  g_assert_true (dg_meeting_not_invited (f->db, mid, "police", "Not needed", &error));
  m3 = missing_list (f, mid);
  g_assert_cmpstr (m3, ==, "police,education,housing");

  g_assert_true (dg_meeting_invite (f->db, mid, "police", NULL, NULL, NULL, &error));
  g_assert_true (dg_meeting_invite (f->db, mid, "education", NULL, "Ysgol", NULL, &error));
  g_assert_true (dg_meeting_invite (f->db, mid, "housing", NULL, NULL, NULL, &error));
  m4 = missing_list (f, mid);
  g_assert_cmpstr (m4, ==, "");

  /* Inviting at creation time invites everyone expected, named where known. */
  {
    gint64 all = dg_meeting_add (f->db, rid, "meeting", "2026-11-21T10:00", NULL, TRUE, &error);
    g_autofree char *none = missing_list (f, all);
    g_autoptr(JsonNode) shown = dg_meeting_show (f->db, all, &error);
    JsonArray *invitees = json_object_get_array_member (json_node_get_object (shown), "invitees");
    gboolean named = FALSE;

    g_assert_cmpstr (none, ==, "");
    g_assert_cmpuint (json_array_get_length (invitees), ==, 6);
    for (guint i = 0; i < json_array_get_length (invitees); i++)
      {
        JsonObject *inv = json_array_get_object_element (invitees, i);
        if (g_str_equal (json_object_get_string_member (inv, "agency"), "housing"))
          named = g_strcmp0 (json_object_get_string_member (inv, "name"), "Housing officer") == 0;
      }
    g_assert_true (named);
  }

  /* Responses only for agencies invited. */
  g_assert_true (dg_meeting_response (f->db, mid, "police", "attended", NULL, &error));
  g_assert_false (dg_meeting_response (f->db, mid, "probation", "attended", NULL, &error));
  g_assert_nonnull (strstr (error->message, "was not invited"));
  g_clear_error (&error);
  g_assert_false (dg_meeting_response (f->db, mid, "police", "maybe", NULL, &error));
  g_assert_cmpstr (dg_error_get_field (error), ==, "status");
  g_assert_cmpstr (dg_error_get_value (error), ==, "maybe");
}

/* Two practitioners record the same agency's response: the second, who saw
 * the old one, is told whose stands instead of replacing it unseen. */
static const char *clock_field (JsonObject *due, const char *clock, const char *field);

/* When and who chairs stay correctable, each correction audited with its
 * reason; the ICPC clock, counted from the last strategy meeting, moves
 * with it. */
static void
test_amend_meeting (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) shown = NULL;
  gint64 rid = add_referral (f, "{\"received_at\": \"2026-08-03T09:00\", \"children\": [{\"name\": \"C\"}]}");
  gint64 mid = dg_meeting_add (f->db, rid, "discussion", "2026-08-04T10:00", NULL, FALSE, &error);
  JsonObject *due;

  g_assert_no_error (error);
  g_assert_true (dg_meeting_outcome (f->db, mid, "substantiated-at-risk", 1, NULL, "2026-08-04T12:00", &error));
  shown = dg_referral_show (f->db, rid, &error);
  due = json_object_get_object_member (json_node_get_object (shown), "due");
  /* 15 working days from 4 August. */
  g_assert_cmpstr (clock_field (due, "icpc", "due"), ==, "2026-08-25");

  /* Held a day later than first typed, and chaired by a manager. */
  g_assert_true (dg_meeting_amend (f->db, mid, "2026-08-05T10:00", "Dana Manager", "Typed the wrong day", &error));
  g_assert_no_error (error);
  g_clear_pointer (&shown, json_node_unref);
  shown = dg_referral_show (f->db, rid, &error);
  due = json_object_get_object_member (json_node_get_object (shown), "due");
  g_assert_cmpstr (clock_field (due, "icpc", "due"), ==, "2026-08-26");
  g_assert_cmpint (dg_test_db_int (f->db, "SELECT count (*) FROM meeting WHERE held_at = '2026-08-05T10:00:00' AND chair = 'Dana Manager'"), ==, 1);
  {
    g_autoptr(JsonNode) audit = dg_referral_audit (f->db, rid, &error);
    JsonArray *rows = json_node_get_array (audit);

    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (rows, json_array_get_length (rows) - 1), "action"),
                     ==, "meeting-amend");
  }
  g_assert_cmpint (dg_test_db_int (f->db, "SELECT count (*) FROM audit WHERE entity = 'meeting' AND action = 'amend'"), ==, 1);

  /* The same again changes nothing and records nothing; nothing given is refused. */
  g_assert_true (dg_meeting_amend (f->db, mid, "2026-08-05T10:00", "Dana Manager", NULL, &error));
  g_assert_cmpint (dg_test_db_int (f->db, "SELECT count (*) FROM audit WHERE entity = 'meeting' AND action = 'amend'"), ==, 1);
  g_assert_false (dg_meeting_amend (f->db, mid, NULL, NULL, NULL, &error));
  g_assert_error (error, DG_ERROR, DG_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (dg_meeting_amend (f->db, mid, "yesterday", NULL, NULL, &error));
  g_assert_cmpstr (dg_error_get_field (error), ==, "at");
  g_clear_error (&error);
  g_assert_false (dg_meeting_amend (f->db, 9999, NULL, "X", NULL, &error));
  g_assert_error (error, DG_ERROR, DG_ERROR_NOT_FOUND);
  g_clear_error (&error);
  /* The chair taken away. */
  g_assert_true (dg_meeting_amend (f->db, mid, NULL, "", "Nobody chaired it", &error));
  g_assert_cmpint (dg_test_db_int (f->db, "SELECT count (*) FROM meeting WHERE chair IS NULL"), ==, 1);
}

static void
test_response_conflict (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DgDb) other = dg_db_open (f->location, DG_DB_OPEN_DEFAULT, &error);
  gint64 rid = add_referral (f, "{\"received_at\": \"2026-11-20T09:00\", \"reporter\": {\"name\": \"Ceri\", \"agency\": \"education\"},"
                                " \"children\": [{\"name\": \"A\"}]}");
  gint64 mid = dg_meeting_add (f->db, rid, "discussion", "2026-11-20T14:00", "Chair", FALSE, &error);
  g_autoptr(JsonNode) shown = NULL;

  g_autoptr(GDateTime) later = g_date_time_new_local (2026, 11, 23, 11, 30, 0);

  g_assert_no_error (error);
  dg_db_set_actor (other, "Ffion Jones");
  dg_db_set_now (other, later);
  g_assert_true (dg_meeting_invite (f->db, mid, "police", NULL, NULL, NULL, &error));

  /* Both see "invited"; Ffion records apologies first. */
  g_assert_true (dg_meeting_response (other, mid, "police", "apologies", "invited", &error));
  g_assert_no_error (error);
  g_assert_false (dg_meeting_response (f->db, mid, "police", "attended", "invited", &error));
  g_assert_error (error, DG_ERROR, DG_ERROR_CONFLICT);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "The response from Police is now “Apologies”, recorded by Ffion Jones at 2026-11-23 11:30, not “Invited”"));
  g_clear_error (&error);
  shown = dg_meeting_show (f->db, mid, &error);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (
                     json_object_get_array_member (json_node_get_object (shown), "invitees"), 0), "status"), ==, "apologies");

  /* Having seen theirs, a person may still choose theirs over it; a bad
   * --was is named. */
  g_assert_true (dg_meeting_response (f->db, mid, "police", "attended", "apologies", &error));
  g_assert_false (dg_meeting_response (f->db, mid, "police", "attended", "perhaps", &error));
  g_assert_cmpstr (dg_error_get_field (error), ==, "was");
  g_clear_error (&error);
  g_assert_cmpint (dg_test_db_int (f->db, "SELECT count (*) FROM audit WHERE entity = 'meeting' AND action = 'response'"), ==, 2);
}

static const char *
clock_field (JsonObject *due,
             const char *clock,
             const char *field)
{
  if (!json_object_has_member (due, clock))
    return NULL;
  return json_object_get_string_member (json_object_get_object_member (due, clock), field);
}

/* A section 47 enquiry and its determination are one answer: of the eight
 * pairs, the four the procedures allow are kept and the others refused,
 * naming the enquiry, with nothing written. */
static void
test_outcome_contradictions (Fixture       *f,
                             gconstpointer  data)
{
  const char *determinations[] = { "none", "not-substantiated", "substantiated-no-risk", "substantiated-at-risk" };
  guint kept = 0;

  for (int s47 = 0; s47 <= 1; s47++)
    for (guint i = 0; i < G_N_ELEMENTS (determinations); i++)
      {
        g_autoptr(GError) error = NULL;
        gint64 rid = add_referral (f, "{\"received_at\": \"2026-10-01T09:00\", \"children\": [{\"name\": \"B\"}]}");
        gint64 mid = dg_meeting_add (f->db, rid, "discussion", "2026-10-02T14:00", NULL, TRUE, &error);
        gboolean allowed = (s47 == 1) == (i > 0);

        g_test_message ("s47 %d, %s", s47, determinations[i]);
        g_assert_no_error (error);
        g_assert_cmpint (dg_meeting_outcome (f->db, mid, determinations[i], s47, NULL, "2026-10-02T16:00", &error), ==, allowed);
        if (allowed)
          {
            g_assert_no_error (error);
            kept++;
          }
        else
          {
            g_assert_error (error, DG_ERROR, DG_ERROR_INVALID);
            g_assert_cmpstr (dg_error_get_field (error), ==, "s47");
            g_assert_nonnull (strstr (error->message, "section 47 enquiry"));
            g_assert_null (strstr (error->message, "s47"));
          }
        g_assert_cmpint (dg_test_db_int (f->db, "SELECT count (*) FROM meeting_outcome"), ==, kept);
      }
  g_assert_cmpuint (kept, ==, 4);
}

static void
test_determinations_and_clocks (Fixture       *f,
                                gconstpointer  data)
{
  const char *determinations[] = { "none", "not-substantiated", "substantiated-no-risk", "substantiated-at-risk" };

  for (guint i = 0; i < G_N_ELEMENTS (determinations); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) shown = NULL;
      gint64 rid = add_referral (f, "{\"received_at\": \"2026-10-01T09:00\", \"children\": [{\"name\": \"B\"}]}");
      gint64 mid = dg_meeting_add (f->db, rid, "discussion", "2026-10-02T14:00", NULL, TRUE, &error);
      JsonObject *due;

      g_test_message ("%s", determinations[i]);
      g_assert_true (dg_meeting_outcome (f->db, mid, determinations[i], -1, "Summary", "2026-10-02T16:00", &error));
      g_assert_no_error (error);
      g_assert_false (dg_meeting_outcome (f->db, mid, "none", -1, NULL, NULL, &error));
      /* A second outcome says whose stands; nothing is overwritten. */
      g_assert_error (error, DG_ERROR, DG_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, "already recorded by Tester at 2026-10-02 16:00"));
      g_clear_error (&error);
      g_assert_cmpint (dg_test_db_int (f->db, "SELECT count(*) FROM meeting_outcome"), ==, i + 1);

      shown = dg_referral_show (f->db, rid, &error);
      due = json_object_get_object_member (json_node_get_object (shown), "due");
      if (i == 3)
        {
          /* At continuing risk: the ICPC within 15 working days of the discussion. */
          g_assert_cmpstr (clock_field (due, "icpc", "due"), ==, "2026-10-23");
          g_assert_cmpstr (clock_field (due, "icpc", "state"), ==, "overdue");
        }
      else
        g_assert_null (clock_field (due, "icpc", "due"));
    }
}

/* A period in weeks or months that ends on a non-working day ends on the
 * last working day before it: Christmas Day 2026 is a Friday. */
static void
test_calendar_dues (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) shown = NULL;
  gint64 rid = add_referral (f, "{\"received_at\": \"2026-08-03T09:00\", \"children\": [{\"name\": \"C\"}]}");
  JsonObject *due;

  /* An ICPC on Friday 25 September: three months on is Christmas Day. A
   * core group on Friday 13 November: six weeks on is Christmas Day too. */
  g_assert_true (dg_referral_add_event (f->db, rid, "icpc", "2026-09-25T10:00", NULL, &error));
  g_assert_true (dg_referral_add_event (f->db, rid, "core-group", "2026-11-13T10:00", NULL, &error));
  g_assert_no_error (error);
  shown = dg_referral_show (f->db, rid, &error);
  g_assert_no_error (error);
  due = json_object_get_object_member (json_node_get_object (shown), "due");
  g_assert_cmpstr (clock_field (due, "first-review", "due"), ==, "2026-12-24");
  g_assert_cmpstr (clock_field (due, "core-group", "due"), ==, "2026-12-24");

  /* The hub closes on Christmas Eve: both move back to Wednesday
   * 23 December, the last working day before. */
  g_assert_true (dg_closure_add (f->db, "2026-12-24", "Hub closed", &error));
  g_assert_no_error (error);
  g_clear_pointer (&shown, json_node_unref);
  shown = dg_referral_show (f->db, rid, &error);
  g_assert_no_error (error);
  due = json_object_get_object_member (json_node_get_object (shown), "due");
  g_assert_cmpstr (clock_field (due, "first-review", "due"), ==, "2026-12-23");
  g_assert_cmpstr (clock_field (due, "core-group", "due"), ==, "2026-12-23");
  g_assert_cmpint (dg_test_db_int (f->db, "SELECT count (*) FROM clock WHERE due = '2026-12-23'"), ==, 2);
}

static void
test_protection_events (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) shown = NULL;
  gint64 rid = add_referral (f, "{\"received_at\": \"2026-08-03T09:00\", \"children\": [{\"name\": \"C\"}]}");
  gint64 m1 = dg_meeting_add (f->db, rid, "discussion", "2026-08-04T10:00", NULL, TRUE, &error);
  gint64 m2 = dg_meeting_add (f->db, rid, "meeting", "2026-08-06T10:00", NULL, TRUE, &error);
  JsonObject *due;

  g_assert_true (dg_meeting_outcome (f->db, m1, "substantiated-at-risk", 1, NULL, "2026-08-04T12:00", &error));
  g_assert_cmpint (m2, >, 0);
  g_assert_true (dg_referral_add_event (f->db, rid, "s47-start", "2026-08-04T12:00", NULL, &error));
  /* ICPC on 26 August: 15 working days from the last meeting (6 Aug) is
   * 27 August (31 August is the summer bank holiday, after it). */
  g_assert_true (dg_referral_add_event (f->db, rid, "icpc", "2026-08-26T10:00", NULL, &error));
  g_assert_true (dg_referral_add_event (f->db, rid, "core-group", "2026-09-14T10:00", NULL, &error));
  g_assert_false (dg_referral_add_event (f->db, rid, "tea-party", NULL, NULL, &error));
  g_clear_error (&error);
  g_assert_false (dg_referral_add_event (f->db, 9999, "icpc", NULL, NULL, &error));
  g_assert_error (error, DG_ERROR, DG_ERROR_NOT_FOUND);
  g_clear_error (&error);

  shown = dg_referral_show (f->db, rid, &error);
  g_assert_no_error (error);
  due = json_object_get_object_member (json_node_get_object (shown), "due");
  g_assert_cmpstr (clock_field (due, "icpc", "due"), ==, "2026-08-27");
  g_assert_cmpstr (clock_field (due, "icpc", "state"), ==, "on-time");
  /* First core group within 10 working days of the ICPC: 9 September (31 Aug holiday). */
  g_assert_cmpstr (clock_field (due, "first-core-group", "due"), ==, "2026-09-10");
  g_assert_cmpstr (clock_field (due, "first-core-group", "state"), ==, "late");
  /* Then every 6 weeks, and the first review within 3 months of the ICPC. */
  g_assert_cmpstr (clock_field (due, "core-group", "due"), ==, "2026-10-26");
  g_assert_cmpstr (clock_field (due, "core-group", "state"), ==, "overdue");
  g_assert_cmpstr (clock_field (due, "first-review", "due"), ==, "2026-11-26");
  g_assert_cmpstr (clock_field (due, "first-review", "state"), ==, "pending");
  /* A first review on 19 November: later reviews every 6 months from it. */
  g_assert_true (dg_referral_add_event (f->db, rid, "review", "2026-11-19T10:00", NULL, &error));
  g_clear_pointer (&shown, json_node_unref);
  shown = dg_referral_show (f->db, rid, &error);
  due = json_object_get_object_member (json_node_get_object (shown), "due");
  g_assert_cmpstr (clock_field (due, "first-review", "state"), ==, "on-time");
  g_assert_cmpstr (clock_field (due, "review", "due"), ==, "2027-05-19");
  g_assert_cmpstr (clock_field (due, "review", "state"), ==, "pending");
  /* The s47 assessment: 42 working days from its start. */
  g_assert_cmpstr (clock_field (due, "s47", "due"), ==, "2026-10-02");

  /* The review ends the plan: no core group or review is owed after it. The
   * core group that was overdue stops there, late; the next review, not yet
   * due, was never owed and has no clock; nothing of this plan waits on the
   * Due board. */
  g_assert_true (dg_referral_add_event (f->db, rid, "plan-end", "2026-11-19T12:00", NULL, &error));
  g_assert_no_error (error);
  g_clear_pointer (&shown, json_node_unref);
  shown = dg_referral_show (f->db, rid, &error);
  due = json_object_get_object_member (json_node_get_object (shown), "due");
  g_assert_cmpstr (clock_field (due, "core-group", "state"), ==, "late");
  g_assert_false (json_object_has_member (due, "review"));
  {
    g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM clock WHERE referral_id = %" G_GINT64_FORMAT
                                            " AND clock IN ('first-core-group', 'core-group', 'first-review', 'review')"
                                            " AND done_at IS NULL", rid);
    g_assert_cmpint (dg_test_db_int (f->db, sql), ==, 0);
  }

  /* A plan that ends days after its conference owed no core group or review
   * yet: neither clock is kept, so neither counts as on time or late. */
  {
    gint64 brief = add_referral (f, "{\"received_at\": \"2026-08-03T09:00\", \"children\": [{\"name\": \"E\"}]}");
    g_autoptr(JsonNode) brief_shown = NULL;
    JsonObject *brief_due;

    g_assert_true (dg_referral_add_event (f->db, brief, "icpc", "2026-09-01T10:00", NULL, &error));
    g_assert_true (dg_referral_add_event (f->db, brief, "plan-end", "2026-09-03T10:00", NULL, &error));
    g_assert_no_error (error);
    brief_shown = dg_referral_show (f->db, brief, &error);
    brief_due = json_object_get_object_member (json_node_get_object (brief_shown), "due");
    g_assert_false (json_object_has_member (brief_due, "first-core-group"));
    g_assert_false (json_object_has_member (brief_due, "first-review"));
  }

  /* A plan ends only after the conference that made it. */
  {
    gint64 other = add_referral (f, "{\"received_at\": \"2026-08-03T09:00\", \"children\": [{\"name\": \"D\"}]}");

    g_assert_false (dg_referral_add_event (f->db, other, "plan-end", "2026-11-19T12:00", NULL, &error));
    g_assert_error (error, DG_ERROR, DG_ERROR_INVALID);
    g_assert_cmpstr (dg_error_get_field (error), ==, "kind");
    g_clear_error (&error);
  }
}

static gint64
sql_int (DgDb       *db,
         const char *sql,
         const char *agency)
{
  g_autoptr(GError) error = NULL;
  DgStmt *stmt = dg_db_prepare (db, sql, &error);
  gboolean has_row = FALSE;
  gint64 value;

  g_assert_no_error (error);
  if (agency != NULL)
    dg_stmt_bind_text (stmt, 1, agency);
  dg_db_step (db, stmt, &has_row, &error);
  g_assert_no_error (error);
  value = dg_stmt_column_int64 (stmt, 0);
  dg_stmt_reset (stmt);
  return value;
}

static void
test_shares_match_sql (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) shares = NULL;
  JsonArray *agencies;
  gint64 meetings;

  g_assert_true (dg_demo_generate (f->db, 3000, 11, NULL, NULL, &error));
  g_assert_no_error (error);

  shares = dg_meeting_agency_shares (f->db, NULL, NULL, &error);
  g_assert_no_error (error);
  meetings = json_object_get_int_member (json_node_get_object (shares), "meetings");
  g_assert_cmpint (meetings, ==, sql_int (f->db, "SELECT count(*) FROM meeting", NULL));
  g_assert_cmpint (meetings, >, 100);

  agencies = json_object_get_array_member (json_node_get_object (shares), "agencies");
  for (guint i = 0; i < json_array_get_length (agencies); i++)
    {
      JsonObject *a = json_array_get_object_element (agencies, i);
      const char *agency = json_object_get_string_member (a, "agency");
      /* Counted independently: meetings with at least one invitee of the agency. */
      gint64 invited = sql_int (f->db, "SELECT count(*) FROM meeting m WHERE EXISTS "
                                       "(SELECT 1 FROM invitee i WHERE i.meeting_id = m.id AND i.agency = ?1)", agency);
      gint64 attended = sql_int (f->db, "SELECT count(*) FROM meeting m WHERE EXISTS "
                                        "(SELECT 1 FROM invitee i WHERE i.meeting_id = m.id AND i.agency = ?1 AND i.status = 'attended')", agency);

      g_test_message ("%s: %" G_GINT64_FORMAT " invited, %" G_GINT64_FORMAT " attended", agency, invited, attended);
      g_assert_cmpint (json_object_get_int_member (a, "invited"), ==, invited);
      g_assert_cmpint (json_object_get_int_member (a, "attended"), ==, attended);
      g_assert_cmpfloat_with_epsilon (json_object_get_double_member (a, "invited_share"), (double) invited / meetings, 1e-9);
      g_assert_cmpstr (json_object_get_string_member (a, "invited_word"), ==, dg_quantity_word ((double) invited / meetings));
    }
}

/* The Due board as a worklist: filtered by clock and rating, each row with
 * its working days overdue. Monday 23 November 2026. */
static void
test_worklist (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) rows = NULL;
  g_autoptr(JsonNode) board = NULL;
  gint64 red = add_referral (f, "{\"received_at\": \"2026-11-16T09:00\", \"rag\": \"red\", \"children\": [{\"name\": \"Red\"}]}");
  DgDueFilter decisions = { "decision", "red", NULL };
  DgDueFilter early = { NULL, NULL, "2026-11-18" };
  DgDueFilter bad = { "teatime", NULL, NULL };
  const guint limits[DG_DUE_HEADINGS] = { 10, 10, 10, 10, 10 };
  JsonObject *row;

  add_referral (f, "{\"received_at\": \"2026-11-16T10:00\", \"rag\": \"green\", \"children\": [{\"name\": \"Green\"}]}");
  add_referral (f, "{\"received_at\": \"2026-11-23T08:00\", \"rag\": \"red\", \"children\": [{\"name\": \"New\"}]}");

  /* Decided within one working day of the 16th: due the 17th, so late on
   * the 18th, 19th, 20th and 23rd. */
  rows = dg_timescales_query (f->db, &decisions, TRUE, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (rows), ==, 1);
  row = json_array_get_object_element (rows, 0);
  g_assert_cmpint (json_object_get_int_member (row, "referral"), ==, red);
  g_assert_cmpstr (json_object_get_string_member (row, "clock"), ==, "decision");
  g_assert_cmpstr (json_object_get_string_member (row, "due"), ==, "2026-11-17");
  g_assert_cmpstr (json_object_get_string_member (row, "rag"), ==, "red");
  g_assert_cmpint (json_object_get_int_member (row, "days_overdue"), ==, 4);

  /* Not yet due: no days overdue. The decision of the one logged today. */
  g_clear_pointer (&rows, json_array_unref);
  decisions.rag = NULL;
  rows = dg_timescales_query (f->db, &decisions, FALSE, 0, &error);
  g_assert_cmpuint (json_array_get_length (rows), ==, 3);
  row = json_array_get_object_element (rows, 2);
  g_assert_cmpstr (json_object_get_string_member (row, "due"), ==, "2026-11-24");
  g_assert_cmpint (json_object_get_int_member (row, "days_overdue"), ==, 0);

  /* Due before the 18th: the two referrals of the 16th, both clocks each. */
  g_clear_pointer (&rows, json_array_unref);
  rows = dg_timescales_query (f->db, &early, FALSE, 0, &error);
  g_assert_cmpuint (json_array_get_length (rows), ==, 4);
  for (guint i = 0; i < json_array_get_length (rows); i++)
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (rows, i), "due"), <, "2026-11-18");

  /* The board counts under the filter too. */
  decisions.rag = "red";
  board = dg_due_board_filtered (f->db, &decisions, limits, &error);
  g_assert_no_error (error);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (json_node_get_object (board), "counts"), "overdue"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (json_node_get_object (board), "counts"), "tomorrow"), ==, 1);

  g_assert_null (dg_timescales_query (f->db, &bad, FALSE, 0, &error));
  g_assert_error (error, DG_ERROR, DG_ERROR_INVALID);
  g_assert_cmpstr (dg_error_get_field (error), ==, "clock");
}

static void
test_timescales (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) all = NULL;
  g_autoptr(JsonArray) overdue = NULL;
  gint64 old = add_referral (f, "{\"received_at\": \"2026-11-16T09:00\", \"channel\": \"phone\", \"reporter\": {\"name\": \"Ceri\", \"agency\": \"education\"}, \"children\": [{\"name\": \"Old\"}]}");
  gint64 fresh = add_referral (f, "{\"received_at\": \"2026-11-23T09:00\", \"children\": [{\"name\": \"Fresh\"}]}");
  gint64 decided = add_referral (f, "{\"received_at\": \"2026-11-19T09:00\", \"children\": [{\"name\": \"Decided\"}]}");

  g_assert_true (dg_referral_acknowledge (f->db, decided, "2026-11-19T10:00", "email", &error));
  g_assert_true (dg_referral_decide (f->db, decided, "iaa", "Advice", NULL, "2026-11-19T12:00", &error));

  all = dg_timescales_list (f->db, FALSE, 0, &error);
  g_assert_no_error (error);
  /* old: acknowledgement, decision, confirmation (phoned by a practitioner); fresh: the same
   * but confirmation; decided: only its outcome (3 working days from 19 Nov: 24 Nov). */
  g_assert_cmpuint (json_array_get_length (all), ==, 6);
  /* Most urgent first. */
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (all, 0), "due"), ==, "2026-11-17");
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (all, 0), "referral"), ==, old);
  {
    gboolean outcome_seen = FALSE;
    for (guint i = 0; i < json_array_get_length (all); i++)
      {
        JsonObject *o = json_array_get_object_element (all, i);
        if (json_object_get_int_member (o, "referral") == decided)
          {
            g_assert_cmpstr (json_object_get_string_member (o, "clock"), ==, "outcome");
            g_assert_cmpstr (json_object_get_string_member (o, "due"), ==, "2026-11-24");
            g_assert_cmpstr (json_object_get_string_member (o, "state"), ==, "pending");
            outcome_seen = TRUE;
          }
        if (json_object_get_int_member (o, "referral") == fresh)
          g_assert_cmpstr (json_object_get_string_member (o, "state"), ==, "pending");
      }
    g_assert_true (outcome_seen);
  }

  overdue = dg_timescales_list (f->db, TRUE, 0, &error);
  g_assert_cmpuint (json_array_get_length (overdue), ==, 3);
  for (guint i = 0; i < json_array_get_length (overdue); i++)
    g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (overdue, i), "referral"), ==, old);

  /* A closure day moves every open clock: the 17th closed, the old referral's clocks fall on the 18th. */
  g_assert_true (dg_closure_add (f->db, "2026-11-17", "Training day", &error));
  g_clear_pointer (&all, json_array_unref);
  all = dg_timescales_list (f->db, FALSE, 1, &error);
  g_assert_cmpuint (json_array_get_length (all), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (all, 0), "due"), ==, "2026-11-18");

  /* The Due board on Monday 23 November: each heading counted whole and its
   * most urgent rows listed, however many the headings before it hold. */
  {
    const char *headings[] = { "overdue", "today", "tomorrow", "week", "later" };
    const gint64 expected[] = { 3, 2, 3, 1, 0 };
    gint64 friday = add_referral (f, "{\"received_at\": \"2026-11-20T09:00\", \"children\": [{\"name\": \"Friday\"}]}");
    gint64 week = add_referral (f, "{\"received_at\": \"2026-11-18T09:00\", \"children\": [{\"name\": \"Week\"}]}");
    g_autoptr(JsonNode) board = NULL;
    JsonObject *counts;
    JsonArray *rows;

    g_assert_true (dg_referral_acknowledge (f->db, week, "2026-11-18T10:00", "email", &error));
    /* Outcome owed 3 working days after Friday 20th: Wednesday 25th, later this week. */
    g_assert_true (dg_referral_decide (f->db, week, "nfa", "No role", NULL, "2026-11-20T12:00", &error));
    board = dg_due_board (f->db, 1, &error);
    g_assert_no_error (error);
    counts = json_object_get_object_member (json_node_get_object (board), "counts");
    rows = json_object_get_array_member (json_node_get_object (board), "clocks");
    g_assert_cmpuint (json_array_get_length (rows), ==, 4);
    for (guint i = 0, r = 0; i < G_N_ELEMENTS (headings); i++)
      {
        g_assert_cmpint (json_object_get_int_member (counts, headings[i]), ==, expected[i]);
        if (expected[i] == 0)
          continue;
        g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (rows, r), "when"), ==, headings[i]);
        r++;
      }
    g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (rows, 1), "referral"), ==, friday);
    g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (rows, 3), "referral"), ==, week);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (rows, 3), "due"), ==, "2026-11-25");
  }
}

/* The stored clocks are what recomputing them from scratch gives, after
 * every kind of change the triggers follow. */
static void
assert_clocks_in_step (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (dg_db_exec (f->db, DG_DB_SQL (f->db, "DROP TABLE IF EXISTS temp.kept", "DROP TABLE IF EXISTS kept"), &error));
  g_assert_true (dg_db_exec (f->db, "CREATE TEMP TABLE kept AS SELECT * FROM clock", &error));
  g_assert_no_error (error);
  /* Every clock again from nothing: through the SQL function on SQLite,
   * through the list of referrals to refresh at commit on PostgreSQL. */
  g_assert_true (dg_db_begin (f->db, &error));
  g_assert_true (dg_db_exec (f->db, DG_DB_SQL (f->db, "DELETE FROM clock; SELECT dg_clocks_refresh (id) FROM referral",
                                               "DELETE FROM clock; INSERT INTO clock_dirty SELECT id FROM referral"), &error));
  g_assert_true (dg_db_commit (f->db, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sql_int (f->db, "SELECT count(*) FROM clock", NULL), >, 0);
  g_assert_cmpint (sql_int (f->db, "SELECT count(*) FROM (SELECT * FROM kept EXCEPT SELECT * FROM clock) AS gone", NULL), ==, 0);
  g_assert_cmpint (sql_int (f->db, "SELECT count(*) FROM (SELECT * FROM clock EXCEPT SELECT * FROM kept) AS added", NULL), ==, 0);
}

static void
test_stored_clocks (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) shown = NULL;
  gint64 id;

  g_assert_true (dg_demo_generate (f->db, 1500, 5, NULL, NULL, &error));
  g_assert_no_error (error);
  /* The demo runs the referral clocks and the child-protection ones: no s47
   * events, and its reviews end their plans, so no later review is owed;
   * and the minutes' two (schema 15), for its meetings and conferences. */
  g_assert_cmpint (sql_int (f->db, "SELECT count (DISTINCT clock) FROM clock", NULL), ==, 10);
  g_assert_cmpint (sql_int (f->db, "SELECT count (*) FROM clock WHERE clock = 'strategy-record'", NULL), ==,
                   sql_int (f->db, "SELECT count (DISTINCT referral_id) FROM meeting", NULL));
  g_assert_cmpint (sql_int (f->db, "SELECT count (*) FROM clock WHERE clock = 'review'", NULL), ==, 0);
  /* Most of its plans have ended at a review, which stopped their core-group clocks. */
  g_assert_cmpint (sql_int (f->db, "SELECT count (*) FROM cp_event WHERE kind = 'plan-end'", NULL), >, 0);
  g_assert_cmpint (sql_int (f->db, "SELECT count (*) FROM clock c JOIN cp_event e ON e.referral_id = c.referral_id "
                                   "AND e.kind = 'plan-end' WHERE c.clock = 'core-group' AND c.done_at = e.held_at", NULL), >, 0);
  g_assert_cmpint (sql_int (f->db, "SELECT count (*) FROM clock c JOIN cp_event e ON e.referral_id = c.referral_id "
                                   "AND e.kind = 'plan-end' WHERE c.clock IN ('core-group', 'review') AND c.done_at IS NULL", NULL), ==, 0);
  assert_clocks_in_step (f);

  /* A closure and a rule change move the clocks they touch, and only those. */
  g_assert_true (dg_closure_add (f->db, "2026-11-11", "Hub closed", &error));
  g_assert_true (dg_timescale_rule_set (f->db, "outcome", 5, "working-days", "2026-10-01", &error));
  g_assert_no_error (error);
  assert_clocks_in_step (f);

  /* Each recorded step stops its clock in the same change. */
  id = add_referral (f, "{\"received_at\": \"2026-11-20T09:00\", \"children\": [{\"name\": \"Step\"}]}");
  g_assert_cmpint (sql_int (f->db, "SELECT count(*) FROM clock WHERE referral_id = (SELECT max (id) FROM referral) AND done_at IS NULL", NULL), ==, 2);
  g_assert_true (dg_referral_acknowledge (f->db, id, "2026-11-20T10:00", "email", &error));
  g_assert_true (dg_referral_decide (f->db, id, "strategy", "Strategy discussion needed", NULL, "2026-11-20T11:00", &error));
  g_assert_no_error (error);
  shown = dg_referral_show (f->db, id, &error);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (json_object_get_object_member (
                     json_node_get_object (shown), "due"), "decision"), "state"), ==, "on-time");
  g_assert_cmpint (sql_int (f->db, "SELECT count(*) FROM clock WHERE referral_id = (SELECT max (id) FROM referral) AND done_at IS NULL", NULL), ==, 1);
  assert_clocks_in_step (f);

  /* A rule no clock can do without cannot be removed: the change fails whole. */
  g_assert_false (dg_db_exec (f->db, "DELETE FROM timescale_rule WHERE clock = 'decision'", &error));
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  g_assert_cmpint (sql_int (f->db, "SELECT count(*) FROM timescale_rule WHERE clock = 'decision'", NULL), ==, 1);
}

/* The report's running totals (schema 5) equal a from-scratch GROUP BY of
 * the stored clocks, referrals, reporters and meetings; each meeting's stored
 * completeness equals the meetings view's. */
#define TOTAL_DUE "CASE WHEN c.done_at IS NULL THEN c.due ELSE '' END"
/* Per child, the clocks' referrals' extra children (schema 25). */
#define TOTAL_EXTRA "sum ((SELECT count (*) FROM child h WHERE h.referral_id = r.id) - 1)"
#define TOTAL_STATE "CASE WHEN c.done_at IS NULL THEN 'running' WHEN substr (c.done_at, 1, 10) <= c.due THEN 'on-time' ELSE 'late' END"

/* What each agency at each meeting counts for, from scratch. */
#define SCRATCH_PAIRS \
  "SELECT m.id, k.agency, m.referral_id, m.held_at, e AS expected, e * i AS invited, e * a AS attended, " \
  "  e * (1 - i) * x AS excused, e * (1 - i) * (1 - x) AS missing, i AS invitees, i * r AS reports, a AS attending, " \
  "  a * d AS deciders " \
  "FROM meeting m JOIN (" \
  "  SELECT meeting_id, agency, " \
  "    max (CASE WHEN src = 'e' THEN 1 ELSE 0 END) AS e, max (CASE WHEN src = 'i' THEN 1 ELSE 0 END) AS i, " \
  "    max (CASE WHEN src = 'i' AND status = 'attended' THEN 1 ELSE 0 END) AS a, " \
  "    max (CASE WHEN src = 'x' AND agency NOT IN ('police', 'social-services') THEN 1 ELSE 0 END) AS x, " \
  "    max (CASE WHEN src = 'i' AND received = 1 THEN 1 ELSE 0 END) AS r, " \
  "    max (CASE WHEN src = 'i' AND status = 'attended' AND decider = 1 THEN 1 ELSE 0 END) AS d " \
  "  FROM (SELECT 'e' AS src, meeting_id, agency, NULL AS status, NULL AS received, NULL AS decider FROM meeting_expected " \
  "        UNION ALL SELECT 'i', meeting_id, agency, status, report_received, decision_maker FROM invitee " \
  "        UNION ALL SELECT 'x', meeting_id, agency, NULL, NULL, NULL FROM meeting_exception) s " \
  "  GROUP BY meeting_id, agency) k ON k.meeting_id = m.id " \
  "WHERE e + i > 0"

static void
assert_same_rows (Fixture    *f,
                  const char *stored,
                  const char *scratch)
{
  g_autofree char *a = g_strdup_printf ("SELECT count(*) FROM (%s EXCEPT %s) AS gone", stored, scratch);
  g_autofree char *b = g_strdup_printf ("SELECT count(*) FROM (%s EXCEPT %s) AS added", scratch, stored);

  g_assert_cmpint (sql_int (f->db, a, NULL), ==, 0);
  g_assert_cmpint (sql_int (f->db, b, NULL), ==, 0);
}

static void
assert_totals_in_step (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  DgStmt *stmt;
  gboolean has_row = FALSE;
  guint meetings = 0;

  /* On a server the totals are brought up to date when read. */
  g_assert_true (dg_performance_catch_up (f->db, &error));
  g_assert_no_error (error);
  assert_same_rows (f,
                    "SELECT d.day, d.clock, g.agency, g.school, d.due, d.state, d.n, d.x FROM report_day d JOIN report_group g ON g.id = d.grp",
                    "SELECT substr (r.received_at, 1, 10), c.clock, p.agency, CASE WHEN p.agency = 'education' THEN p.organisation END, "
                    TOTAL_DUE ", " TOTAL_STATE ", count(*), " TOTAL_EXTRA " "
                    "FROM clock c JOIN referral r ON r.id = c.referral_id LEFT JOIN reporter p ON p.id = r.reporter_id "
                    "WHERE c.clock IN ('confirmation', 'acknowledgement', 'decision', 'outcome') GROUP BY 1, 2, 3, 4, 5, 6");
  assert_same_rows (f,
                    "SELECT d.month, d.clock, g.agency, g.school, d.due, d.state, d.n, d.x FROM report_month d JOIN report_group g ON g.id = d.grp",
                    "SELECT substr (r.received_at, 1, 7), c.clock, p.agency, CASE WHEN p.agency = 'education' THEN p.organisation END, "
                    TOTAL_DUE ", " TOTAL_STATE ", count(*), " TOTAL_EXTRA " "
                    "FROM clock c JOIN referral r ON r.id = c.referral_id LEFT JOIN reporter p ON p.id = r.reporter_id "
                    "WHERE c.clock IN ('confirmation', 'acknowledgement', 'decision', 'outcome') GROUP BY 1, 2, 3, 4, 5, 6");
  /* Conference clocks by the day of their referral's meetings, when all on one day. */
  assert_same_rows (f,
                    "SELECT day, clock, agency, month, due, state, n, x FROM report_protection",
                    "SELECT md.day, c.clock, coalesce (p.agency, 'other'), substr (r.received_at, 1, 7), "
                    TOTAL_DUE ", " TOTAL_STATE ", count(*), " TOTAL_EXTRA " "
                    "FROM clock c JOIN referral r ON r.id = c.referral_id LEFT JOIN reporter p ON p.id = r.reporter_id "
                    "JOIN (SELECT referral_id, min (substr (held_at, 1, 10)) AS day FROM meeting GROUP BY referral_id "
                    "      HAVING min (substr (held_at, 1, 10)) = max (substr (held_at, 1, 10))) md ON md.referral_id = r.id "
                    "WHERE c.clock IN ('icpc', 'first-core-group') GROUP BY 1, 2, 3, 4, 5, 6");
  /* The others, counted live by the report. */
  assert_same_rows (f,
                    "SELECT referral_id FROM report_key WHERE meet = '*'",
                    "SELECT referral_id FROM meeting GROUP BY referral_id HAVING min (substr (held_at, 1, 10)) <> max (substr (held_at, 1, 10))");
  g_assert_cmpint (sql_int (f->db, "SELECT count(*) FROM (SELECT agency, school FROM report_group GROUP BY 1, 2 HAVING count(*) > 1) AS twice", NULL), ==, 0);
  assert_same_rows (f, "SELECT referral_id FROM report_key", "SELECT id FROM referral");

  assert_same_rows (f, "SELECT meeting_id, held_at FROM report_meeting", "SELECT id, held_at FROM meeting");
  /* Each agency at each meeting (schema 24), and their totals by day, from
   * the expected agencies, the invitations and the exceptions. */
  assert_same_rows (f,
                    "SELECT meeting_id, agency, referral_id, held_at, expected, invited, attended, excused, missing, "
                    "invitees, reports, attending, deciders FROM meeting_pair",
                    SCRATCH_PAIRS);
  assert_same_rows (f,
                    "SELECT day, agency, expected, invited, attended, excused, missing, invitees, reports, attending, deciders "
                    "FROM report_agency_day",
                    "SELECT substr (held_at, 1, 10), agency, sum (expected), sum (invited), sum (attended), sum (excused), "
                    "sum (missing), sum (invitees), sum (reports), sum (attending), sum (deciders) "
                    "FROM (" SCRATCH_PAIRS ") p GROUP BY 1, 2");
  stmt = dg_db_prepare (f->db, "SELECT meeting_id, complete FROM report_meeting", &error);
  g_assert_no_error (error);
  while (dg_db_step (f->db, stmt, &has_row, &error) && has_row)
    {
      gint64 id = dg_stmt_column_int64 (stmt, 0);
      gboolean stored = dg_stmt_column_int (stmt, 1);
      g_autoptr(JsonNode) c = dg_meeting_completeness (f->db, id, &error);

      g_assert_no_error (error);
      g_assert_cmpint (json_object_get_boolean_member (json_node_get_object (c), "complete"), ==, stored);
      meetings++;
    }
  dg_stmt_reset (stmt);
  g_assert_no_error (error);
  g_assert_cmpuint (meetings, >, 0);
}

/* The report's figures against a join over every referral of the period,
 * as the report was computed before schema 5 (referral clocks only). */
static void
assert_report_matches_join (Fixture    *f,
                            const char *from,
                            const char *to)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) report = dg_performance_report (f->db, from, to, &error);
  g_autofree char *hi = g_strdup_printf ("%sT23:59:59", to);
  JsonArray *by_month;
  DgStmt *stmt;
  gboolean has_row = FALSE;
  guint rows = 0, checked = 0;

  g_assert_no_error (error);
  by_month = json_object_get_array_member (json_node_get_object (report), "by_month");
  stmt = dg_db_prepare (f->db,
                        "SELECT count(*), "
                        "  sum (CASE WHEN c.done_at IS NOT NULL AND substr (c.done_at, 1, 10) <= c.due THEN 1 ELSE 0 END), "
                        "  sum (CASE WHEN c.done_at IS NOT NULL AND substr (c.done_at, 1, 10) > c.due THEN 1 ELSE 0 END), "
                        "  sum (CASE WHEN c.done_at IS NULL AND c.due < '2026-11-23' THEN 1 ELSE 0 END) "
                        "FROM referral r JOIN clock c ON c.referral_id = r.id "
                        "WHERE r.received_at BETWEEN ?1 AND ?2 AND c.clock = ?3 AND substr (r.received_at, 1, 7) = ?4",
                        &error);
  g_assert_no_error (error);
  for (guint i = 0; i < json_array_get_length (by_month); i++)
    {
      JsonObject *o = json_array_get_object_element (by_month, i);
      const char *clock = json_object_get_string_member (o, "clock");

      rows++;
      if (g_str_equal (clock, "icpc") || g_str_equal (clock, "first-core-group"))
        continue;
      dg_stmt_bind_text (stmt, 1, from);
      dg_stmt_bind_text (stmt, 2, hi);
      dg_stmt_bind_text (stmt, 3, clock);
      dg_stmt_bind_text (stmt, 4, json_object_get_string_member (o, "month"));
      g_assert_true (dg_db_step (f->db, stmt, &has_row, &error) && has_row);
      g_assert_cmpint (dg_stmt_column_int (stmt, 0), ==, json_object_get_int_member (o, "count"));
      g_assert_cmpint (dg_stmt_column_int (stmt, 1), ==, json_object_get_int_member (o, "on_time"));
      g_assert_cmpint (dg_stmt_column_int (stmt, 2), ==, json_object_get_int_member (o, "late"));
      g_assert_cmpint (dg_stmt_column_int (stmt, 3), ==, json_object_get_int_member (o, "overdue"));
      dg_stmt_reset (stmt);
      checked++;
    }
  g_test_message ("%s to %s: %u months by clock, %u checked", from, to, rows, checked);
  g_assert_cmpuint (checked, >, 0);
}

static void
test_report_totals (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 id, mid;

  g_assert_true (dg_demo_generate (f->db, 1500, 5, NULL, NULL, &error));
  g_assert_no_error (error);
  assert_totals_in_step (f);

  /* A new referral, acknowledged and decided; then the decision changed. */
  id = add_referral (f, "{\"received_at\": \"2026-11-20T09:00\", \"children\": [{\"name\": \"Step\"}]}");
  g_assert_true (dg_referral_acknowledge (f->db, id, "2026-11-20T10:00", "email", &error));
  g_assert_true (dg_referral_decide (f->db, id, "strategy", "Strategy discussion needed", NULL, "2026-11-20T11:00", &error));
  g_assert_no_error (error);
  assert_totals_in_step (f);
  g_assert_true (dg_db_exec (f->db, "UPDATE decision SET decided_at = '2026-11-23T09:00:00' "
                                    "WHERE referral_id IN (SELECT referral_id FROM decision ORDER BY id LIMIT 20)", &error));
  g_assert_no_error (error);
  assert_totals_in_step (f);

  /* Meetings: moved to another day, a second one on another day, an
   * invitation withdrawn, an exception, an agency found involved, one deleted. */
  mid = sql_int (f->db, "SELECT min (m.id) FROM meeting m JOIN clock c ON c.referral_id = m.referral_id AND c.clock = 'icpc'", NULL);
  g_assert_cmpint (mid, >, 0);
  g_assert_true (dg_db_exec (f->db, DG_DB_SQL (f->db,
                                               "UPDATE meeting SET held_at = datetime (held_at, '+3 days') "
                                               "WHERE id IN (SELECT id FROM meeting ORDER BY id DESC LIMIT 10)",
                                               "UPDATE meeting SET held_at = to_char (held_at::timestamp + interval '3 days', 'YYYY-MM-DD HH24:MI:SS') "
                                               "WHERE id IN (SELECT id FROM meeting ORDER BY id DESC LIMIT 10)"), &error));
  g_assert_no_error (error);
  {
    g_autofree char *sql = g_strdup_printf ("INSERT INTO meeting (referral_id, kind, held_at, created_at) "
                                            "SELECT referral_id, 'meeting', %s, held_at "
                                            "FROM meeting WHERE id = %" G_GINT64_FORMAT "; "
                                            "DELETE FROM invitee WHERE id = (SELECT min (id) FROM invitee WHERE meeting_id = %" G_GINT64_FORMAT "); "
                                            "INSERT INTO meeting_exception (meeting_id, agency, reason, recorded_by, recorded_at) "
                                            "SELECT meeting_id, agency, 'Not needed', 'test', '2026-11-23T09:00:00' FROM invitee "
                                            "WHERE meeting_id = (SELECT max (id) FROM meeting) - 1 AND agency = 'health'; "
                                            "DELETE FROM invitee WHERE meeting_id = (SELECT max (id) FROM meeting) - 1 AND agency = 'health'; "
                                            "INSERT INTO involved_agency (referral_id, agency) "
                                            "SELECT referral_id, 'housing' FROM meeting WHERE id IN ((SELECT max (id) FROM meeting) - 2, %" G_GINT64_FORMAT ")",
                                            DG_DB_SQL (f->db, "strftime ('%Y-%m-%dT%H:%M:%S', held_at, '-2 days')",
                                                       "to_char (held_at::timestamp - interval '2 days', 'YYYY-MM-DD\"T\"HH24:MI:SS')"),
                                            mid, mid, mid);
    g_assert_true (dg_db_exec (f->db, sql, &error));
    g_assert_no_error (error);
  }
  assert_totals_in_step (f);
  g_assert_cmpint (sql_int (f->db, "SELECT count(*) FROM report_key WHERE meet = '*'", NULL), >, 0);
  /* A child added to a referral, moved to another and removed moves their clocks' totals per child. */
  g_assert_true (dg_db_exec (f->db, "INSERT INTO child (referral_id, position, name, name_key, dob) "
                                    "SELECT referral_id, 9, 'Ychwanegol', 'ychwanegol', dob FROM child WHERE id = (SELECT min (id) FROM child)",
                                    &error));
  g_assert_no_error (error);
  assert_totals_in_step (f);
  g_assert_true (dg_db_exec (f->db, "UPDATE child SET referral_id = (SELECT max (id) FROM referral) WHERE name = 'Ychwanegol'", &error));
  g_assert_no_error (error);
  assert_totals_in_step (f);
  g_assert_true (dg_db_exec (f->db, "DELETE FROM child WHERE name = 'Ychwanegol'", &error));
  g_assert_no_error (error);
  assert_totals_in_step (f);
  /* Who came, who sent a report and who could decide move the agencies' totals. */
  g_assert_true (dg_db_exec (f->db, "UPDATE invitee SET status = 'attended', report_received = 1, decision_maker = 1 "
                                    "WHERE id IN (SELECT id FROM invitee WHERE status <> 'attended' ORDER BY id LIMIT 5); "
                                    "UPDATE invitee SET status = 'apologies', report_received = 0, report_received_at = NULL, decision_maker = NULL "
                                    "WHERE id IN (SELECT id FROM invitee WHERE status = 'attended' ORDER BY id DESC LIMIT 5); "
                                    "UPDATE invitee SET decision_maker = 0 "
                                    "WHERE id IN (SELECT id FROM invitee WHERE decision_maker = 1 ORDER BY id LIMIT 3)", &error));
  g_assert_no_error (error);
  assert_totals_in_step (f);
  g_assert_true (dg_db_exec (f->db, "DELETE FROM meeting_action WHERE meeting_id = (SELECT max (id) FROM meeting); "
                                    "DELETE FROM meeting_outcome WHERE meeting_id = (SELECT max (id) FROM meeting); "
                                    "DELETE FROM invitee WHERE meeting_id = (SELECT max (id) FROM meeting); "
                                    "DELETE FROM meeting_exception WHERE meeting_id = (SELECT max (id) FROM meeting); "
                                    "DELETE FROM meeting WHERE id = (SELECT max (id) FROM meeting)", &error));
  g_assert_no_error (error);
  assert_totals_in_step (f);

  /* Completeness flips one step at a time on a meeting that invited everyone. */
  {
    static const struct { const char *sql; gboolean complete; } steps[] = {
      { "UPDATE invitee SET agency = 'other' WHERE meeting_id = (SELECT id FROM whole) AND agency = 'health'", FALSE },
      { "UPDATE invitee SET agency = 'health' WHERE meeting_id = (SELECT id FROM whole) AND agency = 'other'", TRUE },
      { "DELETE FROM invitee WHERE meeting_id = (SELECT id FROM whole) AND agency = 'education'", FALSE },
      { "INSERT INTO meeting_exception VALUES ((SELECT id FROM whole), 'education', 'Not known', 't', '2026-11-23T09:00:00')", TRUE },
      { "UPDATE meeting_exception SET agency = 'probation' WHERE meeting_id = (SELECT id FROM whole)", FALSE },
      { "UPDATE meeting_exception SET agency = 'education' WHERE meeting_id = (SELECT id FROM whole)", TRUE },
      { "INSERT INTO involved_agency (referral_id, agency) SELECT referral_id, 'housing' FROM meeting WHERE id = (SELECT id FROM whole)", FALSE },
      { "UPDATE involved_agency SET agency = 'police' WHERE id = (SELECT max (id) FROM involved_agency)", TRUE },
      { "UPDATE involved_agency SET agency = 'probation' WHERE id = (SELECT max (id) FROM involved_agency)", FALSE },
      { "DELETE FROM involved_agency WHERE id = (SELECT max (id) FROM involved_agency)", TRUE },
      { "DELETE FROM meeting_exception WHERE meeting_id = (SELECT id FROM whole)", FALSE },
      { "INSERT INTO invitee (meeting_id, agency) VALUES ((SELECT id FROM whole), 'education')", TRUE },
    };

    g_assert_true (dg_db_exec (f->db, "CREATE TEMP TABLE whole AS SELECT min (meeting_id) AS id FROM report_meeting WHERE complete = 1", &error));
    g_assert_no_error (error);
    for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
      {
        g_autofree char *missing = NULL;

        g_assert_true (dg_db_exec (f->db, steps[i].sql, &error));
        g_assert_no_error (error);
        missing = missing_list (f, sql_int (f->db, "SELECT id FROM whole", NULL));
        g_assert_cmpint (missing[0] == '\0', ==, steps[i].complete);
        g_assert_cmpint (sql_int (f->db, "SELECT complete FROM report_meeting WHERE meeting_id = (SELECT id FROM whole)", NULL), ==, steps[i].complete);
      }
  }
  assert_totals_in_step (f);

  /* A reporter who was missing is recorded, then removed again (only
   * SQLite can be told to stop enforcing foreign keys; PostgreSQL never
   * lets a referral point at a missing reporter). */
  if (!dg_db_is_postgres (f->db))
    {
      g_assert_true (dg_db_exec (f->db, "PRAGMA foreign_keys = OFF; "
                                        "UPDATE referral SET reporter_id = 999999 WHERE id IN (SELECT id FROM referral ORDER BY id DESC LIMIT 3); "
                                        "PRAGMA foreign_keys = ON", &error));
      g_assert_no_error (error);
      assert_totals_in_step (f);
      g_assert_true (dg_db_exec (f->db, "INSERT INTO reporter (id, name, agency, organisation, created_at) "
                                        "VALUES (999999, 'Late', 'education', 'Ysgol Hwyr', '2026-11-23T09:00:00')", &error));
      g_assert_no_error (error);
      assert_totals_in_step (f);
      g_assert_true (dg_db_exec (f->db, "PRAGMA foreign_keys = OFF; DELETE FROM reporter WHERE id = 999999; PRAGMA foreign_keys = ON", &error));
      g_assert_no_error (error);
      assert_totals_in_step (f);
    }

  /* A reporter becomes a school; a referral's receipt is corrected to another month. */
  g_assert_true (dg_db_exec (f->db, "UPDATE reporter SET agency = 'education', organisation = 'Ysgol Newydd' "
                                    "WHERE id = (SELECT reporter_id FROM referral WHERE reporter_id IS NOT NULL ORDER BY id LIMIT 1); "
                                    "UPDATE reporter SET organisation = 'Ysgol Arall' "
                                    "WHERE id = (SELECT max (id) FROM reporter WHERE agency = 'education'); "
                                    "UPDATE referral SET received_at = '2026-09-30T16:00:00' WHERE id IN (SELECT id FROM referral ORDER BY id LIMIT 5)",
                             &error));
  g_assert_no_error (error);
  assert_totals_in_step (f);

  /* A closure day and a rule change move due dates, so states. */
  g_assert_true (dg_closure_add (f->db, "2026-11-11", "Hub closed", &error));
  g_assert_true (dg_timescale_rule_set (f->db, "outcome", 5, "working-days", "2026-10-01", &error));
  g_assert_true (dg_timescale_rule_set (f->db, "icpc", 10, "working-days", "2025-01-01", &error));
  g_assert_no_error (error);
  assert_totals_in_step (f);

  /* A referral deleted (the app has no such command; the triggers still
   * follow). Only on SQLite, where foreign keys can be switched off. */
  if (!dg_db_is_postgres (f->db))
    {
      g_assert_true (dg_db_exec (f->db, "PRAGMA foreign_keys = OFF; "
                                        "CREATE TEMP TABLE gone AS SELECT referral_id AS id FROM meeting ORDER BY id LIMIT 1; "
                                        "DELETE FROM referral WHERE id IN (SELECT id FROM gone); "
                                        "DELETE FROM clock WHERE referral_id IN (SELECT id FROM gone); "
                                        "PRAGMA foreign_keys = ON", &error));
      g_assert_no_error (error);
      assert_totals_in_step (f);
    }

  /* Every clock recomputed from scratch: the totals follow. */
  assert_clocks_in_step (f);
  assert_totals_in_step (f);

  assert_report_matches_join (f, "2026-10-23", "2026-11-23");
  assert_report_matches_join (f, "2025-11-23", "2026-11-23");
  assert_report_matches_join (f, "2026-07-01", "2026-09-30");
  assert_report_matches_join (f, "2025-02-15", "2026-04-03");
}

static void
test_performance_matches_sql (Fixture       *f,
                              gconstpointer  data)
{
  /* England & Wales bank holidays of 2025 (and New Year 2026), as published. */
  const char *holidays[] = { "2025-01-01", "2025-04-18", "2025-04-21", "2025-05-05", "2025-05-26",
                             "2025-08-25", "2025-12-25", "2025-12-26", "2026-01-01", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) report = NULL;
  JsonArray *clocks;
  GDate day;

  g_assert_true (dg_demo_generate (f->db, 3000, 5, NULL, NULL, &error));
  g_assert_no_error (error);

  /* An independent calendar: the next working day after each day of 2025. */
  g_assert_true (dg_db_exec (f->db, "CREATE TEMP TABLE next_working_day (day TEXT PRIMARY KEY, due TEXT)", &error));
  g_date_clear (&day, 1);
  g_date_set_dmy (&day, 1, G_DATE_JANUARY, 2025);
  while (g_date_get_year (&day) == 2025)
    {
      GDate due = day;
      char d[16], u[16];
      g_autofree char *sql = NULL;

      do
        {
          g_date_add_days (&due, 1);
          g_snprintf (u, sizeof u, "%04d-%02d-%02d", g_date_get_year (&due), g_date_get_month (&due), g_date_get_day (&due));
        }
      while (g_date_get_weekday (&due) >= G_DATE_SATURDAY || g_strv_contains (holidays, u));
      g_snprintf (d, sizeof d, "%04d-%02d-%02d", g_date_get_year (&day), g_date_get_month (&day), g_date_get_day (&day));
      sql = g_strdup_printf ("INSERT INTO next_working_day VALUES ('%s', '%s')", d, u);
      g_assert_true (dg_db_exec (f->db, sql, &error));
      g_date_add_days (&day, 1);
    }

  report = dg_performance_report (f->db, "2025-01-01", "2025-12-31", &error);
  g_assert_no_error (error);
  clocks = json_object_get_array_member (json_node_get_object (report), "clocks");
  for (guint i = 0; i < json_array_get_length (clocks); i++)
    {
      JsonObject *c = json_array_get_object_element (clocks, i);
      const char *clock = json_object_get_string_member (c, "clock");
      const char *done = g_str_equal (clock, "acknowledgement") ? "r.acknowledged_at" : "(SELECT decided_at FROM decision d WHERE d.referral_id = r.id)";
      g_autofree char *count_sql = NULL, *on_time_sql = NULL;

      if (!g_str_equal (clock, "acknowledgement") && !g_str_equal (clock, "decision"))
        continue;
      count_sql = g_strdup ("SELECT count(*) FROM referral r WHERE r.received_at BETWEEN '2025-01-01' AND '2025-12-31T23:59:59'");
      on_time_sql = g_strdup_printf ("SELECT count(*) FROM referral r WHERE r.received_at BETWEEN '2025-01-01' AND '2025-12-31T23:59:59' "
                                     "AND %s IS NOT NULL AND substr (%s, 1, 10) <= "
                                     "(SELECT due FROM next_working_day WHERE day = substr (r.received_at, 1, 10))", done, done);
      g_test_message ("%s: %" G_GINT64_FORMAT " on time of %" G_GINT64_FORMAT, clock,
                      json_object_get_int_member (c, "on_time"), json_object_get_int_member (c, "count"));
      g_assert_cmpint (json_object_get_int_member (c, "count"), ==, sql_int (f->db, count_sql, NULL));
      g_assert_cmpint (json_object_get_int_member (c, "on_time"), ==, sql_int (f->db, on_time_sql, NULL));
      g_assert_cmpint (json_object_get_int_member (c, "count"), >, 500);
      g_assert_cmpint (json_object_get_int_member (c, "late"), >, 0);
    }

  /* Meetings of the period: counted as the meeting list counts them. */
  {
    JsonObject *m = json_object_get_object_member (json_node_get_object (report), "meetings");
    g_autoptr(JsonArray) listed = dg_meeting_list (f->db, FALSE, "2025-01-01", "2025-12-31", 0, &error);
    gint64 complete = 0;

    g_assert_no_error (error);
    for (guint i = 0; i < json_array_get_length (listed); i++)
      complete += json_object_get_boolean_member (json_array_get_object_element (listed, i), "complete");
    g_assert_cmpint (json_object_get_int_member (m, "count"), ==,
                     sql_int (f->db, "SELECT count(*) FROM meeting WHERE held_at BETWEEN '2025-01-01' AND '2025-12-31T23:59:59'", NULL));
    g_assert_cmpint (json_object_get_int_member (m, "count"), >, 0);
    g_assert_cmpint (json_object_get_int_member (m, "complete"), ==, complete);
    g_assert_cmpint (complete, >, 0);
  }

  /* A rule change reaches every open clock; past periods keep the old rule. */
  {
    gint64 open = add_referral (f, "{\"received_at\": \"2026-11-20T09:00\", \"children\": [{\"name\": \"Open\"}]}");
    g_autoptr(JsonNode) before = dg_referral_show (f->db, open, &error);
    g_autoptr(JsonNode) after = NULL;
    g_autoptr(JsonNode) again = NULL;
    JsonObject *due;

    due = json_object_get_object_member (json_node_get_object (before), "due");
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (due, "acknowledgement"), "due"), ==, "2026-11-23");
    g_assert_true (dg_timescale_rule_set (f->db, "acknowledgement", 3, "working-days", "2026-11-01", &error));
    g_assert_no_error (error);
    after = dg_referral_show (f->db, open, &error);
    due = json_object_get_object_member (json_node_get_object (after), "due");
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (due, "acknowledgement"), "due"), ==, "2026-11-25");
    again = dg_performance_report (f->db, "2025-01-01", "2025-12-31", &error);
    g_assert_true (json_node_equal (json_object_get_member (json_node_get_object (again), "clocks"),
                                    json_object_get_member (json_node_get_object (report), "clocks")));
    g_assert_false (dg_timescale_rule_set (f->db, "acknowledgement", 0, "working-days", "2026-11-01", &error));
    g_clear_error (&error);
    g_assert_false (dg_timescale_rule_set (f->db, "teatime", 1, "weeks", "2026-11-01", &error));
  }
}

static void
test_quantity_words (void)
{
  const struct { double share; const char *word; } cases[] = {
    { 1.0, "all" }, { 0.95, "most" }, { 0.90, "most" }, { 0.89, "many" }, { 0.70, "many" },
    { 0.64, "a-majority" }, { 0.605, "a-majority" }, { 0.60, "around-half" }, { 0.50, "half" },
    { 0.45, "around-half" }, { 0.39, "a-minority" }, { 0.19, "few" }, { 0.09, "very-few" }, { 0.0, "none" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_assert_cmpstr (dg_quantity_word (cases[i].share), ==, cases[i].word);
  g_assert_cmpstr (dg_quantity_label ("a-majority"), ==, "the majority");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(name, func) g_test_add (name, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/meetings/completeness", test_completeness);
  ADD ("/meetings/determinations-and-clocks", test_determinations_and_clocks);
  ADD ("/meetings/outcome-contradictions", test_outcome_contradictions);
  ADD ("/meetings/protection-events", test_protection_events);
  ADD ("/meetings/calendar-dues", test_calendar_dues);
  ADD ("/meetings/shares-match-sql", test_shares_match_sql);
  ADD ("/meetings/timescales", test_timescales);
  ADD ("/meetings/worklist", test_worklist);
  ADD ("/meetings/stored-clocks", test_stored_clocks);
  ADD ("/meetings/performance-matches-sql", test_performance_matches_sql);
  ADD ("/meetings/report-totals", test_report_totals);
  ADD ("/meetings/response-conflict", test_response_conflict);
  ADD ("/meetings/amend", test_amend_meeting);
#undef ADD
  g_test_add_func ("/meetings/quantity-words", test_quantity_words);

  return g_test_run ();
}
