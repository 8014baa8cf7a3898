#include "config.h"

#include <stdlib.h>
#include <glib/gstdio.h>

#include "dg-core.h"
#include "fuzz-db.h"

static char *db_dir = NULL;
static DgDb *db = NULL;

static void
remove_db_files (void)
{
  g_autoptr(GDir) listing = NULL;
  const char *name;

  if (db_dir == NULL)
    return;
  listing = g_dir_open (db_dir, 0, NULL);
  while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *path = g_build_filename (db_dir, name, NULL);
      g_unlink (path);
    }
}

static void
close_db (void)
{
  g_clear_object (&db);
  remove_db_files ();
  if (db_dir != NULL)
    g_rmdir (db_dir);
  g_clear_pointer (&db_dir, g_free);
}

DgDb *
dg_fuzz_db_open (const char *target)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GTimeZone) tz = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *path = NULL;

  if (db != NULL)
    return db;

  if (db_dir == NULL)
    {
      g_autofree char *name = g_strdup_printf ("dg-%s-XXXXXX", target);

      db_dir = g_build_filename (g_get_tmp_dir (), name, NULL);
      if (g_mkdtemp (db_dir) == NULL)
        g_error ("%s: cannot create a folder under %s", target, g_get_tmp_dir ());
      atexit (close_db);
    }

  path = g_build_filename (db_dir, "diogelu.db", NULL);
  db = dg_db_open (path, DG_DB_OPEN_DEFAULT, &error);
  if (db == NULL)
    g_error ("%s: cannot open %s: %s", target, path, error->message);
  /* Speed, not durability: this database is thrown away. */
  if (!dg_db_exec (db, "PRAGMA synchronous = OFF", &error))
    g_error ("%s: %s", target, error->message);
  tz = g_time_zone_new_utc ();
  now = g_date_time_new (tz, 2026, 11, 23, 10, 0, 0);
  dg_db_set_now (db, now);
  dg_db_set_actor (db, "Fuzzer");
  return db;
}

DgDb *
dg_fuzz_db_reset (const char *target)
{
  g_clear_object (&db);
  remove_db_files ();
  return dg_fuzz_db_open (target);
}
