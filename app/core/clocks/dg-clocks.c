#include "config.h"

#include <glib/gi18n-lib.h>

#include "dg-calendar-days.h"
#include "dg-clocks-private.h"
#include "dg-time.h"

static gboolean
date_of (const char *stored,
         GDate      *date)
{
  g_autofree char *day = NULL;

  if (stored == NULL || strlen (stored) < 10)
    return FALSE;

  day = g_strndup (stored, 10);
  return dg_date_parse (day, "date", date, NULL);
}

const char *
dg_clock_state (const GDate *due,
                const char  *done_at,
                GDateTime   *now)
{
  GDate day;

  /* Something done on its due date is on time. */
  if (done_at != NULL && date_of (done_at, &day))
    return g_date_compare (&day, due) <= 0 ? "on-time" : "late";

  g_date_clear (&day, 1);
  g_date_set_dmy (&day, g_date_time_get_day_of_month (now),
                  g_date_time_get_month (now), g_date_time_get_year (now));

  return g_date_compare (&day, due) <= 0 ? "pending" : "overdue";
}

/* @start_day plus @amount @unit (working-days, weeks or months). A period
 * in weeks or months that ends on a weekend, a bank holiday or a closure day
 * ends on the last working day before it: the meeting must be held within
 * the period. */
static void
due_by_rule (DgCalendar  *calendar,
             const GDate *start_day,
             int          amount,
             const char  *unit,
             GDate       *due)
{
  *due = *start_day;
  if (g_str_equal (unit, "working-days"))
    {
      dg_calendar_add_working_days (calendar, start_day, amount, due);
      return;
    }
  if (g_str_equal (unit, "weeks"))
    g_date_add_days (due, 7 * amount);
  else
    g_date_add_months (due, amount);
  while (!dg_calendar_is_working_day (calendar, due))
    g_date_subtract_days (due, 1);
}

/* A timescale rule: @amount @unit for @clock, from @from. */
typedef struct
{
  char   *clock;
  char   *from;
  int     amount;
  char   *unit;
} Rule;

static void
rule_clear (gpointer data)
{
  Rule *rule = data;

  g_free (rule->clock);
  g_free (rule->from);
  g_free (rule->unit);
}

GArray *
dg_clock_rules_new (void)
{
  GArray *rules = g_array_new (FALSE, TRUE, sizeof (Rule));

  g_array_set_clear_func (rules, rule_clear);
  return rules;
}

/* Adds the rule in @stmt's columns @first (clock), effective from, amount
 * (as text) and unit. */
static void
rules_add (GArray *rules,
           DgStmt *stmt,
           int     first)
{
  Rule rule = { g_strdup (dg_stmt_column_text (stmt, first)), g_strdup (dg_stmt_column_text (stmt, first + 1)),
                (int) g_ascii_strtoll (dg_stmt_column_text (stmt, first + 2), NULL, 10),
                g_strdup (dg_stmt_column_text (stmt, first + 3)) };

  g_array_append_val (rules, rule);
}

/* The due date of @clock started at @start, by the rule of @rules in force
 * on the day it started. */
static gboolean
due_by_rules (GArray      *rules,
              DgCalendar  *calendar,
              const char  *clock,
              const char  *start,
              GDate       *due,
              GError     **error)
{
  g_autofree char *day = NULL;
  Rule *rule = NULL;
  GDate start_day;

  if (!date_of (start, &start_day))
    {
      g_set_error (error, DG_ERROR, DG_ERROR_INVALID, _("%s: no valid start time"), clock);
      return FALSE;
    }
  day = g_strndup (start, 10);
  for (guint i = 0; i < rules->len; i++)
    {
      Rule *r = &g_array_index (rules, Rule, i);

      if (g_strcmp0 (r->clock, clock) == 0 && strcmp (r->from, day) <= 0 &&
          (rule == NULL || strcmp (r->from, rule->from) > 0))
        rule = r;
    }
  if (rule == NULL)
    {
      g_set_error (error, DG_ERROR, DG_ERROR_NOT_FOUND, _("No timescale rule for the clock “%s”"), clock);
      return FALSE;
    }
  due_by_rule (calendar, &start_day, rule->amount, rule->unit, due);
  return TRUE;
}

