#include "config.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>

#include "dg-meetings-private.h"
#include "dg-time.h"
#include "dg-vocab.h"

/* Reading meetings: one shown, the completeness of its invitations, those
 * of a period and the agencies' shares, in the inspectorate's quantity words. */

/* ---- Reading ------------------------------------------------------------------- */

JsonObject *
dg_meeting_completeness_of (DgDb    *db,
                            gint64   id,
                            gint64   referral_id,
                            GError **error)
{
  g_autoptr(GArray) expected = dg_meeting_expected_agencies (db, id, referral_id, error);
  g_autoptr(GHashTable) invited = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) excused = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  JsonObject *result;
  JsonArray *missing, *excused_list, *expected_list;
  DgStmt *stmt;
  gboolean has_row = FALSE;

  if (expected == NULL)
    return NULL;

  stmt = dg_db_query (db, "SELECT DISTINCT agency FROM invitee WHERE meeting_id = ?1", error, DG_INT (id));
  if (stmt == NULL)
    return NULL;
  while (dg_db_step (db, stmt, &has_row, error) && has_row)
    g_hash_table_add (invited, g_strdup (dg_stmt_column_text (stmt, 0)));
  dg_stmt_reset (stmt);

  stmt = dg_db_query (db, "SELECT agency, reason FROM meeting_exception WHERE meeting_id = ?1 ORDER BY agency",
                      error, DG_INT (id));
  if (stmt == NULL)
    return NULL;
  while (dg_db_step (db, stmt, &has_row, error) && has_row)
    g_hash_table_insert (excused, g_strdup (dg_stmt_column_text (stmt, 0)), g_strdup (dg_stmt_column_text (stmt, 1)));
  dg_stmt_reset (stmt);
  if (error != NULL && *error != NULL)
    return NULL;

  result = json_object_new ();
  missing = json_array_new ();
  excused_list = json_array_new ();
  expected_list = json_array_new ();
  for (guint i = 0; i < expected->len; i++)
    {
      const char *agency = g_array_index (expected, DgExpected, i).agency;
      /* Police and social services can never be excused: they are the minimum. */
      gboolean always = g_str_equal (agency, "police") || g_str_equal (agency, "social-services");

      json_array_add_string_element (expected_list, agency);
      if (g_hash_table_contains (invited, agency))
        continue;
      if (!always && g_hash_table_contains (excused, agency))
        {
          JsonObject *e = json_object_new ();
          json_object_set_string_member (e, "agency", agency);
          json_object_set_string_member (e, "reason", g_hash_table_lookup (excused, agency));
          json_array_add_object_element (excused_list, e);
          continue;
        }
      json_array_add_string_element (missing, agency);
    }

  json_object_set_boolean_member (result, "complete", json_array_get_length (missing) == 0);
  json_object_set_array_member (result, "missing", missing);
  json_object_set_array_member (result, "excused", excused_list);
  json_object_set_array_member (result, "expected", expected_list);
  return result;
}

JsonNode *
dg_meeting_completeness (DgDb    *db,
                         gint64   id,
                         GError **error)
{
  gint64 referral_id = 0;
  JsonObject *o;

  if (!dg_meeting_exists (db, id, &referral_id, error))
    return NULL;
  o = dg_meeting_completeness_of (db, id, referral_id, error);
  if (o == NULL)
    return NULL;
  return json_node_init_object (json_node_alloc (), o);
}

