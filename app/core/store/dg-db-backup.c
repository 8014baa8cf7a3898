/* A DgDb's integrity check and its backups (on a file; a server is backed
 * up by its own tools). */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "dg-db-internal.h"
#include "dg-file.h"

gboolean
dg_db_check_integrity (DgDb     *self,
                       char    **report,
                       GError  **error)
{
  g_autoptr(GString) out = g_string_new (NULL);
  DgStmt *stmt;
  gboolean has_row = FALSE;
  gboolean ok = TRUE;

  g_return_val_if_fail (DG_IS_DB (self), FALSE);

  /* PostgreSQL checks its own pages and keys as it writes; what can be
   * checked from here is that the server answers with this schema. */
  if (self->pg != NULL)
    {
      int version = dg_db_get_user_version (self);

      if (version > 0 && version < dg_db_schema_version ())
        {
          dg_db_pg_set_upgrade_refused (self, error, version);
          return FALSE;
        }
      if (version != dg_db_schema_version ())
        {
          g_set_error (error, DG_ERROR, DG_ERROR_NOT_A_DATABASE,
                       _("The PostgreSQL database does not hold a Diogelu schema %d."),
                       dg_db_schema_version ());
          return FALSE;
        }
      if (report != NULL)
        *report = g_strdup ("ok\n");
      return TRUE;
    }

  stmt = dg_db_prepare (self, "PRAGMA integrity_check", error);
  if (stmt == NULL)
    return FALSE;
  while (dg_db_step (self, stmt, &has_row, error) && has_row)
    {
      const char *line = dg_stmt_column_text (stmt, 0);
      if (g_strcmp0 (line, "ok") != 0)
        ok = FALSE;
      g_string_append_printf (out, "%s\n", line);
    }
  dg_stmt_reset (stmt);
  if (error != NULL && *error != NULL)
    return FALSE;

  stmt = dg_db_prepare (self, "PRAGMA foreign_key_check", error);
  if (stmt == NULL)
    return FALSE;
  while (dg_db_step (self, stmt, &has_row, error) && has_row)
    {
      ok = FALSE;
      g_string_append_printf (out, "foreign key: %s row %lld refers to missing %s\n",
                              dg_stmt_column_text (stmt, 0),
                              (long long) dg_stmt_column_int64 (stmt, 1),
                              dg_stmt_column_text (stmt, 2));
    }
  dg_stmt_reset (stmt);
  if (error != NULL && *error != NULL)
    return FALSE;

  if (report != NULL)
    *report = g_string_free (g_steal_pointer (&out), FALSE);

  return ok;
}

static gboolean
refuse_pg_backup (DgDb    *self,
                  GError **error)
{
  if (self->pg == NULL)
    return FALSE;
  g_set_error_literal (error, DG_ERROR, DG_ERROR_INVALID,
                       _("A PostgreSQL database is copied on its server (pg_dump, or the server's own backups); Diogelu's copies are of SQLite files."));
  return TRUE;
}

/* The copy, into a fresh owner-only temporary beside @dest_path (O_EXCL:
 * never a stale file or a planted link); its name in @tmp_out. */
static gboolean
backup_to_temporary (DgDb        *self,
                     const char  *dest_path,
                     char       **tmp_out,
                     GError     **error)
{
  g_autofree char *tmp_path = g_strdup_printf ("%s.XXXXXX.partial", dest_path);
  sqlite3 *dest = NULL;
  sqlite3_backup *backup;
  int fd;
  int rc;

  fd = g_mkstemp_full (tmp_path, O_RDWR | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, DG_ERROR, saved == ENOSPC ? DG_ERROR_FULL : DG_ERROR_IO,
                   _("Cannot write the backup “%s”: %s. Choose a folder you can write."),
                   dest_path, g_strerror (saved));
      return FALSE;
    }
  close (fd);

  rc = sqlite3_open_v2 (tmp_path, &dest, SQLITE_OPEN_READWRITE, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_extended_result_codes (dest, 1);
      backup = sqlite3_backup_init (dest, "main", self->handle, "main");
      if (backup == NULL)
        rc = sqlite3_errcode (dest);
      else
        {
          do
            {
              rc = sqlite3_backup_step (backup, 256);
              if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
                sqlite3_sleep (20);
            }
          while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
          sqlite3_backup_finish (backup);
          if (rc == SQLITE_DONE)
            rc = sqlite3_extended_errcode (dest);
        }
    }

  /* A backup is a single self-contained file: no WAL beside it. */
  if (rc == SQLITE_OK)
    rc = sqlite3_exec (dest, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      int saved = dest != NULL ? sqlite3_system_errno (dest) : 0;

      if (saved == ENOSPC || saved == EDQUOT || saved == EFBIG || (rc & 0xff) == SQLITE_FULL)
        dg_file_set_write_error (error, dest_path, saved != 0 ? saved : ENOSPC);
      else
        dg_db_set_error_rc (self, error, rc, dest ? sqlite3_errmsg (dest) : sqlite3_errstr (rc),
                      _("Backup failed"));
      sqlite3_close_v2 (dest);
      g_unlink (tmp_path);
      return FALSE;
    }
  sqlite3_close_v2 (dest);

  *tmp_out = g_steal_pointer (&tmp_path);
  return TRUE;
}

