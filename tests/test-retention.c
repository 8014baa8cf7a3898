#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "dg-test-db.h"
#include "dg-audit.h"
#include "dg-disposal.h"
#include "dg-error.h"
#include "dg-referrals.h"
#include "dg-retention.h"
#include "dg-snapshot.h"

/* Retention and disposal (issue 25): the queue follows the schedule and
 * the legal holds; a disposal needs two different approvers; after it no
 * byte of the child's name is left in the file, its write-ahead log or its
 * search index (SQLite), or in any table (PostgreSQL); the audit still
 * verifies, with the erased rows named by the certificate, and any other
 * change to them is still found; a snapshot saved before is unchanged. */

#define NAME "Gwenllian Prydderch"
#define OLD_NAME "Gwenlian Pryderch"

typedef struct
{
  DgTestDb t;
  gint64   nfa;       /* decided nfa, child born 1995-03-01: due 2020-03-01 */
  gint64   young;     /* decided nfa, child born 2015-06-01: due 2040 */
  gint64   cp;        /* assessment, last contact 2000-01-12: due 2035-01-12, or 2020 when kept 20 years */
  gint64   open;      /* undecided, received 2000: never due */
} Fixture;

static gint64
add (Fixture    *f,
     const char *received,
     const char *child,
     const char *dob)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *json = g_strdup_printf (
    "{\"received_at\": \"%sT09:00:00\", \"channel\": \"email\","
    " \"reporter\": {\"name\": \"Ceri Jones\", \"organisation\": \"Ysgol Enghraifft\", \"agency\": \"education\"},"
    " \"children\": [{\"name\": \"%s\", \"dob\": \"%s\"}], \"concern\": \"Arrived hungry\"}", received, child, dob);
  g_autoptr(JsonNode) node = json_from_string (json, &error);
  gint64 id;

  g_assert_no_error (error);
  id = dg_referral_add (f->t.db, json_node_get_object (node), NULL, &error);
  g_assert_no_error (error);
  return id;
}

static void
decide (Fixture    *f,
        gint64      id,
        const char *outcome,
        const char *at)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (dg_referral_decide (f->t.db, id, outcome, "Reasons recorded", "Tester", at, &error));
  g_assert_no_error (error);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) patch = json_from_string ("{\"children\": [{\"name\": \"" NAME "\", \"dob\": \"1995-03-01\"}]}", NULL);

  dg_test_db_setup (&f->t, "dg-test-retention");
  /* The child's name first mistyped, then amended: the amendment's audit
   * row holds both. */
  f->nfa = add (f, "2010-05-04", OLD_NAME, "1995-03-01");
  g_assert_true (dg_referral_amend (f->t.db, f->nfa, json_node_get_object (patch), 0, &error));
  g_assert_no_error (error);
  decide (f, f->nfa, "nfa", "2010-05-05T10:00:00");
  f->young = add (f, "2026-11-02", "Siôn Morgan", "2015-06-01");
  decide (f, f->young, "nfa", "2026-11-03T10:00:00");
  f->cp = add (f, "2000-01-10", "Dafydd Rees", "1990-01-01");
  decide (f, f->cp, "assessment", "2000-01-12T10:00:00");
  f->open = add (f, "2000-01-02", "Elin Hughes", "1970-01-01");
  /* Protection records kept 20 years here, so that one is due. */
  if (data != NULL)
    {
      g_assert_true (dg_retention_set (f->t.db, "child-protection", "20y", &error));
      g_assert_no_error (error);
    }
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  dg_test_db_teardown (&f->t);
}

