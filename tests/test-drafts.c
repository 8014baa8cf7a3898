#include "config.h"

#include <libpq-fe.h>

#include "dg-core.h"
#include "dg-drafts.h"
#include "dg-referrals.h"
#include "dg-test-db.h"

/* Drafts belong to one person and one window (issue 19): two practitioners,
 * or two windows of one, never see or overwrite each other's unsaved work.
 * A person is a practitioner's name on a file and a login role on a server,
 * so on PostgreSQL each person here is a role of their own. */

typedef struct
{
  DgTestDb  t;
  DgDb     *person[2];
  char     *role[2];
} Fixture;

static const char * const names[] = { "Alaw Hughes", "Bryn Evans" };

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  dg_test_db_setup (&f->t, "dg-test-drafts");

  for (guint i = 0; i < G_N_ELEMENTS (f->person); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *location = NULL;

      location = dg_test_db_is_pg () ? dg_test_db_new_role (f->t.location, &f->role[i])
                                     : g_strdup (f->t.location);
      f->person[i] = dg_db_open (location, DG_DB_OPEN_DEFAULT, &error);
      g_assert_no_error (error);
      /* On a server the name is for the audit only: the role owns the drafts. */
      dg_db_set_actor (f->person[i], names[i]);
    }
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  for (guint i = 0; i < G_N_ELEMENTS (f->person); i++)
    {
      g_clear_object (&f->person[i]);
      if (f->role[i] != NULL)
        dg_test_db_drop_role (f->t.location, f->role[i]);
      g_clear_pointer (&f->role[i], g_free);
    }
  dg_test_db_teardown (&f->t);
}

static void
save (DgDb       *db,
      const char *kind,
      const char *slot,
      const char *body)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = dg_draft_save (db, kind, slot, body, &error);

  g_assert_no_error (error);
  g_assert_true (ok);
}

static char *
load (DgDb       *db,
      const char *kind,
      const char *slot)
{
  g_autoptr(GError) error = NULL;
  char *body = dg_draft_load (db, kind, slot, &error);

  g_assert_no_error (error);
  return body;
}

/* The slots of the person's drafts of @kind, newest first, joined by spaces. */
static char *
listed (DgDb               *db,
        const char         *kind,
        const char * const *busy)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) drafts = dg_draft_list (db, kind, busy, &error);
  g_autoptr(GString) slots = g_string_new (NULL);

  g_assert_no_error (error);
  g_assert_nonnull (drafts);
  for (guint i = 0; i < json_array_get_length (drafts); i++)
    {
      JsonObject *draft = json_array_get_object_element (drafts, i);

      g_string_append_printf (slots, "%s%s", i ? " " : "", json_object_get_string_member (draft, "slot"));
      g_assert_true (json_object_has_member (draft, "updated_at"));
      g_assert_true (json_object_has_member (draft, "body"));
    }
  return g_string_free (g_steal_pointer (&slots), FALSE);
}

static void
set_clock (DgDb *db,
           int   minute)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();
  g_autoptr(GDateTime) now = g_date_time_new (tz, 2026, 11, 23, 10, minute, 0);

  dg_db_set_now (db, now);
}

static void
test_two_people (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *a = NULL, *b = NULL, *a_list = NULL, *b_list = NULL;

  /* Both type a referral at once, each in a window that happens to have
   * the same slot: neither overwrites the other. */
  save (f->person[0], "referral", "w1", "{\"concern\":\"Alaw's child\"}");
  save (f->person[1], "referral", "w1", "{\"concern\":\"Bryn's child\"}");
  save (f->person[0], "referral", "w1", "{\"concern\":\"Alaw's child, more\"}");

  a = load (f->person[0], "referral", "w1");
  b = load (f->person[1], "referral", "w1");
  g_assert_cmpstr (a, ==, "{\"concern\":\"Alaw's child, more\"}");
  g_assert_cmpstr (b, ==, "{\"concern\":\"Bryn's child\"}");

  /* Each is offered only their own. */
  a_list = listed (f->person[0], "referral", NULL);
  b_list = listed (f->person[1], "referral", NULL);
  g_assert_cmpstr (a_list, ==, "w1");
  g_assert_cmpstr (b_list, ==, "w1");
  /* On a server even the role that owns the tables sees neither (forced
   * row-level security); a file holds both. */
  g_assert_cmpint (dg_test_db_int (f->t.db, "SELECT count(*) FROM draft"), ==, dg_test_db_is_pg () ? 0 : 2);

  /* One discarding theirs leaves the other's alone. */
  g_assert_true (dg_draft_discard (f->person[1], "referral", "w1", NULL));
  g_clear_pointer (&a, g_free);
  g_clear_pointer (&b, g_free);
  a = load (f->person[0], "referral", "w1");
  b = load (f->person[1], "referral", "w1");
  g_assert_cmpstr (a, ==, "{\"concern\":\"Alaw's child, more\"}");
  g_assert_null (b);
}

