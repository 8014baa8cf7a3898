#include "config.h"

#include <inttypes.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "dg-hub.h"
#include "dg-json.h"
#include "dg-letter.h"
#include "dg-mail.h"
#include "dg-notify.h"
#include "dg-outbox.h"
#include "dg-smtp.h"
#include "dg-time.h"

/* A worker gives a server two minutes at most (dg-smtp.c); one that has held
 * a letter "sending" for longer than this has stopped on the way. */
#define INTERRUPTED_AFTER_MINUTES 10

typedef enum
{
  DELIVERY_SENT,
  DELIVERY_FAILED,   /* tried, and recorded as failed */
  DELIVERY_REFUSED,  /* not tried: sent already, taken by another worker, … */
  DELIVERY_ERROR,    /* the outbox could not be read or written */
} Delivery;

static char *
minutes_from (GDateTime *now,
              int        minutes)
{
  g_autoptr(GDateTime) then = g_date_time_add_minutes (now, minutes);

  return dg_time_to_string (then);
}

/* After the nth failed attempt: 1, 5, 15 and 60 minutes, then every four
 * hours, so that a server down for a morning is not hammered. */
static int
backoff_minutes (gint64 attempts)
{
  static const int steps[] = { 1, 5, 15, 60 };

  return attempts >= 1 && attempts <= (gint64) G_N_ELEMENTS (steps) ? steps[attempts - 1] : 240;
}

/* The letterhead's name in the letter's language, Welsh first in both. */
static const char *
sender_name (GHashTable *hub,
             const char *language,
             char      **owned)
{
  const char *en = g_hash_table_lookup (hub, "hub.name");
  const char *cy = g_hash_table_lookup (hub, "hub.name_cy");

  if (g_strcmp0 (language, "cy") == 0 && cy != NULL)
    return cy;
  if (g_strcmp0 (language, "cy+en") == 0 && cy != NULL && en != NULL)
    return *owned = g_strdup_printf ("%s / %s", cy, en);
  return en != NULL ? en : cy;
}

gint64
dg_outbox_find_pending (DgDb        *db,
                        gint64       referral_id,
                        const char  *kind,
                        GError     **error)
{
  gint64 id = 0;

  g_return_val_if_fail (DG_IS_DB (db), 0);

  if (!dg_db_step_int64 (db,
                         dg_db_query (db,
                                      "SELECT id FROM outbox WHERE referral_id = ?1 AND kind = ?2 "
                                      "AND state IN ('queued', 'sending', 'failed') ORDER BY id DESC LIMIT 1",
                                      error, DG_INT (referral_id), DG_TEXT (kind)),
                         &id, error))
    return 0;
  return id;
}

