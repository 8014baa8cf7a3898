#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "dg-csv-encoding.h"
#include "dg-error.h"

static char *
convert (const char  *data,
         gsize        length,
         const char  *from,
         const char  *name,
         gsize       *utf8_length,
         GError     **error)
{
  g_autoptr(GError) local = NULL;
  gsize read = 0;
  char *text = g_convert (data, length, "UTF-8", from, &read, utf8_length, &local);

  if (text == NULL)
    g_set_error (error, DG_ERROR, DG_ERROR_INVALID,
                 /* Translators: %s is an encoding, "UTF-16LE"; %lu a byte offset. */
                 _("The file is not %s text (at byte %lu): %s"), name, (gulong) read, local->message);
  return text;
}

char *
dg_csv_to_utf8 (const char  *data,
                gsize        length,
                gsize       *utf8_length,
                const char **encoding,
                GError     **error)
{
  const char *found;
  gsize skip = 0;
  char *text;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  if (data == NULL)
    data = "";
  if (length >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    found = "UTF-8", skip = 3;
  else if (length >= 2 && memcmp (data, "\xFF\xFE", 2) == 0)
    found = "UTF-16LE", skip = 2;
  else if (length >= 2 && memcmp (data, "\xFE\xFF", 2) == 0)
    found = "UTF-16BE", skip = 2;
  else if (g_utf8_validate_len (data, length, NULL))
    found = "UTF-8";
  else
    found = "Windows-1252";

  if (encoding != NULL)
    *encoding = found;
  if (strcmp (found, "UTF-8") == 0)
    {
      /* Checked as UTF-8 (and for NUL bytes) by the CSV reader, naming the line. */
      text = g_malloc (length - skip + 1);
      memcpy (text, data + skip, length - skip);
      text[length - skip] = '\0';
      if (utf8_length != NULL)
        *utf8_length = length - skip;
      return text;
    }
  /* iconv's CP1252 leaves five bytes (0x81, 0x8D, 0x8F, 0x90, 0x9D) undefined:
   * those are refused rather than guessed. */
  return convert (data + skip, length - skip, strcmp (found, "Windows-1252") == 0 ? "CP1252" : found,
                  found, utf8_length, error);
}
