#pragma once

#include <gio/gio.h>

#include "dg-records-snapshot.h"

G_BEGIN_DECLS

typedef struct _DgService DgService;

/* Saves the figures of the referrals received from @from to @to (dates) as
 * submitted, under @name: never changed afterwards. A refusal names the
 * field ("name" when one is saved under it already). */
void            dg_service_snapshot_save_async  (DgService           *self,
                                                 const char          *name,
                                                 const char          *from,
                                                 const char          *to,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
DgSnapshot     *dg_service_snapshot_save_finish (DgService           *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);
/* The saved snapshots, newest first: a GPtrArray of DgSnapshot. */
void            dg_service_snapshots_async      (DgService           *self,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
GPtrArray      *dg_service_snapshots_finish     (DgService           *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);
/* What has changed since snapshot @name was saved, and which records and
 * rules were amended. */
void            dg_service_snapshot_diff_async  (DgService           *self,
                                                 const char          *name,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
DgSnapshotDiff *dg_service_snapshot_diff_finish (DgService           *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);

G_END_DECLS
