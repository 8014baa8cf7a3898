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
-- Restricted referrals are behind row-level security (schema 20, policy
-- referral_restricted): every role but the owner is bound by it.
-- The group roles are created here when the owner may (CREATEROLE);
-- otherwise the server warns what the administrator must run.
DO $roles$
DECLARE
  may_create boolean := (SELECT rolcreaterole OR rolsuper FROM pg_roles WHERE rolname = current_user);
  name text;
BEGIN
  FOREACH name IN ARRAY ARRAY['diogelu_practitioner', 'diogelu_reader', 'diogelu_manager'] LOOP
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = name) THEN
      IF may_create THEN
        EXECUTE format ('CREATE ROLE %I NOLOGIN', name);
      ELSE
        RAISE WARNING 'The role % does not exist and this role may not create it: as an administrator run CREATE ROLE % NOLOGIN; then diogelu-cli init again', name, name;
      END IF;
    END IF;
  END LOOP;

  IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'diogelu_practitioner') THEN
    GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO diogelu_practitioner;
    GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO diogelu_practitioner;
    -- The audit trail: append only, and db_role (who, as the server knows
    -- it) is always the server's default, never a value the client gives.
    REVOKE ALL ON audit, dg_schema FROM diogelu_practitioner;
    GRANT SELECT ON audit, dg_schema TO diogelu_practitioner;
    GRANT INSERT (at, actor, entity, entity_id, action, detail) ON audit TO diogelu_practitioner;
    -- The report-maker's ledger and the language offers (schema 12): append only.
    REVOKE UPDATE, DELETE, TRUNCATE ON ledger_entry, language_offer FROM diogelu_practitioner;
    -- Snapshots of the figures as submitted (schema 18): saved, never changed.
    IF EXISTS (SELECT FROM pg_tables WHERE tablename = 'report_snapshot') THEN
      REVOKE UPDATE, DELETE, TRUNCATE ON report_snapshot FROM diogelu_practitioner;
    END IF;
    -- The audit trail's hash chain (schema 19): made by its trigger, as the
    -- owner; read only, so no link can be forged.
    IF EXISTS (SELECT FROM pg_tables WHERE tablename = 'audit_chain') THEN
      REVOKE ALL ON audit_chain FROM diogelu_practitioner;
      GRANT SELECT ON audit_chain TO diogelu_practitioner;
    END IF;
    -- Retention (schema 21): the passes that let a disposal remove guarded
    -- rows and erase audit details are the tables' owner's alone, so a
    -- practitioner's role can neither dispose nor open that path from psql;
    -- the schedule is read only; holds and approvals may be added.
    IF EXISTS (SELECT FROM pg_tables WHERE tablename = 'disposal_pass') THEN
      REVOKE ALL ON disposal_pass, disposal_erase FROM diogelu_practitioner;
      GRANT SELECT ON disposal_pass, disposal_erase TO diogelu_practitioner;
      REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON retention_schedule FROM diogelu_practitioner;
      REVOKE DELETE, TRUNCATE ON retention_hold, retention_approval FROM diogelu_practitioner;
    END IF;
  END IF;
  -- Restrictions (schema 20): read by all, made and lifted by managers;
  -- break_glass only through dg_break_glass ().
  IF EXISTS (SELECT FROM pg_tables WHERE tablename = 'referral_restriction') THEN
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'diogelu_practitioner') THEN
      REVOKE ALL ON referral_restriction, break_glass FROM diogelu_practitioner;
      GRANT SELECT ON referral_restriction TO diogelu_practitioner;
    END IF;
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'diogelu_manager') THEN
      GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO diogelu_manager;
      GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO diogelu_manager;
      REVOKE ALL ON audit, dg_schema, break_glass FROM diogelu_manager;
      GRANT SELECT ON audit, dg_schema TO diogelu_manager;
      GRANT INSERT (at, actor, entity, entity_id, action, detail) ON audit TO diogelu_manager;
      REVOKE UPDATE, DELETE, TRUNCATE ON ledger_entry, language_offer, report_snapshot FROM diogelu_manager;
      REVOKE ALL ON audit_chain FROM diogelu_manager;
      GRANT SELECT ON audit_chain TO diogelu_manager;
    END IF;
  END IF;
  IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'diogelu_reader') THEN
    GRANT SELECT ON ALL TABLES IN SCHEMA public TO diogelu_reader;
  END IF;
END
$roles$;
