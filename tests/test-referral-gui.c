#include "config.h"

#include <adwaita.h>
#include <locale.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "dg-core.h"
#include "dg-application.h"
#include "dg-decision-dialog.h"
#include "dg-due-page.h"
#include "dg-import-window.h"
#include "dg-referral-detail.h"
#include "dg-referral-form.h"
#include "dg-referral-row.h"
#include "dg-referrals.h"
#include "dg-referrals-page.h"
#include "dg-test-cli.h"
#include "dg-test-db.h"
#include "dg-test-gui.h"
#include "dg-vocab.h"
#include "dg-window.h"

typedef void (*Scenario) (DgWindow *window);

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

static char *
run_app (const char *db_path,
         Scenario    scenario)
{
  g_autoptr(DgApplication) app = dg_application_new ();

  g_setenv ("DIOGELU_DB", db_path, TRUE);
  g_signal_connect_after (app, "activate", G_CALLBACK (on_activate), scenario);
  g_assert_cmpint (g_application_run (G_APPLICATION (app), 0, NULL), ==, 0);
  return NULL;
}

static char *
temp_db (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("dg-test-referral-gui-XXXXXX", &error);

  g_assert_no_error (error);
  /* A file, or a fresh PostgreSQL database in the suite's PostgreSQL half
   * (the server goes, with its databases, when that half ends). */
  return dg_test_db_location (dir);
}

/* The entry row titled @title inside the group titled @group. */
static GtkWidget *
field (GtkWidget  *form,
       const char *group,
       const char *title)
{
  GtkWidget *g = dg_test_find_widget (form, ADW_TYPE_PREFERENCES_GROUP, group);
  GtkWidget *row;

  g_assert_nonnull (g);
  row = dg_test_find_widget (g, ADW_TYPE_PREFERENCES_ROW, title);
  g_assert_nonnull (row);
  return row;
}

static GtkTextView *
text_view (GtkWidget  *root,
           const char *group)
{
  GtkWidget *g = dg_test_find_widget (root, ADW_TYPE_PREFERENCES_GROUP, group);

  g_assert_nonnull (g);
  return GTK_TEXT_VIEW (dg_test_find_widget (g, GTK_TYPE_TEXT_VIEW, NULL));
}

static DgReferralForm *
open_form (DgWindow *window)
{
  DgReferralForm *form;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.new-referral", NULL));
  form = DG_REFERRAL_FORM (dg_test_find_window (DG_TYPE_REFERRAL_FORM, NULL));
  g_assert_nonnull (form);
  g_assert_true (dg_test_wait_until ((gpointer) dg_referral_form_is_ready, form, 5000));
  dg_test_spin (100);
  return form;
}

static gboolean
form_gone (gpointer data)
{
  return dg_test_find_window (DG_TYPE_REFERRAL_FORM, NULL) == NULL;
}

static guint
n_listed (DgWindow *window)
{
  GtkColumnView *view = GTK_COLUMN_VIEW (dg_test_find_widget (GTK_WIDGET (window), GTK_TYPE_COLUMN_VIEW, NULL));
  GtkSelectionModel *model = gtk_column_view_get_model (view);

  return model ? g_list_model_get_n_items (G_LIST_MODEL (model)) : 0;
}

static guint wanted_rows;

static gboolean
list_has_wanted (gpointer data)
{
  return n_listed (data) == wanted_rows;
}

static gboolean
label_visible (gpointer data)
{
  return gtk_widget_get_visible (data) && gtk_label_get_text (data)[0] != '\0';
}

static gboolean
detail_has_decision (gpointer data)
{
  return dg_test_find_widget (data, ADW_TYPE_PREFERENCES_GROUP, "Decision") != NULL;
}

