/* The service between the windows and the core, without a window: each
 * operation answers on the caller's main context, writes are made in the
 * name of the session's actor and announced, reads announce nothing, an
 * import moves its progress to the end, and a refusal keeps its field. */
#include "config.h"

#include "dg-core.h"
#include "dg-notify.h"
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

/* The referral a window shows. */
static DgReferral *
show (Fixture *f,
      gint64   id)
{
  g_autoptr(GError) error = NULL;
  DgReferral *referral;

  dg_service_show_async (f->service, id, NULL, done, f);
  referral = dg_service_show_finish (f->service, wait_result (f), &error);
  g_assert_no_error (error);
  g_assert_cmpint (referral->id, ==, id);
  return referral;
}

static void
test_writes (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DgReferral) shown = NULL;
  g_autoptr(DgDueBoard) board = NULL;
  gint64 id;

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
  g_assert_cmpstr (shown->status, ==, "acknowledged");
  g_assert_cmpuint (shown->history->len, >=, 2);
  for (guint i = 0; i < shown->history->len; i++)
    g_assert_cmpstr (g_array_index (shown->history, DgAuditEntry, i).by, ==, "Alaw Hughes");
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
  dg_service_decide_async (f->service, id, &(DgDecisionInput) { "strategy", "" }, done, f);
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

/* The detail's referral comes as a typed record too: every field the pane
 * shows, nested records in the core's order, and what is missing (no
 * rating, no decision, an anonymous report-maker's details, a referral that
 * is gone) said by NULL, an empty array or an error, not by a parse in the
 * window. */
