#include "config.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>

#include "dg-json.h"
#include "dg-meetings-private.h"
#include "dg-time.h"
#include "dg-vocab.h"

/* ---- Small helpers ----------------------------------------------------------- */

gboolean
dg_meeting_check_length (const char *field,
                         const char *value,
                         glong       max,
                         GError    **error)
{
  if (value != NULL && g_utf8_strlen (value, -1) > max)
    {
      dg_error_set_field (error, DG_ERROR_INVALID, field, NULL, _("Longer than %ld characters"), max);
      return FALSE;
    }
  return TRUE;
}

/* A stored time from @text, or now; never in the future. */
char *
dg_meeting_event_time (DgDb       *db,
                       const char *field,
                       const char *text,
                       gboolean    may_be_future,
                       GError    **error)
{
  g_autoptr(GDateTime) now = dg_db_now (db);

  return dg_time_checked (now, field, text, may_be_future, error);
}

gboolean
dg_meeting_exists (DgDb    *db,
                   gint64   id,
                   gint64  *referral_id,
                   GError **error)
{
  DgStmt *stmt = dg_db_query (db, "SELECT referral_id FROM meeting WHERE id = ?1", error, DG_INT (id));

  if (stmt == NULL ||
      !dg_db_step_row (db, stmt, error, DG_ERROR_NOT_FOUND, NULL, _("No meeting “%" PRId64 "”"), id))
    return FALSE;
  if (referral_id != NULL)
    *referral_id = dg_stmt_column_int64 (stmt, 0);
  dg_stmt_reset (stmt);
  return TRUE;
}

/* @text, or %NULL when it is empty: nothing typed is stored as nothing. */
static const char *
unless_empty (const char *text)
{
  return text != NULL && *text != '\0' ? text : NULL;
}

/* ---- Expected agencies ----------------------------------------------------------- */

static void
expected_clear (gpointer data)
{
  DgExpected *e = data;

  g_free (e->name);
  g_free (e->organisation);
}