static void
scenario_log_find_decide (DgWindow *window)
{
  DgReferralForm *form = open_form (window);
  GtkWidget *page = dg_test_find_widget (GTK_WIDGET (window), DG_TYPE_REFERRALS_PAGE, NULL);
  GtkWidget *search, *detail, *dialog_button = NULL, *error_label;
  GtkColumnView *view;
  DgDecisionDialog *dialog;
  GtkTextBuffer *buffer;

  /* Type a referral as it is phoned in. */
  dg_test_type (field (GTK_WIDGET (form), "Report-maker", "Name"), "Ceri Jones");
  dg_test_type (field (GTK_WIDGET (form), "Report-maker", "Organisation"), "Ysgol Enghraifft");
  dg_test_type (field (GTK_WIDGET (form), "Report-maker", "Email"), "dsp@example.org");
  dg_test_type (field (GTK_WIDGET (form), "Child", "Name"), "Siân Morgan");
  dg_test_type (field (GTK_WIDGET (form), "Child", "Date of Birth (DD/MM/YYYY)"), "2015-04-01");
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (text_view (GTK_WIDGET (form), "Concern")),
                            "Arrived hungry three days running", -1);

  /* A household member and an agency already involved. */
  dg_test_click (dg_test_find_widget (GTK_WIDGET (form), GTK_TYPE_BUTTON, "Add Household Member"));
  dg_test_type (field (GTK_WIDGET (form), "Household Member 1", "Name"), "Rhian Morgan");
  dg_test_type (field (GTK_WIDGET (form), "Household Member 1", "Relationship to the Child"), "mother");
  dg_test_click (dg_test_find_widget (GTK_WIDGET (form), GTK_TYPE_BUTTON, "Add Agency Involved"));
  adw_combo_row_set_selected (ADW_COMBO_ROW (field (GTK_WIDGET (form), "Agency 1", "Agency")), 3); /* community health */
  dg_test_type (field (GTK_WIDGET (form), "Agency 1", "Person"), "Health visitor");

  dg_test_click (dg_test_find_widget (GTK_WIDGET (form), GTK_TYPE_BUTTON, "Save Referral"));
  g_assert_true (dg_test_wait_until (form_gone, NULL, 5000));

  wanted_rows = 1;
  g_assert_true (dg_test_wait_until (list_has_wanted, window, 5000));

  /* The Due board lists its clocks, and a row leads back to the referral. */
  {
    GtkWidget *due = dg_test_find_widget (GTK_WIDGET (window), DG_TYPE_DUE_PAGE, NULL);
    GtkWidget *row;

    dg_window_show_section (window, "due");
    g_assert_true (dg_test_wait_until ((gpointer) dg_due_page_is_loaded, due, 5000));
    dg_test_spin (100);
    g_assert_false (gtk_widget_get_mapped (dg_test_find_widget (due, ADW_TYPE_STATUS_PAGE, "Nothing Due")));
    row = dg_test_find_widget (due, ADW_TYPE_ACTION_ROW, NULL);
    g_assert_nonnull (row);
    g_assert_nonnull (strstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), "Siân Morgan"));
    g_signal_emit_by_name (row, "activated");
    dg_test_spin (200);
    g_assert_cmpstr (adw_view_stack_get_visible_child_name (ADW_VIEW_STACK (dg_test_find_widget (GTK_WIDGET (window), ADW_TYPE_VIEW_STACK, NULL))), ==, "referrals");
    g_assert_true (dg_test_wait_until ((gpointer) dg_referral_detail_get_referral,
                                       dg_test_find_widget (page, DG_TYPE_REFERRAL_DETAIL, NULL), 5000));
  }

  /* Find it by searching, without the accent, as a person would type. */
  search = dg_test_find_widget (page, GTK_TYPE_SEARCH_ENTRY, NULL);
  dg_test_type (search, "nobody");
  wanted_rows = 0;
  g_assert_true (dg_test_wait_until (list_has_wanted, window, 5000));
  dg_test_type (search, "sian morg");
  wanted_rows = 1;
  g_assert_true (dg_test_wait_until (list_has_wanted, window, 5000));

  view = GTK_COLUMN_VIEW (dg_test_find_widget (page, GTK_TYPE_COLUMN_VIEW, NULL));
  gtk_selection_model_select_item (gtk_column_view_get_model (view), 0, TRUE);
  detail = dg_test_find_widget (page, DG_TYPE_REFERRAL_DETAIL, NULL);
  g_assert_true (dg_test_wait_until ((gpointer) dg_referral_detail_get_referral, detail, 5000));
  dg_test_spin (100);
  g_assert_nonnull (dg_test_find_widget (detail, ADW_TYPE_PREFERENCES_GROUP, "Child: Siân Morgan"));
  g_assert_nonnull (dg_test_find_widget (dg_test_find_widget (detail, ADW_TYPE_PREFERENCES_GROUP, "Household"),
                                         ADW_TYPE_PREFERENCES_ROW, "Rhian Morgan"));
  g_assert_nonnull (dg_test_find_widget (dg_test_find_widget (detail, ADW_TYPE_PREFERENCES_GROUP, "Agencies Involved"),
                                         ADW_TYPE_PREFERENCES_ROW, "Community health"));

  /* Tab into the detail lands on its first action, not on a layout cell.
   * The detail may be refilled as the list settles (slowly, under the
   * sanitizers on a server): a refill takes the focus with the old widgets,
   * so, from no focus, Tab is pressed again once the refill is over, up to
   * five times in all. */
  for (int attempt = 0; attempt < 5; attempt++)
    {
      GtkWidget *record = dg_test_find_widget (detail, GTK_TYPE_BUTTON, "Record Decision…");

      if (record != NULL && gtk_widget_get_mapped (record))
        {
          gtk_root_set_focus (gtk_widget_get_root (detail), NULL);
          g_assert_true (gtk_widget_child_focus (detail, GTK_DIR_TAB_FORWARD));
          dialog_button = gtk_root_get_focus (gtk_widget_get_root (detail));
          if (dialog_button == record)
            break;
          g_test_message ("Tab landed on %s while the detail was refilled; again",
                          dialog_button ? G_OBJECT_TYPE_NAME (dialog_button) : "nothing");
        }
      dg_test_spin (300);
    }
  g_assert_true (GTK_IS_BUTTON (dialog_button));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (dialog_button)), ==, "Record _Decision…");

  /* A decision without reasons is refused where the reasons go. */
  dg_test_click (dialog_button);
  dialog = DG_DECISION_DIALOG (dg_test_find_window (DG_TYPE_DECISION_DIALOG, NULL));
  g_assert_nonnull (dialog);
  dg_test_spin (100);
  dg_test_click (dg_test_find_widget (GTK_WIDGET (dialog), GTK_TYPE_BUTTON, "Save Decision"));
  error_label = dg_test_find_widget (GTK_WIDGET (dialog), GTK_TYPE_LABEL,
                                     "Write the reasons for this decision: every decision needs them, whatever the outcome.");
  g_assert_nonnull (error_label);
  g_assert_true (gtk_widget_get_visible (error_label));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog)));

  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (dg_test_find_widget (GTK_WIDGET (dialog), GTK_TYPE_TEXT_VIEW, NULL)));
  gtk_text_buffer_set_text (buffer, "Below the threshold; school will monitor.", -1);
  dg_test_click (dg_test_find_widget (GTK_WIDGET (dialog), GTK_TYPE_BUTTON, "Save Decision"));
  dg_test_spin (300);
  if (dg_test_find_window (DG_TYPE_DECISION_DIALOG, NULL) != NULL)
    g_test_message ("decision dialog says: %s", gtk_label_get_text (GTK_LABEL (error_label)));
  if (!dg_test_wait_until (detail_has_decision, detail, 5000))
    {
      DgReferral *r = dg_referral_detail_get_referral (DG_REFERRAL_DETAIL (detail));

      if (r == NULL)
        g_test_message ("detail shows: (none)");
      else
        g_test_message ("detail shows: %s, %s, decision %s", r->reference, r->status,
                        r->decision ? r->decision->outcome : "(none)");
    }
  g_assert_true (dg_test_wait_until (detail_has_decision, detail, 5000));
  g_assert_null (dg_test_find_window (DG_TYPE_DECISION_DIALOG, NULL));
  g_assert_nonnull (dg_test_find_widget (detail, GTK_TYPE_LABEL, "Below the threshold; school will monitor."));
}

/* ---- Decided by someone else meanwhile ------------------------------------------- */

static char *conflict_db;
static gint64 conflict_id;

/* A label shown anywhere in @widget that says the referral was decided
 * elsewhere, or NULL. */
static GtkWidget *
decided_elsewhere_label (GtkWidget *widget)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_is_visible (widget) &&
      strstr (gtk_label_get_text (GTK_LABEL (widget)), "already decided by Rhys Evans at ") != NULL)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = decided_elsewhere_label (child);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
says_decided_elsewhere (gpointer data)
{
  return decided_elsewhere_label (data) != NULL;
}

static void
scenario_decided_elsewhere (DgWindow *window)
{
  GtkWidget *page = dg_test_find_widget (GTK_WIDGET (window), DG_TYPE_REFERRALS_PAGE, NULL);
  GtkWidget *detail = dg_test_find_widget (page, DG_TYPE_REFERRAL_DETAIL, NULL);
  GtkColumnView *view = GTK_COLUMN_VIEW (dg_test_find_widget (page, GTK_TYPE_COLUMN_VIEW, NULL));
  g_autoptr(GError) error = NULL;
  g_autoptr(DgDb) other = NULL;
  DgDecisionDialog *dialog;
  GtkTextBuffer *buffer;
  GtkTextIter start, end;
  g_autofree char *kept = NULL;

  wanted_rows = 1;
  g_assert_true (dg_test_wait_until (list_has_wanted, window, 5000));
  gtk_selection_model_select_item (gtk_column_view_get_model (view), 0, TRUE);
  g_assert_true (dg_test_wait_until ((gpointer) dg_referral_detail_get_referral, detail, 5000));

  /* The practitioner starts writing a decision... */
  gtk_widget_activate_action (page, "referral.decide", NULL);
  dg_test_spin (100);
  dialog = DG_DECISION_DIALOG (dg_test_find_window (DG_TYPE_DECISION_DIALOG, NULL));
  g_assert_nonnull (dialog);
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (dg_test_find_widget (GTK_WIDGET (dialog), GTK_TYPE_TEXT_VIEW, NULL)));
  gtk_text_buffer_set_text (buffer, "Family agreed to early help.", -1);

  /* ...while a colleague, elsewhere, decides the same referral. */
  other = dg_db_open (conflict_db, DG_DB_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_true (dg_referral_decide (other, conflict_id, "assessment", "Police report overnight", "Rhys Evans", NULL, &error));
  g_assert_no_error (error);

  /* Saving is refused, saying whose decision stands; what was typed stays,
   * and the referral on screen shows the colleague's decision. */
  dg_test_click (dg_test_find_widget (GTK_WIDGET (dialog), GTK_TYPE_BUTTON, "Save Decision"));
  g_assert_true (dg_test_wait_until (says_decided_elsewhere, dialog, 5000));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog)));
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  kept = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  g_assert_cmpstr (kept, ==, "Family agreed to early help.");
  g_assert_true (dg_test_wait_until (detail_has_decision, detail, 5000));
  g_assert_nonnull (dg_test_find_widget (detail, GTK_TYPE_LABEL, "Police report overnight"));
  gtk_window_close (GTK_WINDOW (dialog));
}

