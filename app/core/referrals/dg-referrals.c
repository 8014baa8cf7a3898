#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>

#include "dg-clocks.h"
#include "dg-drafts.h"
#include "dg-meetings.h"
#include "dg-referrals.h"
#include "dg-token.h"
#include "dg-time.h"
#include "dg-vocab.h"
#include "dg-workdays.h"

#define MAX_NAME 200
#define MAX_SHORT 500
#define MAX_LONG 100000
#define MAX_LIST 100u
#define MAX_EXCERPT 40

/* ---- Folding and matching ------------------------------------------------ */

char *
dg_name_fold (const char *name)
{
  g_autofree char *nfd = NULL;
  g_autofree char *folded = NULL;
  GString *out;
  gboolean space = TRUE;

  if (name == NULL)
    return g_strdup ("");

  nfd = g_utf8_normalize (name, -1, G_NORMALIZE_NFD);
  if (nfd == NULL)
    return g_strdup ("");
  folded = g_utf8_casefold (nfd, -1);

  out = g_string_new (NULL);
  for (const char *p = folded; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_type (c) == G_UNICODE_NON_SPACING_MARK)
        continue;
      if (g_unichar_isalnum (c))
        {
          g_string_append_unichar (out, c);
          space = FALSE;
        }
      else if (!space)
        {
          g_string_append_c (out, ' ');
          space = TRUE;
        }
    }
  if (out->len > 0 && out->str[out->len - 1] == ' ')
    g_string_truncate (out, out->len - 1);

  return g_string_free (out, FALSE);
}

/* ---- Reading the input document ------------------------------------------ */

typedef struct
{
  const char *name;
  gsize       max;
} Field;

/* What of an unknown name a message may show: text only (never bytes that
 * are not UTF-8, never a control character), and only a glimpse of a name
 * that may be megabytes long. */
static char *
excerpt (const char *name)
{
  g_autofree char *valid = g_utf8_make_valid (name, -1);
  GString *out = g_string_new (NULL);
  guint n = 0;

  for (const char *p = valid; *p; p = g_utf8_next_char (p), n++)
    {
      gunichar c = g_utf8_get_char (p);

      if (n == MAX_EXCERPT)
        {
          g_string_append (out, "…");
          break;
        }
      if (g_unichar_iscntrl (c))
        g_string_append_printf (out, "\\u%04X", c);
      else
        g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

static gboolean
check_known (JsonObject   *obj,
             const char   *path,
             const char  **known,
             GError      **error)
{
  g_autoptr(GList) members = json_object_get_members (obj);

  for (GList *l = members; l != NULL; l = l->next)
    {
      if (!g_strv_contains (known, l->data))
        {
          g_autofree char *name = excerpt (l->data);

          g_set_error (error, DG_ERROR, DG_ERROR_INVALID,
                       _("%s%s%s: unknown field"), path, *path ? "." : "", name);
          return FALSE;
        }
    }

  return TRUE;
}

/* A text member: absent or null gives NULL; anything but a string is an error. */
static gboolean
get_text (JsonObject   *obj,
          const char   *path,
          const char   *member,
          gsize         max,
          const char  **out,
          GError      **error)
{
  JsonNode *node = json_object_get_member (obj, member);
  const char *value;

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_set_error (error, DG_ERROR, DG_ERROR_INVALID, _("%s%s%s: expected text"),
                   path, *path ? "." : "", member);
      return FALSE;
    }

  value = json_node_get_string (node);
  if (!g_utf8_validate (value, -1, NULL))
    {
      g_set_error (error, DG_ERROR, DG_ERROR_INVALID, _("%s%s%s: not valid text (a broken character or escape)"),
                   path, *path ? "." : "", member);
      return FALSE;
    }
  if (max != G_MAXSIZE && g_utf8_strlen (value, -1) > (glong) max)
    {
      g_set_error (error, DG_ERROR, DG_ERROR_INVALID,
                   _("%s%s%s: longer than %zu characters"),
                   path, *path ? "." : "", member, max);
      return FALSE;
    }

  /* Control characters (an escape sequence that rewrites a terminal, a
   * backspace that hides what was typed) have no place in a record; tab and
   * line breaks are ordinary text. */
  for (const char *p = value; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iscntrl (c) && c != '\t' && c != '\n' && c != '\r')
        {
          g_set_error (error, DG_ERROR, DG_ERROR_INVALID,
                       _("%s%s%s: holds a control character (U+%04X); remove it"),
                       path, *path ? "." : "", member, c);
          return FALSE;
        }
    }

  /* Blank is the same as missing: spaces and invisible format marks alone
   * say nothing. */
  for (const char *p = value; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!g_unichar_isspace (c) && !g_unichar_iscntrl (c) && g_unichar_type (c) != G_UNICODE_FORMAT)
        {
          *out = value;
          return TRUE;
        }
    }

  return TRUE;
}

static gboolean
get_bool (JsonObject  *obj,
          const char  *path,
          const char  *member,
          gboolean    *out,
          GError     **error)
{
  JsonNode *node = json_object_get_member (obj, member);

  *out = FALSE;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    {
      g_set_error (error, DG_ERROR, DG_ERROR_INVALID, _("%s%s%s: expected true or false"),
                   path, *path ? "." : "", member);
      return FALSE;
    }
  *out = json_node_get_boolean (node);
  return TRUE;
}

static gboolean
get_array (JsonObject  *obj,
           const char  *member,
           JsonArray  **out,
           GError     **error)
{
  JsonNode *node = json_object_get_member (obj, member);

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error (error, DG_ERROR, DG_ERROR_INVALID, _("%s: expected a list"), member);
      return FALSE;
    }
  if (json_array_get_length (json_node_get_array (node)) > MAX_LIST)
    {
      g_set_error (error, DG_ERROR, DG_ERROR_INVALID, _("%s: more than %u entries"), member, MAX_LIST);
      return FALSE;
    }
  *out = json_node_get_array (node);
  return TRUE;
}

static gboolean
get_object (JsonArray   *array,
            guint        index,
            const char  *member,
            JsonObject **out,
            GError     **error)
{
  JsonNode *node = json_array_get_element (array, index);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, DG_ERROR, DG_ERROR_INVALID, _("%s[%u]: expected an object"), member, index);
      return FALSE;
    }
  *out = json_node_get_object (node);
  return TRUE;
}

static gboolean
valid_email (const char *email)
{
  const char *at = strchr (email, '@');
  const char *dot;

  if (at == NULL || at == email || strchr (at + 1, '@') != NULL)
    return FALSE;
  for (const char *p = email; *p; p++)
    if (g_ascii_isspace (*p) || *p == ',' || *p == ';' || *p == '<' || *p == '>')
      return FALSE;
  dot = strrchr (at, '.');
  return dot != NULL && dot > at + 1 && dot[1] != '\0';
}

/* A past-or-present stored time from @text; NULL @text gives now. */
static char *
checked_time (DgDb        *db,
              const char  *field,
              const char  *text,
              GError     **error)
{
  g_autoptr(GDateTime) now = dg_db_now (db);

  return dg_time_checked (now, field, text, FALSE, error);
}

static gboolean
check_date_field (DgDb        *db,
                  const char  *field,
                  const char  *text,
                  gboolean     may_be_future,
                  GError     **error)
{
  g_autoptr(GDateTime) now = NULL;
  GDate date, today;

  if (text == NULL)
    return TRUE;
  if (!dg_date_parse (text, field, &date, error))
    return FALSE;
  if (may_be_future)
    return TRUE;

  now = dg_db_now (db);
  g_date_clear (&today, 1);
  g_date_set_dmy (&today, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                  g_date_time_get_year (now));
  if (g_date_compare (&date, &today) > 0)
    {
      g_set_error (error, DG_ERROR, DG_ERROR_INVALID, _("%s: “%s” is in the future"), field, text);
      return FALSE;
    }

  return TRUE;
}

static const char *referral_fields[] = {
  "received_at", "channel", "reporter", "children", "household", "categories", "concern",
  "immediate_action", "other_information", "involved_agencies", "rag", "links", NULL
};
static const char *reporter_fields[] = {
  "id", "name", "role", "organisation", "agency", "email", "phone", "address", "language",
  "anonymous", NULL
};
static const char *child_fields[] = {
  "name", "aliases", "dob", "dob_expected", "gender", "address", "ethnicity", "first_language",
  "religion", "interpreter_needed", "additional_needs", "school", "attendance",
  "parental_responsibility", NULL
};
static const char *child_text_fields[] = {
  "aliases", "gender", "address", "ethnicity", "first_language", "religion",
  "additional_needs", "school", "attendance", "parental_responsibility", NULL
};
static const char *household_fields[] = { "name", "relationship", "dob", NULL };
static const char *involved_fields[] = { "agency", "name", "organisation", NULL };

static gboolean
validate_reporter (DgDb        *db,
                   JsonObject  *reporter,
                   GError     **error)
{
  const char *text_fields[] = { "name", "role", "organisation", "phone", "address", NULL };
  const char *value;
  gboolean anonymous;
  const char *agency;

  if (!check_known (reporter, "reporter", reporter_fields, error))
    return FALSE;

  for (guint i = 0; text_fields[i]; i++)
    if (!get_text (reporter, "reporter", text_fields[i], MAX_SHORT, &value, error))
      return FALSE;

  if (json_object_has_member (reporter, "id"))
    {
      JsonNode *node = json_object_get_member (reporter, "id");
      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64 ||
          json_node_get_int (node) <= 0)
        {
          g_set_error (error, DG_ERROR, DG_ERROR_INVALID, _("reporter.id: expected a positive number"));
          return FALSE;
        }
    }

  if (!get_text (reporter, "reporter", "email", MAX_SHORT, &value, error))
    return FALSE;
  if (value != NULL && !valid_email (value))
    {
      g_set_error (error, DG_ERROR, DG_ERROR_INVALID,
                   _("reporter.email: “%s” is not an email address"), value);
      return FALSE;
    }

  if (!get_text (reporter, "reporter", "agency", MAX_SHORT, &agency, error))
    return FALSE;
  if (agency != NULL && !dg_vocab_check (DG_VOCAB_REPORTER_AGENCY, "reporter.agency", agency, error))
    return FALSE;

  if (!get_text (reporter, "reporter", "language", MAX_SHORT, &value, error))
    return FALSE;
  if (value != NULL && !dg_vocab_check (DG_VOCAB_LANGUAGE, "reporter.language", value, error))
    return FALSE;

  if (!get_bool (reporter, "reporter", "anonymous", &anonymous, error))
    return FALSE;
  if (anonymous && g_strcmp0 (agency, "public") != 0)
    {
      g_set_error (error, DG_ERROR, DG_ERROR_INVALID,
                   _("reporter.anonymous: only a member of the public (agency “public”) can stay anonymous; practitioners must give their name"));
      return FALSE;
    }

  return TRUE;
}

