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
/* Whether the clocks are deferred (dg_clocks_defer ()). */
gboolean    dg_clocks_deferred   (DgDb         *db);

/* For a bulk writer of new referrals, ids @first to @last, with nothing
 * recorded on them yet but their receipt: their clocks, as
 * dg_clocks_refresh () would store them, computed in one pass (the rules
 * and closure days read once) and written a few hundred rows a statement;
 * their ids, noted by a deferral (dg_clocks_defer ()), are taken off it. */
gboolean    dg_clocks_store_received (DgDb     *db,
                                      gint64    first,
                                      gint64    last,
                                      GError  **error);

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

/* What the report-maker's ledger clocks start and stop on: a ledger entry
 * (@kind "chase:raised", "disagreement:escalated", …) or a letter sent to
 * the report-maker ("letter"), at the stored time @at. */
typedef struct
{
  char *at;
  char *kind;
} DgClockMark;

/* The SQL (a SELECT, for a UNION ALL) of referral ids @where's marks: the
 * columns @lead, then @id (the referral's id and a comma, or ""), the kind
 * and the time, then @rest. */
#define DG_CLOCKS_LEDGER_MARKS_SQL(lead, id, where, rest) \
  "SELECT " lead id "kind || ':' || step, at" rest " FROM ledger_entry WHERE referral_id " where " " \
  "UNION ALL SELECT " lead id "'letter', sent_at" rest " FROM notification WHERE referral_id " where

/* The ledger clock a mark of @kind starts ("chase-reply",
 * "disagreement-discussed", "escalation-answered"), or %NULL. */
const char *dg_clock_started_by  (const char        *kind);
/* When the ledger clock @clock started at @start stopped: the first of
 * @marks at or after @start that stops it, or %NULL while it runs. */
const char *dg_clock_stopped_at  (const char        *clock,
                                  const char        *start,
                                  const DgClockMark *marks,
                                  guint              n_marks);
/* For each ledger clock that @marks started (from the latest mark that
 * starts it), @each with the clock, its start and when it stopped (%NULL
 * while it runs). */
typedef void (*DgClockLedgerFunc) (const char *clock,
                                   const char *start,
                                   const char *done,
                                   gpointer    data);
void        dg_clock_ledger_each (const DgClockMark  *marks,
                                  guint               n_marks,
                                  DgClockLedgerFunc   each,
                                  gpointer            data);

/* The SQL (a SELECT, for a UNION ALL) of the marks the minutes' clocks
 * read from the meetings of referral ids @where: each meeting ("meeting" at
 * its time) and the circulation of its record ("meeting-record:" and the
 * meeting's time, at the time it went out). Columns as
 * DG_CLOCKS_LEDGER_MARKS_SQL's. */
#define DG_CLOCKS_MINUTES_MARKS_SQL(lead, id, where, rest) \
  "SELECT " lead id "'meeting', held_at" rest " FROM meeting WHERE referral_id " where " " \
  "UNION ALL SELECT " lead id "'meeting-record:' || held_at, minutes_sent_at" rest " FROM meeting " \
  "WHERE minutes_sent_at IS NOT NULL AND referral_id " where

/* The minutes' clocks of @marks (cp_event's and the meetings' marks):
 * "strategy-record" from the last meeting, and with @icpc (the conference
 * the plan's clocks count from), "icpc-plan". */
void        dg_clock_minutes_each (const DgClockMark  *marks,
                                   guint               n_marks,
                                   const char         *icpc,
                                   DgClockLedgerFunc   each,
                                   gpointer            data);

/* Adds "due": {clock: {"due", "done_at", "state"}} from the stored clocks. */
gboolean    dg_clocks_add_json   (DgDb         *db,
                                  JsonBuilder  *builder,
                                  gint64        referral_id,
                                  GDateTime    *now,
                                  GError      **error);

G_END_DECLS
