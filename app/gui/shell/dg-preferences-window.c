#include "config.h"

#include <glib/gi18n.h>

#include "dg-error.h"
#include "dg-locked.h"
#include "dg-role-guard.h"
#include "dg-spell.h"
#include "dg-template-editor.h"
#include "dg-format.h"
#include "dg-service.h"
#include "dg-discard.h"
#include "dg-calendar-page.h"
#include "dg-audit-group.h"
#include "dg-hub-page.h"
#include "dg-expected-page.h"
#include "dg-preferences-window.h"
#include "dg-template.h"
#include "dg-help.h"

struct _DgPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  AdwPreferencesPage   *database_page;
  AdwEntryRow          *practitioner_row;
  AdwComboRow          *language_row;
  AdwComboRow          *role_row;
  AdwActionRow         *backup_row;
  GtkWidget            *backup_keep_row;
  GtkSwitch            *backup_switch;
  GtkSpinButton        *backup_keep;
  GtkWidget            *backup_second_row;

  AdwComboRow          *template_row;
  AdwComboRow          *template_language_row;
  GtkTextView          *template_view;
  GtkLabel             *template_status;
  GtkWidget            *template_goto;
  GtkWidget            *template_save;
  int                   error_line, error_column;   /* the checker's, 0 when valid */
  GtkLabel             *template_preview;

  AdwActionRow         *db_current_row;
  AdwEntryRow          *db_location_row;
  GtkLabel             *db_status;
  GtkWidget            *db_test;
  GtkWidget            *db_use;
  char                 *db_tested;   /* the location the last good test was of */

  DgApplication        *application;
  GCancellable         *cancellable;
  guint                 preview_source;
  gboolean              loading;

  /* The version the editor opened, for saving over it and merging with a
   * newer one someone else saved meanwhile. */
  int                   base_version;
  char                 *base_text;
  char                 *saving_text;
};

