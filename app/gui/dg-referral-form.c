#include "config.h"

#include <glib/gi18n.h>

#include "dg-drafts.h"
#include "dg-format.h"
#include "dg-service.h"
#include "dg-referral-form.h"
#include "dg-vocab.h"

#define DRAFT_KIND DG_DRAFT_REFERRAL

/* Widgets of one household member, or of one agency already involved. */
typedef struct
{
  GtkWidget *group;
  GtkWidget *a;       /* name, or the agency */
  GtkWidget *b;       /* relationship, or the person */
  GtkWidget *c;       /* date of birth, or the organisation */
} ExtraRows;

/* Widgets of one child. */
typedef struct
{
  GtkWidget *group;
  GtkWidget *name;
  GtkWidget *dob;
  GtkWidget *aliases;
  GtkWidget *gender;
  GtkWidget *school;
  GtkWidget *attendance;
  GtkWidget *address;
  GtkWidget *first_language;
  GtkWidget *ethnicity;
  GtkWidget *religion;
  GtkWidget *needs;
  GtkWidget *parental;
  GtkWidget *interpreter;
  GtkWidget *error;
} ChildRows;

struct _DgReferralForm
{
  AdwWindow     parent_instance;

  GtkBox       *form_box;
  GtkRevealer  *draft_revealer;
  GtkLabel     *draft_error;
  GtkWidget    *save_button;

  /* Report */
  GtkWidget    *report_group;
  GtkWidget    *received;
  GtkWidget    *channel;
  GtkWidget    *rag;
  GtkWidget    *report_error;
  /* Report-maker */
  GtkWidget    *reporter_group;
  GtkWidget    *reporter_name;
  GtkWidget    *reporter_role;
  GtkWidget    *reporter_org;
  GtkWidget    *reporter_agency;
  GtkWidget    *reporter_email;
  GtkWidget    *reporter_phone;
  GtkWidget    *reporter_language;
  GtkWidget    *reporter_anonymous;
  GtkWidget    *reporter_error;
  GtkWidget    *reporter_list;
  JsonArray    *reporter_matches;
  gint64        reporter_id;
  /* Children */
  GtkWidget    *children_box;
  GArray       *children;            /* ChildRows */
  GtkWidget    *household_box;
  GArray       *household;           /* ExtraRows */
  GtkWidget    *agencies_box;
  GArray       *agencies;            /* ExtraRows */
  GtkWidget    *extras_error;
  GtkWidget    *similar_group;
  GtkWidget    *similar_list;
  GHashTable   *links;               /* earlier referral ids confirmed as the same child */
  /* Concern */
  GtkWidget    *category_checks[5];
  GtkWidget    *concern;
  GtkWidget    *immediate;
  GtkWidget    *concern_error;

  /* Drafts: this window's slot, and the person's other drafts to choose from. */
  char         *slot;
  GtkWidget    *drafts_group;
  GtkWidget    *drafts_list;
  guint         n_drafts;

  DgService     *service;
  GCancellable *cancellable;
  guint         draft_source;
  guint         validate_source;
  guint         similar_source;
  guint         reporter_source;
  gboolean      filling;             /* restoring: changes are not edits */
  gboolean      draft_saved;
  gboolean      typed;               /* edited since the window opened */
  gboolean      ready;
  GtkWidget    *error_widget;
};

G_DEFINE_FINAL_TYPE (DgReferralForm, dg_referral_form, ADW_TYPE_WINDOW)

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void schedule_changes (DgReferralForm *self);

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

static void
finish_group (GtkWidget *group,
              GtkWidget *error_label)
{
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), error_label);
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
  g_signal_connect_swapped (row, "changed", G_CALLBACK (schedule_changes), self);

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
  g_signal_connect_swapped (row, "notify::selected", G_CALLBACK (schedule_changes), self);

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
  /* A screen reader says the title as shown: "Anonymous", not "Ano_nymous". */
  {
    g_autoptr(GString) name = g_string_new (title);

    g_string_replace (name, "_", "", 0);
    gtk_accessible_update_property (GTK_ACCESSIBLE (sw), GTK_ACCESSIBLE_PROPERTY_LABEL, name->str, -1);
  }
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  g_signal_connect_swapped (sw, "notify::active", G_CALLBACK (schedule_changes), self);

  return sw;
}

static GtkWidget *
add_text (DgReferralForm *self,
          GtkWidget      *group,
          const char     *label)
{
  GtkWidget *frame = gtk_frame_new (NULL);
  GtkWidget *view = gtk_text_view_new ();

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
                            G_CALLBACK (schedule_changes), self);

  return view;
}

static void
remove_child_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param);

static ChildRows *
add_child (DgReferralForm *self)
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
  rows.dob = add_entry (self, rows.group, _("_Date of Birth (YYYY-MM-DD)"));
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
  finish_group (rows.group, rows.error);

  g_array_append_val (self->children, rows);
  return &g_array_index (self->children, ChildRows, index);
}

static void
remove_extra_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param);

static ExtraRows *
add_extra (DgReferralForm *self,
           gboolean        agency)
{
  GArray *array = agency ? self->agencies : self->household;
  GtkWidget *box = agency ? self->agencies_box : self->household_box;
  ExtraRows rows = { 0 };
  GtkWidget *remove;
  g_autofree char *title = agency ? g_strdup_printf (_("Agency %u"), array->len + 1)
                                  : g_strdup_printf (_("Household Member %u"), array->len + 1);

  rows.group = add_group (self, box, title, NULL, NULL);
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
      rows.c = add_entry (self, rows.group, _("_Date of Birth (YYYY-MM-DD)"));
    }

  g_array_append_val (array, rows);
  return &g_array_index (array, ExtraRows, array->len - 1);
}

static void
add_extra_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  DgReferralForm *self = DG_REFERRAL_FORM (widget);
  ExtraRows *rows = add_extra (self, g_variant_get_boolean (param));

  gtk_widget_grab_focus (rows->a);
  schedule_changes (self);
}