gboolean
dg_outbox_queue (DgDb        *db,
                 gint64       referral_id,
                 const char  *kind,
                 const char  *language,
                 gboolean     attach_pdf,
                 gint64      *letter_id,
                 GError     **error)
{
  g_autoptr(GHashTable) hub = NULL;
  g_autoptr(JsonObject) rendered = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *message = NULL;
  g_autofree char *message_id = NULL;
  g_autofree char *name = NULL;
  g_autofree char *queued_at = NULL;
  g_auto(DgDbWrite) write = { 0 };
  const char *from, *to;
  gint64 id = 0;

  g_return_val_if_fail (DG_IS_DB (db), FALSE);

  if (g_strcmp0 (language, "both") == 0)
    language = "cy+en";
  hub = dg_hub_get (db, error);
  if (hub == NULL)
    return FALSE;
  from = g_hash_table_lookup (hub, "hub.email");
  if (from == NULL)
    {
      dg_error_set_field (error, DG_ERROR_INVALID, "hub.email", NULL,
                          _("The hub has no e-mail address to send from; set it with “hub set email ADDRESS”"));
      return FALSE;
    }

  rendered = dg_notify_render (db, referral_id, kind, language, hub, error);
  if (rendered == NULL)
    return FALSE;
  to = dg_json_text (rendered, "recipient");
  if (to == NULL || *to == '\0')
    {
      dg_error_set_field (error, DG_ERROR_INVALID, "reporter.email", NULL,
                          _("The report-maker of %s has no e-mail address; the letter can go by post instead"),
                          dg_json_text (rendered, "reference"));
      return FALSE;
    }
  {
    g_autoptr(GError) local = NULL;
    gint64 pending = dg_outbox_find_pending (db, referral_id, dg_json_text (rendered, "kind"), &local);

    if (local != NULL)
      {
        g_propagate_error (error, g_steal_pointer (&local));
        return FALSE;
      }
    if (pending != 0)
      {
        dg_error_set_field (error, DG_ERROR_INVALID, "kind", NULL,
                            _("The %s letter for %s is already in the outbox as letter %" PRId64
                              "; send that one with “notify retry %" PRId64 "” rather than a second"),
                            dg_json_text (rendered, "kind"), dg_json_text (rendered, "reference"), pending, pending);
        return FALSE;
      }
  }
  if (attach_pdf)
    {
      g_autoptr(GBytes) logo = dg_hub_logo (db, NULL);

      pdf = dg_letter_pdf (dg_json_text (rendered, "subject"), dg_json_text (rendered, "language"),
                           dg_json_text (rendered, "body"), logo, error);
      if (pdf == NULL)
        return FALSE;
    }

  now = dg_db_now (db);
  queued_at = dg_time_to_string (now);
  message = dg_mail_compose (rendered, from, sender_name (hub, dg_json_text (rendered, "language"), &name),
                             now, pdf, DG_MAIL_NONE, &message_id);

  if (!dg_db_write (db, &write, error) ||
      !dg_db_step_int64 (db,
                         dg_db_query (db,
                                      "INSERT INTO outbox (referral_id, kind, language, recipient, sender, subject, body, "
                                      "  template_name, template_version, message, message_id, state, attempts, "
                                      "  next_attempt_at, queued_by, queued_at) "
                                      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, 'queued', 0, ?12, ?13, ?12) "
                                      "RETURNING id",
                                      error, DG_INT (referral_id), DG_TEXT (dg_json_text (rendered, "kind")),
                                      DG_TEXT (dg_json_text (rendered, "language")), DG_TEXT (to), DG_TEXT (from),
                                      DG_TEXT (dg_json_text (rendered, "subject")), DG_TEXT (dg_json_text (rendered, "body")),
                                      DG_TEXT (dg_json_text (rendered, "template")),
                                      DG_INT (json_object_get_int_member (rendered, "version")), DG_TEXT (message),
                                      DG_TEXT (message_id), DG_TEXT (queued_at), DG_TEXT (dg_db_get_actor (db))),
                         &id, error) ||
      !dg_db_audit_printf (db, "outbox", id, "queue", error,
                           "{\"referral\":%" PRId64 ",\"kind\":\"%s\",\"language\":\"%s\",\"pdf\":%s}",
                           referral_id, dg_json_text (rendered, "kind"), dg_json_text (rendered, "language"),
                           attach_pdf ? "true" : "false") ||
      !dg_db_commit (db, error))
    return FALSE;

  if (letter_id != NULL)
    *letter_id = id;
  return TRUE;
}

/* A letter left "sending" by a worker that stopped (a crash, a power cut)
 * may or may not have reached the server: it is marked failed, and never
 * tried again automatically (next_attempt_at NULL), only by a retry. */
static gboolean
mark_interrupted (DgDb     *db,
                  GError  **error)
{
  g_autoptr(GDateTime) now = dg_db_now (db);
  g_autofree char *cutoff = minutes_from (now, -INTERRUPTED_AFTER_MINUTES);
  g_auto(DgDbWrite) write = { 0 };

  return dg_db_write (db, &write, error) &&
         dg_db_run (db,
                    "UPDATE outbox SET state = 'failed', next_attempt_at = NULL, claimed_at = NULL, last_error = ?2 "
                    "WHERE state = 'sending' AND claimed_at < ?1",
                    error, DG_TEXT (cutoff), DG_TEXT (_("interrupted; not known whether it was delivered"))) &&
         dg_db_commit (db, error);
}

typedef struct
{
  char *state;
  char *recipient;
  char *sender;
  char *message;
  char *sent_at;
  char *message_id;
} Letter;

static void
letter_clear (Letter *l)
{
  g_free (l->state);
  g_free (l->recipient);
  g_free (l->sender);
  g_free (l->message);
  g_free (l->sent_at);
  g_free (l->message_id);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Letter, letter_clear)

