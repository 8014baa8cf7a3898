#pragma once

#include <adwaita.h>

#include "dg-service.h"

G_BEGIN_DECLS

#define DG_TYPE_MEETINGS_PAGE (dg_meetings_page_get_type ())
G_DECLARE_FINAL_TYPE (DgMeetingsPage, dg_meetings_page, DG, MEETINGS_PAGE, GtkWidget)

/* Managers' view of strategy meetings: those of a period (or only those that
 * missed an agency), and per agency the share invited and attending. */
/* @service saves from the meeting windows; @figures, on a connection of
 * its own, reads the list and the agency shares, which take a while at a
 * million referrals. */
void     dg_meetings_page_set_services (DgMeetingsPage *self,
                                        DgService      *service,
                                        DgService      *figures);
void     dg_meetings_page_reload     (DgMeetingsPage *self);
/* Whether the figures of the current period are on screen. */
gboolean dg_meetings_page_is_loaded  (DgMeetingsPage *self);

G_END_DECLS
