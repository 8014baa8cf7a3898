-- The hub's roles on PostgreSQL (README: "Running a shared hub on
-- PostgreSQL"), applied by the tables' owner at every read-write open
-- (`diogelu-cli init` among them), after any upgrade, in the same
-- transaction. Idempotent: GRANT and REVOKE of what is already so do nothing.
--
-- * diogelu_practitioner (NOLOGIN; login roles are made its members): reads
--   and writes the records, appends to the audit trail but never updates,
--   deletes or truncates it, and owns nothing, so it can neither drop a
--   trigger nor alter a table.
-- * diogelu_reader (NOLOGIN): reads only.
-- * diogelu_manager (NOLOGIN, issue 25): what a practitioner may, and
--   restricts records (referral_restriction) and reads restricted ones
--   without breaking the glass (dg_may_read_referral ()).
-- * diogelu_education (NOLOGIN, issue 25): education liaison, with a
--   practitioner's grants, but row-level security (schema 22) shows it
--   only referrals whose report-maker is a school, and what is theirs.
-- * diogelu_administrator (NOLOGIN, issue 25): a manager's grants, and the
--   retention schedule and disposal approvals.
-- Only managers and administrators write timescale and expected-agency
-- rules, agreed exceptions, restrictions and snapshots; only
-- administrators (and the owner) the retention schedule and approvals.
-- Restricted referrals are behind row-level security (schema 20, policy
-- referral_restricted): every role but the owner is bound by it.
-- The group roles are created here when the owner may (CREATEROLE);
-- otherwise the server warns what the administrator must run.
DO $roles$
DECLARE
  may_create boolean := (SELECT rolcreaterole OR rolsuper FROM pg_roles WHERE rolname = current_user);
  name text;
BEGIN
  FOREACH name IN ARRAY ARRAY['diogelu_practitioner', 'diogelu_reader', 'diogelu_manager',
                              'diogelu_education', 'diogelu_administrator'] LOOP
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = name) THEN
      IF may_create THEN
        EXECUTE format ('CREATE ROLE %I NOLOGIN', name);
      ELSE
        RAISE WARNING 'The role % does not exist and this role may not create it: as an administrator run CREATE ROLE % NOLOGIN; then diogelu-cli init again', name, name;
      END IF;
    END IF;
  END LOOP;

  -- Practitioners, and education liaison (whose rows row-level security narrows).
  FOREACH name IN ARRAY ARRAY['diogelu_practitioner', 'diogelu_education'] LOOP
    CONTINUE WHEN NOT EXISTS (SELECT FROM pg_roles WHERE rolname = name);
    EXECUTE format ('GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO %I', name);
    EXECUTE format ('GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO %I', name);
    -- The audit trail: append only, and db_role (who, as the server knows
    -- it) is always the server's default, never a value the client gives.
    EXECUTE format ('REVOKE ALL ON audit, dg_schema FROM %I', name);
    EXECUTE format ('GRANT SELECT ON audit, dg_schema TO %I', name);
    EXECUTE format ('GRANT INSERT (at, actor, entity, entity_id, action, detail) ON audit TO %I', name);
    -- The report-maker's ledger and the language offers (schema 12): append only.
    EXECUTE format ('REVOKE UPDATE, DELETE, TRUNCATE ON ledger_entry, language_offer FROM %I', name);
    -- The rules the clocks and the meetings' banner follow (a manager's, schema 22).
    EXECUTE format ('REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON timescale_rule FROM %I', name);
    IF EXISTS (SELECT FROM pg_tables WHERE tablename = 'expected_agency_rule') THEN
      EXECUTE format ('REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON expected_agency_rule FROM %I', name);
    END IF;
    -- Agreed exceptions (schema 17) are a manager's.
    IF EXISTS (SELECT FROM pg_tables WHERE tablename = 'clock_exception') THEN
      EXECUTE format ('REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON clock_exception FROM %I', name);
    END IF;
    -- Snapshots of the figures as submitted (schema 18): saved by a
    -- manager, never changed.
    IF EXISTS (SELECT FROM pg_tables WHERE tablename = 'report_snapshot') THEN
      EXECUTE format ('REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON report_snapshot FROM %I', name);
    END IF;
    -- The audit trail's hash chain (schema 19): made by its trigger, as the
    -- owner; read only, so no link can be forged.
    IF EXISTS (SELECT FROM pg_tables WHERE tablename = 'audit_chain') THEN
      EXECUTE format ('REVOKE ALL ON audit_chain FROM %I', name);
      EXECUTE format ('GRANT SELECT ON audit_chain TO %I', name);
    END IF;
    -- Restrictions (schema 20): read by all, made and lifted by managers;
    -- break_glass only through dg_break_glass ().
    IF EXISTS (SELECT FROM pg_tables WHERE tablename = 'referral_restriction') THEN
      EXECUTE format ('REVOKE ALL ON referral_restriction, break_glass FROM %I', name);
      EXECUTE format ('GRANT SELECT ON referral_restriction TO %I', name);
    END IF;
  END LOOP;

  -- Managers, and administrators: what a practitioner may, and the rules,
  -- exceptions, restrictions and snapshots.
  FOREACH name IN ARRAY ARRAY['diogelu_manager', 'diogelu_administrator'] LOOP
    CONTINUE WHEN NOT EXISTS (SELECT FROM pg_roles WHERE rolname = name)
               OR NOT EXISTS (SELECT FROM pg_tables WHERE tablename = 'referral_restriction');
    EXECUTE format ('GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO %I', name);
    EXECUTE format ('GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO %I', name);
    EXECUTE format ('REVOKE ALL ON audit, dg_schema, break_glass FROM %I', name);
    EXECUTE format ('GRANT SELECT ON audit, dg_schema TO %I', name);
    EXECUTE format ('GRANT INSERT (at, actor, entity, entity_id, action, detail) ON audit TO %I', name);
    EXECUTE format ('REVOKE UPDATE, DELETE, TRUNCATE ON ledger_entry, language_offer, report_snapshot FROM %I', name);
    EXECUTE format ('REVOKE ALL ON audit_chain FROM %I', name);
    EXECUTE format ('GRANT SELECT ON audit_chain TO %I', name);
  END LOOP;

  -- Retention (schema 21): the passes that let a disposal remove guarded
  -- rows and erase audit details are the tables' owner's alone, so no
  -- role can dispose or open that path from psql; the schedule and the
  -- disposal approvals are an administrator's (schema 22); holds may be
  -- added by anyone.
  IF EXISTS (SELECT FROM pg_tables WHERE tablename = 'disposal_pass') THEN
    FOREACH name IN ARRAY ARRAY['diogelu_practitioner', 'diogelu_education', 'diogelu_manager', 'diogelu_administrator'] LOOP
      CONTINUE WHEN NOT EXISTS (SELECT FROM pg_roles WHERE rolname = name);
      EXECUTE format ('REVOKE ALL ON disposal_pass, disposal_erase FROM %I', name);
      EXECUTE format ('GRANT SELECT ON disposal_pass, disposal_erase TO %I', name);
      EXECUTE format ('REVOKE DELETE, TRUNCATE ON retention_hold FROM %I', name);
      EXECUTE format ('REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON retention_schedule, retention_approval FROM %I', name);
    END LOOP;
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'diogelu_administrator') THEN
      GRANT UPDATE ON retention_schedule TO diogelu_administrator;
      GRANT INSERT ON retention_approval TO diogelu_administrator;
    END IF;
  END IF;

  IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'diogelu_reader') THEN
    GRANT SELECT ON ALL TABLES IN SCHEMA public TO diogelu_reader;
  END IF;
END
$roles$;
