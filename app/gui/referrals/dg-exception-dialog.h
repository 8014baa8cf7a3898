#pragma once

#include <adwaita.h>

#include "dg-service.h"

G_BEGIN_DECLS

/* Asks, over @parent, why the referral @id's late or overdue @clock missed
 * its timescale and which senior manager agreed it, and records the
 * exception; the service's ::referral-changed then shows it on the clock.
 * A refusal (a reason left out…) is said in a dialog of its own. */
void dg_exception_dialog_present (GtkWindow  *parent,
                                  DgService  *service,
                                  gint64      id,
                                  const char *clock);

G_END_DECLS
