#include "config.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>

#include "dg-meetings.h"
#include "dg-time.h"
#include "dg-vocab.h"

#define MAX_TEXT 100000
#define MAX_SHORT 500

/* ---- Small helpers ----------------------------------------------------------- */

static const char *
col_text (DgStmt *stmt,
          int           col)
{
  return dg_stmt_column_text (stmt, col);
}

static void
set_text (JsonObject   *o,
          const char   *name,
          DgStmt *stmt,
          int           col)
{
  if (dg_stmt_column_is_null (stmt, col))
    json_object_set_null_member (o, name);
  else
    json_object_set_string_member (o, name, col_text (stmt, col));
}

/* The rows of @sql for meeting @id, one object per row, members named after
 * the columns in order; NULL columns stay null. */
static JsonArray *
rows_of_meeting (DgDb               *db,
                 const char         *sql,
                 gint64              id,
                 const char * const *members,
                 GError            **error)
{
  g_autoptr(JsonArray) rows = json_array_new ();
  DgStmt *stmt = dg_db_prepare (db, sql, error);
  gboolean has_row = FALSE;

  if (stmt == NULL)
    return NULL;
  dg_stmt_bind_int64 (stmt, 1, id);
  while (dg_db_step (db, stmt, &has_row, error) && has_row)
    {
      JsonObject *o = json_object_new ();

      for (int c = 0; members[c] != NULL; c++)
        set_text (o, members[c], stmt, c);
      json_array_add_object_element (rows, o);
    }
  dg_stmt_reset (stmt);
  if (error != NULL && *error != NULL)
    return NULL;
  return g_steal_pointer (&rows);
}

static gboolean
check_length (const char  *field,
              const char  *value,
              glong        max,
              GError     **error)
{
  if (value != NULL && g_utf8_strlen (value, -1) > max)
    {
      dg_error_set_field (error, DG_ERROR_INVALID, field, NULL, _("Longer than %ld characters"), max);
      return FALSE;
    }
  return TRUE;
}

/* A stored time from @text, or now; never in the future. */
static char *
event_time (DgDb        *db,
            const char  *field,
            const char  *text,
            gboolean     may_be_future,
            GError     **error)
{
  g_autoptr(GDateTime) now = dg_db_now (db);

  return dg_time_checked (now, field, text, may_be_future, error);
}

static gboolean
meeting_exists (DgDb     *db,
                gint64    id,
                gint64   *referral_id,
                GError  **error)
{
  DgStmt *stmt = dg_db_prepare (db, "SELECT referral_id FROM meeting WHERE id = ?1", error);
  gboolean has_row = FALSE;

  if (stmt == NULL)
    return FALSE;
  dg_stmt_bind_int64 (stmt, 1, id);
  if (!dg_db_step (db, stmt, &has_row, error))
    return FALSE;
  if (has_row && referral_id != NULL)
    *referral_id = dg_stmt_column_int64 (stmt, 0);
  dg_stmt_reset (stmt);
  if (!has_row)
    g_set_error (error, DG_ERROR, DG_ERROR_NOT_FOUND, _("No meeting “%" PRId64 "”"), id);
  return has_row;
}

static gboolean
audit (DgDb        *db,
       gint64       id,
       const char  *action,
       GError     **error,
       const char  *fmt,
       ...) G_GNUC_PRINTF (5, 6);

static gboolean
audit (DgDb        *db,
       gint64       id,
       const char  *action,
       GError     **error,
       const char  *fmt,
       ...)
{
  g_autofree char *detail = NULL;
  va_list args;

  va_start (args, fmt);
  detail = g_strdup_vprintf (fmt, args);
  va_end (args);

  return dg_db_audit (db, "meeting", id, action, detail, error);
}

/* ---- Expected agencies --------------------------------------------------------- */

typedef struct
{
  const char *agency;
  char       *name;
  char       *organisation;
} Expected;

static void
expected_clear (gpointer data)
{
  Expected *e = data;

  g_free (e->name);
  g_free (e->organisation);
}

static void
expect (GArray     *list,
        const char *agency,
        const char *name,
        const char *organisation)
{
  Expected e = { NULL };

  for (guint i = 0; i < list->len; i++)
    if (g_str_equal (g_array_index (list, Expected, i).agency, agency))
      return;

  for (const DgTerm *t = dg_vocab_terms (DG_VOCAB_MEETING_AGENCY); t->id != NULL; t++)
    if (g_str_equal (t->id, agency))
      e.agency = t->id;
  if (e.agency == NULL)
    return;
  e.name = g_strdup (name);
  e.organisation = g_strdup (organisation);
  g_array_append_val (list, e);
}

/* Police and social services always; the report-maker, education and
 * community health unless excused; and every agency already involved. */
