#include "config.h"

#include <adwaita.h>
#include <json-glib/json-glib.h>

#include "dg-application.h"
#include "dg-hub-page.h"
#include "dg-service.h"
#include "dg-smtp.h"
#include "dg-test-cli.h"
#include "dg-test-db.h"
#include "dg-test-gui.h"
#include "dg-window.h"

/* Preferences › Hub: the hub's letterhead and mail server, kept in the
 * database through the service, refusals shown on their row, the letters
 * taking their letterhead from there, and the password in the keyring. */

#define PASSWORD "correct horse battery staple"

static char *db_path;
static gboolean have_keyring;
/* Kept to the end, never finalized: that would wait for the connection
 * GTK and the keyring client hold until exit. */
static GTestDBus *bus;

static gboolean
window_ready (gpointer data)
{
  return g_strcmp0 (dg_window_get_state (data), "ready") == 0;
}

static gboolean
has_error (gpointer data)
{
  return gtk_widget_has_css_class (data, "error");
}

/* The hub's settings as the CLI shows them. */
static JsonObject *
hub_show (void)
{
  g_autoptr(JsonNode) shown = dg_test_cli_json (db_path, (const char *[]) { "hub", "show", NULL });

  return json_object_ref (json_node_get_object (shown));
}

static gboolean
hub_has (gpointer data)
{
  const char **pair = data;
  g_autoptr(JsonObject) hub = hub_show ();

  return g_strcmp0 (json_object_get_string_member_with_default (hub, pair[0], NULL), pair[1]) == 0;
}

/* Types @text into the row titled @title and applies it, as the row's
 * apply button does. */
static GtkWidget *
apply (GtkWidget  *page,
       const char *title,
       const char *text)
{
  GtkWidget *row = dg_test_find_widget (page, ADW_TYPE_ENTRY_ROW, title);

  g_assert_nonnull (row);
  dg_test_type (row, text);
  g_signal_emit_by_name (row, "apply");
  return row;
}

static void
got_result (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static gboolean
is_set (gpointer data)
{
  return *(gpointer *) data != NULL;
}

static void
scenario (GApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));
  DgService *service = dg_application_get_service (DG_APPLICATION (app));
  GtkWidget *prefs, *page, *row;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(DgRenderedLetter) letter = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) hub = NULL;

  g_assert_true (dg_test_wait_until (window_ready, window, 10000));

  /* The old per-computer letterhead moved into the database, once. */
  {
    const char *phone[] = { "phone", "029 2000 0000" };

    g_assert_true (dg_test_wait_until (hub_has, phone, 10000));
  }

  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  prefs = dg_test_find_window (ADW_TYPE_PREFERENCES_WINDOW, NULL);
  g_assert_nonnull (prefs);
  page = dg_test_find_widget (prefs, DG_TYPE_HUB_PAGE, NULL);
  g_assert_nonnull (page);
  adw_preferences_window_set_visible_page (ADW_PREFERENCES_WINDOW (prefs), ADW_PREFERENCES_PAGE (page));
  dg_test_spin (300);
  g_assert_null (dg_test_find_widget (prefs, ADW_TYPE_ENTRY_ROW, "Hub Name"));

  /* A name and a Welsh name, each saved on apply. */
  apply (page, "Name", "Cardiff Safeguarding Hub");
  g_assert_true (dg_test_wait_for_label (prefs, "Saved", 5000));
  apply (page, "Name in Welsh", "Hyb Diogelu Caerdydd");
  dg_test_spin (300);
  {
    const char *name_cy[] = { "name-cy", "Hyb Diogelu Caerdydd" };

    g_assert_true (dg_test_wait_until (hub_has, name_cy, 5000));
  }
  apply (page, "Address", "1 Heol y Frenhines, Caerdydd, CF10 1AA");
  apply (page, "E-mail", "hyb@example.org");
  dg_test_spin (500);
  hub = hub_show ();
  g_assert_cmpstr (json_object_get_string_member (hub, "name"), ==, "Cardiff Safeguarding Hub");
  g_assert_cmpstr (json_object_get_string_member (hub, "address"), ==, "1 Heol y Frenhines\nCaerdydd\nCF10 1AA");
  g_clear_pointer (&hub, json_object_unref);

  /* An address that is not a mail server's: refused on its row, the typed
   * text kept, nothing saved. */
  row = apply (page, "Server Address", "http://mail.example.org");
  g_assert_true (dg_test_wait_until (has_error, row, 5000));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "http://mail.example.org");
  hub = hub_show ();
  g_assert_true (json_object_get_null_member (hub, "smtp-url"));
  g_clear_pointer (&hub, json_object_unref);

  /* A Welsh letter rendered now carries the Welsh name, from the database. */
  dg_service_render_letter_async (service, 1, "acknowledgement", "cy", NULL, NULL, got_result, &result);
  g_assert_true (dg_test_wait_until (is_set, &result, 5000));
  letter = dg_service_render_letter_finish (service, result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (letter->body, "Hyb Diogelu Caerdydd"));
  g_assert_null (strstr (letter->body, "Cardiff Safeguarding Hub"));
  g_assert_cmpstr (letter->from, ==, "hyb@example.org");
  g_clear_object (&result);

  /* The password, kept in the keyring for the server and user. */
  if (have_keyring)
    {
      g_autofree char *kept = NULL;
      GtkWidget *password;

      row = apply (page, "Server Address", "smtps://mail.example.org:465");
      g_assert_true (dg_test_wait_until ((gpointer) hub_has, (const char *[]) { "smtp-url", "smtps://mail.example.org:465" }, 5000));
      g_assert_false (gtk_widget_has_css_class (row, "error"));
      apply (page, "User Name", "hyb");
      g_assert_true (dg_test_wait_until ((gpointer) hub_has, (const char *[]) { "smtp-user", "hyb" }, 5000));
      password = apply (page, "Password", PASSWORD);
      g_assert_true (dg_test_wait_for_label (prefs, "Password kept in the keyring", 10000));
      g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (password)), ==, "");
      kept = dg_smtp_password_lookup ("smtps://mail.example.org:465", "hyb", &error);
      g_assert_no_error (error);
      g_assert_cmpstr (kept, ==, PASSWORD);
      dg_smtp_password_free (g_steal_pointer (&kept));
      g_assert_true (dg_test_wait_until ((gpointer) gtk_widget_get_visible,
                                         dg_test_find_widget (page, GTK_TYPE_LABEL, "Kept in the keyring"), 5000));
      /* Never in the database. */
      {
        g_autofree char *out = NULL;
        int status = dg_test_cli_run ((const char *[]) { "--db", db_path, "--json", "hub", "show", NULL }, NULL, &out, NULL);

        g_assert_cmpint (status, ==, 0);
        g_assert_null (strstr (out, PASSWORD));
      }
    }
  else
    g_test_message ("no keyring on this session bus: the password was not tried");

  gtk_window_destroy (GTK_WINDOW (prefs));
  g_application_quit (app);
}

