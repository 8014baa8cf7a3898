/* The referrals or meetings behind one figure of the reports
 * (dg-figure-list-window.h). */

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>

#include "dg-figure-list-window.h"
#include "dg-meeting-window.h"
#include "dg-referral-list-model.h"
#include "dg-referral-row.h"
#include "dg-help.h"

/* A state a figure is opened in, and how the choice says it. */
typedef struct
{
  const char *state, *label;
} StateChoice;

struct _DgFigureListWindow
{
  AdwWindow            parent_instance;

  AdwWindowTitle      *window_title;
  GtkDropDown         *state_choice;
  GtkLabel            *count_label;
  GtkListView         *list_view;

  DgService           *service;
  GCancellable        *cancellable;
  char                *from, *to, *clock, *per, *group_kind, *group;
  gboolean             meetings;
  const StateChoice   *states;
  guint                n_states;
  DgReferralListModel *referrals;
  GtkStringList       *meeting_rows;
  GArray              *meeting_ids;
  gint64               count;
  gboolean             ready;
};

G_DEFINE_FINAL_TYPE (DgFigureListWindow, dg_figure_list_window, ADW_TYPE_WINDOW)

enum {
  OPEN_REFERRAL,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The states a figure is opened in: its numerator first, then its
 * denominator, then the rest. */
static const StateChoice clock_states[] = {
  { "on-time", N_("On time (the share’s numerator)") },
  { "measured", N_("Ran their course: on time, late or overdue (the share’s denominator)") },
  { "late", N_("Late") },
  { "excepted", N_("Late with an agreed exception") },
  { "overdue", N_("Overdue") },
  { "pending", N_("Pending") },
  { "all", N_("All") },
}, meeting_states[] = {
  { "complete", N_("Inviting every expected agency (the share’s numerator)") },
  { "all", N_("All held (the share’s denominator)") },
  { "incomplete", N_("Missing an expected agency") },
}, invited_states[] = {
  { "complete", N_("Inviting the agency (the share’s numerator)") },
  { "all", N_("All held (the share’s denominator)") },
  { "incomplete", N_("Not inviting the agency") },
}, attended_states[] = {
  { "complete", N_("Attended by the agency (the share’s numerator)") },
  { "all", N_("All held (the share’s denominator)") },
  { "incomplete", N_("Not attended by the agency") },
}, expected_states[] = {
  { "invited", N_("Expected and invited (the share’s numerator)") },
  { "all", N_("Expected (the share’s denominator)") },
  { "attended", N_("Expected and attended") },
  { "excused", N_("Expected, not invited, with a reason") },
  { "missing", N_("Expected, not invited, without a reason") },
}, report_states[] = {
  { "received", N_("Invited and sent a report (the share’s numerator)") },
  { "all", N_("Invited (the share’s denominator)") },
  { "none", N_("Invited, no report") },
}, decision_states[] = {
  { "yes", N_("Came with someone able to decide (the share’s numerator)") },
  { "all", N_("Came (the share’s denominator)") },
  { "no", N_("Came without anyone able to decide") },
}, register_states[] = {
  { "numerator", N_("In the measure’s numerator") },
  { "all", N_("In its denominator") },
}, register_left_states[] = {
  { "all", N_("Children who left the register in the period") },
};

/* The states the figure of @clock (and @group_kind) is opened in. */
static const StateChoice *
states_of (const char *clock,
           const char *group_kind,
           guint      *n)
{
#define CHOICES(a) (*n = G_N_ELEMENTS (a), a)
  if (g_str_equal (clock, "meetings"))
    return g_strcmp0 (group_kind, "invited") == 0 ? CHOICES (invited_states)
           : g_strcmp0 (group_kind, "attended") == 0 ? CHOICES (attended_states) : CHOICES (meeting_states);
  if (g_str_equal (clock, "expected"))
    return CHOICES (expected_states);
  if (g_str_equal (clock, "report"))
    return CHOICES (report_states);
  if (g_str_equal (clock, "decision-maker"))
    return CHOICES (decision_states);
  if (g_str_equal (clock, "pm28"))
    return CHOICES (register_left_states);
  if (g_str_has_prefix (clock, "pm"))
    return CHOICES (register_states);
  return CHOICES (clock_states);
#undef CHOICES
}

static const char *
state_at (DgFigureListWindow *self,
          guint               position)
{
  return self->states[MIN (position, self->n_states - 1)].state;
}

static void
listed (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DgFigureList) list = dg_service_figure_list_finish (DG_SERVICE (object), result, &error);
  DgFigureListWindow *self;
  g_autofree char *text = NULL;

