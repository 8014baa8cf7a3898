#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>

#include "dg-access.h"
#include "dg-referrals-private.h"
#include "dg-time.h"

/* The view log (issue 25). An opening is one audit row, action "view",
 * written in its own short write transaction: one INSERT per opening (the
 * GUI logs a referral when it is opened, not when the detail reloads after
 * a change, see dg_service_open_async ()). The trail's hash chain covers
 * views as every other row. */

static char *
reason_detail (const char *reason)
{
  g_autoptr(JsonBuilder) b = NULL;
  g_autoptr(JsonNode) node = NULL;

  if (reason == NULL || *reason == '\0')
    return NULL;
  b = json_builder_new ();
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "reason");
  json_builder_add_string_value (b, reason);
  json_builder_end_object (b);
  node = json_builder_get_root (b);
  return json_to_string (node, FALSE);
}

static gboolean
is_restricted (DgDb     *db,
               gint64    id,
               gboolean *restricted,
               GError  **error)
{
  DgStmt *stmt = dg_db_query (db, "SELECT 1 FROM referral_restriction WHERE referral_id = ?1", error, DG_INT (id));

  return stmt != NULL && dg_db_step (db, stmt, restricted, error);
}

JsonNode *
dg_referral_open (DgDb        *db,
                  gint64       id,
                  const char  *reason,
                  GError     **error)
{
  g_auto(DgDbWrite) write = { 0 };
  g_autofree char *detail = NULL;
  g_autofree char *trimmed = g_strstrip (g_strdup (reason ? reason : ""));
  g_autoptr(JsonNode) node = NULL;
  gboolean restricted = FALSE;

  g_return_val_if_fail (DG_IS_DB (db), NULL);

  if (!dg_db_write (db, &write, error) || !is_restricted (db, id, &restricted, error))
    return NULL;
  if (restricted && *trimmed == '\0')
    {
      dg_error_set_field (error, DG_ERROR_INVALID, "reason", NULL,
                          _("This is a restricted record: give a reason to open it, which is logged"));
      return NULL;
    }
  detail = reason_detail (trimmed);
  if (restricted && dg_db_is_postgres (db))
    {
      /* The server logs it and lets this login read the row. */
      g_autofree char *now = dg_db_now_string (db);
      DgStmt *stmt = dg_db_query (db, "SELECT dg_break_glass (?1, ?2, ?3, ?4)", error,
                                  DG_INT (id), DG_TEXT (trimmed), DG_TEXT (dg_db_get_actor (db)), DG_TEXT (now));
      gboolean row = FALSE;

      if (stmt == NULL || !dg_db_step (db, stmt, &row, error))
        return NULL;
      dg_stmt_reset (stmt);
    }
  else if (!dg_db_audit (db, "referral", id, "view", detail, error))
    return NULL;

  node = dg_referral_show (db, id, error);
  if (node == NULL || !dg_db_commit (db, error))
    return NULL;
  return g_steal_pointer (&node);
}

JsonNode *
dg_referral_restriction (DgDb        *db,
                         gint64       id,
                         GError     **error)
{
  g_autoptr(JsonObject) o = json_object_new ();
  DgStmt *stmt;
  gboolean row = FALSE;

  stmt = dg_db_query (db, "SELECT restricted_at, restricted_by, reason FROM referral_restriction WHERE referral_id = ?1",
                      error, DG_INT (id));
  if (stmt == NULL || !dg_db_step (db, stmt, &row, error))
    return NULL;
  json_object_set_boolean_member (o, "restricted", row);
  if (row)
    dg_stmt_set_members (stmt, 0, (const char *[]) { "at", "by", "reason", NULL }, o);
  dg_stmt_reset (stmt);
  return json_node_init_object (json_node_alloc (), o);
}

