#include "config.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>

#include "dg-meetings-private.h"
#include "dg-time.h"
#include "dg-vocab.h"

/* Dated child-protection events on a referral: each starts the next clock. */

gboolean
dg_referral_add_event (DgDb        *db,
                       gint64       referral_id,
                       const char  *kind,
                       const char  *at,
                       const char  *notes,
                       GError     **error)
{
  g_autofree char *when = NULL;
  g_autofree char *now = dg_db_now_string (db);
  DgStmt *stmt;

  if (!dg_vocab_check (DG_VOCAB_EVENT, "kind", kind, error) ||
      !dg_meeting_check_length ("notes", notes, DG_MEETING_MAX_TEXT, error))
    return FALSE;
  when = dg_meeting_event_time (db, "at", at, FALSE, error);
  if (when == NULL)
    return FALSE;

  if (!dg_db_begin (db, error))
    return FALSE;
  /* A plan ends only after the conference that made it. */
  if (g_str_equal (kind, "plan-end"))
    {
      gboolean has_row = FALSE;

      stmt = dg_db_prepare (db, "SELECT 1 FROM cp_event WHERE referral_id = ?1 AND kind = 'icpc' AND held_at <= ?2", error);
      if (stmt == NULL)
        goto fail;
      dg_stmt_bind_int64 (stmt, 1, referral_id);
      dg_stmt_bind_text (stmt, 2, when);
      if (!dg_db_step (db, stmt, &has_row, error))
        goto fail;
      dg_stmt_reset (stmt);
      if (!has_row)
        {
          dg_error_set_field (error, DG_ERROR_INVALID, "kind", NULL,
                       _("A child protection plan can only end after an initial child protection conference"));
          goto fail;
        }
    }
  stmt = dg_db_prepare (db,
                        "INSERT INTO cp_event (referral_id, kind, held_at, notes, recorded_by, recorded_at) "
                        "SELECT id, ?2, ?3, ?4, ?5, ?6 FROM referral WHERE id = ?1",
                        error);
  if (stmt == NULL)
    goto fail;
  dg_stmt_bind_int64 (stmt, 1, referral_id);
  dg_stmt_bind_text (stmt, 2, kind);
  dg_stmt_bind_text (stmt, 3, when);
  if (notes != NULL)
    dg_stmt_bind_text (stmt, 4, notes);
  dg_stmt_bind_text (stmt, 5, dg_db_get_actor (db));
  dg_stmt_bind_text (stmt, 6, now);
  if (!dg_db_step_done (db, stmt, error))
    goto fail;
  if (dg_db_changes (db) == 0)
    {
      g_set_error (error, DG_ERROR, DG_ERROR_NOT_FOUND, _("No referral “%" PRId64 "”"), referral_id);
      goto fail;
    }
  {
    g_autofree char *detail = g_strdup_printf ("{\"kind\":\"%s\",\"at\":\"%s\"}", kind, when);
    if (!dg_db_audit (db, "referral", referral_id, "event", detail, error) ||
        !dg_db_commit (db, error))
      goto fail;
  }
  return TRUE;

fail:
  dg_db_rollback (db);
  return FALSE;
}
