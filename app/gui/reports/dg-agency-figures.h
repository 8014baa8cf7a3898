#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define DG_TYPE_AGENCY_FIGURES (dg_agency_figures_get_type ())
G_DECLARE_FINAL_TYPE (DgAgencyFigures, dg_agency_figures, DG, AGENCY_FIGURES, GtkWidget)

/* "Which agencies are we failing to invite?": per agency, of the meetings
 * held in the period ("from" and "to", dates, bound to the Reports page's),
 * how many expected it, invited it, and that it attended; and what the
 * agencies brought (reports, decision-makers). Reads the application's
 * service when shown and whenever the period changes. Each figure's row
 * emits "open-figure" (figure, agency or NULL, title) to open the meetings
 * behind it. */

/* Whether the figures of the present period are shown (for tests). */
gboolean dg_agency_figures_is_loaded (DgAgencyFigures *self);

G_END_DECLS
