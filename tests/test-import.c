#include "config.h"

#include <sqlite3.h>

#include "dg-audit.h"
#include "dg-test-db.h"
#include "dg-db.h"
#include "dg-import.h"
#include "dg-import-private.h"
#include "dg-referrals.h"

typedef DgTestDb Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  dg_test_db_setup (f, "dg-test-import");
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  dg_test_db_teardown (f);
}

static void
test_csv_parse (void)
{
  const char *text = "\xEF\xBB\xBF" "a,b,c\r\n"
                     "\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"\r\n"
                     "\n"
                     ",,\n"
                     "last,row,no newline";
  const struct { const char *text; const char *words; } bad[] = {
    { "a,\"b\nc", "never closed" },
    { "a,b\"c\"", "middle of a field" },
    { "a,\"b\"c", "closing quote" },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = dg_csv_parse (text, strlen (text), &error);
  GStrv row;

  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 4);
  row = g_ptr_array_index (rows, 0);
  g_assert_cmpstr (row[0], ==, "a");   /* the byte-order mark is not part of it */
  row = g_ptr_array_index (rows, 1);
  g_assert_cmpuint (g_strv_length (row), ==, 3);
  g_assert_cmpstr (row[0], ==, "x, y");
  g_assert_cmpstr (row[1], ==, "say \"hi\"");
  g_assert_cmpstr (row[2], ==, "two\nlines");
  row = g_ptr_array_index (rows, 2);
  g_assert_cmpuint (g_strv_length (row), ==, 3);
  g_assert_cmpstr (row[2], ==, "");
  row = g_ptr_array_index (rows, 3);
  g_assert_cmpstr (row[2], ==, "no newline");

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) refused = NULL;
      g_autoptr(GPtrArray) none = dg_csv_parse (bad[i].text, strlen (bad[i].text), &refused);

      g_assert_null (none);
      g_assert_error (refused, DG_ERROR, DG_ERROR_INVALID);
      g_assert_nonnull (strstr (refused->message, bad[i].words));
      g_assert_true (g_str_has_prefix (refused->message, "Line "));
    }
  /* Not UTF-8, so read as Windows-1252; a byte that encoding leaves
   * undefined is refused, naming the encoding. */
  {
    g_autoptr(GError) refused = NULL;
    g_autoptr(GPtrArray) none = dg_csv_parse ("a,\x81\n", 4, &refused);

    g_assert_null (none);
    g_assert_error (refused, DG_ERROR, DG_ERROR_INVALID);
    g_assert_nonnull (strstr (refused->message, "Windows-1252"));
  }
  /* A NUL inside the text is refused, not cut short. */
  {
    g_autoptr(GError) refused = NULL;
    g_autoptr(GPtrArray) none = dg_csv_parse ("a,b\nc\0d,e\n", 10, &refused);

    g_assert_null (none);
    g_assert_nonnull (strstr (refused->message, "NUL"));
  }
}

static const char *good =
  "Date received,Child's name,Date of birth,School,Referrer,Organisation,Agency,Concern,Rating,Category\n"
  "20/11/2026 09:30,Siân Jones,01/04/2015,Ysgol y Dref,Mrs Rees,Ysgol y Dref,education,\"Bruises seen, on both arms\",amber,physical\n"
  "21/11/2026 10:00,\"Llŷr \"\"Bach\"\" Evans\",12/12/2016,,PC Hughes,Heddlu Dyfed-Powys,police,\"Domestic incident\ntwo children present\",red,emotional;neglect\n";

