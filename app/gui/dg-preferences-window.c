#include "config.h"

#include <glib/gi18n.h>

#include "dg-preferences-window.h"

struct _DgPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  AdwEntryRow          *practitioner_row;
  AdwEntryRow          *hub_name_row;
  AdwEntryRow          *hub_address_row;
  AdwEntryRow          *hub_phone_row;
  AdwEntryRow          *hub_email_row;
  AdwComboRow          *language_row;
  GtkSwitch            *backup_switch;
  GtkSpinButton        *backup_keep;
};

G_DEFINE_FINAL_TYPE (DgPreferencesWindow, dg_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static const char * const languages[] = { "system", "en", "cy" };

static gboolean
language_to_index (GValue   *value,
                   GVariant *variant,
                   gpointer  user_data)
{
  const char *language = g_variant_get_string (variant, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (languages); i++)
    if (g_str_equal (language, languages[i]))
      {
        g_value_set_uint (value, i);
        return TRUE;
      }

  g_value_set_uint (value, 0);
  return TRUE;
}

static GVariant *
index_to_language (const GValue       *value,
                   const GVariantType *type,
                   gpointer            user_data)
{
  guint index = g_value_get_uint (value);

  return g_variant_new_string (languages[index < G_N_ELEMENTS (languages) ? index : 0]);
}

static void
dg_preferences_window_class_init (DgPreferencesWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/diogelu/Diogelu/ui/dg-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, DgPreferencesWindow, practitioner_row);
  gtk_widget_class_bind_template_child (widget_class, DgPreferencesWindow, hub_name_row);
  gtk_widget_class_bind_template_child (widget_class, DgPreferencesWindow, hub_address_row);
  gtk_widget_class_bind_template_child (widget_class, DgPreferencesWindow, hub_phone_row);
  gtk_widget_class_bind_template_child (widget_class, DgPreferencesWindow, hub_email_row);
  gtk_widget_class_bind_template_child (widget_class, DgPreferencesWindow, language_row);
  gtk_widget_class_bind_template_child (widget_class, DgPreferencesWindow, backup_switch);
  gtk_widget_class_bind_template_child (widget_class, DgPreferencesWindow, backup_keep);
}

static void
dg_preferences_window_init (DgPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

DgPreferencesWindow *
dg_preferences_window_new (DgApplication *application)
{
  DgPreferencesWindow *self = g_object_new (DG_TYPE_PREFERENCES_WINDOW, NULL);
  GSettings *settings = dg_application_get_settings (application);
  const struct {
    const char *key;
    gpointer    row;
  } rows[] = {
    { "practitioner-name", self->practitioner_row },
    { "hub-name", self->hub_name_row },
    { "hub-address", self->hub_address_row },
    { "hub-phone", self->hub_phone_row },
    { "hub-email", self->hub_email_row },
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    g_settings_bind (settings, rows[i].key, rows[i].row, "text", G_SETTINGS_BIND_DEFAULT);

  g_settings_bind_with_mapping (settings, "interface-language", self->language_row, "selected",
                                G_SETTINGS_BIND_DEFAULT, language_to_index, index_to_language,
                                NULL, NULL);
  g_settings_bind (settings, "backup-enabled", self->backup_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "backup-keep", self->backup_keep, "value", G_SETTINGS_BIND_DEFAULT);

  return self;
}