static void
expect (GArray     *list,
        const char *agency,
        const char *name,
        const char *organisation)
{
  DgExpected e = { NULL };

  for (guint i = 0; i < list->len; i++)
    if (g_str_equal (g_array_index (list, DgExpected, i).agency, agency))
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

/* The agencies the rules in force on the meeting's day expect (the view
 * meeting_expected, which the figures read too), in the vocabulary's order,
 * each named from the referral where it can be: the report-maker, the
 * child's school for education, an involved agency's contact. */
GArray *
dg_meeting_expected_agencies (DgDb    *db,
                              gint64   meeting_id,
                              gint64   referral_id,
                              GError **error)
{
  g_autoptr(GArray) list = g_array_new (FALSE, TRUE, sizeof (DgExpected));
  g_autoptr(GHashTable) wanted = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *maker = NULL, *maker_org = NULL, *school = NULL;
  DgStmt *stmt;
  gboolean has_row = FALSE;

  g_array_set_clear_func (list, expected_clear);

  stmt = dg_db_query (db, "SELECT DISTINCT agency FROM meeting_expected WHERE meeting_id = ?1", error, DG_INT (meeting_id));
  if (stmt == NULL)
    return NULL;
  while (dg_db_step (db, stmt, &has_row, error) && has_row)
    g_hash_table_add (wanted, g_strdup (dg_stmt_column_text (stmt, 0)));
  dg_stmt_reset (stmt);
  if (error != NULL && *error != NULL)
    return NULL;

  stmt = dg_db_query (db,
                      "SELECT p.name, p.organisation, p.agency, p.anonymous, "
                      "  (SELECT school FROM child c WHERE c.referral_id = r.id AND school IS NOT NULL ORDER BY position LIMIT 1) "
                      "FROM referral r LEFT JOIN reporter p ON p.id = r.reporter_id WHERE r.id = ?1",
                      error, DG_INT (referral_id));
  if (stmt == NULL || !dg_db_step (db, stmt, &has_row, error))
    return NULL;
  if (has_row)
    {
      if (!dg_stmt_column_int (stmt, 3))
        maker = g_strdup (dg_stmt_column_text (stmt, 0));
      maker_org = g_strdup (dg_stmt_column_text (stmt, 1));
      school = g_strdup (dg_stmt_column_text (stmt, 4));
      /* A school that made the report is education at the table too. */
      if (g_strcmp0 (dg_stmt_column_text (stmt, 2), "education") == 0 && school == NULL)
        school = g_strdup (dg_stmt_column_text (stmt, 1));
    }
  dg_stmt_reset (stmt);

  /* The minimum first, then the usual table, then the rest. */
  for (guint i = 0; i < 5; i++)
    {
      const char *agency = (const char *[]) { "police", "social-services", "report-maker", "education", "health" }[i];

      if (g_hash_table_contains (wanted, agency))
        expect (list, agency, i == 2 ? maker : NULL, i == 2 ? maker_org : i == 3 ? school : NULL);
    }
  for (const DgTerm *t = dg_vocab_terms (DG_VOCAB_MEETING_AGENCY); t->id != NULL; t++)
    if (g_hash_table_contains (wanted, t->id))
      expect (list, t->id, NULL, NULL);

  stmt = dg_db_query (db, "SELECT agency, name, organisation FROM involved_agency WHERE referral_id = ?1 ORDER BY id",
                      error, DG_INT (referral_id));
  if (stmt == NULL)
    return NULL;
  while (dg_db_step (db, stmt, &has_row, error) && has_row)
    {
      const char *agency = dg_stmt_column_text (stmt, 0);
      /* An involved agency of a kind already expected adds its contact. */
      for (guint i = 0; i < list->len; i++)
        {
          DgExpected *e = &g_array_index (list, DgExpected, i);
          if (g_str_equal (e->agency, agency) && e->name == NULL)
            {
              e->name = g_strdup (dg_stmt_column_text (stmt, 1));
              if (e->organisation == NULL)
                e->organisation = g_strdup (dg_stmt_column_text (stmt, 2));
            }
        }
    }
  dg_stmt_reset (stmt);
  if (error != NULL && *error != NULL)
    return NULL;

  return g_steal_pointer (&list);
}

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
  return dg_db_run (db,
                    "INSERT INTO invitee (meeting_id, agency, name, organisation, invited_at) "
                    "VALUES (?1, ?2, ?3, ?4, ?5)",
                    error, DG_INT (id), DG_TEXT (agency), DG_TEXT (name), DG_TEXT (organisation), DG_TEXT (at)) &&
         /* Inviting an agency ends any exception recorded for it. */
         dg_db_run (db, "DELETE FROM meeting_exception WHERE meeting_id = ?1 AND agency = ?2",
                    error, DG_INT (id), DG_TEXT (agency)) &&
         dg_db_audit_printf (db, "meeting", id, "invite", error, "{\"agency\":\"%s\",\"at\":\"%s\"}", agency, at);
}

