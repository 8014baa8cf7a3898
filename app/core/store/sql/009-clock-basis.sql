-- Diogelu schema, version 9: on a file nothing changes. A server
-- (pg/009-clock-basis.sql) numbers each change to the timescales and
-- closure days, so that a save can compute a new referral's clocks from
-- the copy of them its connection keeps instead of reading them again; on
-- a file the clocks are computed inside the save, where reading them costs
-- no round trip.
SELECT 1;
