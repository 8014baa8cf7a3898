/* A figure of Reports opens the referrals behind it, per child, and a late
 * clock's agreed exception is recorded from the referral and counted apart;
 * the agencies' contributions open their meetings and the register's
 * measures their children, as many as the CLI's --list gives (issue 24). */

#include "config.h"

#include <adwaita.h>
#include <json-glib/json-glib.h>

#include "dg-agency-figures.h"
#include "dg-application.h"
#include "dg-figure-list-window.h"
#include "dg-referral-detail.h"
#include "dg-referrals-page.h"
#include "dg-register-figures.h"
#include "dg-reports-page.h"
#include "dg-test-cli.h"
#include "dg-test-db.h"
#include "dg-test-gui.h"
#include "dg-window.h"

static char *db_path;

static gboolean
window_ready (gpointer data)
{
  return g_strcmp0 (dg_window_get_state (data), "ready") == 0;
}

static gboolean
figure_window_open (gpointer data)
{
  return dg_test_find_window (DG_TYPE_FIGURE_LIST_WINDOW, NULL) != NULL;
}

static gboolean
list_shows (gpointer data)
{
  GtkListView *view = GTK_LIST_VIEW (dg_test_find_widget (data, GTK_TYPE_LIST_VIEW, "figure-list"));

  return dg_figure_list_window_is_ready (data) &&
         g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (view))) == 1;
}

static gboolean
referral_shown (gpointer data)
{
  DgReferral *r = dg_referral_detail_get_referral (data);

  return r != NULL && g_strcmp0 (r->reference, g_object_get_data (G_OBJECT (data), "want")) == 0;
}

static gboolean
exception_shown (gpointer data)
{
  DgReferral *r = dg_referral_detail_get_referral (data);

  for (guint i = 0; r != NULL && i < r->clocks->len; i++)
    if (g_array_index (r->clocks, DgReferralClock, i).exception_reason != NULL)
      return TRUE;
  return FALSE;
}

/* The Decision row of a group of the Reports page. */
static GtkWidget *
decision_row (GtkWidget  *page,
              const char *group_title)
{
  GtkWidget *group = dg_test_find_widget (page, ADW_TYPE_PREFERENCES_GROUP, group_title);

  g_assert_nonnull (group);
  return dg_test_find_widget (group, ADW_TYPE_ACTION_ROW, "Decision");
}

static void
scenario (GApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));
  GtkWidget *page, *row, *figures, *choice, *detail, *dialog, *entry;
  g_autoptr(JsonNode) shown = NULL;
  JsonObject *decision;

  g_assert_true (dg_test_wait_until (window_ready, window, 10000));
  dg_window_show_section (DG_WINDOW (window), "reports");
  page = dg_test_find_widget (GTK_WIDGET (window), DG_TYPE_REPORTS_PAGE, NULL);
  g_assert_true (dg_test_wait_until ((gpointer) dg_reports_page_is_loaded, page, 5000));

  /* Per referral and per child, labelled: one late decision, about two
   * children. */
  row = decision_row (page, "On Time, by Clock, per Child");
  g_assert_nonnull (row);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==,
                   "3 clocks · late 2 · with an agreed exception 0 · overdue 0");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (decision_row (page, "On Time, by Clock, per Referral"))), ==,
                   "2 clocks · late 1 · with an agreed exception 0 · overdue 0");

  /* The per-child figure opens its referrals: on time first, then late. */
  g_signal_emit_by_name (row, "activated");
  g_assert_true (dg_test_wait_until (figure_window_open, NULL, 5000));
  figures = dg_test_find_window (DG_TYPE_FIGURE_LIST_WINDOW, NULL);
  g_assert_true (dg_test_wait_until (list_shows, figures, 5000));
  g_assert_cmpint (dg_figure_list_window_get_count (DG_FIGURE_LIST_WINDOW (figures)), ==, 1);
  choice = dg_test_find_widget (figures, GTK_TYPE_DROP_DOWN, NULL);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (choice), 2);
  g_assert_true (dg_test_wait_until (list_shows, figures, 5000));
  g_assert_cmpint (dg_figure_list_window_get_count (DG_FIGURE_LIST_WINDOW (figures)), ==, 2);
  g_assert_true (dg_test_wait_for_label (figures, "2 children, in 1 referral", 5000));

  /* Opening it shows the referral. */
  g_signal_emit_by_name (dg_test_find_widget (figures, GTK_TYPE_LIST_VIEW, "figure-list"), "activate", 0);
  detail = dg_test_find_widget (GTK_WIDGET (window), DG_TYPE_REFERRAL_DETAIL, NULL);
  shown = dg_test_cli_json (db_path, (const char *[]) { "referral", "show", "1", NULL });
  g_object_set_data_full (G_OBJECT (detail), "want",
                          g_strdup (json_object_get_string_member (json_node_get_object (shown), "reference")), g_free);
  g_assert_true (dg_test_wait_until (referral_shown, detail, 5000));
  gtk_window_destroy (GTK_WINDOW (figures));

  /* Record Exception… on the late decision: the reason and the manager. */
  dg_test_spin (100);
  /* The acknowledgement, never recorded, is overdue and offers one too. */
  row = dg_test_find_widget (dg_test_find_widget (detail, ADW_TYPE_PREFERENCES_GROUP, "Clocks"), ADW_TYPE_ACTION_ROW, "Decision");
  g_assert_nonnull (dg_test_find_widget (dg_test_find_widget (detail, ADW_TYPE_PREFERENCES_GROUP, "Clocks"), ADW_TYPE_ACTION_ROW,
                                         "Acknowledgement"));
  dg_test_click (dg_test_find_widget (row, GTK_TYPE_BUTTON, "Record Exception…"));
  dialog = dg_test_find_window (ADW_TYPE_MESSAGE_DIALOG, NULL);
  g_assert_nonnull (dialog);
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "record"));
  entry = dg_test_find_widget (dialog, GTK_TYPE_ENTRY, "reason");
  dg_test_type (entry, "The family asked for a later date");
  entry = dg_test_find_widget (dialog, GTK_TYPE_ENTRY, "approved-by");
  dg_test_type (entry, "Rhian Evans");
  g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "record"));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "record");
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_true (dg_test_wait_until (exception_shown, detail, 5000));
  {
    g_autoptr(JsonNode) after = dg_test_cli_json (db_path, (const char *[]) { "referral", "show", "1", NULL });
    JsonObject *due = json_object_get_object_member (json_node_get_object (after), "due");

    decision = json_object_get_object_member (json_object_get_object_member (due, "decision"), "exception");
    g_assert_cmpstr (json_object_get_string_member (decision, "approved_by"), ==, "Rhian Evans");
  }

  /* The figures count it apart, per referral and per child. */
  dg_window_show_section (DG_WINDOW (window), "reports");
  dg_reports_page_reload (DG_REPORTS_PAGE (page));
  g_assert_true (dg_test_wait_until ((gpointer) dg_reports_page_is_loaded, page, 5000));
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (decision_row (page, "On Time, by Clock, per Child"))), ==,
                   "3 clocks · late 0 · with an agreed exception 2 · overdue 0");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (decision_row (page, "On Time, by Clock, per Referral"))), ==,
                   "2 clocks · late 0 · with an agreed exception 1 · overdue 0");

  gtk_window_close (window);
}

