#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>

#include "dg-cli.h"
#include "dg-expected-rules.h"
#include "dg-meeting-figures.h"
#include "dg-meetings.h"
#include "dg-referrals.h"
#include "dg-vocab.h"

static gint64
meeting_id (const char  *text,
            GError     **error)
{
  char *end = NULL;
  gint64 id = text ? g_ascii_strtoll (text, &end, 10) : 0;

  if (text == NULL || end == NULL || *end != '\0' || id <= 0)
    {
      g_set_error (error, DG_ERROR, DG_ERROR_INVALID, _("MID: “%s” is not a meeting id"), text ? text : "");
      return 0;
    }
  return id;
}

static void
print_meeting (JsonNode *node)
{
  JsonObject *m = json_node_get_object (node);
  JsonArray *invitees = json_object_get_array_member (m, "invitees");
  JsonObject *c = json_object_get_object_member (m, "completeness");
  JsonArray *missing = json_object_get_array_member (c, "missing");
  JsonNode *outcome = json_object_get_member (m, "outcome");

  g_print (_("Meeting %" PRId64 " on %s: %s, %s\n"), json_object_get_int_member (m, "id"),
           json_object_get_string_member (m, "reference"),
           dg_vocab_label (DG_VOCAB_MEETING_KIND, json_object_get_string_member (m, "kind")),
           json_object_get_string_member (m, "at"));
  for (guint i = 0; i < json_array_get_length (invitees); i++)
    {
      JsonObject *inv = json_array_get_object_element (invitees, i);
      const char *report = json_object_get_null_member (inv, "report") ? NULL : json_object_get_string_member (inv, "report");
      const char *decider = json_object_get_null_member (inv, "decision_maker") ? NULL : json_object_get_string_member (inv, "decision_maker");

      g_print ("  %-20s %-24s %-10s%s%s\n", dg_vocab_label (DG_VOCAB_MEETING_AGENCY, json_object_get_string_member (inv, "agency")),
               json_object_get_null_member (inv, "name") ? "" : json_object_get_string_member (inv, "name"),
               dg_vocab_label (DG_VOCAB_RESPONSE, json_object_get_string_member (inv, "status")),
               report == NULL ? "" : g_str_equal (report, "received") ? _(" · report received") : _(" · no report"),
               decider == NULL ? "" : g_str_equal (decider, "yes") ? _(" · decision-maker") : _(" · could not decide"));
    }
  if (!json_object_get_null_member (m, "minutes_sent_at"))
    g_print (_("Record circulated: %s\n"), json_object_get_string_member (m, "minutes_sent_at"));
  for (guint i = 0; i < json_array_get_length (missing); i++)
    g_print (_("  Not invited: %s\n"), dg_vocab_label (DG_VOCAB_MEETING_AGENCY, json_array_get_string_element (missing, i)));
  if (!JSON_NODE_HOLDS_NULL (outcome))
    g_print (_("Outcome: %s\n"), dg_vocab_label (DG_VOCAB_DETERMINATION,
                                                 json_object_get_string_member (json_node_get_object (outcome), "determination")));
}

static int
print_result (DgCli    *cli,
              gint64    id,
              GError  **error)
{
  return dg_cli_print_node (cli, dg_meeting_show (cli->db, id, error), print_meeting, error);
}

/* Parses options and the MID argument, then opens the database. */
static gint64
prepare (DgCli         *cli,
         const char    *summary,
         GOptionEntry  *entries,
         int           *argc,
         char        ***argv,
         GError       **error)
{
  gint64 id;

  if (!dg_cli_parse (cli, _("MID"), summary, entries, argc, argv, error))
    return 0;
  if (*argc != 2)
    {
      dg_cli_usage_error (error, _("MID: exactly one meeting id is required"));
      return 0;
    }
  id = meeting_id ((*argv)[1], error);
  if (id == 0 || dg_cli_open_db (cli, DG_DB_OPEN_DEFAULT, error) == NULL)
    return 0;
  return id;
}

