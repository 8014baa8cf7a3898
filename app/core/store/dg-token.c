#include "config.h"

#include <glib/gi18n-lib.h>

#include "dg-error.h"
#include "dg-token.h"

gboolean
dg_token_check (const char  *token,
                GError     **error)
{
  if (*token == '\0' || !g_utf8_validate (token, -1, NULL) ||
      g_utf8_strlen (token, -1) > DG_TOKEN_MAX_LENGTH)
    {
      g_set_error (error, DG_ERROR, DG_ERROR_INVALID,
                   _("a client token is between 1 and %d characters of text"), DG_TOKEN_MAX_LENGTH);
      return FALSE;
    }
  for (const char *p = token; *p; p = g_utf8_next_char (p))
    if (!g_unichar_isgraph (g_utf8_get_char (p)))
      {
        g_set_error (error, DG_ERROR, DG_ERROR_INVALID,
                     _("a client token holds no spaces or control characters"));
        return FALSE;
      }
  return TRUE;
}

gboolean
dg_token_find (DgDb        *db,
               const char  *token,
               const char  *command,
               char       **result,
               GError     **error)
{
  DgStmt *stmt;
  gboolean has_row = FALSE;

  g_return_val_if_fail (DG_IS_DB (db), FALSE);
  g_return_val_if_fail (token != NULL && command != NULL && result != NULL, FALSE);

  *result = NULL;
  if (!dg_token_check (token, error))
    return FALSE;
  stmt = dg_db_query (db, "SELECT command, result, created_at FROM client_token WHERE token = ?1", error,
                      DG_TEXT (token));
  if (stmt == NULL || !dg_db_step (db, stmt, &has_row, error))
    return FALSE;
  if (has_row && g_strcmp0 (dg_stmt_column_text (stmt, 0), command) != 0)
    {
      g_set_error (error, DG_ERROR, DG_ERROR_INVALID,
                   _("this client token was used at %s for another kind of change; choose a new one"),
                   dg_stmt_column_text (stmt, 2));
      dg_stmt_reset (stmt);
      return FALSE;
    }
  if (has_row)
    *result = g_strdup (dg_stmt_column_text (stmt, 1));
  dg_stmt_reset (stmt);
  return TRUE;
}

gboolean
dg_token_record (DgDb        *db,
                 const char  *token,
                 const char  *command,
                 const char  *result,
                 GError     **error)
{
  g_autofree char *now = dg_db_now_string (db);

  g_return_val_if_fail (DG_IS_DB (db), FALSE);

  return dg_db_run (db, "INSERT INTO client_token (token, command, result, created_at) VALUES (?1, ?2, ?3, ?4)",
                    error, DG_TEXT (token), DG_TEXT (command), DG_TEXT (result), DG_TEXT (now));
}
