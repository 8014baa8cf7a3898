#!/bin/sh
# The roles of issue 25 on PostgreSQL (sql/pg/022-roles.sql, roles.sql),
# proved with psql and the CLI as a login role in each group:
# education liaison reads only referrals a school made (and their
# letters), never health's or the police's details; only managers (and
# administrators) write timescale rules, agreed exceptions, restrictions
# and snapshots; only administrators the retention schedule and disposal
# approvals. PostgreSQL half only; 77 otherwise.
set -eu
[ -n "${DIOGELU_TEST_PG_URI:-}" ] || { echo "SQLite run: nothing to check"; exit 77; }
name="dgkinds_$$"
stamp="$$_$(date +%s)"
server="${DIOGELU_TEST_PG_URI%/*}"
uri="$server/$name"
# Group and login roles are cluster-wide: only the test server's superuser
# may make them (the owner role diogelu has no CREATEROLE).
super=$(echo "$server/postgres" | sed 's|://[^@]*@|://diogelu-pg@|')
out=$(mktemp)
prac="dgk_prac_$stamp"; edu="dgk_edu_$stamp"; man="dgk_man_$stamp"; adm="dgk_adm_$stamp"
as () { echo "$uri" | sed "s|://[^@]*@|://$1@|"; }
psql -X -q -v ON_ERROR_STOP=1 "$DIOGELU_TEST_PG_URI" -c "CREATE DATABASE $name"
trap 'psql -X -q "$DIOGELU_TEST_PG_URI" -c "DROP DATABASE IF EXISTS $name WITH (FORCE)";
      for r in $prac $edu $man $adm; do psql -X -q "$super" -c "DROP ROLE IF EXISTS $r"; done; rm -f "$out"' EXIT
for group in practitioner reader manager education administrator; do
  psql -X -q "$super" -c "CREATE ROLE diogelu_$group NOLOGIN" 2>/dev/null || true
done
psql -X -q -v ON_ERROR_STOP=1 "$super" -c "CREATE ROLE $prac LOGIN IN ROLE diogelu_practitioner" \
  -c "CREATE ROLE $edu LOGIN IN ROLE diogelu_education" \
  -c "CREATE ROLE $man LOGIN IN ROLE diogelu_manager" \
  -c "CREATE ROLE $adm LOGIN IN ROLE diogelu_administrator"

"$DIOGELU_CLI" --db "$uri" init
[ "$(psql -X -A -t "$uri" -c "SELECT version FROM dg_schema")" -ge 22 ] || { echo "not schema 22 or later"; exit 1; }

# What each login is, as the server (and so dg_db_role ()) says.
kind () { psql -X -A -t "$(as "$1")" -c "SELECT dg_role_kind ()"; }
[ "$(psql -X -A -t "$uri" -c "SELECT dg_role_kind ()")" = administrator ] || { echo "the owner is not administrator"; exit 1; }
[ "$(kind "$prac")" = practitioner ] || { echo "practitioner: $(kind "$prac")"; exit 1; }
[ "$(kind "$edu")" = education ] || { echo "education: $(kind "$edu")"; exit 1; }
[ "$(kind "$man")" = manager ] || { echo "manager: $(kind "$man")"; exit 1; }
[ "$(kind "$adm")" = administrator ] || { echo "administrator: $(kind "$adm")"; exit 1; }

# Two referrals by the practitioner: a school's and a health visitor's.
echo '{"reporter": {"name": "Ceri Jones", "organisation": "Ysgol Enghraifft", "agency": "education"},
       "children": [{"name": "Alex Example"}], "concern": "Bruise on the arm",
       "involved_agencies": [{"agency": "health", "name": "Dr Health Contact"}, {"agency": "education", "name": "Head of Year"}]}' |
  "$DIOGELU_CLI" --db "$(as "$prac")" --json referral add --file - >"$out"
