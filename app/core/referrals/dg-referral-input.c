#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>

#include "dg-referrals-private.h"
#include "dg-text.h"
#include "dg-time.h"
#include "dg-vocab.h"

/* A referral document as the intake form, the CLI and imports hand it over:
 * names folded for matching, and every field checked before anything is
 * written. */

/* ---- Reading the input document ------------------------------------------ */

typedef struct
{
  const char *name;
  gsize       max;
} Field;

/* The JSON path of @member under @path ("" at the top). */
static char *
member_path (const char *path,
             const char *member)
{
  return g_strdup_printf ("%s%s%s", path, *path ? "." : "", member);
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
          /* Never bytes that are not text, nor more than a glimpse of a
           * name that may be megabytes long. */
          g_autofree char *name = dg_text_shown (l->data, DG_TEXT_GLIMPSE, FALSE);
          g_autofree char *field = member_path (path, name);

          dg_error_set_field (error, DG_ERROR_INVALID, field, NULL, _("Unknown field"));
          return FALSE;
        }
    }

  return TRUE;
}

/* A text member: absent or null gives NULL; anything but a string is an error. */
gboolean
dg_referral_input_text (JsonObject   *obj,
                        const char   *path,
                        const char   *member,
                        gsize         max,
                        const char  **out,
                        GError      **error)
{
  JsonNode *node = json_object_get_member (obj, member);
  g_autofree char *field = NULL;
  const char *value;

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  field = member_path (path, member);
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      dg_error_set_field (error, DG_ERROR_INVALID, field, NULL, _("Expected text"));
      return FALSE;
    }

  value = json_node_get_string (node);
  if (!g_utf8_validate (value, -1, NULL))
    {
      dg_error_set_field (error, DG_ERROR_INVALID, field, NULL, _("Not valid text (a broken character or escape)"));
      return FALSE;
    }
  if (max != G_MAXSIZE && g_utf8_strlen (value, -1) > (glong) max)
    {
      dg_error_set_field (error, DG_ERROR_INVALID, field, NULL, _("Longer than %zu characters"), max);
      return FALSE;
    }

  /* Control characters (an escape sequence that rewrites a terminal, a
   * backspace that hides what was typed) have no place in a record; tab and
   * line breaks are ordinary text. Blank is the same as missing: spaces and
   * invisible format marks alone say nothing. */
  for (const char *p = value; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iscntrl (c) && c != '\t' && c != '\n' && c != '\r')
        {
          dg_error_set_field (error, DG_ERROR_INVALID, field, NULL,
                              _("Holds a control character (U+%04X); remove it"), c);
          *out = NULL;
          return FALSE;
        }
      if (!g_unichar_isspace (c) && !g_unichar_iscntrl (c) && g_unichar_type (c) != G_UNICODE_FORMAT)
        *out = value;
    }

  return TRUE;
}

gboolean
dg_referral_input_bool (JsonObject  *obj,
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
      g_autofree char *field = member_path (path, member);

      dg_error_set_field (error, DG_ERROR_INVALID, field, NULL, _("Expected true or false"));
      return FALSE;
    }
  *out = json_node_get_boolean (node);
  return TRUE;
}

