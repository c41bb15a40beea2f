#!/bin/sh
# compare-scale.sh: pagebound-compare stays near-linear: 310,000 benchmark names (lookups were quadratic), and one
# benchmark with 20,000 repetitions a side under a 1 GiB address-space limit (its interval used to sort all
# 400 million pairwise differences: 6.35 GB).
# usage: compare-scale.sh PAGEBOUND-COMPARE
set -eu
cmp=$1
. "$(dirname -- "$0")/lib.sh"
# gen FILE NAMES REPS SCALE: Google Benchmark JSON with NAMES benchmarks of REPS repetitions each
gen() {
	awk -v names="$2" -v reps="$3" -v scale="$4" 'BEGIN {
		print "{\"context\": {\"date\": \"x\"}, \"benchmarks\": ["
		for (i = 0; i < names; i++) for (r = 0; r < reps; r++) {
			t = scale * (1000 + (r * 7919 % 1000) / 10)
			printf "%s{\"name\": \"b/%d\", \"run_name\": \"b/%d\", \"run_type\": \"iteration\", \"repetition_index\": %d, \"cpu_time\": %.3f, \"real_time\": %.3f, \"time_unit\": \"ns\"}\n", (i || r) ? "," : "", i, i, r, t, t
		}
		print "]}" }' >"$1"
}
gen "$tmp/many-a.json" 310000 1 1
gen "$tmp/many-b.json" 310000 1 1
rc=0
"$cmp" --format tsv "$tmp/many-a.json" "$tmp/many-b.json" >"$tmp/out" 2>"$tmp/err" || rc=$?
check "310,000 names: every one paired (exit $rc)" "grep -q '^# no regression: 310000 benchmarks compared' '$tmp/out' || grep -q 'no verdict' '$tmp/err'"
check "310,000 names: 310,000 rows" "[ \$(grep -c '^b/' '$tmp/out') -eq 310000 ]"

gen "$tmp/reps-a.json" 1 20000 1
gen "$tmp/reps-b.json" 1 20000 1.2
asan=0
nm "$cmp" 2>/dev/null | grep -q __asan_init && asan=1
rc=0
if [ $asan -eq 1 ]; then
	"$cmp" "$tmp/reps-a.json" "$tmp/reps-b.json" >"$tmp/out" 2>"$tmp/err" || rc=$?
else # AddressSanitizer reserves terabytes of shadow: no address-space limit under it
	(ulimit -v 1048576 && "$cmp" "$tmp/reps-a.json" "$tmp/reps-b.json") >"$tmp/out" 2>"$tmp/err" || rc=$?
fi
check "20,000 repetitions a side within 1 GiB: a verdict (exit $rc: $(head -c 200 "$tmp/err"))" "[ $rc -eq 1 ]"
check "20,000 repetitions: +20% found, with its interval" "grep -q '^b/0 .*+20\.[0-9]*% *\[+19\.[0-9]*%, +20\.[0-9]*%\] .*SLOWER' '$tmp/out'"
finish
