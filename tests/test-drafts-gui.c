#include "config.h"

#include <adwaita.h>

#include "dg-core.h"
#include "dg-application.h"
#include "dg-decision-dialog.h"
#include "dg-meeting-window.h"
#include "dg-meetings.h"
#include "dg-referrals.h"
#include "dg-referral-form.h"
#include "dg-test-db.h"
#include "dg-test-gui.h"
#include "dg-window.h"
#include "dg-service.h"

/* Issue 19, in the real windows: two people, and two windows of one person,
 * type referrals at once; each unsaved referral comes back to the person
 * and the window it belongs to, and never to anyone else. On PostgreSQL the
 * second person is a login role of their own. */

typedef void (*Scenario) (DgWindow *window);

static char *second_location;  /* the second person's database location */

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
  scenario (DG_WINDOW (window));
  gtk_window_close (window);
}

static void
run_app (const char *location,
         Scenario    scenario)
{
  g_autoptr(DgApplication) app = dg_application_new ();

  g_setenv ("DIOGELU_DB", location, TRUE);
  g_signal_connect_after (app, "activate", G_CALLBACK (on_activate), scenario);
  g_assert_cmpint (g_application_run (G_APPLICATION (app), 0, NULL), ==, 0);
}

static GSettings *
settings_of (DgWindow *window)
{
  return dg_application_get_settings (DG_APPLICATION (gtk_window_get_application (GTK_WINDOW (window))));
}

static GtkWidget *
child_name (DgReferralForm *form)
{
  GtkWidget *group = dg_test_find_widget (GTK_WIDGET (form), ADW_TYPE_PREFERENCES_GROUP, "Child");

  g_assert_nonnull (group);
  return dg_test_find_widget (group, ADW_TYPE_PREFERENCES_ROW, "Name");
}

static const char *
typed_name (DgReferralForm *form)
{
  return gtk_editable_get_text (GTK_EDITABLE (child_name (form)));
}

static DgReferralForm *
wait_ready (DgReferralForm *form)
{
  g_assert_nonnull (form);
  g_assert_true (dg_test_wait_until ((gpointer) dg_referral_form_is_ready, form, 5000));
  return form;
}

/* New Referral in @window, as Ctrl+N does: the newest form. */
static DgReferralForm *
open_form (DgWindow *window)
{
  GtkWindow *before = GTK_WINDOW (dg_test_find_window (DG_TYPE_REFERRAL_FORM, NULL));
  GListModel *toplevels = gtk_window_get_toplevels ();

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.new-referral", NULL));
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) w = g_list_model_get_item (toplevels, i);

      if (DG_IS_REFERRAL_FORM (w) && w != G_OBJECT (before) &&
          gtk_window_get_transient_for (GTK_WINDOW (w)) == GTK_WINDOW (window) &&
          !g_object_get_data (w, "dg-test-seen"))
        {
          g_object_set_data (w, "dg-test-seen", GINT_TO_POINTER (1));
          return wait_ready (DG_REFERRAL_FORM (w));
        }
    }
  g_assert_not_reached ();
}

static void
type_referral (DgReferralForm *form,
               const char     *name)
{
  dg_test_type (child_name (form), name);
}

static gboolean
both_saved (gpointer data)
{
  DgReferralForm **forms = data;

  return dg_referral_form_is_draft_saved (forms[0]) && dg_referral_form_is_draft_saved (forms[1]);
}

/* The "N unsaved referrals" group, or NULL when the form lists none. */
static GtkWidget *
drafts_group (DgReferralForm *form,
              const char     *title)
{
  GtkWidget *group = dg_test_find_widget (GTK_WIDGET (form), ADW_TYPE_PREFERENCES_GROUP, title);

  return group != NULL && gtk_widget_get_visible (group) ? group : NULL;
}

static GtkWidget *
draft_row (GtkWidget  *group,
           const char *name)
{
  return dg_test_find_widget (group, ADW_TYPE_ACTION_ROW, name);
}

