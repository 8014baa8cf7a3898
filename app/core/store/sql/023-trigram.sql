-- Diogelu schema, version 23 (issue 27): repeat matching that never misses.
-- A trigram index over the children's folded names (child.name_key, folded
-- by dg_name_fold (), the one folding on both engines): the likely-same
-- children of dg_referral_find_similar () are those sharing two of three
-- pieces of the name typed, which one typo anywhere cannot hide. FTS5's
-- trigram tokenizer, kept by triggers. After this step dg-db-open.c folds again the names whose
-- keys held letters outside ASCII (ł, ø, æ are now spelt l, o, ae), and the
-- search index's names are folded as the words searched for are.

-- Contentless: it holds no name, only the trigrams (and the disposal's
-- 'optimize' leaves none of a removed child). Beside each key its length
-- as a tag ("L8L"), so a short name's pieces are looked for only among keys
-- of about its length.
CREATE VIRTUAL TABLE child_trigram USING fts5 (
  name_key,
  shape,
  content = '',
  tokenize = 'trigram'
);

CREATE TRIGGER child_trigram_insert AFTER INSERT ON child BEGIN
  INSERT INTO child_trigram (rowid, name_key, shape)
  VALUES (new.id, new.name_key, 'L' || length (new.name_key) || 'L');
END;
CREATE TRIGGER child_trigram_delete AFTER DELETE ON child BEGIN
  INSERT INTO child_trigram (child_trigram, rowid, name_key, shape)
  VALUES ('delete', old.id, old.name_key, 'L' || length (old.name_key) || 'L');
END;
CREATE TRIGGER child_trigram_update AFTER UPDATE OF name_key ON child BEGIN
  INSERT INTO child_trigram (child_trigram, rowid, name_key, shape)
  VALUES ('delete', old.id, old.name_key, 'L' || length (old.name_key) || 'L');
  INSERT INTO child_trigram (rowid, name_key, shape)
  VALUES (new.id, new.name_key, 'L' || length (new.name_key) || 'L');
END;

INSERT INTO child_trigram (rowid, name_key, shape)
SELECT id, name_key, 'L' || length (name_key) || 'L' FROM child;

-- The search index's names folded the same way (dg_fold () is
-- dg_name_fold ()), where an unfolded name held a letter outside ASCII:
-- FTS5's unicode61 keeps ł, ø, æ, so "Lukasz" did not find "Łukasz" here
-- while PostgreSQL's unaccent found it.
UPDATE referral_search SET names = dg_fold (names) WHERE names GLOB '*[^ -~]*';