static void
test_show (Fixture       *f,
           gconstpointer  data)
{
  gint64 earlier_id, id, meeting_id;
  const DgChild *child;
  const DgReferralMeeting *meeting;
  const DgLetterSent *letter;
  const DgEarlierReferral *earlier;
  g_autoptr(DgReferral) r = NULL;
  g_autoptr(DgReferral) anonymous = NULL;
  g_autoptr(DgReferral) nobody = NULL;
  g_autoptr(DgRenderedLetter) rendered = NULL;
  g_autoptr(GError) error = NULL;

  earlier_id = add_referral (f, "{\"received_at\": \"2026-10-01T09:30\", \"children\": [{\"name\": \"Siân Morgan\", \"dob\": \"2016-03-02\"}]}");
  id = add_referral (f, "{\"received_at\": \"2026-11-20T09:30\", \"channel\": \"phone\", \"rag\": \"amber\","
                        " \"reporter\": {\"name\": \"Ceri Jones\", \"role\": \"Designated safeguarding person\","
                        "   \"organisation\": \"Ysgol y Dderwen\", \"agency\": \"education\", \"email\": \"dsp@example.org\","
                        "   \"phone\": \"01234 567890\", \"language\": \"cy\"},"
                        " \"children\": [{\"name\": \"Siân Morgan\", \"dob\": \"2016-03-02\", \"aliases\": \"Sian\","
                        "   \"school\": \"Ysgol y Dderwen\", \"first_language\": \"Welsh\", \"interpreter_needed\": true},"
                        "  {\"name\": \"Gruff Morgan\", \"dob\": \"2027-01-20\", \"dob_expected\": true}],"
                        " \"household\": [{\"name\": \"Rhian Morgan\", \"relationship\": \"mother\", \"dob\": \"1990-05-01\"}],"
                        " \"involved_agencies\": [{\"agency\": \"health\", \"organisation\": \"Community health\"}],"
                        " \"categories\": [\"physical\", \"neglect\"], \"concern\": \"Bruises seen at school\","
                        " \"immediate_action\": \"Spoke to the head teacher\"}");
  dg_service_decide_async (f->service, id,
                           &(DgDecisionInput) { .outcome = "strategy", .rationale = "Reasonable cause to suspect significant harm",
                                                .by = "Rhys Evans" },
                           done, f);
  g_assert_true (dg_service_decide_finish (f->service, wait_result (f), &error));
  g_assert_no_error (error);
  dg_service_meeting_add_async (f->service, id, "discussion", done, f);
  meeting_id = dg_service_meeting_add_finish (f->service, wait_result (f), &error);
  g_assert_no_error (error);
  dg_service_add_event_async (f->service, id, "icpc", "2026-11-27T10:00", NULL, done, f);
  g_assert_true (dg_service_add_event_finish (f->service, wait_result (f), &error));
  g_assert_no_error (error);
  dg_service_render_letter_async (f->service, id, "acknowledgement", "cy", NULL, NULL, done, f);
  rendered = dg_service_render_letter_finish (f->service, wait_result (f), &error);
  g_assert_no_error (error);
  dg_service_mark_sent_async (f->service, rendered, "text", "email", done, f);
  g_assert_true (dg_service_mark_sent_finish (f->service, wait_result (f), &error));
  g_assert_no_error (error);

  r = show (f, id);
  g_assert_cmpint (r->id, ==, id);
  g_assert_cmpstr (r->reference, ==, "DTR-2026-000002");
  g_assert_cmpstr (r->received_at, ==, "2026-11-20T09:30:00");
  g_assert_cmpstr (r->status, ==, "decided");
  g_assert_cmpstr (r->channel, ==, "phone");
  g_assert_cmpstr (r->rag, ==, "amber");
  g_assert_cmpstr (r->concern, ==, "Bruises seen at school");
  g_assert_cmpstr (r->immediate_action, ==, "Spoke to the head teacher");
  g_assert_null (r->confirmed_at);
  g_assert_nonnull (r->acknowledged_at);   /* by the letter sent */
  g_assert_cmpstrv (r->categories, ((const char *[]) { "neglect", "physical", NULL }));

  g_assert_nonnull (r->reporter);
  g_assert_cmpstr (r->reporter->name, ==, "Ceri Jones");
  g_assert_cmpstr (r->reporter->role, ==, "Designated safeguarding person");
  g_assert_cmpstr (r->reporter->organisation, ==, "Ysgol y Dderwen");
  g_assert_cmpstr (r->reporter->agency, ==, "education");
  g_assert_cmpstr (r->reporter->email, ==, "dsp@example.org");
  g_assert_cmpstr (r->reporter->phone, ==, "01234 567890");
  g_assert_null (r->reporter->address);
  g_assert_cmpstr (r->reporter->language, ==, "cy");
  g_assert_false (r->reporter->anonymous);

  g_assert_cmpuint (r->children->len, ==, 2);
  child = &g_array_index (r->children, DgChild, 0);
  g_assert_cmpstr (child->name, ==, "Siân Morgan");
  g_assert_cmpstr (child->aliases, ==, "Sian");
  g_assert_cmpstr (child->dob, ==, "2016-03-02");
  g_assert_false (child->dob_expected);
  g_assert_cmpstr (child->school, ==, "Ysgol y Dderwen");
  g_assert_cmpstr (child->first_language, ==, "Welsh");
  g_assert_null (child->gender);
  g_assert_true (child->interpreter_needed);
  child = &g_array_index (r->children, DgChild, 1);
  g_assert_cmpstr (child->name, ==, "Gruff Morgan");
  g_assert_cmpstr (child->dob, ==, "2027-01-20");
  g_assert_true (child->dob_expected);
  g_assert_null (child->school);
  g_assert_false (child->interpreter_needed);

  g_assert_cmpuint (r->household->len, ==, 1);
  g_assert_cmpstr (g_array_index (r->household, DgHouseholdMember, 0).name, ==, "Rhian Morgan");
  g_assert_cmpstr (g_array_index (r->household, DgHouseholdMember, 0).relationship, ==, "mother");
  g_assert_cmpstr (g_array_index (r->household, DgHouseholdMember, 0).dob, ==, "1990-05-01");
  g_assert_cmpuint (r->agencies->len, ==, 1);
  g_assert_cmpstr (g_array_index (r->agencies, DgInvolvedAgency, 0).agency, ==, "health");
  g_assert_null (g_array_index (r->agencies, DgInvolvedAgency, 0).name);
  g_assert_cmpstr (g_array_index (r->agencies, DgInvolvedAgency, 0).organisation, ==, "Community health");

  g_assert_nonnull (r->decision);
  g_assert_cmpstr (r->decision->outcome, ==, "strategy");
  g_assert_cmpstr (r->decision->rationale, ==, "Reasonable cause to suspect significant harm");
  g_assert_cmpstr (r->decision->by, ==, "Rhys Evans");
  g_assert_nonnull (r->decision->at);

  /* Nobody is invited yet: every expected agency is missing, the one
   * already involved (health) among them. */
  g_assert_cmpuint (r->meetings->len, ==, 1);
  meeting = &g_array_index (r->meetings, DgReferralMeeting, 0);
  g_assert_cmpint (meeting->id, ==, meeting_id);
  g_assert_cmpstr (meeting->kind, ==, "discussion");
  g_assert_nonnull (meeting->at);
  g_assert_true (g_strv_contains ((const char * const *) meeting->missing, "police"));
  g_assert_true (g_strv_contains ((const char * const *) meeting->missing, "health"));
  g_assert_cmpuint (r->events->len, ==, 1);
  g_assert_cmpstr (g_array_index (r->events, DgReferralEvent, 0).kind, ==, "icpc");
  g_assert_true (g_str_has_prefix (g_array_index (r->events, DgReferralEvent, 0).at, "2026-11-27T10:00"));
  g_assert_cmpuint (r->letters->len, ==, 1);
  letter = &g_array_index (r->letters, DgLetterSent, 0);
  g_assert_cmpstr (letter->kind, ==, "acknowledgement");
  g_assert_cmpstr (letter->language, ==, "cy");
  g_assert_cmpstr (letter->method, ==, "email");
  g_assert_cmpstr (letter->by, ==, "Alaw Hughes");
  g_assert_nonnull (letter->at);

  /* The clocks in the order they run, the first the written confirmation
   * a phoned report is owed. */
  g_assert_cmpuint (r->clocks->len, >=, 3);
  g_assert_cmpstr (g_array_index (r->clocks, DgReferralClock, 0).clock, ==, "confirmation");
  for (guint i = 0; i < r->clocks->len; i++)
    {
      g_assert_nonnull (g_array_index (r->clocks, DgReferralClock, i).due);
      g_assert_nonnull (g_array_index (r->clocks, DgReferralClock, i).state);
    }

  g_assert_cmpuint (r->earlier->len, ==, 1);
  earlier = &g_array_index (r->earlier, DgEarlierReferral, 0);
  g_assert_cmpint (earlier->id, ==, earlier_id);
  g_assert_cmpstr (earlier->reference, ==, "DTR-2026-000001");
  g_assert_cmpstr (earlier->received_at, ==, "2026-10-01T09:30:00");
  g_assert_cmpstr (earlier->child, ==, "Siân Morgan");
  g_assert_null (earlier->outcome);

  g_assert_cmpuint (r->history->len, >=, 3);
  for (guint i = 0; i < r->history->len; i++)
    {
      g_assert_nonnull (g_array_index (r->history, DgAuditEntry, i).at);
      g_assert_cmpstr (g_array_index (r->history, DgAuditEntry, i).by, ==, "Alaw Hughes");
      g_assert_nonnull (g_array_index (r->history, DgAuditEntry, i).action);
    }

  /* Anonymous, unrated, undecided and bare. */
  anonymous = show (f, add_referral (f, "{\"reporter\": {\"name\": \"\", \"agency\": \"public\", \"anonymous\": true},"
                                        " \"children\": [{\"name\": \"Alex Example\"}]}"));
  g_assert_nonnull (anonymous->reporter);
  g_assert_true (anonymous->reporter->anonymous);
  g_assert_cmpstr (anonymous->reporter->name, ==, "");
  g_assert_cmpstr (anonymous->reporter->agency, ==, "public");
  g_assert_null (anonymous->reporter->organisation);
  g_assert_null (anonymous->reporter->email);
  g_assert_null (anonymous->rag);
  g_assert_null (anonymous->channel);
  g_assert_null (anonymous->concern);
  g_assert_null (anonymous->immediate_action);
  g_assert_null (anonymous->decision);
  g_assert_null (anonymous->acknowledged_at);
  g_assert_cmpstrv (anonymous->categories, ((const char *[]) { NULL }));
  g_assert_cmpuint (anonymous->children->len, ==, 1);
  g_assert_cmpstr (g_array_index (anonymous->children, DgChild, 0).name, ==, "Alex Example");
  g_assert_null (g_array_index (anonymous->children, DgChild, 0).dob);
  g_assert_cmpuint (anonymous->household->len, ==, 0);
  g_assert_cmpuint (anonymous->agencies->len, ==, 0);
  g_assert_cmpuint (anonymous->meetings->len, ==, 0);
  g_assert_cmpuint (anonymous->events->len, ==, 0);
  g_assert_cmpuint (anonymous->letters->len, ==, 0);
  g_assert_cmpuint (anonymous->earlier->len, ==, 0);

  /* No report-maker given: the core records an unnamed one, with its
   * defaults, whose empty texts stay empty, not NULL. */
  nobody = show (f, add_referral (f, "{\"children\": [{\"name\": \"Cai Evans\"}]}"));
  g_assert_nonnull (nobody->reporter);
  g_assert_cmpstr (nobody->reporter->name, ==, "");
  g_assert_null (nobody->reporter->role);
  g_assert_cmpstr (nobody->reporter->agency, ==, "other");
  g_assert_cmpstr (nobody->reporter->language, ==, "en");
  g_assert_false (nobody->reporter->anonymous);

  /* A referral that is not there is an error, not an empty record. */
  dg_service_show_async (f->service, id + 1000, NULL, done, f);
  g_assert_null (dg_service_show_finish (f->service, wait_result (f), &error));
  g_assert_error (error, DG_ERROR, DG_ERROR_NOT_FOUND);
}

