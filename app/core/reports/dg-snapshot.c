/* Snapshots: a period's figures saved as submitted, and what has changed
 * since (schema 18). */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "dg-error.h"
#include "dg-json.h"
#include "dg-performance.h"
#include "dg-snapshot.h"
#include "dg-time.h"

#define SNAPSHOT_COLUMNS "name, from_day, to_day, saved_by, saved_at, checksum"

static const char * const snapshot_members[] = { "name", "from", "to", "saved_by", "saved_at", "checksum", NULL };

static char *
checksum_of (const char *figures)
{
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, figures, -1);
}

/* The snapshot called @name (its members, then "figures" and "audit_id"
 * when @full), or %NULL with a refusal naming the field. */
static JsonObject *
find (DgDb        *db,
      const char  *name,
      gboolean     full,
      GError     **error)
{
  JsonObject *o;
  DgStmt *stmt;

  stmt = dg_db_query (db, "SELECT " SNAPSHOT_COLUMNS ", figures, audit_id FROM report_snapshot WHERE name = ?1",
                      error, DG_TEXT (name));
  if (stmt == NULL ||
      !dg_db_step_row (db, stmt, error, DG_ERROR_NOT_FOUND, "name", _("No snapshot is called “%s”"), name))
    return NULL;
  o = json_object_new ();
  dg_stmt_set_members (stmt, 0, snapshot_members, o);
  if (full)
    {
      json_object_set_string_member (o, "figures", dg_stmt_column_text (stmt, 6));
      json_object_set_int_member (o, "audit_id", dg_stmt_column_int64 (stmt, 7));
    }
  dg_stmt_reset (stmt);
  return o;
}

JsonObject *
dg_snapshot_save (DgDb        *db,
                  const char  *name,
                  const char  *from,
                  const char  *to,
                  GError     **error)
{
  g_auto(DgDbWrite) write = { 0 };
  g_autoptr(JsonNode) report = NULL;
  g_autofree char *figures = NULL, *checksum = NULL, *now = NULL, *trimmed = NULL;
  gint64 audit_id = 0, exists = 0;
  DgStmt *stmt;

  g_return_val_if_fail (DG_IS_DB (db), NULL);

  trimmed = g_strstrip (g_strdup (name ? name : ""));
  if (*trimmed == '\0')
    {
      dg_error_set_field (error, DG_ERROR_INVALID, "name", NULL, _("Required: the name the figures were submitted under"));
      return NULL;
    }
  if (g_utf8_strlen (trimmed, -1) > 200)
    {
      dg_error_set_field (error, DG_ERROR_INVALID, "name", NULL, _("At most 200 characters"));
      return NULL;
    }
  if (!dg_db_write (db, &write, error))
    return NULL;
  stmt = dg_db_query (db, "SELECT count (*) FROM report_snapshot WHERE name = ?1", error, DG_TEXT (trimmed));
  if (!dg_db_step_int64 (db, stmt, &exists, error))
    return NULL;
  if (exists)
    {
      dg_error_set_field (error, DG_ERROR_INVALID, "name", trimmed,
                          _("A snapshot called “%s” is already saved; a saved snapshot is never replaced"), trimmed);
      return NULL;
    }
  /* Read inside the write: what is saved is exactly what the records held
   * up to the last audit row before it. */
  report = dg_performance_report (db, from, to, error);
  if (report == NULL)
    return NULL;
  figures = json_to_string (report, FALSE);
  checksum = checksum_of (figures);
  now = dg_db_now_string (db);
  stmt = dg_db_prepare (db, "SELECT coalesce (max (id), 0) FROM audit", error);
  if (!dg_db_step_int64 (db, stmt, &audit_id, error) ||
      !dg_db_run (db,
                  "INSERT INTO report_snapshot (name, from_day, to_day, figures, checksum, audit_id, saved_by, saved_at) "
                  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                  error, DG_TEXT (trimmed), DG_TEXT (from), DG_TEXT (to), DG_TEXT (figures), DG_TEXT (checksum),
                  DG_INT (audit_id), DG_TEXT (dg_db_get_actor (db)), DG_TEXT (now)) ||
      !dg_db_audit_printf (db, "snapshot", audit_id, "save", error,
                           "{\"from\":\"%s\",\"to\":\"%s\",\"checksum\":\"%s\"}", from, to, checksum) ||
      !dg_db_commit (db, error))
    return NULL;
  return find (db, trimmed, FALSE, error);
}

