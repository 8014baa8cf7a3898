#include "config.h"

#include <glib/gi18n.h>

#include <gtk/gtk.h>

#include "dg-core.h"
#include "dg-drafts.h"
#include "dg-import.h"
#include "dg-restore.h"
#include "dg-meetings.h"
#include "dg-notify.h"
#include "dg-timescales.h"
#include "dg-performance.h"
#include "dg-jobs.h"

/* One argument bag for every job: simpler than a struct per call. */
typedef struct
{
  gint64      id;
  char       *a;
  char       *b;
  char       *c;
  char       *actor;
  JsonObject *object;
  GArray     *ids;
  guint       limit;
  char       *search, *status, *agency, *school, *rag;
  GBytes     *bytes;
  GHashTable *mapping;
  GObject    *progress;    /* a GtkProgressBar, told from the database thread */
  GStrv       strv;
} Args;

static void
args_free (Args *args)
{
  g_free (args->a);
  g_free (args->b);
  g_free (args->c);
  g_free (args->actor);
  g_clear_pointer (&args->object, json_object_unref);
  g_clear_pointer (&args->ids, g_array_unref);
  g_free (args->search);
  g_free (args->status);
  g_free (args->agency);
  g_free (args->school);
  g_free (args->rag);
  g_clear_pointer (&args->bytes, g_bytes_unref);
  g_clear_pointer (&args->mapping, g_hash_table_unref);
  g_clear_object (&args->progress);
  g_strfreev (args->strv);
  g_free (args);
}

static Args *
args_new (void)
{
  return g_new0 (Args, 1);
}

static void
run (DgWorker            *worker,
     DgWorkerFunc         func,
     Args                *args,
     GCancellable        *cancellable,
     GAsyncReadyCallback  callback,
     gpointer             user_data)
{
  dg_worker_run_async (worker, func, args, (GDestroyNotify) args_free, cancellable, callback, user_data);
}

static void
set_actor (DgDb *db,
           Args *args)
{
  dg_db_set_actor (db, args->actor);
}

/* ---- ids ---- */

static void
list_ids_job (GTask *task, DgDb *db, gpointer data, GCancellable *cancellable)
{
  Args *args = data;
  DgReferralQuery q = { args->search, args->status, args->agency, args->school, args->rag };
  GError *error = NULL;
  GArray *ids = dg_referral_list_ids (db, &q, args->limit, &error);

  if (ids == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, ids, (GDestroyNotify) g_array_unref);
}

void
dg_job_list_ids (DgWorker              *worker,
                 const DgReferralQuery *query,
                 guint                  limit,
                 GCancellable          *cancellable,
                 GAsyncReadyCallback    callback,
                 gpointer               user_data)
{
  Args *args = args_new ();

  args->search = g_strdup (query->search);
  args->status = g_strdup (query->status);
  args->agency = g_strdup (query->agency);
  args->school = g_strdup (query->school);
  args->rag = g_strdup (query->rag);
  args->limit = limit;
  run (worker, list_ids_job, args, cancellable, callback, user_data);
}

GArray *
dg_job_finish_ids (GAsyncResult  *result,
                   GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- JSON results ---- */

static void
return_json (GTask    *task,
             JsonNode *node,
             GError   *error)
{
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, node, (GDestroyNotify) json_node_unref);
}

static void
summaries_job (GTask *task, DgDb *db, gpointer data, GCancellable *cancellable)
{
  Args *args = data;
  GError *error = NULL;
  JsonArray *items = dg_referral_summaries (db, (gint64 *) args->ids->data, args->ids->len, &error);

  return_json (task, items ? json_node_init_array (json_node_alloc (), items) : NULL, error);
  if (items != NULL)
    json_array_unref (items);
}

void
dg_job_summaries (DgWorker            *worker,
                  const gint64        *ids,
                  guint                n_ids,
                  GCancellable        *cancellable,
                  GAsyncReadyCallback  callback,
                  gpointer             user_data)
{
  Args *args = args_new ();

  args->ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n_ids);
  g_array_append_vals (args->ids, ids, n_ids);
  run (worker, summaries_job, args, cancellable, callback, user_data);
}

