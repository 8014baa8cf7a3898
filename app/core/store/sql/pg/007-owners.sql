-- Diogelu schema, version 7 on PostgreSQL (see ../007-owners.sql): drafts
-- belong to a person and a window; retried writes carry a client token.
-- Applied in one transaction by the migration loop, which then records the
-- version in dg_schema.
ALTER TABLE draft ADD COLUMN owner text NOT NULL DEFAULT '';
ALTER TABLE draft ADD COLUMN slot text NOT NULL DEFAULT '';
CREATE INDEX draft_owner ON draft (owner, kind, slot);
-- The audit names the login role: a practitioner logs in as a member of
-- diogelu_practitioner, and session_user stays that person even under SET ROLE.
ALTER TABLE audit ALTER COLUMN db_role SET DEFAULT session_user;

CREATE TABLE client_token (
  token         text PRIMARY KEY,
  command       text NOT NULL,
  result        text NOT NULL,
  created_at    text NOT NULL
);

-- On a server the owner of a draft is the login role, and the server, not
-- the client, says who that is: a new draft's owner defaults to
-- session_user, and row-level security (forced, so it binds the role that
-- owns the table too) lets each role see, write and delete only its own
-- drafts, whatever SQL it sends. Drafts from before schema 7 (owner '')
-- cannot be told apart by person, so no role is offered them: they stay,
-- invisible, for an administrator (a superuser bypasses row-level security)
-- to hand back or delete, and are never shown to the wrong practitioner.
ALTER TABLE draft ALTER COLUMN owner SET DEFAULT session_user;
ALTER TABLE draft ENABLE ROW LEVEL SECURITY;
ALTER TABLE draft FORCE ROW LEVEL SECURITY;
CREATE POLICY draft_own ON draft
  USING (owner = session_user)
  WITH CHECK (owner = session_user);

-- ---- Cheaper running totals (issue 19) --------------------------------------------
-- pg_stat_statements on `diogelu-cli demo` showed every stored clock going
-- through three nested PL/pgSQL calls (report_clock_changed ->
-- report_clock_change -> report_total) and each total paying a DELETE ... AND
-- n = 0 even when it had just gone up. The totals come out the same: a count
-- is never below 0, so one raised by 1 never reaches 0 and needs no DELETE;
-- the clock trigger computes due and state itself and calls report_total
-- once per clock, with its key read by primary key.

CREATE OR REPLACE FUNCTION report_total (p_day text, p_grp bigint, p_meet text, p_clock text,
                                         p_due text, p_state text, p_sign bigint)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  a text;
BEGIN
  IF p_clock IN ('confirmation', 'acknowledgement', 'decision', 'outcome') THEN
    INSERT INTO report_day AS t (day, clock, grp, due, state, n)
    VALUES (p_day, p_clock, p_grp, p_due, p_state, p_sign)
    ON CONFLICT (day, clock, grp, due, state) DO UPDATE SET n = t.n + excluded.n;
    INSERT INTO report_month AS t (month, clock, grp, due, state, n)
    VALUES (substr (p_day, 1, 7), p_clock, p_grp, p_due, p_state, p_sign)
    ON CONFLICT (month, clock, grp, due, state) DO UPDATE SET n = t.n + excluded.n;
    IF p_sign < 0 THEN
      DELETE FROM report_day
       WHERE (day, clock, grp, due, state) = (p_day, p_clock, p_grp, p_due, p_state) AND n = 0;
      DELETE FROM report_month
       WHERE (month, clock, grp, due, state) = (substr (p_day, 1, 7), p_clock, p_grp, p_due, p_state) AND n = 0;
    END IF;
  ELSIF p_clock IN ('icpc', 'first-core-group') AND length (p_meet) = 10 THEN
    -- SQLite's scalar subquery: NULL (then a NOT NULL failure) without the group.
    a := (SELECT coalesce (agency, 'other') FROM report_group WHERE id = p_grp);
    INSERT INTO report_protection AS t (day, clock, agency, month, due, state, n)
    VALUES (p_meet, p_clock, a, substr (p_day, 1, 7), p_due, p_state, p_sign)
    ON CONFLICT (day, clock, agency, month, due, state) DO UPDATE SET n = t.n + excluded.n;
    IF p_sign < 0 THEN
      DELETE FROM report_protection
       WHERE (day, clock, agency, month, due, state) = (p_meet, p_clock, a, substr (p_day, 1, 7), p_due, p_state)
         AND n = 0;
    END IF;
  END IF;
END $$;

CREATE OR REPLACE FUNCTION report_clock_changed () RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  k report_key;
BEGIN
  -- Clocks other than these are counted nowhere: no key lookup for them.
  IF TG_OP IN ('UPDATE', 'DELETE')
     AND OLD.clock IN ('confirmation', 'acknowledgement', 'decision', 'outcome', 'icpc', 'first-core-group') THEN
    SELECT * INTO k FROM report_key WHERE referral_id = OLD.referral_id;
    IF FOUND THEN
      PERFORM report_total (k.day, k.grp, k.meet, OLD.clock,
                            CASE WHEN OLD.done_at IS NULL THEN OLD.due ELSE '' END,
                            CASE WHEN OLD.done_at IS NULL THEN 'running'
                                 WHEN substr (OLD.done_at, 1, 10) <= OLD.due THEN 'on-time' ELSE 'late' END,
                            -1);
    END IF;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE')
     AND NEW.clock IN ('confirmation', 'acknowledgement', 'decision', 'outcome', 'icpc', 'first-core-group') THEN
    SELECT * INTO k FROM report_key WHERE referral_id = NEW.referral_id;
    IF FOUND THEN
      PERFORM report_total (k.day, k.grp, k.meet, NEW.clock,
                            CASE WHEN NEW.done_at IS NULL THEN NEW.due ELSE '' END,
                            CASE WHEN NEW.done_at IS NULL THEN 'running'
                                 WHEN substr (NEW.done_at, 1, 10) <= NEW.due THEN 'on-time' ELSE 'late' END,
                            1);
    END IF;
  END IF;
  RETURN NULL;
END $$;

-- The referral and row triggers mark clock_dirty directly, not through
-- clock_mark (one SQL function call less per row).
CREATE OR REPLACE FUNCTION clock_referral_changed () RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO clock_dirty (referral_id) VALUES (NEW.id) ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION clock_row_changed () RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.referral_id IS NOT NULL THEN
    INSERT INTO clock_dirty (referral_id) VALUES (OLD.referral_id) ON CONFLICT DO NOTHING;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.referral_id IS NOT NULL
     AND (TG_OP = 'INSERT' OR NEW.referral_id IS DISTINCT FROM OLD.referral_id) THEN
    INSERT INTO clock_dirty (referral_id) VALUES (NEW.referral_id) ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END $$;

-- The audit names the login role (session_user): current_user is whatever a
-- SET ROLE or a SECURITY DEFINER function made it, e.g. a group role that
-- several practitioners share, which would hide who made the change.
ALTER TABLE audit ALTER COLUMN db_role SET DEFAULT session_user;
