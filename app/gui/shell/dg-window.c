#include "config.h"
#include "dg-titles.h"

#include <glib/gi18n.h>

#include "dg-service.h"
#include "dg-keyring.h"
#include "dg-password-dialog.h"
#include "dg-meetings-page.h"
#include "dg-notifications-page.h"
#include "dg-due-page.h"
#include "dg-reports-page.h"
#include "dg-referral-form.h"
#include "dg-referrals-page.h"
#include "dg-import-window.h"
#include "dg-chooser.h"
#include "dg-role-guard.h"
#include "dg-window-private.h"


G_DEFINE_FINAL_TYPE (DgWindow, dg_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_STATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char * const sections[] = {
  "referrals", "meetings", "notifications", "due", "reports",
};
/* Each section's page of the help (help/C/<page>.page), in the same order. */
static const char * const help_pages[] = {
  "referrals", "meetings", "letters", "due", "reports",
};

static void
set_state (DgWindow   *self,
           const char *state)
{
  g_free (self->state);
  self->state = g_strdup (state);
  gtk_stack_set_visible_child_name (self->main_stack,
                                    g_str_equal (state, "ready") ? "content" : state);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}


/* Letters not delivered are due work too: said on Due. */
static void
failed_changed (DgNotificationsPage *page,
                guint                failed,
                DgWindow            *self)
{
  dg_due_page_set_failed_letters (self->due_page, failed);
}

static void
owed_changed (DgNotificationsPage *page,
              guint                owed,
              DgWindow            *self)
{
  AdwViewStackPage *section = adw_view_stack_get_page (self->view_stack, GTK_WIDGET (page));

  /* The number of letters owed, on the section's switcher. */
  adw_view_stack_page_set_badge_number (section, owed);
  adw_view_stack_page_set_needs_attention (section, owed > 0);
}

static void
overdue_changed (DgDuePage *page,
                 guint      overdue,
                 DgWindow  *self)
{
  AdwViewStackPage *section = adw_view_stack_get_page (self->view_stack, GTK_WIDGET (page));
  GtkApplication *app;

  /* The overdue count, on the section's switcher, and in a notification. */
  adw_view_stack_page_set_badge_number (section, overdue);
  adw_view_stack_page_set_needs_attention (section, overdue > 0);
  /* A window closing has let go of the application. */
  app = gtk_window_get_application (GTK_WINDOW (self));
  if (DG_IS_APPLICATION (app))
    dg_application_set_overdue (DG_APPLICATION (app), overdue);
}

static void
due_open_referral (DgDuePage *page,
                   gint64     id,
                   DgWindow  *self)
{
  dg_window_show_section (self, "referrals");
  dg_referrals_page_open (self->referrals_page, id);
}

/* The Due board and the reports read every open clock, which takes seconds
 * at a million referrals: they get their own connection and thread, so the
 * list, the forms and the letters never queue behind them. */
static void section_shown (DgWindow *self);

static void
figures_database_opened (GObject      *object,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(DgWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean opened = dg_worker_open_finish (DG_WORKER (object), result, &error);
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  DgService *figures;

  /* A window closed meanwhile has nothing left to fill. */
  if (app == NULL)
    return;
  if (!opened)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      /* The main connection works; the figures share it, slower but
       * correct. Not a warning: a server restarting as the window opens
       * (a security update) refuses it for a moment, and nothing is lost. */
      g_message ("A second connection for the Due board could not be opened (%s %d); it shares the main one",
                 g_quark_to_string (error->domain), error->code);
      figures = dg_application_get_service (DG_APPLICATION (app));
    }
  else
    {
      g_clear_object (&self->figures);
      self->figures = dg_service_new (self->figures_worker);
      figures = self->figures;
    }
  /* What is due comes first (its count is on the switcher); the other
   * figures wait until their section is shown. */
  dg_due_page_set_service (self->due_page, figures);
  dg_reports_page_set_service (self->reports_page, figures);
  dg_meetings_page_set_services (self->meetings_page, dg_application_get_service (DG_APPLICATION (app)), figures);
  if (g_strcmp0 (adw_view_stack_get_visible_child_name (self->view_stack), "due") != 0)
    section_shown (self);
}

static void
start_figures (DgWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  DgWorker *worker;

  g_clear_handle_id (&self->figures_source, g_source_remove);
  /* Once; never for a window already closing. */
  if (self->figures_worker != NULL || app == NULL)
    return;
  worker = dg_application_get_worker (DG_APPLICATION (app));
  /* The figures read index totals: a small page cache is enough there. */
  self->figures_worker = dg_worker_new_with_flags (dg_worker_get_path (worker), DG_DB_OPEN_SMALL_CACHE);
  dg_worker_open_async (self->figures_worker, self->cancellable, figures_database_opened, g_object_ref (self));
  dg_notifications_page_set_service (self->notifications_page, dg_application_get_service (DG_APPLICATION (app)));
}

static gboolean
start_figures_late (gpointer data)
{
  DgWindow *self = data;

  self->figures_source = 0;
  start_figures (self);
  return G_SOURCE_REMOVE;
}

/* ---- Changes made elsewhere ------------------------------------------------------- */

/* How often the window asks whether another window, process or practitioner
 * has saved something: what they save shows here within about this long. */
#define WATCH_INTERVAL_MS 500

/* Records changed, here (the service's ::changed) or elsewhere: the badges
 * on the switcher, and the section on screen, show what is true now. The
 * referral list follows its own changes; one made elsewhere is refreshed
 * below. */
static void
records_changed (DgWindow *self)
{
  const char *name = adw_view_stack_get_visible_child_name (self->view_stack);

  dg_due_page_reload (self->due_page);
  dg_notifications_page_reload (self->notifications_page);
  if (g_strcmp0 (name, "meetings") == 0)
    dg_meetings_page_reload (self->meetings_page);
  if (g_strcmp0 (name, "reports") == 0)
    dg_reports_page_reload (self->reports_page);
}

static void
changed_elsewhere (DgWindow *self)
{
  dg_referrals_page_refresh (self->referrals_page);
  records_changed (self);
}

/* The banner under the header: "Reconnecting…" while the server cannot be
 * reached (what was typed stays in its window meanwhile), else the warning
 * about a connection in the clear, else nothing. */
static void
show_connection (DgWindow *self)
{
  const char *text = self->reconnecting
    ? _("Reconnecting to the database server… What you have typed stays in its window; save it again once this message goes.")
    : self->exposed;

  gtk_spinner_set_spinning (self->connection_spinner, self->reconnecting);
  gtk_widget_set_visible (GTK_WIDGET (self->connection_spinner), self->reconnecting);
  gtk_widget_set_visible (self->connection_icon, !self->reconnecting);
  if (text != NULL)
    gtk_label_set_text (self->connection_label, text);
  gtk_revealer_set_reveal_child (self->connection_revealer, text != NULL);
}

static void
connection_read (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(DgWindow) self = user_data;
  g_auto(GStrv) how = dg_service_connection_finish (DG_SERVICE (object), result, NULL);

  if (how == NULL || gtk_window_get_application (GTK_WINDOW (self)) == NULL)
    return;
  adw_view_switcher_title_set_subtitle (self->switcher_title, how[0]);
  /* The subtitle shows only in a narrow window: a lock in the header
   * bar says the same at every width. */
  if (*how[1] != '\0')
    {
      gtk_image_set_from_icon_name (self->connection_image, how[1]);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->connection_image), how[0]);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->connection_image),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, how[0], -1);
      gtk_widget_set_visible (GTK_WIDGET (self->connection_image), TRUE);
    }
  g_free (self->exposed);
  self->exposed = g_strdup (how[2]);
  show_connection (self);
}

