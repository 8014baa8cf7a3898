#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "dg-hub.h"

/* Bounds on what is kept in a row: a letterhead's logo and a CA bundle are
 * small; anything larger is a wrong file. */
#define LOGO_MAX_BYTES (1024 * 1024)
#define CA_MAX_BYTES (256 * 1024)
#define TEXT_MAX_BYTES 2000

static const struct { const char *key, *placeholder; } keys[] = {
  { "name", "hub.name" },
  { "name-cy", "hub.name_cy" },
  { "address", "hub.address" },
  { "address-cy", "hub.address_cy" },
  { "phone", "hub.phone" },
  { "email", "hub.email" },
  { "logo", NULL },
  { "marking", "hub.marking" },
  { "smtp-url", NULL },
  { "smtp-user", NULL },
  { "smtp-ca", NULL },
};

gboolean
dg_hub_is_key (const char *key)
{
  for (guint i = 0; key != NULL && i < G_N_ELEMENTS (keys); i++)
    if (g_str_equal (keys[i].key, key))
      return TRUE;
  return FALSE;
}

GHashTable *
dg_hub_get (DgDb    *db,
            GError **error)
{
  g_autoptr(GHashTable) hub = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  DgStmt *stmt;
  gboolean has_row = FALSE;

  g_return_val_if_fail (DG_IS_DB (db), NULL);

  stmt = dg_db_prepare (db, "SELECT key, value FROM hub_setting", error);
  if (stmt == NULL)
    return NULL;
  while (dg_db_step (db, stmt, &has_row, error) && has_row)
    for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
      if (keys[i].placeholder != NULL && g_str_equal (keys[i].key, dg_stmt_column_text (stmt, 0)))
        g_hash_table_insert (hub, (gpointer) keys[i].placeholder, g_strdup (dg_stmt_column_text (stmt, 1)));
  dg_stmt_reset (stmt);
  if (error != NULL && *error != NULL)
    return NULL;
  return g_steal_pointer (&hub);
}

char *
dg_hub_get_setting (DgDb        *db,
                    const char  *key,
                    char       **mime,
                    GError     **error)
{
  DgStmt *stmt;
  gboolean has_row = FALSE;
  char *value = NULL;

  g_return_val_if_fail (DG_IS_DB (db), NULL);

  stmt = dg_db_query (db, "SELECT value, mime FROM hub_setting WHERE key = ?1", error, DG_TEXT (key));
  if (stmt == NULL || !dg_db_step (db, stmt, &has_row, error))
    return NULL;
  if (has_row)
    {
      value = g_strdup (dg_stmt_column_text (stmt, 0));
      if (mime != NULL)
        *mime = g_strdup (dg_stmt_column_text (stmt, 1));
    }
  dg_stmt_reset (stmt);
  return value;
}

GBytes *
dg_hub_logo (DgDb    *db,
             GError **error)
{
  g_autofree char *text = dg_hub_get_setting (db, "logo", NULL, error);
  guchar *data;
  gsize len = 0;

  if (text == NULL || *text == '\0')
    return NULL;
  data = g_base64_decode (text, &len);
  return g_bytes_new_take (data, len);
}

