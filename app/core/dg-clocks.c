#include "config.h"

#include <glib/gi18n-lib.h>

#include "dg-clocks.h"
#include "dg-time.h"

static gboolean
date_of (const char *stored,
         GDate      *date)
{
  g_autofree char *day = NULL;

  if (stored == NULL || strlen (stored) < 10)
    return FALSE;

  day = g_strndup (stored, 10);
  return dg_date_parse (day, "date", date, NULL);
}

const char *
dg_clock_state (const GDate *due,
                const char  *done_at,
                GDateTime   *now)
{
  GDate day;

  /* Something done on its due date is on time. */
  if (done_at != NULL && date_of (done_at, &day))
    return g_date_compare (&day, due) <= 0 ? "on-time" : "late";

  g_date_clear (&day, 1);
  g_date_set_dmy (&day, g_date_time_get_day_of_month (now),
                  g_date_time_get_month (now), g_date_time_get_year (now));

  return g_date_compare (&day, due) <= 0 ? "pending" : "overdue";
}

gboolean
dg_clock_due (DgDb        *db,
              DgCalendar  *calendar,
              const char  *clock,
              const char  *start,
              GDate       *due,
              GError     **error)
{
  sqlite3_stmt *stmt;
  gboolean has_row = FALSE;
  GDate start_day;
  const char *unit;
  int amount;

  if (!date_of (start, &start_day))
    {
      g_set_error (error, DG_ERROR, DG_ERROR_INVALID, _("%s: no valid start time"), clock);
      return FALSE;
    }

  stmt = dg_db_prepare (db,
                        "SELECT amount, unit FROM timescale_rule "
                        "WHERE clock = ?1 AND effective_from <= ?2 "
                        "ORDER BY effective_from DESC LIMIT 1",
                        error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, clock, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, start, 10, SQLITE_TRANSIENT);
  if (!dg_db_step (db, stmt, &has_row, error))
    return FALSE;
  if (!has_row)
    {
      sqlite3_reset (stmt);
      g_set_error (error, DG_ERROR, DG_ERROR_NOT_FOUND, _("No timescale rule for the clock “%s”"), clock);
      return FALSE;
    }

  amount = sqlite3_column_int (stmt, 0);
  unit = (const char *) sqlite3_column_text (stmt, 1);

  *due = start_day;
  if (g_str_equal (unit, "working-days"))
    dg_calendar_add_working_days (calendar, &start_day, amount, due);
  else if (g_str_equal (unit, "weeks"))
    g_date_add_days (due, 7 * amount);
  else
    g_date_add_months (due, amount);

  sqlite3_reset (stmt);
  return TRUE;
}

gboolean
dg_clock_add_json (DgDb         *db,
                   DgCalendar   *calendar,
                   JsonBuilder  *builder,
                   const char   *clock,
                   const char   *start,
                   const char   *done_at,
                   GDateTime    *now,
                   GError      **error)
{
  g_autofree char *due_text = NULL;
  GDate due;

  if (!dg_clock_due (db, calendar, clock, start, &due, error))
    return FALSE;

  due_text = dg_date_to_string (&due);
  json_builder_set_member_name (builder, clock);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "due");
  json_builder_add_string_value (builder, due_text);
  json_builder_set_member_name (builder, "done_at");
  if (done_at != NULL)
    json_builder_add_string_value (builder, done_at);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "state");
  json_builder_add_string_value (builder, dg_clock_state (&due, done_at, now));
  json_builder_end_object (builder);

  return TRUE;
}
