#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>

#include "dg-meetings.h"
#include "dg-register-figures.h"
#include "dg-service-register.h"

/* The register's measures in Reports: one row each, titled with the
 * published wording, the numerator and denominator under it, the share
 * (or PM28's average) and the inspectorate's word beside it. */

struct _DgRegisterFigures
{
  GtkWidget     parent_instance;

  AdwActionRow *pm24, *pm27, *pm28;
  GtkLabel     *pm24_value, *pm27_value, *pm28_value;
  GtkLabel     *error;
  GCancellable *cancellable;
  gboolean      loaded;
};

G_DEFINE_FINAL_TYPE (DgRegisterFigures, dg_register_figures, GTK_TYPE_WIDGET)

enum {
  OPEN_FIGURE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
row_activated (AdwActionRow      *row,
               DgRegisterFigures *self)
{
  const char *measure = row == self->pm24 ? "pm24" : row == self->pm27 ? "pm27" : "pm28";

  g_signal_emit (self, signals[OPEN_FIGURE], 0, measure, NULL, adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)));
}

static void
show_measure (DgRegisterFigures       *self,
              const DgRegisterMeasure *m)
{
  AdwActionRow *row = g_str_equal (m->measure, "pm24") ? self->pm24 : g_str_equal (m->measure, "pm27") ? self->pm27 : self->pm28;
  GtkLabel *value = row == self->pm24 ? self->pm24_value : row == self->pm27 ? self->pm27_value : self->pm28_value;
  g_autofree char *name = g_ascii_strup (m->measure, -1);
  g_autofree char *title = g_strdup_printf ("%s · %s", name, m->label);
  g_autofree char *counts = NULL, *subtitle = NULL, *shown = NULL;

  if (row == self->pm28)
    {
      /* TRANSLATORS: PM28's numerator (days on the register) and denominator (children who left it) */
      counts = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "%'" PRId64 " days on the register ÷ %'" PRId64 " child who left it",
                                             "%'" PRId64 " days on the register ÷ %'" PRId64 " children who left it",
                                             m->denominator),
                                m->numerator, m->denominator);
      shown = m->denominator > 0 ? g_strdup_printf (_("%.1f days"), m->share) : g_strdup ("—");
    }
  else
    {
      /* TRANSLATORS: a measure's numerator and denominator, counted per child */
      counts = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'" PRId64 " of %'" PRId64 " child",
                                             "%'" PRId64 " of %'" PRId64 " children", m->denominator),
                                m->numerator, m->denominator);
      shown = m->denominator > 0 ? g_strdup_printf ("%.1f%% — %s", 100 * m->share, dg_quantity_label (m->word)) : g_strdup ("—");
    }
  subtitle = g_strdup_printf ("%s\n%s", counts, m->basis);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (row, subtitle);
  gtk_label_set_text (value, shown);
}

static void
measures_loaded (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DgRegisterMeasures) measures = dg_service_register_measures_finish (DG_SERVICE (object), result, &error);
  DgRegisterFigures *self;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = DG_REGISTER_FIGURES (user_data);
  gtk_widget_set_visible (GTK_WIDGET (self->error), measures == NULL);
  if (measures == NULL)
    {
      gtk_label_set_text (self->error, error->message);
      return;
    }
  for (guint i = 0; i < measures->measures->len; i++)
    show_measure (self, g_ptr_array_index (measures->measures, i));
  self->loaded = TRUE;
}

void
dg_register_figures_load (DgRegisterFigures *self,
                          DgService         *service,
                          const char        *from,
                          const char        *to)
{
  g_return_if_fail (DG_IS_REGISTER_FIGURES (self));
  g_return_if_fail (DG_IS_SERVICE (service));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->loaded = FALSE;
  /* The widget outlives nothing it is given: a cancelled load never calls back into it. */
  dg_service_register_measures_async (service, from, to, self->cancellable, measures_loaded, self);
}

gboolean
dg_register_figures_is_loaded (DgRegisterFigures *self)
{
  g_return_val_if_fail (DG_IS_REGISTER_FIGURES (self), FALSE);
  return self->loaded;
}

static void
dg_register_figures_dispose (GObject *object)
{
  DgRegisterFigures *self = DG_REGISTER_FIGURES (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), DG_TYPE_REGISTER_FIGURES);
  /* GTK 4.8 leaves a GtkWidget subclass's template root to its owner. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL;)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (dg_register_figures_parent_class)->dispose (object);
}

static void
dg_register_figures_class_init (DgRegisterFiguresClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = dg_register_figures_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/diogelu/Diogelu/ui/dg-register-figures.ui");
  gtk_widget_class_bind_template_child (widget_class, DgRegisterFigures, pm24);
  gtk_widget_class_bind_template_child (widget_class, DgRegisterFigures, pm27);
  gtk_widget_class_bind_template_child (widget_class, DgRegisterFigures, pm28);
  gtk_widget_class_bind_template_child (widget_class, DgRegisterFigures, pm24_value);
  gtk_widget_class_bind_template_child (widget_class, DgRegisterFigures, pm27_value);
  gtk_widget_class_bind_template_child (widget_class, DgRegisterFigures, pm28_value);
  gtk_widget_class_bind_template_child (widget_class, DgRegisterFigures, error);
  gtk_widget_class_bind_template_callback (widget_class, row_activated);
  /* A measure's row was activated: its measure (pm24, pm27, pm28, a clock
   * of dg_performance_list ()), NULL and its title. */
  signals[OPEN_FIGURE] = g_signal_new ("open-figure", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                       G_TYPE_NONE, 3, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING);
}

static void
dg_register_figures_init (DgRegisterFigures *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
