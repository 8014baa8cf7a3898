/* The audit trail's hash chain: the links made by the database's trigger
 * (schema 19) checked here, and the trail exported with them. */

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "dg-audit.h"
#include "dg-db-internal.h"
#include "dg-file.h"

/* Rows read per statement: a server sends a whole result at once. */
#define PAGE 20000

static void
sha256_function (sqlite3_context *context,
                 int              argc,
                 sqlite3_value  **argv)
{
  const unsigned char *text = sqlite3_value_text (argv[0]);

  if (text == NULL)
    {
      sqlite3_result_null (context);
      return;
    }
  sqlite3_result_text (context,
                       g_compute_checksum_for_data (G_CHECKSUM_SHA256, text, sqlite3_value_bytes (argv[0])),
                       -1, g_free);
}

void
dg_audit_chain_register (sqlite3 *handle)
{
  sqlite3_create_function_v2 (handle, "dg_sha256", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC,
                              NULL, sha256_function, NULL, NULL, NULL);
}

static char *
sha256_of (GChecksum *sum)
{
  return g_strdup (g_checksum_get_string (sum));
}

/* The content hash of one row of the trail: the columns of ROW_SQL from
 * @first (id, at, actor, entity, entity_id, action, detail). */
static char *
content_hash_of (DgStmt *stmt,
                 int     first)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);

  for (int c = first; c < first + 7; c++)
    {
      const char *value = dg_stmt_column_text (stmt, c);

      if (c > first)
        g_checksum_update (sum, (const guchar *) "\x1f", 1);
      if (value != NULL)
        g_checksum_update (sum, (const guchar *) value, -1);
    }
  return sha256_of (sum);
}

/* A link: the hash of the previous link and the row's content hash. */
static char *
link_of (const char *prev,
         const char *content_hash)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);

  g_checksum_update (sum, (const guchar *) prev, -1);
  g_checksum_update (sum, (const guchar *) "\x1f", 1);
  g_checksum_update (sum, (const guchar *) content_hash, -1);
  return sha256_of (sum);
}

#define ROW_SQL "a.id, a.at, a.actor, a.entity, a.entity_id, a.action, a.detail, c.prev_hash, c.content_hash, c.hash " \
                "FROM audit a LEFT JOIN audit_chain c ON c.audit_id = a.id "

static void
set_broken (JsonObject *result,
            gint64      id,
            const char *reason)
{
  JsonObject *broken = json_object_new ();

  json_object_set_int_member (broken, "id", id);
  json_object_set_string_member (broken, "reason", reason);
  json_object_set_object_member (result, "broken", broken);
  json_object_set_boolean_member (result, "intact", FALSE);
}

/* What the disposals' certificates say they erased: audit id → Erasure. */
typedef struct
{
  gint64  certificate;
  char   *hash;
} Erasure;

static void
erasure_free (gpointer data)
{
  Erasure *e = data;

  g_free (e->hash);
  g_free (e);
}

static GHashTable *
erasures_read (DgDb    *db,
               GError **error)
{
  g_autoptr(GHashTable) erasures = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, erasure_free);
  gboolean has_row = FALSE;
  DgStmt *stmt;

  stmt = dg_db_prepare (db, "SELECT id, detail FROM audit WHERE entity = 'retention' AND action = 'disposed' ORDER BY id",
                        error);
  if (stmt == NULL)
    return NULL;
  while (dg_db_step (db, stmt, &has_row, error) && has_row)
    {
      g_autoptr(JsonNode) node = json_from_string (dg_stmt_column_text (stmt, 1), NULL);
      JsonObject *detail = node && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      JsonArray *erased = detail && json_object_has_member (detail, "erased")
                          ? json_object_get_array_member (detail, "erased") : NULL;

      for (guint i = 0; erased != NULL && i < json_array_get_length (erased); i++)
        {
          JsonObject *o = json_array_get_object_element (erased, i);
          Erasure *e;

          if (o == NULL || !json_object_has_member (o, "id") || !json_object_has_member (o, "hash"))
            continue;
          e = g_new0 (Erasure, 1);
          e->certificate = dg_stmt_column_int64 (stmt, 0);
          e->hash = g_strdup (json_object_get_string_member (o, "hash"));
          g_hash_table_replace (erasures, g_memdup2 (&(gint64) { json_object_get_int_member (o, "id") }, sizeof (gint64)), e);
        }
    }
  dg_stmt_reset (stmt);
  if (error != NULL && *error != NULL)
    return NULL;
  return g_steal_pointer (&erasures);
}

