/* diogelu-cli's conventions (issue 26): --version, --help at every level,
 * the exit codes of a conflict and of a busy database, one exit code for
 * a file that cannot be read, "--file -", import's row errors as JSON and
 * the daily backup the systemd timer runs. */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "dg-core.h"
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

  f->dir = g_dir_make_tmp ("dg-test-conventions-XXXXXX", &error);
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

/* Runs `diogelu-cli --db DB --now … --json ARGS`, expecting @expect; returns
 * standard output parsed (a refusal's document when @expect is not 0). */
static JsonNode *
run_json (Fixture     *f,
          const char **args,
          const char  *stdin_text,
          int          expect)
{
  return dg_test_cli_json_at (f->db, "2026-11-23T10:00", args, stdin_text, expect);
}

/* The refusal's member @name of a --json refusal document. */
static JsonObject *
refusal_of (JsonNode *doc)
{
  JsonObject *o = json_object_get_object_member (json_node_get_object (doc), "error");

  g_assert_nonnull (o);
  return o;
}

static void
test_version (void)
{
  g_autofree char *out = NULL, *err = NULL;
  g_autofree char *expected = g_strdup_printf ("diogelu-cli %s\n", PACKAGE_VERSION);

  g_assert_cmpint (dg_test_cli_run ((const char *[]) { "--version", NULL }, NULL, &out, &err), ==, 0);
  g_assert_cmpstr (out, ==, expected);
}

/* The words a help text lists under @heading ("Commands:"), one an
 * indented line, each entry the leading words in lower case ("closure
 * add DATE" gives "closure add"). */
static GPtrArray *
listed_under (const char *help,
              const char *heading)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *at = strstr (help, heading);
  g_auto(GStrv) lines = NULL;

  if (at == NULL)
    return NULL;
  lines = g_strsplit (at + strlen (heading), "\n", -1);
  /* lines[0] is the rest of the heading's own line. */
  for (guint i = 1; lines[i] != NULL && g_str_has_prefix (lines[i], "  "); i++)
    {
      g_auto(GStrv) words = g_strsplit (g_strstrip (lines[i]), " ", -1);
      g_autoptr(GString) name = g_string_new (NULL);

      for (guint w = 0; words[w] != NULL && *words[w] != '\0' &&
                        strspn (words[w], "abcdefghijklmnopqrstuvwxyz-") == strlen (words[w]); w++)
        g_string_append_printf (name, "%s%s", name->len > 0 ? " " : "", words[w]);
      if (name->len > 0)
        g_ptr_array_add (names, g_string_free (g_steal_pointer (&name), FALSE));
    }
  return g_steal_pointer (&names);
}

/* Runs `diogelu-cli WORDS --help`: exit 0, some help on standard output,
 * nothing on standard error and no database created; then the same for
 * every subcommand the help lists. Counts the commands seen in @seen. */
static void
help_of (const char *db,
         const char *words,
         guint      *seen)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) split = g_strsplit (words, " ", -1);
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(GPtrArray) subcommands = NULL;
  int status;

  g_ptr_array_add (argv, g_strdup ("--db"));
  g_ptr_array_add (argv, g_strdup (db));
  for (guint i = 0; split[i] != NULL; i++)
    if (*split[i] != '\0')
      g_ptr_array_add (argv, g_strdup (split[i]));
  g_ptr_array_add (argv, g_strdup ("--help"));
  g_ptr_array_add (argv, NULL);

  status = dg_test_cli_run ((const char * const *) argv->pdata, NULL, &out, &err);
  g_test_message ("diogelu-cli %s --help: %d\n%s%s", words, status, out, err);
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpstr (err, ==, "");
  g_assert_nonnull (strstr (out, "Usage:"));
  g_assert_false (g_file_test (db, G_FILE_TEST_EXISTS));
  (*seen)++;

  subcommands = listed_under (out, *words == '\0' ? "Commands:" : "Subcommands:");
  for (guint i = 0; subcommands != NULL && i < subcommands->len; i++)
    {
      g_autofree char *deeper = *words == '\0' ? g_strdup (g_ptr_array_index (subcommands, i))
                                               : g_strdup_printf ("%s %s", words, (char *) g_ptr_array_index (subcommands, i));

      help_of (db, deeper, seen);
    }
}

static void
test_help_everywhere (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *never = g_build_filename (f->dir, "never.db", NULL);
  /* Counted by hand from main.c and the subcommand tables of app/cli/:
   * the top level, 19 commands, then referral 16, meeting 15, notify 4,
   * template 3, hub 2, report 4 (and report snapshot 3), audit 2, clock 1,
   * retention 6 (and retention hold 3), export 1, import 1 and workdays 9
   * ("closure add", "rule set"…). */
  const guint expected = 1 + 19 + 16 + 15 + 4 + 3 + 2 + 4 + 3 + 2 + 1 + 6 + 3 + 1 + 1 + 9;
  guint seen = 0;

  help_of (never, "", &seen);
  g_assert_cmpuint (seen, ==, expected);
}

