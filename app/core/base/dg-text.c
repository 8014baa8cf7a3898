#include "config.h"

#include <stdlib.h>
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

/* The Latin letters that no accent comes off (their NFD is themselves),
 * case folded, spelt as PostgreSQL's unaccent (its unaccent.rules, lower
 * case) spells them: with these, a name folded here and one folded there
 * are the same words, whichever engine indexed it. */
typedef struct
{
  gunichar    letter;
  const char *ascii;
} Latin;

static const Latin latin[] = {
  { 0x00E6, "ae" }, /* æ */
  { 0x00F0, "d" }, /* ð */
  { 0x00F8, "o" }, /* ø */
  { 0x00FE, "th" }, /* þ */
  { 0x0111, "d" }, /* đ */
  { 0x0127, "h" }, /* ħ */
  { 0x0131, "i" }, /* ı */
  { 0x0133, "ij" }, /* ĳ */
  { 0x0138, "q" }, /* ĸ */
  { 0x0140, "l" }, /* ŀ */
  { 0x0142, "l" }, /* ł */
  { 0x014B, "n" }, /* ŋ */
  { 0x0153, "oe" }, /* œ */
  { 0x0167, "t" }, /* ŧ */
  { 0x0180, "b" }, /* ƀ */
  { 0x0183, "b" }, /* ƃ */
  { 0x0188, "c" }, /* ƈ */
  { 0x018C, "d" }, /* ƌ */
  { 0x0192, "f" }, /* ƒ */
  { 0x0195, "hv" }, /* ƕ */
  { 0x0199, "k" }, /* ƙ */
  { 0x019A, "l" }, /* ƚ */
  { 0x019E, "n" }, /* ƞ */
  { 0x01A3, "oi" }, /* ƣ */
  { 0x01A5, "p" }, /* ƥ */
  { 0x01AB, "t" }, /* ƫ */
  { 0x01AD, "t" }, /* ƭ */
  { 0x01B4, "y" }, /* ƴ */
  { 0x01B6, "z" }, /* ƶ */
  { 0x01C6, "dz" }, /* ǆ */
  { 0x01C9, "lj" }, /* ǉ */
  { 0x01CC, "nj" }, /* ǌ */
  { 0x01E5, "g" }, /* ǥ */
  { 0x01F3, "dz" }, /* ǳ */
  { 0x0221, "d" }, /* ȡ */
  { 0x0225, "z" }, /* ȥ */
  { 0x0234, "l" }, /* ȴ */
  { 0x0235, "n" }, /* ȵ */
  { 0x0236, "t" }, /* ȶ */
  { 0x0237, "j" }, /* ȷ */
  { 0x0238, "db" }, /* ȸ */
  { 0x0239, "qp" }, /* ȹ */
  { 0x023C, "c" }, /* ȼ */
  { 0x023F, "s" }, /* ȿ */
  { 0x0240, "z" }, /* ɀ */
  { 0x0247, "e" }, /* ɇ */
  { 0x0249, "j" }, /* ɉ */
  { 0x024D, "r" }, /* ɍ */
  { 0x024F, "y" }, /* ɏ */
  { 0x0253, "b" }, /* ɓ */
  { 0x0255, "c" }, /* ɕ */
  { 0x0256, "d" }, /* ɖ */
  { 0x0257, "d" }, /* ɗ */
  { 0x025B, "e" }, /* ɛ */
  { 0x025F, "j" }, /* ɟ */
  { 0x0260, "g" }, /* ɠ */
  { 0x0261, "g" }, /* ɡ */
  { 0x0262, "g" }, /* ɢ */
  { 0x0266, "h" }, /* ɦ */
  { 0x0267, "h" }, /* ɧ */
  { 0x0268, "i" }, /* ɨ */
  { 0x0269, "i" }, /* ɩ */
  { 0x026A, "i" }, /* ɪ */
  { 0x026B, "l" }, /* ɫ */
  { 0x026C, "l" }, /* ɬ */
  { 0x026D, "l" }, /* ɭ */
  { 0x0271, "m" }, /* ɱ */
  { 0x0272, "n" }, /* ɲ */
  { 0x0273, "n" }, /* ɳ */
  { 0x0274, "n" }, /* ɴ */
  { 0x0276, "oe" }, /* ɶ */
  { 0x027C, "r" }, /* ɼ */
  { 0x027D, "r" }, /* ɽ */
  { 0x027E, "r" }, /* ɾ */
  { 0x0280, "r" }, /* ʀ */
  { 0x0282, "s" }, /* ʂ */
  { 0x0288, "t" }, /* ʈ */
  { 0x0289, "u" }, /* ʉ */
  { 0x028B, "v" }, /* ʋ */
  { 0x028F, "y" }, /* ʏ */
  { 0x0290, "z" }, /* ʐ */
  { 0x0291, "z" }, /* ʑ */
  { 0x0299, "b" }, /* ʙ */
  { 0x029B, "g" }, /* ʛ */
  { 0x029C, "h" }, /* ʜ */
  { 0x029D, "j" }, /* ʝ */
  { 0x029F, "l" }, /* ʟ */
  { 0x02A0, "q" }, /* ʠ */
  { 0x02A3, "dz" }, /* ʣ */
  { 0x02A5, "dz" }, /* ʥ */
  { 0x02A6, "ts" }, /* ʦ */
  { 0x02AA, "ls" }, /* ʪ */
  { 0x02AB, "lz" }, /* ʫ */
  { 0x1D00, "a" }, /* ᴀ */
  { 0x1D01, "ae" }, /* ᴁ */
  { 0x1D03, "b" }, /* ᴃ */
  { 0x1D04, "c" }, /* ᴄ */
  { 0x1D05, "d" }, /* ᴅ */
  { 0x1D06, "d" }, /* ᴆ */
  { 0x1D07, "e" }, /* ᴇ */
  { 0x1D0A, "j" }, /* ᴊ */
  { 0x1D0B, "k" }, /* ᴋ */
  { 0x1D0C, "l" }, /* ᴌ */
  { 0x1D0D, "m" }, /* ᴍ */
  { 0x1D0F, "o" }, /* ᴏ */
  { 0x1D18, "p" }, /* ᴘ */
  { 0x1D1B, "t" }, /* ᴛ */
  { 0x1D1C, "u" }, /* ᴜ */
  { 0x1D20, "v" }, /* ᴠ */
  { 0x1D21, "w" }, /* ᴡ */
  { 0x1D22, "z" }, /* ᴢ */
  { 0x1D6B, "ue" }, /* ᵫ */
  { 0x1D6C, "b" }, /* ᵬ */
  { 0x1D6D, "d" }, /* ᵭ */
  { 0x1D6E, "f" }, /* ᵮ */
  { 0x1D6F, "m" }, /* ᵯ */
  { 0x1D70, "n" }, /* ᵰ */
  { 0x1D71, "p" }, /* ᵱ */
  { 0x1D72, "r" }, /* ᵲ */
  { 0x1D73, "r" }, /* ᵳ */
  { 0x1D74, "s" }, /* ᵴ */
  { 0x1D75, "t" }, /* ᵵ */
  { 0x1D76, "z" }, /* ᵶ */
  { 0x1D7A, "th" }, /* ᵺ */
  { 0x1D7B, "i" }, /* ᵻ */
  { 0x1D7D, "p" }, /* ᵽ */
  { 0x1D7E, "u" }, /* ᵾ */
  { 0x1D80, "b" }, /* ᶀ */
  { 0x1D81, "d" }, /* ᶁ */
  { 0x1D82, "f" }, /* ᶂ */
  { 0x1D83, "g" }, /* ᶃ */
  { 0x1D84, "k" }, /* ᶄ */
  { 0x1D85, "l" }, /* ᶅ */
  { 0x1D86, "m" }, /* ᶆ */
  { 0x1D87, "n" }, /* ᶇ */
  { 0x1D88, "p" }, /* ᶈ */
  { 0x1D89, "r" }, /* ᶉ */
  { 0x1D8A, "s" }, /* ᶊ */
  { 0x1D8C, "v" }, /* ᶌ */
  { 0x1D8D, "x" }, /* ᶍ */
  { 0x1D8E, "z" }, /* ᶎ */
  { 0x1D8F, "a" }, /* ᶏ */
  { 0x1D91, "d" }, /* ᶑ */
  { 0x1D92, "e" }, /* ᶒ */
  { 0x1D93, "e" }, /* ᶓ */
  { 0x1D96, "i" }, /* ᶖ */
  { 0x1D99, "u" }, /* ᶙ */
  { 0x1E9C, "s" }, /* ẜ */
  { 0x1E9D, "s" }, /* ẝ */
  { 0x1EFB, "ll" }, /* ỻ */
  { 0x1EFD, "v" }, /* ỽ */
  { 0x1EFF, "y" }, /* ỿ */
  { 0x2C65, "a" }, /* ⱥ */
  { 0x2C66, "t" }, /* ⱦ */
};

