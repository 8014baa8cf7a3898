-- Diogelu schema, version 23 (issue 27): repeat matching that never misses.
-- A trigram index over the children's folded names (child.name_key, folded
-- by dg_name_fold (), the one folding on both engines): the likely-same
-- children of dg_referral_find_similar () are those sharing two of three
-- pieces of the name typed, which one typo anywhere cannot hide. FTS5's
-- trigram tokenizer over the child table's own column (external content),
-- kept by triggers. After this step dg-db-open.c folds again the names whose
-- keys held letters outside ASCII (ł, ø, æ are now spelt l, o, ae), and the
-- search index's names are folded as the words searched for are.

CREATE VIRTUAL TABLE child_trigram USING fts5 (
  name_key,
  content = 'child',
  content_rowid = 'id',
  tokenize = 'trigram'
);

CREATE TRIGGER child_trigram_insert AFTER INSERT ON child BEGIN
  INSERT INTO child_trigram (rowid, name_key) VALUES (new.id, new.name_key);
END;
CREATE TRIGGER child_trigram_delete AFTER DELETE ON child BEGIN
  INSERT INTO child_trigram (child_trigram, rowid, name_key) VALUES ('delete', old.id, old.name_key);
END;
CREATE TRIGGER child_trigram_update AFTER UPDATE OF name_key ON child BEGIN
  INSERT INTO child_trigram (child_trigram, rowid, name_key) VALUES ('delete', old.id, old.name_key);
  INSERT INTO child_trigram (rowid, name_key) VALUES (new.id, new.name_key);
END;

INSERT INTO child_trigram (child_trigram) VALUES ('rebuild');

-- The search index's names folded the same way (dg_fold () is
-- dg_name_fold ()), where an unfolded name held a letter outside ASCII:
-- FTS5's unicode61 keeps ł, ø, æ, so "Lukasz" did not find "Łukasz" here
-- while PostgreSQL's unaccent found it.
UPDATE referral_search SET names = dg_fold (names) WHERE names GLOB '*[^ -~]*';
