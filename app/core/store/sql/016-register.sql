-- Diogelu schema: the child protection register (issue 24). The register's
-- periods are computed from the conferences and plan ends whenever they are
-- read (app/core/reports/dg-register.c), never kept apart from them, so
-- adding, correcting or removing an event can never leave a stale period.
-- What the reading needs is to find those events, and the assessments
-- completed in a period, without walking every referral's events.
CREATE INDEX cp_event_kind ON cp_event (kind, held_at);
