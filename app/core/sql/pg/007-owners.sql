-- Diogelu schema, version 7 on PostgreSQL (see ../007-owners.sql): drafts
-- belong to a person and a window; retried writes carry a client token.
-- Applied in one transaction by the migration loop, which then records the
-- version in dg_schema.
ALTER TABLE draft ADD COLUMN owner text NOT NULL DEFAULT '';
ALTER TABLE draft ADD COLUMN slot text NOT NULL DEFAULT '';
CREATE INDEX draft_owner ON draft (owner, kind, slot);

CREATE TABLE client_token (
  token         text PRIMARY KEY,
  command       text NOT NULL,
  result        text NOT NULL,
  created_at    text NOT NULL
);
