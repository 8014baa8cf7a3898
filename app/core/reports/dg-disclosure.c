#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "dg-disclosure.h"
#include "dg-error.h"
#include "dg-file.h"
#include "dg-hub.h"
#include "dg-json.h"
#include "dg-letter.h"
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

typedef enum
{
  APPLY_COUNT,    /* text unchanged, occurrences counted */
  APPLY_REVIEW,   /* ⟦R1 report-maker: text⟧ */
  APPLY_FINAL,    /* withheld: a black bar and its code; released: the text */
  APPLY_JSON,     /* withheld: [R1 report-maker]; released: the text */
} Apply;

static gint
longest_first (gconstpointer a,
               gconstpointer b)
{
  JsonObject *ra = *(JsonObject * const *) a, *rb = *(JsonObject * const *) b;

  return (int) strlen (dg_json_text (rb, "text")) - (int) strlen (dg_json_text (ra, "text"));
}

/* The redactions, longest text first (so that a longer value is found
 * before a shorter one inside it). */
static GPtrArray *
sorted_marks (JsonObject *pack)
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
apply (GPtrArray  *marks,
       const char *text,
       Apply       how)
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
        case APPLY_COUNT:
          json_object_set_int_member (hit, "occurrences", json_object_get_int_member (hit, "occurrences") + 1);
          g_string_append_len (out, p, len);
          break;
        case APPLY_REVIEW:
          g_string_append_printf (out, "⟦%s %s%s: %.*s⟧", id, code, withheld ? "" : _(" (released)"), (int) len, p);
          break;
        case APPLY_FINAL:
          if (withheld)
            g_string_append_printf (out, "████████ [%s %s]", id, code);
          else
            g_string_append_len (out, p, len);
          break;
        case APPLY_JSON:
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

/* A copy of @node with @how applied to every text in it. */
static JsonNode *
apply_node (GPtrArray *marks,
            JsonNode  *node,
            Apply      how)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *in = json_node_get_object (node), *copy = json_object_new ();
      g_autoptr(GList) members = json_object_get_members (in);

      for (GList *l = members; l != NULL; l = l->next)
        json_object_set_member (copy, l->data, apply_node (marks, json_object_get_member (in, l->data), how));
      return json_node_init_object (json_node_alloc (), copy);
    }
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *in = json_node_get_array (node), *copy = json_array_new ();

      for (guint i = 0; i < json_array_get_length (in); i++)
        json_array_add_element (copy, apply_node (marks, json_array_get_element (in, i), how));
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
  marks = sorted_marks (pack);
  json_node_unref (apply_node (marks, json_object_get_member (pack, "referrals"), APPLY_COUNT));
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

/* ----- the files ----- */

static const struct
{
  const char *member;
  const char *label;
} labels[] = {
  { "reference", N_("Reference") }, { "received_at", N_("Received") }, { "channel", N_("Channel") },
  { "status", N_("Status") }, { "rag", N_("Rating") }, { "categories", N_("Categories") },
  { "category", N_("Category") }, { "concern", N_("Concern") }, { "immediate_action", N_("Immediate action") },
  { "other_information", N_("Other information") }, { "report_maker", N_("Report-maker") },
  { "name", N_("Name") }, { "role", N_("Role") }, { "organisation", N_("Organisation") },
  { "agency", N_("Agency") }, { "email", N_("E-mail") }, { "phone", N_("Phone") }, { "address", N_("Address") },
  { "children", N_("Children") }, { "dob", N_("Date of birth") }, { "gender", N_("Gender") },
  { "school", N_("School") }, { "subject", N_("The child these records are about") }, { "household", N_("Household") },
  { "relationship", N_("Relationship") }, { "involved_agencies", N_("Agencies involved") },
  { "decision", N_("Decision") }, { "outcome", N_("Outcome") }, { "rationale", N_("Rationale") },
  { "report_maker_text", N_("What the report-maker was told") }, { "police_informed", N_("Police informed") },
  { "decided_by", N_("Decided by") }, { "decided_at", N_("Decided") }, { "meetings", N_("Meetings") },
  { "kind", N_("Kind") }, { "held_at", N_("Held") }, { "chair", N_("Chair") }, { "invitees", N_("Invitees") },
  { "s47", N_("Section 47 enquiry") }, { "determination", N_("Determination") }, { "summary", N_("Summary") },
  { "actions", N_("Actions") }, { "action", N_("Action") }, { "owner", N_("Owner") }, { "due", N_("Due") },
  { "cp_events", N_("Child protection events") }, { "notes", N_("Notes") }, { "recorded_by", N_("Recorded by") },
  { "letters", N_("Letters sent") }, { "language", N_("Language") }, { "method", N_("Method") },
  { "recipient", N_("Recipient") }, { "subject_line", N_("Subject") }, { "body", N_("Text") },
  { "sent_at", N_("Sent") },
};

