-- Diogelu schema, version 1: the whole data model of a duty-to-report front door.
-- Times are local wall-clock text, YYYY-MM-DDTHH:MM:SS; dates YYYY-MM-DD.

CREATE TABLE reporter (
  id            INTEGER PRIMARY KEY,
  name          TEXT NOT NULL DEFAULT '',
  role          TEXT,
  organisation  TEXT,
  agency        TEXT NOT NULL DEFAULT 'other'
                CHECK (agency IN ('education', 'health', 'police', 'probation', 'housing',
                                  'local-authority', 'third-sector', 'public', 'other')),
  email         TEXT,
  phone         TEXT,
  address       TEXT,
  language      TEXT NOT NULL DEFAULT 'en' CHECK (language IN ('en', 'cy')),
  anonymous     INTEGER NOT NULL DEFAULT 0 CHECK (anonymous IN (0, 1)),
  created_at    TEXT NOT NULL,
  -- Practitioners cannot be anonymous; members of the public can.
  CHECK (anonymous = 0 OR agency = 'public')
);
CREATE INDEX reporter_name ON reporter (name COLLATE NOCASE);
CREATE INDEX reporter_organisation ON reporter (organisation COLLATE NOCASE);

CREATE TABLE referral (
  id                INTEGER PRIMARY KEY,
  reference         TEXT NOT NULL UNIQUE,
  received_at       TEXT NOT NULL,
  channel           TEXT CHECK (channel IN ('phone', 'email', 'form', 'in-person')),
  reporter_id       INTEGER REFERENCES reporter (id),
  status            TEXT NOT NULL DEFAULT 'new'
                    CHECK (status IN ('new', 'acknowledged', 'decided', 'closed')),
  rag               TEXT CHECK (rag IN ('red', 'amber', 'green')),
  concern           TEXT,
  immediate_action  TEXT,
  other_information TEXT,
  confirmed_at      TEXT,   -- written confirmation of a phoned report
  acknowledged_at   TEXT,
  acknowledged_method TEXT CHECK (acknowledged_method IN ('email', 'letter', 'phone')),
  outcome_sent_at   TEXT,
  created_at        TEXT NOT NULL,
  updated_at        TEXT NOT NULL,
  version           INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX referral_received ON referral (received_at DESC, id DESC);
CREATE INDEX referral_status ON referral (status, received_at DESC);
CREATE INDEX referral_reporter ON referral (reporter_id);

CREATE TABLE child (
  id                  INTEGER PRIMARY KEY,
  referral_id         INTEGER NOT NULL REFERENCES referral (id),
  position            INTEGER NOT NULL DEFAULT 0,
  name                TEXT NOT NULL CHECK (length (trim (name)) > 0),
  name_key            TEXT NOT NULL,       -- folded: no case, no accents, for repeat matching
  aliases             TEXT,
  dob                 TEXT,
  dob_expected        INTEGER NOT NULL DEFAULT 0 CHECK (dob_expected IN (0, 1)),
  gender              TEXT,
  address             TEXT,
  ethnicity           TEXT,
  first_language      TEXT,
  religion            TEXT,
  interpreter_needed  INTEGER NOT NULL DEFAULT 0 CHECK (interpreter_needed IN (0, 1)),
  additional_needs    TEXT,
  school              TEXT,
  attendance          TEXT,
  parental_responsibility TEXT
);
CREATE INDEX child_referral ON child (referral_id, position);
CREATE INDEX child_name_key ON child (name_key);
CREATE INDEX child_dob ON child (dob);
CREATE INDEX child_school ON child (school COLLATE NOCASE);

CREATE TABLE household_member (
  id            INTEGER PRIMARY KEY,
  referral_id   INTEGER NOT NULL REFERENCES referral (id),
  name          TEXT NOT NULL,
  relationship  TEXT,
  dob           TEXT
);
CREATE INDEX household_referral ON household_member (referral_id);

CREATE TABLE referral_category (
  referral_id   INTEGER NOT NULL REFERENCES referral (id),
  category      TEXT NOT NULL
                CHECK (category IN ('physical', 'sexual', 'emotional', 'neglect', 'financial')),
  PRIMARY KEY (referral_id, category)
) WITHOUT ROWID;

-- Agencies already involved with the child: expected at any strategy discussion.
CREATE TABLE involved_agency (
  id            INTEGER PRIMARY KEY,
  referral_id   INTEGER NOT NULL REFERENCES referral (id),
  agency        TEXT NOT NULL
                CHECK (agency IN ('police', 'social-services', 'education', 'health',
                                  'report-maker', 'probation', 'housing', 'other')),
  name          TEXT,
  organisation  TEXT
);
CREATE INDEX involved_referral ON involved_agency (referral_id);

-- Repeat referrals the practitioner confirmed as the same child.
CREATE TABLE referral_link (
  referral_id   INTEGER NOT NULL REFERENCES referral (id),
  earlier_id    INTEGER NOT NULL REFERENCES referral (id),
  confirmed_by  TEXT NOT NULL,
  confirmed_at  TEXT NOT NULL,
  PRIMARY KEY (referral_id, earlier_id),
  CHECK (referral_id <> earlier_id)
) WITHOUT ROWID;

CREATE TABLE decision (
  id            INTEGER PRIMARY KEY,
  referral_id   INTEGER NOT NULL UNIQUE REFERENCES referral (id),
  outcome       TEXT NOT NULL
                CHECK (outcome IN ('nfa', 'iaa', 'early-help', 'assessment', 'strategy')),
  rationale     TEXT NOT NULL CHECK (length (trim (rationale)) > 0),
  police_informed INTEGER NOT NULL DEFAULT 0 CHECK (police_informed IN (0, 1)),
  decided_by    TEXT NOT NULL,
  decided_at    TEXT NOT NULL
);
CREATE INDEX decision_at ON decision (decided_at);

CREATE TABLE meeting (
  id            INTEGER PRIMARY KEY,
  referral_id   INTEGER NOT NULL REFERENCES referral (id),
  kind          TEXT NOT NULL CHECK (kind IN ('discussion', 'meeting')),
  held_at       TEXT NOT NULL,
  chair         TEXT,
  created_at    TEXT NOT NULL
);
CREATE INDEX meeting_referral ON meeting (referral_id);
CREATE INDEX meeting_held ON meeting (held_at);

CREATE TABLE invitee (
  id            INTEGER PRIMARY KEY,
  meeting_id    INTEGER NOT NULL REFERENCES meeting (id),
  agency        TEXT NOT NULL
                CHECK (agency IN ('police', 'social-services', 'education', 'health',
                                  'report-maker', 'probation', 'housing', 'other')),
  name          TEXT,
  organisation  TEXT,
  invited_at    TEXT,
  status        TEXT NOT NULL DEFAULT 'invited'
                CHECK (status IN ('invited', 'attended', 'apologies', 'declined', 'no-reply'))
);
CREATE INDEX invitee_meeting ON invitee (meeting_id, agency);

-- An expected agency deliberately not invited, and why.
CREATE TABLE meeting_exception (
  meeting_id    INTEGER NOT NULL REFERENCES meeting (id),
  agency        TEXT NOT NULL,
  reason        TEXT NOT NULL CHECK (length (trim (reason)) > 0),
  recorded_by   TEXT NOT NULL,
  recorded_at   TEXT NOT NULL,
  PRIMARY KEY (meeting_id, agency)
) WITHOUT ROWID;

CREATE TABLE meeting_outcome (
  meeting_id    INTEGER PRIMARY KEY REFERENCES meeting (id),
  s47           INTEGER NOT NULL DEFAULT 0 CHECK (s47 IN (0, 1)),
  determination TEXT NOT NULL
                CHECK (determination IN ('none', 'not-substantiated',
                                         'substantiated-no-risk', 'substantiated-at-risk')),
  summary       TEXT,
  decided_at    TEXT NOT NULL,
  decided_by    TEXT NOT NULL
);

CREATE TABLE meeting_action (
  id            INTEGER PRIMARY KEY,
  meeting_id    INTEGER NOT NULL REFERENCES meeting (id),
  action        TEXT NOT NULL,
  owner         TEXT,
  due           TEXT
);
CREATE INDEX action_meeting ON meeting_action (meeting_id);

-- Dated child-protection events; each starts the next clock.
CREATE TABLE cp_event (
  id            INTEGER PRIMARY KEY,
  referral_id   INTEGER NOT NULL REFERENCES referral (id),
  kind          TEXT NOT NULL
                CHECK (kind IN ('s47-start', 's47-complete', 'icpc', 'core-group', 'review')),
  held_at       TEXT NOT NULL,
  notes         TEXT,
  recorded_by   TEXT NOT NULL,
  recorded_at   TEXT NOT NULL
);
CREATE INDEX cp_event_referral ON cp_event (referral_id, kind, held_at);

CREATE TABLE letter_template (
  id            INTEGER PRIMARY KEY,
  name          TEXT NOT NULL,
  language      TEXT NOT NULL CHECK (language IN ('en', 'cy')),
  version       INTEGER NOT NULL,
  body          TEXT NOT NULL,
  created_by    TEXT NOT NULL,
  created_at    TEXT NOT NULL,
  UNIQUE (name, language, version)
);

-- What was sent, exactly as sent: immutable.
CREATE TABLE notification (
  id            INTEGER PRIMARY KEY,
  referral_id   INTEGER NOT NULL REFERENCES referral (id),
  kind          TEXT NOT NULL CHECK (kind IN ('acknowledgement', 'outcome')),
  language      TEXT NOT NULL CHECK (language IN ('en', 'cy', 'cy+en')),
  format        TEXT NOT NULL CHECK (format IN ('text', 'eml', 'pdf', 'print')),
  method        TEXT CHECK (method IN ('email', 'post', 'secure-email', 'phone', 'letter')),
  recipient     TEXT,
  subject       TEXT,
  body          TEXT NOT NULL,
  template_name TEXT,
  template_version INTEGER,
  sent_by       TEXT NOT NULL,
  sent_at       TEXT NOT NULL
);
CREATE INDEX notification_referral ON notification (referral_id, kind);
CREATE TRIGGER notification_immutable_update BEFORE UPDATE ON notification
BEGIN SELECT RAISE (ABORT, 'a sent notification cannot be changed'); END;
CREATE TRIGGER notification_immutable_delete BEFORE DELETE ON notification
BEGIN SELECT RAISE (ABORT, 'a sent notification cannot be deleted'); END;

CREATE TABLE closure_day (
  day           TEXT PRIMARY KEY,
  reason        TEXT,
  created_by    TEXT NOT NULL,
  created_at    TEXT NOT NULL
) WITHOUT ROWID;

-- Timescale rules with the date they took effect, so past periods can be recomputed.
CREATE TABLE timescale_rule (
  clock         TEXT NOT NULL,
  effective_from TEXT NOT NULL,
  amount        INTEGER NOT NULL CHECK (amount > 0),
  unit          TEXT NOT NULL CHECK (unit IN ('working-days', 'weeks', 'months')),
  starts_at     TEXT NOT NULL,
  source        TEXT,
  PRIMARY KEY (clock, effective_from)
) WITHOUT ROWID;

INSERT INTO timescale_rule (clock, effective_from, amount, unit, starts_at, source) VALUES
  ('confirmation',   '2000-01-01', 1,  'working-days', 'receipt',        'WSP'),
  ('acknowledgement','2000-01-01', 1,  'working-days', 'receipt',        'local default'),
  ('decision',       '2000-01-01', 1,  'working-days', 'receipt',        'WSP'),
  ('outcome',        '2000-01-01', 3,  'working-days', 'decision',       'local default'),
  ('icpc',           '2000-01-01', 15, 'working-days', 'last-strategy',  'WSP'),
  ('first-core-group','2000-01-01', 10, 'working-days', 'icpc',          'WSP'),
  ('core-group',     '2000-01-01', 6,  'weeks',        'core-group',     'WSP'),
  ('first-review',   '2000-01-01', 3,  'months',       'icpc',           'WSP'),
  ('review',         '2000-01-01', 6,  'months',       'review',         'WSP'),
  ('s47',            '2000-01-01', 42, 'working-days', 's47-start',      'WSP / PM24');

-- Autosaved, unsaved intake forms: restored after a crash or a closed window.
CREATE TABLE draft (
  id            INTEGER PRIMARY KEY,
  kind          TEXT NOT NULL,
  body          TEXT NOT NULL,
  updated_at    TEXT NOT NULL
);

CREATE TABLE reference_counter (
  year          INTEGER PRIMARY KEY,
  last          INTEGER NOT NULL
);

-- The append-only audit trail: corrections are new rows, never edits.
CREATE TABLE audit (
  id            INTEGER PRIMARY KEY,
  at            TEXT NOT NULL,
  actor         TEXT NOT NULL,
  entity        TEXT NOT NULL,
  entity_id     INTEGER NOT NULL,
  action        TEXT NOT NULL,
  detail        TEXT
);
CREATE INDEX audit_entity ON audit (entity, entity_id, id);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE (ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE (ABORT, 'the audit trail is append-only'); END;
