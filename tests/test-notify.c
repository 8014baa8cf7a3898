#include "config.h"

#include <cairo.h>
#include <glib/gstdio.h>

#include "dg-core.h"
#include "dg-test-db.h"
#include "dg-db.h"
#include "dg-error.h"
#include "dg-export.h"
#include "dg-notify.h"
#include "dg-referrals.h"
#include "dg-template.h"
#include "dg-letter.h"
#include "dg-text.h"

typedef DgTestDb Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  dg_test_db_setup (f, "dg-test-notify");
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  dg_test_db_teardown (f);
}

static gint64
add (Fixture    *f,
     const char *language)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *json = g_strdup_printf ("{\"received_at\": \"2026-11-20T09:30\", \"reporter\": {\"name\": \"Ceri Jones\","
                                           " \"organisation\": \"Ysgol Enghraifft\", \"agency\": \"education\", \"email\": \"dsp@example.org\","
                                           " \"language\": \"%s\"}, \"children\": [{\"name\": \"Siân Morgan\"}, {\"name\": \"Gruff Morgan\"}]}",
                                           language);
  g_autoptr(JsonNode) node = json_from_string (json, &error);
  gint64 id = dg_referral_add (f->db, json_node_get_object (node), NULL, &error);

  g_assert_no_error (error);
  return id;
}

static void
test_every_template_renders (Fixture       *f,
                             gconstpointer  data)
{
  const char *outcomes[] = { "nfa", "iaa", "early-help", "assessment", "strategy" };
  const char *labels_en[] = { "No further action", "Information, advice and assistance", "Early help",
                              "Care and support assessment", "Strategy discussion" };
  const char *languages[] = { "en", "cy" };
  g_autoptr(GHashTable) hub = g_hash_table_new (g_str_hash, g_str_equal);

  g_hash_table_insert (hub, "hub.name", "Canolfan Prawf");
  g_hash_table_insert (hub, "hub.phone", "01234 000000");
  g_hash_table_insert (hub, "hub.marking", "OFFICIAL-SENSITIVE");

  for (guint o = 0; o < G_N_ELEMENTS (outcomes); o++)
    {
      g_autoptr(GError) error = NULL;
      gint64 id = add (f, "en");

      /* The rationale holds what another agency shared; the letter may
       * give only what the report-maker is to be told. */
      g_assert_true (dg_referral_decide_with (f->db, id,
                                              &(DgDecisionInput) {
                                                .outcome = outcomes[o],
                                                .rationale = "Health visitor shared the mother's psychiatric history in confidence",
                                                .report_maker_text = "Because of what the school told us",
                                                .report_maker_text_cy = "Oherwydd yr hyn a ddywedodd yr ysgol wrthym" },
                                              &error));
      for (guint l = 0; l < G_N_ELEMENTS (languages); l++)
        for (guint k = 0; k < 2; k++)
          {
            g_autoptr(JsonObject) letter = dg_notify_render (f->db, id, k ? "outcome" : "acknowledgement", languages[l], hub, &error);
            const char *body;

            g_assert_no_error (error);
            body = json_object_get_string_member (letter, "body");
            g_test_message ("%s %s %s", outcomes[o], languages[l], k ? "outcome" : "acknowledgement");
            g_assert_null (strstr (body, "{{"));
            g_assert_null (strstr (body, "}}"));
            g_assert_nonnull (strstr (body, "Ceri Jones"));
            g_assert_nonnull (strstr (body, json_object_get_string_member (letter, "reference")));
            g_assert_nonnull (strstr (body, "Canolfan Prawf"));
            g_assert_nonnull (strstr (body, "01234 000000"));
            g_assert_nonnull (strstr (body, l ? "Siân Morgan a Gruff Morgan" : "Siân Morgan and Gruff Morgan"));
            g_assert_nonnull (strstr (body, l ? "Tachwedd 2026" : "November 2026"));
            /* Marked at the top and at the very end; an English letter
             * welcomes Welsh just before the closing mark. */
            g_assert_true (g_str_has_prefix (body, "OFFICIAL-SENSITIVE\n"));
            {
              g_autofree char *trimmed = g_strchomp (g_strdup (body));
              g_autofree char *welcome_then_mark = g_strdup_printf ("%s\n\nOFFICIAL-SENSITIVE", DG_NOTIFY_WELSH_WELCOME);

              g_assert_true (l ? strstr (body, DG_NOTIFY_WELSH_WELCOME) == NULL : g_str_has_suffix (trimmed, welcome_then_mark));
              g_assert_true (g_str_has_suffix (trimmed, "OFFICIAL-SENSITIVE"));
            }
            if (k == 1)
              {
                g_assert_nonnull (strstr (body, l ? "Oherwydd yr hyn a ddywedodd yr ysgol wrthym" : "Because of what the school told us"));
                /* Not a word of the rationale. */
                for (const char * const *word = (const char * const[]) { "Health visitor", "psychiatric", "confidence", "mother", NULL };
                     *word != NULL; word++)
                  g_assert_null (strstr (body, *word));
                if (l == 0)
                  g_assert_nonnull (strstr (body, labels_en[o]));
                /* Never discouraging: every outcome says how to raise a new concern and a disagreement. */
                g_assert_nonnull (strstr (body, "999"));
                g_assert_nonnull (strstr (body, l ? "Datrys y Bwrdd Diogelu" : "resolution protocol"));
              }
          }
    }
}

