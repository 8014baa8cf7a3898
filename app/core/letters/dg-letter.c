#include "config.h"

#include <glib/gi18n-lib.h>
#include <cairo-pdf.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "dg-error.h"
#include "dg-file.h"
#include "dg-letter.h"

#define A4_WIDTH 595.28
#define A4_HEIGHT 841.89
#define MARGIN 64.0
/* The letterhead's logo fits in this box (points) at the top of page one;
 * an SVG is drawn into pixels at four times that size, sharp on paper. */
#define LOGO_WIDTH 180.0
#define LOGO_HEIGHT 54.0
#define LOGO_GAP 14.0
#define LOGO_SCALE 4

struct _DgLetter
{
  PangoLayout *layout;
  GArray      *page_starts;   /* first line of each page */
  GArray      *paragraphs;    /* first line of each paragraph */
  double       margin;
  cairo_surface_t *logo;      /* NULL: none */
  double       logo_width, logo_height;
};

typedef struct
{
  GBytes *bytes;
  gsize   at;
} PngReader;

static cairo_status_t
read_png (void          *closure,
          unsigned char *data,
          unsigned int   length)
{
  PngReader *reader = closure;
  gsize size = 0;
  const guint8 *bytes = g_bytes_get_data (reader->bytes, &size);

  if (reader->at + length > size)
    return CAIRO_STATUS_READ_ERROR;
  memcpy (data, bytes + reader->at, length);
  reader->at += length;
  return CAIRO_STATUS_SUCCESS;
}

/* The SVG drawn at four times the logo's box, keeping its proportions. */
static void
scale_to_box (GdkPixbufLoader *loader,
              int              width,
              int              height,
              gpointer         data)
{
  double scale = MIN (LOGO_WIDTH * LOGO_SCALE / MAX (width, 1), LOGO_HEIGHT * LOGO_SCALE / MAX (height, 1));

  gdk_pixbuf_loader_set_size (loader, MAX (1, (int) (width * scale)), MAX (1, (int) (height * scale)));
}

/* An SVG drawn into pixels (GdkPixbuf's SVG loader, asked for by name: no
 * guessing of types), as a cairo surface. */
static cairo_surface_t *
svg_surface (GBytes *bytes)
{
  g_autoptr(GdkPixbufLoader) loader = gdk_pixbuf_loader_new_with_type ("svg", NULL);
  g_autoptr(GError) error = NULL;
  GdkPixbuf *pixbuf;
  cairo_surface_t *surface;
  const guint8 *pixels;
  int w, h, stride, n_channels, out_stride;
  guint8 *out;

  if (loader == NULL)
    return NULL;
  g_signal_connect (loader, "size-prepared", G_CALLBACK (scale_to_box), NULL);
  if (!gdk_pixbuf_loader_write_bytes (loader, bytes, &error) || !gdk_pixbuf_loader_close (loader, &error) ||
      (pixbuf = gdk_pixbuf_loader_get_pixbuf (loader)) == NULL)
    {
      g_debug ("The logo cannot be read: %s", error ? error->message : "no image");
      return NULL;
    }
  w = gdk_pixbuf_get_width (pixbuf);
  h = gdk_pixbuf_get_height (pixbuf);
  stride = gdk_pixbuf_get_rowstride (pixbuf);
  n_channels = gdk_pixbuf_get_n_channels (pixbuf);
  pixels = gdk_pixbuf_read_pixels (pixbuf);
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, w, h);
  cairo_surface_flush (surface);
  out = cairo_image_surface_get_data (surface);
  out_stride = cairo_image_surface_get_stride (surface);
  /* RGB(A) to cairo's native-endian premultiplied ARGB. */
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        const guint8 *p = pixels + y * stride + x * n_channels;
        guint a = n_channels == 4 ? p[3] : 255;
        guint32 argb = (a << 24) | ((p[0] * a / 255) << 16) | ((p[1] * a / 255) << 8) | (p[2] * a / 255);

        memcpy (out + y * out_stride + x * 4, &argb, 4);
      }
  cairo_surface_mark_dirty (surface);
  return surface;
}

