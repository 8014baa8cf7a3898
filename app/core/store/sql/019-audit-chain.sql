-- Diogelu schema, version 19 (issue 25): an audit trail that proves itself.
-- Each audit row has a link in audit_chain: the SHA-256 (dg_sha256 (),
-- registered on every connection) of the previous link's hash and the row's
-- own content, so that a row edited, deleted or slipped in by anyone who
-- can write the file breaks the chain where it happened, which
-- `diogelu-cli audit verify` names. The content hashed is, joined by the
-- unit separator (char 31):
--   prev_hash, id, at, actor, entity, entity_id, action, detail ('' for none)
-- and the first row's prev_hash is 64 zeros. Like the audit, the chain is
-- append-only.

CREATE TABLE audit_chain (
  audit_id      INTEGER PRIMARY KEY,
  prev_hash     TEXT NOT NULL,
  hash          TEXT NOT NULL
);
CREATE TRIGGER audit_chain_no_update BEFORE UPDATE ON audit_chain
BEGIN SELECT RAISE (ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER audit_chain_no_delete BEFORE DELETE ON audit_chain
BEGIN SELECT RAISE (ABORT, 'the audit trail is append-only'); END;

-- The rows there already, in order.
WITH RECURSIVE link (id, prev_hash, hash) AS (
  SELECT a.id, p.zero,
         dg_sha256 (p.zero || char (31) || a.id || char (31) || a.at || char (31) || a.actor || char (31) || a.entity
                    || char (31) || a.entity_id || char (31) || a.action || char (31) || coalesce (a.detail, ''))
  FROM audit a, (SELECT '0000000000000000000000000000000000000000000000000000000000000000' AS zero) p
  WHERE a.id = (SELECT min (id) FROM audit)
  UNION ALL
  SELECT a.id, l.hash,
         dg_sha256 (l.hash || char (31) || a.id || char (31) || a.at || char (31) || a.actor || char (31) || a.entity
                    || char (31) || a.entity_id || char (31) || a.action || char (31) || coalesce (a.detail, ''))
  FROM link l JOIN audit a ON a.id = (SELECT min (id) FROM audit WHERE id > l.id)
)
INSERT INTO audit_chain (audit_id, prev_hash, hash) SELECT id, prev_hash, hash FROM link;

-- Each new row, linked to the last.
CREATE TRIGGER audit_chain_append AFTER INSERT ON audit
BEGIN
  INSERT INTO audit_chain (audit_id, prev_hash, hash)
  SELECT NEW.id, p.hash,
         dg_sha256 (p.hash || char (31) || NEW.id || char (31) || NEW.at || char (31) || NEW.actor || char (31) || NEW.entity
                    || char (31) || NEW.entity_id || char (31) || NEW.action || char (31) || coalesce (NEW.detail, ''))
  FROM (SELECT coalesce ((SELECT hash FROM audit_chain ORDER BY audit_id DESC LIMIT 1),
                         '0000000000000000000000000000000000000000000000000000000000000000') AS hash) p;
END;
