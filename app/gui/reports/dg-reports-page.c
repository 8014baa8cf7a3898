#include "config.h"

#include <inttypes.h>
#include <stdio.h>

#include <glib/gi18n.h>

#include "dg-export.h"
#include "dg-text.h"
#include "dg-access-window.h"
#include "dg-snapshots-window.h"
#include "dg-figure-list-window.h"
#include "dg-file.h"
#include "dg-format.h"
#include "dg-agency-figures.h"
#include "dg-service.h"
#include "dg-meetings.h"
#include "dg-chooser.h"
#include "dg-register-figures.h"
#include "dg-reports-page.h"
#include "dg-time.h"
#include "dg-vocab.h"

struct _DgReportsPage
{
  GtkWidget      parent_instance;

  GtkEditable   *from;
  GtkEditable   *to;
  GtkLabel      *error;
  GtkBox        *content;
  DgRegisterFigures *register_figures;
  GtkWidget     *chart;
  DgService     *service;
  GCancellable  *cancellable;
  DgPerformance *report;
  gboolean       loaded;
};

G_DEFINE_FINAL_TYPE (DgReportsPage, dg_reports_page, GTK_TYPE_WIDGET)

enum {
  OPEN_REFERRAL,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The chart's series: the three clocks every referral runs. */
static const char * const series[] = { "acknowledgement", "decision", "outcome" };

static char *
percent (const DgPerformanceRow *o)
{
  if (o->on_time + o->late + o->excepted + o->overdue == 0)
    return g_strdup ("—");
  return g_strdup_printf ("%.0f%% — %s", 100 * o->on_time_share, dg_quantity_label (o->word));
}

static GtkWidget *
table (const char *title)
{
  GtkWidget *group = adw_preferences_group_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  return group;
}

/* What a figure's row opens: the figure's referrals or meetings. */
typedef struct
{
  char *clock, *per, *group_kind, *group, *title;
} Figure;

static void
figure_free (gpointer data)
{
  Figure *f = data;

  g_free (f->clock);
  g_free (f->per);
  g_free (f->group_kind);
  g_free (f->group);
  g_free (f->title);
  g_free (f);
}

static void
figure_open_referral (DgReportsPage *self,
                      gint64         id)
{
  g_signal_emit (self, signals[OPEN_REFERRAL], 0, id);
}

/* Opens the list behind the row's figure, at its numerator. */
static void
figure_activated (AdwActionRow  *row,
                  DgReportsPage *self)
{
  Figure *f = g_object_get_data (G_OBJECT (row), "dg-figure");
  DgFigureQuery query;
  DgFigureListWindow *window;

  if (f == NULL || self->report == NULL || self->service == NULL)
    return;
  query = (DgFigureQuery) { self->report->from, self->report->to, f->clock,
                            g_str_equal (f->clock, "meetings") ? "complete" : "on-time",
                            f->per, f->group_kind, f->group };
  window = dg_figure_list_window_new (self->service, &query, f->title);
  gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))));
  g_signal_connect_object (window, "open-referral", G_CALLBACK (figure_open_referral), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (window));
}

/* Opens the list behind a figure of the agencies' contributions or the
 * register (their widgets' "open-figure"), for the period above. */
static void
open_figure (GtkWidget     *figures,
             const char    *clock,
             const char    *group,
             const char    *title,
             DgReportsPage *self)
{
  gboolean register_measure = g_str_has_prefix (clock, "pm");
  DgFigureQuery query = { gtk_editable_get_text (self->from), gtk_editable_get_text (self->to), clock,
                          register_measure ? (g_str_equal (clock, "pm28") ? "all" : "numerator")
                          : g_str_equal (clock, "expected") ? "invited"
                          : g_str_equal (clock, "report") ? "received" : "yes",
                          register_measure ? "child" : NULL, group ? "agency" : NULL, group };
  DgFigureListWindow *window;

  if (self->service == NULL)
    return;
  window = dg_figure_list_window_new (self->service, &query, title);
  gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))));
  g_signal_connect_object (window, "open-referral", G_CALLBACK (figure_open_referral), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (window));
}

/* A row of figures that opens the referrals behind them: @clock ("meetings"
 * for the meetings' figure), counted @per "event" or "child", and the
 * breakdown's @group_kind and @group (NULL for a whole clock). */
