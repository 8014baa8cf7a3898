/* The managers' queries at scale, in milliseconds (median): the Due board
 * (every heading counted over all running clocks, its most urgent rows
 * listed) and the performance report for a month and a year. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "dg-core.h"
#include "dg-db.h"
#include "dg-performance.h"
#include "dg-timescales.h"

#define RUNS 5

static int
compare_double (const void *a,
                const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

static double
time_due (DgDb *db, guint *n)
{
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();
  /* What the Due section loads: every heading's count and its most urgent rows. */
  g_autoptr(JsonNode) board = dg_due_board (db, DG_DUE_BOARD_ROWS, &error);
  JsonObject *counts;
  GList *names;

  if (board == NULL)
    g_error ("%s", error->message);
  counts = json_object_get_object_member (json_node_get_object (board), "counts");
  names = json_object_get_members (counts);
  *n = 0;
  for (GList *l = names; l != NULL; l = l->next)
    *n += json_object_get_int_member (counts, l->data);
  g_list_free (names);
  return (g_get_monotonic_time () - start) / 1000.0;
}

static double
time_report (DgDb *db, const char *from, const char *to)
{
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();
  g_autoptr(JsonNode) report = dg_performance_report (db, from, to, &error);

  if (report == NULL)
    g_error ("%s", error->message);
  return (g_get_monotonic_time () - start) / 1000.0;
}

int
main (int argc, char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DgDb) db = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) month_ago = g_date_time_add_months (now, -1);
  g_autoptr(GDateTime) year_ago = g_date_time_add_years (now, -1);
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *month = g_date_time_format (month_ago, "%Y-%m-%d");
  g_autofree char *year = g_date_time_format (year_ago, "%Y-%m-%d");
  double due[RUNS], m[RUNS], y[RUNS];
  guint n = 0;

  if (argc != 2)
    {
      fprintf (stderr, "usage: %s DATABASE\n", argv[0]);
      return 2;
    }
  db = dg_db_open (argv[1], DG_DB_OPEN_READ_ONLY, &error);
  if (db == NULL)
    g_error ("%s", error->message);

  time_due (db, &n);
  for (int i = 0; i < RUNS; i++)
    {
      due[i] = time_due (db, &n);
      m[i] = time_report (db, month, today);
      y[i] = time_report (db, year, today);
    }
  qsort (due, RUNS, sizeof (double), compare_double);
  qsort (m, RUNS, sizeof (double), compare_double);
  qsort (y, RUNS, sizeof (double), compare_double);
  printf ("due-board-ms %.2f %u\n", due[RUNS / 2], n);
  printf ("performance-month-ms %.2f\n", m[RUNS / 2]);
  printf ("performance-year-ms %.2f\n", y[RUNS / 2]);
  return 0;
}
