#pragma once

#include <adwaita.h>

#include "dg-worker.h"

G_BEGIN_DECLS

#define DG_TYPE_IMPORT_WINDOW (dg_import_window_get_type ())
G_DECLARE_FINAL_TYPE (DgImportWindow, dg_import_window, DG, IMPORT_WINDOW, AdwWindow)

/* A preview of @csv's columns and problems, checked on @worker; "imported"
 * (guint count) when the referrals are saved. */
DgImportWindow *dg_import_window_new (DgWorker   *worker,
                                      GBytes     *csv,
                                      const char *actor);

G_END_DECLS
