#include "config.h"

#include <stdlib.h>

#include "dg-clocks.h"
#include "dg-error.h"
#include "dg-referral-bulk.h"
#include "dg-referrals-private.h"
#include "dg-text.h"

/* Many new referrals in a few set statements. Each table's rows go in the
 * order referral_insert () writes them one at a time, and each table's
 * triggers see what they would see there: the report-makers before their
 * referrals, a referral before its children, all the children of one
 * referral in a row; so the ids, references, report totals, audit rows and
 * their links come out the same. The clocks and the search rows are
 * written after all of them, as a deferred import writes them. */

/* The rows held in the temporary tables at once: written a chunk at a
 * time, so that a million rows never sit in memory together. */
#define CHUNK 8192

struct _DgReferralBulk
{
  DgDb     *db;
  gint64    n;          /* referrals added */
  gint64    pending;    /* of them, those still in the temporary tables */
  gint64    first;      /* the id of the first written, 0 before */
  char     *now;
  gboolean  deferred;   /* whether the clocks were deferred before */
};

static guint
list_length (JsonObject *input,
             const char *member)
{
  JsonArray *array = NULL;

  dg_referral_input_array (input, member, &array, NULL);
  return array != NULL ? json_array_get_length (array) : 0;
}

/* The referral's own values and its report-maker's, as referral_insert ()
 * and bind_new_reporter () bind them (defaults applied on the way out). */
#define REFERRAL_COLUMNS \
  "n INTEGER PRIMARY KEY, received TEXT, year INTEGER, channel TEXT, rag TEXT, concern TEXT, " \
  "immediate_action TEXT, other_information TEXT, r_name TEXT, r_role TEXT, r_organisation TEXT, " \
  "r_agency TEXT, r_email TEXT, r_phone TEXT, r_address TEXT, r_language TEXT, r_anonymous INTEGER"
#define CHILD_COLUMNS \
  "position, name, name_key, aliases, dob, dob_expected, gender, address, ethnicity, first_language, " \
  "religion, interpreter_needed, additional_needs, school, attendance, parental_responsibility"

DgReferralBulk *
dg_referral_bulk_new (DgDb     *db,
                      GError  **error)
{
  DgReferralBulk *bulk;

  g_return_val_if_fail (DG_IS_DB (db), NULL);

  if (dg_db_is_postgres (db))
    {
      g_set_error_literal (error, DG_ERROR, DG_ERROR_FAILED, "dg_referral_bulk_new () is for SQLite");
      return NULL;
    }
  if (!dg_db_exec (db,
                   "DROP TABLE IF EXISTS temp.bulk_referral; DROP TABLE IF EXISTS temp.bulk_child; "
                   "DROP TABLE IF EXISTS temp.bulk_category; "
                   "CREATE TEMP TABLE bulk_referral (" REFERRAL_COLUMNS "); "
                   "CREATE TEMP TABLE bulk_child (n INTEGER NOT NULL, position INTEGER NOT NULL, name TEXT, "
                   "  name_key TEXT, aliases TEXT, dob TEXT, dob_expected INTEGER, gender TEXT, address TEXT, "
                   "  ethnicity TEXT, first_language TEXT, religion TEXT, interpreter_needed INTEGER, "
                   "  additional_needs TEXT, school TEXT, attendance TEXT, parental_responsibility TEXT, "
                   "  PRIMARY KEY (n, position)) WITHOUT ROWID; "
                   "CREATE TEMP TABLE bulk_category (n INTEGER NOT NULL, position INTEGER NOT NULL, "
                   "  category TEXT, PRIMARY KEY (n, position)) WITHOUT ROWID",
                   error))
    return NULL;

  bulk = g_new0 (DgReferralBulk, 1);
  bulk->db = g_object_ref (db);
  bulk->now = dg_db_now_string (db);
  /* The referrals' trigger would otherwise compute each one's clocks as it
   * is written; dg_referral_bulk_write () stores them all at once. */
  bulk->deferred = dg_clocks_deferred (db);
  dg_clocks_defer (db);
  return bulk;
}

