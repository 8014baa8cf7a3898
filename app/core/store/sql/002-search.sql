-- Diogelu schema, version 2: full-text search over referrals (names, aliases,
-- reference, organisation, concern), accent- and case-insensitive.

CREATE VIRTUAL TABLE referral_search USING fts5 (
  reference,
  names,
  organisation,
  concern,
  tokenize = 'unicode61 remove_diacritics 2',
  prefix = '2 3'
);

INSERT INTO referral_search (rowid, reference, names, organisation, concern)
SELECT r.id, r.reference,
       (SELECT group_concat (c.name || ' ' || coalesce (c.aliases, ''), ' ')
          FROM child c WHERE c.referral_id = r.id),
       (SELECT p.organisation || ' ' || p.name FROM reporter p WHERE p.id = r.reporter_id),
       r.concern
  FROM referral r;
