#include "config.h"

#include "dg-test-db.h"
#include "dg-error.h"
#include "dg-ledger.h"
#include "dg-notify.h"
#include "dg-performance.h"
#include "dg-referrals.h"
#include "dg-timescales.h"

/* The report-maker's ledger (chases, disagreements), its clocks on the
 * Due board and in the report, and the active offer's letter language
 * (issue 23). The fixture's clock reads Monday 23 November 2026, 10:00. */

typedef DgTestDb Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  dg_test_db_setup (f, "dg-test-ledger");
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  dg_test_db_teardown (f);
}

/* A referral received at @received; @language: the report-maker's, or
 * %NULL for none given. */
static gint64
add (Fixture    *f,
     const char *received,
     const char *language)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *json = g_strdup_printf (
    "{\"received_at\": \"%s\", \"channel\": \"email\","
    " \"reporter\": {\"name\": \"Ceri Jones\", \"organisation\": \"Ysgol Enghraifft\", \"agency\": \"education\","
    "   \"email\": \"dsp@example.org\"%s%s%s},"
    " \"children\": [{\"name\": \"Siân Morgan\"}], \"concern\": \"Arrived hungry\"}",
    received, language ? ", \"language\": \"" : "", language ? language : "", language ? "\"" : "");
  g_autoptr(JsonNode) node = json_from_string (json, &error);
  gint64 id;

  g_assert_no_error (error);
  id = dg_referral_add (f->db, json_node_get_object (node), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static void
set_now (Fixture *f,
         int      month,
         int      day,
         int      hour,
         int      minute)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();
  g_autoptr(GDateTime) now = g_date_time_new (tz, 2026, month, day, hour, minute, 0);

  dg_db_set_now (f->db, now);
}

/* Member @clock of referral @id's "due", or %NULL when it has none. */
static JsonObject *
due_of (Fixture    *f,
        gint64      id,
        const char *clock)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) shown = dg_referral_show (f->db, id, &error);
  JsonObject *due;

  g_assert_no_error (error);
  due = json_object_get_object_member (json_node_get_object (shown), "due");
  if (!json_object_has_member (due, clock))
    return NULL;
  return json_object_ref (json_object_get_object_member (due, clock));
}

static JsonArray *
ledger_of (Fixture *f,
           gint64   id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) shown = dg_referral_show (f->db, id, &error);

  g_assert_no_error (error);
  return json_array_ref (json_object_get_array_member (json_node_get_object (shown), "ledger"));
}

static void
assert_refused (GError     **error,
                const char  *field)
{
  g_assert_error (*error, DG_ERROR, DG_ERROR_INVALID);
  g_assert_cmpstr (dg_error_get_field (*error), ==, field);
  g_clear_error (error);
}

static gint64
audit_rows (Fixture    *f,
            gint64      id,
            const char *action)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count (*) FROM audit WHERE entity = 'referral' AND entity_id = %"
                                          G_GINT64_FORMAT " AND action = '%s'", id, action);

  return dg_test_db_int (f->db, sql);
}

