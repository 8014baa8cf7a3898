#pragma once

#include "dg-record.h"

G_BEGIN_DECLS

/* The records of the calendar page: a year's days off and working days
 * after all, and what an import of GOV.UK's file recorded. */

/* A weekday that is not worked, or a working day after all. */
typedef struct
{
  char      *date;
  char      *name;       /* NULL: a working day after all on a day no holiday */
  char      *source;     /* rule, table, govuk, closure, hub */
  gboolean   working;
  char      *replaces;   /* NULL but for a moved day */
  char      *reason;     /* NULL but for a closure or a working day */
} DgCalendarDay;

#define DG_TYPE_CALENDAR_DAY (dg_calendar_day_get_type ())
DG_DECLARE_RECORD (DgCalendarDay, dg_calendar_day)

/* What an import of GOV.UK's file found: its years, its England and Wales
 * events, and the days it recorded as bank holidays and as working days. */
typedef struct
{
  gint64   from;
  gint64   to;
  gint64   events;
  GStrv    holidays;
  GStrv    working;
} DgCalendarImport;

#define DG_TYPE_CALENDAR_IMPORT (dg_calendar_import_get_type ())
DG_DECLARE_RECORD (DgCalendarImport, dg_calendar_import)

G_END_DECLS
