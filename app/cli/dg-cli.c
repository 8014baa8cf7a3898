#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <gio/gunixinputstream.h>
#include <glib/gi18n.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "dg-core.h"
#include "dg-text.h"
#include "dg-cli.h"
#include "dg-time.h"

char *
dg_cli_ask_secret (const char *prompt)
{
  g_autoptr(GString) answer = g_string_new (NULL);
  struct termios saved, quiet;
  int tty = open ("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
  char c;

  if (tty < 0 || !isatty (STDIN_FILENO) || tcgetattr (tty, &saved) != 0)
    {
      if (tty >= 0)
        close (tty);
      return NULL;
    }
  if (write (tty, prompt, strlen (prompt)) < 0)
    {
      close (tty);
      return NULL;
    }
  quiet = saved;
  quiet.c_lflag &= ~(tcflag_t) ECHO;
  tcsetattr (tty, TCSAFLUSH, &quiet);
  while (read (tty, &c, 1) == 1 && c != '\n' && c != '\r' && answer->len < 1024)
    g_string_append_c (answer, c);
  tcsetattr (tty, TCSAFLUSH, &saved);
  if (write (tty, "\n", 1) < 0)
    {
      /* Only the newline after the hidden answer was lost. */
    }
  close (tty);
  return g_string_free (g_steal_pointer (&answer), FALSE);
}

/* The password a server asks for, read from the terminal without echo
 * (never from a pipe: a script gives PGPASSWORD or ~/.pgpass instead). */
static char *
ask_password (const char *shown)
{
  g_autofree char *prompt = g_strdup_printf (_("Password for %s: "), shown);

  return dg_cli_ask_secret (prompt);
}

DgDb *
dg_cli_open_db (DgCli         *cli,
                DgDbOpenFlags  flags,
                GError       **error)
{
  g_autofree char *path = dg_db_default_path (cli->db_path);
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(DgDb) db = NULL;

  if (cli->db != NULL)
    return cli->db;
  dg_db_set_password_func (ask_password);

  /* A wrong --now is said before anything is opened. */
  if (cli->now != NULL)
    {
      now = dg_time_parse (cli->now, "--now", error);
      if (now == NULL)
        return NULL;
    }
  db = dg_db_open (path, flags, error);
  if (db == NULL)
    return NULL;
  if (now != NULL)
    dg_db_set_now (db, now);

  cli->db = g_steal_pointer (&db);
  return cli->db;
}

gboolean
dg_cli_parse (DgCli         *cli,
              const char    *parameter_string,
              const char    *summary,
              GOptionEntry  *entries,
              int           *argc,
              char        ***argv,
              GError       **error)
{
  /* The global options are accepted after the command too. */
  GOptionEntry global_entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &cli->json, N_("Print one JSON document"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (parameter_string);

  g_option_context_set_summary (context, summary);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (entries != NULL)
    g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, global_entries, GETTEXT_PACKAGE);

  if (!g_option_context_parse (context, argc, argv, error))
    {
      dg_error_recode (error, DG_ERROR_INVALID);
      return FALSE;
    }

  if (cli->options == NULL)
    cli->options = g_ptr_array_new ();
  for (guint i = 0; entries != NULL && entries[i].long_name != NULL; i++)
    g_ptr_array_add (cli->options, (gpointer) entries[i].long_name);
  return TRUE;
}

gboolean
dg_cli_parse_options_only (DgCli         *cli,
                           const char    *summary,
                           GOptionEntry  *entries,
                           const char    *unexpected,
                           int           *argc,
                           char        ***argv,
                           GError       **error)
{
  if (!dg_cli_parse (cli, NULL, summary, entries, argc, argv, error))
    return FALSE;
  if (*argc > 1)
    return dg_cli_usage_error (error, unexpected, (*argv)[1]);
  return TRUE;
}

char *
dg_cli_describe_error (DgCli        *cli,
                       const GError *error)
{
  const char *field = dg_error_get_field (error);

  for (guint i = 0; field != NULL && cli->options != NULL && i < cli->options->len; i++)
    if (g_str_equal (g_ptr_array_index (cli->options, i), field))
      return g_strdup_printf ("--%s: %s", field, error->message);
  return dg_error_describe (error);
}

/* The first failed write to standard output, or 0. */
static int output_errno;

/* On a terminal, a control character in a record (an escape sequence that
 * would move the cursor or rewrite the screen) is shown as \uXXXX instead;
 * line breaks and tabs stay. Records refuse them since; older ones may hold
 * them. */
static void
print_checked (const char *text)
{
  g_autofree char *safe = NULL;

  if (isatty (STDOUT_FILENO))
    text = safe = dg_text_shown (text, -1, TRUE);
  if (fputs (text, stdout) < 0 || fflush (stdout) != 0)
    {
      if (output_errno == 0)
        output_errno = errno != 0 ? errno : EIO;
    }
}

gboolean
dg_cli_read_input (const char  *file,
                   gsize        max,
                   char       **contents,
                   gsize       *length,
                   GError     **error)
{
  g_autoptr(GInputStream) in = NULL;
  g_autoptr(GString) buffer = g_string_new (NULL);
  gsize got = 1;

  if (g_strcmp0 (file, "-") == 0)
    {
      in = g_unix_input_stream_new (STDIN_FILENO, FALSE);
    }
  else
    {
      g_autoptr(GFile) gfile = g_file_new_for_commandline_arg (file);

      in = G_INPUT_STREAM (g_file_read (gfile, NULL, error));
      if (in == NULL)
        return FALSE;
    }

  while (got > 0 && buffer->len <= max)
    {
      gsize at = buffer->len;

      g_string_set_size (buffer, at + 65536);
      if (!g_input_stream_read_all (in, buffer->str + at, 65536, &got, NULL, error))
        return FALSE;
      g_string_set_size (buffer, at + got);
    }

  *length = buffer->len;
  *contents = g_string_free (g_steal_pointer (&buffer), FALSE);
  return TRUE;
}

/* Messages quote what was given, which may hold control characters too. */
static void
printerr_safe (const char *text)
{
  g_autofree char *safe = NULL;

  if (isatty (STDERR_FILENO))
    text = safe = dg_text_shown (text, -1, TRUE);
  fputs (text, stderr);
  fflush (stderr);
}

void
dg_cli_install_print_handler (void)
{
  g_set_print_handler (print_checked);
  g_set_printerr_handler (printerr_safe);
}

gboolean
dg_cli_check_output (GError **error)
{
  errno = 0;
  if ((fflush (stdout) != 0 || ferror (stdout)) && output_errno == 0)
    output_errno = errno != 0 ? errno : EIO;
  if (output_errno == 0)
    return TRUE;

  g_set_error (error, DG_ERROR, output_errno == ENOSPC ? DG_ERROR_FULL : DG_ERROR_IO,
               _("Cannot write to standard output: %s"), g_strerror (output_errno));
  return FALSE;
}

/* Whether a JSON document went to standard output: --json prints one. */
static gboolean json_printed;

void
dg_cli_print_refusal (DgCli        *cli,
                      const GError *error)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  const char *code = "other";

  if (!cli->json || json_printed)
    return;
  if (error->domain == DG_ERROR)
    switch ((DgErrorCode) error->code)
      {
      case DG_ERROR_INVALID: code = "invalid"; break;
      case DG_ERROR_NOT_FOUND: code = "not-found"; break;
      case DG_ERROR_CONFLICT: code = "conflict"; break;
      case DG_ERROR_LOCKED: code = "busy"; break;
      default: break;
      }
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "error");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "code");
  json_builder_add_string_value (b, code);
  json_builder_set_member_name (b, "field");
  if (dg_error_get_field (error) != NULL)
    json_builder_add_string_value (b, dg_error_get_field (error));
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "value");
  if (dg_error_get_value (error) != NULL)
    json_builder_add_string_value (b, dg_error_get_value (error));
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "message");
  json_builder_add_string_value (b, error->message);
  json_builder_end_object (b);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  dg_cli_print_json (root);
}

