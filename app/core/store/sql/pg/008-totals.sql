-- Diogelu schema, version 8 on PostgreSQL (see ../008-totals.sql): the
-- performance report's running totals are brought up to date when they are
-- read, for every referral that changed since, in a few set-based
-- statements, instead of by a chain of row triggers inside every save.
-- Applied in one transaction by the migration loop.
--
-- pg_stat_statements on a referral save showed the row triggers of schema 5
-- (report_key_refresh on the referral, report_total twice per stored clock)
-- taking 190 of its 700 microseconds on the server. Now a save only marks
-- its referral in report_stale (from the clocks' own statement triggers,
-- whatever SQL wrote them), and report_absorb (), which the report calls
-- first, takes what each marked referral counted off the totals
-- (report_counted says what that was) and adds what it counts now. The
-- totals still equal the from-scratch GROUP BY whenever they are read
-- (tests/pg/check-schema.sql, tests/test-meetings.c).

-- What each referral's counted clocks add to the totals, as last absorbed:
-- the key (day, group, meeting day) and the clock's due and state.
CREATE TABLE report_counted (
  referral_id   bigint NOT NULL,
  clock         text NOT NULL,
  day           text NOT NULL,
  grp           bigint NOT NULL,
  meet          text NOT NULL,
  due           text NOT NULL,
  state         text NOT NULL,
  PRIMARY KEY (referral_id, clock)
);

-- Referrals whose contribution may have changed since the last absorb.
CREATE TABLE report_stale (
  referral_id   bigint PRIMARY KEY
);

-- The totals as they stand were kept by the triggers below, so they are
-- exactly what report_key and the stored clocks count now.
INSERT INTO report_counted (referral_id, clock, day, grp, meet, due, state)
SELECT k.referral_id, c.clock, k.day, k.grp, k.meet,
       CASE WHEN c.done_at IS NULL THEN c.due ELSE '' END,
       CASE WHEN c.done_at IS NULL THEN 'running' WHEN substr (c.done_at, 1, 10) <= c.due THEN 'on-time' ELSE 'late' END
FROM report_key k JOIN clock c ON c.referral_id = k.referral_id
WHERE c.clock IN ('confirmation', 'acknowledgement', 'decision', 'outcome', 'icpc', 'first-core-group');

-- ---- The row triggers that kept the totals go ---------------------------------------

DROP TRIGGER report_referral_insert ON referral;
DROP TRIGGER report_referral_update ON referral;
DROP TRIGGER report_referral_delete ON referral;
DROP TRIGGER report_reporter_insert ON reporter;
DROP TRIGGER report_reporter_update ON reporter;
DROP TRIGGER report_reporter_delete ON reporter;
DROP TRIGGER report_key_insert ON report_key;
DROP TRIGGER report_key_delete ON report_key;
DROP TRIGGER report_key_update ON report_key;
DROP TRIGGER report_clock_insert ON clock;
DROP TRIGGER report_clock_delete ON clock;
DROP TRIGGER report_clock_update ON clock;
DROP FUNCTION report_referral_changed ();
DROP FUNCTION report_reporter_changed ();
DROP FUNCTION report_key_changed ();
DROP FUNCTION report_clock_changed ();
DROP FUNCTION report_key_refresh (bigint);
DROP FUNCTION report_clock_change (text, bigint, text, text, text, text, bigint);
DROP FUNCTION report_total (text, bigint, text, text, text, text, bigint);

-- ---- Each meeting's completeness, a statement at a time -----------------------------
-- report_meeting is small and read as it is, so it is still kept at once,
-- but by statement: a batch of invitations (the demo, an import) refreshes
-- each meeting it touched once, not once per row. An UPDATE (rare, and
-- limited to the columns that matter, which a statement trigger with
-- transition tables cannot be) stays a row trigger.

