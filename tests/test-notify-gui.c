#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>

#include <adwaita.h>
#include <gmime/gmime.h>
#include <json-glib/json-glib.h>

#include "dg-application.h"
#include "dg-batch-window.h"
#include "dg-letter-window.h"
#include "dg-notifications-page.h"
#include "dg-test-cli.h"
#include "dg-test-db.h"
#include "dg-notify.h"
#include "dg-test-gui.h"
#include "dg-window.h"

/* GMime 3.2 declares no cleanups of its own. */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GMimeStream, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GMimeParser, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GMimeMessage, g_object_unref)

static char *db_path;
static char *work_dir;   /* files written for the CLI */


static gboolean
window_ready (gpointer data)
{
  return g_strcmp0 (dg_window_get_state (data), "ready") == 0;
}

static gboolean
page_loaded (gpointer data)
{
  return dg_notifications_page_is_loaded (data);
}

static gboolean
letter_open (gpointer data)
{
  GtkWidget *w = dg_test_find_window (DG_TYPE_LETTER_WINDOW, NULL);
  return w != NULL && dg_letter_window_is_ready (DG_LETTER_WINDOW (w));
}

static gboolean
letter_gone (gpointer data)
{
  return dg_test_find_window (DG_TYPE_LETTER_WINDOW, NULL) == NULL;
}

static gboolean
dialog_open (gpointer data)
{
  return dg_test_find_window (ADW_TYPE_MESSAGE_DIALOG, NULL) != NULL;
}

/* The outcome template has arrived in the editor. */
static gboolean
has_text (gpointer data)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (data);
  GtkTextIter start, end;
  g_autofree char *text = NULL;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  return strstr (text, "decision.outcome") != NULL;
}

static const char *status_of (const char *id);

/* Saves the letter through its window's action @action as @name in the
 * work folder, and returns the file's contents once the worker has written it. */
static char *
save_through_chooser (GtkWidget  *letter,
                      const char *action,
                      const char *suggested,
                      const char *name,
                      gsize      *length)
{
  g_autofree char *path = g_build_filename (work_dir, name, NULL);

  gtk_widget_activate_action (letter, action, NULL);
  return dg_test_choose_file (suggested, path, length);
}

/* Whether @data holds @needle anywhere, NULs in @data notwithstanding. */
static gboolean
holds (const char *data,
       gsize       length,
       const char *needle)
{
  gsize n = strlen (needle);

  for (gsize i = 0; i + n <= length; i++)
    if (memcmp (data + i, needle, n) == 0)
      return TRUE;
  return FALSE;
}

/* The letter saved as e-mail and as PDF, each written on a worker while the
 * window goes on; a folder that is not there is said in a toast. */
