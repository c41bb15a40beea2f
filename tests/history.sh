#!/bin/sh
# history.sh: scripts/history and scripts/report on results of two machines made here: their series stay apart
# (exact run counts per machine), a step on one machine is found at its run and fails `check` for it alone, a
# new kernel is an event not a machine, an incomplete run is listed and left out; --import of what is not a
# results directory is exit 2 and one line, of another machine's runs keeps them apart; the site's HTML passes
# xmllint, and every link and image in every page it wrote resolves to a file.
set -eu
src=${PB_SOURCE_ROOT:?set by meson test}
export PB_BUILD_DIR="${PB_BUILD_ROOT:?set by meson test}"
. "$(dirname -- "$0")/lib.sh"
R=$tmp/results
export PB_RESULTS_DIR=$R

# machine A: 12 runs, 20% slower from run 8 on; machine B: 12 runs, flat, a new kernel from run 6 on
for i in 1 2 3 4 5 6 7 8 9 10 11 12; do
	mkrun "$R/a-$i" hosta 6.1.0 "$i" "$([ "$i" -ge 8 ] && echo 1.2 || echo 1)"
	mkrun "$R/b-$i" hostb "$([ "$i" -ge 6 ] && echo 6.1.1 || echo 6.1.0)" "$i" 1
done
mkrun "$R/b-13" hostb 6.1.1 13 1
# a machine whose host name is markup and shell: shown as text, never run
for i in 1 2 3 4 5 6; do mkrun "$R/h-$i" '<script>alert(1)</script>$(touch pwned)`touch pwned2`' 6.1.0 "$i" 1; done
echo "interrupted" >"$R/b-13/INCOMPLETE"

rc=0
"$src/scripts/history" >"$tmp/out" 2>"$tmp/err" || rc=$?
check "rebuild: exit 0 (got $rc: $(cat "$tmp/err"))" "[ $rc -eq 0 ]"
H=$R/history
check "three machines" "[ \$(tail -n +2 '$H/machines.tsv' | wc -l) -eq 3 ]"
ma=$(awk -F'\t' '$2 == "hosta" { print $1 }' "$H/machines.tsv")
mb=$(awk -F'\t' '$2 == "hostb" { print $1 }' "$H/machines.tsv")
check "machine ids differ and name their host" "[ -n '$ma' ] && [ -n '$mb' ] && [ '$ma' != '$mb' ] && case '$ma' in hosta-*) true ;; *) false ;; esac"
fam=scan/stepped/P64K-T4K/unmapped
check "series apart: 12 runs of the family on A, 12 on B (the incomplete run left out)" \
	"[ \$(awk -F'\t' -v m='$ma' -v s='$fam' '\$1 == m && \$3 == s' '$H/series.tsv' | wc -l) -eq 12 ] && [ \$(awk -F'\t' -v m='$mb' -v s='$fam' '\$1 == m && \$3 == s' '$H/series.tsv' | wc -l) -eq 12 ]"
check "a family pools its sizes from 1 MiB (2 members, 64 KiB left out)" "awk -F'\t' -v s='$fam' '\$3 == s && \$10 != 2 { bad = 1 } END { exit bad }' '$H/series.tsv'"
check "a run's value is the geometric mean of its sizes' fastest repetitions (b-1: 1000 and 4000 ns: 2000)" "awk -F'\t' -v s='$fam' '\$3 == s && \$4 == \"b-1\" && \$7 == 2000 { f = 1 } END { exit !f }' '$H/series.tsv'"
check "the incomplete run is listed as such, and not in history.tsv" \
	"grep -q 'incomplete	b-13\$' '$H/runs.tsv' && ! grep -q '^b-13	' '$R/history.tsv'"
check "A's step found at run 8, +20% (its interval holding it)" \
	"awk -F'\t' -v m='$ma' -v s='$fam' '\$1 == m && \$3 == s && \$4 == 8 && \$9 > 15 && \$9 < 25 && \$10 < 20 && \$11 > 20 { f = 1 } END { exit !f }' '$H/changes.tsv'"
check "no change point on B (its kernel changed, its times did not)" "! awk -F'\t' -v m='$mb' '\$1 == m' '$H/changes.tsv' | grep -q ."
check "B's new kernel is an event at run 6" "grep -q '^$mb	quick	b-6	.*	kernel 6.1.0 -> 6.1.1\$' '$H/events.tsv'"

# pagebound-changes by hand: both option spellings give the same change points (one, at run 11 of 20)
awk 'BEGIN { OFS = "\t"; print "series", "run", "commit", "value"
	for (i = 1; i <= 20; i++) print "s", "r" i, "c" i, (i > 10 ? 1200 : 1000) * (1 + 0.01 * ((i * 7) % 5 - 2) / 2) }' >"$tmp/cp.tsv"
"$PB_BUILD_DIR/src/pagebound-changes" --alpha=0.01 --perms=199 --seed=7 "$tmp/cp.tsv" >"$tmp/cp1" 2>&1 || bad "pagebound-changes (=) exited $?"
"$PB_BUILD_DIR/src/pagebound-changes" --alpha 0.01 --perms 199 --seed 7 "$tmp/cp.tsv" >"$tmp/cp2" 2>&1 || bad "pagebound-changes exited $?"
check "pagebound-changes: --opt value gives what --opt=value gives" "[ -s '$tmp/cp1' ] && cmp -s '$tmp/cp1' '$tmp/cp2'"
check "pagebound-changes: one change point, at run 11 (r11), slower" "[ \$(tail -n +2 '$tmp/cp1' | wc -l) -eq 1 ] && awk -F'\t' 'NR == 2 && \$2 == 11 && \$4 == \"r11\" && \$13 == \"slower\" { f = 1 } END { exit !f }' '$tmp/cp1'"

