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

-- On a server the owner of a draft is the login role, and the server, not
-- the client, says who that is: a new draft's owner defaults to
-- session_user, and row-level security (forced, so it binds the role that
-- owns the table too) lets each role see, write and delete only its own
-- drafts, whatever SQL it sends. Drafts from before schema 7 (owner '')
-- cannot be told apart by person, so no role is offered them: they stay,
-- invisible, for an administrator (a superuser bypasses row-level security)
-- to hand back or delete, and are never shown to the wrong practitioner.
ALTER TABLE draft ALTER COLUMN owner SET DEFAULT session_user;
ALTER TABLE draft ENABLE ROW LEVEL SECURITY;
ALTER TABLE draft FORCE ROW LEVEL SECURITY;
CREATE POLICY draft_own ON draft
  USING (owner = session_user)
  WITH CHECK (owner = session_user);
