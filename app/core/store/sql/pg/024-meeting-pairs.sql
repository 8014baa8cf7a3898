-- Diogelu schema, version 24 on PostgreSQL (see ../024-meeting-pairs.sql):
-- each agency at each meeting kept as rows, and the agencies' figures as
-- running totals by day. The meetings' refresh becomes PL/pgSQL: a SQL
-- function's statements are planned again at every call, and the view
-- meeting_expected made that plan cost more than the save that called it
-- (two calls a referral, for its children and its categories, even when it
-- has no meetings); now its plans are kept, and no meetings do nothing.

CREATE VIEW meeting_pair_flags (meeting_id, agency, expected, invited, attended, excused, report, decider) AS
SELECT meeting_id, agency, 1, 0, 0, 0, 0, 0 FROM meeting_expected
UNION ALL
SELECT meeting_id, agency, 0, 1, CASE WHEN status = 'attended' THEN 1 ELSE 0 END, 0, coalesce (report_received, 0),
       CASE WHEN status = 'attended' AND decision_maker = 1 THEN 1 ELSE 0 END
FROM invitee
UNION ALL
SELECT meeting_id, agency, 0, 0, 0, 1, 0, 0 FROM meeting_exception;

CREATE TABLE meeting_pair (
  meeting_id    bigint NOT NULL,
  agency        text NOT NULL,
  referral_id   bigint NOT NULL,
  held_at       text NOT NULL,
  e             bigint NOT NULL,
  i             bigint NOT NULL,
  a             bigint NOT NULL,
  x             bigint NOT NULL,
  r             bigint NOT NULL,
  d             bigint NOT NULL,
  expected      bigint GENERATED ALWAYS AS (e) STORED,
  invited       bigint GENERATED ALWAYS AS (e * i) STORED,
  attended      bigint GENERATED ALWAYS AS (e * a) STORED,
  excused       bigint GENERATED ALWAYS AS (e * (1 - i) * x) STORED,
  missing       bigint GENERATED ALWAYS AS (e * (1 - i) * (1 - x)) STORED,
  invitees      bigint GENERATED ALWAYS AS (i) STORED,
  reports       bigint GENERATED ALWAYS AS (i * r) STORED,
  attending     bigint GENERATED ALWAYS AS (a) STORED,
  deciders      bigint GENERATED ALWAYS AS (a * d) STORED,
  PRIMARY KEY (meeting_id, agency)
);
CREATE INDEX meeting_pair_held ON meeting_pair (held_at);

CREATE TABLE report_agency_day (
  day           text NOT NULL,
  agency        text NOT NULL,
  expected      bigint NOT NULL,
  invited       bigint NOT NULL,
  attended      bigint NOT NULL,
  excused       bigint NOT NULL,
  missing       bigint NOT NULL,
  invitees      bigint NOT NULL,
  reports       bigint NOT NULL,
  attending     bigint NOT NULL,
  deciders      bigint NOT NULL,
  PRIMARY KEY (day, agency)
);

-- report_agency_move (pairs, sign): count (1) or uncount (-1) pairs in the
-- totals of their day and agency; returns the totals it touched.
CREATE FUNCTION report_agency_move (p_pairs meeting_pair[], p_sign bigint) RETURNS TABLE (day text, agency text)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
BEGIN
  RETURN QUERY
  INSERT INTO report_agency_day AS t
  SELECT substr (p.held_at, 1, 10), p.agency, p_sign * sum (p.expected), p_sign * sum (p.invited), p_sign * sum (p.attended),
         p_sign * sum (p.excused), p_sign * sum (p.missing), p_sign * sum (p.invitees), p_sign * sum (p.reports),
         p_sign * sum (p.attending), p_sign * sum (p.deciders)
  FROM unnest (p_pairs) p GROUP BY 1, 2
  ON CONFLICT ON CONSTRAINT report_agency_day_pkey DO UPDATE SET
    expected = t.expected + excluded.expected, invited = t.invited + excluded.invited,
    attended = t.attended + excluded.attended, excused = t.excused + excluded.excused,
    missing = t.missing + excluded.missing, invitees = t.invitees + excluded.invitees,
    reports = t.reports + excluded.reports, attending = t.attending + excluded.attending,
    deciders = t.deciders + excluded.deciders
  RETURNING t.day, t.agency;
