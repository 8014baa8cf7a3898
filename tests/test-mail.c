/* Sending letters through a real SMTP server (tests/smtp-server.py:
 * aiosmtpd with STARTTLS required, a self-signed certificate and AUTH),
 * driven through diogelu-cli as a script would: the hub's settings, a
 * letter sent with its PDF, the server down and the letter retried, a
 * sent letter never sent twice, a refused login and a certificate the CA
 * file does not sign. Skipped (77) only without aiosmtpd or openssl. */

#include "config.h"

#include <signal.h>
#include <sys/prctl.h>
#include <string.h>
#include <glib/gstdio.h>
#include <gmime/gmime.h>

#include "dg-test-cli.h"
#include "dg-test-db.h"

/* GMime 3.2 declares no cleanups of its own. */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GMimeStream, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GMimeParser, g_object_unref)

/* The system's Python, where python3-aiosmtpd is installed, whatever
 * python3 comes first on PATH. */
#define PYTHON "/usr/bin/python3"
#define SMTP_USER "hub-sender"
#define SMTP_PASSWORD "c0rrect horse"
#define NOW "2026-11-23T10:00"

typedef struct
{
  char        *dir;
  char        *db;
  char        *mail;     /* where the server writes what it takes */
  char        *cert;
  char        *key;
  char        *other;    /* a certificate the server does not use */
  GSubprocess *server;
  int          port;
} Fixture;

static gboolean
run_quietly (const char * const *argv)
{
  int status = -1;

  return g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                       NULL, NULL, NULL, NULL, &status, NULL) &&
         g_spawn_check_wait_status (status, NULL);
}

static void
make_certificate (const char *cert,
                  const char *key)
{
  g_assert_true (run_quietly ((const char *[]) { "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                                                 "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                                                 "-days", "2", "-keyout", key, "-out", cert, NULL }));
}

static void
die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

static void
start_server (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree char *port = g_strdup_printf ("%d", f->port);
  g_autofree char *line = NULL;

  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autofree char *log = g_build_filename (f->dir, "server.log", NULL);

  /* The server goes with the test, even one that failed an assertion:
   * left running, it would hold the test's output open. */
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  g_subprocess_launcher_set_stderr_file_path (launcher, log);
  f->server = g_subprocess_launcher_spawn (launcher, &error,
                                           PYTHON, g_getenv ("DIOGELU_SMTP_SERVER"), "--port", port, "--cert", f->cert,
                                           "--key", f->key, "--user", SMTP_USER, "--password", SMTP_PASSWORD,
                                           "--dir", f->mail, NULL);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (f->server));
  line = g_data_input_stream_read_line (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, "ready "));
  f->port = atoi (line + 6);
  g_assert_cmpint (f->port, >, 0);
}

static void
stop_server (Fixture *f)
{
  if (f->server == NULL)
    return;
  g_subprocess_send_signal (f->server, SIGTERM);
  g_assert_true (g_subprocess_wait (f->server, NULL, NULL));
  g_clear_object (&f->server);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("dg-test-mail-XXXXXX", &error);
  g_assert_no_error (error);
  f->db = dg_test_db_location (f->dir);
  f->mail = g_build_filename (f->dir, "received", NULL);
  g_assert_cmpint (g_mkdir (f->mail, 0700), ==, 0);
  f->cert = g_build_filename (f->dir, "server.pem", NULL);
  f->key = g_build_filename (f->dir, "server.key", NULL);
  f->other = g_build_filename (f->dir, "other.pem", NULL);
  make_certificate (f->cert, f->key);
  start_server (f);
  g_setenv ("DIOGELU_SMTP_PASSWORD", SMTP_PASSWORD, TRUE);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  stop_server (f);
  g_unsetenv ("DIOGELU_SMTP_PASSWORD");
  dg_test_db_drop (f->db);
  dg_test_remove_folder (f->mail);
  dg_test_remove_folder (f->dir);
  g_free (f->dir);
  g_free (f->db);
  g_free (f->mail);
  g_free (f->cert);
  g_free (f->key);
  g_free (f->other);
}

/* diogelu-cli --db … --now NOW @args; its status must be @expect. Output
 * parsed as JSON when @json, else %NULL; *@err_out gets stderr. */
