#include "config.h"

#include <glib/gi18n-lib.h>

#include "dg-time.h"
#include "dg-workdays.h"

struct _DgCalendar
{
  GHashTable *closures;   /* julian day → itself */
};

DgCalendar *
dg_calendar_new (void)
{
  DgCalendar *self = g_new0 (DgCalendar, 1);

  self->closures = g_hash_table_new (g_direct_hash, g_direct_equal);
  return self;
}

void
dg_calendar_free (DgCalendar *self)
{
  if (self == NULL)
    return;
  g_hash_table_unref (self->closures);
  g_free (self);
}

void
dg_calendar_add_closure (DgCalendar  *self,
                         const GDate *date)
{
  guint32 j = g_date_get_julian (date);

  g_hash_table_add (self->closures, GUINT_TO_POINTER (j));
}

DgCalendar *
dg_calendar_load (DgDb    *db,
                  GError **error)
{
  g_autoptr(DgCalendar) self = dg_calendar_new ();
  DgStmt *stmt;
  gboolean has_row = FALSE;

  stmt = dg_db_prepare (db, "SELECT day FROM closure_day", error);
  if (stmt == NULL)
    return NULL;

  while (dg_db_step (db, stmt, &has_row, error) && has_row)
    {
      GDate date;
      if (dg_date_parse (dg_stmt_column_text (stmt, 0), "day", &date, NULL))
        dg_calendar_add_closure (self, &date);
    }
  dg_stmt_reset (stmt);

  if (error != NULL && *error != NULL)
    return NULL;

  return g_steal_pointer (&self);
}

void
dg_easter_sunday (int    year,
                  GDate *out)
{
  /* Anonymous Gregorian algorithm (Meeus/Jones/Butcher). */
  int a = year % 19;
  int b = year / 100;
  int c = year % 100;
  int d = b / 4;
  int e = b % 4;
  int f = (b + 8) / 25;
  int g = (b - f + 1) / 3;
  int h = (19 * a + b - d - g + 15) % 30;
  int i = c / 4;
  int k = c % 4;
  int l = (32 + 2 * e + 2 * i - h - k) % 7;
  int m = (a + 11 * h + 22 * l) / 451;
  int month = (h + l - 7 * m + 114) / 31;
  int day = ((h + l - 7 * m + 114) % 31) + 1;

  g_date_clear (out, 1);
  g_date_set_dmy (out, day, month, year);
}

static gboolean
is_weekend (const GDate *date)
{
  GDateWeekday wd = g_date_get_weekday (date);

  return wd == G_DATE_SATURDAY || wd == G_DATE_SUNDAY;
}

static void
nth_monday (int         year,
            GDateMonth  month,
            gboolean    last,
            GDate      *out)
{
  g_date_clear (out, 1);
  if (last)
    {
      g_date_set_dmy (out, g_date_get_days_in_month (month, year), month, year);
      while (g_date_get_weekday (out) != G_DATE_MONDAY)
        g_date_subtract_days (out, 1);
    }
  else
    {
      g_date_set_dmy (out, 1, month, year);
      while (g_date_get_weekday (out) != G_DATE_MONDAY)
        g_date_add_days (out, 1);
    }
}

static gboolean
contains (const GDate *dates,
          guint        n,
          const GDate *date)
{
  for (guint i = 0; i < n; i++)
    if (g_date_compare (&dates[i], date) == 0)
      return TRUE;
  return FALSE;
}

/* A fixed-date holiday, or its substitute: the next weekday not already a holiday. */
static void
add_fixed (GDate      *out,
           guint      *n,
           int         year,
           GDateMonth  month,
           int         day)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, day, month, year);
  while (is_weekend (&date) || contains (out, *n, &date))
    g_date_add_days (&date, 1);
  out[(*n)++] = date;
}

static int
compare_dates (gconstpointer a,
               gconstpointer b)
{
  return g_date_compare (a, b);
}

