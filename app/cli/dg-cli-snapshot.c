/* report snapshot save | list | diff: a period's figures as submitted. */

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>

#include "dg-cli.h"
#include "dg-snapshot.h"

static void
print_snapshot (JsonObject *s)
{
  /* Translators: a saved snapshot: its name, its period, who saved it and when. */
  g_print (_("%s\t%s to %s\tsaved by %s at %s\n"),
           json_object_get_string_member (s, "name"), json_object_get_string_member (s, "from"),
           json_object_get_string_member (s, "to"), json_object_get_string_member (s, "saved_by"),
           json_object_get_string_member (s, "saved_at"));
}

static void
print_number (JsonObject *o,
              const char *member)
{
  JsonNode *n = json_object_get_member (o, member);

  if (n == NULL || JSON_NODE_HOLDS_NULL (n))
    g_print ("—");
  else if (json_node_get_value_type (n) == G_TYPE_DOUBLE)
    g_print ("%.3f", json_node_get_double (n));
  else
    g_print ("%" PRId64, json_node_get_int (n));
}

static void
print_diff (JsonNode *node)
{
  JsonObject *d = json_node_get_object (node);
  JsonArray *figures = json_object_get_array_member (d, "figures");
  JsonArray *amended = json_object_get_array_member (d, "amended");

  print_snapshot (d);
  if (!json_object_get_boolean_member (d, "intact"))
    g_print (_("Warning: the saved figures do not match their checksum\n"));
  if (json_array_get_length (figures) == 0)
    g_print (_("No figure has changed since.\n"));
  else
    g_print (ngettext ("%u figure has changed since (then → now):\n",
                       "%u figures have changed since (then → now):\n", json_array_get_length (figures)),
             json_array_get_length (figures));
  for (guint i = 0; i < json_array_get_length (figures); i++)
    {
      JsonObject *f = json_array_get_object_element (figures, i);

      g_print ("  %s  ", json_object_get_string_member (f, "figure"));
      print_number (f, "then");
      g_print (" → ");
      print_number (f, "now");
      g_print ("\n");
    }
  if (json_array_get_length (amended) == 0)
    g_print (_("No record of the period and no rule has been amended since.\n"));
  else
    g_print (ngettext ("%u change recorded since:\n", "%u changes recorded since:\n", json_array_get_length (amended)),
             json_array_get_length (amended));
  for (guint i = 0; i < json_array_get_length (amended); i++)
    {
      JsonObject *a = json_array_get_object_element (amended, i);
      const char *reference = json_object_get_null_member (a, "reference") ? NULL : json_object_get_string_member (a, "reference");

      g_print ("  %s  %s  %s %" PRId64 "%s%s%s  %s\n", json_object_get_string_member (a, "at"),
               json_object_get_string_member (a, "actor"), json_object_get_string_member (a, "entity"),
               json_object_get_int_member (a, "entity_id"), reference ? " (" : "", reference ? reference : "",
               reference ? ")" : "", json_object_get_string_member (a, "action"));
    }
  if (json_array_get_length (figures) > 0)
    g_print (_("Figures also move as days pass: a clock pending then may be overdue now.\n"));
}

static int
snapshot_save (DgCli   *cli,
               int      argc,
               char   **argv,
               GError **error)
{
  g_autofree char *from = NULL, *to = NULL, *name = NULL;
  GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_STRING, &from, N_("Referrals received on or after"), N_("DATE") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to, N_("Referrals received on or before"), N_("DATE") },
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, N_("What the figures were submitted as"), N_("NAME") },
    { NULL }
  };
  JsonObject *saved;

  if (!dg_cli_parse_options_only (cli, _("Save a period's figures as submitted: never changed afterwards."),
                                  entries, _("report snapshot save: unexpected argument “%s”"), &argc, &argv, error))
    return 2;
  if (name == NULL)
    return dg_cli_usage_error (error, _("--name: required")), 2;
  if (dg_cli_open_db (cli, DG_DB_OPEN_DEFAULT, error) == NULL)
    return dg_error_exit_code (*error);
  saved = dg_snapshot_save (cli->db, name, from, to, error);
  if (saved == NULL)
    return dg_error_exit_code (*error);
  dg_cli_print_result (cli, saved, _("Saved the figures of %s to %s as “%s”\n"), from, to,
                       json_object_get_string_member (saved, "name"));
  json_object_unref (saved);
  return 0;
}

static int
snapshot_list (DgCli   *cli,
               int      argc,
               char   **argv,
               GError **error)
{
  GOptionEntry entries[] = { { NULL } };

  if (!dg_cli_parse_options_only (cli, _("The saved snapshots, newest first."),
                                  entries, _("report snapshot list: unexpected argument “%s”"), &argc, &argv, error))
    return 2;
  if (dg_cli_open_db (cli, DG_DB_OPEN_DEFAULT, error) == NULL)
    return dg_error_exit_code (*error);
  return dg_cli_print_rows (cli, dg_snapshot_list (cli->db, error), print_snapshot, error);
}

static int
snapshot_diff (DgCli   *cli,
               int      argc,
               char   **argv,
               GError **error)
{
  if (!dg_cli_parse (cli, _("NAME"), _("What has changed since a snapshot was saved, and which records were amended."),
                     NULL, &argc, &argv, error))
    return 2;
  if (argc != 2)
    return dg_cli_usage_error (error, _("report snapshot diff NAME")), 2;
  if (dg_cli_open_db (cli, DG_DB_OPEN_DEFAULT, error) == NULL)
    return dg_error_exit_code (*error);
  return dg_cli_print_node (cli, dg_snapshot_diff (cli->db, argv[1], error), print_diff, error);
}

int
dg_cli_report_snapshot (DgCli   *cli,
                        int      argc,
                        char   **argv,
                        GError **error)
{
  static const DgCliSubcommand subcommands[] = {
    { "save", snapshot_save },
    { "list", snapshot_list },
    { "diff", snapshot_diff },
    { NULL }
  };

  return dg_cli_run_subcommand (cli, argc, argv, subcommands, _("report snapshot: save | list | diff?"), NULL, error);
}
