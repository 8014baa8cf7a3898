-- Diogelu schema, version 19 on PostgreSQL (see ../019-audit-chain.sql):
-- the audit trail's hash chain. The link is made by a trigger that runs as
-- the tables' owner, under the hub's write lock so no two links name the
-- same previous one; roles.sql leaves a practitioner only reading the
-- chain, so a link cannot be forged from psql either.

CREATE FUNCTION dg_sha256 (t text) RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT encode (sha256 (convert_to (t, 'UTF8')), 'hex') $$;

-- A row's content hash (see ../019-audit-chain.sql).
CREATE FUNCTION dg_audit_content_hash (a audit) RETURNS text LANGUAGE sql IMMUTABLE
AS $$ SELECT dg_sha256 (a.id || chr (31) || a.at || chr (31) || a.actor || chr (31) || a.entity
                        || chr (31) || a.entity_id || chr (31) || a.action || chr (31) || coalesce (a.detail, '')) $$;

CREATE TABLE audit_chain (
  audit_id      bigint PRIMARY KEY,
  prev_hash     text NOT NULL,
  content_hash  text NOT NULL,
  hash          text NOT NULL
);
CREATE TRIGGER audit_chain_no_update BEFORE UPDATE ON audit_chain
  FOR EACH ROW EXECUTE FUNCTION audit_append_only ();
CREATE TRIGGER audit_chain_no_delete BEFORE DELETE ON audit_chain
  FOR EACH ROW EXECUTE FUNCTION audit_append_only ();
CREATE TRIGGER audit_chain_no_truncate BEFORE TRUNCATE ON audit_chain
  FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only ();

-- The rows there already, in order.
DO $$
DECLARE
  prev text := repeat ('0', 64);
  content text;
  a audit;
BEGIN
  FOR a IN SELECT * FROM audit ORDER BY id LOOP
    content := dg_audit_content_hash (a);
    INSERT INTO audit_chain (audit_id, prev_hash, content_hash, hash)
    VALUES (a.id, prev, content, dg_sha256 (prev || chr (31) || content));
    prev := dg_sha256 (prev || chr (31) || content);
  END LOOP;
END $$;

CREATE FUNCTION audit_chain_append () RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public
AS $$
DECLARE
  prev text;
  content text := dg_audit_content_hash (NEW);
BEGIN
  PERFORM pg_advisory_xact_lock (1145523285);
  SELECT hash INTO prev FROM audit_chain ORDER BY audit_id DESC LIMIT 1;
  prev := coalesce (prev, repeat ('0', 64));
  INSERT INTO audit_chain (audit_id, prev_hash, content_hash, hash)
  VALUES (NEW.id, prev, content, dg_sha256 (prev || chr (31) || content));
  RETURN NULL;
END $$;
CREATE TRIGGER audit_chain_append AFTER INSERT ON audit
  FOR EACH ROW EXECUTE FUNCTION audit_chain_append ();