static void
test_language_default_and_refusals (Fixture       *f,
                                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 welsh = add (f, "cy");
  g_autoptr(JsonObject) letter = dg_notify_render (f->db, welsh, "acknowledgement", NULL, NULL, &error);
  g_autoptr(JsonObject) outcome = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (letter, "language"), ==, "cy");
  g_assert_nonnull (strstr (json_object_get_string_member (letter, "body"), "Annwyl Ceri Jones"));
  g_assert_nonnull (strstr (json_object_get_string_member (letter, "body"), "Hyb Diogelu"));

  /* An outcome before a decision is refused. */
  outcome = dg_notify_render (f->db, welsh, "outcome", NULL, NULL, &error);
  g_assert_null (outcome);
  g_assert_error (error, DG_ERROR, DG_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "no decision"));
}

static void
test_template_checks (Fixture       *f,
                      gconstpointer  data)
{
  struct { const char *text; const char *message; } bad[] = {
    { "Dear {{reporter.name}},\nYour {{referral.colour}} report", "line 2, column 6: unknown placeholder “referral.colour”" },
    { "Hello {{reporter.name", "line 1, column 7: “{{” is not closed by “}}”" },
    { "{{#if decision.outcome = nfa}}\nno action\n", "“{{#if …}}” is not closed by “{{/if}}”" },
    { "text\n\n  {{/if}}", "line 3, column 3: “{{/if}}” without an open" },
    { "{{else}}", "line 1, column 1: “{{else}}” without an open" },
    { "{{#if nobody.knows}}x{{/if}}", "unknown placeholder “nobody.knows”" },
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL, *after = NULL;
  int v0 = -1, v1 = -1;

  before = dg_template_get (f->db, "outcome", "en", &v0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (v0, ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_test_message ("%s", bad[i].text);
      g_assert_false (dg_template_set (f->db, "outcome", "en", bad[i].text, -1, NULL, &error));
      g_assert_error (error, DG_ERROR, DG_ERROR_INVALID);
      g_test_message ("→ %s", error->message);
      g_assert_nonnull (strstr (error->message, bad[i].message));
      g_clear_error (&error);
    }
  /* Nothing refused was saved. */
  after = dg_template_get (f->db, "outcome", "en", &v1, &error);
  g_assert_cmpint (v1, ==, 0);
  g_assert_cmpstr (before, ==, after);

  g_assert_true (dg_template_set (f->db, "outcome", "en", "Dear {{reporter.name}}: {{decision.outcome_label}}.", -1, NULL, &error));
  g_assert_no_error (error);
  g_clear_pointer (&after, g_free);
  after = dg_template_get (f->db, "outcome", "en", &v1, &error);
  g_assert_cmpint (v1, ==, 1);
  g_assert_false (dg_template_set (f->db, "letter", "en", "x", -1, NULL, &error));
  g_clear_error (&error);
  g_assert_false (dg_template_set (f->db, "outcome", "fr", "x", -1, NULL, &error));
}

/* Two practitioners edit the same letter: the one who saves second is told
 * who saved first, nothing of either is lost, and a merge keeps both. */
static void
test_template_conflict (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DgDb) other = dg_db_open (f->location, DG_DB_OPEN_DEFAULT, &error);
  g_autoptr(JsonObject) shown = NULL;
  g_autofree char *base = NULL, *merged = NULL, *conflicted = NULL;
  const char *mine = "Dear {{reporter.name}},\nWe decided: {{decision.outcome_label}}.\n\nRegards\n";
  const char *theirs = "Dear {{reporter.name}},\nWhat we decided: {{decision.outcome_label}}.\n\nYours sincerely\n";
  gboolean clean = TRUE;
  int opened = -1, saved = -1;

  g_assert_no_error (error);
  dg_db_set_actor (other, "Ffion Jones");
  base = dg_template_get (f->db, "outcome", "en", &opened, &error);
  g_assert_cmpint (opened, ==, 0);

  /* Both opened version 0; Ffion saves first. */
  g_assert_true (dg_template_set (other, "outcome", "en", theirs, opened, &saved, &error));
  g_assert_no_error (error);
  g_assert_cmpint (saved, ==, 1);
  g_assert_false (dg_template_set (f->db, "outcome", "en", mine, opened, &saved, &error));
  g_assert_error (error, DG_ERROR, DG_ERROR_CONFLICT);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "Ffion Jones saved version 1 at "));
  g_assert_cmpint (dg_error_exit_code (error), ==, 4);  /* a conflict: re-read and try again */
  g_clear_error (&error);
  shown = dg_template_show (f->db, "outcome", "en", &error);
  g_assert_cmpint (json_object_get_int_member (shown, "version"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (shown, "body"), ==, theirs);
  g_assert_cmpstr (json_object_get_string_member (shown, "saved_by"), ==, "Ffion Jones");

  /* Different lines changed: merged cleanly, and saved over version 1. */
  merged = dg_text_merge ("Dear {{reporter.name}},\nWe decided: {{decision.outcome_label}}.\n\nYours sincerely\n",
                          mine, theirs, "yours", "theirs", &clean, &error);
  g_assert_no_error (error);
  g_assert_true (clean);
  g_assert_cmpstr (merged, ==, "Dear {{reporter.name}},\nWhat we decided: {{decision.outcome_label}}.\n\nRegards\n");
  g_assert_true (dg_template_set (f->db, "outcome", "en", merged, 1, &saved, &error));
  g_assert_cmpint (saved, ==, 2);

  /* The same line changed: both kept between marks, which a save refuses. */
  conflicted = dg_text_merge (base, mine, theirs, "yours", "version 1 by Ffion Jones", &clean, &error);
  g_assert_no_error (error);
  g_assert_false (clean);
  g_assert_nonnull (strstr (conflicted, "<<<<<<< yours\n"));
  g_assert_null (strstr (conflicted, "|||||||"));   /* the base text is not offered back */
  g_assert_nonnull (strstr (conflicted, ">>>>>>> version 1 by Ffion Jones\n"));
  g_assert_nonnull (strstr (conflicted, "Regards"));
  g_assert_nonnull (strstr (conflicted, "Yours sincerely"));
  g_assert_false (dg_template_set (f->db, "outcome", "en", conflicted, 2, NULL, &error));
  g_assert_error (error, DG_ERROR, DG_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "both versions changed these lines"));
  g_clear_error (&error);

  /* A version that was never saved is a mistake, not a conflict. */
  g_assert_false (dg_template_set (f->db, "outcome", "en", mine, 9, NULL, &error));
  g_assert_error (error, DG_ERROR, DG_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "has no version 9; the newest is 2"));
  g_clear_error (&error);
  {
    /* Nor on the shipped version 0, which nobody saved. */
    g_autoptr(GError) cy_error = NULL;
    g_assert_false (dg_template_set (f->db, "outcome", "cy", mine, 3, NULL, &cy_error));
    g_assert_error (cy_error, DG_ERROR, DG_ERROR_INVALID);
    g_assert_nonnull (strstr (cy_error->message, "has no version 3; the newest is 0"));
  }

  /* Every mark a conflict can leave is refused, even with the others gone. */
  {
    const char *marked[] = { "Dear {{reporter.name}},\n=======\nRegards\n",
                             "Dear {{reporter.name}},\n||||||| base\nRegards\n",
                             "Dear {{reporter.name}},\n>>>>>>> theirs\n" };
    for (guint i = 0; i < G_N_ELEMENTS (marked); i++)
      {
        g_assert_false (dg_template_set (f->db, "outcome", "en", marked[i], -1, NULL, &error));
        g_assert_nonnull (strstr (error->message, "line 2, column 1: both versions changed these lines"));
        g_clear_error (&error);
      }
    /* A rule of equals signs inside a line is only text. */
    g_assert_nonnull (dg_template_parse ("Dear {{reporter.name}},\n======= notes =======\n", &error));
    g_assert_no_error (error);
  }

  /* Without a base version (the CLI's default) a save is never refused for
   * being late, and the audit trail counts each version saved. */
  g_assert_true (dg_template_set (f->db, "outcome", "en", mine, -1, &saved, &error));
  g_assert_cmpint (saved, ==, 3);
  g_assert_cmpint (dg_test_db_int (f->db, "SELECT count (*) FROM audit WHERE entity = 'template' AND action = 'set'"), ==, 3);
}

