#pragma once

#include <glib.h>

/* What the performance report and its drill-down (dg-figure-list.c) share:
 * which clocks count by the day a referral was received and which by the
 * day of its meetings, and a stored clock's state as a figure counts it. */

/* Counted for the referrals received in the period, under the report-maker's
 * agency, school and month of receipt. */
#define DG_FIGURE_RECEIVED_CLOCKS "'confirmation', 'acknowledgement', 'decision', 'outcome', " \
                                  "'chase-reply', 'disagreement-discussed', 'escalation-answered'"
/* Counted for the referrals with a meeting held in the period, under the
 * report-maker's agency ('other' without one) and month of receipt. */
#define DG_FIGURE_MEETING_CLOCKS "'icpc', 'first-core-group'"
/* The same, for C: TRUE when @clock counts by its referral's meetings. */
static inline gboolean
dg_figure_clock_by_meeting (const char *clock)
{
  return g_strcmp0 (clock, "icpc") == 0 || g_strcmp0 (clock, "first-core-group") == 0;
}

/* Counted for the clocks started in the period (the meeting held, the
 * conference held), whatever the referral: the records' circulation
 * (dg-meeting-figures.c counts them). */
static inline gboolean
dg_figure_clock_by_start (const char *clock)
{
  return g_strcmp0 (clock, "icpc-plan") == 0 || g_strcmp0 (clock, "strategy-record") == 0;
}
#define DG_FIGURE_LIVE_STARTED "c.start_at BETWEEN ?3 AND ?4"

/* A stored clock c's state, as dg_clock_state () gives it; @today is a
 * parameter ("?5"). */
#define DG_FIGURE_BASE_STATE(today) \
  "CASE WHEN c.done_at IS NOT NULL THEN CASE WHEN substr (c.done_at, 1, 10) <= c.due THEN 'on-time' ELSE 'late' END " \
  "WHEN c.due < " today " THEN 'overdue' ELSE 'pending' END"
/* The same as the figures count it: a late or overdue clock with an agreed
 * exception (x, clock_exception LEFT JOINed) is 'excepted'. */
#define DG_FIGURE_STATE(today) \
  "CASE WHEN x.referral_id IS NOT NULL AND (substr (c.done_at, 1, 10) > c.due OR (c.done_at IS NULL AND c.due < " today ")) " \
  "THEN 'excepted' ELSE " DG_FIGURE_BASE_STATE (today) " END"

/* The stored clocks c a period's figures count, each with its referral r,
 * report-maker p and exception x, worked out afresh from the records (not
 * the running totals): ?1 is the first day, ?2 the day after the last, ?3
 * and ?4 the first and last moments ("YYYY-MM-DDT00:00:00", "…T23:59:59"). */
#define DG_FIGURE_LIVE_FROM \
  "FROM clock c JOIN referral r ON r.id = c.referral_id LEFT JOIN reporter p ON p.id = r.reporter_id " \
  "LEFT JOIN clock_exception x ON x.referral_id = c.referral_id AND x.clock = c.clock "
/* Each live clock's extra children (its referral's children less one), for
 * the figures per child: DG_FIGURE_EXTRA summed over DG_FIGURE_EXTRA_JOIN. */
#define DG_FIGURE_EXTRA_JOIN "LEFT JOIN report_children k ON k.referral_id = c.referral_id "
#define DG_FIGURE_EXTRA "coalesce (sum (k.extra), 0)"
#define DG_FIGURE_LIVE_RECEIVED "(r.received_at >= ?1 AND r.received_at < ?2)"
#define DG_FIGURE_LIVE_MEETING "c.referral_id IN (SELECT m.referral_id FROM meeting m WHERE m.held_at BETWEEN ?3 AND ?4)"
#define DG_FIGURE_LIVE_MEETING_OF \
  "EXISTS (SELECT 1 FROM meeting m WHERE m.referral_id = c.referral_id AND m.held_at BETWEEN ?3 AND ?4)"
/* The live rows of the period that @joins (more JOINs, after c, r, p and
 * x) and @where (more conditions, "" for none) keep, as @columns grouped by
 * @group_by: one grouped SELECT per period rule, each starting from the
 * period's referrals or meetings (never every stored clock), joined by
 * UNION ALL. A group never spans both, as each has its own clocks. With
 * @excepted_only, x is joined as required, so the few exceptions lead.
 * @received_rule, when not %NULL, says which referrals were received in
 * the period in place of DG_FIGURE_LIVE_RECEIVED (the same referrals, by
 * another index). */
char *dg_figure_live_sql (const char *columns,
                          const char *joins,
                          const char *where,
                          const char *received_rule,
                          const char *group_by,
                          gboolean    excepted_only);

/* The groups of the live rows, as the report names them. */
#define DG_FIGURE_AGENCY "coalesce (p.agency, 'other')"
#define DG_FIGURE_SCHOOL "CASE WHEN p.agency = 'education' AND c.clock NOT IN (" DG_FIGURE_MEETING_CLOCKS ") THEN p.organisation END"
#define DG_FIGURE_MONTH "substr (r.received_at, 1, 7)"

/* The day after @to, "YYYY-MM-DD" (@to is a valid date). */
char *dg_figure_day_after (const char *to);
