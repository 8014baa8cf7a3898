#pragma once

#include "dg-db.h"

G_BEGIN_DECLS

/* Writes @what (referrals, meetings, notifications) as CSV (RFC 4180, UTF-8)
 * to @path, 0600, written beside it and renamed. Returns the rows written. */
gint64 dg_export_csv (DgDb        *db,
                      const char  *what,
                      const char  *path,
                      GError     **error);

/* The same, for a period: @what "agencies" is the performance report's
 * per-agency meeting figures (expected, invited, attended, reports,
 * decision-makers) of the meetings held in [@from, @to] (dates; %NULL: all
 * time); the other exports ignore the period. */
gint64 dg_export_csv_period (DgDb        *db,
                             const char  *what,
                             const char  *from,
                             const char  *to,
                             const char  *path,
                             GError     **error);

G_END_DECLS
