#include "config.h"

#include <string.h>

#include "dg-record.h"

#define MEMBER(record, m) ((gpointer) ((guint8 *) (record) + (m)->offset))

gpointer
dg_record_new (const DgRecordShape *shape)
{
  return g_malloc0 (shape->size);
}

gpointer
dg_record_copy (const DgRecordShape *shape,
                gconstpointer        record)
{
  gpointer copy = g_memdup2 (record, shape->size);

  for (guint i = 0; i < shape->n_members; i++)
    {
      const DgRecordMember *m = &shape->members[i];
      gpointer slot = MEMBER (copy, m);

      switch (m->kind)
        {
        case DG_RECORD_TEXT:
        case DG_RECORD_TEXT_OR_EMPTY:
          *(char **) slot = g_strdup (*(char **) slot);
          break;
        case DG_RECORD_STRV:
          *(GStrv *) slot = g_strdupv (*(GStrv *) slot);
          break;
        case DG_RECORD_LIST:
          /* Records are read, never changed: a copy shares the array. */
          if (*(GPtrArray **) slot != NULL)
            g_ptr_array_ref (*(GPtrArray **) slot);
          break;
        case DG_RECORD_INT:
        case DG_RECORD_BOOL:
        default:
          break;
        }
    }
  return copy;
}

void
dg_record_free (const DgRecordShape *shape,
                gpointer             record)
{
  if (record == NULL)
    return;
  for (guint i = 0; i < shape->n_members; i++)
    {
      const DgRecordMember *m = &shape->members[i];
      gpointer slot = MEMBER (record, m);

      switch (m->kind)
        {
        case DG_RECORD_TEXT:
        case DG_RECORD_TEXT_OR_EMPTY:
          g_free (*(char **) slot);
          break;
        case DG_RECORD_STRV:
          g_strfreev (*(GStrv *) slot);
          break;
        case DG_RECORD_LIST:
          g_clear_pointer ((GPtrArray **) slot, g_ptr_array_unref);
          break;
        case DG_RECORD_INT:
        case DG_RECORD_BOOL:
        default:
          break;
        }
    }
  g_free (record);
}

/* The node of @path in @object ("a.b": b of object a), or NULL. */
static JsonNode *
node_at (JsonObject *object,
         const char *path)
{
  const char *dot = strchr (path, '.');
  g_autofree char *head = NULL;
  JsonNode *inner;

  if (dot == NULL)
    return json_object_get_member (object, path);
  head = g_strndup (path, dot - path);
  inner = json_object_get_member (object, head);
  if (inner == NULL || !JSON_NODE_HOLDS_OBJECT (inner))
    return NULL;
  return node_at (json_node_get_object (inner), dot + 1);
}

static GStrv
texts_of (JsonNode *node)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonArray *array = node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;

  for (guint k = 0; array != NULL && k < json_array_get_length (array); k++)
    {
      JsonNode *element = json_array_get_element (array, k);

      if (JSON_NODE_HOLDS_VALUE (element) && json_node_get_value_type (element) == G_TYPE_STRING)
        g_strv_builder_add (builder, json_node_get_string (element));
    }
  return g_strv_builder_end (builder);
}

gpointer
dg_record_from_json (const DgRecordShape *shape,
                     JsonObject          *object)
{
  gpointer record = dg_record_new (shape);

  for (guint i = 0; i < shape->n_members; i++)
    {
      const DgRecordMember *m = &shape->members[i];
      gpointer slot = MEMBER (record, m);
      JsonNode *node = m->member != NULL ? node_at (object, m->member) : NULL;
      gboolean value = node != NULL && JSON_NODE_HOLDS_VALUE (node);

      switch (m->kind)
        {
        case DG_RECORD_TEXT:
        case DG_RECORD_TEXT_OR_EMPTY:
          if (value && json_node_get_value_type (node) == G_TYPE_STRING)
            *(char **) slot = g_strdup (json_node_get_string (node));
          else if (m->kind == DG_RECORD_TEXT_OR_EMPTY)
            *(char **) slot = g_strdup ("");
          break;
        case DG_RECORD_INT:
          if (value && json_node_get_value_type (node) == G_TYPE_INT64)
            *(gint64 *) slot = json_node_get_int (node);
          break;
        case DG_RECORD_BOOL:
          if (value && json_node_get_value_type (node) == G_TYPE_BOOLEAN)
            *(gboolean *) slot = json_node_get_boolean (node);
          break;
        case DG_RECORD_STRV:
          *(GStrv *) slot = texts_of (node);
          break;
        case DG_RECORD_LIST:
          *(GPtrArray **) slot = dg_record_list_from_json (m->element, m->free_element,
                                                           node != NULL && JSON_NODE_HOLDS_ARRAY (node)
                                                           ? json_node_get_array (node) : NULL);
          break;
        default:
          break;
        }
    }
  return record;
}

GPtrArray *
dg_record_list_from_json (const DgRecordShape *shape,
                          GDestroyNotify       free_record,
                          JsonArray           *array)
{
  guint n = array != NULL ? json_array_get_length (array) : 0;
  GPtrArray *records = g_ptr_array_new_full (n, free_record);

  for (guint i = 0; i < n; i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (JSON_NODE_HOLDS_OBJECT (element))
        g_ptr_array_add (records, dg_record_from_json (shape, json_node_get_object (element)));
    }
  return records;
}