gboolean
dg_referral_restrict (DgDb        *db,
                      gint64       id,
                      const char  *reason,
                      gboolean     lift,
                      GError     **error)
{
  g_auto(DgDbWrite) write = { 0 };
  g_autofree char *trimmed = g_strstrip (g_strdup (reason ? reason : ""));
  g_autofree char *detail = reason_detail (trimmed);
  g_autofree char *now = dg_db_now_string (db);
  gboolean restricted = FALSE;
  DgStmt *stmt;

  if (!lift && *trimmed == '\0')
    {
      dg_error_set_field (error, DG_ERROR_INVALID, "reason", NULL, _("Required: why this record is restricted"));
      return FALSE;
    }
  if (!dg_db_write (db, &write, error))
    return FALSE;
  /* Refuses an unknown id by name. */
  stmt = dg_db_query (db, "SELECT id FROM referral WHERE id = ?1", error, DG_INT (id));
  if (stmt == NULL || !dg_db_step_row (db, stmt, error, DG_ERROR_NOT_FOUND, NULL, _("No referral “%" PRId64 "”"), id))
    return FALSE;
  dg_stmt_reset (stmt);
  if (!is_restricted (db, id, &restricted, error))
    return FALSE;
  if (restricted != lift)
    {
      dg_error_set_field (error, DG_ERROR_INVALID, "ID", NULL,
                          lift ? _("This record is not restricted") : _("This record is restricted already"));
      return FALSE;
    }
  if (lift)
    return dg_db_run (db, "DELETE FROM referral_restriction WHERE referral_id = ?1", error, DG_INT (id)) &&
           dg_db_audit (db, "referral", id, "unrestrict", detail, error) &&
           dg_db_commit (db, error);
  return dg_db_run (db,
                    "INSERT INTO referral_restriction (referral_id, restricted_at, restricted_by, reason) "
                    "VALUES (?1, ?2, ?3, ?4)",
                    error, DG_INT (id), DG_TEXT (now), DG_TEXT (dg_db_get_actor (db)), DG_TEXT (trimmed)) &&
         dg_db_audit (db, "referral", id, "restrict", detail, error) &&
         dg_db_commit (db, error);
}

