#include "config.h"

#include <adwaita.h>

#include "dg-core.h"
#include "dg-application.h"
#include "dg-demo.h"
#include "dg-help.h"
#include "dg-decision-dialog.h"
#include "dg-import-window.h"
#include "dg-snapshots-window.h"
#include "dg-inhibit.h"
#include "dg-preferences-window.h"
#include "dg-referral-form.h"
#include "dg-test-gui.h"
#include "dg-window.h"

/* Issue 26 in the desktop session, on a session bus of the test's own
 * (meson runs this under dbus-run-session): one instance per session, F1
 * opening the help page of what is in front, and the overdue clocks told by
 * a notification that names no one, to a notification server the test
 * plays (org.gtk.Notifications, as GNOME Shell serves it), and logging out
 * held while a referral is typed, told to the session manager the test
 * plays (org.gnome.SessionManager). */

/* ---- A fake desktop on the session bus, on a thread of its own ---- */

typedef struct
{
  GMutex        lock;
  GCond         cond;
  GMainContext *context;
  GMainLoop    *loop;
  GThread      *thread;
  gboolean      ready;
  GPtrArray    *calls;   /* GVariant (s method, v parameters), as received */
} FakeDesktop;

static FakeDesktop fake;

static const char fake_xml[] =
  "<node>"
  "  <interface name='org.gtk.Notifications'>"
  "    <method name='AddNotification'>"
  "      <arg type='s' direction='in'/><arg type='s' direction='in'/><arg type='a{sv}' direction='in'/>"
  "    </method>"
  "    <method name='RemoveNotification'>"
  "      <arg type='s' direction='in'/><arg type='s' direction='in'/>"
  "    </method>"
  "  </interface>"
  "  <interface name='org.gnome.SessionManager'>"
  "    <method name='Inhibit'>"
  "      <arg type='s' direction='in'/><arg type='u' direction='in'/><arg type='s' direction='in'/>"
  "      <arg type='u' direction='in'/><arg type='u' direction='out'/>"
  "    </method>"
  "    <method name='Uninhibit'>"
  "      <arg type='u' direction='in'/>"
  "    </method>"
  "    <method name='IsInhibited'>"
  "      <arg type='u' direction='in'/><arg type='b' direction='out'/>"
  "    </method>"
  "  </interface>"
  "</node>";

#define FAKE_COOKIE 42

static void
fake_method (GDBusConnection       *connection,
             const char            *sender,
             const char            *object_path,
             const char            *interface_name,
             const char            *method_name,
             GVariant              *parameters,
             GDBusMethodInvocation *invocation,
             gpointer               user_data)
{
  g_mutex_lock (&fake.lock);
  g_ptr_array_add (fake.calls, g_variant_ref_sink (g_variant_new ("(sv)", method_name, parameters)));
  g_cond_broadcast (&fake.cond);
  g_mutex_unlock (&fake.lock);
  if (g_str_equal (method_name, "Inhibit"))
    g_dbus_method_invocation_return_value (invocation, g_variant_new ("(u)", FAKE_COOKIE));
  else if (g_str_equal (method_name, "IsInhibited"))
    g_dbus_method_invocation_return_value (invocation, g_variant_new ("(b)", FALSE));
  else
    g_dbus_method_invocation_return_value (invocation, NULL);
}

/* Owns @name on @bus for the fake. */
static void
fake_own (GDBusConnection *bus,
          const char      *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;
  guint32 answer = 0;

  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "RequestName",
                                       g_variant_new ("(su)", name, 4 /* DO_NOT_QUEUE */),
                                       G_VARIANT_TYPE ("(u)"), G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  g_assert_no_error (error);
  g_variant_get (reply, "(u)", &answer);
  g_assert_cmpuint (answer, ==, 1 /* PRIMARY_OWNER */);
}

