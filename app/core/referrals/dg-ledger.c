#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>

#include "dg-clocks.h"
#include "dg-json.h"
#include "dg-ledger.h"
#include "dg-meetings.h"
#include "dg-referrals-private.h"
#include "dg-time.h"
#include "dg-vocab.h"
#include "dg-workdays.h"

/* The report-maker's ledger and the active offer (issue 23). The entries
 * are never changed: a step is a new entry, and the clocks (dg-clocks.c)
 * read the latest of each kind. */

static const char * const disagreement_steps[] = { "raised", "discussed", "escalated", "resolved", NULL };
static const char * const persons[] = { "report-maker", "child", "parent", NULL };
static const char * const choices[] = { "en", "cy", "declined", NULL };

/* ---- Reading ---------------------------------------------------------------- */

static void
marks_clear (gpointer data)
{
  DgClockMark *mark = data;

  g_free (mark->at);
  g_free (mark->kind);
}

static GArray *
marks_new (void)
{
  GArray *marks = g_array_new (FALSE, TRUE, sizeof (DgClockMark));

  g_array_set_clear_func (marks, marks_clear);
  return marks;
}

static void
marks_add (GArray     *marks,
           const char *kind,
           const char *at)
{
  DgClockMark mark = { g_strdup (at), g_strdup (kind) };

  g_array_append_val (marks, mark);
}

/* The due date (YYYY-MM-DD) of @clock started at @start, and when @marks
 * stopped it (%NULL: still running; owned by @marks). */
static char *
ledger_clock (DgDb         *db,
              DgCalendar   *calendar,
              const char   *clock,
              const char   *start,
              GArray       *marks,
              const char  **done,
              GError      **error)
{
  GDate due;

  if (!dg_clock_due (db, calendar, clock, start, &due, error))
    return NULL;
  *done = dg_clock_stopped_at (clock, start, (const DgClockMark *) (gpointer) marks->data, marks->len);
  return dg_date_to_string (&due);
}

/* @stmt's rows as dg_db_rows () reads them (the first column the id, read as
 * text), the id then made a number, as everywhere else. */
static JsonArray *
rows_with_ids (DgDb               *db,
               DgStmt             *stmt,
               const char * const *names,
               GError            **error)
{
  JsonArray *rows = dg_db_rows (db, stmt, names, error);

  for (guint i = 0; rows != NULL && i < json_array_get_length (rows); i++)
    {
      JsonObject *o = json_array_get_object_element (rows, i);

      json_object_set_int_member (o, "id", g_ascii_strtoll (dg_json_text (o, "id"), NULL, 10));
    }
  return rows;
}

JsonArray *
dg_ledger_list (DgDb     *db,
                gint64    referral_id,
                GError  **error)
{
  g_autoptr(JsonArray) entries = NULL;
  g_autoptr(GArray) marks = marks_new ();
  g_autoptr(DgCalendar) calendar = NULL;
  g_autoptr(GDateTime) now = dg_db_now (db);
  gboolean has_row = FALSE;
  GError *local_error = NULL;
  DgStmt *stmt;

  g_return_val_if_fail (DG_IS_DB (db), NULL);

  stmt = dg_db_query (db,
                      "SELECT CAST (id AS text), kind, step, note, at, recorded_by, recorded_at FROM ledger_entry "
                      "WHERE referral_id = ?1 ORDER BY at, id",
                      error, DG_INT (referral_id));
  if (stmt == NULL)
    return NULL;
  entries = rows_with_ids (db, stmt, (const char *[]) { "id", "kind", "step", "note", "at", "by", "recorded_at", NULL },
                           error);
  if (entries == NULL)
    return NULL;
  if (json_array_get_length (entries) == 0)
    return g_steal_pointer (&entries);

  /* What stops the clocks: the entries themselves, and the letters sent. */
  stmt = dg_db_query (db, DG_CLOCKS_LEDGER_MARKS_SQL ("", "", "= ?1", ""), error, DG_INT (referral_id));
  if (stmt == NULL)
    return NULL;
  while (dg_db_step (db, stmt, &has_row, &local_error) && has_row)
    marks_add (marks, dg_stmt_column_text (stmt, 0), dg_stmt_column_text (stmt, 1));
  dg_stmt_reset (stmt);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }
  calendar = dg_calendar_load (db, error);
  if (calendar == NULL)
    return NULL;

  for (guint i = 0; i < json_array_get_length (entries); i++)
    {
      JsonObject *o = json_array_get_object_element (entries, i);
      g_autofree char *kind = g_strdup_printf ("%s:%s", dg_json_text (o, "kind"), dg_json_text (o, "step"));
      const char *clock = dg_clock_started_by (kind);
      const char *done = NULL;
      g_autofree char *due = NULL;
      GDate due_date;

      if (clock == NULL)
        {
          json_object_set_null_member (o, "clock");
          json_object_set_null_member (o, "due");
          json_object_set_null_member (o, "done_at");
          json_object_set_null_member (o, "state");
          continue;
        }
      due = ledger_clock (db, calendar, clock, dg_json_text (o, "at"), marks, &done, error);
      if (due == NULL)
        return NULL;
      json_object_set_string_member (o, "clock", clock);
      json_object_set_string_member (o, "due", due);
      if (done != NULL)
        json_object_set_string_member (o, "done_at", done);
      else
        json_object_set_null_member (o, "done_at");
      dg_date_parse (due, "due", &due_date, NULL);
      json_object_set_string_member (o, "state", dg_clock_state (&due_date, done, now));
    }
  return g_steal_pointer (&entries);
}

