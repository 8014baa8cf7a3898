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
  g_autoptr(DgDueBoard) board = NULL;
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
  g_autoptr(JsonNode) report = NULL;
  guint notified = 0;

  g_signal_connect (progress, "notify::fraction", G_CALLBACK (fraction_changed), &notified);
  g_assert_cmpfloat (dg_progress_get_fraction (progress), ==, 0.0);
  dg_service_import_async (f->service, bytes, NULL, FALSE, progress, NULL, done, f);
  report = dg_service_import_finish (f->service, wait_result (f), &error);
  g_assert_no_error (error);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (report), "imported"), ==, 2);
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
  dg_service_decide_async (f->service, id, "nfa", "Below the threshold", NULL, done, f);
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
  g_assert_cmpstr (preview->body, ==, "Hello Ceri Jones");
  g_assert_cmpstr (preview->kind, ==, "acknowledgement");
  g_assert_cmpstr (preview->language, ==, "en");

  dg_service_template_preview_async (f->service, "acknowledgement", "en", "Hello\n{{nobody}}", NULL, done, f);
  g_assert_null (dg_service_template_preview_finish (f->service, wait_result (f), &error));
  g_assert_error (error, DG_ERROR, DG_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "line 2, column 1"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/service/writes", Fixture, NULL, fixture_setup, test_writes, fixture_teardown);
  g_test_add ("/service/refusal", Fixture, NULL, fixture_setup, test_refusal, fixture_teardown);
  g_test_add ("/service/summaries", Fixture, NULL, fixture_setup, test_summaries, fixture_teardown);
  g_test_add ("/service/due-board", Fixture, NULL, fixture_setup, test_due_board, fixture_teardown);
  g_test_add ("/service/performance", Fixture, NULL, fixture_setup, test_performance, fixture_teardown);
  g_test_add ("/service/letters", Fixture, NULL, fixture_setup, test_letters, fixture_teardown);
  g_test_add ("/service/templates", Fixture, NULL, fixture_setup, test_templates, fixture_teardown);
  g_test_add ("/service/import-progress", Fixture, NULL, fixture_setup, test_import_progress, fixture_teardown);

  return g_test_run ();
}
