-- Checks app/core/store/sql/pg/001-schema.sql on a database that has just been
-- given it: every trigger, refusal, the report's running totals against a
-- from-scratch GROUP BY (as tests/test-meetings.c does for SQLite), the
-- clock_dirty bookkeeping, search and the audit's db_role. Run as the
-- database's owner (no superuser needed):
--   build-aux/pg-server start /tmp/dg-pg           # prints URI
--   psql -X -v ON_ERROR_STOP=1 -f app/core/store/sql/pg/001-schema.sql URI
--   psql -X -v ON_ERROR_STOP=1 -f tests/pg/check-schema.sql URI
-- Any mismatch raises an exception ("FAIL: ...") and, with ON_ERROR_STOP,
-- exits non-zero. Everything runs in one transaction that is rolled back,
-- so the script can run again on the same database.
\set ON_ERROR_STOP 1
\set QUIET 1
\o /dev/null
SET client_min_messages = warning;

BEGIN;

-- ---- Helpers ---------------------------------------------------------------

-- Fails unless stmt fails with the message (or SQLSTATE) expected; what it
-- did is undone either way.
CREATE FUNCTION pg_temp.expect_error (stmt text, expected text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  BEGIN
    EXECUTE stmt;
  EXCEPTION WHEN others THEN
    IF SQLERRM = expected OR SQLSTATE = expected THEN
      RETURN;
    END IF;
    RAISE EXCEPTION 'FAIL: % failed with "%" (%), not "%"', stmt, SQLERRM, SQLSTATE, expected;
  END;
  RAISE EXCEPTION 'FAIL: % did not fail (expected "%")', stmt, expected;
END $$;

CREATE FUNCTION pg_temp.expect (ok boolean, what text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF ok IS NOT TRUE THEN
    RAISE EXCEPTION 'FAIL: %', what;
  END IF;
END $$;

-- Takes clock_dirty as the core does before a commit and compares the ids.
CREATE FUNCTION pg_temp.expect_dirty (what text, expected bigint[]) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  got bigint[];
  want bigint[];
BEGIN
  WITH taken AS (DELETE FROM clock_dirty RETURNING referral_id)
  SELECT coalesce (array_agg (referral_id ORDER BY referral_id), '{}') INTO got FROM taken;
  SELECT coalesce (array_agg (DISTINCT x ORDER BY x), '{}') INTO want FROM unnest (expected) x;
  IF got IS DISTINCT FROM want THEN
    RAISE EXCEPTION 'FAIL: %: clock_dirty held %, expected %', what, got, want;
  END IF;
END $$;

-- The same rows, duplicates counted, both ways.
CREATE FUNCTION pg_temp.same_rows (what text, stored text, scratch text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  extra text;
  missing text;
BEGIN
  EXECUTE format ('SELECT string_agg (x::text, '' '') FROM ((%s) EXCEPT ALL (%s)) x', stored, scratch) INTO extra;
  EXECUTE format ('SELECT string_agg (x::text, '' '') FROM ((%s) EXCEPT ALL (%s)) x', scratch, stored) INTO missing;
  IF extra IS NOT NULL OR missing IS NOT NULL THEN
    RAISE EXCEPTION 'FAIL: %: stored but not computed: %; computed but not stored: %',
      what, coalesce (extra, '-'), coalesce (missing, '-');
  END IF;
END $$;

-- Every report total equals the from-scratch GROUP BY of the clocks,
-- referrals, reporters and meetings (tests/test-meetings.c, assert_totals_in_step).
CREATE FUNCTION pg_temp.check_totals (what text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  due_ text := 'CASE WHEN c.done_at IS NULL THEN c.due ELSE '''' END';
  state_ text := 'CASE WHEN c.done_at IS NULL THEN ''running'' WHEN substr (c.done_at, 1, 10) <= c.due THEN ''on-time'' ELSE ''late'' END';
BEGIN
  -- The totals are brought up to date when read (pg/008-totals.sql).
  PERFORM report_absorb ();
  PERFORM pg_temp.same_rows (what || ': report_day',
    'SELECT d.day, d.clock, g.agency, g.school, d.due, d.state, d.n FROM report_day d JOIN report_group g ON g.id = d.grp',
    'SELECT substr (r.received_at, 1, 10), c.clock, p.agency, CASE WHEN p.agency = ''education'' THEN p.organisation END, '
    || due_ || ', ' || state_ || ', count (*) '
    'FROM clock c JOIN referral r ON r.id = c.referral_id LEFT JOIN reporter p ON p.id = r.reporter_id '
    'WHERE c.clock IN (''confirmation'', ''acknowledgement'', ''decision'', ''outcome'') GROUP BY 1, 2, 3, 4, 5, 6');
  PERFORM pg_temp.same_rows (what || ': report_month',
    'SELECT d.month, d.clock, g.agency, g.school, d.due, d.state, d.n FROM report_month d JOIN report_group g ON g.id = d.grp',
    'SELECT substr (r.received_at, 1, 7), c.clock, p.agency, CASE WHEN p.agency = ''education'' THEN p.organisation END, '
    || due_ || ', ' || state_ || ', count (*) '
    'FROM clock c JOIN referral r ON r.id = c.referral_id LEFT JOIN reporter p ON p.id = r.reporter_id '
    'WHERE c.clock IN (''confirmation'', ''acknowledgement'', ''decision'', ''outcome'') GROUP BY 1, 2, 3, 4, 5, 6');
  PERFORM pg_temp.same_rows (what || ': report_protection',
    'SELECT day, clock, agency, month, due, state, n FROM report_protection',
    'SELECT md.day, c.clock, coalesce (p.agency, ''other''), substr (r.received_at, 1, 7), '
    || due_ || ', ' || state_ || ', count (*) '
    'FROM clock c JOIN referral r ON r.id = c.referral_id LEFT JOIN reporter p ON p.id = r.reporter_id '
    'JOIN (SELECT referral_id, min (substr (held_at, 1, 10)) AS day FROM meeting GROUP BY referral_id '
    '      HAVING min (substr (held_at, 1, 10)) = max (substr (held_at, 1, 10))) md ON md.referral_id = r.id '
    'WHERE c.clock IN (''icpc'', ''first-core-group'') GROUP BY 1, 2, 3, 4, 5, 6');
  PERFORM pg_temp.same_rows (what || ': report_key *',
    'SELECT referral_id FROM report_key WHERE meet = ''*''',
    'SELECT referral_id FROM meeting GROUP BY referral_id HAVING min (substr (held_at, 1, 10)) <> max (substr (held_at, 1, 10))');
  PERFORM pg_temp.same_rows (what || ': report_key',
    'SELECT k.referral_id, k.day, g.agency, g.school, k.meet FROM report_key k JOIN report_group g ON g.id = k.grp',
    'SELECT r.id, substr (r.received_at, 1, 10), p.agency, CASE WHEN p.agency = ''education'' THEN p.organisation END, '
    '  coalesce ((SELECT CASE WHEN min (substr (held_at, 1, 10)) = max (substr (held_at, 1, 10)) THEN min (substr (held_at, 1, 10)) ELSE ''*'' END '
    '             FROM meeting m WHERE m.referral_id = r.id HAVING count (*) > 0), '''') '
    'FROM referral r LEFT JOIN reporter p ON p.id = r.reporter_id');
  PERFORM pg_temp.expect (NOT EXISTS (SELECT agency, school FROM report_group GROUP BY 1, 2 HAVING count (*) > 1),
                          what || ': report_group has duplicates');
  PERFORM pg_temp.same_rows (what || ': report_meeting',
    'SELECT meeting_id, held_at, complete FROM report_meeting',
    'SELECT meeting_id, held_at, complete FROM report_meeting_source');
  PERFORM pg_temp.expect (NOT EXISTS (SELECT 1 FROM report_day WHERE n <= 0 UNION ALL SELECT 1 FROM report_month WHERE n <= 0
                                      UNION ALL SELECT 1 FROM report_protection WHERE n <= 0),
                          what || ': a total of 0 or less is stored');
END $$;

-- Each meeting's stored completeness, as the meetings view decides it by hand here.
CREATE FUNCTION pg_temp.expect_complete (what text, expected bigint[]) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  got bigint[];
BEGIN
  SELECT coalesce (array_agg (meeting_id ORDER BY meeting_id), '{}') INTO got FROM report_meeting WHERE complete = 1;
  IF got IS DISTINCT FROM (SELECT coalesce (array_agg (x ORDER BY x), '{}') FROM unnest (expected) x) THEN
    RAISE EXCEPTION 'FAIL: %: complete meetings %, expected %', what, got, expected;
  END IF;
END $$;

-- ---- The schema as loaded ------------------------------------------------------

SELECT pg_temp.expect ((SELECT array_agg (version) FROM dg_schema) = '{25}', 'dg_schema holds one row, 25');
SELECT pg_temp.expect_error ('INSERT INTO dg_schema VALUES (7)', '23505');
SELECT pg_temp.expect ((SELECT count (*) FROM timescale_rule) = 15, 'the ten seed timescale rules, the ledger''s three and the minutes'' two');
SELECT pg_temp.expect (NOT EXISTS (SELECT 1 FROM clock_dirty), 'clock_dirty starts empty');

-- Change notification: a statement-level AFTER INSERT/UPDATE/DELETE trigger
-- calling dg_notify_changed on each table the app shows.
SELECT pg_temp.expect (count (*) = 0, 'no notify trigger on: ' || string_agg (t, ' '))
FROM unnest (ARRAY['reporter', 'referral', 'child', 'household_member', 'referral_category',
                   'involved_agency', 'referral_link', 'decision', 'meeting', 'invitee',
                   'meeting_exception', 'meeting_outcome', 'meeting_action', 'cp_event',
                   'letter_template', 'notification', 'closure_day', 'timescale_rule', 'clock',
                   'ledger_entry', 'language_offer', 'outbox', 'hub_setting', 'calendar_day']) t
WHERE NOT EXISTS (SELECT 1 FROM pg_trigger g
              WHERE g.tgrelid = t::regclass AND g.tgfoid = 'dg_notify_changed'::regproc
                AND g.tgtype & 1 = 0 AND g.tgtype & 2 = 0 AND g.tgtype & 28 = 28);

SELECT pg_temp.expect_dirty ('seed rules touch no clock', '{}');

-- ---- Reporters and referrals ------------------------------------------------------

INSERT INTO reporter (name, organisation, agency, created_at)
VALUES ('Ann Athro', 'Ysgol Gymraeg', 'education', '2026-10-01T09:00:00') RETURNING id AS p1 \gset
INSERT INTO reporter (name, organisation, agency, created_at)
VALUES ('PC Heddlu', 'Gwent Police', 'police', '2026-10-01T09:00:00') RETURNING id AS p2 \gset
INSERT INTO reporter (name, agency, anonymous, created_at)
VALUES ('', 'public', 1, '2026-10-01T09:00:00') RETURNING id AS p3 \gset
INSERT INTO reporter (name, organisation, agency, created_at)
VALUES ('Nyrs Iechyd', 'Cardiff Health', 'health', '2026-10-01T09:00:00') RETURNING id AS p4 \gset

-- Validity checks of 001 and 006.
SELECT pg_temp.expect_error ($$INSERT INTO reporter (agency, anonymous, created_at) VALUES ('police', 1, 'x')$$, '23514');
SELECT pg_temp.expect_error ($$INSERT INTO reporter (agency, created_at) VALUES ('army', 'x')$$, '23514');

INSERT INTO referral (reference, received_at, channel, reporter_id, concern, created_at, updated_at)
VALUES ('DG-2026-0001', '2026-10-05T09:00:00', 'phone', :p1, 'Bruising seen at school', '2026-10-05T09:00:00', '2026-10-05T09:00:00')
RETURNING id AS r1 \gset
INSERT INTO referral (reference, received_at, channel, reporter_id, concern, created_at, updated_at)
VALUES ('DG-2026-0002', '2026-10-05T10:00:00', 'email', :p2, 'Unexplained bruises; neighbours heard shouting', '2026-10-05T10:00:00', '2026-10-05T10:00:00')
RETURNING id AS r2 \gset
INSERT INTO referral (reference, received_at, channel, reporter_id, concern, created_at, updated_at)
VALUES ('DG-2026-0003', '2026-10-30T11:00:00', 'phone', :p3, 'Child left alone', '2026-10-30T11:00:00', '2026-10-30T11:00:00')
RETURNING id AS r3 \gset
-- No reporter: a new report group (NULL, NULL), made by a trigger, must
-- leave lastval () on the referral's id (the core reads new ids with it).
INSERT INTO referral (reference, received_at, created_at, updated_at)
VALUES ('DG-2026-0004', '2026-11-02T08:00:00', '2026-11-02T08:00:00', '2026-11-02T08:00:00')
RETURNING id AS r4 \gset
SELECT pg_temp.expect (lastval () = :r4, 'lastval () after a referral insert is its id, not a trigger''s');
INSERT INTO clock (referral_id, clock, position, start_at, due) VALUES (:r4, 'decision', 2, 'x', 'x');
SELECT report_absorb ();
SELECT pg_temp.expect (EXISTS (SELECT 1 FROM report_group WHERE agency IS NULL AND school IS NULL), 'the (NULL, NULL) group');
DELETE FROM clock WHERE referral_id = :r4;
INSERT INTO referral (reference, received_at, channel, reporter_id, concern, created_at, updated_at)
VALUES ('DG-2026-0005', '2026-11-03T09:00:00', 'in-person', :p4, 'Missed appointments', '2026-11-03T09:00:00', '2026-11-03T09:00:00')
RETURNING id AS r5 \gset

SELECT pg_temp.expect_error ($$INSERT INTO referral (reference, received_at, created_at, updated_at) VALUES ('DG-2026-0001', 'x', 'x', 'x')$$, '23505');
SELECT pg_temp.expect_error ($$INSERT INTO referral (reference, received_at, status, created_at, updated_at) VALUES ('X', 'x', 'open', 'x', 'x')$$, '23514');
SELECT pg_temp.expect_error ($$INSERT INTO referral (reference, received_at, reporter_id, created_at, updated_at) VALUES ('X', 'x', -1, 'x', 'x')$$, '23503');
SELECT pg_temp.expect_dirty ('new referrals', ARRAY[:r1, :r2, :r3, :r4, :r5]);

-- Only the columns the clocks read mark a referral.
UPDATE referral SET status = 'acknowledged', updated_at = '2026-10-31T09:00:00', version = version + 1 WHERE id = :r3;
SELECT pg_temp.expect_dirty ('status, updated_at, version', '{}');
UPDATE referral SET acknowledged_at = '2026-10-31T09:00:00', acknowledged_method = 'letter' WHERE id = :r3;
SELECT pg_temp.expect_dirty ('acknowledged_at', ARRAY[:r3]);
UPDATE referral SET confirmed_at = '2026-10-06T12:00:00' WHERE id = :r1;
UPDATE referral SET channel = 'phone' WHERE id = :r5;
UPDATE referral SET channel = 'in-person' WHERE id = :r5;
SELECT pg_temp.expect_dirty ('confirmed_at, channel', ARRAY[:r1, :r5]);

-- Children, categories, household, links.
INSERT INTO child (referral_id, position, name, name_key, dob, school)
VALUES (:r1, 0, 'Dafydd Jones', 'dafydd jones', '2015-03-01', 'Ysgol Gymraeg');
INSERT INTO child (referral_id, position, name, name_key, aliases, dob, school)
VALUES (:r2, 0, 'Zoë Ŵyn Øster', 'zoe wyn oster', 'Zoe-Anne', '2016-04-02', 'YSGOL GYMRAEG');
INSERT INTO child (referral_id, position, name, name_key, dob)
VALUES (:r2, 1, 'Émile Øster', 'emile oster', '2018-01-09');
INSERT INTO child (referral_id, name, name_key) VALUES (:r3, 'Baby', 'baby');
INSERT INTO child (referral_id, name, name_key) VALUES (:r4, 'Sam', 'sam');
INSERT INTO child (referral_id, name, name_key) VALUES (:r5, 'Alex', 'alex');
SELECT pg_temp.expect_error (format ($$INSERT INTO child (referral_id, name, name_key) VALUES (%s, '   ', '')$$, :r1), '23514');
SELECT pg_temp.expect_error (format ($$INSERT INTO child (referral_id, name, name_key, dob_expected) VALUES (%s, 'A', 'a', 2)$$, :r1), '23514');
INSERT INTO referral_category VALUES (:r2, 'physical'), (:r2, 'emotional');
SELECT pg_temp.expect_error (format ($$INSERT INTO referral_category VALUES (%s, 'physical')$$, :r2), '23505');
INSERT INTO referral_category VALUES (:r2, 'physical') ON CONFLICT DO NOTHING;   -- INSERT OR IGNORE
INSERT INTO household_member (referral_id, name, relationship) VALUES (:r2, 'Parent', 'mother');
INSERT INTO referral_link VALUES (:r5, :r1, 'tester', '2026-11-03T10:00:00');
SELECT pg_temp.expect_error (format ($$INSERT INTO referral_link VALUES (%s, %s, 'x', 'x')$$, :r1, :r1), '23514');
SELECT pg_temp.expect_dirty ('children and the like touch no clock', '{}');

-- ---- Decisions -------------------------------------------------------------------

INSERT INTO decision (referral_id, outcome, rationale, decided_by, decided_at)
VALUES (:r1, 'strategy', 'Strategy discussion needed', 'tm', '2026-10-06T09:00:00'),
       (:r2, 'strategy', 'Strategy discussion needed', 'tm', '2026-10-06T09:00:00');
SELECT pg_temp.expect_error (format ($$INSERT INTO decision (referral_id, outcome, rationale, decided_by, decided_at) VALUES (%s, 'nfa', 'again', 'x', 'x')$$, :r1), '23505');
SELECT pg_temp.expect_error (format ($$INSERT INTO decision (referral_id, outcome, rationale, decided_by, decided_at) VALUES (%s, 'nfa', ' ', 'x', 'x')$$, :r3), '23514');
SELECT pg_temp.expect_error (format ($$INSERT INTO decision (referral_id, outcome, rationale, decided_by, decided_at) VALUES (%s, 'maybe', 'r', 'x', 'x')$$, :r3), '23514');
SELECT pg_temp.expect_dirty ('decisions', ARRAY[:r1, :r2]);
UPDATE decision SET rationale = 'Strategy discussion needed today' WHERE referral_id = :r1;
SELECT pg_temp.expect_dirty ('decision update', ARRAY[:r1]);
INSERT INTO decision (referral_id, outcome, rationale, decided_by, decided_at)
VALUES (:r3, 'nfa', 'No further action', 'tm', '2026-10-31T10:00:00');
UPDATE decision SET referral_id = :r4 WHERE referral_id = :r3;
DELETE FROM decision WHERE referral_id = :r4;
SELECT pg_temp.expect_dirty ('decision insert, move, delete', ARRAY[:r3, :r4]);

-- ---- Clocks, as the core stores them ------------------------------------------------

INSERT INTO clock (referral_id, clock, position, start_at, due, done_at) VALUES
  (:r1, 'confirmation',    0, '2026-10-05T09:00:00', '2026-10-06', '2026-10-06T12:00:00'),
  (:r1, 'acknowledgement', 1, '2026-10-05T09:00:00', '2026-10-06', '2026-10-07T09:00:00'),
  (:r1, 'decision',        2, '2026-10-05T09:00:00', '2026-10-06', NULL),
  (:r1, 'icpc',            4, '2026-10-09T10:00:00', '2026-10-30', NULL),
  (:r2, 'acknowledgement', 1, '2026-10-05T10:00:00', '2026-10-06', '2026-10-05T15:00:00'),
  (:r2, 'decision',        2, '2026-10-05T10:00:00', '2026-10-06', '2026-10-06T09:00:00'),
  (:r2, 'outcome',         3, '2026-10-06T09:00:00', '2026-10-09', NULL),
  (:r2, 'icpc',            4, '2026-10-07T15:00:00', '2026-10-28', '2026-10-27T10:00:00'),
  (:r2, 'first-core-group',5, '2026-10-27T10:00:00', '2026-11-10', NULL),
  (:r3, 'acknowledgement', 1, '2026-10-30T11:00:00', '2026-11-02', '2026-10-31T09:00:00'),
  (:r3, 'decision',        2, '2026-10-30T11:00:00', '2026-11-02', NULL),
  (:r3, 'review',          8, '2024-09-01T10:00:00', '2026-11-30', NULL),
  (:r4, 'acknowledgement', 1, '2026-11-02T08:00:00', '2026-11-03', NULL),
  (:r4, 'decision',        2, '2026-11-02T08:00:00', '2026-11-03', NULL),
  (:r4, 'icpc',            4, '2026-11-02T08:00:00', '2026-11-23', NULL),
  (:r5, 'acknowledgement', 1, '2026-11-03T09:00:00', '2026-11-04', NULL),
  (:r5, 'decision',        2, '2026-11-03T09:00:00', '2026-11-04', '2026-11-05T10:00:00'),
  (:r5, 'first-core-group',5, '2026-11-05T09:00:00', '2026-11-19', NULL);
SELECT pg_temp.expect_dirty ('storing clocks marks nothing', '{}');
SELECT pg_temp.check_totals ('clocks stored');
SELECT pg_temp.expect ((SELECT sum (n) FROM report_day) = 12, 'twelve referral clocks counted by day');

-- ---- Meetings, invitations, exceptions, involved agencies --------------------------------

INSERT INTO meeting (referral_id, kind, held_at, created_at) VALUES (:r1, 'discussion', '2026-10-08T10:00:00', 'x') RETURNING id AS m1a \gset
INSERT INTO meeting (referral_id, kind, held_at, created_at) VALUES (:r1, 'meeting', '2026-10-09T10:00:00', 'x') RETURNING id AS m1b \gset
INSERT INTO meeting (referral_id, kind, held_at, created_at) VALUES (:r2, 'discussion', '2026-10-07T10:00:00', 'x') RETURNING id AS m2a \gset
INSERT INTO meeting (referral_id, kind, held_at, created_at) VALUES (:r2, 'meeting', '2026-10-07T15:00:00', 'x') RETURNING id AS m2b \gset
INSERT INTO meeting (referral_id, kind, held_at, created_at) VALUES (:r5, 'meeting', '2026-11-05T09:00:00', 'x') RETURNING id AS m5 \gset
SELECT pg_temp.expect_error (format ($$INSERT INTO meeting (referral_id, kind, held_at, created_at) VALUES (%s, 'party', 'x', 'x')$$, :r1), '23514');
SELECT pg_temp.expect_dirty ('meetings', ARRAY[:r1, :r2, :r5]);
SELECT pg_temp.check_totals ('meetings');
SELECT report_absorb ();
SELECT pg_temp.expect ((SELECT meet FROM report_key WHERE referral_id = :r1) = '*', 'r1 meets on several days');
SELECT report_absorb ();
SELECT pg_temp.expect ((SELECT meet FROM report_key WHERE referral_id = :r2) = '2026-10-07', 'r2 meets on one day');
SELECT pg_temp.expect ((SELECT count (*) FROM report_protection) > 0, 'conference clocks are counted');
SELECT pg_temp.expect_complete ('no invitations', '{}');

INSERT INTO invitee (meeting_id, agency) VALUES
  (:m1a, 'police'), (:m1a, 'social-services'), (:m1a, 'report-maker'), (:m1a, 'education'), (:m1a, 'health'),
  (:m2a, 'police'), (:m2a, 'social-services'), (:m2a, 'report-maker'), (:m2a, 'education'),
  (:m2b, 'police'),
  (:m5, 'police'), (:m5, 'social-services'), (:m5, 'health');
INSERT INTO meeting_exception VALUES
  (:m2a, 'health', 'Not known to health', 'tm', 'x'),
  (:m5, 'report-maker', 'Report-maker is health', 'tm', 'x'),
  (:m5, 'education', 'Not of school age', 'tm', 'x'),
  (:m2b, 'police', 'Police cannot be excused', 'tm', 'x');
SELECT pg_temp.expect_error (format ($$INSERT INTO meeting_exception VALUES (%s, 'housing', '', 'x', 'x')$$, :m2a), '23514');
SELECT pg_temp.expect_complete ('invitations', ARRAY[:m1a, :m2a, :m5]);
INSERT INTO involved_agency (referral_id, agency) VALUES (:r2, 'housing') RETURNING id AS ia \gset
SELECT pg_temp.expect_complete ('housing involved', ARRAY[:m1a, :m5]);
INSERT INTO meeting_exception VALUES (:m2a, 'housing', 'Housing sent a report', 'tm', 'x');
SELECT pg_temp.expect_complete ('housing excused', ARRAY[:m1a, :m2a, :m5]);
UPDATE involved_agency SET referral_id = :r1 WHERE id = :ia;
SELECT pg_temp.expect_complete ('housing involved with r1 instead', ARRAY[:m2a, :m5]);
UPDATE invitee SET status = 'attended' WHERE meeting_id = :m1a;                 -- not a completeness column
UPDATE invitee SET agency = 'housing' WHERE meeting_id = :m1b;                  -- no rows
INSERT INTO invitee (meeting_id, agency) VALUES (:m1b, 'housing') RETURNING id AS inv \gset
UPDATE invitee SET meeting_id = :m1a WHERE id = :inv;
SELECT pg_temp.expect_complete ('housing invited to r1''s first meeting', ARRAY[:m1a, :m2a, :m5]);
UPDATE meeting_exception SET agency = 'probation' WHERE meeting_id = :m5 AND agency = 'education';
SELECT pg_temp.expect_complete ('education no longer excused', ARRAY[:m1a, :m2a]);
DELETE FROM meeting_exception WHERE meeting_id = :m5 AND agency = 'probation';
INSERT INTO invitee (meeting_id, agency) VALUES (:m5, 'education');
DELETE FROM involved_agency WHERE id = :ia;
SELECT pg_temp.expect_complete ('after deletes', ARRAY[:m1a, :m2a, :m5]);
SELECT pg_temp.expect_dirty ('invitations touch no clock', '{}');
SELECT pg_temp.check_totals ('invitations');

-- Outcomes.
INSERT INTO meeting_outcome VALUES (:m2a, 1, 'substantiated-at-risk', 'At risk', '2026-10-07T11:00:00', 'chair');
INSERT INTO meeting_outcome VALUES (:m5, 0, 'none', NULL, '2026-11-05T10:00:00', 'chair');
SELECT pg_temp.expect_error (format ($$INSERT INTO meeting_outcome VALUES (%s, 2, 'none', NULL, 'x', 'x')$$, :m1a), '23514');
SELECT pg_temp.expect_error (format ($$INSERT INTO meeting_outcome VALUES (%s, 0, 'maybe', NULL, 'x', 'x')$$, :m1a), '23514');
SELECT pg_temp.expect_dirty ('outcomes', ARRAY[:r2, :r5]);
UPDATE meeting_outcome SET meeting_id = :m1b WHERE meeting_id = :m5;
SELECT pg_temp.expect_dirty ('outcome moved to another referral''s meeting', ARRAY[:r1, :r5]);
DELETE FROM meeting_outcome WHERE meeting_id = :m1b;
SELECT pg_temp.expect_dirty ('outcome deleted', ARRAY[:r1]);
INSERT INTO meeting_action (meeting_id, action, owner, due) VALUES (:m2a, 'Visit', 'sw', '2026-10-10');

-- Meetings move: the meeting day follows, and the conference clocks with it.
UPDATE meeting SET chair = 'Chair' WHERE id = :m2b;
SELECT pg_temp.expect_dirty ('chair', '{}');
UPDATE meeting SET held_at = '2026-10-08T09:00:00' WHERE id = :m2b;
SELECT pg_temp.expect_dirty ('meeting moved', ARRAY[:r2]);
SELECT report_absorb ();
SELECT pg_temp.expect ((SELECT meet FROM report_key WHERE referral_id = :r2) = '*', 'r2 now meets on two days');
SELECT pg_temp.check_totals ('r2 on two days');
UPDATE meeting SET held_at = '2026-10-07T16:00:00' WHERE id = :m2b;
SELECT pg_temp.check_totals ('r2 back on one day');
UPDATE meeting SET held_at = '2026-10-08T10:30:00' WHERE id = :m1b;
SELECT report_absorb ();
SELECT pg_temp.expect ((SELECT meet FROM report_key WHERE referral_id = :r1) = '2026-10-08', 'r1 now meets on one day');
SELECT pg_temp.expect_dirty ('meetings moved back and together', ARRAY[:r1, :r2]);
SELECT pg_temp.check_totals ('r1 on one day');

-- ---- Child-protection events (006: plan-end) ------------------------------------------

INSERT INTO cp_event (referral_id, kind, held_at, recorded_by, recorded_at)
VALUES (:r2, 'icpc', '2026-10-27T10:00:00', 'tm', 'x'),
       (:r2, 'core-group', '2026-11-05T10:00:00', 'tm', 'x');
INSERT INTO cp_event (referral_id, kind, held_at, recorded_by, recorded_at)
VALUES (:r2, 'plan-end', '2026-11-20T10:00:00', 'tm', 'x') RETURNING id AS ev \gset
SELECT pg_temp.expect_error (format ($$INSERT INTO cp_event (referral_id, kind, held_at, recorded_by, recorded_at) VALUES (%s, 'party', 'x', 'x', 'x')$$, :r2), '23514');
SELECT pg_temp.expect_dirty ('events', ARRAY[:r2]);
UPDATE cp_event SET referral_id = :r1 WHERE id = :ev;
SELECT pg_temp.expect_dirty ('event moved', ARRAY[:r1, :r2]);
UPDATE cp_event SET notes = 'noted' WHERE id = :ev;
SELECT pg_temp.expect_dirty ('event notes (any update refreshes, as in SQLite)', ARRAY[:r1]);
DELETE FROM cp_event WHERE id = :ev;
INSERT INTO cp_event (referral_id, kind, held_at, recorded_by, recorded_at) VALUES (:r5, 's47-start', '2026-11-05T10:00:00', 'tm', 'x');
SELECT pg_temp.expect_dirty ('event deleted, s47 started', ARRAY[:r1, :r5]);

-- ---- Clocks change: the totals follow ---------------------------------------------------

UPDATE clock SET done_at = '2026-11-03T10:00:00' WHERE referral_id = :r4 AND clock = 'acknowledgement';   -- on time
UPDATE clock SET done_at = '2026-11-04T10:00:00' WHERE referral_id = :r4 AND clock = 'decision';          -- late
UPDATE clock SET due = '2026-11-12' WHERE referral_id = :r2 AND clock = 'first-core-group';
UPDATE clock SET position = position WHERE referral_id = :r1;                                              -- no change
SELECT pg_temp.check_totals ('clocks stopped and moved');
-- The core's refresh: delete a referral's clocks and store them again.
DELETE FROM clock WHERE referral_id = :r2;
SELECT pg_temp.check_totals ('r2 without clocks');
INSERT INTO clock (referral_id, clock, position, start_at, due, done_at) VALUES
  (:r2, 'acknowledgement', 1, '2026-10-05T10:00:00', '2026-10-06', '2026-10-05T15:00:00'),
  (:r2, 'decision',        2, '2026-10-05T10:00:00', '2026-10-06', '2026-10-06T09:00:00'),
  (:r2, 'outcome',         3, '2026-10-06T09:00:00', '2026-10-09', '2026-10-12T09:00:00'),
  (:r2, 'icpc',            4, '2026-10-07T16:00:00', '2026-10-28', '2026-10-27T10:00:00'),
  (:r2, 'first-core-group',5, '2026-10-27T10:00:00', '2026-11-10', '2026-11-05T10:00:00');
SELECT pg_temp.check_totals ('r2 clocks stored again');

-- ---- Keys change: a referral's clocks move between totals -------------------------------

UPDATE reporter SET organisation = 'Ysgol Newydd' WHERE id = :p1;          -- r1's school
SELECT pg_temp.expect_dirty ('organisation is not a clock input', '{}');
SELECT pg_temp.check_totals ('school renamed');
UPDATE reporter SET agency = 'education' WHERE id = :p2;
SELECT pg_temp.expect_dirty ('agency', ARRAY[:r2]);
SELECT pg_temp.check_totals ('police became a school');
UPDATE referral SET received_at = '2026-11-01T09:00:00' WHERE id = :r3;     -- another month
UPDATE referral SET reporter_id = :p4 WHERE id = :r4;
SELECT pg_temp.expect_dirty ('received_at, reporter_id', ARRAY[:r3, :r4]);
SELECT pg_temp.check_totals ('received and reporter changed');
INSERT INTO reporter (name, agency, created_at) VALUES ('Spare', 'other', 'x') RETURNING id AS p5 \gset
UPDATE referral SET reporter_id = :p5 WHERE id = :r1;
DELETE FROM reporter WHERE id = :p1;
SELECT pg_temp.check_totals ('reporter replaced and deleted');
SELECT pg_temp.expect_dirty ('reporter replaced', ARRAY[:r1]);

-- A meeting removed: r5 has none left, its conference clock leaves the totals.
DELETE FROM invitee WHERE meeting_id = :m5;
DELETE FROM meeting_exception WHERE meeting_id = :m5;
DELETE FROM meeting WHERE id = :m5;
SELECT pg_temp.expect_dirty ('meeting deleted', ARRAY[:r5]);
SELECT report_absorb ();
SELECT pg_temp.expect ((SELECT meet FROM report_key WHERE referral_id = :r5) = '', 'r5 has no meeting');
SELECT pg_temp.expect (NOT EXISTS (SELECT 1 FROM report_meeting WHERE meeting_id = :m5), 'r5''s meeting left report_meeting');
SELECT pg_temp.check_totals ('meeting deleted');

-- A referral removed (with nothing left that refers to it).
INSERT INTO referral (reference, received_at, created_at, updated_at)
VALUES ('DG-2026-0006', '2026-11-06T09:00:00', 'x', 'x') RETURNING id AS r6 \gset
INSERT INTO clock VALUES (:r6, 'decision', 2, '2026-11-06T09:00:00', '2026-11-09', NULL);
SELECT pg_temp.check_totals ('r6');
DELETE FROM clock WHERE referral_id = :r6;
DELETE FROM referral WHERE id = :r6;
SELECT report_absorb ();
SELECT pg_temp.expect (NOT EXISTS (SELECT 1 FROM report_key WHERE referral_id = :r6), 'r6''s key removed');
SELECT pg_temp.expect_dirty ('referral deleted', ARRAY[:r6]);
SELECT pg_temp.check_totals ('r6 deleted');

-- ---- Timescale rules: the clocks they move -----------------------------------------------

-- Decision clocks start: r3 2026-10-30T11:00, r4 2026-11-02T08:00, r5
-- 2026-11-03T09:00 (r3's was not recomputed when its receipt moved).
INSERT INTO timescale_rule VALUES ('decision', '2026-11-01', 2, 'working-days', 'receipt', 'test');
SELECT pg_temp.expect_dirty ('rule from 2026-11-01', ARRAY[:r4, :r5]);
UPDATE timescale_rule SET effective_from = '2026-10-30' WHERE clock = 'decision' AND effective_from = '2026-11-01';
SELECT pg_temp.expect_dirty ('rule moved back to 2026-10-30', ARRAY[:r3, :r4, :r5]);
UPDATE timescale_rule SET effective_from = '2026-11-03' WHERE clock = 'decision' AND effective_from = '2026-10-30';
SELECT pg_temp.expect_dirty ('rule moved on to 2026-11-03 (from the earlier of the two)', ARRAY[:r3, :r4, :r5]);
UPDATE timescale_rule SET amount = 3 WHERE clock = 'decision' AND effective_from = '2026-11-03';
SELECT pg_temp.expect_dirty ('rule amount', ARRAY[:r5]);
UPDATE timescale_rule SET clock = 'outcome' WHERE clock = 'decision' AND effective_from = '2026-11-03';
SELECT pg_temp.expect_dirty ('rule for another clock (old and new clock)', ARRAY[:r5]);
DELETE FROM timescale_rule WHERE clock = 'outcome' AND effective_from = '2026-11-03';
SELECT pg_temp.expect_dirty ('rule deleted (no outcome clock starts after)', '{}');
INSERT INTO timescale_rule VALUES ('outcome', '2026-10-07', 5, 'working-days', 'decision', 'test');
SELECT pg_temp.expect_dirty ('outcome rule after every outcome clock start', '{}');
UPDATE timescale_rule SET effective_from = '2026-10-06' WHERE clock = 'outcome' AND effective_from = '2026-10-07';
SELECT pg_temp.expect_dirty ('outcome rule from 2026-10-06', ARRAY[:r2]);
DELETE FROM timescale_rule WHERE clock = 'outcome' AND effective_from = '2026-10-06';
SELECT pg_temp.expect_dirty ('outcome rule deleted', ARRAY[:r2]);
SELECT pg_temp.expect_error ($$INSERT INTO timescale_rule VALUES ('x', '2026-01-01', 0, 'weeks', 'receipt', NULL)$$, '23514');
SELECT pg_temp.expect_error ($$INSERT INTO timescale_rule VALUES ('x', '2026-01-01', 1, 'days', 'receipt', NULL)$$, '23514');

-- ---- Closure days: clocks counting across them, started within 800 days --------------------
-- Stored now: r2 first-core-group 10-27 -> 11-10; r3 review 2024-09-01 ->
-- 11-30; r4 icpc 11-02 -> 11-23; r5 acknowledgement and decision 11-03 ->
-- 11-04, first-core-group 11-05 -> 11-19 (all 2026 unless said).

INSERT INTO closure_day VALUES ('2026-11-04', 'Training', 'tm', 'x');
SELECT pg_temp.expect_dirty ('closure 2026-11-04', ARRAY[:r2, :r3, :r4, :r5]);
UPDATE closure_day SET reason = 'Staff training' WHERE day = '2026-11-04';
SELECT pg_temp.expect_dirty ('closure reason only', '{}');
UPDATE closure_day SET day = '2026-11-10' WHERE day = '2026-11-04';
SELECT pg_temp.expect_dirty ('closure moved to 2026-11-10', ARRAY[:r2, :r3, :r4, :r5]);
-- 800 days before 2026-11-10 is 2024-09-01, r3's review's start: it counts.
DELETE FROM closure_day WHERE day = '2026-11-10';
SELECT pg_temp.expect_dirty ('closure 2026-11-10 deleted', ARRAY[:r2, :r3, :r4, :r5]);
-- ... and before 2026-11-11 is 2024-09-02: it does not; r2's was due the 10th.
INSERT INTO closure_day VALUES ('2026-11-11', NULL, 'tm', 'x');
SELECT pg_temp.expect_dirty ('closure 2026-11-11', ARRAY[:r4, :r5]);
DELETE FROM closure_day WHERE day = '2026-11-11';
SELECT pg_temp.expect_dirty ('closure 2026-11-11 deleted', ARRAY[:r4, :r5]);
INSERT INTO closure_day VALUES ('2026-11-21', NULL, 'tm', 'x');
SELECT pg_temp.expect_dirty ('closure 2026-11-21', ARRAY[:r4]);
INSERT INTO closure_day VALUES ('not a day', NULL, 'tm', 'x');               -- SQLite: date () is NULL, nothing moves
SELECT pg_temp.expect_dirty ('closure that is not a date', '{}');
-- The days a hub records (schema 14) move them as closure days do, and
-- move the clocks' basis; a name or source alone moves nothing.
SELECT version AS basis_before FROM clock_basis \gset
INSERT INTO calendar_day VALUES ('2026-11-04', 'working', 'Open after all', 'hub', 'tm', 'x');
SELECT pg_temp.expect_dirty ('working day 2026-11-04', ARRAY[:r2, :r3, :r4, :r5]);
SELECT pg_temp.expect ((SELECT version FROM clock_basis) > :basis_before, 'a recorded day moves the clocks'' basis');
UPDATE calendar_day SET name = 'Open by agreement' WHERE day = '2026-11-04';
SELECT pg_temp.expect_dirty ('working day''s reason only', '{}');
UPDATE calendar_day SET kind = 'holiday', source = 'govuk' WHERE day = '2026-11-04';
SELECT pg_temp.expect_dirty ('working day made a holiday', ARRAY[:r2, :r3, :r4, :r5]);
DELETE FROM calendar_day WHERE day = '2026-11-04';
SELECT pg_temp.expect_dirty ('recorded day deleted', ARRAY[:r2, :r3, :r4, :r5]);
INSERT INTO calendar_day VALUES ('2026-11-21', 'holiday', 'A one-off day', 'govuk', 'tm', 'x');
SELECT pg_temp.expect_dirty ('published day 2026-11-21', ARRAY[:r4]);
SELECT pg_temp.expect_error ($$INSERT INTO calendar_day VALUES ('2026-11-23', 'closed', 'x', 'hub', 'tm', 'x')$$, '23514');
SELECT pg_temp.expect_error ($$INSERT INTO calendar_day VALUES ('2026-11-23', 'working', 'x', 'web', 'tm', 'x')$$, '23514');
SELECT pg_temp.expect (dg_date_add ('2026-11-10', -800) = '2024-09-01' AND dg_date_add ('2026-02-30', -1) = '2026-03-01'
                       AND dg_date_add ('2026-13-01', 1) IS NULL, 'dg_date_add is SQLite''s date (d, ''N days'')');

-- ---- Search --------------------------------------------------------------------------------
-- Filled as the core does (group_concat is string_agg here).

INSERT INTO referral_search (rowid, reference, names, organisation, concern)
SELECT r.id, r.reference,
       (SELECT string_agg (c.name || ' ' || coalesce (c.aliases, ''), ' ' ORDER BY c.position, c.id) FROM child c WHERE c.referral_id = r.id),
       (SELECT coalesce (p.organisation, '') || ' ' || p.name FROM reporter p WHERE p.id = r.reporter_id),
       r.concern
FROM referral r;

CREATE FUNCTION pg_temp.found (q tsquery) RETURNS bigint[] LANGUAGE sql AS $$
  SELECT coalesce (array_agg (rowid ORDER BY rowid DESC), '{}') FROM referral_search WHERE doc @@ q;
$$;
SELECT pg_temp.expect (pg_temp.found (dg_search_query ('zoe')) = ARRAY[:r2]::bigint[], 'search: Zoë by zoe');
SELECT pg_temp.expect (pg_temp.found (dg_search_query ('ZOË')) = ARRAY[:r2]::bigint[], 'search: Zoë by ZOË');
SELECT pg_temp.expect (pg_temp.found (dg_search_query ('wy')) = ARRAY[:r2]::bigint[], 'search: Ŵyn by the prefix wy');
SELECT pg_temp.expect (pg_temp.found (dg_search_query ('ost')) = ARRAY[:r2]::bigint[], 'search: Øster by the prefix ost');
SELECT pg_temp.expect (pg_temp.found (dg_search_query ('emil')) = ARRAY[:r2]::bigint[], 'search: Émile by emil');
SELECT pg_temp.expect (pg_temp.found (dg_search_query ('anne')) = ARRAY[:r2]::bigint[], 'search: an alias word');
SELECT pg_temp.expect (pg_temp.found (dg_search_query ('bruis')) = ARRAY[:r2, :r1]::bigint[], 'search: concern prefix, newest first');
SELECT pg_temp.expect (pg_temp.found (dg_search_query ('zoe bruis')) = ARRAY[:r2]::bigint[], 'search: every word required');
SELECT pg_temp.expect (pg_temp.found (dg_search_query ('zoe nothing')) = '{}', 'search: a missing word');
SELECT pg_temp.expect (pg_temp.found (dg_search_query ('2026 0003')) = ARRAY[:r3]::bigint[], 'search: a reference');
SELECT pg_temp.expect (pg_temp.found (dg_search_query ('gwent')) = ARRAY[:r2]::bigint[], 'search: organisation');
SELECT pg_temp.expect (pg_temp.found (dg_search_query ('gwent', 'B')) = '{}', 'search: organisation is not a name');
SELECT pg_temp.expect (pg_temp.found (dg_search_query ('ost', 'B')) = ARRAY[:r2]::bigint[], 'search: names only');
SELECT pg_temp.expect (pg_temp.found (to_tsquery ('simple', unaccent ('zoë:*'))) = ARRAY[:r2]::bigint[], 'search: by hand');
SELECT pg_temp.expect (dg_search_query ('  ,; ') IS NULL AND pg_temp.found (dg_search_query ('')) = '{}', 'search: no words');
UPDATE referral_search SET names = 'Siân Ŷr' WHERE rowid = :r4;
SELECT pg_temp.expect (pg_temp.found (dg_search_query ('sian yr')) = ARRAY[:r4]::bigint[], 'search: an updated row');
-- The GIN index answers it.
DO $$
DECLARE
  line text;
  plan text := '';
BEGIN
  SET LOCAL enable_seqscan = off;
  FOR line IN EXECUTE $q$EXPLAIN SELECT rowid FROM referral_search WHERE doc @@ dg_search_query ('zoe')$q$ LOOP
    plan := plan || line || E'\n';
  END LOOP;
  RESET enable_seqscan;
  PERFORM pg_temp.expect (plan LIKE '%referral_search_doc%', 'search uses the GIN index: ' || plan);
END $$;

-- ---- Audit: append-only, with the database role ----------------------------------------

INSERT INTO audit (at, actor, entity, entity_id, action, detail)
VALUES ('2026-11-06T09:00:00', 'tm', 'referral', :r1, 'create', NULL) RETURNING id AS a1 \gset
SELECT pg_temp.expect (lastval () = :a1, 'lastval () after an audit insert');
INSERT INTO audit (at, actor, entity, entity_id, action) VALUES ('2026-11-06T09:01:00', 'tm', 'referral', :r2, 'decide');
SELECT pg_temp.expect ((SELECT bool_and (db_role = current_user) AND count (*) = 2 FROM audit WHERE id >= :a1),
                       'audit rows carry db_role = current_user');
SELECT pg_temp.expect (current_user <> '' AND (SELECT db_role FROM audit WHERE id = :a1) = session_user, 'db_role is the login role');
SELECT pg_temp.expect_error (format ('UPDATE audit SET actor = %L WHERE id = %s', 'someone', :a1), 'the audit trail is append-only');
SELECT pg_temp.expect_error (format ('UPDATE audit SET db_role = %L WHERE id = %s', 'postgres', :a1), 'the audit trail is append-only');
SELECT pg_temp.expect_error (format ('DELETE FROM audit WHERE id = %s', :a1), 'the audit trail is append-only');
SELECT pg_temp.expect_error ('TRUNCATE audit', 'the audit trail is append-only');
DELETE FROM audit WHERE false;                                                -- no row, no refusal (as SQLite)
SELECT pg_temp.expect ((SELECT count (*) FROM audit WHERE id >= :a1) = 2, 'audit rows still there');

-- ---- Sent notifications are immutable ------------------------------------------------------

INSERT INTO notification (referral_id, kind, language, format, method, body, sent_by, sent_at)
VALUES (:r1, 'acknowledgement', 'cy+en', 'eml', 'email', 'Diolch / Thank you', 'tm', '2026-10-06T10:00:00')
RETURNING id AS n1 \gset
SELECT pg_temp.expect_error (format ('UPDATE notification SET body = %L WHERE id = %s', 'changed', :n1), 'a sent notification cannot be changed');
SELECT pg_temp.expect_error (format ('DELETE FROM notification WHERE id = %s', :n1), 'a sent notification cannot be deleted');
SELECT pg_temp.expect_error ('TRUNCATE notification', 'a sent notification cannot be deleted');
SELECT pg_temp.expect_error (format ($$INSERT INTO notification (referral_id, kind, language, format, body, sent_by, sent_at) VALUES (%s, 'reminder', 'en', 'text', 'b', 'x', 'x')$$, :r1), '23514');
INSERT INTO letter_template (name, language, version, body, created_by, created_at) VALUES ('ack', 'cy', 1, 'Annwyl', 'tm', 'x');
SELECT pg_temp.expect_error ($$INSERT INTO letter_template (name, language, version, body, created_by, created_at) VALUES ('ack', 'cy', 1, 'b', 'x', 'x')$$, '23505');

-- ---- The report-maker's ledger and the language offers (schema 12) ------------------------

SELECT pg_temp.expect_dirty ('before the ledger', '{}');
INSERT INTO ledger_entry (referral_id, kind, step, note, at, recorded_by, recorded_at)
VALUES (:r2, 'chase', 'raised', 'Phoned: any news?', '2026-10-07T09:00:00', 'tm', '2026-10-07T09:05:00')
RETURNING id AS l1 \gset
SELECT pg_temp.expect_dirty ('a chase', ARRAY[:r2]);
INSERT INTO notification (referral_id, kind, language, format, method, body, sent_by, sent_at)
VALUES (:r1, 'outcome', 'en', 'text', 'email', 'Outcome', 'tm', '2026-10-07T10:00:00');
SELECT pg_temp.expect_dirty ('a letter where nobody chased', '{}');
INSERT INTO notification (referral_id, kind, language, format, method, body, sent_by, sent_at)
VALUES (:r2, 'outcome', 'en', 'text', 'email', 'Outcome', 'tm', '2026-10-07T10:00:00');
SELECT pg_temp.expect_dirty ('a letter answers a chase', ARRAY[:r2]);
SELECT pg_temp.expect_error (format ('UPDATE ledger_entry SET note = %L WHERE id = %s', 'changed', :l1), 'the ledger is append-only');
SELECT pg_temp.expect_error (format ('DELETE FROM ledger_entry WHERE id = %s', :l1), 'the ledger is append-only');
SELECT pg_temp.expect_error ('TRUNCATE ledger_entry', 'the ledger is append-only');
SELECT pg_temp.expect_error (format ($$INSERT INTO ledger_entry (referral_id, kind, step, note, at, recorded_by, recorded_at) VALUES (%s, 'chase', 'escalated', 'n', 'x', 'x', 'x')$$, :r2), '23514');
SELECT pg_temp.expect_error (format ($$INSERT INTO ledger_entry (referral_id, kind, step, note, at, recorded_by, recorded_at) VALUES (%s, 'chase', 'raised', '', 'x', 'x', 'x')$$, :r2), '23514');
INSERT INTO language_offer (referral_id, person, person_name, choice, offered_at, recorded_by, recorded_at)
VALUES (:r2, 'report-maker', 'Ann Athro', 'cy', '2026-10-05T09:00:00', 'tm', '2026-10-05T09:00:00')
RETURNING id AS o1 \gset
SELECT pg_temp.expect_dirty ('a language offer moves no clock', '{}');
SELECT pg_temp.expect_error (format ('UPDATE language_offer SET choice = %L WHERE id = %s', 'en', :o1), 'a language offer cannot be changed');
SELECT pg_temp.expect_error (format ('DELETE FROM language_offer WHERE id = %s', :o1), 'a language offer cannot be deleted');
SELECT pg_temp.expect_error ('TRUNCATE language_offer', 'a language offer cannot be deleted');
SELECT pg_temp.expect_error (format ($$INSERT INTO language_offer (referral_id, person, choice, offered_at, recorded_by, recorded_at) VALUES (%s, 'teacher', 'cy', 'x', 'x', 'x')$$, :r2), '23514');

-- ---- The outbox: a queued letter's message never changes; a sent one nothing ------------

INSERT INTO outbox (referral_id, kind, language, recipient, sender, subject, body, message, message_id,
                    queued_by, queued_at, next_attempt_at)
VALUES (:r1, 'outcome', 'cy+en', 'dsp@example.org', 'hub@example.org', 'Canlyniad', 'Annwyl', 'From: hub', 'a@example.org',
        'tm', '2026-10-06T10:00:00', '2026-10-06T10:00:00')
RETURNING id AS o1 \gset
SELECT pg_temp.expect ((SELECT state FROM outbox WHERE id = :o1) = 'queued', 'a letter is queued by default');
SELECT pg_temp.expect_error (format ('UPDATE outbox SET message = %L WHERE id = %s', 'changed', :o1), 'a queued letter''s message cannot be changed');
SELECT pg_temp.expect_error (format ('UPDATE outbox SET recipient = %L WHERE id = %s', 'x@example.org', :o1), 'a queued letter''s message cannot be changed');
UPDATE outbox SET state = 'sending', claimed_at = '2026-10-06T10:00:00' WHERE id = :o1;
UPDATE outbox SET state = 'sent', sent_at = '2026-10-06T10:00:01', server_reply = '250 ok' WHERE id = :o1;
SELECT pg_temp.expect_error (format ($$UPDATE outbox SET state = 'failed' WHERE id = %s$$, :o1), 'a sent letter cannot be changed');
SELECT pg_temp.expect_error (format ('DELETE FROM outbox WHERE id = %s', :o1), 'a letter in the outbox cannot be deleted');
SELECT pg_temp.expect_error ('TRUNCATE outbox', 'a letter in the outbox cannot be deleted');
SELECT pg_temp.expect_error ($$INSERT INTO hub_setting (key, value, updated_by, updated_at) VALUES ('colour', 'red', 'x', 'x')$$, '23514');

-- ---- The end: every total once more, and nothing left to refresh ------------------------------

SELECT pg_temp.check_totals ('the end');
SELECT pg_temp.expect ((SELECT count (*) FROM report_day) > 0 AND (SELECT count (*) FROM report_month) > 0
                       AND (SELECT count (*) FROM report_protection) > 0 AND (SELECT count (*) FROM report_meeting) = 4,
                       'the totals are not empty');
SELECT pg_temp.expect ((SELECT array_agg (id ORDER BY id) FROM report_group) = (SELECT array_agg (g ORDER BY g) FROM generate_series (1, (SELECT count (*) FROM report_group)) g),
                       'report_group ids count 1, 2, 3 ... with no sequence');
SELECT pg_temp.expect_dirty ('the end', '{}');

ROLLBACK;
\echo check-schema: all checks passed