static gpointer
fake_thread (gpointer data)
{
  static const GDBusInterfaceVTable vtable = { fake_method, NULL, NULL, { 0 } };
  g_autoptr(GError) error = NULL;
  g_autoptr(GDBusNodeInfo) info = g_dbus_node_info_new_for_xml (fake_xml, &error);
  g_autofree char *address = g_dbus_address_get_for_bus_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_autoptr(GDBusConnection) bus = NULL;

  g_main_context_push_thread_default (fake.context);
  g_assert_no_error (error);
  /* A connection of its own: the application's bus connection is shared
   * with the test, which may block while the fake answers. */
  bus = g_dbus_connection_new_for_address_sync (address,
                                                G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                                G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                                NULL, NULL, &error);
  g_assert_no_error (error);
  g_dbus_connection_register_object (bus, "/org/gtk/Notifications", info->interfaces[0],
                                     &vtable, NULL, NULL, &error);
  g_assert_no_error (error);
  g_dbus_connection_register_object (bus, "/org/gnome/SessionManager", info->interfaces[1],
                                     &vtable, NULL, NULL, &error);
  g_assert_no_error (error);
  fake_own (bus, "org.gtk.Notifications");
  fake_own (bus, "org.gnome.SessionManager");

  g_mutex_lock (&fake.lock);
  fake.ready = TRUE;
  g_cond_broadcast (&fake.cond);
  g_mutex_unlock (&fake.lock);

  g_main_loop_run (fake.loop);
  g_dbus_connection_close_sync (bus, NULL, NULL);
  g_main_context_pop_thread_default (fake.context);
  return NULL;
}

static void
fake_start (void)
{
  g_mutex_init (&fake.lock);
  g_cond_init (&fake.cond);
  fake.calls = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);
  fake.context = g_main_context_new ();
  fake.loop = g_main_loop_new (fake.context, FALSE);
  fake.thread = g_thread_new ("fake-desktop", fake_thread, NULL);
  g_mutex_lock (&fake.lock);
  while (!fake.ready)
    g_cond_wait (&fake.cond, &fake.lock);
  g_mutex_unlock (&fake.lock);
}

static void
fake_stop (void)
{
  g_main_loop_quit (fake.loop);
  g_thread_join (fake.thread);
  g_main_loop_unref (fake.loop);
  g_main_context_unref (fake.context);
  g_ptr_array_unref (fake.calls);
}

/* The parameters of the @nth call of @method the fake received (from 0), or NULL. */
static GVariant *
fake_call (const char *method,
           guint       nth)
{
  GVariant *found = NULL;

  g_mutex_lock (&fake.lock);
  for (guint i = 0; i < fake.calls->len && found == NULL; i++)
    {
      const char *name;
      g_autoptr(GVariant) params = NULL;

      g_variant_get (g_ptr_array_index (fake.calls, i), "(&sv)", &name, &params);
      if (g_str_equal (name, method) && nth-- == 0)
        found = g_steal_pointer (&params);
    }
  g_mutex_unlock (&fake.lock);
  return found;
}

static void
fake_forget (void)
{
  g_mutex_lock (&fake.lock);
  g_ptr_array_set_size (fake.calls, 0);
  g_mutex_unlock (&fake.lock);
}

static guint
fake_count (const char *method)
{
  guint n = 0;
  GVariant *params;

  while ((params = fake_call (method, n)) != NULL)
    {
      g_variant_unref (params);
      n++;
    }
  return n;
}

static gboolean
fake_has_call (gpointer method)
{
  return fake_count (method) > 0;
}

static gboolean
fake_has_call_twice (gpointer method)
{
  return fake_count (method) > 1;
}

/* ---- The application, as a person starts it ---- */

typedef void (*Scenario) (DgWindow *window);

static guint activations;  /* of the instance under test */

static gboolean
window_ready (gpointer data)
{
  return g_strcmp0 (dg_window_get_state (data), "ready") == 0;
}

static void
on_activate (GApplication *app,
             Scenario      scenario)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  g_assert_true (dg_test_wait_until (window_ready, window, 20000));
  scenario (DG_WINDOW (window));
  gtk_window_close (window);
}

/* on_activate, for the first activation only (a second start activates
 * the running instance again). */
static void
on_activate_once (GApplication *app,
                  Scenario      scenario)
{
  if (activations == 1)
    on_activate (app, scenario);
}

static void
run_app (const char *location,
         Scenario    scenario)
{
  g_autoptr(DgApplication) app = dg_application_new ();

  g_setenv ("DIOGELU_DB", location, TRUE);
  g_signal_connect_after (app, "activate", G_CALLBACK (on_activate), scenario);
  g_assert_cmpint (g_application_run (G_APPLICATION (app), 0, NULL), ==, 0);
}

