#pragma once

#include <json-glib/json-glib.h>

#include "dg-db.h"

G_BEGIN_DECLS

/* The outbox: letters to report-makers queued as the exact message to send,
 * then delivered by the hub's mail server (dg-hub.h settings, dg-smtp.h),
 * each exactly once. A delivery is claimed (queued or failed → sending) in
 * a transaction of its own before the server is spoken to, so two workers
 * never send one letter; a letter found "sending" for longer than a worker
 * can take was interrupted and is not sent again but by an explicit retry,
 * since nobody knows whether the server took it. A sent letter is recorded
 * in `notification` (which stops its clock) in the same transaction that
 * marks it sent, and is never sent again. */

/* Renders the @kind letter of referral @referral_id in @language (%NULL: the
 * report-maker's preference; "both" or "cy+en": Welsh then English) with
 * the hub's letterhead, composes it (with the letter as a PDF when
 * @attach_pdf) and queues it; *@letter_id gets its id. Refused, naming the
 * field, without a report-maker's e-mail (reporter.email) or the hub's
 * (hub.email), and when a letter of that kind still waits in the outbox
 * (kind: retry that one instead of sending two). */
gboolean    dg_outbox_queue       (DgDb        *db,
                                   gint64       referral_id,
                                   const char  *kind,
                                   const char  *language,
                                   gboolean     attach_pdf,
                                   gint64      *letter_id,
                                   GError     **error);

/* The letter of @kind for referral @referral_id still waiting in the outbox
 * (queued, sending or failed), or 0 (with @error unset) when there is none. */
gint64      dg_outbox_find_pending (DgDb        *db,
                                    gint64       referral_id,
                                    const char  *kind,
                                    GError     **error);

/* Sends letter @letter_id now, whether queued or failed (a retry). TRUE
 * when the server took it. FALSE with @error: refused before trying (not
 * found; already sent or being sent: %DG_ERROR_INVALID), or the delivery
 * failed, which is recorded (failed, its reason, the next attempt) and
 * whose error is dg_smtp_send ()'s (%DG_ERROR_LOCKED: try later). */
gboolean    dg_outbox_deliver     (DgDb        *db,
                                   gint64       letter_id,
                                   GError     **error);

/* Delivers every letter due at @now (queued, or failed with its next
 * attempt passed); counts in *@n_sent and *@n_failed. FALSE only when the
 * outbox itself could not be read or written. */
gboolean    dg_outbox_deliver_due (DgDb        *db,
                                   GDateTime   *now,
                                   guint       *n_sent,
                                   guint       *n_failed,
                                   GError     **error);

/* [{"id", "referral", "reference", "kind", "language", "recipient", "state",
 * "attempts", "next_attempt_at", "message_id", "server_reply", "error",
 * "queued_at", "sent_at"}], newest first; only failed ones with
 * @failed_only, only referral @referral_id's unless it is 0. */
JsonArray  *dg_outbox_list        (DgDb        *db,
                                   gboolean     failed_only,
                                   gint64       referral_id,
                                   GError     **error);

/* One letter as dg_outbox_list () shows it. */
JsonObject *dg_outbox_show        (DgDb        *db,
                                   gint64       letter_id,
                                   GError     **error);

G_END_DECLS
