#pragma once

#include <adwaita.h>

#include "dg-service.h"

G_BEGIN_DECLS

#define DG_TYPE_DUE_PAGE (dg_due_page_get_type ())
G_DECLARE_FINAL_TYPE (DgDuePage, dg_due_page, DG, DUE_PAGE, GtkWidget)

/* The Due board: what is overdue, due today, tomorrow and this week, across
 * all referrals, most urgent first. Emits "overdue" (guint) after each load
 * and "open-referral" (gint64) when a row is activated. */
void     dg_due_page_set_service (DgDuePage *self,
                                  DgService *service);
void     dg_due_page_reload     (DgDuePage *self);
gboolean dg_due_page_is_loaded  (DgDuePage *self);

/* How many rows of each heading the first screen lists (50 unless set);
 * Show More lists four screens more. Reloads. */
void       dg_due_page_set_first_rows (DgDuePage *self,
                                       guint      rows);

/* Says that @n letters sent by e-mail were not delivered (0: nothing). */
void dg_due_page_set_failed_letters (DgDuePage *self,
                                     guint      n);

G_END_DECLS
