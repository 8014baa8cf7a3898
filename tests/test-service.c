/* The service between the windows and the core, without a window: each
 * operation answers on the caller's main context, writes are made in the
 * name of the session's actor and announced, reads announce nothing, an
 * import moves its progress to the end, and a refusal keeps its field. */
#include "config.h"

#include "dg-core.h"
#include "dg-service.h"
#include "dg-test-db.h"

typedef struct
{
  char      *dir;
  char      *location;
  DgWorker  *worker;
  DgService *service;
  GMainLoop *loop;
  GAsyncResult *result;
  guint      changed;
  GArray    *referrals;   /* ids announced by ::referral-changed */
} Fixture;

static void
done (GObject      *object,
      GAsyncResult *result,
      gpointer      user_data)
{
  Fixture *f = user_data;

  g_assert_true (object == G_OBJECT (f->service));
  f->result = g_object_ref (result);
  g_main_loop_quit (f->loop);
}

/* The result of the operation just started, once it has answered. */
static GAsyncResult *
wait_result (Fixture *f)
{
  g_clear_object (&f->result);
  g_main_loop_run (f->loop);
  return f->result;
}

static void
changed (DgService *service,
         Fixture   *f)
{
  f->changed++;
}

static void
referral_changed (DgService *service,
                  gint64     id,
                  Fixture   *f)
{
  g_array_append_val (f->referrals, id);
}

/* Runs the main context until the announcements queued so far are made. */
static void
settle (void)
{
  for (int i = 0; i < 50; i++)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (2000);
    }
}

static void
opened (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  Fixture *f = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (dg_worker_open_finish (DG_WORKER (object), result, &error));
  g_assert_no_error (error);
  g_main_loop_quit (f->loop);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("dg-test-service-XXXXXX", &error);
  g_assert_no_error (error);
  f->location = dg_test_db_location (f->dir);
  f->loop = g_main_loop_new (NULL, FALSE);
  f->referrals = g_array_new (FALSE, FALSE, sizeof (gint64));
  f->worker = dg_worker_new (f->location);
  dg_worker_open_async (f->worker, NULL, opened, f);
  g_main_loop_run (f->loop);
  f->service = dg_service_new (f->worker);
  dg_service_set_actor (f->service, "Alaw Hughes");
  g_signal_connect (f->service, "changed", G_CALLBACK (changed), f);
  g_signal_connect (f->service, "referral-changed", G_CALLBACK (referral_changed), f);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->result);
  g_clear_object (&f->service);
  g_clear_object (&f->worker);
  g_main_loop_unref (f->loop);
  g_array_unref (f->referrals);
  dg_test_db_drop (f->location);
  dg_test_remove_folder (f->dir);
  g_free (f->location);
  g_free (f->dir);
}

static gint64
add_referral (Fixture    *f,
              const char *json)
{
  g_autoptr(JsonNode) node = json_from_string (json, NULL);
  g_autoptr(GError) error = NULL;
  gint64 id;

  dg_service_add_referral_async (f->service, json_node_get_object (node), "window-a", done, f);
  id = dg_service_add_referral_finish (f->service, wait_result (f), &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static void
test_writes (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) shown = NULL;
  g_autoptr(JsonNode) board = NULL;
  gint64 id;
  JsonArray *audit;

  /* The actor property is the name every write is made in; "" is none. */
  dg_service_set_actor (f->service, "");
  g_assert_null (dg_service_get_actor (f->service));
  dg_service_set_actor (f->service, "Alaw Hughes");
  g_assert_cmpstr (dg_service_get_actor (f->service), ==, "Alaw Hughes");

  id = add_referral (f, "{\"concern\": \"Bruises seen at school\", \"children\": [{\"name\": \"Gwen Parry\"}]}");
  settle ();
  g_assert_cmpuint (f->changed, ==, 1);

  /* A change to one referral is announced with its id too. */
  dg_service_acknowledge_async (f->service, id, "phone", done, f);
  g_assert_true (dg_service_acknowledge_finish (f->service, wait_result (f), &error));
  g_assert_no_error (error);
  settle ();
  g_assert_cmpuint (f->changed, ==, 2);
  g_assert_cmpuint (f->referrals->len, ==, 1);
  g_assert_cmpint (g_array_index (f->referrals, gint64, 0), ==, id);

  /* Reads announce nothing; the history names the actor for each write. */
  dg_service_show_async (f->service, id, NULL, done, f);
  shown = dg_service_show_finish (f->service, wait_result (f), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (shown), "status"), ==, "acknowledged");
  audit = json_node_get_array (json_object_get_member (json_node_get_object (shown), "audit"));
  g_assert_cmpuint (json_array_get_length (audit), >=, 2);
  for (guint i = 0; i < json_array_get_length (audit); i++)
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (audit, i), "by"), ==, "Alaw Hughes");
  dg_service_due_board_async (f->service, 10, NULL, done, f);
  board = dg_service_due_board_finish (f->service, wait_result (f), &error);
  g_assert_no_error (error);
  g_assert_nonnull (board);
  settle ();
  g_assert_cmpuint (f->changed, ==, 2);
}