grep -q '"id" *: *1' "$out" || { cat "$out"; exit 1; }
echo '{"reporter": {"name": "Sam Nurse", "organisation": "Health Board", "agency": "health"},
       "children": [{"name": "Bryn Example"}], "concern": "Missed health appointments"}' |
  "$DIOGELU_CLI" --db "$(as "$prac")" --json referral add --file - >"$out"
grep -q '"id" *: *2' "$out" || { cat "$out"; exit 1; }

count () { psql -X -q -A -t -v ON_ERROR_STOP=1 "$(as "$1")" -c "$2"; }
# Education liaison: the school's referral only, its children, its letters;
# not the health visitor's referral, children, report-maker or search row.
[ "$(count "$edu" "SELECT string_agg (id::text, ',') FROM referral")" = 1 ] || { echo "education sees other referrals"; exit 1; }
[ "$(count "$edu" "SELECT count (*) FROM child WHERE name = 'Bryn Example'")" = 0 ] || { echo "education sees health's child"; exit 1; }
[ "$(count "$edu" "SELECT count (*) FROM child WHERE name = 'Alex Example'")" = 1 ] || { echo "education misses the school's child"; exit 1; }
[ "$(count "$edu" "SELECT count (*) FROM reporter WHERE agency <> 'education'")" = 0 ] || { echo "education sees health's report-maker"; exit 1; }
[ "$(count "$edu" "SELECT count (*) FROM referral_search WHERE rowid = 2")" = 0 ] || { echo "education searches health's referral"; exit 1; }
[ "$(count "$edu" "SELECT count (*) FROM notification WHERE referral_id = 2")" = 0 ] || { echo "education sees health's letters"; exit 1; }
[ "$(count "$edu" "SELECT count (*) FROM involved_agency WHERE agency = 'health'")" = 0 ] || { echo "education sees a health contact"; exit 1; }
[ "$(count "$prac" "SELECT count (*) FROM involved_agency WHERE agency = 'health'")" = 1 ] || { echo "the practitioner misses the health contact"; exit 1; }
[ "$(count "$prac" "SELECT count (*) FROM referral")" = 2 ] || { echo "the practitioner does not see both"; exit 1; }
# Nor the audit trail's rows about the health visitor's referral.
[ "$(count "$edu" "SELECT count (*) FROM audit WHERE entity = 'referral' AND entity_id = 2")" = 0 ] || { echo "education reads health's audit rows"; exit 1; }
[ "$(count "$edu" "SELECT count (*) FROM audit WHERE entity = 'referral' AND entity_id = 1")" -ge 1 ] || { echo "education misses its referral's audit rows"; exit 1; }
[ "$(count "$prac" "SELECT count (*) FROM audit WHERE entity = 'referral' AND entity_id = 2")" -ge 1 ] || { echo "the practitioner misses audit rows"; exit 1; }
# Through the CLI too, and education cannot change a referral it cannot see.
"$DIOGELU_CLI" --db "$(as "$edu")" --json referral list >"$out"
grep -q "Alex Example" "$out" || { cat "$out"; echo "education's list misses its referral"; exit 1; }
if grep -q "Bryn Example" "$out"; then echo "education's list shows health's referral"; exit 1; fi
if "$DIOGELU_CLI" --db "$(as "$edu")" referral show 2 >"$out" 2>&1; then echo "education opened health's referral"; exit 1; fi
[ "$(count "$edu" "UPDATE referral SET concern = 'forged' WHERE id = 2 RETURNING id" | grep -c . || true)" = 0 ]
[ "$(psql -X -A -t "$uri" -c "SELECT concern FROM referral WHERE id = 2")" = "Missed health appointments" ]

