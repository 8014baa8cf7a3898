#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "dg-disclosure-private.h"
#include "dg-error.h"
#include "dg-file.h"
#include "dg-hub.h"
#include "dg-json.h"
#include "dg-letter.h"

/* The disclosure pack's files: the review copy, and after the reviewer's
 * sign-off the final pack (dg-disclosure.h); dg-disclosure.c gathers the
 * pack and marks it. */

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
records_text (JsonObject        *pack,
              DgDisclosureApply  how)
{
  g_autoptr(GPtrArray) marks = dg_disclosure_sorted_marks (pack);
  g_autoptr(JsonNode) referrals = dg_disclosure_apply_node (marks, json_object_get_member (pack, "referrals"), how);
  JsonObject *subject = json_object_get_object_member (pack, "subject");
  JsonArray *redactions = json_object_get_array_member (pack, "redactions");
  GString *out = g_string_new (NULL);
  JsonArray *array = json_node_get_array (referrals);

  g_string_append_printf (out, _("Records about %s"), dg_json_text (subject, "name"));
  if (dg_json_text (subject, "dob") != NULL)
    g_string_append_printf (out, _(", born %s"), dg_json_text (subject, "dob"));
  g_string_append (out, "\n\n");
  if (how == DG_DISCLOSURE_APPLY_REVIEW)
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
  g_autofree char *body = records_text (pack, DG_DISCLOSURE_APPLY_REVIEW);
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
  g_autoptr(GPtrArray) marks = dg_disclosure_sorted_marks (pack);
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
  records = records_text (pack, DG_DISCLOSURE_APPLY_FINAL);
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
                          dg_disclosure_apply_node (marks, json_object_get_member (pack, "referrals"),
                                                    DG_DISCLOSURE_APPLY_JSON));
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
