#!/bin/sh
# Fails when a source file with translatable strings is missing from po/POTFILES.in,
# or when POTFILES.in names a file that does not exist.
set -eu
top=${1:-$(dirname "$0")/..}
cd "$top"
status=0
for f in $(find app ui resources data -type f \( -name '*.c' -o -name '*.ui' -o -name '*.in' -o -name '*.gschema.xml' \) | sort); do
  # A D-Bus service file's Name= is the bus name, never shown to anyone.
  if head -1 "$f" | grep -qxF '[D-BUS Service]'; then
    continue
  fi
  if grep -qE '[^A-Za-z0-9_]N?_\(|C_\(|translatable="yes"|^(Name|Comment|GenericName|Keywords)=|<summary>|<name>' "$f"; then
    if ! grep -qxF "$f" po/POTFILES.in; then
      echo "missing from po/POTFILES.in: $f"
      status=1
    fi
  fi
done
for f in $(grep -vE '^(#|$)' po/POTFILES.in); do
  if [ ! -f "$f" ]; then
    echo "po/POTFILES.in names a file that does not exist: $f"
    status=1
  fi
done
# xgettext stops a message at a G_GINT64_FORMAT-style macro, so such a message
# can never be translated: translatable 64-bit numbers use PRId64.
if grep -nE '(_\(|dngettext \(GETTEXT_PACKAGE, )"[^"]*" G_G(INT64|SIZE)_FORMAT' $(find app -name '*.c'); then
  echo "translatable strings above use G_G*_FORMAT; use PRId64 (inttypes.h) instead"
  status=1
fi
[ $status -eq 0 ] && echo "po/POTFILES.in lists every file with translatable strings"
exit $status
