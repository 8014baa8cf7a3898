#include "config.h"

#include <inttypes.h>
#include <string.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <gio/gio.h>

#include "dg-cli.h"
#include "dg-file.h"
#include "dg-hub.h"
#include "dg-letter.h"
#include "dg-notify.h"
#include "dg-outbox.h"
#include "dg-referrals.h"
#include "dg-template.h"

static gboolean
write_output (const char  *path,
              const char  *text,
              GError     **error)
{
  if (path == NULL)
    {
      g_print ("%s", text);
      return TRUE;
    }
  /* Letters hold personal data: owner-only, like the database. */
  if (!dg_file_write (path, text, strlen (text), error))
    {
      g_prefix_error (error, "--output: ");
      return FALSE;
    }
  return TRUE;
}

static int
notify_one (DgCli   *cli,
            int      argc,
            char   **argv,
            GError **error)
{
  g_autofree char *kind = NULL, *language = NULL, *format = NULL, *output = NULL, *method = NULL;
  gboolean mark_sent = FALSE;
  GOptionEntry entries[] = {
    { "kind", 0, 0, G_OPTION_ARG_STRING, &kind, N_("acknowledgement or outcome"), N_("K") },
    { "language", 0, 0, G_OPTION_ARG_STRING, &language, N_("en, cy, or cy+en for both (default: the report-maker's preference)"), N_("L") },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format, N_("text, eml or pdf (default text)"), N_("F") },
    { "output", 0, 0, G_OPTION_ARG_FILENAME, &output, N_("Write to FILE instead of standard output"), N_("FILE") },
    { "mark-sent", 0, 0, G_OPTION_ARG_NONE, &mark_sent, N_("Record it as sent: when, by whom, how and the exact text"), NULL },
    { "method", 0, 0, G_OPTION_ARG_STRING, &method, N_("email, post or secure-email"), N_("M") },
    { NULL }
  };
  g_autoptr(GHashTable) hub = NULL;
  g_autoptr(JsonObject) rendered = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *text = NULL;
  const char *saved;
  gint64 id;

  if (!dg_cli_parse (cli, _("ID | send ID | outbox | retry LETTER_ID | batch"),
                     _("Write the acknowledgement or outcome letter for a referral. "
                       "notify send, outbox, retry and batch have their own --help."),
                     entries, &argc, &argv, error))
    return 2;
  if (argc != 2)
    return dg_cli_usage_error (error, _("ID: exactly one referral id or reference is required")), 2;
  if (kind == NULL)
    return dg_cli_usage_error (error, _("--kind: required (acknowledgement | outcome)")), 2;
  if (format == NULL)
    format = g_strdup ("text");
  if (!g_str_equal (format, "text") && !g_str_equal (format, "eml") && !g_str_equal (format, "pdf"))
    return dg_cli_usage_error (error, _("--format: “%s” is not one of text | eml | pdf"), format), 2;
  if (g_str_equal (format, "pdf") && output == NULL)
    return dg_cli_usage_error (error, _("--output: a PDF letter needs a file to go to")), 2;

  if (dg_cli_open_db (cli, DG_DB_OPEN_DEFAULT, error) == NULL)
    return dg_error_exit_code (*error);
  id = dg_referral_resolve (cli->db, argv[1], error);
  if (id == 0)
    return dg_error_exit_code (*error);

  hub = dg_hub_get (cli->db, error);
  if (hub == NULL)
    return dg_error_exit_code (*error);
  rendered = dg_notify_render (cli->db, id, kind, language, hub, error);
  if (rendered == NULL)
    return dg_error_exit_code (*error);

  now = dg_db_now (cli->db);
  /* The letter first, whole and where it belongs; only then is it sent. */
  if (g_str_equal (format, "pdf"))
    {
      g_autoptr(GBytes) logo = dg_hub_logo (cli->db, NULL);

      if (!dg_letter_write_pdf (output, json_object_get_string_member (rendered, "subject"),
                                json_object_get_string_member (rendered, "language"),
                                json_object_get_string_member (rendered, "body"), logo, error))
        {
          g_prefix_error (error, "--output: ");
          return dg_error_exit_code (*error);
        }
      /* A PDF is printed: it goes by post unless --method says otherwise. */
      if (method == NULL)
        method = g_strdup ("post");
      saved = _("The letter was written and recorded as sent");
    }
  else
    {
      text = g_str_equal (format, "eml")
        ? dg_notify_eml (rendered, g_hash_table_lookup (hub, "hub.email"), now)
        : g_strdup (json_object_get_string_member (rendered, "body"));
      if (output != NULL || !cli->json)
        {
          if (!write_output (output, text, error))
            return dg_error_exit_code (*error);
          if (output == NULL && !dg_cli_check_output (error))
            {
              if (mark_sent)
                g_prefix_error (error, _("Nothing was recorded as sent: "));
              return 1;
            }
        }
      saved = _("The letter was recorded as sent");
    }

  if (mark_sent && !dg_notify_mark_sent (cli->db, id, rendered, format, method, error))
    return dg_error_exit_code (*error);
  if (mark_sent)
    cli->saved = g_strdup (saved);

  if (cli->json)
    {
      g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), rendered);
      json_object_set_string_member (rendered, "format", format);
      json_object_set_boolean_member (rendered, "sent", mark_sent);
      if (output != NULL)
        json_object_set_string_member (rendered, "output", output);
      dg_cli_print_json (node);
    }
  return 0;
}