static void
remove_extra (DgReferralForm *self,
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

static void
remove_extra_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  DgReferralForm *self = DG_REFERRAL_FORM (widget);
  gboolean agency;
  guint index;

  g_variant_get (param, "(bu)", &agency, &index);
  remove_extra (self, agency, index);
  schedule_changes (self);
}

static void
add_child_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  DgReferralForm *self = DG_REFERRAL_FORM (widget);
  ChildRows *rows = add_child (self);

  gtk_widget_grab_focus (rows->name);
  schedule_changes (self);
}

static void
remove_child_action (GtkWidget  *widget,
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
  schedule_changes (self);
}

/* ---- Reading and writing the form as JSON --------------------------------- */

static const char *
entry_text (GtkWidget *row)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));

  for (const char *p = text; *p; p++)
    if (!g_ascii_isspace (*p))
      return text;
  return NULL;
}

static void
set_entry (GtkWidget  *row,
           const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (row), text ? text : "");
}

static const char *
combo_id (GtkWidget *row)
{
  DgVocab vocab = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "dg-vocab"));
  gboolean has_none = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "dg-has-none"));
  guint selected = adw_combo_row_get_selected (ADW_COMBO_ROW (row));

  if (has_none)
    {
      if (selected == 0)
        return NULL;
      selected--;
    }
  return dg_vocab_terms (vocab)[selected].id;
}

static void
set_combo (GtkWidget  *row,
           const char *id)
{
  DgVocab vocab = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "dg-vocab"));
  gboolean has_none = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "dg-has-none"));
  const DgTerm *terms = dg_vocab_terms (vocab);
  guint index = 0;

  for (guint i = 0; id != NULL && terms[i].id != NULL; i++)
    if (g_str_equal (terms[i].id, id))
      index = i + (has_none ? 1 : 0);
  adw_combo_row_set_selected (ADW_COMBO_ROW (row), index);
}

