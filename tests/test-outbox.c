/* The outbox's rules without a mail server (tests/test-mail.c has one):
 * what is refused before anything is queued, the stored message that never
 * changes, the back-off after failures, the letter a stopped worker left
 * "sending", and the claim that keeps a second worker off a letter. A
 * server that refuses connections stands for one that is down. */

#include "config.h"

#include <string.h>

#include "dg-core.h"
#include "dg-hub.h"
#include "dg-outbox.h"
#include "dg-referrals.h"
#include "dg-test-db.h"
#include "dg-time.h"

typedef DgTestDb Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  dg_test_db_setup (f, "dg-test-outbox");
  g_setenv ("DIOGELU_SMTP_PASSWORD", "test", TRUE);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_unsetenv ("DIOGELU_SMTP_PASSWORD");
  dg_test_db_teardown (f);
}

static gint64
add (Fixture    *f,
     const char *email)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *json = g_strdup_printf ("{\"received_at\": \"2026-11-20T09:30\", \"reporter\": {\"name\": \"Ceri Jones\","
                                           " \"organisation\": \"Ysgol Enghraifft\", \"agency\": \"education\"%s%s%s,"
                                           " \"language\": \"cy\"}, \"children\": [{\"name\": \"Siân Morgan\"}]}",
                                           email ? ", \"email\": \"" : "", email ? email : "", email ? "\"" : "");
  g_autoptr(JsonNode) node = json_from_string (json, &error);
  gint64 id = dg_referral_add (f->db, json_node_get_object (node), NULL, &error);

  g_assert_no_error (error);
  return id;
}

static void
set (Fixture    *f,
     const char *key,
     const char *value)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (dg_hub_set (f->db, key, value, -1, &error));
  g_assert_no_error (error);
}

/* A port on this computer where nothing listens: "Couldn't connect". */
static void
set_server_down (Fixture *f)
{
  set (f, "smtp-url", "smtp://127.0.0.1:9");
}

static void
set_now (Fixture    *f,
         const char *when)
{
  g_autoptr(GDateTime) now = dg_time_parse (when, "now", NULL);

  g_assert_nonnull (now);
  dg_db_set_now (f->db, now);
}

static char *
text (Fixture    *f,
      const char *sql,
      gint64      id)
{
  g_autoptr(GError) error = NULL;
  DgStmt *stmt = dg_db_query (f->db, sql, &error, DG_INT (id));
  gboolean has_row = FALSE;
  char *value;

  g_assert_true (dg_db_step (f->db, stmt, &has_row, &error));
  g_assert_no_error (error);
  g_assert_true (has_row);
  value = g_strdup (dg_stmt_column_text (stmt, 0));
  dg_stmt_reset (stmt);
  return value;
}

/* Delivers what is due at the database's now. */
static void
deliver_due (Fixture *f,
             guint   *sent,
             guint   *failed)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = dg_db_now (f->db);

  g_assert_true (dg_outbox_deliver_due (f->db, now, sent, failed, &error));
  g_assert_no_error (error);
}

static void
test_refused_before_queueing (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) list = NULL;
  gint64 with = add (f, "dsp@example.org"), without = add (f, NULL), letter = 0;

  /* No hub address to send from. */
  g_assert_false (dg_outbox_queue (f->db, with, "acknowledgement", NULL, FALSE, &letter, &error));
  g_assert_error (error, DG_ERROR, DG_ERROR_INVALID);
  g_assert_cmpstr (dg_error_get_field (error), ==, "hub.email");
  g_clear_error (&error);

  set (f, "email", "hub@example.org");
  /* No report-maker's address to send to. */
  g_assert_false (dg_outbox_queue (f->db, without, "acknowledgement", NULL, FALSE, &letter, &error));
  g_assert_error (error, DG_ERROR, DG_ERROR_INVALID);
  g_assert_cmpstr (dg_error_get_field (error), ==, "reporter.email");
  g_clear_error (&error);
  /* No decision, no outcome. */
  g_assert_false (dg_outbox_queue (f->db, with, "outcome", NULL, FALSE, &letter, &error));
  g_assert_error (error, DG_ERROR, DG_ERROR_INVALID);
  g_clear_error (&error);

  list = dg_outbox_list (f->db, FALSE, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (list), ==, 0);

  /* Queued, then not twice; without a mail server it waits. */
  g_assert_true (dg_outbox_queue (f->db, with, "acknowledgement", "both", FALSE, &letter, &error));
  g_assert_no_error (error);
  g_assert_cmpint (letter, >, 0);
  g_assert_false (dg_outbox_queue (f->db, with, "acknowledgement", NULL, FALSE, NULL, &error));
  g_assert_error (error, DG_ERROR, DG_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "notify retry"));
  g_clear_error (&error);
  g_assert_false (dg_outbox_deliver (f->db, letter, &error));
  g_assert_error (error, DG_ERROR, DG_ERROR_INVALID);
  g_assert_cmpstr (dg_error_get_field (error), ==, "smtp-url");
  g_clear_error (&error);
  {
    g_autofree char *state = text (f, "SELECT state FROM outbox WHERE id = ?1", letter);
    g_autofree char *language = text (f, "SELECT language FROM outbox WHERE id = ?1", letter);
    g_assert_cmpstr (state, ==, "queued");
    g_assert_cmpstr (language, ==, "cy+en");
  }
  g_assert_false (dg_outbox_deliver (f->db, letter + 100, &error));
  g_assert_error (error, DG_ERROR, DG_ERROR_NOT_FOUND);
}

