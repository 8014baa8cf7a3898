#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "dg-error.h"
#include "dg-meetings.h"
#include "dg-referrals.h"
#include "dg-register.h"
#include "dg-time.h"
#include "dg-workdays.h"

/* The child protection register and Welsh Government's measures on it
 * (PM24, PM27, PM28): the rules are in dg-register.h. */

/* PM24's statutory timescale: not the editable s47 clock's rule, since the
 * published measure is fixed in law. */
#define DG_ASSESSMENT_WORKING_DAYS 42
/* A registration this soon after the previous one ended is a re-registration. */
#define DG_REREGISTRATION_MONTHS 12

#define DATE_LEN 11 /* YYYY-MM-DD and its NUL */

const char * const dg_register_measure_ids[] = { "pm24", "pm27", "pm28", NULL };

typedef struct
{
  gint64  id;
  gint64  referral;
  char   *name_key;
  char   *dob;
  char   *name;
  guint   parent;          /* union-find over the loaded children */
} Child;

/* One referral's stretch on the register: from an ICPC to its plan end. */
typedef struct
{
  char from[DATE_LEN];
  char to[DATE_LEN];       /* "": the plan has not ended */
} Span;

typedef struct
{
  guint    person;         /* the root child index of the person */
  gint64   child;
  gint64   referral;
  char     from[DATE_LEN];
  char     to[DATE_LEN];
  char     previous_end[DATE_LEN];
  gboolean re_registration;
} Period;

typedef struct
{
  GArray     *children;    /* Child */
  GHashTable *child_index; /* child id → index + 1 */
  GHashTable *spans;       /* referral id → GArray of Span */
  GHashTable *links;       /* referral id → referral id nearer the root of its linked set */
  GHashTable *linked;      /* referral ids with a link */
  GArray     *periods;     /* Period, by person then date */
} Register;

static void
child_clear (Child *c)
{
  g_free (c->name_key);
  g_free (c->dob);
  g_free (c->name);
}

static Register *
register_new (void)
{
  Register *self = g_new0 (Register, 1);

  self->children = g_array_new (FALSE, TRUE, sizeof (Child));
  g_array_set_clear_func (self->children, (GDestroyNotify) child_clear);
  self->child_index = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->spans = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, (GDestroyNotify) g_array_unref);
  self->links = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  self->linked = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->periods = g_array_new (FALSE, TRUE, sizeof (Period));
  return self;
}

static void
register_free (Register *self)
{
  g_array_unref (self->children);
  g_hash_table_unref (self->child_index);
  g_hash_table_unref (self->spans);
  g_hash_table_unref (self->links);
  g_hash_table_unref (self->linked);
  g_array_unref (self->periods);
  g_free (self);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Register, register_free)

static gint64 *
int64_dup (gint64 value)
{
  return g_memdup2 (&value, sizeof value);
}

/* ---- Who is the same child ----------------------------------------------- */

static gint64
referral_root (Register *self,
               gint64    referral)
{
  gint64 *up;

  while ((up = g_hash_table_lookup (self->links, &referral)) != NULL && *up != referral)
    referral = *up;
  return referral;
}

static void
link_referrals (Register *self,
                gint64    a,
                gint64    b)
{
  gint64 ra = referral_root (self, a), rb = referral_root (self, b);

  g_hash_table_add (self->linked, int64_dup (a));
  g_hash_table_add (self->linked, int64_dup (b));
  if (ra != rb)
    g_hash_table_insert (self->links, int64_dup (MAX (ra, rb)), int64_dup (MIN (ra, rb)));
}

static guint
child_root (Register *self,
            guint     i)
{
  while (g_array_index (self->children, Child, i).parent != i)
    {
      Child *c = &g_array_index (self->children, Child, i);

      /* Halving the path keeps later finds short. */
      c->parent = g_array_index (self->children, Child, c->parent).parent;
      i = c->parent;
    }
  return i;
}

static void
join_children (Register *self,
               guint     a,
               guint     b)
{
  guint ra = child_root (self, a), rb = child_root (self, b);

  if (ra != rb)
    g_array_index (self->children, Child, MAX (ra, rb)).parent = MIN (ra, rb);
}

