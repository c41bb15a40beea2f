#!/bin/sh
# paired.sh: pagebound-compare on paired rounds (files carrying pagebound_round), on synthetic rounds with known
# answers: an A/A pair passes, a family 8% slower is found and named, sizes below 1 MiB and other families stay
# apart, non-gating benchmarks never gate, the power lines name what the rounds could not see, --plan asks for
# rounds, and a within-run contrast gives the difference in ns.
# usage: paired.sh PAGEBOUND-COMPARE
set -eu
cmp=$1
. "$(dirname -- "$0")/lib.sh"
run() { rc=0; "$cmp" "$@" >"$tmp/out" 2>"$tmp/err" || rc=$?; }
# gen DIR ROUNDS SEED SLOW_REGEX FACTOR NOISE: one JSON per round; every round drifts by up to +-3% on both sides
# alike (what pairing cancels); each repetition adds NOISE (a fraction); benchmarks matching SLOW_REGEX are
# FACTOR times slower. The drift of round r is the same for OLD and NEW (seeded by r).
gen() {
	mkdir -p "$1"
	r=1
	while [ "$r" -le "$2" ]; do
		awk -v round="$r" -v seed="$3" -v slow="$4" -v factor="$5" -v noise="$6" 'BEGIN {
			srand(round * 7919); drift = 1 + (rand() - 0.5) * 0.06
			srand(seed * 104729 + round)
			n = split("scan/stepped/P64K-T4K/unmapped/bytes:1048576 scan/stepped/P64K-T4K/unmapped/bytes:4194304 " \
				"scan/stepped/P64K-T4K/unmapped/bytes:16777216 scan/stepped/P64K-T4K/unmapped/bytes:4096 " \
				"scan/chunked/P64K-T4K/unmapped/bytes:1048576 scan/chunked/P64K-T4K/unmapped/bytes:4194304 " \
				"barrier/on-min/valid/footprint:4096", names, " ")
			base["x"] = 0
			printf "{\"context\": {\"pagebound_version\": \"t\", \"pagebound_round\": \"%d\"}, \"benchmarks\": [", round
			for (i = 1; i <= n; i++) for (k = 0; k < 2; k++) {
				t = 1000 * i * drift * (1 + (rand() - 0.5) * 2 * noise) * (names[i] ~ slow ? factor : 1)
				printf "%s{\"name\": \"%s\", \"run_name\": \"%s\", \"run_type\": \"iteration\", \"repetition_index\": %d, \"cpu_time\": %.3f, \"real_time\": %.3f, \"time_unit\": \"ns\", \"syscalls\": %d}", (i > 1 || k) ? "," : "", names[i], names[i], k, t, t, 16 * i
			}
			print "]}" }' >"$1/round-$r.json"
		r=$((r + 1))
	done
}
gen "$tmp/old" 6 1 '^$' 1 0.005
gen "$tmp/aa" 6 2 '^$' 1 0.005
run "$tmp/old" "$tmp/aa"
check "A/A: exit 0 (got $rc: $(tail -n 1 "$tmp/out"))" "[ $rc -eq 0 ] && grep -q '^no regression: 0 of 4 gating families' '$tmp/out'"
check "A/A: 6 rounds paired" "grep -q '^Paired rounds: 6' '$tmp/out'"
check "A/A: the sizes >= 1 MiB are one family of 3" "grep -q '^scan/stepped/P64K-T4K/unmapped  *3  *6 ' '$tmp/out'"
check "A/A: the 4 KiB size is its own family" "grep -q '^scan/stepped/P64K-T4K/unmapped/bytes:4096  *1  *6 ' '$tmp/out'"
check "A/A: the power line (MDE at most the threshold)" "grep -q '^power: every gating family shows a change of 5.0%' '$tmp/out'"

