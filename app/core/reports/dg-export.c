#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "dg-export.h"
#include "dg-meeting-figures.h"
#include "dg-file.h"
#include "dg-text.h"

static const struct {
  const char *what;
  const char *header;
  const char *sql;
} exports[] = {
  { "referrals",
    "reference,received_at,channel,status,rag,child,children,reporter,organisation,agency,language,acknowledged_at,decided_at,outcome,outcome_sent_at",
    "SELECT r.reference, r.received_at, r.channel, r.status, r.rag, "
    "  (SELECT name FROM child c WHERE c.referral_id = r.id ORDER BY position LIMIT 1), "
    "  (SELECT count(*) FROM child c WHERE c.referral_id = r.id), "
    "  p.name, p.organisation, p.agency, p.language, r.acknowledged_at, d.decided_at, d.outcome, r.outcome_sent_at "
    "FROM referral r LEFT JOIN reporter p ON p.id = r.reporter_id LEFT JOIN decision d ON d.referral_id = r.id "
    "ORDER BY r.received_at, r.id" },
  { "meetings",
    "id,reference,kind,held_at,chair,invited,attended,excused,determination,s47,reports,decision_makers,minutes_sent_at",
    "SELECT m.id, r.reference, m.kind, m.held_at, m.chair, "
    "  (SELECT %1$s (agency, ' ') FROM invitee i WHERE i.meeting_id = m.id), "
    "  (SELECT %1$s (agency, ' ') FROM invitee i WHERE i.meeting_id = m.id AND i.status = 'attended'), "
    "  (SELECT %1$s (agency || ': ' || reason, '; ') FROM meeting_exception e WHERE e.meeting_id = m.id), "
    "  o.determination, o.s47, "
    "  (SELECT %1$s (agency, ' ') FROM invitee i WHERE i.meeting_id = m.id AND i.report_received = 1), "
    "  (SELECT %1$s (agency, ' ') FROM invitee i WHERE i.meeting_id = m.id AND i.status = 'attended' AND i.decision_maker = 1), "
    "  m.minutes_sent_at "
    "FROM meeting m JOIN referral r ON r.id = m.referral_id LEFT JOIN meeting_outcome o ON o.meeting_id = m.id "
    "ORDER BY m.held_at, m.id" },
  { "notifications",
    "reference,kind,language,format,method,recipient,sent_by,sent_at,template,template_version",
    "SELECT r.reference, n.kind, n.language, n.format, n.method, n.recipient, n.sent_by, n.sent_at, "
    "  n.template_name, n.template_version "
    "FROM notification n JOIN referral r ON r.id = n.referral_id ORDER BY n.sent_at, n.id" },
};

gint64
dg_export_csv (DgDb        *db,
               const char  *what,
               const char  *path,
               GError     **error)
{
  return dg_export_csv_period (db, what, NULL, NULL, path, error);
}

gint64
dg_export_csv_period (DgDb        *db,
                      const char  *what,
                      const char  *from,
                      const char  *to,
                      const char  *path,
                      GError     **error)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *sql = NULL;
  DgStmt *stmt = NULL;
  gboolean has_row = FALSE;
  gint64 rows = 0;
  guint e;

  /* Per agency, of the meetings held in the period (every one without it):
   * the "agencies" figures of the performance report. */
  if (g_strcmp0 (what, "agencies") == 0)
    {
      if (!dg_meeting_figures_csv (db, from ? from : "0001-01-01", to ? to : "9999-12-31", out, &rows, error))
        return -1;
      goto write;
    }
  for (e = 0; e < G_N_ELEMENTS (exports); e++)
    if (g_strcmp0 (exports[e].what, what) == 0)
      break;
  if (e == G_N_ELEMENTS (exports))
    {
      dg_error_set_field (error, DG_ERROR_INVALID, "what", NULL, _("“%s” is not one of referrals | meetings | notifications | agencies"), what ? what : "");
      return -1;
    }

  /* Each export's statement is a format: %1$s the engine's aggregate. */
  sql = g_strdup_printf (exports[e].sql, DG_DB_GROUP_CONCAT (db));
  stmt = dg_db_prepare (db, sql, error);
  if (stmt == NULL)
    return -1;
  g_string_append_printf (out, "%s\r\n", exports[e].header);
  while (dg_db_step (db, stmt, &has_row, error) && has_row)
    {
      for (int c = 0; c < dg_stmt_column_count (stmt); c++)
        {
          if (c > 0)
            g_string_append_c (out, ',');
          dg_csv_field (out, dg_stmt_column_text (stmt, c));
        }
      g_string_append (out, "\r\n");
      rows++;
    }
  dg_stmt_reset (stmt);
  if (error != NULL && *error != NULL)
    return -1;

write:
  /* Owner-only, whole or not at all. */
  if (!dg_file_write (path, out->str, out->len, error))
    {
      dg_error_name_field (error, "output");
      return -1;
    }
  return rows;
}
