#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* A status page with a spinner, shown until a section's first figures
 * arrive, so that an empty state is never shown before it is true. */
GtkWidget *dg_status_loading_new (const char *title,
                                  const char *description);

/* A status page for a load that failed; the error goes in its description. */
GtkWidget *dg_status_error_new   (const char *title);

G_END_DECLS