guint
dg_bank_holidays (int   year,
                  GDate out[8])
{
  GDate easter;
  guint n = 0;

  add_fixed (out, &n, year, G_DATE_JANUARY, 1);

  dg_easter_sunday (year, &easter);
  out[n] = easter;
  g_date_subtract_days (&out[n++], 2);   /* Good Friday */
  out[n] = easter;
  g_date_add_days (&out[n++], 1);        /* Easter Monday */

  nth_monday (year, G_DATE_MAY, FALSE, &out[n++]);    /* early May */
  nth_monday (year, G_DATE_MAY, TRUE, &out[n++]);     /* spring */
  nth_monday (year, G_DATE_AUGUST, TRUE, &out[n++]);  /* summer */

  add_fixed (out, &n, year, G_DATE_DECEMBER, 25);
  add_fixed (out, &n, year, G_DATE_DECEMBER, 26);

  qsort (out, n, sizeof (GDate), compare_dates);
  return n;
}

gboolean
dg_is_bank_holiday (const GDate *date)
{
  static GMutex lock;
  static int cached_year = -1;
  static GDate cached[8];
  static guint cached_n;
  int year = g_date_get_year (date);
  gboolean found;

  /* Clocks ask about neighbouring days of the same year over and over. */
  g_mutex_lock (&lock);
  if (year != cached_year)
    {
      cached_n = dg_bank_holidays (year, cached);
      cached_year = year;
    }
  found = contains (cached, cached_n, date);
  g_mutex_unlock (&lock);

  return found;
}

gboolean
dg_calendar_is_working_day (DgCalendar  *self,
                            const GDate *date)
{
  if (is_weekend (date) || dg_is_bank_holiday (date))
    return FALSE;

  return self == NULL ||
         !g_hash_table_contains (self->closures, GUINT_TO_POINTER (g_date_get_julian (date)));
}

void
dg_calendar_add_working_days (DgCalendar  *self,
                              const GDate *start,
                              int          n,
                              GDate       *out)
{
  *out = *start;

  while (n > 0)
    {
      g_date_add_days (out, 1);
      if (dg_calendar_is_working_day (self, out))
        n--;
    }
}

int
dg_calendar_count_working_days (DgCalendar  *self,
                                const GDate *from,
                                const GDate *to)
{
  GDate d = *from;
  int count = 0;

  while (g_date_compare (&d, to) < 0)
    {
      g_date_add_days (&d, 1);
      if (dg_calendar_is_working_day (self, &d))
        count++;
    }

  return count;
}

gboolean
dg_closure_add (DgDb        *db,
                const char  *day,
                const char  *reason,
                GError     **error)
{
  g_autofree char *now = NULL;
  g_autofree char *stored = NULL;
  g_auto(DgDbWrite) write = { 0 };
  GDate date;

  if (!dg_date_parse (day, "DATE", &date, error))
    return FALSE;
  if (reason != NULL && g_utf8_strlen (reason, -1) > 500)
    {
      dg_error_set_field (error, DG_ERROR_INVALID, "reason", NULL, _("Longer than 500 characters"));
      return FALSE;
    }
  stored = dg_date_to_string (&date);
  now = dg_db_now_string (db);

  return dg_db_write (db, &write, error) &&
         dg_db_run (db,
                    "INSERT INTO closure_day (day, reason, created_by, created_at) VALUES (?1, ?2, ?3, ?4) "
                    "ON CONFLICT (day) DO UPDATE SET reason = excluded.reason",
                    error, DG_TEXT (stored), DG_TEXT (reason), DG_TEXT (dg_db_get_actor (db)), DG_TEXT (now)) &&
         dg_db_audit_printf (db, "closure", g_date_get_julian (&date), "add", error, "{\"day\":\"%s\"}", stored) &&
         dg_db_commit (db, error);
}

JsonArray *
dg_closure_list (DgDb    *db,
                 GError **error)
{
  DgStmt *stmt = dg_db_prepare (db, "SELECT day, reason, created_by, created_at FROM closure_day ORDER BY day", error);

  if (stmt == NULL)
    return NULL;
  return dg_db_rows (db, stmt, (const char *[]) { "day", "reason", "by", "at", NULL }, error);
}
