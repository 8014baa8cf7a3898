#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>

#include "dg-cli.h"
#include "dg-export.h"
#include "dg-meetings.h"
#include "dg-performance.h"
#include "dg-vocab.h"

static int
report_performance (DgCli   *cli,
                    int      argc,
                    char   **argv,
                    GError **error)
{
  g_autofree char *from = NULL, *to = NULL;
  GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_STRING, &from, N_("Referrals received on or after"), N_("DATE") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to, N_("Referrals received on or before"), N_("DATE") },
    { NULL }
  };
  g_autoptr(JsonNode) report = NULL;
  JsonArray *clocks;
  JsonObject *meetings;

  if (!dg_cli_parse (cli, NULL, _("Per clock, how many ran and the share on time, in the inspectorate's words."), entries, &argc, &argv, error))
    return 2;
  if (argc > 1)
    return dg_cli_usage_error (error, _("report performance: unexpected argument “%s”"), argv[1]), 2;
  if (dg_cli_open_db (cli, DG_DB_OPEN_DEFAULT, error) == NULL)
    return dg_error_exit_code (*error);
  report = dg_performance_report (cli->db, from, to, error);
  if (report == NULL)
    return dg_error_exit_code (*error);

  if (cli->json)
    {
      dg_cli_print_json (report);
      return 0;
    }
  clocks = json_object_get_array_member (json_node_get_object (report), "clocks");
  for (guint i = 0; i < json_array_get_length (clocks); i++)
    {
      JsonObject *c = json_array_get_object_element (clocks, i);
      g_print (_("%-28s %6" PRId64 "  on time %3.0f%% (%s)\n"),
               dg_vocab_label (DG_VOCAB_CLOCK, json_object_get_string_member (c, "clock")),
               json_object_get_int_member (c, "count"), 100 * json_object_get_double_member (c, "on_time_share"),
               dg_quantity_label (json_object_get_string_member (c, "word")));
    }
  meetings = json_object_get_object_member (json_node_get_object (report), "meetings");
  g_print (_("Strategy meetings inviting every expected agency: %3.0f%% (%s)\n"),
           100 * json_object_get_double_member (meetings, "share"),
           dg_quantity_label (json_object_get_string_member (meetings, "word")));
  return 0;
}

int
dg_cli_report (DgCli   *cli,
               int      argc,
               char   **argv,
               GError **error)
{
  if (argc >= 2 && g_str_equal (argv[1], "performance"))
    return report_performance (cli, argc - 1, argv + 1, error);
  return dg_cli_usage_error (error, _("report: performance?")), 2;
}

int
dg_cli_export (DgCli   *cli,
               int      argc,
               char   **argv,
               GError **error)
{
  g_autofree char *what = NULL, *output = NULL;
  GOptionEntry entries[] = {
    { "what", 0, 0, G_OPTION_ARG_STRING, &what, N_("referrals, meetings or notifications"), N_("W") },
    { "output", 0, 0, G_OPTION_ARG_FILENAME, &output, N_("The CSV file to write"), N_("FILE") },
    { NULL }
  };
  gint64 rows;

  if (argc < 2 || !g_str_equal (argv[1], "csv"))
    return dg_cli_usage_error (error, _("export: csv --what referrals|meetings|notifications --output FILE")), 2;
  argc--, argv++;
  if (!dg_cli_parse (cli, NULL, _("Write records as CSV, for spreadsheets."), entries, &argc, &argv, error))
    return 2;
  if (what == NULL)
    return dg_cli_usage_error (error, _("--what: required (referrals | meetings | notifications)")), 2;
  if (output == NULL)
    return dg_cli_usage_error (error, _("--output: required")), 2;
  if (dg_cli_open_db (cli, DG_DB_OPEN_DEFAULT, error) == NULL)
    return dg_error_exit_code (*error);
  rows = dg_export_csv (cli->db, what, output, error);
  if (rows < 0)
    return dg_error_exit_code (*error);

  if (cli->json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "output");
      json_builder_add_string_value (b, output);
      json_builder_set_member_name (b, "rows");
      json_builder_add_int_value (b, rows);
      json_builder_end_object (b);
      dg_cli_print_json (json_builder_get_root (b));
    }
  else
    g_print (_("%" PRId64 " rows written to %s\n"), rows, output);
  return 0;
}
