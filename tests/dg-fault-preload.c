/* An LD_PRELOAD shim for the CLI under test: a disk that fills up, and a
 * kill at an exact write. Set by the environment:
 *
 *   DG_FAULT_FULL_DIR=DIR     writes to files under DIR fail with ENOSPC once
 *   DG_FAULT_FULL_BYTES=N     N bytes (default 0) have gone there, the last
 *                             one short, as a disk that fills up does
 *   DG_FAULT_KILL_AT=N        SIGKILL just before the Nth write, sync,
 *                             rename or link to a regular file
 *   DG_FAULT_COUNT_FILE=PATH  at exit, how many there were, written to PATH
 *   DG_FAULT_SYNC_EIO=SUFFIX  fsync and fdatasync of a file whose name ends
 *                             with SUFFIX fail with EIO (the data written
 *                             stays), as a failing disk's can
 *
 * Only calls made through the dynamic linker are seen: the CLI's own, GLib's
 * and SQLite's, which is every write that holds a record. */

#define _GNU_SOURCE
/* Both pwrite and pwrite64 are defined here, so neither may alias the other. */
#undef _FILE_OFFSET_BITS

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

static const char *full_dir;
static long long full_left = -1;  /* bytes still allowed under full_dir */
static long kill_at;
static long counted;
static const char *count_file;
static const char *sync_eio_suffix;

static ssize_t (*real_write) (int, const void *, size_t);
static ssize_t (*real_pwrite) (int, const void *, size_t, off_t);
static ssize_t (*real_pwrite64) (int, const void *, size_t, off64_t);
static ssize_t (*real_writev) (int, const struct iovec *, int);
static int (*real_fsync) (int);
static int (*real_fdatasync) (int);
static int (*real_rename) (const char *, const char *);
static int (*real_link) (const char *, const char *);

__attribute__ ((constructor)) static void
setup (void)
{
  const char *v;

  real_write = dlsym (RTLD_NEXT, "write");
  real_pwrite = dlsym (RTLD_NEXT, "pwrite");
  real_pwrite64 = dlsym (RTLD_NEXT, "pwrite64");
  real_writev = dlsym (RTLD_NEXT, "writev");
  real_fsync = dlsym (RTLD_NEXT, "fsync");
  real_fdatasync = dlsym (RTLD_NEXT, "fdatasync");
  real_rename = dlsym (RTLD_NEXT, "rename");
  real_link = dlsym (RTLD_NEXT, "link");

  full_dir = getenv ("DG_FAULT_FULL_DIR");
  if (full_dir != NULL && *full_dir == '\0')
    full_dir = NULL;
  v = getenv ("DG_FAULT_FULL_BYTES");
  full_left = full_dir == NULL ? -1 : (v != NULL ? atoll (v) : 0);
  v = getenv ("DG_FAULT_KILL_AT");
  kill_at = v != NULL ? atol (v) : 0;
  count_file = getenv ("DG_FAULT_COUNT_FILE");
  sync_eio_suffix = getenv ("DG_FAULT_SYNC_EIO");
}

__attribute__ ((destructor)) static void
report (void)
{
  char text[32];
  int fd, n;

  if (count_file == NULL)
    return;
  fd = open (count_file, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0)
    return;
  n = snprintf (text, sizeof text, "%ld\n", counted);
  if (real_write (fd, text, n) != n)
    {
      /* Nothing to do: the script sees a missing count. */
    }
  close (fd);
}

static int
is_regular (int fd)
{
  struct stat st;
  int saved = errno;
  int regular = fstat (fd, &st) == 0 && S_ISREG (st.st_mode);

  errno = saved;
  return regular;
}

static void
count (void)
{
  counted++;
  if (kill_at > 0 && counted == kill_at)
    raise (SIGKILL);
}

/* How many of @n bytes may go to @fd; -1 with errno ENOSPC for none. */
static ssize_t
allowed (int    fd,
         size_t n)
{
  char link[64], target[PATH_MAX];
  size_t dir_len;
  ssize_t len;

  if (full_dir == NULL)
    return n;
  snprintf (link, sizeof link, "/proc/self/fd/%d", fd);
  len = readlink (link, target, sizeof target - 1);
  if (len <= 0)
    return n;
  target[len] = '\0';
  dir_len = strlen (full_dir);
  if (strncmp (target, full_dir, dir_len) != 0 || target[dir_len] != '/')
    return n;

  if (full_left <= 0)
    {
      errno = ENOSPC;
      return -1;
    }
  if ((long long) n > full_left)
    n = full_left;
  full_left -= n;
  return n;
}

ssize_t
write (int fd, const void *buf, size_t n)
{
  ssize_t ok;

  if (is_regular (fd))
    count ();
  ok = allowed (fd, n);
  if (ok < 0)
    return -1;
  return real_write (fd, buf, ok);
}

ssize_t
pwrite (int fd, const void *buf, size_t n, off_t offset)
{
  ssize_t ok;

  if (is_regular (fd))
    count ();
  ok = allowed (fd, n);
  if (ok < 0)
    return -1;
  return real_pwrite (fd, buf, ok, offset);
}

ssize_t
pwrite64 (int fd, const void *buf, size_t n, off64_t offset)
{
  ssize_t ok;

  if (is_regular (fd))
    count ();
  ok = allowed (fd, n);
  if (ok < 0)
    return -1;
  return real_pwrite64 (fd, buf, ok, offset);
}

ssize_t
writev (int fd, const struct iovec *iov, int n)
{
  size_t total = 0;

  if (is_regular (fd))
    count ();
  for (int i = 0; i < n; i++)
    total += iov[i].iov_len;
  if (allowed (fd, total) != (ssize_t) total)
    {
      errno = ENOSPC;
      return -1;
    }
  return real_writev (fd, iov, n);
}

/* Whether a sync of @fd is to fail (DG_FAULT_SYNC_EIO). */
static int
sync_fails (int fd)
{
  char link[64], path[PATH_MAX];
  size_t suffix;
  ssize_t n;

  if (sync_eio_suffix == NULL || *sync_eio_suffix == '\0')
    return 0;
  snprintf (link, sizeof link, "/proc/self/fd/%d", fd);
  n = readlink (link, path, sizeof path - 1);
  if (n < 0)
    return 0;
  path[n] = '\0';
  suffix = strlen (sync_eio_suffix);
  return (size_t) n >= suffix && strcmp (path + n - suffix, sync_eio_suffix) == 0;
}

int
fsync (int fd)
{
  if (is_regular (fd))
    count ();
  if (sync_fails (fd))
    {
      errno = EIO;
      return -1;
    }
  return real_fsync (fd);
}

int
fdatasync (int fd)
{
  if (is_regular (fd))
    count ();
  if (sync_fails (fd))
    {
      errno = EIO;
      return -1;
    }
  return real_fdatasync (fd);
}

int
rename (const char *from, const char *to)
{
  count ();
  return real_rename (from, to);
}

int
link (const char *from, const char *to)
{
  count ();
  return real_link (from, to);
}
