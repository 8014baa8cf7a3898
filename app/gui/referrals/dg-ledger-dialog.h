#pragma once

#include <adwaita.h>

#include "dg-service.h"

G_BEGIN_DECLS

/* What a DgLedgerDialog records. */
typedef enum
{
  DG_LEDGER_DIALOG_CHASE,
  DG_LEDGER_DIALOG_DISAGREEMENT,
  DG_LEDGER_DIALOG_LANGUAGE,
} DgLedgerDialogKind;

#define DG_TYPE_LEDGER_DIALOG (dg_ledger_dialog_get_type ())
G_DECLARE_FINAL_TYPE (DgLedgerDialog, dg_ledger_dialog, DG, LEDGER_DIALOG, AdwWindow)

/* Records a chase, a disagreement's next step or a language choice on
 * @referral, now; emits "saved" and closes once stored. A refusal is shown
 * inline, naming the field. */
DgLedgerDialog *dg_ledger_dialog_new (DgService          *service,
                                      DgReferral         *referral,
                                      DgLedgerDialogKind  kind);

/* Where the ledger of @referral stands, for the detail's buttons and the
 * dialog's choices: the open disagreement's latest step (NULL: none open),
 * and whether a chase is waiting for its answer. */
const char     *dg_ledger_open_disagreement (DgReferral *referral);
gboolean        dg_ledger_chase_open        (DgReferral *referral);

G_END_DECLS
