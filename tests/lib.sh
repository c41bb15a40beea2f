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