static JsonNode *
cli (Fixture     *f,
     int          expect,
     gboolean     json,
     char       **err_out,
     const char **args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *out = NULL, *err = NULL;
  int status;

  g_ptr_array_add (argv, (gpointer) "--db");
  g_ptr_array_add (argv, f->db);
  g_ptr_array_add (argv, (gpointer) "--now");
  g_ptr_array_add (argv, (gpointer) NOW);
  if (json)
    g_ptr_array_add (argv, (gpointer) "--json");
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  status = dg_test_cli_run ((const char * const *) argv->pdata, NULL, &out, &err);
  g_test_message ("%s → %d; stderr: %s", args[0], status, err);
  g_assert_cmpint (status, ==, expect);
  /* No output ever shows the password. */
  g_assert_null (strstr (out, SMTP_PASSWORD));
  g_assert_null (strstr (err, SMTP_PASSWORD));
  if (err_out != NULL)
    *err_out = g_steal_pointer (&err);
  return json ? dg_test_parse_json (out) : NULL;
}

#define CLI(f, expect, ...) cli ((f), (expect), FALSE, NULL, (const char *[]) { __VA_ARGS__, NULL })
#define CLI_JSON(f, expect, ...) cli ((f), (expect), TRUE, NULL, (const char *[]) { __VA_ARGS__, NULL })

static void
set_up_hub (Fixture *f)
{
  g_autofree char *url = g_strdup_printf ("smtp://127.0.0.1:%d", f->port);

  CLI (f, 0, "hub", "set", "name", "Safeguarding Hub");
  CLI (f, 0, "hub", "set", "name-cy", "Hyb Diogelu");
  CLI (f, 0, "hub", "set", "email", "hub@example.org");
  CLI (f, 0, "hub", "set", "smtp-url", url);
  CLI (f, 0, "hub", "set", "smtp-ca", f->cert);
  CLI (f, 0, "hub", "set", "smtp-user", SMTP_USER);
}

/* A referral from @organisation whose report-maker has an e-mail address. */
static char *
add_referral (Fixture    *f,
              const char *organisation,
              const char *email,
              gboolean    decide)
{
  g_autofree char *file = g_build_filename (f->dir, "referral.json", NULL);
  g_autofree char *json = g_strdup_printf (
    "{\"received_at\": \"2026-11-20T09:30\", \"channel\": \"phone\","
    " \"reporter\": {\"name\": \"Ceri Jones\", \"organisation\": \"%s\", \"agency\": \"education\","
    "  \"email\": \"%s\", \"language\": \"cy\"},"
    " \"children\": [{\"name\": \"Siân Morgan\", \"dob\": \"2015-04-01\"}],"
    " \"categories\": [\"neglect\"], \"concern\": \"Arrived hungry\", \"rag\": \"amber\"}", organisation, email);
  g_autoptr(JsonNode) added = NULL;
  char *id;

  g_assert_true (g_file_set_contents (file, json, -1, NULL));
  added = CLI_JSON (f, 0, "referral", "add", "--file", file);
  id = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (json_node_get_object (added), "id"));
  if (decide)
    CLI (f, 0, "referral", "decide", id, "--outcome", "nfa", "--rationale", "Needs met at school", "--at", "2026-11-20T15:00");
  return id;
}

/* The messages the server took, parsed. */
static GPtrArray *
received (Fixture *f)
{
  GPtrArray *messages = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint n = 1;; n++)
    {
      g_autofree char *name = g_strdup_printf ("%u.eml", n);
      g_autofree char *path = g_build_filename (f->mail, name, NULL);
      g_autoptr(GMimeStream) stream = NULL;
      g_autoptr(GMimeParser) parser = NULL;
      GMimeMessage *message;

      if (!g_file_test (path, G_FILE_TEST_EXISTS))
        break;
      stream = g_mime_stream_file_open (path, "r", NULL);
      g_assert_nonnull (stream);
      parser = g_mime_parser_new_with_stream (stream);
      message = g_mime_parser_construct_message (parser, NULL);
      g_assert_nonnull (message);
      g_ptr_array_add (messages, message);
    }
  return messages;
}

