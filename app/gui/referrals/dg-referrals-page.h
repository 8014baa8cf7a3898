#pragma once

#include <adwaita.h>

#include "dg-service.h"

G_BEGIN_DECLS

#define DG_TYPE_REFERRALS_PAGE (dg_referrals_page_get_type ())
G_DECLARE_FINAL_TYPE (DgReferralsPage, dg_referrals_page, DG, REFERRALS_PAGE, GtkWidget)

/* Connects the page to the open database and runs the first query.
 * Emits "shown" once its first rows (or its empty state) are painted. */
void     dg_referrals_page_set_service (DgReferralsPage *self,
                                        DgService       *service);
/* Runs the list query again, then selects @select_id if it is not 0. */
void     dg_referrals_page_reload     (DgReferralsPage *self,
                                       gint64           select_id);
/* Runs the list query again and reads the referral shown again: after a
 * change saved elsewhere. */
void     dg_referrals_page_refresh    (DgReferralsPage *self);
/* Shows referral @id in the detail pane, selecting it in the list if it is there. */
void     dg_referrals_page_open       (DgReferralsPage *self,
                                       gint64           id);
/* Moves the keyboard focus to the search entry. */
void     dg_referrals_page_focus_search (DgReferralsPage *self);

G_END_DECLS