/* Adds a meeting to referral @rid and makes @changes to it, in order. */
static gint64
meeting_with (Fixture               *f,
              gint64                 rid,
              const DgMeetingChange *changes,
              guint                  n_changes)
{
  gint64 id;
  g_autoptr(GError) error = NULL;

  dg_service_meeting_add_async (f->service, rid, "discussion", done, f);
  id = dg_service_meeting_add_finish (f->service, wait_result (f), &error);
  for (guint i = 0; i < n_changes && error == NULL; i++)
    {
      dg_service_meeting_change_async (f->service, id, &changes[i], done, f);
      dg_service_meeting_change_finish (f->service, wait_result (f), &error);
    }
  g_assert_no_error (error);
  return id;
}

/* A meeting and the meetings of a period come as typed records: who was
 * invited and came, an expected agency not invited with its reason, one
 * missed, the outcome and the actions, each agency's share; what is not
 * there said by NULL, and a meeting that is not there refused. */
static void
test_meeting_records (Fixture       *f,
                      gconstpointer  data)
{
  const DgMeetingInvitee *police, *social, *reporter;
  const DgMeetingAction *action;
  const DgMeetingSummary *summary;
  const DgAgencyShare *share;
  gint64 rid, mid, full;
  g_autoptr(DgMeeting) m = NULL;
  g_autoptr(DgMeetingReport) report = NULL;
  g_autoptr(DgMeetingReport) incomplete = NULL;
  g_autoptr(GError) error = NULL;

  rid = add_referral (f, "{\"received_at\": \"2026-11-20T09:30\", \"channel\": \"phone\","
                         " \"reporter\": {\"name\": \"Ceri Jones\", \"organisation\": \"Ysgol y Dderwen\", \"agency\": \"education\"},"
                         " \"children\": [{\"name\": \"Siân Morgan\"}]}");
  mid = meeting_with (f, rid, (const DgMeetingChange[]) {
      { DG_MEETING_INVITE, .agency = "police", .name = "DS Rhys Owen", .organisation = "Heddlu Gogledd Cymru" },
      { DG_MEETING_INVITE, .agency = "social-services" },
      { DG_MEETING_INVITE_EXPECTED, .agency = "report-maker" },
      { DG_MEETING_RESPONSE, .agency = "police", .status = "attended", .was = "invited" },
      { DG_MEETING_NOT_INVITED, .agency = "health", .reason = "Dim cyswllt iechyd / no health involvement" },
      { DG_MEETING_OUTCOME, .determination = "substantiated-at-risk", .s47 = TRUE, .summary = "Risk of harm at home" },
      { DG_MEETING_ACTION, .action = "Visit the family", .owner = "Alaw Hughes", .due = "2026-12-01" },
      { DG_MEETING_ACTION, .action = "Tell the school" },
    }, 8);

  dg_service_meeting_show_async (f->service, mid, NULL, done, f);
  m = dg_service_meeting_show_finish (f->service, wait_result (f), &error);
  g_assert_no_error (error);
  g_assert_cmpint (m->id, ==, mid);
  g_assert_cmpint (m->referral_id, ==, rid);
  g_assert_cmpstr (m->reference, ==, "DTR-2026-000001");
  g_assert_cmpstr (m->kind, ==, "discussion");
  g_assert_nonnull (m->at);
  g_assert_cmpstr (m->chair, ==, "Alaw Hughes");

  g_assert_cmpuint (m->invitees->len, ==, 3);
  police = g_ptr_array_index (m->invitees, 0);
  social = g_ptr_array_index (m->invitees, 1);
  reporter = g_ptr_array_index (m->invitees, 2);
  g_assert_cmpstr (police->agency, ==, "police");
  g_assert_cmpstr (police->name, ==, "DS Rhys Owen");
  g_assert_cmpstr (police->organisation, ==, "Heddlu Gogledd Cymru");
  g_assert_cmpstr (police->status, ==, "attended");
  g_assert_nonnull (police->invited_at);
  g_assert_cmpstr (social->agency, ==, "social-services");
  g_assert_null (social->name);
  g_assert_null (social->organisation);
  g_assert_cmpstr (social->status, ==, "invited");
  /* The one-click fix names the report-maker from the referral. */
  g_assert_cmpstr (reporter->agency, ==, "report-maker");
  g_assert_cmpstr (reporter->name, ==, "Ceri Jones");
  g_assert_cmpstr (reporter->organisation, ==, "Ysgol y Dderwen");

  /* Health not invited, for a reason; the school's education missed. */
  g_assert_cmpuint (m->excused->len, ==, 1);
  g_assert_cmpstr (((DgMeetingExcuse *) g_ptr_array_index (m->excused, 0))->agency, ==, "health");
  g_assert_cmpstr (((DgMeetingExcuse *) g_ptr_array_index (m->excused, 0))->reason, ==,
                   "Dim cyswllt iechyd / no health involvement");
  g_assert_cmpstrv (m->missing, ((const char *[]) { "education", NULL }));

  g_assert_nonnull (m->outcome);
  g_assert_cmpstr (m->outcome->determination, ==, "substantiated-at-risk");
  g_assert_true (m->outcome->s47);
  g_assert_cmpstr (m->outcome->summary, ==, "Risk of harm at home");
  g_assert_nonnull (m->outcome->at);
  g_assert_cmpstr (m->outcome->by, ==, "Alaw Hughes");

  g_assert_cmpuint (m->actions->len, ==, 2);
  action = g_ptr_array_index (m->actions, 0);
  g_assert_cmpstr (action->action, ==, "Visit the family");
  g_assert_cmpstr (action->owner, ==, "Alaw Hughes");
  g_assert_cmpstr (action->due, ==, "2026-12-01");
  action = g_ptr_array_index (m->actions, 1);
  g_assert_cmpstr (action->action, ==, "Tell the school");
  g_assert_null (action->owner);
  g_assert_null (action->due);

  /* A second meeting, every expected agency invited and no outcome yet. */
  full = meeting_with (f, rid, &(DgMeetingChange) { DG_MEETING_INVITE_EXPECTED }, 1);
  g_clear_pointer (&m, dg_meeting_free);
  dg_service_meeting_show_async (f->service, full, NULL, done, f);
  m = dg_service_meeting_show_finish (f->service, wait_result (f), &error);
  g_assert_no_error (error);
  g_assert_null (m->outcome);
  g_assert_cmpstrv (m->missing, ((const char *[]) { NULL }));
  g_assert_cmpuint (m->excused->len, ==, 0);
  g_assert_cmpuint (m->actions->len, ==, 0);

  dg_service_meeting_report_async (f->service, FALSE, NULL, NULL, 0, NULL, done, f);
  report = dg_service_meeting_report_finish (f->service, wait_result (f), &error);
  g_assert_no_error (error);
  g_assert_cmpint (report->held, ==, 2);
  g_assert_cmpuint (report->meetings->len, ==, 2);
  summary = g_ptr_array_index (report->meetings, 0);  /* the newest */
  g_assert_cmpint (summary->id, ==, full);
  g_assert_cmpint (summary->referral_id, ==, rid);
  g_assert_cmpstr (summary->reference, ==, "DTR-2026-000001");
  g_assert_cmpstr (summary->kind, ==, "discussion");
  g_assert_nonnull (summary->at);
  g_assert_cmpstrv (summary->missing, ((const char *[]) { NULL }));
  summary = g_ptr_array_index (report->meetings, 1);
  g_assert_cmpint (summary->id, ==, mid);
  g_assert_cmpstrv (summary->missing, ((const char *[]) { "education", NULL }));

  /* Every agency, in the vocabulary's order: police first, invited to both
   * and at one; probation at none. */
  g_assert_cmpuint (report->agencies->len, ==, 12);   /* eight, and schema 15's four */
  share = g_ptr_array_index (report->agencies, 0);
  g_assert_cmpstr (share->agency, ==, "police");
  g_assert_cmpint (share->invited, ==, 2);
  g_assert_cmpint (share->attended, ==, 1);
  g_assert_cmpfloat (share->invited_share, ==, 1.0);
  g_assert_cmpfloat (share->attended_share, ==, 0.5);
  g_assert_cmpstr (share->invited_word, ==, "all");
  g_assert_cmpstr (share->attended_word, ==, "half");
  for (guint i = 0; i < report->agencies->len; i++)
    {
      share = g_ptr_array_index (report->agencies, i);
      if (g_str_equal (share->agency, "health"))
        g_assert_cmpint (share->invited, ==, 1);
      if (g_str_equal (share->agency, "probation"))
        {
          g_assert_cmpint (share->invited, ==, 0);
          g_assert_cmpstr (share->invited_word, ==, "none");
        }
    }

  /* Only those that missed an agency; the shares are still the period's. */
  dg_service_meeting_report_async (f->service, TRUE, NULL, NULL, 0, NULL, done, f);
  incomplete = dg_service_meeting_report_finish (f->service, wait_result (f), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (incomplete->meetings->len, ==, 1);
  g_assert_cmpint (((DgMeetingSummary *) g_ptr_array_index (incomplete->meetings, 0))->id, ==, mid);
  g_assert_cmpint (incomplete->held, ==, 2);

  g_clear_pointer (&m, dg_meeting_free);
  dg_service_meeting_show_async (f->service, full + 1000, NULL, done, f);
  m = dg_service_meeting_show_finish (f->service, wait_result (f), &error);
  g_assert_error (error, DG_ERROR, DG_ERROR_NOT_FOUND);
  g_assert_null (m);
}

/* The Due board comes as a record: the counts under each heading, and the
 * clocks listed with the heading they go under, at most the limit asked for
 * under each while the counts stay whole. */
static void
test_due_board (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DgDueBoard) board = NULL;
  g_autoptr(DgDueBoard) first = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  guint listed[DG_DUE_N_HEADINGS] = { 0 };
  guint total = 0, late = 0, running = 0;
  gint64 old, recent;

  old = add_referral (f, "{\"received_at\": \"2026-11-20T09:30\", \"channel\": \"phone\","
                         " \"children\": [{\"name\": \"Siân Morgan\"}]}");
  recent = add_referral (f, "{\"children\": [{\"name\": \"Cai Evans\"}]}");

  dg_service_due_board_async (f->service, 10, NULL, done, f);
  board = dg_service_due_board_finish (f->service, wait_result (f), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (board->today, ==, today);
  for (guint h = 0; h < DG_DUE_N_HEADINGS; h++)
    total += board->counts[h];
  g_assert_cmpuint (total, ==, board->clocks->len);
  g_assert_cmpuint (board->counts[DG_DUE_OVERDUE], >=, 1);

  for (guint i = 0; i < board->clocks->len; i++)
    {
      const DgDueItem *item = g_ptr_array_index (board->clocks, i);

      g_assert_cmpint (item->heading, <, DG_DUE_N_HEADINGS);
      listed[item->heading]++;
      g_assert_nonnull (item->clock);
      if (item->referral == old)
        {
          /* Phoned on Friday 20th: every clock was due Monday 23rd, long past. */
          g_assert_cmpstr (item->reference, ==, "DTR-2026-000001");
          g_assert_cmpstr (item->child, ==, "Siân Morgan");
          g_assert_cmpstr (item->due, ==, "2026-11-23");
          g_assert_cmpstr (item->state, ==, "overdue");
          g_assert_cmpint (item->heading, ==, DG_DUE_OVERDUE);
          late++;
        }
      else
        {
          /* Received just now: nothing of it is late yet. */
          g_assert_cmpint (item->referral, ==, recent);
          g_assert_cmpstr (item->child, ==, "Cai Evans");
          g_assert_cmpstr (item->state, ==, "pending");
          g_assert_cmpint (item->heading, !=, DG_DUE_OVERDUE);
          g_assert_cmpstr (item->due, >=, today);
          running++;
        }
    }
  g_assert_cmpuint (late, ==, board->counts[DG_DUE_OVERDUE]);
  g_assert_cmpuint (running, >=, 1);
  for (guint h = 0; h < DG_DUE_N_HEADINGS; h++)
    g_assert_cmpuint (listed[h], ==, board->counts[h]);

  /* A limit of one lists one clock per heading and counts them all. */
  dg_service_due_board_async (f->service, 1, NULL, done, f);
  first = dg_service_due_board_finish (f->service, wait_result (f), &error);
  g_assert_no_error (error);
  g_assert_cmpmem (first->counts, sizeof first->counts, board->counts, sizeof board->counts);
  memset (listed, 0, sizeof listed);
  for (guint i = 0; i < first->clocks->len; i++)
    listed[((const DgDueItem *) g_ptr_array_index (first->clocks, i))->heading]++;
  for (guint h = 0; h < DG_DUE_N_HEADINGS; h++)
    g_assert_cmpuint (listed[h], ==, MIN (board->counts[h], 1));
}

/* The first row of @rows for @clock (and @group, unless NULL). */
static const DgPerformanceRow *
row_of (GPtrArray  *rows,
        const char *clock,
        const char *group)
{
  for (guint i = 0; i < rows->len; i++)
    {
      const DgPerformanceRow *row = g_ptr_array_index (rows, i);

      if (g_str_equal (row->clock, clock) && (group == NULL || g_strcmp0 (row->group, group) == 0))
        return row;
    }
  g_assert_not_reached ();
}

/* The performance report comes as a record: every table's rows with their
 * clock, group and tallies, the months the chart has a slot for, and the
 * meetings' share. Three acknowledgements: one overdue (October), one late
 * (November), one on time (made today). */
static void
test_performance (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DgPerformance) report = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *this_month = g_date_time_format (now, "%Y-%m");
  const DgPerformanceRow *row;
  gint64 late, recent;

  add_referral (f, "{\"received_at\": \"2026-10-15T09:30\", \"channel\": \"phone\","
                   " \"reporter\": {\"name\": \"Ceri Jones\", \"organisation\": \"Ysgol y Dderwen\", \"agency\": \"education\"},"
                   " \"children\": [{\"name\": \"Siân Morgan\", \"school\": \"Ysgol y Dderwen\"}]}");
  late = add_referral (f, "{\"received_at\": \"2026-11-20T10:00\", \"reporter\": {\"name\": \"Dr Rhys\", \"agency\": \"health\"},"
                          " \"children\": [{\"name\": \"Cai Evans\"}]}");
  recent = add_referral (f, "{\"children\": [{\"name\": \"Alex Example\"}]}");
  for (guint i = 0; i < 2; i++)
    {
      dg_service_acknowledge_async (f->service, i == 0 ? late : recent, "phone", done, f);
      g_assert_true (dg_service_acknowledge_finish (f->service, wait_result (f), &error));
      g_assert_no_error (error);
    }

  dg_service_performance_async (f->service, "2026-10-01", today, NULL, done, f);
  report = dg_service_performance_finish (f->service, wait_result (f), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (report->from, ==, "2026-10-01");
  g_assert_cmpstr (report->to, ==, today);

  /* The totals by clock have no group. */
  row = row_of (report->clocks, "acknowledgement", NULL);
  g_assert_null (row->group);
  g_assert_cmpint (row->count, ==, 3);
  g_assert_cmpint (row->on_time, ==, 1);
  g_assert_cmpint (row->late, ==, 1);
  g_assert_cmpint (row->overdue, ==, 1);
  g_assert_cmpint (row->pending, ==, 0);
  g_assert_cmpfloat_with_epsilon (row->on_time_share, 1.0 / 3, 1e-9);
  g_assert_cmpstr (row->word, ==, "a-minority");
  row = row_of (report->clocks, "decision", NULL);
  g_assert_cmpint (row->overdue, ==, 2);
  g_assert_cmpint (row->pending, ==, 1);
  g_assert_cmpfloat (row->on_time_share, ==, 0);
  g_assert_cmpstr (row->word, ==, "none");

  /* Each group's rows carry the agency, school or month they are of. */
  row = row_of (report->by_agency, "acknowledgement", "health");
  g_assert_cmpint (row->count, ==, 1);
  g_assert_cmpint (row->late, ==, 1);
  row = row_of (report->by_agency, "acknowledgement", "other");
  g_assert_cmpint (row->on_time, ==, 1);
  g_assert_cmpfloat (row->on_time_share, ==, 1.0);
  g_assert_cmpstr (row->word, ==, "all");
  row = row_of (report->by_school, "acknowledgement", "Ysgol y Dderwen");
  g_assert_cmpint (row->overdue, ==, 1);
  g_assert_cmpuint (report->by_school->len, ==, 3);
  row = row_of (report->by_month, "acknowledgement", "2026-10");
  g_assert_cmpint (row->overdue, ==, 1);
  row = row_of (report->by_month, "acknowledgement", "2026-11");
  g_assert_cmpint (row->late, ==, 1);

  /* The chart's slots: each month once, oldest first. */
  g_assert_cmpstrv (report->months, ((const char * const []) { "2026-10", "2026-11", this_month, NULL }));

  /* No meeting held: nothing to share. */
  g_assert_cmpint (report->meetings_held, ==, 0);
  g_assert_cmpint (report->meetings_complete, ==, 0);
  g_assert_cmpfloat (report->meetings_share, ==, 0);
  g_assert_cmpstr (report->meetings_word, ==, "none");
}

/* What is owed to @organisation (NULL: to all), as records. */
static GPtrArray *
owed (Fixture    *f,
      const char *organisation)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *letters;

  dg_service_owed_async (f->service, organisation, NULL, done, f);
  letters = dg_service_owed_finish (f->service, wait_result (f), &error);
  g_assert_no_error (error);
  return letters;
}

