/* A school's outcome letters at once, for the education liaison worker. */

#include "config.h"

#include <glib/gi18n.h>

#include "dg-chooser.h"
#include "dg-batch-window.h"
#include "dg-letter-files.h"
#include "dg-vocab.h"
#include "dg-help.h"

struct _DgBatchWindow
{
  AdwWindow        parent_instance;

  AdwToastOverlay *toasts;
  AdwWindowTitle  *window_title;
  GtkStack        *stack;
  AdwStatusPage   *empty_page;
  GtkListBox      *list;
  GtkWidget       *action_bar;

  DgService       *service;
  char            *organisation;
  GHashTable      *hub;
  GCancellable    *cancellable;
  GPtrArray       *letters;     /* DgRenderedLetter, as they arrive */
  int              expected;    /* -1 until the owed list is read */
  guint            failed;
  guint            marked;
  guint            n_sent;
  guint            busy;        /* saves and marks under way */
};

G_DEFINE_FINAL_TYPE (DgBatchWindow, dg_batch_window, ADW_TYPE_WINDOW)

enum { SENT, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
toast (DgBatchWindow *self,
       const char    *text)
{
  adw_toast_overlay_add_toast (self->toasts, adw_toast_new (text));
}

static gboolean
complete (DgBatchWindow *self)
{
  return self->expected > 0 && self->letters->len == (guint) self->expected;
}

/* The buttons act on every letter owed, so only once all have arrived and
 * while nothing else is being done with them. */
static void
update_actions (DgBatchWindow *self)
{
  gboolean ready = complete (self) && self->busy == 0;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "batch.save-pdf", ready);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "batch.save-emails", ready);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "batch.mark-sent", ready);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "batch.send", ready);
}

/* ---- Loading ------------------------------------------------------------------------ */

static void
add_row (DgBatchWindow          *self,
         const DgRenderedLetter *letter)
{
  GtkWidget *row = adw_expander_row_new ();
  GtkWidget *label = gtk_label_new (letter->body);
  g_autofree char *title = g_strdup_printf ("%s · %s", letter->reference, dg_vocab_label (DG_VOCAB_LANGUAGE, letter->language));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), letter->subject);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_end (label, 12);
  gtk_widget_set_margin_top (label, 12);
  gtk_widget_set_margin_bottom (label, 12);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), label);
  gtk_list_box_append (self->list, row);
}

static void
letter_rendered (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(DgBatchWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  DgRenderedLetter *letter = dg_service_render_letter_finish (DG_SERVICE (object), result, &error);

  if (letter == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *message = g_strdup_printf (_("A letter could not be prepared: %s"), error->message);
          self->failed++;
          toast (self, message);
        }
      return;
    }
  g_ptr_array_add (self->letters, letter);
  add_row (self, letter);
  update_actions (self);
}

static void
owed_read (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(DgBatchWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) owed = dg_service_owed_finish (DG_SERVICE (object), result, &error);

  if (owed == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      adw_status_page_set_title (self->empty_page, _("The Letters Cannot Be Read"));
      adw_status_page_set_description (self->empty_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      gtk_widget_set_visible (self->action_bar, FALSE);
      return;
    }

  self->expected = 0;
  for (guint i = 0; i < owed->len; i++)
    {
      const DgOwedLetter *o = g_ptr_array_index (owed, i);

      if (g_strcmp0 (o->kind, "outcome") != 0)
        continue;
      self->expected++;
      dg_service_render_letter_async (self->service, o->referral, "outcome", NULL, self->hub, self->cancellable,
                                      letter_rendered, g_object_ref (self));
    }
  if (self->expected == 0)
    {
      /* Asked twice, or after the letters went: say so, never an empty list. */
      g_autofree char *description = g_strdup_printf (_("Every outcome letter owed to %s has been sent. "
                                                        "New ones appear here once their referrals are decided."),
                                                      self->organisation);
      adw_status_page_set_description (self->empty_page, description);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      gtk_widget_set_visible (self->action_bar, FALSE);
      return;
    }
  gtk_stack_set_visible_child_name (self->stack, "letters");
  update_actions (self);
}

/* ---- Saving ------------------------------------------------------------------------- */

static void
saved (GObject      *object,
       GAsyncResult *result,
       gpointer      emails)
{
  DgBatchWindow *self = DG_BATCH_WINDOW (object);
  g_autoptr(GError) error = NULL;
  guint written = dg_letter_files_write_finish (result, &error);

  self->busy--;
  update_actions (self);
  if (error != NULL)
    toast (self, error->message);
  else if (GPOINTER_TO_INT (emails))
    {
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u e-mail file saved", "%u e-mail files saved",
                                                            written), written);
      toast (self, text);
    }
  else
    {
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "PDF saved with %u letter",
                                                            "PDF saved with %u letters", written), written);
      toast (self, text);
    }
}

