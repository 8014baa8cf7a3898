#include "config.h"

#include <string.h>
#include <curl/curl.h>
#include <glib/gi18n-lib.h>
#include <libsecret/secret.h>

#include "dg-error.h"
#include "dg-smtp.h"

/* A server that does not answer is given up on after this long, and a whole
 * delivery (a letter with its PDF) after that: a worker must not hang. */
#define CONNECT_TIMEOUT_S 20
#define TOTAL_TIMEOUT_S 120

static const SecretSchema *
smtp_schema (void)
{
  static const SecretSchema schema = {
    "io.github.diogelu.Diogelu.Smtp", SECRET_SCHEMA_NONE,
    {
      { "url", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "user", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
  };

  return &schema;
}

void
dg_smtp_password_free (char *password)
{
  if (password == NULL)
    return;
  memset (password, 0, strlen (password));
  g_free (password);
}

char *
dg_smtp_password_lookup (const char  *url,
                         const char  *user,
                         GError     **error)
{
  const char *given = g_getenv ("DIOGELU_SMTP_PASSWORD");
  g_autoptr(GError) local = NULL;
  char *kept, *password;

  if (given != NULL)
    return g_strdup (given);
  if (url == NULL || user == NULL)
    return NULL;
  kept = secret_password_lookup_nonpageable_sync (smtp_schema (), NULL, &local, "url", url, "user", user, NULL);
  if (local != NULL)
    {
      g_set_error (error, DG_ERROR, DG_ERROR_FAILED,
                   _("The SMTP password could not be read from the keyring (%s); set $DIOGELU_SMTP_PASSWORD instead"),
                   local->message);
      return NULL;
    }
  if (kept == NULL)
    return NULL;
  password = g_strdup (kept);
  secret_password_free (kept);
  return password;
}

gboolean
dg_smtp_password_store (const char  *url,
                        const char  *user,
                        const char  *password,
                        GError     **error)
{
  g_autofree char *label = g_strdup_printf (_("Diogelu mail server %s (%s)"), url, user);
  g_autoptr(GError) local = NULL;

  if (!secret_password_store_sync (smtp_schema (), SECRET_COLLECTION_DEFAULT, label, password, NULL, &local,
                                   "url", url, "user", user, NULL))
    {
      g_set_error (error, DG_ERROR, DG_ERROR_FAILED,
                   _("The SMTP password could not be kept in the keyring (%s); scripts can give $DIOGELU_SMTP_PASSWORD instead"),
                   local->message);
      return FALSE;
    }
  return TRUE;
}

typedef struct
{
  GBytes  *message;
  gsize    offset;
  GString *line;      /* the server's answer being read */
  char    *last;      /* its last whole answer */
  char    *final;     /* the answer before QUIT: the one to the message */
} Transfer;

static size_t
read_message (char   *buffer,
              size_t  size,
              size_t  n,
              void   *data)
{
  Transfer *t = data;
  gsize length = 0;
  const char *bytes = g_bytes_get_data (t->message, &length);
  gsize count = MIN (size * n, length - t->offset);

  memcpy (buffer, bytes + t->offset, count);
  t->offset += count;
  return count;
}

/* Only the server's answers are read; what curl says (the AUTH line among
 * it) is looked at for QUIT and never kept. */
static int
on_debug (CURL          *handle,
          curl_infotype  type,
          char          *data,
          size_t         size,
          void          *user)
{
  Transfer *t = user;

  if (type == CURLINFO_HEADER_IN)
    {
      g_string_append_len (t->line, data, size);
      while (TRUE)
        {
          char *end = strchr (t->line->str, '\n');
          if (end == NULL)
            break;
          *end = '\0';
          g_strchomp (t->line->str);
          if (*t->line->str != '\0')
            {
              g_free (t->last);
              t->last = g_utf8_make_valid (t->line->str, -1);
            }
          g_string_erase (t->line, 0, end + 1 - t->line->str);
        }
    }
  else if (type == CURLINFO_HEADER_OUT && size >= 4 && g_ascii_strncasecmp (data, "QUIT", 4) == 0 && t->final == NULL)
    t->final = g_strdup (t->last);
  return 0;
}

static void
global_init (void)
{
  static gsize done;

  if (g_once_init_enter (&done))
    {
      curl_global_init (CURL_GLOBAL_DEFAULT);
      g_once_init_leave (&done, 1);
    }
}

gboolean
dg_smtp_send (const DgSmtpServer  *server,
              const char          *from,
              const char          *to,
              GBytes              *message,
              char               **reply,
              GError             **error)
{
  Transfer t = { message, 0, g_string_new (NULL), NULL, NULL };
  char errbuf[CURL_ERROR_SIZE] = "";
  g_autofree char *mail_from = g_strdup_printf ("<%s>", from);
  g_autofree char *rcpt = g_strdup_printf ("<%s>", to);
  struct curl_slist *recipients = NULL;
  struct curl_blob ca = { 0 };
  const char *answer;
  long code = 0;
  CURLcode res;
  CURL *curl;

  g_return_val_if_fail (server != NULL && server->url != NULL, FALSE);

  global_init ();
  curl = curl_easy_init ();
  if (curl == NULL)
    {
      g_set_error_literal (error, DG_ERROR, DG_ERROR_FAILED, _("The mail library could not start"));
      return FALSE;
    }
  recipients = curl_slist_append (recipients, rcpt);

  curl_easy_setopt (curl, CURLOPT_URL, server->url);
  curl_easy_setopt (curl, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  /* smtp:// without STARTTLS would be letters in the clear: refused. */
  curl_easy_setopt (curl, CURLOPT_USE_SSL, (long) CURLUSESSL_ALL);
  curl_easy_setopt (curl, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt (curl, CURLOPT_SSL_VERIFYHOST, 2L);
  if (server->ca_pem != NULL)
    {
      ca.data = (void *) server->ca_pem;
      ca.len = strlen (server->ca_pem);
      ca.flags = CURL_BLOB_COPY;
      curl_easy_setopt (curl, CURLOPT_CAINFO_BLOB, &ca);
    }
  if (server->user != NULL)
    {
      curl_easy_setopt (curl, CURLOPT_USERNAME, server->user);
      curl_easy_setopt (curl, CURLOPT_PASSWORD, server->password ? server->password : "");
    }
  curl_easy_setopt (curl, CURLOPT_MAIL_FROM, mail_from);
  curl_easy_setopt (curl, CURLOPT_MAIL_RCPT, recipients);
  curl_easy_setopt (curl, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt (curl, CURLOPT_READFUNCTION, read_message);
  curl_easy_setopt (curl, CURLOPT_READDATA, &t);
  curl_easy_setopt (curl, CURLOPT_INFILESIZE_LARGE, (curl_off_t) g_bytes_get_size (message));
  curl_easy_setopt (curl, CURLOPT_CONNECTTIMEOUT, (long) CONNECT_TIMEOUT_S);
  curl_easy_setopt (curl, CURLOPT_TIMEOUT, (long) TOTAL_TIMEOUT_S);
  curl_easy_setopt (curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt (curl, CURLOPT_ERRORBUFFER, errbuf);
  curl_easy_setopt (curl, CURLOPT_DEBUGFUNCTION, on_debug);
  curl_easy_setopt (curl, CURLOPT_DEBUGDATA, &t);
  curl_easy_setopt (curl, CURLOPT_VERBOSE, 1L);

  res = curl_easy_perform (curl);
  curl_easy_getinfo (curl, CURLINFO_RESPONSE_CODE, &code);
  curl_easy_cleanup (curl);
  curl_slist_free_all (recipients);

  answer = t.final != NULL ? t.final : t.last;
  if (reply != NULL)
    *reply = g_strdup (answer);
  if (res != CURLE_OK)
    {
      const char *why = *errbuf != '\0' ? errbuf : curl_easy_strerror (res);
      gboolean later = res == CURLE_COULDNT_CONNECT || res == CURLE_COULDNT_RESOLVE_HOST ||
                       res == CURLE_OPERATION_TIMEDOUT || res == CURLE_SEND_ERROR || res == CURLE_RECV_ERROR ||
                       res == CURLE_GOT_NOTHING || (code >= 400 && code < 500);

      g_strchomp (errbuf);
      /* Only a refusal is worth quoting: "220 Ready to start TLS" before a
       * certificate that does not check says nothing. */
      if (answer != NULL && (answer[0] == '4' || answer[0] == '5'))
        g_set_error (error, DG_ERROR, later ? DG_ERROR_LOCKED : DG_ERROR_FAILED,
                     _("%s (the server said: %s)"), why, answer);
      else
        g_set_error_literal (error, DG_ERROR, later ? DG_ERROR_LOCKED : DG_ERROR_FAILED, why);
    }
  g_string_free (t.line, TRUE);
  g_free (t.last);
  g_free (t.final);
  return res == CURLE_OK;
}
