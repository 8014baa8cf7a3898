#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "dg-error.h"
#include "dg-file.h"

gboolean
dg_file_check_target (const char  *path,
                      GError     **error)
{
  struct stat st;

  g_return_val_if_fail (path != NULL, FALSE);

  /* stat follows a link: a link to a device is refused like the device. */
  if (stat (path, &st) != 0 || S_ISREG (st.st_mode))
    return TRUE;

  g_set_error (error, DG_ERROR, DG_ERROR_INVALID,
               S_ISDIR (st.st_mode)
               ? _("“%s” is a folder, not a file. Give a file name; nothing was written.")
               : _("“%s” is not a regular file (a named pipe or a device). Give a file name in a folder; nothing was written."),
               path);
  return FALSE;
}

void
dg_file_set_write_error (GError     **error,
                         const char  *path,
                         int          saved)
{
  if (saved == ENOSPC || saved == EDQUOT)
    g_set_error (error, DG_ERROR, DG_ERROR_FULL,
                 _("Cannot write “%s”: the disk is full. Nothing was saved; free some space and try again."),
                 path);
  else if (saved == EFBIG)
    g_set_error (error, DG_ERROR, DG_ERROR_FULL,
                 _("Cannot write “%s”: it would be larger than this session may write (ulimit -f). Nothing was saved."),
                 path);
  else
    g_set_error (error, DG_ERROR, DG_ERROR_IO, _("Cannot write “%s”: %s. Nothing was saved."),
                 path, g_strerror (saved));
}

gboolean
dg_file_sync_folder (const char  *path,
                     GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  int fd = g_open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
  int saved;

  if (fd >= 0 && fsync (fd) == 0)
    {
      close (fd);
      return TRUE;
    }
  saved = errno;
  if (fd >= 0)
    close (fd);
  /* Some file systems cannot sync a folder; the rename stands regardless. */
  if (saved == EINVAL || saved == EROFS)
    return TRUE;
  dg_file_set_write_error (error, path, saved);
  return FALSE;
}

/* g_file_set_contents_full () does the same steps, but its errors name the
 * temporary file and lose errno (a full disk under a quota, or a size limit,
 * become G_FILE_ERROR_FAILED); the person needs to hear which. */
gboolean
dg_file_write (const char  *path,
               const void  *data,
               gsize        length,
               GError     **error)
{
  g_autofree char *tmp = NULL;
  const char *p = data;
  gsize left = length;
  int saved = 0;
  int fd;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (data != NULL || length == 0, FALSE);

  if (!dg_file_check_target (path, error))
    return FALSE;

  /* Fresh and owner-only whatever lies about: O_EXCL never opens a stale
   * file or follows a planted link. */
  tmp = g_strdup_printf ("%s.XXXXXX.partial", path);
  fd = g_mkstemp_full (tmp, O_WRONLY | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      saved = errno;
      dg_file_set_write_error (error, path, saved);
      return FALSE;
    }

  while (left > 0)
    {
      gssize n = write (fd, p, MIN (left, (gsize) G_MAXSSIZE));

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          /* A short write of 0 bytes is the disk saying it is full. */
          saved = n < 0 ? errno : ENOSPC;
          break;
        }
      p += n;
      left -= n;
    }
  if (saved == 0 && fsync (fd) != 0)
    saved = errno;
  if (close (fd) != 0 && saved == 0)
    saved = errno;
  if (saved == 0 && g_rename (tmp, path) != 0)
    saved = errno;
  if (saved != 0)
    {
      g_unlink (tmp);
      dg_file_set_write_error (error, path, saved);
      return FALSE;
    }

  return dg_file_sync_folder (path, error);
}

void
dg_process_protect (void)
{
  /* Without this, a write past the limit kills the process by SIGXFSZ with
   * no word, and leaves its temporary files behind. */
  signal (SIGXFSZ, SIG_IGN);

  if (g_strcmp0 (g_getenv ("DIOGELU_CORE_DUMPS"), "1") != 0)
    {
      struct rlimit none = { 0, 0 };

      /* A core holds whatever was in memory: children's names. */
      setrlimit (RLIMIT_CORE, &none);
      prctl (PR_SET_DUMPABLE, 0, 0, 0, 0);
    }
}

typedef struct
{
  char   *path;
  GBytes *bytes;
} Write;

static void
write_free (gpointer data)
{
  Write *w = data;

  g_free (w->path);
  g_bytes_unref (w->bytes);
  g_free (w);
}

static void
write_thread (GTask        *task,
              gpointer      source,
              gpointer      data,
              GCancellable *cancellable)
{
  Write *w = data;
  GError *error = NULL;
  gsize length;
  gconstpointer bytes = g_bytes_get_data (w->bytes, &length);

  if (dg_file_write (w->path, bytes, length, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
dg_file_write_async (gpointer             source,
                     const char          *path,
                     GBytes              *bytes,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (source, NULL, callback, user_data);
  Write *w = g_new0 (Write, 1);

  w->path = g_strdup (path);
  w->bytes = g_bytes_ref (bytes);
  g_task_set_source_tag (task, dg_file_write_async);
  g_task_set_task_data (task, w, write_free);
  g_task_run_in_thread (task, write_thread);
}

gboolean
dg_file_write_finish (GAsyncResult  *result,
                      GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == dg_file_write_async, FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
