#include "config.h"

#include <string.h>

#include "dg-core.h"
#include "dg-demo.h"
#include "dg-error.h"
#include "dg-db.h"
#include "dg-meetings.h"
#include "dg-referrals.h"
#include "dg-register.h"
#include "dg-test-cli.h"
#include "dg-test-db.h"
#include "dg-workdays.h"

/* The child protection register (issue 24): periods per child, the
 * re-registration flags, and PM24/PM27/PM28 against a computation of this
 * test's own (people by repeated relabelling, time on the register as a set
 * of days, working days walked one by one). */

typedef DgTestDb Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  dg_test_db_setup (f, "dg-test-register");
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  dg_test_db_teardown (f);
}

static gint64
add_referral (Fixture    *f,
              const char *received,
              const char *children)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *json = g_strdup_printf ("{\"received_at\": \"%sT09:00\", \"children\": [%s]}", received, children);
  g_autoptr(JsonNode) node = json_from_string (json, &error);
  gint64 id;

  g_assert_no_error (error);
  id = dg_referral_add (f->db, json_node_get_object (node), NULL, &error);
  g_assert_no_error (error);
  return id;
}

static void
add_event (Fixture    *f,
           gint64      referral,
           const char *kind,
           const char *day)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *at = g_strdup_printf ("%sT10:00", day);

  g_assert_true (dg_referral_add_event (f->db, referral, kind, at, NULL, &error));
  g_assert_no_error (error);
}

/* The "register" entry of @referral's child named @name, or NULL. */
static JsonObject *
register_entry (JsonNode   *shown,
                const char *name)
{
  JsonArray *entries = json_object_get_array_member (json_node_get_object (shown), "register");

  g_assert_nonnull (entries);
  for (guint i = 0; i < json_array_get_length (entries); i++)
    {
      JsonObject *e = json_array_get_object_element (entries, i);

      if (g_str_equal (json_object_get_string_member (e, "name"), name))
        return e;
    }
  return NULL;
}

static JsonNode *
show (Fixture *f,
      gint64   referral)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = dg_referral_show (f->db, referral, &error);

  g_assert_no_error (error);
  return node;
}

static JsonObject *
period (JsonObject *entry,
        guint       i)
{
  JsonArray *periods = json_object_get_array_member (entry, "periods");

  g_assert_cmpuint (i, <, json_array_get_length (periods));
  return json_array_get_object_element (periods, i);
}

static const char *
text_or_null (JsonObject *o,
              const char *member)
{
  return json_object_get_null_member (o, member) ? NULL : json_object_get_string_member (o, member);
}

/* Alys: on 2024-02-01 to 2024-08-01, registered again on 2025-02-01 (a
 * re-registration); Bryn (a linked referral, no date of birth the second
 * time): on again 2025-10-01, more than 12 months after, not one. */
