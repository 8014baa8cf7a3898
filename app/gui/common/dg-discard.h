#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* For a window's close_request when something typed there is unsaved:
 * asks @heading / @body with Keep Editing (the default, and Escape) and
 * Discard, and answers TRUE (stay open). Once the person has chosen
 * Discard, the window is closed again and this answers FALSE. */
gboolean dg_discard_ask (GtkWindow  *window,
                         const char *heading,
                         const char *body);

G_END_DECLS
