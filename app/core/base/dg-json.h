#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Bounds on a JSON document read from outside (a referral file, standard
 * input): json-glib recurses once per level and would overflow the stack. */
#define DG_JSON_MAX_DEPTH 32u
#define DG_JSON_MAX_BYTES (16u * 1024u * 1024u)

/* Parses @length bytes of @text as exactly one JSON document, refusing what
 * json-glib would take loosely or could not survive: more than
 * DG_JSON_MAX_BYTES, nesting deeper than DG_JSON_MAX_DEPTH, anything but
 * white space after the document, a name given twice in one object, and an
 * escaped NUL (which json-glib would cut a string at). */
JsonNode   *dg_json_parse_document (const char  *text,
                                    gsize        length,
                                    GError     **error);

/* A text member of @object, or %NULL when @object is %NULL or the member is
 * absent, null or not text. */
const char *dg_json_text           (JsonObject  *object,
                                    const char  *member);

/* Adds @member to the object @builder is building as {"before", "after"},
 * an amendment's change in the audit trail; takes both nodes. */
void        dg_json_add_change     (JsonBuilder *builder,
                                    const char  *member,
                                    JsonNode    *before,
                                    JsonNode    *after);
/* The same for two texts, each %NULL for null. */
void        dg_json_add_text_change (JsonBuilder *builder,
                                     const char  *member,
                                     const char  *before,
                                     const char  *after);

G_END_DECLS
