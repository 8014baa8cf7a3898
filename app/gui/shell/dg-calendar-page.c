#include "config.h"

#include <glib/gi18n.h>

#include "dg-chooser.h"
#include "dg-calendar-page.h"

struct _DgCalendarPage
{
  AdwPreferencesPage  parent_instance;

  GtkSpinButton      *year_spin;
  GtkListBox         *days_list;
  AdwEntryRow        *date_row;
  AdwEntryRow        *reason_row;
  GtkLabel           *status;

  DgService          *service;
  GCancellable       *cancellable;   /* the listing being read */
};

G_DEFINE_FINAL_TYPE (DgCalendarPage, dg_calendar_page, ADW_TYPE_PREFERENCES_PAGE)

static void
set_status (DgCalendarPage *self,
            const char     *message,
            gboolean        failed)
{
  gtk_label_set_text (self->status, message);
  if (failed)
    gtk_widget_add_css_class (GTK_WIDGET (self->status), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->status), "error");
}

/* ---- The year's days ------------------------------------------------------------- */

static const char *
source_label (const char *source)
{
  if (g_str_equal (source, "rule"))
    return _("Rule");
  if (g_str_equal (source, "table"))
    return _("Published table");
  if (g_str_equal (source, "govuk"))
    return _("GOV.UK import");
  if (g_str_equal (source, "closure"))
    return _("Closure day");
  return _("Hub");
}

/* "Friday 8 May 2020", in the interface's language. */
static char *
long_date (const char *day)
{
  g_autoptr(GDateTime) dt = NULL;
  int y = 0, m = 0, d = 0;

  if (sscanf (day, "%d-%d-%d", &y, &m, &d) != 3 || (dt = g_date_time_new_local (y, m, d, 0, 0, 0)) == NULL)
    return g_strdup (day);
  /* Translators: a day in the calendar's list, see strftime(3); e.g. "Friday 8 May 2020" */
  return g_date_time_format (dt, _("%A %-d %B %Y"));
}

static GtkWidget *
day_row (DgCalendarDay *day)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *when = long_date (day->date);
  g_autoptr(GString) subtitle = g_string_new (when);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                 day->name != NULL ? day->name : day->reason != NULL ? day->reason : "");
  g_string_append_printf (subtitle, " · %s", source_label (day->source));
  if (day->replaces != NULL)
    {
      g_autofree char *replaced = long_date (day->replaces);
      g_string_append (subtitle, " · ");
      g_string_append_printf (subtitle, _("in place of %s"), replaced);
    }
  if (day->reason != NULL && day->name != NULL && g_strcmp0 (day->reason, day->name) != 0)
    g_string_append_printf (subtitle, " · %s", day->reason);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle->str);

  if (day->working)
    {
      GtkWidget *label = gtk_label_new (_("Working day after all"));

      gtk_widget_add_css_class (label, "success");
      gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
    }
  return row;
}

static void
days_read (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(DgCalendarPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) days = dg_service_holidays_finish (DG_SERVICE (source), result, &error);
  GtkWidget *child;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->days_list))) != NULL)
    gtk_list_box_remove (self->days_list, child);
  if (days == NULL)
    {
      set_status (self, error->message, TRUE);
      return;
    }
  for (guint i = 0; i < days->len; i++)
    gtk_list_box_append (self->days_list, day_row (g_ptr_array_index (days, i)));
}

static void
reload (DgCalendarPage *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  dg_service_holidays_async (self->service, gtk_spin_button_get_value_as_int (self->year_spin),
                             self->cancellable, days_read, g_object_ref (self));
}

/* ---- A working day after all ----------------------------------------------------- */

static void
working_day_added (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(DgCalendarPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  const char *day = gtk_editable_get_text (GTK_EDITABLE (self->date_row));
  const char *field;

  gtk_widget_remove_css_class (GTK_WIDGET (self->date_row), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->reason_row), "error");
  if (!dg_service_working_day_add_finish (DG_SERVICE (source), result, &error))
    {
      field = dg_error_get_field (error);
      if (g_strcmp0 (field, "reason") == 0)
        gtk_widget_add_css_class (GTK_WIDGET (self->reason_row), "error");
      else if (field != NULL)
        gtk_widget_add_css_class (GTK_WIDGET (self->date_row), "error");
      set_status (self, error->message, TRUE);
      return;
    }
  message = g_strdup_printf (_("%s is now a working day after all: every clock counts it."), day);
  set_status (self, message, FALSE);
  gtk_spin_button_set_value (self->year_spin, g_ascii_strtod (day, NULL));
  gtk_editable_set_text (GTK_EDITABLE (self->date_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->reason_row), "");
  reload (self);
}

