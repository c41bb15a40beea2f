# lib.sh: what the shell tests share: a scratch directory, counted checks and the closing line.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0 passes=0
ok() { passes=$((passes + 1)); }
bad() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }
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
finish() {
	echo "$passes passed, $fails failed"
	[ "$fails" -eq 0 ]
}

# mkrun DIR HOST KERNEL I SCALE: run I of a machine (quick mode): the context of a Google Benchmark file, run.tsv,
# scan.tsv (one family, two sizes from 1 MiB and one below; median and min apart: the history follows the min)
# and prim.tsv (no min column: its median is used); times are 1000 ns x SCALE x a fixed wobble of 1%
mkrun() {
	mkdir -p "$1"
	w=$(awk -v i="$4" 'BEGIN { printf "%.4f", 1 + 0.01 * ((i * 7) % 5 - 2) / 2 }')
	jq -n --arg h "$2" --arg k "$3" --arg d "$(printf '2026-11-01T%02d:00:00Z' "$4")" '{context: {host_name: $h, cpu_model: "Fixture CPU",
		page_size: "4096", build_type: "release", kernel_release: $k, compiler: "gcc 12.2.0", date: $d,
		pagebound_commit: "c0ffee", pagebound_version: "0.1.0"}, benchmarks: []}' >"$1/prim.json"
	printf 'mode\tquick\ncommit\tc%02d\nstarted_utc\t2026-11-01T%02d:00:00Z\n' "$4" "$4" >"$1/run.tsv"
	awk -v s="$5" -v w="$w" 'BEGIN { OFS = "\t"; print "probe", "config", "layout", "bytes", "median_ns", "min_ns"
		print "stepped", "P64K-T4K", "unmapped", 1048576, 1100 * s, 1000 * s * w; print "stepped", "P64K-T4K", "unmapped", 4194304, 4400 * s, 4000 * s * w
		print "stepped", "P64K-T4K", "unmapped", 65536, 70, 62 * w }' >"$1/scan.tsv"
	awk -v w="$w" 'BEGIN { OFS = "\t"; print "prim", "median_ns"; print "getppid", 170 * w }' >"$1/prim.tsv"
}
