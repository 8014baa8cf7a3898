#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>

#include "dg-referrals-private.h"
#include "dg-clocks.h"
#include "dg-time.h"
#include "dg-vocab.h"

/* The list, search as you type, filters, and earlier referrals about a
 * likely-same child. */

/* ---- Lists and search ------------------------------------------------------- */

/* The search predicate on referral_search: FTS5's MATCH on SQLite, the
 * tsvector column on PostgreSQL (its GIN index answers either way). */
static const char *
match_clause (DgDb *db)
{
  return dg_db_is_postgres (db) ? "doc @@ dg_search_query (:search)"
                                : "referral_search MATCH :search";
}

/* Turns what a person types into an FTS5 query: every word a prefix, all
 * required (on PostgreSQL the folded words, which dg_search_query () in the
 * schema turns into the same tsquery). */
static char *
fts_query (DgDb       *db,
           const char *text)
{
  g_autofree char *folded = dg_name_fold (text);
  g_auto(GStrv) words = g_strsplit (folded, " ", -1);
  GString *q = g_string_new (NULL);

  for (guint i = 0; words[i] != NULL; i++)
    {
      if (*words[i] == '\0')
        continue;
      /* Folded words hold only letters and digits, so quoting is enough. */
      if (dg_db_is_postgres (db))
        g_string_append_printf (q, "%s%s", q->len ? " " : "", words[i]);
      else
        g_string_append_printf (q, "%s\"%s\"*", q->len ? " AND " : "", words[i]);
    }

  if (q->len == 0)
    {
      g_string_free (q, TRUE);
      return NULL;
    }

  return g_string_free (q, FALSE);
}

static gboolean
has_filter (const char *value)
{
  return value != NULL && *value != '\0';
}

/* Builds the WHERE of a list query; values are bound by name (:search, …). */
/* Whether @q filters on the referral's own columns (beyond a search). */
static gboolean
filters_referral (const DgReferralQuery *q)
{
  return has_filter (q->status) || has_filter (q->rag) || has_filter (q->agency) || has_filter (q->school);
}

/* The search rows s (with @match) or the referrals r, narrowed by @q's
 * filters: a search reads the referrals only when a filter asks about them. */
static void
append_source (DgDb                  *db,
               GString               *sql,
               const DgReferralQuery *q,
               const char            *match)
{
  if (match != NULL)
    {
      g_string_append (sql, " FROM referral_search s");
      if (filters_referral (q))
        g_string_append (sql, " JOIN referral r ON r.id = s.rowid");
      g_string_append_printf (sql, " WHERE %s", match_clause (db));
    }
  else
    g_string_append (sql, " FROM referral r WHERE 1 = 1");
  if (has_filter (q->status))
    g_string_append (sql, " AND r.status = :status");
  if (has_filter (q->rag))
    g_string_append (sql, " AND r.rag = :rag");
  if (has_filter (q->agency))
    g_string_append (sql, " AND r.reporter_id IN (SELECT id FROM reporter WHERE agency = :agency)");
  if (has_filter (q->school))
    g_string_append (sql, " AND EXISTS (SELECT 1 FROM child c WHERE c.referral_id = r.id AND lower (c.school) = lower (:school))");
}

static void
bind_filters (DgStmt          *stmt,
              const DgReferralQuery *q,
              const char            *match)
{
  struct { const char *name; const char *value; } binds[] = {
    { ":search", match },
    { ":status", q->status },
    { ":rag", q->rag },
    { ":agency", q->agency },
    { ":school", q->school },
  };

  for (guint i = 0; i < G_N_ELEMENTS (binds); i++)
    {
      int index = dg_stmt_parameter_index (stmt, binds[i].name);
      if (index > 0)
        dg_stmt_bind_text (stmt, index, binds[i].value);
    }
}

