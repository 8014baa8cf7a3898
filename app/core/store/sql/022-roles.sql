-- Diogelu schema, version 22 (issue 25): the roles. On PostgreSQL the
-- server enforces them (pg/022-roles.sql: who is which role, and what each
-- may read and write). A SQLite file is one desk: the person there
-- chooses their role, and each choice is an audit row (entity 'desk',
-- action 'role', dg_db_record_desk_role ()), which needs no new table;
-- this step only moves the schema's number, so that both engines agree.
SELECT 1;
