-- Diogelu schema, version 5: the performance report read from running
-- totals instead of a join over every referral of the period. Triggers keep
-- the totals in step with the stored clocks (004), the referrals' received
-- day and report-maker, the meetings and their invitations; the tests
-- compare every total with a from-scratch GROUP BY.
--
-- The report counts, per clock, agency, school and month of receipt, the
-- referrals' clocks by state. A finished clock's state (on time or late) is
-- fixed; a running one's (pending or overdue) depends on today, so running
-- clocks are counted by due date and the report decides their state.
--
-- Layout: the tables, then the totals of what is there now (set-based, one
-- GROUP BY each), then four "procedures" (empty views whose INSTEAD OF
-- INSERT trigger does the work, so each rule is written once) and last the
-- triggers on the real tables, each of which only names the rows that
-- changed and calls a procedure:
--   referral, reporter, meeting   -> report_key_refresh (referral)
--   meeting, invitee, exception,
--   involved agency               -> report_meeting_refresh (meeting)
--   report_key, clock             -> report_clock_change (key, clock, -1 / +1)
--                                    -> report_total (key, clock, due, state)

-- What a referral is counted under: its reporter's agency, and the school
-- when the reporter is education (NULL otherwise, as in the report).
CREATE TABLE report_group (
  id            INTEGER PRIMARY KEY,
  agency        TEXT,
  school        TEXT
);
CREATE INDEX report_group_key ON report_group (agency, school);

-- Each referral's key, as last counted: received day, group, and the day
-- of its meetings ('' none, 'YYYY-MM-DD' all on one day, '*' several days).
-- The totals always equal the sum over the clocks of their referral's key
-- here, so a changed key moves its clocks from the old totals to the new.
CREATE TABLE report_key (
  referral_id   INTEGER PRIMARY KEY,
  day           TEXT NOT NULL,
  grp           INTEGER NOT NULL,
  meet          TEXT NOT NULL
);
-- Referrals with meetings on several days: counted live by the report.
CREATE INDEX report_key_meetings ON report_key (meet) WHERE meet = '*';

CREATE VIEW report_key_source AS
SELECT r.id AS referral_id, substr (r.received_at, 1, 10) AS day, p.agency AS agency,
       CASE WHEN p.agency = 'education' THEN p.organisation END AS school,
       (SELECT CASE WHEN count (*) = 0 THEN ''
                    WHEN min (substr (m.held_at, 1, 10)) = max (substr (m.held_at, 1, 10)) THEN min (substr (m.held_at, 1, 10))
                    ELSE '*' END
          FROM meeting m WHERE m.referral_id = r.id) AS meet
FROM referral r LEFT JOIN reporter p ON p.id = r.reporter_id;

-- A clock as the totals count it: finished ones by state, running ones by due
-- date. For the initial totals; report_clock_change has the same two
-- expressions for the one row at hand (a view read per row would be
-- materialised on every row).
CREATE VIEW report_clock_state AS
SELECT referral_id, clock,
       CASE WHEN done_at IS NULL THEN due ELSE '' END AS due,
       CASE WHEN done_at IS NULL THEN 'running' WHEN substr (done_at, 1, 10) <= due THEN 'on-time' ELSE 'late' END AS state
FROM clock;

-- The referral clocks (confirmation, acknowledgement, decision, outcome) by
-- day of receipt, and the same by month (a year is twelve months' rows and
-- the days at its ends).
CREATE TABLE report_day (
  day           TEXT NOT NULL,
  clock         TEXT NOT NULL,
  grp           INTEGER NOT NULL,
  due           TEXT NOT NULL,
  state         TEXT NOT NULL,
  n             INTEGER NOT NULL,
  PRIMARY KEY (day, clock, grp, due, state)
) WITHOUT ROWID;
CREATE TABLE report_month (
  month         TEXT NOT NULL,
  clock         TEXT NOT NULL,
  grp           INTEGER NOT NULL,
  due           TEXT NOT NULL,
  state         TEXT NOT NULL,
  n             INTEGER NOT NULL,
  PRIMARY KEY (month, clock, grp, due, state)
) WITHOUT ROWID;

