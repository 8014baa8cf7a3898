#pragma once

#include <json-glib/json-glib.h>

#include "dg-db.h"

G_BEGIN_DECLS

/* The days a hub records beside the rules and the shipped table
 * (calendar_day, schema 14): a working day after all, and what an import
 * of GOV.UK's bank-holidays file found the rules and the table lack. */

/* Whether @db has the calendar_day table (not a file being upgraded from
 * before schema 14, whose earlier steps compute clocks). */
gboolean    dg_calendar_days_exist   (DgDb         *db);

/* Records @day as a working day after all (a holiday by the rules, the
 * table or an import is worked), with @reason (required) and an audit
 * row; every open clock counting across it moves. */
gboolean    dg_working_day_add       (DgDb         *db,
                                      const char   *day,
                                      const char   *reason,
                                      GError      **error);

/* The recorded days: [{"day", "kind": "holiday"|"working", "name",
 * "source": "govuk"|"hub", "by", "at"}], in date order. */
JsonArray  *dg_calendar_days_list    (DgDb         *db,
                                      GError      **error);

/* Imports @length bytes of GOV.UK's bank-holidays JSON
 * ({"england-and-wales": {"division", "events": [{"title", "date", "notes",
 * "bunting"}]}, …}): in one audited transaction, for the years it covers,
 * replaces what an earlier import recorded with the days it lists that the
 * rules and the table do not give (holidays) and the days they give that it
 * lacks (working days). A working day after all stays. A bad file is
 * refused naming the field ("england-and-wales.events[2].date").
 * → {"from", "to" (years), "events", "holidays": [days], "working": [days]} */
JsonObject *dg_calendar_import_govuk (DgDb         *db,
                                      const char   *text,
                                      gsize         length,
                                      GError      **error);

/* The same, reading the file at @path (refused naming "FILE" when it
 * cannot be read). */
JsonObject *dg_calendar_import_govuk_file (DgDb       *db,
                                           const char *path,
                                           GError    **error);

/* Every weekday of @year that is not a working day, and every working day
 * after all, in date order: [{"date", "name", "source": "rule"|"table"|
 * "govuk"|"closure"|"hub", "working": bool, "replaces": DATE|null,
 * "reason": TEXT|null}]. */
JsonArray  *dg_calendar_holidays     (DgDb         *db,
                                      int           year,
                                      GError      **error);

G_END_DECLS