gboolean
dg_referral_input_array (JsonObject  *obj,
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
      dg_error_set_field (error, DG_ERROR_INVALID, member, NULL, _("Expected a list"));
      return FALSE;
    }
  if (json_array_get_length (json_node_get_array (node)) > MAX_LIST)
    {
      dg_error_set_field (error, DG_ERROR_INVALID, member, NULL, _("More than %u entries"), MAX_LIST);
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
      g_autofree char *field = g_strdup_printf ("%s[%u]", member, index);

      dg_error_set_field (error, DG_ERROR_INVALID, field, NULL, _("Expected an object"));
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
char *
dg_referral_checked_time (DgDb        *db,
                          const char  *field,
                          const char  *text,
                          GError     **error)
{
  g_autoptr(GDateTime) now = dg_db_now (db);

  return dg_time_checked (now, field, text, FALSE, error);
}

/* A date member of @obj, typed as people type dates (see
 * dg_date_parse_typed ()), checked and, when good, written back in its
 * stored form, YYYY-MM-DD, for the save to keep. */
static gboolean
check_date_field (DgDb        *db,
                  JsonObject  *obj,
                  const char  *member,
                  const char  *field,
                  const char  *text,
                  gboolean     may_be_future,
                  GError     **error)
{
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *stored = NULL;
  GDate date, today;

  if (text == NULL)
    return TRUE;
  now = dg_db_now (db);
  if (!dg_date_parse_typed (text, field, g_date_time_get_year (now), &date, error))
    return FALSE;

  if (!may_be_future)
    {
      g_date_clear (&today, 1);
      g_date_set_dmy (&today, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                      g_date_time_get_year (now));
      if (g_date_compare (&date, &today) > 0)
        {
          dg_error_set_field (error, DG_ERROR_INVALID, field, text, _("“%s” is in the future"), text);
          return FALSE;
        }
    }

  /* @text belongs to the member it replaces: compared, then let go. */
  stored = dg_date_to_string (&date);
  if (!g_str_equal (stored, text))
    json_object_set_string_member (obj, member, stored);
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
    if (!dg_referral_input_text (reporter, "reporter", text_fields[i], MAX_SHORT, &value, error))
      return FALSE;

  if (json_object_has_member (reporter, "id"))
    {
      JsonNode *node = json_object_get_member (reporter, "id");
      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64 ||
          json_node_get_int (node) <= 0)
        {
          dg_error_set_field (error, DG_ERROR_INVALID, "reporter.id", NULL, _("Expected a positive number"));
          return FALSE;
        }
    }

  if (!dg_referral_input_text (reporter, "reporter", "email", MAX_SHORT, &value, error))
    return FALSE;
  if (value != NULL && !valid_email (value))
    {
      dg_error_set_field (error, DG_ERROR_INVALID, "reporter.email", value,
                          _("“%s” is not an email address"), value);
      return FALSE;
    }

  if (!dg_referral_input_text (reporter, "reporter", "agency", MAX_SHORT, &agency, error))
    return FALSE;
  if (agency != NULL && !dg_vocab_check (DG_VOCAB_REPORTER_AGENCY, "reporter.agency", agency, error))
    return FALSE;

  if (!dg_referral_input_text (reporter, "reporter", "language", MAX_SHORT, &value, error))
    return FALSE;
  if (value != NULL && !dg_vocab_check (DG_VOCAB_LANGUAGE, "reporter.language", value, error))
    return FALSE;

  if (!dg_referral_input_bool (reporter, "reporter", "anonymous", &anonymous, error))
    return FALSE;
  if (anonymous && g_strcmp0 (agency, "public") != 0)
    {
      dg_error_set_field (error, DG_ERROR_INVALID, "reporter.anonymous", NULL,
                          _("Only a member of the public can stay anonymous; practitioners must give their name"));
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

  if (!dg_referral_input_text (child, path, "name", MAX_NAME, &value, error))
    return FALSE;
  if (value == NULL)
    {
      g_autofree char *field = member_path (path, "name");

      dg_error_set_field (error, DG_ERROR_INVALID, field, NULL, _("A child’s name is required"));
      return FALSE;
    }

  for (guint i = 0; child_text_fields[i]; i++)
    if (!dg_referral_input_text (child, path, child_text_fields[i], MAX_SHORT, &value, error))
      return FALSE;

  if (!dg_referral_input_bool (child, path, "interpreter_needed", &flag, error) ||
      !dg_referral_input_bool (child, path, "dob_expected", &flag, error) ||
      !dg_referral_input_text (child, path, "dob", MAX_SHORT, &value, error))
    return FALSE;

  /* An expected date of birth (an unborn child) may lie ahead. */
  return check_date_field (db, child, "dob", dob_field, value, flag, error);
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

  if (!dg_referral_input_text (input, "", "received_at", MAX_SHORT, &value, error))
    return FALSE;
  received = dg_referral_checked_time (db, "received_at", value, error);
  if (received == NULL)
    return FALSE;

  if (!dg_referral_input_text (input, "", "channel", MAX_SHORT, &value, error))
    return FALSE;
  if (value != NULL && !dg_vocab_check (DG_VOCAB_CHANNEL, "channel", value, error))
    return FALSE;

  if (!dg_referral_input_text (input, "", "rag", MAX_SHORT, &value, error))
    return FALSE;
  if (value != NULL && !dg_vocab_check (DG_VOCAB_RAG, "rag", value, error))
    return FALSE;

  if (!dg_referral_input_text (input, "", "concern", MAX_LONG, &value, error) ||
      !dg_referral_input_text (input, "", "immediate_action", MAX_LONG, &value, error) ||
      !dg_referral_input_text (input, "", "other_information", MAX_LONG, &value, error))
    return FALSE;

  node = json_object_get_member (input, "reporter");
  if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
    {
      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          dg_error_set_field (error, DG_ERROR_INVALID, "reporter", NULL, _("Expected an object"));
          return FALSE;
        }
      if (!validate_reporter (db, json_node_get_object (node), error))
        return FALSE;
    }

  if (!dg_referral_input_array (input, "children", &array, error))
    return FALSE;
  if (array == NULL || json_array_get_length (array) == 0)
    {
      dg_error_set_field (error, DG_ERROR_INVALID, "children", NULL,
                          _("At least one child with a name is required"));
      return FALSE;
    }
  for (guint i = 0; i < json_array_get_length (array); i++)
    if (!get_object (array, i, "children", &obj, error) ||
        !validate_child (db, obj, i, error))
      return FALSE;

  if (!dg_referral_input_array (input, "categories", &array, error))
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

  if (!dg_referral_input_array (input, "household", &array, error))
    return FALSE;
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      g_autofree char *path = g_strdup_printf ("household[%u]", i);
      g_autofree char *dob_field = g_strdup_printf ("household[%u].dob", i);

      if (!get_object (array, i, "household", &obj, error) ||
          !check_known (obj, path, household_fields, error) ||
          !dg_referral_input_text (obj, path, "relationship", MAX_SHORT, &value, error) ||
          !dg_referral_input_text (obj, path, "name", MAX_NAME, &value, error))
        return FALSE;
      if (value == NULL)
        {
          g_autofree char *field = member_path (path, "name");

          dg_error_set_field (error, DG_ERROR_INVALID, field, NULL, _("A name is required"));
          return FALSE;
        }
      if (!dg_referral_input_text (obj, path, "dob", MAX_SHORT, &value, error) ||
          !check_date_field (db, obj, "dob", dob_field, value, FALSE, error))
        return FALSE;
    }

  if (!dg_referral_input_array (input, "involved_agencies", &array, error))
    return FALSE;
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      g_autofree char *path = g_strdup_printf ("involved_agencies[%u]", i);
      g_autofree char *field = g_strdup_printf ("involved_agencies[%u].agency", i);

      if (!get_object (array, i, "involved_agencies", &obj, error) ||
          !check_known (obj, path, involved_fields, error) ||
          !dg_referral_input_text (obj, path, "name", MAX_SHORT, &value, error) ||
          !dg_referral_input_text (obj, path, "organisation", MAX_SHORT, &value, error) ||
          !dg_referral_input_text (obj, path, "agency", MAX_SHORT, &value, error) ||
          !dg_vocab_check (DG_VOCAB_MEETING_AGENCY, field, value, error))
        return FALSE;
    }

  if (!dg_referral_input_array (input, "links", &array, error))
    return FALSE;
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      if (!JSON_NODE_HOLDS_VALUE (element) || json_node_get_value_type (element) != G_TYPE_INT64)
        {
          g_autofree char *field = g_strdup_printf ("links[%u]", i);

          dg_error_set_field (error, DG_ERROR_INVALID, field, NULL, _("Expected a referral id"));
          return FALSE;
        }
    }

  return TRUE;
}

const char *
dg_referral_member_text (JsonObject *obj,
                         const char *member)
{
  const char *value = NULL;

  if (obj != NULL)
    dg_referral_input_text (obj, "", member, G_MAXSIZE, &value, NULL);
  return value;
}

gboolean
dg_referral_member_bool (JsonObject *obj,
                         const char *member)
{
  gboolean value = FALSE;

  if (obj != NULL)
    dg_referral_input_bool (obj, "", member, &value, NULL);
  return value;
}