static gboolean
validate_child (DgDb        *db,
                JsonObject  *child,
                guint        index,
                GError     **error)
{
  g_autofree char *path = g_strdup_printf ("children[%u]", index);
  g_autofree char *dob_field = g_strdup_printf ("children[%u].dob", index);
  const char *value;
  gboolean flag;

  if (!check_known (child, path, child_fields, error))
    return FALSE;

  if (!get_text (child, path, "name", MAX_NAME, &value, error))
    return FALSE;
  if (value == NULL)
    {
      g_set_error (error, DG_ERROR, DG_ERROR_INVALID, _("%s.name: a child’s name is required"), path);
      return FALSE;
    }

  for (guint i = 0; child_text_fields[i]; i++)
    if (!get_text (child, path, child_text_fields[i], MAX_SHORT, &value, error))
      return FALSE;

  if (!get_bool (child, path, "interpreter_needed", &flag, error) ||
      !get_bool (child, path, "dob_expected", &flag, error) ||
      !get_text (child, path, "dob", MAX_SHORT, &value, error))
    return FALSE;

  /* An expected date of birth (an unborn child) may lie ahead. */
  return check_date_field (db, dob_field, value, flag, error);
}

gboolean
dg_referral_validate (DgDb        *db,
                      JsonObject  *input,
                      GError     **error)
{
  g_autofree char *received = NULL;
  const char *value;
  JsonArray *array;
  JsonObject *obj;
  JsonNode *node;

  g_return_val_if_fail (DG_IS_DB (db), FALSE);
  g_return_val_if_fail (input != NULL, FALSE);

  if (!check_known (input, "", referral_fields, error))
    return FALSE;

  if (!get_text (input, "", "received_at", MAX_SHORT, &value, error))
    return FALSE;
  received = checked_time (db, "received_at", value, error);
  if (received == NULL)
    return FALSE;

  if (!get_text (input, "", "channel", MAX_SHORT, &value, error))
    return FALSE;
  if (value != NULL && !dg_vocab_check (DG_VOCAB_CHANNEL, "channel", value, error))
    return FALSE;

  if (!get_text (input, "", "rag", MAX_SHORT, &value, error))
    return FALSE;
  if (value != NULL && !dg_vocab_check (DG_VOCAB_RAG, "rag", value, error))
    return FALSE;

  if (!get_text (input, "", "concern", MAX_LONG, &value, error) ||
      !get_text (input, "", "immediate_action", MAX_LONG, &value, error) ||
      !get_text (input, "", "other_information", MAX_LONG, &value, error))
    return FALSE;

  node = json_object_get_member (input, "reporter");
  if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
    {
      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          g_set_error (error, DG_ERROR, DG_ERROR_INVALID, _("reporter: expected an object"));
          return FALSE;
        }
      if (!validate_reporter (db, json_node_get_object (node), error))
        return FALSE;
    }

  if (!get_array (input, "children", &array, error))
    return FALSE;
  if (array == NULL || json_array_get_length (array) == 0)
    {
      g_set_error (error, DG_ERROR, DG_ERROR_INVALID,
                   _("children: at least one child with a name is required"));
      return FALSE;
    }
  for (guint i = 0; i < json_array_get_length (array); i++)
    if (!get_object (array, i, "children", &obj, error) ||
        !validate_child (db, obj, i, error))
      return FALSE;

  if (!get_array (input, "categories", &array, error))
    return FALSE;
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      g_autofree char *field = g_strdup_printf ("categories[%u]", i);

      if (!JSON_NODE_HOLDS_VALUE (element) || json_node_get_value_type (element) != G_TYPE_STRING)
        return dg_vocab_check (DG_VOCAB_CATEGORY, field, NULL, error);
      if (!dg_vocab_check (DG_VOCAB_CATEGORY, field, json_node_get_string (element), error))
        return FALSE;
    }

  if (!get_array (input, "household", &array, error))
    return FALSE;
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      g_autofree char *path = g_strdup_printf ("household[%u]", i);
      g_autofree char *dob_field = g_strdup_printf ("household[%u].dob", i);

      if (!get_object (array, i, "household", &obj, error) ||
          !check_known (obj, path, household_fields, error) ||
          !get_text (obj, path, "relationship", MAX_SHORT, &value, error) ||
          !get_text (obj, path, "name", MAX_NAME, &value, error))
        return FALSE;
      if (value == NULL)
        {
          g_set_error (error, DG_ERROR, DG_ERROR_INVALID, _("%s.name: a name is required"), path);
          return FALSE;
        }
      if (!get_text (obj, path, "dob", MAX_SHORT, &value, error) ||
          !check_date_field (db, dob_field, value, FALSE, error))
        return FALSE;
    }

  if (!get_array (input, "involved_agencies", &array, error))
    return FALSE;
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      g_autofree char *path = g_strdup_printf ("involved_agencies[%u]", i);
      g_autofree char *field = g_strdup_printf ("involved_agencies[%u].agency", i);

      if (!get_object (array, i, "involved_agencies", &obj, error) ||
          !check_known (obj, path, involved_fields, error) ||
          !get_text (obj, path, "name", MAX_SHORT, &value, error) ||
          !get_text (obj, path, "organisation", MAX_SHORT, &value, error) ||
          !get_text (obj, path, "agency", MAX_SHORT, &value, error) ||
          !dg_vocab_check (DG_VOCAB_MEETING_AGENCY, field, value, error))
        return FALSE;
    }

  if (!get_array (input, "links", &array, error))
    return FALSE;
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      if (!JSON_NODE_HOLDS_VALUE (element) || json_node_get_value_type (element) != G_TYPE_INT64)
        {
          g_set_error (error, DG_ERROR, DG_ERROR_INVALID, _("links[%u]: expected a referral id"), i);
          return FALSE;
        }
    }

  return TRUE;
}

/* ---- Writing --------------------------------------------------------------- */

static void
bind_text_or_null (DgStmt *stmt,
                   int           index,
                   const char   *text)
{
  if (text != NULL)
    dg_stmt_bind_text (stmt, index, text);
  else
    dg_stmt_bind_null (stmt, index);
}

static const char *
member_text (JsonObject *obj,
             const char *member)
{
  const char *value = NULL;

  if (obj != NULL)
    get_text (obj, "", member, G_MAXSIZE, &value, NULL);
  return value;
}

static gboolean
member_bool (JsonObject *obj,
             const char *member)
{
  gboolean value = FALSE;

  if (obj != NULL)
    get_bool (obj, "", member, &value, NULL);
  return value;
}

static char *
next_reference (DgDb        *db,
                const char  *received,
                GError     **error)
{
  DgStmt *stmt;
  gboolean has_row = FALSE;
  int year = atoi (received);
  gint64 last;

  stmt = dg_db_prepare (db,
                        "INSERT INTO reference_counter (year, last) VALUES (?1, 1) "
                        "ON CONFLICT (year) DO UPDATE SET last = reference_counter.last + 1 RETURNING last",
                        error);
  if (stmt == NULL)
    return NULL;
  dg_stmt_bind_int64 (stmt, 1, year);
  if (!dg_db_step (db, stmt, &has_row, error))
    return NULL;
  last = dg_stmt_column_int64 (stmt, 0);
  dg_stmt_reset (stmt);

  return g_strdup_printf ("DTR-%04d-%06" G_GINT64_FORMAT, year, last);
}

static gboolean
exec_bound (DgDb        *db,
            DgStmt *stmt,
            gint64      *rowid,
            GError     **error)
{
  gboolean has_row = FALSE;

  if (rowid == NULL)
    return dg_db_step_done (db, stmt, error);
  /* The INSERT says RETURNING id: the id comes back with the row, not in a
   * second round trip (lastval () on PostgreSQL). */
  if (!dg_db_step (db, stmt, &has_row, error))
    return FALSE;
  *rowid = dg_stmt_column_int64 (stmt, 0);
  dg_stmt_reset (stmt);
  return TRUE;
}

static gboolean
insert_reporter (DgDb        *db,
                 JsonObject  *reporter,
                 const char  *now,
                 gint64      *id,
                 GError     **error)
{
  DgStmt *stmt;
  gboolean has_row = FALSE;
  const char *agency = member_text (reporter, "agency");
  const char *language = member_text (reporter, "language");

  if (reporter != NULL && json_object_has_member (reporter, "id"))
    {
      *id = json_object_get_int_member (reporter, "id");
      stmt = dg_db_prepare (db, "SELECT 1 FROM reporter WHERE id = ?1", error);
      if (stmt == NULL)
        return FALSE;
      dg_stmt_bind_int64 (stmt, 1, *id);
      if (!dg_db_step (db, stmt, &has_row, error))
        return FALSE;
      dg_stmt_reset (stmt);
      if (!has_row)
        {
          g_set_error (error, DG_ERROR, DG_ERROR_INVALID,
                       _("reporter.id: no report-maker with id %" PRId64), *id);
          return FALSE;
        }
      return TRUE;
    }

  stmt = dg_db_prepare (db,
                        "INSERT INTO reporter (name, role, organisation, agency, email, phone, "
                        "  address, language, anonymous, created_at) "
                        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) RETURNING id",
                        error);
  if (stmt == NULL)
    return FALSE;

  dg_stmt_bind_text (stmt, 1, member_text (reporter, "name") ? member_text (reporter, "name") : "");
  bind_text_or_null (stmt, 2, member_text (reporter, "role"));
  bind_text_or_null (stmt, 3, member_text (reporter, "organisation"));
  dg_stmt_bind_text (stmt, 4, agency ? agency : "other");
  bind_text_or_null (stmt, 5, member_text (reporter, "email"));
  bind_text_or_null (stmt, 6, member_text (reporter, "phone"));
  bind_text_or_null (stmt, 7, member_text (reporter, "address"));
  dg_stmt_bind_text (stmt, 8, language ? language : "en");
  dg_stmt_bind_int64 (stmt, 9, member_bool (reporter, "anonymous"));
  dg_stmt_bind_text (stmt, 10, now);

  return exec_bound (db, stmt, id, error);
}

