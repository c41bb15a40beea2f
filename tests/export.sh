#!/bin/sh
# export.sh: pagebound-export read back as the real tools read it. Go's benchmark format through tests/goread, a
# port of golang.org/x/perf's benchfmt.Reader (what benchstat parses with): Go's own reader cases
# (tests/fixtures/gobench/vectors.txt, its records as Go's reader printed them in vectors.expected) and real
# `go test -bench` output read alike; every exported line a result, each pagebound benchmark one Go name (GOMAXPROCS
# -1, never taken from the name), names Go would split or merge left out and named, an unknown time unit refused, a
# configuration value never a line Go stops at. Bencher Metric Format against Bencher's own rules (bencherdev/bencher
# v0.6.12: lib/bencher_valid benchmark_name.rs, slug.rs, name_id.rs; lib/bencher_json JsonNewMetric): each benchmark
# key a name (1 to 1024 bytes, no UUID or slug, no ignore suffix), each measure key a slug, each metric
# {value, lower_value, upper_value} of finite numbers. A machine's history in both formats.
set -eu
src=${PB_SOURCE_ROOT:?set by meson test}
export PB_BUILD_DIR="${PB_BUILD_ROOT:?set by meson test}"
. "$(dirname -- "$0")/lib.sh"
x=$PB_BUILD_DIR/src/pagebound-export
goread=$PB_BUILD_DIR/tests/goread
run=$src/tests/fixtures/run-small
last() { tail -n 1 "$1"; } # goread's summary line: results N errors N units N

# the reader: Go's own cases, and go test -bench output
"$goread" "$src/tests/fixtures/gobench/vectors.txt" >"$tmp/vec.out" || bad "goread on the vectors exited $?"
check "the Go reader's port prints Go's records for Go's reader cases (diff: $(diff "$src/tests/fixtures/gobench/vectors.expected" "$tmp/vec.out" | head -n 3 | tr '\n' ' '))" \
	"cmp -s '$src/tests/fixtures/gobench/vectors.expected' '$tmp/vec.out'"
"$goread" "$src/tests/fixtures/gobench/go-test-bench.txt" >"$tmp/gt.out" || bad "goread on go test -bench output exited $?"
check "go test -bench output (go1.19.8): 6 results, no syntax error" "[ \"\$(last '$tmp/gt.out')\" = 'results 6 errors 0 units 0' ]"
# real go test -bench output, made here when Debian's golang-go is installed (.ci/run installs it)
if command -v go >/dev/null 2>&1; then
	mkdir -p "$tmp/gomod"
	cp "$src/tests/fixtures/gobench/sum_test.go.txt" "$tmp/gomod/sum_test.go"
	printf 'module example.com/pagebound/gob\n\ngo 1.19\n' >"$tmp/gomod/go.mod"
	(cd "$tmp/gomod" && GOCACHE="$tmp/gocache" GOPATH="$tmp/gopath" GOFLAGS=-mod=mod GOPROXY=off GOTOOLCHAIN=local \
		go test -run '^$' -bench . -benchtime 100x -count 2 >"$tmp/live.txt" 2>&1) || bad "go test -bench exited $?: $(tail -n 3 "$tmp/live.txt")"
	"$goread" "$tmp/live.txt" >"$tmp/live.out" || bad "goread on live go test output exited $?"
	check "live go test -bench output ($(go version | cut -d' ' -f3)): 6 results, no syntax error (got: $(last "$tmp/live.out"))" \
		"[ \"\$(last '$tmp/live.out')\" = 'results 6 errors 0 units 0' ]"
else
	echo "SKIP: live go test -bench output: golang-go is not installed (scripts/deps golang-go; .ci/run installs it)"
