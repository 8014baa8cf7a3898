#include "config.h"

#include <inttypes.h>
#include <string.h>

#include <glib/gi18n.h>

#include "dg-cli.h"
#include "dg-export.h"
#include "dg-figure-list.h"
#include "dg-import.h"
#include "dg-token.h"
#include "dg-meetings.h"
#include "dg-performance.h"
#include "dg-register.h"
#include "dg-vocab.h"

static void
print_clocks (JsonObject *figures,
              const char *heading)
{
  JsonArray *clocks = json_object_get_array_member (figures, "clocks");

  g_print ("%s\n", heading);
  for (guint i = 0; i < json_array_get_length (clocks); i++)
    {
      JsonObject *c = json_array_get_object_element (clocks, i);

      /* Translators: a clock, how many ran, the share on time and its word, then how many were late,
       * late with an agreed exception and overdue. */
      g_print (_("  %-28s %6" PRId64 "  on time %3.0f%% (%s)  late %" PRId64 ", with an agreed exception %" PRId64
                 ", overdue %" PRId64 "\n"),
               dg_vocab_label (DG_VOCAB_CLOCK, json_object_get_string_member (c, "clock")),
               json_object_get_int_member (c, "count"), 100 * json_object_get_double_member (c, "on_time_share"),
               dg_quantity_label (json_object_get_string_member (c, "word")),
               json_object_get_int_member (c, "late"), json_object_get_int_member (c, "excepted"),
               json_object_get_int_member (c, "overdue"));
    }
}

/* Which way the text shows the figures: "event", "child" or both (NULL). */
static const char *print_per;

static void
print_performance (JsonNode *report)
{
  JsonObject *r = json_node_get_object (report);
  JsonObject *meetings = json_object_get_object_member (r, "meetings");

  if (g_strcmp0 (print_per, "child") != 0)
    print_clocks (r, _("Per referral (each event once):"));
  if (g_strcmp0 (print_per, "event") != 0)
    print_clocks (json_object_get_object_member (r, "per_child"),
                  _("Per child (a referral about three siblings counts three times):"));
  g_print (_("Strategy meetings inviting every expected agency: %3.0f%% (%s)\n"),
           100 * json_object_get_double_member (meetings, "share"),
           dg_quantity_label (json_object_get_string_member (meetings, "word")));
}

static void
print_list (JsonNode *node)
{
  JsonObject *o = json_node_get_object (node);
  JsonArray *items = json_object_get_array_member (o, "items");

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);

      if (json_object_has_member (item, "child"))
        g_print ("%" PRId64 "\t%" PRId64 "\n", json_object_get_int_member (item, "id"), json_object_get_int_member (item, "child"));
      else
        g_print ("%" PRId64 "\n", json_object_get_int_member (item, "id"));
    }
}

/* Takes "--list CLOCK STATE" (or "--list=CLOCK STATE") out of @argv, as
 * GOption takes one value per option. */
static gboolean
take_list (int      *argc,
           char    **argv,
           char    **clock,
           char    **state,
           GError  **error)
{
  for (int i = 1; i < *argc; i++)
    {
      int used;

      if (g_str_equal (argv[i], "--list"))
        used = 3;
      else if (g_str_has_prefix (argv[i], "--list="))
        used = 2;
      else
        continue;
      if (i + used - 1 >= *argc)
        return dg_cli_usage_error (error, _("--list: a clock (or “meetings”) and a state are required")), FALSE;
      *clock = g_strdup (used == 3 ? argv[i + 1] : argv[i] + strlen ("--list="));
      *state = g_strdup (argv[i + used - 1]);
      memmove (argv + i, argv + i + used, (*argc - i - used + 1) * sizeof (char *));
      *argc -= used;
      return TRUE;
    }
  return TRUE;
}

