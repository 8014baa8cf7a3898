#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "dg-test-db.h"
#include "dg-audit.h"
#include "dg-error.h"
#include "dg-referrals.h"

/* The audit trail that proves itself (issue 25): every row linked to the
 * one before by SHA-256; a row edited, deleted or written with the link's
 * trigger dropped — by the sqlite3 shell on a file, by the tables' owner on
 * a server — is named by dg_audit_verify (); trimming the end is found
 * against a head remembered from an earlier check; the export checks
 * offline with the README's one-line command. */

typedef DgTestDb Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  dg_test_db_setup (f, "dg-test-audit");
  for (int i = 0; i < 6; i++)
    {
      g_autofree char *json = g_strdup_printf (
        "{\"received_at\": \"2026-11-0%dT09:00:00\", \"channel\": \"email\","
        " \"reporter\": {\"name\": \"Ceri Jones\", \"organisation\": \"Ysgol Enghraifft\", \"agency\": \"education\"},"
        " \"children\": [{\"name\": \"Siân Morgan\"}], \"concern\": \"Arrived hungry\"}", i + 2);
      g_autoptr(JsonNode) node = json_from_string (json, &error);
      gint64 id;

      g_assert_no_error (error);
      id = dg_referral_add (f->db, json_node_get_object (node), NULL, &error);
      g_assert_no_error (error);
      dg_referral_acknowledge (f->db, id, NULL, "email", &error);
      g_assert_no_error (error);
    }
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  dg_test_db_teardown (f);
}

/* Changes the trail as someone with the database in hand would: the
 * sqlite3 shell on a file (no Diogelu functions there), the owner's SQL on
 * a server. */
static void
tamper (Fixture    *f,
        const char *sqlite_sql,
        const char *pg_sql)
{
  g_autoptr(GError) error = NULL;

  if (dg_test_db_is_pg ())
    {
      g_assert_true (dg_db_exec (f->db, pg_sql, &error));
      g_assert_no_error (error);
    }
  else
    {
      const char *argv[] = { "sqlite3", f->location, sqlite_sql, NULL };
      g_autofree char *err = NULL;
      int status = 0;

      g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                                   NULL, NULL, NULL, &err, &status, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (err, ==, "");
      g_assert_true (g_spawn_check_wait_status (status, NULL));
    }
}

static JsonObject *
verify (Fixture    *f,
        gint64      head_id,
        const char *head_hash)
{
  g_autoptr(GError) error = NULL;
  JsonObject *result = dg_audit_verify (f->db, head_id, head_hash, &error);

  g_assert_no_error (error);
  g_assert_nonnull (result);
  return result;
}

static void
assert_broken (Fixture    *f,
               gint64      id,
               const char *reason)
{
  g_autoptr(JsonObject) result = verify (f, 0, NULL);
  JsonObject *broken;

  g_assert_false (json_object_get_boolean_member (result, "intact"));
  broken = json_object_get_object_member (result, "broken");
  g_assert_cmpint (json_object_get_int_member (broken, "id"), ==, id);
  g_assert_cmpstr (json_object_get_string_member (broken, "reason"), ==, reason);
}

static void
test_intact (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(JsonObject) result = verify (f, 0, NULL);
  JsonObject *head;

  g_assert_true (json_object_get_boolean_member (result, "intact"));
  g_assert_cmpint (json_object_get_int_member (result, "rows"), ==, dg_test_db_int (f->db, "SELECT count (*) FROM audit"));
  g_assert_cmpint (json_object_get_int_member (result, "rows"), >=, 12);
  head = json_object_get_object_member (result, "head");
  g_assert_cmpint (json_object_get_int_member (head, "id"), ==, dg_test_db_int (f->db, "SELECT max (id) FROM audit"));
  g_assert_cmpuint (strlen (json_object_get_string_member (head, "hash")), ==, 64);
  /* Every row has exactly one link. */
  g_assert_cmpint (dg_test_db_int (f->db, "SELECT count (*) FROM audit_chain"), ==,
                   dg_test_db_int (f->db, "SELECT count (*) FROM audit"));
}

static void
test_edited (Fixture       *f,
             gconstpointer  data)
{
  tamper (f, "DROP TRIGGER audit_no_update; UPDATE audit SET actor = 'Someone Else' WHERE id = 5",
          "ALTER TABLE audit DISABLE TRIGGER audit_no_update; UPDATE audit SET actor = 'Someone Else' WHERE id = 5");
  assert_broken (f, 5, "changed");
}

/* A detail erased by hand, with no disposal's certificate naming it. */
static void
test_erased_uncertified (Fixture       *f,
                         gconstpointer  data)
{
  gint64 id = dg_test_db_int (f->db, "SELECT min (id) FROM audit WHERE detail IS NOT NULL");
  g_autofree char *update = g_strdup_printf ("UPDATE audit SET detail = NULL WHERE id = %" G_GINT64_FORMAT, id);
  g_autofree char *on_file = g_strconcat ("DROP TRIGGER audit_no_update; ", update, NULL);
  g_autofree char *on_server = g_strconcat ("ALTER TABLE audit DISABLE TRIGGER audit_no_update; ", update, NULL);

  tamper (f, on_file, on_server);
  assert_broken (f, id, "changed");
}

