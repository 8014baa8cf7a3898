#pragma once

#include <json-glib/json-glib.h>

#include "dg-db.h"

G_BEGIN_DECLS

/* Working days of England & Wales: no weekends, no bank holidays (computed
 * for any year), no local closure days. */
typedef struct _DgCalendar DgCalendar;

DgCalendar *dg_calendar_new                (void);
/* A calendar with the closure days stored in @db. */
DgCalendar *dg_calendar_load               (DgDb          *db,
                                            GError       **error);
void        dg_calendar_free               (DgCalendar    *self);
void        dg_calendar_add_closure        (DgCalendar    *self,
                                            const GDate   *date);

/* Easter Sunday of @year (Gregorian computus). */
void        dg_easter_sunday               (int            year,
                                            GDate         *out);

/* The bank holidays of England & Wales in @year, in date order, substitute days applied. */
guint       dg_bank_holidays               (int            year,
                                            GDate          out[8]);

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
