-- Diogelu schema, version 25: the report's running totals count each clock
-- per child too. Until now the figures "per child" added, at every report,
-- each extra child of the period's referrals to their clocks read afresh
-- (a year at a million referrals: 213,029 clocks, a second); now:
-- * report_key.extra: the referral's children less one (-1 without any),
--   part of its key, so that a child added or removed moves its clocks'
--   totals as a changed day or group does;
-- * report_day, report_month and report_protection .x: the sum of the extra
--   children of the clocks counted in n, so that per child a total is n + x.

ALTER TABLE report_key ADD COLUMN extra INTEGER NOT NULL DEFAULT 0;
ALTER TABLE report_day ADD COLUMN x INTEGER NOT NULL DEFAULT 0;
ALTER TABLE report_month ADD COLUMN x INTEGER NOT NULL DEFAULT 0;
ALTER TABLE report_protection ADD COLUMN x INTEGER NOT NULL DEFAULT 0;

DROP VIEW report_key_source;
CREATE VIEW report_key_source AS
SELECT r.id AS referral_id, substr (r.received_at, 1, 10) AS day, p.agency AS agency,
       CASE WHEN p.agency = 'education' THEN p.organisation END AS school,
       (SELECT CASE WHEN count (*) = 0 THEN ''
                    WHEN min (substr (m.held_at, 1, 10)) = max (substr (m.held_at, 1, 10)) THEN min (substr (m.held_at, 1, 10))
                    ELSE '*' END
          FROM meeting m WHERE m.referral_id = r.id) AS meet,
       (SELECT count (*) FROM child c WHERE c.referral_id = r.id) - 1 AS extra
FROM referral r LEFT JOIN reporter p ON p.id = r.reporter_id;

-- The keys' extra children as they are (the old key triggers do not fire
-- on this column), then the totals again from scratch, as schema 5 made them.
UPDATE report_key SET extra = (SELECT count (*) FROM child c WHERE c.referral_id = report_key.referral_id) - 1;
DELETE FROM report_day;
DELETE FROM report_month;
DELETE FROM report_protection;
INSERT INTO report_day (day, clock, grp, due, state, n, x)
SELECT k.day, c.clock, k.grp, c.due, c.state, count (*), sum (k.extra)
FROM report_clock_state c JOIN report_key k ON k.referral_id = c.referral_id
WHERE c.clock IN ('confirmation', 'acknowledgement', 'decision', 'outcome')
GROUP BY 1, 2, 3, 4, 5;
INSERT INTO report_month (month, clock, grp, due, state, n, x)
SELECT substr (day, 1, 7), clock, grp, due, state, sum (n), sum (x) FROM report_day GROUP BY 1, 2, 3, 4, 5;
INSERT INTO report_protection (day, clock, agency, month, due, state, n, x)
SELECT k.meet, c.clock, coalesce (g.agency, 'other'), substr (k.day, 1, 7), c.due, c.state, count (*), sum (k.extra)
FROM report_clock_state c JOIN report_key k ON k.referral_id = c.referral_id JOIN report_group g ON g.id = k.grp
WHERE c.clock IN ('icpc', 'first-core-group') AND length (k.meet) = 10
GROUP BY 1, 2, 3, 4, 5, 6;

-- ---- The procedures carry the extra children ------------------------------
DROP TRIGGER report_key_refresh;
CREATE TRIGGER report_key_refresh INSTEAD OF INSERT ON report_key_refresh
BEGIN
  DELETE FROM report_key WHERE referral_id = NEW.referral_id
    AND NOT EXISTS (SELECT 1 FROM referral WHERE id = NEW.referral_id);
  INSERT INTO report_group (agency, school) SELECT s.agency, s.school FROM report_key_source s
  WHERE s.referral_id = NEW.referral_id
    AND NOT EXISTS (SELECT 1 FROM report_group g WHERE g.agency IS s.agency AND g.school IS s.school);
  INSERT INTO report_key (referral_id, day, grp, meet, extra)
  SELECT s.referral_id, s.day, (SELECT g.id FROM report_group g WHERE g.agency IS s.agency AND g.school IS s.school),
         s.meet, s.extra
  FROM report_key_source s WHERE s.referral_id = NEW.referral_id
  ON CONFLICT (referral_id) DO UPDATE SET day = excluded.day, grp = excluded.grp, meet = excluded.meet, extra = excluded.extra
  WHERE day <> excluded.day OR grp <> excluded.grp OR meet <> excluded.meet OR extra <> excluded.extra;
END;

-- report_clock_change (day, grp, meet, extra, clock, due, done_at, sign).
DROP VIEW report_clock_change;
CREATE VIEW report_clock_change (day, grp, meet, extra, clock, due, done_at, sign) AS
SELECT NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL WHERE 0;
CREATE TRIGGER report_clock_change INSTEAD OF INSERT ON report_clock_change
BEGIN
  INSERT INTO report_total (day, grp, meet, clock, due, state, sign, x)
  VALUES (NEW.day, NEW.grp, NEW.meet, NEW.clock, CASE WHEN NEW.done_at IS NULL THEN NEW.due ELSE '' END,
          CASE WHEN NEW.done_at IS NULL THEN 'running' WHEN substr (NEW.done_at, 1, 10) <= NEW.due THEN 'on-time' ELSE 'late' END,
          NEW.sign, NEW.sign * NEW.extra);
END;

