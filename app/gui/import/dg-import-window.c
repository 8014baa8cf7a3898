#include "config.h"

#include <inttypes.h>
#include <glib/gi18n.h>

#include "dg-import.h"
#include "dg-import-window.h"
#include "dg-service.h"
#include "dg-help.h"

/* Importing a spreadsheet: every column shown with what it will fill and a
 * few of its values, every problem with its line and column, and nothing
 * written until the whole file checks clean. */
struct _DgImportWindow
{
  AdwWindow     parent_instance;

  DgService     *service;
  GBytes       *csv;
  GHashTable   *mapping;      /* header → field ("" leaves it out) */
  GCancellable *cancellable;

  GtkWidget    *stack;
  GtkWidget    *import_button;
  GtkWidget    *columns_group;
  GtkWidget    *problems_group;
  GtkWidget    *progress;
  GtkWidget    *error_page;
  GPtrArray    *problem_rows;
  guint         n_rows;
  gboolean      importing;
};

G_DEFINE_FINAL_TYPE (DgImportWindow, dg_import_window, ADW_TYPE_WINDOW)

enum { IMPORTED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void check (DgImportWindow *self);
static void build_columns (DgImportWindow *self, GPtrArray *columns);

static void
show_error (DgImportWindow *self,
            const char     *message)
{
  adw_status_page_set_description (ADW_STATUS_PAGE (self->error_page), message);
  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "error");
  gtk_widget_set_sensitive (self->import_button, FALSE);
}

static void
show_report (DgImportWindow       *self,
             const DgImportReport *report)
{
  guint n_errors = report->problems->len;
  g_autofree char *title = NULL;

  for (guint i = 0; i < self->problem_rows->len; i++)
    adw_preferences_group_remove (ADW_PREFERENCES_GROUP (self->problems_group), g_ptr_array_index (self->problem_rows, i));
  g_ptr_array_set_size (self->problem_rows, 0);

  self->n_rows = report->rows;
  if (n_errors == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "The %'u row can be imported", "All %'u rows can be imported", self->n_rows),
                               self->n_rows);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("emblem-ok-symbolic"));
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->problems_group), row);
      g_ptr_array_add (self->problem_rows, row);
    }
  for (guint i = 0; i < n_errors && i < 200; i++)
    {
      const DgImportProblem *problem = g_ptr_array_index (report->problems, i);
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *where = NULL;

      if (problem->column == NULL)
        where = g_strdup_printf (_("Line %" PRId64), problem->line);
      else
        where = g_strdup_printf (_("Line %" PRId64 ", column “%s”"), problem->line, problem->column);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), where);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), problem->message);
      /* Never by colour alone: the icon and the words say it. */
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("dialog-warning-symbolic"));
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->problems_group), row);
      g_ptr_array_add (self->problem_rows, row);
    }
  g_clear_pointer (&title, g_free);
  title = n_errors
    ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u problem to correct in the file before anything is imported",
                                    "%u problems to correct in the file before anything is imported", n_errors), n_errors)
    : g_strdup (_("Nothing is written until you choose Import"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self->problems_group), title);

  g_clear_pointer (&title, g_free);
  title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "_Import %'u Referral", "_Import %'u Referrals", self->n_rows), self->n_rows);
  gtk_button_set_label (GTK_BUTTON (self->import_button), title);
  gtk_widget_set_sensitive (self->import_button, n_errors == 0 && self->n_rows > 0);
  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "preview");
}

static void
checked (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  DgImportWindow *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(DgImportReport) report = dg_service_import_finish (DG_SERVICE (object), result, &error);

  if (report == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, error->message);
      return;
    }
  /* The first check says what each column fills; later ones follow the choices. */
  if (g_hash_table_size (self->mapping) == 0)
    build_columns (self, report->columns);
  /* A spreadsheet saves in one of several encodings: say which was read,
   * so a name that looks wrong can be traced to it. */
  {
    g_autofree char *read_as = g_strdup_printf (_("Read as %s text"), report->encoding);

    adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self->columns_group), read_as);
  }
  show_report (self, report);
}

static void
check (DgImportWindow *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  gtk_widget_set_sensitive (self->import_button, FALSE);
  dg_service_import_async (self->service, self->csv, self->mapping, TRUE, NULL, self->cancellable, checked, self);
}

static void
field_chosen (AdwComboRow    *combo,
              GParamSpec     *pspec,
              DgImportWindow *self)
{
  const char *header = g_object_get_data (G_OBJECT (combo), "dg-header");
  guint selected = adw_combo_row_get_selected (combo);
  const char * const *names = dg_import_fields ();

  /* The first choice leaves the column out. */
  g_hash_table_insert (self->mapping, g_strdup (header), g_strdup (selected == 0 ? "" : names[selected - 1]));
  check (self);
}

