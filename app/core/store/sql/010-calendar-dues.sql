-- Diogelu schema, version 10: a due date counted in weeks or months (core
-- groups every 6 weeks, review conferences at 3 and 6 months) that falls on
-- a Saturday, a Sunday, a bank holiday or a closure day now moves to the
-- last working day before it, since the meeting must be held within the
-- period. The clocks counted that way are computed again; nothing else
-- changes.
SELECT dg_clocks_refresh (referral_id)
  FROM (SELECT DISTINCT referral_id FROM clock
         WHERE clock IN (SELECT clock FROM timescale_rule WHERE unit <> 'working-days'));