static GArray *
expected_agencies (DgDb     *db,
                   gint64    referral_id,
                   GError  **error)
{
  g_autoptr(GArray) list = g_array_new (FALSE, TRUE, sizeof (Expected));
  DgStmt *stmt;
  gboolean has_row = FALSE;
  g_autofree char *school = NULL;

  g_array_set_clear_func (list, expected_clear);

  stmt = dg_db_prepare (db,
                        "SELECT p.name, p.organisation, p.agency, p.anonymous, "
                        "  (SELECT school FROM child c WHERE c.referral_id = r.id AND school IS NOT NULL ORDER BY position LIMIT 1) "
                        "FROM referral r LEFT JOIN reporter p ON p.id = r.reporter_id WHERE r.id = ?1",
                        error);
  if (stmt == NULL)
    return NULL;
  dg_stmt_bind_int64 (stmt, 1, referral_id);
  if (!dg_db_step (db, stmt, &has_row, error))
    return NULL;

  expect (list, "police", NULL, NULL);
  expect (list, "social-services", NULL, NULL);
  if (has_row)
    {
      gboolean anonymous = dg_stmt_column_int (stmt, 3);
      expect (list, "report-maker", anonymous ? NULL : col_text (stmt, 0), col_text (stmt, 1));
      school = g_strdup (col_text (stmt, 4));
      /* A school that made the report is education at the table too. */
      if (g_strcmp0 (col_text (stmt, 2), "education") == 0 && school == NULL)
        school = g_strdup (col_text (stmt, 1));
    }
  dg_stmt_reset (stmt);
  expect (list, "education", NULL, school);
  expect (list, "health", NULL, NULL);

  stmt = dg_db_prepare (db, "SELECT agency, name, organisation FROM involved_agency WHERE referral_id = ?1 ORDER BY id", error);
  if (stmt == NULL)
    return NULL;
  dg_stmt_bind_int64 (stmt, 1, referral_id);
  while (dg_db_step (db, stmt, &has_row, error) && has_row)
    {
      const char *agency = col_text (stmt, 0);
      /* An involved agency of a kind already expected adds its contact. */
      for (guint i = 0; i < list->len; i++)
        {
          Expected *e = &g_array_index (list, Expected, i);
          if (g_str_equal (e->agency, agency) && e->name == NULL)
            {
              e->name = g_strdup (col_text (stmt, 1));
              if (e->organisation == NULL)
                e->organisation = g_strdup (col_text (stmt, 2));
            }
        }
      expect (list, agency, col_text (stmt, 1), col_text (stmt, 2));
    }
  dg_stmt_reset (stmt);
  if (error != NULL && *error != NULL)
    return NULL;

  return g_steal_pointer (&list);
}

static JsonObject *completeness (DgDb *db, gint64 id, gint64 referral_id, GError **error);

/* ---- Changes ------------------------------------------------------------------- */

static gboolean
insert_invitee (DgDb        *db,
                gint64       id,
                const char  *agency,
                const char  *name,
                const char  *organisation,
                const char  *at,
                GError     **error)
{
  DgStmt *stmt = dg_db_prepare (db,
                                      "INSERT INTO invitee (meeting_id, agency, name, organisation, invited_at) "
                                      "VALUES (?1, ?2, ?3, ?4, ?5)",
                                      error);
  if (stmt == NULL)
    return FALSE;
  dg_stmt_bind_int64 (stmt, 1, id);
  dg_stmt_bind_text (stmt, 2, agency);
  if (name != NULL)
    dg_stmt_bind_text (stmt, 3, name);
  if (organisation != NULL)
    dg_stmt_bind_text (stmt, 4, organisation);
  dg_stmt_bind_text (stmt, 5, at);
  if (!dg_db_step_done (db, stmt, error))
    return FALSE;

  /* Inviting an agency ends any exception recorded for it. */
  stmt = dg_db_prepare (db, "DELETE FROM meeting_exception WHERE meeting_id = ?1 AND agency = ?2", error);
  if (stmt == NULL)
    return FALSE;
  dg_stmt_bind_int64 (stmt, 1, id);
  dg_stmt_bind_text (stmt, 2, agency);
  return dg_db_step_done (db, stmt, error) &&
         audit (db, id, "invite", error, "{\"agency\":\"%s\",\"at\":\"%s\"}", agency, at);
}

gint64
dg_meeting_add (DgDb        *db,
                gint64       referral_id,
                const char  *kind,
                const char  *at,
                const char  *chair,
                gboolean     invite_expected,
                GError     **error)
{
  g_autofree char *when = NULL;
  g_autofree char *now = NULL;
  g_autoptr(GArray) expected = NULL;
  DgStmt *stmt;
  gboolean has_row = FALSE;
  gint64 id;

  if (kind == NULL)
    kind = "discussion";
  if (!dg_vocab_check (DG_VOCAB_MEETING_KIND, "kind", kind, error) ||
      !check_length ("chair", chair, MAX_SHORT, error))
    return 0;
  /* A meeting may be booked ahead; "now" when not given. */
  when = event_time (db, "at", at, TRUE, error);
  if (when == NULL)
    return 0;

  stmt = dg_db_prepare (db, "SELECT 1 FROM referral WHERE id = ?1", error);
  if (stmt == NULL)
    return 0;
  dg_stmt_bind_int64 (stmt, 1, referral_id);
  if (!dg_db_step (db, stmt, &has_row, error))
    return 0;
  dg_stmt_reset (stmt);
  if (!has_row)
    {
      dg_error_set_field (error, DG_ERROR_NOT_FOUND, "referral", NULL, _("No referral “%" PRId64 "”"), referral_id);
      return 0;
    }

  if (invite_expected)
    {
      expected = expected_agencies (db, referral_id, error);
      if (expected == NULL)
        return 0;
    }

  now = dg_db_now_string (db);
  if (!dg_db_begin (db, error))
    return 0;
  stmt = dg_db_prepare (db, "INSERT INTO meeting (referral_id, kind, held_at, chair, created_at) VALUES (?1, ?2, ?3, ?4, ?5) RETURNING id", error);
  if (stmt == NULL)
    goto fail;
  dg_stmt_bind_int64 (stmt, 1, referral_id);
  dg_stmt_bind_text (stmt, 2, kind);
  dg_stmt_bind_text (stmt, 3, when);
  if (chair != NULL && *chair != '\0')
    dg_stmt_bind_text (stmt, 4, chair);
  dg_stmt_bind_text (stmt, 5, now);
  /* RETURNING id: no second round trip for the id on PostgreSQL. */
  if (!dg_db_step (db, stmt, &has_row, error))
    goto fail;
  id = dg_stmt_column_int64 (stmt, 0);
  dg_stmt_reset (stmt);

  for (guint i = 0; expected != NULL && i < expected->len; i++)
    {
      Expected *e = &g_array_index (expected, Expected, i);
      if (!insert_invitee (db, id, e->agency, e->name, e->organisation, now, error))
        goto fail;
    }

  if (!audit (db, id, "create", error, "{\"referral\":%" PRId64 ",\"kind\":\"%s\",\"at\":\"%s\"}", referral_id, kind, when) ||
      !dg_db_audit (db, "referral", referral_id, "meeting", NULL, error) ||
      !dg_db_commit (db, error))
    goto fail;

  return id;

fail:
  dg_db_rollback (db);
  if (error != NULL && *error == NULL)
    g_set_error (error, DG_ERROR, DG_ERROR_FAILED, _("The meeting could not be saved."));
  return 0;
}

