#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>

#include "dg-referrals-private.h"
#include "dg-vocab.h"

/* What happens to a referral after intake: rating, decision,
 * acknowledgement, confirmation, outcome sent, closing. */

/* ---- State changes ----------------------------------------------------------- */

typedef struct
{
  char *received_at;
  char *channel;
  char *status;
  char *acknowledged_at;
  char *confirmed_at;
  gboolean decided;
} Current;

static void
current_clear (Current *c)
{
  g_free (c->received_at);
  g_free (c->channel);
  g_free (c->status);
  g_free (c->acknowledged_at);
  g_free (c->confirmed_at);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Current, current_clear)

static gboolean
load_current (DgDb        *db,
              gint64       id,
              Current     *c,
              GError     **error)
{
  DgStmt *stmt;

  memset (c, 0, sizeof *c);
  stmt = dg_db_query (db,
                      "SELECT received_at, channel, status, acknowledged_at, confirmed_at, "
                      "  CASE WHEN EXISTS (SELECT 1 FROM decision WHERE referral_id = r.id) THEN 1 ELSE 0 END "
                      "FROM referral r WHERE id = ?1",
                      error, DG_INT (id));
  if (stmt == NULL ||
      !dg_db_step_row (db, stmt, error, DG_ERROR_NOT_FOUND, NULL, _("No referral “%" PRId64 "”"), id))
    return FALSE;
  c->received_at = g_strdup (dg_stmt_column_text (stmt, 0));
  c->channel = g_strdup (dg_stmt_column_text (stmt, 1));
  c->status = g_strdup (dg_stmt_column_text (stmt, 2));
  c->acknowledged_at = g_strdup (dg_stmt_column_text (stmt, 3));
  c->confirmed_at = g_strdup (dg_stmt_column_text (stmt, 4));
  c->decided = dg_stmt_column_int (stmt, 5);
  dg_stmt_reset (stmt);

  return TRUE;
}

/* An event time: given or now, not in the future, not before the report arrived. */
static char *
event_time (DgDb        *db,
            const char  *field,
            const char  *at,
            Current     *c,
            GError     **error)
{
  g_autofree char *time = dg_referral_checked_time (db, field, at, error);

  if (time == NULL)
    return NULL;
  if (strcmp (time, c->received_at) < 0)
    {
      dg_error_set_field (error, DG_ERROR_INVALID, field, at,
                          _("“%s” is before the report was received (%s)"), time, c->received_at);
      return NULL;
    }
  return g_steal_pointer (&time);
}

gboolean
dg_referral_new_version (DgDb        *db,
                         gint64       id,
                         GError     **error)
{
  g_autofree char *now = dg_db_now_string (db);

  return dg_db_run (db, "UPDATE referral SET updated_at = ?2, version = version + 1 WHERE id = ?1",
                    error, DG_INT (id), DG_TEXT (now));
}

gboolean
dg_referral_acknowledge (DgDb        *db,
                         gint64       id,
                         const char  *at,
                         const char  *method,
                         GError     **error)
{
  g_auto(Current) c = { 0 };
  g_auto(DgDbWrite) write = { 0 };
  g_autofree char *time = NULL;

  if (method == NULL)
    method = "email";
  if (!dg_vocab_check (DG_VOCAB_ACK_METHOD, "method", method, error) ||
      !load_current (db, id, &c, error))
    return FALSE;
  if (c.acknowledged_at != NULL)
    {
      dg_error_set_field (error, DG_ERROR_INVALID, "ID", NULL,
                   _("the referral was already acknowledged at %s"), c.acknowledged_at);
      return FALSE;
    }
  time = event_time (db, "at", at, &c, error);

  return time != NULL &&
         dg_db_write (db, &write, error) &&
         dg_db_run (db,
                    "UPDATE referral SET acknowledged_at = ?2, acknowledged_method = ?3, "
                    "  status = CASE status WHEN 'new' THEN 'acknowledged' ELSE status END "
                    "WHERE id = ?1",
                    error, DG_INT (id), DG_TEXT (time), DG_TEXT (method)) &&
         dg_referral_new_version (db, id, error) &&
         dg_db_audit_printf (db, "referral", id, "acknowledge", error, "{\"at\":\"%s\",\"method\":\"%s\"}", time, method) &&
         dg_db_commit (db, error);
}