static void
test_two_windows (Fixture       *f,
                  gconstpointer  data)
{
  DgDb *db = f->person[0];
  const char *busy[] = { "window-a", NULL };
  g_autofree char *all = NULL, *free_ones = NULL, *after = NULL;
  g_autofree char *a = NULL, *b = NULL;
  g_autoptr(JsonArray) drafts = NULL;

  set_clock (db, 1);
  save (db, "referral", "window-a", "{\"concern\":\"first\"}");
  set_clock (db, 2);
  save (db, "referral", "window-b", "{\"concern\":\"second\"}");
  save (db, "decision:7", "window-c", "{\"rationale\":\"why\"}");

  a = load (db, "referral", "window-a");
  b = load (db, "referral", "window-b");
  g_assert_cmpstr (a, ==, "{\"concern\":\"first\"}");
  g_assert_cmpstr (b, ==, "{\"concern\":\"second\"}");

  /* Listed newest first, by kind; a window open now keeps its own. */
  all = listed (db, "referral", NULL);
  g_assert_cmpstr (all, ==, "window-b window-a");
  free_ones = listed (db, "referral", busy);
  g_assert_cmpstr (free_ones, ==, "window-b");

  /* The body comes back parsed, for the list to show what each one is. */
  drafts = dg_draft_list (db, "decision:7", NULL, NULL);
  g_assert_cmpuint (json_array_get_length (drafts), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (json_array_get_object_element (drafts, 0), "body"), "rationale"),
                   ==, "why");

  g_assert_true (dg_draft_discard (db, "referral", "window-a", NULL));
  after = listed (db, "referral", NULL);
  g_assert_cmpstr (after, ==, "window-b");
}

static void
test_saved_referral_takes_its_draft (Fixture       *f,
                                     gconstpointer  data)
{
  DgDb *db = f->person[0];
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = json_from_string ("{\"children\": [{\"name\": \"Gwen Parry\"}]}", NULL);
  g_autofree char *left = NULL, *other = NULL;

  save (db, "referral", "window-a", "{\"concern\":\"first\"}");
  save (db, "referral", "window-b", "{\"concern\":\"second\"}");
  save (f->person[1], "referral", "window-a", "{\"concern\":\"someone else's\"}");

  /* Saving window A's referral removes window A's draft, in the same commit,
   * and nobody else's. */
  g_assert_cmpint (dg_referral_add (db, json_node_get_object (node), "window-a", &error), >, 0);
  g_assert_no_error (error);
  left = listed (db, "referral", NULL);
  g_assert_cmpstr (left, ==, "window-b");
  other = load (f->person[1], "referral", "window-a");
  g_assert_cmpstr (other, ==, "{\"concern\":\"someone else's\"}");
}

/* A draft from before schema 7: no owner, no slot. */
static void
insert_legacy (Fixture *f)
{
  const char *sql = "INSERT INTO draft (kind, body, updated_at) "
                    "VALUES ('referral', '{\"concern\":\"typed before the upgrade\"}', '2026-11-20T09:00:00')";

  if (dg_test_db_is_pg ())
    {
      /* Only the server's superuser can write a row row-level security
       * refuses, as the old schema did. */
      g_autoptr(GUri) uri = g_uri_parse (f->t.location, G_URI_FLAGS_ENCODED, NULL);
      g_autofree char *as = g_uri_join (G_URI_FLAGS_ENCODED, "postgresql", "diogelu-pg", g_uri_get_host (uri),
                                        g_uri_get_port (uri), g_uri_get_path (uri), NULL, NULL);
      PGconn *conn = PQconnectdb (as);
      PGresult *result = PQexec (conn, "INSERT INTO draft (kind, owner, body, updated_at) "
                                       "VALUES ('referral', '', '{\"concern\":\"typed before the upgrade\"}', '2026-11-20T09:00:00')");

      g_assert_cmpint (PQresultStatus (result), ==, PGRES_COMMAND_OK);
      PQclear (result);
      PQfinish (conn);
    }
  else
    g_assert_true (dg_db_exec (f->t.db, sql, NULL));
}