static gboolean
figures_loaded (gpointer data)
{
  GtkWidget *page = data;

  return dg_reports_page_is_loaded (DG_REPORTS_PAGE (page)) &&
         dg_agency_figures_is_loaded (DG_AGENCY_FIGURES (dg_test_find_widget (page, DG_TYPE_AGENCY_FIGURES, NULL))) &&
         dg_register_figures_is_loaded (DG_REGISTER_FIGURES (dg_test_find_widget (page, DG_TYPE_REGISTER_FIGURES, NULL)));
}

static gboolean
figure_list_ready (gpointer data)
{
  GtkWidget *figures = dg_test_find_window (DG_TYPE_FIGURE_LIST_WINDOW, NULL);

  return figures != NULL && dg_figure_list_window_is_ready (DG_FIGURE_LIST_WINDOW (figures));
}

/* The row whose title starts with @prefix under @root. */
static GtkWidget *
row_titled (GtkWidget  *root,
            const char *prefix)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (ADW_IS_ACTION_ROW (child) &&
          g_str_has_prefix (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (child)), prefix))
        return child;
      if ((found = row_titled (child, prefix)) != NULL)
        return found;
    }
  return NULL;
}

/* Activates @row and checks the list it opens counts what
 * `report performance --list CLOCK STATE [--agency A]` does; returns it. */
static gint64
open_and_count (GtkWidget  *row,
                const char *clock,
                const char *state,
                const char *agency)
{
  const char *args[] = { "report", "performance", "--from", "2025-01-01", "--to", "2026-12-31",
                         "--list", clock, state, agency ? "--agency" : NULL, agency, NULL };
  g_autoptr(JsonNode) listed = dg_test_cli_json (db_path, args);
  gint64 expected = json_object_get_int_member (json_node_get_object (listed), "count");
  GtkWidget *figures;
  gint64 count;

  g_assert_nonnull (row);
  g_signal_emit_by_name (row, "activated");
  g_assert_true (dg_test_wait_until (figure_list_ready, NULL, 10000));
  figures = dg_test_find_window (DG_TYPE_FIGURE_LIST_WINDOW, NULL);
  count = dg_figure_list_window_get_count (DG_FIGURE_LIST_WINDOW (figures));
  g_test_message ("%s %s %s: %" G_GINT64_FORMAT, clock, state, agency ? agency : "", count);
  g_assert_cmpint (count, ==, expected);
  gtk_window_destroy (GTK_WINDOW (figures));
  dg_test_spin (50);
  return count;
}

