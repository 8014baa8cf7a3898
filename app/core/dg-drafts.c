#include "config.h"

#include "dg-drafts.h"

gboolean
dg_draft_save (DgDb        *db,
               const char  *kind,
               const char  *body,
               GError     **error)
{
  g_autofree char *now = dg_db_now_string (db);
  sqlite3_stmt *stmt;

  if (!dg_db_begin (db, error))
    return FALSE;

  stmt = dg_db_prepare (db, "DELETE FROM draft WHERE kind = ?1", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_text (stmt, 1, kind, -1, SQLITE_TRANSIENT);
  if (!dg_db_step_done (db, stmt, error))
    goto fail;

  stmt = dg_db_prepare (db, "INSERT INTO draft (kind, body, updated_at) VALUES (?1, ?2, ?3)", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_text (stmt, 1, kind, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, body, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, now, -1, SQLITE_TRANSIENT);
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
  sqlite3_stmt *stmt;
  gboolean has_row = FALSE;
  char *body = NULL;

  stmt = dg_db_prepare (db, "SELECT body FROM draft WHERE kind = ?1 ORDER BY id DESC LIMIT 1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, kind, -1, SQLITE_TRANSIENT);
  if (!dg_db_step (db, stmt, &has_row, error))
    return NULL;
  if (has_row)
    body = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);

  return body;
}

gboolean
dg_draft_discard (DgDb        *db,
                  const char  *kind,
                  GError     **error)
{
  sqlite3_stmt *stmt = dg_db_prepare (db, "DELETE FROM draft WHERE kind = ?1", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, kind, -1, SQLITE_TRANSIENT);
  return dg_db_step_done (db, stmt, error);
}
