#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>
#include <gio/gio.h>

#include "dg-cli.h"
#include "dg-json.h"
#include "dg-access.h"
#include "dg-ledger.h"
#include "dg-meetings.h"
#include "dg-referrals.h"
#include "dg-token.h"
#include "dg-vocab.h"

static JsonObject *
read_document (const char  *file,
               GError     **error)
{
  g_autofree char *contents = NULL;
  g_autoptr(JsonNode) root = NULL;
  gsize length = 0;

  if (!dg_cli_read_file ("file", file, DG_JSON_MAX_BYTES, &contents, &length, error))
    return NULL;

  root = dg_json_parse_document (contents, length, error);
  if (root == NULL && error != NULL && *error != NULL)
    {
      g_prefix_error (error, "--file: ");
      return NULL;
    }
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, DG_ERROR, DG_ERROR_INVALID, _("--file: expected one JSON object describing the referral"));
      return NULL;
    }

  return json_object_ref (json_node_get_object (root));
}

/* The register's flags: earlier times on it, and whether this referral's
 * conference registered a child again within 12 months. */
static void
print_register_flags (JsonObject *r)
{
  JsonArray *children = json_object_get_array_member (r, "register");
  gint64 id = json_object_get_int_member (r, "id");

  for (guint i = 0; children != NULL && i < json_array_get_length (children); i++)
    {
      JsonObject *c = json_array_get_object_element (children, i);
      JsonArray *periods = json_object_get_array_member (c, "periods");

      for (guint j = 0; j < json_array_get_length (periods); j++)
        {
          JsonObject *p = json_array_get_object_element (periods, j);
          const char *to = dg_json_text (p, "to");

          if (json_object_get_boolean_member (p, "earlier"))
            g_print (_("%s: Previously on the child protection register (from %s to %s)\n"), dg_json_text (c, "name"),
                     dg_json_text (p, "from"), to ? to : _("now"));
          else if (json_object_get_int_member (p, "referral") == id && json_object_get_boolean_member (p, "re_registration"))
            g_print (_("%s: re-registration on the child protection register from %s (the previous registration ended %s)\n"),
                     dg_json_text (c, "name"), dg_json_text (p, "from"), dg_json_text (p, "previous_end"));
        }
    }
}

static void
print_referral (JsonNode *node)
{
  JsonObject *r = json_node_get_object (node);
  JsonObject *reporter = NULL;
  JsonArray *children = json_object_get_array_member (r, "children");
  JsonNode *decision = json_object_get_member (r, "decision");
  JsonObject *due = json_object_get_object_member (r, "due");
  JsonArray *previous = json_object_get_array_member (r, "previous_referrals");
  g_autoptr(GList) clocks = NULL;

  if (!JSON_NODE_HOLDS_NULL (json_object_get_member (r, "reporter")))
    reporter = json_object_get_object_member (r, "reporter");

  g_print ("%s  %s  %s\n", dg_json_text (r, "reference"),
           dg_vocab_label (DG_VOCAB_STATUS, dg_json_text (r, "status")),
           dg_json_text (r, "rag") ? dg_vocab_label (DG_VOCAB_RAG, dg_json_text (r, "rag")) : _("not rated"));
  g_print (_("Received: %s (%s)\n"), dg_json_text (r, "received_at"),
           dg_json_text (r, "channel") ? dg_vocab_label (DG_VOCAB_CHANNEL, dg_json_text (r, "channel")) : "—");
  if (reporter != NULL)
    g_print (_("Report-maker: %s, %s (%s; letters in %s)\n"),
             dg_json_text (reporter, "name") && *dg_json_text (reporter, "name") ? dg_json_text (reporter, "name") : _("anonymous"),
             dg_json_text (reporter, "organisation") ? dg_json_text (reporter, "organisation") : "—",
             dg_vocab_label (DG_VOCAB_REPORTER_AGENCY, dg_json_text (reporter, "agency")),
             dg_vocab_label (DG_VOCAB_LANGUAGE, dg_json_text (reporter, "language")));
  for (guint i = 0; i < json_array_get_length (children); i++)
    {
      JsonObject *c = json_array_get_object_element (children, i);
      g_print (_("Child: %s, born %s, %s\n"), dg_json_text (c, "name"),
               dg_json_text (c, "dob") ? dg_json_text (c, "dob") : "—",
               dg_json_text (c, "school") ? dg_json_text (c, "school") : "—");
    }
  if (!JSON_NODE_HOLDS_NULL (decision))
    {
      JsonObject *d = json_node_get_object (decision);
      g_print (_("Decision: %s, by %s at %s\n  %s\n"),
               dg_vocab_label (DG_VOCAB_OUTCOME, dg_json_text (d, "outcome")),
               dg_json_text (d, "by"), dg_json_text (d, "at"), dg_json_text (d, "rationale"));
      if (dg_json_text (d, "report_maker_text") != NULL)
        g_print (_("  Told the report-maker: %s\n"), dg_json_text (d, "report_maker_text"));
      if (dg_json_text (d, "report_maker_text_cy") != NULL)
        g_print (_("  Told the report-maker (Welsh): %s\n"), dg_json_text (d, "report_maker_text_cy"));
    }
  if (json_array_get_length (previous) > 0)
    g_print (_("Earlier referrals about this child: %u\n"), json_array_get_length (previous));
  print_register_flags (r);

  clocks = json_object_get_members (due);
  for (GList *l = clocks; l != NULL; l = l->next)
    {
      JsonObject *c = json_object_get_object_member (due, l->data);
      g_print ("  %-28s %s  %s\n", dg_vocab_label (DG_VOCAB_CLOCK, l->data),
               dg_json_text (c, "due"),
               dg_vocab_label (DG_VOCAB_CLOCK_STATE, dg_json_text (c, "state")));
    }
}

