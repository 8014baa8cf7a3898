#include "config.h"
#include "dg-locked.h"

#include <glib/gi18n.h>

#include "dg-chooser.h"
#include "dg-hub-page.h"

struct _DgHubPage
{
  AdwPreferencesPage  parent_instance;

  AdwEntryRow        *name_row;
  AdwEntryRow        *name_cy_row;
  AdwEntryRow        *address_row;
  AdwEntryRow        *address_cy_row;
  AdwEntryRow        *phone_row;
  AdwEntryRow        *email_row;
  AdwEntryRow        *marking_row;
  AdwActionRow       *logo_row;
  AdwEntryRow        *smtp_url_row;
  AdwEntryRow        *smtp_user_row;
  AdwEntryRow        *password_row;
  GtkWidget          *password_kept;
  AdwActionRow       *ca_row;

  DgService          *service;
  DgHubSettings      *settings;
  GSettings          *locks;     /* the letterhead's old keys, which dconf may lock */
  AdwToast           *toast;     /* the last one shown, replaced by the next */
  GCancellable       *cancellable;
};

G_DEFINE_FINAL_TYPE (DgHubPage, dg_hub_page, ADW_TYPE_PREFERENCES_PAGE)

/* The rows of text settings and their keys; the addresses are one line on
 * screen, their lines separated by commas. */
typedef struct
{
  const char *key;
  gsize       row;      /* the row's offset in DgHubPage */
  gsize       value;    /* the value's offset in DgHubSettings */
  gboolean    lines;
} TextRow;

#define TEXT_ROW(key, field, lines) \
  { key, G_STRUCT_OFFSET (DgHubPage, field##_row), G_STRUCT_OFFSET (DgHubSettings, field), lines }

static const TextRow text_rows[] = {
  TEXT_ROW ("name", name, FALSE),
  TEXT_ROW ("name-cy", name_cy, FALSE),
  TEXT_ROW ("address", address, TRUE),
  TEXT_ROW ("address-cy", address_cy, TRUE),
  TEXT_ROW ("phone", phone, FALSE),
  TEXT_ROW ("email", email, FALSE),
  TEXT_ROW ("marking", marking, FALSE),
  TEXT_ROW ("smtp-url", smtp_url, FALSE),
  TEXT_ROW ("smtp-user", smtp_user, FALSE),
};

#define ROW_OF(self, t) (*(AdwEntryRow **) G_STRUCT_MEMBER_P (self, (t)->row))

static void
toast_dismissed (DgHubPage *self)
{
  g_clear_object (&self->toast);
}

static void
toast (DgHubPage  *self,
       const char *message)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (!ADW_IS_PREFERENCES_WINDOW (root))
    return;
  /* Saving row after row, each outcome replaces the last in the toast still
   * shown: never a queue of "Saved" ahead of a refusal. */
  if (self->toast != NULL)
    {
      adw_toast_set_title (self->toast, message);
      return;
    }
  self->toast = adw_toast_new (message);
  g_signal_connect_object (self->toast, "dismissed", G_CALLBACK (toast_dismissed), self, G_CONNECT_SWAPPED);
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (root), g_object_ref (self->toast));
}

/* An address as stored (one line per line) as typed (commas), and back. */
static char *
lines_to_commas (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  return g_strjoinv (", ", lines);
}

static char *
commas_to_lines (const char *text)
{
  g_auto(GStrv) parts = g_strsplit (text, ",", -1);
  g_autoptr(GString) lines = g_string_new (NULL);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_strstrip (parts[i]);
      if (*parts[i] == '\0')
        continue;
      if (lines->len > 0)
        g_string_append_c (lines, '\n');
      g_string_append (lines, parts[i]);
    }
  return g_string_free (g_steal_pointer (&lines), FALSE);
}

/* Puts @text in @row without offering to apply it: it is what is saved. */
static void
set_row_text (AdwEntryRow *row,
              const char  *text)
{
  adw_entry_row_set_show_apply_button (row, FALSE);
  gtk_editable_set_text (GTK_EDITABLE (row), text ? text : "");
  adw_entry_row_set_show_apply_button (row, TRUE);
  gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
}

static void
show_settings (DgHubPage *self)
{
  DgHubSettings *s = self->settings;
  g_autofree char *logo = NULL;
  g_autofree char *ca = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (text_rows); i++)
    {
      const TextRow *t = &text_rows[i];
      const char *value = *(char **) G_STRUCT_MEMBER_P (s, t->value);
      g_autofree char *shown = t->lines && value ? lines_to_commas (value) : g_strdup (value);

      /* A refused value stays as typed until it is changed. */
      if (gtk_widget_has_css_class (GTK_WIDGET (ROW_OF (self, t)), "error"))
        continue;
      set_row_text (ROW_OF (self, t), shown);
    }

  if (s->logo_type != NULL)
    {
      g_autofree char *size = g_format_size (s->logo_size);

      /* TRANSLATORS: the logo's type and size, as “PNG image, 12.3 kB” */
      logo = g_strdup_printf (_("%s image, %s"), g_str_equal (s->logo_type, "image/png") ? "PNG" : "SVG", size);
    }
  adw_action_row_set_subtitle (self->logo_row, logo ? logo : _("None"));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "hub.remove-logo", s->logo_type != NULL);

  if (s->has_ca)
    {
      g_autofree char *size = g_format_size (s->ca_size);

      ca = g_strdup_printf (g_dngettext (NULL, "%d certificate, %s", "%d certificates, %s", s->ca_certificates),
                            (int) s->ca_certificates, size);
    }
  adw_action_row_set_subtitle (self->ca_row, ca ? ca : _("None: the system’s certificate authorities"));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "hub.remove-ca", s->has_ca);

  gtk_widget_set_visible (self->password_kept, s->password_kept);
}