/* The queue's ids, in order, as "1,3". */
static char *
queue_ids (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) queue = dg_retention_queue (f->t.db, &error);
  g_autoptr(GString) s = g_string_new ("");

  g_assert_no_error (error);
  for (guint i = 0; i < json_array_get_length (queue); i++)
    g_string_append_printf (s, "%s%" G_GINT64_FORMAT, i ? "," : "",
                            json_object_get_int_member (json_array_get_object_element (queue, i), "id"));
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static void
assert_queue (Fixture *f,
              gint64   a,
              gint64   b)
{
  g_autofree char *ids = queue_ids (f);
  g_autofree char *expected = b ? g_strdup_printf ("%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT, a, b)
                                : a ? g_strdup_printf ("%" G_GINT64_FORMAT, a) : g_strdup ("");

  g_assert_cmpstr (ids, ==, expected);
}

static void
test_schedule (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) schedules = dg_retention_schedules (f->t.db, &error);
  g_autoptr(JsonArray) queue = NULL;
  gint64 audited;

  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (schedules), ==, 3);
  /* The defaults of DOMAIN.md, in record_type order. */
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (schedules, 0), "record_type"), ==, "audit");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (schedules, 1), "years"), ==, "35");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (schedules, 2), "years"), ==, "25");

  /* The nfa referral due at its child's 25th birthday, 2020-03-01; the
   * protection record not till 2035, the young child's in 2040 and the
   * undecided referral never. */
  assert_queue (f, f->nfa, 0);
  /* Kept 20 years, the protection record is due since 2020-01-12: soonest
   * first. */
  g_assert_true (dg_retention_set (f->t.db, "child-protection", "20y", &error));
  g_assert_no_error (error);
  queue = dg_retention_queue (f->t.db, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (queue), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (queue, 0), "due"), ==, "2020-01-12");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (queue, 0), "record_type"), ==,
                   "child-protection");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (queue, 1), "due"), ==, "2020-03-01");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (queue, 1), "record_type"), ==, "nfa");
  assert_queue (f, f->cp, f->nfa);

  /* Kept to 32: 1995 + 32 = 2027, after the tests' today (2026-11-23). */
  audited = dg_test_db_int (f->t.db, "SELECT count (*) FROM audit WHERE entity = 'retention' AND action = 'schedule'");
  g_assert_true (dg_retention_set (f->t.db, "nfa", "32y", &error));
  g_assert_no_error (error);
  g_assert_cmpint (dg_test_db_int (f->t.db, "SELECT count (*) FROM audit WHERE entity = 'retention' AND action = 'schedule'"),
                   ==, audited + 1);
  assert_queue (f, f->cp, 0);
  /* 31: 2026-03-01, due. */
  g_assert_true (dg_retention_set (f->t.db, "nfa", "31", &error));
  assert_queue (f, f->cp, f->nfa);

  g_assert_false (dg_retention_set (f->t.db, "nfa", "forever", &error));
  g_assert_cmpstr (dg_error_get_field (error), ==, "period");
  g_clear_error (&error);
  g_assert_false (dg_retention_set (f->t.db, "audit", "10y", &error));
  g_assert_cmpstr (dg_error_get_field (error), ==, "type");
}

