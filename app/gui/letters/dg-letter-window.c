#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "dg-file.h"
#include "dg-service.h"
#include "dg-letter.h"
#include "dg-letter-window.h"

struct _DgLetterWindow
{
  AdwWindow        parent_instance;

  AdwToastOverlay *toasts;
  GtkTextView     *text;
  GtkWidget       *language;
  GtkWidget       *method;
  GtkWidget       *sent_button;

  DgService        *service;
  gint64           referral_id;
  char            *kind;
  GHashTable      *hub;
  DgRenderedLetter *letter;
  GCancellable    *cancellable;
  gboolean         ready;
};

G_DEFINE_FINAL_TYPE (DgLetterWindow, dg_letter_window, ADW_TYPE_WINDOW)

enum { SENT, N_SIGNALS };
static guint signals[N_SIGNALS];

/* Item 0 follows the report-maker's preference. */
static const char * const languages[] = { NULL, "en", "cy", "cy+en" };
static const char * const methods[] = { "secure-email", "email", "post" };

static void
toast (DgLetterWindow *self,
       const char     *message)
{
  adw_toast_overlay_add_toast (self->toasts, adw_toast_new (message));
}

static void
rendered (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(DgLetterWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  DgRenderedLetter *letter = dg_service_render_letter_finish (DG_SERVICE (object), result, &error);

  if (letter == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        toast (self, error->message);
      return;
    }

  g_clear_pointer (&self->letter, dg_rendered_letter_free);
  self->letter = letter;
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->text), letter->body, -1);
  gtk_window_set_title (GTK_WINDOW (self), letter->subject);
  gtk_widget_set_sensitive (self->sent_button, TRUE);
  self->ready = TRUE;
}

static void
render (DgLetterWindow *self)
{
  guint selected = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->language));

  self->ready = FALSE;
  gtk_widget_set_sensitive (self->sent_button, FALSE);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  dg_service_render_letter_async (self->service, self->referral_id, self->kind,
                                  languages[MIN (selected, G_N_ELEMENTS (languages) - 1)], self->hub,
                                  self->cancellable, rendered, g_object_ref (self));
}

/* ---- Saving and printing -------------------------------------------------------- */

static void
saved_eml (GtkNativeDialog *dialog,
           int              response,
           DgLetterWindow  *self)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *eml = NULL;
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT && self->letter != NULL)
    {
      file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      path = g_file_get_path (file);
      eml = dg_service_letter_eml (self->letter, g_hash_table_lookup (self->hub, "hub.email"), now);
      if (!dg_file_write (path, eml, strlen (eml), &error))
        toast (self, error->message);
      else
        toast (self, _("E-mail file saved: open it in your mail program to send it"));
    }
  g_object_unref (dialog);
}

static void
saved_pdf (GtkNativeDialog *dialog,
           int              response,
           DgLetterWindow  *self)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT && self->letter != NULL)
    {
      file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      path = g_file_get_path (file);
      if (!dg_letter_write_pdf (path, self->letter->subject, self->letter->body, &error))
        toast (self, error->message);
      else
        toast (self, _("PDF letter saved"));
    }
  g_object_unref (dialog);
}

