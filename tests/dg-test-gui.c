#include "config.h"

#include <adwaita.h>

#include "dg-test-gui.h"

void
dg_test_gui_init (int    *argc,
                  char ***argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *home = g_dir_make_tmp ("dg-test-gui-XXXXXX", &error);
  const char *dirs[][2] = {
    { "XDG_DATA_HOME", "data" },
    { "XDG_CONFIG_HOME", "config" },
    { "XDG_CACHE_HOME", "cache" },
    { "XDG_STATE_HOME", "state" },
  };

  g_assert_no_error (error);
  g_setenv ("HOME", home, TRUE);
  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    {
      g_autofree char *path = g_build_filename (home, dirs[i][1], NULL);
      g_setenv (dirs[i][0], path, TRUE);
    }

  /* G_TEST_OPTION_ISOLATE_DIRS would also hide the icon theme and the MIME
   * database that GTK needs to draw, so the user folders are isolated by hand. */
  g_test_init (argc, argv, NULL);
  gtk_init ();
}

static const char *
widget_text (GtkWidget *widget)
{
  if (GTK_IS_BUTTON (widget) && gtk_button_get_label (GTK_BUTTON (widget)))
    return gtk_button_get_label (GTK_BUTTON (widget));
  if (GTK_IS_LABEL (widget))
    return gtk_label_get_label (GTK_LABEL (widget));
  if (ADW_IS_PREFERENCES_ROW (widget))
    return adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget));
  if (ADW_IS_STATUS_PAGE (widget))
    return adw_status_page_get_title (ADW_STATUS_PAGE (widget));
  if (ADW_IS_PREFERENCES_PAGE (widget))
    return adw_preferences_page_get_title (ADW_PREFERENCES_PAGE (widget));
  if (ADW_IS_PREFERENCES_GROUP (widget))
    return adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (widget));
  if (GTK_IS_WINDOW (widget))
    return gtk_window_get_title (GTK_WINDOW (widget));

  return gtk_widget_get_name (widget);
}

static gboolean
matches (GtkWidget  *widget,
         GType       type,
         const char *label)
{
  const char *text;

  if (!g_type_is_a (G_OBJECT_TYPE (widget), type))
    return FALSE;
  if (label == NULL)
    return TRUE;

  text = widget_text (widget);
  if (text != NULL && g_strcmp0 (text, label) == 0)
    return TRUE;
  /* Controls without a visible label are known by their tooltip. */
  if (g_strcmp0 (gtk_widget_get_tooltip_text (widget), label) == 0)
    return TRUE;

  /* Mnemonic labels ("_Save") match their plain text. */
  if (text != NULL && strchr (text, '_') != NULL)
    {
      g_autoptr(GString) plain = g_string_new (text);
      g_string_replace (plain, "_", "", 0);
      return g_strcmp0 (plain->str, label) == 0;
    }

  return FALSE;
}

GtkWidget *
dg_test_find_widget (GtkWidget  *root,
                     GType       type,
                     const char *label)
{
  if (root == NULL)
    return NULL;

  if (matches (root, type, label))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = dg_test_find_widget (child, type, label);
      if (found != NULL)
        return found;
    }

  return NULL;
}

static gboolean
timeout_cb (gpointer data)
{
  gboolean *expired = data;
  *expired = TRUE;
  return G_SOURCE_REMOVE;
}

gboolean
dg_test_wait_until (gboolean (*predicate) (gpointer data),
                    gpointer   data,
                    guint      timeout_ms)
{
  gboolean expired = FALSE;
  guint id = g_timeout_add (timeout_ms, timeout_cb, &expired);

  while (!predicate (data) && !expired)
    g_main_context_iteration (NULL, TRUE);

  if (!expired)
    g_source_remove (id);

  return predicate (data);
}

GtkWidget *
dg_test_find_window (GType       type,
                     const char *title)
{
  GListModel *toplevels = gtk_window_get_toplevels ();  /* transfer none */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

      if (matches (window, type, title) && gtk_widget_get_visible (window))
        return window;
    }

  return NULL;
}

void
dg_test_type (GtkWidget  *editable,
              const char *text)
{
  g_assert_true (GTK_IS_EDITABLE (editable));
  gtk_widget_grab_focus (editable);
  gtk_editable_set_text (GTK_EDITABLE (editable), text);
}

void
dg_test_click (GtkWidget *button)
{
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_is_sensitive (button));
  g_assert_true (gtk_widget_get_mapped (button));
  g_signal_emit_by_name (button, "clicked");
}

void
dg_test_spin (guint ms)
{
  gboolean expired = FALSE;

  g_timeout_add (ms, timeout_cb, &expired);
  while (!expired)
    g_main_context_iteration (NULL, TRUE);
}

static gboolean
chooser_open (gpointer data)
{
  return dg_test_find_window (GTK_TYPE_FILE_CHOOSER_DIALOG, NULL) != NULL;
}

static gboolean
file_written (gpointer path)
{
  return g_file_test (path, G_FILE_TEST_IS_REGULAR);
}

