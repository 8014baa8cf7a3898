#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "dg-application.h"
#include "dg-keyring.h"
#include "dg-file.h"
#include "dg-inhibit.h"
#include "dg-application-actions.h"
#include "dg-gui-resources.h"
#include "dg-window.h"

struct _DgApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;
  DgWorker       *worker;
  DgService      *service;
  char           *db_path;
  char           *location;
  gboolean        location_given;
  guint           outbox_source;
  gboolean        delivering;
  guint           overdue;   /* the overdue clocks the Due board last counted */
  gboolean        notified;  /* an "overdue" notification was sent and not withdrawn */
};

G_DEFINE_FINAL_TYPE (DgApplication, dg_application, ADW_TYPE_APPLICATION)

DgApplication *
dg_application_new (void)
{
  /* One instance per session: a second start presents the first one's
   * window. The test suite runs many at once, each on its own database. */
  GApplicationFlags flags = g_strcmp0 (g_getenv ("DIOGELU_NON_UNIQUE"), "1") == 0
                            ? G_APPLICATION_NON_UNIQUE : G_APPLICATION_DEFAULT_FLAGS;

  return g_object_new (DG_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", flags,
                       "resource-base-path", "/io/github/diogelu/Diogelu",
                       NULL);
}

DgWorker *
dg_application_get_worker (DgApplication *self)
{
  g_return_val_if_fail (DG_IS_APPLICATION (self), NULL);

  if (self->worker == NULL)
    self->worker = dg_worker_new (dg_application_get_location (self, NULL));

  return self->worker;
}

static void
delivered (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(DgApplication) self = user_data;
  g_autoptr(GError) error = NULL;
  gint64 n_sent = dg_service_deliver_due_finish (DG_SERVICE (object), result, &error);

  self->delivering = FALSE;
  if (error != NULL)
    g_debug ("The outbox could not be read (%s %d)", g_quark_to_string (error->domain), error->code);
  /* Letters went: the lists that show them follow. */
  else if (n_sent > 0)
    g_signal_emit_by_name (object, "changed");
}

/* Letters that failed are tried again when their time comes (the outbox's
 * back-off), while the app is open. */
static gboolean
deliver_due (gpointer data)
{
  DgApplication *self = data;

  if (self->service != NULL && !self->delivering)
    {
      self->delivering = TRUE;
      dg_service_deliver_due_async (self->service, delivered, g_object_ref (self));
    }
  return G_SOURCE_CONTINUE;
}

/* ---- The role the windows follow (issue 25) ---------------------------------------- */

static DgDbRole
desk_role (DgApplication *self)
{
  g_autofree char *name = g_settings_get_string (self->settings, "role");
  DgDbRole role = DG_DB_ROLE_ADMINISTRATOR;

  dg_db_role_from_string (name, &role);
  return role;
}

static void
role_read (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  DgDbRole role = dg_service_role_finish (DG_SERVICE (object), result, &error);

  /* Not open: the role stays the least, practitioner. */
  if (error != NULL)
    g_debug ("The role could not be read (%s %d)", g_quark_to_string (error->domain), error->code);
  else
    dg_service_set_role (DG_SERVICE (object), role);
}

static void
desk_role_recorded (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(DgApplication) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!dg_service_desk_role_finish (DG_SERVICE (object), result, &error))
    g_warning ("The change of role could not be recorded: %s", error->message);
  /* Unrecorded, the role does not change. */
  dg_service_role_async (DG_SERVICE (object), error == NULL ? desk_role (self) : (DgDbRole) dg_service_get_role (DG_SERVICE (object)),
                         NULL, role_read, NULL);
}

static void
role_setting_changed (DgApplication *self)
{
  DgDbRole to = desk_role (self);

  if ((int) to == dg_service_get_role (self->service))
    return;
  dg_service_desk_role_async (self->service, dg_service_get_role (self->service), to,
                              desk_role_recorded, g_object_ref (self));
}