JsonArray *
dg_ledger_offers (DgDb     *db,
                  gint64    referral_id,
                  GError  **error)
{
  g_autoptr(JsonArray) offers = NULL;
  DgStmt *stmt;

  g_return_val_if_fail (DG_IS_DB (db), NULL);

  stmt = dg_db_query (db,
                      "SELECT CAST (id AS text), person, person_name, choice, offered_at, recorded_by, recorded_at "
                      "FROM language_offer WHERE referral_id = ?1 ORDER BY offered_at, id",
                      error, DG_INT (referral_id));
  if (stmt == NULL)
    return NULL;
  offers = rows_with_ids (db, stmt, (const char *[]) { "id", "person", "name", "choice", "offered_at", "by", "recorded_at", NULL },
                          error);
  return g_steal_pointer (&offers);
}

/* The element of @array whose "id" is @id, or %NULL. */
static JsonObject *
find_id (JsonArray *array,
         gint64     id)
{
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonObject *o = json_array_get_object_element (array, i);

      if (json_object_get_int_member (o, "id") == id)
        return json_object_ref (o);
    }
  return NULL;
}

char *
dg_referral_letter_language (DgDb     *db,
                             gint64    referral_id,
                             GError  **error)
{
  const char *choice;
  char *language;
  DgStmt *stmt;

  g_return_val_if_fail (DG_IS_DB (db), NULL);

  stmt = dg_db_query (db,
                      "SELECT (SELECT choice FROM language_offer WHERE referral_id = r.id AND person = 'report-maker' "
                      "        ORDER BY offered_at DESC, id DESC LIMIT 1) "
                      "FROM referral r WHERE r.id = ?1",
                      error, DG_INT (referral_id));
  if (stmt == NULL ||
      !dg_db_step_row (db, stmt, error, DG_ERROR_NOT_FOUND, NULL, _("No referral “%" PRId64 "”"), referral_id))
    return NULL;
  choice = dg_stmt_column_text (stmt, 0);
  /* Unknown: both languages, Welsh first (the active offer). Declined is
   * the report-maker's choice of English. */
  language = g_strdup (choice == NULL ? "cy+en" : g_str_equal (choice, "cy") ? "cy" : "en");
  dg_stmt_reset (stmt);
  return language;
}

/* ---- Recording ---------------------------------------------------------------- */

/* @value, one of @allowed, for @field. */
static gboolean
check_choice (const char          *field,
              const char          *value,
              const char * const  *allowed,
              GError             **error)
{
  g_autofree char *list = NULL;

  if (value != NULL && g_strv_contains (allowed, value))
    return TRUE;
  list = g_strjoinv (" | ", (char **) allowed);
  if (value == NULL)
    dg_error_set_field (error, DG_ERROR_INVALID, field, NULL, _("Required (%s)"), list);
  else
    dg_error_set_field (error, DG_ERROR_INVALID, field, value, _("“%s” is not one of %s"), value, list);
  return FALSE;
}