END $$;

CREATE OR REPLACE FUNCTION report_meetings_refresh (p_meetings bigint[]) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  gone meeting_pair[];
  added meeting_pair[];
  days text[];
  agencies text[];
BEGIN
  IF coalesce (cardinality (p_meetings), 0) = 0 THEN
    RETURN;
  END IF;
  DELETE FROM report_meeting WHERE meeting_id = ANY (p_meetings);
  INSERT INTO report_meeting (meeting_id, held_at, complete)
  SELECT meeting_id, held_at, complete FROM report_meeting_source WHERE meeting_id = ANY (p_meetings);

  WITH d AS (DELETE FROM meeting_pair WHERE meeting_id = ANY (p_meetings) RETURNING *)
  SELECT array_agg (ROW (d.*)::meeting_pair) INTO gone FROM d;
  WITH n AS (
    INSERT INTO meeting_pair (meeting_id, agency, referral_id, held_at, e, i, a, x, r, d)
    SELECT f.meeting_id, f.agency, m.referral_id, m.held_at, max (f.expected), max (f.invited), max (f.attended),
           CASE WHEN f.agency IN ('police', 'social-services') THEN 0 ELSE max (f.excused) END, max (f.report),
           max (f.decider)
    FROM meeting_pair_flags f JOIN meeting m ON m.id = f.meeting_id
    WHERE f.meeting_id = ANY (p_meetings)
    GROUP BY f.meeting_id, f.agency, m.referral_id, m.held_at
    HAVING max (f.expected) + max (f.invited) > 0
    RETURNING *)
  SELECT array_agg (ROW (n.*)::meeting_pair) INTO added FROM n;

  SELECT array_agg (g.day), array_agg (g.agency) INTO days, agencies FROM report_agency_move (gone, -1) g;
  PERFORM report_agency_move (added, 1);
  -- A total that reaches 0 is removed, as on SQLite.
  DELETE FROM report_agency_day t USING unnest (days, agencies) k (day, agency)
  WHERE t.day = k.day AND t.agency = k.agency AND t.expected = 0 AND t.invitees = 0;
END $$;

-- An invitation's attendance, report and decision-maker now count too.
DROP TRIGGER report_invitee_update ON invitee;
CREATE TRIGGER report_invitee_update AFTER UPDATE OF meeting_id, agency, status, report_received, decision_maker ON invitee
  FOR EACH ROW EXECUTE FUNCTION report_meeting_row_changed ();

-- The children's register rows (schema 17), refreshed for every new
-- referral: PL/pgSQL too, for the same reason.
CREATE OR REPLACE FUNCTION report_children_refresh (p_referrals bigint[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM report_children WHERE referral_id = ANY (p_referrals);
  INSERT INTO report_children (referral_id, day, extra)
  SELECT r.id, substr (r.received_at, 1, 10), n.n - 1
  FROM referral r CROSS JOIN LATERAL (SELECT count (*) AS n FROM child c WHERE c.referral_id = r.id) n
  WHERE r.id = ANY (p_referrals) AND n.n <> 1;
END $$;

-- The minutes' clocks of a period (the figures' icpc-plan and
-- strategy-record, named in the query) are read by kind and start, not
-- among every clock started then, with what their state needs. Partial, so
-- that no other query of the clocks is drawn to it.
CREATE INDEX clock_minutes_start ON clock (clock, start_at, due, done_at)
  WHERE clock IN ('icpc-plan', 'strategy-record');

-- Every meeting's pairs.
SELECT report_meetings_refresh (ARRAY (SELECT id FROM meeting));
