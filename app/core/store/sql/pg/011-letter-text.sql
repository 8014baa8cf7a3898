-- Diogelu schema, version 11 on PostgreSQL (see ../011-letter-text.sql):
-- the report-maker's text apart from the rationale.
ALTER TABLE decision ADD COLUMN report_maker_text TEXT;
ALTER TABLE decision ADD COLUMN report_maker_text_cy TEXT;

INSERT INTO letter_template (name, language, version, body, created_by, created_at)
SELECT t.name, t.language, t.version + 1,
       replace (t.body, '{{decision.rationale}}', '{{decision.reason}}'),
       'Diogelu (schema 11)', to_char (localtimestamp, 'YYYY-MM-DD"T"HH24:MI:SS')
  FROM letter_template t
 WHERE t.version = (SELECT max (version) FROM letter_template u WHERE u.name = t.name AND u.language = t.language)
   AND t.body LIKE '%{{decision.rationale}}%';