static char *
text_of (GtkWidget *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
member (JsonBuilder *b,
        const char  *name,
        const char  *value)
{
  if (value == NULL)
    return;
  json_builder_set_member_name (b, name);
  json_builder_add_string_value (b, value);
}

static JsonObject *
build_document (DgReferralForm *self)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *concern = text_of (self->concern);
  g_autofree char *immediate = text_of (self->immediate);
  const DgTerm *categories = dg_vocab_terms (DG_VOCAB_CATEGORY);
  GHashTableIter iter;
  gpointer key;

  json_builder_begin_object (b);
  member (b, "received_at", entry_text (self->received));
  member (b, "channel", combo_id (self->channel));
  member (b, "rag", combo_id (self->rag));

  json_builder_set_member_name (b, "reporter");
  json_builder_begin_object (b);
  if (self->reporter_id > 0)
    {
      json_builder_set_member_name (b, "id");
      json_builder_add_int_value (b, self->reporter_id);
    }
  else
    {
      member (b, "name", entry_text (self->reporter_name));
      member (b, "role", entry_text (self->reporter_role));
      member (b, "organisation", entry_text (self->reporter_org));
      member (b, "agency", combo_id (self->reporter_agency));
      member (b, "email", entry_text (self->reporter_email));
      member (b, "phone", entry_text (self->reporter_phone));
      member (b, "language", combo_id (self->reporter_language));
      if (gtk_switch_get_active (GTK_SWITCH (self->reporter_anonymous)))
        {
          json_builder_set_member_name (b, "anonymous");
          json_builder_add_boolean_value (b, TRUE);
        }
    }
  json_builder_end_object (b);

  json_builder_set_member_name (b, "children");
  json_builder_begin_array (b);
  for (guint i = 0; i < self->children->len; i++)
    {
      ChildRows *c = &g_array_index (self->children, ChildRows, i);

      json_builder_begin_object (b);
      /* The name is always sent, so an empty one is refused by name. */
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, gtk_editable_get_text (GTK_EDITABLE (c->name)));
      member (b, "dob", entry_text (c->dob));
      member (b, "aliases", entry_text (c->aliases));
      member (b, "gender", entry_text (c->gender));
      member (b, "school", entry_text (c->school));
      member (b, "attendance", entry_text (c->attendance));
      member (b, "address", entry_text (c->address));
      member (b, "first_language", entry_text (c->first_language));
      member (b, "ethnicity", entry_text (c->ethnicity));
      member (b, "religion", entry_text (c->religion));
      member (b, "additional_needs", entry_text (c->needs));
      member (b, "parental_responsibility", entry_text (c->parental));
      if (gtk_switch_get_active (GTK_SWITCH (c->interpreter)))
        {
          json_builder_set_member_name (b, "interpreter_needed");
          json_builder_add_boolean_value (b, TRUE);
        }
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  if (self->household->len > 0)
    {
      json_builder_set_member_name (b, "household");
      json_builder_begin_array (b);
      for (guint i = 0; i < self->household->len; i++)
        {
          ExtraRows *h = &g_array_index (self->household, ExtraRows, i);

          json_builder_begin_object (b);
          json_builder_set_member_name (b, "name");
          json_builder_add_string_value (b, gtk_editable_get_text (GTK_EDITABLE (h->a)));
          member (b, "relationship", entry_text (h->b));
          member (b, "dob", entry_text (h->c));
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
    }

  if (self->agencies->len > 0)
    {
      json_builder_set_member_name (b, "involved_agencies");
      json_builder_begin_array (b);
      for (guint i = 0; i < self->agencies->len; i++)
        {
          ExtraRows *a = &g_array_index (self->agencies, ExtraRows, i);

          json_builder_begin_object (b);
          member (b, "agency", combo_id (a->a));
          member (b, "name", entry_text (a->b));
          member (b, "organisation", entry_text (a->c));
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
    }

  json_builder_set_member_name (b, "categories");
  json_builder_begin_array (b);
  for (guint i = 0; i < G_N_ELEMENTS (self->category_checks); i++)
    if (gtk_check_button_get_active (GTK_CHECK_BUTTON (self->category_checks[i])))
      json_builder_add_string_value (b, categories[i].id);
  json_builder_end_array (b);

  if (g_strstrip (concern)[0] != '\0')
    member (b, "concern", concern);
  if (g_strstrip (immediate)[0] != '\0')
    member (b, "immediate_action", immediate);

  if (g_hash_table_size (self->links) > 0)
    {
      json_builder_set_member_name (b, "links");
      json_builder_begin_array (b);
      g_hash_table_iter_init (&iter, self->links);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        json_builder_add_int_value (b, *(gint64 *) key);
      json_builder_end_array (b);
    }
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  return json_object_ref (json_node_get_object (root));
}

static void
fill_from_document (DgReferralForm *self,
                    JsonObject     *doc)
{
  JsonNode *reporter_node = json_object_get_member (doc, "reporter");
  JsonArray *children = json_object_has_member (doc, "children") ? json_object_get_array_member (doc, "children") : NULL;
  JsonArray *categories = json_object_has_member (doc, "categories") ? json_object_get_array_member (doc, "categories") : NULL;
  const DgTerm *terms = dg_vocab_terms (DG_VOCAB_CATEGORY);

  self->filling = TRUE;

  set_entry (self->received, dg_json_text (doc, "received_at"));
  set_combo (self->channel, dg_json_text (doc, "channel"));
  set_combo (self->rag, dg_json_text (doc, "rag"));

  if (reporter_node != NULL && JSON_NODE_HOLDS_OBJECT (reporter_node))
    {
      JsonObject *p = json_node_get_object (reporter_node);

      self->reporter_id = json_object_get_int_member_with_default (p, "id", 0);
      set_entry (self->reporter_name, dg_json_text (p, "name"));
      set_entry (self->reporter_role, dg_json_text (p, "role"));
      set_entry (self->reporter_org, dg_json_text (p, "organisation"));
      set_combo (self->reporter_agency, dg_json_text (p, "agency"));
      set_entry (self->reporter_email, dg_json_text (p, "email"));
      set_entry (self->reporter_phone, dg_json_text (p, "phone"));
      set_combo (self->reporter_language, dg_json_text (p, "language"));
      gtk_switch_set_active (GTK_SWITCH (self->reporter_anonymous),
                             json_object_get_boolean_member_with_default (p, "anonymous", FALSE));
    }

  for (guint i = 0; children != NULL && i < json_array_get_length (children); i++)
    {
      JsonObject *c = json_array_get_object_element (children, i);
      ChildRows *rows = i < self->children->len ? &g_array_index (self->children, ChildRows, i) : add_child (self);

      set_entry (rows->name, dg_json_text (c, "name"));
      set_entry (rows->dob, dg_json_text (c, "dob"));
      set_entry (rows->aliases, dg_json_text (c, "aliases"));
      set_entry (rows->gender, dg_json_text (c, "gender"));
      set_entry (rows->school, dg_json_text (c, "school"));
      set_entry (rows->attendance, dg_json_text (c, "attendance"));
      set_entry (rows->address, dg_json_text (c, "address"));
      set_entry (rows->first_language, dg_json_text (c, "first_language"));
      set_entry (rows->ethnicity, dg_json_text (c, "ethnicity"));
      set_entry (rows->religion, dg_json_text (c, "religion"));
      set_entry (rows->needs, dg_json_text (c, "additional_needs"));
      set_entry (rows->parental, dg_json_text (c, "parental_responsibility"));
      gtk_switch_set_active (GTK_SWITCH (rows->interpreter),
                             json_object_get_boolean_member_with_default (c, "interpreter_needed", FALSE));
    }

  {
    JsonArray *household = json_object_has_member (doc, "household") ? json_object_get_array_member (doc, "household") : NULL;
    JsonArray *agencies = json_object_has_member (doc, "involved_agencies") ? json_object_get_array_member (doc, "involved_agencies") : NULL;

    while (self->household->len > 0)
      remove_extra (self, FALSE, self->household->len - 1);
    while (self->agencies->len > 0)
      remove_extra (self, TRUE, self->agencies->len - 1);
    for (guint i = 0; household != NULL && i < json_array_get_length (household); i++)
      {
        JsonObject *h = json_array_get_object_element (household, i);
        ExtraRows *rows = add_extra (self, FALSE);
        set_entry (rows->a, dg_json_text (h, "name"));
        set_entry (rows->b, dg_json_text (h, "relationship"));
        set_entry (rows->c, dg_json_text (h, "dob"));
      }
    for (guint i = 0; agencies != NULL && i < json_array_get_length (agencies); i++)
      {
        JsonObject *a = json_array_get_object_element (agencies, i);
        ExtraRows *rows = add_extra (self, TRUE);
        set_combo (rows->a, dg_json_text (a, "agency"));
        set_entry (rows->b, dg_json_text (a, "name"));
        set_entry (rows->c, dg_json_text (a, "organisation"));
      }
  }

  for (guint i = 0; i < G_N_ELEMENTS (self->category_checks); i++)
    {
      gboolean on = FALSE;
      for (guint j = 0; categories != NULL && j < json_array_get_length (categories); j++)
        on |= g_strcmp0 (json_array_get_string_element (categories, j), terms[i].id) == 0;
      gtk_check_button_set_active (GTK_CHECK_BUTTON (self->category_checks[i]), on);
    }

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->concern)),
                            dg_json_text (doc, "concern") ? dg_json_text (doc, "concern") : "", -1);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->immediate)),
                            dg_json_text (doc, "immediate_action") ? dg_json_text (doc, "immediate_action") : "", -1);

  self->filling = FALSE;
}

/* ---- Inline errors ------------------------------------------------------------ */

