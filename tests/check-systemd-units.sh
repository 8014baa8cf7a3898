#!/bin/sh
# The backup timer's unit files pass `systemd-analyze verify --user`, with
# the service pointed at the built diogelu-cli and the manual page it cites
# findable. Usage: check-systemd-units.sh SERVICE TIMER MANPAGE DIOGELU_CLI
set -eu
if ! command -v systemd-analyze >/dev/null 2>&1; then
  echo "1..0 # SKIP systemd-analyze is not installed"
  exit 0
fi
service=$1 timer=$2 manpage=$3 cli=$4
tmp=$(mktemp -d "${TMPDIR:-/tmp}/dg-units-XXXXXX")
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/man/man1" "$tmp/run"
chmod 700 "$tmp/run"
cp "$manpage" "$tmp/man/man1/"
# The installed path becomes the built one (the unit names bindir's).
sed "s|^ExecStart=[^ ]*diogelu-cli|ExecStart=$cli|" "$service" > "$tmp/diogelu-backup.service"
cp "$timer" "$tmp/diogelu-backup.timer"
grep -q "^ExecStart=$cli backup --daily\$" "$tmp/diogelu-backup.service"
echo "1..1"
if XDG_RUNTIME_DIR="$tmp/run" MANPATH="$tmp/man" \
   systemd-analyze verify --user "$tmp/diogelu-backup.timer" "$tmp/diogelu-backup.service"; then
  echo "ok 1 systemd-analyze verify --user accepts diogelu-backup.timer and .service"
else
  echo "not ok 1 systemd-analyze verify --user refuses the units (above)"
fi
