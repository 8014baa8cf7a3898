#include "config.h"

#include "dg-hub.h"

#include <glib/gi18n.h>

#include "dg-core.h"
#include "dg-json.h"
#include "dg-hub.h"
#include "dg-notify.h"
#include "dg-smtp.h"
#include "dg-service-private.h"

/* Letters to report-makers (what is owed, a letter rendered, a letter
 * recorded as sent) and the templates they are written from. */

typedef struct
{
  gint64            referral_id;
  char             *organisation;
  char             *name, *kind, *language, *text;
  char             *format, *method;
  JsonObject       *hub;
  DgRenderedLetter *rendered;
  int               base_version;
} Letter;

static void
letter_free (Letter *l)
{
  g_free (l->organisation);
  g_free (l->name);
  g_free (l->kind);
  g_free (l->language);
  g_free (l->text);
  g_free (l->format);
  g_free (l->method);
  g_clear_pointer (&l->hub, json_object_unref);
  g_clear_pointer (&l->rendered, dg_rendered_letter_free);
  g_free (l);
}

static void
run (DgService           *self,
     gpointer             source_tag,
     DgServiceOp          op,
     DgServiceNews        news,
     Letter              *letter,
     GCancellable        *cancellable,
     GAsyncReadyCallback  callback,
     gpointer             user_data)
{
  dg_service_run (self, source_tag, op, news, news == DG_SERVICE_ANNOUNCED ? letter->referral_id : 0,
                  letter, (GDestroyNotify) letter_free, cancellable, callback, user_data);
}

static gboolean
owed_op (DgDb *db, gpointer data, GValue *result, GError **error)
{
  Letter *l = data;

  return dg_service_return_records (result, dg_notify_owed (db, l->organisation, NULL, NULL, error),
                                    &dg_owed_letter_shape, (GDestroyNotify) dg_owed_letter_free);
}

void
dg_service_owed_async (DgService           *self,
                       const char          *organisation,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  Letter *l = g_new0 (Letter, 1);

  l->organisation = g_strdup (organisation);
  run (self, dg_service_owed_async, owed_op, DG_SERVICE_QUIET, l, cancellable, callback, user_data);
}

DG_SERVICE_DEFINE_FINISH (owed, GPtrArray *, dg_service_finish_boxed)

/* The core's rendered letter (taken; NULL is an error already set) as the
 * result: what the render and the preview give. */
static gboolean
return_letter (GValue     *result,
               JsonObject *rendered)
{
  if (rendered == NULL)
    return FALSE;
  g_value_init (result, DG_TYPE_RENDERED_LETTER);
  g_value_take_boxed (result, dg_record_from_json (&dg_rendered_letter_shape, rendered));
  json_object_unref (rendered);
  return TRUE;
}

/* The letter as the core takes it back, to send or to record as sent: the
 * same members dg_notify_render () gave, with the same text. */
static JsonObject *
letter_to_json (const DgRenderedLetter *letter)
{
  JsonObject *o = json_object_new ();

  json_object_set_int_member (o, "referral", letter->referral);
  json_object_set_string_member (o, "reference", letter->reference);
  json_object_set_string_member (o, "kind", letter->kind);
  json_object_set_string_member (o, "language", letter->language);
  json_object_set_string_member (o, "subject", letter->subject);
  json_object_set_string_member (o, "body", letter->body);
  if (letter->recipient != NULL)
    json_object_set_string_member (o, "recipient", letter->recipient);
  else
    json_object_set_null_member (o, "recipient");
  json_object_set_string_member (o, "template", letter->template_name);
  json_object_set_int_member (o, "version", letter->version);
  return o;
}

char *
dg_service_letter_eml (const DgRenderedLetter *letter,
                       const char             *from,
                       GDateTime              *date)
{
  g_autoptr(JsonObject) rendered = NULL;

  g_return_val_if_fail (letter != NULL, NULL);
  rendered = letter_to_json (letter);
  return dg_notify_eml (rendered, from, date);
}

/* The letterhead's logo goes with a rendered letter, for its PDF and print. */
static JsonObject *
with_logo (DgDb       *db,
           JsonObject *rendered)
{
  g_autofree char *logo = rendered ? dg_hub_get_setting (db, "logo", NULL, NULL) : NULL;

  if (logo != NULL && *logo != '\0')
    json_object_set_string_member (rendered, "logo", logo);
  return rendered;
}

static void
copy_member (JsonObject  *object,
             const char  *member,
             JsonNode    *node,
             gpointer     user_data)
{
  g_hash_table_insert (user_data, (gpointer) member, (gpointer) json_node_get_string (node));
}

static gboolean
render_op (DgDb *db, gpointer data, GValue *result, GError **error)
{
  Letter *l = data;
  g_autoptr(GHashTable) hub = NULL;
  g_autoptr(JsonObject) rendered = NULL;
  const char *from;

  if (l->hub != NULL)
    {
      hub = g_hash_table_new (g_str_hash, g_str_equal);
      json_object_foreach_member (l->hub, copy_member, hub);
    }
  else
    {
      /* The hub's own letterhead, from the database. */
      hub = dg_hub_get (db, error);
      if (hub == NULL)
        return FALSE;
    }
  rendered = dg_notify_render (db, l->referral_id, l->kind, l->language, hub, error);
  if (rendered == NULL)
    return FALSE;
  from = g_hash_table_lookup (hub, "hub.email");
  if (from != NULL && *from != '\0')
    json_object_set_string_member (rendered, "from", from);
  return return_letter (result, with_logo (db, g_steal_pointer (&rendered)));
}

