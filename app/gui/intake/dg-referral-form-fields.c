/* The intake form's widgets: its groups and fields, the rows of each child,
 * household member and agency (added and removed), built in code from the
 * vocabularies; see dg-referral-form.c for what they do. */

#include "config.h"
#include "dg-spell.h"

#include <glib/gi18n.h>

#include "dg-referral-form-private.h"
#include "dg-time.h"
#include "dg-vocab.h"

/* ---- Building ---------------------------------------------------------------- */

static GtkWidget *
add_group (DgReferralForm *self,
           GtkWidget      *box,
           const char     *title,
           const char     *description,
           GtkWidget     **error_label)
{
  GtkWidget *group = adw_preferences_group_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  if (description != NULL)
    adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), description);
  gtk_box_append (GTK_BOX (box), group);

  if (error_label != NULL)
    {
      *error_label = gtk_label_new (NULL);
      gtk_label_set_wrap (GTK_LABEL (*error_label), TRUE);
      gtk_label_set_xalign (GTK_LABEL (*error_label), 0);
      gtk_widget_add_css_class (*error_label, "error");
      gtk_widget_set_visible (*error_label, FALSE);
      gtk_accessible_update_property (GTK_ACCESSIBLE (*error_label), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Error"), -1);
    }

  return group;
}

/* Adds @error_label to the end of @group: for a group of rows, as a row of
 * its own (moved under whichever row is refused, see
 * dg_referral_form_show_error_line ()); else under the group's widgets. */
static void
finish_group (GtkWidget *group,
              GtkWidget *error_label,
              gboolean   of_rows)
{
  GtkWidget *row;

  if (!of_rows)
    {
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), error_label);
      return;
    }
  row = adw_preferences_row_new ();
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_list_box_row_set_selectable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_focusable (row, FALSE);
  gtk_widget_set_margin_start (error_label, 12);
  gtk_widget_set_margin_end (error_label, 12);
  gtk_widget_set_margin_top (error_label, 6);
  gtk_widget_set_margin_bottom (error_label, 6);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), error_label);
  gtk_widget_set_visible (row, FALSE);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
}

void
dg_referral_form_show_error_line (GtkWidget *error_label,
                                  GtkWidget *field,
                                  gboolean   visible)
{
  GtkWidget *row = gtk_widget_get_parent (error_label);
  GtkWidget *list = row != NULL ? gtk_widget_get_parent (row) : NULL;

  GtkWidget *field_row = field == NULL ? NULL
                       : GTK_IS_LIST_BOX_ROW (field) ? field
                       : gtk_widget_get_ancestor (field, GTK_TYPE_LIST_BOX_ROW);

  gtk_widget_set_visible (error_label, visible);
  if (!ADW_IS_PREFERENCES_ROW (row) || !GTK_IS_LIST_BOX (list))
    return;
  /* Right under the refused row (a switch's, say), when it is one of the same list. */
  if (visible && field_row != NULL && gtk_widget_get_parent (field_row) == list)
    {
      g_object_ref (row);
      gtk_list_box_remove (GTK_LIST_BOX (list), row);
      gtk_list_box_insert (GTK_LIST_BOX (list), row, gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (field_row)) + 1);
      g_object_unref (row);
    }
  gtk_widget_set_visible (row, visible);
}

static GtkWidget *
add_entry (DgReferralForm *self,
           GtkWidget      *group,
           const char     *title)
{
  GtkWidget *row = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row), TRUE);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  g_signal_connect_swapped (row, "changed", G_CALLBACK (dg_referral_form_schedule_changes), self);

  return row;
}

/* ---- Dates picked from a calendar ------------------------------------------- */

/* A date row's calendar: it opens on the row's date and, once a day is
 * chosen in it, fills the row as DD/MM/YYYY and closes. */
