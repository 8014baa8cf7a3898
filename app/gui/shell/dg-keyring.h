#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Passwords for database servers: the ones typed in this session, and the
 * ones kept in the person's keyring (the Secret Service, through libsecret),
 * each under the server's address without its password. Never in GSettings,
 * never shown. */

/* Makes the store answer the connections' password questions
 * (dg_db_set_password_func ()). */
void     dg_keyring_install   (void);

/* Keeps @password for the server at @shown for this session, and in the
 * keyring too when @keep; @callback (may be NULL) hears whether the keyring
 * took it. */
void     dg_keyring_remember  (const char          *shown,
                               const char          *password,
                               gboolean             keep,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data);
gboolean dg_keyring_remember_finish (GAsyncResult  *result,
                                     GError       **error);

/* Forgets what was typed in this session (the keyring keeps its copy): as
 * a new session would start. */
void     dg_keyring_forget_typed (void);

G_END_DECLS