gint64
dg_meeting_add (DgDb       *db,
                gint64      referral_id,
                const char *kind,
                const char *at,
                const char *chair,
                gboolean    invite_expected,
                GError    **error)
{
  g_autofree char *when = NULL;
  g_autofree char *now = NULL;
  g_autoptr(GArray) expected = NULL;
  g_auto(DgDbWrite) write = { 0 };
  DgStmt *stmt;
  gint64 id = 0;
  gboolean ok;

  if (kind == NULL)
    kind = "discussion";
  if (!dg_vocab_check (DG_VOCAB_MEETING_KIND, "kind", kind, error) ||
      !dg_meeting_check_length ("chair", chair, DG_MEETING_MAX_SHORT, error))
    return 0;
  /* A meeting may be booked ahead; "now" when not given. */
  when = dg_meeting_event_time (db, "at", at, TRUE, error);
  if (when == NULL)
    return 0;

  stmt = dg_db_query (db, "SELECT 1 FROM referral WHERE id = ?1", error, DG_INT (referral_id));
  if (stmt == NULL ||
      !dg_db_step_row (db, stmt, error, DG_ERROR_NOT_FOUND, "referral", _("No referral “%" PRId64 "”"), referral_id))
    return 0;
  dg_stmt_reset (stmt);

  now = dg_db_now_string (db);
  if (!dg_db_write (db, &write, error))
    return 0;
  /* RETURNING id: no second round trip for the id on PostgreSQL. */
  stmt = dg_db_query (db, "INSERT INTO meeting (referral_id, kind, held_at, chair, created_at) VALUES (?1, ?2, ?3, ?4, ?5) RETURNING id",
                      error, DG_INT (referral_id), DG_TEXT (kind), DG_TEXT (when), DG_TEXT (unless_empty (chair)), DG_TEXT (now));
  ok = dg_db_step_int64 (db, stmt, &id, error);
  /* Who is expected depends on the day it is held: asked of the meeting. */
  if (ok && invite_expected)
    ok = (expected = dg_meeting_expected_agencies (db, id, referral_id, error)) != NULL;
  for (guint i = 0; ok && expected != NULL && i < expected->len; i++)
    {
      DgExpected *e = &g_array_index (expected, DgExpected, i);
      ok = insert_invitee (db, id, e->agency, e->name, e->organisation, now, error);
    }
  if (ok &&
      dg_db_audit_printf (db, "meeting", id, "create", error, "{\"referral\":%" PRId64 ",\"kind\":\"%s\",\"at\":\"%s\"}",
                          referral_id, kind, when) &&
      dg_db_audit (db, "referral", referral_id, "meeting", NULL, error) &&
      dg_db_commit (db, error))
    return id;

  if (error != NULL && *error == NULL)
    g_set_error (error, DG_ERROR, DG_ERROR_FAILED, _("The meeting could not be saved."));
  return 0;
}

gboolean
dg_meeting_invite (DgDb       *db,
                   gint64      id,
                   const char *agency,
                   const char *name,
                   const char *organisation,
                   const char *at,
                   GError    **error)
{
  g_autofree char *when = NULL;
  g_auto(DgDbWrite) write = { 0 };

  if (agency == NULL)
    {
      dg_error_set_field (error, DG_ERROR_INVALID, "agency", NULL, _("Required"));
      return FALSE;
    }
  if (!dg_vocab_check (DG_VOCAB_MEETING_AGENCY, "agency", agency, error) ||
      !dg_meeting_check_length ("name", name, DG_MEETING_MAX_SHORT, error) ||
      !dg_meeting_check_length ("org", organisation, DG_MEETING_MAX_SHORT, error) ||
      !dg_meeting_exists (db, id, NULL, error))
    return FALSE;
  when = dg_meeting_event_time (db, "at", at, FALSE, error);
  if (when == NULL)
    return FALSE;

  return dg_db_write (db, &write, error) &&
         insert_invitee (db, id, agency, name, organisation, when, error) &&
         dg_db_commit (db, error);
}

