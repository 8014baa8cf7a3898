#pragma once

#include <gio/gio.h>

#include "dg-referrals.h"
#include "dg-service.h"

G_BEGIN_DECLS

#define DG_TYPE_REFERRAL_LIST_MODEL (dg_referral_list_model_get_type ())
G_DECLARE_FINAL_TYPE (DgReferralListModel, dg_referral_list_model, DG, REFERRAL_LIST_MODEL, GObject)

/* A lazy list of DgReferralRow: the matching ids come from SQLite in one
 * query; rows are filled a page at a time, on the database thread, as they
 * scroll into view. Emits "loaded" when a query's ids have arrived, and
 * "page-loaded" when rows have been filled in. */
DgReferralListModel *dg_referral_list_model_new       (DgService              *service);

/* Runs @query (copied); the model's items change when the ids arrive. */
void                 dg_referral_list_model_set_query (DgReferralListModel   *self,
                                                       const DgReferralQuery *query);
/* Lists exactly the referrals @ids (copied), in that order, instead of a
 * query's: the rows fill as they scroll into view, as a query's do. */
void                 dg_referral_list_model_set_ids   (DgReferralListModel   *self,
                                                       const gint64          *ids,
                                                       guint                  n_ids);
/* Runs the current query again (after a change). */
void                 dg_referral_list_model_reload    (DgReferralListModel   *self);
/* Runs the current query again after someone else changed the data: only
 * what changed moves, and the rows already filled are read again, so the
 * scroll position and the selection stay. */
void                 dg_referral_list_model_refresh   (DgReferralListModel   *self);
/* Whether the ids of the latest query have arrived. */
gboolean             dg_referral_list_model_is_loaded (DgReferralListModel   *self);
/* Position of @id, or G_MAXUINT. */
guint                dg_referral_list_model_find      (DgReferralListModel   *self,
                                                       gint64                 id);
/* While held, a full list stops at its first batch of ids (the first screen
 * of rows); releasing it asks for the rest. */
void                 dg_referral_list_model_hold_rest  (DgReferralListModel   *self,
                                                        gboolean               held);
/* The cap on search results (a full list is never capped). */
guint                dg_referral_list_model_search_cap (void);

/* FALSE while the ids after the first batch are still to come (a "loaded"
 * signal follows when they do). */
gboolean             dg_referral_list_model_is_whole (DgReferralListModel *self);

G_END_DECLS
