#include "config.h"

#include <glib/gstdio.h>

#include "dg-test-db.h"
#include "dg-test-cli.h"

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

  f->dir = g_dir_make_tmp ("dg-test-cli-XXXXXX", &error);
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

static void
test_init_and_check (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *obj;
  int status;

  status = dg_test_cli_run ((const char *[]) { "--db", f->db, "--json", "init", NULL }, NULL, &out, &err);
  g_assert_cmpint (status, ==, 0);
  root = dg_test_parse_json (out);
  obj = json_node_get_object (root);
  g_assert_cmpstr (json_object_get_string_member (obj, "path"), ==, f->db);
  g_assert_cmpint (json_object_get_int_member (obj, "schema_version"), >=, 2);
  g_clear_pointer (&root, json_node_unref);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  status = dg_test_cli_run ((const char *[]) { "--db", f->db, "--json", "check", NULL }, NULL, &out, &err);
  g_assert_cmpint (status, ==, 0);
  root = dg_test_parse_json (out);
  obj = json_node_get_object (root);
  g_assert_true (json_object_get_boolean_member (obj, "ok"));
  g_assert_cmpstr (json_object_get_string_member (obj, "integrity"), ==, "ok");
  g_assert_cmpint (json_object_get_int_member (obj, "schema_version"), ==,
                   json_object_get_int_member (obj, "expected_version"));
}

static void
test_db_from_environment (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *out = NULL, *err = NULL;
  int status;

  g_setenv ("DIOGELU_DB", f->db, TRUE);
  status = dg_test_cli_run ((const char *[]) { "init", NULL }, NULL, &out, &err);
  g_unsetenv ("DIOGELU_DB");
  g_assert_cmpint (status, ==, 0);
  if (dg_test_db_is_pg ())
    g_assert_nonnull (strstr (out, "schema"));
  else
    g_assert_true (g_file_test (f->db, G_FILE_TEST_EXISTS));
}

static void
test_backup (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *out = NULL, *err = NULL;
  g_autofree char *backup = g_build_filename (f->dir, "backup.db", NULL);
  g_autoptr(JsonNode) root = NULL;
  int status;

  status = dg_test_cli_run ((const char *[]) { "--db", f->db, "--json", "backup", backup, NULL }, NULL, &out, &err);
  /* A PostgreSQL database is copied on its server: refused, saying so. */
  if (dg_test_db_is_pg ())
    {
      g_assert_cmpint (status, ==, 2);
      g_assert_nonnull (strstr (err, "pg_dump"));
      g_assert_false (g_file_test (backup, G_FILE_TEST_EXISTS));
      return;
    }
  g_assert_cmpint (status, ==, 0);
  root = dg_test_parse_json (out);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (root), "bytes"), >, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  status = dg_test_cli_run ((const char *[]) { "--db", backup, "check", NULL }, NULL, &out, &err);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (out, "Integrity: ok"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* FILE is required: a usage error that says so. */
  status = dg_test_cli_run ((const char *[]) { "--db", f->db, "backup", NULL }, NULL, &out, &err);
  g_assert_cmpint (status, ==, 2);
  g_assert_nonnull (strstr (err, "FILE is required"));
}

static void
test_exit_codes (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *text = g_build_filename (f->dir, "letter.txt", NULL);
  g_autofree char *missing = g_build_filename (f->dir, "missing.db", NULL);
  struct {
    const char *argv[8];
    int         status;
    const char *stderr_has;
  } cases[] = {
    { { "--db", f->db, "no-such-command", NULL }, 2, "Unknown command" },
    { { "--db", f->db, "--now", "2026-02-30T10:00", "init", NULL }, 2, "--now" },
    { { "--db", f->db, "--now", "yesterday", "init", NULL }, 2, "yesterday" },
    { { "--db", f->db, "init", "extra", NULL }, 2, "extra" },
    { { "--db", f->db, "init", "--bogus", NULL }, 2, "bogus" },
    { { "--db", missing, "check", NULL }, 3, "No database" },
    { { "--db", text, "init", NULL }, 1, "not a Diogelu database" },
    { { NULL }, 2, "COMMAND" },
  };

  g_assert_true (g_file_set_contents (text, "Dear colleague, this is a letter, not a database. It is long enough to fill a header and more, so SQLite reads it.\n", -1, NULL));

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = NULL, *err = NULL;
      int status;

      g_test_message ("case %u", i);
      status = dg_test_cli_run (cases[i].argv, NULL, &out, &err);
      g_assert_cmpint (status, ==, cases[i].status);
      g_assert_nonnull (strstr (err, cases[i].stderr_has));
    }

  /* Nothing was created by the failed commands. */
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
}

static JsonNode *
run_json (Fixture     *f,
          const char **args,
          const char  *stdin_text,
          int          expect)
{
  g_autoptr(JsonNode) node = dg_test_cli_json_at (f->db, "2026-11-23T10:00", args, stdin_text, expect);

  if (expect != 0)
    {
      /* A refusal with --json: one document saying why, and nothing else. */
      const char *codes[] = { NULL, "other", "invalid", "not-found", "conflict", "busy" };
      JsonObject *o = json_object_get_object_member (json_node_get_object (node), "error");

      g_assert_cmpint (expect, <, G_N_ELEMENTS (codes));
      g_assert_cmpstr (json_object_get_string_member (o, "code"), ==, codes[expect]);
      g_assert_nonnull (json_object_get_string_member (o, "message"));
      return NULL;
    }
  return g_steal_pointer (&node);
}

static const char *referral_json =
  "{\"received_at\": \"2026-11-20T09:30\", \"channel\": \"phone\","
  " \"reporter\": {\"name\": \"Ceri Jones\", \"organisation\": \"Ysgol Enghraifft\", \"agency\": \"education\","
  "  \"email\": \"dsp@example.org\", \"language\": \"cy\"},"
  " \"children\": [{\"name\": \"Siân Morgan\", \"dob\": \"2015-04-01\", \"school\": \"Ysgol Enghraifft\"}],"
  " \"categories\": [\"neglect\"], \"concern\": \"Arrived hungry\", \"rag\": \"amber\"}";