-- The conference clocks (icpc, first-core-group) of referrals whose
-- meetings were all held on one day, by that day; the report counts them
-- for the meetings held in its period.
CREATE TABLE report_protection (
  day           TEXT NOT NULL,   -- the meetings' day
  clock         TEXT NOT NULL,
  agency        TEXT NOT NULL,   -- 'other' without a reporter
  month         TEXT NOT NULL,   -- month of receipt
  due           TEXT NOT NULL,
  state         TEXT NOT NULL,
  n             INTEGER NOT NULL,
  PRIMARY KEY (day, clock, agency, month, due, state)
) WITHOUT ROWID;

-- Each meeting's invitation completeness, as the meetings view computes it:
-- police and social services always; the report-maker, education and
-- community health unless excused; every agency already involved unless excused.
CREATE TABLE report_meeting (
  meeting_id    INTEGER PRIMARY KEY,
  held_at       TEXT NOT NULL,
  complete      INTEGER NOT NULL
);
CREATE INDEX report_meeting_held ON report_meeting (held_at, complete);

CREATE VIEW report_meeting_source AS
SELECT m.id AS meeting_id, m.held_at AS held_at,
       NOT EXISTS (
         SELECT 1 FROM (SELECT 'police' AS agency UNION ALL SELECT 'social-services'
                        UNION ALL SELECT 'report-maker' UNION ALL SELECT 'education' UNION ALL SELECT 'health'
                        UNION ALL SELECT a.agency FROM involved_agency a
                          WHERE a.referral_id = m.referral_id
                            AND a.agency IN ('police', 'social-services', 'education', 'health',
                                             'report-maker', 'probation', 'housing', 'other')) e
         WHERE NOT EXISTS (SELECT 1 FROM invitee i WHERE i.meeting_id = m.id AND i.agency = e.agency)
           AND (e.agency IN ('police', 'social-services')
                OR NOT EXISTS (SELECT 1 FROM meeting_exception x WHERE x.meeting_id = m.id AND x.agency = e.agency))
       ) AS complete
FROM meeting m;

-- ---- What is there now ---------------------------------------------------

INSERT INTO report_group (agency, school) SELECT DISTINCT agency, school FROM report_key_source;
INSERT INTO report_key (referral_id, day, grp, meet)
SELECT s.referral_id, s.day, g.id, s.meet
FROM report_key_source s JOIN report_group g ON g.agency IS s.agency AND g.school IS s.school;

INSERT INTO report_day (day, clock, grp, due, state, n)
SELECT k.day, c.clock, k.grp, c.due, c.state, count (*)
FROM report_clock_state c JOIN report_key k ON k.referral_id = c.referral_id
WHERE c.clock IN ('confirmation', 'acknowledgement', 'decision', 'outcome')
GROUP BY 1, 2, 3, 4, 5;
INSERT INTO report_month (month, clock, grp, due, state, n)
SELECT substr (day, 1, 7), clock, grp, due, state, sum (n) FROM report_day GROUP BY 1, 2, 3, 4, 5;
INSERT INTO report_protection (day, clock, agency, month, due, state, n)
SELECT k.meet, c.clock, coalesce (g.agency, 'other'), substr (k.day, 1, 7), c.due, c.state, count (*)
FROM report_clock_state c JOIN report_key k ON k.referral_id = c.referral_id JOIN report_group g ON g.id = k.grp
WHERE c.clock IN ('icpc', 'first-core-group') AND length (k.meet) = 10
GROUP BY 1, 2, 3, 4, 5, 6;

INSERT INTO report_meeting (meeting_id, held_at, complete)
SELECT meeting_id, held_at, complete FROM report_meeting_source;

-- ---- Procedures ------------------------------------------------------------
-- Each piece of bookkeeping is written once, as the INSTEAD OF INSERT trigger
-- of an empty view: inserting a row into the view "calls" it with that row's
-- values, and INSERT ... SELECT calls it once per row selected. The triggers
-- on the real tables further down only say what changed and call these.

