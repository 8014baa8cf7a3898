#pragma once

#include <adwaita.h>

#include "dg-service.h"

G_BEGIN_DECLS

#define DG_TYPE_AMEND_DIALOG (dg_amend_dialog_get_type ())
G_DECLARE_FINAL_TYPE (DgAmendDialog, dg_amend_dialog, DG, AMEND_DIALOG, AdwWindow)

/* Corrects @referral as shown (its rating, its children, the concern):
 * emits "saved" and closes once stored; a refusal (a stale version, a bad
 * name) is said in the dialog with everything typed kept. Closing with
 * unsaved corrections asks first. */
DgAmendDialog *dg_amend_dialog_new (DgService  *service,
                                    DgReferral *referral);

G_END_DECLS