/* A database of invented referrals over three years: some clocks overdue. */
static char *
demo_db (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("dg-test-session-gui-XXXXXX", &error);
  char *path;
  g_autoptr(DgDb) db = NULL;

  g_assert_no_error (error);
  path = g_build_filename (dir, "diogelu.db", NULL);
  db = dg_db_open (path, DG_DB_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_true (dg_demo_generate (db, 40, 7, NULL, NULL, &error));
  g_assert_no_error (error);
  return path;
}

static gboolean menu_has_action (GMenuModel *menu, const char *action);

/* ---- One instance per session ---- */

static gboolean
name_has_owner (const char *name)
{
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr(GVariant) reply = NULL;
  gboolean owned = FALSE;

  g_assert_nonnull (bus);
  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "NameHasOwner", g_variant_new ("(s)", name),
                                       G_VARIANT_TYPE ("(b)"), G_DBUS_CALL_FLAGS_NONE, -1, NULL, NULL);
  g_assert_nonnull (reply);
  g_variant_get (reply, "(b)", &owned);
  return owned;
}

static void
count_activation (GApplication *app)
{
  activations++;
}

static void
subprocess_waited (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  gboolean *done = user_data;

  g_assert_true (g_subprocess_wait_finish (G_SUBPROCESS (object), result, NULL));
  *done = TRUE;
}

static gboolean
is_true (gpointer data)
{
  return *(gboolean *) data;
}

static void
check_single_instance (DgWindow *window)
{
  GApplication *first = G_APPLICATION (gtk_window_get_application (GTK_WINDOW (window)));
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) second = NULL;
  const char *binary = g_getenv ("DIOGELU_APP");
  gboolean done = FALSE;

  /* The running one holds the application's name on the bus... */
  g_assert_false (g_application_get_flags (first) & G_APPLICATION_NON_UNIQUE);
  g_assert_true (name_has_owner (APPLICATION_ID));
  g_assert_cmpuint (activations, ==, 1);

  /* ...so starting Diogelu again activates the first one, which presents
   * its window, and the second start ends. */
  g_assert_nonnull (binary);
  second = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, binary, NULL);
  g_assert_no_error (error);
  g_subprocess_wait_async (second, NULL, subprocess_waited, &done);
  g_assert_true (dg_test_wait_until (is_true, &done, 30000));
  g_assert_true (g_subprocess_get_if_exited (second));
  g_assert_cmpint (g_subprocess_get_exit_status (second), ==, 0);
  dg_test_spin (200);
  g_assert_cmpuint (activations, ==, 2);
  g_assert_cmpuint (g_list_length (gtk_application_get_windows (GTK_APPLICATION (first))), ==, 1);

  /* Another window is asked for in the menu: same process, same database. */
  g_assert_true (menu_has_action (gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (
    dg_test_find_widget (GTK_WIDGET (window), GTK_TYPE_MENU_BUTTON, "Main Menu"))), "app.new-window"));
  g_action_group_activate_action (G_ACTION_GROUP (first), "new-window", NULL);
  g_assert_cmpuint (g_list_length (gtk_application_get_windows (GTK_APPLICATION (first))), ==, 2);
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (first)); l != NULL; l = l->next)
    if (l->data != (gpointer) window)
      {
        g_assert_true (DG_IS_WINDOW (l->data));
        g_assert_true (dg_test_wait_until (window_ready, l->data, 20000));
        gtk_window_close (l->data);
        break;
      }
}

static void
test_single_instance (void)
{
  g_autofree char *path = demo_db ();

  g_unsetenv ("DIOGELU_NON_UNIQUE");
  activations = 0;
  {
    g_autoptr(DgApplication) app = dg_application_new ();

    g_setenv ("DIOGELU_DB", path, TRUE);
    g_signal_connect (app, "activate", G_CALLBACK (count_activation), NULL);
    g_signal_connect_after (app, "activate", G_CALLBACK (on_activate_once), check_single_instance);
    g_assert_cmpint (g_application_run (G_APPLICATION (app), 0, NULL), ==, 0);
  }
  g_assert_false (name_has_owner (APPLICATION_ID));

  /* The test suite's own setting: many instances at once. */
  g_setenv ("DIOGELU_NON_UNIQUE", "1", TRUE);
  {
    g_autoptr(DgApplication) app = dg_application_new ();

    g_assert_true (g_application_get_flags (G_APPLICATION (app)) & G_APPLICATION_NON_UNIQUE);
  }
  g_unsetenv ("DIOGELU_NON_UNIQUE");
}

/* ---- F1 ---- */