static gboolean
check_query (const DgReferralQuery *q,
             GError               **error)
{
  if (has_filter (q->search))
    {
      g_autofree char *folded = dg_name_fold (q->search);
      g_auto(GStrv) words = g_strsplit (folded, " ", -1);
      guint n = 0;

      for (guint i = 0; words[i] != NULL; i++)
        n += *words[i] != '\0';
      if (n > DG_SEARCH_MAX_WORDS)
        {
          dg_error_set_field (error, DG_ERROR_INVALID, "search", NULL,
                              g_dngettext (GETTEXT_PACKAGE,
                                           "%u word is too many; a search takes at most %d words",
                                           "%u words are too many; a search takes at most %d words", n),
                              n, DG_SEARCH_MAX_WORDS);
          return FALSE;
        }
    }
  if (has_filter (q->status) && !dg_vocab_check (DG_VOCAB_STATUS, "status", q->status, error))
    return FALSE;
  if (has_filter (q->rag) && !dg_vocab_check (DG_VOCAB_RAG, "rag", q->rag, error))
    return FALSE;
  if (has_filter (q->agency) && !dg_vocab_check (DG_VOCAB_REPORTER_AGENCY, "agency", q->agency, error))
    return FALSE;
  return TRUE;
}

static guint
search_timeout_ms (void)
{
  const char *env = g_getenv ("DIOGELU_SEARCH_TIMEOUT_MS");
  guint64 ms = 0;

  if (env != NULL && g_ascii_string_to_unsigned (env, 10, 1, G_MAXINT, &ms, NULL))
    return (guint) ms;
  return 10000;
}

/* A search the person stopped waiting for (or a script killed) must not
 * keep the server busy: on PostgreSQL its statements run under a
 * statement_timeout, restored afterwards. */
static gboolean
search_limit_start (DgDb    *db,
                    GError **error)
{
  g_autofree char *sql = NULL;

  if (!dg_db_is_postgres (db))
    return TRUE;
  sql = g_strdup_printf ("SET statement_timeout = %u", search_timeout_ms ());
  return dg_db_exec (db, sql, error);
}

static void
search_limit_end (DgDb    *db,
                  GError **error)
{
  if (!dg_db_is_postgres (db))
    return;
  /* In a transaction a failed search aborted, RESET would fail too, and
   * the rollback undoes the SET anyway. */
  dg_db_exec (db, "RESET statement_timeout", NULL);
  /* A read takes no lock another session waits on, so the "locked" it may
   * meet is the timeout's cancel (57014). */
  if (error != NULL && *error != NULL && g_error_matches (*error, DG_ERROR, DG_ERROR_LOCKED))
    {
      g_clear_error (error);
      dg_error_set_field (error, DG_ERROR_LOCKED, "search", NULL,
                   _("The search took longer than %.1f s and was stopped; search with fewer or longer words"),
                   search_timeout_ms () / 1000.0);
    }
}

GArray *
dg_referral_list_ids (DgDb                  *db,
                      const DgReferralQuery *q,
                      guint                  limit,
                      GError               **error)
{
  static const DgReferralQuery empty = { 0 };
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GString) sql = g_string_new (NULL);
  g_autofree char *match = NULL;
  GError *local_error = NULL;
  DgStmt *stmt;
  gboolean has_row = FALSE;

  g_return_val_if_fail (DG_IS_DB (db), NULL);

  if (q == NULL)
    q = &empty;
  if (!check_query (q, error))
    return NULL;

  match = has_filter (q->search) ? fts_query (db, q->search) : NULL;

  /* Search results stream from the index newest-entered first, so a common
   * prefix answers as fast as a rare one; the full list follows received time. */
  g_string_append (sql, match != NULL ? "SELECT s.rowid" : "SELECT r.id");
  append_source (db, sql, q, match);
  g_string_append (sql, match != NULL ? " ORDER BY s.rowid DESC" : " ORDER BY r.received_at DESC, r.id DESC");
  if (limit > 0)
    g_string_append_printf (sql, " LIMIT %u", limit);

  stmt = dg_db_prepare (db, sql->str, error);
  if (stmt == NULL)
    return NULL;
  bind_filters (stmt, q, match);

  if (match != NULL && !search_limit_start (db, error))
    return NULL;
  while (dg_db_step (db, stmt, &has_row, &local_error) && has_row)
    {
      gint64 id = dg_stmt_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  dg_stmt_reset (stmt);
  if (match != NULL)
    search_limit_end (db, &local_error);

  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }

  return g_steal_pointer (&ids);
}

