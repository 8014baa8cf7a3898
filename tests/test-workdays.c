#include "config.h"

#include <glib/gstdio.h>

#include "dg-calendar-days.h"
#include "dg-core.h"
#include "dg-test-db.h"
#include "dg-time.h"
#include "dg-workdays.h"

/* The published bank holidays of England and Wales, 1995–2027, from
 * tests/data (written out by date, not by the code under test). */
typedef struct
{
  GHashTable *holidays;   /* "YYYY-MM-DD" → name */
  GPtrArray  *replaced;   /* regular dates a moved holiday replaced */
  int         first, last;
} Published;

static void
published_load (Published *p)
{
  g_autofree char *path = g_build_filename (g_getenv ("DIOGELU_TEST_DATA"), "bank-holidays-england-wales.txt", NULL);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  g_assert_no_error (error);
  p->holidays = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  p->replaced = g_ptr_array_new_with_free_func (g_free);
  p->first = G_MAXINT;
  p->last = G_MININT;
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];
      gboolean moved = line[0] == '-';

      if (moved)
        line++;
      if (!g_ascii_isdigit (line[0]))
        continue;
      g_assert_cmpuint (strlen (line), >, 12);
      if (moved)
        g_ptr_array_add (p->replaced, g_strndup (line, 10));
      else
        g_hash_table_insert (p->holidays, g_strndup (line, 10), g_strdup (line + 12));
      p->first = MIN (p->first, atoi (line));
      p->last = MAX (p->last, atoi (line));
    }
}

static void
published_clear (Published *p)
{
  g_hash_table_unref (p->holidays);
  g_ptr_array_unref (p->replaced);
}

/* For every weekday from 1995 to 2027: a working day exactly when not in
 * the published list, and the regular days the moved ones replaced worked. */
static void
test_bank_holidays (void)
{
  Published p;
  GDate day;
  guint weekdays = 0, holidays = 0;

  published_load (&p);
  g_assert_cmpint (p.first, ==, 1995);
  g_assert_cmpint (p.last, ==, 2027);
  g_assert_cmpint (dg_bank_holidays_published_through (), >=, p.last);
  /* 33 years of eight, and seven one-off days; five moved days took the
   * place of a regular one. */
  g_assert_cmpuint (g_hash_table_size (p.holidays), ==, 33 * 8 + 7);
  g_assert_cmpuint (p.replaced->len, ==, 5);

  g_date_clear (&day, 1);
  for (g_date_set_dmy (&day, 1, G_DATE_JANUARY, p.first); g_date_get_year (&day) <= p.last; g_date_add_days (&day, 1))
    {
      g_autofree char *text = dg_date_to_string (&day);
      GDateWeekday wd = g_date_get_weekday (&day);
      gboolean listed = g_hash_table_contains (p.holidays, text);

      if (wd == G_DATE_SATURDAY || wd == G_DATE_SUNDAY)
        {
          g_assert_false (listed);
          g_assert_false (dg_calendar_is_working_day (NULL, &day));
          continue;
        }
      weekdays++;
      holidays += listed;
      if (dg_calendar_is_working_day (NULL, &day) == listed)
        g_error ("%s: published %s, Diogelu says %s", text, listed ? "a bank holiday" : "a working day",
                 listed ? "a working day" : "a bank holiday");
      g_assert_cmpint (dg_is_bank_holiday (&day), ==, listed);
    }
  g_assert_cmpuint (holidays, ==, g_hash_table_size (p.holidays));
  g_assert_cmpuint (weekdays, >, 33 * 260);

  for (guint i = 0; i < p.replaced->len; i++)
    {
      g_assert_true (dg_date_parse (g_ptr_array_index (p.replaced, i), "day", &day, NULL));
      g_assert_true (dg_calendar_is_working_day (NULL, &day));
    }

  /* dg_bank_holidays () lists each year's days in order, as published. */
  for (int year = p.first; year <= p.last; year++)
    {
      GDate days[DG_BANK_HOLIDAYS_MAX];
      DgHoliday named[DG_BANK_HOLIDAYS_MAX];
      guint n = dg_bank_holidays (year, days), in_year = 0;
      g_autofree char *prefix = g_strdup_printf ("%d-", year);
      GHashTableIter iter;
      gpointer key;

      g_hash_table_iter_init (&iter, p.holidays);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        in_year += g_str_has_prefix (key, prefix);
      g_assert_cmpuint (n, ==, in_year);
      g_assert_cmpuint (dg_bank_holidays_named (year, named), ==, n);
      for (guint i = 0; i < n; i++)
        {
          g_autofree char *text = dg_date_to_string (&days[i]);

          g_assert_true (g_hash_table_contains (p.holidays, text));
          g_assert_true (i == 0 || g_date_compare (&days[i - 1], &days[i]) < 0);
          g_assert_cmpint (g_date_compare (&named[i].date, &days[i]), ==, 0);
          g_assert_nonnull (named[i].name);
        }
    }
  published_clear (&p);
}