typedef struct
{
  GtkWidget *row;
  GtkWidget *button;
  int        shown;     /* year * 12 + month shown, to tell a month turned from a day chosen */
  gboolean   syncing;   /* showing the row's date: no choice */
} DateCalendar;

static int
calendar_shown (GtkCalendar *calendar)
{
  g_autoptr(GDateTime) date = gtk_calendar_get_date (calendar);

  return g_date_time_get_year (date) * 12 + g_date_time_get_month (date);
}

static void
calendar_choose (GtkCalendar *calendar)
{
  DateCalendar *dc = g_object_get_data (G_OBJECT (calendar), "dg-date-calendar");
  g_autoptr(GDateTime) date = gtk_calendar_get_date (calendar);
  g_autofree char *text = g_strdup_printf ("%02d/%02d/%04d", g_date_time_get_day_of_month (date),
                                           g_date_time_get_month (date), g_date_time_get_year (date));

  dc->shown = calendar_shown (calendar);
  dg_referral_form_set_entry (dc->row, text);
  gtk_menu_button_popdown (GTK_MENU_BUTTON (dc->button));
  gtk_widget_grab_focus (dc->row);
}

/* Another day of the month shown: chosen. A day that moves with the month
 * turned (31 March back to 28 February) is not. */
static void
calendar_day_selected (GtkCalendar *calendar)
{
  DateCalendar *dc = g_object_get_data (G_OBJECT (calendar), "dg-date-calendar");

  if (dc->syncing)
    return;
  if (calendar_shown (calendar) != dc->shown)
    dc->shown = calendar_shown (calendar);
  else
    calendar_choose (calendar);
}

/* A month or year turned to: shown, and nothing chosen yet. */
static void
calendar_turned (GtkCalendar *calendar)
{
  DateCalendar *dc = g_object_get_data (G_OBJECT (calendar), "dg-date-calendar");

  dc->shown = calendar_shown (calendar);
}

static gboolean
calendar_choose_later (gpointer data)
{
  GtkCalendar *calendar = data;

  if (gtk_widget_get_mapped (GTK_WIDGET (calendar)))
    calendar_choose (calendar);
  return G_SOURCE_REMOVE;
}

/* The day already selected, clicked (or taken with Space) again: chosen
 * too, once the calendar has seen the click. */
static void
calendar_pressed (GtkGestureClick *gesture,
                  int              n_press,
                  double           x,
                  double           y,
                  GtkCalendar     *calendar)
{
  GtkWidget *picked = gtk_widget_pick (GTK_WIDGET (calendar), x, y, GTK_PICK_DEFAULT);

  if (picked != NULL && gtk_widget_has_css_class (picked, "day-number"))
    g_idle_add_full (G_PRIORITY_DEFAULT, calendar_choose_later, g_object_ref (calendar), g_object_unref);
}

static gboolean
calendar_key_pressed (GtkEventControllerKey *controller,
                      guint                  keyval,
                      guint                  keycode,
                      GdkModifierType        state,
                      GtkCalendar           *calendar)
{
  /* Space on a day, not on the buttons that turn the month. */
  if ((keyval == GDK_KEY_space || keyval == GDK_KEY_KP_Space) && gtk_widget_has_focus (GTK_WIDGET (calendar)))
    g_idle_add_full (G_PRIORITY_DEFAULT, calendar_choose_later, g_object_ref (calendar), g_object_unref);
  return GDK_EVENT_PROPAGATE;
}

/* Opening: the calendar shows the date typed, when there is one. */
static void
calendar_popover_shown (GtkWidget   *popover,
                        GtkCalendar *calendar)
{
  DateCalendar *dc = g_object_get_data (G_OBJECT (calendar), "dg-date-calendar");
  const char *text = dg_referral_form_entry_text (dc->row);
  GDate date;

  if (text != NULL && dg_date_parse_typed (text, "date", 0, &date, NULL))
    {
      g_autoptr(GDateTime) dt = g_date_time_new_local (g_date_get_year (&date), g_date_get_month (&date),
                                                       g_date_get_day (&date), 0, 0, 0);

      dc->syncing = TRUE;
      gtk_calendar_select_day (calendar, dt);
      dc->syncing = FALSE;
    }
  dc->shown = calendar_shown (calendar);
  gtk_widget_grab_focus (GTK_WIDGET (calendar));
}

