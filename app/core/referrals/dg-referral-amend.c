/* Amending a referral after intake: rating it, correcting what the report
 * said, adding or removing a child, until the referral is closed. Each
 * amendment is one transaction with one audit row holding every field it
 * changed, before and after. */
#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>

#include "dg-db.h"
#include "dg-error.h"
#include "dg-json.h"
#include "dg-referrals-private.h"
#include "dg-referrals.h"
#include "dg-vocab.h"

/* The referral's own text columns an amendment may change: each named as
 * its member in the input document. */
static const char * const columns[] = {
  "rag", "channel", "concern", "immediate_action", "other_information",
};

/* Each child's members as stored (insert_children ()), for the audit: an
 * amendment gives the children whole, so every one is compared. */
static const char * const child_members[] = {
  "name", "aliases", "dob", "gender", "address", "ethnicity", "first_language", "religion",
  "additional_needs", "school", "attendance", "parental_responsibility",
};
static const char * const child_flags[] = { "dob_expected", "interpreter_needed" };

static gboolean
amendable (const char *member)
{
  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    if (g_str_equal (member, columns[i]))
      return TRUE;
  return g_str_equal (member, "children");
}

/* The patch checked by the rules of a new report: a document of its members
 * with the report's receipt and, when the patch leaves the children alone,
 * one standing for them. */
static gboolean
check_patch (DgDb        *db,
             JsonObject  *patch,
             const char  *received_at,
             GError     **error)
{
  g_autoptr(JsonObject) doc = json_object_new ();
  g_autoptr(GList) members = json_object_get_members (patch);

  if (members == NULL)
    {
      g_set_error (error, DG_ERROR, DG_ERROR_INVALID, _("Nothing to amend: give at least one field to change"));
      return FALSE;
    }
  for (GList *l = members; l != NULL; l = l->next)
    {
      if (!amendable (l->data))
        {
          dg_error_set_field (error, DG_ERROR_INVALID, l->data, NULL,
                              _("Cannot be amended here: only the rating, channel, concern, immediate action, "
                                "other information and children can"));
          return FALSE;
        }
      json_object_set_member (doc, l->data, json_node_copy (json_object_get_member (patch, l->data)));
    }
  json_object_set_string_member (doc, "received_at", received_at);
  if (!json_object_has_member (doc, "children"))
    {
      g_autoptr(JsonObject) child = json_object_new ();
      JsonArray *children = json_array_new ();

      json_object_set_string_member (child, "name", "-");
      json_array_add_object_element (children, g_steal_pointer (&child));
      json_object_set_array_member (doc, "children", children);
    }
  return dg_referral_validate (db, doc, error);
}

/* The children as the audit shows them, from the rows or from the patch. */
static JsonNode *
children_stored (DgDb     *db,
                 gint64    id,
                 GError  **error)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  gboolean has_row = FALSE;
  DgStmt *stmt;

  stmt = dg_db_query (db,
                      "SELECT name, aliases, dob, gender, address, ethnicity, first_language, religion, "
                      "  additional_needs, school, attendance, parental_responsibility, dob_expected, interpreter_needed "
                      "FROM child WHERE referral_id = ?1 ORDER BY position",
                      error, DG_INT (id));
  if (stmt == NULL)
    return NULL;
  json_builder_begin_array (b);
  while (dg_db_step (db, stmt, &has_row, error) && has_row)
    {
      json_builder_begin_object (b);
      for (guint i = 0; i < G_N_ELEMENTS (child_members); i++)
        dg_referral_json_text (b, child_members[i], dg_stmt_column_text (stmt, i));
      for (guint i = 0; i < G_N_ELEMENTS (child_flags); i++)
        {
          json_builder_set_member_name (b, child_flags[i]);
          json_builder_add_boolean_value (b, dg_stmt_column_int (stmt, G_N_ELEMENTS (child_members) + i) != 0);
        }
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  return has_row ? NULL : json_builder_get_root (b);
}

static JsonNode *
children_given (JsonArray *children)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_array (b);
  for (guint i = 0; i < json_array_get_length (children); i++)
    {
      JsonObject *child = json_array_get_object_element (children, i);

      json_builder_begin_object (b);
      for (guint m = 0; m < G_N_ELEMENTS (child_members); m++)
        {
          const char *value = json_object_get_string_member_with_default (child, child_members[m], NULL);
          g_autofree char *stripped = value != NULL ? g_strstrip (g_strdup (value)) : NULL;

          /* Stored as insert_children () stores them: a name trimmed. */
          dg_referral_json_text (b, child_members[m], m == 0 ? stripped : value);
        }
      for (guint m = 0; m < G_N_ELEMENTS (child_flags); m++)
        {
          json_builder_set_member_name (b, child_flags[m]);
          json_builder_add_boolean_value (b, json_object_get_boolean_member_with_default (child, child_flags[m], FALSE));
        }
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  return json_builder_get_root (b);
}

