#pragma once

#include "dg-record.h"

G_BEGIN_DECLS

/* The records of intake: what the form is offered while a referral is typed
 * (earlier referrals about the same child, report-makers met before) and an
 * import's report. Strings are never NULL except where said. */

/* An earlier referral that may be about the same child. */
typedef struct
{
  gint64  id;
  char   *reference;
  char   *received_at;
  char   *child;
  char   *dob;          /* NULL: not known */
  char   *outcome;      /* NULL: not decided */
} DgReferralMatch;

/* A report-maker recorded before, as the form fills its fields. */
typedef struct
{
  gint64  id;
  char   *name;
  char   *role;          /* NULL: none given, as every field below */
  char   *organisation;
  char   *agency;
  char   *email;
  char   *phone;
  char   *language;
} DgReporterMatch;

/* One column of a file to import: its header, the field it fills ("" for
 * none) and the first rows' values. */
typedef struct
{
  char  *header;
  char  *field;
  GStrv  samples;
} DgImportColumn;

/* One problem in a file to import: where, and what is wrong. */
typedef struct
{
  gint64  line;
  char   *column;       /* NULL: the whole row */
  char   *message;
} DgImportProblem;

/* A check or an import: the rows the file has, how many were imported (0
 * after a check or with problems), its columns and its problems. */
typedef struct
{
  gint64     rows;
  gint64     imported;
  GPtrArray *columns;    /* of DgImportColumn */
  GPtrArray *problems;   /* of DgImportProblem */
  char      *encoding;   /* what the file was read as: "UTF-8", "Windows-1252"… */
} DgImportReport;

#define DG_TYPE_REFERRAL_MATCH (dg_referral_match_get_type ())
#define DG_TYPE_REPORTER_MATCH (dg_reporter_match_get_type ())
#define DG_TYPE_IMPORT_COLUMN  (dg_import_column_get_type ())
#define DG_TYPE_IMPORT_PROBLEM (dg_import_problem_get_type ())
#define DG_TYPE_IMPORT_REPORT  (dg_import_report_get_type ())
DG_DECLARE_RECORD (DgReferralMatch, dg_referral_match)
DG_DECLARE_RECORD (DgReporterMatch, dg_reporter_match)
DG_DECLARE_RECORD (DgImportColumn, dg_import_column)
DG_DECLARE_RECORD (DgImportProblem, dg_import_problem)
DG_DECLARE_RECORD (DgImportReport, dg_import_report)

G_END_DECLS