JsonArray *
dg_snapshot_list (DgDb    *db,
                  GError **error)
{
  DgStmt *stmt;

  g_return_val_if_fail (DG_IS_DB (db), NULL);

  stmt = dg_db_prepare (db, "SELECT " SNAPSHOT_COLUMNS " FROM report_snapshot ORDER BY saved_at DESC, id DESC", error);
  return stmt != NULL ? dg_db_rows (db, stmt, snapshot_members, error) : NULL;
}

/* A row of a breakdown is named by its clock, then its other text members
 * ("agency", "month" …) in the order of their names; not by its quantity
 * word, which follows from the numbers. */
static char *
row_key (JsonObject *row)
{
  g_autoptr(GString) key = g_string_new (json_object_get_string_member_with_default (row, "clock", ""));
  g_autoptr(GList) members = g_list_sort (json_object_get_members (row), (GCompareFunc) g_strcmp0);

  for (GList *l = members; l != NULL; l = l->next)
    {
      JsonNode *value = json_object_get_member (row, l->data);

      if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING &&
          !g_str_equal (l->data, "word") && !g_str_equal (l->data, "clock"))
        g_string_append_printf (key, "%s%s", key->len ? "/" : "", json_node_get_string (value));
    }
  return g_string_free (g_steal_pointer (&key), FALSE);
}

/* Every number in @node into @numbers (path → double *), by path. */
static void
flatten (JsonNode   *node,
         const char *path,
         GHashTable *numbers)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObjectIter iter;
      const char *member;
      JsonNode *value;

      json_object_iter_init (&iter, json_node_get_object (node));
      while (json_object_iter_next (&iter, &member, &value))
        {
          g_autofree char *inner = *path ? g_strconcat (path, "/", member, NULL) : g_strdup (member);

          flatten (value, inner, numbers);
        }
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);
          g_autofree char *key = JSON_NODE_HOLDS_OBJECT (element) ? row_key (json_node_get_object (element))
                                                                  : g_strdup_printf ("%u", i);
          g_autofree char *inner = g_strconcat (path, "/", key, NULL);

          flatten (element, inner, numbers);
        }
    }
  else if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) != G_TYPE_STRING &&
           json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    {
      double *number = g_new (double, 1);

      *number = json_node_get_double (node);
      g_hash_table_insert (numbers, g_strdup (path), number);
    }
}

static void
set_number (JsonObject   *o,
            const char   *member,
            const double *number)
{
  if (number == NULL)
    json_object_set_null_member (o, member);
  else if (*number == (double) (gint64) *number)
    json_object_set_int_member (o, member, (gint64) *number);
  else
    json_object_set_double_member (o, member, *number);
}

/* The headline figures first, then the breakdowns, each in path order. */
static int
section_rank (const char *path)
{
  static const char * const sections[] = { "clocks/", "meetings/", "chased/", "disagreements/",
                                           "by_agency/", "by_school/", "by_month/" };

  for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
    if (g_str_has_prefix (path, sections[i]))
      return i;
  return G_N_ELEMENTS (sections);
}

static int
compare_paths (gconstpointer a,
               gconstpointer b)
{
  const char *x = *(const char * const *) a, *y = *(const char * const *) b;
  int by_rank = section_rank (x) - section_rank (y);

  return by_rank != 0 ? by_rank : g_strcmp0 (x, y);
}

/* The numbers that differ between @then and @now, by path. */
static JsonArray *
differences (JsonNode *then,
             JsonNode *now)
{
  g_autoptr(GHashTable) before = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GHashTable) after = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GHashTable) paths = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree gpointer *keys = NULL;
  JsonArray *changed = json_array_new ();
  GHashTableIter iter;
  gpointer key;
  guint n = 0;

  flatten (then, "", before);
  flatten (now, "", after);
  g_hash_table_iter_init (&iter, before);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_hash_table_add (paths, key);
  g_hash_table_iter_init (&iter, after);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_hash_table_add (paths, key);
  keys = g_hash_table_get_keys_as_array (paths, &n);
  qsort (keys, n, sizeof (gpointer), compare_paths);
  for (guint i = 0; i < n; i++)
    {
      const double *a = g_hash_table_lookup (before, keys[i]);
      const double *b = g_hash_table_lookup (after, keys[i]);
      JsonObject *o;

      if (a != NULL && b != NULL && *a == *b)
        continue;
      o = json_object_new ();
      json_object_set_string_member (o, "figure", keys[i]);
      set_number (o, "then", a);
      set_number (o, "now", b);
      json_array_add_object_element (changed, o);
    }
  return changed;
}

/* The audit rows after @audit_id about the referrals received in
 * [@lo, @hi], their meetings and the meetings held then, and about the
 * rules and calendar every clock counts by. */