static void
test_chase_clock (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) entry = NULL;
  g_autoptr(JsonObject) clock = NULL;
  g_autoptr(JsonArray) ledger = NULL;
  g_autofree char *long_note = NULL;
  gint64 summer = add (f, "2026-08-27T09:00", "en");
  gint64 weekend = add (f, "2026-11-19T09:00", "en");

  /* Friday 28 August 2026, then the weekend and the summer bank holiday
   * (Monday 31 August): due Tuesday 1 September, and long overdue now. */
  entry = dg_ledger_chase (f->db, summer, "Phoned: has anyone looked at this?", "2026-08-28T15:00", FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (entry, "kind"), ==, "chase");
  g_assert_cmpstr (json_object_get_string_member (entry, "step"), ==, "raised");
  g_assert_cmpstr (json_object_get_string_member (entry, "by"), ==, "Tester");
  g_assert_cmpstr (json_object_get_string_member (entry, "clock"), ==, "chase-reply");
  g_assert_cmpstr (json_object_get_string_member (entry, "due"), ==, "2026-09-01");
  g_assert_cmpstr (json_object_get_string_member (entry, "state"), ==, "overdue");
  clock = due_of (f, summer, "chase-reply");
  g_assert_nonnull (clock);
  g_assert_cmpstr (json_object_get_string_member (clock, "due"), ==, "2026-09-01");
  g_assert_true (json_object_get_null_member (clock, "done_at"));
  g_assert_cmpint (audit_rows (f, summer, "chase"), ==, 1);

  /* Friday 20 November, 16:00: due Monday 23rd, so still pending today. */
  g_clear_pointer (&entry, json_object_unref);
  entry = dg_ledger_chase (f->db, weekend, "Emailed again", "2026-11-20T16:00", FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (entry, "due"), ==, "2026-11-23");
  g_assert_cmpstr (json_object_get_string_member (entry, "state"), ==, "pending");

  /* A reply before the chase it answers is refused, then one after stops the clock. */
  g_assert_null (dg_ledger_chase (f->db, weekend, "Rang back", "2026-11-20T15:00", TRUE, &error));
  assert_refused (&error, "at");
  g_clear_pointer (&entry, json_object_unref);
  entry = dg_ledger_chase (f->db, weekend, "Rang back with the outcome", "2026-11-23T09:15", TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (entry, "step"), ==, "replied");
  g_assert_true (json_object_get_null_member (entry, "clock"));
  g_clear_pointer (&clock, json_object_unref);
  clock = due_of (f, weekend, "chase-reply");
  g_assert_cmpstr (json_object_get_string_member (clock, "done_at"), ==, "2026-11-23T09:15:00");
  ledger = ledger_of (f, weekend);
  g_assert_cmpuint (json_array_get_length (ledger), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (ledger, 0), "state"), ==, "on-time");

  /* Nothing waits for a reply now: another is refused. */
  g_assert_null (dg_ledger_chase (f->db, weekend, "Rang back twice", NULL, TRUE, &error));
  assert_refused (&error, "replied");
  g_assert_cmpint (audit_rows (f, weekend, "chase"), ==, 2);

  /* The note: required, at most 2000 characters; the time: not in the
   * future, not before the report. Nothing is written. */
  g_assert_null (dg_ledger_chase (f->db, weekend, "  ", NULL, FALSE, &error));
  assert_refused (&error, "note");
  g_assert_null (dg_ledger_chase (f->db, weekend, NULL, NULL, FALSE, &error));
  assert_refused (&error, "note");
  long_note = g_strnfill (2001, 'w');
  g_assert_null (dg_ledger_chase (f->db, weekend, long_note, NULL, FALSE, &error));
  assert_refused (&error, "note");
  g_assert_null (dg_ledger_chase (f->db, weekend, "Later", "2026-11-24T10:00", FALSE, &error));
  assert_refused (&error, "at");
  g_assert_null (dg_ledger_chase (f->db, weekend, "Before", "2026-11-18T10:00", FALSE, &error));
  assert_refused (&error, "at");
  g_assert_null (dg_ledger_chase (f->db, 999, "Nobody", NULL, FALSE, &error));
  g_assert_error (error, DG_ERROR, DG_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpint (dg_test_db_int (f->db, "SELECT count (*) FROM ledger_entry"), ==, 3);
  g_assert_cmpint (audit_rows (f, weekend, "chase"), ==, 2);

  /* Exactly 2000 characters are kept. */
  long_note[2000] = '\0';
  g_clear_pointer (&entry, json_object_unref);
  entry = dg_ledger_chase (f->db, weekend, long_note, NULL, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (strlen (json_object_get_string_member (entry, "note")), ==, 2000);
}

/* A letter sent to the report-maker at or after a chase answers it; one
 * sent before does not. */
static void
test_chase_letter (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) entry = NULL, letter = NULL, clock = NULL;
  gint64 answered = add (f, "2026-11-19T09:00", "en");
  gint64 earlier = add (f, "2026-11-19T09:30", "en");

  entry = dg_ledger_chase (f->db, answered, "Any news?", "2026-11-20T11:00", FALSE, &error);
  g_assert_no_error (error);
  letter = dg_notify_render (f->db, answered, "acknowledgement", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (dg_notify_mark_sent (f->db, answered, letter, "text", "email", &error));
  g_assert_no_error (error);
  clock = due_of (f, answered, "chase-reply");
  g_assert_cmpstr (json_object_get_string_member (clock, "due"), ==, "2026-11-23");
  g_assert_cmpstr (json_object_get_string_member (clock, "done_at"), ==, "2026-11-23T10:00:00");

  /* The letter at 10:00, the chase at 11:00: still waiting for a reply. */
  g_clear_pointer (&letter, json_object_unref);
  letter = dg_notify_render (f->db, earlier, "acknowledgement", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (dg_notify_mark_sent (f->db, earlier, letter, "text", "email", &error));
  set_now (f, 11, 23, 11, 30);
  g_clear_pointer (&entry, json_object_unref);
  entry = dg_ledger_chase (f->db, earlier, "Was that letter about us?", "2026-11-23T11:00", FALSE, &error);
  g_assert_no_error (error);
  g_clear_pointer (&clock, json_object_unref);
  clock = due_of (f, earlier, "chase-reply");
  g_assert_true (json_object_get_null_member (clock, "done_at"));
  g_assert_cmpstr (json_object_get_string_member (clock, "due"), ==, "2026-11-24");

  /* The outcome letter, sent afterwards, answers it. */
  g_assert_true (dg_referral_decide (f->db, earlier, "nfa", "No role for children's services", NULL, NULL, &error));
  g_assert_no_error (error);
  set_now (f, 11, 23, 12, 0);
  g_clear_pointer (&letter, json_object_unref);
  letter = dg_notify_render (f->db, earlier, "outcome", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (dg_notify_mark_sent (f->db, earlier, letter, "text", "email", &error));
  g_clear_pointer (&clock, json_object_unref);
  clock = due_of (f, earlier, "chase-reply");
  g_assert_cmpstr (json_object_get_string_member (clock, "done_at"), ==, "2026-11-23T12:00:00");
  g_assert_cmpstr (json_object_get_string_member (clock, "state"), ==, "on-time");
}

static void
test_disagreement (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) entry = NULL, discussed = NULL, escalated = NULL;
  g_autoptr(JsonArray) ledger = NULL;
  gint64 id = add (f, "2026-11-09T09:00", "en");

  /* Nothing open: only "raised" may start. */
  g_assert_null (dg_ledger_disagreement (f->db, id, "discussed", "Talked it through", "2026-11-16T10:00", &error));
  assert_refused (&error, "step");
  g_assert_null (dg_ledger_disagreement (f->db, id, "resolved", "Agreed", "2026-11-16T10:00", &error));
  assert_refused (&error, "step");
  g_assert_null (dg_ledger_disagreement (f->db, id, "appealed", "Agreed", "2026-11-16T10:00", &error));
  assert_refused (&error, "step");
  g_assert_null (dg_ledger_disagreement (f->db, id, NULL, "Agreed", "2026-11-16T10:00", &error));
  assert_refused (&error, "step");

  /* Raised Monday 16 November: discussed within 5 working days, Monday 23rd. */
  entry = dg_ledger_disagreement (f->db, id, "raised", "The school disagrees with no further action", "2026-11-16T10:00",
                                  &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (entry, "clock"), ==, "disagreement-discussed");
  g_assert_cmpstr (json_object_get_string_member (entry, "due"), ==, "2026-11-23");
  g_assert_cmpstr (json_object_get_string_member (entry, "state"), ==, "pending");

  /* Open: no second one, no escalation before a discussion, nothing
   * before the step it follows. */
  g_assert_null (dg_ledger_disagreement (f->db, id, "raised", "Again", "2026-11-17T10:00", &error));
  assert_refused (&error, "step");
  g_assert_null (dg_ledger_disagreement (f->db, id, "escalated", "To the senior manager", "2026-11-17T10:00", &error));
  assert_refused (&error, "step");
  g_assert_null (dg_ledger_disagreement (f->db, id, "discussed", "Talked it through", "2026-11-13T10:00", &error));
  assert_refused (&error, "at");

  discussed = dg_ledger_disagreement (f->db, id, "discussed", "Team manager talked it through", "2026-11-20T14:00", &error);
  g_assert_no_error (error);
  g_assert_true (json_object_get_null_member (discussed, "clock"));
  g_assert_null (dg_ledger_disagreement (f->db, id, "discussed", "Again", "2026-11-20T15:00", &error));
  assert_refused (&error, "step");

  /* Escalated Friday 20th: answered within 10 working days, Friday 4 December. */
  escalated = dg_ledger_disagreement (f->db, id, "escalated", "Still disagrees: to the senior manager", "2026-11-20T16:00",
                                      &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (escalated, "clock"), ==, "escalation-answered");
  g_assert_cmpstr (json_object_get_string_member (escalated, "due"), ==, "2026-12-04");
  g_assert_cmpstr (json_object_get_string_member (escalated, "state"), ==, "pending");
  g_assert_null (dg_ledger_disagreement (f->db, id, "escalated", "Again", "2026-11-21T10:00", &error));
  assert_refused (&error, "step");

  g_clear_pointer (&entry, json_object_unref);
  entry = dg_ledger_disagreement (f->db, id, "resolved", "Agreed early help instead", "2026-11-23T09:00", &error);
  g_assert_no_error (error);
  ledger = ledger_of (f, id);
  g_assert_cmpuint (json_array_get_length (ledger), ==, 4);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (ledger, 0), "done_at"), ==,
                   "2026-11-20T14:00:00");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (ledger, 0), "state"), ==, "on-time");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (ledger, 2), "done_at"), ==,
                   "2026-11-23T09:00:00");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (ledger, 2), "state"), ==, "on-time");
  g_assert_cmpint (audit_rows (f, id, "disagreement"), ==, 4);

  /* Resolved: closed, and a new one may be raised. */
  g_assert_null (dg_ledger_disagreement (f->db, id, "resolved", "Again", "2026-11-23T09:30", &error));
  assert_refused (&error, "step");
  g_clear_pointer (&entry, json_object_unref);
  entry = dg_ledger_disagreement (f->db, id, "raised", "Now disagrees with the early help plan", "2026-11-23T09:45", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (entry, "due"), ==, "2026-11-30");
  g_assert_cmpint (dg_test_db_int (f->db, "SELECT count (*) FROM ledger_entry"), ==, 5);
  g_assert_cmpint (audit_rows (f, id, "disagreement"), ==, 5);
}

