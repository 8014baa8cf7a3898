#include "config.h"

#include "dg-records-figures.h"

/* Shared, not copied: the boxed types' "copy" takes a reference, so a
 * finish or a GValue never copies a report of thousands of rows. */
G_DEFINE_BOXED_TYPE (DgDueBoard, dg_due_board, dg_due_board_ref, dg_due_board_unref)
G_DEFINE_BOXED_TYPE (DgPerformance, dg_performance, dg_performance_ref, dg_performance_unref)
G_DEFINE_BOXED_TYPE (DgFigureList, dg_figure_list, dg_figure_list_ref, dg_figure_list_unref)

/* ---- The Due board ---------------------------------------------------------------- */

void
dg_due_item_free (DgDueItem *self)
{
  if (self == NULL)
    return;
  g_free (self->reference);
  g_free (self->child);
  g_free (self->clock);
  g_free (self->due);
  g_free (self->state);
  g_free (self->rag);
  g_free (self);
}

DgDueBoard *
dg_due_board_new (void)
{
  DgDueBoard *self = g_atomic_rc_box_new0 (DgDueBoard);

  self->clocks = g_ptr_array_new_with_free_func ((GDestroyNotify) dg_due_item_free);
  return self;
}

DgDueBoard *
dg_due_board_ref (DgDueBoard *self)
{
  return g_atomic_rc_box_acquire (self);
}

static void
due_board_clear (DgDueBoard *self)
{
  g_free (self->today);
  g_ptr_array_unref (self->clocks);
}

void
dg_due_board_unref (DgDueBoard *self)
{
  if (self != NULL)
    g_atomic_rc_box_release_full (self, (GDestroyNotify) due_board_clear);
}

/* ---- The performance report ------------------------------------------------------- */

void
dg_performance_row_free (DgPerformanceRow *self)
{
  if (self == NULL)
    return;
  g_free (self->clock);
  g_free (self->group);
  g_free (self->word);
  g_free (self);
}

DgPerformance *
dg_performance_new (void)
{
  DgPerformance *self = g_atomic_rc_box_new0 (DgPerformance);
  GPtrArray **tables[] = { &self->clocks, &self->clocks_per_child, &self->by_agency, &self->by_school, &self->by_month };

  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    *tables[i] = g_ptr_array_new_with_free_func ((GDestroyNotify) dg_performance_row_free);
  return self;
}

DgPerformance *
dg_performance_ref (DgPerformance *self)
{
  return g_atomic_rc_box_acquire (self);
}

static void
performance_clear (DgPerformance *self)
{
  g_free (self->from);
  g_free (self->to);
  g_ptr_array_unref (self->clocks);
  g_ptr_array_unref (self->clocks_per_child);
  g_ptr_array_unref (self->by_agency);
  g_ptr_array_unref (self->by_school);
  g_ptr_array_unref (self->by_month);
  g_strfreev (self->months);
  g_free (self->meetings_word);
}

void
dg_performance_unref (DgPerformance *self)
{
  if (self != NULL)
    g_atomic_rc_box_release_full (self, (GDestroyNotify) performance_clear);
}

/* ---- The drill-down behind a figure ------------------------------------------------ */

DgFigureList *
dg_figure_list_new (void)
{
  DgFigureList *self = g_atomic_rc_box_new0 (DgFigureList);

  self->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  return self;
}

DgFigureList *
dg_figure_list_ref (DgFigureList *self)
{
  return g_atomic_rc_box_acquire (self);
}

static void
figure_list_clear (DgFigureList *self)
{
  g_array_unref (self->ids);
}

void
dg_figure_list_unref (DgFigureList *self)
{
  if (self != NULL)
    g_atomic_rc_box_release_full (self, (GDestroyNotify) figure_list_clear);
}