static void
save (DgLetterWindow *self,
      const char     *extension,
      GCallback       done)
{
  GtkFileChooserNative *chooser;
  g_autofree char *name = NULL;

  if (self->letter == NULL)
    return;
  chooser = gtk_file_chooser_native_new (_("Save Letter"), GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Save"), _("_Cancel"));
  name = g_strdup_printf ("%s-%s.%s", self->letter->reference, self->kind, extension);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", done, self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
save_eml_action (GtkWidget *widget, const char *name, GVariant *param)
{
  save (DG_LETTER_WINDOW (widget), "eml", G_CALLBACK (saved_eml));
}

static void
save_pdf_action (GtkWidget *widget, const char *name, GVariant *param)
{
  save (DG_LETTER_WINDOW (widget), "pdf", G_CALLBACK (saved_pdf));
}

static void
begin_print (GtkPrintOperation *op,
             GtkPrintContext   *context,
             DgLetterWindow    *self)
{
  PangoContext *pango = gtk_print_context_create_pango_context (context);
  DgLetter *letter = dg_letter_new (pango, self->letter->body,
                                    gtk_print_context_get_width (context), gtk_print_context_get_height (context));

  g_object_set_data_full (G_OBJECT (op), "dg-letter", letter, (GDestroyNotify) dg_letter_free);
  gtk_print_operation_set_n_pages (op, dg_letter_n_pages (letter));
  g_object_unref (pango);
}

static void
draw_page (GtkPrintOperation *op,
           GtkPrintContext   *context,
           int                page,
           DgLetterWindow    *self)
{
  dg_letter_draw_page (g_object_get_data (G_OBJECT (op), "dg-letter"), gtk_print_context_get_cairo_context (context), page);
}

static void
print_action (GtkWidget *widget, const char *name, GVariant *param)
{
  DgLetterWindow *self = DG_LETTER_WINDOW (widget);
  g_autoptr(GtkPrintOperation) op = NULL;
  g_autoptr(GtkPageSetup) setup = gtk_page_setup_new ();
  g_autoptr(GtkPaperSize) a4 = gtk_paper_size_new (GTK_PAPER_NAME_A4);
  g_autoptr(GError) error = NULL;

  if (self->letter == NULL)
    return;
  op = gtk_print_operation_new ();
  gtk_page_setup_set_paper_size_and_default_margins (setup, a4);
  gtk_page_setup_set_top_margin (setup, 0, GTK_UNIT_POINTS);
  gtk_page_setup_set_left_margin (setup, 0, GTK_UNIT_POINTS);
  gtk_page_setup_set_right_margin (setup, 0, GTK_UNIT_POINTS);
  gtk_page_setup_set_bottom_margin (setup, 0, GTK_UNIT_POINTS);
  gtk_print_operation_set_default_page_setup (op, setup);
  gtk_print_operation_set_unit (op, GTK_UNIT_POINTS);
  gtk_print_operation_set_job_name (op, self->letter->subject);
  g_signal_connect (op, "begin-print", G_CALLBACK (begin_print), self);
  g_signal_connect (op, "draw-page", G_CALLBACK (draw_page), self);
  if (gtk_print_operation_run (op, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG, GTK_WINDOW (self), &error) ==
      GTK_PRINT_OPERATION_RESULT_ERROR)
    toast (self, error->message);
}

/* ---- Marking as sent -------------------------------------------------------- */

static void
marked (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(DgLetterWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!dg_service_mark_sent_finish (DG_SERVICE (object), result, &error))
    {
      gtk_widget_set_sensitive (self->sent_button, TRUE);
      toast (self, error->message);
      return;
    }
  g_signal_emit (self, signals[SENT], 0);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
confirm_response (AdwMessageDialog *dialog,
                  const char       *response,
                  DgLetterWindow   *self)
{
  const char *method = methods[gtk_drop_down_get_selected (GTK_DROP_DOWN (self->method))];

  if (g_strcmp0 (response, "sent") != 0 || self->letter == NULL)
    return;
  gtk_widget_set_sensitive (self->sent_button, FALSE);
  dg_service_mark_sent_async (self->service, self->letter, g_str_equal (method, "post") ? "print" : "text", method, marked, g_object_ref (self));
}

static void
mark_sent_action (GtkWidget *widget, const char *name, GVariant *param)
{
  DgLetterWindow *self = DG_LETTER_WINDOW (widget);
  GtkWidget *dialog;

  if (self->letter == NULL)
    return;
  /* The record is permanent: say so before it is made. */
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Mark the Letter as Sent?"),
                                   _("The exact text, who sent it, when and how are kept with the referral and cannot be changed afterwards."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "sent", _("_Mark as Sent"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "sent", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "sent");
  g_signal_connect (dialog, "response", G_CALLBACK (confirm_response), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- Object ------------------------------------------------------------------------ */

static void
dg_letter_window_dispose (GObject *object)
{
  DgLetterWindow *self = (DgLetterWindow *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->service);
  g_clear_pointer (&self->letter, dg_rendered_letter_free);
  g_clear_pointer (&self->hub, g_hash_table_unref);

  G_OBJECT_CLASS (dg_letter_window_parent_class)->dispose (object);
}

static void
dg_letter_window_finalize (GObject *object)
{
  DgLetterWindow *self = (DgLetterWindow *)object;

  g_free (self->kind);
  G_OBJECT_CLASS (dg_letter_window_parent_class)->finalize (object);
}

static void
dg_letter_window_class_init (DgLetterWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dg_letter_window_dispose;
  object_class->finalize = dg_letter_window_finalize;

  signals[SENT] = g_signal_new ("sent", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_install_action (widget_class, "letter.save-eml", NULL, save_eml_action);
  gtk_widget_class_install_action (widget_class, "letter.save-pdf", NULL, save_pdf_action);
  gtk_widget_class_install_action (widget_class, "letter.print", NULL, print_action);
  gtk_widget_class_install_action (widget_class, "letter.mark-sent", NULL, mark_sent_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK, "letter.print", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static GtkWidget *
action_button (const char *label,
               const char *action)
{
  GtkWidget *b = gtk_button_new_with_mnemonic (label);

  gtk_actionable_set_action_name (GTK_ACTIONABLE (b), action);
  return b;
}

static void
dg_letter_window_init (DgLetterWindow *self)
{
  g_autoptr(GtkStringList) langs = gtk_string_list_new ((const char *[]) {
    _("The report-maker’s language"), _("English"), _("Welsh"), _("Welsh and English"), NULL });
  g_autoptr(GtkStringList) how = gtk_string_list_new ((const char *[]) {
    _("Secure email"), _("Email"), _("Post"), NULL });
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *scroller = gtk_scrolled_window_new ();

  self->cancellable = g_cancellable_new ();
  gtk_window_set_default_size (GTK_WINDOW (self), 720, 820);

  self->language = gtk_drop_down_new (G_LIST_MODEL (g_object_ref (langs)), NULL);
  gtk_widget_set_tooltip_text (self->language, _("Language of the letter"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->language), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Language of the letter"), -1);
  g_signal_connect_swapped (self->language, "notify::selected", G_CALLBACK (render), self);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), self->language);

  self->text = GTK_TEXT_VIEW (gtk_text_view_new ());
  gtk_text_view_set_editable (self->text, FALSE);
  gtk_text_view_set_wrap_mode (self->text, GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_left_margin (self->text, 48);
  gtk_text_view_set_right_margin (self->text, 48);
  gtk_text_view_set_top_margin (self->text, 36);
  gtk_text_view_set_bottom_margin (self->text, 36);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->text), GTK_ACCESSIBLE_PROPERTY_LABEL, _("The letter"), -1);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (self->text));
  gtk_widget_set_vexpand (scroller, TRUE);

  gtk_widget_set_margin_start (bar, 12);
  gtk_widget_set_margin_end (bar, 12);
  gtk_widget_set_margin_top (bar, 6);
  gtk_widget_set_margin_bottom (bar, 6);
  gtk_box_append (GTK_BOX (bar), action_button (_("Save _E-mail…"), "letter.save-eml"));
  gtk_box_append (GTK_BOX (bar), action_button (_("Save _PDF…"), "letter.save-pdf"));
  gtk_box_append (GTK_BOX (bar), action_button (_("P_rint…"), "letter.print"));
  self->method = gtk_drop_down_new (G_LIST_MODEL (g_object_ref (how)), NULL);
  gtk_widget_set_hexpand (self->method, TRUE);
  gtk_widget_set_halign (self->method, GTK_ALIGN_END);
  gtk_widget_set_tooltip_text (self->method, _("How it is sent"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->method), GTK_ACCESSIBLE_PROPERTY_LABEL, _("How it is sent"), -1);
  gtk_box_append (GTK_BOX (bar), self->method);
  self->sent_button = action_button (_("_Mark as Sent…"), "letter.mark-sent");
  gtk_widget_add_css_class (self->sent_button, "suggested-action");
  gtk_widget_set_sensitive (self->sent_button, FALSE);
  gtk_box_append (GTK_BOX (bar), self->sent_button);

  gtk_box_append (GTK_BOX (box), header);
  gtk_box_append (GTK_BOX (box), scroller);
  gtk_box_append (GTK_BOX (box), gtk_separator_new (GTK_ORIENTATION_HORIZONTAL));
  gtk_box_append (GTK_BOX (box), bar);
  self->toasts = ADW_TOAST_OVERLAY (adw_toast_overlay_new ());
  adw_toast_overlay_set_child (self->toasts, box);
  adw_window_set_content (ADW_WINDOW (self), GTK_WIDGET (self->toasts));
}

DgLetterWindow *
dg_letter_window_new (DgService  *service,
                      gint64      referral_id,
                      const char *kind,
                      GHashTable *hub)
{
  DgLetterWindow *self = g_object_new (DG_TYPE_LETTER_WINDOW, NULL);

  self->service = g_object_ref (service);
  self->referral_id = referral_id;
  self->kind = g_strdup (kind);
  self->hub = hub ? g_hash_table_ref (hub) : g_hash_table_new (g_str_hash, g_str_equal);
  render (self);
  return self;
}

gboolean
dg_letter_window_is_ready (DgLetterWindow *self)
{
  return self->ready;
}

const DgRenderedLetter *
dg_letter_window_get_letter (DgLetterWindow *self)
{
  return self->letter;
}
