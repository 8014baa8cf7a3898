-- Diogelu schema, version 17 (issue 24, figures that stand up at
-- inspection): a late clock's agreed exception, and the referrals that
-- count other than once per child, so the report counts per child cheaply.

-- A timescale knowingly missed: the recorded reason and the senior manager
-- who agreed it (Wales Safeguarding Procedures). The figures count a late
-- or overdue clock that has one apart, as "late with an agreed exception";
-- the running totals (005) are not changed: the report subtracts these few
-- from their late and overdue counts as it reads them.
CREATE TABLE clock_exception (
  referral_id   INTEGER NOT NULL REFERENCES referral (id),
  clock         TEXT NOT NULL,
  reason        TEXT NOT NULL CHECK (length (trim (reason)) > 0),
  approved_by   TEXT NOT NULL CHECK (length (trim (approved_by)) > 0),
  recorded_by   TEXT NOT NULL,
  recorded_at   TEXT NOT NULL,
  PRIMARY KEY (referral_id, clock)
) WITHOUT ROWID;

-- The referrals about other than one child, with how many more children
-- than one they are about (a conference about three siblings: 2) and the
-- day they were received (the report reads a period's by it). A figure per
-- child is the figure per referral plus these, added live; most referrals
-- are about one child and have no row.
CREATE TABLE report_children (
  referral_id   INTEGER PRIMARY KEY,
  day           TEXT NOT NULL,
  extra         INTEGER NOT NULL CHECK (extra <> 0)
);
CREATE INDEX report_children_day ON report_children (day);

INSERT INTO report_children (referral_id, day, extra)
SELECT r.id, substr (r.received_at, 1, 10), (SELECT count (*) FROM child c WHERE c.referral_id = r.id) - 1 FROM referral r
WHERE (SELECT count (*) FROM child c WHERE c.referral_id = r.id) <> 1;

-- report_children_refresh (referral_id): the referral's row as its
-- children say now.
CREATE VIEW report_children_refresh (referral_id) AS SELECT NULL WHERE 0;
CREATE TRIGGER report_children_refresh INSTEAD OF INSERT ON report_children_refresh
BEGIN
  DELETE FROM report_children WHERE referral_id = NEW.referral_id;
  INSERT INTO report_children (referral_id, day, extra)
  SELECT r.id, substr (r.received_at, 1, 10), (SELECT count (*) FROM child c WHERE c.referral_id = r.id) - 1 FROM referral r
  WHERE r.id = NEW.referral_id AND (SELECT count (*) FROM child c WHERE c.referral_id = r.id) <> 1;
END;

CREATE TRIGGER report_children_referral_insert AFTER INSERT ON referral
BEGIN INSERT INTO report_children_refresh VALUES (NEW.id); END;
CREATE TRIGGER report_children_referral_update AFTER UPDATE OF id, received_at ON referral
BEGIN INSERT INTO report_children_refresh SELECT OLD.id UNION SELECT NEW.id; END;
CREATE TRIGGER report_children_referral_delete AFTER DELETE ON referral
BEGIN INSERT INTO report_children_refresh VALUES (OLD.id); END;
CREATE TRIGGER report_children_insert AFTER INSERT ON child
BEGIN INSERT INTO report_children_refresh VALUES (NEW.referral_id); END;
CREATE TRIGGER report_children_update AFTER UPDATE OF referral_id ON child
BEGIN INSERT INTO report_children_refresh SELECT OLD.referral_id UNION SELECT NEW.referral_id; END;
CREATE TRIGGER report_children_delete AFTER DELETE ON child
BEGIN INSERT INTO report_children_refresh VALUES (OLD.referral_id); END;