static int
compare_letter (const void *key,
                const void *element)
{
  gunichar c = *(const gunichar *) key, e = *(const gunichar *) element;

  return c < e ? -1 : c > e;
}

/* A folded letter: in ASCII when latin[] spells it, else itself. */
static void
append_folded (GString  *out,
               gunichar  c)
{
  const void *found = c < 0x80 ? NULL : bsearch (&c, latin, G_N_ELEMENTS (latin), sizeof latin[0], compare_letter);

  if (found != NULL)
    g_string_append (out, ((const Latin *) found)->ascii);
  else
    g_string_append_unichar (out, c);
}

char *
dg_name_fold (const char *name)
{
  g_autofree char *nfd = NULL;
  g_autofree char *folded = NULL;
  GString *out;
  gboolean space = TRUE;

  if (name == NULL)
    return g_strdup ("");

  nfd = g_utf8_normalize (name, -1, G_NORMALIZE_NFD);
  if (nfd == NULL)
    return g_strdup ("");
  folded = g_utf8_casefold (nfd, -1);

  out = g_string_new (NULL);
  for (const char *p = folded; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_type (c) == G_UNICODE_NON_SPACING_MARK)
        continue;
      /* A modifier letter (ʼ, ʻ) parts words, as an apostrophe does. */
      if (g_unichar_isalnum (c) && g_unichar_type (c) != G_UNICODE_MODIFIER_LETTER)
        {
          append_folded (out, c);
          space = FALSE;
        }
      else if (!space)
        {
          g_string_append_c (out, ' ');
          space = TRUE;
        }
    }
  if (out->len > 0 && out->str[out->len - 1] == ' ')
    g_string_truncate (out, out->len - 1);

  return g_string_free (out, FALSE);
}


