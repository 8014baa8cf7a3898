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
  g_auto(DgDbWrite) write = { 0 };

  if (!dg_vocab_check (DG_VOCAB_EVENT, "kind", kind, error) ||
      !dg_meeting_check_length ("notes", notes, DG_MEETING_MAX_TEXT, error))
    return FALSE;
  when = dg_meeting_event_time (db, "at", at, FALSE, error);
  if (when == NULL)
    return FALSE;

  if (!dg_db_write (db, &write, error))
    return FALSE;
  /* A plan ends (and its outline goes out) only after the conference that made it. */
  if (g_str_equal (kind, "plan-end") || g_str_equal (kind, "plan-circulated"))
    {
      DgStmt *stmt = dg_db_query (db, "SELECT 1 FROM cp_event WHERE referral_id = ?1 AND kind = 'icpc' AND held_at <= ?2",
                                  error, DG_INT (referral_id), DG_TEXT (when));

      if (stmt == NULL ||
          !dg_db_step_row (db, stmt, error, DG_ERROR_INVALID, "kind",
                           g_str_equal (kind, "plan-end")
                           ? _("A child protection plan can only end after an initial child protection conference")
                           : _("An outline plan can only be circulated after an initial child protection conference")))
        return FALSE;
      dg_stmt_reset (stmt);
    }
  if (!dg_db_run (db,
                  "INSERT INTO cp_event (referral_id, kind, held_at, notes, recorded_by, recorded_at) "
                  "SELECT id, ?2, ?3, ?4, ?5, ?6 FROM referral WHERE id = ?1",
                  error, DG_INT (referral_id), DG_TEXT (kind), DG_TEXT (when), DG_TEXT (notes),
                  DG_TEXT (dg_db_get_actor (db)), DG_TEXT (now)))
    return FALSE;
  if (dg_db_changes (db) == 0)
    {
      g_set_error (error, DG_ERROR, DG_ERROR_NOT_FOUND, _("No referral “%" PRId64 "”"), referral_id);
      return FALSE;
    }
  return dg_db_audit_printf (db, "referral", referral_id, "event", error, "{\"kind\":\"%s\",\"at\":\"%s\"}", kind, when) &&
         dg_db_commit (db, error);
}