static int
show_result (DgCli    *cli,
             gint64    id,
             GError  **error)
{
  g_autoptr(JsonNode) node = dg_referral_show (cli->db, id, error);

  if (node == NULL)
    return dg_error_exit_code (*error);

  /* Said if the output below is lost: a script must not log it twice. */
  if (cli->saved_referral)
    cli->saved = g_strdup_printf (_("The referral %s was saved"),
                                  json_object_get_string_member_with_default (json_node_get_object (node), "reference", "?"));

  return dg_cli_print_node (cli, g_steal_pointer (&node), print_referral, error);
}

static int
referral_add (DgCli   *cli,
              int      argc,
              char   **argv,
              GError **error)
{
  g_autofree char *file = NULL;
  g_autofree char *token = NULL;
  g_autoptr(JsonObject) input = NULL;
  GOptionEntry entries[] = {
    { "file", 0, 0, G_OPTION_ARG_FILENAME, &file, N_("The referral as JSON (- for standard input)"), N_("FILE") },
    { "client-token", 0, 0, G_OPTION_ARG_STRING, &token,
      N_("Names this save, so that running the command again with the same token never saves it twice"), N_("TOKEN") },
    { NULL }
  };
  gboolean repeated = FALSE;
  gint64 id;

  if (!dg_cli_parse (cli, NULL, _("Log a duty-to-report referral."), entries, &argc, &argv, error))
    return 2;
  if (file == NULL)
    return dg_cli_usage_error (error, _("--file: required (a JSON file, or - for standard input)")), 2;

  if (token != NULL && !dg_token_check (token, error))
    return g_prefix_error (error, "--client-token: "), 2;

  input = read_document (file, error);
  if (input == NULL)
    return dg_error_exit_code (*error);

  if (dg_cli_open_db (cli, DG_DB_OPEN_DEFAULT, error) == NULL)
    return dg_error_exit_code (*error);

  id = dg_referral_add_once (cli->db, input, token, &repeated, error);
  if (id == 0)
    return dg_error_exit_code (*error);
  if (repeated)
    g_printerr ("%s\n", _("This client token was saved before: nothing new was saved; the referral it saved follows."));

  cli->saved_referral = TRUE;
  return show_result (cli, id, error);
}

static gint64
resolve_arg (DgCli    *cli,
             int       argc,
             char    **argv,
             GError  **error)
{
  if (argc != 2)
    {
      dg_cli_usage_error (error, _("ID: exactly one referral id or reference is required"));
      return 0;
    }
  if (dg_cli_open_db (cli, DG_DB_OPEN_DEFAULT, error) == NULL)
    return 0;
  return dg_referral_resolve (cli->db, argv[1], error);
}

/* Opening a referral to read it is logged (the view log); a restricted one
 * needs --reason. */