static void
test_sent_is_immutable (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 id = add (f, "en");
  g_autoptr(JsonObject) letter = NULL;
  g_autoptr(JsonNode) shown = NULL;
  JsonObject *due;

  g_assert_true (dg_referral_decide (f->db, id, "iaa", "Advice given", NULL, "2026-11-20T15:00", &error));
  letter = dg_notify_render (f->db, id, "outcome", NULL, NULL, &error);
  g_assert_true (dg_notify_mark_sent (f->db, id, letter, "text", "secure-email", &error));
  g_assert_no_error (error);

  /* The outcome clock stops; the referral closes. */
  shown = dg_referral_show (f->db, id, &error);
  due = json_object_get_object_member (json_node_get_object (shown), "due");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (due, "outcome"), "state"), ==, "on-time");
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (shown), "status"), ==, "closed");

  /* Exactly what was sent is kept, and cannot be changed or deleted. */
  g_assert_false (dg_db_exec (f->db, "UPDATE notification SET body = 'something else'", &error));
  g_assert_nonnull (strstr (error->message, "cannot be changed"));
  g_clear_error (&error);
  g_assert_false (dg_db_exec (f->db, "DELETE FROM notification", &error));
  g_assert_nonnull (strstr (error->message, "cannot be deleted"));
  g_clear_error (&error);
  {
    DgStmt *stmt = dg_db_prepare (f->db, "SELECT body, method, template_version FROM notification", &error);
    gboolean has_row = FALSE;
    g_assert_true (dg_db_step (f->db, stmt, &has_row, &error));
    g_assert_true (has_row);
    g_assert_cmpstr (dg_stmt_column_text (stmt, 0), ==, json_object_get_string_member (letter, "body"));
    g_assert_cmpstr (dg_stmt_column_text (stmt, 1), ==, "secure-email");
    dg_stmt_reset (stmt);
  }
}

