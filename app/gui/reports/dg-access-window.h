#pragma once

#include <adwaita.h>

#include "dg-service.h"

G_BEGIN_DECLS

#define DG_TYPE_ACCESS_WINDOW (dg_access_window_get_type ())
G_DECLARE_FINAL_TYPE (DgAccessWindow, dg_access_window, DG, ACCESS_WINDOW, AdwWindow)

/* Who Opened What (issue 25): the access report from @from to @to (dates),
 * per person, with unusual access flagged: bursts of openings, and records
 * opened that the person never worked on. */
DgAccessWindow *dg_access_window_new (DgService  *service,
                                      const char *from,
                                      const char *to);

G_END_DECLS
