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

# --import and the site on runs that hold links: nothing outside results/ is read into a page or written
R=$tmp/results
export PB_RESULTS_DIR=$R
mkdir -p "$R"
for i in 1 2 3 4 5 6; do mkrun "$R/own-$i" hostown 6.1.0 "$i" 1; done
echo "TOPSECRET-$$" >"$tmp/secret"
echo "victim" >"$tmp/victim"
mkrun "$tmp/far/evil-1" hostevil 6.1.0 1 1
ln -s "$tmp/secret" "$tmp/far/evil-1/summary.txt"
ln -s "$tmp/secret" "$tmp/far/evil-1/scan-cost.svg"
ln -s "$tmp/victim" "$tmp/far/evil-1/index.html.part"
ln -s "$tmp/victim" "$tmp/far/evil-1/index.html"
ln -s "$tmp/secret" "$tmp/far/evil-1/INCOMPLETE.txt"
mkfifo "$tmp/far/evil-1/fifo.json"
mkdir "$tmp/far/evil-1/sub"
echo x >"$tmp/far/evil-1/sub/x.json"
rc=0
"$src/scripts/history" --import "$tmp/far/evil-1" >"$tmp/out" 2>"$tmp/err" || rc=$?
imp=$(ls -d "$R"/imported/import+hostevil-*/evil-1 2>/dev/null || true)
check "import of a run holding links, a FIFO and a subdirectory: exit 0 (got $rc: $(head -c 300 "$tmp/err"))" "[ $rc -eq 0 ] && [ -n '$imp' ]"
check "import: regular files only (no link, FIFO or directory copied), and it says how many were left out" \
	"[ -z \"\$(find '$imp' -mindepth 1 ! -type f)\" ] && [ -s '$imp/scan-stepped.json' ] && [ -s '$imp/run.tsv' ] && grep -q '7 entries that are not regular files' '$tmp/err'"
ln -sf "$tmp/secret" "$imp/summary.txt" # as a link would be, had an older import or a hand copied it
ln -sf "$tmp/secret" "$imp/barrier.svg"
ln -sf "$tmp/victim" "$imp/index.html"
rc=0
"$src/scripts/report" >"$tmp/out" 2>"$tmp/err" || rc=$?
check "report with links in a run: exit 0 (got $rc: $(head -c 300 "$tmp/err"))" "[ $rc -eq 0 ] && [ -s '$R/site/index.html' ]"
check "report: no file outside results/ read into a page" "! grep -rq 'TOPSECRET' '$R' && ! grep -rq \"\$(base64 -w0 <'$tmp/secret' | cut -c1-16)\" '$R'"
check "report: no file outside results/ written (the link at index.html replaced, not followed)" \
	"[ \"\$(cat '$tmp/victim')\" = victim ] && [ -f '$imp/index.html' ] && [ ! -L '$imp/index.html' ]"
ln -s "$tmp/far/evil-1" "$tmp/evil-link"
refuse "import of a run directory that is a link" "is a symbolic link: refused" "$src/scripts/history" --import "$tmp/evil-link"
refuse "import of a run directory that is a link, named with a slash" "is a symbolic link: refused" "$src/scripts/history" --import "$tmp/evil-link/"
mkdir "$tmp/outside"
mkrun "$tmp/outside/own-9" hostown 6.1.0 9 1
ln -s "$tmp/outside/own-9" "$R/own-9"
"$src/scripts/history" >"$tmp/out" 2>&1 && "$src/scripts/report" >>"$tmp/out" 2>&1 || bad "history and report with a run that is a link: $(tail -n 2 "$tmp/out")"
check "a run directory under results/ that is a link: not in the history, no page written through it" \
	"! \"\$PB_BUILD_DIR/src/pagebound-history\" --results '$R' export runs | grep -q '	own-9	' && [ ! -e '$tmp/outside/own-9/index.html' ]"
rm "$R/own-9"