gboolean
dg_clock_due (DgDb        *db,
              DgCalendar  *calendar,
              const char  *clock,
              const char  *start,
              GDate       *due,
              GError     **error)
{
  g_autoptr(GArray) rules = dg_clock_rules_new ();
  GError *local_error = NULL;
  gboolean has_row = FALSE;
  DgStmt *stmt;

  stmt = dg_db_query (db,
                      "SELECT clock, effective_from, CAST (amount AS text), unit "
                      "FROM timescale_rule WHERE clock = ?1",
                      error, DG_TEXT (clock));
  if (stmt == NULL)
    return FALSE;
  while (dg_db_step (db, stmt, &has_row, &local_error) && has_row)
    rules_add (rules, stmt, 0);
  dg_stmt_reset (stmt);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  return due_by_rules (rules, calendar, clock, start, due, error);
}

/* ---- The stored clocks ------------------------------------------------- */

typedef DgClockMark Event;

/* Every clock a referral can run, in the order it shows them. */
static const char * const clock_order[] = {
  "confirmation", "acknowledgement", "decision", "outcome", "icpc",
  "first-core-group", "core-group", "first-review", "review", "s47",
  "chase-reply", "disagreement-discussed", "escalation-answered",
  "icpc-plan", "strategy-record",
};

typedef struct
{
  const char *clock;
  char       *start;
  char       *done;
  gboolean    plan_ended;   /* @done is the end of the plan, not the meeting */
} Spec;

static void
spec_clear (gpointer data)
{
  Spec *spec = data;

  g_free (spec->start);
  g_free (spec->done);
}

static void
add_spec (GArray     *specs,
          const char *clock,
          const char *start,
          const char *done)
{
  Spec spec = { clock, g_strdup (start), g_strdup (done) };

  g_array_append_val (specs, spec);
}

static int
position_of (const char *clock)
{
  for (guint i = 0; i < G_N_ELEMENTS (clock_order); i++)
    if (g_str_equal (clock_order[i], clock))
      return i;
  g_return_val_if_reached (-1);
}


static void
event_clear (gpointer data)
{
  Event *event = data;

  g_free (event->at);
  g_free (event->kind);
}

void
dg_clock_inputs_clear (DgClockInputs *inputs)
{
  for (guint i = 0; i < G_N_ELEMENTS (inputs->fields); i++)
    g_clear_pointer (&inputs->fields[i], g_free);
  g_clear_pointer (&inputs->events, g_array_unref);
  g_clear_pointer (&inputs->rules, g_array_unref);
  g_clear_pointer (&inputs->calendar, dg_calendar_free);
}

void
dg_clock_inputs_init (DgClockInputs *inputs)
{
  inputs->events = g_array_new (FALSE, TRUE, sizeof (Event));
  g_array_set_clear_func (inputs->events, event_clear);
}

void
dg_clock_inputs_free (gpointer data)
{
  dg_clock_inputs_clear (data);
  g_free (data);
}

void
dg_clock_inputs_take_row (DgClockInputs  *inputs,
                          GArray         *rules,
                          DgCalendar     *calendar,
                          DgStmt         *stmt,
                          int             first)
{
  const char *what = dg_stmt_column_text (stmt, 0);

  if (g_str_equal (what, "referral"))
    {
      inputs->found = dg_stmt_column_text (stmt, first + DG_CLOCK_F_RECEIVED) != NULL;
      for (guint i = 0; i < G_N_ELEMENTS (inputs->fields); i++)
        inputs->fields[i] = g_strdup (dg_stmt_column_text (stmt, first + i));
    }
  else if (g_str_equal (what, "event"))
    {
      Event event = { g_strdup (dg_stmt_column_text (stmt, first + 1)), g_strdup (dg_stmt_column_text (stmt, first)) };

      g_array_append_val (inputs->events, event);
    }
  else if (g_str_equal (what, "closure") || g_str_equal (what, "holiday") || g_str_equal (what, "working"))
    dg_calendar_take_day (calendar, what, dg_stmt_column_text (stmt, first));
  else
    rules_add (rules, stmt, first);
}

/* Whether @table (with @column) is there: not in a file being upgraded from
 * before the schema that made it (12: the ledger; 15: the minutes), whose
 * earlier steps (004, 010) compute clocks. Known once found. */