static int
referral_show (DgCli   *cli,
               int      argc,
               char   **argv,
               GError **error)
{
  g_autofree char *reason = NULL;
  GOptionEntry entries[] = {
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason,
      N_("Why you open it (required for a restricted record; logged)"), N_("TEXT") },
    { NULL }
  };
  g_autoptr(JsonNode) node = NULL;
  gint64 id;

  if (!dg_cli_parse (cli, _("ID"), _("Show one referral, its decision and its clocks; the opening is logged."),
                     entries, &argc, &argv, error))
    return 2;
  id = resolve_arg (cli, argc, argv, error);
  if (id == 0)
    return dg_error_exit_code (*error);

  node = dg_referral_open (cli->db, id, reason, error);
  if (node == NULL)
    return dg_error_exit_code (*error);
  return dg_cli_print_node (cli, g_steal_pointer (&node), print_referral, error);
}

static void
print_views (JsonNode *node)
{
  JsonArray *rows = json_node_get_array (node);

  if (json_array_get_length (rows) == 0)
    g_print ("%s\n", _("Nobody has opened this referral."));
  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonObject *o = json_array_get_object_element (rows, i);

      g_print ("%s  %s%s%s\n", dg_json_text (o, "at"), dg_json_text (o, "by"),
               dg_json_text (o, "reason") ? "  " : "", dg_json_text (o, "reason") ? dg_json_text (o, "reason") : "");
    }
}

static void
print_restriction (JsonNode *node)
{
  JsonObject *o = json_node_get_object (node);

  if (json_object_get_boolean_member (o, "restricted"))
    g_print (_("Restricted on %s by %s: %s\n"), dg_json_text (o, "at"), dg_json_text (o, "by"), dg_json_text (o, "reason"));
  else
    g_print ("%s\n", _("Not restricted"));
}

static int
referral_views (DgCli   *cli,
                int      argc,
                char   **argv,
                GError **error)
{
  gint64 id;

  if (!dg_cli_parse (cli, _("ID"), _("Who opened a referral, when, and the reason given for a restricted one."),
                     NULL, &argc, &argv, error))
    return 2;
  id = resolve_arg (cli, argc, argv, error);
  if (id == 0)
    return dg_error_exit_code (*error);
  return dg_cli_print_node (cli, dg_referral_views (cli->db, id, error), print_views, error);
}

static int
referral_restrict (DgCli   *cli,
                   int      argc,
                   char   **argv,
                   GError **error)
{
  g_autofree char *reason = NULL;
  gboolean lift = FALSE;
  GOptionEntry entries[] = {
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, N_("Why the record is restricted (required)"), N_("TEXT") },
    { "lift", 0, 0, G_OPTION_ARG_NONE, &lift, N_("Lift the restriction instead"), NULL },
    { NULL }
  };
  gint64 id;

  if (!dg_cli_parse (cli, _("ID"), _("Restrict a referral (a manager’s task): others must give a reason to open it."),
                     entries, &argc, &argv, error))
    return 2;
  id = resolve_arg (cli, argc, argv, error);
  if (id == 0)
    return dg_error_exit_code (*error);
  if (!dg_referral_restrict (cli->db, id, reason, lift, error))
    return dg_error_exit_code (*error);
  return dg_cli_print_node (cli, dg_referral_restriction (cli->db, id, error), print_restriction, error);
}

static void
print_referral_row (JsonObject *o)
{
  g_print ("%-16s %.16s  %-8s %-12s %s\n", dg_json_text (o, "reference"),
           dg_json_text (o, "received_at"),
           dg_json_text (o, "rag") ? dg_json_text (o, "rag") : "-",
           dg_json_text (o, "status"), dg_json_text (o, "child"));
}

