#pragma once

#include <json-glib/json-glib.h>

#include "dg-db.h"

G_BEGIN_DECLS

/* Working days of England & Wales: no weekends, no bank holidays (by the
 * rules for any year, with the moved and one-off days of the shipped table,
 * clocks/bank-holidays.json), none of the days a hub records
 * (dg-calendar-days.h: a GOV.UK import's holidays, local closure days),
 * but every working day after all. */
typedef struct _DgCalendar DgCalendar;

/* More than any year has had (2022: ten). */
#define DG_BANK_HOLIDAYS_MAX 16

/* Where a non-working day comes from. */
typedef enum
{
  DG_HOLIDAY_RULE,      /* the rules (New Year, Easter, the Mondays, Christmas, substitutes) */
  DG_HOLIDAY_TABLE,     /* the shipped table of moved and one-off days */
} DgHolidaySource;

typedef struct
{
  GDate            date;
  const char      *name;       /* in the user's language (as published when not translated) */
  DgHolidaySource  source;
  GDate            replaces;   /* a moved day's regular date; invalid otherwise */
} DgHoliday;

DgCalendar *dg_calendar_new                (void);
/* A calendar with the days stored in @db: closure days, a GOV.UK
 * import's holidays and working days, the working days after all. */
DgCalendar *dg_calendar_load               (DgDb          *db,
                                            GError       **error);
void        dg_calendar_free               (DgCalendar    *self);
/* @date is not a working day (a closure day, a published holiday). */
void        dg_calendar_add_closure        (DgCalendar    *self,
                                            const GDate   *date);
/* @date is a working day after all, unless a closure day: a holiday by the
 * rules or the table is worked. */
void        dg_calendar_add_working_day    (DgCalendar    *self,
                                            const GDate   *date);

/* Adds a stored day: @kind "working" is a working day after all, any
 * other kind ("closure", "holiday") a day off; @day as stored. */
void        dg_calendar_take_day           (DgCalendar    *self,
                                            const char    *kind,
                                            const char    *day);

/* Whether @date is a Saturday or a Sunday. */
gboolean    dg_date_is_weekend             (const GDate   *date);

/* Easter Sunday of @year (Gregorian computus). */
void        dg_easter_sunday               (int            year,
                                            GDate         *out);

/* The bank holidays of England & Wales in @year, in date order, substitute
 * days applied and the shipped table's moved and one-off days in place. */
guint       dg_bank_holidays               (int            year,
                                            GDate          out[DG_BANK_HOLIDAYS_MAX]);
/* The same with their names and sources. */
guint       dg_bank_holidays_named         (int            year,
                                            DgHoliday      out[DG_BANK_HOLIDAYS_MAX]);
/* The last year the shipped table covers (rules alone after it). */
int         dg_bank_holidays_published_through (void);

/* Whether @date is a bank holiday by the rules and the shipped table. */
gboolean    dg_is_bank_holiday             (const GDate   *date);
gboolean    dg_calendar_is_working_day     (DgCalendar    *self,
                                            const GDate   *date);

/* The date @n working days after @start (@start itself never counts). */
void        dg_calendar_add_working_days   (DgCalendar    *self,
                                            const GDate   *start,
                                            int            n,
                                            GDate         *out);

/* Working days after @from up to and including @to (0 when @to <= @from). */
int         dg_calendar_count_working_days (DgCalendar    *self,
                                            const GDate   *from,
                                            const GDate   *to);

/* Records a local closure day (a special bank holiday, a hub closure) with
 * its reason and an audit row; every open clock counts around it from then on. */
gboolean    dg_closure_add                 (DgDb          *db,
                                            const char    *day,
                                            const char    *reason,
                                            GError       **error);

/* The closure days: [{"day", "reason", "by", "at"}], in date order. */
JsonArray  *dg_closure_list                (DgDb          *db,
                                            GError       **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DgCalendar, dg_calendar_free)

G_END_DECLS
