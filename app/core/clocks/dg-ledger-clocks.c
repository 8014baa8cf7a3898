/* The report-maker's ledger's clocks: what starts and stops each. */

#include "config.h"

#include <string.h>

#include "dg-clocks.h"

/* The report-maker's ledger: which entry starts each of its clocks, and
 * which entries (or a letter sent to the report-maker) stop it. */
static const struct
{
  const char *clock;
  const char *start;
  const char *stops[3];
} ledger_clocks[] = {
  { "chase-reply", "chase:raised", { "chase:replied", "letter", NULL } },
  { "disagreement-discussed", "disagreement:raised", { "disagreement:discussed", "disagreement:resolved", NULL } },
  { "escalation-answered", "disagreement:escalated", { "disagreement:resolved", NULL } },
};

const char *
dg_clock_started_by (const char *mark)
{
  for (guint i = 0; i < G_N_ELEMENTS (ledger_clocks); i++)
    if (g_strcmp0 (ledger_clocks[i].start, mark) == 0)
      return ledger_clocks[i].clock;
  return NULL;
}

const char *
dg_clock_stopped_at (const char        *clock,
                     const char        *start,
                     const DgClockMark *marks,
                     guint              n_marks)
{
  const char *found = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (ledger_clocks); i++)
    {
      if (!g_str_equal (ledger_clocks[i].clock, clock))
        continue;
      /* To the second: a reply or a letter sent before the chase, even on
       * the same day, did not answer it. */
      for (guint m = 0; m < n_marks; m++)
        if (marks[m].at != NULL && g_strv_contains (ledger_clocks[i].stops, marks[m].kind) &&
            strcmp (marks[m].at, start) >= 0 && (found == NULL || strcmp (marks[m].at, found) < 0))
          found = marks[m].at;
    }
  return found;
}

/* Each from the latest entry that starts it (a clock is stored once per
 * referral; dg-ledger.c shows the earlier ones). */
void
dg_clock_ledger_each (const DgClockMark  *marks,
                      guint               n,
                      DgClockLedgerFunc   each,
                      gpointer            data)
{
  for (guint i = 0; i < G_N_ELEMENTS (ledger_clocks); i++)
    {
      const char *start = NULL;

      for (guint m = 0; m < n; m++)
        if (marks[m].at != NULL && g_strcmp0 (marks[m].kind, ledger_clocks[i].start) == 0 &&
            (start == NULL || strcmp (marks[m].at, start) >= 0))
          start = marks[m].at;
      if (start != NULL)
        each (ledger_clocks[i].clock, start, dg_clock_stopped_at (ledger_clocks[i].clock, start, marks, n), data);
    }
}
