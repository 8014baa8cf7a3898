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

/* Each text or choice the document holds, once: its member and where its
 * widget sits, for writing the document, filling the form back from one,
 * and finding the widget a refused field names. */
typedef struct
{
  const char *member;
  gsize       offset;     /* of the widget in its rows, or in the form */
  gboolean    combo;      /* a choice of terms, not a text */
  gboolean    always;     /* sent even when empty, so it is refused by name */
} Field;

#define CHILD(m, field, ...) { m, G_STRUCT_OFFSET (ChildRows, field), __VA_ARGS__ }
static const Field child_fields[] = {
  CHILD ("name", name, FALSE, TRUE),
  CHILD ("dob_expected", dob_expected),   /* a switch: only its widget is named here */
  CHILD ("dob", dob),
  CHILD ("aliases", aliases),
  CHILD ("gender", gender),
  CHILD ("school", school),
  CHILD ("attendance", attendance),
  CHILD ("address", address),
  CHILD ("first_language", first_language),
  CHILD ("ethnicity", ethnicity),
  CHILD ("religion", religion),
  CHILD ("additional_needs", needs),
  CHILD ("parental_responsibility", parental),
};
#undef CHILD

#define FORM(m, field, ...) { m, G_STRUCT_OFFSET (DgReferralForm, field), __VA_ARGS__ }
static const Field reporter_fields[] = {
  FORM ("name", reporter_name),
  FORM ("role", reporter_role),
  FORM ("organisation", reporter_org),
  FORM ("agency", reporter_agency, TRUE),
  FORM ("email", reporter_email),
  FORM ("phone", reporter_phone),
  FORM ("language", reporter_language, TRUE),
  FORM ("anonymous", reporter_anonymous),   /* a switch: only its widget is named here */
};
#undef FORM

#define EXTRA(m, field, ...) { m, G_STRUCT_OFFSET (ExtraRows, field), __VA_ARGS__ }
static const Field household_fields[] = {
  EXTRA ("name", a, FALSE, TRUE),
  EXTRA ("relationship", b),
  EXTRA ("dob", c),
};
static const Field agency_fields[] = {
  EXTRA ("agency", a, TRUE),
  EXTRA ("name", b),
  EXTRA ("organisation", c),
};
#undef EXTRA

static GtkWidget *
widget_of (gconstpointer  rows,
           const Field   *field)
{
  return *(GtkWidget * const *) ((const guint8 *) rows + field->offset);
}

/* The texts and choices of @rows as members of the object being built. */
static void
build_fields (JsonBuilder   *b,
              gconstpointer  rows,
              const Field   *fields,
              guint          n_fields)
{
  for (guint i = 0; i < n_fields; i++)
    {
      GtkWidget *widget = widget_of (rows, &fields[i]);

      if (GTK_IS_SWITCH (widget))
        continue;
      if (fields[i].always)
        member (b, fields[i].member, gtk_editable_get_text (GTK_EDITABLE (widget)));
      else
        member (b, fields[i].member, fields[i].combo ? combo_id (widget) : dg_referral_form_entry_text (widget));
    }
}

static void
fill_fields (gconstpointer  rows,
             const Field   *fields,
             guint          n_fields,
             JsonObject    *object)
{
  for (guint i = 0; i < n_fields; i++)
    {
      GtkWidget *widget = widget_of (rows, &fields[i]);

      if (GTK_IS_SWITCH (widget))
        continue;
      if (fields[i].combo)
        dg_referral_form_set_combo (widget, dg_json_text (object, fields[i].member));
      else
        dg_referral_form_set_entry (widget, dg_json_text (object, fields[i].member));
    }
}

/* The widget of @rows whose member @name starts, or NULL. */
static GtkWidget *
find_field (gconstpointer  rows,
            const Field   *fields,
            guint          n_fields,
            const char    *name)
{
  for (guint i = 0; i < n_fields; i++)
    if (g_str_has_prefix (name, fields[i].member))
      return widget_of (rows, &fields[i]);
  return NULL;
}