static void
add_working_day_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  DgCalendarPage *self = DG_CALENDAR_PAGE (widget);
  g_autofree char *day = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->date_row))));
  const char *reason = gtk_editable_get_text (GTK_EDITABLE (self->reason_row));

  dg_service_working_day_add_async (self->service, day, reason, working_day_added, g_object_ref (self));
}

/* ---- GOV.UK's file --------------------------------------------------------------- */

static void
imported (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(DgCalendarPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(DgCalendarImport) import = dg_service_import_govuk_finish (DG_SERVICE (source), result, &error);
  g_autofree char *message = NULL;

  if (import == NULL)
    {
      const char *field = dg_error_get_field (error);

      message = field != NULL && !g_str_equal (field, "FILE")
                ? g_strdup_printf (_("Not imported: %s: %s"), field, error->message)
                : g_strdup_printf (_("Not imported: %s"), error->message);
      set_status (self, message, TRUE);
      return;
    }
  /* TRANSLATORS: the years GOV.UK's file covers, how many bank holidays it
   * lists for England and Wales, and how many days it changed. */
  message = g_strdup_printf (_("GOV.UK’s list for %d–%d imported: %d bank holidays; %u days recorded as published bank holidays, %u as working days."),
                             (int) import->from, (int) import->to, (int) import->events,
                             g_strv_length (import->holidays), g_strv_length (import->working));
  set_status (self, message, FALSE);
  reload (self);
}

static void
file_chosen (GObject  *owner,
             GFile    *file,
             gpointer  data)
{
  DgCalendarPage *self = DG_CALENDAR_PAGE (owner);
  g_autofree char *path = g_file_get_path (file);

  if (path == NULL)
    {
      set_status (self, _("Not imported: choose a file on this computer"), TRUE);
      return;
    }
  dg_service_import_govuk_async (self->service, path, imported, g_object_ref (self));
}

static void
import_govuk_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("GOV.UK’s bank-holidays file (JSON)"));
  gtk_file_filter_add_pattern (filter, "*.json");
  gtk_file_filter_add_pattern (filter, "*.JSON");
  dg_choose_file (widget, _("Import GOV.UK’s Bank Holidays"), GTK_FILE_CHOOSER_ACTION_OPEN, NULL, filter, NULL,
                  file_chosen, widget, NULL, NULL);
}

/* ---- The page -------------------------------------------------------------------- */

static void
dg_calendar_page_dispose (GObject *object)
{
  DgCalendarPage *self = DG_CALENDAR_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->service);
  gtk_widget_dispose_template (GTK_WIDGET (self), DG_TYPE_CALENDAR_PAGE);
  G_OBJECT_CLASS (dg_calendar_page_parent_class)->dispose (object);
}

static void
dg_calendar_page_class_init (DgCalendarPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = dg_calendar_page_dispose;
  gtk_widget_class_install_action (widget_class, "calendar.add-working-day", NULL, add_working_day_action);
  gtk_widget_class_install_action (widget_class, "calendar.import-govuk", NULL, import_govuk_action);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/diogelu/Diogelu/ui/dg-calendar-page.ui");
  gtk_widget_class_bind_template_child (widget_class, DgCalendarPage, year_spin);
  gtk_widget_class_bind_template_child (widget_class, DgCalendarPage, days_list);
  gtk_widget_class_bind_template_child (widget_class, DgCalendarPage, date_row);
  gtk_widget_class_bind_template_child (widget_class, DgCalendarPage, reason_row);
  gtk_widget_class_bind_template_child (widget_class, DgCalendarPage, status);
}

static void
dg_calendar_page_init (DgCalendarPage *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_spin_button_set_value (self->year_spin, g_date_time_get_year (now));
}

DgCalendarPage *
dg_calendar_page_new (DgService *service)
{
  DgCalendarPage *self = g_object_new (DG_TYPE_CALENDAR_PAGE, NULL);

  g_return_val_if_fail (DG_IS_SERVICE (service), NULL);
  self->service = g_object_ref (service);
  g_signal_connect_object (self->year_spin, "value-changed", G_CALLBACK (reload), self, G_CONNECT_SWAPPED);
  /* A day recorded elsewhere (the CLI, a colleague on the hub's server). */
  g_signal_connect_object (service, "changed", G_CALLBACK (reload), self, G_CONNECT_SWAPPED);
  reload (self);
  return self;
}