static const char *
label_of (const char *member)
{
  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (g_str_equal (labels[i].member, member))
      return _(labels[i].label);
  return member;
}

static void render_object (GString *out, JsonObject *object, int depth);

static void
render_member (GString    *out,
               const char *member,
               JsonNode   *node,
               int         depth)
{
  const char *label = label_of (member);

  if (JSON_NODE_HOLDS_NULL (node) || g_str_equal (member, "id"))
    return;
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      if (json_array_get_length (array) == 0)
        return;
      g_string_append_printf (out, "%*s%s:\n", depth * 4, "", label);
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *e = json_array_get_element (array, i);

          if (JSON_NODE_HOLDS_OBJECT (e))
            {
              g_string_append_printf (out, "%*s–\n", depth * 4 + 2, "");
              render_object (out, json_node_get_object (e), depth + 1);
            }
        }
      return;
    }
  if (json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    {
      if (json_node_get_boolean (node))
        g_string_append_printf (out, "%*s%s\n", depth * 4, "", label);
      return;
    }
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    g_string_append_printf (out, "%*s%s: %s\n", depth * 4, "", label, json_node_get_string (node));
}

static void
render_object (GString    *out,
               JsonObject *object,
               int         depth)
{
  g_autoptr(GList) members = json_object_get_members (object);

  for (GList *l = members; l != NULL; l = l->next)
    render_member (out, l->data, json_object_get_member (object, l->data), depth);
}

/* The records as the text of a PDF, every text marked as @how says. */
static char *
records_text (JsonObject *pack,
              Apply       how)
{
  g_autoptr(GPtrArray) marks = sorted_marks (pack);
  g_autoptr(JsonNode) referrals = apply_node (marks, json_object_get_member (pack, "referrals"), how);
  JsonObject *subject = json_object_get_object_member (pack, "subject");
  JsonArray *redactions = json_object_get_array_member (pack, "redactions");
  GString *out = g_string_new (NULL);
  JsonArray *array = json_node_get_array (referrals);

  g_string_append_printf (out, _("Records about %s"), dg_json_text (subject, "name"));
  if (dg_json_text (subject, "dob") != NULL)
    g_string_append_printf (out, _(", born %s"), dg_json_text (subject, "dob"));
  g_string_append (out, "\n\n");
  if (how == APPLY_REVIEW)
    g_string_append (out, _("REVIEW COPY — NOT FOR RELEASE. Each text marked for redaction is shown between ⟦ ⟧ "
                            "with its number and reason code.\n\n"));
  g_string_append (out, _("Reason codes:\n"));
  for (guint i = 0; dg_disclosure_codes[i] != NULL; i++)
    g_string_append_printf (out, "    %s: %s\n", dg_disclosure_codes[i], dg_disclosure_code_label (dg_disclosure_codes[i]));
  g_string_append_printf (out, _("Redactions: %u\n\n"), json_array_get_length (redactions));
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *ref = json_array_get_object_element (array, i);

      g_string_append_printf (out, _("Referral %s\n"), dg_json_text (ref, "reference"));
      render_object (out, ref, 1);
      g_string_append (out, "\n");
    }
  return g_string_free (out, FALSE);
}

static gboolean
write_bytes (const char  *folder,
             const char  *name,
             GBytes      *bytes,
             GError     **error)
{
  g_autofree char *path = g_build_filename (folder, name, NULL);
  gsize len;
  const void *data = g_bytes_get_data (bytes, &len);

  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      dg_file_set_write_error (error, folder, errno);
      return FALSE;
    }
  return dg_file_write (path, data, len, error);
}

static gboolean
write_json (const char  *folder,
            const char  *name,
            JsonNode    *node,
            GError     **error)
{
  char *text = json_to_string (node, TRUE);
  g_autoptr(GBytes) bytes = g_bytes_new_take (text, strlen (text));

  return write_bytes (folder, name, bytes, error);
}

