#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* GtkShortcutsWindow heads itself with GTK's own "Shortcuts", which has no
 * Welsh translation: the header shows the window's title (our translated
 * "Keyboard Shortcuts") instead, so no title stays English. */
void dg_titles_shortcuts (GtkApplicationWindow *window);

G_END_DECLS
