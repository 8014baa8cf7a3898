#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>

#include "dg-referrals-private.h"
#include "dg-clocks.h"
#include "dg-ledger.h"
#include "dg-meetings.h"
#include "dg-register.h"

/* Reading a referral back whole, as the detail and `referral show` want it. */

/* ---- Reading --------------------------------------------------------------- */

void
dg_referral_json_text (JsonBuilder *b,
                       const char  *name,
                       const char  *value)
{
  json_builder_set_member_name (b, name);
  if (value != NULL)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

void
dg_referral_json_columns (JsonBuilder        *b,
                          DgStmt             *stmt,
                          int                 first,
                          const char * const *names)
{
  for (int i = 0; names[i] != NULL; i++)
    dg_referral_json_text (b, names[i], dg_stmt_column_text (stmt, first + i));
}

gint64
dg_referral_resolve (DgDb        *db,
                     const char  *id_or_reference,
                     GError     **error)
{
  DgStmt *stmt;
  gboolean has_row = FALSE;
  gint64 id = 0;
  char *end = NULL;

  g_return_val_if_fail (DG_IS_DB (db), 0);

  if (id_or_reference == NULL || *id_or_reference == '\0')
    {
      dg_error_set_field (error, DG_ERROR_INVALID, "ID", NULL, _("a referral id or reference is required"));
      return 0;
    }

  id = g_ascii_strtoll (id_or_reference, &end, 10);
  if (end != NULL && *end == '\0' && id > 0)
    stmt = dg_db_query (db, "SELECT id FROM referral WHERE id = ?1", error, DG_INT (id));
  else
    stmt = dg_db_query (db, "SELECT id FROM referral WHERE reference = upper (?1)", error, DG_TEXT (id_or_reference));
  if (stmt == NULL || !dg_db_step (db, stmt, &has_row, error))
    return 0;
  id = has_row ? dg_stmt_column_int64 (stmt, 0) : 0;
  dg_stmt_reset (stmt);

  if (id == 0)
    g_set_error (error, DG_ERROR, DG_ERROR_NOT_FOUND, _("No referral “%s”"), id_or_reference);

  return id;
}

static gboolean
add_previous (DgDb        *db,
              JsonBuilder *b,
              gint64       id,
              GError     **error)
{
  DgStmt *stmt;
  gboolean has_row = FALSE;

  /* Earlier referrals about the same child: the same folded name with a date of
   * birth that agrees (or is missing), plus links a practitioner confirmed. */
  stmt = dg_db_query (db,
                      "SELECT DISTINCT r2.id FROM referral r "
                      "JOIN child c ON c.referral_id = r.id "
                      "JOIN child c2 ON c2.name_key = c.name_key AND c2.referral_id <> r.id "
                      "JOIN referral r2 ON r2.id = c2.referral_id "
                      "WHERE r.id = ?1 AND (c.dob IS NULL OR c2.dob IS NULL OR c.dob = c2.dob) "
                      "  AND (r2.received_at < r.received_at OR (r2.received_at = r.received_at AND r2.id < r.id)) "
                      "UNION SELECT earlier_id FROM referral_link WHERE referral_id = ?1 "
                      "ORDER BY 1 DESC",
                      error, DG_INT (id));
  if (stmt == NULL)
    return FALSE;

  json_builder_set_member_name (b, "previous_referrals");
  json_builder_begin_array (b);
  while (dg_db_step (db, stmt, &has_row, error) && has_row)
    json_builder_add_int_value (b, dg_stmt_column_int64 (stmt, 0));
  json_builder_end_array (b);
  dg_stmt_reset (stmt);

  return error == NULL || *error == NULL;
}

static gboolean
add_meetings (DgDb        *db,
              JsonBuilder *b,
              gint64       id,
              GError     **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  DgStmt *stmt = dg_db_query (db, "SELECT id FROM meeting WHERE referral_id = ?1 ORDER BY held_at, id", error, DG_INT (id));
  gboolean has_row = FALSE;

  if (stmt == NULL)
    return FALSE;
  while (dg_db_step (db, stmt, &has_row, error) && has_row)
    {
      gint64 mid = dg_stmt_column_int64 (stmt, 0);
      g_array_append_val (ids, mid);
    }
  dg_stmt_reset (stmt);
  if (error != NULL && *error != NULL)
    return FALSE;

  json_builder_set_member_name (b, "meetings");
  json_builder_begin_array (b);
  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(JsonNode) m = dg_meeting_show (db, g_array_index (ids, gint64, i), error);
      JsonObject *o, *c;

      if (m == NULL)
        return FALSE;
      o = json_node_get_object (m);
      c = json_object_get_object_member (o, "completeness");
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "id");
      json_builder_add_int_value (b, json_object_get_int_member (o, "id"));
      dg_referral_json_text (b, "kind", json_object_get_string_member (o, "kind"));
      dg_referral_json_text (b, "at", json_object_get_string_member (o, "at"));
      json_builder_set_member_name (b, "complete");
      json_builder_add_boolean_value (b, json_object_get_boolean_member (c, "complete"));
      json_builder_set_member_name (b, "missing");
      json_builder_add_value (b, json_node_copy (json_object_get_member (c, "missing")));
      json_builder_set_member_name (b, "outcome");
      json_builder_add_value (b, json_node_copy (json_object_get_member (o, "outcome")));
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  return TRUE;
}