/* Presses F1 in @window as its shortcuts have it: finds the shortcut whose
 * trigger is F1 (the window's own, or the application's accelerator for
 * app.help, which GTK may list in more than one controller: a key press
 * runs the first) and runs its action. */
static void
press_f1 (GtkWidget *window)
{
  g_autoptr(GtkShortcutTrigger) f1 = gtk_keyval_trigger_new (GDK_KEY_F1, 0);
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (window);
  g_autoptr(GtkShortcut) first = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          g_autofree char *action = NULL, *first_action = NULL;

          if (!gtk_shortcut_trigger_equal (gtk_shortcut_get_trigger (shortcut), f1))
            continue;
          if (first == NULL)
            {
              first = g_steal_pointer (&shortcut);
              continue;
            }
          /* Any other F1 does the same. */
          action = gtk_shortcut_action_to_string (gtk_shortcut_get_action (shortcut));
          first_action = gtk_shortcut_action_to_string (gtk_shortcut_get_action (first));
          g_assert_cmpstr (action, ==, first_action);
        }
    }
  g_assert_nonnull (first);
  g_assert_true (gtk_shortcut_action_activate (gtk_shortcut_get_action (first), 0, window,
                                               gtk_shortcut_get_arguments (first)));
}

static void
check_f1 (GtkWidget  *window,
          const char *want)
{
  g_autofree char *uri = g_strconcat ("help:diogelu/", want, NULL);

  press_f1 (window);
  g_assert_cmpstr (dg_help_get_last_uri (), ==, uri);
}

static gboolean
menu_has_action (GMenuModel *menu,
                 const char *action)
{
  for (int i = 0; i < g_menu_model_get_n_items (menu); i++)
    {
      g_autofree char *name = NULL;
      g_autoptr(GMenuModel) section = g_menu_model_get_item_link (menu, i, G_MENU_LINK_SECTION);

      if (g_menu_model_get_item_attribute (menu, i, G_MENU_ATTRIBUTE_ACTION, "s", &name) &&
          g_strcmp0 (name, action) == 0)
        return TRUE;
      if (section != NULL && menu_has_action (section, action))
        return TRUE;
    }
  return FALSE;
}

static void
check_help (DgWindow *window)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (window));
  const char *sections[] = { "referrals", "meetings", "notifications", "due", "reports" };
  const char *pages[] = { "referrals", "meetings", "letters", "due", "reports" };
  g_auto(GStrv) accels = gtk_application_get_accels_for_action (app, "app.help");
  GtkWidget *menu_button = dg_test_find_widget (GTK_WIDGET (window), GTK_TYPE_MENU_BUTTON, "Main Menu");
  GtkWidget *form, *prefs, *import, *overlay;
  DgService *service = dg_application_get_service (DG_APPLICATION (app));
  DgDecisionDialog *decision;
  DgSnapshotsWindow *snapshots;
  g_autoptr(GBytes) csv = g_bytes_new_static ("Child name\nA Child\n", 19);

  g_assert_cmpstr (g_getenv ("DIOGELU_HELP_NO_LAUNCH"), !=, NULL);
  g_assert_cmpuint (g_strv_length (accels), ==, 1);
  g_assert_cmpstr (accels[0], ==, "F1");
  /* Help, in the main menu. */
  g_assert_nonnull (menu_button);
  g_assert_true (menu_has_action (gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (menu_button)), "app.help"));

  /* Each section opens its own page. */
  for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
    {
      dg_window_show_section (window, sections[i]);
      dg_test_spin (50);
      check_f1 (GTK_WIDGET (window), pages[i]);
    }
  g_action_group_activate_action (G_ACTION_GROUP (app), "help", NULL);
  g_assert_cmpstr (dg_help_get_last_uri (), ==, "help:diogelu/reports");

  /* So does each window of its own. */
  dg_window_show_section (window, "referrals");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.new-referral", NULL));
  form = dg_test_find_window (DG_TYPE_REFERRAL_FORM, NULL);
  g_assert_nonnull (form);
  check_f1 (form, "referrals");
  gtk_window_destroy (GTK_WINDOW (form));

  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  prefs = dg_test_find_window (DG_TYPE_PREFERENCES_WINDOW, NULL);
  g_assert_nonnull (prefs);
  check_f1 (prefs, "preferences");
  gtk_window_destroy (GTK_WINDOW (prefs));

  dg_window_import (window, csv);
  import = dg_test_find_window (DG_TYPE_IMPORT_WINDOW, NULL);
  g_assert_nonnull (import);
  check_f1 (import, "import");
  gtk_window_destroy (GTK_WINDOW (import));

  decision = dg_decision_dialog_new (service, 1, "DG-TEST", "Tester");
  gtk_window_present (GTK_WINDOW (decision));
  g_assert_true (dg_test_wait_until ((gpointer) dg_decision_dialog_is_ready, decision, 10000));
  check_f1 (GTK_WIDGET (decision), "referrals");
  gtk_window_destroy (GTK_WINDOW (decision));

  snapshots = dg_snapshots_window_new (service, "2026-01-01", "2026-06-30");
  gtk_window_present (GTK_WINDOW (snapshots));
  check_f1 (GTK_WIDGET (snapshots), "reports");
  gtk_window_destroy (GTK_WINDOW (snapshots));

  overlay = GTK_WIDGET (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)));
  g_assert_nonnull (overlay);
  check_f1 (overlay, "shortcuts");
  dg_test_spin (100);
}

