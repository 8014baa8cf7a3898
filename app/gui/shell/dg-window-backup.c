#include "config.h"

#include <glib/gi18n.h>

#include "dg-chooser.h"
#include "dg-window-private.h"

/* Backups: the daily copy beside the database, a copy saved where the
 * practitioner chooses, and a restore from one, asked for first. */

static void
backup_done (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(DgWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!dg_service_backup_daily_finish (DG_SERVICE (object), result, &error))
    {
      g_autofree char *message = g_strdup_printf (_("The daily backup failed: %s"), error->message);
      dg_window_toast (self, message);
    }
}

/* Once a day, a consistent copy beside the database (Preferences ▸ Backups). */
gboolean
dg_window_backup_tick (gpointer data)
{
  DgWindow *self = data;
  DgApplication *app = DG_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  DgWorker *worker;
  GSettings *settings;
  g_autofree char *backups = NULL;

  /* Checked again every hour: a window left open overnight still makes tomorrow's. */
  self->backup_source = g_timeout_add_seconds (3600, dg_window_backup_tick, self);

  if (app == NULL)
    return G_SOURCE_REMOVE;
  worker = dg_application_get_worker (app);
  settings = dg_application_get_settings (app);
  /* A server keeps its own copies: asking it for one would only fail (and,
   * while it is being restarted, say so in a toast). */
  if (!g_settings_get_boolean (settings, "backup-enabled") || dg_worker_is_read_only (worker) ||
      dg_db_location_is_uri (dg_worker_get_path (worker)))
    return G_SOURCE_REMOVE;

  backups = dg_db_backup_folder (dg_worker_get_path (worker));
  dg_service_backup_daily_async (dg_application_get_service (app), backups, g_settings_get_int (settings, "backup-keep"),
                                 backup_done, g_object_ref (self));
  return G_SOURCE_REMOVE;
}

/* ---- Back up and restore ---- */

static void
backed_up (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(DgWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!dg_service_backup_finish (DG_SERVICE (object), result, &error))
    dg_window_toast (self, error->message);
  else
    dg_window_toast (self, _("Backup saved"));
}

static void
backup_chosen (GObject  *owner,
               GFile    *file,
               gpointer  data)
{
  DgApplication *app = DG_APPLICATION (gtk_window_get_application (GTK_WINDOW (owner)));
  g_autofree char *path = g_file_get_path (file);

  dg_service_backup_async (dg_application_get_service (app), path, backed_up, g_object_ref (owner));
}

void
dg_window_backup_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  DgWindow *self = DG_WINDOW (widget);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *name = g_date_time_format (now, "diogelu-backup-%Y-%m-%d.db");

  if (g_strcmp0 (self->state, "ready") != 0)
    return;
  dg_choose_file (widget, _("Back Up the Database"), GTK_FILE_CHOOSER_ACTION_SAVE, name, NULL, NULL,
                  backup_chosen, self, NULL, NULL);
}

static void
show_problem (DgWindow   *self,
              const char *heading,
              const char *message)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, message);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
restored (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(DgWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *kept = dg_service_restore_finish (DG_SERVICE (object), result, &error);
  g_autofree char *message = NULL;

  if (kept == NULL)
    {
      show_problem (self, _("The Backup Was Not Restored"), error->message);
      return;
    }
  dg_window_reload_everything (self);
  message = g_strdup_printf (_("Restored. The records as they were are kept in %s"), kept);
  dg_window_toast (self, message);
}

static void
restore_confirmed (AdwMessageDialog *dialog,
                   const char       *response,
                   DgWindow         *self)
{
  DgApplication *app = DG_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  const char *backup = g_object_get_data (G_OBJECT (dialog), "dg-backup");
  g_autofree char *safety = NULL;

  if (g_strcmp0 (response, "restore") != 0)
    return;
  safety = dg_db_backup_folder (dg_worker_get_path (dg_application_get_worker (app)));
  dg_service_restore_async (dg_application_get_service (app), backup, safety, restored, g_object_ref (self));
}

/* Asks before anything is replaced, saying what will happen to what is there. */
void
dg_window_restore (DgWindow   *self,
                   const char *backup)
{
  g_autoptr(GFile) file = g_file_new_for_path (backup);
  g_autoptr(GFileInfo) info = g_file_query_info (file, G_FILE_ATTRIBUTE_TIME_MODIFIED, 0, NULL, NULL);
  g_autoptr(GDateTime) modified = info ? g_file_info_get_modification_date_time (info) : NULL;
  g_autofree char *when = modified ? g_date_time_format (modified, "%e %B %Y, %H:%M") : g_strdup ("?");
  g_autofree char *base = g_path_get_basename (backup);
  g_autofree char *body = g_strdup_printf (_("Every referral, meeting and letter will be replaced by those in “%s” (saved %s). "
                                             "The records as they are now are kept in the backups folder first, so this can be undone."),
                                           base, g_strstrip (when));
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Replace All Records with the Backup?"), body);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "restore", _("_Restore"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "restore", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "dg-backup", g_strdup (backup), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (restore_confirmed), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
restore_chosen (GObject  *owner,
                GFile    *file,
                gpointer  data)
{
  g_autofree char *path = g_file_get_path (file);

  dg_window_restore (DG_WINDOW (owner), path);
}

void
dg_window_restore_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  DgWindow *self = DG_WINDOW (widget);
  DgApplication *app = DG_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  g_autofree char *backups = NULL;
  g_autoptr(GFile) folder = NULL;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  if (g_strcmp0 (self->state, "ready") != 0)
    return;
  /* Start where the daily copies are. */
  backups = dg_db_backup_folder (dg_worker_get_path (dg_application_get_worker (app)));
  folder = g_file_new_for_path (backups);
  gtk_file_filter_set_name (filter, _("Diogelu databases"));
  gtk_file_filter_add_pattern (filter, "*.db");
  dg_choose_file (widget, _("Restore from a Backup"), GTK_FILE_CHOOSER_ACTION_OPEN, NULL, filter, folder,
                  restore_chosen, self, NULL, NULL);
}