/* An entry row for a date, with a button that opens a calendar; @what is
 * what the button says to a screen reader and as a tooltip. */
static GtkWidget *
add_date_entry (DgReferralForm *self,
                GtkWidget      *group,
                const char     *title,
                const char     *what)
{
  GtkWidget *row = add_entry (self, group, title);
  GtkWidget *button = gtk_menu_button_new ();
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *calendar = gtk_calendar_new ();
  GtkEventController *key = gtk_event_controller_key_new ();
  GtkGesture *click = gtk_gesture_click_new ();
  DateCalendar *dc = g_new0 (DateCalendar, 1);

  dc->row = row;
  dc->button = button;
  g_object_set_data_full (G_OBJECT (calendar), "dg-date-calendar", dc, g_free);

  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (button), "x-office-calendar-symbolic");
  gtk_widget_set_tooltip_text (button, what);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, what, -1);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");

  gtk_accessible_update_property (GTK_ACCESSIBLE (calendar), GTK_ACCESSIBLE_PROPERTY_LABEL, what, -1);
  g_signal_connect (calendar, "day-selected", G_CALLBACK (calendar_day_selected), NULL);
  g_signal_connect (calendar, "notify::month", G_CALLBACK (calendar_turned), NULL);
  g_signal_connect (calendar, "notify::year", G_CALLBACK (calendar_turned), NULL);
  g_signal_connect (click, "pressed", G_CALLBACK (calendar_pressed), calendar);
  gtk_widget_add_controller (calendar, GTK_EVENT_CONTROLLER (click));
  gtk_event_controller_set_propagation_phase (key, GTK_PHASE_CAPTURE);
  g_signal_connect (key, "key-pressed", G_CALLBACK (calendar_key_pressed), calendar);
  gtk_widget_add_controller (calendar, key);

  gtk_popover_set_child (GTK_POPOVER (popover), calendar);
  g_signal_connect (popover, "show", G_CALLBACK (calendar_popover_shown), calendar);
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (button), popover);
  adw_entry_row_add_suffix (ADW_ENTRY_ROW (row), button);

  return row;
}

/* A choice from @vocab; item 0 is @none when not %NULL. */
static GtkWidget *
add_combo (DgReferralForm *self,
           GtkWidget      *group,
           const char     *title,
           DgVocab         vocab,
           const char     *none)
{
  GtkWidget *row = adw_combo_row_new ();
  g_autoptr(GtkStringList) list = gtk_string_list_new (NULL);

  if (none != NULL)
    gtk_string_list_append (list, none);
  for (const DgTerm *t = dg_vocab_terms (vocab); t->id != NULL; t++)
    gtk_string_list_append (list, dg_vocab_label (vocab, t->id));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row), TRUE);
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (list));
  g_object_set_data (G_OBJECT (row), "dg-vocab", GINT_TO_POINTER (vocab));
  g_object_set_data (G_OBJECT (row), "dg-has-none", GINT_TO_POINTER (none != NULL));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  g_signal_connect_swapped (row, "notify::selected", G_CALLBACK (dg_referral_form_schedule_changes), self);

  return row;
}

static GtkWidget *
add_switch (DgReferralForm *self,
            GtkWidget      *group,
            const char     *title,
            const char     *subtitle)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *sw = gtk_switch_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row), TRUE);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_valign (sw, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), sw);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), sw);
  /* One Tab stop, on the switch: the row around it is only its label. */
  gtk_widget_set_focusable (row, FALSE);
  /* A screen reader says the title as shown: "Anonymous", not "Ano_nymous". */
  {
    g_autoptr(GString) name = g_string_new (title);

    g_string_replace (name, "_", "", 0);
    gtk_accessible_update_property (GTK_ACCESSIBLE (sw), GTK_ACCESSIBLE_PROPERTY_LABEL, name->str, -1);
  }
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  g_signal_connect_swapped (sw, "notify::active", G_CALLBACK (dg_referral_form_schedule_changes), self);

  return sw;
}

