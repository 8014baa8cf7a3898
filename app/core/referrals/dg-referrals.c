#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>

#include "dg-referrals-private.h"
#include "dg-clocks.h"
#include "dg-drafts.h"
#include "dg-token.h"

/* Saving a new referral: its report-maker, children, lists, search row,
 * audit row and clocks, in one transaction. */

/* ---- Writing --------------------------------------------------------------- */

/* The next reference for a referral received in @year: the counter's
 * statement is sent ahead by the caller, then read here. */
static DgStmt *
reference_counter (DgDb        *db,
                   int          year,
                   GError     **error)
{
  return dg_db_query (db,
                      "INSERT INTO reference_counter (year, last) VALUES (?1, 1) "
                      "ON CONFLICT (year) DO UPDATE SET last = reference_counter.last + 1 RETURNING last",
                      error, DG_INT (year));
}

static char *
reference_read (DgDb        *db,
                DgStmt      *counter,
                int          year,
                GError     **error)
{
  gint64 last;

  if (!dg_db_step_int64 (db, counter, &last, error))
    return NULL;
  return g_strdup_printf ("DTR-%04d-%06" G_GINT64_FORMAT, year, last);
}

/* Binds ?1 to ?10 to a new report-maker's columns (name, role,
 * organisation, agency, email, phone, address, language, anonymous,
 * created_at). */
static void
bind_new_reporter (DgStmt      *stmt,
                   JsonObject  *reporter,
                   const char  *now)
{
  const char *agency = dg_referral_member_text (reporter, "agency");
  const char *language = dg_referral_member_text (reporter, "language");

  dg_stmt_bind_text (stmt, 1, dg_referral_member_text (reporter, "name") ? dg_referral_member_text (reporter, "name") : "");
  dg_stmt_bind_text (stmt, 2, dg_referral_member_text (reporter, "role"));
  dg_stmt_bind_text (stmt, 3, dg_referral_member_text (reporter, "organisation"));
  dg_stmt_bind_text (stmt, 4, agency ? agency : "other");
  dg_stmt_bind_text (stmt, 5, dg_referral_member_text (reporter, "email"));
  dg_stmt_bind_text (stmt, 6, dg_referral_member_text (reporter, "phone"));
  dg_stmt_bind_text (stmt, 7, dg_referral_member_text (reporter, "address"));
  dg_stmt_bind_text (stmt, 8, language ? language : "en");
  dg_stmt_bind_int64 (stmt, 9, dg_referral_member_bool (reporter, "anonymous"));
  dg_stmt_bind_text (stmt, 10, now);
}

/* The report-maker: an existing one by id (checked now), or a new one,
 * whose INSERT is sent ahead and returned in @insert for the caller to
 * read its id with dg_db_step_int64 (). */
static gboolean
reporter_begin (DgDb        *db,
                JsonObject  *reporter,
                const char  *now,
                gint64      *id,
                DgStmt     **insert,
                GError     **error)
{
  DgStmt *stmt;

  if (reporter != NULL && json_object_has_member (reporter, "id"))
    {
      *id = json_object_get_int_member (reporter, "id");
      stmt = dg_db_query (db, "SELECT 1 FROM reporter WHERE id = ?1", error, DG_INT (*id));
      if (stmt == NULL ||
          !dg_db_step_row (db, stmt, error, DG_ERROR_INVALID, "reporter.id", _("No report-maker with id %" PRId64), *id))
        return FALSE;
      dg_stmt_reset (stmt);
      return TRUE;
    }

  stmt = dg_db_prepare (db,
                        "INSERT INTO reporter (name, role, organisation, agency, email, phone, "
                        "  address, language, anonymous, created_at) "
                        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) RETURNING id",
                        error);
  if (stmt == NULL)
    return FALSE;
  bind_new_reporter (stmt, reporter, now);
  dg_db_send (db, stmt);
  *insert = stmt;
  return TRUE;
}

/* On a server, a new report-maker, the year's next reference and the
 * referral in one statement (one round trip and one statement's cost, not
 * three): the reference made as reference_read () makes it. Returns the
 * referral's id, and its reference and report-maker's id; 0 with @error
 * set on failure. */