static void
settings_read (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(DgHubPage) self = user_data;
  g_autoptr(GError) error = NULL;
  DgHubSettings *settings = dg_service_hub_get_finish (DG_SERVICE (object), result, &error);

  if (settings == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        toast (self, error->message);
      return;
    }
  g_clear_pointer (&self->settings, dg_hub_settings_free);
  self->settings = settings;
  show_settings (self);
}

static void
reload (DgHubPage *self)
{
  dg_service_hub_get_async (self->service, self->cancellable, settings_read, g_object_ref (self));
}

/* ---- Saving ------------------------------------------------------------------------ */

typedef struct
{
  DgHubPage *page;
  GtkWidget *row;    /* where a refusal shows; NULL: a toast only */
} Saving;

static Saving *
saving_new (DgHubPage *self,
            GtkWidget *row)
{
  Saving *s = g_new0 (Saving, 1);

  s->page = g_object_ref (self);
  s->row = row ? g_object_ref (row) : NULL;
  return s;
}

static void
saving_free (Saving *s)
{
  g_object_unref (s->page);
  g_clear_object (&s->row);
  g_free (s);
}

/* A refused value stays typed, the row marked and the reason told; a saved
 * one is read back. */
static void
saved (GObject      *object,
       GAsyncResult *result,
       gpointer      user_data)
{
  Saving *s = user_data;
  g_autoptr(GError) error = NULL;

  if (!dg_service_hub_set_finish (DG_SERVICE (object), result, &error))
    {
      if (s->row != NULL)
        gtk_widget_add_css_class (s->row, "error");
      toast (s->page, error->message);
    }
  else
    {
      toast (s->page, _("Saved"));
      reload (s->page);
    }
  saving_free (s);
}

static void
text_applied (AdwEntryRow *row,
              DgHubPage   *self)
{
  const TextRow *t = g_object_get_data (G_OBJECT (row), "dg-text-row");
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));
  g_autofree char *value = t->lines ? commas_to_lines (text) : g_strstrip (g_strdup (text));

  dg_service_hub_set_async (self->service, t->key, value, -1, saved, saving_new (self, GTK_WIDGET (row)));
}

static void
text_changed (AdwEntryRow *row)
{
  gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
}

static void
password_saved (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  Saving *s = user_data;
  g_autoptr(GError) error = NULL;

  if (!dg_service_smtp_password_set_finish (DG_SERVICE (object), result, &error))
    {
      gtk_widget_add_css_class (s->row, "error");
      toast (s->page, error->message);
    }
  else
    {
      set_row_text (ADW_ENTRY_ROW (s->row), NULL);
      toast (s->page, _("Password kept in the keyring"));
      reload (s->page);
    }
  saving_free (s);
}

static void
password_applied (AdwEntryRow *row,
                  DgHubPage   *self)
{
  const char *password = gtk_editable_get_text (GTK_EDITABLE (row));

  if (*password == '\0')
    return;
  dg_service_smtp_password_set_async (self->service, password, password_saved, saving_new (self, GTK_WIDGET (row)));
}

/* ---- Files: the logo and the CA ------------------------------------------------------ */

static void
file_loaded (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(DgHubPage) self = user_data;
  const char *key = g_object_get_data (object, "dg-key");
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (!g_file_load_contents_finish (G_FILE (object), result, &contents, &length, NULL, &error))
    {
      toast (self, error->message);
      return;
    }
  dg_service_hub_set_async (self->service, key, contents, length, saved, saving_new (self, NULL));
}

static void
file_chosen (GObject  *owner,
             GFile    *file,
             gpointer  key)
{
  g_object_set_data_full (G_OBJECT (file), "dg-key", g_strdup (key), g_free);
  g_file_load_contents_async (file, NULL, file_loaded, g_object_ref (owner));
}

static void
choose_file (DgHubPage  *self,
             const char *key,
             const char *title,
             const char *filter_name,
             const char * const *patterns)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, filter_name);
  for (guint i = 0; patterns[i] != NULL; i++)
    gtk_file_filter_add_pattern (filter, patterns[i]);
  dg_choose_file (GTK_WIDGET (self), title, GTK_FILE_CHOOSER_ACTION_OPEN, NULL, filter, NULL,
                  file_chosen, self, g_strdup (key), g_free);
}

