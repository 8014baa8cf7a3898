#pragma once

#include <json-glib/json-glib.h>

#include "dg-db.h"

G_BEGIN_DECLS

/* Every running clock across all referrals, most urgent first:
 * [{"referral", "reference", "child", "clock", "due", "state", "when"}], at
 * most @limit (0: all). With @overdue_only, only those past their due date.
 * "when" is the Due board's heading: overdue, today, tomorrow, week, later. */
JsonArray *dg_timescales_list (DgDb     *db,
                               gboolean  overdue_only,
                               guint     limit,
                               GError  **error);

/* The Due board: {"today", "counts": {"overdue", "today", "tomorrow",
 * "week", "later"}, "clocks": [at most @limit of each heading, as in
 * dg_timescales_list()]}. */
/* Rows the Due board lists under each heading: a working day's attention. */
#define DG_DUE_BOARD_ROWS 50

JsonNode  *dg_due_board       (DgDb     *db,
                               guint     limit,
                               GError  **error);

G_END_DECLS
