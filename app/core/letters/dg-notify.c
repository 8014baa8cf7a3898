#include "config.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>

#include "dg-json.h"
#include "dg-ledger.h"
#include "dg-mail.h"
#include "dg-notify.h"
#include "dg-hub.h"
#include "dg-referrals.h"
#include "dg-template.h"
#include "dg-text.h"
#include "dg-time.h"
#include "dg-vocab.h"

static const char * const template_names[] = { "acknowledgement", "outcome", NULL };

/* Letters are written in the report-maker's language whatever the
 * interface's, so their words do not go through gettext. */
static const char * const months_en[] = { "January", "February", "March", "April", "May", "June", "July",
                                          "August", "September", "October", "November", "December" };
static const char * const months_cy[] = { "Ionawr", "Chwefror", "Mawrth", "Ebrill", "Mai", "Mehefin", "Gorffennaf",
                                          "Awst", "Medi", "Hydref", "Tachwedd", "Rhagfyr" };
static const struct { const char *id, *en, *cy; } outcome_words[] = {
  { "nfa", "No further action", "Dim camau pellach" },
  { "iaa", "Information, advice and assistance", "Gwybodaeth, cyngor a chymorth" },
  { "early-help", "Early help", "Cymorth cynnar" },
  { "assessment", "Care and support assessment", "Asesiad o anghenion gofal a chymorth" },
  { "strategy", "Strategy discussion", "Trafodaeth strategaeth" },
};

static gboolean
check_names (const char  *name,
             const char  *language,
             GError     **error)
{
  if (name == NULL || !g_strv_contains (template_names, name))
    {
      dg_error_set_field (error, DG_ERROR_INVALID, "NAME", NULL, _("“%s” is not one of acknowledgement | outcome"), name ? name : "");
      return FALSE;
    }
  return dg_vocab_check (DG_VOCAB_LANGUAGE, "LANG", language, error);
}

JsonObject *
dg_template_show (DgDb        *db,
                  const char  *name,
                  const char  *language,
                  GError     **error)
{
  g_autofree char *path = NULL;
  g_autoptr(GBytes) bytes = NULL;
  DgStmt *stmt;
  gboolean has_row = FALSE;
  JsonObject *o;

  if (!check_names (name, language, error))
    return NULL;

  stmt = dg_db_query (db,
                      "SELECT body, version, created_by, created_at FROM letter_template "
                      "WHERE name = ?1 AND language = ?2 ORDER BY version DESC LIMIT 1",
                      error, DG_TEXT (name), DG_TEXT (language));
  if (stmt == NULL)
    return NULL;
  if (!dg_db_step (db, stmt, &has_row, error))
    return NULL;

  o = json_object_new ();
  json_object_set_string_member (o, "name", name);
  json_object_set_string_member (o, "language", language);
  if (has_row)
    {
      json_object_set_int_member (o, "version", dg_stmt_column_int64 (stmt, 1));
      json_object_set_string_member (o, "body", dg_stmt_column_text (stmt, 0));
      json_object_set_string_member (o, "saved_by", dg_stmt_column_text (stmt, 2));
      json_object_set_string_member (o, "saved_at", dg_stmt_column_text (stmt, 3));
      dg_stmt_reset (stmt);
      return o;
    }
  dg_stmt_reset (stmt);

  path = g_strdup_printf ("/io/github/diogelu/Diogelu/core/templates/%s.%s.txt", name, language);
  bytes = g_resources_lookup_data (path, 0, error);
  if (bytes == NULL)
    {
      json_object_unref (o);
      return NULL;
    }
  json_object_set_int_member (o, "version", 0);
  {
    g_autofree char *body = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
    json_object_set_string_member (o, "body", body);
  }
  json_object_set_null_member (o, "saved_by");
  json_object_set_null_member (o, "saved_at");
  return o;
}

char *
dg_template_get (DgDb        *db,
                 const char  *name,
                 const char  *language,
                 int         *version,
                 GError     **error)
{
  g_autoptr(JsonObject) o = dg_template_show (db, name, language, error);

  if (o == NULL)
    return NULL;
  if (version != NULL)
    *version = json_object_get_int_member (o, "version");
  return g_strdup (json_object_get_string_member (o, "body"));
}