static void
test_help (void)
{
  g_autofree char *path = demo_db ();

  g_setenv ("DIOGELU_HELP_NO_LAUNCH", "1", TRUE);
  run_app (path, check_help);
}

/* ---- The overdue notification ---- */

static guint
due_badge (DgWindow *window)
{
  AdwViewStack *stack = ADW_VIEW_STACK (dg_test_find_widget (GTK_WIDGET (window), ADW_TYPE_VIEW_STACK, NULL));

  return adw_view_stack_page_get_badge_number (adw_view_stack_get_page (stack, adw_view_stack_get_child_by_name (stack, "due")));
}

static void
check_notification (DgWindow *window)
{
  GApplication *app = G_APPLICATION (gtk_window_get_application (GTK_WINDOW (window)));
  AdwViewStack *stack = ADW_VIEW_STACK (dg_test_find_widget (GTK_WIDGET (window), ADW_TYPE_VIEW_STACK, NULL));
  g_autoptr(GVariant) added = NULL;
  g_autoptr(GVariant) removed = NULL;
  g_autoptr(GVariant) notification = NULL;
  g_autoptr(GVariant) target = NULL;
  g_autofree char *want_title = NULL;
  const char *app_id, *id, *title = NULL, *body = NULL, *action = NULL;
  guint overdue;

  /* Once the Due board has counted, one notification says how many. */
  g_assert_true (dg_test_wait_until (fake_has_call, (gpointer) "AddNotification", 30000));
  overdue = due_badge (window);
  g_assert_cmpuint (overdue, >, 0);
  dg_test_spin (500);
  g_assert_cmpuint (fake_count ("AddNotification"), ==, 1);

  added = fake_call ("AddNotification", 0);
  g_variant_get (added, "(&s&s@a{sv})", &app_id, &id, &notification);
  g_assert_cmpstr (app_id, ==, APPLICATION_ID);
  g_assert_cmpstr (id, ==, "overdue");
  g_assert_true (g_variant_lookup (notification, "title", "&s", &title));
  g_assert_true (g_variant_lookup (notification, "body", "&s", &body));
  /* Counts only: the whole text is the count and fixed words, so no name. */
  want_title = overdue == 1 ? g_strdup ("1 clock overdue") : g_strdup_printf ("%u clocks overdue", overdue);
  g_assert_cmpstr (title, ==, want_title);
  g_assert_cmpstr (body, ==, "Open Due in Diogelu to see which, counted in working days.");
  /* Clicking it opens Due. */
  g_assert_true (g_variant_lookup (notification, "default-action", "&s", &action));
  g_assert_cmpstr (action, ==, "app.show-section");
  target = g_variant_lookup_value (notification, "default-action-target", G_VARIANT_TYPE_STRING);
  g_assert_nonnull (target);
  g_assert_cmpstr (g_variant_get_string (target, NULL), ==, "due");
  dg_window_show_section (window, "referrals");
  /* As GNOME Shell does: the application's action, by D-Bus activation. */
  g_assert_true (g_str_has_prefix (action, "app."));
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), action + 4));
  g_action_group_activate_action (G_ACTION_GROUP (app), action + 4, target);
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (stack), ==, "due");

  /* The same count again says nothing new; none overdue withdraws it. */
  dg_application_set_overdue (DG_APPLICATION (app), overdue);
  dg_application_set_overdue (DG_APPLICATION (app), 0);
  g_assert_true (dg_test_wait_until (fake_has_call, (gpointer) "RemoveNotification", 10000));
  removed = fake_call ("RemoveNotification", 0);
  g_variant_get (removed, "(&s&s)", &app_id, &id);
  g_assert_cmpstr (app_id, ==, APPLICATION_ID);
  g_assert_cmpstr (id, ==, "overdue");
  g_assert_cmpuint (fake_count ("AddNotification"), ==, 1);
}

