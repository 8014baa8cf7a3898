#include "config.h"

#include <glib/gi18n.h>

#include "dg-cli.h"
#include "dg-time.h"
#include "dg-performance.h"
#include "dg-timescales.h"
#include "dg-vocab.h"
#include "dg-workdays.h"

static int
workdays_add (DgCli   *cli,
              int      argc,
              char   **argv,
              GError **error)
{
  g_autoptr(DgCalendar) calendar = NULL;
  g_autoptr(JsonObject) result = json_object_new ();
  g_autofree char *from = NULL, *date = NULL;
  GDate start, due;
  char *end = NULL;
  gint64 n;

  if (!dg_cli_parse (cli, _("DATE N"), _("The date N working days after DATE."), NULL, &argc, &argv, error))
    return 2;
  if (argc != 3)
    return dg_cli_usage_error (error, _("workdays add: DATE and N are required, e.g. workdays add 2026-12-24 1")), 2;
  if (!dg_date_parse (argv[1], "DATE", &start, error))
    return 2;
  n = g_ascii_strtoll (argv[2], &end, 10);
  if (end == NULL || *end != '\0' || n < 0 || n > 10000)
    return dg_cli_usage_error (error, _("N: “%s” is not a number of working days from 0 to 10000"), argv[2]), 2;

  if (dg_cli_open_db (cli, DG_DB_OPEN_DEFAULT, error) == NULL)
    return dg_error_exit_code (*error);
  calendar = dg_calendar_load (cli->db, error);
  if (calendar == NULL)
    return dg_error_exit_code (*error);

  dg_calendar_add_working_days (calendar, &start, (int) n, &due);
  from = dg_date_to_string (&start);
  date = dg_date_to_string (&due);

  json_object_set_string_member (result, "from", from);
  json_object_set_int_member (result, "working_days", n);
  json_object_set_string_member (result, "date", date);
  dg_cli_print_result (cli, result, "%s\n", date);
  return 0;
}

static int
closure_add (DgCli   *cli,
             int      argc,
             char   **argv,
             GError **error)
{
  g_autofree char *reason = NULL;
  GOptionEntry entries[] = {
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, N_("Why the hub is closed"), N_("TEXT") },
    { NULL }
  };
  GDate date;

  if (!dg_cli_parse (cli, _("DATE"), _("Add a local closure day: not a working day for any clock."), entries, &argc, &argv, error))
    return 2;
  if (argc != 2)
    return dg_cli_usage_error (error, _("DATE: one date is required")), 2;
  if (!dg_date_parse (argv[1], "DATE", &date, error))
    return 2;

  if (dg_cli_open_db (cli, DG_DB_OPEN_DEFAULT, error) == NULL ||
      !dg_closure_add (cli->db, argv[1], reason, error))
    return dg_error_exit_code (*error);

  if (cli->json)
    {
      g_autoptr(JsonArray) list = dg_closure_list (cli->db, error);
      if (list == NULL)
        return dg_error_exit_code (*error);
      dg_cli_print_json_array (list);
    }
  else
    g_print (_("%s is now a closure day\n"), argv[1]);

  return 0;
}

static void
print_closure (JsonObject *o)
{
  g_print ("%s  %s\n", json_object_get_string_member (o, "day"),
           json_object_get_null_member (o, "reason") ? "" : json_object_get_string_member (o, "reason"));
}

static int
closure_list (DgCli   *cli,
              int      argc,
              char   **argv,
              GError **error)
{
  if (!dg_cli_parse (cli, NULL, _("List the local closure days."), NULL, &argc, &argv, error))
    return 2;
  if (dg_cli_open_db (cli, DG_DB_OPEN_DEFAULT, error) == NULL)
    return dg_error_exit_code (*error);
  return dg_cli_print_rows (cli, dg_closure_list (cli->db, error), print_closure, error);
}

static void
print_rule (JsonObject *o)
{
  g_print ("%-18s %s  %3" G_GINT64_FORMAT " %-13s (%s)\n", json_object_get_string_member (o, "clock"),
           json_object_get_string_member (o, "effective_from"), json_object_get_int_member (o, "amount"),
           json_object_get_string_member (o, "unit"), json_object_get_string_member (o, "source"));
}

static int
rule_list (DgCli   *cli,
           int      argc,
           char   **argv,
           GError **error)
{
  if (dg_cli_open_db (cli, DG_DB_OPEN_DEFAULT, error) == NULL)
    return dg_error_exit_code (*error);
  return dg_cli_print_rows (cli, dg_timescale_rules (cli->db, error), print_rule, error);
}

static int
rule_set (DgCli   *cli,
          int      argc,
          char   **argv,
          GError **error)
{
  g_autofree char *unit = NULL, *from = NULL;
  int amount = 0;
  GOptionEntry entries[] = {
    { "amount", 0, 0, G_OPTION_ARG_INT, &amount, N_("How many units"), N_("N") },
    { "unit", 0, 0, G_OPTION_ARG_STRING, &unit, N_("working-days, weeks or months"), N_("U") },
    { "from", 0, 0, G_OPTION_ARG_STRING, &from, N_("In force from this date (default: today)"), N_("DATE") },
    { NULL }
  };
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *today = NULL;

  if (!dg_cli_parse (cli, _("CLOCK"), _("Change a timescale: every open clock counts by the new rule."), entries, &argc, &argv, error))
    return 2;
  if (argc != 2)
    return dg_cli_usage_error (error, _("CLOCK: one clock is required, e.g. workdays rule set acknowledgement --amount 2 --unit working-days")), 2;
  if (dg_cli_open_db (cli, DG_DB_OPEN_DEFAULT, error) == NULL)
    return dg_error_exit_code (*error);
  now = dg_db_now (cli->db);
  today = g_date_time_format (now, "%Y-%m-%d");
  if (!dg_timescale_rule_set (cli->db, argv[1], amount, unit, from ? from : today, error))
    return dg_error_exit_code (*error);
  return rule_list (cli, 1, argv, error);
}