static GtkWidget *
add_text (DgReferralForm *self,
          GtkWidget      *group,
          const char     *label)
{
  GtkWidget *frame = gtk_frame_new (NULL);
  GtkWidget *view = gtk_text_view_new ();

  /* Tab moves on to the next control, as everywhere else. */
  gtk_text_view_set_accepts_tab (GTK_TEXT_VIEW (view), FALSE);

  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (view), 9);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (view), 9);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (view), 9);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (view), 9);
  gtk_widget_set_size_request (view, -1, 110);
  gtk_accessible_update_property (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  gtk_frame_set_child (GTK_FRAME (frame), view);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), frame);
  g_signal_connect_swapped (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), "changed",
                            G_CALLBACK (dg_referral_form_schedule_changes), self);

  return view;
}


ChildRows *
dg_referral_form_add_child (DgReferralForm *self)
{
  ChildRows rows = { 0 };
  guint index = self->children->len;
  g_autofree char *title = index == 0 ? g_strdup (_("Child")) : g_strdup_printf (_("Child %u"), index + 1);

  rows.group = add_group (self, self->children_box, title,
                          index == 0 ? _("Only the name is required: lack of detail never stops a report being logged.") : NULL,
                          &rows.error);
  if (index > 0)
    {
      GtkWidget *remove = gtk_button_new_from_icon_name ("edit-delete-symbolic");
      gtk_widget_set_tooltip_text (remove, _("Remove this child"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Remove this child"), -1);
      gtk_widget_add_css_class (remove, "flat");
      gtk_actionable_set_action_name (GTK_ACTIONABLE (remove), "form.remove-child");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (remove), "u", index);
      adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (rows.group), remove);
    }

  rows.name = add_entry (self, rows.group, _("_Name"));
  rows.dob = add_date_entry (self, rows.group, _("_Date of Birth (DD/MM/YYYY)"),
                            _("Choose the date of birth from a calendar"));
  rows.dob_expected = add_switch (self, rows.group, _("Not _Born Yet (Expected Date)"),
                                  _("The date of birth above is when the baby is due"));
  rows.aliases = add_entry (self, rows.group, _("Also _Known As"));
  rows.gender = add_entry (self, rows.group, _("_Gender"));
  rows.school = add_entry (self, rows.group, _("_School or Setting"));
  rows.attendance = add_entry (self, rows.group, _("_Attendance"));
  rows.address = add_entry (self, rows.group, _("Add_ress"));
  rows.first_language = add_entry (self, rows.group, _("_First Language"));
  rows.ethnicity = add_entry (self, rows.group, _("_Ethnicity"));
  rows.religion = add_entry (self, rows.group, _("Re_ligion"));
  rows.needs = add_entry (self, rows.group, _("Additional _Needs or Disability"));
  rows.parental = add_entry (self, rows.group, _("_Parental Responsibility"));
  rows.interpreter = add_switch (self, rows.group, _("_Interpreter Needed"), NULL);
  finish_group (rows.group, rows.error, TRUE);

  g_array_append_val (self->children, rows);
  return &g_array_index (self->children, ChildRows, index);
}