gboolean
dg_meeting_invite (DgDb        *db,
                   gint64       id,
                   const char  *agency,
                   const char  *name,
                   const char  *organisation,
                   const char  *at,
                   GError     **error)
{
  g_autofree char *when = NULL;

  if (agency == NULL)
    {
      dg_error_set_field (error, DG_ERROR_INVALID, "agency", NULL, _("Required"));
      return FALSE;
    }
  if (!dg_vocab_check (DG_VOCAB_MEETING_AGENCY, "agency", agency, error) ||
      !check_length ("name", name, MAX_SHORT, error) ||
      !check_length ("org", organisation, MAX_SHORT, error) ||
      !meeting_exists (db, id, NULL, error))
    return FALSE;
  when = event_time (db, "at", at, FALSE, error);
  if (when == NULL)
    return FALSE;

  if (!dg_db_begin (db, error))
    return FALSE;
  if (!insert_invitee (db, id, agency, name, organisation, when, error) ||
      !dg_db_commit (db, error))
    {
      dg_db_rollback (db);
      return FALSE;
    }
  return TRUE;
}

gboolean
dg_meeting_invite_expected (DgDb        *db,
                            gint64       id,
                            const char  *agency,
                            GError     **error)
{
  g_autoptr(GArray) expected = NULL;
  g_autoptr(JsonObject) done = NULL;
  g_autofree char *now = dg_db_now_string (db);
  JsonArray *missing;
  gint64 referral_id = 0;

  if (agency != NULL && !dg_vocab_check (DG_VOCAB_MEETING_AGENCY, "agency", agency, error))
    return FALSE;
  if (!meeting_exists (db, id, &referral_id, error))
    return FALSE;
  expected = expected_agencies (db, referral_id, error);
  done = expected ? completeness (db, id, referral_id, error) : NULL;
  if (done == NULL)
    return FALSE;
  missing = json_object_get_array_member (done, "missing");

  if (!dg_db_begin (db, error))
    return FALSE;
  for (guint i = 0; i < expected->len; i++)
    {
      Expected *e = &g_array_index (expected, Expected, i);
      gboolean is_missing = FALSE;

      for (guint j = 0; j < json_array_get_length (missing); j++)
        is_missing |= g_str_equal (json_array_get_string_element (missing, j), e->agency);
      if (agency != NULL ? !g_str_equal (agency, e->agency) : !is_missing)
        continue;
      if (!insert_invitee (db, id, e->agency, e->name, e->organisation, now, error))
        {
          dg_db_rollback (db);
          return FALSE;
        }
    }
  return dg_db_commit (db, error);
}

/* Who recorded @agency's last response to meeting @id, and when, from the
 * audit trail: "Ffion Jones at 2026-11-23 14:02" (or "someone" when none). */
static char *
last_response_by (DgDb       *db,
                  gint64      id,
                  const char *agency)
{
  g_autofree char *pattern = g_strdup_printf ("%%\"agency\":\"%s\"%%", agency);
  DgStmt *stmt = dg_db_prepare (db,
                                "SELECT actor, at FROM audit WHERE entity = 'meeting' AND entity_id = ?1 "
                                "AND action = 'response' AND detail LIKE ?2 ORDER BY id DESC LIMIT 1",
                                NULL);
  gboolean has_row = FALSE;
  char *said;

  if (stmt == NULL)
    return g_strdup (_("someone"));
  dg_stmt_bind_int64 (stmt, 1, id);
  dg_stmt_bind_text (stmt, 2, pattern);
  if (!dg_db_step (db, stmt, &has_row, NULL) || !has_row)
    said = g_strdup (_("someone"));
  else
    {
      g_autofree char *at = g_strndup (dg_stmt_column_text (stmt, 1), 16);

      g_strdelimit (at, "T", ' ');
      /* TRANSLATORS: who recorded a response, and when: "Ffion Jones at 2026-11-23 14:02" */
      said = g_strdup_printf (_("%s at %s"), dg_stmt_column_text (stmt, 0), at);
    }
  dg_stmt_reset (stmt);
  return said;
}