static gboolean
insert_children (DgDb        *db,
                 gint64       referral_id,
                 JsonArray   *children,
                 GString     *names,
                 GError     **error)
{
  for (guint i = 0; i < json_array_get_length (children); i++)
    {
      JsonObject *child = json_array_get_object_element (children, i);
      g_autofree char *key = dg_name_fold (member_text (child, "name"));
      g_autofree char *name = g_strstrip (g_strdup (member_text (child, "name")));
      DgStmt *stmt;

      stmt = dg_db_prepare (db,
                            "INSERT INTO child (referral_id, position, name, name_key, aliases, dob, "
                            "  dob_expected, gender, address, ethnicity, first_language, religion, "
                            "  interpreter_needed, additional_needs, school, attendance, "
                            "  parental_responsibility) "
                            "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
                            error);
      if (stmt == NULL)
        return FALSE;

      dg_stmt_bind_int64 (stmt, 1, referral_id);
      dg_stmt_bind_int64 (stmt, 2, i);
      bind_text_or_null (stmt, 3, name);
      dg_stmt_bind_text (stmt, 4, key);
      bind_text_or_null (stmt, 5, member_text (child, "aliases"));
      bind_text_or_null (stmt, 6, member_text (child, "dob"));
      dg_stmt_bind_int64 (stmt, 7, member_bool (child, "dob_expected"));
      bind_text_or_null (stmt, 8, member_text (child, "gender"));
      bind_text_or_null (stmt, 9, member_text (child, "address"));
      bind_text_or_null (stmt, 10, member_text (child, "ethnicity"));
      bind_text_or_null (stmt, 11, member_text (child, "first_language"));
      bind_text_or_null (stmt, 12, member_text (child, "religion"));
      dg_stmt_bind_int64 (stmt, 13, member_bool (child, "interpreter_needed"));
      bind_text_or_null (stmt, 14, member_text (child, "additional_needs"));
      bind_text_or_null (stmt, 15, member_text (child, "school"));
      bind_text_or_null (stmt, 16, member_text (child, "attendance"));
      bind_text_or_null (stmt, 17, member_text (child, "parental_responsibility"));

      if (!exec_bound (db, stmt, NULL, error))
        return FALSE;

      g_string_append_printf (names, "%s%s %s", names->len ? " " : "",
                              member_text (child, "name"),
                              member_text (child, "aliases") ? member_text (child, "aliases") : "");
    }

  return TRUE;
}