static void
test_holds (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 hold;

  hold = dg_retention_hold_add (f->t.db, "referral", "Complaint", f->nfa, NULL, NULL, NULL, "Complaint open", &error);
  g_assert_no_error (error);
  assert_queue (f, f->cp, 0);
  g_assert_true (dg_retention_hold_release (f->t.db, hold, &error));
  assert_queue (f, f->cp, f->nfa);
  g_assert_false (dg_retention_hold_release (f->t.db, hold, &error));
  g_assert_error (error, DG_ERROR, DG_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* A child, by name folded as the repeat search folds it. */
  hold = dg_retention_hold_add (f->t.db, "child", "Family court", 0, "GWENLLIAN  prydderch", NULL, NULL, "Proceedings", &error);
  g_assert_no_error (error);
  assert_queue (f, f->cp, 0);
  g_assert_true (dg_retention_hold_release (f->t.db, hold, &error));

  /* An inquiry's moratorium over a range of dates, then over everything. */
  hold = dg_retention_hold_add (f->t.db, "inquiry", "Ymchwiliad", 0, NULL, "2000-01-01", "2000-12-31", "Moratorium", &error);
  g_assert_no_error (error);
  assert_queue (f, f->nfa, 0);
  g_assert_true (dg_retention_hold_add (f->t.db, "inquiry", "Inquiry", 0, NULL, NULL, NULL, "Moratorium", &error) > 0);
  assert_queue (f, 0, 0);
  g_assert_cmpint (dg_test_db_int (f->t.db, "SELECT count (*) FROM audit WHERE entity = 'retention' AND action = 'hold'"), ==, 4);

  /* Held: neither approved nor disposed. */
  g_assert_cmpint (dg_retention_approve (f->t.db, f->nfa, &error), ==, -1);
  g_assert_cmpstr (dg_error_get_field (error), ==, "id");
  g_clear_error (&error);

  g_assert_cmpint (dg_retention_hold_add (f->t.db, "inquiry", "Bad", 0, NULL, "2001-01-01", "2000-01-01", "x", &error), ==, 0);
  g_assert_cmpstr (dg_error_get_field (error), ==, "to");
  g_clear_error (&error);
  g_assert_cmpint (dg_retention_hold_add (f->t.db, "child", "Bad", 0, NULL, NULL, NULL, "x", &error), ==, 0);
  g_assert_cmpstr (dg_error_get_field (error), ==, "child-name");
  g_clear_error (&error);
  g_assert_cmpint (dg_retention_hold_add (f->t.db, "referral", "Bad", 9999, NULL, NULL, NULL, "x", &error), ==, 0);
  g_assert_error (error, DG_ERROR, DG_ERROR_NOT_FOUND);
}

static void
test_two_approvers (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) disposed = NULL;

  g_assert_null (dg_retention_dispose (f->t.db, f->nfa, &error));
  g_assert_cmpstr (dg_error_get_field (error), ==, "approvals");
  g_clear_error (&error);
  dg_db_set_actor (f->t.db, "Alys Evans");
  g_assert_cmpint (dg_retention_approve (f->t.db, f->nfa, &error), ==, 1);
  g_assert_no_error (error);
  g_assert_cmpint (dg_retention_approve (f->t.db, f->nfa, &error), ==, -1);
  g_assert_cmpstr (dg_error_get_field (error), ==, "approver");
  g_clear_error (&error);
  g_assert_null (dg_retention_dispose (f->t.db, f->nfa, &error));
  g_assert_cmpstr (dg_error_get_field (error), ==, "approvals");
  g_clear_error (&error);
  /* Not queued: not approved. */
  g_assert_cmpint (dg_retention_approve (f->t.db, f->young, &error), ==, -1);
  g_assert_cmpstr (dg_error_get_field (error), ==, "id");
  g_clear_error (&error);

  dg_db_set_actor (f->t.db, "Bryn Owen");
  g_assert_cmpint (dg_retention_approve (f->t.db, f->nfa, &error), ==, 2);
  g_assert_cmpint (dg_test_db_int (f->t.db, "SELECT count (*) FROM audit WHERE entity = 'retention' AND action = 'approve'"), ==, 2);
  disposed = dg_retention_dispose (f->t.db, f->nfa, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (disposed, "approved_by")), ==, 2);
  g_assert_cmpint (dg_test_db_int (f->t.db, "SELECT count (*) FROM referral"), ==, 3);
}

/* How many times @needle occurs in @path's bytes, by grep -a; 0 when the
 * file is not there. */
static int
grep_count (const char *path,
            const char *needle)
{
  const char *argv[] = { "grep", "-a", "-c", "-i", "-F", needle, path, NULL };
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return 0;
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                               NULL, NULL, &out, NULL, &status, &error));
  g_assert_no_error (error);
  return (int) g_ascii_strtoll (out, NULL, 10);
}