/* One row per column: its header, a few of its values, and the field it fills. */
static void
build_columns (DgImportWindow *self,
               GPtrArray      *columns)
{
  const char * const *names = dg_import_fields ();
  g_autoptr(GtkStringList) choices = gtk_string_list_new (NULL);

  gtk_string_list_append (choices, _("Leave Out"));
  for (guint i = 0; names[i] != NULL; i++)
    gtk_string_list_append (choices, dg_import_field_label (names[i]));

  for (guint c = 0; c < columns->len; c++)
    {
      const DgImportColumn *column = g_ptr_array_index (columns, c);
      GtkWidget *row = adw_combo_row_new ();
      g_autofree char *samples = g_strjoinv (" · ", column->samples);
      guint selected = 0;

      for (guint i = 0; names[i] != NULL; i++)
        if (g_strcmp0 (names[i], column->field) == 0)
          selected = i + 1;

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), column->header);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), samples);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 1);
      adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (choices));
      adw_combo_row_set_selected (ADW_COMBO_ROW (row), selected);
      g_object_set_data_full (G_OBJECT (row), "dg-header", g_strdup (column->header), g_free);
      g_hash_table_insert (self->mapping, g_strdup (column->header), g_strdup (selected ? names[selected - 1] : ""));
      g_signal_connect (row, "notify::selected", G_CALLBACK (field_chosen), self);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->columns_group), row);
    }
}

static void
imported (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(DgImportWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(DgImportReport) report = dg_service_import_finish (DG_SERVICE (object), result, &error);

  self->importing = FALSE;
  if (report == NULL)
    {
      /* Nothing was written: the file and the choices are still here. */
      show_error (self, error->message);
      return;
    }
  if (report->problems->len > 0)
    {
      show_report (self, report);
      return;
    }
  g_signal_emit (self, signals[IMPORTED], 0, report->imported);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
import_clicked (DgImportWindow *self)
{
  g_autoptr(DgProgress) progress = dg_progress_new ();

  self->importing = TRUE;
  g_object_bind_property (progress, "fraction", self->progress, "fraction", G_BINDING_SYNC_CREATE);
  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "importing");
  gtk_widget_set_sensitive (self->import_button, FALSE);
  dg_service_import_async (self->service, self->csv, self->mapping, FALSE, progress,
                           NULL, imported, g_object_ref (self));
}

static gboolean
close_request (GtkWindow *window)
{
  /* The import is one transaction: it ends whole, then the window closes. */
  return DG_IMPORT_WINDOW (window)->importing;
}

static void
dg_import_window_dispose (GObject *object)
{
  DgImportWindow *self = DG_IMPORT_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->service);
  g_clear_pointer (&self->csv, g_bytes_unref);
  g_clear_pointer (&self->mapping, g_hash_table_unref);
  g_clear_pointer (&self->problem_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (dg_import_window_parent_class)->dispose (object);
}

static void
dg_import_window_class_init (DgImportWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = dg_import_window_dispose;
  GTK_WINDOW_CLASS (klass)->close_request = close_request;
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/diogelu/Diogelu/ui/dg-import-window.ui");
  gtk_widget_class_bind_template_child (widget_class, DgImportWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, DgImportWindow, import_button);
  gtk_widget_class_bind_template_child (widget_class, DgImportWindow, columns_group);
  gtk_widget_class_bind_template_child (widget_class, DgImportWindow, problems_group);
  gtk_widget_class_bind_template_child (widget_class, DgImportWindow, progress);
  gtk_widget_class_bind_template_child (widget_class, DgImportWindow, error_page);
  gtk_widget_class_bind_template_callback (widget_class, import_clicked);

  signals[IMPORTED] = g_signal_new ("imported", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                    G_TYPE_NONE, 1, G_TYPE_UINT);
}

static void
dg_import_window_init (DgImportWindow *self)
{
  self->mapping = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->problem_rows = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  dg_help_install (GTK_WINDOW (self), "import");
}

DgImportWindow *
dg_import_window_new (DgService *service,
                      GBytes    *csv)
{
  DgImportWindow *self = g_object_new (DG_TYPE_IMPORT_WINDOW, NULL);

  self->service = g_object_ref (service);
  self->csv = g_bytes_ref (csv);
  /* The first check, on the connection's thread, reads the file, refuses
   * what is not CSV or is empty, and gives each column's first values. */
  check (self);
  return self;
}