/* The active offer: the report-maker's latest answer picks the letter's
 * language; none recorded, both languages, Welsh first. */
static void
test_letter_language (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) both = NULL, cy = NULL, en = NULL, offer = NULL, letter = NULL;
  g_autoptr(JsonNode) shown = NULL;
  g_autofree char *language = NULL;
  JsonArray *offers;
  const char *body;
  gint64 unknown = add (f, "2026-11-20T09:00", NULL);
  gint64 welsh = add (f, "2026-11-20T09:30", "cy");

  language = dg_referral_letter_language (f->db, unknown, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (language, ==, "cy+en");
  both = dg_notify_render (f->db, unknown, "acknowledgement", NULL, NULL, &error);
  g_assert_no_error (error);
  cy = dg_notify_render (f->db, unknown, "acknowledgement", "cy", NULL, &error);
  g_assert_no_error (error);
  en = dg_notify_render (f->db, unknown, "acknowledgement", "en", NULL, &error);
  g_assert_no_error (error);
  body = json_object_get_string_member (both, "body");
  g_assert_cmpstr (json_object_get_string_member (both, "language"), ==, "cy+en");
  g_assert_true (g_str_has_prefix (body, json_object_get_string_member (cy, "body")));
  g_assert_true (g_str_has_suffix (body, json_object_get_string_member (en, "body")));

  /* Offers to a parent or a child do not choose the report-maker's letters. */
  offer = dg_ledger_offer (f->db, unknown, "parent", "Rhian Morgan", "en", "2026-11-20T10:00", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (offer, "name"), ==, "Rhian Morgan");
  g_clear_pointer (&language, g_free);
  language = dg_referral_letter_language (f->db, unknown, &error);
  g_assert_cmpstr (language, ==, "cy+en");

  /* cy, en, declined: the latest offer made counts, whenever recorded. */
  {
    struct { const char *choice; const char *at; const char *language; } steps[] = {
      { "cy", "2026-11-20T11:00", "cy" },
      { "en", "2026-11-20T12:00", "en" },
      { "en", "2026-11-20T10:30", "en" },   /* an earlier offer, recorded late */
      { "declined", "2026-11-21T09:00", "en" },
      { "cy", "2026-11-23T09:00", "cy" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
      {
        g_clear_pointer (&offer, json_object_unref);
        offer = dg_ledger_offer (f->db, unknown, "report-maker", NULL, steps[i].choice, steps[i].at, &error);
        g_assert_no_error (error);
        g_clear_pointer (&language, g_free);
        language = dg_referral_letter_language (f->db, unknown, &error);
        g_assert_no_error (error);
        g_test_message ("offer %u: %s", i, steps[i].choice);
        g_assert_cmpstr (language, ==, steps[i].language);
        g_clear_pointer (&letter, json_object_unref);
        letter = dg_notify_render (f->db, unknown, "acknowledgement", NULL, NULL, &error);
        g_assert_no_error (error);
        g_assert_cmpstr (json_object_get_string_member (letter, "language"), ==, steps[i].language);
      }
  }
  g_assert_cmpint (audit_rows (f, unknown, "offer"), ==, 6);

  /* Refusals name their field and write nothing. */
  g_assert_null (dg_ledger_offer (f->db, unknown, "teacher", NULL, "cy", NULL, &error));
  assert_refused (&error, "person");
  g_assert_null (dg_ledger_offer (f->db, unknown, "child", NULL, "fr", NULL, &error));
  assert_refused (&error, "choice");
  g_assert_null (dg_ledger_offer (f->db, unknown, "child", NULL, "cy", "2026-12-01T10:00", &error));
  assert_refused (&error, "at");
  g_assert_cmpint (audit_rows (f, unknown, "offer"), ==, 6);

  /* Intake: a language given is the report-maker's answer, offered as
   * the report came in. */
  shown = dg_referral_show (f->db, welsh, &error);
  g_assert_no_error (error);
  offers = json_object_get_array_member (json_node_get_object (shown), "language_offers");
  g_assert_cmpuint (json_array_get_length (offers), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (offers, 0), "person"), ==, "report-maker");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (offers, 0), "name"), ==, "Ceri Jones");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (offers, 0), "choice"), ==, "cy");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (offers, 0), "offered_at"), ==,
                   "2026-11-20T09:30:00");
  g_clear_pointer (&language, g_free);
  language = dg_referral_letter_language (f->db, welsh, &error);
  g_assert_cmpstr (language, ==, "cy");
  g_clear_pointer (&language, g_free);
  g_assert_null (dg_referral_letter_language (f->db, 999, &error));
  g_assert_error (error, DG_ERROR, DG_ERROR_NOT_FOUND);
}

