#include "config.h"

#include <glib/gi18n-lib.h>

#include "dg-expected-rules.h"
#include "dg-time.h"
#include "dg-vocab.h"

/* The agencies expected by concern, editable by a manager with effective
 * dates as the timescales: the table expected_agency_rule (schema 15),
 * which the view meeting_expected reads for the banner, the completeness
 * and the figures alike. */

JsonArray *
dg_expected_rules (DgDb    *db,
                   GError **error)
{
  g_autoptr(JsonArray) rules = json_array_new ();
  DgStmt *stmt;
  gboolean has_row = FALSE;
  GError *local_error = NULL;

  stmt = dg_db_prepare (db,
                        "SELECT concern, agency, effective_from, expected, source FROM expected_agency_rule "
                        "ORDER BY concern, agency, effective_from DESC",
                        error);
  if (stmt == NULL)
    return NULL;
  while (dg_db_step (db, stmt, &has_row, &local_error) && has_row)
    {
      JsonObject *o = json_object_new ();

      dg_stmt_set_members (stmt, 0, (const char *[]) { "concern", "agency", "effective_from", NULL }, o);
      json_object_set_boolean_member (o, "expected", dg_stmt_column_int (stmt, 3));
      dg_stmt_set_members (stmt, 4, (const char *[]) { "source", NULL }, o);
      json_array_add_object_element (rules, o);
    }
  dg_stmt_reset (stmt);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }
  return g_steal_pointer (&rules);
}

gboolean
dg_expected_rule_set (DgDb        *db,
                      const char  *concern,
                      const char  *agency,
                      gboolean     expected,
                      const char  *effective_from,
                      GError     **error)
{
  g_auto(DgDbWrite) write = { 0 };
  GDate date;

  if (concern == NULL || agency == NULL)
    {
      dg_error_set_field (error, DG_ERROR_INVALID, concern == NULL ? "concern" : "agency", NULL, _("Required"));
      return FALSE;
    }
  if (!dg_vocab_check (DG_VOCAB_CONCERN, "concern", concern, error) ||
      !dg_vocab_check (DG_VOCAB_MEETING_AGENCY, "agency", agency, error) ||
      !dg_date_parse (effective_from, "from", &date, error))
    return FALSE;
  if (!expected && g_str_equal (concern, "always") &&
      (g_str_equal (agency, "police") || g_str_equal (agency, "social-services")))
    {
      dg_error_set_field (error, DG_ERROR_INVALID, "agency", agency,
                          _("%s is always expected: the procedures make it the minimum"),
                          dg_vocab_label (DG_VOCAB_MEETING_AGENCY, agency));
      return FALSE;
    }

  /* The completeness of the meetings it moves follows by trigger. */
  return dg_db_write (db, &write, error) &&
         dg_db_run (db,
                    "INSERT INTO expected_agency_rule (concern, agency, effective_from, expected, source) "
                    "VALUES (?1, ?2, ?3, ?4, 'local') "
                    "ON CONFLICT (concern, agency, effective_from) DO UPDATE SET expected = excluded.expected, source = 'local'",
                    error, DG_TEXT (concern), DG_TEXT (agency), DG_TEXT (effective_from), DG_INT (expected ? 1 : 0)) &&
         dg_db_audit_printf (db, "expected-agency", 0, "set", error,
                             "{\"concern\":\"%s\",\"agency\":\"%s\",\"expected\":%s,\"from\":\"%s\"}",
                             concern, agency, expected ? "true" : "false", effective_from) &&
         dg_db_commit (db, error);
}