G_DEFINE_FINAL_TYPE (DgPreferencesWindow, dg_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static const char * const languages[] = { "system", "en", "cy" };

static gboolean
language_to_index (GValue   *value,
                   GVariant *variant,
                   gpointer  user_data)
{
  const char *language = g_variant_get_string (variant, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (languages); i++)
    if (g_str_equal (language, languages[i]))
      {
        g_value_set_uint (value, i);
        return TRUE;
      }

  g_value_set_uint (value, 0);
  return TRUE;
}

static GVariant *
index_to_language (const GValue       *value,
                   const GVariantType *type,
                   gpointer            user_data)
{
  guint index = g_value_get_uint (value);

  return g_variant_new_string (languages[index < G_N_ELEMENTS (languages) ? index : 0]);
}

static const char *
template_name (DgPreferencesWindow *self)
{
  return adw_combo_row_get_selected (self->template_row) == 1 ? "outcome" : "acknowledgement";
}

static const char *
template_language (DgPreferencesWindow *self)
{
  return adw_combo_row_get_selected (self->template_language_row) == 1 ? "cy" : "en";
}

static char *
template_text (DgPreferencesWindow *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->template_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
preview_ready (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(DgPreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(DgRenderedLetter) letter = dg_service_template_preview_finish (DG_SERVICE (object), result, &error);

  if (letter == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        gtk_label_set_text (self->template_preview, error->message);
      return;
    }
  gtk_label_set_text (self->template_preview, letter->body);
}

static gboolean
preview_timeout (gpointer data)
{
  DgPreferencesWindow *self = data;
  g_autofree char *text = template_text (self);

  self->preview_source = 0;
  dg_service_template_preview_async (dg_application_get_service (self->application), template_name (self),
                                     template_language (self), text, self->cancellable, preview_ready, g_object_ref (self));
  return G_SOURCE_REMOVE;
}

/* Checked as it is typed: the line and column of the first problem. */
static void
template_changed (DgPreferencesWindow *self)
{
  g_autofree char *text = template_text (self);
  g_autoptr(GError) error = NULL;
  g_autoptr(DgTemplate) parsed = dg_template_parse_at (text, &self->error_line, &self->error_column, &error);

  gtk_widget_set_sensitive (self->template_save, parsed != NULL && !self->loading && self->saving_text == NULL);
  /* The error marked where it is, as the line numbers beside it count. */
  dg_template_editor_highlight (GTK_SOURCE_VIEW (self->template_view), self->error_line, self->error_column);
  gtk_widget_set_visible (self->template_goto, parsed == NULL && self->error_line > 0);
  if (parsed == NULL)
    {
      gtk_label_set_text (self->template_status, error->message);
      gtk_widget_add_css_class (GTK_WIDGET (self->template_status), "error");
      return;
    }
  gtk_label_set_text (self->template_status, _("The template is valid."));
  gtk_widget_remove_css_class (GTK_WIDGET (self->template_status), "error");
  g_clear_handle_id (&self->preview_source, g_source_remove);
  self->preview_source = g_timeout_add (400, preview_timeout, self);
}

static void load_template (DgPreferencesWindow *self);

static void
go_to_error_action (GtkWidget  *widget,
                    const char *action,
                    GVariant   *parameter)
{
  DgPreferencesWindow *self = DG_PREFERENCES_WINDOW (widget);

  if (self->error_line > 0)
    dg_template_editor_go_to (GTK_SOURCE_VIEW (self->template_view), self->error_line, self->error_column);
}

static void
template_language_changed (DgPreferencesWindow *self)
{
  dg_spell_set_language (self->template_view, template_language (self));
  load_template (self);
}

static void
set_base (DgPreferencesWindow     *self,
          const DgTemplateVersion *shown)
{
  self->base_version = shown->version;
  g_free (self->base_text);
  self->base_text = g_strdup (shown->body);
}

static void
template_loaded (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(DgPreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(DgTemplateVersion) shown = dg_service_template_get_finish (DG_SERVICE (object), result, &error);

  self->loading = FALSE;
  if (shown == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        gtk_label_set_text (self->template_status, error->message);
      return;
    }
  set_base (self, shown);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->template_view), self->base_text, -1);
  template_changed (self);
}

static void
load_template (DgPreferencesWindow *self)
{
  if (self->application == NULL)
    return;
  self->loading = TRUE;
  gtk_widget_set_sensitive (self->template_save, FALSE);
  dg_service_template_get_async (dg_application_get_service (self->application), template_name (self),
                                 template_language (self), self->cancellable, template_loaded, g_object_ref (self));
}

/* Ends a thread's task with @text, or with @error when there is none. */
static void
return_text (GTask  *task,
             char   *text,
             GError *error)
{
  if (text == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, text, g_free);
}

typedef struct
{
  DgPreferencesWindow *self;
  DgTemplateVersion   *theirs;
} Conflict;

static void
conflict_free (Conflict *c)
{
  g_object_unref (c->self);
  dg_template_version_free (c->theirs);
  g_free (c);
}

static Conflict *
conflict_copy (Conflict *c)
{
  Conflict *copy = g_new0 (Conflict, 1);

  copy->self = g_object_ref (c->self);
  copy->theirs = dg_template_version_copy (c->theirs);
  return copy;
}

static void
merged (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  Conflict *c = user_data;
  DgPreferencesWindow *self = c->self;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = g_task_propagate_pointer (G_TASK (result), &error);
  gboolean clean = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (result), "clean"));

  if (text == NULL)
    {
      /* Cancelled: the window closed while diff3 ran. */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (error->message));
      conflict_free (c);
      return;
    }
  set_base (self, c->theirs);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->template_view), text, -1);
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self),
                                    adw_toast_new (clean
                                                   ? _("Merged: read the letter, then save")
                                                   : _("Some lines were changed by both: see the marks")));
  conflict_free (c);
}

/* diff3 runs off the main loop: the window never waits on a process. */
static void
merge_thread (GTask        *task,
              gpointer      source,
              gpointer      data,
              GCancellable *cancellable)
{
  char **texts = data;   /* base, mine, theirs, their label */
  GError *error = NULL;
  gboolean clean = FALSE;
  char *text = dg_text_merge (texts[0], texts[1], texts[2], _("your version"), texts[3], &clean, &error);

  g_object_set_data (G_OBJECT (task), "clean", GINT_TO_POINTER (clean));
  return_text (task, text, error);
}

static void
conflict_response (AdwMessageDialog *dialog,
                   const char       *response,
                   gpointer          user_data)
{
  Conflict *c = g_object_get_data (G_OBJECT (dialog), "dg-conflict");
  DgPreferencesWindow *self = c->self;

  if (g_str_equal (response, "reload"))
    {
      set_base (self, c->theirs);
      gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->template_view), self->base_text, -1);
    }
  else if (g_str_equal (response, "merge"))
    {
      g_autoptr(GTask) task = g_task_new (NULL, self->cancellable, merged, conflict_copy (c));
      char **texts = g_new0 (char *, 5);

      texts[0] = g_strdup (self->base_text);
      texts[1] = template_text (self);
      texts[2] = g_strdup (c->theirs->body);
      texts[3] = g_strdup_printf (_("version %d by %s"), (int) c->theirs->version, c->theirs->saved_by);
      g_task_set_task_data (task, texts, (GDestroyNotify) g_strfreev);
      g_task_run_in_thread (task, merge_thread);
    }
}

