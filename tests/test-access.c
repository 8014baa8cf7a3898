#include "config.h"

#include "dg-test-db.h"
#include "dg-core.h"
#include "dg-access.h"
#include "dg-error.h"
#include "dg-referrals.h"

/* The view log, the access report and restricted records (issue 25), on
 * either engine; on PostgreSQL, a plain login role's SELECT is refused a
 * restricted referral by row-level security until dg_break_glass (). */

typedef DgTestDb Fixture;

static gint64 ids[3];

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  dg_test_db_setup (f, "dg-test-access");
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autofree char *json = g_strdup_printf (
        "{\"received_at\": \"2026-11-0%uT09:00:00\", \"channel\": \"email\","
        " \"reporter\": {\"name\": \"Ceri Jones\", \"organisation\": \"Ysgol Enghraifft\", \"agency\": \"education\"},"
        " \"children\": [{\"name\": \"Siân Morgan\"}], \"concern\": \"Secret concern %u\"}", i + 2, i);
      g_autoptr(JsonNode) node = json_from_string (json, &error);

      g_assert_no_error (error);
      ids[i] = dg_referral_add (f->db, json_node_get_object (node), NULL, &error);
      g_assert_no_error (error);
    }
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  dg_test_db_teardown (f);
}

static void
open_ok (DgDb *db, gint64 id, const char *reason)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = dg_referral_open (db, id, reason, &error);

  g_assert_no_error (error);
  g_assert_nonnull (node);
}

static JsonArray *
views (DgDb *db, gint64 id)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = dg_referral_views (db, id, &error);

  g_assert_no_error (error);
  return json_array_ref (json_node_get_array (node));
}

/* Each opening is one row with who and when; a plain show is not one. */
static void
test_view_log (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) shown = dg_referral_show (f->db, ids[0], &error);
  g_autoptr(JsonArray) rows = NULL;

  g_assert_no_error (error);
  rows = views (f->db, ids[0]);
  g_assert_cmpuint (json_array_get_length (rows), ==, 0);
  g_clear_pointer (&rows, json_array_unref);

  dg_db_set_actor (f->db, "Anwen");
  open_ok (f->db, ids[0], NULL);
  dg_db_set_actor (f->db, "Bryn");
  open_ok (f->db, ids[0], NULL);
  rows = views (f->db, ids[0]);
  g_assert_cmpuint (json_array_get_length (rows), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (rows, 0), "by"), ==, "Anwen");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (rows, 1), "by"), ==, "Bryn");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (rows, 0), "at"), ==, "2026-11-23T10:00:00");
  g_assert_cmpint (dg_test_db_int (f->db, "SELECT count(*) FROM audit WHERE action = 'view'"), ==, 2);
}

static JsonObject *
person (JsonNode *report, const char *name)
{
  JsonArray *people = json_object_get_array_member (json_node_get_object (report), "people");

  for (guint i = 0; i < json_array_get_length (people); i++)
    if (g_str_equal (json_object_get_string_member (json_array_get_object_element (people, i), "person"), name))
      return json_array_get_object_element (people, i);
  return NULL;
}

/* One more than the threshold is a burst; the threshold itself is not;
 * records opened but never worked on are named. */
static void
test_unusual (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) report = NULL;
  JsonObject *p;

  dg_db_set_actor (f->db, "Burst");
  for (int i = 0; i < DG_ACCESS_BURST_COUNT + 1; i++)
    open_ok (f->db, ids[i % 3], NULL);
  dg_db_set_actor (f->db, "Steady");
  for (int i = 0; i < DG_ACCESS_BURST_COUNT; i++)
    open_ok (f->db, ids[0], NULL);
  g_assert_true (dg_referral_acknowledge (f->db, ids[0], NULL, "email", &error));
  g_assert_no_error (error);

  report = dg_access_report (f->db, "2026-11-23", "2026-11-23", NULL, &error);
  g_assert_no_error (error);
  p = person (report, "Burst");
  g_assert_nonnull (p);
  g_assert_cmpint (json_object_get_int_member (p, "opened"), ==, DG_ACCESS_BURST_COUNT + 1);
  g_assert_cmpint (json_object_get_int_member (p, "records"), ==, 3);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (p, "bursts")), ==, 1);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (p, "never_worked_on")), ==, 3);
  p = person (report, "Steady");
  g_assert_nonnull (p);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (p, "bursts")), ==, 0);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (p, "never_worked_on")), ==, 0);

  /* Another day's period has none; --person keeps one. */
  g_clear_pointer (&report, json_node_unref);
  report = dg_access_report (f->db, "2026-11-22", "2026-11-22", NULL, &error);
  g_assert_no_error (error);
  g_assert_null (person (report, "Burst"));
  g_clear_pointer (&report, json_node_unref);
  report = dg_access_report (f->db, "2026-11-23", "2026-11-23", "Steady", &error);
  g_assert_no_error (error);
  g_assert_null (person (report, "Burst"));
  g_assert_nonnull (person (report, "Steady"));
}

