#include "config.h"

#include <adwaita.h>
#include <json-glib/json-glib.h>

#include "dg-agency-figures.h"
#include "dg-application.h"
#include "dg-expected-page.h"
#include "dg-vocab.h"
#include "dg-meeting-window.h"
#include "dg-meetings-page.h"
#include "dg-referral-detail.h"
#include "dg-referrals-page.h"
#include "dg-reports-page.h"
#include "dg-test-cli.h"
#include "dg-test-db.h"
#include "dg-test-gui.h"
#include "dg-window.h"

static char *db_path;
static char *work_dir;


static gboolean
window_ready (gpointer data)
{
  return g_strcmp0 (dg_window_get_state (data), "ready") == 0;
}

static gboolean
has_rows (gpointer data)
{
  GtkColumnView *view = GTK_COLUMN_VIEW (dg_test_find_widget (data, GTK_TYPE_COLUMN_VIEW, NULL));
  GtkSelectionModel *model = gtk_column_view_get_model (view);

  return model != NULL && g_list_model_get_n_items (G_LIST_MODEL (model)) == 1;
}

static gboolean
meeting_window_open (gpointer data)
{
  return dg_test_find_window (DG_TYPE_MEETING_WINDOW, NULL) != NULL;
}

static gboolean
banner_hidden (gpointer data)
{
  return dg_meeting_window_is_ready (data) &&
         !gtk_revealer_get_reveal_child (GTK_REVEALER (gtk_widget_get_ancestor (
           dg_test_find_widget (data, GTK_TYPE_BUTTON, "Invite Them All"), GTK_TYPE_REVEALER)));
}

static GtkWidget *
in_row (GtkWidget  *root,
        const char *group_title,
        const char *row_title,
        GType       type)
{
  GtkWidget *group = dg_test_find_widget (root, ADW_TYPE_PREFERENCES_GROUP, group_title);
  GtkWidget *row;

  g_assert_nonnull (group);
  row = dg_test_find_widget (group, ADW_TYPE_PREFERENCES_ROW, row_title);
  g_assert_nonnull (row);
  return dg_test_find_widget (row, type, NULL);
}

static gboolean
event_button_shown (gpointer data)
{
  GtkWidget *b = dg_test_find_widget (data, GTK_TYPE_BUTTON, "Record Event…");
  return b != NULL && gtk_widget_get_mapped (b);
}

static gboolean
has_event (gpointer data)
{
  return dg_test_find_widget (data, ADW_TYPE_PREFERENCES_GROUP, "Child Protection Events") != NULL;
}

static gboolean
figures_loaded (gpointer data)
{
  return dg_meetings_page_is_loaded (data);
}

static gboolean
dialog_open (gpointer data)
{
  return dg_test_find_window (ADW_TYPE_MESSAGE_DIALOG, NULL) != NULL;
}

static const char *
response_of (const char *agency)
{
  static char status[32];
  g_autoptr(JsonNode) shown = dg_test_cli_json (db_path, (const char *[]) { "meeting", "show", "1", NULL });
  JsonArray *invitees = json_object_get_array_member (json_node_get_object (shown), "invitees");

  status[0] = '\0';
  for (guint i = 0; i < json_array_get_length (invitees); i++)
    {
      JsonObject *inv = json_array_get_object_element (invitees, i);
      if (g_str_equal (json_object_get_string_member (inv, "agency"), agency))
        g_strlcpy (status, json_object_get_string_member (inv, "status"), sizeof status);
    }
  return status;
}

/* The check labelled @label in @agency's row of the invitees. */
static GtkCheckButton *
contribution_check (GtkWidget  *meeting,
                    const char *agency,
                    const char *label)
{
  GtkWidget *group = dg_test_find_widget (meeting, ADW_TYPE_PREFERENCES_GROUP, "Invited");
  GtkWidget *row = dg_test_find_widget (group, ADW_TYPE_PREFERENCES_ROW, agency);

  g_assert_nonnull (row);
  return GTK_CHECK_BUTTON (gtk_widget_get_ancestor (dg_test_find_widget (row, GTK_TYPE_LABEL, label), GTK_TYPE_CHECK_BUTTON));
}

