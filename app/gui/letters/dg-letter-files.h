#pragma once

#include "dg-service.h"

G_BEGIN_DECLS

/* Letters written to files on a worker thread: composing a PDF lays each
 * letter out with Pango and draws it with cairo, in a context of its own,
 * and no widget is touched. For the letter window and the batch window. */

typedef enum
{
  DG_LETTER_FILES_PDF,       /* the one letter as a PDF at the path, with its subject and language */
  DG_LETTER_FILES_PDF_ALL,   /* the letters in one PDF at the path, each from a page of its own */
  DG_LETTER_FILES_EML,       /* the one letter as an e-mail file at the path */
  DG_LETTER_FILES_EML_EACH,  /* an e-mail file per letter, REFERENCE-outcome.eml, in the folder at the path */
} DgLetterFilesFormat;

/* Writes @letters (DgRenderedLetter, copied: the window may render others,
 * or close, while it writes) to @path as @format says, the e-mails from
 * @from (may be NULL) dated now, the PDF of them all titled @title. Not
 * cancelled with
 * @source_object, which is held until @callback is called: what was chosen
 * to be saved is saved. */
void  dg_letter_files_write_async  (gpointer             source_object,
                                    GPtrArray           *letters,
                                    DgLetterFilesFormat  format,
                                    const char          *path,
                                    const char          *title,
                                    const char          *from,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data);
/* How many letters were written, or 0 with @error set. */
guint dg_letter_files_write_finish (GAsyncResult        *result,
                                    GError             **error);

G_END_DECLS
