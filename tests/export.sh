#!/bin/sh
# export.sh: pagebound-export: a results directory and a machine's history in Go's benchmark format (the same line
# grammar accepts real `go test -bench` output from Debian's golang-go and pagebound's, and refuses a malformed
# line; one line per repetition, the name's parts as key=value, the exact counters as units with Unit lines) and in
# Bencher Metric Format (every benchmark's measures with value, lower and upper; hyperfine's runs too).
set -eu
src=${PB_SOURCE_ROOT:?set by meson test}
export PB_BUILD_DIR="${PB_BUILD_ROOT:?set by meson test}"
. "$(dirname -- "$0")/lib.sh"
x=$PB_BUILD_DIR/src/pagebound-export
g=$src/tests/gobench.awk
run=$src/tests/fixtures/run-small

# the grammar: real go test -bench output (go1.19.8, tests/fixtures/gobench/sum_test.go.txt) and a malformed line
check "the grammar accepts go test -bench output: 6 results, 4 configuration lines" \
	"[ \"\$(awk -f '$g' '$src/tests/fixtures/gobench/go-test-bench.txt')\" = 'results 6 configs 4 units 0' ]"
for bad in 'BenchmarkX 10 1.5' 'BenchmarkX ten 1.5 ns/op' 'BenchmarkX 10 fast ns/op' 'Unit ns/op better'; do
	printf 'goos: linux\n%s\n' "$bad" >"$tmp/bad.txt"
	rc=0
	awk -f "$g" "$tmp/bad.txt" >"$tmp/out" 2>&1 || rc=$?
	check "the grammar refuses '$bad' (exit 1, line 2 named)" "[ $rc -eq 1 ] && grep -q 'bad.txt:2: malformed' '$tmp/out'"
done

# a results directory in Go's format
"$x" "$run" >"$tmp/go.txt" 2>"$tmp/err" || bad "export --format go exited $?: $(cat "$tmp/err")"
reps=$(jq -s '[.[].benchmarks[] | select(.run_type == "iteration" and (.error_occurred | not))] | length' "$run"/*.json)
check "go: the grammar accepts it: one result line per repetition ($reps), the configuration (no run.tsv: no mode), 5 Unit lines" \
	"[ \"\$(awk -f '$g' '$tmp/go.txt')\" = 'results $reps configs 6 units 5' ]"
check "go: configuration lines say the machine and the build" "grep -q '^goos: linux\$' '$tmp/go.txt' && grep -q '^goarch: ' '$tmp/go.txt' && grep -q '^pagesize: 4096\$' '$tmp/go.txt' && grep -q '^pagebound-commit: ' '$tmp/go.txt'"
check "go: a scan's name as key=value parts, its calls as an exact unit" \
	"grep -q '^BenchmarkScan/probe=stepped/config=P64K-T4K/layout=[a-z]*/bytes=[0-9]*[KMG]iB [0-9]* [0-9.e+]* ns/op [0-9]* syscalls/op [0-9]* einval/op 1 verdict-ok/op\$' '$tmp/go.txt' && grep -q '^Unit syscalls/op assume=exact better=lower\$' '$tmp/go.txt'"
check "go: a barrier's time per store and bad pointers as units" "grep -q '^BenchmarkBarrier/variant=on-min/stream=[a-z0-9-]*/footprint=[0-9]*[KMG]iB [0-9]* [0-9.e+]* ns/op [0-9.e+]* ns/store [0-9.]* flagged/1000stores\$' '$tmp/go.txt'"

# the same directory, and a configs run, as BMF
"$x" --format bmf "$run" >"$tmp/bmf.json" 2>"$tmp/err" || bad "export --format bmf exited $?: $(cat "$tmp/err")"
n=$(jq -s '[.[].benchmarks[] | select(.run_type == "iteration" and (.error_occurred | not)) | .run_name] | unique | length' "$run"/*.json)
check "bmf: every benchmark ($n), each with its latency: value, lower_value <= value <= upper_value" \
	"jq -e --argjson n $n 'length == \$n and all(.[]; .latency.lower_value <= .latency.value and .latency.value <= .latency.upper_value)' '$tmp/bmf.json' >/dev/null"
check "bmf: a scan's system calls as a measure of their own" "jq -e '[to_entries[] | select(.key | startswith(\"scan/\")) | .value.syscalls.value] | all(. > 0)' '$tmp/bmf.json' >/dev/null"
"$x" --format bmf "$src/tests/fixtures/configs-small" >"$tmp/cfg.json" 2>"$tmp/err" || bad "export of a configs run exited $?: $(cat "$tmp/err")"
check "bmf: hyperfine's runs of scripts/configs, in ns" \
	"jq -e '.[\"whole-process/x86-4k/probe:chunked/scans:2\"].latency | .value > 1e8 and .lower_value <= .value' '$tmp/cfg.json' >/dev/null"
"$x" "$src/tests/fixtures/configs-small" >"$tmp/cfg.txt" 2>"$tmp/err" || bad "go export of a configs run exited $?: $(cat "$tmp/err")"
check "go: a configs run's hyperfine JSON is left out, its Google Benchmark files read" \
	"awk -f '$g' '$tmp/cfg.txt' | grep -q '^results [1-9]' && ! grep -q 'whole-process' '$tmp/cfg.txt'"
refuse "a directory without results" "holds no \\*.json result files" "$x" "$src/tests/fixtures/kernels"

# a machine's history: one configuration block per run (its commit, kernel, date), each benchmark's fastest repetition
R=$tmp/results
for i in 1 2 3; do mkrun "$R/a-$i" hosta 6.1.0 "$i" 1; mkrun "$R/b-$i" hostb 6.1.0 "$i" 1; done
"$PB_BUILD_DIR/src/pagebound-history" --quiet --results "$R" update || bad "history update exited $?"
ma=$("$PB_BUILD_DIR/src/pagebound-history" machine "$R/a-1" | cut -f1)
"$x" --history --results "$R" --machine "$ma" >"$tmp/h.txt" 2>"$tmp/err" || bad "history go export exited $?: $(cat "$tmp/err")"
check "history, go: the grammar accepts it; 3 runs x 5 benchmarks, one machine" \
	"awk -f '$g' '$tmp/h.txt' | grep -q '^results 15 ' && [ \$(grep -c '^pagebound-run: ' '$tmp/h.txt') -eq 3 ] && [ \$(grep -c '^pagebound-machine: ' '$tmp/h.txt') -eq 1 ]"
check "history, go: each run's commit before its lines, the fastest repetition as ns/op" \
	"awk '/^pagebound-commit: c01\$/ { c = 1 } c && /^BenchmarkPrim\/prim=getppid / { print \$3; exit }' '$tmp/h.txt' | grep -q '^170\$'"
"$x" --format bmf --history --results "$R" --match '^prim/' >"$tmp/h.json" 2>"$tmp/err" || bad "history bmf export exited $?"
check "history, bmf: one object a run (6), each with its primitive" \
	"[ \$(wc -l <'$tmp/h.json') -eq 6 ] && jq -e -s 'all(.[]; (keys == [\"prim/getppid\"]) and .[\"prim/getppid\"].latency.value > 0)' '$tmp/h.json' >/dev/null"
finish
