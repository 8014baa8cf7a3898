#!/bin/bash
# The crash loop (issue 20): import, restore, backup and demo, each killed
# with SIGKILL just before one write, sync, rename or link of its own, at
# points spread over all of its writes and at the last ones (the commit and
# the rename). After every kill: the read-only check answers (rolling back a
# hot journal if need be), the file is sound, the counts are those from
# before or after (or a whole number of the demo's batches between), and no
# referral is without its audit row, no restore without its own.
#
#   tests/crash-loop.sh CLI SHIM [POINTS]
#
# CLI is diogelu-cli, SHIM the dg-fault-preload module; POINTS kill points
# per command (default 8; 0 kills at every single write, which takes long).
set -u

cli=$1
shim=$2
points=${3:-8}
now=(--now 2027-03-01T10:00)
work=$(mktemp -d "${TMPDIR:-/tmp}/dg-crash-loop-XXXXXX")
trap 'rm -rf "$work"' EXIT
kills=0
runs=0

fail () {
  echo "FAIL: $*" >&2
  exit 1
}

q () {
  sqlite3 -batch -noheader "$1" "$2" || fail "sqlite3 $1: $2"
}

# The shim runs under AddressSanitizer too, loaded before its runtime.
shim_env=(env LD_PRELOAD="$shim" ASAN_OPTIONS=verify_asan_link_order=0:detect_leaks=0)

# A database of 30 referrals, a backup of 20 of them, a CSV of 25 more.
"$cli" --db "$work/base.db" "${now[@]}" demo --referrals 20 --seed 3 >/dev/null 2>&1 || fail "demo"
"$cli" --db "$work/base.db" backup "$work/twenty.bak" >/dev/null || fail "backup"
"$cli" --db "$work/base.db" "${now[@]}" demo --referrals 10 --seed 4 >/dev/null 2>&1 || fail "demo"
{
  echo "received_at,child_name,reporter_agency"
  for i in $(seq 1 25); do
    printf '2027-02-%02dT09:%02d,Plentyn %d,%s\n' $((1 + i % 20)) $((i % 60)) "$i" health
  done
} > "$work/rows.csv"
base_audit=$(q "$work/base.db" "SELECT count(*) FROM referral r WHERE NOT EXISTS
  (SELECT 1 FROM audit a WHERE a.entity = 'referral' AND a.entity_id = r.id AND a.action = 'create')")
[ "$(q "$work/base.db" 'SELECT count(*) FROM referral')" = 30 ] || fail "the base holds 30 referrals"

db="$work/run/diogelu.db"

fresh () {
  rm -rf "$work/run"
  mkdir "$work/run"
  cp "$work/base.db" "$db"
}

command_for () {
  case $1 in
    import)  echo "import csv --file $work/rows.csv" ;;
    restore) echo "restore --yes $work/twenty.bak" ;;
    backup)  echo "backup $work/run/copy.db" ;;
    demo)    echo "demo --referrals 30 --seed 5" ;;
  esac
}

# After a run that ended with @2 (0, or 137 when killed): is all as it must be?
check_after () {
  local op=$1 status=$2 n

  "$cli" --db "$db" check >/dev/null 2>"$work/check.err" || fail "$op: check after exit $status: $(cat "$work/check.err")"
  [ "$(q "$db" 'PRAGMA integrity_check')" = ok ] || fail "$op: integrity after exit $status"
  n=$(q "$db" 'SELECT count(*) FROM referral')
  [ "$(q "$db" "SELECT count(*) FROM referral r WHERE NOT EXISTS
    (SELECT 1 FROM audit a WHERE a.entity = 'referral' AND a.entity_id = r.id AND a.action = 'create')")" = "$base_audit" ] \
    || fail "$op: a referral without its audit row after exit $status"

  case $op in
    import)
      [ "$n" = 30 ] || [ "$n" = 55 ] || fail "import: $n referrals (30 or 55) after exit $status"
      [ "$status" != 0 ] || [ "$n" = 55 ] || fail "import reported success with $n referrals"
      ;;
    restore)
      local restores
      restores=$(q "$db" "SELECT count(*) FROM audit WHERE entity = 'database' AND action = 'restore'")
      case "$n:$restores" in
        30:0 | 20:1) ;;
        *) fail "restore: $n referrals and $restores restore rows after exit $status" ;;
      esac
      [ "$status" != 0 ] || [ "$n" = 20 ] || fail "restore reported success with $n referrals"
      # Every copy of what was there is whole: 30 referrals.
      for kept in "$work"/run/backups/before-restore-*.db; do
        [ -e "$kept" ] || continue
        [ "$(q "$kept" 'PRAGMA integrity_check')" = ok ] || fail "restore: $kept damaged"
        [ "$(q "$kept" 'SELECT count(*) FROM referral')" = 30 ] || fail "restore: $kept is not the whole database"
      done
      if [ "$n" = 20 ] && ! ls "$work"/run/backups/before-restore-*.db >/dev/null 2>&1; then
        fail "restore: restored without a copy of what was there"
      fi
      ;;
    backup)
      [ "$n" = 30 ] || fail "backup changed the database: $n referrals"
      if [ -e "$work/run/copy.db" ]; then
        [ "$(q "$work/run/copy.db" 'PRAGMA integrity_check')" = ok ] || fail "backup: the copy is damaged"
        [ "$(q "$work/run/copy.db" 'SELECT count(*) FROM referral')" = 30 ] || fail "backup: the copy is not whole"
      else
        [ "$status" != 0 ] || fail "backup reported success without a copy"
      fi
      ;;
    demo)
      [ "$n" -ge 30 ] && [ "$n" -le 60 ] || fail "demo: $n referrals after exit $status"
      [ "$status" != 0 ] || [ "$n" = 60 ] || fail "demo reported success with $n referrals"
      ;;
  esac
}

start=$(date +%s)
for op in import restore backup demo; do
  read -r -a args <<< "$(command_for $op)"

  # A clean run: it succeeds, and says how many writes it makes.
  fresh
  "${shim_env[@]}" DG_FAULT_COUNT_FILE="$work/count" "$cli" --db "$db" "${now[@]}" "${args[@]}" \
    >/dev/null 2>"$work/err" || fail "$op without a kill: $(cat "$work/err")"
  check_after $op 0
  total=$(cat "$work/count")
  [ "$total" -gt 0 ] || fail "$op: no writes counted"

  if [ "$points" = 0 ]; then
    at=$(seq 1 "$total")
  else
    at=$( { for i in $(seq 0 $((points - 1))); do echo $((1 + i * (total - 1) / (points > 1 ? points - 1 : 1))); done
            for i in 0 1 2 3; do [ $((total - i)) -ge 1 ] && echo $((total - i)); done; } | sort -n | uniq)
  fi

  op_kills=0
  for n in $at; do
    fresh
    # In a subshell, so that bash's own "Killed" goes nowhere.
    status=$( ( "${shim_env[@]}" DG_FAULT_KILL_AT="$n" "$cli" --db "$db" "${now[@]}" "${args[@]}" >/dev/null 2>"$work/err"
                echo $? ) 2>/dev/null )
    case $status in
      0) ;;
      137) kills=$((kills + 1)); op_kills=$((op_kills + 1)) ;;
      *) fail "$op killed at write $n: exit $status: $(cat "$work/err")" ;;
    esac
    runs=$((runs + 1))
    check_after $op $status
  done
  echo "$op: $total writes, killed at $op_kills points, all sound"
  [ "$op_kills" -gt 0 ] || fail "$op: never killed"
done

echo "crash loop: $runs runs, $kills killed, $(( $(date +%s) - start )) s"
