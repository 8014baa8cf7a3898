#include "config.h"

#include <string.h>

#include "dg-file.h"
#include "dg-letter.h"
#include "dg-letter-files.h"

/* Everything the worker needs, copied. */
typedef struct
{
  DgLetterFilesFormat  format;
  GPtrArray           *letters;   /* DgRenderedLetter */
  char                *path;
  char                *title;
  char                *from;
  GDateTime           *date;
} Write;

static void
write_free (gpointer data)
{
  Write *w = data;

  g_ptr_array_unref (w->letters);
  g_free (w->path);
  g_free (w->title);
  g_free (w->from);
  g_date_time_unref (w->date);
  g_free (w);
}

static gboolean
write_eml (Write                  *w,
           const DgRenderedLetter *letter,
           const char             *path,
           GError                **error)
{
  g_autofree char *eml = dg_service_letter_eml (letter, w->from, w->date);

  return dg_file_write (path, eml, strlen (eml), error);
}

static gboolean
write_pdf (Write   *w,
           GError **error)
{
  const DgRenderedLetter *first = w->letters->len > 0 ? g_ptr_array_index (w->letters, 0) : NULL;
  g_autoptr(GBytes) logo = first != NULL ? dg_rendered_letter_get_logo (first) : NULL;
  g_autoptr(GPtrArray) bodies = g_ptr_array_new ();
  g_autoptr(GBytes) pdf = NULL;

  if (w->format == DG_LETTER_FILES_PDF)
    return first != NULL && dg_letter_write_pdf (w->path, first->subject, first->language, first->body, logo, error);

  for (guint i = 0; i < w->letters->len; i++)
    g_ptr_array_add (bodies, ((DgRenderedLetter *) g_ptr_array_index (w->letters, i))->body);
  g_ptr_array_add (bodies, NULL);
  pdf = dg_letter_pdf_many (w->title, NULL, (const char * const *) bodies->pdata, logo, error);
  return pdf != NULL && dg_file_write (w->path, g_bytes_get_data (pdf, NULL), g_bytes_get_size (pdf), error);
}

static void
write_thread (GTask        *task,
              gpointer      source,
              gpointer      data,
              GCancellable *cancellable)
{
  Write *w = data;
  g_autoptr(GError) error = NULL;
  gboolean written = TRUE;

  switch (w->format)
    {
    case DG_LETTER_FILES_PDF:
    case DG_LETTER_FILES_PDF_ALL:
      written = write_pdf (w, &error);
      break;
    case DG_LETTER_FILES_EML:
      written = w->letters->len > 0 && write_eml (w, g_ptr_array_index (w->letters, 0), w->path, &error);
      break;
    case DG_LETTER_FILES_EML_EACH:
      for (guint i = 0; written && i < w->letters->len; i++)
        {
          const DgRenderedLetter *letter = g_ptr_array_index (w->letters, i);
          g_autofree char *name = g_strdup_printf ("%s-outcome.eml", letter->reference);
          g_autofree char *path = g_build_filename (w->path, name, NULL);

          written = write_eml (w, letter, path, &error);
        }
      break;
    }
  if (written)
    g_task_return_int (task, w->letters->len);
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

void
dg_letter_files_write_async (gpointer             source_object,
                             GPtrArray           *letters,
                             DgLetterFilesFormat  format,
                             const char          *path,
                             const char          *title,
                             const char          *from,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Write *w;

  g_return_if_fail (letters != NULL);
  g_return_if_fail (path != NULL);

  w = g_new0 (Write, 1);
  w->format = format;
  w->letters = g_ptr_array_new_full (letters->len, (GDestroyNotify) dg_rendered_letter_free);
  for (guint i = 0; i < letters->len; i++)
    g_ptr_array_add (w->letters, dg_rendered_letter_copy (g_ptr_array_index (letters, i)));
  w->path = g_strdup (path);
  w->title = g_strdup (title);
  w->from = g_strdup (from);
  w->date = g_date_time_new_now_local ();
  task = g_task_new (source_object, NULL, callback, user_data);
  g_task_set_source_tag (task, dg_letter_files_write_async);
  g_task_set_task_data (task, w, write_free);
  g_task_run_in_thread (task, write_thread);
}

guint
dg_letter_files_write_finish (GAsyncResult  *result,
                              GError       **error)
{
  gssize written;

  g_return_val_if_fail (G_IS_TASK (result), 0);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == dg_letter_files_write_async, 0);

  written = g_task_propagate_int (G_TASK (result), error);
  return written > 0 ? (guint) written : 0;
}
