#pragma once

#include <gtksourceview/gtksource.h>

G_BEGIN_DECLS

/* The letter-template editor: a GtkSourceView with line numbers (to match
 * the checker's "line 4, column 7"), placeholders ({{reporter.name}}) and
 * a merge's marks (<<<<<<<, =======, >>>>>>>) highlighted in colours that
 * read on light and dark, and the checker's error underlined in place. */
void     dg_template_editor_setup     (GtkSourceView *view);

/* Highlights the text again and marks the error at @line, @column (from 1;
 * 0 for none), underlining from there to the end of its word or "}}". */
void     dg_template_editor_highlight (GtkSourceView *view,
                                       int            line,
                                       int            column);

/* Puts the cursor at @line, @column, scrolls there and focuses the editor. */
void     dg_template_editor_go_to     (GtkSourceView *view,
                                       int            line,
                                       int            column);

G_END_DECLS
