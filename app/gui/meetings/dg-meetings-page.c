#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>

#include "dg-application.h"
#include "dg-format.h"
#include "dg-service.h"
#include "dg-meeting-window.h"
#include "dg-meetings.h"
#include "dg-figure-list-window.h"
#include "dg-meetings-page.h"
#include "dg-time.h"
#include "dg-vocab.h"

struct _DgMeetingsPage
{
  GtkWidget       parent_instance;

  GtkEntry       *from_entry;
  GtkEntry       *to_entry;
  GtkCheckButton *incomplete_check;
  GtkLabel       *error_label;
  GtkLabel       *more_label;
  GtkStack       *list_stack;
  GtkListBox     *list;
  GtkBox         *figures;

  DgService       *service;
  DgService      *figures_service;
  GCancellable   *cancellable;
  gboolean        loaded;
};

/* The newest meetings a person can scan; dates reach the rest. */
#define MAX_ROWS 200

G_DEFINE_FINAL_TYPE (DgMeetingsPage, dg_meetings_page, GTK_TYPE_WIDGET)

static void
open_meeting (GtkListBox     *box,
              GtkListBoxRow  *row,
              DgMeetingsPage *self)
{
  gint64 *id = g_object_get_data (G_OBJECT (row), "dg-id");
  DgMeetingWindow *window = dg_meeting_window_new (self->service, *id);

  gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))));
  g_signal_connect_object (window, "changed", G_CALLBACK (dg_meetings_page_reload), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (window));
}

/* The meetings behind an agency's share: those that invited it (or that it
 * attended), then every one held, a choice away. */
static void
share_clicked (GtkButton      *button,
               DgMeetingsPage *self)
{
  const char *from = gtk_editable_get_text (GTK_EDITABLE (self->from_entry));
  const char *to = gtk_editable_get_text (GTK_EDITABLE (self->to_entry));
  DgFigureQuery query = { *from ? from : "1900-01-01", *to ? to : "9999-12-31", "meetings", "complete", NULL,
                          g_object_get_data (G_OBJECT (button), "dg-kind"), g_object_get_data (G_OBJECT (button), "dg-agency") };
  DgFigureListWindow *window;

  if (self->figures_service == NULL)
    return;
  window = dg_figure_list_window_new (self->figures_service, &query, g_object_get_data (G_OBJECT (button), "dg-title"));
  gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))));
  gtk_window_present (GTK_WINDOW (window));
}

/* A share that opens its meetings when clicked. */
static GtkWidget *
share_button (DgMeetingsPage *self,
              GtkWidget      *label,
              GtkWidget      *bar,
              const char     *kind,
              const char     *agency,
              const char     *title)
{
  GtkWidget *button = gtk_button_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  PangoAttrList *attrs = pango_attr_list_new ();

  /* As before it was a button: a button's text would be bold. */
  pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_NORMAL));
  gtk_label_set_attributes (GTK_LABEL (label), attrs);
  pango_attr_list_unref (attrs);

  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), bar);
  gtk_button_set_child (GTK_BUTTON (button), box);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, _("Show the meetings behind this figure"));
  g_object_set_data (G_OBJECT (button), "dg-kind", (gpointer) kind);
  g_object_set_data_full (G_OBJECT (button), "dg-agency", g_strdup (agency), g_free);
  g_object_set_data_full (G_OBJECT (button), "dg-title", g_strdup (title), g_free);
  g_signal_connect (button, "clicked", G_CALLBACK (share_clicked), self);
  return button;
}

