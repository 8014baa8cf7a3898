#include "config.h"

#include <glib/gi18n-lib.h>

#include "dg-figures-private.h"
#include "dg-meeting-figures.h"
#include "dg-meetings.h"
#include "dg-text.h"
#include "dg-time.h"
#include "dg-vocab.h"

/* The meetings' figures: which agencies were expected, invited and came,
 * what they brought, and the minutes' clocks; with what is behind each. */

/* What each agency at each meeting held in [?1, ?2] counts for (schema 24:
 * meeting_pair, kept by the meetings' triggers); read through meeting so
 * that a role sees the meetings it may see. */
#define PAIRS_SQL \
  "SELECT p.meeting_id, p.referral_id, p.agency, p.expected, p.invited, p.attended, p.excused, p.missing, " \
  "  p.invitees, p.reports, p.attending, p.deciders " \
  "FROM meeting_pair p JOIN meeting m ON m.id = p.meeting_id " \
  "WHERE p.held_at BETWEEN ?1 AND ?2 ORDER BY p.meeting_id, p.agency"

/* The same counts, one row per agency, from the running totals by day. */
#define TOTALS_SQL \
  "SELECT agency, sum (expected), sum (invited), sum (attended), sum (excused), sum (missing), " \
  "  sum (invitees), sum (reports), sum (attending), sum (deciders) " \
  "FROM report_agency_day WHERE day BETWEEN ?1 AND ?2 GROUP BY agency"

typedef struct
{
  gint64 expected, invited, attended, excused, missing, invitees, reports, attending, deciders;
} Counts;

typedef struct
{
  gint64      meeting, referral;
  const char *agency;
  Counts      n;   /* each 0 or 1 */
} Pair;

/* Whether @pair counts in @figure's @state (see dg_meeting_figures_list). */
static gboolean
pair_in (const Pair *p,
         const char *figure,
         const char *state)
{
  const Counts *n = &p->n;

  if (g_str_equal (figure, "expected"))
    return n->expected && (g_str_equal (state, "all") ||
                           (g_str_equal (state, "invited") && n->invited) ||
                           (g_str_equal (state, "attended") && n->attended) ||
                           (g_str_equal (state, "excused") && n->excused) ||
                           (g_str_equal (state, "missing") && n->missing));
  if (g_str_equal (figure, "report"))
    return n->invitees && (g_str_equal (state, "all") ||
                           (g_str_equal (state, "received") && n->reports) ||
                           (g_str_equal (state, "none") && !n->reports));
  if (g_str_equal (figure, "decision-maker"))
    return n->attending && (g_str_equal (state, "all") ||
                            (g_str_equal (state, "yes") && n->deciders) ||
                            (g_str_equal (state, "no") && !n->deciders));
  return FALSE;
}

/* The nine counts from @stmt's columns @first on. */
static Counts
counts_of (DgStmt *stmt,
           int     first)
{
  return (Counts) { dg_stmt_column_int64 (stmt, first), dg_stmt_column_int64 (stmt, first + 1),
                    dg_stmt_column_int64 (stmt, first + 2), dg_stmt_column_int64 (stmt, first + 3),
                    dg_stmt_column_int64 (stmt, first + 4), dg_stmt_column_int64 (stmt, first + 5),
                    dg_stmt_column_int64 (stmt, first + 6), dg_stmt_column_int64 (stmt, first + 7),
                    dg_stmt_column_int64 (stmt, first + 8) };
}

typedef void (*PairFunc) (const Pair *pair, gpointer data);

static gboolean
bounds (const char  *from,
        const char  *to,
        char       **lo,
        char       **hi,
        GError     **error)
{
  GDate date;

  if (from == NULL || to == NULL)
    {
      dg_error_set_field (error, DG_ERROR_INVALID, from == NULL ? "from" : "to", NULL, _("Required"));
      return FALSE;
    }
  if (!dg_date_parse (from, "from", &date, error) || !dg_date_parse (to, "to", &date, error))
    return FALSE;
  *lo = g_strdup_printf ("%sT00:00:00", from);
  *hi = g_strdup_printf ("%sT23:59:59", to);
  return TRUE;
}

