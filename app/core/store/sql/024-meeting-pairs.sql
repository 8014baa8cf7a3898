-- Diogelu schema, version 24: each agency at each meeting, kept as rows,
-- and the agencies' figures as running totals by day.
-- Since version 15 the meetings' figures joined the view meeting_expected,
-- which SQLite computes for every meeting before the period narrows it: a
-- year's report read every meeting ever held. Now:
-- * meeting_pair: one row per meeting and agency that was expected or
--   invited there, with what it counts for (the nine figures of the
--   agencies' contributions, 0 or 1 each), written by the procedure that
--   already keeps each meeting's completeness (report_meeting_refresh), so
--   every change that moves a meeting's expected agencies, invitations or
--   exceptions moves its pairs too;
-- * report_agency_day: those counts summed by the day of the meeting and the
--   agency, kept by the pairs' triggers; a total that reaches 0 is removed.
-- The figures read the totals; what is behind a figure reads the pairs.

-- The flags of an agency at a meeting, from each source (read with max ()).
CREATE VIEW meeting_pair_flags (meeting_id, agency, expected, invited, attended, excused, report, decider) AS
SELECT meeting_id, agency, 1, 0, 0, 0, 0, 0 FROM meeting_expected
UNION ALL
SELECT meeting_id, agency, 0, 1, CASE WHEN status = 'attended' THEN 1 ELSE 0 END, 0, coalesce (report_received, 0),
       CASE WHEN status = 'attended' AND decision_maker = 1 THEN 1 ELSE 0 END
FROM invitee
UNION ALL
SELECT meeting_id, agency, 0, 0, 0, 1, 0, 0 FROM meeting_exception;

-- Each agency at a meeting, once, with its flags (0 or 1): e expected, i
-- invited, a attended, x excused (never police or social services), r a
-- report received, d a decision-maker present; and what it counts for, as
-- columns computed from them: expected (and of those, invited, attended,
-- excused or missing), invitees (and of those, with a report), attending
-- (and of those, with a decision-maker). A pair that counts for nothing (an
-- exception for an agency not expected) is not kept.
CREATE TABLE meeting_pair (
  meeting_id    INTEGER NOT NULL,
  agency        TEXT NOT NULL,
  referral_id   INTEGER NOT NULL,
  held_at       TEXT NOT NULL,
  e             INTEGER NOT NULL,
  i             INTEGER NOT NULL,
  a             INTEGER NOT NULL,
  x             INTEGER NOT NULL,
  r             INTEGER NOT NULL,
  d             INTEGER NOT NULL,
  expected      INTEGER GENERATED ALWAYS AS (e),
  invited       INTEGER GENERATED ALWAYS AS (e * i),
  attended      INTEGER GENERATED ALWAYS AS (e * a),
  excused       INTEGER GENERATED ALWAYS AS (e * (1 - i) * x),
  missing       INTEGER GENERATED ALWAYS AS (e * (1 - i) * (1 - x)),
  invitees      INTEGER GENERATED ALWAYS AS (i),
  reports       INTEGER GENERATED ALWAYS AS (i * r),
  attending     INTEGER GENERATED ALWAYS AS (a),
  deciders      INTEGER GENERATED ALWAYS AS (a * d),
  PRIMARY KEY (meeting_id, agency)
) WITHOUT ROWID;
CREATE INDEX meeting_pair_held ON meeting_pair (held_at);

CREATE TABLE report_agency_day (
  day           TEXT NOT NULL,
  agency        TEXT NOT NULL,
  expected      INTEGER NOT NULL,
  invited       INTEGER NOT NULL,
  attended      INTEGER NOT NULL,
  excused       INTEGER NOT NULL,
  missing       INTEGER NOT NULL,
  invitees      INTEGER NOT NULL,
  reports       INTEGER NOT NULL,
  attending     INTEGER NOT NULL,
  deciders      INTEGER NOT NULL,
  PRIMARY KEY (day, agency)
) WITHOUT ROWID;

-- ---- The pairs move the totals ---------------------------------------------
CREATE TRIGGER report_pair_insert AFTER INSERT ON meeting_pair
BEGIN
  INSERT INTO report_agency_day VALUES (substr (NEW.held_at, 1, 10), NEW.agency, NEW.expected, NEW.invited, NEW.attended,
                                        NEW.excused, NEW.missing, NEW.invitees, NEW.reports, NEW.attending, NEW.deciders)
  ON CONFLICT (day, agency) DO UPDATE SET
    expected = expected + excluded.expected, invited = invited + excluded.invited,
    attended = attended + excluded.attended, excused = excused + excluded.excused,
    missing = missing + excluded.missing, invitees = invitees + excluded.invitees,
    reports = reports + excluded.reports, attending = attending + excluded.attending,
    deciders = deciders + excluded.deciders;
END;
CREATE TRIGGER report_pair_delete AFTER DELETE ON meeting_pair
BEGIN
  UPDATE report_agency_day SET
    expected = expected - OLD.expected, invited = invited - OLD.invited, attended = attended - OLD.attended,
    excused = excused - OLD.excused, missing = missing - OLD.missing, invitees = invitees - OLD.invitees,
    reports = reports - OLD.reports, attending = attending - OLD.attending, deciders = deciders - OLD.deciders
  WHERE day = substr (OLD.held_at, 1, 10) AND agency = OLD.agency;
  DELETE FROM report_agency_day
  WHERE day = substr (OLD.held_at, 1, 10) AND agency = OLD.agency AND expected = 0 AND invitees = 0;
END;

-- ---- The meeting's procedure keeps its pairs -------------------------------
DROP TRIGGER report_meeting_refresh;
CREATE TRIGGER report_meeting_refresh INSTEAD OF INSERT ON report_meeting_refresh
BEGIN
  DELETE FROM report_meeting WHERE meeting_id = NEW.meeting_id;
  INSERT INTO report_meeting (meeting_id, held_at, complete)
  SELECT meeting_id, held_at, complete FROM report_meeting_source WHERE meeting_id = NEW.meeting_id;
  DELETE FROM meeting_pair WHERE meeting_id = NEW.meeting_id;
  INSERT INTO meeting_pair (meeting_id, agency, referral_id, held_at, e, i, a, x, r, d)
  SELECT f.meeting_id, f.agency, m.referral_id, m.held_at, max (f.expected), max (f.invited), max (f.attended),
         CASE WHEN f.agency IN ('police', 'social-services') THEN 0 ELSE max (f.excused) END, max (f.report), max (f.decider)
  FROM (SELECT * FROM meeting_pair_flags WHERE meeting_id = NEW.meeting_id) f JOIN meeting m ON m.id = f.meeting_id
  GROUP BY f.meeting_id, f.agency
  HAVING max (f.expected) + max (f.invited) > 0;
END;

-- An invitation's attendance, report and decision-maker now count too.
DROP TRIGGER report_invitee_update;
CREATE TRIGGER report_invitee_update AFTER UPDATE OF meeting_id, agency, status, report_received, decision_maker ON invitee
BEGIN INSERT INTO report_meeting_refresh SELECT OLD.meeting_id UNION SELECT NEW.meeting_id; END;

-- ---- What is there now ---------------------------------------------------
-- Every meeting's pairs, by the procedure, which moves the totals.
INSERT INTO report_meeting_refresh SELECT id FROM meeting;

-- The minutes' clocks of a period (the figures' icpc-plan and
-- strategy-record, named in the query) are read by kind and start, not
-- among every clock started then, with what their state needs. Partial, so
-- that no other query of the clocks is drawn to it.
CREATE INDEX clock_minutes_start ON clock (clock, start_at, due, done_at)
  WHERE clock IN ('icpc-plan', 'strategy-record');
