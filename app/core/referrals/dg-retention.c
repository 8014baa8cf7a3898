/* Retention schedules, legal holds, the disposal queue and its approvals
 * (schema 21). The disposal itself is dg-disposal.c. */

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "dg-retention.h"
#include "dg-error.h"
#include "dg-referrals.h"

JsonArray *
dg_retention_schedules (DgDb    *db,
                        GError **error)
{
  static const char * const members[] = { "record_type", "basis", "years", "updated_by", "updated_at", NULL };
  g_auto(DgDbSnapshot) read = { 0 };
  DgStmt *stmt;

  if (!dg_db_snapshot (db, &read, error))
    return NULL;
  stmt = dg_db_prepare (db, "SELECT record_type, basis, CAST (years AS text), updated_by, updated_at "
                            "FROM retention_schedule ORDER BY record_type", error);
  return stmt ? dg_db_rows (db, stmt, members, error) : NULL;
}

gboolean
dg_retention_set (DgDb        *db,
                  const char  *record_type,
                  const char  *period,
                  GError     **error)
{
  g_auto(DgDbWrite) write = { 0 };
  g_autofree char *now = NULL;
  char *end = NULL;
  gint64 years, before = 0;
  DgStmt *stmt;

  if (g_strcmp0 (record_type, "nfa") != 0 && g_strcmp0 (record_type, "child-protection") != 0)
    {
      dg_error_set_field (error, DG_ERROR_INVALID, "type", record_type,
                          g_strcmp0 (record_type, "audit") == 0
                          ? _("The audit is kept as long as the record it describes")
                          : _("Not a record type: nfa or child-protection"));
      return FALSE;
    }
  years = period ? g_ascii_strtoll (period, &end, 10) : 0;
  if (end != NULL && (*end == 'y' || *end == 'Y'))
    end++;
  if (period == NULL || end == period || *end != '\0' || years < 1 || years > 150)
    {
      dg_error_set_field (error, DG_ERROR_INVALID, "period", period, _("A number of years from 1 to 150, such as 25y"));
      return FALSE;
    }
  if (!dg_db_write (db, &write, error))
    return FALSE;
  stmt = dg_db_query (db, "SELECT years FROM retention_schedule WHERE record_type = ?1", error, DG_TEXT (record_type));
  if (!dg_db_step_int64 (db, stmt, &before, error))
    return FALSE;
  now = dg_db_now_string (db);
  return dg_db_run (db, "UPDATE retention_schedule SET years = ?2, updated_by = ?3, updated_at = ?4 WHERE record_type = ?1",
                    error, DG_TEXT (record_type), DG_INT (years), DG_TEXT (dg_db_get_actor (db)), DG_TEXT (now)) &&
         dg_db_audit_printf (db, "retention", 0, "schedule", error,
                             "{\"record_type\":\"%s\",\"years\":{\"before\":%" G_GINT64_FORMAT ",\"after\":%" G_GINT64_FORMAT "}}",
                             record_type, before, years) &&
         dg_db_commit (db, error);
}

static gboolean
valid_date (const char *text)
{
  g_autoptr(GDateTime) dt = NULL;
  g_autofree char *iso = NULL;

  if (text == NULL || strlen (text) != 10)
    return FALSE;
  iso = g_strconcat (text, "T00:00:00Z", NULL);
  dt = g_date_time_new_from_iso8601 (iso, NULL);
  return dt != NULL;
}

