#include "config.h"

#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>
#include <adwaita.h>

#include "dg-error.h"
#include "dg-locked.h"
#include "dg-spell.h"
#include "dg-template.h"
#include "dg-template-editor.h"
#include "dg-test-gui.h"

/* Issue 26 on the desktop: the template editor's marks, spell-checking in
 * each field's language, and settings an administrator locked. */

/* Whether the character at @line, @column (from 1) carries the tag @name. */
static gboolean
tagged (GtkTextBuffer *buffer,
        int            line,
        int            column,
        const char    *name)
{
  GtkTextIter at;
  GtkTextTag *tag = gtk_text_tag_table_lookup (gtk_text_buffer_get_tag_table (buffer), name);

  g_assert_nonnull (tag);
  gtk_text_buffer_get_iter_at_line_offset (buffer, &at, line - 1, column - 1);
  return gtk_text_iter_has_tag (&at, tag);
}

static void
test_template_editor (void)
{
  /* Line 3, column 8 is where "{{nope}}" starts: counted here by hand. */
  const char *text = "Dear {{reporter.name}},\n"
                     "\n"
                     "Thanks {{nope}} for it.\n";
  /* A merge's marks are refused too, at the first mark's line. */
  const char *merged = "Dear {{reporter.name}},\n"
                     "\n"
                     "Thanks for it.\n"
                     "<<<<<<< your version\n"
                     "Yours\n"
                     "=======\n"
                     "Regards\n"
                     ">>>>>>> theirs\n";
  GtkWidget *window = gtk_window_new ();
  GtkWidget *view = gtk_source_view_new ();
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  g_autoptr(GError) error = NULL;
  g_autoptr(DgTemplate) parsed = NULL;
  GtkTextIter cursor;
  int line = -1, column = -1;

  gtk_window_set_child (GTK_WINDOW (window), view);
  gtk_window_present (GTK_WINDOW (window));
  dg_template_editor_setup (GTK_SOURCE_VIEW (view));
  g_assert_true (gtk_source_view_get_show_line_numbers (GTK_SOURCE_VIEW (view)));
  gtk_text_buffer_set_text (buffer, text, -1);

  parsed = dg_template_parse_at (text, &line, &column, &error);
  g_assert_null (parsed);
  g_assert_error (error, DG_ERROR, DG_ERROR_INVALID);
  g_assert_cmpint (line, ==, 3);
  g_assert_cmpint (column, ==, 8);
  g_assert_nonnull (strstr (error->message, "line 3, column 8"));

  dg_template_editor_highlight (GTK_SOURCE_VIEW (view), line, column);
  /* The error underlined from its column to the placeholder's end, not before or after. */
  g_assert_false (tagged (buffer, 3, 7, "dg-template-error"));
  g_assert_true (tagged (buffer, 3, 8, "dg-template-error"));
  g_assert_true (tagged (buffer, 3, 15, "dg-template-error"));
  g_assert_false (tagged (buffer, 3, 16, "dg-template-error"));
  /* Placeholders highlighted; plain text not. */
  g_assert_true (tagged (buffer, 1, 6, "dg-placeholder"));
  g_assert_true (tagged (buffer, 1, 22, "dg-placeholder"));
  g_assert_false (tagged (buffer, 1, 23, "dg-placeholder"));
  g_assert_false (tagged (buffer, 1, 1, "dg-placeholder"));
  g_assert_true (tagged (buffer, 3, 8, "dg-placeholder"));

  /* Going to the problem puts the cursor there. */
  dg_template_editor_go_to (GTK_SOURCE_VIEW (view), line, column);
  gtk_text_buffer_get_iter_at_mark (buffer, &cursor, gtk_text_buffer_get_insert (buffer));
  g_assert_cmpint (gtk_text_iter_get_line (&cursor), ==, 2);
  g_assert_cmpint (gtk_text_iter_get_line_offset (&cursor), ==, 7);

  /* A merge's three marks highlighted, the first one marked as the error. */
  g_clear_error (&error);
  gtk_text_buffer_set_text (buffer, merged, -1);
  g_assert_null (dg_template_parse_at (merged, &line, &column, &error));
  g_assert_cmpint (line, ==, 4);
  g_assert_cmpint (column, ==, 1);
  dg_template_editor_highlight (GTK_SOURCE_VIEW (view), line, column);
  g_assert_true (tagged (buffer, 4, 1, "dg-template-error"));
  g_assert_false (tagged (buffer, 3, 1, "dg-template-error"));
  g_assert_true (tagged (buffer, 4, 1, "dg-merge-mark"));
  g_assert_true (tagged (buffer, 6, 1, "dg-merge-mark"));
  g_assert_true (tagged (buffer, 8, 1, "dg-merge-mark"));
  g_assert_false (tagged (buffer, 5, 1, "dg-merge-mark"));
  g_assert_false (tagged (buffer, 7, 1, "dg-merge-mark"));

  /* Corrected: no mark left. */
  gtk_text_buffer_set_text (buffer, "Dear {{reporter.name}},\n", -1);
  dg_template_editor_highlight (GTK_SOURCE_VIEW (view), 0, 0);
  g_assert_false (tagged (buffer, 1, 6, "dg-template-error"));
  g_assert_true (tagged (buffer, 1, 6, "dg-placeholder"));
  gtk_window_destroy (GTK_WINDOW (window));
}

typedef struct { GtkTextView *view; const char *want; } Wait;

