#pragma once

#include <json-glib/json-glib.h>

#include "dg-db.h"

G_BEGIN_DECLS

/* Many new referrals saved by a few set statements (SQLite only), with the
 * same rows as dg_referral_insert () one at a time would leave, save the
 * times, which are the moment of dg_referral_bulk_new () for all: each
 * referral validated by dg_referral_validate () is added to temporary
 * tables by one prepared INSERT, then one INSERT … SELECT per table writes
 * them, in the order added, within the caller's transaction (a few
 * thousand at a time, so the temporary tables stay small). Until
 * dg_referral_bulk_free (), the clocks are deferred (dg_clocks_defer ()). */
typedef struct _DgReferralBulk DgReferralBulk;

/* Inside the caller's transaction; %NULL with @error on PostgreSQL or
 * when the temporary tables cannot be made. */
DgReferralBulk *dg_referral_bulk_new   (DgDb            *db,
                                        GError         **error);
/* Adds @input (its report-maker always new; no household, involved
 * agencies or links: anything else is refused); every few thousand, those
 * added are written. */
gboolean        dg_referral_bulk_add   (DgReferralBulk  *bulk,
                                        JsonObject      *input,
                                        GError         **error);
/* Writes the referrals added and not yet written (their report-makers,
 * references, children, categories, language offers, audit rows, whose
 * links the chain's trigger makes), then the clocks
 * (dg_clocks_store_received ()) and search rows of all of them. Returns
 * how many, or -1 with @error set. */
gint64          dg_referral_bulk_write (DgReferralBulk  *bulk,
                                        GError         **error);
/* Drops the temporary tables (gone already after a rollback). */
void            dg_referral_bulk_free  (DgReferralBulk  *bulk);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DgReferralBulk, dg_referral_bulk_free)

G_END_DECLS
