#include "config.h"

#include "dg-core.h"
#include "dg-meetings.h"
#include "dg-performance.h"
#include "dg-timescales.h"
#include "dg-service-private.h"

/* What managers read: the Due board, the performance report, and the
 * meetings of a period with the agencies' shares. */

typedef struct
{
  char     *from, *to;
  guint     limit;
  gboolean  incomplete_only;
} Period;

static void
period_free (Period *p)
{
  g_free (p->from);
  g_free (p->to);
  g_free (p);
}

static Period *
period_new (const char *from,
            const char *to,
            guint       limit)
{
  Period *p = g_new0 (Period, 1);

  p->from = g_strdup (from);
  p->to = g_strdup (to);
  p->limit = limit;
  return p;
}

static void
run (DgService           *self,
     gpointer             source_tag,
     DgServiceOp          op,
     Period              *period,
     GCancellable        *cancellable,
     GAsyncReadyCallback  callback,
     gpointer             user_data)
{
  dg_service_run (self, source_tag, op, DG_SERVICE_QUIET, 0, period, (GDestroyNotify) period_free,
                  cancellable, callback, user_data);
}

static gboolean
due_board_op (DgDb *db, gpointer data, GValue *result, GError **error)
{
  Period *p = data;

  return dg_service_return_node (result, dg_due_board (db, p->limit, error));
}

void
dg_service_due_board_async (DgService           *self,
                            guint                limit,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  run (self, dg_service_due_board_async, due_board_op, period_new (NULL, NULL, limit),
       cancellable, callback, user_data);
}

JsonNode *
dg_service_due_board_finish (DgService     *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  return dg_service_finish_boxed (self, result, dg_service_due_board_async, error);
}

static gboolean
performance_op (DgDb *db, gpointer data, GValue *result, GError **error)
{
  Period *p = data;

  return dg_service_return_node (result, dg_performance_report (db, p->from, p->to, error));
}

void
dg_service_performance_async (DgService           *self,
                              const char          *from,
                              const char          *to,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  run (self, dg_service_performance_async, performance_op, period_new (from, to, 0),
       cancellable, callback, user_data);
}

JsonNode *
dg_service_performance_finish (DgService     *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  return dg_service_finish_boxed (self, result, dg_service_performance_async, error);
}

static gboolean
meeting_report_op (DgDb *db, gpointer data, GValue *result, GError **error)
{
  Period *p = data;
  g_autoptr(JsonArray) meetings = dg_meeting_list (db, p->incomplete_only, p->from, p->to, p->limit, error);
  g_autoptr(JsonNode) shares = meetings ? dg_meeting_agency_shares (db, p->from, p->to, error) : NULL;

  if (shares == NULL)
    return FALSE;
  /* Read into the page's record here, on the connection's thread. */
  g_value_init (result, DG_TYPE_MEETING_REPORT);
  g_value_take_boxed (result, dg_meeting_report_new_from_json (meetings, json_node_get_object (shares)));
  return TRUE;
}

void
dg_service_meeting_report_async (DgService           *self,
                                 gboolean             incomplete_only,
                                 const char          *from,
                                 const char          *to,
                                 guint                limit,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  Period *p = period_new (from, to, limit);

  p->incomplete_only = incomplete_only;
  run (self, dg_service_meeting_report_async, meeting_report_op, p, cancellable, callback, user_data);
}

DgMeetingReport *
dg_service_meeting_report_finish (DgService     *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  return dg_service_finish_boxed (self, result, dg_service_meeting_report_async, error);
}