CREATE FUNCTION report_meetings_refresh (p_meetings bigint[]) RETURNS void LANGUAGE sql AS $$
  DELETE FROM report_meeting WHERE meeting_id = ANY (p_meetings);
  INSERT INTO report_meeting (meeting_id, held_at, complete)
  SELECT meeting_id, held_at, complete FROM report_meeting_source WHERE meeting_id = ANY (p_meetings);
$$;
-- One meeting's (the row triggers that remain) is the same refresh.
CREATE OR REPLACE FUNCTION report_meeting_refresh (p_meeting bigint) RETURNS void LANGUAGE sql AS $$
  SELECT report_meetings_refresh (ARRAY[p_meeting]);
$$;

CREATE FUNCTION report_meeting_rows_new () RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM report_meetings_refresh (ARRAY (SELECT DISTINCT meeting_id FROM new_rows));
  RETURN NULL;
END $$;
CREATE FUNCTION report_meeting_rows_old () RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM report_meetings_refresh (ARRAY (SELECT DISTINCT meeting_id FROM old_rows));
  RETURN NULL;
END $$;
DROP TRIGGER report_invitee_insert ON invitee;
DROP TRIGGER report_invitee_delete ON invitee;
DROP TRIGGER report_exception_insert ON meeting_exception;
DROP TRIGGER report_exception_delete ON meeting_exception;
CREATE TRIGGER report_invitee_insert AFTER INSERT ON invitee
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_meeting_rows_new ();
CREATE TRIGGER report_invitee_delete AFTER DELETE ON invitee
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION report_meeting_rows_old ();
CREATE TRIGGER report_exception_insert AFTER INSERT ON meeting_exception
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_meeting_rows_new ();
CREATE TRIGGER report_exception_delete AFTER DELETE ON meeting_exception
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION report_meeting_rows_old ();

-- A meeting has its completeness row, and marks its referral, whose meeting
-- day is part of the key.
CREATE FUNCTION report_meetings_new () RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO report_stale (referral_id) SELECT DISTINCT referral_id FROM new_rows ON CONFLICT DO NOTHING;
  PERFORM report_meetings_refresh (ARRAY (SELECT id FROM new_rows));
  RETURN NULL;
END $$;
CREATE FUNCTION report_meetings_old () RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO report_stale (referral_id) SELECT DISTINCT referral_id FROM old_rows ON CONFLICT DO NOTHING;
  PERFORM report_meetings_refresh (ARRAY (SELECT id FROM old_rows));
  RETURN NULL;
END $$;
CREATE OR REPLACE FUNCTION report_meeting_changed () RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO report_stale (referral_id) VALUES (OLD.referral_id), (NEW.referral_id) ON CONFLICT DO NOTHING;
  PERFORM report_meetings_refresh (ARRAY[OLD.id, NEW.id]);
  RETURN NULL;
END $$;
DROP TRIGGER report_meeting_insert ON meeting;
DROP TRIGGER report_meeting_delete ON meeting;
CREATE TRIGGER report_meeting_insert AFTER INSERT ON meeting
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_meetings_new ();
CREATE TRIGGER report_meeting_delete AFTER DELETE ON meeting
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION report_meetings_old ();

-- ---- What marks a referral ----------------------------------------------------------
-- A change to its stored clocks (one statement marks every referral it
-- touched), to its received time or report-maker, to its meetings (above),
-- or to its report-maker's agency or organisation. A new referral is marked
-- when its clocks are first stored, in the same transaction. Whatever SQL
-- makes the change: the totals never depend on the core's own writes.

CREATE FUNCTION report_mark_new () RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO report_stale (referral_id) SELECT DISTINCT referral_id FROM new_rows
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;
CREATE FUNCTION report_mark_old () RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO report_stale (referral_id) SELECT DISTINCT referral_id FROM old_rows
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;
CREATE FUNCTION report_mark_both () RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO report_stale (referral_id)
  SELECT referral_id FROM old_rows UNION SELECT referral_id FROM new_rows
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;
CREATE TRIGGER report_clock_insert AFTER INSERT ON clock
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_mark_new ();
CREATE TRIGGER report_clock_delete AFTER DELETE ON clock
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION report_mark_old ();
CREATE TRIGGER report_clock_update AFTER UPDATE ON clock
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_mark_both ();