gboolean
dg_disclosure_write_review (DgDb        *db,
                            JsonObject  *pack,
                            const char  *folder,
                            GError     **error)
{
  g_autofree char *body = records_text (pack, APPLY_REVIEW);
  const char *bodies[] = { body, NULL };
  g_autoptr(GBytes) pdf = dg_letter_pdf_many (_("Disclosure pack: review copy"), NULL, bodies, NULL, error);
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), pack);

  (void) db;
  return pdf != NULL &&
         write_bytes (folder, "disclosure-review.pdf", pdf, error) &&
         write_json (folder, "disclosure-review.json", node, error);
}

/* The cover letter: Welsh first, then English (both always in both
 * languages, whatever the running one, so not translated strings). */
static char *
cover_letter (DgDb        *db,
              JsonObject  *pack,
              const char  *reviewer,
              const char  *language,
              const char  *date,
              GError     **error)
{
  g_autoptr(GHashTable) hub = dg_hub_get (db, error);
  const char *child = dg_json_text (json_object_get_object_member (pack, "subject"), "name");
  guint n = json_array_get_length (json_object_get_array_member (pack, "referrals"));
  GString *out = g_string_new (NULL);
  const char *name, *name_cy;

  if (hub == NULL)
    return NULL;
  name = g_hash_table_lookup (hub, "hub.name");
  name_cy = g_hash_table_lookup (hub, "hub.name_cy");
  if (name == NULL)
    name = "Diogelu";
  if (name_cy == NULL)
    name_cy = name;
  if (!g_str_equal (language, "en"))
    {
      g_string_append_printf (out, "%s\n\n%s\n\nCais am wybodaeth: y cofnodion am %s\n\n"
                                   "Mae’r pecyn hwn yn cynnwys y cofnodion sydd gennym am %s "
                                   "(%u atgyfeiriad), fel y gofynnwyd. Mae rhai manylion wedi’u cuddio: "
                                   "gwybodaeth am bobl eraill, neu pwy a wnaeth yr adroddiad. Mae pob bar du "
                                   "yn dangos rhif a chôd y rheswm; mae’r codau wedi’u hesbonio ar ddechrau’r cofnodion.\n\n"
                                   "Adolygwyd y pecyn gan %s ar %s.\n\n"
                                   "Os oes gennych gwestiwn am y pecyn hwn, cysylltwch â ni.\n\n"
                                   "Yn gywir,\n\n%s\n",
                              name_cy, date, child, child, n, reviewer, date, name_cy);
    }
  if (g_str_equal (language, "cy+en"))
    g_string_append (out, "\n* * *\n\n");
  if (!g_str_equal (language, "cy"))
    {
      g_string_append_printf (out, "%s\n\n%s\n\nSubject access request: the records about %s\n\n"
                                   "This pack holds the records we keep about %s (%u referral%s), as asked. "
                                   "Some details are withheld: other people’s information, or who made the report. "
                                   "Each black bar shows its number and reason code; the codes are explained "
                                   "at the start of the records.\n\n"
                                   "The pack was reviewed by %s on %s.\n\n"
                                   "If you have a question about this pack, please contact us.\n\n"
                                   "Yours sincerely,\n\n%s\n",
                              name, date, child, child, n, n == 1 ? "" : "s", reviewer, date, name);
    }
  return g_string_free (out, FALSE);
}

static gboolean
audit_disclosure (DgDb        *db,
                  JsonObject  *pack,
                  const char  *reviewer,
                  GError     **error)
{
  g_auto(DgDbWrite) write = { 0 };
  JsonArray *referrals = json_object_get_array_member (pack, "referrals");
  JsonArray *redactions = json_object_get_array_member (pack, "redactions");
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *detail = NULL;
  const char *counted[] = { "meetings", "cp_events", "letters", "decision" };
  guint totals[G_N_ELEMENTS (counted)] = { 0 };

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "referrals");
  json_builder_begin_array (b);
  for (guint i = 0; i < json_array_get_length (referrals); i++)
    {
      JsonObject *ref = json_array_get_object_element (referrals, i);

      json_builder_add_int_value (b, json_object_get_int_member (ref, "id"));
      for (guint k = 0; k < G_N_ELEMENTS (counted); k++)
        totals[k] += json_array_get_length (json_object_get_array_member (ref, counted[k]));
    }
  json_builder_end_array (b);
  for (guint k = 0; k < G_N_ELEMENTS (counted); k++)
    {
      json_builder_set_member_name (b, counted[k]);
      json_builder_add_int_value (b, totals[k]);
    }
  json_builder_set_member_name (b, "redactions");
  json_builder_begin_object (b);
  for (guint k = 0; dg_disclosure_codes[k] != NULL; k++)
    {
      guint withheld = 0, released = 0;

      for (guint i = 0; i < json_array_get_length (redactions); i++)
        {
          JsonObject *r = json_array_get_object_element (redactions, i);

          if (g_str_equal (dg_json_text (r, "code"), dg_disclosure_codes[k]))
            {
              if (json_object_get_boolean_member (r, "withheld"))
                withheld++;
              else
                released++;
            }
        }
      json_builder_set_member_name (b, dg_disclosure_codes[k]);
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "withheld");
      json_builder_add_int_value (b, withheld);
      json_builder_set_member_name (b, "released");
      json_builder_add_int_value (b, released);
      json_builder_end_object (b);
    }
  json_builder_end_object (b);
  json_builder_set_member_name (b, "reviewer");
  json_builder_add_string_value (b, reviewer);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  detail = json_to_string (root, FALSE);

  return dg_db_write (db, &write, error) &&
         dg_db_audit (db, "disclosure", json_object_get_int_member (json_array_get_object_element (referrals, 0), "id"),
                      "disclose", detail, error) &&
         dg_db_commit (db, error);
}

