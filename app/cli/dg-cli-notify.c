#include "config.h"

#include <string.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <gio/gio.h>

#include "dg-cli.h"
#include "dg-file.h"
#include "dg-letter.h"
#include "dg-notify.h"
#include "dg-referrals.h"
#include "dg-template.h"

/* The letterhead from the app's preferences when its settings are installed. */
static GHashTable *
hub_values (void)
{
  GHashTable *hub = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = source ? g_settings_schema_source_lookup (source, APPLICATION_ID, TRUE) : NULL;
  const char *keys[][2] = { { "hub.name", "hub-name" }, { "hub.address", "hub-address" },
                            { "hub.phone", "hub-phone" }, { "hub.email", "hub-email" } };

  if (schema != NULL)
    {
      g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
      for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
        {
          char *value = g_settings_get_string (settings, keys[i][1]);
          if (*value != '\0')
            g_hash_table_insert (hub, (gpointer) keys[i][0], value);
          else
            g_free (value);
        }
    }
  return hub;
}

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

  if (!dg_cli_parse (cli, _("ID"), _("Write the acknowledgement or outcome letter for a referral."), entries, &argc, &argv, error))
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

  hub = hub_values ();
  rendered = dg_notify_render (cli->db, id, kind, language, hub, error);
  if (rendered == NULL)
    return dg_error_exit_code (*error);

  now = dg_db_now (cli->db);
  /* The letter first, whole and where it belongs; only then is it sent. */
  if (g_str_equal (format, "pdf"))
    {
      if (!dg_letter_write_pdf (output, json_object_get_string_member (rendered, "subject"),
                                json_object_get_string_member (rendered, "language"),
                                json_object_get_string_member (rendered, "body"), error))
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

static int
notify_batch (DgCli   *cli,
              int      argc,
              char   **argv,
              GError **error)
{
  g_autofree char *school = NULL, *from = NULL, *to = NULL, *output = NULL, *format = NULL;
  GOptionEntry entries[] = {
    { "school", 0, 0, G_OPTION_ARG_STRING, &school, N_("The school (the report-maker's organisation)"), N_("NAME") },
    { "from", 0, 0, G_OPTION_ARG_STRING, &from, N_("Received on or after"), N_("DATE") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to, N_("Received on or before"), N_("DATE") },
    { "output", 0, 0, G_OPTION_ARG_FILENAME, &output, N_("Write one file per letter into DIR"), N_("DIR") },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format, N_("text or eml (default eml)"), N_("F") },
    { NULL }
  };
  g_autoptr(GHashTable) hub = NULL;
  g_autoptr(JsonArray) owed = NULL;
  g_autoptr(JsonArray) written = json_array_new ();
  g_autoptr(GDateTime) now = NULL;

  if (!dg_cli_parse (cli, NULL, _("Every outcome owed to one school, one file each."), entries, &argc, &argv, error))
    return 2;
  if (school == NULL)
    return dg_cli_usage_error (error, _("--school: required")), 2;
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

  hub = hub_values ();
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
  if (argc >= 2 && g_str_equal (argv[1], "batch"))
    return notify_batch (cli, argc - 1, argv + 1, error);
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
  int base_version = -1;
  GOptionEntry entries[] = {
    { "file", 0, 0, G_OPTION_ARG_FILENAME, &file, N_("The new template"), N_("FILE") },
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
  if (!g_file_get_contents (file, &body, NULL, error))
    {
      dg_error_recode (error, DG_ERROR_INVALID);
      g_prefix_error (error, "--file: ");
      return 2;
    }
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
  g_print ("%-16s %s  v%" G_GINT64_FORMAT "\n", json_object_get_string_member (o, "name"),
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