/* The widget and the error label for a field path such as "children[1].dob". */
static GtkWidget *
widget_for_path (DgReferralForm *self,
                 const char     *path,
                 GtkWidget     **label)
{
  unsigned int index = 0;
  char field[64] = "";

  if (sscanf (path, "children[%u].%63[a-z_]", &index, field) == 2 && index < self->children->len)
    {
      ChildRows *c = &g_array_index (self->children, ChildRows, index);
      struct { const char *name; GtkWidget *widget; } map[] = {
        { "name", c->name }, { "dob", c->dob }, { "aliases", c->aliases }, { "gender", c->gender },
        { "school", c->school }, { "attendance", c->attendance }, { "address", c->address },
        { "first_language", c->first_language }, { "ethnicity", c->ethnicity },
        { "religion", c->religion }, { "additional_needs", c->needs },
        { "parental_responsibility", c->parental },
      };
      *label = c->error;
      for (guint i = 0; i < G_N_ELEMENTS (map); i++)
        if (g_str_equal (map[i].name, field))
          return map[i].widget;
      return c->name;
    }
  if (sscanf (path, "household[%u].%63[a-z_]", &index, field) == 2 && index < self->household->len)
    {
      ExtraRows *h = &g_array_index (self->household, ExtraRows, index);
      *label = self->extras_error;
      return g_str_equal (field, "dob") ? h->c : g_str_equal (field, "relationship") ? h->b : h->a;
    }
  if (sscanf (path, "involved_agencies[%u].%63[a-z_]", &index, field) == 2 && index < self->agencies->len)
    {
      ExtraRows *a = &g_array_index (self->agencies, ExtraRows, index);
      *label = self->extras_error;
      return g_str_equal (field, "organisation") ? a->c : g_str_equal (field, "name") ? a->b : a->a;
    }
  if (g_str_has_prefix (path, "children"))
    {
      *label = g_array_index (self->children, ChildRows, 0).error;
      return g_array_index (self->children, ChildRows, 0).name;
    }
  if (g_str_has_prefix (path, "reporter."))
    {
      const char *f = path + strlen ("reporter.");
      *label = self->reporter_error;
      if (g_str_has_prefix (f, "email")) return self->reporter_email;
      if (g_str_has_prefix (f, "role")) return self->reporter_role;
      if (g_str_has_prefix (f, "organisation")) return self->reporter_org;
      if (g_str_has_prefix (f, "phone")) return self->reporter_phone;
      if (g_str_has_prefix (f, "agency") || g_str_has_prefix (f, "anonymous")) return self->reporter_agency;
      return self->reporter_name;
    }
  if (g_str_has_prefix (path, "concern") || g_str_has_prefix (path, "categories"))
    {
      *label = self->concern_error;
      return self->concern;
    }
  if (g_str_has_prefix (path, "immediate_action"))
    {
      *label = self->concern_error;
      return self->immediate;
    }
  *label = self->report_error;
  if (g_str_has_prefix (path, "channel")) return self->channel;
  if (g_str_has_prefix (path, "rag")) return self->rag;
  return self->received;
}

static void
clear_error (DgReferralForm *self)
{
  GtkWidget *labels[] = { self->report_error, self->reporter_error, self->concern_error, self->extras_error };

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    gtk_widget_set_visible (labels[i], FALSE);
  for (guint i = 0; i < self->children->len; i++)
    gtk_widget_set_visible (g_array_index (self->children, ChildRows, i).error, FALSE);

  if (self->error_widget != NULL)
    {
      gtk_widget_remove_css_class (self->error_widget, "error");
      gtk_accessible_update_state (GTK_ACCESSIBLE (self->error_widget), GTK_ACCESSIBLE_STATE_INVALID,
                                   GTK_ACCESSIBLE_INVALID_FALSE, -1);
      g_clear_weak_pointer (&self->error_widget);
    }
}

/* Shows @error next to the field it names; returns that field. */
static GtkWidget *
show_error (DgReferralForm *self,
            const GError   *error)
{
  const char *field = dg_error_get_field (error);
  GtkWidget *label = NULL;
  GtkWidget *widget;

  clear_error (self);

  /* The error names its field as data: the message beside it speaks to
   * the person, with no JSON path in it. */
  widget = widget_for_path (self, field != NULL ? field : "", &label);

  gtk_label_set_text (GTK_LABEL (label), error->message);
  gtk_widget_set_visible (label, TRUE);
  gtk_widget_add_css_class (widget, "error");
  gtk_accessible_update_state (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_STATE_INVALID,
                               GTK_ACCESSIBLE_INVALID_TRUE, -1);
  g_set_weak_pointer (&self->error_widget, widget);

  return widget;
}

/* ---- Autosave, validation and matching as the person types --------------- */

static void
draft_saved (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(DgReferralForm) self = user_data;
  g_autoptr(GError) error = NULL;

  self->draft_saved = dg_service_save_draft_finish (DG_SERVICE (object), result, &error);
  /* The person is told, not a log: what they typed is still on screen. */
  if (!self->draft_saved && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autofree char *message = g_strdup_printf (_("What you are typing cannot be kept as a draft just now: %s Keep this window open and save the referral when you can."),
                                                  error->message);
      gtk_label_set_text (self->draft_error, message);
      gtk_widget_set_visible (GTK_WIDGET (self->draft_error), TRUE);
    }
  else if (self->draft_saved)
    gtk_widget_set_visible (GTK_WIDGET (self->draft_error), FALSE);
}

static void
save_draft_now (DgReferralForm *self)
{
  g_autoptr(JsonObject) doc = build_document (self);
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), doc);
  g_autofree char *text = json_to_string (node, FALSE);

  g_clear_handle_id (&self->draft_source, g_source_remove);
  dg_service_save_draft_async (self->service, DRAFT_KIND, self->slot, text, draft_saved, g_object_ref (self));
}

static gboolean
draft_timeout (gpointer data)
{
  DgReferralForm *self = data;

  self->draft_source = 0;
  save_draft_now (self);
  return G_SOURCE_REMOVE;
}

static void
validated (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(DgReferralForm) self = user_data;
  g_autoptr(GError) error = NULL;

  dg_service_validate_finish (DG_SERVICE (object), result, &error);
  if (error == NULL)
    clear_error (self);
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
           g_strcmp0 (dg_error_get_field (error), "children[0].name") != 0 &&
           g_strcmp0 (dg_error_get_field (error), "children") != 0)
    show_error (self, error);  /* a name not typed yet is not worth a red line */
}

