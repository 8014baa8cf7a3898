#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>

#include "dg-audit-group.h"
#include "dg-audit.h"
#include "dg-chooser.h"

struct _DgAuditGroup
{
  AdwPreferencesGroup parent_instance;

  AdwActionRow       *verified_row;
  GtkWidget          *verify_button;
  AdwActionRow       *export_row;

  DgService          *service;
  GSettings          *settings;
  char               *location;
  GCancellable       *cancellable;
};

G_DEFINE_FINAL_TYPE (DgAuditGroup, dg_audit_group, ADW_TYPE_PREFERENCES_GROUP)

/* The last check of this database, from audit-checks: FALSE when none. */
static gboolean
last_check (DgAuditGroup  *self,
            gint64       *at,
            gint64       *rows,
            char        **found,
            gint64       *head_id,
            char        **head_hash)
{
  g_autoptr(GVariant) checks = g_settings_get_value (self->settings, "audit-checks");

  return g_variant_lookup (checks, self->location, "(xxsxs)", at, rows, found, head_id, head_hash);
}

static void
show_last_check (DgAuditGroup *self)
{
  g_autofree char *found = NULL, *head_hash = NULL, *subtitle = NULL, *when = NULL;
  g_autoptr(GDateTime) time = NULL;
  gint64 at = 0, rows = 0, head_id = 0;

  if (!last_check (self, &at, &rows, &found, &head_id, &head_hash))
    {
      adw_action_row_set_subtitle (self->verified_row, _("Never on this computer"));
      return;
    }
  time = g_date_time_new_from_unix_local (at);
  /* Translators: a date and time, as strftime () takes it. */
  when = g_date_time_format (time, _("%-d %b %Y, %H:%M"));
  if (g_str_equal (found, "intact"))
    /* Translators: when the audit trail was last verified, and how many rows held. */
    subtitle = g_strdup_printf (ngettext ("%s: intact, %" PRId64 " row checked",
                                          "%s: intact, %" PRId64 " rows checked", rows),
                                when, rows);
  else
    {
      g_auto(GStrv) parts = g_strsplit (found, ":", 3);

      /* Translators: when the audit trail was last verified, the row where it broke, and why. */
      subtitle = g_strdup_printf (_("%s: broken at row %s: %s. Tell your administrator; keep a copy of the database as it is."),
                                  when, parts[1] ? parts[1] : "?", dg_audit_reason_label (parts[1] ? parts[2] : NULL));
    }
  adw_action_row_set_subtitle (self->verified_row, subtitle);
}

static void
remember (DgAuditGroup        *self,
          const DgAuditCheck *check)
{
  g_autoptr(GVariant) old = g_settings_get_value (self->settings, "audit-checks");
  g_autofree char *found = check->intact ? g_strdup ("intact")
                                         : g_strdup_printf ("broken:%" PRId64 ":%s", check->broken_id, check->reason);
  g_autofree char *previous_hash = NULL;
  gint64 previous_id = 0, unused = 0;
  g_autofree char *unused_text = NULL;
  GVariantBuilder builder;
  GVariantIter iter;
  const char *key;
  GVariant *value;

  /* A broken check keeps the head of the last sound one, to check against again. */
  last_check (self, &unused, &unused, &unused_text, &previous_id, &previous_hash);
  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a{s(xxsxs)}"));
  g_variant_iter_init (&iter, old);
  while (g_variant_iter_next (&iter, "{&s@(xxsxs)}", &key, &value))
    {
      if (!g_str_equal (key, self->location))
        g_variant_builder_add (&builder, "{s@(xxsxs)}", key, value);
      g_variant_unref (value);
    }
  g_variant_builder_add (&builder, "{s(xxsxs)}", self->location, g_get_real_time () / G_USEC_PER_SEC, check->rows, found,
                         check->intact ? check->head_id : previous_id,
                         check->intact ? (check->head_hash ? check->head_hash : "") : (previous_hash ? previous_hash : ""));
  g_settings_set_value (self->settings, "audit-checks", g_variant_builder_end (&builder));
}

static void
verified (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DgAuditCheck) check = dg_service_audit_verify_finish (DG_SERVICE (source), result, &error);
  DgAuditGroup *self;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = DG_AUDIT_GROUP (user_data);
  gtk_widget_set_sensitive (self->verify_button, TRUE);
  if (check == NULL)
    {
      adw_action_row_set_subtitle (self->verified_row, error->message);
      return;
    }
  remember (self, check);
  show_last_check (self);
}

static void
verify_clicked (DgAuditGroup *self)
{
  g_autofree char *found = NULL, *head_hash = NULL;
  gint64 at = 0, rows = 0, head_id = 0;

  if (!last_check (self, &at, &rows, &found, &head_id, &head_hash) || head_hash == NULL || *head_hash == '\0')
    head_id = 0;
  gtk_widget_set_sensitive (self->verify_button, FALSE);
  adw_action_row_set_subtitle (self->verified_row, _("Checking every row…"));
  dg_service_audit_verify_async (self->service, head_id, head_hash, self->cancellable, verified, self);
}

static void
exported (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(DgAuditGroup) self = user_data;
  g_autoptr(GError) error = NULL;
  gint64 rows = dg_service_audit_export_finish (DG_SERVICE (source), result, &error);
  g_autofree char *text = NULL;

  if (error != NULL)
    text = g_strdup (error->message);
  else
    text = g_strdup_printf (ngettext ("%" PRId64 " row written", "%" PRId64 " rows written", rows), rows);
  adw_action_row_set_subtitle (self->export_row, text);
}

static void
export_chosen (GObject  *owner,
               GFile    *file,
               gpointer  user_data)
{
  DgAuditGroup *self = DG_AUDIT_GROUP (owner);
  g_autofree char *path = g_file_get_path (file);

  dg_service_audit_export_async (self->service, path, exported, g_object_ref (self));
}

static void
export_clicked (DgAuditGroup *self)
{
  dg_choose_file (GTK_WIDGET (self), _("Export the Audit Trail"), GTK_FILE_CHOOSER_ACTION_SAVE, "diogelu-audit.json",
                  NULL, NULL, export_chosen, self, NULL, NULL);
}

DgAuditGroup *
dg_audit_group_new (DgService  *service,
                   GSettings  *settings,
                   const char *location)
{
  DgAuditGroup *self = g_object_new (DG_TYPE_AUDIT_GROUP, NULL);

  self->service = g_object_ref (service);
  self->settings = g_object_ref (settings);
  self->location = g_strdup (location ? location : "");
  show_last_check (self);
  return self;
}

static void
dg_audit_group_dispose (GObject *object)
{
  DgAuditGroup *self = DG_AUDIT_GROUP (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->service);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->location, g_free);

  G_OBJECT_CLASS (dg_audit_group_parent_class)->dispose (object);
}

static void
dg_audit_group_class_init (DgAuditGroupClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = dg_audit_group_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/diogelu/Diogelu/ui/dg-audit-group.ui");
  gtk_widget_class_bind_template_child (widget_class, DgAuditGroup, verified_row);
  gtk_widget_class_bind_template_child (widget_class, DgAuditGroup, verify_button);
  gtk_widget_class_bind_template_child (widget_class, DgAuditGroup, export_row);
  gtk_widget_class_bind_template_callback (widget_class, verify_clicked);
  gtk_widget_class_bind_template_callback (widget_class, export_clicked);
}

static void
dg_audit_group_init (DgAuditGroup *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}
