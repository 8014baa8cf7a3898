#pragma once

#include <adwaita.h>

#include "dg-service.h"

G_BEGIN_DECLS

#define DG_TYPE_MEETING_WINDOW (dg_meeting_window_get_type ())
G_DECLARE_FINAL_TYPE (DgMeetingWindow, dg_meeting_window, DG, MEETING_WINDOW, AdwWindow)

/* One strategy discussion or meeting: its invitees and their responses, a
 * banner for every expected agency not invited (with a one-click fix), the
 * outcome and the actions. Emits "changed" after each change is stored. */
DgMeetingWindow *dg_meeting_window_new      (DgService *service,
                                             gint64     id);

/* Whether the latest state of the meeting has been loaded and shown. */
gboolean         dg_meeting_window_is_ready (DgMeetingWindow *self);

/* Whether the draft of what is typed has reached the database (for tests). */
gboolean         dg_meeting_window_is_draft_saved (DgMeetingWindow *self);

G_END_DECLS
