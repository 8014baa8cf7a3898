#pragma once

#include "dg-db.h"

G_BEGIN_DECLS

/* The core's front door: a database opened with the domain's hooks on the
 * store (the clocks), as every program and test opens one. See
 * dg_db_open_with_hooks() for what opening does. */
DgDb *dg_db_open (const char     *path,
                  DgDbOpenFlags   flags,
                  GError        **error);

G_END_DECLS
