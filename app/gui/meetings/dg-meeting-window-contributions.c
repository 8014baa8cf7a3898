#include "config.h"

#include <glib/gi18n.h>

#include "dg-format.h"
#include "dg-meeting-window-private.h"
#include "dg-vocab.h"

/* What each agency brought to the meeting, and the circulation of the
 * meeting's record: the meeting window's controls for them. */

#define MINUTES_ENTRY "dg-minutes-entry"

static void
toggled (GtkCheckButton  *check,
         DgMeetingWindow *self)
{
  const char *agency = g_object_get_data (G_OBJECT (check), "dg-agency");
  gboolean is_report = g_object_get_data (G_OBJECT (check), "dg-report") != NULL;
  int value = gtk_check_button_get_active (check) ? 1 : 0;

  gtk_check_button_set_inconsistent (check, FALSE);
  dg_meeting_window_change (self, &(DgMeetingChange) { DG_MEETING_CONTRIBUTION, .agency = agency,
                                                       .report = is_report ? value : -1,
                                                       .decision_maker = is_report ? -1 : value });
}

/* A check for a yes | no | not recorded (%NULL) answer. */
static GtkWidget *
check (DgMeetingWindow *self,
       const char      *label,
       const char      *agency,
       const char      *answer,
       const char      *yes,
       gboolean         is_report,
       const char      *tip)
{
  GtkWidget *c = gtk_check_button_new_with_mnemonic (label);

  gtk_widget_set_valign (c, GTK_ALIGN_CENTER);
  if (answer == NULL)
    gtk_check_button_set_inconsistent (GTK_CHECK_BUTTON (c), TRUE);
  else
    gtk_check_button_set_active (GTK_CHECK_BUTTON (c), g_str_equal (answer, yes));
  gtk_widget_set_tooltip_text (c, tip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (c), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, tip, -1);
  g_object_set_data_full (G_OBJECT (c), "dg-agency", g_strdup (agency), g_free);
  if (is_report)
    g_object_set_data (G_OBJECT (c), "dg-report", GINT_TO_POINTER (TRUE));
  g_signal_connect (c, "toggled", G_CALLBACK (toggled), self);
  return c;
}

void
dg_meeting_window_add_contribution (DgMeetingWindow        *self,
                                    AdwActionRow           *row,
                                    const DgMeetingInvitee *inv)
{
  const char *name = dg_vocab_label (DG_VOCAB_MEETING_AGENCY, inv->agency);
  g_autofree char *report_tip = NULL, *decider_tip = NULL;
  GtkWidget *report, *decider;

  if (inv->report == NULL)
    report_tip = g_strdup_printf (_("Whether %s sent a report: not recorded yet"), name);
  else if (g_str_equal (inv->report, "received"))
    {
      g_autofree char *at = inv->report_at ? dg_format_time (inv->report_at) : NULL;
      /* TRANSLATORS: an agency's report to a strategy meeting came, and when */
      report_tip = g_strdup_printf (_("%s sent a report, received %s"), name, at ? at : "");
    }
  else
    report_tip = g_strdup_printf (_("%s sent no report"), name);
  report = check (self, _("_Report"), inv->agency, inv->report, "received", TRUE, report_tip);

  /* Only whoever came can have been able to decide for the agency. */
  decider_tip = g_strdup_printf (_("Whether whoever came for %s could make decisions for the agency"), name);
  decider = check (self, _("_Decision-maker"), inv->agency, inv->decision_maker, "yes", FALSE, decider_tip);
  gtk_widget_set_sensitive (decider, g_strcmp0 (inv->status, "attended") == 0);

  adw_action_row_add_suffix (row, report);
  adw_action_row_add_suffix (row, decider);
}

GtkWidget *
dg_meeting_window_minutes_group (DgMeetingWindow *self,
                                 const DgMeeting *m)
{
  GtkWidget *g = adw_preferences_group_new (), *r, *entry, *b;

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (g), _("Record of the Meeting"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (g),
                                         _("Circulated to those who took part within five working days (the local default)."));
  g_object_set_data (G_OBJECT (self), MINUTES_ENTRY, NULL);
  if (m->minutes_sent_at != NULL)
    {
      g_autofree char *at = dg_format_time (m->minutes_sent_at);

      r = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (r), _("Circulated"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (r), at);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (g), r);
      return g;
    }
  entry = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (entry), _("_Circulated On (YYYY-MM-DD)"));
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (entry), TRUE);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (g), entry);
  g_object_set_data (G_OBJECT (self), MINUTES_ENTRY, entry);
  r = adw_action_row_new ();
  b = gtk_button_new_with_mnemonic (_("Record _Circulated"));
  gtk_widget_set_valign (b, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (b), "meeting.minutes");
  adw_action_row_add_suffix (ADW_ACTION_ROW (r), b);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (g), r);
  return g;
}

static void
minutes_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  DgMeetingWindow *self = DG_MEETING_WINDOW (widget);
  GtkEditable *entry = g_object_get_data (G_OBJECT (self), MINUTES_ENTRY);
  const char *text = entry ? gtk_editable_get_text (entry) : "";

  /* Nothing typed: today. */
  dg_meeting_window_change (self, &(DgMeetingChange) { DG_MEETING_MINUTES, .at = *text ? text : NULL,
                                                       .report = -1, .decision_maker = -1 });
}

void
dg_meeting_window_install_contribution_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "meeting.minutes", NULL, minutes_action);
}