# an import cut short leaves nothing that looks like a run; the next one copies whole; RUN/. is the run
mkrun "$tmp/far/c-1" hostc 6.1.0 1 1
mkdir -p "$R/imported/hostc-x/.import.cut"
cp "$tmp/far/c-1/run.tsv" "$R/imported/hostc-x/.import.cut/"
rc=0
"$src/scripts/history" --import "$tmp/far/c-1/." >"$tmp/out" 2>"$tmp/err" || rc=$?
ci=$(ls -d "$R"/imported/import+hostc-*/c-1 2>/dev/null || true)
check "import of RUN/.: exit 0, the run under its own name (got $rc: $(head -c 300 "$tmp/err"))" "[ $rc -eq 0 ] && [ -n '$ci' ] && [ -z \"\$(find '$R/imported' -name '..part' -o -name '.part')\" ]"
check "import: a whole copy, not one inside another" "[ ! -e '$ci/c-1' ] && cmp -s '$ci/run.tsv' '$tmp/far/c-1/run.tsv' && cmp -s '$ci/scan-stepped.json' '$tmp/far/c-1/scan-stepped.json'"
check "import: a staging directory left by a cut import is never a run" "! \"\$PB_BUILD_DIR/src/pagebound-history\" --results '$R' export runs | grep -q '\.import\.'"
cp -r "$tmp/far/c-1" "$tmp/far/..."
mv "$tmp/far/..." "$tmp/far/.hidden"
rc=0
"$src/scripts/history" --import "$tmp/far/.hidden" >"$tmp/out" 2>"$tmp/err" || rc=$?
check "import of a run whose name is hidden: left out with a line, exit 2" "[ $rc -eq 2 ] && grep -q 'its name is not a run' '$tmp/err' && [ ! -e \"\$(dirname '$ci')/.hidden\" ]"
unset PB_RESULTS_DIR

# a build directory belongs to the source tree it was configured from: one configured from another checkout is
# configured again (a stub meson records the call), one of this tree or of an unknown tree is kept as it is
mkdir -p "$tmp/stub" "$tmp/fake/scripts"
cp "$src/scripts/common.sh" "$tmp/fake/scripts/" # a checkout of its own: setup_dir remakes only its build* directories
printf '#!/bin/sh\necho "$*" >>"%s/meson.calls"\nmkdir -p "$2" && touch "$2/build.ninja"\n' "$tmp" >"$tmp/stub/meson"
chmod +x "$tmp/stub/meson"
setup_in() { # SOURCE-IN-META: setup_dir run on $tmp/fake/build-x whose meson-info names that source
	rm -f "$tmp/meson.calls"
	mkdir -p "$tmp/fake/build-x/meson-info"
	touch "$tmp/fake/build-x/build.ninja"
	printf '{"meson_version": {"full": "1.0.1"}, "directories": {"source": "%s", "build": "%s/bd"}}' "$1" "$tmp" >"$tmp/fake/build-x/meson-info/meson-info.json"
	(PATH="$tmp/stub:$PATH" sh -c '. "$1/scripts/common.sh"; setup_dir "$1/build-x" release' "$tmp/fake/scripts/x" "$tmp/fake") >"$tmp/out" 2>&1 || true
}
setup_in "/gone/clone"
check "setup_dir: a build configured from another tree is configured again here" "grep -q 'was configured from /gone/clone' '$tmp/out' && grep -q '^setup $tmp/fake/build-x $tmp/fake --buildtype=release' '$tmp/meson.calls'"
setup_in "$tmp/fake"
check "setup_dir: a build of this tree is kept" "[ ! -e '$tmp/meson.calls' ]"
rm -f "$tmp/fake/build-x/meson-info/meson-info.json"
setup_in_plain() { (PATH="$tmp/stub:$PATH" sh -c '. "$1/scripts/common.sh"; setup_dir "$2" release && echo setup-returned' "$tmp/fake/scripts/x" "$tmp/fake" "$1") >"$tmp/out" 2>&1 || true; }
rm -f "$tmp/meson.calls"
setup_in_plain "$tmp/fake/build-x"
check "setup_dir: a build whose source cannot be read is kept, never removed" "grep -q setup-returned '$tmp/out' && [ ! -e '$tmp/meson.calls' ] && [ -e '$tmp/fake/build-x/build.ninja' ]"
mkdir -p "$tmp/elsewhere/meson-info"
touch "$tmp/elsewhere/build.ninja"
printf '{"directories": {"source": "/gone/clone"}}' >"$tmp/elsewhere/meson-info/meson-info.json"
setup_in_plain "$tmp/elsewhere"
check "setup_dir: a build outside the checkout (a compare's worktree build) is built from its own tree" "grep -q setup-returned '$tmp/out' && [ ! -e '$tmp/meson.calls' ] && [ -e '$tmp/elsewhere/build.ninja' ]"