gint64
dg_retention_hold_add (DgDb        *db,
                       const char  *kind,
                       const char  *name,
                       gint64       referral_id,
                       const char  *child_name,
                       const char  *from,
                       const char  *to,
                       const char  *reason,
                       GError     **error)
{
  g_auto(DgDbWrite) write = { 0 };
  g_autofree char *now = NULL, *key = NULL;
  gint64 id = 0, found = 0;
  DgStmt *stmt;

  if (g_strcmp0 (kind, "referral") != 0 && g_strcmp0 (kind, "child") != 0 && g_strcmp0 (kind, "inquiry") != 0)
    return dg_error_set_field (error, DG_ERROR_INVALID, "kind", kind, _("Not a kind of hold: referral, child or inquiry")), 0;
  if (name == NULL || strspn (name, " \t\n") == strlen (name))
    return dg_error_set_field (error, DG_ERROR_INVALID, "name", NULL, _("Required")), 0;
  if (reason == NULL || *reason == '\0')
    return dg_error_set_field (error, DG_ERROR_INVALID, "reason", NULL, _("Required")), 0;
  if (g_strcmp0 (kind, "child") == 0)
    {
      key = child_name ? dg_name_fold (child_name) : NULL;
      if (key == NULL || *key == '\0')
        return dg_error_set_field (error, DG_ERROR_INVALID, "child-name", NULL, _("Required")), 0;
    }
  if (g_strcmp0 (kind, "inquiry") == 0)
    {
      if (from != NULL && !valid_date (from))
        return dg_error_set_field (error, DG_ERROR_INVALID, "from", from, _("Not a date (YYYY-MM-DD)")), 0;
      if (to != NULL && !valid_date (to))
        return dg_error_set_field (error, DG_ERROR_INVALID, "to", to, _("Not a date (YYYY-MM-DD)")), 0;
      if (from != NULL && to != NULL && strcmp (from, to) > 0)
        return dg_error_set_field (error, DG_ERROR_INVALID, "to", to, _("Before the first day")), 0;
    }
  if (!dg_db_write (db, &write, error))
    return 0;
  if (g_strcmp0 (kind, "referral") == 0)
    {
      stmt = dg_db_query (db, "SELECT count (*) FROM referral WHERE id = ?1", error, DG_INT (referral_id));
      if (!dg_db_step_int64 (db, stmt, &found, error))
        return 0;
      if (found == 0)
        return dg_error_set_field (error, DG_ERROR_NOT_FOUND, "referral", NULL, _("No such referral")), 0;
    }
  now = dg_db_now_string (db);
  stmt = dg_db_query (db, "INSERT INTO retention_hold (kind, name, referral_id, name_key, from_date, to_date, reason, "
                          "                            created_by, created_at) "
                          "VALUES (?1, ?2, CASE WHEN ?1 = 'referral' THEN ?3 END, ?4, ?5, ?6, ?7, ?8, ?9) RETURNING id",
                      error, DG_TEXT (kind), DG_TEXT (name), DG_INT (referral_id), DG_TEXT (key),
                      DG_TEXT (from), DG_TEXT (to), DG_TEXT (reason), DG_TEXT (dg_db_get_actor (db)), DG_TEXT (now));
  if (!dg_db_step_int64 (db, stmt, &id, error))
    return 0;
  if (!dg_db_audit_printf (db, "retention", id, "hold", error, "{\"kind\":\"%s\",\"referral\":%" G_GINT64_FORMAT "}",
                           kind, g_strcmp0 (kind, "referral") == 0 ? referral_id : 0) ||
      !dg_db_commit (db, error))
    return 0;
  return id;
}

gboolean
dg_retention_hold_release (DgDb    *db,
                           gint64   id,
                           GError **error)
{
  g_auto(DgDbWrite) write = { 0 };
  g_autofree char *now = dg_db_now_string (db);

  if (!dg_db_write (db, &write, error) ||
      !dg_db_run (db, "UPDATE retention_hold SET released_by = ?2, released_at = ?3 WHERE id = ?1 AND released_at IS NULL",
                  error, DG_INT (id), DG_TEXT (dg_db_get_actor (db)), DG_TEXT (now)))
    return FALSE;
  if (dg_db_changes (db) == 0)
    return dg_error_set_field (error, DG_ERROR_NOT_FOUND, "id", NULL, _("No such hold in force")), FALSE;
  return dg_db_audit (db, "retention", id, "release", NULL, error) && dg_db_commit (db, error);
}

JsonArray *
dg_retention_holds (DgDb    *db,
                    GError **error)
{
  static const char * const members[] = { "id", "kind", "name", "referral_id", "from", "to", "reason",
                                          "created_by", "created_at", NULL };
  g_auto(DgDbSnapshot) read = { 0 };
  DgStmt *stmt;

  if (!dg_db_snapshot (db, &read, error))
    return NULL;
  stmt = dg_db_query (db, "SELECT CAST (id AS text), kind, name, CAST (referral_id AS text), from_date, to_date, reason, "
                          "       created_by, created_at FROM retention_hold WHERE released_at IS NULL AND id > ?1 ORDER BY id",
                      error, DG_INT (0));
  return stmt ? dg_db_rows (db, stmt, members, error) : NULL;
}