static gboolean
read_letter (DgDb     *db,
             gint64    id,
             Letter   *l,
             GError  **error)
{
  DgStmt *stmt = dg_db_query (db, "SELECT state, recipient, sender, message, sent_at, message_id FROM outbox WHERE id = ?1",
                              error, DG_INT (id));

  if (!dg_db_step_row (db, stmt, error, DG_ERROR_NOT_FOUND, "LETTER_ID", _("There is no letter %" PRId64 " in the outbox"), id))
    return FALSE;
  l->state = g_strdup (dg_stmt_column_text (stmt, 0));
  l->recipient = g_strdup (dg_stmt_column_text (stmt, 1));
  l->sender = g_strdup (dg_stmt_column_text (stmt, 2));
  l->message = g_strdup (dg_stmt_column_text (stmt, 3));
  l->sent_at = g_strdup (dg_stmt_column_text (stmt, 4));
  l->message_id = g_strdup (dg_stmt_column_text (stmt, 5));
  dg_stmt_reset (stmt);
  return TRUE;
}

static gboolean
refuse_state (const Letter  *l,
              gint64         id,
              GError       **error)
{
  if (g_strcmp0 (l->state, "sent") == 0)
    {
      dg_error_set_field (error, DG_ERROR_INVALID, "LETTER_ID", NULL,
                          _("Letter %" PRId64 " was sent at %s (Message-ID <%s>); a sent letter is never sent again"),
                          id, l->sent_at, l->message_id);
      return TRUE;
    }
  if (g_strcmp0 (l->state, "sending") == 0)
    {
      dg_error_set_field (error, DG_ERROR_INVALID, "LETTER_ID", NULL,
                          _("Letter %" PRId64 " is being sent now; see “notify outbox” in a few minutes"), id);
      return TRUE;
    }
  return FALSE;
}