/* Inserts each object of the list @member with three text columns @fields. */
static gboolean
insert_list (DgDb         *db,
             gint64        referral_id,
             JsonObject   *input,
             const char   *member,
             const char   *sql,
             const char  **fields,
             GError      **error)
{
  JsonArray *array = NULL;

  get_array (input, member, &array, NULL);
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonObject *obj = json_array_get_object_element (array, i);
      DgStmt *stmt = dg_db_prepare (db, sql, error);

      if (stmt == NULL)
        return FALSE;
      dg_stmt_bind_int64 (stmt, 1, referral_id);
      for (int f = 0; f < 3; f++)
        bind_text_or_null (stmt, 2 + f, member_text (obj, fields[f]));
      if (!exec_bound (db, stmt, NULL, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
insert_extras (DgDb        *db,
               gint64       referral_id,
               JsonObject  *input,
               const char  *now,
               GError     **error)
{
  JsonArray *array = NULL;
  DgStmt *stmt;

  get_array (input, "categories", &array, NULL);
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      stmt = dg_db_prepare (db, "INSERT INTO referral_category (referral_id, category) VALUES (?1, ?2) ON CONFLICT DO NOTHING", error);
      if (stmt == NULL)
        return FALSE;
      dg_stmt_bind_int64 (stmt, 1, referral_id);
      dg_stmt_bind_text (stmt, 2, json_array_get_string_element (array, i));
      if (!exec_bound (db, stmt, NULL, error))
        return FALSE;
    }

  if (!insert_list (db, referral_id, input, "household",
                    "INSERT INTO household_member (referral_id, name, relationship, dob) VALUES (?1, ?2, ?3, ?4)",
                    (const char *[]) { "name", "relationship", "dob" }, error) ||
      !insert_list (db, referral_id, input, "involved_agencies",
                    "INSERT INTO involved_agency (referral_id, agency, name, organisation) VALUES (?1, ?2, ?3, ?4)",
                    (const char *[]) { "agency", "name", "organisation" }, error))
    return FALSE;

  get_array (input, "links", &array, NULL);
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    if (!dg_referral_link (db, referral_id, json_array_get_int_element (array, i), error))
      return FALSE;

  return TRUE;
}

/* Indexes the referrals with ids @first to @last for search. */
static gboolean
index_referrals (DgDb        *db,
                 gint64       first,
                 gint64       last,
                 GError     **error)
{
  DgStmt *stmt;

  stmt = dg_db_prepare (db,
                        "INSERT INTO referral_search (rowid, reference, names, organisation, concern) "
                        "SELECT r.id, r.reference, "
                        "  (SELECT group_concat (c.name || ' ' || coalesce (c.aliases, ''), ' ') "
                        "     FROM child c WHERE c.referral_id = r.id), "
                        "  (SELECT coalesce (p.organisation, '') || ' ' || p.name FROM reporter p WHERE p.id = r.reporter_id), "
                        "  r.concern "
                        "FROM referral r WHERE r.id BETWEEN ?1 AND ?2",
                        error);
  if (stmt == NULL)
    return FALSE;
  dg_stmt_bind_int64 (stmt, 1, first);
  dg_stmt_bind_int64 (stmt, 2, last);
  return exec_bound (db, stmt, NULL, error);
}

#define INDEX_DEFERRED "dg-referral-index-deferred"

typedef struct
{
  gint64 first, last;
} Deferred;

/* While deferred, a referral is only noted (ids only grow, so a range holds
 * them all); indexed now, FTS5 would write its pending terms to disk at the
 * next statement of the transaction, a segment per referral. */
static gboolean
index_referral (DgDb        *db,
                gint64       id,
                GError     **error)
{
  Deferred *deferred = g_object_get_data (G_OBJECT (db), INDEX_DEFERRED);

  if (deferred == NULL)
    return index_referrals (db, id, id, error);
  deferred->first = deferred->first == 0 ? id : MIN (deferred->first, id);
  deferred->last = MAX (deferred->last, id);
  return TRUE;
}

void
dg_referral_defer_index (DgDb *db)
{
  g_return_if_fail (DG_IS_DB (db));

  if (g_object_get_data (G_OBJECT (db), INDEX_DEFERRED) == NULL)
    g_object_set_data_full (G_OBJECT (db), INDEX_DEFERRED, g_new0 (Deferred, 1), g_free);
}

gboolean
dg_referral_flush_index (DgDb     *db,
                         GError  **error)
{
  Deferred *deferred;

  g_return_val_if_fail (DG_IS_DB (db), FALSE);

  deferred = g_object_get_data (G_OBJECT (db), INDEX_DEFERRED);
  if (deferred == NULL || deferred->first == 0)
    return TRUE;
  if (!index_referrals (db, deferred->first, deferred->last, error))
    return FALSE;
  deferred->first = deferred->last = 0;
  return TRUE;
}

void
dg_referral_undefer_index (DgDb *db)
{
  g_return_if_fail (DG_IS_DB (db));

  g_object_set_data (G_OBJECT (db), INDEX_DEFERRED, NULL);
}

static gint64
add (DgDb        *db,
     JsonObject  *input,
     const char  *draft_slot,
     const char  *client_token,
     gboolean    *repeated,
     GError     **error)
{
  g_autofree char *earlier = NULL;
  g_autofree char *result = NULL;
  gint64 id;

  if (!dg_referral_validate (db, input, error) ||
      !dg_db_begin (db, error))
    return 0;

  /* A retry of a save whose outcome its script never heard: the first one's referral. */
  if (client_token != NULL && !dg_token_find (db, client_token, "referral add", &earlier, error))
    {
      dg_db_rollback (db);
      return 0;
    }
  if (earlier != NULL)
    {
      dg_db_rollback (db);
      *repeated = TRUE;
      return g_ascii_strtoll (earlier, NULL, 10);
    }

  id = dg_referral_insert (db, input, error);
  /* The draft goes with the same commit: never lost, never saved twice. */
  if (id != 0)
    result = g_strdup_printf ("%" G_GINT64_FORMAT, id);
  if (id == 0 ||
      (draft_slot != NULL && !dg_draft_discard (db, DG_DRAFT_REFERRAL, draft_slot, error)) ||
      (client_token != NULL && !dg_token_record (db, client_token, "referral add", result, error)) ||
      !dg_db_commit (db, error))
    {
      dg_db_rollback (db);
      return 0;
    }

  return id;
}

gint64
dg_referral_add (DgDb        *db,
                 JsonObject  *input,
                 const char  *draft_slot,
                 GError     **error)
{
  gboolean repeated = FALSE;

  g_return_val_if_fail (DG_IS_DB (db), 0);
  g_return_val_if_fail (input != NULL, 0);

  return add (db, input, draft_slot, NULL, &repeated, error);
}

gint64
dg_referral_add_once (DgDb        *db,
                      JsonObject  *input,
                      const char  *client_token,
                      gboolean    *repeated,
                      GError     **error)
{
  g_return_val_if_fail (DG_IS_DB (db), 0);
  g_return_val_if_fail (input != NULL, 0);
  g_return_val_if_fail (repeated != NULL, 0);

  *repeated = FALSE;
  return add (db, input, NULL, client_token, repeated, error);
}

gint64
dg_referral_insert (DgDb        *db,
                    JsonObject  *input,
                    GError     **error)
{
  g_autofree char *now = NULL;
  g_autofree char *received = NULL;
  g_autofree char *reference = NULL;
  g_autofree char *detail = NULL;
  g_autoptr(GString) names = g_string_new (NULL);
  JsonObject *reporter = NULL;
  JsonArray *children = NULL;
  DgStmt *stmt;
  gint64 reporter_id = 0;
  gint64 id = 0;

  g_return_val_if_fail (DG_IS_DB (db), 0);
  g_return_val_if_fail (input != NULL, 0);

  now = dg_db_now_string (db);
  received = checked_time (db, "received_at", member_text (input, "received_at"), error);
  if (received == NULL)
    return 0;
  if (json_object_has_member (input, "reporter") &&
      JSON_NODE_HOLDS_OBJECT (json_object_get_member (input, "reporter")))
    reporter = json_object_get_object_member (input, "reporter");
  get_array (input, "children", &children, NULL);

  if (!insert_reporter (db, reporter, now, &reporter_id, error))
    return 0;

  reference = next_reference (db, received, error);
  if (reference == NULL)
    return 0;

  stmt = dg_db_prepare (db,
                        "INSERT INTO referral (reference, received_at, channel, reporter_id, rag, "
                        "  concern, immediate_action, other_information, created_at, updated_at) "
                        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9) RETURNING id",
                        error);
  if (stmt == NULL)
    return 0;
  dg_stmt_bind_text (stmt, 1, reference);
  dg_stmt_bind_text (stmt, 2, received);
  bind_text_or_null (stmt, 3, member_text (input, "channel"));
  dg_stmt_bind_int64 (stmt, 4, reporter_id);
  bind_text_or_null (stmt, 5, member_text (input, "rag"));
  bind_text_or_null (stmt, 6, member_text (input, "concern"));
  bind_text_or_null (stmt, 7, member_text (input, "immediate_action"));
  bind_text_or_null (stmt, 8, member_text (input, "other_information"));
  dg_stmt_bind_text (stmt, 9, now);
  if (!exec_bound (db, stmt, &id, error))
    return 0;

  if (!insert_children (db, id, children, names, error) ||
      !insert_extras (db, id, input, now, error) ||
      !index_referral (db, id, error))
    return 0;

  detail = g_strdup_printf ("{\"reference\":\"%s\"}", reference);
  if (!dg_db_audit (db, "referral", id, "create", detail, error))
    return 0;

  return id;
}

/* ---- Reading --------------------------------------------------------------- */

static const char *
col_text (DgStmt *stmt,
          int           col)
{
  return dg_stmt_column_text (stmt, col);
}

static void
add_text (JsonBuilder *b,
          const char  *name,
          const char  *value)
{
  json_builder_set_member_name (b, name);
  if (value != NULL)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

static void
add_col (JsonBuilder  *b,
         const char   *name,
         DgStmt *stmt,
         int           col)
{
  add_text (b, name, col_text (stmt, col));
}

gint64
dg_referral_resolve (DgDb        *db,
                     const char  *id_or_reference,
                     GError     **error)
{
  DgStmt *stmt;
  gboolean has_row = FALSE;
  gint64 id = 0;
  char *end = NULL;

  g_return_val_if_fail (DG_IS_DB (db), 0);

  if (id_or_reference == NULL || *id_or_reference == '\0')
    {
      g_set_error (error, DG_ERROR, DG_ERROR_INVALID, _("ID: a referral id or reference is required"));
      return 0;
    }

  id = g_ascii_strtoll (id_or_reference, &end, 10);
  if (end != NULL && *end == '\0' && id > 0)
    stmt = dg_db_prepare (db, "SELECT id FROM referral WHERE id = ?1", error);
  else
    stmt = dg_db_prepare (db, "SELECT id FROM referral WHERE reference = upper (?1)", error);
  if (stmt == NULL)
    return 0;

  if (id > 0 && *end == '\0')
    dg_stmt_bind_int64 (stmt, 1, id);
  else
    dg_stmt_bind_text (stmt, 1, id_or_reference);

  if (!dg_db_step (db, stmt, &has_row, error))
    return 0;
  id = has_row ? dg_stmt_column_int64 (stmt, 0) : 0;
  dg_stmt_reset (stmt);

  if (id == 0)
    g_set_error (error, DG_ERROR, DG_ERROR_NOT_FOUND, _("No referral “%s”"), id_or_reference);

  return id;
}

static gboolean
add_previous (DgDb        *db,
              JsonBuilder *b,
              gint64       id,
              GError     **error)
{
  DgStmt *stmt;
  gboolean has_row = FALSE;

  /* Earlier referrals about the same child: the same folded name with a date of
   * birth that agrees (or is missing), plus links a practitioner confirmed. */
  stmt = dg_db_prepare (db,
                        "SELECT DISTINCT r2.id FROM referral r "
                        "JOIN child c ON c.referral_id = r.id "
                        "JOIN child c2 ON c2.name_key = c.name_key AND c2.referral_id <> r.id "
                        "JOIN referral r2 ON r2.id = c2.referral_id "
                        "WHERE r.id = ?1 AND (c.dob IS NULL OR c2.dob IS NULL OR c.dob = c2.dob) "
                        "  AND (r2.received_at < r.received_at OR (r2.received_at = r.received_at AND r2.id < r.id)) "
                        "UNION SELECT earlier_id FROM referral_link WHERE referral_id = ?1 "
                        "ORDER BY 1 DESC",
                        error);
  if (stmt == NULL)
    return FALSE;
  dg_stmt_bind_int64 (stmt, 1, id);

  json_builder_set_member_name (b, "previous_referrals");
  json_builder_begin_array (b);
  while (dg_db_step (db, stmt, &has_row, error) && has_row)
    json_builder_add_int_value (b, dg_stmt_column_int64 (stmt, 0));
  json_builder_end_array (b);
  dg_stmt_reset (stmt);

  return error == NULL || *error == NULL;
}

static gboolean
add_meetings (DgDb        *db,
              JsonBuilder *b,
              gint64       id,
              GError     **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  DgStmt *stmt = dg_db_prepare (db, "SELECT id FROM meeting WHERE referral_id = ?1 ORDER BY held_at, id", error);
  gboolean has_row = FALSE;

  if (stmt == NULL)
    return FALSE;
  dg_stmt_bind_int64 (stmt, 1, id);
  while (dg_db_step (db, stmt, &has_row, error) && has_row)
    {
      gint64 mid = dg_stmt_column_int64 (stmt, 0);
      g_array_append_val (ids, mid);
    }
  dg_stmt_reset (stmt);
  if (error != NULL && *error != NULL)
    return FALSE;

  json_builder_set_member_name (b, "meetings");
  json_builder_begin_array (b);
  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(JsonNode) m = dg_meeting_show (db, g_array_index (ids, gint64, i), error);
      JsonObject *o, *c;

      if (m == NULL)
        return FALSE;
      o = json_node_get_object (m);
      c = json_object_get_object_member (o, "completeness");
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "id");
      json_builder_add_int_value (b, json_object_get_int_member (o, "id"));
      add_text (b, "kind", json_object_get_string_member (o, "kind"));
      add_text (b, "at", json_object_get_string_member (o, "at"));
      json_builder_set_member_name (b, "complete");
      json_builder_add_boolean_value (b, json_object_get_boolean_member (c, "complete"));
      json_builder_set_member_name (b, "missing");
      json_builder_add_value (b, json_node_copy (json_object_get_member (c, "missing")));
      json_builder_set_member_name (b, "outcome");
      json_builder_add_value (b, json_node_copy (json_object_get_member (o, "outcome")));
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  return TRUE;
}

static gboolean
add_children (DgDb        *db,
              JsonBuilder *b,
              gint64       id,
              GError     **error)
{
  const char *text_cols[] = {
    "name", "aliases", "dob", "gender", "address", "ethnicity", "first_language", "religion",
    "additional_needs", "school", "attendance", "parental_responsibility",
  };
  DgStmt *stmt;
  gboolean has_row = FALSE;

  stmt = dg_db_prepare (db,
                        "SELECT name, aliases, dob, gender, address, ethnicity, first_language, "
                        "  religion, additional_needs, school, attendance, parental_responsibility, "
                        "  dob_expected, interpreter_needed "
                        "FROM child WHERE referral_id = ?1 ORDER BY position, id",
                        error);
  if (stmt == NULL)
    return FALSE;
  dg_stmt_bind_int64 (stmt, 1, id);

  json_builder_set_member_name (b, "children");
  json_builder_begin_array (b);
  while (dg_db_step (db, stmt, &has_row, error) && has_row)
    {
      json_builder_begin_object (b);
      for (guint i = 0; i < G_N_ELEMENTS (text_cols); i++)
        add_col (b, text_cols[i], stmt, i);
      json_builder_set_member_name (b, "dob_expected");
      json_builder_add_boolean_value (b, dg_stmt_column_int (stmt, 12));
      json_builder_set_member_name (b, "interpreter_needed");
      json_builder_add_boolean_value (b, dg_stmt_column_int (stmt, 13));
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  dg_stmt_reset (stmt);

  return error == NULL || *error == NULL;
}

static gboolean
add_simple_list (DgDb        *db,
                 JsonBuilder *b,
                 gint64       id,
                 const char  *member,
                 const char  *sql,
                 const char **cols,
                 GError     **error)
{
  DgStmt *stmt = dg_db_prepare (db, sql, error);
  gboolean has_row = FALSE;

  if (stmt == NULL)
    return FALSE;
  dg_stmt_bind_int64 (stmt, 1, id);

  json_builder_set_member_name (b, member);
  json_builder_begin_array (b);
  while (dg_db_step (db, stmt, &has_row, error) && has_row)
    {
      if (cols == NULL)
        json_builder_add_string_value (b, col_text (stmt, 0));
      else
        {
          json_builder_begin_object (b);
          for (guint i = 0; cols[i] != NULL; i++)
            add_col (b, cols[i], stmt, i);
          json_builder_end_object (b);
        }
    }
  json_builder_end_array (b);
  dg_stmt_reset (stmt);

  return error == NULL || *error == NULL;
}

static JsonNode *referral_show (DgDb *db, gint64 id, gboolean previous, GError **error);

static JsonNode *
show_in_snapshot (DgDb      *db,
                  gint64     id,
                  gboolean   previous,
                  GError   **error)
{
  g_auto(DgDbSnapshot) snapshot = { 0 };

  if (!dg_db_snapshot (db, &snapshot, error))
    return NULL;
  return referral_show (db, id, previous, error);
}

JsonNode *
dg_referral_show (DgDb        *db,
                  gint64       id,
                  GError     **error)
{
  return show_in_snapshot (db, id, TRUE, error);
}

JsonNode *
dg_referral_show_brief (DgDb        *db,
                        gint64       id,
                        GError     **error)
{
  return show_in_snapshot (db, id, FALSE, error);
}

static JsonNode *
referral_show (DgDb        *db,
               gint64       id,
               gboolean     previous,
               GError     **error)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  DgStmt *stmt;
  gboolean has_row = FALSE;
  const char *reporter_cols[] = {
    "name", "role", "organisation", "agency", "email", "phone", "address", "language",
  };
  g_autoptr(GDateTime) now = dg_db_now (db);

  g_return_val_if_fail (DG_IS_DB (db), NULL);

  stmt = dg_db_prepare (db,
                        "SELECT r.id, r.reference, r.received_at, r.channel, r.status, r.rag, "
                        "  r.concern, r.immediate_action, r.other_information, r.confirmed_at, "
                        "  r.acknowledged_at, r.acknowledged_method, r.outcome_sent_at, "
                        "  p.id, p.name, p.role, p.organisation, p.agency, p.email, p.phone, "
                        "  p.address, p.language, p.anonymous, "
                        "  d.outcome, d.rationale, d.decided_by, d.decided_at, d.police_informed, "
                        "  r.created_at, r.version "
                        "FROM referral r LEFT JOIN reporter p ON p.id = r.reporter_id "
                        "LEFT JOIN decision d ON d.referral_id = r.id WHERE r.id = ?1",
                        error);
  if (stmt == NULL)
    return NULL;
  dg_stmt_bind_int64 (stmt, 1, id);
  if (!dg_db_step (db, stmt, &has_row, error))
    return NULL;
  if (!has_row)
    {
      dg_stmt_reset (stmt);
      g_set_error (error, DG_ERROR, DG_ERROR_NOT_FOUND, _("No referral “%" PRId64 "”"), id);
      return NULL;
    }

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_int_value (b, dg_stmt_column_int64 (stmt, 0));
  add_col (b, "reference", stmt, 1);
  add_col (b, "received_at", stmt, 2);
  add_col (b, "channel", stmt, 3);
  add_col (b, "status", stmt, 4);
  add_col (b, "rag", stmt, 5);
  add_col (b, "concern", stmt, 6);
  add_col (b, "immediate_action", stmt, 7);
  add_col (b, "other_information", stmt, 8);
  add_col (b, "confirmed_at", stmt, 9);
  add_col (b, "acknowledged_at", stmt, 10);
  add_col (b, "acknowledged_method", stmt, 11);
  add_col (b, "outcome_sent_at", stmt, 12);
  add_col (b, "created_at", stmt, 28);
  json_builder_set_member_name (b, "version");
  json_builder_add_int_value (b, dg_stmt_column_int64 (stmt, 29));

  json_builder_set_member_name (b, "reporter");
  if (dg_stmt_column_is_null (stmt, 13))
    json_builder_add_null_value (b);
  else
    {
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "id");
      json_builder_add_int_value (b, dg_stmt_column_int64 (stmt, 13));
      for (guint i = 0; i < G_N_ELEMENTS (reporter_cols); i++)
        add_col (b, reporter_cols[i], stmt, 14 + i);
      json_builder_set_member_name (b, "anonymous");
      json_builder_add_boolean_value (b, dg_stmt_column_int (stmt, 22));
      json_builder_end_object (b);
    }

  json_builder_set_member_name (b, "decision");
  if (dg_stmt_column_is_null (stmt, 23))
    json_builder_add_null_value (b);
  else
    {
      json_builder_begin_object (b);
      add_col (b, "outcome", stmt, 23);
      add_col (b, "rationale", stmt, 24);
      add_col (b, "by", stmt, 25);
      add_col (b, "at", stmt, 26);
      json_builder_set_member_name (b, "police_informed");
      json_builder_add_boolean_value (b, dg_stmt_column_int (stmt, 27));
      json_builder_end_object (b);
    }

  dg_stmt_reset (stmt);

  if (!add_children (db, b, id, error) ||
      !add_simple_list (db, b, id, "categories",
                        "SELECT category FROM referral_category WHERE referral_id = ?1 ORDER BY category",
                        NULL, error) ||
      !add_simple_list (db, b, id, "household",
                        "SELECT name, relationship, dob FROM household_member WHERE referral_id = ?1 ORDER BY id",
                        (const char *[]) { "name", "relationship", "dob", NULL }, error) ||
      !add_simple_list (db, b, id, "involved_agencies",
                        "SELECT agency, name, organisation FROM involved_agency WHERE referral_id = ?1 ORDER BY id",
                        (const char *[]) { "agency", "name", "organisation", NULL }, error) ||
      (previous && !add_previous (db, b, id, error)) ||
      !add_meetings (db, b, id, error) ||
      !add_simple_list (db, b, id, "notifications",
                        "SELECT kind, language, format, method, recipient, sent_by, sent_at FROM notification "
                        "WHERE referral_id = ?1 ORDER BY sent_at, id",
                        (const char *[]) { "kind", "language", "format", "method", "recipient", "by", "at", NULL }, error) ||
      !add_simple_list (db, b, id, "events",
                        "SELECT kind, held_at, notes, recorded_by FROM cp_event WHERE referral_id = ?1 ORDER BY held_at, id",
                        (const char *[]) { "kind", "at", "notes", "by", NULL }, error) ||
      !dg_clocks_add_json (db, b, id, now, error))
    return NULL;

  json_builder_end_object (b);
  return json_builder_get_root (b);
}