static GtkWidget *
confirmation (void)
{
  return dg_test_find_window (ADW_TYPE_MESSAGE_DIALOG, NULL);
}

static gboolean
confirmation_shown (gpointer data)
{
  return confirmation () != NULL;
}

static gboolean
confirmation_gone (gpointer data)
{
  return confirmation () == NULL;
}

static void
answer (const char *button)
{
  GtkWidget *dialog;

  g_assert_true (dg_test_wait_until (confirmation_shown, NULL, 5000));
  dialog = confirmation ();
  dg_test_click (dg_test_find_widget (dialog, GTK_TYPE_BUTTON, button));
  g_assert_true (dg_test_wait_until (confirmation_gone, NULL, 5000));
}

static gboolean
worker_opened (gpointer data)
{
  return GPOINTER_TO_INT (g_object_get_data (data, "dg-test-open")) != 0;
}

static void
second_opened (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (dg_worker_open_finish (DG_WORKER (object), result, &error));
  g_assert_no_error (error);
  g_object_set_data (object, "dg-test-open", GINT_TO_POINTER (1));
}

/* The second person's form, on their own connection: their login role on a
 * server, their name on this desk's file. */
static DgReferralForm *
second_person_form (DgService *service)
{
  DgReferralForm *form = dg_referral_form_new (service);

  gtk_window_present (GTK_WINDOW (form));
  return wait_ready (form);
}

/* The second person's own connection, in their name. */
static DgService *
second_service (void)
{
  g_autoptr(DgWorker) worker = dg_worker_new (second_location);
  DgService *service;

  dg_worker_open_async (worker, NULL, second_opened, NULL);
  g_assert_true (dg_test_wait_until (worker_opened, worker, 10000));
  service = dg_service_new (worker);
  dg_service_set_actor (service, "Bryn Evans");
  return service;
}

/* The first person's: the window's, in the name set in Preferences. */
static DgService *
first_service (DgWindow *window)
{
  g_settings_set_string (settings_of (window), "practitioner-name", "Alaw Hughes");
  return dg_application_get_service (DG_APPLICATION (gtk_window_get_application (GTK_WINDOW (window))));
}

static void
scenario_two_people_type (DgWindow *window)
{
  g_autoptr(DgService) service = second_service ();
  DgReferralForm *forms[2];

  g_settings_set_string (settings_of (window), "practitioner-name", "Alaw Hughes");
  forms[0] = open_form (window);
  forms[1] = second_person_form (service);

  /* Both type at once; every autosave of one lands beside the other's. */
  type_referral (forms[0], "Gwen Parry");
  type_referral (forms[1], "Dafydd Rees");
  dg_test_type (child_name (forms[0]), "Gwen Parry-Jones");
  g_assert_true (dg_test_wait_until (both_saved, forms, 5000));

  /* Both windows go, as a crash would take them. */
  gtk_window_destroy (GTK_WINDOW (forms[0]));
  gtk_window_destroy (GTK_WINDOW (forms[1]));
  dg_test_spin (100);
}

static void
scenario_two_people_return (DgWindow *window)
{
  g_autoptr(DgService) service = second_service ();
  DgReferralForm *form;

  g_settings_set_string (settings_of (window), "practitioner-name", "Alaw Hughes");

  /* Each is given back their own, straight away, and nothing else. */
  form = open_form (window);
  g_assert_cmpstr (typed_name (form), ==, "Gwen Parry-Jones");
  g_assert_null (drafts_group (form, "2 unsaved referrals"));
  gtk_window_destroy (GTK_WINDOW (form));

  form = second_person_form (service);
  g_assert_cmpstr (typed_name (form), ==, "Dafydd Rees");
  g_assert_null (drafts_group (form, "2 unsaved referrals"));
  gtk_window_destroy (GTK_WINDOW (form));

  /* A third person has nothing waiting: nobody's child is shown to them. */
  g_settings_set_string (settings_of (window), "practitioner-name", "Carys Morgan");
  if (!dg_test_db_is_pg ())
    {
      form = open_form (window);
      g_assert_cmpstr (typed_name (form), ==, "");
      gtk_window_destroy (GTK_WINDOW (form));
    }
}

