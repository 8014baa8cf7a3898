#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Spell-checks @view as it is typed, through enchant-2, in @language ("en":
 * the en_GB dictionary, hunspell-en-gb; "cy": the Welsh one, aspell-cy):
 * misspelt words are underlined as errors, and the context menu on one
 * offers the dictionary's suggestions. Without the dictionary nothing is
 * underlined. Words in a template's placeholders are not checked. */
void      dg_spell_attach       (GtkTextView *view,
                                 const char  *language);

/* Checks @view in another language from now on. */
void      dg_spell_set_language (GtkTextView *view,
                                 const char  *language);

/* Whether the dictionary for @language is installed. */
gboolean  dg_spell_available    (const char  *language);

/* The words of @view underlined as misspelt, in order (for tests and the
 * accessibility of the marks); NULL-terminated, free with g_strfreev(). */
GStrv     dg_spell_misspelt     (GtkTextView *view);

/* The suggestions for @word in @language, at most @max; NULL-terminated. */
GStrv     dg_spell_suggest      (const char  *language,
                                 const char  *word,
                                 guint        max);

G_END_DECLS
