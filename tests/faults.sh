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

finish