/* On PostgreSQL, the rows of every table of the schema whose text holds @needle. */
static gint64
pg_rows_with (Fixture    *f,
              const char *needle)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = g_strdup_printf (
    "DO $$ DECLARE t text; n bigint; total bigint := 0; BEGIN "
    "FOR t IN SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' LOOP "
    "  EXECUTE format ('SELECT count (*) FROM %%I x WHERE x::text ILIKE %%L', t, '%%%s%%') INTO n; total := total + n; "
    "END LOOP; "
    "CREATE TEMP TABLE IF NOT EXISTS dg_found (n bigint); DELETE FROM dg_found; INSERT INTO dg_found VALUES (total); END $$",
    needle);

  g_assert_true (dg_db_exec (f->t.db, sql, &error));
  g_assert_no_error (error);
  return dg_test_db_int (f->t.db, "SELECT n FROM dg_found");
}

static gint64
occurrences (Fixture    *f,
             const char *needle)
{
  g_autofree char *wal = NULL;

  if (dg_test_db_is_pg ())
    return pg_rows_with (f, needle);
  wal = g_strconcat (f->t.location, "-wal", NULL);
  return grep_count (f->t.location, needle) + grep_count (wal, needle);
}

static char *
snapshot_figures (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  DgStmt *stmt = dg_db_prepare (f->t.db, "SELECT figures || checksum FROM report_snapshot WHERE name = 'Q'", &error);
  gboolean has_row = FALSE;
  char *text;

  g_assert_no_error (error);
  g_assert_true (dg_db_step (f->t.db, stmt, &has_row, &error) && has_row);
  text = g_strdup (dg_stmt_column_text (stmt, 0));
  dg_stmt_reset (stmt);
  return text;
}

