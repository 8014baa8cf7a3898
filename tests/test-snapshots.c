#include "config.h"

#include "dg-test-db.h"
#include "dg-error.h"
#include "dg-performance.h"
#include "dg-referrals.h"
#include "dg-snapshot.h"
#include "dg-timescales.h"

/* Snapshots of the figures as submitted (issue 24): saved whole, never
 * changed by a later amendment or by hand, and the difference since named
 * figure by figure with the records and rules amended. The fixture's clock
 * reads Monday 23 November 2026, 10:00. */

typedef DgTestDb Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  dg_test_db_setup (f, "dg-test-snapshots");
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  dg_test_db_teardown (f);
}

static gint64
add (Fixture    *f,
     const char *received,
     const char *agency)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *json = g_strdup_printf (
    "{\"received_at\": \"%s\", \"channel\": \"email\","
    " \"reporter\": {\"name\": \"Ceri Jones\", \"organisation\": \"Ysgol Enghraifft\", \"agency\": \"%s\","
    "   \"email\": \"dsp@example.org\"},"
    " \"children\": [{\"name\": \"Siân Morgan\"}], \"concern\": \"Arrived hungry\"}",
    received, agency);
  g_autoptr(JsonNode) node = json_from_string (json, &error);
  gint64 id;

  g_assert_no_error (error);
  id = dg_referral_add (f->db, json_node_get_object (node), NULL, &error);
  g_assert_no_error (error);
  return id;
}

static char *
report_text (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) report = dg_performance_report (f->db, "2026-11-01", "2026-11-30", &error);

  g_assert_no_error (error);
  return json_to_string (report, FALSE);
}

/* The member @figure of the diff's "figures", or %NULL when it did not change. */
static JsonObject *
change_of (JsonObject *diff,
           const char *figure)
{
  JsonArray *figures = json_object_get_array_member (diff, "figures");

  for (guint i = 0; i < json_array_get_length (figures); i++)
    {
      JsonObject *o = json_array_get_object_element (figures, i);

      if (g_str_equal (json_object_get_string_member (o, "figure"), figure))
        return o;
    }
  return NULL;
}

static void
test_refusals (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) saved = NULL;
  JsonObject *refused;

  add (f, "2026-11-02T09:00:00", "education");
  refused = dg_snapshot_save (f->db, "  ", "2026-11-01", "2026-11-30", &error);
  g_assert_null (refused);
  g_assert_error (error, DG_ERROR, DG_ERROR_INVALID);
  g_assert_cmpstr (dg_error_get_field (error), ==, "name");
  g_clear_error (&error);

  refused = dg_snapshot_save (f->db, "Board", "2026-11-30", "2026-11-01", &error);
  g_assert_null (refused);
  g_assert_error (error, DG_ERROR, DG_ERROR_INVALID);
  g_assert_cmpstr (dg_error_get_field (error), ==, "to");
  g_clear_error (&error);

  saved = dg_snapshot_save (f->db, " Board, November ", "2026-11-01", "2026-11-30", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (saved, "name"), ==, "Board, November");
  g_assert_cmpstr (json_object_get_string_member (saved, "saved_by"), ==, "Tester");

  /* Once saved, never replaced. */
  refused = dg_snapshot_save (f->db, "Board, November", "2026-11-01", "2026-11-30", &error);
  g_assert_null (refused);
  g_assert_error (error, DG_ERROR, DG_ERROR_INVALID);
  g_assert_cmpstr (dg_error_get_field (error), ==, "name");
  g_clear_error (&error);
  g_assert_cmpint (dg_test_db_int (f->db, "SELECT count (*) FROM report_snapshot"), ==, 1);

  g_assert_null (dg_snapshot_diff (f->db, "No such", &error));
  g_assert_error (error, DG_ERROR, DG_ERROR_NOT_FOUND);
}