static gboolean
check_note (const char  *note,
            GError     **error)
{
  g_autofree char *stripped = g_strstrip (g_strdup (note ? note : ""));
  glong length;

  if (*stripped == '\0')
    {
      dg_error_set_field (error, DG_ERROR_INVALID, "note", NULL, _("Required: say what was asked or agreed"));
      return FALSE;
    }
  if (!g_utf8_validate (note, -1, NULL))
    {
      dg_error_set_field (error, DG_ERROR_INVALID, "note", NULL, _("Not valid UTF-8 text"));
      return FALSE;
    }
  length = g_utf8_strlen (note, -1);
  if (length > DG_LEDGER_MAX_NOTE)
    {
      dg_error_set_field (error, DG_ERROR_INVALID, "note", NULL,
                          _("%ld characters; at most %d are kept"), length, DG_LEDGER_MAX_NOTE);
      return FALSE;
    }
  return TRUE;
}

/* Inside the write: the referral's receipt, which @time may not precede. */
static gboolean
check_after_receipt (DgDb        *db,
                     gint64       referral_id,
                     const char  *time,
                     const char  *typed,
                     GError     **error)
{
  g_autofree char *received = NULL;
  DgStmt *stmt = dg_db_query (db, "SELECT received_at FROM referral WHERE id = ?1", error, DG_INT (referral_id));

  if (stmt == NULL ||
      !dg_db_step_row (db, stmt, error, DG_ERROR_NOT_FOUND, NULL, _("No referral “%" PRId64 "”"), referral_id))
    return FALSE;
  received = g_strdup (dg_stmt_column_text (stmt, 0));
  dg_stmt_reset (stmt);
  if (strcmp (time, received) < 0)
    {
      dg_error_set_field (error, DG_ERROR_INVALID, "at", typed,
                          _("“%s” is before the report was received (%s)"), time, received);
      return FALSE;
    }
  return TRUE;
}

/* The latest entry of @kind: its step and time (both %NULL without one). */
static gboolean
latest_entry (DgDb        *db,
              gint64       referral_id,
              const char  *kind,
              const char  *step,
              char       **latest_step,
              char       **latest_at,
              GError     **error)
{
  gboolean has_row = FALSE;
  DgStmt *stmt;

  stmt = dg_db_query (db,
                      "SELECT step, at FROM ledger_entry WHERE referral_id = ?1 AND kind = ?2 "
                      "  AND (CAST (?3 AS TEXT) IS NULL OR step = ?3) "
                      "ORDER BY at DESC, id DESC LIMIT 1",
                      error, DG_INT (referral_id), DG_TEXT (kind), DG_TEXT (step));
  if (stmt == NULL || !dg_db_step (db, stmt, &has_row, error))
    return FALSE;
  *latest_step = has_row ? g_strdup (dg_stmt_column_text (stmt, 0)) : NULL;
  *latest_at = has_row ? g_strdup (dg_stmt_column_text (stmt, 1)) : NULL;
  dg_stmt_reset (stmt);
  return TRUE;
}

/* Inserts the entry and its audit row, commits, and reads it back. */
static JsonObject *
append_entry (DgDb        *db,
              gint64       referral_id,
              const char  *kind,
              const char  *step,
              const char  *note,
              const char  *time,
              GError     **error)
{
  g_autofree char *now = dg_db_now_string (db);
  g_autoptr(JsonArray) entries = NULL;
  gint64 entry_id = 0;
  DgStmt *stmt;

  stmt = dg_db_query (db,
                      "INSERT INTO ledger_entry (referral_id, kind, step, note, at, recorded_by, recorded_at) "
                      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id",
                      error, DG_INT (referral_id), DG_TEXT (kind), DG_TEXT (step), DG_TEXT (note), DG_TEXT (time),
                      DG_TEXT (dg_db_get_actor (db)), DG_TEXT (now));
  if (stmt == NULL || !dg_db_step_int64 (db, stmt, &entry_id, error) ||
      !dg_referral_new_version (db, referral_id, error) ||
      /* The note stays in the ledger, which is kept as long as the audit. */
      !dg_db_audit_printf (db, "referral", referral_id, kind, error,
                           "{\"entry\":%" PRId64 ",\"step\":\"%s\",\"at\":\"%s\"}", entry_id, step, time) ||
      !dg_db_commit (db, error))
    return NULL;

  entries = dg_ledger_list (db, referral_id, error);
  return entries != NULL ? find_id (entries, entry_id) : NULL;
}