static void
test_referral_commands (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *file = g_build_filename (f->dir, "referral.json", NULL);
  g_autoptr(JsonNode) added = NULL, again = NULL, shown = NULL, list = NULL, decided = NULL, audit = NULL, acked = NULL;
  JsonObject *r;

  g_assert_true (g_file_set_contents (file, referral_json, -1, NULL));
  added = run_json (f, (const char *[]) { "referral", "add", "--file", file, NULL }, NULL, 0);
  r = json_node_get_object (added);
  g_assert_cmpint (json_object_get_int_member (r, "id"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (r, "reference"), ==, "DTR-2026-000001");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (r, "reporter"), "language"), ==, "cy");
  g_assert_true (json_object_has_member (json_object_get_object_member (r, "due"), "acknowledgement"));

  /* From standard input, a second report about the same child, spelt without the accent. */
  {
    g_autoptr(GString) second = g_string_new (referral_json);
    g_string_replace (second, "Siân", "Sian", 0);
    g_string_replace (second, "2026-11-20", "2026-11-21", 0);
    again = run_json (f, (const char *[]) { "referral", "add", "--file", "-", NULL }, second->str, 0);
  }
  r = json_node_get_object (again);
  g_assert_cmpint (json_array_get_int_element (json_object_get_array_member (r, "previous_referrals"), 0), ==, 1);

  shown = run_json (f, (const char *[]) { "referral", "show", "DTR-2026-000001", NULL }, NULL, 0);
  g_assert_true (json_node_equal (shown, added));

  list = run_json (f, (const char *[]) { "referral", "list", "--search", "sian", NULL }, NULL, 0);
  r = json_node_get_object (list);
  g_assert_cmpint (json_object_get_int_member (r, "total"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (json_object_get_array_member (r, "items"), 0), "id"), ==, 2);

  run_json (f, (const char *[]) { "referral", "decide", "1", "--outcome", "nfa", NULL }, NULL, 2);
  run_json (f, (const char *[]) { "referral", "decide", "1", "--outcome", "nfa", "--rationale", "  ", NULL }, NULL, 2);
  run_json (f, (const char *[]) { "referral", "decide", "1", "--outcome", "later", "--rationale", "x", NULL }, NULL, 2);
  run_json (f, (const char *[]) { "referral", "decide", "99", "--outcome", "nfa", "--rationale", "x", NULL }, NULL, 3);
  decided = run_json (f, (const char *[]) { "referral", "decide", "1", "--outcome", "iaa", "--rationale", "Advice given",
                                            "--by", "Dana", "--at", "2026-11-20T15:00", NULL }, NULL, 0);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (json_node_get_object (decided), "decision"), "outcome"), ==, "iaa");

  acked = run_json (f, (const char *[]) { "referral", "acknowledge", "1", "--method", "letter", "--at", "2026-11-20T10:00", NULL }, NULL, 0);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (acked), "acknowledged_at"), ==, "2026-11-20T10:00:00");
  run_json (f, (const char *[]) { "referral", "acknowledge", "1", NULL }, NULL, 2);
  run_json (f, (const char *[]) { "referral", "acknowledge", "2", "--method", "pigeon", NULL }, NULL, 2);
  run_json (f, (const char *[]) { "referral", "confirm", "2", "--at", "2026-11-21T12:00", NULL }, NULL, 0);

  audit = run_json (f, (const char *[]) { "referral", "audit", "1", NULL }, NULL, 0);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (audit)), ==, 3);

  run_json (f, (const char *[]) { "referral", "show", "DTR-2099-000001", NULL }, NULL, 3);
  run_json (f, (const char *[]) { "referral", "show", NULL }, NULL, 2);
  run_json (f, (const char *[]) { "referral", "explode", NULL }, NULL, 2);
  run_json (f, (const char *[]) { "referral", "add", "--file", "-", NULL }, "{ not json", 2);
  run_json (f, (const char *[]) { "referral", "add", "--file", "-", NULL }, "[1, 2]", 2);
  run_json (f, (const char *[]) { "referral", "add", "--file", "/nonexistent/r.json", NULL }, NULL, 2);
  run_json (f, (const char *[]) { "referral", "add", "--file", "-", NULL }, "{\"children\": [{\"name\": \"A\", \"dob\": \"2030-01-01\"}]}", 2);
  run_json (f, (const char *[]) { "referral", "list", "--status", "lost", NULL }, NULL, 2);

  /* Nothing the refusals touched was written. */
  {
    g_autoptr(JsonNode) all = run_json (f, (const char *[]) { "referral", "list", NULL }, NULL, 0);
    g_assert_cmpint (json_object_get_int_member (json_node_get_object (all), "total"), ==, 2);
  }
}

/* Input that json-glib would crash on or take loosely is refused, naming
 * what is wrong, and nothing is saved. */
static void
test_hostile_input (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GString) arrays = g_string_new ("{\"children\": ");
  g_autoptr(GString) objects = g_string_new (NULL);
  struct {
    const char *input;
    const char *stderr_has;
  } cases[] = {
    { NULL, "--file: lists and objects are nested more than 32 deep" },
    { NULL, "--file: lists and objects are nested more than 32 deep" },
    { "{\"children\": [{\"name\": \"A\"}]} {\"children\": [{\"name\": \"B\"}]}", "more after the end of the JSON document (byte 31)" },
    { "{\"children\": [{\"name\": \"A\"}]} x", "more after the end of the JSON document" },
    { "{\"children\": [{\"name\": \"A\"}], \"concern\": \"one\", \"concern\": \"two\"}", "“concern” is given twice" },
    { "{\"children\": [{\"name\": \"A\", \"name\": \"B\"}]}", "“name” is given twice" },
    { "{\"children\": [{\"name\": \"A\\u0000B\"}]}", "NUL character" },
    { "{\"children\": [{\"name\": \"Sian\\u001b[2J\"}]}", "children[0].name: Holds a control character (U+001B)" },
  };

  for (guint i = 0; i < 100000; i++)
    g_string_append_c (arrays, '[');
  for (guint i = 0; i < 100000; i++)
    g_string_append (objects, "{\"a\":");
  cases[0].input = arrays->str;
  cases[1].input = objects->str;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = NULL, *err = NULL;
      int status;

      g_test_message ("case %u", i);
      status = dg_test_cli_run ((const char *[]) { "--db", f->db, "referral", "add", "--file", "-", NULL },
                                cases[i].input, &out, &err);
      g_test_message ("stderr: %.200s", err);
      g_assert_cmpint (status, ==, 2);
      g_assert_nonnull (strstr (err, cases[i].stderr_has));
      /* A short message, never the input echoed back. */
      g_assert_cmpuint (strlen (err), <, 400);
    }

  {
    g_autoptr(JsonNode) all = run_json (f, (const char *[]) { "referral", "list", NULL }, NULL, 0);
    g_assert_cmpint (json_object_get_int_member (json_node_get_object (all), "total"), ==, 0);
  }
}

/* A script that retries names its write: the same token never saves twice,
 * for a referral or an import, on either engine. */