static int
referral_list (DgCli   *cli,
               int      argc,
               char   **argv,
               GError **error)
{
  g_autofree char *search = NULL, *status = NULL, *agency = NULL, *school = NULL, *rag = NULL;
  int limit = 50;
  GOptionEntry entries[] = {
    { "search", 0, 0, G_OPTION_ARG_STRING, &search, N_("Names, aliases, reference, organisation or concern"), N_("TEXT") },
    { "status", 0, 0, G_OPTION_ARG_STRING, &status, N_("new, acknowledged, decided or closed"), N_("S") },
    { "agency", 0, 0, G_OPTION_ARG_STRING, &agency, N_("The report-maker’s agency kind"), N_("A") },
    { "school", 0, 0, G_OPTION_ARG_STRING, &school, N_("A child’s school or setting"), N_("S") },
    { "rag", 0, 0, G_OPTION_ARG_STRING, &rag, N_("red, amber or green"), N_("R") },
    { "limit", 0, 0, G_OPTION_ARG_INT, &limit, N_("At most N referrals (default 50)"), N_("N") },
    { NULL }
  };
  DgReferralQuery query = { 0 };
  g_autoptr(JsonObject) result = json_object_new ();
  g_autoptr(GArray) ids = NULL;
  g_autoptr(JsonArray) items = NULL;
  gint64 total;

  if (!dg_cli_parse_options_only (cli, _("List referrals, newest first."),
                                  entries, _("list: unexpected argument “%s”"),
                                  &argc, &argv, error))
    return 2;
  if (limit < 1)
    return dg_cli_usage_error (error, _("--limit: “%d” must be at least 1"), limit), 2;
  if (dg_cli_open_db (cli, DG_DB_OPEN_DEFAULT, error) == NULL)
    return dg_error_exit_code (*error);

  query = (DgReferralQuery) { search, status, agency, school, rag };
  total = dg_referral_count (cli->db, &query, error);
  if (total < 0)
    return dg_error_exit_code (*error);
  ids = dg_referral_list_ids (cli->db, &query, limit, error);
  if (ids == NULL)
    return dg_error_exit_code (*error);
  items = dg_referral_summaries (cli->db, (gint64 *) ids->data, ids->len, error);
  if (items == NULL)
    return dg_error_exit_code (*error);

  /* For people, the rows, then the count. */
  if (!cli->json)
    for (guint i = 0; i < json_array_get_length (items); i++)
      print_referral_row (json_array_get_object_element (items, i));
  json_object_set_int_member (result, "total", total);
  json_object_set_array_member (result, "items", json_array_ref (items));
  dg_cli_print_result (cli, result,
                       g_dngettext (GETTEXT_PACKAGE, "%u of %" PRId64 " referral\n",
                                    "%u of %" PRId64 " referrals\n", total),
                       json_array_get_length (items), total);
  return 0;
}

static int
referral_acknowledge (DgCli   *cli,
                      int      argc,
                      char   **argv,
                      GError **error)
{
  g_autofree char *at = NULL, *method = NULL;
  GOptionEntry entries[] = {
    { "at", 0, 0, G_OPTION_ARG_STRING, &at, N_("When (default: now)"), N_("TIME") },
    { "method", 0, 0, G_OPTION_ARG_STRING, &method, N_("email, letter or phone (default email)"), N_("M") },
    { NULL }
  };
  gint64 id;

  if (!dg_cli_parse (cli, _("ID"), _("Record that the report-maker was told their report arrived."), entries, &argc, &argv, error))
    return 2;
  id = resolve_arg (cli, argc, argv, error);
  if (id == 0 || !dg_referral_acknowledge (cli->db, id, at, method, error))
    return dg_error_exit_code (*error);

  return show_result (cli, id, error);
}

static int
referral_rate (DgCli   *cli,
               int      argc,
               char   **argv,
               GError **error)
{
  g_autofree char *rag = NULL;
  GOptionEntry entries[] = {
    { "rag", 0, 0, G_OPTION_ARG_STRING, &rag, N_("red, amber or green"), N_("R") },
    { NULL }
  };
  gint64 id;

  if (!dg_cli_parse (cli, _("ID"), _("Rate or re-rate a referral; audited with the rating before and after."),
                     entries, &argc, &argv, error))
    return 2;
  id = resolve_arg (cli, argc, argv, error);
  if (id == 0 || !dg_referral_rate (cli->db, id, rag, error))
    return dg_error_exit_code (*error);

  return show_result (cli, id, error);
}

static int
referral_amend (DgCli   *cli,
                int      argc,
                char   **argv,
                GError **error)
{
  g_autofree char *file = NULL;
  g_autoptr(JsonObject) patch = NULL;
  gint64 base_version = 0;
  GOptionEntry entries[] = {
    { "file", 0, 0, G_OPTION_ARG_FILENAME, &file,
      N_("What changes, as JSON (- for standard input): only the members given change"), N_("PATCH") },
    { "base-version", 0, 0, G_OPTION_ARG_INT64, &base_version,
      N_("The version read before changing it: refused if someone has changed it since"), N_("N") },
    { NULL }
  };
  gint64 id;

  if (!dg_cli_parse (cli, _("ID"), _("Correct a referral until it is closed; audited with each field before and after."),
                     entries, &argc, &argv, error))
    return 2;
  if (file == NULL)
    return dg_cli_usage_error (error, _("--file: required (a JSON file, or - for standard input)")), 2;
  if (base_version < 0)
    return dg_cli_usage_error (error, _("--base-version: a version is a positive number")), 2;
  patch = read_document (file, error);
  if (patch == NULL)
    return dg_error_exit_code (*error);
  id = resolve_arg (cli, argc, argv, error);
  if (id == 0 || !dg_referral_amend (cli->db, id, patch, base_version, error))
    return dg_error_exit_code (*error);

  return show_result (cli, id, error);
}