static gboolean
has_schema (DgDb       *db,
            const char *table,
            const char *column)
{
  sqlite3 *handle = dg_db_is_postgres (db) ? NULL : dg_db_get_handle (db);
  g_autofree char *key = g_strconcat ("dg-clocks-has-", table, NULL);

  if (g_object_get_data (G_OBJECT (db), key) != NULL)
    return TRUE;
  if (handle != NULL &&
      sqlite3_table_column_metadata (handle, NULL, table, column, NULL, NULL, NULL, NULL, NULL) != SQLITE_OK)
    return FALSE;
  g_object_set_data (G_OBJECT (db), key, GINT_TO_POINTER (TRUE));
  return TRUE;
}

#define INPUTS_SQL(ledger, days) \
  "SELECT 'referral', r.channel, p.agency, r.received_at, r.confirmed_at, " \
  "  r.acknowledged_at, d.decided_at, r.outcome_sent_at, " \
  "  (SELECT max (m.held_at) FROM meeting m WHERE m.referral_id = r.id " \
  "     AND EXISTS (SELECT 1 FROM meeting m2 JOIN meeting_outcome o ON o.meeting_id = m2.id " \
  "                 WHERE m2.referral_id = r.id AND o.determination = 'substantiated-at-risk')) " \
  "FROM referral r LEFT JOIN reporter p ON p.id = r.reporter_id " \
  "LEFT JOIN decision d ON d.referral_id = r.id WHERE r.id = ?1 " \
  "UNION ALL SELECT 'event', kind, held_at, NULL, NULL, NULL, NULL, NULL, NULL " \
  "  FROM cp_event WHERE referral_id = ?1 " \
  ledger \
  "UNION ALL SELECT 'closure', day, NULL, NULL, NULL, NULL, NULL, NULL, NULL FROM closure_day " \
  days \
  "UNION ALL SELECT 'rule', clock, effective_from, CAST (amount AS text), unit, " \
  "  NULL, NULL, NULL, NULL FROM timescale_rule"

static gboolean
inputs_load (DgDb           *db,
             gint64          referral_id,
             DgClockInputs  *inputs,
             GError        **error)
{
  DgStmt *stmt;
  gboolean has_row = FALSE;
  GError *local_error = NULL;

  /* The ledger's entries and the letters sent are events too (their kinds
   * are "chase:raised", …, "letter"), and so are the meetings and their
   * records' circulation ("meeting", "meeting-record:…"); the hub's own
   * calendar days (schema 14) are read with the closure days. */
#define DAYS_SQL "UNION ALL SELECT kind, day, NULL, NULL, NULL, NULL, NULL, NULL, NULL FROM calendar_day "
#define LEDGER_MARKS "UNION ALL " DG_CLOCKS_LEDGER_MARKS_SQL ("'event', ", "", "= ?1", ", NULL, NULL, NULL, NULL, NULL, NULL") " "
#define MINUTES_MARKS "UNION ALL " DG_CLOCKS_MINUTES_MARKS_SQL ("'event', ", "", "= ?1", ", NULL, NULL, NULL, NULL, NULL, NULL") " "
  inputs->minutes = has_schema (db, "meeting", "minutes_sent_at");
  if (inputs->minutes)
    /* Schema 15 comes after 14: the calendar's days are there too. */
    stmt = dg_db_query (db, INPUTS_SQL (LEDGER_MARKS MINUTES_MARKS, DAYS_SQL), error, DG_INT (referral_id));
  else if (has_schema (db, "ledger_entry", NULL) && dg_calendar_days_exist (db))
    stmt = dg_db_query (db, INPUTS_SQL (LEDGER_MARKS, DAYS_SQL), error, DG_INT (referral_id));
  else if (has_schema (db, "ledger_entry", NULL))
    stmt = dg_db_query (db, INPUTS_SQL (LEDGER_MARKS, ""), error, DG_INT (referral_id));
  else
    stmt = dg_db_query (db, INPUTS_SQL ("", ""), error, DG_INT (referral_id));
#undef DAYS_SQL
  if (stmt == NULL)
    return FALSE;

  dg_clock_inputs_init (inputs);
  inputs->rules = dg_clock_rules_new ();
  inputs->calendar = dg_calendar_new ();
  while (dg_db_step (db, stmt, &has_row, &local_error) && has_row)
    dg_clock_inputs_take_row (inputs, inputs->rules, inputs->calendar, stmt, 1);
  dg_stmt_reset (stmt);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  return TRUE;
}