static int
meeting_add (DgCli *cli, int argc, char **argv, GError **error)
{
  g_autofree char *referral = NULL, *kind = NULL, *at = NULL, *chair = NULL;
  gboolean invite_expected = FALSE;
  GOptionEntry entries[] = {
    { "referral", 0, 0, G_OPTION_ARG_STRING, &referral, N_("The referral (id or reference)"), N_("ID") },
    { "kind", 0, 0, G_OPTION_ARG_STRING, &kind, N_("discussion or meeting"), N_("K") },
    { "at", 0, 0, G_OPTION_ARG_STRING, &at, N_("When it is held"), N_("TIME") },
    { "chair", 0, 0, G_OPTION_ARG_STRING, &chair, N_("Who chairs it"), N_("NAME") },
    { "invite-expected", 0, 0, G_OPTION_ARG_NONE, &invite_expected, N_("Invite every expected agency now"), NULL },
    { NULL }
  };
  gint64 rid, id;

  if (!dg_cli_parse (cli, NULL, _("Record a strategy discussion or meeting."), entries, &argc, &argv, error))
    return 2;
  if (referral == NULL)
    return dg_cli_usage_error (error, _("--referral: required")), 2;
  if (kind == NULL)
    return dg_cli_usage_error (error, _("--kind: required (discussion | meeting)")), 2;
  if (at == NULL)
    return dg_cli_usage_error (error, _("--at: required")), 2;
  if (!dg_vocab_check (DG_VOCAB_MEETING_KIND, "--kind", kind, error))
    return 2;
  if (dg_cli_open_db (cli, DG_DB_OPEN_DEFAULT, error) == NULL)
    return dg_error_exit_code (*error);
  rid = dg_referral_resolve (cli->db, referral, error);
  if (rid == 0)
    return dg_error_exit_code (*error);
  id = dg_meeting_add (cli->db, rid, kind, at, chair, invite_expected, error);
  if (id == 0)
    return dg_error_exit_code (*error);
  return print_result (cli, id, error);
}

static int
meeting_invite (DgCli *cli, int argc, char **argv, GError **error)
{
  g_autofree char *agency = NULL, *name = NULL, *org = NULL, *at = NULL;
  GOptionEntry entries[] = {
    { "agency", 0, 0, G_OPTION_ARG_STRING, &agency, N_("police, social-services, education, health, report-maker, probation, housing, other, idva, paediatrician, midwife or disability-team"), N_("A") },
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, N_("The person invited"), N_("S") },
    { "org", 0, 0, G_OPTION_ARG_STRING, &org, N_("Their organisation"), N_("S") },
    { "at", 0, 0, G_OPTION_ARG_STRING, &at, N_("When invited (default: now)"), N_("TIME") },
    { NULL }
  };
  gint64 id = prepare (cli, _("Invite an agency to a meeting."), entries, &argc, &argv, error);

  if (id == 0 || !dg_meeting_invite (cli->db, id, agency, name, org, at, error))
    return dg_error_exit_code (*error);
  return print_result (cli, id, error);
}

static int
meeting_response (DgCli *cli, int argc, char **argv, GError **error)
{
  g_autofree char *agency = NULL, *status = NULL, *was = NULL;
  GOptionEntry entries[] = {
    { "agency", 0, 0, G_OPTION_ARG_STRING, &agency, N_("The agency"), N_("A") },
    { "status", 0, 0, G_OPTION_ARG_STRING, &status, N_("attended, apologies, declined or no-reply"), N_("S") },
    { "was", 0, 0, G_OPTION_ARG_STRING, &was, N_("Refuse if the response is no longer S (the one that was seen)"), N_("S") },
    { NULL }
  };
  gint64 id = prepare (cli, _("Record an agency's response."), entries, &argc, &argv, error);

  if (id == 0 || !dg_meeting_response (cli->db, id, agency, status, was, error))
    return dg_error_exit_code (*error);
  return print_result (cli, id, error);
}

static int
meeting_not_invited (DgCli *cli, int argc, char **argv, GError **error)
{
  g_autofree char *agency = NULL, *reason = NULL;
  GOptionEntry entries[] = {
    { "agency", 0, 0, G_OPTION_ARG_STRING, &agency, N_("The agency"), N_("A") },
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, N_("Why it is not invited (required)"), N_("TEXT") },
    { NULL }
  };
  gint64 id = prepare (cli, _("Record why an expected agency is not invited."), entries, &argc, &argv, error);

  if (id == 0 || !dg_meeting_not_invited (cli->db, id, agency, reason, error))
    return dg_error_exit_code (*error);
  return print_result (cli, id, error);
}