static void
test_refusal (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 id = add_referral (f, "{\"concern\": \"Left alone overnight\", \"children\": [{\"name\": \"Cai Evans\"}]}");

  settle ();
  f->changed = 0;
  /* A refused write keeps its field as data and announces nothing. */
  dg_service_decide_async (f->service, id, "strategy", "", NULL, done, f);
  g_assert_false (dg_service_decide_finish (f->service, wait_result (f), &error));
  g_assert_error (error, DG_ERROR, DG_ERROR_INVALID);
  g_assert_cmpstr (dg_error_get_field (error), ==, "rationale");
  settle ();
  g_assert_cmpuint (f->changed, ==, 0);
  g_assert_cmpuint (f->referrals->len, ==, 0);
}

static void
fraction_changed (DgProgress *progress,
                  GParamSpec *pspec,
                  guint      *notified)
{
  (*notified)++;
}

static void
test_import_progress (Fixture       *f,
                      gconstpointer  data)
{
  const char *csv = "Date received,Child's name,Agency,Concern\n"
                    "20/11/2026 09:30,Siân Jones,education,Bruises seen\n"
                    "21/11/2026 10:00,Cai Evans,health,Missed appointments\n";
  g_autoptr(GBytes) bytes = g_bytes_new_static (csv, strlen (csv));
  g_autoptr(DgProgress) progress = dg_progress_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(DgImportReport) report = NULL;
  guint notified = 0;

  g_signal_connect (progress, "notify::fraction", G_CALLBACK (fraction_changed), &notified);
  g_assert_cmpfloat (dg_progress_get_fraction (progress), ==, 0.0);
  dg_service_import_async (f->service, bytes, NULL, FALSE, progress, NULL, done, f);
  report = dg_service_import_finish (f->service, wait_result (f), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->imported, ==, 2);
  settle ();
  /* The bar's model moved on the main context, and reached the end. */
  g_assert_cmpuint (notified, >, 0);
  g_assert_cmpfloat (dg_progress_get_fraction (progress), ==, 1.0);
  g_assert_cmpuint (f->changed, ==, 1);
}

/* The list's rows come as typed records: every field the row shows, and
 * what is missing (no rating, no organisation, a referral that is gone) said
 * by NULL or left out, not by a parse in the window. */