static void
test_periods_and_flags (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) before = NULL, after = NULL, bryn = NULL, removed = NULL, restored = NULL, stranger = NULL;
  g_autoptr(JsonArray) history = NULL, none = NULL;
  gint64 a, b, c, d;
  JsonObject *e, *p;

  a = add_referral (f, "2024-01-10", "{\"name\": \"Alys Evans\", \"dob\": \"2015-03-01\"},"
                                     "{\"name\": \"Bryn Evans\", \"dob\": \"2017-05-05\"}");
  add_event (f, a, "icpc", "2024-02-01");
  add_event (f, a, "plan-end", "2024-08-01");

  /* A new referral about Alys: flagged at intake, before any conference. */
  b = add_referral (f, "2025-01-15", "{\"name\": \"ALYS  EVANS\", \"dob\": \"2015-03-01\"}");
  before = show (f, b);
  e = register_entry (before, "ALYS  EVANS");
  g_assert_nonnull (e);
  g_assert_true (json_object_get_boolean_member (e, "previously_registered"));
  p = period (e, 0);
  g_assert_cmpstr (text_or_null (p, "from"), ==, "2024-02-01");
  g_assert_cmpstr (text_or_null (p, "to"), ==, "2024-08-01");
  g_assert_cmpint (json_object_get_int_member (p, "days"), ==, 182);
  g_assert_cmpint (json_object_get_int_member (p, "referral"), ==, a);
  g_assert_true (json_object_get_boolean_member (p, "earlier"));

  /* The form's check, before the referral is saved: the same history. */
  history = dg_register_history (f->db, "Alys Évans", "2015-03-01", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (history), ==, 1);
  g_assert_cmpstr (text_or_null (json_array_get_object_element (history, 0), "to"), ==, "2024-08-01");
  none = dg_register_history (f->db, "Alys Evans", "2015-03-02", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (none), ==, 0);

  /* The same through `referral show --json`. */
  {
    g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, b);
    g_autoptr(JsonNode) cli = dg_test_cli_json (f->location, (const char *[]) { "referral", "show", id, NULL });

    e = register_entry (cli, "ALYS  EVANS");
    g_assert_nonnull (e);
    g_assert_true (json_object_get_boolean_member (e, "previously_registered"));
    g_assert_cmpstr (text_or_null (period (e, 0), "to"), ==, "2024-08-01");
  }

  /* The ICPC on the new referral: a re-registration, within 12 months. */
  add_event (f, b, "icpc", "2025-02-01");
  after = show (f, b);
  e = register_entry (after, "ALYS  EVANS");
  p = period (e, 1);
  g_assert_cmpint (json_object_get_int_member (p, "referral"), ==, b);
  g_assert_false (json_object_get_boolean_member (p, "earlier"));
  g_assert_true (json_object_get_boolean_member (p, "re_registration"));
  g_assert_cmpstr (text_or_null (p, "previous_end"), ==, "2024-08-01");
  g_assert_null (text_or_null (p, "to"));

  /* Bryn, on a referral linked to the first, with no date of birth. */
  c = add_referral (f, "2025-03-01", "{\"name\": \"Bryn Evans\"}");
  g_assert_true (dg_referral_link (f->db, c, a, &error));
  g_assert_no_error (error);
  add_event (f, c, "icpc", "2025-10-01");
  bryn = show (f, c);
  e = register_entry (bryn, "Bryn Evans");
  g_assert_nonnull (e);
  g_assert_true (json_object_get_boolean_member (e, "previously_registered"));
  p = period (e, 1);
  g_assert_false (json_object_get_boolean_member (p, "re_registration"));
  g_assert_cmpstr (text_or_null (p, "previous_end"), ==, "2024-08-01");

  /* Another Bryn Evans, unlinked and with no date of birth: a child apart. */
  d = add_referral (f, "2025-04-01", "{\"name\": \"Bryn Evans\"}");
  stranger = show (f, d);
  g_assert_null (register_entry (stranger, "Bryn Evans"));

  /* Events removed and put back: the periods follow at once. */
  g_assert_true (dg_db_exec (f->db, "DELETE FROM cp_event WHERE kind = 'plan-end'", &error));
  g_assert_no_error (error);
  removed = show (f, b);
  e = register_entry (removed, "ALYS  EVANS");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (e, "periods")), ==, 1);
  g_assert_null (text_or_null (period (e, 0), "to"));
  g_assert_false (json_object_get_boolean_member (period (e, 0), "re_registration"));
  add_event (f, a, "plan-end", "2024-08-01");
  restored = show (f, b);
  e = register_entry (restored, "ALYS  EVANS");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (e, "periods")), ==, 2);
  g_assert_true (json_object_get_boolean_member (period (e, 1), "re_registration"));
}

/* ---- The independent computation ------------------------------------------- */

typedef struct
{
  gint64  child, referral;
  char   *key, *dob;
  guint   label;
} TChild;

static void
tchild_clear (TChild *c)
{
  g_free (c->key);
  g_free (c->dob);
}

#define HORIZON_YEAR 2100

static guint32
julian (const char *day)
{
  GDate d;

  g_date_clear (&d, 1);
  g_date_set_parse (&d, day);
  g_assert_true (g_date_valid (&d));
  return g_date_get_julian (&d);
}

static guint32
julian_months_later (guint32 day,
                     int     months)
{
  GDate d;

  g_date_clear (&d, 1);
  g_date_set_julian (&d, day);
  g_date_add_months (&d, months);
  return g_date_get_julian (&d);
}

static int
compare_u32 (gconstpointer a,
             gconstpointer b)
{
  guint32 x = *(const guint32 *) a, y = *(const guint32 *) b;

  return (x > y) - (x < y);
}

typedef struct
{
  gint64 num, den;
} Figure;

/* PM27 and PM28 over [@from, @to]: people by relabelling until nothing
 * changes, each person's time on the register as the set of days some
 * referral of theirs had them on it, a period a run of consecutive days. */
