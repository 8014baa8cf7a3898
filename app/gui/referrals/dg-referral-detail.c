#include "config.h"

#include <glib/gi18n.h>

#include "dg-format.h"
#include "dg-ledger-dialog.h"
#include "dg-referral-detail.h"
#include "dg-register-banner.h"
#include "dg-vocab.h"

/* The whole referral: report-maker, children, concern, decision, clocks,
 * earlier referrals and history. Its buttons activate the referral.* actions
 * that DgReferralsPage installs. */

struct _DgReferralDetail
{
  GtkWidget   parent_instance;

  GtkStack   *stack;
  GtkBox     *content;
  GtkWidget  *action_box;
  GtkWidget  *decide_button;
  GtkWidget  *acknowledge_button;
  GtkWidget  *confirm_button;
  GtkWidget  *amend_button;
  GtkWidget  *meeting_button;
  GtkWidget  *event_button;

  DgReferral *referral;
};

G_DEFINE_FINAL_TYPE (DgReferralDetail, dg_referral_detail, GTK_TYPE_WIDGET)

static void
dg_referral_detail_dispose (GObject *object)
{
  DgReferralDetail *self = (DgReferralDetail *)object;

  g_clear_pointer (&self->referral, dg_referral_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), DG_TYPE_REFERRAL_DETAIL);
  /* GTK 4.8 leaves a GtkWidget subclass's template root to its owner. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL;)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (dg_referral_detail_parent_class)->dispose (object);
}

static void
dg_referral_detail_class_init (DgReferralDetailClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dg_referral_detail_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/diogelu/Diogelu/ui/dg-referral-detail.ui");
  gtk_widget_class_bind_template_child (widget_class, DgReferralDetail, stack);
  gtk_widget_class_bind_template_child (widget_class, DgReferralDetail, content);
  gtk_widget_class_bind_template_child (widget_class, DgReferralDetail, action_box);
  gtk_widget_class_bind_template_child (widget_class, DgReferralDetail, decide_button);
  gtk_widget_class_bind_template_child (widget_class, DgReferralDetail, acknowledge_button);
  gtk_widget_class_bind_template_child (widget_class, DgReferralDetail, confirm_button);
  gtk_widget_class_bind_template_child (widget_class, DgReferralDetail, amend_button);
  gtk_widget_class_bind_template_child (widget_class, DgReferralDetail, meeting_button);
  gtk_widget_class_bind_template_child (widget_class, DgReferralDetail, event_button);
}

static void
dg_referral_detail_init (DgReferralDetail *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* The flow box's cells are only layout: Tab goes straight to the buttons. */
  for (GtkWidget *cell = gtk_widget_get_first_child (self->action_box); cell != NULL;
       cell = gtk_widget_get_next_sibling (cell))
    gtk_widget_set_focusable (cell, FALSE);
}

gboolean
dg_referral_detail_focus_first (DgReferralDetail *self)
{
  g_return_val_if_fail (DG_IS_REFERRAL_DETAIL (self), FALSE);

  for (GtkWidget *cell = gtk_widget_get_first_child (self->action_box); cell != NULL;
       cell = gtk_widget_get_next_sibling (cell))
    {
      GtkWidget *button = gtk_flow_box_child_get_child (GTK_FLOW_BOX_CHILD (cell));

      if (button != NULL && gtk_widget_get_visible (button) && gtk_widget_is_sensitive (button) &&
          gtk_widget_grab_focus (button))
        return TRUE;
    }
  return gtk_widget_child_focus (GTK_WIDGET (self), GTK_DIR_TAB_FORWARD);
}

static GtkWidget *
add_group (DgReferralDetail *self,
           const char       *title)
{
  GtkWidget *group = adw_preferences_group_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  gtk_box_append (self->content, group);
  return group;
}

