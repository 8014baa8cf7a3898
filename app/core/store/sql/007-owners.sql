-- Diogelu schema, version 7: drafts belong to a person and a window, and a
-- write a script may retry carries a client token.
--
-- A draft is the unsaved form of one person (the practitioner's name on a
-- desk, the login role on a server) in one window (a slot the window keeps),
-- so two windows or two people never overwrite or see each other's drafts.
-- Drafts from before have no owner (''): on a file (one desk) they are offered
-- to the desk's practitioner, who claims them on the next autosave; a server
-- offers them to nobody (see pg/007-owners.sql).
ALTER TABLE draft ADD COLUMN owner TEXT NOT NULL DEFAULT '';
ALTER TABLE draft ADD COLUMN slot TEXT NOT NULL DEFAULT '';
CREATE INDEX draft_owner ON draft (owner, kind, slot);

-- A client token names one write a script asked for (referral add, import):
-- a retry with the same token finds the first attempt's result here instead
-- of writing again, so an unknown commit outcome never makes a duplicate.
CREATE TABLE client_token (
  token         TEXT PRIMARY KEY,
  command       TEXT NOT NULL,
  result        TEXT NOT NULL,
  created_at    TEXT NOT NULL
);
