#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>

#include "dg-agency-figures.h"
#include "dg-application.h"
#include "dg-meetings.h"
#include "dg-service.h"
#include "dg-vocab.h"

struct _DgAgencyFigures
{
  GtkWidget             parent_instance;

  AdwPreferencesGroup  *agencies;
  AdwPreferencesGroup  *contributions;
  GPtrArray            *rows;          /* the rows added to the groups, to remove them */

  char                 *from;
  char                 *to;
  GCancellable         *cancellable;
  guint                 reload_source;
  gboolean              loaded;
};

G_DEFINE_FINAL_TYPE (DgAgencyFigures, dg_agency_figures, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_FROM,
  PROP_TO,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  OPEN_FIGURE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* What a row opens: the figure @clock of agency @group (NULL: every agency). */
static void
row_activated (AdwActionRow    *row,
               DgAgencyFigures *self)
{
  g_signal_emit (self, signals[OPEN_FIGURE], 0, g_object_get_data (G_OBJECT (row), "dg-clock"),
                 g_object_get_data (G_OBJECT (row), "dg-group"), adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)));
}

/* A row; with @clock, it opens the meetings behind its figure (of agency
 * @agency, or of every agency). */
static void
add_row (DgAgencyFigures     *self,
         AdwPreferencesGroup *group,
         const char          *title,
         const char          *subtitle,
         const char          *clock,
         const char          *agency)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  if (clock != NULL)
    {
      g_object_set_data_full (G_OBJECT (row), "dg-clock", g_strdup (clock), g_free);
      g_object_set_data_full (G_OBJECT (row), "dg-group", g_strdup (agency), g_free);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
      gtk_widget_set_tooltip_text (row, _("Show the meetings behind this figure"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_signal_connect_object (row, "activated", G_CALLBACK (row_activated), self, 0);
    }
  adw_preferences_group_add (group, row);
  g_ptr_array_add (self->rows, row);
}

static void
clear (DgAgencyFigures *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->rows, i);

      adw_preferences_group_remove (ADW_PREFERENCES_GROUP (gtk_widget_get_ancestor (row, ADW_TYPE_PREFERENCES_GROUP)), row);
    }
  g_ptr_array_set_size (self->rows, 0);
}

static int
percent (double share)
{
  return (int) (share * 100 + 0.5);
}

static void
show (DgAgencyFigures        *self,
      const DgMeetingFigures *f)
{
  g_autofree char *reports = NULL, *deciders = NULL;
  guint shown = 0;

  clear (self);
  for (guint i = 0; i < f->agencies->len; i++)
    {
      const DgAgencyFigure *a = g_ptr_array_index (f->agencies, i);
      g_autofree char *text = NULL;

      if (a->expected == 0)
        continue;
      /* TRANSLATORS: of the meetings that expected an agency: "Expected at 12 · invited to 9 (75%, many) · attended 6 (50%) · 3 not invited without a reason" */
      text = g_strdup_printf (_("Expected at %" PRId64 " · invited to %" PRId64 " (%d%%, %s) · attended %" PRId64 " (%d%%) · %" PRId64 " not invited without a reason"),
                              a->expected, a->invited, percent (a->invited_share), dg_quantity_label (a->invited_word),
                              a->attended, percent (a->attended_share), a->missing);
      add_row (self, self->agencies, dg_vocab_label (DG_VOCAB_MEETING_AGENCY, a->agency), text, "expected", a->agency);
      shown++;
    }
  if (shown == 0)
    add_row (self, self->agencies, _("No meetings in the period"), _("No agency was expected at a meeting held in the period."),
             NULL, NULL);

  reports = g_strdup_printf (_("%" PRId64 " of %" PRId64 " agencies invited (%d%%, %s)"),
                             f->reports, f->invitees, percent (f->report_share), dg_quantity_label (f->report_word));
  deciders = g_strdup_printf (_("%" PRId64 " of %" PRId64 " agencies that came (%d%%, %s)"),
                              f->decision_makers, f->attending, percent (f->decision_share), dg_quantity_label (f->decision_word));
  add_row (self, self->contributions, _("Sent a report"), reports, "report", NULL);
  add_row (self, self->contributions, _("Came with someone able to decide for the agency"), deciders, "decision-maker", NULL);
}

