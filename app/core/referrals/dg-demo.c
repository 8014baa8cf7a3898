#include "config.h"

#include <glib/gi18n-lib.h>

#include "dg-bulk.h"
#include "dg-clocks.h"
#include "dg-demo.h"
#include "dg-referrals.h"
#include "dg-time.h"

/* Invented names from common Welsh and English first names and surnames:
 * combinations, not people. */
static const char * const first_names[] = {
  "Alys", "Aled", "Bethan", "Cai", "Carys", "Cerys", "Dafydd", "Deio", "Eleri", "Elis",
  "Ffion", "Gethin", "Gwen", "Harri", "Hana", "Iwan", "Lili", "Llŷr", "Mabli", "Macsen",
  "Mared", "Nia", "Osian", "Owain", "Rhys", "Seren", "Siân", "Siôn", "Tomos", "Tirion",
  "Alex", "Amelia", "Charlie", "Ella", "Evie", "Freddie", "George", "Grace", "Isla", "Jack",
  "Leo", "Lily", "Mia", "Noah", "Oliver", "Olivia", "Oscar", "Poppy", "Sophie", "Theo",
};
static const char * const surnames[] = {
  "Jones", "Williams", "Davies", "Evans", "Thomas", "Roberts", "Hughes", "Lewis", "Morgan",
  "Griffiths", "Edwards", "Price", "Rees", "Owen", "Jenkins", "Pritchard", "Parry", "Lloyd",
  "Powell", "Bowen", "Vaughan", "Prosser", "Rowlands", "Pugh", "Llywelyn", "ap Gwyn",
  "Smith", "Taylor", "Brown", "Wilson", "Walker", "Wright", "Hall", "Clarke", "Turner",
};
static const char * const schools[] = {
  "Ysgol Gynradd Bryn Enghraifft", "Ysgol y Dderwen", "Ysgol Glan Dyfrdwy", "Ysgol Uwchradd Maes Prawf",
  "Ysgol Gymraeg Cwm Ffug", "Ysgol Santes Dwynwen", "Ysgol Pen y Bryn", "Ysgol Tir Newydd",
  "Hillside Primary School", "Riverside Community Primary", "Oakfield High School",
  "St Example's Catholic Primary", "Meadowbank Infants", "Castle View Academy",
  "Bryn Teg Nursery", "Little Acorns Day Nursery",
};
static const char * const health_orgs[] = {
  "Health Visiting Team North", "School Nursing Service", "Riverside Medical Practice",
  "Emergency Department", "Community Midwifery", "Child and Adolescent Mental Health Service",
};
static const char * const other_orgs[][2] = {
  { "police", "North Wales Police" },
  { "probation", "Probation Service" },
  { "housing", "Housing Options Team" },
  { "local-authority", "Youth Justice Service" },
  { "third-sector", "Family Support Charity" },
  { "other", "Leisure Centre" },
};
static const char * const roles[] = {
  "Designated safeguarding person", "Head teacher", "Class teacher", "Health visitor",
  "School nurse", "GP", "Police constable", "Housing officer", "Family support worker",
};
static const char * const concerns[] = {
  "Child arrived at school hungry and in unwashed clothes for the third day this week.",
  "Bruising seen on the child's upper arm; the explanation given did not match the injury.",
  "Child disclosed that an adult at home shouts and throws things when drinking.",
  "Repeated missed health appointments and the baby has not been seen for eight weeks.",
  "Police attended a domestic incident at the address; children were present.",
  "Child said they are left alone overnight while the parent works.",
  "Concerns about an older teenager collecting the child and the child's new expensive phone.",
  "Neighbour reports children crying for long periods and the home in a poor state.",
  "Child's attendance has fallen below 60% and the family has not responded to letters.",
  "Pupil disclosed self-harm and says they are frightened to go home.",
};
static const char * const rationales[] = {
  "Threshold for statutory intervention not met; universal services are meeting needs.",
  "Information and advice given to the family about local support and parenting groups.",
  "Family agreed to early help through Team Around the Family.",
  "Needs appear to require a care and support assessment under Part 3 of the 2014 Act.",
  "Reasonable cause to suspect significant harm; strategy discussion to be convened.",
};
static const char * const outcomes[] = { "nfa", "iaa", "early-help", "assessment", "strategy" };
static const char * const categories[] = { "physical", "sexual", "emotional", "neglect" };
static const char * const channels[] = { "phone", "email", "form", "in-person" };
static const char * const rags[] = { "red", "amber", "green" };
static const char * const ack_methods[] = { "email", "letter", "phone" };

