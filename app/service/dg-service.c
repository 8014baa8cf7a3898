#include "config.h"

#include <glib/gi18n.h>

#include "dg-core.h"
#include "dg-drafts.h"
#include "dg-import.h"
#include "dg-json.h"
#include "dg-restore.h"
#include "dg-service-private.h"

/* The machinery every operation shares (a call queued on the connection's
 * thread in the actor's name, its result carried back as a GValue, the
 * announcement of a write) and the operations on the connection itself:
 * its version, how it travels, backups, restore, import and drafts. The
 * records' own operations are in dg-service-referrals.c,
 * dg-service-meetings.c, dg-service-letters.c and dg-service-figures.c. */

struct _DgService
{
  GObject    parent_instance;

  DgWorker  *worker;
  DgWorker  *mail_worker;   /* delivering letters, on a connection of its own; NULL until needed */
  char      *actor;
  int        role;          /* DgDbRole the windows follow */
};

G_DEFINE_FINAL_TYPE (DgService, dg_service, G_TYPE_OBJECT)

enum { PROP_0, PROP_WORKER, PROP_ACTOR, PROP_ROLE, N_PROPS };
static GParamSpec *properties[N_PROPS];

enum { CHANGED, REFERRAL_CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
dg_service_finalize (GObject *object)
{
  DgService *self = DG_SERVICE (object);

  g_clear_object (&self->worker);
  g_clear_object (&self->mail_worker);
  g_clear_pointer (&self->actor, g_free);
  G_OBJECT_CLASS (dg_service_parent_class)->finalize (object);
}

static void
dg_service_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  DgService *self = DG_SERVICE (object);

