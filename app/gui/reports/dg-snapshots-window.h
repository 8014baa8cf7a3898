#pragma once

#include <adwaita.h>

#include "dg-service.h"

G_BEGIN_DECLS

#define DG_TYPE_SNAPSHOTS_WINDOW (dg_snapshots_window_get_type ())
G_DECLARE_FINAL_TYPE (DgSnapshotsWindow, dg_snapshots_window, DG, SNAPSHOTS_WINDOW, AdwWindow)

/* The snapshots of the figures as submitted; "Save This Period…" saves the
 * figures of the referrals received from @from to @to (dates). */
DgSnapshotsWindow *dg_snapshots_window_new (DgService  *service,
                                            const char *from,
                                            const char *to);

G_END_DECLS