static void
test_eml_headers (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 id = add (f, "cy");
  g_autoptr(JsonObject) letter = dg_notify_render (f->db, id, "acknowledgement", NULL, NULL, &error);
  g_autoptr(GDateTime) now = dg_db_now (f->db);
  g_autofree char *eml = dg_notify_eml (letter, "hub@example.org", now);

  g_assert_nonnull (strstr (eml, "From: hub@example.org\r\n"));
  g_assert_nonnull (strstr (eml, "To: dsp@example.org\r\n"));
  g_assert_nonnull (strstr (eml, "Subject: Cydnabod eich adroddiad DTR-2026-000001\r\n"));
  g_assert_nonnull (strstr (eml, "Content-Language: cy\r\n"));
  g_assert_nonnull (strstr (eml, "Content-Type: text/plain; charset=UTF-8\r\n"));
  g_assert_nonnull (strstr (eml, "Date: Mon, 23 Nov 2026 10:00:00 "));
  g_assert_nonnull (strstr (eml, "\r\n\r\n"));

  /* A subject beyond ASCII is encoded as RFC 2047 says. */
  json_object_set_string_member (letter, "subject", "Siân");
  {
    g_autofree char *encoded = dg_notify_eml (letter, NULL, now);
    g_assert_nonnull (strstr (encoded, "Subject: =?UTF-8?B?U2nDom4=?=\r\n"));
  }
}

