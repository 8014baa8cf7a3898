#include "config.h"

#include <string.h>
#include <adwaita.h>

#include "dg-access.h"
#include "dg-access-window.h"
#include "dg-core.h"
#include "dg-application.h"
#include "dg-referral-detail.h"
#include "dg-referrals.h"
#include "dg-referrals-page.h"
#include "dg-snapshots-window.h"
#include "dg-test-db.h"
#include "dg-test-gui.h"
#include "dg-window.h"

/* Privacy in the window (issue 25): opening a referral in the window puts
 * the person and the time in its view log; the detail's Privacy › Who Has
 * Viewed lists them; the desk's role, changed in its settings, is recorded
 * in the audit and disables (and enables again) what a practitioner may not
 * use: Restrict…, Lift Restriction…. Also on a server (suite shared-gui),
 * where the server says the role, so the switching is the SQLite half's. */

static char *db_path;
static gint64 referral_id;

#define PERSON "Morgan Tester"

static gboolean
window_ready (gpointer data)
{
  return g_strcmp0 (dg_window_get_state (data), "ready") == 0;
}

/* The referral's view log, read as any other connection would. */
static JsonArray *
views (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DgDb) db = dg_db_open (db_path, DG_DB_OPEN_DEFAULT, &error);
  g_autoptr(JsonNode) node = NULL;

  g_assert_no_error (error);
  node = dg_referral_views (db, referral_id, &error);
  g_assert_no_error (error);
  return json_array_ref (json_node_get_array (node));
}

/* Who Opened What for @day, as the core reports it: PERSON's openings. */
static JsonObject *
person_opened (const char *day)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DgDb) db = dg_db_open (db_path, DG_DB_OPEN_DEFAULT, &error);
  g_autoptr(JsonNode) report = NULL;
  JsonArray *people;

  g_assert_no_error (error);
  report = dg_access_report (db, day, day, PERSON, &error);
  g_assert_no_error (error);
  people = json_object_get_array_member (json_node_get_object (report), "people");
  g_assert_cmpuint (json_array_get_length (people), ==, 1);
  return json_object_ref (json_array_get_object_element (people, 0));
}

static gboolean
viewed (gpointer data)
{
  g_autoptr(JsonArray) log = views ();

  return json_array_get_length (log) > 0;
}

static gint64
desk_role_rows (const char *to)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DgDb) db = dg_db_open (db_path, DG_DB_OPEN_DEFAULT, &error);
  g_autofree char *detail = g_strdup_printf ("%%\"to\": \"%s\"%%", to);
  DgStmt *stmt;
  gint64 n = 0;

  g_assert_no_error (error);
  stmt = dg_db_query (db, "SELECT count (*) FROM audit WHERE entity = 'desk' AND action = 'role' AND detail LIKE ?1",
                      &error, DG_TEXT (detail));
  g_assert_no_error (error);
  g_assert_true (dg_db_step_int64 (db, stmt, &n, &error));
  g_assert_no_error (error);
  return n;
}

static gboolean
restricted (gpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DgDb) db = dg_db_open (db_path, DG_DB_OPEN_DEFAULT, &error);
  g_autoptr(JsonNode) node = NULL;
  JsonObject *found;

  g_assert_no_error (error);
  node = dg_referral_restriction (db, referral_id, &error);
  g_assert_no_error (error);
  found = json_node_get_object (node);
  return json_object_get_boolean_member (found, "restricted") &&
         g_strcmp0 (json_object_get_string_member (found, "reason"), data) == 0;
}

static GtkWidget *
dialog_titled (const char *heading)
{
  GtkWidget *found = NULL;
  g_autoptr(GList) windows = gtk_window_list_toplevels ();

  for (GList *l = windows; l != NULL && found == NULL; l = l->next)
    if (ADW_IS_MESSAGE_DIALOG (l->data) && gtk_widget_get_visible (l->data) &&
        g_strcmp0 (adw_message_dialog_get_heading (l->data), heading) == 0)
      found = l->data;
  return found;
}

static gboolean
dialog_shown (gpointer data)
{
  return dialog_titled (data) != NULL;
}

static GtkWidget *
snapshots_window (gpointer data)
{
  return dg_test_find_window (DG_TYPE_SNAPSHOTS_WINDOW, NULL);
}

static GtkWidget *who_dialog;

static gboolean
who_lists_person (gpointer data)
{
  who_dialog = dg_test_find_window (ADW_TYPE_MESSAGE_DIALOG, NULL);
  return who_dialog != NULL && dg_test_find_widget (who_dialog, ADW_TYPE_ACTION_ROW, PERSON) != NULL;
}

