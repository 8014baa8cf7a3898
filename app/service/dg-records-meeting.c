#include "config.h"

#include "dg-records-meeting.h"

/* Each record described once by its members (dg-record.h). */

DG_RECORD_SHAPE (DgMeetingInvitee, dg_meeting_invitee,
                  DG_RECORD_MEMBER (DgMeetingInvitee, agency, DG_RECORD_TEXT, "agency"),
                  DG_RECORD_MEMBER (DgMeetingInvitee, name, DG_RECORD_TEXT, "name"),
                  DG_RECORD_MEMBER (DgMeetingInvitee, organisation, DG_RECORD_TEXT, "org"),
                  DG_RECORD_MEMBER (DgMeetingInvitee, status, DG_RECORD_TEXT, "status"),
                  DG_RECORD_MEMBER (DgMeetingInvitee, invited_at, DG_RECORD_TEXT, "invited_at"),
                  DG_RECORD_MEMBER (DgMeetingInvitee, report, DG_RECORD_TEXT, "report"),
                  DG_RECORD_MEMBER (DgMeetingInvitee, report_at, DG_RECORD_TEXT, "report_at"),
                  DG_RECORD_MEMBER (DgMeetingInvitee, decision_maker, DG_RECORD_TEXT, "decision_maker"));

DG_RECORD_SHAPE (DgMeetingExcuse, dg_meeting_excuse,
                  DG_RECORD_MEMBER (DgMeetingExcuse, agency, DG_RECORD_TEXT, "agency"),
                  DG_RECORD_MEMBER (DgMeetingExcuse, reason, DG_RECORD_TEXT, "reason"));

DG_RECORD_SHAPE (DgMeetingOutcome, dg_meeting_outcome,
                  DG_RECORD_MEMBER (DgMeetingOutcome, determination, DG_RECORD_TEXT, "determination"),
                  DG_RECORD_MEMBER (DgMeetingOutcome, s47, DG_RECORD_BOOL, "s47"),
                  DG_RECORD_MEMBER (DgMeetingOutcome, summary, DG_RECORD_TEXT, "summary"),
                  DG_RECORD_MEMBER (DgMeetingOutcome, at, DG_RECORD_TEXT, "at"),
                  DG_RECORD_MEMBER (DgMeetingOutcome, by, DG_RECORD_TEXT, "by"));

DG_RECORD_SHAPE (DgMeetingAction, dg_meeting_action,
                  DG_RECORD_MEMBER (DgMeetingAction, action, DG_RECORD_TEXT, "action"),
                  DG_RECORD_MEMBER (DgMeetingAction, owner, DG_RECORD_TEXT, "owner"),
                  DG_RECORD_MEMBER (DgMeetingAction, due, DG_RECORD_TEXT, "due"));

DG_DEFINE_RECORD (DgMeeting, dg_meeting,
                  DG_RECORD_MEMBER (DgMeeting, id, DG_RECORD_INT, "id"),
                  DG_RECORD_MEMBER (DgMeeting, referral_id, DG_RECORD_INT, "referral"),
                  DG_RECORD_MEMBER (DgMeeting, reference, DG_RECORD_TEXT, "reference"),
                  DG_RECORD_MEMBER (DgMeeting, kind, DG_RECORD_TEXT, "kind"),
                  DG_RECORD_MEMBER (DgMeeting, at, DG_RECORD_TEXT, "at"),
                  DG_RECORD_MEMBER (DgMeeting, chair, DG_RECORD_TEXT, "chair"),
                  DG_RECORD_MEMBER (DgMeeting, minutes_sent_at, DG_RECORD_TEXT, "minutes_sent_at"),
                  DG_RECORD_NESTED (DgMeeting, invitees, DG_RECORD_LIST, "invitees", dg_meeting_invitee),
                  DG_RECORD_MEMBER (DgMeeting, missing, DG_RECORD_STRV, "completeness.missing"),
                  DG_RECORD_NESTED (DgMeeting, excused, DG_RECORD_LIST, "excused", dg_meeting_excuse),
                  DG_RECORD_NESTED (DgMeeting, outcome, DG_RECORD_OBJECT, "outcome", dg_meeting_outcome),
                  DG_RECORD_NESTED (DgMeeting, actions, DG_RECORD_LIST, "actions", dg_meeting_action))

DG_RECORD_SHAPE (DgMeetingSummary, dg_meeting_summary,
                  DG_RECORD_MEMBER (DgMeetingSummary, id, DG_RECORD_INT, "id"),
                  DG_RECORD_MEMBER (DgMeetingSummary, referral_id, DG_RECORD_INT, "referral"),
                  DG_RECORD_MEMBER (DgMeetingSummary, reference, DG_RECORD_TEXT, "reference"),
                  DG_RECORD_MEMBER (DgMeetingSummary, kind, DG_RECORD_TEXT, "kind"),
                  DG_RECORD_MEMBER (DgMeetingSummary, at, DG_RECORD_TEXT, "at"),
                  DG_RECORD_MEMBER (DgMeetingSummary, missing, DG_RECORD_STRV, "missing"));

DG_RECORD_SHAPE (DgAgencyShare, dg_agency_share,
                  DG_RECORD_MEMBER (DgAgencyShare, agency, DG_RECORD_TEXT, "agency"),
                  DG_RECORD_MEMBER (DgAgencyShare, invited, DG_RECORD_INT, "invited"),
                  DG_RECORD_MEMBER (DgAgencyShare, attended, DG_RECORD_INT, "attended"),
                  DG_RECORD_MEMBER (DgAgencyShare, invited_share, DG_RECORD_DOUBLE, "invited_share"),
                  DG_RECORD_MEMBER (DgAgencyShare, attended_share, DG_RECORD_DOUBLE, "attended_share"),
                  DG_RECORD_MEMBER (DgAgencyShare, invited_word, DG_RECORD_TEXT, "invited_word"),
                  DG_RECORD_MEMBER (DgAgencyShare, attended_word, DG_RECORD_TEXT, "attended_word"));