static int
meeting_amend (DgCli *cli, int argc, char **argv, GError **error)
{
  g_autofree char *at = NULL, *chair = NULL, *reason = NULL;
  GOptionEntry entries[] = {
    { "at", 0, 0, G_OPTION_ARG_STRING, &at, N_("When it was, or is to be, held"), N_("TIME") },
    { "chair", 0, 0, G_OPTION_ARG_STRING, &chair, N_("Who chairs it (empty: nobody named)"), N_("NAME") },
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, N_("Why it is corrected"), N_("TEXT") },
    { NULL }
  };
  gint64 id = prepare (cli, _("Correct when a meeting is held or who chairs it; audited before and after."),
                       entries, &argc, &argv, error);

  if (id == 0 || !dg_meeting_amend (cli->db, id, at, chair, reason, error))
    return dg_error_exit_code (*error);
  return print_result (cli, id, error);
}

static int
meeting_outcome (DgCli *cli, int argc, char **argv, GError **error)
{
  g_autofree char *determination = NULL, *s47 = NULL, *summary = NULL, *at = NULL;
  GOptionEntry entries[] = {
    { "determination", 0, 0, G_OPTION_ARG_STRING, &determination, N_("none, not-substantiated, substantiated-no-risk or substantiated-at-risk"), N_("D") },
    { "s47", 0, 0, G_OPTION_ARG_STRING, &s47, N_("Whether a section 47 enquiry was held: yes or no"), N_("yes|no") },
    { "summary", 0, 0, G_OPTION_ARG_STRING, &summary, N_("What was decided and why"), N_("TEXT") },
    { "at", 0, 0, G_OPTION_ARG_STRING, &at, N_("When (default: now)"), N_("TIME") },
    { NULL }
  };
  gint64 id;
  int s47_value = -1;

  if (!dg_cli_parse (cli, _("MID"), _("Record the outcome of a meeting."), entries, &argc, &argv, error))
    return 2;
  if (s47 != NULL)
    {
      if (g_str_equal (s47, "yes"))
        s47_value = 1;
      else if (g_str_equal (s47, "no"))
        s47_value = 0;
      else
        return dg_cli_usage_error (error, _("--s47: “%s” is not yes or no"), s47), 2;
    }
  if (argc != 2)
    return dg_cli_usage_error (error, _("MID: exactly one meeting id is required")), 2;
  id = meeting_id (argv[1], error);
  if (id == 0)
    return 2;
  if (dg_cli_open_db (cli, DG_DB_OPEN_DEFAULT, error) == NULL ||
      !dg_meeting_outcome (cli->db, id, determination, s47_value, summary, at, error))
    return dg_error_exit_code (*error);
  return print_result (cli, id, error);
}

static int
meeting_action (DgCli *cli, int argc, char **argv, GError **error)
{
  g_autofree char *action = NULL, *owner = NULL, *due = NULL;
  GOptionEntry entries[] = {
    { "action", 0, 0, G_OPTION_ARG_STRING, &action, N_("What is to be done"), N_("TEXT") },
    { "owner", 0, 0, G_OPTION_ARG_STRING, &owner, N_("Who does it"), N_("NAME") },
    { "due", 0, 0, G_OPTION_ARG_STRING, &due, N_("By when"), N_("DATE") },
    { NULL }
  };
  gint64 id = prepare (cli, _("Add an action agreed at a meeting."), entries, &argc, &argv, error);

  if (id == 0 || !dg_meeting_add_action (cli->db, id, action, owner, due, error))
    return dg_error_exit_code (*error);
  return print_result (cli, id, error);
}

static int
meeting_show (DgCli *cli, int argc, char **argv, GError **error)
{
  gint64 id = prepare (cli, _("Show a meeting."), NULL, &argc, &argv, error);

  if (id == 0)
    return dg_error_exit_code (*error);
  return print_result (cli, id, error);
}

static void
print_completeness (JsonNode *node)
{
  JsonArray *missing = json_object_get_array_member (json_node_get_object (node), "missing");

  if (json_array_get_length (missing) == 0)
    g_print (_("Every expected agency was invited.\n"));
  for (guint i = 0; i < json_array_get_length (missing); i++)
    g_print (_("Not invited: %s\n"), dg_vocab_label (DG_VOCAB_MEETING_AGENCY, json_array_get_string_element (missing, i)));
}

