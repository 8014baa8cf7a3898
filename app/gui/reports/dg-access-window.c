#include "config.h"

#include <inttypes.h>
#include <glib/gi18n.h>

#include "dg-access-window.h"
#include "dg-format.h"

/* Who Opened What: the view log of a period, per person (dg_access_report ()). */

struct _DgAccessWindow
{
  AdwWindow             parent_instance;

  AdwWindowTitle       *title;
  AdwPreferencesPage   *page;
  GtkLabel             *status;
  GCancellable         *cancellable;
};

G_DEFINE_FINAL_TYPE (DgAccessWindow, dg_access_window, ADW_TYPE_WINDOW)

static void
dg_access_window_dispose (GObject *object)
{
  DgAccessWindow *self = DG_ACCESS_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  G_OBJECT_CLASS (dg_access_window_parent_class)->dispose (object);
}

static void
dg_access_window_class_init (DgAccessWindowClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = dg_access_window_dispose;
}

static void
dg_access_window_init (DgAccessWindow *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();

  self->cancellable = g_cancellable_new ();
  gtk_window_set_title (GTK_WINDOW (self), _("Who Opened What"));
  gtk_window_set_default_size (GTK_WINDOW (self), 720, 620);
  self->title = ADW_WINDOW_TITLE (adw_window_title_new (_("Who Opened What"), NULL));
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), GTK_WIDGET (self->title));
  gtk_box_append (GTK_BOX (box), header);
  self->status = GTK_LABEL (gtk_label_new (_("Reading the view log…")));
  gtk_label_set_wrap (self->status, TRUE);
  gtk_widget_set_margin_top (GTK_WIDGET (self->status), 12);
  gtk_widget_set_margin_start (GTK_WIDGET (self->status), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (self->status), 12);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->status));
  self->page = ADW_PREFERENCES_PAGE (adw_preferences_page_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (self->page), TRUE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->page));
  adw_window_set_content (ADW_WINDOW (self), box);
}

static GtkWidget *
flag_row (const char *title,
          const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");

  gtk_widget_add_css_class (icon, "warning");
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Unusual access"), -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  return row;
}

static void
show_person (DgAccessWindow       *self,
             const DgAccessPerson *person,
             gint64                burst_count,
             gint64                burst_minutes)
{
  GtkWidget *group = adw_preferences_group_new ();
  g_autofree char *records_text = g_strdup_printf (g_dngettext (NULL, "%" PRId64 " record", "%" PRId64 " records",
                                                                person->records), person->records);
  g_autofree char *description = NULL;

  /* TRANSLATORS: "Opened 12 times: 5 records" */
  description = g_strdup_printf (g_dngettext (NULL, "Opened %" PRId64 " time: %s", "Opened %" PRId64 " times: %s",
                                              person->opened),
                                 person->opened, records_text);
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), person->person);
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), description);
  for (guint i = 0; i < person->bursts->len; i++)
    {
      const DgAccessBurst *burst = g_ptr_array_index (person->bursts, i);
      g_autofree char *from = dg_format_time (burst->from);
      g_autofree char *to = dg_format_time (burst->to);
      gint64 n = burst->opened;
      g_autofree char *title = g_strdup_printf (g_dngettext (NULL, "%" PRId64 " opening in a burst", "%" PRId64 " openings in a burst", n), n);
      /* TRANSLATORS: when a burst of openings began and ended, and the rule it broke */
      g_autofree char *subtitle = g_strdup_printf (_("From %s to %s: more than %" PRId64 " within %" PRId64 " minutes"),
                                                   from, to, burst_count, burst_minutes);

      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), flag_row (title, subtitle));
    }
  for (guint i = 0; i < person->never_worked_on->len; i++)
    {
      const DgAccessRecord *record = g_ptr_array_index (person->never_worked_on, i);

      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                                 flag_row (record->reference, _("Opened by someone who never worked on it")));
    }
  if (person->bursts->len + person->never_worked_on->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Nothing unusual"));
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
    }
  adw_preferences_page_add (self->page, ADW_PREFERENCES_GROUP (group));
}

static void
report_read (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(DgAccessWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(DgAccessReport) report = dg_service_access_report_finish (DG_SERVICE (object), result, &error);

  if (report == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        gtk_label_set_text (self->status, error->message);
      return;
    }
  if (report->people->len == 0)
    {
      gtk_label_set_text (self->status, _("Nobody opened a referral in this period."));
      return;
    }
  gtk_label_set_text (self->status, _("Each person’s openings of referrals; unusual access is flagged."));
  for (guint i = 0; i < report->people->len; i++)
    show_person (self, g_ptr_array_index (report->people, i), report->burst_count, report->burst_minutes);
}

DgAccessWindow *
dg_access_window_new (DgService  *service,
                      const char *from,
                      const char *to)
{
  DgAccessWindow *self = g_object_new (DG_TYPE_ACCESS_WINDOW, NULL);
  g_autofree char *from_text = dg_format_date (from);
  g_autofree char *to_text = dg_format_date (to);
  /* TRANSLATORS: the period of the access report, "1 Nov 2026 to 30 Nov 2026" */
  g_autofree char *period = g_strdup_printf (_("%s to %s"), from_text, to_text);

  adw_window_title_set_subtitle (self->title, period);
  dg_service_access_report_async (service, from, to, self->cancellable, report_read, g_object_ref (self));
  return self;
}
