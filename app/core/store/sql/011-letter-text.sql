-- Diogelu schema, version 11: what the letter tells the report-maker, in
-- English and in Welsh, kept apart from the decision's rationale, which is
-- written for the record and may hold what other agencies shared: the
-- rationale never reaches a letter.
ALTER TABLE decision ADD COLUMN report_maker_text TEXT;
ALTER TABLE decision ADD COLUMN report_maker_text_cy TEXT;

-- A template a hub saved that quoted the rationale gets a new version
-- quoting the report-maker's text instead (the old versions stay, as the
-- record of what was sent).
INSERT INTO letter_template (name, language, version, body, created_by, created_at)
SELECT t.name, t.language, t.version + 1,
       replace (t.body, '{{decision.rationale}}', '{{decision.reason}}'),
       'Diogelu (schema 11)', strftime ('%Y-%m-%dT%H:%M:%S', 'now', 'localtime')
  FROM letter_template t
 WHERE t.version = (SELECT max (version) FROM letter_template u WHERE u.name = t.name AND u.language = t.language)
   AND t.body LIKE '%{{decision.rationale}}%';
