#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "dg-disclosure-private.h"
#include "dg-error.h"
#include "dg-json.h"
#include "dg-referrals.h"

/* The disclosure pack: the rules are in dg-disclosure.h. */

/* Values shorter than this are not marked: they would match inside words. */
#define MIN_MARK_CHARS 3

const char * const dg_disclosure_codes[] = { "report-maker", "third-party", "legal-privilege", NULL };

static const struct
{
  const char *code;
  const char *label;
  const char *label_cy;   /* for the pack's JSON, whatever the running language */
} code_labels[] = {
  { "report-maker",    N_("The report-maker’s identity"),   "Hunaniaeth y sawl a wnaeth yr adroddiad" },
  { "third-party",     N_("Another person’s information"),  "Gwybodaeth am berson arall" },
  { "legal-privilege", N_("Legal professional privilege"),  "Braint broffesiynol gyfreithiol" },
};

const char *
dg_disclosure_code_label (const char *code)
{
  for (guint i = 0; i < G_N_ELEMENTS (code_labels); i++)
    if (g_strcmp0 (code, code_labels[i].code) == 0)
      return _(code_labels[i].label);
  return NULL;
}

/* ----- finding the child ----- */

typedef struct
{
  gint64  referral;
  char   *name;
  char   *dob;
  gint64  root;      /* the referral's link group */
  gboolean in;       /* one with the subject */
} Candidate;

static void
candidate_free (gpointer data)
{
  Candidate *c = data;

  g_free (c->name);
  g_free (c->dob);
  g_free (c);
}

static gint64
find_root (GHashTable *parent,
           gint64      id)
{
  gpointer up;

  while (g_hash_table_lookup_extended (parent, &id, NULL, &up) && *(gint64 *) up != id)
    id = *(gint64 *) up;
  return id;
}

/* Referral link groups: each referral id to its group's root. */
static GHashTable *
link_groups (DgDb    *db,
             GError **error)
{
  g_autoptr(GHashTable) parent = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  DgStmt *stmt = dg_db_prepare (db, "SELECT referral_id, earlier_id FROM referral_link", error);
  gboolean has_row;

  if (stmt == NULL)
    return NULL;
  while (dg_db_step (db, stmt, &has_row, error) && has_row)
    {
      gint64 a = find_root (parent, dg_stmt_column_int64 (stmt, 0));
      gint64 b = find_root (parent, dg_stmt_column_int64 (stmt, 1));

      if (a != b)
        g_hash_table_insert (parent, g_memdup2 (&a, sizeof a), g_memdup2 (&b, sizeof b));
    }
  dg_stmt_reset (stmt);
  if (error != NULL && *error != NULL)
    return NULL;
  return g_steal_pointer (&parent);
}

/* Every child named @key (folded), the one from @seed_referral first when
 * given; joins into one the subject and those who are the same child. */
static GPtrArray *
same_child (DgDb        *db,
            const char  *key,
            gint64       seed_referral,
            GError     **error)
{
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func (candidate_free);
  g_autoptr(GHashTable) groups = link_groups (db, error);
  DgStmt *stmt;
  gboolean has_row, grew = TRUE;

  if (groups == NULL)
    return NULL;
  stmt = dg_db_query (db, "SELECT c.referral_id, c.name, c.dob FROM child c JOIN referral r ON r.id = c.referral_id "
                          "WHERE c.name_key = ?1 ORDER BY (c.referral_id = ?2) DESC, r.received_at, c.id",
                      error, DG_TEXT (key), DG_INT (seed_referral));
  if (stmt == NULL)
    return NULL;
  while (dg_db_step (db, stmt, &has_row, error) && has_row)
    {
      Candidate *c = g_new0 (Candidate, 1);

      c->referral = dg_stmt_column_int64 (stmt, 0);
      c->name = g_strdup (dg_stmt_column_text (stmt, 1));
      c->dob = g_strdup (dg_stmt_column_text (stmt, 2));
      c->root = find_root (groups, c->referral);
      g_ptr_array_add (all, c);
    }
  dg_stmt_reset (stmt);
  if (error != NULL && *error != NULL)
    return NULL;
  if (all->len == 0)
    return g_steal_pointer (&all);

  ((Candidate *) all->pdata[0])->in = TRUE;
  while (grew)
    {
      grew = FALSE;
      for (guint i = 0; i < all->len; i++)
        {
          Candidate *c = all->pdata[i];

          for (guint j = 0; j < all->len && !c->in; j++)
            {
              Candidate *s = all->pdata[j];

              if (s->in && (s->root == c->root || (c->dob != NULL && g_strcmp0 (c->dob, s->dob) == 0)))
                c->in = grew = TRUE;
            }
        }
    }
  return g_steal_pointer (&all);
}