static void
test_decided_elsewhere (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DgDb) db = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();

  conflict_db = temp_db ();
  db = dg_db_open (conflict_db, DG_DB_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_true (json_parser_load_from_data (parser, "{\"received_at\": \"2026-11-23T09:00\", "
                                             "\"children\": [{\"name\": \"Alex Example\"}]}", -1, &error));
  conflict_id = dg_referral_add (db, json_node_get_object (json_parser_get_root (parser)), NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&db);

  run_app (conflict_db, scenario_decided_elsewhere);
  g_clear_pointer (&conflict_db, g_free);
}

/* Everything logged while the test runs, at every level, debug included. */
static GString *logged;

static GLogWriterOutput
keep_log (GLogLevelFlags   level,
          const GLogField *fields,
          gsize            n_fields,
          gpointer         user_data)
{
  for (gsize i = 0; i < n_fields; i++)
    if (g_str_equal (fields[i].key, "MESSAGE") && fields[i].length < 0)
      g_string_append_printf (logged, "%s\n", (const char *) fields[i].value);
  return g_log_writer_default (level, fields, n_fields, user_data);
}

static void
test_log_find_decide (void)
{
  g_autofree char *path = temp_db ();
  const char *personal[] = { "Siân", "Morgan", "Ceri Jones", "dsp@example.org", "2015-04-01", "Health visitor" };

  run_app (path, scenario_log_find_decide);

  /* Logs may say what failed and which record, never what the record says. */
  for (guint i = 0; i < G_N_ELEMENTS (personal); i++)
    if (strstr (logged->str, personal[i]) != NULL)
      g_error ("The log holds personal data (%s):\n%s", personal[i], logged->str);
}

static gboolean
marked_invalid (gpointer data)
{
  return gtk_widget_has_css_class (data, "error");
}

static void
scenario_inline_errors (DgWindow *window)
{
  DgReferralForm *form = open_form (window);
  GtkWidget *child_group = dg_test_find_widget (GTK_WIDGET (form), ADW_TYPE_PREFERENCES_GROUP, "Child");
  GtkWidget *error_label;
  GtkWidget *dob = field (GTK_WIDGET (form), "Child", "Date of Birth (DD/MM/YYYY)");

  dg_test_type (field (GTK_WIDGET (form), "Child", "Name"), "Alex Example");
  dg_test_type (dob, "2099-01-01");

  /* Validation runs as the person types: the field is marked, and the child
   * group's own error line says what is wrong. */
  g_assert_true (dg_test_wait_until (marked_invalid, dob, 5000));
  g_assert_true (gtk_widget_has_css_class (dob, "error"));
  error_label = dg_test_find_widget (child_group, GTK_TYPE_LABEL, "“2099-01-01” is in the future");
  g_assert_nonnull (error_label);
  g_assert_true (label_visible (error_label));

  /* A bad email: refused on Save, with the message beside the report-maker, and the form stays open. */
  dg_test_type (dob, "2015-04-01");
  dg_test_type (field (GTK_WIDGET (form), "Report-maker", "Email"), "not-an-address");
  dg_test_click (dg_test_find_widget (GTK_WIDGET (form), GTK_TYPE_BUTTON, "Save Referral"));
  g_assert_true (dg_test_wait_until (marked_invalid, field (GTK_WIDGET (form), "Report-maker", "Email"), 5000));
  g_assert_nonnull (dg_test_find_window (DG_TYPE_REFERRAL_FORM, NULL));
  g_assert_nonnull (dg_test_find_widget (dg_test_find_widget (GTK_WIDGET (form), ADW_TYPE_PREFERENCES_GROUP, "Report-maker"),
                                         GTK_TYPE_LABEL, "“not-an-address” is not an email address"));
  g_assert_cmpuint (n_listed (window), ==, 0);
  gtk_window_destroy (GTK_WINDOW (form));
}

static void
test_inline_errors (void)
{
  g_autofree char *path = temp_db ();

  run_app (path, scenario_inline_errors);
}

static void
scenario_type_and_lose_window (DgWindow *window)
{
  DgReferralForm *form = open_form (window);

  dg_test_type (field (GTK_WIDGET (form), "Child", "Name"), "Gwen Parry");
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (text_view (GTK_WIDGET (form), "Concern")),
                            "Neighbour heard shouting late at night", -1);
  g_assert_true (dg_test_wait_until ((gpointer) dg_referral_form_is_draft_saved, form, 5000));

  /* The window is destroyed mid-entry, as a crash or a stray click would. */
  gtk_window_destroy (GTK_WINDOW (form));
  dg_test_spin (100);
}

static void
scenario_draft_restored (DgWindow *window)
{
  DgReferralForm *form = open_form (window);
  GtkWidget *banner = dg_test_find_widget (GTK_WIDGET (form), GTK_TYPE_LABEL,
                                           "Restored the referral you were typing when this window last closed.");
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (text_view (GTK_WIDGET (form), "Concern"));
  GtkTextIter start, end;
  g_autofree char *concern = NULL;

  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (field (GTK_WIDGET (form), "Child", "Name"))), ==, "Gwen Parry");
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  concern = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  g_assert_cmpstr (concern, ==, "Neighbour heard shouting late at night");
  g_assert_nonnull (banner);
  g_assert_true (gtk_revealer_get_reveal_child (GTK_REVEALER (gtk_widget_get_ancestor (banner, GTK_TYPE_REVEALER))));

  /* Saving the referral removes the draft in the same transaction. */
  dg_test_click (dg_test_find_widget (GTK_WIDGET (form), GTK_TYPE_BUTTON, "Save Referral"));
  g_assert_true (dg_test_wait_until (form_gone, NULL, 5000));
  wanted_rows = 1;
  g_assert_true (dg_test_wait_until (list_has_wanted, window, 5000));

  form = open_form (window);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (field (GTK_WIDGET (form), "Child", "Name"))), ==, "");
  gtk_window_destroy (GTK_WINDOW (form));
}

static void
test_draft_restored (void)
{
  g_autofree char *path = temp_db ();

  /* Two runs of the app on one database: the second finds the first's draft. */
  run_app (path, scenario_type_and_lose_window);
  run_app (path, scenario_draft_restored);
}

static gboolean
has_schools (gpointer data)
{
  return g_list_model_get_n_items (gtk_drop_down_get_model (data)) > 1;
}

static guint
count_rows (GtkWidget *root)
{
  guint n = ADW_IS_ACTION_ROW (root) ? 1 : 0;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    n += count_rows (child);
  return n;
}

/* The Due page has built its rows (it builds them once loaded and on screen). */
static gboolean
due_has_rows (gpointer data)
{
  return dg_due_page_is_loaded (data) && dg_test_find_widget (data, ADW_TYPE_ACTION_ROW, NULL) != NULL;
}