gboolean
dg_meeting_response (DgDb        *db,
                     gint64       id,
                     const char  *agency,
                     const char  *status,
                     const char  *was,
                     GError     **error)
{
  DgStmt *stmt;
  gboolean has_row = FALSE;

  if (agency == NULL || status == NULL)
    {
      dg_error_set_field (error, DG_ERROR_INVALID, agency == NULL ? "agency" : "status", NULL, _("Required"));
      return FALSE;
    }
  if (!dg_vocab_check (DG_VOCAB_MEETING_AGENCY, "agency", agency, error) ||
      !dg_vocab_check (DG_VOCAB_RESPONSE, "status", status, error) ||
      (was != NULL && !dg_vocab_check (DG_VOCAB_RESPONSE, "was", was, error)) ||
      !meeting_exists (db, id, NULL, error))
    return FALSE;

  /* Read under the write lock: a response someone else recorded since this
   * one's author saw @was is never replaced unseen. */
  if (!dg_db_begin (db, error))
    return FALSE;
  stmt = dg_db_prepare (db, "SELECT status FROM invitee WHERE meeting_id = ?1 AND agency = ?2 LIMIT 1", error);
  if (stmt == NULL)
    goto fail;
  dg_stmt_bind_int64 (stmt, 1, id);
  dg_stmt_bind_text (stmt, 2, agency);
  if (!dg_db_step (db, stmt, &has_row, error))
    goto fail;
  if (!has_row)
    {
      dg_stmt_reset (stmt);
      dg_error_set_field (error, DG_ERROR_INVALID, "agency", NULL,
                   _("%s was not invited to this meeting; invite it first"), agency);
      goto fail;
    }
  if (was != NULL && g_strcmp0 (dg_stmt_column_text (stmt, 0), was) != 0)
    {
      g_autofree char *current = g_strdup (dg_stmt_column_text (stmt, 0));
      g_autofree char *by = NULL;

      dg_stmt_reset (stmt);
      by = last_response_by (db, id, agency);
      dg_error_set_field (error, DG_ERROR_CONFLICT, "was", NULL,
                   _("The response from %s is now “%s”, recorded by %s, not “%s” as you saw it; nothing was saved"),
                   dg_vocab_label (DG_VOCAB_MEETING_AGENCY, agency), dg_vocab_label (DG_VOCAB_RESPONSE, current),
                   by, dg_vocab_label (DG_VOCAB_RESPONSE, was));
      goto fail;
    }
  dg_stmt_reset (stmt);
  stmt = dg_db_prepare (db, "UPDATE invitee SET status = ?3 WHERE meeting_id = ?1 AND agency = ?2", error);
  if (stmt == NULL)
    goto fail;
  dg_stmt_bind_int64 (stmt, 1, id);
  dg_stmt_bind_text (stmt, 2, agency);
  dg_stmt_bind_text (stmt, 3, status);
  if (!dg_db_step_done (db, stmt, error) ||
      !audit (db, id, "response", error, "{\"agency\":\"%s\",\"status\":\"%s\"}", agency, status) ||
      !dg_db_commit (db, error))
    goto fail;
  return TRUE;

fail:
  dg_db_rollback (db);
  return FALSE;
}

gboolean
dg_meeting_not_invited (DgDb        *db,
                        gint64       id,
                        const char  *agency,
                        const char  *reason,
                        GError     **error)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (reason ? reason : ""));
  g_autofree char *now = dg_db_now_string (db);
  DgStmt *stmt;

  if (agency == NULL)
    {
      dg_error_set_field (error, DG_ERROR_INVALID, "agency", NULL, _("Required"));
      return FALSE;
    }
  if (!dg_vocab_check (DG_VOCAB_MEETING_AGENCY, "agency", agency, error))
    return FALSE;
  if (*trimmed == '\0')
    {
      dg_error_set_field (error, DG_ERROR_INVALID, "reason", NULL, _("Say why this agency is not invited"));
      return FALSE;
    }
  if (!check_length ("reason", trimmed, MAX_SHORT, error) ||
      !meeting_exists (db, id, NULL, error))
    return FALSE;

  if (!dg_db_begin (db, error))
    return FALSE;
  stmt = dg_db_prepare (db, "DELETE FROM invitee WHERE meeting_id = ?1 AND agency = ?2", error);
  if (stmt == NULL)
    goto fail;
  dg_stmt_bind_int64 (stmt, 1, id);
  dg_stmt_bind_text (stmt, 2, agency);
  if (!dg_db_step_done (db, stmt, error))
    goto fail;
  stmt = dg_db_prepare (db,
                        "INSERT INTO meeting_exception (meeting_id, agency, reason, recorded_by, recorded_at) "
                        "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (meeting_id, agency) DO UPDATE SET reason = excluded.reason",
                        error);
  if (stmt == NULL)
    goto fail;
  dg_stmt_bind_int64 (stmt, 1, id);
  dg_stmt_bind_text (stmt, 2, agency);
  dg_stmt_bind_text (stmt, 3, trimmed);
  dg_stmt_bind_text (stmt, 4, dg_db_get_actor (db));
  dg_stmt_bind_text (stmt, 5, now);
  if (!dg_db_step_done (db, stmt, error) ||
      !audit (db, id, "not-invited", error, "{\"agency\":\"%s\"}", agency) ||
      !dg_db_commit (db, error))
    goto fail;
  return TRUE;