/* ----- gathering ----- */

typedef struct
{
  JsonArray  *redactions;
  GHashTable *seen;   /* text → TRUE */
} Marks;

static void
mark (Marks      *m,
      const char *text,
      const char *code)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (text != NULL ? text : ""));
  JsonObject *r;

  if (g_utf8_strlen (trimmed, -1) < MIN_MARK_CHARS || g_hash_table_contains (m->seen, trimmed))
    return;
  g_autofree char *id = g_strdup_printf ("R%u", json_array_get_length (m->redactions) + 1);

  r = json_object_new ();
  json_object_set_string_member (r, "id", id);
  json_object_set_string_member (r, "code", code);
  json_object_set_string_member (r, "text", trimmed);
  json_object_set_int_member (r, "occurrences", 0);
  json_object_set_boolean_member (r, "withheld", TRUE);
  json_array_add_object_element (m->redactions, r);
  g_hash_table_add (m->seen, g_steal_pointer (&trimmed));
}

/* Marks @members of every row of @rows with @code. */
static void
mark_rows (Marks              *m,
           JsonArray          *rows,
           const char * const *members,
           const char         *code)
{
  for (guint i = 0; i < json_array_get_length (rows); i++)
    for (guint k = 0; members[k] != NULL; k++)
      mark (m, dg_json_text (json_array_get_object_element (rows, i), members[k]), code);
}

static JsonArray *
rows (DgDb               *db,
      const char         *sql,
      gint64              id,
      const char * const *members,
      GError            **error)
{
  return dg_db_rows (db, dg_db_query (db, sql, error, DG_INT (id)), members, error);
}

#define MEMBERS(...) ((const char * const[]) { __VA_ARGS__, NULL })

static gboolean
add_rows (JsonObject         *object,
          const char         *member,
          DgDb               *db,
          const char         *sql,
          gint64              id,
          const char * const *members,
          GError            **error)
{
  JsonArray *array = rows (db, sql, id, members, error);

  if (array == NULL)
    return FALSE;
  json_object_set_array_member (object, member, array);
  return TRUE;
}

static gboolean
gather_meetings (DgDb        *db,
                 JsonObject  *ref,
                 gint64       id,
                 GError     **error)
{
  JsonArray *meetings = rows (db, "SELECT id, kind, held_at, chair FROM meeting WHERE referral_id = ?1 ORDER BY held_at, id",
                              id, MEMBERS ("id", "kind", "held_at", "chair"), error);

  if (meetings == NULL)
    return FALSE;
  json_object_set_array_member (ref, "meetings", meetings);
  for (guint i = 0; i < json_array_get_length (meetings); i++)
    {
      JsonObject *meeting = json_array_get_object_element (meetings, i);
      gint64 meeting_id = g_ascii_strtoll (dg_json_text (meeting, "id"), NULL, 10);

      if (!add_rows (meeting, "invitees", db, "SELECT agency, name, organisation, status FROM invitee WHERE meeting_id = ?1 ORDER BY id",
                     meeting_id, MEMBERS ("agency", "name", "organisation", "status"), error) ||
          !add_rows (meeting, "outcome", db, "SELECT s47, determination, summary, decided_by, decided_at FROM meeting_outcome WHERE meeting_id = ?1",
                     meeting_id, MEMBERS ("s47", "determination", "summary", "decided_by", "decided_at"), error) ||
          !add_rows (meeting, "actions", db, "SELECT action, owner, due FROM meeting_action WHERE meeting_id = ?1 ORDER BY id",
                     meeting_id, MEMBERS ("action", "owner", "due"), error))
        return FALSE;
    }
  return TRUE;
}