static void
expected_register (DgDb       *db,
                   const char *from,
                   const char *to,
                   Figure     *pm27,
                   Figure     *pm28)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) kids = g_array_new (FALSE, TRUE, sizeof (TChild));
  g_autoptr(GHashTable) rlabel = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  g_autoptr(GHashTable) spans = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, (GDestroyNotify) g_array_unref);
  g_autoptr(GArray) links = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GHashTable) days = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_hash_table_unref);
  guint32 horizon = julian ("2100-01-01"), jf = julian (from), jt = julian (to);
  gboolean has_row = FALSE, changed = TRUE;
  DgStmt *stmt;

  g_array_set_clear_func (kids, (GDestroyNotify) tchild_clear);
  memset (pm27, 0, sizeof *pm27);
  memset (pm28, 0, sizeof *pm28);

  stmt = dg_db_prepare (db, "SELECT id, referral_id, name_key, dob FROM child WHERE EXISTS "
                        "(SELECT 1 FROM cp_event e WHERE e.referral_id = child.referral_id AND e.kind = 'icpc')", &error);
  while (dg_db_step (db, stmt, &has_row, &error) && has_row)
    {
      TChild c = { dg_stmt_column_int64 (stmt, 0), dg_stmt_column_int64 (stmt, 1),
                   g_strdup (dg_stmt_column_text (stmt, 2)), g_strdup (dg_stmt_column_text (stmt, 3)), kids->len };
      g_array_append_val (kids, c);
    }
  g_assert_no_error (error);
  dg_stmt_reset (stmt);

  /* Referrals' linked sets: a referral's label is the smallest id it reaches. */
  stmt = dg_db_prepare (db, "SELECT referral_id, earlier_id FROM referral_link", &error);
  while (dg_db_step (db, stmt, &has_row, &error) && has_row)
    {
      gint64 pair[2] = { dg_stmt_column_int64 (stmt, 0), dg_stmt_column_int64 (stmt, 1) };
      g_array_append_vals (links, pair, 2);
    }
  g_assert_no_error (error);
  dg_stmt_reset (stmt);
  for (guint i = 0; i < links->len; i++)
    {
      gint64 r = g_array_index (links, gint64, i);
      g_hash_table_insert (rlabel, g_memdup2 (&r, sizeof r), g_memdup2 (&r, sizeof r));
    }
  while (changed)
    {
      changed = FALSE;
      for (guint i = 0; i < links->len; i += 2)
        {
          gint64 *x = g_hash_table_lookup (rlabel, &g_array_index (links, gint64, i));
          gint64 *y = g_hash_table_lookup (rlabel, &g_array_index (links, gint64, i + 1));

          if (*x != *y)
            {
              *x = *y = MIN (*x, *y);
              changed = TRUE;
            }
        }
    }
  changed = TRUE;
  while (changed)
    {
      changed = FALSE;
      for (guint i = 0; i < kids->len; i++)
        for (guint j = i + 1; j < kids->len; j++)
          {
            TChild *x = &g_array_index (kids, TChild, i), *y = &g_array_index (kids, TChild, j);
            gint64 *lx = g_hash_table_lookup (rlabel, &x->referral), *ly = g_hash_table_lookup (rlabel, &y->referral);
            gboolean linked = x->referral == y->referral ? FALSE
                              : lx != NULL && ly != NULL && *lx == *ly;
            gboolean same = g_str_equal (x->key, y->key) &&
                            ((x->dob != NULL && g_strcmp0 (x->dob, y->dob) == 0) || linked);

            if (same && x->label != y->label)
              {
                x->label = y->label = MIN (x->label, y->label);
                changed = TRUE;
              }
          }
    }

  /* Each referral's spans, as [from, to) in days (to: the horizon if open). */
  stmt = dg_db_prepare (db, "SELECT referral_id, kind, held_at FROM cp_event WHERE kind IN ('icpc', 'plan-end') "
                        "ORDER BY held_at, id", &error);
  while (dg_db_step (db, stmt, &has_row, &error) && has_row)
    {
      gint64 r = dg_stmt_column_int64 (stmt, 0);
      g_autofree char *day = g_strndup (dg_stmt_column_text (stmt, 2), 10);
      GArray *s = g_hash_table_lookup (spans, &r);
      gboolean open;

      if (s == NULL)
        g_hash_table_insert (spans, g_memdup2 (&r, sizeof r), s = g_array_new (FALSE, FALSE, sizeof (guint32)));
      open = s->len % 2 == 1;
      if (g_str_equal (dg_stmt_column_text (stmt, 1), "icpc") && !open)
        {
          guint32 j = julian (day);
          g_array_append_val (s, j);
        }
      else if (g_str_equal (dg_stmt_column_text (stmt, 1), "plan-end") && open)
        {
          guint32 j = julian (day);
          g_array_append_val (s, j);
        }
    }
  g_assert_no_error (error);
  dg_stmt_reset (stmt);

  for (guint i = 0; i < kids->len; i++)
    {
      TChild *c = &g_array_index (kids, TChild, i);
      GArray *s = g_hash_table_lookup (spans, &c->referral);
      GHashTable *set;

      if (s == NULL)
        continue;
      set = g_hash_table_lookup (days, GUINT_TO_POINTER (c->label + 1));
      if (set == NULL)
        g_hash_table_insert (days, GUINT_TO_POINTER (c->label + 1), set = g_hash_table_new (NULL, NULL));
      for (guint k = 0; k < s->len; k += 2)
        {
          guint32 end = k + 1 < s->len ? g_array_index (s, guint32, k + 1) : horizon;

          for (guint32 d = g_array_index (s, guint32, k); d < end; d++)
            g_hash_table_add (set, GUINT_TO_POINTER (d));
        }
    }

  {
    GHashTableIter iter;
    gpointer value;

    g_hash_table_iter_init (&iter, days);
    while (g_hash_table_iter_next (&iter, NULL, &value))
      {
        guint n = 0;
        g_autofree gpointer *keys = g_hash_table_get_keys_as_array (value, &n);
        g_autoptr(GArray) sorted = g_array_sized_new (FALSE, FALSE, sizeof (guint32), n);
        guint32 previous_end = 0;

        for (guint i = 0; i < n; i++)
          {
            guint32 d = GPOINTER_TO_UINT (keys[i]);
            g_array_append_val (sorted, d);
          }
        g_array_sort (sorted, compare_u32);
        for (guint i = 0; i < n;)
          {
            guint32 start = g_array_index (sorted, guint32, i), end;
            guint j = i;

            while (j + 1 < n && g_array_index (sorted, guint32, j + 1) == g_array_index (sorted, guint32, j) + 1)
              j++;
            end = g_array_index (sorted, guint32, j) + 1;
            if (start >= jf && start <= jt)
              {
                pm27->den++;
                pm27->num += previous_end != 0 && start <= julian_months_later (previous_end, 12);
              }
            if (end < horizon && end >= jf && end <= jt)
              {
                pm28->den++;
                pm28->num += end - start;
              }
            previous_end = end;
            i = j + 1;
          }
      }
  }
}