static int
report_performance (DgCli   *cli,
                    int      argc,
                    char   **argv,
                    GError **error)
{
  g_autofree char *from = NULL, *to = NULL, *per = NULL, *list_clock = NULL, *list_state = NULL;
  g_autofree char *agency = NULL, *school = NULL, *month = NULL, *invited = NULL, *attended = NULL, *list_help = NULL;
  GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_STRING, &from, N_("Referrals received on or after"), N_("DATE") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to, N_("Referrals received on or before"), N_("DATE") },
    { "per", 0, 0, G_OPTION_ARG_STRING, &per,
      N_("Count each referral once (event) or each of its children (child); the text shows both without it"), N_("child|event") },
    /* For --help only: take_list () has taken it out before. */
    { "list", 0, 0, G_OPTION_ARG_STRING, &list_help,
      N_("The referral ids behind a figure (with --per child, each child's id beside): CLOCK is a clock or “meetings”, "
         "STATE on-time | late | excepted | overdue | pending | measured | all (complete | incomplete | all for meetings)"),
      N_("CLOCK STATE") },
    { "agency", 0, 0, G_OPTION_ARG_STRING, &agency, N_("With --list: the figure of one report-maker's agency"), N_("A") },
    { "school", 0, 0, G_OPTION_ARG_STRING, &school, N_("With --list: the figure of one school"), N_("NAME") },
    { "month", 0, 0, G_OPTION_ARG_STRING, &month, N_("With --list: the figure of one month of receipt"), N_("YYYY-MM") },
    { "invited", 0, 0, G_OPTION_ARG_STRING, &invited,
      N_("With --list meetings: the meetings that invited agency A (complete) or not (incomplete)"), N_("A") },
    { "attended", 0, 0, G_OPTION_ARG_STRING, &attended,
      N_("With --list meetings: the meetings agency A attended (complete) or not (incomplete)"), N_("A") },
    { NULL }
  };
  const char *group_kind = NULL, *group = NULL;

  if (!take_list (&argc, argv, &list_clock, &list_state, error) ||
      !dg_cli_parse_options_only (cli, _("Per clock, how many ran and the share on time, in the inspectorate's words; "
                                         "with --list, the referrals or meetings behind one figure."),
                                  entries, _("report performance: unexpected argument “%s”"),
                                  &argc, &argv, error))
    return 2;
  if (per != NULL && !g_str_equal (per, "child") && !g_str_equal (per, "event"))
    return dg_cli_usage_error (error, _("--per: “%s” is not child or event"), per), 2;
  if ((agency != NULL) + (school != NULL) + (month != NULL) + (invited != NULL) + (attended != NULL) > 1)
    return dg_cli_usage_error (error, _("--agency, --school, --month, --invited, --attended: one at a time")), 2;
  group_kind = agency ? "agency" : school ? "school" : month ? "month" : invited ? "invited" : attended ? "attended" : NULL;
  group = agency ? agency : school ? school : month ? month : invited ? invited : attended;
  if (group_kind != NULL && list_clock == NULL)
    return dg_cli_usage_error (error, _("--%s: only with --list"), group_kind), 2;
  if (dg_cli_open_db (cli, DG_DB_OPEN_DEFAULT, error) == NULL)
    return dg_error_exit_code (*error);
  if (list_clock != NULL)
    {
      JsonObject *list = dg_performance_list (cli->db, from, to, list_clock, list_state, per, group_kind, group, error);

      JsonNode *node = NULL;

      if (list != NULL)
        {
          node = json_node_new (JSON_NODE_OBJECT);
          json_node_take_object (node, list);
        }
      return dg_cli_print_node (cli, node, print_list, error);
    }
  print_per = per;
  return dg_cli_print_node (cli, dg_performance_report (cli->db, from, to, error),
                            print_performance, error);
}

/* ---- The child protection register's measures (issue 24) ------------------ */

