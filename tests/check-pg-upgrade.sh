#!/bin/sh
# A PostgreSQL database made at schema 6 (pg/001-schema.sql, the baseline as
# shipped at schema 6) with a referral in it: a login role that does not own
# the tables is refused the upgrade with the administrator's advice and the
# database is left at 6; the owner's `init` upgrades it with the referral
# intact. Runs only on the PostgreSQL half ($DIOGELU_TEST_PG_URI); 77 otherwise.
set -eu
src=$1
[ -n "${DIOGELU_TEST_PG_URI:-}" ] || { echo "SQLite run: nothing to check"; exit 77; }
name="dgupgrade_$$"
role="dgprac_$$_$(date +%s)"
server="${DIOGELU_TEST_PG_URI%/*}"
uri="$server/$name"
# Login roles are cluster-wide and need the test server's superuser.
super=$(echo "$server/postgres" | sed 's|://[^@]*@|://diogelu-pg@|')
as_role=$(echo "$uri" | sed "s|://[^@]*@|://$role@|")
out=$(mktemp)
psql -X -q -v ON_ERROR_STOP=1 "$DIOGELU_TEST_PG_URI" -c "CREATE DATABASE $name"
trap 'psql -X -q "$DIOGELU_TEST_PG_URI" -c "DROP DATABASE IF EXISTS $name WITH (FORCE)";
      psql -X -q "$super" -c "DROP ROLE IF EXISTS $role"; rm -f "$out"' EXIT
psql -X -q -v ON_ERROR_STOP=1 "$super" -c "CREATE ROLE $role LOGIN"

psql -X -q -v ON_ERROR_STOP=1 -f "$src/app/core/store/sql/pg/001-schema.sql" "$uri"
psql -X -q -v ON_ERROR_STOP=1 "$uri" <<'SQL'
INSERT INTO referral (reference, received_at, concern, created_at, updated_at)
  VALUES ('DG-2026-00001', '2026-11-23T09:00:00', 'Bruises seen at school', '2026-11-23T09:00:00', '2026-11-23T09:00:00');
INSERT INTO child (referral_id, name, name_key) VALUES (1, 'Elin Jones', 'elin jones');
-- Two clocks, counted in the running totals by schema 6's triggers.
INSERT INTO clock (referral_id, clock, position, start_at, due, done_at) VALUES
  (1, 'acknowledgement', 1, '2026-11-23T09:00:00', '2026-11-24', '2026-11-23T15:00:00'),
  (1, 'decision', 2, '2026-11-23T09:00:00', '2026-11-24', NULL);
-- As Diogelu's own commit leaves it: no referral waiting for its clocks.
DELETE FROM clock_dirty;
SQL
version () { psql -X -A -t "$uri" -c "SELECT version FROM dg_schema"; }
[ "$(version)" = 6 ] || { echo "the baseline is not schema 6"; exit 1; }

# No privileges at all: said so, not "schema -1".
if "$DIOGELU_CLI" --db "$as_role" init >"$out" 2>&1; then echo "init without privileges succeeded"; exit 1; fi
cat "$out"
grep -q "lacks privileges on the Diogelu tables" "$out"
! grep -q "schema -1" "$out"

# Privileges on the records but not the owner: refused, database unchanged.
psql -X -q -v ON_ERROR_STOP=1 "$uri" -c "GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA public TO $role"
for command in init check "referral list"; do
  if "$DIOGELU_CLI" --db "$as_role" $command >"$out" 2>&1; then echo "$command by a practitioner succeeded"; exit 1; fi
  cat "$out"
  grep -q 'ask your administrator to run `diogelu-cli init`' "$out"
done
[ "$(version)" = 6 ] || { echo "the refused upgrade changed the schema"; exit 1; }
psql -X -A -t "$uri" -c "SELECT count (*) FROM information_schema.columns WHERE table_name = 'draft' AND column_name = 'owner'" | grep -qx 0

# The owner upgrades it, records intact.
"$DIOGELU_CLI" --db "$uri" init
[ "$(version)" = 25 ] || { echo "init did not upgrade to 25"; exit 1; }
# Schema 8 takes the totals as they stood: both clocks counted, none stale,
# and a report afterwards still counts them.
[ "$(psql -X -A -t "$uri" -c "SELECT count (*) FROM report_counted")" = 2 ] \
  || { echo "the upgrade did not record what the totals count"; exit 1; }
[ "$(psql -X -A -t "$uri" -c "SELECT report_absorb ()")" = 0 ] || { echo "referrals left stale by the upgrade"; exit 1; }
[ "$(psql -X -A -t "$uri" -c "SELECT sum (n) FROM report_day")" = 2 ] || { echo "the totals changed in the upgrade"; exit 1; }
"$DIOGELU_CLI" --db "$uri" --json report performance --from 2026-11-01 --to 2026-11-30 >"$out"
python3 -c 'import json, sys
counts = {c["clock"]: c["count"] for c in json.load (open (sys.argv[1]))["clocks"]}
sys.exit (0 if counts.get ("acknowledgement") == 1 and counts.get ("decision") == 1 else 1)' "$out" \
  || { cat "$out"; echo "the report after the upgrade does not count the two clocks"; exit 1; }
"$DIOGELU_CLI" --db "$uri" --json referral show 1 >"$out"
cat "$out"
grep -q "DG-2026-00001" "$out"
grep -q "Elin Jones" "$out"
grep -q "Bruises seen at school" "$out"
"$DIOGELU_CLI" --db "$uri" check

# The audit names the login role even when the session acts as another role
# (SET ROLE to the tables' owner, which shares one name between people).
owner=$(psql -X -A -t "$uri" -c "SELECT current_user")
psql -X -q -v ON_ERROR_STOP=1 "$super" -c "GRANT \"$owner\" TO $role"
psql -X -q -v ON_ERROR_STOP=1 "$as_role" -c "SET ROLE \"$owner\"" \
  -c "INSERT INTO audit (at, actor, entity, entity_id, action) VALUES ('2026-11-23T10:00:00', 'x', 'referral', 1, 'test')"
[ "$(psql -X -A -t "$uri" -c "SELECT db_role FROM audit WHERE action = 'test'")" = "$role" ] \
  || { echo "the audit row does not name the login role $role"; exit 1; }