static gboolean
each_pair (DgDb        *db,
           const char  *from,
           const char  *to,
           PairFunc     func,
           gpointer     data,
           GError     **error)
{
  g_autofree char *lo = NULL, *hi = NULL;
  GError *local_error = NULL;
  gboolean has_row = FALSE;
  DgStmt *stmt;

  if (!bounds (from, to, &lo, &hi, error))
    return FALSE;
  stmt = dg_db_query (db, PAIRS_SQL, error, DG_TEXT (lo), DG_TEXT (hi));
  if (stmt == NULL)
    return FALSE;
  while (dg_db_step (db, stmt, &has_row, &local_error) && has_row)
    {
      Pair p = { dg_stmt_column_int64 (stmt, 0), dg_stmt_column_int64 (stmt, 1), dg_stmt_column_text (stmt, 2),
                 counts_of (stmt, 3) };
      func (&p, data);
    }
  dg_stmt_reset (stmt);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  return TRUE;
}

/* ---- The figures --------------------------------------------------------- */

static void
counts_add (Counts       *c,
            const Counts *n)
{
  c->expected += n->expected;
  c->invited += n->invited;
  c->attended += n->attended;
  c->excused += n->excused;
  c->missing += n->missing;
  c->invitees += n->invitees;
  c->reports += n->reports;
  c->attending += n->attending;
  c->deciders += n->deciders;
}

/* Each agency's counts for the meetings held from @from to @to (days), into
 * @by_agency (agency → Counts) and their sum into @all. */
static gboolean
tally (DgDb        *db,
       const char  *from,
       const char  *to,
       GHashTable  *by_agency,
       Counts      *all,
       GError     **error)
{
  g_autofree char *lo = NULL, *hi = NULL;
  GError *local_error = NULL;
  gboolean has_row = FALSE;
  DgStmt *stmt;

  if (!bounds (from, to, &lo, &hi, error))
    return FALSE;
  stmt = dg_db_query (db, TOTALS_SQL, error, DG_TEXT (from), DG_TEXT (to));
  if (stmt == NULL)
    return FALSE;
  while (dg_db_step (db, stmt, &has_row, &local_error) && has_row)
    {
      Counts *c = g_new (Counts, 1);

      *c = counts_of (stmt, 1);
      counts_add (all, c);
      g_hash_table_insert (by_agency, g_strdup (dg_stmt_column_text (stmt, 0)), c);
    }
  dg_stmt_reset (stmt);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  return TRUE;
}

static void
set_share (JsonObject *o,
           const char *share_name,
           const char *word_name,
           gint64      part,
           gint64      whole)
{
  double share = whole ? (double) part / whole : 0;

  json_object_set_double_member (o, share_name, share);
  if (word_name != NULL)
    json_object_set_string_member (o, word_name, whole ? dg_quantity_word (share) : "none");
}

/* The minutes' clocks, named so that their own index (schema 24's partial
 * clock_minutes_start) serves a period's. */
#define MINUTES_CLOCKS "c.clock IN ('icpc-plan', 'strategy-record')"

/* The minutes' clocks started in [@lo, @hi], by state, as the report's clocks. */
#define CLOCK_STATE_SQL \
  "CASE WHEN c.done_at IS NOT NULL THEN CASE WHEN substr (c.done_at, 1, 10) <= c.due THEN 'on-time' ELSE 'late' END " \
  "WHEN c.due < ?3 THEN 'overdue' ELSE 'pending' END"