typedef struct
{
  GtkWidget *root;
  gboolean   sensitive;
} Item;

static GtkWidget *
privacy_button (GtkWidget *detail)
{
  GtkWidget *label = dg_test_find_widget (detail, GTK_TYPE_LABEL, "Privacy");
  GtkWidget *button = label != NULL ? gtk_widget_get_ancestor (label, GTK_TYPE_MENU_BUTTON) : NULL;

  g_assert_nonnull (button);
  return button;
}

/* The Privacy menu's "Restrict…" item, as the popover shows it. */
static GtkWidget *
restrict_item (GtkWidget *detail)
{
  GtkWidget *button = privacy_button (detail);
  GtkPopover *popover;

  gtk_menu_button_popup (GTK_MENU_BUTTON (button));
  dg_test_spin (100);
  popover = gtk_menu_button_get_popover (GTK_MENU_BUTTON (button));
  g_assert_nonnull (popover);
  return dg_test_find_widget (GTK_WIDGET (popover), GTK_TYPE_LABEL, "Restrict…");
}

static gboolean
restrict_is (gpointer data)
{
  Item *item = data;
  GtkWidget *found = restrict_item (item->root);
  gboolean sensitive = found != NULL && gtk_widget_is_sensitive (found);

  gtk_menu_button_popdown (GTK_MENU_BUTTON (privacy_button (item->root)));
  return found != NULL && sensitive == item->sensitive;
}

static void
scenario (GApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));
  GSettings *settings = dg_application_get_settings (DG_APPLICATION (app));
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  g_autoptr(JsonArray) log = NULL;
  GtkWidget *page, *detail;
  GtkColumnView *view;
  JsonObject *first;

  g_assert_true (dg_test_wait_until (window_ready, window, 10000));
  /* Not opened yet: an empty log. */
  log = views ();
  g_assert_cmpuint (json_array_get_length (log), ==, 0);
  g_clear_pointer (&log, json_array_unref);

  /* Open it in the window, as a person clicks its row. */
  page = dg_test_find_widget (GTK_WIDGET (window), DG_TYPE_REFERRALS_PAGE, NULL);
  view = GTK_COLUMN_VIEW (dg_test_find_widget (page, GTK_TYPE_COLUMN_VIEW, NULL));
  g_assert_true (dg_test_wait_until ((gpointer) g_list_model_get_n_items, gtk_column_view_get_model (view), 10000));
  gtk_selection_model_select_item (gtk_column_view_get_model (view), 0, TRUE);
  detail = dg_test_find_widget (page, DG_TYPE_REFERRAL_DETAIL, NULL);
  g_assert_true (dg_test_wait_until ((gpointer) dg_referral_detail_get_referral, detail, 10000));

  /* Its view log has the person and the time. */
  g_assert_true (dg_test_wait_until (viewed, NULL, 5000));
  log = views ();
  first = json_array_get_object_element (log, 0);
  g_assert_cmpstr (json_object_get_string_member (first, "by"), ==, PERSON);
  g_assert_true (g_str_has_prefix (json_object_get_string_member (first, "at"), today));

  /* Privacy › Who Has Viewed lists them. */
  gtk_widget_activate_action (page, "referral.who-viewed", NULL);
  g_assert_true (dg_test_wait_until (who_lists_person, NULL, 5000));
  g_assert_nonnull (dg_test_find_widget (who_dialog, GTK_TYPE_WIDGET, "Who Has Viewed"));
  gtk_window_destroy (GTK_WINDOW (who_dialog));

  /* Reports › Who Opened What shows the core's report: the person, their
   * openings, and what was unusual (here, records never worked on). */
  {
    g_autoptr(JsonObject) opened = person_opened (today);
    JsonArray *never = json_object_get_array_member (opened, "never_worked_on");
    gint64 n = json_object_get_int_member (opened, "opened"), records = json_object_get_int_member (opened, "records");
    g_autofree char *description = g_strdup_printf ("Opened %" G_GINT64_FORMAT " time%s: %" G_GINT64_FORMAT " record%s",
                                                    n, n == 1 ? "" : "s", records, records == 1 ? "" : "s");
    DgAccessWindow *access = dg_access_window_new (dg_application_get_service (DG_APPLICATION (app)), today, today);

    gtk_window_present (GTK_WINDOW (access));
    g_assert_true (dg_test_wait_for_label (GTK_WIDGET (access), PERSON, 10000));
    g_assert_true (dg_test_wait_for_label (GTK_WIDGET (access), description, 5000));
    if (json_array_get_length (never) > 0)
      g_assert_true (dg_test_wait_for_label (GTK_WIDGET (access),
                                             json_object_get_string_member (json_array_get_object_element (never, 0), "reference"),
                                             5000));
    else
      g_assert_true (dg_test_wait_for_label (GTK_WIDGET (access), "Nothing unusual", 5000));
    gtk_window_destroy (GTK_WINDOW (access));
  }

  if (g_getenv ("DIOGELU_TEST_PG_URI") == NULL)
    {
      Item item = { detail, TRUE };

      /* A desk is its keeper's: administrator until it chooses less. */
      g_assert_true (dg_test_wait_until (restrict_is, &item, 5000));
      /* A practitioner may not restrict: disabled, and the change recorded. */
      g_settings_set_string (settings, "role", "practitioner");
      item.sensitive = FALSE;
      g_assert_true (dg_test_wait_until (restrict_is, &item, 5000));
      g_assert_cmpint (desk_role_rows ("practitioner"), ==, 1);
      /* Nor save the figures as submitted: the button says who may. */
      {
        GtkWidget *snapshots, *save;

        dg_window_show_section (DG_WINDOW (window), "reports");
        dg_test_click (dg_test_find_widget (GTK_WIDGET (window), GTK_TYPE_BUTTON, "Snapshots…"));
        g_assert_true (dg_test_wait_until ((gpointer) snapshots_window, NULL, 5000));
        snapshots = snapshots_window (NULL);
        save = dg_test_find_widget (snapshots, GTK_TYPE_BUTTON, "Save This Period…");
        g_assert_nonnull (save);
        g_assert_false (gtk_widget_get_sensitive (save));
        g_assert_cmpstr (gtk_widget_get_tooltip_text (save), ==, "Only a manager or an administrator may do this");
        gtk_window_destroy (GTK_WINDOW (snapshots));
        dg_window_show_section (DG_WINDOW (window), "referrals");
      }
      /* A manager may again. */
      g_settings_set_string (settings, "role", "manager");
      item.sensitive = TRUE;
      g_assert_true (dg_test_wait_until (restrict_is, &item, 5000));
      g_assert_cmpint (desk_role_rows ("manager"), ==, 1);

      /* Restrict…: a reason is required, then it is confirmed. */
      {
        GtkWidget *dialog, *entry;

        gtk_widget_activate_action (page, "referral.restrict", NULL);
        g_assert_true (dg_test_wait_until (dialog_shown, (gpointer) "Restrict This Referral?", 5000));
        dialog = dialog_titled ("Restrict This Referral?");
        g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "restrict"));
        entry = adw_message_dialog_get_extra_child (ADW_MESSAGE_DIALOG (dialog));
        dg_test_type (entry, "   ");
        g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "restrict"));
        dg_test_type (entry, "A colleague's family");
        g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "restrict"));
        adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "restrict");
        g_assert_true (dg_test_wait_until (restricted, (gpointer) "A colleague's family", 5000));
      }
    }

  g_application_quit (app);
}