static void
save (DgBatchWindow *self,
      GFile         *file,
      gboolean       emails)
{
  g_autofree char *path = NULL;
  const char *from = NULL;

  g_return_if_fail (G_IS_FILE (file));
  if (!complete (self) || self->busy > 0)
    return;
  path = g_file_get_path (file);
  /* The hub's e-mail address: the one given, or the database's, with the letters. */
  if (self->hub != NULL)
    from = g_hash_table_lookup (self->hub, "hub.email");
  else if (self->letters->len > 0)
    from = ((DgRenderedLetter *) g_ptr_array_index (self->letters, 0))->from;
  self->busy++;
  update_actions (self);
  dg_letter_files_write_async (self, self->letters, emails ? DG_LETTER_FILES_EML_EACH : DG_LETTER_FILES_PDF_ALL, path,
                               adw_window_title_get_title (self->window_title), from, saved, GINT_TO_POINTER (emails));
}

void
dg_batch_window_save_pdf (DgBatchWindow *self,
                          GFile         *file)
{
  g_return_if_fail (DG_IS_BATCH_WINDOW (self));
  save (self, file, FALSE);
}

void
dg_batch_window_save_emails (DgBatchWindow *self,
                             GFile         *folder)
{
  g_return_if_fail (DG_IS_BATCH_WINDOW (self));
  save (self, folder, TRUE);
}

static void
chosen (GObject  *owner,
        GFile    *file,
        gpointer  emails)
{
  save (DG_BATCH_WINDOW (owner), file, GPOINTER_TO_INT (emails));
}

static void
choose (DgBatchWindow *self,
        gboolean       emails)
{
  g_autofree char *name = emails ? NULL : g_strdup_printf (_("Outcomes for %s.pdf"), self->organisation);

  if (name != NULL)
    g_strdelimit (name, "/\\", '-');
  dg_choose_file (GTK_WIDGET (self), emails ? _("Save E-mails in a Folder") : _("Save Letters as PDF"),
                  emails ? GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER : GTK_FILE_CHOOSER_ACTION_SAVE, name, NULL, NULL,
                  chosen, self, GINT_TO_POINTER (emails), NULL);
}

static void
save_pdf_action (GtkWidget *widget, const char *name, GVariant *param)
{
  choose (DG_BATCH_WINDOW (widget), FALSE);
}

static void
save_emails_action (GtkWidget *widget, const char *name, GVariant *param)
{
  choose (DG_BATCH_WINDOW (widget), TRUE);
}

/* ---- Marking as sent ---------------------------------------------------------------- */

static void
letter_marked (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(DgBatchWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!dg_service_mark_sent_finish (DG_SERVICE (object), result, &error))
    {
      g_autofree char *message = g_strdup_printf (_("A letter could not be recorded as sent: %s"), error->message);
      self->failed++;
      toast (self, message);
    }
  if (++self->marked < self->letters->len)
    return;
  self->busy--;
  g_signal_emit (self, signals[SENT], 0);
  /* Every letter recorded: the batch is done. One that failed keeps the
   * window open, with what went wrong on screen. */
  if (self->failed == 0)
    gtk_window_close (GTK_WINDOW (self));
  else
    update_actions (self);
}

static void
mark_confirmed (AdwMessageDialog *dialog,
                const char       *response,
                DgBatchWindow    *self)
{
  if (g_strcmp0 (response, "sent") != 0 || !complete (self) || self->busy > 0)
    return;
  self->busy++;
  self->marked = 0;
  self->failed = 0;
  update_actions (self);
  for (guint i = 0; i < self->letters->len; i++)
    dg_service_mark_sent_async (self->service, g_ptr_array_index (self->letters, i), "eml", "secure-email",
                                letter_marked, g_object_ref (self));
}

