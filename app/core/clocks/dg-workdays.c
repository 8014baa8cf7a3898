#include "config.h"

#include <glib/gi18n-lib.h>

#include "dg-time.h"
#include "dg-calendar-days.h"
#include "dg-workdays.h"

struct _DgCalendar
{
  GHashTable *closed;    /* julian day → itself: closures, published holidays */
  GHashTable *working;   /* julian day → itself: working days after all */
};

DgCalendar *
dg_calendar_new (void)
{
  /* The sets are made on first use: the clocks make a calendar for every
   * referral they compute, most often with nothing in it. */
  return g_new0 (DgCalendar, 1);
}

void
dg_calendar_free (DgCalendar *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->closed, g_hash_table_unref);
  g_clear_pointer (&self->working, g_hash_table_unref);
  g_free (self);
}

static void
set_add (GHashTable  **set,
         const GDate  *date)
{
  if (*set == NULL)
    *set = g_hash_table_new (g_direct_hash, g_direct_equal);
  g_hash_table_add (*set, GUINT_TO_POINTER (g_date_get_julian (date)));
}

void
dg_calendar_add_closure (DgCalendar  *self,
                         const GDate *date)
{
  set_add (&self->closed, date);
}

void
dg_calendar_add_working_day (DgCalendar  *self,
                             const GDate *date)
{
  set_add (&self->working, date);
}

DgCalendar *
dg_calendar_load (DgDb    *db,
                  GError **error)
{
  g_autoptr(DgCalendar) self = dg_calendar_new ();
  GError *local_error = NULL;
  DgStmt *stmt;
  gboolean has_row = FALSE;

  stmt = dg_db_prepare (db, dg_calendar_days_exist (db)
                              ? "SELECT 'closure', day FROM closure_day UNION ALL SELECT kind, day FROM calendar_day"
                              : "SELECT 'closure', day FROM closure_day",
                        error);
  if (stmt == NULL)
    return NULL;

  while (dg_db_step (db, stmt, &has_row, &local_error) && has_row)
    dg_calendar_take_day (self, dg_stmt_column_text (stmt, 0), dg_stmt_column_text (stmt, 1));
  dg_stmt_reset (stmt);

  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }

  return g_steal_pointer (&self);
}

void
dg_calendar_take_day (DgCalendar *self,
                      const char *kind,
                      const char *day)
{
  GDate date;

  if (kind == NULL || !dg_date_parse (day, "day", &date, NULL))
    return;
  if (g_str_equal (kind, "working"))
    dg_calendar_add_working_day (self, &date);
  else
    dg_calendar_add_closure (self, &date);
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

gboolean
dg_date_is_weekend (const GDate *date)
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

static void
add_day (DgHoliday       *out,
         guint           *n,
         const GDate     *date,
         const char      *name,
         DgHolidaySource  source)
{
  if (*n >= DG_BANK_HOLIDAYS_MAX)
    g_return_if_reached ();
  out[*n].date = *date;
  out[*n].name = name;
  out[*n].source = source;
  g_date_clear (&out[*n].replaces, 1);
  (*n)++;
}

static void
add_dmy (DgHoliday  *out,
         guint      *n,
         int         year,
         GDateMonth  month,
         int         day,
         const char *name)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, day, month, year);
  add_day (out, n, &date, name, DG_HOLIDAY_RULE);
}

/* New Year's Day, or its substitute: the Monday after a weekend. */
static void
add_new_year (DgHoliday *out,
              guint     *n,
              int        year)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, 1, G_DATE_JANUARY, year);
  if (!dg_date_is_weekend (&date))
    {
      add_day (out, n, &date, _("New Year’s Day"), DG_HOLIDAY_RULE);
      return;
    }
  while (dg_date_is_weekend (&date))
    g_date_add_days (&date, 1);
  add_day (out, n, &date, _("New Year’s Day (substitute day)"), DG_HOLIDAY_RULE);
}

/* Christmas Day and Boxing Day, or their substitutes (the Banking and
 * Financial Dealings Act 1971, and GOV.UK's names for them). */
