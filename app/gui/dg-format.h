#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* A text member of @object, or %NULL when absent, null or not text. */
const char *dg_json_text   (JsonObject *object,
                            const char *member);

/* A stored time ("2026-11-23T09:30:00") for people: "23 Nov 2026, 09:30". */
char       *dg_format_time (const char *stored);

/* A stored date ("2026-11-23") for people: "Mon 23 Nov 2026". */
char       *dg_format_date (const char *stored);

G_END_DECLS