static void
test_restricted (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonArray) rows = NULL;

  g_assert_false (dg_referral_restrict (f->db, ids[1], "  ", FALSE, &error));
  g_assert_error (error, DG_ERROR, DG_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (dg_referral_restrict (f->db, ids[1], "A colleague's family", FALSE, &error));
  g_assert_no_error (error);

  node = dg_referral_open (f->db, ids[1], NULL, &error);
  g_assert_null (node);
  g_assert_error (error, DG_ERROR, DG_ERROR_INVALID);
  g_assert_cmpstr (dg_error_get_field (error), ==, "reason");
  g_assert_cmpint (dg_error_exit_code (error), ==, 2);
  g_clear_error (&error);
  rows = views (f->db, ids[1]);
  g_assert_cmpuint (json_array_get_length (rows), ==, 0);
  g_clear_pointer (&rows, json_array_unref);

  open_ok (f->db, ids[1], "Strategy meeting today");
  rows = views (f->db, ids[1]);
  g_assert_cmpuint (json_array_get_length (rows), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (rows, 0), "reason"), ==,
                   "Strategy meeting today");
  g_assert_cmpint (dg_test_db_int (f->db, "SELECT count(*) FROM audit WHERE action = 'restrict'"), ==, 1);

  g_assert_true (dg_referral_restrict (f->db, ids[1], NULL, TRUE, &error));
  g_assert_no_error (error);
  open_ok (f->db, ids[1], NULL);
}

/* A login role bound by the server: its plain SELECT cannot read the
 * concern of a restricted referral; dg_break_glass () logs the reason and
 * lets it read the row for that transaction only. */
static void
test_rls (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *role = NULL, *location = NULL;
  g_autoptr(DgDb) other = NULL;

  if (!dg_test_db_is_pg ())
    {
      g_test_skip ("row-level security is PostgreSQL's");
      return;
    }
  g_assert_true (dg_referral_restrict (f->db, ids[2], "A public figure", FALSE, &error));
  g_assert_no_error (error);

  location = dg_test_db_new_role (f->location, &role);
  {
    /* As roles.sql leaves diogelu_practitioner: restrictions read only,
     * break_glass not at all (the helper grants the role every table). */
    g_autofree char *sql = g_strdup_printf ("REVOKE ALL ON break_glass, referral_restriction FROM %s; "
                                            "GRANT SELECT ON referral_restriction TO %s", role, role);

    g_assert_true (dg_db_exec (f->db, sql, &error));
    g_assert_no_error (error);
  }
  other = dg_db_open (location, DG_DB_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  dg_db_set_actor (other, "Practitioner");

  g_assert_cmpint (dg_test_db_int (other, "SELECT count(*) FROM referral WHERE concern LIKE 'Secret concern%'"), ==, 2);
  g_assert_cmpint (dg_test_db_int (other, "SELECT count(*) FROM referral_restriction"), ==, 1);
  /* Setting anything in the session does not help. */
  g_assert_true (dg_db_exec (other, "SELECT set_config ('diogelu.break_glass', '1', false)", &error));
  g_assert_no_error (error);
  g_assert_cmpint (dg_test_db_int (other, "SELECT count(*) FROM referral WHERE concern = 'Secret concern 2'"), ==, 0);
  /* Nor breaking the glass without a reason. */
  g_assert_false (dg_db_exec (other, "SELECT dg_break_glass (1, '')", &error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  {
    g_autoptr(JsonNode) node = dg_referral_open (other, ids[2], NULL, &error);

    g_assert_null (node);
    g_assert_error (error, DG_ERROR, DG_ERROR_INVALID);
    g_clear_error (&error);
  }
  {
    g_autoptr(JsonNode) node = dg_referral_open (other, ids[2], "Court order", &error);

    g_assert_no_error (error);
    g_assert_cmpstr (json_object_get_string_member (json_node_get_object (node), "concern"), ==, "Secret concern 2");
  }
  /* Only for that transaction. */
  g_assert_cmpint (dg_test_db_int (other, "SELECT count(*) FROM referral WHERE concern = 'Secret concern 2'"), ==, 0);
  {
    g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM audit WHERE action = 'view' AND entity_id = %" G_GINT64_FORMAT
                                            " AND db_role = '%s' AND actor = 'Practitioner' AND detail LIKE '%%Court order%%'",
                                            ids[2], role);

    g_assert_cmpint (dg_test_db_int (f->db, sql), ==, 1);
  }
  /* Nor granting itself the glass, nor lifting the restriction. */
  {
    g_autofree char *sql = g_strdup_printf ("INSERT INTO break_glass VALUES (%" G_GINT64_FORMAT ", session_user, pg_current_xact_id ())",
                                            ids[2]);

    g_assert_false (dg_db_exec (other, sql, &error));
    g_clear_error (&error);
  }
  g_assert_false (dg_db_exec (other, "DELETE FROM referral_restriction", &error));
  g_clear_error (&error);

  g_clear_object (&other);
  dg_test_db_drop_role (f->location, role);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/access/view-log", Fixture, NULL, fixture_setup, test_view_log, fixture_teardown);
  g_test_add ("/access/unusual", Fixture, NULL, fixture_setup, test_unusual, fixture_teardown);
  g_test_add ("/access/restricted", Fixture, NULL, fixture_setup, test_restricted, fixture_teardown);
  g_test_add ("/access/row-level-security", Fixture, NULL, fixture_setup, test_rls, fixture_teardown);
  return g_test_run ();
}