/* ---- State changes ----------------------------------------------------------- */

typedef struct
{
  char *received_at;
  char *channel;
  char *status;
  char *acknowledged_at;
  char *confirmed_at;
  gboolean decided;
} Current;

static void
current_clear (Current *c)
{
  g_free (c->received_at);
  g_free (c->channel);
  g_free (c->status);
  g_free (c->acknowledged_at);
  g_free (c->confirmed_at);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Current, current_clear)

static gboolean
load_current (DgDb        *db,
              gint64       id,
              Current     *c,
              GError     **error)
{
  DgStmt *stmt;
  gboolean has_row = FALSE;

  memset (c, 0, sizeof *c);
  stmt = dg_db_prepare (db,
                        "SELECT received_at, channel, status, acknowledged_at, confirmed_at, "
                        "  CASE WHEN EXISTS (SELECT 1 FROM decision WHERE referral_id = r.id) THEN 1 ELSE 0 END "
                        "FROM referral r WHERE id = ?1",
                        error);
  if (stmt == NULL)
    return FALSE;
  dg_stmt_bind_int64 (stmt, 1, id);
  if (!dg_db_step (db, stmt, &has_row, error))
    return FALSE;
  if (!has_row)
    {
      dg_stmt_reset (stmt);
      g_set_error (error, DG_ERROR, DG_ERROR_NOT_FOUND, _("No referral “%" PRId64 "”"), id);
      return FALSE;
    }
  c->received_at = g_strdup (col_text (stmt, 0));
  c->channel = g_strdup (col_text (stmt, 1));
  c->status = g_strdup (col_text (stmt, 2));
  c->acknowledged_at = g_strdup (col_text (stmt, 3));
  c->confirmed_at = g_strdup (col_text (stmt, 4));
  c->decided = dg_stmt_column_int (stmt, 5);
  dg_stmt_reset (stmt);

  return TRUE;
}

/* An event time: given or now, not in the future, not before the report arrived. */
static char *
event_time (DgDb        *db,
            const char  *field,
            const char  *at,
            Current     *c,
            GError     **error)
{
  g_autofree char *time = checked_time (db, field, at, error);

  if (time == NULL)
    return NULL;
  if (strcmp (time, c->received_at) < 0)
    {
      g_set_error (error, DG_ERROR, DG_ERROR_INVALID,
                   _("%s: “%s” is before the report was received (%s)"), field, time, c->received_at);
      return NULL;
    }
  return g_steal_pointer (&time);
}

