/* Every screen fits at 1366×768: the list, a referral's detail, the
 * decision dialog, the meeting window, Due and Preferences show no label
 * cut off (narrower than its text, or cut at the side by what holds it),
 * in English and in Welsh. */
#include "config.h"

#include <locale.h>
#include <glib/gi18n.h>
#include <adwaita.h>

#include "dg-application.h"
#include "dg-decision-dialog.h"
#include "dg-due-page.h"
#include "dg-meeting-window.h"
#include "dg-preferences-window.h"
#include "dg-referral-detail.h"
#include "dg-referrals-page.h"
#include "dg-test-cli.h"
#include "dg-test-db.h"
#include "dg-test-gui.h"
#include "dg-window.h"

static GString *problems;

static void
check (GtkWidget  *root,
       const char *where)
{
  g_autofree char *found = NULL;

  /* Laid out at its final size first. */
  dg_test_spin (300);
  found = dg_test_cut_off_labels (root);
  g_test_message ("%s: %s", where, found != NULL ? "cut off" : "fits");
  if (found != NULL)
    g_string_append_printf (problems, "%s:\n%s", where, found);
}

static gboolean
window_ready (gpointer data)
{
  return g_strcmp0 (dg_window_get_state (data), "ready") == 0;
}

static gboolean
has_rows (gpointer data)
{
  return dg_test_find_widget (data, GTK_TYPE_COLUMN_VIEW, NULL) != NULL &&
         g_list_model_get_n_items (G_LIST_MODEL (gtk_column_view_get_model (
           GTK_COLUMN_VIEW (dg_test_find_widget (data, GTK_TYPE_COLUMN_VIEW, NULL))))) > 0;
}

static gboolean
laid_out (gpointer data)
{
  return gtk_widget_get_width (data) > 0;
}

static gboolean
window_of_type (gpointer type)
{
  return dg_test_find_window (GPOINTER_TO_SIZE (type), NULL) != NULL;
}

static void
close_window (GType type)
{
  GtkWidget *w = dg_test_find_window (type, NULL);

  if (w != NULL)
    gtk_window_destroy (GTK_WINDOW (w));
  dg_test_spin (100);
}

static void
collect_pages (GtkWidget *root,
               GPtrArray *pages)
{
  /* The window's own pages, each titled (its search results are not). */
  if (ADW_IS_PREFERENCES_PAGE (root))
    {
      const char *title = adw_preferences_page_get_title (ADW_PREFERENCES_PAGE (root));

      if (title != NULL && *title != '\0')
        g_ptr_array_add (pages, root);
      return;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    collect_pages (child, pages);
}

static void
scenario (GApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));
  GtkWidget *page, *detail, *w;
  GtkColumnView *view;

  g_assert_true (dg_test_wait_until (window_ready, window, 10000));
  page = dg_test_find_widget (GTK_WIDGET (window), DG_TYPE_REFERRALS_PAGE, NULL);
  g_assert_true (dg_test_wait_until (has_rows, page, 10000));
  g_assert_true (dg_test_wait_until (laid_out, window, 5000));
  /* 1366 px less the window's frame. */
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), >, 1340);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), <=, 1366);
  check (page, "the list");

  /* A referral not yet decided: its detail, then its decision dialog. */
  view = GTK_COLUMN_VIEW (dg_test_find_widget (page, GTK_TYPE_COLUMN_VIEW, NULL));
  gtk_selection_model_select_item (gtk_column_view_get_model (view), 0, TRUE);
  detail = dg_test_find_widget (page, DG_TYPE_REFERRAL_DETAIL, NULL);
  g_assert_true (dg_test_wait_until ((gpointer) dg_referral_detail_get_referral, detail, 5000));
  check (page, "the list and a referral's detail");
  gtk_widget_activate_action (page, "referral.decide", NULL);
  g_assert_true (dg_test_wait_until (window_of_type, GSIZE_TO_POINTER (DG_TYPE_DECISION_DIALOG), 5000));
  w = dg_test_find_window (DG_TYPE_DECISION_DIALOG, NULL);
  g_assert_true (dg_test_wait_until ((gpointer) dg_decision_dialog_is_ready, w, 5000));
  check (w, "the decision dialog");
  close_window (DG_TYPE_DECISION_DIALOG);

  /* The demo's first meeting. */
  gtk_widget_activate_action (page, "referral.open-meeting", "x", (gint64) 1);
  g_assert_true (dg_test_wait_until (window_of_type, GSIZE_TO_POINTER (DG_TYPE_MEETING_WINDOW), 5000));
  w = dg_test_find_window (DG_TYPE_MEETING_WINDOW, NULL);
  g_assert_true (dg_test_wait_until ((gpointer) dg_meeting_window_is_ready, w, 5000));
  check (w, "the meeting window");
  close_window (DG_TYPE_MEETING_WINDOW);

  dg_window_show_section (DG_WINDOW (window), "due");
  w = dg_test_find_widget (GTK_WIDGET (window), DG_TYPE_DUE_PAGE, NULL);
  g_assert_true (dg_test_wait_until ((gpointer) dg_due_page_is_loaded, w, 10000));
  check (w, "Due");

  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  g_assert_true (dg_test_wait_until (window_of_type, GSIZE_TO_POINTER (DG_TYPE_PREFERENCES_WINDOW), 5000));
  w = dg_test_find_window (DG_TYPE_PREFERENCES_WINDOW, NULL);
  /* Each of its pages in turn (the letters' template editor among them). */
  {
    g_autoptr(GPtrArray) pages = g_ptr_array_new ();

    collect_pages (w, pages);
    g_assert_cmpuint (pages->len, >=, 3);
    for (guint i = 0; i < pages->len; i++)
      {
        g_autofree char *where = g_strdup_printf ("Preferences, page “%s”",
                                                  adw_preferences_page_get_title (g_ptr_array_index (pages, i)));

        adw_preferences_window_set_visible_page (ADW_PREFERENCES_WINDOW (w), g_ptr_array_index (pages, i));
        check (w, where);
      }
  }
  close_window (DG_TYPE_PREFERENCES_WINDOW);

  gtk_window_close (window);
}