static void
scenario_many (DgWindow *window)
{
  GtkColumnView *view = GTK_COLUMN_VIEW (dg_test_find_widget (GTK_WIDGET (window), GTK_TYPE_COLUMN_VIEW, NULL));
  GListModel *model;
  g_autoptr(GObject) last = NULL;
  g_autofree char *reference = NULL;

  /* The first screenful comes alone; the rest follows and is appended. */
  wanted_rows = 300;
  g_assert_true (dg_test_wait_until (list_has_wanted, window, 10000));

  /* The last row fills in when it is scrolled to. */
  model = G_LIST_MODEL (gtk_column_view_get_model (view));
  gtk_widget_activate_action (GTK_WIDGET (view), "list.scroll-to-item", "u", 299);
  last = g_list_model_get_item (model, 299);
  g_assert_true (dg_test_wait_until ((gpointer) dg_referral_row_get_loaded, last, 5000));
  g_object_get (last, "reference", &reference, NULL);
  g_assert_true (g_str_has_prefix (reference, "DTR-"));

  /* Filter by school, and check the count against the command line's. */
  {
    GtkDropDown *schools = GTK_DROP_DOWN (dg_test_find_widget (GTK_WIDGET (window), GTK_TYPE_DROP_DOWN, "Filter by the child’s school or setting"));
    g_autoptr(GtkStringObject) school = NULL;
    g_autoptr(JsonNode) list = NULL;

    g_assert_nonnull (schools);
    g_assert_true (dg_test_wait_until (has_schools, schools, 5000));
    school = g_list_model_get_item (gtk_drop_down_get_model (schools), 1);
    list = dg_test_cli_json (NULL, (const char *[]) { "referral", "list", "--limit", "1", "--school",
                                                      gtk_string_object_get_string (school), NULL });
    wanted_rows = json_object_get_int_member (json_node_get_object (list), "total");
    g_assert_cmpuint (wanted_rows, >, 0);
    g_assert_cmpuint (wanted_rows, <, 300);

    gtk_drop_down_set_selected (schools, 1);
    g_assert_true (dg_test_wait_until (list_has_wanted, window, 5000));
  }

  /* The Due section's badge counts every overdue clock, as the command line does. */
  {
    AdwViewStack *stack = ADW_VIEW_STACK (dg_test_find_widget (GTK_WIDGET (window), ADW_TYPE_VIEW_STACK, NULL));
    GtkWidget *due = dg_test_find_widget (GTK_WIDGET (window), DG_TYPE_DUE_PAGE, NULL);
    g_autoptr(JsonNode) overdue = dg_test_cli_json (NULL, (const char *[]) { "timescales", "--overdue", NULL });
    guint n = json_array_get_length (json_node_get_array (overdue));

    g_assert_true (dg_test_wait_until ((gpointer) dg_due_page_is_loaded, due, 5000));
    g_assert_cmpuint (n, >, 0);
    g_assert_cmpuint (adw_view_stack_page_get_badge_number (adw_view_stack_get_page (stack, adw_view_stack_get_child_by_name (stack, "due"))), ==, n);

    /* As a worklist: Due Today before Overdue, each late row saying by how
     * many working days, filtered by clock with the badge unchanged, and
     * the rest of a heading reachable. */
    {
      const char *order[] = { "Due Today", "Overdue", "Due Tomorrow", "Later This Week", "Later" };
      g_autoptr(JsonNode) decisions = dg_test_cli_json (NULL, (const char *[]) { "timescales", "--overdue", "--clock", "decision", NULL });
      guint n_decisions = json_array_get_length (json_node_get_array (decisions));
      g_autofree char *counted = g_strdup_printf (n_decisions == 1 ? "%u clock" : "%u clocks", n_decisions);
      GtkWidget *overdue_group, *more;
      guint previous = 0, clock_index = 0;

      adw_view_stack_set_visible_child_name (stack, "due");
      g_assert_true (dg_test_wait_until (due_has_rows, due, 5000));
      for (guint i = 0; i < G_N_ELEMENTS (order); i++)
        {
          GtkWidget *group = dg_test_find_widget (due, ADW_TYPE_PREFERENCES_GROUP, order[i]);
          guint at = 0;

          if (group == NULL)
            continue;
          for (GtkWidget *w = gtk_widget_get_prev_sibling (group); w != NULL; w = gtk_widget_get_prev_sibling (w))
            at++;
          g_assert_cmpuint (at, >=, previous);
          previous = at;
        }
      overdue_group = dg_test_find_widget (due, ADW_TYPE_PREFERENCES_GROUP, "Overdue");
      g_assert_nonnull (overdue_group);
      g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (dg_test_find_widget (overdue_group, ADW_TYPE_ACTION_ROW, NULL))),
                                "Overdue "));

      for (const DgTerm *t = dg_vocab_terms (DG_VOCAB_CLOCK); t->id != NULL; t++, clock_index++)
        if (g_str_equal (t->id, "decision"))
          break;
      gtk_drop_down_set_selected (GTK_DROP_DOWN (dg_test_find_widget (due, GTK_TYPE_DROP_DOWN, "Show one clock only")), clock_index + 1);
      g_assert_true (dg_test_wait_until ((gpointer) dg_due_page_is_loaded, due, 5000));
      g_assert_true (dg_test_wait_until (due_has_rows, due, 5000));
      overdue_group = dg_test_find_widget (due, ADW_TYPE_PREFERENCES_GROUP, "Overdue");
      g_assert_nonnull (overdue_group);
      g_assert_true (g_str_has_prefix (adw_preferences_group_get_description (ADW_PREFERENCES_GROUP (overdue_group)), counted));
      g_assert_cmpuint (adw_view_stack_page_get_badge_number (adw_view_stack_get_page (stack, adw_view_stack_get_child_by_name (stack, "due"))), ==, n);

      /* All clocks again, a first screen of two rows a heading: a longer
       * heading lists more on demand. */
      gtk_drop_down_set_selected (GTK_DROP_DOWN (dg_test_find_widget (due, GTK_TYPE_DROP_DOWN, "Show one clock only")), 0);
      dg_due_page_set_first_rows (DG_DUE_PAGE (due), 2);
      g_assert_true (dg_test_wait_until ((gpointer) dg_due_page_is_loaded, due, 5000));
      g_assert_true (dg_test_wait_until (due_has_rows, due, 5000));
      /* The overdue clocks, more than two, are listed two at first. */
      g_assert_cmpuint (n, >, 2);
      more = dg_test_find_widget (dg_test_find_widget (due, ADW_TYPE_PREFERENCES_GROUP, "Overdue"), GTK_TYPE_BUTTON, "Show More");
      g_assert_nonnull (more);
      {
        guint before = count_rows (dg_test_find_widget (due, ADW_TYPE_PREFERENCES_GROUP, "Overdue"));

        g_assert_cmpuint (before, ==, 2);
        dg_test_click (more);
        g_assert_true (dg_test_wait_until ((gpointer) dg_due_page_is_loaded, due, 5000));
        g_assert_true (dg_test_wait_until (due_has_rows, due, 5000));
        g_assert_cmpuint (count_rows (dg_test_find_widget (due, ADW_TYPE_PREFERENCES_GROUP, "Overdue")), ==, MIN (n, 10));
      }
    }
  }
}

static void
test_many (void)
{
  g_autofree char *path = temp_db ();
  g_autofree char *out = NULL, *err = NULL;
  const char *argv[] = { "--db", path, "demo", "--referrals", "300", NULL };

  g_assert_cmpint (dg_test_cli_run (argv, NULL, &out, &err), ==, 0);
  g_setenv ("DIOGELU_DB", path, TRUE);  /* for the command line's count */
  run_app (path, scenario_many);
}

static gboolean
widget_sensitive (gpointer data)
{
  return gtk_widget_get_sensitive (data);
}

static gboolean
import_window_gone (gpointer data)
{
  return dg_test_find_window (DG_TYPE_IMPORT_WINDOW, NULL) == NULL;
}