gboolean
dg_meeting_invite_expected (DgDb       *db,
                            gint64      id,
                            const char *agency,
                            GError    **error)
{
  g_autoptr(GArray) expected = NULL;
  g_autoptr(JsonObject) done = NULL;
  g_autofree char *now = dg_db_now_string (db);
  g_auto(DgDbWrite) write = { 0 };
  JsonArray *missing;
  gint64 referral_id = 0;

  if (agency != NULL && !dg_vocab_check (DG_VOCAB_MEETING_AGENCY, "agency", agency, error))
    return FALSE;
  if (!dg_meeting_exists (db, id, &referral_id, error))
    return FALSE;
  expected = dg_meeting_expected_agencies (db, id, referral_id, error);
  done = expected ? dg_meeting_completeness_of (db, id, referral_id, error) : NULL;
  if (done == NULL)
    return FALSE;
  missing = json_object_get_array_member (done, "missing");

  if (!dg_db_write (db, &write, error))
    return FALSE;
  for (guint i = 0; i < expected->len; i++)
    {
      DgExpected *e = &g_array_index (expected, DgExpected, i);
      gboolean is_missing = FALSE;

      for (guint j = 0; j < json_array_get_length (missing); j++)
        is_missing |= g_str_equal (json_array_get_string_element (missing, j), e->agency);
      if (agency != NULL ? !g_str_equal (agency, e->agency) : !is_missing)
        continue;
      if (!insert_invitee (db, id, e->agency, e->name, e->organisation, now, error))
        return FALSE;
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
  DgStmt *stmt = dg_db_query (db,
                              "SELECT actor, at FROM audit WHERE entity = 'meeting' AND entity_id = ?1 "
                              "AND action = 'response' AND detail LIKE ?2 ORDER BY id DESC LIMIT 1",
                              NULL, DG_INT (id), DG_TEXT (pattern));
  gboolean has_row = FALSE;
  char *said;

  if (stmt == NULL)
    return g_strdup (_("someone"));
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
dg_meeting_response (DgDb       *db,
                     gint64      id,
                     const char *agency,
                     const char *status,
                     const char *was,
                     GError    **error)
{
  g_auto(DgDbWrite) write = { 0 };
  DgStmt *stmt;

  if (agency == NULL || status == NULL)
    {
      dg_error_set_field (error, DG_ERROR_INVALID, agency == NULL ? "agency" : "status", NULL, _("Required"));
      return FALSE;
    }
  if (!dg_vocab_check (DG_VOCAB_MEETING_AGENCY, "agency", agency, error) ||
      !dg_vocab_check (DG_VOCAB_RESPONSE, "status", status, error) ||
      (was != NULL && !dg_vocab_check (DG_VOCAB_RESPONSE, "was", was, error)) ||
      !dg_meeting_exists (db, id, NULL, error))
    return FALSE;

  /* Read under the write lock: a response someone else recorded since this
   * one's author saw @was is never replaced unseen. */
  if (!dg_db_write (db, &write, error))
    return FALSE;
  stmt = dg_db_query (db, "SELECT status FROM invitee WHERE meeting_id = ?1 AND agency = ?2 LIMIT 1",
                      error, DG_INT (id), DG_TEXT (agency));
  if (stmt == NULL ||
      !dg_db_step_row (db, stmt, error, DG_ERROR_INVALID, "agency",
                       _("%s was not invited to this meeting; invite it first"), agency))
    return FALSE;
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
      return FALSE;
    }
  dg_stmt_reset (stmt);
  return dg_db_run (db, "UPDATE invitee SET status = ?3 WHERE meeting_id = ?1 AND agency = ?2",
                    error, DG_INT (id), DG_TEXT (agency), DG_TEXT (status)) &&
         dg_db_audit_printf (db, "meeting", id, "response", error, "{\"agency\":\"%s\",\"status\":\"%s\"}", agency, status) &&
         dg_db_commit (db, error);
}

gboolean
dg_meeting_not_invited (DgDb       *db,
                        gint64      id,
                        const char *agency,
                        const char *reason,
                        GError    **error)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (reason ? reason : ""));
  g_autofree char *now = dg_db_now_string (db);
  g_auto(DgDbWrite) write = { 0 };

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
  if (!dg_meeting_check_length ("reason", trimmed, DG_MEETING_MAX_SHORT, error) ||
      !dg_meeting_exists (db, id, NULL, error))
    return FALSE;

  return dg_db_write (db, &write, error) &&
         dg_db_run (db, "DELETE FROM invitee WHERE meeting_id = ?1 AND agency = ?2",
                    error, DG_INT (id), DG_TEXT (agency)) &&
         dg_db_run (db,
                    "INSERT INTO meeting_exception (meeting_id, agency, reason, recorded_by, recorded_at) "
                    "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (meeting_id, agency) DO UPDATE SET reason = excluded.reason",
                    error, DG_INT (id), DG_TEXT (agency), DG_TEXT (trimmed), DG_TEXT (dg_db_get_actor (db)), DG_TEXT (now)) &&
         dg_db_audit_printf (db, "meeting", id, "not-invited", error, "{\"agency\":\"%s\"}", agency) &&
         dg_db_commit (db, error);
}