static int
referral_confirm (DgCli   *cli,
                  int      argc,
                  char   **argv,
                  GError **error)
{
  g_autofree char *at = NULL;
  GOptionEntry entries[] = {
    { "at", 0, 0, G_OPTION_ARG_STRING, &at, N_("When (default: now)"), N_("TIME") },
    { NULL }
  };
  gint64 id;

  if (!dg_cli_parse (cli, _("ID"), _("Record the written confirmation of a phoned report."), entries, &argc, &argv, error))
    return 2;
  id = resolve_arg (cli, argc, argv, error);
  if (id == 0 || !dg_referral_confirm (cli->db, id, at, error))
    return dg_error_exit_code (*error);

  return show_result (cli, id, error);
}

static int
referral_decide (DgCli   *cli,
                 int      argc,
                 char   **argv,
                 GError **error)
{
  g_autofree char *outcome = NULL, *rationale = NULL, *by = NULL, *at = NULL, *told = NULL, *told_cy = NULL;
  GOptionEntry entries[] = {
    { "outcome", 0, 0, G_OPTION_ARG_STRING, &outcome, N_("nfa, iaa, early-help, assessment or strategy"), N_("O") },
    { "rationale", 0, 0, G_OPTION_ARG_STRING, &rationale, N_("The reasons for the decision (required)"), N_("TEXT") },
    { "report-maker-text", 0, 0, G_OPTION_ARG_STRING, &told,
      N_("What the letter tells the report-maker, in English (the rationale never reaches a letter)"), N_("TEXT") },
    { "report-maker-text-cy", 0, 0, G_OPTION_ARG_STRING, &told_cy,
      N_("What the letter tells the report-maker, in Welsh"), N_("TEXT") },
    { "by", 0, 0, G_OPTION_ARG_STRING, &by, N_("Who decided (default: you)"), N_("NAME") },
    { "at", 0, 0, G_OPTION_ARG_STRING, &at, N_("When (default: now)"), N_("TIME") },
    { NULL }
  };
  gint64 id;

  if (!dg_cli_parse (cli, _("ID"), _("Record the decision on a referral and its reasons."), entries, &argc, &argv, error))
    return 2;
  if (argc != 2)
    return dg_cli_usage_error (error, _("ID: exactly one referral id or reference is required")), 2;
  /* Invalid input is reported before anything is opened or written. */
  if (outcome == NULL)
    return dg_cli_usage_error (error, _("--outcome: required (nfa | iaa | early-help | assessment | strategy)")), 2;
  if (!dg_vocab_check (DG_VOCAB_OUTCOME, "--outcome", outcome, error))
    return 2;
  if (rationale == NULL || *g_strstrip (rationale) == '\0')
    return dg_cli_usage_error (error, _("--rationale: every decision needs its reasons written down")), 2;

  id = resolve_arg (cli, argc, argv, error);
  if (id == 0 || !dg_referral_decide_with (cli->db, id, &(DgDecisionInput) { outcome, rationale, told, told_cy, by, at }, error))
    return dg_error_exit_code (*error);

  return show_result (cli, id, error);
}

static void
print_audit (JsonNode *node)
{
  JsonArray *rows = json_node_get_array (node);

  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonObject *o = json_array_get_object_element (rows, i);
      g_print ("%s  %-14s %s  %s\n", dg_json_text (o, "at"), dg_json_text (o, "action"),
               dg_json_text (o, "by"), dg_json_text (o, "detail") ? dg_json_text (o, "detail") : "");
    }
}

static int
referral_audit (DgCli   *cli,
                int      argc,
                char   **argv,
                GError **error)
{
  gint64 id;

  if (!dg_cli_parse (cli, _("ID"), _("Show the append-only history of a referral."), NULL, &argc, &argv, error))
    return 2;
  id = resolve_arg (cli, argc, argv, error);
  if (id == 0)
    return dg_error_exit_code (*error);

  return dg_cli_print_node (cli, dg_referral_audit (cli->db, id, error), print_audit, error);
}