static gboolean
add_clocks (DgDb        *db,
            const char  *from,
            const char  *to,
            JsonArray   *clocks,
            GError     **error)
{
  static const char *names[] = { "icpc-plan", "strategy-record" };
  g_autoptr(GDateTime) now = dg_db_now (db);
  g_autofree char *lo = NULL, *hi = NULL, *today = g_date_time_format (now, "%Y-%m-%d");

  if (!bounds (from, to, &lo, &hi, error))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      /* on-time, late, excepted, overdue, pending: as the other clocks, an
       * agreed exception counted apart (dg-figures-private.h). */
      static const char *states[] = { "on-time", "late", "excepted", "overdue", "pending" };
      gint64 n[G_N_ELEMENTS (states)] = { 0 };
      gboolean has_row = FALSE;
      GError *local_error = NULL;
      DgStmt *stmt = dg_db_query (db,
                                  "SELECT " DG_FIGURE_STATE ("?3") ", count (*) FROM clock c "
                                  "LEFT JOIN clock_exception x ON x.referral_id = c.referral_id AND x.clock = c.clock "
                                  "WHERE " MINUTES_CLOCKS " AND c.clock = ?4 AND c.start_at BETWEEN ?1 AND ?2 GROUP BY 1",
                                  error, DG_TEXT (lo), DG_TEXT (hi), DG_TEXT (today), DG_TEXT (names[i]));
      JsonObject *o;
      gint64 measured;

      if (stmt == NULL)
        return FALSE;
      while (dg_db_step (db, stmt, &has_row, &local_error) && has_row)
        for (guint k = 0; k < G_N_ELEMENTS (states); k++)
          if (g_str_equal (dg_stmt_column_text (stmt, 0), states[k]))
            n[k] = dg_stmt_column_int64 (stmt, 1);
      dg_stmt_reset (stmt);
      if (local_error != NULL)
        {
          g_propagate_error (error, local_error);
          return FALSE;
        }
      o = json_object_new ();
      measured = n[0] + n[1] + n[2] + n[3];
      json_object_set_string_member (o, "clock", names[i]);
      json_object_set_int_member (o, "count", measured + n[4]);
      json_object_set_int_member (o, "on_time", n[0]);
      json_object_set_int_member (o, "late", n[1]);
      json_object_set_int_member (o, "excepted", n[2]);
      json_object_set_int_member (o, "overdue", n[3]);
      json_object_set_int_member (o, "pending", n[4]);
      json_object_set_int_member (o, "measured", measured);
      set_share (o, "on_time_share", "word", n[0], measured);
      json_array_add_object_element (clocks, o);
    }
  return TRUE;
}

JsonObject *
dg_meeting_figures (DgDb        *db,
                    const char  *from,
                    const char  *to,
                    GError     **error)
{
  g_autoptr(GHashTable) by_agency = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(JsonObject) result = json_object_new ();
  g_auto(DgDbSnapshot) snapshot = { 0 };
  Counts all = { 0 };
  JsonArray *agencies, *clocks;
  JsonObject *c;

  if (!dg_db_snapshot (db, &snapshot, error) ||
      !tally (db, from, to, by_agency, &all, error))
    return NULL;

  agencies = json_array_new ();
  json_object_set_array_member (result, "agencies", agencies);
  for (const DgTerm *term = dg_vocab_terms (DG_VOCAB_MEETING_AGENCY); term->id != NULL; term++)
    {
      Counts *n = g_hash_table_lookup (by_agency, term->id);
      Counts none = { 0 };
      JsonObject *a = json_object_new ();

      if (n == NULL)
        n = &none;
      json_object_set_string_member (a, "agency", term->id);
      json_object_set_int_member (a, "expected", n->expected);
      json_object_set_int_member (a, "invited", n->invited);
      json_object_set_int_member (a, "attended", n->attended);
      json_object_set_int_member (a, "excused", n->excused);
      json_object_set_int_member (a, "missing", n->missing);
      set_share (a, "invited_share", "invited_word", n->invited, n->expected);
      set_share (a, "attended_share", "attended_word", n->attended, n->expected);
      json_object_set_int_member (a, "invitees", n->invitees);
      json_object_set_int_member (a, "reports", n->reports);
      set_share (a, "report_share", NULL, n->reports, n->invitees);
      json_object_set_int_member (a, "attending", n->attending);
      json_object_set_int_member (a, "decision_makers", n->deciders);
      set_share (a, "decision_share", NULL, n->deciders, n->attending);
      json_array_add_object_element (agencies, a);
    }

  c = json_object_new ();
  json_object_set_int_member (c, "invitees", all.invitees);
  json_object_set_int_member (c, "reports", all.reports);
  set_share (c, "report_share", "report_word", all.reports, all.invitees);
  json_object_set_int_member (c, "attending", all.attending);
  json_object_set_int_member (c, "decision_makers", all.deciders);
  set_share (c, "decision_share", "decision_word", all.deciders, all.attending);
  json_object_set_object_member (result, "contributions", c);

  clocks = json_array_new ();
  json_object_set_array_member (result, "clocks", clocks);
  if (!add_clocks (db, from, to, clocks, error))
    return NULL;
  return g_steal_pointer (&result);
}