gint64
dg_referral_count (DgDb                  *db,
                   const DgReferralQuery *q,
                   GError               **error)
{
  static const DgReferralQuery empty = { 0 };
  g_autoptr(GString) sql = g_string_new ("SELECT count(*)");
  g_autofree char *match = NULL;
  GError *local_error = NULL;
  DgStmt *stmt;
  gboolean has_row = FALSE;
  gint64 count = -1;

  if (q == NULL)
    q = &empty;
  if (!check_query (q, error))
    return -1;

  match = has_filter (q->search) ? fts_query (db, q->search) : NULL;
  /* As the list reads them: a search's count is the index's alone. */
  append_source (db, sql, q, match);

  stmt = dg_db_prepare (db, sql->str, error);
  if (stmt == NULL)
    return -1;
  bind_filters (stmt, q, match);
  if (match != NULL && !search_limit_start (db, error))
    return -1;
  if (dg_db_step (db, stmt, &has_row, &local_error))
    count = dg_stmt_column_int64 (stmt, 0);
  dg_stmt_reset (stmt);
  if (match != NULL)
    search_limit_end (db, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return -1;
    }

  return count;
}

JsonArray *
dg_referral_summaries (DgDb          *db,
                       const gint64  *ids,
                       guint          n_ids,
                       GError       **error)
{
  g_autoptr(JsonArray) items = json_array_sized_new (n_ids);
  g_autoptr(GDateTime) now = NULL;
  DgStmt *stmt;

  g_return_val_if_fail (DG_IS_DB (db), NULL);

  now = dg_db_now (db);

  stmt = dg_db_prepare (db,
                        "SELECT r.id, r.reference, r.received_at, r.status, r.rag, "
                        "  (SELECT name FROM child c WHERE c.referral_id = r.id ORDER BY position LIMIT 1), "
                        "  (SELECT count(*) FROM child c WHERE c.referral_id = r.id), "
                        "  p.name, p.organisation, p.agency, d.outcome, d.decided_at, "
                        "  r.acknowledged_at, r.outcome_sent_at, p.language, k.clock, k.due "
                        "FROM referral r LEFT JOIN reporter p ON p.id = r.reporter_id "
                        "LEFT JOIN decision d ON d.referral_id = r.id "
                        /* The next clock still running: decision, then acknowledgement, then outcome. */
                        "LEFT JOIN clock k ON k.referral_id = r.id AND k.clock = "
                        "  (SELECT clock FROM clock WHERE referral_id = r.id AND done_at IS NULL "
                        "   AND clock IN ('decision', 'acknowledgement', 'outcome') "
                        "   ORDER BY CASE clock WHEN 'decision' THEN 0 WHEN 'acknowledgement' THEN 1 ELSE 2 END LIMIT 1) "
                        "WHERE r.id = ?1",
                        error);
  if (stmt == NULL)
    return NULL;

  for (guint i = 0; i < n_ids; i++)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      gboolean has_row = FALSE;
      dg_stmt_reset (stmt);
      dg_stmt_bind_int64 (stmt, 1, ids[i]);
      if (!dg_db_step (db, stmt, &has_row, error))
        return NULL;
      if (!has_row)
        continue;

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "id");
      json_builder_add_int_value (b, dg_stmt_column_int64 (stmt, 0));
      dg_referral_json_columns (b, stmt, 1, (const char *[]) { "reference", "received_at", "status", "rag", "child", NULL });
      json_builder_set_member_name (b, "children");
      json_builder_add_int_value (b, dg_stmt_column_int64 (stmt, 6));
      dg_referral_json_columns (b, stmt, 7, (const char *[]) { "reporter", "organisation", "agency", "outcome", NULL });
      dg_referral_json_text (b, "language", dg_stmt_column_text (stmt, 14));

      json_builder_set_member_name (b, "next_due");
      if (!dg_stmt_column_is_null (stmt, 15))
        {
          GDate due;

          dg_date_parse (dg_stmt_column_text (stmt, 16), "due", &due, NULL);
          json_builder_begin_object (b);
          dg_referral_json_columns (b, stmt, 15, (const char *[]) { "clock", "due", NULL });
          dg_referral_json_text (b, "state", dg_clock_state (&due, NULL, now));
          json_builder_end_object (b);
        }
      else
        json_builder_add_null_value (b);

      json_builder_end_object (b);
      json_array_add_element (items, json_builder_get_root (b));
    }
  dg_stmt_reset (stmt);

  return g_steal_pointer (&items);
}

