#include "config.h"

#include <glib/gi18n.h>

#include "dg-due-page.h"
#include "dg-format.h"
#include "dg-service.h"
#include "dg-time.h"
#include "dg-timescales.h"
#include "dg-vocab.h"

struct _DgDuePage
{
  GtkWidget      parent_instance;

  GtkStack      *stack;
  GtkBox        *content;
  GtkDropDown   *clock_filter;
  GtkDropDown   *rag_filter;
  AdwStatusPage *error_page;
  DgService     *service;
  GCancellable  *cancellable;
  DgDueBoard    *board;    /* loaded, its rows not yet built */
  gboolean       loaded;
  /* How many rows of each heading are asked for: more as the person asks. */
  guint          limits[DG_DUE_N_HEADINGS];
  guint          first_rows;
  GtkRevealer *failed_revealer;
  GtkLabel    *failed_label;
};

/* Most pressing first: what is due today, then what is already late. */
static const DgDueHeading order[DG_DUE_N_HEADINGS] = {
  DG_DUE_TODAY, DG_DUE_OVERDUE, DG_DUE_TOMORROW, DG_DUE_WEEK, DG_DUE_LATER,
};

G_DEFINE_FINAL_TYPE (DgDuePage, dg_due_page, GTK_TYPE_WIDGET)

enum { OVERDUE, OPEN_REFERRAL, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
row_activated (AdwActionRow *row,
               DgDuePage    *self)
{
  gint64 *id = g_object_get_data (G_OBJECT (row), "dg-id");

  g_signal_emit (self, signals[OPEN_REFERRAL], 0, *id);
}

static void show_more (GtkButton *button, DgDuePage *self);

/* What a row says of its clock: when it is due and, for a late one, by how
 * many working days (never by colour alone). */
static char *
row_subtitle (const DgDueItem *c)
{
  g_autofree char *date = dg_format_date (c->due);
  const char *clock = dg_vocab_label (DG_VOCAB_CLOCK, c->clock);

  if (c->days_overdue == 1)
    return g_strdup_printf (_("%s due %s · Overdue since today"), clock, date);
  if (c->days_overdue > 1)
    /* Translators: %s the clock, %s its due date, %u working days */
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s due %s · Overdue by %u working day",
                                         "%s due %s · Overdue by %u working days", c->days_overdue),
                            clock, date, c->days_overdue);
  return g_strdup_printf (_("%s due %s · %s"), clock, date, dg_vocab_label (DG_VOCAB_CLOCK_STATE, c->state));
}

/* Rows are built when the board is first on screen: a hidden section costs
 * the first screen nothing. */
