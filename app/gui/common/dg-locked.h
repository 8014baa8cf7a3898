#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Shows @widget as set by the administrator when @key of @settings is
 * locked (dconf's locks; g_settings_is_writable() FALSE): insensitive,
 * its tooltip "Set by your administrator", and follows the lock as it
 * changes. Returns whether it is locked now. */
gboolean dg_settings_show_locked (GSettings  *settings,
                                  const char *key,
                                  GtkWidget  *widget);

G_END_DECLS