static void
check_saving (GtkWidget              *letter,
              const DgRenderedLetter *text)
{
  g_autofree char *missing = g_build_filename (work_dir, "not-there", "letter.pdf", NULL);
  g_autoptr(GFile) nowhere = g_file_new_for_path (missing);
  g_autofree char *refused = g_strdup_printf ("Cannot write “%s”: %s. Nothing was saved.", missing, g_strerror (ENOENT));
  g_autofree char *suggested = NULL;
  g_autofree char *eml = NULL, *pdf = NULL, *title = NULL;
  g_autofree guchar *body = NULL;
  gsize length, body_length;

  dg_letter_window_save_to (DG_LETTER_WINDOW (letter), DG_LETTER_SAVE_PDF, nowhere);
  g_assert_true (dg_test_wait_for_label (letter, refused, 10000));

  suggested = g_strdup_printf ("%s-outcome.eml", text->reference);
  eml = save_through_chooser (letter, "letter.save-eml", suggested, "letter.eml", &length);
  /* The hub's address is not set: the default sender; the body as
   * rendered, quoted-printable as the composer (GMime) writes it. */
  g_assert_nonnull (strstr (eml, "\r\nFrom: safeguarding-hub@localhost\r\n"));
  g_assert_nonnull (strstr (eml, "\r\nContent-Language: cy\r\n"));
  g_assert_nonnull (strstr (eml, "\r\nX-Unsent: 1\r\n"));
  g_assert_nonnull (strstr (eml, "\r\nContent-Transfer-Encoding: quoted-printable\r\n"));
  g_mime_init ();
  {
    g_autoptr(GMimeStream) stream = g_mime_stream_mem_new_with_buffer (eml, length);
    g_autoptr(GMimeParser) parser = g_mime_parser_new_with_stream (stream);
    g_autoptr(GMimeMessage) message = g_mime_parser_construct_message (parser, NULL);

    g_assert_nonnull (message);
    g_assert_true (GMIME_IS_TEXT_PART (g_mime_message_get_mime_part (message)));
    body = (guchar *) g_mime_text_part_get_text (GMIME_TEXT_PART (g_mime_message_get_mime_part (message)));
    /* Lines end in CRLF on the wire; the letter's own end in LF. */
    {
      char *to = (char *) body;
      for (const char *from = (char *) body; *from; from++)
        if (*from != '\r')
          *to++ = *from;
      *to = '\0';
    }
    body_length = strlen ((char *) body);
    g_assert_cmpmem (body, body_length, text->body, strlen (text->body));
  }

  g_free (suggested);
  suggested = g_strdup_printf ("%s-outcome.pdf", text->reference);
  pdf = save_through_chooser (letter, "letter.save-pdf", suggested, "letter.pdf", &length);
  /* Whole, and titled with the letter's subject (its text is compressed). */
  title = g_strdup_printf ("/Title (%s)", text->subject);
  g_assert_true (g_str_has_prefix (pdf, "%PDF-"));
  g_assert_true (length > 6 && memcmp (pdf + length - 6, "%%EOF\n", 6) == 0);
  g_assert_true (holds (pdf, length, title));
}

static gboolean
template_saved (gpointer data)
{
  g_autoptr(JsonNode) shown = NULL;

  dg_test_spin (100);
  shown = dg_test_cli_json (db_path, (const char *[]) { "template", "show", "outcome", "en", NULL });
  return json_object_get_int_member (json_node_get_object (shown), "version") == 1;
}

static char *
buffer_text (GtkWidget *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

typedef struct
{
  GtkWidget  *view;
  const char *text;
  int         version;
} Expect;

static gboolean
editor_reads (gpointer data)
{
  Expect *e = data;
  g_autofree char *text = buffer_text (e->view);

  return g_str_equal (text, e->text);
}

/* The newest outcome (en) template is @e's version and text. */
static gboolean
template_is (gpointer data)
{
  Expect *e = data;
  g_autoptr(JsonNode) shown = NULL;
  JsonObject *o;

  dg_test_spin (100);
  shown = dg_test_cli_json (db_path, (const char *[]) { "template", "show", "outcome", "en", NULL });
  o = json_node_get_object (shown);
  return json_object_get_int_member (o, "version") == e->version &&
         g_str_equal (json_object_get_string_member (o, "body"), e->text);
}

/* The editor has finished saving: Save is offered again. */
static gboolean
save_idle (gpointer data)
{
  return gtk_widget_get_sensitive (dg_test_find_widget (data, GTK_TYPE_BUTTON, "Save Template"));
}

static gboolean
marks_refused (gpointer data)
{
  return dg_test_find_widget (data, GTK_TYPE_LABEL,
                              "line 6, column 1: both versions changed these lines: keep the lines you want "
                              "and delete the “<<<<<<<”, “=======” and “>>>>>>>” marks") != NULL;
}

/* Another practitioner saves the outcome (en) template over @base. */
static void
save_elsewhere (const char *dir,
                const char *text,
                int         base)
{
  g_autofree char *file = g_build_filename (dir, "theirs.txt", NULL);
  g_autofree char *version = g_strdup_printf ("%d", base);
  g_autoptr(JsonNode) saved = NULL;

  g_assert_true (g_file_set_contents (file, text, -1, NULL));
  saved = dg_test_cli_json (db_path, (const char *[]) { "template", "set", "outcome", "en", "--file", file,
                                                        "--base-version", version, NULL });
}

/* Saves what is in the editor and answers the "changed elsewhere" dialog
 * with @response, after checking that it names the newer version. */
static void
save_into_conflict (GtkWidget  *prefs,
                    const char *names,
                    const char *response)
{
  GtkWidget *dialog;

  dg_test_click (dg_test_find_widget (prefs, GTK_TYPE_BUTTON, "Save Template"));
  g_assert_true (dg_test_wait_until (dialog_open, NULL, 10000));
  dialog = dg_test_find_window (ADW_TYPE_MESSAGE_DIALOG, NULL);
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==, "Someone Else Changed This Letter");
  g_test_message ("%s", adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), names));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), response);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static gboolean
