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

G_END_DECLS
