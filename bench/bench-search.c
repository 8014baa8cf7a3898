/* Search as you type at scale: the core API (what the app runs on each
 * keystroke: the ids of the matches, then the first page of rows) against the
 * same FTS5 query run directly on SQLite. Prints medians in milliseconds. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "dg-core.h"
#include "dg-db.h"
#include "dg-referrals.h"

#define RUNS 15
#define CAP 5000      /* the app's cap on search results */
#define PAGE 64       /* the app's page of rows */

static int
compare_double (const void *a,
                const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

static double
median (double *v, int n)
{
  qsort (v, n, sizeof *v, compare_double);
  return v[n / 2];
}

static double
ours (DgDb *db, const char *text, guint *matches)
{
  DgReferralQuery q = { .search = text };
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();
  g_autoptr(GArray) ids = dg_referral_list_ids (db, &q, CAP, &error);

  if (ids == NULL)
    g_error ("search failed: %s", error->message);
  *matches = ids->len;

  return (g_get_monotonic_time () - start) / 1000.0;
}

/* Filling the first screenful of rows (what the list shows next). */
static double
first_page (DgDb *db, const char *text)
{
  DgReferralQuery q = { .search = text };
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = dg_referral_list_ids (db, &q, PAGE, &error);
  gint64 start = g_get_monotonic_time ();
  g_autoptr(JsonArray) rows = dg_referral_summaries (db, (gint64 *) ids->data, ids->len, &error);

  if (rows == NULL)
    g_error ("summaries failed: %s", error->message);
  return (g_get_monotonic_time () - start) / 1000.0;
}

static double
floor_query (sqlite3 *raw, const char *text, guint *matches)
{
  /* The bare FTS5 lookup the core builds for the same words. */
  g_auto(GStrv) words = g_strsplit (text, " ", -1);
  g_autoptr(GString) q = g_string_new (NULL);
  g_autofree char *match = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 start;
  guint n = 0;

  for (guint i = 0; words[i] != NULL; i++)
    g_string_append_printf (q, "%s\"%s\"*", i ? " AND " : "", words[i]);
  match = g_string_free (g_steal_pointer (&q), FALSE);
  start = g_get_monotonic_time ();

  sqlite3_prepare_v2 (raw, "SELECT rowid FROM referral_search WHERE referral_search MATCH ?1 ORDER BY rowid DESC LIMIT ?2", -1, &stmt, NULL);
  sqlite3_bind_text (stmt, 1, match, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 2, CAP);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  /* Read every id, as the app must, into an array as the core does. */
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
      n++;
    }
  sqlite3_finalize (stmt);
  *matches = n;

  return (g_get_monotonic_time () - start) / 1000.0;
}

int
main (int argc, char *argv[])
{
  const char *prefixes[][2] = { { "rare", "ffion pros" }, { "common", "jo" } };
  g_autoptr(GError) error = NULL;
  g_autoptr(DgDb) db = NULL;
  sqlite3 *raw = NULL;

  if (argc != 2)
    {
      fprintf (stderr, "usage: %s DATABASE\n", argv[0]);
      return 2;
    }

  db = dg_db_open (argv[1], DG_DB_OPEN_READ_ONLY, &error);
  if (db == NULL)
    g_error ("%s", error->message);
  sqlite3_open_v2 (argv[1], &raw, SQLITE_OPEN_READONLY, NULL);

  for (guint p = 0; p < G_N_ELEMENTS (prefixes); p++)
    {
      double a[RUNS], b[RUNS], c[RUNS];
      guint n_ours = 0, n_floor = 0;

      /* Warm both the same way: the second keystroke is what a person waits on. */
      ours (db, prefixes[p][1], &n_ours);
      floor_query (raw, prefixes[p][1], &n_floor);
      for (int i = 0; i < RUNS; i++)
        {
          a[i] = ours (db, prefixes[p][1], &n_ours);
          b[i] = floor_query (raw, prefixes[p][1], &n_floor);
          c[i] = first_page (db, prefixes[p][1]);
        }
      printf ("search-%s-ms %.2f %.2f %u %u\n", prefixes[p][0], median (a, RUNS), median (b, RUNS), n_ours, n_floor);
      printf ("first-page-%s-ms %.2f\n", prefixes[p][0], median (c, RUNS));
    }

  sqlite3_close (raw);
  return 0;
}
