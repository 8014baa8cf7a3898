#pragma once

#include <adwaita.h>

#include "dg-service.h"

G_BEGIN_DECLS

#define DG_TYPE_REGISTER_FIGURES (dg_register_figures_get_type ())
G_DECLARE_FINAL_TYPE (DgRegisterFigures, dg_register_figures, DG, REGISTER_FIGURES, GtkWidget)

/* Welsh Government's child protection measures (PM24, PM27, PM28) for
 * [@from, @to] (dates) read through @service, each with its numerator and
 * denominator; a newer call supersedes one still loading. A measure's row
 * emits "open-figure" (its measure, NULL, title) to open the children
 * behind it. */
void     dg_register_figures_load      (DgRegisterFigures *self,
                                        DgService         *service,
                                        const char        *from,
                                        const char        *to);

/* TRUE once the figures of the last load are shown. */
gboolean dg_register_figures_is_loaded (DgRegisterFigures *self);

G_END_DECLS
