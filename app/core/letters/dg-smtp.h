#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Talking to the hub's mail server (libcurl's SMTP) and keeping its
 * password (the keyring, libsecret). Nothing here touches the database. */

/* Where a message goes and how: @url smtp://HOST[:PORT] (STARTTLS, always
 * required) or smtps://HOST[:PORT] (TLS); @ca_pem the CA certificates the
 * server's certificate must chain to (%NULL: the system's). The server's
 * certificate and name are always checked. */
typedef struct
{
  const char *url;
  const char *user;      /* %NULL: no AUTH */
  const char *password;
  const char *ca_pem;
} DgSmtpServer;

/* Sends @message (a whole RFC 5322 message, CRLF lines) from @from to @to.
 * TRUE with *@reply the server's answer to the message ("250 …"); FALSE
 * with @error saying why in curl's words and the server's, and *@reply the
 * server's last answer when there was one. A server that cannot be reached
 * or answers 4xx (try later) is %DG_ERROR_LOCKED; anything else (refused
 * login, a certificate that does not check, 5xx) %DG_ERROR_FAILED. */
gboolean  dg_smtp_send             (const DgSmtpServer  *server,
                                    const char          *from,
                                    const char          *to,
                                    GBytes              *message,
                                    char               **reply,
                                    GError             **error);

/* The password for @user at @url: $DIOGELU_SMTP_PASSWORD when set (it
 * always wins: scripts and tests), else the keyring's; %NULL when neither
 * has one. Free with dg_smtp_password_free (). */
char     *dg_smtp_password_lookup  (const char   *url,
                                    const char   *user,
                                    GError      **error);
/* Keeps @password for @user at @url in the keyring. */
gboolean  dg_smtp_password_store   (const char   *url,
                                    const char   *user,
                                    const char   *password,
                                    GError      **error);
/* Wipes and frees a password. */
void      dg_smtp_password_free    (char         *password);

G_END_DECLS
