#pragma once

#include <json-glib/json-glib.h>

#include "dg-db.h"

G_BEGIN_DECLS

/* The rules that say which agencies a meeting expects, by concern (a
 * category of harm, a child's age band, a disability, or "always"), each
 * from a date on, newest first per concern and agency:
 * [{"concern", "agency", "effective_from", "expected", "source"}]. */
JsonArray *dg_expected_rules    (DgDb        *db,
                                 GError     **error);

/* From @effective_from on, @concern expects @agency (or, with @expected
 * %FALSE, no longer does); meetings held from then on are counted by it,
 * earlier ones keep the rules they had. Police and social services are
 * always expected. Audited. */
gboolean   dg_expected_rule_set (DgDb        *db,
                                 const char  *concern,
                                 const char  *agency,
                                 gboolean     expected,
                                 const char  *effective_from,
                                 GError     **error);

G_END_DECLS