/* Member @member of @agency's invitation, as the CLI shows it ("" for null). */
static const char *
invitee_member (const char *agency,
                const char *member)
{
  static char value[64];
  g_autoptr(JsonNode) shown = dg_test_cli_json (db_path, (const char *[]) { "meeting", "show", "1", NULL });
  JsonArray *invitees = json_object_get_array_member (json_node_get_object (shown), "invitees");

  value[0] = '\0';
  for (guint i = 0; i < json_array_get_length (invitees); i++)
    {
      JsonObject *inv = json_array_get_object_element (invitees, i);
      if (g_str_equal (json_object_get_string_member (inv, "agency"), agency) && !json_object_get_null_member (inv, member))
        g_strlcpy (value, json_object_get_string_member (inv, member), sizeof value);
    }
  return value;
}

/* Chooses @index in Education's response while someone else has changed it,
 * and answers the dialog that follows with @answer. */
static void
respond_into_conflict (GtkWidget  *meeting,
                       guint       index,
                       const char *theirs,
                       const char *answer)
{
  GtkWidget *dialog;
  g_autofree char *said = g_strdup_printf ("The response from Education is now “%s”, recorded by ", theirs);

  gtk_drop_down_set_selected (GTK_DROP_DOWN (in_row (meeting, "Invited", "Education", GTK_TYPE_DROP_DOWN)), index);
  g_assert_true (dg_test_wait_until (dialog_open, NULL, 5000));
  dialog = dg_test_find_window (ADW_TYPE_MESSAGE_DIALOG, NULL);
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==, "Someone Else Changed This Response");
  g_test_message ("%s", adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)));
  g_assert_true (g_str_has_prefix (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), said));
  g_assert_true (g_str_has_suffix (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), "; nothing was saved."));
  g_assert_true (dg_test_wait_until ((gpointer) dg_meeting_window_is_ready, meeting, 5000));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), answer);
  gtk_window_destroy (GTK_WINDOW (dialog));
  dg_test_spin (100);
  g_assert_true (dg_test_wait_until ((gpointer) dg_meeting_window_is_ready, meeting, 5000));
  dg_test_spin (100);
}