/* Joins the children the rules say are one: the same folded name and date
 * of birth, or the same folded name on linked referrals. */
static void
join_same_children (Register *self)
{
  g_autoptr(GHashTable) first = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < self->children->len; i++)
    {
      Child *c = &g_array_index (self->children, Child, i);
      /* Only a link joins: two children of one name on one referral are two. */
      g_autofree char *by_link = !g_hash_table_contains (self->linked, &c->referral) ? NULL :
        g_strdup_printf ("%s\x1flink:%" G_GINT64_FORMAT, c->name_key, referral_root (self, c->referral));
      g_autofree char *by_dob = c->dob != NULL ? g_strdup_printf ("%s\x1f" "dob:%s", c->name_key, c->dob) : NULL;
      const char *keys[] = { by_link, by_dob };

      for (guint k = 0; k < G_N_ELEMENTS (keys); k++)
        {
          gpointer seen;

          if (keys[k] == NULL)
            continue;
          if (g_hash_table_lookup_extended (first, keys[k], NULL, &seen))
            join_children (self, GPOINTER_TO_UINT (seen), i);
          else
            g_hash_table_insert (first, g_strdup (keys[k]), GUINT_TO_POINTER (i));
        }
    }
}

/* ---- Loading -------------------------------------------------------------- */

static void
add_child (Register   *self,
           gint64      id,
           gint64      referral,
           const char *name_key,
           const char *dob,
           const char *name)
{
  Child c = { id, referral, g_strdup (name_key), g_strdup (dob), g_strdup (name), self->children->len };

  if (id != 0 && g_hash_table_contains (self->child_index, &id))
    {
      child_clear (&c);
      return;
    }
  if (id != 0)
    g_hash_table_insert (self->child_index, int64_dup (id), GUINT_TO_POINTER (self->children->len + 1));
  g_array_append_val (self->children, c);
}

static gboolean
load_children (Register  *self,
               DgDb      *db,
               DgStmt    *stmt,
               GError   **error)
{
  gboolean has_row = FALSE;

  if (stmt == NULL)
    return FALSE;
  while (dg_db_step (db, stmt, &has_row, error) && has_row)
    add_child (self, dg_stmt_column_int64 (stmt, 0), dg_stmt_column_int64 (stmt, 1),
               dg_stmt_column_text (stmt, 2), dg_stmt_column_text (stmt, 3), dg_stmt_column_text (stmt, 4));
  dg_stmt_reset (stmt);
  return error == NULL || *error == NULL;
}

/* Each referral's stretches on the register from its events, read in date
 * order: an ICPC opens one unless one is open, a plan end closes it. */
static gboolean
load_spans (Register  *self,
            DgDb      *db,
            DgStmt    *stmt,
            GError   **error)
{
  gboolean has_row = FALSE;

  if (stmt == NULL)
    return FALSE;
  while (dg_db_step (db, stmt, &has_row, error) && has_row)
    {
      gint64 referral = dg_stmt_column_int64 (stmt, 0);
      const char *kind = dg_stmt_column_text (stmt, 1);
      const char *day = dg_stmt_column_text (stmt, 2);
      GArray *spans = g_hash_table_lookup (self->spans, &referral);
      Span *last;

      if (spans == NULL)
        {
          spans = g_array_new (FALSE, TRUE, sizeof (Span));
          g_hash_table_insert (self->spans, int64_dup (referral), spans);
        }
      last = spans->len > 0 ? &g_array_index (spans, Span, spans->len - 1) : NULL;
      if (g_str_equal (kind, "icpc") && (last == NULL || last->to[0] != '\0'))
        {
          Span s = { { 0 } };

          g_strlcpy (s.from, day, sizeof s.from);
          g_array_append_val (spans, s);
        }
      else if (g_str_equal (kind, "plan-end") && last != NULL && last->to[0] == '\0')
        g_strlcpy (last->to, day, sizeof last->to);
    }
  dg_stmt_reset (stmt);
  return error == NULL || *error == NULL;
}