static void
test_summaries (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) summaries = NULL;
  const DgReferralSummary *a, *b;
  gint64 ids[3];

  ids[0] = add_referral (f, "{\"received_at\": \"2026-11-20T09:30\", \"rag\": \"red\", \"channel\": \"phone\","
                            " \"reporter\": {\"name\": \"Ceri Jones\", \"organisation\": \"Ysgol y Dderwen\", \"agency\": \"education\"},"
                            " \"children\": [{\"name\": \"Siân Morgan\"}, {\"name\": \"Gruff Morgan\"}]}");
  ids[1] = ids[0] + 1000;
  ids[2] = add_referral (f, "{\"received_at\": \"2026-11-21T10:00\", \"reporter\": {\"name\": \"\", \"agency\": \"public\", \"anonymous\": true},"
                            " \"children\": [{\"name\": \"Alex Example\"}]}");

  dg_service_summaries_async (f->service, ids, G_N_ELEMENTS (ids), NULL, done, f);
  summaries = dg_service_summaries_finish (f->service, wait_result (f), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (summaries->len, ==, 2);

  a = g_ptr_array_index (summaries, 0);
  g_assert_cmpint (a->id, ==, ids[0]);
  g_assert_cmpstr (a->reference, ==, "DTR-2026-000001");
  g_assert_cmpstr (a->received_at, ==, "2026-11-20T09:30:00");
  g_assert_cmpstr (a->status, ==, "new");
  g_assert_cmpstr (a->rag, ==, "red");
  g_assert_cmpstr (a->child, ==, "Siân Morgan");
  g_assert_cmpint (a->children, ==, 2);
  g_assert_cmpstr (a->reporter, ==, "Ceri Jones");
  g_assert_cmpstr (a->organisation, ==, "Ysgol y Dderwen");
  /* Phoned on Friday: confirmation, acknowledgement and decision all due
   * Monday 23rd, which this fixture's clock (the real one) has passed. */
  g_assert_nonnull (a->due_clock);
  g_assert_cmpstr (a->due_date, ==, "2026-11-23");
  g_assert_cmpstr (a->due_state, ==, "overdue");

  b = g_ptr_array_index (summaries, 1);
  g_assert_cmpint (b->id, ==, ids[2]);
  g_assert_null (b->rag);
  g_assert_null (b->organisation);
  g_assert_cmpstr (b->reporter, ==, "");
  g_assert_cmpint (b->children, ==, 1);
}

/* A check of a file comes as a record: its columns with what they fill and
 * their first values (read on the connection's thread, not the window's),
 * and each problem with its line, its column or none, and its message. */
static void
test_import_report (Fixture       *f,
                    gconstpointer  data)
{
  const char *csv = "Date received,Child's name,Shoe size\n"
                    "20/11/2026 09:30,Siân Jones,4\n"
                    "21/11/2026 10:00,,5\n"
                    "22/11/2026 11:00,Cai Evans\n"
                    "23/11/2026 12:00,Elin Hughes,6\n";
  g_autoptr(GBytes) bytes = g_bytes_new_static (csv, strlen (csv));
  g_autoptr(GError) error = NULL;
  g_autoptr(DgImportReport) report = NULL;
  g_autoptr(DgImportReport) copy = NULL;
  const DgImportColumn *column;
  const DgImportProblem *problem;

  dg_service_import_async (f->service, bytes, NULL, TRUE, NULL, NULL, done, f);
  report = dg_service_import_finish (f->service, wait_result (f), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->rows, ==, 4);
  g_assert_cmpuint (report->imported, ==, 0);
  g_assert_cmpuint (report->columns->len, ==, 3);
  column = g_ptr_array_index (report->columns, 1);
  g_assert_cmpstr (column->header, ==, "Child's name");
  g_assert_cmpstr (column->field, ==, "child_name");
  /* The first three rows lend their values, an empty one left out. */
  g_assert_cmpuint (g_strv_length (column->samples), ==, 2);
  g_assert_cmpstr (column->samples[0], ==, "Siân Jones");
  g_assert_cmpstr (column->samples[1], ==, "Cai Evans");
  column = g_ptr_array_index (report->columns, 2);
  g_assert_cmpstr (column->field, ==, "");

  g_assert_cmpuint (report->problems->len, ==, 3);
  problem = g_ptr_array_index (report->problems, 0);
  g_assert_cmpint (problem->line, ==, 1);
  g_assert_cmpstr (problem->column, ==, "Shoe size");
  problem = g_ptr_array_index (report->problems, 1);
  g_assert_cmpint (problem->line, ==, 3);
  g_assert_cmpstr (problem->column, ==, "Child's name");
  g_assert_nonnull (problem->message);
  problem = g_ptr_array_index (report->problems, 2);
  g_assert_cmpint (problem->line, ==, 4);
  g_assert_null (problem->column);
  g_assert_nonnull (strstr (problem->message, "fields"));
  g_assert_cmpuint (f->changed, ==, 0);

  /* A copy holds the same values and outlives the original. */
  copy = g_boxed_copy (DG_TYPE_IMPORT_REPORT, report);
  g_clear_pointer (&report, dg_import_report_free);
  g_assert_cmpint (copy->rows, ==, 4);
  g_assert_cmpuint (copy->problems->len, ==, 3);
  column = g_ptr_array_index (copy->columns, 1);
  g_assert_cmpstr (column->samples[1], ==, "Cai Evans");
  problem = g_ptr_array_index (copy->problems, 2);
  g_assert_nonnull (strstr (problem->message, "fields"));

  /* A field no column fills is named by its label, not by its path. */
  g_clear_pointer (&bytes, g_bytes_unref);
  bytes = g_bytes_new_static ("Date received\n20/11/2026 09:30\n", strlen ("Date received\n20/11/2026 09:30\n"));
  dg_service_import_async (f->service, bytes, NULL, TRUE, NULL, NULL, done, f);
  report = dg_service_import_finish (f->service, wait_result (f), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->problems->len, ==, 1);
  problem = g_ptr_array_index (report->problems, 0);
  g_assert_null (problem->column);
  g_assert_cmpstr (problem->message, ==, "Child’s name: At least one child with a name is required");
}

