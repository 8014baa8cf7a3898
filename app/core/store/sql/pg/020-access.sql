-- Diogelu schema, version 20 (issue 25): who opened what, and restricted
-- records, enforced by the server (row-level security), not by the app.
CREATE INDEX audit_view ON audit (action, at);

CREATE TABLE referral_restriction (
  referral_id    bigint PRIMARY KEY REFERENCES referral (id),
  restricted_at  text NOT NULL,
  restricted_by  text NOT NULL,
  reason         text NOT NULL CHECK (reason <> '')
);

-- Break glass: who opened which restricted referral in which transaction.
-- Written only by dg_break_glass () (SECURITY DEFINER, as the owner), so a
-- login role cannot grant itself access; a session setting would not do,
-- as anyone may set one.
CREATE TABLE break_glass (
  referral_id  bigint NOT NULL REFERENCES referral (id),
  db_role      text NOT NULL,
  xact         xid8 NOT NULL,
  PRIMARY KEY (xact, referral_id, db_role)
);

-- True when the current login may read referral @id: it is not restricted,
-- or the login is a manager (or the owner), or it broke the glass for it in
-- this transaction. SECURITY DEFINER so that the policy below can read the
-- two tables above whatever the caller's grants; STABLE, keyed by id.
CREATE FUNCTION dg_may_read_referral (id bigint) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT NOT EXISTS (SELECT FROM referral_restriction r WHERE r.referral_id = id)
      OR CASE WHEN EXISTS (SELECT FROM pg_roles WHERE rolname = 'diogelu_manager')
              THEN pg_has_role (session_user, 'diogelu_manager', 'MEMBER') ELSE false END
      OR EXISTS (SELECT FROM break_glass g
                 WHERE g.referral_id = id AND g.db_role = session_user AND g.xact = pg_current_xact_id ())
$$;

-- Logs the opening of restricted referral @id with @reason (an audit row,
-- action 'view', the reason in its detail, db_role the session's login)
-- and lets this login read it for the rest of the transaction.
CREATE FUNCTION dg_break_glass (id bigint, reason text, actor text DEFAULT NULL, at text DEFAULT NULL) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  IF reason IS NULL OR btrim (reason) = '' THEN
    RAISE EXCEPTION 'a reason is required to open a restricted record' USING ERRCODE = '22023';
  END IF;
  INSERT INTO audit (at, actor, entity, entity_id, action, detail, db_role)
  VALUES (coalesce (at, to_char (localtimestamp, 'YYYY-MM-DD"T"HH24:MI:SS')), coalesce (actor, session_user),
          'referral', id, 'view',
          json_build_object ('reason', reason)::text, session_user);
  INSERT INTO break_glass (referral_id, db_role, xact) VALUES (id, session_user, pg_current_xact_id ())
  ON CONFLICT DO NOTHING;
END
$$;

-- The owner (and so the app's own tests, and `init`) is not bound; every
-- other role is, whatever it was granted on the table.
ALTER TABLE referral ENABLE ROW LEVEL SECURITY;
CREATE POLICY referral_restricted ON referral FOR ALL
  USING (dg_may_read_referral (id)) WITH CHECK (dg_may_read_referral (id));