JsonObject *
dg_ledger_chase (DgDb        *db,
                 gint64       referral_id,
                 const char  *note,
                 const char  *at,
                 gboolean     replied,
                 GError     **error)
{
  g_auto(DgDbWrite) write = { 0 };
  g_autofree char *time = NULL;
  g_autofree char *chased_at = NULL, *chased_step = NULL;
  g_autofree char *replied_at = NULL, *replied_step = NULL;

  g_return_val_if_fail (DG_IS_DB (db), NULL);

  if (!check_note (note, error))
    return NULL;
  time = dg_referral_checked_time (db, "at", at, error);
  if (time == NULL ||
      !dg_db_write (db, &write, error) ||
      !check_after_receipt (db, referral_id, time, at, error))
    return NULL;

  if (replied)
    {
      /* A reply answers the latest chase still waiting for one. */
      if (!latest_entry (db, referral_id, "chase", "raised", &chased_step, &chased_at, error) ||
          !latest_entry (db, referral_id, "chase", "replied", &replied_step, &replied_at, error))
        return NULL;
      if (chased_at == NULL || (replied_at != NULL && strcmp (replied_at, chased_at) >= 0))
        {
          dg_error_set_field (error, DG_ERROR_INVALID, "replied", NULL,
                              _("There is no chase waiting for a reply: record the chase first"));
          return NULL;
        }
      if (strcmp (time, chased_at) < 0)
        {
          dg_error_set_field (error, DG_ERROR_INVALID, "at", at,
                              _("“%s” is before the chase it answers (%s)"), time, chased_at);
          return NULL;
        }
    }

  return append_entry (db, referral_id, "chase", replied ? "replied" : "raised", note, time, error);
}

/* The steps a disagreement may take next from @current (%NULL: none open). */
static gboolean
step_allowed (const char *current,
              const char *step)
{
  if (g_str_equal (step, "raised"))
    return current == NULL;
  if (current == NULL)
    return FALSE;
  if (g_str_equal (step, "discussed"))
    return g_str_equal (current, "raised");
  if (g_str_equal (step, "escalated"))
    return g_str_equal (current, "discussed");
  return TRUE;   /* resolved: any open disagreement */
}

JsonObject *
dg_ledger_disagreement (DgDb        *db,
                        gint64       referral_id,
                        const char  *step,
                        const char  *note,
                        const char  *at,
                        GError     **error)
{
  g_auto(DgDbWrite) write = { 0 };
  g_autofree char *time = NULL;
  g_autofree char *current = NULL, *current_at = NULL;

  g_return_val_if_fail (DG_IS_DB (db), NULL);

  if (!check_choice ("step", step, disagreement_steps, error))
    return NULL;
  if (!check_note (note, error))
    return NULL;
  time = dg_referral_checked_time (db, "at", at, error);
  if (time == NULL ||
      !dg_db_write (db, &write, error) ||
      !check_after_receipt (db, referral_id, time, at, error) ||
      !latest_entry (db, referral_id, "disagreement", NULL, &current, &current_at, error))
    return NULL;

  /* The latest step says where the disagreement stands; resolved closes it. */
  if (g_strcmp0 (current, "resolved") == 0)
    g_clear_pointer (&current, g_free);
  if (!step_allowed (current, step))
    {
      if (current == NULL)
        dg_error_set_field (error, DG_ERROR_INVALID, "step", step,
                            _("“%s” needs an open disagreement: record it raised first"), step);
      else if (g_str_equal (step, "raised"))
        dg_error_set_field (error, DG_ERROR_INVALID, "step", step,
                            _("A disagreement raised earlier is still open (%s at %s): record it resolved first"),
                            current, current_at);
      else if (g_str_equal (step, "escalated"))
        dg_error_set_field (error, DG_ERROR_INVALID, "step", step,
                            _("A disagreement is escalated only after it was discussed; it stands at “%s”"), current);
      else
        dg_error_set_field (error, DG_ERROR_INVALID, "step", step,
                            _("The disagreement was already discussed; it stands at “%s”"), current);
      return NULL;
    }
  if (current != NULL && strcmp (time, current_at) < 0)
    {
      dg_error_set_field (error, DG_ERROR_INVALID, "at", at,
                          _("“%s” is before the disagreement’s last step (%s at %s)"), time, current, current_at);
      return NULL;
    }

  return append_entry (db, referral_id, "disagreement", step, note, time, error);
}

gboolean
dg_referral_record_offer (DgDb        *db,
                          gint64       referral_id,
                          const char  *person,
                          const char  *name,
                          const char  *choice,
                          const char  *time,
                          gint64      *offer_id,
                          GError     **error)
{
  g_autofree char *now = dg_db_now_string (db);
  gint64 id = 0;
  DgStmt *stmt;

  stmt = dg_db_query (db,
                      "INSERT INTO language_offer (referral_id, person, person_name, choice, offered_at, recorded_by, recorded_at) "
                      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id",
                      error, DG_INT (referral_id), DG_TEXT (person), DG_TEXT (name), DG_TEXT (choice), DG_TEXT (time),
                      DG_TEXT (dg_db_get_actor (db)), DG_TEXT (now));
  if (stmt == NULL || !dg_db_step_int64 (db, stmt, &id, error))
    return FALSE;
  if (offer_id != NULL)
    *offer_id = id;
  return TRUE;
}