refused () { # role, SQL
  if psql -X -q -v ON_ERROR_STOP=1 "$(as "$1")" -c "$2" >"$out" 2>&1; then
    echo "the server let $1 run: $2"; exit 1
  fi
  grep -Eq "permission denied|row-level security" "$out" || { cat "$out"; exit 1; }
}
allowed () { psql -X -q -v ON_ERROR_STOP=1 "$(as "$1")" -c "$2" >"$out" 2>&1 || { cat "$out"; echo "$1 was refused: $2"; exit 1; }; }

# Rules, exceptions, restrictions, snapshots: a manager's, and an administrator's.
for r in "$prac" "$edu"; do
  refused "$r" "UPDATE timescale_rule SET amount = amount"
  refused "$r" "INSERT INTO clock_exception (referral_id, clock, reason, approved_by, recorded_by, recorded_at) VALUES (1, 'decision', 'x', 'x', 'x', 'x')"
  refused "$r" "INSERT INTO referral_restriction VALUES (1, 'x', 'x', 'forged')"
  refused "$r" "INSERT INTO report_snapshot (name, from_day, to_day, figures, checksum, audit_id, saved_by, saved_at) VALUES ('x', '2026-01-01', '2026-01-31', '{}', 'x', 1, 'x', 'x')"
  refused "$r" "UPDATE expected_agency_rule SET expected = expected"
done
if "$DIOGELU_CLI" --db "$(as "$prac")" workdays rule set decision --amount 2 --unit working-days >"$out" 2>&1; then
  echo "the practitioner changed a timescale"; exit 1
fi
if "$DIOGELU_CLI" --db "$(as "$prac")" referral restrict 2 --reason "Staff member's family" >"$out" 2>&1; then
  echo "the practitioner restricted a referral"; exit 1
fi
if "$DIOGELU_CLI" --db "$(as "$prac")" report snapshot save --from 2026-01-01 --to 2026-12-31 --name "Q" >"$out" 2>&1; then
  echo "the practitioner saved a snapshot"; exit 1
fi
for r in "$man" "$adm"; do
  allowed "$r" "BEGIN; UPDATE timescale_rule SET amount = amount; INSERT INTO clock_exception (referral_id, clock, reason, approved_by, recorded_by, recorded_at) VALUES (1, 'decision', 'x', 'x', 'x', 'x'); ROLLBACK"
done
"$DIOGELU_CLI" --db "$(as "$man")" referral restrict 2 --reason "Staff member's family"
"$DIOGELU_CLI" --db "$(as "$man")" report snapshot save --from 2026-01-01 --to 2026-12-31 --name "Year"
"$DIOGELU_CLI" --db "$(as "$man")" workdays rule set decision --amount 2 --unit working-days
# The administrator reads the restricted referral without breaking the glass.
[ "$(count "$adm" "SELECT count (*) FROM referral WHERE id = 2")" = 1 ] || { echo "the administrator cannot read a restricted referral"; exit 1; }
[ "$(count "$prac" "SELECT count (*) FROM referral WHERE id = 2")" = 0 ] || { echo "the practitioner reads a restricted referral"; exit 1; }

# Retention and disposal approval: an administrator's only.
for r in "$prac" "$edu" "$man"; do
  refused "$r" "UPDATE retention_schedule SET years = 30 WHERE record_type = 'nfa'"
  refused "$r" "INSERT INTO retention_approval VALUES (1, 'x', 'x')"
  if "$DIOGELU_CLI" --db "$(as "$r")" retention set nfa 30y >"$out" 2>&1; then echo "$r changed the retention schedule"; exit 1; fi
done
"$DIOGELU_CLI" --db "$(as "$adm")" retention set nfa 30y
[ "$(psql -X -A -t "$uri" -c "SELECT years FROM retention_schedule WHERE record_type = 'nfa'")" = 30 ]
allowed "$adm" "BEGIN; INSERT INTO retention_approval VALUES (1, 'x', 'x'); ROLLBACK"
# No role but the owner opens the disposal path.
for r in "$man" "$adm"; do
  refused "$r" "INSERT INTO disposal_pass VALUES (1)"
done
echo "roles hold"