CREATE FUNCTION report_referral_changed () RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO report_stale (referral_id) VALUES (OLD.id), (NEW.id) ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;
CREATE TRIGGER report_referral_update AFTER UPDATE OF id, received_at, reporter_id ON referral
  FOR EACH ROW EXECUTE FUNCTION report_referral_changed ();

CREATE FUNCTION report_reporter_changed () RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO report_stale (referral_id)
  SELECT id FROM referral WHERE reporter_id IN (OLD.id, NEW.id)
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;
CREATE TRIGGER report_reporter_update AFTER UPDATE OF id, agency, organisation ON reporter
  FOR EACH ROW EXECUTE FUNCTION report_reporter_changed ();
CREATE TRIGGER report_reporter_delete AFTER DELETE ON reporter
  FOR EACH ROW EXECUTE FUNCTION report_reporter_changed ();

-- ---- Bringing the totals up to date --------------------------------------------------

-- report_absorb (): for every marked referral, its key and group as they
-- are now, what it counted taken off the totals and what it counts now
-- added, a total that reaches 0 removed. Returns how many referrals it took.
-- Runs as the tables' owner, so a reader's report brings them up to date
-- too; one at a time (two at once would update the same totals in
-- different orders).
CREATE FUNCTION report_absorb () RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public, pg_temp SET client_min_messages = warning AS $$
DECLARE
  ids bigint[];