static gboolean
has_problem_row (gpointer data)
{
  return dg_test_find_widget (data, ADW_TYPE_ACTION_ROW, "Line 1, column “Favourite colour”") != NULL;
}

/* A spreadsheet brought in as a person would: the preview names the column
 * it cannot place, nothing is saved until it is left out, then all rows are. */
static void
scenario_import (DgWindow *window)
{
  const char *csv = "Date received,Child's name,Agency,Favourite colour\n"
                    "20/11/2026 09:30,Siân Jones,education,blue\n"
                    "21/11/2026 10:00,Cai Evans,health,red\n";
  g_autoptr(GBytes) bytes = g_bytes_new_static (csv, strlen (csv));
  GtkWidget *import, *button, *combo;

  dg_window_import (window, bytes);
  import = dg_test_find_window (DG_TYPE_IMPORT_WINDOW, "Import Referrals");
  g_assert_nonnull (import);
  g_assert_true (dg_test_wait_until (has_problem_row, import, 5000));
  button = dg_test_find_widget (import, GTK_TYPE_BUTTON, "_Import 2 Referrals");
  g_assert_nonnull (button);
  g_assert_false (gtk_widget_get_sensitive (button));

  /* The column the file has and Diogelu does not: left out. */
  combo = dg_test_find_widget (import, ADW_TYPE_COMBO_ROW, "Favourite colour");
  g_assert_nonnull (combo);
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (combo)), ==, 0);
  combo = dg_test_find_widget (import, ADW_TYPE_COMBO_ROW, "Child's name");
  g_assert_nonnull (combo);
  /* Each column shows its first values, read with the check, not here. */
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (combo)), ==, "Siân Jones · Cai Evans");
  combo = dg_test_find_widget (import, ADW_TYPE_COMBO_ROW, "Favourite colour");
  adw_combo_row_set_selected (ADW_COMBO_ROW (combo), 1);
  adw_combo_row_set_selected (ADW_COMBO_ROW (combo), 0);
  g_assert_true (dg_test_wait_until (widget_sensitive, button, 5000));
  g_assert_null (dg_test_find_widget (import, ADW_TYPE_ACTION_ROW, "Line 1, column “Favourite colour”"));

  dg_test_click (button);
  g_assert_true (dg_test_wait_until (import_window_gone, NULL, 10000));
  wanted_rows = 2;
  g_assert_true (dg_test_wait_until (list_has_wanted, window, 5000));
}

static void
test_import (void)
{
  g_autofree char *path = temp_db ();

  run_app (path, scenario_import);
}

static gboolean
restore_dialog_shown (gpointer data)
{
  return dg_test_find_window (ADW_TYPE_MESSAGE_DIALOG, NULL) != NULL;
}

static char *restore_backup;

/* Restoring asks first, names what happens to the records there now, and
 * the lists show the backup's records after. */
static void
scenario_restore (DgWindow *window)
{
  GtkWidget *dialog;

  wanted_rows = 3;
  g_assert_true (dg_test_wait_until (list_has_wanted, window, 5000));
  dg_window_restore (window, restore_backup);
  g_assert_true (dg_test_wait_until (restore_dialog_shown, NULL, 5000));
  dialog = dg_test_find_window (ADW_TYPE_MESSAGE_DIALOG, NULL);
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==, "Replace All Records with the Backup?");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), "can be undone"));
  g_assert_cmpstr (adw_message_dialog_get_default_response (ADW_MESSAGE_DIALOG (dialog)), ==, "cancel");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "restore");
  wanted_rows = 2;
  g_assert_true (dg_test_wait_until (list_has_wanted, window, 10000));
}

static void restore_file (void);

static void
test_restore (void)
{
  if (!dg_test_skip_on_pg ("Restore replaces a SQLite file; a server database is restored on its server"))
    restore_file ();
}

static void
restore_file (void)
{
  g_autofree char *path = temp_db ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *out = NULL, *err = NULL;
  g_autofree char *safety = g_build_filename (dir, "backups", NULL);
  const char *demo[] = { "--db", path, "demo", "--referrals", "2", NULL };
  const char *more[] = { "--db", path, "demo", "--referrals", "1", "--seed", "9", NULL };

  restore_backup = g_build_filename (dir, "copy.db", NULL);
  g_assert_cmpint (dg_test_cli_run (demo, NULL, &out, &err), ==, 0);
  {
    const char *backup[] = { "--db", path, "backup", restore_backup, NULL };
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    g_assert_cmpint (dg_test_cli_run (backup, NULL, &out, &err), ==, 0);
  }
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (dg_test_cli_run (more, NULL, &out, &err), ==, 0);
  run_app (path, scenario_restore);
  g_assert_true (g_file_test (safety, G_FILE_TEST_IS_DIR));
  g_clear_pointer (&restore_backup, g_free);
}

/* ---- Every validation error of the intake form, under its own field ---------- */