DgService *
dg_application_get_service (DgApplication *self)
{
  g_return_val_if_fail (DG_IS_APPLICATION (self), NULL);

  if (self->service == NULL)
    {
      self->service = dg_service_new (dg_application_get_worker (self));
      g_settings_bind (self->settings, "practitioner-name", self->service, "actor", G_SETTINGS_BIND_GET);
      g_signal_connect_object (self->settings, "changed::role", G_CALLBACK (role_setting_changed), self,
                               G_CONNECT_SWAPPED);
      dg_service_role_async (self->service, desk_role (self), NULL, role_read, NULL);
      self->outbox_source = g_timeout_add_seconds (60, deliver_due, self);
    }

  return self->service;
}

const char *
dg_application_get_location (DgApplication *self,
                             gboolean      *given)
{
  g_return_val_if_fail (DG_IS_APPLICATION (self), NULL);

  if (self->location == NULL)
    {
      const char *env = g_getenv ("DIOGELU_DB");
      g_autofree char *setting = g_settings_get_string (self->settings, "database");

      self->location_given = (self->db_path != NULL && *self->db_path != '\0') || (env != NULL && *env != '\0');
      if (self->location_given || *g_strstrip (setting) == '\0')
        self->location = dg_db_default_path (self->db_path);
      else
        self->location = g_steal_pointer (&setting);
    }
  if (given != NULL)
    *given = self->location_given;
  return self->location;
}

static void
notify_overdue (DgApplication *self)
{
  g_autoptr(GNotification) notification = NULL;
  g_autofree char *title = NULL;

  /* Counts only: a notification can show on a locked or shared screen, so it
   * never names a child or a report-maker. */
  title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u clock overdue", "%u clocks overdue", self->overdue),
                           self->overdue);
  notification = g_notification_new (title);
  g_notification_set_body (notification, _("Open Due in Diogelu to see which, counted in working days."));
  g_notification_set_default_action_and_target (notification, "app.show-section", "s", "due");
  g_application_send_notification (G_APPLICATION (self), "overdue", notification);
  self->notified = TRUE;
}

static void
notification_server_listed (GObject      *object,
                            GAsyncResult *result,
                            gpointer      user_data)
{
  g_autoptr(DgApplication) self = user_data;
  g_autoptr(GVariant) reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (object), result, NULL);
  g_autofree const char **names = NULL;

  /* Withdrawn meanwhile, already sent on the other list's answer, or the
   * application has ended since it asked. */
  if (reply == NULL || self->overdue == 0 || self->notified ||
      !g_application_get_is_registered (G_APPLICATION (self)))
    return;
  g_variant_get (reply, "(^a&s)", &names);
  if (g_strv_contains (names, "org.gtk.Notifications") ||
      g_strv_contains (names, "org.freedesktop.Notifications"))
    notify_overdue (self);
}

/* GLib sends through GNOME Shell (org.gtk.Notifications), or else the
 * desktop's notification server: a session with neither (a kiosk, a
 * test's own bus) gets none, rather than a warning for each. */
static void
send_overdue (DgApplication *self,
              const char    *method)
{
  GDBusConnection *bus = g_application_get_dbus_connection (G_APPLICATION (self));

  if (bus == NULL)
    return;
  g_dbus_connection_call (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus",
                          method, NULL, G_VARIANT_TYPE ("(as)"), G_DBUS_CALL_FLAGS_NONE, -1, NULL,
                          notification_server_listed, g_object_ref (self));
}

void
dg_application_set_overdue (DgApplication *self,
                            guint          overdue)
{
  g_return_if_fail (DG_IS_APPLICATION (self));

  if (overdue == self->overdue || !g_application_get_is_registered (G_APPLICATION (self)))
    return;
  self->overdue = overdue;
  if (overdue == 0)
    {
      if (self->notified)
        g_application_withdraw_notification (G_APPLICATION (self), "overdue");
      self->notified = FALSE;
      return;
    }
  if (self->notified)
    notify_overdue (self);
  else
    {
      /* A server running, or one the bus starts when asked. */
      send_overdue (self, "ListNames");
      send_overdue (self, "ListActivatableNames");
    }
}

GSettings *
dg_application_get_settings (DgApplication *self)
{
  g_return_val_if_fail (DG_IS_APPLICATION (self), NULL);
  return self->settings;
}