static void
test_import_all (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) dry = dg_import_csv (f->db, good, strlen (good), NULL, TRUE, NULL, NULL, &error);
  g_autoptr(JsonNode) done = NULL;
  g_autoptr(JsonNode) shown = NULL;
  gint64 id;

  g_assert_no_error (error);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (dry), "rows"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (dry), "imported"), ==, 0);
  g_assert_cmpint (dg_test_db_int (f->db, "SELECT count(*) FROM referral"), ==, 0);

  done = dg_import_csv (f->db, good, strlen (good), NULL, FALSE, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (done), "imported"), ==, 2);
  g_assert_cmpint (dg_test_db_int (f->db, "SELECT count(*) FROM referral"), ==, 2);
  g_assert_cmpint (dg_test_db_int (f->db, "SELECT count(*) FROM clock WHERE clock = 'decision' AND done_at IS NULL"), ==, 2);
  g_assert_cmpint (dg_test_db_int (f->db, "SELECT count(*) FROM audit WHERE entity = 'import'"), ==, 1);

  /* The search index is fed once, at the end of the import: each row is found. */
  g_assert_cmpint (dg_test_db_int (f->db, "SELECT count(*) FROM referral_search"), ==, 2);
  g_assert_cmpint (dg_referral_count (f->db, &(DgReferralQuery) { .search = "sian jones" }, &error), ==, 1);
  g_assert_cmpint (dg_referral_count (f->db, &(DgReferralQuery) { .search = "llyr bach" }, &error), ==, 1);
  g_assert_cmpint (dg_referral_count (f->db, &(DgReferralQuery) { .search = "Dyfed" }, &error), ==, 1);
  g_assert_cmpint (dg_referral_count (f->db, &(DgReferralQuery) { .search = "bruises" }, &error), ==, 1);
  g_assert_no_error (error);

  id = dg_test_db_int (f->db, "SELECT id FROM referral ORDER BY id DESC LIMIT 1");
  shown = dg_referral_show (f->db, id, &error);
  g_assert_no_error (error);
  {
    JsonObject *r = json_node_get_object (shown);
    JsonObject *child = json_array_get_object_element (json_object_get_array_member (r, "children"), 0);

    g_assert_cmpstr (json_object_get_string_member (r, "received_at"), ==, "2026-11-21T10:00:00");
    g_assert_cmpstr (json_object_get_string_member (child, "name"), ==, "Llŷr \"Bach\" Evans");
    g_assert_cmpstr (json_object_get_string_member (child, "dob"), ==, "2016-12-12");
    g_assert_cmpstr (json_object_get_string_member (r, "concern"), ==, "Domestic incident\ntwo children present");
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (r, "categories")), ==, 2);
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (r, "reporter"), "agency"), ==, "police");
  }
}

/* @utf8 in UTF-16 (little or big endian) with its byte-order mark, as
 * Excel's "Unicode Text" saves it; built byte by byte, not with iconv. */
static GByteArray *
utf16_of (const char *utf8,
          gboolean    big)
{
  GByteArray *out = g_byte_array_new ();
  glong n = 0;
  g_autofree gunichar2 *units = g_utf8_to_utf16 (utf8, -1, NULL, &n, NULL);
  guint8 bom[2] = { big ? 0xFE : 0xFF, big ? 0xFF : 0xFE };

  g_byte_array_append (out, bom, 2);
  for (glong i = 0; i < n; i++)
    {
      guint8 pair[2] = { units[i] & 0xFF, units[i] >> 8 };
      guint8 swapped[2] = { pair[1], pair[0] };

      g_byte_array_append (out, big ? swapped : pair, 2);
    }
  return out;
}

/* Excel's "CSV (Comma delimited)" (Windows-1252: â is 0xE2, £ is 0xA3) and
 * its Unicode text (UTF-16 with a BOM) import exactly; the report says
 * which was read; a spreadsheet's seconds are kept. */
