#include "config.h"

#include <glib/gi18n.h>

#include "dg-reason-dialog.h"

/* Breaking the glass (issue 25): a restricted record opens only with a
 * reason, which the view log keeps and managers see. */

typedef struct
{
  GtkEntry         *entry;
  DgReasonCallback  callback;
  gpointer          user_data;
} Ask;

static void
entry_changed (GtkEditable      *entry,
               AdwMessageDialog *dialog)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  adw_message_dialog_set_response_enabled (dialog, "open", *text != '\0');
}

static void
responded (AdwMessageDialog *dialog,
           const char       *response,
           Ask              *ask)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (ask->entry))));

  if (g_str_equal (response, "open") && *text != '\0')
    ask->callback (text, ask->user_data);
  g_free (ask);
}

void
dg_ask_reason (GtkWidget        *parent,
               DgReasonCallback  callback,
               gpointer          user_data)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (parent)), _("Restricted Record"),
                                              _("This record is restricted. Say why you need to open it: "
                                                "your reason is logged and shown to managers."));
  Ask *ask = g_new0 (Ask, 1);

  ask->entry = GTK_ENTRY (gtk_entry_new ());
  ask->callback = callback;
  ask->user_data = user_data;
  gtk_entry_set_placeholder_text (ask->entry, _("Reason"));
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), GTK_WIDGET (ask->entry));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "open", _("_Open"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "open", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "open", FALSE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect (ask->entry, "changed", G_CALLBACK (entry_changed), dialog);
  g_signal_connect (dialog, "response", G_CALLBACK (responded), ask);
  gtk_window_present (GTK_WINDOW (dialog));
}
