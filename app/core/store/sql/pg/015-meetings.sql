-- Diogelu schema, version 15 on PostgreSQL (see ../015-meetings.sql): what
-- each agency brought to a meeting, the minutes' clocks, and the agencies
-- expected by concern. Applied in one transaction by the migration loop.

ALTER TABLE referral_category DROP CONSTRAINT referral_category_category_check;
ALTER TABLE referral_category ADD CONSTRAINT referral_category_category_check
  CHECK (category IN ('physical', 'sexual', 'emotional', 'neglect', 'financial', 'domestic-abuse'));

ALTER TABLE involved_agency DROP CONSTRAINT involved_agency_agency_check;
ALTER TABLE involved_agency ADD CONSTRAINT involved_agency_agency_check
  CHECK (agency IN ('police', 'social-services', 'education', 'health', 'report-maker', 'probation', 'housing',
                    'other', 'idva', 'paediatrician', 'midwife', 'disability-team'));

ALTER TABLE invitee DROP CONSTRAINT invitee_agency_check;
ALTER TABLE invitee ADD CONSTRAINT invitee_agency_check
  CHECK (agency IN ('police', 'social-services', 'education', 'health', 'report-maker', 'probation', 'housing',
                    'other', 'idva', 'paediatrician', 'midwife', 'disability-team'));
ALTER TABLE invitee ADD COLUMN report_received bigint CHECK (report_received IN (0, 1));   -- NULL: not recorded
ALTER TABLE invitee ADD COLUMN report_received_at text;
ALTER TABLE invitee ADD COLUMN decision_maker bigint CHECK (decision_maker IN (0, 1));     -- NULL: not recorded
ALTER TABLE invitee ADD CONSTRAINT invitee_received_check CHECK (report_received_at IS NULL OR report_received = 1);

ALTER TABLE cp_event DROP CONSTRAINT cp_event_kind_check;
ALTER TABLE cp_event ADD CONSTRAINT cp_event_kind_check
  CHECK (kind IN ('s47-start', 's47-complete', 'icpc', 'core-group', 'review', 'plan-end', 'plan-circulated'));

-- The record of the meeting, circulated to those who took part.
ALTER TABLE meeting ADD COLUMN minutes_sent_at text;
DROP TRIGGER clock_meeting_update ON meeting;
CREATE TRIGGER clock_meeting_update AFTER UPDATE OF referral_id, held_at, minutes_sent_at ON meeting
  FOR EACH ROW EXECUTE FUNCTION clock_row_changed ();

INSERT INTO timescale_rule (clock, effective_from, amount, unit, starts_at, source) VALUES
  ('icpc-plan',       '2000-01-01', 5, 'working-days', 'icpc',           'WSP'),
  ('strategy-record', '2000-01-01', 5, 'working-days', 'last-strategy',  'local default');

-- ---- Expected agencies by concern ---------------------------------------

CREATE TABLE expected_agency_rule (
  concern        text NOT NULL
                 CHECK (concern IN ('always', 'physical', 'sexual', 'emotional', 'neglect', 'financial',
                                    'domestic-abuse', 'under-1', 'under-5', 'school-age', 'disability')),
  agency         text NOT NULL
                 CHECK (agency IN ('police', 'social-services', 'education', 'health', 'report-maker', 'probation',
                                   'housing', 'other', 'idva', 'paediatrician', 'midwife', 'disability-team')),
  effective_from text NOT NULL,
  expected       bigint NOT NULL DEFAULT 1 CHECK (expected IN (0, 1)),
  source         text,
  PRIMARY KEY (concern, agency, effective_from)
);

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
                 '9999-12-31'::text)
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

CREATE OR REPLACE VIEW report_meeting_source AS
SELECT m.id AS meeting_id, m.held_at AS held_at,
       (NOT EXISTS (
         SELECT 1 FROM meeting_expected e
         WHERE e.meeting_id = m.id
           AND NOT EXISTS (SELECT 1 FROM invitee i WHERE i.meeting_id = m.id AND i.agency = e.agency)
           AND (e.agency IN ('police', 'social-services')
                OR NOT EXISTS (SELECT 1 FROM meeting_exception x WHERE x.meeting_id = m.id AND x.agency = e.agency))
       ))::integer AS complete
FROM meeting m;

-- What else now decides completeness: the categories, the children's ages
-- and needs (by statement, as the invitations in 008), and the rules.
CREATE FUNCTION report_referral_rows_new () RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM report_meetings_refresh (ARRAY (SELECT id FROM meeting WHERE referral_id IN (SELECT referral_id FROM new_rows)));
  RETURN NULL;
END $$;
CREATE FUNCTION report_referral_rows_old () RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM report_meetings_refresh (ARRAY (SELECT id FROM meeting WHERE referral_id IN (SELECT referral_id FROM old_rows)));
  RETURN NULL;
END $$;
CREATE FUNCTION report_referral_row_changed () RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM report_meetings_refresh (ARRAY (SELECT id FROM meeting WHERE referral_id IN (OLD.referral_id, NEW.referral_id)));
  RETURN NULL;
END $$;
CREATE TRIGGER report_category_insert AFTER INSERT ON referral_category
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_referral_rows_new ();
CREATE TRIGGER report_category_delete AFTER DELETE ON referral_category
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION report_referral_rows_old ();
CREATE TRIGGER report_category_update AFTER UPDATE ON referral_category
  FOR EACH ROW EXECUTE FUNCTION report_referral_row_changed ();
CREATE TRIGGER report_child_insert AFTER INSERT ON child
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_referral_rows_new ();
CREATE TRIGGER report_child_delete AFTER DELETE ON child
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION report_referral_rows_old ();
CREATE TRIGGER report_child_update AFTER UPDATE OF referral_id, dob, additional_needs ON child
  FOR EACH ROW EXECUTE FUNCTION report_referral_row_changed ();

CREATE FUNCTION report_rule_changed () RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  since text;
BEGIN
  IF TG_OP = 'INSERT' THEN
    since := NEW.effective_from;
  ELSIF TG_OP = 'DELETE' THEN
    since := OLD.effective_from;
  ELSE
    since := least (OLD.effective_from, NEW.effective_from);
  END IF;
  PERFORM report_meetings_refresh (ARRAY (SELECT id FROM meeting WHERE held_at >= since));
  RETURN NULL;
END $$;
CREATE TRIGGER report_rule_change AFTER INSERT OR UPDATE OR DELETE ON expected_agency_rule
  FOR EACH ROW EXECUTE FUNCTION report_rule_changed ();
CREATE TRIGGER expected_agency_rule_notify AFTER INSERT OR UPDATE OR DELETE ON expected_agency_rule
  FOR EACH STATEMENT EXECUTE FUNCTION dg_notify_changed ();

-- Every meeting's completeness by the rules.
SELECT report_meetings_refresh (ARRAY (SELECT id FROM meeting));

-- The minutes' clocks of the referrals that have meetings or conferences,
-- computed before the upgrade commits.
SELECT clock_mark (referral_id) FROM (SELECT referral_id FROM meeting UNION SELECT referral_id FROM cp_event) r;
