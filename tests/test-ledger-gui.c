#include "config.h"

#include <adwaita.h>

#include "dg-core.h"
#include "dg-application.h"
#include "dg-ledger.h"
#include "dg-ledger-dialog.h"
#include "dg-referral-detail.h"
#include "dg-referrals.h"
#include "dg-referrals-page.h"
#include "dg-reports-page.h"
#include "dg-test-cli.h"
#include "dg-test-db.h"
#include "dg-test-gui.h"
#include "dg-window.h"

/* The report-maker's ledger in the referral detail: a chase, a
 * disagreement raised then discussed and a Welsh choice recorded through
 * their dialogs, a refused step shown in its dialog, and the Reports
 * page's two ledger figures. */

typedef void (*Scenario) (DgWindow *window);

static char *db_path;
static gint64 referral_id;

static gboolean
window_ready (gpointer data)
{
  return g_strcmp0 (dg_window_get_state (data), "ready") == 0;
}

static void
on_activate (GApplication *app,
             Scenario      scenario)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  g_assert_true (dg_test_wait_until (window_ready, window, 10000));
  dg_test_spin (100);
  scenario (DG_WINDOW (window));
  gtk_window_close (window);
}

static void
run_app (Scenario scenario)
{
  g_autoptr(DgApplication) app = dg_application_new ();

  g_setenv ("DIOGELU_DB", db_path, TRUE);
  g_signal_connect_after (app, "activate", G_CALLBACK (on_activate), scenario);
  g_assert_cmpint (g_application_run (G_APPLICATION (app), 0, NULL), ==, 0);
}

/* A referral received a fortnight ago and decided. */
static void
make_referral (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) dir_error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("dg-test-ledger-gui-XXXXXX", &dir_error);
  g_autoptr(DgDb) db = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();

  g_assert_no_error (dir_error);
  db_path = dg_test_db_location (dir);
  db = dg_db_open (db_path, DG_DB_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_true (json_parser_load_from_data (parser, "{\"received_at\": \"2026-11-23T09:00\", "
                                             "\"reporter\": {\"name\": \"Ceri Jones\"}, "
                                             "\"children\": [{\"name\": \"Alex Example\"}]}", -1, &error));
  g_assert_no_error (error);
  referral_id = dg_referral_add (db, json_node_get_object (json_parser_get_root (parser)), NULL, &error);
  g_assert_no_error (error);
  g_assert_true (dg_referral_decide (db, referral_id, "nfa", "Below the threshold", "Rhys Evans", NULL, &error));
  g_assert_no_error (error);
}

static gboolean
dialog_gone (gpointer data)
{
  return dg_test_find_window (DG_TYPE_LEDGER_DIALOG, NULL) == NULL;
}

typedef struct
{
  GtkWidget  *detail;
  const char *title;
} Row;

static gboolean
detail_has_row (gpointer data)
{
  Row *row = data;

  GtkWidget *group = dg_test_find_widget (row->detail, ADW_TYPE_PREFERENCES_GROUP, "Report-Maker’s Ledger");

  /* In the ledger: the Clocks group has rows of the same names. */
  return group != NULL && dg_test_find_widget (group, ADW_TYPE_ACTION_ROW, row->title) != NULL;
}

static GtkWidget *
ledger_group (GtkWidget *detail)
{
  GtkWidget *group = dg_test_find_widget (detail, ADW_TYPE_PREFERENCES_GROUP, "Report-Maker’s Ledger");

  g_assert_nonnull (group);
  return group;
}

/* Clicks the ledger's button @label and returns the dialog it opens. */
static GtkWidget *
open_dialog (GtkWidget  *detail,
             const char *label)
{
  GtkWidget *button = dg_test_find_widget (ledger_group (detail), GTK_TYPE_BUTTON, label);
  GtkWidget *dialog;

  g_assert_nonnull (button);
  g_assert_true (gtk_widget_is_sensitive (button));
  dg_test_click (button);
  dg_test_spin (100);
  dialog = dg_test_find_window (DG_TYPE_LEDGER_DIALOG, NULL);
  g_assert_nonnull (dialog);
  return dialog;
}

static void
type_note (GtkWidget  *dialog,
           const char *note)
{
  GtkWidget *view = dg_test_find_widget (dialog, GTK_TYPE_TEXT_VIEW, NULL);

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), note, -1);
}

static void
save_and_wait (GtkWidget  *dialog,
               GtkWidget  *detail,
               const char *row_title)
{
  Row row = { detail, row_title };

  dg_test_click (dg_test_find_widget (dialog, GTK_TYPE_BUTTON, "Save"));
  g_assert_true (dg_test_wait_until (dialog_gone, NULL, 5000));
  g_assert_true (dg_test_wait_until (detail_has_row, &row, 5000));
}

