/* Disposal (issue 25, schema 21): a queued referral, approved by two
 * different people, removed with everything about it; its audit rows keep
 * who and when but lose their detail; a certificate stays in the audit. */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "dg-audit.h"
#include "dg-disposal.h"
#include "dg-error.h"
#include "dg-retention.h"

/* The rows about the referral ?1, children first, in an order the foreign
 * keys allow; the append-only tables let these go while disposal_pass
 * names it; the report's running totals follow by their triggers. */
static const char * const deletes[] = {
  "DELETE FROM referral_search WHERE rowid = ?1",
  "DELETE FROM meeting_action WHERE meeting_id IN (SELECT id FROM meeting WHERE referral_id = ?1)",
  "DELETE FROM meeting_outcome WHERE meeting_id IN (SELECT id FROM meeting WHERE referral_id = ?1)",
  "DELETE FROM meeting_exception WHERE meeting_id IN (SELECT id FROM meeting WHERE referral_id = ?1)",
  "DELETE FROM invitee WHERE meeting_id IN (SELECT id FROM meeting WHERE referral_id = ?1)",
  "DELETE FROM meeting WHERE referral_id = ?1",
  "DELETE FROM cp_event WHERE referral_id = ?1",
  "DELETE FROM ledger_entry WHERE referral_id = ?1",
  "DELETE FROM language_offer WHERE referral_id = ?1",
  "DELETE FROM notification WHERE referral_id = ?1",
  "DELETE FROM outbox WHERE referral_id = ?1",
  "DELETE FROM decision WHERE referral_id = ?1",
  "DELETE FROM referral_category WHERE referral_id = ?1",
  "DELETE FROM involved_agency WHERE referral_id = ?1",
  "DELETE FROM household_member WHERE referral_id = ?1",
  "DELETE FROM referral_link WHERE referral_id = ?1 OR earlier_id = ?1",
  "DELETE FROM retention_approval WHERE referral_id = ?1",
};

/* The audit rows about the referral, its meetings and its letters that
 * hold a detail (amendments' values before and after, a letter's kind). */
#define ERASE_SQL \
  "SELECT id FROM audit WHERE detail IS NOT NULL AND (" \
  "  (entity = 'referral' AND entity_id = ?1) " \
  "  OR (entity = 'meeting' AND entity_id IN (SELECT id FROM meeting WHERE referral_id = ?1)) " \
  "  OR (entity = 'outbox' AND entity_id IN (SELECT id FROM outbox WHERE referral_id = ?1))) ORDER BY id"

static GArray *
ids_of (DgDb        *db,
        DgStmt      *stmt,
        GError     **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  gboolean has_row = FALSE;

  if (stmt == NULL)
    return NULL;
  while (dg_db_step (db, stmt, &has_row, error) && has_row)
    {
      gint64 id = dg_stmt_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
    }
  dg_stmt_reset (stmt);
  return error != NULL && *error != NULL ? NULL : g_steal_pointer (&ids);
}

/* Drafts whose text names a child of the referral, or its reference. */
static gboolean
delete_drafts (DgDb    *db,
               gint64   id,
               GError **error)
{
  return dg_db_run (db, "DELETE FROM draft WHERE EXISTS (SELECT 1 FROM child c WHERE c.referral_id = ?1 "
                        "                               AND draft.body LIKE '%' || c.name || '%') "
                        "OR draft.body LIKE '%' || (SELECT reference FROM referral WHERE id = ?1) || '%'",
                    error, DG_INT (id));
}

static gboolean
delete_rows (DgDb    *db,
             gint64   id,
             GError **error)
{
  gint64 reporter = 0;
  DgStmt *stmt;

  stmt = dg_db_query (db, "SELECT coalesce (reporter_id, 0) FROM referral WHERE id = ?1", error, DG_INT (id));
  if (!dg_db_step_int64 (db, stmt, &reporter, error) ||
      !dg_db_run (db, "INSERT INTO disposal_pass (referral_id) VALUES (?1)", error, DG_INT (id)) ||
      !delete_drafts (db, id, error))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (deletes); i++)
    if (!dg_db_run (db, deletes[i], error, DG_INT (id)))
      return FALSE;
  /* A released hold on a child of the referral forgets the name. */
  return dg_db_run (db, "UPDATE retention_hold SET name_key = '' WHERE kind = 'child' AND released_at IS NOT NULL "
                        "AND name_key IN (SELECT name_key FROM child WHERE referral_id = ?1)", error, DG_INT (id)) &&
         dg_db_run (db, "DELETE FROM child WHERE referral_id = ?1", error, DG_INT (id)) &&
         dg_db_run (db, "DELETE FROM clock WHERE referral_id = ?1", error, DG_INT (id)) &&
         dg_db_run (db, "DELETE FROM referral WHERE id = ?1", error, DG_INT (id)) &&
         /* The report-maker, unless another referral is theirs. */
         dg_db_run (db, "DELETE FROM reporter WHERE id = ?1 AND NOT EXISTS (SELECT 1 FROM referral WHERE reporter_id = ?1)",
                    error, DG_INT (reporter)) &&
         dg_db_run (db, "DELETE FROM disposal_pass WHERE referral_id = ?1", error, DG_INT (id));
}