/* Every decided referral under no hold, with what its due date counts
 * from: its record type, the youngest child's date of birth (NULL when
 * any child has none) and its last contact. */
#define CANDIDATES_SQL \
  "SELECT r.id, r.reference, CASE WHEN d.outcome = 'nfa' THEN 'nfa' ELSE 'child-protection' END, " \
  "       (SELECT CASE WHEN count (*) = count (c.dob) THEN max (c.dob) END FROM child c WHERE c.referral_id = r.id), " \
  "       (SELECT max (x.at) FROM (SELECT r.received_at AS at " \
  "                                UNION ALL SELECT d.decided_at " \
  "                                UNION ALL SELECT m.held_at FROM meeting m WHERE m.referral_id = r.id " \
  "                                UNION ALL SELECT e.held_at FROM cp_event e WHERE e.referral_id = r.id " \
  "                                UNION ALL SELECT n.sent_at FROM notification n WHERE n.referral_id = r.id) x) " \
  "FROM referral r JOIN decision d ON d.referral_id = r.id " \
  "WHERE (?1 = 0 OR r.id = ?1) AND NOT EXISTS (" \
  "  SELECT 1 FROM retention_hold h WHERE h.released_at IS NULL AND (" \
  "    (h.kind = 'referral' AND h.referral_id = r.id) " \
  "    OR (h.kind = 'child' AND EXISTS (SELECT 1 FROM child c WHERE c.referral_id = r.id AND c.name_key = h.name_key)) " \
  "    OR (h.kind = 'inquiry' AND (h.from_date IS NULL OR substr (r.received_at, 1, 10) >= h.from_date) " \
  "                           AND (h.to_date IS NULL OR substr (r.received_at, 1, 10) <= h.to_date)))) " \
  "ORDER BY r.id"

/* @from (a date or a time) plus @years, as YYYY-MM-DD; NULL without @from. */
static char *
add_years (const char *from,
           gint64      years)
{
  GDate date;
  char out[16];

  if (from == NULL || strlen (from) < 10)
    return NULL;
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, (GDateDay) g_ascii_strtoll (from + 8, NULL, 10),
                  (GDateMonth) g_ascii_strtoll (from + 5, NULL, 10), (GDateYear) g_ascii_strtoll (from, NULL, 10));
  if (!g_date_valid (&date))
    return NULL;
  g_date_add_years (&date, (guint) years);
  g_date_strftime (out, sizeof out, "%Y-%m-%d", &date);
  return g_strdup (out);
}

static gboolean
add_approvals (DgDb        *db,
               JsonObject  *entry,
               GError     **error)
{
  JsonArray *approvals = json_array_new ();
  gboolean has_row = FALSE;
  DgStmt *stmt;

  json_object_set_array_member (entry, "approvals", approvals);
  stmt = dg_db_query (db, "SELECT approver FROM retention_approval WHERE referral_id = ?1 ORDER BY approved_at, approver",
                      error, DG_INT (json_object_get_int_member (entry, "id")));
  if (stmt == NULL)
    return FALSE;
  while (dg_db_step (db, stmt, &has_row, error) && has_row)
    json_array_add_string_element (approvals, dg_stmt_column_text (stmt, 0));
  dg_stmt_reset (stmt);
  return error == NULL || *error == NULL;
}

/* The queue, or the one entry of @referral_id (0: all), read inside the
 * caller's snapshot or transaction. */