/* @msgid as the interface shows it, mnemonic underscores taken out. */
static char *
shown (const char *msgid)
{
  g_autoptr(GString) text = g_string_new (g_dgettext (GETTEXT_PACKAGE, msgid));

  g_string_replace (text, "_", "", 0);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* The row titled @title in the group titled @group, both as the interface
 * shows them in its language. */
static GtkWidget *
shown_field (GtkWidget  *form,
             const char *group,
             const char *title)
{
  g_autofree char *g = shown (group);
  g_autofree char *t = shown (title);

  return field (form, g, t);
}

static GtkWidget *
group_of (GtkWidget *widget)
{
  return gtk_widget_get_ancestor (widget, ADW_TYPE_PREFERENCES_GROUP);
}

/* The visible error line of @group, or NULL. */
static GtkWidget *
error_line (GtkWidget *root)
{
  if (GTK_IS_LABEL (root) && gtk_widget_has_css_class (root, "error") &&
      gtk_widget_is_visible (root) && *gtk_label_get_text (GTK_LABEL (root)) != '\0')
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = error_line (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

typedef struct
{
  const char *group;         /* msgids of the group and row typed into */
  const char *row;
  const char *value;         /* typed there; NULL: the switch is turned on */
  const char *message;       /* the core's msgid: its %s the value, its %04X the control character */
  int         extra;         /* 0, or the row is in a second child (1), household member (2), agency (3) */
  const char *refused;       /* the row refused, when not the one typed into */
} Refusal;

static const Refusal refusals[] = {
  { "Child", "_Date of Birth (DD/MM/YYYY)", "2099-01-01", "“%s” is in the future", 0 },
  { "Child", "_Date of Birth (DD/MM/YYYY)", "next Tuesday", "“%s” is not a valid date; type it as 14/03/2017 or 14 March 2017", 0 },
  { "The Report", "_Received (YYYY-MM-DD HH:MM)", "1999-04-01 09:00", "“%s” is before 2000; check the year", 0 },
  { "Child", "_School or Setting", "Ysgol\aGymraeg", "Holds a control character (U+%04X); remove it", 0 },
  { "Report-maker", "_Email", "not-an-address", "“%s” is not an email address", 0 },
  { "Report-maker", "Ano_nymous", NULL, "Only a member of the public can stay anonymous; practitioners must give their name", 0 },
  { "The Report", "_Received (YYYY-MM-DD HH:MM)", "last Tuesday", "“%s” is not a valid time; use YYYY-MM-DDTHH:MM", 0 },
  { "Child %u", "_Date of Birth (DD/MM/YYYY)", "2016-05-02", "A child’s name is required", 1, "_Name" },
  { "Household Member %u", "_Relationship to the Child", "mother", "A name is required", 2, "_Name" },
};

static gboolean
allocated (gpointer data)
{
  return gtk_widget_get_height (data) > 0;
}

/* The widget the form marks for @row: the row, or its switch. */
static GtkWidget *
marked_part (GtkWidget *row)
{
  GtkWidget *sw = dg_test_find_widget (row, GTK_TYPE_SWITCH, NULL);

  return sw != NULL ? sw : row;
}

static gboolean
switch_on (gpointer data)
{
  return gtk_switch_get_active (data);
}

static gboolean
marked_with_line (gpointer data)
{
  return marked_invalid (marked_part (data)) && error_line (group_of (data)) != NULL;
}

static gboolean error_on_screen (gpointer data);

static void
scenario_every_refusal (DgWindow *window)
{
  for (guint i = 0; i < G_N_ELEMENTS (refusals); i++)
    {
      const Refusal *r = &refusals[i];
      DgReferralForm *form = open_form (window);
      g_autofree char *group = NULL, *expected = NULL;
      GtkWidget *row, *typed, *line;
      graphene_rect_t row_box, line_box;

      g_test_message ("refusal %u: %s", i, r->message);
      dg_test_type (shown_field (GTK_WIDGET (form), "Child", "_Name"), "Alex Example");
      dg_test_type (shown_field (GTK_WIDGET (form), "Report-maker", "_Name"), "Ceri Jones");
      if (r->extra == 1)
        g_assert_true (gtk_widget_activate_action (GTK_WIDGET (form), "form.add-child", NULL));
      else if (r->extra >= 2)
        g_assert_true (gtk_widget_activate_action (GTK_WIDGET (form), "form.add-extra", "b", r->extra == 3));
      dg_test_spin (50);
      if (r->extra > 0)
        {
          g_autofree char *format = shown (r->group);

          G_GNUC_BEGIN_IGNORE_DEPRECATIONS
          group = g_strdup_printf (format, r->extra == 1 ? 2u : 1u);
          G_GNUC_END_IGNORE_DEPRECATIONS
          g_autofree char *title = shown (r->row);

          g_autofree char *refused = r->refused != NULL ? shown (r->refused) : NULL;
          GtkWidget *g = dg_test_find_widget (GTK_WIDGET (form), ADW_TYPE_PREFERENCES_GROUP, group);

          typed = dg_test_find_widget (g, ADW_TYPE_PREFERENCES_ROW, title);
          row = refused != NULL ? dg_test_find_widget (g, ADW_TYPE_PREFERENCES_ROW, refused) : typed;
        }
      else
        row = typed = shown_field (GTK_WIDGET (form), r->group, r->row);
      g_assert_nonnull (row);
      g_assert_nonnull (typed);
      /* Held: a save that went through would close the form under it. */
      g_object_ref (row);
      if (r->value != NULL)
        dg_test_type (typed, r->value);
      else
        {
          /* As a click would, animation and all. */
          g_assert_true (gtk_widget_activate (marked_part (row)));
          g_assert_true (dg_test_wait_until (switch_on, marked_part (row), 5000));
        }

      {
        g_autofree char *save = shown ("_Save Referral");

        dg_test_click (dg_test_find_widget (GTK_WIDGET (form), GTK_TYPE_BUTTON, save));
      }
      g_assert_true (dg_test_wait_until (marked_with_line, row, 5000));

      /* The line is in the field's own group, below the field, says what
       * the core says in the interface's language, and names no field
       * path; no other group shows an error. */
      line = error_line (group_of (row));
      g_assert_true (dg_test_wait_until (allocated, line, 5000));
      /* On screen: the field and its message scrolled into view. */
      g_assert_true (dg_test_wait_until (error_on_screen, row, 5000));
      G_GNUC_BEGIN_IGNORE_DEPRECATIONS
      if (strstr (r->message, "%04X") != NULL)
        expected = g_strdup_printf (g_dgettext (GETTEXT_PACKAGE, r->message), (guint) '\a');
      else
        expected = g_strdup_printf (g_dgettext (GETTEXT_PACKAGE, r->message), r->value);
      G_GNUC_END_IGNORE_DEPRECATIONS
      g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (line)), ==, expected);
      g_assert_false (g_regex_match_simple ("[a-z_]+(\\[[0-9]+\\])?\\.[a-z_]+|^[a-z_]+:|children|household|reporter\\.",
                                            gtk_label_get_text (GTK_LABEL (line)), 0, 0));
      g_assert_true (gtk_widget_compute_bounds (row, GTK_WIDGET (form), &row_box));
      g_assert_true (gtk_widget_compute_bounds (line, GTK_WIDGET (form), &line_box));
      /* Right under the field: the next thing the eye meets. */
      g_assert_cmpfloat (line_box.origin.y, >=, row_box.origin.y + row_box.size.height);
      g_assert_cmpfloat (line_box.origin.y, <, row_box.origin.y + row_box.size.height + 24);
      gtk_widget_set_visible (line, FALSE);
      g_assert_null (error_line (GTK_WIDGET (form)));
      gtk_widget_set_visible (line, TRUE);
      g_assert_cmpuint (n_listed (window), ==, 0);
      g_object_unref (row);
      gtk_window_destroy (GTK_WINDOW (form));
      dg_test_spin (50);
    }
}

/* In the suite's C.UTF-8: English. */
static void
test_every_refusal (void)
{
  g_autofree char *path = temp_db ();

  run_app (path, scenario_every_refusal);
}

/* The same in a real cy_GB.UTF-8 locale with the interface set to Welsh,
 * in a process of its own so no other test runs in Welsh. */
static void
test_every_refusal_welsh (void)
{
  locale_t welsh = newlocale (LC_ALL_MASK, "cy_GB.UTF-8", (locale_t) 0);

  if (welsh == (locale_t) 0)
    {
      g_test_skip ("the cy_GB.UTF-8 locale is not installed");
      return;
    }
  freelocale (welsh);

  if (g_test_subprocess ())
    {
      g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
      g_autofree char *path = NULL;

      g_setenv ("LC_ALL", "cy_GB.UTF-8", TRUE);
      g_settings_set_string (settings, "interface-language", "cy");
      g_assert_nonnull (setlocale (LC_ALL, ""));
      bindtextdomain (GETTEXT_PACKAGE, g_getenv ("DIOGELU_LOCALEDIR"));
      bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
      g_setenv ("LANGUAGE", "cy", TRUE);
      /* The interface really is Welsh: a title the form shows is translated. */
      g_assert_cmpstr (g_dgettext (GETTEXT_PACKAGE, "Child"), !=, "Child");
      path = temp_db ();
      run_app (path, scenario_every_refusal);
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

/* ---- Dates as typed and picked; an unborn child; errors brought into view ---- */

static char *dates_db;
static char *due_stored;

static gboolean
not_marked_invalid (gpointer data)
{
  return !marked_invalid (data);
}

static gboolean
widget_mapped (gpointer data)
{
  return gtk_widget_get_mapped (data);
}

static void
scenario_typed_dates (DgWindow *window)
{
  DgReferralForm *form = open_form (window);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) due = g_date_time_add_days (now, 60);
  g_autoptr(GDateTime) february = g_date_time_new_local (1990, 2, 1, 0, 0, 0);
  g_autoptr(GDateTime) third = g_date_time_new_local (1990, 2, 3, 0, 0, 0);
  g_autofree char *due_typed = g_date_time_format (due, "%d/%m/%Y");
  GtkWidget *household, *button, *calendar, *popover, *baby_dob, *expected;

  due_stored = g_date_time_format (due, "%Y-%m-%d");
  dg_test_type (field (GTK_WIDGET (form), "Report-maker", "Name"), "Ceri Jones");
  dg_test_type (field (GTK_WIDGET (form), "Child", "Name"), "Siân Morgan");
  dg_test_type (field (GTK_WIDGET (form), "Child", "Date of Birth (DD/MM/YYYY)"), "14/03/2017");

  /* A baby on the way: its date of birth lies ahead, refused until it is
   * said to be the expected one. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (form), "form.add-child", NULL));
  dg_test_spin (50);
  dg_test_type (field (GTK_WIDGET (form), "Child 2", "Name"), "Baby Morgan");
  baby_dob = field (GTK_WIDGET (form), "Child 2", "Date of Birth (DD/MM/YYYY)");
  dg_test_type (baby_dob, due_typed);
  g_assert_true (dg_test_wait_until (marked_invalid, baby_dob, 5000));
  expected = dg_test_find_widget (field (GTK_WIDGET (form), "Child 2", "Not Born Yet (Expected Date)"), GTK_TYPE_SWITCH, NULL);
  g_assert_nonnull (expected);
  g_assert_true (gtk_widget_activate (expected));
  g_assert_true (dg_test_wait_until (switch_on, expected, 5000));
  g_assert_true (dg_test_wait_until (not_marked_invalid, baby_dob, 5000));
  g_assert_null (error_line (GTK_WIDGET (form)));

  /* A household member added: nothing is said before anything is typed. */
  dg_test_click (dg_test_find_widget (GTK_WIDGET (form), GTK_TYPE_BUTTON, "Add Household Member"));
  household = dg_test_find_widget (GTK_WIDGET (form), ADW_TYPE_PREFERENCES_GROUP, "Household Member 1");
  g_assert_nonnull (household);
  dg_test_spin (1000);   /* well past the check as the person types */
  g_assert_null (error_line (GTK_WIDGET (form)));
  g_assert_false (marked_invalid (field (GTK_WIDGET (form), "Household Member 1", "Name")));
  dg_test_type (field (GTK_WIDGET (form), "Household Member 1", "Name"), "Rhian Morgan");

  /* Its date of birth picked from the calendar: a month turned to, then a day. */
  button = dg_test_find_widget (household, GTK_TYPE_MENU_BUTTON, "Choose the date of birth from a calendar");
  g_assert_nonnull (button);
  g_assert_cmpstr (gtk_menu_button_get_icon_name (GTK_MENU_BUTTON (button)), ==, "x-office-calendar-symbolic");
  /* On screen, as a button is when it is clicked. */
  gtk_widget_grab_focus (button);
  dg_test_spin (500);
  gtk_menu_button_popup (GTK_MENU_BUTTON (button));
  popover = GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (button)));
  calendar = dg_test_find_widget (popover, GTK_TYPE_CALENDAR, NULL);
  g_assert_nonnull (calendar);
  g_assert_true (dg_test_wait_until (widget_mapped, calendar, 5000));
  gtk_calendar_select_day (GTK_CALENDAR (calendar), february);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (field (GTK_WIDGET (form), "Household Member 1", "Date of Birth (DD/MM/YYYY)"))), ==, "");
  g_assert_true (gtk_widget_get_visible (popover));
  gtk_calendar_select_day (GTK_CALENDAR (calendar), third);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (field (GTK_WIDGET (form), "Household Member 1", "Date of Birth (DD/MM/YYYY)"))), ==, "03/02/1990");
  dg_test_spin (100);
  g_assert_false (gtk_widget_get_visible (popover));

  /* Opened again, the calendar shows the date typed. */
  dg_test_type (field (GTK_WIDGET (form), "Child", "Date of Birth (DD/MM/YYYY)"), "14 Mawrth 2017");
  {
    GtkWidget *child_button = dg_test_find_widget (dg_test_find_widget (GTK_WIDGET (form), ADW_TYPE_PREFERENCES_GROUP, "Child"),
                                                   GTK_TYPE_MENU_BUTTON, "Choose the date of birth from a calendar");
    GtkWidget *child_popover = GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (child_button)));
    g_autoptr(GDateTime) shown = NULL;

    gtk_widget_grab_focus (child_button);
    dg_test_spin (500);
    gtk_menu_button_popup (GTK_MENU_BUTTON (child_button));
    g_assert_true (dg_test_wait_until (widget_mapped, child_popover, 5000));
    shown = gtk_calendar_get_date (GTK_CALENDAR (dg_test_find_widget (child_popover, GTK_TYPE_CALENDAR, NULL)));
    g_assert_cmpint (g_date_time_get_year (shown), ==, 2017);
    g_assert_cmpint (g_date_time_get_month (shown), ==, 3);
    g_assert_cmpint (g_date_time_get_day_of_month (shown), ==, 14);
    gtk_menu_button_popdown (GTK_MENU_BUTTON (child_button));
    /* Opening it is no choice: the date stays as typed. */
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (field (GTK_WIDGET (form), "Child", "Date of Birth (DD/MM/YYYY)"))), ==,
                     "14 Mawrth 2017");
  }

  dg_test_click (dg_test_find_widget (GTK_WIDGET (form), GTK_TYPE_BUTTON, "Save Referral"));
  g_assert_true (dg_test_wait_until (form_gone, NULL, 5000));
}