fail:
  dg_db_rollback (db);
  return FALSE;
}

gboolean
dg_meeting_outcome (DgDb        *db,
                    gint64       id,
                    const char  *determination,
                    int          s47,
                    const char  *summary,
                    const char  *at,
                    GError     **error)
{
  g_autofree char *when = NULL;
  DgStmt *stmt;
  gboolean has_row = FALSE;
  gint64 referral_id = 0;

  if (determination == NULL)
    {
      dg_error_set_field (error, DG_ERROR_INVALID, "determination", NULL,
                   _("Required (none | not-substantiated | substantiated-no-risk | substantiated-at-risk)"));
      return FALSE;
    }
  if (!dg_vocab_check (DG_VOCAB_DETERMINATION, "determination", determination, error) ||
      !check_length ("summary", summary, MAX_TEXT, error) ||
      !meeting_exists (db, id, &referral_id, error))
    return FALSE;
  if (s47 < 0)
    s47 = !g_str_equal (determination, "none");
  if (s47 == 0 && !g_str_equal (determination, "none"))
    {
      dg_error_set_field (error, DG_ERROR_INVALID, "s47", NULL,
                          _("A determination of “%s” needs a section 47 enquiry"), determination);
      return FALSE;
    }
  when = event_time (db, "at", at, FALSE, error);
  if (when == NULL)
    return FALSE;

  /* Checked under the write lock: two people recording the outcome at once
   * never both succeed, and the second learns whose stands. */
  if (!dg_db_begin (db, error))
    return FALSE;
  stmt = dg_db_prepare (db, "SELECT decided_by, decided_at FROM meeting_outcome WHERE meeting_id = ?1", error);
  if (stmt == NULL)
    goto fail;
  dg_stmt_bind_int64 (stmt, 1, id);
  if (!dg_db_step (db, stmt, &has_row, error))
    goto fail;
  if (has_row)
    {
      g_autofree char *recorded = g_strndup (dg_stmt_column_text (stmt, 1), 16);

      g_strdelimit (recorded, "T", ' ');
      g_set_error (error, DG_ERROR, DG_ERROR_INVALID,
                   _("MID: the outcome was already recorded by %s at %s; it is never overwritten"),
                   dg_stmt_column_text (stmt, 0), recorded);
      dg_stmt_reset (stmt);
      goto fail;
    }
  dg_stmt_reset (stmt);
  stmt = dg_db_prepare (db,
                        "INSERT INTO meeting_outcome (meeting_id, s47, determination, summary, decided_at, decided_by) "
                        "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                        error);
  if (stmt == NULL)
    goto fail;
  dg_stmt_bind_int64 (stmt, 1, id);
  dg_stmt_bind_int64 (stmt, 2, s47);
  dg_stmt_bind_text (stmt, 3, determination);
  if (summary != NULL && *summary != '\0')
    dg_stmt_bind_text (stmt, 4, summary);
  dg_stmt_bind_text (stmt, 5, when);
  dg_stmt_bind_text (stmt, 6, dg_db_get_actor (db));
  if (!dg_db_step_done (db, stmt, error) ||
      !audit (db, id, "outcome", error, "{\"determination\":\"%s\",\"s47\":%s}", determination, s47 ? "true" : "false") ||
      !dg_db_audit (db, "referral", referral_id, "meeting-outcome", NULL, error) ||
      !dg_db_commit (db, error))
    goto fail;
  return TRUE;

fail:
  dg_db_rollback (db);
  return FALSE;
}

gboolean
dg_meeting_add_action (DgDb        *db,
                       gint64       id,
                       const char  *action,
                       const char  *owner,
                       const char  *due,
                       GError     **error)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (action ? action : ""));
  DgStmt *stmt;
  GDate date;

  if (*trimmed == '\0')
    {
      g_set_error (error, DG_ERROR, DG_ERROR_INVALID, _("action: say what is to be done"));
      return FALSE;
    }
  if (!check_length ("action", trimmed, MAX_SHORT, error) ||
      !check_length ("owner", owner, MAX_SHORT, error) ||
      (due != NULL && *due != '\0' && !dg_date_parse (due, "due", &date, error)) ||
      !meeting_exists (db, id, NULL, error))
    return FALSE;

  if (!dg_db_begin (db, error))
    return FALSE;
  stmt = dg_db_prepare (db, "INSERT INTO meeting_action (meeting_id, action, owner, due) VALUES (?1, ?2, ?3, ?4)", error);
  if (stmt == NULL)
    goto fail;
  dg_stmt_bind_int64 (stmt, 1, id);
  dg_stmt_bind_text (stmt, 2, trimmed);
  if (owner != NULL && *owner != '\0')
    dg_stmt_bind_text (stmt, 3, owner);
  if (due != NULL && *due != '\0')
    dg_stmt_bind_text (stmt, 4, due);
  if (!dg_db_step_done (db, stmt, error) ||
      !audit (db, id, "action", error, "{}") ||
      !dg_db_commit (db, error))
    goto fail;
  return TRUE;

fail:
  dg_db_rollback (db);
  return FALSE;
}