#define PICK(rand, array) ((array)[g_rand_int_range ((rand), 0, G_N_ELEMENTS (array))])

typedef struct
{
  gint64      id;
  const char *organisation;
  const char *agency;
} Reporter;

/* New rows' ids, taken before their rows are written so that a batch's
 * rows can go in a few multi-row INSERTs: on a server from the table's
 * sequence, @block at a time (another session may take some between, so
 * they are kept one by one; the referrals reserve exactly their batch, the
 * meetings a few hundred at a time, the unused ones left as gaps), on a
 * file the next after the highest (the write lock is ours until the
 * commit). */
typedef struct
{
  const char *table;
  guint       block;
  GArray     *ids;
  guint       next;
} IdPool;

static gboolean
id_next (DgDb    *db,
         IdPool  *pool,
         gint64  *id,
         GError **error)
{
  gboolean has_row = FALSE;
  GError *local_error = NULL;
  DgStmt *stmt;

  if (pool->ids == NULL)
    pool->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  if (!dg_db_is_postgres (db) && pool->ids->len > 0)
    {
      *id = g_array_index (pool->ids, gint64, 0) + pool->next++;
      return TRUE;
    }
  if (pool->next < pool->ids->len)
    {
      *id = g_array_index (pool->ids, gint64, pool->next++);
      return TRUE;
    }

  g_array_set_size (pool->ids, 0);
  pool->next = 0;
  if (g_str_equal (pool->table, "referral"))
    stmt = dg_db_prepare (db, DG_DB_SQL (db, "SELECT coalesce (max (id), 0) + 1 FROM referral",
                                         "SELECT nextval (pg_get_serial_sequence ('referral', 'id')) FROM generate_series (1, ?1)"),
                          error);
  else
    stmt = dg_db_prepare (db, DG_DB_SQL (db, "SELECT coalesce (max (id), 0) + 1 FROM meeting",
                                         "SELECT nextval (pg_get_serial_sequence ('meeting', 'id')) FROM generate_series (1, ?1)"),
                          error);
  if (stmt == NULL)
    return FALSE;
  if (dg_db_is_postgres (db))
    dg_stmt_bind_int64 (stmt, 1, pool->block);
  while (dg_db_step (db, stmt, &has_row, &local_error) && has_row)
    {
      gint64 value = dg_stmt_column_int64 (stmt, 0);
      g_array_append_val (pool->ids, value);
    }
  dg_stmt_reset (stmt);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  return id_next (db, pool, id, error);
}

/* A batch's rows, a table each, written in this order (each refers only to
 * those before it). */
typedef struct
{
  DgBulk *referral, *child, *category, *decision, *meeting, *invitee, *outcome, *event, *search, *audit;
} Rows;

static void
rows_init (Rows *rows,
           DgDb *db)
{
  rows->referral = dg_bulk_new (db, "referral", "id, reference, received_at, channel, reporter_id, status, rag, concern, "
                                "confirmed_at, acknowledged_at, acknowledged_method, outcome_sent_at, created_at, updated_at", 14, NULL);
  rows->child = dg_bulk_new (db, "child", "referral_id, position, name, name_key, dob, school, gender", 7, NULL);
  rows->category = dg_bulk_new (db, "referral_category", "referral_id, category", 2, "ON CONFLICT DO NOTHING");
  rows->decision = dg_bulk_new (db, "decision", "referral_id, outcome, rationale, decided_by, decided_at", 5, NULL);
  rows->meeting = dg_bulk_new (db, "meeting", "id, referral_id, kind, held_at, chair, created_at, minutes_sent_at", 7, NULL);
  rows->invitee = dg_bulk_new (db, "invitee", "meeting_id, agency, name, organisation, invited_at, status, "
                               "report_received, report_received_at, decision_maker", 9, NULL);
  rows->outcome = dg_bulk_new (db, "meeting_outcome", "meeting_id, s47, determination, summary, decided_at, decided_by", 6, NULL);
  rows->event = dg_bulk_new (db, "cp_event", "referral_id, kind, held_at, recorded_by, recorded_at", 5, NULL);
  rows->search = dg_bulk_new (db, "referral_search", "rowid, reference, names, organisation, concern", 5, NULL);
  rows->audit = dg_bulk_new (db, "audit", "at, actor, entity, entity_id, action, detail", 6, NULL);
}