static guint
count_with_id (GPtrArray  *messages,
               const char *message_id)
{
  guint n = 0;

  for (guint i = 0; i < messages->len; i++)
    if (g_strcmp0 (g_mime_message_get_message_id (messages->pdata[i]), message_id) == 0)
      n++;
  return n;
}

static char *
envelope (Fixture *f,
          guint    n)
{
  g_autofree char *name = g_strdup_printf ("%u.env", n);
  g_autofree char *path = g_build_filename (f->mail, name, NULL);
  char *text = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  return text;
}

static JsonObject *
failed_letter (Fixture *f,
               gint64   letter)
{
  g_autoptr(JsonNode) failed = CLI_JSON (f, 0, "notify", "outbox", "--failed");
  JsonArray *rows = json_node_get_array (failed);

  for (guint i = 0; i < json_array_get_length (rows); i++)
    if (json_object_get_int_member (json_array_get_object_element (rows, i), "id") == letter)
      return json_object_ref (json_array_get_object_element (rows, i));
  g_assert_not_reached ();
}

static void
test_send_and_retry (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *id = NULL, *letter = NULL, *env = NULL, *text = NULL, *err = NULL;
  g_autoptr(JsonNode) sent = NULL, shown = NULL, again = NULL;
  g_autoptr(JsonObject) failed = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  g_autofree char *subject = NULL;
  GMimeMessage *message;
  GMimeObject *part;
  JsonObject *o, *outcome;
  const char *message_id;
  gboolean has_pdf = FALSE;

  set_up_hub (f);
  id = add_referral (f, "Ysgol Enghraifft", "dsp@example.org", TRUE);

  /* Sent at once, in both languages, with the letter as a PDF. */
  sent = CLI_JSON (f, 0, "notify", "send", id, "--kind", "outcome", "--language", "both", "--attach-pdf");
  o = json_node_get_object (sent);
  g_assert_cmpstr (json_object_get_string_member (o, "state"), ==, "sent");
  g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (o, "error")));
  g_assert_true (g_str_has_prefix (json_object_get_string_member (o, "server_reply"), "250 "));
  message_id = json_object_get_string_member (o, "message_id");
  g_assert_true (g_str_has_suffix (message_id, "@example.org"));

  messages = received (f);
  g_assert_cmpuint (messages->len, ==, 1);
  message = messages->pdata[0];
  env = envelope (f, 1);
  g_assert_cmpstr (env, ==, "hub@example.org\ndsp@example.org\n");
  g_assert_cmpstr (g_mime_message_get_message_id (message), ==, message_id);
  {
    g_autofree char *to = internet_address_list_to_string (g_mime_message_get_to (message), NULL, FALSE);
    g_assert_cmpstr (to, ==, "dsp@example.org");
  }
  subject = g_strdup (g_mime_message_get_subject (message));
  g_assert_nonnull (strstr (subject, "Canlyniad eich adroddiad DTR-2026-"));
  g_assert_nonnull (strstr (subject, "The outcome of your report DTR-2026-"));
  /* GMime's parser hangs the message's Content-* headers on its body. */
  g_assert_cmpstr (g_mime_object_get_header (g_mime_message_get_mime_part (message), "Content-Language"), ==, "cy, en");
  g_assert_null (g_mime_object_get_header (GMIME_OBJECT (message), "X-Unsent"));
  part = g_mime_message_get_mime_part (message);
  g_assert_true (GMIME_IS_MULTIPART (part));
  for (int i = 0; i < g_mime_multipart_get_count (GMIME_MULTIPART (part)); i++)
    {
      GMimeObject *child = g_mime_multipart_get_part (GMIME_MULTIPART (part), i);
      GMimeContentType *type = g_mime_object_get_content_type (child);

      if (g_mime_content_type_is_type (type, "text", "plain"))
        {
          g_assert_cmpint (g_mime_part_get_content_encoding (GMIME_PART (child)), ==, GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE);
          text = g_mime_text_part_get_text (GMIME_TEXT_PART (child));
        }
      else if (g_mime_content_type_is_type (type, "application", "pdf"))
        {
          g_autoptr(GMimeStream) bytes = g_mime_stream_mem_new ();
          GByteArray *array;

          g_mime_data_wrapper_write_to_stream (g_mime_part_get_content (GMIME_PART (child)), bytes);
          array = g_mime_stream_mem_get_byte_array (GMIME_STREAM_MEM (bytes));
          g_assert_cmpuint (array->len, >, 1000);
          g_assert_cmpmem (array->data, 5, "%PDF-", 5);
          has_pdf = TRUE;
        }
    }
  g_assert_true (has_pdf);
  g_assert_nonnull (text);
  /* Welsh first, then English, both whole. */
  g_assert_nonnull (strstr (text, "Annwyl Ceri Jones"));
  g_assert_nonnull (strstr (text, "Dim camau pellach"));
  g_assert_nonnull (strstr (text, "Dear Ceri Jones"));
  g_assert_nonnull (strstr (text, "No further action"));
  g_assert_cmpuint ((guintptr) strstr (text, "Annwyl"), <, (guintptr) strstr (text, "Dear"));
  g_assert_nonnull (strstr (text, "Hyb Diogelu"));
  g_clear_pointer (&messages, g_ptr_array_unref);

  /* The outcome clock stopped with the sending. */
  shown = CLI_JSON (f, 0, "referral", "show", id);
  o = json_node_get_object (shown);
  g_assert_false (JSON_NODE_HOLDS_NULL (json_object_get_member (o, "outcome_sent_at")));
  outcome = json_object_get_object_member (json_object_get_object_member (o, "due"), "outcome");
  g_assert_false (JSON_NODE_HOLDS_NULL (json_object_get_member (outcome, "done_at")));
  g_assert_cmpstr (json_object_get_string_member (outcome, "state"), !=, "pending");

  /* The server down: exit 5, the letter stays in the outbox as failed,
   * with a reason that names the connection. */
  stop_server (f);
  g_clear_pointer (&sent, json_node_unref);
  sent = cli (f, 5, TRUE, &err, (const char *[]) { "notify", "send", id, "--kind", "acknowledgement", NULL });
  o = json_node_get_object (sent);
  g_assert_cmpstr (json_object_get_string_member (o, "state"), ==, "failed");
  g_assert_nonnull (strstr (err, "retried"));
  letter = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (o, "id"));
  failed = failed_letter (f, json_object_get_int_member (o, "id"));
  g_assert_cmpstr (json_object_get_string_member (failed, "state"), ==, "failed");
  g_assert_cmpint (json_object_get_int_member (failed, "attempts"), ==, 1);
  g_assert_nonnull (strstr (json_object_get_string_member (failed, "error"), "connect"));
  g_assert_cmpstr (json_object_get_string_member (failed, "next_attempt_at"), ==, "2026-11-23T10:01:00");

  /* The same port again: retried, sent, once. */
  start_server (f);
  g_clear_pointer (&again, json_node_unref);
  again = CLI_JSON (f, 0, "notify", "retry", letter);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (again), "state"), ==, "sent");
  message_id = json_object_get_string_member (json_node_get_object (again), "message_id");
  messages = received (f);
  g_assert_cmpuint (messages->len, ==, 2);
  g_assert_cmpuint (count_with_id (messages, message_id), ==, 1);
  g_clear_pointer (&messages, g_ptr_array_unref);

  /* A sent letter is never sent again. */
  g_clear_pointer (&err, g_free);
  cli (f, 2, FALSE, &err, (const char *[]) { "notify", "retry", letter, NULL });
  g_assert_nonnull (strstr (err, "never sent again"));
  messages = received (f);
  g_assert_cmpuint (messages->len, ==, 2);
  g_assert_cmpuint (count_with_id (messages, message_id), ==, 1);
  g_clear_pointer (&messages, g_ptr_array_unref);

  /* Nothing left in the failed list. */
  g_clear_pointer (&again, json_node_unref);
  again = CLI_JSON (f, 0, "notify", "outbox", "--failed");
  g_assert_cmpuint (json_array_get_length (json_node_get_array (again)), ==, 0);
}