static void
show_job (GTask *task, DgDb *db, gpointer data, GCancellable *cancellable)
{
  Args *args = data;
  GError *error = NULL;
  JsonNode *node = dg_referral_show (db, args->id, &error);
  JsonNode *audit = NULL;

  /* The history travels with the referral, for the detail pane. */
  if (node != NULL)
    audit = dg_referral_audit (db, args->id, &error);
  if (audit != NULL)
    {
      JsonObject *r = json_node_get_object (node);
      JsonArray *previous = json_object_get_array_member (r, "previous_referrals");
      g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
      JsonArray *earlier;

      json_object_set_member (r, "audit", audit);
      for (guint i = 0; i < json_array_get_length (previous); i++)
        {
          gint64 pid = json_array_get_int_element (previous, i);
          g_array_append_val (ids, pid);
        }
      earlier = dg_referral_summaries (db, (gint64 *) ids->data, ids->len, &error);
      if (earlier != NULL)
        json_object_set_array_member (r, "previous", earlier);
      else
        g_clear_pointer (&node, json_node_unref);
    }
  else
    g_clear_pointer (&node, json_node_unref);

  return_json (task, node, error);
}

void
dg_job_show (DgWorker            *worker,
             gint64               id,
             GCancellable        *cancellable,
             GAsyncReadyCallback  callback,
             gpointer             user_data)
{
  Args *args = args_new ();

  args->id = id;
  run (worker, show_job, args, cancellable, callback, user_data);
}

static void
similar_job (GTask *task, DgDb *db, gpointer data, GCancellable *cancellable)
{
  Args *args = data;
  GError *error = NULL;
  JsonArray *items = dg_referral_find_similar (db, args->a, args->b, 0, 8, &error);

  return_json (task, items ? json_node_init_array (json_node_alloc (), items) : NULL, error);
  if (items != NULL)
    json_array_unref (items);
}

void
dg_job_similar (DgWorker            *worker,
                const char          *name,
                const char          *dob,
                GCancellable        *cancellable,
                GAsyncReadyCallback  callback,
                gpointer             user_data)
{
  Args *args = args_new ();

  args->a = g_strdup (name);
  args->b = g_strdup (dob);
  run (worker, similar_job, args, cancellable, callback, user_data);
}

static void
reporters_job (GTask *task, DgDb *db, gpointer data, GCancellable *cancellable)
{
  Args *args = data;
  GError *error = NULL;
  JsonArray *items = dg_reporter_search (db, args->a, 6, &error);

  return_json (task, items ? json_node_init_array (json_node_alloc (), items) : NULL, error);
  if (items != NULL)
    json_array_unref (items);
}

void
dg_job_reporters (DgWorker            *worker,
                  const char          *text,
                  GCancellable        *cancellable,
                  GAsyncReadyCallback  callback,
                  gpointer             user_data)
{
  Args *args = args_new ();

  args->a = g_strdup (text);
  run (worker, reporters_job, args, cancellable, callback, user_data);
}

static void
validate_job (GTask *task, DgDb *db, gpointer data, GCancellable *cancellable)
{
  Args *args = data;
  GError *error = NULL;

  if (dg_referral_validate (db, args->object, &error))
    g_task_return_pointer (task, NULL, NULL);
  else
    g_task_return_error (task, error);
}

void
dg_job_validate (DgWorker            *worker,
                 JsonObject          *input,
                 GCancellable        *cancellable,
                 GAsyncReadyCallback  callback,
                 gpointer             user_data)
{
  Args *args = args_new ();

  args->object = json_object_ref (input);
  run (worker, validate_job, args, cancellable, callback, user_data);
}

static void
list_drafts_job (GTask *task, DgDb *db, gpointer data, GCancellable *cancellable)
{
  Args *args = data;
  GError *error = NULL;
  g_autoptr(JsonArray) drafts = NULL;

  set_actor (db, args);
  drafts = dg_draft_list (db, args->a, (const char * const *) args->strv, &error);
  return_json (task, drafts ? json_node_init_array (json_node_alloc (), drafts) : NULL, error);
}

void
dg_job_list_drafts (DgWorker            *worker,
                    const char          *kind,
                    const char * const  *busy_slots,
                    const char          *actor,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  Args *args = args_new ();

  args->a = g_strdup (kind);
  args->strv = g_strdupv ((GStrv) busy_slots);
  args->actor = g_strdup (actor);
  run (worker, list_drafts_job, args, cancellable, callback, user_data);
}

