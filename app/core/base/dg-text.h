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

G_END_DECLS
