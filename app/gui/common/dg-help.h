#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* The user help (the pages in help/C), opened in the help viewer as
 * help:diogelu/@page. When DIOGELU_HELP_NO_LAUNCH is set (tests), nothing is
 * launched: the address is only kept for dg_help_get_last_uri (). */
void        dg_help_show         (GtkWindow  *parent,
                                  const char *page);

/* The address the help was last asked to open, or NULL. */
const char *dg_help_get_last_uri (void);

/* F1 in @window opens @page: for the windows other than the main one,
 * which are not the application's and so do not hear app.help. @page
 * is a string that lives as long as the window (a literal). */
void        dg_help_install      (GtkWindow  *window,
                                  const char *page);

/* The page @window opens on F1 (as installed), or NULL. */
const char *dg_help_get_page     (GtkWindow  *window);

G_END_DECLS
