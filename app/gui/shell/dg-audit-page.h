#pragma once

#include <adwaita.h>

#include "dg-service.h"

G_BEGIN_DECLS

#define DG_TYPE_AUDIT_PAGE (dg_audit_page_get_type ())
G_DECLARE_FINAL_TYPE (DgAuditPage, dg_audit_page, DG, AUDIT_PAGE, AdwPreferencesPage)

/* Preferences › Audit: when the audit trail of the database at @location
 * was last verified and what was found (kept in @settings' audit-checks),
 * Verify Now (against the head the last check kept) and Export…. */
DgAuditPage *dg_audit_page_new (DgService  *service,
                                GSettings  *settings,
                                const char *location);

G_END_DECLS