static void
test_refusals_by_server (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *id = NULL, *letter = NULL, *other_key = NULL;
  g_autoptr(JsonNode) sent = NULL, again = NULL;
  g_autoptr(JsonObject) failed = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  JsonObject *o;

  set_up_hub (f);
  id = add_referral (f, "Ysgol Enghraifft", "dsp@example.org", FALSE);

  /* A wrong password: refused by the server, which is quoted; exit 1 (fix
   * the settings), not 5. */
  g_setenv ("DIOGELU_SMTP_PASSWORD", "not the password", TRUE);
  sent = CLI_JSON (f, 1, "notify", "send", id, "--kind", "acknowledgement");
  o = json_node_get_object (sent);
  g_assert_cmpstr (json_object_get_string_member (o, "state"), ==, "failed");
  g_assert_true (g_str_has_prefix (json_object_get_string_member (o, "server_reply"), "535 "));
  g_assert_nonnull (strstr (json_object_get_string_member (o, "error"), "535"));
  letter = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (o, "id"));
  g_setenv ("DIOGELU_SMTP_PASSWORD", SMTP_PASSWORD, TRUE);

  /* A second send of the same letter is refused while this one waits. */
  CLI (f, 2, "notify", "send", id, "--kind", "acknowledgement");

  /* A CA file that did not sign the server's certificate: refused by the
   * check, which is never turned off. */
  other_key = g_build_filename (f->dir, "other.key", NULL);
  make_certificate (f->other, other_key);
  CLI (f, 0, "hub", "set", "smtp-ca", f->other);
  again = CLI_JSON (f, 1, "notify", "retry", letter);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (again), "state"), ==, "failed");
  failed = failed_letter (f, json_object_get_int_member (o, "id"));
  g_assert_cmpint (json_object_get_int_member (failed, "attempts"), ==, 2);
  g_assert_nonnull (strstr (json_object_get_string_member (failed, "error"), "certificate"));
  messages = received (f);
  g_assert_cmpuint (messages->len, ==, 0);
  g_clear_pointer (&messages, g_ptr_array_unref);

  /* The right CA: sent. */
  CLI (f, 0, "hub", "set", "smtp-ca", f->cert);
  g_clear_pointer (&again, json_node_unref);
  again = CLI_JSON (f, 0, "notify", "retry", letter);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (again), "state"), ==, "sent");
  messages = received (f);
  g_assert_cmpuint (messages->len, ==, 1);
}