static JsonObject *
gather_referral (DgDb        *db,
                 gint64       id,
                 const char  *subject_key,
                 GError     **error)
{
  g_autoptr(JsonArray) head = rows (db, "SELECT reference, received_at, channel, status, rag, concern, immediate_action, "
                                        "other_information FROM referral WHERE id = ?1", id,
                                    MEMBERS ("reference", "received_at", "channel", "status", "rag", "concern",
                                             "immediate_action", "other_information"), error);
  g_autoptr(JsonObject) ref = NULL;
  JsonArray *array;

  if (head == NULL || json_array_get_length (head) != 1)
    return NULL;
  ref = json_object_ref (json_array_get_object_element (head, 0));
  json_object_set_int_member (ref, "id", id);
  if (!add_rows (ref, "categories", db, "SELECT category FROM referral_category WHERE referral_id = ?1 ORDER BY category",
                 id, MEMBERS ("category"), error) ||
      !add_rows (ref, "report_maker", db, "SELECT p.name, p.role, p.organisation, p.agency, p.email, p.phone, p.address "
                                          "FROM reporter p JOIN referral r ON r.reporter_id = p.id WHERE r.id = ?1",
                 id, MEMBERS ("name", "role", "organisation", "agency", "email", "phone", "address"), error) ||
      !add_rows (ref, "children", db, "SELECT name, name_key, dob, gender, address, school FROM child WHERE referral_id = ?1 ORDER BY position, id",
                 id, MEMBERS ("name", "name_key", "dob", "gender", "address", "school"), error) ||
      !add_rows (ref, "household", db, "SELECT name, relationship, dob FROM household_member WHERE referral_id = ?1 ORDER BY id",
                 id, MEMBERS ("name", "relationship", "dob"), error) ||
      !add_rows (ref, "involved_agencies", db, "SELECT agency, name, organisation FROM involved_agency WHERE referral_id = ?1 ORDER BY id",
                 id, MEMBERS ("agency", "name", "organisation"), error) ||
      !add_rows (ref, "decision", db, "SELECT outcome, rationale, report_maker_text, police_informed, decided_by, decided_at "
                                      "FROM decision WHERE referral_id = ?1",
                 id, MEMBERS ("outcome", "rationale", "report_maker_text", "police_informed", "decided_by", "decided_at"), error) ||
      !gather_meetings (db, ref, id, error) ||
      !add_rows (ref, "cp_events", db, "SELECT kind, held_at, notes, recorded_by FROM cp_event WHERE referral_id = ?1 ORDER BY held_at, id",
                 id, MEMBERS ("kind", "held_at", "notes", "recorded_by"), error) ||
      !add_rows (ref, "letters", db, "SELECT id, kind, language, method, recipient, subject, body, sent_at "
                                     "FROM notification WHERE referral_id = ?1 ORDER BY sent_at, id",
                 id, MEMBERS ("id", "kind", "language", "method", "recipient", "subject_line", "body", "sent_at"), error))
    return NULL;

  array = json_object_get_array_member (ref, "children");
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *child = json_array_get_object_element (array, i);

      json_object_set_boolean_member (child, "subject", g_strcmp0 (dg_json_text (child, "name_key"), subject_key) == 0);
      json_object_remove_member (child, "name_key");
    }
  return g_steal_pointer (&ref);
}


