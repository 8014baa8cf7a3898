#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* While @window holds typing not saved yet (@unsaved), the session is asked
 * not to log out (gtk_application_inhibit, LOGOUT, saying why); once it is
 * saved or discarded (@unsaved FALSE), or the window goes, that is let go.
 * Asked once however often it is called. */
void     dg_inhibit_logout      (GtkWindow *window,
                                 gboolean   unsaved);

/* Whether @window asked (for tests: the cookie is 0 where the session has
 * nothing to ask). */
gboolean dg_inhibit_logout_held (GtkWindow *window);

G_END_DECLS
