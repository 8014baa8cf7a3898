-- Diogelu schema, version 18 (issue 24): a period's figures saved as
-- submitted (to the inspectorate, the safeguarding board, Welsh
-- Government). A snapshot is never changed or removed, like the audit
-- trail: later amendments to the records show as a difference from it,
-- never in it. audit_id is the last audit row when it was saved (its own):
-- every later row about a record of the period is a change since.

CREATE TABLE report_snapshot (
  id            INTEGER PRIMARY KEY,
  name          TEXT NOT NULL UNIQUE CHECK (length (trim (name)) BETWEEN 1 AND 200),
  from_day      TEXT NOT NULL,
  to_day        TEXT NOT NULL,
  figures       TEXT NOT NULL,   -- the performance report as it was, JSON
  checksum      TEXT NOT NULL,   -- SHA-256 of figures
  audit_id      INTEGER NOT NULL,
  saved_by      TEXT NOT NULL,
  saved_at      TEXT NOT NULL,
  CHECK (from_day <= to_day)
);
CREATE TRIGGER report_snapshot_no_update BEFORE UPDATE ON report_snapshot
BEGIN SELECT RAISE (ABORT, 'a saved snapshot cannot be changed'); END;
CREATE TRIGGER report_snapshot_no_delete BEFORE DELETE ON report_snapshot
BEGIN SELECT RAISE (ABORT, 'a saved snapshot cannot be deleted'); END;
