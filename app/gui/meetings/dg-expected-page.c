#include "config.h"

#include <glib/gi18n.h>

#include "dg-role-guard.h"
#include "dg-expected-page.h"
#include "dg-vocab.h"

struct _DgExpectedPage
{
  AdwPreferencesPage   parent_instance;

  AdwPreferencesGroup *rules;
  AdwComboRow         *concern_row;
  AdwComboRow         *agency_row;
  GtkSwitch           *expected_switch;
  AdwEntryRow         *from_row;
  GtkLabel            *error;
  GtkWidget           *save_button;
  GPtrArray           *rows;

  DgService           *service;
  GCancellable        *cancellable;
};

G_DEFINE_FINAL_TYPE (DgExpectedPage, dg_expected_page, ADW_TYPE_PREFERENCES_PAGE)

static GtkStringList *
labels_of (DgVocab vocab)
{
  GtkStringList *list = gtk_string_list_new (NULL);

  for (const DgTerm *t = dg_vocab_terms (vocab); t->id != NULL; t++)
    gtk_string_list_append (list, dg_vocab_label (vocab, t->id));
  return list;
}

static void
listed (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rules = dg_service_expected_rules_finish (DG_SERVICE (object), result, &error);
  DgExpectedPage *self = user_data;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");

  if (rules == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        gtk_label_set_text (self->error, error->message);
      return;
    }
  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_remove (self->rules, g_ptr_array_index (self->rows, i));
  g_ptr_array_set_size (self->rows, 0);

  /* Newest first per concern and agency: the first row in force today is
   * the rule (shown if it expects), older ones are replaced; rows from a
   * date to come are shown as coming. */
  g_autoptr(GHashTable) in_force = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < rules->len; i++)
    {
      const DgExpectedRule *r = g_ptr_array_index (rules, i);
      g_autofree char *pair = g_strconcat (r->concern, "/", r->agency, NULL);
      gboolean coming = strcmp (r->effective_from, today) > 0;
      g_autofree char *title = NULL, *subtitle = NULL;
      GtkWidget *row;

      if (!coming)
        {
          if (g_hash_table_contains (in_force, pair))
            continue;
          g_hash_table_add (in_force, g_strdup (pair));
          if (!r->expected)
            continue;
        }
      /* TRANSLATORS: a rule of the agencies expected: "Sexual harm → Paediatrician" */
      title = g_strdup_printf (_("%s → %s"), dg_vocab_label (DG_VOCAB_CONCERN, r->concern),
                               dg_vocab_label (DG_VOCAB_MEETING_AGENCY, r->agency));
      if (coming)
        subtitle = g_strdup_printf (r->expected ? _("Expected from %s") : _("No longer expected from %s"), r->effective_from);
      else
        subtitle = g_strdup_printf (_("Since %s (%s)"), r->effective_from, r->source ? r->source : "");
      row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_preferences_group_add (self->rules, row);
      g_ptr_array_add (self->rows, row);
    }
}

static void
reload (DgExpectedPage *self)
{
  dg_service_expected_rules_async (self->service, self->cancellable, listed, self);
}

static void
saved (GObject      *object,
       GAsyncResult *result,
       gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DgExpectedPage) self = user_data;

  if (!dg_service_expected_rule_set_finish (DG_SERVICE (object), result, &error))
    {
      gtk_label_set_text (self->error, error->message);
      return;
    }
  gtk_label_set_text (self->error, "");
  reload (self);
}

static void
save_clicked (DgExpectedPage *self)
{
  const char *concern = dg_vocab_terms (DG_VOCAB_CONCERN)[adw_combo_row_get_selected (self->concern_row)].id;
  const char *agency = dg_vocab_terms (DG_VOCAB_MEETING_AGENCY)[adw_combo_row_get_selected (self->agency_row)].id;

  dg_service_expected_rule_set_async (self->service, concern, agency, gtk_switch_get_active (self->expected_switch),
                                      gtk_editable_get_text (GTK_EDITABLE (self->from_row)), saved, g_object_ref (self));
}

static void
dg_expected_page_dispose (GObject *object)
{
  DgExpectedPage *self = DG_EXPECTED_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->service);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), DG_TYPE_EXPECTED_PAGE);
  G_OBJECT_CLASS (dg_expected_page_parent_class)->dispose (object);
}

static void
dg_expected_page_class_init (DgExpectedPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dg_expected_page_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/diogelu/Diogelu/ui/dg-expected-page.ui");
  gtk_widget_class_bind_template_child (widget_class, DgExpectedPage, rules);
  gtk_widget_class_bind_template_child (widget_class, DgExpectedPage, concern_row);
  gtk_widget_class_bind_template_child (widget_class, DgExpectedPage, agency_row);
  gtk_widget_class_bind_template_child (widget_class, DgExpectedPage, expected_switch);
  gtk_widget_class_bind_template_child (widget_class, DgExpectedPage, from_row);
  gtk_widget_class_bind_template_child (widget_class, DgExpectedPage, error);
  gtk_widget_class_bind_template_child (widget_class, DgExpectedPage, save_button);
  gtk_widget_class_bind_template_callback (widget_class, save_clicked);
}

static void
dg_expected_page_init (DgExpectedPage *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  g_autoptr(GtkStringList) concerns = labels_of (DG_VOCAB_CONCERN);
  g_autoptr(GtkStringList) agencies = labels_of (DG_VOCAB_MEETING_AGENCY);

  self->rows = g_ptr_array_new ();
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  adw_combo_row_set_model (self->concern_row, G_LIST_MODEL (concerns));
  adw_combo_row_set_model (self->agency_row, G_LIST_MODEL (agencies));
  gtk_editable_set_text (GTK_EDITABLE (self->from_row), today);
}

DgExpectedPage *
dg_expected_page_new (DgService *service)
{
  DgExpectedPage *self = g_object_new (DG_TYPE_EXPECTED_PAGE, NULL);

  self->service = g_object_ref (service);
  /* The rules are a manager's (issue 25). */
  dg_role_guard (service, GTK_WIDGET (self), NULL, self->save_button, DG_DB_POWER_RULES);
  reload (self);
  return self;
}
