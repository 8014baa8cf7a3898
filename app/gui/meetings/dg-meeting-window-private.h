#pragma once

#include "dg-meeting-window.h"

G_BEGIN_DECLS

/* What dg-meeting-window.c shares with its sibling
 * dg-meeting-window-contributions.c (what each agency brought, and the
 * meeting's record). */

/* Sends @change to the service; the window reloads when it is stored. */
void       dg_meeting_window_change              (DgMeetingWindow       *self,
                                                  const DgMeetingChange *change);

/* The suffixes of an invitee's row: whether its report came, and whether
 * whoever came could make decisions for the agency. */
void       dg_meeting_window_add_contribution    (DgMeetingWindow        *self,
                                                  AdwActionRow           *row,
                                                  const DgMeetingInvitee *invitee);

/* The group of the meeting's record: when it went to those who took part,
 * or a date and a button to record it (the action "meeting.minutes"). */
GtkWidget *dg_meeting_window_minutes_group       (DgMeetingWindow        *self,
                                                  const DgMeeting        *meeting);

/* Installs "meeting.minutes". */
void       dg_meeting_window_install_contribution_actions (GtkWidgetClass *widget_class);

G_END_DECLS