-- report_total (day, grp, meet, clock, due, state, sign, x): n moves by
-- sign, x by x (sign times the extra children).
DROP VIEW report_total;
CREATE VIEW report_total (day, grp, meet, clock, due, state, sign, x) AS
SELECT NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL WHERE 0;
CREATE TRIGGER report_total_referral INSTEAD OF INSERT ON report_total
WHEN NEW.clock IN ('confirmation', 'acknowledgement', 'decision', 'outcome')
BEGIN
  INSERT INTO report_day (day, clock, grp, due, state, n, x)
  VALUES (NEW.day, NEW.clock, NEW.grp, NEW.due, NEW.state, NEW.sign, NEW.x)
  ON CONFLICT (day, clock, grp, due, state) DO UPDATE SET n = n + excluded.n, x = x + excluded.x;
  DELETE FROM report_day
  WHERE (day, clock, grp, due, state) = (NEW.day, NEW.clock, NEW.grp, NEW.due, NEW.state) AND n = 0;
  INSERT INTO report_month (month, clock, grp, due, state, n, x)
  VALUES (substr (NEW.day, 1, 7), NEW.clock, NEW.grp, NEW.due, NEW.state, NEW.sign, NEW.x)
  ON CONFLICT (month, clock, grp, due, state) DO UPDATE SET n = n + excluded.n, x = x + excluded.x;
  DELETE FROM report_month
  WHERE (month, clock, grp, due, state) = (substr (NEW.day, 1, 7), NEW.clock, NEW.grp, NEW.due, NEW.state) AND n = 0;
END;
CREATE TRIGGER report_total_protection INSTEAD OF INSERT ON report_total
WHEN NEW.clock IN ('icpc', 'first-core-group') AND length (NEW.meet) = 10
BEGIN
  INSERT INTO report_protection (day, clock, agency, month, due, state, n, x)
  VALUES (NEW.meet, NEW.clock, (SELECT coalesce (agency, 'other') FROM report_group WHERE id = NEW.grp),
          substr (NEW.day, 1, 7), NEW.due, NEW.state, NEW.sign, NEW.x)
  ON CONFLICT (day, clock, agency, month, due, state) DO UPDATE SET n = n + excluded.n, x = x + excluded.x;
  DELETE FROM report_protection
  WHERE (day, clock, agency, month, due, state)
        = (NEW.meet, NEW.clock, (SELECT coalesce (agency, 'other') FROM report_group WHERE id = NEW.grp),
           substr (NEW.day, 1, 7), NEW.due, NEW.state)
    AND n = 0;
END;

-- ---- The triggers that call them -----------------------------------------------
DROP TRIGGER report_key_insert;
DROP TRIGGER report_key_delete;
DROP TRIGGER report_key_update;
DROP TRIGGER report_clock_insert;
DROP TRIGGER report_clock_delete;
DROP TRIGGER report_clock_update;
CREATE TRIGGER report_key_insert AFTER INSERT ON report_key
BEGIN
  INSERT INTO report_clock_change
  SELECT NEW.day, NEW.grp, NEW.meet, NEW.extra, clock, due, done_at, 1 FROM clock WHERE referral_id = NEW.referral_id;
END;
CREATE TRIGGER report_key_delete AFTER DELETE ON report_key
BEGIN
  INSERT INTO report_clock_change
  SELECT OLD.day, OLD.grp, OLD.meet, OLD.extra, clock, due, done_at, -1 FROM clock WHERE referral_id = OLD.referral_id;
END;
CREATE TRIGGER report_key_update AFTER UPDATE ON report_key
WHEN OLD.referral_id <> NEW.referral_id OR OLD.day <> NEW.day OR OLD.grp <> NEW.grp OR OLD.meet <> NEW.meet
  OR OLD.extra <> NEW.extra
BEGIN
  INSERT INTO report_clock_change
  SELECT OLD.day, OLD.grp, OLD.meet, OLD.extra, clock, due, done_at, -1 FROM clock WHERE referral_id = OLD.referral_id;
  INSERT INTO report_clock_change
  SELECT NEW.day, NEW.grp, NEW.meet, NEW.extra, clock, due, done_at, 1 FROM clock WHERE referral_id = NEW.referral_id;
END;
CREATE TRIGGER report_clock_insert AFTER INSERT ON clock
BEGIN
  INSERT INTO report_clock_change
  SELECT day, grp, meet, extra, NEW.clock, NEW.due, NEW.done_at, 1 FROM report_key WHERE referral_id = NEW.referral_id;
END;
CREATE TRIGGER report_clock_delete AFTER DELETE ON clock
BEGIN
  INSERT INTO report_clock_change
  SELECT day, grp, meet, extra, OLD.clock, OLD.due, OLD.done_at, -1 FROM report_key WHERE referral_id = OLD.referral_id;
END;
CREATE TRIGGER report_clock_update AFTER UPDATE ON clock
WHEN OLD.referral_id <> NEW.referral_id OR OLD.clock <> NEW.clock OR OLD.due IS NOT NEW.due OR OLD.done_at IS NOT NEW.done_at
BEGIN
  INSERT INTO report_clock_change
  SELECT day, grp, meet, extra, OLD.clock, OLD.due, OLD.done_at, -1 FROM report_key WHERE referral_id = OLD.referral_id;
  INSERT INTO report_clock_change
  SELECT day, grp, meet, extra, NEW.clock, NEW.due, NEW.done_at, 1 FROM report_key WHERE referral_id = NEW.referral_id;
END;

-- A child added, moved or removed changes its referral's key.
CREATE TRIGGER report_child_key_insert AFTER INSERT ON child
BEGIN INSERT INTO report_key_refresh VALUES (NEW.referral_id); END;
CREATE TRIGGER report_child_key_update AFTER UPDATE OF referral_id ON child
BEGIN INSERT INTO report_key_refresh SELECT OLD.referral_id UNION SELECT NEW.referral_id; END;
CREATE TRIGGER report_child_key_delete AFTER DELETE ON child
BEGIN INSERT INTO report_key_refresh VALUES (OLD.referral_id); END;
