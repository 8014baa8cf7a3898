/* Sending a letter from its window through a real SMTP server
 * (tests/smtp-server.py: aiosmtpd, STARTTLS, AUTH), as a practitioner would:
 * sent, the window closes and the server holds it; with the server down the
 * letter is not delivered, which the window, the Notifications page (with
 * Try Again) and Due say; once the server is back, Try Again delivers it,
 * exactly once. Skipped only without aiosmtpd or openssl. */

#include "config.h"

#include <signal.h>
#include <sys/prctl.h>
#include <glib/gstdio.h>
#include <adwaita.h>

#include "dg-application.h"
#include "dg-batch-window.h"
#include "dg-due-page.h"
#include "dg-letter-window.h"
#include "dg-notifications-page.h"
#include "dg-test-cli.h"
#include "dg-test-db.h"
#include "dg-test-gui.h"
#include "dg-window.h"

#define PYTHON "/usr/bin/python3"
#define SMTP_USER "hub-sender"
#define SMTP_PASSWORD "c0rrect horse"

static char *work_dir, *db_path, *mail_dir, *cert, *key;
static GSubprocess *server;
static int port;

static void
die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

static void
start_server (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree char *wanted = g_strdup_printf ("%d", port);
  g_autofree char *line = NULL;

  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  server = g_subprocess_launcher_spawn (launcher, &error, PYTHON, g_getenv ("DIOGELU_SMTP_SERVER"), "--port", wanted,
                                        "--cert", cert, "--key", key, "--user", SMTP_USER, "--password", SMTP_PASSWORD,
                                        "--dir", mail_dir, NULL);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server));
  line = g_data_input_stream_read_line (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (line != NULL && g_str_has_prefix (line, "ready "));
  port = atoi (line + 6);
}

static void
stop_server (void)
{
  g_subprocess_send_signal (server, SIGTERM);
  g_assert_true (g_subprocess_wait (server, NULL, NULL));
  g_clear_object (&server);
}

static guint
messages_received (void)
{
  g_autoptr(GDir) dir = g_dir_open (mail_dir, 0, NULL);
  const char *name;
  guint n = 0;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    n += g_str_has_suffix (name, ".eml");
  return n;
}

static gboolean
letter_ready (gpointer data)
{
  return dg_letter_window_is_ready (data);
}

static gboolean
dialog_open (gpointer data)
{
  return dg_test_find_window (ADW_TYPE_MESSAGE_DIALOG, NULL) != NULL;
}

static gboolean
window_gone (gpointer data)
{
  return dg_test_find_window (DG_TYPE_LETTER_WINDOW, NULL) == NULL;
}

static gboolean
batch_ready (gpointer data)
{
  int expected = dg_batch_window_get_expected (data);

  return expected >= 0 && dg_batch_window_get_letters (data)->len == (guint) expected;
}

static gboolean
summary_shown (gpointer data)
{
  GtkWidget *dialog = dg_test_find_window (ADW_TYPE_MESSAGE_DIALOG, NULL);

  return dialog != NULL && g_strcmp0 (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), "Letters Sent") == 0;
}

static gboolean
page_loaded (gpointer data)
{
  return dg_notifications_page_is_loaded (data);
}

static gboolean
label_starts (GtkWidget  *root,
              const char *prefix)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    if ((GTK_IS_LABEL (child) && g_str_has_prefix (gtk_label_get_text (GTK_LABEL (child)), prefix)) ||
        label_starts (child, prefix))
      return TRUE;
  return FALSE;
}

/* The window's toast says the letter was not delivered, and why. */
static gboolean
told_not_delivered (gpointer data)
{
  return label_starts (data, "Not delivered: ");
}

/* Opens referral @id's @kind letter and presses Send… then Send. */
static GtkWidget *
send_letter (GApplication *app,
             gint64        id,
             const char   *kind)
{
  DgLetterWindow *letter = dg_letter_window_new (dg_application_get_service (DG_APPLICATION (app)), id, kind, NULL);
  GtkWidget *dialog;

  gtk_window_present (GTK_WINDOW (letter));
  g_assert_true (dg_test_wait_until (letter_ready, letter, 10000));
  dg_test_click (dg_test_find_widget (GTK_WIDGET (letter), GTK_TYPE_BUTTON, "Send…"));
  g_assert_true (dg_test_wait_until (dialog_open, NULL, 5000));
  dialog = dg_test_find_window (ADW_TYPE_MESSAGE_DIALOG, NULL);
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==, "Send the Letter?");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "send");
  gtk_window_destroy (GTK_WINDOW (dialog));
  return GTK_WIDGET (letter);
}

