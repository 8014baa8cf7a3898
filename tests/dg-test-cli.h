#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Runs diogelu-cli (from $DIOGELU_CLI) with @argv, @stdin_text on its
 * standard input; returns its exit status and fills @out and @err. */
int       dg_test_cli_run   (const char * const  *argv,
                             const char          *stdin_text,
                             char               **out,
                             char               **err);

/* Runs `diogelu-cli [--db @db] --json @args`, which must succeed, and
 * returns its output parsed. Without @db the CLI finds it in $DIOGELU_DB. */
JsonNode *dg_test_cli_json  (const char          *db,
                             const char * const  *args);

/* Runs `diogelu-cli [--db @db] [--now @now] --json @args` with @stdin_text
 * (may be NULL) on its standard input; its exit status must be @expect.
 * Returns its output parsed: with --json a refusal is a document too. */
JsonNode *dg_test_cli_json_at (const char         *db,
                               const char         *now,
                               const char * const *args,
                               const char         *stdin_text,
                               int                 expect);

/* Parses @text as JSON, failing the test if it is not. */
JsonNode *dg_test_parse_json (const char         *text);

G_END_DECLS