static void
test_two_people (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("dg-test-drafts-gui-XXXXXX", &error);
  g_autofree char *location = dg_test_db_location (dir);
  g_autofree char *role = NULL;

  g_assert_no_error (error);
  /* The schema first, so the second role finds the tables to be granted. */
  {
    g_autoptr(DgDb) db = dg_db_open (location, DG_DB_OPEN_DEFAULT, &error);
    g_assert_no_error (error);
  }
  second_location = dg_test_db_is_pg () ? dg_test_db_new_role (location, &role) : g_strdup (location);

  run_app (location, scenario_two_people_type);
  run_app (location, scenario_two_people_return);

  if (role != NULL)
    dg_test_db_drop_role (location, role);
  g_clear_pointer (&second_location, g_free);
  dg_test_db_drop (location);
}

static void
scenario_two_windows_type (DgWindow *window)
{
  DgWindow *other = dg_window_new (DG_APPLICATION (gtk_window_get_application (GTK_WINDOW (window))));
  DgReferralForm *forms[2];

  gtk_window_present (GTK_WINDOW (other));
  g_assert_true (dg_test_wait_until (window_ready, other, 10000));

  /* Two windows of one person, one referral each, typed at once. */
  forms[0] = open_form (window);
  type_referral (forms[0], "Gwen Parry");
  g_assert_true (dg_test_wait_until ((gpointer) dg_referral_form_is_draft_saved, forms[0], 5000));
  /* The second window opens after the first's autosave: it is not offered
   * the referral being typed next door. */
  forms[1] = open_form (other);
  g_assert_cmpstr (typed_name (forms[1]), ==, "");
  type_referral (forms[1], "Dafydd Rees");
  type_referral (forms[0], "Gwen Parry-Jones");
  g_assert_true (dg_test_wait_until (both_saved, forms, 5000));
  g_assert_cmpstr (typed_name (forms[0]), ==, "Gwen Parry-Jones");
  g_assert_cmpstr (typed_name (forms[1]), ==, "Dafydd Rees");

  /* One is closed, one is lost. */
  gtk_window_close (GTK_WINDOW (forms[0]));
  gtk_window_destroy (GTK_WINDOW (forms[1]));
  gtk_window_destroy (GTK_WINDOW (other));
  dg_test_spin (100);
}

