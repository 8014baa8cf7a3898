#include "config.h"

#include "dg-calendar-days.h"
#include "dg-service-private.h"

/* The calendar as published: a year's days off with their sources, a
 * working day after all, an import of GOV.UK's bank-holidays file. */

typedef struct
{
  int    year;
  char  *day;
  char  *text;    /* the reason, or the file's path */
} Calendar;

static void
calendar_free (Calendar *c)
{
  g_free (c->day);
  g_free (c->text);
  g_free (c);
}

static gboolean
holidays_op (DgDb *db, gpointer data, GValue *result, GError **error)
{
  Calendar *c = data;

  return dg_service_return_records (result, dg_calendar_holidays (db, c->year, error),
                                    &dg_calendar_day_shape, (GDestroyNotify) dg_calendar_day_free);
}

void
dg_service_holidays_async (DgService           *self,
                           int                  year,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  Calendar *c = g_new0 (Calendar, 1);

  c->year = year;
  dg_service_run (self, dg_service_holidays_async, holidays_op, DG_SERVICE_QUIET, 0,
                  c, (GDestroyNotify) calendar_free, cancellable, callback, user_data);
}

DG_SERVICE_DEFINE_FINISH (holidays, GPtrArray *, dg_service_finish_boxed)

static gboolean
working_day_add_op (DgDb *db, gpointer data, GValue *result, GError **error)
{
  Calendar *c = data;

  return dg_working_day_add (db, c->day, c->text, error);
}

void
dg_service_working_day_add_async (DgService           *self,
                                  const char          *day,
                                  const char          *reason,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  Calendar *c = g_new0 (Calendar, 1);

  c->day = g_strdup (day);
  c->text = g_strdup (reason);
  dg_service_run (self, dg_service_working_day_add_async, working_day_add_op, DG_SERVICE_ANNOUNCED, 0,
                  c, (GDestroyNotify) calendar_free, NULL, callback, user_data);
}

DG_SERVICE_DEFINE_FINISH (working_day_add, gboolean, dg_service_finish)

static gboolean
import_govuk_op (DgDb *db, gpointer data, GValue *result, GError **error)
{
  Calendar *c = data;
  JsonObject *imported = dg_calendar_import_govuk_file (db, c->text, error);
  JsonNode *node;

  if (imported == NULL)
    return FALSE;
  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, imported);
  return dg_service_return_record (result, node, &dg_calendar_import_shape, DG_TYPE_CALENDAR_IMPORT);
}

void
dg_service_import_govuk_async (DgService           *self,
                               const char          *path,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  Calendar *c = g_new0 (Calendar, 1);

  c->text = g_strdup (path);
  dg_service_run (self, dg_service_import_govuk_async, import_govuk_op, DG_SERVICE_ANNOUNCED, 0,
                  c, (GDestroyNotify) calendar_free, NULL, callback, user_data);
}

DG_SERVICE_DEFINE_FINISH (import_govuk, DgCalendarImport *, dg_service_finish_boxed)
