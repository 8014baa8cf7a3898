#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "dg-records.h"
#include "dg-records-intake.h"
#include "dg-records-referral.h"
#include "dg-records-meeting.h"
#include "dg-records-figures.h"
#include "dg-records-letters.h"
#include "dg-records-calendar.h"
#include "dg-service-snapshots.h"
#include "dg-service-privacy.h"
#include "dg-service-audit.h"
#include "dg-referrals.h"
#include "dg-worker.h"

G_BEGIN_DECLS

/* What the windows ask of the records: one object per database connection,
 * one _async/_finish pair per operation. Each operation runs on the
 * connection's thread and completes on the main context of the caller.
 * Writes are made in the name of the service's actor, set once for the
 * session, and announce themselves afterwards with ::changed (and, when they
 * concern one referral, ::referral-changed). */

#define DG_TYPE_SERVICE (dg_service_get_type ())
G_DECLARE_FINAL_TYPE (DgService, dg_service, DG, SERVICE, GObject)

DgService  *dg_service_new               (DgWorker            *worker);
DgWorker   *dg_service_get_worker        (DgService           *self);
/* The person whose name the audit trail records: NULL or "" for the
 * login's own name. */
/* The role (a DgDbRole, dg-db-role.h) the windows follow, "role". */
int         dg_service_get_role          (DgService           *self);
void        dg_service_set_role          (DgService           *self,
                                          int                  role);
const char *dg_service_get_actor         (DgService           *self);
void        dg_service_set_actor         (DgService           *self,
                                          const char          *actor);

/* The progress of a long operation (an import), moved on the main context:
 * a window binds its bar to "fraction". */
#define DG_TYPE_PROGRESS (dg_progress_get_type ())
G_DECLARE_FINAL_TYPE (DgProgress, dg_progress, DG, PROGRESS, GObject)

DgProgress *dg_progress_new              (void);
double      dg_progress_get_fraction     (DgProgress          *self);

/* ---- The connection --------------------------------------------------------- */

