#pragma once

#include <cairo.h>
#include <gio/gio.h>
#include <pango/pango.h>

G_BEGIN_DECLS

/* A letter laid out on A4 pages, for PDF files and for printing. */
typedef struct _DgLetter DgLetter;

/* Lays out @body for pages @width × @height (points) in @context. */
DgLetter *dg_letter_new         (PangoContext *context,
                                 const char   *body,
                                 double        width,
                                 double        height);
/* The same with the letterhead's @logo (PNG or SVG bytes; NULL: none) at
 * the top of page one. */
DgLetter *dg_letter_new_with_logo (PangoContext *context,
                                   const char   *body,
                                   GBytes       *logo,
                                   double        width,
                                   double        height);
void      dg_letter_free        (DgLetter     *self);
guint     dg_letter_n_pages     (DgLetter     *self);
/* Draws page @page (from 0) on @cr, its origin at the page's top-left corner. */
void      dg_letter_draw_page   (DgLetter     *self,
                                 cairo_t      *cr,
                                 guint         page);

/* @body as an A4 PDF titled @title in @language ("en", "cy", or "cy+en"
 * for a bilingual letter, Welsh first), each paragraph tagged, so that a
 * screen reader reads it in order and in its language. */
GBytes   *dg_letter_pdf         (const char   *title,
                                 const char   *language,
                                 const char   *body,
                                 GBytes       *logo,
                                 GError      **error);
/* Several letters in one PDF, each from a new page; @language NULL when
 * they are not all in one. */
GBytes   *dg_letter_pdf_many    (const char          *title,
                                 const char          *language,
                                 const char * const  *bodies,
                                 GBytes              *logo,
                                 GError             **error);
/* The same, written at @path (0600). */
gboolean  dg_letter_write_pdf   (const char   *path,
                                 const char   *title,
                                 const char   *language,
                                 const char   *body,
                                 GBytes       *logo,
                                 GError      **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DgLetter, dg_letter_free)

G_END_DECLS
