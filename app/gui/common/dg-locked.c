#include "config.h"

#include <glib/gi18n.h>

#include "dg-locked.h"

static void
show (GSettings  *settings,
      const char *key,
      GtkWidget  *widget)
{
  gboolean locked = !g_settings_is_writable (settings, key);

  gtk_widget_set_sensitive (widget, !locked);
  gtk_widget_set_tooltip_text (widget, locked ? _("Set by your administrator") : NULL);
}

static void
writable_changed (GSettings  *settings,
                  const char *key,
                  GtkWidget  *widget)
{
  const char *watched = g_object_get_data (G_OBJECT (widget), "dg-locked-key");

  if (g_strcmp0 (key, watched) == 0)
    show (settings, key, widget);
}

gboolean
dg_settings_show_locked (GSettings  *settings,
                         const char *key,
                         GtkWidget  *widget)
{
  g_return_val_if_fail (G_IS_SETTINGS (settings), FALSE);
  g_return_val_if_fail (GTK_IS_WIDGET (widget), FALSE);

  g_object_set_data_full (G_OBJECT (widget), "dg-locked-key", g_strdup (key), g_free);
  g_signal_connect_object (settings, "writable-changed", G_CALLBACK (writable_changed), widget, 0);
  show (settings, key, widget);
  return !g_settings_is_writable (settings, key);
}