static void
test_client_token (Fixture       *f,
                   gconstpointer  data)
{
  const char *csv = "child_name,received_at\nAled Token,2026-11-20T09:00\nBethan Token,2026-11-20T09:05\n";
  g_autoptr(JsonNode) first = NULL, second = NULL, other = NULL, imported = NULL, reimported = NULL, all = NULL;

  first = run_json (f, (const char *[]) { "referral", "add", "--client-token", "script-7", "--file", "-", NULL }, referral_json, 0);
  second = run_json (f, (const char *[]) { "referral", "add", "--client-token", "script-7", "--file", "-", NULL }, referral_json, 0);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (first), "reference"), ==,
                   json_object_get_string_member (json_node_get_object (second), "reference"));
  other = run_json (f, (const char *[]) { "referral", "add", "--client-token", "script-8", "--file", "-", NULL }, referral_json, 0);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (first), "reference"), !=,
                   json_object_get_string_member (json_node_get_object (other), "reference"));

  imported = run_json (f, (const char *[]) { "import", "csv", "--client-token", "import-1", "--file", "-", NULL }, csv, 0);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (imported), "imported"), ==, 2);
  g_assert_false (json_object_has_member (json_node_get_object (imported), "repeated"));
  reimported = run_json (f, (const char *[]) { "import", "csv", "--client-token", "import-1", "--file", "-", NULL }, csv, 0);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (reimported), "imported"), ==, 2);
  g_assert_true (json_object_get_boolean_member (json_node_get_object (reimported), "repeated"));

  /* A token is for one kind of change, and is short printable text. */
  run_json (f, (const char *[]) { "import", "csv", "--client-token", "script-7", "--file", "-", NULL }, csv, 2);
  run_json (f, (const char *[]) { "referral", "add", "--client-token", "two words", "--file", "-", NULL }, referral_json, 2);
  run_json (f, (const char *[]) { "referral", "add", "--client-token", "", "--file", "-", NULL }, referral_json, 2);

  all = run_json (f, (const char *[]) { "referral", "list", NULL }, NULL, 0);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (all), "total"), ==, 4);
}

static void
test_workdays (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(JsonNode) added = NULL, moved = NULL, list = NULL;

  added = run_json (f, (const char *[]) { "workdays", "add", "2026-12-24", "1", NULL }, NULL, 0);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (added), "date"), ==, "2026-12-29");
  run_json (f, (const char *[]) { "workdays", "closure", "add", "2026-12-29", "--reason", "Hub closed", NULL }, NULL, 0);
  moved = run_json (f, (const char *[]) { "workdays", "add", "2026-12-24", "1", NULL }, NULL, 0);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (moved), "date"), ==, "2026-12-30");
  list = run_json (f, (const char *[]) { "workdays", "closure", "list", NULL }, NULL, 0);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (list)), ==, 1);

  run_json (f, (const char *[]) { "workdays", "add", "2026-02-30", "1", NULL }, NULL, 2);
  run_json (f, (const char *[]) { "workdays", "add", "2026-12-24", "-1", NULL }, NULL, 2);
  run_json (f, (const char *[]) { "workdays", "add", "2026-12-24", NULL }, NULL, 2);
  run_json (f, (const char *[]) { "workdays", "closure", "add", "soon", NULL }, NULL, 2);
  run_json (f, (const char *[]) { "workdays", "holiday", NULL }, NULL, 2);
  json_node_unref (run_json (f, (const char *[]) { "timescales", "--overdue", NULL }, NULL, 0));
  {
    g_autoptr(JsonNode) rules = run_json (f, (const char *[]) { "workdays", "rule", "set", "decision", "--amount", "2", "--unit", "working-days", "--from", "2026-11-01", NULL }, NULL, 0);
    g_autoptr(JsonNode) later = NULL;
    JsonObject *first = NULL;

    for (guint i = 0; i < json_array_get_length (json_node_get_array (rules)); i++)
      if (g_str_equal (json_object_get_string_member (json_array_get_object_element (json_node_get_array (rules), i), "clock"), "decision"))
        {
          first = json_array_get_object_element (json_node_get_array (rules), i);
          break;
        }
    g_assert_nonnull (first);
    g_assert_cmpint (json_object_get_int_member (first, "amount"), ==, 2);
    g_assert_cmpstr (json_object_get_string_member (first, "effective_from"), ==, "2026-11-01");
    run_json (f, (const char *[]) { "workdays", "rule", "set", "decision", "--amount", "0", "--unit", "working-days", NULL }, NULL, 2);
    run_json (f, (const char *[]) { "workdays", "rule", "set", "lunch", "--amount", "1", "--unit", "weeks", NULL }, NULL, 2);
    later = run_json (f, (const char *[]) { "workdays", "rule", "list", NULL }, NULL, 0);
    /* The fifteen shipped rules (schema 15 added the minutes' two) and the new one for "decision". */
    g_assert_cmpuint (json_array_get_length (json_node_get_array (later)), ==, 16);
  }
  run_json (f, (const char *[]) { "timescales", "--limit", "-1", NULL }, NULL, 2);
  /* The worklist's filters: a clock and a rating checked, and every row's
   * working days overdue. */
  run_json (f, (const char *[]) { "timescales", "--clock", "lunch", NULL }, NULL, 2);
  run_json (f, (const char *[]) { "timescales", "--rag", "blue", NULL }, NULL, 2);
  run_json (f, (const char *[]) { "timescales", "--due-before", "soon", NULL }, NULL, 2);
  {
    g_autoptr(JsonNode) rows = run_json (f, (const char *[]) { "timescales", "--clock", "decision", "--due-before", "2030-01-01",
                                                               "--limit", "5", NULL }, NULL, 0);

    for (guint i = 0; i < json_array_get_length (json_node_get_array (rows)); i++)
      {
        JsonObject *o = json_array_get_object_element (json_node_get_array (rows), i);

        g_assert_cmpstr (json_object_get_string_member (o, "clock"), ==, "decision");
        g_assert_true (json_object_has_member (o, "days_overdue"));
        g_assert_cmpint (json_object_get_int_member (o, "days_overdue") > 0, ==,
                         g_str_equal (json_object_get_string_member (o, "state"), "overdue"));
      }
  }
}

