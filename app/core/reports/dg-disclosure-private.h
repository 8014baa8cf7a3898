#pragma once

#include "dg-disclosure.h"

G_BEGIN_DECLS

/* Between dg-disclosure.c, which gathers the pack and marks it, and
 * dg-disclosure-files.c, which writes its review copy and final pack. */

/* What dg_disclosure_apply_node () does at each marked text. */
typedef enum
{
  DG_DISCLOSURE_APPLY_COUNT,    /* text unchanged, occurrences counted */
  DG_DISCLOSURE_APPLY_REVIEW,   /* ⟦R1 report-maker: text⟧ */
  DG_DISCLOSURE_APPLY_FINAL,    /* withheld: a black bar and its code; released: the text */
  DG_DISCLOSURE_APPLY_JSON,     /* withheld: [R1 report-maker]; released: the text */
} DgDisclosureApply;

/* The pack's redactions, longest text first (so that a longer value is
 * found before a shorter one inside it). */
GPtrArray *dg_disclosure_sorted_marks (JsonObject        *pack);

/* A copy of @node with @how applied to every text in it. */
JsonNode  *dg_disclosure_apply_node   (GPtrArray         *marks,
                                       JsonNode          *node,
                                       DgDisclosureApply  how);

G_END_DECLS
