#pragma once

#include "dg-bulk.h"
#include "dg-clocks.h"

G_BEGIN_DECLS

/* Between dg-clocks.c, which computes a referral's clocks from what is
 * recorded, and dg-clocks-server.c, which stores them on a server before
 * the commit (PostgreSQL's triggers cannot call the working-day calendar). */

/* Everything one referral's clocks are computed from, read in one query
 * (on a server, one round trip): the referral, its child-protection
 * events, the hub's closure days and the timescale rules. */
typedef struct
{
  gboolean    found;
  char       *fields[8];   /* channel, agency, received, confirmed,
                            * acknowledged, decided, outcome sent,
                            * the last meeting once a child is at risk */
  GArray     *events;      /* of DgClockMark */
  GArray     *rules;
  DgCalendar *calendar;
  gboolean    minutes;     /* the meetings' marks are among @events (schema 15) */
} DgClockInputs;

enum
{
  DG_CLOCK_F_CHANNEL,
  DG_CLOCK_F_AGENCY,
  DG_CLOCK_F_RECEIVED,
  DG_CLOCK_F_CONFIRMED,
  DG_CLOCK_F_ACKNOWLEDGED,
  DG_CLOCK_F_DECIDED,
  DG_CLOCK_F_OUTCOME,
  DG_CLOCK_F_LAST_MEETING,
};

/* @inputs with no events yet; cleared (not freed) by the clear function. */
void      dg_clock_inputs_init     (DgClockInputs  *inputs);
void      dg_clock_inputs_clear    (DgClockInputs  *inputs);
/* Clears and frees an @inputs of g_new0 (). */
void      dg_clock_inputs_free     (gpointer        inputs);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (DgClockInputs, dg_clock_inputs_clear)

/* One row of an inputs query, from column @first on (after its kind, and in
 * a batch the referral's id): the referral's fields or one of its events
 * into @inputs, a closure day or a recorded day (calendar_day) into
 * @calendar, a rule into @rules. */
void      dg_clock_inputs_take_row (DgClockInputs  *inputs,
                                    GArray         *rules,
                                    DgCalendar     *calendar,
                                    DgStmt         *stmt,
                                    int             first);

/* An empty array of timescale rules, for dg_clock_inputs_take_row (). */
GArray   *dg_clock_rules_new       (void);

/* The clocks' rows, written a few hundred to a statement (sent ahead on a
 * server, answered with the commit). */
DgBulk   *dg_clock_rows_new        (DgDb           *db);

/* Adds to @rows the clocks referral @referral_id should have stored, from
 * what @inputs says of it, by @rules and @calendar. */
gboolean  dg_clock_rows            (DgClockInputs  *inputs,
                                    GArray         *rules,
                                    DgCalendar     *calendar,
                                    gint64          referral_id,
                                    DgBulk         *rows,
                                    GError        **error);

/* Before a server's commit: the clocks of every referral its change marked
 * (clock_dirty), computed again. */
gboolean  dg_clocks_refresh_marked (DgDb           *db,
                                    GError        **error);

G_END_DECLS
