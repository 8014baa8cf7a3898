#include "config.h"

#include <glib/gi18n-lib.h>

#include "dg-calendar-days.h"
#include "dg-json.h"
#include "dg-time.h"
#include "dg-workdays.h"

#define DAYS_EXIST "dg-calendar-days"

gboolean
dg_calendar_days_exist (DgDb *db)
{
  sqlite3 *handle;

  if (g_object_get_data (G_OBJECT (db), DAYS_EXIST) != NULL)
    return TRUE;
  /* A server is upgraded whole before its clocks are computed. */
  handle = dg_db_is_postgres (db) ? NULL : dg_db_get_handle (db);
  if (handle != NULL &&
      sqlite3_table_column_metadata (handle, NULL, "calendar_day", NULL, NULL, NULL, NULL, NULL, NULL) != SQLITE_OK)
    return FALSE;
  g_object_set_data (G_OBJECT (db), DAYS_EXIST, GINT_TO_POINTER (TRUE));
  return TRUE;
}

gboolean
dg_working_day_add (DgDb        *db,
                    const char  *day,
                    const char  *reason,
                    GError     **error)
{
  g_auto(DgDbWrite) write = { 0 };
  g_autoptr(JsonObject) detail = json_object_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *stored = NULL, *now = NULL, *text = NULL;
  g_autofree char *trimmed = g_strstrip (g_strdup (reason != NULL ? reason : ""));
  GDate date;

  if (!dg_date_parse (day, "DATE", &date, error))
    return FALSE;
  if (dg_date_is_weekend (&date))
    {
      dg_error_set_field (error, DG_ERROR_INVALID, "DATE", day,
                          _("A Saturday or a Sunday is never a working day"));
      return FALSE;
    }
  if (*trimmed == '\0')
    {
      dg_error_set_field (error, DG_ERROR_INVALID, "reason", NULL,
                          _("Say why this day is worked (the published notice, the hub’s decision)"));
      return FALSE;
    }
  if (g_utf8_strlen (reason, -1) > 500)
    {
      dg_error_set_field (error, DG_ERROR_INVALID, "reason", NULL, _("Longer than 500 characters"));
      return FALSE;
    }
  stored = dg_date_to_string (&date);
  now = dg_db_now_string (db);
  json_object_set_string_member (detail, "day", stored);
  json_object_set_string_member (detail, "reason", reason);
  node = json_node_init_object (json_node_alloc (), detail);
  text = json_to_string (node, FALSE);

  return dg_db_write (db, &write, error) &&
         dg_db_run (db,
                    "INSERT INTO calendar_day (day, kind, name, source, created_by, created_at) "
                    "VALUES (?1, 'working', ?2, 'hub', ?3, ?4) "
                    "ON CONFLICT (day) DO UPDATE SET kind = excluded.kind, name = excluded.name, "
                    "  source = excluded.source, created_by = excluded.created_by, created_at = excluded.created_at",
                    error, DG_TEXT (stored), DG_TEXT (reason), DG_TEXT (dg_db_get_actor (db)), DG_TEXT (now)) &&
         dg_db_audit (db, "calendar", g_date_get_julian (&date), "working-day", text, error) &&
         dg_db_commit (db, error);
}

JsonArray *
dg_calendar_days_list (DgDb    *db,
                       GError **error)
{
  DgStmt *stmt = dg_db_prepare (db,
                                "SELECT day, kind, name, source, created_by, created_at FROM calendar_day ORDER BY day",
                                error);

  if (stmt == NULL)
    return NULL;
  return dg_db_rows (db, stmt, (const char *[]) { "day", "kind", "name", "source", "by", "at", NULL }, error);
}

/* ---- GOV.UK's file ------------------------------------------------------ */

#define DIVISION "england-and-wales"

typedef struct
{
  GDate       date;
  const char *title;
} Event;

/* The england-and-wales events of @root, checked, into @events; the years
 * they cover into @from and @to. */
