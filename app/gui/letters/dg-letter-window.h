#pragma once

#include <adwaita.h>

#include "dg-service.h"

G_BEGIN_DECLS

#define DG_TYPE_LETTER_WINDOW (dg_letter_window_get_type ())
G_DECLARE_FINAL_TYPE (DgLetterWindow, dg_letter_window, DG, LETTER_WINDOW, AdwWindow)

/* One letter to a report-maker, in their language (or another, or both),
 * to review, save as e-mail or PDF, print, and mark as sent. Emits "sent". */
DgLetterWindow *dg_letter_window_new      (DgService  *service,
                                           gint64      referral_id,
                                           const char *kind,
                                           GHashTable *hub);

gboolean        dg_letter_window_is_ready (DgLetterWindow *self);

/* What Save E-mail… and Save PDF… write. */
typedef enum
{
  DG_LETTER_SAVE_EML,
  DG_LETTER_SAVE_PDF,
} DgLetterSaveFormat;

/* Writes the letter shown to @file, as those actions do once a file is
 * chosen (and as tests do without the chooser): composed and written on a
 * worker thread, the outcome told in a toast. Nothing before the letter
 * has arrived. */
void            dg_letter_window_save_to  (DgLetterWindow     *self,
                                           DgLetterSaveFormat  format,
                                           GFile              *file);

/* The letter as rendered, or %NULL before it arrives. */
const DgRenderedLetter *dg_letter_window_get_letter (DgLetterWindow *self);

G_END_DECLS