-- report_key_refresh (referral_id): make the referral's key (and its group)
-- what report_key_source says now, or remove it if the referral is gone. A
-- key that does not change is not rewritten, so it moves no clocks.
CREATE VIEW report_key_refresh (referral_id) AS SELECT NULL WHERE 0;
CREATE TRIGGER report_key_refresh INSTEAD OF INSERT ON report_key_refresh
BEGIN
  DELETE FROM report_key WHERE referral_id = NEW.referral_id
    AND NOT EXISTS (SELECT 1 FROM referral WHERE id = NEW.referral_id);
  INSERT INTO report_group (agency, school) SELECT s.agency, s.school FROM report_key_source s
  WHERE s.referral_id = NEW.referral_id
    AND NOT EXISTS (SELECT 1 FROM report_group g WHERE g.agency IS s.agency AND g.school IS s.school);
  INSERT INTO report_key (referral_id, day, grp, meet)
  SELECT s.referral_id, s.day, (SELECT g.id FROM report_group g WHERE g.agency IS s.agency AND g.school IS s.school), s.meet
  FROM report_key_source s WHERE s.referral_id = NEW.referral_id
  ON CONFLICT (referral_id) DO UPDATE SET day = excluded.day, grp = excluded.grp, meet = excluded.meet
  WHERE day <> excluded.day OR grp <> excluded.grp OR meet <> excluded.meet;
END;

-- report_meeting_refresh (meeting_id): the meeting's row as
-- report_meeting_source computes it now, or none if the meeting is gone.
CREATE VIEW report_meeting_refresh (meeting_id) AS SELECT NULL WHERE 0;
CREATE TRIGGER report_meeting_refresh INSTEAD OF INSERT ON report_meeting_refresh
BEGIN
  DELETE FROM report_meeting WHERE meeting_id = NEW.meeting_id;
  INSERT INTO report_meeting (meeting_id, held_at, complete)
  SELECT meeting_id, held_at, complete FROM report_meeting_source WHERE meeting_id = NEW.meeting_id;
END;

-- report_clock_change (day, grp, meet, clock, due, done_at, sign): count one
-- stored clock (sign 1) or uncount it (sign -1) under a referral key (day,
-- grp, meet), with its due and state as report_clock_state computes them.
CREATE VIEW report_clock_change (day, grp, meet, clock, due, done_at, sign) AS
SELECT NULL, NULL, NULL, NULL, NULL, NULL, NULL WHERE 0;
CREATE TRIGGER report_clock_change INSTEAD OF INSERT ON report_clock_change
BEGIN
  INSERT INTO report_total (day, grp, meet, clock, due, state, sign)
  VALUES (NEW.day, NEW.grp, NEW.meet, NEW.clock, CASE WHEN NEW.done_at IS NULL THEN NEW.due ELSE '' END,
          CASE WHEN NEW.done_at IS NULL THEN 'running' WHEN substr (NEW.done_at, 1, 10) <= NEW.due THEN 'on-time' ELSE 'late' END,
          NEW.sign);
END;

-- report_total (day, grp, meet, clock, due, state, sign): add sign to the
-- totals the clock belongs in; a total that reaches 0 is removed, so the
-- tables hold exactly the non-empty totals. Referral clocks go to the day
-- and month totals, conference clocks to the meeting day's when the
-- referral's meetings were all on one day; other clocks are not counted.
CREATE VIEW report_total (day, grp, meet, clock, due, state, sign) AS
SELECT NULL, NULL, NULL, NULL, NULL, NULL, NULL WHERE 0;
CREATE TRIGGER report_total_referral INSTEAD OF INSERT ON report_total
WHEN NEW.clock IN ('confirmation', 'acknowledgement', 'decision', 'outcome')
BEGIN
  INSERT INTO report_day (day, clock, grp, due, state, n)
  VALUES (NEW.day, NEW.clock, NEW.grp, NEW.due, NEW.state, NEW.sign)
  ON CONFLICT (day, clock, grp, due, state) DO UPDATE SET n = n + excluded.n;
  DELETE FROM report_day
  WHERE (day, clock, grp, due, state) = (NEW.day, NEW.clock, NEW.grp, NEW.due, NEW.state) AND n = 0;
  INSERT INTO report_month (month, clock, grp, due, state, n)
  VALUES (substr (NEW.day, 1, 7), NEW.clock, NEW.grp, NEW.due, NEW.state, NEW.sign)
  ON CONFLICT (month, clock, grp, due, state) DO UPDATE SET n = n + excluded.n;
  DELETE FROM report_month
  WHERE (month, clock, grp, due, state) = (substr (NEW.day, 1, 7), NEW.clock, NEW.grp, NEW.due, NEW.state) AND n = 0;
