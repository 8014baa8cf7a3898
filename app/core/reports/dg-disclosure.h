#pragma once

#include <json-glib/json-glib.h>

#include "dg-db.h"

G_BEGIN_DECLS

/* A disclosure pack (subject access): every record about one child, with
 * the report-maker's identity and third parties' information marked for
 * redaction, each mark with a reason code.
 *
 * The child: the first child of a referral (@referral_id, with @child_name
 * NULL), the child of that referral named @child_name (both given), or
 * the one child named @child_name across all referrals (@referral_id 0).
 * The same child on other referrals is found as the register finds it
 * (dg-register.h): the same folded name and either the same date of birth
 * or linked referrals; a name shared by children apart is refused
 * ("child-name": give --referral).
 *
 * Marked for redaction (each value wherever it appears in any text of
 * the pack, the letters' bodies included):
 *   report-maker  the report-maker's name, role, organisation, e-mail,
 *                 phone and address; invitees of the agency "report-maker";
 *   third-party   the other children of the referrals, household members,
 *                 invitees' and involved agencies' named people.
 * Practitioners of the hub (decided_by, chair, recorded_by) are not marked:
 * they acted in their office. "legal-privilege" is in the vocabulary for a
 * reviewer's own marks (not made automatically).
 *
 * The pack as JSON: {"subject": {"name", "dob"}, "referrals": [{"id",
 * "reference", "received_at", "channel", "status", "rag", "categories",
 * "concern", "immediate_action", "other_information", "report_maker"
 * {…}, "children" [..], "household" [..], "decision" [..], "meetings"
 * [{…, "invitees", "outcome", "actions"}], "cp_events" [..], "letters"
 * [..]}], "redactions": [{"id" ("R1" …), "code", "label", "label_cy",
 * "text", "occurrences", "withheld"}]}. */

/* The reason codes, NULL-terminated: "report-maker", "third-party",
 * "legal-privilege". */
extern const char * const dg_disclosure_codes[];
/* A code's label in the running language, or NULL for an unknown code. */
const char *dg_disclosure_code_label (const char *code);

/* Gathers the pack (in one read snapshot). */
JsonObject *dg_disclosure_gather   (DgDb        *db,
                                    gint64       referral_id,
                                    const char  *child_name,
                                    GError     **error);

/* Releases the redactions whose ids are in @released (a reviewer's
 * decision that they may be disclosed: consent, or reasonable to):
 * "withheld" false. An unknown id is refused (field "release"). */
gboolean    dg_disclosure_release  (JsonObject          *pack,
                                    const char * const  *released,
                                    GError             **error);

/* Writes the review copy into @folder: disclosure-review.pdf (each
 * redaction shown with its text: ⟦R1 report-maker: …⟧) and
 * disclosure-review.json (the pack as gathered, with the texts). Not for
 * release. */
gboolean    dg_disclosure_write_review (DgDb        *db,
                                        JsonObject  *pack,
                                        const char  *folder,
                                        GError     **error);

/* The reviewer's sign-off: audits the disclosure (entity "disclosure",
 * the subject's first referral; detail: referral ids, counts, redactions
 * by code, reviewer; no personal data), then writes the final pack into
 * @folder: disclosure.pdf (the bilingual cover letter, then the records,
 * each withheld text replaced by a black bar and its code) and
 * disclosure.json (the same pack, the withheld texts removed from every
 * record and from "redactions"). */
gboolean    dg_disclosure_sign_off (DgDb        *db,
                                    JsonObject  *pack,
                                    const char  *reviewer,
                                    const char  *language,
                                    const char  *folder,
                                    GError     **error);

G_END_DECLS