/* The letter's state as a script reads it after a send or a retry. */
static JsonObject *
letter_result (DgCli   *cli,
               gint64   letter_id,
               GError  *failure)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) row = dg_outbox_show (cli->db, letter_id, &error);
  JsonObject *o = json_object_new ();

  json_object_set_int_member (o, "id", letter_id);
  if (row == NULL)
    {
      json_object_set_string_member (o, "state", "queued");
      json_object_set_null_member (o, "message_id");
      json_object_set_null_member (o, "server_reply");
    }
  else
    {
      json_object_set_int_member (o, "referral", json_object_get_int_member (row, "referral"));
      json_object_set_string_member (o, "state", json_object_get_string_member (row, "state"));
      json_object_set_member (o, "message_id", json_node_copy (json_object_get_member (row, "message_id")));
      json_object_set_member (o, "server_reply", json_object_dup_member (row, "server_reply"));
      json_object_set_int_member (o, "attempts", json_object_get_int_member (row, "attempts"));
      json_object_set_member (o, "next_attempt_at", json_object_dup_member (row, "next_attempt_at"));
    }
  if (failure != NULL)
    json_object_set_string_member (o, "error", failure->message);
  else
    json_object_set_null_member (o, "error");
  return o;
}

/* Delivers letter @letter_id and says how it went: 0 sent; a delivery that
 * failed stays in the outbox, said on stderr, exit 5 when the server may
 * take it later (cannot be reached, busy) or 1 (a refused login, a
 * certificate that does not check: fix the settings). */
static int
deliver_and_report (DgCli    *cli,
                    gint64    letter_id,
                    GError  **error)
{
  g_autoptr(GError) failure = NULL;
  g_autoptr(JsonObject) result = NULL;
  gboolean sent = dg_outbox_deliver (cli->db, letter_id, &failure);
  const char *state;

  result = letter_result (cli, letter_id, failure);
  state = json_object_get_string_member (result, "state");
  if (cli->json)
    {
      g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), result);
      dg_cli_print_json (node);
    }
  else if (sent)
    g_print (_("Letter %" PRId64 " sent (Message-ID <%s>): %s\n"), letter_id,
             json_object_get_string_member (result, "message_id"),
             json_object_get_string_member (result, "server_reply")
             ? json_object_get_string_member (result, "server_reply") : "");
  if (sent)
    {
      cli->saved = g_strdup_printf (_("Letter %" PRId64 " was sent"), letter_id);
      return 0;
    }
  if (g_strcmp0 (state, "failed") == 0)
    {
      const char *next = json_object_get_string_member (result, "next_attempt_at");
      int status = dg_error_exit_code (failure);

      g_set_error (error, DG_ERROR, status == 5 ? DG_ERROR_LOCKED : DG_ERROR_FAILED,
                   next != NULL
                   ? _("Letter %" PRId64 " was not delivered: %s. It stays in the outbox and will be retried "
                       "after %s, or now with “notify retry %" PRId64 "”")
                   : _("Letter %" PRId64 " was not delivered: %s. It stays in the outbox%s; "
                       "send it with “notify retry %" PRId64 "”"),
                   letter_id, failure->message, next ? next : "", letter_id);
      return status == 5 ? 5 : 1;
    }
  g_propagate_error (error, g_steal_pointer (&failure));
  return dg_error_exit_code (*error);
}

