#include "config.h"

#include <adwaita.h>
#include <libsecret/secret.h>
#include <glib/gstdio.h>

#include <unistd.h>

#include "dg-core.h"
#include "dg-application.h"
#include "dg-db.h"
#include "dg-demo.h"
#include "dg-test-db.h"
#include "dg-test-gui.h"
#include "dg-meetings-page.h"
#include "dg-keyring.h"
#include "dg-notifications-page.h"
#include "dg-password-dialog.h"
#include "dg-referral-row.h"
#include "dg-referrals-page.h"
#include "dg-referrals.h"
#include "dg-reports-page.h"
#include "dg-window.h"

typedef void (*WindowCheck) (DgWindow *window);

typedef struct
{
  WindowCheck check;
  gboolean    ran;
  gboolean    no_wait;   /* the check itself waits for the window */
} RunState;

static gboolean
window_settled (gpointer data)
{
  return g_strcmp0 (dg_window_get_state (data), "loading") != 0;
}

static void
on_activate (GApplication *app,
             RunState     *state)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  g_assert_true (DG_IS_WINDOW (window));
  g_assert_true (state->no_wait || dg_test_wait_until (window_settled, window, 10000));
  /* Let the first frames draw, as a person would see them. */
  dg_test_spin (200);

  state->check (DG_WINDOW (window));
  state->ran = TRUE;
  gtk_window_close (window);
}

static void
run_app_full (const char  *db_path,
              WindowCheck  check,
              gboolean     no_wait)
{
  g_autoptr(DgApplication) app = dg_application_new ();
  RunState state = { check, FALSE, no_wait };

  g_setenv ("DIOGELU_DB", db_path, TRUE);
  g_signal_connect_after (app, "activate", G_CALLBACK (on_activate), &state);
  g_assert_cmpint (g_application_run (G_APPLICATION (app), 0, NULL), ==, 0);
  g_assert_true (state.ran);
}

static void
run_app (const char  *db_path,
         WindowCheck  check)
{
  run_app_full (db_path, check, FALSE);
}

static void
check_sections (DgWindow *window)
{
  const char *names[] = { "referrals", "meetings", "notifications", "due", "reports" };
  const char *titles[] = { "Referrals", "Meetings", "Notifications", "Due", "Reports" };
  AdwViewStack *stack;
  g_autoptr(GtkSelectionModel) pages = NULL;

  g_assert_cmpstr (dg_window_get_state (window), ==, "ready");
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (window)));

  stack = ADW_VIEW_STACK (dg_test_find_widget (GTK_WIDGET (window), ADW_TYPE_VIEW_STACK, NULL));
  g_assert_nonnull (stack);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (stack)));

  /* Hidden sections wait; the switcher bringing one up (the stack itself,
   * not the window's action) loads it. */
  {
    GtkWidget *meetings = dg_test_find_widget (GTK_WIDGET (window), DG_TYPE_MEETINGS_PAGE, NULL);
    GtkWidget *reports = dg_test_find_widget (GTK_WIDGET (window), DG_TYPE_REPORTS_PAGE, NULL);

    g_assert_false (dg_meetings_page_is_loaded (DG_MEETINGS_PAGE (meetings)));
    g_assert_false (dg_reports_page_is_loaded (DG_REPORTS_PAGE (reports)));
    adw_view_stack_set_visible_child_name (stack, "meetings");
    g_assert_true (dg_test_wait_until ((gpointer) dg_meetings_page_is_loaded, meetings, 5000));
    adw_view_stack_set_visible_child_name (stack, "reports");
    g_assert_true (dg_test_wait_until ((gpointer) dg_reports_page_is_loaded, reports, 5000));
  }

  pages = adw_view_stack_get_pages (stack);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (pages)), ==, G_N_ELEMENTS (names));
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(AdwViewStackPage) page = g_list_model_get_item (G_LIST_MODEL (pages), i);

      g_assert_cmpstr (adw_view_stack_page_get_name (page), ==, names[i]);
      g_assert_cmpstr (adw_view_stack_page_get_title (page), ==, titles[i]);
      g_assert_nonnull (adw_view_stack_page_get_icon_name (page));

      /* Each section can be shown, and shows something. */
      dg_window_show_section (window, names[i]);
      dg_test_spin (50);
      g_assert_cmpstr (adw_view_stack_get_visible_child_name (stack), ==, names[i]);
      g_assert_true (gtk_widget_get_mapped (adw_view_stack_page_get_child (page)));
    }

  /* The view switcher in the header shows the five sections to the person. */
  g_assert_nonnull (dg_test_find_widget (GTK_WIDGET (window), ADW_TYPE_VIEW_SWITCHER_TITLE, NULL));
  g_assert_nonnull (dg_test_find_widget (GTK_WIDGET (window), GTK_TYPE_MENU_BUTTON, NULL));
}