int
dg_cli_workdays (DgCli   *cli,
                 int      argc,
                 char   **argv,
                 GError **error)
{
  if (argc >= 2 && dg_cli_is_help (argv[1]))
    {
      dg_cli_print_group_help ("workdays", _("Working days: add to a date, closure days, working days after all, bank holidays, timescale rules."),
                               "\n  add DATE N\n  closure add DATE [--reason TEXT]\n  closure list\n  working-day add DATE --reason TEXT"
                               "\n  working-day list\n  holidays YEAR\n  import-govuk FILE\n  rule list\n  rule set CLOCK");
      return 0;
    }
  if (argc >= 3 && g_str_equal (argv[1], "closure") && dg_cli_is_help (argv[2]))
    {
      dg_cli_print_group_help ("workdays closure", _("Closure days: days the hub is closed, which no clock counts."), "\n  add\n  list");
      return 0;
    }
  if (argc >= 3 && g_str_equal (argv[1], "rule") && dg_cli_is_help (argv[2]))
    {
      dg_cli_print_group_help ("workdays rule", _("The timescale rules: how long each clock runs."), "\n  list\n  set");
      return 0;
    }
  if (argc >= 2 && g_str_equal (argv[1], "add"))
    return workdays_add (cli, argc - 1, argv + 1, error);
  if (argc >= 3 && g_str_equal (argv[1], "closure") && g_str_equal (argv[2], "add"))
    return closure_add (cli, argc - 2, argv + 2, error);
  if (argc >= 3 && g_str_equal (argv[1], "closure") && g_str_equal (argv[2], "list"))
    return closure_list (cli, argc - 2, argv + 2, error);
  if (argc >= 2 && g_str_equal (argv[1], "working-day"))
    return dg_cli_working_day (cli, argc - 1, argv + 1, error);
  if (argc >= 2 && g_str_equal (argv[1], "import-govuk"))
    return dg_cli_import_govuk (cli, argc - 1, argv + 1, error);
  if (argc >= 2 && g_str_equal (argv[1], "holidays"))
    return dg_cli_holidays (cli, argc - 1, argv + 1, error);
  if (argc >= 3 && g_str_equal (argv[1], "rule") && g_str_equal (argv[2], "set"))
    return rule_set (cli, argc - 2, argv + 2, error);
  if (argc >= 3 && g_str_equal (argv[1], "rule") && g_str_equal (argv[2], "list"))
    {
      argc -= 2, argv += 2;
      if (!dg_cli_parse (cli, NULL, _("List the timescale rules."), NULL, &argc, &argv, error))
        return 2;
      return rule_list (cli, argc, argv, error);
    }

  return dg_cli_usage_error (error, _("workdays: add DATE N, closure add DATE [--reason TEXT], closure list, working-day add DATE --reason TEXT, "
                               "working-day list, holidays YEAR, import-govuk FILE, rule list, or rule set CLOCK?")), 2;
}

static void
print_clock (JsonObject *o)
{
  g_print ("%s  %-9s %-16s %-28s %s\n", json_object_get_string_member (o, "due"),
           dg_vocab_label (DG_VOCAB_CLOCK_STATE, json_object_get_string_member (o, "state")),
           json_object_get_string_member (o, "reference"),
           dg_vocab_label (DG_VOCAB_CLOCK, json_object_get_string_member (o, "clock")),
           json_object_get_null_member (o, "child") ? "" : json_object_get_string_member (o, "child"));
}

int
dg_cli_timescales (DgCli   *cli,
                   int      argc,
                   char   **argv,
                   GError **error)
{
  gboolean overdue = FALSE;
  int limit = 0;
  g_autofree char *clock = NULL, *rag = NULL, *due_before = NULL;
  GOptionEntry entries[] = {
    { "overdue", 0, 0, G_OPTION_ARG_NONE, &overdue, N_("Only the clocks past their due date"), NULL },
    { "clock", 0, 0, G_OPTION_ARG_STRING, &clock, N_("Only this clock (acknowledgement, decision, outcome, …)"), N_("C") },
    { "rag", 0, 0, G_OPTION_ARG_STRING, &rag, N_("Only referrals rated red, amber or green"), N_("R") },
    { "due-before", 0, 0, G_OPTION_ARG_STRING, &due_before, N_("Only the clocks due before this day"), N_("DATE") },
    { "limit", 0, 0, G_OPTION_ARG_INT, &limit, N_("At most N, most urgent first"), N_("N") },
    { NULL }
  };
  DgDueFilter filter;

  if (!dg_cli_parse_options_only (cli, _("Every running clock, most urgent first."),
                                  entries, _("timescales: unexpected argument “%s”"),
                                  &argc, &argv, error))
    return 2;
  if (limit < 0)
    return dg_cli_usage_error (error, _("--limit: “%d” must not be negative"), limit), 2;
  if (dg_cli_open_db (cli, DG_DB_OPEN_DEFAULT, error) == NULL)
    return dg_error_exit_code (*error);
  filter = (DgDueFilter) { clock, rag, due_before };
  return dg_cli_print_rows (cli, dg_timescales_query (cli->db, &filter, overdue, limit, error),
                            print_clock, error);
}
