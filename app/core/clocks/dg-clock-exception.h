#pragma once

#include <json-glib/json-glib.h>

#include "dg-db.h"

G_BEGIN_DECLS

/* Records that referral @referral_id's @clock, late or overdue, missed its
 * timescale knowingly: @reason and the senior manager who agreed it
 * (@approved_by), with who recorded it and when. A second call for the same
 * clock replaces the reason and approval. Audited ("referral", ID,
 * "clock-exception"). Refused, naming the field: no such referral ("ID"),
 * a clock it does not have or that is on time or pending ("clock"), an
 * empty or over-long reason ("reason") or approver ("approved_by"). The
 * figures count such a clock as "excepted" (dg-performance.h). */
gboolean    dg_clock_exception_set (DgDb        *db,
                                    gint64       referral_id,
                                    const char  *clock,
                                    const char  *reason,
                                    const char  *approved_by,
                                    GError     **error);

/* The referral's clock exceptions: {clock: {"reason", "approved_by",
 * "recorded_by", "recorded_at"}}. */
JsonObject *dg_clock_exceptions    (DgDb        *db,
                                    gint64       referral_id,
                                    GError     **error);

G_END_DECLS