static gboolean
read_events (JsonNode  *root,
             GArray    *events,
             int       *from,
             int       *to,
             GError   **error)
{
  JsonObject *division;
  JsonArray *list;
  JsonNode *node;

  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      dg_error_set_field (error, DG_ERROR_INVALID, "FILE", NULL,
                          _("Not GOV.UK’s bank-holidays file: it should be an object with “england-and-wales” in it"));
      return FALSE;
    }
  node = json_object_get_member (json_node_get_object (root), DIVISION);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      dg_error_set_field (error, DG_ERROR_INVALID, DIVISION, NULL,
                          node == NULL ? _("Missing: this is not GOV.UK’s bank-holidays file for England and Wales")
                                       : _("Should be an object with “division” and “events”"));
      return FALSE;
    }
  division = json_node_get_object (node);
  node = json_object_get_member (division, "events");
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node) || json_array_get_length (json_node_get_array (node)) == 0)
    {
      dg_error_set_field (error, DG_ERROR_INVALID, DIVISION ".events", NULL,
                          node == NULL ? _("Missing: the file lists no bank holidays")
                                       : _("Should be a list of bank holidays, and not an empty one"));
      return FALSE;
    }
  list = json_node_get_array (node);
  *from = G_MAXINT;
  *to = G_MININT;
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonNode *element = json_array_get_element (list, i);
      JsonObject *o = JSON_NODE_HOLDS_OBJECT (element) ? json_node_get_object (element) : NULL;
      g_autofree char *field = g_strdup_printf (DIVISION ".events[%u]", i);
      g_autofree char *date_field = g_strconcat (field, ".date", NULL);
      g_autofree char *title_field = g_strconcat (field, ".title", NULL);
      const char *date = dg_json_text (o, "date");
      Event event = { 0 };

      if (o == NULL)
        {
          dg_error_set_field (error, DG_ERROR_INVALID, field, NULL, _("Should be an object with “title” and “date”"));
          return FALSE;
        }
      if (date == NULL)
        {
          dg_error_set_field (error, DG_ERROR_INVALID, date_field, NULL, _("Missing: each bank holiday needs its date"));
          return FALSE;
        }
      if (!dg_date_parse (date, date_field, &event.date, error))
        return FALSE;
      event.title = dg_json_text (o, "title");
      if (event.title == NULL || *event.title == '\0')
        {
          dg_error_set_field (error, DG_ERROR_INVALID, title_field, NULL, _("Missing: each bank holiday needs its title"));
          return FALSE;
        }
      *from = MIN (*from, g_date_get_year (&event.date));
      *to = MAX (*to, g_date_get_year (&event.date));
      g_array_append_val (events, event);
    }
  return TRUE;
}

