#pragma once

#include "dg-json.h"

G_BEGIN_DECLS

/* A stored time ("2026-11-23T09:30:00") for people: "23 Nov 2026, 09:30". */
char       *dg_format_time (const char *stored);

/* A stored time as it is typed back: "2026-11-23 09:30" ("" for none). */
char       *dg_format_time_for_entry (const char *stored);

/* A stored date ("2026-11-23") for people: "Mon 23 Nov 2026". */
char       *dg_format_date (const char *stored);

G_END_DECLS
