-- Diogelu schema, version 9 on PostgreSQL (see ../009-clock-basis.sql):
-- what the clocks are computed from besides a referral's own record (the
-- timescale rules and the closure days) is numbered, and a save that
-- computed a new referral's clocks itself proves, in the statement sent
-- with its COMMIT, that nothing else is waiting for its clocks.
-- Applied in one transaction by the migration loop.
--
-- pg_stat_statements on a referral save showed the before-commit refresh
-- (one round trip reading the marked referral, its events, every closure
-- day and every rule) taking 127 of its 480 microseconds on the server.
-- A new referral has nothing recorded but its receipt, which the saving
-- connection already holds; with the rules and closure days kept by the
-- connection (and read again only when this number moves), its clocks go
-- to the server with the rest of the save, and the refresh is not needed.

-- The number of the timescales and closure days in force: one row, moved
-- by every statement that changes either table (whatever SQL made it).
CREATE TABLE clock_basis (version bigint NOT NULL);
CREATE UNIQUE INDEX clock_basis_one_row ON clock_basis ((true));
INSERT INTO clock_basis (version) VALUES (1);

CREATE FUNCTION clock_basis_changed () RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE clock_basis SET version = version + 1;
  RETURN NULL;
END $$;

CREATE TRIGGER timescale_rule_basis AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON timescale_rule
  FOR EACH STATEMENT EXECUTE FUNCTION clock_basis_changed ();
CREATE TRIGGER closure_day_basis AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON closure_day
  FOR EACH STATEMENT EXECUTE FUNCTION clock_basis_changed ();

-- Sent last before COMMIT by a save that stored referral's clocks itself:
-- its mark is taken off, and any other mark means some statement of the
-- same transaction moved clocks the saving connection did not compute; the
-- transaction is then refused as a serialisation failure (nothing is
-- saved, and the app saves again, the usual way).
CREATE FUNCTION clock_settled (referral bigint) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM clock_dirty WHERE referral_id = referral;
  IF EXISTS (SELECT FROM clock_dirty) THEN
    RAISE EXCEPTION 'clocks other than those of referral % are waiting to be computed', referral
      USING ERRCODE = 'serialization_failure';
  END IF;
END $$;