/* PM24: working days walked one at a time from the day received. */
static void
expected_assessments (DgDb       *db,
                      const char *from,
                      const char *to,
                      Figure     *pm24)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DgCalendar) calendar = dg_calendar_load (db, &error);
  DgStmt *stmt;
  gboolean has_row = FALSE;

  g_assert_no_error (error);
  memset (pm24, 0, sizeof *pm24);
  stmt = dg_db_query (db, "SELECT substr (r.received_at, 1, 10), e.done, "
                      "(SELECT count (*) FROM child c WHERE c.referral_id = r.id) FROM referral r JOIN "
                      "(SELECT referral_id, min (substr (held_at, 1, 10)) AS done FROM cp_event "
                      " WHERE kind = 's47-complete' GROUP BY referral_id) e ON e.referral_id = r.id "
                      "WHERE e.done >= ?1 AND e.done <= ?2", &error, DG_TEXT (from), DG_TEXT (to));
  while (dg_db_step (db, stmt, &has_row, &error) && has_row)
    {
      GDate day, done;
      int counted = 0;
      gint64 children = dg_stmt_column_int64 (stmt, 2);

      g_date_clear (&day, 1);
      g_date_clear (&done, 1);
      g_date_set_parse (&day, dg_stmt_column_text (stmt, 0));
      g_date_set_parse (&done, dg_stmt_column_text (stmt, 1));
      while (g_date_compare (&day, &done) < 0)
        {
          g_date_add_days (&day, 1);
          counted += dg_calendar_is_working_day (calendar, &day);
        }
      pm24->den += children;
      /* On time: fewer than 42 working days, or the 42nd itself. */
      if (counted < 42 || (counted == 42 && dg_calendar_is_working_day (calendar, &done)))
        pm24->num += children;
    }
  g_assert_no_error (error);
  dg_stmt_reset (stmt);
}