gboolean
dg_meeting_figures_add (DgDb        *db,
                        const char  *from,
                        const char  *to,
                        JsonObject  *report,
                        GError     **error)
{
  g_autoptr(JsonObject) figures = dg_meeting_figures (db, from, to, error);
  JsonArray *clocks, *mine;

  if (figures == NULL)
    return FALSE;
  clocks = json_object_get_array_member (report, "clocks");
  mine = json_object_get_array_member (figures, "clocks");
  for (guint i = 0; clocks != NULL && i < json_array_get_length (mine); i++)
    json_array_add_object_element (clocks, json_object_ref (json_array_get_object_element (mine, i)));
  json_object_set_array_member (report, "agencies", json_array_ref (json_object_get_array_member (figures, "agencies")));
  json_object_set_object_member (report, "contributions",
                                 json_object_ref (json_object_get_object_member (figures, "contributions")));
  return TRUE;
}

/* ---- What is behind them ------------------------------------------------- */

typedef struct
{
  const char *figure, *agency, *state;
  JsonArray  *items;
} Listing;

static void
list_pair (const Pair *p,
           gpointer    data)
{
  Listing *l = data;
  JsonObject *o;

  if ((l->agency != NULL && !g_str_equal (l->agency, p->agency)) || !pair_in (p, l->figure, l->state))
    return;
  o = json_object_new ();
  json_object_set_int_member (o, "meeting", p->meeting);
  json_object_set_int_member (o, "referral", p->referral);
  json_object_set_string_member (o, "agency", p->agency);
  json_array_add_object_element (l->items, o);
}