static void
test_import_encodings (Fixture       *f,
                       gconstpointer  data)
{
  const char *cp1252 = "Date received,Child's name,Agency,Concern\r\n"
                       "20/11/2026 09:30:15,Si\xE2n Jones,education,Dinner money \xA3" "5 taken\r\n";
  const char *utf8 = "Date received,Child's name,Agency,Concern\r\n"
                     "21/11/2026 10:00,Llŷr Evans,health,“Quoted” concern £7\r\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) done = dg_import_csv (f->db, cp1252, strlen (cp1252), NULL, FALSE, NULL, NULL, &error);
  g_autoptr(JsonNode) shown = NULL;
  g_autoptr(GByteArray) le = utf16_of (utf8, FALSE);
  g_autoptr(GByteArray) be = utf16_of (utf8, TRUE);
  JsonObject *r;

  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (done), "encoding"), ==, "Windows-1252");
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (done), "imported"), ==, 1);
  shown = dg_referral_show (f->db, dg_test_db_int (f->db, "SELECT max(id) FROM referral"), &error);
  g_assert_no_error (error);
  r = json_node_get_object (shown);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (json_object_get_array_member (r, "children"), 0), "name"),
                   ==, "Si\u00e2n Jones");
  g_assert_cmpstr (json_object_get_string_member (r, "concern"), ==, "Dinner money \u00a3" "5 taken");
  g_assert_cmpstr (json_object_get_string_member (r, "received_at"), ==, "2026-11-20T09:30:15");

  for (guint big = 0; big < 2; big++)
    {
      GByteArray *bytes = big ? be : le;
      g_autoptr(JsonNode) checked = dg_import_csv (f->db, (const char *) bytes->data, bytes->len, NULL, TRUE, NULL, NULL, &error);
      JsonObject *column;

      g_assert_no_error (error);
      g_assert_cmpstr (json_object_get_string_member (json_node_get_object (checked), "encoding"), ==, big ? "UTF-16BE" : "UTF-16LE");
      g_assert_cmpint (json_array_get_length (json_object_get_array_member (json_node_get_object (checked), "errors")), ==, 0);
      column = json_array_get_object_element (json_object_get_array_member (json_node_get_object (checked), "columns"), 1);
      g_assert_cmpstr (json_object_get_string_member (column, "header"), ==, "Child's name");
      g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (column, "samples"), 0), ==, "Llŷr Evans");
    }
  {
    g_autoptr(JsonNode) saved = dg_import_csv (f->db, (const char *) le->data, le->len, NULL, FALSE, NULL, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpint (json_object_get_int_member (json_node_get_object (saved), "imported"), ==, 1);
    g_clear_pointer (&shown, json_node_unref);
    shown = dg_referral_show (f->db, dg_test_db_int (f->db, "SELECT max(id) FROM referral"), &error);
    g_assert_no_error (error);
    g_assert_cmpstr (json_object_get_string_member (json_node_get_object (shown), "concern"), ==, "“Quoted” concern £7");
  }
  /* Plain UTF-8 says so. */
  {
    g_autoptr(JsonNode) checked = dg_import_csv (f->db, utf8, strlen (utf8), NULL, TRUE, NULL, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (json_object_get_string_member (json_node_get_object (checked), "encoding"), ==, "UTF-8");
  }
}

static void
test_import_none (Fixture       *f,
                  gconstpointer  data)
{
  const char *text =
    "Date received,Child's name,Date of birth,Favourite colour,Agency\n"
    "20/11/2026 09:30,Siân Jones,01/01/2015,blue,education\n"
    "21/11/2026 10:00,Bob,01/04/2030,red,health\n"
    "\"22/11/2026 10:00\",Ann,01/01/2016,red,spies\n"
    "23/11/2026 08:00,Cai\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) report = dg_import_csv (f->db, text, strlen (text), NULL, FALSE, NULL, NULL, &error);
  g_autoptr(GHashTable) mapping = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(JsonNode) mapped = NULL;
  JsonArray *errors;
  const struct { gint64 row; const char *column; const char *words; } expected[] = {
    { 1, "Favourite colour", "choose the field it fills" },
    { 3, "Date of birth", "future" },
    { 4, "Agency", "spies" },
    { 5, NULL, "2 fields where the header has 5" },
  };

  g_assert_no_error (error);
  errors = json_object_get_array_member (json_node_get_object (report), "errors");
  g_assert_cmpuint (json_array_get_length (errors), ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      JsonObject *e = json_array_get_object_element (errors, i);

      g_assert_cmpint (json_object_get_int_member (e, "row"), ==, expected[i].row);
      if (expected[i].column != NULL)
        g_assert_cmpstr (json_object_get_string_member (e, "column"), ==, expected[i].column);
      else
        g_assert_true (json_object_get_null_member (e, "column"));
      g_assert_nonnull (strstr (json_object_get_string_member (e, "message"), expected[i].words));
    }
  /* The good row was not written either: all or none. */
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (report), "imported"), ==, 0);
  g_assert_cmpint (dg_test_db_int (f->db, "SELECT count(*) FROM referral"), ==, 0);
  g_assert_cmpint (dg_test_db_int (f->db, "SELECT count(*) FROM reporter"), ==, 0);

  /* Leaving the unknown column out clears its error, and only its. */
  g_hash_table_insert (mapping, "Favourite colour", "");
  mapped = dg_import_csv (f->db, text, strlen (text), mapping, FALSE, NULL, NULL, &error);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (mapped), "errors")), ==, 3);
  g_assert_cmpint (dg_test_db_int (f->db, "SELECT count(*) FROM referral"), ==, 0);
}

