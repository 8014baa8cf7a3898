#include "config.h"

#include <glib/gi18n-lib.h>

#include "dg-clocks.h"
#include "dg-referrals.h"
#include "dg-time.h"
#include "dg-timescales.h"
#include "dg-workdays.h"

typedef struct
{
  gint64  referral;
  char   *reference;
  char   *child;
  char   *clock;
  char   *due;
  char   *state;
} Item;

static void
item_clear (gpointer data)
{
  Item *item = data;

  g_free (item->reference);
  g_free (item->child);
  g_free (item->clock);
  g_free (item->due);
  g_free (item->state);
}

static int
compare_items (gconstpointer a,
               gconstpointer b)
{
  const Item *x = a, *y = b;
  int c = g_strcmp0 (x->due, y->due);

  return c != 0 ? c : (x->referral < y->referral ? -1 : x->referral > y->referral);
}

/* The open clocks of one kind: each row is (id, reference, child, start). */
static gboolean
collect (DgDb        *db,
         DgCalendar  *calendar,
         GDateTime   *now,
         const char  *clock,
         const char  *sql,
         gboolean     overdue_only,
         GArray      *items,
         GError     **error)
{
  sqlite3_stmt *stmt = dg_db_prepare (db, sql, error);
  gboolean has_row = FALSE;

  if (stmt == NULL)
    return FALSE;
  while (dg_db_step (db, stmt, &has_row, error) && has_row)
    {
      GDate due;
      const char *state;
      Item item = { 0 };

      if (!dg_clock_due (db, calendar, clock, (const char *) sqlite3_column_text (stmt, 3), &due, error))
        {
          sqlite3_reset (stmt);
          return FALSE;
        }
      state = dg_clock_state (&due, NULL, now);
      if (overdue_only && !g_str_equal (state, "overdue"))
        continue;
      item.referral = sqlite3_column_int64 (stmt, 0);
      item.reference = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      item.child = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      item.clock = g_strdup (clock);
      item.due = dg_date_to_string (&due);
      item.state = g_strdup (state);
      g_array_append_val (items, item);
    }
  sqlite3_reset (stmt);
  return error == NULL || *error == NULL;
}

#define CHILD "(SELECT name FROM child c WHERE c.referral_id = r.id ORDER BY position LIMIT 1)"

static JsonArray *
timescales_list (DgDb     *db,
                 gboolean  overdue_only,
                 guint     limit,
                 GError  **error)
{
  g_autoptr(GArray) items = g_array_new (FALSE, TRUE, sizeof (Item));
  g_autoptr(DgCalendar) calendar = dg_calendar_load (db, error);
  g_autoptr(GDateTime) now = dg_db_now (db);
  g_autoptr(JsonArray) result = json_array_new ();
  sqlite3_stmt *stmt;
  gboolean has_row = FALSE;
  g_autoptr(GArray) protected = g_array_new (FALSE, FALSE, sizeof (gint64));

  if (calendar == NULL)
    return NULL;
  g_array_set_clear_func (items, item_clear);

  /* Each list walks an index that holds only what is still open. */
  if (!collect (db, calendar, now, "acknowledgement",
                "SELECT r.id, r.reference, " CHILD ", r.received_at FROM referral r "
                "INDEXED BY referral_owed_acknowledgement WHERE r.acknowledged_at IS NULL",
                overdue_only, items, error) ||
      !collect (db, calendar, now, "decision",
                "SELECT r.id, r.reference, " CHILD ", r.received_at FROM referral r "
                "WHERE r.status IN ('new', 'acknowledged') AND NOT EXISTS (SELECT 1 FROM decision d WHERE d.referral_id = r.id)",
                overdue_only, items, error) ||
      !collect (db, calendar, now, "confirmation",
                "SELECT r.id, r.reference, " CHILD ", r.received_at FROM referral r "
                "WHERE r.status IN ('new', 'acknowledged') AND r.channel = 'phone' AND r.confirmed_at IS NULL "
                "AND NOT EXISTS (SELECT 1 FROM reporter p WHERE p.id = r.reporter_id AND p.agency = 'public')",
                overdue_only, items, error) ||
      !collect (db, calendar, now, "outcome",
                "SELECT r.id, r.reference, " CHILD ", d.decided_at FROM referral r "
                "INDEXED BY referral_owed_outcome JOIN decision d ON d.referral_id = r.id "
                "WHERE r.outcome_sent_at IS NULL AND r.status = 'decided'",
                overdue_only, items, error))
    return NULL;

  /* Child-protection clocks: few referrals, each read whole. */
  stmt = dg_db_prepare (db,
                        "SELECT DISTINCT m.referral_id FROM meeting m JOIN meeting_outcome o ON o.meeting_id = m.id "
                        "WHERE o.determination = 'substantiated-at-risk' "
                        "UNION SELECT DISTINCT referral_id FROM cp_event",
                        error);
  if (stmt == NULL)
    return NULL;
  while (dg_db_step (db, stmt, &has_row, error) && has_row)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (protected, id);
    }
  sqlite3_reset (stmt);
  for (guint i = 0; i < protected->len; i++)
    {
      const char *clocks[] = { "icpc", "first-core-group", "core-group", "first-review", "review", "s47" };
      g_autoptr(JsonNode) shown = dg_referral_show_brief (db, g_array_index (protected, gint64, i), error);
      JsonObject *r, *due;

      if (shown == NULL)
        return NULL;
      r = json_node_get_object (shown);
      due = json_object_get_object_member (r, "due");
      for (guint c = 0; c < G_N_ELEMENTS (clocks); c++)
        {
          JsonObject *clock;
          Item item = { 0 };

          if (!json_object_has_member (due, clocks[c]))
            continue;
          clock = json_object_get_object_member (due, clocks[c]);
          if (!json_node_is_null (json_object_get_member (clock, "done_at")))
            continue;
          if (overdue_only && g_strcmp0 (json_object_get_string_member (clock, "state"), "overdue") != 0)
            continue;
          item.referral = json_object_get_int_member (r, "id");
          item.reference = g_strdup (json_object_get_string_member (r, "reference"));
          item.child = g_strdup (json_object_get_string_member (json_array_get_object_element (json_object_get_array_member (r, "children"), 0), "name"));
          item.clock = g_strdup (clocks[c]);
          item.due = g_strdup (json_object_get_string_member (clock, "due"));
          item.state = g_strdup (json_object_get_string_member (clock, "state"));
          g_array_append_val (items, item);
        }
    }

  g_array_sort (items, compare_items);
  for (guint i = 0; i < items->len && (limit == 0 || i < limit); i++)
    {
      Item *item = &g_array_index (items, Item, i);
      JsonObject *o = json_object_new ();

      json_object_set_int_member (o, "referral", item->referral);
      json_object_set_string_member (o, "reference", item->reference);
      if (item->child != NULL)
        json_object_set_string_member (o, "child", item->child);
      else
        json_object_set_null_member (o, "child");
      json_object_set_string_member (o, "clock", item->clock);
      json_object_set_string_member (o, "due", item->due);
      json_object_set_string_member (o, "state", item->state);
      json_array_add_object_element (result, o);
    }

  return g_steal_pointer (&result);
}

JsonArray *
dg_timescales_list (DgDb     *db,
                    gboolean  overdue_only,
                    guint     limit,
                    GError  **error)
{
  JsonArray *list;
  gboolean started;

  if (!dg_db_begin_read (db, &started, error))
    return NULL;
  list = timescales_list (db, overdue_only, limit, error);
  dg_db_end_read (db, started);
  return list;
}
