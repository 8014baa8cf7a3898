/* Who opened which referral (the view log), the access report, and
 * restricted records (issue 25). */
#pragma once

#include <json-glib/json-glib.h>

#include "dg-db.h"

G_BEGIN_DECLS

/* Unusual access: more than DG_ACCESS_BURST_COUNT openings by one person
 * within DG_ACCESS_BURST_MINUTES minutes. */
#define DG_ACCESS_BURST_COUNT   20
#define DG_ACCESS_BURST_MINUTES 10

/* Opens referral @id as dg_referral_show () shows it, and logs the opening
 * (one audit row: entity "referral", action "view", detail NULL or
 * {"reason": @reason}), in one write transaction. A restricted referral
 * needs a @reason (DG_ERROR_INVALID about "--reason" without one); on
 * PostgreSQL it is opened through dg_break_glass (), which logs it, so
 * that the server's row-level security lets this login read it. */
JsonNode  *dg_referral_open           (DgDb          *db,
                                       gint64         id,
                                       const char    *reason,
                                       GError       **error);

/* Whether @id is restricted: {"restricted": bool, "at", "by", "reason"}
 * (the last three for a restricted one), readable by everyone. */
JsonNode  *dg_referral_restriction    (DgDb          *db,
                                       gint64         id,
                                       GError       **error);

/* Restricts @id with @reason, or with @lift lifts its restriction;
 * audited ("restrict" / "unrestrict"). */
gboolean   dg_referral_restrict       (DgDb          *db,
                                       gint64         id,
                                       const char    *reason,
                                       gboolean       lift,
                                       GError       **error);

/* The view log of @id, oldest first: [{"at", "by", "reason"}]. */
JsonNode  *dg_referral_views          (DgDb          *db,
                                       gint64         id,
                                       GError       **error);

/* Openings from @from to @to (dates, inclusive), per person (@person:
 * only theirs): {"from", "to", "burst_count", "burst_minutes",
 * "people": [{"person", "opened", "records", "bursts": [{"from", "to",
 * "opened"}], "never_worked_on": [{"id", "reference"}]}]}. */
JsonNode  *dg_access_report           (DgDb          *db,
                                       const char    *from,
                                       const char    *to,
                                       const char    *person,
                                       GError       **error);

G_END_DECLS
