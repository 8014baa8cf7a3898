#include "config.h"

#include <glib/gstdio.h>

#include "dg-test-cli.h"
#include "dg-test-db.h"

/* The calendar as published through diogelu-cli: `workdays holidays`,
 * `working-day add|list`, `import-govuk`, and clocks moving with them, on
 * the engine the suite runs on. */

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

  f->dir = g_dir_make_tmp ("dg-test-cli-calendar-XXXXXX", &error);
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

/* `diogelu-cli --db … --now 2026-12-23T12:00 --json ARGS`, exiting @expect;
 * its document, or with a refusal the error's field. */
static JsonNode *
run_json (Fixture     *f,
          const char **args,
          const char  *stdin_text,
          int          expect,
          char       **field)
{
  g_autoptr(JsonNode) node = dg_test_cli_json_at (f->db, "2026-12-23T12:00", args, stdin_text, expect);

  if (expect != 0)
    {
      JsonObject *o = json_object_get_object_member (json_node_get_object (node), "error");

      g_assert_cmpstr (json_object_get_string_member (o, "code"), ==, "invalid");
      if (field != NULL)
        *field = g_strdup (json_object_get_string_member (o, "field"));
      return NULL;
    }
  return g_steal_pointer (&node);
}

/* The published bank holidays of @year from tests/data, in date order. */
static GPtrArray *
published (int year)
{
  g_autofree char *path = g_build_filename (g_getenv ("DIOGELU_TEST_DATA"), "bank-holidays-england-wales.txt", NULL);
  g_autofree char *text = NULL;
  g_autofree char *prefix = g_strdup_printf ("%d-", year);
  g_auto(GStrv) lines = NULL;
  GPtrArray *days = g_ptr_array_new_with_free_func (g_free);

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], prefix))
      g_ptr_array_add (days, g_strndup (lines[i], 10));
  return days;
}

/* `workdays holidays YEAR` lists exactly the published days of the years
 * with moved and one-off days, each named, from the rules or the table. */
static void
test_holidays (Fixture       *f,
               gconstpointer  data)
{
  const int years[] = { 1995, 1999, 2002, 2011, 2012, 2020, 2022, 2023, 2026, 2027 };
  g_autofree char *field = NULL;

  for (guint y = 0; y < G_N_ELEMENTS (years); y++)
    {
      g_autofree char *year = g_strdup_printf ("%d", years[y]);
      g_autoptr(JsonNode) node = run_json (f, (const char *[]) { "workdays", "holidays", year, NULL }, NULL, 0, NULL);
      g_autoptr(GPtrArray) expected = published (years[y]);
      JsonArray *rows = json_node_get_array (node);

      g_assert_cmpuint (expected->len, >=, 8);
      g_assert_cmpuint (json_array_get_length (rows), ==, expected->len);
      for (guint i = 0; i < expected->len; i++)
        {
          JsonObject *row = json_array_get_object_element (rows, i);
          const char *source = json_object_get_string_member (row, "source");

          g_assert_cmpstr (json_object_get_string_member (row, "date"), ==, g_ptr_array_index (expected, i));
          g_assert_false (json_object_get_boolean_member (row, "working"));
          g_assert_true (g_str_equal (source, "rule") || g_str_equal (source, "table"));
          g_assert_cmpuint (strlen (json_object_get_string_member (row, "name")), >, 3);
        }
    }
  {
    g_autoptr(JsonNode) node = run_json (f, (const char *[]) { "workdays", "holidays", "2020", NULL }, NULL, 0, NULL);
    JsonObject *ve = json_array_get_object_element (json_node_get_array (node), 3);

    g_assert_cmpstr (json_object_get_string_member (ve, "date"), ==, "2020-05-08");
    g_assert_cmpstr (json_object_get_string_member (ve, "source"), ==, "table");
    g_assert_cmpstr (json_object_get_string_member (ve, "replaces"), ==, "2020-05-04");
  }
  run_json (f, (const char *[]) { "workdays", "holidays", "twenty", NULL }, NULL, 2, &field);
  g_assert_cmpstr (field, ==, "YEAR");
  run_json (f, (const char *[]) { "workdays", "holidays", NULL }, NULL, 2, NULL);
}