/* A failure while writing (here: an earlier referral's trigger refuses the
 * last row) leaves nothing of the rows written before it. */
static void
test_import_fails_whole (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) report = NULL;

  dg_test_db_break_child_insert (f->db, "NEW.name LIKE 'Llŷr%'");
  report = dg_import_csv (f->db, good, strlen (good), NULL, FALSE, NULL, NULL, &error);
  g_assert_null (report);
  g_assert_nonnull (error);
  g_assert_true (g_str_has_prefix (error->message, "Nothing was imported"));
  g_assert_cmpint (dg_test_db_int (f->db, "SELECT count(*) FROM referral"), ==, 0);
  g_assert_cmpint (dg_test_db_int (f->db, "SELECT count(*) FROM clock"), ==, 0);
  g_assert_cmpint (dg_test_db_int (f->db, "SELECT count(*) FROM audit"), ==, 0);
  g_assert_cmpint (dg_test_db_int (f->db, "SELECT count(*) FROM referral_search"), ==, 0);
  g_assert_cmpint (dg_referral_count (f->db, &(DgReferralQuery) { .search = "sian" }, NULL), ==, 0);
  g_clear_error (&error);

  /* The failed import left nothing deferred behind: a referral saved next
   * is indexed at once, and the import then goes through whole. */
  g_assert_true (dg_db_exec (f->db, DG_DB_SQL (f->db, "DROP TRIGGER break_child", "DROP TRIGGER break_child ON child"), &error));
  {
    g_autoptr(JsonNode) input = json_from_string ("{\"received_at\": \"2026-11-19T08:00\", "
                                                  "\"children\": [{\"name\": \"Gethin Parry\"}]}", &error);

    g_assert_no_error (error);
    g_assert_cmpint (dg_referral_add (f->db, json_node_get_object (input), NULL, &error), >, 0);
    g_assert_no_error (error);
  }
  g_assert_cmpint (dg_referral_count (f->db, &(DgReferralQuery) { .search = "gethin" }, &error), ==, 1);
  g_clear_pointer (&report, json_node_unref);
  report = dg_import_csv (f->db, good, strlen (good), NULL, FALSE, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (dg_test_db_int (f->db, "SELECT count(*) FROM referral_search"), ==, 3);
  g_assert_cmpint (dg_referral_count (f->db, &(DgReferralQuery) { .search = "llyr" }, &error), ==, 1);
}

static void
progress (guint    done,
          guint    total,
          gpointer user_data)
{
  guint *last = user_data;

  g_assert_cmpuint (done, >=, last[0]);
  g_assert_cmpuint (done, <=, total);
  last[0] = done;
  last[1] = total;
}

