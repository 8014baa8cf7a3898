#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "dg-test-db.h"
#include "dg-disclosure.h"
#include "dg-error.h"
#include "dg-meetings.h"
#include "dg-notify.h"
#include "dg-referrals.h"
#include "dg-demo.h"

/* The disclosure pack (issue 25): for one child, every referral, meeting,
 * child protection event and letter about them, checked against SQL; the
 * final PDF (read back by pdftotext) and JSON hold none of the
 * report-makers' or third parties' names, the review copy shows each
 * marked; the sign-off is audited without personal data. */

typedef DgTestDb Fixture;

#define CHILD "Elis Prydderch"
#define DOB "2015-03-02"

/* The report-makers (and the third parties) the pack must withhold. */
static const char *withheld[] = {
  "Ceri Bowen-Jones", "ceri.bowen@example.org", "Gwen Tudur", "07700 900123",
  "Marged Prydderch",      /* household */
  "Nia Prydderch",         /* a sibling on the referral */
  "Dafydd Rhys",           /* an invitee */
  "Siôn Tudur",            /* household, named in capitals in a concern */
  NULL
};

static gint64
add_referral (Fixture    *f,
              const char *json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = json_from_string (json, &error);
  gint64 id;

  g_assert_no_error (error);
  id = dg_referral_add (f->db, json_node_get_object (node), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static void
send_letter (Fixture *f,
             gint64   id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) rendered = dg_notify_render (f->db, id, "acknowledgement", NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_true (dg_notify_mark_sent (f->db, id, rendered, "text", "email", &error));
  g_assert_no_error (error);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 first, second, third, other, meeting;

  dg_test_db_setup (f, "dg-test-disclosure");
  /* Others' records around the child's. */
  g_assert_true (dg_demo_generate (f->db, 40, 25, NULL, NULL, &error));
  g_assert_no_error (error);

  first = add_referral (f, "{\"received_at\": \"2026-09-01T09:00:00\", \"channel\": \"email\","
                           " \"reporter\": {\"name\": \"Ceri Bowen-Jones\", \"organisation\": \"Ysgol y Graig\","
                           "  \"agency\": \"education\", \"email\": \"ceri.bowen@example.org\", \"phone\": \"07700 900123\"},"
                           " \"children\": [{\"name\": \"Elis Prydderch\", \"dob\": \"" DOB "\"},"
                           "                {\"name\": \"Nia Prydderch\", \"dob\": \"2017-06-01\"}],"
                           " \"household\": [{\"name\": \"Marged Prydderch\", \"relationship\": \"mother\"}],"
                           " \"concern\": \"Ceri Bowen-Jones saw bruising; Marged Prydderch was told.\"}");
  /* The same child, written another way, reported by a neighbour. */
  second = add_referral (f, "{\"received_at\": \"2026-10-05T14:00:00\", \"channel\": \"phone\","
                            " \"reporter\": {\"name\": \"Gwen Tudur\", \"agency\": \"public\"},"
                            " \"children\": [{\"name\": \"ELIS PRYDDERCH\", \"dob\": \"" DOB "\"}],"
                            " \"household\": [{\"name\": \"Siôn Tudur\", \"relationship\": \"stepfather\"}],"
                            " \"concern\": \"Shouting heard late at night: SIÔN TUDUR and marged prydderch.\"}");
  /* No date of birth, but linked to the first: the same child. */
  third = add_referral (f, "{\"received_at\": \"2026-11-02T10:00:00\", \"channel\": \"email\","
                           " \"reporter\": {\"name\": \"Ceri Bowen-Jones\", \"organisation\": \"Ysgol y Graig\","
                           "  \"agency\": \"education\", \"email\": \"ceri.bowen@example.org\"},"
                           " \"children\": [{\"name\": \"Elis Prydderch\"}], \"concern\": \"Not in school all week.\"}");
  g_assert_true (dg_db_run (f->db, "INSERT INTO referral_link (referral_id, earlier_id, confirmed_by, confirmed_at) "
                                   "VALUES (?1, ?2, 'Tester', '2026-11-02T11:00:00')", &error, DG_INT (third), DG_INT (first)));
  g_assert_no_error (error);
  /* Another child of that name, born another day, never linked: not in the pack. */
  other = add_referral (f, "{\"received_at\": \"2026-10-20T10:00:00\", \"channel\": \"email\","
                           " \"reporter\": {\"name\": \"Huw Llwyd\", \"agency\": \"health\"},"
                           " \"children\": [{\"name\": \"Elis Prydderch\", \"dob\": \"2009-01-01\"}], \"concern\": \"Other child.\"}");

  meeting = dg_meeting_add (f->db, first, "discussion", "2026-09-02T10:00:00", "Demo Team Manager", FALSE, &error);
  g_assert_no_error (error);
  g_assert_true (dg_meeting_invite (f->db, meeting, "police", "Dafydd Rhys", "Heddlu", NULL, &error));
  g_assert_no_error (error);
  g_assert_true (dg_meeting_invite (f->db, meeting, "report-maker", "Ceri Bowen-Jones", "Ysgol y Graig", NULL, &error));
  g_assert_no_error (error);
  g_assert_true (dg_referral_add_event (f->db, first, "s47-start", "2026-09-03T09:00:00", "Started", &error));
  g_assert_no_error (error);
  send_letter (f, first);
  send_letter (f, third);
  send_letter (f, other);
  (void) second;
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  dg_test_db_teardown (f);
}

/* The referral ids about the child, computed here from the tables: the
 * folded name with the date of birth, and what is linked to those. */
static GHashTable *
expected_referrals (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *key = dg_name_fold (CHILD);
  GHashTable *ids = g_hash_table_new (g_int64_hash, g_int64_equal);
  DgStmt *stmt = dg_db_query (f->db, "SELECT referral_id FROM child WHERE name_key = ?1 AND dob = ?2 "
                                     "UNION SELECT l.referral_id FROM referral_link l JOIN child c ON c.referral_id = l.earlier_id "
                                     "WHERE c.name_key = ?1 AND c.dob = ?2", &error, DG_TEXT (key), DG_TEXT (DOB));
  gboolean has_row;

  g_assert_no_error (error);
  while (dg_db_step (f->db, stmt, &has_row, &error) && has_row)
    {
      gint64 *id = g_new (gint64, 1);

      *id = dg_stmt_column_int64 (stmt, 0);
      g_hash_table_add (ids, id);
    }
  g_assert_no_error (error);
  dg_stmt_reset (stmt);
  return ids;
}

static gint64
count_in (Fixture    *f,
          const char *table,
          GHashTable *ids)
{
  GString *sql = g_string_new (NULL);
  GHashTableIter iter;
  gpointer key;
  gint64 n;

  g_string_printf (sql, "SELECT count(*) FROM %s WHERE referral_id IN (0", table);
  g_hash_table_iter_init (&iter, ids);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_string_append_printf (sql, ", %" G_GINT64_FORMAT, *(gint64 *) key);
  g_string_append (sql, ")");
  n = dg_test_db_int (f->db, sql->str);
  g_string_free (sql, TRUE);
  return n;
}

static char *
read_text (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  g_assert_no_error (error);
  return text;
}

static char *
pdf_text (const char *path)
{
  const char *argv[] = { "pdftotext", path, "-", NULL };
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  int status = 0;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                               NULL, NULL, &out, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return out;
}

static void
assert_has_none (const char *what,
                 const char *text)
{
  g_autofree char *folded = g_utf8_casefold (text, -1);

  for (guint i = 0; withheld[i] != NULL; i++)
    {
      g_autofree char *name = g_utf8_casefold (withheld[i], -1);

      if (strstr (folded, name) != NULL)
        g_error ("%s still holds “%s”", what, withheld[i]);
    }
}

static void
test_pack (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) ids = expected_referrals (f);
  g_autofree char *dir = g_build_filename (f->dir, "pack", NULL);
  g_autofree char *final_pdf = g_build_filename (dir, "disclosure.pdf", NULL);
  g_autofree char *review_pdf = g_build_filename (dir, "disclosure-review.pdf", NULL);
  g_autofree char *final_json = g_build_filename (dir, "disclosure.json", NULL);
  g_autofree char *key = NULL;
  g_autofree char *review_text = NULL, *final_text = NULL, *json_text = NULL, *detail = NULL;
  g_autoptr(JsonObject) pack = NULL;
  g_autoptr(JsonNode) final = NULL;
  JsonArray *referrals, *redactions;
  gint64 meetings = 0, letters = 0, events = 0, invitees = 0;
  DgStmt *stmt;

  if (!g_find_program_in_path ("pdftotext"))
    {
      g_test_skip ("pdftotext (poppler-utils) is not installed");
      return;
    }
  g_assert_cmpuint (g_hash_table_size (ids), ==, 3);

  pack = dg_disclosure_gather (f->db, 0, "elis  prydderch", &error);
  /* Two children have that name: the pack is refused without a referral. */
  g_assert_error (error, DG_ERROR, DG_ERROR_INVALID);
  g_assert_cmpstr (dg_error_get_field (error), ==, "child-name");
  g_assert_null (pack);
  g_clear_error (&error);

  {
    gint64 any = 0;
    GHashTableIter iter;
    gpointer one;

    g_hash_table_iter_init (&iter, ids);
    while (g_hash_table_iter_next (&iter, &one, NULL))
      if (any == 0 || *(gint64 *) one < any)
        any = *(gint64 *) one;
    pack = dg_disclosure_gather (f->db, any, NULL, &error);
  }
  g_assert_no_error (error);

  /* Every referral about the child, and nothing else. */
  referrals = json_object_get_array_member (pack, "referrals");
  g_assert_cmpuint (json_array_get_length (referrals), ==, g_hash_table_size (ids));
  for (guint i = 0; i < json_array_get_length (referrals); i++)
    {
      JsonObject *ref = json_array_get_object_element (referrals, i);
      gint64 id = json_object_get_int_member (ref, "id");
      JsonArray *m = json_object_get_array_member (ref, "meetings");

      g_assert_true (g_hash_table_contains (ids, &id));
      meetings += json_array_get_length (m);
      for (guint k = 0; k < json_array_get_length (m); k++)
        invitees += json_array_get_length (json_object_get_array_member (json_array_get_object_element (m, k), "invitees"));
      letters += json_array_get_length (json_object_get_array_member (ref, "letters"));
      events += json_array_get_length (json_object_get_array_member (ref, "cp_events"));
    }
  g_assert_cmpint (meetings, ==, count_in (f, "meeting", ids));
  g_assert_cmpint (letters, ==, count_in (f, "notification", ids));
  g_assert_cmpint (events, ==, count_in (f, "cp_event", ids));
  g_assert_cmpint (letters, ==, 2);
  g_assert_cmpint (meetings, ==, 1);
  g_assert_cmpint (invitees, ==, 2);

  /* Every report-maker's name is marked report-maker. */
  redactions = json_object_get_array_member (pack, "redactions");
  key = dg_name_fold (CHILD);
  stmt = dg_db_query (f->db, "SELECT DISTINCT p.name FROM reporter p JOIN referral r ON r.reporter_id = p.id "
                             "JOIN child c ON c.referral_id = r.id WHERE c.name_key = ?1", &error, DG_TEXT (key));
  g_assert_no_error (error);
  {
    gboolean has_row;
    guint n = 0;

    while (dg_db_step (f->db, stmt, &has_row, &error) && has_row)
      {
        gboolean found = FALSE;

        for (guint i = 0; i < json_array_get_length (redactions); i++)
          {
            JsonObject *r = json_array_get_object_element (redactions, i);

            if (g_str_equal (json_object_get_string_member (r, "text"), dg_stmt_column_text (stmt, 0)))
              {
                g_assert_cmpstr (json_object_get_string_member (r, "code"), ==, "report-maker");
                g_assert_cmpint (json_object_get_int_member (r, "occurrences"), >, 0);
                found = TRUE;
              }
          }
        /* Huw Llwyd reported the other child: not in this pack. */
        g_assert_true (found || g_str_equal (dg_stmt_column_text (stmt, 0), "Huw Llwyd"));
        n++;
      }
    g_assert_no_error (error);
    g_assert_cmpuint (n, ==, 3);
  }

  /* A redaction that is not there cannot be released. */
  g_assert_false (dg_disclosure_release (pack, (const char * const[]) { "R999", NULL }, &error));
  g_assert_error (error, DG_ERROR, DG_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_true (dg_disclosure_write_review (f->db, pack, dir, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (final_pdf, G_FILE_TEST_EXISTS));
  /* Without a reviewer there is no final pack. */
  g_assert_false (dg_disclosure_sign_off (f->db, pack, "  ", NULL, dir, &error));
  g_assert_error (error, DG_ERROR, DG_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (g_file_test (final_pdf, G_FILE_TEST_EXISTS));

  g_assert_true (dg_disclosure_sign_off (f->db, pack, "Rhian Reviewer", NULL, dir, &error));
  g_assert_no_error (error);

  /* The review copy shows what is marked; the final pack holds none of it. */
  review_text = pdf_text (review_pdf);
  g_assert_nonnull (strstr (review_text, "Ceri Bowen-Jones"));
  g_assert_nonnull (strstr (review_text, "report-maker"));
  final_text = pdf_text (final_pdf);
  assert_has_none ("disclosure.pdf", final_text);
  g_assert_nonnull (strstr (final_text, "report-maker"));
  g_assert_nonnull (strstr (final_text, CHILD));
  g_assert_nonnull (strstr (final_text, "Cais am wybodaeth"));
  g_assert_nonnull (strstr (final_text, "Subject access request"));
  g_assert_true (strstr (final_text, "Cais am wybodaeth") < strstr (final_text, "Subject access request"));
  g_assert_nonnull (strstr (final_text, "Rhian Reviewer"));

  json_text = read_text (final_json);
  assert_has_none ("disclosure.json", json_text);
  final = json_from_string (json_text, &error);
  g_assert_no_error (error);
  referrals = json_object_get_array_member (json_node_get_object (final), "referrals");
  g_assert_cmpuint (json_array_get_length (referrals), ==, g_hash_table_size (ids));
  for (guint i = 0; i < json_array_get_length (referrals); i++)
    {
      JsonObject *ref = json_array_get_object_element (referrals, i);
      JsonObject *rm = json_array_get_object_element (json_object_get_array_member (ref, "report_maker"), 0);

      JsonArray *children = json_object_get_array_member (ref, "children");

      /* The child's own name is never withheld from them; a sibling's is. */
      for (guint k = 0; k < json_array_get_length (children); k++)
        {
          JsonObject *child = json_array_get_object_element (children, k);
          const char *name = json_object_get_string_member (child, "name");

          if (json_object_get_boolean_member (child, "subject"))
            g_assert_cmpint (g_ascii_strcasecmp (name, CHILD), ==, 0);
          else
            g_assert_true (g_regex_match_simple ("^\\[R[0-9]+ third-party\\]$", name, 0, 0));
        }
      /* Each report-maker's name is a mark naming its redaction and code. */
      g_assert_true (g_regex_match_simple ("^\\[R[0-9]+ report-maker\\]$", json_object_get_string_member (rm, "name"), 0, 0));
    }
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (json_node_get_object (final), "sign_off"), "reviewer"),
                   ==, "Rhian Reviewer");

  /* The disclosure is audited, with no one's name but the reviewer's. */
  g_assert_cmpint (dg_test_db_int (f->db, "SELECT count(*) FROM audit WHERE entity = 'disclosure' AND action = 'disclose'"), ==, 1);
  stmt = dg_db_prepare (f->db, "SELECT detail FROM audit WHERE entity = 'disclosure'", &error);
  g_assert_no_error (error);
  g_assert_true (dg_db_step_row (f->db, stmt, &error, DG_ERROR_NOT_FOUND, NULL, "no audit row"));
  detail = g_strdup (dg_stmt_column_text (stmt, 0));
  dg_stmt_reset (stmt);
  assert_has_none ("the audit detail", detail);
  g_assert_null (strstr (detail, "Prydderch"));
  g_assert_nonnull (strstr (detail, "\"letters\":2"));
  g_assert_nonnull (strstr (detail, "\"meetings\":1"));
  g_assert_nonnull (strstr (detail, "Rhian Reviewer"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/disclosure/pack", Fixture, NULL, fixture_setup, test_pack, fixture_teardown);
  return g_test_run ();
}
