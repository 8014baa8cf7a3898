-- Diogelu schema, version 12 (issue 23): the report-maker's ledger and the
-- active offer. A report-maker who chases, or who disagrees with the
-- decision, is answered within the hub's own timescales; each language
-- wish is recorded with when the offer was made. Both tables are
-- append-only, like the audit trail: a correction is a new entry.

CREATE TABLE ledger_entry (
  id            INTEGER PRIMARY KEY,
  referral_id   INTEGER NOT NULL REFERENCES referral (id),
  kind          TEXT NOT NULL CHECK (kind IN ('chase', 'disagreement')),
  step          TEXT NOT NULL CHECK ((kind = 'chase' AND step IN ('raised', 'replied'))
                                     OR (kind = 'disagreement'
                                         AND step IN ('raised', 'discussed', 'escalated', 'resolved'))),
  note          TEXT NOT NULL CHECK (length (note) BETWEEN 1 AND 2000),
  at            TEXT NOT NULL,
  recorded_by   TEXT NOT NULL,
  recorded_at   TEXT NOT NULL
);
CREATE INDEX ledger_entry_referral ON ledger_entry (referral_id, at, id);
CREATE TRIGGER ledger_entry_no_update BEFORE UPDATE ON ledger_entry
BEGIN SELECT RAISE (ABORT, 'the ledger is append-only'); END;
CREATE TRIGGER ledger_entry_no_delete BEFORE DELETE ON ledger_entry
BEGIN SELECT RAISE (ABORT, 'the ledger is append-only'); END;

CREATE TABLE language_offer (
  id            INTEGER PRIMARY KEY,
  referral_id   INTEGER NOT NULL REFERENCES referral (id),
  person        TEXT NOT NULL CHECK (person IN ('report-maker', 'child', 'parent')),
  person_name   TEXT,
  choice        TEXT NOT NULL CHECK (choice IN ('en', 'cy', 'declined')),
  offered_at    TEXT NOT NULL,
  recorded_by   TEXT NOT NULL,
  recorded_at   TEXT NOT NULL
);
CREATE INDEX language_offer_referral ON language_offer (referral_id, person, offered_at, id);
CREATE TRIGGER language_offer_no_update BEFORE UPDATE ON language_offer
BEGIN SELECT RAISE (ABORT, 'a language offer cannot be changed'); END;
CREATE TRIGGER language_offer_no_delete BEFORE DELETE ON language_offer
BEGIN SELECT RAISE (ABORT, 'a language offer cannot be deleted'); END;

-- The ledger's clocks (chase-reply, disagreement-discussed,
-- escalation-answered) start and stop on its entries; a letter sent to the
-- report-maker answers a chase too. No clock depends on a language offer.
CREATE TRIGGER clock_ledger_insert AFTER INSERT ON ledger_entry
BEGIN SELECT dg_clocks_refresh (NEW.referral_id); END;
-- (Only where there is a chase: an acknowledgement or outcome letter
-- already moves its own clocks through the referral's row.)
CREATE TRIGGER clock_notification_insert AFTER INSERT ON notification
WHEN EXISTS (SELECT 1 FROM ledger_entry WHERE referral_id = NEW.referral_id AND kind = 'chase')
BEGIN SELECT dg_clocks_refresh (NEW.referral_id); END;

-- The Reports page reads the ledger's clocks from the stored clocks (they
-- are few): this finds them without reading every referral's.
CREATE INDEX clock_ledger ON clock (clock, referral_id)
  WHERE clock IN ('chase-reply', 'disagreement-discussed', 'escalation-answered');

INSERT INTO timescale_rule (clock, effective_from, amount, unit, starts_at, source) VALUES
  ('chase-reply',            '2000-01-01', 1,  'working-days', 'chase',        'local default'),
  ('disagreement-discussed', '2000-01-01', 5,  'working-days', 'disagreement', 'local default'),
  ('escalation-answered',    '2000-01-01', 10, 'working-days', 'escalation',   'local default');
