#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "dg-service.h"
#include "dg-letter.h"
#include "dg-chooser.h"
#include "dg-letter-files.h"
#include "dg-letter-window.h"
#include "dg-help.h"

struct _DgLetterWindow
{
  AdwWindow         parent_instance;

  AdwToastOverlay  *toasts;
  GtkTextView      *text;
  GtkDropDown      *language;
  GtkDropDown      *method;
  GtkWidget        *sent_button;

  DgService        *service;
  gint64            referral_id;
  char             *kind;
  GHashTable       *hub;
  DgRenderedLetter *letter;
  GCancellable     *cancellable;
  gboolean          ready;
  gboolean          sending;
};

G_DEFINE_FINAL_TYPE (DgLetterWindow, dg_letter_window, ADW_TYPE_WINDOW)

enum { SENT, N_SIGNALS };
static guint signals[N_SIGNALS];

/* In the order of the drop-downs' items (ui/dg-letter-window.ui); item 0
 * follows the report-maker's preference. */
static const char * const languages[] = { NULL, "en", "cy", "cy+en" };
static const char * const methods[] = { "secure-email", "email", "post" };

static void
toast (DgLetterWindow *self,
       const char     *message)
{
  /* A file saved after the window closed has nowhere left to say so. */
  if (self->toasts != NULL)
    adw_toast_overlay_add_toast (self->toasts, adw_toast_new (message));
}

/* Send… once a letter with an address is shown, and not twice at once. */
static void
update_send (DgLetterWindow *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "letter.send",
                                 self->ready && !self->sending && self->letter != NULL && self->letter->recipient != NULL);
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
  update_send (self);
}

