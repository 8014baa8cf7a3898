#include "config.h"

#include <glib/gi18n.h>

#include "dg-format.h"
#include "dg-service.h"
#include "dg-batch-window.h"
#include "dg-letter-window.h"
#include "dg-notifications-page.h"
#include "dg-vocab.h"

struct _DgNotificationsPage
{
  GtkWidget      parent_instance;

  GtkStack      *stack;
  AdwStatusPage *error_page;
  GtkBox        *content;
  GtkWidget     *batch_button;
  GtkDropDown   *organisations;
  GtkStringList *organisation_names;

  DgService     *service;
  GCancellable  *cancellable;
  GPtrArray     *owed;     /* DgOwedLetter */
  GHashTable    *failed;   /* "referral:kind" → DgOutboxLetter not delivered */
  gboolean       loaded;
};

/* Rows are widgets: a screenful of letters, oldest first, keeps the page light. */
#define MAX_ROWS 150

G_DEFINE_FINAL_TYPE (DgNotificationsPage, dg_notifications_page, GTK_TYPE_WIDGET)

enum { OWED, FAILED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
open_letter (GtkWidget           *button,
             DgNotificationsPage *self)
{
  gint64 *id = g_object_get_data (G_OBJECT (button), "dg-id");
  const char *kind = g_object_get_data (G_OBJECT (button), "dg-kind");
  /* The letterhead is the hub's own, from the database. */
  DgLetterWindow *window = dg_letter_window_new (self->service, *id, kind, NULL);

  gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))));
  gtk_window_set_modal (GTK_WINDOW (window), TRUE);
  g_signal_connect_object (window, "sent", G_CALLBACK (dg_notifications_page_reload), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (window));
}

static const char *
selected_organisation (DgNotificationsPage *self)
{
  guint selected = gtk_drop_down_get_selected (self->organisations);

  if (selected == 0 || selected == GTK_INVALID_LIST_POSITION)
    return NULL;
  return gtk_string_list_get_string (self->organisation_names, selected);
}

/* ---- A school's outcomes at once -------------------------------------------------- */

static void
batch_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  DgNotificationsPage *self = DG_NOTIFICATIONS_PAGE (widget);
  const char *organisation = selected_organisation (self);
  DgBatchWindow *window;

  if (organisation == NULL)
    return;
  window = dg_batch_window_new (self->service, organisation, NULL);
  gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (gtk_widget_get_root (widget)));
  g_signal_connect_object (window, "sent", G_CALLBACK (dg_notifications_page_reload), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (window));
}

/* ---- Letters not delivered ----------------------------------------------------------- */

static void
retried (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(DgNotificationsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(DgOutboxLetter) letter = dg_service_retry_letter_finish (DG_SERVICE (object), result, &error);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  /* The page follows the service's news; a refusal is said where it was asked. */
  if (letter == NULL && ADW_IS_APPLICATION_WINDOW (root))
    {
      GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (root), _("The Letter Was Not Sent"), error->message);

      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
    }
  dg_notifications_page_reload (self);
}

static void
retry_clicked (GtkButton           *button,
               DgNotificationsPage *self)
{
  const DgOutboxLetter *letter = g_object_get_data (G_OBJECT (button), "dg-letter");

  gtk_widget_set_sensitive (GTK_WIDGET (button), FALSE);
  dg_service_retry_letter_async (self->service, letter->id, letter->referral, retried, g_object_ref (self));
}

static char *
failed_key (gint64      referral,
            const char *kind)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT ":%s", referral, kind);
}

/* ---- The list ----------------------------------------------------------------------- */

