#include "config.h"

#include "dg-records-calendar.h"

#define D(field, kind) DG_RECORD_MEMBER (DgCalendarDay, field, kind, #field)
DG_DEFINE_RECORD (DgCalendarDay, dg_calendar_day,
                  D (date, DG_RECORD_TEXT_OR_EMPTY),
                  D (name, DG_RECORD_TEXT),
                  D (source, DG_RECORD_TEXT_OR_EMPTY),
                  D (working, DG_RECORD_BOOL),
                  D (replaces, DG_RECORD_TEXT),
                  D (reason, DG_RECORD_TEXT))
#undef D

#define I(field, kind) DG_RECORD_MEMBER (DgCalendarImport, field, kind, #field)
DG_DEFINE_RECORD (DgCalendarImport, dg_calendar_import,
                  I (from, DG_RECORD_INT),
                  I (to, DG_RECORD_INT),
                  I (events, DG_RECORD_INT),
                  I (holidays, DG_RECORD_STRV),
                  I (working, DG_RECORD_STRV))
#undef I
