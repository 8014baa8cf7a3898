#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Letters as e-mail: one composer (GMime) for the message a mail client
 * opens as a draft (Save E-mail…) and the message the outbox sends. */

typedef enum
{
  DG_MAIL_NONE  = 0,
  /* A draft for a mail client: X-Unsent: 1, opened ready to check and send. */
  DG_MAIL_DRAFT = 1 << 0,
} DgMailFlags;

/* The RFC 5322 message of @rendered (a dg_notify_render () letter: subject,
 * body, recipient, language, reference, kind): From @from with @from_name as
 * its display name (%NULL: none), To the recipient, Subject (RFC 2047),
 * Date @date, a new Message-ID at @from's domain (returned in *@message_id
 * without the angle brackets), Content-Language, the body as UTF-8
 * quoted-printable and, with @pdf, the letter as an application/pdf
 * attachment. Lines end in CRLF and every byte is 7-bit: ready for SMTP. */
char *dg_mail_compose (JsonObject   *rendered,
                       const char   *from,
                       const char   *from_name,
                       GDateTime    *date,
                       GBytes       *pdf,
                       DgMailFlags   flags,
                       char        **message_id);

/* The Content-Language of a letter in @language (en, cy or cy+en). */
const char *dg_mail_content_language (const char *language);

G_END_DECLS