static gboolean
validate_timeout (gpointer data)
{
  DgReferralForm *self = data;
  g_autoptr(JsonObject) doc = build_document (self);

  self->validate_source = 0;
  dg_service_validate_async (self->service, doc, self->cancellable, validated, g_object_ref (self));
  return G_SOURCE_REMOVE;
}

static void
link_toggled (GtkCheckButton *check,
              DgReferralForm *self)
{
  gint64 *id = g_object_get_data (G_OBJECT (check), "dg-id");

  if (gtk_check_button_get_active (check))
    g_hash_table_add (self->links, g_memdup2 (id, sizeof *id));
  else
    g_hash_table_remove (self->links, id);
  schedule_changes (self);
}

static void
similar_found (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(DgReferralForm) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = dg_service_similar_finish (DG_SERVICE (object), result, &error);
  JsonArray *matches;
  GtkWidget *child;

  if (node == NULL)
    return;

  while ((child = gtk_widget_get_first_child (self->similar_list)) != NULL)
    gtk_list_box_remove (GTK_LIST_BOX (self->similar_list), child);

  matches = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (matches); i++)
    {
      JsonObject *m = json_array_get_object_element (matches, i);
      gint64 id = json_object_get_int_member (m, "id");
      g_autofree char *received = dg_format_time (dg_json_text (m, "received_at"));
      g_autofree char *title = g_strdup_printf ("%s · %s", dg_json_text (m, "child"), dg_json_text (m, "reference"));
      g_autofree char *subtitle = g_strdup_printf (_("Born %s · received %s · %s"),
                                                   dg_json_text (m, "dob") ? dg_json_text (m, "dob") : "—",
                                                   received,
                                                   dg_json_text (m, "outcome") ? dg_vocab_label (DG_VOCAB_OUTCOME, dg_json_text (m, "outcome")) : _("not decided"));
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *check = gtk_check_button_new_with_label (_("Same child"));

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      g_object_set_data_full (G_OBJECT (check), "dg-id", g_memdup2 (&id, sizeof id), g_free);
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), g_hash_table_contains (self->links, &id));
      g_signal_connect (check, "toggled", G_CALLBACK (link_toggled), self);
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), check);
      gtk_list_box_append (GTK_LIST_BOX (self->similar_list), row);
    }

  gtk_widget_set_visible (self->similar_group, json_array_get_length (matches) > 0);
}

static gboolean
similar_timeout (gpointer data)
{
  DgReferralForm *self = data;
  ChildRows *c = &g_array_index (self->children, ChildRows, 0);
  const char *name = entry_text (c->name);

  self->similar_source = 0;
  if (name == NULL || g_utf8_strlen (name, -1) < 3)
    {
      gtk_widget_set_visible (self->similar_group, FALSE);
      return G_SOURCE_REMOVE;
    }
  dg_service_similar_async (self->service, name, entry_text (c->dob), self->cancellable,
                            similar_found, g_object_ref (self));
  return G_SOURCE_REMOVE;
}

static void
schedule_changes (DgReferralForm *self)
{
  if (self->filling || self->service == NULL)
    return;

  self->draft_saved = FALSE;
  self->typed = TRUE;
  g_clear_handle_id (&self->draft_source, g_source_remove);
  self->draft_source = g_timeout_add (500, draft_timeout, self);
  g_clear_handle_id (&self->validate_source, g_source_remove);
  self->validate_source = g_timeout_add (400, validate_timeout, self);
  g_clear_handle_id (&self->similar_source, g_source_remove);
  self->similar_source = g_timeout_add (250, similar_timeout, self);
}

/* ---- Report-makers as you type ------------------------------------------------ */

static void
reporter_edited (DgReferralForm *self)
{
  /* Editing a picked report-maker makes a new one. */
  if (!self->filling)
    self->reporter_id = 0;
}

static void
reporter_chosen (GtkListBox     *box,
                 GtkListBoxRow  *row,
                 DgReferralForm *self)
{
  JsonObject *p = json_array_get_object_element (self->reporter_matches, gtk_list_box_row_get_index (row));

  self->filling = TRUE;
  set_entry (self->reporter_name, dg_json_text (p, "name"));
  set_entry (self->reporter_role, dg_json_text (p, "role"));
  set_entry (self->reporter_org, dg_json_text (p, "organisation"));
  set_combo (self->reporter_agency, dg_json_text (p, "agency"));
  set_entry (self->reporter_email, dg_json_text (p, "email"));
  set_entry (self->reporter_phone, dg_json_text (p, "phone"));
  set_combo (self->reporter_language, dg_json_text (p, "language"));
  self->filling = FALSE;
  self->reporter_id = json_object_get_int_member (p, "id");

  gtk_widget_set_visible (self->reporter_list, FALSE);
  gtk_widget_grab_focus (g_array_index (self->children, ChildRows, 0).name);
  schedule_changes (self);
}

static void
reporters_found (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(DgReferralForm) self = user_data;
  g_autoptr(JsonNode) node = dg_service_reporters_finish (DG_SERVICE (object), result, NULL);
  GtkWidget *child;

  if (node == NULL)
    return;

  g_clear_pointer (&self->reporter_matches, json_array_unref);
  self->reporter_matches = json_array_ref (json_node_get_array (node));
  while ((child = gtk_widget_get_first_child (self->reporter_list)) != NULL)
    gtk_list_box_remove (GTK_LIST_BOX (self->reporter_list), child);

  for (guint i = 0; i < json_array_get_length (self->reporter_matches); i++)
    {
      JsonObject *p = json_array_get_object_element (self->reporter_matches, i);
      g_autofree char *text = g_strdup_printf ("%s — %s (%s)", dg_json_text (p, "name"),
                                               dg_json_text (p, "organisation") ? dg_json_text (p, "organisation") : "",
                                               dg_vocab_label (DG_VOCAB_LANGUAGE, dg_json_text (p, "language")));
      GtkWidget *label = gtk_label_new (text);

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_set_margin_top (label, 6);
      gtk_widget_set_margin_bottom (label, 6);
      gtk_list_box_append (GTK_LIST_BOX (self->reporter_list), label);
    }

  gtk_widget_set_visible (self->reporter_list, json_array_get_length (self->reporter_matches) > 0);
}

