/* Several practitioners at once: separate diogelu-cli processes log referrals
 * and race to decide the same one, all against one database. Afterwards every
 * count and every audit row must add up: no save lost to a lock, no second
 * decision, and the ones who came second told whose decision stands. */
#include "config.h"

#include <glib/gstdio.h>

#include "dg-core.h"
#include "dg-db.h"
#include "dg-test-db.h"

#define CLIENTS 6
#define ADDS    8     /* referrals each client logs, half before the race, half after */

static const char referral_json[] =
  "{\"received_at\": \"2026-11-20T09:30\", \"channel\": \"phone\","
  " \"reporter\": {\"name\": \"Ceri Jones\", \"organisation\": \"Ysgol Enghraifft\", \"agency\": \"education\"},"
  " \"children\": [{\"name\": \"Alex Example\", \"dob\": \"2015-04-01\"}],"
  " \"concern\": \"Concurrency test\"}";

/* One client: ADDS/2 referrals, a try at deciding referral 1, ADDS/2 more.
 * Each command's exit status goes to its own line of @dir/client-K.status,
 * what the decision said to @dir/client-K.decide. */
static const char client_script[] =
  "cli=$1; db=$2; file=$3; k=$4; dir=$5; half=$6\n"
  "for i in $(seq $half); do \"$cli\" --db \"$db\" referral add --file \"$file\" >/dev/null 2>>\"$dir/client-$k.err\"; echo \"add $?\"; done\n"
  "\"$cli\" --db \"$db\" referral decide 1 --outcome early-help --rationale \"Client $k decided\" --by \"Client $k\""
  "  >/dev/null 2>\"$dir/client-$k.decide\"; echo \"decide $?\"\n"
  "for i in $(seq $half); do \"$cli\" --db \"$db\" referral add --file \"$file\" >/dev/null 2>>\"$dir/client-$k.err\"; echo \"add $?\"; done\n";

static void
test_clients_at_once (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("dg-test-concurrency-XXXXXX", &error);
  g_autofree char *db_path = dg_test_db_location (dir);
  g_autofree char *json_path = g_build_filename (dir, "referral.json", NULL);
  g_autofree char *half = g_strdup_printf ("%d", ADDS / 2);
  const char *cli = g_getenv ("DIOGELU_CLI");
  GSubprocess *clients[CLIENTS];
  g_autoptr(DgDb) db = NULL;
  int winners = 0, refused = 0;
  int winner = -1;

  g_assert_no_error (error);
  g_assert_nonnull (cli);
  g_assert_true (g_file_set_contents (json_path, referral_json, -1, &error));
  g_assert_no_error (error);

  /* Referral 1, the one everybody will try to decide. */
  {
    g_autoptr(GSubprocess) first = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error,
                                                     cli, "--db", db_path, "referral", "add",
                                                     "--file", json_path, NULL);
    g_assert_no_error (error);
    g_assert_true (g_subprocess_wait_check (first, NULL, &error));
    g_assert_no_error (error);
  }

  for (int k = 0; k < CLIENTS; k++)
    {
      g_autofree char *number = g_strdup_printf ("%d", k);

      clients[k] = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                                     "/bin/sh", "-c", client_script, "client",
                                     cli, db_path, json_path, number, dir, half, NULL);
      g_assert_no_error (error);
    }

  for (int k = 0; k < CLIENTS; k++)
    {
      g_autofree char *out = NULL;
      g_auto(GStrv) lines = NULL;
      g_autofree char *err_path = g_strdup_printf ("%s/client-%d.err", dir, k);
      g_autofree char *errors = NULL;

      g_assert_true (g_subprocess_communicate_utf8 (clients[k], NULL, NULL, &out, NULL, &error));
      g_assert_no_error (error);
      g_assert_true (g_subprocess_get_successful (clients[k]));
      g_object_unref (clients[k]);

      /* Every referral was saved: none lost to another client's lock. */
      g_file_get_contents (err_path, &errors, NULL, NULL);
      lines = g_strsplit (out, "\n", -1);
      for (guint i = 0; lines[i] != NULL && *lines[i] != '\0'; i++)
        {
          if (g_str_has_prefix (lines[i], "add "))
            {
              if (!g_str_equal (lines[i], "add 0"))
                g_error ("client %d: %s: %s", k, lines[i], errors ? errors : "");
            }
          else if (g_str_equal (lines[i], "decide 0"))
            {
              winners++;
              winner = k;
            }
          else
            {
              /* Invalid input: already decided (exit 2), never a lock or an error. */
              g_assert_cmpstr (lines[i], ==, "decide 2");
              refused++;
            }
        }
    }
  g_assert_cmpint (winners, ==, 1);
  g_assert_cmpint (refused, ==, CLIENTS - 1);

  /* Those who came second were told whose decision stands. */
  for (int k = 0; k < CLIENTS; k++)
    {
      g_autofree char *path = g_strdup_printf ("%s/client-%d.decide", dir, k);
      g_autofree char *said = NULL;
      g_autofree char *expected = g_strdup_printf ("already decided by Client %d at ", winner);

      g_assert_true (g_file_get_contents (path, &said, NULL, &error));
      g_assert_no_error (error);
      if (k != winner)
        g_assert_nonnull (strstr (said, expected));
      else
        g_assert_cmpstr (said, ==, "");
    }

  /* Every count and audit row adds up. */
  db = dg_db_open (db_path, DG_DB_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_cmpint (dg_test_db_int (db, "SELECT count(*) FROM referral"), ==, 1 + CLIENTS * ADDS);
  g_assert_cmpint (dg_test_db_int (db, "SELECT count(DISTINCT reference) FROM referral"), ==, 1 + CLIENTS * ADDS);
  g_assert_cmpint (dg_test_db_int (db, "SELECT count(*) FROM audit WHERE entity = 'referral' AND action = 'create'"),
                   ==, 1 + CLIENTS * ADDS);
  g_assert_cmpint (dg_test_db_int (db, "SELECT count(*) FROM decision"), ==, 1);
  g_assert_cmpint (dg_test_db_int (db, "SELECT count(*) FROM audit WHERE action = 'decide'"), ==, 1);
  {
    g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM decision WHERE referral_id = 1 AND decided_by = 'Client %d'", winner);
    g_assert_cmpint (dg_test_db_int (db, sql), ==, 1);
  }
  /* Each referral's clocks were stored with it, and the search index holds each. */
  g_assert_cmpint (dg_test_db_int (db, "SELECT count(*) FROM referral r WHERE NOT EXISTS "
                                       "(SELECT 1 FROM clock c WHERE c.referral_id = r.id)"), ==, 0);
  g_assert_cmpint (dg_test_db_int (db, "SELECT count(*) FROM referral_search"), ==, 1 + CLIENTS * ADDS);
  {
    g_autofree char *report = NULL;

    g_assert_true (dg_db_check_integrity (db, &report, &error));
    g_assert_no_error (error);
  }
  g_clear_object (&db);

  dg_test_db_drop (db_path);
  dg_test_remove_folder (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/concurrency/clients-at-once", test_clients_at_once);

  return g_test_run ();
}