batch_known (gpointer data)
{
  return dg_batch_window_get_expected (data) >= 0;
}

/* Polled: the batch stores its letters one job at a time. */
static gboolean
second_closed (gpointer data)
{
  dg_test_spin (100);
  return g_strcmp0 (status_of ("2"), "closed") == 0;
}

static const char *
status_of (const char *id)
{
  static char status[32];
  g_autoptr(JsonNode) shown = dg_test_cli_json (db_path, (const char *[]) { "referral", "show", id, NULL });

  g_strlcpy (status, json_object_get_string_member (json_node_get_object (shown), "status"), sizeof status);
  return status;
}

static void
scenario (GApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));
  GtkWidget *page, *letter, *button;
  const DgRenderedLetter *text;

  g_assert_true (dg_test_wait_until (window_ready, window, 10000));
  dg_window_show_section (DG_WINDOW (window), "notifications");
  page = dg_test_find_widget (GTK_WIDGET (window), DG_TYPE_NOTIFICATIONS_PAGE, NULL);
  g_assert_true (dg_test_wait_until (page_loaded, page, 5000));
  dg_test_spin (100);

  /* The school's group lists the outcome owed; its letter opens in Welsh. */
  g_assert_nonnull (dg_test_find_widget (page, ADW_TYPE_PREFERENCES_GROUP, "Ysgol Enghraifft"));
  button = dg_test_find_widget (page, GTK_TYPE_BUTTON, "Open Letter…");
  dg_test_click (button);
  g_assert_true (dg_test_wait_until (letter_open, NULL, 5000));
  letter = dg_test_find_window (DG_TYPE_LETTER_WINDOW, NULL);
  text = dg_letter_window_get_letter (DG_LETTER_WINDOW (letter));
  g_assert_cmpstr (text->language, ==, "cy");
  g_assert_nonnull (strstr (text->body, "Annwyl Ceri Jones"));
  check_saving (letter, text);

  /* Marked as sent, after saying so: permanent. */
  dg_test_click (dg_test_find_widget (letter, GTK_TYPE_BUTTON, "Mark as Sent…"));
  g_assert_true (dg_test_wait_until (dialog_open, NULL, 3000));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dg_test_find_window (ADW_TYPE_MESSAGE_DIALOG, NULL)), "sent");
  gtk_window_destroy (GTK_WINDOW (dg_test_find_window (ADW_TYPE_MESSAGE_DIALOG, NULL)));
  g_assert_true (dg_test_wait_until (letter_gone, NULL, 5000));
  g_assert_cmpstr (status_of ("1"), ==, "closed");

  /* The second referral's outcome goes with the school's batch. */
  g_assert_true (dg_test_wait_until (page_loaded, page, 5000));
  {
    GtkDropDown *schools = GTK_DROP_DOWN (dg_test_find_widget (page, GTK_TYPE_DROP_DOWN, "The school or organisation to prepare letters for"));
    GtkWidget *batch;

    g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (schools)), ==, 2);
    gtk_drop_down_set_selected (schools, 1);
    dg_test_click (dg_test_find_widget (page, GTK_TYPE_BUTTON, "Prepare All Its Outcome Letters…"));
    dg_test_spin (500);
    batch = dg_test_find_window (ADW_TYPE_WINDOW, "Outcomes for Ysgol Enghraifft");
    g_assert_nonnull (batch);
    button = dg_test_find_widget (batch, GTK_TYPE_BUTTON, "Mark All as Sent…");
    g_assert_true (dg_test_wait_until ((gpointer) gtk_widget_is_sensitive, button, 5000));

    /* Before anything is marked, the batch is saved: one PDF, and one
     * e-mail per letter in a folder. */
    {
      g_autofree char *pdf_path = g_build_filename (work_dir, "batch.pdf", NULL);
      g_autofree char *folder_path = g_build_filename (work_dir, "batch-emails", NULL);
      g_autofree char *eml_path = NULL;
      g_autoptr(GFile) pdf = g_file_new_for_path (pdf_path);
      g_autoptr(GFile) folder = g_file_new_for_path (folder_path);
      GPtrArray *letters = dg_batch_window_get_letters (DG_BATCH_WINDOW (batch));
      g_autofree char *contents = NULL;

      g_assert_cmpint (dg_batch_window_get_expected (DG_BATCH_WINDOW (batch)), ==, 1);
      g_assert_cmpuint (letters->len, ==, 1);
      g_assert_cmpint (g_mkdir (folder_path, 0700), ==, 0);
      dg_batch_window_save_pdf (DG_BATCH_WINDOW (batch), pdf);
      g_assert_true (dg_test_wait_for_label (batch, "PDF saved with 1 letter", 10000));
      g_assert_true (g_file_get_contents (pdf_path, &contents, NULL, NULL));
      g_assert_true (g_str_has_prefix (contents, "%PDF-"));
      dg_batch_window_save_emails (DG_BATCH_WINDOW (batch), folder);
      g_assert_true (dg_test_wait_for_label (batch, "1 e-mail file saved", 10000));
      eml_path = g_strdup_printf ("%s/%s-outcome.eml", folder_path, ((DgRenderedLetter *) g_ptr_array_index (letters, 0))->reference);
      g_assert_true (g_file_test (eml_path, G_FILE_TEST_IS_REGULAR));
    }

    dg_test_click (button);
    g_assert_true (dg_test_wait_until (dialog_open, NULL, 3000));
    adw_message_dialog_response (ADW_MESSAGE_DIALOG (dg_test_find_window (ADW_TYPE_MESSAGE_DIALOG, NULL)), "sent");
    gtk_window_destroy (GTK_WINDOW (dg_test_find_window (ADW_TYPE_MESSAGE_DIALOG, NULL)));
    g_assert_true (dg_test_wait_until (second_closed, NULL, 10000));

    /* Asked again, the batch says that nothing is owed: never an empty list. */
    {
      g_autoptr(GHashTable) hub = g_hash_table_new (g_str_hash, g_str_equal);
      DgBatchWindow *again = dg_batch_window_new (dg_application_get_service (DG_APPLICATION (app)), "Ysgol Enghraifft", hub);

      gtk_window_present (GTK_WINDOW (again));
      g_assert_true (dg_test_wait_until (batch_known, again, 5000));
      g_assert_cmpint (dg_batch_window_get_expected (again), ==, 0);
      g_assert_true (gtk_widget_get_mapped (dg_test_find_widget (GTK_WIDGET (again), ADW_TYPE_STATUS_PAGE, "Nothing Owed")));
      gtk_window_destroy (GTK_WINDOW (again));
    }
  }

  /* The template editor: checked as typed, previewed on a real referral, saved as a version. */
  {
    GtkWidget *prefs, *view, *status, *preview;
    GtkTextBuffer *buffer;
    g_autoptr(JsonNode) list = NULL;
    JsonArray *templates;
    gint64 outcome_en_version = -1;

    g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
    prefs = dg_test_find_window (ADW_TYPE_PREFERENCES_WINDOW, NULL);
    g_assert_nonnull (prefs);
    adw_preferences_window_set_visible_page (ADW_PREFERENCES_WINDOW (prefs),
                                             ADW_PREFERENCES_PAGE (dg_test_find_widget (prefs, ADW_TYPE_PREFERENCES_PAGE, "Letters")));
    dg_test_spin (100);
    adw_combo_row_set_selected (ADW_COMBO_ROW (dg_test_find_widget (prefs, ADW_TYPE_COMBO_ROW, "Letter")), 1);
    view = dg_test_find_widget (prefs, GTK_TYPE_TEXT_VIEW, NULL);
    status = dg_test_find_widget (prefs, GTK_TYPE_LABEL, "The template is valid.");
    g_assert_true (dg_test_wait_until (has_text, view, 5000));
    buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));

    gtk_text_buffer_set_text (buffer, "Dear {{reporter.name}},\n{{referral.secret}}", -1);
    status = dg_test_find_widget (prefs, GTK_TYPE_LABEL, "line 2, column 1: unknown placeholder “referral.secret”");
    g_assert_nonnull (status);
    g_assert_false (gtk_widget_get_sensitive (dg_test_find_widget (prefs, GTK_TYPE_BUTTON, "Save Template")));

    gtk_text_buffer_set_text (buffer, "Dear {{reporter.name}}, we decided: {{decision.outcome_label}}.", -1);
    /* The preview is the letter as sent: an English one ends welcoming Welsh. */
    preview = dg_test_find_widget (prefs, GTK_TYPE_LABEL, "Dear Ceri Jones, we decided: No further action.\n\n" DG_NOTIFY_WELSH_WELCOME);
    if (preview == NULL)
      {
        dg_test_spin (1500);
        preview = dg_test_find_widget (prefs, GTK_TYPE_LABEL, "Dear Ceri Jones, we decided: No further action.\n\n" DG_NOTIFY_WELSH_WELCOME);
      }
    g_assert_nonnull (preview);
    dg_test_click (dg_test_find_widget (prefs, GTK_TYPE_BUTTON, "Save Template"));
    g_assert_true (dg_test_wait_until (template_saved, NULL, 10000));

    list = dg_test_cli_json (db_path, (const char *[]) { "template", "list", NULL });
    templates = json_node_get_array (list);
    for (guint i = 0; i < json_array_get_length (templates); i++)
      {
        JsonObject *t = json_array_get_object_element (templates, i);
        if (g_str_equal (json_object_get_string_member (t, "name"), "outcome") &&
            g_str_equal (json_object_get_string_member (t, "language"), "en"))
          outcome_en_version = json_object_get_int_member (t, "version");
      }
    g_assert_cmpint (outcome_en_version, ==, 1);

    /* Someone else saves the letter while it is open here: the save is
     * refused with who did it, and Merge keeps both changes. */
    {
      const char *dir = work_dir;
      const char *base = "Dear {{reporter.name}},\n\nWe decided: {{decision.outcome_label}}.\n\nYours,\nThe hub\n";
      Expect ours = { view, base, 2 };
      Expect merged = { view, "Dear {{reporter.name}},\n\nWhat we decided: {{decision.outcome_label}}.\n\nYours sincerely,\nThe hub\n", 4 };
      Expect theirs = { view, "Dear {{reporter.name}},\n\nWhat we decided: {{decision.outcome_label}}.\n\nYours sincerely,\nThe Safeguarding Hub\n", 5 };
      Expect reloaded = { view, "Dear {{reporter.name}},\n\nOur decision: {{decision.outcome_label}}.\n", 6 };

      gtk_text_buffer_set_text (buffer, base, -1);
      dg_test_click (dg_test_find_widget (prefs, GTK_TYPE_BUTTON, "Save Template"));
      /* One save at a time: a second click while it runs does nothing. */
      g_assert_false (save_idle (prefs));
      g_assert_true (dg_test_wait_until (template_is, &ours, 10000));
      g_assert_true (dg_test_wait_until (save_idle, prefs, 10000));

      save_elsewhere (dir, "Dear {{reporter.name}},\n\nWe decided: {{decision.outcome_label}}.\n\nYours sincerely,\nThe hub\n", 2);
      gtk_text_buffer_set_text (buffer, "Dear {{reporter.name}},\n\nWhat we decided: {{decision.outcome_label}}.\n\nYours,\nThe hub\n", -1);
      save_into_conflict (prefs, "saved version 3 of this letter", "merge");
      g_assert_true (dg_test_wait_until (editor_reads, &merged, 10000));
      dg_test_spin (100);
      g_assert_true (gtk_widget_get_sensitive (dg_test_find_widget (prefs, GTK_TYPE_BUTTON, "Save Template")));
      dg_test_click (dg_test_find_widget (prefs, GTK_TYPE_BUTTON, "Save Template"));
      g_assert_true (dg_test_wait_until (template_is, &merged, 10000));
      g_assert_true (dg_test_wait_until (save_idle, prefs, 10000));

      /* The same line changed on both sides: the marks stop the save until
       * one is chosen. */
      save_elsewhere (dir, theirs.text, 4);
      gtk_text_buffer_set_text (buffer, "Dear {{reporter.name}},\n\nWhat we decided: {{decision.outcome_label}}.\n\nYours sincerely,\nDiogelu\n", -1);
      save_into_conflict (prefs, "saved version 5 of this letter", "merge");
      g_assert_true (dg_test_wait_until (marks_refused, prefs, 10000));
      g_assert_false (gtk_widget_get_sensitive (dg_test_find_widget (prefs, GTK_TYPE_BUTTON, "Save Template")));

      /* Reload: their version in the editor, nothing saved over it. */
      save_elsewhere (dir, reloaded.text, 5);
      gtk_text_buffer_set_text (buffer, "Dear {{reporter.name}},\n{{decision.outcome_label}}\n", -1);
      save_into_conflict (prefs, "saved version 6 of this letter", "reload");
      g_assert_true (dg_test_wait_until (editor_reads, &reloaded, 10000));
      dg_test_spin (300);
      g_assert_true (template_is (&reloaded));   /* still version 6: nothing saved over it */
    }
    gtk_window_destroy (GTK_WINDOW (prefs));
  }

  gtk_window_close (window);
}

