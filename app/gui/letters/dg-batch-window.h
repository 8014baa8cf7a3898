#pragma once

#include <adwaita.h>

#include "dg-service.h"

G_BEGIN_DECLS

#define DG_TYPE_BATCH_WINDOW (dg_batch_window_get_type ())
G_DECLARE_FINAL_TYPE (DgBatchWindow, dg_batch_window, DG, BATCH_WINDOW, AdwWindow)

/* Every outcome letter owed to one organisation (a school), for the
 * education liaison worker: each to read, all saved as one PDF or as a
 * folder of e-mails, then marked as sent together. Says so when nothing is
 * owed. Emits "sent" once the letters are recorded. */
DgBatchWindow *dg_batch_window_new          (DgService     *service,
                                             const char    *organisation,
                                             GHashTable    *hub);

/* The letters rendered so far (DgRenderedLetter), and how many are owed
 * (-1 until known). */
GPtrArray     *dg_batch_window_get_letters  (DgBatchWindow *self);
int            dg_batch_window_get_expected (DgBatchWindow *self);

/* What Save PDF… and Save E-mails… write, once a file or folder is chosen
 * (and as tests do without the chooser): on a worker thread, the outcome
 * told in a toast. */
void           dg_batch_window_save_pdf     (DgBatchWindow *self,
                                             GFile         *file);
void           dg_batch_window_save_emails  (DgBatchWindow *self,
                                             GFile         *folder);

G_END_DECLS
