#pragma once

#include <gtk/gtk.h>

#include "dg-service.h"

G_BEGIN_DECLS

/* Keeps @action of @owner (a widget action, or NULL) and @widget (or NULL:
 * made insensitive, with a tooltip saying which role may) following the
 * service's role: enabled only when the role may use @power (issue 25).
 * Lasts as long as @owner. */
void         dg_role_guard          (DgService   *service,
                                     GtkWidget   *owner,
                                     const char  *action,
                                     GtkWidget   *widget,
                                     DgDbPower    power);

/* Who may use @power, for a person to read ("Only a manager or an
 * administrator may do this"). */
const char  *dg_role_guard_tooltip  (DgDbPower    power);

G_END_DECLS