/* A read-only row: the value is selectable so it can be copied. */
static GtkWidget *
add_row (GtkWidget  *group,
         const char *title,
         const char *value)
{
  GtkWidget *row;
  GtkWidget *label;

  if (value == NULL || *value == '\0')
    return NULL;

  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  gtk_widget_add_css_class (row, "property");
  label = gtk_label_new (value);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 1);
  gtk_widget_set_hexpand (label, TRUE);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, value, -1);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  return row;
}

static void
add_paragraph (GtkWidget  *group,
               const char *text)
{
  GtkWidget *card, *label;

  if (text == NULL || *text == '\0')
    return;

  /* The text on a card, held off its edges. */
  card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_add_css_class (card, "card");
  gtk_widget_set_margin_top (card, 6);
  label = gtk_label_new (text);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_widget_set_margin_top (label, 9);
  gtk_widget_set_margin_bottom (label, 9);
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_end (label, 12);
  gtk_box_append (GTK_BOX (card), label);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), card);
}

static void
clear_content (DgReferralDetail *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->content))) != NULL)
    gtk_box_remove (self->content, child);
}

static void
show_reporter (DgReferralDetail *self,
               const DgReporter *p)
{
  GtkWidget *group = add_group (self, _("Report-maker"));

  add_row (group, _("Name"), p->name);
  add_row (group, _("Role"), p->role);
  add_row (group, _("Organisation"), p->organisation);
  add_row (group, _("Agency"), dg_vocab_label (DG_VOCAB_REPORTER_AGENCY, p->agency));
  add_row (group, _("Email"), p->email);
  add_row (group, _("Phone"), p->phone);
  /* The language badge: letters go in this language without asking. */
  add_row (group, _("Language for letters"), p->language ? dg_vocab_label (DG_VOCAB_LANGUAGE, p->language) : NULL);
}

static void
show_child (DgReferralDetail *self,
            const DgChild    *c)
{
  g_autofree char *child_title = g_strdup_printf (_("Child: %s"), c->name);
  GtkWidget *group = add_group (self, child_title);

  add_row (group, _("Also known as"), c->aliases);
  add_row (group, c->dob_expected ? _("Expected date of birth") : _("Date of birth"), c->dob);
  add_row (group, _("Gender"), c->gender);
  add_row (group, _("School or setting"), c->school);
  add_row (group, _("Attendance"), c->attendance);
  add_row (group, _("Address"), c->address);
  add_row (group, _("First language"), c->first_language);
  add_row (group, _("Ethnicity"), c->ethnicity);
  add_row (group, _("Religion"), c->religion);
  add_row (group, _("Additional needs"), c->additional_needs);
  add_row (group, _("Parental responsibility"), c->parental_responsibility);
  if (c->interpreter_needed)
    add_row (group, _("Interpreter"), _("Needed"));
}

/* One row of a list group, for @item: an element of one of the referral's
 * arrays. */
typedef void (*AddItemRow) (GtkWidget     *group,
                            gconstpointer  item);

/* A group with a row for each of @items, left out when there are none
 * unless @even_empty. */
static void
add_list (DgReferralDetail *self,
          const char       *title,
          GArray           *items,
          AddItemRow        add_item_row,
          gboolean          even_empty)
{
  guint size = g_array_get_element_size (items);
  GtkWidget *group;

  if (items->len == 0 && !even_empty)
    return;
  group = add_group (self, title);
  for (guint i = 0; i < items->len; i++)
    add_item_row (group, items->data + i * size);
}

static void
household_row (GtkWidget     *group,
               gconstpointer  item)
{
  const DgHouseholdMember *h = item;
  g_autofree char *value = g_strdup_printf ("%s%s%s", h->relationship ? h->relationship : "",
                                            h->dob ? " · " : "", h->dob ? h->dob : "");

  add_row (group, h->name, *value ? value : "—");
}