/* The outcome of one delivery; @error set unless sent. */
static Delivery
deliver (DgDb     *db,
         gint64    id,
         GError  **error)
{
  g_auto(Letter) l = { 0 };
  g_autofree char *url = NULL, *user = NULL, *ca = NULL, *password = NULL;
  g_autofree char *reply = NULL;
  g_autoptr(GBytes) message = NULL;
  g_autoptr(GError) failure = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *at = NULL;
  DgSmtpServer server = { 0 };
  gint64 claimed = 0;

  if (!mark_interrupted (db, error) || !read_letter (db, id, &l, error))
    return DELIVERY_ERROR;
  if (refuse_state (&l, id, error))
    return DELIVERY_REFUSED;

  url = dg_hub_get_setting (db, "smtp-url", NULL, error);
  if (url == NULL)
    {
      if (error == NULL || *error == NULL)
        dg_error_set_field (error, DG_ERROR_INVALID, "smtp-url", NULL,
                            _("No mail server is set; set it with “hub set smtp-url smtps://HOST:465” (the letter stays in the outbox)"));
      return DELIVERY_REFUSED;
    }
  user = dg_hub_get_setting (db, "smtp-user", NULL, error);
  ca = dg_hub_get_setting (db, "smtp-ca", NULL, error);
  if (error != NULL && *error != NULL)
    return DELIVERY_ERROR;
  password = dg_smtp_password_lookup (url, user, error);
  if (error != NULL && *error != NULL)
    return DELIVERY_REFUSED;
  if (user != NULL && password == NULL)
    {
      dg_error_set_field (error, DG_ERROR_INVALID, "smtp-user", NULL,
                          _("No password is kept for %s at the mail server; give it with “hub set smtp-user %s” "
                            "or $DIOGELU_SMTP_PASSWORD (the letter stays in the outbox)"),
                          user, user);
      return DELIVERY_REFUSED;
    }

  /* Claimed in a transaction of its own, before the server is spoken to:
   * of two workers, only one changes the state, and the other is told. */
  now = dg_db_now (db);
  at = dg_time_to_string (now);
  {
    g_auto(DgDbWrite) write = { 0 };

    if (!dg_db_write (db, &write, error) ||
        !dg_db_step_int64 (db,
                           dg_db_query (db,
                                        "UPDATE outbox SET state = 'sending', claimed_at = ?2 "
                                        "WHERE id = ?1 AND state IN ('queued', 'failed') RETURNING id",
                                        error, DG_INT (id), DG_TEXT (at)),
                           &claimed, error) ||
        !dg_db_commit (db, error))
      return DELIVERY_ERROR;
  }
  if (claimed == 0)
    {
      g_auto(Letter) again = { 0 };

      if (!read_letter (db, id, &again, error))
        return DELIVERY_ERROR;
      if (!refuse_state (&again, id, error))
        dg_error_set_field (error, DG_ERROR_CONFLICT, "LETTER_ID", NULL,
                            _("Letter %" PRId64 " changed while it was being claimed; try again"), id);
      return DELIVERY_REFUSED;
    }

  server.url = url;
  server.user = user;
  server.password = password;
  server.ca_pem = ca;
  message = g_bytes_new_static (l.message, strlen (l.message));
  if (dg_smtp_send (&server, l.sender, l.recipient, message, &reply, &failure))
    {
      g_autoptr(GDateTime) done = dg_db_now (db);
      g_autofree char *sent_at = dg_time_to_string (done);
      g_auto(DgDbWrite) write = { 0 };
      g_autoptr(JsonObject) rendered = json_object_new ();
      DgStmt *stmt;

      dg_smtp_password_free (g_steal_pointer (&password));
      /* Marked sent and recorded as the letter sent (which stops its
       * clock) in one transaction. Should it fail, the letter stays
       * "sending", becomes "interrupted" and is not sent again by itself. */
      if (!dg_db_write (db, &write, error))
        return DELIVERY_ERROR;
      stmt = dg_db_query (db,
                          "SELECT referral_id, kind, language, recipient, subject, body, template_name, template_version "
                          "FROM outbox WHERE id = ?1", error, DG_INT (id));
      if (!dg_db_step_row (db, stmt, error, DG_ERROR_NOT_FOUND, "LETTER_ID", "%s", _("The letter has gone from the outbox")))
        return DELIVERY_ERROR;
      dg_stmt_set_members (stmt, 1, (const char *[]) { "kind", "language", "recipient", "subject", "body", "template", NULL },
                           rendered);
      json_object_set_int_member (rendered, "version", dg_stmt_column_int64 (stmt, 7));
      {
        gint64 referral_id = dg_stmt_column_int64 (stmt, 0);

        dg_stmt_reset (stmt);
        if (!dg_db_run (db,
                        "UPDATE outbox SET state = 'sent', attempts = attempts + 1, sent_at = ?2, server_reply = ?3, "
                        "  last_error = NULL, next_attempt_at = NULL, claimed_at = NULL WHERE id = ?1",
                        error, DG_INT (id), DG_TEXT (sent_at), DG_TEXT (reply)) ||
            !dg_notify_record_sent (db, referral_id, rendered, "eml", "email", error) ||
            !dg_db_audit_printf (db, "outbox", id, "sent", error, "{\"referral\":%" PRId64 "}", referral_id) ||
            !dg_db_commit (db, error))
          return DELIVERY_ERROR;
      }
      return DELIVERY_SENT;
    }

  dg_smtp_password_free (g_steal_pointer (&password));
  {
    g_autoptr(GDateTime) done = dg_db_now (db);
    g_auto(DgDbWrite) write = { 0 };
    gint64 attempts = 0;
    g_autofree char *next = NULL;

    if (!dg_db_write (db, &write, error) ||
        !dg_db_step_int64 (db, dg_db_query (db, "SELECT attempts FROM outbox WHERE id = ?1", error, DG_INT (id)),
                           &attempts, error))
      return DELIVERY_ERROR;
    next = minutes_from (done, backoff_minutes (attempts + 1));
    if (!dg_db_run (db,
                    "UPDATE outbox SET state = 'failed', attempts = attempts + 1, next_attempt_at = ?2, "
                    "  last_error = ?3, server_reply = ?4, claimed_at = NULL WHERE id = ?1",
                    error, DG_INT (id), DG_TEXT (next), DG_TEXT (failure->message), DG_TEXT (reply)) ||
        !dg_db_audit_printf (db, "outbox", id, "failed", error, "{\"attempt\":%" PRId64 "}", attempts + 1) ||
        !dg_db_commit (db, error))
      return DELIVERY_ERROR;
  }
  g_propagate_error (error, g_steal_pointer (&failure));
  return DELIVERY_FAILED;
}

gboolean
dg_outbox_deliver (DgDb     *db,
                   gint64    letter_id,
                   GError  **error)
{
  g_return_val_if_fail (DG_IS_DB (db), FALSE);

  return deliver (db, letter_id, error) == DELIVERY_SENT;
}

