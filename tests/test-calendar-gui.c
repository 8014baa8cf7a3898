#include "config.h"

#include <adwaita.h>
#include <json-glib/json-glib.h>

#include "dg-application.h"
#include "dg-calendar-page.h"
#include "dg-test-cli.h"
#include "dg-test-db.h"
#include "dg-test-gui.h"
#include "dg-window.h"

/* Preferences › Calendar: a year's days off with their sources, a working
 * day after all (refused by field, then recorded as the CLI sees it), and
 * GOV.UK's file imported through the file chooser. */

static char *db_path;
static char *govuk_path;

static gboolean
window_ready (gpointer data)
{
  return g_strcmp0 (dg_window_get_state (data), "ready") == 0;
}

static gboolean
has_error (gpointer data)
{
  return gtk_widget_has_css_class (data, "error");
}

static gboolean
chooser_open (gpointer data)
{
  return dg_test_find_window (GTK_TYPE_FILE_CHOOSER_DIALOG, NULL) != NULL;
}

static gboolean
fits (gpointer page)
{
  g_autofree char *cut = dg_test_cut_off_labels (page);

  return cut == NULL;
}

static gboolean
file_selected (gpointer chooser)
{
  g_autoptr(GFile) chosen = gtk_file_chooser_get_file (chooser);
  g_autoptr(GFile) wanted = g_file_new_for_path (govuk_path);

  return gtk_widget_get_mapped (chooser) && chosen != NULL && g_file_equal (chosen, wanted);
}

/* The row of the day titled @title, its subtitle checked to hold @has. */
static void
assert_row (GtkWidget  *page,
            const char *title,
            const char *has)
{
  GtkWidget *row = NULL;

  for (int i = 0; i < 50 && row == NULL; i++)
    {
      row = dg_test_find_widget (page, ADW_TYPE_ACTION_ROW, title);
      if (row == NULL)
        dg_test_spin (100);
    }
  g_assert_nonnull (row);
  g_test_message ("%s: %s", title, adw_action_row_get_subtitle (ADW_ACTION_ROW (row)));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), has));
}

static void
scenario (GApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));
  GtkWidget *prefs, *page, *spin, *date, *reason, *chooser;
  g_autoptr(JsonNode) list = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (govuk_path);
  JsonObject *day;

  g_assert_true (dg_test_wait_until (window_ready, window, 10000));
  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences-page", g_variant_new_string ("calendar"));
  prefs = dg_test_find_window (ADW_TYPE_PREFERENCES_WINDOW, NULL);
  g_assert_nonnull (prefs);
  page = dg_test_find_widget (prefs, DG_TYPE_CALENDAR_PAGE, NULL);
  g_assert_nonnull (page);
  g_assert_true (adw_preferences_window_get_visible_page (ADW_PREFERENCES_WINDOW (prefs)) == ADW_PREFERENCES_PAGE (page));

  /* 2022: the moved spring holiday, the Jubilee, the state funeral. */
  spin = dg_test_find_widget (page, GTK_TYPE_SPIN_BUTTON, NULL);
  g_assert_nonnull (spin);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), 2022);
  assert_row (page, "Platinum Jubilee bank holiday", "Published table");
  assert_row (page, "Spring bank holiday", "Thursday 2 June 2022");
  assert_row (page, "Bank Holiday for the State Funeral of Queen Elizabeth II", "Monday 19 September 2022");
  assert_row (page, "Boxing Day", "Rule");

  /* A Saturday is refused on the date's row; a bank holiday is recorded. */
  date = dg_test_find_widget (page, ADW_TYPE_ENTRY_ROW, "Date (YYYY-MM-DD)");
  reason = dg_test_find_widget (page, ADW_TYPE_ENTRY_ROW, "Reason");
  g_assert_nonnull (date);
  g_assert_nonnull (reason);
  dg_test_type (date, "2027-05-01");
  dg_test_type (reason, "Open by the board’s decision");
  gtk_widget_activate_action (page, "calendar.add-working-day", NULL);
  g_assert_true (dg_test_wait_until (has_error, date, 5000));
  dg_test_type (date, "2027-05-03");
  gtk_widget_activate_action (page, "calendar.add-working-day", NULL);
  g_assert_true (dg_test_wait_for_label (page, "Working day after all", 5000));
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (spin)), ==, 2027);
  assert_row (page, "Early May bank holiday", "Open by the board’s decision");

  list = dg_test_cli_json (db_path, (const char *[]) { "workdays", "working-day", "list", NULL });
  g_assert_cmpuint (json_array_get_length (json_node_get_array (list)), ==, 1);
  day = json_array_get_object_element (json_node_get_array (list), 0);
  g_assert_cmpstr (json_object_get_string_member (day, "day"), ==, "2027-05-03");
  g_assert_cmpstr (json_object_get_string_member (day, "name"), ==, "Open by the board’s decision");

  /* GOV.UK's file, chosen: it agrees with the calendar. */
  gtk_widget_activate_action (page, "calendar.import-govuk", NULL);
  g_assert_true (dg_test_wait_until (chooser_open, NULL, 5000));
  chooser = dg_test_find_window (GTK_TYPE_FILE_CHOOSER_DIALOG, NULL);
  g_assert_true (gtk_file_chooser_set_file (GTK_FILE_CHOOSER (chooser), file, NULL));
  /* GTK 4.8's own dialog selects the file once its folder is read. */
  g_assert_true (dg_test_wait_until (file_selected, chooser, 10000));
  dg_test_click (gtk_dialog_get_widget_for_response (GTK_DIALOG (chooser), GTK_RESPONSE_ACCEPT));
  g_assert_true (dg_test_wait_for_label (page,
                                         "GOV.UK’s list for 2020–2027 imported: 67 bank holidays; "
                                         "0 days recorded as published bank holidays, 0 as working days.", 10000));
  /* Once laid out again, every label fits. */
  dg_test_wait_until (fits, page, 2000);
  {
    g_autofree char *cut = dg_test_cut_off_labels (page);

    g_assert_cmpstr (cut, ==, NULL);
  }

  gtk_window_destroy (GTK_WINDOW (prefs));
  g_application_quit (app);
}

static void
test_calendar (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("dg-test-calendar-gui-XXXXXX", &error);
  g_autoptr(DgApplication) app = NULL;

  g_assert_no_error (error);
  db_path = dg_test_db_location (dir);
  govuk_path = g_build_filename (g_getenv ("DIOGELU_TEST_DATA"), "govuk-bank-holidays.json", NULL);
  json_node_unref (dg_test_cli_json (db_path, (const char *[]) { "init", NULL }));

  g_setenv ("DIOGELU_DB", db_path, TRUE);
  app = dg_application_new ();
  g_signal_connect_after (app, "activate", G_CALLBACK (scenario), NULL);
  g_assert_cmpint (g_application_run (G_APPLICATION (app), 0, NULL), ==, 0);
  g_clear_object (&app);

  dg_test_db_drop (db_path);
  dg_test_remove_folder (dir);
  g_clear_pointer (&db_path, g_free);
  g_clear_pointer (&govuk_path, g_free);
}

int
main (int   argc,
      char *argv[])
{
  dg_test_gui_init (&argc, &argv);
  g_test_add_func ("/calendar-gui/page", test_calendar);
  return g_test_run ();
}