/* The first event of @kind on or after the day of @after (NULL: any), or the
 * last one when @last; as stored time, or NULL. By day: times are typed to
 * the minute, meetings stored to the second. */
static char *
event_at (DgClockInputs  *inputs,
          const char     *kind,
          const char     *after,
          gboolean        last)
{
  g_autofree char *day = g_strndup (after ? after : "", 10);
  const char *found = NULL;

  for (guint i = 0; i < inputs->events->len; i++)
    {
      Event *event = &g_array_index (inputs->events, Event, i);

      if (event->at == NULL || g_strcmp0 (event->kind, kind) != 0 || strcmp (event->at, day) < 0)
        continue;
      if (found == NULL || (last ? strcmp (event->at, found) > 0 : strcmp (event->at, found) < 0))
        found = event->at;
    }
  return g_strdup (found);
}

/* A core group or review clock: done when @held, else stopped by the end of
 * the plan (@plan_end, when on or after @start), else still running. */
static void
add_plan_spec (GArray     *specs,
               const char *clock,
               const char *start,
               const char *held,
               const char *plan_end)
{
  if (held == NULL && plan_end != NULL && strncmp (plan_end, start, 10) >= 0)
    {
      add_spec (specs, clock, start, plan_end);
      g_array_index (specs, Spec, specs->len - 1).plan_ended = TRUE;
    }
  else
    add_spec (specs, clock, start, held);
}

/* The ledger's and the minutes' clocks, as dg_clock_ledger_each () and
 * dg_clock_minutes_each () find them. */
static void
add_ledger_spec (const char *clock,
                 const char *start,
                 const char *done,
                 gpointer    specs)
{
  add_spec (specs, clock, start, done);
}

/* The child-protection clocks: ICPC within 15 working days of the last
 * strategy discussion once a child is found at continuing risk; core groups
 * and review conferences from the ICPC on; the s47 assessment from its start. */
static void
protection_specs (DgClockInputs  *inputs,
                  GArray         *specs)
{
  const char *last_meeting = inputs->fields[DG_CLOCK_F_LAST_MEETING];
  g_autofree char *icpc = NULL, *s47_start = NULL;

  if (last_meeting != NULL)
    {
      icpc = event_at (inputs, "icpc", last_meeting, FALSE);
      add_spec (specs, "icpc", last_meeting, icpc);
    }
  if (icpc == NULL)
    icpc = event_at (inputs, "icpc", NULL, FALSE);
  if (icpc != NULL)
    {
      g_autofree char *first_core = event_at (inputs, "core-group", icpc, FALSE);
      g_autofree char *last_core = event_at (inputs, "core-group", icpc, TRUE);
      g_autofree char *first_review = event_at (inputs, "review", icpc, FALSE);
      g_autofree char *last_review = event_at (inputs, "review", icpc, TRUE);
      g_autofree char *plan_end = event_at (inputs, "plan-end", icpc, FALSE);

      /* Once the plan has ended no core group or review is owed: a clock
       * still waiting stops there (see dg_clocks_refresh). */
      add_plan_spec (specs, "first-core-group", icpc, first_core, plan_end);
      if (last_core != NULL)
        add_plan_spec (specs, "core-group", last_core, NULL, plan_end);
      add_plan_spec (specs, "first-review", icpc, first_review, plan_end);
      if (last_review != NULL)
        add_plan_spec (specs, "review", last_review, NULL, plan_end);
    }

  if (inputs->minutes)
    dg_clock_minutes_each ((const DgClockMark *) (gpointer) inputs->events->data, inputs->events->len, icpc,
                           add_ledger_spec, specs);

  s47_start = event_at (inputs, "s47-start", NULL, FALSE);
  if (s47_start != NULL)
    {
      g_autofree char *s47_done = event_at (inputs, "s47-complete", s47_start, FALSE);

      add_spec (specs, "s47", s47_start, s47_done);
    }
}

static void
ledger_specs (DgClockInputs  *inputs,
              GArray         *specs)
{
  dg_clock_ledger_each ((const DgClockMark *) (gpointer) inputs->events->data, inputs->events->len,
                        add_ledger_spec, specs);
}

