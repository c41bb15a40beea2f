#!/bin/sh
# faults.sh: the faults of the second hostile pass (issue 21), each tried as it was found: imported runs that
# hold links, devices and names that are paths; context values that hold tabs, newlines and the key separator;
# values and names at the edge of what a file can hold; interrupted imports and history rebuilds; two compares
# at once; the change-point program's input at its edges.
set -eu
src=${PB_SOURCE_ROOT:?set by meson test}
export PB_BUILD_DIR="${PB_BUILD_ROOT:?set by meson test}"
. "$(dirname -- "$0")/lib.sh"
changes=$PB_BUILD_DIR/src/pagebound-changes

# pagebound-changes: a row of 70 fields, CR LF line ends, a value of 1e301 (positive and finite: a value), hex refused
awk 'BEGIN { printf "series\trun\tcommit\tvalue\r\n"; for (i = 1; i <= 20; i++) { l = sprintf("s\tr%d\tc%d\t%s", i, i, i > 10 ? "1.2e301" : "1e301")
	for (k = 0; k < 70; k++) l = l "\tx"; printf "%s\r\n", l } }' >"$tmp/wide.tsv"
rc=0
"$changes" "$tmp/wide.tsv" >"$tmp/out" 2>"$tmp/err" || rc=$?
check "changes: 74 fields a row, CR LF, values near 1e301: exit 0 (got $rc: $(head -c 200 "$tmp/err"))" "[ $rc -eq 0 ]"
check "changes: the step at run 11 found, +20%" "awk -F'\t' 'NR == 2 && \$2 == 11 && \$4 == \"r11\" && \$7 == \"20.000\" { f = 1 } END { exit !f }' '$tmp/out'"
printf 'series\trun\tcommit\tvalue\ns\tr1\tc1\t0x10\n' >"$tmp/hex.tsv"
refuse "changes: a hex value" "value '0x10' is not a positive decimal number" "$changes" "$tmp/hex.tsv"
printf 'series\trun\tcommit\tvalue\ns\tr1\tc1\tinf\n' >"$tmp/inf.tsv"
refuse "changes: inf" "value 'inf' is not a positive decimal number" "$changes" "$tmp/inf.tsv"
refuse "changes: a window too short for the segments" "--window 8 is too short for --min-size 3" "$changes" --window 8 "$tmp/wide.tsv"

# a benchmark name of 300 characters (C++ template names are that long) 50% slower: REGRESSION, exit 1, the chart
# drawn with the name shortened, no INCOMPLETE left (the verdict's exit status never depends on drawing)
long=scan/$(printf '%0300d' 0 | tr 0 x)
for side in a b; do
	mkdir -p "$tmp/long/$side"
	jq -n --arg n "$long" --argjson t "$([ $side = a ] && echo 100 || echo 150)" '{context: {host_name: "h"}, benchmarks:
		[range(10) | {name: $n, run_name: $n, run_type: "iteration", repetitions: 10, repetition_index: ., iterations: 1000,
		real_time: ($t + .), cpu_time: ($t + .), time_unit: "ns"}]}' >"$tmp/long/$side/scan.json"
done
rc=0
"$src/scripts/compare" --out "$tmp/long/out" "$tmp/long/a" "$tmp/long/b" >"$tmp/out" 2>"$tmp/err" || rc=$?
check "compare, a 300-character name 50% slower: exit 1 (got $rc: $(tail -n 2 "$tmp/err"))" "[ $rc -eq 1 ] && grep -q '^REGRESSION' '$tmp/long/out/compare.txt'"
check "compare, a 300-character name: the chart drawn, nothing left INCOMPLETE" "[ -s '$tmp/long/out/compare.svg' ] && [ ! -e '$tmp/long/out/INCOMPLETE' ]"
check "compare, a 300-character name: shortened on the chart" "grep -q 'scan/xxxxxxxxxxxxxxxxxxxx*\.\.\.xxxxxxxxxxxxxxxxxxxx*<' '$tmp/long/out/compare.svg'"

finish