static void
print_register (JsonNode *report)
{
  JsonArray *measures = json_object_get_array_member (json_node_get_object (report), "measures");

  for (guint i = 0; i < json_array_get_length (measures); i++)
    {
      JsonObject *m = json_array_get_object_element (measures, i);
      g_autofree char *name = g_ascii_strup (json_object_get_string_member (m, "measure"), -1);
      gint64 numerator = json_object_get_int_member (m, "numerator");
      gint64 denominator = json_object_get_int_member (m, "denominator");
      double share = json_object_get_double_member (m, "share");

      g_print ("%s %s\n", name, json_object_get_string_member (m, "label"));
      if (g_str_equal (json_object_get_string_member (m, "word"), "average"))
        /* TRANSLATORS: PM28: total days on the register, children who left it, the average */
        g_print (_("  %" PRId64 " days / %" PRId64 " children = %.1f days\n"),
                 numerator, denominator, share);
      else
        /* TRANSLATORS: numerator / denominator, the share and the inspectorate's quantity word */
        g_print (_("  %" PRId64 " / %" PRId64 " children = %.1f%% (%s)\n"),
                 numerator, denominator, 100 * share,
                 dg_quantity_label (json_object_get_string_member (m, "word")));
      g_print ("  %s\n", json_object_get_string_member (m, "basis"));
    }
}

static void
print_register_row (JsonObject *row)
{
  const char *to = json_object_get_null_member (row, "to") ? NULL : json_object_get_string_member_with_default (row, "to", NULL);

  g_print (_("child %" PRId64 "  referral %" PRId64 "  %s"),
           json_object_get_int_member (row, "child"), json_object_get_int_member (row, "referral"),
           json_object_get_boolean_member (row, "numerator") ? _("numerator and denominator") : _("denominator only"));
  if (json_object_has_member (row, "completed"))
    g_print (_("  received %s, completed %s, due %s"), json_object_get_string_member (row, "received"),
             json_object_get_string_member (row, "completed"), json_object_get_string_member (row, "due"));
  else
    g_print (_("  registered %s to %s"), json_object_get_string_member (row, "from"), to ? to : _("now"));
  g_print ("\n");
}

static int
report_register (DgCli   *cli,
                 int      argc,
                 char   **argv,
                 GError **error)
{
  g_autofree char *from = NULL, *to = NULL, *list = NULL;
  GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_STRING, &from, N_("The first day of the period"), N_("DATE") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to, N_("The last day of the period"), N_("DATE") },
    { "list", 0, 0, G_OPTION_ARG_STRING, &list,
      N_("Print the children and referrals behind one measure (pm24, pm27 or pm28), each marked in the numerator or not"),
      N_("MEASURE") },
    { NULL }
  };
  g_autoptr(JsonNode) report = NULL;
  JsonArray *measures;

  if (!dg_cli_parse_options_only (cli, _("Welsh Government's child protection measures for a period, counted per child: "
                                         "PM24 assessments within 42 working days, PM27 re-registrations, "
                                         "PM28 average days on the register."),
                                  entries, _("report register: unexpected argument “%s”"),
                                  &argc, &argv, error))
    return 2;
  if (list != NULL && !g_strv_contains (dg_register_measure_ids, list))
    return dg_cli_usage_error (error, _("--list: “%s” is not pm24, pm27 or pm28"), list), 2;
  if (dg_cli_open_db (cli, DG_DB_OPEN_DEFAULT, error) == NULL)
    return dg_error_exit_code (*error);
  report = dg_register_report (cli->db, from, to, list != NULL, error);
  if (report == NULL)
    return dg_error_exit_code (*error);
  if (list == NULL)
    return dg_cli_print_node (cli, g_steal_pointer (&report), print_register, error);

  measures = json_object_get_array_member (json_node_get_object (report), "measures");
  for (guint i = 0; i < json_array_get_length (measures); i++)
    {
      JsonObject *m = json_array_get_object_element (measures, i);

      if (g_str_equal (json_object_get_string_member (m, "measure"), list))
        return dg_cli_print_rows (cli, json_array_ref (json_object_get_array_member (m, "rows")),
                                  print_register_row, error);
    }
  g_assert_not_reached ();
}

int
dg_cli_report (DgCli   *cli,
               int      argc,
               char   **argv,
               GError **error)
{
  static const DgCliSubcommand subcommands[] = {
    { "performance", report_performance },
    { "register", report_register },
    { "snapshot", dg_cli_report_snapshot },
    { "access", dg_cli_report_access },
    { NULL }
  };

  return dg_cli_run_subcommand (cli, argc, argv, subcommands, _("report: performance | register | snapshot | access?"), NULL, error);
}

