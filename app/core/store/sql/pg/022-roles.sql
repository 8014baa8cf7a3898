-- Diogelu schema, version 22 on PostgreSQL (see ../022-roles.sql): the
-- roles of issue 25, enforced by the server so that the CLI and any SQL
-- client are bound as the windows are. Grants are in roles.sql (applied at
-- every read-write open); here what row-level security needs.

-- Whether the login (session_user: a SET ROLE or SECURITY DEFINER does not
-- change it) is a member of @name, false when there is no such role.
CREATE FUNCTION dg_member_of (name text) RETURNS boolean
LANGUAGE sql STABLE SET search_path = public, pg_temp AS $$
  SELECT CASE WHEN EXISTS (SELECT FROM pg_roles WHERE rolname = name)
              THEN pg_has_role (session_user, name, 'MEMBER') ELSE false END
$$;

-- The login's role: the tables' owner (and a superuser) is administrator;
-- else membership of diogelu_administrator, diogelu_manager,
-- diogelu_education, in that order; else practitioner.
CREATE FUNCTION dg_role_kind () RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT CASE WHEN pg_has_role (session_user, (SELECT relowner FROM pg_class WHERE oid = 'dg_schema'::regclass), 'MEMBER')
              THEN 'administrator'
              WHEN dg_member_of ('diogelu_administrator') THEN 'administrator'
              WHEN dg_member_of ('diogelu_manager') THEN 'manager'
              WHEN dg_member_of ('diogelu_education') THEN 'education'
              ELSE 'practitioner' END
$$;

-- Education liaison reads and writes only referrals whose report-maker is
-- an education agency (a school), and what belongs to them; every other
-- role, every referral (restrictions aside). SECURITY DEFINER, as the
-- owner, whom row-level security does not bind, so that the question
-- itself sees the referral and its report-maker.
CREATE FUNCTION dg_role_sees_reporter (reporter bigint) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT dg_role_kind () <> 'education'
      OR EXISTS (SELECT FROM reporter p WHERE p.id = reporter AND p.agency = 'education')
$$;
CREATE FUNCTION dg_role_sees_referral (id bigint) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT dg_role_kind () <> 'education'
      OR EXISTS (SELECT FROM referral r JOIN reporter p ON p.id = r.reporter_id
                  WHERE r.id = dg_role_sees_referral.id AND p.agency = 'education')
$$;

-- Managers (and administrators) read restricted referrals without
-- breaking the glass: by role now, so that an administrator does too.
CREATE OR REPLACE FUNCTION dg_may_read_referral (id bigint) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT NOT EXISTS (SELECT FROM referral_restriction r WHERE r.referral_id = id)
      OR dg_role_kind () IN ('manager', 'administrator')
      OR EXISTS (SELECT FROM break_glass g
                 WHERE g.referral_id = id AND g.db_role = session_user AND g.xact = pg_current_xact_id ())
$$;

-- Restrictive: on top of the restriction's permissive policy, never instead.
CREATE POLICY referral_role ON referral AS RESTRICTIVE FOR ALL
  USING (dg_role_sees_reporter (reporter_id)) WITH CHECK (dg_role_sees_reporter (reporter_id));

-- Report-makers: education liaison sees schools' only (not health's or
-- the police's names and numbers).
ALTER TABLE reporter ENABLE ROW LEVEL SECURITY;
CREATE POLICY reporter_role ON reporter FOR ALL
  USING (dg_role_kind () <> 'education' OR agency = 'education')
  WITH CHECK (dg_role_kind () <> 'education' OR agency = 'education');

-- What belongs to a referral follows it: its children, household,
-- agencies, decision, meetings, letters (and the e-mails of the letters),
-- the report-maker's ledger, exceptions and the search index.
DO $rls$
DECLARE
  t text;
  col text;
BEGIN
  FOREACH t IN ARRAY ARRAY['child', 'household_member', 'referral_category', 'involved_agency', 'referral_link',
                           'decision', 'meeting', 'cp_event', 'notification', 'ledger_entry', 'language_offer',
                           'outbox', 'clock_exception', 'referral_search'] LOOP
    col := CASE t WHEN 'referral_search' THEN 'rowid' ELSE 'referral_id' END;
    EXECUTE format ('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format ('CREATE POLICY %I ON %I FOR ALL USING (dg_role_sees_referral (%I)) WITH CHECK (dg_role_sees_referral (%I))',
                    t || '_role', t, col, col);
  END LOOP;
END
$rls$;

-- Within a school's referral, education liaison still does not see the
-- health and police agencies involved (who they are, their contacts).
CREATE POLICY involved_agency_education ON involved_agency AS RESTRICTIVE FOR SELECT
  USING (dg_role_kind () <> 'education' OR agency NOT IN ('health', 'police'));