gboolean
dg_template_set (DgDb        *db,
                 const char  *name,
                 const char  *language,
                 const char  *body,
                 int          base_version,
                 int         *saved_version,
                 GError     **error)
{
  g_autoptr(DgTemplate) parsed = NULL;
  g_autoptr(JsonObject) current = NULL;
  g_autofree char *now = dg_db_now_string (db);
  g_auto(DgDbWrite) write = { 0 };
  gint64 version;

  if (!check_names (name, language, error))
    return FALSE;
  parsed = dg_template_parse (body, error);
  if (parsed == NULL)
    {
      dg_error_name_field (error, "file");
      return FALSE;
    }

  /* Read under the write lock: of two people saving over the same version,
   * the second is told whose version stands instead of replacing it unseen. */
  if (!dg_db_write (db, &write, error))
    return FALSE;
  current = dg_template_show (db, name, language, error);
  if (current == NULL)
    return FALSE;
  version = json_object_get_int_member (current, "version");
  if (base_version > version)
    {
      dg_error_set_field (error, DG_ERROR_INVALID, "base-version", NULL,
                   _("The %s template (%s) has no version %d; the newest is %d"),
                   name, language, base_version, (int) version);
      return FALSE;
    }
  if (base_version >= 0 && version != base_version)
    {
      /* version > base_version >= 0: a saved version, with who and when. */
      g_autofree char *saved_at = g_strndup (json_object_get_string_member (current, "saved_at"), 16);

      g_strdelimit (saved_at, "T", ' ');

      dg_error_set_field (error, DG_ERROR_CONFLICT, "base-version", NULL,
                   _("Version %d of the %s template (%s) was opened, but %s saved version %d at %s since; "
                     "nothing was saved. Reload it, or merge your changes into it"),
                   base_version, name, language, json_object_get_string_member (current, "saved_by"),
                   (int) version, saved_at);
      return FALSE;
    }
  if (!dg_db_run (db,
                  "INSERT INTO letter_template (name, language, version, body, created_by, created_at) "
                  "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                  error, DG_TEXT (name), DG_TEXT (language), DG_INT (version + 1), DG_TEXT (body),
                  DG_TEXT (dg_db_get_actor (db)), DG_TEXT (now)) ||
      !dg_db_audit_printf (db, "template", 0, "set", error, "{\"name\":\"%s\",\"language\":\"%s\",\"version\":%d}",
                           name, language, (int) version + 1) ||
      !dg_db_commit (db, error))
    return FALSE;
  if (saved_version != NULL)
    *saved_version = version + 1;
  return TRUE;
}

JsonArray *
dg_template_list (DgDb    *db,
                  GError **error)
{
  g_autoptr(JsonArray) list = json_array_new ();

  for (guint i = 0; template_names[i] != NULL; i++)
    for (const DgTerm *t = dg_vocab_terms (DG_VOCAB_LANGUAGE); t->id != NULL; t++)
      {
        int version = 0;
        g_autofree char *body = dg_template_get (db, template_names[i], t->id, &version, error);
        JsonObject *o;

        if (body == NULL)
          return NULL;
        o = json_object_new ();
        json_object_set_string_member (o, "name", template_names[i]);
        json_object_set_string_member (o, "language", t->id);
        json_object_set_int_member (o, "version", version);
        json_array_add_object_element (list, o);
      }

  return g_steal_pointer (&list);
}

static char *
letter_date (const char *stored,
             const char *language)
{
  GDate date;
  g_autofree char *day = NULL;

  if (stored == NULL || strlen (stored) < 10)
    return g_strdup ("");
  day = g_strndup (stored, 10);
  if (!dg_date_parse (day, "date", &date, NULL))
    return g_strdup (stored);
  return g_strdup_printf ("%d %s %d", g_date_get_day (&date),
                          (g_str_equal (language, "cy") ? months_cy : months_en)[g_date_get_month (&date) - 1],
                          g_date_get_year (&date));
}

static JsonObject *render_one (DgDb *db, gint64 id, const char *kind, const char *language, GHashTable *hub,
                               const char *source_text, GError **error);

