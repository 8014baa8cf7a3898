-- Diogelu schema, version 23 on PostgreSQL (see ../023-trigram.sql): the
-- trigram index over child.name_key is pg_trgm's (a trusted extension: the
-- database owner may create it), which answers the LIKE '%piece%' of
-- dg_referral_find_similar ().
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX child_name_key_trigram ON child USING gin (name_key gin_trgm_ops);
-- A short name's pieces are looked for among keys of about its length:
-- this index and the trigrams' are combined by a bitmap AND.
CREATE INDEX child_name_key_length ON child (length (name_key));