static void
test_message_is_kept (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  gint64 id = add (f, "dsp@example.org"), letter = 0;

  set (f, "email", "hub@example.org");
  set (f, "name", "Safeguarding Hub");
  set (f, "name-cy", "Hyb Diogelu");
  g_assert_true (dg_outbox_queue (f->db, id, "acknowledgement", "cy", TRUE, &letter, &error));
  g_assert_no_error (error);

  /* What the server will be given: 7-bit, CRLF, from the hub's Welsh
   * name, with the PDF, and no draft header. */
  message = text (f, "SELECT message FROM outbox WHERE id = ?1", letter);
  for (const char *p = message; *p; p++)
    g_assert_cmpint ((guchar) *p, <, 0x80);
  g_assert_nonnull (strstr (message, "From: Hyb Diogelu <hub@example.org>\r\n"));
  g_assert_nonnull (strstr (message, "To: dsp@example.org\r\n"));
  g_assert_nonnull (strstr (message, "Content-Type: application/pdf"));
  g_assert_nonnull (strstr (message, "Content-Language: cy\r\n"));
  g_assert_null (strstr (message, "X-Unsent"));

  g_assert_false (dg_db_run (f->db, "UPDATE outbox SET message = 'changed' WHERE id = ?1", &error, DG_INT (letter)));
  g_assert_nonnull (strstr (error->message, "cannot be changed"));
  g_clear_error (&error);
  g_assert_false (dg_db_run (f->db, "DELETE FROM outbox WHERE id = ?1", &error, DG_INT (letter)));
  g_assert_nonnull (strstr (error->message, "cannot be deleted"));
  g_clear_error (&error);
  g_assert_true (dg_db_run (f->db, "UPDATE outbox SET state = 'sent', sent_at = 'x' WHERE id = ?1", &error, DG_INT (letter)));
  g_assert_false (dg_db_run (f->db, "UPDATE outbox SET state = 'failed' WHERE id = ?1", &error, DG_INT (letter)));
  g_assert_nonnull (strstr (error->message, "sent letter cannot be changed"));
  g_clear_error (&error);
  /* A sent letter is never sent again. */
  g_assert_false (dg_outbox_deliver (f->db, letter, &error));
  g_assert_error (error, DG_ERROR, DG_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "never sent again"));
}