static const char *referral_json =
  "{\"received_at\": \"2026-12-23T10:00\", \"channel\": \"email\","
  " \"reporter\": {\"name\": \"Ceri Jones\", \"organisation\": \"Ysgol Enghraifft\", \"agency\": \"education\"},"
  " \"children\": [{\"name\": \"Siân Morgan\", \"dob\": \"2015-04-01\"}], \"concern\": \"Arrived hungry\"}";

static char *
acknowledgement_due (Fixture    *f,
                     const char *id)
{
  g_autoptr(JsonNode) shown = run_json (f, (const char *[]) { "referral", "show", id, NULL }, NULL, 0, NULL);
  JsonObject *due = json_object_get_object_member (json_node_get_object (shown), "due");

  return g_strdup (json_object_get_string_member (json_object_get_object_member (due, "acknowledgement"), "due"));
}

/* GOV.UK's file for 2026 with Christmas Eve added (an invented one-off). */
static char *
govuk_2026_with_christmas_eve (void)
{
  g_autoptr(GPtrArray) days = published (2026);
  g_autoptr(GString) json = g_string_new ("{\"england-and-wales\": {\"division\": \"england-and-wales\", \"events\": [");

  for (guint i = 0; i < days->len; i++)
    g_string_append_printf (json, "{\"title\": \"Bank holiday\", \"date\": \"%s\", \"notes\": \"\", \"bunting\": true}, ",
                            (char *) g_ptr_array_index (days, i));
  g_string_append (json, "{\"title\": \"Christmas Eve\", \"date\": \"2026-12-24\", \"notes\": \"\", \"bunting\": true}]}}");
  return g_string_free (g_steal_pointer (&json), FALSE);
}

