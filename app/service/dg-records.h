#pragma once

#include "dg-record.h"

G_BEGIN_DECLS

/* The records the service hands the windows: plain typed values, read from
 * the core's results on the connection's thread, so no window parses JSON. */

/* One referral as a list row shows it. Strings are never NULL except where
 * said; times and dates are stored text (YYYY-MM-DDTHH:MM:SS, YYYY-MM-DD). */
typedef struct
{
  gint64  id;
  char   *reference;
  char   *received_at;
  char   *status;
  char   *rag;            /* NULL: not rated */
  char   *child;          /* the first child's name */
  gint64  children;       /* how many children, at least 1 */
  char   *reporter;       /* "" for an anonymous report-maker */
  char   *organisation;   /* NULL: none given */
  /* The clock due soonest, or all three NULL when nothing is due. */
  char   *due_clock;
  char   *due_date;
  char   *due_state;
} DgReferralSummary;

#define DG_TYPE_REFERRAL_SUMMARY (dg_referral_summary_get_type ())
DG_DECLARE_RECORD (DgReferralSummary, dg_referral_summary)

G_END_DECLS