DG_DEFINE_RECORD (DgMeetingReport, dg_meeting_report,
                  DG_RECORD_NESTED (DgMeetingReport, meetings, DG_RECORD_LIST, NULL, dg_meeting_summary),
                  DG_RECORD_MEMBER (DgMeetingReport, held, DG_RECORD_INT, "meetings"),
                  DG_RECORD_NESTED (DgMeetingReport, agencies, DG_RECORD_LIST, "agencies", dg_agency_share))

DG_RECORD_SHAPE (DgAgencyFigure, dg_agency_figure,
                  DG_RECORD_MEMBER (DgAgencyFigure, agency, DG_RECORD_TEXT, "agency"),
                  DG_RECORD_MEMBER (DgAgencyFigure, expected, DG_RECORD_INT, "expected"),
                  DG_RECORD_MEMBER (DgAgencyFigure, invited, DG_RECORD_INT, "invited"),
                  DG_RECORD_MEMBER (DgAgencyFigure, attended, DG_RECORD_INT, "attended"),
                  DG_RECORD_MEMBER (DgAgencyFigure, excused, DG_RECORD_INT, "excused"),
                  DG_RECORD_MEMBER (DgAgencyFigure, missing, DG_RECORD_INT, "missing"),
                  DG_RECORD_MEMBER (DgAgencyFigure, invited_share, DG_RECORD_DOUBLE, "invited_share"),
                  DG_RECORD_MEMBER (DgAgencyFigure, attended_share, DG_RECORD_DOUBLE, "attended_share"),
                  DG_RECORD_MEMBER (DgAgencyFigure, invited_word, DG_RECORD_TEXT, "invited_word"),
                  DG_RECORD_MEMBER (DgAgencyFigure, invitees, DG_RECORD_INT, "invitees"),
                  DG_RECORD_MEMBER (DgAgencyFigure, reports, DG_RECORD_INT, "reports"),
                  DG_RECORD_MEMBER (DgAgencyFigure, report_share, DG_RECORD_DOUBLE, "report_share"),
                  DG_RECORD_MEMBER (DgAgencyFigure, attending, DG_RECORD_INT, "attending"),
                  DG_RECORD_MEMBER (DgAgencyFigure, decision_makers, DG_RECORD_INT, "decision_makers"),
                  DG_RECORD_MEMBER (DgAgencyFigure, decision_share, DG_RECORD_DOUBLE, "decision_share"));

DG_DEFINE_RECORD (DgMeetingFigures, dg_meeting_figures,
                  DG_RECORD_NESTED (DgMeetingFigures, agencies, DG_RECORD_LIST, "agencies", dg_agency_figure),
                  DG_RECORD_MEMBER (DgMeetingFigures, invitees, DG_RECORD_INT, "contributions.invitees"),
                  DG_RECORD_MEMBER (DgMeetingFigures, reports, DG_RECORD_INT, "contributions.reports"),
                  DG_RECORD_MEMBER (DgMeetingFigures, report_share, DG_RECORD_DOUBLE, "contributions.report_share"),
                  DG_RECORD_MEMBER (DgMeetingFigures, report_word, DG_RECORD_TEXT_OR_EMPTY, "contributions.report_word"),
                  DG_RECORD_MEMBER (DgMeetingFigures, attending, DG_RECORD_INT, "contributions.attending"),
                  DG_RECORD_MEMBER (DgMeetingFigures, decision_makers, DG_RECORD_INT, "contributions.decision_makers"),
                  DG_RECORD_MEMBER (DgMeetingFigures, decision_share, DG_RECORD_DOUBLE, "contributions.decision_share"),
                  DG_RECORD_MEMBER (DgMeetingFigures, decision_word, DG_RECORD_TEXT_OR_EMPTY, "contributions.decision_word"))

static const DgRecordMember dg_expected_rule_members[] = {
  DG_RECORD_MEMBER (DgExpectedRule, concern, DG_RECORD_TEXT, "concern"),
  DG_RECORD_MEMBER (DgExpectedRule, agency, DG_RECORD_TEXT, "agency"),
  DG_RECORD_MEMBER (DgExpectedRule, effective_from, DG_RECORD_TEXT, "effective_from"),
  DG_RECORD_MEMBER (DgExpectedRule, expected, DG_RECORD_BOOL, "expected"),
  DG_RECORD_MEMBER (DgExpectedRule, source, DG_RECORD_TEXT, "source"),
};
const DgRecordShape dg_expected_rule_shape = { sizeof (DgExpectedRule), dg_expected_rule_members,
                                               G_N_ELEMENTS (dg_expected_rule_members) };

void
dg_expected_rule_free (DgExpectedRule *self)
{
  dg_record_free (&dg_expected_rule_shape, self);
}

DgMeeting *
dg_meeting_new_from_json (JsonObject *shown)
{
  return dg_record_from_json (&dg_meeting_shape, shown);
}

/* The report is read from two results of the core: the period's meetings
 * and the agencies' shares. */
DgMeetingReport *
dg_meeting_report_new_from_json (JsonArray  *meetings,
                                 JsonObject *shares)
{
  DgMeetingReport *report = dg_record_from_json (&dg_meeting_report_shape, shares);

  /* The meetings are filled apart: an empty list stands in their place. */

  g_ptr_array_unref (report->meetings);
  report->meetings = dg_record_list_from_json (&dg_meeting_summary_shape, NULL, meetings);
  return report;
}