gboolean
dg_meeting_amend (DgDb       *db,
                  gint64      id,
                  const char *at,
                  const char *chair,
                  const char *reason,
                  GError    **error)
{
  g_autofree char *when = NULL, *held = NULL, *was_chair = NULL, *detail = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_auto(DgDbWrite) write = { 0 };
  const char *new_chair = chair != NULL ? unless_empty (chair) : NULL;
  gint64 referral_id = 0;
  gboolean chair_moves;
  DgStmt *stmt;

  if (at == NULL && chair == NULL)
    {
      g_set_error (error, DG_ERROR, DG_ERROR_INVALID, _("Nothing to amend: give the new time or the new chair"));
      return FALSE;
    }
  if (!dg_meeting_check_length ("chair", chair, DG_MEETING_MAX_SHORT, error) ||
      !dg_meeting_check_length ("reason", reason, DG_MEETING_MAX_TEXT, error))
    return FALSE;
  /* A meeting may be booked ahead, as when it was added. */
  if (at != NULL && (when = dg_meeting_event_time (db, "at", at, TRUE, error)) == NULL)
    return FALSE;

  if (!dg_db_write (db, &write, error))
    return FALSE;
  stmt = dg_db_query (db, "SELECT referral_id, held_at, chair FROM meeting WHERE id = ?1", error, DG_INT (id));
  if (stmt == NULL ||
      !dg_db_step_row (db, stmt, error, DG_ERROR_NOT_FOUND, "MID", _("No meeting “%" PRId64 "”"), id))
    return FALSE;
  referral_id = dg_stmt_column_int64 (stmt, 0);
  held = g_strdup (dg_stmt_column_text (stmt, 1));
  was_chair = g_strdup (dg_stmt_column_text (stmt, 2));
  dg_stmt_reset (stmt);

  chair_moves = chair != NULL && g_strcmp0 (was_chair, new_chair) != 0;
  if ((when == NULL || g_strcmp0 (when, held) == 0) && !chair_moves)
    return TRUE;   /* as recorded already: nothing to record */

  json_builder_begin_object (b);
  if (when != NULL && g_strcmp0 (when, held) != 0)
    dg_json_add_text_change (b, "at", held, when);
  if (chair_moves)
    dg_json_add_text_change (b, "chair", was_chair, new_chair);
  if (reason != NULL && *reason != '\0')
    {
      json_builder_set_member_name (b, "reason");
      json_builder_add_string_value (b, reason);
    }
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  detail = json_to_string (root, FALSE);

  /* The clocks that count from when it was held follow by trigger. */
  return dg_db_run (db,
                    "UPDATE meeting SET held_at = coalesce (?2, held_at), "
                    "  chair = CASE WHEN ?3 = 1 THEN ?4 ELSE chair END WHERE id = ?1",
                    error, DG_INT (id), DG_TEXT (when), DG_INT (chair_moves), DG_TEXT (new_chair)) &&
         dg_db_audit (db, "meeting", id, "amend", detail, error) &&
         dg_db_audit (db, "referral", referral_id, "meeting-amend", NULL, error) &&
         dg_db_commit (db, error);
}

