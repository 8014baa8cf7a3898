/* retention list | set | hold add | hold list | hold release | queue |
 * approve | dispose: how long records are kept, and their disposal. */

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>

#include "dg-cli.h"
#include "dg-disposal.h"
#include "dg-retention.h"

static const char *
member_or (JsonObject *o,
           const char *member,
           const char *otherwise)
{
  return json_object_has_member (o, member) && !json_object_get_null_member (o, member)
         ? json_object_get_string_member (o, member) : otherwise;
}

static void
print_schedule (JsonObject *s)
{
  const char *basis = json_object_get_string_member (s, "basis");
  const char *years = member_or (s, "years", "");

  if (g_strcmp0 (basis, "age") == 0)
    /* Translators: a retention schedule: the record type, then the rule. */
    g_print (_("%s\tuntil the child’s birthday at %s years\t(set by %s at %s)\n"), json_object_get_string_member (s, "record_type"),
             years, json_object_get_string_member (s, "updated_by"), json_object_get_string_member (s, "updated_at"));
  else if (g_strcmp0 (basis, "last-contact") == 0)
    g_print (_("%s\t%s years after the last contact\t(set by %s at %s)\n"), json_object_get_string_member (s, "record_type"),
             years, json_object_get_string_member (s, "updated_by"), json_object_get_string_member (s, "updated_at"));
  else
    g_print (_("%s\tas long as the record it describes\n"), json_object_get_string_member (s, "record_type"));
}

static int
retention_list (DgCli   *cli,
                int      argc,
                char   **argv,
                GError **error)
{
  GOptionEntry entries[] = { { NULL } };

  if (!dg_cli_parse_options_only (cli, _("How long each kind of record is kept."), entries,
                                  _("retention list: unexpected argument “%s”"), &argc, &argv, error))
    return 2;
  if (dg_cli_open_db (cli, DG_DB_OPEN_DEFAULT, error) == NULL)
    return dg_error_exit_code (*error);
  return dg_cli_print_rows (cli, dg_retention_schedules (cli->db, error), print_schedule, error);
}

static int
retention_set (DgCli   *cli,
               int      argc,
               char   **argv,
               GError **error)
{
  g_autoptr(JsonObject) result = json_object_new ();

  if (!dg_cli_parse (cli, _("TYPE PERIOD"), _("Change how long a kind of record is kept (nfa or child-protection; "
                                              "years, such as 25y); audited."), NULL, &argc, &argv, error))
    return 2;
  if (argc != 3)
    return dg_cli_usage_error (error, _("retention set TYPE PERIOD")), 2;
  if (dg_cli_open_db (cli, DG_DB_OPEN_DEFAULT, error) == NULL)
    return dg_error_exit_code (*error);
  if (!dg_retention_set (cli->db, argv[1], argv[2], error))
    return dg_error_exit_code (*error);
  json_object_set_string_member (result, "record_type", argv[1]);
  json_object_set_string_member (result, "period", argv[2]);
  dg_cli_print_result (cli, result, _("Retention of %s set to %s\n"), argv[1], argv[2]);
  return 0;
}

static void
print_hold (JsonObject *h)
{
  const char *kind = json_object_get_string_member (h, "kind");

  g_print ("%s\t%s\t%s\t", json_object_get_string_member (h, "id"), kind, json_object_get_string_member (h, "name"));
  if (g_strcmp0 (kind, "referral") == 0)
    g_print (_("referral %s"), json_object_get_string_member (h, "referral_id"));
  else if (g_strcmp0 (kind, "inquiry") == 0)
    /* Translators: an inquiry's hold: the referrals received from one date to another ("…" for open). */
    g_print (_("received %s to %s"), member_or (h, "from", "…"), member_or (h, "to", "…"));
  g_print ("\t%s\t%s\n", json_object_get_string_member (h, "reason"), json_object_get_string_member (h, "created_by"));
}