static int
notify_send (DgCli   *cli,
             int      argc,
             char   **argv,
             GError **error)
{
  g_autofree char *kind = NULL, *language = NULL;
  gboolean attach_pdf = FALSE;
  GOptionEntry entries[] = {
    { "kind", 0, 0, G_OPTION_ARG_STRING, &kind, N_("acknowledgement or outcome"), N_("K") },
    { "language", 0, 0, G_OPTION_ARG_STRING, &language, N_("en, cy or both (Welsh first; default: the report-maker's preference)"), N_("L") },
    { "attach-pdf", 0, 0, G_OPTION_ARG_NONE, &attach_pdf, N_("Attach the letter as a PDF too"), NULL },
    { NULL }
  };
  gint64 id, letter_id = 0;

  if (!dg_cli_parse (cli, _("ID"),
                     _("Send the acknowledgement or outcome letter by e-mail now, through the outbox. "
                       "Exit 5 when the mail server could not take it: it stays in the outbox and is retried."),
                     entries, &argc, &argv, error))
    return 2;
  if (argc != 2)
    return dg_cli_usage_error (error, _("ID: exactly one referral id or reference is required")), 2;
  if (kind == NULL)
    return dg_cli_usage_error (error, _("--kind: required (acknowledgement | outcome)")), 2;
  if (language != NULL && !g_str_equal (language, "en") && !g_str_equal (language, "cy") &&
      !g_str_equal (language, "both") && !g_str_equal (language, "cy+en"))
    return dg_cli_usage_error (error, _("--language: “%s” is not one of en | cy | both"), language), 2;

  if (dg_cli_open_db (cli, DG_DB_OPEN_DEFAULT, error) == NULL)
    return dg_error_exit_code (*error);
  id = dg_referral_resolve (cli->db, argv[1], error);
  if (id == 0)
    return dg_error_exit_code (*error);
  if (!dg_outbox_queue (cli->db, id, kind, language, attach_pdf, &letter_id, error))
    return dg_error_exit_code (*error);
  return deliver_and_report (cli, letter_id, error);
}

static int
notify_retry (DgCli   *cli,
              int      argc,
              char   **argv,
              GError **error)
{
  gint64 letter_id;
  char *end = NULL;

  if (!dg_cli_parse (cli, _("LETTER_ID"),
                     _("Send a letter of the outbox now: a failed one, or one a stopped worker left not known "
                       "to be delivered. A sent letter is never sent again."),
                     NULL, &argc, &argv, error))
    return 2;
  if (argc != 2)
    return dg_cli_usage_error (error, _("LETTER_ID: exactly one letter id (see notify outbox) is required")), 2;
  letter_id = g_ascii_strtoll (argv[1], &end, 10);
  if (letter_id <= 0 || end == NULL || *end != '\0')
    return dg_cli_usage_error (error, _("LETTER_ID: “%s” is not a letter id (see notify outbox)"), argv[1]), 2;
  if (dg_cli_open_db (cli, DG_DB_OPEN_DEFAULT, error) == NULL)
    return dg_error_exit_code (*error);
  return deliver_and_report (cli, letter_id, error);
}

static void
print_letter (JsonObject *o)
{
  const char *error = json_object_get_string_member_with_default (o, "error", NULL);

  g_print ("%4" PRId64 "  %-8s %-15s %-5s %s  %s%s%s\n", json_object_get_int_member (o, "id"),
           json_object_get_string_member (o, "state"), json_object_get_string_member (o, "kind"),
           json_object_get_string_member (o, "language"), json_object_get_string_member (o, "reference"),
           json_object_get_string_member (o, "recipient"), error ? "  " : "", error ? error : "");
}

static int
notify_outbox (DgCli   *cli,
               int      argc,
               char   **argv,
               GError **error)
{
  gboolean failed = FALSE;
  GOptionEntry entries[] = {
    { "failed", 0, 0, G_OPTION_ARG_NONE, &failed, N_("Only the letters whose delivery failed"), NULL },
    { NULL }
  };

  if (!dg_cli_parse_options_only (cli, _("The letters queued, being sent, sent and failed, newest first."), entries,
                                  _("notify outbox: unexpected “%s”"), &argc, &argv, error))
    return 2;
  if (dg_cli_open_db (cli, DG_DB_OPEN_DEFAULT, error) == NULL)
    return dg_error_exit_code (*error);
  return dg_cli_print_rows (cli, dg_outbox_list (cli->db, failed, 0, error), print_letter, error);
}