/* The ledger's clocks run on the Due board and count in the report, with
 * the two figures of their own. */
static void
test_board_and_report (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) rows = NULL;
  g_autoptr(JsonNode) report = NULL;
  g_autoptr(JsonObject) entry = NULL;
  DgDueFilter filter = { "chase-reply", NULL, NULL };
  gint64 a = add (f, "2026-11-02T09:00", "en");
  gint64 b = add (f, "2026-11-03T09:00", "en");
  gint64 c = add (f, "2026-10-20T09:00", "en");
  JsonObject *r, *chased, *disagreements;
  JsonArray *clocks;
  gboolean seen[3] = { FALSE };

#define RECORD(call) G_STMT_START { g_clear_pointer (&entry, json_object_unref); entry = (call); g_assert_no_error (error); } G_STMT_END
  /* a: chased twice, the first answered in time (Wed 4th → due Thu 5th),
   *    the second (Mon 9th) answered late, on Wed 11th; its disagreement
   *    resolved in time. */
  RECORD (dg_ledger_chase (f->db, a, "Any news?", "2026-11-04T10:00", FALSE, &error));
  RECORD (dg_ledger_chase (f->db, a, "Rang back", "2026-11-05T10:00", TRUE, &error));
  RECORD (dg_ledger_chase (f->db, a, "Any news now?", "2026-11-09T10:00", FALSE, &error));
  RECORD (dg_ledger_chase (f->db, a, "Rang back", "2026-11-11T10:00", TRUE, &error));
  RECORD (dg_ledger_disagreement (f->db, a, "raised", "Disagrees", "2026-11-10T10:00", &error));
  RECORD (dg_ledger_disagreement (f->db, a, "resolved", "Agreed", "2026-11-12T10:00", &error));
  /* b: a chase still waiting today (Fri 20th → due Mon 23rd); a
   *    disagreement discussed late (due Tue 10th, discussed Wed 11th) and
   *    resolved, and one escalation answered in time. */
  RECORD (dg_ledger_chase (f->db, b, "Any news?", "2026-11-20T10:00", FALSE, &error));
  RECORD (dg_ledger_disagreement (f->db, b, "raised", "Disagrees", "2026-11-03T12:00", &error));
  RECORD (dg_ledger_disagreement (f->db, b, "discussed", "Talked", "2026-11-11T10:00", &error));
  RECORD (dg_ledger_disagreement (f->db, b, "escalated", "Senior manager", "2026-11-11T11:00", &error));
  RECORD (dg_ledger_disagreement (f->db, b, "resolved", "Agreed", "2026-11-13T10:00", &error));
  /* c: received in October, so its chase is not November's; its
   *    disagreement, raised in November, is, and still open. */
  RECORD (dg_ledger_chase (f->db, c, "Any news?", "2026-11-02T10:00", FALSE, &error));
  RECORD (dg_ledger_disagreement (f->db, c, "raised", "Disagrees", "2026-11-16T10:00", &error));
