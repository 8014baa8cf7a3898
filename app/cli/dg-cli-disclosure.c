#include "config.h"

#include <glib/gi18n.h>

#include "dg-cli.h"
#include "dg-disclosure.h"
#include "dg-json.h"
#include "dg-referrals.h"

/* diogelu-cli disclosure: a subject access pack. Without --reviewer it
 * writes the review copy only; with it, the sign-off is audited and the
 * final pack written beside the review copy. */

int
dg_cli_disclosure (DgCli   *cli,
                   int      argc,
                   char   **argv,
                   GError **error)
{
  g_autofree char *referral = NULL, *child_name = NULL, *output = NULL, *reviewer = NULL, *language = NULL;
  g_auto(GStrv) release = NULL;
  GOptionEntry entries[] = {
    { "referral", 0, 0, G_OPTION_ARG_STRING, &referral, N_("The child of this referral (its first, or the one --child-name names)"), N_("ID") },
    { "child-name", 0, 0, G_OPTION_ARG_STRING, &child_name, N_("The child of this name, across referrals"), N_("NAME") },
    { "output", 0, 0, G_OPTION_ARG_FILENAME, &output, N_("The folder to write the pack into"), N_("DIR") },
    { "reviewer", 0, 0, G_OPTION_ARG_STRING, &reviewer, N_("Sign the pack off as this reviewer, and write the final pack"), N_("NAME") },
    { "release", 0, 0, G_OPTION_ARG_STRING_ARRAY, &release, N_("Disclose this redaction after all (consent, or reasonable to); repeatable"), N_("R1") },
    { "language", 0, 0, G_OPTION_ARG_STRING, &language, N_("The cover letter’s language: cy+en (default), cy or en"), N_("LANG") },
    { NULL }
  };
  g_autoptr(JsonObject) pack = NULL;
  g_autoptr(JsonObject) result = json_object_new ();
  JsonArray *redactions, *listed;
  gint64 id = 0;

  if (!dg_cli_parse_options_only (cli, _("A subject access pack: every record about a child, third parties’ and the "
                                         "report-maker’s details marked for redaction. Writes disclosure-review.pdf and "
                                         "disclosure-review.json (not for release); with --reviewer, the sign-off is "
                                         "audited and disclosure.pdf (cover letter and redacted records) and "
                                         "disclosure.json are written too."),
                                  entries, _("disclosure takes no argument: “%s”"), &argc, &argv, error))
    return 2;
  if (referral == NULL && child_name == NULL)
    return dg_cli_usage_error (error, _("--referral or --child-name: one is required")), 2;
  if (output == NULL)
    return dg_cli_usage_error (error, _("--output: required")), 2;
  if (dg_cli_open_db (cli, DG_DB_OPEN_DEFAULT, error) == NULL)
    return dg_error_exit_code (*error);
  if (referral != NULL)
    {
      id = dg_referral_resolve (cli->db, referral, error);
      if (id == 0)
        return dg_error_exit_code (*error);
    }
  pack = dg_disclosure_gather (cli->db, id, child_name, error);
  if (pack == NULL ||
      !dg_disclosure_release (pack, (const char * const *) release, error) ||
      !dg_disclosure_write_review (cli->db, pack, output, error) ||
      (reviewer != NULL && !dg_disclosure_sign_off (cli->db, pack, reviewer, language, output, error)))
    return dg_error_exit_code (*error);

  redactions = json_object_get_array_member (pack, "redactions");
  listed = json_array_new ();
  for (guint i = 0; i < json_array_get_length (redactions); i++)
    {
      JsonObject *r = json_array_get_object_element (redactions, i), *row = json_object_new ();

      json_object_set_string_member (row, "id", dg_json_text (r, "id"));
      json_object_set_string_member (row, "code", dg_json_text (r, "code"));
      json_object_set_int_member (row, "occurrences", json_object_get_int_member (r, "occurrences"));
      json_object_set_boolean_member (row, "withheld", json_object_get_boolean_member (r, "withheld"));
      json_array_add_object_element (listed, row);
    }
  json_object_set_string_member (result, "output", output);
  json_object_set_int_member (result, "referrals",
                              json_array_get_length (json_object_get_array_member (pack, "referrals")));
  json_object_set_array_member (result, "redactions", listed);
  json_object_set_boolean_member (result, "signed_off", reviewer != NULL);
  dg_cli_print_result (cli, result,
                       reviewer != NULL ? _("%u referrals, %u redactions: the review copy and the signed-off pack are in %s\n")
                                        : _("%u referrals, %u redactions: the review copy is in %s (sign it off with --reviewer)\n"),
                       json_array_get_length (json_object_get_array_member (pack, "referrals")),
                       json_array_get_length (redactions), output);
  return 0;
}