int
dg_cli_export (DgCli   *cli,
               int      argc,
               char   **argv,
               GError **error)
{
  g_autofree char *what = NULL, *output = NULL, *from = NULL, *to = NULL;
  GOptionEntry entries[] = {
    { "what", 0, 0, G_OPTION_ARG_STRING, &what, N_("referrals, meetings, notifications or agencies (per agency: meetings that expected it, invited it, it attended, reports, decision-makers)"), N_("W") },
    { "from", 0, 0, G_OPTION_ARG_STRING, &from, N_("agencies: meetings held on or after"), N_("DATE") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to, N_("agencies: meetings held on or before"), N_("DATE") },
    { "output", 0, 0, G_OPTION_ARG_FILENAME, &output, N_("The CSV file to write"), N_("FILE") },
    { NULL }
  };
  g_autoptr(JsonObject) result = json_object_new ();
  gint64 rows;

  if (argc >= 2 && dg_cli_is_help (argv[1]))
    {
      dg_cli_print_group_help ("export", _("Write referrals, meetings or notifications as CSV"), "\n  csv");
      return 0;
    }
  if (argc < 2 || !g_str_equal (argv[1], "csv"))
    return dg_cli_usage_error (error, _("export: csv --what referrals|meetings|notifications|agencies [--from DATE --to DATE] --output FILE")), 2;
  argc--, argv++;
  if (!dg_cli_parse (cli, NULL, _("Write records as CSV, for spreadsheets."), entries, &argc, &argv, error))
    return 2;
  if (what == NULL)
    return dg_cli_usage_error (error, _("--what: required (referrals | meetings | notifications | agencies)")), 2;
  if (output == NULL)
    return dg_cli_usage_error (error, _("--output: required")), 2;
  if (dg_cli_open_db (cli, DG_DB_OPEN_DEFAULT, error) == NULL)
    return dg_error_exit_code (*error);
  rows = dg_export_csv_period (cli->db, what, from, to, output, error);
  if (rows < 0)
    return dg_error_exit_code (*error);

  json_object_set_string_member (result, "output", output);
  json_object_set_int_member (result, "rows", rows);
  dg_cli_print_result (cli, result, _("%" PRId64 " rows written to %s\n"), rows, output);
  return 0;
}

/* With --json, the refusal of an import as one document: the refusal's
 * members (CLI.md) and "errors", each row's line, column, field, value
 * and message. */
static void
print_import_refusal (const GError *refusal,
                      JsonArray    *errors)
{
  g_autoptr(JsonObject) doc = json_object_new ();
  g_autoptr(JsonNode) node = NULL;
  JsonObject *e = json_object_new ();

  json_object_set_string_member (e, "code", "invalid");
  json_object_set_null_member (e, "field");
  json_object_set_null_member (e, "value");
  json_object_set_string_member (e, "message", refusal->message);
  json_object_set_array_member (e, "errors", json_array_ref (errors));
  json_object_set_object_member (doc, "error", e);
  node = json_node_init_object (json_node_alloc (), doc);
  dg_cli_print_json (node);
}

