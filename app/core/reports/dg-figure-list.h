#pragma once

#include <json-glib/json-glib.h>

#include "dg-db.h"

G_BEGIN_DECLS

/* The drill-down of a figure of dg_performance_report () for [@from, @to]:
 * the referrals (or meetings) behind it, worked out afresh from the stored
 * clocks, the referrals and the meetings rather than from the running
 * totals the report reads, so that each list is an independent check of
 * its figure.
 *
 * @clock: a clock of the report, or "meetings" for the meetings' figure.
 * @state: for a clock on-time | late | excepted | overdue | pending, or
 *   "measured" (the share's denominator: all but pending) or "all" (the
 *   count); for "meetings" complete | incomplete | all.
 * @per: "event" (each referral once, %NULL too) or "child" (each of its
 *   children); not for "meetings".
 * @group_kind: %NULL for the whole figure, or "agency", "school" or
 *   "month" with @group the by_agency, by_school or by_month row's name;
 *   for "meetings", "invited" or "attended" with @group an agency: the
 *   Meetings page's shares (complete: the meetings that invited it, or
 *   that it attended; incomplete: the others; all: every meeting held).
 *
 * The agencies' contributions and the register are here too, through
 * their own modules' lists: @clock "expected", "report" or
 * "decision-maker" with dg_meeting_figures_list ()'s states and @group_kind
 * "agency" (or %NULL: every agency's) lists meetings, one item per
 * meeting-agency pair; @clock "pm24", "pm27" or "pm28" with @state
 * "numerator" or "all" (the denominator) lists the register report's rows,
 * per child, with no breakdown.
 *
 * Returns {"from", "to", "clock", "state", "per", "group_kind", "group",
 * "kind": "referral" | "meeting", "count",
 * "items": [{"id", "state", "child" (per child)}]}, ids ascending. */
JsonObject *dg_performance_list (DgDb        *db,
                                 const char  *from,
                                 const char  *to,
                                 const char  *clock,
                                 const char  *state,
                                 const char  *per,
                                 const char  *group_kind,
                                 const char  *group,
                                 GError     **error);

G_END_DECLS
