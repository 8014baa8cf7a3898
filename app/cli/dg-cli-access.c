#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>

#include "dg-access.h"
#include "dg-cli.h"
#include "dg-json.h"

/* `report access`: who opened which referrals in a period, with unusual
 * access flagged (issue 25). */

static void
print_access (JsonNode *report)
{
  JsonObject *r = json_node_get_object (report);
  JsonArray *people = json_object_get_array_member (r, "people");

  if (json_array_get_length (people) == 0)
    g_print ("%s\n", _("Nobody opened a referral in this period."));
  for (guint i = 0; i < json_array_get_length (people); i++)
    {
      JsonObject *p = json_array_get_object_element (people, i);
      JsonArray *bursts = json_object_get_array_member (p, "bursts");
      JsonArray *never = json_object_get_array_member (p, "never_worked_on");

      g_print (_("%s: %" PRId64 " openings of %" PRId64 " referrals\n"), dg_json_text (p, "person"),
               json_object_get_int_member (p, "opened"), json_object_get_int_member (p, "records"));
      for (guint j = 0; j < json_array_get_length (bursts); j++)
        {
          JsonObject *b = json_array_get_object_element (bursts, j);

          g_print (_("  UNUSUAL: %" PRId64 " openings from %s to %s (more than %" PRId64 " in %" PRId64 " minutes)\n"),
                   json_object_get_int_member (b, "opened"), dg_json_text (b, "from"), dg_json_text (b, "to"),
                   json_object_get_int_member (r, "burst_count"), json_object_get_int_member (r, "burst_minutes"));
        }
      for (guint j = 0; j < json_array_get_length (never); j++)
        g_print (_("  UNUSUAL: opened %s without ever working on it\n"),
                 dg_json_text (json_array_get_object_element (never, j), "reference"));
    }
}

int
dg_cli_report_access (DgCli   *cli,
                      int      argc,
                      char   **argv,
                      GError **error)
{
  g_autofree char *from = NULL, *to = NULL, *person = NULL;
  GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_STRING, &from, N_("Openings on or after"), N_("DATE") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to, N_("Openings on or before"), N_("DATE") },
    { "person", 0, 0, G_OPTION_ARG_STRING, &person, N_("Only this person’s openings"), N_("NAME") },
    { NULL }
  };

  if (!dg_cli_parse_options_only (cli, _("Who opened which referrals in a period, flagging unusual access: more than "
                                         "20 openings by one person within 10 minutes, and records opened that the "
                                         "person never worked on."),
                                  entries, _("report access: unexpected argument “%s”"), &argc, &argv, error))
    return 2;
  if (dg_cli_open_db (cli, DG_DB_OPEN_DEFAULT, error) == NULL)
    return dg_error_exit_code (*error);
  return dg_cli_print_node (cli, dg_access_report (cli->db, from, to, person, error), print_access, error);
}
