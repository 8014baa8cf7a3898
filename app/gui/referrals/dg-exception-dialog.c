/* "Record Exception…" on a late clock (dg-exception-dialog.h). */

#include "config.h"

#include <glib/gi18n.h>

#include "dg-exception-dialog.h"
#include "dg-vocab.h"

typedef struct
{
  DgService *service;
  GtkWindow *parent;
  gint64     id;
  char      *clock;
  GtkWidget *reason, *approved_by;
} Ask;

static void
ask_free (Ask *ask)
{
  g_object_unref (ask->service);
  g_clear_object (&ask->parent);
  g_free (ask->clock);
  g_free (ask);
}

static void
ask_free_closure (gpointer  data,
                  GClosure *closure)
{
  ask_free (data);
}

static void
recorded (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GtkWindow) parent = user_data;
  g_autoptr(GError) error = NULL;
  GtkWidget *dialog;

  if (dg_service_clock_exception_finish (DG_SERVICE (object), result, &error))
    return;
  if (parent == NULL || !gtk_widget_get_visible (GTK_WIDGET (parent)))
    return;
  dialog = adw_message_dialog_new (parent, _("The Exception Was Not Recorded"), error->message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
responded (AdwMessageDialog *dialog,
           const char       *response,
           Ask              *ask)
{
  if (g_strcmp0 (response, "record") != 0)
    return;
  dg_service_clock_exception_async (ask->service, ask->id, ask->clock,
                                    gtk_editable_get_text (GTK_EDITABLE (ask->reason)),
                                    gtk_editable_get_text (GTK_EDITABLE (ask->approved_by)),
                                    recorded, ask->parent ? g_object_ref (ask->parent) : NULL);
}

/* Record only with both a reason and an approver. */
static void
typed (Ask *ask)
{
  GtkWidget *dialog = gtk_widget_get_ancestor (ask->reason, ADW_TYPE_MESSAGE_DIALOG);
  g_autofree char *why = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (ask->reason))));
  g_autofree char *who = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (ask->approved_by))));
  gboolean complete = *why != '\0' && *who != '\0';

  if (dialog != NULL)
    adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "record", complete);
}

void
dg_exception_dialog_present (GtkWindow  *parent,
                             DgService  *service,
                             gint64      id,
                             const char *clock)
{
  Ask *ask = g_new0 (Ask, 1);
  g_autofree char *body = g_strdup_printf (_("The %s timescale was not met. Say why, and name the senior manager who agreed "
                                             "it: the figures then count it apart, as late with an agreed exception."),
                                           dg_vocab_label (DG_VOCAB_CLOCK, clock));
  GtkWidget *dialog, *box;

  ask->service = g_object_ref (service);
  ask->parent = parent ? g_object_ref (parent) : NULL;
  ask->id = id;
  ask->clock = g_strdup (clock);
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  ask->reason = gtk_entry_new ();
  gtk_widget_set_name (ask->reason, "reason");
  gtk_entry_set_placeholder_text (GTK_ENTRY (ask->reason), _("Reason (e.g. the family asked for a later date)"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (ask->reason), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Reason"), -1);
  ask->approved_by = gtk_entry_new ();
  gtk_widget_set_name (ask->approved_by, "approved-by");
  gtk_entry_set_placeholder_text (GTK_ENTRY (ask->approved_by), _("Approving senior manager"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (ask->approved_by), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Approving senior manager"), -1);
  gtk_entry_set_activates_default (GTK_ENTRY (ask->approved_by), TRUE);
  gtk_box_append (GTK_BOX (box), ask->reason);
  gtk_box_append (GTK_BOX (box), ask->approved_by);

  dialog = adw_message_dialog_new (parent, _("Record an Agreed Exception"), body);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "record", _("_Record"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "record", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "record");
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "record", FALSE);
  g_signal_connect_swapped (ask->reason, "changed", G_CALLBACK (typed), ask);
  g_signal_connect_swapped (ask->approved_by, "changed", G_CALLBACK (typed), ask);
  g_signal_connect_data (dialog, "response", G_CALLBACK (responded), ask, (GClosureNotify) ask_free_closure, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}