void
dg_cli_print_json (JsonNode *node)
{
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autofree char *text = NULL;

  json_printed = TRUE;
  json_generator_set_pretty (gen, TRUE);
  json_generator_set_root (gen, node);
  text = json_generator_to_data (gen, NULL);
  g_print ("%s\n", text);
}

void
dg_cli_print_json_array (JsonArray *array)
{
  g_autoptr(JsonNode) node = json_node_init_array (json_node_alloc (), array);

  dg_cli_print_json (node);
}

int
dg_cli_print_rows (DgCli         *cli,
                   JsonArray     *rows,
                   DgCliPrintRow  print_row,
                   GError       **error)
{
  g_autoptr(JsonArray) owned = rows;

  /* A failure, or the rows as JSON, ends as any result does (and so
   * needs no text printer). */
  if (rows == NULL || cli->json)
    return dg_cli_print_node (cli, rows != NULL ? json_node_init_array (json_node_alloc (), rows) : NULL,
                              NULL, error);
  for (guint i = 0; i < json_array_get_length (rows); i++)
    print_row (json_array_get_object_element (rows, i));
  return 0;
}

int
dg_cli_print_node (DgCli          *cli,
                   JsonNode       *node,
                   DgCliPrintText  print_text,
                   GError        **error)
{
  g_autoptr(JsonNode) owned = node;

  if (node == NULL)
    return dg_error_exit_code (*error);
  if (cli->json)
    dg_cli_print_json (node);
  else
    print_text (node);
  return 0;
}

