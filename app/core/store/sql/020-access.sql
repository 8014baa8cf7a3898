-- Diogelu schema, version 20 (issue 25): who opened what, and restricted records.
-- Every opening of a referral is an audit row (entity 'referral', action
-- 'view', detail NULL or {"reason": …} when a restricted one was opened),
-- read back by `referral views` and `report access`; this index finds a
-- period's openings without reading the whole trail.
CREATE INDEX audit_view ON audit (action, at);

-- A restricted referral (a colleague's family, a public figure): opened by
-- anyone but a manager only with a reason, which is logged. Lifting the
-- restriction deletes its row; both are audited on the referral.
CREATE TABLE referral_restriction (
  referral_id    INTEGER PRIMARY KEY REFERENCES referral (id),
  restricted_at  TEXT NOT NULL,
  restricted_by  TEXT NOT NULL,
  reason         TEXT NOT NULL CHECK (reason <> '')
);