static void
add_christmas (DgHoliday *out,
               guint     *n,
               int        year)
{
  GDate christmas;

  g_date_clear (&christmas, 1);
  g_date_set_dmy (&christmas, 25, G_DATE_DECEMBER, year);
  switch (g_date_get_weekday (&christmas))
    {
    case G_DATE_FRIDAY:
      add_dmy (out, n, year, G_DATE_DECEMBER, 25, _("Christmas Day"));
      add_dmy (out, n, year, G_DATE_DECEMBER, 28, _("Boxing Day (substitute day)"));
      break;
    case G_DATE_SATURDAY:
      add_dmy (out, n, year, G_DATE_DECEMBER, 27, _("Christmas Day (substitute day)"));
      add_dmy (out, n, year, G_DATE_DECEMBER, 28, _("Boxing Day (substitute day)"));
      break;
    case G_DATE_SUNDAY:
      add_dmy (out, n, year, G_DATE_DECEMBER, 26, _("Boxing Day"));
      add_dmy (out, n, year, G_DATE_DECEMBER, 27, _("Christmas Day (substitute day)"));
      break;
    case G_DATE_BAD_WEEKDAY:
    case G_DATE_MONDAY:
    case G_DATE_TUESDAY:
    case G_DATE_WEDNESDAY:
    case G_DATE_THURSDAY:
    default:
      add_dmy (out, n, year, G_DATE_DECEMBER, 25, _("Christmas Day"));
      add_dmy (out, n, year, G_DATE_DECEMBER, 26, _("Boxing Day"));
      break;
    }
}

static guint
rule_holidays (int       year,
               DgHoliday out[DG_BANK_HOLIDAYS_MAX])
{
  GDate easter, day;
  guint n = 0;

  add_new_year (out, &n, year);

  dg_easter_sunday (year, &easter);
  day = easter;
  g_date_subtract_days (&day, 2);
  add_day (out, &n, &day, _("Good Friday"), DG_HOLIDAY_RULE);
  day = easter;
  g_date_add_days (&day, 1);
  add_day (out, &n, &day, _("Easter Monday"), DG_HOLIDAY_RULE);

  nth_monday (year, G_DATE_MAY, FALSE, &day);
  add_day (out, &n, &day, _("Early May bank holiday"), DG_HOLIDAY_RULE);
  nth_monday (year, G_DATE_MAY, TRUE, &day);
  add_day (out, &n, &day, _("Spring bank holiday"), DG_HOLIDAY_RULE);
  nth_monday (year, G_DATE_AUGUST, TRUE, &day);
  add_day (out, &n, &day, _("Summer bank holiday"), DG_HOLIDAY_RULE);

  add_christmas (out, &n, year);
  return n;
}

/* ---- The shipped table of moved and one-off days ------------------------ */

typedef struct
{
  GDate  date;
  GDate  replaces;
  char  *name;
} Published;

typedef struct
{
  GArray *days;          /* Published, in date order */
  int     through;
} Table;

#define TABLE_RESOURCE "/io/github/diogelu/Diogelu/core/calendar/bank-holidays.json"

/* The table's names, for xgettext: each is shown through _(), so a name
 * added to the table without a translation here is shown as published. */
G_GNUC_UNUSED static const char * const table_names[] = {
  N_("Early May bank holiday (VE day)"),
  N_("Millennium celebrations"),
  N_("Golden Jubilee bank holiday"),
  N_("Royal wedding"),
  N_("Queen’s Diamond Jubilee"),
  N_("Platinum Jubilee bank holiday"),
  N_("Bank Holiday for the State Funeral of Queen Elizabeth II"),
  N_("Bank holiday for the coronation of King Charles III"),
};

