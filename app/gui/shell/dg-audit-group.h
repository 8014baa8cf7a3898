#pragma once

#include <adwaita.h>

#include "dg-service.h"

G_BEGIN_DECLS

#define DG_TYPE_AUDIT_GROUP (dg_audit_group_get_type ())
G_DECLARE_FINAL_TYPE (DgAuditGroup, dg_audit_group, DG, AUDIT_GROUP, AdwPreferencesGroup)

/* Preferences › Database › Audit Trail: when the audit trail of the database at @location
 * was last verified and what was found (kept in @settings' audit-checks),
 * Verify Now (against the head the last check kept) and Export…. */
DgAuditGroup *dg_audit_group_new (DgService  *service,
                                GSettings  *settings,
                                const char *location);

G_END_DECLS