static void
test_notify (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *file = g_build_filename (f->dir, "referral.json", NULL);
  g_autofree char *eml = g_build_filename (f->dir, "letter.eml", NULL);
  g_autofree char *bad = g_build_filename (f->dir, "bad.txt", NULL);
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(JsonNode) letter = NULL, sent = NULL, shown = NULL;
  const char *python = "/usr/bin/python3";
  int status;

  g_assert_true (g_file_set_contents (file, referral_json, -1, NULL));
  json_node_unref (run_json (f, (const char *[]) { "referral", "add", "--file", file, NULL }, NULL, 0));

  /* Welsh by default for a Welsh-speaking report-maker. */
  letter = run_json (f, (const char *[]) { "notify", "1", "--kind", "acknowledgement", NULL }, NULL, 0);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (letter), "language"), ==, "cy");
  g_assert_nonnull (strstr (json_object_get_string_member (json_node_get_object (letter), "body"), "Annwyl Ceri Jones"));

  run_json (f, (const char *[]) { "notify", "1", "--kind", "outcome", NULL }, NULL, 2);
  run_json (f, (const char *[]) { "notify", "1", "--kind", "acknowledgement", "--format", "pdf", NULL }, NULL, 2);
  run_json (f, (const char *[]) { "notify", "1", "--kind", "thanks", NULL }, NULL, 2);
  run_json (f, (const char *[]) { "notify", "7", "--kind", "acknowledgement", NULL }, NULL, 3);

  json_node_unref (run_json (f, (const char *[]) { "referral", "decide", "1", "--outcome", "nfa", "--rationale", "Below threshold", "--at", "2026-11-20T15:00", NULL }, NULL, 0));
  sent = run_json (f, (const char *[]) { "notify", "1", "--kind", "outcome", "--language", "en", "--format", "eml",
                                         "--output", eml, "--mark-sent", "--method", "email", NULL }, NULL, 0);
  g_assert_true (json_object_get_boolean_member (json_node_get_object (sent), "sent"));
  shown = run_json (f, (const char *[]) { "referral", "show", "1", NULL }, NULL, 0);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (shown), "status"), ==, "closed");

  /* A standard mail parser reads the file. */
  if (g_file_test (python, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_autofree char *script = g_strdup_printf ("import email, sys\n"
                                                 "m = email.message_from_bytes(open(sys.argv[1], 'rb').read())\n"
                                                 "body = m.get_payload(decode=True).decode('utf-8')\n"
                                                 "print(m['To'], m['Content-Language'], m['Subject'], 'DTR-2026-000001' in body, 'No further action' in body)\n");
      const char *argv[] = { python, "-c", script, eml, NULL };
      g_autofree char *py_out = NULL;

      g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &py_out, NULL, &status, NULL));
      g_assert_cmpint (status, ==, 0);
      g_assert_cmpstr (py_out, ==, "dsp@example.org en The outcome of your report DTR-2026-000001 True True\n");
    }

  /* A PDF letter that opens, and holds the reference. */
  {
    g_autofree char *pdf = g_build_filename (f->dir, "letter.pdf", NULL);
    g_autofree char *info = NULL, *text = NULL;
    const char *pdfinfo[] = { "pdfinfo", pdf, NULL };
    const char *pdftotext[] = { "pdftotext", pdf, "-", NULL };
    GStatBuf st;

    json_node_unref (run_json (f, (const char *[]) { "notify", "1", "--kind", "outcome", "--format", "pdf", "--output", pdf, NULL }, NULL, 0));
    run_json (f, (const char *[]) { "notify", "1", "--kind", "outcome", "--format", "pdf", NULL }, NULL, 2);
    g_assert_cmpint (g_stat (pdf, &st), ==, 0);
    g_assert_cmpuint (st.st_mode & 0777, ==, 0600);
    g_assert_true (g_spawn_sync (NULL, (char **) pdfinfo, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &info, NULL, &status, NULL));
    g_assert_cmpint (status, ==, 0);
    g_assert_nonnull (strstr (info, "Pages:"));
    g_assert_true (g_spawn_sync (NULL, (char **) pdftotext, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &text, NULL, &status, NULL));
    g_assert_cmpint (status, ==, 0);
    g_assert_nonnull (strstr (text, "DTR-2026-000001"));
    g_assert_nonnull (strstr (text, "Ceri Jones"));
  }

  /* One file per outcome owed to the school. */
  {
    g_autofree char *dir = g_build_filename (f->dir, "batch", NULL);
    g_autoptr(JsonNode) batch = NULL;

    json_node_unref (run_json (f, (const char *[]) { "referral", "add", "--file", file, NULL }, NULL, 0));
    json_node_unref (run_json (f, (const char *[]) { "referral", "decide", "2", "--outcome", "iaa", "--rationale", "Advice", NULL }, NULL, 0));
    batch = run_json (f, (const char *[]) { "notify", "batch", "--school", "ysgol enghraifft", "--output", dir, NULL }, NULL, 0);
    g_assert_cmpuint (json_array_get_length (json_node_get_array (batch)), ==, 1);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (json_node_get_array (batch), 0), "reference"), ==, "DTR-2026-000002");
    g_assert_true (g_file_test (json_object_get_string_member (json_array_get_object_element (json_node_get_array (batch), 0), "file"), G_FILE_TEST_EXISTS));
    run_json (f, (const char *[]) { "notify", "batch", NULL }, NULL, 2);
  }

  /* A template with an unknown placeholder is refused with its line. */
  g_assert_true (g_file_set_contents (bad, "Dear {{reporter.name}}\n{{referral.secret}}\n", -1, NULL));
  status = dg_test_cli_run ((const char *[]) { "--db", f->db, "template", "set", "outcome", "en", "--file", bad, NULL }, NULL, &out, &err);
  g_assert_cmpint (status, ==, 2);
  g_assert_nonnull (strstr (err, "line 2, column 1: unknown placeholder"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  status = dg_test_cli_run ((const char *[]) { "--db", f->db, "template", "show", "outcome", "cy", NULL }, NULL, &out, &err);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (out, "{{decision.reason}}"));
  g_assert_null (strstr (out, "rationale"));

  /* --base-version: a save over a version someone has since replaced is
   * refused, naming who, and the newer version stands. */
  {
    g_autofree char *good = g_build_filename (f->dir, "good.txt", NULL);
    g_autoptr(JsonNode) template = NULL;

    g_assert_true (g_file_set_contents (good, "Dear {{reporter.name}},\n{{decision.outcome_label}}\n", -1, NULL));
    json_node_unref (run_json (f, (const char *[]) { "template", "set", "outcome", "cy", "--file", good, "--base-version", "0", NULL }, NULL, 0));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    status = dg_test_cli_run ((const char *[]) { "--db", f->db, "template", "set", "outcome", "cy", "--file", good, "--base-version", "0", NULL },
                              NULL, &out, &err);
    g_assert_cmpint (status, ==, 4);
    g_assert_nonnull (strstr (err, "--base-version: Version 0 of the outcome template (cy) was opened, but "));
    template = run_json (f, (const char *[]) { "template", "show", "outcome", "cy", NULL }, NULL, 0);
    g_assert_cmpint (json_object_get_int_member (json_node_get_object (template), "version"), ==, 1);
    g_assert_nonnull (json_object_get_string_member (json_node_get_object (template), "saved_by"));
    run_json (f, (const char *[]) { "template", "set", "outcome", "cy", "--file", good, "--base-version", "-2", NULL }, NULL, 2);
  }
}

/* meeting response --was: a response changed since it was seen is refused,
 * exit 2, naming what it is now; nothing is written. */