static void
test_notification (void)
{
  g_autofree char *path = demo_db ();

  /* Only what this run sends (the runs before had overdue clocks too). */
  fake_forget ();
  run_app (path, check_notification);
}

/* ---- Logging out while something typed is unsaved ---- */

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

static GtkWidget *
open_form (DgWindow *window)
{
  GtkWidget *form;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.new-referral", NULL));
  form = dg_test_find_window (DG_TYPE_REFERRAL_FORM, NULL);
  g_assert_nonnull (form);
  dg_test_spin (200);
  return form;
}

static gboolean
form_gone (gpointer data)
{
  return dg_test_find_window (DG_TYPE_REFERRAL_FORM, NULL) == NULL;
}

static void
check_inhibit (DgWindow *window)
{
  GtkWidget *form = open_form (window);
  g_autoptr(GVariant) inhibit = NULL;
  g_autoptr(GVariant) uninhibit = NULL;
  const char *app_id, *reason;
  guint32 xid, flags, cookie;

  /* Nothing typed: logging out goes ahead. */
  g_assert_false (dg_inhibit_logout_held (GTK_WINDOW (form)));
  g_assert_cmpuint (fake_count ("Inhibit"), ==, 0);

  /* Typing asks the session, once, not to log out, saying why. */
  dg_test_type (field (form, "Child", "Name"), "Test Child");
  dg_test_type (field (form, "Report-maker", "Organisation"), "Test School");
  g_assert_true (dg_inhibit_logout_held (GTK_WINDOW (form)));
  g_assert_true (dg_test_wait_until (fake_has_call, (gpointer) "Inhibit", 5000));
  dg_test_spin (200);
  g_assert_cmpuint (fake_count ("Inhibit"), ==, 1);
  inhibit = fake_call ("Inhibit", 0);
  g_variant_get (inhibit, "(&su&su)", &app_id, &xid, &reason, &flags);
  g_assert_cmpstr (app_id, ==, APPLICATION_ID);
  g_assert_cmpuint (flags, ==, GTK_APPLICATION_INHIBIT_LOGOUT);
  g_assert_cmpstr (reason, ==, "A referral or decision being typed in Diogelu has not been saved");
  g_assert_cmpuint (fake_count ("Uninhibit"), ==, 0);

  /* Saved: let go. */
  g_assert_true (gtk_widget_activate_action (form, "form.save", NULL));
  g_assert_true (dg_test_wait_until (form_gone, NULL, 10000));
  g_assert_true (dg_test_wait_until (fake_has_call, (gpointer) "Uninhibit", 5000));
  uninhibit = fake_call ("Uninhibit", 0);
  g_variant_get (uninhibit, "(u)", &cookie);
  g_assert_cmpuint (cookie, ==, FAKE_COOKIE);

  /* Closed with typing in it (kept as a draft): let go too. */
  form = open_form (window);
  dg_test_type (field (form, "Child", "Name"), "Another Child");
  g_assert_true (dg_test_wait_until (fake_has_call_twice, (gpointer) "Inhibit", 5000));
  gtk_window_close (GTK_WINDOW (form));
  g_assert_true (dg_test_wait_until (fake_has_call_twice, (gpointer) "Uninhibit", 5000));
}

static void
test_inhibit (void)
{
  g_autofree char *path = demo_db ();

  fake_forget ();
  run_app (path, check_inhibit);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_setenv ("DIOGELU_HELP_NO_LAUNCH", "1", TRUE);
  dg_test_gui_init (&argc, &argv);
  fake_start ();

  g_test_add_func ("/session/single-instance", test_single_instance);
  g_test_add_func ("/session/help", test_help);
  g_test_add_func ("/session/notification", test_notification);
  g_test_add_func ("/session/inhibit", test_inhibit);

  status = g_test_run ();
  fake_stop ();
  return status;
}