gboolean
dg_db_backup (DgDb        *self,
              const char  *dest_path,
              GError     **error)
{
  g_autofree char *tmp_path = NULL;

  g_return_val_if_fail (DG_IS_DB (self), FALSE);
  g_return_val_if_fail (dest_path != NULL, FALSE);

  if (refuse_pg_backup (self, error))
    return FALSE;
  if (!dg_file_check_target (dest_path, error))
    return FALSE;

  /* The leftover of a copy interrupted before temporaries were unique. */
  {
    g_autofree char *stale = g_strdup_printf ("%s.partial", dest_path);
    g_unlink (stale);
  }

  /* Written beside the target and renamed, so an interrupted backup never
   * leaves a half-written file under the name the user asked for. */
  if (!backup_to_temporary (self, dest_path, &tmp_path, error))
    return FALSE;

  if (g_rename (tmp_path, dest_path) != 0)
    {
      int saved = errno;
      g_set_error (error, DG_ERROR, DG_ERROR_IO, _("Cannot write the backup “%s”: %s"),
                   dest_path, g_strerror (saved));
      g_unlink (tmp_path);
      return FALSE;
    }

  return dg_file_sync_folder (dest_path, error);
}

char *
dg_db_backup_new (DgDb        *self,
                  const char  *dir,
                  const char  *stem,
                  GError     **error)
{
  g_autofree char *first = NULL;
  g_autofree char *tmp_path = NULL;

  g_return_val_if_fail (DG_IS_DB (self), NULL);
  g_return_val_if_fail (dir != NULL && stem != NULL, NULL);

  if (refuse_pg_backup (self, error))
    return NULL;

  first = g_strdup_printf ("%s%c%s.db", dir, G_DIR_SEPARATOR, stem);
  if (!backup_to_temporary (self, first, &tmp_path, error))
    return NULL;

  /* link () gives the copy its name only if no file has it: a second copy
   * in the same second (always, with --now) takes the next free one. */
  for (guint n = 1; n <= 1000; n++)
    {
      g_autofree char *path = n == 1 ? g_strdup (first)
                                     : g_strdup_printf ("%s%c%s-%u.db", dir, G_DIR_SEPARATOR, stem, n);

      if (link (tmp_path, path) == 0)
        {
          g_unlink (tmp_path);
          if (!dg_file_sync_folder (path, error))
            return NULL;
          return g_steal_pointer (&path);
        }
      if (errno != EEXIST)
        {
          int saved = errno;
          g_set_error (error, DG_ERROR, DG_ERROR_IO, _("Cannot write the backup “%s”: %s"),
                       path, g_strerror (saved));
          g_unlink (tmp_path);
          return NULL;
        }
    }

  g_set_error (error, DG_ERROR, DG_ERROR_IO,
               _("Cannot write the backup “%s”: a thousand copies of that name are already there. Move some of them elsewhere."),
               first);
  g_unlink (tmp_path);
  return NULL;
}

static int
compare_names_desc (gconstpointer a,
                    gconstpointer b)
{
  return -g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

char *
dg_db_backup_folder (const char *db_path)
{
  g_autofree char *dir = g_path_get_dirname (db_path);

  return g_build_filename (dir, "backups", NULL);
}

char *
dg_db_backup_daily (DgDb        *self,
                    const char  *dir,
                    guint        keep,
                    GError     **error)
{
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GPtrArray) copies = NULL;
  g_autoptr(GDir) listing = NULL;
  const char *entry;

  g_return_val_if_fail (DG_IS_DB (self), NULL);
  g_return_val_if_fail (dir != NULL, NULL);

  /* The server keeps a PostgreSQL database's copies. */
  if (self->pg != NULL)
    return NULL;

  now = dg_db_now (self);
  name = g_date_time_format (now, "diogelu-%Y-%m-%d.db");
  path = g_build_filename (dir, name, NULL);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, DG_ERROR, DG_ERROR_IO, _("Cannot create the backup folder “%s”: %s"),
                   dir, g_strerror (saved));
      return NULL;
    }

  if (g_file_test (path, G_FILE_TEST_EXISTS))
    return NULL;

  if (!dg_db_backup (self, path, error))
    return NULL;

  /* Names sort by date: keep the newest @keep, remove the rest. */
  listing = g_dir_open (dir, 0, error);
  if (listing == NULL)
    return NULL;
  copies = g_ptr_array_new_with_free_func (g_free);
  while ((entry = g_dir_read_name (listing)) != NULL)
    if (g_str_has_prefix (entry, "diogelu-") && g_str_has_suffix (entry, ".db") && strlen (entry) == strlen ("diogelu-YYYY-MM-DD.db"))
      g_ptr_array_add (copies, g_strdup (entry));
  g_ptr_array_sort (copies, compare_names_desc);
  for (guint i = MAX (keep, 1); i < copies->len; i++)
    {
      g_autofree char *old = g_build_filename (dir, g_ptr_array_index (copies, i), NULL);
      g_unlink (old);
    }

  return g_steal_pointer (&path);
}
