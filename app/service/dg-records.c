#include "config.h"

#include "dg-records.h"

#define S(field, kind, member) DG_RECORD_MEMBER (DgReferralSummary, field, kind, member)
DG_DEFINE_RECORD (DgReferralSummary, dg_referral_summary,
                  S (id, DG_RECORD_INT, "id"),
                  S (reference, DG_RECORD_TEXT_OR_EMPTY, "reference"),
                  S (received_at, DG_RECORD_TEXT_OR_EMPTY, "received_at"),
                  S (status, DG_RECORD_TEXT_OR_EMPTY, "status"),
                  S (rag, DG_RECORD_TEXT, "rag"),
                  S (child, DG_RECORD_TEXT_OR_EMPTY, "child"),
                  S (children, DG_RECORD_INT, "children"),
                  S (reporter, DG_RECORD_TEXT_OR_EMPTY, "reporter"),
                  S (organisation, DG_RECORD_TEXT, "organisation"),
                  S (due_clock, DG_RECORD_TEXT, "next_due.clock"),
                  S (due_date, DG_RECORD_TEXT, "next_due.due"),
                  S (due_state, DG_RECORD_TEXT, "next_due.state"))
#undef S
