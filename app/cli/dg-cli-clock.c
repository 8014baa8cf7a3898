/* diogelu-cli clock: a late clock's agreed exception. */

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>

#include "dg-cli.h"
#include "dg-clock-exception.h"
#include "dg-referrals.h"
#include "dg-vocab.h"

static int
clock_exception (DgCli   *cli,
                 int      argc,
                 char   **argv,
                 GError **error)
{
  g_autofree char *clock = NULL, *reason = NULL, *approved_by = NULL;
  GOptionEntry entries[] = {
    { "clock", 0, 0, G_OPTION_ARG_STRING, &clock, N_("The late or overdue clock"), N_("C") },
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, N_("Why the timescale was not met (required)"), N_("TEXT") },
    { "approved-by", 0, 0, G_OPTION_ARG_STRING, &approved_by,
      N_("The senior manager who agreed it (required)"), N_("NAME") },
    { NULL }
  };
  g_autoptr(JsonObject) result = json_object_new ();
  gint64 id;

  if (!dg_cli_parse (cli, _("ID"),
                     _("Record the agreed exception of a late or overdue clock: why, and the senior manager who agreed it. "
                       "The figures count it apart, as late with an agreed exception."),
                     entries, &argc, &argv, error))
    return 2;
  if (argc != 2)
    return dg_cli_usage_error (error, _("ID: exactly one referral id or reference is required")), 2;
  if (dg_cli_open_db (cli, DG_DB_OPEN_DEFAULT, error) == NULL)
    return dg_error_exit_code (*error);
  id = dg_referral_resolve (cli->db, argv[1], error);
  if (id == 0 || !dg_clock_exception_set (cli->db, id, clock, reason, approved_by, error))
    return dg_error_exit_code (*error);

  json_object_set_int_member (result, "referral_id", id);
  json_object_set_string_member (result, "clock", clock);
  json_object_set_string_member (result, "state", "excepted");
  dg_cli_print_result (cli, result, _("Exception recorded for the %s clock of referral %" PRId64 "\n"),
                       dg_vocab_label (DG_VOCAB_CLOCK, clock), id);
  return 0;
}

int
dg_cli_clock (DgCli   *cli,
              int      argc,
              char   **argv,
              GError **error)
{
  static const DgCliSubcommand subcommands[] = {
    { "exception", clock_exception },
    { NULL }
  };

  return dg_cli_run_subcommand (cli, argc, argv, subcommands, _("clock: exception?"), NULL, error);
}
