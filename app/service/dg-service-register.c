#include "config.h"

#include "dg-register.h"
#include "dg-service-private.h"
#include "dg-service-register.h"

/* The child protection register: the measures for Reports, a child's
 * history for the intake form, a referral's children for its detail. All
 * reads: nothing is announced. */

typedef struct
{
  char   *from, *to;    /* the measures' period; or the child's name and date of birth */
  gint64  referral_id;
} Ask;

static void
ask_free (Ask *a)
{
  g_free (a->from);
  g_free (a->to);
  g_free (a);
}

static void
run (DgService           *self,
     gpointer             source_tag,
     DgServiceOp          op,
     const char          *first,
     const char          *second,
     gint64               referral_id,
     GCancellable        *cancellable,
     GAsyncReadyCallback  callback,
     gpointer             user_data)
{
  Ask *a = g_new0 (Ask, 1);

  a->from = g_strdup (first);
  a->to = g_strdup (second);
  a->referral_id = referral_id;
  dg_service_run (self, source_tag, op, DG_SERVICE_QUIET, 0, a, (GDestroyNotify) ask_free,
                  cancellable, callback, user_data);
}

static gboolean
measures_op (DgDb *db, gpointer data, GValue *result, GError **error)
{
  Ask *a = data;

  return dg_service_return_record (result, dg_register_report (db, a->from, a->to, FALSE, error),
                                   &dg_register_measures_shape, DG_TYPE_REGISTER_MEASURES);
}

void
dg_service_register_measures_async (DgService           *self,
                                    const char          *from,
                                    const char          *to,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  run (self, dg_service_register_measures_async, measures_op, from, to, 0, cancellable, callback, user_data);
}

DG_SERVICE_DEFINE_FINISH (register_measures, DgRegisterMeasures *, dg_service_finish_boxed)

static gboolean
history_op (DgDb *db, gpointer data, GValue *result, GError **error)
{
  Ask *a = data;

  return dg_service_return_records (result, dg_register_history (db, a->from, a->to, error),
                                    &dg_register_period_shape, (GDestroyNotify) dg_register_period_free);
}

void
dg_service_register_history_async (DgService           *self,
                                   const char          *name,
                                   const char          *dob,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  run (self, dg_service_register_history_async, history_op, name, dob, 0, cancellable, callback, user_data);
}

DG_SERVICE_DEFINE_FINISH (register_history, GPtrArray *, dg_service_finish_boxed)

static gboolean
children_op (DgDb *db, gpointer data, GValue *result, GError **error)
{
  Ask *a = data;

  return dg_service_return_records (result, dg_register_of_referral (db, a->referral_id, error),
                                    &dg_register_child_shape, (GDestroyNotify) dg_register_child_free);
}

void
dg_service_register_children_async (DgService           *self,
                                    gint64               referral_id,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  run (self, dg_service_register_children_async, children_op, NULL, NULL, referral_id,
       cancellable, callback, user_data);
}

DG_SERVICE_DEFINE_FINISH (register_children, GPtrArray *, dg_service_finish_boxed)
