#!/bin/sh
# paired.sh: pagebound-compare on paired rounds (files carrying pagebound_round), on synthetic rounds with known
# answers: an A/A pair passes, a family 8% slower is found and named, sizes below 1 MiB and other families stay
# apart, non-gating benchmarks never gate, the power lines name what the rounds could not see, --plan asks for
# rounds, and a within-run contrast gives the difference in ns.
# usage: paired.sh PAGEBOUND-COMPARE
set -eu
cmp=$1
. "$(dirname -- "$0")/lib.sh"
# the first checks are of the t test on the mean (--estimator mean: 6 rounds are enough for it); est="" below: the
# default, the signed-rank test
est=--estimator=mean
run() { rc=0; "$cmp" ${est:+"$est"} "$@" >"$tmp/out" 2>"$tmp/err" || rc=$?; }
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

# the default test, Wilcoxon's signed-rank on the rounds: 6 rounds cannot pass Holm over 4 families (2 / 2^6 x 4 >
# 0.05): "too few rounds to decide", no verdict; 12 rounds find the 8% family, and a round lost to a burst (one side
# 40% slower in one round) does not hide it
est=""
run "$tmp/old" "$tmp/slow"
check "signed-rank, 6 rounds: exit 2, every family too few rounds to decide (got $rc)" \
	"[ $rc -eq 2 ] && [ \$(grep -c 'too few rounds to decide\$' '$tmp/out') -ge 4 ] && grep -q 'no family could be tested' '$tmp/err'"
gen "$tmp/old12" 12 1 '^$' 1 0.005
gen "$tmp/slow12" 12 3 'stepped.*bytes:(1048576|4194304|16777216)$' 1.08 0.005
for f in "$tmp/slow12"/round-7.json; do jq '.benchmarks |= map(.cpu_time *= 1.4)' "$f" >"$f.x" && mv "$f.x" "$f"; done
run "$tmp/old12" "$tmp/slow12"
check "signed-rank, 12 rounds, one of them a burst: the 8% family SLOWER, the others the same (got $rc)" \
	"[ $rc -eq 1 ] && grep -q '^scan/stepped/P64K-T4K/unmapped  *3  *12  *+[78]\\.[0-9]*%.*SLOWER\$' '$tmp/out' && grep -q '^REGRESSION: 1 of 4 gating' '$tmp/out'"
check "signed-rank: the report names its test" "grep -q \"^Wilcoxon's signed-rank test (Hodges-Lehmann change) on the rounds\" '$tmp/out'"
mde_of() { awk '/^scan\/stepped\/P64K-T4K\/unmapped  / { v = $(NF - 1); sub(/%/, "", v); print v }' "$tmp/out"; }
mde_median=$(mde_of)
est=--estimator=mean
run "$tmp/old12" "$tmp/slow12"
mde_mean=$(mde_of)
check "the same rounds, the t test on the mean: the burst widens its interval (MDE $mde_mean% against the signed-rank's $mde_median%)" \
	"awk -v a='$mde_mean' -v b='$mde_median' 'BEGIN { exit !(a > 2 * b) }'"
est=""