guint
dg_text_edit_distance (const char *a,
                       const char *b)
{
  glong la = 0, lb = 0;
  g_autofree gunichar *ua = g_utf8_to_ucs4_fast (a, -1, &la);
  g_autofree gunichar *ub = g_utf8_to_ucs4_fast (b, -1, &lb);
  g_autofree guint *row = g_new (guint, lb + 1);

  for (glong j = 0; j <= lb; j++)
    row[j] = j;
  for (glong i = 1; i <= la; i++)
    {
      guint diag = row[0];

      row[0] = i;
      for (glong j = 1; j <= lb; j++)
        {
          guint up = row[j];
          guint cost = ua[i - 1] == ub[j - 1] ? 0 : 1;

          row[j] = MIN (MIN (row[j] + 1, row[j - 1] + 1), diag + cost);
          diag = up;
        }
    }

  return row[lb];
}

/* ---- CSV ------------------------------------------------------------------- */

/* OWASP's list of the characters that make a spreadsheet cell a formula
 * (or, for TAB and CR, hide one behind blank space). */
static gboolean
starts_formula (const char *value)
{
  /* strchr () finds the terminating NUL too: an empty field is no formula. */
  return value[0] != '\0' && strchr ("=+-@\t\r", value[0]) != NULL;
}

void
dg_csv_field (GString    *out,
              const char *value)
{
  gboolean formula, quote;

  if (value == NULL)
    return;
  formula = starts_formula (value);
  quote = formula || strpbrk (value, ",\"\r\n") != NULL;
  if (!quote)
    {
      g_string_append (out, value);
      return;
    }
  g_string_append_c (out, '"');
  if (formula)
    g_string_append_c (out, '\'');
  for (const char *p = value; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}
