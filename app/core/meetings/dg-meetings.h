#pragma once

#include <json-glib/json-glib.h>

#include "dg-db.h"

G_BEGIN_DECLS

/* Strategy discussions and meetings: who was invited, who came, what was
 * decided, and which expected agency was missed. */

/* A new meeting for @referral_id; with @invite_expected, every expected
 * agency is invited at once (named from the referral where it can be). */
gint64      dg_meeting_add            (DgDb        *db,
                                       gint64       referral_id,
                                       const char  *kind,
                                       const char  *at,
                                       const char  *chair,
                                       gboolean     invite_expected,
                                       GError     **error);

/* Corrects when the meeting was (or is to be) held and who chairs it
 * (each NULL: as it is; an empty chair: none), with @reason, in one audit
 * row holding each before and after; the clocks that count from the
 * meeting move with it. */
gboolean    dg_meeting_amend          (DgDb        *db,
                                       gint64       id,
                                       const char  *at,
                                       const char  *chair,
                                       const char  *reason,
                                       GError     **error);

gboolean    dg_meeting_invite         (DgDb        *db,
                                       gint64       id,
                                       const char  *agency,
                                       const char  *name,
                                       const char  *organisation,
                                       const char  *at,
                                       GError     **error);

/* Invites @agency (or, when %NULL, every expected agency not yet invited nor
 * excused), named from the referral where it can be. The one-click fix. */
gboolean    dg_meeting_invite_expected (DgDb       *db,
                                        gint64      id,
                                        const char *agency,
                                        GError    **error);

/* Records the response of every invitee of @agency. With @was (the
 * response the person saw), refused with %DG_ERROR_CONFLICT, naming who
 * recorded the present one, when someone else has changed it since. */
gboolean    dg_meeting_response       (DgDb        *db,
                                       gint64       id,
                                       const char  *agency,
                                       const char  *status,
                                       const char  *was,
                                       GError     **error);

/* A justified exception: @agency is deliberately not invited, and why. An
 * invitation already sent is withdrawn (the audit trail keeps it). */
gboolean    dg_meeting_not_invited    (DgDb        *db,
                                       gint64       id,
                                       const char  *agency,
                                       const char  *reason,
                                       GError     **error);

/* What @agency brought to meeting @id: @report 1 (received, at
 * @received_at or now), 0 (none) or -1 (as recorded); @decision_maker 1, 0
 * or -1 likewise. Audited. */
gboolean    dg_meeting_contribution   (DgDb        *db,
                                       gint64       id,
                                       const char  *agency,
                                       int          report,
                                       const char  *received_at,
                                       int          decision_maker,
                                       GError     **error);

/* The meeting's record went to those who took part at @sent (a time, not
 * before the meeting; %NULL: now): stops its "strategy-record" clock. Audited. */
gboolean    dg_meeting_minutes        (DgDb        *db,
                                       gint64       id,
                                       const char  *sent,
                                       GError     **error);

gboolean    dg_meeting_outcome        (DgDb        *db,
                                       gint64       id,
                                       const char  *determination,
                                       int          s47,          /* -1: from the determination */
                                       const char  *summary,
                                       const char  *at,
                                       GError     **error);

gboolean    dg_meeting_add_action     (DgDb        *db,
                                       gint64       id,
                                       const char  *action,
                                       const char  *owner,
                                       const char  *due,
                                       GError     **error);

/* {"id", "referral", "reference", "kind", "at", "chair", "invitees", "excused",
 *  "outcome", "actions", "completeness"}. */
JsonNode   *dg_meeting_show           (DgDb        *db,
                                       gint64       id,
                                       GError     **error);

/* {"complete": bool, "missing": [agency…], "excused": [{"agency", "reason"}],
 *  "expected": [agency…]}. */
JsonNode   *dg_meeting_completeness   (DgDb        *db,
                                       gint64       id,
                                       GError     **error);

/* Meetings held in [@from, @to] (dates; either may be %NULL), newest first,
 * as summaries with "complete" and "missing"; at most @limit (0: all). */
JsonArray  *dg_meeting_list           (DgDb        *db,
                                       gboolean     incomplete_only,
                                       const char  *from,
                                       const char  *to,
                                       guint        limit,
                                       GError     **error);

/* Meetings held in [@from, @to]: how many, how many invited every expected
 * agency, and (appended to @referrals, newest first) whose they were. */
gboolean    dg_meeting_period_counts  (DgDb        *db,
                                       const char  *from,
                                       const char  *to,
                                       guint       *held,
                                       guint       *complete,
                                       GArray      *referrals,
                                       GError     **error);

/* Per agency, over meetings held in the period: {"meetings", "agencies":
 * [{"agency", "invited", "attended", "invited_share", "attended_share",
 *   "invited_word", "attended_word"}]}. */
JsonNode   *dg_meeting_agency_shares  (DgDb        *db,
                                       const char  *from,
                                       const char  *to,
                                       GError     **error);

/* A dated child-protection event on a referral (s47-start, s47-complete,
 * icpc, core-group, review): each starts the next clock. */
gboolean    dg_referral_add_event     (DgDb        *db,
                                       gint64       referral_id,
                                       const char  *kind,
                                       const char  *at,
                                       const char  *notes,
                                       GError     **error);

/* The inspectorate's quantity word for a share in [0, 1]: "most", "many",
 * "a-majority", "half", "around-half", "a-minority", "few", "very-few", or
 * "none"/"all" at the ends. */
const char *dg_quantity_word          (double       share);

/* The word for people, e.g. "the majority". */
const char *dg_quantity_label         (const char  *word);

G_END_DECLS