/* @bytes (a PNG or an SVG, as the hub keeps it) as a cairo surface, and the
 * size (points) it is drawn at to fit the logo's box; NULL when it cannot
 * be read, and the letter goes without it. */
static cairo_surface_t *
logo_surface (GBytes *bytes,
              double *width,
              double *height)
{
  static const guint8 png_signature[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  gsize size = 0;
  const guint8 *data = g_bytes_get_data (bytes, &size);
  cairo_surface_t *surface;
  double scale;
  int w = 0, h = 0;

  if (size >= sizeof png_signature && memcmp (data, png_signature, sizeof png_signature) == 0)
    {
      PngReader reader = { bytes, 0 };

      surface = cairo_image_surface_create_from_png_stream (read_png, &reader);
    }
  else
    surface = svg_surface (bytes);
  if (surface == NULL || cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS ||
      (w = cairo_image_surface_get_width (surface)) <= 0 || (h = cairo_image_surface_get_height (surface)) <= 0)
    {
      g_clear_pointer (&surface, cairo_surface_destroy);
      return NULL;
    }
  scale = MIN (LOGO_WIDTH / w, LOGO_HEIGHT / h);
  *width = w * scale;
  *height = h * scale;
  return surface;
}

/* Whether the paragraph of @body from @start to @end is a closing such as
 * "Yours sincerely," or "Yn gywir,": one line ending with a comma. */
static gboolean
is_closing (const char *start,
            const char *end)
{
  while (end > start && g_ascii_isspace (end[-1]))
    end--;
  return end > start && end[-1] == ',' && memchr (start, '\n', end - start) == NULL;
}

/* The byte ranges of @body that must not be broken across pages: from the
 * paragraph before each closing to the end of its signature (the
 * paragraphs after it up to a "* * *" between the two halves of a
 * bilingual letter, or the end), so a sign-off never stands alone on a
 * page. Also the first line of each paragraph, as a list of byte offsets. */
static void
find_blocks (const char *body,
             GArray     *paragraph_offsets,
             GArray     *keep)
{
  const char *p = body;

  while (*p != '\0')
    {
      const char *next = strstr (p, "\n\n");
      const char *end = next ? next : p + strlen (p);
      int offset = p - body;

      g_array_append_val (paragraph_offsets, offset);
      p = next ? next + 2 : end;
      while (*p == '\n')
        p++;
    }

  for (guint i = 1; i < paragraph_offsets->len; i++)
    {
      const char *start = body + g_array_index (paragraph_offsets, int, i);
      const char *stop = i + 1 < paragraph_offsets->len ? body + g_array_index (paragraph_offsets, int, i + 1) : body + strlen (body);
      int range[2];
      guint j;

      if (!is_closing (start, stop))
        continue;
      for (j = i + 1; j < paragraph_offsets->len && !g_str_has_prefix (body + g_array_index (paragraph_offsets, int, j), "* * *"); j++)
        ;
      range[0] = g_array_index (paragraph_offsets, int, i - 1);
      range[1] = j < paragraph_offsets->len ? g_array_index (paragraph_offsets, int, j) : (int) strlen (body);
      g_array_append_vals (keep, range, 2);
    }
}

static int
line_of (PangoLayout *layout,
         int          index)
{
  int line = 0;

  pango_layout_index_to_line_x (layout, index, FALSE, &line, NULL);
  return line;
}

DgLetter *
dg_letter_new (PangoContext *context,
               const char   *body,
               double        width,
               double        height)
{
  return dg_letter_new_with_logo (context, body, NULL, width, height);
}

DgLetter *
dg_letter_new_with_logo (PangoContext *context,
                         const char   *body,
                         GBytes       *logo,
                         double        width,
                         double        height)
{
  DgLetter *self = g_new0 (DgLetter, 1);
  g_autoptr(PangoFontDescription) font = pango_font_description_from_string ("Sans 10.5");
  g_autoptr(GArray) offsets = g_array_new (FALSE, FALSE, sizeof (int));
  g_autoptr(GArray) keep = g_array_new (FALSE, FALSE, sizeof (int));
  g_autoptr(GArray) tops = g_array_new (FALSE, FALSE, sizeof (double));
  double usable = height - 2 * MARGIN;
  double page_top = 0;
  int n_lines, first = 0;
  PangoLayoutIter *iter;

  self->margin = MARGIN;
  if (logo != NULL)
    self->logo = logo_surface (logo, &self->logo_width, &self->logo_height);
  /* Page one's text starts below the logo. */
  if (self->logo != NULL)
    page_top = -(self->logo_height + LOGO_GAP);
  self->layout = pango_layout_new (context);
  pango_layout_set_font_description (self->layout, font);
  pango_layout_set_width (self->layout, pango_units_from_double (width - 2 * MARGIN));
  pango_layout_set_wrap (self->layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_text (self->layout, body, -1);

  find_blocks (body, offsets, keep);
  self->paragraphs = g_array_new (FALSE, FALSE, sizeof (int));
  for (guint i = 0; i < offsets->len; i++)
    {
      int line = line_of (self->layout, g_array_index (offsets, int, i));
      g_array_append_val (self->paragraphs, line);
    }

  /* Each line's top and bottom, in one walk. */
  n_lines = pango_layout_get_line_count (self->layout);
  iter = pango_layout_get_iter (self->layout);
  do
    {
      PangoRectangle logical;
      double edges[2];

      pango_layout_iter_get_line_extents (iter, NULL, &logical);
      edges[0] = pango_units_to_double (logical.y);
      edges[1] = pango_units_to_double (logical.y + logical.height);
      g_array_append_vals (tops, edges, 2);
    }
  while (pango_layout_iter_next_line (iter));
  pango_layout_iter_free (iter);

  /* Pages break between lines, never through one, and never inside a
   * closing's block when the block fits on a page of its own. */
  self->page_starts = g_array_new (FALSE, FALSE, sizeof (int));
  g_array_append_val (self->page_starts, first);
  for (int i = 0; i < n_lines; i++)
    {
      int brk = i;

      if (g_array_index (tops, double, 2 * i + 1) - page_top <= usable)
        continue;
      for (guint k = 0; k < keep->len; k += 2)
        {
          int from = line_of (self->layout, g_array_index (keep, int, k));
          int to = line_of (self->layout, MAX (g_array_index (keep, int, k + 1) - 1, 0));

          if (from < i && i <= to && from > g_array_index (self->page_starts, int, self->page_starts->len - 1) &&
              g_array_index (tops, double, 2 * to + 1) - g_array_index (tops, double, 2 * from) <= usable)
            brk = from;
        }
      g_array_append_val (self->page_starts, brk);
      page_top = g_array_index (tops, double, 2 * brk);
      i = brk;
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
  g_array_unref (self->paragraphs);
  g_clear_pointer (&self->logo, cairo_surface_destroy);
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

  gboolean in_paragraph = FALSE;
  guint paragraph = 0;
  double top = self->margin;

  /* The logo at the top right of page one, the text below it. */
  if (page == 0 && self->logo != NULL)
    {
      double page_width = self->margin * 2 + pango_units_to_double (pango_layout_get_width (self->layout));

      cairo_save (cr);
      cairo_translate (cr, page_width - self->margin - self->logo_width, self->margin);
      cairo_scale (cr, self->logo_width / cairo_image_surface_get_width (self->logo),
                   self->logo_height / cairo_image_surface_get_height (self->logo));
      cairo_set_source_surface (cr, self->logo, 0, 0);
      /* A bounded fill: cairo 1.16 refuses an unbounded paint inside a tagged page. */
      cairo_tag_begin (cr, "Figure", NULL);
      cairo_rectangle (cr, 0, 0, cairo_image_surface_get_width (self->logo), cairo_image_surface_get_height (self->logo));
      cairo_fill (cr);
      cairo_tag_end (cr, "Figure");
      cairo_restore (cr);
      top += self->logo_height + LOGO_GAP;
    }

  /* Each paragraph is tagged as one (a PDF's structure, for a screen
   * reader; other surfaces ignore the tags). */
  cairo_set_source_rgb (cr, 0, 0, 0);
  do
    {
      if (i >= first && i < last)
        {
          PangoLayoutLine *line = pango_layout_iter_get_line_readonly (iter);
          PangoRectangle logical;
          int baseline = pango_layout_iter_get_baseline (iter);

          while (paragraph < self->paragraphs->len && g_array_index (self->paragraphs, int, paragraph) <= i)
            {
              if (in_paragraph)
                cairo_tag_end (cr, "P");
              in_paragraph = FALSE;
              paragraph++;
            }
          if (!in_paragraph)
            {
              cairo_tag_begin (cr, "P", NULL);
              in_paragraph = TRUE;
            }
          pango_layout_iter_get_line_extents (iter, NULL, &logical);
          if (offset < 0)
            offset = pango_units_to_double (logical.y);
          cairo_move_to (cr, self->margin + pango_units_to_double (logical.x),
                         top + pango_units_to_double (baseline) - offset);
          pango_cairo_show_layout_line (cr, line);
        }
      i++;
    }
  while (pango_layout_iter_next_line (iter));
  pango_layout_iter_free (iter);
  if (in_paragraph)
    cairo_tag_end (cr, "P");
}

static cairo_status_t
append_bytes (void                *closure,
              const unsigned char *data,
              unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* Adds /Lang to the PDF's catalog (cairo 1.16 cannot), as an incremental
 * update: a new revision of the catalog object appended after the file,
 * with its own cross-reference section, so nothing cairo wrote moves.
 * A screen reader picks its voice by it. Returns FALSE, leaving @pdf as it
 * was, when the file is not laid out as cairo writes it. */
static gboolean
add_language (GByteArray *pdf,
              const char *language)
{
  /* The trailer is text at the end; the catalog is found through the
   * cross-reference table, never by scanning the compressed streams. */
  gsize tail_at = pdf->len > 1024 ? pdf->len - 1024 : 0;
  g_autofree char *tail = g_strndup ((const char *) pdf->data + tail_at, pdf->len - tail_at);
  g_autofree char *catalog = NULL, *update = NULL, *xref = NULL, *info_ref = NULL;
  const char *trailer, *root, *size, *info, *startxref, *obj, *obj_end, *close;
  gint64 root_id, size_n, xref_at, first, entry_at, obj_at, info_id = -1;
  gsize at;

  trailer = g_strrstr (tail, "trailer");
  startxref = g_strrstr (tail, "startxref");
  if (trailer == NULL || startxref == NULL ||
      (root = strstr (trailer, "/Root ")) == NULL || (size = strstr (trailer, "/Size ")) == NULL)
    return FALSE;
  root_id = g_ascii_strtoll (root + 6, NULL, 10);
  size_n = g_ascii_strtoll (size + 6, NULL, 10);
  xref_at = g_ascii_strtoll (startxref + 9, NULL, 10);
  if ((info = strstr (trailer, "/Info ")) != NULL)
    info_id = g_ascii_strtoll (info + 6, NULL, 10);
  /* "xref\n0 N\n", then one 20-byte entry per object. */
  if (root_id <= 0 || size_n <= root_id || xref_at <= 0 || (gsize) xref_at + 32 > pdf->len ||
      memcmp (pdf->data + xref_at, "xref\n", 5) != 0)
    return FALSE;
  {
    const char *line = (const char *) pdf->data + xref_at + 5;
    char *after = NULL;

    first = g_ascii_strtoll (line, &after, 10);
    if (first != 0 || after == NULL || (after = memchr (after, '\n', 32)) == NULL)
      return FALSE;
    entry_at = (after + 1 - (const char *) pdf->data) + 20 * root_id;
  }
  if ((gsize) entry_at + 20 > pdf->len)
    return FALSE;
  obj_at = g_ascii_strtoll ((const char *) pdf->data + entry_at, NULL, 10);
  if (obj_at <= 0 || (gsize) obj_at >= pdf->len)
    return FALSE;
  {
    g_autofree char *head = g_strdup_printf ("%" G_GINT64_FORMAT " 0 obj", root_id);
    g_autofree char *text = g_strndup ((const char *) pdf->data + obj_at, MIN (pdf->len - obj_at, 4096));

    if (!g_str_has_prefix (text, head) || (obj_end = strstr (text, "endobj")) == NULL ||
        (close = g_strrstr_len (text, obj_end - text, ">>")) == NULL)
      return FALSE;
    obj = text + strlen (head);
    catalog = g_strndup (obj, close - obj);
  }

  at = pdf->len;
  if (pdf->data[at - 1] != '\n')
    {
      g_byte_array_append (pdf, (const guint8 *) "\n", 1);
      at++;
    }
  update = g_strdup_printf ("%" G_GINT64_FORMAT " 0 obj%s   /Lang (%s)\n>>\nendobj\n", root_id, catalog, language);
  info_ref = info_id > 0 ? g_strdup_printf (" /Info %" G_GINT64_FORMAT " 0 R", info_id) : g_strdup ("");
  xref = g_strdup_printf ("xref\n%" G_GINT64_FORMAT " 1\n%010" G_GSIZE_FORMAT " 00000 n \ntrailer\n"
                          "<< /Size %" G_GINT64_FORMAT " /Root %" G_GINT64_FORMAT " 0 R%s /Prev %" G_GINT64_FORMAT " >>\n"
                          "startxref\n%" G_GSIZE_FORMAT "\n%%%%EOF\n",
                          root_id, at, size_n, root_id, info_ref, xref_at, at + strlen (update));
  g_byte_array_append (pdf, (const guint8 *) update, strlen (update));
  g_byte_array_append (pdf, (const guint8 *) xref, strlen (xref));
  return TRUE;
}

GBytes *
dg_letter_pdf_many (const char          *title,
                    const char          *language,
                    const char * const  *bodies,
                    GBytes              *logo,
                    GError             **error)
{
  g_autoptr(GByteArray) pdf = g_byte_array_new ();
  cairo_surface_t *surface;
  cairo_status_t status;
  PangoContext *context;
  cairo_t *cr;

  surface = cairo_pdf_surface_create_for_stream (append_bytes, pdf, A4_WIDTH, A4_HEIGHT);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, title);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Diogelu");
  /* Where a reader of the metadata alone looks for it (pdfinfo shows it). */
  if (language != NULL)
    {
      g_autofree char *keywords = g_strdup_printf ("language: %s", language);
      cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_KEYWORDS, keywords);
    }
  cr = cairo_create (surface);
  context = pango_cairo_create_context (cr);
  cairo_tag_begin (cr, "Document", NULL);
  /* Each letter starts on a page of its own. */
  for (guint l = 0; bodies[l] != NULL; l++)
    {
      g_autoptr(DgLetter) letter = dg_letter_new_with_logo (context, bodies[l], logo, A4_WIDTH, A4_HEIGHT);

      if (l > 0)
        cairo_show_page (cr);
      cairo_tag_begin (cr, "Art", NULL);
      for (guint p = 0; p < dg_letter_n_pages (letter); p++)
        {
          if (p > 0)
            cairo_show_page (cr);
          dg_letter_draw_page (letter, cr, p);
        }
      cairo_tag_end (cr, "Art");
    }
  cairo_tag_end (cr, "Document");
  cairo_show_page (cr);
  g_object_unref (context);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, DG_ERROR, DG_ERROR_IO, _("Cannot make the PDF: %s"), cairo_status_to_string (status));
      return NULL;
    }
  /* A bilingual letter's first language is Welsh. */
  if (language != NULL)
    {
      g_autofree char *tag = g_strndup (language, 2);
      add_language (pdf, tag);
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&pdf));
}

GBytes *
dg_letter_pdf (const char  *title,
               const char  *language,
               const char  *body,
               GBytes      *logo,
               GError     **error)
{
  return dg_letter_pdf_many (title, language, (const char * const[]) { body, NULL }, logo, error);
}

gboolean
dg_letter_write_pdf (const char  *path,
                     const char  *title,
                     const char  *language,
                     const char  *body,
                     GBytes      *logo,
                     GError     **error)
{
  /* Drawn in memory, then written whole by dg_file_write (): cairo opens a
   * path itself, following links, with the umask's mode, and a failed
   * write would leave a truncated letter under the name. */
  g_autoptr(GBytes) pdf = dg_letter_pdf (title, language, body, logo, error);

  if (pdf == NULL)
    {
      g_prefix_error (error, _("Cannot write “%s”: "), path);
      return FALSE;
    }
  return dg_file_write (path, g_bytes_get_data (pdf, NULL), g_bytes_get_size (pdf), error);
}