static void
test_sections (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("dg-test-window-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "diogelu.db", NULL);

  g_assert_no_error (error);
  run_app (path, check_sections);
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
}

static void
check_error_page (DgWindow *window)
{
  AdwStatusPage *page;

  g_assert_cmpstr (dg_window_get_state (window), ==, "error");
  page = ADW_STATUS_PAGE (dg_test_find_widget (GTK_WIDGET (window), ADW_TYPE_STATUS_PAGE,
                                               "The Database Could Not Be Opened"));
  g_assert_nonnull (page);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (page)));
  g_assert_nonnull (strstr (adw_status_page_get_description (page), "not a Diogelu database"));

  /* The way out: Preferences, at the page where another database is chosen. */
  dg_test_click (dg_test_find_widget (GTK_WIDGET (page), GTK_TYPE_BUTTON, "Choose Another Database…"));
  {
    GtkWidget *prefs = dg_test_find_window (ADW_TYPE_PREFERENCES_WINDOW, NULL);

    g_assert_nonnull (prefs);
    g_assert_cmpstr (adw_preferences_window_get_visible_page_name (ADW_PREFERENCES_WINDOW (prefs)), ==, "database");
    g_assert_nonnull (dg_test_find_widget (prefs, GTK_TYPE_BUTTON, "Test Connection"));
    gtk_window_destroy (GTK_WINDOW (prefs));
  }
}

static void
test_not_a_database (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("dg-test-window-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "notes.txt", NULL);
  const char *text = "Minutes of a meeting, typed into a text file. They are long enough to fill a database header and more.\n";
  g_autofree char *after = NULL;

  g_assert_true (g_file_set_contents (path, text, -1, &error));
  run_app (path, check_error_page);

  /* Nothing was written to the file the person chose by mistake. */
  g_assert_true (g_file_get_contents (path, &after, NULL, &error));
  g_assert_cmpstr (after, ==, text);
}

#define READ_ONLY_TEXT "This database is read only: you can look, but nothing can be saved. Check the file’s permissions, or open a copy you can write."

/* The banner that says the database cannot be written: %TRUE when shown. */
static gboolean
read_only_banner_shown (DgWindow *window)
{
  GtkWidget *label = dg_test_find_widget (GTK_WIDGET (window), GTK_TYPE_LABEL, READ_ONLY_TEXT);
  GtkWidget *revealer;

  g_assert_nonnull (label);
  revealer = gtk_widget_get_ancestor (label, GTK_TYPE_REVEALER);
  g_assert_nonnull (revealer);

  return gtk_revealer_get_reveal_child (GTK_REVEALER (revealer)) &&
         gtk_widget_get_mapped (label);
}

static void
check_read_only_banner (DgWindow *window)
{
  g_assert_cmpstr (dg_window_get_state (window), ==, "ready");
  g_assert_true (read_only_banner_shown (window));
}

static void
check_no_read_only_banner (DgWindow *window)
{
  g_assert_cmpstr (dg_window_get_state (window), ==, "ready");
  g_assert_false (read_only_banner_shown (window));
}

/* A database the person may read but not write opens, with the banner
 * saying so; a writable one shows no banner. */
static void
test_read_only_banner (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("dg-test-window-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "diogelu.db", NULL);
  g_autoptr(DgDb) db = NULL;

  g_assert_no_error (error);
  db = dg_db_open (path, DG_DB_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_clear_object (&db);
  run_app (path, check_no_read_only_banner);

  g_assert_cmpint (g_chmod (path, 0400), ==, 0);
  if (access (path, W_OK) == 0)
    g_test_skip ("a 0400 file is still writable (running as root)");
  else
    run_app (path, check_read_only_banner);

  dg_test_remove_folder (dir);
}

/* ---- The first screen comes first -------------------------------------------------- */

typedef struct
{
  GtkColumnView *list;
  GtkWidget     *notifications;
  guint          rows_when_shown;
  gboolean       owed_when_shown;
  gboolean       shown;
} FirstScreen;

static void
list_shown (GtkWidget   *page,
            FirstScreen *first)
{
  first->list = GTK_COLUMN_VIEW (dg_test_find_widget (page, GTK_TYPE_COLUMN_VIEW, NULL));
  first->rows_when_shown = g_list_model_get_n_items (G_LIST_MODEL (gtk_column_view_get_model (first->list)));
  first->owed_when_shown = dg_notifications_page_is_loaded (DG_NOTIFICATIONS_PAGE (first->notifications));
  first->shown = TRUE;
}

static gboolean
everything_loaded (gpointer data)
{
  FirstScreen *first = data;

  return first->shown &&
         g_list_model_get_n_items (G_LIST_MODEL (gtk_column_view_get_model (first->list))) == 150 &&
         dg_notifications_page_is_loaded (DG_NOTIFICATIONS_PAGE (first->notifications));
}

static void
first_screen_activate (GApplication *app,
                       FirstScreen  *first)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));
  GtkWidget *page = dg_test_find_widget (GTK_WIDGET (window), DG_TYPE_REFERRALS_PAGE, NULL);

  first->notifications = dg_test_find_widget (GTK_WIDGET (window), DG_TYPE_NOTIFICATIONS_PAGE, NULL);
  g_signal_connect (page, "shown", G_CALLBACK (list_shown), first);
  g_assert_true (dg_test_wait_until (everything_loaded, first, 10000));
  gtk_window_close (window);
}

/* At start-up the list's first rows are painted before anything else is
 * asked of the database: the rest of the ids and the letters owed (the
 * Notifications badge) follow, and do arrive. */