/* Letters come as records: what is owed (a report-maker's and an unnamed
 * one's), a letter rendered in the report-maker's language, its e-mail and
 * the exact text recorded as sent from the record, not a new rendering. */
static void
test_letters (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) school = NULL;
  g_autoptr(DgRenderedLetter) letter = NULL;
  g_autoptr(GDateTime) date = g_date_time_new_utc (2026, 12, 7, 9, 0, 0);
  g_autoptr(DgDb) db = NULL;
  g_autofree char *eml = NULL;
  g_autofree char *stored = NULL;
  const DgOwedLetter *o;
  gint64 id, unnamed;
  DgStmt *stmt;
  gboolean has_row = FALSE;

  id = add_referral (f, "{\"received_at\": \"2026-11-20T09:30\", \"reporter\": {\"name\": \"Ceri Jones\","
                        " \"organisation\": \"Ysgol y Dderwen\", \"agency\": \"education\", \"email\": \"dsp@example.org\","
                        " \"language\": \"cy\"}, \"children\": [{\"name\": \"Siân Morgan\"}]}");
  unnamed = add_referral (f, "{\"received_at\": \"2026-11-21T10:00\", \"children\": [{\"name\": \"Cai Evans\"}]}");
  dg_service_decide_async (f->service, id, &(DgDecisionInput) { "nfa", "Below the threshold" }, done, f);
  g_assert_true (dg_service_decide_finish (f->service, wait_result (f), &error));
  g_assert_no_error (error);

  /* Oldest first: the first referral's two letters, then the second's. */
  all = owed (f, NULL);
  g_assert_cmpuint (all->len, ==, 3);
  o = g_ptr_array_index (all, 0);
  g_assert_cmpint (o->referral, ==, id);
  g_assert_cmpstr (o->reference, ==, "DTR-2026-000001");
  g_assert_cmpstr (o->kind, ==, "acknowledgement");
  g_assert_cmpstr (o->received_at, ==, "2026-11-20T09:30:00");
  g_assert_null (o->decided_at);
  g_assert_cmpstr (o->reporter, ==, "Ceri Jones");
  g_assert_cmpstr (o->organisation, ==, "Ysgol y Dderwen");
  g_assert_cmpstr (o->agency, ==, "education");
  g_assert_cmpstr (o->language, ==, "cy");
  g_assert_cmpstr (o->email, ==, "dsp@example.org");
  o = g_ptr_array_index (all, 1);
  g_assert_cmpstr (o->kind, ==, "outcome");
  g_assert_nonnull (o->decided_at);
  o = g_ptr_array_index (all, 2);
  g_assert_cmpint (o->referral, ==, unnamed);
  g_assert_null (o->organisation);
  g_assert_null (o->email);

  /* The outcome in the report-maker's Welsh. */
  dg_service_render_letter_async (f->service, id, "outcome", NULL, NULL, NULL, done, f);
  letter = dg_service_render_letter_finish (f->service, wait_result (f), &error);
  g_assert_no_error (error);
  g_assert_cmpint (letter->referral, ==, id);
  g_assert_cmpstr (letter->reference, ==, "DTR-2026-000001");
  g_assert_cmpstr (letter->kind, ==, "outcome");
  g_assert_cmpstr (letter->language, ==, "cy");
  g_assert_cmpstr (letter->subject, ==, "Canlyniad eich adroddiad DTR-2026-000001");
  g_assert_nonnull (strstr (letter->body, "Annwyl Ceri Jones"));
  g_assert_cmpstr (letter->recipient, ==, "dsp@example.org");
  g_assert_cmpstr (letter->template_name, ==, "outcome");
  g_assert_cmpint (letter->version, ==, 0);

  eml = dg_service_letter_eml (letter, "hub@example.org", date);
  g_assert_nonnull (strstr (eml, "From: hub@example.org\r\n"));
  g_assert_nonnull (strstr (eml, "To: dsp@example.org\r\n"));
  g_assert_nonnull (strstr (eml, "Subject: Canlyniad eich adroddiad DTR-2026-000001\r\n"));
  g_assert_nonnull (strstr (eml, "Content-Language: cy\r\n"));

  /* Recorded as sent: the outcome is no longer owed, the school's
   * acknowledgement still is, and the text kept is the letter's. */
  dg_service_mark_sent_async (f->service, letter, "eml", "secure-email", done, f);
  g_assert_true (dg_service_mark_sent_finish (f->service, wait_result (f), &error));
  g_assert_no_error (error);
  school = owed (f, "Ysgol y Dderwen");
  g_assert_cmpuint (school->len, ==, 1);
  g_assert_cmpstr (((const DgOwedLetter *) g_ptr_array_index (school, 0))->kind, ==, "acknowledgement");

  db = dg_db_open (f->location, DG_DB_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  stmt = dg_db_prepare (db, "SELECT body, subject, language, recipient, template_name, template_version, format, sent_by "
                            "FROM notification", &error);
  g_assert_no_error (error);
  g_assert_true (dg_db_step (db, stmt, &has_row, &error));
  g_assert_true (has_row);
  stored = g_strdup (dg_stmt_column_text (stmt, 0));
  g_assert_cmpstr (stored, ==, letter->body);
  g_assert_cmpstr (dg_stmt_column_text (stmt, 1), ==, letter->subject);
  g_assert_cmpstr (dg_stmt_column_text (stmt, 2), ==, "cy");
  g_assert_cmpstr (dg_stmt_column_text (stmt, 3), ==, "dsp@example.org");
  g_assert_cmpstr (dg_stmt_column_text (stmt, 4), ==, "outcome");
  g_assert_cmpint (dg_stmt_column_int64 (stmt, 5), ==, 0);
  g_assert_cmpstr (dg_stmt_column_text (stmt, 6), ==, "eml");
  g_assert_cmpstr (dg_stmt_column_text (stmt, 7), ==, "Alaw Hughes");
  g_assert_true (dg_db_step (db, stmt, &has_row, &error));
  g_assert_false (has_row);
  dg_stmt_reset (stmt);
}

