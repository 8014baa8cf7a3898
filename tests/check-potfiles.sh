#!/bin/sh
# Fails when a source file with translatable strings is missing from po/POTFILES.in,
# or when POTFILES.in names a file that does not exist.
set -eu
top=${1:-$(dirname "$0")/..}
cd "$top"
status=0
for f in $(find app ui resources data -type f \( -name '*.c' -o -name '*.ui' -o -name '*.in' -o -name '*.gschema.xml' \) | sort); do
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
[ $status -eq 0 ] && echo "po/POTFILES.in lists every file with translatable strings"
exit $status