static JsonArray *
queue_of (DgDb     *db,
          gint64    referral_id,
          GError  **error)
{
  g_autoptr(JsonArray) queue = json_array_new ();
  g_autofree char *now = dg_db_now_string (db);
  gint64 years_nfa = 0, years_cp = 0;
  gboolean has_row = FALSE;
  DgStmt *stmt;

  stmt = dg_db_query (db, "SELECT years FROM retention_schedule WHERE record_type = ?1", error, DG_TEXT ("nfa"));
  if (!dg_db_step_int64 (db, stmt, &years_nfa, error))
    return NULL;
  stmt = dg_db_query (db, "SELECT years FROM retention_schedule WHERE record_type = ?1", error, DG_TEXT ("child-protection"));
  if (!dg_db_step_int64 (db, stmt, &years_cp, error))
    return NULL;
  stmt = dg_db_query (db, CANDIDATES_SQL, error, DG_INT (referral_id));
  if (stmt == NULL)
    return NULL;
  while (dg_db_step (db, stmt, &has_row, error) && has_row)
    {
      const char *type = dg_stmt_column_text (stmt, 2);
      gboolean nfa = g_strcmp0 (type, "nfa") == 0;
      g_autofree char *due = add_years (dg_stmt_column_text (stmt, nfa ? 3 : 4), nfa ? years_nfa : years_cp);
      JsonObject *entry;

      if (due == NULL || strncmp (due, now, 10) > 0)
        continue;
      entry = json_object_new ();
      json_object_set_int_member (entry, "id", dg_stmt_column_int64 (stmt, 0));
      json_object_set_string_member (entry, "reference", dg_stmt_column_text (stmt, 1));
      json_object_set_string_member (entry, "record_type", type);
      json_object_set_string_member (entry, "due", due);
      json_array_add_object_element (queue, entry);
    }
  dg_stmt_reset (stmt);
  if (error != NULL && *error != NULL)
    return NULL;
  for (guint i = 0; i < json_array_get_length (queue); i++)
    if (!add_approvals (db, json_array_get_object_element (queue, i), error))
      return NULL;
  return g_steal_pointer (&queue);
}

static gint
by_due (gconstpointer a,
        gconstpointer b)
{
  JsonObject *x = json_node_get_object ((JsonNode *) a), *y = json_node_get_object ((JsonNode *) b);
  int c = strcmp (json_object_get_string_member (x, "due"), json_object_get_string_member (y, "due"));

  return c != 0 ? c : (json_object_get_int_member (x, "id") < json_object_get_int_member (y, "id") ? -1 : 1);
}

JsonArray *
dg_retention_queue (DgDb    *db,
                    GError **error)
{
  g_auto(DgDbSnapshot) read = { 0 };
  g_autoptr(JsonArray) queue = NULL;
  JsonArray *sorted;
  GList *nodes;

  if (!dg_db_snapshot (db, &read, error))
    return NULL;
  queue = queue_of (db, 0, error);
  if (queue == NULL)
    return NULL;
  sorted = json_array_new ();
  nodes = g_list_sort (json_array_get_elements (queue), by_due);
  for (GList *l = nodes; l != NULL; l = l->next)
    json_array_add_element (sorted, json_node_copy (l->data));
  g_list_free (nodes);
  return sorted;
}

JsonObject *
dg_retention_queued (DgDb    *db,
                     gint64   referral_id,
                     GError **error)
{
  g_autoptr(JsonArray) one = queue_of (db, referral_id, error);

  if (one == NULL)
    return NULL;
  if (json_array_get_length (one) == 0)
    {
      dg_error_set_field (error, DG_ERROR_INVALID, "id", NULL,
                          _("Not due for disposal: not decided, not due under the schedule, or under a legal hold"));
      return NULL;
    }
  return json_object_ref (json_array_get_object_element (one, 0));
}

int
dg_retention_approve (DgDb    *db,
                      gint64   referral_id,
                      GError **error)
{
  g_auto(DgDbWrite) write = { 0 };
  g_autoptr(JsonObject) entry = NULL;
  g_autofree char *now = NULL;
  const char *actor = dg_db_get_actor (db);
  JsonArray *approvals;

  if (!dg_db_write (db, &write, error))
    return -1;
  entry = dg_retention_queued (db, referral_id, error);
  if (entry == NULL)
    return -1;
  approvals = json_object_get_array_member (entry, "approvals");
  for (guint i = 0; i < json_array_get_length (approvals); i++)
    if (g_strcmp0 (json_array_get_string_element (approvals, i), actor) == 0)
      {
        dg_error_set_field (error, DG_ERROR_INVALID, "approver", actor,
                            _("Already approved by this person: a second, different person must approve"));
        return -1;
      }
  now = dg_db_now_string (db);
  if (!dg_db_run (db, "INSERT INTO retention_approval (referral_id, approver, approved_at) VALUES (?1, ?2, ?3)",
                  error, DG_INT (referral_id), DG_TEXT (actor), DG_TEXT (now)) ||
      !dg_db_audit_printf (db, "retention", referral_id, "approve", error, "{\"reference\":\"%s\",\"approval\":%u}",
                           json_object_get_string_member (entry, "reference"), json_array_get_length (approvals) + 1) ||
      !dg_db_commit (db, error))
    return -1;
  return (int) json_array_get_length (approvals) + 1;
}
