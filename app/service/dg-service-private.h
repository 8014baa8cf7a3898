#pragma once

#include "dg-service.h"

G_BEGIN_DECLS

/* One operation, run on the connection's thread: TRUE with its result in
 * @result (left unset for none), or FALSE with @error set. */
typedef gboolean (*DgServiceOp) (DgDb      *db,
                                 gpointer   data,
                                 GValue    *result,
                                 GError   **error);

/* Whether an operation, once it succeeds, is announced with ::changed: a
 * change to the records is; a read, a dry run and a draft (the window's
 * own typing, not a record) are not. */
typedef enum
{
  DG_SERVICE_QUIET,
  DG_SERVICE_ANNOUNCED,
} DgServiceNews;

/* Queues @op with @data (freed with @destroy) in the actor's name; for an
 * announced change to one referral, @referral_id (else 0) is announced with
 * ::referral-changed. @source_tag is the public _async function. */
void      dg_service_run             (DgService           *self,
                                      gpointer             source_tag,
                                      DgServiceOp          op,
                                      DgServiceNews        news,
                                      gint64               referral_id,
                                      gpointer             data,
                                      GDestroyNotify       destroy,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data);

/* The same on the connection that delivers letters, so that a slow mail
 * server never holds up the records. */
void      dg_service_run_mail        (DgService           *self,
                                      gpointer             source_tag,
                                      DgServiceOp          op,
                                      DgServiceNews        news,
                                      gint64               referral_id,
                                      gpointer             data,
                                      GDestroyNotify       destroy,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data);

/* The _finish side, by the type of the result. */
gboolean  dg_service_finish          (DgService     *self,
                                      GAsyncResult  *result,
                                      gpointer       source_tag,
                                      GError       **error);
gpointer  dg_service_finish_boxed    (DgService     *self,
                                      GAsyncResult  *result,
                                      gpointer       source_tag,
                                      GError       **error);
gint64    dg_service_finish_int64    (DgService     *self,
                                      GAsyncResult  *result,
                                      gpointer       source_tag,
                                      GError       **error);

/* Defines dg_service_OP_finish (), returning @Type: the result of
 * dg_service_OP_async () as @how (dg_service_finish, _finish_boxed or
 * _finish_int64) takes it. */
#define DG_SERVICE_DEFINE_FINISH(op, Type, how)                                               \
  Type                                                                                         \
  dg_service_##op##_finish (DgService     *self,                                               \
                            GAsyncResult  *result,                                             \
                            GError       **error)                                              \
  {                                                                                            \
    return how (self, result, dg_service_##op##_async, error);                                 \
  }

/* The op side: @node or @array (taken; NULL is an error already set) as
 * the result. */
gboolean  dg_service_return_node     (GValue        *result,
                                      JsonNode      *node);
gboolean  dg_service_return_array    (GValue        *result,
                                      JsonArray     *array);
gboolean  dg_service_return_object   (GValue        *result,
                                      JsonObject    *object);
gboolean  dg_service_return_int64    (GValue        *result,
                                      gint64         value);

/* The op side for records: each object of @array (taken; NULL is an error
 * already set) a record of @shape, the result a GPtrArray that frees them
 * with @free_record. */
gboolean  dg_service_return_records  (GValue              *result,
                                      JsonArray           *array,
                                      const DgRecordShape *shape,
                                      GDestroyNotify       free_record);
/* @node (taken; NULL is an error already set), an object, as one record of
 * @shape, the result of boxed @type. */
gboolean  dg_service_return_record   (GValue              *result,
                                      JsonNode            *node,
                                      const DgRecordShape *shape,
                                      GType                type);

/* For records read by hand: a text member of @object, copied; @fallback
 * (copied, may be NULL) when it is absent, null or not text. */
char     *dg_service_text            (JsonObject       *object,
                                      const char       *member,
                                      const char       *fallback);
/* @array's objects, each read into a record by @from_json, as an array that
 * frees them with @free_record. */
typedef gpointer (*DgRecordFromJson) (JsonObject *object);
GPtrArray *dg_service_records        (JsonArray        *array,
                                      DgRecordFromJson  from_json,
                                      GDestroyNotify    free_record);

G_END_DECLS
