#pragma once

#include <gtk/gtk.h>
#include <json-glib/json-glib.h>

#include "dg-referrals.h"
#include "dg-worker.h"

G_BEGIN_DECLS

/* The GUI's database calls: each runs the core function on the worker thread
 * and completes on the main loop. Finish with dg_job_finish_*(). */

/* dg_db_data_version (): changes when someone else commits. */
void        dg_job_data_version    (DgWorker              *worker,
                                    GCancellable          *cancellable,
                                    GAsyncReadyCallback    callback,
                                    gpointer               user_data);
gint64      dg_job_finish_data_version (GAsyncResult      *result,
                                        GError           **error);

void        dg_job_list_ids        (DgWorker              *worker,
                                    const DgReferralQuery *query,
                                    guint                  limit,
                                    GCancellable          *cancellable,
                                    GAsyncReadyCallback    callback,
                                    gpointer               user_data);
GArray     *dg_job_finish_ids      (GAsyncResult          *result,
                                    GError               **error);

void        dg_job_summaries       (DgWorker              *worker,
                                    const gint64          *ids,
                                    guint                  n_ids,
                                    GCancellable          *cancellable,
                                    GAsyncReadyCallback    callback,
                                    gpointer               user_data);
void        dg_job_show            (DgWorker              *worker,
                                    gint64                 id,
                                    GCancellable          *cancellable,
                                    GAsyncReadyCallback    callback,
                                    gpointer               user_data);
void        dg_job_similar         (DgWorker              *worker,
                                    const char            *name,
                                    const char            *dob,
                                    GCancellable          *cancellable,
                                    GAsyncReadyCallback    callback,
                                    gpointer               user_data);
void        dg_job_reporters       (DgWorker              *worker,
                                    const char            *text,
                                    GCancellable          *cancellable,
                                    GAsyncReadyCallback    callback,
                                    gpointer               user_data);
void        dg_job_validate        (DgWorker              *worker,
                                    JsonObject            *input,
                                    GCancellable          *cancellable,
                                    GAsyncReadyCallback    callback,
                                    gpointer               user_data);
/* The drafts of @kind of the person acting (@actor on a file, the login
 * role on a server) that no open window holds (@busy_slots): dg_draft_list(). */
void        dg_job_list_drafts     (DgWorker              *worker,
                                    const char            *kind,
                                    const char * const    *busy_slots,
                                    const char            *actor,
                                    GCancellable          *cancellable,
                                    GAsyncReadyCallback    callback,
                                    gpointer               user_data);
/* JSON results (JsonNode; NULL without error for "nothing", e.g. no draft). */
JsonNode   *dg_job_finish_json     (GAsyncResult          *result,
                                    GError               **error);

void        dg_job_add_referral    (DgWorker              *worker,
                                    JsonObject            *input,
                                    const char            *draft_slot,
                                    const char            *actor,
                                    GCancellable          *cancellable,
                                    GAsyncReadyCallback    callback,
                                    gpointer               user_data);
/* The new id, or 0 with @error set. */
gint64      dg_job_finish_id       (GAsyncResult          *result,
                                    GError               **error);

/* Drafts of @kind in the window's @slot, owned as in dg-drafts.h. */
void        dg_job_save_draft      (DgWorker              *worker,
                                    const char            *kind,
                                    const char            *slot,
                                    const char            *body,
                                    const char            *actor,
                                    GAsyncReadyCallback    callback,
                                    gpointer               user_data);
void        dg_job_discard_draft   (DgWorker              *worker,
                                    const char            *kind,
                                    const char            *slot,
                                    const char            *actor,
                                    GAsyncReadyCallback    callback,
                                    gpointer               user_data);
void        dg_job_decide          (DgWorker              *worker,
                                    gint64                 id,
                                    const char            *outcome,
                                    const char            *rationale,
                                    const char            *by,
                                    GAsyncReadyCallback    callback,
                                    gpointer               user_data);
void        dg_job_acknowledge     (DgWorker              *worker,
                                    gint64                 id,
                                    const char            *method,
                                    const char            *actor,
                                    GAsyncReadyCallback    callback,
                                    gpointer               user_data);
void        dg_job_confirm         (DgWorker              *worker,
                                    gint64                 id,
                                    const char            *actor,
                                    GAsyncReadyCallback    callback,
                                    gpointer               user_data);
gboolean    dg_job_finish_boolean  (GAsyncResult          *result,
                                    GError               **error);

/* The schools named on referrals, as a GStrv. */
void        dg_job_schools         (DgWorker              *worker,
                                    GCancellable          *cancellable,
                                    GAsyncReadyCallback    callback,
                                    gpointer               user_data);
GStrv       dg_job_finish_strv     (GAsyncResult          *result,
                                    GError               **error);

/* Today's copy of the database into @dir, keeping @keep copies. */
void        dg_job_backup_daily    (DgWorker              *worker,
                                    const char            *dir,
                                    guint                  keep,
                                    GAsyncReadyCallback    callback,
                                    gpointer               user_data);

G_END_DECLS

G_BEGIN_DECLS

/* A child-protection event (ICPC, core group, review, s47) on a referral. */
void        dg_job_add_event       (DgWorker              *worker,
                                    gint64                 referral_id,
                                    const char            *kind,
                                    const char            *at,
                                    const char            *notes,
                                    const char            *actor,
                                    GAsyncReadyCallback    callback,
                                    gpointer               user_data);

