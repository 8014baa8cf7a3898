#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Called with the file (or folder) chosen; never when the person cancels. */
typedef void (*DgFileChosenFunc) (GObject  *owner,
                                  GFile    *file,
                                  gpointer  data);

/* Asks for a file in a modal chooser (the portal's where there is one) over
 * @over's window: @title, @action (open, save or a folder), the name offered
 * (@current_name, may be NULL), the files shown (@filter, may be NULL) and
 * where it starts (@folder, may be NULL). @owner is held, and @data kept
 * (freed with @destroy), until the answer, then @callback is called. */
void dg_choose_file (GtkWidget            *over,
                     const char           *title,
                     GtkFileChooserAction  action,
                     const char           *current_name,
                     GtkFileFilter        *filter,
                     GFile                *folder,
                     DgFileChosenFunc      callback,
                     gpointer              owner,
                     gpointer              data,
                     GDestroyNotify        destroy);

G_END_DECLS
