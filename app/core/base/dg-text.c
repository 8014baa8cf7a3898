#include "config.h"

#include <string.h>

#include "dg-text.h"

char *
dg_text_shown (const char *text,
               gssize      max_chars,
               gboolean    keep_layout)
{
  g_autofree char *valid = g_utf8_make_valid (text, -1);
  GString *out = g_string_sized_new (strlen (valid));
  gssize n = 0;

  for (const char *p = valid; *p; p = g_utf8_next_char (p), n++)
    {
      gunichar c = g_utf8_get_char (p);

      if (n == max_chars)
        {
          g_string_append (out, "…");
          break;
        }
      if (g_unichar_iscntrl (c) && !(keep_layout && (c == '\n' || c == '\t')))
        g_string_append_printf (out, "\\u%04X", c);
      else
        g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

static gboolean
cy_vowel (gunichar c)
{
  /* The base letter of an accented vowel (â, ŵ, ŷ, é…) decides. */
  gunichar decomposed[4];
  gsize n = g_unichar_fully_decompose (g_unichar_tolower (c), FALSE, decomposed, G_N_ELEMENTS (decomposed));

  return n > 0 && strchr ("aeiouwy", (int) decomposed[0]) != NULL && decomposed[0] < 0x80;
}

void
dg_text_cy_join (GString    *out,
                 const char *next)
{
  static const struct { const char *word, *before_vowel; } words[] = {
    { "a", "ac" }, { "A", "Ac" }, { "â", "ag" }, { "Â", "Ag" },
    { "gyda", "gydag" }, { "Gyda", "Gydag" }, { "tua", "tuag" }, { "Tua", "Tuag" },
  };
  gsize end;

  if (next == NULL || *next == '\0' || !g_utf8_validate (next, -1, NULL) || !cy_vowel (g_utf8_get_char (next)) ||
      out->len < 2 || out->str[out->len - 1] != ' ')
    return;
  end = out->len - 1;
  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    {
      gsize len = strlen (words[i].word);

      /* The whole word: at the start, or after a space or a line break. */
      if (end >= len && strncmp (out->str + end - len, words[i].word, len) == 0 &&
          (end == len || g_ascii_isspace (out->str[end - len - 1])))
        {
          g_string_erase (out, end - len, len);
          g_string_insert (out, end - len, words[i].before_vowel);
          return;
        }
    }
}
