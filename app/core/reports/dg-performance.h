#pragma once

#include <json-glib/json-glib.h>

#include "dg-db.h"

G_BEGIN_DECLS

/* The managers' figures for referrals received in [@from, @to] (dates):
 * {"from", "to",
 *  "clocks": [{"clock", "count", "on_time", "late", "excepted", "overdue",
 *              "pending", "measured", "on_time_share", "word"}],
 *  "by_agency": [{"agency", "clock", …}], "by_school": [{"school", "clock", …}],
 *  "by_month": [{"month", "clock", …}],
 *  "per_child": {"clocks", "by_agency", "by_school", "by_month"},
 *  "meetings": {"count", "complete", "share", "word"}, "chased", "disagreements"}.
 * "clocks" and the breakdowns count each referral once (per event);
 * "per_child" the same figures counting each of its children. "excepted" is
 * a late or overdue clock with an agreed exception (dg-clock-exception.h),
 * counted apart from "late" and "overdue". "measured" is the clocks that
 * have run their course (on time + late + excepted + overdue), and the share
 * is on_time / measured: an exception never makes a missed timescale count
 * as met. Each figure's referrals: dg_performance_list () (dg-figure-list.h). */
JsonNode *dg_performance_report (DgDb        *db,
                                 const char  *from,
                                 const char  *to,
                                 GError     **error);

/* Brings the running totals the report reads up to date. On a server they
 * are kept by referral, set-based, when read (pg/008-totals.sql): this takes
 * in every referral changed since. A file's totals are always up to date
 * (SQLite's triggers), and a read-only connection reads them as they are. */
gboolean  dg_performance_catch_up (DgDb     *db,
                                   GError  **error);

/* Sets a timescale rule from @effective_from (a date) on: every open clock
 * counts by it; earlier periods keep the rules they had. */
gboolean  dg_timescale_rule_set (DgDb        *db,
                                 const char  *clock,
                                 int          amount,
                                 const char  *unit,
                                 const char  *effective_from,
                                 GError     **error);

/* The timescale rules, newest first per clock: [{"clock", "effective_from",
 * "amount", "unit", "starts_at", "source"}]. */
JsonArray *dg_timescale_rules   (DgDb        *db,
                                 GError     **error);

G_END_DECLS