static void
scenario (GApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));
  GtkWidget *page, *detail, *meeting, *label;
  GtkColumnView *view;
  g_autoptr(JsonNode) shown = NULL;
  JsonObject *m;

  g_assert_true (dg_test_wait_until (window_ready, window, 10000));
  page = dg_test_find_widget (GTK_WIDGET (window), DG_TYPE_REFERRALS_PAGE, NULL);
  g_assert_true (dg_test_wait_until (has_rows, page, 5000));

  /* From the decision, one click starts the strategy discussion. */
  view = GTK_COLUMN_VIEW (dg_test_find_widget (page, GTK_TYPE_COLUMN_VIEW, NULL));
  gtk_selection_model_select_item (gtk_column_view_get_model (view), 0, TRUE);
  detail = dg_test_find_widget (page, DG_TYPE_REFERRAL_DETAIL, NULL);
  g_assert_true (dg_test_wait_until ((gpointer) dg_referral_detail_get_referral, detail, 5000));
  dg_test_spin (100);
  dg_test_click (dg_test_find_widget (detail, GTK_TYPE_BUTTON, "Start Strategy Discussion"));
  g_assert_true (dg_test_wait_until (meeting_window_open, NULL, 5000));
  meeting = dg_test_find_window (DG_TYPE_MEETING_WINDOW, NULL);
  g_assert_true (dg_test_wait_until ((gpointer) dg_meeting_window_is_ready, meeting, 5000));
  dg_test_spin (100);

  /* The banner names every expected agency not yet invited. */
  label = dg_test_find_widget (meeting, GTK_TYPE_LABEL,
                               "Not invited: Police, Social services, Report-maker, Education, Community health");
  g_assert_nonnull (label);
  g_assert_true (dg_test_wait_until ((gpointer) gtk_widget_get_mapped, label, 3000));

  /* One click invites them all. */
  dg_test_click (dg_test_find_widget (meeting, GTK_TYPE_BUTTON, "Invite Them All"));
  g_assert_true (dg_test_wait_until (banner_hidden, meeting, 5000));
  dg_test_spin (100);

  /* The police came. */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (in_row (meeting, "Invited", "Police", GTK_TYPE_DROP_DOWN)), 1);
  g_assert_true (dg_test_wait_until ((gpointer) dg_meeting_window_is_ready, meeting, 5000));
  dg_test_spin (100);

  /* What each agency brought: nothing recorded yet shows as neither; the
   * decision-maker only for whoever came. */
  {
    GtkCheckButton *report = contribution_check (meeting, "Police", "Report");
    GtkCheckButton *decider = contribution_check (meeting, "Police", "Decision-maker");

    g_assert_true (gtk_check_button_get_inconsistent (report));
    g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (decider)));
    g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (contribution_check (meeting, "Education", "Decision-maker"))));
    gtk_check_button_set_active (report, TRUE);
    g_assert_true (dg_test_wait_until ((gpointer) dg_meeting_window_is_ready, meeting, 5000));
    dg_test_spin (100);
    gtk_check_button_set_active (contribution_check (meeting, "Police", "Decision-maker"), TRUE);
    g_assert_true (dg_test_wait_until ((gpointer) dg_meeting_window_is_ready, meeting, 5000));
    dg_test_spin (100);
    g_assert_cmpstr (invitee_member ("police", "report"), ==, "received");
    g_assert_cmpstr (invitee_member ("police", "decision_maker"), ==, "yes");
    g_assert_cmpstr (invitee_member ("education", "report"), ==, "");
    g_assert_true (gtk_check_button_get_active (contribution_check (meeting, "Police", "Report")));
    g_assert_false (gtk_check_button_get_inconsistent (contribution_check (meeting, "Police", "Report")));
  }

  /* The record went out: typed, recorded, then shown as done. */
  {
    g_autoptr(GDateTime) today = g_date_time_new_now_local ();
    g_autofree char *day = g_date_time_format (today, "%Y-%m-%d");
    g_autoptr(JsonNode) after = NULL;

    gtk_editable_set_text (GTK_EDITABLE (dg_test_find_widget (meeting, ADW_TYPE_ENTRY_ROW, "Circulated On (YYYY-MM-DD)")), day);
    dg_test_click (dg_test_find_widget (meeting, GTK_TYPE_BUTTON, "Record Circulated"));
    dg_test_spin (100);
    g_assert_true (dg_test_wait_until ((gpointer) dg_meeting_window_is_ready, meeting, 5000));
    dg_test_spin (100);
    after = dg_test_cli_json (db_path, (const char *[]) { "meeting", "show", "1", NULL });
    g_assert_true (g_str_has_prefix (json_object_get_string_member (json_node_get_object (after), "minutes_sent_at"), day));
    g_assert_nonnull (dg_test_find_widget (dg_test_find_widget (meeting, ADW_TYPE_PREFERENCES_GROUP, "Record of the Meeting"),
                                           ADW_TYPE_PREFERENCES_ROW, "Circulated"));
  }

  /* When it was held and who chaired it are corrected in place, and the
   * window stays where the person had scrolled to. */
  {
    g_autoptr(GDateTime) now = g_date_time_new_now_local ();
    g_autoptr(GDateTime) earlier = g_date_time_add_minutes (now, -60);
    g_autofree char *typed = g_date_time_format (earlier, "%Y-%m-%d %H:%M");
    g_autofree char *stored = g_date_time_format (earlier, "%Y-%m-%dT%H:%M:00");
    GtkAdjustment *scroll = gtk_scrolled_window_get_vadjustment (
      GTK_SCROLLED_WINDOW (dg_test_find_widget (meeting, GTK_TYPE_SCROLLED_WINDOW, NULL)));
    g_autoptr(JsonNode) after = NULL;
    double was;

    gtk_editable_set_text (GTK_EDITABLE (dg_test_find_widget (meeting, ADW_TYPE_ENTRY_ROW, "When (YYYY-MM-DD HH:MM)")), typed);
    gtk_editable_set_text (GTK_EDITABLE (dg_test_find_widget (meeting, ADW_TYPE_ENTRY_ROW, "Chair")), "Dana Manager");
    gtk_adjustment_set_value (scroll, 150);
    was = gtk_adjustment_get_value (scroll);
    g_assert_cmpfloat (was, >, 0);
    dg_test_click (dg_test_find_widget (meeting, GTK_TYPE_BUTTON, "Correct Time and Chair"));
    dg_test_spin (200);
    g_assert_true (dg_test_wait_until ((gpointer) dg_meeting_window_is_ready, meeting, 5000));
    dg_test_spin (200);
    after = dg_test_cli_json (db_path, (const char *[]) { "meeting", "show", "1", NULL });
    g_assert_cmpstr (json_object_get_string_member (json_node_get_object (after), "chair"), ==, "Dana Manager");
    g_assert_cmpstr (json_object_get_string_member (json_node_get_object (after), "at"), ==, stored);
    g_assert_cmpfloat (gtk_adjustment_get_value (scroll), ==, was);
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (dg_test_find_widget (meeting, ADW_TYPE_ENTRY_ROW, "Chair"))), ==,
                     "Dana Manager");
  }

  /* Education's response is recorded elsewhere while this window still
   * shows "Invited": the choice made here is caught, not saved over it. */
  json_node_unref (dg_test_cli_json (db_path, (const char *[]) { "meeting", "response", "1", "--agency", "education",
                                                                 "--status", "declined", "--was", "invited", NULL }));
  respond_into_conflict (meeting, 1, "Declined", "theirs");
  g_assert_cmpstr (response_of ("education"), ==, "declined");
  g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (in_row (meeting, "Invited", "Education", GTK_TYPE_DROP_DOWN))), ==, 3);
  /* Again, and this time the person's own answer is kept, knowingly. */
  json_node_unref (dg_test_cli_json (db_path, (const char *[]) { "meeting", "response", "1", "--agency", "education",
                                                                 "--status", "no-reply", "--was", "declined", NULL }));
  respond_into_conflict (meeting, 1, "No reply", "mine");
  g_assert_cmpstr (response_of ("education"), ==, "attended");

  /* The outcome: at continuing risk, after a section 47 enquiry. */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (in_row (meeting, "Outcome", "Determination", GTK_TYPE_DROP_DOWN)), 3);
  /* One choice: there is no separate switch to contradict it. */
  g_assert_null (dg_test_find_widget (dg_test_find_widget (meeting, ADW_TYPE_PREFERENCES_GROUP, "Outcome"), GTK_TYPE_SWITCH, NULL));
  dg_test_click (dg_test_find_widget (meeting, GTK_TYPE_BUTTON, "Record Outcome"));
  dg_test_spin (200);
  g_assert_true (dg_test_wait_until ((gpointer) dg_meeting_window_is_ready, meeting, 5000));

  shown = dg_test_cli_json (db_path, (const char *[]) { "meeting", "show", "1", NULL });
  m = json_node_get_object (shown);
  g_assert_true (json_object_get_boolean_member (json_object_get_object_member (m, "completeness"), "complete"));
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (m, "outcome"), "determination"), ==,
                   "substantiated-at-risk");
  g_assert_true (json_object_get_boolean_member (json_object_get_object_member (m, "outcome"), "s47"));
  {
    JsonArray *invitees = json_object_get_array_member (m, "invitees");
    gboolean police_attended = FALSE;
    for (guint i = 0; i < json_array_get_length (invitees); i++)
      {
        JsonObject *inv = json_array_get_object_element (invitees, i);
        if (g_str_equal (json_object_get_string_member (inv, "agency"), "police"))
          police_attended = g_str_equal (json_object_get_string_member (inv, "status"), "attended");
      }
    g_assert_true (police_attended);
  }
  gtk_window_destroy (GTK_WINDOW (meeting));

  /* The conference follows: recorded on the referral, it stops the ICPC clock. */
  g_assert_true (dg_test_wait_until (event_button_shown, detail, 5000));
  dg_test_click (dg_test_find_widget (detail, GTK_TYPE_BUTTON, "Record Event…"));
  {
    GtkWidget *dialog = dg_test_find_window (ADW_TYPE_MESSAGE_DIALOG, NULL);
    g_assert_nonnull (dialog);
    adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "record");
    gtk_window_destroy (GTK_WINDOW (dialog));
  }
  g_assert_true (dg_test_wait_until (has_event, detail, 5000));
  {
    g_autoptr(JsonNode) referral = dg_test_cli_json (db_path, (const char *[]) { "referral", "show", "1", NULL });
    JsonObject *due = json_object_get_object_member (json_node_get_object (referral), "due");
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (due, "icpc"), "state"), ==, "on-time");
    g_assert_true (json_object_has_member (due, "first-core-group"));
  }

  /* The managers' view counts it. */
  dg_window_show_section (DG_WINDOW (window), "meetings");
  page = dg_test_find_widget (GTK_WIDGET (window), DG_TYPE_MEETINGS_PAGE, NULL);
  dg_meetings_page_reload (DG_MEETINGS_PAGE (page));
  g_assert_true (dg_test_wait_until (figures_loaded, page, 5000));
  g_assert_nonnull (dg_test_find_widget (page, GTK_TYPE_LABEL, "Police invited to 100% — all"));
  g_assert_nonnull (dg_test_find_widget (page, GTK_TYPE_LABEL, "Every expected agency invited"));

  /* The managers' figures count the meeting as complete. */
  dg_window_show_section (DG_WINDOW (window), "reports");
  page = dg_test_find_widget (GTK_WIDGET (window), DG_TYPE_REPORTS_PAGE, NULL);
  g_assert_true (dg_test_wait_until ((gpointer) dg_reports_page_is_loaded, page, 5000));
  {
    GtkWidget *row = dg_test_find_widget (page, ADW_TYPE_ACTION_ROW, "Strategy meetings inviting every expected agency");
    g_assert_nonnull (row);
    g_assert_nonnull (dg_test_find_widget (row, GTK_TYPE_LABEL, "100% — all"));
  }

  /* Which agencies were invited, and what they brought, in their own part
   * of Reports. */
  {
    GtkWidget *agencies = dg_test_find_widget (page, DG_TYPE_AGENCY_FIGURES, NULL);
    GtkWidget *row;

    g_assert_nonnull (agencies);
    g_assert_true (dg_test_wait_until ((gpointer) dg_agency_figures_is_loaded, agencies, 5000));
    row = dg_test_find_widget (agencies, ADW_TYPE_ACTION_ROW, "Police");
    g_assert_nonnull (row);
    g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==,
                     "Expected at 1 · invited to 1 (100%, all) · attended 1 (100%) · 0 not invited without a reason");
    row = dg_test_find_widget (agencies, ADW_TYPE_ACTION_ROW, "Came with someone able to decide for the agency");
    g_assert_nonnull (row);
    g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, "1 of 2 agencies that came (50%, half)");
  }

  /* Exported as CSV, written on a worker: the conference held on time is in it. */
  {
    g_autofree char *path = g_build_filename (work_dir, "figures.csv", NULL);
    g_autofree char *csv = NULL;
    gsize length;

    dg_test_click (dg_test_find_widget (page, GTK_TYPE_BUTTON, "Export as CSV…"));
    csv = dg_test_choose_file ("diogelu-figures.csv", path, &length);
    g_assert_true (g_str_has_prefix (csv, "clock,group,count,on_time,late,overdue,on_time_share,word\r\n"));
    g_assert_nonnull (strstr (csv, "\r\nicpc,,1,1,0,0,1.000,all\r\n"));
  }

  /* Preferences › Meetings: a manager's rule of the agencies expected. */
  {
    GtkWidget *prefs, *expected;
    guint concern = 0, agency = 0;
    const DgTerm *t;

    g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
    prefs = dg_test_find_window (ADW_TYPE_PREFERENCES_WINDOW, NULL);
    g_assert_nonnull (prefs);
    expected = dg_test_find_widget (prefs, DG_TYPE_EXPECTED_PAGE, NULL);
    g_assert_nonnull (expected);
    adw_preferences_window_set_visible_page (ADW_PREFERENCES_WINDOW (prefs), ADW_PREFERENCES_PAGE (expected));
    g_assert_true (dg_test_wait_for_label (expected, "Sexual harm → Paediatrician", 5000));
    g_assert_null (dg_test_find_widget (expected, ADW_TYPE_ACTION_ROW, "Physical harm → Paediatrician"));

    for (t = dg_vocab_terms (DG_VOCAB_CONCERN); !g_str_equal (t->id, "physical"); t++)
      concern++;
    for (t = dg_vocab_terms (DG_VOCAB_MEETING_AGENCY); !g_str_equal (t->id, "paediatrician"); t++)
      agency++;
    adw_combo_row_set_selected (ADW_COMBO_ROW (dg_test_find_widget (expected, ADW_TYPE_COMBO_ROW, "Concern")), concern);
    adw_combo_row_set_selected (ADW_COMBO_ROW (dg_test_find_widget (expected, ADW_TYPE_COMBO_ROW, "Agency")), agency);
    dg_test_click (dg_test_find_widget (expected, GTK_TYPE_BUTTON, "Save Rule"));
    g_assert_true (dg_test_wait_for_label (expected, "Physical harm → Paediatrician", 5000));
    {
      g_autoptr(JsonNode) rules = dg_test_cli_json (db_path, (const char *[]) { "meeting", "expected", "list", NULL });
      gboolean found = FALSE;

      for (guint i = 0; i < json_array_get_length (json_node_get_array (rules)); i++)
        {
          JsonObject *r = json_array_get_object_element (json_node_get_array (rules), i);
          found |= g_str_equal (json_object_get_string_member (r, "concern"), "physical") &&
                   g_str_equal (json_object_get_string_member (r, "agency"), "paediatrician") &&
                   g_strcmp0 (json_object_get_string_member (r, "source"), "local") == 0;
        }
      g_assert_true (found);
    }
    gtk_window_destroy (GTK_WINDOW (prefs));
  }

  gtk_window_close (window);
}