static gint64
insert_row_pg (DgDb        *db,
               JsonObject  *input,
               JsonObject  *reporter,
               const char  *received,
               const char  *now,
               int          year,
               char       **reference,
               gint64      *reporter_id,
               gint64      *basis,
               char       **agency,
               GError     **error)
{
#define COUNTER(year) \
  "c AS (INSERT INTO reference_counter (year, last) VALUES (" year ", 1) " \
  "  ON CONFLICT (year) DO UPDATE SET last = reference_counter.last + 1 RETURNING year AS last_year, last) "
#define REFERRAL \
  "INSERT INTO referral (reference, received_at, channel, reporter_id, rag, " \
  "  concern, immediate_action, other_information, created_at, updated_at) "
  static const char *reference_sql =
    "'DTR-' || lpad (CAST (c.last_year AS text), 4, '0') || '-' || "
    "CASE WHEN c.last < 1000000 THEN lpad (CAST (c.last AS text), 6, '0') ELSE CAST (c.last AS text) END";
  g_autofree char *sql = NULL;
  gboolean has_row = FALSE;
  DgStmt *stmt, *unused = NULL;
  int first;
  gint64 id;

  if (reporter != NULL && json_object_has_member (reporter, "id"))
    {
      /* Known: checked first, as on a file. */
      if (!reporter_begin (db, reporter, now, reporter_id, &unused, error))
        return 0;
      sql = g_strdup_printf ("WITH " COUNTER ("?2") REFERRAL "SELECT %s, ?3, ?4, ?1, ?5, ?6, ?7, ?8, ?9, ?9 FROM c "
                             "RETURNING id, reference, reporter_id, " DG_CLOCKS_BASIS_SQL ", "
                             "(SELECT agency FROM reporter WHERE id = ?1)", reference_sql);
      stmt = dg_db_query (db, sql, error, DG_INT (*reporter_id));
      if (stmt == NULL)
        return 0;
      first = 2;
    }
  else
    {
      sql = g_strdup_printf ("WITH p AS (INSERT INTO reporter (name, role, organisation, agency, email, phone, "
                             "  address, language, anonymous, created_at) "
                             "  VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) RETURNING id), "
                             COUNTER ("?11") REFERRAL "SELECT %s, ?12, ?13, p.id, ?14, ?15, ?16, ?17, ?10, ?10 FROM p, c "
                             "RETURNING id, reference, reporter_id, " DG_CLOCKS_BASIS_SQL ", ?4", reference_sql);
      stmt = dg_db_prepare (db, sql, error);
      if (stmt == NULL)
        return 0;
      bind_new_reporter (stmt, reporter, now);
      first = 11;
    }
  dg_stmt_bind_int64 (stmt, first, year);
  dg_stmt_bind_text (stmt, first + 1, received);
  dg_stmt_bind_text (stmt, first + 2, dg_referral_member_text (input, "channel"));
  dg_stmt_bind_text (stmt, first + 3, dg_referral_member_text (input, "rag"));
  dg_stmt_bind_text (stmt, first + 4, dg_referral_member_text (input, "concern"));
  dg_stmt_bind_text (stmt, first + 5, dg_referral_member_text (input, "immediate_action"));
  dg_stmt_bind_text (stmt, first + 6, dg_referral_member_text (input, "other_information"));
  if (first == 2)
    dg_stmt_bind_text (stmt, first + 7, now);

  if (!dg_db_step (db, stmt, &has_row, error))
    return 0;
  id = dg_stmt_column_int64 (stmt, 0);
  *reference = g_strdup (dg_stmt_column_text (stmt, 1));
  *reporter_id = dg_stmt_column_int64 (stmt, 2);
  *basis = dg_stmt_column_int64 (stmt, 3);
  *agency = g_strdup (dg_stmt_column_text (stmt, 4));
  dg_stmt_reset (stmt);
  return id;
}
#undef COUNTER
#undef REFERRAL

/* The children in one multi-row INSERT (on a server one statement, not
 * one each), and their names and aliases for the search row as the index's
 * own query joins them: "name aliases" each, one space apart. */