static void
test_dispose (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) saved = NULL, disposed = NULL, verified = NULL, first = NULL;
  g_autoptr(JsonNode) diff = NULL;
  g_autofree char *figures = NULL, *after = NULL, *sql = NULL;
  JsonArray *amended;
  gint64 reporters, erased_row, certificate;
  gboolean named = FALSE;

  saved = dg_snapshot_save (f->t.db, "Q", "2010-04-01", "2010-06-30", &error);
  g_assert_no_error (error);
  figures = snapshot_figures (f);
  reporters = dg_test_db_int (f->t.db, "SELECT count (*) FROM reporter");
  /* Before: the names are there, in the tables, the index and the audit. */
  if (!dg_test_db_is_pg ())
    g_assert_true (dg_db_exec (f->t.db, "PRAGMA wal_checkpoint (TRUNCATE)", &error));
  g_assert_cmpint (occurrences (f, NAME), >, 0);
  g_assert_cmpint (occurrences (f, OLD_NAME), >, 0);
  g_assert_cmpint (occurrences (f, "prydderch"), >, 0);

  dg_db_set_actor (f->t.db, "Alys Evans");
  g_assert_cmpint (dg_retention_approve (f->t.db, f->nfa, &error), ==, 1);
  dg_db_set_actor (f->t.db, "Bryn Owen");
  g_assert_cmpint (dg_retention_approve (f->t.db, f->nfa, &error), ==, 2);
  disposed = dg_retention_dispose (f->t.db, f->nfa, &error);
  g_assert_no_error (error);
  g_assert_cmpint (json_object_get_int_member (disposed, "audit_rows_erased"), >=, 2);
  if (!dg_test_db_is_pg ())
    g_assert_cmpstr (json_object_get_string_member (disposed, "checkpoint"), ==, "complete");

  /* No byte of the name, as typed, amended or folded (the search index's
   * and the repeat matching's form), in the file, its log or any table. */
  g_assert_cmpint (occurrences (f, NAME), ==, 0);
  g_assert_cmpint (occurrences (f, OLD_NAME), ==, 0);
  g_assert_cmpint (occurrences (f, "prydderch"), ==, 0);
  g_assert_cmpint (occurrences (f, "gwenllian"), ==, 0);
  /* Its report-maker's row goes (each intake keeps its own); the other
   * referrals and theirs stay. */
  g_assert_cmpint (occurrences (f, "Dafydd Rees"), >, 0);
  g_assert_cmpint (dg_test_db_int (f->t.db, "SELECT count (*) FROM reporter"), ==, reporters - 1);
  g_assert_cmpint (dg_test_db_int (f->t.db, "SELECT count (*) FROM referral r JOIN reporter p ON p.id = r.reporter_id"), ==, 3);
  sql = g_strdup_printf ("SELECT count (*) FROM audit WHERE entity = 'referral' AND entity_id = %" G_GINT64_FORMAT, f->nfa);
  g_assert_cmpint (dg_test_db_int (f->t.db, sql), >, 0);

  /* The trail verifies, the erased rows reported as disposed. */
  verified = dg_audit_verify (f->t.db, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (json_object_get_boolean_member (verified, "intact"));
  g_assert_cmpint (json_object_get_int_member (verified, "disposed"), ==,
                   json_object_get_int_member (disposed, "audit_rows_erased"));

  /* The snapshot saved before is as it was; its diff names the disposal. */
  after = snapshot_figures (f);
  g_assert_cmpstr (after, ==, figures);
  diff = dg_snapshot_diff (f->t.db, "Q", &error);
  g_assert_no_error (error);
  g_assert_true (json_object_get_boolean_member (json_node_get_object (diff), "intact"));
  amended = json_object_get_array_member (json_node_get_object (diff), "amended");
  for (guint i = 0; i < json_array_get_length (amended); i++)
    named |= g_strcmp0 (json_object_get_string_member (json_array_get_object_element (amended, i), "action"), "disposed") == 0;
  g_assert_true (named);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (diff), "figures")), >, 0);

  /* Any other change to an erased row is still found. */
  certificate = dg_test_db_int (f->t.db, "SELECT max (id) FROM audit WHERE action = 'disposed'");
  g_free (sql);
  sql = g_strdup_printf ("SELECT min (id) FROM audit WHERE entity = 'referral' AND entity_id = %" G_GINT64_FORMAT
                         " AND detail IS NULL AND action = 'amend'", f->nfa);
  erased_row = dg_test_db_int (f->t.db, sql);
  g_assert_cmpint (erased_row, >, 0);
  g_assert_cmpint (erased_row, <, certificate);
  g_free (sql);
  sql = g_strdup_printf ("%s; UPDATE audit SET detail = 'x' WHERE id = %" G_GINT64_FORMAT,
                         dg_test_db_is_pg () ? "ALTER TABLE audit DISABLE TRIGGER audit_no_update"
                                             : "DROP TRIGGER audit_no_update", erased_row);
  g_assert_true (dg_db_exec (f->t.db, sql, &error));
  g_assert_no_error (error);
  first = dg_audit_verify (f->t.db, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (json_object_get_boolean_member (first, "intact"));
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (first, "broken"), "id"), ==, erased_row);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (first, "broken"), "reason"), ==, "changed");
}

/* The trail's triggers let a detail go only for the rows a disposal names. */
static void
test_erase_guarded (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (dg_db_exec (f->t.db, "UPDATE audit SET detail = NULL WHERE id = 1", &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_false (dg_db_exec (f->t.db, "DELETE FROM notification", &error) &&
                  dg_db_exec (f->t.db, "INSERT INTO disposal_erase VALUES (1); UPDATE audit SET actor = 'x' WHERE id = 1", &error));
  g_assert_nonnull (error);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/retention/schedule", test_schedule);
  g_test_add ("/retention/holds", Fixture, "kept 20 years", fixture_setup, test_holds, fixture_teardown);
  ADD ("/retention/two-approvers", test_two_approvers);
  ADD ("/retention/dispose", test_dispose);
  ADD ("/retention/erase-guarded", test_erase_guarded);
  return g_test_run ();
}