/* Erased by a disposal (dg_audit_erase () and its certificate after it):
 * intact, the row counted as disposed; the same row changed otherwise
 * afterwards, or a certificate whose hash is not the row's, is "changed". */
static void
test_erased_certified (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(JsonArray) erased = NULL;
  g_autoptr(JsonObject) result = NULL;
  g_autofree char *certificate = NULL, *on_file = NULL, *on_server = NULL;
  gint64 id = dg_test_db_int (f->db, "SELECT min (id) FROM audit WHERE detail IS NOT NULL");
  JsonObject *o;

  g_array_append_val (ids, id);
  g_assert_true (dg_db_begin (f->db, &error));
  erased = dg_audit_erase (f->db, ids, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (erased), ==, 1);
  o = json_array_get_object_element (erased, 0);
  certificate = g_strdup_printf ("{\"erased\":[{\"id\":%" G_GINT64_FORMAT ",\"hash\":\"%s\"}]}",
                                 id, json_object_get_string_member (o, "hash"));
  g_assert_true (dg_db_audit (f->db, "retention", 1, "disposed", certificate, &error));
  g_assert_true (dg_db_commit (f->db, &error));
  g_assert_no_error (error);
  g_assert_true (dg_test_db_int (f->db, "SELECT count (*) FROM audit WHERE detail IS NULL") > 0);
  result = verify (f, 0, NULL);
  g_assert_true (json_object_get_boolean_member (result, "intact"));
  g_assert_cmpint (json_object_get_int_member (result, "disposed"), ==, 1);

  /* Nothing else may change: the same row's actor, then. */
  g_free (certificate);
  certificate = g_strdup_printf ("UPDATE audit SET actor = 'Someone Else' WHERE id = %" G_GINT64_FORMAT, id);
  on_file = g_strconcat ("DROP TRIGGER audit_no_update; ", certificate, NULL);
  on_server = g_strconcat ("ALTER TABLE audit DISABLE TRIGGER audit_no_update; ", certificate, NULL);
  tamper (f, on_file, on_server);
  assert_broken (f, id, "changed");
}

static void
test_deleted (Fixture       *f,
              gconstpointer  data)
{
  tamper (f, "DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE id = 7",
          "ALTER TABLE audit DISABLE TRIGGER audit_no_delete; DELETE FROM audit WHERE id = 7");
  assert_broken (f, 7, "removed");
}

static void
test_deleted_with_link (Fixture       *f,
                        gconstpointer  data)
{
  /* Its link gone too: the next row no longer follows the one before. */
  tamper (f, "DROP TRIGGER audit_no_delete; DROP TRIGGER audit_chain_no_delete; "
             "DELETE FROM audit WHERE id = 7; DELETE FROM audit_chain WHERE audit_id = 7",
          "ALTER TABLE audit DISABLE TRIGGER audit_no_delete; ALTER TABLE audit_chain DISABLE TRIGGER audit_chain_no_delete; "
          "DELETE FROM audit WHERE id = 7; DELETE FROM audit_chain WHERE audit_id = 7");
  assert_broken (f, 8, "reordered");
}

static void
test_unlinked (Fixture       *f,
               gconstpointer  data)
{
  gint64 next = dg_test_db_int (f->db, "SELECT max (id) + 1 FROM audit");

  tamper (f, "DROP TRIGGER audit_chain_append; INSERT INTO audit (at, actor, entity, entity_id, action) "
             "VALUES ('2026-11-20T10:00:00', 'Someone Else', 'referral', 1, 'amend')",
          "ALTER TABLE audit DISABLE TRIGGER audit_chain_append; INSERT INTO audit (at, actor, entity, entity_id, action) "
          "VALUES ('2026-11-20T10:00:00', 'Someone Else', 'referral', 1, 'amend')");
  assert_broken (f, next, "unlinked");
}

static void
test_trimmed (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(JsonObject) before = verify (f, 0, NULL);
  g_autoptr(JsonObject) after = NULL, against = NULL;
  JsonObject *head = json_object_get_object_member (before, "head");
  gint64 head_id = json_object_get_int_member (head, "id");
  g_autofree char *head_hash = g_strdup (json_object_get_string_member (head, "hash"));
  g_autofree char *sqlite_sql = g_strdup_printf ("DROP TRIGGER audit_no_delete; DROP TRIGGER audit_chain_no_delete; "
                                                 "DELETE FROM audit WHERE id = %" G_GINT64_FORMAT "; "
                                                 "DELETE FROM audit_chain WHERE audit_id = %" G_GINT64_FORMAT,
                                                 head_id, head_id);
  g_autofree char *pg_sql = g_strdup_printf ("ALTER TABLE audit DISABLE TRIGGER audit_no_delete; "
                                             "ALTER TABLE audit_chain DISABLE TRIGGER audit_chain_no_delete; "
                                             "DELETE FROM audit WHERE id = %" G_GINT64_FORMAT "; "
                                             "DELETE FROM audit_chain WHERE audit_id = %" G_GINT64_FORMAT,
                                             head_id, head_id);
  JsonObject *broken;

  /* The end of the trail and its link cut off together: the chain that is
   * left holds, but not against the head an earlier check printed. */
  tamper (f, sqlite_sql, pg_sql);
  after = verify (f, 0, NULL);
  g_assert_true (json_object_get_boolean_member (after, "intact"));
  against = verify (f, head_id, head_hash);
  g_assert_false (json_object_get_boolean_member (against, "intact"));
  broken = json_object_get_object_member (against, "broken");
  g_assert_cmpint (json_object_get_int_member (broken, "id"), ==, head_id);
  g_assert_cmpstr (json_object_get_string_member (broken, "reason"), ==, "removed");
}