/* Meetings. */
typedef enum
{
  DG_MEETING_INVITE_EXPECTED,  /* a: agency or NULL for all missing */
  DG_MEETING_INVITE,           /* a: agency, b: name, c: organisation */
  DG_MEETING_RESPONSE,         /* a: agency, b: status */
  DG_MEETING_NOT_INVITED,      /* a: agency, b: reason */
  DG_MEETING_OUTCOME,          /* a: determination, b: summary, flag: s47 */
  DG_MEETING_ACTION,           /* a: action, b: owner, c: due date */
} DgMeetingChange;

void        dg_job_meeting_add     (DgWorker              *worker,
                                    gint64                 referral_id,
                                    const char            *kind,
                                    const char            *actor,
                                    GAsyncReadyCallback    callback,
                                    gpointer               user_data);
void        dg_job_meeting_show    (DgWorker              *worker,
                                    gint64                 id,
                                    GCancellable          *cancellable,
                                    GAsyncReadyCallback    callback,
                                    gpointer               user_data);
void        dg_job_meeting_change  (DgWorker              *worker,
                                    gint64                 id,
                                    DgMeetingChange        change,
                                    const char            *a,
                                    const char            *b,
                                    const char            *c,
                                    gboolean               flag,
                                    const char            *actor,
                                    GAsyncReadyCallback    callback,
                                    gpointer               user_data);
/* The meetings of a period and the agencies' shares:
 * {"meetings": [...], "shares": {...}}. */
void        dg_job_meeting_report  (DgWorker              *worker,
                                    gboolean               incomplete_only,
                                    const char            *from,
                                    const char            *to,
                                    guint                  limit,
                                    GCancellable          *cancellable,
                                    GAsyncReadyCallback    callback,
                                    gpointer               user_data);

G_END_DECLS

G_BEGIN_DECLS

/* Letters to report-makers. */
void        dg_job_owed            (DgWorker              *worker,
                                    const char            *organisation,
                                    GCancellable          *cancellable,
                                    GAsyncReadyCallback    callback,
                                    gpointer               user_data);
/* @hub: hub.* values (copied). The result is the rendered letter's JSON. */
void        dg_job_render_letter   (DgWorker              *worker,
                                    gint64                 referral_id,
                                    const char            *kind,
                                    const char            *language,
                                    GHashTable            *hub,
                                    GCancellable          *cancellable,
                                    GAsyncReadyCallback    callback,
                                    gpointer               user_data);
void        dg_job_mark_sent       (DgWorker              *worker,
                                    JsonObject            *rendered,
                                    const char            *format,
                                    const char            *method,
                                    const char            *actor,
                                    GAsyncReadyCallback    callback,
                                    gpointer               user_data);

G_END_DECLS

G_BEGIN_DECLS

/* Letter templates, for the editor in Preferences: got as
 * dg_template_show () gives them, saved over @base_version or refused with
 * %DG_ERROR_CONFLICT. */
void        dg_job_template_get     (DgWorker            *worker,
                                     const char          *name,
                                     const char          *language,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data);
void        dg_job_template_set     (DgWorker            *worker,
                                     const char          *name,
                                     const char          *language,
                                     const char          *body,
                                     int                  base_version,
                                     const char          *actor,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data);
/* The newest referral that can have this letter, rendered with @text. */
void        dg_job_template_preview (DgWorker            *worker,
                                     const char          *name,
                                     const char          *language,
                                     const char          *text,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data);

G_END_DECLS

G_BEGIN_DECLS

/* The Due board: counts per heading and the first @limit running clocks (dg_due_board()). */
void        dg_job_due_board        (DgWorker            *worker,
                                     guint                limit,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data);

G_END_DECLS

G_BEGIN_DECLS

/* The performance report of a period (dg_performance_report()). */
void        dg_job_performance      (DgWorker            *worker,
                                     const char          *from,
                                     const char          *to,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data);

/* Checks (@dry_run) or imports a CSV of referrals (dg_import_csv()),
 * moving @progress as rows are checked and written. */
void        dg_job_import           (DgWorker            *worker,
                                     GBytes              *csv,
                                     GHashTable          *mapping,
                                     gboolean             dry_run,
                                     const char          *actor,
                                     GtkProgressBar      *progress,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data);

/* An online copy of the database to @path, on its own read-only connection
 * (finish with dg_job_finish_boolean()). */
void        dg_job_backup           (DgWorker            *worker,
                                     const char          *path,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data);

/* dg_db_restore(); finish with dg_job_finish_string(): where the records as
 * they were are kept. */
void        dg_job_restore          (DgWorker            *worker,
                                     const char          *backup,
                                     const char          *safety_dir,
                                     const char          *actor,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data);
char       *dg_job_finish_string    (GAsyncResult        *result,
                                     GError             **error);

/* How the connection travels: a short label for the window's title
 * ("" on SQLite) and, when records cross a network unencrypted, the
 * warning to show; finish with dg_job_finish_connection (). */
void        dg_job_connection       (DgWorker            *worker,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data);
/* { label, icon name ("" on SQLite), warning or NULL }; free with g_strfreev (). */
char      **dg_job_finish_connection (GAsyncResult       *result,
                                      GError            **error);

G_END_DECLS