END;
CREATE TRIGGER report_total_protection INSTEAD OF INSERT ON report_total
WHEN NEW.clock IN ('icpc', 'first-core-group') AND length (NEW.meet) = 10
BEGIN
  INSERT INTO report_protection (day, clock, agency, month, due, state, n)
  VALUES (NEW.meet, NEW.clock, (SELECT coalesce (agency, 'other') FROM report_group WHERE id = NEW.grp),
          substr (NEW.day, 1, 7), NEW.due, NEW.state, NEW.sign)
  ON CONFLICT (day, clock, agency, month, due, state) DO UPDATE SET n = n + excluded.n;
  DELETE FROM report_protection
  WHERE (day, clock, agency, month, due, state)
        = (NEW.meet, NEW.clock, (SELECT coalesce (agency, 'other') FROM report_group WHERE id = NEW.grp),
           substr (NEW.day, 1, 7), NEW.due, NEW.state)
    AND n = 0;
END;

-- ---- The keys follow the referrals, reporters and meetings ---------------

CREATE TRIGGER report_referral_insert AFTER INSERT ON referral
BEGIN INSERT INTO report_key_refresh VALUES (NEW.id); END;
CREATE TRIGGER report_referral_update AFTER UPDATE OF id, received_at, reporter_id ON referral
BEGIN INSERT INTO report_key_refresh SELECT OLD.id UNION SELECT NEW.id; END;
CREATE TRIGGER report_referral_delete AFTER DELETE ON referral
BEGIN INSERT INTO report_key_refresh VALUES (OLD.id); END;

-- A reporter's agency or organisation moves all of its referrals.
CREATE TRIGGER report_reporter_insert AFTER INSERT ON reporter
BEGIN INSERT INTO report_key_refresh SELECT id FROM referral WHERE reporter_id = NEW.id; END;
CREATE TRIGGER report_reporter_update AFTER UPDATE OF id, agency, organisation ON reporter
BEGIN INSERT INTO report_key_refresh SELECT id FROM referral WHERE reporter_id IN (OLD.id, NEW.id); END;
CREATE TRIGGER report_reporter_delete AFTER DELETE ON reporter
BEGIN INSERT INTO report_key_refresh SELECT id FROM referral WHERE reporter_id = OLD.id; END;

-- A meeting moves its referral's meeting day, and has its completeness.
CREATE TRIGGER report_meeting_insert AFTER INSERT ON meeting
BEGIN
  INSERT INTO report_key_refresh VALUES (NEW.referral_id);
  INSERT INTO report_meeting_refresh VALUES (NEW.id);
END;
CREATE TRIGGER report_meeting_update AFTER UPDATE OF id, referral_id, held_at ON meeting
BEGIN
  INSERT INTO report_key_refresh SELECT OLD.referral_id UNION SELECT NEW.referral_id;
  INSERT INTO report_meeting_refresh SELECT OLD.id UNION SELECT NEW.id;
END;
CREATE TRIGGER report_meeting_delete AFTER DELETE ON meeting
BEGIN
  INSERT INTO report_key_refresh VALUES (OLD.referral_id);
  INSERT INTO report_meeting_refresh VALUES (OLD.id);
END;

-- Invitations, exceptions and involved agencies decide completeness.
CREATE TRIGGER report_invitee_insert AFTER INSERT ON invitee
BEGIN INSERT INTO report_meeting_refresh VALUES (NEW.meeting_id); END;
CREATE TRIGGER report_invitee_update AFTER UPDATE OF meeting_id, agency ON invitee
BEGIN INSERT INTO report_meeting_refresh SELECT OLD.meeting_id UNION SELECT NEW.meeting_id; END;
CREATE TRIGGER report_invitee_delete AFTER DELETE ON invitee
BEGIN INSERT INTO report_meeting_refresh VALUES (OLD.meeting_id); END;

