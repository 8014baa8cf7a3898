#pragma once

#include "dg-db.h"

G_BEGIN_DECLS

/* Replaces every record in @db with those of the backup file @backup, after
 * checking that it is a Diogelu database no newer than this version and
 * that it passes PRAGMA integrity_check (an older one is upgraded in a
 * temporary copy). The records as they were are first copied into
 * @safety_dir; returns that copy's path, or %NULL with @error set and
 * nothing replaced. The restore is written to the audit trail. */
char *dg_db_restore (DgDb        *db,
                     const char  *backup,
                     const char  *safety_dir,
                     GError     **error);

G_END_DECLS