static void
test_import_many (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GString) text = g_string_new ("received_at,child_name,reporter_agency\n");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) report = NULL;
  guint last[2] = { 0, 0 };

  for (guint i = 0; i < 2000; i++)
    g_string_append_printf (text, "2026-11-%02uT09:%02u,Child %u,%s\n", 1 + i % 20, i % 60, i, i % 2 ? "health" : "public");
  report = dg_import_csv (f->db, text->str, text->len, NULL, FALSE, progress, last, &error);
  g_assert_no_error (error);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (report), "imported"), ==, 2000);
  g_assert_cmpuint (last[0], ==, last[1]);
  g_assert_cmpuint (last[1], ==, 4000);
  g_assert_cmpint (dg_test_db_int (f->db, "SELECT count(*) FROM referral"), ==, 2000);
  g_assert_cmpint (dg_test_db_int (f->db, "SELECT count (DISTINCT referral_id) FROM clock"), ==, 2000);
  g_assert_cmpint (dg_test_db_int (f->db, "SELECT count(*) FROM referral_search"), ==, 2000);
  /* Rows whose numbers begin no other name or reference: each found by name. */
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *search = g_strdup_printf ("child %u", (guint[]) { 999, 1500, 1998 }[i]);
      g_autoptr(GArray) ids = dg_referral_list_ids (f->db, &(DgReferralQuery) { .search = search }, 0, &error);

      g_assert_no_error (error);
      g_assert_cmpuint (ids->len, ==, 1);
    }
}

/* A spreadsheet of @n referrals with every column the import fills, from
 * a fixed seed: several years (each its own references), categories given
 * twice, report-makers with and without a language (a language offer),
 * schools (a report group each), rows without a report-maker. */
static GString *
spreadsheet (guint n)
{
  static const char *first[] = { "Siân", "Llŷr", "Gethin", "Ffion", "Łukasz", "Zoë", "Owain", "Cai" };
  static const char *last[] = { "Jones", "Ó Briain", "Davies", "Pritchard", "Øvergaard", "Evans" };
  static const char *agencies[] = { "education", "health", "police", "housing", "public", "other", "third-sector" };
  static const char *channels[] = { "phone", "email", "form", "in-person", "" };
  static const char *categories[] = { "physical", "neglect;emotional", "sexual|neglect;neglect", "", "financial" };
  g_autoptr(GRand) rand = g_rand_new_with_seed (27);
  GString *text = g_string_new ("received_at,channel,rag,concern,categories,child_name,child_dob,child_gender,"
                                "child_school,child_address,child_first_language,reporter_name,reporter_role,"
                                "reporter_organisation,reporter_agency,reporter_email,reporter_phone,"
                                "reporter_language,immediate_action,other_information\r\n");

  for (guint i = 0; i < n; i++)
    {
      /* From January 2023 to the tests' today, 23 November 2026, in order. */
      guint day = 1 + (guint) ((guint64) i * 1420 / n);
      g_autoptr(GDate) received = g_date_new_dmy (1, 1, 2023);
      const char *agency = agencies[g_rand_int_range (rand, 0, G_N_ELEMENTS (agencies))];
      gboolean reporter = g_rand_int_range (rand, 0, 15) != 0;

      g_date_add_days (received, day);
      g_string_append_printf (text, "%02u/%02u/%04u %02d:%02d,%s,%s,\"Concern %u, \"\"quoted\"\"\nover two lines\",%s,",
                              g_date_get_day (received), g_date_get_month (received), g_date_get_year (received),
                              g_rand_int_range (rand, 8, 18), g_rand_int_range (rand, 0, 60),
                              channels[g_rand_int_range (rand, 0, G_N_ELEMENTS (channels))],
                              (const char *[]) { "red", "amber", "green", "" }[g_rand_int_range (rand, 0, 4)],
                              i, categories[g_rand_int_range (rand, 0, G_N_ELEMENTS (categories))]);
      g_string_append_printf (text, "%s %s %u,%02d/%02d/%04d,%s,%s,%u Stryd Fawr,%s,",
                                first[g_rand_int_range (rand, 0, G_N_ELEMENTS (first))],
                                last[g_rand_int_range (rand, 0, G_N_ELEMENTS (last))], i % 97,
                                g_rand_int_range (rand, 1, 29), g_rand_int_range (rand, 1, 13), g_rand_int_range (rand, 2006, 2022),
                                i % 3 ? "girl" : "boy", i % 5 ? "Ysgol y Dref" : "Ysgol Bro Teifi", i % 40,
                                i % 2 ? "Cymraeg" : "");
      if (reporter)
        g_string_append_printf (text, "Reporter %u,Teacher,%s,%s,r%u@example.org,01970 %06u,%s,",
                                i % 300, i % 4 ? "Ysgol y Dref" : "Ysgol Penweddig", agency, i % 50, i,
                                (const char *[]) { "en", "cy", "" }[i % 3]);
      else
        g_string_append (text, ",,,,,,,");
      g_string_append_printf (text, "%s,%s\r\n", i % 7 ? "" : "Police called", i % 11 ? "" : "Known to services");
    }
  return text;
}