JsonObject *
dg_ledger_offer (DgDb        *db,
                 gint64       referral_id,
                 const char  *person,
                 const char  *name,
                 const char  *choice,
                 const char  *at,
                 GError     **error)
{
  g_auto(DgDbWrite) write = { 0 };
  g_autoptr(JsonArray) offers = NULL;
  g_autofree char *time = NULL;
  g_autofree char *stripped = NULL;
  gint64 offer_id = 0;

  g_return_val_if_fail (DG_IS_DB (db), NULL);

  if (!check_choice ("person", person, persons, error) ||
      !check_choice ("choice", choice, choices, error))
    return NULL;
  if (name != NULL)
    {
      stripped = g_strstrip (g_strdup (name));
      if (!g_utf8_validate (stripped, -1, NULL) || g_utf8_strlen (stripped, -1) > MAX_NAME)
        {
          dg_error_set_field (error, DG_ERROR_INVALID, "name", NULL, _("At most %d characters of text"), MAX_NAME);
          return NULL;
        }
      if (*stripped == '\0')
        g_clear_pointer (&stripped, g_free);
    }
  time = dg_referral_checked_time (db, "at", at, error);
  if (time == NULL ||
      !dg_db_write (db, &write, error) ||
      !check_after_receipt (db, referral_id, time, at, error) ||
      !dg_referral_record_offer (db, referral_id, person, stripped, choice, time, &offer_id, error) ||
      !dg_referral_new_version (db, referral_id, error) ||
      !dg_db_audit_printf (db, "referral", referral_id, "offer", error,
                           "{\"offer\":%" PRId64 ",\"person\":\"%s\",\"choice\":\"%s\",\"at\":\"%s\"}",
                           offer_id, person, choice, time) ||
      !dg_db_commit (db, error))
    return NULL;

  offers = dg_ledger_offers (db, referral_id, error);
  return offers != NULL ? find_id (offers, offer_id) : NULL;
}

/* ---- Figures ---------------------------------------------------------------- */

typedef struct
{
  guint chased_referrals, chases, chases_replied, chases_in_time;
  guint raised, resolved, resolved_in_time;
} Figures;

/* Whether @clock started at @start was stopped by its due date; *@stopped
 * says whether it stopped at all. */
static gboolean
in_time (DgDb         *db,
         DgCalendar   *calendar,
         const char   *clock,
         const char   *start,
         GArray       *marks,
         gboolean     *stopped,
         GError      **error)
{
  const char *done = NULL;
  g_autofree char *due = ledger_clock (db, calendar, clock, start, marks, &done, error);

  *stopped = done != NULL;
  return due != NULL && done != NULL && strncmp (done, due, 10) <= 0;
}

/* Adds one referral's figures: its chases when it was received in the
 * period (@received), its disagreements raised from @lo to @hi. */
static gboolean
figures_add (DgDb        *db,
             DgCalendar  *calendar,
             GArray      *marks,
             gboolean     received,
             const char  *lo,
             const char  *hi,
             Figures     *f,
             GError     **error)
{
  const DgClockMark *m = (const DgClockMark *) (gpointer) marks->data;
  gboolean chased = FALSE, stopped = FALSE;
  GError *local_error = NULL;

  for (guint i = 0; i < marks->len; i++)
    {
      if (received && g_str_equal (m[i].kind, "chase:raised"))
        {
          chased = TRUE;
          f->chases++;
          if (in_time (db, calendar, "chase-reply", m[i].at, marks, &stopped, &local_error))
            f->chases_in_time++;
          f->chases_replied += stopped;
        }
      else if (g_str_equal (m[i].kind, "disagreement:raised") && strcmp (m[i].at, lo) >= 0 && strcmp (m[i].at, hi) <= 0)
        {
          /* Its steps are those after it: another is raised only once it is resolved. */
          const char *escalated = NULL, *resolved = NULL;
          gboolean ok;

          for (guint j = 0; j < marks->len && resolved == NULL; j++)
            if (strcmp (m[j].at, m[i].at) >= 0 && j != i)
              {
                if (g_str_equal (m[j].kind, "disagreement:resolved"))
                  resolved = m[j].at;
                else if (g_str_equal (m[j].kind, "disagreement:escalated") && escalated == NULL)
                  escalated = m[j].at;
              }
          f->raised++;
          if (resolved == NULL)
            continue;
          f->resolved++;
          ok = in_time (db, calendar, "disagreement-discussed", m[i].at, marks, &stopped, &local_error);
          if (escalated != NULL && local_error == NULL)
            ok = in_time (db, calendar, "escalation-answered", escalated, marks, &stopped, &local_error) && ok;
          f->resolved_in_time += ok;
        }
      if (local_error != NULL)
        {
          g_propagate_error (error, local_error);
          return FALSE;
        }
    }
  f->chased_referrals += chased;
  return TRUE;
}

