#include "config.h"

#include "dg-records-intake.h"

#define M(field, kind, member) DG_RECORD_MEMBER (DgReferralMatch, field, kind, member)
DG_DEFINE_RECORD (DgReferralMatch, dg_referral_match,
                  M (id, DG_RECORD_INT, "id"),
                  M (reference, DG_RECORD_TEXT_OR_EMPTY, "reference"),
                  M (received_at, DG_RECORD_TEXT_OR_EMPTY, "received_at"),
                  M (child, DG_RECORD_TEXT_OR_EMPTY, "child"),
                  M (dob, DG_RECORD_TEXT, "dob"),
                  M (outcome, DG_RECORD_TEXT, "outcome"))
#undef M

#define R(field, kind) DG_RECORD_MEMBER (DgReporterMatch, field, kind, #field)
DG_DEFINE_RECORD (DgReporterMatch, dg_reporter_match,
                  R (id, DG_RECORD_INT),
                  R (name, DG_RECORD_TEXT_OR_EMPTY),
                  R (role, DG_RECORD_TEXT),
                  R (organisation, DG_RECORD_TEXT),
                  R (agency, DG_RECORD_TEXT),
                  R (email, DG_RECORD_TEXT),
                  R (phone, DG_RECORD_TEXT),
                  R (language, DG_RECORD_TEXT))
#undef R

#define C(field, kind) DG_RECORD_MEMBER (DgImportColumn, field, kind, #field)
DG_DEFINE_RECORD (DgImportColumn, dg_import_column,
                  C (header, DG_RECORD_TEXT_OR_EMPTY),
                  C (field, DG_RECORD_TEXT_OR_EMPTY),
                  C (samples, DG_RECORD_STRV))
#undef C

#define P(field, kind, member) DG_RECORD_MEMBER (DgImportProblem, field, kind, member)
DG_DEFINE_RECORD (DgImportProblem, dg_import_problem,
                  P (line, DG_RECORD_INT, "row"),
                  P (column, DG_RECORD_TEXT, "column"),
                  P (message, DG_RECORD_TEXT_OR_EMPTY, "message"))
#undef P

#define I(field, kind, member) DG_RECORD_MEMBER (DgImportReport, field, kind, member)
DG_DEFINE_RECORD (DgImportReport, dg_import_report,
                  I (rows, DG_RECORD_INT, "rows"),
                  I (imported, DG_RECORD_INT, "imported"),
                  I (encoding, DG_RECORD_TEXT_OR_EMPTY, "encoding"),
                  DG_RECORD_NESTED (DgImportReport, columns, DG_RECORD_LIST, "columns", dg_import_column),
                  DG_RECORD_NESTED (DgImportReport, problems, DG_RECORD_LIST, "errors", dg_import_problem))
#undef I
