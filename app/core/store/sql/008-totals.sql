-- Diogelu schema, version 8: on a file nothing changes. A server
-- (pg/008-totals.sql) brings the performance report's running totals up to
-- date when they are read, set-based, instead of by row triggers inside
-- every save; on a file SQLite's triggers (005) already cost a save little,
-- as they run in the same process with no round trip.
SELECT 1;