JsonNode *
dg_meeting_show (DgDb    *db,
                 gint64   id,
                 GError **error)
{
  g_autoptr(JsonObject) m = json_object_new ();
  JsonArray *invitees, *actions;
  JsonObject *done;
  DgStmt *stmt;
  gint64 referral_id;

  stmt = dg_db_query (db,
                      "SELECT m.id, m.referral_id, r.reference, m.kind, m.held_at, m.chair, "
                      "  o.determination, o.s47, o.summary, o.decided_at, o.decided_by, m.minutes_sent_at "
                      "FROM meeting m JOIN referral r ON r.id = m.referral_id "
                      "LEFT JOIN meeting_outcome o ON o.meeting_id = m.id WHERE m.id = ?1",
                      error, DG_INT (id));
  if (stmt == NULL ||
      !dg_db_step_row (db, stmt, error, DG_ERROR_NOT_FOUND, NULL, _("No meeting “%" PRId64 "”"), id))
    return NULL;

  referral_id = dg_stmt_column_int64 (stmt, 1);
  json_object_set_int_member (m, "id", dg_stmt_column_int64 (stmt, 0));
  json_object_set_int_member (m, "referral", referral_id);
  dg_stmt_set_members (stmt, 2, (const char *[]) { "reference", "kind", "at", "chair", NULL }, m);
  dg_stmt_set_members (stmt, 11, (const char *[]) { "minutes_sent_at", NULL }, m);
  if (dg_stmt_column_is_null (stmt, 6))
    json_object_set_null_member (m, "outcome");
  else
    {
      JsonObject *o = json_object_new ();
      json_object_set_string_member (o, "determination", dg_stmt_column_text (stmt, 6));
      json_object_set_boolean_member (o, "s47", dg_stmt_column_int (stmt, 7));
      dg_stmt_set_members (stmt, 8, (const char *[]) { "summary", "at", "by", NULL }, o);
      json_object_set_object_member (m, "outcome", o);
    }
  dg_stmt_reset (stmt);

  /* The contribution in the words of `meeting contribution`: "report"
   * received | none, "decision_maker" yes | no, null when not recorded. */
  stmt = dg_db_query (db,
                      "SELECT agency, name, organisation, status, invited_at, "
                      "  CASE report_received WHEN 1 THEN 'received' WHEN 0 THEN 'none' END, report_received_at, "
                      "  CASE decision_maker WHEN 1 THEN 'yes' WHEN 0 THEN 'no' END "
                      "FROM invitee WHERE meeting_id = ?1 ORDER BY id",
                      error, DG_INT (id));
  invitees = stmt ? dg_db_rows (db, stmt, (const char *[]) { "agency", "name", "org", "status", "invited_at",
                                                             "report", "report_at", "decision_maker", NULL }, error) : NULL;
  if (invitees == NULL)
    return NULL;
  json_object_set_array_member (m, "invitees", invitees);
  stmt = dg_db_query (db, "SELECT action, owner, due FROM meeting_action WHERE meeting_id = ?1 ORDER BY id", error, DG_INT (id));
  actions = stmt ? dg_db_rows (db, stmt, (const char *[]) { "action", "owner", "due", NULL }, error) : NULL;
  if (actions == NULL)
    return NULL;
  json_object_set_array_member (m, "actions", actions);

  done = dg_meeting_completeness_of (db, id, referral_id, error);
  if (done == NULL)
    return NULL;
  json_object_set_array_member (m, "excused", json_array_ref (json_object_get_array_member (done, "excused")));
  json_object_set_object_member (m, "completeness", done);

  return json_node_init_object (json_node_alloc (), m);
}

static char *
day_bound (const char  *date,
           gboolean     end,
           GError     **error,
           const char  *field)
{
  GDate d;

  if (date == NULL)
    return g_strdup (end ? "9999-12-31T23:59:59" : "0000-01-01T00:00:00");
  if (!dg_date_parse (date, field, &d, error))
    return NULL;
  return g_strdup_printf ("%sT%s", date, end ? "23:59:59" : "00:00:00");
}

/* The meetings held in [@from, @to] (dates; either may be %NULL), newest
 * first, as (meeting id, referral id) pairs. */
static GArray *
meetings_held (DgDb        *db,
               const char  *from,
               const char  *to,
               GError     **error)
{
  g_autofree char *lo = day_bound (from, FALSE, error, "from");
  g_autofree char *hi = lo ? day_bound (to, TRUE, error, "to") : NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64) * 2);
  DgStmt *stmt;
  gboolean has_row = FALSE;

  if (hi == NULL)
    return NULL;
  stmt = dg_db_query (db, "SELECT id, referral_id FROM meeting WHERE held_at BETWEEN ?1 AND ?2 ORDER BY held_at DESC, id DESC",
                      error, DG_TEXT (lo), DG_TEXT (hi));
  if (stmt == NULL)
    return NULL;
  while (dg_db_step (db, stmt, &has_row, error) && has_row)
    {
      gint64 pair[2] = { dg_stmt_column_int64 (stmt, 0), dg_stmt_column_int64 (stmt, 1) };
      g_array_append_val (ids, pair);
    }
  dg_stmt_reset (stmt);
  if (error != NULL && *error != NULL)
    return NULL;
  return g_steal_pointer (&ids);
}