/* notify batch --send: each outcome owed to the school queued (or the one
 * already waiting in the outbox taken) and delivered. */
static int
batch_send (DgCli       *cli,
            const char  *school,
            JsonArray   *owed,
            GError     **error)
{
  g_autoptr(JsonArray) letters = json_array_new ();
  guint n_sent = 0, n_failed = 0, n_skipped = 0, n_owed = 0;
  gboolean later = TRUE;

  for (guint i = 0; i < json_array_get_length (owed); i++)
    {
      JsonObject *o = json_array_get_object_element (owed, i);
      gint64 referral = json_object_get_int_member (o, "referral");
      g_autoptr(GError) failure = NULL;
      JsonObject *item;
      gint64 letter_id;

      if (!g_str_equal (json_object_get_string_member (o, "kind"), "outcome"))
        continue;
      n_owed++;
      letter_id = dg_outbox_find_pending (cli->db, referral, "outcome", error);
      if (letter_id == 0 && *error != NULL)
        return dg_error_exit_code (*error);
      if (letter_id == 0 && !dg_outbox_queue (cli->db, referral, "outcome", NULL, FALSE, &letter_id, &failure))
        {
          /* No e-mail address for this one: the rest still go. */
          if (!g_error_matches (failure, DG_ERROR, DG_ERROR_INVALID))
            {
              g_propagate_error (error, g_steal_pointer (&failure));
              return dg_error_exit_code (*error);
            }
          if (g_strcmp0 (dg_error_get_field (failure), "hub.email") == 0)
            {
              g_propagate_error (error, g_steal_pointer (&failure));
              return 2;
            }
          g_printerr ("%s: %s\n", json_object_get_string_member (o, "reference"), failure->message);
          n_skipped++;
          continue;
        }
      if (letter_id != 0 && dg_outbox_deliver (cli->db, letter_id, &failure))
        n_sent++;
      else
        {
          g_autofree char *shown = dg_error_describe (failure);
          g_printerr ("%s: %s\n", json_object_get_string_member (o, "reference"), shown);
          /* Not tried (no mail server set): nothing later will change that. */
          if (!g_error_matches (failure, DG_ERROR, DG_ERROR_LOCKED))
            later = FALSE;
          n_failed++;
        }
      item = letter_result (cli, letter_id, failure);
      json_object_set_string_member (item, "reference", json_object_get_string_member (o, "reference"));
      json_array_add_object_element (letters, item);
    }

  if (cli->json)
    {
      g_autoptr(JsonObject) summary = json_object_new ();
      g_autoptr(JsonNode) node = NULL;

      json_object_set_string_member (summary, "school", school);
      json_object_set_int_member (summary, "owed", n_owed);
      json_object_set_int_member (summary, "sent", n_sent);
      json_object_set_int_member (summary, "failed", n_failed);
      json_object_set_int_member (summary, "skipped", n_skipped);
      json_object_set_array_member (summary, "letters", json_array_ref (letters));
      node = json_node_init_object (json_node_alloc (), summary);
      dg_cli_print_json (node);
    }
  else if (n_owed == 0)
    g_print (_("Nothing is owed to %s: no outcome is waiting to be sent.\n"), school);
  else
    g_print (_("%s: sent %u, failed %u, without an e-mail address %u\n"), school, n_sent, n_failed, n_skipped);

  if (n_failed > 0)
    {
      g_set_error (error, DG_ERROR, later ? DG_ERROR_LOCKED : DG_ERROR_FAILED,
                   g_dngettext (GETTEXT_PACKAGE, "%u letter was not delivered; it stays in the outbox (see notify outbox --failed)",
                                "%u letters were not delivered; they stay in the outbox (see notify outbox --failed)", n_failed),
                   n_failed);
      return later ? 5 : 1;
    }
  return 0;
}