# the history: context values are data (a tab or a newline never makes a row, a | never relabels a series, an
# empty value never shifts the others); one bad run is named and left out, the rest made as usual
R=$tmp/hres
export PB_RESULTS_DIR=$R
H=$PB_BUILD_DIR/src/pagebound-history
for i in 1 2 3 4 5 6 7 8; do mkrun "$R/l-$i" hostlocal 6.1.0 "$i" 1; done
ctx() { # DIR JQ-FILTER: the run's context changed by the filter
	jq "$2" "$1/scan-stepped.json" >"$1/j" && mv "$1/j" "$1/scan-stepped.json"
}
lm=$("$H" --results "$R" machine "$R/l-1" | cut -f1)
"$src/scripts/history" >/dev/null 2>&1 || bad "history of the local runs exited $?"
for i in 1 2 3 4 5 6 7; do
	mkrun "$tmp/foreign/f-$i" hostforeign 6.1.0 "$i" 50
	ctx "$tmp/foreign/f-$i" ".context.pagebound_commit = \"c1\tquick\tprim/getppid\t5000\t$lm\nx\" | .context.kernel_release = \"\""
done
mkrun "$tmp/foreign/g-1" hostforeign 6.1.0 9 50
ctx "$tmp/foreign/g-1" '.context.host_name = "hostlocal" | .context.date = "2026-11-01T09:00:00Z"'
sed -i 's/^mode\tquick$/mode\tquick|x/' "$tmp/foreign/g-1/run.tsv" # the local machine's, in a mode with the old key separator
rc=0
"$src/scripts/history" --import "$tmp/foreign" >"$tmp/out" 2>"$tmp/err" || rc=$?
check "import of runs whose context holds tabs, newlines, | and an empty kernel: exit 0 (got $rc: $(tail -n 1 "$tmp/err"))" "[ $rc -eq 0 ]"
rc=0
"$src/scripts/history" check --machine "$lm" >"$tmp/out" 2>&1 || rc=$?
check "a foreign commit holding rows adds none to this machine: check exit 0 (got $rc: $(head -n 1 "$tmp/out"))" "[ $rc -eq 0 ]"
"$H" --results "$R" --machine "$lm" export series >"$tmp/s"
check "this machine's quick series hold its own 8 runs; an import claiming its host (in a '|' mode) is not this machine's" \
	"[ \$(awk -F'\t' '\$2 == \"quick\" && \$3 == \"prim/getppid\"' '$tmp/s' | wc -l) -eq 8 ] && [ \$(awk -F'\t' '\$2 == \"quick|x\" && \$3 == \"prim/getppid\"' '$tmp/s' | wc -l) -eq 0 ]"
"$H" --results "$R" export runs >"$tmp/r"
check "an empty kernel stays an empty field: every row has 11 fields, the compiler where it belongs" \
	"awk -F'\t' 'NF != 11 { bad = 1 } /f-3/ && (\$8 != \"\" || \$9 != \"gcc 12.2.0\") { bad = 1 } END { exit bad }' '$tmp/r'"