CREATE TRIGGER report_exception_insert AFTER INSERT ON meeting_exception
BEGIN INSERT INTO report_meeting_refresh VALUES (NEW.meeting_id); END;
CREATE TRIGGER report_exception_update AFTER UPDATE OF meeting_id, agency ON meeting_exception
BEGIN INSERT INTO report_meeting_refresh SELECT OLD.meeting_id UNION SELECT NEW.meeting_id; END;
CREATE TRIGGER report_exception_delete AFTER DELETE ON meeting_exception
BEGIN INSERT INTO report_meeting_refresh VALUES (OLD.meeting_id); END;

CREATE TRIGGER report_involved_insert AFTER INSERT ON involved_agency
BEGIN INSERT INTO report_meeting_refresh SELECT id FROM meeting WHERE referral_id = NEW.referral_id; END;
CREATE TRIGGER report_involved_update AFTER UPDATE OF referral_id, agency ON involved_agency
BEGIN INSERT INTO report_meeting_refresh SELECT id FROM meeting WHERE referral_id IN (OLD.referral_id, NEW.referral_id); END;
CREATE TRIGGER report_involved_delete AFTER DELETE ON involved_agency
BEGIN INSERT INTO report_meeting_refresh SELECT id FROM meeting WHERE referral_id = OLD.referral_id; END;

-- ---- A changed key moves its referral's clocks ----------------------------
-- The totals always equal the sum over the clocks of their referral's key,
-- so a key change uncounts every clock under the old key and counts it under
-- the new one (a total left as it was ends where it started).

CREATE TRIGGER report_key_insert AFTER INSERT ON report_key
BEGIN
  INSERT INTO report_clock_change SELECT NEW.day, NEW.grp, NEW.meet, clock, due, done_at, 1 FROM clock WHERE referral_id = NEW.referral_id;
END;
CREATE TRIGGER report_key_delete AFTER DELETE ON report_key
BEGIN
  INSERT INTO report_clock_change SELECT OLD.day, OLD.grp, OLD.meet, clock, due, done_at, -1 FROM clock WHERE referral_id = OLD.referral_id;
END;
CREATE TRIGGER report_key_update AFTER UPDATE ON report_key
WHEN OLD.referral_id <> NEW.referral_id OR OLD.day <> NEW.day OR OLD.grp <> NEW.grp OR OLD.meet <> NEW.meet
BEGIN
  INSERT INTO report_clock_change SELECT OLD.day, OLD.grp, OLD.meet, clock, due, done_at, -1 FROM clock WHERE referral_id = OLD.referral_id;
  INSERT INTO report_clock_change SELECT NEW.day, NEW.grp, NEW.meet, clock, due, done_at, 1 FROM clock WHERE referral_id = NEW.referral_id;
END;

-- ---- Each stored clock counts once under its referral's key --------------

CREATE TRIGGER report_clock_insert AFTER INSERT ON clock
BEGIN
  INSERT INTO report_clock_change SELECT day, grp, meet, NEW.clock, NEW.due, NEW.done_at, 1 FROM report_key WHERE referral_id = NEW.referral_id;
END;
CREATE TRIGGER report_clock_delete AFTER DELETE ON clock
BEGIN
  INSERT INTO report_clock_change SELECT day, grp, meet, OLD.clock, OLD.due, OLD.done_at, -1 FROM report_key WHERE referral_id = OLD.referral_id;
END;
CREATE TRIGGER report_clock_update AFTER UPDATE ON clock
WHEN OLD.referral_id <> NEW.referral_id OR OLD.clock <> NEW.clock OR OLD.due IS NOT NEW.due OR OLD.done_at IS NOT NEW.done_at
BEGIN
  INSERT INTO report_clock_change SELECT day, grp, meet, OLD.clock, OLD.due, OLD.done_at, -1 FROM report_key WHERE referral_id = OLD.referral_id;
  INSERT INTO report_clock_change SELECT day, grp, meet, NEW.clock, NEW.due, NEW.done_at, 1 FROM report_key WHERE referral_id = NEW.referral_id;
END;