/* What starts and stops each clock of one referral, from what is recorded. */
static void
referral_specs (DgClockInputs  *inputs,
                GArray         *specs)
{
  const char * const *f = (const char * const *) inputs->fields;

  if (!inputs->found)
    return;
  /* Only a practitioner who phoned owes written confirmation. */
  if (g_strcmp0 (f[DG_CLOCK_F_CHANNEL], "phone") == 0 && g_strcmp0 (f[DG_CLOCK_F_AGENCY], "public") != 0)
    add_spec (specs, "confirmation", f[DG_CLOCK_F_RECEIVED], f[DG_CLOCK_F_CONFIRMED]);
  add_spec (specs, "acknowledgement", f[DG_CLOCK_F_RECEIVED], f[DG_CLOCK_F_ACKNOWLEDGED]);
  add_spec (specs, "decision", f[DG_CLOCK_F_RECEIVED], f[DG_CLOCK_F_DECIDED]);
  if (f[DG_CLOCK_F_DECIDED] != NULL)
    add_spec (specs, "outcome", f[DG_CLOCK_F_DECIDED], f[DG_CLOCK_F_OUTCOME]);
  protection_specs (inputs, specs);
  ledger_specs (inputs, specs);
}

DgBulk *
dg_clock_rows_new (DgDb *db)
{
  return dg_bulk_new (db, "clock", "referral_id, clock, position, start_at, due, done_at", 6, NULL);
}

gboolean
dg_clock_rows (DgClockInputs  *inputs,
               GArray         *rules,
               DgCalendar     *calendar,
               gint64          referral_id,
               DgBulk         *rows,
               GError        **error)
{
  g_autoptr(GArray) specs = g_array_new (FALSE, TRUE, sizeof (Spec));

  g_array_set_clear_func (specs, spec_clear);
  referral_specs (inputs, specs);
  for (guint i = 0; i < specs->len; i++)
    {
      Spec *spec = &g_array_index (specs, Spec, i);
      g_autofree char *due_text = NULL;
      GDate due;

      if (!due_by_rules (rules, calendar, spec->clock, spec->start, &due, error))
        return FALSE;
      due_text = dg_date_to_string (&due);
      /* A plan that ended by the due date owed nothing: no clock, neither
       * on time nor late. One that ended after it missed the meeting: late. */
      if (spec->plan_ended && strncmp (spec->done, due_text, 10) <= 0)
        continue;
      dg_bulk_int (rows, referral_id);
      dg_bulk_text (rows, spec->clock);
      dg_bulk_int (rows, position_of (spec->clock));
      dg_bulk_text (rows, spec->start);
      dg_bulk_text (rows, due_text);
      dg_bulk_text (rows, spec->done);
    }
  return TRUE;
}

gboolean
dg_clocks_refresh (DgDb     *db,
                   gint64    referral_id,
                   GError  **error)
{
  g_auto(DgClockInputs) inputs = { 0 };
  g_autoptr(DgBulk) rows = dg_clock_rows_new (db);
  DgStmt *stmt;

  if (!inputs_load (db, referral_id, &inputs, error) ||
      !dg_clock_rows (&inputs, inputs.rules, inputs.calendar, referral_id, rows, error))
    return FALSE;

  stmt = dg_db_query (db, "DELETE FROM clock WHERE referral_id = ?1", error, DG_INT (referral_id));
  return stmt != NULL && dg_db_step_later (db, stmt, error) && dg_bulk_flush (rows, error);
}

/* An error inside an SQL function fails the statement that called it, and
 * with it the whole change: a clock is never left out of step. */
static void
result_error (sqlite3_context *context,
              DgDb            *db,
              GError          *error)
{
  int rc = sqlite3_extended_errcode (dg_db_get_handle (db));

  sqlite3_result_error (context, error->message, -1);
  if (rc != SQLITE_OK && rc != SQLITE_ROW && rc != SQLITE_DONE)
    sqlite3_result_error_code (context, rc);
}

#define DEFERRED "dg-clocks-deferred"

void
dg_clocks_defer (DgDb *db)
{
  if (g_object_get_data (G_OBJECT (db), DEFERRED) == NULL)
    g_object_set_data_full (G_OBJECT (db), DEFERRED,
                            g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL),
                            (GDestroyNotify) g_hash_table_unref);
}

static int
compare_ids (gconstpointer a,
             gconstpointer b)
{
  gint64 x = **(const gint64 **) a, y = **(const gint64 **) b;

  return x < y ? -1 : x > y;
}

