#!/bin/sh
# Fails unless every catalogue in po/ is complete against the strings in the
# sources right now: no untranslated, fuzzy or missing message, msgfmt --check
# clean, and Welsh's six plural forms declared.
set -eu
top=$(cd "${1:-$(dirname "$0")/..}" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$top"
xgettext --from-code=UTF-8 --add-comments --files-from=po/POTFILES.in \
  --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 \
  --keyword=g_dngettext:2,3 --keyword=ngettext:1,2 \
  --package-name=diogelu -o "$tmp/diogelu.pot"
status=0
for lang in $(grep -vE '^(#|$)' po/LINGUAS); do
  stats=$(msgfmt --check --statistics -o /dev/null "po/$lang.po" 2>&1) || { echo "$lang.po: $stats"; status=1; continue; }
  echo "$lang.po: $stats"
  case "$stats" in
    *untranslated*|*fuzzy*) status=1 ;;
  esac
  if ! msgcmp "po/$lang.po" "$tmp/diogelu.pot" > "$tmp/cmp.txt" 2>&1; then
    echo "$lang.po lacks messages that the sources use:"
    head -40 "$tmp/cmp.txt"
    status=1
  fi
done
if ! grep -qF '"Plural-Forms: nplurals=6; plural=(n==0) ? 0 : (n==1) ? 1 : (n==2) ? 2 : (n==3) ? 3 : (n==6) ? 4 : 5;' po/cy.po; then
  echo "cy.po: Plural-Forms must declare Welsh's six forms"
  status=1
fi
exit $status