static gboolean
misspelt_is (gpointer data)
{
  Wait *w = data;
  g_auto(GStrv) words = dg_spell_misspelt (w->view);
  g_autofree char *joined = g_strjoinv (" ", words);

  return g_strcmp0 (joined, w->want) == 0;
}

static gboolean
misspelt_has (gpointer data)
{
  Wait *w = data;
  g_auto(GStrv) words = dg_spell_misspelt (w->view);

  return g_strv_contains ((const char * const *) words, w->want);
}

static void
test_spell (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *english = gtk_text_view_new ();
  GtkWidget *welsh = gtk_text_view_new ();
  g_auto(GStrv) suggested = NULL;

  /* Both dictionaries come with the build's packages (build-aux). */
  g_assert_true (dg_spell_available ("en"));
  g_assert_true (dg_spell_available ("cy"));

  gtk_box_append (GTK_BOX (box), english);
  gtk_box_append (GTK_BOX (box), welsh);
  gtk_window_set_child (GTK_WINDOW (window), box);
  gtk_window_present (GTK_WINDOW (window));
  dg_spell_attach (GTK_TEXT_VIEW (english), "en");
  dg_spell_attach (GTK_TEXT_VIEW (welsh), "cy");

  /* British spelling is right in English; a slip is underlined; numbers are not words. */
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (english)),
                            "The colour of the bruise was seen by the teecher on 20/11/2026.", -1);
  g_assert_true (dg_test_wait_until (misspelt_is, &(Wait) { GTK_TEXT_VIEW (english), "teecher" }, 3000));
  suggested = dg_spell_suggest ("en", "teecher", 6);
  g_assert_true (g_strv_contains ((const char * const *) suggested, "teacher"));

  /* The Welsh field checks Welsh: its words pass, an English word and a slip do not. */
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (welsh)),
                            "Diolch am eich atgyfeiriad am y plentyn yn yr ysgoll teacher", -1);
  g_assert_true (dg_test_wait_until (misspelt_is, &(Wait) { GTK_TEXT_VIEW (welsh), "ysgoll teacher" }, 3000));

  /* Switched to Welsh (a template's language), the English text is checked as Welsh. */
  dg_spell_set_language (GTK_TEXT_VIEW (english), "cy");
  g_assert_true (dg_test_wait_until (misspelt_has, &(Wait) { GTK_TEXT_VIEW (english), "bruise" }, 3000));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* A settings object whose "database" key an administrator locked, as
 * dconf's locks do: GLib's keyfile backend with a locks file. */
static GSettings *
locked_settings (const char *dir)
{
  g_autofree char *keyfile = g_build_filename (dir, "settings.ini", NULL);
  g_autofree char *defaults = g_build_filename (dir, "defaults", NULL);
  g_autofree char *locks = g_build_filename (defaults, "locks", NULL);
  g_autoptr(GSettingsBackend) backend = NULL;
  g_autoptr(GSettingsSchema) schema = NULL;
  GType keyfile_type;

  g_assert_cmpint (g_mkdir_with_parents (defaults, 0700), ==, 0);
  g_assert_true (g_file_set_contents (keyfile, "[io/github/diogelu/Diogelu]\ndatabase='/srv/hub.db'\n", -1, NULL));
  g_assert_true (g_file_set_contents (locks, "/io/github/diogelu/Diogelu/database\n", -1, NULL));
  /* The backend's type is private: made once the public way to register it. */
  g_object_unref (g_keyfile_settings_backend_new (keyfile, "/", NULL));
  keyfile_type = g_type_from_name ("GKeyfileSettingsBackend");
  g_assert_true (keyfile_type != 0);
  backend = g_object_new (keyfile_type, "filename", keyfile, "root-path", "/", "defaults-dir", defaults, NULL);
  schema = g_settings_schema_source_lookup (g_settings_schema_source_get_default (), APPLICATION_ID, TRUE);
  g_assert_nonnull (schema);
  return g_settings_new_full (schema, backend, NULL);
}

static void
test_locked (void)
{
  g_autofree char *dir = g_dir_make_tmp ("dg-locked-XXXXXX", NULL);
  g_autoptr(GSettings) settings = locked_settings (dir);
  GtkWidget *window = gtk_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *database = adw_entry_row_new ();
  GtkWidget *name = adw_entry_row_new ();

  gtk_box_append (GTK_BOX (box), database);
  gtk_box_append (GTK_BOX (box), name);
  gtk_window_set_child (GTK_WINDOW (window), box);
  gtk_window_present (GTK_WINDOW (window));

  g_assert_false (g_settings_is_writable (settings, "database"));
  g_assert_true (dg_settings_show_locked (settings, "database", database));
  g_assert_false (gtk_widget_get_sensitive (database));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (database), ==, "Set by your administrator");
  /* What Preferences' Use button relies on: the write is refused, the value kept. */
  g_assert_false (g_settings_set_string (settings, "database", "/tmp/mine.db"));
  {
    g_autofree char *kept = g_settings_get_string (settings, "database");
    g_assert_cmpstr (kept, ==, "/srv/hub.db");
  }

  /* A key not locked stays the person's. */
  g_assert_false (dg_settings_show_locked (settings, "practitioner-name", name));
  g_assert_true (gtk_widget_get_sensitive (name));
  g_assert_null (gtk_widget_get_tooltip_text (name));
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  dg_test_gui_init (&argc, &argv);
  gtk_source_init ();
  g_test_add_func ("/desktop/template-editor", test_template_editor);
  g_test_add_func ("/desktop/spell", test_spell);
  g_test_add_func ("/desktop/locked", test_locked);
  return g_test_run ();
}
