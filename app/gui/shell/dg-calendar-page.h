#pragma once

#include <adwaita.h>

#include "dg-service.h"

G_BEGIN_DECLS

/* The Preferences page of the working-day calendar, shared by everyone
 * using the database: a year's bank holidays and closure days with where
 * each comes from, a working day after all, an import of GOV.UK's
 * bank-holidays file. */

#define DG_TYPE_CALENDAR_PAGE (dg_calendar_page_get_type ())
G_DECLARE_FINAL_TYPE (DgCalendarPage, dg_calendar_page, DG, CALENDAR_PAGE, AdwPreferencesPage)

DgCalendarPage *dg_calendar_page_new (DgService *service);

G_END_DECLS