JsonObject *
dg_notify_preview (DgDb        *db,
                   gint64       id,
                   const char  *kind,
                   const char  *language,
                   GHashTable  *hub,
                   const char  *source_text,
                   GError     **error)
{
  g_return_val_if_fail (language != NULL && g_strcmp0 (language, "cy+en") != 0, NULL);
  return render_one (db, id, kind, language, hub, source_text, error);
}

JsonObject *
dg_notify_render (DgDb        *db,
                  gint64       id,
                  const char  *kind,
                  const char  *language,
                  GHashTable  *hub,
                  GError     **error)
{
  g_autoptr(JsonObject) cy = NULL;
  g_autoptr(JsonObject) en = NULL;
  g_autofree char *body = NULL;
  g_autofree char *subject = NULL;

  if (g_strcmp0 (language, "cy+en") != 0)
    return render_one (db, id, kind, language, hub, NULL, error);

  /* Bilingual: Welsh first, English second, one letter. */
  cy = render_one (db, id, kind, "cy", hub, NULL, error);
  if (cy == NULL)
    return NULL;
  en = render_one (db, id, kind, "en", hub, NULL, error);
  if (en == NULL)
    return NULL;
  body = g_strdup_printf ("%s\n\n* * *\n\n%s", json_object_get_string_member (cy, "body"),
                          json_object_get_string_member (en, "body"));
  subject = g_strdup_printf ("%s / %s", json_object_get_string_member (cy, "subject"),
                             json_object_get_string_member (en, "subject"));
  json_object_set_string_member (cy, "body", body);
  json_object_set_string_member (cy, "subject", subject);
  json_object_set_string_member (cy, "language", "cy+en");
  return g_steal_pointer (&cy);
}