gen "$tmp/slow" 6 3 'stepped.*bytes:(1048576|4194304|16777216)$' 1.08 0.005
run "$tmp/old" "$tmp/slow"
check "a family 8% slower: exit 1 (got $rc)" "[ $rc -eq 1 ]"
check "a family 8% slower: that family is SLOWER, near +8%" "grep -q '^scan/stepped/P64K-T4K/unmapped  *3  *6  *+[78]\\.[0-9]*%.*SLOWER\$' '$tmp/out'"
check "a family 8% slower: the other families are the same" "[ \$(grep -c '^scan/[a-z]*/P64K-T4K/unmapped[^ ]*  *[0-9]  *6 .* same\$' '$tmp/out') -eq 2 ]"
check "a family 8% slower: named in the verdict" "grep -q '^REGRESSION: 1 of 4 gating families slower beyond 5.0%' '$tmp/out'"
run --no-gate '^scan/stepped/' "$tmp/old" "$tmp/slow"
check "--no-gate: shown, not gating, exit 0 (got $rc)" "[ $rc -eq 0 ] && grep -q 'slower (not gating)' '$tmp/out'"

# the rounds cannot see small changes when each repetition moves by 20%: the power lines say so
gen "$tmp/noisy-a" 3 4 '^$' 1 0.2
gen "$tmp/noisy-b" 3 5 '^$' 1 0.2
run "$tmp/noisy-a" "$tmp/noisy-b"
check "noisy rounds: the report says what it cannot see" "grep -q '^changes smaller than [0-9.]*% in scan/stepped/P64K-T4K/unmapped cannot be seen with 3 rounds here' '$tmp/out'"
run --plan "$tmp/noisy-a" "$tmp/noisy-b"
check "--plan: more rounds asked for (got: \$(tail -n 1 '$tmp/out'))" "awk -F'\t' '\$1 == \"all\" { exit !(\$4 > 3) }' '$tmp/out'"
run --first-stage 3 "$tmp/old" "$tmp/slow"
check "--first-stage: Stein's rule is said and still finds the family (got $rc)" "[ $rc -eq 1 ] && grep -q \"Stein's rule\" '$tmp/out'"
run --format tsv "$tmp/old" "$tmp/slow"
check "tsv: a family row with its MDE and gating" "grep -q '^family	scan/stepped/P64K-T4K/unmapped	3	6	' '$tmp/out' && head -n 1 '$tmp/out' | grep -q 'mde_pct	diff_ns	diff_lo_ns	diff_hi_ns	gates	verdict\$'"

# not enough to test, and mixed inputs
gen "$tmp/one-a" 1 6 '^$' 1 0.005
gen "$tmp/one-b" 1 7 '^$' 1 0.005
run "$tmp/one-a" "$tmp/one-b"
check "one round: exit 2, no verdict (got $rc)" "[ $rc -eq 2 ] && grep -q 'no family could be tested' '$tmp/err'"
mkdir "$tmp/mixed" && cp "$tmp/old/round-1.json" "$tmp/mixed/" && jq 'del(.context.pagebound_round)' "$tmp/old/round-2.json" >"$tmp/mixed/round-2.json"
run "$tmp/mixed" "$tmp/old"
check "some files with rounds, some without: exit 2 (got $rc)" "[ $rc -eq 2 ] && grep -q 'some files carry a pagebound_round and others do not' '$tmp/err'"

# a contrast inside one run: on-min against on-nocheck, repetition by repetition
awk 'BEGIN { printf "{\"context\": {\"pagebound_version\": \"t\"}, \"benchmarks\": ["
	for (k = 0; k < 6; k++) for (v = 0; v < 2; v++) {
		t = 1.0 + 0.01 * k + (v ? 0.15 : 0)
		printf "%s{\"name\": \"barrier/%s/valid/footprint:4096\", \"run_name\": \"barrier/%s/valid/footprint:4096\", \"run_type\": \"iteration\", \"repetition_index\": %d, \"cpu_time\": %.3f, \"real_time\": %.3f, \"time_unit\": \"ns\"}", (k || v) ? "," : "", v ? "on-min" : "on-nocheck", v ? "on-min" : "on-nocheck", k, t, t }
	print "]}" }' >"$tmp/within.json"
run --contrast=on-nocheck,on-min --format tsv "$tmp/within.json"
check "contrast: one row, the difference 0.15 ns with its interval (got $rc)" "[ $rc -eq 0 ] && awk -F'\t' '\$2 == \"barrier/on-nocheck~on-min/valid/footprint:4096\" { ok = (\$13 > 0.1499 && \$13 < 0.1501 && \$14 <= 0.15 && \$15 >= 0.15) } END { exit !ok }' '$tmp/out'"
refuse "contrast: unknown variants" "no benchmark has a name component 'on-x'" "$cmp" --contrast=on-x,on-y "$tmp/within.json"
finish
