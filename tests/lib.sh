# lib.sh: what the shell tests share: a scratch directory, counted checks and the closing line.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# this machine's id (scripts/common.sh machine_id) kept in the test's own state directory: the runs a test makes as
# scripts/bench would are this machine's, and no test reads or makes the id of the user running it
export PB_STATE_DIR="$tmp/state"
mkdir -p "$PB_STATE_DIR" && od -An -tx1 -N16 /dev/urandom | tr -d ' \n' >"$PB_STATE_DIR/machine-id"
fails=0 passes=0
ok() { passes=$((passes + 1)); }
bad() { echo "FAIL: $*" >&2; fails=$((fails + 1)); failed="${failed:-}  $*
"; }
# check NAME EXPR: EXPR is evaluated; a false one is a failure named NAME
check() { if eval "$2"; then ok; else bad "$1"; fi; }
# refuse NAME MESSAGE CMD...: CMD must exit 2 and say MESSAGE on stderr
refuse() {
	name=$1 msg=$2
	shift 2
	rc=0
	"$@" >"$tmp/out" 2>"$tmp/err" || rc=$?
	check "$name: exit 2 (got $rc)" "[ $rc -eq 2 ]"
	check "$name: says '$msg'" "grep -q -- \"$msg\" '$tmp/err'"
	check "$name: one line" "[ \$(wc -l <'$tmp/err') -eq 1 ]"
}
# finish: the count; on a failure its last lines say which checks failed and how to run this test alone
finish() {
	echo "$passes passed, $fails failed"
	[ "$fails" -eq 0 ] && return 0
	printf 'failed in %s:\n%s' "$(basename -- "$0")" "$failed" >&2
	echo "rerun it alone: meson test -C ${PB_BUILD_ROOT:-build} --print-errorlogs $(basename -- "$0" .sh)" >&2
	return 1
}

# mkrun DIR HOST KERNEL I SCALE: run I of a machine (quick mode), as scripts/bench writes it: run.tsv, and Google
# Benchmark JSON with pagebound's context: one scan family (two sizes from 1 MiB, and 64 KiB: a family of its own),
# a primitive and a barrier, three repetitions each (the fastest is 1000 ns x SCALE x a fixed wobble of 1% for the
# 1 MiB scan, 4000 for the 4 MiB one: the history follows the fastest, and pools the two into their geometric mean)
mkrun() {
	mkdir -p "$1"
	w=$(awk -v i="$4" 'BEGIN { printf "%.4f", 1 + 0.01 * ((i * 7) % 5 - 2) / 2 }')
	printf 'mode\tquick\ncommit\tc%02d\nstarted_utc\t2026-11-01T%02d:00:00Z\nmachine_id\t%s\n' "$4" "$4" "$(cat "$PB_STATE_DIR/machine-id")" >"$1/run.tsv"
	jq -n --arg h "$2" --arg k "$3" --arg d "$(printf '2026-11-01T%02d:00:00Z' "$4")" --arg c "$(printf 'c%02d' "$4")" --argjson s "$5" \
		--argjson w "$w" '
		def reps($n; $t): [range(3) | {name: $n, run_name: $n, run_type: "iteration", repetitions: 3, repetition_index: .,
			iterations: 1, real_time: ($t * (1 + 0.05 * .)), cpu_time: ($t * (1 + 0.05 * .)), time_unit: "ns"}];
		{context: {host_name: $h, cpu_model: "Fixture CPU", page_size: "4096", build_type: "release", machine: "x86_64",
		 kernel_release: $k, compiler: "gcc 12.2.0", date: $d, pagebound_commit: $c, pagebound_version: "0.1.0"},
		 benchmarks: (reps("scan/stepped/P64K-T4K/unmapped/bytes:1048576"; 1000 * $s * $w)
			+ reps("scan/stepped/P64K-T4K/unmapped/bytes:4194304"; 4000 * $s * $w)
			+ reps("scan/stepped/P64K-T4K/unmapped/bytes:65536"; 62 * $w)
			+ reps("prim/getppid"; 170 * $w)
			+ (reps("barrier/on-min/valid/footprint:4096"; 1000) | map(. + {ns_per_store: (1.5 * $w)})))}' >"$1/scan-stepped.json"
}
# wait_for PID TEST: polls TEST until it holds (0) or PID has ended (1): a signal meets the state it means
wait_for() { while ! eval "$2"; do kill -0 "$1" 2>/dev/null || return 1; sleep 0.05; done; }
# digits_bad FILE: each "EST [LO, HI]" in FILE whose numbers carry another count of decimals than the interval
# supports (the second significant digit of its half-width, as docs/design.md asks), one a line; empty: none.
# A file with no such figure at all is reported too: the check must have something to check.
digits_bad() {
	grep -oE '[+-]?[0-9]+(\.[0-9]+)?%? *\|? *\[[+-]?[0-9]+(\.[0-9]+)?%?, [+-]?[0-9]+(\.[0-9]+)?%?\]' "$1" | tr -d '%|' | awk '
		function dec(s) { return index(s, ".") ? length(s) - index(s, ".") : 0 }
		{ e = $1; lo = $2; hi = $3; gsub(/[][,]/, "", lo); gsub(/[][,]/, "", hi); n++
		  half = (hi - lo) / 2; want = half > 0 ? 1 - int(log(half) / log(10) + (half < 1 && log(half) / log(10) != int(log(half) / log(10)) ? -1 : 0)) : 3
		  if (want < 0) want = 0
		  if (dec(e) != want || dec(lo) != want || dec(hi) != want) print "\"" $0 "\" has " dec(e) " decimals, its interval supports " want }
		END { if (!n) print "no figure with an interval in the file" }'
}
