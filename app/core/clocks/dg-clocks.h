#pragma once

#include <json-glib/json-glib.h>

#include "dg-db.h"
#include "dg-workdays.h"

G_BEGIN_DECLS

/* The state of a clock: pending (not done, not yet due), on-time, late (done
 * after its due date) or overdue (not done, past due). */
const char *dg_clock_state       (const GDate  *due,
                                  const char   *done_at,
                                  GDateTime    *now);

/* The due date of @clock started at @start (stored time or date), by the rule
 * in force on that day. */
gboolean    dg_clock_due         (DgDb         *db,
                                  DgCalendar   *calendar,
                                  const char   *clock,
                                  const char   *start,
                                  GDate        *due,
                                  GError      **error);

/* Recomputes the stored clocks of one referral from what is recorded. The
 * database's triggers call it (as dg_clocks_refresh()) within every change,
 * so callers never need to. */
gboolean    dg_clocks_refresh    (DgDb         *db,
                                  gint64        referral_id,
                                  GError      **error);

/* For bulk writers: until dg_clocks_undefer(), the triggers only note which
 * referrals changed, and dg_clocks_flush() refreshes each once. Flush
 * before every commit, so no committed state has clocks out of step. */
void        dg_clocks_defer      (DgDb         *db);
gboolean    dg_clocks_flush      (DgDb         *db,
                                  GError      **error);
void        dg_clocks_undefer    (DgDb         *db);

/* Makes dg_clocks_refresh() and dg_clock_due() callable from SQL on @db's
 * connection; done as the database opens, before any migration. */
void        dg_clocks_register   (DgDb         *db);

/* The clocks' hooks on the store (dg_db_open_with_hooks()): the SQL
 * functions on each SQLite connection, and on PostgreSQL the clocks of the
 * referrals a transaction touched, brought up to date before its commit. */
const DgDbHooks *dg_clocks_hooks (void);

/* The SQL of the number of the timescales and closure days in force on a
 * server, for a save to read with its first statement: under the write
 * lock it cannot move before the commit. */
#define DG_CLOCKS_BASIS_SQL "(SELECT version FROM clock_basis)"

/* On a server, inside a write transaction, the clocks of referral
 * @referral_id, inserted by it with nothing recorded yet but its receipt
 * (@channel, the report-maker's @agency, @received): computed here by the
 * timescales and closure days numbered @basis_version (read once per
 * number), and sent ahead, so the commit needs no refresh round trip. The
 * commit is then refused (DG_ERROR_LOCKED, nothing saved) if any other
 * referral's clocks were moved in the same transaction: the caller saves
 * again without this. */
gboolean    dg_clocks_store_new  (DgDb         *db,
                                  gint64        referral_id,
                                  gint64        basis_version,
                                  const char   *channel,
                                  const char   *agency,
                                  const char   *received,
                                  GError      **error);

/* Adds "due": {clock: {"due", "done_at", "state"}} from the stored clocks. */
gboolean    dg_clocks_add_json   (DgDb         *db,
                                  JsonBuilder  *builder,
                                  gint64        referral_id,
                                  GDateTime    *now,
                                  GError      **error);

G_END_DECLS
