#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The text of a spreadsheet's CSV file as UTF-8. Excel's "CSV (Comma
 * delimited)" is Windows-1252, its "Unicode Text" UTF-16 with a byte-order
 * mark: a BOM says UTF-8, UTF-16LE or UTF-16BE; without one, text that is
 * valid UTF-8 is UTF-8, anything else Windows-1252. The UTF-8 BOM is kept
 * out of the result. *@encoding gets the name of what was read ("UTF-8",
 * "UTF-16LE", "UTF-16BE", "Windows-1252"), a static string. %NULL with
 * @error when the bytes are not text in the encoding found. */
char *dg_csv_to_utf8 (const char  *data,
                      gsize        length,
                      gsize       *utf8_length,
                      const char **encoding,
                      GError     **error);

G_END_DECLS
