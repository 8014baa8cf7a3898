#pragma once

#include <json-glib/json-glib.h>

#include "dg-db.h"

G_BEGIN_DECLS

/* The report-maker's ledger (issue 23): chases and disagreements, each
 * step an entry of its own (append-only), with the clocks they run; and the
 * active offer: each person's language wish and when it was offered. */

#define DG_LEDGER_MAX_NOTE 2000

/* Records that the report-maker chased (@replied FALSE), or that their
 * latest chase was answered (@replied TRUE: refused, naming `replied`,
 * without an open chase). @note: 1 to 2000 characters; @at: when (%NULL:
 * now), neither in the future nor before the report. One transaction, one
 * audit row. Returns the entry as dg_ledger_list () gives it, or %NULL. */
JsonObject *dg_ledger_chase          (DgDb        *db,
                                      gint64       referral_id,
                                      const char  *note,
                                      const char  *at,
                                      gboolean     replied,
                                      GError     **error);
/* Records a disagreement's @step: raised, discussed, escalated or
 * resolved, in that order (discussed, escalated and resolved need an open
 * disagreement; escalated needs it discussed; raised needs none open).
 * Out of order is refused naming `step`. As dg_ledger_chase () otherwise. */
JsonObject *dg_ledger_disagreement   (DgDb        *db,
                                      gint64       referral_id,
                                      const char  *step,
                                      const char  *note,
                                      const char  *at,
                                      GError     **error);
/* Records that the active offer was made to @person (report-maker, child
 * or parent; @name optional) and their @choice (en, cy or declined), at
 * @at (%NULL: now). Returns the offer as dg_ledger_offers () gives it. */
JsonObject *dg_ledger_offer          (DgDb        *db,
                                      gint64       referral_id,
                                      const char  *person,
                                      const char  *name,
                                      const char  *choice,
                                      const char  *at,
                                      GError     **error);

/* [{"id", "kind", "step", "note", "at", "by", "recorded_at", "clock",
 * "due", "done_at", "state"}] in order: an entry that starts a clock
 * (a chase, a disagreement raised or escalated) carries that clock, its
 * due date, when it stopped and its state; the others null. */
JsonArray  *dg_ledger_list           (DgDb        *db,
                                      gint64       referral_id,
                                      GError     **error);
/* [{"id", "person", "name", "choice", "offered_at", "by", "recorded_at"}]. */
JsonArray  *dg_ledger_offers         (DgDb        *db,
                                      gint64       referral_id,
                                      GError     **error);

/* The language of letters to the report-maker of referral @referral_id:
 * "cy" or "en" by their latest offer (declined is "en"), "cy+en" (both,
 * Welsh first) when no offer is recorded. */
char       *dg_referral_letter_language (DgDb     *db,
                                         gint64    referral_id,
                                         GError  **error);

/* The two ledger figures of the performance report, for referrals received
 * (chases) and disagreements raised from @from to @to (stored times):
 * {"chased": {"referrals", "chases", "replied_in_time", …},
 *  "disagreements": {"raised", "resolved", "resolved_in_time", …}}. */
JsonObject *dg_ledger_figures        (DgDb        *db,
                                      const char  *from,
                                      const char  *to,
                                      GError     **error);

G_END_DECLS