static void
agency_row (GtkWidget     *group,
            gconstpointer  item)
{
  const DgInvolvedAgency *a = item;
  g_autofree char *value = g_strdup_printf ("%s%s%s", a->name ? a->name : "",
                                            a->name && a->organisation ? ", " : "",
                                            a->organisation ? a->organisation : "");

  add_row (group, dg_vocab_label (DG_VOCAB_MEETING_AGENCY, a->agency), *value ? value : "—");
}

/* A meeting's row opens it, and says which expected agencies it lacks. */
static void
meeting_row (GtkWidget     *group,
             gconstpointer  item)
{
  const DgReferralMeeting *m = item;
  g_autofree char *at = dg_format_time (m->at);
  g_autofree char *meeting_title = g_strdup_printf ("%s · %s", dg_vocab_label (DG_VOCAB_MEETING_KIND, m->kind), at);
  g_autoptr(GString) subtitle = g_string_new (NULL);
  GtkWidget *row = adw_action_row_new ();

  if (m->missing[0] == NULL)
    g_string_append (subtitle, _("Every expected agency invited"));
  else
    {
      g_string_append (subtitle, _("Not invited: "));
      for (guint j = 0; m->missing[j] != NULL; j++)
        g_string_append_printf (subtitle, "%s%s", j ? ", " : "",
                                dg_vocab_label (DG_VOCAB_MEETING_AGENCY, m->missing[j]));
    }
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), meeting_title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle->str);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "referral.open-meeting");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "x", m->id);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
}

static void
event_row (GtkWidget     *group,
           gconstpointer  item)
{
  const DgReferralEvent *e = item;
  g_autofree char *at = dg_format_time (e->at);

  add_row (group, dg_vocab_label (DG_VOCAB_EVENT, e->kind), at);
}

static void
letter_row (GtkWidget     *group,
            gconstpointer  item)
{
  const DgLetterSent *n = item;
  g_autofree char *at = dg_format_time (n->at);
  g_autofree char *value = g_strdup_printf ("%s · %s · %s · %s", at, n->by,
                                            dg_vocab_label (DG_VOCAB_SEND_METHOD, n->method),
                                            g_strcmp0 (n->language, "cy+en") == 0
                                              ? _("Welsh and English")
                                              : dg_vocab_label (DG_VOCAB_LANGUAGE, n->language));

  add_row (group, g_strcmp0 (n->kind, "outcome") == 0 ? _("Outcome") : _("Acknowledgement"), value);
}

static void
clock_row (GtkWidget     *group,
           gconstpointer  item)
{
  const DgReferralClock *c = item;
  gboolean missed = g_strcmp0 (c->state, "late") == 0 || g_strcmp0 (c->state, "overdue") == 0;
  g_autofree char *date = dg_format_date (c->due);
  /* Translators: the reason a timescale was missed, then the senior manager who agreed it. */
  g_autofree char *agreed = missed && c->exception_reason
                              ? g_strdup_printf (_("%s (agreed by %s)"), c->exception_reason, c->exception_approved_by)
                              : NULL;
  g_autofree char *value = agreed ? g_strdup_printf ("%s · %s · %s", date, dg_vocab_label (DG_VOCAB_CLOCK_STATE, "excepted"), agreed)
                                  : g_strdup_printf ("%s · %s", date, dg_vocab_label (DG_VOCAB_CLOCK_STATE, c->state));
  GtkWidget *row = add_row (group, dg_vocab_label (DG_VOCAB_CLOCK, c->clock), value);

  /* A timescale missed without an agreed exception yet: record one. */
  if (row != NULL && missed && agreed == NULL)
    {
      /* An icon, so that the clock's name keeps its room; its name is said. */
      GtkWidget *button = gtk_button_new_from_icon_name ("document-edit-symbolic");

      gtk_widget_set_tooltip_text (button, _("Record Exception…"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Record Exception…"), -1);
      gtk_widget_add_css_class (button, "flat");
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), g_variant_new_string (c->clock));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "referral.record-exception");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
    }
}