/* Someone saved this template while it was open here: say who and when, and
 * offer to merge or reload. Nothing of theirs or ours is lost either way
 * until the user chooses. */
static void
theirs_loaded (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(DgPreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(DgTemplateVersion) theirs = dg_service_template_get_finish (DG_SERVICE (object), result, &error);
  g_autofree char *when = NULL;
  g_autofree char *body = NULL;
  Conflict *c;
  GtkWidget *dialog;

  if (theirs == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (error->message));
      return;
    }
  when = dg_format_time (theirs->saved_at);
  body = g_strdup_printf (_("%s saved version %d of this letter at %s, after you opened version %d. "
                            "Your changes are not saved yet.\n\n"
                            "Merge keeps both where they do not overlap. Reload discards your changes."),
                          theirs->saved_by, (int) theirs->version, when, self->base_version);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Someone Else Changed This Letter"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Keep Editing"),
                                    "reload", _("_Reload Theirs"),
                                    "merge", _("_Merge"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "reload", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "merge", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "merge");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  c = g_new0 (Conflict, 1);
  c->self = g_object_ref (self);
  c->theirs = g_steal_pointer (&theirs);
  /* Freed with the dialog, however it goes, and it goes with the window. */
  gtk_window_set_destroy_with_parent (GTK_WINDOW (dialog), TRUE);
  g_object_set_data_full (G_OBJECT (dialog), "dg-conflict", c, (GDestroyNotify) conflict_free);
  g_signal_connect (dialog, "response", G_CALLBACK (conflict_response), NULL);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
template_saved (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(DgPreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *saved = g_steal_pointer (&self->saving_text);

  if (dg_service_template_set_finish (DG_SERVICE (object), result, &error))
    {
      self->base_version++;
      g_free (self->base_text);
      self->base_text = g_steal_pointer (&saved);
      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (_("Template saved as a new version")));
    }
  else if (g_error_matches (error, DG_ERROR, DG_ERROR_CONFLICT) && self->application != NULL)
    dg_service_template_get_async (dg_application_get_service (self->application), template_name (self),
                                   template_language (self), self->cancellable, theirs_loaded, g_object_ref (self));
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (error->message));
  template_changed (self);
}

static void
save_template_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  DgPreferencesWindow *self = DG_PREFERENCES_WINDOW (widget);

  /* One save at a time: the next is made over the version this one saves. */
  if (self->saving_text != NULL)
    return;
  self->saving_text = template_text (self);
  gtk_widget_set_sensitive (self->template_save, FALSE);
  dg_service_template_set_async (dg_application_get_service (self->application), template_name (self), template_language (self),
                                 self->saving_text, self->base_version, template_saved, g_object_ref (self));
}

/* ---- Database ---------------------------------------------------------- */

static char *
location_text (DgPreferencesWindow *self)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->db_location_row))));
}

static void
set_db_status (DgPreferencesWindow *self,
               const char          *text,
               gboolean             is_error)
{
  gtk_label_set_text (self->db_status, text);
  if (is_error)
    gtk_widget_add_css_class (GTK_WIDGET (self->db_status), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->db_status), "error");
}

/* Only a location that has just been tried can be chosen: a mistyped
 * address never stands between the hub and its records at the next start. */
static void
location_changed (DgPreferencesWindow *self)
{
  g_autofree char *text = location_text (self);

  gtk_widget_set_sensitive (self->db_use, self->db_tested != NULL && g_str_equal (text, self->db_tested));
}

static void
probe_thread (GTask        *task,
              gpointer      source,
              gpointer      data,
              GCancellable *cancellable)
{
  char **where = data;   /* the location tried, and the text it came from */
  GError *error = NULL;
  char *said = dg_db_probe (where[0], &error);

  return_text (task, said, error);
}

