#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* How much of a name from outside a message quotes. */
#define DG_TEXT_GLIMPSE 40

/* @text as a person may be shown it, in a message or on a terminal: always
 * UTF-8 (broken bytes replaced), every control character written \uXXXX
 * (but line breaks and tabs when @keep_layout), and when @max_chars is not
 * -1, at most that many characters, then "…". */
char *dg_text_shown (const char *text,
                     gssize      max_chars,
                     gboolean    keep_layout);

/* Welsh: "a" (and), "â" (with), "gyda" and "tua" end in c or g before a
 * vowel ("Siôn ac Elin", "gydag Owain"). When @out ends with one of those
 * words and a space, and @next begins with a vowel, adds that ending. */
void  dg_text_cy_join  (GString    *out,
                        const char *next);

/* Folds a name for matching, the one folding of names on every engine
 * (child.name_key, and the trigram index over it): no case, no accents,
 * single spaces, and the Latin letters that no accent takes off spelt in
 * ASCII as PostgreSQL's unaccent spells them ("Siân  Ó" → "sian o",
 * "Łukasz Ødegård" → "lukasz odegard", "Strauß" → "strauss"); letters of
 * other scripts are kept. */
char *dg_name_fold     (const char *name);

/* The number of characters to insert, delete or change to turn @a into @b
 * (UTF-8; Levenshtein's distance, counted in characters). */
guint dg_text_edit_distance (const char *a,
                             const char *b);

/* One CSV field: quoted when it must be, and never read as a formula by a
 * spreadsheet (a leading = + - @ is escaped). */
void   dg_csv_field  (GString     *out,
                      const char  *value);

G_END_DECLS