static void
test_access_window (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("dg-test-access-gui-XXXXXX", &error);
  g_autoptr(DgApplication) app = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();

  g_assert_no_error (error);
  db_path = dg_test_db_location (dir);
  {
    g_autoptr(DgDb) db = dg_db_open (db_path, DG_DB_OPEN_DEFAULT, &error);

    g_assert_no_error (error);
    g_assert_true (json_parser_load_from_data (parser, "{\"received_at\": \"2026-11-23T09:00\", "
                                               "\"reporter\": {\"name\": \"Ceri Jones\"}, "
                                               "\"children\": [{\"name\": \"Alex Example\"}]}", -1, &error));
    g_assert_no_error (error);
    referral_id = dg_referral_add (db, json_node_get_object (json_parser_get_root (parser)), NULL, &error);
    g_assert_no_error (error);
  }

  g_setenv ("DIOGELU_DB", db_path, TRUE);
  app = dg_application_new ();
  g_settings_set_string (dg_application_get_settings (app), "practitioner-name", PERSON);
  g_signal_connect_after (app, "activate", G_CALLBACK (scenario), NULL);
  g_assert_cmpint (g_application_run (G_APPLICATION (app), 0, NULL), ==, 0);
  g_clear_object (&app);
  dg_test_db_drop (db_path);
  dg_test_remove_folder (dir);
  g_clear_pointer (&db_path, g_free);
}

int
main (int   argc,
      char *argv[])
{
  dg_test_gui_init (&argc, &argv);
  g_test_add_func ("/access-gui/open-view-log-role", test_access_window);
  return g_test_run ();
}