gboolean
dg_clocks_flush (DgDb     *db,
                 GError  **error)
{
  GHashTable *ids = g_object_get_data (G_OBJECT (db), DEFERRED);
  g_autofree gpointer *keys = NULL;
  guint n = 0;

  if (ids == NULL)
    return TRUE;
  /* In id order: the clock table's pages are written front to back. */
  keys = g_hash_table_get_keys_as_array (ids, &n);
  qsort (keys, n, sizeof (gpointer), compare_ids);
  for (guint i = 0; i < n; i++)
    if (!dg_clocks_refresh (db, *(gint64 *) keys[i], error))
      return FALSE;
  g_hash_table_remove_all (ids);
  return TRUE;
}

gboolean
dg_clocks_deferred (DgDb *db)
{
  return g_object_get_data (G_OBJECT (db), DEFERRED) != NULL;
}

void
dg_clocks_undefer (DgDb *db)
{
  g_object_set_data (G_OBJECT (db), DEFERRED, NULL);
}

static void
refresh_function (sqlite3_context  *context,
                  int               argc,
                  sqlite3_value   **argv)
{
  DgDb *db = sqlite3_user_data (context);
  GHashTable *deferred = g_object_get_data (G_OBJECT (db), DEFERRED);
  g_autoptr(GError) error = NULL;

  if (sqlite3_value_type (argv[0]) == SQLITE_NULL)
    sqlite3_result_null (context);
  else if (deferred != NULL)
    {
      gint64 *id = g_new (gint64, 1);

      *id = sqlite3_value_int64 (argv[0]);
      g_hash_table_add (deferred, id);
      sqlite3_result_null (context);
    }
  else if (!dg_clocks_refresh (db, sqlite3_value_int64 (argv[0]), &error))
    result_error (context, db, error);
  else
    sqlite3_result_null (context);
}

static void
due_function (sqlite3_context  *context,
              int               argc,
              sqlite3_value   **argv)
{
  DgDb *db = sqlite3_user_data (context);
  g_autoptr(GError) error = NULL;
  g_autoptr(DgCalendar) calendar = dg_calendar_load (db, &error);
  GDate due;

  if (calendar == NULL ||
      !dg_clock_due (db, calendar, (const char *) sqlite3_value_text (argv[0]),
                     (const char *) sqlite3_value_text (argv[1]), &due, &error))
    result_error (context, db, error);
  else
    {
      char *text = dg_date_to_string (&due);
      sqlite3_result_text (context, text, -1, g_free);
    }
}

void
dg_clocks_register (DgDb *db)
{
  sqlite3 *handle = dg_db_get_handle (db);

  /* The database's triggers call these, so the stored clocks follow every change. */
  sqlite3_create_function_v2 (handle, "dg_clocks_refresh", 1, SQLITE_UTF8,
                              db, refresh_function, NULL, NULL, NULL);
  sqlite3_create_function_v2 (handle, "dg_clock_due", 2, SQLITE_UTF8,
                              db, due_function, NULL, NULL, NULL);
}

gboolean
dg_clocks_add_json (DgDb         *db,
                    JsonBuilder  *builder,
                    gint64        referral_id,
                    GDateTime    *now,
                    GError      **error)
{
  DgStmt *stmt;
  gboolean has_row = FALSE;

  stmt = dg_db_query (db,
                      "SELECT c.clock, c.due, c.done_at, x.reason, x.approved_by, x.recorded_by, x.recorded_at "
                      "FROM clock c LEFT JOIN clock_exception x ON x.referral_id = c.referral_id AND x.clock = c.clock "
                      "WHERE c.referral_id = ?1 ORDER BY c.position",
                      error, DG_INT (referral_id));
  if (stmt == NULL)
    return FALSE;

  json_builder_set_member_name (builder, "due");
  json_builder_begin_object (builder);
  while (dg_db_step (db, stmt, &has_row, error) && has_row)
    {
      const char *done_at = dg_stmt_column_text (stmt, 2);
      GDate due;

      date_of (dg_stmt_column_text (stmt, 1), &due);
      json_builder_set_member_name (builder, dg_stmt_column_text (stmt, 0));
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "due");
      json_builder_add_string_value (builder, dg_stmt_column_text (stmt, 1));
      json_builder_set_member_name (builder, "done_at");
      if (done_at != NULL)
        json_builder_add_string_value (builder, done_at);
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "state");
      json_builder_add_string_value (builder, dg_clock_state (&due, done_at, now));
      /* The agreed exception of a clock that missed its timescale. */
      json_builder_set_member_name (builder, "exception");
      if (dg_stmt_column_is_null (stmt, 3))
        json_builder_add_null_value (builder);
      else
        {
          static const char *members[] = { "reason", "approved_by", "recorded_by", "recorded_at" };

          json_builder_begin_object (builder);
          for (guint i = 0; i < G_N_ELEMENTS (members); i++)
            {
              json_builder_set_member_name (builder, members[i]);
              json_builder_add_string_value (builder, dg_stmt_column_text (stmt, 3 + i));
            }
          json_builder_end_object (builder);
        }
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);
  dg_stmt_reset (stmt);

  return error == NULL || *error == NULL;
}

