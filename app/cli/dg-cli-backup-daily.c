#include "config.h"

#include <glib/gi18n.h>
#include <gio/gio.h>

#include "dg-cli.h"
#include "dg-db.h"
#include "dg-error.h"

/* The application's settings when its schema is installed (the timer runs
 * on a desktop that has it), else NULL: the command then needs none. */
static GSettings *
app_settings (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source == NULL)
    return NULL;
  schema = g_settings_schema_source_lookup (source, APPLICATION_ID, TRUE);
  if (schema == NULL)
    return NULL;
  return g_settings_new_full (schema, NULL, NULL);
}

/* Writes today's copy into @dir, keeping @keep; adds what was done to @done. */
static gboolean
daily_into (DgDb       *db,
            const char *dir,
            guint       keep,
            JsonArray  *done,
            gboolean    say,
            GError    **error)
{
  g_autofree char *written = dg_db_backup_daily (db, dir, keep, error);
  JsonObject *o;

  if (written == NULL && *error != NULL)
    return FALSE;
  o = json_object_new ();
  json_object_set_string_member (o, "folder", dir);
  if (written != NULL)
    json_object_set_string_member (o, "backup", written);
  else
    json_object_set_null_member (o, "backup");
  json_array_add_object_element (done, o);
  if (!say)
    ;
  else if (written != NULL)
    g_print (_("Backup written to %s\n"), written);
  else
    g_print (_("Today’s backup is already in %s\n"), dir);
  return TRUE;
}

int
dg_cli_backup_daily (DgCli   *cli,
                     int      keep,
                     char    *to,
                     GError **error)
{
  g_autoptr(GSettings) settings = app_settings ();
  g_autoptr(JsonArray) done = json_array_new ();
  g_autofree char *second = NULL;
  g_autofree char *beside = NULL;
  DgDb *db;

  /* The database the window uses, unless --db or $DIOGELU_DB says another. */
  if (settings != NULL && (cli->db_path == NULL || *cli->db_path == '\0') &&
      (g_getenv ("DIOGELU_DB") == NULL || *g_getenv ("DIOGELU_DB") == '\0'))
    {
      g_free (cli->db_path);
      cli->db_path = g_settings_get_string (settings, "database");
    }
  if (keep < 0)
    keep = settings != NULL ? g_settings_get_int (settings, "backup-keep") : 14;
  if (to != NULL)
    second = g_strdup (to);
  else if (settings != NULL)
    second = g_settings_get_string (settings, "backup-second-location");
  if (second != NULL && *second == '\0')
    g_clear_pointer (&second, g_free);

  if (settings != NULL && to == NULL && !g_settings_get_boolean (settings, "backup-enabled"))
    {
      g_autoptr(JsonObject) off = json_object_new ();

      json_object_set_boolean_member (off, "disabled", TRUE);
      dg_cli_print_result (cli, off, "%s\n",
                           _("Daily backups are switched off in Preferences: nothing was written"));
      return 0;
    }

  db = dg_cli_open_db (cli, DG_DB_OPEN_DEFAULT, error);
  if (db == NULL)
    return dg_error_exit_code (*error);
  if (dg_db_is_postgres (db))
    {
      g_set_error (error, DG_ERROR, DG_ERROR_INVALID,
                   _("A PostgreSQL database is copied on its server (pg_dump, or the server’s own backups); "
                     "Diogelu’s daily copies are of SQLite files"));
      return 2;
    }

  /* Beside the database, as the window's own copies; and in the second
   * location (another disk, a network share) when there is one. */
  beside = dg_db_backup_folder (dg_db_get_path (db));
  if (!daily_into (db, beside, (guint) keep, done, !cli->json, error) ||
      (second != NULL && !daily_into (db, second, (guint) keep, done, !cli->json, error)))
    return dg_error_exit_code (*error);
  if (cli->json)
    dg_cli_print_json_array (done);
  return 0;
}
