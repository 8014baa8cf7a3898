#include "config.h"

#include <glib/gi18n.h>

#include "dg-discard.h"

#define CONFIRMED "dg-discard-confirmed"

static gboolean
close_later (gpointer data)
{
  gtk_window_close (GTK_WINDOW (data));
  return G_SOURCE_REMOVE;
}

static void
responded (AdwMessageDialog *dialog,
           const char       *response,
           GtkWindow        *window)
{
  if (g_strcmp0 (response, "discard") != 0)
    return;
  g_object_set_data (G_OBJECT (window), CONFIRMED, GINT_TO_POINTER (TRUE));
  /* Closed once the question has finished closing: it belongs to the window. */
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, close_later, g_object_ref (window), g_object_unref);
}

gboolean
dg_discard_ask (GtkWindow  *window,
                const char *heading,
                const char *body)
{
  GtkWidget *dialog;

  g_return_val_if_fail (GTK_IS_WINDOW (window), FALSE);

  if (g_object_get_data (G_OBJECT (window), CONFIRMED) != NULL)
    return FALSE;
  dialog = adw_message_dialog_new (window, heading, body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "keep", _("_Keep Editing"),
                                    "discard", _("_Discard"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "discard", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "keep");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "keep");
  g_signal_connect_object (dialog, "response", G_CALLBACK (responded), window, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  return TRUE;
}