static gboolean
load_links (Register  *self,
            DgDb      *db,
            GError   **error)
{
  DgStmt *stmt = dg_db_prepare (db, "SELECT referral_id, earlier_id FROM referral_link", error);
  gboolean has_row = FALSE;

  if (stmt == NULL)
    return FALSE;
  while (dg_db_step (db, stmt, &has_row, error) && has_row)
    link_referrals (self, dg_stmt_column_int64 (stmt, 0), dg_stmt_column_int64 (stmt, 1));
  dg_stmt_reset (stmt);
  return error == NULL || *error == NULL;
}

#define CHILD_COLUMNS "SELECT c.id, c.referral_id, c.name_key, c.dob, c.name FROM child c "
#define EVENT_COLUMNS "SELECT referral_id, kind, substr (held_at, 1, 10) FROM cp_event "
#define EVENT_ORDER   " ORDER BY referral_id, held_at, id"

/* Every child ever registered, and their referrals' stretches. */
static gboolean
load_all (Register  *self,
          DgDb      *db,
          GError   **error)
{
  return load_children (self, db,
                        dg_db_prepare (db, CHILD_COLUMNS
                                       "WHERE c.referral_id IN (SELECT referral_id FROM cp_event WHERE kind = 'icpc') "
                                       "ORDER BY c.id", error), error) &&
         load_spans (self, db,
                     dg_db_prepare (db, EVENT_COLUMNS "WHERE kind IN ('icpc', 'plan-end')" EVENT_ORDER, error), error);
}

/* Only the children who can be one with a child named by @name_key (the
 * rules join none with another name), with @referral's whether registered
 * or not. */
static gboolean
load_name (Register    *self,
           DgDb        *db,
           const char  *name_key,
           gint64       referral,
           GError     **error)
{
  return load_children (self, db,
                        dg_db_query (db, CHILD_COLUMNS
                                     "WHERE c.name_key = ?1 AND (c.referral_id = ?2 OR c.referral_id IN "
                                     "(SELECT referral_id FROM cp_event WHERE kind = 'icpc')) ORDER BY c.id",
                                     error, DG_TEXT (name_key), DG_INT (referral)), error) &&
         load_spans (self, db,
                     dg_db_query (db, EVENT_COLUMNS
                                  "WHERE kind IN ('icpc', 'plan-end') AND referral_id IN "
                                  "(SELECT referral_id FROM child WHERE name_key = ?1)" EVENT_ORDER,
                                  error, DG_TEXT (name_key)), error);
}

/* ---- Periods -------------------------------------------------------------- */

typedef struct
{
  guint        child;   /* index */
  const Span  *span;
} Stretch;

static int
compare_stretches (gconstpointer a,
                   gconstpointer b)
{
  const Stretch *x = a, *y = b;
  int by_date = strcmp (x->span->from, y->span->from);

  return by_date != 0 ? by_date : (x->child > y->child) - (x->child < y->child);
}

static gboolean
within_months (const char *ended,
               const char *started,
               int         months)
{
  GDate end, start;

  if (!dg_date_parse (ended, NULL, &end, NULL) || !dg_date_parse (started, NULL, &start, NULL))
    return FALSE;
  g_date_add_months (&end, months);
  return g_date_compare (&start, &end) <= 0;
}

/* One person's stretches, in date order, into periods: overlapping ones
 * are one time on the register. */
static void
add_periods (Register *self,
             guint     person,
             GArray   *stretches)
{
  Period *open = NULL;
  char previous_end[DATE_LEN] = "";

  g_array_sort (stretches, compare_stretches);
  for (guint i = 0; i < stretches->len; i++)
    {
      const Stretch *s = &g_array_index (stretches, Stretch, i);
      const Child *c = &g_array_index (self->children, Child, s->child);

      if (open != NULL && (open->to[0] == '\0' || strcmp (s->span->from, open->to) < 0))
        {
          if (s->span->to[0] == '\0' || (open->to[0] != '\0' && strcmp (s->span->to, open->to) > 0))
            g_strlcpy (open->to, s->span->to, sizeof open->to);
          continue;
        }
      if (open != NULL)
        g_strlcpy (previous_end, open->to, sizeof previous_end);
      {
        Period p = { person, c->id, c->referral, { 0 }, { 0 }, { 0 }, FALSE };

        g_strlcpy (p.from, s->span->from, sizeof p.from);
        g_strlcpy (p.to, s->span->to, sizeof p.to);
        g_strlcpy (p.previous_end, previous_end, sizeof p.previous_end);
        p.re_registration = previous_end[0] != '\0' &&
                            within_months (previous_end, p.from, DG_REREGISTRATION_MONTHS);
        g_array_append_val (self->periods, p);
        open = &g_array_index (self->periods, Period, self->periods->len - 1);
      }
    }
}