static void
test_batch (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *a = NULL, *b = NULL, *c = NULL, *err = NULL;
  g_autoptr(JsonNode) summary = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(GString) rcpts = g_string_new (NULL);
  g_autofree char *out = NULL;
  JsonObject *o;

  set_up_hub (f);
  a = add_referral (f, "Ysgol y Cwm", "head@cwm.example.org", TRUE);
  b = add_referral (f, "Ysgol y Cwm", "dsp@cwm.example.org", TRUE);
  c = add_referral (f, "Ysgol Arall", "dsp@arall.example.org", TRUE);

  summary = CLI_JSON (f, 0, "notify", "batch", "--school", "Ysgol y Cwm", "--send");
  o = json_node_get_object (summary);
  g_assert_cmpint (json_object_get_int_member (o, "sent"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (o, "failed"), ==, 0);
  messages = received (f);
  g_assert_cmpuint (messages->len, ==, 2);
  for (guint n = 1; n <= 2; n++)
    {
      g_autofree char *env = envelope (f, n);
      g_string_append (rcpts, env);
    }
  g_assert_nonnull (strstr (rcpts->str, "head@cwm.example.org"));
  g_assert_nonnull (strstr (rcpts->str, "dsp@cwm.example.org"));
  g_assert_null (strstr (rcpts->str, "arall"));

  /* Nothing owed now: said so, and nothing sent. */
  {
    int status = dg_test_cli_run ((const char *[]) { "--db", f->db, "--now", NOW, "notify", "batch", "--school",
                                                     "Ysgol y Cwm", "--send", NULL }, NULL, &out, &err);
    g_assert_cmpint (status, ==, 0);
    g_assert_nonnull (strstr (out, "Nothing is owed to Ysgol y Cwm"));
  }
  g_clear_pointer (&messages, g_ptr_array_unref);
  messages = received (f);
  g_assert_cmpuint (messages->len, ==, 2);
}

static void
test_hub_settings (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *png = g_build_filename (f->dir, "logo.png", NULL);
  g_autofree char *text = g_build_filename (f->dir, "logo.txt", NULL);
  g_autofree char *err = NULL;
  g_autoptr(JsonNode) shown = NULL, audit = NULL;
  JsonObject *o;
  static const char png_bytes[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\1\0\0\0\1\x08\x06\0\0\0";

  g_assert_true (g_file_set_contents (png, png_bytes, sizeof png_bytes - 1, NULL));
  g_assert_true (g_file_set_contents (text, "not an image", -1, NULL));

  cli (f, 2, FALSE, &err, (const char *[]) { "hub", "set", "smtp-url", "http://127.0.0.1:25", NULL });
  g_assert_true (g_str_has_prefix (err, "diogelu-cli: smtp-url: "));
  g_clear_pointer (&err, g_free);
  cli (f, 2, FALSE, &err, (const char *[]) { "hub", "set", "smtp-url", "smtp://user:pw@127.0.0.1:25", NULL });
  g_clear_pointer (&err, g_free);
  cli (f, 2, FALSE, &err, (const char *[]) { "hub", "set", "logo", text, NULL });
  g_assert_nonnull (strstr (err, "logo: "));
  g_clear_pointer (&err, g_free);
  cli (f, 2, FALSE, &err, (const char *[]) { "hub", "set", "smtp-ca", text, NULL });
  g_clear_pointer (&err, g_free);
  cli (f, 2, FALSE, &err, (const char *[]) { "hub", "set", "email", "not an address", NULL });
  g_clear_pointer (&err, g_free);
  cli (f, 2, FALSE, &err, (const char *[]) { "hub", "set", "colour", "red", NULL });

  CLI (f, 0, "hub", "set", "logo", png);
  CLI (f, 0, "hub", "set", "smtp-url", "smtps://127.0.0.1:465");
  CLI (f, 0, "hub", "set", "marking", "OFFICIAL-SENSITIVE");
  CLI (f, 0, "hub", "set", "smtp-user", SMTP_USER);
  shown = CLI_JSON (f, 0, "hub", "show");
  o = json_node_get_object (shown);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (o, "logo"), "type"), ==, "image/png");
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (o, "logo"), "size"), ==, sizeof png_bytes - 1);
  g_assert_cmpstr (json_object_get_string_member (o, "smtp-url"), ==, "smtps://127.0.0.1:465");
  g_assert_cmpstr (json_object_get_string_member (o, "marking"), ==, "OFFICIAL-SENSITIVE");
  g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (o, "email")));
  g_assert_false (json_object_has_member (o, "password"));

  /* Unset with an empty value. */
  CLI (f, 0, "hub", "set", "marking", "");
  g_clear_pointer (&shown, json_node_unref);
  shown = CLI_JSON (f, 0, "hub", "show");
  g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (json_node_get_object (shown), "marking")));

  /* Without the hub's address nothing is queued, and the refusal says so. */
  {
    g_autofree char *id = add_referral (f, "Ysgol Enghraifft", "dsp@example.org", FALSE);
    g_clear_pointer (&err, g_free);
    cli (f, 2, FALSE, &err, (const char *[]) { "notify", "send", id, "--kind", "acknowledgement", NULL });
    g_assert_nonnull (strstr (err, "hub.email"));
    g_clear_pointer (&shown, json_node_unref);
    shown = CLI_JSON (f, 0, "notify", "outbox");
    g_assert_cmpuint (json_array_get_length (json_node_get_array (shown)), ==, 0);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *openssl = g_find_program_in_path ("openssl");

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  if (openssl == NULL || !run_quietly ((const char *[]) { PYTHON, "-c", "import aiosmtpd", NULL }))
    {
      g_print ("1..0 # SKIP needs openssl and python3-aiosmtpd (" PYTHON ")\n");
      return 77;
    }
  g_mime_init ();

#define ADD(name, func) g_test_add (name, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/mail/send-and-retry", test_send_and_retry);
  ADD ("/mail/refusals-by-server", test_refusals_by_server);
  ADD ("/mail/batch", test_batch);
  ADD ("/mail/hub-settings", test_hub_settings);
#undef ADD

  return g_test_run ();
}
