/* Replays a fuzzing corpus through a fuzz target without libFuzzer, so that
 * every checked-in input is exercised by the ordinary test suite (and under
 * the sanitizers in CI). Usage: replay-TARGET DIRECTORY|FILE…
 * Files are run in name order, each in a process of its own, so that one
 * crash does not hide the next and no input depends on the ones before it.
 * Exits 0 when every input ran to completion; otherwise lists those that
 * did not (a crash-* file is a known, open bug until it passes). */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

/* Removes @path and everything under it. */
static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (!g_file_test (path, G_FILE_TEST_IS_DIR) || g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      g_unlink (path);
      return;
    }
  dir = g_dir_open (path, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      remove_tree (child);
    }
  g_rmdir (path);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* Runs @path in a child; FALSE when it did not finish normally. */
static gboolean
run_file (const char *path,
          const char *scratch)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;
  pid_t pid;
  int status = 0;

  if (!g_file_get_contents (path, &contents, &length, &error))
    {
      g_printerr ("%s\n", error->message);
      return FALSE;
    }
  g_print ("%s (%" G_GSIZE_FORMAT " bytes)\n", path, length);

  fflush (stdout);   /* or the child prints what is buffered again */
  pid = fork ();
  if (pid < 0)
    g_error ("fork: %s", g_strerror (errno));
  if (pid == 0)
    {
      /* An exact-size copy, so that reading past the input is caught by ASan. */
      uint8_t *data = g_memdup2 (contents, length);

      LLVMFuzzerTestOneInput (data, length);
      g_free (data);
      exit (0);   /* atexit: the target's scratch files go */
    }

  while (waitpid (pid, &status, 0) < 0)
    if (errno != EINTR)
      g_error ("waitpid: %s", g_strerror (errno));

  /* What the target left behind, even when it crashed. */
  remove_tree (scratch);
  if (g_mkdir (scratch, 0700) != 0)
    g_error ("%s: %s", scratch, g_strerror (errno));

  if (WIFEXITED (status) && WEXITSTATUS (status) == 0)
    return TRUE;
  if (WIFSIGNALED (status))
    g_printerr ("%s: killed by signal %d (%s)\n", path, WTERMSIG (status), g_strsignal (WTERMSIG (status)));
  else
    g_printerr ("%s: exit status %d\n", path, WEXITSTATUS (status));
  return FALSE;
}

static gboolean
run_path (const char *path,
          const char *scratch,
          guint      *count,
          GPtrArray  *failed)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) names = NULL;
  const char *name;

  if (!g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      if (!run_file (path, scratch))
        g_ptr_array_add (failed, g_strdup (path));
      (*count)++;
      return TRUE;
    }

  dir = g_dir_open (path, 0, &error);
  if (dir == NULL)
    {
      g_printerr ("%s\n", error->message);
      return FALSE;
    }

  names = g_ptr_array_new_with_free_func (g_free);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (name[0] != '.')
      g_ptr_array_add (names, g_build_filename (path, name, NULL));
  g_ptr_array_sort (names, compare_names);

  for (guint i = 0; i < names->len; i++)
    {
      const char *file = g_ptr_array_index (names, i);

      if (!g_file_test (file, G_FILE_TEST_IS_REGULAR))
        continue;
      if (!run_file (file, scratch))
        g_ptr_array_add (failed, g_strdup (file));
      (*count)++;
    }

  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GPtrArray) failed = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *scratch = NULL;
  const char *tmp = g_getenv ("TMPDIR");
  guint count = 0;
  gboolean ok = TRUE;

  if (argc < 2)
    {
      g_printerr ("Usage: %s DIRECTORY|FILE…\n", argv[0]);
      return 2;
    }

  /* The targets' scratch files go in a folder of ours, emptied after each
   * input: a crash skips their own clean-up. Set before anything asks GLib
   * for the temporary folder, which it remembers. */
  scratch = g_build_filename (tmp != NULL && *tmp != '\0' ? tmp : "/tmp", "dg-replay-XXXXXX", NULL);
  if (g_mkdtemp (scratch) == NULL)
    g_error ("%s: %s", scratch, g_strerror (errno));
  g_setenv ("TMPDIR", scratch, TRUE);

  for (int i = 1; i < argc && ok; i++)
    ok = run_path (argv[i], scratch, &count, failed);
  remove_tree (scratch);
  if (!ok)
    return 1;

  g_print ("%u inputs replayed\n", count);
  if (count == 0)
    {
      g_printerr ("no inputs found: the corpus is missing\n");
      return 1;
    }
  if (failed->len > 0)
    {
      g_printerr ("%u of %u inputs failed:\n", failed->len, count);
      for (guint i = 0; i < failed->len; i++)
        g_printerr ("  %s\n", (const char *) g_ptr_array_index (failed, i));
      return 1;
    }
  return 0;
}