static void
mark_sent_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  DgBatchWindow *self = DG_BATCH_WINDOW (widget);
  g_autofree char *body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                        "%u letter will be recorded as sent by secure email, with its exact text. This cannot be undone.",
                                                        "%u letters will be recorded as sent by secure email, each with its exact text. This cannot be undone.",
                                                        self->letters->len), self->letters->len);
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Mark All as Sent?"), body);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "sent", _("_Mark All as Sent"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "sent", ADW_RESPONSE_SUGGESTED);
  g_signal_connect_object (dialog, "response", G_CALLBACK (mark_confirmed), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- Sending them all by e-mail ---------------------------------------------------------- */

static void
letter_sent (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(DgBatchWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(DgOutboxLetter) letter = dg_service_send_letter_finish (DG_SERVICE (object), result, &error);
  g_autofree char *summary = NULL;
  GtkWidget *dialog;

  if (letter != NULL && g_str_equal (letter->state, "sent"))
    self->n_sent++;
  else
    self->failed++;
  if (++self->marked < self->letters->len)
    return;
  self->busy--;
  g_signal_emit (self, signals[SENT], 0);
  /* One summary for the batch: how many went, how many wait to be tried again. */
  summary = self->failed == 0
    ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u letter was sent.", "All %u letters were sent.", self->n_sent), self->n_sent)
    : g_strdup_printf (_("%u sent, %u not sent. Those not sent stay in the outbox and are tried again by themselves; "
                         "Notifications shows each one and why."), self->n_sent, self->failed);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), self->failed == 0 ? _("Letters Sent") : _("Some Letters Were Not Sent"), summary);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  if (self->failed == 0)
    g_signal_connect_object (dialog, "response", G_CALLBACK (gtk_window_close), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
  update_actions (self);
}

static void
send_confirmed (AdwMessageDialog *dialog,
                const char       *response,
                DgBatchWindow    *self)
{
  if (g_strcmp0 (response, "send") != 0 || !complete (self) || self->busy > 0)
    return;
  self->busy++;
  self->marked = 0;
  self->failed = 0;
  self->n_sent = 0;
  update_actions (self);
  for (guint i = 0; i < self->letters->len; i++)
    {
      const DgRenderedLetter *letter = g_ptr_array_index (self->letters, i);

      dg_service_send_letter_async (self->service, letter->referral, "outcome", letter->language, TRUE,
                                    letter_sent, g_object_ref (self));
    }
}

static void
send_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  DgBatchWindow *self = DG_BATCH_WINDOW (widget);
  g_autofree char *body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                        "%u letter will be sent through the hub's mail server, with the letter attached as a PDF.",
                                                        "%u letters will be sent through the hub's mail server, each with the letter attached as a PDF.",
                                                        self->letters->len), self->letters->len);
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Send All by E-mail?"), body);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "send", _("_Send All"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "send", ADW_RESPONSE_SUGGESTED);
  g_signal_connect_object (dialog, "response", G_CALLBACK (send_confirmed), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- The object --------------------------------------------------------------------- */

GPtrArray *
dg_batch_window_get_letters (DgBatchWindow *self)
{
  g_return_val_if_fail (DG_IS_BATCH_WINDOW (self), NULL);
  return self->letters;
}

int
dg_batch_window_get_expected (DgBatchWindow *self)
{
  g_return_val_if_fail (DG_IS_BATCH_WINDOW (self), -1);
  return self->expected;
}

static void
dg_batch_window_dispose (GObject *object)
{
  DgBatchWindow *self = DG_BATCH_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), DG_TYPE_BATCH_WINDOW);
  G_OBJECT_CLASS (dg_batch_window_parent_class)->dispose (object);
}

static void
dg_batch_window_finalize (GObject *object)
{
  DgBatchWindow *self = DG_BATCH_WINDOW (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->service);
  g_free (self->organisation);
  g_clear_pointer (&self->hub, g_hash_table_unref);
  g_ptr_array_unref (self->letters);
  G_OBJECT_CLASS (dg_batch_window_parent_class)->finalize (object);
}

static void
dg_batch_window_class_init (DgBatchWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dg_batch_window_dispose;
  object_class->finalize = dg_batch_window_finalize;

  signals[SENT] = g_signal_new ("sent", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/diogelu/Diogelu/ui/dg-batch-window.ui");
  gtk_widget_class_bind_template_child (widget_class, DgBatchWindow, toasts);
  gtk_widget_class_bind_template_child (widget_class, DgBatchWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, DgBatchWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, DgBatchWindow, empty_page);
  gtk_widget_class_bind_template_child (widget_class, DgBatchWindow, list);
  gtk_widget_class_bind_template_child (widget_class, DgBatchWindow, action_bar);
  gtk_widget_class_install_action (widget_class, "batch.save-pdf", NULL, save_pdf_action);
  gtk_widget_class_install_action (widget_class, "batch.save-emails", NULL, save_emails_action);
  gtk_widget_class_install_action (widget_class, "batch.mark-sent", NULL, mark_sent_action);
  gtk_widget_class_install_action (widget_class, "batch.send", NULL, send_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "batch.save-pdf", NULL);
}

static void
dg_batch_window_init (DgBatchWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  dg_help_install (GTK_WINDOW (self), "letters");
  self->cancellable = g_cancellable_new ();
  self->letters = g_ptr_array_new_with_free_func ((GDestroyNotify) dg_rendered_letter_free);
  self->expected = -1;
  update_actions (self);
}

DgBatchWindow *
dg_batch_window_new (DgService  *service,
                     const char *organisation,
                     GHashTable *hub)
{
  DgBatchWindow *self = g_object_new (DG_TYPE_BATCH_WINDOW, NULL);
  g_autofree char *title = g_strdup_printf (_("Outcomes for %s"), organisation);

  self->service = g_object_ref (service);
  self->organisation = g_strdup (organisation);
  self->hub = hub ? g_hash_table_ref (hub) : NULL;
  gtk_window_set_title (GTK_WINDOW (self), title);
  adw_window_title_set_title (self->window_title, title);
  dg_service_owed_async (service, organisation, self->cancellable, owed_read, g_object_ref (self));
  return self;
}