static gboolean
reporter_timeout (gpointer data)
{
  DgReferralForm *self = data;
  const char *text = entry_text (self->reporter_name);

  self->reporter_source = 0;
  if (text == NULL || g_utf8_strlen (text, -1) < 2 || self->reporter_id > 0)
    gtk_widget_set_visible (self->reporter_list, FALSE);
  else
    dg_service_reporters_async (self->service, text, self->cancellable, reporters_found, g_object_ref (self));
  return G_SOURCE_REMOVE;
}

static void
reporter_name_changed (DgReferralForm *self)
{
  if (self->filling)
    return;
  g_clear_handle_id (&self->reporter_source, g_source_remove);
  self->reporter_source = g_timeout_add (200, reporter_timeout, self);
}

/* ---- Actions ------------------------------------------------------------------- */

static void
referral_added (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(DgReferralForm) self = user_data;
  g_autoptr(GError) error = NULL;
  gint64 id = dg_service_add_referral_finish (DG_SERVICE (object), result, &error);

  gtk_widget_set_sensitive (self->save_button, TRUE);
  if (id == 0)
    {
      /* Nothing was written; what was typed stays here and in the draft. */
      GtkWidget *widget = show_error (self, error);
      gtk_widget_grab_focus (widget);
      return;
    }

  g_clear_handle_id (&self->draft_source, g_source_remove);
  self->draft_saved = TRUE;
  g_signal_emit (self, signals[SAVED], 0, id);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  DgReferralForm *self = DG_REFERRAL_FORM (widget);
  g_autoptr(JsonObject) doc = build_document (self);

  g_clear_handle_id (&self->validate_source, g_source_remove);
  gtk_widget_set_sensitive (self->save_button, FALSE);
  dg_service_add_referral_async (self->service, doc, self->slot, referral_added, g_object_ref (self));
}

static void
reset_form (DgReferralForm *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *received = g_date_time_format (now, "%Y-%m-%d %H:%M");
  g_autoptr(JsonObject) empty = json_object_new ();

  while (self->children->len > 1)
    {
      gtk_box_remove (GTK_BOX (self->children_box), g_array_index (self->children, ChildRows, self->children->len - 1).group);
      g_array_remove_index (self->children, self->children->len - 1);
    }
  fill_from_document (self, empty);
  set_entry (g_array_index (self->children, ChildRows, 0).name, NULL);
  set_entry (self->received, received);
  g_hash_table_remove_all (self->links);
  self->reporter_id = 0;
  clear_error (self);
}

typedef void (*DiscardFunc) (DgReferralForm *self,
                             GObject        *data);

static void
discard_confirmed (AdwMessageDialog *dialog,
                   const char       *response,
                   DgReferralForm   *self)
{
  DiscardFunc then = g_object_get_data (G_OBJECT (dialog), "dg-then");

  if (g_strcmp0 (response, "discard") == 0)
    then (self, g_object_get_data (G_OBJECT (dialog), "dg-data"));
}

/* Asks before a draft goes: it is someone's unsaved work. @then runs with
 * @self and @data once the person has chosen Discard. */
static void
confirm_discard (DgReferralForm *self,
                 const char     *name,
                 DiscardFunc     then,
                 GObject        *data)
{
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  if (name != NULL && *name != '\0')
    body = g_strdup_printf (_("The unsaved referral about %s will be deleted. This cannot be undone."), name);
  else
    body = g_strdup (_("The unsaved referral will be deleted. This cannot be undone."));
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Discard This Unsaved Referral?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "discard", _("_Discard"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "discard", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "dg-then", then);
  if (data != NULL)
    g_object_set_data_full (G_OBJECT (dialog), "dg-data", g_object_ref (data), g_object_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (discard_confirmed), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
start_again (DgReferralForm *self,
             GObject        *data)
{
  g_clear_handle_id (&self->draft_source, g_source_remove);
  dg_service_discard_draft_async (self->service, DRAFT_KIND, self->slot, NULL, NULL);
  reset_form (self);
  /* Emptying the form is not typing: no empty draft comes back later. */
  g_clear_handle_id (&self->draft_source, g_source_remove);
  self->draft_saved = TRUE;
  gtk_revealer_set_reveal_child (self->draft_revealer, FALSE);
  gtk_widget_grab_focus (self->reporter_name);
}

static void
discard_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  DgReferralForm *self = DG_REFERRAL_FORM (widget);

  confirm_discard (self, entry_text (g_array_index (self->children, ChildRows, 0).name), start_again, NULL);
}

static gboolean
dg_referral_form_close_request (GtkWindow *window)
{
  DgReferralForm *self = DG_REFERRAL_FORM (window);

  /* Whatever was typed since the last autosave goes into the draft now. */
  if (self->draft_source != 0)
    save_draft_now (self);

  return GTK_WINDOW_CLASS (dg_referral_form_parent_class)->close_request (window);
}

/* The slots of the other intake forms open in this process: their drafts
 * are being typed now, so no second window is offered them. */
static GStrv
busy_slots (DgReferralForm *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  GListModel *toplevels = gtk_window_get_toplevels ();  /* not ours */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (DG_IS_REFERRAL_FORM (window) && window != G_OBJECT (self) && DG_REFERRAL_FORM (window)->slot != NULL)
        g_strv_builder_add (builder, DG_REFERRAL_FORM (window)->slot);
    }
  return g_strv_builder_end (builder);
}

/* Carries on with @draft in this window: its slot becomes this window's. */
static void
open_draft (DgReferralForm *self,
            JsonObject     *draft)
{
  JsonNode *body = json_object_get_member (draft, "body");

  /* What this window already held stays a draft of its own. */
  if (self->draft_source != 0)
    save_draft_now (self);
  g_free (self->slot);
  self->slot = g_strdup (json_object_get_string_member (draft, "slot"));
  reset_form (self);
  if (body != NULL && JSON_NODE_HOLDS_OBJECT (body))
    fill_from_document (self, json_node_get_object (body));
  g_clear_handle_id (&self->draft_source, g_source_remove);
  self->draft_saved = TRUE;
  gtk_widget_set_visible (self->drafts_group, FALSE);
  gtk_revealer_set_reveal_child (self->draft_revealer, TRUE);
}