static gboolean
insert_children (DgDb        *db,
                 gint64       referral_id,
                 JsonArray   *children,
                 GString     *names,
                 GError     **error)
{
  enum { N_COLUMNS = 16 };
  g_autoptr(GString) sql = NULL;
  guint n = children != NULL ? json_array_get_length (children) : 0;
  DgStmt *stmt;

  if (n == 0)
    return TRUE;
  sql = g_string_new ("INSERT INTO child (referral_id, position, name, name_key, aliases, dob, "
                      "  dob_expected, gender, address, ethnicity, first_language, religion, "
                      "  interpreter_needed, additional_needs, school, attendance, "
                      "  parental_responsibility) VALUES ");
  for (guint i = 0; i < n; i++)
    {
      g_string_append (sql, i > 0 ? ", (?1" : "(?1");
      for (guint c = 0; c < N_COLUMNS; c++)
        g_string_append_printf (sql, ", ?%u", 2 + i * N_COLUMNS + c);
      g_string_append_c (sql, ')');
    }
  stmt = dg_db_query (db, sql->str, error, DG_INT (referral_id));
  if (stmt == NULL)
    return FALSE;

  for (guint i = 0; i < n; i++)
    {
      JsonObject *child = json_array_get_object_element (children, i);
      g_autofree char *key = dg_name_fold (dg_referral_member_text (child, "name"));
      g_autofree char *name = g_strstrip (g_strdup (dg_referral_member_text (child, "name")));
      const char *aliases = dg_referral_member_text (child, "aliases");
      int first = 2 + i * N_COLUMNS;

      dg_stmt_bind_int64 (stmt, first, i);
      dg_stmt_bind_text (stmt, first + 1, name);
      dg_stmt_bind_text (stmt, first + 2, key);
      dg_stmt_bind_text (stmt, first + 3, aliases);
      dg_stmt_bind_text (stmt, first + 4, dg_referral_member_text (child, "dob"));
      dg_stmt_bind_int64 (stmt, first + 5, dg_referral_member_bool (child, "dob_expected"));
      dg_stmt_bind_text (stmt, first + 6, dg_referral_member_text (child, "gender"));
      dg_stmt_bind_text (stmt, first + 7, dg_referral_member_text (child, "address"));
      dg_stmt_bind_text (stmt, first + 8, dg_referral_member_text (child, "ethnicity"));
      dg_stmt_bind_text (stmt, first + 9, dg_referral_member_text (child, "first_language"));
      dg_stmt_bind_text (stmt, first + 10, dg_referral_member_text (child, "religion"));
      dg_stmt_bind_int64 (stmt, first + 11, dg_referral_member_bool (child, "interpreter_needed"));
      dg_stmt_bind_text (stmt, first + 12, dg_referral_member_text (child, "additional_needs"));
      dg_stmt_bind_text (stmt, first + 13, dg_referral_member_text (child, "school"));
      dg_stmt_bind_text (stmt, first + 14, dg_referral_member_text (child, "attendance"));
      dg_stmt_bind_text (stmt, first + 15, dg_referral_member_text (child, "parental_responsibility"));

      /* group_concat skips a child without a name, as this does. */
      if (name != NULL)
        g_string_append_printf (names, "%s%s %s", names->len > 0 ? " " : "", name, aliases ? aliases : "");
    }

  return dg_db_step_later (db, stmt, error);
}