# duet rounds against sequential ones, on a drift that both sides share in time: each round has six time slots whose
# speed drifts by up to +-8% (seeded by round and slot); sequential rounds run one side in slots 0-2 and the other
# in slots 3-5 (which first: random), duet rounds run both sides' repetition k in slot k. NEW is 3% slower. Pairing
# repetitions in duet rounds cancels the drift pair by pair; sequential rounds cannot (their sides never share a slot)
# duo DIR MODE: 10 rounds of OLD and NEW into DIR/old and DIR/new
duo() {
	mkdir -p "$1/old" "$1/new"
	for r in 1 2 3 4 5 6 7 8 9 10; do
		for side in old new; do
			awk -v round="$r" -v side="$side" -v mode="$2" 'BEGIN {
				srand(round * 31); for (t = 0; t < 6; t++) slot[t] = 1 + (rand() - 0.5) * 0.16
				first = rand() < 0.5 ? "old" : "new"
				off = mode == "duet" ? 0 : (side == first ? 0 : 3)
				srand(round * 977 + (side == "new"))
				printf "{\"context\": {\"pagebound_version\": \"t\", \"pagebound_round\": \"%d\"}, \"benchmarks\": [", round
				for (b = 0; b < 2; b++) for (k = 0; k < 3; k++) {
					name = "scan/stepped/P64K-T4K/unmapped/bytes:" (b ? 4194304 : 1048576)
					t = 1000 * (b + 1) * slot[off + k] * (side == "new" ? 1.03 : 1) * (1 + (rand() - 0.5) * 0.001)
					printf "%s{\"name\": \"%s\", \"run_name\": \"%s\", \"run_type\": \"iteration\", \"repetition_index\": %d, \"cpu_time\": %.3f, \"real_time\": %.3f, \"time_unit\": \"ns\"}", (b || k) ? "," : "", name, name, k, t, t
				}
				print "]}" }' >"$1/$side/round-$r.json"
		done
	done
}
duo "$tmp/seq" sequential
duo "$tmp/duet" duet
run --format tsv --threshold 2 "$tmp/seq/old" "$tmp/seq/new"
seq_mde=$(awk -F'\t' '$1 == "family" { print $12 }' "$tmp/out")
run --format tsv --threshold 2 --pairing repetition --duet "$tmp/duet/old" "$tmp/duet/new"
duet_mde=$(awk -F'\t' '$1 == "family" { print $12 }' "$tmp/out")
check "duet, repetitions paired: the shared drift cancels: +3% found within 0.1%, SLOWER (got $(awk -F'\t' '$1 == "family" { print $7, $17 }' "$tmp/out"))" \
	"awk -F'\t' '\$1 == \"family\" { ok = \$7 > 2.9 && \$7 < 3.1 && \$17 == \"SLOWER\" } END { exit !ok }' '$tmp/out'"
check "sequential rounds on the same drift: an MDE ten times the duet's (sequential $seq_mde%, duet $duet_mde%)" \
	"awk -v s='$seq_mde' -v d='$duet_mde' 'BEGIN { exit !(s > 10 * d) }'"
run --threshold 2 --pairing repetition --duet "$tmp/duet/old" "$tmp/duet/new"
check "duet: the report says how the rounds ran" "grep -q '^Paired rounds: 10 (duet: OLD and NEW ran at once' '$tmp/out' && grep -q 'its repetitions paired by index' '$tmp/out'"
check "the geometric mean line: +3% with its interval" "grep -q '^geometric mean over the 1 gating families: +\(2\.9\|3\.0\)[0-9]*% \\[+[23]\\.[0-9]*%, +3\\.[0-9]*%\\] (95%, 10 rounds)' '$tmp/out'"
run --format markdown --threshold 2 --pairing repetition --duet --tsv-out "$tmp/md.tsv" --markdown-out "$tmp/md.md" "$tmp/duet/old" "$tmp/duet/new"
check "markdown for a pull request: the verdict first, then the families that moved, the rest folded" \
	"head -n 1 '$tmp/out' | grep -qx '### pagebound: REGRESSION' && sed -n 3p '$tmp/out' | grep -q '^REGRESSION: 1 of 1 gating' && grep -q '^<details><summary>' '$tmp/out' && awk '/^\\| .scan\\/stepped\\/P64K-T4K\\/unmapped. /{ n++; at = NR } /<details>/ { d = NR } END { exit !(n == 1 && d > at) }' '$tmp/out' && tail -n 1 '$tmp/out' | grep -qx '</details>'"
check "--markdown-out and --tsv-out: the same report as --format writes, from one computation" \
	"cmp -s '$tmp/out' '$tmp/md.md' && \"$cmp\" --format tsv --threshold 2 --pairing repetition --duet '$tmp/duet/old' '$tmp/duet/new' | cmp -s - '$tmp/md.tsv'"
check "compare.md: every change and the geometric mean with the digits their interval supports, no more ($(digits_bad "$tmp/md.md"))" "[ -z \"\$(digits_bad '$tmp/md.md')\" ]"
run --threshold 2 "$tmp/seq/old" "$tmp/seq/new"
check "the text report: the same digits rule ($(digits_bad "$tmp/out"))" "[ -z \"\$(digits_bad '$tmp/out')\" ]"

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
