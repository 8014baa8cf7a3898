#include "config.h"

#include <glib/gi18n.h>

#include "dg-format.h"
#include "dg-referral-detail.h"
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
  GtkWidget  *meeting_button;
  GtkWidget  *event_button;

  JsonNode   *referral;
};

G_DEFINE_FINAL_TYPE (DgReferralDetail, dg_referral_detail, GTK_TYPE_WIDGET)

static void
dg_referral_detail_dispose (GObject *object)
{
  DgReferralDetail *self = (DgReferralDetail *)object;

  g_clear_pointer (&self->referral, json_node_unref);
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
static void
add_row (GtkWidget  *group,
         const char *title,
         const char *value)
{
  GtkWidget *row;
  GtkWidget *label;

  if (value == NULL || *value == '\0')
    return;

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
}

static void
add_paragraph (GtkWidget  *group,
               const char *text)
{
  GtkWidget *label;

  if (text == NULL || *text == '\0')
    return;

  label = gtk_label_new (text);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "card");
  gtk_widget_set_margin_top (label, 6);
  g_object_set (label, "margin-start", 0, NULL);
  gtk_widget_add_css_class (label, "dg-paragraph");
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), label);
}

static void
clear_content (DgReferralDetail *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->content))) != NULL)
    gtk_box_remove (self->content, child);
}

