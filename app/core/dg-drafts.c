#include "config.h"

#include "dg-drafts.h"

gboolean
dg_draft_save (DgDb        *db,
               const char  *kind,
               const char  *body,
               GError     **error)
{
  g_autofree char *now = dg_db_now_string (db);
  DgStmt *stmt;

  if (!dg_db_begin (db, error))
    return FALSE;

  stmt = dg_db_prepare (db, "DELETE FROM draft WHERE kind = ?1", error);
  if (stmt == NULL)
    goto fail;
  dg_stmt_bind_text (stmt, 1, kind);
  if (!dg_db_step_done (db, stmt, error))
    goto fail;

  stmt = dg_db_prepare (db, "INSERT INTO draft (kind, body, updated_at) VALUES (?1, ?2, ?3)", error);
  if (stmt == NULL)
    goto fail;
  dg_stmt_bind_text (stmt, 1, kind);
  dg_stmt_bind_text (stmt, 2, body);
  dg_stmt_bind_text (stmt, 3, now);
  if (!dg_db_step_done (db, stmt, error))
    goto fail;

  return dg_db_commit (db, error);

fail:
  dg_db_rollback (db);
  return FALSE;
}

char *
dg_draft_load (DgDb        *db,
               const char  *kind,
               GError     **error)
{
  DgStmt *stmt;
  gboolean has_row = FALSE;
  char *body = NULL;

  stmt = dg_db_prepare (db, "SELECT body FROM draft WHERE kind = ?1 ORDER BY id DESC LIMIT 1", error);
  if (stmt == NULL)
    return NULL;
  dg_stmt_bind_text (stmt, 1, kind);
  if (!dg_db_step (db, stmt, &has_row, error))
    return NULL;
  if (has_row)
    body = g_strdup (dg_stmt_column_text (stmt, 0));
  dg_stmt_reset (stmt);

  return body;
}

gboolean
dg_draft_discard (DgDb        *db,
                  const char  *kind,
                  GError     **error)
{
  DgStmt *stmt = dg_db_prepare (db, "DELETE FROM draft WHERE kind = ?1", error);

  if (stmt == NULL)
    return FALSE;
  dg_stmt_bind_text (stmt, 1, kind);
  return dg_db_step_done (db, stmt, error);
}
