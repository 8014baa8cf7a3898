#include "config.h"

#include <glib/gi18n-lib.h>

#include "dg-clocks.h"
#include "dg-figures-private.h"
#include "dg-ledger.h"
#include "dg-meeting-figures.h"
#include "dg-meetings.h"
#include "dg-performance.h"
#include "dg-referrals.h"
#include "dg-time.h"
#include "dg-vocab.h"
#include "dg-workdays.h"

typedef struct
{
  gint64 count, on_time, late, excepted, overdue, pending;
} Tally;

/* One way of counting (per referral or per child): the clocks' tallies,
 * and by agency, school and month. */
typedef struct
{
  GHashTable *all, *agency, *school, *month;
} Tallies;

static void
tallies_init (Tallies *t)
{
  t->all = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  t->agency = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  t->school = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  t->month = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

static void
tallies_clear (Tallies *t)
{
  g_clear_pointer (&t->all, g_hash_table_unref);
  g_clear_pointer (&t->agency, g_hash_table_unref);
  g_clear_pointer (&t->school, g_hash_table_unref);
  g_clear_pointer (&t->month, g_hash_table_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Tallies, tallies_clear)

/* key "clock" or "clock\x1fgroup" → Tally */
static void
tally (GHashTable *table,
       const char *clock,
       const char *group,
       const char *state,
       gint64      n)
{
  g_autofree char *key = group ? g_strdup_printf ("%s\x1f%s", clock, group) : g_strdup (clock);
  Tally *t = g_hash_table_lookup (table, key);

  if (t == NULL)
    {
      t = g_new0 (Tally, 1);
      g_hash_table_insert (table, g_steal_pointer (&key), t);
    }
  t->count += n;
  if (g_str_equal (state, "on-time"))
    t->on_time += n;
  else if (g_str_equal (state, "late"))
    t->late += n;
  else if (g_str_equal (state, "excepted"))
    t->excepted += n;
  else if (g_str_equal (state, "overdue"))
    t->overdue += n;
  else
    t->pending += n;
}

static void
record (Tallies    *t,
        const char *clock,
        const char *state,
        const char *agency_id,
        const char *school_name,
        const char *month_key,
        gint64      n)
{
  tally (t->all, clock, NULL, state, n);
  tally (t->agency, clock, agency_id ? agency_id : "other", state, n);
  if (school_name != NULL)
    tally (t->school, clock, school_name, state, n);
  tally (t->month, clock, month_key, state, n);
}

/* A row of clocks counts n once per referral, and n + x per child (x: the
 * sum of their referrals' extra children, schema 25), in column n + 1. */
static void
record_both (Tallies    *event,
             Tallies    *child,
             DgStmt     *stmt,
             int         clock,
             int         state,
             int         agency,
             int         school,
             int         month,
             int         n)
{
  gint64 count = dg_stmt_column_int64 (stmt, n);

  record (event, dg_stmt_column_text (stmt, clock), dg_stmt_column_text (stmt, state),
          dg_stmt_column_text (stmt, agency), school < 0 ? NULL : dg_stmt_column_text (stmt, school),
          dg_stmt_column_text (stmt, month), count);
  record (child, dg_stmt_column_text (stmt, clock), dg_stmt_column_text (stmt, state),
          dg_stmt_column_text (stmt, agency), school < 0 ? NULL : dg_stmt_column_text (stmt, school),
          dg_stmt_column_text (stmt, month), count + dg_stmt_column_int64 (stmt, n + 1));
}

static JsonObject *
tally_json (const Tally *t)
{
  JsonObject *o = json_object_new ();
  gint64 measured = t->on_time + t->late + t->excepted + t->overdue;
  double share = measured ? (double) t->on_time / measured : 0;

  json_object_set_int_member (o, "count", t->count);
  json_object_set_int_member (o, "on_time", t->on_time);
  json_object_set_int_member (o, "late", t->late);
  json_object_set_int_member (o, "excepted", t->excepted);
  json_object_set_int_member (o, "overdue", t->overdue);
  json_object_set_int_member (o, "pending", t->pending);
  json_object_set_int_member (o, "measured", measured);
  json_object_set_double_member (o, "on_time_share", share);
  json_object_set_string_member (o, "word", measured ? dg_quantity_word (share) : "none");
  return o;
}

static int
compare_keys (gconstpointer a,
              gconstpointer b)
{
  return g_strcmp0 (*(const char **) a, *(const char **) b);
}

static JsonArray *
grouped (GHashTable *table,
         const char *group_name)
{
  guint n = 0;
  g_autofree gpointer *keys = g_hash_table_get_keys_as_array (table, &n);
  JsonArray *array = json_array_new ();

  qsort (keys, n, sizeof (gpointer), compare_keys);
  for (guint i = 0; i < n; i++)
    {
      const char *key = keys[i];
      g_auto(GStrv) parts = g_strsplit (key, "\x1f", 2);
      JsonObject *o = tally_json (g_hash_table_lookup (table, key));

      json_object_set_string_member (o, "clock", parts[0]);
      json_object_set_string_member (o, group_name, parts[1]);
      json_array_add_object_element (array, o);
    }
  return array;
}

/* The state of a stored clock, as dg_clock_state() gives it, in SQL; ?3 is today. */
#define STATE "CASE WHEN c.done_at IS NOT NULL THEN CASE WHEN substr (c.done_at, 1, 10) <= c.due THEN 'on-time' ELSE 'late' END " \
              "WHEN c.due < ?3 THEN 'overdue' ELSE 'pending' END"
/* The same for a running total (schema 5): running clocks are kept by due date. */
#define TOTAL_STATE(today) "CASE WHEN t.state <> 'running' THEN t.state WHEN t.due < " today " THEN 'overdue' ELSE 'pending' END"

/* [@from, @to] as the running totals hold it: the whole months inside it
 * (@first_month to @last_month, "YYYY-MM"), and the days before and after
 * them ([@from, @before] and [@after, @to]). Without a whole month, every
 * day is in the first range and the others are empty. */
static void
split_period (const char  *from,
              const char  *to,
              char       **before,
              char       **first_month,
              char       **last_month,
              char       **after)
{
  GDate f, t, first, last;

  g_date_clear (&f, 1);
  g_date_clear (&t, 1);
  g_date_set_parse (&f, from);
  g_date_set_parse (&t, to);
  g_return_if_fail (g_date_valid (&f) && g_date_valid (&t));

  /* The first day of the first whole month, and the last day of the last. */
  first = f;
  if (g_date_get_day (&first) != 1)
    {
      g_date_set_day (&first, 1);
      g_date_add_months (&first, 1);
    }
  last = t;
  if (!g_date_is_last_of_month (&last))
    {
      g_date_set_day (&last, 1);
      g_date_subtract_days (&last, 1);
    }

  if (g_date_compare (&first, &last) > 0)
    {
      /* Empty ranges: BETWEEN "9" AND a date holds nothing. */
      *before = g_strdup (to);
      *first_month = g_strdup ("9");
      *last_month = g_strdup (to);
      *after = g_strdup ("9");
      return;
    }
  *first_month = g_strdup_printf ("%04d-%02d", g_date_get_year (&first), g_date_get_month (&first));
  *last_month = g_strdup_printf ("%04d-%02d", g_date_get_year (&last), g_date_get_month (&last));
  g_date_subtract_days (&first, 1);
  g_date_add_days (&last, 1);
  *before = dg_date_to_string (&first);
  *after = dg_date_to_string (&last);
}

/* Adds to the tallies what the running totals do not hold: the agreed
 * exceptions (each moves its clock from late or overdue to excepted, once
 * per referral, in both ways of counting), then the children beyond the
 * first of each referral about several (per child only, in the state the
 * figures give their clock). Both are few, and read live. */
static gboolean
add_live (DgDb        *db,
          Tallies     *event,
          Tallies     *child,
          const char  *from,
          const char  *to,
          const char  *today,
          GError     **error)
{
  g_autofree char *next = dg_figure_day_after (to);
  g_autofree char *lo = g_strdup_printf ("%sT00:00:00", from);
  g_autofree char *hi = g_strdup_printf ("%sT23:59:59", to);
  g_autofree char *sql = NULL;
  gboolean has_row = FALSE;
  DgStmt *stmt;

  /* An agreed exception moves a late or overdue clock to "excepted": once,
   * and per child once for each of its referral's children. */
  sql = dg_figure_live_sql ("c.clock, " DG_FIGURE_AGENCY ", " DG_FIGURE_SCHOOL ", " DG_FIGURE_MONTH ", "
                            DG_FIGURE_BASE_STATE ("?5") ", count (*), " DG_FIGURE_EXTRA,
                            DG_FIGURE_EXTRA_JOIN, "AND (" DG_FIGURE_STATE ("?5") ") = 'excepted'", NULL, "1, 2, 3, 4, 5",
                            TRUE);
  stmt = dg_db_query (db, sql, error, DG_TEXT (from), DG_TEXT (next), DG_TEXT (lo), DG_TEXT (hi), DG_TEXT (today));
  if (stmt == NULL)
    return FALSE;
  while (dg_db_step (db, stmt, &has_row, error) && has_row)
    {
      const char *clock = dg_stmt_column_text (stmt, 0);
      const char *agency = dg_stmt_column_text (stmt, 1);
      const char *school = dg_stmt_column_text (stmt, 2);
      const char *month = dg_stmt_column_text (stmt, 3);
      gint64 n = dg_stmt_column_int64 (stmt, 5);
      gint64 per_child = n + dg_stmt_column_int64 (stmt, 6);

      record (event, clock, dg_stmt_column_text (stmt, 4), agency, school, month, -n);
      record (event, clock, "excepted", agency, school, month, n);
      record (child, clock, dg_stmt_column_text (stmt, 4), agency, school, month, -per_child);
      record (child, clock, "excepted", agency, school, month, per_child);
    }
  dg_stmt_reset (stmt);
  return error == NULL || *error == NULL;
}

static const char *report_clocks[] = { "confirmation", "acknowledgement", "decision", "outcome", "icpc", "first-core-group",
                                       "chase-reply", "disagreement-discussed", "escalation-answered" };

/* Sets "clocks", "by_agency", "by_school" and "by_month" of @result from @t. */
static void
set_figures (JsonObject *result,
             Tallies    *t)
{
  JsonArray *clock_list = json_array_new ();

  for (guint c = 0; c < G_N_ELEMENTS (report_clocks); c++)
    {
      Tally *found = g_hash_table_lookup (t->all, report_clocks[c]);
      Tally empty = { 0 };
      JsonObject *o = tally_json (found ? found : &empty);

      json_object_set_string_member (o, "clock", report_clocks[c]);
      json_array_add_object_element (clock_list, o);
    }
  json_object_set_array_member (result, "clocks", clock_list);
  json_object_set_array_member (result, "by_agency", grouped (t->agency, "agency"));
  json_object_set_array_member (result, "by_school", grouped (t->school, "school"));
  json_object_set_array_member (result, "by_month", grouped (t->month, "month"));
}

static JsonNode *
performance_report (DgDb        *db,
                    const char  *from,
                    const char  *to,
                    GError     **error)
{
  g_auto(Tallies) event = { 0 };
  g_auto(Tallies) child = { 0 };
  g_autoptr(GDateTime) now = dg_db_now (db);
  g_autofree char *lo = NULL, *hi = NULL, *today = NULL;
  g_autofree char *before = NULL, *first_month = NULL, *last_month = NULL, *after = NULL;
  JsonObject *result, *m, *ledger, *per_child;
  DgStmt *stmt;
  gboolean has_row = FALSE;
  gint64 held = 0, complete = 0;
  GDate date;

  if (from == NULL || to == NULL)
    {
      dg_error_set_field (error, DG_ERROR_INVALID, from == NULL ? "from" : "to", NULL, _("Required"));
      return NULL;
    }
  if (!dg_date_parse (from, "from", &date, error) || !dg_date_parse (to, "to", &date, error))
    return NULL;
  if (strcmp (from, to) > 0)
    {
      dg_error_set_field (error, DG_ERROR_INVALID, "to", NULL, _("“%s” is before the start of the period, “%s”"), to, from);
      return NULL;
    }
  tallies_init (&event);
  tallies_init (&child);
  lo = g_strdup_printf ("%sT00:00:00", from);
  hi = g_strdup_printf ("%sT23:59:59", to);
  today = g_date_time_format (now, "%Y-%m-%d");
  split_period (from, to, &before, &first_month, &last_month, &after);

  /* The referral clocks of the period's referrals (by day received), from
   * the running totals: the whole months' rows and the days at either end. */
  stmt = dg_db_query (db,
                      "SELECT t.clock, g.agency, g.school, t.month, " TOTAL_STATE ("?7") ", sum (t.n), sum (t.x) "
                      "FROM (SELECT clock, grp, substr (day, 1, 7) AS month, due, state, n, x FROM report_day WHERE day BETWEEN ?1 AND ?2 "
                      "      UNION ALL "
                      "      SELECT clock, grp, month, due, state, n, x FROM report_month WHERE month BETWEEN ?3 AND ?4 "
                      "      UNION ALL "
                      "      SELECT clock, grp, substr (day, 1, 7), due, state, n, x FROM report_day WHERE day BETWEEN ?5 AND ?6) t "
                      "JOIN report_group g ON g.id = t.grp "
                      "GROUP BY 1, 2, 3, 4, 5",
                      error, DG_TEXT (from), DG_TEXT (before), DG_TEXT (first_month), DG_TEXT (last_month),
                      DG_TEXT (after), DG_TEXT (to), DG_TEXT (today));
  if (stmt == NULL)
    return NULL;
  while (dg_db_step (db, stmt, &has_row, error) && has_row)
    record_both (&event, &child, stmt, 0, 4, 1, 2, 3, 5);
  dg_stmt_reset (stmt);
  if (error != NULL && *error != NULL)
    return NULL;

  /* Meetings held in the period: how many invited every expected agency. */
  stmt = dg_db_query (db, "SELECT count (*), coalesce (sum (complete), 0) FROM report_meeting WHERE held_at BETWEEN ?1 AND ?2",
                      error, DG_TEXT (lo), DG_TEXT (hi));
  if (stmt == NULL || !dg_db_step (db, stmt, &has_row, error))
    return NULL;
  held = dg_stmt_column_int64 (stmt, 0);
  complete = dg_stmt_column_int64 (stmt, 1);
  dg_stmt_reset (stmt);

  /* The conference clocks of the referrals with a meeting in the period,
   * each referral once: from the running totals by meeting day when its
   * meetings were on one day, and counted here when they were on several. */
  stmt = dg_db_query (db,
                      "SELECT t.clock, t.agency, t.month, " TOTAL_STATE ("?3") ", sum (t.n), sum (t.x) "
                      "FROM report_protection t WHERE t.day BETWEEN ?1 AND ?2 GROUP BY 1, 2, 3, 4 "
                      "UNION ALL "
                      "SELECT c.clock, coalesce (g.agency, 'other'), substr (k.day, 1, 7), " STATE ", count (*), sum (k.extra) "
                      "FROM report_key k JOIN report_group g ON g.id = k.grp "
                      "JOIN clock c ON c.referral_id = k.referral_id AND c.clock IN ('icpc', 'first-core-group') "
                      "WHERE k.meet = '*' "
                      "AND EXISTS (SELECT 1 FROM meeting m WHERE m.referral_id = k.referral_id AND m.held_at BETWEEN ?4 AND ?5) "
                      "GROUP BY 1, 2, 3, 4",
                      error, DG_TEXT (from), DG_TEXT (to), DG_TEXT (today), DG_TEXT (lo), DG_TEXT (hi));
  if (stmt == NULL)
    return NULL;
  while (dg_db_step (db, stmt, &has_row, error) && has_row)
    record_both (&event, &child, stmt, 0, 3, 1, -1, 2, 4);
  dg_stmt_reset (stmt);
  if (error != NULL && *error != NULL)
    return NULL;

  /* The report-maker's ledger clocks of the period's referrals (by day
   * received, as the referral clocks): few, so read from the stored clocks
   * by their own index rather than kept in running totals. */
  stmt = dg_db_query (db,
                      "SELECT c.clock, g.agency, g.school, substr (k.day, 1, 7), " STATE ", count (*), sum (k.extra) "
                      "FROM clock c JOIN report_key k ON k.referral_id = c.referral_id "
                      "JOIN report_group g ON g.id = k.grp "
                      "WHERE c.clock IN ('chase-reply', 'disagreement-discussed', 'escalation-answered') "
                      "  AND k.day BETWEEN ?1 AND ?2 "
                      "GROUP BY 1, 2, 3, 4, 5",
                      error, DG_TEXT (from), DG_TEXT (to), DG_TEXT (today));
  if (stmt == NULL)
    return NULL;
  while (dg_db_step (db, stmt, &has_row, error) && has_row)
    record_both (&event, &child, stmt, 0, 4, 1, 2, 3, 5);
  dg_stmt_reset (stmt);
  if (error != NULL && *error != NULL)
    return NULL;
  if (!add_live (db, &event, &child, from, to, today, error))
    return NULL;
  ledger = dg_ledger_figures (db, lo, hi, error);
  if (ledger == NULL)
    return NULL;

  result = json_object_new ();
  json_object_set_string_member (result, "from", from);
  json_object_set_string_member (result, "to", to);
  set_figures (result, &event);
  per_child = json_object_new ();
  set_figures (per_child, &child);
  json_object_set_object_member (result, "per_child", per_child);
  m = json_object_new ();
  json_object_set_int_member (m, "count", held);
  json_object_set_int_member (m, "complete", complete);
  json_object_set_double_member (m, "share", held ? (double) complete / held : 0);
  json_object_set_string_member (m, "word", held ? dg_quantity_word ((double) complete / held) : "none");
  json_object_set_object_member (result, "meetings", m);
  json_object_set_object_member (result, "chased", json_object_ref (json_object_get_object_member (ledger, "chased")));
  json_object_set_object_member (result, "disagreements",
                                 json_object_ref (json_object_get_object_member (ledger, "disagreements")));
  json_object_unref (ledger);
  if (!dg_meeting_figures_add (db, from, to, result, error))
    return json_object_unref (result), NULL;

  return json_node_init_object (json_node_alloc (), result);
}

gboolean
dg_performance_catch_up (DgDb     *db,
                         GError  **error)
{
  gboolean has_row = FALSE, ok;
  DgStmt *stmt;

  if (!dg_db_is_postgres (db) || dg_db_is_read_only (db))
    return TRUE;
  stmt = dg_db_prepare (db, "SELECT report_absorb ()", error);
  if (stmt == NULL)
    return FALSE;
  ok = dg_db_step (db, stmt, &has_row, error);
  dg_stmt_reset (stmt);
  return ok;
}

JsonNode *
dg_performance_report (DgDb        *db,
                       const char  *from,
                       const char  *to,
                       GError     **error)
{
  g_auto(DgDbSnapshot) snapshot = { 0 };

  if (!dg_performance_catch_up (db, error) ||
      !dg_db_snapshot (db, &snapshot, error))
    return NULL;
  return performance_report (db, from, to, error);
}

gboolean
dg_timescale_rule_set (DgDb        *db,
                       const char  *clock,
                       int          amount,
                       const char  *unit,
                       const char  *effective_from,
                       GError     **error)
{
  static const char *units[] = { "working-days", "weeks", "months", NULL };
  g_auto(DgDbWrite) write = { 0 };
  GDate date;

  if (!dg_vocab_check (DG_VOCAB_CLOCK, "CLOCK", clock, error))
    return FALSE;
  if (amount < 1 || amount > 365)
    {
      dg_error_set_field (error, DG_ERROR_INVALID, "amount", NULL, _("“%d” must be from 1 to 365"), amount);
      return FALSE;
    }
  if (unit == NULL || !g_strv_contains (units, unit))
    {
      dg_error_set_field (error, DG_ERROR_INVALID, "unit", NULL, _("“%s” is not one of working-days | weeks | months"), unit ? unit : "");
      return FALSE;
    }
  if (!dg_date_parse (effective_from, "from", &date, error))
    return FALSE;

  return dg_db_write (db, &write, error) &&
         dg_db_run (db,
                    "INSERT INTO timescale_rule (clock, effective_from, amount, unit, starts_at, source) "
                    "SELECT ?1, ?2, ?3, ?4, starts_at, 'local' FROM timescale_rule WHERE clock = ?1 "
                    "ORDER BY effective_from DESC LIMIT 1 "
                    "ON CONFLICT (clock, effective_from) DO UPDATE SET amount = excluded.amount, unit = excluded.unit",
                    error, DG_TEXT (clock), DG_TEXT (effective_from), DG_INT (amount), DG_TEXT (unit)) &&
         dg_db_audit_printf (db, "timescale", 0, "set", error,
                             "{\"clock\":\"%s\",\"amount\":%d,\"unit\":\"%s\",\"from\":\"%s\"}",
                             clock, amount, unit, effective_from) &&
         dg_db_commit (db, error);
}

JsonArray *
dg_timescale_rules (DgDb    *db,
                    GError **error)
{
  g_autoptr(JsonArray) rules = json_array_new ();
  DgStmt *stmt;
  gboolean has_row = FALSE;

  stmt = dg_db_prepare (db,
                        "SELECT clock, effective_from, amount, unit, starts_at, source FROM timescale_rule "
                        "ORDER BY clock, effective_from DESC",
                        error);
  if (stmt == NULL)
    return NULL;
  while (dg_db_step (db, stmt, &has_row, error) && has_row)
    {
      JsonObject *o = json_object_new ();

      dg_stmt_set_members (stmt, 0, (const char *[]) { "clock", "effective_from", NULL }, o);
      json_object_set_int_member (o, "amount", dg_stmt_column_int (stmt, 2));
      dg_stmt_set_members (stmt, 3, (const char *[]) { "unit", "starts_at", "source", NULL }, o);
      json_array_add_object_element (rules, o);
    }
  dg_stmt_reset (stmt);
  if (error != NULL && *error != NULL)
    return NULL;
  return g_steal_pointer (&rules);
}
