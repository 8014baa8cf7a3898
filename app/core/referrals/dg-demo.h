#pragma once

#include "dg-db.h"

G_BEGIN_DECLS

typedef void (*DgDemoProgress) (guint done, guint total, gpointer user_data);

/* Adds @n realistic, entirely synthetic referrals (never real people), spread
 * over the three years before now, reproducible for a given @seed. */
gboolean dg_demo_generate (DgDb            *db,
                           guint            n,
                           guint32          seed,
                           DgDemoProgress   progress,
                           gpointer         user_data,
                           GError         **error);

G_END_DECLS