static void
test_meeting_response (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *file = g_build_filename (f->dir, "referral.json", NULL);
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(JsonNode) shown = NULL;
  int status;

  g_assert_true (g_file_set_contents (file, referral_json, -1, NULL));
  json_node_unref (run_json (f, (const char *[]) { "referral", "add", "--file", file, NULL }, NULL, 0));
  json_node_unref (run_json (f, (const char *[]) { "meeting", "add", "--referral", "1", "--kind", "discussion", "--at", "2026-11-23T09:30", NULL }, NULL, 0));
  json_node_unref (run_json (f, (const char *[]) { "meeting", "invite", "1", "--agency", "police", NULL }, NULL, 0));
  json_node_unref (run_json (f, (const char *[]) { "meeting", "response", "1", "--agency", "police", "--status", "apologies",
                                                   "--was", "invited", NULL }, NULL, 0));
  status = dg_test_cli_run ((const char *[]) { "--db", f->db, "meeting", "response", "1", "--agency", "police",
                                               "--status", "attended", "--was", "invited", NULL }, NULL, &out, &err);
  g_assert_cmpint (status, ==, 4);
  g_assert_cmpstr (out, ==, "");
  g_assert_nonnull (strstr (err, "--was: The response from Police is now “Apologies”, recorded by "));
  run_json (f, (const char *[]) { "meeting", "response", "1", "--agency", "police", "--status", "attended", "--was", "maybe", NULL }, NULL, 2);
  shown = run_json (f, (const char *[]) { "meeting", "show", "1", NULL }, NULL, 0);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (
                     json_object_get_array_member (json_node_get_object (shown), "invitees"), 0), "status"), ==, "apologies");

  /* A section 47 enquiry with "no section 47 enquiry" as its determination
   * is refused, naming both, and nothing is recorded. */
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  status = dg_test_cli_run ((const char *[]) { "--db", f->db, "meeting", "outcome", "1", "--s47", "yes",
                                               "--determination", "none", NULL }, NULL, &out, &err);
  g_assert_cmpint (status, ==, 2);
  g_assert_cmpstr (out, ==, "");
  g_assert_nonnull (strstr (err, "--s47: A section 47 enquiry needs its determination, not “No section 47 enquiry”"));
  run_json (f, (const char *[]) { "meeting", "outcome", "1", "--s47", "no", "--determination", "not-substantiated", NULL }, NULL, 2);
  g_clear_pointer (&shown, json_node_unref);
  shown = run_json (f, (const char *[]) { "meeting", "show", "1", NULL }, NULL, 0);
  g_assert_true (json_node_is_null (json_object_get_member (json_node_get_object (shown), "outcome")) ||
                 !json_object_has_member (json_node_get_object (shown), "outcome"));
}

/* The lines of `report performance … --list CLOCK STATE` in text. */
static guint
listed_lines (Fixture    *f,
              const char *clock,
              const char *state,
              const char *per)
{
  g_autofree char *out = NULL, *err = NULL;
  g_auto(GStrv) lines = NULL;
  guint n = 0;

  g_assert_cmpint (dg_test_cli_run ((const char *[]) { "--db", f->db, "--now", "2026-11-23T10:00", "report", "performance",
                                                       "--from", "2025-01-01", "--to", "2025-12-31", "--per", per,
                                                       "--list", clock, state, NULL }, NULL, &out, &err), ==, 0);
  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (*lines[i] != '\0')
      {
        g_auto(GStrv) fields = g_strsplit (lines[i], "\t", -1);

        /* Per child, the referral's id and the child's. */
        g_assert_cmpuint (g_strv_length (fields), ==, g_str_equal (per, "child") ? 2 : 1);
        n++;
      }
  return n;
}

/* report performance --per and --list, and clock exception (issue 24). */
static void
test_figures (Fixture       *f,
              gconstpointer  data)
{
  const char *states[] = { "on-time", "late", "excepted", "overdue", "pending" };
  const char *members[] = { "on_time", "late", "excepted", "overdue", "pending" };
  g_autoptr(JsonNode) report = NULL, late = NULL, recorded = NULL, after = NULL, excepted = NULL, on_time = NULL;
  g_autofree char *id = NULL, *prompt = NULL;
  JsonObject *r;

  json_node_unref (run_json (f, (const char *[]) { "demo", "--referrals", "400", "--seed", "3", NULL }, NULL, 0));
  report = run_json (f, (const char *[]) { "report", "performance", "--from", "2025-01-01", "--to", "2025-12-31", NULL }, NULL, 0);
  r = json_node_get_object (report);
  for (guint per = 0; per < 2; per++)
    {
      JsonArray *clocks = json_object_get_array_member (per ? json_object_get_object_member (r, "per_child") : r, "clocks");

      for (guint i = 0; i < 6; i++)
        {
          JsonObject *c = json_array_get_object_element (clocks, i);

          for (guint s = 0; s < G_N_ELEMENTS (states); s++)
            g_assert_cmpint (listed_lines (f, json_object_get_string_member (c, "clock"), states[s], per ? "child" : "event"), ==,
                             json_object_get_int_member (c, members[s]));
        }
    }

  /* An agreed exception on a late decision: counted apart, and listed. */
  late = run_json (f, (const char *[]) { "report", "performance", "--from", "2025-01-01", "--to", "2025-12-31",
                                         "--list", "decision", "late", NULL }, NULL, 0);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (late), "count"), >, 0);
  id = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (json_array_get_object_element (
                          json_object_get_array_member (json_node_get_object (late), "items"), 0), "id"));
  run_json (f, (const char *[]) { "clock", "exception", id, "--clock", "decision", "--approved-by", "A. Manager", NULL }, NULL, 2);
  run_json (f, (const char *[]) { "clock", "exception", id, "--clock", "decision", "--reason", "Asked for", NULL }, NULL, 2);
  run_json (f, (const char *[]) { "clock", "exception", "999999", "--clock", "decision", "--reason", "Asked for",
                                  "--approved-by", "A. Manager", NULL }, NULL, 3);
  on_time = run_json (f, (const char *[]) { "report", "performance", "--from", "2025-01-01", "--to", "2025-12-31",
                                            "--list", "decision", "on-time", NULL }, NULL, 0);
  prompt = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (json_array_get_object_element (
                              json_object_get_array_member (json_node_get_object (on_time), "items"), 0), "id"));
  run_json (f, (const char *[]) { "clock", "exception", prompt, "--clock", "decision", "--reason", "Asked for",
                                  "--approved-by", "A. Manager", NULL }, NULL, 2);
  recorded = run_json (f, (const char *[]) { "clock", "exception", id, "--clock", "decision", "--reason", "The family asked for a later date",
                                             "--approved-by", "A. Manager", NULL }, NULL, 0);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (recorded), "state"), ==, "excepted");
  after = run_json (f, (const char *[]) { "report", "performance", "--from", "2025-01-01", "--to", "2025-12-31", NULL }, NULL, 0);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (
                     json_object_get_array_member (json_node_get_object (after), "clocks"), 2), "excepted"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (
                     json_object_get_array_member (json_node_get_object (after), "clocks"), 2), "late"), ==,
                   json_object_get_int_member (json_node_get_object (late), "count") - 1);
  excepted = run_json (f, (const char *[]) { "report", "performance", "--from", "2025-01-01", "--to", "2025-12-31",
                                             "--list", "decision", "excepted", NULL }, NULL, 0);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (
                     json_object_get_array_member (json_node_get_object (excepted), "items"), 0), "id"), ==,
                   g_ascii_strtoll (id, NULL, 10));

  /* Usage: a state is needed, a group only with --list, one group at a time. */
  run_json (f, (const char *[]) { "report", "performance", "--from", "2025-01-01", "--to", "2025-12-31", "--list", "decision", NULL }, NULL, 2);
  run_json (f, (const char *[]) { "report", "performance", "--from", "2025-01-01", "--to", "2025-12-31", "--agency", "police", NULL }, NULL, 2);
  run_json (f, (const char *[]) { "report", "performance", "--from", "2025-01-01", "--to", "2025-12-31", "--per", "sibling", NULL }, NULL, 2);
  run_json (f, (const char *[]) { "report", "performance", "--from", "2025-01-01", "--to", "2025-12-31",
                                  "--list", "decision", "late", "--agency", "police", "--month", "2025-01", NULL }, NULL, 2);

  /* The Meetings page's shares: the meetings that invited the police,
   * with those that did not, are every meeting held. */
  {
    g_autoptr(JsonNode) invited = run_json (f, (const char *[]) { "report", "performance", "--from", "2025-01-01", "--to", "2025-12-31",
                                                                  "--list", "meetings", "complete", "--invited", "police", NULL }, NULL, 0);
    g_autoptr(JsonNode) not_invited = run_json (f, (const char *[]) { "report", "performance", "--from", "2025-01-01", "--to", "2025-12-31",
                                                                      "--list", "meetings", "incomplete", "--invited", "police", NULL }, NULL, 0);

    g_assert_cmpint (json_object_get_int_member (json_node_get_object (invited), "count"), >, 0);
    g_assert_cmpint (json_object_get_int_member (json_node_get_object (invited), "count") +
                     json_object_get_int_member (json_node_get_object (not_invited), "count"), ==,
                     json_object_get_int_member (json_object_get_object_member (r, "meetings"), "count"));
  }
}

