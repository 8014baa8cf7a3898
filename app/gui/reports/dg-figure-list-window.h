#pragma once

#include <adwaita.h>

#include "dg-service.h"

G_BEGIN_DECLS

#define DG_TYPE_FIGURE_LIST_WINDOW (dg_figure_list_window_get_type ())
G_DECLARE_FINAL_TYPE (DgFigureListWindow, dg_figure_list_window, DG, FIGURE_LIST_WINDOW, AdwWindow)

/* The referrals (or meetings) behind one figure of the reports, @title
 * naming it: a lazy list of referrals, in the state chosen above it (the
 * figure's numerator, on time, at first; the share's denominator, and each
 * other state, one choice away), worked out afresh from the records.
 * Activating a referral emits "open-referral" with its id; a meeting opens
 * in its own window. @query is copied; its state is the first shown. */
DgFigureListWindow *dg_figure_list_window_new      (DgService           *service,
                                                    const DgFigureQuery *query,
                                                    const char          *title);
/* Whether the list of the state shown has arrived (for tests). */
gboolean            dg_figure_list_window_is_ready (DgFigureListWindow  *self);
/* How many the figure counts in the state shown (per child: children). */
gint64              dg_figure_list_window_get_count (DgFigureListWindow *self);

G_END_DECLS
