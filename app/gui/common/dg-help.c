#include "config.h"

#include <glib/gi18n.h>

#include "dg-help.h"

#define PAGE_KEY "dg-help-page"

static char *last_uri;

const char *
dg_help_get_last_uri (void)
{
  return last_uri;
}

static void
shown (GObject      *object,
       GAsyncResult *result,
       gpointer      user_data)
{
  g_autoptr(GtkWindow) parent = user_data;
  g_autoptr(GError) error = NULL;
  GtkWidget *dialog;

  if (gtk_show_uri_full_finish (GTK_WINDOW (object), result, &error))
    return;
  g_debug ("The help could not be shown (%s %d)", g_quark_to_string (error->domain), error->code);
  dialog = adw_message_dialog_new (parent, _("The Help Could Not Be Opened"),
                                   _("Diogelu’s help is read in the Yelp help viewer: ask for the “yelp” package to be installed."));
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

void
dg_help_show (GtkWindow  *parent,
              const char *page)
{
  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));

  g_free (last_uri);
  last_uri = g_strconcat ("help:" GETTEXT_PACKAGE, page != NULL && *page != '\0' ? "/" : "",
                          page != NULL ? page : "", NULL);
  if (g_getenv ("DIOGELU_HELP_NO_LAUNCH") != NULL)
    return;
  gtk_show_uri_full (parent, last_uri, GDK_CURRENT_TIME, NULL, shown,
                     parent != NULL ? g_object_ref (parent) : NULL);
}

static gboolean
help_shortcut (GtkWidget *widget,
               GVariant  *args,
               gpointer   user_data)
{
  dg_help_show (GTK_WINDOW (widget), dg_help_get_page (GTK_WINDOW (widget)));
  return TRUE;
}

void
dg_help_install (GtkWindow  *window,
                 const char *page)
{
  GtkEventController *controller;

  g_return_if_fail (GTK_IS_WINDOW (window));
  g_return_if_fail (page != NULL);

  g_object_set_data (G_OBJECT (window), PAGE_KEY, (gpointer) page);
  controller = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (controller), GTK_SHORTCUT_SCOPE_MANAGED);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_F1, 0),
                                                          gtk_callback_action_new (help_shortcut, NULL, NULL)));
  gtk_widget_add_controller (GTK_WIDGET (window), controller);
}

const char *
dg_help_get_page (GtkWindow *window)
{
  g_return_val_if_fail (GTK_IS_WINDOW (window), NULL);
  return g_object_get_data (G_OBJECT (window), PAGE_KEY);
}