static void
test_first_screen (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("dg-test-window-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "diogelu.db", NULL);
  g_autoptr(DgApplication) app = dg_application_new ();
  g_autoptr(DgDb) db = NULL;
  FirstScreen first = { 0 };

  g_assert_no_error (error);
  db = dg_db_open (path, DG_DB_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_true (dg_demo_generate (db, 150, 7, NULL, NULL, &error));
  g_assert_no_error (error);
  g_clear_object (&db);

  /* The window opens on the section last shown: the list, here. */
  g_settings_set_string (dg_application_get_settings (app), "last-section", "referrals");
  g_setenv ("DIOGELU_DB", path, TRUE);
  g_signal_connect_after (app, "activate", G_CALLBACK (first_screen_activate), &first);
  g_assert_cmpint (g_application_run (G_APPLICATION (app), 0, NULL), ==, 0);

  g_assert_true (first.shown);
  /* One screenful (the first batch of ids), not all 150, and no letters yet. */
  g_assert_cmpuint (first.rows_when_shown, ==, 64);
  g_assert_false (first.owed_when_shown);
  dg_test_remove_folder (dir);
}

/* ---- Changes saved elsewhere --------------------------------------------------------- */

static char *other_path;

static gboolean
list_has_rows (gpointer data)
{
  GtkColumnView *list = data;

  return g_list_model_get_n_items (G_LIST_MODEL (gtk_column_view_get_model (list))) > 0;
}

static void
count_removed (GListModel *model,
               guint       position,
               guint       removed,
               guint       added,
               guint      *total)
{
  *total += removed;
}

static guint wanted;

static gboolean
list_has_wanted (gpointer data)
{
  GtkColumnView *list = data;

  return g_list_model_get_n_items (G_LIST_MODEL (gtk_column_view_get_model (list))) == wanted;
}

static gboolean
list_has_four (gpointer data)
{
  GtkColumnView *list = data;

  return g_list_model_get_n_items (G_LIST_MODEL (gtk_column_view_get_model (list))) == 4;
}

static void
check_changes_elsewhere (DgWindow *window)
{
  GtkColumnView *list = GTK_COLUMN_VIEW (dg_test_find_widget (GTK_WIDGET (window), GTK_TYPE_COLUMN_VIEW, NULL));
  g_autoptr(GError) error = NULL;
  g_autoptr(DgDb) other = NULL;
  GtkSingleSelection *selection;
  guint removed = 0;
  gint64 selected;

  dg_window_show_section (window, "referrals");
  g_assert_true (dg_test_wait_until (list_has_rows, list, 5000));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gtk_column_view_get_model (list))), ==, 3);

  /* The person is reading the second referral. */
  selection = GTK_SINGLE_SELECTION (gtk_column_view_get_model (list));
  gtk_single_selection_set_selected (selection, 1);
  selected = dg_referral_row_get_id (gtk_single_selection_get_selected_item (selection));
  g_signal_connect (selection, "items-changed", G_CALLBACK (count_removed), &removed);

  /* Another practitioner (another connection) logs a referral: the list
   * shows it without anyone asking for a reload... */
  other = dg_db_open (other_path, DG_DB_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_true (dg_demo_generate (other, 1, 99, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (dg_test_wait_until (list_has_four, list, 5000));
  /* ...as one row coming in, nothing taken away (so the list does not jump),
   * and the referral being read stays selected. */
  g_assert_cmpuint (removed, ==, 0);
  g_assert_nonnull (gtk_single_selection_get_selected_item (selection));
  g_assert_cmpint (dg_referral_row_get_id (gtk_single_selection_get_selected_item (selection)), ==, selected);
  g_signal_handlers_disconnect_by_func (selection, count_removed, &removed);

  /* Two referrals saved at once, the newest and the oldest: the list changes
   * in two places, and the referral being read is still the one selected. */
  {
    g_autoptr(JsonParser) parser = json_parser_new ();
    const char *referrals[] = {
      "{\"received_at\": \"2026-11-23T09:00\", \"children\": [{\"name\": \"Newest Child\"}]}",
      "{\"received_at\": \"2020-01-06T09:00\", \"children\": [{\"name\": \"Oldest Child\"}]}",
    };

    g_assert_true (dg_db_begin (other, &error));
    for (guint i = 0; i < G_N_ELEMENTS (referrals); i++)
      {
        g_assert_true (json_parser_load_from_data (parser, referrals[i], -1, &error));
        g_assert_cmpint (dg_referral_insert (other, json_node_get_object (json_parser_get_root (parser)), &error), >, 0);
        g_assert_no_error (error);
      }
    g_assert_true (dg_db_commit (other, &error));
    wanted = 6;
    g_assert_true (dg_test_wait_until (list_has_wanted, list, 5000));
    g_assert_nonnull (gtk_single_selection_get_selected_item (selection));
    g_assert_cmpint (dg_referral_row_get_id (gtk_single_selection_get_selected_item (selection)), ==, selected);
  }
}

static gint64 oldest_id;   /* of the demo referrals, the one received first */

/* Runs @check on a window over @n demo referrals: in a file, or in a fresh
 * PostgreSQL database when the suite runs on a server (other_path names it,
 * for the checks that write as another practitioner would). */
static void
run_on_demo (guint        n,
             WindowCheck  check)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("dg-test-window-XXXXXX", &error);
  g_autoptr(DgDb) db = NULL;

  g_assert_no_error (error);
  other_path = dg_test_db_location (dir);
  db = dg_db_open (other_path, DG_DB_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_true (dg_demo_generate (db, n, 5, NULL, NULL, &error));
  g_assert_no_error (error);
  oldest_id = dg_test_db_int (db, "SELECT id FROM referral ORDER BY received_at, id LIMIT 1");
  g_clear_object (&db);

  run_app (other_path, check);
  dg_test_db_drop (other_path);
  dg_test_remove_folder (dir);
  g_clear_pointer (&other_path, g_free);
}

/* On a server, the window hears of the change through LISTEN/NOTIFY. */
static void
test_changes_elsewhere (void)
{
  run_on_demo (3, check_changes_elsewhere);
}

/* New referrals logged elsewhere arrive where the person is looking: at the
 * top of the list when they are at the top, never moving the rows under
 * them when they have scrolled down. */
static void
check_new_at_top (DgWindow *window)
{
  GtkColumnView *list = GTK_COLUMN_VIEW (dg_test_find_widget (GTK_WIDGET (window), GTK_TYPE_COLUMN_VIEW, NULL));
  GtkAdjustment *vadj = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (list));
  g_autoptr(GError) error = NULL;
  g_autoptr(DgDb) other = NULL;
  double down;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y-%m-%dT%H:%M");
  g_autofree char *json = g_strdup_printf ("{\"received_at\": \"%s\", \"children\": [{\"name\": \"Newest Arrival\"}]}", stamp);
  g_autoptr(JsonNode) newest = json_from_string (json, &error);
  gint64 newest_id;

  dg_window_show_section (window, "referrals");
  wanted = 80;
  g_assert_true (dg_test_wait_until (list_has_wanted, list, 5000));
  dg_test_spin (300);
  g_assert_cmpfloat (gtk_adjustment_get_upper (vadj), >, gtk_adjustment_get_page_size (vadj));
  g_assert_cmpfloat (gtk_adjustment_get_value (vadj), ==, 0);

  other = dg_db_open (other_path, DG_DB_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  /* The newest of all: it goes first in the list. */
  newest_id = dg_referral_insert (other, json_node_get_object (newest), &error);
  g_assert_no_error (error);
  g_assert_cmpint (newest_id, >, 0);
  wanted = 81;
  g_assert_true (dg_test_wait_until (list_has_wanted, list, 5000));
  dg_test_spin (300);
  g_assert_cmpfloat (gtk_adjustment_get_value (vadj), ==, 0);
  {
    g_autoptr(GObject) first = g_list_model_get_item (G_LIST_MODEL (gtk_column_view_get_model (list)), 0);
    g_assert_cmpint (dg_referral_row_get_id (DG_REFERRAL_ROW (first)), ==, newest_id);
  }

  /* Scrolled down: another arrival leaves the view where it was. */
  gtk_adjustment_set_value (vadj, gtk_adjustment_get_page_size (vadj));
  dg_test_spin (300);
  down = gtk_adjustment_get_value (vadj);
  g_assert_cmpfloat (down, >, 0);
  g_assert_cmpint (dg_referral_insert (other, json_node_get_object (newest), &error), >, 0);
  wanted = 82;
  g_assert_true (dg_test_wait_until (list_has_wanted, list, 5000));
  dg_test_spin (300);
  g_assert_cmpfloat (gtk_adjustment_get_value (vadj), >, 0);
}

static void
test_new_at_top (void)
{
  run_on_demo (80, check_new_at_top);
}

/* Opening a referral far down the list (from the Due board, say) selects it
 * and brings it into view, though its row comes with the later ids. */

static gboolean
oldest_selected (gpointer data)
{
  GtkSingleSelection *selection = GTK_SINGLE_SELECTION (gtk_column_view_get_model (data));
  gpointer row = gtk_single_selection_get_selected_item (selection);

  return row != NULL && dg_referral_row_get_id (row) == oldest_id;
}

static void
check_open_far_down (DgWindow *window)
{
  GtkWidget *page = dg_test_find_widget (GTK_WIDGET (window), DG_TYPE_REFERRALS_PAGE, NULL);
  GtkColumnView *list = GTK_COLUMN_VIEW (dg_test_find_widget (page, GTK_TYPE_COLUMN_VIEW, NULL));
  GtkAdjustment *vadj = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (list));

  dg_window_show_section (window, "referrals");
  wanted = 80;
  g_assert_true (dg_test_wait_until (list_has_wanted, list, 5000));
  dg_referrals_page_open (DG_REFERRALS_PAGE (page), oldest_id);
  g_assert_true (dg_test_wait_until (oldest_selected, list, 5000));
  dg_test_spin (300);
  /* The last rows are on screen: the view went all the way down. */
  g_assert_cmpfloat (gtk_adjustment_get_value (vadj) + gtk_adjustment_get_page_size (vadj), >=,
                     gtk_adjustment_get_upper (vadj) - 1);
}

static void
test_open_far_down (void)
{
  run_on_demo (80, check_open_far_down);
}

/* Preferences → Database: a location is tried before it can be chosen, and
 * the next start opens it. */
static char *database_dir;

static gboolean
status_says (gpointer data)
{
  GtkWidget **widgets = data;   /* the status label, and the text awaited */
  return strstr (gtk_label_get_text (GTK_LABEL (widgets[0])), (const char *) widgets[1]) != NULL;
}

static void
test_connection (GtkWidget  *page,
                 GtkWidget  *status,
                 const char *location,
                 const char *expected)
{
  gpointer awaited[] = { status, (gpointer) expected };
  GtkWidget *button = dg_test_find_widget (page, GTK_TYPE_BUTTON, "Test Connection");

  dg_test_type (dg_test_find_widget (page, ADW_TYPE_ENTRY_ROW, NULL), location);
  dg_test_click (button);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (status)), ==, "Trying the database…");
  g_assert_false (gtk_widget_get_sensitive (button));
  g_assert_true (dg_test_wait_until ((gpointer) gtk_widget_get_sensitive, button, 10000));
  g_assert_true (status_says (awaited));
  g_test_message ("%s → %s", location, gtk_label_get_text (GTK_LABEL (status)));
}