JsonArray *
dg_meeting_list (DgDb       *db,
                 gboolean    incomplete_only,
                 const char *from,
                 const char *to,
                 guint       limit,
                 GError    **error)
{
  g_autoptr(JsonArray) items = json_array_new ();
  g_autoptr(GArray) ids = NULL;
  g_auto(DgDbSnapshot) snapshot = { 0 };

  /* One snapshot for every meeting's reads: one lock, not one per statement. */
  if (!dg_db_snapshot (db, &snapshot, error))
    return NULL;
  ids = meetings_held (db, from, to, error);
  if (ids == NULL)
    return NULL;

  for (guint i = 0; i < ids->len && (limit == 0 || json_array_get_length (items) < limit); i++)
    {
      gint64 *pair = &g_array_index (ids, gint64, i * 2);
      g_autoptr(JsonNode) shown = dg_meeting_show (db, pair[0], error);
      JsonObject *m, *c, *summary;

      if (shown == NULL)
        return NULL;
      m = json_node_get_object (shown);
      c = json_object_get_object_member (m, "completeness");
      if (incomplete_only && json_object_get_boolean_member (c, "complete"))
        continue;

      summary = json_object_new ();
      json_object_set_int_member (summary, "id", pair[0]);
      json_object_set_int_member (summary, "referral", pair[1]);
      json_object_set_string_member (summary, "reference", json_object_get_string_member (m, "reference"));
      json_object_set_string_member (summary, "kind", json_object_get_string_member (m, "kind"));
      json_object_set_string_member (summary, "at", json_object_get_string_member (m, "at"));
      json_object_set_member (summary, "chair", json_node_copy (json_object_get_member (m, "chair")));
      json_object_set_boolean_member (summary, "complete", json_object_get_boolean_member (c, "complete"));
      json_object_set_array_member (summary, "missing", json_array_ref (json_object_get_array_member (c, "missing")));
      json_object_set_int_member (summary, "invitees", json_array_get_length (json_object_get_array_member (m, "invitees")));
      json_object_set_member (summary, "outcome", json_node_copy (json_object_get_member (m, "outcome")));
      json_array_add_object_element (items, summary);
    }

  return g_steal_pointer (&items);
}

gboolean
dg_meeting_period_counts (DgDb       *db,
                          const char *from,
                          const char *to,
                          guint      *held,
                          guint      *complete,
                          GArray     *referrals,
                          GError    **error)
{
  g_autoptr(GArray) ids = NULL;
  g_auto(DgDbSnapshot) snapshot = { 0 };

  if (!dg_db_snapshot (db, &snapshot, error))
    return FALSE;
  ids = meetings_held (db, from, to, error);
  if (ids == NULL)
    return FALSE;

  *held = ids->len;
  *complete = 0;
  /* Completeness alone, without the rest of each meeting's record. */
  for (guint i = 0; i < ids->len; i++)
    {
      gint64 *pair = &g_array_index (ids, gint64, i * 2);
      JsonObject *done = dg_meeting_completeness_of (db, pair[0], pair[1], error);

      if (done == NULL)
        return FALSE;
      *complete += json_object_get_boolean_member (done, "complete");
      json_object_unref (done);
      g_array_append_val (referrals, pair[1]);
    }
  return TRUE;
}