/* The shipped table's days, with their sources and what they replace. */
static void
test_published_table (void)
{
  const struct { const char *day; const char *replaces; } cases[] = {
    { "1995-05-08", "1995-05-01" }, { "1999-12-31", NULL }, { "2002-06-03", NULL }, { "2002-06-04", "2002-05-27" },
    { "2011-04-29", NULL }, { "2012-06-04", "2012-05-28" }, { "2012-06-05", NULL }, { "2020-05-08", "2020-05-04" },
    { "2022-06-02", "2022-05-30" }, { "2022-06-03", NULL }, { "2022-09-19", NULL }, { "2023-05-08", NULL },
  };

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      DgHoliday named[DG_BANK_HOLIDAYS_MAX];
      guint n = dg_bank_holidays_named (atoi (cases[c].day), named);
      gboolean found = FALSE;

      g_test_message ("%s", cases[c].day);
      for (guint i = 0; i < n; i++)
        {
          g_autofree char *text = dg_date_to_string (&named[i].date);
          g_autofree char *replaces = g_date_valid (&named[i].replaces) ? dg_date_to_string (&named[i].replaces) : NULL;

          if (g_strcmp0 (text, cases[c].day) != 0)
            continue;
          found = TRUE;
          g_assert_cmpint (named[i].source, ==, DG_HOLIDAY_TABLE);
          g_assert_cmpstr (replaces, ==, cases[c].replaces);
        }
      g_assert_true (found);
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

static const char *govuk_2028 =
  "{\"england-and-wales\": {\"division\": \"england-and-wales\", \"events\": ["
  " {\"title\": \"New Year’s Day\", \"date\": \"2028-01-03\", \"notes\": \"Substitute day\", \"bunting\": true},"
  " {\"title\": \"Good Friday\", \"date\": \"2028-04-14\", \"notes\": \"\", \"bunting\": false},"
  " {\"title\": \"Easter Monday\", \"date\": \"2028-04-17\", \"notes\": \"\", \"bunting\": true},"
  " {\"title\": \"Spring bank holiday\", \"date\": \"2028-05-29\", \"notes\": \"\", \"bunting\": true},"
  " {\"title\": \"An invented one-off day\", \"date\": \"2028-06-16\", \"notes\": \"\", \"bunting\": true},"
  " {\"title\": \"Summer bank holiday\", \"date\": \"2028-08-28\", \"notes\": \"\", \"bunting\": true},"
  " {\"title\": \"Christmas Day\", \"date\": \"2028-12-25\", \"notes\": \"\", \"bunting\": true},"
  " {\"title\": \"Boxing Day\", \"date\": \"2028-12-26\", \"notes\": \"\", \"bunting\": true}]},"
  " \"scotland\": {\"division\": \"scotland\", \"events\": [{\"title\": \"2nd January\", \"date\": \"2028-01-04\"}]}}";

static gboolean
working (DgDb       *db,
         const char *day)
{
  g_autoptr(DgCalendar) calendar = dg_calendar_load (db, NULL);
  GDate date;

  g_assert_nonnull (calendar);
  g_assert_true (dg_date_parse (day, "day", &date, NULL));
  return dg_calendar_is_working_day (calendar, &date);
}

static void
refused (DgDb       *db,
         const char *text,
         const char *field)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) result = dg_calendar_import_govuk (db, text, strlen (text), &error);

  g_test_message ("%s", text);
  g_assert_null (result);
  g_assert_error (error, DG_ERROR, DG_ERROR_INVALID);
  g_assert_cmpstr (dg_error_get_field (error), ==, field);
}

/* GOV.UK's file: its England and Wales days the calendar lacks become
 * holidays, the days it lacks working days; GOV.UK's own list of 2020–2027
 * (a copy in tests/data) agrees with the calendar; a bad file is refused
 * naming the field, with nothing written. */