static void
probed (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  DgPreferencesWindow *self = DG_PREFERENCES_WINDOW (object);
  g_autoptr(GError) error = NULL;
  g_autofree char *said = g_task_propagate_pointer (G_TASK (result), &error);
  char **where = g_task_get_task_data (G_TASK (result));

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  gtk_widget_set_sensitive (self->db_test, TRUE);
  g_clear_pointer (&self->db_tested, g_free);
  if (said == NULL)
    set_db_status (self, error->message, TRUE);
  else
    {
      self->db_tested = g_strdup (where[1]);
      set_db_status (self, said, FALSE);
    }
  location_changed (self);
}

/* The empty location stands for the file in the data folder. */
static char *
location_or_default (const char *text)
{
  return *text != '\0' ? g_strdup (text) : dg_db_data_folder_file ();
}

static void
test_database_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  DgPreferencesWindow *self = DG_PREFERENCES_WINDOW (widget);
  g_autofree char *text = location_text (self);
  g_autofree char *location = location_or_default (text);
  g_autofree char *shown = dg_db_location_for_display (location);
  g_autoptr(GTask) task = NULL;

  /* The setting is plain text anyone with the account can read (dconf):
   * an address holding a password is never tried, so never chosen. */
  if (g_strcmp0 (shown, location) != 0)
    {
      set_db_status (self, _("Diogelu does not keep passwords in its settings: take the password out of the address "
                             "and put it in a ~/.pgpass file, or the PGPASSWORD environment variable."), TRUE);
      gtk_widget_set_sensitive (self->db_use, FALSE);
      return;
    }

  /* A server far away can take seconds to answer: tried on a thread, the
   * window stays usable. */
  task = g_task_new (self, self->cancellable, probed, NULL);
  g_task_set_task_data (task, g_strdupv ((char *[]) { location, text, NULL }), (GDestroyNotify) g_strfreev);
  gtk_widget_set_sensitive (self->db_test, FALSE);
  gtk_widget_set_sensitive (self->db_use, FALSE);
  set_db_status (self, _("Trying the database…"), FALSE);
  g_task_run_in_thread (task, probe_thread);
}

static void
use_database_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  DgPreferencesWindow *self = DG_PREFERENCES_WINDOW (widget);
  g_autofree char *text = location_text (self);
  gboolean given = FALSE;

  /* A location the administrator set (a dconf lock) is never "Saved" over. */
  if (!g_settings_set_string (dg_application_get_settings (self->application), "database", text))
    {
      set_db_status (self, _("Not saved: the database location is set by your administrator."), TRUE);
      gtk_widget_set_sensitive (self->db_use, FALSE);
      return;
    }
  dg_application_get_location (self->application, &given);
  set_db_status (self,
                 given ? _("Saved. This run was given its database with --db or DIOGELU_DB, which still come first.")
                       : _("Saved: Diogelu opens this database when it next starts."),
                 FALSE);
  gtk_widget_set_sensitive (self->db_use, FALSE);
}

static void
show_database (DgPreferencesWindow *self)
{
  GSettings *settings = dg_application_get_settings (self->application);
  g_autofree char *setting = g_settings_get_string (settings, "database");
  gboolean given = FALSE;
  const char *location = dg_application_get_location (self->application, &given);
  g_autofree char *shown = dg_db_location_for_display (location);

  if (given)
    {
      g_autofree char *subtitle = g_strdup_printf (_("%s (given with --db or DIOGELU_DB, which come before this setting)"), shown);
      adw_action_row_set_subtitle (self->db_current_row, subtitle);
    }
  else
    adw_action_row_set_subtitle (self->db_current_row, shown);
  /* The daily copy is of SQLite files; a server keeps its own. */
  if (dg_db_location_is_uri (location))
    {
      adw_action_row_set_subtitle (self->backup_row,
                                   _("A PostgreSQL database is copied on its server (pg_dump, or the server's own backups); Diogelu's copies are of SQLite files."));
      gtk_widget_set_sensitive (GTK_WIDGET (self->backup_switch), FALSE);
      gtk_widget_set_sensitive (self->backup_keep_row, FALSE);
      gtk_widget_set_sensitive (self->backup_second_row, FALSE);
    }
  gtk_editable_set_text (GTK_EDITABLE (self->db_location_row), setting);
  location_changed (self);
}

static void
dg_preferences_window_dispose (GObject *object)
{
  DgPreferencesWindow *self = (DgPreferencesWindow *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->preview_source, g_source_remove);
  g_clear_object (&self->application);

  G_OBJECT_CLASS (dg_preferences_window_parent_class)->dispose (object);
}