static void
table_row (DgReportsPage          *self,
           GtkWidget              *group,
           const char             *label,
           const DgPerformanceRow *o,
           const char             *subtitle,
           const char             *per,
           const char             *group_kind)
{
  g_autofree char *share = percent (o);
  g_autofree char *clocks = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'" PRId64 " clock", "%'" PRId64 " clocks", o->count),
                                             o->count);
  /* Translators: how many clocks, then how many of them were late, late with an agreed exception, and overdue. */
  g_autofree char *count = subtitle ? g_strdup (subtitle)
                                    : g_strdup_printf (_("%s · late %'" PRId64 " · with an agreed exception %'" PRId64
                                                         " · overdue %'" PRId64),
                                                       clocks, o->late, o->excepted, o->overdue);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *value = gtk_label_new (share);
  Figure *f = g_new0 (Figure, 1);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), label);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), count);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), value);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
  gtk_widget_set_tooltip_text (row, _("Show the referrals behind this figure"));
  f->clock = g_strdup (o->clock ? o->clock : "meetings");
  f->per = g_strdup (per);
  f->group_kind = g_strdup (group_kind);
  f->group = g_strdup (group_kind ? o->group : NULL);
  f->title = g_strdup (label);
  g_object_set_data_full (G_OBJECT (row), "dg-figure", f, figure_free);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_signal_connect_object (row, "activated", G_CALLBACK (figure_activated), self, 0);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
}

/* "2026-11" as the interface says a month: "Nov" in English, "Tach" in
 * Welsh (LC_TIME follows the chosen language); the year under the first
 * month shown and under each January. */
static char *
month_label (const char *month,
             gboolean    with_year)
{
  g_autoptr(GDateTime) first = NULL;
  int y, m;

  if (sscanf (month, "%4d-%2d", &y, &m) != 2 || m < 1 || m > 12)
    return g_strdup (month);
  first = g_date_time_new_utc (y, m, 1, 0, 0, 0);
  return g_date_time_format (first, with_year || m == 1 ? "%b\n%Y" : "%b");
}

/* Text in the widget's font and colour (so dark mode reads it), its
 * top-left corner at @x, @y, or its top centre when @centre. */
static void
chart_text (GtkWidget  *widget,
            cairo_t    *cr,
            const char *text,
            double      x,
            double      y,
            gboolean    centre)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, text);
  int w, h;

  pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
  pango_layout_get_pixel_size (layout, &w, &h);
  cairo_move_to (cr, centre ? x - w / 2.0 : x, y);
  pango_cairo_show_layout (cr, layout);
}

static void
draw_chart (GtkDrawingArea *area,
            cairo_t        *cr,
            int             width,
            int             height,
            gpointer        data)
{
  DgReportsPage *self = data;
  const double colours[][3] = { { 0.21, 0.52, 0.89 }, { 0.18, 0.76, 0.49 }, { 0.96, 0.47, 0.0 } };
  double left = 48, bottom = height - 40, top = 12, right = width - 12;
  GtkWidget *widget = GTK_WIDGET (area);
  GdkRGBA fg;
  GStrv months;
  GPtrArray *by_month;
  guint n;

  if (self->report == NULL)
    return;
  months = self->report->months;
  by_month = self->report->by_month;
  n = g_strv_length (months);
  /* The theme's text colour: dark on light, light on dark. */
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);

  /* Axes and the inspectorate's thresholds (Most 90%, Many 70%). */
  cairo_set_line_width (cr, 1);
  for (int pct = 0; pct <= 100; pct += 10)
    {
      double y = bottom - (bottom - top) * pct / 100.0;
      if (pct % 50 != 0 && pct != 70 && pct != 90)
        continue;
      cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.35);
      cairo_move_to (cr, left, y);
      cairo_line_to (cr, right, y);
      cairo_stroke (cr);
      {
        g_autofree char *label = g_strdup_printf ("%d%%", pct);
        gdk_cairo_set_source_rgba (cr, &fg);
        chart_text (widget, cr, label, 4, y - 9, FALSE);
      }
    }
  if (n == 0)
    return;

  /* Bars: per month, one per clock. */
  for (guint mi = 0; mi < n; mi++)
    {
      double slot = (right - left) / n;
      double bar = MAX (1.0, slot / (G_N_ELEMENTS (series) + 1));
      guint every = n <= 24 ? 1 : n / 12 + 1;

      for (guint s = 0; s < G_N_ELEMENTS (series); s++)
        for (guint i = 0; i < by_month->len; i++)
          {
            const DgPerformanceRow *o = g_ptr_array_index (by_month, i);
            double x, h;

            if (!g_str_equal (o->group, months[mi]) || !g_str_equal (o->clock, series[s]))
              continue;
            x = left + mi * slot + s * bar + bar / 2;
            h = (bottom - top) * o->on_time_share;
            cairo_set_source_rgb (cr, colours[s][0], colours[s][1], colours[s][2]);
            cairo_rectangle (cr, x, bottom - h, bar * 0.9, h);
            cairo_fill (cr);
          }
      if (mi % every == 0)
        {
          g_autofree char *label = month_label (months[mi], mi == 0);

          gdk_cairo_set_source_rgba (cr, &fg);
          chart_text (widget, cr, label, left + (mi + 0.5) * slot, bottom + 4, TRUE);
        }
    }
}

