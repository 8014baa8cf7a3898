#pragma once

#include <json-glib/json-glib.h>

#include "dg-db.h"

G_BEGIN_DECLS

/* Which running clocks: each NULL for any. */
typedef struct
{
  const char *clock;        /* acknowledgement, decision, … */
  const char *rag;          /* red, amber or green */
  const char *due_before;   /* YYYY-MM-DD: due before that day */
} DgDueFilter;

/* The Due board's headings, in this order. */
#define DG_DUE_HEADINGS 5

/* Every running clock across all referrals, most urgent first:
 * [{"referral", "reference", "child", "clock", "due", "state", "when"}], at
 * most @limit (0: all). With @overdue_only, only those past their due date.
 * "when" is the Due board's heading: overdue, today, tomorrow, week, later. */
JsonArray *dg_timescales_list (DgDb     *db,
                               gboolean  overdue_only,
                               guint     limit,
                               GError  **error);
/* The same under @filter (NULL: all), each row with "rag" (or null) and
 * "days_overdue": the working days since it fell due (0 unless overdue). A
 * bad term of @filter is refused naming it. */
JsonArray *dg_timescales_query (DgDb               *db,
                                const DgDueFilter  *filter,
                                gboolean            overdue_only,
                                guint               limit,
                                GError            **error);

/* The Due board: {"today", "counts": {"overdue", "today", "tomorrow",
 * "week", "later"}, "clocks": [at most @limit of each heading, as in
 * dg_timescales_list()]}. */
/* Rows the Due board lists under each heading: a working day's attention. */
#define DG_DUE_BOARD_ROWS 50

JsonNode  *dg_due_board       (DgDb     *db,
                               guint     limit,
                               GError  **error);
/* The board under @filter (NULL: all), counted and listed per heading:
 * @limits[i] rows of heading i (overdue, today, tomorrow, week, later;
 * 0: none, only its count). */
JsonNode  *dg_due_board_filtered (DgDb              *db,
                                  const DgDueFilter *filter,
                                  const guint        limits[DG_DUE_HEADINGS],
                                  GError           **error);

G_END_DECLS