static void
run (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("dg-test-fits-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  g_autoptr(DgApplication) app = NULL;
  g_autofree char *out = NULL, *err = NULL;

  g_assert_no_error (error);
  path = g_build_filename (dir, "demo.db", NULL);
  g_assert_cmpint (dg_test_cli_run ((const char *[]) { "--db", path, "demo", "--referrals", "300", "--seed", "7", NULL },
                                    NULL, &out, &err), ==, 0);
  /* The laptop screen the front door works on. */
  g_settings_set_int (settings, "window-width", 1366);
  g_settings_set_int (settings, "window-height", 768);
  g_setenv ("DIOGELU_DB", path, TRUE);
  problems = g_string_new (NULL);
  app = dg_application_new ();
  g_signal_connect_after (app, "activate", G_CALLBACK (scenario), NULL);
  g_assert_cmpint (g_application_run (G_APPLICATION (app), 0, NULL), ==, 0);
  if (problems->len > 0)
    {
      /* Said on standard error too: a Welsh run is a process of its own. */
      g_printerr ("Text cut off at 1366×768:\n%s", problems->str);
      g_test_fail_printf ("text cut off at 1366×768:\n%s", problems->str);
    }
  g_string_free (g_steal_pointer (&problems), TRUE);
}

static void
test_english (void)
{
  run ();
}

/* In a real cy_GB.UTF-8 locale with the interface set to Welsh, in a
 * process of its own. */
static void
test_welsh (void)
{
  locale_t welsh = newlocale (LC_ALL_MASK, "cy_GB.UTF-8", (locale_t) 0);

  if (welsh == (locale_t) 0)
    {
      g_test_skip ("the cy_GB.UTF-8 locale is not installed");
      return;
    }
  freelocale (welsh);

  if (g_test_subprocess ())
    {
      g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);

      g_setenv ("LC_ALL", "cy_GB.UTF-8", TRUE);
      g_settings_set_string (settings, "interface-language", "cy");
      g_assert_nonnull (setlocale (LC_ALL, ""));
      bindtextdomain (GETTEXT_PACKAGE, g_getenv ("DIOGELU_LOCALEDIR"));
      bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
      g_setenv ("LANGUAGE", "cy", TRUE);
      g_assert_cmpstr (g_dgettext (GETTEXT_PACKAGE, "Child"), !=, "Child");
      run ();
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR | G_TEST_SUBPROCESS_INHERIT_STDOUT);
  g_test_trap_assert_passed ();
}

int
main (int   argc,
      char *argv[])
{
  dg_test_gui_init (&argc, &argv);
  g_test_add_func ("/fits/english", test_english);
  g_test_add_func ("/fits/welsh", test_welsh);
  return g_test_run ();
}
