#pragma once

#include "dg-record.h"

G_BEGIN_DECLS

/* A period's figures saved as submitted (dg-snapshot.h). */
typedef struct
{
  char *name;
  char *from;
  char *to;
  char *saved_by;
  char *saved_at;
  char *checksum;
} DgSnapshot;

#define DG_TYPE_SNAPSHOT (dg_snapshot_get_type ())
DG_DECLARE_RECORD (DgSnapshot, dg_snapshot)

/* One figure that differs from the snapshot: its path in the report
 * ("clocks/decision/late", "by_agency/decision/police/on_time"), and the
 * number then and now as text, "" where the row was not there. */
typedef struct
{
  char *figure;
  char *then;
  char *now;
} DgSnapshotChange;

/* A change recorded since (an audit row): about a referral of the period
 * (with its reference), one of its meetings, or a rule or the calendar. */
typedef struct
{
  char   *at;
  char   *actor;
  char   *entity;
  gint64  entity_id;
  char   *reference;
  char   *action;
} DgSnapshotAmendment;

/* What has changed since a snapshot was saved, and why. */
typedef struct
{
  char      *name;
  char      *from;
  char      *to;
  char      *saved_by;
  char      *saved_at;
  gboolean   intact;      /* its figures still match their checksum */
  GPtrArray *figures;     /* DgSnapshotChange */
  GPtrArray *amended;     /* DgSnapshotAmendment */
} DgSnapshotDiff;

#define DG_TYPE_SNAPSHOT_DIFF (dg_snapshot_diff_get_type ())
DG_DECLARE_RECORD (DgSnapshotDiff, dg_snapshot_diff)

G_END_DECLS