static const char *
draft_child (JsonObject *draft)
{
  JsonNode *body = json_object_get_member (draft, "body");
  JsonArray *children;

  if (body == NULL || !JSON_NODE_HOLDS_OBJECT (body) ||
      !json_object_has_member (json_node_get_object (body), "children"))
    return NULL;
  children = json_object_get_array_member (json_node_get_object (body), "children");
  if (children == NULL || json_array_get_length (children) == 0)
    return NULL;
  return dg_json_text (json_array_get_object_element (children, 0), "name");
}

static void
update_drafts_title (DgReferralForm *self)
{
  g_autofree char *title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u unsaved referral", "%u unsaved referrals", self->n_drafts),
                                            self->n_drafts);

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self->drafts_group), title);
  gtk_widget_set_visible (self->drafts_group, self->n_drafts > 0);
}

static void
draft_row_discarded (DgReferralForm *self,
                     GObject        *row)
{
  JsonObject *draft = g_object_get_data (row, "dg-draft");

  dg_service_discard_draft_async (self->service, DRAFT_KIND, json_object_get_string_member (draft, "slot"), NULL, NULL);
  gtk_list_box_remove (GTK_LIST_BOX (self->drafts_list), GTK_WIDGET (row));
  self->n_drafts--;
  update_drafts_title (self);
}

static void
draft_row_discard_clicked (GtkButton *button,
                           GtkWidget *row)
{
  DgReferralForm *self = DG_REFERRAL_FORM (gtk_widget_get_root (row));

  confirm_discard (self, draft_child (g_object_get_data (G_OBJECT (row), "dg-draft")), draft_row_discarded, G_OBJECT (row));
}

static void
draft_row_open_clicked (GtkButton *button,
                        GtkWidget *row)
{
  DgReferralForm *self = DG_REFERRAL_FORM (gtk_widget_get_root (row));

  open_draft (self, g_object_get_data (G_OBJECT (row), "dg-draft"));
  gtk_widget_grab_focus (self->reporter_name);
}

static GtkWidget *
draft_row_new (JsonObject *draft)
{
  const char *child = draft_child (draft);
  g_autofree char *saved = dg_format_time (json_object_get_string_member (draft, "updated_at"));
  g_autofree char *subtitle = g_strdup_printf (_("Last typed %s"), saved);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *open = gtk_button_new_with_mnemonic (_("_Open"));
  GtkWidget *discard = gtk_button_new_with_mnemonic (_("_Discard…"));

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), child ? child : _("No child’s name yet"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  g_object_set_data_full (G_OBJECT (row), "dg-draft", json_object_ref (draft), (GDestroyNotify) json_object_unref);
  for (GtkWidget *b = open; b != NULL; b = b == open ? discard : NULL)
    {
      gtk_widget_set_valign (b, GTK_ALIGN_CENTER);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), b);
    }
  /* The buttons say which referral they act on to a screen reader. */
  gtk_accessible_update_relation (GTK_ACCESSIBLE (open), GTK_ACCESSIBLE_RELATION_DESCRIBED_BY, row, NULL, -1);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (discard), GTK_ACCESSIBLE_RELATION_DESCRIBED_BY, row, NULL, -1);
  gtk_widget_add_css_class (discard, "flat");
  g_signal_connect (open, "clicked", G_CALLBACK (draft_row_open_clicked), row);
  g_signal_connect (discard, "clicked", G_CALLBACK (draft_row_discard_clicked), row);
  return row;
}

static void
drafts_listed (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(DgReferralForm) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = dg_service_list_drafts_finish (DG_SERVICE (object), result, &error);
  g_auto(GStrv) busy = NULL;
  g_autoptr(GPtrArray) drafts = g_ptr_array_new ();
  JsonArray *listed;

  self->ready = TRUE;
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return;

  /* Another window may have taken one since the list was asked for. */
  busy = busy_slots (self);
  listed = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (listed); i++)
    {
      JsonObject *draft = json_array_get_object_element (listed, i);

      if (!g_strv_contains ((const char * const *) busy, json_object_get_string_member (draft, "slot")))
        g_ptr_array_add (drafts, draft);
    }

  /* One draft comes straight back, as the window left it; several are
   * listed for the person to choose, since only they know which is which. */
  if (drafts->len == 1 && !self->typed)
    {
      open_draft (self, g_ptr_array_index (drafts, 0));
      return;
    }
  for (guint i = 0; i < drafts->len; i++)
    gtk_list_box_append (GTK_LIST_BOX (self->drafts_list), draft_row_new (g_ptr_array_index (drafts, i)));
  self->n_drafts = drafts->len;
  update_drafts_title (self);
}

/* ---- Object ---------------------------------------------------------------------- */

static void
dg_referral_form_dispose (GObject *object)
{
  DgReferralForm *self = (DgReferralForm *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->draft_source, g_source_remove);
  g_clear_handle_id (&self->validate_source, g_source_remove);
  g_clear_handle_id (&self->similar_source, g_source_remove);
  g_clear_handle_id (&self->reporter_source, g_source_remove);
  g_clear_weak_pointer (&self->error_widget);
  g_clear_object (&self->service);
  g_clear_pointer (&self->reporter_matches, json_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), DG_TYPE_REFERRAL_FORM);

  G_OBJECT_CLASS (dg_referral_form_parent_class)->dispose (object);
}

static void
dg_referral_form_finalize (GObject *object)
{
  DgReferralForm *self = (DgReferralForm *)object;

  g_clear_pointer (&self->children, g_array_unref);
  g_clear_pointer (&self->household, g_array_unref);
  g_clear_pointer (&self->agencies, g_array_unref);
  g_clear_pointer (&self->links, g_hash_table_unref);
  g_free (self->slot);

  G_OBJECT_CLASS (dg_referral_form_parent_class)->finalize (object);
}