static JsonObject *
render_one (DgDb        *db,
            gint64       id,
            const char  *kind,
            const char  *language,
            GHashTable  *hub,
            const char  *source_text,
            GError     **error)
{
  g_autoptr(JsonNode) referral = NULL;
  g_autoptr(GHashTable) values = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_autoptr(GHashTable) db_hub = NULL;
  g_autoptr(DgTemplate) parsed = NULL;
  g_autoptr(GDateTime) now = dg_db_now (db);
  g_autoptr(GString) children = g_string_new (NULL);
  g_autofree char *source = NULL;
  g_autofree char *chosen = NULL;
  g_autofree char *today = NULL;
  g_autofree char *body = NULL;
  g_autofree char *subject = NULL;
  JsonObject *r, *reporter = NULL, *decision = NULL, *result;
  JsonArray *kids;
  int version = 0;
  gboolean welsh;

  if (kind == NULL || !g_strv_contains (template_names, kind))
    {
      dg_error_set_field (error, DG_ERROR_INVALID, "kind", NULL, _("“%s” is not one of acknowledgement | outcome"), kind ? kind : "");
      return NULL;
    }
  if (language != NULL && !dg_vocab_check (DG_VOCAB_LANGUAGE, "language", language, error))
    return NULL;

  referral = dg_referral_show (db, id, error);
  if (referral == NULL)
    return NULL;
  r = json_node_get_object (referral);
  if (!json_node_is_null (json_object_get_member (r, "reporter")))
    reporter = json_object_get_object_member (r, "reporter");
  if (!json_node_is_null (json_object_get_member (r, "decision")))
    decision = json_object_get_object_member (r, "decision");

  if (g_str_equal (kind, "outcome") && decision == NULL)
    {
      dg_error_set_field (error, DG_ERROR_INVALID, "kind", NULL,
                   _("There is no decision on %s yet, so no outcome can be sent"), dg_json_text (r, "reference"));
      return NULL;
    }
  /* Unasked, the report-maker's answer to the active offer; with none
   * recorded, both languages in one letter, Welsh first. */
  if (language == NULL)
    {
      chosen = dg_referral_letter_language (db, id, error);
      if (chosen == NULL)
        return NULL;
      if (g_str_equal (chosen, "cy+en"))
        return dg_notify_render (db, id, kind, chosen, hub, error);
      language = chosen;
    }
  welsh = g_str_equal (language, "cy");

  source = source_text ? g_strdup (source_text) : dg_template_get (db, kind, language, &version, error);
  if (source == NULL)
    return NULL;
  parsed = dg_template_parse (source, error);
  if (parsed == NULL)
    return NULL;

  /* No hub given: the hub's own settings, kept in the database. */
  if (hub == NULL)
    {
      db_hub = dg_hub_get (db, error);
      if (db_hub == NULL)
        return NULL;
      hub = db_hub;
    }
  if (hub != NULL)
    {
      GHashTableIter iter;
      gpointer key, value;
      g_hash_table_iter_init (&iter, hub);
      while (g_hash_table_iter_next (&iter, &key, &value))
        if (g_str_has_prefix (key, "hub."))
          g_hash_table_insert (values, key, g_strdup (value));
      /* A Welsh letter carries the hub's Welsh name and address. */
      if (welsh)
        for (guint i = 0; i < 2; i++)
          {
            const char *cy = g_hash_table_lookup (hub, i == 0 ? "hub.name_cy" : "hub.address_cy");

            if (cy != NULL && *cy != '\0')
              g_hash_table_insert (values, i == 0 ? "hub.name" : "hub.address", g_strdup (cy));
          }
    }
  /* A Welsh letter carries the hub's Welsh name and address where it has
   * them: the same letterhead, never a less favourable one. */
  if (g_str_equal (language, "cy"))
    {
      const char *cy_keys[][2] = { { "hub.name", "hub.name_cy" }, { "hub.address", "hub.address_cy" } };

      for (guint i = 0; i < G_N_ELEMENTS (cy_keys); i++)
        if (g_hash_table_lookup (values, cy_keys[i][1]) != NULL)
          g_hash_table_insert (values, (gpointer) cy_keys[i][0], g_strdup (g_hash_table_lookup (values, cy_keys[i][1])));
    }
  if (!g_hash_table_contains (values, "hub.name"))
    g_hash_table_insert (values, "hub.name", g_strdup (g_str_equal (language, "cy") ? "Hyb Diogelu" : "Safeguarding Hub"));

  today = dg_time_to_string (now);
  g_hash_table_insert (values, "today", letter_date (today, language));
  g_hash_table_insert (values, "reporter.name", g_strdup (reporter && dg_json_text (reporter, "name") && *dg_json_text (reporter, "name")
                                                          ? dg_json_text (reporter, "name")
                                                          : (g_str_equal (language, "cy") ? "Syr/Madam" : "Sir or Madam")));
  g_hash_table_insert (values, "sender.name", g_strdup (dg_db_get_actor (db)));
  g_hash_table_insert (values, "reporter.organisation", g_strdup (dg_json_text (reporter, "organisation")));
  g_hash_table_insert (values, "reporter.role", g_strdup (dg_json_text (reporter, "role")));
  g_hash_table_insert (values, "referral.reference", g_strdup (dg_json_text (r, "reference")));
  g_hash_table_insert (values, "referral.received", letter_date (dg_json_text (r, "received_at"), language));
  kids = json_object_get_array_member (r, "children");
  for (guint i = 0; i < json_array_get_length (kids); i++)
    {
      const char *name = dg_json_text (json_array_get_object_element (kids, i), "name");

      g_string_append (children, i == 0 ? "" : i + 1 == json_array_get_length (kids) ? (welsh ? " a " : " and ") : ", ");
      if (welsh)
        dg_text_cy_join (children, name);
      g_string_append (children, name);
    }
  g_hash_table_insert (values, "referral.children", g_strdup (children->str));
  if (decision != NULL)
    {
      const char *outcome = dg_json_text (decision, "outcome");
      g_hash_table_insert (values, "decision.outcome", g_strdup (outcome));
      for (guint i = 0; i < G_N_ELEMENTS (outcome_words); i++)
        if (g_strcmp0 (outcome_words[i].id, outcome) == 0)
          g_hash_table_insert (values, "decision.outcome_label",
                               g_strdup (g_str_equal (language, "cy") ? outcome_words[i].cy : outcome_words[i].en));
      /* Only what the report-maker may be told, in their language where it
       * was written; the rationale is for the record and never reaches a
       * letter. */
      const char *told = dg_json_text (decision, "report_maker_text");
      const char *told_cy = dg_json_text (decision, "report_maker_text_cy");

      g_hash_table_insert (values, "decision.reason", g_strdup (welsh && told_cy ? told_cy : told ? told : told_cy));
      g_hash_table_insert (values, "decision.date", letter_date (dg_json_text (decision, "at"), language));
      g_hash_table_insert (values, "decision.by", g_strdup (dg_json_text (decision, "by")));
    }

  body = dg_template_render (parsed, values, language, error);
  if (body == NULL)
    return NULL;
  /* Every English letter says that Welsh is welcome (the active offer). */
  if (!welsh)
    {
      g_autoptr(GString) english = g_string_new (g_steal_pointer (&body));
      const char *marking = g_hash_table_lookup (values, "hub.marking");
      gsize at;

      /* Before the protective marking that closes the letter, if it does. */
      g_strchomp (english->str);
      english->len = strlen (english->str);
      at = english->len;
      if (marking != NULL && *marking != '\0' && g_str_has_suffix (english->str, marking))
        {
          at -= strlen (marking);
          while (at > 0 && english->str[at - 1] == '\n')
            at--;
        }
      g_string_insert (english, at, "\n\n" DG_NOTIFY_WELSH_WELCOME);
      body = g_string_free (g_steal_pointer (&english), FALSE);
    }
  subject = g_str_equal (kind, "acknowledgement")
    ? g_strdup_printf (g_str_equal (language, "cy") ? "Cydnabod eich adroddiad %s" : "Your report %s has been received", dg_json_text (r, "reference"))
    : g_strdup_printf (g_str_equal (language, "cy") ? "Canlyniad eich adroddiad %s" : "The outcome of your report %s", dg_json_text (r, "reference"));

  result = json_object_new ();
  json_object_set_int_member (result, "referral", id);
  json_object_set_string_member (result, "reference", dg_json_text (r, "reference"));
  json_object_set_string_member (result, "kind", kind);
  json_object_set_string_member (result, "language", language);
  json_object_set_string_member (result, "subject", subject);
  json_object_set_string_member (result, "body", body);
  if (reporter != NULL && dg_json_text (reporter, "email") != NULL)
    json_object_set_string_member (result, "recipient", dg_json_text (reporter, "email"));
  else
    json_object_set_null_member (result, "recipient");
  json_object_set_string_member (result, "template", kind);
  json_object_set_int_member (result, "version", version);
  return result;
}

