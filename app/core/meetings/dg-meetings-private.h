#pragma once

#include "dg-meetings.h"

G_BEGIN_DECLS

/* What dg-meetings.c (the changes), dg-meetings-read.c (the reading) and
 * dg-events.c (child-protection events) share. */

#define DG_MEETING_MAX_TEXT  100000
#define DG_MEETING_MAX_SHORT 500

/* An agency expected at a meeting about a referral, with its contact when
 * the referral names one. */
typedef struct
{
  const char *agency;
  char       *name;
  char       *organisation;
} DgExpected;

gboolean    dg_meeting_check_length  (const char         *field,
                                      const char         *value,
                                      glong               max,
                                      GError            **error);
/* A stored time from @text, or now; never in the future unless @may_be_future. */
char       *dg_meeting_event_time    (DgDb               *db,
                                      const char         *field,
                                      const char         *text,
                                      gboolean            may_be_future,
                                      GError            **error);
/* Whether meeting @id exists (%DG_ERROR_NOT_FOUND if not), and its referral. */
gboolean    dg_meeting_exists        (DgDb               *db,
                                      gint64              id,
                                      gint64             *referral_id,
                                      GError            **error);
/* The agencies expected at meeting @meeting_id about @referral_id, by the
 * rules in force on its day: a GArray of DgExpected. */
GArray     *dg_meeting_expected_agencies (DgDb           *db,
                                          gint64          meeting_id,
                                          gint64          referral_id,
                                          GError        **error);
/* {"complete", "missing", "excused", "expected"} of meeting @id. */
JsonObject *dg_meeting_completeness_of (DgDb             *db,
                                        gint64            id,
                                        gint64            referral_id,
                                        GError          **error);

G_END_DECLS
