#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Runs diogelu-cli (from $DIOGELU_CLI) with @argv, @stdin_text on its
 * standard input; returns its exit status and fills @out and @err. */
int       dg_test_cli_run   (const char * const  *argv,
                             const char          *stdin_text,
                             char               **out,
                             char               **err);

/* Parses @text as JSON, failing the test if it is not. */
JsonNode *dg_test_parse_json (const char         *text);

G_END_DECLS
