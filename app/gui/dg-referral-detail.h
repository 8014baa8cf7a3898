#pragma once

#include <adwaita.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define DG_TYPE_REFERRAL_DETAIL (dg_referral_detail_get_type ())
G_DECLARE_FINAL_TYPE (DgReferralDetail, dg_referral_detail, DG, REFERRAL_DETAIL, GtkWidget)

/* Shows @referral (the JSON of dg_referral_show() with "audit"), or nothing. */
void        dg_referral_detail_set_referral (DgReferralDetail *self,
                                             JsonNode         *referral);
JsonNode   *dg_referral_detail_get_referral (DgReferralDetail *self);

G_END_DECLS