static int
notify_batch (DgCli   *cli,
              int      argc,
              char   **argv,
              GError **error)
{
  g_autofree char *school = NULL, *from = NULL, *to = NULL, *output = NULL, *format = NULL;
  gboolean send = FALSE;
  GOptionEntry entries[] = {
    { "school", 0, 0, G_OPTION_ARG_STRING, &school, N_("The school (the report-maker's organisation)"), N_("NAME") },
    { "from", 0, 0, G_OPTION_ARG_STRING, &from, N_("Received on or after"), N_("DATE") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to, N_("Received on or before"), N_("DATE") },
    { "output", 0, 0, G_OPTION_ARG_FILENAME, &output, N_("Write one file per letter into DIR"), N_("DIR") },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format, N_("text or eml (default eml)"), N_("F") },
    { "send", 0, 0, G_OPTION_ARG_NONE, &send, N_("Send each letter by e-mail now, through the outbox, instead of writing files"), NULL },
    { NULL }
  };
  g_autoptr(GHashTable) hub = NULL;
  g_autoptr(JsonArray) owed = NULL;
  g_autoptr(JsonArray) written = json_array_new ();
  g_autoptr(GDateTime) now = NULL;

  if (!dg_cli_parse (cli, NULL, _("Every outcome owed to one school, one file each, or sent by e-mail with --send."),
                     entries, &argc, &argv, error))
    return 2;
  if (school == NULL)
    return dg_cli_usage_error (error, _("--school: required")), 2;
  if (send && (output != NULL || format != NULL))
    return dg_cli_usage_error (error, _("--send: sends by e-mail, so --output and --format do not apply")), 2;
  if (format == NULL)
    format = g_strdup ("eml");
  if (!g_str_equal (format, "text") && !g_str_equal (format, "eml"))
    return dg_cli_usage_error (error, _("--format: “%s” is not one of text | eml"), format), 2;
  if (output != NULL && g_mkdir_with_parents (output, 0700) != 0)
    {
      g_set_error (error, DG_ERROR, DG_ERROR_IO, _("--output: cannot create the folder “%s”"), output);
      return 1;
    }
  if (dg_cli_open_db (cli, DG_DB_OPEN_DEFAULT, error) == NULL)
    return dg_error_exit_code (*error);

  owed = dg_notify_owed (cli->db, school, from, to, error);
  if (owed == NULL)
    return dg_error_exit_code (*error);

  if (send)
    return batch_send (cli, school, owed, error);
  hub = dg_hub_get (cli->db, error);
  if (hub == NULL)
    return dg_error_exit_code (*error);
  now = dg_db_now (cli->db);
  for (guint i = 0; i < json_array_get_length (owed); i++)
    {
      JsonObject *o = json_array_get_object_element (owed, i);
      g_autoptr(JsonObject) letter = NULL;
      g_autofree char *text = NULL;
      g_autofree char *path = NULL;
      JsonObject *item;

      if (!g_str_equal (json_object_get_string_member (o, "kind"), "outcome"))
        continue;
      letter = dg_notify_render (cli->db, json_object_get_int_member (o, "referral"), "outcome", NULL, hub, error);
      if (letter == NULL)
        return dg_error_exit_code (*error);
      text = g_str_equal (format, "eml")
        ? dg_notify_eml (letter, g_hash_table_lookup (hub, "hub.email"), now)
        : g_strdup (json_object_get_string_member (letter, "body"));

      item = json_object_new ();
      json_object_set_int_member (item, "referral", json_object_get_int_member (o, "referral"));
      json_object_set_string_member (item, "reference", json_object_get_string_member (o, "reference"));
      json_object_set_string_member (item, "language", json_object_get_string_member (letter, "language"));
      if (output != NULL)
        {
          g_autofree char *name = g_strdup_printf ("%s.%s", json_object_get_string_member (o, "reference"),
                                                   g_str_equal (format, "eml") ? "eml" : "txt");
          path = g_build_filename (output, name, NULL);
          if (!dg_file_write (path, text, strlen (text), error))
            {
              json_object_unref (item);
              return dg_error_exit_code (*error);
            }
          json_object_set_string_member (item, "file", path);
        }
      else if (!cli->json)
        g_print ("%s\n\n", text);
      json_array_add_object_element (written, item);
    }

  if (cli->json)
    dg_cli_print_json_array (written);
  else if (output != NULL)
    g_print (g_dngettext (GETTEXT_PACKAGE, "%u letter written to %s\n", "%u letters written to %s\n",
                          json_array_get_length (written)),
             json_array_get_length (written), output);
  return 0;
}