static int
hold_add (DgCli   *cli,
          int      argc,
          char   **argv,
          GError **error)
{
  g_autofree char *name = NULL, *child = NULL, *from = NULL, *to = NULL, *reason = NULL;
  gint64 referral = 0, id;
  gboolean inquiry = FALSE, all = FALSE;
  GOptionEntry entries[] = {
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, N_("What the hold is called (an inquiry’s name)"), N_("NAME") },
    { "referral", 0, 0, G_OPTION_ARG_INT64, &referral, N_("Hold one referral"), N_("ID") },
    { "child-name", 0, 0, G_OPTION_ARG_STRING, &child, N_("Hold every referral about a child of this name"), N_("NAME") },
    { "inquiry", 0, 0, G_OPTION_ARG_NONE, &inquiry, N_("An inquiry’s moratorium: the referrals received from --from to --to, or --all"), NULL },
    { "from", 0, 0, G_OPTION_ARG_STRING, &from, N_("Referrals received on or after"), N_("DATE") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to, N_("Referrals received on or before"), N_("DATE") },
    { "all", 0, 0, G_OPTION_ARG_NONE, &all, N_("Every referral"), NULL },
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, N_("Why disposal must wait"), N_("TEXT") },
    { NULL }
  };
  g_autoptr(JsonObject) result = json_object_new ();
  const char *kind;

  if (!dg_cli_parse_options_only (cli, _("Add a legal hold: nothing it covers is disposed of while it stands."), entries,
                                  _("retention hold add: unexpected argument “%s”"), &argc, &argv, error))
    return 2;
  if ((referral > 0) + (child != NULL) + inquiry != 1)
    return dg_cli_usage_error (error, _("one of --referral, --child-name or --inquiry")), 2;
  if (inquiry && all == (from != NULL || to != NULL))
    return dg_cli_usage_error (error, _("--inquiry: --from and --to, or --all")), 2;
  kind = referral > 0 ? "referral" : child != NULL ? "child" : "inquiry";
  if (name == NULL && referral > 0)
    name = g_strdup_printf (_("Referral %" PRId64), referral);
  if (dg_cli_open_db (cli, DG_DB_OPEN_DEFAULT, error) == NULL)
    return dg_error_exit_code (*error);
  id = dg_retention_hold_add (cli->db, kind, name, referral, child, from, to, reason, error);
  if (id <= 0)
    return dg_error_exit_code (*error);
  json_object_set_int_member (result, "id", id);
  json_object_set_string_member (result, "kind", kind);
  dg_cli_print_result (cli, result, _("Hold %" PRId64 " added\n"), id);
  return 0;
}

static int
hold_list (DgCli   *cli,
           int      argc,
           char   **argv,
           GError **error)
{
  GOptionEntry entries[] = { { NULL } };

  if (!dg_cli_parse_options_only (cli, _("The legal holds in force."), entries,
                                  _("retention hold list: unexpected argument “%s”"), &argc, &argv, error))
    return 2;
  if (dg_cli_open_db (cli, DG_DB_OPEN_DEFAULT, error) == NULL)
    return dg_error_exit_code (*error);
  return dg_cli_print_rows (cli, dg_retention_holds (cli->db, error), print_hold, error);
}

static gint64
id_argument (DgCli       *cli,
             const char  *parameter,
             const char  *summary,
             const char  *usage,
             int         *argc,
             char      ***argv,
             GError     **error)
{
  gint64 id;

  if (!dg_cli_parse (cli, parameter, summary, NULL, argc, argv, error))
    return 0;
  id = *argc == 2 ? g_ascii_strtoll ((*argv)[1], NULL, 10) : 0;
  if (id <= 0)
    return dg_cli_usage_error (error, "%s", usage), 0;
  if (dg_cli_open_db (cli, DG_DB_OPEN_DEFAULT, error) == NULL)
    return -1;
  return id;
}

static int
hold_release (DgCli   *cli,
              int      argc,
              char   **argv,
              GError **error)
{
  g_autoptr(JsonObject) result = json_object_new ();
  gint64 id = id_argument (cli, _("ID"), _("Release a legal hold; audited."), _("retention hold release ID"),
                           &argc, &argv, error);

  if (id <= 0)
    return id == 0 ? 2 : dg_error_exit_code (*error);
  if (!dg_retention_hold_release (cli->db, id, error))
    return dg_error_exit_code (*error);
  json_object_set_int_member (result, "id", id);
  dg_cli_print_result (cli, result, _("Hold %" PRId64 " released\n"), id);
  return 0;
}

static int
retention_hold (DgCli   *cli,
                int      argc,
                char   **argv,
                GError **error)
{
  static const DgCliSubcommand subcommands[] = {
    { "add", hold_add },
    { "list", hold_list },
    { "release", hold_release },
    { NULL }
  };

  return dg_cli_run_subcommand (cli, argc, argv, subcommands, _("retention hold: add | list | release?"), NULL, error);
}