static void
data_version_read (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(DgWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  gint64 version = dg_service_data_version_finish (DG_SERVICE (object), result, &error);

  self->watch_pending = FALSE;
  if (gtk_window_get_application (GTK_WINDOW (self)) == NULL)
    return;
  /* A server that cannot be reached is tried again at every tick (the
   * core reconnects); a failed read of another kind (the database busy,
   * say) just waits for the next. */
  if (version == 0 && g_error_matches (error, DG_ERROR, DG_ERROR_IO) && !self->reconnecting)
    {
      self->reconnecting = TRUE;
      show_connection (self);
    }
  if (version == 0)
    return;
  if (self->reconnecting)
    {
      GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

      self->reconnecting = FALSE;
      show_connection (self);
      /* The new session may differ (sslmode=prefer, say). */
      dg_service_connection_async (dg_application_get_service (DG_APPLICATION (app)), self->cancellable,
                                   connection_read, g_object_ref (self));
    }
  if (self->data_version != 0 && version != self->data_version)
    changed_elsewhere (self);
  self->data_version = version;
}

static gboolean
watch_tick (gpointer data)
{
  DgWindow *self = data;
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  if (!self->watch_pending && app != NULL)
    {
      self->watch_pending = TRUE;
      dg_service_data_version_async (dg_application_get_service (DG_APPLICATION (app)), self->cancellable,
                                     data_version_read, g_object_ref (self));
    }
  return G_SOURCE_CONTINUE;
}

static void database_opened (GObject      *object,
                             GAsyncResult *result,
                             gpointer      user_data);

static void
password_kept (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(DgWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (dg_keyring_remember_finish (result, &error) || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  /* The password still serves this session; only the keyring said no. */
  message = g_strdup_printf (_("The keyring did not keep the password: %s"), error->message);
  dg_window_toast (self, message);
}

static void
password_response (DgPasswordDialog *dialog,
                   const char       *response,
                   DgWindow         *self)
{
  DgWorker *worker = dg_application_get_worker (DG_APPLICATION (gtk_window_get_application (GTK_WINDOW (self))));
  g_autofree char *shown = dg_db_location_for_display (dg_worker_get_path (worker));

  if (g_strcmp0 (response, "connect") != 0)
    {
      adw_status_page_set_description (self->error_page,
                                       _("The database server asks for a password. Open Diogelu again to type it, "
                                         "or choose another database with diogelu --db."));
      set_state (self, "error");
      return;
    }
  dg_keyring_remember (shown, dg_password_dialog_get_text (dialog), dg_password_dialog_get_keep (dialog),
                       self->cancellable, password_kept, g_object_ref (self));
  self->password_typed = TRUE;
  dg_worker_open_async (worker, self->cancellable, database_opened, g_object_ref (self));
}

/* A server that asks for a password: asked here, kept for the session (and
 * in the keyring when the person says so), then the database opened again. */
static void
ask_password (DgWindow     *self,
              DgWorker     *worker,
              const GError *error)
{
  g_autofree char *shown = dg_db_location_for_display (dg_worker_get_path (worker));
  DgPasswordDialog *dialog;

  dialog = dg_password_dialog_new (GTK_WINDOW (self), shown, self->password_typed ? error->message : NULL);
  g_signal_connect_object (dialog, "response", G_CALLBACK (password_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- The letterhead once kept in this computer's settings --------------------------- */

/* Before the letterhead belonged to the hub (in the database), each
 * computer kept its own in GSettings. A database without a hub name takes
 * the values set here, once; the keys are then reset so it never happens
 * again. */
typedef struct
{
  DgWindow *window;
  guint     pending;
  gboolean  failed;
} Move;

static void
old_letterhead_saved (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  Move *move = user_data;
  g_autoptr(GError) error = NULL;

  if (!dg_service_hub_set_finish (DG_SERVICE (object), result, &error))
    {
      if (!move->failed)
        dg_window_toast (move->window, error->message);
      move->failed = TRUE;
    }
  if (--move->pending > 0)
    return;
  if (!move->failed)
    {
      GSettings *settings = dg_application_get_settings (DG_APPLICATION (g_application_get_default ()));
      const char *keys[] = { "hub-name", "hub-address", "hub-phone", "hub-email" };

      for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
        g_settings_reset (settings, keys[i]);
      dg_window_toast (move->window, _("The letterhead from this computer’s settings now belongs to the hub"));
    }
  g_object_unref (move->window);
  g_free (move);
}

static void
hub_read (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(DgWindow) self = user_data;
  g_autoptr(DgHubSettings) hub = dg_service_hub_get_finish (DG_SERVICE (object), result, NULL);
  GSettings *settings = dg_application_get_settings (DG_APPLICATION (g_application_get_default ()));
  const char *keys[][2] = { { "hub-name", "name" }, { "hub-address", "address" },
                            { "hub-phone", "phone" }, { "hub-email", "email" } };
  Move *move;

  if (hub == NULL || (hub->name != NULL && *hub->name != '\0'))
    return;
  move = g_new0 (Move, 1);
  move->window = g_object_ref (self);
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      g_autoptr(GVariant) set = g_settings_get_user_value (settings, keys[i][0]);

      if (set == NULL || *g_variant_get_string (set, NULL) == '\0')
        continue;
      move->pending++;
      dg_service_hub_set_async (DG_SERVICE (object), keys[i][1], g_variant_get_string (set, NULL), -1,
                                old_letterhead_saved, move);
    }
  if (move->pending == 0)
    {
      g_object_unref (move->window);
      g_free (move);
    }
}

static void
database_opened (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  DgWorker *worker = DG_WORKER (object);
  g_autoptr(DgWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  DgService *service;

  if (!dg_worker_open_finish (worker, result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      if (g_error_matches (error, DG_ERROR, DG_ERROR_PASSWORD))
        {
          ask_password (self, worker, error);
          return;
        }
      adw_status_page_set_description (self->error_page, error->message);
      set_state (self, "error");
      return;
    }

  service = dg_application_get_service (DG_APPLICATION (gtk_window_get_application (GTK_WINDOW (self))));
  gtk_revealer_set_reveal_child (self->read_only_revealer, dg_worker_is_read_only (worker));
  dg_service_connection_async (service, self->cancellable, connection_read, g_object_ref (self));
  /* The first reading comes before the list's, so nothing saved in between
   * goes unseen; then one every WATCH_INTERVAL_MS. */
  watch_tick (self);
  self->watch_source = g_timeout_add (WATCH_INTERVAL_MS, watch_tick, self);
  dg_referrals_page_set_service (self->referrals_page, service);
  g_signal_connect_object (service, "changed", G_CALLBACK (records_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->notifications_page, "owed", G_CALLBACK (owed_changed), self, 0);
  g_signal_connect_object (self->notifications_page, "failed", G_CALLBACK (failed_changed), self, 0);
  g_signal_connect_object (self->due_page, "overdue", G_CALLBACK (overdue_changed), self, 0);
  g_signal_connect_object (self->due_page, "open-referral", G_CALLBACK (due_open_referral), self, 0);
  g_signal_connect_object (self->reports_page, "open-referral", G_CALLBACK (due_open_referral), self, 0);
  /* The section already on screen loads what it shows. */
  dg_window_show_section (self, adw_view_stack_get_visible_child_name (self->view_stack));
  /* The letters owed and the figures (the switcher's badges) wait for the
   * list's first rows to be painted, so they never delay the first screen;
   * if the list cannot show, they start a few seconds later all the same. */
  if (g_strcmp0 (adw_view_stack_get_visible_child_name (self->view_stack), "referrals") == 0)
    {
      g_signal_connect_object (self->referrals_page, "shown", G_CALLBACK (start_figures), self, G_CONNECT_SWAPPED);
      self->figures_source = g_timeout_add_seconds (3, start_figures_late, self);
    }
  else
    start_figures (self);
  /* After the list's first query, so the copy never delays the first screen. */
  self->backup_source = g_timeout_add_seconds (5, dg_window_backup_tick, self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.new-referral", !dg_worker_is_read_only (worker));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.import", !dg_worker_is_read_only (worker));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.restore", !dg_worker_is_read_only (worker));
  /* Restoring a backup over the records is the database's administrator's. */
  if (!dg_worker_is_read_only (worker))
    dg_role_guard (service, GTK_WIDGET (self), "win.restore", NULL, DG_DB_POWER_DATABASE);
  if (!dg_worker_is_read_only (worker))
    dg_service_hub_get_async (service, self->cancellable, hub_read, g_object_ref (self));
  set_state (self, "ready");
}

static void
referral_saved (DgReferralForm *form,
                gint64          id,
                DgWindow       *self)
{
  dg_window_show_section (self, "referrals");
  dg_referrals_page_reload (self->referrals_page, id);
  dg_window_toast (self, _("Referral saved"));
}

static void
new_referral_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  DgWindow *self = DG_WINDOW (widget);
  DgApplication *app = DG_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  DgReferralForm *form;

  if (g_strcmp0 (self->state, "ready") != 0)
    return;

  form = dg_referral_form_new (dg_application_get_service (app));
  gtk_window_set_transient_for (GTK_WINDOW (form), GTK_WINDOW (self));
  g_signal_connect_object (form, "saved", G_CALLBACK (referral_saved), self, 0);
  gtk_window_present (GTK_WINDOW (form));
}

static void
referrals_imported (DgImportWindow *window,
                    guint           count,
                    DgWindow       *self)
{
  g_autofree char *message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'u referral imported", "%'u referrals imported", count), count);

  dg_window_show_section (self, "referrals");
  dg_referrals_page_reload (self->referrals_page, 0);
  dg_window_toast (self, message);
}

static void
import_file_loaded (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(DgWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = g_file_load_bytes_finish (G_FILE (object), result, NULL, &error);
  DgApplication *app = DG_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  DgImportWindow *window;

  if (bytes == NULL)
    {
      dg_window_toast (self, error->message);
      return;
    }
  window = dg_import_window_new (dg_application_get_service (app), bytes);
  gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (self));
  g_signal_connect_object (window, "imported", G_CALLBACK (referrals_imported), self, 0);
  gtk_window_present (GTK_WINDOW (window));
}

static void
import_chosen (GObject  *owner,
               GFile    *file,
               gpointer  data)
{
  g_file_load_bytes_async (file, NULL, import_file_loaded, g_object_ref (owner));
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  DgWindow *self = DG_WINDOW (widget);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  if (g_strcmp0 (self->state, "ready") != 0)
    return;
  gtk_file_filter_set_name (filter, _("CSV files"));
  gtk_file_filter_add_pattern (filter, "*.csv");
  gtk_file_filter_add_pattern (filter, "*.CSV");
  gtk_file_filter_add_mime_type (filter, "text/csv");
  dg_choose_file (widget, _("Import Referrals from a Spreadsheet"), GTK_FILE_CHOOSER_ACTION_OPEN, NULL, filter, NULL,
                  import_chosen, self, NULL, NULL);
}

void
dg_window_reload_everything (DgWindow *self)
{
  dg_referrals_page_reload (self->referrals_page, 0);
  dg_due_page_reload (self->due_page);
  dg_notifications_page_reload (self->notifications_page);
  section_shown (self);
}

/* For tests and scripts: the same window, given the file's contents. */
void
dg_window_import (DgWindow *self,
                  GBytes   *csv)
{
  DgApplication *app = DG_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  DgImportWindow *window = dg_import_window_new (dg_application_get_service (app), csv);

  gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (self));
  g_signal_connect_object (window, "imported", G_CALLBACK (referrals_imported), self, 0);
  gtk_window_present (GTK_WINDOW (window));
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  DgWindow *self = DG_WINDOW (widget);

  dg_window_show_section (self, "referrals");
  dg_referrals_page_focus_search (self->referrals_page);
}

static void
show_section_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  dg_window_show_section (DG_WINDOW (widget), g_variant_get_string (param, NULL));
}

static gboolean
dg_window_close_request (GtkWindow *window)
{
  DgWindow *self = DG_WINDOW (window);
  DgApplication *app = DG_APPLICATION (gtk_window_get_application (window));
  GSettings *settings;
  int width, height;

  if (app != NULL)
    {
      settings = dg_application_get_settings (app);
      gtk_window_get_default_size (window, &width, &height);
      g_settings_set_boolean (settings, "window-maximized", gtk_window_is_maximized (window));
      if (!gtk_window_is_maximized (window))
        {
          g_settings_set_int (settings, "window-width", width);
          g_settings_set_int (settings, "window-height", height);
        }
      g_settings_set_string (settings, "last-section",
                             adw_view_stack_get_visible_child_name (self->view_stack));
    }

  return GTK_WINDOW_CLASS (dg_window_parent_class)->close_request (window);
}

static void
dg_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  DgWindow *self = DG_WINDOW (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_string (value, self->state);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dg_window_dispose (GObject *object)
{
  DgWindow *self = (DgWindow *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->backup_source, g_source_remove);
  g_clear_handle_id (&self->figures_source, g_source_remove);
  g_clear_handle_id (&self->watch_source, g_source_remove);
  g_clear_object (&self->figures);
  g_clear_object (&self->figures_worker);

  gtk_widget_dispose_template (GTK_WIDGET (self), DG_TYPE_WINDOW);

  G_OBJECT_CLASS (dg_window_parent_class)->dispose (object);
}

static void
dg_window_finalize (GObject *object)
{
  DgWindow *self = (DgWindow *)object;

  g_clear_pointer (&self->state, g_free);
  g_clear_pointer (&self->exposed, g_free);

  G_OBJECT_CLASS (dg_window_parent_class)->finalize (object);
}

static void
toast_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  dg_window_toast (DG_WINDOW (widget), g_variant_get_string (param, NULL));
}

static void
dg_window_class_init (DgWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = dg_window_dispose;
  object_class->finalize = dg_window_finalize;
  object_class->get_property = dg_window_get_property;
  window_class->close_request = dg_window_close_request;

  properties[PROP_STATE] =
    g_param_spec_string ("state", NULL, NULL, "loading",
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/diogelu/Diogelu/ui/dg-window.ui");
  gtk_widget_class_bind_template_child (widget_class, DgWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, DgWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, DgWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, DgWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, DgWindow, read_only_revealer);
  gtk_widget_class_bind_template_child (widget_class, DgWindow, connection_revealer);
  gtk_widget_class_bind_template_child (widget_class, DgWindow, connection_spinner);
  gtk_widget_class_bind_template_child (widget_class, DgWindow, connection_icon);
  gtk_widget_class_bind_template_child (widget_class, DgWindow, connection_label);
  gtk_widget_class_bind_template_child (widget_class, DgWindow, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, DgWindow, connection_image);
  gtk_widget_class_bind_template_child (widget_class, DgWindow, referrals_page);
  gtk_widget_class_bind_template_child (widget_class, DgWindow, meetings_page);
  gtk_widget_class_bind_template_child (widget_class, DgWindow, notifications_page);
  gtk_widget_class_bind_template_child (widget_class, DgWindow, due_page);
  gtk_widget_class_bind_template_child (widget_class, DgWindow, reports_page);

  gtk_widget_class_install_action (widget_class, "win.new-referral", NULL, new_referral_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "win.new-referral", NULL);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "win.backup", NULL, dg_window_backup_action);
  gtk_widget_class_install_action (widget_class, "win.restore", NULL, dg_window_restore_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.search", NULL);

  gtk_widget_class_install_action (widget_class, "win.show-section", "s", show_section_action);
  /* The pages say what happened through this, not by naming the window. */
  gtk_widget_class_install_action (widget_class, "win.toast", "s", toast_action);
  for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
    gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1 + i, GDK_ALT_MASK,
                                         "win.show-section", "s", sections[i]);
}

static void
dg_window_init (DgWindow *self)
{
  g_type_ensure (DG_TYPE_REFERRALS_PAGE);
  g_type_ensure (DG_TYPE_MEETINGS_PAGE);
  g_type_ensure (DG_TYPE_NOTIFICATIONS_PAGE);
  g_type_ensure (DG_TYPE_DUE_PAGE);
  g_type_ensure (DG_TYPE_REPORTS_PAGE);

  self->state = g_strdup ("loading");
  self->cancellable = g_cancellable_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_object (self->view_stack, "notify::visible-child-name", G_CALLBACK (section_shown), self, G_CONNECT_SWAPPED);
}

DgWindow *
dg_window_new (DgApplication *application)
{
  DgWindow *self;
  GSettings *settings;
  g_autofree char *section = NULL;

  g_return_val_if_fail (DG_IS_APPLICATION (application), NULL);

  settings = dg_application_get_settings (application);
  self = g_object_new (DG_TYPE_WINDOW,
                       "application", application,
                       "default-width", g_settings_get_int (settings, "window-width"),
                       "default-height", g_settings_get_int (settings, "window-height"),
                       "maximized", g_settings_get_boolean (settings, "window-maximized"),
                       NULL);
  /* The help overlay comes with the application: titled in our words. */
  dg_titles_shortcuts (GTK_APPLICATION_WINDOW (self));

  section = g_settings_get_string (settings, "last-section");
  dg_window_show_section (self, section);

  dg_worker_open_async (dg_application_get_worker (application), self->cancellable,
                        database_opened, g_object_ref (self));

  return self;
}

const char *
dg_window_get_state (DgWindow *self)
{
  g_return_val_if_fail (DG_IS_WINDOW (self), NULL);
  return self->state;
}

/* libadwaita 1.2 gives a toast's close button an icon and no name, so a
 * screen reader says only "button": name each one on screen. */
static void
name_toast_buttons (DgWindow *self)
{
  /* The name a screen reader gives the button that closes a toast. */
  const char *dismiss = _("Dismiss");
  GtkWidget *content;

  /* Toasts are dismissed as a closing window lets go of its overlay. */
  if (self->toast_overlay == NULL)
    return;
  content = adw_toast_overlay_get_child (self->toast_overlay);
  for (GtkWidget *toast = gtk_widget_get_first_child (GTK_WIDGET (self->toast_overlay));
       toast != NULL; toast = gtk_widget_get_next_sibling (toast))
    {
      if (toast == content)
        continue;
      for (GtkWidget *child = gtk_widget_get_first_child (toast); child != NULL;
           child = gtk_widget_get_next_sibling (child))
        if (GTK_IS_BUTTON (child) &&
            g_strcmp0 (gtk_button_get_icon_name (GTK_BUTTON (child)), "window-close-symbolic") == 0)
          gtk_accessible_update_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL, dismiss, -1);
    }
}

void
dg_window_toast (DgWindow   *self,
                 const char *message)
{
  AdwToast *toast;

  g_return_if_fail (DG_IS_WINDOW (self));
  toast = adw_toast_new (message);
  /* A toast queued behind this one is put on screen as this one goes. */
  g_signal_connect_object (toast, "dismissed", G_CALLBACK (name_toast_buttons), self,
                           G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
  name_toast_buttons (self);
}

/* A section brought on screen, by the switcher or a shortcut, shows what
 * is true now. */
static void
section_shown (DgWindow *self)
{
  const char *name = adw_view_stack_get_visible_child_name (self->view_stack);

  /* What is owed changes as referrals are acknowledged and decided. */
  if (g_strcmp0 (name, "notifications") == 0)
    dg_notifications_page_reload (self->notifications_page);
  if (g_strcmp0 (name, "due") == 0)
    dg_due_page_reload (self->due_page);
  /* Figures are worked out when asked for, not at start-up. */
  if (g_strcmp0 (name, "reports") == 0)
    dg_reports_page_reload (self->reports_page);
  if (g_strcmp0 (name, "meetings") == 0)
    dg_meetings_page_reload (self->meetings_page);
}

const char *
dg_window_get_help_page (DgWindow *self)
{
  const char *name;

  g_return_val_if_fail (DG_IS_WINDOW (self), NULL);

  name = adw_view_stack_get_visible_child_name (self->view_stack);
  if (g_strcmp0 (self->state, "ready") == 0)
    for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
      if (g_strcmp0 (name, sections[i]) == 0)
        return help_pages[i];
  /* Opening, or the database could not be opened: where to choose one. */
  return "preferences";
}

void
dg_window_show_section (DgWindow   *self,
                        const char *name)
{
  g_return_if_fail (DG_IS_WINDOW (self));

  for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
    if (g_strcmp0 (name, sections[i]) == 0)
      {
        if (g_strcmp0 (adw_view_stack_get_visible_child_name (self->view_stack), name) == 0)
          section_shown (self);
        else
          adw_view_stack_set_visible_child_name (self->view_stack, name);
        return;
      }
}