static void
build_rows (DgDuePage *self)
{
  g_autoptr(DgDueBoard) board = g_steal_pointer (&self->board);
  /* In DgDueHeading's order. */
  const char *titles[DG_DUE_N_HEADINGS] = { N_("Overdue"), N_("Due Today"), N_("Due Tomorrow"), N_("Later This Week"), N_("Later") };
  GtkWidget *groups[DG_DUE_N_HEADINGS] = { NULL };
  const guint *counts = board->counts;
  guint shown[DG_DUE_N_HEADINGS] = { 0 };
  GtkWidget *child;
  guint total = 0;

  for (guint b = 0; b < DG_DUE_N_HEADINGS; b++)
    total += counts[b];

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->content))) != NULL)
    gtk_box_remove (self->content, child);

  for (guint i = 0; i < board->clocks->len; i++)
    {
      const DgDueItem *c = g_ptr_array_index (board->clocks, i);
      DgDueHeading b = c->heading;
      g_autofree char *title = NULL, *subtitle = NULL;
      GtkWidget *row;

      if (groups[b] == NULL)
        {
          groups[b] = adw_preferences_group_new ();
          adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (groups[b]), _(titles[b]));
        }
      shown[b]++;
      title = g_strdup_printf ("%s · %s", c->reference, c->child ? c->child : "");
      subtitle = row_subtitle (c);
      row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      if (b == DG_DUE_OVERDUE)
        adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("dialog-warning-symbolic"));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_object_set_data_full (G_OBJECT (row), "dg-id", g_memdup2 (&c->referral, sizeof c->referral), g_free);
      g_signal_connect (row, "activated", G_CALLBACK (row_activated), self);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (groups[b]), row);
    }

  for (guint o = 0; o < DG_DUE_N_HEADINGS; o++)
    {
      DgDueHeading b = order[o];
      g_autofree char *description = NULL;

      if (groups[b] == NULL)
        continue;
      if (shown[b] < counts[b])
        {
          GtkWidget *more = gtk_button_new_with_label (_("Show More"));

          /* Translators: the first %u counts the running clocks under this heading, the second those listed. */
          description = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'u clock; the %u most urgent are shown",
                                                      "%'u clocks; the %u most urgent are shown", counts[b]),
                                         counts[b], shown[b]);
          /* Every clock is reachable: each press lists more of the heading. */
          gtk_widget_set_valign (more, GTK_ALIGN_CENTER);
          gtk_widget_set_tooltip_text (more, _("List the next most urgent clocks under this heading"));
          g_object_set_data (G_OBJECT (more), "dg-heading", GUINT_TO_POINTER (b));
          g_signal_connect (more, "clicked", G_CALLBACK (show_more), self);
          adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (groups[b]), more);
        }
      else
        description = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'u clock", "%'u clocks", counts[b]), counts[b]);
      adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (groups[b]), description);
      gtk_box_append (self->content, groups[b]);
    }

  gtk_stack_set_visible_child_name (self->stack, total ? "list" : "empty");
}

static void
loaded (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  DgDuePage *self = user_data;
  g_autoptr(GError) error = NULL;
  DgDueBoard *board = dg_service_due_board_finish (DG_SERVICE (object), result, &error);

  if (board == NULL)
    {
      /* A cancelled load belongs to a page that may be gone. */
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
      return;
    }

  g_clear_pointer (&self->board, dg_due_board_unref);
  self->board = board;
  self->loaded = TRUE;
  /* The badge counts every overdue clock, whatever the filters show. */
  if (gtk_drop_down_get_selected (self->clock_filter) == 0 && gtk_drop_down_get_selected (self->rag_filter) == 0)
    g_signal_emit (self, signals[OVERDUE], 0, board->counts[DG_DUE_OVERDUE]);
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    build_rows (self);
}

static void
dg_due_page_map (GtkWidget *widget)
{
  DgDuePage *self = DG_DUE_PAGE (widget);

  GTK_WIDGET_CLASS (dg_due_page_parent_class)->map (widget);
  if (self->board != NULL)
    build_rows (self);
}

void
dg_due_page_reload (DgDuePage *self)
{
  guint clock = gtk_drop_down_get_selected (self->clock_filter);
  guint rag = gtk_drop_down_get_selected (self->rag_filter);
  DgDueQuery query = { NULL };

  if (self->service == NULL)
    return;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->loaded = FALSE;
  if (clock != GTK_INVALID_LIST_POSITION && clock > 0)
    query.clock = dg_vocab_terms (DG_VOCAB_CLOCK)[clock - 1].id;
  /* Each filter lists "All …" then the vocabulary's terms, in order. */
  if (rag != GTK_INVALID_LIST_POSITION && rag > 0)
    query.rag = dg_vocab_terms (DG_VOCAB_RAG)[rag - 1].id;
  memcpy (query.limits, self->limits, sizeof query.limits);
  dg_service_due_worklist_async (self->service, &query, self->cancellable, loaded, self);
}

static void
show_more (GtkButton *button,
           DgDuePage *self)
{
  DgDueHeading b = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "dg-heading"));

  self->limits[b] += 4 * self->first_rows;
  gtk_widget_set_sensitive (GTK_WIDGET (button), FALSE);
  dg_due_page_reload (self);
}

