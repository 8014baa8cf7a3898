#pragma once

#include <json-glib/json-glib.h>

#include "dg-db.h"

G_BEGIN_DECLS

/* The audit trail's hash chain (schema 19). Each row has a content hash,
 * the SHA-256 in hex of these joined by the unit separator (U+001F):
 *   id, at, actor, entity, entity_id, action, detail ("" for none)
 * and a link, the SHA-256 of prev_hash, U+001F and the content hash, where
 * prev_hash is the previous row's link, 64 zeros for the first. */
#define DG_AUDIT_GENESIS "0000000000000000000000000000000000000000000000000000000000000000"

/* Checks every row of the audit trail against its link, in order:
 * {"rows": the rows checked, "intact": whether all hold, "disposed": the
 *  rows whose detail a later disposal's certificate says it erased (their
 *  content hash now the one the certificate records: intact, not changed),
 *  "broken": {"id", "reason"} the first row that does not (absent when intact),
 *  "head": {"id", "hash"} the last row and its link (absent when empty)}.
 * The reasons: "changed" (its content is not what was linked), "unlinked"
 * (it has no link: written with the chain's trigger dropped), "reordered"
 * (its link does not follow the row before it: a row before it was removed
 * or slipped in), "removed" (a link whose row is gone).
 * With @head_id > 0, also that the row @head_id still has the link
 * @head_hash (a head remembered from an earlier check): otherwise it is
 * "removed" or "changed", so that trimming the end of the trail and its
 * links is found too. */
JsonObject *dg_audit_verify  (DgDb        *db,
                              gint64       head_id,
                              const char  *head_hash,
                              GError     **error);

/* What a broken row's "reason" means, for a person to read (the window's
 * and the CLI's one wording); @reason itself when unknown. */
const char *dg_audit_reason_label (const char *reason);

/* Writes the whole audit trail with its links to @path (0600, whole or not
 * at all), as a JSON array of {"id", "at", "actor", "entity", "entity_id",
 * "action", "detail", "prev_hash", "content_hash", "hash"}, for checking away from the
 * database (README: "Checking the audit trail"). Returns the rows written,
 * or -1 with @error set. */
gint64      dg_audit_export  (DgDb        *db,
                              const char  *path,
                              GError     **error);

G_END_DECLS

G_BEGIN_DECLS
/* Disposal (schema 21): erases the detail of the audit rows @ids (inside
 * the caller's transaction), the only change the trail allows, and only
 * through disposal_erase. Returns [{"id", "hash"}]: each row's content hash
 * as it is now, for the disposal's certificate (an audit row of entity
 * "retention", action "disposed", whose detail's "erased" holds them), by
 * which dg_audit_verify () accepts those rows as "disposed". */
JsonArray  *dg_audit_erase   (DgDb        *db,
                              GArray      *ids,
                              GError     **error);
G_END_DECLS