static void
scenario (GApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));
  GtkWidget *letter, *page, *due, *retry, *revealer;

  /* Sent: the window closes, the server holds it, the clock has stopped. */
  letter = send_letter (app, 1, "outcome");
  g_assert_true (dg_test_wait_until (window_gone, NULL, 30000));
  g_assert_cmpuint (messages_received (), ==, 1);
  {
    g_autoptr(JsonNode) shown = dg_test_cli_json (db_path, (const char *[]) { "referral", "show", "1", NULL });
    g_assert_nonnull (json_object_get_string_member (json_node_get_object (shown), "outcome_sent_at"));
  }

  /* The server down: not delivered, said in the window… */
  stop_server ();
  letter = send_letter (app, 2, "outcome");
  g_assert_true (dg_test_wait_until (told_not_delivered, letter, 30000));
  gtk_window_destroy (GTK_WINDOW (letter));

  /* …on the Notifications page, with Try Again, and on Due. */
  dg_window_show_section (DG_WINDOW (window), "notifications");
  page = dg_test_find_widget (GTK_WIDGET (window), DG_TYPE_NOTIFICATIONS_PAGE, NULL);
  dg_notifications_page_reload (DG_NOTIFICATIONS_PAGE (page));
  g_assert_true (dg_test_wait_until (page_loaded, page, 10000));
  retry = dg_test_find_widget (page, GTK_TYPE_BUTTON, "Try Again");
  g_assert_nonnull (retry);
  due = dg_test_find_widget (GTK_WIDGET (window), DG_TYPE_DUE_PAGE, NULL);
  revealer = dg_test_find_widget (due, GTK_TYPE_REVEALER, NULL);
  g_assert_true (gtk_revealer_get_reveal_child (GTK_REVEALER (revealer)));
  g_assert_nonnull (dg_test_find_widget (due, GTK_TYPE_LABEL,
                                         "1 letter sent by e-mail was not delivered: the report-maker has not been told."));
  g_assert_cmpuint (messages_received (), ==, 1);

  /* The server back: Try Again delivers it, once. */
  start_server ();
  dg_test_click (retry);
  g_assert_true (dg_test_wait_until (page_loaded, page, 30000));
  for (int i = 0; i < 300 && messages_received () < 2; i++)
    dg_test_spin (100);
  dg_test_spin (500);
  g_assert_cmpuint (messages_received (), ==, 2);
  {
    g_autoptr(JsonNode) failed = dg_test_cli_json (db_path, (const char *[]) { "notify", "outbox", "--failed", NULL });
    g_autoptr(JsonNode) shown = dg_test_cli_json (db_path, (const char *[]) { "referral", "show", "2", NULL });

    g_assert_cmpuint (json_array_get_length (json_node_get_array (failed)), ==, 0);
    g_assert_nonnull (json_object_get_string_member (json_node_get_object (shown), "outcome_sent_at"));
  }

  /* The school's batch: the two letters still owed go in one go, with one summary. */
  {
    DgBatchWindow *batch = dg_batch_window_new (dg_application_get_service (DG_APPLICATION (app)), "Ysgol Enghraifft", NULL);
    GtkWidget *dialog;

    gtk_window_present (GTK_WINDOW (batch));
    g_assert_true (dg_test_wait_until (batch_ready, batch, 10000));
    g_assert_cmpint (dg_batch_window_get_expected (batch), ==, 2);
    dg_test_click (dg_test_find_widget (GTK_WIDGET (batch), GTK_TYPE_BUTTON, "Send All…"));
    g_assert_true (dg_test_wait_until (dialog_open, NULL, 5000));
    dialog = dg_test_find_window (ADW_TYPE_MESSAGE_DIALOG, NULL);
    g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==, "Send All by E-mail?");
    adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "send");
    gtk_window_destroy (GTK_WINDOW (dialog));
    g_assert_true (dg_test_wait_until (summary_shown, NULL, 30000));
    dialog = dg_test_find_window (ADW_TYPE_MESSAGE_DIALOG, NULL);
    g_assert_cmpstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), ==, "All 2 letters were sent.");
    g_assert_cmpuint (messages_received (), ==, 4);
    gtk_window_destroy (GTK_WINDOW (dialog));
    gtk_window_destroy (GTK_WINDOW (batch));
  }
  gtk_window_close (window);
}