static void
check_database_page (DgWindow *window)
{
  GApplication *app = G_APPLICATION (gtk_window_get_application (GTK_WINDOW (window)));
  g_autofree char *chosen = g_build_filename (database_dir, "hub", "diogelu.db", NULL);
  g_autofree char *setting = NULL;
  GtkWidget *prefs, *page, *status, *use, *current;

  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  prefs = dg_test_find_window (ADW_TYPE_PREFERENCES_WINDOW, NULL);
  page = dg_test_find_widget (prefs, ADW_TYPE_PREFERENCES_PAGE, "Database");
  g_assert_nonnull (page);
  adw_preferences_window_set_visible_page (ADW_PREFERENCES_WINDOW (prefs), ADW_PREFERENCES_PAGE (page));
  dg_test_spin (100);

  /* What this run uses, and why the setting does not apply to it. */
  current = dg_test_find_widget (page, ADW_TYPE_ACTION_ROW, "In Use");
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (current)), "given with --db or DIOGELU_DB"));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (current)), g_getenv ("DIOGELU_DB")));

  status = dg_test_find_widget (page, GTK_TYPE_LABEL, "");
  use = dg_test_find_widget (page, GTK_TYPE_BUTTON, "Use at Next Start");
  g_assert_false (gtk_widget_get_sensitive (use));

  test_connection (page, status, "diogelu.db", "neither a full file path");
  g_assert_true (gtk_widget_has_css_class (status, "error"));
  g_assert_false (gtk_widget_get_sensitive (use));
  test_connection (page, status, "postgresql://nobody@127.0.0.1:1/diogelu?connect_timeout=2", "Check the address");
  g_assert_false (gtk_widget_get_sensitive (use));

  /* An address with a password is refused before it is tried: the
   * setting would keep it in plain text. */
  dg_test_type (dg_test_find_widget (page, ADW_TYPE_ENTRY_ROW, NULL), "postgresql://nobody:Sekret-123@127.0.0.1:1/diogelu");
  dg_test_click (dg_test_find_widget (page, GTK_TYPE_BUTTON, "Test Connection"));
  g_assert_true (status_says ((gpointer[]) { status, "does not keep passwords" }));
  g_assert_null (strstr (gtk_label_get_text (GTK_LABEL (status)), "Sekret-123"));
  g_assert_true (gtk_widget_has_css_class (status, "error"));
  g_assert_false (gtk_widget_get_sensitive (use));

  /* The database this run has open answers with what it holds. */
  {
    g_autofree char *expected = g_strdup_printf ("a Diogelu database (schema %d) with 3 referrals.", dg_db_schema_version ());
    test_connection (page, status, g_getenv ("DIOGELU_DB"), expected);
  }
  g_assert_false (gtk_widget_has_css_class (status, "error"));
  g_assert_true (gtk_widget_get_sensitive (use));

  /* A new folder: nothing is made by testing; edited text must be tried again. */
  test_connection (page, status, chosen, "No database at");
  g_assert_false (g_file_test (chosen, G_FILE_TEST_EXISTS));
  g_assert_true (gtk_widget_get_sensitive (use));
  dg_test_type (dg_test_find_widget (page, ADW_TYPE_ENTRY_ROW, NULL), "/tmp/elsewhere.db");
  g_assert_false (gtk_widget_get_sensitive (use));
  test_connection (page, status, chosen, "No database at");
  dg_test_click (use);
  g_assert_true (status_says ((gpointer[]) { status, "Saved. This run was given its database with --db or DIOGELU_DB" }));
  setting = g_settings_get_string (dg_application_get_settings (DG_APPLICATION (app)), "database");
  g_assert_cmpstr (setting, ==, chosen);

  /* A template saved in the same window leaves the tested location alone. */
  {
    GtkWidget *save = dg_test_find_widget (prefs, GTK_TYPE_BUTTON, "Save Template");

    adw_preferences_window_set_visible_page (ADW_PREFERENCES_WINDOW (prefs),
                                             ADW_PREFERENCES_PAGE (dg_test_find_widget (prefs, ADW_TYPE_PREFERENCES_PAGE, "Letters")));
    g_assert_true (dg_test_wait_until ((gpointer) gtk_widget_get_sensitive, save, 10000));
    dg_test_click (save);
    g_assert_true (dg_test_wait_until ((gpointer) gtk_widget_get_sensitive, save, 10000));
    adw_preferences_window_set_visible_page (ADW_PREFERENCES_WINDOW (prefs), ADW_PREFERENCES_PAGE (page));
    dg_test_spin (100);
    test_connection (page, status, chosen, "No database at");
    g_assert_true (gtk_widget_get_sensitive (use));
  }
  gtk_window_destroy (GTK_WINDOW (prefs));
}