static void
test_meeting_from_decision (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("dg-test-meeting-gui-XXXXXX", &error);
  g_autoptr(DgApplication) app = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) earlier = g_date_time_add_hours (now, -2);
  g_autofree char *received = g_date_time_format (earlier, "%Y-%m-%dT%H:%M");
  g_autofree char *json = g_strdup_printf ("{\"received_at\": \"%s\", \"reporter\": {\"name\": \"Ceri Jones\", \"agency\": \"education\","
                                           " \"organisation\": \"Ysgol Enghraifft\"}, \"children\": [{\"name\": \"Siân Morgan\"}]}", received);
  g_autofree char *file = NULL;

  g_assert_no_error (error);
  /* A file, or a fresh PostgreSQL database in the suite's PostgreSQL half. */
  db_path = dg_test_db_location (dir);
  work_dir = dir;
  file = g_build_filename (dir, "r.json", NULL);
  g_assert_true (g_file_set_contents (file, json, -1, NULL));
  json_node_unref (dg_test_cli_json (db_path, (const char *[]) { "referral", "add", "--file", file, NULL }));
  json_node_unref (dg_test_cli_json (db_path, (const char *[]) { "referral", "decide", "1", "--outcome", "strategy",
                                           "--rationale", "Reasonable cause to suspect significant harm", NULL }));

  g_setenv ("DIOGELU_DB", db_path, TRUE);
  app = dg_application_new ();
  g_signal_connect_after (app, "activate", G_CALLBACK (scenario), NULL);
  g_assert_cmpint (g_application_run (G_APPLICATION (app), 0, NULL), ==, 0);
  g_clear_object (&app);
  dg_test_db_drop (db_path);
}

int
main (int   argc,
      char *argv[])
{
  dg_test_gui_init (&argc, &argv);
  g_test_add_func ("/meeting-gui/from-decision", test_meeting_from_decision);
  return g_test_run ();
}