/* dg_db_data_version (): changes when someone else commits. */
void        dg_service_data_version_async  (DgService           *self,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
gint64      dg_service_data_version_finish (DgService           *self,
                                            GAsyncResult        *result,
                                            GError             **error);

/* How the connection travels: { a short label for the window's title ("" on
 * SQLite), an icon name ("" on SQLite), the warning to show when records
 * cross a network unencrypted or NULL }; free with g_strfreev (). */
void        dg_service_connection_async    (DgService           *self,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
char      **dg_service_connection_finish   (DgService           *self,
                                            GAsyncResult        *result,
                                            GError             **error);

/* An online copy of the database to @path, on its own read-only connection. */
void        dg_service_backup_async        (DgService           *self,
                                            const char          *path,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
gboolean    dg_service_backup_finish       (DgService           *self,
                                            GAsyncResult        *result,
                                            GError             **error);
/* Today's copy of the database into @dir, keeping @keep copies. */
void        dg_service_backup_daily_async  (DgService           *self,
                                            const char          *dir,
                                            guint                keep,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
gboolean    dg_service_backup_daily_finish (DgService           *self,
                                            GAsyncResult        *result,
                                            GError             **error);
/* dg_db_restore (): the result is where the records as they were are kept. */
void        dg_service_restore_async       (DgService           *self,
                                            const char          *backup,
                                            const char          *safety_dir,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
char       *dg_service_restore_finish      (DgService           *self,
                                            GAsyncResult        *result,
                                            GError             **error);

/* Checks (@dry_run) or imports a CSV of referrals (dg_import_csv ()), moving
 * @progress (may be NULL) as rows are checked and written; the result is
 * the import's report, with the first values of each column. */
void        dg_service_import_async        (DgService           *self,
                                            GBytes              *csv,
                                            GHashTable          *mapping,
                                            gboolean             dry_run,
                                            DgProgress          *progress,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
DgImportReport *dg_service_import_finish   (DgService           *self,
                                            GAsyncResult        *result,
                                            GError             **error);

/* ---- Drafts (dg-drafts.h): owned by the actor ---------------------------------- */

/* The drafts of @kind that no open window holds (@busy_slots). */
void        dg_service_list_drafts_async   (DgService           *self,
                                            const char          *kind,
                                            const char * const  *busy_slots,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
JsonNode   *dg_service_list_drafts_finish  (DgService           *self,
                                            GAsyncResult        *result,
                                            GError             **error);
void        dg_service_save_draft_async    (DgService           *self,
                                            const char          *kind,
                                            const char          *slot,
                                            const char          *body,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
gboolean    dg_service_save_draft_finish   (DgService           *self,
                                            GAsyncResult        *result,
                                            GError             **error);
void        dg_service_discard_draft_async (DgService           *self,
                                            const char          *kind,
                                            const char          *slot,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
gboolean    dg_service_discard_draft_finish (DgService          *self,
                                             GAsyncResult       *result,
                                             GError            **error);

/* ---- Referrals ------------------------------------------------------------------- */

void        dg_service_list_ids_async      (DgService             *self,
                                            const DgReferralQuery *query,
                                            guint                  limit,
                                            GCancellable          *cancellable,
                                            GAsyncReadyCallback    callback,
                                            gpointer               user_data);
GArray     *dg_service_list_ids_finish     (DgService             *self,
                                            GAsyncResult          *result,
                                            GError               **error);
/* The referrals @ids as list rows show them, in the order given (one that
 * is gone is left out): a GPtrArray of DgReferralSummary. */
void        dg_service_summaries_async     (DgService           *self,
                                            const gint64        *ids,
                                            guint                n_ids,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
GPtrArray  *dg_service_summaries_finish    (DgService           *self,
                                            GAsyncResult        *result,
                                            GError             **error);
/* The referral @id whole, with its history and its earlier referrals, as
 * the detail pane shows it: a DgReferral. */
void        dg_service_show_async          (DgService           *self,
                                            gint64               id,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
DgReferral *dg_service_show_finish         (DgService           *self,
                                            GAsyncResult        *result,
                                            GError             **error);
/* The same, as an opening the view log records (who, when; @reason, for a
 * restricted record, required and logged). */
void        dg_service_open_async          (DgService           *self,
                                            gint64               id,
                                            const char          *reason,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
DgReferral *dg_service_open_finish         (DgService           *self,
                                            GAsyncResult        *result,
                                            GError             **error);
/* Earlier referrals that may be about the same child: DgReferralMatch. */
void        dg_service_similar_async       (DgService           *self,
                                            const char          *name,
                                            const char          *dob,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
GPtrArray  *dg_service_similar_finish      (DgService           *self,
                                            GAsyncResult        *result,
                                            GError             **error);
/* Report-makers whose name or organisation starts with @text: DgReporterMatch. */
void        dg_service_reporters_async     (DgService           *self,
                                            const char          *text,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
GPtrArray  *dg_service_reporters_finish    (DgService           *self,
                                            GAsyncResult        *result,
                                            GError             **error);
/* The schools named on referrals. */
void        dg_service_schools_async       (DgService           *self,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
GStrv       dg_service_schools_finish      (DgService           *self,
                                            GAsyncResult        *result,
                                            GError             **error);
/* Checks a referral as the form has it, without saving. */
void        dg_service_validate_async      (DgService           *self,
                                            JsonObject          *input,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
gboolean    dg_service_validate_finish     (DgService           *self,
                                            GAsyncResult        *result,
                                            GError             **error);
/* Logs a referral; the window's draft in @draft_slot goes with it. */
void        dg_service_add_referral_async  (DgService           *self,
                                            JsonObject          *input,
                                            const char          *draft_slot,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
gint64      dg_service_add_referral_finish (DgService           *self,
                                            GAsyncResult        *result,
                                            GError             **error);
/* Records the decision (@decision is copied); its by NULL: the actor, at
 * NULL: now. */
void        dg_service_decide_async        (DgService              *self,
                                            gint64                  id,
                                            const DgDecisionInput  *decision,
                                            GAsyncReadyCallback     callback,
                                            gpointer                user_data);
gboolean    dg_service_decide_finish       (DgService           *self,
                                            GAsyncResult        *result,
                                            GError             **error);
/* A correction of a referral after intake: each member NULL is left as it
 * is. */
typedef struct
{
  const char *rag;            /* red, amber or green; "" takes the rating away */
  const char *concern;
  GArray     *children;       /* of DgChild, every child whole, in order */
  gint64      base_version;   /* the version shown (DgReferral.version): refused,
                               * DG_ERROR_CONFLICT, if it has moved; 0 none */
} DgAmendment;

/* Amends the referral @id: one transaction and one audit row with each
 * change before and after. */
void        dg_service_amend_async         (DgService           *self,
                                            gint64               id,
                                            const DgAmendment   *amendment,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
gboolean    dg_service_amend_finish        (DgService           *self,
                                            GAsyncResult        *result,
                                            GError             **error);
void        dg_service_acknowledge_async   (DgService           *self,
                                            gint64               id,
                                            const char          *method,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
gboolean    dg_service_acknowledge_finish  (DgService           *self,
                                            GAsyncResult        *result,
                                            GError             **error);
void        dg_service_confirm_async       (DgService           *self,
                                            gint64               id,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
gboolean    dg_service_confirm_finish      (DgService           *self,
                                            GAsyncResult        *result,
                                            GError             **error);
/* A child-protection event (ICPC, core group, review, s47) on a referral. */
void        dg_service_add_event_async     (DgService           *self,
                                            gint64               referral_id,
                                            const char          *kind,
                                            const char          *at,
                                            const char          *notes,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
gboolean    dg_service_add_event_finish    (DgService           *self,
                                            GAsyncResult        *result,
                                            GError             **error);

/* The report-maker's ledger (issue 23), each announced as a change to the
 * referral. @at: when (NULL: now). A chase (@replied FALSE) or the answer to
 * the open one (@replied TRUE); @note 1 to 2000 characters. */
void        dg_service_chase_async         (DgService           *self,
                                            gint64               referral_id,
                                            const char          *note,
                                            gboolean             replied,
                                            const char          *at,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
gboolean    dg_service_chase_finish        (DgService           *self,
                                            GAsyncResult        *result,
                                            GError             **error);
/* A disagreement's @step (raised, discussed, escalated, resolved); out of
 * order is refused naming the field "step". */
void        dg_service_disagreement_async  (DgService           *self,
                                            gint64               referral_id,
                                            const char          *step,
                                            const char          *note,
                                            const char          *at,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
gboolean    dg_service_disagreement_finish (DgService           *self,
                                            GAsyncResult        *result,
                                            GError             **error);
/* The active offer made to @person (report-maker, child, parent; @name may
 * be NULL) and their @choice (en, cy, declined). */
void        dg_service_offer_async         (DgService           *self,
                                            gint64               referral_id,
                                            const char          *person,
                                            const char          *name,
                                            const char          *choice,
                                            const char          *at,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
gboolean    dg_service_offer_finish        (DgService           *self,
                                            GAsyncResult        *result,
                                            GError             **error);

/* ---- Meetings -------------------------------------------------------------------- */

/* A strategy discussion of @kind for the referral, chaired by the actor. */
void        dg_service_meeting_add_async   (DgService           *self,
                                            gint64               referral_id,
                                            const char          *kind,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
gint64      dg_service_meeting_add_finish  (DgService           *self,
                                            GAsyncResult        *result,
                                            GError             **error);
/* One meeting as its window shows it: a DgMeeting. */
void        dg_service_meeting_show_async  (DgService           *self,
                                            gint64               id,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
DgMeeting  *dg_service_meeting_show_finish (DgService           *self,
                                            GAsyncResult        *result,
                                            GError             **error);

/* The meetings' figures of [@from, @to] (dates), per agency: a
 * DgMeetingFigures. */
void        dg_service_meeting_figures_async  (DgService           *self,
                                               const char          *from,
                                               const char          *to,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
DgMeetingFigures *dg_service_meeting_figures_finish (DgService     *self,
                                                     GAsyncResult  *result,
                                                     GError       **error);
/* The rules of the agencies expected by concern: a GPtrArray of
 * DgExpectedRule, newest first per concern and agency. */
void        dg_service_expected_rules_async   (DgService           *self,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
GPtrArray  *dg_service_expected_rules_finish  (DgService           *self,
                                               GAsyncResult        *result,
                                               GError             **error);
/* From @from on, @concern expects @agency (or no longer does). */
void        dg_service_expected_rule_set_async  (DgService           *self,
                                                 const char          *concern,
                                                 const char          *agency,
                                                 gboolean             expected,
                                                 const char          *from,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
gboolean    dg_service_expected_rule_set_finish (DgService           *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);

typedef enum
{
  DG_MEETING_INVITE_EXPECTED,  /* agency, or NULL for every one missing */
  DG_MEETING_INVITE,           /* agency, name, organisation */
  DG_MEETING_RESPONSE,         /* agency, status, was */
  DG_MEETING_NOT_INVITED,      /* agency, reason */
  DG_MEETING_OUTCOME,          /* determination, s47, summary */
  DG_MEETING_ACTION,           /* action, owner, due */
  DG_MEETING_AMEND,            /* at, chair (each NULL: as it is), reason */
  DG_MEETING_CONTRIBUTION,     /* agency, report, decision_maker (each 1, 0 or -1: as it is) */
  DG_MEETING_MINUTES,          /* at: when the record went out */
} DgMeetingChangeKind;

/* One change to a meeting: the fields its kind uses (above), the rest NULL. */
typedef struct
{
  DgMeetingChangeKind  kind;
  const char          *agency;
  const char          *name;
  const char          *organisation;
  const char          *status;
  const char          *was;
  const char          *reason;
  const char          *determination;
  gboolean             s47;
  const char          *summary;
  const char          *action;
  const char          *owner;
  const char          *due;
  const char          *at;
  const char          *chair;
  int                  report;
  int                  decision_maker;
} DgMeetingChange;

void        dg_service_meeting_change_async  (DgService             *self,
                                              gint64                 id,
                                              const DgMeetingChange *change,
                                              GAsyncReadyCallback    callback,
                                              gpointer               user_data);
gboolean    dg_service_meeting_change_finish (DgService             *self,
                                              GAsyncResult          *result,
                                              GError               **error);

/* ---- Letters --------------------------------------------------------------------- */

/* What report-makers are owed, oldest first, for one organisation (a
 * school's) or all: DgOwedLetter. */
void        dg_service_owed_async          (DgService           *self,
                                            const char          *organisation,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
GPtrArray  *dg_service_owed_finish         (DgService           *self,
                                            GAsyncResult        *result,
                                            GError             **error);
/* The @kind letter for the referral in @language (NULL: the report-maker's);
 * @hub: hub.* values (copied), or NULL for the hub's own settings in the
 * database (the letter's from is then the hub's e-mail address). */
void        dg_service_render_letter_async (DgService           *self,
                                            gint64               referral_id,
                                            const char          *kind,
                                            const char          *language,
                                            GHashTable          *hub,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
DgRenderedLetter *dg_service_render_letter_finish (DgService     *self,
                                                   GAsyncResult  *result,
                                                   GError       **error);
/* Records @letter (copied) as sent, with its exact text. */
void        dg_service_mark_sent_async     (DgService              *self,
                                            const DgRenderedLetter *letter,
                                            const char             *format,
                                            const char             *method,
                                            GAsyncReadyCallback     callback,
                                            gpointer                user_data);
gboolean    dg_service_mark_sent_finish    (DgService           *self,
                                            GAsyncResult        *result,
                                            GError             **error);

/* An RFC 5322 message of @letter (from @from, NULL for the default, dated
 * @date) that a mail client opens ready to send; no database involved. */
char       *dg_service_letter_eml          (const DgRenderedLetter *letter,
                                            const char             *from,
                                            GDateTime              *date);

/* Letter templates, for the editor in Preferences: the newest version got,
 * saved over @base_version or refused with %DG_ERROR_CONFLICT. */
void        dg_service_template_get_async  (DgService           *self,
                                            const char          *name,
                                            const char          *language,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
DgTemplateVersion *dg_service_template_get_finish (DgService    *self,
                                                   GAsyncResult *result,
                                                   GError      **error);
void        dg_service_template_set_async  (DgService           *self,
                                            const char          *name,
                                            const char          *language,
                                            const char          *body,
                                            int                  base_version,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
gboolean    dg_service_template_set_finish (DgService           *self,
                                            GAsyncResult        *result,
                                            GError             **error);
/* The newest referral that can have this letter, rendered with @text: a
 * template the checker refuses fails with its line and column. */
void        dg_service_template_preview_async  (DgService           *self,
                                                const char          *name,
                                                const char          *language,
                                                const char          *text,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
DgRenderedLetter *dg_service_template_preview_finish (DgService     *self,
                                                      GAsyncResult  *result,
                                                      GError       **error);

/* ---- Figures --------------------------------------------------------------------- */

/* Which clocks the Due board lists, and how many of each heading. */
typedef struct
{
  const char *clock;                      /* NULL: every clock */
  const char *rag;                        /* NULL: every rating */
  guint       limits[DG_DUE_N_HEADINGS];  /* rows of each heading; 0: only its count */
} DgDueQuery;

/* The Due board: counts per heading and the first @limit running clocks
 * under each. */
void        dg_service_due_board_async     (DgService           *self,
                                            guint                limit,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
/* The Due board as a worklist: counts per heading under @query, and the
 * most urgent running clocks of each up to its limit; finished by
 * dg_service_due_board_finish (). */
void        dg_service_due_worklist_async  (DgService           *self,
                                            const DgDueQuery    *query,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
DgDueBoard *dg_service_due_board_finish    (DgService           *self,
                                            GAsyncResult        *result,
                                            GError             **error);
/* The performance report of the referrals received from @from to @to (dates). */
void        dg_service_performance_async   (DgService           *self,
                                            const char          *from,
                                            const char          *to,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
DgPerformance *dg_service_performance_finish (DgService        *self,
                                              GAsyncResult     *result,
                                              GError          **error);
/* The referrals or meetings behind one figure of the report, worked out
 * afresh from the records (@query copied): a DgFigureList. */
void        dg_service_figure_list_async   (DgService           *self,
                                            const DgFigureQuery *query,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
DgFigureList *dg_service_figure_list_finish (DgService         *self,
                                             GAsyncResult      *result,
                                             GError           **error);
/* Records the agreed exception of the referral's late or overdue @clock:
 * why, and the senior manager who agreed it; audited. */
void        dg_service_clock_exception_async (DgService           *self,
                                              gint64               referral_id,
                                              const char          *clock,
                                              const char          *reason,
                                              const char          *approved_by,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
gboolean    dg_service_clock_exception_finish (DgService          *self,
                                               GAsyncResult       *result,
                                               GError            **error);
/* The meetings of a period (at most @limit, newest first; with
 * @incomplete_only, those that missed an expected agency) and the agencies'
 * shares over all of the period's: a DgMeetingReport. */
void        dg_service_meeting_report_async  (DgService           *self,
                                              gboolean             incomplete_only,
                                              const char          *from,
                                              const char          *to,
                                              guint                limit,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
DgMeetingReport *dg_service_meeting_report_finish (DgService     *self,
                                                   GAsyncResult  *result,
                                                   GError       **error);

/* ---- Letters by e-mail ----------------------------------------------------------------
 * Delivered on a connection of the service's own, so a slow or absent mail
 * server never holds up the records. */

/* Queues the @kind letter of the referral in @language (NULL: the
 * report-maker's; "both": Welsh then English) and delivers it: the letter
 * as it stands after, sent or failed (with the reason; tried again later).
 * An error only when nothing could be queued (no e-mail address, no mail
 * server, one already waiting). */
void            dg_service_send_letter_async   (DgService           *self,
                                                gint64               referral_id,
                                                const char          *kind,
                                                const char          *language,
                                                gboolean             attach_pdf,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
DgOutboxLetter *dg_service_send_letter_finish  (DgService           *self,
                                                GAsyncResult        *result,
                                                GError             **error);
/* Tries letter @letter_id (of referral @referral_id) again now. */
void            dg_service_retry_letter_async  (DgService           *self,
                                                gint64               letter_id,
                                                gint64               referral_id,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
DgOutboxLetter *dg_service_retry_letter_finish (DgService           *self,
                                                GAsyncResult        *result,
                                                GError             **error);
/* The outbox (DgOutboxLetter), newest first: only the failed letters with
 * @failed_only, only referral @referral_id's unless it is 0. */
void            dg_service_outbox_async        (DgService           *self,
                                                gboolean             failed_only,
                                                gint64               referral_id,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
GPtrArray      *dg_service_outbox_finish       (DgService           *self,
                                                GAsyncResult        *result,
                                                GError             **error);
/* Delivers every letter whose time has come: how many were sent. */
void            dg_service_deliver_due_async   (DgService           *self,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
gint64          dg_service_deliver_due_finish  (DgService           *self,
                                                GAsyncResult        *result,
                                                GError             **error);

/* The logo of @letter's letterhead as bytes, or %NULL when it has none. */
GBytes         *dg_rendered_letter_get_logo    (const DgRenderedLetter *letter);

/* ---- The hub's settings ----------------------------------------------------- */

/* The hub's letterhead and mail server, shared by everyone using the
 * database: a DgHubSettings. */
void        dg_service_hub_get_async       (DgService           *self,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
DgHubSettings *dg_service_hub_get_finish   (DgService           *self,
                                            GAsyncResult        *result,
                                            GError             **error);
/* Sets the hub's @key to @value (@length bytes, -1: NUL-terminated; "" unsets
 * it) as dg_hub_set () checks it: a refusal names the field. */
void        dg_service_hub_set_async       (DgService           *self,
                                            const char          *key,
                                            const char          *value,
                                            gssize               length,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
gboolean    dg_service_hub_set_finish      (DgService           *self,
                                            GAsyncResult        *result,
                                            GError             **error);
/* Keeps @password (copied, wiped after) in the keyring for the hub's
 * smtp-url and smtp-user; never logged, never in the database. */
void        dg_service_smtp_password_set_async  (DgService           *self,
                                                 const char          *password,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
gboolean    dg_service_smtp_password_set_finish (DgService           *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);

/* ---- The calendar as published ------------------------------------------- */

/* Every weekday of @year not worked, and the working days after all: a
 * GPtrArray of DgCalendarDay, in date order. */
void        dg_service_holidays_async      (DgService           *self,
                                            int                  year,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
GPtrArray  *dg_service_holidays_finish     (DgService           *self,
                                            GAsyncResult        *result,
                                            GError             **error);

/* Records @day (YYYY-MM-DD) as a working day after all, for @reason: a
 * refusal names the field ("DATE", "reason"). */
void        dg_service_working_day_add_async (DgService           *self,
                                              const char          *day,
                                              const char          *reason,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
gboolean    dg_service_working_day_add_finish (DgService           *self,
                                               GAsyncResult        *result,
                                               GError             **error);

/* Imports GOV.UK's bank-holidays file at @path, read on the connection's
 * thread: a refusal names the field of the file. */
void        dg_service_import_govuk_async  (DgService           *self,
                                            const char          *path,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
DgCalendarImport *dg_service_import_govuk_finish (DgService           *self,
                                                  GAsyncResult        *result,
                                                  GError             **error);

G_END_DECLS