static void
show_referral (DgReferralDetail *self)
{
  JsonObject *r = json_node_get_object (self->referral);
  JsonNode *reporter_node = json_object_get_member (r, "reporter");
  JsonNode *decision = json_object_get_member (r, "decision");
  JsonArray *children = json_object_get_array_member (r, "children");
  JsonArray *categories = json_object_get_array_member (r, "categories");
  JsonArray *previous = json_object_get_array_member (r, "previous_referrals");
  JsonObject *due = json_object_get_object_member (r, "due");
  JsonNode *audit = json_object_get_member (r, "audit");
  g_autofree char *received = dg_format_time (dg_json_text (r, "received_at"));
  g_autoptr(GString) cats = g_string_new (NULL);
  g_autoptr(GList) clocks = NULL;
  g_autofree char *title = NULL;
  GtkWidget *group;

  clear_content (self);

  title = g_strdup_printf ("%s · %s", dg_json_text (r, "reference"),
                           dg_vocab_label (DG_VOCAB_STATUS, dg_json_text (r, "status")));
  group = add_group (self, title);
  add_row (group, _("Received"), received);
  add_row (group, _("How"), dg_json_text (r, "channel") ? dg_vocab_label (DG_VOCAB_CHANNEL, dg_json_text (r, "channel")) : NULL);
  add_row (group, _("Rating"), dg_json_text (r, "rag") ? dg_vocab_label (DG_VOCAB_RAG, dg_json_text (r, "rag")) : _("Not rated"));
  for (guint i = 0; categories && i < json_array_get_length (categories); i++)
    g_string_append_printf (cats, "%s%s", i ? ", " : "",
                            dg_vocab_label (DG_VOCAB_CATEGORY, json_array_get_string_element (categories, i)));
  add_row (group, _("Categories"), cats->str);

  if (reporter_node != NULL && JSON_NODE_HOLDS_OBJECT (reporter_node))
    {
      JsonObject *p = json_node_get_object (reporter_node);
      const char *language = dg_json_text (p, "language");

      group = add_group (self, _("Report-maker"));
      add_row (group, _("Name"), dg_json_text (p, "name"));
      add_row (group, _("Role"), dg_json_text (p, "role"));
      add_row (group, _("Organisation"), dg_json_text (p, "organisation"));
      add_row (group, _("Agency"), dg_vocab_label (DG_VOCAB_REPORTER_AGENCY, dg_json_text (p, "agency")));
      add_row (group, _("Email"), dg_json_text (p, "email"));
      add_row (group, _("Phone"), dg_json_text (p, "phone"));
      /* The language badge: letters go in this language without asking. */
      add_row (group, _("Language for letters"), language ? dg_vocab_label (DG_VOCAB_LANGUAGE, language) : NULL);
    }

  for (guint i = 0; i < json_array_get_length (children); i++)
    {
      JsonObject *c = json_array_get_object_element (children, i);
      g_autofree char *child_title = g_strdup_printf (_("Child: %s"), dg_json_text (c, "name"));

      group = add_group (self, child_title);
      add_row (group, _("Also known as"), dg_json_text (c, "aliases"));
      add_row (group, json_object_get_boolean_member_with_default (c, "dob_expected", FALSE) ? _("Expected date of birth") : _("Date of birth"),
               dg_json_text (c, "dob"));
      add_row (group, _("Gender"), dg_json_text (c, "gender"));
      add_row (group, _("School or setting"), dg_json_text (c, "school"));
      add_row (group, _("Attendance"), dg_json_text (c, "attendance"));
      add_row (group, _("Address"), dg_json_text (c, "address"));
      add_row (group, _("First language"), dg_json_text (c, "first_language"));
      add_row (group, _("Ethnicity"), dg_json_text (c, "ethnicity"));
      add_row (group, _("Religion"), dg_json_text (c, "religion"));
      add_row (group, _("Additional needs"), dg_json_text (c, "additional_needs"));
      add_row (group, _("Parental responsibility"), dg_json_text (c, "parental_responsibility"));
      if (json_object_get_boolean_member_with_default (c, "interpreter_needed", FALSE))
        add_row (group, _("Interpreter"), _("Needed"));
    }

  {
    JsonArray *household = json_object_get_array_member (r, "household");
    JsonArray *agencies = json_object_get_array_member (r, "involved_agencies");

    if (household != NULL && json_array_get_length (household) > 0)
      {
        group = add_group (self, _("Household"));
        for (guint i = 0; i < json_array_get_length (household); i++)
          {
            JsonObject *h = json_array_get_object_element (household, i);
            g_autofree char *value = g_strdup_printf ("%s%s%s", dg_json_text (h, "relationship") ? dg_json_text (h, "relationship") : "",
                                                      dg_json_text (h, "dob") ? " · " : "",
                                                      dg_json_text (h, "dob") ? dg_json_text (h, "dob") : "");
            add_row (group, dg_json_text (h, "name"), *value ? value : "—");
          }
      }
    if (agencies != NULL && json_array_get_length (agencies) > 0)
      {
        group = add_group (self, _("Agencies Involved"));
        for (guint i = 0; i < json_array_get_length (agencies); i++)
          {
            JsonObject *a = json_array_get_object_element (agencies, i);
            g_autofree char *value = g_strdup_printf ("%s%s%s", dg_json_text (a, "name") ? dg_json_text (a, "name") : "",
                                                      dg_json_text (a, "name") && dg_json_text (a, "organisation") ? ", " : "",
                                                      dg_json_text (a, "organisation") ? dg_json_text (a, "organisation") : "");
            add_row (group, dg_vocab_label (DG_VOCAB_MEETING_AGENCY, dg_json_text (a, "agency")), *value ? value : "—");
          }
      }
  }

  group = add_group (self, _("Concern"));
  add_paragraph (group, dg_json_text (r, "concern") ? dg_json_text (r, "concern") : _("No details recorded yet."));
  if (dg_json_text (r, "immediate_action"))
    {
      group = add_group (self, _("Immediate Action Taken"));
      add_paragraph (group, dg_json_text (r, "immediate_action"));
    }

  if (decision != NULL && JSON_NODE_HOLDS_OBJECT (decision))
    {
      JsonObject *d = json_node_get_object (decision);
      g_autofree char *at = dg_format_time (dg_json_text (d, "at"));

      group = add_group (self, _("Decision"));
      add_row (group, _("Outcome"), dg_vocab_label (DG_VOCAB_OUTCOME, dg_json_text (d, "outcome")));
      add_row (group, _("Decided by"), dg_json_text (d, "by"));
      add_row (group, _("When"), at);
      add_paragraph (group, dg_json_text (d, "rationale"));
    }

  {
    JsonArray *meetings = json_object_has_member (r, "meetings") ? json_object_get_array_member (r, "meetings") : NULL;

    if (meetings != NULL && json_array_get_length (meetings) > 0)
      {
        group = add_group (self, _("Strategy Discussions and Meetings"));
        for (guint i = 0; i < json_array_get_length (meetings); i++)
          {
            JsonObject *m = json_array_get_object_element (meetings, i);
            g_autofree char *at = dg_format_time (dg_json_text (m, "at"));
            g_autofree char *meeting_title = g_strdup_printf ("%s · %s", dg_vocab_label (DG_VOCAB_MEETING_KIND, dg_json_text (m, "kind")), at);
            JsonArray *missing = json_object_get_array_member (m, "missing");
            GString *subtitle = g_string_new (NULL);
            GtkWidget *row = adw_action_row_new ();
            gint64 mid = json_object_get_int_member (m, "id");

            if (json_array_get_length (missing) == 0)
              g_string_append (subtitle, _("Every expected agency invited"));
            else
              {
                g_string_append (subtitle, _("Not invited: "));
                for (guint j = 0; j < json_array_get_length (missing); j++)
                  g_string_append_printf (subtitle, "%s%s", j ? ", " : "",
                                          dg_vocab_label (DG_VOCAB_MEETING_AGENCY, json_array_get_string_element (missing, j)));
              }
            adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), meeting_title);
            adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle->str);
            gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "referral.open-meeting");
            gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "x", mid);
            gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
            adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
            adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
            g_string_free (subtitle, TRUE);
          }
      }
  }

  {
    JsonArray *events = json_object_has_member (r, "events") ? json_object_get_array_member (r, "events") : NULL;

    if (events != NULL && json_array_get_length (events) > 0)
      {
        group = add_group (self, _("Child Protection Events"));
        for (guint i = 0; i < json_array_get_length (events); i++)
          {
            JsonObject *e = json_array_get_object_element (events, i);
            g_autofree char *at = dg_format_time (dg_json_text (e, "at"));
            add_row (group, dg_vocab_label (DG_VOCAB_EVENT, dg_json_text (e, "kind")), at);
          }
      }
  }

  {
    JsonArray *sent = json_object_has_member (r, "notifications") ? json_object_get_array_member (r, "notifications") : NULL;

    if (sent != NULL && json_array_get_length (sent) > 0)
      {
        group = add_group (self, _("Letters Sent"));
        for (guint i = 0; i < json_array_get_length (sent); i++)
          {
            JsonObject *n = json_array_get_object_element (sent, i);
            g_autofree char *at = dg_format_time (dg_json_text (n, "at"));
            g_autofree char *value = g_strdup_printf ("%s · %s · %s · %s", at, dg_json_text (n, "by"),
                                                      dg_vocab_label (DG_VOCAB_SEND_METHOD, dg_json_text (n, "method")),
                                                      g_strcmp0 (dg_json_text (n, "language"), "cy+en") == 0
                                                        ? _("Welsh and English")
                                                        : dg_vocab_label (DG_VOCAB_LANGUAGE, dg_json_text (n, "language")));
            add_row (group, g_strcmp0 (dg_json_text (n, "kind"), "outcome") == 0 ? _("Outcome") : _("Acknowledgement"), value);
          }
      }
  }

  group = add_group (self, _("Clocks"));
  clocks = json_object_get_members (due);
  for (GList *l = clocks; l != NULL; l = l->next)
    {
      JsonObject *c = json_object_get_object_member (due, l->data);
      g_autofree char *date = dg_format_date (dg_json_text (c, "due"));
      g_autofree char *value = g_strdup_printf ("%s · %s", date,
                                                dg_vocab_label (DG_VOCAB_CLOCK_STATE, dg_json_text (c, "state")));
      add_row (group, dg_vocab_label (DG_VOCAB_CLOCK, l->data), value);
    }

  if (previous != NULL && json_array_get_length (previous) > 0)
    {
      JsonNode *earlier = json_object_get_member (r, "previous");
      guint n = json_array_get_length (previous);
      g_autofree char *heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                               "%u Earlier Referral About This Child",
                                                               "%u Earlier Referrals About This Child", n), n);

      group = add_group (self, heading);
      for (guint i = 0; earlier != NULL && i < json_array_get_length (json_node_get_array (earlier)); i++)
        {
          JsonObject *e = json_array_get_object_element (json_node_get_array (earlier), i);
          g_autofree char *at = dg_format_time (dg_json_text (e, "received_at"));
          const char *outcome = dg_json_text (e, "outcome");
          g_autofree char *value = g_strdup_printf ("%s · %s · %s", dg_json_text (e, "child"), at,
                                                    outcome ? dg_vocab_label (DG_VOCAB_OUTCOME, outcome) : _("Not decided"));
          add_row (group, dg_json_text (e, "reference"), value);
        }
    }

  if (audit != NULL && JSON_NODE_HOLDS_ARRAY (audit))
    {
      JsonArray *rows = json_node_get_array (audit);

      group = add_group (self, _("History"));
      for (guint i = 0; i < json_array_get_length (rows); i++)
        {
          JsonObject *a = json_array_get_object_element (rows, i);
          g_autofree char *at = dg_format_time (dg_json_text (a, "at"));
          g_autofree char *value = g_strdup_printf ("%s · %s", at, dg_json_text (a, "by"));
          add_row (group, dg_vocab_label (DG_VOCAB_HISTORY, dg_json_text (a, "action")), value);
        }
    }

  gtk_widget_set_visible (self->decide_button, decision == NULL || JSON_NODE_HOLDS_NULL (decision));
  gtk_widget_set_visible (self->event_button,
                          json_object_has_member (r, "meetings") &&
                          json_array_get_length (json_object_get_array_member (r, "meetings")) > 0);
  gtk_widget_set_visible (self->meeting_button,
                          decision != NULL && JSON_NODE_HOLDS_OBJECT (decision) &&
                          g_strcmp0 (dg_json_text (json_node_get_object (decision), "outcome"), "strategy") == 0);
  gtk_widget_set_visible (self->acknowledge_button, dg_json_text (r, "acknowledged_at") == NULL);
  gtk_widget_set_visible (self->confirm_button,
                          g_strcmp0 (dg_json_text (r, "channel"), "phone") == 0 &&
                          dg_json_text (r, "confirmed_at") == NULL);
}

void
dg_referral_detail_set_referral (DgReferralDetail *self,
                                 JsonNode         *referral)
{
  g_return_if_fail (DG_IS_REFERRAL_DETAIL (self));

  g_clear_pointer (&self->referral, json_node_unref);
  if (referral == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "none");
      return;
    }

  self->referral = json_node_ref (referral);
  show_referral (self);
  gtk_stack_set_visible_child_name (self->stack, "referral");
}

JsonNode *
dg_referral_detail_get_referral (DgReferralDetail *self)
{
  g_return_val_if_fail (DG_IS_REFERRAL_DETAIL (self), NULL);
  return self->referral;
}
