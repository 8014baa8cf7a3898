-- Diogelu schema, version 6: the end of a child protection plan. A review
-- conference may end the plan; from then no core group or review is due, so
-- those clocks stop at the plan's end instead of running on for ever.
-- SQLite cannot change a CHECK in place: the table is rebuilt (its index and
-- its clock triggers with it).

CREATE TABLE cp_event_new (
  id            INTEGER PRIMARY KEY,
  referral_id   INTEGER NOT NULL REFERENCES referral (id),
  kind          TEXT NOT NULL
                CHECK (kind IN ('s47-start', 's47-complete', 'icpc', 'core-group', 'review', 'plan-end')),
  held_at       TEXT NOT NULL,
  notes         TEXT,
  recorded_by   TEXT NOT NULL,
  recorded_at   TEXT NOT NULL
);
INSERT INTO cp_event_new (id, referral_id, kind, held_at, notes, recorded_by, recorded_at)
  SELECT id, referral_id, kind, held_at, notes, recorded_by, recorded_at FROM cp_event;
DROP TABLE cp_event;
ALTER TABLE cp_event_new RENAME TO cp_event;
CREATE INDEX cp_event_referral ON cp_event (referral_id, kind, held_at);

CREATE TRIGGER clock_event_insert AFTER INSERT ON cp_event
BEGIN SELECT dg_clocks_refresh (NEW.referral_id); END;
CREATE TRIGGER clock_event_update AFTER UPDATE ON cp_event
BEGIN SELECT dg_clocks_refresh (OLD.referral_id); SELECT dg_clocks_refresh (NEW.referral_id); END;
CREATE TRIGGER clock_event_delete AFTER DELETE ON cp_event
BEGIN SELECT dg_clocks_refresh (OLD.referral_id); END;