/* Each of @array's rows (an array of ExtraRows) as an object of @fields. */
static void
build_extras (JsonBuilder *b,
              const char  *name,
              GArray      *array,
              const Field *fields,
              guint        n_fields)
{
  if (array->len == 0)
    return;
  json_builder_set_member_name (b, name);
  json_builder_begin_array (b);
  for (guint i = 0; i < array->len; i++)
    {
      json_builder_begin_object (b);
      build_fields (b, &g_array_index (array, ExtraRows, i), fields, n_fields);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

static void
fill_extras (DgReferralForm *self,
             gboolean        agency,
             JsonObject     *doc,
             const char     *name,
             const Field    *fields,
             guint           n_fields)
{
  GArray *array = agency ? self->agencies : self->household;
  JsonArray *objects = json_object_has_member (doc, name) ? json_object_get_array_member (doc, name) : NULL;

  while (array->len > 0)
    dg_referral_form_remove_extra (self, agency, array->len - 1);
  for (guint i = 0; objects != NULL && i < json_array_get_length (objects); i++)
    fill_fields (dg_referral_form_add_extra (self, agency), fields, n_fields,
                 json_array_get_object_element (objects, i));
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
      build_fields (b, self, reporter_fields, G_N_ELEMENTS (reporter_fields));
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
      build_fields (b, c, child_fields, G_N_ELEMENTS (child_fields));
      if (gtk_switch_get_active (GTK_SWITCH (c->dob_expected)))
        {
          json_builder_set_member_name (b, "dob_expected");
          json_builder_add_boolean_value (b, TRUE);
        }
      if (gtk_switch_get_active (GTK_SWITCH (c->interpreter)))
        {
          json_builder_set_member_name (b, "interpreter_needed");
          json_builder_add_boolean_value (b, TRUE);
        }
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  build_extras (b, "household", self->household, household_fields, G_N_ELEMENTS (household_fields));
  build_extras (b, "involved_agencies", self->agencies, agency_fields, G_N_ELEMENTS (agency_fields));

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

      self->reporter_id = json_object_get_int_member_with_default (p, "id", 0);
      fill_fields (self, reporter_fields, G_N_ELEMENTS (reporter_fields), p);
      gtk_switch_set_active (GTK_SWITCH (self->reporter_anonymous),
                             json_object_get_boolean_member_with_default (p, "anonymous", FALSE));
    }

  for (guint i = 0; children != NULL && i < json_array_get_length (children); i++)
    {
      JsonObject *c = json_array_get_object_element (children, i);
      ChildRows *rows = i < self->children->len ? &g_array_index (self->children, ChildRows, i) : dg_referral_form_add_child (self);

      fill_fields (rows, child_fields, G_N_ELEMENTS (child_fields), c);
      gtk_switch_set_active (GTK_SWITCH (rows->dob_expected),
                             json_object_get_boolean_member_with_default (c, "dob_expected", FALSE));
      gtk_switch_set_active (GTK_SWITCH (rows->interpreter),
                             json_object_get_boolean_member_with_default (c, "interpreter_needed", FALSE));
    }

  fill_extras (self, FALSE, doc, "household", household_fields, G_N_ELEMENTS (household_fields));
  fill_extras (self, TRUE, doc, "involved_agencies", agency_fields, G_N_ELEMENTS (agency_fields));

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
      GtkWidget *widget = find_field (c, child_fields, G_N_ELEMENTS (child_fields), field);

      *label = c->error;
      return widget != NULL ? widget : c->name;
    }
  if (sscanf (path, "household[%u].%63[a-z_]", &index, field) == 2 && index < self->household->len)
    {
      ExtraRows *h = &g_array_index (self->household, ExtraRows, index);
      GtkWidget *widget = find_field (h, household_fields, G_N_ELEMENTS (household_fields), field);

      *label = h->error;
      return widget != NULL ? widget : h->a;
    }
  if (sscanf (path, "involved_agencies[%u].%63[a-z_]", &index, field) == 2 && index < self->agencies->len)
    {
      ExtraRows *a = &g_array_index (self->agencies, ExtraRows, index);
      GtkWidget *widget = find_field (a, agency_fields, G_N_ELEMENTS (agency_fields), field);

      *label = a->error;
      return widget != NULL ? widget : a->a;
    }
  if (g_str_has_prefix (path, "children"))
    {
      *label = g_array_index (self->children, ChildRows, 0).error;
      return g_array_index (self->children, ChildRows, 0).name;
    }
  if (g_str_has_prefix (path, "reporter."))
    {
      GtkWidget *widget = find_field (self, reporter_fields, G_N_ELEMENTS (reporter_fields), path + strlen ("reporter."));

      *label = self->reporter_error;
      return widget != NULL ? widget : self->reporter_name;
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