static JsonArray *
amended_since (DgDb        *db,
               gint64       audit_id,
               const char  *lo,
               const char  *hi,
               GError     **error)
{
  static const char * const members[] = { "id", "at", "actor", "entity", "entity_id", "reference", "action", "detail", NULL };
  g_autoptr(JsonArray) rows = NULL;
  DgStmt *stmt;

  stmt = dg_db_query (db,
                      "SELECT a.id, a.at, a.actor, a.entity, a.entity_id, "
                      "       coalesce (r.reference, (SELECT rr.reference FROM meeting m JOIN referral rr ON rr.id = m.referral_id "
                      "                               WHERE a.entity = 'meeting' AND m.id = a.entity_id)), "
                      "       a.action, a.detail "
                      "FROM audit a LEFT JOIN referral r ON a.entity = 'referral' AND r.id = a.entity_id "
                      "WHERE a.id > ?1 AND ("
                      "  (a.entity = 'referral' AND r.received_at BETWEEN ?2 AND ?3) "
                      "  OR (a.entity = 'meeting' AND EXISTS (SELECT 1 FROM meeting m JOIN referral mr ON mr.id = m.referral_id "
                      "                                       WHERE m.id = a.entity_id "
                      "                                         AND (mr.received_at BETWEEN ?2 AND ?3 OR m.held_at BETWEEN ?2 AND ?3))) "
                      "  OR a.entity NOT IN ('referral', 'meeting', 'snapshot', 'outbox', 'template', 'hub', 'draft')) "
                      "ORDER BY a.id",
                      error, DG_INT (audit_id), DG_TEXT (lo), DG_TEXT (hi));
  if (stmt == NULL)
    return NULL;
  rows = dg_db_rows (db, stmt, members, error);
  if (rows == NULL)
    return NULL;
  /* Ids as numbers, as everywhere else in the CLI's JSON. */
  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonObject *o = json_array_get_object_element (rows, i);

      json_object_set_int_member (o, "id", g_ascii_strtoll (json_object_get_string_member (o, "id"), NULL, 10));
      json_object_set_int_member (o, "entity_id", g_ascii_strtoll (json_object_get_string_member (o, "entity_id"), NULL, 10));
    }
  return g_steal_pointer (&rows);
}

JsonNode *
dg_snapshot_diff (DgDb        *db,
                  const char  *name,
                  GError     **error)
{
  g_auto(DgDbSnapshot) read = { 0 };
  g_autoptr(JsonObject) snapshot = NULL;
  g_autoptr(JsonNode) then = NULL, now = NULL;
  g_autofree char *lo = NULL, *hi = NULL, *checksum = NULL;
  const char *figures, *from, *to;
  JsonArray *amended;
  JsonObject *result;

  g_return_val_if_fail (DG_IS_DB (db), NULL);

  if (name == NULL || *name == '\0')
    {
      dg_error_set_field (error, DG_ERROR_INVALID, "name", NULL, _("Required"));
      return NULL;
    }
  /* The report brings the server's totals up to date: before the read, so
   * the snapshot, the figures now and the audit rows are one moment. */
  if (!dg_performance_catch_up (db, error) || !dg_db_snapshot (db, &read, error))
    return NULL;
  snapshot = find (db, name, TRUE, error);
  if (snapshot == NULL)
    return NULL;
  figures = json_object_get_string_member (snapshot, "figures");
  from = json_object_get_string_member (snapshot, "from");
  to = json_object_get_string_member (snapshot, "to");
  checksum = checksum_of (figures);
  then = json_from_string (figures, NULL);
  if (then == NULL)
    then = json_node_init_object (json_node_alloc (), json_object_new ());
  now = dg_performance_report (db, from, to, error);
  if (now == NULL)
    return NULL;
  lo = g_strdup_printf ("%sT00:00:00", from);
  hi = g_strdup_printf ("%sT23:59:59", to);
  amended = amended_since (db, json_object_get_int_member (snapshot, "audit_id"), lo, hi, error);
  if (amended == NULL)
    return NULL;

  result = json_object_new ();
  for (guint i = 0; snapshot_members[i] != NULL; i++)
    json_object_set_string_member (result, snapshot_members[i], json_object_get_string_member (snapshot, snapshot_members[i]));
  json_object_set_boolean_member (result, "intact", g_str_equal (checksum, json_object_get_string_member (snapshot, "checksum")));
  json_object_set_array_member (result, "figures", differences (then, now));
  json_object_set_array_member (result, "amended", amended);
  json_object_set_member (result, "then", g_steal_pointer (&then));
  json_object_set_member (result, "now", g_steal_pointer (&now));
  return json_node_init_object (json_node_alloc (), result);
}
