#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The local time zone, read once per process ($TZ, else the system's).
 * GLib 2.74 reads the zone files again on every g_time_zone_new_local ()
 * when $TZ is unset, which cost up to a quarter of each save. Owned by the
 * process: do not unref. */
GTimeZone *dg_time_zone_local (void);

/* Parses local wall-clock "YYYY-MM-DDTHH:MM[:SS]" (a space may stand for the T).
 * @field names the input in the error message. */
GDateTime *dg_time_parse      (const char  *text,
                               const char  *field,
                               GError     **error);

/* Parses "YYYY-MM-DD" into a valid GDate. */
gboolean   dg_date_parse      (const char  *text,
                               const char  *field,
                               GDate       *date,
                               GError     **error);

/* Parses a date as people in the UK type it, always day first:
 * "2017-03-14", "14/03/2017", "14/3/2017", "14/3/17", "14.3.2017",
 * "14-3-2017", "14 Mar 2017", "14 March 2017" and the Welsh months and
 * their abbreviations ("14 Mawrth 2017", "14 Maw 2017"), in any case,
 * with spaces around ignored. A two-digit year is 20xx up to the last two
 * digits of @this_year, else 19xx. An impossible date (31/02/2017), a
 * year before 1900 or anything else is refused naming @field, with a
 * message that speaks to a person. */
gboolean   dg_date_parse_typed (const char  *text,
                                const char  *field,
                                int          this_year,
                                GDate       *date,
                                GError     **error);

/* When something happened, as typed: @text in stored form, or @now when
 * %NULL. Unless @may_be_future, a time more than ten minutes after @now
 * (grace for clocks that disagree) is refused, naming @field. */
char      *dg_time_checked    (GDateTime   *now,
                               const char  *field,
                               const char  *text,
                               gboolean     may_be_future,
                               GError     **error);

/* The stored form of @dt: YYYY-MM-DDTHH:MM:SS. */
char      *dg_time_to_string  (GDateTime   *dt);

/* The stored form of @date: YYYY-MM-DD. */
char      *dg_date_to_string  (const GDate *date);

G_END_DECLS