/* A login keyring, unlocked, on this test's own session bus (main ()),
 * as test-window's /window/password has it. */
static gboolean
start_keyring (const char *dir)
{
  g_autofree char *keyring = g_build_filename (dir, "keyring", NULL);
  g_autofree char *script = g_strdup_printf ("export XDG_DATA_HOME='%s' XDG_RUNTIME_DIR='%s/run'; "
                                             "mkdir -p \"$XDG_RUNTIME_DIR\" && chmod 700 \"$XDG_RUNTIME_DIR\" && "
                                             "printf test | gnome-keyring-daemon --login && "
                                             "gnome-keyring-daemon --start --components=secrets", keyring, keyring);
  const char *argv[] = { "sh", "-c", script, NULL };
  int status = 0;

  if (g_getenv ("DBUS_SESSION_BUS_ADDRESS") == NULL)
    return FALSE;
  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                     NULL, NULL, NULL, NULL, &status, NULL))
    return FALSE;
  return g_spawn_check_wait_status (status, NULL);
}

static void
test_hub (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("dg-test-hub-gui-XXXXXX", &error);
  g_autofree char *file = NULL;
  g_autoptr(DgApplication) app = NULL;
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  const char *json = "{\"received_at\": \"2026-01-05T10:00\", \"reporter\": {\"name\": \"Ceri Jones\", \"agency\": \"education\","
                     " \"organisation\": \"Ysgol Enghraifft\", \"language\": \"cy\"}, \"children\": [{\"name\": \"Siân Morgan\"}]}";

  g_assert_no_error (error);
  g_unsetenv ("DIOGELU_SMTP_PASSWORD");
  have_keyring = start_keyring (dir);
  db_path = dg_test_db_location (dir);
  file = g_build_filename (dir, "r.json", NULL);
  g_assert_true (g_file_set_contents (file, json, -1, NULL));
  json_node_unref (dg_test_cli_json (db_path, (const char *[]) { "referral", "add", "--file", file, NULL }));

  /* This computer's old letterhead, from before it belonged to the hub. */
  g_settings_set_string (settings, "hub-phone", "029 2000 0000");

  g_setenv ("DIOGELU_DB", db_path, TRUE);
  app = dg_application_new ();
  g_signal_connect_after (app, "activate", G_CALLBACK (scenario), NULL);
  g_assert_cmpint (g_application_run (G_APPLICATION (app), 0, NULL), ==, 0);
  g_clear_object (&app);

  /* Moved, so never again. */
  {
    g_autoptr(GVariant) left = g_settings_get_user_value (settings, "hub-phone");

    g_assert_null (left);
  }
  dg_test_db_drop (db_path);
  dg_test_remove_folder (dir);
  g_clear_pointer (&db_path, g_free);
}

int
main (int   argc,
      char *argv[])
{
  /* A session bus of the test's own: a keyring an earlier test on the
   * shared bus left behind (its folder gone) never answers for this one. */
  g_autofree char *display = g_strdup (g_getenv ("DISPLAY"));
  int status;

  bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_test_dbus_up (bus);
  /* GTestDBus unsets DISPLAY (against D-Bus autolaunch): the windows need it. */
  if (display != NULL)
    g_setenv ("DISPLAY", display, TRUE);
  dg_test_gui_init (&argc, &argv);
  g_test_add_func ("/hub-gui/settings", test_hub);
  status = g_test_run ();
  /* Not _down (): GTK and the keyring client keep the connection to the end. */
  g_test_dbus_stop (bus);
  return status;
}
