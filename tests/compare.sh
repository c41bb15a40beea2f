#!/bin/sh
# compare.sh: pagebound-compare on fixture JSON: verdicts, exit statuses, pairing, formats and bad input.
# usage: compare.sh PAGEBOUND-COMPARE
set -eu
cmp=$1
fx=${PB_SOURCE_ROOT:?set by meson test}/tests/fixtures/compare
. "$(dirname -- "$0")/lib.sh"
run() { rc=0; "$cmp" "$@" >"$tmp/out" 2>"$tmp/err" || rc=$?; }

run "$fx/base.json" "$fx/base.json"
check "identical runs: exit 0 (got $rc)" "[ $rc -eq 0 ]"
check "identical runs: no regression" "grep -q '^no regression: 3 benchmarks compared (3 tested, unpaired), 0 slower' '$tmp/out'"
check "identical runs: every change 0" "[ \$(grep -c ' +0.0%  ' '$tmp/out') -eq 3 ]"

run "$fx/base.json" "$fx/slower20.json"
check "20% slowdown over 10 repetitions: exit 1 (got $rc)" "[ $rc -eq 1 ]"
check "20% slowdown: names the benchmark" "grep -q '^scan/stepped/P64K-T4K/unmapped/bytes:1048576 .* +20\\.1%.* SLOWER' '$tmp/out'"
check "20% slowdown: the others are the same" "[ \$(grep -c '  same\$' '$tmp/out') -eq 2 ]"
check "20% slowdown: verdict line" "grep -q '^REGRESSION: 3 benchmarks compared (3 tested, unpaired), 1 slower' '$tmp/out'"
run --threshold 25 "$fx/base.json" "$fx/slower20.json"
check "20% slowdown under a 25% threshold: exit 0" "[ $rc -eq 0 ] && grep -q 'same (within threshold)' '$tmp/out'"
run "$fx/slower20.json" "$fx/base.json"
check "the reverse is faster, exit 0" "[ $rc -eq 0 ] && grep -q ' faster\$' '$tmp/out'"


# a time that is no measurement: below 0.001 ns (4.9e-324), or one that overflows once scaled (1e300 s)
jq '.benchmarks[0].cpu_time = 4.9e-324' "$fx/base.json" >"$tmp/tiny.json"
refuse "a cpu_time of 4.9e-324 ns" "cpu_time 4.9.*e-324 ns: below 0.001 ns, not a measurement" "$cmp" "$tmp/tiny.json" "$fx/base.json"
jq '.benchmarks[0].cpu_time = 1e300 | .benchmarks[0].time_unit = "s"' "$fx/base.json" >"$tmp/huge.json"
refuse "a cpu_time of 1e300 s (beyond a double in ns)" "cpu_time 1e+300 s: beyond 10^15 ns, not a measurement" "$cmp" "$fx/base.json" "$tmp/huge.json"
# one repetition a side: nothing is tested, and the gate does not pass (exit 2, never "no regression")
jq '.benchmarks |= map(select(.repetition_index == 0))' "$fx/base.json" >"$tmp/one.json"
run --markdown-out "$tmp/one.md" "$tmp/one.json" "$tmp/one.json"
check "one repetition a side: exit 2, NO VERDICT in the text and the markdown (got $rc)" \
	"[ $rc -eq 2 ] && grep -q '^NO VERDICT: .*(0 tested, unpaired)' '$tmp/out' && [ \"\$(head -n 1 '$tmp/one.md')\" = '### pagebound: NO VERDICT' ] && ! grep -q 'no regression' '$tmp/one.md'"
# 14 benchmarks of 5 repetitions, one twice as slow: Holm over 14 tests cannot decide any: the markdown's heading and
# verdict line say what the exit status says
jq '.benchmarks |= [range(14) as $i | .[] | select(.repetition_index < 5 and .run_type == "iteration") |
	select(.name == "scan/stepped/P64K-T4K/unmapped/bytes:1048576") | .name = "b\($i)" | .run_name = .name]' \
	"$fx/base.json" >"$tmp/m-old.json"
jq '.benchmarks |= map(if .name == "b3" then .cpu_time *= 2 | .real_time *= 2 else . end)' "$tmp/m-old.json" >"$tmp/m-new.json"
run --markdown-out "$tmp/m.md" "$tmp/m-old.json" "$tmp/m-new.json"
check "nothing decided (14 x 5 repetitions): exit 2, the markdown opens with NO VERDICT (got $rc: $(head -n 1 "$tmp/m.md" 2>/dev/null))" \
	"[ $rc -eq 2 ] && [ \"\$(head -n 1 '$tmp/m.md')\" = '### pagebound: NO VERDICT' ] && grep -q '^NO VERDICT: 14 benchmarks compared (14 tested' '$tmp/m.md' && ! grep -q 'no regression' '$tmp/m.md'"