gboolean
dg_referral_confirm (DgDb        *db,
                     gint64       id,
                     const char  *at,
                     GError     **error)
{
  g_auto(Current) c = { 0 };
  g_auto(DgDbWrite) write = { 0 };
  g_autofree char *time = NULL;

  if (!load_current (db, id, &c, error))
    return FALSE;
  if (c.channel != NULL && !g_str_equal (c.channel, "phone"))
    {
      dg_error_set_field (error, DG_ERROR_INVALID, "ID", NULL,
                   _("written confirmation is for phoned reports; this one came by %s"),
                   dg_vocab_label (DG_VOCAB_CHANNEL, c.channel));
      return FALSE;
    }
  if (c.confirmed_at != NULL)
    {
      dg_error_set_field (error, DG_ERROR_INVALID, "ID", NULL,
                   _("written confirmation was already recorded at %s"), c.confirmed_at);
      return FALSE;
    }
  time = event_time (db, "at", at, &c, error);

  return time != NULL &&
         dg_db_write (db, &write, error) &&
         dg_db_run (db, "UPDATE referral SET confirmed_at = ?2 WHERE id = ?1", error, DG_INT (id), DG_TEXT (time)) &&
         dg_referral_new_version (db, id, error) &&
         dg_db_audit_printf (db, "referral", id, "confirm", error, "{\"at\":\"%s\"}", time) &&
         dg_db_commit (db, error);
}

/* Refuses a second decision, saying whose the first one is: two practitioners
 * deciding the same referral at once learn who was first, not just "no". */
static gboolean
decided_already (DgDb    *db,
                 gint64   id,
                 GError **error)
{
  DgStmt *stmt;
  gboolean has_row = FALSE;

  stmt = dg_db_query (db, "SELECT decided_by, decided_at, outcome FROM decision WHERE referral_id = ?1", error, DG_INT (id));
  if (stmt == NULL || !dg_db_step (db, stmt, &has_row, error))
    return FALSE;
  if (has_row)
    {
      g_autofree char *when = g_strndup (dg_stmt_column_text (stmt, 1), 16);

      g_strdelimit (when, "T", ' ');

      dg_error_set_field (error, DG_ERROR_INVALID, "ID", NULL,
                   _("already decided by %s at %s (%s); a decision is never overwritten"),
                   dg_stmt_column_text (stmt, 0), when, dg_vocab_label (DG_VOCAB_OUTCOME, dg_stmt_column_text (stmt, 2)));
    }
  else
    dg_error_set_field (error, DG_ERROR_INVALID, "ID", NULL,
                 _("the referral has already been decided; a decision is never overwritten"));
  dg_stmt_reset (stmt);
  return FALSE;
}

gboolean
dg_referral_decide (DgDb        *db,
                    gint64       id,
                    const char  *outcome,
                    const char  *rationale,
                    const char  *by,
                    const char  *at,
                    GError     **error)
{
  DgDecisionInput input = { outcome, rationale, NULL, NULL, by, at };

  return dg_referral_decide_with (db, id, &input, error);
}

/* The report-maker's text in @field: trimmed, %NULL when empty. */
static gboolean
letter_text (const char  *text,
             const char  *field,
             char       **out,
             GError     **error)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (text ? text : ""));

  if (g_utf8_strlen (trimmed, -1) > MAX_LONG)
    {
      dg_error_set_field (error, DG_ERROR_INVALID, field, NULL, _("Longer than %d characters"), MAX_LONG);
      return FALSE;
    }
  *out = *trimmed != '\0' ? g_steal_pointer (&trimmed) : NULL;
  return TRUE;
}