/* Closed: what it was waiting for is no longer wanted, and the window it was
 * opened over may go before the jobs that still hold this one do. */
static void
dg_preferences_window_unrealize (GtkWidget *widget)
{
  DgPreferencesWindow *self = DG_PREFERENCES_WINDOW (widget);

  g_cancellable_cancel (self->cancellable);
  GTK_WIDGET_CLASS (dg_preferences_window_parent_class)->unrealize (widget);
  gtk_window_set_transient_for (GTK_WINDOW (self), NULL);
}

static void
dg_preferences_window_finalize (GObject *object)
{
  DgPreferencesWindow *self = (DgPreferencesWindow *)object;

  g_free (self->base_text);
  g_free (self->saving_text);
  g_free (self->db_tested);

  G_OBJECT_CLASS (dg_preferences_window_parent_class)->finalize (object);
}

static gboolean
dg_preferences_window_close_request (GtkWindow *window)
{
  DgPreferencesWindow *self = DG_PREFERENCES_WINDOW (window);
  g_autofree char *text = NULL;

  if (self->base_text == NULL)
    return FALSE;
  text = template_text (self);
  if (g_strcmp0 (text, self->base_text) == 0)
    return FALSE;
  /* An edited template is not dropped without asking. */
  return dg_discard_ask (window, _("Discard Template Changes?"),
                         _("The changes to the letter template have not been saved."));
}

static void
dg_preferences_window_class_init (DgPreferencesWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = dg_preferences_window_dispose;
  G_OBJECT_CLASS (klass)->finalize = dg_preferences_window_finalize;
  widget_class->unrealize = dg_preferences_window_unrealize;
  GTK_WINDOW_CLASS (klass)->close_request = dg_preferences_window_close_request;
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
  gtk_widget_class_install_action (widget_class, "prefs.save-template", NULL, save_template_action);
  gtk_widget_class_install_action (widget_class, "prefs.go-to-error", NULL, go_to_error_action);
  gtk_widget_class_install_action (widget_class, "prefs.test-database", NULL, test_database_action);
  gtk_widget_class_install_action (widget_class, "prefs.use-database", NULL, use_database_action);

  gtk_source_init ();
  g_type_ensure (GTK_SOURCE_TYPE_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/diogelu/Diogelu/ui/dg-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, DgPreferencesWindow, database_page);
  gtk_widget_class_bind_template_child (widget_class, DgPreferencesWindow, practitioner_row);
  gtk_widget_class_bind_template_child (widget_class, DgPreferencesWindow, language_row);
  gtk_widget_class_bind_template_child (widget_class, DgPreferencesWindow, role_row);
  gtk_widget_class_bind_template_child (widget_class, DgPreferencesWindow, backup_row);
  gtk_widget_class_bind_template_child (widget_class, DgPreferencesWindow, backup_keep_row);
  gtk_widget_class_bind_template_child (widget_class, DgPreferencesWindow, backup_switch);
  gtk_widget_class_bind_template_child (widget_class, DgPreferencesWindow, backup_keep);
  gtk_widget_class_bind_template_child (widget_class, DgPreferencesWindow, backup_second_row);
  gtk_widget_class_bind_template_child (widget_class, DgPreferencesWindow, template_row);
  gtk_widget_class_bind_template_child (widget_class, DgPreferencesWindow, template_language_row);
  gtk_widget_class_bind_template_child (widget_class, DgPreferencesWindow, template_view);
  gtk_widget_class_bind_template_child (widget_class, DgPreferencesWindow, template_status);
  gtk_widget_class_bind_template_child (widget_class, DgPreferencesWindow, template_save);
  gtk_widget_class_bind_template_child (widget_class, DgPreferencesWindow, template_goto);
  gtk_widget_class_bind_template_child (widget_class, DgPreferencesWindow, template_preview);
  gtk_widget_class_bind_template_child (widget_class, DgPreferencesWindow, db_current_row);
  gtk_widget_class_bind_template_child (widget_class, DgPreferencesWindow, db_location_row);
  gtk_widget_class_bind_template_child (widget_class, DgPreferencesWindow, db_status);
  gtk_widget_class_bind_template_child (widget_class, DgPreferencesWindow, db_test);
  gtk_widget_class_bind_template_child (widget_class, DgPreferencesWindow, db_use);
}

