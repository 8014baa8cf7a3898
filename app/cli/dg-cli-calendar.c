#include "config.h"

#include <glib/gi18n.h>

#include "dg-calendar-days.h"
#include "dg-cli.h"
#include "dg-json.h"
#include "dg-time.h"

/* `workdays working-day add DATE --reason TEXT` */
static int
working_day_add (DgCli   *cli,
                 int      argc,
                 char   **argv,
                 GError **error)
{
  g_autofree char *reason = NULL;
  GOptionEntry entries[] = {
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, N_("Why the day is worked (required)"), N_("TEXT") },
    { NULL }
  };
  GDate date;

  if (!dg_cli_parse (cli, _("DATE"),
                     _("Make a day a working day after all, though a rule or the published table says bank holiday: every clock counts it."),
                     entries, &argc, &argv, error))
    return 2;
  if (argc != 2)
    return dg_cli_usage_error (error, _("DATE: one date is required, e.g. workdays working-day add 2027-05-03 --reason \"…\"")), 2;
  if (!dg_date_parse (argv[1], "DATE", &date, error))
    return 2;
  if (reason == NULL)
    {
      dg_error_set_field (error, DG_ERROR_INVALID, "reason", NULL,
                          _("Say why this day is worked (the published notice, the hub’s decision)"));
      return 2;
    }

  if (dg_cli_open_db (cli, DG_DB_OPEN_DEFAULT, error) == NULL ||
      !dg_working_day_add (cli->db, argv[1], reason, error))
    return dg_error_exit_code (*error);

  if (cli->json)
    return dg_cli_print_rows (cli, dg_calendar_days_list (cli->db, error), NULL, error);
  g_print (_("%s is now a working day after all\n"), argv[1]);
  return 0;
}

static const char *
source_label (const char *source)
{
  if (g_str_equal (source, "rule"))
    return _("rule");
  if (g_str_equal (source, "table"))
    return _("published table");
  if (g_str_equal (source, "govuk"))
    return _("GOV.UK import");
  if (g_str_equal (source, "closure"))
    return _("closure day");
  return _("the hub");
}

static void
print_day (JsonObject *o)
{
  g_print ("%s  %s, %s: %s\n", json_object_get_string_member (o, "day"),
           g_str_equal (json_object_get_string_member (o, "kind"), "working") ? _("working day") : _("bank holiday"),
           source_label (json_object_get_string_member (o, "source")), json_object_get_string_member (o, "name"));
}

/* `workdays working-day list`: every recorded day, a GOV.UK import's too. */
static int
working_day_list (DgCli   *cli,
                  int      argc,
                  char   **argv,
                  GError **error)
{
  if (!dg_cli_parse (cli, NULL, _("List the working days after all and the days a GOV.UK import recorded."),
                     NULL, &argc, &argv, error))
    return 2;
  if (argc != 1)
    return dg_cli_usage_error (error, _("working-day list: unexpected argument “%s”"), argv[1]), 2;
  if (dg_cli_open_db (cli, DG_DB_OPEN_DEFAULT, error) == NULL)
    return dg_error_exit_code (*error);
  return dg_cli_print_rows (cli, dg_calendar_days_list (cli->db, error), print_day, error);
}

int
dg_cli_working_day (DgCli   *cli,
                    int      argc,
                    char   **argv,
                    GError **error)
{
  static const DgCliSubcommand subcommands[] = {
    { "add", working_day_add },
    { "list", working_day_list },
    { NULL }
  };

  return dg_cli_run_subcommand (cli, argc, argv, subcommands,
                                _("workdays working-day: add DATE --reason TEXT, or list?"), NULL, error);
}

