-- Diogelu schema, version 15: what each agency brought to a meeting, the
-- minutes' clocks, and the agencies expected by concern.
-- * invitee: report received (yes/no, when) and decision-maker present.
-- * meeting.minutes_sent_at: the strategy discussion/meeting record went to
--   those who took part (the "strategy-record" clock stops there).
-- * cp_event kind 'plan-circulated': the outline plan and decisions of an
--   initial conference went out (the "icpc-plan" clock stops there).
-- * referral_category 'domestic-abuse'; agencies 'idva' (domestic abuse
--   service), 'paediatrician', 'midwife' and 'disability-team'.
-- * expected_agency_rule: concern -> agencies expected, with effective
--   dates like the timescales; meeting_expected says, per meeting, which
--   agencies its referral's concerns, children and involved agencies call
--   for on the day it is held, and report_meeting_source reads it.
-- SQLite cannot change a CHECK in place: the tables are rebuilt (their
-- indexes and triggers with them). The view and the procedure that read
-- them go first, so that no rename meets a reference to a missing table.

DROP TRIGGER report_meeting_refresh;
DROP VIEW report_meeting_source;

CREATE TABLE referral_category_new (
  referral_id   INTEGER NOT NULL REFERENCES referral (id),
  category      TEXT NOT NULL
                CHECK (category IN ('physical', 'sexual', 'emotional', 'neglect', 'financial', 'domestic-abuse')),
  PRIMARY KEY (referral_id, category)
) WITHOUT ROWID;
INSERT INTO referral_category_new (referral_id, category) SELECT referral_id, category FROM referral_category;
DROP TABLE referral_category;
ALTER TABLE referral_category_new RENAME TO referral_category;

CREATE TABLE involved_agency_new (
  id            INTEGER PRIMARY KEY,
  referral_id   INTEGER NOT NULL REFERENCES referral (id),
  agency        TEXT NOT NULL
                CHECK (agency IN ('police', 'social-services', 'education', 'health',
                                  'report-maker', 'probation', 'housing', 'other',
                                  'idva', 'paediatrician', 'midwife', 'disability-team')),
  name          TEXT,
  organisation  TEXT
);
INSERT INTO involved_agency_new (id, referral_id, agency, name, organisation)
  SELECT id, referral_id, agency, name, organisation FROM involved_agency;
DROP TABLE involved_agency;
ALTER TABLE involved_agency_new RENAME TO involved_agency;
CREATE INDEX involved_referral ON involved_agency (referral_id);

CREATE TABLE invitee_new (
  id            INTEGER PRIMARY KEY,
  meeting_id    INTEGER NOT NULL REFERENCES meeting (id),
  agency        TEXT NOT NULL
                CHECK (agency IN ('police', 'social-services', 'education', 'health',
                                  'report-maker', 'probation', 'housing', 'other',
                                  'idva', 'paediatrician', 'midwife', 'disability-team')),
  name          TEXT,
  organisation  TEXT,
  invited_at    TEXT,
  status        TEXT NOT NULL DEFAULT 'invited'
                CHECK (status IN ('invited', 'attended', 'apologies', 'declined', 'no-reply')),
  report_received    INTEGER CHECK (report_received IN (0, 1)),      -- NULL: not recorded
  report_received_at TEXT,
  decision_maker     INTEGER CHECK (decision_maker IN (0, 1)),       -- NULL: not recorded
  CHECK (report_received_at IS NULL OR report_received = 1)
);
INSERT INTO invitee_new (id, meeting_id, agency, name, organisation, invited_at, status)
  SELECT id, meeting_id, agency, name, organisation, invited_at, status FROM invitee;
DROP TABLE invitee;
ALTER TABLE invitee_new RENAME TO invitee;
CREATE INDEX invitee_meeting ON invitee (meeting_id, agency);