static void
test_survives_amendment (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) saved = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonArray) list = NULL;
  g_autofree char *before = NULL, *after = NULL, *then = NULL;
  gint64 late, other, outside;
  JsonObject *diff, *change;
  JsonArray *amended;

  /* Received on Monday 2 November: acknowledged on time by Tuesday 3rd. */
  late = add (f, "2026-11-02T09:00:00", "education");
  other = add (f, "2026-11-09T09:00:00", "health");
  outside = add (f, "2026-10-05T09:00:00", "health");
  dg_referral_acknowledge (f->db, other, "2026-11-10T09:00:00", "email", &error);
  g_assert_no_error (error);

  before = report_text (f);
  saved = dg_snapshot_save (f->db, "Board", "2026-11-01", "2026-11-30", &error);
  g_assert_no_error (error);
  g_assert_cmpint (dg_test_db_int (f->db, "SELECT count (*) FROM audit WHERE entity = 'snapshot' AND action = 'save'"), ==, 1);

  /* Nothing amended yet: no difference. */
  node = dg_snapshot_diff (f->db, "Board", &error);
  g_assert_no_error (error);
  diff = json_node_get_object (node);
  g_assert_true (json_object_get_boolean_member (diff, "intact"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (diff, "figures")), ==, 0);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (diff, "amended")), ==, 0);
  g_clear_pointer (&node, json_node_unref);

  /* An amendment: the overdue acknowledgement is recorded, late; and one
   * outside the period, which the snapshot does not concern. */
  dg_referral_acknowledge (f->db, late, "2026-11-20T09:00:00", "letter", &error);
  g_assert_no_error (error);
  dg_referral_acknowledge (f->db, outside, "2026-11-20T09:00:00", "letter", &error);
  g_assert_no_error (error);
  after = report_text (f);
  g_assert_cmpstr (before, !=, after);

  node = dg_snapshot_diff (f->db, "Board", &error);
  g_assert_no_error (error);
  diff = json_node_get_object (node);
  /* The snapshot is what was saved, byte for byte, and the report now is now. */
  then = json_to_string (json_object_get_member (diff, "then"), FALSE);
  g_assert_cmpstr (then, ==, before);
  g_free (then);
  then = json_to_string (json_object_get_member (diff, "now"), FALSE);
  g_assert_cmpstr (then, ==, after);
  g_assert_true (json_object_get_boolean_member (diff, "intact"));

  change = change_of (diff, "clocks/acknowledgement/overdue");
  g_assert_nonnull (change);
  g_assert_cmpint (json_object_get_int_member (change, "then"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (change, "now"), ==, 0);
  change = change_of (diff, "clocks/acknowledgement/late");
  g_assert_nonnull (change);
  g_assert_cmpint (json_object_get_int_member (change, "then"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (change, "now"), ==, 1);
  change = change_of (diff, "by_agency/acknowledgement/education/late");
  g_assert_nonnull (change);
  g_assert_cmpint (json_object_get_int_member (change, "then"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (change, "now"), ==, 1);
  /* The health referral of the period did not move. */
  g_assert_null (change_of (diff, "by_agency/acknowledgement/health/on_time"));

  /* Why: the one amendment of a referral of the period, not the other. */
  amended = json_object_get_array_member (diff, "amended");
  g_assert_cmpuint (json_array_get_length (amended), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (amended, 0), "entity"), ==, "referral");
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (amended, 0), "entity_id"), ==, late);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (amended, 0), "action"), ==, "acknowledge");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (amended, 0), "actor"), ==, "Tester");
  g_clear_pointer (&node, json_node_unref);

  /* A rule every clock counts by is a reason too. */
  g_assert_true (dg_timescale_rule_set (f->db, "decision", 2, "working-days", "2026-01-01", &error));
  g_assert_no_error (error);
  node = dg_snapshot_diff (f->db, "Board", &error);
  g_assert_no_error (error);
  amended = json_object_get_array_member (json_node_get_object (node), "amended");
  g_assert_cmpuint (json_array_get_length (amended), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (amended, 1), "entity"), ==, "timescale");

  list = dg_snapshot_list (f->db, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (list), ==, 1);
  g_assert_false (json_object_has_member (json_array_get_object_element (list, 0), "figures"));
}

static void
test_immutable (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) saved = NULL;

  add (f, "2026-11-02T09:00:00", "police");
  saved = dg_snapshot_save (f->db, "Welsh Government", "2026-11-01", "2026-11-30", &error);
  g_assert_no_error (error);

  /* The store itself refuses: whoever edits the database by hand. */
  g_assert_false (dg_db_exec (f->db, "UPDATE report_snapshot SET figures = '{}'", &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_false (dg_db_exec (f->db, "DELETE FROM report_snapshot", &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_cmpint (dg_test_db_int (f->db, "SELECT count (*) FROM report_snapshot WHERE figures <> '{}'"), ==, 1);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/snapshots/refusals", Fixture, NULL, fixture_setup, test_refusals, fixture_teardown);
  g_test_add ("/snapshots/survives-amendment", Fixture, NULL, fixture_setup, test_survives_amendment, fixture_teardown);
  g_test_add ("/snapshots/immutable", Fixture, NULL, fixture_setup, test_immutable, fixture_teardown);

  return g_test_run ();
}