static void
test_demo (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(JsonNode) demo = NULL, list = NULL;
  g_autofree char *second = g_build_filename (f->dir, "second.db", NULL);
  g_autofree char *out1 = NULL, *out2 = NULL, *err = NULL;

  demo = run_json (f, (const char *[]) { "demo", "--referrals", "300", "--seed", "7", NULL }, NULL, 0);
  list = run_json (f, (const char *[]) { "referral", "list", "--limit", "5", NULL }, NULL, 0);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (list), "total"), ==, 300);
  run_json (f, (const char *[]) { "demo", "--referrals", "0", NULL }, NULL, 2);

  /* Managers' figures and the CSV export over the same data. */
  {
    g_autoptr(JsonNode) report = run_json (f, (const char *[]) { "report", "performance", "--from", "2024-01-01", "--to", "2026-11-23", NULL }, NULL, 0);
    g_autoptr(JsonNode) csv = NULL;
    g_autofree char *path = g_build_filename (f->dir, "referrals.csv", NULL);
    g_autofree char *contents = NULL;
    JsonArray *clocks = json_object_get_array_member (json_node_get_object (report), "clocks");
    GStatBuf st;

    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (clocks, 1), "clock"), ==, "acknowledgement");
    g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (clocks, 1), "count"), >, 100);
    run_json (f, (const char *[]) { "report", "performance", "--from", "2026-12-01", "--to", "2026-01-01", NULL }, NULL, 2);
    run_json (f, (const char *[]) { "report", "performance", "--to", "2026-01-01", NULL }, NULL, 2);

    csv = run_json (f, (const char *[]) { "export", "csv", "--what", "referrals", "--output", path, NULL }, NULL, 0);
    g_assert_cmpint (json_object_get_int_member (json_node_get_object (csv), "rows"), ==, 300);
    g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
    g_assert_true (g_str_has_prefix (contents, "reference,received_at,"));
    g_assert_cmpint (g_stat (path, &st), ==, 0);
    g_assert_cmpuint (st.st_mode & 0777, ==, 0600);
    run_json (f, (const char *[]) { "export", "csv", "--what", "children", "--output", path, NULL }, NULL, 2);
  }

  /* The same seed gives the same data. */
  g_assert_cmpint (dg_test_cli_run ((const char *[]) { "--db", second, "--now", "2026-11-23T10:00", "demo", "--referrals", "300", "--seed", "7", NULL }, NULL, NULL, &err), ==, 0);
  dg_test_cli_run ((const char *[]) { "--db", f->db, "--now", "2026-11-23T10:00", "--json", "referral", "list", "--limit", "20", NULL }, NULL, &out1, NULL);
  dg_test_cli_run ((const char *[]) { "--db", second, "--now", "2026-11-23T10:00", "--json", "referral", "list", "--limit", "20", NULL }, NULL, &out2, NULL);
  g_assert_cmpstr (out1, ==, out2);
}

static void
test_import (Fixture       *f,
             gconstpointer  data)
{
  const char *csv = "Date received,Child's name,Agency,Favourite colour\n"
                    "20/11/2026 09:30,Siân Jones,education,blue\n"
                    "21/11/2026 10:00,Cai Evans,health,red\n";
  g_autofree char *path = g_build_filename (f->dir, "import.csv", NULL);
  g_autoptr(JsonNode) checked = NULL;
  g_autoptr(JsonNode) done = NULL;
  g_autoptr(JsonNode) list = NULL;
  g_autofree char *out = NULL, *err = NULL;
  const char *argv[] = { "--db", f->db, "import", "csv", "--file", path, NULL };

  g_assert_true (g_file_set_contents (path, csv, -1, NULL));
  /* An unknown column is invalid input (2), named on stderr, and nothing is written. */
  g_assert_cmpint (dg_test_cli_run (argv, NULL, &out, &err), ==, 2);
  g_assert_nonnull (strstr (err, "Line 1, column “Favourite colour”"));
  g_assert_nonnull (strstr (err, "Nothing was imported"));
  run_json (f, (const char *[]) { "import", "csv", "--file", path, "--map", "Favourite colour", NULL }, NULL, 2);

  checked = run_json (f, (const char *[]) { "import", "csv", "--file", path, "--map", "Favourite colour=", "--dry-run", NULL }, NULL, 0);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (checked), "rows"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (checked), "imported"), ==, 0);
  list = run_json (f, (const char *[]) { "referral", "list", NULL }, NULL, 0);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (list), "total"), ==, 0);

  /* From standard input, with the column left out: both saved. */
  done = run_json (f, (const char *[]) { "import", "csv", "--file", "-", "--map", "Favourite colour=", NULL }, csv, 0);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (done), "imported"), ==, 2);
  g_clear_pointer (&list, json_node_unref);
  list = run_json (f, (const char *[]) { "referral", "list", NULL }, NULL, 0);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (list), "total"), ==, 2);

  /* Excel's "CSV (Comma delimited)": Windows-1252, read exactly. */
  {
    const char *cp1252 = "Date received,Child's name,Agency,Concern\r\n"
                         "22/11/2026 11:05:30,Si\xE2n Price,education,Lunch \xA3" "3\r\n";
    g_autoptr(JsonNode) read = NULL;
    g_autoptr(JsonNode) last = NULL;
    g_autofree char *listed = NULL;

    g_assert_true (g_file_set_contents (path, cp1252, -1, NULL));
    read = run_json (f, (const char *[]) { "import", "csv", "--file", path, NULL }, NULL, 0);
    g_assert_cmpstr (json_object_get_string_member (json_node_get_object (read), "encoding"), ==, "Windows-1252");
    last = run_json (f, (const char *[]) { "referral", "list", NULL }, NULL, 0);
    listed = json_to_string (last, FALSE);
    g_assert_nonnull (strstr (listed, "Si\u00e2n Price"));
  }

  /* Not CSV at all: invalid input, naming the line. */
  run_json (f, (const char *[]) { "import", "csv", "--file", "-", NULL }, "a,\"b\n", 2);
  g_remove (path);
}

