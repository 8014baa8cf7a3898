#pragma once

#include <json-glib/json-glib.h>

#include "dg-db.h"
#include "dg-text.h"

G_BEGIN_DECLS

/* Validates a referral document (the JSON of `referral add`) without writing.
 * Errors name the field, e.g. "children[0].dob: …". */
gboolean   dg_referral_validate       (DgDb          *db,
                                       JsonObject    *input,
                                       GError       **error);

/* Saves a new referral, its report-maker, children and audit row in one
 * transaction, discarding the intake form's draft in @draft_slot (if not
 * %NULL, see dg-drafts.h) in it too.
 * Returns the new id, or 0 with @error set and nothing written. */
gint64     dg_referral_add            (DgDb          *db,
                                       JsonObject    *input,
                                       const char    *draft_slot,
                                       GError       **error);

/* As dg_referral_add(), for a script that may retry: when @client_token (see
 * dg-token.h) was used by an earlier save, nothing is written and that
 * save's referral id is returned with *@repeated set. A %NULL token saves
 * as dg_referral_add() does. */
gint64     dg_referral_add_once       (DgDb          *db,
                                       JsonObject    *input,
                                       const char    *client_token,
                                       gboolean      *repeated,
                                       GError       **error);

/* Inserts a referral already validated by dg_referral_validate(), within
 * the caller's transaction (for imports: many referrals, one commit). */
gint64     dg_referral_insert         (DgDb          *db,
                                       JsonObject    *input,
                                       GError       **error);

/* For bulk writers, as dg_clocks_defer(): until dg_referral_undefer_index(),
 * dg_referral_insert() leaves the search index alone, and
 * dg_referral_flush_index() indexes every referral inserted meanwhile in one
 * statement. Flush before the commit, so no committed referral is unfindable. */
void       dg_referral_defer_index    (DgDb          *db);
gboolean   dg_referral_flush_index    (DgDb          *db,
                                       GError       **error);
void       dg_referral_undefer_index  (DgDb          *db);
/* Indexes for search the referrals with ids @first to @last, written
 * without it, in one statement (what dg_referral_flush_index () does). */
gboolean   dg_referral_index_range    (DgDb          *db,
                                       gint64         first,
                                       gint64         last,
                                       GError       **error);

/* The referral as `referral show` prints it. */
JsonNode  *dg_referral_show           (DgDb          *db,
                                       gint64         id,
                                       GError       **error);

/* The same without "previous_referrals", the costly part: for the Due
 * board and the reports, which read only the clocks of many referrals. */
JsonNode  *dg_referral_show_brief     (DgDb          *db,
                                       gint64         id,
                                       GError       **error);

/* Looks up an id from a numeric id or a reference such as DTR-2026-000123. */
gint64     dg_referral_resolve        (DgDb          *db,
                                       const char    *id_or_reference,
                                       GError       **error);

gboolean   dg_referral_acknowledge    (DgDb          *db,
                                       gint64         id,
                                       const char    *at,
                                       const char    *method,
                                       GError       **error);

gboolean   dg_referral_confirm        (DgDb          *db,
                                       gint64         id,
                                       const char    *at,
                                       GError       **error);

gboolean   dg_referral_decide         (DgDb          *db,
                                       gint64         id,
                                       const char    *outcome,
                                       const char    *rationale,
                                       const char    *by,
                                       const char    *at,
                                       GError       **error);

/* A decision: the outcome and its rationale (for the record, never for a
 * letter), and what the letter may tell the report-maker, in English and
 * in Welsh (either may be %NULL). @by and @at as for dg_referral_decide(). */
typedef struct
{
  const char *outcome;
  const char *rationale;
  const char *report_maker_text;
  const char *report_maker_text_cy;
  const char *by;
  const char *at;
} DgDecisionInput;

gboolean   dg_referral_decide_with    (DgDb                   *db,
                                       gint64                  id,
                                       const DgDecisionInput  *input,
                                       GError                **error);

/* Amends the referral @id until it is closed: only the members @patch
 * gives change (rag, channel, concern, immediate_action, other_information,
 * and children, the whole list, each child whole), checked as a new
 * report's are, in one transaction with one audit row "amend" holding each
 * changed member's before and after. With @base_version above 0, refused
 * as DG_ERROR_CONFLICT (naming who changed it and when) unless the referral
 * is still at that version. A patch that changes nothing records nothing. */
gboolean   dg_referral_amend          (DgDb          *db,
                                       gint64         id,
                                       JsonObject    *patch,
                                       gint64         base_version,
                                       GError       **error);
/* Rates (or re-rates) @id red, amber or green: an amendment of "rag". */
gboolean   dg_referral_rate           (DgDb          *db,
                                       gint64         id,
                                       const char    *rag,
                                       GError       **error);

/* Confirms that @earlier_id is about the same child as @id. */
gboolean   dg_referral_link           (DgDb          *db,
                                       gint64         id,
                                       gint64         earlier_id,
                                       GError       **error);

/* The append-only history of changes (openings are in dg_referral_views ()):
 * [{"at", "by", "action", "detail"}]. */
JsonNode  *dg_referral_audit          (DgDb          *db,
                                       gint64         id,
                                       GError       **error);

typedef struct
{
  const char *search;
  const char *status;
  const char *agency;
  const char *school;
  const char *rag;
} DgReferralQuery;

/* A search holds at most this many words: more is refused (invalid input
 * naming --search), since each word costs the server an index scan. */
#define DG_SEARCH_MAX_WORDS 32

/* Ids matching @query, newest first (search results: newest entered first),
 * at most @limit (0: all). On PostgreSQL a search runs for at most 10 s
 * ($DIOGELU_SEARCH_TIMEOUT_MS, in milliseconds, when set). */
GArray    *dg_referral_list_ids       (DgDb                  *db,
                                       const DgReferralQuery *query,
                                       guint                  limit,
                                       GError               **error);

/* How many referrals match @query. */
gint64     dg_referral_count          (DgDb                  *db,
                                       const DgReferralQuery *query,
                                       GError               **error);

/* One summary object per id, in the order given: {"id", "reference",
 * "received_at", "status", "rag", "child", "children", "reporter",
 * "organisation", "agency", "outcome", "next_due": null | {"clock", "due", "state"}}. */
JsonArray *dg_referral_summaries      (DgDb                  *db,
                                       const gint64          *ids,
                                       guint                  n_ids,
                                       GError               **error);

/* Earlier referrals about a likely-same child: [{"id", "reference",
 * "received_at", "child", "dob", "reason"}], best first. */
JsonArray *dg_referral_find_similar   (DgDb          *db,
                                       const char    *name,
                                       const char    *dob,
                                       gint64         exclude_id,
                                       guint          limit,
                                       GError       **error);

G_END_DECLS

G_BEGIN_DECLS

/* Report-makers whose name or organisation starts with @text, newest first:
 * [{"id", "name", "role", "organisation", "agency", "email", "phone", "language"}]. */
JsonArray *dg_reporter_search         (DgDb          *db,
                                       const char    *text,
                                       guint          limit,
                                       GError       **error);

G_END_DECLS

G_BEGIN_DECLS

/* The schools and settings named on referrals, alphabetically (at most @limit). */
GStrv      dg_referral_schools        (DgDb          *db,
                                       guint          limit,
                                       GError       **error);

G_END_DECLS
