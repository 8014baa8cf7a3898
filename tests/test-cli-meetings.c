#include "config.h"

#include <glib/gstdio.h>

#include "dg-test-db.h"
#include "dg-test-cli.h"

/* The CLI of issue 24's meeting figures: `meeting contribution`, `meeting
 * minutes`, `referral event --kind plan-circulated`, `meeting expected`,
 * `meeting figures` (with --list) and `export csv --what agencies`, as
 * CLI.md names them, on either engine. */

typedef struct
{
  char *dir;
  char *db;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("dg-test-cli-meetings-XXXXXX", &error);
  g_assert_no_error (error);
  f->db = dg_test_db_location (f->dir);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  dg_test_db_drop (f->db);
  dg_test_remove_folder (f->dir);
  g_free (f->dir);
  g_free (f->db);
}

/* `diogelu-cli --db DB --now 2026-11-23T10:00 [--json] ARGS`: its exit
 * status, and its output (parsed into @json when asked and it succeeded). */
static int
run (Fixture      *f,
     const char  **args,
     gboolean      as_json,
     JsonNode    **json,
     char        **err)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *out = NULL, *errors = NULL;
  int status;

  g_ptr_array_add (argv, (gpointer) "--db");
  g_ptr_array_add (argv, f->db);
  g_ptr_array_add (argv, (gpointer) "--now");
  g_ptr_array_add (argv, (gpointer) "2026-11-23T10:00");
  if (as_json)
    g_ptr_array_add (argv, (gpointer) "--json");
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  status = dg_test_cli_run ((const char * const *) argv->pdata, NULL, &out, &errors);
  g_test_message ("stderr: %s", errors);
  if (json != NULL && status == 0)
    *json = dg_test_parse_json (out);
  if (err != NULL)
    *err = g_steal_pointer (&errors);
  return status;
}