static void
dg_preferences_window_init (DgPreferencesWindow *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  dg_help_install (GTK_WINDOW (self), "preferences");

  g_signal_connect_swapped (gtk_text_view_get_buffer (self->template_view), "changed", G_CALLBACK (template_changed), self);
  g_signal_connect_swapped (self->template_row, "notify::selected", G_CALLBACK (load_template), self);
  dg_template_editor_setup (GTK_SOURCE_VIEW (self->template_view));
  dg_spell_attach (self->template_view, template_language (self));
  g_signal_connect_swapped (self->template_language_row, "notify::selected", G_CALLBACK (template_language_changed), self);
  g_signal_connect_swapped (self->db_location_row, "changed", G_CALLBACK (location_changed), self);
}

static gboolean
role_to_index (GValue   *value,
               GVariant *variant,
               gpointer  user_data)
{
  DgDbRole role = DG_DB_ROLE_ADMINISTRATOR;

  dg_db_role_from_string (g_variant_get_string (variant, NULL), &role);
  g_value_set_uint (value, role);
  return TRUE;
}

static GVariant *
index_to_role (const GValue       *value,
               const GVariantType *expected_type,
               gpointer            user_data)
{
  guint index = g_value_get_uint (value);

  if (index > DG_DB_ROLE_ADMINISTRATOR)
    return NULL;
  return g_variant_new_string (dg_db_role_to_string ((DgDbRole) index));
}

DgPreferencesWindow *
dg_preferences_window_new (DgApplication *application)
{
  DgPreferencesWindow *self = g_object_new (DG_TYPE_PREFERENCES_WINDOW, NULL);
  GSettings *settings = dg_application_get_settings (application);
  const struct {
    const char *key;
    gpointer    row;
  } rows[] = {
    { "practitioner-name", self->practitioner_row },
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    g_settings_bind (settings, rows[i].key, rows[i].row, "text", G_SETTINGS_BIND_DEFAULT);

  g_settings_bind_with_mapping (settings, "interface-language", self->language_row, "selected",
                                G_SETTINGS_BIND_DEFAULT, language_to_index, index_to_language,
                                NULL, NULL);
  /* The rows are in DgDbRole's order. */
  g_settings_bind_with_mapping (settings, "role", self->role_row, "selected",
                                G_SETTINGS_BIND_DEFAULT, role_to_index, index_to_role, NULL, NULL);
  g_settings_bind (settings, "backup-enabled", self->backup_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "backup-keep", self->backup_keep, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "backup-second-location", self->backup_second_row, "text", G_SETTINGS_BIND_DEFAULT);
  /* What the administrator locked shows as theirs (the bindings above make
   * those rows insensitive; the tooltip says why). */
  dg_settings_show_locked (settings, "practitioner-name", GTK_WIDGET (self->practitioner_row));
  dg_settings_show_locked (settings, "interface-language", GTK_WIDGET (self->language_row));
  dg_settings_show_locked (settings, "role", GTK_WIDGET (self->role_row));
  dg_settings_show_locked (settings, "backup-enabled", GTK_WIDGET (self->backup_row));
  dg_settings_show_locked (settings, "backup-keep", self->backup_keep_row);
  dg_settings_show_locked (settings, "database", GTK_WIDGET (self->db_location_row));

  self->application = g_object_ref (application);
  /* Moving the records elsewhere is the database's administrator's. */
  dg_role_guard (dg_application_get_service (application), GTK_WIDGET (self), "prefs.test-database",
                 GTK_WIDGET (self->db_location_row), DG_DB_POWER_DATABASE);
  dg_role_guard (dg_application_get_service (application), GTK_WIDGET (self), NULL, self->db_use, DG_DB_POWER_DATABASE);
  /* The hub's own settings, from the database: a page of their own. */
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self),
                              ADW_PREFERENCES_PAGE (dg_hub_page_new (dg_application_get_service (application))));
  /* The working-day calendar every clock counts by, from the database too. */
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self),
                              ADW_PREFERENCES_PAGE (dg_calendar_page_new (dg_application_get_service (application))));
  /* The agencies expected at meetings, by concern, from the database too. */
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self),
                              ADW_PREFERENCES_PAGE (dg_expected_page_new (dg_application_get_service (application))));
  /* The audit trail's checks, kept per database on this computer: with
   * the database, not a page of their own (the switcher has no more room). */
  adw_preferences_page_add (self->database_page,
                            ADW_PREFERENCES_GROUP (dg_audit_group_new (dg_application_get_service (application), settings,
                                                                       dg_application_get_location (application, NULL))));
  load_template (self);
  show_database (self);

  return self;
}
