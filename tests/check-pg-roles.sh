#!/bin/sh
# The hub's roles (app/core/store/sql/pg/roles.sql): a login role in
# diogelu_practitioner writes records through the CLI, while the server
# refuses it DROP TRIGGER, UPDATE/DELETE/TRUNCATE of audit and ALTER TABLE;
# the audit row names the login role. PostgreSQL half only; 77 otherwise.
set -eu
[ -n "${DIOGELU_TEST_PG_URI:-}" ] || { echo "SQLite run: nothing to check"; exit 77; }
name="dgroles_$$"
role="dgprac_$$_$(date +%s)"
server="${DIOGELU_TEST_PG_URI%/*}"
uri="$server/$name"
# The group role and login roles are cluster-wide: only the test server's
# superuser may make them (the owner role diogelu has no CREATEROLE).
super=$(echo "$server/postgres" | sed 's|://[^@]*@|://diogelu-pg@|')
as_role=$(echo "$uri" | sed "s|://[^@]*@|://$role@|")
out=$(mktemp)
psql -X -q -v ON_ERROR_STOP=1 "$DIOGELU_TEST_PG_URI" -c "CREATE DATABASE $name"
trap 'psql -X -q "$DIOGELU_TEST_PG_URI" -c "DROP DATABASE IF EXISTS $name WITH (FORCE)";
      psql -X -q "$super" -c "DROP ROLE IF EXISTS $role"; rm -f "$out"' EXIT
psql -X -q "$super" -c "CREATE ROLE diogelu_practitioner NOLOGIN" 2>/dev/null || true
psql -X -q "$super" -c "CREATE ROLE diogelu_reader NOLOGIN" 2>/dev/null || true
psql -X -q -v ON_ERROR_STOP=1 "$super" -c "CREATE ROLE $role LOGIN IN ROLE diogelu_practitioner"

"$DIOGELU_CLI" --db "$uri" init

echo '{"children": [{"name": "Alex Example"}], "concern": "Left alone overnight", "rag": "amber"}' |
  "$DIOGELU_CLI" --db "$as_role" --json referral add --file - >"$out"
grep -q '"id" *: *1' "$out"
"$DIOGELU_CLI" --db "$as_role" referral decide 1 --outcome iaa --rationale "Advice to the family"
"$DIOGELU_CLI" --db "$as_role" --json referral show 1 | grep -q '"outcome" *: *"iaa"'
[ "$(psql -X -A -t "$uri" -c "SELECT count (*) FROM audit WHERE db_role = '$role'")" -ge 2 ] ||
  { echo "the audit does not name the login role"; exit 1; }

refused () {
  if psql -X -q -v ON_ERROR_STOP=1 "$as_role" -c "$1" >"$out" 2>&1; then
    echo "the server let the practitioner run: $1"; exit 1
  fi
  grep -Eq "permission denied|must be owner" "$out" || { cat "$out"; exit 1; }
}
refused "DROP TRIGGER audit_no_update ON audit"
refused "UPDATE audit SET detail = 'forged'"
refused "DELETE FROM audit"
refused "TRUNCATE audit"
refused "ALTER TABLE referral ADD COLUMN forged text"
refused "ALTER TABLE audit DISABLE TRIGGER ALL"
refused "INSERT INTO audit (at, actor, entity, entity_id, action, detail, db_role) VALUES ('x', 'x', 'x', 1, 'x', 'x', 'someone else')"
refused "CREATE TABLE forged (x int)"
# The report-maker's ledger and the language offers: appended to, never changed.
"$DIOGELU_CLI" --db "$as_role" referral chase 1 --note "Phoned to ask what happened"
"$DIOGELU_CLI" --db "$as_role" referral offer 1 --person parent --choice cy
refused "UPDATE ledger_entry SET note = 'forged'"
refused "DELETE FROM ledger_entry"
refused "TRUNCATE ledger_entry"
refused "UPDATE language_offer SET choice = 'en'"
refused "DELETE FROM language_offer"
# Retention (schema 22): the disposal passes, and the schedule, are the owner's.
refused "INSERT INTO disposal_pass VALUES (1)"
refused "INSERT INTO disposal_erase VALUES (1)"
refused "UPDATE retention_schedule SET years = 1"
refused "DELETE FROM retention_approval"
if "$DIOGELU_CLI" --db "$as_role" retention set nfa 1y 2>"$out"; then
  echo "the server let the practitioner change the retention schedule"; exit 1
fi
[ "$(psql -X -A -t "$uri" -c "SELECT count (*) FROM ledger_entry WHERE note = 'Phoned to ask what happened'")" = 1 ]
[ "$(psql -X -A -t "$uri" -c "SELECT count (*) FROM audit WHERE detail = 'forged'")" = 0 ]
