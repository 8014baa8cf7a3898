#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "dg-cli.h"
#include "dg-restore.h"
#include "dg-demo.h"

int
dg_cli_init (DgCli   *cli,
             int      argc,
             char   **argv,
             GError **error)
{
  g_autoptr(JsonObject) result = json_object_new ();
  g_autofree char *shown = NULL;
  int version;
  DgDb *db;

  if (!dg_cli_parse_options_only (cli, _("Create or upgrade the database, and nothing else."),
                                  NULL, _("init: unexpected argument “%s”"),
                                  &argc, &argv, error))
    return 2;

  db = dg_cli_open_db (cli, DG_DB_OPEN_DEFAULT, error);
  if (db == NULL)
    return dg_error_exit_code (*error);
  /* The address as given, but never its password. */
  shown = dg_db_location_for_display (dg_db_get_path (db));
  version = dg_db_get_user_version (db);

  json_object_set_string_member (result, "path", shown);
  json_object_set_int_member (result, "schema_version", version);
  dg_cli_print_result (cli, result, _("Database ready: %s (schema %d)\n"), shown, version);
  return 0;
}

int
dg_cli_check (DgCli   *cli,
              int      argc,
              char   **argv,
              GError **error)
{
  g_autoptr(JsonBuilder) builder = NULL;
  g_autofree char *report = NULL;
  g_autofree char *path = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *connection = NULL;
  gboolean sound;
  gboolean exposed = FALSE;
  int version;
  DgDb *db;

  if (!dg_cli_parse_options_only (cli, _("Check the database's integrity and schema version."),
                                  NULL, _("check: unexpected argument “%s”"),
                                  &argc, &argv, error))
    return 2;

  path = dg_db_default_path (cli->db_path);
  if (!dg_db_location_is_uri (path) && !g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, DG_ERROR, DG_ERROR_NOT_FOUND,
                   _("No database at “%s”. Run “diogelu-cli init” to create one."), path);
      return 3;
    }

  /* A check reads only: it must never upgrade or repair what it inspects. */
  db = dg_cli_open_db (cli, DG_DB_OPEN_READ_ONLY | DG_DB_OPEN_NO_MIGRATE, error);
  if (db == NULL)
    return dg_error_exit_code (*error);

  shown = dg_db_location_for_display (dg_db_get_path (db));
  connection = dg_db_describe_connection (db, &exposed);
  version = dg_db_get_user_version (db);
  sound = dg_db_check_integrity (db, &report, error);
  if (!sound && report == NULL)
    return dg_error_exit_code (*error);

  if (cli->json)
    {
      builder = json_builder_new ();
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "path");
      json_builder_add_string_value (builder, shown);
      json_builder_set_member_name (builder, "encrypted");
      json_builder_add_boolean_value (builder, dg_db_is_encrypted (db));
      json_builder_set_member_name (builder, "connection");
      json_builder_add_string_value (builder, connection);
      json_builder_set_member_name (builder, "exposed");
      json_builder_add_boolean_value (builder, exposed);
      json_builder_set_member_name (builder, "ok");
      json_builder_add_boolean_value (builder, sound && version == dg_db_schema_version ());
      json_builder_set_member_name (builder, "integrity");
      json_builder_add_string_value (builder, sound ? "ok" : g_strstrip (report));
      json_builder_set_member_name (builder, "schema_version");
      json_builder_add_int_value (builder, version);
      json_builder_set_member_name (builder, "expected_version");
      json_builder_add_int_value (builder, dg_db_schema_version ());
      json_builder_end_object (builder);
      dg_cli_print_json (json_builder_get_root (builder));
    }
  else
    {
      g_print (_("Database: %s\n"), shown);
      g_print (_("Connection: %s\n"), connection);
      g_print (_("Integrity: %s\n"), sound ? _("ok") : g_strstrip (report));
      g_print (_("Schema version: %d (this version of Diogelu: %d)\n"),
               version, dg_db_schema_version ());
    }

  if (!sound)
    {
      g_set_error (error, DG_ERROR, DG_ERROR_CORRUPT,
                   _("The database failed its integrity check. Restore it from a backup (diogelu-cli backup makes one) and keep the damaged file for support."));
      return 1;
    }
  if (version != dg_db_schema_version ())
    {
      g_set_error (error, DG_ERROR, DG_ERROR_FAILED,
                   _("The database is at schema %d; run “diogelu-cli init” to upgrade it to %d."),
                   version, dg_db_schema_version ());
      return 1;
    }

  return 0;
}

