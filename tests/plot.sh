#!/bin/sh
# plot.sh: scripts/plot and scripts/summary on fixture JSON: the tables hold the fixture's values, the
# charts exist, a renamed variant flows through with no script changed, and bad input is refused with a clear
# message, a non-zero exit and no chart.
set -eu
src=${PB_SOURCE_ROOT:?set by meson test}
export PB_BUILD_DIR="${PB_BUILD_ROOT:?set by meson test}"
. "$(dirname -- "$0")/lib.sh"
. "$src/scripts/common.sh"
# field TSV KEY-REGEX COLUMN: the named column of the one row whose leading columns match KEY-REGEX
field() { awk -F'\t' -v re="$2" -v c="$3" 'NR == 1 { for (i = 1; i <= NF; i++) h[$i] = i; next }
	$0 ~ re { print $h[c]; n++ } END { if (n != 1) exit 1 }' "$1"; }

cp -r "$src/tests/fixtures/run-small" "$tmp/run"
"$src/scripts/plot" "$tmp/run" >"$tmp/plot.out" 2>"$tmp/plot.err" || bad "scripts/plot on the fixture exited $?: $(cat "$tmp/plot.err")"
for c in scan-cost scan-calls scan-model prim barrier; do
	for ext in png svg; do check "$c.$ext is missing or empty" "[ -s '$tmp/run/$c.$ext' ]"; done
	check "$c.png is not a PNG" "head -c 4 '$tmp/run/$c.png' | od -An -c | grep -q 'P   N   G'"
	check "$c.svg is not an SVG" "grep -q '<svg' '$tmp/run/$c.svg'"
done
s=$tmp/run/scan.tsv
check "scan.tsv header" "head -n 1 '$s' | grep -q '^probe	config	layout	bytes	reps	median_ns	min_ns	max_ns	cv_pct	syscalls_per_scan	einval_per_scan	verdict_ok	model_ns	model_ratio	ns_per_page	t_emulated	median_lo_ns	median_hi_ns\$'"
check "stepped 1M median is 110000" "[ \"\$(field '$s' '^stepped	P64K-T4K	unmapped	1048576	' median_ns)\" = 110000 ]"
check "stepped 1M min/max 100000/120000" "[ \"\$(field '$s' '^stepped	P64K-T4K	unmapped	1048576	' min_ns)-\$(field '$s' '^stepped	P64K-T4K	unmapped	1048576	' max_ns)\" = 100000-120000 ]"
check "stepped 1M has 3 repetitions" "[ \"\$(field '$s' '^stepped	P64K-T4K	unmapped	1048576	' reps)\" = 3 ]"
check "stepped 4M syscalls 1024" "[ \"\$(field '$s' '^stepped	P64K-T4K	unmapped	4194304	' syscalls_per_scan)\" = 1024 ]"
check "emulated stepped 1M einval 240" "[ \"\$(field '$s' '^stepped	P64K-T64K	unmapped	1048576	' einval_per_scan)\" = 240 ]"
check "chunked tail verdict_ok 0" "[ \"\$(field '$s' '^chunked	P64K-T4K	tail	1048576	' verdict_ok)\" = 0 ]"
check "errored maps run is not in scan.tsv" "! grep -q '^maps' '$s'"
check "errors.tsv names the skipped run" "grep -q 'scan/maps/P64K-T4K/unmapped/bytes:1048576	layout unmapped clobbered' '$tmp/run/errors.tsv'"
check "plot warns about the skipped run" "grep -q '1 benchmark(s) were skipped' '$tmp/plot.err'"
b=$tmp/run/barrier.tsv
check "on-min median ns per store 1.1" "[ \"\$(field '$b' '^on-min	valid	4096	' median_ns_per_store)\" = 1.1 ]"
check "on-phys low-10 flagged 100" "[ \"\$(field '$b' '^on-phys	low-10	4096	' flagged_per_1000)\" = 100 ]"
check "getppid median 170" "[ \"\$(field '$tmp/run/prim.tsv' '^getppid	' median_ns)\" = 170 ]"
# one rule for a repetition that has no time, in every engine: an untimed one (CPU time 0, real time positive) is
# left out of the tables' medians and named by plot; Go and BMF exports leave it out and name its benchmark, never
# "0 ns/op"; a time below 0.001 ns, or beyond 10^15 ns once scaled, is refused by plot in one line
cp -r "$src/tests/fixtures/run-small" "$tmp/unt"
jq '(.benchmarks | map(.name == "prim/getppid") | index(true)) as $i | .benchmarks[$i].cpu_time = 0 | .benchmarks[$i].real_time = 500' \
	"$tmp/unt/scan.json" >"$tmp/j" && mv "$tmp/j" "$tmp/unt/scan.json"
"$src/scripts/plot" "$tmp/unt" >/dev/null 2>"$tmp/unt.err" || bad "plot with an untimed repetition exited $?: $(cat "$tmp/unt.err")"
check "an untimed repetition: left out of prim.tsv's median (2 repetitions), named by plot" \
	"[ \"\$(field '$tmp/unt/prim.tsv' '^getppid	' reps)\" = 2 ] && grep -q '^  prim/getppid: 1 repetition(s)\$' '$tmp/unt.err'"
"$PB_BUILD_DIR/src/pagebound-export" "$tmp/unt" >"$tmp/unt.txt" 2>"$tmp/unt.xerr" || bad "export with an untimed repetition exited $?"
check "an untimed repetition: no '0 ns/op' in the Go export, its benchmark named" \
	"! grep -q ' 0 ns/op' '$tmp/unt.txt' && [ \$(grep -c '^BenchmarkPrim/prim=getppid-1 ' '$tmp/unt.txt') -eq 2 ] && grep -q 'prim/getppid: its repetitions with CPU time 0 (untimed' '$tmp/unt.xerr'"
"$PB_BUILD_DIR/src/pagebound-export" --format bmf "$tmp/unt" >"$tmp/unt.json" 2>/dev/null || bad "BMF export with an untimed repetition exited $?"
check "an untimed repetition: left out of BMF (its lower_value is a time, not 0)" "jq -e '.[\"prim/getppid\"].latency.lower_value > 0' '$tmp/unt.json' >/dev/null"
# on an emulated CPU (a fleet's qemu guest: its context says cpu_emulated) the clock may see 0 ns of real time too:
# such a repetition is untimed, as with CPU time 0 alone; on a real CPU a 0/0 repetition is refused (below)
cp -r "$src/tests/fixtures/run-small" "$tmp/emu"
jq '.context.cpu_emulated = "qemu-TCG" | (.benchmarks | map(.name == "prim/getppid") | index(true)) as $i |
	.benchmarks[$i].cpu_time = 0 | .benchmarks[$i].real_time = 0' "$tmp/emu/scan.json" >"$tmp/j" && mv "$tmp/j" "$tmp/emu/scan.json"
rc=0
"$src/scripts/plot" "$tmp/emu" >/dev/null 2>"$tmp/emu.err" || rc=$?
check "an emulated CPU's 0/0 repetition: untimed, left out and named, plot exit 0 (got $rc: $(tail -n 1 "$tmp/emu.err"))" \
	"[ $rc -eq 0 ] && [ \"\$(field '$tmp/emu/prim.tsv' '^getppid	' reps)\" = 2 ] && grep -q '^  prim/getppid: 1 repetition(s)\$' '$tmp/emu.err'"
# every repetition of a scan untimed (a TCG guest's tick-based clock, as a mips64el guest gave in CI): its row keeps
# its counts and verdict, with no time (reps 0, median -), it is named, and plot goes on (an emulated CPU keeps its
# counts); every repetition at 0 ns with no real time either is still refused
cp -r "$src/tests/fixtures/run-small" "$tmp/unt2"
jq '.benchmarks |= map(if .name == "scan/stepped/P64K-T4K/unmapped/bytes:1048576" then .cpu_time = 0 | .real_time = 900 else . end)' \
	"$tmp/unt2/scan.json" >"$tmp/j" && mv "$tmp/j" "$tmp/unt2/scan.json"
rc=0
"$src/scripts/plot" "$tmp/unt2" >/dev/null 2>"$tmp/unt2.err" || rc=$?
check "a scan untimed in every repetition: plot exit 0, its row with no time but its counts, named (got $rc: $(tail -n 1 "$tmp/unt2.err"))" \
	"[ $rc -eq 0 ] && [ \"\$(field '$tmp/unt2/scan.tsv' '^stepped	P64K-T4K	unmapped	1048576	' reps)-\$(field '$tmp/unt2/scan.tsv' '^stepped	P64K-T4K	unmapped	1048576	' median_ns)-\$(field '$tmp/unt2/scan.tsv' '^stepped	P64K-T4K	unmapped	1048576	' syscalls_per_scan)\" = '0---256' ] && grep -q '^  scan/stepped/P64K-T4K/unmapped/bytes:1048576: 3 repetition(s)\$' '$tmp/unt2.err'"
for v in '1e-300 ns:below 0.001 ns' '1e300 s:beyond 10^15 ns'; do
	cp -r "$src/tests/fixtures/run-small" "$tmp/odd"
	jq --argjson t "${v%% *}" --arg u "$(echo "$v" | cut -d' ' -f2 | cut -d: -f1)" \
		'(.benchmarks | map(.name == "prim/getppid") | index(true)) as $i | .benchmarks[$i].cpu_time = $t | .benchmarks[$i].time_unit = $u' \
		"$tmp/odd/scan.json" >"$tmp/j" && mv "$tmp/j" "$tmp/odd/scan.json"
	refuse "plot of a cpu_time of ${v%%:*}" "benchmark prim/getppid: .*${v#*:}, not a measurement" "$src/scripts/plot" "$tmp/odd"
	rm -rf "$tmp/odd"
done
check "the barrier chart has the instructions panel" "grep -q 'instructions per store (callgrind' '$tmp/run/barrier.svg'"

"$src/scripts/summary" "$tmp/run" >"$tmp/summary.out" 2>&1 || bad "scripts/summary exited $?"
check "summary marks chunked WRONG" "grep -q 'chunked *WRONG in 2 of 2 cases: on P64K-T4K/tail' '$tmp/summary.out'"
check "summary has the bound check, paired by repetition (by hand: +0.150 ns [-0.097, +0.398], t on 2 df), at the digits its interval supports" "grep -q 'on-min .*measured +0.15 \\[-0.10, +0.40\\] ns' '$tmp/summary.out'"
check "summary: every figure with an interval has the digits the interval supports, no more ($(digits_bad "$tmp/summary.out"))" "[ -z \"\$(digits_bad '$tmp/summary.out')\" ]"

# A variant renamed in its table reaches the tables, charts and summary with no script changed: the run's
# list.tsv (what --list=tsv said when it ran) carries the new names and their roles.
mkdir "$tmp/renamed"
lists_of "$PB_BUILD_DIR" "$tmp/list.tsv"
for f in "$tmp/list.tsv" "$src"/tests/fixtures/run-small/*.json; do
	sed 's/stepped/probe-seed-renamed/g; s/on-min/barrier-seed-renamed/g; s/on-phys/barrier-old-renamed/g' "$f" \
		>"$tmp/renamed/$(basename "$f")"
done
"$src/scripts/plot" "$tmp/renamed" >/dev/null 2>"$tmp/err" || bad "scripts/plot on renamed variants exited $?: $(cat "$tmp/err")"
"$src/scripts/summary" "$tmp/renamed" >"$tmp/summary2.out" 2>&1 || bad "scripts/summary on renamed variants exited $?"
check "renamed probe in scan.tsv" "grep -q '^probe-seed-renamed	P64K-T4K	unmapped	1048576	' '$tmp/renamed/scan.tsv'"
check "renamed probe in the scan-cost chart" "grep -q 'probe-seed-renamed' '$tmp/renamed/scan-cost.svg'"
check "renamed probe in the scan-model chart (it is priced: scans=yes)" "grep -q 'probe-seed-renamed' '$tmp/renamed/scan-model.svg'"
check "renamed variant in the barrier chart" "grep -q 'barrier-seed-renamed' '$tmp/renamed/barrier.svg'"
check "summary finds the renamed seed probe by its role" "grep -q 'probe-seed-renamed / chunked' '$tmp/summary2.out' && grep -q '^  probe-seed-renamed  *right in all 4 cases' '$tmp/summary2.out'"
check "summary finds the renamed barriers by their roles" "grep -q 'barrier-seed-renamed  *BOUND = M (the seed) .*measured +0.15 ' '$tmp/summary2.out'"

# each chunk run.tsv names whole (pagebound-results chunks, what scripts/analyse checks): a chunk cut short is named
cp -r "$src/tests/fixtures/run-small" "$tmp/chunks"
n=$(jq '[.benchmarks[] | select(.run_type == "iteration")] | length' "$tmp/chunks/scan.json")
printf 'mode\tquick\nchunk:scan\t%s\nchunk:barrier\t99\n' "$n" >"$tmp/chunks/run.tsv"
rc=0
"$PB_BUILD_DIR/src/pagebound-results" chunks "$tmp/chunks" >"$tmp/chunks.out" 2>&1 || rc=$?
check "chunks: the whole one passes, the one cut short is named (got $rc: $(cat "$tmp/chunks.out"))" \
	"[ $rc -eq 1 ] && [ \"\$(cat '$tmp/chunks.out')\" = 'barrier: barrier.json holds 12 of its 99 runs' ]"
head -c 300 "$src/tests/fixtures/run-small/scan.json" >"$tmp/chunks/scan.json"
"$PB_BUILD_DIR/src/pagebound-results" chunks "$tmp/chunks" >"$tmp/chunks.out" 2>&1 || true
check "chunks: a file cut short is named" "grep -q '^scan: scan.json is not valid JSON (cut short?)' '$tmp/chunks.out'"
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
expect_fail "JSON that is not Google Benchmark output" "$tmp/notgb" "x.json: not Google Benchmark output"
mkdir "$tmp/notjson" && echo 'this is not json' >"$tmp/notjson/x.json"
expect_fail "not JSON" "$tmp/notjson" "x.json: not JSON"
mkdir "$tmp/trunc" && head -c 2000 "$src/tests/fixtures/run-small/scan.json" >"$tmp/trunc/scan.json"
expect_fail "truncated JSON" "$tmp/trunc" "scan.json: not JSON .*the file looks truncated"
mkdir "$tmp/empty" && jq '.benchmarks = []' "$src/tests/fixtures/run-small/scan.json" >"$tmp/empty/scan.json"
expect_fail "empty run" "$tmp/empty" "no benchmark results"
mkdir "$tmp/nofiles"
expect_fail "no JSON files" "$tmp/nofiles" "holds no \*.json result files"
# numbers that are not measurements: one line about the input, not jq's or gnuplot's text
badrun() { # name jq-edit of every repetition
	mkdir "$tmp/$1"
	jq "(.benchmarks[] | select(.run_type == \"iteration\")) |= ($2)" "$src/tests/fixtures/run-small/barrier.json" >"$tmp/$1/barrier.json"
}
badrun neg '.cpu_time = -5'
expect_fail "a negative time" "$tmp/neg" "barrier/on-min/valid/footprint:4096: negative cpu_time -5"
badrun zero '.cpu_time = 0 | .real_time = 0' # (CPU time 0 with a real time is untimed: left out and named, above)
expect_fail "all-zero times" "$tmp/zero" "took 0 ns (cpu_time 0 and no real time): not a measurement"
badrun unit '.time_unit = "fortnights"'
expect_fail "an unknown time unit" "$tmp/unit" "unknown time_unit .fortnights."
mkdir "$tmp/nan" && sed 's/"cpu_time": [0-9.e+-]*/"cpu_time": nan/' "$src/tests/fixtures/run-small/barrier.json" >"$tmp/nan/barrier.json"
expect_fail "NaN times (Google Benchmark's bare nan)" "$tmp/nan" "holds a bare nan or inf"
mkdir "$tmp/big" && sed 's/"iterations": [0-9]*/"iterations": 18446744073709551617/' "$src/tests/fixtures/run-small/barrier.json" >"$tmp/big/barrier.json"
expect_fail "an integer beyond 2^64" "$tmp/big" "holds a number beyond 2^64"

# scripts/bench refuses a bad option before it installs or builds anything
rc=0
"$src/scripts/bench" --bogus >/dev/null 2>"$tmp/err" || rc=$?
check "bench --bogus exits 2 (got $rc)" "[ $rc -eq 2 ]"
check "bench --bogus names it" "grep -q \"unknown option .--bogus.\" '$tmp/err'"
if "$src/scripts/bench" --repetitions 0 >/dev/null 2>"$tmp/err"; then bad "bench --repetitions 0 exit 0"; else ok; fi

finish