/* Joins the loaded children into people and lays out each one's periods. */
static void
build_periods (Register *self)
{
  g_autoptr(GHashTable) by_person = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_array_unref);
  g_autoptr(GList) people = NULL;

  join_same_children (self);
  for (guint i = 0; i < self->children->len; i++)
    {
      const Child *c = &g_array_index (self->children, Child, i);
      GArray *spans = g_hash_table_lookup (self->spans, &c->referral);
      guint person = child_root (self, i);
      GArray *stretches;

      if (spans == NULL)
        continue;
      stretches = g_hash_table_lookup (by_person, GUINT_TO_POINTER (person + 1));
      if (stretches == NULL)
        {
          stretches = g_array_new (FALSE, FALSE, sizeof (Stretch));
          g_hash_table_insert (by_person, GUINT_TO_POINTER (person + 1), stretches);
        }
      for (guint j = 0; j < spans->len; j++)
        {
          Stretch s = { i, &g_array_index (spans, Span, j) };
          g_array_append_val (stretches, s);
        }
    }
  /* People in the order of their first loaded child, so output is stable. */
  for (guint i = 0; i < self->children->len; i++)
    {
      GArray *stretches = g_hash_table_lookup (by_person, GUINT_TO_POINTER (i + 1));

      if (stretches != NULL)
        add_periods (self, i, stretches);
    }
}

