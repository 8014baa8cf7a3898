-- Diogelu schema, version 21 (issue 25): retention and disposal.
-- How long each kind of record is kept (editable, audited), legal holds
-- that stop disposal, and the approvals a disposal needs (two different
-- people). A disposal removes a referral and everything about it; the
-- append-only tables let a row go only while its referral is named in
-- disposal_pass, and the audit lets a row lose its detail (nothing else)
-- only while it is named in disposal_erase: the disposal fills both inside
-- its transaction and empties them before it commits.

CREATE TABLE retention_schedule (
  record_type   TEXT PRIMARY KEY CHECK (record_type IN ('nfa', 'child-protection', 'audit')),
  -- 'age': years after the youngest child's date of birth; 'last-contact':
  -- years after the last dated event of the referral; 'record': as long as
  -- the record it describes (the audit).
  basis         TEXT NOT NULL CHECK (basis IN ('age', 'last-contact', 'record')),
  years         INTEGER CHECK (years IS NULL OR years BETWEEN 1 AND 150),
  updated_by    TEXT NOT NULL,
  updated_at    TEXT NOT NULL
);
INSERT INTO retention_schedule VALUES
  ('nfa', 'age', 25, 'Diogelu', '2026-12-02T00:00:00'),
  ('child-protection', 'last-contact', 35, 'Diogelu', '2026-12-02T00:00:00'),
  ('audit', 'record', NULL, 'Diogelu', '2026-12-02T00:00:00');

-- A legal hold: one referral, one child (by folded name, every referral
-- about them), or an inquiry's moratorium over the referrals received in a
-- range of dates (both NULL: all of them).
CREATE TABLE retention_hold (
  id            INTEGER PRIMARY KEY,
  kind          TEXT NOT NULL CHECK (kind IN ('referral', 'child', 'inquiry')),
  name          TEXT NOT NULL CHECK (length (trim (name)) > 0),
  referral_id   INTEGER,
  name_key      TEXT,
  from_date     TEXT,
  to_date       TEXT,
  reason        TEXT NOT NULL CHECK (length (trim (reason)) > 0),
  created_by    TEXT NOT NULL,
  created_at    TEXT NOT NULL,
  released_by   TEXT,
  released_at   TEXT,
  CHECK (kind <> 'referral' OR referral_id IS NOT NULL),
  CHECK (kind <> 'child' OR name_key IS NOT NULL)
);

CREATE TABLE retention_approval (
  referral_id   INTEGER NOT NULL,
  approver      TEXT NOT NULL,
  approved_at   TEXT NOT NULL,
  PRIMARY KEY (referral_id, approver)
) WITHOUT ROWID;

CREATE TABLE disposal_pass (referral_id INTEGER PRIMARY KEY);
CREATE TABLE disposal_erase (audit_id INTEGER PRIMARY KEY);

DROP TRIGGER notification_immutable_delete;
CREATE TRIGGER notification_immutable_delete BEFORE DELETE ON notification
WHEN NOT EXISTS (SELECT 1 FROM disposal_pass WHERE referral_id = OLD.referral_id)
BEGIN SELECT RAISE (ABORT, 'a sent notification cannot be deleted'); END;
DROP TRIGGER ledger_entry_no_delete;
CREATE TRIGGER ledger_entry_no_delete BEFORE DELETE ON ledger_entry
WHEN NOT EXISTS (SELECT 1 FROM disposal_pass WHERE referral_id = OLD.referral_id)
BEGIN SELECT RAISE (ABORT, 'the ledger is append-only'); END;
DROP TRIGGER language_offer_no_delete;
CREATE TRIGGER language_offer_no_delete BEFORE DELETE ON language_offer
WHEN NOT EXISTS (SELECT 1 FROM disposal_pass WHERE referral_id = OLD.referral_id)
BEGIN SELECT RAISE (ABORT, 'a language offer cannot be deleted'); END;
DROP TRIGGER outbox_delete;
CREATE TRIGGER outbox_delete BEFORE DELETE ON outbox
WHEN NOT EXISTS (SELECT 1 FROM disposal_pass WHERE referral_id = OLD.referral_id)
BEGIN SELECT RAISE (ABORT, 'a letter in the outbox cannot be deleted'); END;
-- Only the detail, only to nothing, only for the rows a disposal names.
DROP TRIGGER audit_no_update;
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
WHEN NOT (EXISTS (SELECT 1 FROM disposal_erase WHERE audit_id = OLD.id)
          AND NEW.id = OLD.id AND NEW.at = OLD.at AND NEW.actor = OLD.actor AND NEW.entity = OLD.entity
          AND NEW.entity_id = OLD.entity_id AND NEW.action = OLD.action AND NEW.detail IS NULL)
BEGIN SELECT RAISE (ABORT, 'the audit trail is append-only'); END;
