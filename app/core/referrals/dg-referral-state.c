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
  gboolean has_row = FALSE;

  memset (c, 0, sizeof *c);
  stmt = dg_db_prepare (db,
                        "SELECT received_at, channel, status, acknowledged_at, confirmed_at, "
                        "  CASE WHEN EXISTS (SELECT 1 FROM decision WHERE referral_id = r.id) THEN 1 ELSE 0 END "
                        "FROM referral r WHERE id = ?1",
                        error);
  if (stmt == NULL)
    return FALSE;
  dg_stmt_bind_int64 (stmt, 1, id);
  if (!dg_db_step (db, stmt, &has_row, error))
    return FALSE;
  if (!has_row)
    {
      dg_stmt_reset (stmt);
      g_set_error (error, DG_ERROR, DG_ERROR_NOT_FOUND, _("No referral “%" PRId64 "”"), id);
      return FALSE;
    }
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

static gboolean
finish_change (DgDb        *db,
               gint64       id,
               const char  *action,
               const char  *detail,
               GError     **error)
{
  g_autofree char *now = dg_db_now_string (db);
  DgStmt *stmt;

  stmt = dg_db_prepare (db, "UPDATE referral SET updated_at = ?2, version = version + 1 WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  dg_stmt_bind_int64 (stmt, 1, id);
  dg_stmt_bind_text (stmt, 2, now);

  return dg_db_step_done (db, stmt, error) &&
         dg_db_audit (db, "referral", id, action, detail, error);
}

gboolean
dg_referral_acknowledge (DgDb        *db,
                         gint64       id,
                         const char  *at,
                         const char  *method,
                         GError     **error)
{
  g_auto(Current) c = { 0 };
  g_autofree char *time = NULL;
  g_autofree char *detail = NULL;
  DgStmt *stmt;

  if (method == NULL)
    method = "email";
  if (!dg_vocab_check (DG_VOCAB_ACK_METHOD, "method", method, error) ||
      !load_current (db, id, &c, error))
    return FALSE;
  if (c.acknowledged_at != NULL)
    {
      g_set_error (error, DG_ERROR, DG_ERROR_INVALID,
                   _("ID: the referral was already acknowledged at %s"), c.acknowledged_at);
      return FALSE;
    }
  time = event_time (db, "at", at, &c, error);
  if (time == NULL)
    return FALSE;

  if (!dg_db_begin (db, error))
    return FALSE;
  stmt = dg_db_prepare (db,
                        "UPDATE referral SET acknowledged_at = ?2, acknowledged_method = ?3, "
                        "  status = CASE status WHEN 'new' THEN 'acknowledged' ELSE status END "
                        "WHERE id = ?1",
                        error);
  if (stmt == NULL)
    goto fail;
  dg_stmt_bind_int64 (stmt, 1, id);
  dg_stmt_bind_text (stmt, 2, time);
  dg_stmt_bind_text (stmt, 3, method);
  detail = g_strdup_printf ("{\"at\":\"%s\",\"method\":\"%s\"}", time, method);
  if (!dg_db_step_done (db, stmt, error) ||
      !finish_change (db, id, "acknowledge", detail, error))
    goto fail;

  return dg_db_commit (db, error);

fail:
  dg_db_rollback (db);
  return FALSE;
}

gboolean
dg_referral_confirm (DgDb        *db,
                     gint64       id,
                     const char  *at,
                     GError     **error)
{
  g_auto(Current) c = { 0 };
  g_autofree char *time = NULL;
  g_autofree char *detail = NULL;
  DgStmt *stmt;

  if (!load_current (db, id, &c, error))
    return FALSE;
  if (c.channel != NULL && !g_str_equal (c.channel, "phone"))
    {
      g_set_error (error, DG_ERROR, DG_ERROR_INVALID,
                   _("ID: written confirmation is for phoned reports; this one came by %s"),
                   dg_vocab_label (DG_VOCAB_CHANNEL, c.channel));
      return FALSE;
    }
  if (c.confirmed_at != NULL)
    {
      g_set_error (error, DG_ERROR, DG_ERROR_INVALID,
                   _("ID: written confirmation was already recorded at %s"), c.confirmed_at);
      return FALSE;
    }
  time = event_time (db, "at", at, &c, error);
  if (time == NULL)
    return FALSE;

  if (!dg_db_begin (db, error))
    return FALSE;
  stmt = dg_db_prepare (db, "UPDATE referral SET confirmed_at = ?2 WHERE id = ?1", error);
  if (stmt == NULL)
    goto fail;
  dg_stmt_bind_int64 (stmt, 1, id);
  dg_stmt_bind_text (stmt, 2, time);
  detail = g_strdup_printf ("{\"at\":\"%s\"}", time);
  if (!dg_db_step_done (db, stmt, error) ||
      !finish_change (db, id, "confirm", detail, error))
    goto fail;

  return dg_db_commit (db, error);

fail:
  dg_db_rollback (db);
  return FALSE;
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

  stmt = dg_db_prepare (db, "SELECT decided_by, decided_at, outcome FROM decision WHERE referral_id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  dg_stmt_bind_int64 (stmt, 1, id);
  if (!dg_db_step (db, stmt, &has_row, error))
    return FALSE;
  if (has_row)
    {
      g_autofree char *when = g_strndup (dg_stmt_column_text (stmt, 1), 16);

      g_strdelimit (when, "T", ' ');
      g_set_error (error, DG_ERROR, DG_ERROR_INVALID,
                   _("ID: already decided by %s at %s (%s); a decision is never overwritten"),
                   dg_stmt_column_text (stmt, 0), when, dg_vocab_label (DG_VOCAB_OUTCOME, dg_stmt_column_text (stmt, 2)));
    }
  else
    g_set_error (error, DG_ERROR, DG_ERROR_INVALID,
                 _("ID: the referral has already been decided; a decision is never overwritten"));
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
  g_auto(Current) c = { 0 };
  g_autofree char *time = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *trimmed = NULL;
  DgStmt *stmt;

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

  if (!load_current (db, id, &c, error))
    return FALSE;
  if (c.decided)
    return decided_already (db, id, error);
  time = event_time (db, "at", at, &c, error);
  if (time == NULL)
    return FALSE;
  if (by == NULL || *by == '\0')
    by = dg_db_get_actor (db);

  if (!dg_db_begin (db, error))
    return FALSE;
  /* Someone else may have decided it since it was read: the write lock is
   * held now, so this answer stands until the commit. */
  current_clear (&c);
  if (!load_current (db, id, &c, error))
    goto fail;
  if (c.decided)
    {
      decided_already (db, id, error);
      goto fail;
    }
  stmt = dg_db_prepare (db,
                        "INSERT INTO decision (referral_id, outcome, rationale, decided_by, decided_at) "
                        "VALUES (?1, ?2, ?3, ?4, ?5)",
                        error);
  if (stmt == NULL)
    goto fail;
  dg_stmt_bind_int64 (stmt, 1, id);
  dg_stmt_bind_text (stmt, 2, outcome);
  dg_stmt_bind_text (stmt, 3, trimmed);
  dg_stmt_bind_text (stmt, 4, by);
  dg_stmt_bind_text (stmt, 5, time);
  if (!dg_db_step_done (db, stmt, error))
    goto fail;

  stmt = dg_db_prepare (db, "UPDATE referral SET status = 'decided' WHERE id = ?1 AND status IN ('new', 'acknowledged')", error);
  if (stmt == NULL)
    goto fail;
  dg_stmt_bind_int64 (stmt, 1, id);
  detail = g_strdup_printf ("{\"outcome\":\"%s\",\"at\":\"%s\"}", outcome, time);
  if (!dg_db_step_done (db, stmt, error) ||
      !finish_change (db, id, "decide", detail, error))
    goto fail;

  return dg_db_commit (db, error);

fail:
  dg_db_rollback (db);
  return FALSE;
}

gboolean
dg_referral_link (DgDb        *db,
                  gint64       id,
                  gint64       earlier_id,
                  GError     **error)
{
  g_autofree char *now = dg_db_now_string (db);
  g_autofree char *detail = NULL;
  DgStmt *stmt;
  gboolean has_row = FALSE;

  if (id == earlier_id)
    {
      dg_error_set_field (error, DG_ERROR_INVALID, "links", NULL, _("A referral cannot be linked to itself"));
      return FALSE;
    }

  stmt = dg_db_prepare (db, "SELECT 1 FROM referral WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  dg_stmt_bind_int64 (stmt, 1, earlier_id);
  if (!dg_db_step (db, stmt, &has_row, error))
    return FALSE;
  dg_stmt_reset (stmt);
  if (!has_row)
    {
      dg_error_set_field (error, DG_ERROR_INVALID, "links", NULL,
                          _("No earlier referral with id %" PRId64), earlier_id);
      return FALSE;
    }

  stmt = dg_db_prepare (db,
                        "INSERT INTO referral_link (referral_id, earlier_id, confirmed_by, confirmed_at) "
                        "VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING",
                        error);
  if (stmt == NULL)
    return FALSE;
  dg_stmt_bind_int64 (stmt, 1, id);
  dg_stmt_bind_int64 (stmt, 2, earlier_id);
  dg_stmt_bind_text (stmt, 3, dg_db_get_actor (db));
  dg_stmt_bind_text (stmt, 4, now);
  detail = g_strdup_printf ("{\"earlier\":%" G_GINT64_FORMAT "}", earlier_id);

  return dg_db_step_done (db, stmt, error) &&
         dg_db_audit (db, "referral", id, "link", detail, error);
}

JsonNode *
dg_referral_audit (DgDb        *db,
                   gint64       id,
                   GError     **error)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  DgStmt *stmt;
  gboolean has_row = FALSE;

  stmt = dg_db_prepare (db,
                        "SELECT at, actor, action, detail FROM audit "
                        "WHERE entity = 'referral' AND entity_id = ?1 ORDER BY id",
                        error);
  if (stmt == NULL)
    return NULL;
  dg_stmt_bind_int64 (stmt, 1, id);

  json_builder_begin_array (b);
  while (dg_db_step (db, stmt, &has_row, error) && has_row)
    {
      json_builder_begin_object (b);
      dg_referral_json_column (b, "at", stmt, 0);
      dg_referral_json_column (b, "by", stmt, 1);
      dg_referral_json_column (b, "action", stmt, 2);
      dg_referral_json_column (b, "detail", stmt, 3);
      json_builder_end_object (b);
    }
  dg_stmt_reset (stmt);
  json_builder_end_array (b);

  if (error != NULL && *error != NULL)
    return NULL;

  return json_builder_get_root (b);
}