static void
earlier_row (GtkWidget     *group,
             gconstpointer  item)
{
  const DgEarlierReferral *e = item;
  const char *outcome = e->outcome ? dg_vocab_label (DG_VOCAB_OUTCOME, e->outcome) : _("Not decided");
  g_autofree char *at = dg_format_time (e->received_at);
  g_autofree char *value = g_strdup_printf ("%s · %s · %s", e->child, at, outcome);
  GtkWidget *row = add_row (group, e->reference, value);

  /* Opened from where it is listed. */
  if (row != NULL && e->id != 0)
    {
      /* The target before the name: the name alone would not match the action. */
      gtk_actionable_set_action_target_value (GTK_ACTIONABLE (row), g_variant_new_int64 (e->id));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "referral.open-earlier");
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
    }
}

static void
history_row (GtkWidget     *group,
             gconstpointer  item)
{
  const DgAuditEntry *a = item;
  g_autofree char *at = dg_format_time (a->at);
  g_autofree char *value = a->changes != NULL ? g_strdup_printf ("%s · %s\n%s", at, a->by, a->changes)
                                               : g_strdup_printf ("%s · %s", at, a->by);

  add_row (group, dg_vocab_label (DG_VOCAB_HISTORY, a->action), value);
}

/* ---- The report-maker's ledger ---- */

/* What a ledger entry records, as a person says it. */
static const char *
ledger_what (const DgLedgerEntry *e)
{
  if (g_strcmp0 (e->kind, "chase") == 0)
    return g_strcmp0 (e->step, "replied") == 0 ? _("Chase answered") : _("Report-maker chased");
  if (g_strcmp0 (e->step, "raised") == 0)
    return _("Disagreement raised");
  if (g_strcmp0 (e->step, "discussed") == 0)
    return _("Disagreement discussed");
  if (g_strcmp0 (e->step, "escalated") == 0)
    return _("Disagreement escalated");
  if (g_strcmp0 (e->step, "resolved") == 0)
    return _("Disagreement resolved");
  return e->step;
}

/* Where the clock an entry started stands: "Reply due Tue 8 Dec 2026",
 * "Overdue", "Answered on time"; NULL for an entry without one. */
static char *
ledger_clock_text (const DgLedgerEntry *e)
{
  g_autofree char *due = NULL;
  gboolean reply = g_strcmp0 (e->clock, "chase-reply") == 0;
  gboolean discussion = g_strcmp0 (e->clock, "disagreement-discussed") == 0;

  if (e->clock == NULL || e->state == NULL)
    return NULL;
  due = dg_format_date (e->due);
  if (g_str_equal (e->state, "pending"))
    return g_strdup_printf (reply ? _("Reply due %s") : discussion ? _("Discussion due %s") : _("Answer due %s"), due);
  if (g_str_equal (e->state, "overdue"))
    return g_strdup_printf (_("Overdue: due %s"), due);
  if (g_str_equal (e->state, "on-time"))
    return g_strdup (discussion ? _("Discussed on time") : _("Answered on time"));
  return g_strdup (discussion ? _("Discussed late") : _("Answered late"));
}

static void
ledger_row (GtkWidget     *group,
            gconstpointer  item)
{
  const DgLedgerEntry *e = item;
  g_autofree char *at = dg_format_time (e->at);
  g_autofree char *clock = ledger_clock_text (e);
  g_autofree char *subtitle = g_strdup_printf ("%s · %s%s%s", at, e->by ? e->by : "—",
                                               e->note ? "\n" : "", e->note ? e->note : "");
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), ledger_what (e));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  gtk_widget_add_css_class (row, "property");
  if (clock != NULL)
    {
      GtkWidget *label = gtk_label_new (clock);

      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_xalign (GTK_LABEL (label), 1);
      /* Wide enough that "Reply due" and its date keep to two lines. */
      gtk_label_set_width_chars (GTK_LABEL (label), 14);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 24);
      if (g_str_equal (e->state, "overdue") || g_str_equal (e->state, "late"))
        gtk_widget_add_css_class (label, "error");
      else if (g_str_equal (e->state, "pending"))
        gtk_widget_add_css_class (label, "dim-label");
      else
        gtk_widget_add_css_class (label, "success");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
    }
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
}