/* Inserts each object of the list @member with three text columns @fields. */
static gboolean
insert_list (DgDb         *db,
             gint64        referral_id,
             JsonObject   *input,
             const char   *member,
             const char   *sql,
             const char  **fields,
             GError      **error)
{
  JsonArray *array = NULL;

  dg_referral_input_array (input, member, &array, NULL);
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonObject *obj = json_array_get_object_element (array, i);
      DgStmt *stmt = dg_db_query (db, sql, error, DG_INT (referral_id), DG_TEXT (dg_referral_member_text (obj, fields[0])),
                                  DG_TEXT (dg_referral_member_text (obj, fields[1])), DG_TEXT (dg_referral_member_text (obj, fields[2])));

      if (stmt == NULL || !dg_db_step_later (db, stmt, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
insert_extras (DgDb        *db,
               gint64       referral_id,
               JsonObject  *input,
               const char  *now,
               GError     **error)
{
  JsonArray *array = NULL;
  DgStmt *stmt;

  /* The categories in one statement; one given twice is kept once. */
  dg_referral_input_array (input, "categories", &array, NULL);
  if (array != NULL && json_array_get_length (array) > 0)
    {
      g_autoptr(GString) sql = g_string_new ("INSERT INTO referral_category (referral_id, category) VALUES ");

      for (guint i = 0; i < json_array_get_length (array); i++)
        g_string_append_printf (sql, "%s(?1, ?%u)", i > 0 ? ", " : "", 2 + i);
      g_string_append (sql, " ON CONFLICT DO NOTHING");
      stmt = dg_db_query (db, sql->str, error, DG_INT (referral_id));
      if (stmt == NULL)
        return FALSE;
      for (guint i = 0; i < json_array_get_length (array); i++)
        dg_stmt_bind_text (stmt, 2 + i, json_array_get_string_element (array, i));
      if (!dg_db_step_later (db, stmt, error))
        return FALSE;
    }

  if (!insert_list (db, referral_id, input, "household",
                    "INSERT INTO household_member (referral_id, name, relationship, dob) VALUES (?1, ?2, ?3, ?4)",
                    (const char *[]) { "name", "relationship", "dob" }, error) ||
      !insert_list (db, referral_id, input, "involved_agencies",
                    "INSERT INTO involved_agency (referral_id, agency, name, organisation) VALUES (?1, ?2, ?3, ?4)",
                    (const char *[]) { "agency", "name", "organisation" }, error))
    return FALSE;

  dg_referral_input_array (input, "links", &array, NULL);
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    if (!dg_referral_link (db, referral_id, json_array_get_int_element (array, i), error))
      return FALSE;

  return TRUE;
}

/* Indexes the referrals with ids @first to @last for search. On SQLite the
 * names are folded by dg_name_fold () (its SQL function dg_fold ()), as the
 * words searched for are, so that FTS5's tokenizer, which keeps ł, ø, æ,
 * sees them spelt as PostgreSQL's unaccent spells them (there the search
 * column's own folding does it). */
static gboolean
index_referrals (DgDb        *db,
                 gint64       first,
                 gint64       last,
                 GError     **error)
{
  g_autofree char *sql = g_strdup_printf (
    "INSERT INTO referral_search (rowid, reference, names, organisation, concern) "
    "SELECT r.id, r.reference, "
    "  (SELECT %s (%s (c.name || ' ' || coalesce (c.aliases, ''), ' ')) "
    "     FROM child c WHERE c.referral_id = r.id), "
    "  (SELECT coalesce (p.organisation, '') || ' ' || p.name FROM reporter p WHERE p.id = r.reporter_id), "
    "  r.concern "
    "FROM referral r WHERE r.id BETWEEN ?1 AND ?2",
    DG_DB_SQL (db, "dg_fold", ""), DG_DB_GROUP_CONCAT (db));
  DgStmt *stmt;

  stmt = dg_db_query (db, sql, error, DG_INT (first), DG_INT (last));
  return stmt != NULL && dg_db_step_later (db, stmt, error);
}

gboolean
dg_referral_replace_children (DgDb       *db,
                              gint64      id,
                              JsonArray  *children,
                              GError    **error)
{
  g_autoptr(GString) names = g_string_new (NULL);

  return dg_db_run (db, "DELETE FROM child WHERE referral_id = ?1", error, DG_INT (id)) &&
         insert_children (db, id, children, names, error);
}

gboolean
dg_referral_reindex (DgDb     *db,
                     gint64    id,
                     GError  **error)
{
  return dg_db_run (db, "DELETE FROM referral_search WHERE rowid = ?1", error, DG_INT (id)) &&
         index_referrals (db, id, id, error);
}

#define INDEX_DEFERRED "dg-referral-index-deferred"

typedef struct
{
  gint64 first, last;
} Deferred;

/* Indexes the new referral @id, whose rows are being written, from the
 * values at hand (@names as insert_children () joins them, NULL without
 * any), as index_referrals () would from its rows. While deferred, a
 * referral is only noted (ids only grow, so a range holds them all);
 * indexed now, FTS5 would write its pending terms to disk at the next
 * statement of the transaction, a segment per referral. */
static gboolean
index_referral (DgDb        *db,
                gint64       id,
                const char  *reference,
                const char  *names,
                gint64       reporter_id,
                const char  *concern,
                GError     **error)
{
  Deferred *deferred = g_object_get_data (G_OBJECT (db), INDEX_DEFERRED);
  g_autofree char *folded = NULL;
  DgStmt *stmt;

  if (deferred != NULL)
    {
      deferred->first = deferred->first == 0 ? id : MIN (deferred->first, id);
      deferred->last = MAX (deferred->last, id);
      return TRUE;
    }

  folded = names != NULL && !dg_db_is_postgres (db) ? dg_name_fold (names) : g_strdup (names);
  stmt = dg_db_query (db,
                      "INSERT INTO referral_search (rowid, reference, names, organisation, concern) "
                      "VALUES (?1, ?2, ?3, "
                      "  (SELECT coalesce (p.organisation, '') || ' ' || p.name FROM reporter p WHERE p.id = ?4), ?5)",
                      error, DG_INT (id), DG_TEXT (reference), DG_TEXT (folded), DG_INT (reporter_id), DG_TEXT (concern));
  return stmt != NULL && dg_db_step_later (db, stmt, error);
}

void
dg_referral_defer_index (DgDb *db)
{
  g_return_if_fail (DG_IS_DB (db));

  if (g_object_get_data (G_OBJECT (db), INDEX_DEFERRED) == NULL)
    g_object_set_data_full (G_OBJECT (db), INDEX_DEFERRED, g_new0 (Deferred, 1), g_free);
}

gboolean
dg_referral_flush_index (DgDb     *db,
                         GError  **error)
{
  Deferred *deferred;

  g_return_val_if_fail (DG_IS_DB (db), FALSE);

  deferred = g_object_get_data (G_OBJECT (db), INDEX_DEFERRED);
  if (deferred == NULL || deferred->first == 0)
    return TRUE;
  if (!index_referrals (db, deferred->first, deferred->last, error))
    return FALSE;
  deferred->first = deferred->last = 0;
  return TRUE;
}

gboolean
dg_referral_index_range (DgDb     *db,
                         gint64    first,
                         gint64    last,
                         GError  **error)
{
  g_return_val_if_fail (DG_IS_DB (db), FALSE);

  return first > last || index_referrals (db, first, last, error);
}

void
dg_referral_undefer_index (DgDb *db)
{
  g_return_if_fail (DG_IS_DB (db));

  g_object_set_data (G_OBJECT (db), INDEX_DEFERRED, NULL);
}

static gint64 referral_insert (DgDb        *db,
                               JsonObject  *input,
                               gboolean     own_clocks,
                               GError     **error);

/* One attempt; with @own_clocks, a new referral's clocks are computed here
 * rather than read back before the commit (dg_clocks_store_new()). */
static gint64
add_once (DgDb        *db,
          JsonObject  *input,
          const char  *draft_slot,
          const char  *client_token,
          gboolean     own_clocks,
          gboolean    *repeated,
          GError     **error)
{
  g_autofree char *earlier = NULL;
  g_autofree char *result = NULL;
  g_auto(DgDbWrite) write = { 0 };
  gint64 id;

  if (!dg_db_write (db, &write, error))
    return 0;

  /* A retry of a save whose outcome its script never heard: the first one's
   * referral (and this transaction, which wrote nothing, rolled back). */
  if (client_token != NULL && !dg_token_find (db, client_token, "referral add", &earlier, error))
    return 0;
  if (earlier != NULL)
    {
      *repeated = TRUE;
      return g_ascii_strtoll (earlier, NULL, 10);
    }

  id = referral_insert (db, input, own_clocks, error);
  /* The draft goes with the same commit: never lost, never saved twice. */
  if (id != 0)
    result = g_strdup_printf ("%" G_GINT64_FORMAT, id);
  if (id == 0 ||
      (draft_slot != NULL && !dg_draft_discard (db, DG_DRAFT_REFERRAL, draft_slot, error)) ||
      (client_token != NULL && !dg_token_record (db, client_token, "referral add", result, error)) ||
      !dg_db_commit (db, error))
    return 0;

  return id;
}

static gint64
add (DgDb        *db,
     JsonObject  *input,
     const char  *draft_slot,
     const char  *client_token,
     gboolean    *repeated,
     GError     **error)
{
  GError *local_error = NULL;
  gint64 id;

  if (!dg_referral_validate (db, input, error))
    return 0;
  if (!dg_db_is_postgres (db))
    return add_once (db, input, draft_slot, client_token, FALSE, repeated, error);

  /* On a server the save computes its clocks itself; should anything else
   * have moved clocks in the same transaction, the server refuses the
   * commit (nothing saved) and the save runs again the usual way. */
  id = add_once (db, input, draft_slot, client_token, TRUE, repeated, &local_error);
  if (id == 0 && g_error_matches (local_error, DG_ERROR, DG_ERROR_LOCKED))
    {
      g_clear_error (&local_error);
      id = add_once (db, input, draft_slot, client_token, FALSE, repeated, &local_error);
    }
  if (local_error != NULL)
    g_propagate_error (error, local_error);
  return id;
}

gint64
dg_referral_add (DgDb        *db,
                 JsonObject  *input,
                 const char  *draft_slot,
                 GError     **error)
{
  gboolean repeated = FALSE;

  g_return_val_if_fail (DG_IS_DB (db), 0);
  g_return_val_if_fail (input != NULL, 0);

  return add (db, input, draft_slot, NULL, &repeated, error);
}

gint64
dg_referral_add_once (DgDb        *db,
                      JsonObject  *input,
                      const char  *client_token,
                      gboolean    *repeated,
                      GError     **error)
{
  g_return_val_if_fail (DG_IS_DB (db), 0);
  g_return_val_if_fail (input != NULL, 0);
  g_return_val_if_fail (repeated != NULL, 0);

  *repeated = FALSE;
  return add (db, input, NULL, client_token, repeated, error);
}

gint64
dg_referral_insert (DgDb        *db,
                    JsonObject  *input,
                    GError     **error)
{
  g_return_val_if_fail (DG_IS_DB (db), 0);
  g_return_val_if_fail (input != NULL, 0);

  return referral_insert (db, input, FALSE, error);
}

static gint64
referral_insert (DgDb        *db,
                 JsonObject  *input,
                 gboolean     own_clocks,
                 GError     **error)
{
  g_autofree char *now = NULL;
  g_autofree char *received = NULL;
  g_autofree char *reference = NULL;
  g_autoptr(GString) names = g_string_new (NULL);
  JsonObject *reporter = NULL;
  JsonArray *children = NULL;
  DgStmt *stmt, *reporter_insert = NULL, *counter;
  gint64 reporter_id = 0;
  gint64 id = 0;
  int year;

  now = dg_db_now_string (db);
  received = dg_referral_checked_time (db, "received_at", dg_referral_member_text (input, "received_at"), error);
  if (received == NULL)
    return 0;
  if (json_object_has_member (input, "reporter") &&
      JSON_NODE_HOLDS_OBJECT (json_object_get_member (input, "reporter")))
    reporter = json_object_get_object_member (input, "reporter");
  dg_referral_input_array (input, "children", &children, NULL);

  year = atoi (received);
  if (dg_db_is_postgres (db))
    {
      g_autofree char *agency = NULL;
      gint64 basis = 0;

      id = insert_row_pg (db, input, reporter, received, now, year, &reference, &reporter_id, &basis, &agency, error);
      if (id == 0 ||
          (own_clocks &&
           !dg_clocks_store_new (db, id, basis, dg_referral_member_text (input, "channel"), agency, received, error)))
        return 0;
      goto inserted;
    }
  if (!reporter_begin (db, reporter, now, &reporter_id, &reporter_insert, error))
    return 0;
  counter = reference_counter (db, year, error);
  if (counter == NULL)
    return 0;
  dg_db_send (db, counter);
  if (reporter_insert != NULL && !dg_db_step_int64 (db, reporter_insert, &reporter_id, error))
    return 0;
  reference = reference_read (db, counter, year, error);
  if (reference == NULL)
    return 0;

  stmt = dg_db_query (db,
                      "INSERT INTO referral (reference, received_at, channel, reporter_id, rag, "
                      "  concern, immediate_action, other_information, created_at, updated_at) "
                      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9) RETURNING id",
                      error, DG_TEXT (reference), DG_TEXT (received), DG_TEXT (dg_referral_member_text (input, "channel")),
                      DG_INT (reporter_id), DG_TEXT (dg_referral_member_text (input, "rag")), DG_TEXT (dg_referral_member_text (input, "concern")),
                      DG_TEXT (dg_referral_member_text (input, "immediate_action")), DG_TEXT (dg_referral_member_text (input, "other_information")),
                      DG_TEXT (now));
  if (stmt == NULL || !dg_db_step_int64 (db, stmt, &id, error))
    return 0;

inserted:
  if (!insert_children (db, id, children, names, error) ||
      !insert_extras (db, id, input, now, error) ||
      !index_referral (db, id, reference, names->len > 0 ? names->str : NULL,
                       reporter_id, dg_referral_member_text (input, "concern"), error))
    return 0;
  /* A language the report-maker gave is their answer to the active offer,
   * made as the report came in; without one, letters go in both. */
  if (reporter != NULL && dg_referral_member_text (reporter, "language") != NULL &&
      !dg_referral_record_offer (db, id, "report-maker", dg_referral_member_text (reporter, "name"),
                                 dg_referral_member_text (reporter, "language"), received, NULL, error))
    return 0;

  if (!dg_db_audit_printf (db, "referral", id, "create", error, "{\"reference\":\"%s\"}", reference))
    return 0;

  return id;
}