gboolean
dg_hub_check_smtp_url (const char  *url,
                       GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  const char *scheme;

  uri = url ? g_uri_parse (url, G_URI_FLAGS_NONE, NULL) : NULL;
  scheme = uri ? g_uri_get_scheme (uri) : NULL;
  if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    {
      dg_error_set_field (error, DG_ERROR_INVALID, "smtp-url", url,
                          _("“%s” is not a mail server’s address; give smtp://HOST:587 or smtps://HOST:465"), url ? url : "");
      return FALSE;
    }
  /* Plain SMTP would send the letters, and the password, in the clear:
   * smtp:// is taken to mean STARTTLS, required, and nothing else is. */
  if (g_strcmp0 (scheme, "smtp") != 0 && g_strcmp0 (scheme, "smtps") != 0)
    {
      dg_error_set_field (error, DG_ERROR_INVALID, "smtp-url", url,
                          _("“%s” is not smtp:// (STARTTLS) or smtps:// (TLS); letters are only sent encrypted"), scheme);
      return FALSE;
    }
  if (g_uri_get_userinfo (uri) != NULL)
    {
      dg_error_set_field (error, DG_ERROR_INVALID, "smtp-url", NULL,
                          _("The address must not hold a user or password; set smtp-user, and the password is kept in the keyring"));
      return FALSE;
    }
  if ((*g_uri_get_path (uri) != '\0' && g_strcmp0 (g_uri_get_path (uri), "/") != 0) ||
      g_uri_get_query (uri) != NULL || g_uri_get_fragment (uri) != NULL)
    {
      dg_error_set_field (error, DG_ERROR_INVALID, "smtp-url", url,
                          _("“%s” has more than a server and a port"), url);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_text (const char  *key,
            const char  *value,
            gsize        length,
            GError     **error)
{
  if (!g_utf8_validate_len (value, length, NULL) || memchr (value, '\0', length) != NULL)
    {
      dg_error_set_field (error, DG_ERROR_INVALID, key, NULL, _("Not text (UTF-8)"));
      return FALSE;
    }
  if (length > TEXT_MAX_BYTES)
    {
      dg_error_set_field (error, DG_ERROR_INVALID, key, NULL, _("Too long: at most %d bytes"), TEXT_MAX_BYTES);
      return FALSE;
    }
  /* Only an address runs over lines; a line break anywhere else would
   * reach a mail header. */
  if (!g_str_has_prefix (key, "address"))
    for (const char *p = value; *p; p++)
      if ((guchar) *p < 0x20)
        {
          dg_error_set_field (error, DG_ERROR_INVALID, key, value, _("One line only, without control characters"));
          return FALSE;
        }

  if (g_str_equal (key, "email"))
    {
      const char *at = strchr (value, '@');

      if (at == NULL || at == value || at[1] == '\0' || strchr (at + 1, '@') != NULL ||
          strpbrk (value, " <>()[],;:\"\\") != NULL || strchr (at + 1, '.') == NULL)
        {
          dg_error_set_field (error, DG_ERROR_INVALID, key, value, _("“%s” is not an e-mail address"), value);
          return FALSE;
        }
    }
  else if (g_str_equal (key, "smtp-url"))
    return dg_hub_check_smtp_url (value, error);
  return TRUE;
}

/* The logo's type from its first bytes: a PNG's signature, or an SVG
 * document's root (after any XML declaration, comments or doctype). */
static const char *
logo_type (const char *data,
           gsize       length)
{
  static const char png[] = "\x89PNG\r\n\x1a\n";
  gsize head = MIN (length, 4096);

  if (length > 8 && memcmp (data, png, 8) == 0)
    return "image/png";
  if (g_utf8_validate_len (data, length, NULL))
    {
      g_autofree char *start = g_strndup (data, head);
      const char *p = start;

      while (TRUE)
        {
          while (g_ascii_isspace (*p))
            p++;
          if (g_str_has_prefix (p, "<?") || g_str_has_prefix (p, "<!--") || g_str_has_prefix (p, "<!DOCTYPE"))
            {
              const char *end = strstr (p, g_str_has_prefix (p, "<?") ? "?>" : g_str_has_prefix (p, "<!--") ? "-->" : ">");
              if (end == NULL)
                return NULL;
              p = strchr (end, '>') + 1;
              continue;
            }
          break;
        }
      if (g_str_has_prefix (p, "<svg") && (g_ascii_isspace (p[4]) || p[4] == '>'))
        return "image/svg+xml";
    }
  return NULL;
}

static guint
count_certificates (const char *pem)
{
  guint n = 0;

  for (const char *p = pem; (p = strstr (p, "-----BEGIN CERTIFICATE-----")) != NULL; p++)
    if (strstr (p, "-----END CERTIFICATE-----") != NULL)
      n++;
  return n;
}

gboolean
dg_hub_set (DgDb        *db,
            const char  *key,
            const char  *value,
            gssize       length,
            GError     **error)
{
  g_autofree char *stored = NULL;
  g_autofree char *before = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *now = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_auto(DgDbWrite) write = { 0 };
  const char *mime = NULL;
  gsize len;

  g_return_val_if_fail (DG_IS_DB (db), FALSE);

  if (!dg_hub_is_key (key))
    {
      dg_error_set_field (error, DG_ERROR_INVALID, "KEY", key,
                          _("“%s” is not one of name | name-cy | address | address-cy | phone | email | logo | marking | "
                            "smtp-url | smtp-user | smtp-ca"), key ? key : "");
      return FALSE;
    }
  if (value == NULL)
    value = "";
  len = length < 0 ? strlen (value) : (gsize) length;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "key");
  json_builder_add_string_value (builder, key);

  if (len == 0)
    ; /* unset */
  else if (g_str_equal (key, "logo"))
    {
      if (len > LOGO_MAX_BYTES || (mime = logo_type (value, len)) == NULL)
        {
          dg_error_set_field (error, DG_ERROR_INVALID, "logo", NULL,
                              len > LOGO_MAX_BYTES ? _("The logo is larger than 1 MiB")
                                                   : _("The logo is not a PNG or SVG image"));
          return FALSE;
        }
      stored = g_base64_encode ((const guchar *) value, len);
      json_builder_set_member_name (builder, "type");
      json_builder_add_string_value (builder, mime);
      json_builder_set_member_name (builder, "size");
      json_builder_add_int_value (builder, len);
    }
  else if (g_str_equal (key, "smtp-ca"))
    {
      if (len > CA_MAX_BYTES || !g_utf8_validate_len (value, len, NULL) || memchr (value, '\0', len) != NULL)
        {
          dg_error_set_field (error, DG_ERROR_INVALID, "smtp-ca", NULL, _("Not a PEM file of certificates"));
          return FALSE;
        }
      stored = g_strndup (value, len);
      if (count_certificates (stored) == 0)
        {
          dg_error_set_field (error, DG_ERROR_INVALID, "smtp-ca", NULL,
                              _("No certificate in the file (a PEM file holds “-----BEGIN CERTIFICATE-----”)"));
          return FALSE;
        }
      json_builder_set_member_name (builder, "size");
      json_builder_add_int_value (builder, len);
    }
  else
    {
      stored = g_strndup (value, len);
      if (!check_text (key, stored, len, error))
        return FALSE;
    }

  now = dg_db_now_string (db);
  if (!dg_db_write (db, &write, error))
    return FALSE;
  before = dg_hub_get_setting (db, key, NULL, error);
  if (error != NULL && *error != NULL)
    return FALSE;
  /* The trail says what changed, but not a logo's or a CA's bytes. */
  if (mime == NULL && !g_str_equal (key, "smtp-ca") && !g_str_equal (key, "logo"))
    {
      json_builder_set_member_name (builder, "before");
      before ? json_builder_add_string_value (builder, before) : json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "after");
      stored ? json_builder_add_string_value (builder, stored) : json_builder_add_null_value (builder);
    }
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  detail = json_to_string (root, FALSE);

  if (stored == NULL
      ? !dg_db_run (db, "DELETE FROM hub_setting WHERE key = ?1", error, DG_TEXT (key))
      : !dg_db_run (db,
                    "INSERT INTO hub_setting (key, value, mime, updated_by, updated_at) VALUES (?1, ?2, ?3, ?4, ?5) "
                    "ON CONFLICT (key) DO UPDATE SET value = excluded.value, mime = excluded.mime, "
                    "  updated_by = excluded.updated_by, updated_at = excluded.updated_at",
                    error, DG_TEXT (key), DG_TEXT (stored), DG_TEXT (mime), DG_TEXT (dg_db_get_actor (db)), DG_TEXT (now)))
    return FALSE;
  return dg_db_audit (db, "hub", 0, stored == NULL ? "unset" : "set", detail, error) &&
         dg_db_commit (db, error);
}