/* Typed as people type dates, or picked, each is kept as the core keeps
 * dates; the unborn child's expected date as such. */
static void
test_typed_dates (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DgDb) db = NULL;
  g_autofree char *baby = NULL;

  dates_db = temp_db ();
  run_app (dates_db, scenario_typed_dates);

  db = dg_db_open (dates_db, DG_DB_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_cmpint (dg_test_db_int (db, "SELECT count (*) FROM child WHERE name = 'Siân Morgan' AND dob = '2017-03-14' AND dob_expected = 0"), ==, 1);
  baby = g_strdup_printf ("SELECT count (*) FROM child WHERE name = 'Baby Morgan' AND dob = '%s' AND dob_expected = 1", due_stored);
  g_assert_cmpint (dg_test_db_int (db, baby), ==, 1);
  g_assert_cmpint (dg_test_db_int (db, "SELECT count (*) FROM household_member WHERE name = 'Rhian Morgan' AND dob = '1990-02-03'"), ==, 1);
  g_clear_pointer (&dates_db, g_free);
  g_clear_pointer (&due_stored, g_free);
}

/* Whether @row and the error line of its group are both inside the
 * scrolled window's visible area. */
static gboolean
error_on_screen (gpointer data)
{
  GtkWidget *row = data;
  GtkWidget *scroller = gtk_widget_get_ancestor (row, GTK_TYPE_SCROLLED_WINDOW);
  GtkWidget *line = error_line (group_of (row));
  graphene_rect_t row_box, line_box;

  if (line == NULL || gtk_widget_get_height (line) == 0 ||
      !gtk_widget_compute_bounds (row, scroller, &row_box) ||
      !gtk_widget_compute_bounds (line, scroller, &line_box))
    return FALSE;
  return row_box.origin.y >= 0 && line_box.origin.y + line_box.size.height <= gtk_widget_get_height (scroller);
}

