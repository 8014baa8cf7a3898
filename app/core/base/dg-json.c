#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "dg-error.h"
#include "dg-json.h"
#include "dg-text.h"

/* One pass over the text before json-glib sees it: depth, an escaped NUL,
 * and text after the end of the first document. */
static gboolean
scan (const char  *text,
      gsize        length,
      GError     **error)
{
  guint depth = 0;
  gboolean ended = FALSE;

  for (gsize i = 0; i < length; i++)
    {
      char c = text[i];

      if (ended)
        {
          if (!g_ascii_isspace (c))
            {
              g_set_error (error, DG_ERROR, DG_ERROR_INVALID,
                           _("there is more after the end of the JSON document (byte %zu); give one document"), i + 1);
              return FALSE;
            }
          continue;
        }
      switch (c)
        {
        case '"':
          for (i++; i < length && text[i] != '"'; i++)
            if (text[i] == '\\' && ++i < length && (text[i] == 'u' || text[i] == 'U') &&
                length - i > 4 && memcmp (text + i + 1, "0000", 4) == 0)
              {
                g_set_error (error, DG_ERROR, DG_ERROR_INVALID,
                             _("the text holds a NUL character (\\u0000); remove it and try again"));
                return FALSE;
              }
          break;
        case '[':
        case '{':
          if (++depth > DG_JSON_MAX_DEPTH)
            {
              g_set_error (error, DG_ERROR, DG_ERROR_INVALID,
                           _("lists and objects are nested more than %u deep (at byte %zu)"), DG_JSON_MAX_DEPTH, i + 1);
              return FALSE;
            }
          break;
        case ']':
        case '}':
          if (depth > 0 && --depth == 0)
            ended = TRUE;
          break;
        default:
          break;
        }
    }
  return TRUE;
}

typedef struct
{
  GHashTable *members;    /* JsonObject → members parsed into it so far */
  char       *duplicate;  /* the first name given twice */
} Members;

/* json-glib keeps the last of two members with one name without a word;
 * an object that did not grow with a member already had it. */
static void
object_member (JsonParser *parser,
               JsonObject *object,
               const char *name,
               gpointer    data)
{
  Members *m = data;
  guint n = GPOINTER_TO_UINT (g_hash_table_lookup (m->members, object)) + 1;

  g_hash_table_insert (m->members, object, GUINT_TO_POINTER (n));
  if (m->duplicate == NULL && json_object_get_size (object) < n)
    m->duplicate = dg_text_shown (name, DG_TEXT_GLIMPSE, FALSE);
}

JsonNode *
dg_json_parse_document (const char  *text,
                        gsize        length,
                        GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local = NULL;
  Members m = { 0 };
  JsonNode *root = NULL;

  if (length > DG_JSON_MAX_BYTES)
    {
      g_set_error (error, DG_ERROR, DG_ERROR_INVALID,
                   _("the document is larger than %u MiB"), DG_JSON_MAX_BYTES / (1024 * 1024));
      return NULL;
    }
  if (!scan (text, length, error))
    return NULL;

  parser = json_parser_new ();
  m.members = g_hash_table_new (NULL, NULL);
  g_signal_connect (parser, "object-member", G_CALLBACK (object_member), &m);
  if (!json_parser_load_from_data (parser, text, length, &local))
    {
      g_autofree char *said = g_utf8_make_valid (local->message, MIN (strlen (local->message), 200));

      g_set_error (error, DG_ERROR, DG_ERROR_INVALID, _("not valid JSON: %s"), said);
    }
  else if (m.duplicate != NULL)
    {
      g_set_error (error, DG_ERROR, DG_ERROR_INVALID,
                   _("“%s” is given twice in one object; give it once"), m.duplicate);
    }
  else if (json_parser_get_root (parser) != NULL)
    {
      root = json_node_ref (json_parser_get_root (parser));
    }
  g_hash_table_unref (m.members);
  g_free (m.duplicate);
  return root;
}

const char *
dg_json_text (JsonObject *object,
              const char *member)
{
  JsonNode *node;

  if (object == NULL)
    return NULL;
  node = json_object_get_member (object, member);
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

void
dg_json_add_change (JsonBuilder *builder,
                    const char  *member,
                    JsonNode    *before,
                    JsonNode    *after)
{
  json_builder_set_member_name (builder, member);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "before");
  json_builder_add_value (builder, before);
  json_builder_set_member_name (builder, "after");
  json_builder_add_value (builder, after);
  json_builder_end_object (builder);
}

static JsonNode *
text_node (const char *value)
{
  return value != NULL ? json_node_init_string (json_node_alloc (), value) : json_node_new (JSON_NODE_NULL);
}

void
dg_json_add_text_change (JsonBuilder *builder,
                         const char  *member,
                         const char  *before,
                         const char  *after)
{
  dg_json_add_change (builder, member, text_node (before), text_node (after));
}