JsonObject *
dg_hub_show (DgDb    *db,
             GError **error)
{
  g_autoptr(JsonObject) shown = json_object_new ();
  DgStmt *stmt;
  gboolean has_row = FALSE;

  g_return_val_if_fail (DG_IS_DB (db), NULL);

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    json_object_set_null_member (shown, keys[i].key);

  stmt = dg_db_prepare (db, "SELECT key, value, mime, updated_by, updated_at FROM hub_setting", error);
  if (stmt == NULL)
    return NULL;
  while (dg_db_step (db, stmt, &has_row, error) && has_row)
    {
      const char *key = dg_stmt_column_text (stmt, 0);
      const char *value = dg_stmt_column_text (stmt, 1);

      if (g_str_equal (key, "logo"))
        {
          JsonObject *logo = json_object_new ();
          gsize size = 0;
          g_free (g_base64_decode (value, &size));
          json_object_set_string_member (logo, "type", dg_stmt_column_text (stmt, 2));
          json_object_set_int_member (logo, "size", size);
          json_object_set_object_member (shown, key, logo);
        }
      else if (g_str_equal (key, "smtp-ca"))
        {
          JsonObject *ca = json_object_new ();
          json_object_set_int_member (ca, "size", strlen (value));
          json_object_set_int_member (ca, "certificates", count_certificates (value));
          json_object_set_object_member (shown, key, ca);
        }
      else
        json_object_set_string_member (shown, key, value);
    }
  dg_stmt_reset (stmt);
  if (error != NULL && *error != NULL)
    return NULL;
  return g_steal_pointer (&shown);
}