/* Someone else's change since @base_version: who and when, from the trail. */
static void
set_conflict (DgDb        *db,
              gint64       id,
              const char  *updated_at,
              GError     **error)
{
  g_autofree char *who = NULL;
  g_autofree char *when = g_strndup (updated_at, 16);
  DgStmt *stmt;

  g_strdelimit (when, "T", ' ');
  stmt = dg_db_query (db, "SELECT actor FROM audit WHERE entity = 'referral' AND entity_id = ?1 ORDER BY id DESC LIMIT 1",
                      NULL, DG_INT (id));
  if (stmt != NULL)
    {
      gboolean has_row = FALSE;

      if (dg_db_step (db, stmt, &has_row, NULL) && has_row)
        who = g_strdup (dg_stmt_column_text (stmt, 0));
      dg_stmt_reset (stmt);
    }
  dg_error_set_field (error, DG_ERROR_CONFLICT, "base-version", NULL,
                      _("%s changed this referral at %s, after you opened it; nothing was saved. "
                        "Look at it again, then make your change"),
                      who != NULL ? who : _("Someone"), when);
}

gboolean
dg_referral_amend (DgDb        *db,
                   gint64       id,
                   JsonObject  *patch,
                   gint64       base_version,
                   GError     **error)
{
  g_auto(DgDbWrite) write = { 0 };
  g_autoptr(JsonBuilder) audit = json_builder_new ();
  g_autoptr(JsonNode) detail = NULL;
  g_autofree char *received_at = NULL, *status = NULL, *updated_at = NULL, *text = NULL;
  char *before[G_N_ELEMENTS (columns)] = { NULL };
  gboolean reindex = FALSE;
  guint changed = 0;
  gint64 version;
  DgStmt *stmt;
  gboolean ok = FALSE;

  g_return_val_if_fail (DG_IS_DB (db), FALSE);
  g_return_val_if_fail (patch != NULL, FALSE);

  if (!dg_db_write (db, &write, error))
    return FALSE;
  stmt = dg_db_query (db,
                      "SELECT version, status, received_at, updated_at, rag, channel, concern, immediate_action, "
                      "  other_information FROM referral WHERE id = ?1",
                      error, DG_INT (id));
  if (stmt == NULL ||
      !dg_db_step_row (db, stmt, error, DG_ERROR_NOT_FOUND, "ID", _("No referral “%" PRId64 "”"), id))
    return FALSE;
  version = dg_stmt_column_int64 (stmt, 0);
  status = g_strdup (dg_stmt_column_text (stmt, 1));
  received_at = g_strdup (dg_stmt_column_text (stmt, 2));
  updated_at = g_strdup (dg_stmt_column_text (stmt, 3));
  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    before[i] = g_strdup (dg_stmt_column_text (stmt, 4 + i));
  dg_stmt_reset (stmt);

  if (g_str_equal (status, "closed"))
    {
      dg_error_set_field (error, DG_ERROR_INVALID, "ID", NULL, _("The referral is closed: it can no longer be amended"));
      goto out;
    }
  if (base_version > 0 && version != base_version)
    {
      set_conflict (db, id, updated_at, error);
      goto out;
    }
  if (!check_patch (db, patch, received_at, error))
    goto out;

  json_builder_begin_object (audit);
  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    {
      const char *after = NULL;
      g_autofree char *sql = NULL;

      if (!json_object_has_member (patch, columns[i]))
        continue;
      dg_referral_input_text (patch, "", columns[i], MAX_LONG, &after, NULL);
      if (after != NULL && *after == '\0')
        after = NULL;
      if (g_strcmp0 (before[i], after) == 0)
        continue;
      /* The column's name comes from the table above, never from the input. */
      sql = g_strdup_printf ("UPDATE referral SET %s = ?2 WHERE id = ?1", columns[i]);
      if (!dg_db_run (db, sql, error, DG_INT (id), DG_TEXT (after)))
        goto out;
      dg_json_add_text_change (audit, columns[i], before[i], after);
      reindex |= g_str_equal (columns[i], "concern");
      changed++;
    }
  if (json_object_has_member (patch, "children"))
    {
      JsonArray *children = json_object_get_array_member (patch, "children");
      g_autoptr(JsonNode) was = children_stored (db, id, error);
      g_autoptr(JsonNode) now = children_given (children);

      if (was == NULL)
        goto out;
      if (!json_node_equal (was, now))
        {
          if (!dg_referral_replace_children (db, id, children, error))
            goto out;
          dg_json_add_change (audit, "children", g_steal_pointer (&was), g_steal_pointer (&now));
          reindex = TRUE;
          changed++;
        }
    }
  json_builder_end_object (audit);

  /* Nothing different from what is stored: nothing to record. */
  if (changed == 0)
    {
      ok = TRUE;
      goto out;
    }
  detail = json_builder_get_root (audit);
  text = json_to_string (detail, FALSE);
  ok = (!reindex || dg_referral_reindex (db, id, error)) &&
       dg_referral_new_version (db, id, error) &&
       dg_db_audit (db, "referral", id, "amend", text, error) &&
       dg_db_commit (db, error);

out:
  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    g_free (before[i]);
  return ok;
}

gboolean
dg_referral_rate (DgDb        *db,
                  gint64       id,
                  const char  *rag,
                  GError     **error)
{
  g_autoptr(JsonObject) patch = json_object_new ();

  g_return_val_if_fail (DG_IS_DB (db), FALSE);

  if (rag == NULL)
    {
      dg_error_set_field (error, DG_ERROR_INVALID, "rag", NULL, _("Required: red, amber or green"));
      return FALSE;
    }
  json_object_set_string_member (patch, "rag", rag);
  return dg_referral_amend (db, id, patch, 0, error);
}
