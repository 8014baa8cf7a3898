/* The store's errors: SQLite result codes and the lock holder's name turned
 * into a DgError whose message says what to do. */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <glib/gi18n-lib.h>

#include "dg-db-internal.h"

/* Where SQLite's unix VFS takes its write locks: the WAL write lock on byte
 * 120 of the -shm file (WAL mode), RESERVED and PENDING on the database file
 * (rollback-journal mode). */
#define DG_SHM_WRITE_LOCK_BYTE 120
#define DG_DB_RESERVED_BYTE    0x40000001
#define DG_DB_PENDING_BYTE     0x40000000

static int
code_for_sqlite (int rc)
{
  switch (rc & 0xff)
    {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return DG_ERROR_LOCKED;
    case SQLITE_FULL:
      return DG_ERROR_FULL;
    case SQLITE_NOTADB:
      return DG_ERROR_NOT_A_DATABASE;
    case SQLITE_CORRUPT:
      return DG_ERROR_CORRUPT;
    case SQLITE_READONLY:
      return DG_ERROR_READ_ONLY;
    case SQLITE_CANTOPEN:
    case SQLITE_IOERR:
    case SQLITE_PERM:
      return DG_ERROR_IO;
    case SQLITE_CONSTRAINT:
    case SQLITE_TOOBIG:
    case SQLITE_MISMATCH:
      return DG_ERROR_INVALID;
    default:
      return DG_ERROR_FAILED;
    }
}

const char *
dg_db_advice_for_code (int code)
{
  switch (code)
    {
    case DG_ERROR_LOCKED:
      return _("Another program is writing to the database. Wait a moment and try again; if it persists, close other copies of Diogelu.");
    case DG_ERROR_FULL:
      return _("The disk is full. Free some space and try again; nothing was saved.");
    case DG_ERROR_NOT_A_DATABASE:
      return _("The file is not a Diogelu database. Choose another file, or restore from a backup.");
    case DG_ERROR_CORRUPT:
      return _("The database is damaged. Restore it from a backup, and keep the damaged file for support.");
    case DG_ERROR_READ_ONLY:
      return _("The database cannot be written. Check the file's permissions, or open a copy you can write.");
    case DG_ERROR_IO:
      return _("The file could not be read or written. Check that the disk is present and the folder is writable.");
    default:
      return NULL;
    }
}

/* The process holding a write lock on byte @offset of @path, or 0. Asked
 * with F_GETLK on a descriptor this process already has open on the file
 * (SQLite's own): opening and closing another one would drop every POSIX
 * lock this process holds on the file (see ensure_file). F_GETLK only reads,
 * and never reports this process's own locks. */
static pid_t
lock_holder_at (const char *path,
                off_t       offset)
{
  g_autoptr(GDir) fds = NULL;
  struct stat target;
  const char *name;

  if (stat (path, &target) != 0)
    return 0;
  fds = g_dir_open ("/proc/self/fd", 0, NULL);
  if (fds == NULL)
    return 0;

  while ((name = g_dir_read_name (fds)) != NULL)
    {
      struct flock lock = { 0 };
      struct stat st;
      guint64 fd;

      if (!g_ascii_string_to_unsigned (name, 10, 0, G_MAXINT, &fd, NULL) ||
          fstat ((int) fd, &st) != 0 ||
          st.st_dev != target.st_dev || st.st_ino != target.st_ino)
        continue;

      lock.l_type = F_WRLCK;
      lock.l_whence = SEEK_SET;
      lock.l_start = offset;
      lock.l_len = 1;
      if (fcntl ((int) fd, F_GETLK, &lock) != 0)
        continue;
      /* l_pid is 0 for a holder outside this process's PID namespace. */
      return lock.l_type != F_UNLCK && lock.l_pid > 0 ? lock.l_pid : 0;
    }

  return 0;
}

/* Advice naming the program that holds the write lock, or %NULL when it
 * cannot be found (the generic advice then says "another program"). */
static char *
lock_holder_advice (DgDb *self)
{
  g_autofree char *shm = NULL;
  g_autofree char *comm_path = NULL;
  g_autofree char *comm = NULL;
  pid_t pid;

  if (self == NULL || self->path == NULL)
    return NULL;

  shm = g_strconcat (self->path, "-shm", NULL);
  pid = lock_holder_at (shm, DG_SHM_WRITE_LOCK_BYTE);
  if (pid == 0)
    pid = lock_holder_at (self->path, DG_DB_RESERVED_BYTE);
  if (pid == 0)
    pid = lock_holder_at (self->path, DG_DB_PENDING_BYTE);
  if (pid == 0)
    return NULL;

  comm_path = g_strdup_printf ("/proc/%d/comm", (int) pid);
  if (g_file_get_contents (comm_path, &comm, NULL, NULL))
    g_strstrip (comm);
  if (comm != NULL && *comm != '\0' && g_utf8_validate (comm, -1, NULL))
    return g_strdup_printf (_("Process %d (%s) is writing to the database. Wait for it to finish and try again, or close that program."),
                            (int) pid, comm);

  return g_strdup_printf (_("Process %d is writing to the database. Wait for it to finish and try again, or close that program."),
                          (int) pid);
}

/* @self, when known, lets a "busy" error name the program in the way. */
void
dg_db_set_error_rc (DgDb        *self,
                    GError     **error,
                    int          rc,
                    const char  *sqlite_message,
                    const char  *what)
{
  int code = code_for_sqlite (rc);
  g_autofree char *holder = NULL;
  const char *advice;
  int saved = self != NULL && self->handle != NULL ? sqlite3_system_errno (self->handle) : 0;

  /* SQLite says "disk I/O error" when a full disk fails something other
   * than a plain write (growing the shared memory, a sync, a quota): the
   * cause is named as it is, with what to do about it. */
  if ((rc & 0xff) == SQLITE_IOERR && (saved == ENOSPC || saved == EDQUOT || saved == EFBIG))
    {
      code = DG_ERROR_FULL;
      sqlite_message = g_strerror (saved);
    }

  if ((rc & 0xff) == SQLITE_BUSY)
    holder = lock_holder_advice (self);
  advice = holder != NULL ? holder : dg_db_advice_for_code (code);
  if (saved == EFBIG)
    advice = _("The file would grow past the size this session may write (ulimit -f); nothing was saved.");

  g_set_error (error, DG_ERROR, code, "%s: %s%s%s",
               what, sqlite_message,
               advice ? ". " : "", advice ? advice : "");
}

void
dg_db_set_error (DgDb        *self,
                 GError     **error,
                 const char  *what)
{
  g_return_if_fail (DG_IS_DB (self));

  if (self->pg != NULL)
    {
      dg_pg_set_error (self->pg, NULL, error, what);
      return;
    }
  dg_db_set_error_rc (self, error, sqlite3_extended_errcode (self->handle),
                sqlite3_errmsg (self->handle), what);
}
