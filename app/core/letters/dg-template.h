#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Letter templates: text with {{placeholders}} and sections
 *   {{#if decision.outcome = nfa}} … {{else}} … {{/if}}
 * Strict: an unknown placeholder or bad syntax is refused with its line and
 * column when the template is parsed, never discovered when sending. */

typedef struct _DgTemplate DgTemplate;

/* Bounds on what a template may be and what a letter may become. */
#define DG_TEMPLATE_MAX_BYTES (256u * 1024u)
#define DG_TEMPLATE_MAX_DEPTH 16u
#define DG_LETTER_MAX_BYTES   (1024u * 1024u)

/* The placeholders a template may use, ending with %NULL. */
const char * const *dg_template_placeholders (void);

DgTemplate *dg_template_parse   (const char   *text,
                                 GError      **error);
/* As dg_template_parse(); on an error, *@error_line and *@error_column (from
 * 1, in characters) say where it is, as the message does; 0 when the
 * problem has no place (text that is not UTF-8). */
DgTemplate *dg_template_parse_at (const char   *text,
                                  int          *error_line,
                                  int          *error_column,
                                  GError      **error);
void        dg_template_free    (DgTemplate   *self);

/* Renders with @values (placeholder → text). A placeholder without a value
 * renders as nothing; none is ever left in the output. In Welsh (@language
 * "cy") a value after "a", "â", "gyda" or "tua" that begins with a vowel
 * takes "ac", "ag", "gydag", "tuag". Fails (%NULL) when the letter would be
 * longer than DG_LETTER_MAX_BYTES. */
char       *dg_template_render  (DgTemplate   *self,
                                 GHashTable   *values,
                                 const char   *language,
                                 GError      **error);

/* The marks a merge leaves where both sides changed the same lines; a
 * template holding them is refused. */
#define DG_MERGE_MARK_START "<<<<<<<"
#define DG_MERGE_MARK_END   ">>>>>>>"
#define DG_MERGE_MARK_MIDDLE "======="   /* a line of its own */
#define DG_MERGE_MARK_BASE  "|||||||"

/* Merges @mine and @theirs, both edited from @base, line by line (diff3).
 * *@clean is FALSE when both changed the same lines: the result then holds
 * both, between "<<<<<<< @mine_label" and ">>>>>>> @theirs_label". */
char       *dg_text_merge       (const char   *base,
                                 const char   *mine,
                                 const char   *theirs,
                                 const char   *mine_label,
                                 const char   *theirs_label,
                                 gboolean     *clean,
                                 GError      **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DgTemplate, dg_template_free)

G_END_DECLS