CREATE TABLE cp_event_new (
  id            INTEGER PRIMARY KEY,
  referral_id   INTEGER NOT NULL REFERENCES referral (id),
  kind          TEXT NOT NULL
                CHECK (kind IN ('s47-start', 's47-complete', 'icpc', 'core-group', 'review', 'plan-end',
                                'plan-circulated')),
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

-- The record of the meeting, circulated to those who took part.
ALTER TABLE meeting ADD COLUMN minutes_sent_at TEXT;
DROP TRIGGER clock_meeting_update;
CREATE TRIGGER clock_meeting_update AFTER UPDATE OF referral_id, held_at, minutes_sent_at ON meeting
BEGIN SELECT dg_clocks_refresh (OLD.referral_id); SELECT dg_clocks_refresh (NEW.referral_id); END;

INSERT INTO timescale_rule (clock, effective_from, amount, unit, starts_at, source) VALUES
  ('icpc-plan',       '2000-01-01', 5, 'working-days', 'icpc',           'WSP'),
  ('strategy-record', '2000-01-01', 5, 'working-days', 'last-strategy',  'local default');

-- ---- Expected agencies by concern ---------------------------------------
-- A concern (a category of harm, an age band of a child, a disability, or
-- 'always') expects an agency from a date on (expected 1) or no longer
-- (expected 0); the row in force on the meeting's day decides.
CREATE TABLE expected_agency_rule (
  concern        TEXT NOT NULL
                 CHECK (concern IN ('always', 'physical', 'sexual', 'emotional', 'neglect', 'financial',
                                    'domestic-abuse', 'under-1', 'under-5', 'school-age', 'disability')),
  agency         TEXT NOT NULL
                 CHECK (agency IN ('police', 'social-services', 'education', 'health',
                                   'report-maker', 'probation', 'housing', 'other',
                                   'idva', 'paediatrician', 'midwife', 'disability-team')),
  effective_from TEXT NOT NULL,
  expected       INTEGER NOT NULL DEFAULT 1 CHECK (expected IN (0, 1)),
  source         TEXT,
  PRIMARY KEY (concern, agency, effective_from)
) WITHOUT ROWID;

INSERT INTO expected_agency_rule (concern, agency, effective_from, expected, source) VALUES
  ('always',         'police',          '2000-01-01', 1, 'WSP'),
  ('always',         'social-services', '2000-01-01', 1, 'WSP'),
  ('always',         'report-maker',    '2000-01-01', 1, 'WSP'),
  ('always',         'health',          '2000-01-01', 1, 'WSP'),
  ('school-age',     'education',       '2000-01-01', 1, 'WSP'),
  ('domestic-abuse', 'idva',            '2000-01-01', 1, 'WSP'),
  ('sexual',         'paediatrician',   '2000-01-01', 1, 'WSP'),
  ('under-1',        'midwife',         '2000-01-01', 1, 'WSP'),
  ('disability',     'disability-team', '2000-01-01', 1, 'WSP');

-- Each rule with the day it stops counting: the next rule of the same
-- concern and agency, if any.
CREATE VIEW expected_rule_span (concern, agency, expected, effective_from, until) AS
SELECT r.concern, r.agency, r.expected, r.effective_from,
       coalesce ((SELECT min (n.effective_from) FROM expected_agency_rule n
                  WHERE n.concern = r.concern AND n.agency = r.agency AND n.effective_from > r.effective_from),
                 '9999-12-31')
FROM expected_agency_rule r;

-- The agencies expected at each meeting, by the rules in force on the day
-- it is held (an agency may appear more than once: read it with DISTINCT or
-- EXISTS), one simple join per kind of concern, so that asking about one
-- meeting reads that meeting's rows only:
-- * 'always';
-- * the referral's categories of harm;
-- * each child's age on the day: 'under-1', 'under-5', 'school-age' (from 4,
--   reception in Wales); a child with no date of birth counts as of school
--   age (education stays expected, as before this schema), one yet unborn
--   as under 1;
-- * 'disability': a child with additional needs or a disability recorded;
-- * and every agency already involved.
CREATE VIEW meeting_expected (meeting_id, agency) AS
SELECT m.id, r.agency
FROM meeting m JOIN expected_rule_span r
  ON r.concern = 'always' AND r.expected = 1
 AND r.effective_from <= substr (m.held_at, 1, 10) AND substr (m.held_at, 1, 10) < r.until
UNION ALL
SELECT m.id, r.agency
FROM meeting m JOIN referral_category rc ON rc.referral_id = m.referral_id
JOIN expected_rule_span r
  ON r.concern = rc.category AND r.expected = 1
 AND r.effective_from <= substr (m.held_at, 1, 10) AND substr (m.held_at, 1, 10) < r.until
UNION ALL
SELECT m.id, r.agency
FROM meeting m JOIN child c ON c.referral_id = m.referral_id
JOIN expected_rule_span r
  ON r.concern IN ('under-1', 'under-5', 'school-age') AND r.expected = 1
 AND r.effective_from <= substr (m.held_at, 1, 10) AND substr (m.held_at, 1, 10) < r.until
 AND CASE WHEN c.dob IS NULL OR length (c.dob) < 10 THEN r.concern = 'school-age'
          ELSE CASE r.concern WHEN 'under-1' THEN 1 WHEN 'under-5' THEN 5 ELSE 200 END
               > CAST (substr (m.held_at, 1, 4) AS integer) - CAST (substr (c.dob, 1, 4) AS integer)
                 - CASE WHEN substr (m.held_at, 6, 5) < substr (c.dob, 6, 5) THEN 1 ELSE 0 END
           AND CASE r.concern WHEN 'school-age' THEN 4 ELSE -200 END
               <= CAST (substr (m.held_at, 1, 4) AS integer) - CAST (substr (c.dob, 1, 4) AS integer)
                 - CASE WHEN substr (m.held_at, 6, 5) < substr (c.dob, 6, 5) THEN 1 ELSE 0 END END
UNION ALL
SELECT m.id, r.agency
FROM meeting m JOIN child c ON c.referral_id = m.referral_id
JOIN expected_rule_span r
  ON r.concern = 'disability' AND r.expected = 1
 AND r.effective_from <= substr (m.held_at, 1, 10) AND substr (m.held_at, 1, 10) < r.until
