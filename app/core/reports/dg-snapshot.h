#pragma once

#include <json-glib/json-glib.h>

#include "dg-db.h"

G_BEGIN_DECLS

/* A period's figures saved as submitted: the performance report of the
 * referrals received in [@from, @to] as it is now, under @name, never
 * changed afterwards (the store refuses), with an audit row. Returns the
 * snapshot as dg_snapshot_list () gives it. */
JsonObject *dg_snapshot_save  (DgDb        *db,
                               const char  *name,
                               const char  *from,
                               const char  *to,
                               GError     **error);

/* The saved snapshots, newest first, without their figures:
 * [{"name", "from", "to", "saved_by", "saved_at", "checksum"}]. */
JsonArray  *dg_snapshot_list  (DgDb        *db,
                               GError     **error);

/* What has changed since snapshot @name was saved, and why:
 * {"name", "from", "to", "saved_by", "saved_at",
 *  "intact": whether its figures still match the checksum saved with them,
 *  "then": the figures as saved, "now": the same report now,
 *  "figures": [{"figure", "then", "now"}] every number that differs (null
 *             where a row is new or gone), by path, e.g.
 *             "clocks/acknowledgement/on_time" or "by_agency/decision/police/late",
 *  "amended": [{"id", "at", "actor", "entity", "entity_id", "reference",
 *               "action", "detail"}] the audit rows since, about the
 *             period's referrals and meetings and about the rules and
 *             calendar the clocks count by}.
 * Figures move without an amendment too: a clock pending then may be
 * overdue now. */
JsonNode   *dg_snapshot_diff  (DgDb        *db,
                               const char  *name,
                               GError     **error);

G_END_DECLS
