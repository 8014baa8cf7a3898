#include "config.h"

#include <glib/gi18n-lib.h>

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

static gboolean
step (DgDb         *db,
      DgStmt *stmt,
      GError      **error)
{
  return dg_db_step_done (db, stmt, error);
}

/* An INSERT ... RETURNING id: the new row's id comes back with the
 * statement (on PostgreSQL a second round trip for lastval () less). */
static gboolean
step_id (DgDb    *db,
         DgStmt  *stmt,
         gint64  *id,
         GError **error)
{
  gboolean has_row = FALSE;

  if (!dg_db_step (db, stmt, &has_row, error))
    return FALSE;
  *id = dg_stmt_column_int64 (stmt, 0);
  dg_stmt_reset (stmt);
  return TRUE;
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
             DgStmt  *s_meeting,
             DgStmt  *s_invitee,
             DgStmt  *s_outcome,
             DgStmt  *s_event,
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

  dg_stmt_reset (s_meeting);
  dg_stmt_bind_int64 (s_meeting, 1, referral_id);
  dg_stmt_bind_text (s_meeting, 2, g_rand_boolean (rand) ? "discussion" : "meeting");
  dg_stmt_bind_text (s_meeting, 3, held);
  dg_stmt_bind_text (s_meeting, 4, created);
  if (!step_id (db, s_meeting, &mid, error))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (agencies); i++)
    {
      if (g_rand_int_range (rand, 0, 100) >= agencies[i].invited_pct)
        continue;
      dg_stmt_reset (s_invitee);
      dg_stmt_bind_int64 (s_invitee, 1, mid);
      dg_stmt_bind_text (s_invitee, 2, agencies[i].agency);
      dg_stmt_bind_null (s_invitee, 3);
      dg_stmt_bind_text (s_invitee, 4, g_str_equal (agencies[i].agency, "report-maker") ? rep->organisation : NULL);
      dg_stmt_bind_text (s_invitee, 5, decided);
      dg_stmt_bind_text (s_invitee, 6, PICK (rand, responses));
      if (!step (db, s_invitee, error))
        return FALSE;
    }

  if (g_rand_int_range (rand, 0, 100) < 80)
    {
      const char *determination = PICK (rand, determinations);

      dg_stmt_reset (s_outcome);
      dg_stmt_bind_int64 (s_outcome, 1, mid);
      dg_stmt_bind_int64 (s_outcome, 2, !g_str_equal (determination, "none"));
      dg_stmt_bind_text (s_outcome, 3, determination);
      dg_stmt_bind_text (s_outcome, 4, held);
      if (!step (db, s_outcome, error))
        return FALSE;

      /* Most conferences follow within the 15 working days; some do not. */
      if (g_str_equal (determination, "substantiated-at-risk") && g_rand_int_range (rand, 0, 100) < 85)
        {
          g_autoptr(GDateTime) icpc = g_date_time_add_days (held_dt, g_rand_int_range (rand, 7, 26));
          g_autofree char *icpc_s = NULL;

          if (g_date_time_compare (icpc, now) < 0)
            {
              g_autoptr(GDateTime) core = g_date_time_add_days (icpc, g_rand_int_range (rand, 5, 16));

              icpc_s = dg_time_to_string (icpc);
              dg_stmt_reset (s_event);
              dg_stmt_bind_int64 (s_event, 1, referral_id);
              dg_stmt_bind_text (s_event, 2, "icpc");
              dg_stmt_bind_text (s_event, 3, icpc_s);
              dg_stmt_bind_text (s_event, 4, created);
              if (!step (db, s_event, error))
                return FALSE;

              /* The first core group follows the conference, mostly in time. */
              if (g_date_time_compare (core, now) < 0)
                {
                  g_autofree char *core_s = dg_time_to_string (core);

                  dg_stmt_reset (s_event);
                  dg_stmt_bind_int64 (s_event, 1, referral_id);
                  dg_stmt_bind_text (s_event, 2, "core-group");
                  dg_stmt_bind_text (s_event, 3, core_s);
                  dg_stmt_bind_text (s_event, 4, created);
                  if (!step (db, s_event, error))
                    return FALSE;
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
                          dg_stmt_reset (s_event);
                          dg_stmt_bind_int64 (s_event, 1, referral_id);
                          dg_stmt_bind_text (s_event, 2, kinds[k]);
                          dg_stmt_bind_text (s_event, 3, review_s);
                          dg_stmt_bind_text (s_event, 4, created);
                          if (!step (db, s_event, error))
                            return FALSE;
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
  DgStmt *s_reporter, *s_referral, *s_child, *s_category, *s_decision, *s_search, *s_audit, *s_counter;
  DgStmt *s_meeting, *s_invitee, *s_outcome, *s_event;

#define PREP(var, sql) do { var = dg_db_prepare (db, sql, error); if (var == NULL) return FALSE; } while (0)
  PREP (s_reporter, "INSERT INTO reporter (name, role, organisation, agency, email, phone, language, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) RETURNING id");
  PREP (s_referral, "INSERT INTO referral (reference, received_at, channel, reporter_id, status, rag, concern, confirmed_at, acknowledged_at, acknowledged_method, outcome_sent_at, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12) RETURNING id");
  PREP (s_child, "INSERT INTO child (referral_id, position, name, name_key, dob, school, gender) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
  PREP (s_category, "INSERT INTO referral_category (referral_id, category) VALUES (?1, ?2) ON CONFLICT DO NOTHING");
  PREP (s_decision, "INSERT INTO decision (referral_id, outcome, rationale, decided_by, decided_at) VALUES (?1, ?2, ?3, ?4, ?5)");
  PREP (s_search, "INSERT INTO referral_search (rowid, reference, names, organisation, concern) VALUES (?1, ?2, ?3, ?4, ?5)");
  PREP (s_audit, "INSERT INTO audit (at, actor, entity, entity_id, action, detail) VALUES (?1, 'demo', 'referral', ?2, 'create', '{\"demo\":true}')");
  PREP (s_counter, "INSERT INTO reference_counter (year, last) VALUES (?1, ?2) ON CONFLICT (year) DO UPDATE SET last = reference_counter.last + ?2 RETURNING last - ?2");
  PREP (s_meeting, "INSERT INTO meeting (referral_id, kind, held_at, chair, created_at) VALUES (?1, ?2, ?3, 'Demo Team Manager', ?4) RETURNING id");
  PREP (s_invitee, "INSERT INTO invitee (meeting_id, agency, name, organisation, invited_at, status) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
  PREP (s_outcome, "INSERT INTO meeting_outcome (meeting_id, s47, determination, summary, decided_at, decided_by) VALUES (?1, ?2, ?3, 'Demo outcome', ?4, 'Demo Team Manager')");
  PREP (s_event, "INSERT INTO cp_event (referral_id, kind, held_at, recorded_by, recorded_at) VALUES (?1, ?2, ?3, 'demo', ?4)");
#undef PREP

  /* Each referral's clocks worked out once per batch, not once per insert. */
  dg_clocks_defer (db);
  while (done < n)
    {
      guint count = MIN (batch, n - done);
      g_autoptr(GPtrArray) times = g_ptr_array_new_with_free_func ((GDestroyNotify) g_date_time_unref);
      GHashTable *year_counts = g_hash_table_new (g_direct_hash, g_direct_equal);
      GHashTable *year_base = g_hash_table_new (g_direct_hash, g_direct_equal);

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
            if (!step_id (db, s_reporter, &r.id, error))
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

          dg_stmt_reset (s_referral);
          dg_stmt_bind_text (s_referral, 1, reference);
          dg_stmt_bind_text (s_referral, 2, received_s);
          dg_stmt_bind_text (s_referral, 3, channel);
          dg_stmt_bind_int64 (s_referral, 4, rep->id);
          dg_stmt_bind_text (s_referral, 5, status);
          dg_stmt_bind_text (s_referral, 6, PICK (rand, rags));
          dg_stmt_bind_text (s_referral, 7, concern);
          dg_stmt_bind_text (s_referral, 8, confirmed);
          dg_stmt_bind_text (s_referral, 9, ack);
          dg_stmt_bind_text (s_referral, 10, ack ? PICK (rand, ack_methods) : NULL);
          dg_stmt_bind_text (s_referral, 11, outcome_sent);
          dg_stmt_bind_text (s_referral, 12, created);
          if (!step_id (db, s_referral, &id, error))
            goto fail;

          for (int c = 0; c < children; c++)
            {
              g_autofree char *name = g_strdup_printf ("%s %s", PICK (rand, first_names), surname);
              g_autofree char *key = dg_name_fold (name);
              g_autofree char *dob = g_strdup_printf ("%04d-%02d-%02d", year - g_rand_int_range (rand, 1, 16),
                                                      g_rand_int_range (rand, 1, 13), g_rand_int_range (rand, 1, 29));

              dg_stmt_reset (s_child);
              dg_stmt_bind_int64 (s_child, 1, id);
              dg_stmt_bind_int64 (s_child, 2, c);
              dg_stmt_bind_text (s_child, 3, name);
              dg_stmt_bind_text (s_child, 4, key);
              dg_stmt_bind_text (s_child, 5, dob);
              dg_stmt_bind_text (s_child, 6, school);
              dg_stmt_bind_text (s_child, 7, g_rand_boolean (rand) ? "female" : "male");
              if (!step (db, s_child, error))
                goto fail;
              g_string_append_printf (names, "%s%s", names->len ? " " : "", name);
            }

          dg_stmt_reset (s_category);
          dg_stmt_bind_int64 (s_category, 1, id);
          dg_stmt_bind_text (s_category, 2, PICK (rand, categories));
          if (!step (db, s_category, error))
            goto fail;

          if (decided != NULL)
            {
              dg_stmt_reset (s_decision);
              dg_stmt_bind_int64 (s_decision, 1, id);
              dg_stmt_bind_text (s_decision, 2, outcome);
              dg_stmt_bind_text (s_decision, 3, rationales[outcome_index]);
              dg_stmt_bind_text (s_decision, 4, "Demo Practitioner");
              dg_stmt_bind_text (s_decision, 5, decided);
              if (!step (db, s_decision, error))
                goto fail;

              if (g_str_equal (outcome, "strategy") &&
              !add_meeting (db, rand, id, decided, rep, now, created,
                                s_meeting, s_invitee, s_outcome, s_event, error))
                goto fail;
            }

          {
            g_autofree char *org = g_strdup_printf ("%s", rep->organisation ? rep->organisation : "");
            dg_stmt_reset (s_search);
            dg_stmt_bind_int64 (s_search, 1, id);
            dg_stmt_bind_text (s_search, 2, reference);
            dg_stmt_bind_text (s_search, 3, names->str);
            dg_stmt_bind_text (s_search, 4, org);
            dg_stmt_bind_text (s_search, 5, concern);
            if (!step (db, s_search, error))
              goto fail;
          }

          dg_stmt_reset (s_audit);
          dg_stmt_bind_text (s_audit, 1, created);
          dg_stmt_bind_int64 (s_audit, 2, id);
          if (!step (db, s_audit, error))
            goto fail;
        }

      g_hash_table_unref (year_counts);
      g_hash_table_unref (year_base);
      if (!dg_clocks_flush (db, error))
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
      dg_db_rollback (db);
      dg_clocks_undefer (db);
      return FALSE;
    }

  dg_clocks_undefer (db);
  return TRUE;
}
