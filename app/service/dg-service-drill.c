#include "config.h"

#include "dg-clock-exception.h"
#include "dg-figure-list.h"
#include "dg-service-private.h"

/* The drill-down behind a figure of the reports, and a late clock's agreed
 * exception. */

typedef struct
{
  char *from, *to, *clock, *state, *per, *group_kind, *group, *reason, *approved_by;
  gint64 referral_id;
} Figure;

static void
figure_free (Figure *f)
{
  g_free (f->from);
  g_free (f->to);
  g_free (f->clock);
  g_free (f->state);
  g_free (f->per);
  g_free (f->group_kind);
  g_free (f->group);
  g_free (f->reason);
  g_free (f->approved_by);
  g_free (f);
}

static gboolean
figure_list_op (DgDb *db, gpointer data, GValue *result, GError **error)
{
  Figure *f = data;
  g_autoptr(JsonObject) list = dg_performance_list (db, f->from, f->to, f->clock, f->state, f->per,
                                                    f->group_kind, f->group, error);
  JsonArray *items;
  DgFigureList *figure;
  gint64 last = -1;

  if (list == NULL)
    return FALSE;
  figure = dg_figure_list_new ();
  figure->meetings = g_strcmp0 (json_object_get_string_member (list, "kind"), "meeting") == 0;
  figure->count = json_object_get_int_member (list, "count");
  items = json_object_get_array_member (list, "items");
  /* Per child a referral comes once per child, one after the other. */
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      gint64 id = json_object_get_int_member (json_array_get_object_element (items, i), "id");

      if (id != last)
        g_array_append_val (figure->ids, id);
      last = id;
    }
  g_value_init (result, DG_TYPE_FIGURE_LIST);
  g_value_take_boxed (result, figure);
  return TRUE;
}

void
dg_service_figure_list_async (DgService           *self,
                              const DgFigureQuery *query,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  Figure *f = g_new0 (Figure, 1);

  f->from = g_strdup (query->from);
  f->to = g_strdup (query->to);
  f->clock = g_strdup (query->clock);
  f->state = g_strdup (query->state);
  f->per = g_strdup (query->per);
  f->group_kind = g_strdup (query->group_kind);
  f->group = g_strdup (query->group);
  dg_service_run (self, dg_service_figure_list_async, figure_list_op, DG_SERVICE_QUIET, 0, f,
                  (GDestroyNotify) figure_free, cancellable, callback, user_data);
}

DG_SERVICE_DEFINE_FINISH (figure_list, DgFigureList *, dg_service_finish_boxed)

static gboolean
clock_exception_op (DgDb *db, gpointer data, GValue *result, GError **error)
{
  Figure *f = data;

  return dg_clock_exception_set (db, f->referral_id, f->clock, f->reason, f->approved_by, error);
}

void
dg_service_clock_exception_async (DgService           *self,
                                  gint64               referral_id,
                                  const char          *clock,
                                  const char          *reason,
                                  const char          *approved_by,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  Figure *f = g_new0 (Figure, 1);

  f->referral_id = referral_id;
  f->clock = g_strdup (clock);
  f->reason = g_strdup (reason);
  f->approved_by = g_strdup (approved_by);
  dg_service_run (self, dg_service_clock_exception_async, clock_exception_op, DG_SERVICE_ANNOUNCED, referral_id, f,
                  (GDestroyNotify) figure_free, NULL, callback, user_data);
}

DG_SERVICE_DEFINE_FINISH (clock_exception, gboolean, dg_service_finish)