static JsonNode *
ok (Fixture     *f,
    const char **args)
{
  JsonNode *json = NULL;

  g_assert_cmpint (run (f, args, TRUE, &json, NULL), ==, 0);
  return json;
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
test_meeting_figures_commands (Fixture       *f,
                               gconstpointer  data)
{
  g_autofree char *file = g_build_filename (f->dir, "referral.json", NULL);
  g_autofree char *csv_path = g_build_filename (f->dir, "agencies.csv", NULL);
  g_autofree char *err = NULL, *csv = NULL, *audit = NULL;
  g_autoptr(JsonNode) shown = NULL, figures = NULL, listed = NULL, rules = NULL, referral = NULL, written = NULL;
  JsonArray *agencies;
  gboolean saw_paediatrician = FALSE;

  /* A sexual-harm referral about a baby. */
  g_assert_true (g_file_set_contents (file,
    "{\"received_at\": \"2026-11-06T09:00\", \"reporter\": {\"name\": \"Dr Jones\", \"agency\": \"health\"},"
    " \"children\": [{\"name\": \"Baby\", \"dob\": \"2026-06-01\"}], \"categories\": [\"sexual\"]}", -1, NULL));
  json_node_unref (ok (f, (const char *[]) { "referral", "add", "--file", file, NULL }));
  json_node_unref (ok (f, (const char *[]) { "meeting", "add", "--referral", "1", "--kind", "meeting",
                                             "--at", "2026-11-09T14:00", "--invite-expected", NULL }));

  /* What each agency brought. */
  json_node_unref (ok (f, (const char *[]) { "meeting", "response", "1", "--agency", "paediatrician", "--status", "attended", NULL }));
  shown = ok (f, (const char *[]) { "meeting", "contribution", "1", "--agency", "paediatrician", "--report", "received",
                                    "--received-at", "2026-11-09T12:00", "--decision-maker", "yes", NULL });
  g_assert_cmpstr (json_object_get_string_member (invitee (shown, "paediatrician"), "report"), ==, "received");
  g_assert_cmpstr (json_object_get_string_member (invitee (shown, "paediatrician"), "report_at"), ==, "2026-11-09T12:00:00");
  g_assert_cmpstr (json_object_get_string_member (invitee (shown, "paediatrician"), "decision_maker"), ==, "yes");
  g_assert_true (json_object_has_member (invitee (shown, "midwife"), "report"));
  /* Bad words are refused as usage (2), naming the option; an agency not
   * invited as invalid, naming --agency. */
  g_assert_cmpint (run (f, (const char *[]) { "meeting", "contribution", "1", "--agency", "police", "--report", "maybe", NULL },
                        FALSE, NULL, &err), ==, 2);
  g_assert_nonnull (strstr (err, "--report: “maybe” is not received or none"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (f, (const char *[]) { "meeting", "contribution", "1", "--agency", "housing", "--report", "none", NULL },
                        FALSE, NULL, &err), ==, 2);
  g_assert_nonnull (strstr (err, "--agency: housing was not invited to this meeting"));
  g_clear_pointer (&err, g_free);

  /* The record went out on the sixth working day: late. */
  json_node_unref (ok (f, (const char *[]) { "meeting", "minutes", "1", "--sent", "2026-11-17", NULL }));
  referral = ok (f, (const char *[]) { "referral", "show", "1", NULL });
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (json_object_get_object_member (
                     json_node_get_object (referral), "due"), "strategy-record"), "state"), ==, "late");
  g_clear_pointer (&referral, json_node_unref);
  /* The outline plan: after the conference, on time. */
  json_node_unref (ok (f, (const char *[]) { "referral", "event", "1", "--kind", "icpc", "--at", "2026-11-10T10:00", NULL }));
  json_node_unref (ok (f, (const char *[]) { "referral", "event", "1", "--kind", "plan-circulated", "--at", "2026-11-13T10:00", NULL }));
  referral = ok (f, (const char *[]) { "referral", "show", "1", NULL });
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (json_object_get_object_member (
                     json_node_get_object (referral), "due"), "icpc-plan"), "state"), ==, "on-time");

  /* The rules, and a manager's change with its date. */
  rules = ok (f, (const char *[]) { "meeting", "expected", "list", NULL });
  for (guint i = 0; i < json_array_get_length (json_node_get_array (rules)); i++)
    {
      JsonObject *r = json_array_get_object_element (json_node_get_array (rules), i);
      saw_paediatrician |= g_str_equal (json_object_get_string_member (r, "concern"), "sexual") &&
                           g_str_equal (json_object_get_string_member (r, "agency"), "paediatrician") &&
                           json_object_get_boolean_member (r, "expected");
    }
  g_assert_true (saw_paediatrician);
  g_clear_pointer (&rules, json_node_unref);
  rules = ok (f, (const char *[]) { "meeting", "expected", "set", "--concern", "physical", "--agency", "paediatrician",
                                    "--from", "2027-01-01", NULL });
  g_assert_cmpuint (json_array_get_length (json_node_get_array (rules)), ==, 10);
  g_assert_cmpint (run (f, (const char *[]) { "meeting", "expected", "set", "--concern", "always", "--agency", "police",
                                              "--expected", "no", "--from", "2027-01-01", NULL }, FALSE, NULL, &err), ==, 2);
  g_assert_nonnull (strstr (err, "--agency: Police is always expected"));
  g_clear_pointer (&err, g_free);

  /* The figures, and what is behind them. */
  figures = ok (f, (const char *[]) { "meeting", "figures", "--from", "2026-11-01", "--to", "2026-11-30", NULL });
  agencies = json_object_get_array_member (json_node_get_object (figures), "agencies");
  for (guint i = 0; i < json_array_get_length (agencies); i++)
    {
      JsonObject *a = json_array_get_object_element (agencies, i);

      if (!g_str_equal (json_object_get_string_member (a, "agency"), "paediatrician"))
        continue;
      g_assert_cmpint (json_object_get_int_member (a, "expected"), ==, 1);
      g_assert_cmpint (json_object_get_int_member (a, "invited"), ==, 1);
      g_assert_cmpint (json_object_get_int_member (a, "attended"), ==, 1);
      g_assert_cmpint (json_object_get_int_member (a, "reports"), ==, 1);
      g_assert_cmpint (json_object_get_int_member (a, "decision_makers"), ==, 1);
    }
  listed = ok (f, (const char *[]) { "meeting", "figures", "--from", "2026-11-01", "--to", "2026-11-30",
                                     "--list", "report", "received", NULL });
  g_assert_cmpuint (json_array_get_length (json_node_get_array (listed)), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (json_node_get_array (listed), 0), "agency"),
                   ==, "paediatrician");
  g_clear_pointer (&listed, json_node_unref);
  listed = ok (f, (const char *[]) { "meeting", "figures", "--from", "2026-11-01", "--to", "2026-11-30",
                                     "--list", "strategy-record", "late", NULL });
  g_assert_cmpuint (json_array_get_length (json_node_get_array (listed)), ==, 1);
  g_assert_cmpint (run (f, (const char *[]) { "meeting", "figures", "--from", "2026-11-01", "--to", "2026-11-30",
                                              "--list", "report", "maybe", NULL }, FALSE, NULL, &err), ==, 2);
  g_assert_nonnull (strstr (err, "STATE: “maybe” is not one of all | received | none"));
  g_clear_pointer (&err, g_free);

  /* The performance report has them, and the CSV writes them. */
  g_clear_pointer (&figures, json_node_unref);
  figures = ok (f, (const char *[]) { "report", "performance", "--from", "2026-11-01", "--to", "2026-11-30", NULL });
  g_assert_true (json_object_has_member (json_node_get_object (figures), "agencies"));
  g_assert_true (json_object_has_member (json_node_get_object (figures), "contributions"));
  written = ok (f, (const char *[]) { "export", "csv", "--what", "agencies", "--from", "2026-11-01", "--to", "2026-11-30",
                                      "--output", csv_path, NULL });
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (written), "rows"), ==, 12);
  g_assert_true (g_file_get_contents (csv_path, &csv, NULL, NULL));
  g_assert_nonnull (strstr (csv, "\r\n2026-11-01,2026-11-30,paediatrician,1,1,1,0,0,1.0000,1.0000,1,1,1.0000,1,1,1.0000\r\n"));

  /* The audit trail has each change. */
  g_clear_pointer (&shown, json_node_unref);
  shown = ok (f, (const char *[]) { "referral", "audit", "1", NULL });
  audit = json_to_string (shown, FALSE);
  g_assert_nonnull (strstr (audit, "meeting-minutes"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add ("/cli-meetings/figures-commands", Fixture, NULL, fixture_setup, test_meeting_figures_commands, fixture_teardown);
  return g_test_run ();
}
