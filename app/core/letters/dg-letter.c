#include "config.h"

#include <glib/gi18n-lib.h>
#include <cairo-pdf.h>
#include <pango/pangocairo.h>

#include "dg-error.h"
#include "dg-file.h"
#include "dg-letter.h"

#define A4_WIDTH 595.28
#define A4_HEIGHT 841.89
#define MARGIN 64.0

struct _DgLetter
{
  PangoLayout *layout;
  GArray      *page_starts;   /* first line of each page */
  double       margin;
};

DgLetter *
dg_letter_new (PangoContext *context,
               const char   *body,
               double        width,
               double        height)
{
  DgLetter *self = g_new0 (DgLetter, 1);
  g_autoptr(PangoFontDescription) font = pango_font_description_from_string ("Sans 10.5");
  double usable = height - 2 * MARGIN;
  double page_top = 0;
  int n_lines;

  self->margin = MARGIN;
  self->layout = pango_layout_new (context);
  pango_layout_set_font_description (self->layout, font);
  pango_layout_set_width (self->layout, pango_units_from_double (width - 2 * MARGIN));
  pango_layout_set_wrap (self->layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_text (self->layout, body, -1);

  /* Pages break between lines, never through one. */
  self->page_starts = g_array_new (FALSE, FALSE, sizeof (int));
  n_lines = pango_layout_get_line_count (self->layout);
  {
    int first = 0;
    g_array_append_val (self->page_starts, first);
  }
  for (int i = 0; i < n_lines; i++)
    {
      PangoRectangle logical;
      PangoLayoutIter *iter = pango_layout_get_iter (self->layout);
      double bottom;

      for (int j = 0; j < i; j++)
        pango_layout_iter_next_line (iter);
      pango_layout_iter_get_line_extents (iter, NULL, &logical);
      pango_layout_iter_free (iter);
      bottom = pango_units_to_double (logical.y + logical.height);
      if (bottom - page_top > usable)
        {
          g_array_append_val (self->page_starts, i);
          page_top = pango_units_to_double (logical.y);
        }
    }

  return self;
}

void
dg_letter_free (DgLetter *self)
{
  if (self == NULL)
    return;
  g_clear_object (&self->layout);
  g_array_unref (self->page_starts);
  g_free (self);
}

guint
dg_letter_n_pages (DgLetter *self)
{
  return self->page_starts->len;
}

void
dg_letter_draw_page (DgLetter *self,
                     cairo_t  *cr,
                     guint     page)
{
  int first = g_array_index (self->page_starts, int, page);
  int last = page + 1 < self->page_starts->len ? g_array_index (self->page_starts, int, page + 1) : pango_layout_get_line_count (self->layout);
  PangoLayoutIter *iter = pango_layout_get_iter (self->layout);
  double offset = -1;
  int i = 0;

  cairo_set_source_rgb (cr, 0, 0, 0);
  do
    {
      if (i >= first && i < last)
        {
          PangoLayoutLine *line = pango_layout_iter_get_line_readonly (iter);
          PangoRectangle logical;
          int baseline = pango_layout_iter_get_baseline (iter);

          pango_layout_iter_get_line_extents (iter, NULL, &logical);
          if (offset < 0)
            offset = pango_units_to_double (logical.y);
          cairo_move_to (cr, self->margin + pango_units_to_double (logical.x),
                         self->margin + pango_units_to_double (baseline) - offset);
          pango_cairo_show_layout_line (cr, line);
        }
      i++;
    }
  while (pango_layout_iter_next_line (iter));
  pango_layout_iter_free (iter);
}

static cairo_status_t
append_bytes (void                *closure,
              const unsigned char *data,
              unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

GBytes *
dg_letter_pdf (const char  *title,
               const char  *body,
               GError     **error)
{
  g_autoptr(GByteArray) pdf = g_byte_array_new ();
  g_autoptr(DgLetter) letter = NULL;
  cairo_surface_t *surface;
  cairo_status_t status;
  PangoContext *context;
  cairo_t *cr;

  /* Drawn in memory: a file is written whole by dg_letter_write_pdf (), an
   * e-mail attaches the bytes. */
  surface = cairo_pdf_surface_create_for_stream (append_bytes, pdf, A4_WIDTH, A4_HEIGHT);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, title);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Diogelu");
  cr = cairo_create (surface);
  context = pango_cairo_create_context (cr);
  letter = dg_letter_new (context, body, A4_WIDTH, A4_HEIGHT);
  for (guint p = 0; p < dg_letter_n_pages (letter); p++)
    {
      dg_letter_draw_page (letter, cr, p);
      cairo_show_page (cr);
    }
  g_object_unref (context);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, DG_ERROR, DG_ERROR_IO, _("Cannot make the PDF letter: %s"), cairo_status_to_string (status));
      return NULL;
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&pdf));
}

gboolean
dg_letter_write_pdf (const char  *path,
                     const char  *title,
                     const char  *body,
                     GError     **error)
{
  g_autoptr(GBytes) pdf = NULL;

  /* Written whole by dg_file_write (): cairo opens a path itself, following
   * links, with the umask's mode, and a failed write would leave a
   * truncated letter under the name. */
  pdf = dg_letter_pdf (title, body, error);
  if (pdf == NULL)
    {
      g_prefix_error (error, "%s: ", path);
      return FALSE;
    }
  return dg_file_write (path, g_bytes_get_data (pdf, NULL), g_bytes_get_size (pdf), error);
}
