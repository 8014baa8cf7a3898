-- Diogelu schema, version 14 on PostgreSQL (see ../014-calendar.sql): the
-- days a hub records beside the rules and the shipped table. Applied in
-- one transaction by the migration loop; roles.sql grants it as every table.

CREATE TABLE calendar_day (
  day           text PRIMARY KEY,
  kind          text NOT NULL CHECK (kind IN ('holiday', 'working')),
  name          text NOT NULL,
  source        text NOT NULL CHECK (source IN ('govuk', 'hub')),
  created_by    text NOT NULL,
  created_at    text NOT NULL
);

-- Such a day moves the clocks counting across it as a closure day does:
-- clock_closure_changed () reads nothing but the rows' day.
CREATE TRIGGER clock_calendar_insert AFTER INSERT ON calendar_day
  FOR EACH ROW EXECUTE FUNCTION clock_closure_changed ();
CREATE TRIGGER clock_calendar_delete AFTER DELETE ON calendar_day
  FOR EACH ROW EXECUTE FUNCTION clock_closure_changed ();
CREATE TRIGGER clock_calendar_update AFTER UPDATE OF day, kind ON calendar_day
  FOR EACH ROW EXECUTE FUNCTION clock_closure_changed ();

-- The clocks' basis (009) counts these days too: a connection that keeps
-- the closure days reads them again.
CREATE TRIGGER calendar_day_basis AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON calendar_day
  FOR EACH STATEMENT EXECUTE FUNCTION clock_basis_changed ();

CREATE TRIGGER calendar_day_notify AFTER INSERT OR UPDATE OR DELETE ON calendar_day
  FOR EACH STATEMENT EXECUTE FUNCTION dg_notify_changed ();
