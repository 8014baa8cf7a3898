#include "config.h"

#include <glib/gi18n.h>

#include "dg-inhibit.h"

#define HOLD_KEY "dg-inhibit-logout"

typedef struct
{
  GtkApplication *app;
  guint           cookie;
} Hold;

static void
hold_free (gpointer data)
{
  Hold *hold = data;

  if (hold->cookie != 0)
    gtk_application_uninhibit (hold->app, hold->cookie);
  g_object_unref (hold->app);
  g_free (hold);
}

void
dg_inhibit_logout (GtkWindow *window,
                   gboolean   unsaved)
{
  GApplication *app = g_application_get_default ();
  Hold *hold;

  g_return_if_fail (GTK_IS_WINDOW (window));

  if (!unsaved)
    {
      g_object_set_data (G_OBJECT (window), HOLD_KEY, NULL);
      return;
    }
  if (g_object_get_data (G_OBJECT (window), HOLD_KEY) != NULL || !GTK_IS_APPLICATION (app) ||
      !g_application_get_is_registered (app))
    return;
  hold = g_new0 (Hold, 1);
  hold->app = GTK_APPLICATION (g_object_ref (app));
  /* Shown by the session when someone logs out: why not yet. */
  hold->cookie = gtk_application_inhibit (hold->app, window, GTK_APPLICATION_INHIBIT_LOGOUT,
                                          _("A referral or decision being typed in Diogelu has not been saved"));
  g_object_set_data_full (G_OBJECT (window), HOLD_KEY, hold, hold_free);
}

gboolean
dg_inhibit_logout_held (GtkWindow *window)
{
  g_return_val_if_fail (GTK_IS_WINDOW (window), FALSE);
  return g_object_get_data (G_OBJECT (window), HOLD_KEY) != NULL;
}