/* Whether @table holds the pages of the children's trigram index, fed by
 * a trigger on each child: one statement for all of them lays its terms
 * out in other pages than one statement each (compared by its terms
 * instead). The search index is fed by one statement either way. */
static gboolean
trigram_pages (const char *table)
{
  return g_str_equal (table, "child_trigram_data") || g_str_equal (table, "child_trigram_idx");
}

/* Every row of @sql on both connections, column by column: the same type
 * and the same bytes. Returns the rows compared. */
static guint
compare_rows (sqlite3    *a,
              sqlite3    *b,
              const char *sql)
{
  sqlite3_stmt *sa = NULL, *sb = NULL;
  guint rows = 0;
  int ra, rb;

  g_assert_cmpint (sqlite3_prepare_v2 (a, sql, -1, &sa, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (b, sql, -1, &sb, NULL), ==, SQLITE_OK);
  while ((ra = sqlite3_step (sa)) == SQLITE_ROW)
    {
      rb = sqlite3_step (sb);
      g_assert_cmpint (rb, ==, SQLITE_ROW);
      for (int c = 0; c < sqlite3_column_count (sa); c++)
        {
          int type = sqlite3_column_type (sa, c);

          if (type != sqlite3_column_type (sb, c) ||
              sqlite3_column_bytes (sa, c) != sqlite3_column_bytes (sb, c) ||
              (sqlite3_column_bytes (sa, c) > 0 &&
               memcmp (sqlite3_column_blob (sa, c), sqlite3_column_blob (sb, c), sqlite3_column_bytes (sa, c)) != 0))
            g_error ("%s: row %u, column %s: “%s” against “%s”", sql, rows, sqlite3_column_name (sa, c),
                     sqlite3_column_text (sa, c), sqlite3_column_text (sb, c));
        }
      rows++;
    }
  g_assert_cmpint (ra, ==, SQLITE_DONE);
  g_assert_cmpint (sqlite3_step (sb), ==, SQLITE_DONE);
  sqlite3_finalize (sa);
  sqlite3_finalize (sb);
  return rows;
}

/* The set statements leave what the intake's path leaves, row by row: the
 * same 20,000-row spreadsheet (three of the set path's chunks) into two
 * fresh databases (the same clock and actor), then every table compared,
 * FTS5's own tables too, every row and column in order with its rowid:
 * referrals, report-makers, children, references, clocks, report totals,
 * language offers, the audit trail and its chain, the search index's rows
 * and pages; and both FTS5 indexes by their terms (each row's terms,
 * columns and offsets), the only way to compare the trigram index's. */
static void
test_import_set_matches_rows (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GString) text = spreadsheet (20000);
  g_autoptr(GError) error = NULL;
  DgTestDb rows = { 0 };
  sqlite3 *a, *b;
  sqlite3_stmt *tables;
  guint n_tables = 0;

  if (dg_test_skip_on_pg ("the set statements are SQLite's"))
    return;
  dg_test_db_setup (&rows, "dg-test-import-rows");
  dg_import_set_row_by_row (rows.db, TRUE);
  for (guint i = 0; i < 2; i++)
    {
      DgDb *db = i == 0 ? f->db : rows.db;
      g_autoptr(JsonNode) report = dg_import_csv (db, text->str, text->len, NULL, FALSE, NULL, NULL, &error);

      g_assert_no_error (error);
      g_assert_cmpint (json_object_get_int_member (json_node_get_object (report), "imported"), ==, 20000);
    }

  a = dg_db_get_handle (f->db);
  b = dg_db_get_handle (rows.db);
  g_assert_cmpint (sqlite3_prepare_v2 (a, "SELECT name, wr FROM pragma_table_list WHERE schema = 'main' AND type IN ('table', 'shadow') "
                                          "ORDER BY name", -1, &tables, NULL), ==, SQLITE_OK);
  while (sqlite3_step (tables) == SQLITE_ROW)
    {
      const char *name = (const char *) sqlite3_column_text (tables, 0);
      g_autofree char *sql = sqlite3_column_int (tables, 1) ? g_strdup_printf ("SELECT * FROM \"%s\"", name)
                                                             : g_strdup_printf ("SELECT rowid, * FROM \"%s\" ORDER BY rowid", name);

      if (!trigram_pages (name))
        compare_rows (a, b, sql);
      n_tables++;
    }
  sqlite3_finalize (tables);
  g_assert_cmpuint (n_tables, >, 40);
  for (guint i = 0; i < 2; i++)
    {
      const char *index = i == 0 ? "referral_search" : "child_trigram";
      g_autofree char *vocab = g_strdup_printf ("CREATE VIRTUAL TABLE temp.terms USING fts5vocab (main, %s, instance); ", index);

      g_assert_cmpint (sqlite3_exec (a, vocab, NULL, NULL, NULL), ==, SQLITE_OK);
      g_assert_cmpint (sqlite3_exec (b, vocab, NULL, NULL, NULL), ==, SQLITE_OK);
      g_assert_cmpuint (compare_rows (a, b, "SELECT * FROM temp.terms ORDER BY term, doc, col, offset"), >, 20000 * (i == 0 ? 10 : 5));
      g_assert_cmpint (sqlite3_exec (a, "DROP TABLE temp.terms", NULL, NULL, NULL), ==, SQLITE_OK);
      g_assert_cmpint (sqlite3_exec (b, "DROP TABLE temp.terms", NULL, NULL, NULL), ==, SQLITE_OK);
    }
  /* What the comparison rests on: all of it there, the chain whole. */
  g_assert_cmpint (dg_test_db_int (f->db, "SELECT count(*) FROM referral"), ==, 20000);
  g_assert_cmpint (dg_test_db_int (f->db, "SELECT count(*) FROM language_offer"), >, 10000);
  g_assert_cmpint (dg_test_db_int (f->db, "SELECT count(*) FROM audit_chain"), ==, 20001);
  g_assert_cmpint (dg_test_db_int (f->db, "SELECT count(DISTINCT year) FROM reference_counter"), ==, 4);
  g_assert_cmpint (dg_test_db_int (f->db, "SELECT count(*) FROM report_group"), >, 3);
  {
    g_autoptr(JsonObject) verified = dg_audit_verify (f->db, 0, NULL, &error);

    g_assert_no_error (error);
    g_assert_true (json_object_get_boolean_member (verified, "intact"));
  }
  dg_test_db_teardown (&rows);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/import/csv-parse", test_csv_parse);
#define ADD(name, func) g_test_add (name, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/import/all", test_import_all);
  ADD ("/import/none", test_import_none);
  ADD ("/import/encodings", test_import_encodings);
  ADD ("/import/fails-whole", test_import_fails_whole);
  ADD ("/import/many", test_import_many);
  ADD ("/import/set-matches-rows", test_import_set_matches_rows);
#undef ADD

  return g_test_run ();
}