void
dg_service_render_letter_async (DgService           *self,
                                gint64               referral_id,
                                const char          *kind,
                                const char          *language,
                                GHashTable          *hub,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  Letter *l = g_new0 (Letter, 1);
  GHashTableIter iter;
  gpointer key, value;

  l->referral_id = referral_id;
  l->kind = g_strdup (kind);
  l->language = g_strdup (language);
  /* The hub's values are copied: the caller's table stays on its thread. */
  if (hub != NULL)
    {
      l->hub = json_object_new ();
      g_hash_table_iter_init (&iter, hub);
      while (g_hash_table_iter_next (&iter, &key, &value))
        json_object_set_string_member (l->hub, key, value);
    }
  run (self, dg_service_render_letter_async, render_op, DG_SERVICE_QUIET, l, cancellable, callback, user_data);
}

DG_SERVICE_DEFINE_FINISH (render_letter, DgRenderedLetter *, dg_service_finish_boxed)

static gboolean
mark_sent_op (DgDb *db, gpointer data, GValue *result, GError **error)
{
  Letter *l = data;
  g_autoptr(JsonObject) rendered = letter_to_json (l->rendered);

  return dg_notify_mark_sent (db, l->referral_id, rendered, l->format, l->method, error);
}

void
dg_service_mark_sent_async (DgService              *self,
                            const DgRenderedLetter *letter,
                            const char             *format,
                            const char             *method,
                            GAsyncReadyCallback     callback,
                            gpointer                user_data)
{
  Letter *l = g_new0 (Letter, 1);

  /* A copy: the letter the caller holds stays on its thread. */
  l->referral_id = letter->referral;
  l->rendered = dg_rendered_letter_copy (letter);
  l->format = g_strdup (format);
  l->method = g_strdup (method);
  run (self, dg_service_mark_sent_async, mark_sent_op, DG_SERVICE_ANNOUNCED, l, NULL, callback, user_data);
}

DG_SERVICE_DEFINE_FINISH (mark_sent, gboolean, dg_service_finish)

/* ---- Templates ------------------------------------------------------------------------ */

static Letter *
template_new (const char *name,
              const char *language,
              const char *text)
{
  Letter *l = g_new0 (Letter, 1);

  l->name = g_strdup (name);
  l->language = g_strdup (language);
  l->text = g_strdup (text);
  return l;
}

static gboolean
template_get_op (DgDb *db, gpointer data, GValue *result, GError **error)
{
  Letter *l = data;
  g_autoptr(JsonObject) shown = dg_template_show (db, l->name, l->language, error);

  if (shown == NULL)
    return FALSE;
  g_value_init (result, DG_TYPE_TEMPLATE_VERSION);
  g_value_take_boxed (result, dg_record_from_json (&dg_template_version_shape, shown));
  return TRUE;
}

void
dg_service_template_get_async (DgService           *self,
                               const char          *name,
                               const char          *language,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  run (self, dg_service_template_get_async, template_get_op, DG_SERVICE_QUIET,
       template_new (name, language, NULL), cancellable, callback, user_data);
}

DG_SERVICE_DEFINE_FINISH (template_get, DgTemplateVersion *, dg_service_finish_boxed)

static gboolean
template_set_op (DgDb *db, gpointer data, GValue *result, GError **error)
{
  Letter *l = data;

  return dg_template_set (db, l->name, l->language, l->text, l->base_version, NULL, error);
}

void
dg_service_template_set_async (DgService           *self,
                               const char          *name,
                               const char          *language,
                               const char          *body,
                               int                  base_version,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  Letter *l = template_new (name, language, body);

  l->base_version = base_version;
  run (self, dg_service_template_set_async, template_set_op, DG_SERVICE_ANNOUNCED, l, NULL, callback, user_data);
}

DG_SERVICE_DEFINE_FINISH (template_set, gboolean, dg_service_finish)

/* The newest referral that can have the letter: for an outcome, one
 * awaiting its letter, else one answered. */
static gboolean
template_preview_op (DgDb *db, gpointer data, GValue *result, GError **error)
{
  Letter *l = data;
  gboolean outcome = g_str_equal (l->name, "outcome");
  DgReferralQuery q = { .status = outcome ? "decided" : NULL };
  g_autoptr(GArray) ids = dg_referral_list_ids (db, &q, 1, error);

  if (ids != NULL && ids->len == 0 && outcome)
    {
      q.status = "closed";
      g_clear_pointer (&ids, g_array_unref);
      ids = dg_referral_list_ids (db, &q, 1, error);
    }
  if (ids == NULL)
    return FALSE;
  if (ids->len == 0)
    {
      g_set_error_literal (error, DG_ERROR, DG_ERROR_NOT_FOUND,
                           outcome ? _("A preview needs a decided referral: decide one first.")
                                   : _("A preview needs a referral: log one first."));
      return FALSE;
    }
  return return_letter (result, dg_notify_preview (db, g_array_index (ids, gint64, 0), l->name,
                                                   l->language, NULL, l->text, error));
}

void
dg_service_template_preview_async (DgService           *self,
                                   const char          *name,
                                   const char          *language,
                                   const char          *text,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  run (self, dg_service_template_preview_async, template_preview_op, DG_SERVICE_QUIET,
       template_new (name, language, text), cancellable, callback, user_data);
}

DG_SERVICE_DEFINE_FINISH (template_preview, DgRenderedLetter *, dg_service_finish_boxed)

GBytes *
dg_rendered_letter_get_logo (const DgRenderedLetter *letter)
{
  guchar *data;
  gsize len = 0;

  if (letter == NULL || letter->logo == NULL)
    return NULL;
  data = g_base64_decode (letter->logo, &len);
  return g_bytes_new_take (data, len);
}