static JsonObject *
measure (JsonNode   *report,
         const char *name)
{
  JsonArray *measures = json_object_get_array_member (json_node_get_object (report), "measures");

  for (guint i = 0; i < json_array_get_length (measures); i++)
    if (g_str_equal (json_object_get_string_member (json_array_get_object_element (measures, i), "measure"), name))
      return json_array_get_object_element (measures, i);
  g_assert_not_reached ();
}

static void
assert_figure (JsonNode     *report,
               const char   *name,
               const Figure *expected)
{
  JsonObject *m = measure (report, name);

  g_test_message ("%s: %" G_GINT64_FORMAT " / %" G_GINT64_FORMAT, name, expected->num, expected->den);
  g_assert_cmpint (json_object_get_int_member (m, "numerator"), ==, expected->num);
  g_assert_cmpint (json_object_get_int_member (m, "denominator"), ==, expected->den);
}

/* The rows of @name about @referral (with @flag, those whose @flag is true). */
static guint
rows_of (JsonNode   *report,
         const char *name,
         gint64      referral,
         const char *flag)
{
  JsonArray *rows = json_object_get_array_member (measure (report, name), "rows");
  guint n = 0;

  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonObject *row = json_array_get_object_element (rows, i);

      n += json_object_get_int_member (row, "referral") == referral &&
           (flag == NULL || json_object_get_boolean_member (row, flag));
    }
  return n;
}

/* `report register --list M` through the CLI: its rows add up to the figure. */
static void
assert_list_adds_up (Fixture    *f,
                     JsonNode   *report,
                     const char *name,
                     const char *from,
                     const char *to)
{
  const char *args[] = { "report", "register", "--from", from, "--to", to, "--list", name, NULL };
  g_autoptr(JsonNode) rows = dg_test_cli_json (f->location, args);
  JsonArray *array = json_node_get_array (rows);
  JsonObject *m = measure (report, name);
  gint64 numerator = 0;

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *row = json_array_get_object_element (array, i);

      g_assert_cmpint (json_object_get_int_member (row, "child"), >, 0);
      g_assert_cmpint (json_object_get_int_member (row, "referral"), >, 0);
      if (json_object_get_boolean_member (row, "numerator"))
        numerator += g_str_equal (name, "pm28") ? json_object_get_int_member (row, "days") : 1;
    }
  g_assert_cmpint (json_array_get_length (array), ==, json_object_get_int_member (m, "denominator"));
  g_assert_cmpint (numerator, ==, json_object_get_int_member (m, "numerator"));
}

static void
check_period (Fixture    *f,
              const char *from,
              const char *to)
{
  g_autoptr(GError) error = NULL;
  const char *args[] = { "report", "register", "--from", from, "--to", to, NULL };
  g_autoptr(JsonNode) report = dg_register_report (f->db, from, to, FALSE, &error);
  g_autoptr(JsonNode) cli = dg_test_cli_json (f->location, args);
  Figure pm24, pm27, pm28;

  g_assert_no_error (error);
  expected_assessments (f->db, from, to, &pm24);
  expected_register (f->db, from, to, &pm27, &pm28);
  assert_figure (report, "pm24", &pm24);
  assert_figure (report, "pm27", &pm27);
  assert_figure (report, "pm28", &pm28);
  assert_figure (cli, "pm24", &pm24);
  assert_figure (cli, "pm27", &pm27);
  assert_figure (cli, "pm28", &pm28);
  for (guint i = 0; dg_register_measure_ids[i] != NULL; i++)
    assert_list_adds_up (f, report, dg_register_measure_ids[i], from, to);
}

/* The hand-made register above plus a synthetic hub's: a conference
 * about siblings, repeat referrals, assessments early and late. */