gboolean
dg_outbox_deliver_due (DgDb       *db,
                       GDateTime  *now,
                       guint      *n_sent,
                       guint      *n_failed,
                       GError    **error)
{
  g_autofree char *at = NULL;
  g_autoptr(GArray) due = g_array_new (FALSE, FALSE, sizeof (gint64));
  DgStmt *stmt;
  gboolean has_row = FALSE;
  guint sent = 0, failed = 0;

  g_return_val_if_fail (DG_IS_DB (db), FALSE);
  g_return_val_if_fail (now != NULL, FALSE);

  at = dg_time_to_string (now);
  if (!mark_interrupted (db, error))
    return FALSE;
  stmt = dg_db_query (db,
                      "SELECT id FROM outbox WHERE state = 'queued' "
                      "   OR (state = 'failed' AND next_attempt_at IS NOT NULL AND next_attempt_at <= ?1) "
                      "ORDER BY id",
                      error, DG_TEXT (at));
  if (stmt == NULL)
    return FALSE;
  while (dg_db_step (db, stmt, &has_row, error) && has_row)
    {
      gint64 id = dg_stmt_column_int64 (stmt, 0);
      g_array_append_val (due, id);
    }
  dg_stmt_reset (stmt);
  if (error != NULL && *error != NULL)
    return FALSE;

  for (guint i = 0; i < due->len; i++)
    {
      g_autoptr(GError) local = NULL;

      switch (deliver (db, g_array_index (due, gint64, i), &local))
        {
        case DELIVERY_SENT:
          sent++;
          break;
        case DELIVERY_FAILED:
          failed++;
          break;
        case DELIVERY_REFUSED:
          /* Another worker's now, or no server set: nothing tried. */
          if (g_error_matches (local, DG_ERROR, DG_ERROR_INVALID) && g_strcmp0 (dg_error_get_field (local), "LETTER_ID") != 0)
            {
              g_propagate_error (error, g_steal_pointer (&local));
              return FALSE;
            }
          break;
        case DELIVERY_ERROR:
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
    }
  if (n_sent != NULL)
    *n_sent = sent;
  if (n_failed != NULL)
    *n_failed = failed;
  return TRUE;
}

static const char * const list_members[] = {
  "reference", "kind", "language", "recipient", "state", "next_attempt_at", "message_id", "server_reply",
  "error", "queued_at", "sent_at", NULL
};

#define LIST_SQL \
  "SELECT o.id, o.referral_id, o.attempts, r.reference, o.kind, o.language, o.recipient, o.state, " \
  "       o.next_attempt_at, o.message_id, o.server_reply, o.last_error, o.queued_at, o.sent_at " \
  "FROM outbox o JOIN referral r ON r.id = o.referral_id "

static JsonObject *
list_row (DgStmt *stmt)
{
  JsonObject *o = json_object_new ();

  json_object_set_int_member (o, "id", dg_stmt_column_int64 (stmt, 0));
  json_object_set_int_member (o, "referral", dg_stmt_column_int64 (stmt, 1));
  json_object_set_int_member (o, "attempts", dg_stmt_column_int64 (stmt, 2));
  dg_stmt_set_members (stmt, 3, list_members, o);
  return o;
}

JsonArray *
dg_outbox_list (DgDb      *db,
                gboolean   failed_only,
                gint64     referral_id,
                GError   **error)
{
  g_autoptr(JsonArray) rows = json_array_new ();
  DgStmt *stmt;
  gboolean has_row = FALSE;

  g_return_val_if_fail (DG_IS_DB (db), NULL);

  stmt = dg_db_query (db,
                      LIST_SQL
                      "WHERE (?1 = 0 OR o.state = 'failed') AND (?2 = 0 OR o.referral_id = ?2) "
                      "ORDER BY o.id DESC LIMIT 5000",
                      error, DG_INT (failed_only ? 1 : 0), DG_INT (referral_id));
  if (stmt == NULL)
    return NULL;
  while (dg_db_step (db, stmt, &has_row, error) && has_row)
    json_array_add_object_element (rows, list_row (stmt));
  dg_stmt_reset (stmt);
  if (error != NULL && *error != NULL)
    return NULL;
  return g_steal_pointer (&rows);
}

JsonObject *
dg_outbox_show (DgDb     *db,
                gint64    letter_id,
                GError  **error)
{
  DgStmt *stmt;
  JsonObject *o;

  g_return_val_if_fail (DG_IS_DB (db), NULL);

  stmt = dg_db_query (db, LIST_SQL "WHERE o.id = ?1", error, DG_INT (letter_id));
  if (!dg_db_step_row (db, stmt, error, DG_ERROR_NOT_FOUND, "LETTER_ID",
                       _("There is no letter %" PRId64 " in the outbox"), letter_id))
    return NULL;
  o = list_row (stmt);
  dg_stmt_reset (stmt);
  return o;
}