/* Marks each referral's report-maker (and invitees of their agency) first,
 * then the third parties: a value is marked once, with its first code. */
static void
mark_all (Marks     *m,
          JsonArray *referrals)
{
  for (guint pass = 0; pass < 2; pass++)
    for (guint i = 0; i < json_array_get_length (referrals); i++)
      {
        JsonObject *ref = json_array_get_object_element (referrals, i);
        JsonArray *meetings = json_object_get_array_member (ref, "meetings");
        JsonArray *children = json_object_get_array_member (ref, "children");

        if (pass == 0)
          mark_rows (m, json_object_get_array_member (ref, "report_maker"),
                     MEMBERS ("name", "role", "organisation", "email", "phone", "address"), "report-maker");
        else
          {
            mark_rows (m, json_object_get_array_member (ref, "household"), MEMBERS ("name", "dob"), "third-party");
            mark_rows (m, json_object_get_array_member (ref, "involved_agencies"), MEMBERS ("name"), "third-party");
            for (guint k = 0; k < json_array_get_length (children); k++)
              {
                JsonObject *child = json_array_get_object_element (children, k);

                if (!json_object_get_boolean_member (child, "subject"))
                  {
                    mark (m, dg_json_text (child, "name"), "third-party");
                    mark (m, dg_json_text (child, "address"), "third-party");
                  }
              }
          }
        for (guint k = 0; k < json_array_get_length (meetings); k++)
          {
            JsonArray *invitees = json_object_get_array_member (json_array_get_object_element (meetings, k), "invitees");

            for (guint j = 0; j < json_array_get_length (invitees); j++)
              {
                JsonObject *invitee = json_array_get_object_element (invitees, j);
                gboolean reporter = g_strcmp0 (dg_json_text (invitee, "agency"), "report-maker") == 0;

                if (reporter == (pass == 0))
                  mark (m, dg_json_text (invitee, "name"), reporter ? "report-maker" : "third-party");
              }
          }
      }
}

/* ----- applying the marks ----- */

static gint
longest_first (gconstpointer a,
               gconstpointer b)
{
  JsonObject *ra = *(JsonObject * const *) a, *rb = *(JsonObject * const *) b;

  return (int) strlen (dg_json_text (rb, "text")) - (int) strlen (dg_json_text (ra, "text"));
}

GPtrArray *
dg_disclosure_sorted_marks (JsonObject *pack)
{
  JsonArray *redactions = json_object_get_array_member (pack, "redactions");
  GPtrArray *sorted = g_ptr_array_new ();

  for (guint i = 0; i < json_array_get_length (redactions); i++)
    g_ptr_array_add (sorted, json_array_get_object_element (redactions, i));
  g_ptr_array_sort (sorted, longest_first);
  return sorted;
}

/* Whether @p starts with @value (@n_chars characters), whatever the case
 * of either (Unicode case folding: "SIÔN" is "Siôn"); *@len gets the
 * bytes of @p matched. */
static gboolean
starts_with_folded (const char *p,
                    const char *value,
                    glong       n_chars,
                    gsize      *len)
{
  const char *q = p;
  g_autofree char *folded = NULL, *folded_value = NULL;

  if (g_unichar_tolower (g_utf8_get_char (p)) != g_unichar_tolower (g_utf8_get_char (value)))
    return FALSE;
  for (glong i = 0; i < n_chars; i++)
    {
      if (*q == '\0')
        return FALSE;
      q = g_utf8_next_char (q);
    }
  folded = g_utf8_casefold (p, q - p);
  folded_value = g_utf8_casefold (value, -1);
  *len = q - p;
  return g_str_equal (folded, folded_value);
}