static guint
n_choices (GtkWidget  *dialog,
           const char *title)
{
  GtkWidget *row = dg_test_find_widget (dialog, ADW_TYPE_COMBO_ROW, title);

  g_assert_nonnull (row);
  return g_list_model_get_n_items (adw_combo_row_get_model (ADW_COMBO_ROW (row)));
}

/* The dialog's error line. */
static GtkWidget *
error_line (GtkWidget *root)
{
  if (GTK_IS_LABEL (root) && gtk_widget_has_css_class (root, "error"))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = error_line (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
scenario_ledger (DgWindow *window)
{
  GtkWidget *page = dg_test_find_widget (GTK_WIDGET (window), DG_TYPE_REFERRALS_PAGE, NULL);
  GtkWidget *detail = dg_test_find_widget (page, DG_TYPE_REFERRAL_DETAIL, NULL);
  GtkColumnView *view = GTK_COLUMN_VIEW (dg_test_find_widget (page, GTK_TYPE_COLUMN_VIEW, NULL));
  g_autoptr(GError) error = NULL;
  GtkWidget *dialog, *error_label;

  g_assert_true (dg_test_wait_until ((gpointer) g_list_model_get_n_items, gtk_column_view_get_model (view), 5000));
  gtk_selection_model_select_item (gtk_column_view_get_model (view), 0, TRUE);
  g_assert_true (dg_test_wait_until ((gpointer) dg_referral_detail_get_referral, detail, 5000));
  dg_test_spin (100);
  g_assert_nonnull (dg_test_find_widget (ledger_group (detail), GTK_TYPE_LABEL, "None recorded"));
  g_assert_nonnull (dg_test_find_widget (ledger_group (detail), GTK_TYPE_LABEL,
                                         "Not asked yet: letters go in both, Welsh first"));

  /* A chase without a note is refused in the dialog, naming the note. */
  dialog = open_dialog (detail, "Record Chase…");
  g_assert_false (gtk_widget_is_sensitive (dg_test_find_widget (dialog, ADW_TYPE_ACTION_ROW, "Answered Now")));
  dg_test_click (dg_test_find_widget (dialog, GTK_TYPE_BUTTON, "Save"));
  g_assert_true (dg_test_wait_for_label (dialog, "Note: Say what was asked, answered or agreed: every entry needs it.", 2000));
  type_note (dialog, "Asked by phone what became of the report");
  save_and_wait (dialog, detail, "Report-maker chased");
  /* Its clock: a reply is due within a working day, and today is past it
   * or not, by the machine's date, so only its presence is checked. */
  {
    DgReferral *r = dg_referral_detail_get_referral (DG_REFERRAL_DETAIL (detail));

    g_assert_cmpuint (r->ledger->len, ==, 1);
    g_assert_cmpstr (g_array_index (r->ledger, DgLedgerEntry, 0).clock, ==, "chase-reply");
  }

  /* A disagreement: only "raised" may come first. */
  dialog = open_dialog (detail, "Record Disagreement…");
  g_assert_cmpuint (n_choices (dialog, "Step"), ==, 1);
  type_note (dialog, "Thinks the family needs early help");
  save_and_wait (dialog, detail, "Disagreement raised");

  /* Then discussed or resolved; discussed. */
  dialog = open_dialog (detail, "Record Disagreement…");
  g_assert_cmpuint (n_choices (dialog, "Step"), ==, 2);
  adw_combo_row_set_selected (ADW_COMBO_ROW (dg_test_find_widget (dialog, ADW_TYPE_COMBO_ROW, "Step")), 0);
  type_note (dialog, "Talked it through with the team manager");
  save_and_wait (dialog, detail, "Disagreement discussed");

  /* A step refused by the core (the disagreement resolved elsewhere
   * meanwhile) is shown in the dialog, naming the step; the note stays. */
  dialog = open_dialog (detail, "Record Disagreement…");
  g_assert_cmpuint (n_choices (dialog, "Step"), ==, 2);   /* escalated, resolved */
  type_note (dialog, "Escalated to the service manager");
  {
    g_autoptr(DgDb) other = dg_db_open (db_path, DG_DB_OPEN_DEFAULT, &error);
    g_autoptr(JsonObject) entry = NULL;

    g_assert_no_error (error);
    entry = dg_ledger_disagreement (other, referral_id, "resolved", "Settled by phone", NULL, &error);
    g_assert_no_error (error);
  }
  dg_test_click (dg_test_find_widget (dialog, GTK_TYPE_BUTTON, "Save"));
  g_assert_true (dg_test_wait_for_label (dialog, "Step: “escalated” needs an open disagreement: record it raised first", 5000));
  error_label = error_line (dialog);
  g_assert_true (gtk_widget_get_visible (error_label));
  g_assert_nonnull (dg_test_find_window (DG_TYPE_LEDGER_DIALOG, NULL));
  type_note (dialog, "");
  gtk_window_close (GTK_WINDOW (dialog));
  g_assert_true (dg_test_wait_until (dialog_gone, NULL, 2000));

  /* The report-maker chose Welsh. */
  dialog = open_dialog (detail, "Record Language Choice…");
  g_assert_cmpuint (n_choices (dialog, "Who Was Asked"), ==, 3);
  adw_combo_row_set_selected (ADW_COMBO_ROW (dg_test_find_widget (dialog, ADW_TYPE_COMBO_ROW, "Who Was Asked")), 0);
  adw_combo_row_set_selected (ADW_COMBO_ROW (dg_test_find_widget (dialog, ADW_TYPE_COMBO_ROW, "Their Choice")), 0);
  dg_test_type (dg_test_find_widget (dialog, ADW_TYPE_ENTRY_ROW, "Name (optional)"), "Ceri Jones");
  save_and_wait (dialog, detail, "Report-maker (Ceri Jones)");
  g_assert_null (dg_test_find_widget (ledger_group (detail), GTK_TYPE_LABEL,
                                      "Not asked yet: letters go in both, Welsh first"));

  /* The ledger holds them, as the command line reads it. */
  {
    g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, referral_id);
    g_autoptr(JsonNode) shown = dg_test_cli_json (db_path, (const char *[]) { "referral", "show", id, NULL });
    JsonObject *o = json_node_get_object (shown);
    JsonArray *ledger = json_object_get_array_member (o, "ledger");
    JsonArray *offers = json_object_get_array_member (o, "language_offers");
    static const char *expected[][2] = {
      { "chase", "raised" }, { "disagreement", "raised" }, { "disagreement", "discussed" }, { "disagreement", "resolved" },
    };

    g_assert_cmpuint (json_array_get_length (ledger), ==, G_N_ELEMENTS (expected));
    for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
      {
        JsonObject *e = json_array_get_object_element (ledger, i);

        g_assert_cmpstr (json_object_get_string_member (e, "kind"), ==, expected[i][0]);
        g_assert_cmpstr (json_object_get_string_member (e, "step"), ==, expected[i][1]);
      }
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (ledger, 0), "note"), ==,
                     "Asked by phone what became of the report");
    g_assert_cmpuint (json_array_get_length (offers), ==, 1);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (offers, 0), "person"), ==, "report-maker");
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (offers, 0), "choice"), ==, "cy");
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (offers, 0), "name"), ==, "Ceri Jones");
  }

  /* The chase is answered: the switch is there now. */
  dialog = open_dialog (detail, "Record Chase…");
  g_assert_true (gtk_widget_is_sensitive (dg_test_find_widget (dialog, ADW_TYPE_ACTION_ROW, "Answered Now")));
  gtk_switch_set_active (GTK_SWITCH (dg_test_find_widget (dialog, GTK_TYPE_SWITCH, NULL)), TRUE);
  type_note (dialog, "Told them the outcome by phone");
  save_and_wait (dialog, detail, "Chase answered");

  /* The Reports page counts them, in words. */
  {
    GtkWidget *reports = dg_test_find_widget (GTK_WIDGET (window), DG_TYPE_REPORTS_PAGE, NULL);
    GtkWidget *row;

    dg_window_show_section (window, "reports");
    dg_reports_page_reload (DG_REPORTS_PAGE (reports));
    g_assert_true (dg_test_wait_until ((gpointer) dg_reports_page_is_loaded, reports, 5000));
    row = dg_test_find_widget (reports, ADW_TYPE_ACTION_ROW, "Report-makers who chased");
    g_assert_nonnull (row);
    g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==,
                     "1 referral, 1 chase, 1 answered within a working day (100%)");
    row = dg_test_find_widget (reports, ADW_TYPE_ACTION_ROW, "Disagreements");
    g_assert_nonnull (row);
    g_test_message ("Disagreements: %s", adw_action_row_get_subtitle (ADW_ACTION_ROW (row)));
    g_assert_true (g_str_has_prefix (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "1 raised, 1 resolved, "));
  }
}

static void
test_ledger (void)
{
  make_referral ();
  run_app (scenario_ledger);
  g_clear_pointer (&db_path, g_free);
}

int
main (int   argc,
      char *argv[])
{
  dg_test_gui_init (&argc, &argv);

  g_test_add_func ("/ledger-gui/record", test_ledger);

  return g_test_run ();
}