/* ---- Reading ------------------------------------------------------------------- */

static JsonObject *
completeness (DgDb     *db,
              gint64    id,
              gint64    referral_id,
              GError  **error)
{
  g_autoptr(GArray) expected = expected_agencies (db, referral_id, error);
  g_autoptr(GHashTable) invited = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) excused = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  JsonObject *result;
  JsonArray *missing, *excused_list, *expected_list;
  DgStmt *stmt;
  gboolean has_row = FALSE;

  if (expected == NULL)
    return NULL;

  stmt = dg_db_prepare (db, "SELECT DISTINCT agency FROM invitee WHERE meeting_id = ?1", error);
  if (stmt == NULL)
    return NULL;
  dg_stmt_bind_int64 (stmt, 1, id);
  while (dg_db_step (db, stmt, &has_row, error) && has_row)
    g_hash_table_add (invited, g_strdup (col_text (stmt, 0)));
  dg_stmt_reset (stmt);

  stmt = dg_db_prepare (db, "SELECT agency, reason FROM meeting_exception WHERE meeting_id = ?1 ORDER BY agency", error);
  if (stmt == NULL)
    return NULL;
  dg_stmt_bind_int64 (stmt, 1, id);
  while (dg_db_step (db, stmt, &has_row, error) && has_row)
    g_hash_table_insert (excused, g_strdup (col_text (stmt, 0)), g_strdup (col_text (stmt, 1)));
  dg_stmt_reset (stmt);
  if (error != NULL && *error != NULL)
    return NULL;

  result = json_object_new ();
  missing = json_array_new ();
  excused_list = json_array_new ();
  expected_list = json_array_new ();
  for (guint i = 0; i < expected->len; i++)
    {
      const char *agency = g_array_index (expected, Expected, i).agency;
      /* Police and social services can never be excused: they are the minimum. */
      gboolean always = g_str_equal (agency, "police") || g_str_equal (agency, "social-services");

      json_array_add_string_element (expected_list, agency);
      if (g_hash_table_contains (invited, agency))
        continue;
      if (!always && g_hash_table_contains (excused, agency))
        {
          JsonObject *e = json_object_new ();
          json_object_set_string_member (e, "agency", agency);
          json_object_set_string_member (e, "reason", g_hash_table_lookup (excused, agency));
          json_array_add_object_element (excused_list, e);
          continue;
        }
      json_array_add_string_element (missing, agency);
    }

  json_object_set_boolean_member (result, "complete", json_array_get_length (missing) == 0);
  json_object_set_array_member (result, "missing", missing);
  json_object_set_array_member (result, "excused", excused_list);
  json_object_set_array_member (result, "expected", expected_list);
  return result;
}

JsonNode *
dg_meeting_completeness (DgDb     *db,
                         gint64    id,
                         GError  **error)
{
  gint64 referral_id = 0;
  JsonObject *o;

  if (!meeting_exists (db, id, &referral_id, error))
    return NULL;
  o = completeness (db, id, referral_id, error);
  if (o == NULL)
    return NULL;
  return json_node_init_object (json_node_alloc (), o);
}

JsonNode *
dg_meeting_show (DgDb     *db,
                 gint64    id,
                 GError  **error)
{
  g_autoptr(JsonObject) m = json_object_new ();
  JsonArray *invitees, *actions;
  JsonObject *done;
  DgStmt *stmt;
  gboolean has_row = FALSE;
  gint64 referral_id;

  stmt = dg_db_prepare (db,
                        "SELECT m.id, m.referral_id, r.reference, m.kind, m.held_at, m.chair, "
                        "  o.determination, o.s47, o.summary, o.decided_at, o.decided_by "
                        "FROM meeting m JOIN referral r ON r.id = m.referral_id "
                        "LEFT JOIN meeting_outcome o ON o.meeting_id = m.id WHERE m.id = ?1",
                        error);
  if (stmt == NULL)
    return NULL;
  dg_stmt_bind_int64 (stmt, 1, id);
  if (!dg_db_step (db, stmt, &has_row, error))
    return NULL;
  if (!has_row)
    {
      dg_stmt_reset (stmt);
      g_set_error (error, DG_ERROR, DG_ERROR_NOT_FOUND, _("No meeting “%" PRId64 "”"), id);
      return NULL;
    }

  referral_id = dg_stmt_column_int64 (stmt, 1);
  json_object_set_int_member (m, "id", dg_stmt_column_int64 (stmt, 0));
  json_object_set_int_member (m, "referral", referral_id);
  set_text (m, "reference", stmt, 2);
  set_text (m, "kind", stmt, 3);
  set_text (m, "at", stmt, 4);
  set_text (m, "chair", stmt, 5);
  if (dg_stmt_column_is_null (stmt, 6))
    json_object_set_null_member (m, "outcome");
  else
    {
      JsonObject *o = json_object_new ();
      set_text (o, "determination", stmt, 6);
      json_object_set_boolean_member (o, "s47", dg_stmt_column_int (stmt, 7));
      set_text (o, "summary", stmt, 8);
      set_text (o, "at", stmt, 9);
      set_text (o, "by", stmt, 10);
      json_object_set_object_member (m, "outcome", o);
    }
  dg_stmt_reset (stmt);

  invitees = rows_of_meeting (db, "SELECT agency, name, organisation, status, invited_at FROM invitee WHERE meeting_id = ?1 ORDER BY id",
                              id, (const char *[]) { "agency", "name", "org", "status", "invited_at", NULL }, error);
  if (invitees == NULL)
    return NULL;
  json_object_set_array_member (m, "invitees", invitees);
  actions = rows_of_meeting (db, "SELECT action, owner, due FROM meeting_action WHERE meeting_id = ?1 ORDER BY id",
                             id, (const char *[]) { "action", "owner", "due", NULL }, error);
  if (actions == NULL)
    return NULL;
  json_object_set_array_member (m, "actions", actions);

  done = completeness (db, id, referral_id, error);
  if (done == NULL)
    return NULL;
  json_object_set_array_member (m, "excused", json_array_ref (json_object_get_array_member (done, "excused")));
  json_object_set_object_member (m, "completeness", done);

  return json_node_init_object (json_node_alloc (), m);
}