/* A template comes as a record, shipped (version 0, saved by no one) or
 * saved; a preview is a rendered letter, and a template the checker refuses
 * says where. */
static void
test_templates (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DgTemplateVersion) shipped = NULL;
  g_autoptr(DgTemplateVersion) saved = NULL;
  g_autoptr(DgRenderedLetter) preview = NULL;
  const char *text = "Dear {{reporter.name}},\nYour report {{referral.reference}} is with us.\n";

  dg_service_template_get_async (f->service, "acknowledgement", "en", NULL, done, f);
  shipped = dg_service_template_get_finish (f->service, wait_result (f), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (shipped->name, ==, "acknowledgement");
  g_assert_cmpstr (shipped->language, ==, "en");
  g_assert_cmpint (shipped->version, ==, 0);
  g_assert_nonnull (strstr (shipped->body, "{{referral.reference}}"));
  g_assert_null (shipped->saved_by);
  g_assert_null (shipped->saved_at);

  dg_service_template_set_async (f->service, "acknowledgement", "en", text, 0, done, f);
  g_assert_true (dg_service_template_set_finish (f->service, wait_result (f), &error));
  g_assert_no_error (error);
  dg_service_template_get_async (f->service, "acknowledgement", "en", NULL, done, f);
  saved = dg_service_template_get_finish (f->service, wait_result (f), &error);
  g_assert_no_error (error);
  g_assert_cmpint (saved->version, ==, 1);
  g_assert_cmpstr (saved->body, ==, text);
  g_assert_cmpstr (saved->saved_by, ==, "Alaw Hughes");
  g_assert_nonnull (saved->saved_at);

  add_referral (f, "{\"reporter\": {\"name\": \"Ceri Jones\"}, \"children\": [{\"name\": \"Siân Morgan\"}]}");
  dg_service_template_preview_async (f->service, "acknowledgement", "en", "Hello {{reporter.name}}", NULL, done, f);
  preview = dg_service_template_preview_finish (f->service, wait_result (f), &error);
  g_assert_no_error (error);
  /* Every English letter ends welcoming Welsh (the active offer). */
  g_assert_cmpstr (preview->body, ==, "Hello Ceri Jones\n\n" DG_NOTIFY_WELSH_WELCOME);
  g_assert_cmpstr (preview->kind, ==, "acknowledgement");
  g_assert_cmpstr (preview->language, ==, "en");

  dg_service_template_preview_async (f->service, "acknowledgement", "en", "Hello\n{{nobody}}", NULL, done, f);
  g_assert_null (dg_service_template_preview_finish (f->service, wait_result (f), &error));
  g_assert_error (error, DG_ERROR, DG_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "line 2, column 1"));
}