static gboolean
finish_change (DgDb        *db,
               gint64       id,
               const char  *action,
               const char  *detail,
               GError     **error)
{
  g_autofree char *now = dg_db_now_string (db);
  DgStmt *stmt;

  stmt = dg_db_prepare (db, "UPDATE referral SET updated_at = ?2, version = version + 1 WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  dg_stmt_bind_int64 (stmt, 1, id);
  dg_stmt_bind_text (stmt, 2, now);

  return dg_db_step_done (db, stmt, error) &&
         dg_db_audit (db, "referral", id, action, detail, error);
}

gboolean
dg_referral_acknowledge (DgDb        *db,
                         gint64       id,
                         const char  *at,
                         const char  *method,
                         GError     **error)
{
  g_auto(Current) c = { 0 };
  g_autofree char *time = NULL;
  g_autofree char *detail = NULL;
  DgStmt *stmt;

  if (method == NULL)
    method = "email";
  if (!dg_vocab_check (DG_VOCAB_ACK_METHOD, "--method", method, error) ||
      !load_current (db, id, &c, error))
    return FALSE;
  if (c.acknowledged_at != NULL)
    {
      g_set_error (error, DG_ERROR, DG_ERROR_INVALID,
                   _("ID: the referral was already acknowledged at %s"), c.acknowledged_at);
      return FALSE;
    }
  time = event_time (db, "--at", at, &c, error);
  if (time == NULL)
    return FALSE;

  if (!dg_db_begin (db, error))
    return FALSE;
  stmt = dg_db_prepare (db,
                        "UPDATE referral SET acknowledged_at = ?2, acknowledged_method = ?3, "
                        "  status = CASE status WHEN 'new' THEN 'acknowledged' ELSE status END "
                        "WHERE id = ?1",
                        error);
  if (stmt == NULL)
    goto fail;
  dg_stmt_bind_int64 (stmt, 1, id);
  dg_stmt_bind_text (stmt, 2, time);
  dg_stmt_bind_text (stmt, 3, method);
  detail = g_strdup_printf ("{\"at\":\"%s\",\"method\":\"%s\"}", time, method);
  if (!dg_db_step_done (db, stmt, error) ||
      !finish_change (db, id, "acknowledge", detail, error))
    goto fail;

  return dg_db_commit (db, error);

fail:
  dg_db_rollback (db);
  return FALSE;
}

gboolean
dg_referral_confirm (DgDb        *db,
                     gint64       id,
                     const char  *at,
                     GError     **error)
{
  g_auto(Current) c = { 0 };
  g_autofree char *time = NULL;
  g_autofree char *detail = NULL;
  DgStmt *stmt;

  if (!load_current (db, id, &c, error))
    return FALSE;
  if (c.channel != NULL && !g_str_equal (c.channel, "phone"))
    {
      g_set_error (error, DG_ERROR, DG_ERROR_INVALID,
                   _("ID: written confirmation is for phoned reports; this one came by %s"),
                   dg_vocab_label (DG_VOCAB_CHANNEL, c.channel));
      return FALSE;
    }
  if (c.confirmed_at != NULL)
    {
      g_set_error (error, DG_ERROR, DG_ERROR_INVALID,
                   _("ID: written confirmation was already recorded at %s"), c.confirmed_at);
      return FALSE;
    }
  time = event_time (db, "--at", at, &c, error);
  if (time == NULL)
    return FALSE;

  if (!dg_db_begin (db, error))
    return FALSE;
  stmt = dg_db_prepare (db, "UPDATE referral SET confirmed_at = ?2 WHERE id = ?1", error);
  if (stmt == NULL)
    goto fail;
  dg_stmt_bind_int64 (stmt, 1, id);
  dg_stmt_bind_text (stmt, 2, time);
  detail = g_strdup_printf ("{\"at\":\"%s\"}", time);
  if (!dg_db_step_done (db, stmt, error) ||
      !finish_change (db, id, "confirm", detail, error))
    goto fail;

  return dg_db_commit (db, error);

fail:
  dg_db_rollback (db);
  return FALSE;
}

/* Refuses a second decision, saying whose the first one is: two practitioners
 * deciding the same referral at once learn who was first, not just "no". */
static gboolean
decided_already (DgDb    *db,
                 gint64   id,
                 GError **error)
{
  DgStmt *stmt;
  gboolean has_row = FALSE;

  stmt = dg_db_prepare (db, "SELECT decided_by, decided_at, outcome FROM decision WHERE referral_id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  dg_stmt_bind_int64 (stmt, 1, id);
  if (!dg_db_step (db, stmt, &has_row, error))
    return FALSE;
  if (has_row)
    {
      g_autofree char *when = g_strndup (col_text (stmt, 1), 16);

      g_strdelimit (when, "T", ' ');
      g_set_error (error, DG_ERROR, DG_ERROR_INVALID,
                   _("ID: already decided by %s at %s (%s); a decision is never overwritten"),
                   col_text (stmt, 0), when, dg_vocab_label (DG_VOCAB_OUTCOME, col_text (stmt, 2)));
    }
  else
    g_set_error (error, DG_ERROR, DG_ERROR_INVALID,
                 _("ID: the referral has already been decided; a decision is never overwritten"));
  dg_stmt_reset (stmt);
  return FALSE;
}

gboolean
dg_referral_decide (DgDb        *db,
                    gint64       id,
                    const char  *outcome,
                    const char  *rationale,
                    const char  *by,
                    const char  *at,
                    GError     **error)
{
  g_auto(Current) c = { 0 };
  g_autofree char *time = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *trimmed = NULL;
  DgStmt *stmt;

  if (outcome == NULL)
    {
      g_set_error (error, DG_ERROR, DG_ERROR_INVALID, _("--outcome: required (nfa | iaa | early-help | assessment | strategy)"));
      return FALSE;
    }
  if (!dg_vocab_check (DG_VOCAB_OUTCOME, "--outcome", outcome, error))
    return FALSE;

  trimmed = g_strstrip (g_strdup (rationale ? rationale : ""));
  if (*trimmed == '\0')
    {
      g_set_error (error, DG_ERROR, DG_ERROR_INVALID,
                   _("--rationale: every decision needs its reasons written down"));
      return FALSE;
    }
  if (g_utf8_strlen (trimmed, -1) > MAX_LONG)
    {
      g_set_error (error, DG_ERROR, DG_ERROR_INVALID, _("--rationale: longer than %d characters"), MAX_LONG);
      return FALSE;
    }
  if (by != NULL && g_utf8_strlen (by, -1) > MAX_NAME)
    {
      g_set_error (error, DG_ERROR, DG_ERROR_INVALID, _("--by: longer than %d characters"), MAX_NAME);
      return FALSE;
    }

  if (!load_current (db, id, &c, error))
    return FALSE;
  if (c.decided)
    return decided_already (db, id, error);
  time = event_time (db, "--at", at, &c, error);
  if (time == NULL)
    return FALSE;
  if (by == NULL || *by == '\0')
    by = dg_db_get_actor (db);

  if (!dg_db_begin (db, error))
    return FALSE;
  /* Someone else may have decided it since it was read: the write lock is
   * held now, so this answer stands until the commit. */
  current_clear (&c);
  if (!load_current (db, id, &c, error))
    goto fail;
  if (c.decided)
    {
      decided_already (db, id, error);
      goto fail;
    }
  stmt = dg_db_prepare (db,
                        "INSERT INTO decision (referral_id, outcome, rationale, decided_by, decided_at) "
                        "VALUES (?1, ?2, ?3, ?4, ?5)",
                        error);
  if (stmt == NULL)
    goto fail;
  dg_stmt_bind_int64 (stmt, 1, id);
  dg_stmt_bind_text (stmt, 2, outcome);
  dg_stmt_bind_text (stmt, 3, trimmed);
  dg_stmt_bind_text (stmt, 4, by);
  dg_stmt_bind_text (stmt, 5, time);
  if (!dg_db_step_done (db, stmt, error))
    goto fail;

  stmt = dg_db_prepare (db, "UPDATE referral SET status = 'decided' WHERE id = ?1 AND status IN ('new', 'acknowledged')", error);
  if (stmt == NULL)
    goto fail;
  dg_stmt_bind_int64 (stmt, 1, id);
  detail = g_strdup_printf ("{\"outcome\":\"%s\",\"at\":\"%s\"}", outcome, time);
  if (!dg_db_step_done (db, stmt, error) ||
      !finish_change (db, id, "decide", detail, error))
    goto fail;

  return dg_db_commit (db, error);

fail:
  dg_db_rollback (db);
  return FALSE;
}

gboolean
dg_referral_link (DgDb        *db,
                  gint64       id,
                  gint64       earlier_id,
                  GError     **error)
{
  g_autofree char *now = dg_db_now_string (db);
  g_autofree char *detail = NULL;
  DgStmt *stmt;
  gboolean has_row = FALSE;

  if (id == earlier_id)
    {
      g_set_error (error, DG_ERROR, DG_ERROR_INVALID, _("links: a referral cannot be linked to itself"));
      return FALSE;
    }

  stmt = dg_db_prepare (db, "SELECT 1 FROM referral WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  dg_stmt_bind_int64 (stmt, 1, earlier_id);
  if (!dg_db_step (db, stmt, &has_row, error))
    return FALSE;
  dg_stmt_reset (stmt);
  if (!has_row)
    {
      g_set_error (error, DG_ERROR, DG_ERROR_INVALID,
                   _("links: no earlier referral with id %" PRId64), earlier_id);
      return FALSE;
    }

  stmt = dg_db_prepare (db,
                        "INSERT INTO referral_link (referral_id, earlier_id, confirmed_by, confirmed_at) "
                        "VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING",
                        error);
  if (stmt == NULL)
    return FALSE;
  dg_stmt_bind_int64 (stmt, 1, id);
  dg_stmt_bind_int64 (stmt, 2, earlier_id);
  dg_stmt_bind_text (stmt, 3, dg_db_get_actor (db));
  dg_stmt_bind_text (stmt, 4, now);
  detail = g_strdup_printf ("{\"earlier\":%" G_GINT64_FORMAT "}", earlier_id);

  return dg_db_step_done (db, stmt, error) &&
         dg_db_audit (db, "referral", id, "link", detail, error);
}

JsonNode *
dg_referral_audit (DgDb        *db,
                   gint64       id,
                   GError     **error)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  DgStmt *stmt;
  gboolean has_row = FALSE;

  stmt = dg_db_prepare (db,
                        "SELECT at, actor, action, detail FROM audit "
                        "WHERE entity = 'referral' AND entity_id = ?1 ORDER BY id",
                        error);
  if (stmt == NULL)
    return NULL;
  dg_stmt_bind_int64 (stmt, 1, id);

  json_builder_begin_array (b);
  while (dg_db_step (db, stmt, &has_row, error) && has_row)
    {
      json_builder_begin_object (b);
      add_col (b, "at", stmt, 0);
      add_col (b, "by", stmt, 1);
      add_col (b, "action", stmt, 2);
      add_col (b, "detail", stmt, 3);
      json_builder_end_object (b);
    }
  dg_stmt_reset (stmt);
  json_builder_end_array (b);

  if (error != NULL && *error != NULL)
    return NULL;

  return json_builder_get_root (b);
}

/* ---- Lists and search ------------------------------------------------------- */

/* The search predicate on referral_search: FTS5's MATCH on SQLite, the
 * tsvector column on PostgreSQL (its GIN index answers either way). */
static const char *
match_clause (DgDb *db)
{
  return dg_db_is_postgres (db) ? "doc @@ dg_search_query (:search)"
                                : "referral_search MATCH :search";
}

/* Turns what a person types into an FTS5 query: every word a prefix, all
 * required (on PostgreSQL the folded words, which dg_search_query () in the
 * schema turns into the same tsquery). */
static char *
fts_query (DgDb       *db,
           const char *text)
{
  g_autofree char *folded = dg_name_fold (text);
  g_auto(GStrv) words = g_strsplit (folded, " ", -1);
  GString *q = g_string_new (NULL);

  for (guint i = 0; words[i] != NULL; i++)
    {
      if (*words[i] == '\0')
        continue;
      /* Folded words hold only letters and digits, so quoting is enough. */
      if (dg_db_is_postgres (db))
        g_string_append_printf (q, "%s%s", q->len ? " " : "", words[i]);
      else
        g_string_append_printf (q, "%s\"%s\"*", q->len ? " AND " : "", words[i]);
    }

  if (q->len == 0)
    {
      g_string_free (q, TRUE);
      return NULL;
    }

  return g_string_free (q, FALSE);
}

static gboolean
has_filter (const char *value)
{
  return value != NULL && *value != '\0';
}

/* Builds the WHERE of a list query; values are bound by name (:search, …). */
static void
append_filters (DgDb                  *db,
                GString               *sql,
                const DgReferralQuery *q,
                gboolean               searching)
{
  if (searching)
    g_string_append_printf (sql, " AND r.id IN (SELECT rowid FROM referral_search WHERE %s)", match_clause (db));
  if (has_filter (q->status))
    g_string_append (sql, " AND r.status = :status");
  if (has_filter (q->rag))
    g_string_append (sql, " AND r.rag = :rag");
  if (has_filter (q->agency))
    g_string_append (sql, " AND r.reporter_id IN (SELECT id FROM reporter WHERE agency = :agency)");
  if (has_filter (q->school))
    g_string_append (sql, " AND EXISTS (SELECT 1 FROM child c WHERE c.referral_id = r.id AND lower (c.school) = lower (:school))");
}

static void
bind_filters (DgStmt          *stmt,
              const DgReferralQuery *q,
              const char            *match)
{
  struct { const char *name; const char *value; } binds[] = {
    { ":search", match },
    { ":status", q->status },
    { ":rag", q->rag },
    { ":agency", q->agency },
    { ":school", q->school },
  };

  for (guint i = 0; i < G_N_ELEMENTS (binds); i++)
    {
      int index = dg_stmt_parameter_index (stmt, binds[i].name);
      if (index > 0)
        dg_stmt_bind_text (stmt, index, binds[i].value);
    }
}

static gboolean
check_query (const DgReferralQuery *q,
             GError               **error)
{
  if (has_filter (q->search))
    {
      g_autofree char *folded = dg_name_fold (q->search);
      g_auto(GStrv) words = g_strsplit (folded, " ", -1);
      guint n = 0;

      for (guint i = 0; words[i] != NULL; i++)
        n += *words[i] != '\0';
      if (n > DG_SEARCH_MAX_WORDS)
        {
          g_set_error (error, DG_ERROR, DG_ERROR_INVALID,
                       g_dngettext (GETTEXT_PACKAGE,
                                    "--search: %u word is too many; a search takes at most %d words",
                                    "--search: %u words are too many; a search takes at most %d words", n),
                       n, DG_SEARCH_MAX_WORDS);
          return FALSE;
        }
    }
  if (has_filter (q->status) && !dg_vocab_check (DG_VOCAB_STATUS, "--status", q->status, error))
    return FALSE;
  if (has_filter (q->rag) && !dg_vocab_check (DG_VOCAB_RAG, "--rag", q->rag, error))
    return FALSE;
  if (has_filter (q->agency) && !dg_vocab_check (DG_VOCAB_REPORTER_AGENCY, "--agency", q->agency, error))
    return FALSE;
  return TRUE;
}

static guint
search_timeout_ms (void)
{
  const char *env = g_getenv ("DIOGELU_SEARCH_TIMEOUT_MS");
  guint64 ms = 0;

  if (env != NULL && g_ascii_string_to_unsigned (env, 10, 1, G_MAXINT, &ms, NULL))
    return (guint) ms;
  return 10000;
}

/* A search the person stopped waiting for (or a script killed) must not
 * keep the server busy: on PostgreSQL its statements run under a
 * statement_timeout, restored afterwards. */
static gboolean
search_limit_start (DgDb    *db,
                    GError **error)
{
  g_autofree char *sql = NULL;

  if (!dg_db_is_postgres (db))
    return TRUE;
  sql = g_strdup_printf ("SET statement_timeout = %u", search_timeout_ms ());
  return dg_db_exec (db, sql, error);
}

static void
search_limit_end (DgDb    *db,
                  GError **error)
{
  if (!dg_db_is_postgres (db))
    return;
  /* In a transaction a failed search aborted, RESET would fail too, and
   * the rollback undoes the SET anyway. */
  dg_db_exec (db, "RESET statement_timeout", NULL);
  /* A read takes no lock another session waits on, so the "locked" it may
   * meet is the timeout's cancel (57014). */
  if (error != NULL && *error != NULL && g_error_matches (*error, DG_ERROR, DG_ERROR_LOCKED))
    {
      g_clear_error (error);
      g_set_error (error, DG_ERROR, DG_ERROR_LOCKED,
                   _("--search: the search took longer than %.1f s and was stopped; search with fewer or longer words"),
                   search_timeout_ms () / 1000.0);
    }
}

GArray *
dg_referral_list_ids (DgDb                  *db,
                      const DgReferralQuery *q,
                      guint                  limit,
                      GError               **error)
{
  static const DgReferralQuery empty = { 0 };
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GString) sql = g_string_new (NULL);
  g_autofree char *match = NULL;
  GError *local_error = NULL;
  DgStmt *stmt;
  gboolean has_row = FALSE;

  g_return_val_if_fail (DG_IS_DB (db), NULL);

  if (q == NULL)
    q = &empty;
  if (!check_query (q, error))
    return NULL;

  match = has_filter (q->search) ? fts_query (db, q->search) : NULL;

  /* Search results stream from the index newest-entered first, so a common
   * prefix answers as fast as a rare one; the full list follows received time. */
  if (match != NULL)
    {
      g_string_append (sql, "SELECT s.rowid FROM referral_search s");
      if (has_filter (q->status) || has_filter (q->rag) || has_filter (q->agency) || has_filter (q->school))
        g_string_append (sql, " JOIN referral r ON r.id = s.rowid");
      g_string_append_printf (sql, " WHERE %s", match_clause (db));
      append_filters (db, sql, q, FALSE);
      g_string_append (sql, " ORDER BY s.rowid DESC");
    }
  else
    {
      g_string_append (sql, "SELECT r.id FROM referral r WHERE 1 = 1");
      append_filters (db, sql, q, FALSE);
      g_string_append (sql, " ORDER BY r.received_at DESC, r.id DESC");
    }
  if (limit > 0)
    g_string_append_printf (sql, " LIMIT %u", limit);

  stmt = dg_db_prepare (db, sql->str, error);
  if (stmt == NULL)
    return NULL;
  bind_filters (stmt, q, match);

  if (match != NULL && !search_limit_start (db, error))
    return NULL;
  while (dg_db_step (db, stmt, &has_row, &local_error) && has_row)
    {
      gint64 id = dg_stmt_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  dg_stmt_reset (stmt);
  if (match != NULL)
    search_limit_end (db, &local_error);

  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }

  return g_steal_pointer (&ids);
}

gint64
dg_referral_count (DgDb                  *db,
                   const DgReferralQuery *q,
                   GError               **error)
{
  static const DgReferralQuery empty = { 0 };
  g_autoptr(GString) sql = g_string_new ("SELECT count(*) FROM referral r WHERE 1 = 1");
  g_autofree char *match = NULL;
  GError *local_error = NULL;
  DgStmt *stmt;
  gboolean has_row = FALSE;
  gint64 count = -1;

  if (q == NULL)
    q = &empty;
  if (!check_query (q, error))
    return -1;

  match = has_filter (q->search) ? fts_query (db, q->search) : NULL;
  append_filters (db, sql, q, match != NULL);

  stmt = dg_db_prepare (db, sql->str, error);
  if (stmt == NULL)
    return -1;
  bind_filters (stmt, q, match);
  if (match != NULL && !search_limit_start (db, error))
    return -1;
  if (dg_db_step (db, stmt, &has_row, &local_error))
    count = dg_stmt_column_int64 (stmt, 0);
  dg_stmt_reset (stmt);
  if (match != NULL)
    search_limit_end (db, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return -1;
    }

  return count;
}

JsonArray *
dg_referral_summaries (DgDb          *db,
                       const gint64  *ids,
                       guint          n_ids,
                       GError       **error)
{
  g_autoptr(JsonArray) items = json_array_sized_new (n_ids);
  g_autoptr(GDateTime) now = NULL;
  DgStmt *stmt;

  g_return_val_if_fail (DG_IS_DB (db), NULL);

  now = dg_db_now (db);

  stmt = dg_db_prepare (db,
                        "SELECT r.id, r.reference, r.received_at, r.status, r.rag, "
                        "  (SELECT name FROM child c WHERE c.referral_id = r.id ORDER BY position LIMIT 1), "
                        "  (SELECT count(*) FROM child c WHERE c.referral_id = r.id), "
                        "  p.name, p.organisation, p.agency, d.outcome, d.decided_at, "
                        "  r.acknowledged_at, r.outcome_sent_at, p.language, k.clock, k.due "
                        "FROM referral r LEFT JOIN reporter p ON p.id = r.reporter_id "
                        "LEFT JOIN decision d ON d.referral_id = r.id "
                        /* The next clock still running: decision, then acknowledgement, then outcome. */
                        "LEFT JOIN clock k ON k.referral_id = r.id AND k.clock = "
                        "  (SELECT clock FROM clock WHERE referral_id = r.id AND done_at IS NULL "
                        "   AND clock IN ('decision', 'acknowledgement', 'outcome') "
                        "   ORDER BY CASE clock WHEN 'decision' THEN 0 WHEN 'acknowledgement' THEN 1 ELSE 2 END LIMIT 1) "
                        "WHERE r.id = ?1",
                        error);
  if (stmt == NULL)
    return NULL;

  for (guint i = 0; i < n_ids; i++)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      gboolean has_row = FALSE;
      dg_stmt_reset (stmt);
      dg_stmt_bind_int64 (stmt, 1, ids[i]);
      if (!dg_db_step (db, stmt, &has_row, error))
        return NULL;
      if (!has_row)
        continue;

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "id");
      json_builder_add_int_value (b, dg_stmt_column_int64 (stmt, 0));
      add_col (b, "reference", stmt, 1);
      add_col (b, "received_at", stmt, 2);
      add_col (b, "status", stmt, 3);
      add_col (b, "rag", stmt, 4);
      add_col (b, "child", stmt, 5);
      json_builder_set_member_name (b, "children");
      json_builder_add_int_value (b, dg_stmt_column_int64 (stmt, 6));
      add_col (b, "reporter", stmt, 7);
      add_col (b, "organisation", stmt, 8);
      add_col (b, "agency", stmt, 9);
      add_col (b, "outcome", stmt, 10);
      add_col (b, "language", stmt, 14);

      json_builder_set_member_name (b, "next_due");
      if (!dg_stmt_column_is_null (stmt, 15))
        {
          GDate due;

          dg_date_parse (col_text (stmt, 16), "due", &due, NULL);
          json_builder_begin_object (b);
          add_col (b, "clock", stmt, 15);
          add_col (b, "due", stmt, 16);
          add_text (b, "state", dg_clock_state (&due, NULL, now));
          json_builder_end_object (b);
        }
      else
        json_builder_add_null_value (b);

      json_builder_end_object (b);
      json_array_add_element (items, json_builder_get_root (b));
    }
  dg_stmt_reset (stmt);

  return g_steal_pointer (&items);
}