/* Rated and amended from a script: the rating, a child's name, a child
 * added; a stale version exits 4 with nothing written. */
static void
test_amend (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *file = g_build_filename (f->dir, "referral.json", NULL);
  g_autofree char *patch = g_build_filename (f->dir, "patch.json", NULL);
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(JsonNode) shown = NULL, audit = NULL;
  JsonObject *o;
  int status;

  g_assert_true (g_file_set_contents (file, referral_json, -1, NULL));
  g_assert_true (g_file_set_contents (patch, "{\"children\": [{\"name\": \"Siân Morgan\"}, {\"name\": \"Ifan Morgan\"}]}", -1, NULL));
  json_node_unref (run_json (f, (const char *[]) { "referral", "add", "--file", file, NULL }, NULL, 0));
  shown = run_json (f, (const char *[]) { "referral", "rate", "1", "--rag", "red", NULL }, NULL, 0);
  o = json_node_get_object (shown);
  g_assert_cmpstr (json_object_get_string_member (o, "rag"), ==, "red");
  g_assert_cmpint (json_object_get_int_member (o, "version"), ==, 2);
  run_json (f, (const char *[]) { "referral", "rate", "1", "--rag", "pink", NULL }, NULL, 2);
  run_json (f, (const char *[]) { "referral", "amend", "1", NULL }, NULL, 2);

  g_clear_pointer (&shown, json_node_unref);
  shown = run_json (f, (const char *[]) { "referral", "amend", "1", "--file", patch, "--base-version", "2", NULL }, NULL, 0);
  o = json_node_get_object (shown);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "children")), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (json_object_get_array_member (o, "children"), 1),
                                                  "name"), ==, "Ifan Morgan");

  /* Read at version 2, changed since: exit 4, naming who. */
  status = dg_test_cli_run ((const char *[]) { "--db", f->db, "referral", "amend", "1", "--file", patch, "--base-version", "2", NULL },
                            NULL, &out, &err);
  g_assert_cmpint (status, ==, 4);
  g_assert_cmpstr (out, ==, "");
  g_assert_nonnull (strstr (err, "--base-version: "));
  g_assert_nonnull (strstr (err, " changed this referral at "));

  audit = run_json (f, (const char *[]) { "referral", "audit", "1", NULL }, NULL, 0);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (audit)), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (json_node_get_array (audit), 2), "action"), ==, "amend");
}

/* A refusal with --json: the document names @field; without, stderr names
 * its option. */
static void
assert_refused (Fixture     *f,
                const char **args,
                const char  *field)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *out = NULL, *err = NULL, *option = g_strdup_printf ("--%s: ", field);
  g_autoptr(JsonNode) refusal = NULL;
  JsonObject *o;

  g_ptr_array_add (argv, (gpointer) "--db");
  g_ptr_array_add (argv, f->db);
  g_ptr_array_add (argv, (gpointer) "--now");
  g_ptr_array_add (argv, (gpointer) "2026-11-23T10:00");
  g_ptr_array_add (argv, (gpointer) "--json");
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  g_assert_cmpint (dg_test_cli_run ((const char * const *) argv->pdata, NULL, &out, &err), ==, 2);
  g_test_message ("stderr: %s", err);
  g_assert_nonnull (strstr (err, option));
  refusal = dg_test_parse_json (out);
  o = json_object_get_object_member (json_node_get_object (refusal), "error");
  g_assert_cmpstr (json_object_get_string_member (o, "code"), ==, "invalid");
  g_assert_cmpstr (json_object_get_string_member (o, "field"), ==, field);
}

/* Issue 23: referral chase, disagreement and offer, and what referral show
 * and the letters make of them. */
