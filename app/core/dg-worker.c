#include "config.h"

#include <glib/gi18n-lib.h>

#include "dg-worker.h"

/* One thread owns the connection; jobs arrive on a queue and their results
 * return to the main loop through GTask, so the window never waits on SQLite. */

typedef struct
{
  DgWorkerFunc   func;
  gpointer       data;
  GDestroyNotify data_destroy;
} Job;

struct _DgWorker
{
  GObject       parent_instance;

  char         *path;
  GAsyncQueue  *queue;
  GThread      *thread;
  DgDb         *db;         /* only touched on the worker thread */
  gboolean      read_only;  /* written on the worker thread before open completes */
};

G_DEFINE_FINAL_TYPE (DgWorker, dg_worker, G_TYPE_OBJECT)

/* A task with no Job is the signal to stop. */
static GTask *stop_marker;

static void
job_free (Job *job)
{
  if (job->data_destroy != NULL)
    job->data_destroy (job->data);
  g_free (job);
}

static gpointer
worker_thread (gpointer user_data)
{
  DgWorker *self = user_data;

  for (;;)
    {
      g_autoptr(GTask) task = g_async_queue_pop (self->queue);
      Job *job;

      if (task == stop_marker)
        {
          g_steal_pointer (&task);
          break;
        }

      job = g_task_get_task_data (task);
      if (g_task_return_error_if_cancelled (task))
        continue;

      job->func (task, self->db, job->data, g_task_get_cancellable (task));
    }

  g_clear_object (&self->db);
  return NULL;
}

static void
dg_worker_finalize (GObject *object)
{
  DgWorker *self = (DgWorker *)object;

  if (self->thread != NULL)
    {
      g_async_queue_push (self->queue, stop_marker);
      g_thread_join (self->thread);
      self->thread = NULL;
    }

  g_clear_pointer (&self->queue, g_async_queue_unref);
  g_clear_pointer (&self->path, g_free);

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
  self->queue = g_async_queue_new ();
}

DgWorker *
dg_worker_new (const char *path)
{
  DgWorker *self;

  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (DG_TYPE_WORKER, NULL);
  self->path = g_strdup (path);
  self->thread = g_thread_new ("dg-database", worker_thread, self);

  return self;
}

const char *
dg_worker_get_path (DgWorker *self)
{
  g_return_val_if_fail (DG_IS_WORKER (self), NULL);
  return self->path;
}

gboolean
dg_worker_is_read_only (DgWorker *self)
{
  g_return_val_if_fail (DG_IS_WORKER (self), TRUE);
  return self->read_only;
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
  GTask *task;
  Job *job;

  g_return_if_fail (DG_IS_WORKER (self));
  g_return_if_fail (func != NULL);

  job = g_new0 (Job, 1);
  job->func = func;
  job->data = data;
  job->data_destroy = data_destroy;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, func);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);

  g_async_queue_push (self->queue, task);
}

static void
open_job (GTask        *task,
          DgDb         *db,
          gpointer      data,
          GCancellable *cancellable)
{
  DgWorker *self = g_task_get_source_object (task);
  GError *error = NULL;

  if (self->db == NULL)
    {
      self->db = dg_db_open (self->path, DG_DB_OPEN_DEFAULT, &error);
      if (self->db == NULL)
        {
          g_task_return_error (task, error);
          return;
        }
      self->read_only = dg_db_is_read_only (self->db);
    }

  g_task_return_boolean (task, TRUE);
}

void
dg_worker_open_async (DgWorker            *self,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  dg_worker_run_async (self, open_job, NULL, NULL, cancellable, callback, user_data);
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