gboolean
dg_referral_decide_with (DgDb                   *db,
                         gint64                  id,
                         const DgDecisionInput  *input,
                         GError                **error)
{
  g_auto(Current) c = { 0 };
  g_auto(DgDbWrite) write = { 0 };
  g_autofree char *time = NULL;
  g_autofree char *trimmed = NULL;
  g_autofree char *told = NULL, *told_cy = NULL;
  const char *outcome = input->outcome, *rationale = input->rationale, *by = input->by, *at = input->at;

  if (outcome == NULL)
    {
      dg_error_set_field (error, DG_ERROR_INVALID, "outcome", NULL, _("Required (nfa | iaa | early-help | assessment | strategy)"));
      return FALSE;
    }
  if (!dg_vocab_check (DG_VOCAB_OUTCOME, "outcome", outcome, error))
    return FALSE;

  trimmed = g_strstrip (g_strdup (rationale ? rationale : ""));
  if (*trimmed == '\0')
    {
      dg_error_set_field (error, DG_ERROR_INVALID, "rationale", NULL,
                   _("Every decision needs its reasons written down"));
      return FALSE;
    }
  if (g_utf8_strlen (trimmed, -1) > MAX_LONG)
    {
      dg_error_set_field (error, DG_ERROR_INVALID, "rationale", NULL, _("Longer than %d characters"), MAX_LONG);
      return FALSE;
    }
  if (by != NULL && g_utf8_strlen (by, -1) > MAX_NAME)
    {
      dg_error_set_field (error, DG_ERROR_INVALID, "by", NULL, _("Longer than %d characters"), MAX_NAME);
      return FALSE;
    }
  if (!letter_text (input->report_maker_text, "report_maker_text", &told, error) ||
      !letter_text (input->report_maker_text_cy, "report_maker_text_cy", &told_cy, error))
    return FALSE;

  if (!load_current (db, id, &c, error))
    return FALSE;
  if (c.decided)
    return decided_already (db, id, error);
  time = event_time (db, "at", at, &c, error);
  if (time == NULL)
    return FALSE;
  if (by == NULL || *by == '\0')
    by = dg_db_get_actor (db);

  if (!dg_db_write (db, &write, error))
    return FALSE;
  /* Someone else may have decided it since it was read: the write lock is
   * held now, so this answer stands until the commit. */
  current_clear (&c);
  if (!load_current (db, id, &c, error))
    return FALSE;
  if (c.decided)
    return decided_already (db, id, error);
  return dg_db_run (db,
                    "INSERT INTO decision (referral_id, outcome, rationale, decided_by, decided_at, "
                    "  report_maker_text, report_maker_text_cy) "
                    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                    error, DG_INT (id), DG_TEXT (outcome), DG_TEXT (trimmed), DG_TEXT (by), DG_TEXT (time),
                    DG_TEXT (told), DG_TEXT (told_cy)) &&
         dg_db_run (db, "UPDATE referral SET status = 'decided' WHERE id = ?1 AND status IN ('new', 'acknowledged')",
                    error, DG_INT (id)) &&
         dg_referral_new_version (db, id, error) &&
         dg_db_audit_printf (db, "referral", id, "decide", error, "{\"outcome\":\"%s\",\"at\":\"%s\"}", outcome, time) &&
         dg_db_commit (db, error);
}

gboolean
dg_referral_link (DgDb        *db,
                  gint64       id,
                  gint64       earlier_id,
                  GError     **error)
{
  g_autofree char *now = dg_db_now_string (db);
  DgStmt *stmt;

  if (id == earlier_id)
    {
      dg_error_set_field (error, DG_ERROR_INVALID, "links", NULL, _("A referral cannot be linked to itself"));
      return FALSE;
    }

  stmt = dg_db_query (db, "SELECT 1 FROM referral WHERE id = ?1", error, DG_INT (earlier_id));
  if (stmt == NULL ||
      !dg_db_step_row (db, stmt, error, DG_ERROR_INVALID, "links", _("No earlier referral with id %" PRId64), earlier_id))
    return FALSE;
  dg_stmt_reset (stmt);

  return dg_db_run (db,
                    "INSERT INTO referral_link (referral_id, earlier_id, confirmed_by, confirmed_at) "
                    "VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING",
                    error, DG_INT (id), DG_INT (earlier_id), DG_TEXT (dg_db_get_actor (db)), DG_TEXT (now)) &&
         dg_db_audit_printf (db, "referral", id, "link", error, "{\"earlier\":%" G_GINT64_FORMAT "}", earlier_id);
}

JsonNode *
dg_referral_audit (DgDb        *db,
                   gint64       id,
                   GError     **error)
{
  g_autoptr(JsonArray) rows = NULL;
  DgStmt *stmt;

  stmt = dg_db_query (db,
                      "SELECT at, actor, action, detail FROM audit "
                      "WHERE entity = 'referral' AND entity_id = ?1 AND action <> 'view' ORDER BY id",
                      error, DG_INT (id));
  if (stmt == NULL)
    return NULL;
  rows = dg_db_rows (db, stmt, (const char *[]) { "at", "by", "action", "detail", NULL }, error);
  if (rows == NULL)
    return NULL;
  return json_node_init_array (json_node_alloc (), rows);
}