static void
test_measures_match (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) report = NULL;
  DgStmt *stmt;
  gboolean has_row = FALSE;
  g_autoptr(GArray) referrals = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 a, b, c;

  g_assert_true (dg_demo_generate (f->db, 1500, 7, NULL, NULL, &error));
  g_assert_no_error (error);

  /* Assessments on the synthetic referrals that went to conference, some late. */
  stmt = dg_db_prepare (f->db, "SELECT DISTINCT referral_id FROM cp_event WHERE kind = 'icpc' ORDER BY 1", &error);
  while (dg_db_step (f->db, stmt, &has_row, &error) && has_row)
    {
      gint64 id = dg_stmt_column_int64 (stmt, 0);
      g_array_append_val (referrals, id);
    }
  g_assert_no_error (error);
  dg_stmt_reset (stmt);
  for (guint i = 0; i < referrals->len; i++)
    {
      gint64 id = g_array_index (referrals, gint64, i);
      g_autofree char *sql = g_strdup_printf ("SELECT received_at FROM referral WHERE id = %" G_GINT64_FORMAT, id);
      g_autoptr(GDateTime) received = NULL, done = NULL;
      g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
      g_autofree char *received_at = NULL, *done_day = NULL;
      DgStmt *q = dg_db_prepare (f->db, sql, &error);

      g_assert_true (dg_db_step (f->db, q, &has_row, &error) && has_row);
      received_at = g_strdup (dg_stmt_column_text (q, 0));
      dg_stmt_reset (q);
      received = g_date_time_new_from_iso8601 (received_at, utc);
      g_assert_nonnull (received);
      done = g_date_time_add_days (received, 50 + (gint) (id % 20));
      done_day = g_date_time_format (done, "%Y-%m-%d");
      if (g_strcmp0 (done_day, "2026-11-20") < 0)
        add_event (f, id, "s47-complete", done_day);
    }

  /* Siblings on and off, and one of them back within 12 months, one after. */
  a = add_referral (f, "2025-01-06", "{\"name\": \"Nia Rees\", \"dob\": \"2016-01-01\"},"
                                     "{\"name\": \"Owain Rees\", \"dob\": \"2018-02-02\"},"
                                     "{\"name\": \"Pedr Rees\", \"dob\": \"2020-03-03\"}");
  add_event (f, a, "s47-start", "2025-01-08");
  add_event (f, a, "s47-complete", "2025-03-05");  /* the 42nd working day after 6 January: on time */
  add_event (f, a, "icpc", "2025-01-20");
  add_event (f, a, "plan-end", "2025-06-30");
  b = add_referral (f, "2025-09-01", "{\"name\": \"nia rees\", \"dob\": \"2016-01-01\"}");
  add_event (f, b, "s47-start", "2025-09-02");
  add_event (f, b, "s47-complete", "2025-10-30");  /* the 43rd working day after 1 September: late */
  add_event (f, b, "icpc", "2025-09-15");
  c = add_referral (f, "2026-08-03", "{\"name\": \"Owain Rees\", \"dob\": \"2018-02-02\"}");
  add_event (f, c, "icpc", "2026-08-10");

  check_period (f, "2025-01-01", "2025-12-31");
  check_period (f, "2024-04-01", "2025-03-31");
  check_period (f, "2026-01-01", "2026-11-23");

  /* Per child: the sibling group's one plan end is three children in
   * PM28; Nia's return is a re-registration, Owain's (13 months on) not. */
  report = dg_register_report (f->db, "2025-01-01", "2026-11-23", TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows_of (report, "pm28", a, NULL), ==, 3);
  g_assert_cmpuint (rows_of (report, "pm27", a, NULL), ==, 3);
  g_assert_cmpuint (rows_of (report, "pm27", b, "numerator"), ==, 1);
  g_assert_cmpuint (rows_of (report, "pm27", c, "numerator"), ==, 0);
  g_assert_cmpuint (rows_of (report, "pm27", c, NULL), ==, 1);
  g_assert_cmpuint (rows_of (report, "pm24", a, "numerator"), ==, 3);
  g_assert_cmpuint (rows_of (report, "pm24", b, NULL), ==, 1);
  g_assert_cmpuint (rows_of (report, "pm24", b, "numerator"), ==, 0);
}

static void
test_refusals (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) none = dg_register_report (f->db, "2025-12-01", "2025-01-01", FALSE, &error);
  const char *args[] = { "report", "register", "--from", "2025-01-01", "--to", "2025-12-31", "--list", "pm99", NULL };
  g_autofree char *out = NULL, *err = NULL;
  const char *argv[16] = { "--db", f->location };

  g_assert_null (none);
  g_assert_error (error, DG_ERROR, DG_ERROR_INVALID);
  g_assert_cmpstr (dg_error_get_field (error), ==, "to");
  g_clear_error (&error);
  for (guint i = 0; args[i] != NULL; i++)
    argv[i + 2] = args[i];
  g_assert_cmpint (dg_test_cli_run (argv, NULL, &out, &err), ==, 2);
  g_assert_nonnull (strstr (err, "--list"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(name, func) g_test_add (name, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/register/periods-and-flags", test_periods_and_flags);
  ADD ("/register/measures-match", test_measures_match);
  ADD ("/register/refusals", test_refusals);
#undef ADD

  return g_test_run ();
}