static void
print_match (JsonObject *o)
{
  g_print ("%-16s %s  %s (%s)\n", dg_json_text (o, "reference"), dg_json_text (o, "child"),
           dg_json_text (o, "dob") ? dg_json_text (o, "dob") : "—", dg_json_text (o, "reason"));
}

static int
referral_similar (DgCli   *cli,
                  int      argc,
                  char   **argv,
                  GError **error)
{
  g_autofree char *name = NULL, *dob = NULL;
  int limit = 10;
  GOptionEntry entries[] = {
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, N_("The child’s name"), N_("NAME") },
    { "dob", 0, 0, G_OPTION_ARG_STRING, &dob, N_("The child’s date of birth"), N_("DATE") },
    { "limit", 0, 0, G_OPTION_ARG_INT, &limit, N_("At most N matches (default 10)"), N_("N") },
    { NULL }
  };

  if (!dg_cli_parse (cli, NULL, _("Find earlier referrals about a likely-same child."), entries, &argc, &argv, error))
    return 2;
  if (name == NULL || *name == '\0')
    return dg_cli_usage_error (error, _("--name: required")), 2;
  if (dg_cli_open_db (cli, DG_DB_OPEN_DEFAULT, error) == NULL)
    return dg_error_exit_code (*error);

  return dg_cli_print_rows (cli, dg_referral_find_similar (cli->db, name, dob, 0, MAX (limit, 1), error),
                            print_match, error);
}

static int
referral_event (DgCli   *cli,
                int      argc,
                char   **argv,
                GError **error)
{
  g_autofree char *kind = NULL, *at = NULL, *notes = NULL;
  GOptionEntry entries[] = {
    { "kind", 0, 0, G_OPTION_ARG_STRING, &kind, N_("s47-start, s47-complete, icpc, core-group, review, plan-end or plan-circulated (the outline plan and decisions of the initial conference went out)"), N_("K") },
    { "at", 0, 0, G_OPTION_ARG_STRING, &at, N_("When it was held (default: now)"), N_("TIME") },
    { "notes", 0, 0, G_OPTION_ARG_STRING, &notes, N_("What it reviewed or decided"), N_("TEXT") },
    { NULL }
  };
  gint64 id;

  if (!dg_cli_parse (cli, _("ID"), _("Record a child-protection event: each starts the next clock."), entries, &argc, &argv, error))
    return 2;
  id = resolve_arg (cli, argc, argv, error);
  if (id == 0 || !dg_referral_add_event (cli->db, id, kind, at, notes, error))
    return dg_error_exit_code (*error);

  return show_result (cli, id, error);
}

/* ---- The report-maker's ledger and the active offer (issue 23) ---------- */

static void
print_entry (JsonNode *node)
{
  JsonObject *o = json_node_get_object (node);
  const char *clock = dg_json_text (o, "clock");

  g_print ("%s  %s %s  %s\n", dg_json_text (o, "at"), dg_json_text (o, "kind"), dg_json_text (o, "step"),
           dg_json_text (o, "note"));
  if (clock != NULL)
    /* TRANSLATORS: a ledger entry's clock: its name, due date and state */
    g_print (_("  %s due %s: %s\n"), dg_vocab_label (DG_VOCAB_CLOCK, clock), dg_json_text (o, "due"),
             dg_vocab_label (DG_VOCAB_CLOCK_STATE, dg_json_text (o, "state")));
}

static int
print_object (DgCli           *cli,
              JsonObject      *object,
              DgCliPrintText   print_text,
              GError         **error)
{
  JsonNode *node = NULL;

  if (object != NULL)
    {
      node = json_node_init_object (json_node_alloc (), object);
      json_object_unref (object);
    }
  return dg_cli_print_node (cli, node, print_text, error);
}