/* The language the person chose, as the row says it. */
static char *
offer_text (const DgLanguageOffer *o)
{
  g_autofree char *day = g_strndup (o->at != NULL ? o->at : "", 10);
  g_autofree char *when = dg_format_date (day);

  if (g_strcmp0 (o->choice, "cy") == 0)
    return g_strdup_printf (_("Letters in Welsh, offered %s"), when);
  if (g_strcmp0 (o->choice, "en") == 0)
    return g_strdup_printf (_("Letters in English, offered %s"), when);
  return g_strdup_printf (_("Declined to choose, offered %s: letters go in both, Welsh first"), when);
}

static const char *
person_label (const char *person)
{
  if (g_strcmp0 (person, "child") == 0)
    return _("Child");
  if (g_strcmp0 (person, "parent") == 0)
    return _("Parent or carer");
  return _("Report-maker");
}

/* A letter by e-mail: sent, waiting, or not delivered and why. */
static void
mail_row (GtkWidget     *group,
          gconstpointer  item)
{
  const DgReferralMail *m = item;
  g_autofree char *title = g_strdup_printf ("%s · %s", g_strcmp0 (m->kind, "outcome") == 0 ? _("Outcome") : _("Acknowledgement"),
                                            m->recipient ? m->recipient : "");
  g_autofree char *when = dg_format_time (g_strcmp0 (m->state, "sent") == 0 ? m->sent_at : m->queued_at);
  g_autofree char *value = NULL;
  GtkWidget *row;

  if (g_strcmp0 (m->state, "sent") == 0)
    value = g_strdup_printf (_("Delivered %s"), when);
  else if (g_strcmp0 (m->state, "failed") == 0)
    value = g_strdup_printf (_("Not delivered: %s"), m->error ? m->error : _("no reason given"));
  else
    value = g_strdup_printf (_("Waiting to be sent since %s"), when);
  row = add_row (group, title, value);
  if (row != NULL && g_strcmp0 (m->state, "failed") == 0)
    gtk_widget_add_css_class (row, "error");
}

static void
offer_row (GtkWidget     *group,
           gconstpointer  item)
{
  const DgLanguageOffer *o = item;
  g_autofree char *title = o->name != NULL ? g_strdup_printf ("%s (%s)", person_label (o->person), o->name)
                                           : g_strdup (person_label (o->person));
  g_autofree char *value = offer_text (o);

  add_row (group, title, value);
}

static void
ledger_clicked (GtkButton *button,
                gpointer   kind)
{
  gtk_widget_activate_action (GTK_WIDGET (button), "referral.ledger", "i", GPOINTER_TO_INT (kind));
}

static void
add_ledger_button (GtkWidget          *box,
                   const char         *label,
                   const char         *tooltip,
                   DgLedgerDialogKind  kind,
                   gboolean            allowed)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_widget_set_tooltip_text (button, tooltip);
  /* Clicked, not an action name: the button's sensitivity is the ledger's,
   * which an action's enabled state would overwrite. */
  gtk_widget_set_sensitive (button, allowed);
  g_signal_connect (button, "clicked", G_CALLBACK (ledger_clicked), GINT_TO_POINTER (kind));
  gtk_flow_box_append (GTK_FLOW_BOX (box), button);
  gtk_widget_set_focusable (gtk_widget_get_parent (button), FALSE);
}

/* The chases and disagreement steps in order, each clock where it stands,
 * the Welsh offer, and the buttons that add to them. */
