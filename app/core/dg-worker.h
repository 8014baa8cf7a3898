#pragma once

#include <gio/gio.h>

#include "dg-db.h"

G_BEGIN_DECLS

#define DG_TYPE_WORKER (dg_worker_get_type ())
G_DECLARE_FINAL_TYPE (DgWorker, dg_worker, DG, WORKER, GObject)

/* Runs on the database thread; completes @task with g_task_return_*(). */
typedef void (*DgWorkerFunc) (GTask        *task,
                              DgDb         *db,
                              gpointer      data,
                              GCancellable *cancellable);

/* A worker owning one database connection on its own thread. */
DgWorker   *dg_worker_new          (const char          *path);
/* The same, opening the database with @flags (DG_DB_OPEN_SMALL_CACHE, say). */
DgWorker   *dg_worker_new_with_flags (const char        *path,
                                      DgDbOpenFlags      flags);

const char *dg_worker_get_path     (DgWorker            *self);

/* Opens (and upgrades) the database on the worker thread. */
void        dg_worker_open_async   (DgWorker            *self,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data);
gboolean    dg_worker_open_finish  (DgWorker            *self,
                                    GAsyncResult        *result,
                                    GError             **error);

/* Queues @func; the result reaches @callback on the caller's main context.
 * @source_tag identifies the operation for g_task_is_valid(). */
void        dg_worker_run_async    (DgWorker            *self,
                                    DgWorkerFunc         func,
                                    gpointer             data,
                                    GDestroyNotify       data_destroy,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data);

/* Queues @task, made by the caller (its source object, tag and callback
 * its own), to be completed by @func on the worker thread with @data. */
void        dg_worker_queue        (DgWorker            *self,
                                    GTask               *task,
                                    DgWorkerFunc         func,
                                    gpointer             data,
                                    GDestroyNotify       data_destroy);

/* Runs @func on the worker thread and waits: for tests and shutdown paths only. */
gpointer    dg_worker_run_sync     (DgWorker            *self,
                                    DgWorkerFunc         func,
                                    gpointer             data,
                                    GError             **error);

/* Whether the open database is read only (valid after a successful open). */
gboolean    dg_worker_is_read_only (DgWorker            *self);

G_END_DECLS
