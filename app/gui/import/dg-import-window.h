#pragma once

#include <adwaita.h>

#include "dg-service.h"

G_BEGIN_DECLS

#define DG_TYPE_IMPORT_WINDOW (dg_import_window_get_type ())
G_DECLARE_FINAL_TYPE (DgImportWindow, dg_import_window, DG, IMPORT_WINDOW, AdwWindow)

/* A preview of @csv's columns and problems, checked by @service; "imported"
 * (guint count) when the referrals are saved, in the service's actor's name. */
DgImportWindow *dg_import_window_new (DgService *service,
                                      GBytes    *csv);

G_END_DECLS
