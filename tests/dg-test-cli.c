#include "config.h"

#include <gio/gio.h>

#include "dg-test-cli.h"

int
dg_test_cli_run (const char * const  *argv,
                 const char          *stdin_text,
                 char               **out,
                 char               **err)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  const char *cli = g_getenv ("DIOGELU_CLI");

  g_assert_nonnull (cli);
  g_ptr_array_add (args, (gpointer) cli);
  for (guint i = 0; argv[i] != NULL; i++)
    g_ptr_array_add (args, (gpointer) argv[i]);
  g_ptr_array_add (args, NULL);

  proc = g_subprocess_newv ((const char * const *) args->pdata,
                            G_SUBPROCESS_FLAGS_STDIN_PIPE |
                            G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                            G_SUBPROCESS_FLAGS_STDERR_PIPE,
                            &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, stdin_text, NULL, out, err, &error);
  g_assert_no_error (error);

  /* A crash is never an acceptable answer, whatever the input. */
  g_assert_true (g_subprocess_get_if_exited (proc));

  return g_subprocess_get_exit_status (proc);
}

JsonNode *
dg_test_cli_json_at (const char         *db,
                     const char         *now,
                     const char * const *args,
                     const char         *stdin_text,
                     int                 expect)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *out = NULL, *err = NULL;
  int status;

  if (db != NULL)
    {
      g_ptr_array_add (argv, (gpointer) "--db");
      g_ptr_array_add (argv, (gpointer) db);
    }
  if (now != NULL)
    {
      g_ptr_array_add (argv, (gpointer) "--now");
      g_ptr_array_add (argv, (gpointer) now);
    }
  g_ptr_array_add (argv, (gpointer) "--json");
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  status = dg_test_cli_run ((const char * const *) argv->pdata, stdin_text, &out, &err);
  g_test_message ("%s → %d, stderr: %s", args[0] && args[1] ? args[1] : args[0] ? args[0] : "", status, err);
  if (status != expect)
    g_printerr ("diogelu-cli said: %s\n", err);
  g_assert_cmpint (status, ==, expect);
  return dg_test_parse_json (out);
}

JsonNode *
dg_test_cli_json (const char         *db,
                  const char * const *args)
{
  return dg_test_cli_json_at (db, NULL, args, NULL, 0);
}

JsonNode *
dg_test_parse_json (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);

  return json_node_ref (json_parser_get_root (parser));
}
