/* The floor for start-up time and memory: the least a libadwaita application
 * can show, an empty AdwApplicationWindow with a header bar, at the app's
 * default size. Like the app, it prints "first-frame-us: <CLOCK_MONOTONIC µs>"
 * after its first frame is painted (the window's frame clock "after-paint")
 * and, when DIOGELU_BENCH_FIRST_FRAME is set, quits there; otherwise it stays
 * open (for the memory figure) until closed or killed. */
#include "config.h"

#include <adwaita.h>

static void
first_frame_painted (GdkFrameClock *clock,
                     GtkWindow     *window)
{
  g_signal_handlers_disconnect_by_func (clock, first_frame_painted, window);
  g_print ("first-frame-us: %" G_GINT64_FORMAT "\n", g_get_monotonic_time ());
  if (g_getenv ("DIOGELU_BENCH_FIRST_FRAME") != NULL)
    g_application_quit (G_APPLICATION (gtk_window_get_application (window)));
}

static void
realized (GtkWidget *window)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);

  g_signal_connect_object (clock, "after-paint", G_CALLBACK (first_frame_painted), window, 0);
}

static void
activate (GApplication *app)
{
  GtkWidget *window = adw_application_window_new (GTK_APPLICATION (app));
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (window), box);
  gtk_window_set_title (GTK_WINDOW (window), "Bare window");
  /* The app's default size (data/….gschema.xml window-width, window-height). */
  gtk_window_set_default_size (GTK_WINDOW (window), 1320, 820);
  g_signal_connect (window, "realize", G_CALLBACK (realized), NULL);
  gtk_window_present (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(AdwApplication) app = adw_application_new ("io.github.diogelu.BenchBareWindow",
                                                       G_APPLICATION_NON_UNIQUE);

  g_signal_connect (app, "activate", G_CALLBACK (activate), NULL);
  return g_application_run (G_APPLICATION (app), argc, argv);
}
