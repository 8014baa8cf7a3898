#pragma once

#include <json-glib/json-glib.h>

#include "dg-db.h"
#include "dg-workdays.h"

G_BEGIN_DECLS

/* The state of a clock: pending (not done, not yet due), on-time, late (done
 * after its due date) or overdue (not done, past due). */
const char *dg_clock_state       (const GDate  *due,
                                  const char   *done_at,
                                  GDateTime    *now);

/* The due date of @clock started at @start (stored time or date), by the rule
 * in force on that day. */
gboolean    dg_clock_due         (DgDb         *db,
                                  DgCalendar   *calendar,
                                  const char   *clock,
                                  const char   *start,
                                  GDate        *due,
                                  GError      **error);

/* Adds "clock": {"due", "done_at", "state"} to @object. */
gboolean    dg_clock_add_json    (DgDb         *db,
                                  DgCalendar   *calendar,
                                  JsonBuilder  *builder,
                                  const char   *clock,
                                  const char   *start,
                                  const char   *done_at,
                                  GDateTime    *now,
                                  GError      **error);

G_END_DECLS
