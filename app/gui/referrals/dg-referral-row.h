#pragma once

#include "dg-records.h"

G_BEGIN_DECLS

#define DG_TYPE_REFERRAL_ROW (dg_referral_row_get_type ())
G_DECLARE_FINAL_TYPE (DgReferralRow, dg_referral_row, DG, REFERRAL_ROW, GObject)

/* One line of the referral list; filled in when its page arrives. */
DgReferralRow *dg_referral_row_new        (gint64         id);
gint64         dg_referral_row_get_id     (DgReferralRow *self);
gboolean       dg_referral_row_get_loaded (DgReferralRow *self);
/* Fills the row from @summary (dg_service_summaries_async ()). */
void           dg_referral_row_update     (DgReferralRow           *self,
                                           const DgReferralSummary *summary);

G_END_DECLS
