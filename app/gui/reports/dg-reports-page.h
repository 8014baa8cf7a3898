#pragma once

#include <adwaita.h>

#include "dg-service.h"

G_BEGIN_DECLS

#define DG_TYPE_REPORTS_PAGE (dg_reports_page_get_type ())
G_DECLARE_FINAL_TYPE (DgReportsPage, dg_reports_page, DG, REPORTS_PAGE, GtkWidget)

/* Managers' figures for a period: per clock the count and the share on time
 * in the inspectorate's words, by agency and by school, a chart of the
 * on-time share by month, and the table as CSV. */
void     dg_reports_page_set_service (DgReportsPage *self,
                                      DgService     *service);
void     dg_reports_page_reload     (DgReportsPage *self);
gboolean dg_reports_page_is_loaded  (DgReportsPage *self);

G_END_DECLS