WHERE length (trim (coalesce (c.additional_needs, ''))) > 0
UNION ALL
SELECT m.id, a.agency FROM meeting m JOIN involved_agency a ON a.referral_id = m.referral_id;

CREATE VIEW report_meeting_source AS
SELECT m.id AS meeting_id, m.held_at AS held_at,
       NOT EXISTS (
         SELECT 1 FROM meeting_expected e
         WHERE e.meeting_id = m.id
           AND NOT EXISTS (SELECT 1 FROM invitee i WHERE i.meeting_id = m.id AND i.agency = e.agency)
           AND (e.agency IN ('police', 'social-services')
                OR NOT EXISTS (SELECT 1 FROM meeting_exception x WHERE x.meeting_id = m.id AND x.agency = e.agency))
       ) AS complete
FROM meeting m;

CREATE TRIGGER report_meeting_refresh INSTEAD OF INSERT ON report_meeting_refresh
BEGIN
  DELETE FROM report_meeting WHERE meeting_id = NEW.meeting_id;
  INSERT INTO report_meeting (meeting_id, held_at, complete)
  SELECT meeting_id, held_at, complete FROM report_meeting_source WHERE meeting_id = NEW.meeting_id;
END;

-- The rebuilt tables' triggers (005), and what else now decides completeness:
-- the categories, the children's ages and needs, and the rules.
CREATE TRIGGER report_invitee_insert AFTER INSERT ON invitee
BEGIN INSERT INTO report_meeting_refresh VALUES (NEW.meeting_id); END;
CREATE TRIGGER report_invitee_update AFTER UPDATE OF meeting_id, agency ON invitee
BEGIN INSERT INTO report_meeting_refresh SELECT OLD.meeting_id UNION SELECT NEW.meeting_id; END;
CREATE TRIGGER report_invitee_delete AFTER DELETE ON invitee
BEGIN INSERT INTO report_meeting_refresh VALUES (OLD.meeting_id); END;

CREATE TRIGGER report_involved_insert AFTER INSERT ON involved_agency
BEGIN INSERT INTO report_meeting_refresh SELECT id FROM meeting WHERE referral_id = NEW.referral_id; END;
CREATE TRIGGER report_involved_update AFTER UPDATE OF referral_id, agency ON involved_agency
BEGIN INSERT INTO report_meeting_refresh SELECT id FROM meeting WHERE referral_id IN (OLD.referral_id, NEW.referral_id); END;
CREATE TRIGGER report_involved_delete AFTER DELETE ON involved_agency
BEGIN INSERT INTO report_meeting_refresh SELECT id FROM meeting WHERE referral_id = OLD.referral_id; END;

CREATE TRIGGER report_category_insert AFTER INSERT ON referral_category
BEGIN INSERT INTO report_meeting_refresh SELECT id FROM meeting WHERE referral_id = NEW.referral_id; END;
CREATE TRIGGER report_category_update AFTER UPDATE ON referral_category
BEGIN INSERT INTO report_meeting_refresh SELECT id FROM meeting WHERE referral_id IN (OLD.referral_id, NEW.referral_id); END;
CREATE TRIGGER report_category_delete AFTER DELETE ON referral_category
BEGIN INSERT INTO report_meeting_refresh SELECT id FROM meeting WHERE referral_id = OLD.referral_id; END;

CREATE TRIGGER report_child_insert AFTER INSERT ON child
BEGIN INSERT INTO report_meeting_refresh SELECT id FROM meeting WHERE referral_id = NEW.referral_id; END;
CREATE TRIGGER report_child_update AFTER UPDATE OF referral_id, dob, additional_needs ON child
BEGIN INSERT INTO report_meeting_refresh SELECT id FROM meeting WHERE referral_id IN (OLD.referral_id, NEW.referral_id); END;
CREATE TRIGGER report_child_delete AFTER DELETE ON child
BEGIN INSERT INTO report_meeting_refresh SELECT id FROM meeting WHERE referral_id = OLD.referral_id; END;

-- A rule moves the meetings held from its date on.
CREATE TRIGGER report_rule_insert AFTER INSERT ON expected_agency_rule
BEGIN INSERT INTO report_meeting_refresh SELECT id FROM meeting WHERE held_at >= NEW.effective_from; END;
CREATE TRIGGER report_rule_update AFTER UPDATE ON expected_agency_rule
BEGIN INSERT INTO report_meeting_refresh SELECT id FROM meeting WHERE held_at >= min (OLD.effective_from, NEW.effective_from); END;
CREATE TRIGGER report_rule_delete AFTER DELETE ON expected_agency_rule
BEGIN INSERT INTO report_meeting_refresh SELECT id FROM meeting WHERE held_at >= OLD.effective_from; END;

-- Every meeting's completeness by the rules.
INSERT INTO report_meeting_refresh SELECT id FROM meeting;

-- The minutes' clocks of the referrals that have meetings or conferences.
SELECT dg_clocks_refresh (referral_id) FROM (SELECT referral_id FROM meeting UNION SELECT referral_id FROM cp_event);