JsonNode *
dg_referral_views (DgDb        *db,
                   gint64       id,
                   GError     **error)
{
  g_autoptr(JsonArray) rows = json_array_new ();
  DgStmt *stmt;
  gboolean row = FALSE;

  stmt = dg_db_query (db,
                      "SELECT at, actor, detail FROM audit "
                      "WHERE entity = 'referral' AND entity_id = ?1 AND action = 'view' ORDER BY id",
                      error, DG_INT (id));
  if (stmt == NULL)
    return NULL;
  while (dg_db_step (db, stmt, &row, error) && row)
    {
      JsonObject *o = json_object_new ();
      const char *detail = dg_stmt_column_text (stmt, 2);
      g_autoptr(JsonParser) parser = json_parser_new ();

      json_object_set_string_member (o, "at", dg_stmt_column_text (stmt, 0));
      json_object_set_string_member (o, "by", dg_stmt_column_text (stmt, 1));
      if (detail != NULL && json_parser_load_from_data (parser, detail, -1, NULL) &&
          JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
        json_object_set_string_member (o, "reason",
                                       json_object_get_string_member_with_default (json_node_get_object (json_parser_get_root (parser)),
                                                                                   "reason", NULL));
      else
        json_object_set_null_member (o, "reason");
      json_array_add_object_element (rows, o);
    }
  if (error != NULL && *error != NULL)
    return NULL;
  return json_node_init_array (json_node_alloc (), rows);
}

/* ---- The access report ------------------------------------------------------- */

typedef struct
{
  char      *person;
  GPtrArray *times;     /* GDateTime *, in order */
  GHashTable *records;  /* id → itself */
} Person;

static void
person_free (Person *p)
{
  g_free (p->person);
  g_ptr_array_unref (p->times);
  g_hash_table_unref (p->records);
  g_free (p);
}

/* The bursts: maximal runs in which more than DG_ACCESS_BURST_COUNT
 * openings fall within DG_ACCESS_BURST_MINUTES of the run's first. */
static void
add_bursts (JsonBuilder *b,
            GPtrArray   *times)
{
  guint i = 0;

  json_builder_begin_array (b);
  while (i < times->len)
    {
      GDateTime *first = times->pdata[i];
      guint j = i;

      while (j + 1 < times->len &&
             g_date_time_difference (times->pdata[j + 1], first) <= (GTimeSpan) DG_ACCESS_BURST_MINUTES * G_TIME_SPAN_MINUTE)
        j++;
      if (j - i + 1 > DG_ACCESS_BURST_COUNT)
        {
          g_autofree char *from = g_date_time_format (first, "%Y-%m-%dT%H:%M:%S");
          g_autofree char *to = g_date_time_format (times->pdata[j], "%Y-%m-%dT%H:%M:%S");

          json_builder_begin_object (b);
          json_builder_set_member_name (b, "from");
          json_builder_add_string_value (b, from);
          json_builder_set_member_name (b, "to");
          json_builder_add_string_value (b, to);
          json_builder_set_member_name (b, "opened");
          json_builder_add_int_value (b, j - i + 1);
          json_builder_end_object (b);
          i = j + 1;
        }
      else
        i++;
    }
  json_builder_end_array (b);
}

static gboolean
add_never_worked_on (DgDb        *db,
                     JsonBuilder *b,
                     const char  *person,
                     const char  *from,
                     const char  *to,
                     GError     **error)
{
  DgStmt *stmt;
  gboolean row = FALSE;

  /* Opened in the period, never changed by them (no audit row of theirs on
   * it but openings). */
  stmt = dg_db_query (db,
                      "SELECT DISTINCT v.entity_id, r.reference FROM audit v JOIN referral r ON r.id = v.entity_id "
                      "WHERE v.action = 'view' AND v.entity = 'referral' AND v.actor = ?1 "
                      "  AND v.at >= ?2 AND v.at < ?3 "
                      "  AND NOT EXISTS (SELECT 1 FROM audit w WHERE w.entity = 'referral' AND w.entity_id = v.entity_id "
                      "                  AND w.actor = v.actor AND w.action <> 'view') "
                      "ORDER BY v.entity_id",
                      error, DG_TEXT (person), DG_TEXT (from), DG_TEXT (to));
  if (stmt == NULL)
    return FALSE;
  json_builder_begin_array (b);
  while (dg_db_step (db, stmt, &row, error) && row)
    {
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "id");
      json_builder_add_int_value (b, dg_stmt_column_int64 (stmt, 0));
      json_builder_set_member_name (b, "reference");
      json_builder_add_string_value (b, dg_stmt_column_text (stmt, 1));
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  return error == NULL || *error == NULL;
}

JsonNode *
dg_access_report (DgDb        *db,
                  const char  *from,
                  const char  *to,
                  const char  *person,
                  GError     **error)
{
  g_auto(DgDbSnapshot) snapshot = { 0 };
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(GPtrArray) people = g_ptr_array_new_with_free_func ((GDestroyNotify) person_free);
  g_autofree char *from_at = NULL, *to_at = NULL;
  GDate start, end;
  DgStmt *stmt;
  gboolean row = FALSE;

  if (from == NULL || to == NULL)
    {
      dg_error_set_field (error, DG_ERROR_INVALID, from == NULL ? "from" : "to", NULL, _("Required"));
      return NULL;
    }
  if (!dg_date_parse (from, "from", &start, error) || !dg_date_parse (to, "to", &end, error))
    return NULL;
  g_date_add_days (&end, 1);
  from_at = g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (&start), g_date_get_month (&start), g_date_get_day (&start));
  to_at = g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (&end), g_date_get_month (&end), g_date_get_day (&end));

  if (!dg_db_snapshot (db, &snapshot, error))
    return NULL;
  stmt = dg_db_query (db,
                      "SELECT actor, at, entity_id FROM audit "
                      "WHERE action = 'view' AND entity = 'referral' AND at >= ?1 AND at < ?2 "
                      "  AND (CAST (?3 AS TEXT) IS NULL OR actor = ?3) ORDER BY actor, at, id",
                      error, DG_TEXT (from_at), DG_TEXT (to_at), DG_TEXT (person));
  if (stmt == NULL)
    return NULL;
  while (dg_db_step (db, stmt, &row, error) && row)
    {
      const char *actor = dg_stmt_column_text (stmt, 0);
      Person *p = people->len ? people->pdata[people->len - 1] : NULL;
      GDateTime *at = g_date_time_new_from_iso8601 (dg_stmt_column_text (stmt, 1), dg_time_zone_local ());
      gint64 id = dg_stmt_column_int64 (stmt, 2);

      if (p == NULL || !g_str_equal (p->person, actor))
        {
          p = g_new0 (Person, 1);
          p->person = g_strdup (actor);
          p->times = g_ptr_array_new_with_free_func ((GDestroyNotify) g_date_time_unref);
          p->records = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
          g_ptr_array_add (people, p);
        }
      if (at != NULL)
        g_ptr_array_add (p->times, at);
      g_hash_table_add (p->records, g_memdup2 (&id, sizeof id));
    }
  if (error != NULL && *error != NULL)
    return NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "from");
  json_builder_add_string_value (b, from);
  json_builder_set_member_name (b, "to");
  json_builder_add_string_value (b, to);
  json_builder_set_member_name (b, "burst_count");
  json_builder_add_int_value (b, DG_ACCESS_BURST_COUNT);
  json_builder_set_member_name (b, "burst_minutes");
  json_builder_add_int_value (b, DG_ACCESS_BURST_MINUTES);
  json_builder_set_member_name (b, "people");
  json_builder_begin_array (b);
  for (guint i = 0; i < people->len; i++)
    {
      Person *p = people->pdata[i];

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "person");
      json_builder_add_string_value (b, p->person);
      json_builder_set_member_name (b, "opened");
      json_builder_add_int_value (b, p->times->len);
      json_builder_set_member_name (b, "records");
      json_builder_add_int_value (b, g_hash_table_size (p->records));
      json_builder_set_member_name (b, "bursts");
      add_bursts (b, p->times);
      json_builder_set_member_name (b, "never_worked_on");
      if (!add_never_worked_on (db, b, p->person, from_at, to_at, error))
        return NULL;
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}