char *
dg_notify_eml (JsonObject *rendered,
               const char *from,
               GDateTime  *date)
{
  return dg_mail_compose (rendered, from, NULL, date, NULL, DG_MAIL_DRAFT, NULL);
}

gboolean
dg_notify_record_sent (DgDb        *db,
                       gint64       id,
                       JsonObject  *rendered,
                       const char  *format,
                       const char  *method,
                       GError     **error)
{
  g_autofree char *now = dg_db_now_string (db);
  const char *kind = dg_json_text (rendered, "kind");
  const char *language = dg_json_text (rendered, "language");

  if (!dg_vocab_check (DG_VOCAB_SEND_METHOD, "method", method, error) ||
      !dg_db_run (db,
                  "INSERT INTO notification (referral_id, kind, language, format, method, recipient, subject, body, "
                  "  template_name, template_version, sent_by, sent_at) "
                  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
                  error, DG_INT (id), DG_TEXT (kind), DG_TEXT (language), DG_TEXT (format), DG_TEXT (method),
                  DG_TEXT (dg_json_text (rendered, "recipient")), DG_TEXT (dg_json_text (rendered, "subject")),
                  DG_TEXT (dg_json_text (rendered, "body")), DG_TEXT (dg_json_text (rendered, "template")),
                  DG_INT (json_object_get_int_member (rendered, "version")), DG_TEXT (dg_db_get_actor (db)),
                  DG_TEXT (now)))
    return FALSE;

  /* Sending stops the clock it answers. */
  if (g_strcmp0 (kind, "outcome") == 0
      ? !dg_db_run (db,
                    "UPDATE referral SET outcome_sent_at = coalesce (outcome_sent_at, ?2), status = 'closed', "
                    "  updated_at = ?2, version = version + 1 WHERE id = ?1",
                    error, DG_INT (id), DG_TEXT (now))
      : !dg_db_run (db,
                    "UPDATE referral SET acknowledged_at = coalesce (acknowledged_at, ?2), "
                    "  acknowledged_method = coalesce (acknowledged_method, CASE ?3 WHEN 'post' THEN 'letter' ELSE 'email' END), "
                    "  status = CASE status WHEN 'new' THEN 'acknowledged' ELSE status END, "
                    "  updated_at = ?2, version = version + 1 WHERE id = ?1",
                    error, DG_INT (id), DG_TEXT (now), DG_TEXT (method)))
    return FALSE;
  return dg_db_audit_printf (db, "referral", id, "notify", error, "{\"kind\":\"%s\",\"language\":\"%s\",\"method\":\"%s\"}",
                             kind, language, method);
}