/* `workdays import-govuk FILE` (FILE may be -, or given as --file). */
int
dg_cli_import_govuk (DgCli   *cli,
                     int      argc,
                     char   **argv,
                     GError **error)
{
  g_autofree char *file = NULL, *contents = NULL;
  g_autoptr(JsonObject) result = NULL;
  GOptionEntry entries[] = {
    { "file", 0, 0, G_OPTION_ARG_FILENAME, &file, N_("GOV.UK’s bank-holidays JSON (- for standard input)"), N_("FILE") },
    { NULL }
  };
  gsize length = 0;
  JsonArray *holidays, *working;
  const char *named = "file";

  if (!dg_cli_parse (cli, _("FILE"),
                     _("Import GOV.UK’s bank-holidays file (https://www.gov.uk/bank-holidays.json, saved): England and Wales' days the rules and the published table lack become bank holidays, and the days they give that it lacks working days, for the years it covers."),
                     entries, &argc, &argv, error))
    return 2;
  /* The refusal names the file as it was given: the argument FILE or --file. */
  if (file == NULL && argc == 2)
    file = g_strdup (argv[1]), named = "FILE";
  else if (argc != 1 || file == NULL)
    return dg_cli_usage_error (error, _("FILE: one file is required, e.g. workdays import-govuk bank-holidays.json")), 2;

  if (!dg_cli_read_file (named, file, DG_JSON_MAX_BYTES, &contents, &length, error))
    return 2;
  if (length > DG_JSON_MAX_BYTES)
    {
      dg_error_set_field (error, DG_ERROR_INVALID, "FILE", file, _("Larger than 16 MiB: not GOV.UK’s bank-holidays file"));
      return 2;
    }
  if (dg_cli_open_db (cli, DG_DB_OPEN_DEFAULT, error) == NULL)
    return dg_error_exit_code (*error);
  result = dg_calendar_import_govuk (cli->db, contents, length, error);
  if (result == NULL)
    return dg_error_exit_code (*error);

  holidays = json_object_get_array_member (result, "holidays");
  working = json_object_get_array_member (result, "working");
  dg_cli_print_result (cli, result,
                       _("%d–%d: %u bank holidays read; %u recorded as published days, %u as working days\n"),
                       (int) json_object_get_int_member (result, "from"), (int) json_object_get_int_member (result, "to"),
                       (guint) json_object_get_int_member (result, "events"),
                       json_array_get_length (holidays), json_array_get_length (working));
  return 0;
}

static void
print_holiday (JsonObject *o)
{
  const char *name = dg_json_text (o, "name");
  const char *reason = dg_json_text (o, "reason");
  const char *replaces = dg_json_text (o, "replaces");
  g_autofree char *extra = NULL;

  if (json_object_get_boolean_member (o, "working"))
    extra = g_strdup_printf (_("working day after all: %s"), reason ? reason : "");
  else if (replaces != NULL)
    extra = g_strdup_printf (_("in place of %s"), replaces);
  /* The name last: names differ widely in length, and a padding by bytes
   * would misalign every one with a curly apostrophe. */
  g_print ("%s  %-16s %s%s%s%s\n", json_object_get_string_member (o, "date"),
           source_label (json_object_get_string_member (o, "source")), name ? name : "",
           extra && name ? " (" : "", extra ? extra : "", extra && name ? ")" : "");
}

/* `workdays holidays YEAR` */
int
dg_cli_holidays (DgCli   *cli,
                 int      argc,
                 char   **argv,
                 GError **error)
{
  char *end = NULL;
  gint64 year;

  if (!dg_cli_parse (cli, _("YEAR"),
                     _("Every weekday of YEAR that is not a working day, with its name and where it came from (rule, published table, GOV.UK import, closure day), and the working days after all."),
                     NULL, &argc, &argv, error))
    return 2;
  if (argc != 2)
    return dg_cli_usage_error (error, _("YEAR: one year is required, e.g. workdays holidays 2027")), 2;
  year = g_ascii_strtoll (argv[1], &end, 10);
  if (end == NULL || end == argv[1] || *end != '\0' || year < 1900 || year > 9999)
    {
      dg_error_set_field (error, DG_ERROR_INVALID, "YEAR", argv[1], _("Not a year from 1900 to 9999"));
      return 2;
    }
  if (dg_cli_open_db (cli, DG_DB_OPEN_DEFAULT, error) == NULL)
    return dg_error_exit_code (*error);
  return dg_cli_print_rows (cli, dg_calendar_holidays (cli->db, (int) year, error), print_holiday, error);
}
