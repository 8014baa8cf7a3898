#include "config.h"

#include <gmodule.h>
#include <glib/gi18n.h>
#include <locale.h>

#include "dg-cli.h"
#include "dg-file.h"

typedef struct
{
  const char   *name;
  DgCliCommand  run;        /* NULL: @symbol, in the letters' module */
  const char   *summary;
  const char   *symbol;
} Command;

static const Command commands[] = {
  { "init",   dg_cli_init,   N_("Create or upgrade the database") },
  { "check",  dg_cli_check,  N_("Check integrity and schema version") },
  { "backup", dg_cli_backup, N_("Write an online, consistent copy of the database") },
  { "restore", dg_cli_restore, N_("Replace every record with a checked backup’s, keeping the current ones") },
  { "referral", dg_cli_referral, N_("Log, show, list, acknowledge and decide referrals") },
  { "meeting", dg_cli_meeting, N_("Strategy discussions and meetings: invitations, responses, outcomes") },
  { "notify", NULL, N_("Write, send or record the acknowledgement or outcome letter; the outbox"), "dg_cli_notify" },
  { "template", NULL, N_("List, show and change the letter templates"), "dg_cli_template" },
  { "hub", NULL, N_("The hub’s letterhead and mail server"), "dg_cli_hub" },
  { "report", dg_cli_report, N_("Managers' figures: the share of each clock on time; the child protection register's measures; who opened which records") },
  { "audit", dg_cli_audit, N_("Check the audit trail’s hash chain, or export it to check elsewhere") },
  { "clock", dg_cli_clock, N_("A late clock’s agreed exception: the reason and the approving manager") },
  { "disclosure", NULL, N_("A subject access pack for a child: the records, redactions marked, a reviewer’s sign-off"), "dg_cli_disclosure" },
  { "retention", dg_cli_retention, N_("How long records are kept, legal holds, and the disposal of what is due") },
  { "export", dg_cli_export, N_("Write referrals, meetings or notifications as CSV") },
  { "import", dg_cli_import, N_("Import referrals from a spreadsheet’s CSV, all rows or none") },
  { "timescales", dg_cli_timescales, N_("Every running clock, most urgent first") },
  { "workdays", dg_cli_workdays, N_("Working days: add to a date, a year's bank holidays, closure days, working days after all, GOV.UK's list") },
  { "demo", dg_cli_demo, N_("Add realistic synthetic referrals for trying things out") },
};

/* Runs @symbol of diogelu-cli-letters.so: the commands that write, send
 * or lay out letters, with the libraries only they need (GMime, libcurl,
 * libsecret, pango and cairo). Looked for in $DIOGELU_CLI_MODULE_DIR (a
 * package unpacked elsewhere), beside the executable (the build tree),
 * then where it is installed. */
static int
run_in_module (const char  *symbol,
               DgCli       *cli,
               int          argc,
               char       **argv,
               GError     **error)
{
  static GModule *module;
  static char *failure;
  DgCliCommand run = NULL;

  if (module == NULL && failure == NULL)
    {
      g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);
      g_autofree char *here = exe != NULL ? g_path_get_dirname (exe) : NULL;
      const char *dirs[] = { g_getenv ("DIOGELU_CLI_MODULE_DIR"), here, PKGLIBDIR };

      for (guint i = 0; i < G_N_ELEMENTS (dirs) && module == NULL; i++)
        {
          g_autofree char *path = dirs[i] != NULL && *dirs[i] != '\0'
                                  ? g_build_filename (dirs[i], "diogelu-cli-letters.so", NULL) : NULL;

          if (path != NULL && g_file_test (path, G_FILE_TEST_EXISTS))
            {
              module = g_module_open (path, G_MODULE_BIND_LOCAL);
              if (module == NULL)
                failure = g_strdup (g_module_error ());
            }
        }
      if (module == NULL && failure == NULL)
        failure = g_strdup_printf (_("no diogelu-cli-letters.so in %s"), PKGLIBDIR);
    }
  if (module == NULL || !g_module_symbol (module, symbol, (gpointer *) &run))
    {
      g_set_error (error, DG_ERROR, DG_ERROR_FAILED,
                   _("The letter commands’ part of diogelu-cli could not be loaded (%s): install the diogelu-cli package again"),
                   failure != NULL ? failure : g_module_error ());
      return 1;
    }
  return run (cli, argc, argv, error);
}