static void
rows_clear (Rows *rows)
{
  DgBulk **all = (DgBulk **) rows;

  for (guint i = 0; i < sizeof (Rows) / sizeof (DgBulk *); i++)
    g_clear_pointer (&all[i], dg_bulk_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Rows, rows_clear)

static gboolean
rows_flush (Rows    *rows,
            GError **error)
{
  DgBulk **all = (DgBulk **) rows;

  for (guint i = 0; i < sizeof (Rows) / sizeof (DgBulk *); i++)
    if (!dg_bulk_flush (all[i], error))
      return FALSE;
  return TRUE;
}

static void
add_event (Rows       *rows,
           gint64      referral_id,
           const char *kind,
           const char *held,
           const char *created)
{
  dg_bulk_int (rows->event, referral_id);
  dg_bulk_text (rows->event, kind);
  dg_bulk_text (rows->event, held);
  dg_bulk_text (rows->event, "demo");
  dg_bulk_text (rows->event, created);
}

static char *
stamp (GDateTime *base,
       int        minutes)
{
  g_autoptr(GDateTime) t = g_date_time_add_minutes (base, minutes);
  return dg_time_to_string (t);
}

/* A strategy discussion after a "strategy" decision, inviting agencies the
 * way a busy front door does: police and social services nearly always,
 * others less reliably, so the managers' figures have something to show. */
static gboolean
add_meeting (DgDb          *db,
             GRand         *rand,
             gint64         referral_id,
             const char    *decided,
             const Reporter *rep,
             GDateTime     *now,
             const char    *created,
             IdPool        *meeting_ids,
             Rows          *rows,
             GError       **error)
{
  static const struct { const char *agency; int invited_pct; } agencies[] = {
    { "police", 98 }, { "social-services", 99 }, { "report-maker", 78 },
    { "education", 72 }, { "health", 58 },
  };
  static const char * const responses[] = { "attended", "attended", "attended", "attended", "attended",
                                            "attended", "apologies", "apologies", "declined", "no-reply" };
  static const char * const determinations[] = { "not-substantiated", "substantiated-no-risk",
                                                 "substantiated-at-risk", "none" };
  GTimeZone *tz = dg_time_zone_local ();
  g_autoptr(GDateTime) decided_dt = NULL;
  g_autoptr(GDateTime) held_dt = NULL;
  g_autofree char *held = NULL;
  gint64 mid;

  decided_dt = g_date_time_new_from_iso8601 (decided, tz);
  if (decided_dt == NULL)
    return TRUE;
  held_dt = g_date_time_add_minutes (decided_dt, g_rand_int_range (rand, 60, 60 * 24 * 2));
  if (g_date_time_compare (held_dt, now) > 0)
    return TRUE;
  held = dg_time_to_string (held_dt);

  if (!id_next (db, meeting_ids, &mid, error))
    return FALSE;
  dg_bulk_int (rows->meeting, mid);
  dg_bulk_int (rows->meeting, referral_id);
  dg_bulk_text (rows->meeting, g_rand_boolean (rand) ? "discussion" : "meeting");
  dg_bulk_text (rows->meeting, held);
  dg_bulk_text (rows->meeting, "Demo Team Manager");
  dg_bulk_text (rows->meeting, created);
  /* The record goes out two to nine days on, when that has come; from the
   * meeting's id, so no randomness is drawn and a seed gives the same
   * referrals as before schema 15. */
  {
    g_autoptr(GDateTime) sent = g_date_time_add_days (held_dt, 2 + mid % 8);
    g_autofree char *sent_s = g_date_time_compare (sent, now) < 0 ? dg_time_to_string (sent) : NULL;

    dg_bulk_text (rows->meeting, sent_s);
  }

  for (guint i = 0; i < G_N_ELEMENTS (agencies); i++)
    {
      const char *status;
      /* Most agencies send a report, most who come can decide (as above). */
      gboolean report = (mid + i) % 4 != 0;

      if (g_rand_int_range (rand, 0, 100) >= agencies[i].invited_pct)
        continue;
      status = PICK (rand, responses);
      dg_bulk_int (rows->invitee, mid);
      dg_bulk_text (rows->invitee, agencies[i].agency);
      dg_bulk_text (rows->invitee, NULL);
      dg_bulk_text (rows->invitee, g_str_equal (agencies[i].agency, "report-maker") ? rep->organisation : NULL);
      dg_bulk_text (rows->invitee, decided);
      dg_bulk_text (rows->invitee, status);
      dg_bulk_int (rows->invitee, report);
      dg_bulk_text (rows->invitee, report ? decided : NULL);
      if (g_str_equal (status, "attended"))
        dg_bulk_int (rows->invitee, (mid + i) % 5 != 0);
      else
        dg_bulk_text (rows->invitee, NULL);
    }

  if (g_rand_int_range (rand, 0, 100) < 80)
    {
      const char *determination = PICK (rand, determinations);

      dg_bulk_int (rows->outcome, mid);
      dg_bulk_int (rows->outcome, !g_str_equal (determination, "none"));
      dg_bulk_text (rows->outcome, determination);
      dg_bulk_text (rows->outcome, "Demo outcome");
      dg_bulk_text (rows->outcome, held);
      dg_bulk_text (rows->outcome, "Demo Team Manager");

      /* Most conferences follow within the 15 working days; some do not. */
      if (g_str_equal (determination, "substantiated-at-risk") && g_rand_int_range (rand, 0, 100) < 85)
        {
          g_autoptr(GDateTime) icpc = g_date_time_add_days (held_dt, g_rand_int_range (rand, 7, 26));
          g_autofree char *icpc_s = NULL;

          if (g_date_time_compare (icpc, now) < 0)
            {
              g_autoptr(GDateTime) core = g_date_time_add_days (icpc, g_rand_int_range (rand, 5, 16));

              icpc_s = dg_time_to_string (icpc);
              add_event (rows, referral_id, "icpc", icpc_s, created);

              /* The outline plan goes out one to eight days on. */
              {
                g_autoptr(GDateTime) plan = g_date_time_add_days (icpc, 1 + referral_id % 8);

                if (g_date_time_compare (plan, now) < 0)
                  {
                    g_autofree char *plan_s = dg_time_to_string (plan);

                    add_event (rows, referral_id, "plan-circulated", plan_s, created);
                  }
              }

              /* The first core group follows the conference, mostly in time. */
              if (g_date_time_compare (core, now) < 0)
                {
                  g_autofree char *core_s = dg_time_to_string (core);

                  add_event (rows, referral_id, "core-group", core_s, created);
                }

              /* Most plans end at a review conference some months on (no
               * randomness drawn, so a seed gives the same referrals as before). */
              if (referral_id % 4 != 0)
                {
                  g_autoptr(GDateTime) review = g_date_time_add_days (icpc, 85 + referral_id % 120);

                  if (g_date_time_compare (review, now) < 0)
                    {
                      g_autofree char *review_s = dg_time_to_string (review);
                      const char *kinds[] = { "review", "plan-end" };

                      for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
                        {
                          add_event (rows, referral_id, kinds[k], review_s, created);
                        }
                    }
                }
            }
        }
    }

  return TRUE;
}

gboolean
dg_demo_generate (DgDb            *db,
                  guint            n,
                  guint32          seed,
                  DgDemoProgress   progress,
                  gpointer         user_data,
                  GError         **error)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autoptr(GDateTime) now = dg_db_now (db);
  g_autoptr(GArray) reporters = g_array_new (FALSE, FALSE, sizeof (Reporter));
  g_autofree char *created = dg_db_now_string (db);
  const guint batch = 20000;
  guint done = 0;
  DgStmt *s_reporter, *s_counter;

#define PREP(var, sql) do { var = dg_db_prepare (db, sql, error); if (var == NULL) return FALSE; } while (0)
  PREP (s_reporter, "INSERT INTO reporter (name, role, organisation, agency, email, phone, language, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) RETURNING id");
  PREP (s_counter, "INSERT INTO reference_counter (year, last) VALUES (?1, ?2) ON CONFLICT (year) DO UPDATE SET last = reference_counter.last + ?2 RETURNING last - ?2");
#undef PREP

  /* Each referral's clocks worked out once per batch, not once per insert. */
  dg_clocks_defer (db);
  while (done < n)
    {
      guint count = MIN (batch, n - done);
      g_autoptr(GPtrArray) times = g_ptr_array_new_with_free_func ((GDestroyNotify) g_date_time_unref);
      GHashTable *year_counts = g_hash_table_new (g_direct_hash, g_direct_equal);
      GHashTable *year_base = g_hash_table_new (g_direct_hash, g_direct_equal);
      IdPool referral_ids = { "referral", count }, meeting_ids = { "meeting", 256 };
      g_auto(Rows) rows = { 0 };

      rows_init (&rows, db);
      if (!dg_db_begin (db, error))
        {
          g_hash_table_unref (year_counts);
          g_hash_table_unref (year_base);
          dg_clocks_undefer (db);
          return FALSE;
        }

      /* A pool of report-makers, reused as real ones are. */
      if (reporters->len < 5000)
        for (guint i = 0; i < 500; i++)
          {
            Reporter r = { 0 };
            int kind = g_rand_int_range (rand, 0, 100);
            g_autofree char *name = g_strdup_printf ("%s %s", PICK (rand, first_names), PICK (rand, surnames));
            g_autofree char *email = NULL;

            if (kind < 45)
              r.agency = "education", r.organisation = PICK (rand, schools);
            else if (kind < 65)
              r.agency = "health", r.organisation = PICK (rand, health_orgs);
            else if (kind < 90)
              {
                int o = g_rand_int_range (rand, 0, G_N_ELEMENTS (other_orgs));
                r.agency = other_orgs[o][0], r.organisation = other_orgs[o][1];
              }
            else
              r.agency = "public", r.organisation = NULL;

            email = r.organisation ? g_strdup_printf ("contact%u@example.org", reporters->len) : NULL;
            dg_stmt_reset (s_reporter);
            dg_stmt_bind_text (s_reporter, 1, name);
            dg_stmt_bind_text (s_reporter, 2, r.organisation ? PICK (rand, roles) : NULL);
            dg_stmt_bind_text (s_reporter, 3, r.organisation);
            dg_stmt_bind_text (s_reporter, 4, r.agency);
            dg_stmt_bind_text (s_reporter, 5, email);
            dg_stmt_bind_text (s_reporter, 6, "01234 567890");
            dg_stmt_bind_text (s_reporter, 7, g_rand_int_range (rand, 0, 100) < 25 ? "cy" : "en");
            dg_stmt_bind_text (s_reporter, 8, created);
            if (!dg_db_step_int64 (db, s_reporter, &r.id, error))
              goto fail;
            g_array_append_val (reporters, r);
          }

      /* Received times in order, spread over three years before now. */
      for (guint i = 0; i < count; i++)
        {
          double position = (double) (done + i + g_rand_double (rand)) / MAX (n, 1);
          gint64 minutes_ago = (gint64) ((1.0 - position) * 3 * 365 * 24 * 60);
          g_autoptr(GDateTime) t = g_date_time_add_minutes (now, -minutes_ago - 30);
          int year = g_date_time_get_year (t);

          g_ptr_array_add (times, g_date_time_ref (t));
          g_hash_table_insert (year_counts, GINT_TO_POINTER (year),
                               GINT_TO_POINTER (GPOINTER_TO_INT (g_hash_table_lookup (year_counts, GINT_TO_POINTER (year))) + 1));
        }

      /* Reserve each year's block of reference numbers. */
      {
        GHashTableIter iter;
        gpointer key, value;

        g_hash_table_iter_init (&iter, year_counts);
        while (g_hash_table_iter_next (&iter, &key, &value))
          {
            gboolean has_row = FALSE;

            dg_stmt_reset (s_counter);
            dg_stmt_bind_int64 (s_counter, 1, GPOINTER_TO_INT (key));
            dg_stmt_bind_int64 (s_counter, 2, GPOINTER_TO_INT (value));
            if (!dg_db_step (db, s_counter, &has_row, error))
              goto fail;
            g_hash_table_insert (year_base, key, GINT_TO_POINTER (dg_stmt_column_int (s_counter, 0)));
            dg_stmt_reset (s_counter);
          }
      }

      for (guint i = 0; i < count; i++)
        {
          GDateTime *received = g_ptr_array_index (times, i);
          Reporter *rep = &g_array_index (reporters, Reporter, g_rand_int_range (rand, 0, reporters->len));
          int year = g_date_time_get_year (received);
          int number = GPOINTER_TO_INT (g_hash_table_lookup (year_base, GINT_TO_POINTER (year))) + 1;
          g_autofree char *reference = g_strdup_printf ("DTR-%04d-%06d", year, number);
          g_autofree char *received_s = dg_time_to_string (received);
          g_autofree char *ack = NULL, *decided = NULL, *outcome_sent = NULL, *confirmed = NULL;
          g_autoptr(GString) names = g_string_new (NULL);
          gint64 age_hours = g_date_time_difference (now, received) / G_TIME_SPAN_HOUR;
          const char *channel = PICK (rand, channels);
          const char *outcome = NULL;
          int outcome_index = 0;
          const char *status = "new";
          const char *concern = PICK (rand, concerns);
          int children = g_rand_int_range (rand, 0, 100) < 80 ? 1 : (g_rand_int_range (rand, 0, 2) ? 2 : 3);
          const char *surname = PICK (rand, surnames);
          const char *school = rep->agency != NULL && g_str_equal (rep->agency, "education") ? rep->organisation : PICK (rand, schools);
          gint64 id;

          g_hash_table_insert (year_base, GINT_TO_POINTER (year), GINT_TO_POINTER (number));

          /* Older referrals have moved on: most on time, some late, a few still open. */
          /* A front door catches up: month-old referrals are nearly all answered. */
          int settled = age_hours > 24 * 30 ? 999 : 970;

          if (age_hours > 4 && g_rand_int_range (rand, 0, 1000) < settled)
            {
              int late = g_rand_int_range (rand, 0, 100) < 15 ? 60 * 24 * g_rand_int_range (rand, 2, 6) : 0;
              ack = stamp (received, g_rand_int_range (rand, 20, 60 * 20) + late);
              status = "acknowledged";
            }
          if (age_hours > 8 && g_rand_int_range (rand, 0, 1000) < settled - 10)
            {
              int late = g_rand_int_range (rand, 0, 100) < 12 ? 60 * 24 * g_rand_int_range (rand, 2, 4) : 0;
              decided = stamp (received, g_rand_int_range (rand, 30, 60 * 22) + late);
              outcome_index = g_rand_int_range (rand, 0, G_N_ELEMENTS (outcomes));
              outcome = outcomes[outcome_index];
              status = "decided";
              if (age_hours > 24 * 6 && g_rand_int_range (rand, 0, 1000) < 997)
                {
                  int delay = g_rand_int_range (rand, 0, 100) < 20 ? 60 * 24 * g_rand_int_range (rand, 5, 15) : g_rand_int_range (rand, 60, 60 * 24 * 3);
                  g_autoptr(GDateTime) dt = g_date_time_add_minutes (received, 60 * 22 + delay);
                  if (g_date_time_compare (dt, now) < 0)
                    {
                      outcome_sent = dg_time_to_string (dt);
                      status = "closed";
                    }
                }
            }
          if (g_str_equal (channel, "phone") && !g_str_equal (rep->agency, "public") && age_hours > 24)
            confirmed = stamp (received, g_rand_int_range (rand, 60, 60 * 30));

          /* Keep event times in the past. */
          if (ack != NULL && strcmp (ack, created) > 0) g_clear_pointer (&ack, g_free);
          if (decided != NULL && strcmp (decided, created) > 0)
            {
              g_clear_pointer (&decided, g_free);
              outcome = NULL;
              status = ack ? "acknowledged" : "new";
            }

          if (!id_next (db, &referral_ids, &id, error))
            goto fail;
          dg_bulk_int (rows.referral, id);
          dg_bulk_text (rows.referral, reference);
          dg_bulk_text (rows.referral, received_s);
          dg_bulk_text (rows.referral, channel);
          dg_bulk_int (rows.referral, rep->id);
          dg_bulk_text (rows.referral, status);
          dg_bulk_text (rows.referral, PICK (rand, rags));
          dg_bulk_text (rows.referral, concern);
          dg_bulk_text (rows.referral, confirmed);
          dg_bulk_text (rows.referral, ack);
          dg_bulk_text (rows.referral, ack ? PICK (rand, ack_methods) : NULL);
          dg_bulk_text (rows.referral, outcome_sent);
          dg_bulk_text (rows.referral, created);
          dg_bulk_text (rows.referral, created);

          for (int c = 0; c < children; c++)
            {
              g_autofree char *name = g_strdup_printf ("%s %s", PICK (rand, first_names), surname);
              g_autofree char *key = dg_name_fold (name);
              g_autofree char *dob = g_strdup_printf ("%04d-%02d-%02d", year - g_rand_int_range (rand, 1, 16),
                                                      g_rand_int_range (rand, 1, 13), g_rand_int_range (rand, 1, 29));

              dg_bulk_int (rows.child, id);
              dg_bulk_int (rows.child, c);
              dg_bulk_text (rows.child, name);
              dg_bulk_text (rows.child, key);
              dg_bulk_text (rows.child, dob);
              dg_bulk_text (rows.child, school);
              dg_bulk_text (rows.child, g_rand_boolean (rand) ? "female" : "male");
              g_string_append_printf (names, "%s%s", names->len ? " " : "", name);
            }

          dg_bulk_int (rows.category, id);
          dg_bulk_text (rows.category, PICK (rand, categories));

          if (decided != NULL)
            {
              dg_bulk_int (rows.decision, id);
              dg_bulk_text (rows.decision, outcome);
              dg_bulk_text (rows.decision, rationales[outcome_index]);
              dg_bulk_text (rows.decision, "Demo Practitioner");
              dg_bulk_text (rows.decision, decided);

              if (g_str_equal (outcome, "strategy") &&
                  !add_meeting (db, rand, id, decided, rep, now, created, &meeting_ids, &rows, error))
                goto fail;
            }

          dg_bulk_int (rows.search, id);
          dg_bulk_text (rows.search, reference);
          {
            /* As dg-referrals.c indexes them (dg_fold () on SQLite). */
            g_autofree char *folded = dg_db_is_postgres (db) ? g_strdup (names->str) : dg_name_fold (names->str);

            dg_bulk_text (rows.search, folded);
          }
          dg_bulk_text (rows.search, rep->organisation ? rep->organisation : "");
          dg_bulk_text (rows.search, concern);

          dg_bulk_text (rows.audit, created);
          dg_bulk_text (rows.audit, "demo");
          dg_bulk_text (rows.audit, "referral");
          dg_bulk_int (rows.audit, id);
          dg_bulk_text (rows.audit, "create");
          dg_bulk_text (rows.audit, "{\"demo\":true}");
        }

      g_hash_table_unref (year_counts);
      g_hash_table_unref (year_base);
      g_clear_pointer (&referral_ids.ids, g_array_unref);
      g_clear_pointer (&meeting_ids.ids, g_array_unref);
      if (!rows_flush (&rows, error) ||
          !dg_clocks_flush (db, error))
        {
          dg_db_rollback (db);
          dg_clocks_undefer (db);
          return FALSE;
        }
      if (!dg_db_commit (db, error))
        {
          dg_clocks_undefer (db);
          return FALSE;
        }

      done += count;
      if (progress != NULL)
        progress (done, n, user_data);
      continue;

    fail:
      g_hash_table_unref (year_counts);
      g_hash_table_unref (year_base);
      g_clear_pointer (&referral_ids.ids, g_array_unref);
      g_clear_pointer (&meeting_ids.ids, g_array_unref);
      dg_db_rollback (db);
      dg_clocks_undefer (db);
      return FALSE;
    }

  dg_clocks_undefer (db);
  return TRUE;
}
