#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* The records of what managers read: the Due board and the performance
 * report. Strings are as the core stores them (dates YYYY-MM-DD, months
 * YYYY-MM, vocabulary ids) and never NULL except where said.
 *
 * A board and a report are made once, on the connection's thread, and only
 * read after: they are shared by reference, not copied. */

/* ---- The Due board ---------------------------------------------------------------- */

/* The board's headings, most urgent first. */
typedef enum
{
  DG_DUE_OVERDUE,
  DG_DUE_TODAY,
  DG_DUE_TOMORROW,
  DG_DUE_WEEK,
  DG_DUE_LATER,
  DG_DUE_N_HEADINGS,
} DgDueHeading;

/* One running clock as the board lists it. */
typedef struct
{
  gint64        referral;
  char         *reference;
  char         *child;        /* NULL: no child named */
  char         *clock;        /* acknowledgement, decision, outcome, … */
  char         *due;          /* a date */
  char         *state;        /* overdue, pending */
  char         *rag;          /* NULL: not rated */
  guint         days_overdue; /* working days since it fell due; 0 unless overdue */
  DgDueHeading  heading;
} DgDueItem;

void         dg_due_item_free        (DgDueItem  *self);

typedef struct
{
  char      *today;                       /* the date the board was counted on */
  guint      counts[DG_DUE_N_HEADINGS];   /* every running clock under each heading */
  GPtrArray *clocks;                      /* DgDueItem, most urgent first; a heading's
                                           * first rows only (the limit asked for) */
} DgDueBoard;

#define DG_TYPE_DUE_BOARD (dg_due_board_get_type ())
GType        dg_due_board_get_type   (void) G_GNUC_CONST;
/* A board for the service to fill: no clocks, every count 0, no date yet. */
DgDueBoard  *dg_due_board_new        (void);
DgDueBoard  *dg_due_board_ref        (DgDueBoard *self);
void         dg_due_board_unref      (DgDueBoard *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DgDueBoard, dg_due_board_unref)

/* ---- The performance report ------------------------------------------------------- */

/* How one clock did, over all referrals of the period or a group of them. */
typedef struct
{
  char   *clock;
  char   *group;            /* the agency, school or month (YYYY-MM) of the
                             * group; NULL in the totals by clock */
  gint64  count;
  gint64  on_time;
  gint64  late;
  gint64  excepted;         /* late or overdue with an agreed exception */
  gint64  overdue;
  gint64  pending;
  gint64  measured;         /* those that ran their course: on time, late,
                             * excepted or overdue (the share's denominator) */
  double  on_time_share;    /* on time of measured; 0 when none ran their course */
  char   *word;             /* the inspectorate's quantity word for the share,
                             * "none" when none ran their course */
} DgPerformanceRow;

void            dg_performance_row_free  (DgPerformanceRow *self);

/* The managers' figures for the referrals received in a period. */
typedef struct
{
  char      *from;
  char      *to;
  GPtrArray *clocks;        /* DgPerformanceRow, one per clock */
  GPtrArray *clocks_per_child; /* … the same counting each child of a referral */
  GPtrArray *by_agency;     /* DgPerformanceRow per clock and report-maker's agency */
  GPtrArray *by_school;     /* … per clock and school */
  GPtrArray *by_month;      /* … per clock and month received */
  GStrv      months;        /* the months by_month has, oldest first: the chart's slots */
  /* Strategy meetings held in the period, and those that invited every
   * agency expected. */
  gint64     meetings_held;
  gint64     meetings_complete;
  double     meetings_share;
  char      *meetings_word; /* as a row's word */
  /* The report-maker's ledger: referrals of the period whose report-maker
   * chased, the chases, those answered and those answered in time (within
   * a working day); disagreements raised in the period, those resolved and
   * those resolved in time. */
  gint64     chased_referrals;
  gint64     chases;
  gint64     chases_replied;
  gint64     chases_in_time;
  gint64     disagreements_raised;
  gint64     disagreements_resolved;
  gint64     disagreements_in_time;
} DgPerformance;

#define DG_TYPE_PERFORMANCE (dg_performance_get_type ())
GType           dg_performance_get_type  (void) G_GNUC_CONST;
/* A report for the service to fill: empty tables, no period or months yet. */
DgPerformance  *dg_performance_new       (void);
DgPerformance  *dg_performance_ref       (DgPerformance *self);
void            dg_performance_unref     (DgPerformance *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DgPerformance, dg_performance_unref)

/* ---- The drill-down behind a figure ------------------------------------------------ */

/* Which figure (dg_performance_list () in the core): a clock of the report
 * or "meetings"; the state (on-time, late, excepted, overdue, pending,
 * measured, all; complete, incomplete, all for meetings); per "event" or
 * "child"; and for a breakdown's row, its kind (agency, school, month) and
 * name, else both NULL. */
typedef struct
{
  const char *from, *to, *clock, *state, *per, *group_kind, *group;
} DgFigureQuery;

typedef struct
{
  gboolean  meetings;       /* the ids are meetings' (else referrals') */
  gint64    count;          /* as the figure counts: per child, each child */
  GArray   *ids;            /* gint64, each referral or meeting once, ascending */
} DgFigureList;

#define DG_TYPE_FIGURE_LIST (dg_figure_list_get_type ())
GType           dg_figure_list_get_type  (void) G_GNUC_CONST;
DgFigureList   *dg_figure_list_new       (void);
DgFigureList   *dg_figure_list_ref       (DgFigureList *self);
void            dg_figure_list_unref     (DgFigureList *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DgFigureList, dg_figure_list_unref)

G_END_DECLS