static void
show_ledger (DgReferralDetail *self)
{
  DgReferral *r = self->referral;
  GtkWidget *group = add_group (self, _("Report-Maker’s Ledger"));
  GtkWidget *buttons = gtk_flow_box_new ();
  gboolean reporter_offered = FALSE;
  const char *open = dg_ledger_open_disagreement (r);

  for (guint i = 0; i < r->ledger->len; i++)
    ledger_row (group, &g_array_index (r->ledger, DgLedgerEntry, i));
  if (r->ledger->len == 0)
    add_row (group, _("Chases and disagreements"), _("None recorded"));
  for (guint i = 0; i < r->offers->len; i++)
    {
      const DgLanguageOffer *o = &g_array_index (r->offers, DgLanguageOffer, i);

      offer_row (group, o);
      reporter_offered |= g_strcmp0 (o->person, "report-maker") == 0;
    }
  if (!reporter_offered)
    add_row (group, _("Report-maker"), _("Not asked yet: letters go in both, Welsh first"));

  gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (buttons), GTK_SELECTION_NONE);
  gtk_flow_box_set_column_spacing (GTK_FLOW_BOX (buttons), 6);
  gtk_flow_box_set_row_spacing (GTK_FLOW_BOX (buttons), 6);
  gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (buttons), 3);
  gtk_widget_set_margin_top (buttons, 12);
  add_ledger_button (buttons, _("Record C_hase…"), _("The report-maker asked what became of their report, or was answered"),
                     DG_LEDGER_DIALOG_CHASE, TRUE);
  /* A disagreement is with the decision: there is none to disagree with
   * before it, unless one is open already. */
  add_ledger_button (buttons, _("Record Di_sagreement…"),
                     open != NULL ? _("Record the open disagreement’s next step")
                                  : _("The report-maker disagrees with the decision"),
                     DG_LEDGER_DIALOG_DISAGREEMENT, r->decision != NULL || open != NULL);
  add_ledger_button (buttons, _("Record _Language Choice…"), _("Welsh was offered: record the person’s answer"),
                     DG_LEDGER_DIALOG_LANGUAGE, TRUE);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), buttons);
}

/* The register's flag at the top: a child who was on the child protection
 * register before this referral, or whom its conference registered again
 * within 12 months. */
static void
show_register_flags (DgReferralDetail *self)
{
  const DgReferral *r = self->referral;

  for (guint i = 0; i < r->register_children->len; i++)
    {
      const DgRegisterChild *c = g_ptr_array_index (r->register_children, i);
      g_autofree char *text = dg_register_banner_text (c->name, c->periods, TRUE, r->id);
      GtkWidget *banner;

      if (text == NULL)
        continue;
      banner = gtk_label_new (text);
      gtk_label_set_wrap (GTK_LABEL (banner), TRUE);
      gtk_label_set_xalign (GTK_LABEL (banner), 0);
      gtk_label_set_selectable (GTK_LABEL (banner), TRUE);
      gtk_widget_add_css_class (banner, "dg-banner");
      gtk_widget_add_css_class (banner, "dg-register-flag");
      gtk_box_append (self->content, banner);
    }
}

