#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Refuses @path when it names something other than a regular file (a
 * folder, a named pipe, a device), or a link to one; a missing path is fine. */
gboolean  dg_file_check_target  (const char  *path,
                                 GError     **error);

/* Writes @data whole to @path, owner-only (0600): into a fresh temporary
 * beside it (O_EXCL, never through a link), synced, then renamed over
 * @path and the folder synced. On failure @path is as it was. */
gboolean  dg_file_write         (const char  *path,
                                 const void  *data,
                                 gsize        length,
                                 GError     **error);

/* dg_file_write () of @bytes on a worker thread, for windows that must not
 * wait on a slow or network disk; @source is kept until @callback runs. */
void      dg_file_write_async   (gpointer             source,
                                 const char          *path,
                                 GBytes              *bytes,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data);
gboolean  dg_file_write_finish  (GAsyncResult        *result,
                                 GError             **error);

/* Flushes the folder holding @path, so that a rename into it lasts. */
gboolean  dg_file_sync_folder   (const char  *path,
                                 GError     **error);

/* The error for a failed write of @path with errno @saved. */
void      dg_file_set_write_error (GError     **error,
                                   const char  *path,
                                   int          saved);

/* For both executables at start-up: a file size limit (ulimit -f) fails the
 * write instead of killing the process, and no core dump holds personal
 * data unless DIOGELU_CORE_DUMPS=1 asks for one. */
void      dg_process_protect    (void);

G_END_DECLS