/* The hub's settings: set and read back through the service, a refusal
 * naming its field, the logo known by type and size, and the letters
 * taking their letterhead (and their From) from the database. */
static void
test_hub (Fixture       *f,
          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DgHubSettings) hub = NULL;
  g_autoptr(DgRenderedLetter) letter = NULL;
  const char svg[] = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"/>";
  const char *values[][2] = { { "name", "Cardiff Safeguarding Hub" }, { "name-cy", "Hyb Diogelu Caerdydd" },
                              { "address-cy", "1 Heol y Frenhines\nCaerdydd" }, { "email", "hyb@example.org" } };
  gint64 id = add_referral (f, "{\"concern\": \"Left alone overnight\", \"children\": [{\"name\": \"Cai Evans\"}]}");

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      dg_service_hub_set_async (f->service, values[i][0], values[i][1], -1, done, f);
      g_assert_true (dg_service_hub_set_finish (f->service, wait_result (f), &error));
      g_assert_no_error (error);
    }
  dg_service_hub_set_async (f->service, "logo", svg, sizeof svg - 1, done, f);
  g_assert_true (dg_service_hub_set_finish (f->service, wait_result (f), &error));
  g_assert_no_error (error);

  dg_service_hub_set_async (f->service, "smtp-url", "http://mail.example.org", -1, done, f);
  g_assert_false (dg_service_hub_set_finish (f->service, wait_result (f), &error));
  g_assert_error (error, DG_ERROR, DG_ERROR_INVALID);
  g_assert_cmpstr (dg_error_get_field (error), ==, "smtp-url");
  g_clear_error (&error);

  dg_service_hub_get_async (f->service, NULL, done, f);
  hub = dg_service_hub_get_finish (f->service, wait_result (f), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (hub->name, ==, "Cardiff Safeguarding Hub");
  g_assert_cmpstr (hub->name_cy, ==, "Hyb Diogelu Caerdydd");
  g_assert_cmpstr (hub->address_cy, ==, "1 Heol y Frenhines\nCaerdydd");
  g_assert_null (hub->smtp_url);
  g_assert_cmpstr (hub->logo_type, ==, "image/svg+xml");
  g_assert_cmpint (hub->logo_size, ==, sizeof svg - 1);
  g_assert_false (hub->has_ca);
  g_assert_false (hub->password_kept);

  /* No server address or user yet: no password to keep. */
  dg_service_smtp_password_set_async (f->service, "secret", done, f);
  g_assert_false (dg_service_smtp_password_set_finish (f->service, wait_result (f), &error));
  g_assert_error (error, DG_ERROR, DG_ERROR_INVALID);
  g_clear_error (&error);

  dg_service_render_letter_async (f->service, id, "acknowledgement", "cy", NULL, NULL, done, f);
  letter = dg_service_render_letter_finish (f->service, wait_result (f), &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (letter->body, "Hyb Diogelu Caerdydd"));
  g_assert_cmpstr (letter->from, ==, "hyb@example.org");
}