static void
scenario_two_windows_return (DgWindow *window)
{
  DgReferralForm *form, *second;
  GtkWidget *group;

  /* Both come back to their owner, listed, for them to choose. */
  form = open_form (window);
  g_assert_cmpstr (typed_name (form), ==, "");
  group = drafts_group (form, "2 unsaved referrals");
  g_assert_nonnull (group);
  g_assert_nonnull (draft_row (group, "Gwen Parry-Jones"));
  g_assert_nonnull (draft_row (group, "Dafydd Rees"));

  /* Discarding asks first: Cancel keeps it. */
  dg_test_click (dg_test_find_widget (draft_row (group, "Gwen Parry-Jones"), GTK_TYPE_BUTTON, "Discard…"));
  answer ("Cancel");
  g_assert_nonnull (draft_row (group, "Gwen Parry-Jones"));
  dg_test_click (dg_test_find_widget (draft_row (group, "Gwen Parry-Jones"), GTK_TYPE_BUTTON, "Discard…"));
  answer ("Discard");
  g_assert_null (draft_row (group, "Gwen Parry-Jones"));
  g_assert_null (drafts_group (form, "2 unsaved referrals"));
  g_assert_nonnull (drafts_group (form, "1 unsaved referral"));

  /* Opening one carries on with it in this window. */
  dg_test_click (dg_test_find_widget (draft_row (group, "Dafydd Rees"), GTK_TYPE_BUTTON, "Open"));
  g_assert_cmpstr (typed_name (form), ==, "Dafydd Rees");
  g_assert_null (drafts_group (form, "1 unsaved referral"));

  /* A second window now is not offered the one this window holds ... */
  second = open_form (window);
  g_assert_cmpstr (typed_name (second), ==, "");
  g_assert_null (drafts_group (second, "1 unsaved referral"));
  gtk_window_destroy (GTK_WINDOW (second));

  /* ... and Start Again, once confirmed, empties the form and its draft. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (form), "form.discard", NULL));
  answer ("Discard");
  g_assert_cmpstr (typed_name (form), ==, "");
  gtk_window_destroy (GTK_WINDOW (form));
  dg_test_spin (100);

  form = open_form (window);
  g_assert_cmpstr (typed_name (form), ==, "");
  g_assert_null (drafts_group (form, "1 unsaved referral"));
  gtk_window_destroy (GTK_WINDOW (form));
}

static void
test_two_windows (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("dg-test-drafts-gui-XXXXXX", &error);
  g_autofree char *location = dg_test_db_location (dir);

  g_assert_no_error (error);
  run_app (location, scenario_two_windows_type);
  run_app (location, scenario_two_windows_return);
  dg_test_db_drop (location);
}

/* ---- The decision dialog ---- */

static gint64 decision_referral;

static DgDecisionDialog *
open_decision (DgService  *service,
               gint64      id,
               const char *by)
{
  DgDecisionDialog *dialog = dg_decision_dialog_new (service, id, "DG-TEST", by);

  gtk_window_present (GTK_WINDOW (dialog));
  g_assert_true (dg_test_wait_until ((gpointer) dg_decision_dialog_is_ready, dialog, 5000));
  return dialog;
}

static GtkTextBuffer *
reasons (DgDecisionDialog *dialog)
{
  return gtk_text_view_get_buffer (GTK_TEXT_VIEW (dg_test_find_widget (GTK_WIDGET (dialog), GTK_TYPE_TEXT_VIEW, NULL)));
}

static char *
reasons_text (DgDecisionDialog *dialog)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (reasons (dialog), &start, &end);
  return gtk_text_buffer_get_text (reasons (dialog), &start, &end, FALSE);
}

static void
type_reasons (DgDecisionDialog *dialog,
              const char       *text)
{
  gtk_widget_grab_focus (dg_test_find_widget (GTK_WIDGET (dialog), GTK_TYPE_TEXT_VIEW, NULL));
  gtk_text_buffer_set_text (reasons (dialog), text, -1);
  g_assert_true (dg_test_wait_until ((gpointer) dg_decision_dialog_is_draft_saved, dialog, 5000));
}

static gboolean
dialog_gone (gpointer data)
{
  return dg_test_find_window (DG_TYPE_DECISION_DIALOG, NULL) == NULL;
}

static void
scenario_decision_type (DgWindow *window)
{
  DgService *mine_service = first_service (window);
  g_autoptr(DgService) second = second_service ();
  DgDecisionDialog *mine = open_decision (mine_service, decision_referral, "Alaw Hughes");
  DgDecisionDialog *theirs = open_decision (second, decision_referral, "Bryn Evans");

  type_reasons (mine, "Mother engaged well; school to monitor attendance.");
  type_reasons (theirs, "Bryn's reasons, typed at the same time.");
  /* One closed, one lost. */
  gtk_window_close (GTK_WINDOW (mine));
  gtk_window_destroy (GTK_WINDOW (theirs));
  dg_test_spin (100);
}

