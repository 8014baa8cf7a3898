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

/* Parses @text as JSON, failing the test if it is not. */
JsonNode *dg_test_parse_json (const char         *text);

G_END_DECLS
