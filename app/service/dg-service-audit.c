#include "config.h"

#include "dg-audit.h"
#include "dg-service-private.h"

/* The audit trail's hash chain: checked, and exported to check elsewhere. */

#define A(field, kind, member) DG_RECORD_MEMBER (DgAuditCheck, field, kind, member)
DG_DEFINE_RECORD (DgAuditCheck, dg_audit_check,
                  A (rows, DG_RECORD_INT, "rows"),
                  A (intact, DG_RECORD_BOOL, "intact"),
                  A (broken_id, DG_RECORD_INT, "broken.id"),
                  A (reason, DG_RECORD_TEXT, "broken.reason"),
                  A (head_id, DG_RECORD_INT, "head.id"),
                  A (head_hash, DG_RECORD_TEXT, "head.hash"))
#undef A

typedef struct
{
  gint64  head_id;
  char   *text;    /* the head's hash, or the export's path */
} Check;

static void
check_free (Check *c)
{
  g_free (c->text);
  g_free (c);
}

static Check *
check_new (gint64      head_id,
           const char *text)
{
  Check *c = g_new0 (Check, 1);

  c->head_id = head_id;
  c->text = g_strdup (text);
  return c;
}

static gboolean
verify_op (DgDb *db, gpointer data, GValue *result, GError **error)
{
  Check *c = data;
  g_autoptr(JsonObject) found = dg_audit_verify (db, c->head_id, c->text, error);

  if (found == NULL)
    return FALSE;
  /* The node holds its own reference to the object. */
  return dg_service_return_record (result, json_node_init_object (json_node_alloc (), found),
                                   &dg_audit_check_shape, DG_TYPE_AUDIT_CHECK);
}

void
dg_service_audit_verify_async (DgService           *self,
                               gint64               head_id,
                               const char          *head_hash,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  dg_service_run (self, dg_service_audit_verify_async, verify_op, DG_SERVICE_QUIET, 0,
                  check_new (head_id, head_hash), (GDestroyNotify) check_free, cancellable, callback, user_data);
}

DG_SERVICE_DEFINE_FINISH (audit_verify, DgAuditCheck *, dg_service_finish_boxed)

static gboolean
export_op (DgDb *db, gpointer data, GValue *result, GError **error)
{
  Check *c = data;
  gint64 rows = dg_audit_export (db, c->text, error);

  return rows >= 0 && dg_service_return_int64 (result, rows);
}

void
dg_service_audit_export_async (DgService           *self,
                               const char          *path,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  dg_service_run (self, dg_service_audit_export_async, export_op, DG_SERVICE_QUIET, 0,
                  check_new (0, path), (GDestroyNotify) check_free, NULL, callback, user_data);
}

DG_SERVICE_DEFINE_FINISH (audit_export, gint64, dg_service_finish_int64)
