#!/bin/sh
# docs.sh: every link in README.md and docs/*.md resolves: the file is in the tree, and an anchor (#...) is one of
# its headings (as GitHub makes them: lower case, punctuation dropped, spaces to hyphens); every document the code
# cites (docs/NAME.md) exists, and none cites a design file that is not in the tree. External links are not
# followed (no network).
set -eu
src=${PB_SOURCE_ROOT:?set by meson test}
. "$(dirname -- "$0")/lib.sh"
cd "$src"
# anchors FILE: the anchors of its headings, one per line
anchors() {
	awk '/^```/ { code = !code } !code && /^#+ / { h = $0; sub(/^#+ +/, "", h); h = tolower(h)
		gsub(/[^a-z0-9 _-]/, "", h); gsub(/ /, "-", h); print h }' "$1"
}
n=0
for doc in README.md docs/*.md; do
	# the links of DOC outside code blocks: one target per line
	awk '/^```/ { code = !code; next } !code { s = $0
		while (match(s, /\]\([^) ]+\)/)) { print substr(s, RSTART + 2, RLENGTH - 3); s = substr(s, RSTART + RLENGTH) } }' "$doc" >"$tmp/links"
	while IFS= read -r l; do
		case $l in http://* | https://* | mailto:*) continue ;; esac
		n=$((n + 1))
		f=${l%%#*} a=""
		case $l in *#*) a=${l#*#} ;; esac
		if [ -n "$f" ]; then t=$(dirname -- "$doc")/$f; else t=$doc; fi
		check "$doc: link '$l': $t exists" "[ -e '$t' ]"
		[ -z "$a" ] || [ ! -f "$t" ] || check "$doc: link '$l': #$a is a heading of $t" "anchors '$t' | grep -qx -- '$a'"
	done <"$tmp/links"
done
check "the documents hold links ($n)" "[ $n -ge 30 ]"
grep -rhoE 'docs/[a-z-]+\.md' src bench scripts plots tests/*.c 2>/dev/null | sort -u >"$tmp/cited" || true
while IFS= read -r c; do check "the code cites $c: it exists" "[ -f '$c' ]"; done <"$tmp/cited"
check "no code cites DESIGN.md (not in the tree)" "! grep -rl 'DESIGN\\.md' src bench scripts plots tests/*.c tests/*.sh 2>/dev/null | grep -v 'tests/docs.sh'"
check "README: at most about 200 lines ($(wc -l <README.md))" "[ \$(wc -l <README.md) -le 210 ]"
# every script's --help: exit 0, its whole header (the name first, every comment line down to the code, the exit
# statuses included) and no code (set -eu, the . of common.sh)
for s in scripts/*; do
	case $s in */common.sh | */cross.sh) continue ;; esac
	name=$(basename "$s")
	rc=0
	"$s" --help >"$tmp/help" 2>&1 </dev/null || rc=$?
	want=$(sed -n '2,$p' "$s" | sed '/^[^#]/,$d' | wc -l)
	check "$name --help: exit 0, its header's $want lines, from '$name:' on, no code (got $rc, $(wc -l <"$tmp/help") lines)" \
		"[ $rc -eq 0 ] && [ \$(wc -l <'$tmp/help') -eq $want ] && head -n 1 '$tmp/help' | grep -q '^$name: ' && ! grep -qE '^(set -eu|\\. )' '$tmp/help'"
done
finish