/* A row of figures in words, the title the measure, the words its counts. */
static void
words_row (GtkWidget  *group,
           const char *title,
           const char *words)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), words);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
}

/* The report-maker's ledger: how many chased and how quickly they were
 * answered; the disagreements raised and resolved. */
static void
show_ledger (DgReportsPage *self)
{
  DgPerformance *r = self->report;
  GtkWidget *group = table (_("Report-Maker’s Ledger"));
  g_autofree char *referrals = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'" PRId64 " referral", "%'" PRId64 " referrals",
                                                             r->chased_referrals),
                                                r->chased_referrals);
  g_autofree char *chases = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'" PRId64 " chase", "%'" PRId64 " chases",
                                                          r->chases),
                                             r->chases);
  g_autofree char *answered = g_strdup_printf (_("%'" PRId64 " answered within a working day"), r->chases_in_time);
  g_autofree char *share = r->chases > 0 ? g_strdup_printf (" (%.0f%%)", 100.0 * r->chases_in_time / r->chases)
                                         : g_strdup ("");
  g_autofree char *chased = g_strdup_printf ("%s, %s, %s%s", referrals, chases, answered, share);
  g_autofree char *raised = g_strdup_printf (_("%'" PRId64 " raised"), r->disagreements_raised);
  g_autofree char *resolved = g_strdup_printf (_("%'" PRId64 " resolved"), r->disagreements_resolved);
  g_autofree char *in_time = g_strdup_printf (_("%'" PRId64 " resolved in time"), r->disagreements_in_time);
  g_autofree char *disagreements = g_strdup_printf ("%s, %s, %s", raised, resolved, in_time);

  words_row (group, _("Report-makers who chased"), chased);
  words_row (group, _("Disagreements"), disagreements);
  gtk_box_append (self->content, group);
}

static void
show_report (DgReportsPage *self)
{
  DgPerformance *r = self->report;
  GtkWidget *child, *group, *legend;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->content))) != NULL)
    gtk_box_remove (self->content, child);

  group = table (_("On Time, by Clock, per Referral"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                         _("Each referral counts once, however many children it is about. "
                                           "Late with an agreed exception counts apart, and in the share as not on time."));
  gtk_box_append (self->content, group);
  for (guint i = 0; i < r->clocks->len; i++)
    {
      const DgPerformanceRow *o = g_ptr_array_index (r->clocks, i);
      table_row (self, group, dg_vocab_label (DG_VOCAB_CLOCK, o->clock), o, NULL, "event", NULL);
    }
  {
    /* A meeting that invited every agency expected counts as on time, any
     * other as late: the same share, in the same row, as a clock's. */
    const DgPerformanceRow m = { .clock = (char *) "meetings", .count = r->meetings_held, .on_time = r->meetings_complete,
                                 .late = r->meetings_held - r->meetings_complete, .overdue = 0,
                                 .on_time_share = r->meetings_share, .word = r->meetings_word };
    g_autofree char *held = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'" PRId64 " meeting held", "%'" PRId64 " meetings held",
                                                          r->meetings_held),
                                             r->meetings_held);

    table_row (self, group, _("Strategy meetings inviting every expected agency"), &m, held, NULL, NULL);
  }

  group = table (_("On Time, by Clock, per Child"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                         _("Each child of a referral counts: a conference about three siblings counts three times."));
  gtk_box_append (self->content, group);
  for (guint i = 0; i < r->clocks_per_child->len; i++)
    {
      const DgPerformanceRow *o = g_ptr_array_index (r->clocks_per_child, i);
      table_row (self, group, dg_vocab_label (DG_VOCAB_CLOCK, o->clock), o, NULL, "child", NULL);
    }

  show_ledger (self);

  group = table (_("On-Time Share by Month"));
  legend = gtk_label_new (_("Blue: acknowledgement · Green: decision · Orange: outcome to the report-maker. Lines at 50%, 70% (many) and 90% (most)."));
  gtk_label_set_wrap (GTK_LABEL (legend), TRUE);
  gtk_label_set_xalign (GTK_LABEL (legend), 0);
  gtk_widget_add_css_class (legend, "dim-label");
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), legend);
  self->chart = gtk_drawing_area_new ();
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (self->chart), 220);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (self->chart), draw_chart, self, NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->chart), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Chart of the on-time share by month; the same figures are in the tables"), -1);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), self->chart);
  gtk_box_append (self->content, group);

  group = table (_("Outcomes Fed Back on Time, by Report-maker’s Agency"));
  for (guint i = 0; i < r->by_agency->len; i++)
    {
      const DgPerformanceRow *o = g_ptr_array_index (r->by_agency, i);
      if (g_str_equal (o->clock, "outcome"))
        table_row (self, group, dg_vocab_label (DG_VOCAB_REPORTER_AGENCY, o->group), o, NULL, "event", "agency");
    }
  gtk_box_append (self->content, group);

  group = table (_("Outcomes Fed Back on Time, by School"));
  for (guint i = 0; i < r->by_school->len; i++)
    {
      const DgPerformanceRow *o = g_ptr_array_index (r->by_school, i);
      if (g_str_equal (o->clock, "outcome"))
        table_row (self, group, o->group, o, NULL, "event", "school");
    }
  gtk_box_append (self->content, group);
}