const char *
dg_audit_reason_label (const char *reason)
{
  if (g_strcmp0 (reason, "changed") == 0)
    return _("its content is not what was recorded");
  if (g_strcmp0 (reason, "unlinked") == 0)
    return _("it was written with the audit trail’s protection switched off");
  if (g_strcmp0 (reason, "reordered") == 0)
    return _("a row before it was removed or slipped in");
  if (g_strcmp0 (reason, "removed") == 0)
    return _("it has been deleted");
  return reason;
}

JsonObject *
dg_audit_verify (DgDb        *db,
                 gint64       head_id,
                 const char  *head_hash,
                 GError     **error)
{
  g_auto(DgDbSnapshot) read = { 0 };
  g_autoptr(JsonObject) result = json_object_new ();
  g_autofree char *prev = g_strdup (DG_AUDIT_GENESIS);
  g_autoptr(GHashTable) erasures = NULL;
  gint64 rows = 0, last = 0, broken_id = 0, removed = 0, disposed = 0;
  const char *reason = NULL;
  gboolean has_row = FALSE, more = TRUE;
  DgStmt *stmt;

  g_return_val_if_fail (DG_IS_DB (db), NULL);

  if (!dg_db_snapshot (db, &read, error))
    return NULL;
  erasures = erasures_read (db, error);
  if (erasures == NULL)
    return NULL;
  /* Every row in order, each against its link and the link before it. */
  while (more && reason == NULL)
    {
      more = FALSE;
      stmt = dg_db_query (db, "SELECT " ROW_SQL "WHERE a.id > ?1 ORDER BY a.id LIMIT " G_STRINGIFY (PAGE),
                          error, DG_INT (last));
      if (stmt == NULL)
        return NULL;
      while (reason == NULL && dg_db_step (db, stmt, &has_row, error) && has_row)
        {
          const char *prev_hash = dg_stmt_column_text (stmt, 7);
          const char *content_hash = dg_stmt_column_text (stmt, 8);
          const char *hash = dg_stmt_column_text (stmt, 9);
          g_autofree char *content = NULL, *expected = NULL;

          last = dg_stmt_column_int64 (stmt, 0);
          rows++;
          more = TRUE;
          if (hash == NULL)
            {
              reason = "unlinked";
              break;
            }
          if (g_strcmp0 (prev_hash, prev) != 0)
            {
              reason = "reordered";
              break;
            }
          content = content_hash_of (stmt, 0);
          expected = link_of (prev, content_hash);
          if (g_strcmp0 (expected, hash) != 0)
            {
              reason = "changed";
              break;
            }
          if (g_strcmp0 (content, content_hash) != 0)
            {
              /* Its detail erased by a later disposal, which recorded the
               * content hash the row has now: nothing else changed. */
              Erasure *e = g_hash_table_lookup (erasures, &last);

              if (e == NULL || e->certificate <= last || !dg_stmt_column_is_null (stmt, 6)
                  || g_strcmp0 (e->hash, content) != 0)
                {
                  reason = "changed";
                  break;
                }
              disposed++;
            }
          g_free (prev);
          prev = g_steal_pointer (&expected);
        }
      dg_stmt_reset (stmt);
      if (error != NULL && *error != NULL)
        return NULL;
    }
  if (reason != NULL)
    broken_id = last;

  /* A link whose row is gone, before whatever broke above. */
  stmt = dg_db_prepare (db, "SELECT coalesce (min (c.audit_id), 0) FROM audit_chain c "
                            "WHERE NOT EXISTS (SELECT 1 FROM audit a WHERE a.id = c.audit_id)", error);
  if (!dg_db_step_int64 (db, stmt, &removed, error))
    return NULL;
  if (removed > 0 && (broken_id == 0 || removed < broken_id))
    broken_id = removed, reason = "removed";

  /* The head remembered from an earlier check, still there as it was. */
  if (reason == NULL && head_id > 0)
    {
      g_autofree char *hash = NULL;

      stmt = dg_db_query (db, "SELECT a.id, c.hash FROM audit_chain c LEFT JOIN audit a ON a.id = c.audit_id "
                              "WHERE c.audit_id = ?1", error, DG_INT (head_id));
      if (stmt == NULL || !dg_db_step (db, stmt, &has_row, error))
        return NULL;
      if (!has_row || dg_stmt_column_is_null (stmt, 0))
        reason = "removed";
      else if (g_strcmp0 (dg_stmt_column_text (stmt, 1), head_hash) != 0)
        reason = "changed";
      dg_stmt_reset (stmt);
      if (reason != NULL)
        broken_id = head_id;
    }

  json_object_set_int_member (result, "rows", rows);
  json_object_set_int_member (result, "disposed", disposed);
  json_object_set_boolean_member (result, "intact", reason == NULL);
  if (reason != NULL)
    set_broken (result, broken_id, reason);
  else if (rows > 0)
    {
      JsonObject *head = json_object_new ();

      json_object_set_int_member (head, "id", last);
      json_object_set_string_member (head, "hash", prev);
      json_object_set_object_member (result, "head", head);
    }
  return g_steal_pointer (&result);
}