/* SQLite calls the clocks from its triggers (dg_clocks_register ()); a
 * server's triggers mark the referrals, whose clocks dg-clocks-server.c
 * computes before the commit. */

gboolean
dg_clocks_store_received (DgDb     *db,
                          gint64    first,
                          gint64    last,
                          GError  **error)
{
  g_autoptr(DgBulk) rows = NULL;
  g_auto(DgClockInputs) basis = { 0 };
  GHashTable *deferred;
  GError *local_error = NULL;
  gboolean has_row = FALSE, ok = TRUE;
  DgStmt *stmt;

  g_return_val_if_fail (DG_IS_DB (db), FALSE);

  /* The rules and days as inputs_load () reads them for each referral,
   * read once: the referrals' own rows add nothing to them. */
  stmt = dg_db_prepare (db,
                        "SELECT 'closure', day, NULL, NULL, NULL FROM closure_day "
                        "UNION ALL SELECT kind, day, NULL, NULL, NULL FROM calendar_day "
                        "UNION ALL SELECT 'rule', clock, effective_from, CAST (amount AS text), unit "
                        "  FROM timescale_rule",
                        error);
  if (stmt == NULL)
    return FALSE;
  dg_clock_inputs_init (&basis);
  basis.rules = dg_clock_rules_new ();
  basis.calendar = dg_calendar_new ();
  while (dg_db_step (db, stmt, &has_row, &local_error) && has_row)
    dg_clock_inputs_take_row (NULL, basis.rules, basis.calendar, stmt, 1);
  dg_stmt_reset (stmt);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }

  stmt = dg_db_query (db,
                      "SELECT r.id, r.channel, p.agency, r.received_at "
                      "FROM referral r LEFT JOIN reporter p ON p.id = r.reporter_id "
                      "WHERE r.id BETWEEN ?1 AND ?2 ORDER BY r.id",
                      error, DG_INT (first), DG_INT (last));
  if (stmt == NULL)
    return FALSE;
  rows = dg_clock_rows_new (db);
  while (ok && dg_db_step (db, stmt, &has_row, &local_error) && has_row)
    {
      g_auto(DgClockInputs) inputs = { 0 };

      /* Nothing recorded yet but the receipt, as on a new referral's save
       * (dg_clocks_store_new ()). */
      dg_clock_inputs_init (&inputs);
      inputs.found = TRUE;
      inputs.minutes = TRUE;
      inputs.fields[DG_CLOCK_F_CHANNEL] = g_strdup (dg_stmt_column_text (stmt, 1));
      inputs.fields[DG_CLOCK_F_AGENCY] = g_strdup (dg_stmt_column_text (stmt, 2));
      inputs.fields[DG_CLOCK_F_RECEIVED] = g_strdup (dg_stmt_column_text (stmt, 3));
      ok = dg_clock_rows (&inputs, basis.rules, basis.calendar, dg_stmt_column_int64 (stmt, 0), rows, error);
    }
  dg_stmt_reset (stmt);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  if (!ok || !dg_bulk_flush (rows, error))
    return FALSE;
  /* Stored now: a deferral's flush need not compute them again. */
  deferred = g_object_get_data (G_OBJECT (db), DEFERRED);
  for (gint64 id = first; deferred != NULL && id <= last; id++)
    g_hash_table_remove (deferred, &id);
  return TRUE;
}

static const DgDbHooks clock_hooks = {
  .opened = dg_clocks_register,
  .before_commit = dg_clocks_refresh_marked,
};

const DgDbHooks *
dg_clocks_hooks (void)
{
  return &clock_hooks;
}