# the instructions gate (scripts/compare on revisions passes both sides' callgrind counts): exact, in the one verdict
printf 'variant\tstream\tfootprint_bytes\tstores\tinstructions\tinstructions_per_store\n' >"$tmp/i-old.tsv"
printf 'on-min\tvalid\t262144\t8\t160\t20\non-phys\tvalid\t262144\t8\t160\t20\n' >>"$tmp/i-old.tsv"
run --instructions="$tmp/i-old.tsv,$tmp/i-old.tsv" "$fx/base.json" "$fx/base.json"
check "instructions unchanged: exit 0, the gate said (got $rc)" "[ $rc -eq 0 ] && grep -q '^instructions per store (callgrind, user space): 2 barrier variant(s) counted on OLD' '$tmp/out'"
head -n 2 "$tmp/i-old.tsv" >"$tmp/i-gone.tsv"
printf 'on-dynamic\tvalid\t262144\t8\t176\t22\n' >>"$tmp/i-gone.tsv"
run --instructions="$tmp/i-old.tsv,$tmp/i-gone.tsv" --markdown-out "$tmp/i.md" "$fx/base.json" "$fx/base.json"
check "a variant NEW did not count: a regression, named; one only NEW counted: listed (got $rc)" \
	"[ $rc -eq 1 ] && grep -q '^counter instructions_per_store of barrier/on-phys/valid/footprint:262144: 20 -> (gone)  REGRESSION' '$tmp/out' && grep -q '^counter instructions_per_store of barrier/on-dynamic/valid/footprint:262144: (new) -> 22\$' '$tmp/out' && [ \"\$(head -n 1 '$tmp/i.md')\" = '### pagebound: REGRESSION' ]"
sed 's/\t20$/\t21.2/' "$tmp/i-old.tsv" >"$tmp/i-up.tsv"
run --instructions="$tmp/i-old.tsv,$tmp/i-up.tsv" "$fx/base.json" "$fx/base.json"
check "instructions up 6% (threshold 5%): a regression (got $rc)" "[ $rc -eq 1 ] && grep -q ': 20 -> 21.2  REGRESSION' '$tmp/out'"
run --threshold 10 --instructions="$tmp/i-old.tsv,$tmp/i-up.tsv" "$fx/base.json" "$fx/base.json"
check "instructions up 6% (threshold 10%): listed, no regression (got $rc)" "[ $rc -eq 0 ] && grep -q ': 20 -> 21.2\$' '$tmp/out'"
printf 'variant\tcount\nx\t1\n' >"$tmp/i-bad.tsv"
refuse "--instructions of a table that is not scripts/instructions'" "not scripts/instructions' table" \
	"$cmp" --instructions="$tmp/i-old.tsv,$tmp/i-bad.tsv" "$fx/base.json" "$fx/base.json"
refuse "--instructions with one file" "bad value '$tmp/i-old.tsv' for --instructions" "$cmp" --instructions="$tmp/i-old.tsv" "$fx/base.json" "$fx/base.json"

run "$fx/base.json" "$fx/noise.json"
check "change inside the noise: exit 0 (got $rc)" "[ $rc -eq 0 ] && grep -q '^no regression' '$tmp/out'"

run "$fx/counters.json" "$fx/base.json"
check "syscalls 17 -> 256: exit 1" "[ $rc -eq 1 ]"
check "syscalls change reported" "grep -q 'counter syscalls of scan/chunked/P64K-T4K/unmapped/bytes:1048576: 17 -> 256  REGRESSION' '$tmp/out'"

run "$fx/base.json" "$fx/fewreps.json"
check "too few repetitions: nothing tested is no verdict, exit 2 (got $rc)" "[ $rc -eq 2 ] && grep -q '^NO VERDICT: ' '$tmp/out' && grep -q 'no benchmark could be tested (each needs 3 repetitions a side): no verdict' '$tmp/err' && grep -q '3 benchmark(s) have fewer than 3 repetitions' '$tmp/out'"

run "$fx/base.json" "$fx/onlysome.json"
check "one side only: listed" "grep -q '^only in OLD: barrier/on-min/valid/footprint:4096' '$tmp/out' && grep -q '^only in NEW: scan/new/x' '$tmp/out'"

run "$fx/base.json" "$fx/units.json"
check "time units are normalised" "[ $rc -eq 0 ] && grep -q '^barrier/on-min/valid/footprint:4096 .* +0.0%' '$tmp/out'"

mkdir "$tmp/old" "$tmp/new" && cp "$fx/base.json" "$tmp/old/a.json" && cp "$fx/slower20.json" "$tmp/new/a.json"
run "$tmp/old" "$tmp/new"
check "results directories: exit 1" "[ $rc -eq 1 ]"