static void
test_ledger_commands (Fixture       *f,
                      gconstpointer  data)
{
  const char *commands[] = { "chase", "disagreement", "offer" };
  g_autoptr(JsonNode) chase = NULL, reply = NULL, raised = NULL, offer = NULL, shown = NULL, letter = NULL;
  JsonObject *o, *due;

  json_node_unref (run_json (f, (const char *[]) { "referral", "add", "--file", "-", NULL }, referral_json, 0));

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autofree char *out = NULL, *err = NULL;

      g_assert_cmpint (dg_test_cli_run ((const char *[]) { "--db", f->db, "referral", commands[i], "--help", NULL },
                                        NULL, &out, &err), ==, 0);
      g_assert_nonnull (strstr (out, i == 2 ? "--choice" : "--note"));
      g_assert_nonnull (strstr (out, "--at"));
    }

  /* Friday 16:00: a reply is due on Monday. */
  chase = run_json (f, (const char *[]) { "referral", "chase", "1", "--note", "Phoned: any news?", "--at", "2026-11-20T16:00",
                                          NULL }, NULL, 0);
  o = json_node_get_object (chase);
  g_assert_cmpstr (json_object_get_string_member (o, "kind"), ==, "chase");
  g_assert_cmpstr (json_object_get_string_member (o, "step"), ==, "raised");
  g_assert_cmpstr (json_object_get_string_member (o, "note"), ==, "Phoned: any news?");
  g_assert_cmpstr (json_object_get_string_member (o, "at"), ==, "2026-11-20T16:00:00");
  g_assert_cmpstr (json_object_get_string_member (o, "clock"), ==, "chase-reply");
  g_assert_cmpstr (json_object_get_string_member (o, "due"), ==, "2026-11-23");
  g_assert_cmpstr (json_object_get_string_member (o, "state"), ==, "pending");
  assert_refused (f, (const char *[]) { "referral", "chase", "1", "--at", "2026-11-23T09:00", NULL }, "note");
  assert_refused (f, (const char *[]) { "referral", "chase", "1", "--note", "Rang back", "--replied", "--at", "2026-11-20T15:00", NULL }, "at");
  reply = run_json (f, (const char *[]) { "referral", "chase", "1", "--note", "Rang back", "--replied", NULL }, NULL, 0);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (reply), "step"), ==, "replied");
  assert_refused (f, (const char *[]) { "referral", "chase", "1", "--note", "Rang back again", "--replied", NULL }, "replied");
  run_json (f, (const char *[]) { "referral", "chase", "99", "--note", "Nobody", NULL }, NULL, 3);

  assert_refused (f, (const char *[]) { "referral", "disagreement", "1", "--step", "discussed", "--note", "Talked", NULL }, "step");
  assert_refused (f, (const char *[]) { "referral", "disagreement", "1", "--note", "Talked", NULL }, "step");
  raised = run_json (f, (const char *[]) { "referral", "disagreement", "1", "--step", "raised", "--note", "Disagrees with NFA",
                                           "--at", "2026-11-20T12:00", NULL }, NULL, 0);
  o = json_node_get_object (raised);
  g_assert_cmpstr (json_object_get_string_member (o, "clock"), ==, "disagreement-discussed");
  g_assert_cmpstr (json_object_get_string_member (o, "due"), ==, "2026-11-27");
  assert_refused (f, (const char *[]) { "referral", "disagreement", "1", "--step", "escalated", "--note", "To the senior manager",
                                        NULL }, "step");

  /* Given at intake, the report-maker's Welsh; declined now: English. */
  assert_refused (f, (const char *[]) { "referral", "offer", "1", "--person", "teacher", "--choice", "cy", NULL }, "person");
  assert_refused (f, (const char *[]) { "referral", "offer", "1", "--person", "child", "--choice", "fr", NULL }, "choice");
  letter = run_json (f, (const char *[]) { "notify", "1", "--kind", "acknowledgement", NULL }, NULL, 0);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (letter), "language"), ==, "cy");
  offer = run_json (f, (const char *[]) { "referral", "offer", "1", "--person", "report-maker", "--choice", "declined",
                                          "--name", "Ceri Jones", "--at", "2026-11-23T09:00", NULL }, NULL, 0);
  o = json_node_get_object (offer);
  g_assert_cmpstr (json_object_get_string_member (o, "person"), ==, "report-maker");
  g_assert_cmpstr (json_object_get_string_member (o, "name"), ==, "Ceri Jones");
  g_assert_cmpstr (json_object_get_string_member (o, "choice"), ==, "declined");
  g_assert_cmpstr (json_object_get_string_member (o, "offered_at"), ==, "2026-11-23T09:00:00");
  g_clear_pointer (&letter, json_node_unref);
  letter = run_json (f, (const char *[]) { "notify", "1", "--kind", "acknowledgement", NULL }, NULL, 0);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (letter), "language"), ==, "en");

  shown = run_json (f, (const char *[]) { "referral", "show", "1", NULL }, NULL, 0);
  o = json_node_get_object (shown);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "ledger")), ==, 3);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "language_offers")), ==, 2);
  due = json_object_get_object_member (o, "due");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (due, "chase-reply"), "state"), ==, "on-time");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (due, "disagreement-discussed"), "due"), ==,
                   "2026-11-27");
}


/* diogelu-cli disclosure: the review copy alone, then the signed-off pack
 * whose PDF and JSON hold no report-maker's name (issue 25). */
static void
test_disclosure (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *file = g_build_filename (f->dir, "referral.json", NULL);
  g_autofree char *dir = g_build_filename (f->dir, "pack", NULL);
  g_autofree char *pdf = g_build_filename (dir, "disclosure.pdf", NULL);
  g_autofree char *json = g_build_filename (dir, "disclosure.json", NULL);
  g_autofree char *text = NULL, *contents = NULL;
  g_autoptr(JsonNode) review = NULL, signed_off = NULL;
  const char *pdftotext[] = { "pdftotext", pdf, "-", NULL };
  JsonArray *redactions;
  int status;

  g_assert_true (g_file_set_contents (file, referral_json, -1, NULL));
  json_node_unref (run_json (f, (const char *[]) { "referral", "add", "--file", file, NULL }, NULL, 0));
  run_json (f, (const char *[]) { "disclosure", "--output", dir, NULL }, NULL, 2);
  run_json (f, (const char *[]) { "disclosure", "--referral", "1", NULL }, NULL, 2);
  run_json (f, (const char *[]) { "disclosure", "--referral", "99", "--output", dir, NULL }, NULL, 3);
  run_json (f, (const char *[]) { "disclosure", "--referral", "1", "--output", dir, "--release", "R99", NULL }, NULL, 2);

  review = run_json (f, (const char *[]) { "disclosure", "--referral", "1", "--output", dir, NULL }, NULL, 0);
  g_assert_false (json_object_get_boolean_member (json_node_get_object (review), "signed_off"));
  g_assert_false (g_file_test (pdf, G_FILE_TEST_EXISTS));
  redactions = json_object_get_array_member (json_node_get_object (review), "redactions");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (redactions, 0), "code"), ==, "report-maker");

  signed_off = run_json (f, (const char *[]) { "disclosure", "--child-name", "Sian Morgan", "--output", dir,
                                               "--reviewer", "Rhian Reviewer", NULL }, NULL, 0);
  g_assert_true (json_object_get_boolean_member (json_node_get_object (signed_off), "signed_off"));
  g_assert_true (g_spawn_sync (NULL, (char **) pdftotext, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &text, NULL, &status, NULL));
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (text, "Siân Morgan"));
  g_assert_null (strstr (text, "Ceri Jones"));
  g_assert_null (strstr (text, "dsp@example.org"));
  g_assert_true (g_file_get_contents (json, &contents, NULL, NULL));
  g_assert_null (strstr (contents, "Ceri Jones"));
  g_assert_nonnull (strstr (contents, "report-maker]"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(name, func) g_test_add (name, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/cli/init-and-check", test_init_and_check);
  ADD ("/cli/db-from-environment", test_db_from_environment);
  ADD ("/cli/backup", test_backup);
  ADD ("/cli/exit-codes", test_exit_codes);
  ADD ("/cli/referral-commands", test_referral_commands);
  ADD ("/cli/amend", test_amend);
  ADD ("/cli/hostile-input", test_hostile_input);
  ADD ("/cli/client-token", test_client_token);
  ADD ("/cli/demo", test_demo);
  ADD ("/cli/figures", test_figures);
  ADD ("/cli/workdays", test_workdays);
  ADD ("/cli/notify", test_notify);
  ADD ("/cli/disclosure", test_disclosure);
  ADD ("/cli/meeting-response", test_meeting_response);
  ADD ("/cli/import", test_import);
  ADD ("/cli/ledger", test_ledger_commands);
#undef ADD

  return g_test_run ();
}