gboolean
dg_meeting_outcome (DgDb       *db,
                    gint64      id,
                    const char *determination,
                    int         s47,
                    const char *summary,
                    const char *at,
                    GError    **error)
{
  g_autofree char *when = NULL;
  g_auto(DgDbWrite) write = { 0 };
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
      !dg_meeting_check_length ("summary", summary, DG_MEETING_MAX_TEXT, error) ||
      !dg_meeting_exists (db, id, &referral_id, error))
    return FALSE;
  /* The enquiry and its determination are one answer: no enquiry has no
   * finding, and every finding comes from an enquiry. */
  if (s47 < 0)
    s47 = !g_str_equal (determination, "none");
  if (s47 == 0 && !g_str_equal (determination, "none"))
    {
      dg_error_set_field (error, DG_ERROR_INVALID, "s47", NULL,
                          _("A determination of “%s” needs a section 47 enquiry"), determination);
      return FALSE;
    }
  if (s47 > 0 && g_str_equal (determination, "none"))
    {
      dg_error_set_field (error, DG_ERROR_INVALID, "s47", "yes",
                          _("A section 47 enquiry needs its determination, not “%s”: give what the enquiry found"),
                          dg_vocab_label (DG_VOCAB_DETERMINATION, "none"));
      return FALSE;
    }
  when = dg_meeting_event_time (db, "at", at, FALSE, error);
  if (when == NULL)
    return FALSE;

  /* Checked under the write lock: two people recording the outcome at once
   * never both succeed, and the second learns whose stands. */
  if (!dg_db_write (db, &write, error))
    return FALSE;
  stmt = dg_db_query (db, "SELECT decided_by, decided_at FROM meeting_outcome WHERE meeting_id = ?1", error, DG_INT (id));
  if (stmt == NULL || !dg_db_step (db, stmt, &has_row, error))
    return FALSE;
  if (has_row)
    {
      g_autofree char *recorded = g_strndup (dg_stmt_column_text (stmt, 1), 16);

      g_strdelimit (recorded, "T", ' ');

      dg_error_set_field (error, DG_ERROR_INVALID, "MID", NULL,
                   _("the outcome was already recorded by %s at %s; it is never overwritten"),
                   dg_stmt_column_text (stmt, 0), recorded);
      dg_stmt_reset (stmt);
      return FALSE;
    }
  dg_stmt_reset (stmt);
  return dg_db_run (db,
                    "INSERT INTO meeting_outcome (meeting_id, s47, determination, summary, decided_at, decided_by) "
                    "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                    error, DG_INT (id), DG_INT (s47), DG_TEXT (determination), DG_TEXT (unless_empty (summary)),
                    DG_TEXT (when), DG_TEXT (dg_db_get_actor (db))) &&
         dg_db_audit_printf (db, "meeting", id, "outcome", error, "{\"determination\":\"%s\",\"s47\":%s}",
                             determination, s47 ? "true" : "false") &&
         dg_db_audit (db, "referral", referral_id, "meeting-outcome", NULL, error) &&
         dg_db_commit (db, error);
}

gboolean
dg_meeting_add_action (DgDb       *db,
                       gint64      id,
                       const char *action,
                       const char *owner,
                       const char *due,
                       GError    **error)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (action ? action : ""));
  g_auto(DgDbWrite) write = { 0 };
  GDate date;

  if (*trimmed == '\0')
    {
      g_set_error (error, DG_ERROR, DG_ERROR_INVALID, _("action: say what is to be done"));
      return FALSE;
    }
  if (!dg_meeting_check_length ("action", trimmed, DG_MEETING_MAX_SHORT, error) ||
      !dg_meeting_check_length ("owner", owner, DG_MEETING_MAX_SHORT, error) ||
      (unless_empty (due) != NULL && !dg_date_parse (due, "due", &date, error)) ||
      !dg_meeting_exists (db, id, NULL, error))
    return FALSE;

  return dg_db_write (db, &write, error) &&
         dg_db_run (db, "INSERT INTO meeting_action (meeting_id, action, owner, due) VALUES (?1, ?2, ?3, ?4)",
                    error, DG_INT (id), DG_TEXT (trimmed), DG_TEXT (unless_empty (owner)), DG_TEXT (unless_empty (due))) &&
         dg_db_audit_printf (db, "meeting", id, "action", error, "{}") &&
         dg_db_commit (db, error);
}
