#pragma once

#include <adwaita.h>

#include "dg-service.h"

G_BEGIN_DECLS

#define DG_TYPE_NOTIFICATIONS_PAGE (dg_notifications_page_get_type ())
G_DECLARE_FINAL_TYPE (DgNotificationsPage, dg_notifications_page, DG, NOTIFICATIONS_PAGE, GtkWidget)

/* What is owed to report-makers, by organisation; a school's outcomes all at
 * once for the education liaison worker. Emits "owed" (guint count). */
void     dg_notifications_page_set_service (DgNotificationsPage *self,
                                            DgService           *service);
void     dg_notifications_page_reload     (DgNotificationsPage *self);
gboolean dg_notifications_page_is_loaded  (DgNotificationsPage *self);

G_END_DECLS