ExtraRows *
dg_referral_form_add_extra (DgReferralForm *self,
                            gboolean        agency)
{
  GArray *array = agency ? self->agencies : self->household;
  GtkWidget *box = agency ? self->agencies_box : self->household_box;
  ExtraRows rows = { 0 };
  GtkWidget *remove;
  g_autofree char *title = agency ? g_strdup_printf (_("Agency %u"), array->len + 1)
                                  : g_strdup_printf (_("Household Member %u"), array->len + 1);

  rows.group = add_group (self, box, title, NULL, &rows.error);
  remove = gtk_button_new_from_icon_name ("edit-delete-symbolic");
  gtk_widget_set_tooltip_text (remove, _("Remove"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Remove"), -1);
  gtk_widget_add_css_class (remove, "flat");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (remove), "form.remove-extra");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (remove), "(bu)", agency, array->len);
  adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (rows.group), remove);

  if (agency)
    {
      rows.a = add_combo (self, rows.group, _("_Agency"), DG_VOCAB_MEETING_AGENCY, NULL);
      rows.b = add_entry (self, rows.group, _("_Person"));
      rows.c = add_entry (self, rows.group, _("_Organisation"));
    }
  else
    {
      rows.a = add_entry (self, rows.group, _("_Name"));
      rows.b = add_entry (self, rows.group, _("_Relationship to the Child"));
      rows.c = add_date_entry (self, rows.group, _("_Date of Birth (DD/MM/YYYY)"),
                               _("Choose the date of birth from a calendar"));
    }
  finish_group (rows.group, rows.error, TRUE);

  g_array_append_val (array, rows);
  return &g_array_index (array, ExtraRows, array->len - 1);
}

void
dg_referral_form_add_extra_action (GtkWidget  *widget,
                                   const char *action_name,
                                   GVariant   *param)
{
  DgReferralForm *self = DG_REFERRAL_FORM (widget);
  ExtraRows *rows = dg_referral_form_add_extra (self, g_variant_get_boolean (param));

  gtk_widget_grab_focus (rows->a);
  dg_referral_form_schedule_changes (self);
}

void
dg_referral_form_remove_extra (DgReferralForm *self,
                               gboolean        agency,
                               guint           index)
{
  GArray *array = agency ? self->agencies : self->household;
  GtkWidget *box = agency ? self->agencies_box : self->household_box;

  if (index >= array->len)
    return;
  gtk_box_remove (GTK_BOX (box), g_array_index (array, ExtraRows, index).group);
  g_array_remove_index (array, index);
  for (guint i = index; i < array->len; i++)
    {
      GtkWidget *suffix = adw_preferences_group_get_header_suffix (ADW_PREFERENCES_GROUP (g_array_index (array, ExtraRows, i).group));
      gtk_actionable_set_action_target (GTK_ACTIONABLE (suffix), "(bu)", agency, i);
    }
}

void
dg_referral_form_remove_extra_action (GtkWidget  *widget,
                                      const char *action_name,
                                      GVariant   *param)
{
  DgReferralForm *self = DG_REFERRAL_FORM (widget);
  gboolean agency;
  guint index;

  g_variant_get (param, "(bu)", &agency, &index);
  dg_referral_form_remove_extra (self, agency, index);
  dg_referral_form_schedule_changes (self);
}

void
dg_referral_form_add_child_action (GtkWidget  *widget,
                                   const char *action_name,
                                   GVariant   *param)
{
  DgReferralForm *self = DG_REFERRAL_FORM (widget);
  ChildRows *rows = dg_referral_form_add_child (self);

  gtk_widget_grab_focus (rows->name);
  dg_referral_form_schedule_changes (self);
}

void
dg_referral_form_remove_child_action (GtkWidget  *widget,
                                      const char *action_name,
                                      GVariant   *param)
{
  DgReferralForm *self = DG_REFERRAL_FORM (widget);
  guint index = g_variant_get_uint32 (param);

  if (index == 0 || index >= self->children->len)
    return;

  gtk_box_remove (GTK_BOX (self->children_box), g_array_index (self->children, ChildRows, index).group);
  g_array_remove_index (self->children, index);
  /* Later children move up: their remove buttons follow. */
  for (guint i = index; i < self->children->len; i++)
    {
      GtkWidget *suffix = adw_preferences_group_get_header_suffix (ADW_PREFERENCES_GROUP (g_array_index (self->children, ChildRows, i).group));
      if (suffix != NULL)
        gtk_actionable_set_action_target (GTK_ACTIONABLE (suffix), "u", i);
    }
  dg_referral_form_schedule_changes (self);
}

