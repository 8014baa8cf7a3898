#pragma once

#include <adwaita.h>

#include "dg-records-referral.h"

G_BEGIN_DECLS

#define DG_TYPE_REFERRAL_DETAIL (dg_referral_detail_get_type ())
G_DECLARE_FINAL_TYPE (DgReferralDetail, dg_referral_detail, DG, REFERRAL_DETAIL, GtkWidget)

/* Shows @referral (from dg_service_show_finish ()), or nothing. */
void        dg_referral_detail_set_referral (DgReferralDetail *self,
                                             DgReferral       *referral);
/* The referral shown, or NULL. */
DgReferral *dg_referral_detail_get_referral (DgReferralDetail *self);

/* Moves the focus to the first action shown (Record Decision…, Correct…),
 * or else into the referral; FALSE when there is nothing to focus. */
gboolean    dg_referral_detail_focus_first (DgReferralDetail *self);

G_END_DECLS