/* ---- Repeat referrals ------------------------------------------------------- */

/* Welsh and English forms of the same first name, and common short forms. */
static const char * const name_variants[][6] = {
  { "dafydd", "david", "dai", "dave", "dewi", NULL },
  { "sion", "john", "ioan", "sean", "jac", NULL },
  { "sian", "jane", "jean", "janet", NULL, NULL },
  { "gwilym", "william", "will", "bill", "wil", NULL },
  { "rhys", "reece", "rees", "reese", NULL, NULL },
  { "catrin", "catherine", "katherine", "kate", "cath", NULL },
  { "ifan", "evan", "iwan", "ieuan", NULL, NULL },
  { "huw", "hugh", NULL, NULL, NULL, NULL },
  { "tomos", "thomas", "tom", "twm", NULL, NULL },
  { "elisabeth", "elizabeth", "beth", "bethan", "lisa", NULL },
  { "mared", "margaret", "megan", "meg", NULL, NULL },
  { "gruffudd", "griffith", "gruff", NULL, NULL, NULL },
  { "alex", "alexander", "alexandra", "alexa", "sasha", NULL },
  { "llywelyn", "llew", "lewis", NULL, NULL, NULL },
  { "sioned", "janet", "jenny", NULL, NULL, NULL },
  { "mari", "mary", "maria", "mair", NULL, NULL },
  { "owain", "owen", NULL, NULL, NULL, NULL },
  { "harri", "harry", "henry", NULL, NULL, NULL },
};

static gboolean
same_first_name (const char *a,
                 const char *b)
{
  if (g_str_equal (a, b))
    return TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (name_variants); i++)
    {
      gboolean has_a = FALSE, has_b = FALSE;

      for (guint j = 0; j < 6 && name_variants[i][j] != NULL; j++)
        {
          has_a |= g_str_equal (name_variants[i][j], a);
          has_b |= g_str_equal (name_variants[i][j], b);
        }
      if (has_a && has_b)
        return TRUE;
    }

  return FALSE;
}

/* Scores how likely two folded names (and dates of birth) are one child:
 * 0 is no match; higher is likelier. */
static int
match_score (const char  *key,
             const char  *dob,
             const char  *other_key,
             const char  *other_dob,
             const char **reason)
{
  g_auto(GStrv) a = g_strsplit (key, " ", -1);
  g_auto(GStrv) b = g_strsplit (other_key, " ", -1);
  guint na = g_strv_length (a), nb = g_strv_length (b);
  gboolean same_dob = dob != NULL && other_dob != NULL && g_str_equal (dob, other_dob);
  gboolean dob_conflict = dob != NULL && other_dob != NULL && !same_dob;
  gboolean same_surname = na > 1 && nb > 1 && g_str_equal (a[na - 1], b[nb - 1]);
  gboolean first_alike = na > 0 && nb > 0 && same_first_name (a[0], b[0]);
  guint distance = dg_text_edit_distance (key, other_key);

  if (g_str_equal (key, other_key))
    {
      if (dob_conflict)
        return 0;
      *reason = same_dob ? "same name and date of birth" : "same name";
      return same_dob ? 100 : 80;
    }
  if (same_dob && same_surname)
    {
      *reason = first_alike ? "name variant, same date of birth" : "same surname and date of birth";
      return first_alike ? 90 : 60;
    }
  if (!dob_conflict && same_surname && first_alike)
    {
      *reason = "name variant";
      return 70;
    }
  if (!dob_conflict && distance <= (g_utf8_strlen (key, -1) >= 10 ? 2u : 1u))
    {
      *reason = same_dob ? "similar spelling, same date of birth" : "similar spelling";
      return same_dob ? 85 : 50;
    }
  if (same_dob && distance <= 3)
    {
      *reason = "similar spelling, same date of birth";
      return 65;
    }

  return 0;
}