static char *
apply (GPtrArray         *marks,
       const char        *text,
       DgDisclosureApply  how)
{
  GString *out = g_string_new (NULL);
  g_autofree glong *n_chars = g_new (glong, marks->len + 1);
  const char *p = text;

  for (guint i = 0; i < marks->len; i++)
    n_chars[i] = g_utf8_strlen (dg_json_text (marks->pdata[i], "text"), -1);
  while (*p != '\0')
    {
      JsonObject *hit = NULL;
      gsize len = 0;

      for (guint i = 0; i < marks->len && hit == NULL; i++)
        if (starts_with_folded (p, dg_json_text (marks->pdata[i], "text"), n_chars[i], &len))
          hit = marks->pdata[i];
      if (hit == NULL)
        {
          const char *next = g_utf8_next_char (p);

          g_string_append_len (out, p, next - p);
          p = next;
          continue;
        }
      const char *id = dg_json_text (hit, "id"), *code = dg_json_text (hit, "code");
      gboolean withheld = json_object_get_boolean_member (hit, "withheld");

      switch (how)
        {
        case DG_DISCLOSURE_APPLY_COUNT:
          json_object_set_int_member (hit, "occurrences", json_object_get_int_member (hit, "occurrences") + 1);
          g_string_append_len (out, p, len);
          break;
        case DG_DISCLOSURE_APPLY_REVIEW:
          g_string_append_printf (out, "⟦%s %s%s: %.*s⟧", id, code, withheld ? "" : _(" (released)"), (int) len, p);
          break;
        case DG_DISCLOSURE_APPLY_FINAL:
          if (withheld)
            g_string_append_printf (out, "████████ [%s %s]", id, code);
          else
            g_string_append_len (out, p, len);
          break;
        case DG_DISCLOSURE_APPLY_JSON:
          if (withheld)
            g_string_append_printf (out, "[%s %s]", id, code);
          else
            g_string_append_len (out, p, len);
          break;
        }
      p += len;
    }
  return g_string_free (out, FALSE);
}

JsonNode *
dg_disclosure_apply_node (GPtrArray         *marks,
                          JsonNode          *node,
                          DgDisclosureApply  how)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *in = json_node_get_object (node), *copy = json_object_new ();
      g_autoptr(GList) members = json_object_get_members (in);

      for (GList *l = members; l != NULL; l = l->next)
        json_object_set_member (copy, l->data,
                                dg_disclosure_apply_node (marks, json_object_get_member (in, l->data), how));
      return json_node_init_object (json_node_alloc (), copy);
    }
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *in = json_node_get_array (node), *copy = json_array_new ();

      for (guint i = 0; i < json_array_get_length (in); i++)
        json_array_add_element (copy, dg_disclosure_apply_node (marks, json_array_get_element (in, i), how));
      return json_node_init_array (json_node_alloc (), copy);
    }
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    {
      g_autofree char *text = apply (marks, json_node_get_string (node), how);

      return json_node_init_string (json_node_alloc (), text);
    }
  return json_node_copy (node);
}

/* ----- the pack ----- */