/* Templates and letters are bounded: nesting (which the parser, the renderer
 * and the free recurse over), the template's size and the letter's size. */
static void
test_template_bounds (void)
{
  g_autoptr(GString) deep = g_string_new (NULL);
  g_autoptr(GHashTable) values = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;
  g_autoptr(DgTemplate) parsed = NULL;
  g_autofree char *big = g_strnfill (DG_TEMPLATE_MAX_BYTES + 1, 'a');
  g_autofree char *value = g_strnfill (200 * 1024, 'v');
  g_autofree char *letter = NULL;

  for (guint i = 0; i < DG_TEMPLATE_MAX_DEPTH; i++)
    g_string_append (deep, "{{#if hub.name}}");
  g_string_append (deep, "x");
  for (guint i = 0; i < DG_TEMPLATE_MAX_DEPTH; i++)
    g_string_append (deep, "{{/if}}");
  parsed = dg_template_parse (deep->str, &error);
  g_assert_no_error (error);
  g_clear_pointer (&parsed, dg_template_free);

  /* One level more, and 300,000 levels, are refused where they start. */
  g_string_prepend (deep, "{{#if hub.name}}");
  g_assert_null (dg_template_parse (deep->str, &error));
  g_assert_cmpstr (error->message, ==, "line 1, column 257: more than 16 “{{#if …}}” sections inside one another");
  g_clear_error (&error);
  g_string_truncate (deep, 0);
  for (guint i = 0; i < 300000 && deep->len < DG_TEMPLATE_MAX_BYTES - 20; i++)
    g_string_append (deep, "{{#if today}}");
  g_assert_null (dg_template_parse (deep->str, &error));
  g_assert_nonnull (strstr (error->message, "more than 16"));
  g_clear_error (&error);

  g_assert_null (dg_template_parse (big, &error));
  g_assert_cmpstr (error->message, ==, "the template is longer than 256 KiB; a letter needs far less");
  g_clear_error (&error);

  /* A short template that quotes a long text many times. */
  parsed = dg_template_parse ("{{hub.name}}{{hub.name}}{{hub.name}}{{hub.name}}{{hub.name}}{{hub.name}}", &error);
  g_assert_no_error (error);
  g_hash_table_insert (values, (gpointer) "hub.name", value);
  letter = dg_template_render (parsed, values, "en", &error);
  g_assert_null (letter);
  g_assert_cmpstr (error->message, ==, "the letter would be longer than 1024 KiB; shorten its template or the text it quotes");
  g_clear_error (&error);
  value[100 * 1024] = '\0';
  letter = dg_template_render (parsed, values, "en", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (strlen (letter), ==, 6 * 100 * 1024);
}

static void
test_csv_fields (void)
{
  const struct { const char *in; const char *out; } cases[] = {
    { "plain", "plain" }, { "a,b", "\"a,b\"" }, { "say \"hi\"", "\"say \"\"hi\"\"\"" },
    { "two\nlines", "\"two\nlines\"" }, { "=SUM(A1)", "\"'=SUM(A1)\"" }, { "+44 1234", "\"'+44 1234\"" },
    { "-1", "\"'-1\"" }, { "@cmd", "\"'@cmd\"" }, { "Siân", "Siân" }, { "", "" },
    /* OWASP: a leading TAB or carriage return can hide a formula too. */
    { "\t=1+1", "\"'\t=1+1\"" }, { "\r=1+1", "\"'\r=1+1\"" }, { "a\tb", "a\tb" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GString) out = g_string_new (NULL);
      dg_csv_field (out, cases[i].in);
      g_assert_cmpstr (out->str, ==, cases[i].out);
    }
}

/* The page that holds @needle in @pdf, from 1; 0 when none does. */
static int
page_of (const char *pdf,
         int         n_pages,
         const char *needle,
         char      **page_text)
{
  for (int page = 1; page <= n_pages; page++)
    {
      g_autofree char *from = g_strdup_printf ("%d", page);
      g_autofree char *out = NULL;
      int status = 0;

      g_assert_true (g_spawn_sync (NULL, (char *[]) { "pdftotext", "-layout", "-f", from, "-l", from, (char *) pdf, "-", NULL },
                                   NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out, NULL, &status, NULL));
      g_assert_true (g_spawn_check_wait_status (status, NULL));
      if (strstr (out, needle) != NULL)
        {
          if (page_text != NULL)
            *page_text = g_steal_pointer (&out);
          return page;
        }
    }
  return 0;
}

/* However long the letter, its sign-off is never alone at the top of a
 * page: it goes with the paragraph before it. And the PDF says its title
 * and language and is tagged, for a screen reader. */
static void
test_pdf_sign_off (void)
{
  g_autofree char *dir = g_dir_make_tmp ("dg-test-pdf-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "letter.pdf", NULL);
  guint moved = 0;

  if (!g_find_program_in_path ("pdftotext") || !g_find_program_in_path ("pdfinfo"))
    {
      g_test_skip ("pdftotext and pdfinfo (poppler-utils) are not installed");
      return;
    }
  for (int filler = 52; filler < 62; filler++)
    {
      g_autoptr(GString) body = g_string_new ("Hyb Diogelu\n\nAnnwyl Ceri Jones,\n\n");
      g_autoptr(GError) error = NULL;
      g_autofree char *info = NULL, *closing_page = NULL;
      int status = 0, n_pages, last_para, closing, signature;

      for (int i = 0; i < filler; i++)
        g_string_append_printf (body, "Paragraff %d o'r llythyr.\n\n", i);
      g_string_append (body, "PARAGRAFF OLAF cyn y cyfarch.\n\nYn gywir,\n\nAlaw Hughes\nHyb Diogelu\n\nSWYDDOGOL-SENSITIF\n");
      g_assert_true (dg_letter_write_pdf (path, "Canlyniad eich adroddiad", "cy", body->str, NULL, &error));
      g_assert_no_error (error);

      g_assert_true (g_spawn_sync (NULL, (char *[]) { "pdfinfo", path, NULL }, NULL,
                                   G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &info, NULL, &status, NULL));
      g_assert_true (g_spawn_check_wait_status (status, NULL));
      g_assert_nonnull (strstr (info, "Title:           Canlyniad eich adroddiad"));
      g_assert_nonnull (strstr (info, "Keywords:        language: cy"));
      g_assert_nonnull (strstr (info, "Tagged:          yes"));
      n_pages = atoi (strstr (info, "Pages:") + 6);
      g_assert_cmpint (n_pages, >=, 1);
      {
        g_autofree char *contents = NULL;
        gsize length;

        g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
        g_assert_nonnull (g_strstr_len (contents + length - MIN (length, 600), MIN (length, 600), "/Lang (cy)"));
      }

      last_para = page_of (path, n_pages, "PARAGRAFF OLAF", NULL);
      closing = page_of (path, n_pages, "Yn gywir,", &closing_page);
      signature = page_of (path, n_pages, "SWYDDOGOL-SENSITIF", NULL);
      g_test_message ("%d paragraphs: %d pages; last paragraph on %d, closing on %d, marking on %d",
                      filler, n_pages, last_para, closing, signature);
      g_assert_cmpint (last_para, >, 0);
      g_assert_cmpint (closing, ==, last_para);
      g_assert_cmpint (signature, ==, closing);
      if (n_pages > 1 && strstr (closing_page, "Paragraff") == NULL)
        moved++;
    }
  /* Some lengths did bring the closing's paragraph over to the next page. */
  g_assert_cmpuint (moved, >, 0);
  g_remove (path);
  g_rmdir (dir);
}

static cairo_status_t
append_png (void                *closure,
            const unsigned char *data,
            unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* The letterhead's logo, PNG or SVG, drawn at the top of page one as a
 * tagged figure; bytes that are no image leave the letter without one. */
static void
test_pdf_logo (void)
{
  g_autofree char *dir = g_dir_make_tmp ("dg-test-logo-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "letter.pdf", NULL);
  g_autoptr(GByteArray) png = g_byte_array_new ();
  cairo_surface_t *image = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 300, 90);
  cairo_t *cr = cairo_create (image);
  const char *svg = "<svg xmlns='http://www.w3.org/2000/svg' width='300' height='90'><rect width='300' height='90' fill='#1c71d8'/></svg>";
  GBytes *logos[3];

  if (!g_find_program_in_path ("pdfinfo"))
    {
      g_test_skip ("pdfinfo (poppler-utils) is not installed");
      return;
    }
  cairo_set_source_rgb (cr, 0.1, 0.4, 0.8);
  cairo_paint (cr);
  cairo_destroy (cr);
  g_assert_cmpint (cairo_surface_write_to_png_stream (image, append_png, png), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (image);
  logos[0] = g_bytes_new (png->data, png->len);
  logos[1] = g_bytes_new_static (svg, strlen (svg));
  logos[2] = g_bytes_new_static ("not an image", 12);

  for (guint i = 0; i < G_N_ELEMENTS (logos); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *structure = NULL;
      int status = 0;

      g_assert_true (dg_letter_write_pdf (path, "Your report", "en", "Hub\n\nDear Ceri Jones,\n\nThank you.\n\nYours sincerely,\n\nHub\n",
                                          logos[i], &error));
      g_assert_no_error (error);
      g_assert_true (g_spawn_sync (NULL, (char *[]) { "pdfinfo", "-struct", path, NULL }, NULL,
                                   G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &structure, NULL, &status, NULL));
      g_assert_true (g_spawn_check_wait_status (status, NULL));
      g_test_message ("logo %u: %s", i, structure);
      g_assert_true ((strstr (structure, "Figure") != NULL) == (i < 2));
      g_assert_nonnull (strstr (structure, "P (block)"));
      g_bytes_unref (logos[i]);
    }
  g_remove (path);
  g_rmdir (dir);
}

static gint64
add_children (Fixture    *f,
              const char *first,
              const char *second)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *json = g_strdup_printf ("{\"received_at\": \"2026-11-20T09:30\", \"reporter\": {\"name\": \"Ceri Jones\","
                                           " \"organisation\": \"Ysgol Enghraifft\", \"agency\": \"education\", \"language\": \"cy\"},"
                                           " \"children\": [{\"name\": \"%s\"}, {\"name\": \"%s\"}]}", first, second);
  g_autoptr(JsonNode) node = json_from_string (json, &error);
  gint64 id = dg_referral_add (f->db, json_node_get_object (node), NULL, &error);

  g_assert_no_error (error);
  return id;
}

/* Welsh "a" becomes "ac" before a vowel: in the list of children and
 * wherever a template puts a value after "a", "â", "gyda" or "tua". */
static void
test_welsh_conjunctions (Fixture       *f,
                         gconstpointer  data)
{
  const char *pairs[][3] = {
    { "Siôn Pritchard", "Elin Pritchard", "Siôn Pritchard ac Elin Pritchard" },
    { "Gruff Morgan", "Owain Morgan", "Gruff Morgan ac Owain Morgan" },
    { "Elin Pritchard", "Gruff Pritchard", "Elin Pritchard a Gruff Pritchard" },
    { "Siân Brown", "Ânia Brown", "Siân Brown ac Ânia Brown" },
  };
  const char *joins[][3] = {
    { "Siôn a ", "Elin", "Siôn ac Elin" }, { "A ", "Owain", "Ac Owain" }, { "te â ", "llaeth", "te â llaeth" },
    { "te â ", "oren", "te ag oren" }, { "gyda ", "Ifan", "gydag Ifan" }, { "tua ", "wyth", "tuag wyth" },
    { "Tua ", "deg", "Tua deg" }, { "gwraig a ", "Elin", "gwraig ac Elin" }, { "Mara ", "Elin", "Mara Elin" },
    { "a", "Elin", "aElin" }, { "Siôn a ", "", "Siôn a " },
  };
  g_autoptr(DgTemplate) parsed = NULL;
  g_autoptr(GHashTable) values = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;
  char *letter;

  for (guint i = 0; i < G_N_ELEMENTS (joins); i++)
    {
      g_autoptr(GString) out = g_string_new (joins[i][0]);

      dg_text_cy_join (out, joins[i][1]);
      g_string_append (out, joins[i][1]);
      g_assert_cmpstr (out->str, ==, joins[i][2]);
    }

  for (guint i = 0; i < G_N_ELEMENTS (pairs); i++)
    {
      gint64 id = add_children (f, pairs[i][0], pairs[i][1]);
      g_autoptr(JsonObject) cy = dg_notify_render (f->db, id, "acknowledgement", "cy", NULL, &error);
      g_autoptr(JsonObject) en = dg_notify_render (f->db, id, "acknowledgement", "en", NULL, &error);

      g_assert_no_error (error);
      g_assert_nonnull (strstr (json_object_get_string_member (cy, "body"), pairs[i][2]));
      /* English keeps "and". */
      g_assert_null (strstr (json_object_get_string_member (en, "body"), " ac "));
    }

  /* In a template: a value after "a" in a Welsh letter, not in an English one. */
  parsed = dg_template_parse ("Diolch i {{reporter.name}} a {{reporter.organisation}}.", &error);
  g_assert_no_error (error);
  g_hash_table_insert (values, (gpointer) "reporter.name", (gpointer) "Ceri Jones");
  g_hash_table_insert (values, (gpointer) "reporter.organisation", (gpointer) "Ysgol y Graig");
  letter = dg_template_render (parsed, values, "cy", &error);
  g_assert_cmpstr (letter, ==, "Diolch i Ceri Jones ac Ysgol y Graig.");
  g_free (letter);
  letter = dg_template_render (parsed, values, "en", &error);
  g_assert_cmpstr (letter, ==, "Diolch i Ceri Jones a Ysgol y Graig.");
  g_free (letter);
  g_hash_table_insert (values, (gpointer) "reporter.organisation", (gpointer) "Meddygfa'r Dref");
  letter = dg_template_render (parsed, values, "cy", &error);
  g_assert_cmpstr (letter, ==, "Diolch i Ceri Jones a Meddygfa'r Dref.");
  g_free (letter);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(name, func) g_test_add (name, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/notify/every-template-renders", test_every_template_renders);
  ADD ("/notify/language-default-and-refusals", test_language_default_and_refusals);
  ADD ("/notify/template-checks", test_template_checks);
  ADD ("/notify/template-conflict", test_template_conflict);
  ADD ("/notify/sent-is-immutable", test_sent_is_immutable);
  ADD ("/notify/eml-headers", test_eml_headers);
  ADD ("/notify/welsh-conjunctions", test_welsh_conjunctions);
#undef ADD
  g_test_add_func ("/notify/csv-fields", test_csv_fields);
  g_test_add_func ("/notify/template-bounds", test_template_bounds);
  g_test_add_func ("/notify/pdf-sign-off", test_pdf_sign_off);
  g_test_add_func ("/notify/pdf-logo", test_pdf_logo);

  return g_test_run ();
}