static void
scenario_error_scrolled (DgWindow *window)
{
  DgReferralForm *form = open_form (window);
  GtkWidget *reporter, *dob, *scroller, *focus, *line;
  GtkAdjustment *adj;
  graphene_rect_t row_box, line_box;

  reporter = field (GTK_WIDGET (form), "Report-maker", "Name");
  dg_test_type (reporter, "Ceri Jones");
  dg_test_type (field (GTK_WIDGET (form), "Child", "Name"), "Siân Morgan");
  dg_test_click (dg_test_find_widget (GTK_WIDGET (form), GTK_TYPE_BUTTON, "Add Household Member"));
  dg_test_type (field (GTK_WIDGET (form), "Household Member 1", "Name"), "Rhian Morgan");
  dob = field (GTK_WIDGET (form), "Household Member 1", "Date of Birth (DD/MM/YYYY)");
  dg_test_type (dob, "31/02/1990");
  g_object_ref (dob);

  /* Back to the top of the form, where the eye is when Save is pressed:
   * the household member's date is far below, out of sight. */
  scroller = gtk_widget_get_ancestor (dob, GTK_TYPE_SCROLLED_WINDOW);
  g_assert_nonnull (scroller);
  gtk_widget_grab_focus (reporter);
  dg_test_spin (600);
  adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
  gtk_adjustment_set_value (adj, 0);
  dg_test_spin (200);
  g_assert_true (gtk_widget_compute_bounds (dob, scroller, &row_box));
  g_assert_cmpfloat (row_box.origin.y, >, gtk_widget_get_height (scroller));

  dg_test_click (dg_test_find_widget (GTK_WIDGET (form), GTK_TYPE_BUTTON, "Save Referral"));
  if (!dg_test_wait_until (error_on_screen, dob, 5000))
    {
      GtkWidget *shown = error_line (group_of (dob));
      graphene_rect_t box = GRAPHENE_RECT_INIT (0, 0, 0, 0);

      if (!gtk_widget_compute_bounds (dob, scroller, &row_box))
        row_box = box;
      if (shown != NULL && !gtk_widget_compute_bounds (shown, scroller, &box))
        shown = NULL;
      g_test_message ("off screen: field at %.0f+%.0f, message %s at %.0f+%.0f, in %d; scrolled to %.0f of %.0f (page %.0f)",
                      row_box.origin.y, row_box.size.height, shown ? "shown" : "not shown", box.origin.y, box.size.height,
                      gtk_widget_get_height (scroller), gtk_adjustment_get_value (adj), gtk_adjustment_get_upper (adj),
                      gtk_adjustment_get_page_size (adj));
    }
  g_assert_true (error_on_screen (dob));
  dg_test_spin (300);   /* and it stays there */
  g_assert_true (error_on_screen (dob));

  /* The message is under the field, a plain sentence, and the field has the focus. */
  line = error_line (group_of (dob));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (line)), ==, "“31/02/1990” is not a valid date: February 1990 has no day 31");
  g_assert_true (gtk_widget_compute_bounds (dob, scroller, &row_box));
  g_assert_true (gtk_widget_compute_bounds (line, scroller, &line_box));
  g_assert_cmpfloat (line_box.origin.y, >=, row_box.origin.y + row_box.size.height);
  g_assert_true (marked_invalid (dob));
  focus = gtk_root_get_focus (GTK_ROOT (form));
  g_assert_nonnull (focus);
  g_assert_true (focus == dob || gtk_widget_is_ancestor (focus, dob));
  g_assert_cmpuint (n_listed (window), ==, 0);
  g_object_unref (dob);
  gtk_window_destroy (GTK_WINDOW (form));
}

static void
test_error_scrolled (void)
{
  g_autofree char *path = temp_db ();

  run_app (path, scenario_error_scrolled);
}

/* An earlier referral about the child, listed in the detail, opens from
 * there. */
static gboolean
shows_referral_1 (gpointer data)
{
  DgReferral *r = dg_referral_detail_get_referral (data);

  return r != NULL && r->id == 1;
}

static gboolean
two_listed (gpointer window)
{
  return n_listed (window) == 2;
}

static void
scenario_open_earlier (DgWindow *window)
{
  GtkWidget *page = dg_test_find_widget (GTK_WIDGET (window), DG_TYPE_REFERRALS_PAGE, NULL);
  GtkWidget *detail = dg_test_find_widget (page, DG_TYPE_REFERRAL_DETAIL, NULL);
  GtkColumnView *view;
  GtkWidget *row;
  DgReferral *shown;

  g_assert_true (dg_test_wait_until (two_listed, window, 5000));
  view = GTK_COLUMN_VIEW (dg_test_find_widget (page, GTK_TYPE_COLUMN_VIEW, NULL));
  /* The newest first: the second referral, which names the first. */
  gtk_selection_model_select_item (gtk_column_view_get_model (view), 0, TRUE);
  g_assert_true (dg_test_wait_until ((gpointer) dg_referral_detail_get_referral, detail, 5000));
  shown = dg_referral_detail_get_referral (DG_REFERRAL_DETAIL (detail));
  g_assert_cmpint (shown->id, ==, 2);
  g_assert_cmpuint (shown->earlier->len, ==, 1);
  row = dg_test_find_widget (detail, ADW_TYPE_ACTION_ROW, g_array_index (shown->earlier, DgEarlierReferral, 0).reference);
  g_assert_nonnull (row);
  g_assert_true (gtk_list_box_row_get_activatable (GTK_LIST_BOX_ROW (row)));
  g_signal_emit_by_name (row, "activate");
  g_assert_true (dg_test_wait_until (shows_referral_1, detail, 5000));
}

static void
test_open_earlier (void)
{
  g_autofree char *path = temp_db ();
  /* The database may be on a server: the two reports go in a folder of their own. */
  g_autofree char *dir = g_dir_make_tmp ("dg-test-earlier-XXXXXX", NULL);
  g_autofree char *first = g_build_filename (dir, "first.json", NULL);
  g_autofree char *second = g_build_filename (dir, "second.json", NULL);

  g_assert_true (g_file_set_contents (first, "{\"received_at\": \"2026-11-02T09:00\", \"children\": [{\"name\": \"Nia Owen\", \"dob\": \"2019-05-01\"}]}", -1, NULL));
  g_assert_true (g_file_set_contents (second, "{\"received_at\": \"2026-11-20T09:00\", \"links\": [1], \"children\": [{\"name\": \"Nia Owen\", \"dob\": \"2019-05-01\"}]}", -1, NULL));
  json_node_unref (dg_test_cli_json (path, (const char *[]) { "referral", "add", "--file", first, NULL }));
  json_node_unref (dg_test_cli_json (path, (const char *[]) { "referral", "add", "--file", second, NULL }));
  run_app (path, scenario_open_earlier);
  g_remove (first);
  g_remove (second);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  dg_test_gui_init (&argc, &argv);
  logged = g_string_new (NULL);
  g_log_set_writer_func (keep_log, NULL, NULL);

  g_test_add_func ("/referral-gui/log-find-decide", test_log_find_decide);
  g_test_add_func ("/referral-gui/decided-elsewhere", test_decided_elsewhere);
  g_test_add_func ("/referral-gui/inline-errors", test_inline_errors);
  g_test_add_func ("/referral-gui/every-refusal", test_every_refusal);
  g_test_add_func ("/referral-gui/every-refusal-welsh", test_every_refusal_welsh);
  g_test_add_func ("/referral-gui/draft-restored", test_draft_restored);
  g_test_add_func ("/referral-gui/typed-dates", test_typed_dates);
  g_test_add_func ("/referral-gui/error-scrolled", test_error_scrolled);
  g_test_add_func ("/referral-gui/open-earlier", test_open_earlier);
  g_test_add_func ("/referral-gui/many", test_many);
  g_test_add_func ("/referral-gui/import", test_import);
  g_test_add_func ("/referral-gui/restore", test_restore);

  return g_test_run ();
}
