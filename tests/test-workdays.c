#include "config.h"

#include <glib/gstdio.h>

#include "dg-core.h"
#include "dg-test-db.h"
#include "dg-time.h"
#include "dg-workdays.h"

/* The published bank holidays of England and Wales, including years with
 * substitute days and years when Easter falls in March. */
static const struct {
  int         year;
  const char *days[8];
} published[] = {
  { 2021, { "2021-01-01", "2021-04-02", "2021-04-05", "2021-05-03", "2021-05-31", "2021-08-30", "2021-12-27", "2021-12-28" } },
  { 2023, { "2023-01-02", "2023-04-07", "2023-04-10", "2023-05-01", "2023-05-29", "2023-08-28", "2023-12-25", "2023-12-26" } },
  { 2024, { "2024-01-01", "2024-03-29", "2024-04-01", "2024-05-06", "2024-05-27", "2024-08-26", "2024-12-25", "2024-12-26" } },
  { 2025, { "2025-01-01", "2025-04-18", "2025-04-21", "2025-05-05", "2025-05-26", "2025-08-25", "2025-12-25", "2025-12-26" } },
  { 2026, { "2026-01-01", "2026-04-03", "2026-04-06", "2026-05-04", "2026-05-25", "2026-08-31", "2026-12-25", "2026-12-28" } },
  { 2027, { "2027-01-01", "2027-03-26", "2027-03-29", "2027-05-03", "2027-05-31", "2027-08-30", "2027-12-27", "2027-12-28" } },
};

static void
test_bank_holidays (void)
{
  for (guint y = 0; y < G_N_ELEMENTS (published); y++)
    {
      GDate days[8];
      guint n = dg_bank_holidays (published[y].year, days);

      g_test_message ("%d", published[y].year);
      g_assert_cmpuint (n, ==, 8);
      for (guint i = 0; i < n; i++)
        {
          g_autofree char *text = dg_date_to_string (&days[i]);
          g_assert_cmpstr (text, ==, published[y].days[i]);
          g_assert_true (dg_is_bank_holiday (&days[i]));
        }
    }
}

static void
test_easter (void)
{
  const struct { int year; const char *sunday; } cases[] = {
    { 2008, "2008-03-23" }, { 2016, "2016-03-27" }, { 2019, "2019-04-21" }, { 2024, "2024-03-31" },
    { 2038, "2038-04-25" }, { 2285, "2285-03-22" }, { 1818, "1818-03-22" }, { 2100, "2100-03-28" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      GDate easter;
      g_autofree char *text = NULL;

      dg_easter_sunday (cases[i].year, &easter);
      text = dg_date_to_string (&easter);
      g_assert_cmpstr (text, ==, cases[i].sunday);
    }
}

static char *
add_days (DgCalendar *calendar,
          const char *from,
          int         n)
{
  GDate start, out;

  g_assert_true (dg_date_parse (from, "from", &start, NULL));
  dg_calendar_add_working_days (calendar, &start, n, &out);
  return dg_date_to_string (&out);
}

static void
test_adding (void)
{
  g_autoptr(DgCalendar) calendar = dg_calendar_new ();
  const struct { const char *from; int n; const char *to; } cases[] = {
    { "2026-11-20", 1, "2026-11-23" },   /* Friday → Monday */
    { "2026-11-21", 1, "2026-11-23" },   /* Saturday → Monday */
    { "2026-11-23", 0, "2026-11-23" },
    { "2026-12-24", 1, "2026-12-29" },   /* Christmas Friday, Boxing Day substitute Monday */
    { "2026-12-23", 3, "2026-12-30" },
    { "2026-04-02", 1, "2026-04-07" },   /* across Good Friday and Easter Monday */
    { "2026-03-31", 3, "2026-04-07" },
    { "2026-11-23", 15, "2026-12-14" },  /* an ICPC's 15 working days */
    { "2026-12-01", 42, "2027-02-02" },  /* s47: 42 working days across Christmas and New Year */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *to = add_days (calendar, cases[i].from, cases[i].n);
      g_test_message ("%s + %d", cases[i].from, cases[i].n);
      g_assert_cmpstr (to, ==, cases[i].to);
    }
}

static void
test_closures (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("dg-test-workdays-XXXXXX", &error);
  g_autofree char *path = dg_test_db_location (dir);
  g_autoptr(DgDb) db = dg_db_open (path, DG_DB_OPEN_DEFAULT, &error);
  g_autoptr(DgCalendar) before = NULL;
  g_autoptr(DgCalendar) after = NULL;
  g_autoptr(JsonArray) list = NULL;
  g_autofree char *a = NULL, *b = NULL;
  GDate from, to;

  g_assert_no_error (error);
  before = dg_calendar_load (db, &error);
  a = add_days (before, "2026-04-02", 1);
  g_assert_cmpstr (a, ==, "2026-04-07");

  /* A special one-off bank holiday, added by a manager. */
  g_assert_true (dg_closure_add (db, "2026-04-07", "Hub closed for training", &error));
  g_assert_no_error (error);
  g_assert_false (dg_closure_add (db, "2026-04-31", NULL, &error));
  g_assert_error (error, DG_ERROR, DG_ERROR_INVALID);
  g_clear_error (&error);

  after = dg_calendar_load (db, &error);
  b = add_days (after, "2026-04-02", 1);
  g_assert_cmpstr (b, ==, "2026-04-08");

  g_assert_true (dg_date_parse ("2026-04-01", "from", &from, NULL));
  g_assert_true (dg_date_parse ("2026-04-10", "to", &to, NULL));
  g_assert_cmpint (dg_calendar_count_working_days (after, &from, &to), ==, 4);
  g_assert_cmpint (dg_calendar_count_working_days (before, &from, &to), ==, 5);

  list = dg_closure_list (db, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (list), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (list, 0), "reason"), ==, "Hub closed for training");

  g_clear_object (&db);
  dg_test_db_drop (path);
  dg_test_remove_folder (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/workdays/bank-holidays", test_bank_holidays);
  g_test_add_func ("/workdays/easter", test_easter);
  g_test_add_func ("/workdays/adding", test_adding);
  g_test_add_func ("/workdays/closures", test_closures);

  return g_test_run ();
}