static void
render (DgLetterWindow *self)
{
  guint selected = gtk_drop_down_get_selected (self->language);

  self->ready = FALSE;
  update_send (self);
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
saved (GObject      *object,
       GAsyncResult *result,
       gpointer      format)
{
  DgLetterWindow *self = DG_LETTER_WINDOW (object);
  g_autoptr(GError) error = NULL;

  dg_letter_files_write_finish (result, &error);
  if (error != NULL)
    toast (self, error->message);
  else if (GPOINTER_TO_INT (format) == DG_LETTER_SAVE_EML)
    toast (self, _("E-mail file saved: open it in your mail program to send it"));
  else
    toast (self, _("PDF letter saved"));
}

void
dg_letter_window_save_to (DgLetterWindow     *self,
                          DgLetterSaveFormat  format,
                          GFile              *file)
{
  g_autoptr(GPtrArray) letters = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (DG_IS_LETTER_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  if (self->letter == NULL)
    return;
  letters = g_ptr_array_new ();
  g_ptr_array_add (letters, self->letter);
  path = g_file_get_path (file);
  /* The hub's e-mail address: the one given, or the database's, with the
   * letter. The window is held until the outcome is told. */
  dg_letter_files_write_async (self, letters, format == DG_LETTER_SAVE_EML ? DG_LETTER_FILES_EML : DG_LETTER_FILES_PDF,
                               path, NULL,
                               self->hub != NULL ? g_hash_table_lookup (self->hub, "hub.email") : self->letter->from,
                               saved, GINT_TO_POINTER (format));
}

static void
chosen (GObject  *owner,
        GFile    *file,
        gpointer  format)
{
  dg_letter_window_save_to (DG_LETTER_WINDOW (owner), GPOINTER_TO_INT (format), file);
}

static void
save (DgLetterWindow     *self,
      DgLetterSaveFormat  format)
{
  static const char * const extensions[] = { [DG_LETTER_SAVE_EML] = "eml", [DG_LETTER_SAVE_PDF] = "pdf" };
  g_autofree char *name = NULL;

  if (self->letter == NULL)
    return;
  name = g_strdup_printf ("%s-%s.%s", self->letter->reference, self->kind, extensions[format]);
  dg_choose_file (GTK_WIDGET (self), _("Save Letter"), GTK_FILE_CHOOSER_ACTION_SAVE, name, NULL, NULL,
                  chosen, self, GINT_TO_POINTER (format), NULL);
}

static void
save_eml_action (GtkWidget *widget, const char *name, GVariant *param)
{
  save (DG_LETTER_WINDOW (widget), DG_LETTER_SAVE_EML);
}

static void
save_pdf_action (GtkWidget *widget, const char *name, GVariant *param)
{
  save (DG_LETTER_WINDOW (widget), DG_LETTER_SAVE_PDF);
}

static void
begin_print (GtkPrintOperation *op,
             GtkPrintContext   *context,
             DgLetterWindow    *self)
{
  PangoContext *pango = gtk_print_context_create_pango_context (context);
  g_autoptr(GBytes) logo = dg_rendered_letter_get_logo (self->letter);
  DgLetter *letter = dg_letter_new_with_logo (pango, self->letter->body, logo,
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
  const char *method = methods[gtk_drop_down_get_selected (self->method)];

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

/* ---- Sending by e-mail ------------------------------------------------------- */

static void
sent_by_mail (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(DgLetterWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(DgOutboxLetter) letter = dg_service_send_letter_finish (DG_SERVICE (object), result, &error);

  self->sending = FALSE;
  update_send (self);
  if (letter == NULL)
    {
      /* Nothing was queued: no address, no server, or one already waiting. */
      toast (self, error->message);
      return;
    }
  /* The outbox changed either way: the lists follow. */
  g_signal_emit (self, signals[SENT], 0);
  if (g_str_equal (letter->state, "sent"))
    {
      gtk_window_destroy (GTK_WINDOW (self));
      return;
    }
  {
    g_autofree char *message = g_strdup_printf (_("Not delivered: %s. The letter stays in the outbox and is tried again by itself."),
                                                letter->error ? letter->error : _("no reason given"));
    toast (self, message);
  }
}

static void
send_response (AdwMessageDialog *dialog,
               const char       *response,
               DgLetterWindow   *self)
{
  GtkWidget *attach = adw_message_dialog_get_extra_child (dialog);
  guint selected = gtk_drop_down_get_selected (self->language);

  if (g_strcmp0 (response, "send") != 0 || self->letter == NULL || self->sending)
    return;
  self->sending = TRUE;
  update_send (self);
  dg_service_send_letter_async (self->service, self->referral_id, self->kind,
                                languages[MIN (selected, G_N_ELEMENTS (languages) - 1)],
                                gtk_check_button_get_active (GTK_CHECK_BUTTON (attach)),
                                sent_by_mail, g_object_ref (self));
}

static void
send_action (GtkWidget *widget, const char *name, GVariant *param)
{
  DgLetterWindow *self = DG_LETTER_WINDOW (widget);
  g_autofree char *body = NULL;
  GtkWidget *dialog, *attach;

  if (self->letter == NULL || self->letter->recipient == NULL || self->sending)
    return;
  body = g_strdup_printf (_("To %s, through the hub's mail server. The exact message sent is kept with the referral."),
                          self->letter->recipient);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Send the Letter?"), body);
  attach = gtk_check_button_new_with_mnemonic (_("_Attach the letter as a PDF"));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (attach), TRUE);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), attach);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "send", _("_Send"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "send", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "send");
  g_signal_connect (dialog, "response", G_CALLBACK (send_response), self);
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
  gtk_widget_dispose_template (GTK_WIDGET (self), DG_TYPE_LETTER_WINDOW);

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
  gtk_widget_class_install_action (widget_class, "letter.send", NULL, send_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK, "letter.print", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/diogelu/Diogelu/ui/dg-letter-window.ui");
  gtk_widget_class_bind_template_child (widget_class, DgLetterWindow, toasts);
  gtk_widget_class_bind_template_child (widget_class, DgLetterWindow, text);
  gtk_widget_class_bind_template_child (widget_class, DgLetterWindow, language);
  gtk_widget_class_bind_template_child (widget_class, DgLetterWindow, method);
  gtk_widget_class_bind_template_child (widget_class, DgLetterWindow, sent_button);
  gtk_widget_class_bind_template_callback (widget_class, render);
}

static void
dg_letter_window_init (DgLetterWindow *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  dg_help_install (GTK_WINDOW (self), "letters");
  update_send (self);
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
  self->hub = hub ? g_hash_table_ref (hub) : NULL;
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