static void
test_letters (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("dg-test-notify-gui-XXXXXX", &error);
  g_autoptr(DgApplication) app = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) earlier = g_date_time_add_hours (now, -3);
  g_autofree char *received = g_date_time_format (earlier, "%Y-%m-%dT%H:%M");
  g_autofree char *json = g_strdup_printf ("{\"received_at\": \"%s\", \"reporter\": {\"name\": \"Ceri Jones\", \"agency\": \"education\","
                                           " \"organisation\": \"Ysgol Enghraifft\", \"language\": \"cy\"}, \"children\": [{\"name\": \"Siân Morgan\"}]}", received);
  g_autofree char *file = NULL;

  g_assert_no_error (error);
  /* A file, or a fresh PostgreSQL database in the suite's PostgreSQL half. */
  db_path = dg_test_db_location (dir);
  work_dir = dir;
  file = g_build_filename (dir, "r.json", NULL);
  g_assert_true (g_file_set_contents (file, json, -1, NULL));
  for (int i = 1; i <= 2; i++)
    {
      g_autofree char *id = g_strdup_printf ("%d", i);
      json_node_unref (dg_test_cli_json (db_path, (const char *[]) { "referral", "add", "--file", file, NULL }));
      json_node_unref (dg_test_cli_json (db_path, (const char *[]) { "referral", "acknowledge", id, NULL }));
      json_node_unref (dg_test_cli_json (db_path, (const char *[]) { "referral", "decide", id, "--outcome", "nfa", "--rationale", "Below the threshold", NULL }));
    }

  g_setenv ("DIOGELU_DB", db_path, TRUE);
  app = dg_application_new ();
  g_signal_connect_after (app, "activate", G_CALLBACK (scenario), NULL);
  g_assert_cmpint (g_application_run (G_APPLICATION (app), 0, NULL), ==, 0);
  g_clear_object (&app);
  dg_test_db_drop (db_path);
}

int
main (int   argc,
      char *argv[])
{
  dg_test_gui_init (&argc, &argv);
  g_test_add_func ("/notify-gui/letters", test_letters);
  return g_test_run ();
}