static int
meeting_completeness (DgCli *cli, int argc, char **argv, GError **error)
{
  gint64 id = prepare (cli, _("Which expected agencies were not invited."), NULL, &argc, &argv, error);

  if (id == 0)
    return dg_error_exit_code (*error);
  return dg_cli_print_node (cli, dg_meeting_completeness (cli->db, id, error),
                            print_completeness, error);
}

static void
print_meeting_row (JsonObject *m)
{
  g_print ("%-6" PRId64 " %-16s %.16s  %s\n", json_object_get_int_member (m, "id"),
           json_object_get_string_member (m, "reference"), json_object_get_string_member (m, "at"),
           json_object_get_boolean_member (m, "complete") ? _("complete") : _("an agency was missed"));
}

static int
meeting_list (DgCli *cli, int argc, char **argv, GError **error)
{
  g_autofree char *from = NULL, *to = NULL;
  gboolean incomplete = FALSE;
  GOptionEntry entries[] = {
    { "incomplete", 0, 0, G_OPTION_ARG_NONE, &incomplete, N_("Only meetings that missed an expected agency"), NULL },
    { "from", 0, 0, G_OPTION_ARG_STRING, &from, N_("Held on or after"), N_("DATE") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to, N_("Held on or before"), N_("DATE") },
    { NULL }
  };

  if (!dg_cli_parse_options_only (cli, _("List meetings, newest first."),
                                  entries, _("list: unexpected argument “%s”"),
                                  &argc, &argv, error))
    return 2;
  if (dg_cli_open_db (cli, DG_DB_OPEN_DEFAULT, error) == NULL)
    return dg_error_exit_code (*error);
  return dg_cli_print_rows (cli, dg_meeting_list (cli->db, incomplete, from, to, 0, error),
                            print_meeting_row, error);
}

static void
print_shares (JsonNode *node)
{
  JsonArray *agencies = json_object_get_array_member (json_node_get_object (node), "agencies");

  for (guint i = 0; i < json_array_get_length (agencies); i++)
    {
      JsonObject *a = json_array_get_object_element (agencies, i);
      g_print (_("%-18s invited to %3.0f%% (%s), attended %3.0f%%\n"),
               dg_vocab_label (DG_VOCAB_MEETING_AGENCY, json_object_get_string_member (a, "agency")),
               100 * json_object_get_double_member (a, "invited_share"),
               dg_quantity_label (json_object_get_string_member (a, "invited_word")),
               100 * json_object_get_double_member (a, "attended_share"));
    }
}

static int
meeting_shares (DgCli *cli, int argc, char **argv, GError **error)
{
  g_autofree char *from = NULL, *to = NULL;
  GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_STRING, &from, N_("Held on or after"), N_("DATE") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to, N_("Held on or before"), N_("DATE") },
    { NULL }
  };

  if (!dg_cli_parse (cli, NULL, _("Per agency, the share of meetings it was invited to and attended."), entries, &argc, &argv, error))
    return 2;
  if (dg_cli_open_db (cli, DG_DB_OPEN_DEFAULT, error) == NULL)
    return dg_error_exit_code (*error);
  return dg_cli_print_node (cli, dg_meeting_agency_shares (cli->db, from, to, error),
                            print_shares, error);
}

/* yes|no (or @yes_word|@no_word) as 1|0; absent: -1. */
static gboolean
yes_no (const char  *option,
        const char  *text,
        const char  *yes_word,
        const char  *no_word,
        int         *value,
        GError     **error)
{
  *value = -1;
  if (text == NULL)
    return TRUE;
  if (g_str_equal (text, yes_word))
    *value = 1;
  else if (g_str_equal (text, no_word))
    *value = 0;
  else
    {
      dg_cli_usage_error (error, _("--%s: “%s” is not %s or %s"), option, text, yes_word, no_word);
      return FALSE;
    }
  return TRUE;
}