static void
test_conflict_and_busy (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *template = g_build_filename (f->dir, "template.txt", NULL);
  g_autofree char *referral = g_build_filename (f->dir, "referral.json", NULL);
  g_autoptr(JsonNode) conflict = NULL, busy = NULL, saved = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DgDb) holder = NULL;

  g_assert_true (g_file_set_contents (template, "Dear {{reporter.name}},\n{{decision.outcome_label}}\n", -1, NULL));
  g_assert_true (g_file_set_contents (referral,
                                      "{\"received_at\": \"2026-11-20T09:30\", \"channel\": \"phone\","
                                      " \"reporter\": {\"name\": \"Ceri Jones\", \"agency\": \"education\"},"
                                      " \"children\": [{\"name\": \"Siân Morgan\", \"dob\": \"2015-04-01\"}],"
                                      " \"categories\": [\"neglect\"], \"concern\": \"Arrived hungry\", \"rag\": \"amber\"}",
                                      -1, NULL));
  json_node_unref (run_json (f, (const char *[]) { "init", NULL }, NULL, 0));

  /* Conflict, 4: a save over a version someone else has replaced since. */
  saved = run_json (f, (const char *[]) { "template", "set", "outcome", "en", "--file", template, "--base-version", "0", NULL }, NULL, 0);
  conflict = run_json (f, (const char *[]) { "template", "set", "outcome", "en", "--file", template, "--base-version", "0", NULL }, NULL, 4);
  g_assert_cmpstr (json_object_get_string_member (refusal_of (conflict), "code"), ==, "conflict");

  /* Busy, 5: another program holds the database's write lock. */
  holder = dg_db_open (f->db, DG_DB_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_true (dg_db_exec (holder, DG_DB_SQL (holder, "BEGIN EXCLUSIVE",
                                                "BEGIN; LOCK TABLE referral IN ACCESS EXCLUSIVE MODE"), &error));
  g_assert_no_error (error);
  g_setenv ("DIOGELU_BUSY_TIMEOUT_MS", "200", TRUE);
  g_setenv ("PGOPTIONS", "-c lock_timeout=300", TRUE);
  busy = run_json (f, (const char *[]) { "referral", "add", "--file", referral, NULL }, NULL, 5);
  g_assert_cmpstr (json_object_get_string_member (refusal_of (busy), "code"), ==, "busy");
  g_assert_true (dg_db_exec (holder, "ROLLBACK", &error));
  g_unsetenv ("PGOPTIONS");
  g_unsetenv ("DIOGELU_BUSY_TIMEOUT_MS");

  /* The lock gone, the same command saves. */
  json_node_unref (run_json (f, (const char *[]) { "referral", "add", "--file", referral, NULL }, NULL, 0));
}

/* A file that cannot be read is invalid input, 2, in every command that
 * reads one, naming the option and the file. */
static void
test_unreadable_file (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *missing = g_build_filename (f->dir, "missing.txt", NULL);
  const char *commands[][7] = {
    { "referral", "add", "--file", missing, NULL },
    { "template", "set", "outcome", "en", "--file", missing, NULL },
    { "hub", "set", "name", "--file", missing, NULL },
    { "import", "csv", "--file", missing, NULL },
    { "workdays", "import-govuk", "--file", missing, NULL },
  };

  json_node_unref (run_json (f, (const char *[]) { "init", NULL }, NULL, 0));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autoptr(JsonNode) refused = run_json (f, commands[i], NULL, 2);
      JsonObject *o = refusal_of (refused);

      g_assert_cmpstr (json_object_get_string_member (o, "code"), ==, "invalid");
      g_assert_cmpstr (json_object_get_string_member (o, "field"), ==, "file");
      g_assert_cmpstr (json_object_get_string_member (o, "value"), ==, missing);
    }
}

/* template set reads standard input with --file -. */
static void
test_template_from_stdin (Fixture       *f,
                          gconstpointer  data)
{
  const char *text = "Annwyl {{reporter.name}},\n{{decision.outcome_label}}\n";
  g_autofree char *out = NULL, *err = NULL;

  json_node_unref (run_json (f, (const char *[]) { "init", NULL }, NULL, 0));
  json_node_unref (run_json (f, (const char *[]) { "template", "set", "outcome", "cy", "--file", "-", NULL }, text, 0));
  g_assert_cmpint (dg_test_cli_run ((const char *[]) { "--db", f->db, "template", "show", "outcome", "cy", NULL }, NULL, &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, text));
}