static void
test_import_govuk (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("dg-test-workdays-XXXXXX", &error);
  g_autofree char *path = dg_test_db_location (dir);
  g_autofree char *file = g_build_filename (g_getenv ("DIOGELU_TEST_DATA"), "govuk-bank-holidays.json", NULL);
  g_autoptr(DgDb) db = dg_db_open (path, DG_DB_OPEN_DEFAULT, &error);
  g_autoptr(JsonObject) agreed = NULL, result = NULL, again = NULL;
  g_autoptr(JsonArray) year = NULL, list = NULL;
  gint64 audits;

  g_assert_no_error (error);
  agreed = dg_calendar_import_govuk_file (db, file, &error);
  g_assert_no_error (error);
  g_assert_cmpint (json_object_get_int_member (agreed, "events"), ==, 67);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (agreed, "holidays")), ==, 0);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (agreed, "working")), ==, 0);

  g_assert_false (working (db, "2028-05-01"));     /* early May, by the rules */
  g_assert_true (working (db, "2028-06-16"));
  result = dg_calendar_import_govuk (db, govuk_2028, strlen (govuk_2028), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (result, "holidays")), ==, 1);
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (result, "holidays"), 0), ==, "2028-06-16");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (result, "working")), ==, 1);
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (result, "working"), 0), ==, "2028-05-01");
  g_assert_false (working (db, "2028-06-16"));
  g_assert_true (working (db, "2028-05-01"));      /* early May, missing from the file */
  g_assert_true (working (db, "2028-01-04"));      /* Scotland's, not England and Wales' */
  g_assert_false (working (db, "2028-05-29"));

  year = dg_calendar_holidays (db, 2028, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < json_array_get_length (year); i++)
    {
      JsonObject *row = json_array_get_object_element (year, i);
      const char *date = json_object_get_string_member (row, "date");

      if (g_str_equal (date, "2028-06-16"))
        {
          g_assert_cmpstr (json_object_get_string_member (row, "source"), ==, "govuk");
          g_assert_cmpstr (json_object_get_string_member (row, "name"), ==, "An invented one-off day");
        }
      if (g_str_equal (date, "2028-05-01"))
        g_assert_true (json_object_get_boolean_member (row, "working"));
    }

  /* A working day after all stays when the year is imported again, and
   * the earlier import's days of that year go. */
  g_assert_false (dg_working_day_add (db, "2028-05-29", "", &error));
  g_assert_cmpstr (dg_error_get_field (error), ==, "reason");
  g_clear_error (&error);
  g_assert_true (dg_working_day_add (db, "2028-05-29", "Open by the board's decision", &error));
  g_assert_no_error (error);
  g_assert_true (working (db, "2028-05-29"));
  again = dg_calendar_import_govuk (db, govuk_2028, strlen (govuk_2028), &error);
  g_assert_no_error (error);
  g_assert_true (working (db, "2028-05-29"));
  list = dg_calendar_days_list (db, &error);
  g_assert_cmpuint (json_array_get_length (list), ==, 3);
  g_assert_cmpint (dg_test_db_int (db, "SELECT count (*) FROM audit WHERE entity = 'calendar' AND action = 'import-govuk'"), ==, 3);
  g_assert_cmpint (dg_test_db_int (db, "SELECT count (*) FROM audit WHERE entity = 'calendar' AND action = 'working-day'"), ==, 1);

  audits = dg_test_db_int (db, "SELECT count (*) FROM audit");
  refused (db, "not json", "FILE");
  refused (db, "[]", "FILE");
  refused (db, "{\"scotland\": {\"events\": []}}", "england-and-wales");
  refused (db, "{\"england-and-wales\": []}", "england-and-wales");
  refused (db, "{\"england-and-wales\": {\"division\": \"england-and-wales\"}}", "england-and-wales.events");
  refused (db, "{\"england-and-wales\": {\"events\": []}}", "england-and-wales.events");
  refused (db, "{\"england-and-wales\": {\"events\": [3]}}", "england-and-wales.events[0]");
  refused (db, "{\"england-and-wales\": {\"events\": [{\"title\": \"x\", \"date\": \"2029-01-01\"}, {\"title\": \"y\", \"date\": \"1 May\"}]}}",
           "england-and-wales.events[1].date");
  refused (db, "{\"england-and-wales\": {\"events\": [{\"date\": \"2029-01-01\"}]}}", "england-and-wales.events[0].title");
  g_assert_cmpint (dg_test_db_int (db, "SELECT count (*) FROM audit"), ==, audits);
  g_assert_cmpint (dg_test_db_int (db, "SELECT count (*) FROM calendar_day"), ==, 3);
  g_assert_null (dg_calendar_import_govuk_file (db, "/no/such/file.json", &error));
  g_assert_cmpstr (dg_error_get_field (error), ==, "FILE");

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
  g_test_add_func ("/workdays/published-table", test_published_table);
  g_test_add_func ("/workdays/easter", test_easter);
  g_test_add_func ("/workdays/adding", test_adding);
  g_test_add_func ("/workdays/closures", test_closures);
  g_test_add_func ("/workdays/import-govuk", test_import_govuk);

  return g_test_run ();
}