void
dg_referral_bulk_free (DgReferralBulk *bulk)
{
  if (bulk == NULL)
    return;
  dg_db_exec (bulk->db,
              "DROP TABLE IF EXISTS temp.bulk_referral; DROP TABLE IF EXISTS temp.bulk_child; "
              "DROP TABLE IF EXISTS temp.bulk_category",
              NULL);
  if (!bulk->deferred)
    dg_clocks_undefer (bulk->db);
  g_object_unref (bulk->db);
  g_free (bulk->now);
  g_free (bulk);
}

static gboolean
add_children (DgReferralBulk  *bulk,
              JsonArray       *children,
              GError         **error)
{
  for (guint i = 0; children != NULL && i < json_array_get_length (children); i++)
    {
      JsonObject *child = json_array_get_object_element (children, i);
      g_autofree char *key = dg_name_fold (dg_referral_member_text (child, "name"));
      g_autofree char *name = g_strstrip (g_strdup (dg_referral_member_text (child, "name")));
      DgStmt *stmt = dg_db_prepare (bulk->db,
                                    "INSERT INTO temp.bulk_child (n, " CHILD_COLUMNS ") "
                                    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
                                    error);

      if (stmt == NULL)
        return FALSE;
      dg_stmt_bind_int64 (stmt, 1, bulk->pending);
      dg_stmt_bind_int64 (stmt, 2, i);
      dg_stmt_bind_text (stmt, 3, name);
      dg_stmt_bind_text (stmt, 4, key);
      dg_stmt_bind_text (stmt, 5, dg_referral_member_text (child, "aliases"));
      dg_stmt_bind_text (stmt, 6, dg_referral_member_text (child, "dob"));
      dg_stmt_bind_int64 (stmt, 7, dg_referral_member_bool (child, "dob_expected"));
      dg_stmt_bind_text (stmt, 8, dg_referral_member_text (child, "gender"));
      dg_stmt_bind_text (stmt, 9, dg_referral_member_text (child, "address"));
      dg_stmt_bind_text (stmt, 10, dg_referral_member_text (child, "ethnicity"));
      dg_stmt_bind_text (stmt, 11, dg_referral_member_text (child, "first_language"));
      dg_stmt_bind_text (stmt, 12, dg_referral_member_text (child, "religion"));
      dg_stmt_bind_int64 (stmt, 13, dg_referral_member_bool (child, "interpreter_needed"));
      dg_stmt_bind_text (stmt, 14, dg_referral_member_text (child, "additional_needs"));
      dg_stmt_bind_text (stmt, 15, dg_referral_member_text (child, "school"));
      dg_stmt_bind_text (stmt, 16, dg_referral_member_text (child, "attendance"));
      dg_stmt_bind_text (stmt, 17, dg_referral_member_text (child, "parental_responsibility"));
      if (!dg_db_step_done (bulk->db, stmt, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean write_chunk (DgReferralBulk  *bulk,
                             GError         **error);

gboolean
dg_referral_bulk_add (DgReferralBulk  *bulk,
                      JsonObject      *input,
                      GError         **error)
{
  g_autofree char *received = NULL;
  JsonObject *reporter = NULL;
  JsonArray *children = NULL, *categories = NULL;
  DgStmt *stmt;

  g_return_val_if_fail (bulk != NULL, FALSE);
  g_return_val_if_fail (input != NULL, FALSE);

  if (json_object_has_member (input, "reporter") &&
      JSON_NODE_HOLDS_OBJECT (json_object_get_member (input, "reporter")))
    reporter = json_object_get_object_member (input, "reporter");
  /* What a spreadsheet's row cannot hold is left to dg_referral_insert (). */
  g_return_val_if_fail (reporter == NULL || !json_object_has_member (reporter, "id"), FALSE);
  g_return_val_if_fail (list_length (input, "household") == 0, FALSE);
  g_return_val_if_fail (list_length (input, "involved_agencies") == 0, FALSE);
  g_return_val_if_fail (list_length (input, "links") == 0, FALSE);

  received = dg_referral_checked_time (bulk->db, "received_at", dg_referral_member_text (input, "received_at"), error);
  if (received == NULL)
    return FALSE;
  bulk->pending++;

  stmt = dg_db_prepare (bulk->db,
                        "INSERT INTO temp.bulk_referral VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, "
                        "  ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
                        error);
  if (stmt == NULL)
    return FALSE;
  dg_stmt_bind_int64 (stmt, 1, bulk->pending);
  dg_stmt_bind_text (stmt, 2, received);
  dg_stmt_bind_int64 (stmt, 3, atoi (received));
  dg_stmt_bind_text (stmt, 4, dg_referral_member_text (input, "channel"));
  dg_stmt_bind_text (stmt, 5, dg_referral_member_text (input, "rag"));
  dg_stmt_bind_text (stmt, 6, dg_referral_member_text (input, "concern"));
  dg_stmt_bind_text (stmt, 7, dg_referral_member_text (input, "immediate_action"));
  dg_stmt_bind_text (stmt, 8, dg_referral_member_text (input, "other_information"));
  dg_stmt_bind_text (stmt, 9, dg_referral_member_text (reporter, "name"));
  dg_stmt_bind_text (stmt, 10, dg_referral_member_text (reporter, "role"));
  dg_stmt_bind_text (stmt, 11, dg_referral_member_text (reporter, "organisation"));
  dg_stmt_bind_text (stmt, 12, dg_referral_member_text (reporter, "agency"));
  dg_stmt_bind_text (stmt, 13, dg_referral_member_text (reporter, "email"));
  dg_stmt_bind_text (stmt, 14, dg_referral_member_text (reporter, "phone"));
  dg_stmt_bind_text (stmt, 15, dg_referral_member_text (reporter, "address"));
  dg_stmt_bind_text (stmt, 16, dg_referral_member_text (reporter, "language"));
  dg_stmt_bind_int64 (stmt, 17, dg_referral_member_bool (reporter, "anonymous"));
  if (!dg_db_step_done (bulk->db, stmt, error))
    return FALSE;

  dg_referral_input_array (input, "children", &children, NULL);
  if (!add_children (bulk, children, error))
    return FALSE;

  dg_referral_input_array (input, "categories", &categories, NULL);
  for (guint i = 0; categories != NULL && i < json_array_get_length (categories); i++)
    if (!dg_db_run (bulk->db, "INSERT INTO temp.bulk_category VALUES (?1, ?2, ?3)", error,
                    DG_INT (bulk->pending), DG_INT (i), DG_TEXT (json_array_get_string_element (categories, i))))
      return FALSE;

  return bulk->pending < CHUNK || write_chunk (bulk, error);
}

/* The largest id of a table after an INSERT … SELECT of @n rows: they
 * were numbered one after another up to it (rowids, no AUTOINCREMENT), so
 * the first is this less @n, plus one. */
static gboolean
last_id (DgDb        *db,
         const char  *sql,
         gint64      *last,
         GError     **error)
{
  return dg_db_step_int64 (db, dg_db_prepare (db, sql, error), last, error);
}

/* Writes the referrals in the temporary tables, numbered 1 to
 * bulk->pending there, and empties them. */
static gboolean
write_chunk (DgReferralBulk  *bulk,
             GError         **error)
{
  DgDb *db = bulk->db;
  gint64 reporters = 0, referrals = 0, n = bulk->pending;

  if (!dg_db_run (db,
                  "INSERT INTO reporter (name, role, organisation, agency, email, phone, address, language, "
                  "  anonymous, created_at) "
                  "SELECT coalesce (r_name, ''), r_role, r_organisation, coalesce (r_agency, 'other'), r_email, "
                  "  r_phone, r_address, coalesce (r_language, 'en'), r_anonymous, ?1 "
                  "FROM temp.bulk_referral ORDER BY n",
                  error, DG_TEXT (bulk->now)) ||
      !last_id (db, "SELECT max (id) FROM reporter", &reporters, error) ||
      /* Each year's references go on from its counter, in the order added,
       * as reference_counter () numbers them one at a time. */
      !dg_db_run (db,
                  "INSERT INTO referral (reference, received_at, channel, reporter_id, rag, concern, "
                  "  immediate_action, other_information, created_at, updated_at) "
                  "SELECT printf ('DTR-%04d-%06d', b.year, "
                  "         coalesce (c.last, 0) + row_number () OVER (PARTITION BY b.year ORDER BY b.n)), "
                  "  b.received, b.channel, ?2 + b.n, b.rag, b.concern, b.immediate_action, b.other_information, ?1, ?1 "
                  "FROM temp.bulk_referral b LEFT JOIN reference_counter c ON c.year = b.year ORDER BY b.n",
                  error, DG_TEXT (bulk->now), DG_INT (reporters - n)) ||
      !dg_db_exec (db,
                   "INSERT INTO reference_counter (year, last) "
                   "SELECT year, count (*) FROM temp.bulk_referral WHERE true GROUP BY year "
                   "ON CONFLICT (year) DO UPDATE SET last = reference_counter.last + excluded.last",
                   error) ||
      !last_id (db, "SELECT max (id) FROM referral", &referrals, error))
    return FALSE;
  referrals -= n;
  if (bulk->first == 0)
    bulk->first = referrals + 1;
  if (!dg_db_run (db,
                  "INSERT INTO child (referral_id, " CHILD_COLUMNS ") "
                  "SELECT ?1 + n, " CHILD_COLUMNS " FROM temp.bulk_child ORDER BY n, position",
                  error, DG_INT (referrals)) ||
      !dg_db_run (db,
                  "INSERT INTO referral_category (referral_id, category) "
                  "SELECT ?1 + n, category FROM temp.bulk_category WHERE true ORDER BY n, position "
                  "ON CONFLICT DO NOTHING",
                  error, DG_INT (referrals)) ||
      /* A language the report-maker gave is their answer to the active
       * offer, made as the report came in (referral_insert ()). */
      !dg_db_run (db,
                  "INSERT INTO language_offer (referral_id, person, person_name, choice, offered_at, "
                  "  recorded_by, recorded_at) "
                  "SELECT ?1 + n, 'report-maker', r_name, r_language, received, ?2, ?3 "
                  "FROM temp.bulk_referral WHERE r_language IS NOT NULL ORDER BY n",
                  error, DG_INT (referrals), DG_TEXT (dg_db_get_actor (db)), DG_TEXT (bulk->now)) ||
      /* One audit row each, as dg_db_audit_printf () writes it; the
       * chain's trigger links each to the one before. */
      !dg_db_run (db,
                  "INSERT INTO audit (at, actor, entity, entity_id, action, detail) "
                  "SELECT ?1, ?2, 'referral', id, 'create', '{\"reference\":\"' || reference || '\"}' "
                  "FROM referral WHERE id BETWEEN ?3 AND ?4 ORDER BY id",
                  error, DG_TEXT (bulk->now), DG_TEXT (dg_db_get_actor (db)), DG_INT (referrals + 1),
                  DG_INT (referrals + n)) ||
      !dg_db_exec (db, "DELETE FROM temp.bulk_referral; DELETE FROM temp.bulk_child; DELETE FROM temp.bulk_category",
                   error))
    return FALSE;
  bulk->n += n;
  bulk->pending = 0;
  return TRUE;
}

gint64
dg_referral_bulk_write (DgReferralBulk  *bulk,
                        GError         **error)
{
  g_return_val_if_fail (bulk != NULL, -1);

  if (bulk->pending > 0 && !write_chunk (bulk, error))
    return -1;
  if (bulk->n == 0)
    return 0;
  /* The clocks and the search rows of all of them, after all of them, as
   * a deferred import writes them (one statement feeds the search index). */
  if (!dg_clocks_store_received (bulk->db, bulk->first, bulk->first + bulk->n - 1, error) ||
      !dg_referral_index_range (bulk->db, bulk->first, bulk->first + bulk->n - 1, error))
    return -1;
  return bulk->n;
}