/* What the intake form is offered while it is typed comes as records: an
 * earlier referral about the same child, a report-maker met before. */
static void
test_intake_matches (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) similar = NULL;
  g_autoptr(GPtrArray) reporters = NULL;
  const DgReferralMatch *m;
  const DgReporterMatch *r;
  gint64 id;

  id = add_referral (f, "{\"received_at\": \"2026-11-20T09:30\", \"channel\": \"phone\","
                        " \"reporter\": {\"name\": \"Ceri Jones\", \"role\": \"Teacher\", \"organisation\": \"Ysgol y Dderwen\","
                        " \"agency\": \"education\", \"email\": \"ceri@example.org\", \"language\": \"cy\"},"
                        " \"children\": [{\"name\": \"Siôn Pritchard\", \"dob\": \"2016-04-02\"}]}");

  dg_service_similar_async (f->service, "Sion Pritchard", NULL, NULL, done, f);
  similar = dg_service_similar_finish (f->service, wait_result (f), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (similar->len, ==, 1);
  m = g_ptr_array_index (similar, 0);
  g_assert_cmpint (m->id, ==, id);
  g_assert_cmpstr (m->reference, ==, "DTR-2026-000001");
  g_assert_cmpstr (m->child, ==, "Siôn Pritchard");
  g_assert_cmpstr (m->dob, ==, "2016-04-02");
  g_assert_true (g_str_has_prefix (m->received_at, "2026-11-20T09:30"));
  g_assert_null (m->outcome);

  dg_service_reporters_async (f->service, "Cer", NULL, done, f);
  reporters = dg_service_reporters_finish (f->service, wait_result (f), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (reporters->len, ==, 1);
  r = g_ptr_array_index (reporters, 0);
  g_assert_cmpint (r->id, >, 0);
  g_assert_cmpstr (r->name, ==, "Ceri Jones");
  g_assert_cmpstr (r->role, ==, "Teacher");
  g_assert_cmpstr (r->organisation, ==, "Ysgol y Dderwen");
  g_assert_cmpstr (r->agency, ==, "education");
  g_assert_cmpstr (r->email, ==, "ceri@example.org");
  g_assert_null (r->phone);
  g_assert_cmpstr (r->language, ==, "cy");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/service/writes", Fixture, NULL, fixture_setup, test_writes, fixture_teardown);
  g_test_add ("/service/refusal", Fixture, NULL, fixture_setup, test_refusal, fixture_teardown);
  g_test_add ("/service/summaries", Fixture, NULL, fixture_setup, test_summaries, fixture_teardown);
  g_test_add ("/service/import-progress", Fixture, NULL, fixture_setup, test_import_progress, fixture_teardown);
  g_test_add ("/service/import-report", Fixture, NULL, fixture_setup, test_import_report, fixture_teardown);
  g_test_add ("/service/intake-matches", Fixture, NULL, fixture_setup, test_intake_matches, fixture_teardown);

  return g_test_run ();
}
