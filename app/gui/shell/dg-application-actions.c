#include "config.h"

#include <glib/gi18n.h>

#include "dg-about.h"
#include "dg-application-actions.h"
#include "dg-help.h"
#include "dg-preferences-window.h"
#include "dg-window.h"

static void
quit_action (GSimpleAction *action,
             GVariant      *param,
             gpointer       user_data)
{
  GApplication *app = user_data;
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (app));

  /* Close windows properly so each saves its size and its draft. */
  for (GList *l = windows; l != NULL; l = windows)
    {
      windows = l->next;
      gtk_window_close (GTK_WINDOW (l->data));
    }
}

/* The help page of what is in front: the main window's section, or the
 * page another window of Diogelu installed (dg_help_install). */
static void
help_action (GSimpleAction *action,
             GVariant      *param,
             gpointer       user_data)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (user_data));
  const char *page = NULL;

  if (DG_IS_WINDOW (window))
    page = dg_window_get_help_page (DG_WINDOW (window));
  else if (window != NULL)
    page = dg_help_get_page (window);
  dg_help_show (window, page);
}

/* A section of the main window (the "overdue" notification opens Due),
 * opening the window when the application was started for this alone. */
static void
show_section_action (GSimpleAction *action,
                     GVariant      *param,
                     gpointer       user_data)
{
  GtkApplication *app = user_data;
  GtkWindow *window = gtk_application_get_active_window (app);

  if (!DG_IS_WINDOW (window))
    {
      window = NULL;
      for (GList *l = gtk_application_get_windows (app); l != NULL && window == NULL; l = l->next)
        if (DG_IS_WINDOW (l->data))
          window = l->data;
    }
  if (window == NULL)
    window = GTK_WINDOW (dg_window_new (DG_APPLICATION (app)));
  dg_window_show_section (DG_WINDOW (window), g_variant_get_string (param, NULL));
  gtk_window_present (window);
}

/* Another window on the same database, in this process. */
static void
new_window_action (GSimpleAction *action,
                   GVariant      *param,
                   gpointer       user_data)
{
  gtk_window_present (GTK_WINDOW (dg_window_new (DG_APPLICATION (user_data))));
}

static void
about_action (GSimpleAction *action,
              GVariant      *param,
              gpointer       user_data)
{
  GtkApplication *app = user_data;

  dg_about_show (gtk_application_get_active_window (app));
}

/* Preferences, over the active window; at @page ("database", from the screen
 * that says the database could not be opened) when given. */
static void
open_preferences (DgApplication *self,
                  const char    *page)
{
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  GtkWindow *prefs = GTK_WINDOW (dg_preferences_window_new (self));

  if (page != NULL)
    adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (prefs), page);
  gtk_window_set_transient_for (prefs, parent);
  gtk_window_present (prefs);
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *param,
                    gpointer       user_data)
{
  open_preferences (user_data, NULL);
}

static void
preferences_page_action (GSimpleAction *action,
                         GVariant      *param,
                         gpointer       user_data)
{
  open_preferences (user_data, g_variant_get_string (param, NULL));
}

void
dg_application_install_actions (DgApplication *self)
{
  static const GActionEntry entries[] = {
    { "quit", quit_action },
    { "about", about_action },
    { "help", help_action },
    { "new-window", new_window_action },
    { "show-section", show_section_action, "s" },
    { "preferences", preferences_action },
    { "preferences-page", preferences_page_action, "s" },
  };
  static const struct {
    const char *action;
    const char *accels[3];
  } accels[] = {
    { "app.quit", { "<Control>q", NULL } },
    { "app.preferences", { "<Control>comma", NULL } },
    { "app.help", { "F1", NULL } },
    { "window.close", { "<Control>w", NULL } },
  };

  g_action_map_add_action_entries (G_ACTION_MAP (self), entries, G_N_ELEMENTS (entries), self);

  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (self),
                                           accels[i].action, accels[i].accels);
}