static gboolean
listed (GArray      *events,
        const GDate *date)
{
  for (guint i = 0; i < events->len; i++)
    if (g_date_compare (&g_array_index (events, Event, i).date, date) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
record_day (DgDb        *db,
            const GDate *date,
            const char  *kind,
            const char  *name,
            const char  *now,
            JsonArray   *recorded,
            GError     **error)
{
  g_autofree char *day = dg_date_to_string (date);
  gint64 added = 0;
  DgStmt *stmt;

  /* A working day after all, recorded by the hub, stays. */
  stmt = dg_db_query (db,
                      "INSERT INTO calendar_day (day, kind, name, source, created_by, created_at) "
                      "VALUES (?1, ?2, ?3, 'govuk', ?4, ?5) ON CONFLICT (day) DO NOTHING RETURNING 1",
                      error, DG_TEXT (day), DG_TEXT (kind), DG_TEXT (name), DG_TEXT (dg_db_get_actor (db)),
                      DG_TEXT (now));
  if (stmt == NULL || !dg_db_step_int64 (db, stmt, &added, error))
    return FALSE;
  if (added != 0)
    json_array_add_string_element (recorded, day);
  return TRUE;
}

/* What the file says that the rules and the table do not, for its years. */
static gboolean
record_differences (DgDb       *db,
                    GArray     *events,
                    int         from,
                    int         to,
                    JsonArray  *holidays,
                    JsonArray  *working,
                    GError    **error)
{
  g_autofree char *now = dg_db_now_string (db);

  for (guint i = 0; i < events->len; i++)
    {
      Event *event = &g_array_index (events, Event, i);

      if (!dg_date_is_weekend (&event->date) && !dg_is_bank_holiday (&event->date) &&
          !record_day (db, &event->date, "holiday", event->title, now, holidays, error))
        return FALSE;
    }
  for (int year = from; year <= to; year++)
    {
      DgHoliday days[DG_BANK_HOLIDAYS_MAX];
      guint n = dg_bank_holidays_named (year, days);

      for (guint i = 0; i < n; i++)
        if (!listed (events, &days[i].date) &&
            !record_day (db, &days[i].date, "working", _("Not in GOV.UK’s list"), now, working, error))
          return FALSE;
    }
  return TRUE;
}

JsonObject *
dg_calendar_import_govuk (DgDb        *db,
                          const char  *text,
                          gsize        length,
                          GError     **error)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GArray) events = g_array_new (FALSE, TRUE, sizeof (Event));
  g_autoptr(JsonObject) result = json_object_new ();
  g_autoptr(JsonArray) holidays = json_array_new ();
  g_autoptr(JsonArray) working = json_array_new ();
  g_auto(DgDbWrite) write = { 0 };
  g_autofree char *first = NULL, *last = NULL;
  GError *local_error = NULL;
  int from = 0, to = 0;

  root = dg_json_parse_document (text, length, &local_error);
  if (root == NULL)
    {
      dg_error_set_field (error, DG_ERROR_INVALID, "FILE", NULL, _("Not JSON: %s"), local_error->message);
      g_clear_error (&local_error);
      return NULL;
    }
  if (!read_events (root, events, &from, &to, error))
    return NULL;

  first = g_strdup_printf ("%04d-01-01", from);
  last = g_strdup_printf ("%04d-12-31", to);
  if (!dg_db_write (db, &write, error) ||
      !dg_db_run (db, "DELETE FROM calendar_day WHERE source = 'govuk' AND day >= ?1 AND day <= ?2",
                  error, DG_TEXT (first), DG_TEXT (last)) ||
      !record_differences (db, events, from, to, holidays, working, error) ||
      !dg_db_audit_printf (db, "calendar", 0, "import-govuk", error,
                           "{\"from\":%d,\"to\":%d,\"events\":%u,\"holidays\":%u,\"working\":%u}",
                           from, to, events->len, json_array_get_length (holidays),
                           json_array_get_length (working)) ||
      !dg_db_commit (db, error))
    return NULL;

  json_object_set_int_member (result, "from", from);
  json_object_set_int_member (result, "to", to);
  json_object_set_int_member (result, "events", events->len);
  json_object_set_array_member (result, "holidays", g_steal_pointer (&holidays));
  json_object_set_array_member (result, "working", g_steal_pointer (&working));
  return g_steal_pointer (&result);
}

JsonObject *
dg_calendar_import_govuk_file (DgDb        *db,
                               const char  *path,
                               GError     **error)
{
  g_autofree char *contents = NULL;
  gsize length = 0;
  GError *local_error = NULL;

  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      dg_error_set_field (error, DG_ERROR_IO, "FILE", path, "%s", local_error->message);
      g_clear_error (&local_error);
      return NULL;
    }
  return dg_calendar_import_govuk (db, contents, length, error);
}

/* ---- A year's days off -------------------------------------------------- */

typedef struct
{
  const char *kind;       /* closure, holiday, working */
  char       *name;
  char       *source;
} Stored;

static void
stored_free (gpointer data)
{
  Stored *stored = data;

  g_free (stored->name);
  g_free (stored->source);
  g_free (stored);
}