/* The part of the candidates' query that finds names sharing pieces of
 * @key (folded) through the trigram index over child.name_key (FTS5's
 * trigram tokenizer on SQLite, pg_trgm on PostgreSQL), and in @segments the
 * values to bind from ?3 on. A key of nine characters or more is cut in
 * three: one typo (a letter changed, added or lost) spoils at most one, so
 * the name typed with it still holds two of the other's three. A key of six
 * to eight is cut in two, of which the typo spoils one; as a short piece is
 * in many names ("geth" in every Gethin), only keys of its length give or
 * take one are asked. A shorter key has no piece a typo must leave (NULL):
 * its exact spelling and date of birth still find it. */
static char *
trigram_candidates (DgDb         *db,
                    const char   *key,
                    GStrv        *segments)
{
  glong n = g_utf8_strlen (key, -1);
  guint parts = n >= 9 ? 3 : n >= 6 ? 2 : 0;
  gboolean pg = dg_db_is_postgres (db);
  g_autoptr(GStrvBuilder) built = g_strv_builder_new ();
  g_autoptr(GString) either = g_string_new (NULL);
  g_auto(GStrv) pieces = NULL;

  *segments = NULL;
  if (parts == 0)
    return NULL;
  for (guint i = 0; i < parts; i++)
    {
      g_autofree char *piece = g_utf8_substring (key, n * i / parts, n * (i + 1) / parts);
      /* Folded keys hold letters, digits and single spaces: nothing that
       * quotes, LIKE's wildcards or FTS5's syntax would read otherwise. */
      g_autofree char *term = pg ? g_strdup_printf ("%%%s%%", piece) : g_strdup_printf ("\"%s\"", piece);

      g_strv_builder_add (built, term);
    }
  pieces = g_strv_builder_end (built);

  /* A typo spoils at most one piece: the others, all of them (any two of
   * three, either of two). */
  for (guint spoiled = 0; spoiled < parts; spoiled++)
    {
      g_string_append (either, either->len ? " OR (" : "(");
      for (guint i = 0, added = 0; i < parts; i++)
        if (i != spoiled)
          {
            g_string_append (either, added++ ? " AND " : "");
            if (pg)
              g_string_append_printf (either, "c.name_key LIKE ?%u", 3 + i);
            else
              g_string_append (either, pieces[i]);
          }
      g_string_append_c (either, ')');
    }
  if (pg)
    {
      *segments = g_steal_pointer (&pieces);
      if (parts == 2)
        return g_strdup_printf ("(%s) AND length (c.name_key) BETWEEN %ld AND %ld", either->str, n - 1, n + 1);
      return g_strdup_printf ("(%s)", either->str);
    }
  /* FTS5: one MATCH, the length's tag ("L8L") beside a short key's. */
  *segments = g_new0 (char *, 2);
  if (parts == 2)
    (*segments)[0] = g_strdup_printf ("(name_key : (%s)) AND (shape : (\"L%ldL\" OR \"L%ldL\" OR \"L%ldL\"))",
                                      either->str, n - 1, n, n + 1);
  else
    (*segments)[0] = g_strdup_printf ("name_key : (%s)", either->str);
  return g_strdup ("c.id IN (SELECT rowid FROM child_trigram WHERE child_trigram MATCH ?3)");
}

typedef struct
{
  gint64      id;
  int         score;
  const char *reason;
} Candidate;

