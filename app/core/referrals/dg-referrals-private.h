#pragma once

/* Shared by the files of referrals/ only: the input document's readers and
 * the JSON a referral is read back as. */

#include <json-glib/json-glib.h>

#include "dg-referrals.h"

G_BEGIN_DECLS

#define MAX_NAME 200
#define MAX_SHORT 500
#define MAX_LONG 100000
#define MAX_LIST 100u

/* A text member of @obj: absent or null gives %NULL in *@out; anything but
 * text no longer than @max characters (and no control character) is an
 * error naming @path.@member. */
gboolean dg_referral_input_text   (JsonObject   *obj,
                                   const char   *path,
                                   const char   *member,
                                   gsize         max,
                                   const char  **out,
                                   GError      **error);
gboolean dg_referral_input_bool   (JsonObject   *obj,
                                   const char   *path,
                                   const char   *member,
                                   gboolean     *out,
                                   GError      **error);
/* An input already checked: @member of @obj (which may be %NULL) as text,
 * or %NULL; as a boolean, or %FALSE. */
const char *dg_referral_member_text (JsonObject *obj,
                                     const char *member);
gboolean    dg_referral_member_bool (JsonObject *obj,
                                     const char *member);
/* A list member, of at most MAX_LIST entries. */
gboolean dg_referral_input_array  (JsonObject   *obj,
                                   const char   *member,
                                   JsonArray   **out,
                                   GError      **error);
/* A past-or-present stored time from @text; %NULL @text gives now. */
char    *dg_referral_checked_time (DgDb         *db,
                                   const char   *field,
                                   const char   *text,
                                   GError      **error);

/* Member @name of the object @b is building: @value, or null. */
void     dg_referral_json_text    (JsonBuilder  *b,
                                   const char   *name,
                                   const char   *value);
/* The same for each of @names (%NULL-terminated) with the columns of
 * @stmt's current row from @first on. */
void     dg_referral_json_columns (JsonBuilder        *b,
                                   DgStmt             *stmt,
                                   int                 first,
                                   const char * const *names);

/* What every change makes before its audit row: the referral's new version. */
gboolean dg_referral_new_version  (DgDb         *db,
                                   gint64        id,
                                   GError      **error);
/* The referral's children replaced by @children (checked), in order. */
gboolean dg_referral_replace_children (DgDb      *db,
                                       gint64     id,
                                       JsonArray *children,
                                       GError   **error);
/* The referral's search row written again from its stored values. */
gboolean dg_referral_reindex      (DgDb         *db,
                                   gint64        id,
                                   GError      **error);

/* Inside the caller's write: a language offer to @person (dg-ledger.c),
 * without an audit row of its own (intake's "create" covers it). */
gboolean dg_referral_record_offer (DgDb         *db,
                                   gint64        referral_id,
                                   const char   *person,
                                   const char   *name,
                                   const char   *choice,
                                   const char   *time,
                                   gint64       *offer_id,
                                   GError      **error);

G_END_DECLS
