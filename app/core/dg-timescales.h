#pragma once

#include <json-glib/json-glib.h>

#include "dg-db.h"

G_BEGIN_DECLS

/* Every running clock across all referrals, most urgent first:
 * [{"referral", "reference", "child", "clock", "due", "state"}], at most
 * @limit (0: all). With @overdue_only, only those past their due date. */
JsonArray *dg_timescales_list (DgDb     *db,
                               gboolean  overdue_only,
                               guint     limit,
                               GError  **error);

G_END_DECLS