static void
check_opened_chosen (DgWindow *window)
{
  DgApplication *app = DG_APPLICATION (gtk_window_get_application (GTK_WINDOW (window)));
  g_autofree char *chosen = g_build_filename (database_dir, "hub", "diogelu.db", NULL);
  gboolean given = TRUE;

  g_assert_cmpstr (dg_application_get_location (app, &given), ==, chosen);
  g_assert_false (given);
  g_assert_cmpstr (dg_window_get_state (window), ==, "ready");
  g_assert_true (g_file_test (chosen, G_FILE_TEST_EXISTS));
}

static void
test_database_setting (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DgDb) db = NULL;
  g_autoptr(GSettings) settings = g_settings_new ("io.github.diogelu.Diogelu");
  g_autofree char *path = NULL;

  database_dir = g_dir_make_tmp ("dg-test-window-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (database_dir, "diogelu.db", NULL);
  db = dg_db_open (path, DG_DB_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_true (dg_demo_generate (db, 3, 5, NULL, NULL, &error));
  g_clear_object (&db);

  run_app (path, check_database_page);

  /* The next start, given nothing, opens the chosen database. */
  g_unsetenv ("DIOGELU_DB");
  {
    g_autoptr(DgApplication) app = dg_application_new ();
    RunState state = { check_opened_chosen, FALSE };

    g_signal_connect_after (app, "activate", G_CALLBACK (on_activate), &state);
    g_assert_cmpint (g_application_run (G_APPLICATION (app), 0, NULL), ==, 0);
    g_assert_true (state.ran);
  }
  g_settings_reset (settings, "database");
  {
    g_autofree char *hub = g_build_filename (database_dir, "hub", NULL);
    dg_test_remove_folder (hub);
  }
  dg_test_remove_folder (database_dir);
  g_clear_pointer (&database_dir, g_free);
}

/* ---- A server restarted under the window ------------------------------------------ */

static char *server_dir;

static void
pg_server (const char *command,
           char      **out)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  const char *argv[] = { g_getenv ("DIOGELU_PG_SERVER"), command, server_dir, NULL };
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, out, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("pg-server %s failed: %s", command, err);
}