static int
compare_candidates (gconstpointer pa,
                    gconstpointer pb)
{
  const Candidate *a = pa, *b = pb;

  if (a->score != b->score)
    return b->score - a->score;
  return a->id < b->id ? 1 : (a->id > b->id ? -1 : 0);
}

JsonArray *
dg_referral_find_similar (DgDb        *db,
                          const char  *name,
                          const char  *dob,
                          gint64       exclude_id,
                          guint        limit,
                          GError     **error)
{
  g_autofree char *key = dg_name_fold (name);
  g_autofree char *trigrams = NULL;
  g_auto(GStrv) segments = NULL;
  g_autofree char *sql = NULL;
  g_autoptr(GArray) found = g_array_new (FALSE, FALSE, sizeof (Candidate));
  g_autoptr(GHashTable) seen = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(JsonArray) result = json_array_new ();
  DgStmt *stmt;
  gboolean has_row = FALSE;

  g_return_val_if_fail (DG_IS_DB (db), NULL);

  if (*key == '\0')
    return g_steal_pointer (&result);
  if (dob != NULL && *dob == '\0')
    dob = NULL;

  /* Candidates: the same folded name, the same date of birth, or a name
   * sharing enough of this one's letters that one typo anywhere cannot hide
   * it (trigram_candidates ()). */
  trigrams = trigram_candidates (db, key, &segments);
  sql = g_strdup_printf ("SELECT c.referral_id, c.name_key, c.dob FROM child c WHERE c.name_key = ?1 "
                         "UNION SELECT c.referral_id, c.name_key, c.dob FROM child c WHERE c.dob = ?2 "
                         "%s%s LIMIT 20000",
                         trigrams ? "UNION SELECT c.referral_id, c.name_key, c.dob FROM child c WHERE " : "",
                         trigrams ? trigrams : "");
  stmt = dg_db_query (db, sql, error, DG_TEXT (key));
  if (stmt == NULL)
    return NULL;
  if (dob != NULL)
    dg_stmt_bind_text (stmt, 2, dob);
  for (guint i = 0; segments != NULL && segments[i] != NULL; i++)
    dg_stmt_bind_text (stmt, 3 + i, segments[i]);

  while (dg_db_step (db, stmt, &has_row, error) && has_row)
    {
      Candidate c = { dg_stmt_column_int64 (stmt, 0), 0, NULL };

      if (c.id == exclude_id)
        continue;
      c.score = match_score (key, dob, dg_stmt_column_text (stmt, 1), dg_stmt_column_text (stmt, 2), &c.reason);
      if (c.score == 0)
        continue;
      g_array_append_val (found, c);
    }
  dg_stmt_reset (stmt);
  if (error != NULL && *error != NULL)
    return NULL;

  g_array_sort (found, compare_candidates);

  for (guint i = 0; i < found->len && json_array_get_length (result) < limit; i++)
    {
      Candidate *c = &g_array_index (found, Candidate, i);
      g_autoptr(JsonBuilder) b = json_builder_new ();

      if (g_hash_table_contains (seen, &c->id))
        continue;
      g_hash_table_add (seen, &c->id);

      stmt = dg_db_query (db,
                          "SELECT r.reference, r.received_at, c.name, c.dob, d.outcome "
                          "FROM referral r JOIN child c ON c.referral_id = r.id "
                          "LEFT JOIN decision d ON d.referral_id = r.id "
                          "WHERE r.id = ?1 ORDER BY c.position LIMIT 1",
                          error, DG_INT (c->id));
      if (stmt == NULL)
        return NULL;
      if (!dg_db_step (db, stmt, &has_row, error))
        return NULL;
      if (has_row)
        {
          json_builder_begin_object (b);
          json_builder_set_member_name (b, "id");
          json_builder_add_int_value (b, c->id);
          dg_referral_json_columns (b, stmt, 0, (const char *[]) { "reference", "received_at", "child", "dob", "outcome", NULL });
          dg_referral_json_text (b, "reason", c->reason);
          json_builder_set_member_name (b, "score");
          json_builder_add_int_value (b, c->score);
          json_builder_end_object (b);
          json_array_add_element (result, json_builder_get_root (b));
        }
      dg_stmt_reset (stmt);
    }

  return g_steal_pointer (&result);
}