static void
show_figures (DgMeetingsPage        *self,
              const DgMeetingReport *report)
{
  gint64 meetings = report->held;
  GtkWidget *child, *group;
  g_autofree char *description = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Over %'" PRId64 " meeting in the period",
                                                               "Over %'" PRId64 " meetings in the period", meetings), meetings);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->figures))) != NULL)
    gtk_box_remove (self->figures, child);

  group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Agencies at Strategy Meetings"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), description);
  gtk_box_append (self->figures, group);

  for (guint i = 0; i < report->agencies->len; i++)
    {
      const DgAgencyShare *a = g_ptr_array_index (report->agencies, i);
      double invited = a->invited_share;
      double attended = a->attended_share;
      /* Translators: e.g. "Education invited to 64% — the majority" */
      g_autofree char *title = g_strdup_printf (_("%s invited to %.0f%% — %s"),
                                                dg_vocab_label (DG_VOCAB_MEETING_AGENCY, a->agency),
                                                100 * invited, dg_quantity_label (a->invited_word));
      g_autofree char *subtitle = g_strdup_printf (_("attended %.0f%%"), 100 * attended);
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
      GtkWidget *label = gtk_label_new (title);
      GtkWidget *sub = gtk_label_new (subtitle);
      GtkWidget *bar_invited = gtk_level_bar_new_for_interval (0, 1);
      GtkWidget *bar_attended = gtk_level_bar_new_for_interval (0, 1);

      if (a->invited == 0 &&
          !g_strv_contains ((const char *[]) { "police", "social-services", "education", "health", "report-maker", NULL },
                            a->agency))
        continue;  /* agencies never invited and not expected add nothing */

      /* Long in Welsh: wrap rather than widen the window. */
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_xalign (GTK_LABEL (sub), 0);
      gtk_widget_add_css_class (sub, "dim-label");
      gtk_widget_add_css_class (sub, "caption");
      gtk_level_bar_set_value (GTK_LEVEL_BAR (bar_invited), invited);
      gtk_level_bar_set_value (GTK_LEVEL_BAR (bar_attended), attended);
      gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (bar_invited), GTK_LEVEL_BAR_OFFSET_LOW);
      gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (bar_invited), GTK_LEVEL_BAR_OFFSET_HIGH);
      gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (bar_invited), GTK_LEVEL_BAR_OFFSET_FULL);
      gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (bar_attended), GTK_LEVEL_BAR_OFFSET_LOW);
      gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (bar_attended), GTK_LEVEL_BAR_OFFSET_HIGH);
      gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (bar_attended), GTK_LEVEL_BAR_OFFSET_FULL);
      gtk_widget_add_css_class (bar_invited, "dg-share");
      gtk_accessible_update_property (GTK_ACCESSIBLE (bar_invited), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
      gtk_accessible_update_property (GTK_ACCESSIBLE (bar_attended), GTK_ACCESSIBLE_PROPERTY_LABEL, subtitle, -1);
      gtk_box_append (GTK_BOX (box), share_button (self, label, bar_invited, "invited", a->agency, title));
      {
        g_autofree char *attended_title = g_strdup_printf ("%s · %s", dg_vocab_label (DG_VOCAB_MEETING_AGENCY, a->agency), subtitle);

        gtk_box_append (GTK_BOX (box), share_button (self, sub, bar_attended, "attended", a->agency, attended_title));
      }
      gtk_widget_set_margin_top (box, 6);
      gtk_widget_set_margin_bottom (box, 6);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), box);
    }
}

static void
report_loaded (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  DgMeetingsPage *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(DgMeetingReport) report = dg_service_meeting_report_finish (DG_SERVICE (object), result, &error);
  GPtrArray *meetings;
  GtkWidget *child;

  if (report == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        gtk_label_set_text (self->error_label, error->message);
      return;
    }
  gtk_label_set_text (self->error_label, "");

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);

  meetings = report->meetings;
  for (guint i = 0; i < meetings->len; i++)
    {
      const DgMeetingSummary *m = g_ptr_array_index (meetings, i);
      gint64 id = m->id;
      g_autofree char *when = dg_format_time (m->at);
      g_autofree char *title = g_strdup_printf ("%s · %s · %s", m->reference, when,
                                                dg_vocab_label (DG_VOCAB_MEETING_KIND, m->kind));
      guint n_missing = g_strv_length (m->missing);
      GString *subtitle = g_string_new (NULL);
      GtkWidget *row = adw_action_row_new ();

      if (n_missing == 0)
        g_string_append (subtitle, _("Every expected agency invited"));
      else
        {
          g_string_append (subtitle, _("Not invited: "));
          for (guint j = 0; j < n_missing; j++)
            g_string_append_printf (subtitle, "%s%s", j ? ", " : "",
                                    dg_vocab_label (DG_VOCAB_MEETING_AGENCY, m->missing[j]));
          gtk_widget_add_css_class (row, "dg-missed");
        }
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle->str);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row),
                                 gtk_image_new_from_icon_name (n_missing ? "dialog-warning-symbolic" : "emblem-ok-symbolic"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_object_set_data_full (G_OBJECT (row), "dg-id", g_memdup2 (&id, sizeof id), g_free);
      gtk_list_box_append (self->list, row);
      g_string_free (subtitle, TRUE);
    }
  gtk_stack_set_visible_child_name (self->list_stack, meetings->len ? "list" : "empty");
  /* A long history is not one endless list: the newest, and a way to the rest. */
  gtk_widget_set_visible (GTK_WIDGET (self->more_label), meetings->len >= MAX_ROWS);
  if (meetings->len >= MAX_ROWS)
    {
      g_autofree char *more = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "The %u most recent are listed. Choose dates to see earlier ones.",
                                                            "The %u most recent are listed. Choose dates to see earlier ones.",
                                                            MAX_ROWS), MAX_ROWS);
      gtk_label_set_text (self->more_label, more);
    }

  show_figures (self, report);
  self->loaded = TRUE;
}