/* Sending by e-mail on the service's own mail connection: with no server
 * listening the letter is not delivered, which is the answer (failed, with
 * the reason), not an error; the referral then shows it, and the outbox
 * lists it as failed. */
static void
test_send_letter (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DgOutboxLetter) letter = NULL;
  g_autoptr(DgReferral) referral = NULL;
  g_autoptr(GPtrArray) failed = NULL;
  const char *values[][2] = { { "email", "hyb@example.org" }, { "smtp-url", "smtp://127.0.0.1:9" }, { "smtp-user", "hub" } };
  gint64 id = add_referral (f, "{\"reporter\": {\"name\": \"Ceri Jones\", \"email\": \"dsp@example.org\", \"language\": \"en\"},"
                               " \"children\": [{\"name\": \"Cai Evans\"}]}");

  g_setenv ("DIOGELU_SMTP_PASSWORD", "secret", TRUE);
  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      dg_service_hub_set_async (f->service, values[i][0], values[i][1], -1, done, f);
      g_assert_true (dg_service_hub_set_finish (f->service, wait_result (f), &error));
      g_assert_no_error (error);
    }

  dg_service_send_letter_async (f->service, id, "acknowledgement", NULL, FALSE, done, f);
  letter = dg_service_send_letter_finish (f->service, wait_result (f), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (letter->state, ==, "failed");
  g_assert_cmpstr (letter->recipient, ==, "dsp@example.org");
  g_assert_nonnull (letter->error);
  g_assert_nonnull (letter->next_attempt_at);

  referral = show (f, id);
  g_assert_cmpuint (referral->mail->len, ==, 1);
  g_assert_cmpstr (g_array_index (referral->mail, DgReferralMail, 0).state, ==, "failed");
  g_assert_cmpstr (g_array_index (referral->mail, DgReferralMail, 0).error, ==, letter->error);
  g_assert_null (referral->acknowledged_at);

  dg_service_outbox_async (f->service, TRUE, 0, NULL, done, f);
  failed = dg_service_outbox_finish (f->service, wait_result (f), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (failed->len, ==, 1);

  /* A second letter of the same kind is refused while the first waits. */
  g_clear_pointer (&letter, dg_outbox_letter_free);
  dg_service_send_letter_async (f->service, id, "acknowledgement", NULL, FALSE, done, f);
  letter = dg_service_send_letter_finish (f->service, wait_result (f), &error);
  g_assert_null (letter);
  g_assert_error (error, DG_ERROR, DG_ERROR_INVALID);
  g_unsetenv ("DIOGELU_SMTP_PASSWORD");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/service/writes", Fixture, NULL, fixture_setup, test_writes, fixture_teardown);
  g_test_add ("/service/refusal", Fixture, NULL, fixture_setup, test_refusal, fixture_teardown);
  g_test_add ("/service/summaries", Fixture, NULL, fixture_setup, test_summaries, fixture_teardown);
  g_test_add ("/service/show", Fixture, NULL, fixture_setup, test_show, fixture_teardown);
  g_test_add ("/service/meeting-records", Fixture, NULL, fixture_setup, test_meeting_records, fixture_teardown);
  g_test_add ("/service/import-progress", Fixture, NULL, fixture_setup, test_import_progress, fixture_teardown);
  g_test_add ("/service/import-report", Fixture, NULL, fixture_setup, test_import_report, fixture_teardown);
  g_test_add ("/service/intake-matches", Fixture, NULL, fixture_setup, test_intake_matches, fixture_teardown);

  g_test_add ("/service/due-board", Fixture, NULL, fixture_setup, test_due_board, fixture_teardown);
  g_test_add ("/service/performance", Fixture, NULL, fixture_setup, test_performance, fixture_teardown);
  g_test_add ("/service/letters", Fixture, NULL, fixture_setup, test_letters, fixture_teardown);
  g_test_add ("/service/templates", Fixture, NULL, fixture_setup, test_templates, fixture_teardown);
  g_test_add ("/service/hub", Fixture, NULL, fixture_setup, test_hub, fixture_teardown);
  g_test_add ("/service/send-letter", Fixture, NULL, fixture_setup, test_send_letter, fixture_teardown);

  return g_test_run ();
}