int
dg_cli_notify (DgCli   *cli,
               int      argc,
               char   **argv,
               GError **error)
{
  static const DgCliSubcommand subcommands[] = {
    { "batch", notify_batch },
    { "send", notify_send },
    { "outbox", notify_outbox },
    { "retry", notify_retry },
    { NULL }
  };

  /* notify ID is a command of its own, and its --help says its options. */
  if (argc >= 2 && dg_cli_is_help (argv[1]))
    {
      dg_cli_print_group_help ("notify", _("Write, send or record the acknowledgement or outcome letter; the outbox"),
                               "\n  ID  (diogelu-cli notify ID --help)\n  batch\n  send\n  outbox\n  retry");
      return 0;
    }
  for (guint i = 0; argc >= 2 && subcommands[i].name != NULL; i++)
    if (g_str_equal (argv[1], subcommands[i].name))
      return subcommands[i].run (cli, argc - 1, argv + 1, error);
  return notify_one (cli, argc, argv, error);
}

static int
template_show (DgCli *cli, int argc, char **argv, GError **error)
{
  g_autoptr(JsonObject) shown = NULL;

  if (!dg_cli_parse (cli, _("NAME LANG"), _("Print a letter template."), NULL, &argc, &argv, error))
    return 2;
  if (argc != 3)
    return dg_cli_usage_error (error, _("template show: NAME and LANG are required, e.g. template show outcome cy")), 2;
  if (dg_cli_open_db (cli, DG_DB_OPEN_DEFAULT, error) == NULL)
    return dg_error_exit_code (*error);
  shown = dg_template_show (cli->db, argv[1], argv[2], error);
  if (shown == NULL)
    return dg_error_exit_code (*error);

  dg_cli_print_result (cli, shown, "%s", json_object_get_string_member (shown, "body"));
  return 0;
}

static int
template_set (DgCli *cli, int argc, char **argv, GError **error)
{
  g_autofree char *file = NULL;
  g_autofree char *body = NULL;
  gsize length = 0;
  int base_version = -1;
  GOptionEntry entries[] = {
    { "file", 0, 0, G_OPTION_ARG_FILENAME, &file, N_("The new template (- for standard input)"), N_("FILE") },
    { "base-version", 0, 0, G_OPTION_ARG_INT, &base_version,
      N_("Refuse if the newest version is no longer N (the one that was edited)"), N_("N") },
    { NULL }
  };

  if (!dg_cli_parse (cli, _("NAME LANG"), _("Save a new version of a letter template, after checking it."), entries, &argc, &argv, error))
    return 2;
  if (argc != 3)
    return dg_cli_usage_error (error, _("template set: NAME and LANG are required")), 2;
  if (file == NULL)
    return dg_cli_usage_error (error, _("--file: required")), 2;
  if (base_version < -1)
    return dg_cli_usage_error (error, _("--base-version: must be 0 or more")), 2;
  /* A larger one is read only so far, and refused by the checker. */
  if (!dg_cli_read_file ("file", file, DG_TEMPLATE_MAX_BYTES, &body, &length, error))
    return 2;
  if (dg_cli_open_db (cli, DG_DB_OPEN_DEFAULT, error) == NULL ||
      !dg_template_set (cli->db, argv[1], argv[2], body, base_version, NULL, error))
    return dg_error_exit_code (*error);
  if (!cli->json)
    g_print (_("Saved the %s template (%s)\n"), argv[1], argv[2]);
  else
    {
      g_autoptr(JsonArray) list = dg_template_list (cli->db, error);
      if (list == NULL)
        return dg_error_exit_code (*error);
      dg_cli_print_json_array (list);
    }
  return 0;
}

static void
print_template (JsonObject *o)
{
  g_print ("%-16s %s  v%" PRId64 "\n", json_object_get_string_member (o, "name"),
           json_object_get_string_member (o, "language"), json_object_get_int_member (o, "version"));
}

static int
template_list (DgCli *cli, int argc, char **argv, GError **error)
{
  if (!dg_cli_parse (cli, NULL, _("List the letter templates and their versions."), NULL, &argc, &argv, error))
    return 2;
  if (dg_cli_open_db (cli, DG_DB_OPEN_DEFAULT, error) == NULL)
    return dg_error_exit_code (*error);
  return dg_cli_print_rows (cli, dg_template_list (cli->db, error), print_template, error);
}

int
dg_cli_template (DgCli   *cli,
                 int      argc,
                 char   **argv,
                 GError **error)
{
  static const DgCliSubcommand subcommands[] = {
    { "list", template_list },
    { "show", template_show },
    { "set", template_set },
    { NULL }
  };

  return dg_cli_run_subcommand (cli, argc, argv, subcommands,
                                _("template: list, show NAME LANG, or set NAME LANG --file F?"), NULL, error);
}