static char *
day_bound (const char  *date,
           gboolean     end,
           GError     **error,
           const char  *field)
{
  GDate d;

  if (date == NULL)
    return g_strdup (end ? "9999-12-31T23:59:59" : "0000-01-01T00:00:00");
  if (!dg_date_parse (date, field, &d, error))
    return NULL;
  return g_strdup_printf ("%sT%s", date, end ? "23:59:59" : "00:00:00");
}

/* The meetings held in [@from, @to] (dates; either may be %NULL), newest
 * first, as (meeting id, referral id) pairs. */
static GArray *
meetings_held (DgDb        *db,
               const char  *from,
               const char  *to,
               GError     **error)
{
  g_autofree char *lo = day_bound (from, FALSE, error, "from");
  g_autofree char *hi = lo ? day_bound (to, TRUE, error, "to") : NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64) * 2);
  DgStmt *stmt;
  gboolean has_row = FALSE;

  if (hi == NULL)
    return NULL;
  stmt = dg_db_prepare (db, "SELECT id, referral_id FROM meeting WHERE held_at BETWEEN ?1 AND ?2 ORDER BY held_at DESC, id DESC", error);
  if (stmt == NULL)
    return NULL;
  dg_stmt_bind_text (stmt, 1, lo);
  dg_stmt_bind_text (stmt, 2, hi);
  while (dg_db_step (db, stmt, &has_row, error) && has_row)
    {
      gint64 pair[2] = { dg_stmt_column_int64 (stmt, 0), dg_stmt_column_int64 (stmt, 1) };
      g_array_append_val (ids, pair);
    }
  dg_stmt_reset (stmt);
  if (error != NULL && *error != NULL)
    return NULL;
  return g_steal_pointer (&ids);
}

JsonArray *
dg_meeting_list (DgDb        *db,
                 gboolean     incomplete_only,
                 const char  *from,
                 const char  *to,
                 guint        limit,
                 GError     **error)
{
  g_autoptr(JsonArray) items = json_array_new ();
  g_autoptr(GArray) ids = NULL;
  g_auto(DgDbSnapshot) snapshot = { 0 };

  /* One snapshot for every meeting's reads: one lock, not one per statement. */
  if (!dg_db_snapshot (db, &snapshot, error))
    return NULL;
  ids = meetings_held (db, from, to, error);
  if (ids == NULL)
    return NULL;

  for (guint i = 0; i < ids->len && (limit == 0 || json_array_get_length (items) < limit); i++)
    {
      gint64 *pair = &g_array_index (ids, gint64, i * 2);
      g_autoptr(JsonNode) shown = dg_meeting_show (db, pair[0], error);
      JsonObject *m, *c, *summary;

      if (shown == NULL)
        return NULL;
      m = json_node_get_object (shown);
      c = json_object_get_object_member (m, "completeness");
      if (incomplete_only && json_object_get_boolean_member (c, "complete"))
        continue;

      summary = json_object_new ();
      json_object_set_int_member (summary, "id", pair[0]);
      json_object_set_int_member (summary, "referral", pair[1]);
      json_object_set_string_member (summary, "reference", json_object_get_string_member (m, "reference"));
      json_object_set_string_member (summary, "kind", json_object_get_string_member (m, "kind"));
      json_object_set_string_member (summary, "at", json_object_get_string_member (m, "at"));
      json_object_set_member (summary, "chair", json_node_copy (json_object_get_member (m, "chair")));
      json_object_set_boolean_member (summary, "complete", json_object_get_boolean_member (c, "complete"));
      json_object_set_array_member (summary, "missing", json_array_ref (json_object_get_array_member (c, "missing")));
      json_object_set_int_member (summary, "invitees", json_array_get_length (json_object_get_array_member (m, "invitees")));
      json_object_set_member (summary, "outcome", json_node_copy (json_object_get_member (m, "outcome")));
      json_array_add_object_element (items, summary);
    }

  return g_steal_pointer (&items);
}

gboolean
dg_meeting_period_counts (DgDb        *db,
                          const char  *from,
                          const char  *to,
                          guint       *held,
                          guint       *complete,
                          GArray      *referrals,
                          GError     **error)
{
  g_autoptr(GArray) ids = NULL;
  g_auto(DgDbSnapshot) snapshot = { 0 };

  if (!dg_db_snapshot (db, &snapshot, error))
    return FALSE;
  ids = meetings_held (db, from, to, error);
  if (ids == NULL)
    return FALSE;

  *held = ids->len;
  *complete = 0;
  /* Completeness alone, without the rest of each meeting's record. */
  for (guint i = 0; i < ids->len; i++)
    {
      gint64 *pair = &g_array_index (ids, gint64, i * 2);
      JsonObject *done = completeness (db, pair[0], pair[1], error);

      if (done == NULL)
        return FALSE;
      *complete += json_object_get_boolean_member (done, "complete");
      json_object_unref (done);
      g_array_append_val (referrals, pair[1]);
    }
  return TRUE;
}