static void
scenario_decision_return (DgWindow *window)
{
  DgService *mine_service = first_service (window);
  g_autoptr(DgService) second = second_service ();
  DgDecisionDialog *dialog;
  g_autofree char *mine = NULL, *theirs = NULL, *after = NULL;

  /* Each person's reasons come back to them, on that referral only. */
  dialog = open_decision (mine_service, decision_referral, "Alaw Hughes");
  mine = reasons_text (dialog);
  g_assert_cmpstr (mine, ==, "Mother engaged well; school to monitor attendance.");
  {
    DgDecisionDialog *other = open_decision (second, decision_referral, "Bryn Evans");

    theirs = reasons_text (other);
    g_assert_cmpstr (theirs, ==, "Bryn's reasons, typed at the same time.");
    gtk_window_destroy (GTK_WINDOW (other));
  }

  /* Saved, the decision takes its draft with it. */
  dg_test_click (dg_test_find_widget (GTK_WIDGET (dialog), GTK_TYPE_BUTTON, "Save Decision"));
  g_assert_true (dg_test_wait_until (dialog_gone, NULL, 5000));
  dialog = open_decision (mine_service, decision_referral, "Alaw Hughes");
  after = reasons_text (dialog);
  g_assert_cmpstr (after, ==, "");
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
test_decision (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("dg-test-drafts-gui-XXXXXX", &error);
  g_autofree char *location = dg_test_db_location (dir);
  g_autofree char *role = NULL;

  g_assert_no_error (error);
  {
    g_autoptr(DgDb) db = dg_db_open (location, DG_DB_OPEN_DEFAULT, &error);
    g_autoptr(JsonNode) node = json_from_string ("{\"children\": [{\"name\": \"Gwen Parry\"}]}", NULL);

    g_assert_no_error (error);
    decision_referral = dg_referral_add (db, json_node_get_object (node), NULL, &error);
    g_assert_no_error (error);
  }
  second_location = dg_test_db_is_pg () ? dg_test_db_new_role (location, &role) : g_strdup (location);

  run_app (location, scenario_decision_type);
  run_app (location, scenario_decision_return);

  if (role != NULL)
    dg_test_db_drop_role (location, role);
  g_clear_pointer (&second_location, g_free);
  dg_test_db_drop (location);
}

/* ---- The meeting window ---- */

static gint64 meeting_id;

static DgMeetingWindow *
open_meeting (DgService *service)
{
  DgMeetingWindow *window = dg_meeting_window_new (service, meeting_id);

  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (dg_test_wait_until ((gpointer) dg_meeting_window_is_ready, window, 5000));
  dg_test_spin (100);  /* the draft, if any, arrives with the meeting */
  return window;
}

static GtkTextBuffer *
summary (DgMeetingWindow *window)
{
  GtkWidget *group = dg_test_find_widget (GTK_WIDGET (window), ADW_TYPE_PREFERENCES_GROUP, "Outcome");
  GtkWidget *view = group ? dg_test_find_widget (group, GTK_TYPE_TEXT_VIEW, NULL) : NULL;

  return view ? gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)) : NULL;
}

static char *
summary_text (DgMeetingWindow *window)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (summary (window), &start, &end);
  return gtk_text_buffer_get_text (summary (window), &start, &end, FALSE);
}

static GtkWidget *
meeting_field (DgMeetingWindow *window,
               const char      *title)
{
  GtkWidget *row = dg_test_find_widget (GTK_WIDGET (window), ADW_TYPE_ENTRY_ROW, title);

  g_assert_nonnull (row);
  return row;
}

static void
scenario_meeting_type (DgWindow *window)
{
  DgService *mine_service = first_service (window);
  g_autoptr(DgService) second = second_service ();
  DgMeetingWindow *mine = open_meeting (mine_service);
  DgMeetingWindow *theirs = open_meeting (second);

  gtk_text_buffer_set_text (summary (mine), "Police and school agree a joint visit.", -1);
  dg_test_type (meeting_field (mine, "What Is to Be Done"), "Joint visit to the family");
  dg_test_type (meeting_field (theirs, "Person"), "Bryn's invitee");
  g_assert_true (dg_test_wait_until ((gpointer) dg_meeting_window_is_draft_saved, mine, 5000));
  g_assert_true (dg_test_wait_until ((gpointer) dg_meeting_window_is_draft_saved, theirs, 5000));
  gtk_window_destroy (GTK_WINDOW (mine));
  gtk_window_close (GTK_WINDOW (theirs));
  dg_test_spin (100);
}

static gboolean
meeting_has_outcome (gpointer data)
{
  return dg_meeting_window_is_ready (data) && summary (data) == NULL;
}