  switch (prop_id)
    {
    case PROP_WORKER:
      g_value_set_object (value, self->worker);
      break;
    case PROP_ACTOR:
      g_value_set_string (value, self->actor);
      break;
    case PROP_ROLE:
      g_value_set_int (value, self->role);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dg_service_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  DgService *self = DG_SERVICE (object);

  switch (prop_id)
    {
    case PROP_WORKER:
      self->worker = g_value_dup_object (value);
      break;
    case PROP_ACTOR:
      dg_service_set_actor (self, g_value_get_string (value));
      break;
    case PROP_ROLE:
      dg_service_set_role (self, g_value_get_int (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dg_service_class_init (DgServiceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = dg_service_finalize;
  object_class->get_property = dg_service_get_property;
  object_class->set_property = dg_service_set_property;

  properties[PROP_WORKER] =
    g_param_spec_object ("worker", NULL, NULL, DG_TYPE_WORKER,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ACTOR] =
    g_param_spec_string ("actor", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The role (DgDbRole) what the windows offer follows; practitioner, the
   * least, until the connection says (dg_service_role_async ()). */
  properties[PROP_ROLE] =
    g_param_spec_int ("role", NULL, NULL, 0, 3, 0,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* A write of this service succeeded (after its callback was queued). */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* ... and it was about this referral. */
  signals[REFERRAL_CHANGED] = g_signal_new ("referral-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                            0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
}

static void
dg_service_init (DgService *self)
{
}

DgService *
dg_service_new (DgWorker *worker)
{
  g_return_val_if_fail (DG_IS_WORKER (worker), NULL);

  return g_object_new (DG_TYPE_SERVICE, "worker", worker, NULL);
}

DgWorker *
dg_service_get_worker (DgService *self)
{
  g_return_val_if_fail (DG_IS_SERVICE (self), NULL);
  return self->worker;
}

int
dg_service_get_role (DgService *self)
{
  g_return_val_if_fail (DG_IS_SERVICE (self), 0);
  return self->role;
}

void
dg_service_set_role (DgService *self,
                     int        role)
{
  g_return_if_fail (DG_IS_SERVICE (self));

  if (self->role == role)
    return;
  self->role = role;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ROLE]);
}

const char *
dg_service_get_actor (DgService *self)
{
  g_return_val_if_fail (DG_IS_SERVICE (self), NULL);
  return self->actor;
}

void
dg_service_set_actor (DgService  *self,
                      const char *actor)
{
  g_return_if_fail (DG_IS_SERVICE (self));

  if (actor != NULL && *actor == '\0')
    actor = NULL;
  if (g_strcmp0 (self->actor, actor) == 0)
    return;
  g_free (self->actor);
  self->actor = g_strdup (actor);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTOR]);
}

/* ---- Calls ------------------------------------------------------------------------ */

typedef struct
{
  DgService       *service;
  DgServiceOp      op;
  DgServiceNews    news;
  gint64           referral_id;
  char            *actor;
  gpointer         data;
  GDestroyNotify   destroy;
} Call;

static void
call_free (Call *call)
{
  if (call->destroy != NULL)
    call->destroy (call->data);
  g_free (call->actor);
  g_object_unref (call->service);
  g_free (call);
}

typedef struct
{
  DgService *service;
  gint64     referral_id;
} Announcement;

static gboolean
announce (gpointer data)
{
  Announcement *a = data;

  g_signal_emit (a->service, signals[CHANGED], 0);
  if (a->referral_id != 0)
    g_signal_emit (a->service, signals[REFERRAL_CHANGED], 0, a->referral_id);
  return G_SOURCE_REMOVE;
}

static void
announcement_free (gpointer data)
{
  Announcement *a = data;

  g_object_unref (a->service);
  g_free (a);
}

/* On the connection's thread. */
static void
call_run (GTask        *task,
          DgDb         *db,
          gpointer      data,
          GCancellable *cancellable)
{
  Call *call = data;
  g_auto(GValue) value = G_VALUE_INIT;
  GError *error = NULL;

  dg_db_set_actor (db, call->actor);
  if (!call->op (db, call->data, &value, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  if (call->news == DG_SERVICE_ANNOUNCED)
    {
      Announcement *a = g_new (Announcement, 1);

      a->service = g_object_ref (call->service);
      a->referral_id = call->referral_id;
      g_main_context_invoke_full (g_task_get_context (task), G_PRIORITY_DEFAULT,
                                  announce, a, announcement_free);
    }
  /* An operation with no result of its own answers TRUE. */
  if (!G_IS_VALUE (&value))
    {
      g_value_init (&value, G_TYPE_BOOLEAN);
      g_value_set_boolean (&value, TRUE);
    }
  g_task_return_value (task, &value);
}

static void
run_on (DgService           *self,
        DgWorker            *worker,
        gpointer             source_tag,
        DgServiceOp          op,
        DgServiceNews        news,
        gint64               referral_id,
        gpointer             data,
        GDestroyNotify       destroy,
        GCancellable        *cancellable,
        GAsyncReadyCallback  callback,
        gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  Call *call = g_new0 (Call, 1);

  call->service = g_object_ref (self);
  call->op = op;
  call->news = news;
  call->referral_id = referral_id;
  call->actor = g_strdup (self->actor);
  call->data = data;
  call->destroy = destroy;
  g_task_set_source_tag (task, source_tag);
  dg_worker_queue (worker, task, call_run, call, (GDestroyNotify) call_free);
}

void
dg_service_run (DgService           *self,
                gpointer             source_tag,
                DgServiceOp          op,
                DgServiceNews        news,
                gint64               referral_id,
                gpointer             data,
                GDestroyNotify       destroy,
                GCancellable        *cancellable,
                GAsyncReadyCallback  callback,
                gpointer             user_data)
{
  run_on (self, self->worker, source_tag, op, news, referral_id, data, destroy, cancellable, callback, user_data);
}

static void
mail_worker_opened (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  /* A failure reaches each job queued after it, as "not open". */
  if (!dg_worker_open_finish (DG_WORKER (object), result, &error))
    g_debug ("The mail connection did not open (%s %d)", g_quark_to_string (error->domain), error->code);
}

void
dg_service_run_mail (DgService           *self,
                     gpointer             source_tag,
                     DgServiceOp          op,
                     DgServiceNews        news,
                     gint64               referral_id,
                     gpointer             data,
                     GDestroyNotify       destroy,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  /* A mail server may take half a minute to answer, or not answer at all:
   * letters go out on a connection of their own, so the records never
   * wait for it. Opened on first use, before any job queued after it. */
  if (self->mail_worker == NULL)
    {
      self->mail_worker = dg_worker_new (dg_worker_get_path (self->worker));
      dg_worker_open_async (self->mail_worker, NULL, mail_worker_opened, NULL);
    }
  run_on (self, self->mail_worker, source_tag, op, news, referral_id, data, destroy, cancellable, callback, user_data);
}

static gboolean
propagate (DgService     *self,
           GAsyncResult  *result,
           gpointer       source_tag,
           GValue        *value,
           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, FALSE);

  return g_task_propagate_value (G_TASK (result), value, error);
}

gboolean
dg_service_finish (DgService     *self,
                   GAsyncResult  *result,
                   gpointer       source_tag,
                   GError       **error)
{
  g_auto(GValue) value = G_VALUE_INIT;

  return propagate (self, result, source_tag, &value, error);
}

gpointer
dg_service_finish_boxed (DgService     *self,
                         GAsyncResult  *result,
                         gpointer       source_tag,
                         GError       **error)
{
  g_auto(GValue) value = G_VALUE_INIT;

  if (!propagate (self, result, source_tag, &value, error))
    return NULL;
  return g_value_dup_boxed (&value);
}

gint64
dg_service_finish_int64 (DgService     *self,
                         GAsyncResult  *result,
                         gpointer       source_tag,
                         GError       **error)
{
  g_auto(GValue) value = G_VALUE_INIT;

  if (!propagate (self, result, source_tag, &value, error))
    return 0;
  return g_value_get_int64 (&value);
}

gboolean
dg_service_return_node (GValue   *result,
                        JsonNode *node)
{
  if (node == NULL)
    return FALSE;
  g_value_init (result, JSON_TYPE_NODE);
  g_value_take_boxed (result, node);
  return TRUE;
}

gboolean
dg_service_return_array (GValue    *result,
                         JsonArray *array)
{
  if (array == NULL)
    return FALSE;
  dg_service_return_node (result, json_node_init_array (json_node_alloc (), array));
  json_array_unref (array);
  return TRUE;
}

gboolean
dg_service_return_object (GValue     *result,
                          JsonObject *object)
{
  if (object == NULL)
    return FALSE;
  dg_service_return_node (result, json_node_init_object (json_node_alloc (), object));
  json_object_unref (object);
  return TRUE;
}

gboolean
dg_service_return_records (GValue              *result,
                           JsonArray           *array,
                           const DgRecordShape *shape,
                           GDestroyNotify       free_record)
{
  if (array == NULL)
    return FALSE;
  g_value_init (result, G_TYPE_PTR_ARRAY);
  g_value_take_boxed (result, dg_record_list_from_json (shape, free_record, array));
  json_array_unref (array);
  return TRUE;
}

gboolean
dg_service_return_record (GValue              *result,
                          JsonNode            *node,
                          const DgRecordShape *shape,
                          GType                type)
{
  if (node == NULL)
    return FALSE;
  g_value_init (result, type);
  g_value_take_boxed (result, dg_record_from_json (shape, json_node_get_object (node)));
  json_node_unref (node);
  return TRUE;
}

gboolean
dg_service_return_int64 (GValue *result,
                         gint64  value)
{
  g_value_init (result, G_TYPE_INT64);
  g_value_set_int64 (result, value);
  return TRUE;
}

char *
dg_service_text (JsonObject *object,
                 const char *member,
                 const char *fallback)
{
  const char *text = dg_json_text (object, member);

  return g_strdup (text != NULL ? text : fallback);
}

GPtrArray *
dg_service_records (JsonArray        *array,
                    DgRecordFromJson  from_json,
                    GDestroyNotify    free_record)
{
  guint n = array != NULL ? json_array_get_length (array) : 0;
  GPtrArray *records = g_ptr_array_new_full (n, free_record);

  for (guint i = 0; i < n; i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      /* The core's arrays hold objects; anything else is no record. */
      if (JSON_NODE_HOLDS_OBJECT (element))
        g_ptr_array_add (records, from_json (json_node_get_object (element)));
    }
  return records;
}

/* ---- Progress ---------------------------------------------------------------------- */

struct _DgProgress
{
  GObject  parent_instance;
  double   fraction;
};

G_DEFINE_FINAL_TYPE (DgProgress, dg_progress, G_TYPE_OBJECT)

enum { PROGRESS_PROP_0, PROGRESS_PROP_FRACTION, PROGRESS_N_PROPS };
static GParamSpec *progress_properties[PROGRESS_N_PROPS];

static void
dg_progress_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROGRESS_PROP_FRACTION:
      g_value_set_double (value, DG_PROGRESS (object)->fraction);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dg_progress_class_init (DgProgressClass *klass)
{
  G_OBJECT_CLASS (klass)->get_property = dg_progress_get_property;

  progress_properties[PROGRESS_PROP_FRACTION] =
    g_param_spec_double ("fraction", NULL, NULL, 0.0, 1.0, 0.0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (G_OBJECT_CLASS (klass), PROGRESS_N_PROPS, progress_properties);
}

static void
dg_progress_init (DgProgress *self)
{
}

DgProgress *
dg_progress_new (void)
{
  return g_object_new (DG_TYPE_PROGRESS, NULL);
}

double
dg_progress_get_fraction (DgProgress *self)
{
  g_return_val_if_fail (DG_IS_PROGRESS (self), 0.0);
  return self->fraction;
}

typedef struct
{
  DgProgress *progress;
  double      fraction;
} Step;

static gboolean
progress_step (gpointer data)
{
  Step *step = data;

  if (step->progress->fraction != step->fraction)
    {
      step->progress->fraction = step->fraction;
      g_object_notify_by_pspec (G_OBJECT (step->progress), progress_properties[PROGRESS_PROP_FRACTION]);
    }
  return G_SOURCE_REMOVE;
}

static void
step_free (gpointer data)
{
  Step *step = data;

  g_object_unref (step->progress);
  g_free (step);
}

/* ---- The connection ------------------------------------------------------------------- */

static gboolean
data_version_op (DgDb *db, gpointer data, GValue *result, GError **error)
{
  gint64 version = dg_db_data_version (db, error);

  return version != 0 && dg_service_return_int64 (result, version);
}

void
dg_service_data_version_async (DgService           *self,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  dg_service_run (self, dg_service_data_version_async, data_version_op, DG_SERVICE_QUIET, 0,
                  NULL, NULL, cancellable, callback, user_data);
}

DG_SERVICE_DEFINE_FINISH (data_version, gint64, dg_service_finish_int64)

static gboolean
connection_op (DgDb *db, gpointer data, GValue *result, GError **error)
{
  gboolean warn = FALSE;
  g_autofree char *how = dg_db_describe_connection (db, &warn);
  char **described = g_new0 (char *, 4);

  if (!dg_db_is_postgres (db))
    described[0] = g_strdup ("");
  else if (dg_db_is_encrypted (db))
    described[0] = g_strdup (_("Shared database, encrypted connection"));
  else if (warn)
    described[0] = g_strdup (_("Shared database, connection not encrypted"));
  else
    described[0] = g_strdup (_("Shared database on this computer"));
  described[1] = g_strdup (!dg_db_is_postgres (db) ? "" :
                           dg_db_is_encrypted (db) ? "channel-secure-symbolic" :
                           warn ? "channel-insecure-symbolic" : "computer-symbolic");
  described[2] = warn ? g_steal_pointer (&how) : NULL;
  g_value_init (result, G_TYPE_STRV);
  g_value_take_boxed (result, described);
  return TRUE;
}

void
dg_service_connection_async (DgService           *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  dg_service_run (self, dg_service_connection_async, connection_op, DG_SERVICE_QUIET, 0,
                  NULL, NULL, cancellable, callback, user_data);
}

DG_SERVICE_DEFINE_FINISH (connection, char **, dg_service_finish_boxed)

/* Backups read on a connection of their own, off the database thread: in
 * WAL mode the copy neither waits for nor holds up the practitioner's work. */
typedef struct
{
  char  *source;
  char  *destination;
  gboolean daily;    /* today's copy into a folder, else one to a path */
  guint  keep;       /* daily copies kept */
} Backup;

static void
backup_free (Backup *backup)
{
  g_free (backup->source);
  g_free (backup->destination);
  g_free (backup);
}

static void
backup_thread (GTask        *task,
               gpointer      source,
               gpointer      data,
               GCancellable *cancellable)
{
  Backup *backup = data;
  g_auto(GValue) value = G_VALUE_INIT;
  GError *error = NULL;
  g_autoptr(DgDb) db = dg_db_open (backup->source, DG_DB_OPEN_READ_ONLY | DG_DB_OPEN_NO_MIGRATE, &error);
  g_autofree char *made = NULL;

  if (db != NULL && !backup->daily)
    dg_db_backup (db, backup->destination, &error);
  else if (db != NULL)
    made = dg_db_backup_daily (db, backup->destination, backup->keep, &error);
  if (error != NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_value_init (&value, G_TYPE_BOOLEAN);
  g_value_set_boolean (&value, TRUE);
  g_task_return_value (task, &value);
}

static void
backup_start (DgService           *self,
              gpointer             source_tag,
              const char          *destination,
              gboolean             daily,
              guint                keep,
              GAsyncReadyCallback  callback,
              gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, NULL, callback, user_data);
  Backup *backup = g_new0 (Backup, 1);

  backup->source = g_strdup (dg_worker_get_path (self->worker));
  backup->destination = g_strdup (destination);
  backup->daily = daily;
  backup->keep = keep;
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, backup, (GDestroyNotify) backup_free);
  g_task_run_in_thread (task, backup_thread);
}

void
dg_service_backup_async (DgService           *self,
                         const char          *path,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  backup_start (self, dg_service_backup_async, path, FALSE, 0, callback, user_data);
}

DG_SERVICE_DEFINE_FINISH (backup, gboolean, dg_service_finish)

void
dg_service_backup_daily_async (DgService           *self,
                               const char          *dir,
                               guint                keep,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  backup_start (self, dg_service_backup_daily_async, dir, TRUE, keep, callback, user_data);
}

DG_SERVICE_DEFINE_FINISH (backup_daily, gboolean, dg_service_finish)

typedef struct
{
  char *backup;
  char *safety_dir;
} Restore;

static void
restore_free (Restore *restore)
{
  g_free (restore->backup);
  g_free (restore->safety_dir);
  g_free (restore);
}

static gboolean
restore_op (DgDb *db, gpointer data, GValue *result, GError **error)
{
  Restore *restore = data;
  char *kept = dg_db_restore (db, restore->backup, restore->safety_dir, error);

  if (kept == NULL)
    return FALSE;
  g_value_init (result, G_TYPE_STRING);
  g_value_take_string (result, kept);
  return TRUE;
}

void
dg_service_restore_async (DgService           *self,
                          const char          *backup,
                          const char          *safety_dir,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  Restore *restore = g_new0 (Restore, 1);

  restore->backup = g_strdup (backup);
  restore->safety_dir = g_strdup (safety_dir);
  dg_service_run (self, dg_service_restore_async, restore_op, DG_SERVICE_ANNOUNCED, 0,
                  restore, (GDestroyNotify) restore_free, NULL, callback, user_data);
}

char *
dg_service_restore_finish (DgService     *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_auto(GValue) value = G_VALUE_INIT;

  if (!propagate (self, result, dg_service_restore_async, &value, error))
    return NULL;
  return g_value_dup_string (&value);
}

typedef struct
{
  GBytes       *csv;
  GHashTable   *mapping;
  gboolean      dry_run;
  DgProgress   *progress;
  GMainContext *context;
} Import;

static void
import_free (Import *import)
{
  g_bytes_unref (import->csv);
  g_clear_pointer (&import->mapping, g_hash_table_unref);
  g_clear_object (&import->progress);
  g_main_context_unref (import->context);
  g_free (import);
}

/* On the database thread: the progress moves on the caller's context. */
static void
import_progress (guint    done,
                 guint    total,
                 gpointer user_data)
{
  Import *import = user_data;
  Step *step;

  if (import->progress == NULL || total == 0)
    return;
  step = g_new (Step, 1);
  step->progress = g_object_ref (import->progress);
  step->fraction = (double) done / total;
  g_main_context_invoke_full (import->context, G_PRIORITY_DEFAULT, progress_step, step, step_free);
}

/* The file is read here, on the connection's thread, never on the window's. */
static gboolean
import_op (DgDb *db, gpointer data, GValue *result, GError **error)
{
  Import *import = data;
  gsize length = 0;
  const char *text = g_bytes_get_data (import->csv, &length);
  return dg_service_return_record (result, dg_import_csv (db, text, length, import->mapping, import->dry_run,
                                                          import_progress, import, error),
                                   &dg_import_report_shape, DG_TYPE_IMPORT_REPORT);
}

void
dg_service_import_async (DgService           *self,
                         GBytes              *csv,
                         GHashTable          *mapping,
                         gboolean             dry_run,
                         DgProgress          *progress,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  Import *import = g_new0 (Import, 1);

  import->csv = g_bytes_ref (csv);
  import->mapping = mapping ? g_hash_table_ref (mapping) : NULL;
  import->dry_run = dry_run;
  import->progress = progress ? g_object_ref (progress) : NULL;
  import->context = g_main_context_ref_thread_default ();
  dg_service_run (self, dg_service_import_async, import_op, dry_run ? DG_SERVICE_QUIET : DG_SERVICE_ANNOUNCED, 0,
                  import, (GDestroyNotify) import_free, cancellable, callback, user_data);
}

DG_SERVICE_DEFINE_FINISH (import, DgImportReport *, dg_service_finish_boxed)

/* ---- Drafts ------------------------------------------------------------------------------ */

typedef struct
{
  char  *kind;
  char  *slot;
  char  *body;
  GStrv  busy;
} Draft;

static void
draft_free (Draft *draft)
{
  g_free (draft->kind);
  g_free (draft->slot);
  g_free (draft->body);
  g_strfreev (draft->busy);
  g_free (draft);
}

static Draft *
draft_new (const char *kind,
           const char *slot,
           const char *body)
{
  Draft *draft = g_new0 (Draft, 1);

  draft->kind = g_strdup (kind);
  draft->slot = g_strdup (slot);
  draft->body = g_strdup (body);
  return draft;
}

static gboolean
list_drafts_op (DgDb *db, gpointer data, GValue *result, GError **error)
{
  Draft *draft = data;

  return dg_service_return_array (result, dg_draft_list (db, draft->kind, (const char * const *) draft->busy, error));
}

void
dg_service_list_drafts_async (DgService           *self,
                              const char          *kind,
                              const char * const  *busy_slots,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  Draft *draft = draft_new (kind, NULL, NULL);

  draft->busy = g_strdupv ((GStrv) busy_slots);
  dg_service_run (self, dg_service_list_drafts_async, list_drafts_op, DG_SERVICE_QUIET, 0,
                  draft, (GDestroyNotify) draft_free, cancellable, callback, user_data);
}

DG_SERVICE_DEFINE_FINISH (list_drafts, JsonNode *, dg_service_finish_boxed)

static gboolean
save_draft_op (DgDb *db, gpointer data, GValue *result, GError **error)
{
  Draft *draft = data;

  return dg_draft_save (db, draft->kind, draft->slot, draft->body, error);
}

void
dg_service_save_draft_async (DgService           *self,
                             const char          *kind,
                             const char          *slot,
                             const char          *body,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  dg_service_run (self, dg_service_save_draft_async, save_draft_op, DG_SERVICE_QUIET, 0,
                  draft_new (kind, slot, body), (GDestroyNotify) draft_free, NULL, callback, user_data);
}

DG_SERVICE_DEFINE_FINISH (save_draft, gboolean, dg_service_finish)

static gboolean
discard_draft_op (DgDb *db, gpointer data, GValue *result, GError **error)
{
  Draft *draft = data;

  return dg_draft_discard (db, draft->kind, draft->slot, error);
}

void
dg_service_discard_draft_async (DgService           *self,
                                const char          *kind,
                                const char          *slot,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  dg_service_run (self, dg_service_discard_draft_async, discard_draft_op, DG_SERVICE_QUIET, 0,
                  draft_new (kind, slot, NULL), (GDestroyNotify) draft_free, NULL, callback, user_data);
}

DG_SERVICE_DEFINE_FINISH (discard_draft, gboolean, dg_service_finish)
