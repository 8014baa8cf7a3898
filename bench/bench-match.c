/* Repeat matching at scale: how many one-typo repeats of a child already on
 * record dg_referral_find_similar () finds (recall), and how long a lookup
 * takes. Adds N referrals about children of invented, distinct names to the
 * database (inside a transaction it rolls back, so the file is left as it
 * was), then looks each up by its name with one typo (a letter changed,
 * added or lost, anywhere, the first three letters of the surname too), with
 * and without the date of birth. Prints
 *   match-recall-dob <found> <asked> <median ms> <95th percentile ms>
 *   match-recall-nodob …
 *   match-ms <median of all lookups> <95th percentile> */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "dg-core.h"
#include "dg-db.h"
#include "dg-referrals.h"

static const char * const onsets[] = { "b", "c", "d", "dd", "f", "ff", "g", "h", "l", "ll", "m", "n", "p", "r", "rh",
                                        "s", "t", "th", "w", "gw", "br", "tr", "cr", "gl" };
static const char * const vowels[] = { "a", "e", "i", "o", "u", "w", "y", "ae", "ei", "ô", "â", "ŷ" };

static char *
invent (GRand *rand,
        guint  syllables)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < syllables; i++)
    {
      g_string_append (s, onsets[g_rand_int_range (rand, 0, G_N_ELEMENTS (onsets))]);
      g_string_append (s, vowels[g_rand_int_range (rand, 0, G_N_ELEMENTS (vowels))]);
    }
  g_string_append (s, onsets[g_rand_int_range (rand, 0, G_N_ELEMENTS (onsets))]);
  {
    /* Capitalised, as a name is written. */
    gunichar first = g_unichar_toupper (g_utf8_get_char (s->str));
    char head[8] = { 0 };
    const char *rest = g_utf8_next_char (s->str);
    char *out;

    g_unichar_to_utf8 (first, head);
    out = g_strconcat (head, rest, NULL);
    g_string_free (s, TRUE);
    return out;
  }
}

/* @name with one typo: a letter changed, added or lost at a random place. */
static char *
typo (GRand      *rand,
      const char *name)
{
  glong n = g_utf8_strlen (name, -1);
  glong at = g_rand_int_range (rand, 0, n);
  int kind = g_rand_int_range (rand, 0, 3);
  g_autofree char *before = g_utf8_substring (name, 0, at);
  g_autofree char *after = g_utf8_substring (name, kind == 1 ? at : at + 1, n);
  char letter[2] = { (char) ('a' + g_rand_int_range (rand, 0, 26)), 0 };
  g_autofree char *was = g_utf8_substring (name, at, at + 1);

  /* A change to the same letter is no typo: another letter. */
  if (kind == 0 && g_ascii_tolower (was[0]) == letter[0])
    letter[0] = letter[0] == 'z' ? 'a' : letter[0] + 1;
  return g_strconcat (before, kind == 2 ? "" : letter, after, NULL);
}

static int
compare_double (const void *a,
                const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

static double
percentile (GArray *times,
            double  p)
{
  if (times->len == 0)
    return 0;
  qsort (times->data, times->len, sizeof (double), compare_double);
  return g_array_index (times, double, MIN (times->len - 1, (guint) (p * times->len)));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DgDb) db = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (27);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) dobs = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) all = g_array_new (FALSE, FALSE, sizeof (double));
  guint n;

  if (argc != 3)
    {
      fprintf (stderr, "usage: %s DATABASE N\n", argv[0]);
      return 2;
    }
  n = atoi (argv[2]);
  db = dg_db_open (argv[1], 0, &error);
  if (db == NULL || !dg_db_begin (db, &error))
    {
      fprintf (stderr, "%s\n", error->message);
      return 1;
    }
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *first = invent (rand, g_rand_int_range (rand, 1, 3));
      g_autofree char *surname = invent (rand, g_rand_int_range (rand, 1, 4));
      char *name = g_strdup_printf ("%s %s", first, surname);
      char *dob = g_strdup_printf ("20%02d-%02d-%02d", g_rand_int_range (rand, 8, 26), g_rand_int_range (rand, 1, 13),
                                   g_rand_int_range (rand, 1, 29));
      g_autoptr(JsonObject) input = json_object_new ();
      JsonArray *children = json_array_new ();
      JsonObject *child = json_object_new ();
      gint64 id;

      json_object_set_string_member (child, "name", name);
      json_object_set_string_member (child, "dob", dob);
      json_array_add_object_element (children, child);
      json_object_set_array_member (input, "children", children);
      json_object_set_string_member (input, "concern", "Invented for the matching benchmark");
      id = dg_referral_insert (db, input, &error);
      if (id <= 0)
        {
          fprintf (stderr, "%s: %s\n", name, error->message);
          return 1;
        }
      g_array_append_val (ids, id);
      g_ptr_array_add (names, name);
      g_ptr_array_add (dobs, dob);
    }

  for (guint pass = 0; pass < 2; pass++)
    {
      gboolean with_dob = pass == 0;
      g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
      guint found = 0;

      for (guint i = 0; i < n; i++)
        {
          g_autofree char *typed = typo (rand, names->pdata[i]);
          gint64 start = g_get_monotonic_time ();
          g_autoptr(JsonArray) matches = dg_referral_find_similar (db, typed, with_dob ? dobs->pdata[i] : NULL, 0, 8, &error);
          double ms = (g_get_monotonic_time () - start) / 1000.0;

          if (matches == NULL)
            {
              fprintf (stderr, "%s\n", error->message);
              return 1;
            }
          g_array_append_val (times, ms);
          g_array_append_val (all, ms);
          for (guint k = 0; k < json_array_get_length (matches); k++)
            if (json_object_get_int_member (json_array_get_object_element (matches, k), "id") == g_array_index (ids, gint64, i))
              {
                found++;
                break;
              }
          if (g_getenv ("DIOGELU_BENCH_MISSES") != NULL && (json_array_get_length (matches) == 0 ||
              json_object_get_int_member (json_array_get_object_element (matches, 0), "id") != g_array_index (ids, gint64, i)))
            fprintf (stderr, "%s ← %s (%s)\n", typed, (char *) names->pdata[i], with_dob ? "dob" : "no dob");
        }
      printf ("match-recall-%s %u %u %.2f %.2f\n", with_dob ? "dob" : "nodob", found, n, percentile (times, 0.5),
              percentile (times, 0.95));
    }
  printf ("match-ms %.2f %.2f\n", percentile (all, 0.5), percentile (all, 0.95));
  dg_db_rollback (db);
  return 0;
}