static void
show_referral (DgReferralDetail *self)
{
  const DgReferral *r = self->referral;
  g_autofree char *received = dg_format_time (r->received_at);
  g_autoptr(GString) cats = g_string_new (NULL);
  g_autofree char *title = NULL;
  g_autofree char *earlier_heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                                   "%u Earlier Referral About This Child",
                                                                   "%u Earlier Referrals About This Child",
                                                                   r->earlier->len),
                                                      r->earlier->len);
  GtkWidget *group;

  clear_content (self);
  show_register_flags (self);

  title = g_strdup_printf ("%s · %s", r->reference, dg_vocab_label (DG_VOCAB_STATUS, r->status));
  group = add_group (self, title);
  add_row (group, _("Received"), received);
  add_row (group, _("How"), r->channel ? dg_vocab_label (DG_VOCAB_CHANNEL, r->channel) : NULL);
  add_row (group, _("Rating"), r->rag ? dg_vocab_label (DG_VOCAB_RAG, r->rag) : _("Not rated"));
  for (guint i = 0; r->categories[i] != NULL; i++)
    g_string_append_printf (cats, "%s%s", i ? ", " : "", dg_vocab_label (DG_VOCAB_CATEGORY, r->categories[i]));
  add_row (group, _("Categories"), cats->str);

  if (r->reporter != NULL)
    show_reporter (self, r->reporter);
  for (guint i = 0; i < r->children->len; i++)
    show_child (self, &g_array_index (r->children, DgChild, i));
  add_list (self, _("Household"), r->household, household_row, FALSE);
  add_list (self, _("Agencies Involved"), r->agencies, agency_row, FALSE);

  group = add_group (self, _("Concern"));
  add_paragraph (group, r->concern ? r->concern : _("No details recorded yet."));
  if (r->immediate_action)
    {
      group = add_group (self, _("Immediate Action Taken"));
      add_paragraph (group, r->immediate_action);
    }

  if (r->decision != NULL)
    {
      g_autofree char *at = dg_format_time (r->decision->at);

      group = add_group (self, _("Decision"));
      add_row (group, _("Outcome"), dg_vocab_label (DG_VOCAB_OUTCOME, r->decision->outcome));
      add_row (group, _("Decided by"), r->decision->by);
      add_row (group, _("When"), at);
      add_paragraph (group, r->decision->rationale);
      if (r->decision->report_maker_text != NULL || r->decision->report_maker_text_cy != NULL)
        {
          group = add_group (self, _("What We Tell the Report-Maker"));
          add_paragraph (group, r->decision->report_maker_text);
          add_paragraph (group, r->decision->report_maker_text_cy);
        }
    }

  add_list (self, _("Strategy Discussions and Meetings"), r->meetings, meeting_row, FALSE);
  add_list (self, _("Child Protection Events"), r->events, event_row, FALSE);
  add_list (self, _("Letters Sent"), r->letters, letter_row, FALSE);
  add_list (self, _("Letters by E-mail"), r->mail, mail_row, FALSE);
  /* The clocks and the history are shown even when empty. */
  add_list (self, _("Clocks"), r->clocks, clock_row, TRUE);
  show_ledger (self);
  add_list (self, earlier_heading, r->earlier, earlier_row, FALSE);
  add_list (self, _("History"), r->history, history_row, TRUE);

  gtk_widget_set_visible (self->decide_button, r->decision == NULL);
  gtk_widget_set_visible (self->event_button, r->meetings->len > 0);
  gtk_widget_set_visible (self->meeting_button,
                          r->decision != NULL && g_strcmp0 (r->decision->outcome, "strategy") == 0);
  gtk_widget_set_visible (self->acknowledge_button, r->acknowledged_at == NULL);
  gtk_widget_set_visible (self->confirm_button,
                          g_strcmp0 (r->channel, "phone") == 0 && r->confirmed_at == NULL);
  /* Correctable until it is closed. */
  gtk_widget_set_visible (self->amend_button, g_strcmp0 (r->status, "closed") != 0);
}

void
dg_referral_detail_set_referral (DgReferralDetail *self,
                                 DgReferral       *referral)
{
  g_return_if_fail (DG_IS_REFERRAL_DETAIL (self));

  g_clear_pointer (&self->referral, dg_referral_unref);
  if (referral == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "none");
      return;
    }

  self->referral = dg_referral_ref (referral);
  show_referral (self);
  gtk_stack_set_visible_child_name (self->stack, "referral");
}

DgReferral *
dg_referral_detail_get_referral (DgReferralDetail *self)
{
  g_return_val_if_fail (DG_IS_REFERRAL_DETAIL (self), NULL);
  return self->referral;
}
