#include "config.h"

#include <glib/gi18n.h>

#include "dg-core.h"
#include "dg-hub.h"
#include "dg-smtp.h"
#include "dg-service-private.h"

/* The hub's settings (letterhead and mail server, in the database) and the
 * mail server's password (in the keyring). */

typedef struct
{
  char   *key;
  char   *value;
  gssize  length;
} Setting;

static void
setting_free (Setting *s)
{
  g_free (s->key);
  /* A password is wiped, never left in freed memory. */
  if (s->value != NULL)
    dg_smtp_password_free (s->value);
  g_free (s);
}

static gboolean
hub_get_op (DgDb *db, gpointer data, GValue *result, GError **error)
{
  g_autoptr(JsonObject) shown = dg_hub_show (db, error);
  g_autoptr(JsonObject) flat = NULL;
  g_autoptr(GError) keyring_error = NULL;
  const char *url, *user;
  GList *members;

  if (shown == NULL)
    return FALSE;
  flat = json_object_new ();
  members = json_object_get_members (shown);
  for (GList *m = members; m != NULL; m = m->next)
    {
      JsonNode *node = json_object_get_member (shown, m->data);

      if (JSON_NODE_HOLDS_VALUE (node))
        json_object_set_string_member (flat, m->data, json_node_get_string (node));
    }
  g_list_free (members);
  if (JSON_NODE_HOLDS_OBJECT (json_object_get_member (shown, "logo")))
    {
      JsonObject *logo = json_object_get_object_member (shown, "logo");

      json_object_set_string_member (flat, "logo-type", json_object_get_string_member (logo, "type"));
      json_object_set_int_member (flat, "logo-size", json_object_get_int_member (logo, "size"));
    }
  if (JSON_NODE_HOLDS_OBJECT (json_object_get_member (shown, "smtp-ca")))
    {
      JsonObject *ca = json_object_get_object_member (shown, "smtp-ca");

      json_object_set_boolean_member (flat, "has-ca", TRUE);
      json_object_set_int_member (flat, "ca-size", json_object_get_int_member (ca, "size"));
      json_object_set_int_member (flat, "ca-certificates", json_object_get_int_member (ca, "certificates"));
    }
  url = json_object_get_string_member_with_default (flat, "smtp-url", NULL);
  user = json_object_get_string_member_with_default (flat, "smtp-user", NULL);
  if (url != NULL && user != NULL)
    {
      /* Only whether there is one: a keyring that cannot be asked keeps none. */
      char *password = dg_smtp_password_lookup (url, user, &keyring_error);

      json_object_set_boolean_member (flat, "password-kept", password != NULL);
      if (password != NULL)
        dg_smtp_password_free (password);
    }
  g_value_init (result, DG_TYPE_HUB_SETTINGS);
  g_value_take_boxed (result, dg_record_from_json (&dg_hub_settings_shape, flat));
  return TRUE;
}

void
dg_service_hub_get_async (DgService           *self,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  dg_service_run (self, dg_service_hub_get_async, hub_get_op, DG_SERVICE_QUIET, 0,
                  g_new0 (Setting, 1), (GDestroyNotify) setting_free, cancellable, callback, user_data);
}

DG_SERVICE_DEFINE_FINISH (hub_get, DgHubSettings *, dg_service_finish_boxed)

static gboolean
hub_set_op (DgDb *db, gpointer data, GValue *result, GError **error)
{
  Setting *s = data;

  return dg_hub_set (db, s->key, s->value, s->length, error);
}

void
dg_service_hub_set_async (DgService           *self,
                          const char          *key,
                          const char          *value,
                          gssize               length,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  Setting *s = g_new0 (Setting, 1);

  g_return_if_fail (key != NULL && value != NULL);
  if (length < 0)
    length = strlen (value);
  s->key = g_strdup (key);
  /* One more byte: a NUL after the bytes, for a text. */
  s->value = g_malloc (length + 1);
  memcpy (s->value, value, length);
  s->value[length] = '\0';
  s->length = length;
  dg_service_run (self, dg_service_hub_set_async, hub_set_op, DG_SERVICE_ANNOUNCED, 0,
                  s, (GDestroyNotify) setting_free, NULL, callback, user_data);
}

DG_SERVICE_DEFINE_FINISH (hub_set, gboolean, dg_service_finish)

static gboolean
password_set_op (DgDb *db, gpointer data, GValue *result, GError **error)
{
  Setting *s = data;
  g_autofree char *url = dg_hub_get_setting (db, "smtp-url", NULL, error);
  g_autofree char *user = NULL;

  if (url == NULL && error != NULL && *error != NULL)
    return FALSE;
  user = dg_hub_get_setting (db, "smtp-user", NULL, error);
  if (user == NULL && error != NULL && *error != NULL)
    return FALSE;
  if (url == NULL || user == NULL)
    {
      dg_error_set_field (error, DG_ERROR_INVALID, "smtp-password", NULL,
                          _("Set the server address and the user name first: the password is kept for them"));
      return FALSE;
    }
  return dg_smtp_password_store (url, user, s->value, error);
}

void
dg_service_smtp_password_set_async (DgService           *self,
                                    const char          *password,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  Setting *s = g_new0 (Setting, 1);

  g_return_if_fail (password != NULL);
  s->value = g_strdup (password);
  s->length = -1;
  dg_service_run (self, dg_service_smtp_password_set_async, password_set_op, DG_SERVICE_QUIET, 0,
                  s, (GDestroyNotify) setting_free, NULL, callback, user_data);
}

DG_SERVICE_DEFINE_FINISH (smtp_password_set, gboolean, dg_service_finish)