static void
test_backoff (Fixture       *f,
              gconstpointer  data)
{
  static const char * const next[] = { "2026-11-23T10:01:00", "2026-11-23T10:06:00", "2026-11-23T10:21:00",
                                       "2026-11-23T11:21:00", "2026-11-23T15:21:00" };
  static const char * const at[] = { "2026-11-23T10:00:00", "2026-11-23T10:01:00", "2026-11-23T10:06:00",
                                     "2026-11-23T10:21:00", "2026-11-23T11:21:00" };
  g_autoptr(GError) error = NULL;
  gint64 id = add (f, "dsp@example.org"), letter = 0;
  guint sent = 9, failed = 9;

  set (f, "email", "hub@example.org");
  set_server_down (f);
  g_assert_true (dg_outbox_queue (f->db, id, "acknowledgement", NULL, FALSE, &letter, &error));

  for (guint i = 0; i < G_N_ELEMENTS (next); i++)
    {
      g_autoptr(GDateTime) due = NULL;
      g_autofree char *when = NULL, *reason = NULL;

      set_now (f, at[i]);
      /* Not due a second early: nothing tried. */
      if (i > 0)
        {
          g_autoptr(GDateTime) now = dg_db_now (f->db);
          g_autoptr(GDateTime) early = g_date_time_add_seconds (now, -1);
          g_assert_true (dg_outbox_deliver_due (f->db, early, &sent, &failed, &error));
          g_assert_no_error (error);
          g_assert_cmpuint (sent + failed, ==, 0);
        }
      due = dg_db_now (f->db);
      g_assert_true (dg_outbox_deliver_due (f->db, due, &sent, &failed, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (sent, ==, 0);
      g_assert_cmpuint (failed, ==, 1);
      when = text (f, "SELECT next_attempt_at FROM outbox WHERE id = ?1", letter);
      g_assert_cmpstr (when, ==, next[i]);
      reason = text (f, "SELECT last_error FROM outbox WHERE id = ?1", letter);
      g_assert_nonnull (strstr (reason, "onnect"));
    }
  g_assert_cmpint (dg_test_db_int (f->db, "SELECT attempts FROM outbox"), ==, 5);
  /* Never recorded as sent, so the clock runs on. */
  g_assert_cmpint (dg_test_db_int (f->db, "SELECT count (*) FROM notification"), ==, 0);
}

static void
test_interrupted_is_not_resent (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *reason = NULL;
  gint64 id = add (f, "dsp@example.org"), letter = 0;
  guint sent = 9, failed = 9;

  set (f, "email", "hub@example.org");
  set_server_down (f);
  g_assert_true (dg_outbox_queue (f->db, id, "acknowledgement", NULL, FALSE, &letter, &error));

  /* A worker claimed it a moment ago: a second one keeps off. */
  g_assert_true (dg_db_run (f->db, "UPDATE outbox SET state = 'sending', claimed_at = '2026-11-23T09:58:00' WHERE id = ?1",
                            &error, DG_INT (letter)));
  g_assert_false (dg_outbox_deliver (f->db, letter, &error));
  g_assert_error (error, DG_ERROR, DG_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "being sent now"));
  g_clear_error (&error);
  deliver_due (f, &sent, &failed);
  g_assert_cmpuint (sent + failed, ==, 0);

  /* Half an hour on, that worker has plainly stopped: the letter is
   * failed, not known to be delivered, and nothing sends it by itself. */
  set_now (f, "2026-11-23T10:30:00");
  deliver_due (f, &sent, &failed);
  g_assert_cmpuint (sent + failed, ==, 0);
  reason = text (f, "SELECT last_error FROM outbox WHERE id = ?1", letter);
  g_assert_cmpstr (reason, ==, "interrupted; not known whether it was delivered");
  g_assert_cmpint (dg_test_db_int (f->db, "SELECT count (*) FROM outbox WHERE state = 'failed' AND next_attempt_at IS NULL"), ==, 1);
  set_now (f, "2026-11-30T10:30:00");
  deliver_due (f, &sent, &failed);
  g_assert_cmpuint (sent + failed, ==, 0);
  g_assert_cmpint (dg_test_db_int (f->db, "SELECT attempts FROM outbox"), ==, 0);

  /* An explicit retry tries it (the server is down here, so it fails
   * again, with a reason and a next attempt). */
  g_assert_false (dg_outbox_deliver (f->db, letter, &error));
  g_assert_error (error, DG_ERROR, DG_ERROR_LOCKED);
  g_assert_cmpint (dg_test_db_int (f->db, "SELECT attempts FROM outbox"), ==, 1);
  g_assert_cmpint (dg_test_db_int (f->db, "SELECT count (*) FROM outbox WHERE next_attempt_at IS NOT NULL"), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(name, func) g_test_add (name, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/outbox/refused-before-queueing", test_refused_before_queueing);
  ADD ("/outbox/message-is-kept", test_message_is_kept);
  ADD ("/outbox/backoff", test_backoff);
  ADD ("/outbox/interrupted-is-not-resent", test_interrupted_is_not_resent);
#undef ADD

  return g_test_run ();
}