fi
{ printf 'BenchmarkA 1 1 ns/op\n'; head -c 70000 /dev/zero | tr '\0' x; printf '\nBenchmarkB 1 1 ns/op\n'; } >"$tmp/long.txt"
rc=0
"$goread" "$tmp/long.txt" >"$tmp/long.out" || rc=$?
check "a line of 64 KiB stops Go's reader (exit 1, 'token too long', the line after it unread)" \
	"[ $rc -eq 1 ] && grep -q '^F 1 bufio.Scanner: token too long' '$tmp/long.out' && [ \"\$(last '$tmp/long.out')\" = 'results 1 errors 0 units 0' ]"

# a results directory in Go's format
"$x" "$run" >"$tmp/go.txt" 2>"$tmp/err" || bad "export --format go exited $?: $(cat "$tmp/err")"
"$goread" "$tmp/go.txt" >"$tmp/go.out" || bad "goread on the export exited $?"
reps=$(jq -s '[.[].benchmarks[] | select(.run_type == "iteration" and (.error_occurred | not))] | length' "$run"/*.json)
names=$(jq -s '[.[].benchmarks[] | select(.run_type == "iteration" and (.error_occurred | not)) | .run_name] | unique | length' "$run"/*.json)
check "go: Go reads every line: one result per repetition ($reps), no syntax error, 6 Unit lines, 11 pairs (got: $(last "$tmp/go.out"))" \
	"[ \"\$(last '$tmp/go.out')\" = 'results $reps errors 0 units 11' ] && [ ! -s '$tmp/err' ]"
check "go: each benchmark one Go name ($names), each on one CPU (-1), never a GOMAXPROCS from the name" \
	"[ \$(awk '\$1 == \"R\" { print \$3 }' '$tmp/go.out' | sort -u | wc -l) -eq $names ] && ! awk '\$1 == \"R\" && \$5 != \"procs=-1\"' '$tmp/go.out' | grep -q ."
check "go: configuration lines say the machine and the build" "grep -q '^goos: linux\$' '$tmp/go.txt' && grep -q '^goarch: ' '$tmp/go.txt' && grep -q '^pagesize: 4096\$' '$tmp/go.txt' && grep -q '^pagebound-commit: ' '$tmp/go.txt'"
check "go: a scan's name as key=value parts, its calls as an exact unit" \
	"grep -q '^BenchmarkScan/probe=stepped/config=P64K-T4K/layout=[a-z]*/bytes=[0-9]*[KMG]iB-1 [0-9]* [0-9.e+]* ns/op [0-9]* syscalls/op [0-9]* einval/op 1 verdict-ok/op\$' '$tmp/go.txt' && grep -q '^Unit syscalls/op assume=exact better=lower\$' '$tmp/go.txt'"
check "go: a barrier's time per store and bad pointers as units" "grep -q '^BenchmarkBarrier/variant=on-min/stream=[a-z0-9-]*/footprint=[0-9]*[KMG]iB-1 [0-9]* [0-9.e+]* ns/op [0-9.e+]* ns/store [0-9.]* flagged/1000stores\$' '$tmp/go.txt'"

# hostile names and values: Go's spaces, a name that would be a GOMAXPROCS, two names that meet, Bencher's suffixes
h=$tmp/hostile
mkdir -p "$h"
jq '.context.cpu_model = ("A" * 100000) | .benchmarks += ([
	"prim/getppid\u00a0", "prim/getppid\u000b1\u000b1\u000bns/op\u000b7", "prim/get\u2028ppid", "prim/get\u3000ppid",
	"prim/get ppid", "prim/get\tppid", "prim/\u001b[2Jx", ("prim/" + ("x" * 1100)), "", "Prim/getppid", "scan/stepped/P64K-T4K/unmapped/bytes:1MiB",
	"barrier/on-min/low-10", "prim/getppid_bencher_ignore", "prim/getppid-bencher-ignore", "prim/getppidBencherIgnore",
	"getppid", "12345678-1234-1234-1234-123456789abc"]
	| map({name: ., run_name: ., run_type: "iteration", repetitions: 1, repetition_index: 0, threads: 1,
		iterations: 10, real_time: 5, cpu_time: 5, time_unit: "ns"}))' "$run/scan.json" >"$h/scan.json"