static gboolean
add_children (DgDb        *db,
              JsonBuilder *b,
              gint64       id,
              GError     **error)
{
  const char *text_cols[] = {
    "name", "aliases", "dob", "gender", "address", "ethnicity", "first_language", "religion",
    "additional_needs", "school", "attendance", "parental_responsibility", NULL
  };
  DgStmt *stmt;
  gboolean has_row = FALSE;

  stmt = dg_db_query (db,
                      "SELECT name, aliases, dob, gender, address, ethnicity, first_language, "
                      "  religion, additional_needs, school, attendance, parental_responsibility, "
                      "  dob_expected, interpreter_needed "
                      "FROM child WHERE referral_id = ?1 ORDER BY position, id",
                      error, DG_INT (id));
  if (stmt == NULL)
    return FALSE;

  json_builder_set_member_name (b, "children");
  json_builder_begin_array (b);
  while (dg_db_step (db, stmt, &has_row, error) && has_row)
    {
      json_builder_begin_object (b);
      dg_referral_json_columns (b, stmt, 0, text_cols);
      json_builder_set_member_name (b, "dob_expected");
      json_builder_add_boolean_value (b, dg_stmt_column_int (stmt, 12));
      json_builder_set_member_name (b, "interpreter_needed");
      json_builder_add_boolean_value (b, dg_stmt_column_int (stmt, 13));
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  dg_stmt_reset (stmt);

  return error == NULL || *error == NULL;
}

/* Member @member of @b: the rows of @sql about referral @id, as objects of
 * @cols, or with @cols %NULL, the text of their first column. */
static gboolean
add_simple_list (DgDb        *db,
                 JsonBuilder *b,
                 gint64       id,
                 const char  *member,
                 const char  *sql,
                 const char **cols,
                 GError     **error)
{
  DgStmt *stmt = dg_db_query (db, sql, error, DG_INT (id));
  g_autoptr(JsonArray) rows = NULL;
  gboolean has_row = FALSE;

  if (stmt == NULL)
    return FALSE;

  json_builder_set_member_name (b, member);
  if (cols != NULL)
    {
      rows = dg_db_rows (db, stmt, cols, error);
      if (rows == NULL)
        return FALSE;
      json_builder_add_value (b, json_node_init_array (json_node_alloc (), rows));
      return TRUE;
    }
  json_builder_begin_array (b);
  while (dg_db_step (db, stmt, &has_row, error) && has_row)
    json_builder_add_string_value (b, dg_stmt_column_text (stmt, 0));
  json_builder_end_array (b);
  dg_stmt_reset (stmt);

  return error == NULL || *error == NULL;
}

/* The report-maker's ledger with its clocks, and the language offers. */
static gboolean
add_ledger (DgDb        *db,
            JsonBuilder *b,
            gint64       id,
            GError     **error)
{
  JsonArray *ledger = dg_ledger_list (db, id, error);
  JsonArray *offers;

  if (ledger == NULL)
    return FALSE;
  json_builder_set_member_name (b, "ledger");
  json_builder_add_value (b, json_node_init_array (json_node_alloc (), ledger));
  json_array_unref (ledger);
  offers = dg_ledger_offers (db, id, error);
  if (offers == NULL)
    return FALSE;
  json_builder_set_member_name (b, "language_offers");
  json_builder_add_value (b, json_node_init_array (json_node_alloc (), offers));
  json_array_unref (offers);
  return TRUE;
}

static JsonNode *referral_show (DgDb *db, gint64 id, gboolean previous, GError **error);

static JsonNode *
show_in_snapshot (DgDb      *db,
                  gint64     id,
                  gboolean   previous,
                  GError   **error)
{
  g_auto(DgDbSnapshot) snapshot = { 0 };

  if (!dg_db_snapshot (db, &snapshot, error))
    return NULL;
  return referral_show (db, id, previous, error);
}

JsonNode *
dg_referral_show (DgDb        *db,
                  gint64       id,
                  GError     **error)
{
  return show_in_snapshot (db, id, TRUE, error);
}

JsonNode *
dg_referral_show_brief (DgDb        *db,
                        gint64       id,
                        GError     **error)
{
  return show_in_snapshot (db, id, FALSE, error);
}

static JsonNode *
referral_show (DgDb        *db,
               gint64       id,
               gboolean     previous,
               GError     **error)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  DgStmt *stmt;
  const char *reporter_cols[] = {
    "name", "role", "organisation", "agency", "email", "phone", "address", "language", NULL
  };
  g_autoptr(GDateTime) now = dg_db_now (db);

  g_return_val_if_fail (DG_IS_DB (db), NULL);

  stmt = dg_db_query (db,
                      "SELECT r.id, r.reference, r.received_at, r.channel, r.status, r.rag, "
                      "  r.concern, r.immediate_action, r.other_information, r.confirmed_at, "
                      "  r.acknowledged_at, r.acknowledged_method, r.outcome_sent_at, "
                      "  p.id, p.name, p.role, p.organisation, p.agency, p.email, p.phone, "
                      "  p.address, p.language, p.anonymous, "
                      "  d.outcome, d.rationale, d.decided_by, d.decided_at, d.police_informed, "
                      "  r.created_at, r.version, d.report_maker_text, d.report_maker_text_cy "
                      "FROM referral r LEFT JOIN reporter p ON p.id = r.reporter_id "
                      "LEFT JOIN decision d ON d.referral_id = r.id WHERE r.id = ?1",
                      error, DG_INT (id));
  if (stmt == NULL)
    return NULL;
  if (!dg_db_step_row (db, stmt, error, DG_ERROR_NOT_FOUND, NULL, _("No referral “%" PRId64 "”"), id))
    return NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_int_value (b, dg_stmt_column_int64 (stmt, 0));
  dg_referral_json_columns (b, stmt, 1,
                            (const char *[]) { "reference", "received_at", "channel", "status", "rag", "concern",
                                               "immediate_action", "other_information", "confirmed_at",
                                               "acknowledged_at", "acknowledged_method", "outcome_sent_at", NULL });
  dg_referral_json_text (b, "created_at", dg_stmt_column_text (stmt, 28));
  json_builder_set_member_name (b, "version");
  json_builder_add_int_value (b, dg_stmt_column_int64 (stmt, 29));

  json_builder_set_member_name (b, "reporter");
  if (dg_stmt_column_is_null (stmt, 13))
    json_builder_add_null_value (b);
  else
    {
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "id");
      json_builder_add_int_value (b, dg_stmt_column_int64 (stmt, 13));
      dg_referral_json_columns (b, stmt, 14, reporter_cols);
      json_builder_set_member_name (b, "anonymous");
      json_builder_add_boolean_value (b, dg_stmt_column_int (stmt, 22));
      json_builder_end_object (b);
    }

  json_builder_set_member_name (b, "decision");
  if (dg_stmt_column_is_null (stmt, 23))
    json_builder_add_null_value (b);
  else
    {
      json_builder_begin_object (b);
      dg_referral_json_columns (b, stmt, 23, (const char *[]) { "outcome", "rationale", "by", "at", NULL });
      json_builder_set_member_name (b, "police_informed");
      json_builder_add_boolean_value (b, dg_stmt_column_int (stmt, 27));
      dg_referral_json_columns (b, stmt, 30, (const char *[]) { "report_maker_text", "report_maker_text_cy", NULL });
      json_builder_end_object (b);
    }

  dg_stmt_reset (stmt);

  if (!add_children (db, b, id, error) ||
      !add_simple_list (db, b, id, "categories",
                        "SELECT category FROM referral_category WHERE referral_id = ?1 ORDER BY category",
                        NULL, error) ||
      !add_simple_list (db, b, id, "household",
                        "SELECT name, relationship, dob FROM household_member WHERE referral_id = ?1 ORDER BY id",
                        (const char *[]) { "name", "relationship", "dob", NULL }, error) ||
      !add_simple_list (db, b, id, "involved_agencies",
                        "SELECT agency, name, organisation FROM involved_agency WHERE referral_id = ?1 ORDER BY id",
                        (const char *[]) { "agency", "name", "organisation", NULL }, error) ||
      (previous && !add_previous (db, b, id, error)) ||
      (previous && !dg_register_add_json (db, b, id, error)) ||
      !add_meetings (db, b, id, error) ||
      !add_simple_list (db, b, id, "notifications",
                        "SELECT kind, language, format, method, recipient, sent_by, sent_at FROM notification "
                        "WHERE referral_id = ?1 ORDER BY sent_at, id",
                        (const char *[]) { "kind", "language", "format", "method", "recipient", "by", "at", NULL }, error) ||
      !add_simple_list (db, b, id, "events",
                        "SELECT kind, held_at, notes, recorded_by FROM cp_event WHERE referral_id = ?1 ORDER BY held_at, id",
                        (const char *[]) { "kind", "at", "notes", "by", NULL }, error) ||
      !add_ledger (db, b, id, error) ||
      !dg_clocks_add_json (db, b, id, now, error))
    return NULL;

  json_builder_end_object (b);
  return json_builder_get_root (b);
}