/* The revealer under @widget holding a spinner: the connection banner. */
static GtkWidget *
find_connection_revealer (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_SPINNER (child) && gtk_widget_get_ancestor (child, GTK_TYPE_REVEALER) != NULL)
        return gtk_widget_get_ancestor (child, GTK_TYPE_REVEALER);
      if ((found = find_connection_revealer (child)) != NULL)
        return found;
    }
  return NULL;
}

/* The connection banner's text when it is shown, else NULL. */
static const char *
connection_banner (DgWindow *window)
{
  GtkWidget *revealer = find_connection_revealer (GTK_WIDGET (window));
  GtkWidget *box, *label;

  g_assert_nonnull (revealer);
  if (!gtk_revealer_get_reveal_child (GTK_REVEALER (revealer)))
    return NULL;
  box = gtk_revealer_get_child (GTK_REVEALER (revealer));
  label = gtk_widget_get_last_child (box);
  g_assert_true (GTK_IS_LABEL (label));
  return gtk_label_get_text (GTK_LABEL (label));
}

static gboolean
reconnecting_shown (gpointer data)
{
  const char *text = connection_banner (data);

  return text != NULL && g_str_has_prefix (text, "Reconnecting");
}

static gboolean
banner_gone (gpointer data)
{
  return connection_banner (data) == NULL;
}

static void
add_in_app (GTask        *task,
            DgDb         *db,
            gpointer      data,
            GCancellable *cancellable)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  GError *error = NULL;
  gint64 id;

  g_assert_true (json_parser_load_from_data (parser, "{\"children\": [{\"name\": \"After Restart\"}]}", -1, NULL));
  id = dg_referral_add (db, json_node_get_object (json_parser_get_root (parser)), NULL, &error);
  if (id == 0)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, GINT_TO_POINTER (1), NULL);
}