static void
add_text_or_null (JsonBuilder *b,
                  const char  *member,
                  const char  *value)
{
  json_builder_set_member_name (b, member);
  if (value != NULL && value[0] != '\0')
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

static gint64
period_days (const Period *p)
{
  GDate from, to;

  if (p->to[0] == '\0' || !dg_date_parse (p->from, NULL, &from, NULL) || !dg_date_parse (p->to, NULL, &to, NULL))
    return -1;
  return g_date_days_between (&from, &to);
}

/* The members of a period, into the object being built. */
static void
period_members (JsonBuilder  *b,
                const Period *p)
{
  gint64 days = period_days (p);

  json_builder_set_member_name (b, "child");
  json_builder_add_int_value (b, p->child);
  json_builder_set_member_name (b, "referral");
  json_builder_add_int_value (b, p->referral);
  add_text_or_null (b, "from", p->from);
  add_text_or_null (b, "to", p->to);
  json_builder_set_member_name (b, "days");
  if (days >= 0)
    json_builder_add_int_value (b, days);
  else
    json_builder_add_null_value (b);
  add_text_or_null (b, "previous_end", p->previous_end);
  json_builder_set_member_name (b, "re_registration");
  json_builder_add_boolean_value (b, p->re_registration);
}

/* ---- One child's history -------------------------------------------------- */

JsonArray *
dg_register_history (DgDb        *db,
                     const char  *name,
                     const char  *dob,
                     GError     **error)
{
  g_autoptr(Register) reg = register_new ();
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *key = NULL;
  g_auto(DgDbSnapshot) snapshot = { 0 };
  g_autoptr(JsonNode) root = NULL;
  GDate date;
  guint self_index;

  g_return_val_if_fail (DG_IS_DB (db), NULL);

  json_builder_begin_array (b);
  /* Without a name and a date of birth the rules can join the child to no
   * one: an empty history, not an error, as the form is still being typed. */
  if (name != NULL && dob != NULL && dg_date_parse (dob, NULL, &date, NULL))
    {
      key = dg_name_fold (name);
      if (!dg_db_snapshot (db, &snapshot, error) ||
          !load_links (reg, db, error) ||
          !load_name (reg, db, key, 0, error))
        return NULL;
      self_index = reg->children->len;
      add_child (reg, 0, 0, key, dob, name);
      build_periods (reg);
      for (guint i = 0; i < reg->periods->len; i++)
        {
          const Period *p = &g_array_index (reg->periods, Period, i);

          if (p->person != child_root (reg, self_index))
            continue;
          json_builder_begin_object (b);
          period_members (b, p);
          json_builder_end_object (b);
        }
    }
  json_builder_end_array (b);
  root = json_builder_get_root (b);
  return json_array_ref (json_node_get_array (root));
}

/* ---- A referral's children ------------------------------------------------ */

gboolean
dg_register_add_json (DgDb        *db,
                      JsonBuilder *b,
                      gint64       referral_id,
                      GError     **error)
{
  g_autoptr(Register) reg = register_new ();
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *received = NULL;
  DgStmt *stmt;
  gboolean has_row = FALSE;

  stmt = dg_db_query (db, "SELECT DISTINCT c.name_key, substr (r.received_at, 1, 10) FROM referral r "
                      "JOIN child c ON c.referral_id = r.id WHERE r.id = ?1 ORDER BY 1",
                      error, DG_INT (referral_id));
  if (stmt == NULL)
    return FALSE;
  while (dg_db_step (db, stmt, &has_row, error) && has_row)
    {
      g_ptr_array_add (keys, g_strdup (dg_stmt_column_text (stmt, 0)));
      g_free (received);
      received = g_strdup (dg_stmt_column_text (stmt, 1));
    }
  dg_stmt_reset (stmt);
  if ((error != NULL && *error != NULL) ||
      (keys->len > 0 && !load_links (reg, db, error)))
    return FALSE;
  for (guint i = 0; i < keys->len; i++)
    if (!load_name (reg, db, g_ptr_array_index (keys, i), referral_id, error))
      return FALSE;
  build_periods (reg);

  json_builder_set_member_name (b, "register");
  json_builder_begin_array (b);
  for (guint i = 0; i < reg->children->len; i++)
    {
      const Child *c = &g_array_index (reg->children, Child, i);
      guint person = child_root (reg, i);
      gboolean earlier_any = FALSE, any = FALSE;

      if (c->referral != referral_id)
        continue;
      for (guint j = 0; j < reg->periods->len; j++)
        {
          const Period *p = &g_array_index (reg->periods, Period, j);

          if (p->person != person)
            continue;
          if (!any)
            {
              json_builder_begin_object (b);
              json_builder_set_member_name (b, "child");
              json_builder_add_int_value (b, c->id);
              add_text_or_null (b, "name", c->name);
              json_builder_set_member_name (b, "periods");
              json_builder_begin_array (b);
              any = TRUE;
            }
          json_builder_begin_object (b);
          period_members (b, p);
          json_builder_set_member_name (b, "earlier");
          json_builder_add_boolean_value (b, strcmp (p->from, received) < 0);
          json_builder_end_object (b);
          earlier_any |= strcmp (p->from, received) < 0;
        }
      if (any)
        {
          json_builder_end_array (b);
          json_builder_set_member_name (b, "previously_registered");
          json_builder_add_boolean_value (b, earlier_any);
          json_builder_end_object (b);
        }
    }
  json_builder_end_array (b);
  return TRUE;
}

JsonArray *
dg_register_of_referral (DgDb        *db,
                         gint64       referral_id,
                         GError     **error)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_auto(DgDbSnapshot) snapshot = { 0 };
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (DG_IS_DB (db), NULL);

  json_builder_begin_object (b);
  if (!dg_db_snapshot (db, &snapshot, error) ||
      !dg_register_add_json (db, b, referral_id, error))
    return NULL;
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  return json_array_ref (json_object_get_array_member (json_node_get_object (root), "register"));
}

/* ---- The measures --------------------------------------------------------- */

typedef struct
{
  const char   *measure;
  JsonBuilder  *rows;       /* NULL: not asked for */
  gint64        numerator;
  gint64        denominator;
} Measure;

/* Counts one unit of the denominator, and @weight of the numerator when
 * @counted; with rows asked for, opens its row for the caller to finish. */