static void
render_list (DgNotificationsPage *self)
{
  g_autoptr(GHashTable) groups = g_hash_table_new (g_str_hash, g_str_equal);
  const char *only = selected_organisation (self);
  guint shown = 0, matching = 0;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->content))) != NULL)
    gtk_box_remove (self->content, child);

  for (guint i = 0; i < self->owed->len; i++)
    {
      const DgOwedLetter *o = g_ptr_array_index (self->owed, i);
      const char *organisation = o->organisation;
      const char *key = organisation ? organisation : "";
      const char *kind = o->kind;
      GtkWidget *group, *row, *open;
      g_autofree char *received = NULL, *title = NULL, *subtitle = NULL;

      if (only != NULL && g_strcmp0 (organisation, only) != 0)
        continue;
      matching++;
      if (shown >= MAX_ROWS)
        continue;
      shown++;

      group = g_hash_table_lookup (groups, key);
      received = dg_format_time (o->received_at);
      title = g_strdup_printf ("%s · %s", o->reference, g_str_equal (kind, "outcome") ? _("Outcome") : _("Acknowledgement"));
      subtitle = g_strdup_printf (_("%s · letters in %s · received %s"),
                                  o->reporter && *o->reporter ? o->reporter : _("Anonymous"),
                                  dg_vocab_label (DG_VOCAB_LANGUAGE, o->language), received);
      row = adw_action_row_new ();
      open = gtk_button_new_with_label (_("Open Letter…"));

      if (group == NULL)
        {
          group = adw_preferences_group_new ();
          adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), organisation ? organisation : _("No organisation"));
          gtk_box_append (self->content, group);
          g_hash_table_insert (groups, (gpointer) key, group);
        }
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_widget_set_valign (open, GTK_ALIGN_CENTER);
      g_object_set_data_full (G_OBJECT (open), "dg-id", g_memdup2 (&o->referral, sizeof o->referral), g_free);
      g_object_set_data_full (G_OBJECT (open), "dg-kind", g_strdup (kind), g_free);
      g_signal_connect (open, "clicked", G_CALLBACK (open_letter), self);
      {
        g_autofree char *letter_key = failed_key (o->referral, kind);
        const DgOutboxLetter *failed = self->failed ? g_hash_table_lookup (self->failed, letter_key) : NULL;

        /* Sent by e-mail but not delivered: why, and a way to try now. */
        if (failed != NULL)
          {
            g_autofree char *why = g_strdup_printf (_("Not delivered: %s"), failed->error ? failed->error : _("no reason given"));
            g_autofree char *both = g_strdup_printf ("%s\n%s", subtitle, why);
            GtkWidget *retry = gtk_button_new_with_mnemonic (_("_Try Again"));

            adw_action_row_set_subtitle (ADW_ACTION_ROW (row), both);
            gtk_widget_add_css_class (row, "error");
            gtk_widget_set_valign (retry, GTK_ALIGN_CENTER);
            g_object_set_data (G_OBJECT (retry), "dg-letter", (gpointer) failed);
            g_signal_connect (retry, "clicked", G_CALLBACK (retry_clicked), self);
            adw_action_row_add_suffix (ADW_ACTION_ROW (row), retry);
          }
      }
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), open);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
    }

  if (matching > shown)
    {
      g_autofree char *text = g_strdup_printf (_("The oldest %u of %u letters owed are shown. Choose an organisation above to see its letters."),
                                               shown, matching);
      GtkWidget *label = gtk_label_new (text);

      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_add_css_class (label, "dim-label");
      gtk_box_prepend (self->content, label);
    }
  gtk_widget_set_sensitive (self->batch_button, only != NULL);
}

/* g_ptr_array_sort () hands over pointers to the elements. */
static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

static void
failed_loaded (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  DgNotificationsPage *self = user_data;
  g_autoptr(GError) error = NULL;
  GPtrArray *failed = dg_service_outbox_finish (DG_SERVICE (object), result, &error);

  if (failed == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_pointer (&self->failed, g_hash_table_unref);
  self->failed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) dg_outbox_letter_free);
  /* Newest first: the first of each referral and kind is the one that counts. */
  for (guint i = 0; failed != NULL && i < failed->len; i++)
    {
      DgOutboxLetter *letter = g_ptr_array_index (failed, i);
      char *key = failed_key (letter->referral, letter->kind);

      if (!g_hash_table_contains (self->failed, key))
        g_hash_table_insert (self->failed, key, dg_outbox_letter_copy (letter));
      else
        g_free (key);
    }
  g_clear_pointer (&failed, g_ptr_array_unref);

  render_list (self);
  gtk_stack_set_visible_child_name (self->stack, self->owed->len ? "list" : "empty");
  self->loaded = TRUE;
  g_signal_emit (self, signals[OWED], 0, self->owed->len);
  g_signal_emit (self, signals[FAILED], 0, g_hash_table_size (self->failed));
}