static void
test_legacy (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *a = NULL, *b = NULL, *body = NULL, *a_after = NULL, *b_after = NULL;

  insert_legacy (f);
  a = listed (f->person[0], "referral", NULL);
  b = listed (f->person[1], "referral", NULL);

  if (dg_test_db_is_pg ())
    {
      /* On a server nobody can tell whose it was: nobody is offered it. */
      g_assert_cmpstr (a, ==, "");
      g_assert_cmpstr (b, ==, "");
      body = load (f->person[0], "referral", "");
      g_assert_null (body);
      return;
    }

  /* On one desk it is offered to the desk's practitioner ... */
  g_assert_cmpstr (a, ==, "");   /* one draft, in the empty slot */
  g_assert_cmpstr (b, ==, "");
  g_assert_cmpint (dg_test_db_int (f->t.db, "SELECT count(*) FROM draft"), ==, 1);
  body = load (f->person[0], "referral", "");
  g_assert_cmpstr (body, ==, "{\"concern\":\"typed before the upgrade\"}");

  /* ... and once one of them carries on with it, it is theirs alone. */
  save (f->person[0], "referral", "", "{\"concern\":\"typed before the upgrade, and since\"}");
  a_after = listed (f->person[0], "referral", NULL);
  b_after = listed (f->person[1], "referral", NULL);
  g_assert_cmpstr (a_after, ==, "");
  g_assert_cmpint (dg_test_db_int (f->person[1], "SELECT count(*) FROM draft WHERE owner = 'Alaw Hughes'"), ==, 1);
  g_clear_pointer (&body, g_free);
  body = load (f->person[1], "referral", "");
  g_assert_null (body);
  g_assert_cmpint (dg_test_db_int (f->t.db, "SELECT count(*) FROM draft"), ==, 1);
}

static void
test_server_names_the_owner (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;

  if (!dg_test_db_is_pg ())
    {
      g_test_skip ("A file has no login roles: the server's enforcement is tested on PostgreSQL");
      return;
    }

  save (f->person[0], "referral", "w1", "{}");
  save (f->person[1], "referral", "w1", "{}");

  /* The owner is the login role, whatever name the client gives. */
  sql = g_strdup_printf ("SELECT count(*) FROM draft WHERE owner = '%s'", f->role[0]);
  g_assert_cmpint (dg_test_db_int (f->person[0], sql), ==, 1);
  g_assert_cmpint (dg_test_db_int (f->person[0], "SELECT count(*) FROM draft"), ==, 1);

  /* Row-level security: no SQL a client sends reaches another's draft. */
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("INSERT INTO draft (kind, slot, owner, body, updated_at) "
                         "VALUES ('referral', 'w2', '%s', '{}', 'now')", f->role[1]);
  g_assert_false (dg_db_exec (f->person[0], sql, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_true (dg_db_exec (f->person[0], "DELETE FROM draft", &error));
  g_assert_no_error (error);
  g_assert_cmpint (dg_test_db_int (f->person[1], "SELECT count(*) FROM draft"), ==, 1);
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("UPDATE draft SET owner = '%s'", f->role[0]);
  g_assert_true (dg_db_exec (f->person[0], sql, &error));  /* touches no row: none is visible */
  g_assert_cmpint (dg_test_db_int (f->person[1], "SELECT count(*) FROM draft"), ==, 1);
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("UPDATE draft SET owner = '%s'", f->role[0]);
  g_assert_false (dg_db_exec (f->person[1], sql, &error));  /* would give one's draft away */
  g_assert_nonnull (error);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(name, func) g_test_add (name, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/drafts/two-people", test_two_people);
  ADD ("/drafts/two-windows", test_two_windows);
  ADD ("/drafts/saved-referral-takes-its-draft", test_saved_referral_takes_its_draft);
  ADD ("/drafts/legacy", test_legacy);
  ADD ("/drafts/server-names-the-owner", test_server_names_the_owner);
#undef ADD

  return g_test_run ();
}
