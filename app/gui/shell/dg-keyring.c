#include "config.h"

#include <string.h>
#include <glib/gi18n.h>
#include <libsecret/secret.h>

#include "dg-core.h"
#include "dg-keyring.h"

static const SecretSchema *
server_schema (void)
{
  static const SecretSchema schema = {
    "io.github.diogelu.Diogelu.Server", SECRET_SCHEMA_NONE,
    {
      { "address", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
  };

  return &schema;
}

/* The passwords typed in this session, by address: the worker threads ask
 * while the window's thread may be adding one. */
static GMutex lock;
static GHashTable *typed;

static void
wipe (gpointer data)
{
  char *password = data;

  memset (password, 0, strlen (password));
  g_free (password);
}

static char *
typed_lookup (const char *shown)
{
  char *password = NULL;

  g_mutex_lock (&lock);
  if (typed != NULL)
    password = g_strdup (g_hash_table_lookup (typed, shown));
  g_mutex_unlock (&lock);
  return password;
}

/* Called on a worker thread by the store, when a server asks. */
static char *
ask (const char *shown)
{
  g_autoptr(GError) error = NULL;
  char *password = typed_lookup (shown);
  char *kept;

  if (password != NULL)
    return password;
  kept = secret_password_lookup_nonpageable_sync (server_schema (), NULL, &error, "address", shown, NULL);
  if (error != NULL)
    g_debug ("No keyring to ask: %s", error->message);
  if (kept == NULL)
    return NULL;
  password = g_strdup (kept);
  secret_password_free (kept);
  return password;
}

void
dg_keyring_install (void)
{
  dg_db_set_password_func (ask);
}

static void
stored (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (secret_password_store_finish (result, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
dg_keyring_remember (const char          *shown,
                     const char          *password,
                     gboolean             keep,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  g_autofree char *label = NULL;

  g_return_if_fail (shown != NULL && password != NULL);

  g_mutex_lock (&lock);
  if (typed == NULL)
    typed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, wipe);
  g_hash_table_replace (typed, g_strdup (shown), g_strdup (password));
  g_mutex_unlock (&lock);

  if (!keep)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  /* TRANSLATORS: the name of the keyring item; %s is the server's address */
  label = g_strdup_printf (_("Diogelu: the password for %s"), shown);
  secret_password_store (server_schema (), SECRET_COLLECTION_DEFAULT, label, password,
                         cancellable, stored, g_steal_pointer (&task), "address", shown, NULL);
}

gboolean
dg_keyring_remember_finish (GAsyncResult  *result,
                            GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
dg_keyring_forget_typed (void)
{
  g_mutex_lock (&lock);
  g_clear_pointer (&typed, g_hash_table_unref);
  g_mutex_unlock (&lock);
}