void
dg_cli_print_result (DgCli      *cli,
                     JsonObject *result,
                     const char *format,
                     ...)
{
  g_autofree char *text = NULL;
  va_list args;

  if (cli->json)
    {
      g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), result);

      dg_cli_print_json (node);
      return;
    }

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  g_print ("%s", text);
}

int
dg_cli_run_subcommand (DgCli                 *cli,
                       int                    argc,
                       char                 **argv,
                       const DgCliSubcommand *subcommands,
                       const char            *choices,
                       const char            *unknown,
                       GError               **error)
{
  if (argc < 2)
    return dg_cli_usage_error (error, "%s", choices), 2;
  if (dg_cli_is_help (argv[1]))
    {
      GString *names = g_string_new (NULL);

      for (guint i = 0; subcommands[i].name != NULL; i++)
        g_string_append_printf (names, "\n  %s", subcommands[i].name);
      dg_cli_print_group_help (argv[0], choices, names->str);
      g_string_free (names, TRUE);
      return 0;
    }

  for (guint i = 0; subcommands[i].name != NULL; i++)
    if (g_str_equal (argv[1], subcommands[i].name))
      return subcommands[i].run (cli, argc - 1, argv + 1, error);

  if (unknown == NULL)
    return dg_cli_usage_error (error, "%s", choices), 2;
  return dg_cli_usage_error (error, unknown, argv[1]), 2;
}

gboolean
dg_cli_usage_error (GError     **error,
                    const char  *format,
                    ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error_literal (error, DG_ERROR, DG_ERROR_INVALID, message);
  return FALSE;
}

gboolean
dg_cli_is_help (const char *word)
{
  return g_strcmp0 (word, "--help") == 0 || g_strcmp0 (word, "-h") == 0 || g_strcmp0 (word, "help") == 0;
}

void
dg_cli_print_group_help (const char *group,
                         const char *choices,
                         const char *subcommands)
{
  /* Translators: the first %s is a command group ("referral"), as typed. */
  g_print (_("Usage:\n  diogelu-cli %s SUBCOMMAND [OPTION…]\n\n"), group);
  g_print ("%s\n\n", choices);
  g_print (_("Subcommands:%s\n\n"), subcommands);
  g_print (_("Each subcommand says its options: diogelu-cli %s SUBCOMMAND --help\n"), group);
}

gboolean
dg_cli_read_file (const char  *option,
                  const char  *file,
                  gsize        max,
                  char       **contents,
                  gsize       *length,
                  GError     **error)
{
  g_autoptr(GError) local = NULL;

  if (dg_cli_read_input (file, max, contents, length, &local))
    return TRUE;
  /* The same status in every command: the file named is to be fixed. */
  dg_error_set_field (error, DG_ERROR_INVALID, option, file, "%s", local->message);
  return FALSE;
}