JsonArray *
dg_reporter_search (DgDb        *db,
                    const char  *text,
                    guint        limit,
                    GError     **error)
{
  g_autoptr(JsonArray) result = json_array_new ();
  g_autofree char *pattern = NULL;
  DgStmt *stmt;
  gboolean has_row = FALSE;
  const char *cols[] = { "name", "role", "organisation", "agency", "email", "phone", "language", NULL };

  if (text == NULL || *text == '\0')
    return g_steal_pointer (&result);

  pattern = g_strdup_printf ("%s%%", text);
  stmt = dg_db_query (db,
                      DG_DB_SQL (db,
                                 "SELECT id, name, role, organisation, agency, email, phone, language FROM reporter "
                                 "WHERE name LIKE ?1 ESCAPE '\\' OR organisation LIKE ?1 ESCAPE '\\' "
                                 "GROUP BY name, organisation, email ORDER BY max (id) DESC LIMIT ?2",
                                 /* The newest of each name, organisation and address, as SQLite's bare columns give it. */
                                 "SELECT id, name, role, organisation, agency, email, phone, language FROM reporter "
                                 "WHERE id IN (SELECT max (id) FROM reporter "
                                 "             WHERE name ILIKE ?1 ESCAPE '\\' OR organisation ILIKE ?1 ESCAPE '\\' "
                                 "             GROUP BY name, organisation, email) "
                                 "ORDER BY id DESC LIMIT ?2"),
                      error, DG_TEXT (pattern), DG_INT (limit));
  if (stmt == NULL)
    return NULL;

  while (dg_db_step (db, stmt, &has_row, error) && has_row)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "id");
      json_builder_add_int_value (b, dg_stmt_column_int64 (stmt, 0));
      dg_referral_json_columns (b, stmt, 1, cols);
      json_builder_end_object (b);
      json_array_add_element (result, json_builder_get_root (b));
    }
  dg_stmt_reset (stmt);

  if (error != NULL && *error != NULL)
    return NULL;

  return g_steal_pointer (&result);
}

GStrv
dg_referral_schools (DgDb    *db,
                     guint    limit,
                     GError **error)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  DgStmt *stmt;
  gboolean has_row = FALSE;

  /* Skips through the school index: one lookup per distinct name, so a
   * million children cost what a hundred do. */
  stmt = dg_db_query (db,
                      DG_DB_SQL (db,
                                 "WITH RECURSIVE s (name) AS ("
                                 "  SELECT min (school COLLATE NOCASE) FROM child "
                                 "  UNION ALL SELECT (SELECT min (school COLLATE NOCASE) FROM child "
                                 "                    WHERE school > s.name COLLATE NOCASE) "
                                 "  FROM s WHERE name IS NOT NULL) "
                                 "SELECT name FROM s WHERE name IS NOT NULL LIMIT ?1",
                                 "WITH RECURSIVE s (k) AS ("
                                 "  SELECT min (lower (school)) FROM child "
                                 "  UNION ALL SELECT (SELECT min (lower (school)) FROM child WHERE lower (school) > s.k) "
                                 "  FROM s WHERE k IS NOT NULL) "
                                 "SELECT (SELECT school FROM child WHERE lower (school) = s.k ORDER BY id LIMIT 1) "
                                 "FROM s WHERE k IS NOT NULL LIMIT ?1"),
                      error, DG_INT (limit));
  if (stmt == NULL)
    return NULL;
  while (dg_db_step (db, stmt, &has_row, error) && has_row)
    g_strv_builder_add (builder, dg_stmt_column_text (stmt, 0));
  dg_stmt_reset (stmt);

  if (error != NULL && *error != NULL)
    return NULL;
  return g_strv_builder_end (builder);
}
