#include "config.h"

#include "dg-snapshot.h"
#include "dg-service-private.h"

/* Snapshots of the figures as submitted, and what has changed since. */

typedef struct
{
  char *name, *from, *to;
} Snapshot;

static void
snapshot_free (Snapshot *s)
{
  g_free (s->name);
  g_free (s->from);
  g_free (s->to);
  g_free (s);
}

static Snapshot *
snapshot_new (const char *name,
              const char *from,
              const char *to)
{
  Snapshot *s = g_new0 (Snapshot, 1);

  s->name = g_strdup (name);
  s->from = g_strdup (from);
  s->to = g_strdup (to);
  return s;
}

static gboolean
save_op (DgDb *db, gpointer data, GValue *result, GError **error)
{
  Snapshot *s = data;
  g_autoptr(JsonObject) saved = dg_snapshot_save (db, s->name, s->from, s->to, error);

  if (saved == NULL)
    return FALSE;
  /* The node holds its own reference to the object. */
  return dg_service_return_record (result, json_node_init_object (json_node_alloc (), saved),
                                   &dg_snapshot_shape, DG_TYPE_SNAPSHOT);
}

void
dg_service_snapshot_save_async (DgService           *self,
                                const char          *name,
                                const char          *from,
                                const char          *to,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  dg_service_run (self, dg_service_snapshot_save_async, save_op, DG_SERVICE_ANNOUNCED, 0,
                  snapshot_new (name, from, to), (GDestroyNotify) snapshot_free, NULL, callback, user_data);
}

DG_SERVICE_DEFINE_FINISH (snapshot_save, DgSnapshot *, dg_service_finish_boxed)

static gboolean
list_op (DgDb *db, gpointer data, GValue *result, GError **error)
{
  return dg_service_return_records (result, dg_snapshot_list (db, error),
                                    &dg_snapshot_shape, (GDestroyNotify) dg_snapshot_free);
}

void
dg_service_snapshots_async (DgService           *self,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  dg_service_run (self, dg_service_snapshots_async, list_op, DG_SERVICE_QUIET, 0,
                  NULL, NULL, cancellable, callback, user_data);
}

DG_SERVICE_DEFINE_FINISH (snapshots, GPtrArray *, dg_service_finish_boxed)

/* A number of the difference as the window shows it: "" where the row was
 * not there, a share as a percentage. */
static void
set_text (JsonObject *change,
          const char *member,
          const char *text_member)
{
  JsonNode *n = json_object_get_member (change, member);
  g_autofree char *text = NULL;

  if (n == NULL || JSON_NODE_HOLDS_NULL (n))
    text = g_strdup ("");
  else if (json_node_get_value_type (n) == G_TYPE_DOUBLE)
    text = g_strdup_printf ("%.1f%%", 100 * json_node_get_double (n));
  else
    text = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (n));
  json_object_set_string_member (change, text_member, text);
}

static gboolean
diff_op (DgDb *db, gpointer data, GValue *result, GError **error)
{
  Snapshot *s = data;
  JsonNode *node = dg_snapshot_diff (db, s->name, error);
  JsonArray *figures;

  if (node == NULL)
    return FALSE;
  figures = json_object_get_array_member (json_node_get_object (node), "figures");
  for (guint i = 0; i < json_array_get_length (figures); i++)
    {
      JsonObject *change = json_array_get_object_element (figures, i);

      set_text (change, "then", "then_text");
      set_text (change, "now", "now_text");
    }
  return dg_service_return_record (result, node, &dg_snapshot_diff_shape, DG_TYPE_SNAPSHOT_DIFF);
}

void
dg_service_snapshot_diff_async (DgService           *self,
                                const char          *name,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  dg_service_run (self, dg_service_snapshot_diff_async, diff_op, DG_SERVICE_QUIET, 0,
                  snapshot_new (name, NULL, NULL), (GDestroyNotify) snapshot_free, cancellable, callback, user_data);
}

DG_SERVICE_DEFINE_FINISH (snapshot_diff, DgSnapshotDiff *, dg_service_finish_boxed)