static int
meeting_contribution (DgCli *cli, int argc, char **argv, GError **error)
{
  g_autofree char *agency = NULL, *report = NULL, *received_at = NULL, *decision_maker = NULL;
  GOptionEntry entries[] = {
    { "agency", 0, 0, G_OPTION_ARG_STRING, &agency, N_("The agency invited"), N_("A") },
    { "report", 0, 0, G_OPTION_ARG_STRING, &report, N_("Whether its report was received: received or none"), N_("received|none") },
    { "received-at", 0, 0, G_OPTION_ARG_STRING, &received_at, N_("When the report was received (default: now)"), N_("TIME") },
    { "decision-maker", 0, 0, G_OPTION_ARG_STRING, &decision_maker, N_("Whether whoever came could make decisions for the agency: yes or no"), N_("yes|no") },
    { NULL }
  };
  int report_value, decider_value;
  gint64 id = prepare (cli, _("Record what an agency brought to a meeting: its report, and whether whoever came could make decisions for it."),
                       entries, &argc, &argv, error);

  if (id == 0)
    return dg_error_exit_code (*error);
  if (!yes_no ("report", report, "received", "none", &report_value, error) ||
      !yes_no ("decision-maker", decision_maker, "yes", "no", &decider_value, error))
    return 2;
  if (!dg_meeting_contribution (cli->db, id, agency, report_value, received_at, decider_value, error))
    return dg_error_exit_code (*error);
  return print_result (cli, id, error);
}

static int
meeting_minutes (DgCli *cli, int argc, char **argv, GError **error)
{
  g_autofree char *sent = NULL;
  GOptionEntry entries[] = {
    { "sent", 0, 0, G_OPTION_ARG_STRING, &sent, N_("When the record went to those who took part (default: now)"), N_("DATE") },
    { NULL }
  };
  gint64 id = prepare (cli, _("Record that the meeting's record was circulated to those who took part (the strategy-record clock)."),
                       entries, &argc, &argv, error);

  if (id == 0 || !dg_meeting_minutes (cli->db, id, sent, error))
    return dg_error_exit_code (*error);
  return print_result (cli, id, error);
}

static void
print_rule (JsonObject *o)
{
  g_print ("%-10s  %-36s  %-32s  %s\n", json_object_get_string_member (o, "effective_from"),
           dg_vocab_label (DG_VOCAB_CONCERN, json_object_get_string_member (o, "concern")),
           dg_vocab_label (DG_VOCAB_MEETING_AGENCY, json_object_get_string_member (o, "agency")),
           json_object_get_boolean_member (o, "expected") ? _("expected") : _("no longer expected"));
}

static int
meeting_expected (DgCli *cli, int argc, char **argv, GError **error)
{
  g_autofree char *concern = NULL, *agency = NULL, *expected = NULL, *from = NULL;
  GOptionEntry entries[] = {
    { "concern", 0, 0, G_OPTION_ARG_STRING, &concern, N_("set: always, physical, sexual, emotional, neglect, financial, domestic-abuse, under-1, under-5, school-age or disability"), N_("C") },
    { "agency", 0, 0, G_OPTION_ARG_STRING, &agency, N_("set: the agency"), N_("A") },
    { "expected", 0, 0, G_OPTION_ARG_STRING, &expected, N_("set: yes (default) or no"), N_("yes|no") },
    { "from", 0, 0, G_OPTION_ARG_STRING, &from, N_("set: from this day on"), N_("DATE") },
    { NULL }
  };
  int value;

  if (!dg_cli_parse (cli, _("list | set"), _("The agencies expected at a meeting by concern, each from a date on (a manager's to change)."),
                     entries, &argc, &argv, error))
    return 2;
  if (argc != 2 || (!g_str_equal (argv[1], "list") && !g_str_equal (argv[1], "set")))
    return dg_cli_usage_error (error, _("meeting expected: list, or set --concern C --agency A [--expected yes|no] --from DATE")), 2;
  if (!yes_no ("expected", expected, "yes", "no", &value, error))
    return 2;
  if (dg_cli_open_db (cli, DG_DB_OPEN_DEFAULT, error) == NULL)
    return dg_error_exit_code (*error);
  if (g_str_equal (argv[1], "set") &&
      !dg_expected_rule_set (cli->db, concern, agency, value != 0, from, error))
    return dg_error_exit_code (*error);
  return dg_cli_print_rows (cli, dg_expected_rules (cli->db, error), print_rule, error);
}

static void
print_unit (JsonObject *o)
{
  if (json_object_has_member (o, "meeting"))
    g_print (_("meeting %" PRId64 " (referral %" PRId64 "): %s\n"), json_object_get_int_member (o, "meeting"),
             json_object_get_int_member (o, "referral"),
             dg_vocab_label (DG_VOCAB_MEETING_AGENCY, json_object_get_string_member (o, "agency")));
  else
    g_print (_("referral %" PRId64 "\n"), json_object_get_int_member (o, "referral"));
}

