#include "config.h"

#include <glib/gstdio.h>

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
  f->db = g_build_filename (f->dir, "diogelu.db", NULL);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GDir) dir = g_dir_open (f->dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (f->dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (f->dir);
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
#undef ADD

  return g_test_run ();
}