static void
filter_changed (DgDuePage *self)
{
  /* A new question starts from the first screen of each heading. */
  for (guint i = 0; i < DG_DUE_N_HEADINGS; i++)
    self->limits[i] = self->first_rows;
  dg_due_page_reload (self);
}

void
dg_due_page_set_first_rows (DgDuePage *self,
                            guint      rows)
{
  g_return_if_fail (DG_IS_DUE_PAGE (self));
  g_return_if_fail (rows > 0);

  self->first_rows = rows;
  filter_changed (self);
}

gboolean
dg_due_page_is_loaded (DgDuePage *self)
{
  return self->loaded;
}

void
dg_due_page_set_service (DgDuePage *self,
                         DgService *service)
{
  g_set_object (&self->service, service);
  dg_due_page_reload (self);
}

static void
dg_due_page_dispose (GObject *object)
{
  DgDuePage *self = (DgDuePage *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->service);
  g_clear_pointer (&self->board, dg_due_board_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), DG_TYPE_DUE_PAGE);
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL;)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (dg_due_page_parent_class)->dispose (object);
}

static void
dg_due_page_class_init (DgDuePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dg_due_page_dispose;
  widget_class->map = dg_due_page_map;

  signals[OVERDUE] = g_signal_new ("overdue", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 1, G_TYPE_UINT);
  signals[OPEN_REFERRAL] = g_signal_new ("open-referral", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                         G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/diogelu/Diogelu/ui/dg-due-page.ui");
  gtk_widget_class_bind_template_child (widget_class, DgDuePage, stack);
  gtk_widget_class_bind_template_child (widget_class, DgDuePage, failed_revealer);
  gtk_widget_class_bind_template_child (widget_class, DgDuePage, failed_label);
  gtk_widget_class_bind_template_child (widget_class, DgDuePage, content);
  gtk_widget_class_bind_template_child (widget_class, DgDuePage, error_page);
  gtk_widget_class_bind_template_child (widget_class, DgDuePage, clock_filter);
  gtk_widget_class_bind_template_child (widget_class, DgDuePage, rag_filter);
}

static void
dg_due_page_init (DgDuePage *self)
{
  g_autoptr(GtkStringList) clocks = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) ratings = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
  self->first_rows = DG_DUE_BOARD_ROWS;
  for (guint i = 0; i < DG_DUE_N_HEADINGS; i++)
    self->limits[i] = self->first_rows;
  gtk_string_list_append (clocks, _("All clocks"));
  for (const DgTerm *t = dg_vocab_terms (DG_VOCAB_CLOCK); t->id != NULL; t++)
    gtk_string_list_append (clocks, dg_vocab_label (DG_VOCAB_CLOCK, t->id));
  gtk_drop_down_set_model (self->clock_filter, G_LIST_MODEL (clocks));
  gtk_string_list_append (ratings, _("All ratings"));
  for (const DgTerm *t = dg_vocab_terms (DG_VOCAB_RAG); t->id != NULL; t++)
    gtk_string_list_append (ratings, dg_vocab_label (DG_VOCAB_RAG, t->id));
  gtk_drop_down_set_model (self->rag_filter, G_LIST_MODEL (ratings));
  g_signal_connect_swapped (self->clock_filter, "notify::selected", G_CALLBACK (filter_changed), self);
  g_signal_connect_swapped (self->rag_filter, "notify::selected", G_CALLBACK (filter_changed), self);
}

void
dg_due_page_set_failed_letters (DgDuePage *self,
                                guint      n)
{
  g_return_if_fail (DG_IS_DUE_PAGE (self));

  if (n > 0)
    {
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "%u letter sent by e-mail was not delivered: the report-maker has not been told.",
                                                            "%u letters sent by e-mail were not delivered: the report-makers have not been told.",
                                                            n), n);
      gtk_label_set_text (self->failed_label, text);
    }
  gtk_revealer_set_reveal_child (self->failed_revealer, n > 0);
}
