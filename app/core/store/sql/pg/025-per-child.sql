-- Diogelu schema, version 25 on PostgreSQL (see ../025-per-child.sql): the
-- report's running totals count each clock per child too (x, the sum of the
-- extra children of the clocks counted in n), the referral's children less
-- one part of its key; a child added, moved or removed marks its referral,
-- and report_absorb () carries the extra children. Applied in one
-- transaction by the migration loop.

ALTER TABLE report_key ADD COLUMN extra bigint NOT NULL DEFAULT 0;
ALTER TABLE report_counted ADD COLUMN extra bigint NOT NULL DEFAULT 0;
ALTER TABLE report_day ADD COLUMN x bigint NOT NULL DEFAULT 0;
ALTER TABLE report_month ADD COLUMN x bigint NOT NULL DEFAULT 0;
ALTER TABLE report_protection ADD COLUMN x bigint NOT NULL DEFAULT 0;

CREATE OR REPLACE VIEW report_key_source AS
SELECT r.id AS referral_id, substr (r.received_at, 1, 10) AS day, p.agency AS agency,
       CASE WHEN p.agency = 'education' THEN p.organisation END AS school,
       (SELECT CASE WHEN count (*) = 0 THEN ''
                    WHEN min (substr (m.held_at, 1, 10)) = max (substr (m.held_at, 1, 10)) THEN min (substr (m.held_at, 1, 10))
                    ELSE '*' END
          FROM meeting m WHERE m.referral_id = r.id) AS meet,
       (SELECT count (*) FROM child c WHERE c.referral_id = r.id) - 1 AS extra
FROM referral r LEFT JOIN reporter p ON p.id = r.reporter_id;

-- What each referral counted, with its extra children as they are (the
-- children did not mark their referral before: nothing counted has changed
-- since), and the totals' x as the sum of what was counted.
UPDATE report_key k SET extra = (SELECT count (*) FROM child c WHERE c.referral_id = k.referral_id) - 1;
UPDATE report_counted o SET extra = k.extra FROM report_key k WHERE k.referral_id = o.referral_id AND k.extra <> 0;
UPDATE report_day t SET x = s.x
FROM (SELECT day, clock, grp, due, state, sum (extra) AS x FROM report_counted
      WHERE clock IN ('confirmation', 'acknowledgement', 'decision', 'outcome') GROUP BY 1, 2, 3, 4, 5) s
WHERE (t.day, t.clock, t.grp, t.due, t.state) = (s.day, s.clock, s.grp, s.due, s.state) AND s.x <> 0;
UPDATE report_month t SET x = s.x
FROM (SELECT substr (day, 1, 7) AS month, clock, grp, due, state, sum (extra) AS x FROM report_counted
      WHERE clock IN ('confirmation', 'acknowledgement', 'decision', 'outcome') GROUP BY 1, 2, 3, 4, 5) s
WHERE (t.month, t.clock, t.grp, t.due, t.state) = (s.month, s.clock, s.grp, s.due, s.state) AND s.x <> 0;
UPDATE report_protection t SET x = s.x
FROM (SELECT o.meet AS day, o.clock, coalesce (g.agency, 'other') AS agency, substr (o.day, 1, 7) AS month, o.due, o.state,
             sum (o.extra) AS x
      FROM report_counted o JOIN report_group g ON g.id = o.grp
      WHERE o.clock IN ('icpc', 'first-core-group') AND length (o.meet) = 10 GROUP BY 1, 2, 3, 4, 5, 6) s
WHERE (t.day, t.clock, t.agency, t.month, t.due, t.state) = (s.day, s.clock, s.agency, s.month, s.due, s.state)
  AND s.x <> 0;

-- A child added, moved or removed marks its referral, as its clocks do.
CREATE TRIGGER report_child_mark_insert AFTER INSERT ON child
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_mark_new ();
CREATE TRIGGER report_child_mark_delete AFTER DELETE ON child
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION report_mark_old ();
CREATE TRIGGER report_child_mark_update AFTER UPDATE ON child
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_mark_both ();

