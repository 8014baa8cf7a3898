#include "config.h"

#include <adwaita.h>

#include "dg-core.h"
#include "dg-application.h"
#include "dg-format.h"
#include "dg-meetings.h"
#include "dg-referral-detail.h"
#include "dg-referral-form.h"
#include "dg-referrals.h"
#include "dg-referrals-page.h"
#include "dg-register.h"
#include "dg-register-figures.h"
#include "dg-reports-page.h"
#include "dg-test-db.h"
#include "dg-test-gui.h"
#include "dg-window.h"

/* The child protection register in the window: the flag on a referral about
 * a child who was on the register before (and whose new conference is a
 * re-registration), the same flag on the intake form as the child's name
 * and date of birth are typed, and the three measures in Reports with the
 * numerators and denominators the core counts. With
 * $DIOGELU_TEST_SCREENSHOTS set to a folder, each view is saved there. */

static char *db_path;

/* Days before today, as stored: the register's dates follow the clock, so
 * the page's default period (the last twelve months) always holds them. */
static char *
days_ago (int days,
          const char *time)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) then = g_date_time_add_days (now, -days);
  g_autofree char *day = g_date_time_format (then, "%Y-%m-%d");

  return time != NULL ? g_strconcat (day, "T", time, NULL) : g_steal_pointer (&day);
}

/* Alys: registered 400 days ago until 250 days ago, again 15 days ago
 * (within 12 months); the later referral is the newest, listed first. */
#define FIRST_ICPC 400
#define PLAN_END 250
#define SECOND_ICPC 15

static void
make_register (void)
{
  g_autoptr(GError) error = NULL, dir_error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("dg-test-register-gui-XXXXXX", &dir_error);
  g_autoptr(DgDb) db = NULL;
  const int received[] = { FIRST_ICPC + 14, SECOND_ICPC + 5 };
  const struct { guint referral; const char *kind; int days; } events[] = {
    { 0, "icpc", FIRST_ICPC }, { 0, "plan-end", PLAN_END },
    { 1, "s47-start", SECOND_ICPC + 4 }, { 1, "icpc", SECOND_ICPC }, { 1, "s47-complete", SECOND_ICPC - 1 },
  };
  gint64 ids[G_N_ELEMENTS (received)];

  g_assert_no_error (dir_error);
  db_path = dg_test_db_location (dir);
  db = dg_db_open (db_path, DG_DB_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (received); i++)
    {
      g_autofree char *at = days_ago (received[i], "09:00");
      g_autofree char *json = g_strdup_printf ("{\"received_at\": \"%s\", \"children\": "
                                               "[{\"name\": \"Alys Evans\", \"dob\": \"2015-03-01\"}]}", at);
      g_autoptr(JsonNode) node = json_from_string (json, &error);

      g_assert_no_error (error);
      ids[i] = dg_referral_add (db, json_node_get_object (node), NULL, &error);
      g_assert_no_error (error);
    }
  for (guint i = 0; i < G_N_ELEMENTS (events); i++)
    {
      g_autofree char *at = days_ago (events[i].days, "10:00");

      g_assert_true (dg_referral_add_event (db, ids[events[i].referral], events[i].kind, at, NULL, &error));
      g_assert_no_error (error);
    }
}

static char *
shown_date (int days)
{
  g_autofree char *day = days_ago (days, NULL);

  return dg_format_date (day);
}

