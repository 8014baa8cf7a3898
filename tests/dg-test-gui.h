#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* g_test_init() and gtk_init() for widget tests: user folders isolated in a
 * temporary directory, system data folders (icons, MIME types) kept. */
void       dg_test_gui_init     (int         *argc,
                                 char      ***argv);

/* The first widget under @root of @type whose accessible or visible label,
 * title or name equals @label (any label when %NULL), as a person would look for it. */
GtkWidget *dg_test_find_widget  (GtkWidget   *root,
                                 GType        type,
                                 const char  *label);

/* Iterates the main loop until @predicate holds or @timeout_ms passes. */
gboolean   dg_test_wait_until   (gboolean   (*predicate) (gpointer data),
                                 gpointer     data,
                                 guint        timeout_ms);

/* Iterates the main loop until a label under @root reads @text (a toast, an
 * error shown beside a field) or @timeout_ms passes. */
gboolean   dg_test_wait_for_label (GtkWidget  *root,
                                   const char *text,
                                   guint       timeout_ms);

/* The visible toplevel window of @type titled @title (any title when %NULL). */
GtkWidget *dg_test_find_window  (GType        type,
                                 const char  *title);

/* Focuses @editable and replaces its text, as typing would. */
void       dg_test_type         (GtkWidget   *editable,
                                 const char  *text);

/* Clicks a visible, sensitive button. */
void       dg_test_click        (GtkWidget   *button);

/* Runs the main loop for @ms milliseconds. */
void       dg_test_spin         (guint        ms);

/* Answers the file chooser a Save or Export button has just opened: checks
 * that it suggests the name @suggested, saves to @path (not there yet) and
 * returns the file's contents, of @length bytes, once it is written. */
char      *dg_test_choose_file  (const char  *suggested,
                                 const char  *path,
                                 gsize       *length);

/* The labels shown under @root whose text does not fit what they were
 * given (narrower than their natural width, or, wrapping, lower than the
 * height that width needs), one line each; NULL when every one fits. */
char      *dg_test_cut_off_labels (GtkWidget *root);

G_END_DECLS
