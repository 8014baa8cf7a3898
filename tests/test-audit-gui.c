#include "config.h"

#include <string.h>
#include <adwaita.h>

#include "dg-application.h"
#include "dg-audit-group.h"
#include "dg-test-cli.h"
#include "dg-test-db.h"
#include "dg-test-gui.h"
#include "dg-window.h"

/* Preferences › Database › Audit Trail: Verify Now checks the audit trail's hash chain and
 * says when and what it found, kept per database; an edit made outside
 * Diogelu (the sqlite3 shell) shows as broken at its row. */

static char *db_path;

static gboolean
window_ready (gpointer data)
{
  return g_strcmp0 (dg_window_get_state (data), "ready") == 0;
}

static const char *wanted;

static gboolean
subtitle_has (gpointer data)
{
  const char *subtitle = adw_action_row_get_subtitle (ADW_ACTION_ROW (data));

  return subtitle != NULL && strstr (subtitle, wanted) != NULL;
}

static void
verify (GtkWidget  *page,
        const char *expect)
{
  GtkWidget *row = dg_test_find_widget (page, ADW_TYPE_ACTION_ROW, "Last Verified");

  g_assert_nonnull (row);
  dg_test_click (dg_test_find_widget (page, GTK_TYPE_BUTTON, "Verify Now"));
  wanted = expect;
  if (!dg_test_wait_until (subtitle_has, row, 20000))
    g_error ("Last Verified reads “%s”, not “…%s…”", adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), expect);
}

static void
scenario (GApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));
  GSettings *settings = dg_application_get_settings (DG_APPLICATION (app));
  g_autoptr(GVariant) checks = NULL;
  g_autofree char *found = NULL, *hash = NULL;
  GtkWidget *prefs, *page;
  gint64 at = 0, rows = 0, head = 0;

  g_assert_true (dg_test_wait_until (window_ready, window, 10000));
  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  prefs = dg_test_find_window (ADW_TYPE_PREFERENCES_WINDOW, NULL);
  g_assert_nonnull (prefs);
  page = dg_test_find_widget (prefs, DG_TYPE_AUDIT_GROUP, NULL);
  g_assert_nonnull (page);
  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (prefs), "database");
  g_assert_true (dg_test_wait_for_label (page, "Never on this computer", 5000));

  verify (page, ": intact, 2 rows checked");
  checks = g_settings_get_value (settings, "audit-checks");
  g_assert_true (g_variant_lookup (checks, db_path, "(xxsxs)", &at, &rows, &found, &head, &hash));
  g_assert_cmpint (rows, ==, 2);
  g_assert_cmpstr (found, ==, "intact");
  g_assert_cmpint (head, ==, 2);
  g_assert_cmpuint (strlen (hash), ==, 64);

  /* Someone with the file edits the first row with the sqlite3 shell. */
  {
    const char *argv[] = { "sqlite3", db_path, "DROP TRIGGER audit_no_update; UPDATE audit SET actor = 'Someone Else' WHERE id = 1", NULL };
    int status = 0;

    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, &status, NULL));
    g_assert_true (g_spawn_check_wait_status (status, NULL));
  }
  verify (page, ": broken at row 1: its content is not what was recorded");
  g_clear_pointer (&checks, g_variant_unref);
  g_clear_pointer (&found, g_free);
  g_clear_pointer (&hash, g_free);
  checks = g_settings_get_value (settings, "audit-checks");
  g_assert_true (g_variant_lookup (checks, db_path, "(xxsxs)", &at, &rows, &found, &head, &hash));
  g_assert_cmpstr (found, ==, "broken:1:changed");
  /* The head of the last sound check is kept, to check against again. */
  g_assert_cmpint (head, ==, 2);

  gtk_window_destroy (GTK_WINDOW (prefs));
  g_application_quit (app);
}

static void
test_audit_page (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("dg-test-audit-gui-XXXXXX", &error);
  g_autofree char *file = NULL;
  g_autoptr(DgApplication) app = NULL;
  const char *json = "{\"received_at\": \"2026-01-05T10:00\", \"reporter\": {\"name\": \"Ceri Jones\", \"agency\": \"education\","
                     " \"organisation\": \"Ysgol Enghraifft\"}, \"children\": [{\"name\": \"Siân Morgan\"}]}";

  g_assert_no_error (error);
  db_path = g_build_filename (dir, "diogelu.db", NULL);
  file = g_build_filename (dir, "r.json", NULL);
  g_assert_true (g_file_set_contents (file, json, -1, NULL));
  json_node_unref (dg_test_cli_json (db_path, (const char *[]) { "referral", "add", "--file", file, NULL }));
  json_node_unref (dg_test_cli_json (db_path, (const char *[]) { "referral", "acknowledge", "1", NULL }));

  g_setenv ("DIOGELU_DB", db_path, TRUE);
  app = dg_application_new ();
  g_signal_connect_after (app, "activate", G_CALLBACK (scenario), NULL);
  g_assert_cmpint (g_application_run (G_APPLICATION (app), 0, NULL), ==, 0);
  g_clear_object (&app);
  dg_test_remove_folder (dir);
  g_clear_pointer (&db_path, g_free);
}

int
main (int   argc,
      char *argv[])
{
  dg_test_gui_init (&argc, &argv);
  g_test_add_func ("/audit-gui/verify", test_audit_page);
  return g_test_run ();
}