#undef RECORD

  /* The Due board lists the running ones: b's chase, c's chase (overdue)
   * and c's disagreement. */
  rows = dg_timescales_query (f->db, NULL, FALSE, 0, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonObject *row = json_array_get_object_element (rows, i);
      const char *clock = json_object_get_string_member (row, "clock");
      gint64 referral = json_object_get_int_member (row, "referral");

      if (referral == b && g_str_equal (clock, "chase-reply"))
        {
          g_assert_cmpstr (json_object_get_string_member (row, "due"), ==, "2026-11-23");
          seen[0] = TRUE;
        }
      else if (referral == c && g_str_equal (clock, "chase-reply"))
        {
          g_assert_cmpstr (json_object_get_string_member (row, "state"), ==, "overdue");
          seen[1] = TRUE;
        }
      else if (referral == c && g_str_equal (clock, "disagreement-discussed"))
        {
          g_assert_cmpstr (json_object_get_string_member (row, "due"), ==, "2026-11-23");
          seen[2] = TRUE;
        }
      else
        g_assert_true (referral != a || (!g_str_equal (clock, "chase-reply") && !g_str_equal (clock, "disagreement-discussed")));
    }
  g_assert_true (seen[0] && seen[1] && seen[2]);
  g_clear_pointer (&rows, json_array_unref);
  rows = dg_timescales_query (f->db, &filter, TRUE, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (rows), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (rows, 0), "referral"), ==, c);

  /* November's report: the clocks of a and b (c was received in October). */
  report = dg_performance_report (f->db, "2026-11-01", "2026-11-30", &error);
  g_assert_no_error (error);
  r = json_node_get_object (report);
  clocks = json_object_get_array_member (r, "clocks");
  for (guint i = 0; i < json_array_get_length (clocks); i++)
    {
      JsonObject *o = json_array_get_object_element (clocks, i);
      const char *clock = json_object_get_string_member (o, "clock");

      if (g_str_equal (clock, "chase-reply"))
        {
          /* Stored per referral, the latest chase: a's late, b's pending. */
          g_assert_cmpint (json_object_get_int_member (o, "count"), ==, 2);
          g_assert_cmpint (json_object_get_int_member (o, "late"), ==, 1);
          g_assert_cmpint (json_object_get_int_member (o, "pending"), ==, 1);
          seen[0] = FALSE;
        }
      else if (g_str_equal (clock, "disagreement-discussed"))
        {
          g_assert_cmpint (json_object_get_int_member (o, "count"), ==, 2);
          g_assert_cmpint (json_object_get_int_member (o, "on_time"), ==, 1);
          g_assert_cmpint (json_object_get_int_member (o, "late"), ==, 1);
          seen[1] = FALSE;
        }
      else if (g_str_equal (clock, "escalation-answered"))
        {
          g_assert_cmpint (json_object_get_int_member (o, "count"), ==, 1);
          g_assert_cmpint (json_object_get_int_member (o, "on_time"), ==, 1);
          seen[2] = FALSE;
        }
    }
  g_assert_false (seen[0] || seen[1] || seen[2]);

  /* Report-makers who chased: a and b (c is October's); three chases, one
   * answered in time. Disagreements raised in November: a's, b's and c's;
   * two resolved, one of them (a's) within every clock it ran. */
  chased = json_object_get_object_member (r, "chased");
  g_assert_cmpint (json_object_get_int_member (chased, "referrals"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (chased, "chases"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (chased, "replied"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (chased, "replied_in_time"), ==, 1);
  disagreements = json_object_get_object_member (r, "disagreements");
  g_assert_cmpint (json_object_get_int_member (disagreements, "raised"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (disagreements, "resolved"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (disagreements, "resolved_in_time"), ==, 1);

  /* October's: c's chase, unanswered; no disagreement raised then. */
  g_clear_pointer (&report, json_node_unref);
  report = dg_performance_report (f->db, "2026-10-01", "2026-10-31", &error);
  g_assert_no_error (error);
  chased = json_object_get_object_member (json_node_get_object (report), "chased");
  g_assert_cmpint (json_object_get_int_member (chased, "referrals"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (chased, "chases"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (chased, "replied_in_time"), ==, 0);
  disagreements = json_object_get_object_member (json_node_get_object (report), "disagreements");
  g_assert_cmpint (json_object_get_int_member (disagreements, "raised"), ==, 0);
}

/* The ledger keeps what was recorded: neither engine lets a row change. */
static void
test_append_only (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) entry = NULL, offer = NULL;
  gint64 id = add (f, "2026-11-20T09:00", "en");

  entry = dg_ledger_chase (f->db, id, "Any news?", NULL, FALSE, &error);
  g_assert_no_error (error);
  g_assert_false (dg_db_exec (f->db, "UPDATE ledger_entry SET note = 'changed'", &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_false (dg_db_exec (f->db, "DELETE FROM ledger_entry", &error));
  g_clear_error (&error);
  g_assert_false (dg_db_exec (f->db, "UPDATE language_offer SET choice = 'cy'", &error));
  g_clear_error (&error);
  g_assert_false (dg_db_exec (f->db, "DELETE FROM language_offer", &error));
  g_clear_error (&error);
  g_assert_cmpint (dg_test_db_int (f->db, "SELECT count (*) FROM ledger_entry WHERE note = 'Any news?'"), ==, 1);
  g_assert_cmpint (dg_test_db_int (f->db, "SELECT count (*) FROM language_offer WHERE choice = 'en'"), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(name, func) g_test_add (name, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/ledger/chase-clock", test_chase_clock);
  ADD ("/ledger/chase-letter", test_chase_letter);
  ADD ("/ledger/disagreement", test_disagreement);
  ADD ("/ledger/letter-language", test_letter_language);
  ADD ("/ledger/board-and-report", test_board_and_report);
  ADD ("/ledger/append-only", test_append_only);
#undef ADD

  return g_test_run ();
}
