#pragma once

#include <json-glib/json-glib.h>

#include "dg-db.h"

G_BEGIN_DECLS

/* The meetings' figures of a period (meetings held, or for the minutes'
 * clocks, clocks started, in [@from, @to], dates):
 * {"agencies": [{"agency", "expected", "invited", "attended", "excused",
 *                "missing", "invited_share", "attended_share", "invited_word",
 *                "attended_word", "invitees", "reports", "report_share",
 *                "attending", "decision_makers", "decision_share"}],
 *  "contributions": {"invitees", "reports", "report_share", "report_word",
 *                    "attending", "decision_makers", "decision_share",
 *                    "decision_word"},
 *  "clocks": [{"clock": "icpc-plan" | "strategy-record", "count", "on_time",
 *              "late", "overdue", "pending", "on_time_share", "word"}]}.
 * An agency is counted once per meeting ("invitees" are meeting-agency
 * pairs); "invited" and "attended" are of the meetings that expected it. */
JsonObject *dg_meeting_figures      (DgDb        *db,
                                     const char  *from,
                                     const char  *to,
                                     GError     **error);

/* Adds the above to a performance report: its two clocks to "clocks", and
 * "agencies" and "contributions". */
gboolean    dg_meeting_figures_add  (DgDb        *db,
                                     const char  *from,
                                     const char  *to,
                                     JsonObject  *report,
                                     GError     **error);

/* What is behind one figure, one element per unit counted:
 * [{"meeting", "referral", "agency"}] for
 *   @figure "expected": @state all | invited | attended | excused | missing
 *   @figure "report": @state all (invited) | received | none
 *   @figure "decision-maker": @state all (attended) | yes | no
 * (@agency: one agency's, or %NULL: every agency's), and [{"referral"}] for
 *   @figure "icpc-plan" | "strategy-record": @state all | on-time | late |
 *   overdue | pending.
 * Its length equals the figure: e.g. "expected"/"invited" for "police" is
 * the police's "invited", "report"/"all" with no agency "invitees". */
JsonArray  *dg_meeting_figures_list (DgDb        *db,
                                     const char  *from,
                                     const char  *to,
                                     const char  *figure,
                                     const char  *agency,
                                     const char  *state,
                                     GError     **error);

/* "agencies" as CSV rows (with a header line) into @out. */
gboolean    dg_meeting_figures_csv  (DgDb        *db,
                                     const char  *from,
                                     const char  *to,
                                     GString     *out,
                                     gint64      *rows,
                                     GError     **error);

G_END_DECLS