run --format=markdown --threshold=5 "$fx/base.json" "$fx/slower20.json"
cp "$tmp/out" "$tmp/eq.out"
run --format markdown --threshold 5 "$fx/base.json" "$fx/slower20.json"
check "--opt value gives what --opt=value gives" "cmp -s '$tmp/out' '$tmp/eq.out'"
run --format tsv "$fx/base.json" "$fx/slower20.json"
check "tsv header" "head -n 1 '$tmp/out' | grep -q '^benchmark	old_median_ns	new_median_ns	change_pct'"
check "tsv row" "grep -q '^scan/stepped/P64K-T4K/unmapped/bytes:1048576	.*	SLOWER\$' '$tmp/out'"
run --format markdown "$fx/base.json" "$fx/slower20.json"
check "markdown table" "grep -q '^| benchmark | old median' '$tmp/out' && grep -q '^| \`scan/stepped' '$tmp/out'"

# bad input: one clear line, exit 2
refuse "missing file" "cannot open $tmp/none.json" "$cmp" "$tmp/none.json" "$fx/base.json"
echo 'not json at all' >"$tmp/notjson.json"
refuse "not JSON" "notjson.json: not JSON" "$cmp" "$fx/base.json" "$tmp/notjson.json"
echo '{"results": []}' >"$tmp/hyperfine.json"
refuse "not Google Benchmark" "not Google Benchmark output" "$cmp" "$fx/base.json" "$tmp/hyperfine.json"
head -c 700 "$fx/base.json" >"$tmp/trunc.json"
refuse "truncated" "looks truncated" "$cmp" "$fx/base.json" "$tmp/trunc.json"
refuse "benchmark with an error" "was skipped with an error: layout unmapped clobbered" "$cmp" "$fx/base.json" "$fx/witherror.json"
run --ignore-errors "$fx/base.json" "$fx/witherror.json"
check "--ignore-errors compares the rest" "[ $rc -eq 0 ]"
refuse "bad threshold" "bad value 'abc' for --threshold" "$cmp" --threshold abc "$fx/base.json" "$fx/base.json"
refuse "bad format" "bad value 'xml' for --format" "$cmp" --format=xml "$fx/base.json" "$fx/base.json"
refuse "one input" "give two inputs" "$cmp" "$fx/base.json"
refuse "unknown option" "unknown option '--frob=1'" "$cmp" --frob=1 "$fx/base.json" "$fx/base.json"
mkdir "$tmp/emptydir"
refuse "empty directory" "holds no \\*.json result files" "$cmp" "$tmp/emptydir" "$fx/base.json"

# 3 against 3 with the time doubled: the exact test cannot reach p < 0.05, so it cannot say "same"
jq '.benchmarks |= map(select(.run_type != "iteration" or .repetition_index < 3))' "$fx/base.json" >"$tmp/b3.json"
jq '.benchmarks |= map(select(.run_type != "iteration" or .repetition_index < 3) | if .run_type == "iteration" then .cpu_time *= 2 else . end)' \
	"$fx/base.json" >"$tmp/s3.json"
run "$tmp/b3.json" "$tmp/s3.json"
check "3 vs 3, time doubled: too few repetitions to decide, exit 2 (got $rc)" "[ $rc -eq 2 ] && [ \$(grep -c 'too few repetitions to decide$' '$tmp/out') -eq 3 ] && ! grep -q '  same$' '$tmp/out'"
check "3 vs 3: says why on stderr" "grep -q 'no benchmark could be decided' '$tmp/err'"
run "$fx/counters.json" "$fx/base.json"
check "a counter regression is not counted as slower" "grep -q '^REGRESSION: 3 benchmarks compared (3 tested, unpaired), 0 slower, 0 faster, 1 exact-counter changes (1 worse)' '$tmp/out'"
# what is not a regular file is refused at once, never read (a FIFO would block, /dev/zero never ends)
mkfifo "$tmp/fifo.json"
rc=0
timeout 20 "$cmp" "$tmp/fifo.json" "$fx/base.json" >"$tmp/out" 2>"$tmp/err" || rc=$?
check "a FIFO named *.json: exit 2, one line (got $rc)" "[ $rc -eq 2 ] && grep -q 'fifo.json is not a regular file' '$tmp/err'"
rc=0
timeout 20 "$cmp" /dev/zero "$fx/base.json" >"$tmp/out" 2>"$tmp/err" || rc=$?
check "/dev/zero: exit 2 (got $rc)" "[ $rc -eq 2 ] && grep -q '/dev/zero is not a regular file' '$tmp/err'"
mkdir "$tmp/withfifo" && cp "$fx/base.json" "$tmp/withfifo/" && mkfifo "$tmp/withfifo/z.json"
rc=0
timeout 20 "$cmp" "$tmp/withfifo" "$fx/base.json" >"$tmp/out" 2>"$tmp/err" || rc=$?
check "a FIFO inside a results directory: exit 2 (got $rc)" "[ $rc -eq 2 ] && grep -q 'z.json is not a regular file' '$tmp/err'"