JsonNode *
dg_meeting_agency_shares (DgDb        *db,
                          const char  *from,
                          const char  *to,
                          GError     **error)
{
  g_autofree char *lo = day_bound (from, FALSE, error, "from");
  g_autofree char *hi = lo ? day_bound (to, TRUE, error, "to") : NULL;
  g_auto(DgDbSnapshot) snapshot = { 0 };
  JsonObject *result;
  JsonArray *agencies;
  DgStmt *stmt;
  gboolean has_row = FALSE;
  gint64 meetings;

  if (hi == NULL || !dg_db_snapshot (db, &snapshot, error))
    return NULL;

  stmt = dg_db_prepare (db, "SELECT count(*) FROM meeting WHERE held_at BETWEEN ?1 AND ?2", error);
  if (stmt == NULL)
    return NULL;
  dg_stmt_bind_text (stmt, 1, lo);
  dg_stmt_bind_text (stmt, 2, hi);
  if (!dg_db_step (db, stmt, &has_row, error))
    return NULL;
  meetings = dg_stmt_column_int64 (stmt, 0);
  dg_stmt_reset (stmt);

  /* Per agency: meetings that invited it, and meetings it attended. */
  stmt = dg_db_prepare (db,
                        "SELECT i.agency, count (DISTINCT i.meeting_id), "
                        "  count (DISTINCT CASE WHEN i.status = 'attended' THEN i.meeting_id END) "
                        "FROM invitee i JOIN meeting m ON m.id = i.meeting_id "
                        "WHERE m.held_at BETWEEN ?1 AND ?2 GROUP BY i.agency",
                        error);
  if (stmt == NULL)
    return NULL;
  dg_stmt_bind_text (stmt, 1, lo);
  dg_stmt_bind_text (stmt, 2, hi);

  result = json_object_new ();
  agencies = json_array_new ();
  {
    g_autoptr(GHashTable) counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

    while (dg_db_step (db, stmt, &has_row, error) && has_row)
      {
        gint64 *pair = g_new (gint64, 2);
        pair[0] = dg_stmt_column_int64 (stmt, 1);
        pair[1] = dg_stmt_column_int64 (stmt, 2);
        g_hash_table_insert (counts, g_strdup (col_text (stmt, 0)), pair);
      }
    dg_stmt_reset (stmt);

    for (const DgTerm *t = dg_vocab_terms (DG_VOCAB_MEETING_AGENCY); t->id != NULL; t++)
      {
        gint64 *pair = g_hash_table_lookup (counts, t->id);
        gint64 invited = pair ? pair[0] : 0, attended = pair ? pair[1] : 0;
        double invited_share = meetings ? (double) invited / meetings : 0;
        double attended_share = meetings ? (double) attended / meetings : 0;
        JsonObject *a = json_object_new ();

        json_object_set_string_member (a, "agency", t->id);
        json_object_set_int_member (a, "invited", invited);
        json_object_set_int_member (a, "attended", attended);
        json_object_set_double_member (a, "invited_share", invited_share);
        json_object_set_double_member (a, "attended_share", attended_share);
        json_object_set_string_member (a, "invited_word", meetings ? dg_quantity_word (invited_share) : "none");
        json_object_set_string_member (a, "attended_word", meetings ? dg_quantity_word (attended_share) : "none");
        json_array_add_object_element (agencies, a);
      }
  }

  json_object_set_int_member (result, "meetings", meetings);
  json_object_set_array_member (result, "agencies", agencies);
  if (error != NULL && *error != NULL)
    {
      json_object_unref (result);
      return NULL;
    }
  return json_node_init_object (json_node_alloc (), result);
}

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
      !check_length ("notes", notes, MAX_TEXT, error))
    return FALSE;
  when = event_time (db, "at", at, FALSE, error);
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

const char *
dg_quantity_word (double share)
{
  double pct = share * 100.0;

  if (pct >= 100.0) return "all";
  if (pct >= 90.0) return "most";
  if (pct >= 70.0) return "many";
  if (pct > 60.0) return "a-majority";
  if (pct > 49.5 && pct < 50.5) return "half";
  if (pct >= 40.0) return "around-half";
  if (pct >= 20.0) return "a-minority";
  if (pct >= 10.0) return "few";
  if (pct > 0.0) return "very-few";
  return "none";
}

const char *
dg_quantity_label (const char *word)
{
  static const DgTerm words[] = {
    { "all", N_("all") },
    { "most", N_("most") },
    { "many", N_("many") },
    { "a-majority", N_("the majority") },
    { "half", N_("half") },
    { "around-half", N_("around half") },
    { "a-minority", N_("a minority") },
    { "few", N_("few") },
    { "very-few", N_("very few") },
    { "none", N_("none") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    if (g_strcmp0 (words[i].id, word) == 0)
      return g_dgettext (GETTEXT_PACKAGE, words[i].label);
  return word;
}