static void
contributions_scenario (GApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));
  GtkWidget *page, *from, *agencies, *brought, *measures;
  gint64 shown = 0;

  g_assert_true (dg_test_wait_until (window_ready, window, 10000));
  dg_window_show_section (DG_WINDOW (window), "reports");
  page = dg_test_find_widget (GTK_WIDGET (window), DG_TYPE_REPORTS_PAGE, NULL);
  /* The period's two fields, From then To. */
  from = dg_test_find_widget (page, GTK_TYPE_ENTRY, NULL);
  gtk_editable_set_text (GTK_EDITABLE (from), "2025-01-01");
  gtk_editable_set_text (GTK_EDITABLE (dg_test_find_widget (gtk_widget_get_parent (from), GTK_TYPE_ENTRY, NULL) == from
                                       ? gtk_widget_get_next_sibling (gtk_widget_get_next_sibling (from)) : NULL),
                         "2026-12-31");
  dg_test_spin (400);
  g_assert_true (dg_test_wait_until (figures_loaded, page, 20000));

  /* Per agency, the meetings that expected and invited it. */
  agencies = dg_test_find_widget (page, ADW_TYPE_PREFERENCES_GROUP, "Which Agencies Are We Failing to Invite?");
  shown += open_and_count (row_titled (agencies, "Police"), "expected", "invited", "police");
  shown += open_and_count (row_titled (agencies, "Community health"), "expected", "invited", "health");
  /* Every agency's: the places at meetings that sent a report, or came able to decide. */
  brought = dg_test_find_widget (page, ADW_TYPE_PREFERENCES_GROUP, "What the Agencies Brought");
  shown += open_and_count (row_titled (brought, "Sent a report"), "report", "received", NULL);
  shown += open_and_count (row_titled (brought, "Came with someone"), "decision-maker", "yes", NULL);
  g_assert_cmpint (shown, >, 0);
  /* The register: the children behind each measure. */
  measures = dg_test_find_widget (page, DG_TYPE_REGISTER_FIGURES, NULL);
  open_and_count (row_titled (measures, "PM27"), "pm27", "numerator", NULL);
  g_assert_cmpint (open_and_count (row_titled (measures, "PM28"), "pm28", "all", NULL), >, 0);

  gtk_window_close (window);
}

/* A referral about two children decided late, and one about one child
 * decided on time, both received in the report's default period. */
static void
add_referral (const char *dir,
              const char *received,
              const char *children,
              const char *decided)
{
  g_autofree char *json = g_strdup_printf ("{\"received_at\": \"%s\", \"children\": [%s]}", received, children);
  g_autofree char *file = g_build_filename (dir, "r.json", NULL);
  g_autoptr(JsonNode) added = NULL;
  g_autofree char *id = NULL;

  g_assert_true (g_file_set_contents (file, json, -1, NULL));
  added = dg_test_cli_json (db_path, (const char *[]) { "referral", "add", "--file", file, NULL });
  id = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (json_node_get_object (added), "id"));
  json_node_unref (dg_test_cli_json (db_path, (const char *[]) { "referral", "decide", id, "--outcome", "nfa",
                                                                 "--rationale", "No further action", "--at", decided, NULL }));
}

static void
test_figures (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("dg-test-figures-gui-XXXXXX", &error);
  g_autoptr(DgApplication) app = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) received = g_date_time_add_days (now, -20);
  g_autoptr(GDateTime) late = g_date_time_add_days (now, -10);
  g_autofree char *received_at = g_date_time_format (received, "%Y-%m-%dT%H:%M");
  g_autofree char *late_at = g_date_time_format (late, "%Y-%m-%dT%H:%M");

  g_assert_no_error (error);
  db_path = dg_test_db_location (dir);
  add_referral (dir, received_at, "{\"name\": \"Ann Jones\"}, {\"name\": \"Ben Jones\"}", late_at);
  add_referral (dir, received_at, "{\"name\": \"Cai Lewis\"}", received_at);

  g_setenv ("DIOGELU_DB", db_path, TRUE);
  app = dg_application_new ();
  g_signal_connect_after (app, "activate", G_CALLBACK (scenario), NULL);
  g_assert_cmpint (g_application_run (G_APPLICATION (app), 0, NULL), ==, 0);
  g_clear_object (&app);
  dg_test_db_drop (db_path);
  dg_test_remove_folder (dir);
}

static void
test_contributions (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("dg-test-figures-gui-XXXXXX", &error);
  g_autoptr(DgApplication) app = NULL;

  g_assert_no_error (error);
  db_path = dg_test_db_location (dir);
  json_node_unref (dg_test_cli_json (db_path, (const char *[]) { "demo", "--referrals", "600", NULL }));
  g_setenv ("DIOGELU_DB", db_path, TRUE);
  app = dg_application_new ();
  g_signal_connect_after (app, "activate", G_CALLBACK (contributions_scenario), NULL);
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
  g_test_add_func ("/figures-gui/drill-down-and-exception", test_figures);
  g_test_add_func ("/figures-gui/contributions-and-register", test_contributions);
  return g_test_run ();
}
