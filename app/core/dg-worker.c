#include "config.h"

#include <glib/gi18n-lib.h>

#include "dg-core.h"
#include "dg-worker.h"

/* One thread owns the connection; jobs arrive on a queue and their results
 * return to the main loop through GTask, so the window never waits on SQLite. */

typedef struct
{
  DgWorkerFunc   func;    /* NULL: open the database */
  gpointer       data;
  GDestroyNotify data_destroy;
} Job;

/* What the thread owns. Shared with the worker object by reference count, so
 * the thread never depends on the object outliving it: the last reference to
 * the worker may well be dropped on the thread itself, by a finished task. */
typedef struct
{
  char         *path;
  DgDbOpenFlags flags;
  GAsyncQueue  *queue;
  DgDb         *db;          /* only touched on the thread */
  gint          read_only;   /* atomic */
} State;

struct _DgWorker
{
  GObject       parent_instance;

  State        *state;
  GThread      *thread;
};

G_DEFINE_FINAL_TYPE (DgWorker, dg_worker, G_TYPE_OBJECT)

/* A task with no Job is the signal to stop. */
static GTask *stop_marker;

static void
state_clear (gpointer data)
{
  State *state = data;

  g_clear_object (&state->db);
  g_clear_pointer (&state->queue, g_async_queue_unref);
  g_clear_pointer (&state->path, g_free);
}

static void
job_free (Job *job)
{
  if (job->data_destroy != NULL)
    job->data_destroy (job->data);
  g_free (job);
}

static void
open_database (State *state,
               GTask *task)
{
  GError *error = NULL;

  if (state->db == NULL)
    {
      state->db = dg_db_open (state->path, state->flags, &error);
      if (state->db == NULL)
        {
          g_task_return_error (task, error);
          return;
        }
      g_atomic_int_set (&state->read_only, dg_db_is_read_only (state->db));
    }

  g_task_return_boolean (task, TRUE);
}

static gpointer
worker_thread (gpointer user_data)
{
  State *state = user_data;

  for (;;)
    {
      GTask *task = g_async_queue_pop (state->queue);
      Job *job;

      if (task == stop_marker)
        break;

      job = g_task_get_task_data (task);
      if (!g_task_return_error_if_cancelled (task))
        {
          if (job->func == NULL)
            open_database (state, task);
          else if (state->db == NULL)
            g_task_return_new_error (task, DG_ERROR, DG_ERROR_FAILED,
                                     _("The database is not open."));
          else
            job->func (task, state->db, job->data, g_task_get_cancellable (task));
        }

      /* May drop the last reference to the worker: see State. */
      g_object_unref (task);
    }

  g_atomic_rc_box_release_full (state, state_clear);
  return NULL;
}

static void
dg_worker_finalize (GObject *object)
{
  DgWorker *self = (DgWorker *)object;

  g_async_queue_push (self->state->queue, stop_marker);
  if (g_thread_self () == self->thread)
    g_thread_unref (self->thread);   /* the thread finishes its loop and exits */
  else
    g_thread_join (self->thread);
  self->thread = NULL;

  g_atomic_rc_box_release_full (self->state, state_clear);

  G_OBJECT_CLASS (dg_worker_parent_class)->finalize (object);
}

static void
dg_worker_class_init (DgWorkerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = dg_worker_finalize;

  stop_marker = g_object_new (G_TYPE_TASK, NULL);
}

static void
dg_worker_init (DgWorker *self)
{
}

DgWorker *
dg_worker_new (const char *path)
{
  return dg_worker_new_with_flags (path, DG_DB_OPEN_DEFAULT);
}

DgWorker *
dg_worker_new_with_flags (const char    *path,
                          DgDbOpenFlags  flags)
{
  DgWorker *self;

  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (DG_TYPE_WORKER, NULL);
  self->state = g_atomic_rc_box_new0 (State);
  self->state->path = g_strdup (path);
  self->state->flags = flags;
  self->state->queue = g_async_queue_new ();
  self->thread = g_thread_new ("dg-database", worker_thread,
                               g_atomic_rc_box_acquire (self->state));

  return self;
}

const char *
dg_worker_get_path (DgWorker *self)
{
  g_return_val_if_fail (DG_IS_WORKER (self), NULL);
  return self->state->path;
}

gboolean
dg_worker_is_read_only (DgWorker *self)
{
  g_return_val_if_fail (DG_IS_WORKER (self), TRUE);
  return g_atomic_int_get (&self->state->read_only);
}

void
dg_worker_queue (DgWorker       *self,
                 GTask          *task,
                 DgWorkerFunc    func,
                 gpointer        data,
                 GDestroyNotify  data_destroy)
{
  Job *job;

  g_return_if_fail (DG_IS_WORKER (self));
  g_return_if_fail (G_IS_TASK (task));

  job = g_new0 (Job, 1);
  job->func = func;
  job->data = data;
  job->data_destroy = data_destroy;
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);

  g_async_queue_push (self->state->queue, g_object_ref (task));
}

static void
queue_job (DgWorker            *self,
           DgWorkerFunc         func,
           gpointer             source_tag,
           gpointer             data,
           GDestroyNotify       data_destroy,
           GCancellable        *cancellable,
           GAsyncReadyCallback  callback,
           gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  dg_worker_queue (self, task, func, data, data_destroy);
}

void
dg_worker_run_async (DgWorker            *self,
                     DgWorkerFunc         func,
                     gpointer             data,
                     GDestroyNotify       data_destroy,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_return_if_fail (DG_IS_WORKER (self));
  g_return_if_fail (func != NULL);

  queue_job (self, func, func, data, data_destroy, cancellable, callback, user_data);
}

void
dg_worker_open_async (DgWorker            *self,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_return_if_fail (DG_IS_WORKER (self));

  queue_job (self, NULL, dg_worker_open_async, NULL, NULL, cancellable, callback, user_data);
}

gboolean
dg_worker_open_finish (DgWorker      *self,
                       GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

typedef struct
{
  gboolean  done;
  gpointer  result;
  GError   *error;
} SyncState;

static void
sync_done (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  SyncState *state = user_data;
  gpointer value;
  GError *error = NULL;

  value = g_task_propagate_pointer (G_TASK (result), &error);

  state->result = value;
  state->error = error;
  state->done = TRUE;
}

gpointer
dg_worker_run_sync (DgWorker     *self,
                    DgWorkerFunc  func,
                    gpointer      data,
                    GError      **error)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  SyncState state = { 0 };

  g_return_val_if_fail (DG_IS_WORKER (self), NULL);

  g_main_context_push_thread_default (context);
  dg_worker_run_async (self, func, data, NULL, NULL, sync_done, &state);
  while (!state.done)
    g_main_context_iteration (context, TRUE);
  g_main_context_pop_thread_default (context);

  if (state.error != NULL)
    g_propagate_error (error, state.error);

  return state.result;
}