/* import --json: the refusal is one document whose errors name each row,
 * its column, the field, the value and the message. */
static void
test_import_errors_json (Fixture       *f,
                         gconstpointer  data)
{
  const char *csv = "Date received,Child's name,Date of birth\n"
                    "20/11/2026 09:30,Siân Jones,2015-04-01\n"
                    "21/11/2026 10:00,Cai Evans,2031-01-01\n";
  g_autoptr(JsonNode) refused = NULL, list = NULL;
  JsonObject *o, *e;
  JsonArray *errors;

  refused = run_json (f, (const char *[]) { "import", "csv", "--file", "-", NULL }, csv, 2);
  o = refusal_of (refused);
  g_assert_cmpstr (json_object_get_string_member (o, "code"), ==, "invalid");
  g_assert_nonnull (json_object_get_string_member (o, "message"));
  errors = json_object_get_array_member (o, "errors");
  g_assert_cmpuint (json_array_get_length (errors), ==, 1);
  e = json_array_get_object_element (errors, 0);
  g_assert_cmpint (json_object_get_int_member (e, "row"), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (e, "column"), ==, "Date of birth");
  g_assert_cmpstr (json_object_get_string_member (e, "field"), ==, "children[0].dob");
  g_assert_cmpstr (json_object_get_string_member (e, "value"), ==, "2031-01-01");
  g_assert_nonnull (json_object_get_string_member (e, "message"));

  /* All or none: the good row was not imported either. */
  list = run_json (f, (const char *[]) { "referral", "list", NULL }, NULL, 0);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (list), "total"), ==, 0);
}

/* The timer's command: today's copy beside the database and in the second
 * location, once a day, the newest --keep kept. */
static void
test_backup_daily (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *second = g_build_filename (f->dir, "share", NULL);
  g_autofree char *first = NULL;
  g_autoptr(JsonNode) done = NULL, again = NULL, next = NULL;
  g_autofree char *out = NULL, *err = NULL;
  JsonArray *a;

  if (dg_test_db_is_pg ())
    {
      /* The server keeps a PostgreSQL database's copies: refused as such. */
      json_node_unref (run_json (f, (const char *[]) { "init", NULL }, NULL, 0));
      json_node_unref (run_json (f, (const char *[]) { "backup", "--daily", NULL }, NULL, 2));
      return;
    }
  first = g_build_filename (f->dir, "backups", NULL);
  json_node_unref (run_json (f, (const char *[]) { "init", NULL }, NULL, 0));

  done = run_json (f, (const char *[]) { "backup", "--daily", "--to", second, NULL }, NULL, 0);
  a = json_node_get_array (done);
  g_assert_cmpuint (json_array_get_length (a), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *expected = g_build_filename (i == 0 ? first : second, "diogelu-2026-11-23.db", NULL);

      g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (a, i), "backup"), ==, expected);
      g_assert_true (g_file_test (expected, G_FILE_TEST_IS_REGULAR));
    }

  /* Run again the same day: already there, nothing written. */
  again = run_json (f, (const char *[]) { "backup", "--daily", "--to", second, NULL }, NULL, 0);
  g_assert_true (json_object_get_null_member (json_array_get_object_element (json_node_get_array (again), 1), "backup"));

  /* The next day with --keep 1: only the newest copy stays. */
  g_assert_cmpint (dg_test_cli_run ((const char *[]) { "--db", f->db, "--now", "2026-11-24T10:00", "backup", "--daily",
                                                       "--keep", "1", "--to", second, NULL }, NULL, &out, &err), ==, 0);
  g_assert_true (g_file_test (second, G_FILE_TEST_IS_DIR));
  {
    g_autofree char *old = g_build_filename (second, "diogelu-2026-11-23.db", NULL);
    g_autofree char *kept = g_build_filename (second, "diogelu-2026-11-24.db", NULL);

    g_assert_false (g_file_test (old, G_FILE_TEST_EXISTS));
    g_assert_true (g_file_test (kept, G_FILE_TEST_IS_REGULAR));
  }

  /* Usage: --keep without --daily, a FILE with it. */
  json_node_unref (run_json (f, (const char *[]) { "backup", "--keep", "3", "x.db", NULL }, NULL, 2));
  json_node_unref (run_json (f, (const char *[]) { "backup", "--daily", "x.db", NULL }, NULL, 2));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli-conventions/version", test_version);
#define ADD(path, fn) g_test_add ("/cli-conventions/" path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("help", test_help_everywhere);
  ADD ("conflict-and-busy", test_conflict_and_busy);
  ADD ("unreadable-file", test_unreadable_file);
  ADD ("template-stdin", test_template_from_stdin);
  ADD ("import-errors-json", test_import_errors_json);
  ADD ("backup-daily", test_backup_daily);
#undef ADD

  return g_test_run ();
}
