#pragma once

#include <json-glib/json-glib.h>

#include "dg-db.h"

G_BEGIN_DECLS

/* The hub's own settings, kept with the records (table hub_setting) so that
 * every practitioner's letters carry one letterhead and go through one mail
 * server: name, name-cy, address, address-cy, phone, email, logo (PNG or
 * SVG), marking, smtp-url, smtp-user, smtp-ca. The SMTP password is never
 * among them: it is in the keyring (dg-smtp.h). */

/* The letters' placeholders: hub.name, hub.name_cy, hub.address,
 * hub.address_cy, hub.phone, hub.email, hub.marking (those that are set). */
GHashTable *dg_hub_get          (DgDb        *db,
                                 GError     **error);

/* One setting's text (a logo as base64), or %NULL (no error) when unset;
 * *@mime gets the logo's type. */
char       *dg_hub_get_setting  (DgDb        *db,
                                 const char  *key,
                                 char       **mime,
                                 GError     **error);

/* The logo's bytes (PNG or SVG), or %NULL when there is none (or on error,
 * then set). */
GBytes     *dg_hub_logo         (DgDb        *db,
                                 GError     **error);

/* Sets @key to @value (@length bytes; -1 for a NUL-terminated text), after
 * checking it: a logo must be a PNG or an SVG image, smtp-url an smtp:// or
 * smtps:// address, smtp-ca a PEM certificate, email an address. An empty
 * value unsets the key. Audited (a logo or CA as its size, never bytes). */
gboolean    dg_hub_set          (DgDb        *db,
                                 const char  *key,
                                 const char  *value,
                                 gssize       length,
                                 GError     **error);

/* Every setting for showing: {"name": …, …, "logo": {"type", "size"} | null,
 * "smtp-ca": {"size", "certificates"} | null}: never the logo's bytes, never
 * a password. */
JsonObject *dg_hub_show         (DgDb        *db,
                                 GError     **error);

/* TRUE when @key is one of the settings. */
gboolean    dg_hub_is_key       (const char  *key);

/* Checks an smtp-url: smtp://host[:port] (STARTTLS required) or
 * smtps://host[:port] (TLS from the start); refusals name the field "smtp-url". */
gboolean    dg_hub_check_smtp_url (const char  *url,
                                   GError     **error);

G_END_DECLS
