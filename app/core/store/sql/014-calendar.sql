-- Diogelu schema, version 14: the calendar as published. Besides the
-- rules and the shipped table of moved and one-off bank holidays
-- (clocks/bank-holidays.json), the days a hub records: a bank holiday
-- published on GOV.UK that neither gives ("holiday", source "govuk"), a
-- regular day missing from a GOV.UK year ("working", "govuk"), and a
-- working day after all ("working", "hub"). Closure days stay apart, in
-- closure_day. Applied in one transaction by the migration loop.

CREATE TABLE calendar_day (
  day           TEXT PRIMARY KEY,
  kind          TEXT NOT NULL CHECK (kind IN ('holiday', 'working')),
  name          TEXT NOT NULL,       -- the holiday's title, or why the day is worked
  source        TEXT NOT NULL CHECK (source IN ('govuk', 'hub')),
  created_by    TEXT NOT NULL,
  created_at    TEXT NOT NULL
) WITHOUT ROWID;

-- Such a day moves the clocks that were counting across it, as a closure
-- day does (see 004-clocks.sql).
CREATE TRIGGER clock_calendar_insert AFTER INSERT ON calendar_day
BEGIN UPDATE clock SET due = dg_clock_due (clock, start_at) WHERE start_at >= date (NEW.day, '-800 days') AND start_at < NEW.day AND due >= NEW.day; END;
CREATE TRIGGER clock_calendar_delete AFTER DELETE ON calendar_day
BEGIN UPDATE clock SET due = dg_clock_due (clock, start_at) WHERE start_at >= date (OLD.day, '-800 days') AND start_at < OLD.day AND due >= OLD.day; END;
CREATE TRIGGER clock_calendar_update AFTER UPDATE OF day, kind ON calendar_day
BEGIN UPDATE clock SET due = dg_clock_due (clock, start_at)
      WHERE start_at >= date (min (OLD.day, NEW.day), '-800 days') AND start_at < max (OLD.day, NEW.day)
        AND due >= min (OLD.day, NEW.day); END;
