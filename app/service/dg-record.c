#include "config.h"

#include <string.h>

#include "dg-record.h"

#define AT(record, m, type) G_STRUCT_MEMBER (type, record, (m)->offset)

static gpointer
copy_element (gconstpointer record,
              gpointer      shape)
{
  return dg_record_copy (shape, record);
}

gpointer
dg_record_copy (const DgRecordShape *shape,
                gconstpointer        record)
{
  gpointer copy;

  if (record == NULL)
    return NULL;
  copy = g_memdup2 (record, shape->size);
  for (guint i = 0; i < shape->n_members; i++)
    {
      const DgRecordMember *m = &shape->members[i];

      switch (m->kind)
        {
        case DG_RECORD_TEXT:
        case DG_RECORD_TEXT_OR_EMPTY:
          AT (copy, m, char *) = g_strdup (AT (record, m, char *));
          break;
        case DG_RECORD_STRV:
          AT (copy, m, GStrv) = g_strdupv (AT (record, m, GStrv));
          break;
        case DG_RECORD_LIST:
          if (AT (record, m, GPtrArray *) != NULL)
            AT (copy, m, GPtrArray *) = g_ptr_array_copy (AT (record, m, GPtrArray *), copy_element,
                                                          (gpointer) m->shape);
          break;
        case DG_RECORD_OBJECT:
          AT (copy, m, gpointer) = dg_record_copy (m->shape, AT (record, m, gpointer));
          break;
        case DG_RECORD_INT:
        case DG_RECORD_DOUBLE:
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

      switch (m->kind)
        {
        case DG_RECORD_TEXT:
        case DG_RECORD_TEXT_OR_EMPTY:
          g_free (AT (record, m, char *));
          break;
        case DG_RECORD_STRV:
          g_strfreev (AT (record, m, GStrv));
          break;
        case DG_RECORD_LIST:
          /* The elements go with the record, by their shape: a nested list
           * has no free function of its own, as one takes no shape. */
          if (AT (record, m, GPtrArray *) != NULL)
            {
              GPtrArray *list = AT (record, m, GPtrArray *);

              for (guint k = 0; k < list->len; k++)
                dg_record_free (m->shape, g_ptr_array_index (list, k));
              g_ptr_array_unref (list);
            }
          break;
        case DG_RECORD_OBJECT:
          dg_record_free (m->shape, AT (record, m, gpointer));
          break;
        case DG_RECORD_INT:
        case DG_RECORD_DOUBLE:
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

/* Whether @node holds a value of @type. */
static gboolean
holds (JsonNode *node,
       GType     type)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == type;
}

gpointer
dg_record_from_json (const DgRecordShape *shape,
                     JsonObject          *object)
{
  gpointer record = g_malloc0 (shape->size);

  for (guint i = 0; i < shape->n_members; i++)
    {
      const DgRecordMember *m = &shape->members[i];
      JsonNode *node;

      if (m->member == NULL)
        {
          /* Filled apart; a list or a vector is never NULL all the same. */
          if (m->kind == DG_RECORD_LIST)
            AT (record, m, GPtrArray *) = g_ptr_array_new ();
          else if (m->kind == DG_RECORD_STRV)
            AT (record, m, GStrv) = g_new0 (char *, 1);
          continue;
        }
      node = node_at (object, m->member);
      switch (m->kind)
        {
        case DG_RECORD_TEXT:
        case DG_RECORD_TEXT_OR_EMPTY:
          if (holds (node, G_TYPE_STRING))
            AT (record, m, char *) = g_strdup (json_node_get_string (node));
          else if (m->kind == DG_RECORD_TEXT_OR_EMPTY)
            AT (record, m, char *) = g_strdup ("");
          break;
        case DG_RECORD_INT:
          if (holds (node, G_TYPE_INT64))
            AT (record, m, gint64) = json_node_get_int (node);
          break;
        case DG_RECORD_DOUBLE:
          if (holds (node, G_TYPE_DOUBLE) || holds (node, G_TYPE_INT64))
            AT (record, m, double) = json_node_get_double (node);
          break;
        case DG_RECORD_BOOL:
          if (holds (node, G_TYPE_BOOLEAN))
            AT (record, m, gboolean) = json_node_get_boolean (node);
          break;
        case DG_RECORD_STRV:
          AT (record, m, GStrv) = texts_of (node);
          break;
        case DG_RECORD_LIST:
          AT (record, m, GPtrArray *) =
            dg_record_list_from_json (m->shape, NULL,
                                      node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL);
          break;
        case DG_RECORD_OBJECT:
          if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
            AT (record, m, gpointer) = dg_record_from_json (m->shape, json_node_get_object (node));
          break;
        default:
          g_assert_not_reached ();
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