static void
owed_loaded (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  DgNotificationsPage *self = user_data;
  g_autoptr(GError) error = NULL;
  GPtrArray *owed = dg_service_owed_finish (DG_SERVICE (object), result, &error);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autofree char *kept = NULL;
  guint position = 0;

  if (owed == NULL)
    {
      /* A cancelled load belongs to a page that may be gone. */
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
      return;
    }
  g_clear_pointer (&self->owed, g_ptr_array_unref);
  self->owed = owed;

  /* The organisations with letters owed, for the school batch. */
  for (guint i = 0; i < owed->len; i++)
    {
      const char *organisation = ((const DgOwedLetter *) g_ptr_array_index (owed, i))->organisation;
      if (organisation != NULL && g_hash_table_add (seen, (gpointer) organisation))
        g_ptr_array_add (names, (gpointer) organisation);
    }
  kept = g_strdup (selected_organisation (self));
  g_ptr_array_sort (names, compare_strings);
  g_signal_handlers_block_matched (self->organisations, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
  gtk_string_list_splice (self->organisation_names, 1,
                          g_list_model_get_n_items (G_LIST_MODEL (self->organisation_names)) - 1, NULL);
  for (guint i = 0; i < names->len; i++)
    {
      gtk_string_list_append (self->organisation_names, g_ptr_array_index (names, i));
      if (g_strcmp0 (kept, g_ptr_array_index (names, i)) == 0)
        position = i + 1;
    }
  gtk_drop_down_set_selected (self->organisations, position);
  g_signal_handlers_unblock_matched (self->organisations, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);

  dg_service_outbox_async (self->service, TRUE, 0, self->cancellable, failed_loaded, self);
}

void
dg_notifications_page_reload (DgNotificationsPage *self)
{
  if (self->service == NULL)
    return;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->loaded = FALSE;
  dg_service_owed_async (self->service, NULL, self->cancellable, owed_loaded, self);
}

gboolean
dg_notifications_page_is_loaded (DgNotificationsPage *self)
{
  return self->loaded;
}

static void
organisation_changed (DgNotificationsPage *self)
{
  if (self->owed != NULL)
    render_list (self);
}

static void
dg_notifications_page_dispose (GObject *object)
{
  DgNotificationsPage *self = (DgNotificationsPage *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->service);
  g_clear_pointer (&self->owed, g_ptr_array_unref);
  g_clear_pointer (&self->failed, g_hash_table_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), DG_TYPE_NOTIFICATIONS_PAGE);
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL;)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (dg_notifications_page_parent_class)->dispose (object);
}

static void
dg_notifications_page_class_init (DgNotificationsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dg_notifications_page_dispose;
  gtk_widget_class_install_action (widget_class, "notifications.batch", NULL, batch_action);

  signals[OWED] = g_signal_new ("owed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                G_TYPE_NONE, 1, G_TYPE_UINT);
  /* How many letters sent by e-mail were not delivered. */
  signals[FAILED] = g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                  G_TYPE_NONE, 1, G_TYPE_UINT);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/diogelu/Diogelu/ui/dg-notifications-page.ui");
  gtk_widget_class_bind_template_child (widget_class, DgNotificationsPage, organisations);
  gtk_widget_class_bind_template_child (widget_class, DgNotificationsPage, organisation_names);
  gtk_widget_class_bind_template_child (widget_class, DgNotificationsPage, batch_button);
  gtk_widget_class_bind_template_child (widget_class, DgNotificationsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, DgNotificationsPage, content);
  gtk_widget_class_bind_template_child (widget_class, DgNotificationsPage, error_page);
  gtk_widget_class_bind_template_callback (widget_class, organisation_changed);
}

static void
dg_notifications_page_init (DgNotificationsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

void
dg_notifications_page_set_service (DgNotificationsPage *self,
                                   DgService           *service)
{
  g_set_object (&self->service, service);
  dg_notifications_page_reload (self);
}