JsonObject *
dg_disclosure_gather (DgDb        *db,
                      gint64       referral_id,
                      const char  *child_name,
                      GError     **error)
{
  g_auto(DgDbSnapshot) snapshot = { 0 };
  g_autofree char *key = NULL;
  g_autofree char *name = NULL, *dob = NULL;
  g_autoptr(GPtrArray) candidates = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) marks = NULL;
  JsonObject *pack, *subject;
  JsonArray *referrals;
  Marks m;

  if (!dg_db_snapshot (db, &snapshot, error))
    return NULL;
  if (child_name != NULL)
    key = dg_name_fold (child_name);
  else
    {
      DgStmt *stmt = dg_db_query (db, "SELECT name_key FROM child WHERE referral_id = ?1 ORDER BY position, id LIMIT 1",
                                  error, DG_INT (referral_id));

      if (stmt == NULL ||
          !dg_db_step_row (db, stmt, error, DG_ERROR_NOT_FOUND, "referral",
                           "%s", _("The referral names no child")))
        return NULL;
      key = g_strdup (dg_stmt_column_text (stmt, 0));
      dg_stmt_reset (stmt);
    }
  candidates = same_child (db, key, referral_id, error);
  if (candidates == NULL)
    return NULL;
  if (candidates->len == 0 ||
      (referral_id != 0 && ((Candidate *) candidates->pdata[0])->referral != referral_id))
    {
      dg_error_set_field (error, DG_ERROR_NOT_FOUND, "child-name", child_name,
                          referral_id != 0 ? _("No child of that name on this referral")
                                           : _("No child of that name"));
      return NULL;
    }
  for (guint i = 0; i < candidates->len; i++)
    {
      Candidate *c = candidates->pdata[i];

      if (!c->in)
        {
          if (referral_id == 0)
            {
              dg_error_set_field (error, DG_ERROR_INVALID, "child-name", child_name,
                                  _("More than one child has this name: give --referral for the one asked about"));
              return NULL;
            }
          continue;
        }
      if (name == NULL)
        name = g_strdup (c->name);
      if (dob == NULL)
        dob = g_strdup (c->dob);
      {
        gboolean dup = FALSE;

        for (guint k = 0; k < ids->len; k++)
          dup = dup || g_array_index (ids, gint64, k) == c->referral;
        if (!dup)
          g_array_append_val (ids, c->referral);
      }
    }

  pack = json_object_new ();
  subject = json_object_new ();
  json_object_set_string_member (subject, "name", name);
  json_object_set_string_member (subject, "dob", dob);
  json_object_set_object_member (pack, "subject", subject);
  referrals = json_array_new ();
  json_object_set_array_member (pack, "referrals", referrals);
  for (guint i = 0; i < ids->len; i++)
    {
      JsonObject *ref = gather_referral (db, g_array_index (ids, gint64, i), key, error);

      if (ref == NULL)
        {
          json_object_unref (pack);
          return NULL;
        }
      json_array_add_object_element (referrals, ref);
    }
  m.redactions = json_array_new ();
  m.seen = seen;
  mark_all (&m, referrals);
  json_object_set_array_member (pack, "redactions", m.redactions);
  for (guint i = 0; i < json_array_get_length (m.redactions); i++)
    {
      JsonObject *r = json_array_get_object_element (m.redactions, i);

      for (guint k = 0; k < G_N_ELEMENTS (code_labels); k++)
        if (g_str_equal (code_labels[k].code, dg_json_text (r, "code")))
          {
            json_object_set_string_member (r, "label", _(code_labels[k].label));
            json_object_set_string_member (r, "label_cy", code_labels[k].label_cy);
          }
    }
  marks = dg_disclosure_sorted_marks (pack);
  json_node_unref (dg_disclosure_apply_node (marks, json_object_get_member (pack, "referrals"),
                                             DG_DISCLOSURE_APPLY_COUNT));
  return pack;
}

gboolean
dg_disclosure_release (JsonObject          *pack,
                       const char * const  *released,
                       GError             **error)
{
  JsonArray *redactions = json_object_get_array_member (pack, "redactions");

  for (guint k = 0; released != NULL && released[k] != NULL; k++)
    {
      gboolean found = FALSE;

      for (guint i = 0; i < json_array_get_length (redactions); i++)
        {
          JsonObject *r = json_array_get_object_element (redactions, i);

          if (g_ascii_strcasecmp (dg_json_text (r, "id"), released[k]) == 0)
            {
              json_object_set_boolean_member (r, "withheld", FALSE);
              found = TRUE;
            }
        }
      if (!found)
        {
          dg_error_set_field (error, DG_ERROR_INVALID, "release", released[k],
                              _("“%s” is not one of this pack’s redactions"), released[k]);
          return FALSE;
        }
    }
  return TRUE;
}