static void
measure_begin_row (Measure *m,
                   gint64   child,
                   gint64   referral,
                   gboolean counted,
                   gint64   weight)
{
  m->denominator++;
  if (counted)
    m->numerator += weight;
  if (m->rows == NULL)
    return;
  json_builder_begin_object (m->rows);
  json_builder_set_member_name (m->rows, "child");
  json_builder_add_int_value (m->rows, child);
  json_builder_set_member_name (m->rows, "referral");
  json_builder_add_int_value (m->rows, referral);
  json_builder_set_member_name (m->rows, "numerator");
  json_builder_add_boolean_value (m->rows, counted);
}

/* PM24: per child, each referral's first assessment completion in the period. */
static gboolean
assessments (DgDb       *db,
             const char *from,
             const char *to,
             Measure    *m,
             GError    **error)
{
  g_autoptr(DgCalendar) calendar = dg_calendar_load (db, error);
  g_autofree char *after = NULL;
  DgStmt *stmt;
  gboolean has_row = FALSE;
  GDate end;

  if (calendar == NULL || !dg_date_parse (to, "to", &end, error))
    return FALSE;
  g_date_add_days (&end, 1);
  after = dg_date_to_string (&end);
  stmt = dg_db_query (db,
                      "SELECT c.id, r.id, substr (r.received_at, 1, 10), substr (e.held_at, 1, 10) "
                      "FROM cp_event e JOIN referral r ON r.id = e.referral_id JOIN child c ON c.referral_id = r.id "
                      "WHERE e.kind = 's47-complete' AND e.held_at >= ?1 AND e.held_at < ?2 "
                      "  AND NOT EXISTS (SELECT 1 FROM cp_event x WHERE x.referral_id = e.referral_id "
                      "                  AND x.kind = 's47-complete' AND (x.held_at < e.held_at "
                      "                  OR (x.held_at = e.held_at AND x.id < e.id))) "
                      "ORDER BY r.id, c.position, c.id",
                      error, DG_TEXT (from), DG_TEXT (after));
  if (stmt == NULL)
    return FALSE;
  while (dg_db_step (db, stmt, &has_row, error) && has_row)
    {
      const char *received = dg_stmt_column_text (stmt, 2), *completed = dg_stmt_column_text (stmt, 3);
      g_autofree char *due_text = NULL;
      GDate start, due, done;

      if (!dg_date_parse (received, "received_at", &start, error) ||
          !dg_date_parse (completed, "held_at", &done, error))
        break;
      dg_calendar_add_working_days (calendar, &start, DG_ASSESSMENT_WORKING_DAYS, &due);
      due_text = dg_date_to_string (&due);
      measure_begin_row (m, dg_stmt_column_int64 (stmt, 0), dg_stmt_column_int64 (stmt, 1),
                         g_date_compare (&done, &due) <= 0, 1);
      if (m->rows != NULL)
        {
          add_text_or_null (m->rows, "received", received);
          add_text_or_null (m->rows, "completed", completed);
          add_text_or_null (m->rows, "due", due_text);
          json_builder_end_object (m->rows);
        }
    }
  dg_stmt_reset (stmt);
  return error == NULL || *error == NULL;
}

/* PM27 and PM28 from the periods: registrations starting in the period,
 * and periods ending in it. */
static void
registrations (Register   *reg,
               const char *from,
               const char *to,
               Measure    *pm27,
               Measure    *pm28)
{
  for (guint i = 0; i < reg->periods->len; i++)
    {
      const Period *p = &g_array_index (reg->periods, Period, i);

      if (strcmp (p->from, from) >= 0 && strcmp (p->from, to) <= 0)
        {
          measure_begin_row (pm27, p->child, p->referral, p->re_registration, 1);
          if (pm27->rows != NULL)
            {
              period_members (pm27->rows, p);
              json_builder_end_object (pm27->rows);
            }
        }
      if (p->to[0] != '\0' && strcmp (p->to, from) >= 0 && strcmp (p->to, to) <= 0)
        {
          /* The numerator is days, not children. */
          measure_begin_row (pm28, p->child, p->referral, TRUE, period_days (p));
          if (pm28->rows != NULL)
            {
              period_members (pm28->rows, p);
              json_builder_end_object (pm28->rows);
            }
        }
    }
}

static const char *
measure_label (const char *measure)
{
  if (g_str_equal (measure, "pm24"))
    return _("The percentage of assessments completed for children within statutory timescales");
  if (g_str_equal (measure, "pm27"))
    return _("The percentage of re-registrations of children on local authority Child Protection Registers");
  return _("The average length of time for all children who were on Child Protection Registers during the year (days)");
}