/* ---- Repeat referrals ------------------------------------------------------- */

/* Welsh and English forms of the same first name, and common short forms. */
static const char * const name_variants[][6] = {
  { "dafydd", "david", "dai", "dave", "dewi", NULL },
  { "sion", "john", "ioan", "sean", "jac", NULL },
  { "sian", "jane", "jean", "janet", NULL, NULL },
  { "gwilym", "william", "will", "bill", "wil", NULL },
  { "rhys", "reece", "rees", "reese", NULL, NULL },
  { "catrin", "catherine", "katherine", "kate", "cath", NULL },
  { "ifan", "evan", "iwan", "ieuan", NULL, NULL },
  { "huw", "hugh", NULL, NULL, NULL, NULL },
  { "tomos", "thomas", "tom", "twm", NULL, NULL },
  { "elisabeth", "elizabeth", "beth", "bethan", "lisa", NULL },
  { "mared", "margaret", "megan", "meg", NULL, NULL },
  { "gruffudd", "griffith", "gruff", NULL, NULL, NULL },
  { "alex", "alexander", "alexandra", "alexa", "sasha", NULL },
  { "llywelyn", "llew", "lewis", NULL, NULL, NULL },
  { "sioned", "janet", "jenny", NULL, NULL, NULL },
  { "mari", "mary", "maria", "mair", NULL, NULL },
  { "owain", "owen", NULL, NULL, NULL, NULL },
  { "harri", "harry", "henry", NULL, NULL, NULL },
};

static gboolean
same_first_name (const char *a,
                 const char *b)
{
  if (g_str_equal (a, b))
    return TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (name_variants); i++)
    {
      gboolean has_a = FALSE, has_b = FALSE;

      for (guint j = 0; j < 6 && name_variants[i][j] != NULL; j++)
        {
          has_a |= g_str_equal (name_variants[i][j], a);
          has_b |= g_str_equal (name_variants[i][j], b);
        }
      if (has_a && has_b)
        return TRUE;
    }

  return FALSE;
}

static guint
edit_distance (const char *a,
               const char *b)
{
  gsize la = strlen (a), lb = strlen (b);
  g_autofree guint *row = g_new (guint, lb + 1);

  for (gsize j = 0; j <= lb; j++)
    row[j] = j;
  for (gsize i = 1; i <= la; i++)
    {
      guint diag = row[0];
      row[0] = i;
      for (gsize j = 1; j <= lb; j++)
        {
          guint up = row[j];
          guint cost = a[i - 1] == b[j - 1] ? 0 : 1;
          row[j] = MIN (MIN (row[j] + 1, row[j - 1] + 1), diag + cost);
          diag = up;
        }
    }

  return row[lb];
}

