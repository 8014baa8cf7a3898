#include "config.h"

#include "dg-drafts.h"

/* Whose drafts a statement touches. On PostgreSQL it is the login role,
 * written into the SQL as session_user so no client can name another owner
 * (and row-level security on draft enforces the same, see
 * sql/pg/007-owners.sql). On a SQLite file it is the practitioner, bound as
 * ?3; drafts from before schema 7 have no owner ('') and are offered to
 * whoever works at this desk, who claims them on the next autosave: one file
 * is one desk. On a server nobody is offered them (see the migration). */
#define OWNER_IS(db) DG_DB_SQL (db, " AND owner IN (?3, '')", " AND owner = session_user")

static void
bind_owner (DgDb   *db,
            DgStmt *stmt,
            int     index)
{
  if (!dg_db_is_postgres (db))
    dg_stmt_bind_text (stmt, index, dg_db_get_actor (db));
}

/* @sql with the owner's condition and then @tail, with ?1 bound to @kind,
 * ?2 to @slot (unless %NULL) and the owner to ?3 on a file. */
static DgStmt *
prepare_owned (DgDb        *db,
               const char  *sql,
               const char  *tail,
               const char  *kind,
               const char  *slot,
               GError     **error)
{
  g_autofree char *full = g_strconcat (sql, OWNER_IS (db), tail, NULL);
  DgStmt *stmt = dg_db_query (db, full, error, DG_TEXT (kind));

  if (stmt == NULL)
    return NULL;
  if (slot != NULL)
    dg_stmt_bind_text (stmt, 2, slot);
  bind_owner (db, stmt, 3);
  return stmt;
}

gboolean
dg_draft_save (DgDb        *db,
               const char  *kind,
               const char  *slot,
               const char  *body,
               GError     **error)
{
  g_autofree char *now = NULL;
  g_auto(DgDbWrite) write = { 0 };
  DgStmt *stmt;

  g_return_val_if_fail (DG_IS_DB (db), FALSE);
  g_return_val_if_fail (kind != NULL && slot != NULL && body != NULL, FALSE);

  now = dg_db_now_string (db);
  if (!dg_db_write (db, &write, error) ||
      !dg_draft_discard (db, kind, slot, error))
    return FALSE;

  /* The owner column's default is session_user on PostgreSQL. */
  stmt = dg_db_query (db, DG_DB_SQL (db,
                                     "INSERT INTO draft (kind, slot, body, updated_at, owner) VALUES (?1, ?2, ?3, ?4, ?5)",
                                     "INSERT INTO draft (kind, slot, body, updated_at) VALUES (?1, ?2, ?3, ?4)"),
                      error, DG_TEXT (kind), DG_TEXT (slot), DG_TEXT (body), DG_TEXT (now));
  if (stmt == NULL)
    return FALSE;
  bind_owner (db, stmt, 5);
  return dg_db_step_done (db, stmt, error) &&
         dg_db_commit (db, error);
}

char *
dg_draft_load (DgDb        *db,
               const char  *kind,
               const char  *slot,
               GError     **error)
{
  DgStmt *stmt;
  gboolean has_row = FALSE;
  char *body = NULL;

  g_return_val_if_fail (DG_IS_DB (db), NULL);
  g_return_val_if_fail (kind != NULL && slot != NULL, NULL);

  stmt = prepare_owned (db, "SELECT body FROM draft WHERE kind = ?1 AND slot = ?2", " ORDER BY id DESC LIMIT 1",
                        kind, slot, error);
  if (stmt == NULL || !dg_db_step (db, stmt, &has_row, error))
    return NULL;
  if (has_row)
    body = g_strdup (dg_stmt_column_text (stmt, 0));
  dg_stmt_reset (stmt);

  return body;
}

JsonArray *
dg_draft_list (DgDb               *db,
               const char         *kind,
               const char * const *busy_slots,
               GError            **error)
{
  g_autoptr(JsonArray) drafts = json_array_new ();
  DgStmt *stmt;
  gboolean has_row = FALSE, ok;

  g_return_val_if_fail (DG_IS_DB (db), NULL);
  g_return_val_if_fail (kind != NULL, NULL);

  /* ?2 (the slot) is unused here; the owner stays ?3 as in the other
   * statements (SQLite allows the gap; on PostgreSQL there is no ?3). */
  stmt = prepare_owned (db, "SELECT slot, updated_at, body FROM draft WHERE kind = ?1", " ORDER BY updated_at DESC, id DESC",
                        kind, NULL, error);
  if (stmt == NULL)
    return NULL;

  while ((ok = dg_db_step (db, stmt, &has_row, error)) && has_row)
    {
      const char *slot = dg_stmt_column_text (stmt, 0);
      JsonObject *item;
      JsonNode *body;

      if (busy_slots != NULL && g_strv_contains (busy_slots, slot))
        continue;
      /* An unreadable draft is still listed, so it can be discarded. */
      body = json_from_string (dg_stmt_column_text (stmt, 2), NULL);
      item = json_object_new ();
      json_object_set_string_member (item, "slot", slot);
      json_object_set_string_member (item, "updated_at", dg_stmt_column_text (stmt, 1));
      json_object_set_member (item, "body", body != NULL ? body : json_node_new (JSON_NODE_NULL));
      json_array_add_object_element (drafts, item);
    }
  dg_stmt_reset (stmt);
  if (!ok)
    return NULL;

  return g_steal_pointer (&drafts);
}

gboolean
dg_draft_discard (DgDb        *db,
                  const char  *kind,
                  const char  *slot,
                  GError     **error)
{
  DgStmt *stmt;

  g_return_val_if_fail (DG_IS_DB (db), FALSE);
  g_return_val_if_fail (kind != NULL && slot != NULL, FALSE);

  stmt = prepare_owned (db, "DELETE FROM draft WHERE kind = ?1 AND slot = ?2", "", kind, slot, error);
  return stmt != NULL && dg_db_step_done (db, stmt, error);
}