JsonArray *
dg_meeting_figures_list (DgDb        *db,
                         const char  *from,
                         const char  *to,
                         const char  *figure,
                         const char  *agency,
                         const char  *state,
                         GError     **error)
{
  static const char *figures[] = { "expected", "report", "decision-maker", "icpc-plan", "strategy-record", NULL };
  static const char *states[][6] = {
    { "all", "invited", "attended", "excused", "missing", NULL },
    { "all", "received", "none", NULL },
    { "all", "yes", "no", NULL },
    { "all", "on-time", "late", "overdue", "pending", NULL },
    { "all", "on-time", "late", "overdue", "pending", NULL },
  };
  g_autoptr(JsonArray) items = json_array_new ();
  g_auto(DgDbSnapshot) snapshot = { 0 };
  Listing l = { figure, agency, state, items };
  guint f;

  for (f = 0; figures[f] != NULL && g_strcmp0 (figures[f], figure) != 0; f++)
    ;
  if (figures[f] == NULL)
    {
      dg_error_set_field (error, DG_ERROR_INVALID, "FIGURE", figure,
                          _("“%s” is not one of expected | report | decision-maker | icpc-plan | strategy-record"),
                          figure ? figure : "");
      return NULL;
    }
  if (state == NULL || !g_strv_contains (states[f], state))
    {
      g_autofree char *allowed = g_strjoinv (" | ", (char **) states[f]);

      dg_error_set_field (error, DG_ERROR_INVALID, "STATE", state, _("“%s” is not one of %s"), state ? state : "", allowed);
      return NULL;
    }
  if (agency != NULL && !dg_vocab_check (DG_VOCAB_MEETING_AGENCY, "agency", agency, error))
    return NULL;
  if (!dg_db_snapshot (db, &snapshot, error))
    return NULL;

  if (f >= 3)
    {
      g_autoptr(GDateTime) now = dg_db_now (db);
      g_autofree char *lo = NULL, *hi = NULL, *today = g_date_time_format (now, "%Y-%m-%d");
      GError *local_error = NULL;
      gboolean has_row = FALSE;
      DgStmt *stmt;

      if (!bounds (from, to, &lo, &hi, error))
        return NULL;
      stmt = dg_db_query (db,
                          "SELECT c.referral_id FROM clock c "
                          "WHERE " MINUTES_CLOCKS " AND c.clock = ?4 AND c.start_at BETWEEN ?1 AND ?2 "
                          "AND (?5 = 'all' OR " CLOCK_STATE_SQL " = ?5) ORDER BY c.referral_id",
                          error, DG_TEXT (lo), DG_TEXT (hi), DG_TEXT (today), DG_TEXT (figure), DG_TEXT (state));
      if (stmt == NULL)
        return NULL;
      while (dg_db_step (db, stmt, &has_row, &local_error) && has_row)
        {
          JsonObject *o = json_object_new ();

          json_object_set_int_member (o, "referral", dg_stmt_column_int64 (stmt, 0));
          json_array_add_object_element (items, o);
        }
      dg_stmt_reset (stmt);
      if (local_error != NULL)
        {
          g_propagate_error (error, local_error);
          return NULL;
        }
      return g_steal_pointer (&items);
    }

  if (!each_pair (db, from, to, list_pair, &l, error))
    return NULL;
  return g_steal_pointer (&items);
}

gboolean
dg_meeting_figures_csv (DgDb        *db,
                        const char  *from,
                        const char  *to,
                        GString     *out,
                        gint64      *rows,
                        GError     **error)
{
  static const char *columns[] = { "agency", "expected", "invited", "attended", "excused", "missing", "invited_share",
                                   "attended_share", "invitees", "reports", "report_share", "attending",
                                   "decision_makers", "decision_share", NULL };
  g_autoptr(JsonObject) figures = dg_meeting_figures (db, from, to, error);
  JsonArray *agencies;

  if (figures == NULL)
    return FALSE;
  agencies = json_object_get_array_member (figures, "agencies");
  g_string_append (out, "from,to");
  for (guint c = 0; columns[c] != NULL; c++)
    g_string_append_printf (out, ",%s", columns[c]);
  g_string_append (out, "\r\n");
  for (guint i = 0; i < json_array_get_length (agencies); i++)
    {
      JsonObject *a = json_array_get_object_element (agencies, i);

      g_string_append_printf (out, "%s,%s", from, to);
      for (guint c = 0; columns[c] != NULL; c++)
        {
          JsonNode *v = json_object_get_member (a, columns[c]);
          g_autofree char *text = NULL;

          if (json_node_get_value_type (v) == G_TYPE_STRING)
            text = g_strdup (json_node_get_string (v));
          else if (json_node_get_value_type (v) == G_TYPE_DOUBLE)
            {
              char buffer[G_ASCII_DTOSTR_BUF_SIZE];

              text = g_strdup (g_ascii_formatd (buffer, sizeof buffer, "%.4f", json_node_get_double (v)));
            }
          else
            text = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (v));
          g_string_append_c (out, ',');
          dg_csv_field (out, text);
        }
      g_string_append (out, "\r\n");
    }
  *rows = json_array_get_length (agencies);
  return TRUE;
}
