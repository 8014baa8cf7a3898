#pragma once

#include <adwaita.h>

#include "dg-service.h"

G_BEGIN_DECLS

#define DG_TYPE_DECISION_DIALOG (dg_decision_dialog_get_type ())
G_DECLARE_FINAL_TYPE (DgDecisionDialog, dg_decision_dialog, DG, DECISION_DIALOG, AdwWindow)

/* Records the decision on referral @id; emits "saved" and closes once stored.
 * A missing rationale is refused inline, next to the reasons. */
DgDecisionDialog *dg_decision_dialog_new (DgService  *service,
                                          gint64      id,
                                          const char *reference,
                                          const char *by);

/* Whether the draft of what is typed has reached the database, and whether
 * opening has finished (a draft, if any, restored): for tests. */
gboolean          dg_decision_dialog_is_draft_saved (DgDecisionDialog *self);
gboolean          dg_decision_dialog_is_ready       (DgDecisionDialog *self);

G_END_DECLS
