-- Diogelu schema, version 3: what is owed to report-makers, found without
-- reading every referral (partial indexes stay small: most are answered).

CREATE INDEX referral_owed_acknowledgement ON referral (received_at)
  WHERE acknowledged_at IS NULL;
CREATE INDEX referral_owed_outcome ON referral (received_at)
  WHERE outcome_sent_at IS NULL AND status = 'decided';
