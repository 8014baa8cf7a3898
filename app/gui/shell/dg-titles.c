#include "config.h"

#include <glib/gi18n.h>

#include "dg-help.h"
#include "dg-titles.h"

/* Relabels every label under @widget reading @from. */
static void
relabel (GtkWidget  *widget,
         const char *from,
         const char *to)
{
  if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), from) == 0)
    gtk_label_set_text (GTK_LABEL (widget), to);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    relabel (child, from, to);
}

void
dg_titles_shortcuts (GtkApplicationWindow *window)
{
  GtkShortcutsWindow *overlay = gtk_application_window_get_help_overlay (window);
  GtkWidget *titlebar;

  if (overlay != NULL && dg_help_get_page (GTK_WINDOW (overlay)) == NULL)
    dg_help_install (GTK_WINDOW (overlay), "shortcuts");
  if (overlay == NULL || (titlebar = gtk_window_get_titlebar (GTK_WINDOW (overlay))) == NULL)
    return;
  relabel (titlebar, g_dgettext ("gtk40", "Shortcuts"), gtk_window_get_title (GTK_WINDOW (overlay)));
}