check "the foreign commit is shown as data, its tab and newline escaped" "grep -q 'c1\\\\tquick\\\\tprim/getppid\\\\t5000' '$tmp/r'"
# one bad run each: a time of 1e301, a name of 70,000 bytes; modes that are not file names
mkrun "$R/l-9" hostlocal 6.1.0 9 1
ctx "$R/l-9" '.benchmarks[0].cpu_time = 1e301'
mkrun "$R/l-10" hostlocal 6.1.0 10 1
ctx "$R/l-10" ".benchmarks[1].name = \"scan/$(printf '%070000d' 0)\" | .benchmarks[1].run_name = .benchmarks[1].name"
for m in 'quick/x' "$(printf '%0300d' 0)" 'a b * c'; do
	d=$R/m-$(printf '%s' "$m" | cksum | cut -d' ' -f1)
	mkrun "$d" hostlocal 6.1.0 11 1
	printf 'mode\t%s\nmachine_id\t%s\n' "$m" "$(cat "$PB_STATE_DIR/machine-id")" >"$d/run.tsv"
done
rc=0
"$src/scripts/history" >"$tmp/out" 2>"$tmp/err" || rc=$?
check "history with a time of 1e301 and a name of 70,000 bytes: exit 0 (got $rc)" "[ $rc -eq 0 ]"
check "each bad run named and left out in one line" \
	"[ \$(grep -c '^history: left out l-9: .*1e+301' '$tmp/err') -eq 1 ] && [ \$(grep -c '^history: left out l-10: a benchmark name pagebound never writes' '$tmp/err') -eq 1 ]"
rc=0
"$src/scripts/report" >"$tmp/out" 2>"$tmp/err" || rc=$?
check "the site with modes 'quick/x', of 300 characters and with blanks: exit 0 (got $rc: $(tail -n 1 "$tmp/err"))" \
	"[ $rc -eq 0 ] && [ -s '$R/site/$lm.html' ] && [ -z \"\$(find '$R' -newer '$tmp/r' -name '*.svg' ! -path '$R/site/*' ! -name 'scan-*' ! -name 'prim*' ! -name 'barrier*')\" ]"
check "the site: one section per mode of its own (quick and the three odd ones; the import's 'quick|x' is on its own machine's page), the modes as text, the runs left out listed" \
	"[ \$(grep -c '<h2>History of the ' '$R/site/$lm.html') -eq 4 ] && grep -q 'History of the a b \\* c runs' '$R/site/$lm.html' && grep -q 'l-9</td>' '$R/site/index.html'"
# a rebuild cut short leaves the store as it was; the report still reads it whole
mkrun "$R/z-0" hostlocal 6.1.0 20 1
for i in $(seq 1 1500); do cp -r "$R/z-0" "$R/z-$i"; done # enough runs for the rebuild to be under way when TERM comes
cp "$R/history.db" "$tmp/before.db"
"$src/scripts/history" rebuild >"$tmp/out" 2>&1 &
pid=$!
n=0
while ! ls "$R" | grep -q 'history.db.rebuild' && [ $n -lt 200 ]; do sleep 0.05; n=$((n + 1)); done
pkill -TERM -P "$pid" pagebound-histo || true
rc=0
wait "$pid" || rc=$?
check "rebuild cut by SIGTERM: exit 143 (got $rc), the store as it was, no rebuild file left" \
	"[ $rc -eq 143 ] && cmp -s '$R/history.db' '$tmp/before.db' && [ -z \"\$(ls '$R' | grep rebuild)\" ]"
unset PB_RESULTS_DIR