gboolean
dg_disclosure_sign_off (DgDb        *db,
                        JsonObject  *pack,
                        const char  *reviewer,
                        const char  *language,
                        const char  *folder,
                        GError     **error)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (reviewer != NULL ? reviewer : ""));
  g_autofree char *now = dg_db_now_string (db);
  g_autofree char *date = g_strndup (now, 10);
  g_autofree char *cover = NULL, *records = NULL;
  g_autoptr(GBytes) logo = NULL, pdf = NULL;
  g_autoptr(GPtrArray) marks = sorted_marks (pack);
  g_autoptr(JsonNode) final = NULL;
  JsonArray *redactions;

  if (language == NULL)
    language = "cy+en";
  if (*trimmed == '\0')
    {
      dg_error_set_field (error, DG_ERROR_INVALID, "reviewer", reviewer, _("A reviewer must sign the pack off"));
      return FALSE;
    }
  if (!g_str_equal (language, "cy+en") && !g_str_equal (language, "cy") && !g_str_equal (language, "en"))
    {
      dg_error_set_field (error, DG_ERROR_INVALID, "language", language, _("“%s” is not one of cy+en | cy | en"), language);
      return FALSE;
    }
  cover = cover_letter (db, pack, trimmed, language, date, error);
  if (cover == NULL)
    return FALSE;
  records = records_text (pack, APPLY_FINAL);
  logo = dg_hub_logo (db, NULL);
  pdf = dg_letter_pdf_many (_("Disclosure pack"), NULL, (const char * const[]) { cover, records, NULL }, logo, error);
  if (pdf == NULL)
    return FALSE;

  /* The final JSON: every record's texts marked, the withheld texts gone
   * from the redactions too; the sign-off in it. */
  final = json_node_init_object (json_node_alloc (), json_object_new ());
  json_object_set_object_member (json_node_get_object (final), "subject",
                                 json_object_ref (json_object_get_object_member (pack, "subject")));
  json_object_set_member (json_node_get_object (final), "referrals",
                          apply_node (marks, json_object_get_member (pack, "referrals"), APPLY_JSON));
  redactions = json_node_get_array (json_object_get_member (pack, "redactions"));
  {
    JsonArray *copy = json_array_new ();

    for (guint i = 0; i < json_array_get_length (redactions); i++)
      {
        JsonObject *r = json_array_get_object_element (redactions, i);
        JsonObject *co = json_object_new ();
        g_autoptr(GList) members = json_object_get_members (r);

        for (GList *l = members; l != NULL; l = l->next)
          if (!g_str_equal (l->data, "text") || !json_object_get_boolean_member (r, "withheld"))
            json_object_set_member (co, l->data, json_node_copy (json_object_get_member (r, l->data)));
        json_array_add_object_element (copy, co);
      }
    json_object_set_array_member (json_node_get_object (final), "redactions", copy);
  }
  {
    JsonObject *sign = json_object_new ();

    json_object_set_string_member (sign, "reviewer", trimmed);
    json_object_set_string_member (sign, "at", now);
    json_object_set_object_member (json_node_get_object (final), "sign_off", sign);
  }

  /* The sign-off is recorded before anything is released. */
  return audit_disclosure (db, pack, trimmed, error) &&
         write_bytes (folder, "disclosure.pdf", pdf, error) &&
         write_json (folder, "disclosure.json", final, error);
}
