/* A late clock's agreed exception: the reason a timescale was knowingly
 * missed and the senior manager who agreed it (dg-clock-exception.h). */

#include "config.h"

#include <inttypes.h>
#include <glib/gi18n-lib.h>

#include "dg-clock-exception.h"
#include "dg-clocks.h"
#include "dg-time.h"
#include "dg-vocab.h"

#define MAX_REASON 2000
#define MAX_NAME 200

static gboolean
check_text (const char  *field,
            const char  *text,
            gsize        max,
            const char  *missing,
            GError     **error)
{
  if (*text == '\0')
    {
      dg_error_set_field (error, DG_ERROR_INVALID, field, NULL, "%s", missing);
      return FALSE;
    }
  if (g_utf8_strlen (text, -1) > (glong) max)
    {
      dg_error_set_field (error, DG_ERROR_INVALID, field, NULL, _("At most %u characters"), (guint) max);
      return FALSE;
    }
  return TRUE;
}

gboolean
dg_clock_exception_set (DgDb        *db,
                        gint64       referral_id,
                        const char  *clock,
                        const char  *reason,
                        const char  *approved_by,
                        GError     **error)
{
  g_autofree char *why = g_strstrip (g_strdup (reason ? reason : ""));
  g_autofree char *who = g_strstrip (g_strdup (approved_by ? approved_by : ""));
  g_autofree char *at = dg_db_now_string (db);
  g_autofree char *detail = NULL;
  g_autoptr(GDateTime) now = dg_db_now (db);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_auto(DgDbWrite) write = { 0 };
  const char *state;
  gboolean has_row = FALSE;
  DgStmt *stmt;
  GDate due;

  if (clock == NULL)
    {
      dg_error_set_field (error, DG_ERROR_INVALID, "clock", NULL, _("Required"));
      return FALSE;
    }
  if (!dg_vocab_check (DG_VOCAB_CLOCK, "clock", clock, error) ||
      !check_text ("reason", why, MAX_REASON, _("Say why the timescale was not met"), error) ||
      !check_text ("approved_by", who, MAX_NAME, _("Name the senior manager who agreed it"), error))
    return FALSE;

  if (!dg_db_write (db, &write, error))
    return FALSE;
  stmt = dg_db_query (db, "SELECT 1 FROM referral WHERE id = ?1", error, DG_INT (referral_id));
  if (stmt == NULL ||
      !dg_db_step_row (db, stmt, error, DG_ERROR_NOT_FOUND, "ID", _("No referral “%" PRId64 "”"), referral_id))
    return FALSE;
  dg_stmt_reset (stmt);

  stmt = dg_db_query (db, "SELECT due, done_at FROM clock WHERE referral_id = ?1 AND clock = ?2",
                      error, DG_INT (referral_id), DG_TEXT (clock));
  if (stmt == NULL || !dg_db_step (db, stmt, &has_row, error))
    return FALSE;
  if (!has_row)
    {
      dg_stmt_reset (stmt);
      dg_error_set_field (error, DG_ERROR_INVALID, "clock", NULL, _("This referral has no “%s” clock"),
                          dg_vocab_label (DG_VOCAB_CLOCK, clock));
      return FALSE;
    }
  if (!dg_date_parse (dg_stmt_column_text (stmt, 0), "due", &due, error))
    {
      dg_stmt_reset (stmt);
      return FALSE;
    }
  state = dg_clock_state (&due, dg_stmt_column_text (stmt, 1), now);
  dg_stmt_reset (stmt);
  if (!g_str_equal (state, "late") && !g_str_equal (state, "overdue"))
    {
      dg_error_set_field (error, DG_ERROR_INVALID, "clock", NULL,
                          _("Only a late or overdue clock can carry an exception; this one is “%s”"),
                          dg_vocab_label (DG_VOCAB_CLOCK_STATE, state));
      return FALSE;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "clock");
  json_builder_add_string_value (builder, clock);
  json_builder_set_member_name (builder, "state");
  json_builder_add_string_value (builder, state);
  json_builder_set_member_name (builder, "reason");
  json_builder_add_string_value (builder, why);
  json_builder_set_member_name (builder, "approved_by");
  json_builder_add_string_value (builder, who);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  detail = json_to_string (root, FALSE);

  return dg_db_run (db,
                    "INSERT INTO clock_exception (referral_id, clock, reason, approved_by, recorded_by, recorded_at) "
                    "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (referral_id, clock) DO UPDATE SET "
                    "reason = excluded.reason, approved_by = excluded.approved_by, "
                    "recorded_by = excluded.recorded_by, recorded_at = excluded.recorded_at",
                    error, DG_INT (referral_id), DG_TEXT (clock), DG_TEXT (why), DG_TEXT (who),
                    DG_TEXT (dg_db_get_actor (db)), DG_TEXT (at)) &&
         dg_db_audit (db, "referral", referral_id, "clock-exception", detail, error) &&
         dg_db_commit (db, error);
}

JsonObject *
dg_clock_exceptions (DgDb     *db,
                     gint64    referral_id,
                     GError  **error)
{
  g_autoptr(JsonObject) result = json_object_new ();
  gboolean has_row = FALSE;
  DgStmt *stmt;

  stmt = dg_db_query (db,
                      "SELECT clock, reason, approved_by, recorded_by, recorded_at FROM clock_exception "
                      "WHERE referral_id = ?1 ORDER BY clock",
                      error, DG_INT (referral_id));
  if (stmt == NULL)
    return NULL;
  while (dg_db_step (db, stmt, &has_row, error) && has_row)
    {
      JsonObject *o = json_object_new ();

      dg_stmt_set_members (stmt, 1, (const char *[]) { "reason", "approved_by", "recorded_by", "recorded_at", NULL }, o);
      json_object_set_object_member (result, dg_stmt_column_text (stmt, 0), o);
    }
  dg_stmt_reset (stmt);
  if (error != NULL && *error != NULL)
    return NULL;
  return g_steal_pointer (&result);
}
