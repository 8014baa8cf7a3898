#pragma once

#include "dg-db.h"

G_BEGIN_DECLS

/* For the tests only: with @row_by_row, dg_import_csv () on @db writes each
 * row through dg_referral_insert () (the intake's path, and PostgreSQL's)
 * instead of the set statements it uses on SQLite, so the two can be
 * compared. */
void dg_import_set_row_by_row (DgDb     *db,
                               gboolean  row_by_row);

G_END_DECLS
