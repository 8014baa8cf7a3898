#pragma once

#include <gio/gio.h>

#include "dg-record.h"

G_BEGIN_DECLS

typedef struct _DgService DgService;

/* What a check of the audit trail's hash chain found (dg-audit.h). */
typedef struct
{
  gint64    rows;
  gboolean  intact;
  gint64    broken_id;     /* the first row that does not hold; 0 when intact */
  char     *reason;        /* "changed", "unlinked", "reordered", "removed"; NULL when intact */
  gint64    head_id;       /* the last row and its link, to check against later */
  char     *head_hash;
} DgAuditCheck;

#define DG_TYPE_AUDIT_CHECK (dg_audit_check_get_type ())
DG_DECLARE_RECORD (DgAuditCheck, dg_audit_check)

/* Checks every row of the audit trail against its link; with @head_id > 0
 * also that row @head_id still has the link @head_hash. */
void          dg_service_audit_verify_async  (DgService           *self,
                                              gint64               head_id,
                                              const char          *head_hash,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
DgAuditCheck *dg_service_audit_verify_finish (DgService           *self,
                                              GAsyncResult        *result,
                                              GError             **error);
/* Writes the audit trail with its links to @path; the rows written. */
void          dg_service_audit_export_async  (DgService           *self,
                                              const char          *path,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
gint64        dg_service_audit_export_finish (DgService           *self,
                                              GAsyncResult        *result,
                                              GError             **error);

G_END_DECLS
