#pragma once

#include <adwaita.h>

#include "dg-service.h"

G_BEGIN_DECLS

/* The detail's Privacy menu (issue 25). Who Has Viewed: referral @id's
 * view log (who, when, why) in a dialog over @parent. */
void  dg_referral_privacy_who_viewed  (GtkWindow  *parent,
                                       DgService  *service,
                                       gint64      id);
/* Restrict… (or with @lift, Lift Restriction…): asks for the reason,
 * required, and confirms; a manager's. */
void  dg_referral_privacy_restrict    (GtkWindow  *parent,
                                       DgService  *service,
                                       gint64      id,
                                       gboolean    lift);

G_END_DECLS
