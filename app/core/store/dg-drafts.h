#pragma once

#include <json-glib/json-glib.h>

#include "dg-db.h"

G_BEGIN_DECLS

/* Autosaved, unsaved forms: written as the person types, restored after a
 * crash or a closed window, deleted once the record itself is saved.
 *
 * A draft belongs to one person and one window. The person is the login
 * role (session_user) on PostgreSQL, which the server itself enforces, and
 * the practitioner acting on the connection (dg_db_get_actor()) on a SQLite
 * file. The window is a @slot: any text the window keeps for its life (a
 * random id), or the slot of the draft it reopened. */

/* The kind of the intake form's drafts (dg_referral_add() discards them). */
#define DG_DRAFT_REFERRAL "referral"

/* Saves @body (JSON text) as the draft of @kind in @slot, replacing it. */
gboolean   dg_draft_save    (DgDb               *db,
                             const char         *kind,
                             const char         *slot,
                             const char         *body,
                             GError            **error);

/* The draft of @kind in @slot, or %NULL (without error) when there is none. */
char      *dg_draft_load    (DgDb               *db,
                             const char         *kind,
                             const char         *slot,
                             GError            **error);

/* The person's drafts of @kind, newest first, leaving out those in
 * @busy_slots (windows open now; may be %NULL): objects {"slot",
 * "updated_at", "body"}, where "body" is the saved JSON (null when it no
 * longer parses). */
JsonArray *dg_draft_list    (DgDb               *db,
                             const char         *kind,
                             const char * const *busy_slots,
                             GError            **error);

/* Deletes the person's draft of @kind in @slot; no draft there is no error. */
gboolean   dg_draft_discard (DgDb               *db,
                             const char         *kind,
                             const char         *slot,
                             GError            **error);

G_END_DECLS