static void
loaded (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  DgReportsPage *self = user_data;
  g_autoptr(GError) error = NULL;
  DgPerformance *report = dg_service_performance_finish (DG_SERVICE (object), result, &error);

  if (report == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        gtk_label_set_text (self->error, error->message);
      return;
    }
  gtk_label_set_text (self->error, "");
  g_clear_pointer (&self->report, dg_performance_unref);
  self->report = report;
  show_report (self);
  self->loaded = TRUE;
}

void
dg_reports_page_reload (DgReportsPage *self)
{
  const char *from = gtk_editable_get_text (self->from);
  const char *to = gtk_editable_get_text (self->to);
  g_autoptr(GError) error = NULL;
  GDate date;

  if (self->service == NULL)
    return;
  if (!dg_date_parse (from, _("From"), &date, &error) || !dg_date_parse (to, _("To"), &date, &error))
    {
      gtk_label_set_text (self->error, error->message);
      return;
    }
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->loaded = FALSE;
  dg_service_performance_async (self->service, from, to, self->cancellable, loaded, self);
  dg_register_figures_load (self->register_figures, self->service, from, to);
}

gboolean
dg_reports_page_is_loaded (DgReportsPage *self)
{
  return self->loaded;
}

/* The rows as the figures' CSV has them: a clock's totals with an empty group. */
static void
csv_rows (GString   *out,
          GPtrArray *rows)
{
  for (guint i = 0; i < rows->len; i++)
    {
      const DgPerformanceRow *o = g_ptr_array_index (rows, i);
      g_autofree char *share = g_strdup_printf ("%.3f", o->on_time_share);
      const char *fields[] = { o->clock, o->group ? o->group : "", NULL, NULL, NULL, NULL, share, o->word };
      g_autofree char *count = g_strdup_printf ("%" G_GINT64_FORMAT, o->count);
      g_autofree char *on_time = g_strdup_printf ("%" G_GINT64_FORMAT, o->on_time);
      g_autofree char *late = g_strdup_printf ("%" G_GINT64_FORMAT, o->late);
      g_autofree char *overdue = g_strdup_printf ("%" G_GINT64_FORMAT, o->overdue);

      fields[2] = count, fields[3] = on_time, fields[4] = late, fields[5] = overdue;
      for (guint f = 0; f < G_N_ELEMENTS (fields); f++)
        {
          if (f > 0)
            g_string_append_c (out, ',');
          dg_csv_field (out, fields[f]);
        }
      g_string_append (out, "\r\n");
    }
}

static void
exported (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  DgReportsPage *self = DG_REPORTS_PAGE (source);
  g_autoptr(GError) error = NULL;

  if (!dg_file_write_finish (result, &error))
    gtk_label_set_text (self->error, error->message);
}

