#pragma once

#include "dg-record.h"

G_BEGIN_DECLS

/* The meeting records the service hands the windows (see dg-records.h):
 * one meeting as its window shows it, and the meetings of a period with the
 * agencies' shares as the Meetings page shows them. Agencies, kinds,
 * responses and determinations are the vocabularies' ids (dg-vocab.h);
 * times are stored text (YYYY-MM-DDTHH:MM:SS). A text member is never NULL
 * unless said. */

/* One invitation. */
typedef struct
{
  char *agency;
  char *name;           /* NULL: nobody named */
  char *organisation;   /* NULL: none given */
  char *status;         /* the response: invited, attended, apologies… */
  char *invited_at;     /* NULL: not recorded */
  char *report;         /* received, none; NULL: not recorded */
  char *report_at;      /* NULL: not received, or not recorded */
  char *decision_maker; /* yes, no; NULL: not recorded */
} DgMeetingInvitee;

/* An expected agency deliberately not invited, and why. */
typedef struct
{
  char *agency;
  char *reason;
} DgMeetingExcuse;

typedef struct
{
  char     *determination;
  gboolean  s47;
  char     *summary;    /* NULL: none written */
  char     *at;
  char     *by;
} DgMeetingOutcome;

typedef struct
{
  char *action;
  char *owner;          /* NULL: nobody named */
  char *due;            /* NULL: no date; else YYYY-MM-DD */
} DgMeetingAction;

/* One strategy discussion or meeting. */
typedef struct
{
  gint64            id;
  gint64            referral_id;
  char             *reference;    /* the referral's */
  char             *kind;
  char             *at;
  char             *chair;        /* NULL: nobody named */
  char             *minutes_sent_at; /* NULL: the record has not gone out */
  GPtrArray        *invitees;     /* DgMeetingInvitee, in the order invited */
  GStrv             missing;      /* expected agencies neither invited nor excused */
  GPtrArray        *excused;      /* DgMeetingExcuse, by agency */
  DgMeetingOutcome *outcome;      /* NULL: none recorded yet */
  GPtrArray        *actions;      /* DgMeetingAction, in the order added */
} DgMeeting;

/* One meeting of a period, as a row of the Meetings page. */
typedef struct
{
  gint64  id;
  gint64  referral_id;
  char   *reference;
  char   *kind;
  char   *at;
  GStrv   missing;      /* as in DgMeeting: empty when every one was invited */
} DgMeetingSummary;

/* One agency over the meetings held in a period. */
typedef struct
{
  char   *agency;
  gint64  invited;        /* meetings that invited it */
  gint64  attended;       /* meetings it attended */
  double  invited_share;  /* of the meetings held, in [0, 1] */
  double  attended_share;
  char   *invited_word;   /* the inspectorate's word for the share (dg_quantity_word ()) */
  char   *attended_word;
} DgAgencyShare;

/* The meetings of a period and the agencies' shares. */
typedef struct
{
  GPtrArray *meetings;    /* DgMeetingSummary, newest first, at most the limit asked */
  gint64     held;        /* how many meetings were held in the period, all of them */
  GPtrArray *agencies;    /* DgAgencyShare, every agency, in the vocabulary's order */
} DgMeetingReport;

/* The two records handed out, each with all it holds: its arrays and their
 * elements, its outcome, go with it (the arrays free nothing themselves). */
#define DG_TYPE_MEETING (dg_meeting_get_type ())
#define DG_TYPE_MEETING_REPORT (dg_meeting_report_get_type ())
DG_DECLARE_RECORD (DgMeeting, dg_meeting)
DG_DECLARE_RECORD (DgMeetingReport, dg_meeting_report)

DgMeeting        *dg_meeting_new_from_json        (JsonObject *shown);
DgMeetingReport  *dg_meeting_report_new_from_json (JsonArray  *meetings,
                                                   JsonObject *shares);


G_END_DECLS
