-- Diogelu schema, version 19 (issue 25): an audit trail that proves itself.
-- Each audit row has a link in audit_chain: content_hash, the SHA-256
-- (dg_sha256 (), registered on every connection) of the row's content, and
-- hash, that of the previous link's hash and this content_hash, so that a
-- row edited, deleted or slipped in by anyone who can write the file breaks
-- the chain where it happened, which `diogelu-cli audit verify` names. The
-- content is, joined by the unit separator (char 31):
--   id, at, actor, entity, entity_id, action, detail ('' for none)
-- the link prev_hash || char (31) || content_hash, and the first row's
-- prev_hash is 64 zeros. The chain holds without the content, so a row's
-- personal data can be disposed of later (its content_hash kept) without
-- breaking it. Like the audit, the chain is append-only.

CREATE TABLE audit_chain (
  audit_id      INTEGER PRIMARY KEY,
  prev_hash     TEXT NOT NULL,
  content_hash  TEXT NOT NULL,
  hash          TEXT NOT NULL
);
-- A row's content, as its content_hash hashes it.
CREATE VIEW audit_content (id, content) AS
SELECT id, id || char (31) || at || char (31) || actor || char (31) || entity || char (31) || entity_id
           || char (31) || action || char (31) || coalesce (detail, '')
FROM audit;
CREATE TRIGGER audit_chain_no_update BEFORE UPDATE ON audit_chain
BEGIN SELECT RAISE (ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER audit_chain_no_delete BEFORE DELETE ON audit_chain
BEGIN SELECT RAISE (ABORT, 'the audit trail is append-only'); END;

-- The rows there already, in order.
WITH RECURSIVE link (id, prev_hash, content_hash, hash) AS (
  SELECT c.id, p.zero, dg_sha256 (c.content), dg_sha256 (p.zero || char (31) || dg_sha256 (c.content))
  FROM audit_content c, (SELECT '0000000000000000000000000000000000000000000000000000000000000000' AS zero) p
  WHERE c.id = (SELECT min (id) FROM audit)
  UNION ALL
  SELECT c.id, l.hash, dg_sha256 (c.content), dg_sha256 (l.hash || char (31) || dg_sha256 (c.content))
  FROM link l JOIN audit_content c ON c.id = (SELECT min (id) FROM audit WHERE id > l.id)
)
INSERT INTO audit_chain (audit_id, prev_hash, content_hash, hash) SELECT id, prev_hash, content_hash, hash FROM link;

-- Each new row, linked to the last.
CREATE TRIGGER audit_chain_append AFTER INSERT ON audit
BEGIN
  INSERT INTO audit_chain (audit_id, prev_hash, content_hash, hash)
  SELECT NEW.id, p.hash, c.content_hash, dg_sha256 (p.hash || char (31) || c.content_hash)
  FROM (SELECT coalesce ((SELECT hash FROM audit_chain ORDER BY audit_id DESC LIMIT 1),
                         '0000000000000000000000000000000000000000000000000000000000000000') AS hash) p,
       (SELECT dg_sha256 (NEW.id || char (31) || NEW.at || char (31) || NEW.actor || char (31) || NEW.entity
                          || char (31) || NEW.entity_id || char (31) || NEW.action || char (31)
                          || coalesce (NEW.detail, '')) AS content_hash) c;
END;
