-- Diogelu schema, version 10 on PostgreSQL (see ../010-calendar-dues.sql):
-- the referrals with a clock counted in weeks or months are marked, and
-- their clocks are computed again before the upgrade commits.
INSERT INTO clock_dirty (referral_id)
SELECT DISTINCT referral_id FROM clock
 WHERE clock IN (SELECT clock FROM timescale_rule WHERE unit <> 'working-days')
ON CONFLICT DO NOTHING;
