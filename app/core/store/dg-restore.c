#include "config.h"

#include <errno.h>
#include <json-glib/json-glib.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "dg-error.h"
#include "dg-restore.h"

/* The backup, opened read-only and checked: ours, not newer than this
 * version, and whole. An older one is upgraded in a temporary copy, never
 * in the file the person chose. */
static DgDb *
open_checked (const char       *path,
              const DgDbHooks  *hooks,
              char            **upgraded,
              GError          **error)
{
  g_autoptr(GError) local = NULL;
  g_autoptr(DgDb) source = NULL;
  g_autofree char *report = NULL;

  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, DG_ERROR, DG_ERROR_NOT_FOUND, _("The backup “%s” does not exist. Choose another file."), path);
      return NULL;
    }
  source = dg_db_open_with_hooks (path, DG_DB_OPEN_READ_ONLY | DG_DB_OPEN_NO_MIGRATE, hooks, &local);
  if (source == NULL)
    {
      g_set_error (error, DG_ERROR, local->code, _("%s Nothing was replaced."), local->message);
      return NULL;
    }
  if (!dg_db_check_integrity (source, &report, &local))
    {
      g_set_error (error, DG_ERROR, DG_ERROR_CORRUPT,
                   _("The backup “%s” is damaged (%s). Nothing was replaced; choose an earlier backup."),
                   path, local ? local->message : g_strstrip (report));
      return NULL;
    }

  /* Always a working copy, never the file the person chose: an older one is
   * upgraded there, and the restore's audit row is added there, so that the
   * records and the row that says they were restored arrive in one copy. */
  {
    g_autofree char *dir = g_dir_make_tmp ("diogelu-restore-XXXXXX", error);
    g_autofree char *copy = NULL;

    if (dir == NULL)
      return NULL;
    copy = g_build_filename (dir, "upgraded.db", NULL);
    if (!dg_db_backup (source, copy, error))
      {
        g_rmdir (dir);
        return NULL;
      }
    g_clear_object (&source);
    *upgraded = g_strdup (copy);
    source = dg_db_open_with_hooks (copy, DG_DB_OPEN_DEFAULT, hooks, error);
    if (source == NULL)
      return NULL;
  }

  return g_steal_pointer (&source);
}

static void
remove_upgraded (char *path)
{
  g_autofree char *dir = NULL;
  const char *suffixes[] = { "", "-wal", "-shm" };

  if (path == NULL)
    return;
  dir = g_path_get_dirname (path);
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);
      g_unlink (file);
    }
  g_rmdir (dir);
  g_free (path);
}

char *
dg_db_restore (DgDb        *db,
               const char  *backup,
               const char  *safety_dir,
               GError     **error)
{
  g_autofree char *upgraded = NULL;
  g_autofree char *safety = NULL;
  g_autofree char *name = NULL;
  g_autofree char *detail = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(DgDb) source = NULL;
  sqlite3_backup *copy;
  int rc;

  g_return_val_if_fail (DG_IS_DB (db), NULL);
  g_return_val_if_fail (backup != NULL, NULL);

  if (dg_db_is_read_only (db))
    {
      g_set_error (error, DG_ERROR, DG_ERROR_READ_ONLY,
                   _("The database is open read-only, so it cannot be replaced. Nothing was changed."));
      return NULL;
    }
  source = open_checked (backup, dg_db_get_hooks (db), &upgraded, error);
  if (source == NULL)
    goto out;

  /* What is there now is kept first: a restore can itself be undone. The
   * copy never replaces an earlier one (two restores in one second). */
  now = dg_db_now (db);
  name = g_date_time_format (now, "before-restore-%Y-%m-%d-%H%M%S");
  if (g_mkdir_with_parents (safety_dir, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, DG_ERROR, DG_ERROR_IO, _("Cannot create the backup folder “%s”: %s. Nothing was replaced."),
                   safety_dir, g_strerror (saved));
      goto out;
    }
  safety = dg_db_backup_new (db, safety_dir, name, error);
  if (safety == NULL)
    {
      g_prefix_error (error, _("Nothing was replaced: "));
      goto out;
    }

  {
    g_autoptr(JsonObject) o = json_object_new ();
    g_autoptr(JsonNode) node = NULL;
    g_autofree char *base = g_path_get_basename (backup);
    g_autofree char *kept = g_path_get_basename (safety);

    json_object_set_string_member (o, "backup", base);
    json_object_set_string_member (o, "kept", kept);
    node = json_node_init_object (json_node_alloc (), o);
    detail = json_to_string (node, FALSE);
  }
  /* The row goes into the copy about to be restored, as this database's
   * person and clock would write it. */
  dg_db_set_now (source, now);
  dg_db_set_actor (source, dg_db_get_actor (db));
  if (!dg_db_begin (source, error) ||
      !dg_db_audit (source, "database", 0, "restore", detail, error) ||
      !dg_db_commit (source, error))
    {
      dg_db_rollback (source);
      g_prefix_error (error, _("Nothing was replaced: "));
      g_clear_pointer (&safety, g_free);
      goto out;
    }

  /* One copy, page by page, under SQLite's own locks and in one of its
   * transactions: the other connections see the old records or the
   * restored ones with their audit row, never a mixture. */
  copy = sqlite3_backup_init (dg_db_get_handle (db), "main", dg_db_get_handle (source), "main");
  if (copy == NULL)
    {
      dg_db_set_error (db, error, _("Restoring the backup"));
      g_clear_pointer (&safety, g_free);
      goto out;
    }
  do
    {
      rc = sqlite3_backup_step (copy, -1);
      if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
        sqlite3_sleep (50);
    }
  while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
  sqlite3_backup_finish (copy);
  if (rc != SQLITE_DONE)
    {
      g_set_error (error, DG_ERROR, (rc & 0xff) == SQLITE_FULL ? DG_ERROR_FULL : DG_ERROR_IO,
                   _("Restoring the backup failed (%s); nothing was replaced. The records as they were are also kept in “%s”."),
                   sqlite3_errstr (rc), safety);
      g_clear_pointer (&safety, g_free);
      goto out;
    }

out:
  g_clear_object (&source);
  remove_upgraded (g_steal_pointer (&upgraded));
  return g_steal_pointer (&safety);
}
