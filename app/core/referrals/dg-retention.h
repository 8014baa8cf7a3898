#pragma once

#include <json-glib/json-glib.h>

#include "dg-db.h"

G_BEGIN_DECLS

/* Retention and disposal (issue 25, schema 21; README "Retention and
 * disposal"). A referral decided "nfa" is kept until its youngest child's
 * birthday of the schedule's years (25: every child must have a date of
 * birth); any other decided referral is a child protection record, kept the
 * schedule's years after its last contact (received, decided, a meeting, an
 * event, a letter); the audit is kept as long as the record it describes.
 * An undecided referral is never due. A legal hold stops disposal. */

/* Every schedule: [{"record_type", "basis", "years", "updated_by", "updated_at"}]. */
JsonArray  *dg_retention_schedules   (DgDb        *db,
                                      GError     **error);
/* Sets the years of @record_type ("nfa" or "child-protection") from
 * @period, "25" or "25y"; audited with the years before and after. */
gboolean    dg_retention_set         (DgDb        *db,
                                      const char  *record_type,
                                      const char  *period,
                                      GError     **error);

/* A legal hold, audited: @kind "referral" (@referral_id), "child"
 * (@child_name, every referral about a child of that name, folded) or
 * "inquiry" (the referrals received from @from to @to, dates, either %NULL
 * for open, both for all). @name names it ("Ymchwiliad X"); @reason
 * required. Returns its id or 0. */
gint64      dg_retention_hold_add    (DgDb        *db,
                                      const char  *kind,
                                      const char  *name,
                                      gint64       referral_id,
                                      const char  *child_name,
                                      const char  *from,
                                      const char  *to,
                                      const char  *reason,
                                      GError     **error);
gboolean    dg_retention_hold_release (DgDb       *db,
                                      gint64       id,
                                      GError     **error);
/* The holds in force: [{"id", "kind", "name", "referral_id", "from", "to", "reason", "created_by", "created_at"}]. */
JsonArray  *dg_retention_holds       (DgDb        *db,
                                      GError     **error);

/* The disposal queue: the decided referrals due by now under the schedule
 * and under no hold, [{"id", "reference", "record_type", "due",
 * "approvals": [names]}], soonest due first. No personal data. */
JsonArray  *dg_retention_queue       (DgDb        *db,
                                      GError     **error);
/* The queue's entry for @referral_id, or %NULL with a refusal of "id". */
JsonObject *dg_retention_queued      (DgDb        *db,
                                      gint64       referral_id,
                                      GError     **error);
/* The actor approves the disposal of a queued referral, audited; the same
 * person cannot approve twice. Returns the approvals so far, or -1. */
int         dg_retention_approve     (DgDb        *db,
                                      gint64       referral_id,
                                      GError     **error);

G_END_DECLS
