#pragma once

#include "dg-db.h"

G_BEGIN_DECLS

/* Client tokens: a script that retries a write after an unknown outcome (a
 * lost connection, a disk that failed at the commit) names the write with a
 * token of its own making; a retry with the same token gets the first
 * attempt's result instead of writing again. Both calls belong inside the
 * write transaction of the write they name. */

#define DG_TOKEN_MAX_LENGTH 200

/* Whether @token can be one: 1 to DG_TOKEN_MAX_LENGTH characters of
 * printable text with no spaces. */
gboolean dg_token_check  (const char  *token,
                          GError     **error);

/* The result an earlier write of @command recorded for @token, in *@result
 * (%NULL when there is none). A token used by another command, or one that
 * is empty, too long or not printable text, is refused. */
gboolean dg_token_find   (DgDb        *db,
                          const char  *token,
                          const char  *command,
                          char       **result,
                          GError     **error);

/* Records @result for @token and @command. */
gboolean dg_token_record (DgDb        *db,
                          const char  *token,
                          const char  *command,
                          const char  *result,
                          GError     **error);

G_END_DECLS
