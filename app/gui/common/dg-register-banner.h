#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The child protection register's flag, as the intake form and a
 * referral's detail show it: "Previously on the child protection register
 * (from … to …)" for each period of @periods (DgRegisterPeriod) — all of
 * them, or with @earlier_only those begun before the referral — and, when
 * @referral_id registered the child again within 12 months, says so.
 * NULL when there is nothing to flag. @name (may be NULL) leads the text. */
char *dg_register_banner_text (const char *name,
                               GPtrArray  *periods,
                               gboolean    earlier_only,
                               gint64      referral_id);

G_END_DECLS