BEGIN
  PERFORM pg_advisory_xact_lock (hashtext ('diogelu report_absorb'));
  WITH taken AS (DELETE FROM report_stale RETURNING referral_id)
  SELECT array_agg (referral_id ORDER BY referral_id) INTO ids FROM taken;
  IF ids IS NULL THEN
    RETURN 0;
  END IF;

  -- A new group is numbered after the highest, in order of first referral.
  INSERT INTO report_group (id, agency, school)
  SELECT (SELECT coalesce (max (id), 0) FROM report_group) + row_number () OVER (ORDER BY n.first), n.agency, n.school
  FROM (SELECT s.agency, s.school, min (s.referral_id) AS first
        FROM report_key_source s
        WHERE s.referral_id = ANY (ids)
          AND NOT EXISTS (SELECT 1 FROM report_group g
                          WHERE g.agency IS NOT DISTINCT FROM s.agency AND g.school IS NOT DISTINCT FROM s.school)
        GROUP BY s.agency, s.school) n;

  -- The keys as they are now (none for a referral that is gone). The join
  -- on the group is an equality of NULL-safe parts, so it can hash.
  DELETE FROM report_key WHERE referral_id = ANY (ids);
  INSERT INTO report_key (referral_id, day, grp, meet)
  SELECT s.referral_id, s.day, g.id, s.meet
  FROM report_key_source s
  JOIN report_group g ON coalesce (g.agency, '') = coalesce (s.agency, '') AND (g.agency IS NULL) = (s.agency IS NULL)
                     AND coalesce (g.school, '') = coalesce (s.school, '') AND (g.school IS NULL) = (s.school IS NULL)
  WHERE s.referral_id = ANY (ids);

  -- The change to each total: -1 for each clock as it was counted, +1 for
  -- each as it counts now.
  CREATE TEMP TABLE IF NOT EXISTS report_delta (
    day text, clock text, grp bigint, meet text, due text, state text, sign bigint
  ) ON COMMIT DELETE ROWS;
  TRUNCATE pg_temp.report_delta;
  WITH o AS (DELETE FROM report_counted WHERE referral_id = ANY (ids) RETURNING *)
  INSERT INTO pg_temp.report_delta SELECT day, clock, grp, meet, due, state, -1 FROM o;
  WITH n AS (
    INSERT INTO report_counted (referral_id, clock, day, grp, meet, due, state)
    SELECT k.referral_id, c.clock, k.day, k.grp, k.meet,
           CASE WHEN c.done_at IS NULL THEN c.due ELSE '' END,
           CASE WHEN c.done_at IS NULL THEN 'running' WHEN substr (c.done_at, 1, 10) <= c.due THEN 'on-time' ELSE 'late' END
    FROM report_key k JOIN clock c ON c.referral_id = k.referral_id
    WHERE k.referral_id = ANY (ids)
      AND c.clock IN ('confirmation', 'acknowledgement', 'decision', 'outcome', 'icpc', 'first-core-group')
    RETURNING *)
  INSERT INTO pg_temp.report_delta SELECT day, clock, grp, meet, due, state, 1 FROM n;

  -- Referral clocks by day and month of receipt; conference clocks by the
  -- meeting day when the referral's meetings were all on one day, under the
  -- report-maker's agency ('other' without one).
  INSERT INTO report_day AS t (day, clock, grp, due, state, n)
  SELECT day, clock, grp, due, state, sum (sign) FROM pg_temp.report_delta
  WHERE clock IN ('confirmation', 'acknowledgement', 'decision', 'outcome')
  GROUP BY 1, 2, 3, 4, 5 HAVING sum (sign) <> 0
  ON CONFLICT (day, clock, grp, due, state) DO UPDATE SET n = t.n + excluded.n;
  INSERT INTO report_month AS t (month, clock, grp, due, state, n)
  SELECT substr (day, 1, 7), clock, grp, due, state, sum (sign) FROM pg_temp.report_delta
  WHERE clock IN ('confirmation', 'acknowledgement', 'decision', 'outcome')
  GROUP BY 1, 2, 3, 4, 5 HAVING sum (sign) <> 0
  ON CONFLICT (month, clock, grp, due, state) DO UPDATE SET n = t.n + excluded.n;
  INSERT INTO report_protection AS t (day, clock, agency, month, due, state, n)
  SELECT d.meet, d.clock, coalesce (g.agency, 'other'), substr (d.day, 1, 7), d.due, d.state, sum (d.sign)
  FROM pg_temp.report_delta d JOIN report_group g ON g.id = d.grp
  WHERE d.clock IN ('icpc', 'first-core-group') AND length (d.meet) = 10
  GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum (d.sign) <> 0
  ON CONFLICT (day, clock, agency, month, due, state) DO UPDATE SET n = t.n + excluded.n;

  -- Only a total something was taken from can have reached 0.
  DELETE FROM report_day t USING (SELECT DISTINCT day, clock, grp, due, state FROM pg_temp.report_delta WHERE sign < 0) d
  WHERE (t.day, t.clock, t.grp, t.due, t.state) = (d.day, d.clock, d.grp, d.due, d.state) AND t.n = 0;
  DELETE FROM report_month t USING (SELECT DISTINCT substr (day, 1, 7) AS month, clock, grp, due, state
                                      FROM pg_temp.report_delta WHERE sign < 0) d
  WHERE (t.month, t.clock, t.grp, t.due, t.state) = (d.month, d.clock, d.grp, d.due, d.state) AND t.n = 0;
  DELETE FROM report_protection t USING (SELECT DISTINCT x.meet, x.clock, coalesce (g.agency, 'other') AS agency,
                                                substr (x.day, 1, 7) AS month, x.due, x.state
                                           FROM pg_temp.report_delta x JOIN report_group g ON g.id = x.grp
                                          WHERE x.sign < 0 AND length (x.meet) = 10) d
  WHERE (t.day, t.clock, t.agency, t.month, t.due, t.state) = (d.meet, d.clock, d.agency, d.month, d.due, d.state)
    AND t.n = 0;
  TRUNCATE pg_temp.report_delta;
  RETURN cardinality (ids);
END $$;
