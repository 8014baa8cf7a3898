#include "config.h"

#include "dg-calendar-days.h"
#include "dg-clocks-private.h"

/* The clocks on a server: PostgreSQL's triggers cannot call the
 * working-day calendar, so a save computes its new referral's clocks
 * itself (dg_clocks_store_new ()) and every other change's clocks are
 * computed again before its commit (dg_clocks_refresh_marked ()). */

/* ---- A new referral's clocks, computed by the saving connection ------- */

/* The timescale rules and closure days as this connection last read them,
 * and their number in clock_basis then (schema 9 on a server). */
typedef struct
{
  gint64      version;
  GArray     *rules;
  DgCalendar *calendar;
} Basis;

/* A save that computed its new referral's clocks itself: the write
 * transaction it belongs to, and the referral. */
typedef struct
{
  guint64     serial;
  gint64      referral_id;
} Settle;

#define BASIS "dg-clocks-basis"
#define SETTLE "dg-clocks-settle"

static void
basis_free (gpointer data)
{
  Basis *basis = data;

  g_array_unref (basis->rules);
  dg_calendar_free (basis->calendar);
  g_free (basis);
}

/* The rules and closure days numbered @version: those kept, or read again
 * (one round trip) when they have moved on since. */
static Basis *
basis_get (DgDb     *db,
           gint64    version,
           GError  **error)
{
  Basis *basis = g_object_get_data (G_OBJECT (db), BASIS);
  GError *local_error = NULL;
  gboolean has_row = FALSE;
  DgStmt *stmt;

  if (basis != NULL && basis->version == version)
    return basis;

  stmt = dg_db_prepare (db,
                        "SELECT 'basis', CAST (version AS text), NULL, NULL, NULL FROM clock_basis "
                        "UNION ALL SELECT 'closure', day, NULL, NULL, NULL FROM closure_day "
                        "UNION ALL SELECT kind, day, NULL, NULL, NULL FROM calendar_day "
                        "UNION ALL SELECT 'rule', clock, effective_from, CAST (amount AS text), unit "
                        "  FROM timescale_rule",
                        error);
  if (stmt == NULL)
    return NULL;
  basis = g_new0 (Basis, 1);
  basis->rules = dg_clock_rules_new ();
  basis->calendar = dg_calendar_new ();
  while (dg_db_step (db, stmt, &has_row, &local_error) && has_row)
    {
      if (g_str_equal (dg_stmt_column_text (stmt, 0), "basis"))
        basis->version = g_ascii_strtoll (dg_stmt_column_text (stmt, 1), NULL, 10);
      else
        dg_clock_inputs_take_row (NULL, basis->rules, basis->calendar, stmt, 1);
    }
  dg_stmt_reset (stmt);
  if (local_error != NULL)
    {
      basis_free (basis);
      g_propagate_error (error, local_error);
      return NULL;
    }
  g_object_set_data_full (G_OBJECT (db), BASIS, basis, basis_free);
  return basis;
}

gboolean
dg_clocks_store_new (DgDb        *db,
                     gint64       referral_id,
                     gint64       basis_version,
                     const char  *channel,
                     const char  *agency,
                     const char  *received,
                     GError     **error)
{
  g_auto(DgClockInputs) inputs = { 0 };
  g_autoptr(DgBulk) rows = NULL;
  Settle *settle;
  Basis *basis;

  g_return_val_if_fail (dg_db_is_postgres (db), FALSE);
  g_return_val_if_fail (dg_db_get_write_serial (db) != 0, FALSE);
  g_return_val_if_fail (received != NULL, FALSE);

  basis = basis_get (db, basis_version, error);
  if (basis == NULL)
    return FALSE;
  /* Nothing is recorded yet but the receipt: no confirmation,
   * acknowledgement, decision, meeting or event. */
  dg_clock_inputs_init (&inputs);
  inputs.found = TRUE;
  inputs.fields[DG_CLOCK_F_CHANNEL] = g_strdup (channel);
  inputs.fields[DG_CLOCK_F_AGENCY] = g_strdup (agency);
  inputs.fields[DG_CLOCK_F_RECEIVED] = g_strdup (received);
  rows = dg_clock_rows_new (db);
  if (!dg_clock_rows (&inputs, basis->rules, basis->calendar, referral_id, rows, error) ||
      !dg_bulk_flush (rows, error))
    return FALSE;

  settle = g_new (Settle, 1);
  settle->serial = dg_db_get_write_serial (db);
  settle->referral_id = referral_id;
  g_object_set_data_full (G_OBJECT (db), SETTLE, settle, g_free);
  return TRUE;
}

/* Before the COMMIT of a save whose new referral's clocks are stored: one
 * statement sent ahead (answered with the commit) that takes the
 * referral's mark off and refuses the commit if anything else is marked. */
static gboolean
send_settle (DgDb     *db,
             Settle   *settled,
             GError  **error)
{
  DgStmt *stmt = dg_db_query (db, "SELECT clock_settled (?1)", error, DG_INT (settled->referral_id));

  return stmt != NULL && dg_db_step_later (db, stmt, error);
}

/* The clocks of every referral a change touched, computed again before the
 * commit (dg_clocks_refresh_marked ()): PostgreSQL's triggers cannot call the working-day calendar, so
 * they list the referrals in clock_dirty and this does the rest, for all of
 * them at once: one round trip takes the list with everything their clocks
 * are computed from, and statements sent ahead (answered with the commit)
 * replace their clocks: one DELETE, the rows a few hundred an INSERT. Storing clocks marks no referral, so the
 * list is empty afterwards. */
