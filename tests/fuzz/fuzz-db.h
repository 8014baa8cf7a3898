#pragma once

#include "dg-db.h"

G_BEGIN_DECLS

/* The fuzz targets' scratch database: one per process, in a folder of its
 * own under the temporary directory named after @target, with a fixed
 * "now" and actor and no durability (it is thrown away). Opened on the first
 * call; removed, folder and all, when the process exits. */
DgDb *dg_fuzz_db_open  (const char *target);

/* Empties it: the files are removed and a fresh database opened in place. */
DgDb *dg_fuzz_db_reset (const char *target);

G_END_DECLS