/* The closure days and recorded days of @year by julian day. */
static GHashTable *
stored_days (DgDb     *db,
             int       year,
             GError  **error)
{
  g_autoptr(GHashTable) days = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, stored_free);
  g_autofree char *first = g_strdup_printf ("%04d-01-01", year);
  g_autofree char *last = g_strdup_printf ("%04d-12-31", year);
  GError *local_error = NULL;
  gboolean has_row = FALSE;
  DgStmt *stmt;

  stmt = dg_db_query (db,
                      "SELECT day, kind, name, source FROM calendar_day WHERE day >= ?1 AND day <= ?2 "
                      "UNION ALL SELECT day, 'closure', reason, 'closure' FROM closure_day WHERE day >= ?1 AND day <= ?2",
                      error, DG_TEXT (first), DG_TEXT (last));
  if (stmt == NULL)
    return NULL;
  while (dg_db_step (db, stmt, &has_row, &local_error) && has_row)
    {
      Stored *stored = g_new0 (Stored, 1);
      const char *kind = dg_stmt_column_text (stmt, 1);
      GDate date;

      if (!dg_date_parse (dg_stmt_column_text (stmt, 0), "day", &date, NULL))
        {
          g_free (stored);
          continue;
        }
      stored->kind = g_str_equal (kind, "closure") ? "closure" : g_str_equal (kind, "working") ? "working" : "holiday";
      stored->name = g_strdup (dg_stmt_column_text (stmt, 2));
      stored->source = g_strdup (dg_stmt_column_text (stmt, 3));
      /* A closure day comes first, as in the calendar. */
      if (g_str_equal (stored->kind, "closure") ||
          !g_hash_table_contains (days, GUINT_TO_POINTER (g_date_get_julian (&date))))
        g_hash_table_insert (days, GUINT_TO_POINTER (g_date_get_julian (&date)), stored);
      else
        stored_free (stored);
    }
  dg_stmt_reset (stmt);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }
  return g_steal_pointer (&days);
}

static void
add_row (JsonArray   *rows,
         const GDate *date,
         const char  *name,
         const char  *source,
         gboolean     working,
         const GDate *replaces,
         const char  *reason)
{
  JsonObject *row = json_object_new ();
  g_autofree char *day = dg_date_to_string (date);

  json_object_set_string_member (row, "date", day);
  if (name != NULL)
    json_object_set_string_member (row, "name", name);
  else
    json_object_set_null_member (row, "name");
  json_object_set_string_member (row, "source", source);
  json_object_set_boolean_member (row, "working", working);
  if (replaces != NULL && g_date_valid (replaces))
    {
      g_autofree char *moved = dg_date_to_string (replaces);
      json_object_set_string_member (row, "replaces", moved);
    }
  else
    json_object_set_null_member (row, "replaces");
  if (reason != NULL)
    json_object_set_string_member (row, "reason", reason);
  else
    json_object_set_null_member (row, "reason");
  json_array_add_object_element (rows, row);
}

JsonArray *
dg_calendar_holidays (DgDb     *db,
                      int       year,
                      GError  **error)
{
  g_autoptr(GHashTable) stored = NULL;
  g_autoptr(JsonArray) rows = json_array_new ();
  DgHoliday base[DG_BANK_HOLIDAYS_MAX];
  guint n, next = 0;
  GDate day;

  if (year < 1900 || year > 9999)
    {
      g_autofree char *value = g_strdup_printf ("%d", year);
      dg_error_set_field (error, DG_ERROR_INVALID, "YEAR", value, _("Not a year from 1900 to 9999"));
      return NULL;
    }
  stored = stored_days (db, year, error);
  if (stored == NULL)
    return NULL;
  n = dg_bank_holidays_named (year, base);

  g_date_clear (&day, 1);
  for (g_date_set_dmy (&day, 1, G_DATE_JANUARY, year); g_date_get_year (&day) == year; g_date_add_days (&day, 1))
    {
      Stored *s = g_hash_table_lookup (stored, GUINT_TO_POINTER (g_date_get_julian (&day)));
      DgHoliday *holiday = NULL;

      while (next < n && g_date_compare (&base[next].date, &day) < 0)
        next++;
      if (next < n && g_date_compare (&base[next].date, &day) == 0)
        holiday = &base[next];
      if (dg_date_is_weekend (&day))
        continue;

      if (s != NULL && g_str_equal (s->kind, "closure"))
        add_row (rows, &day, s->name != NULL ? s->name : _("Closure day"), "closure", FALSE, NULL, s->name);
      else if (s != NULL && g_str_equal (s->kind, "working"))
        add_row (rows, &day, holiday ? holiday->name : NULL, s->source, TRUE, NULL, s->name);
      else if (s != NULL)
        add_row (rows, &day, s->name, "govuk", FALSE, NULL, NULL);
      else if (holiday != NULL)
        add_row (rows, &day, holiday->name, holiday->source == DG_HOLIDAY_TABLE ? "table" : "rule", FALSE,
                 &holiday->replaces, NULL);
    }
  return g_steal_pointer (&rows);
}
