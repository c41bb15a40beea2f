#!/bin/sh
# plot.sh: scripts/plot and scripts/summary on fixture JSON: the tables hold the fixture's values, the
# charts exist, and bad input is refused with a clear message, a non-zero exit and no chart.
set -eu
src=${PB_SOURCE_ROOT:?set by meson test}
. "$(dirname -- "$0")/lib.sh"
# field TSV KEY-REGEX COLUMN: the column of the one row whose first columns match
field() { awk -F'\t' -v re="$2" -v c="$3" '$0 ~ re { print $c; n++ } END { if (n != 1) exit 1 }' "$1"; }

cp -r "$src/tests/fixtures/run-small" "$tmp/run"
"$src/scripts/plot" "$tmp/run" >"$tmp/plot.out" 2>"$tmp/plot.err" || bad "scripts/plot on the fixture exited $?: $(cat "$tmp/plot.err")"
for c in scan-cost scan-calls scan-model primitives barrier; do
	for ext in png svg; do check "$c.$ext is missing or empty" "[ -s '$tmp/run/$c.$ext' ]"; done
	check "$c.png is not a PNG" "head -c 4 '$tmp/run/$c.png' | od -An -c | grep -q 'P   N   G'"
	check "$c.svg is not an SVG" "grep -q '<svg' '$tmp/run/$c.svg'"
done
s=$tmp/run/scan.tsv
check "scan.tsv header" "head -n 1 '$s' | grep -q '^probe	config	layout	bytes	reps	median_ns'"
check "stepped 1M median is 110000" "[ \"\$(field '$s' '^stepped	P64K-T4K	unmapped	1048576	' 6)\" = 110000 ]"
check "stepped 1M min/max 100000/120000" "[ \"\$(field '$s' '^stepped	P64K-T4K	unmapped	1048576	' 7)-\$(field '$s' '^stepped	P64K-T4K	unmapped	1048576	' 8)\" = 100000-120000 ]"
check "stepped 1M has 3 repetitions" "[ \"\$(field '$s' '^stepped	P64K-T4K	unmapped	1048576	' 5)\" = 3 ]"
check "stepped 4M syscalls 1024" "[ \"\$(field '$s' '^stepped	P64K-T4K	unmapped	4194304	' 10)\" = 1024 ]"
check "emulated stepped 1M einval 240" "[ \"\$(field '$s' '^stepped	P64K-T64K	unmapped	1048576	' 11)\" = 240 ]"
check "chunked tail verdict_ok 0" "[ \"\$(field '$s' '^chunked	P64K-T4K	tail	1048576	' 12)\" = 0 ]"
check "errored maps run is not in scan.tsv" "! grep -q '^maps' '$s'"
check "errors.tsv names the skipped run" "grep -q 'scan/maps/P64K-T4K/unmapped/bytes:1048576	layout unmapped clobbered' '$tmp/run/errors.tsv'"
check "plot warns about the skipped run" "grep -q '1 benchmark(s) were skipped' '$tmp/plot.err'"
b=$tmp/run/barrier.tsv
check "on-min median ns per store 1.1" "[ \"\$(field '$b' '^on-min	valid	4096	' 5)\" = 1.1 ]"
check "on-phys low-10 flagged 100" "[ \"\$(field '$b' '^on-phys	low-10	4096	' 9)\" = 100 ]"
check "getppid median 170" "[ \"\$(field '$tmp/run/prims.tsv' '^getppid	' 3)\" = 170 ]"

"$src/scripts/summary" "$tmp/run" >"$tmp/summary.out" 2>&1 || bad "scripts/summary exited $?"
check "summary marks chunked WRONG" "grep -q 'chunked *WRONG in 2 of 2 cases: on P64K-T4K/tail' '$tmp/summary.out'"
check "summary has the bound check" "grep -q '4 KiB *0.950 *1.100 *1.120 *+0.150 ns' '$tmp/summary.out'"

# bad input: clear message, exit 2, nothing drawn
expect_fail() { # name dir message
	rc=0
	"$src/scripts/plot" "$2" >"$tmp/out" 2>"$tmp/err" || rc=$?
	check "$1: exit 2 (got $rc)" "[ $rc -eq 2 ]"
	check "$1: message '$3'" "grep -q \"$3\" '$tmp/err'"
	check "$1: no chart drawn" "! ls '$2'/*.png >/dev/null 2>&1"
}
expect_fail "missing directory" "$tmp/nope" "does not exist"
mkdir "$tmp/notgb" && echo '{"a": 1}' >"$tmp/notgb/x.json"
expect_fail "JSON that is not Google Benchmark output" "$tmp/notgb" "is not Google Benchmark JSON output"
mkdir "$tmp/notjson" && echo 'this is not json' >"$tmp/notjson/x.json"
expect_fail "not JSON" "$tmp/notjson" "is not Google Benchmark JSON output"
mkdir "$tmp/trunc" && head -c 2000 "$src/tests/fixtures/run-small/scan.json" >"$tmp/trunc/scan.json"
expect_fail "truncated JSON" "$tmp/trunc" "is not Google Benchmark JSON output"
mkdir "$tmp/empty" && jq '.benchmarks = []' "$src/tests/fixtures/run-small/scan.json" >"$tmp/empty/scan.json"
expect_fail "empty run" "$tmp/empty" "no benchmark results"
mkdir "$tmp/nofiles"
expect_fail "no JSON files" "$tmp/nofiles" "no JSON result files"

# scripts/bench refuses a bad option before it installs or builds anything
rc=0
"$src/scripts/bench" --bogus >/dev/null 2>"$tmp/err" || rc=$?
check "bench --bogus exits 2 (got $rc)" "[ $rc -eq 2 ]"
check "bench --bogus names it" "grep -q \"unknown option .--bogus.\" '$tmp/err'"
if "$src/scripts/bench" --reps 0 >/dev/null 2>"$tmp/err"; then bad "bench --reps 0 exit 0"; else ok; fi

finish