gboolean
dg_clocks_refresh_marked (DgDb    *db,
               GError **error)
{
  g_autoptr(GHashTable) referrals = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, dg_clock_inputs_free);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) rules = dg_clock_rules_new ();
  g_autoptr(DgBulk) rows = dg_clock_rows_new (db);
  g_autoptr(DgCalendar) calendar = dg_calendar_new ();
  g_autoptr(GString) stored = g_string_new (NULL);
  g_autofree Settle *settled = g_object_steal_data (G_OBJECT (db), SETTLE);
  GError *local_error = NULL;
  gboolean has_row = FALSE;
  DgStmt *stmt;

  if (settled != NULL && settled->serial == dg_db_get_write_serial (db))
    return send_settle (db, settled, error);

  stmt = dg_db_prepare (db,
                        "WITH d AS (DELETE FROM clock_dirty RETURNING referral_id) "
                        /* Every marked referral, then what there is of each: by
                         * = ANY of one array, not a join with the list, and its
                         * report-maker and decision each by key, so no plan reads
                         * a whole table once per referral (the list's size is
                         * unknown to the planner). */
                        "SELECT 'dirty', referral_id, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL FROM d "
                        "UNION ALL SELECT 'referral', r.id, r.channel, "
                        "  (SELECT agency FROM reporter WHERE id = r.reporter_id), r.received_at, r.confirmed_at, "
                        "  r.acknowledged_at, (SELECT decided_at FROM decision WHERE referral_id = r.id), r.outcome_sent_at, "
                        "  (SELECT max (m.held_at) FROM meeting m WHERE m.referral_id = r.id "
                        "     AND EXISTS (SELECT 1 FROM meeting m2 JOIN meeting_outcome o ON o.meeting_id = m2.id "
                        "                 WHERE m2.referral_id = r.id AND o.determination = 'substantiated-at-risk')), "
                        "  CAST (EXISTS (SELECT 1 FROM clock WHERE referral_id = r.id) AS integer) "
                        "FROM referral r WHERE r.id = ANY (ARRAY (SELECT referral_id FROM d)) "
                        "UNION ALL SELECT 'event', referral_id, kind, held_at, NULL, NULL, NULL, NULL, NULL, NULL, NULL "
                        "  FROM cp_event WHERE referral_id = ANY (ARRAY (SELECT referral_id FROM d)) "
                        "UNION ALL " DG_CLOCKS_LEDGER_MARKS_SQL ("'event', ", "referral_id, ", "= ANY (ARRAY (SELECT referral_id FROM d))",
                                                                ", NULL, NULL, NULL, NULL, NULL, NULL, NULL") " "
                        "UNION ALL " DG_CLOCKS_MINUTES_MARKS_SQL ("'event', ", "referral_id, ", "= ANY (ARRAY (SELECT referral_id FROM d))",
                                                                 ", NULL, NULL, NULL, NULL, NULL, NULL, NULL") " "
                        "UNION ALL SELECT 'closure', NULL, day, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL FROM closure_day "
                        "  WHERE EXISTS (SELECT 1 FROM d) "
                        "UNION ALL SELECT kind, NULL, day, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL FROM calendar_day "
                        "  WHERE EXISTS (SELECT 1 FROM d) "
                        "UNION ALL SELECT 'rule', NULL, clock, effective_from, CAST (amount AS text), unit, "
                        "  NULL, NULL, NULL, NULL, NULL FROM timescale_rule WHERE EXISTS (SELECT 1 FROM d)",
                        error);
  if (stmt == NULL)
    return FALSE;
  while (dg_db_step (db, stmt, &has_row, &local_error) && has_row)
    {
      gint64 id = dg_stmt_column_int64 (stmt, 1);
      DgClockInputs *inputs = NULL;

      if (dg_stmt_column_text (stmt, 1) != NULL)
        {
          inputs = g_hash_table_lookup (referrals, &id);
          if (inputs == NULL)
            {
              inputs = g_new0 (DgClockInputs, 1);
              dg_clock_inputs_init (inputs);
              inputs->minutes = TRUE;   /* a server's steps all run before its clocks */
              g_hash_table_insert (referrals, g_memdup2 (&id, sizeof id), inputs);
            }
          if (g_str_equal (dg_stmt_column_text (stmt, 0), "dirty"))
            {
              g_array_append_val (ids, id);
              continue;
            }
          /* A new referral has no clocks to delete: no statement for it. */
          if (g_str_equal (dg_stmt_column_text (stmt, 0), "referral") && dg_stmt_column_int64 (stmt, 10) != 0)
            g_string_append_printf (stored, "%s%" G_GINT64_FORMAT, stored->len > 0 ? "," : "", id);
        }
      dg_clock_inputs_take_row (inputs, rules, calendar, stmt, 2);
    }
  dg_stmt_reset (stmt);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  if (ids->len == 0)
    return TRUE;

  for (guint i = 0; i < ids->len; i++)
    {
      gint64 id = g_array_index (ids, gint64, i);

      if (!dg_clock_rows (g_hash_table_lookup (referrals, &id), rules, calendar, id, rows, error))
        return FALSE;
    }

  if (stored->len > 0)
    {
      g_autofree char *array = g_strdup_printf ("{%s}", stored->str);

      stmt = dg_db_query (db, "DELETE FROM clock WHERE referral_id = ANY (CAST (?1 AS bigint[]))", error,
                          DG_TEXT (array));
      if (stmt == NULL || !dg_db_step_later (db, stmt, error))
        return FALSE;
    }
  return dg_bulk_flush (rows, error);
}