-- report_absorb () as schema 8 wrote it, with the extra children: the
-- delta's x moves the totals' x; a total whose n reaches 0 goes, its x with it.
CREATE OR REPLACE FUNCTION report_absorb () RETURNS bigint
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
  INSERT INTO report_key (referral_id, day, grp, meet, extra)
  SELECT s.referral_id, s.day, g.id, s.meet, s.extra
  FROM report_key_source s
  JOIN report_group g ON coalesce (g.agency, '') = coalesce (s.agency, '') AND (g.agency IS NULL) = (s.agency IS NULL)
                     AND coalesce (g.school, '') = coalesce (s.school, '') AND (g.school IS NULL) = (s.school IS NULL)
  WHERE s.referral_id = ANY (ids);

  -- The change to each total: -1 for each clock as it was counted, +1 for
  -- each as it counts now.
  CREATE TEMP TABLE IF NOT EXISTS report_delta (
    day text, clock text, grp bigint, meet text, due text, state text, sign bigint, x bigint
  ) ON COMMIT DELETE ROWS;
  TRUNCATE pg_temp.report_delta;
  WITH o AS (DELETE FROM report_counted WHERE referral_id = ANY (ids) RETURNING *)
  INSERT INTO pg_temp.report_delta SELECT day, clock, grp, meet, due, state, -1, -extra FROM o;
  WITH n AS (
    INSERT INTO report_counted (referral_id, clock, day, grp, meet, due, state, extra)
    SELECT k.referral_id, c.clock, k.day, k.grp, k.meet,
           CASE WHEN c.done_at IS NULL THEN c.due ELSE '' END,
           CASE WHEN c.done_at IS NULL THEN 'running' WHEN substr (c.done_at, 1, 10) <= c.due THEN 'on-time' ELSE 'late' END,
           k.extra
    FROM report_key k JOIN clock c ON c.referral_id = k.referral_id
    WHERE k.referral_id = ANY (ids)
      AND c.clock IN ('confirmation', 'acknowledgement', 'decision', 'outcome', 'icpc', 'first-core-group')
    RETURNING *)
  INSERT INTO pg_temp.report_delta SELECT day, clock, grp, meet, due, state, 1, extra FROM n;

  -- Referral clocks by day and month of receipt; conference clocks by the
  -- meeting day when the referral's meetings were all on one day, under the
  -- report-maker's agency ('other' without one).
  INSERT INTO report_day AS t (day, clock, grp, due, state, n, x)
  SELECT day, clock, grp, due, state, sum (sign), sum (x) FROM pg_temp.report_delta
  WHERE clock IN ('confirmation', 'acknowledgement', 'decision', 'outcome')
  GROUP BY 1, 2, 3, 4, 5 HAVING sum (sign) <> 0 OR sum (x) <> 0
  ON CONFLICT (day, clock, grp, due, state) DO UPDATE SET n = t.n + excluded.n, x = t.x + excluded.x;
  INSERT INTO report_month AS t (month, clock, grp, due, state, n, x)
  SELECT substr (day, 1, 7), clock, grp, due, state, sum (sign), sum (x) FROM pg_temp.report_delta
  WHERE clock IN ('confirmation', 'acknowledgement', 'decision', 'outcome')
  GROUP BY 1, 2, 3, 4, 5 HAVING sum (sign) <> 0 OR sum (x) <> 0
  ON CONFLICT (month, clock, grp, due, state) DO UPDATE SET n = t.n + excluded.n, x = t.x + excluded.x;
  INSERT INTO report_protection AS t (day, clock, agency, month, due, state, n, x)
  SELECT d.meet, d.clock, coalesce (g.agency, 'other'), substr (d.day, 1, 7), d.due, d.state, sum (d.sign), sum (d.x)
  FROM pg_temp.report_delta d JOIN report_group g ON g.id = d.grp
  WHERE d.clock IN ('icpc', 'first-core-group') AND length (d.meet) = 10
  GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum (d.sign) <> 0 OR sum (d.x) <> 0
  ON CONFLICT (day, clock, agency, month, due, state) DO UPDATE SET n = t.n + excluded.n, x = t.x + excluded.x;

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

-- A new referral has no children yet (they are written after it, and point
-- at it): its register row says so without counting them; one that has
-- some already (written in the same transaction first) is counted.
CREATE OR REPLACE FUNCTION report_children_refresh (p_referrals bigint[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF coalesce (cardinality (p_referrals), 0) = 0 THEN
    RETURN;
  END IF;
  DELETE FROM report_children WHERE referral_id = ANY (p_referrals);
  INSERT INTO report_children (referral_id, day, extra)
  SELECT r.id, substr (r.received_at, 1, 10), n.n - 1
  FROM referral r CROSS JOIN LATERAL (SELECT count (*) AS n FROM child c WHERE c.referral_id = r.id) n
  WHERE r.id = ANY (p_referrals) AND n.n <> 1;
END $$;
CREATE OR REPLACE FUNCTION report_children_referrals_new () RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM report_children_refresh (ARRAY (SELECT n.id FROM new_rows n WHERE EXISTS (SELECT 1 FROM child c WHERE c.referral_id = n.id)));
  INSERT INTO report_children (referral_id, day, extra)
  SELECT n.id, substr (n.received_at, 1, 10), -1 FROM new_rows n
  WHERE NOT EXISTS (SELECT 1 FROM child c WHERE c.referral_id = n.id);
  RETURN NULL;
END $$;