static void
dg_application_activate (GApplication *app)
{
  DgApplication *self = DG_APPLICATION (app);
  GtkWindow *window;

  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  if (window == NULL)
    window = GTK_WINDOW (dg_window_new (self));

  gtk_window_present (window);
}

static void
dg_application_startup (GApplication *app)
{
  DgApplication *self = DG_APPLICATION (app);

  g_resources_register (dg_gui_get_resource ());

  G_APPLICATION_CLASS (dg_application_parent_class)->startup (app);

  /* A server that asks for a password is answered from this session's
   * typing, then the keyring (see DgWindow for the asking). */
  dg_keyring_install ();
  dg_application_install_actions (self);
  /* Whether logging out can be held while something typed is unsaved. */
  dg_inhibit_probe (app);
}

static int
dg_application_handle_local_options (GApplication *app,
                                     GVariantDict *options)
{
  DgApplication *self = DG_APPLICATION (app);

  g_variant_dict_lookup (options, "db", "^ay", &self->db_path);
  /* A database named on the command line gets a process of its own, rather
   * than the running instance's window on its own database. */
  if (self->db_path != NULL && *self->db_path != '\0')
    g_application_set_flags (app, g_application_get_flags (app) | G_APPLICATION_NON_UNIQUE);

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("diogelu %s\n", PACKAGE_VERSION);
      return 0;
    }

  return -1;
}

static void
dg_application_dispose (GObject *object)
{
  DgApplication *self = (DgApplication *)object;

  g_clear_handle_id (&self->outbox_source, g_source_remove);
  g_clear_object (&self->service);
  g_clear_object (&self->worker);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->db_path, g_free);
  g_clear_pointer (&self->location, g_free);

  G_OBJECT_CLASS (dg_application_parent_class)->dispose (object);
}

/* The language chosen in Preferences ("cy", "en"), or "" to follow the desktop. */
static char *
apply_interface_language (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  g_autofree char *language = g_settings_get_string (settings, "interface-language");

  /* Applies on restart: gettext reads LANGUAGE when messages are first looked up. */
  if (g_strcmp0 (language, "cy") == 0)
    g_setenv ("LANGUAGE", "cy", TRUE);
  else if (g_strcmp0 (language, "en") == 0)
    g_setenv ("LANGUAGE", "en", TRUE);
  return g_steal_pointer (&language);
}

/* Dates follow the chosen language too ("Tach" for November in Welsh), when
 * the system has that locale; otherwise they stay as the desktop has them. */
static void
apply_time_language (const char *language)
{
  const char *welsh[] = { "cy_GB.UTF-8", "cy_GB.utf8", NULL };
  const char *english[] = { "en_GB.UTF-8", "en_GB.utf8", "C.UTF-8", NULL };
  const char * const *tries = g_strcmp0 (language, "cy") == 0 ? welsh : g_strcmp0 (language, "en") == 0 ? english : NULL;

  for (guint i = 0; tries != NULL && tries[i] != NULL; i++)
    if (setlocale (LC_TIME, tries[i]) != NULL)
      return;
}

static void
setup_i18n (void)
{
  const char *localedir = g_getenv ("DIOGELU_LOCALEDIR");
  g_autofree char *language = apply_interface_language ();

  setlocale (LC_ALL, "");
  apply_time_language (language);
  bindtextdomain (GETTEXT_PACKAGE, localedir ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}

static void
dg_application_class_init (DgApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = dg_application_dispose;
  app_class->activate = dg_application_activate;
  app_class->startup = dg_application_startup;
  app_class->handle_local_options = dg_application_handle_local_options;

  /* Once per process: the locale and the translated application name. */
  setup_i18n ();
  g_set_application_name (_("Diogelu"));
  dg_process_protect ();
}

static void
dg_application_init (DgApplication *self)
{
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, NULL, N_("Open this database file, or a postgresql:// address"), N_("PATH") },
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Print the version and quit"), NULL },
    { NULL }
  };

  self->settings = g_settings_new (APPLICATION_ID);
  g_application_add_main_option_entries (G_APPLICATION (self), entries);
  gtk_window_set_default_icon_name (APPLICATION_ID);
}