  if (list == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = DG_FIGURE_LIST_WINDOW (user_data);
  if (list == NULL)
    {
      gtk_label_set_text (self->count_label, error->message);
      return;
    }
  self->count = list->count;
  if (self->meetings)
    {
      g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

      g_array_set_size (self->meeting_ids, 0);
      g_array_append_vals (self->meeting_ids, list->ids->data, list->ids->len);
      for (guint i = 0; i < list->ids->len; i++)
        g_ptr_array_add (names, g_strdup_printf (_("Meeting %" PRId64), g_array_index (list->ids, gint64, i)));
      g_ptr_array_add (names, NULL);
      gtk_string_list_splice (self->meeting_rows, 0, g_list_model_get_n_items (G_LIST_MODEL (self->meeting_rows)),
                              (const char * const *) names->pdata);
      if (list->count == (gint64) list->ids->len)
        text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'" PRId64 " meeting", "%'" PRId64 " meetings", list->count),
                                list->count);
      else
        {
          /* Every agency's contributions count an agency once per meeting. */
          g_autofree char *invitations = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'" PRId64 " agency’s place",
                                                                       "%'" PRId64 " agencies’ places", list->count),
                                                          list->count);

          /* Translators: "%s" is "N agencies' places"; then at how many meetings. */
          text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s, at %'u meeting", "%s, at %'u meetings", list->ids->len),
                                  invitations, list->ids->len);
        }
    }
  else
    {
      dg_referral_list_model_set_ids (self->referrals, (const gint64 *) (gpointer) list->ids->data, list->ids->len);
      if (g_strcmp0 (self->per, "child") == 0)
        {
          g_autofree char *children = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'" PRId64 " child", "%'" PRId64 " children",
                                                                    list->count),
                                                       list->count);

          /* Translators: "%s" is "N children"; then how many referrals they are in. */
          text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s, in %'u referral", "%s, in %'u referrals", list->ids->len),
                                  children, list->ids->len);
        }
      else
        text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'" PRId64 " referral", "%'" PRId64 " referrals", list->count),
                                list->count);
    }
  gtk_label_set_text (self->count_label, text);
  self->ready = TRUE;
}

static void
reload (DgFigureListWindow *self)
{
  DgFigureQuery query = { self->from, self->to, self->clock,
                          state_at (self, gtk_drop_down_get_selected (self->state_choice)),
                          self->per, self->group_kind, self->group };

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->ready = FALSE;
  gtk_label_set_text (self->count_label, _("Counting…"));
  dg_service_figure_list_async (self->service, &query, self->cancellable, listed, self);
}

static void
row_activated (GtkListView        *view,
               guint               position,
               DgFigureListWindow *self)
{
  if (self->meetings)
    {
      DgMeetingWindow *window;

      if (position >= self->meeting_ids->len)
        return;
      window = dg_meeting_window_new (self->service, g_array_index (self->meeting_ids, gint64, position));
      gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (self));
      gtk_window_present (GTK_WINDOW (window));
    }
  else
    {
      g_autoptr(DgReferralRow) row = g_list_model_get_item (G_LIST_MODEL (self->referrals), position);

      if (row != NULL)
        g_signal_emit (self, signals[OPEN_REFERRAL], 0, dg_referral_row_get_id (row));
    }
}

/* A referral's line: its reference, child and when it came in, as the
 * referral list shows them, filled when its page arrives. */
static const char referral_item[] =
  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
  "<interface><template class=\"GtkListItem\"><property name=\"child\">"
  "<object class=\"GtkBox\"><property name=\"spacing\">12</property>"
  "<child><object class=\"GtkLabel\"><property name=\"width-chars\">16</property><property name=\"xalign\">0</property>"
  "<binding name=\"label\"><lookup name=\"reference\" type=\"DgReferralRow\"><lookup name=\"item\">GtkListItem</lookup></lookup></binding>"
  "</object></child>"
  "<child><object class=\"GtkLabel\"><property name=\"hexpand\">True</property><property name=\"xalign\">0</property>"
  "<property name=\"ellipsize\">end</property>"
  "<binding name=\"label\"><lookup name=\"child\" type=\"DgReferralRow\"><lookup name=\"item\">GtkListItem</lookup></lookup></binding>"
  "</object></child>"
  "<child><object class=\"GtkLabel\"><style><class name=\"dim-label\"/></style>"
  "<binding name=\"label\"><lookup name=\"received\" type=\"DgReferralRow\"><lookup name=\"item\">GtkListItem</lookup></lookup></binding>"
  "</object></child>"
  "</object></property></template></interface>";

static const char meeting_item[] =
  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
  "<interface><template class=\"GtkListItem\"><property name=\"child\">"
  "<object class=\"GtkLabel\"><property name=\"xalign\">0</property>"
  "<binding name=\"label\"><lookup name=\"string\" type=\"GtkStringObject\"><lookup name=\"item\">GtkListItem</lookup></lookup></binding>"
  "</object></property></template></interface>";

static void
dg_figure_list_window_dispose (GObject *object)
{
  DgFigureListWindow *self = DG_FIGURE_LIST_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->referrals);
  g_clear_object (&self->meeting_rows);
  g_clear_object (&self->service);
  gtk_widget_dispose_template (GTK_WIDGET (self), DG_TYPE_FIGURE_LIST_WINDOW);

  G_OBJECT_CLASS (dg_figure_list_window_parent_class)->dispose (object);
}