static Table *
table_load (void)
{
  g_autoptr(GBytes) bytes = g_resources_lookup_data (TABLE_RESOURCE, 0, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  Table *table = g_new0 (Table, 1);
  JsonObject *root;
  JsonArray *days;

  table->days = g_array_new (FALSE, TRUE, sizeof (Published));
  /* The file is built in and checked by the tests: a broken one is a bug. */
  if (bytes == NULL ||
      !json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    g_return_val_if_reached (table);
  root = json_node_get_object (json_parser_get_root (parser));
  table->through = (int) json_object_get_int_member_with_default (root, "published_through", 0);
  days = json_object_get_array_member (root, "days");
  for (guint i = 0; days != NULL && i < json_array_get_length (days); i++)
    {
      JsonObject *o = json_array_get_object_element (days, i);
      Published p = { 0 };

      g_date_clear (&p.replaces, 1);
      if (o == NULL || !dg_date_parse (json_object_get_string_member_with_default (o, "date", ""), "date", &p.date, NULL))
        g_return_val_if_reached (table);
      if (json_object_has_member (o, "replaces") &&
          !dg_date_parse (json_object_get_string_member (o, "replaces"), "replaces", &p.replaces, NULL))
        g_return_val_if_reached (table);
      p.name = g_strdup (json_object_get_string_member_with_default (o, "name", ""));
      g_array_append_val (table->days, p);
    }
  return table;
}

static Table *
table_get (void)
{
  static Table *table;

  if (g_once_init_enter (&table))
    g_once_init_leave (&table, table_load ());
  return table;
}

int
dg_bank_holidays_published_through (void)
{
  return table_get ()->through;
}

static int
compare_holidays (gconstpointer a,
                  gconstpointer b)
{
  return g_date_compare (&((const DgHoliday *) a)->date, &((const DgHoliday *) b)->date);
}

guint
dg_bank_holidays_named (int       year,
                        DgHoliday out[DG_BANK_HOLIDAYS_MAX])
{
  Table *table = table_get ();
  guint n = rule_holidays (year, out);

  for (guint i = 0; i < table->days->len; i++)
    {
      Published *p = &g_array_index (table->days, Published, i);

      if (g_date_get_year (&p->date) != year)
        continue;
      /* A moved day takes the place of the regular one. */
      for (guint k = 0; g_date_valid (&p->replaces) && k < n; k++)
        if (g_date_compare (&out[k].date, &p->replaces) == 0)
          {
            out[k] = out[--n];
            break;
          }
      add_day (out, &n, &p->date, _(p->name), DG_HOLIDAY_TABLE);
      out[n - 1].replaces = p->replaces;
    }
  qsort (out, n, sizeof (DgHoliday), compare_holidays);
  return n;
}

guint
dg_bank_holidays (int   year,
                  GDate out[DG_BANK_HOLIDAYS_MAX])
{
  DgHoliday named[DG_BANK_HOLIDAYS_MAX];
  guint n = dg_bank_holidays_named (year, named);

  for (guint i = 0; i < n; i++)
    out[i] = named[i].date;
  return n;
}

/* ---- Every year's bank holidays, computed once -------------------------- */

/* The clocks ask about days millions of times: 1900–2199 as one bit per
 * day of the year, built on first use and only read afterwards. */
#define FIRST_YEAR 1900
#define LAST_YEAR 2199

typedef struct
{
  guint32 bits[12];      /* day of the year (1–366) */
} YearBits;

static YearBits *
years_get (void)
{
  static YearBits *years;

  if (g_once_init_enter (&years))
    {
      YearBits *built = g_new0 (YearBits, LAST_YEAR - FIRST_YEAR + 1);

      for (int y = FIRST_YEAR; y <= LAST_YEAR; y++)
        {
          GDate days[DG_BANK_HOLIDAYS_MAX];
          guint n = dg_bank_holidays (y, days);

          for (guint i = 0; i < n; i++)
            {
              guint d = g_date_get_day_of_year (&days[i]);
              built[y - FIRST_YEAR].bits[d / 32] |= 1u << (d % 32);
            }
        }
      g_once_init_leave (&years, built);
    }
  return years;
}

gboolean
dg_is_bank_holiday (const GDate *date)
{
  int year = g_date_get_year (date);
  guint d;

  if (year < FIRST_YEAR || year > LAST_YEAR)
    {
      GDate days[DG_BANK_HOLIDAYS_MAX];
      guint n = dg_bank_holidays (year, days);

      for (guint i = 0; i < n; i++)
        if (g_date_compare (&days[i], date) == 0)
          return TRUE;
      return FALSE;
    }
  d = g_date_get_day_of_year (date);
  return (years_get ()[year - FIRST_YEAR].bits[d / 32] & (1u << (d % 32))) != 0;
}

gboolean
dg_calendar_is_working_day (DgCalendar  *self,
                            const GDate *date)
{
  if (dg_date_is_weekend (date))
    return FALSE;
  if (self != NULL && (self->closed != NULL || self->working != NULL))
    {
      gpointer j = GUINT_TO_POINTER (g_date_get_julian (date));

      if (self->closed != NULL && g_hash_table_contains (self->closed, j))
        return FALSE;
      if (self->working != NULL && g_hash_table_contains (self->working, j))
        return TRUE;
    }
  return !dg_is_bank_holiday (date);
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
