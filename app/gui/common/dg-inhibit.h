#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* While @window holds typing not saved yet (@unsaved), the session is asked
 * not to log out (gtk_application_inhibit, LOGOUT, saying why); once it is
 * saved or discarded (@unsaved FALSE), or the window goes, that is let go.
 * Asked once however often it is called. */
void     dg_inhibit_logout      (GtkWindow *window,
                                 gboolean   unsaved);

/* Finds out, without waiting, whether this session can be asked: its
 * session manager (GNOME's or Xfce's) is running, or the desktop portal
 * serves Inhibit (a portal without that answers GTK with an error and a
 * warning for each ask). Until it knows, and where it cannot, nothing is
 * asked. Once per application, at its start-up. */
void     dg_inhibit_probe       (GApplication *app);

/* Whether @window asked (for tests: the cookie is 0 where the session has
 * nothing to ask). */
gboolean dg_inhibit_logout_held (GtkWindow *window);

G_END_DECLS