static void
dg_figure_list_window_finalize (GObject *object)
{
  DgFigureListWindow *self = DG_FIGURE_LIST_WINDOW (object);

  g_free (self->from);
  g_free (self->to);
  g_free (self->clock);
  g_free (self->per);
  g_free (self->group_kind);
  g_free (self->group);
  g_clear_pointer (&self->meeting_ids, g_array_unref);

  G_OBJECT_CLASS (dg_figure_list_window_parent_class)->finalize (object);
}

static void
dg_figure_list_window_class_init (DgFigureListWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dg_figure_list_window_dispose;
  object_class->finalize = dg_figure_list_window_finalize;

  signals[OPEN_REFERRAL] = g_signal_new ("open-referral", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                         G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/diogelu/Diogelu/ui/dg-figure-list-window.ui");
  gtk_widget_class_bind_template_child (widget_class, DgFigureListWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, DgFigureListWindow, state_choice);
  gtk_widget_class_bind_template_child (widget_class, DgFigureListWindow, count_label);
  gtk_widget_class_bind_template_child (widget_class, DgFigureListWindow, list_view);
  gtk_widget_class_bind_template_callback (widget_class, row_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
dg_figure_list_window_init (DgFigureListWindow *self)
{
  g_type_ensure (DG_TYPE_REFERRAL_ROW);
  gtk_widget_init_template (GTK_WIDGET (self));
  dg_help_install (GTK_WINDOW (self), "reports");
  self->meeting_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
}

DgFigureListWindow *
dg_figure_list_window_new (DgService           *service,
                           const DgFigureQuery *query,
                           const char          *title)
{
  DgFigureListWindow *self = g_object_new (DG_TYPE_FIGURE_LIST_WINDOW, NULL);
  g_autoptr(GtkStringList) states = gtk_string_list_new (NULL);
  g_autoptr(GBytes) item = NULL;
  g_autofree char *period = NULL;
  GtkSelectionModel *selection;
  guint first = 0;

  self->service = g_object_ref (service);
  self->from = g_strdup (query->from);
  self->to = g_strdup (query->to);
  self->clock = g_strdup (query->clock);
  self->per = g_strdup (query->per);
  self->group_kind = g_strdup (query->group_kind);
  self->group = g_strdup (query->group);
  /* The meetings' figure and the agencies' contributions list meetings. */
  self->meetings = g_strcmp0 (query->clock, "meetings") == 0 || g_strcmp0 (query->clock, "expected") == 0 ||
                   g_strcmp0 (query->clock, "report") == 0 || g_strcmp0 (query->clock, "decision-maker") == 0;
  self->states = states_of (query->clock, query->group_kind, &self->n_states);

  for (guint i = 0; i < self->n_states; i++)
    {
      gtk_string_list_append (states, _(self->states[i].label));
      if (g_strcmp0 (self->states[i].state, query->state) == 0)
        first = i;
    }
  gtk_drop_down_set_model (self->state_choice, G_LIST_MODEL (states));
  gtk_drop_down_set_selected (self->state_choice, first);

  if (self->meetings)
    {
      self->meeting_rows = gtk_string_list_new (NULL);
      selection = GTK_SELECTION_MODEL (gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->meeting_rows))));
      item = g_bytes_new_static (meeting_item, sizeof meeting_item - 1);
    }
  else
    {
      self->referrals = dg_referral_list_model_new (service);
      selection = GTK_SELECTION_MODEL (gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->referrals))));
      item = g_bytes_new_static (referral_item, sizeof referral_item - 1);
    }
  gtk_list_view_set_model (self->list_view, selection);
  g_object_unref (selection);
  gtk_list_view_set_factory (self->list_view, gtk_builder_list_item_factory_new_from_bytes (NULL, item));

  adw_window_title_set_title (self->window_title, title);
  /* Translators: the period of the figure, then how it counts. */
  period = g_strdup_printf (_("%s to %s · %s"), query->from, query->to,
                            self->meetings ? _("per meeting")
                            : g_strcmp0 (query->per, "child") == 0 ? _("per child") : _("per referral"));
  adw_window_title_set_subtitle (self->window_title, period);
  gtk_window_set_title (GTK_WINDOW (self), title);

  g_signal_connect_swapped (self->state_choice, "notify::selected", G_CALLBACK (reload), self);
  reload (self);
  return self;
}

gboolean
dg_figure_list_window_is_ready (DgFigureListWindow *self)
{
  g_return_val_if_fail (DG_IS_FIGURE_LIST_WINDOW (self), FALSE);
  return self->ready;
}

gint64
dg_figure_list_window_get_count (DgFigureListWindow *self)
{
  g_return_val_if_fail (DG_IS_FIGURE_LIST_WINDOW (self), 0);
  return self->count;
}