/* Scores how likely two folded names (and dates of birth) are one child:
 * 0 is no match; higher is likelier. */
static int
match_score (const char  *key,
             const char  *dob,
             const char  *other_key,
             const char  *other_dob,
             const char **reason)
{
  g_auto(GStrv) a = g_strsplit (key, " ", -1);
  g_auto(GStrv) b = g_strsplit (other_key, " ", -1);
  guint na = g_strv_length (a), nb = g_strv_length (b);
  gboolean same_dob = dob != NULL && other_dob != NULL && g_str_equal (dob, other_dob);
  gboolean dob_conflict = dob != NULL && other_dob != NULL && !same_dob;
  gboolean same_surname = na > 1 && nb > 1 && g_str_equal (a[na - 1], b[nb - 1]);
  gboolean first_alike = na > 0 && nb > 0 && same_first_name (a[0], b[0]);
  guint distance = edit_distance (key, other_key);

  if (g_str_equal (key, other_key))
    {
      if (dob_conflict)
        return 0;
      *reason = same_dob ? "same name and date of birth" : "same name";
      return same_dob ? 100 : 80;
    }
  if (same_dob && same_surname)
    {
      *reason = first_alike ? "name variant, same date of birth" : "same surname and date of birth";
      return first_alike ? 90 : 60;
    }
  if (!dob_conflict && same_surname && first_alike)
    {
      *reason = "name variant";
      return 70;
    }
  if (!dob_conflict && distance <= (strlen (key) >= 10 ? 2u : 1u))
    {
      *reason = same_dob ? "similar spelling, same date of birth" : "similar spelling";
      return same_dob ? 85 : 50;
    }
  if (same_dob && distance <= 3)
    {
      *reason = "similar spelling, same date of birth";
      return 65;
    }

  return 0;
}

typedef struct
{
  gint64      id;
  int         score;
  const char *reason;
} Candidate;

static int
compare_candidates (gconstpointer pa,
                    gconstpointer pb)
{
  const Candidate *a = pa, *b = pb;

  if (a->score != b->score)
    return b->score - a->score;
  return a->id < b->id ? 1 : (a->id > b->id ? -1 : 0);
}

JsonArray *
dg_referral_find_similar (DgDb        *db,
                          const char  *name,
                          const char  *dob,
                          gint64       exclude_id,
                          guint        limit,
                          GError     **error)
{
  g_autofree char *key = dg_name_fold (name);
  g_autofree char *surname_query = NULL;
  g_autofree char *sql = NULL;
  g_autoptr(GArray) found = g_array_new (FALSE, FALSE, sizeof (Candidate));
  g_autoptr(GHashTable) seen = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(JsonArray) result = json_array_new ();
  g_auto(GStrv) words = NULL;
  DgStmt *stmt;
  gboolean has_row = FALSE;

  g_return_val_if_fail (DG_IS_DB (db), NULL);

  if (*key == '\0')
    return g_steal_pointer (&result);
  if (dob != NULL && *dob == '\0')
    dob = NULL;

  /* Candidates: the same folded name, the same date of birth, or a surname
   * sharing its first three letters (typos later in the name still match). */
  words = g_strsplit (key, " ", -1);
  {
    const char *surname = words[g_strv_length (words) - 1];
    g_autofree char *prefix = g_utf8_substring (surname, 0, MIN (3, g_utf8_strlen (surname, -1)));
    /* On PostgreSQL the names are the search vector's weight B. */
    surname_query = dg_db_is_postgres (db) ? g_strdup (prefix)
                                           : g_strdup_printf ("names : \"%s\"*", prefix);
  }

  /* The same statement on both engines but for the search predicate. */
  sql = g_strdup_printf ("SELECT c.referral_id, c.name_key, c.dob FROM child c WHERE c.name_key = ?1 "
                         "UNION SELECT c.referral_id, c.name_key, c.dob FROM child c WHERE c.dob = ?2 "
                         "UNION SELECT * FROM (SELECT c.referral_id, c.name_key, c.dob FROM child c "
                         "  WHERE c.referral_id IN (SELECT rowid FROM referral_search WHERE %s "
                         "                          ORDER BY rowid DESC LIMIT 2000)) AS by_surname "
                         "LIMIT 5000",
                         DG_DB_SQL (db, "referral_search MATCH ?3", "doc @@ dg_search_query (?3, 'B')"));
  stmt = dg_db_prepare (db, sql, error);
  if (stmt == NULL)
    return NULL;
  dg_stmt_bind_text (stmt, 1, key);
  if (dob != NULL)
    dg_stmt_bind_text (stmt, 2, dob);
  dg_stmt_bind_text (stmt, 3, surname_query);

  while (dg_db_step (db, stmt, &has_row, error) && has_row)
    {
      Candidate c = { dg_stmt_column_int64 (stmt, 0), 0, NULL };

      if (c.id == exclude_id)
        continue;
      c.score = match_score (key, dob, col_text (stmt, 1), col_text (stmt, 2), &c.reason);
      if (c.score == 0)
        continue;
      g_array_append_val (found, c);
    }
  dg_stmt_reset (stmt);
  if (error != NULL && *error != NULL)
    return NULL;

  g_array_sort (found, compare_candidates);

  for (guint i = 0; i < found->len && json_array_get_length (result) < limit; i++)
    {
      Candidate *c = &g_array_index (found, Candidate, i);
      g_autoptr(JsonBuilder) b = json_builder_new ();

      if (g_hash_table_contains (seen, &c->id))
        continue;
      g_hash_table_add (seen, &c->id);

      stmt = dg_db_prepare (db,
                            "SELECT r.reference, r.received_at, c.name, c.dob, d.outcome "
                            "FROM referral r JOIN child c ON c.referral_id = r.id "
                            "LEFT JOIN decision d ON d.referral_id = r.id "
                            "WHERE r.id = ?1 ORDER BY c.position LIMIT 1",
                            error);
      if (stmt == NULL)
        return NULL;
      dg_stmt_bind_int64 (stmt, 1, c->id);
      if (!dg_db_step (db, stmt, &has_row, error))
        return NULL;
      if (has_row)
        {
          json_builder_begin_object (b);
          json_builder_set_member_name (b, "id");
          json_builder_add_int_value (b, c->id);
          add_col (b, "reference", stmt, 0);
          add_col (b, "received_at", stmt, 1);
          add_col (b, "child", stmt, 2);
          add_col (b, "dob", stmt, 3);
          add_col (b, "outcome", stmt, 4);
          add_text (b, "reason", c->reason);
          json_builder_set_member_name (b, "score");
          json_builder_add_int_value (b, c->score);
          json_builder_end_object (b);
          json_array_add_element (result, json_builder_get_root (b));
        }
      dg_stmt_reset (stmt);
    }

  return g_steal_pointer (&result);
}

JsonArray *
dg_reporter_search (DgDb        *db,
                    const char  *text,
                    guint        limit,
                    GError     **error)
{
  g_autoptr(JsonArray) result = json_array_new ();
  g_autofree char *pattern = NULL;
  DgStmt *stmt;
  gboolean has_row = FALSE;
  const char *cols[] = { "name", "role", "organisation", "agency", "email", "phone", "language" };

  if (text == NULL || *text == '\0')
    return g_steal_pointer (&result);

  pattern = g_strdup_printf ("%s%%", text);
  stmt = dg_db_prepare (db,
                        DG_DB_SQL (db,
                                   "SELECT id, name, role, organisation, agency, email, phone, language FROM reporter "
                                   "WHERE name LIKE ?1 ESCAPE '\\' OR organisation LIKE ?1 ESCAPE '\\' "
                                   "GROUP BY name, organisation, email ORDER BY max (id) DESC LIMIT ?2",
                                   /* The newest of each name, organisation and address, as SQLite's bare columns give it. */
                                   "SELECT id, name, role, organisation, agency, email, phone, language FROM reporter "
                                   "WHERE id IN (SELECT max (id) FROM reporter "
                                   "             WHERE name ILIKE ?1 ESCAPE '\\' OR organisation ILIKE ?1 ESCAPE '\\' "
                                   "             GROUP BY name, organisation, email) "
                                   "ORDER BY id DESC LIMIT ?2"),
                        error);
  if (stmt == NULL)
    return NULL;
  dg_stmt_bind_text (stmt, 1, pattern);
  dg_stmt_bind_int64 (stmt, 2, limit);

  while (dg_db_step (db, stmt, &has_row, error) && has_row)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "id");
      json_builder_add_int_value (b, dg_stmt_column_int64 (stmt, 0));
      for (guint i = 0; i < G_N_ELEMENTS (cols); i++)
        add_col (b, cols[i], stmt, i + 1);
      json_builder_end_object (b);
      json_array_add_element (result, json_builder_get_root (b));
    }
  dg_stmt_reset (stmt);

  if (error != NULL && *error != NULL)
    return NULL;

  return g_steal_pointer (&result);
}

GStrv
dg_referral_schools (DgDb    *db,
                     guint    limit,
                     GError **error)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  DgStmt *stmt;
  gboolean has_row = FALSE;

  /* Skips through the school index: one lookup per distinct name, so a
   * million children cost what a hundred do. */
  stmt = dg_db_prepare (db,
                        DG_DB_SQL (db,
                                   "WITH RECURSIVE s (name) AS ("
                                   "  SELECT min (school COLLATE NOCASE) FROM child "
                                   "  UNION ALL SELECT (SELECT min (school COLLATE NOCASE) FROM child "
                                   "                    WHERE school > s.name COLLATE NOCASE) "
                                   "  FROM s WHERE name IS NOT NULL) "
                                   "SELECT name FROM s WHERE name IS NOT NULL LIMIT ?1",
                                   "WITH RECURSIVE s (k) AS ("
                                   "  SELECT min (lower (school)) FROM child "
                                   "  UNION ALL SELECT (SELECT min (lower (school)) FROM child WHERE lower (school) > s.k) "
                                   "  FROM s WHERE k IS NOT NULL) "
                                   "SELECT (SELECT school FROM child WHERE lower (school) = s.k ORDER BY id LIMIT 1) "
                                   "FROM s WHERE k IS NOT NULL LIMIT ?1"),
                        error);
  if (stmt == NULL)
    return NULL;
  dg_stmt_bind_int64 (stmt, 1, limit);
  while (dg_db_step (db, stmt, &has_row, error) && has_row)
    g_strv_builder_add (builder, col_text (stmt, 0));
  dg_stmt_reset (stmt);

  if (error != NULL && *error != NULL)
    return NULL;
  return g_strv_builder_end (builder);
}