static void
set_share (JsonObject *o,
           guint       part,
           guint       whole)
{
  double share = whole ? (double) part / whole : 0;

  json_object_set_double_member (o, "share", share);
  json_object_set_string_member (o, "word", whole ? dg_quantity_word (share) : "none");
}

JsonObject *
dg_ledger_figures (DgDb        *db,
                   const char  *from,
                   const char  *to,
                   GError     **error)
{
  g_autoptr(GArray) marks = marks_new ();
  g_autoptr(DgCalendar) calendar = NULL;
  gint64 current = 0;
  gboolean received = FALSE, has_row = FALSE;
  GError *local_error = NULL;
  Figures f = { 0 };
  JsonObject *result, *o;
  DgStmt *stmt;

  calendar = dg_calendar_load (db, error);
  if (calendar == NULL)
    return NULL;
  /* The ledger is small beside the referrals: read from its side, each
   * referral's entries (and letters, which answer a chase: the chased
   * referrals listed first, not every referral of the period asked), together. */
  stmt = dg_db_query (db,
                      "SELECT l.referral_id, l.kind || ':' || l.step, l.at, "
                      "  CASE WHEN r.received_at BETWEEN ?1 AND ?2 THEN 1 ELSE 0 END, 0 AS o, l.id "
                      "FROM ledger_entry l JOIN referral r ON r.id = l.referral_id "
                      "WHERE r.received_at BETWEEN ?1 AND ?2 "
                      "   OR l.referral_id IN (SELECT referral_id FROM ledger_entry "
                      "                         WHERE kind = 'disagreement' AND step = 'raised' AND at BETWEEN ?1 AND ?2) "
                      "UNION ALL SELECT n.referral_id, 'letter', n.sent_at, 1, 1, n.id "
                      "FROM notification n JOIN referral r ON r.id = n.referral_id "
                      "WHERE r.received_at BETWEEN ?1 AND ?2 "
                      "  AND n.referral_id IN (SELECT c.referral_id FROM ledger_entry c WHERE c.kind = 'chase') "
                      "ORDER BY 1, 3, 5, 6",
                      error, DG_TEXT (from), DG_TEXT (to));
  if (stmt == NULL)
    return NULL;
  while (dg_db_step (db, stmt, &has_row, &local_error) && has_row)
    {
      gint64 id = dg_stmt_column_int64 (stmt, 0);

      if (id != current && marks->len > 0 &&
          !figures_add (db, calendar, marks, received, from, to, &f, &local_error))
        break;
      if (id != current)
        g_array_set_size (marks, 0);
      current = id;
      received = dg_stmt_column_int (stmt, 3) != 0;
      marks_add (marks, dg_stmt_column_text (stmt, 1), dg_stmt_column_text (stmt, 2));
    }
  dg_stmt_reset (stmt);
  if (local_error == NULL && marks->len > 0)
    figures_add (db, calendar, marks, received, from, to, &f, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }

  result = json_object_new ();
  o = json_object_new ();
  json_object_set_int_member (o, "referrals", f.chased_referrals);
  json_object_set_int_member (o, "chases", f.chases);
  json_object_set_int_member (o, "replied", f.chases_replied);
  json_object_set_int_member (o, "replied_in_time", f.chases_in_time);
  set_share (o, f.chases_in_time, f.chases);
  json_object_set_object_member (result, "chased", o);
  o = json_object_new ();
  json_object_set_int_member (o, "raised", f.raised);
  json_object_set_int_member (o, "resolved", f.resolved);
  json_object_set_int_member (o, "resolved_in_time", f.resolved_in_time);
  set_share (o, f.resolved_in_time, f.resolved);
  json_object_set_object_member (result, "disagreements", o);
  return result;
}
