#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define DG_TYPE_PASSWORD_DIALOG (dg_password_dialog_get_type ())
G_DECLARE_FINAL_TYPE (DgPasswordDialog, dg_password_dialog, DG, PASSWORD_DIALOG, AdwMessageDialog)

/* Asks for the password of the database server at @shown (its address
 * without a password); @refused: the message that said the last one was
 * not taken, or NULL. Answers with the "response" signal: "connect" or "cancel". */
DgPasswordDialog *dg_password_dialog_new      (GtkWindow        *parent,
                                               const char       *shown,
                                               const char       *refused);
/* What was typed (the dialog's own copy). */
const char       *dg_password_dialog_get_text (DgPasswordDialog *self);
/* Whether to keep it in the keyring. */
gboolean          dg_password_dialog_get_keep (DgPasswordDialog *self);

G_END_DECLS
