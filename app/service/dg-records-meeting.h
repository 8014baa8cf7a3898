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

/* One agency over the meetings of a period, as Reports asks "which
 * agencies are we failing to invite?" (dg_meeting_figures ()). */
typedef struct
{
  char   *agency;
  gint64  expected;        /* meetings that expected it */
  gint64  invited;         /* of those, invited it */
  gint64  attended;        /* of those, it attended */
  gint64  excused;         /* of those, not invited with a reason */
  gint64  missing;         /* of those, neither */
  double  invited_share;   /* invited / expected, in [0, 1] */
  double  attended_share;
  char   *invited_word;
  gint64  invitees;        /* meetings it was invited to */
  gint64  reports;         /* of those, it sent a report */
  double  report_share;
  gint64  attending;       /* meetings it attended */
  gint64  decision_makers; /* of those, whoever came could decide for it */
  double  decision_share;
} DgAgencyFigure;

/* The period's agencies, and over all of them what each brought. */
typedef struct
{
  GPtrArray *agencies;        /* DgAgencyFigure, every agency, in the vocabulary's order */
  gint64     invitees;
  gint64     reports;
  double     report_share;
  char      *report_word;
  gint64     attending;
  gint64     decision_makers;
  double     decision_share;
  char      *decision_word;
} DgMeetingFigures;

/* One rule of the agencies expected by concern. */
typedef struct
{
  char     *concern;          /* always, sexual, under-1, … (DG_VOCAB_CONCERN) */
  char     *agency;
  char     *effective_from;   /* YYYY-MM-DD */
  gboolean  expected;         /* FALSE: no longer expected from then */
  char     *source;           /* WSP, local; NULL: not said */
} DgExpectedRule;

void dg_expected_rule_free (DgExpectedRule *self);

/* The two records handed out, each with all it holds: its arrays and their
 * elements, its outcome, go with it (the arrays free nothing themselves). */
#define DG_TYPE_MEETING (dg_meeting_get_type ())
#define DG_TYPE_MEETING_REPORT (dg_meeting_report_get_type ())
DG_DECLARE_RECORD (DgMeeting, dg_meeting)
DG_DECLARE_RECORD (DgMeetingReport, dg_meeting_report)
#define DG_TYPE_MEETING_FIGURES (dg_meeting_figures_get_type ())
DG_DECLARE_RECORD (DgMeetingFigures, dg_meeting_figures)
extern const DgRecordShape dg_expected_rule_shape;

DgMeeting        *dg_meeting_new_from_json        (JsonObject *shown);
DgMeetingReport  *dg_meeting_report_new_from_json (JsonArray  *meetings,
                                                   JsonObject *shares);


G_END_DECLS
