#pragma once

#include <json-glib/json-glib.h>

#include "dg-db.h"

G_BEGIN_DECLS

/* CSV as RFC 4180 writes it (UTF-8, Windows-1252 or UTF-16 with a BOM as
 * dg_csv_to_utf8() detects; quoted fields may hold commas, quotes
 * and line breaks; CRLF or LF; a leading byte-order mark is ignored): an
 * array of rows, each a NULL-terminated array of fields. Malformed text
 * (a quote left open, a stray quote, a NUL, invalid UTF-8) is refused
 * naming the line. Free with g_ptr_array_unref(). */
GPtrArray  *dg_csv_parse        (const char   *text,
                                 gsize         length,
                                 GError      **error);

/* The referral fields a column can fill, in the order a preview offers them. */
const char * const *dg_import_fields (void);
/* A field as a person reads it, in the interface language. */
const char *dg_import_field_label    (const char *field);

typedef void (*DgImportProgress) (guint    done,
                                  guint    total,
                                  gpointer user_data);

/* Imports referrals from CSV @text with a header row: all rows or none.
 * @mapping maps a header to a field of dg_import_fields() (or "" to skip
 * it); with %NULL, headers are matched to fields by name. Every row is
 * validated before anything is written. Returns
 *   {"rows", "imported", "columns": [{"header", "field", "samples": [the first rows' values]}],
 *    "errors": [{"row", "column", "message"}], "encoding": as dg_csv_to_utf8() found}
 * where "row" is the line of the file the row starts on; with errors, or
 * with @dry_run, nothing is written and "imported" is 0. %NULL with @error
 * only when the text is not CSV or the database fails. */
JsonNode   *dg_import_csv       (DgDb             *db,
                                 const char       *text,
                                 gsize             length,
                                 GHashTable       *mapping,
                                 gboolean          dry_run,
                                 DgImportProgress  progress,
                                 gpointer          user_data,
                                 GError          **error);

/* As dg_import_csv() without @dry_run, for a script that may retry: when
 * @client_token (see dg-token.h) named an earlier import, nothing is
 * written and that import's report comes back with "repeated": true. */
JsonNode   *dg_import_csv_once  (DgDb             *db,
                                 const char       *text,
                                 gsize             length,
                                 GHashTable       *mapping,
                                 const char       *client_token,
                                 GError          **error);

G_END_DECLS
