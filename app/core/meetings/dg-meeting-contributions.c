#include "config.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>

#include "dg-meetings-private.h"
#include "dg-vocab.h"

/* What each agency brought to a meeting (its report, and whether whoever
 * came could make decisions for it), and the circulation of the meeting's
 * record: each change in one write transaction with its audit row. */

gboolean
dg_meeting_contribution (DgDb        *db,
                         gint64       id,
                         const char  *agency,
                         int          report,
                         const char  *received_at,
                         int          decision_maker,
                         GError     **error)
{
  g_autofree char *when = NULL;
  g_auto(DgDbWrite) write = { 0 };
  DgStmt *stmt;

  if (agency == NULL)
    {
      dg_error_set_field (error, DG_ERROR_INVALID, "agency", NULL, _("Required"));
      return FALSE;
    }
  if (!dg_vocab_check (DG_VOCAB_MEETING_AGENCY, "agency", agency, error))
    return FALSE;
  if (report < 0 && decision_maker < 0)
    {
      dg_error_set_field (error, DG_ERROR_INVALID, "report", NULL,
                          _("Nothing to record: give whether the report was received or whether a decision-maker came"));
      return FALSE;
    }
  if (received_at != NULL && report != 1)
    {
      dg_error_set_field (error, DG_ERROR_INVALID, "received-at", received_at,
                          _("A time of receipt needs the report received"));
      return FALSE;
    }
  if (report == 1 && (when = dg_meeting_event_time (db, "received-at", received_at, FALSE, error)) == NULL)
    return FALSE;
  if (!dg_meeting_exists (db, id, NULL, error) || !dg_db_write (db, &write, error))
    return FALSE;

  stmt = dg_db_query (db, "SELECT 1 FROM invitee WHERE meeting_id = ?1 AND agency = ?2 LIMIT 1",
                      error, DG_INT (id), DG_TEXT (agency));
  if (stmt == NULL ||
      !dg_db_step_row (db, stmt, error, DG_ERROR_INVALID, "agency",
                       _("%s was not invited to this meeting; invite it first"), agency))
    return FALSE;
  dg_stmt_reset (stmt);

  /* -1 leaves a field as it is; a report not received has no time. */
  return dg_db_run (db,
                    "UPDATE invitee SET "
                    "  report_received = CASE WHEN ?3 < 0 THEN report_received ELSE ?3 END, "
                    "  report_received_at = CASE WHEN ?3 < 0 THEN report_received_at ELSE ?4 END, "
                    "  decision_maker = CASE WHEN ?5 < 0 THEN decision_maker ELSE ?5 END "
                    "WHERE meeting_id = ?1 AND agency = ?2",
                    error, DG_INT (id), DG_TEXT (agency), DG_INT (report), DG_TEXT (when), DG_INT (decision_maker)) &&
         dg_db_audit_printf (db, "meeting", id, "contribution", error,
                             "{\"agency\":\"%s\",\"report\":%s,\"received_at\":%s%s%s,\"decision_maker\":%s}",
                             agency, report < 0 ? "null" : report ? "true" : "false",
                             when ? "\"" : "", when ? when : "null", when ? "\"" : "",
                             decision_maker < 0 ? "null" : decision_maker ? "true" : "false") &&
         dg_db_commit (db, error);
}

gboolean
dg_meeting_minutes (DgDb        *db,
                    gint64       id,
                    const char  *sent,
                    GError     **error)
{
  g_autofree char *when = NULL, *held = NULL;
  g_auto(DgDbWrite) write = { 0 };
  gint64 referral_id = 0;
  DgStmt *stmt;

  if ((when = dg_meeting_event_time (db, "sent", sent, FALSE, error)) == NULL ||
      !dg_db_write (db, &write, error))
    return FALSE;
  stmt = dg_db_query (db, "SELECT referral_id, held_at FROM meeting WHERE id = ?1", error, DG_INT (id));
  if (stmt == NULL ||
      !dg_db_step_row (db, stmt, error, DG_ERROR_NOT_FOUND, "MID", _("No meeting “%" PRId64 "”"), id))
    return FALSE;
  referral_id = dg_stmt_column_int64 (stmt, 0);
  held = g_strdup (dg_stmt_column_text (stmt, 1));
  dg_stmt_reset (stmt);
  /* By day: the record goes out after the meeting, never before it. */
  if (strncmp (when, held, 10) < 0)
    {
      dg_error_set_field (error, DG_ERROR_INVALID, "sent", sent,
                          _("The record cannot go out before the meeting, held %.10s"), held);
      return FALSE;
    }

  /* The "strategy-record" clock stops here, by trigger. */
  return dg_db_run (db, "UPDATE meeting SET minutes_sent_at = ?2 WHERE id = ?1", error, DG_INT (id), DG_TEXT (when)) &&
         dg_db_audit_printf (db, "meeting", id, "minutes", error, "{\"sent\":\"%s\"}", when) &&
         dg_db_audit (db, "referral", referral_id, "meeting-minutes", NULL, error) &&
         dg_db_commit (db, error);
}
