#include "config.h"

#include "dg-records-snapshot.h"

#define S(field, kind, member) DG_RECORD_MEMBER (DgSnapshot, field, kind, member)
DG_DEFINE_RECORD (DgSnapshot, dg_snapshot,
                  S (name, DG_RECORD_TEXT_OR_EMPTY, "name"),
                  S (from, DG_RECORD_TEXT_OR_EMPTY, "from"),
                  S (to, DG_RECORD_TEXT_OR_EMPTY, "to"),
                  S (saved_by, DG_RECORD_TEXT_OR_EMPTY, "saved_by"),
                  S (saved_at, DG_RECORD_TEXT_OR_EMPTY, "saved_at"),
                  S (checksum, DG_RECORD_TEXT_OR_EMPTY, "checksum"))
#undef S

#define C(field, kind, member) DG_RECORD_MEMBER (DgSnapshotChange, field, kind, member)
DG_RECORD_SHAPE (DgSnapshotChange, dg_snapshot_change,
                 C (figure, DG_RECORD_TEXT_OR_EMPTY, "figure"),
                 C (then, DG_RECORD_TEXT_OR_EMPTY, "then_text"),
                 C (now, DG_RECORD_TEXT_OR_EMPTY, "now_text"));
#undef C

#define A(field, kind, member) DG_RECORD_MEMBER (DgSnapshotAmendment, field, kind, member)
DG_RECORD_SHAPE (DgSnapshotAmendment, dg_snapshot_amendment,
                 A (at, DG_RECORD_TEXT_OR_EMPTY, "at"),
                 A (actor, DG_RECORD_TEXT_OR_EMPTY, "actor"),
                 A (entity, DG_RECORD_TEXT_OR_EMPTY, "entity"),
                 A (entity_id, DG_RECORD_INT, "entity_id"),
                 A (reference, DG_RECORD_TEXT, "reference"),
                 A (action, DG_RECORD_TEXT_OR_EMPTY, "action"));
#undef A

#define D(field, kind, member) DG_RECORD_MEMBER (DgSnapshotDiff, field, kind, member)
DG_DEFINE_RECORD (DgSnapshotDiff, dg_snapshot_diff,
                  D (name, DG_RECORD_TEXT_OR_EMPTY, "name"),
                  D (from, DG_RECORD_TEXT_OR_EMPTY, "from"),
                  D (to, DG_RECORD_TEXT_OR_EMPTY, "to"),
                  D (saved_by, DG_RECORD_TEXT_OR_EMPTY, "saved_by"),
                  D (saved_at, DG_RECORD_TEXT_OR_EMPTY, "saved_at"),
                  D (intact, DG_RECORD_BOOL, "intact"),
                  DG_RECORD_NESTED (DgSnapshotDiff, figures, DG_RECORD_LIST, "figures", dg_snapshot_change),
                  DG_RECORD_NESTED (DgSnapshotDiff, amended, DG_RECORD_LIST, "amended", dg_snapshot_amendment))
#undef D