static void
screenshot (GtkWidget  *window,
            const char *name)
{
  const char *folder = g_getenv ("DIOGELU_TEST_SCREENSHOTS");
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  int width = gtk_widget_get_width (window), height = gtk_widget_get_height (window);

  if (folder == NULL)
    return;
  paintable = gtk_widget_paintable_new (window);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  path = g_build_filename (folder, name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
}

static gboolean
window_ready (gpointer data)
{
  return g_strcmp0 (dg_window_get_state (data), "ready") == 0;
}

static char *
flag_text (gboolean with_reregistration)
{
  g_autofree char *from = shown_date (FIRST_ICPC), *to = shown_date (PLAN_END), *again = shown_date (SECOND_ICPC);

  if (!with_reregistration)
    return g_strdup_printf ("Previously on the child protection register (from %s to %s; from %s, still on it).",
                            from, to, again);
  return g_strdup_printf ("Alys Evans: Previously on the child protection register (from %s to %s). "
                          "Registered again on %s: a re-registration, within 12 months of the previous registration ending on %s.",
                          from, to, again, to);
}

static void
check_detail (DgWindow *window)
{
  GtkWidget *page = dg_test_find_widget (GTK_WIDGET (window), DG_TYPE_REFERRALS_PAGE, NULL);
  GtkWidget *detail = dg_test_find_widget (page, DG_TYPE_REFERRAL_DETAIL, NULL);
  GtkColumnView *view = GTK_COLUMN_VIEW (dg_test_find_widget (page, GTK_TYPE_COLUMN_VIEW, NULL));
  g_autofree char *expected = flag_text (TRUE);

  g_assert_true (dg_test_wait_until ((gpointer) g_list_model_get_n_items, gtk_column_view_get_model (view), 5000));
  gtk_selection_model_select_item (gtk_column_view_get_model (view), 0, TRUE);
  g_assert_true (dg_test_wait_until ((gpointer) dg_referral_detail_get_referral, detail, 5000));
  g_assert_true (dg_test_wait_for_label (detail, expected, 5000));
  dg_test_spin (200);
  screenshot (GTK_WIDGET (window), "register-detail.png");
}

static gboolean
banner_hidden (gpointer data)
{
  return !gtk_widget_get_visible (data);
}

static GtkWidget *
field (GtkWidget  *form,
       const char *group,
       const char *title)
{
  GtkWidget *g = dg_test_find_widget (form, ADW_TYPE_PREFERENCES_GROUP, group);
  GtkWidget *row;

  g_assert_nonnull (g);
  row = dg_test_find_widget (g, ADW_TYPE_PREFERENCES_ROW, title);
  g_assert_nonnull (row);
  return row;
}

static void
check_intake (DgWindow *window)
{
  g_autofree char *expected = flag_text (FALSE);
  DgReferralForm *form;
  GtkWidget *banner;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.new-referral", NULL));
  form = DG_REFERRAL_FORM (dg_test_find_window (DG_TYPE_REFERRAL_FORM, NULL));
  g_assert_nonnull (form);
  g_assert_true (dg_test_wait_until ((gpointer) dg_referral_form_is_ready, form, 5000));
  dg_test_spin (100);
  dg_test_type (field (GTK_WIDGET (form), "Child", "Name"), "alys evans");
  dg_test_type (field (GTK_WIDGET (form), "Child", "Date of Birth (DD/MM/YYYY)"), "01/03/2015");
  g_assert_true (dg_test_wait_for_label (GTK_WIDGET (form), expected, 5000));
  banner = dg_test_find_widget (GTK_WIDGET (form), GTK_TYPE_LABEL, expected);
  g_assert_true (gtk_widget_has_css_class (banner, "dg-register-flag"));
  dg_test_spin (200);
  screenshot (GTK_WIDGET (form), "register-intake.png");

  /* Another date of birth: not the same child, no flag. */
  dg_test_type (field (GTK_WIDGET (form), "Child", "Date of Birth (DD/MM/YYYY)"), "02/03/2015");
  g_assert_true (dg_test_wait_until (banner_hidden, banner, 5000));
  gtk_editable_set_text (GTK_EDITABLE (field (GTK_WIDGET (form), "Child", "Name")), "");
  gtk_window_destroy (GTK_WINDOW (form));
}

static void
check_reports (DgWindow *window)
{
  GtkWidget *reports = dg_test_find_widget (GTK_WIDGET (window), DG_TYPE_REPORTS_PAGE, NULL);
  GtkWidget *figures = dg_test_find_widget (reports, DG_TYPE_REGISTER_FIGURES, NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) start = g_date_time_add_months (now, -12);
  g_autofree char *from = g_date_time_format (start, "%Y-%m-01");
  g_autofree char *to = g_date_time_format (now, "%Y-%m-%d");
  g_autoptr(GError) error = NULL;
  g_autoptr(DgDb) db = dg_db_open (db_path, DG_DB_OPEN_DEFAULT, &error);
  g_autoptr(JsonNode) report = NULL;
  JsonArray *measures;

  g_assert_no_error (error);
  g_assert_nonnull (figures);
  dg_window_show_section (window, "reports");
  dg_reports_page_reload (DG_REPORTS_PAGE (reports));
  g_assert_true (dg_test_wait_until ((gpointer) dg_register_figures_is_loaded, figures, 5000));

  /* The rows say what the core counts for the page's period. */
  report = dg_register_report (db, from, to, FALSE, &error);
  g_assert_no_error (error);
  measures = json_object_get_array_member (json_node_get_object (report), "measures");
  for (guint i = 0; i < json_array_get_length (measures); i++)
    {
      JsonObject *m = json_array_get_object_element (measures, i);
      g_autofree char *name = g_ascii_strup (json_object_get_string_member (m, "measure"), -1);
      g_autofree char *title = g_strdup_printf ("%s · %s", name, json_object_get_string_member (m, "label"));
      GtkWidget *row = dg_test_find_widget (figures, ADW_TYPE_ACTION_ROW, title);
      gint64 num = json_object_get_int_member (m, "numerator"), den = json_object_get_int_member (m, "denominator");
      g_autofree char *counts = i == 2 ? g_strdup_printf ("%" G_GINT64_FORMAT " days on the register ÷ %" G_GINT64_FORMAT " child who left it\n", num, den)
                                       : g_strdup_printf ("%" G_GINT64_FORMAT " of %" G_GINT64_FORMAT " child\n", num, den);

      g_assert_nonnull (row);
      g_test_message ("%s: %s", title, adw_action_row_get_subtitle (ADW_ACTION_ROW (row)));
      g_assert_true (g_str_has_prefix (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), counts));
      /* Not a page of zeros: this hub's register has one of each. */
      g_assert_cmpint (den, ==, 1);
    }
  g_assert_nonnull (dg_test_find_widget (figures, GTK_TYPE_LABEL, "100.0% — all"));
  g_assert_nonnull (dg_test_find_widget (figures, GTK_TYPE_LABEL, "150.0 days"));
  {
    /* The measures are the page's last group: scrolled to, for the picture. */
    GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (dg_test_find_widget (reports, GTK_TYPE_SCROLLED_WINDOW, NULL)));

    dg_test_spin (200);
    gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj));
    dg_test_spin (200);
  }
  screenshot (GTK_WIDGET (window), "register-reports.png");
}

static void
on_activate (GApplication *app,
             gpointer      data)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  g_assert_true (dg_test_wait_until (window_ready, window, 10000));
  dg_test_spin (100);
  check_detail (DG_WINDOW (window));
  check_intake (DG_WINDOW (window));
  check_reports (DG_WINDOW (window));
  gtk_window_close (window);
}

static void
test_register_gui (void)
{
  g_autoptr(DgApplication) app = dg_application_new ();

  make_register ();
  g_setenv ("DIOGELU_DB", db_path, TRUE);
  g_signal_connect_after (app, "activate", G_CALLBACK (on_activate), NULL);
  g_assert_cmpint (g_application_run (G_APPLICATION (app), 0, NULL), ==, 0);
  g_clear_pointer (&db_path, g_free);
}

int
main (int   argc,
      char *argv[])
{
  dg_test_gui_init (&argc, &argv);

  g_test_add_func ("/register-gui/flags-and-measures", test_register_gui);

  return g_test_run ();
}