static gboolean
have (const char *program)
{
  g_autofree char *path = g_find_program_in_path (program);
  return path != NULL;
}

static void
test_send (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DgApplication) app = NULL;
  g_autofree char *file = NULL, *url = NULL;
  int status = -1;

  if (!have ("openssl") ||
      !g_spawn_sync (NULL, (char *[]) { PYTHON, "-c", "import aiosmtpd", NULL }, NULL,
                     G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status, NULL) ||
      !g_spawn_check_wait_status (status, NULL))
    {
      g_test_skip ("openssl or python3-aiosmtpd is not installed");
      return;
    }

  work_dir = g_dir_make_tmp ("dg-test-send-gui-XXXXXX", &error);
  g_assert_no_error (error);
  db_path = dg_test_db_location (work_dir);
  mail_dir = g_build_filename (work_dir, "received", NULL);
  g_assert_cmpint (g_mkdir (mail_dir, 0700), ==, 0);
  cert = g_build_filename (work_dir, "server.pem", NULL);
  key = g_build_filename (work_dir, "server.key", NULL);
  g_assert_true (g_spawn_sync (NULL, (char *[]) { "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=127.0.0.1",
                                                  "-addext", "subjectAltName=IP:127.0.0.1", "-days", "2", "-keyout", key, "-out", cert, NULL },
                               NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                               NULL, NULL, NULL, NULL, &status, NULL));
  start_server ();
  g_setenv ("DIOGELU_SMTP_PASSWORD", SMTP_PASSWORD, TRUE);

  url = g_strdup_printf ("smtp://127.0.0.1:%d", port);
  for (const char * const *kv = (const char * const[]) { "name", "Safeguarding Hub", "email", "hub@example.org", "smtp-url", url,
                                                         "smtp-ca", cert, "smtp-user", SMTP_USER, NULL };
       *kv != NULL; kv += 2)
    g_assert_cmpint (dg_test_cli_run ((const char *[]) { "--db", db_path, "hub", "set", kv[0], kv[1], NULL }, NULL, NULL, NULL), ==, 0);
  file = g_build_filename (work_dir, "r.json", NULL);
  g_assert_true (g_file_set_contents (file, "{\"reporter\": {\"name\": \"Ceri Jones\", \"email\": \"dsp@example.org\", \"language\": \"en\","
                                            " \"agency\": \"education\", \"organisation\": \"Ysgol Enghraifft\"},"
                                            " \"children\": [{\"name\": \"Elin Morgan\"}]}", -1, NULL));
  for (int i = 1; i <= 4; i++)
    {
      g_autofree char *id = g_strdup_printf ("%d", i);
      json_node_unref (dg_test_cli_json (db_path, (const char *[]) { "referral", "add", "--file", file, NULL }));
      json_node_unref (dg_test_cli_json (db_path, (const char *[]) { "referral", "decide", id, "--outcome", "iaa",
                                                                     "--rationale", "Advice given",
                                                                     "--report-maker-text", "We have given the family advice.", NULL }));
    }

  g_setenv ("DIOGELU_DB", db_path, TRUE);
  app = dg_application_new ();
  g_signal_connect_after (app, "activate", G_CALLBACK (scenario), NULL);
  g_assert_cmpint (g_application_run (G_APPLICATION (app), 0, NULL), ==, 0);
  g_clear_object (&app);
  if (server != NULL)
    stop_server ();
  dg_test_db_drop (db_path);
}

int
main (int   argc,
      char *argv[])
{
  dg_test_gui_init (&argc, &argv);
  g_test_add_func ("/send-gui/send-and-retry", test_send);
  return g_test_run ();
}