char *
dg_test_choose_file (const char *suggested,
                     const char *path,
                     gsize      *length)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *current = NULL;
  char *contents = NULL;
  GtkWidget *chooser;

  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_true (dg_test_wait_until (chooser_open, NULL, 5000));
  chooser = dg_test_find_window (GTK_TYPE_FILE_CHOOSER_DIALOG, NULL);
  current = gtk_file_chooser_get_current_name (GTK_FILE_CHOOSER (chooser));
  g_assert_cmpstr (current, ==, suggested);
  /* Typed whole into the name, as a person may: a folder chosen with
   * gtk_file_chooser_set_current_folder () was not the one the dialog
   * answered with once it had closed (GTK 4.8's own dialog, no portal). */
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), path);
  dg_test_click (gtk_dialog_get_widget_for_response (GTK_DIALOG (chooser), GTK_RESPONSE_ACCEPT));
  g_assert_true (dg_test_wait_until (file_written, (gpointer) path, 10000));
  g_assert_true (g_file_get_contents (path, &contents, length, &error));
  g_assert_no_error (error);
  return contents;
}

typedef struct
{
  GtkWidget  *root;
  const char *text;
} Label;

static gboolean
label_shown (gpointer data)
{
  Label *l = data;

  return dg_test_find_widget (l->root, GTK_TYPE_LABEL, l->text) != NULL;
}

gboolean
dg_test_wait_for_label (GtkWidget  *root,
                        const char *text,
                        guint       timeout_ms)
{
  Label l = { root, text };

  return dg_test_wait_until (label_shown, &l, timeout_ms);
}

/* What gtk_widget_measure () adds to a widget's own size: its margins, the
 * widget's and its CSS's, which its allocation leaves out. */
static int
margins (GtkWidget      *widget,
         GtkOrientation  orientation)
{
  GtkBorder css;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_margin (gtk_widget_get_style_context (widget), &css);
  G_GNUC_END_IGNORE_DEPRECATIONS
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    return gtk_widget_get_margin_start (widget) + gtk_widget_get_margin_end (widget) + css.left + css.right;
  return gtk_widget_get_margin_top (widget) + gtk_widget_get_margin_bottom (widget) + css.top + css.bottom;
}

static void
cut_off (GtkWidget *widget,
         GString   *out)
{
  if (!gtk_widget_get_mapped (widget))
    return;

  if (GTK_IS_LABEL (widget) && *gtk_label_get_text (GTK_LABEL (widget)) != '\0')
    {
      int width = gtk_widget_get_width (widget);
      int height = gtk_widget_get_height (widget);
      int natural = 0, wanted_height = 0;

      if (gtk_label_get_wrap (GTK_LABEL (widget)))
        {
          /* A wrapping label needs its height at the width it was given. */
          gtk_widget_measure (widget, GTK_ORIENTATION_VERTICAL,
                              width + margins (widget, GTK_ORIENTATION_HORIZONTAL), NULL, &wanted_height, NULL, NULL);
          wanted_height -= margins (widget, GTK_ORIENTATION_VERTICAL);
          if (width > 0 && wanted_height > height + 1)
            g_string_append_printf (out, "  “%s”: %d px high of %d wanted\n",
                                    gtk_label_get_text (GTK_LABEL (widget)), height, wanted_height);
        }
      else if (gtk_label_get_ellipsize (GTK_LABEL (widget)) != PANGO_ELLIPSIZE_NONE)
        {
          /* Pango says whether it had to leave text out. */
          if (pango_layout_is_ellipsized (gtk_label_get_layout (GTK_LABEL (widget))))
            g_string_append_printf (out, "  “%s”: ellipsized in %d px\n", gtk_label_get_text (GTK_LABEL (widget)), width);
        }
      else
        {
          gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &natural, NULL, NULL);
          natural -= margins (widget, GTK_ORIENTATION_HORIZONTAL);
          if (width > 0 && natural > width + 1)
            g_string_append_printf (out, "  “%s”: %d px wide of %d wanted\n",
                                    gtk_label_get_text (GTK_LABEL (widget)), width, natural);
        }
      /* Whole, but cut by what holds it (a pane, a list wider than its
       * view): sideways only, as scrolling up and down is expected. */
      for (GtkWidget *clip = gtk_widget_get_parent (widget); clip != NULL; clip = gtk_widget_get_parent (clip))
        {
          graphene_rect_t box;

          if (gtk_widget_get_overflow (clip) != GTK_OVERFLOW_HIDDEN ||
              !gtk_widget_compute_bounds (widget, clip, &box))
            continue;
          if (box.origin.x < -1 || box.origin.x + MIN (box.size.width, natural ? natural : box.size.width) > gtk_widget_get_width (clip) + 1)
            {
              g_string_append_printf (out, "  “%s”: cut at the side by a %s\n",
                                      gtk_label_get_text (GTK_LABEL (widget)), G_OBJECT_TYPE_NAME (clip));
              break;
            }
        }
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    cut_off (child, out);
}

char *
dg_test_cut_off_labels (GtkWidget *root)
{
  g_autoptr(GString) out = g_string_new (NULL);

  cut_off (root, out);
  return out->len > 0 ? g_string_free (g_steal_pointer (&out), FALSE) : NULL;
}
