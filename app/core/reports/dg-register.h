#pragma once

#include <json-glib/json-glib.h>

#include "dg-db.h"

G_BEGIN_DECLS

/* The child protection register, read from the conferences and plan ends
 * whenever it is asked for (never stored apart from them, so a corrected
 * or removed event can never leave a stale period).
 *
 * - Every initial child protection conference (cp_event "icpc") registers
 *   every child of its referral: the record holds no "no plan" outcome, and
 *   an s47 determination of "substantiated-at-risk" is what leads to one.
 *   A child stays on the register until the plan ends (cp_event "plan-end"
 *   on that referral); a later ICPC on a referral whose plan ended
 *   registers its children again.
 * - Children of different referrals are the same child when they have the
 *   same folded name (child.name_key) and either the same date of birth, or
 *   their referrals are linked (referral_link, directly or through others)
 *   whatever the dates of birth say. Nothing else joins them: a child
 *   without a date of birth on an unlinked referral is a child apart, and
 *   two children of one name on one unlinked referral are two. Only children of
 *   referrals that went to conference (and the referral or form asked
 *   about) are compared, so a chain of likenesses through a child never
 *   registered joins nobody.
 * - A child's registrations that overlap (a second referral's ICPC while
 *   still on the register) are one period, from the first ICPC to the last
 *   plan end. A registration is a re-registration when it starts on or
 *   before the day 12 calendar months after the child's previous period
 *   ended.
 *
 * A period as JSON: {"from", "to" (null: still on the register), "days"
 * (to "to", or null), "child" (the child.id of the referral that registered
 * them), "referral", "previous_end" (null: none), "re_registration"}. */

/* The three Welsh Government measures (PM24, PM27, PM28) for [@from, @to]
 * (dates, both needed), counted per child:
 * {"from", "to", "measures": [{"measure" ("pm24", "pm27", "pm28"), "label"
 *  (the measure's published wording), "basis" (how it is counted here),
 *  "numerator", "denominator", "share" (numerator ÷ denominator, 0 when
 *  none; PM28's is the average in days), "word" (the inspectorate's
 *  quantity word, "none" without a denominator; PM28: "average"),
 *  and with @rows "rows": [{"child", "referral", "numerator" (counted in the
 *  numerator), …}], one per unit of the denominator]}]}.
 * PM24: per child, the first s47 assessment completion of each referral
 * completed in the period; in the numerator when completed within 42
 * working days from the point of referral (the day received), on the
 * working-day calendar (a referral with no child named counts for none).
 * Rows add "received", "completed", "due".
 * PM27: per child, registrations starting in the period; in the numerator
 * the re-registrations. Rows add the period's members.
 * PM28: per child, periods on the register that ended in the period; the
 * numerator is their days, the denominator their number. Rows add the
 * period's members (numerator: TRUE for each). */
JsonNode  *dg_register_report     (DgDb        *db,
                                   const char  *from,
                                   const char  *to,
                                   gboolean     rows,
                                   GError     **error);

/* The measures dg_register_report () computes, in its order. */
extern const char * const dg_register_measure_ids[];

/* The register periods, oldest first, of the child named @name born on
 * @dob (as the intake form has them, before the referral is saved): [period]. */
JsonArray *dg_register_history    (DgDb        *db,
                                   const char  *name,
                                   const char  *dob,
                                   GError     **error);

/* Adds "register" to the referral @referral_id being built in @b: for each
 * of its children ever on the register, {"child", "name",
 * "previously_registered" (a period began before this referral was
 * received), "periods": [period + "earlier" (began before it was received)]}. */
gboolean   dg_register_add_json   (DgDb        *db,
                                   JsonBuilder *b,
                                   gint64       referral_id,
                                   GError     **error);

/* The same "register" on its own, for a window that has the referral: its
 * array, in a read snapshot. */
JsonArray *dg_register_of_referral (DgDb        *db,
                                    gint64       referral_id,
                                    GError     **error);

G_END_DECLS