# scripts/kernels: an empty target is refused as any unknown one; --validate on a path holding a tab and a backslash
refuse "kernels: an empty target" "unknown target '' (valid: ppc64el mips64el arm64-16k)" "$src/scripts/kernels" ''
weird=$(printf '%s/a\tb\\\\nc' "$tmp")
cp -r "$src/tests/fixtures/kernels" "$weird"
rc=0
"$src/scripts/kernels" --validate "$weird" >"$tmp/out" 2>"$tmp/err" || rc=$?
check "kernels --validate on a path with a tab and a backslash: exit 0 (got $rc: $(head -c 200 "$tmp/err"))" \
	"[ $rc -eq 0 ] && [ \"\$(cat \"\$weird/ppc64el/probe.rc\")\" = 0 ] && [ \$(tail -n +2 \"\$weird/validate.tsv\" | wc -l) -eq 84 ]"

# a run directory that cannot be written: said so, not "taken by another run"
mkdir -p "$tmp/a1" "$tmp/b1" "$tmp/ro"
cp "$src/tests/fixtures/compare/base.json" "$tmp/a1/"
cp "$src/tests/fixtures/compare/base.json" "$tmp/b1/"
if [ "$(id -u)" -eq 0 ] && unshare -m true 2>/dev/null; then
	rc=0
	unshare -m sh -c 'mount -t tmpfs -o ro,size=64k tmpfs "$1" && shift && exec "$@"' sh "$tmp/ro" \
		"$src/scripts/compare" --out "$tmp/ro" "$tmp/a1" "$tmp/b1" >"$tmp/out" 2>"$tmp/err" || rc=$?
	check "compare --out on a read-only file system: exit 2, says it cannot write (got $rc: $(cat "$tmp/err"))" \
		"[ $rc -eq 2 ] && grep -q 'cannot write in $tmp/ro (read-only, or no permission)' '$tmp/err' && ! grep -q 'taken by another run' '$tmp/err'"
else
	echo "note: not root: the read-only --out case is not tried" >&2
fi

# two scripts/compare of the same revisions at once (2 rounds: the mean, Student's t): both finish with a verdict (the
# first to end does not remove the worktree the other still uses), their rounds take turns on the pinned CPU, and
# the worktree goes after both
if git -C "$src" rev-parse --verify -q HEAD >/dev/null; then
	head=$(git -C "$src" rev-parse HEAD)
	f='^(prim/getppid|barrier/on-min/valid/.*)$'
	PB_LOCK_DIR=$tmp "$src/scripts/compare" --rounds 2 --estimator mean --filter "$f" --out "$tmp/cmp1" HEAD HEAD >"$tmp/cmp1.out" 2>"$tmp/cmp1.err" &
	p1=$!
	PB_LOCK_DIR=$tmp "$src/scripts/compare" --rounds 2 --estimator mean --filter "$f" --out "$tmp/cmp2" HEAD HEAD >"$tmp/cmp2.out" 2>"$tmp/cmp2.err" &
	p2=$!
	r1=0 r2=0
	wait $p1 || r1=$?
	wait $p2 || r2=$?
	# a verdict either way (0 or 1: two rounds of an A/A on a busy machine may call a shift a regression; which one
	# is timing, not what this asserts), never 2 (a compare broken by the other)
	check "two compares at once: both reach a verdict, exit 0 or 1 (got $r1: $(tail -n 1 "$tmp/cmp1.err"); $r2: $(tail -n 1 "$tmp/cmp2.err"))" \
		"[ $r1 -le 1 ] && [ $r2 -le 1 ]"
	check "two compares at once: both have their verdict" \
		"grep -Eq '^(no regression|REGRESSION)' '$tmp/cmp1/compare.txt' && grep -Eq '^(no regression|REGRESSION)' '$tmp/cmp2/compare.txt'"
	check "two compares at once: one waited for the pinned CPU" "cat '$tmp/cmp1.err' '$tmp/cmp2.err' | grep -q 'CPU [0-9]* is busy: .* holds it; waiting'"
	check "two compares at once: the shared worktree removed after both" "[ ! -d '$src/.compare/$head' ]"
else
	echo "note: $src is not a git repository: two compares of revisions are not tried" >&2
fi

finish
