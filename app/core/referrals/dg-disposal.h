#pragma once

#include <json-glib/json-glib.h>

#include "dg-db.h"

G_BEGIN_DECLS

/* Disposes of a queued referral (dg_retention_queue ()) that two different
 * people have approved, in one transaction: the referral, its children,
 * household, categories, agencies, links, decision, meetings and their
 * invitees, outcomes and actions, events, letters sent and queued, ledger,
 * language offers, clocks (the report's running totals follow), its search
 * index row, drafts naming it, and its report-maker unless another referral
 * is theirs; its audit rows keep who did what and when but lose their
 * detail (dg_audit_erase ()); a certificate (what, when, who approved, the
 * audit rows erased; no personal data) is added to the audit. On SQLite the
 * freed pages are zeroed, the search index merged, the file vacuumed and its
 * write-ahead log checkpointed and truncated ("checkpoint": "complete", or
 * "busy" when another connection still reads it); on PostgreSQL the space
 * is reused only after VACUUM ("vacuum": the command to run).
 * Returns {"id", "reference", "approved_by", "audit_rows_erased", …}. */
JsonObject *dg_retention_dispose (DgDb        *db,
                                  gint64       referral_id,
                                  GError     **error);

G_END_DECLS