static const char *
measure_basis (const char *measure)
{
  if (g_str_equal (measure, "pm24"))
    return _("Per child: assessments completed in the period (the first on each referral) within "
             "42 working days from the point of referral, of all completed in the period.");
  if (g_str_equal (measure, "pm27"))
    return _("Per child: registrations in the period within 12 months of the child’s previous "
             "de-registration, of all registrations in the period.");
  return _("Per child who left the register in the period: the days they were on it, in total, "
           "divided by the number of children.");
}

static void
add_measure (JsonBuilder *b,
             Measure     *m)
{
  double share = m->denominator > 0 ? (double) m->numerator / m->denominator : 0;
  gboolean average = g_str_equal (m->measure, "pm28");

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "measure");
  json_builder_add_string_value (b, m->measure);
  json_builder_set_member_name (b, "label");
  json_builder_add_string_value (b, measure_label (m->measure));
  json_builder_set_member_name (b, "basis");
  json_builder_add_string_value (b, measure_basis (m->measure));
  json_builder_set_member_name (b, "numerator");
  json_builder_add_int_value (b, m->numerator);
  json_builder_set_member_name (b, "denominator");
  json_builder_add_int_value (b, m->denominator);
  json_builder_set_member_name (b, "share");
  json_builder_add_double_value (b, share);
  json_builder_set_member_name (b, "word");
  json_builder_add_string_value (b, average ? "average" : m->denominator > 0 ? dg_quantity_word (share) : "none");
  if (m->rows != NULL)
    {
      g_autoptr(JsonNode) rows = NULL;

      json_builder_end_array (m->rows);
      rows = json_builder_get_root (m->rows);
      json_builder_set_member_name (b, "rows");
      json_builder_add_value (b, g_steal_pointer (&rows));
    }
  json_builder_end_object (b);
}

JsonNode *
dg_register_report (DgDb        *db,
                    const char  *from,
                    const char  *to,
                    gboolean     rows,
                    GError     **error)
{
  g_autoptr(Register) reg = register_new ();
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_auto(DgDbSnapshot) snapshot = { 0 };
  Measure measures[] = { { "pm24", NULL, 0, 0 }, { "pm27", NULL, 0, 0 }, { "pm28", NULL, 0, 0 } };
  GDate check;

  g_return_val_if_fail (DG_IS_DB (db), NULL);

  if (from == NULL || !dg_date_parse (from, "from", &check, error))
    {
      if (from == NULL)
        dg_error_set_field (error, DG_ERROR_INVALID, "from", NULL, _("The first day of the period is needed"));
      return NULL;
    }
  if (to == NULL || !dg_date_parse (to, "to", &check, error))
    {
      if (to == NULL)
        dg_error_set_field (error, DG_ERROR_INVALID, "to", NULL, _("The last day of the period is needed"));
      return NULL;
    }
  if (strcmp (from, to) > 0)
    {
      dg_error_set_field (error, DG_ERROR_INVALID, "to", to, _("The period ends before it starts"));
      return NULL;
    }

  for (guint i = 0; rows && i < G_N_ELEMENTS (measures); i++)
    {
      measures[i].rows = json_builder_new ();
      json_builder_begin_array (measures[i].rows);
    }
  if (!dg_db_snapshot (db, &snapshot, error) ||
      !load_links (reg, db, error) ||
      !load_all (reg, db, error) ||
      !assessments (db, from, to, &measures[0], error))
    {
      for (guint i = 0; i < G_N_ELEMENTS (measures); i++)
        g_clear_object (&measures[i].rows);
      return NULL;
    }
  build_periods (reg);
  registrations (reg, from, to, &measures[1], &measures[2]);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "from");
  json_builder_add_string_value (b, from);
  json_builder_set_member_name (b, "to");
  json_builder_add_string_value (b, to);
  json_builder_set_member_name (b, "measures");
  json_builder_begin_array (b);
  for (guint i = 0; i < G_N_ELEMENTS (measures); i++)
    {
      add_measure (b, &measures[i]);
      g_clear_object (&measures[i].rows);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}