static void
print_queued (JsonObject *q)
{
  JsonArray *approvals = json_object_get_array_member (q, "approvals");

  g_print ("%" PRId64 "\t%s\t%s\t", json_object_get_int_member (q, "id"), json_object_get_string_member (q, "reference"),
           json_object_get_string_member (q, "record_type"));
  /* Translators: when a record fell due for disposal. */
  g_print (_("due %s"), json_object_get_string_member (q, "due"));
  g_print ("\t");
  g_print (ngettext ("%u approval", "%u approvals", json_array_get_length (approvals)), json_array_get_length (approvals));
  for (guint i = 0; i < json_array_get_length (approvals); i++)
    g_print ("%s%s", i == 0 ? ": " : ", ", json_array_get_string_element (approvals, i));
  g_print ("\n");
}

static int
retention_queue (DgCli   *cli,
                 int      argc,
                 char   **argv,
                 GError **error)
{
  GOptionEntry entries[] = { { NULL } };

  if (!dg_cli_parse_options_only (cli, _("The referrals due for disposal under the schedule and under no hold."), entries,
                                  _("retention queue: unexpected argument “%s”"), &argc, &argv, error))
    return 2;
  if (dg_cli_open_db (cli, DG_DB_OPEN_DEFAULT, error) == NULL)
    return dg_error_exit_code (*error);
  return dg_cli_print_rows (cli, dg_retention_queue (cli->db, error), print_queued, error);
}

static int
retention_approve (DgCli   *cli,
                   int      argc,
                   char   **argv,
                   GError **error)
{
  g_autoptr(JsonObject) result = json_object_new ();
  gint64 id = id_argument (cli, _("ID"), _("Approve the disposal of a queued referral; two different people must approve."),
                           _("retention approve ID"), &argc, &argv, error);
  int approvals;

  if (id <= 0)
    return id == 0 ? 2 : dg_error_exit_code (*error);
  approvals = dg_retention_approve (cli->db, id, error);
  if (approvals < 0)
    return dg_error_exit_code (*error);
  json_object_set_int_member (result, "id", id);
  json_object_set_int_member (result, "approvals", approvals);
  dg_cli_print_result (cli, result, ngettext ("Disposal of referral %" PRId64 " approved (%d approval)\n",
                                              "Disposal of referral %" PRId64 " approved (%d approvals)\n", approvals),
                       id, approvals);
  return 0;
}

static int
retention_dispose (DgCli   *cli,
                   int      argc,
                   char   **argv,
                   GError **error)
{
  g_autoptr(JsonObject) result = NULL;
  gint64 id = id_argument (cli, _("ID"), _("Remove an approved referral’s personal data for good, leaving a certificate in the audit."),
                           _("retention dispose ID"), &argc, &argv, error);

  if (id <= 0)
    return id == 0 ? 2 : dg_error_exit_code (*error);
  result = dg_retention_dispose (cli->db, id, error);
  if (result == NULL)
    return dg_error_exit_code (*error);
  dg_cli_print_result (cli, result, _("Referral %s disposed of; the certificate is in the audit\n"),
                       json_object_get_string_member (result, "reference"));
  if (!cli->json && json_object_has_member (result, "vacuum"))
    g_print (_("On PostgreSQL the removed rows’ space is overwritten only once VACUUM has run: "
               "run “VACUUM (ANALYZE)” as the database’s owner now (README: Retention and disposal).\n"));
  if (!cli->json && g_strcmp0 (member_or (result, "checkpoint", ""), "busy") == 0)
    g_print (_("Another program still has the database open, so the file could not be rewritten yet: close every "
               "program using it, then run “sqlite3 FILE VACUUM” (README: Retention and disposal).\n"));
  return 0;
}

int
dg_cli_retention (DgCli   *cli,
                  int      argc,
                  char   **argv,
                  GError **error)
{
  static const DgCliSubcommand subcommands[] = {
    { "list", retention_list },
    { "set", retention_set },
    { "hold", retention_hold },
    { "queue", retention_queue },
    { "approve", retention_approve },
    { "dispose", retention_dispose },
    { NULL }
  };

  return dg_cli_run_subcommand (cli, argc, argv, subcommands,
                                _("retention: list | set | hold | queue | approve | dispose?"), NULL, error);
}
