-- Diogelu schema, version 13: the hub's own settings (its letterhead and its
-- mail server) kept with the records, so that every practitioner's letters
-- carry the same ones; and the outbox, the letters queued for sending by
-- e-mail, each kept as the exact bytes that go to the server.

-- One row per setting. The logo is kept as base64 text with its type, the
-- CA file as its PEM text; the SMTP password is never here (the keyring).
CREATE TABLE hub_setting (
  key           TEXT PRIMARY KEY
                CHECK (key IN ('name', 'name-cy', 'address', 'address-cy', 'phone', 'email', 'logo',
                               'marking', 'smtp-url', 'smtp-user', 'smtp-ca')),
  value         TEXT NOT NULL,
  mime          TEXT,
  updated_by    TEXT NOT NULL,
  updated_at    TEXT NOT NULL
);

-- A letter on its way. The message is the whole MIME message, every part
-- encoded to 7-bit text (quoted-printable, base64), so TEXT holds its bytes
-- exactly; it never changes once queued, so what the server was given is
-- what is kept. A sent row never changes again: nothing sends it twice.
CREATE TABLE outbox (
  id               INTEGER PRIMARY KEY,
  referral_id      INTEGER NOT NULL REFERENCES referral (id),
  kind             TEXT NOT NULL CHECK (kind IN ('acknowledgement', 'outcome')),
  language         TEXT NOT NULL CHECK (language IN ('en', 'cy', 'cy+en')),
  recipient        TEXT NOT NULL,
  sender           TEXT NOT NULL,
  subject          TEXT NOT NULL,
  body             TEXT NOT NULL,
  template_name    TEXT,
  template_version INTEGER,
  message          TEXT NOT NULL,
  message_id       TEXT NOT NULL,
  state            TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'sending', 'sent', 'failed')),
  attempts         INTEGER NOT NULL DEFAULT 0,
  next_attempt_at  TEXT,
  claimed_at       TEXT,
  last_error       TEXT,
  server_reply     TEXT,
  queued_by        TEXT NOT NULL,
  queued_at        TEXT NOT NULL,
  sent_at          TEXT
);
CREATE INDEX outbox_referral ON outbox (referral_id);
CREATE INDEX outbox_due ON outbox (state, next_attempt_at);
CREATE TRIGGER outbox_message_immutable BEFORE UPDATE OF message, message_id, recipient ON outbox
BEGIN SELECT RAISE (ABORT, 'a queued letter''s message cannot be changed'); END;
CREATE TRIGGER outbox_sent_immutable BEFORE UPDATE ON outbox WHEN OLD.state = 'sent'
BEGIN SELECT RAISE (ABORT, 'a sent letter cannot be changed'); END;
CREATE TRIGGER outbox_delete BEFORE DELETE ON outbox
BEGIN SELECT RAISE (ABORT, 'a letter in the outbox cannot be deleted'); END;