int
dg_cli_import (DgCli   *cli,
               int      argc,
               char   **argv,
               GError **error)
{
  g_autofree char *file = NULL, *contents = NULL;
  g_autofree char *token = NULL;
  g_auto(GStrv) maps = NULL;
  gboolean dry_run = FALSE;
  GOptionEntry entries[] = {
    { "file", 0, 0, G_OPTION_ARG_FILENAME, &file, N_("The CSV file to read (- for standard input)"), N_("FILE") },
    { "dry-run", 0, 0, G_OPTION_ARG_NONE, &dry_run, N_("Check every row and write nothing"), NULL },
    { "map", 0, 0, G_OPTION_ARG_STRING_ARRAY, &maps, N_("Fill FIELD from the column HEADER (empty FIELD: leave the column out)"), N_("HEADER=FIELD") },
    { "client-token", 0, 0, G_OPTION_ARG_STRING, &token,
      N_("Names this import, so that running the command again with the same token never imports it twice"), N_("TOKEN") },
    { NULL }
  };
  g_autoptr(GHashTable) mapping = NULL;
  g_autoptr(JsonNode) report = NULL;
  JsonObject *r;
  JsonArray *errors;
  gsize length = 0;

  if (argc >= 2 && dg_cli_is_help (argv[1]))
    {
      dg_cli_print_group_help ("import", _("Import referrals from a spreadsheet’s CSV, all rows or none"), "\n  csv");
      return 0;
    }
  if (argc < 2 || !g_str_equal (argv[1], "csv"))
    return dg_cli_usage_error (error, _("import: csv --file FILE [--dry-run] [--map HEADER=FIELD]")), 2;
  argc--, argv++;
  if (!dg_cli_parse (cli, NULL, _("Import referrals from a spreadsheet's CSV: every row is checked first, then all are saved or none."),
                     entries, &argc, &argv, error))
    return 2;
  if (file == NULL)
    return dg_cli_usage_error (error, _("--file: required")), 2;
  if (token != NULL && !dg_token_check (token, error))
    return g_prefix_error (error, "--client-token: "), 2;
  for (guint i = 0; maps != NULL && maps[i] != NULL; i++)
    {
      const char *eq = strchr (maps[i], '=');

      if (eq == NULL)
        return dg_cli_usage_error (error, _("--map: “%s” is not HEADER=FIELD"), maps[i]), 2;
      if (mapping == NULL)
        mapping = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      g_hash_table_insert (mapping, g_strndup (maps[i], eq - maps[i]), g_strdup (eq + 1));
    }

  if (!dg_cli_read_file ("file", file, G_MAXSIZE - 1, &contents, &length, error))
    return 2;

  if (dg_cli_open_db (cli, DG_DB_OPEN_DEFAULT, error) == NULL)
    return dg_error_exit_code (*error);
  report = token != NULL && !dry_run ? dg_import_csv_once (cli->db, contents, length, mapping, token, error)
                                     : dg_import_csv (cli->db, contents, length, mapping, dry_run, NULL, NULL, error);
  if (report == NULL)
    return dg_error_exit_code (*error);

  r = json_node_get_object (report);
  errors = json_object_get_array_member (r, "errors");
  /* Errors go to stderr in both modes: stdout holds a result only on success. */
  if (cli->json && json_array_get_length (errors) == 0)
    dg_cli_print_json (report);
  else
    {
      for (guint i = 0; i < json_array_get_length (errors); i++)
        {
          JsonObject *e = json_array_get_object_element (errors, i);
          const char *column = json_object_get_null_member (e, "column") ? NULL : json_object_get_string_member (e, "column");

          if (column != NULL)
            g_printerr (_("Line %" PRId64 ", column “%s”: %s\n"), json_object_get_int_member (e, "row"), column,
                        json_object_get_string_member (e, "message"));
          else
            g_printerr (_("Line %" PRId64 ": %s\n"), json_object_get_int_member (e, "row"),
                        json_object_get_string_member (e, "message"));
        }
      if (json_array_get_length (errors) > 0)
        {
          g_autofree char *fields = g_strjoinv (", ", (GStrv) dg_import_fields ());

          /* Translators: %s lists the field names, which stay in English as --map takes them. */
          g_printerr (_("Fields a column can fill (--map HEADER=FIELD, or HEADER= to leave it out): %s\n"), fields);
          g_printerr (_("Nothing was imported: correct the rows above and import the file again.\n"));
        }
      else if (cli->json)
        ;
      else if (json_object_get_boolean_member_with_default (r, "repeated", FALSE))
        g_print (_("This client token was imported before: nothing new was imported (%" PRId64 " referrals then)\n"),
                 json_object_get_int_member (r, "imported"));
      else if (dry_run)
        g_print (_("%" PRId64 " rows checked; all can be imported (nothing was written)\n"), json_object_get_int_member (r, "rows"));
      else
        g_print (_("%" PRId64 " referrals imported\n"), json_object_get_int_member (r, "imported"));
    }

  if (json_array_get_length (errors) > 0)
    {
      g_set_error (error, DG_ERROR, DG_ERROR_INVALID, _("%u rows or columns need correcting; nothing was imported"),
                   json_array_get_length (errors));
      if (cli->json)
        print_import_refusal (*error, errors);
      return 2;
    }
  return 0;
}
