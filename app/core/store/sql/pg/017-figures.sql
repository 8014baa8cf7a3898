-- Diogelu schema, version 17 on PostgreSQL (see ../017-figures.sql): a
-- late clock's agreed exception, and the referrals that count other than
-- once per child. Applied in one transaction by the migration loop;
-- roles.sql grants them as every table.

CREATE TABLE clock_exception (
  referral_id   bigint NOT NULL REFERENCES referral (id),
  clock         text NOT NULL,
  reason        text NOT NULL CHECK (length (trim (reason)) > 0),
  approved_by   text NOT NULL CHECK (length (trim (approved_by)) > 0),
  recorded_by   text NOT NULL,
  recorded_at   text NOT NULL,
  PRIMARY KEY (referral_id, clock)
);
CREATE TRIGGER clock_exception_notify AFTER INSERT OR UPDATE OR DELETE ON clock_exception
  FOR EACH STATEMENT EXECUTE FUNCTION dg_notify_changed ();

CREATE TABLE report_children (
  referral_id   bigint PRIMARY KEY,
  day           text NOT NULL,
  extra         bigint NOT NULL CHECK (extra <> 0)
);
CREATE INDEX report_children_day ON report_children (day);

-- The rows of the referrals @p_referrals as their children say now; a
-- statement's children (a new referral's, the demo's batch) refresh each
-- referral they touched once.
CREATE FUNCTION report_children_refresh (p_referrals bigint[]) RETURNS void LANGUAGE sql AS $$
  DELETE FROM report_children WHERE referral_id = ANY (p_referrals);
  INSERT INTO report_children (referral_id, day, extra)
  SELECT r.id, substr (r.received_at, 1, 10), n.n - 1
  FROM referral r CROSS JOIN LATERAL (SELECT count (*) AS n FROM child c WHERE c.referral_id = r.id) n
  WHERE r.id = ANY (p_referrals) AND n.n <> 1;
$$;

SELECT report_children_refresh (ARRAY (SELECT id FROM referral));

CREATE FUNCTION report_children_new () RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM report_children_refresh (ARRAY (SELECT DISTINCT referral_id FROM new_rows));
  RETURN NULL;
END $$;
CREATE FUNCTION report_children_old () RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM report_children_refresh (ARRAY (SELECT DISTINCT referral_id FROM old_rows));
  RETURN NULL;
END $$;
CREATE FUNCTION report_children_both () RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM report_children_refresh (ARRAY (SELECT referral_id FROM old_rows UNION SELECT referral_id FROM new_rows));
  RETURN NULL;
END $$;
CREATE FUNCTION report_children_referrals_new () RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM report_children_refresh (ARRAY (SELECT id FROM new_rows));
  RETURN NULL;
END $$;
CREATE FUNCTION report_children_referrals_old () RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM report_children_refresh (ARRAY (SELECT id FROM old_rows));
  RETURN NULL;
END $$;
CREATE TRIGGER report_children_insert AFTER INSERT ON child
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_children_new ();
CREATE TRIGGER report_children_delete AFTER DELETE ON child
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION report_children_old ();
CREATE TRIGGER report_children_update AFTER UPDATE ON child
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_children_both ();
CREATE TRIGGER report_children_referral_insert AFTER INSERT ON referral
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_children_referrals_new ();
CREATE TRIGGER report_children_referral_delete AFTER DELETE ON referral
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION report_children_referrals_old ();
-- A referral received on another day moves its row (a row trigger: one
-- with a column list may not have transition tables).
CREATE FUNCTION report_children_referral_changed () RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM report_children_refresh (ARRAY[OLD.id, NEW.id]);
  RETURN NULL;
END $$;
CREATE TRIGGER report_children_referral_update AFTER UPDATE OF id, received_at ON referral
  FOR EACH ROW EXECUTE FUNCTION report_children_referral_changed ();
