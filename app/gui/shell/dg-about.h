#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Shows the About window, its release notes read from the bundled metainfo. */
void dg_about_show (GtkWindow *parent);

G_END_DECLS
