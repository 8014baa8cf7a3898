#pragma once

#include "dg-record.h"

G_BEGIN_DECLS

/* The child protection register's records (see dg-register.h for the
 * rules): a child's periods on it, a referral's children with theirs, and
 * Welsh Government's measures for a period. Dates are YYYY-MM-DD. */

/* One period on the register. */
typedef struct
{
  char     *from;
  char     *to;               /* NULL: still on the register */
  gint64    days;             /* 0 while still on it */
  gint64    child;            /* the child row of the referral that registered them */
  gint64    referral;
  char     *previous_end;     /* NULL: the child's first period */
  gboolean  re_registration;  /* within 12 months of the previous period's end */
  gboolean  earlier;          /* began before the referral asked about was received */
} DgRegisterPeriod;

#define DG_TYPE_REGISTER_PERIOD (dg_register_period_get_type ())
DG_DECLARE_RECORD (DgRegisterPeriod, dg_register_period)

/* A child of a referral who has been on the register. */
typedef struct
{
  gint64     child;
  char      *name;
  gboolean   previously_registered;  /* some period began before the referral */
  GPtrArray *periods;                /* DgRegisterPeriod, oldest first */
} DgRegisterChild;

#define DG_TYPE_REGISTER_CHILD (dg_register_child_get_type ())
DG_DECLARE_RECORD (DgRegisterChild, dg_register_child)

/* One measure: PM24, PM27 or PM28. */
typedef struct
{
  char   *measure;      /* "pm24", "pm27", "pm28" */
  char   *label;        /* the published wording, translated */
  char   *basis;        /* how it is counted here */
  gint64  numerator;    /* PM28: days */
  gint64  denominator;  /* children (PM24: assessments, one per child) */
  double  share;        /* numerator ÷ denominator; PM28: the average in days */
  char   *word;         /* the inspectorate's quantity word; "none"; PM28: "average" */
} DgRegisterMeasure;

#define DG_TYPE_REGISTER_MEASURE (dg_register_measure_get_type ())
DG_DECLARE_RECORD (DgRegisterMeasure, dg_register_measure)

/* The measures of a period. */
typedef struct
{
  char      *from;
  char      *to;
  GPtrArray *measures;  /* DgRegisterMeasure: PM24, PM27, PM28 */
} DgRegisterMeasures;

#define DG_TYPE_REGISTER_MEASURES (dg_register_measures_get_type ())
DG_DECLARE_RECORD (DgRegisterMeasures, dg_register_measures)

G_END_DECLS