static int
referral_chase (DgCli   *cli,
                int      argc,
                char   **argv,
                GError **error)
{
  g_autofree char *note = NULL, *at = NULL;
  gboolean replied = FALSE;
  GOptionEntry entries[] = {
    { "note", 0, 0, G_OPTION_ARG_STRING, &note, N_("What was asked or answered (required)"), N_("TEXT") },
    { "at", 0, 0, G_OPTION_ARG_STRING, &at, N_("When (default: now)"), N_("TIME") },
    { "replied", 0, 0, G_OPTION_ARG_NONE, &replied, N_("The chase was answered (stops its clock)"), NULL },
    { NULL }
  };
  gint64 id;

  if (!dg_cli_parse (cli, _("ID"), _("Record that the report-maker chased, or that the chase was answered."),
                     entries, &argc, &argv, error))
    return 2;
  id = resolve_arg (cli, argc, argv, error);
  if (id == 0)
    return dg_error_exit_code (*error);
  return print_object (cli, dg_ledger_chase (cli->db, id, note, at, replied, error), print_entry, error);
}

static int
referral_disagreement (DgCli   *cli,
                       int      argc,
                       char   **argv,
                       GError **error)
{
  g_autofree char *step = NULL, *note = NULL, *at = NULL;
  GOptionEntry entries[] = {
    { "step", 0, 0, G_OPTION_ARG_STRING, &step, N_("raised, discussed, escalated or resolved"), N_("STEP") },
    { "note", 0, 0, G_OPTION_ARG_STRING, &note, N_("What was said or agreed (required)"), N_("TEXT") },
    { "at", 0, 0, G_OPTION_ARG_STRING, &at, N_("When (default: now)"), N_("TIME") },
    { NULL }
  };
  gint64 id;

  if (!dg_cli_parse (cli, _("ID"), _("Record a step of the report-maker’s disagreement with the decision."),
                     entries, &argc, &argv, error))
    return 2;
  id = resolve_arg (cli, argc, argv, error);
  if (id == 0)
    return dg_error_exit_code (*error);
  return print_object (cli, dg_ledger_disagreement (cli->db, id, step, note, at, error), print_entry, error);
}

static void
print_offer (JsonNode *node)
{
  JsonObject *o = json_node_get_object (node);

  g_print ("%s  %s%s%s%s  %s\n", dg_json_text (o, "offered_at"), dg_json_text (o, "person"),
           dg_json_text (o, "name") ? " (" : "", dg_json_text (o, "name") ? dg_json_text (o, "name") : "",
           dg_json_text (o, "name") ? ")" : "",
           g_str_equal (dg_json_text (o, "choice"), "declined") ? _("declined the offer")
                                                                : dg_vocab_label (DG_VOCAB_LANGUAGE, dg_json_text (o, "choice")));
}

static int
referral_offer (DgCli   *cli,
                int      argc,
                char   **argv,
                GError **error)
{
  g_autofree char *person = NULL, *choice = NULL, *name = NULL, *at = NULL;
  GOptionEntry entries[] = {
    { "person", 0, 0, G_OPTION_ARG_STRING, &person, N_("report-maker, child or parent"), N_("P") },
    { "choice", 0, 0, G_OPTION_ARG_STRING, &choice, N_("en, cy or declined"), N_("C") },
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, N_("Who was asked"), N_("NAME") },
    { "at", 0, 0, G_OPTION_ARG_STRING, &at, N_("When the offer was made (default: now)"), N_("TIME") },
    { NULL }
  };
  gint64 id;

  if (!dg_cli_parse (cli, _("ID"), _("Record the active offer of Welsh to a person and their choice."),
                     entries, &argc, &argv, error))
    return 2;
  id = resolve_arg (cli, argc, argv, error);
  if (id == 0)
    return dg_error_exit_code (*error);
  return print_object (cli, dg_ledger_offer (cli->db, id, person, name, choice, at, error), print_offer, error);
}

int
dg_cli_referral (DgCli   *cli,
                 int      argc,
                 char   **argv,
                 GError **error)
{
  static const DgCliSubcommand subcommands[] = {
    { "add", referral_add },
    { "show", referral_show },
    { "list", referral_list },
    { "acknowledge", referral_acknowledge },
    { "confirm", referral_confirm },
    { "decide", referral_decide },
    { "rate", referral_rate },
    { "amend", referral_amend },
    { "audit", referral_audit },
    { "similar", referral_similar },
    { "event", referral_event },
    { "chase", referral_chase },
    { "disagreement", referral_disagreement },
    { "offer", referral_offer },
    { "views", referral_views },
    { "restrict", referral_restrict },
    { NULL }
  };

  return dg_cli_run_subcommand (cli, argc, argv, subcommands,
                                _("referral: add, show, list, acknowledge, confirm, decide, rate, amend, audit, similar, event, chase, disagreement, offer, views or restrict?"),
                                _("referral: unknown command “%s”"), error);
}