# files from other projects and older Google Benchmarks
fg=$PB_SOURCE_ROOT/tests/fixtures/foreign
run "$fg/skipped.json" "$fg/skipped.json"
check "a skipped run: listed, not a measurement, never faster" "grep -q '^BM_NeedsGPU .*skipped: not a measurement' '$tmp/out' && grep -q '^skipped in OLD: BM_NeedsGPU (1 run(s): no GPU on this machine)' '$tmp/out' && ! grep -q ' faster$' '$tmp/out'"
run "$fg/aggonly.json" "$fg/aggonly.json"
check "aggregates only: listed with the median aggregate, nothing tested: exit 2 (got $rc)" "[ $rc -eq 2 ] && grep -q '^BM_Sort/1024 .*4.950 us .*no test: aggregates only' '$tmp/out' && ! grep -q 'holds no benchmark' '$tmp/err'"
run "$fg/oldformat.json" "$fg/oldformat.json"
check "a file from before run_type: read (aggregates by suffix, BigO and RMS left out)" "grep -q '^BM_Copy/8 .*11.000 ns' '$tmp/out' && ! grep -q '^BM_Copy ' '$tmp/out' && ! grep -q 'not JSON\\|not Google' '$tmp/err'"
jq '(.benchmarks[]) |= (.cpu_time *= 10)' "$fg/realtime.json" >"$tmp/rt10.json"
run "$fg/realtime.json" "$tmp/rt10.json"
check "/real_time and /manual_time benchmarks are judged on real time" "[ \$(grep -c '+0.0%' '$tmp/out') -eq 2 ]"
jq '(.benchmarks[]) |= (.syscalls = 3.5)' "$fg/counters.json" >"$tmp/c2.json"
run "$fg/counters.json" "$tmp/c2.json"
check "a counter named syscalls in another project's file is not an exact counter" "! grep -q 'counter syscalls' '$tmp/out'"
refuse "a duplicate key is its own message" "a key appears twice in one object" "$cmp" "$fg/dupkey.json" "$fx/base.json"

# scripts/compare on results directories: the same verdict and exit status, plus the table files and the chart
src=$PB_SOURCE_ROOT
export PB_BUILD_DIR="${PB_BUILD_ROOT:?set by meson test}"
mkdir "$tmp/a" "$tmp/b" "$tmp/c"
cp "$fx/base.json" "$tmp/a/scan.json"
cp "$fx/slower20.json" "$tmp/b/scan.json"
cp "$fx/noise.json" "$tmp/c/scan.json"
rc=0
"$src/scripts/compare" --out "$tmp/ab" "$tmp/a" "$tmp/b" >"$tmp/out" 2>"$tmp/err" || rc=$?
check "scripts/compare slower: exit 1 (got $rc)" "[ $rc -eq 1 ]"
for f in compare.txt compare.tsv compare.md compare.png compare.svg index.html; do check "scripts/compare wrote $f" "[ -s '$tmp/ab/$f' ]"; done
check "scripts/compare prints the verdict" "grep -q '^REGRESSION: 3 benchmarks' '$tmp/out'"
rc=0
"$src/scripts/compare" --out "$tmp/ac" "$tmp/a" "$tmp/c" >"$tmp/out" 2>"$tmp/err" || rc=$?
check "scripts/compare noise: exit 0 (got $rc)" "[ $rc -eq 0 ]"
rc=0
"$src/scripts/compare" "$tmp/a" no-such-revision-xyz >"$tmp/out" 2>"$tmp/err" || rc=$?
check "scripts/compare dir + junk: exit 2" "[ $rc -eq 2 ] && grep -q 'not one of each' '$tmp/err'"

# history: scripts/plot --history over a history file
printf 'run\tcommit\tmode\tbenchmark\tmedian\tunit\tcv_pct\nr1\tc1\tquick\tprim/getppid\t170\tns\t0.01\nr2\tc2\tquick\tprim/getppid\t187\tns\t0.02\n' >"$tmp/history.tsv"
rc=0
"$src/scripts/plot" --history --match '^prim/' --file "$tmp/history.tsv" >"$tmp/out" 2>"$tmp/err" || rc=$?
check "history chart: exit 0 (got $rc)" "[ $rc -eq 0 ] && [ -s '$tmp/history.png' ] && [ -s '$tmp/history.svg' ]"
rc=0
"$src/scripts/plot" --history --match '^nothing' --file "$tmp/history.tsv" >"$tmp/out" 2>"$tmp/err" || rc=$?
check "history: no match is exit 2" "[ $rc -eq 2 ] && grep -q 'no benchmark in' '$tmp/err'"

finish
