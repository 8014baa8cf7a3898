#!/bin/sh
# The user help: every page valid Mallard with no broken link, in English and
# in Welsh; the Welsh complete, made from the pages as they are now, and
# spelled as aspell's Welsh dictionary (plus help/cy/words.txt) knows it.
set -eu
help=$1
shift
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0

cd "$help/C"
yelp-check validate "$@" || status=1
if ! out=$(yelp-check links "$@" 2>&1) || [ -n "$out" ]; then
  echo "$out"
  status=1
fi

cd "$help"
msgfmt -c --statistics -o "$tmp/cy.mo" cy/cy.po 2>"$tmp/stats" || status=1
cat "$tmp/stats"
if grep -qE 'untranslated|fuzzy' "$tmp/stats"; then
  echo "help/cy/cy.po is not complete"
  status=1
fi
# The Welsh says what the pages say now: no message of the pages missing.
(cd C && itstool -o "$tmp/help.pot" "$@")
msgmerge -q --no-fuzzy-matching -o "$tmp/merged.po" cy/cy.po "$tmp/help.pot"
if msgattrib --untranslated --no-obsolete "$tmp/merged.po" | grep -q '^msgid "[^"]'; then
  echo "help/cy/cy.po lacks these messages of the pages (itstool -o help.pot C/*.page; msgmerge):"
  msgattrib --untranslated --no-obsolete "$tmp/merged.po" | grep '^msgid' | tail -n +2
  status=1
fi

mkdir "$tmp/cy"
for page in "$@"; do
  itstool -m "$tmp/cy.mo" -o "$tmp/cy/$page" "C/$page"
done
(cd "$tmp/cy" && yelp-check validate "$@") || status=1
if ! out=$(cd "$tmp/cy" && yelp-check links "$@" 2>&1) || [ -n "$out" ]; then
  echo "$out"
  status=1
fi

if aspell -l cy dump master >/dev/null 2>&1; then
  # Apostrophes split "mae'r" into words the dictionary has.
  misspelt=$(msgattrib --no-obsolete --no-wrap cy/cy.po | sed -n 's/^msgstr "\(.*\)"$/\1/p' |
    sed 's/<[^>]*>/ /g; s/'"'"'/ /g; s/’/ /g' | aspell -l cy list | sort -u |
    grep -vxF -f cy/words.txt || true)
  if [ -n "$misspelt" ]; then
    echo "Welsh words aspell does not know (fix them, or add a correct one to help/cy/words.txt):"
    echo "$misspelt"
    status=1
  fi
else
  echo "aspell's Welsh dictionary (aspell-cy) is not installed: spelling not checked"
  status=1
fi

[ $status -eq 0 ] && echo "help: $# pages valid in English and Welsh, links whole, Welsh complete and spelled"
exit $status
