/* The minutes' clocks: the record of the last strategy discussion/meeting
 * circulated to those who took part ("strategy-record"), and the outline
 * plan and decisions of the initial conference circulated ("icpc-plan"). */

#include "config.h"

#include <string.h>

#include "dg-clocks.h"

/* The latest mark of @kind (on or after @after when given), or the first
 * when @first; %NULL when there is none. By day, as cp_event's events. */
static const char *
mark_at (const DgClockMark *marks,
         guint              n,
         const char        *kind,
         const char        *after,
         gboolean           first)
{
  const char *found = NULL;

  for (guint m = 0; m < n; m++)
    {
      if (marks[m].at == NULL || g_strcmp0 (marks[m].kind, kind) != 0 ||
          (after != NULL && strncmp (marks[m].at, after, 10) < 0))
        continue;
      if (found == NULL || (first ? strcmp (marks[m].at, found) < 0 : strcmp (marks[m].at, found) > 0))
        found = marks[m].at;
    }
  return found;
}

void
dg_clock_minutes_each (const DgClockMark  *marks,
                       guint               n,
                       const char         *icpc,
                       DgClockLedgerFunc   each,
                       gpointer            data)
{
  const char *meeting = mark_at (marks, n, "meeting", NULL, FALSE);

  /* One clock per referral, as the core groups: the last meeting's record.
   * Its circulation names the meeting it is the record of. */
  if (meeting != NULL)
    {
      g_autofree char *record = g_strconcat ("meeting-record:", meeting, NULL);

      each ("strategy-record", meeting, mark_at (marks, n, record, NULL, TRUE), data);
    }
  if (icpc != NULL)
    each ("icpc-plan", icpc, mark_at (marks, n, "plan-circulated", icpc, TRUE), data);
}
