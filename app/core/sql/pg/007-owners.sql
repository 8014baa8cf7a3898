-- Diogelu schema, version 7 on PostgreSQL (see ../007-owners.sql): drafts
-- belong to a person and a window; retried writes carry a client token.
-- Applied in one transaction by the migration loop, which then records the
-- version in dg_schema.
ALTER TABLE draft ADD COLUMN owner text NOT NULL DEFAULT '';
ALTER TABLE draft ADD COLUMN slot text NOT NULL DEFAULT '';
CREATE INDEX draft_owner ON draft (owner, kind, slot);
-- The audit names the login role: a practitioner logs in as a member of
-- diogelu_practitioner, and session_user stays that person even under SET ROLE.
ALTER TABLE audit ALTER COLUMN db_role SET DEFAULT session_user;

CREATE TABLE client_token (
  token         text PRIMARY KEY,
  command       text NOT NULL,
  result        text NOT NULL,
  created_at    text NOT NULL
);

-- The audit names the login role (session_user): current_user is whatever a
-- SET ROLE or a SECURITY DEFINER function made it, e.g. a group role that
-- several practitioners share, which would hide who made the change.
ALTER TABLE audit ALTER COLUMN db_role SET DEFAULT session_user;