static void
scenario_meeting_return (DgWindow *window)
{
  DgService *mine_service = first_service (window);
  g_autoptr(DgService) second = second_service ();
  DgMeetingWindow *meeting = open_meeting (mine_service);
  g_autofree char *mine = summary_text (meeting);

  /* Each person's typing comes back to them only. */
  g_assert_cmpstr (mine, ==, "Police and school agree a joint visit.");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (meeting_field (meeting, "What Is to Be Done"))), ==, "Joint visit to the family");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (meeting_field (meeting, "Person"))), ==, "");
  {
    DgMeetingWindow *other = open_meeting (second);
    g_autofree char *theirs = summary_text (other);

    g_assert_cmpstr (theirs, ==, "");
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (meeting_field (other, "Person"))), ==, "Bryn's invitee");
    gtk_window_destroy (GTK_WINDOW (other));
  }

  /* Recording the outcome takes the summary out of the draft; the action
   * not yet added stays typed, through the rebuild and in the draft. */
  dg_test_click (dg_test_find_widget (GTK_WIDGET (meeting), GTK_TYPE_BUTTON, "Record Outcome"));
  g_assert_true (dg_test_wait_until (meeting_has_outcome, meeting, 5000));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (meeting_field (meeting, "What Is to Be Done"))), ==, "Joint visit to the family");
  g_assert_true (dg_test_wait_until ((gpointer) dg_meeting_window_is_draft_saved, meeting, 5000));
  gtk_window_destroy (GTK_WINDOW (meeting));

  meeting = open_meeting (mine_service);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (meeting_field (meeting, "What Is to Be Done"))), ==, "Joint visit to the family");

  /* Once the action is added too, nothing is left to come back. */
  dg_test_click (dg_test_find_widget (GTK_WIDGET (meeting), GTK_TYPE_BUTTON, "Add Action"));
  g_assert_true (dg_test_wait_until ((gpointer) dg_meeting_window_is_ready, meeting, 5000));
  g_assert_true (dg_test_wait_until ((gpointer) dg_meeting_window_is_draft_saved, meeting, 5000));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (meeting_field (meeting, "What Is to Be Done"))), ==, "");
  gtk_window_destroy (GTK_WINDOW (meeting));
  meeting = open_meeting (mine_service);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (meeting_field (meeting, "What Is to Be Done"))), ==, "");
  gtk_window_destroy (GTK_WINDOW (meeting));
}

static void
test_meeting (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("dg-test-drafts-gui-XXXXXX", &error);
  g_autofree char *location = dg_test_db_location (dir);
  g_autofree char *role = NULL;

  g_assert_no_error (error);
  {
    g_autoptr(DgDb) db = dg_db_open (location, DG_DB_OPEN_DEFAULT, &error);
    g_autoptr(JsonNode) node = json_from_string ("{\"children\": [{\"name\": \"Gwen Parry\"}]}", NULL);
    gint64 id;

    g_assert_no_error (error);
    id = dg_referral_add (db, json_node_get_object (node), NULL, &error);
    g_assert_no_error (error);
    meeting_id = dg_meeting_add (db, id, "discussion", "2026-11-23T11:00", "Chair", FALSE, &error);
    g_assert_no_error (error);
  }
  second_location = dg_test_db_is_pg () ? dg_test_db_new_role (location, &role) : g_strdup (location);

  run_app (location, scenario_meeting_type);
  run_app (location, scenario_meeting_return);

  if (role != NULL)
    dg_test_db_drop_role (location, role);
  g_clear_pointer (&second_location, g_free);
  dg_test_db_drop (location);
}

int
main (int   argc,
      char *argv[])
{
  dg_test_gui_init (&argc, &argv);

  g_test_add_func ("/drafts-gui/two-people", test_two_people);
  g_test_add_func ("/drafts-gui/two-windows", test_two_windows);
  g_test_add_func ("/drafts-gui/decision", test_decision);
  g_test_add_func ("/drafts-gui/meeting", test_meeting);

  return g_test_run ();
}