cp "$run/barrier.json" "$h/"
"$x" "$h" >"$tmp/h.txt" 2>"$tmp/h.err" || bad "export of hostile names exited $?: $(cat "$tmp/h.err")"
"$goread" "$tmp/h.txt" >"$tmp/h.out" || bad "goread on the hostile export exited $? ($(last "$tmp/h.out"))"
hreps=$(jq -s '[.[].benchmarks[] | select(.run_type == "iteration" and (.error_occurred | not))] | length' "$h"/*.json)
check "go, hostile: 9 names pagebound never writes and 1 that meets another are left out, named on stderr, escaped" \
	"grep -q '^pagebound-export: 10 benchmark(s) left out, or some of their repetitions:\$' '$tmp/h.err' && grep -qF 'prim/\\x1b[2Jx: not a name pagebound writes' '$tmp/h.err' && ! grep -q \"\$(printf '\\033')\" '$tmp/h.err'"
check "go, hostile: bytes:1MiB meets bytes:1048576 as Go names it (bytes=1MiB): left out, so named; Prim/getppid is a name of its own" "grep -q '^  scan/stepped/P64K-T4K/unmapped/bytes:1MiB: its exported name is another benchmark.s\$' '$tmp/h.err' && grep -q '^R [0-9]* Prim/getppid base=Prim procs=-1 ' '$tmp/h.out'"
check "go, hostile: every line read, no syntax error: $((hreps - 10)) results (got: $(last "$tmp/h.out"))" \
	"[ \"\$(last '$tmp/h.out')\" = 'results $((hreps - 10)) errors 0 units 11' ]"
check "go, hostile: prim/getppid is its own 3 repetitions, nothing merged into it" \
	"[ \$(awk '\$1 == \"R\" && \$3 == \"Prim/prim=getppid\"' '$tmp/h.out' | wc -l) -eq 3 ]"
check "go, hostile: the stream low-10 stays in its name; GOMAXPROCS is -1" \
	"grep -q '^R [0-9]* Barrier/variant=on-min/stream=low-10 base=Barrier procs=-1 ' '$tmp/h.out'"
check "go, hostile: a 100,000-byte CPU model is cut to one line Go reads (1024 bytes)" \
	"[ \$(grep '^cpu: AAAA' '$tmp/h.txt' | wc -c) -eq 1030 ]"
jq '.benchmarks[0].time_unit = "fortnights"' "$run/scan.json" >"$h/scan.json"
refuse "an unknown time unit, not a time at a guessed scale" "time_unit fortnights is not one Google Benchmark writes" "$x" "$h"

# Bencher Metric Format, held to Bencher's own rules (a jq port of them: each benchmark key is read as a UUID, then a
# slug, then a name; a name is 1 to 1024 bytes; a name ending _bencher_ignore, BencherIgnore or -bencher-ignore is
# dropped; a measure key read the same way, pagebound's are slugs: lower-case letters and digits joined by single '-',
# at most 64 bytes; a metric is value with optional lower_value and upper_value, finite numbers)
bencher_rules='def uuid: test("^(urn:uuid:)?\\{?[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}\\}?$");
	def slug: test("^[a-z0-9]+(-[a-z0-9]+)*$") and (utf8bytelength <= 64);
	def name: utf8bytelength >= 1 and utf8bytelength <= 1024 and (uuid | not) and (slug | not) and
		(test("(_bencher_ignore|BencherIgnore|-bencher-ignore)$") | not);
	def metric: type == "object" and (keys - ["value", "lower_value", "upper_value"] == []) and has("value") and
		all(.[]; type == "number") and (.lower_value // .value) <= .value and .value <= (.upper_value // .value);
	type == "object" and all(to_entries[]; (.key | name) and (.value | type == "object" and length > 0) and
		all(.value | to_entries[]; (.key | slug) and (.value | metric)))'
# the table format: a header, then one line per repetition that has a time, its counters beside it
"$x" --format tsv "$run" >"$tmp/t.tsv" 2>"$tmp/err" || bad "export --format tsv exited $?: $(cat "$tmp/err")"
reps=$(jq -s '[.[].benchmarks[] | select(.run_type == "iteration" and (.error_occurred | not))] | length' "$run"/*.json)
check "tsv: its header, and $reps repetitions, one a line" "head -n 1 '$tmp/t.tsv' | grep -qx 'benchmark	iterations	ns	ns_per_store	syscalls	einval	verdict_ok	flagged_per_1000' && [ \$((\$(wc -l <'$tmp/t.tsv') - 1)) -eq $reps ]"
check "tsv: a scan's repetition with its time and counts" "grep -q '^scan/stepped/P64K-T4K/unmapped/bytes:1048576	[0-9]*	100000	-	256	0	1	' '$tmp/t.tsv'"
"$x" --format bmf "$run" >"$tmp/bmf.json" 2>"$tmp/err" || bad "export --format bmf exited $?: $(cat "$tmp/err")"
check "bmf: Bencher's rules hold for every benchmark and measure" "jq -e '$bencher_rules' '$tmp/bmf.json' >/dev/null"
check "bmf: every benchmark ($names), its latency's value between lower_value and upper_value" \
	"jq -e --argjson n $names 'length == \$n and all(.[]; .latency.lower_value <= .latency.value and .latency.value <= .latency.upper_value)' '$tmp/bmf.json' >/dev/null"
check "bmf: a scan's system calls and verdict as measures of their own (slugs: syscalls, verdict-ok)" \
	"jq -e '[to_entries[] | select(.key | startswith(\"scan/\")) | .value | .syscalls.value > 0 and has(\"verdict-ok\")] | all' '$tmp/bmf.json' >/dev/null"
jq '.benchmarks += ([
	"prim/getppid\u00a0", "prim/get ppid", ("prim/" + ("x" * 1100)), "", "prim/getppid_bencher_ignore",
	"prim/getppid-bencher-ignore", "prim/getppidBencherIgnore", "getppid", "12345678-1234-1234-1234-123456789abc", "prim/ok"]
	| map({name: ., run_name: ., run_type: "iteration", repetitions: 1, repetition_index: 0, threads: 1,
		iterations: 10, real_time: 5, cpu_time: 5, time_unit: "ns"}))' "$run/scan.json" >"$h/scan.json"
"$x" --format bmf "$h" >"$tmp/hb.json" 2>"$tmp/hb.err" || bad "bmf export of hostile names exited $?: $(cat "$tmp/hb.err")"
check "bmf, hostile: Bencher's rules hold; the 9 names it would misread or drop are left out and named, prim/ok is in" \
	"jq -e '$bencher_rules' '$tmp/hb.json' >/dev/null && grep -q '^pagebound-export: 9 benchmark(s) left out, or some of their repetitions:\$' '$tmp/hb.err' && grep -q '^  getppid: Bencher would read' '$tmp/hb.err' && grep -q '^  prim/getppidBencherIgnore: Bencher would store it without this ending' '$tmp/hb.err' && jq -e '.[\"prim/ok\"].latency.value == 5' '$tmp/hb.json' >/dev/null"
"$x" --format bmf "$src/tests/fixtures/configs-small" >"$tmp/cfg.json" 2>"$tmp/err" || bad "export of a configs run exited $?: $(cat "$tmp/err")"
check "bmf: hyperfine's runs of scripts/configs, in ns, under Bencher's rules" \
	"jq -e '.[\"whole-process/x86-4k/probe:chunked/scans:2\"].latency | .value > 1e8 and .lower_value <= .value' '$tmp/cfg.json' >/dev/null && jq -e '$bencher_rules' '$tmp/cfg.json' >/dev/null"
"$x" "$src/tests/fixtures/configs-small" >"$tmp/cfg.txt" 2>"$tmp/err" || bad "go export of a configs run exited $?: $(cat "$tmp/err")"
"$goread" "$tmp/cfg.txt" >"$tmp/cfg.out" || bad "goread on a configs run's export exited $?"
check "go: a configs run's hyperfine JSON is left out, its Google Benchmark files read" \
	"last '$tmp/cfg.out' | grep -q '^results [1-9][0-9]* errors 0 ' && ! grep -q 'whole-process' '$tmp/cfg.txt'"
refuse "a directory without results" "holds no \\*.json result files" "$x" "$src/tests/fixtures/kernels"

# a machine's history: one configuration block per run (its commit, kernel, date), each benchmark's fastest repetition
R=$tmp/results
for i in 1 2 3; do mkrun "$R/a-$i" hosta 6.1.0 "$i" 1; mkrun "$R/b-$i" hostb 6.1.0 "$i" 1; done
"$PB_BUILD_DIR/src/pagebound-history" --quiet --results "$R" update || bad "history update exited $?"
ma=$("$PB_BUILD_DIR/src/pagebound-history" --results "$R" machine "$R/a-1" | cut -f1)
"$x" --history --results "$R" --machine "$ma" >"$tmp/h.txt" 2>"$tmp/err" || bad "history go export exited $?: $(cat "$tmp/err")"
"$goread" "$tmp/h.txt" >"$tmp/hist.out" || bad "goread on the history exited $?"
check "history, go: Go reads every line; 3 runs x 5 benchmarks, one machine (got: $(last "$tmp/hist.out"))" \
	"[ \"\$(last '$tmp/hist.out')\" = 'results 15 errors 0 units 11' ] && [ \$(grep -c '^pagebound-run: ' '$tmp/h.txt') -eq 3 ] && [ \$(grep -c '^pagebound-machine: ' '$tmp/h.txt') -eq 1 ]"
check "history, go: each run's commit before its lines, the fastest repetition as ns/op" \
	"awk '/^pagebound-commit: c01\$/ { c = 1 } c && /^BenchmarkPrim\/prim=getppid-1 / { print \$3; exit }' '$tmp/h.txt' | grep -q '^170\$'"
check "history, go: a result's configuration names its run (cfg pagebound-run=...)" \
	"awk '\$1 == \"R\"' '$tmp/hist.out' | grep -c ' pagebound-run=' | grep -q '^15\$'"
"$x" --format bmf --history --results "$R" --match '^prim/' >"$tmp/h.json" 2>"$tmp/err" || bad "history bmf export exited $?"
check "history, bmf: one object a run (6), each with its primitive, under Bencher's rules" \
	"[ \$(wc -l <'$tmp/h.json') -eq 6 ] && jq -e -s 'all(.[]; (keys == [\"prim/getppid\"]) and .[\"prim/getppid\"].latency.value > 0)' '$tmp/h.json' >/dev/null && jq -e '$bencher_rules' '$tmp/h.json' >/dev/null"
# every format the exporter lists (its --help, from its table of formats): a run and the history, exit 0, something
# written, nothing left unsaid on a clean run: a format added as one file and one row is run here unedited
formats=$("$x" --help | sed -n 's/.*(valid: one of \([a-z, ]*\); default.*/\1/p' | tr -d ',')
for f in $formats; do
	rc=0
	"$x" --format "$f" "$run" >"$tmp/fmt.out" 2>"$tmp/fmt.err" || rc=$?
	check "format $f: a run, exit 0 and output (got $rc: $(head -n 1 "$tmp/fmt.err"))" "[ $rc -eq 0 ] && [ -s '$tmp/fmt.out' ]"
	rc=0
	"$x" --format "$f" --history --results "$R" >"$tmp/fmt.out" 2>"$tmp/fmt.err" || rc=$?
	check "format $f: the history, exit 0 and output (got $rc: $(head -n 1 "$tmp/fmt.err"))" "[ $rc -eq 0 ] && [ -s '$tmp/fmt.out' ]"
done
check "the formats listed: go, bmf, tsv at least (got: $formats)" "[ \$(echo $formats | wc -w) -ge 3 ]"

finish