int
dg_cli_backup (DgCli   *cli,
               int      argc,
               char   **argv,
               GError **error)
{
  g_autoptr(JsonObject) result = json_object_new ();
  g_autofree char *to = NULL;
  gboolean daily = FALSE;
  int keep = -1;
  GOptionEntry entries[] = {
    { "daily", 0, 0, G_OPTION_ARG_NONE, &daily,
      N_("Write today’s copy beside the database and in the second location, unless written already (the timer’s command)"), NULL },
    { "keep", 0, 0, G_OPTION_ARG_INT, &keep, N_("With --daily: keep the newest N copies (default: Preferences, else 14)"), N_("N") },
    { "to", 0, 0, G_OPTION_ARG_FILENAME, &to,
      N_("With --daily: the second location, another disk or a network share (default: Preferences)"), N_("DIR") },
    { NULL }
  };
  GStatBuf st;
  DgDb *db;

  if (!dg_cli_parse (cli, _("FILE | --daily"), _("Write an online, consistent copy of the database to FILE, or today’s copy with --daily."),
                     entries, &argc, &argv, error))
    return 2;
  if (!daily && (keep != -1 || to != NULL))
    return dg_cli_usage_error (error, _("backup: --keep and --to go with --daily")), 2;
  if (daily && argc != 1)
    return dg_cli_usage_error (error, _("backup --daily: no FILE; the copies are named by the date")), 2;
  if (daily && keep != -1 && (keep < 1 || keep > 365))
    {
      dg_error_set_field (error, DG_ERROR_INVALID, "keep", NULL, _("Must be from 1 to 365"));
      return 2;
    }
  if (daily)
    return dg_cli_backup_daily (cli, keep, to, error);
  if (argc != 2)
    return dg_cli_usage_error (error, _("backup: FILE is required, e.g. diogelu-cli backup ~/diogelu-backup.db")), 2;

  db = dg_cli_open_db (cli, DG_DB_OPEN_DEFAULT, error);
  if (db == NULL)
    return dg_error_exit_code (*error);

  if (!dg_db_backup (db, argv[1], error))
    return dg_error_exit_code (*error);

  if (g_stat (argv[1], &st) != 0)
    st.st_size = 0;

  json_object_set_string_member (result, "backup", argv[1]);
  json_object_set_int_member (result, "bytes", st.st_size);
  dg_cli_print_result (cli, result, _("Backup written to %s (%lld bytes)\n"), argv[1], (long long) st.st_size);
  return 0;
}

int
dg_cli_restore (DgCli   *cli,
                int      argc,
                char   **argv,
                GError **error)
{
  gboolean yes = FALSE;
  GOptionEntry entries[] = {
    { "yes", 0, 0, G_OPTION_ARG_NONE, &yes, N_("Confirm that every record is to be replaced by the backup's"), NULL },
    { NULL }
  };
  g_autoptr(JsonObject) result = json_object_new ();
  g_autofree char *kept = NULL;
  g_autofree char *safety_dir = NULL;
  DgDb *db;

  if (!dg_cli_parse (cli, _("FILE"), _("Replace every record with those of the backup FILE, after checking it; the records as they are now are kept beside the database first."),
                     entries, &argc, &argv, error))
    return 2;
  if (argc != 2)
    return dg_cli_usage_error (error, _("restore: FILE is required, e.g. diogelu-cli restore --yes ~/diogelu-backup.db")), 2;
  if (!yes)
    return dg_cli_usage_error (error, _("restore: this replaces every record in the database; add --yes to confirm")), 2;

  db = dg_cli_open_db (cli, DG_DB_OPEN_DEFAULT, error);
  if (db == NULL)
    return dg_error_exit_code (*error);
  safety_dir = dg_db_backup_folder (dg_db_get_path (db));
  kept = dg_db_restore (db, argv[1], safety_dir, error);
  if (kept == NULL)
    return dg_error_exit_code (*error);

  json_object_set_string_member (result, "restored", argv[1]);
  json_object_set_string_member (result, "kept", kept);
  dg_cli_print_result (cli, result, _("Restored from %s; the records as they were are kept in %s\n"), argv[1], kept);
  return 0;
}

static void
demo_progress (guint    done,
               guint    total,
               gpointer user_data)
{
  DgCli *cli = user_data;

  if (!cli->json)
    g_printerr ("\r%u / %u", done, total);
}

int
dg_cli_demo (DgCli   *cli,
             int      argc,
             char   **argv,
             GError **error)
{
  int referrals = 0;
  int seed = 1;
  GOptionEntry entries[] = {
    { "referrals", 0, 0, G_OPTION_ARG_INT, &referrals, N_("How many referrals to invent"), N_("N") },
    { "seed", 0, 0, G_OPTION_ARG_INT, &seed, N_("Random seed, for the same data every time (default 1)"), N_("S") },
    { NULL }
  };
  g_autoptr(JsonObject) result = json_object_new ();
  g_autofree char *shown = NULL;
  DgDb *db;

  if (!dg_cli_parse (cli, NULL, _("Add realistic synthetic referrals (never real people)."),
                     entries, &argc, &argv, error))
    return 2;
  if (referrals < 1 || referrals > 10000000)
    return dg_cli_usage_error (error, _("--referrals: “%d” must be between 1 and 10000000"), referrals), 2;

  db = dg_cli_open_db (cli, DG_DB_OPEN_DEFAULT, error);
  if (db == NULL)
    return dg_error_exit_code (*error);

  if (!dg_demo_generate (db, referrals, (guint32) seed, demo_progress, cli, error))
    return dg_error_exit_code (*error);
  if (!cli->json)
    g_printerr ("\n");

  shown = dg_db_location_for_display (dg_db_get_path (db));
  json_object_set_int_member (result, "referrals", referrals);
  json_object_set_int_member (result, "seed", seed);
  dg_cli_print_result (cli, result, _("Added %d synthetic referrals to %s\n"), referrals, shown);
  return 0;
}
