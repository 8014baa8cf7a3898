#pragma once

#include "dg-db.h"

G_BEGIN_DECLS

/* Autosaved, unsaved forms: written as the person types, restored after a
 * crash or a closed window, deleted once the record itself is saved. */

/* Saves @body (JSON text) as the draft of @kind, replacing the previous one. */
gboolean  dg_draft_save    (DgDb        *db,
                            const char  *kind,
                            const char  *body,
                            GError     **error);

/* The draft of @kind, or %NULL (without error) when there is none. */
char     *dg_draft_load    (DgDb        *db,
                            const char  *kind,
                            GError     **error);

gboolean  dg_draft_discard (DgDb        *db,
                            const char  *kind,
                            GError     **error);

G_END_DECLS
