#!/bin/sh
# hostile.sh: data never runs as code. Benchmark names, results paths, an --out path, a configs baseline file
# and a history file that hold gnuplot and shell code go through every script that draws or compares: no
# code runs (no pagebound-pwned file appears), names with tabs and newlines never break a TSV row.
# usage: hostile.sh PAGEBOUND-COMPARE
set -eu
cmp=$1
src=${PB_SOURCE_ROOT:?set by meson test}
export PB_BUILD_DIR="${PB_BUILD_ROOT:?set by meson test}"
. "$(dirname -- "$0")/lib.sh"
mkdir "$tmp/cwd"
cd "$tmp/cwd"
pwned() { [ ! -e "$tmp/cwd/pagebound-pwned" ] && [ ! -e "$tmp/pagebound-pwned" ]; }
# a directory name that is gnuplot code if pasted into a quoted gnuplot string, and shell code if pasted into sh
evil=$tmp/"run'.system(\"touch pagebound-pwned\").'\$(touch pagebound-pwned)"
mkdir "$evil"
cp "$src"/tests/fixtures/hostile/*.json "$evil/"
rc=0
"$src/scripts/plot" "$evil" >"$tmp/out" 2>"$tmp/err" || rc=$?
check "plot on hostile names and path: exit 0 (got $rc: $(head -c 300 "$tmp/err"))" "[ $rc -eq 0 ]"
check "plot: no code ran" pwned
check "plot: the hostile names are named and left out" "grep -q '3 benchmark name(s) hold characters' '$tmp/err'"
check "plot: charts drawn for the rest" "[ -s \"\$evil/barrier.svg\" ] && [ -s \"\$evil/scan-cost.svg\" ]"
check "plot: the hostile subtitle is shown as text" "grep -q 'system(\"touch pagebound-pwned\").'\'' CPU {x}_^@y' \"\$evil/barrier.svg\""
"$src/scripts/summary" "$evil" >"$tmp/out" 2>&1 || bad "summary on hostile data exited $?"
check "summary: no code ran" pwned

# pagebound-compare: names escaped, one TSV row per benchmark
rc=0
"$cmp" --format tsv "$src/tests/fixtures/hostile/compare.json" "$src/tests/fixtures/hostile/compare.json" >"$tmp/cmp.tsv" 2>&1 || rc=$?
check "compare: exit 0 on identical hostile files (got $rc)" "[ $rc -eq 0 ]"
check "compare tsv: every row has 11 columns" "grep -v '^#' '$tmp/cmp.tsv' | awk -F'\t' 'NF != 11 { bad = 1 } END { exit bad }'"
check "compare tsv: the tab and newline are escaped" "grep -q 'un\\\\tmapped\\\\n' '$tmp/cmp.tsv'"
"$cmp" --format markdown "$src/tests/fixtures/hostile/compare.json" "$src/tests/fixtures/hostile/compare.json" >"$tmp/cmp.md" 2>&1 || true
check "compare markdown: one line per row, the | in a name escaped" "[ \$(grep -c '^| \`' '$tmp/cmp.md') -eq 3 ] && grep -q 'x='\\''\\\\|'\\''x'\\''/footprint' '$tmp/cmp.md'"

# scripts/compare: hostile directories and --out
mkdir "$evil/a" "$evil/b"
cp "$src/tests/fixtures/hostile/compare.json" "$evil/a/"
cp "$src/tests/fixtures/hostile/compare.json" "$evil/b/"
rc=0
"$src/scripts/compare" --out="$evil/out'; system(\"touch pagebound-pwned\"); '" "$evil/a" "$evil/b" >"$tmp/out" 2>"$tmp/err" || rc=$?
check "scripts/compare: exit 0 (got $rc: $(head -c 300 "$tmp/err"))" "[ $rc -eq 0 ]"
check "scripts/compare: no code ran" pwned
check "scripts/compare: chart drawn" "ls \"\$evil\"/out*/compare.svg >/dev/null"

# scripts/configs --plot: a baseline file and a machine line that are code
cp -r "$src/tests/fixtures/configs-small" "$evil/cfg"
echo "x86-4k'; system(\"touch pagebound-pwned\"); '" >"$evil/cfg/baseline"
echo "CPU'.system(\"touch pagebound-pwned\").'" >"$evil/cfg/machine.txt"
"$src/scripts/configs" --plot "$evil/cfg" >"$tmp/out" 2>"$tmp/err" || bad "configs --plot on a hostile baseline exited $?: $(cat "$tmp/err")"
check "configs --plot: no code ran" pwned

# scripts/plot --history: a hostile history file path and names
h="$evil/hist'.system(\"touch pagebound-pwned\").'.tsv"
printf 'run\tcommit\tmode\tbenchmark\tmedian\tunit\tcv_pct\nr1\tc\tquick\tprim/a'"'"'; system("touch pagebound-pwned"); x='"'"'\t170\tns\t1\nr2\tc\tquick\tprim/a'"'"'; system("touch pagebound-pwned"); x='"'"'\t180\tns\t1\n' >"$h"
"$src/scripts/plot" --history --match '^prim/' --file "$h" >"$tmp/out" 2>"$tmp/err" || bad "plot --history on a hostile file exited $?: $(cat "$tmp/err")"
check "plot --history: no code ran" pwned

finish