rc=0
"$src/scripts/history" check >"$tmp/out" 2>"$tmp/err" || rc=$?
check "check: exit 1, A's family named (got $rc)" "[ $rc -eq 1 ] && grep -q '^REGRESSION: $ma quick $fam: +' '$tmp/out' && ! grep -q '$mb' '$tmp/out'"
rc=0
"$src/scripts/history" check --machine "$mb" >"$tmp/out" 2>"$tmp/err" || rc=$?
check "check --machine B: exit 0 (got $rc)" "[ $rc -eq 0 ] && grep -q '^no regression' '$tmp/out'"
rc=0
"$src/scripts/history" check --threshold 25 >"$tmp/out" 2>"$tmp/err" || rc=$?
check "check --threshold 25: a 20% step passes (got $rc)" "[ $rc -eq 0 ]"

# imports
refuse "import of a directory that is not results" "is not a results directory" "$src/scripts/history" --import "$src/tests/fixtures/kernels"
refuse "import of nothing there" "is not a directory" "$src/scripts/history" --import "$tmp/nowhere"
mkdir -p "$tmp/other"
for i in 1 2 3 4 5 6 7; do mkrun "$tmp/other/c-$i" hostc 6.5.0 "$i" 3; done
rc=0
"$src/scripts/history" --import "$tmp/other" >"$tmp/out" 2>"$tmp/err" || rc=$?
check "import of another machine's results: exit 0 (got $rc)" "[ $rc -eq 0 ] && [ \$(ls -d '$R'/imported/hostc-*/c-* | wc -l) -eq 7 ]"
check "imported: a fourth machine, its 7 runs apart" "[ \$(tail -n +2 '$H/machines.tsv' | wc -l) -eq 4 ] && [ \$(awk -F'\t' '\$2 == \"hostc\" { print \$6 }' '$H/machines.tsv') -eq 7 ]"
rc=0
"$src/scripts/history" --import "$tmp/other/c-1" >"$tmp/out" 2>"$tmp/err" || rc=$?
check "a run imported twice is kept once (got $rc)" "[ $rc -eq 0 ] && grep -q 'already imported' '$tmp/err' && [ \$(ls -d '$R'/imported/hostc-*/c-* | wc -l) -eq 7 ]"

# the site
rc=0
"$src/scripts/report" >"$tmp/out" 2>"$tmp/err" || rc=$?
check "report: exit 0 (got $rc: $(head -c 300 "$tmp/err"))" "[ $rc -eq 0 ] && [ -s '$R/site/index.html' ]"
check "the site names each machine and A's regression" "grep -q 'id=\"$ma\"' '$R/site/index.html' && grep -q 'id=\"$mb\"' '$R/site/index.html' && grep -q 'series end after a slowdown beyond 5%' '$R/site/index.html'"
check "the incomplete run is marked on the site and on its page" "grep -q 'b-13/index.html\">b-13</a> <span class=\"bad\">INCOMPLETE' '$R/site/index.html' && grep -q 'INCOMPLETE: this run did not finish' '$R/b-13/index.html'"
pages=$(find "$R" -name index.html | sort)
check "a page for every run (12 + 13 + 6 + 7 imported) and the site" "[ \$(printf '%s\n' \"$pages\" | wc -l) -eq 39 ]"
check "a host name that is markup and shell: escaped on the site, nothing ran" "grep -q '&lt;script&gt;alert(1)&lt;/script&gt;' '$R/site/index.html' && ! grep -q '<script>' '$R/site/index.html' && [ ! -e pwned ] && [ ! -e pwned2 ] && [ ! -e '$R/site/pwned' ]"
if command -v xmllint >/dev/null 2>&1; then
	for p in $pages; do
		check "xmllint --html clean: ${p#"$R"/}" "xmllint --html --noout '$p' 2>'$tmp/xml' && [ ! -s '$tmp/xml' ]"
	done
else
	bad "xmllint is not installed (scripts/deps installs libxml2-utils)"
fi
# every href and src that is not data: or #: percent-decoded, relative to its page, a file
nlinks=0
for p in $pages; do
	grep -o -E '(href|src)="[^"#][^"]*"' "$p" | sed -E 's/^(href|src)="//; s/"$//' | grep -v '^data:' >"$tmp/links" || true
	while IFS= read -r l; do
		f=$(printf '%s' "$l" | awk 'BEGIN { for (c = 0; c < 256; c++) hx[sprintf("%02X", c)] = sprintf("%c", c) }
			{ out = ""; while (match($0, /%[0-9A-F][0-9A-F]/)) { out = out substr($0, 1, RSTART - 1) hx[substr($0, RSTART + 1, 2)]; $0 = substr($0, RSTART + 3) } printf "%s", out $0 }')
		check "link in ${p#"$R"/} resolves: $l" "[ -f \"\$(dirname '$p')/\$f\" ]"
		nlinks=$((nlinks + 1))
	done <"$tmp/links"
done
check "links checked: $nlinks (each run page's files, the site's pages)" "[ $nlinks -ge 100 ]"
finish