static void
loaded (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DgMeetingFigures) figures = dg_service_meeting_figures_finish (DG_SERVICE (object), result, &error);
  DgAgencyFigures *self = user_data;

  if (figures == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      /* A period being typed is not an error worth a dialog: the page says so. */
      clear (self);
      add_row (self, self->agencies, _("Figures not available"), error->message, NULL, NULL);
      self->loaded = TRUE;
      return;
    }
  show (self, figures);
  self->loaded = TRUE;
}

static gboolean
reload (gpointer data)
{
  DgAgencyFigures *self = data;
  GApplication *app = g_application_get_default ();

  self->reload_source = 0;
  if (!DG_IS_APPLICATION (app) || self->from == NULL || self->to == NULL || !gtk_widget_get_mapped (GTK_WIDGET (self)))
    return G_SOURCE_REMOVE;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->loaded = FALSE;
  dg_service_meeting_figures_async (dg_application_get_service (DG_APPLICATION (app)), self->from, self->to,
                                    self->cancellable, loaded, self);
  return G_SOURCE_REMOVE;
}

/* A period is typed a character at a time: read once it rests. */
static void
reload_soon (DgAgencyFigures *self)
{
  self->loaded = FALSE;
  g_clear_handle_id (&self->reload_source, g_source_remove);
  self->reload_source = g_timeout_add (250, reload, self);
}

gboolean
dg_agency_figures_is_loaded (DgAgencyFigures *self)
{
  g_return_val_if_fail (DG_IS_AGENCY_FIGURES (self), FALSE);
  return self->loaded;
}

static void
dg_agency_figures_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (dg_agency_figures_parent_class)->map (widget);
  reload_soon (DG_AGENCY_FIGURES (widget));
}

static void
dg_agency_figures_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  DgAgencyFigures *self = DG_AGENCY_FIGURES (object);
  char **field = prop_id == PROP_FROM ? &self->from : &self->to;

  if (prop_id != PROP_FROM && prop_id != PROP_TO)
    {
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      return;
    }
  if (g_strcmp0 (*field, g_value_get_string (value)) == 0)
    return;
  g_free (*field);
  *field = g_value_dup_string (value);
  reload_soon (self);
}

static void
dg_agency_figures_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  DgAgencyFigures *self = DG_AGENCY_FIGURES (object);

  if (prop_id == PROP_FROM)
    g_value_set_string (value, self->from);
  else if (prop_id == PROP_TO)
    g_value_set_string (value, self->to);
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
dg_agency_figures_dispose (GObject *object)
{
  DgAgencyFigures *self = DG_AGENCY_FIGURES (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->reload_source, g_source_remove);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), DG_TYPE_AGENCY_FIGURES);
  /* The template's box, which no id names. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL;)
    gtk_widget_unparent (child);
  G_OBJECT_CLASS (dg_agency_figures_parent_class)->dispose (object);
}

static void
dg_agency_figures_finalize (GObject *object)
{
  DgAgencyFigures *self = DG_AGENCY_FIGURES (object);

  g_free (self->from);
  g_free (self->to);
  G_OBJECT_CLASS (dg_agency_figures_parent_class)->finalize (object);
}

static void
dg_agency_figures_class_init (DgAgencyFiguresClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dg_agency_figures_dispose;
  object_class->finalize = dg_agency_figures_finalize;
  object_class->set_property = dg_agency_figures_set_property;
  object_class->get_property = dg_agency_figures_get_property;
  widget_class->map = dg_agency_figures_map;

  properties[PROP_FROM] = g_param_spec_string ("from", NULL, NULL, NULL, G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_TO] = g_param_spec_string ("to", NULL, NULL, NULL, G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  /* A figure's row was activated: its figure (a clock of
   * dg_performance_list ()), agency (or NULL) and title. */
  signals[OPEN_FIGURE] = g_signal_new ("open-figure", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                       G_TYPE_NONE, 3, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/diogelu/Diogelu/ui/dg-agency-figures.ui");
  gtk_widget_class_bind_template_child (widget_class, DgAgencyFigures, agencies);
  gtk_widget_class_bind_template_child (widget_class, DgAgencyFigures, contributions);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
dg_agency_figures_init (DgAgencyFigures *self)
{
  self->rows = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}