static void
dg_referral_form_class_init (DgReferralFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  /* A screen reader announces it as a dialog over the main window. */
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_DIALOG);

  object_class->dispose = dg_referral_form_dispose;
  object_class->finalize = dg_referral_form_finalize;
  window_class->close_request = dg_referral_form_close_request;

  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/diogelu/Diogelu/ui/dg-referral-form.ui");
  gtk_widget_class_bind_template_child (widget_class, DgReferralForm, form_box);
  gtk_widget_class_bind_template_child (widget_class, DgReferralForm, draft_revealer);
  gtk_widget_class_bind_template_child (widget_class, DgReferralForm, draft_error);
  gtk_widget_class_bind_template_child (widget_class, DgReferralForm, save_button);

  gtk_widget_class_install_action (widget_class, "form.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "form.discard", NULL, discard_action);
  gtk_widget_class_install_action (widget_class, "form.add-child", NULL, add_child_action);
  gtk_widget_class_install_action (widget_class, "form.remove-child", "u", remove_child_action);
  gtk_widget_class_install_action (widget_class, "form.add-extra", "b", add_extra_action);
  gtk_widget_class_install_action (widget_class, "form.remove-extra", "(bu)", remove_extra_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "form.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
build_form (DgReferralForm *self)
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
  g_signal_connect (self->reporter_list, "row-activated", G_CALLBACK (reporter_chosen), self);
  gtk_widget_set_visible (self->reporter_list, FALSE);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->reporter_group), self->reporter_list);
  self->reporter_role = add_entry (self, self->reporter_group, _("_Role"));
  self->reporter_org = add_entry (self, self->reporter_group, _("_Organisation"));
  self->reporter_agency = add_combo (self, self->reporter_group, _("_Agency"), DG_VOCAB_REPORTER_AGENCY, NULL);
  set_combo (self->reporter_agency, "other");
  self->reporter_email = add_entry (self, self->reporter_group, _("_Email"));
  self->reporter_phone = add_entry (self, self->reporter_group, _("_Telephone"));
  self->reporter_language = add_combo (self, self->reporter_group, _("_Language for Letters"), DG_VOCAB_LANGUAGE, NULL);
  self->reporter_anonymous = add_switch (self, self->reporter_group, _("Ano_nymous"),
                                         _("Members of the public only: practitioners always give their name"));
  finish_group (self->reporter_group, self->reporter_error);

  g_signal_connect_swapped (self->reporter_name, "changed", G_CALLBACK (reporter_name_changed), self);
  g_signal_connect_swapped (self->reporter_name, "changed", G_CALLBACK (reporter_edited), self);
  g_signal_connect_swapped (self->reporter_org, "changed", G_CALLBACK (reporter_edited), self);
  g_signal_connect_swapped (self->reporter_email, "changed", G_CALLBACK (reporter_edited), self);
  g_signal_connect_swapped (self->reporter_phone, "changed", G_CALLBACK (reporter_edited), self);
  g_signal_connect_swapped (self->reporter_role, "changed", G_CALLBACK (reporter_edited), self);

  /* The children. */
  self->children_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 24);
  gtk_box_append (GTK_BOX (box), self->children_box);
  add_child (self);

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
                     &self->extras_error);
  finish_group (group, self->extras_error);
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
      g_signal_connect_swapped (self->category_checks[i], "toggled", G_CALLBACK (schedule_changes), self);
      gtk_flow_box_append (GTK_FLOW_BOX (checks), self->category_checks[i]);
    }
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), checks);
  self->concern = add_text (self, group, _("What is the concern?"));
  finish_group (group, self->concern_error);

  group = add_group (self, box, _("Immediate Action Taken"), _("What was done to keep the child safe, and what else the report-maker knows."), NULL);
  self->immediate = add_text (self, group, _("Immediate action taken"));

  /* How and when it arrived, and the rating. */
  self->report_group = add_group (self, box, _("The Report"), NULL, &self->report_error);
  self->received = add_entry (self, self->report_group, _("_Received (YYYY-MM-DD HH:MM)"));
  self->channel = add_combo (self, self->report_group, _("_How It Arrived"), DG_VOCAB_CHANNEL, _("Not recorded"));
  self->rag = add_combo (self, self->report_group, _("Ra_ting"), DG_VOCAB_RAG, _("Not rated yet"));
  finish_group (self->report_group, self->report_error);
}

static void
dg_referral_form_init (DgReferralForm *self)
{
  self->children = g_array_new (FALSE, TRUE, sizeof (ChildRows));
  self->household = g_array_new (FALSE, TRUE, sizeof (ExtraRows));
  self->agencies = g_array_new (FALSE, TRUE, sizeof (ExtraRows));
  self->links = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->cancellable = g_cancellable_new ();
  /* A fresh window types into a slot of its own until it reopens a draft. */
  self->slot = g_uuid_string_random ();

  gtk_widget_init_template (GTK_WIDGET (self));

  self->filling = TRUE;
  build_form (self);
  reset_form (self);
  self->filling = FALSE;
}

DgReferralForm *
dg_referral_form_new (DgService *service)
{
  DgReferralForm *self = g_object_new (DG_TYPE_REFERRAL_FORM, NULL);
  g_auto(GStrv) busy = NULL;

  self->service = g_object_ref (service);
  gtk_widget_grab_focus (self->reporter_name);
  busy = busy_slots (self);
  dg_service_list_drafts_async (service, DRAFT_KIND, (const char * const *) busy, self->cancellable,
                                drafts_listed, g_object_ref (self));

  return self;
}

gboolean
dg_referral_form_is_draft_saved (DgReferralForm *self)
{
  g_return_val_if_fail (DG_IS_REFERRAL_FORM (self), FALSE);
  return self->draft_saved && self->draft_source == 0;
}

gboolean
dg_referral_form_is_ready (DgReferralForm *self)
{
  g_return_val_if_fail (DG_IS_REFERRAL_FORM (self), FALSE);
  return self->ready;
}