void
dg_referral_form_build_form (DgReferralForm *self)
{
  GtkWidget *box = GTK_WIDGET (self->form_box);
  GtkWidget *group, *add, *checks;
  const DgTerm *categories = dg_vocab_terms (DG_VOCAB_CATEGORY);

  /* The person's unsaved referrals from other windows, when there are several. */
  self->drafts_group = add_group (self, box, "", _("Open one to carry on typing it, or discard it."), NULL);
  self->drafts_list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (self->drafts_list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (self->drafts_list, "boxed-list");
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->drafts_group), self->drafts_list);
  gtk_widget_set_visible (self->drafts_group, FALSE);

  /* The report-maker first: who is on the phone. */
  self->reporter_group = add_group (self, box, _("Report-maker"),
                                    _("Type a name or organisation to pick someone who has reported before."),
                                    &self->reporter_error);
  self->reporter_name = add_entry (self, self->reporter_group, _("_Name"));
  /* Earlier report-makers matching what is typed, right under the name. */
  self->reporter_list = gtk_list_box_new ();
  gtk_widget_add_css_class (self->reporter_list, "boxed-list");
  gtk_widget_set_margin_top (self->reporter_list, 6);
  gtk_widget_set_margin_bottom (self->reporter_list, 6);
  gtk_list_box_set_activate_on_single_click (GTK_LIST_BOX (self->reporter_list), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->reporter_list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Report-makers who reported before"), -1);
  g_signal_connect (self->reporter_list, "row-activated", G_CALLBACK (dg_referral_form_reporter_chosen), self);
  gtk_widget_set_visible (self->reporter_list, FALSE);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->reporter_group), self->reporter_list);
  self->reporter_role = add_entry (self, self->reporter_group, _("_Role"));
  self->reporter_org = add_entry (self, self->reporter_group, _("_Organisation"));
  self->reporter_agency = add_combo (self, self->reporter_group, _("_Agency"), DG_VOCAB_REPORTER_AGENCY, NULL);
  dg_referral_form_set_combo (self->reporter_agency, "other");
  self->reporter_email = add_entry (self, self->reporter_group, _("_Email"));
  self->reporter_phone = add_entry (self, self->reporter_group, _("_Telephone"));
  /* The active offer: ask which language they want; until they say, their
   * letters go in both, Welsh first. */
  self->reporter_language = add_combo (self, self->reporter_group, _("_Language for Letters"), DG_VOCAB_LANGUAGE,
                                       _("Not asked yet: both, Welsh first"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->reporter_language), _("Offer Welsh: ask which they would like"));
  self->reporter_anonymous = add_switch (self, self->reporter_group, _("Ano_nymous"),
                                         _("Members of the public only: practitioners always give their name"));
  finish_group (self->reporter_group, self->reporter_error, TRUE);

  g_signal_connect_swapped (self->reporter_name, "changed", G_CALLBACK (dg_referral_form_reporter_name_changed), self);
  g_signal_connect_swapped (self->reporter_name, "changed", G_CALLBACK (dg_referral_form_reporter_edited), self);
  g_signal_connect_swapped (self->reporter_org, "changed", G_CALLBACK (dg_referral_form_reporter_edited), self);
  g_signal_connect_swapped (self->reporter_email, "changed", G_CALLBACK (dg_referral_form_reporter_edited), self);
  g_signal_connect_swapped (self->reporter_phone, "changed", G_CALLBACK (dg_referral_form_reporter_edited), self);
  g_signal_connect_swapped (self->reporter_role, "changed", G_CALLBACK (dg_referral_form_reporter_edited), self);

  /* The children. */
  self->children_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 24);
  gtk_box_append (GTK_BOX (box), self->children_box);
  dg_referral_form_add_child (self);

  self->similar_group = add_group (self, box, _("Earlier Referrals That May Be About This Child"),
                                   _("Tick each one that is the same child; they will be linked."), NULL);
  self->similar_list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (self->similar_list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (self->similar_list, "boxed-list");
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->similar_group), self->similar_list);
  gtk_widget_set_visible (self->similar_group, FALSE);

  add = gtk_button_new_with_mnemonic (_("Add _Another Child"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (add), "form.add-child");
  gtk_widget_set_halign (add, GTK_ALIGN_START);
  gtk_box_append (GTK_BOX (box), add);

  /* Who else lives there, and who else is involved. */
  group = add_group (self, box, _("Household and Agencies"),
                     _("Household members with their dates of birth, and agencies already involved with the child: they will be expected at any strategy discussion."),
                     NULL);
  self->household_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  gtk_box_append (GTK_BOX (box), self->household_box);
  self->agencies_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  gtk_box_append (GTK_BOX (box), self->agencies_box);
  {
    GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
    GtkWidget *household = gtk_button_new_with_mnemonic (_("Add _Household Member"));
    GtkWidget *agency = gtk_button_new_with_mnemonic (_("Add A_gency Involved"));

    gtk_actionable_set_action_name (GTK_ACTIONABLE (household), "form.add-extra");
    gtk_actionable_set_action_target (GTK_ACTIONABLE (household), "b", FALSE);
    gtk_actionable_set_action_name (GTK_ACTIONABLE (agency), "form.add-extra");
    gtk_actionable_set_action_target (GTK_ACTIONABLE (agency), "b", TRUE);
    gtk_box_append (GTK_BOX (buttons), household);
    gtk_box_append (GTK_BOX (buttons), agency);
    gtk_box_append (GTK_BOX (box), buttons);
  }

  /* The concern. */
  group = add_group (self, box, _("Concern"), NULL, &self->concern_error);
  checks = gtk_flow_box_new ();
  gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (checks), GTK_SELECTION_NONE);
  gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (checks), 5);
  gtk_accessible_update_property (GTK_ACCESSIBLE (checks), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Categories"), -1);
  for (guint i = 0; i < G_N_ELEMENTS (self->category_checks); i++)
    {
      self->category_checks[i] = gtk_check_button_new_with_label (dg_vocab_label (DG_VOCAB_CATEGORY, categories[i].id));
      g_signal_connect_swapped (self->category_checks[i], "toggled", G_CALLBACK (dg_referral_form_schedule_changes), self);
      gtk_flow_box_append (GTK_FLOW_BOX (checks), self->category_checks[i]);
      /* The flow box's cell is only layout: one Tab stop, the check box. */
      gtk_widget_set_focusable (gtk_widget_get_parent (self->category_checks[i]), FALSE);
    }
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), checks);
  self->concern = add_text (self, group, _("What is the concern?"));
  dg_spell_attach (GTK_TEXT_VIEW (self->concern), "en");
  finish_group (group, self->concern_error, FALSE);

  group = add_group (self, box, _("Immediate Action Taken"), _("What was done to keep the child safe, and what else the report-maker knows."), NULL);
  self->immediate = add_text (self, group, _("Immediate action taken"));

  /* How and when it arrived, and the rating. */
  self->report_group = add_group (self, box, _("The Report"), NULL, &self->report_error);
  self->received = add_entry (self, self->report_group, _("_Received (YYYY-MM-DD HH:MM)"));
  self->channel = add_combo (self, self->report_group, _("_How It Arrived"), DG_VOCAB_CHANNEL, _("Not recorded"));
  self->rag = add_combo (self, self->report_group, _("Ra_ting"), DG_VOCAB_RAG, _("Not rated yet"));
  finish_group (self->report_group, self->report_error, TRUE);
}
