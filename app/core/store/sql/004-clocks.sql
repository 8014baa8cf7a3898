-- Diogelu schema, version 4: every clock stored with its due date, kept in
-- step with what is recorded by triggers, so the Due board and the
-- performance figures are indexed reads instead of a calendar walk per
-- referral. dg_clocks_refresh() and dg_clock_due() are registered by the
-- application on each connection; a change made without them fails whole.

CREATE TABLE clock (
  referral_id   INTEGER NOT NULL REFERENCES referral (id),
  clock         TEXT NOT NULL,
  position      INTEGER NOT NULL,
  start_at      TEXT NOT NULL,
  due           TEXT NOT NULL,   -- YYYY-MM-DD, by the rule and calendar in force
  done_at       TEXT,            -- NULL while the clock runs
  PRIMARY KEY (referral_id, clock)
) WITHOUT ROWID;
-- What is running, most urgent first: the Due board walks this alone (it
-- covers the board's columns, done_at included, so no row is looked up).
CREATE INDEX clock_running ON clock (due, referral_id, position, done_at) WHERE done_at IS NULL;
-- Rule and closure changes find the clocks they move by start.
CREATE INDEX clock_start ON clock (start_at);

CREATE TRIGGER clock_referral_insert AFTER INSERT ON referral
BEGIN SELECT dg_clocks_refresh (NEW.id); END;
CREATE TRIGGER clock_referral_update
AFTER UPDATE OF received_at, channel, reporter_id, confirmed_at, acknowledged_at, outcome_sent_at ON referral
BEGIN SELECT dg_clocks_refresh (NEW.id); END;
CREATE TRIGGER clock_reporter_update AFTER UPDATE OF agency ON reporter
BEGIN SELECT dg_clocks_refresh (id) FROM referral WHERE reporter_id = NEW.id; END;

CREATE TRIGGER clock_decision_insert AFTER INSERT ON decision
BEGIN SELECT dg_clocks_refresh (NEW.referral_id); END;
CREATE TRIGGER clock_decision_update AFTER UPDATE ON decision
BEGIN SELECT dg_clocks_refresh (OLD.referral_id); SELECT dg_clocks_refresh (NEW.referral_id); END;
CREATE TRIGGER clock_decision_delete AFTER DELETE ON decision
BEGIN SELECT dg_clocks_refresh (OLD.referral_id); END;

CREATE TRIGGER clock_meeting_insert AFTER INSERT ON meeting
BEGIN SELECT dg_clocks_refresh (NEW.referral_id); END;
CREATE TRIGGER clock_meeting_update AFTER UPDATE OF referral_id, held_at ON meeting
BEGIN SELECT dg_clocks_refresh (OLD.referral_id); SELECT dg_clocks_refresh (NEW.referral_id); END;
CREATE TRIGGER clock_meeting_delete AFTER DELETE ON meeting
BEGIN SELECT dg_clocks_refresh (OLD.referral_id); END;

CREATE TRIGGER clock_outcome_insert AFTER INSERT ON meeting_outcome
BEGIN SELECT dg_clocks_refresh (referral_id) FROM meeting WHERE id = NEW.meeting_id; END;
CREATE TRIGGER clock_outcome_update AFTER UPDATE ON meeting_outcome
BEGIN SELECT dg_clocks_refresh (referral_id) FROM meeting WHERE id IN (OLD.meeting_id, NEW.meeting_id); END;
CREATE TRIGGER clock_outcome_delete AFTER DELETE ON meeting_outcome
BEGIN SELECT dg_clocks_refresh (referral_id) FROM meeting WHERE id = OLD.meeting_id; END;

CREATE TRIGGER clock_event_insert AFTER INSERT ON cp_event
BEGIN SELECT dg_clocks_refresh (NEW.referral_id); END;
CREATE TRIGGER clock_event_update AFTER UPDATE ON cp_event
BEGIN SELECT dg_clocks_refresh (OLD.referral_id); SELECT dg_clocks_refresh (NEW.referral_id); END;
CREATE TRIGGER clock_event_delete AFTER DELETE ON cp_event
BEGIN SELECT dg_clocks_refresh (OLD.referral_id); END;

-- A rule applies to clocks started on or after its effective date.
CREATE TRIGGER clock_rule_insert AFTER INSERT ON timescale_rule
BEGIN UPDATE clock SET due = dg_clock_due (clock, start_at) WHERE start_at >= NEW.effective_from AND clock = NEW.clock; END;
CREATE TRIGGER clock_rule_update AFTER UPDATE ON timescale_rule
BEGIN UPDATE clock SET due = dg_clock_due (clock, start_at)
      WHERE start_at >= min (OLD.effective_from, NEW.effective_from) AND clock IN (OLD.clock, NEW.clock); END;
CREATE TRIGGER clock_rule_delete AFTER DELETE ON timescale_rule
BEGIN UPDATE clock SET due = dg_clock_due (clock, start_at) WHERE start_at >= OLD.effective_from AND clock = OLD.clock; END;

-- A closure day moves the clocks that were counting across it (no clock
-- counts more than 365 working days, well inside 800 calendar days).
CREATE TRIGGER clock_closure_insert AFTER INSERT ON closure_day
BEGIN UPDATE clock SET due = dg_clock_due (clock, start_at) WHERE start_at >= date (NEW.day, '-800 days') AND start_at < NEW.day AND due >= NEW.day; END;
CREATE TRIGGER clock_closure_delete AFTER DELETE ON closure_day
BEGIN UPDATE clock SET due = dg_clock_due (clock, start_at) WHERE start_at >= date (OLD.day, '-800 days') AND start_at < OLD.day AND due >= OLD.day; END;
CREATE TRIGGER clock_closure_update AFTER UPDATE OF day ON closure_day
BEGIN UPDATE clock SET due = dg_clock_due (clock, start_at)
      WHERE start_at >= date (min (OLD.day, NEW.day), '-800 days') AND start_at < max (OLD.day, NEW.day)
        AND due >= min (OLD.day, NEW.day); END;

SELECT dg_clocks_refresh (id) FROM referral;