gboolean
dg_notify_mark_sent (DgDb        *db,
                     gint64       id,
                     JsonObject  *rendered,
                     const char  *format,
                     const char  *method,
                     GError     **error)
{
  g_auto(DgDbWrite) write = { 0 };

  if (method == NULL)
    method = "secure-email";
  if (!dg_vocab_check (DG_VOCAB_SEND_METHOD, "method", method, error))
    return FALSE;

  return dg_db_write (db, &write, error) &&
         dg_notify_record_sent (db, id, rendered, format, method, error) &&
         dg_db_commit (db, error);
}

JsonArray *
dg_notify_owed (DgDb        *db,
                const char  *organisation,
                const char  *from,
                const char  *to,
                GError     **error)
{
  g_autoptr(JsonArray) owed = json_array_new ();
  g_autofree char *lo = NULL, *hi = NULL;
  GDate date;
  g_autofree char *sql = NULL;
  DgStmt *stmt;
  gboolean has_row = FALSE;

  if (from != NULL && !dg_date_parse (from, "from", &date, error))
    return NULL;
  if (to != NULL && !dg_date_parse (to, "to", &date, error))
    return NULL;
  lo = g_strdup (from ? from : "0000-01-01");
  hi = g_strdup_printf ("%sT23:59:59", to ? to : "9999-12-31");

  /* Both lists walk their partial index; each holds only what is still owed. */
  sql = g_strdup_printf ("SELECT * FROM ("
                         "  SELECT r.id, r.reference, 'acknowledgement' AS kind, r.received_at, NULL, "
                         "         p.name, p.organisation, p.agency, p.language, p.email "
                         "  FROM referral r%s LEFT JOIN reporter p ON p.id = r.reporter_id "
                         "  WHERE r.acknowledged_at IS NULL AND r.received_at BETWEEN ?1 AND ?2 "
                         "  UNION ALL "
                         "  SELECT r.id, r.reference, 'outcome', r.received_at, d.decided_at, "
                         "         p.name, p.organisation, p.agency, p.language, p.email "
                         "  FROM referral r%s JOIN decision d ON d.referral_id = r.id "
                         "  LEFT JOIN reporter p ON p.id = r.reporter_id "
                         "  WHERE r.outcome_sent_at IS NULL AND r.status = 'decided' AND r.received_at BETWEEN ?1 AND ?2) AS owed "
                         "WHERE CAST (?3 AS TEXT) IS NULL OR lower (organisation) = lower (?3) "
                         "ORDER BY received_at, id, kind LIMIT 5000",
                         DG_DB_INDEXED_BY (db, "referral_owed_acknowledgement"), DG_DB_INDEXED_BY (db, "referral_owed_outcome"));
  stmt = dg_db_query (db, sql, error, DG_TEXT (lo), DG_TEXT (hi), DG_TEXT (organisation));
  if (stmt == NULL)
    return NULL;

  while (dg_db_step (db, stmt, &has_row, error) && has_row)
    {
      JsonObject *o = json_object_new ();

      json_object_set_int_member (o, "referral", dg_stmt_column_int64 (stmt, 0));
      dg_stmt_set_members (stmt, 1,
                           (const char *[]) { "reference", "kind", "received_at", "decided_at", "reporter",
                                              "organisation", "agency", "language", "email", NULL },
                           o);
      json_array_add_object_element (owed, o);
    }
  dg_stmt_reset (stmt);

  if (error != NULL && *error != NULL)
    return NULL;
  return g_steal_pointer (&owed);
}
