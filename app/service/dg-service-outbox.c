/* Letters by e-mail: queued in the outbox and delivered by the hub's mail
 * server, on the service's mail connection (dg_service_run_mail). */

#include "config.h"

#include "dg-outbox.h"
#include "dg-service-private.h"

typedef struct
{
  gint64  referral_id;
  gint64  letter_id;
  char   *kind;
  char   *language;
  gboolean attach_pdf;
  gboolean failed_only;
} Mail;

static void
mail_free (Mail *m)
{
  g_free (m->kind);
  g_free (m->language);
  g_free (m);
}

/* The letter @letter_id as a record, whatever became of its delivery. */
static gboolean
return_letter (DgDb     *db,
               gint64    letter_id,
               GValue   *result,
               GError  **error)
{
  JsonObject *shown = dg_outbox_show (db, letter_id, error);

  if (shown == NULL)
    return FALSE;
  return dg_service_return_record (result, json_node_init_object (json_node_alloc (), shown),
                                   &dg_outbox_letter_shape, DG_TYPE_OUTBOX_LETTER);
}

/* A delivery that failed is recorded on the letter (failed, why, when it
 * is tried again): that is the answer, not an error. Only a refusal before
 * trying (nothing to send, already sent) is. */
static gboolean
deliver (DgDb     *db,
         gint64    letter_id,
         GValue   *result,
         GError  **error)
{
  g_autoptr(GError) failure = NULL;
  g_autoptr(JsonObject) after = NULL;

  if (!dg_outbox_deliver (db, letter_id, &failure))
    {
      after = dg_outbox_show (db, letter_id, NULL);
      if (after == NULL || g_strcmp0 (json_object_get_string_member_with_default (after, "state", ""), "failed") != 0)
        {
          g_propagate_error (error, g_steal_pointer (&failure));
          return FALSE;
        }
    }
  return return_letter (db, letter_id, result, error);
}

static gboolean
send_op (DgDb *db, gpointer data, GValue *result, GError **error)
{
  Mail *m = data;
  gint64 letter_id = 0;

  return dg_outbox_queue (db, m->referral_id, m->kind, m->language, m->attach_pdf, &letter_id, error) &&
         deliver (db, letter_id, result, error);
}

void
dg_service_send_letter_async (DgService           *self,
                              gint64               referral_id,
                              const char          *kind,
                              const char          *language,
                              gboolean             attach_pdf,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  Mail *m = g_new0 (Mail, 1);

  m->referral_id = referral_id;
  m->kind = g_strdup (kind);
  m->language = g_strdup (language);
  m->attach_pdf = attach_pdf;
  /* Not cancellable: a letter asked to be sent is sent, window or not. */
  dg_service_run_mail (self, dg_service_send_letter_async, send_op, DG_SERVICE_ANNOUNCED, referral_id,
                       m, (GDestroyNotify) mail_free, NULL, callback, user_data);
}

DG_SERVICE_DEFINE_FINISH (send_letter, DgOutboxLetter *, dg_service_finish_boxed)

static gboolean
retry_op (DgDb *db, gpointer data, GValue *result, GError **error)
{
  Mail *m = data;

  return deliver (db, m->letter_id, result, error);
}

void
dg_service_retry_letter_async (DgService           *self,
                               gint64               letter_id,
                               gint64               referral_id,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  Mail *m = g_new0 (Mail, 1);

  m->letter_id = letter_id;
  dg_service_run_mail (self, dg_service_retry_letter_async, retry_op, DG_SERVICE_ANNOUNCED, referral_id,
                       m, (GDestroyNotify) mail_free, NULL, callback, user_data);
}

DG_SERVICE_DEFINE_FINISH (retry_letter, DgOutboxLetter *, dg_service_finish_boxed)

static gboolean
outbox_op (DgDb *db, gpointer data, GValue *result, GError **error)
{
  Mail *m = data;

  return dg_service_return_records (result, dg_outbox_list (db, m->failed_only, m->referral_id, error),
                                    &dg_outbox_letter_shape, (GDestroyNotify) dg_outbox_letter_free);
}

void
dg_service_outbox_async (DgService           *self,
                         gboolean             failed_only,
                         gint64               referral_id,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  Mail *m = g_new0 (Mail, 1);

  m->failed_only = failed_only;
  m->referral_id = referral_id;
  dg_service_run (self, dg_service_outbox_async, outbox_op, DG_SERVICE_QUIET, 0,
                  m, (GDestroyNotify) mail_free, cancellable, callback, user_data);
}

DG_SERVICE_DEFINE_FINISH (outbox, GPtrArray *, dg_service_finish_boxed)

static gboolean
deliver_due_op (DgDb *db, gpointer data, GValue *result, GError **error)
{
  g_autoptr(GDateTime) now = dg_db_now (db);
  guint n_sent = 0, n_failed = 0;

  if (!dg_outbox_deliver_due (db, now, &n_sent, &n_failed, error))
    return FALSE;
  return dg_service_return_int64 (result, n_sent);
}

void
dg_service_deliver_due_async (DgService           *self,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  dg_service_run_mail (self, dg_service_deliver_due_async, deliver_due_op, DG_SERVICE_QUIET, 0,
                       NULL, NULL, NULL, callback, user_data);
}

DG_SERVICE_DEFINE_FINISH (deliver_due, gint64, dg_service_finish_int64)
