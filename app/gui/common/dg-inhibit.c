#include "config.h"

#include <glib/gi18n.h>

#include "dg-inhibit.h"

#define HOLD_KEY "dg-inhibit-logout"

static gboolean can_ask;  /* dg_inhibit_probe found someone to ask */

static void
portal_answered (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GVariant) reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (object), result, NULL);

  if (reply != NULL)
    can_ask = TRUE;
}

static void
names_listed (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  GDBusConnection *bus = G_DBUS_CONNECTION (object);
  g_autoptr(GVariant) reply = g_dbus_connection_call_finish (bus, result, NULL);
  g_autofree const char **names = NULL;

  if (reply == NULL)
    return;
  g_variant_get (reply, "(^a&s)", &names);
  if (g_strv_contains (names, "org.gnome.SessionManager") || g_strv_contains (names, "org.xfce.SessionManager"))
    {
      can_ask = TRUE;
      return;
    }
  g_dbus_connection_call (bus, "org.freedesktop.portal.Desktop", "/org/freedesktop/portal/desktop",
                          "org.freedesktop.DBus.Properties", "Get",
                          g_variant_new ("(ss)", "org.freedesktop.portal.Inhibit", "version"),
                          G_VARIANT_TYPE ("(v)"), G_DBUS_CALL_FLAGS_NONE, -1, NULL, portal_answered, NULL);
}

void
dg_inhibit_probe (GApplication *app)
{
  GDBusConnection *bus;

  g_return_if_fail (G_IS_APPLICATION (app));

  can_ask = FALSE;
  bus = g_application_get_dbus_connection (app);
  if (bus == NULL)
    return;
  g_dbus_connection_call (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus",
                          "ListNames", NULL, G_VARIANT_TYPE ("(as)"), G_DBUS_CALL_FLAGS_NONE, -1, NULL,
                          names_listed, NULL);
}

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
      !g_application_get_is_registered (app) || !can_ask)
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
