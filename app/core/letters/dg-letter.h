#pragma once

#include <cairo.h>
#include <pango/pango.h>

G_BEGIN_DECLS

/* A letter laid out on A4 pages, for PDF files and for printing. */
typedef struct _DgLetter DgLetter;

/* Lays out @body for pages @width × @height (points) in @context. */
DgLetter *dg_letter_new         (PangoContext *context,
                                 const char   *body,
                                 double        width,
                                 double        height);
void      dg_letter_free        (DgLetter     *self);
guint     dg_letter_n_pages     (DgLetter     *self);
/* Draws page @page (from 0) on @cr, its origin at the page's top-left corner. */
void      dg_letter_draw_page   (DgLetter     *self,
                                 cairo_t      *cr,
                                 guint         page);

/* @body as an A4 PDF, titled @title, in memory. */
GBytes   *dg_letter_pdf         (const char   *title,
                                 const char   *body,
                                 GError      **error);

/* Writes @body as an A4 PDF at @path (0600), titled @title. */
gboolean  dg_letter_write_pdf   (const char   *path,
                                 const char   *title,
                                 const char   *body,
                                 GError      **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DgLetter, dg_letter_free)

G_END_DECLS