static void
check_reconnect (DgWindow *window)
{
  GtkColumnView *list = GTK_COLUMN_VIEW (dg_test_find_widget (GTK_WIDGET (window), GTK_TYPE_COLUMN_VIEW, NULL));
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (window));
  AdwViewSwitcherTitle *title = ADW_VIEW_SWITCHER_TITLE (dg_test_find_widget (GTK_WIDGET (window), ADW_TYPE_VIEW_SWITCHER_TITLE, NULL));
  g_autoptr(GError) error = NULL;
  g_autoptr(DgDb) other = NULL;

  dg_window_show_section (window, "referrals");
  g_assert_true (dg_test_wait_until (list_has_rows, list, 5000));
  /* The title says how the connection travels: here, not encrypted, but
   * never leaving the computer, so no warning. */
  g_assert_cmpstr (adw_view_switcher_title_get_subtitle (title), ==, "Shared database on this computer");
  {
    GtkWidget *lock = dg_test_find_widget (GTK_WIDGET (window), GTK_TYPE_IMAGE, "Shared database on this computer");

    g_assert_nonnull (lock);
    g_assert_true (gtk_widget_get_mapped (lock));
    g_assert_cmpstr (gtk_image_get_icon_name (GTK_IMAGE (lock)), ==, "computer-symbolic");
  }
  g_assert_null (connection_banner (window));

  /* The server goes down (a security update): the window says it is
   * reconnecting, and says no more once the server is back. */
  pg_server ("pause", NULL);
  g_assert_true (dg_test_wait_until (reconnecting_shown, window, 10000));
  pg_server ("resume", NULL);
  g_assert_true (dg_test_wait_until (banner_gone, window, 10000));

  /* The next save works on the new session... */
  g_assert_nonnull (dg_worker_run_sync (dg_application_get_worker (DG_APPLICATION (app)), add_in_app, NULL, &error));
  g_assert_no_error (error);
  other = dg_db_open (other_path, DG_DB_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_cmpint (dg_test_db_int (other, "SELECT count (*) FROM referral WHERE id IN "
                                          "(SELECT referral_id FROM child WHERE name = 'After Restart')"), ==, 1);

  /* ...and the change watcher listens again: another practitioner's
   * referral shows up without a reload (with the window's own). */
  g_assert_true (dg_demo_generate (other, 1, 99, NULL, NULL, &error));
  g_assert_no_error (error);
  wanted = 5;
  g_assert_true (dg_test_wait_until (list_has_wanted, list, 5000));
}

/* A PostgreSQL server of the test's own, in a new folder @base, and the
 * address of its owner role; NULL (the test skipped) outside the
 * PostgreSQL half of the suite. */
static char *
own_server_start (char **base)
{
  g_autofree char *uri = NULL;

  if (!dg_test_db_is_pg () || g_getenv ("DIOGELU_PG_SERVER") == NULL)
    {
      g_test_skip ("needs the PostgreSQL half of the suite (DIOGELU_TEST_PG_URI)");
      return NULL;
    }
  *base = g_build_filename ("/tmp", "dgwin-XXXXXX", NULL);
  g_assert_nonnull (g_mkdtemp (*base));
  g_chmod (*base, 0755);
  server_dir = g_build_filename (*base, "s", NULL);
  pg_server ("start", &uri);
  return g_strdup (g_strstrip (uri));
}

static void
test_reconnect (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *base = NULL;
  g_autoptr(DgDb) db = NULL;

  /* A server of its own, since this one is stopped under the window. */
  other_path = own_server_start (&base);
  if (other_path == NULL)
    return;

  db = dg_db_open (other_path, DG_DB_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_true (dg_demo_generate (db, 3, 5, NULL, NULL, &error));
  g_assert_no_error (error);
  g_clear_object (&db);

  run_app (other_path, check_reconnect);

  pg_server ("stop", NULL);
  g_rmdir (base);
  g_clear_pointer (&server_dir, g_free);
  g_clear_pointer (&other_path, g_free);
}

/* ---- A server that asks for a password ------------------------------------ */

#define PASSWORD "Keyring-Test-7"

static DgPasswordDialog *
password_dialog (void)
{
  GList *windows = gtk_window_list_toplevels ();
  DgPasswordDialog *found = NULL;

  for (GList *l = windows; l != NULL; l = l->next)
    if (DG_IS_PASSWORD_DIALOG (l->data) && gtk_widget_get_visible (l->data))
      found = l->data;
  g_list_free (windows);
  return found;
}

static gboolean
password_asked (gpointer data)
{
  return password_dialog () != NULL;
}

static gboolean
window_ready (gpointer data)
{
  return g_strcmp0 (dg_window_get_state (data), "ready") == 0;
}

/* Every text the dialog shows: none may hold the password. */
static void
assert_no_password_shown (GtkWidget *root)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_LABEL (child))
        g_assert_null (strstr (gtk_label_get_text (GTK_LABEL (child)), PASSWORD));
      assert_no_password_shown (child);
    }
}

static void
answer (const char *password,
        gboolean    keep)
{
  DgPasswordDialog *dialog = password_dialog ();
  GtkWidget *entry = dg_test_find_widget (GTK_WIDGET (dialog), GTK_TYPE_PASSWORD_ENTRY, NULL);
  GtkWidget *check = dg_test_find_widget (GTK_WIDGET (dialog), GTK_TYPE_CHECK_BUTTON, NULL);

  g_assert_nonnull (entry);
  g_assert_nonnull (check);
  gtk_editable_set_text (GTK_EDITABLE (entry), password);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), keep);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "connect");
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* The keyring's copy, or NULL. */
static char *
kept_password (const char *shown)
{
  g_autoptr(GError) error = NULL;
  static const SecretSchema schema = {
    "io.github.diogelu.Diogelu.Server", SECRET_SCHEMA_NONE,
    { { "address", SECRET_SCHEMA_ATTRIBUTE_STRING }, { NULL, 0 } },
  };
  char *password = secret_password_lookup_sync (&schema, NULL, &error, "address", shown, NULL);

  g_assert_no_error (error);
  return password;
}