static void
choose_logo_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  const char * const patterns[] = { "*.png", "*.PNG", "*.svg", "*.SVG", NULL };

  choose_file (DG_HUB_PAGE (widget), "logo", _("Choose the Hub’s Logo"), _("PNG or SVG images"), patterns);
}

static void
choose_ca_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  const char * const patterns[] = { "*.pem", "*.crt", "*.PEM", "*.CRT", NULL };

  choose_file (DG_HUB_PAGE (widget), "smtp-ca", _("Choose the Certificate Authority"), _("PEM certificates"), patterns);
}

static void
remove_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  DgHubPage *self = DG_HUB_PAGE (widget);
  const char *key = g_str_equal (action_name, "hub.remove-logo") ? "logo" : "smtp-ca";

  dg_service_hub_set_async (self->service, key, "", 0, saved, saving_new (self, NULL));
}

/* ---- The page ------------------------------------------------------------------------ */

static void
dg_hub_page_dispose (GObject *object)
{
  DgHubPage *self = DG_HUB_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->service);
  g_clear_object (&self->locks);
  g_clear_pointer (&self->settings, dg_hub_settings_free);
  g_clear_object (&self->toast);
  gtk_widget_dispose_template (GTK_WIDGET (self), DG_TYPE_HUB_PAGE);
  G_OBJECT_CLASS (dg_hub_page_parent_class)->dispose (object);
}

static void
dg_hub_page_class_init (DgHubPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = dg_hub_page_dispose;
  gtk_widget_class_install_action (widget_class, "hub.choose-logo", NULL, choose_logo_action);
  gtk_widget_class_install_action (widget_class, "hub.remove-logo", NULL, remove_action);
  gtk_widget_class_install_action (widget_class, "hub.choose-ca", NULL, choose_ca_action);
  gtk_widget_class_install_action (widget_class, "hub.remove-ca", NULL, remove_action);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/diogelu/Diogelu/ui/dg-hub-page.ui");
  gtk_widget_class_bind_template_child (widget_class, DgHubPage, name_row);
  gtk_widget_class_bind_template_child (widget_class, DgHubPage, name_cy_row);
  gtk_widget_class_bind_template_child (widget_class, DgHubPage, address_row);
  gtk_widget_class_bind_template_child (widget_class, DgHubPage, address_cy_row);
  gtk_widget_class_bind_template_child (widget_class, DgHubPage, phone_row);
  gtk_widget_class_bind_template_child (widget_class, DgHubPage, email_row);
  gtk_widget_class_bind_template_child (widget_class, DgHubPage, marking_row);
  gtk_widget_class_bind_template_child (widget_class, DgHubPage, logo_row);
  gtk_widget_class_bind_template_child (widget_class, DgHubPage, smtp_url_row);
  gtk_widget_class_bind_template_child (widget_class, DgHubPage, smtp_user_row);
  gtk_widget_class_bind_template_child (widget_class, DgHubPage, password_row);
  gtk_widget_class_bind_template_child (widget_class, DgHubPage, password_kept);
  gtk_widget_class_bind_template_child (widget_class, DgHubPage, ca_row);
}

static void
dg_hub_page_init (DgHubPage *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));

  for (guint i = 0; i < G_N_ELEMENTS (text_rows); i++)
    {
      AdwEntryRow *row = ROW_OF (self, &text_rows[i]);

      g_object_set_data (G_OBJECT (row), "dg-text-row", (gpointer) &text_rows[i]);
      g_signal_connect (row, "apply", G_CALLBACK (text_applied), self);
      g_signal_connect (row, "changed", G_CALLBACK (text_changed), NULL);
    }
  g_signal_connect (self->password_row, "apply", G_CALLBACK (password_applied), self);
  g_signal_connect (self->password_row, "changed", G_CALLBACK (text_changed), NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "hub.remove-logo", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "hub.remove-ca", FALSE);
}

DgHubPage *
dg_hub_page_new (DgService *service)
{
  DgHubPage *self = g_object_new (DG_TYPE_HUB_PAGE, NULL);

  g_return_val_if_fail (DG_IS_SERVICE (service), NULL);
  self->service = g_object_ref (service);
  /* An administrator who locks the letterhead's keys with dconf sees them
   * shown as set by the administrator here, not editable, never "Saved". */
  {
    const char *locked[][2] = { { "hub-name", "name" }, { "hub-address", "address" },
                                { "hub-phone", "phone" }, { "hub-email", "email" } };

    self->locks = g_settings_new (APPLICATION_ID);
    for (guint i = 0; i < G_N_ELEMENTS (locked); i++)
      for (guint j = 0; j < G_N_ELEMENTS (text_rows); j++)
        if (g_str_equal (text_rows[j].key, locked[i][1]))
          dg_settings_show_locked (self->locks, locked[i][0], GTK_WIDGET (ROW_OF (self, &text_rows[j])));
  }
  reload (self);
  return self;
}