static void
print_figures (JsonNode *node)
{
  JsonObject *f = json_node_get_object (node);
  JsonArray *agencies = json_object_get_array_member (f, "agencies");
  JsonObject *c = json_object_get_object_member (f, "contributions");

  for (guint i = 0; i < json_array_get_length (agencies); i++)
    {
      JsonObject *a = json_array_get_object_element (agencies, i);

      if (json_object_get_int_member (a, "expected") == 0 && json_object_get_int_member (a, "invitees") == 0)
        continue;
      g_print (_("%-32s expected at %" PRId64 ", invited to %" PRId64 " (%s), attended %" PRId64 "; reports %" PRId64 " of %" PRId64 ", decision-makers %" PRId64 " of %" PRId64 "\n"),
               dg_vocab_label (DG_VOCAB_MEETING_AGENCY, json_object_get_string_member (a, "agency")),
               json_object_get_int_member (a, "expected"), json_object_get_int_member (a, "invited"),
               dg_quantity_label (json_object_get_string_member (a, "invited_word")),
               json_object_get_int_member (a, "attended"), json_object_get_int_member (a, "reports"),
               json_object_get_int_member (a, "invitees"), json_object_get_int_member (a, "decision_makers"),
               json_object_get_int_member (a, "attending"));
    }
  g_print (_("Reports received from %s of the agencies invited; decision-makers from %s of those that came\n"),
           dg_quantity_label (json_object_get_string_member (c, "report_word")),
           dg_quantity_label (json_object_get_string_member (c, "decision_word")));
}

static int
meeting_figures (DgCli *cli, int argc, char **argv, GError **error)
{
  g_autofree char *from = NULL, *to = NULL, *agency = NULL;
  gboolean list = FALSE;
  GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_STRING, &from, N_("Held on or after"), N_("DATE") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to, N_("Held on or before"), N_("DATE") },
    { "list", 0, 0, G_OPTION_ARG_NONE, &list, N_("List what is behind FIGURE STATE: expected all|invited|attended|excused|missing, report all|received|none, decision-maker all|yes|no, icpc-plan or strategy-record all|on-time|late|overdue|pending"), NULL },
    { "agency", 0, 0, G_OPTION_ARG_STRING, &agency, N_("--list: one agency's"), N_("A") },
    { NULL }
  };
  g_autoptr(JsonObject) figures = NULL;

  if (!dg_cli_parse (cli, _("[FIGURE STATE]"), _("Per agency: meetings that expected it, invited it and that it attended; reports and decision-makers."),
                     entries, &argc, &argv, error))
    return 2;
  if (list != (argc == 3) || argc > 3)
    return dg_cli_usage_error (error, _("meeting figures --from DATE --to DATE [--list FIGURE STATE [--agency A]]")), 2;
  if (dg_cli_open_db (cli, DG_DB_OPEN_DEFAULT, error) == NULL)
    return dg_error_exit_code (*error);
  if (list)
    return dg_cli_print_rows (cli, dg_meeting_figures_list (cli->db, from, to, argv[1], agency, argv[2], error),
                              print_unit, error);
  figures = dg_meeting_figures (cli->db, from, to, error);
  if (figures == NULL)
    return dg_error_exit_code (*error);
  return dg_cli_print_node (cli, json_node_init_object (json_node_alloc (), figures), print_figures, error);
}

int
dg_cli_meeting (DgCli   *cli,
                int      argc,
                char   **argv,
                GError **error)
{
  static const DgCliSubcommand subcommands[] = {
    { "add", meeting_add },
    { "invite", meeting_invite },
    { "response", meeting_response },
    { "not-invited", meeting_not_invited },
    { "amend", meeting_amend },
    { "outcome", meeting_outcome },
    { "action", meeting_action },
    { "show", meeting_show },
    { "completeness", meeting_completeness },
    { "list", meeting_list },
    { "shares", meeting_shares },
    { "contribution", meeting_contribution },
    { "minutes", meeting_minutes },
    { "expected", meeting_expected },
    { "figures", meeting_figures },
    { NULL }
  };

  return dg_cli_run_subcommand (cli, argc, argv, subcommands,
                                _("meeting: add, amend, invite, response, not-invited, contribution, minutes, outcome, action, show, completeness, list, shares, expected or figures?"),
                                _("meeting: unknown command “%s”"), error);
}