static void
export_chosen (GObject  *owner,
               GFile    *file,
               gpointer  data)
{
  DgReportsPage *self = DG_REPORTS_PAGE (owner);
  g_autoptr(GString) out = g_string_new ("clock,group,count,on_time,late,overdue,on_time_share,word\r\n");
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *path = NULL;

  if (self->report == NULL)
    return;
  csv_rows (out, self->report->clocks);
  csv_rows (out, self->report->by_agency);
  csv_rows (out, self->report->by_school);
  csv_rows (out, self->report->by_month);
  path = g_file_get_path (file);
  bytes = g_string_free_to_bytes (g_steal_pointer (&out));
  /* Written on a worker: a slow or network disk does not hold the window. */
  dg_file_write_async (self, path, bytes, exported, NULL);
}

static void
export_clicked (GtkButton     *button,
                DgReportsPage *self)
{
  if (self->report == NULL)
    return;
  dg_choose_file (GTK_WIDGET (self), _("Export Figures"), GTK_FILE_CHOOSER_ACTION_SAVE, "diogelu-figures.csv", NULL, NULL,
                  export_chosen, self, NULL, NULL);
}

static void
snapshots_clicked (GtkButton     *button,
                   DgReportsPage *self)
{
  DgSnapshotsWindow *window;

  if (self->service == NULL)
    return;
  /* The period the figures on the page are of, not what is being typed. */
  window = dg_snapshots_window_new (self->service, self->report ? self->report->from : gtk_editable_get_text (self->from),
                                    self->report ? self->report->to : gtk_editable_get_text (self->to));
  gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))));
  gtk_window_present (GTK_WINDOW (window));
}

static void
access_clicked (GtkButton     *button,
                DgReportsPage *self)
{
  DgAccessWindow *window;

  if (self->service == NULL)
    return;
  window = dg_access_window_new (self->service, self->report ? self->report->from : gtk_editable_get_text (self->from),
                                 self->report ? self->report->to : gtk_editable_get_text (self->to));
  gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))));
  gtk_window_present (GTK_WINDOW (window));
}

void
dg_reports_page_set_service (DgReportsPage *self,
                             DgService     *service)
{
  g_set_object (&self->service, service);
}

static void
dg_reports_page_dispose (GObject *object)
{
  DgReportsPage *self = (DgReportsPage *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->service);
  g_clear_pointer (&self->report, dg_performance_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), DG_TYPE_REPORTS_PAGE);
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL;)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (dg_reports_page_parent_class)->dispose (object);
}

static void
dg_reports_page_class_init (DgReportsPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = dg_reports_page_dispose;

  g_type_ensure (DG_TYPE_REGISTER_FIGURES);
  /* A referral was opened from a figure's list (the window shows it). */
  signals[OPEN_REFERRAL] = g_signal_new ("open-referral", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                         G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  g_type_ensure (DG_TYPE_AGENCY_FIGURES);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/diogelu/Diogelu/ui/dg-reports-page.ui");
  gtk_widget_class_bind_template_child (widget_class, DgReportsPage, from);
  gtk_widget_class_bind_template_child (widget_class, DgReportsPage, to);
  gtk_widget_class_bind_template_child (widget_class, DgReportsPage, error);
  gtk_widget_class_bind_template_child (widget_class, DgReportsPage, content);
  gtk_widget_class_bind_template_child (widget_class, DgReportsPage, register_figures);
  gtk_widget_class_bind_template_callback (widget_class, open_figure);
  gtk_widget_class_bind_template_callback (widget_class, export_clicked);
  gtk_widget_class_bind_template_callback (widget_class, snapshots_clicked);
  gtk_widget_class_bind_template_callback (widget_class, access_clicked);
}

static void
dg_reports_page_init (DgReportsPage *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) start = g_date_time_add_months (now, -12);
  g_autofree char *from = g_date_time_format (start, "%Y-%m-01");
  g_autofree char *to = g_date_time_format (now, "%Y-%m-%d");

  gtk_widget_init_template (GTK_WIDGET (self));

  /* The last twelve months by default: the span inspectors look at. Typing
   * a period reloads it; setting the default does not. */
  gtk_editable_set_text (self->from, from);
  gtk_editable_set_text (self->to, to);
  g_signal_connect_swapped (self->from, "changed", G_CALLBACK (dg_reports_page_reload), self);
  g_signal_connect_swapped (self->to, "changed", G_CALLBACK (dg_reports_page_reload), self);
}
