/* One way to ask for a file, for every window that reads or writes one. */

#include "config.h"

#include <glib/gi18n.h>

#include "dg-chooser.h"

typedef struct
{
  DgFileChosenFunc  callback;
  GObject          *owner;
  gpointer          data;
  GDestroyNotify    destroy;
} Ask;

static void
answered (GtkNativeDialog *chooser,
          int              response,
          Ask             *ask)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (file != NULL)
        ask->callback (ask->owner, file, ask->data);
    }
  if (ask->destroy != NULL)
    ask->destroy (ask->data);
  g_object_unref (ask->owner);
  g_free (ask);
  g_object_unref (chooser);
}

void
dg_choose_file (GtkWidget            *over,
                const char           *title,
                GtkFileChooserAction  action,
                const char           *current_name,
                GtkFileFilter        *filter,
                GFile                *folder,
                DgFileChosenFunc      callback,
                gpointer              owner,
                gpointer              data,
                GDestroyNotify        destroy)
{
  GtkRoot *root = gtk_widget_get_root (over);
  GtkFileChooserNative *chooser;
  Ask *ask = g_new0 (Ask, 1);

  chooser = gtk_file_chooser_native_new (title, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, action,
                                         action == GTK_FILE_CHOOSER_ACTION_OPEN ? _("_Open") : _("_Save"),
                                         _("_Cancel"));
  if (current_name != NULL)
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), current_name);
  if (folder != NULL)
    gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), folder, NULL);
  if (filter != NULL)
    gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  ask->callback = callback;
  ask->owner = g_object_ref (owner);
  ask->data = data;
  ask->destroy = destroy;
  g_signal_connect (chooser, "response", G_CALLBACK (answered), ask);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}