void
dg_meetings_page_reload (DgMeetingsPage *self)
{
  const char *from = gtk_editable_get_text (GTK_EDITABLE (self->from_entry));
  const char *to = gtk_editable_get_text (GTK_EDITABLE (self->to_entry));
  GDate date;
  g_autoptr(GError) error = NULL;

  if (self->figures_service == NULL)
    return;

  /* A half-typed date waits; a wrong one says so. */
  if ((*from && !dg_date_parse (from, _("From"), &date, &error)) ||
      (*to && !dg_date_parse (to, _("To"), &date, &error)))
    {
      gtk_label_set_text (self->error_label, error->message);
      return;
    }

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->loaded = FALSE;
  dg_service_meeting_report_async (self->figures_service, gtk_check_button_get_active (self->incomplete_check),
                                   *from ? from : NULL, *to ? to : NULL, MAX_ROWS, self->cancellable, report_loaded, self);
}

gboolean
dg_meetings_page_is_loaded (DgMeetingsPage *self)
{
  return self->loaded;
}

static void
dg_meetings_page_dispose (GObject *object)
{
  DgMeetingsPage *self = (DgMeetingsPage *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->service);
  g_clear_object (&self->figures_service);
  gtk_widget_dispose_template (GTK_WIDGET (self), DG_TYPE_MEETINGS_PAGE);
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL;)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (dg_meetings_page_parent_class)->dispose (object);
}

static void
dg_meetings_page_class_init (DgMeetingsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dg_meetings_page_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/diogelu/Diogelu/ui/dg-meetings-page.ui");
  gtk_widget_class_bind_template_child (widget_class, DgMeetingsPage, from_entry);
  gtk_widget_class_bind_template_child (widget_class, DgMeetingsPage, to_entry);
  gtk_widget_class_bind_template_child (widget_class, DgMeetingsPage, incomplete_check);
  gtk_widget_class_bind_template_child (widget_class, DgMeetingsPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, DgMeetingsPage, more_label);
  gtk_widget_class_bind_template_child (widget_class, DgMeetingsPage, list_stack);
  gtk_widget_class_bind_template_child (widget_class, DgMeetingsPage, list);
  gtk_widget_class_bind_template_child (widget_class, DgMeetingsPage, figures);
}

static void
dg_meetings_page_init (DgMeetingsPage *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) start = g_date_time_add_months (now, -3);
  g_autofree char *from = g_date_time_format (start, "%Y-%m-%d");
  g_autofree char *to = g_date_time_format (now, "%Y-%m-%d");

  gtk_widget_init_template (GTK_WIDGET (self));

  /* The last three months by default: the period a manager reviews. */
  gtk_editable_set_text (GTK_EDITABLE (self->from_entry), from);
  gtk_editable_set_text (GTK_EDITABLE (self->to_entry), to);
  gtk_stack_set_visible_child_name (self->list_stack, "empty");

  g_signal_connect_swapped (self->from_entry, "changed", G_CALLBACK (dg_meetings_page_reload), self);
  g_signal_connect_swapped (self->to_entry, "changed", G_CALLBACK (dg_meetings_page_reload), self);
  g_signal_connect_swapped (self->incomplete_check, "toggled", G_CALLBACK (dg_meetings_page_reload), self);
  g_signal_connect (self->list, "row-activated", G_CALLBACK (open_meeting), self);
}

void
dg_meetings_page_set_services (DgMeetingsPage *self,
                               DgService      *service,
                               DgService      *figures)
{
  g_return_if_fail (DG_IS_MEETINGS_PAGE (self));

  g_set_object (&self->service, service);
  g_set_object (&self->figures_service, figures);
  /* Loaded when the section is shown (dg_window_show_section()). */
}