gint64
dg_audit_export (DgDb        *db,
                 const char  *path,
                 GError     **error)
{
  static const char * const members[] = { "id", "at", "actor", "entity", "entity_id", "action", "detail",
                                          "prev_hash", "content_hash", "hash" };
  g_auto(DgDbSnapshot) read = { 0 };
  g_autoptr(GString) out = g_string_new ("[");
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  gint64 rows = 0, last = 0;
  gboolean has_row = FALSE, more = TRUE;
  DgStmt *stmt;

  g_return_val_if_fail (DG_IS_DB (db), -1);

  if (!dg_file_check_target (path, error))
    {
      dg_error_name_field (error, "output");
      return -1;
    }
  if (!dg_db_snapshot (db, &read, error))
    return -1;
  while (more)
    {
      more = FALSE;
      stmt = dg_db_query (db, "SELECT " ROW_SQL "WHERE a.id > ?1 ORDER BY a.id LIMIT " G_STRINGIFY (PAGE),
                          error, DG_INT (last));
      if (stmt == NULL)
        return -1;
      while (dg_db_step (db, stmt, &has_row, error) && has_row)
        {
          g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
          JsonObject *o = json_object_new ();

          for (guint c = 0; c < G_N_ELEMENTS (members); c++)
            {
              if (c == 0 || c == 4)
                json_object_set_int_member (o, members[c], dg_stmt_column_int64 (stmt, c));
              else if (dg_stmt_column_is_null (stmt, c))
                json_object_set_null_member (o, members[c]);
              else
                json_object_set_string_member (o, members[c], dg_stmt_column_text (stmt, c));
            }
          g_autofree char *text = NULL;

          json_node_take_object (node, o);
          json_generator_set_root (generator, node);
          text = json_generator_to_data (generator, NULL);
          g_string_append (out, rows > 0 ? ",\n" : "\n");
          g_string_append (out, text);
          last = dg_stmt_column_int64 (stmt, 0);
          rows++;
          more = TRUE;
        }
      dg_stmt_reset (stmt);
      if (error != NULL && *error != NULL)
        return -1;
    }
  g_string_append (out, "\n]\n");
  if (!dg_file_write (path, out->str, out->len, error))
    {
      dg_error_name_field (error, "output");
      return -1;
    }
  return rows;
}

JsonArray *
dg_audit_erase (DgDb    *db,
                GArray  *ids,
                GError **error)
{
  g_autoptr(JsonArray) erased = json_array_new ();

  for (guint i = 0; i < ids->len; i++)
    {
      gint64 id = g_array_index (ids, gint64, i);
      g_autofree char *hash = NULL;
      gboolean has_row = FALSE;
      DgStmt *stmt;
      JsonObject *o;

      stmt = dg_db_query (db, "SELECT a.id, a.at, a.actor, a.entity, a.entity_id, a.action, CAST (NULL AS text) "
                              "FROM audit a WHERE a.id = ?1", error, DG_INT (id));
      if (stmt == NULL || !dg_db_step (db, stmt, &has_row, error))
        return NULL;
      if (has_row)
        hash = content_hash_of (stmt, 0);
      dg_stmt_reset (stmt);
      if (hash == NULL || !dg_db_run (db, "INSERT INTO disposal_erase (audit_id) VALUES (?1)", error, DG_INT (id)))
        continue;
      o = json_object_new ();
      json_object_set_int_member (o, "id", id);
      json_object_set_string_member (o, "hash", hash);
      json_array_add_object_element (erased, o);
    }
  if (error != NULL && *error != NULL)
    return NULL;
  if (!dg_db_run (db, "UPDATE audit SET detail = NULL WHERE id IN (SELECT audit_id FROM disposal_erase) AND ?1 = 1",
                  error, DG_INT (1)) ||
      !dg_db_run (db, "DELETE FROM disposal_erase WHERE ?1 = 1", error, DG_INT (1)))
    return NULL;
  return g_steal_pointer (&erased);
}