static gboolean
password_kept (gpointer data)
{
  g_autofree char *password = kept_password (data);

  return g_strcmp0 (password, PASSWORD) == 0;
}

static void
check_password_typed (DgWindow *window)
{
  g_autofree char *shown = dg_db_location_for_display (other_path);
  AdwMessageDialog *dialog;

  /* Asked, with the address but nothing secret. */
  g_assert_true (dg_test_wait_until (password_asked, NULL, 10000));
  dialog = ADW_MESSAGE_DIALOG (password_dialog ());
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), shown));
  g_assert_cmpstr (dg_window_get_state (window), ==, "loading");

  /* A wrong answer, not to be kept: asked again, saying why. */
  answer ("not-it", FALSE);
  g_assert_true (dg_test_wait_until (password_asked, NULL, 10000));
  dialog = ADW_MESSAGE_DIALOG (password_dialog ());
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "password authentication failed"));
  g_assert_null (strstr (adw_message_dialog_get_body (dialog), "not-it"));
  g_assert_null (kept_password (shown));

  /* The right one, kept: the window opens on the server's records. */
  answer (PASSWORD, TRUE);
  g_assert_true (dg_test_wait_until (window_ready, window, 10000));
  g_assert_true (dg_test_wait_until (password_kept, shown, 10000));
  assert_no_password_shown (GTK_WIDGET (window));
}

static void
check_password_kept (DgWindow *window)
{
  /* Opened from the keyring alone: never asked. */
  g_assert_true (dg_test_wait_until (window_ready, window, 10000));
  g_assert_null (password_dialog ());
}

static void
test_password (void)
{
  g_autofree char *base = NULL, *uri = NULL, *keyring = NULL, *remove = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DgDb) db = NULL;
  g_autoptr(GString) role_uri = NULL;
  int status = 0;

  uri = own_server_start (&base);
  if (uri == NULL)
    return;
  db = dg_db_open (uri, DG_DB_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_clear_object (&db);
  {
    const char *argv[] = { g_getenv ("DIOGELU_PG_SERVER"), "password-role", server_dir, "rhys", PASSWORD, NULL };

    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, NULL, &status, &error);
    g_assert_no_error (error);
    g_assert_true (g_spawn_check_wait_status (status, NULL));
  }
  role_uri = g_string_new (uri);
  g_string_replace (role_uri, "diogelu@", "rhys@", 1);
  other_path = g_strdup (role_uri->str);

  /* The person's keyring, as a desktop session has it: a login keyring,
   * unlocked, on this test's session bus. */
  keyring = g_build_filename (base, "keyring", NULL);
  {
    g_autofree char *script = g_strdup_printf ("export XDG_DATA_HOME='%s' XDG_RUNTIME_DIR='%s/run'; "
                                               "mkdir -p \"$XDG_RUNTIME_DIR\" && chmod 700 \"$XDG_RUNTIME_DIR\" && "
                                               "printf test | gnome-keyring-daemon --login && "
                                               "gnome-keyring-daemon --start --components=secrets", keyring, keyring);
    const char *argv[] = { "sh", "-c", script, NULL };

    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                  NULL, NULL, NULL, NULL, &status, &error);
    g_assert_no_error (error);
    g_assert_true (g_spawn_check_wait_status (status, NULL));
  }

  run_app_full (other_path, check_password_typed, TRUE);
  /* A new session: nothing typed, the keyring answers. */
  dg_keyring_forget_typed ();
  run_app_full (other_path, check_password_kept, TRUE);

  /* Never in the settings. */
  {
    g_autoptr(GSettings) settings = g_settings_new ("io.github.diogelu.Diogelu");
    g_autoptr(GSettingsSchema) schema = NULL;
    g_auto(GStrv) keys = NULL;

    g_object_get (settings, "settings-schema", &schema, NULL);
    keys = g_settings_schema_list_keys (schema);
    for (guint i = 0; keys[i] != NULL; i++)
      {
        g_autoptr(GVariant) value = g_settings_get_value (settings, keys[i]);
        g_autofree char *text = g_variant_print (value, FALSE);

        g_assert_null (strstr (text, PASSWORD));
      }
  }

  pg_server ("stop", NULL);
  remove = g_strdup_printf ("rm -rf '%s'", base);
  g_assert_true (g_spawn_command_line_sync (remove, NULL, NULL, NULL, NULL));
  g_clear_pointer (&server_dir, g_free);
  g_clear_pointer (&other_path, g_free);
}

int
main (int   argc,
      char *argv[])
{
  dg_test_gui_init (&argc, &argv);

  g_test_add_func ("/window/sections", test_sections);
  g_test_add_func ("/window/not-a-database", test_not_a_database);
  g_test_add_func ("/window/read-only-banner", test_read_only_banner);
  g_test_add_func ("/window/first-screen", test_first_screen);
  g_test_add_func ("/window/changes-elsewhere", test_changes_elsewhere);
  g_test_add_func ("/window/new-at-top", test_new_at_top);
  g_test_add_func ("/window/open-far-down", test_open_far_down);
  g_test_add_func ("/window/database-setting", test_database_setting);
  g_test_add_func ("/window/reconnect", test_reconnect);
  g_test_add_func ("/window/password", test_password);

  return g_test_run ();
}