JsonNode *
dg_job_finish_json (GAsyncResult  *result,
                    GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- changes by others ---- */

static void
data_version_job (GTask *task, DgDb *db, gpointer data, GCancellable *cancellable)
{
  GError *error = NULL;
  gint64 version = dg_db_data_version (db, &error);

  if (version == 0)
    g_task_return_error (task, error);
  else
    g_task_return_int (task, version);
}

void
dg_job_data_version (DgWorker            *worker,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  run (worker, data_version_job, args_new (), cancellable, callback, user_data);
}

gint64
dg_job_finish_data_version (GAsyncResult  *result,
                            GError       **error)
{
  gssize version = g_task_propagate_int (G_TASK (result), error);

  return version < 0 ? 0 : version;
}

/* ---- changes ---- */

static void
add_job (GTask *task, DgDb *db, gpointer data, GCancellable *cancellable)
{
  Args *args = data;
  GError *error = NULL;
  gint64 id;

  set_actor (db, args);
  id = dg_referral_add (db, args->object, args->a, &error);
  if (id == 0)
    g_task_return_error (task, error);
  else
    g_task_return_int (task, id);
}

void
dg_job_add_referral (DgWorker            *worker,
                     JsonObject          *input,
                     const char          *draft_slot,
                     const char          *actor,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  Args *args = args_new ();

  args->object = json_object_ref (input);
  args->a = g_strdup (draft_slot);
  args->actor = g_strdup (actor);
  run (worker, add_job, args, cancellable, callback, user_data);
}

gint64
dg_job_finish_id (GAsyncResult  *result,
                  GError       **error)
{
  gssize id = g_task_propagate_int (G_TASK (result), error);

  return id < 0 ? 0 : id;
}

/* Call with the outcome already in a variable: C evaluates arguments in no
 * set order, so return_boolean (task, f (&error), error) may read the error
 * before f () sets it, and a failure would never reach the window. */
static void
return_boolean (GTask    *task,
                gboolean  ok,
                GError   *error)
{
  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
save_draft_job (GTask *task, DgDb *db, gpointer data, GCancellable *cancellable)
{
  Args *args = data;
  GError *error = NULL;
  gboolean ok;

  set_actor (db, args);
  ok = dg_draft_save (db, args->a, args->b, args->c, &error);
  return_boolean (task, ok, error);
}

void
dg_job_save_draft (DgWorker            *worker,
                   const char          *kind,
                   const char          *slot,
                   const char          *body,
                   const char          *actor,
                   GAsyncReadyCallback  callback,
                   gpointer             user_data)
{
  Args *args = args_new ();

  args->a = g_strdup (kind);
  args->b = g_strdup (slot);
  args->c = g_strdup (body);
  args->actor = g_strdup (actor);
  run (worker, save_draft_job, args, NULL, callback, user_data);
}

static void
discard_draft_job (GTask *task, DgDb *db, gpointer data, GCancellable *cancellable)
{
  Args *args = data;
  GError *error = NULL;
  gboolean ok;

  set_actor (db, args);
  ok = dg_draft_discard (db, args->a, args->b, &error);
  return_boolean (task, ok, error);
}

void
dg_job_discard_draft (DgWorker            *worker,
                      const char          *kind,
                      const char          *slot,
                      const char          *actor,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  Args *args = args_new ();

  args->a = g_strdup (kind);
  args->b = g_strdup (slot);
  args->actor = g_strdup (actor);
  run (worker, discard_draft_job, args, NULL, callback, user_data);
}

static void
decide_job (GTask *task, DgDb *db, gpointer data, GCancellable *cancellable)
{
  Args *args = data;
  GError *error = NULL;
  gboolean ok;

  set_actor (db, args);
  ok = dg_referral_decide (db, args->id, args->a, args->b, args->c, NULL, &error);
  return_boolean (task, ok, error);
}

void
dg_job_decide (DgWorker            *worker,
               gint64               id,
               const char          *outcome,
               const char          *rationale,
               const char          *by,
               GAsyncReadyCallback  callback,
               gpointer             user_data)
{
  Args *args = args_new ();

  args->id = id;
  args->a = g_strdup (outcome);
  args->b = g_strdup (rationale);
  args->c = g_strdup (by);
  args->actor = g_strdup (by);
  run (worker, decide_job, args, NULL, callback, user_data);
}

static void
acknowledge_job (GTask *task, DgDb *db, gpointer data, GCancellable *cancellable)
{
  Args *args = data;
  GError *error = NULL;
  gboolean ok;

  set_actor (db, args);
  ok = dg_referral_acknowledge (db, args->id, NULL, args->a, &error);
  return_boolean (task, ok, error);
}

void
dg_job_acknowledge (DgWorker            *worker,
                    gint64               id,
                    const char          *method,
                    const char          *actor,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  Args *args = args_new ();

  args->id = id;
  args->a = g_strdup (method);
  args->actor = g_strdup (actor);
  run (worker, acknowledge_job, args, NULL, callback, user_data);
}

static void
confirm_job (GTask *task, DgDb *db, gpointer data, GCancellable *cancellable)
{
  Args *args = data;
  GError *error = NULL;
  gboolean ok;

  set_actor (db, args);
  ok = dg_referral_confirm (db, args->id, NULL, &error);
  return_boolean (task, ok, error);
}

void
dg_job_confirm (DgWorker            *worker,
                gint64               id,
                const char          *actor,
                GAsyncReadyCallback  callback,
                gpointer             user_data)
{
  Args *args = args_new ();

  args->id = id;
  args->actor = g_strdup (actor);
  run (worker, confirm_job, args, NULL, callback, user_data);
}

gboolean
dg_job_finish_boolean (GAsyncResult  *result,
                       GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
backup_thread (GTask        *task,
               gpointer      source,
               gpointer      data,
               GCancellable *cancellable)
{
  Args *args = data;
  GError *error = NULL;
  g_autoptr(DgDb) db = dg_db_open (args->b, DG_DB_OPEN_READ_ONLY | DG_DB_OPEN_NO_MIGRATE, &error);

  if (db != NULL)
    dg_db_backup (db, args->a, &error);
  return_boolean (task, error == NULL, error);
}

void
dg_job_backup (DgWorker            *worker,
               const char          *path,
               GAsyncReadyCallback  callback,
               gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (worker, NULL, callback, user_data);
  Args *args = args_new ();

  args->a = g_strdup (path);
  args->b = g_strdup (dg_worker_get_path (worker));
  g_task_set_source_tag (task, dg_job_backup);
  g_task_set_task_data (task, args, (GDestroyNotify) args_free);
  g_task_run_in_thread (task, backup_thread);
}

static void
restore_job (GTask *task, DgDb *db, gpointer data, GCancellable *cancellable)
{
  Args *args = data;
  GError *error = NULL;
  char *kept;

  set_actor (db, args);
  kept = dg_db_restore (db, args->a, args->b, &error);
  if (kept == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, kept, g_free);
}

void
dg_job_restore (DgWorker            *worker,
                const char          *backup,
                const char          *safety_dir,
                const char          *actor,
                GAsyncReadyCallback  callback,
                gpointer             user_data)
{
  Args *args = args_new ();

  args->a = g_strdup (backup);
  args->b = g_strdup (safety_dir);
  args->actor = g_strdup (actor);
  run (worker, restore_job, args, NULL, callback, user_data);
}

char *
dg_job_finish_string (GAsyncResult  *result,
                      GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
backup_daily_thread (GTask        *task,
                     gpointer      source,
                     gpointer      data,
                     GCancellable *cancellable)
{
  Args *args = data;
  GError *error = NULL;
  g_autoptr(DgDb) db = NULL;
  g_autofree char *made = NULL;

  /* Its own read-only connection, off the database thread: in WAL mode the
   * copy neither waits for nor holds up the practitioner's work. */
  db = dg_db_open (args->b, DG_DB_OPEN_READ_ONLY | DG_DB_OPEN_NO_MIGRATE, &error);
  if (db != NULL)
    made = dg_db_backup_daily (db, args->a, args->limit, &error);

  return_boolean (task, error == NULL, error);
}

void
dg_job_backup_daily (DgWorker            *worker,
                     const char          *dir,
                     guint                keep,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (worker, NULL, callback, user_data);
  Args *args = args_new ();

  args->a = g_strdup (dir);
  args->b = g_strdup (dg_worker_get_path (worker));
  args->limit = keep;
  g_task_set_source_tag (task, dg_job_backup_daily);
  g_task_set_task_data (task, args, (GDestroyNotify) args_free);
  g_task_run_in_thread (task, backup_daily_thread);
}

static void
schools_job (GTask *task, DgDb *db, gpointer data, GCancellable *cancellable)
{
  GError *error = NULL;
  GStrv schools = dg_referral_schools (db, 1000, &error);

  if (schools == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, schools, (GDestroyNotify) g_strfreev);
}

void
dg_job_schools (DgWorker            *worker,
                GCancellable        *cancellable,
                GAsyncReadyCallback  callback,
                gpointer             user_data)
{
  run (worker, schools_job, args_new (), cancellable, callback, user_data);
}

GStrv
dg_job_finish_strv (GAsyncResult  *result,
                    GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
meeting_add_job (GTask *task, DgDb *db, gpointer data, GCancellable *cancellable)
{
  Args *args = data;
  GError *error = NULL;
  gint64 id;

  set_actor (db, args);
  id = dg_meeting_add (db, args->id, args->a, NULL, args->actor, FALSE, &error);
  if (id == 0)
    g_task_return_error (task, error);
  else
    g_task_return_int (task, id);
}

void
dg_job_meeting_add (DgWorker            *worker,
                    gint64               referral_id,
                    const char          *kind,
                    const char          *actor,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  Args *args = args_new ();

  args->id = referral_id;
  args->a = g_strdup (kind);
  args->actor = g_strdup (actor);
  run (worker, meeting_add_job, args, NULL, callback, user_data);
}

static void
meeting_show_job (GTask *task, DgDb *db, gpointer data, GCancellable *cancellable)
{
  Args *args = data;
  GError *error = NULL;
  JsonNode *node = dg_meeting_show (db, args->id, &error);

  return_json (task, node, error);
}

void
dg_job_meeting_show (DgWorker            *worker,
                     gint64               id,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  Args *args = args_new ();

  args->id = id;
  run (worker, meeting_show_job, args, cancellable, callback, user_data);
}

static void
meeting_change_job (GTask *task, DgDb *db, gpointer data, GCancellable *cancellable)
{
  Args *args = data;
  GError *error = NULL;
  gboolean ok = FALSE;

  set_actor (db, args);
  switch ((DgMeetingChange) args->limit)
    {
    case DG_MEETING_INVITE_EXPECTED:
      ok = dg_meeting_invite_expected (db, args->id, args->a, &error);
      break;
    case DG_MEETING_INVITE:
      ok = dg_meeting_invite (db, args->id, args->a, args->b, args->c, NULL, &error);
      break;
    case DG_MEETING_RESPONSE:
      ok = dg_meeting_response (db, args->id, args->a, args->b, args->c, &error);
      break;
    case DG_MEETING_NOT_INVITED:
      ok = dg_meeting_not_invited (db, args->id, args->a, args->b, &error);
      break;
    case DG_MEETING_OUTCOME:
      ok = dg_meeting_outcome (db, args->id, args->a, args->search != NULL, args->b, NULL, &error);
      break;
    case DG_MEETING_ACTION:
      ok = dg_meeting_add_action (db, args->id, args->a, args->b, args->c, &error);
      break;
    default:
      g_assert_not_reached ();
    }
  return_boolean (task, ok, error);
}

void
dg_job_meeting_change (DgWorker            *worker,
                       gint64               id,
                       DgMeetingChange      change,
                       const char          *a,
                       const char          *b,
                       const char          *c,
                       gboolean             flag,
                       const char          *actor,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  Args *args = args_new ();

  args->id = id;
  args->limit = change;
  args->a = g_strdup (a);
  args->b = g_strdup (b);
  args->c = g_strdup (c);
  args->search = flag ? g_strdup ("yes") : NULL;
  args->actor = g_strdup (actor);
  run (worker, meeting_change_job, args, NULL, callback, user_data);
}

static void
meeting_report_job (GTask *task, DgDb *db, gpointer data, GCancellable *cancellable)
{
  Args *args = data;
  GError *error = NULL;
  g_autoptr(JsonArray) meetings = dg_meeting_list (db, args->search != NULL, args->a, args->b, args->limit, &error);
  JsonNode *shares = meetings ? dg_meeting_agency_shares (db, args->a, args->b, &error) : NULL;
  JsonObject *o;

  if (shares == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  o = json_object_new ();
  json_object_set_array_member (o, "meetings", json_array_ref (meetings));
  json_object_set_member (o, "shares", shares);
  return_json (task, json_node_init_object (json_node_alloc (), o), NULL);
  json_object_unref (o);
}

void
dg_job_meeting_report (DgWorker            *worker,
                       gboolean             incomplete_only,
                       const char          *from,
                       const char          *to,
                       guint                limit,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  Args *args = args_new ();

  args->search = incomplete_only ? g_strdup ("yes") : NULL;
  args->a = g_strdup (from);
  args->b = g_strdup (to);
  args->limit = limit;
  run (worker, meeting_report_job, args, cancellable, callback, user_data);
}

static void
add_event_job (GTask *task, DgDb *db, gpointer data, GCancellable *cancellable)
{
  Args *args = data;
  GError *error = NULL;
  gboolean ok;

  set_actor (db, args);
  ok = dg_referral_add_event (db, args->id, args->a, args->b, args->c, &error);
  return_boolean (task, ok, error);
}

void
dg_job_add_event (DgWorker            *worker,
                  gint64               referral_id,
                  const char          *kind,
                  const char          *at,
                  const char          *notes,
                  const char          *actor,
                  GAsyncReadyCallback  callback,
                  gpointer             user_data)
{
  Args *args = args_new ();

  args->id = referral_id;
  args->a = g_strdup (kind);
  args->b = g_strdup (at);
  args->c = g_strdup (notes);
  args->actor = g_strdup (actor);
  run (worker, add_event_job, args, NULL, callback, user_data);
}

static void
owed_job (GTask *task, DgDb *db, gpointer data, GCancellable *cancellable)
{
  Args *args = data;
  GError *error = NULL;
  JsonArray *owed = dg_notify_owed (db, args->a, NULL, NULL, &error);

  return_json (task, owed ? json_node_init_array (json_node_alloc (), owed) : NULL, error);
  if (owed != NULL)
    json_array_unref (owed);
}

void
dg_job_owed (DgWorker            *worker,
             const char          *organisation,
             GCancellable        *cancellable,
             GAsyncReadyCallback  callback,
             gpointer             user_data)
{
  Args *args = args_new ();

  args->a = g_strdup (organisation);
  run (worker, owed_job, args, cancellable, callback, user_data);
}

static void
render_job (GTask *task, DgDb *db, gpointer data, GCancellable *cancellable)
{
  Args *args = data;
  GError *error = NULL;
  g_autoptr(GHashTable) hub = g_hash_table_new (g_str_hash, g_str_equal);
  const char *keys[] = { "hub.name", "hub.address", "hub.phone", "hub.email" };
  JsonObject *letter;

  /* The hub's values travel in the JSON object (the job owns no GHashTable). */
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    if (args->object != NULL && json_object_has_member (args->object, keys[i]))
      g_hash_table_insert (hub, (gpointer) keys[i], (gpointer) json_object_get_string_member (args->object, keys[i]));

  letter = dg_notify_render (db, args->id, args->a, args->b, hub, &error);
  return_json (task, letter ? json_node_init_object (json_node_alloc (), letter) : NULL, error);
  if (letter != NULL)
    json_object_unref (letter);
}

void
dg_job_render_letter (DgWorker            *worker,
                      gint64               referral_id,
                      const char          *kind,
                      const char          *language,
                      GHashTable          *hub,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  Args *args = args_new ();
  GHashTableIter iter;
  gpointer key, value;

  args->id = referral_id;
  args->a = g_strdup (kind);
  args->b = g_strdup (language);
  args->object = json_object_new ();
  if (hub != NULL)
    {
      g_hash_table_iter_init (&iter, hub);
      while (g_hash_table_iter_next (&iter, &key, &value))
        json_object_set_string_member (args->object, key, value);
    }
  run (worker, render_job, args, cancellable, callback, user_data);
}

static void
mark_sent_job (GTask *task, DgDb *db, gpointer data, GCancellable *cancellable)
{
  Args *args = data;
  GError *error = NULL;
  gboolean ok;

  set_actor (db, args);
  ok = dg_notify_mark_sent (db, json_object_get_int_member (args->object, "referral"),
              args->object, args->a, args->b, &error);
  return_boolean (task, ok, error);
}

void
dg_job_mark_sent (DgWorker            *worker,
                  JsonObject          *rendered,
                  const char          *format,
                  const char          *method,
                  const char          *actor,
                  GAsyncReadyCallback  callback,
                  gpointer             user_data)
{
  Args *args = args_new ();

  args->object = json_object_ref (rendered);
  args->a = g_strdup (format);
  args->b = g_strdup (method);
  args->actor = g_strdup (actor);
  run (worker, mark_sent_job, args, NULL, callback, user_data);
}

static void
template_get_job (GTask *task, DgDb *db, gpointer data, GCancellable *cancellable)
{
  Args *args = data;
  GError *error = NULL;
  g_autoptr(JsonObject) shown = dg_template_show (db, args->a, args->b, &error);

  if (shown == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  return_json (task, json_node_init_object (json_node_alloc (), shown), NULL);
}

void
dg_job_template_get (DgWorker            *worker,
                     const char          *name,
                     const char          *language,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  Args *args = args_new ();

  args->a = g_strdup (name);
  args->b = g_strdup (language);
  run (worker, template_get_job, args, cancellable, callback, user_data);
}

static void
template_set_job (GTask *task, DgDb *db, gpointer data, GCancellable *cancellable)
{
  Args *args = data;
  GError *error = NULL;
  gboolean ok;

  set_actor (db, args);
  ok = dg_template_set (db, args->a, args->b, args->c, (int) args->id, NULL, &error);
  return_boolean (task, ok, error);
}

void
dg_job_template_set (DgWorker            *worker,
                     const char          *name,
                     const char          *language,
                     const char          *body,
                     int                  base_version,
                     const char          *actor,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  Args *args = args_new ();

  args->a = g_strdup (name);
  args->b = g_strdup (language);
  args->c = g_strdup (body);
  args->id = base_version;   /* the version the editor opened */
  args->actor = g_strdup (actor);
  run (worker, template_set_job, args, NULL, callback, user_data);
}

static void
template_preview_job (GTask *task, DgDb *db, gpointer data, GCancellable *cancellable)
{
  Args *args = data;
  GError *error = NULL;
  DgReferralQuery q = { .status = g_str_equal (args->a, "outcome") ? "decided" : NULL };
  g_autoptr(GArray) ids = dg_referral_list_ids (db, &q, 1, &error);
  JsonObject *letter;

  /* An outcome needs a decision: a referral awaiting its letter, else one answered. */
  if (ids != NULL && ids->len == 0 && q.status != NULL)
    {
      q.status = "closed";
      g_clear_pointer (&ids, g_array_unref);
      ids = dg_referral_list_ids (db, &q, 1, &error);
    }
  if (ids == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (ids->len == 0)
    {
      g_task_return_new_error (task, DG_ERROR, DG_ERROR_NOT_FOUND,
                               g_str_equal (args->a, "outcome")
                               ? _("A preview needs a decided referral: decide one first.")
                               : _("A preview needs a referral: log one first."));
      return;
    }
  letter = dg_notify_preview (db, g_array_index (ids, gint64, 0), args->a, args->b, NULL, args->c, &error);
  return_json (task, letter ? json_node_init_object (json_node_alloc (), letter) : NULL, error);
  if (letter != NULL)
    json_object_unref (letter);
}

void
dg_job_template_preview (DgWorker            *worker,
                         const char          *name,
                         const char          *language,
                         const char          *text,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  Args *args = args_new ();

  args->a = g_strdup (name);
  args->b = g_strdup (language);
  args->c = g_strdup (text);
  run (worker, template_preview_job, args, cancellable, callback, user_data);
}

static void
due_board_job (GTask *task, DgDb *db, gpointer data, GCancellable *cancellable)
{
  Args *args = data;
  GError *error = NULL;

  JsonNode *board = dg_due_board (db, args->limit, &error);

  return_json (task, board, error);
}

void
dg_job_due_board (DgWorker            *worker,
                   guint                limit,
                   GCancellable        *cancellable,
                   GAsyncReadyCallback  callback,
                   gpointer             user_data)
{
  Args *args = args_new ();

  args->limit = limit;
  run (worker, due_board_job, args, cancellable, callback, user_data);
}

static void
performance_job (GTask *task, DgDb *db, gpointer data, GCancellable *cancellable)
{
  Args *args = data;
  GError *error = NULL;
  JsonNode *report = dg_performance_report (db, args->a, args->b, &error);

  return_json (task, report, error);
}

void
dg_job_performance (DgWorker            *worker,
                    const char          *from,
                    const char          *to,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  Args *args = args_new ();

  args->a = g_strdup (from);
  args->b = g_strdup (to);
  run (worker, performance_job, args, cancellable, callback, user_data);
}

/* ---- import ---- */

typedef struct
{
  GObject *bar;
  double   fraction;
} Progress;

static gboolean
show_progress (gpointer data)
{
  Progress *p = data;

  gtk_progress_bar_set_fraction (GTK_PROGRESS_BAR (p->bar), p->fraction);
  g_object_unref (p->bar);
  g_free (p);
  return G_SOURCE_REMOVE;
}

/* Called on the database thread: the bar is moved on the main one. */
static void
import_progress (guint    done,
                 guint    total,
                 gpointer user_data)
{
  Args *args = user_data;
  Progress *p;

  if (args->progress == NULL || total == 0)
    return;
  p = g_new (Progress, 1);
  p->bar = g_object_ref (args->progress);
  p->fraction = (double) done / total;
  g_idle_add (show_progress, p);
}

static void
import_job (GTask *task, DgDb *db, gpointer data, GCancellable *cancellable)
{
  Args *args = data;
  GError *error = NULL;
  gsize length = 0;
  const char *text = g_bytes_get_data (args->bytes, &length);
  JsonNode *report;

  set_actor (db, args);
  report = dg_import_csv (db, text, length, args->mapping, args->limit != 0, import_progress, args, &error);
  return_json (task, report, error);
}

void
dg_job_import (DgWorker            *worker,
               GBytes              *csv,
               GHashTable          *mapping,
               gboolean             dry_run,
               const char          *actor,
               GtkProgressBar      *progress,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data)
{
  Args *args = args_new ();

  args->bytes = g_bytes_ref (csv);
  args->mapping = mapping ? g_hash_table_ref (mapping) : NULL;
  args->limit = dry_run;
  args->actor = g_strdup (actor);
  args->progress = progress ? g_object_ref (G_OBJECT (progress)) : NULL;
  run (worker, import_job, args, cancellable, callback, user_data);
}

/* ---- connection ---- */

static void
connection_job (GTask *task, DgDb *db, gpointer data, GCancellable *cancellable)
{
  gboolean warn = FALSE;
  g_autofree char *how = dg_db_describe_connection (db, &warn);
  char **result = g_new0 (char *, 4);

  if (!dg_db_is_postgres (db))
    result[0] = g_strdup ("");
  else if (dg_db_is_encrypted (db))
    result[0] = g_strdup (_("Shared database, encrypted connection"));
  else if (warn)
    result[0] = g_strdup (_("Shared database, connection not encrypted"));
  else
    result[0] = g_strdup (_("Shared database on this computer"));
  result[1] = g_strdup (!dg_db_is_postgres (db) ? "" :
                        dg_db_is_encrypted (db) ? "channel-secure-symbolic" :
                        warn ? "channel-insecure-symbolic" : "computer-symbolic");
  result[2] = warn ? g_steal_pointer (&how) : NULL;
  g_task_return_pointer (task, result, (GDestroyNotify) g_strfreev);
}

void
dg_job_connection (DgWorker            *worker,
                   GCancellable        *cancellable,
                   GAsyncReadyCallback  callback,
                   gpointer             user_data)
{
  run (worker, connection_job, args_new (), cancellable, callback, user_data);
}

char **
dg_job_finish_connection (GAsyncResult  *result,
                          GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}
