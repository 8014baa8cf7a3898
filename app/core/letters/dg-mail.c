#include "config.h"

#include <string.h>
#include <gmime/gmime.h>

#include "dg-json.h"
#include "dg-mail.h"

/* GMime 3.2 declares no cleanups of its own. */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GMimeFormatOptions, g_mime_format_options_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GMimeMessage, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GMimeObject, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GMimeMultipart, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GMimeStream, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GMimeDataWrapper, g_object_unref)

static void
mail_init (void)
{
  static gsize done;

  /* GMime's tables are built once, whichever thread composes first. */
  if (g_once_init_enter (&done))
    {
      g_mime_init ();
      g_once_init_leave (&done, 1);
    }
}

const char *
dg_mail_content_language (const char *language)
{
  /* RFC 3282: a list, the first language first, as the letter is written. */
  return g_strcmp0 (language, "cy+en") == 0 ? "cy, en" : language;
}

static GMimeObject *
text_part (const char *body)
{
  GMimePart *part = g_mime_part_new_with_type ("text", "plain");
  g_autoptr(GMimeStream) stream = g_mime_stream_mem_new_with_buffer (body, strlen (body));
  g_autoptr(GMimeDataWrapper) content = g_mime_data_wrapper_new_with_stream (stream, GMIME_CONTENT_ENCODING_DEFAULT);

  /* The text as written, declared UTF-8: GMime's own choice of charset
   * could recode a Welsh letter into Latin-1. Quoted-printable keeps the
   * English and most of the Welsh readable in the raw message. */
  g_mime_object_set_content_type_parameter (GMIME_OBJECT (part), "charset", "UTF-8");
  g_mime_part_set_content (part, content);
  g_mime_part_set_content_encoding (part, GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE);
  return GMIME_OBJECT (part);
}

static GMimeObject *
pdf_part (GBytes     *pdf,
          JsonObject *rendered)
{
  GMimePart *part = g_mime_part_new_with_type ("application", "pdf");
  g_autoptr(GMimeStream) stream = g_mime_stream_mem_new_with_buffer (g_bytes_get_data (pdf, NULL), g_bytes_get_size (pdf));
  g_autoptr(GMimeDataWrapper) content = g_mime_data_wrapper_new_with_stream (stream, GMIME_CONTENT_ENCODING_DEFAULT);
  g_autofree char *name = g_strdup_printf ("%s-%s.pdf", dg_json_text (rendered, "reference") ? dg_json_text (rendered, "reference") : "letter",
                                           dg_json_text (rendered, "kind") ? dg_json_text (rendered, "kind") : "letter");

  g_mime_part_set_content (part, content);
  g_mime_part_set_content_encoding (part, GMIME_CONTENT_ENCODING_BASE64);
  g_mime_part_set_filename (part, name);
  return GMIME_OBJECT (part);
}

char *
dg_mail_compose (JsonObject   *rendered,
                 const char   *from,
                 const char   *from_name,
                 GDateTime    *date,
                 GBytes       *pdf,
                 DgMailFlags   flags,
                 char        **message_id)
{
  g_autoptr(GMimeMessage) message = NULL;
  g_autoptr(GMimeObject) body = NULL;
  g_autoptr(GMimeFormatOptions) options = NULL;
  g_autofree char *id = NULL;
  const char *to = dg_json_text (rendered, "recipient");
  const char *at;

  g_return_val_if_fail (rendered != NULL, NULL);
  g_return_val_if_fail (date != NULL, NULL);

  mail_init ();
  if (from == NULL)
    from = "safeguarding-hub@localhost";
  at = strrchr (from, '@');

  message = g_mime_message_new (TRUE);
  g_mime_message_add_mailbox (message, GMIME_ADDRESS_TYPE_FROM, from_name, from);
  if (to != NULL)
    g_mime_message_add_mailbox (message, GMIME_ADDRESS_TYPE_TO, NULL, to);
  g_mime_message_set_subject (message, dg_json_text (rendered, "subject"), "UTF-8");
  g_mime_message_set_date (message, date);
  /* The hub's own domain, so replies and bounces can be matched to it. */
  id = g_mime_utils_generate_message_id (at != NULL && at[1] != '\0' && g_strcmp0 (at + 1, "localhost") != 0
                                         ? at + 1 : "diogelu.invalid");
  g_mime_message_set_message_id (message, id);
  g_mime_object_set_header (GMIME_OBJECT (message), "Content-Language",
                            dg_mail_content_language (dg_json_text (rendered, "language")), NULL);
  /* Opened as a draft, ready to check and send, by the common mail clients;
   * never on a message that is sent. */
  if ((flags & DG_MAIL_DRAFT) != 0)
    g_mime_object_set_header (GMIME_OBJECT (message), "X-Unsent", "1", NULL);

  body = text_part (dg_json_text (rendered, "body") ? dg_json_text (rendered, "body") : "");
  if (pdf != NULL)
    {
      g_autoptr(GMimeMultipart) mixed = g_mime_multipart_new_with_subtype ("mixed");
      g_autoptr(GMimeObject) attachment = pdf_part (pdf, rendered);

      g_mime_multipart_add (mixed, body);
      g_mime_multipart_add (mixed, attachment);
      g_mime_message_set_mime_part (message, GMIME_OBJECT (mixed));
    }
  else
    g_mime_message_set_mime_part (message, body);

  options = g_mime_format_options_new ();
  g_mime_format_options_set_newline_format (options, GMIME_NEWLINE_FORMAT_DOS);
  if (message_id != NULL)
    *message_id = g_steal_pointer (&id);
  return g_mime_object_to_string (GMIME_OBJECT (message), options);
}