static char *
certificate_of (JsonObject *entry,
                JsonArray  *erased)
{
  g_autoptr(JsonObject) c = json_object_new ();
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

  json_object_set_string_member (c, "reference", json_object_get_string_member (entry, "reference"));
  json_object_set_string_member (c, "record_type", json_object_get_string_member (entry, "record_type"));
  json_object_set_string_member (c, "due", json_object_get_string_member (entry, "due"));
  json_object_set_array_member (c, "approved_by", json_array_ref (json_object_get_array_member (entry, "approvals")));
  json_object_set_array_member (c, "erased", json_array_ref (erased));
  json_node_set_object (node, c);
  return json_to_string (node, FALSE);
}

/* SQLite: the freed pages are zeroed (secure_delete, on for the
 * transaction), the search index merged into one segment without the
 * removed rows, the file rewritten without any free space that held them
 * (VACUUM) and the write-ahead log copied back and emptied. */
static void
scrub_sqlite (DgDb        *db,
              JsonObject  *result)
{
  g_autoptr(GError) error = NULL;
  gint64 busy = 1;
  DgStmt *stmt;

  /* The disposal is committed: another connection reading the file only
   * delays this, which the result says ("busy"), for `check` to finish. */
  if (dg_db_exec (db, "VACUUM", &error))
    {
      stmt = dg_db_prepare (db, "PRAGMA wal_checkpoint (TRUNCATE)", &error);
      if (!dg_db_step_int64 (db, stmt, &busy, &error))
        busy = 1;
    }
  json_object_set_string_member (result, "checkpoint", busy == 0 ? "complete" : "busy");
}

JsonObject *
dg_retention_dispose (DgDb    *db,
                      gint64   referral_id,
                      GError **error)
{
  g_autoptr(JsonObject) entry = NULL, result = json_object_new ();
  g_autoptr(GArray) ids = NULL;
  g_autoptr(JsonArray) erased = NULL;
  g_autofree char *certificate = NULL;
  gboolean sqlite = !dg_db_is_postgres (db);

  if (sqlite && !dg_db_exec (db, "PRAGMA secure_delete = ON", error))
    return NULL;
  {
    g_auto(DgDbWrite) write = { 0 };

    if (!dg_db_write (db, &write, error))
      return NULL;
    entry = dg_retention_queued (db, referral_id, error);
    if (entry == NULL)
      return NULL;
    if (json_array_get_length (json_object_get_array_member (entry, "approvals")) < 2)
      {
        dg_error_set_field (error, DG_ERROR_INVALID, "approvals", NULL,
                            _("A disposal needs the approval of two different people"));
        return NULL;
      }
    ids = ids_of (db, dg_db_query (db, ERASE_SQL, error, DG_INT (referral_id)), error);
    if (ids == NULL)
      return NULL;
    erased = dg_audit_erase (db, ids, error);
    if (erased == NULL || !delete_rows (db, referral_id, error))
      return NULL;
    /* The search index and the names' trigram index merged, so no segment
     * keeps what the rows held. */
    if (sqlite && (!dg_db_exec (db, "INSERT INTO referral_search (referral_search) VALUES ('optimize')", error) ||
                   !dg_db_exec (db, "INSERT INTO child_trigram (child_trigram) VALUES ('optimize')", error)))
      return NULL;
    certificate = certificate_of (entry, erased);
    if (!dg_db_audit (db, "retention", referral_id, "disposed", certificate, error) ||
        !dg_db_commit (db, error))
      return NULL;
  }
  json_object_set_int_member (result, "id", referral_id);
  json_object_set_string_member (result, "reference", json_object_get_string_member (entry, "reference"));
  json_object_set_array_member (result, "approved_by", json_array_ref (json_object_get_array_member (entry, "approvals")));
  json_object_set_int_member (result, "audit_rows_erased", json_array_get_length (erased));
  if (sqlite)
    scrub_sqlite (db, result);
  else
    json_object_set_string_member (result, "vacuum", "VACUUM (ANALYZE)");
  return g_steal_pointer (&result);
}