/* The import and a working day after all move a running clock. */
static void
test_clocks_move (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *govuk = g_build_filename (g_getenv ("DIOGELU_TEST_DATA"), "govuk-bank-holidays.json", NULL);
  g_autofree char *eve = govuk_2026_with_christmas_eve ();
  g_autofree char *id = NULL, *before = NULL, *imported = NULL, *worked = NULL, *field = NULL;
  g_autoptr(JsonNode) referral = NULL, result = NULL, again = NULL, added = NULL, list = NULL, year = NULL;
  JsonObject *o;

  referral = run_json (f, (const char *[]) { "referral", "add", "--file", "-", NULL }, referral_json, 0, NULL);
  id = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (json_node_get_object (referral), "id"));
  before = acknowledgement_due (f, id);
  g_assert_cmpstr (before, ==, "2026-12-24");

  /* GOV.UK's own file agrees with the rules and the table: nothing recorded. */
  result = run_json (f, (const char *[]) { "workdays", "import-govuk", govuk, NULL }, NULL, 0, NULL);
  o = json_node_get_object (result);
  g_assert_cmpint (json_object_get_int_member (o, "from"), ==, 2020);
  g_assert_cmpint (json_object_get_int_member (o, "to"), ==, 2027);
  g_assert_cmpint (json_object_get_int_member (o, "events"), ==, 67);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "holidays")), ==, 0);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "working")), ==, 0);

  /* A published one-off day (standard input, as --file -) moves the clock. */
  again = run_json (f, (const char *[]) { "workdays", "import-govuk", "--file", "-", NULL }, eve, 0, NULL);
  o = json_node_get_object (again);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "holidays")), ==, 1);
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (o, "holidays"), 0), ==, "2026-12-24");
  imported = acknowledgement_due (f, id);
  g_assert_cmpstr (imported, ==, "2026-12-29");

  /* The Boxing Day substitute worked after all: the clock comes back a day. */
  added = run_json (f, (const char *[]) { "workdays", "working-day", "add", "2026-12-28", "--reason", "Hub open by agreement", NULL },
                    NULL, 0, NULL);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (added)), ==, 2);
  worked = acknowledgement_due (f, id);
  g_assert_cmpstr (worked, ==, "2026-12-28");

  list = run_json (f, (const char *[]) { "workdays", "working-day", "list", NULL }, NULL, 0, NULL);
  o = json_array_get_object_element (json_node_get_array (list), 1);
  g_assert_cmpstr (json_object_get_string_member (o, "day"), ==, "2026-12-28");
  g_assert_cmpstr (json_object_get_string_member (o, "kind"), ==, "working");
  g_assert_cmpstr (json_object_get_string_member (o, "source"), ==, "hub");
  g_assert_cmpstr (json_object_get_string_member (o, "name"), ==, "Hub open by agreement");

  /* The year as listed: the import's day, the working day, a closure. */
  json_node_unref (run_json (f, (const char *[]) { "workdays", "closure", "add", "2026-12-31", "--reason", "Hub moving", NULL },
                             NULL, 0, NULL));
  year = run_json (f, (const char *[]) { "workdays", "holidays", "2026", NULL }, NULL, 0, NULL);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (year)), ==, 10);
  for (guint i = 0; i < json_array_get_length (json_node_get_array (year)); i++)
    {
      JsonObject *row = json_array_get_object_element (json_node_get_array (year), i);
      const char *date = json_object_get_string_member (row, "date");
      const char *source = json_object_get_string_member (row, "source");

      if (g_str_equal (date, "2026-12-24"))
        g_assert_cmpstr (source, ==, "govuk");
      else if (g_str_equal (date, "2026-12-28"))
        {
          g_assert_true (json_object_get_boolean_member (row, "working"));
          g_assert_cmpstr (source, ==, "hub");
          g_assert_cmpstr (json_object_get_string_member (row, "name"), ==, "Boxing Day (substitute day)");
          g_assert_cmpstr (json_object_get_string_member (row, "reason"), ==, "Hub open by agreement");
        }
      else if (g_str_equal (date, "2026-12-31"))
        {
          g_assert_cmpstr (source, ==, "closure");
          g_assert_cmpstr (json_object_get_string_member (row, "name"), ==, "Hub moving");
        }
      else
        g_assert_cmpstr (source, ==, "rule");
      g_assert_true (json_object_get_boolean_member (row, "working") == g_str_equal (date, "2026-12-28"));
    }

  /* Refusals name the field, and write nothing. */
  run_json (f, (const char *[]) { "workdays", "working-day", "add", "2026-12-26", "--reason", "x", NULL }, NULL, 2, &field);
  g_assert_cmpstr (field, ==, "DATE");
  g_clear_pointer (&field, g_free);
  run_json (f, (const char *[]) { "workdays", "working-day", "add", "2026-12-25", NULL }, NULL, 2, &field);
  g_assert_cmpstr (field, ==, "reason");
  g_clear_pointer (&field, g_free);
  run_json (f, (const char *[]) { "workdays", "import-govuk", "-", NULL }, "{\"scotland\": {}}", 2, &field);
  g_assert_cmpstr (field, ==, "england-and-wales");
  g_clear_pointer (&field, g_free);
  run_json (f, (const char *[]) { "workdays", "import-govuk", "-", NULL }, "bank holidays", 2, &field);
  g_assert_cmpstr (field, ==, "FILE");
  g_clear_pointer (&field, g_free);
  run_json (f, (const char *[]) { "workdays", "import-govuk", "-", NULL },
            "{\"england-and-wales\": {\"events\": [{\"title\": \"A\", \"date\": \"2026-12-24\"}, {\"title\": \"B\"}]}}", 2, &field);
  g_assert_cmpstr (field, ==, "england-and-wales.events[1].date");
  g_clear_pointer (&field, g_free);
  run_json (f, (const char *[]) { "workdays", "import-govuk", "no-such-file.json", NULL }, NULL, 2, &field);
  g_assert_cmpstr (field, ==, "FILE");
  {
    g_autoptr(JsonNode) unchanged = run_json (f, (const char *[]) { "workdays", "working-day", "list", NULL }, NULL, 0, NULL);
    g_autofree char *due = acknowledgement_due (f, id);

    g_assert_cmpuint (json_array_get_length (json_node_get_array (unchanged)), ==, 2);
    g_assert_cmpstr (due, ==, "2026-12-28");
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(name, func) g_test_add (name, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/cli-calendar/holidays", test_holidays);
  ADD ("/cli-calendar/clocks-move", test_clocks_move);
#undef ADD

  return g_test_run ();
}
