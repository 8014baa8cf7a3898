#include "config.h"

#include <inttypes.h>
#include <string.h>
#include <unistd.h>
#include <glib/gi18n.h>

#include "dg-cli.h"
#include "dg-hub.h"
#include "dg-smtp.h"

/* A logo or a CA file is a file to read; larger than this is not one. */
#define HUB_FILE_MAX (1024 * 1024)

static void
print_hub (JsonNode *node)
{
  JsonObject *o = json_node_get_object (node);
  g_autoptr(GList) members = json_object_get_members (o);

  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *key = l->data;
      JsonNode *value = json_object_get_member (o, key);

      if (JSON_NODE_HOLDS_NULL (value))
        g_print ("%-11s %s\n", key, _("(not set)"));
      else if (g_str_equal (key, "logo"))
        g_print ("%-11s %s, %" PRId64 " B\n", key,
                 json_object_get_string_member (json_node_get_object (value), "type"),
                 json_object_get_int_member (json_node_get_object (value), "size"));
      else if (g_str_equal (key, "smtp-ca"))
        {
          guint n = json_object_get_int_member (json_node_get_object (value), "certificates");
          g_print ("%-11s ", key);
          g_print (g_dngettext (GETTEXT_PACKAGE, "%u certificate\n", "%u certificates\n", n), n);
        }
      else
        {
          g_autofree char *text = g_strdup (json_node_get_string (value));
          g_strdelimit (text, "\n", '/');
          g_print ("%-11s %s\n", key, text);
        }
    }
}

static int
hub_show (DgCli *cli, int argc, char **argv, GError **error)
{
  g_autoptr(JsonObject) shown = NULL;

  if (!dg_cli_parse_options_only (cli, _("Show the hub’s letterhead and mail server (never a password)."), NULL,
                                  _("hub show: unexpected “%s”"), &argc, &argv, error))
    return 2;
  if (dg_cli_open_db (cli, DG_DB_OPEN_DEFAULT, error) == NULL)
    return dg_error_exit_code (*error);
  shown = dg_hub_show (cli->db, error);
  if (shown == NULL)
    return dg_error_exit_code (*error);
  return dg_cli_print_node (cli, json_node_init_object (json_node_alloc (), shown), print_hub, error);
}

/* After smtp-user: the password, asked on the terminal and kept in the
 * keyring. A script gives $DIOGELU_SMTP_PASSWORD instead, which is read at
 * each delivery and never kept. */
static int
keep_password (DgCli       *cli,
               const char  *user,
               GError     **error)
{
  g_autofree char *url = NULL;
  g_autofree char *prompt = NULL;
  char *password;

  if (g_getenv ("DIOGELU_SMTP_PASSWORD") != NULL || *user == '\0')
    return 0;
  url = dg_hub_get_setting (cli->db, "smtp-url", NULL, error);
  if (url == NULL)
    {
      if (*error != NULL)
        return dg_error_exit_code (*error);
      g_printerr ("%s\n", _("Set smtp-url too, then smtp-user again to keep its password in the keyring."));
      return 0;
    }
  prompt = g_strdup_printf (_("Password for %s at %s: "), user, url);
  password = dg_cli_ask_secret (prompt);
  if (password == NULL)
    {
      g_printerr ("%s\n", _("No password was asked for (not a terminal): deliveries will read $DIOGELU_SMTP_PASSWORD."));
      return 0;
    }
  if (!dg_smtp_password_store (url, user, password, error))
    {
      dg_smtp_password_free (password);
      return dg_error_exit_code (*error);
    }
  dg_smtp_password_free (password);
  if (!cli->json)
    g_print ("%s\n", _("The password is kept in the keyring."));
  return 0;
}

static int
hub_set (DgCli *cli, int argc, char **argv, GError **error)
{
  g_autofree char *file = NULL;
  g_autofree char *contents = NULL;
  GOptionEntry entries[] = {
    { "file", 0, 0, G_OPTION_ARG_FILENAME, &file, N_("Read the value from FILE (“-” for standard input)"), N_("FILE") },
    { NULL }
  };
  const char *key, *value;
  gssize length = -1;

  if (!dg_cli_parse (cli, _("KEY [VALUE]"),
                     _("Set one of the hub’s settings: name, name-cy, address, address-cy, phone, email, "
                       "logo FILE (PNG or SVG), marking, smtp-url (smtp://HOST:587 STARTTLS or smtps://HOST:465), "
                       "smtp-user (the password is asked for and kept in the keyring, or read from "
                       "$DIOGELU_SMTP_PASSWORD), smtp-ca FILE (the CA certificates, PEM). An empty VALUE unsets it."),
                     entries, &argc, &argv, error))
    return 2;
  if (argc < 2 || argc > 3 || (argc == 3) == (file != NULL))
    return dg_cli_usage_error (error, _("hub set: KEY and VALUE (or KEY --file FILE) are required")), 2;
  key = argv[1];
  if (!dg_hub_is_key (key))
    return dg_cli_usage_error (error, _("KEY: “%s” is not one of name | name-cy | address | address-cy | phone | email | "
                                        "logo | marking | smtp-url | smtp-user | smtp-ca"), key), 2;
  /* A logo and a CA are files; so is any value given with --file. */
  if (file == NULL && (g_str_equal (key, "logo") || g_str_equal (key, "smtp-ca")) && *argv[2] != '\0')
    file = g_strdup (argv[2]);
  if (file != NULL)
    {
      gsize got = 0;

      if (!dg_cli_read_file ("file", file, HUB_FILE_MAX, &contents, &got, error))
        return 2;
      if (got > HUB_FILE_MAX)
        return dg_cli_usage_error (error, _("%s: the file is larger than 1 MiB"), key), 2;
      /* A text value read from a file loses the file's last newline. */
      if (!g_str_equal (key, "logo") && !g_str_equal (key, "smtp-ca"))
        while (got > 0 && (contents[got - 1] == '\n' || contents[got - 1] == '\r'))
          contents[--got] = '\0';
      value = contents;
      length = got;
    }
  else
    value = argv[2];

  if (dg_cli_open_db (cli, DG_DB_OPEN_DEFAULT, error) == NULL ||
      !dg_hub_set (cli->db, key, value, length, error))
    return dg_error_exit_code (*error);
  cli->saved = g_strdup_printf (_("The hub’s %s was saved"), key);
  if (!cli->json)
    g_print (length == 0 || (length < 0 && *value == '\0') ? _("Unset the hub’s %s\n") : _("Saved the hub’s %s\n"), key);

  if (g_str_equal (key, "smtp-user"))
    {
      int status = keep_password (cli, value, error);
      if (status != 0)
        return status;
    }
  if (cli->json)
    {
      g_autoptr(JsonObject) shown = dg_hub_show (cli->db, error);
      if (shown == NULL)
        return dg_error_exit_code (*error);
      dg_cli_print_result (cli, shown, "%s", "");
    }
  return 0;
}

int
dg_cli_hub (DgCli   *cli,
            int      argc,
            char   **argv,
            GError **error)
{
  static const DgCliSubcommand subcommands[] = {
    { "show", hub_show },
    { "set", hub_set },
    { NULL }
  };

  return dg_cli_run_subcommand (cli, argc, argv, subcommands,
                                _("hub: show, or set KEY VALUE (see hub set --help)"), NULL, error);
}
