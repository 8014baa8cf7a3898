/* The intake form and its document: the JSON object the core validates and
 * saves (and a draft keeps), read from the widgets and written back to them,
 * and the widget a refused field's path names. */

#include "config.h"


#include "dg-referral-form-private.h"
#include "dg-format.h"
#include "dg-vocab.h"

/* ---- Reading and writing the form as JSON --------------------------------- */

const char *
dg_referral_form_entry_text (GtkWidget *row)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));

  for (const char *p = text; *p; p++)
    if (!g_ascii_isspace (*p))
      return text;
  return NULL;
}

void
dg_referral_form_set_entry (GtkWidget  *row,
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

void
dg_referral_form_set_combo (GtkWidget  *row,
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

JsonObject *
dg_referral_form_build_document (DgReferralForm *self)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *concern = text_of (self->concern);
  g_autofree char *immediate = text_of (self->immediate);
  const DgTerm *categories = dg_vocab_terms (DG_VOCAB_CATEGORY);
  GHashTableIter iter;
  gpointer key;

  json_builder_begin_object (b);
  member (b, "received_at", dg_referral_form_entry_text (self->received));
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
      member (b, "name", dg_referral_form_entry_text (self->reporter_name));
      member (b, "role", dg_referral_form_entry_text (self->reporter_role));
      member (b, "organisation", dg_referral_form_entry_text (self->reporter_org));
      member (b, "agency", combo_id (self->reporter_agency));
      member (b, "email", dg_referral_form_entry_text (self->reporter_email));
      member (b, "phone", dg_referral_form_entry_text (self->reporter_phone));
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
      member (b, "dob", dg_referral_form_entry_text (c->dob));
      member (b, "aliases", dg_referral_form_entry_text (c->aliases));
      member (b, "gender", dg_referral_form_entry_text (c->gender));
      member (b, "school", dg_referral_form_entry_text (c->school));
      member (b, "attendance", dg_referral_form_entry_text (c->attendance));
      member (b, "address", dg_referral_form_entry_text (c->address));
      member (b, "first_language", dg_referral_form_entry_text (c->first_language));
      member (b, "ethnicity", dg_referral_form_entry_text (c->ethnicity));
      member (b, "religion", dg_referral_form_entry_text (c->religion));
      member (b, "additional_needs", dg_referral_form_entry_text (c->needs));
      member (b, "parental_responsibility", dg_referral_form_entry_text (c->parental));
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
          member (b, "relationship", dg_referral_form_entry_text (h->b));
          member (b, "dob", dg_referral_form_entry_text (h->c));
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
          member (b, "name", dg_referral_form_entry_text (a->b));
          member (b, "organisation", dg_referral_form_entry_text (a->c));
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

void
dg_referral_form_fill_reporter (DgReferralForm        *self,
                                const DgReporterMatch *p)
{
  dg_referral_form_set_entry (self->reporter_name, p->name);
  dg_referral_form_set_entry (self->reporter_role, p->role);
  dg_referral_form_set_entry (self->reporter_org, p->organisation);
  dg_referral_form_set_combo (self->reporter_agency, p->agency);
  dg_referral_form_set_entry (self->reporter_email, p->email);
  dg_referral_form_set_entry (self->reporter_phone, p->phone);
  dg_referral_form_set_combo (self->reporter_language, p->language);
}

void
dg_referral_form_fill_from_document (DgReferralForm *self,
                                     JsonObject     *doc)
{
  JsonNode *reporter_node = json_object_get_member (doc, "reporter");
  JsonArray *children = json_object_has_member (doc, "children") ? json_object_get_array_member (doc, "children") : NULL;
  JsonArray *categories = json_object_has_member (doc, "categories") ? json_object_get_array_member (doc, "categories") : NULL;
  const DgTerm *terms = dg_vocab_terms (DG_VOCAB_CATEGORY);

  self->filling = TRUE;

  dg_referral_form_set_entry (self->received, dg_json_text (doc, "received_at"));
  dg_referral_form_set_combo (self->channel, dg_json_text (doc, "channel"));
  dg_referral_form_set_combo (self->rag, dg_json_text (doc, "rag"));

  if (reporter_node != NULL && JSON_NODE_HOLDS_OBJECT (reporter_node))
    {
      JsonObject *p = json_node_get_object (reporter_node);
      /* The draft's report-maker, read as the matches are. */
      const DgReporterMatch reporter = {
        .id = json_object_get_int_member_with_default (p, "id", 0),
        .name = (char *) dg_json_text (p, "name"),
        .role = (char *) dg_json_text (p, "role"),
        .organisation = (char *) dg_json_text (p, "organisation"),
        .agency = (char *) dg_json_text (p, "agency"),
        .email = (char *) dg_json_text (p, "email"),
        .phone = (char *) dg_json_text (p, "phone"),
        .language = (char *) dg_json_text (p, "language"),
      };

      self->reporter_id = reporter.id;
      dg_referral_form_fill_reporter (self, &reporter);
      gtk_switch_set_active (GTK_SWITCH (self->reporter_anonymous),
                             json_object_get_boolean_member_with_default (p, "anonymous", FALSE));
    }

  for (guint i = 0; children != NULL && i < json_array_get_length (children); i++)
    {
      JsonObject *c = json_array_get_object_element (children, i);
      ChildRows *rows = i < self->children->len ? &g_array_index (self->children, ChildRows, i) : dg_referral_form_add_child (self);

      dg_referral_form_set_entry (rows->name, dg_json_text (c, "name"));
      dg_referral_form_set_entry (rows->dob, dg_json_text (c, "dob"));
      dg_referral_form_set_entry (rows->aliases, dg_json_text (c, "aliases"));
      dg_referral_form_set_entry (rows->gender, dg_json_text (c, "gender"));
      dg_referral_form_set_entry (rows->school, dg_json_text (c, "school"));
      dg_referral_form_set_entry (rows->attendance, dg_json_text (c, "attendance"));
      dg_referral_form_set_entry (rows->address, dg_json_text (c, "address"));
      dg_referral_form_set_entry (rows->first_language, dg_json_text (c, "first_language"));
      dg_referral_form_set_entry (rows->ethnicity, dg_json_text (c, "ethnicity"));
      dg_referral_form_set_entry (rows->religion, dg_json_text (c, "religion"));
      dg_referral_form_set_entry (rows->needs, dg_json_text (c, "additional_needs"));
      dg_referral_form_set_entry (rows->parental, dg_json_text (c, "parental_responsibility"));
      gtk_switch_set_active (GTK_SWITCH (rows->interpreter),
                             json_object_get_boolean_member_with_default (c, "interpreter_needed", FALSE));
    }

  {
    JsonArray *household = json_object_has_member (doc, "household") ? json_object_get_array_member (doc, "household") : NULL;
    JsonArray *agencies = json_object_has_member (doc, "involved_agencies") ? json_object_get_array_member (doc, "involved_agencies") : NULL;

    while (self->household->len > 0)
      dg_referral_form_remove_extra (self, FALSE, self->household->len - 1);
    while (self->agencies->len > 0)
      dg_referral_form_remove_extra (self, TRUE, self->agencies->len - 1);
    for (guint i = 0; household != NULL && i < json_array_get_length (household); i++)
      {
        JsonObject *h = json_array_get_object_element (household, i);
        ExtraRows *rows = dg_referral_form_add_extra (self, FALSE);
        dg_referral_form_set_entry (rows->a, dg_json_text (h, "name"));
        dg_referral_form_set_entry (rows->b, dg_json_text (h, "relationship"));
        dg_referral_form_set_entry (rows->c, dg_json_text (h, "dob"));
      }
    for (guint i = 0; agencies != NULL && i < json_array_get_length (agencies); i++)
      {
        JsonObject *a = json_array_get_object_element (agencies, i);
        ExtraRows *rows = dg_referral_form_add_extra (self, TRUE);
        dg_referral_form_set_combo (rows->a, dg_json_text (a, "agency"));
        dg_referral_form_set_entry (rows->b, dg_json_text (a, "name"));
        dg_referral_form_set_entry (rows->c, dg_json_text (a, "organisation"));
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

/* ---- The widget a refused field names ------------------------------------------ */

/* The widget and the error label for a field path such as "children[1].dob". */
GtkWidget *
dg_referral_form_widget_for_path (DgReferralForm *self,
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
      *label = h->error;
      return g_str_equal (field, "dob") ? h->c : g_str_equal (field, "relationship") ? h->b : h->a;
    }
  if (sscanf (path, "involved_agencies[%u].%63[a-z_]", &index, field) == 2 && index < self->agencies->len)
    {
      ExtraRows *a = &g_array_index (self->agencies, ExtraRows, index);
      *label = a->error;
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
      if (g_str_has_prefix (f, "agency")) return self->reporter_agency;
      if (g_str_has_prefix (f, "anonymous")) return self->reporter_anonymous;
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