static char *
describe_commands (void)
{
  GString *s = g_string_new (_("Commands:"));

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    g_string_append_printf (s, "\n  %-12s %s", commands[i].name, _(commands[i].summary));

  return g_string_free (s, FALSE);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *description = NULL;
  const char *localedir;
  DgCli cli = { 0 };
  gboolean version = FALSE;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &cli.db_path, N_("The database file, or a postgresql:// address (default: $DIOGELU_DB, else the data folder)"), N_("PATH") },
    { "now", 0, 0, G_OPTION_ARG_STRING, &cli.now, N_("Fix “now” for every clock (YYYY-MM-DDTHH:MM)"), N_("TIME") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &cli.json, N_("Print one JSON document"), NULL },
    { "version", 0, 0, G_OPTION_ARG_NONE, &version, N_("Print the version and exit"), NULL },
    { NULL }
  };
  int status = 1;

  dg_process_protect ();
  dg_cli_install_print_handler ();
  setlocale (LC_ALL, "");
  localedir = g_getenv ("DIOGELU_LOCALEDIR");
  bindtextdomain (GETTEXT_PACKAGE, localedir ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  context = g_option_context_new (_("COMMAND [ARGUMENTS…]"));
  description = describe_commands ();
  g_option_context_set_description (context, description);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  /* Stop at the command: the rest belongs to it. */
  g_option_context_set_strict_posix (context, TRUE);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_autofree char *described = dg_error_describe (error);

      g_printerr ("diogelu-cli: %s\n", described);
      return 2;
    }

  if (version)
    {
      g_print ("diogelu-cli %s\n", PACKAGE_VERSION);
      return dg_cli_check_output (NULL) ? 0 : 1;
    }

  if (argc < 2)
    {
      g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);
      g_printerr ("%s", help);
      return 2;
    }

  if (g_str_equal (argv[1], "help"))
    {
      g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);
      g_print ("%s", help);
      return 0;
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      if (g_strcmp0 (argv[1], commands[i].name) == 0)
        {
          status = commands[i].run != NULL ? commands[i].run (&cli, argc - 1, argv + 1, &error)
                                           : run_in_module (commands[i].symbol, &cli, argc - 1, argv + 1, &error);
          goto out;
        }
    }

  g_set_error (&error, DG_ERROR, DG_ERROR_INVALID, _("Unknown command “%s”; see diogelu-cli --help"), argv[1]);
  status = 2;

out:
  /* Output that never arrived is a failure too: a script would read
   * nothing, or half a document. What was saved stands, and is said. */
  if (error == NULL && !dg_cli_check_output (&error))
    {
      if (cli.saved != NULL)
        g_prefix_error (&error, _("%s, but its output was lost. "), cli.saved);
      status = 1;
    }
  else if (error != NULL)
    {
      dg_cli_print_refusal (&cli, error);
      dg_cli_check_output (NULL);
    }

  if (error != NULL)
    {
      g_autofree char *described = dg_cli_describe_error (&cli, error);

      g_printerr ("diogelu-cli: %s\n", described);
      if (g_error_matches (error, DG_ERROR, DG_ERROR_OUTCOME_UNKNOWN))
        g_printerr ("%s\n", _("Running the same command again with the same --client-token is safe: "
                              "it saves the change only if the first attempt did not."));
      if (status == 0)
        status = dg_error_exit_code (error);
    }

  g_clear_object (&cli.db);
  g_clear_pointer (&cli.options, g_ptr_array_unref);
  g_free (cli.db_path);
  g_free (cli.now);
  g_free (cli.saved);

  return status;
}
