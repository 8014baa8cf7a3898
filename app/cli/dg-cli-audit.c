/* audit verify | export: the audit trail's hash chain. */

#include "config.h"

#include <inttypes.h>
#include <string.h>

#include <glib/gi18n.h>

#include "dg-audit.h"
#include "dg-cli.h"

static int
audit_verify (DgCli   *cli,
              int      argc,
              char   **argv,
              GError **error)
{
  g_autofree char *head = NULL;
  GOptionEntry entries[] = {
    { "head", 0, 0, G_OPTION_ARG_STRING, &head,
      N_("Also check that the row ID still has the link HASH, as an earlier check printed it"), N_("ID:HASH") },
    { NULL }
  };
  g_autoptr(JsonObject) result = NULL;
  const char *colon;
  gint64 head_id = 0;
  JsonObject *broken;

  if (!dg_cli_parse_options_only (cli, _("Check every row of the audit trail against its hash chain."),
                                  entries, _("audit verify: unexpected argument “%s”"), &argc, &argv, error))
    return 2;
  if (head != NULL)
    {
      colon = strchr (head, ':');
      head_id = colon ? g_ascii_strtoll (head, NULL, 10) : 0;
      if (colon == NULL || head_id <= 0 || strlen (colon + 1) != 64)
        return dg_cli_usage_error (error, _("--head: “%s” is not ID:HASH, as “audit verify” prints it"), head), 2;
    }
  if (dg_cli_open_db (cli, DG_DB_OPEN_DEFAULT, error) == NULL)
    return dg_error_exit_code (*error);
  result = dg_audit_verify (cli->db, head_id, head ? strchr (head, ':') + 1 : NULL, error);
  if (result == NULL)
    return dg_error_exit_code (*error);

  broken = json_object_has_member (result, "broken") ? json_object_get_object_member (result, "broken") : NULL;
  if (cli->json)
    {
      g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), result);

      dg_cli_print_json (node);
    }
  else if (broken == NULL)
    {
      JsonObject *h = json_object_has_member (result, "head") ? json_object_get_object_member (result, "head") : NULL;

      g_print (ngettext ("The audit trail is intact: %" PRId64 " row checked.\n",
                         "The audit trail is intact: %" PRId64 " rows checked.\n",
                         json_object_get_int_member (result, "rows")),
               json_object_get_int_member (result, "rows"));
      if (json_object_get_int_member (result, "disposed") > 0)
        g_print (ngettext ("%" PRId64 " row’s detail was erased by a certified disposal.\n",
                           "%" PRId64 " rows’ details were erased by certified disposals.\n",
                           json_object_get_int_member (result, "disposed")),
                 json_object_get_int_member (result, "disposed"));
      if (h != NULL)
        /* Translators: what to keep, to check against later with --head. */
        g_print (_("Head: %" PRId64 ":%s\n"), json_object_get_int_member (h, "id"), json_object_get_string_member (h, "hash"));
    }
  if (broken != NULL)
    {
      g_set_error (error, DG_ERROR, DG_ERROR_FAILED, _("The audit trail is broken at row %" PRId64 ": %s"),
                   json_object_get_int_member (broken, "id"), dg_audit_reason_label (json_object_get_string_member (broken, "reason")));
      return 1;
    }
  return 0;
}

static int
audit_export (DgCli   *cli,
              int      argc,
              char   **argv,
              GError **error)
{
  g_autofree char *output = NULL;
  GOptionEntry entries[] = {
    { "output", 0, 0, G_OPTION_ARG_FILENAME, &output, N_("The JSON file to write"), N_("FILE") },
    { NULL }
  };
  g_autoptr(JsonObject) result = json_object_new ();
  gint64 rows;

  if (!dg_cli_parse_options_only (cli, _("Write the audit trail with its hash chain, to check away from the database."),
                                  entries, _("audit export: unexpected argument “%s”"), &argc, &argv, error))
    return 2;
  if (output == NULL)
    return dg_cli_usage_error (error, _("--output: required")), 2;
  if (dg_cli_open_db (cli, DG_DB_OPEN_DEFAULT, error) == NULL)
    return dg_error_exit_code (*error);
  rows = dg_audit_export (cli->db, output, error);
  if (rows < 0)
    return dg_error_exit_code (*error);
  json_object_set_string_member (result, "output", output);
  json_object_set_int_member (result, "rows", rows);
  dg_cli_print_result (cli, result, _("%" PRId64 " rows written to %s\n"), rows, output);
  return 0;
}

int
dg_cli_audit (DgCli   *cli,
              int      argc,
              char   **argv,
              GError **error)
{
  static const DgCliSubcommand subcommands[] = {
    { "verify", audit_verify },
    { "export", audit_export },
    { NULL }
  };

  return dg_cli_run_subcommand (cli, argc, argv, subcommands, _("audit: verify | export?"), NULL, error);
}