/* The one-line command the README gives, between its markers. */
static char *
readme_command (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("DIOGELU_SOURCE_ROOT"), "README.md", NULL);
  g_autofree char *readme = NULL;
  g_autoptr(GError) error = NULL;
  const char *start, *end;

  g_assert_true (g_file_get_contents (path, &readme, NULL, &error));
  g_assert_no_error (error);
  start = strstr (readme, "<!-- audit-check -->\n```sh\n");
  g_assert_nonnull (start);
  start += strlen ("<!-- audit-check -->\n```sh\n");
  end = strstr (start, "\n```");
  g_assert_nonnull (end);
  return g_strndup (start, end - start);
}

static char *
check_offline (const char *command,
               const char *export_path)
{
  g_autoptr(GString) line = g_string_new (command);
  g_autoptr(GError) error = NULL;
  g_autofree char *quoted = g_shell_quote (export_path);
  g_autofree char *out = NULL;
  int status = 0;

  g_assert_true (g_str_has_prefix (command, "python3 "));
  g_assert_true (g_str_has_suffix (command, " audit.json"));
  g_string_truncate (line, line->len - strlen ("audit.json"));
  g_string_append (line, quoted);
  /* Debian's python3, as a data protection officer's machine has it. */
  g_string_prepend (line, "/usr/bin/");
  g_assert_true (g_spawn_sync (NULL, (char *[]) { (char *) "/bin/sh", (char *) "-c", line->str, NULL }, NULL, 0,
                               NULL, NULL, &out, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return g_steal_pointer (&out);
}

static void
test_export (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) result = verify (f, 0, NULL);
  g_autofree char *path = g_build_filename (f->dir, "audit.json", NULL);
  g_autofree char *tampered = g_build_filename (f->dir, "tampered.json", NULL);
  g_autofree char *command = readme_command ();
  g_autofree char *out = NULL, *expected = NULL, *contents = NULL;
  g_autoptr(GRegex) actor = NULL;
  g_autofree char *changed = NULL;
  JsonObject *head = json_object_get_object_member (result, "head");
  gint64 rows;

  rows = dg_audit_export (f->db, path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (rows, ==, json_object_get_int_member (result, "rows"));

  out = check_offline (command, path);
  expected = g_strdup_printf ("intact: %" G_GINT64_FORMAT " rows, head %" G_GINT64_FORMAT " %s\n",
                              rows, json_object_get_int_member (head, "id"), json_object_get_string_member (head, "hash"));
  g_assert_cmpstr (out, ==, expected);

  /* The export edited by hand: the command names the row. */
  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  actor = g_regex_new ("(\"id\":4,[^\\n]*\"actor\":\")[^\"]*", 0, 0, NULL);
  changed = g_regex_replace (actor, contents, -1, 0, "\\1Someone Else", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (changed, !=, contents);
  g_assert_true (g_file_set_contents (tampered, changed, -1, &error));
  g_free (out);
  out = check_offline (command, tampered);
  g_assert_cmpstr (out, ==, "broken at row 4\n");
  g_remove (tampered);

  g_assert_cmpint (dg_audit_export (f->db, "/nonexistent-folder/audit.json", &error), ==, -1);
  g_assert_cmpstr (dg_error_get_field (error), ==, "output");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/audit/intact", Fixture, NULL, fixture_setup, test_intact, fixture_teardown);
  g_test_add ("/audit/edited", Fixture, NULL, fixture_setup, test_edited, fixture_teardown);
  g_test_add ("/audit/erased-uncertified", Fixture, NULL, fixture_setup, test_erased_uncertified, fixture_teardown);
  g_test_add ("/audit/erased-certified", Fixture, NULL, fixture_setup, test_erased_certified, fixture_teardown);
  g_test_add ("/audit/deleted", Fixture, NULL, fixture_setup, test_deleted, fixture_teardown);
  g_test_add ("/audit/deleted-with-link", Fixture, NULL, fixture_setup, test_deleted_with_link, fixture_teardown);
  g_test_add ("/audit/unlinked", Fixture, NULL, fixture_setup, test_unlinked, fixture_teardown);
  g_test_add ("/audit/trimmed", Fixture, NULL, fixture_setup, test_trimmed, fixture_teardown);
  g_test_add ("/audit/export", Fixture, NULL, fixture_setup, test_export, fixture_teardown);

  return g_test_run ();
}