JsonNode *
dg_meeting_agency_shares (DgDb       *db,
                          const char *from,
                          const char *to,
                          GError    **error)
{
  g_autofree char *lo = day_bound (from, FALSE, error, "from");
  g_autofree char *hi = lo ? day_bound (to, TRUE, error, "to") : NULL;
  g_auto(DgDbSnapshot) snapshot = { 0 };
  JsonObject *result;
  JsonArray *agencies;
  DgStmt *stmt;
  gboolean has_row = FALSE;
  gint64 meetings;

  if (hi == NULL || !dg_db_snapshot (db, &snapshot, error))
    return NULL;

  stmt = dg_db_query (db, "SELECT count(*) FROM meeting WHERE held_at BETWEEN ?1 AND ?2", error, DG_TEXT (lo), DG_TEXT (hi));
  if (stmt == NULL || !dg_db_step_int64 (db, stmt, &meetings, error))
    return NULL;

  /* Per agency: meetings that invited it, and meetings it attended. */
  stmt = dg_db_query (db,
                      "SELECT i.agency, count (DISTINCT i.meeting_id), "
                      "  count (DISTINCT CASE WHEN i.status = 'attended' THEN i.meeting_id END) "
                      "FROM invitee i JOIN meeting m ON m.id = i.meeting_id "
                      "WHERE m.held_at BETWEEN ?1 AND ?2 GROUP BY i.agency",
                      error, DG_TEXT (lo), DG_TEXT (hi));
  if (stmt == NULL)
    return NULL;

  result = json_object_new ();
  agencies = json_array_new ();
  {
    g_autoptr(GHashTable) counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

    while (dg_db_step (db, stmt, &has_row, error) && has_row)
      {
        gint64 *pair = g_new (gint64, 2);
        pair[0] = dg_stmt_column_int64 (stmt, 1);
        pair[1] = dg_stmt_column_int64 (stmt, 2);
        g_hash_table_insert (counts, g_strdup (dg_stmt_column_text (stmt, 0)), pair);
      }
    dg_stmt_reset (stmt);

    for (const DgTerm *t = dg_vocab_terms (DG_VOCAB_MEETING_AGENCY); t->id != NULL; t++)
      {
        gint64 *pair = g_hash_table_lookup (counts, t->id);
        gint64 invited = pair ? pair[0] : 0, attended = pair ? pair[1] : 0;
        double invited_share = meetings ? (double) invited / meetings : 0;
        double attended_share = meetings ? (double) attended / meetings : 0;
        JsonObject *a = json_object_new ();

        json_object_set_string_member (a, "agency", t->id);
        json_object_set_int_member (a, "invited", invited);
        json_object_set_int_member (a, "attended", attended);
        json_object_set_double_member (a, "invited_share", invited_share);
        json_object_set_double_member (a, "attended_share", attended_share);
        json_object_set_string_member (a, "invited_word", meetings ? dg_quantity_word (invited_share) : "none");
        json_object_set_string_member (a, "attended_word", meetings ? dg_quantity_word (attended_share) : "none");
        json_array_add_object_element (agencies, a);
      }
  }

  json_object_set_int_member (result, "meetings", meetings);
  json_object_set_array_member (result, "agencies", agencies);
  if (error != NULL && *error != NULL)
    {
      json_object_unref (result);
      return NULL;
    }
  return json_node_init_object (json_node_alloc (), result);
}

const char *
dg_quantity_word (double share)
{
  double pct = share * 100.0;

  if (pct >= 100.0) return "all";
  if (pct >= 90.0) return "most";
  if (pct >= 70.0) return "many";
  if (pct > 60.0) return "a-majority";
  if (pct > 49.5 && pct < 50.5) return "half";
  if (pct >= 40.0) return "around-half";
  if (pct >= 20.0) return "a-minority";
  if (pct >= 10.0) return "few";
  if (pct > 0.0) return "very-few";
  return "none";
}

const char *
dg_quantity_label (const char *word)
{
  static const DgTerm words[] = {
    { "all", N_("all") },
    { "most", N_("most") },
    { "many", N_("many") },
    { "a-majority", N_("the majority") },
    { "half", N_("half") },
    { "around-half", N_("around half") },
    { "a-minority", N_("a minority") },
    { "few", N_("few") },
    { "very-few", N_("very few") },
    { "none", N_("none") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    if (g_strcmp0 (words[i].id, word) == 0)
      return g_dgettext (GETTEXT_PACKAGE, words[i].label);
  return word;
}
