#!/bin/sh
# bench.sh: scripts/bench end to end on a small filter: run directories claimed atomically, chunks checked
# before they count, signals (exit 130/143, finished chunks kept, the benchmark dying with the script), a
# full disk, the history under a lock, and the option checks that must come before any run.
set -eu
src=${PB_SOURCE_ROOT:?set by meson test}
export PB_BUILD_DIR="${PB_BUILD_ROOT:?set by meson test}"
. "$(dirname -- "$0")/lib.sh"
export PB_RESULTS_DIR="$tmp/results"
bench=$src/scripts/bench
one='prim/getppid' # a one-benchmark sweep: 3 repetitions of a null system call
runs() { find "$PB_RESULTS_DIR" -mindepth 1 -maxdepth 1 -type d ! -name history ! -name site 2>/dev/null | sort; }
# valid FILE: FILE, or FILE.gz (a finished run keeps its JSON compressed), holds the 3 repetitions of one benchmark
valid() { f=$1; [ -e "$f" ] || f=$f.gz; gzip -dcf "$f" 2>/dev/null | jq -e '[.benchmarks[] | select(.run_type == "iteration")] | length == 3' >/dev/null 2>&1; }

# two runs started together: two directories, each complete, both in the history, one after the other on the CPU
"$bench" --quick --filter "$one" >"$tmp/a.out" 2>&1 &
a=$!
"$bench" --quick --filter "$one" >"$tmp/b.out" 2>&1 &
b=$!
ra=0 rb=0
wait $a || ra=$?
wait $b || rb=$?
check "two runs at once: both exit 0 (got $ra $rb)" "[ $ra -eq 0 ] && [ $rb -eq 0 ]"
check "two runs at once: two directories" "[ \$(runs | wc -l) -eq 2 ]"
for d in $(runs); do
	check "$(basename "$d"): complete" "[ ! -e '$d/INCOMPLETE' ] && valid '$d/prim.json' && [ -s '$d/list.tsv' ]"
	check "$(basename "$d"): its page and summary" "[ -s '$d/index.html' ] && [ -s '$d/summary.txt' ] && grep -q 'Primitives' '$d/summary.txt'"
done
"$PB_BUILD_DIR/src/pagebound-history" --results "$PB_RESULTS_DIR" export runs >"$tmp/runs.tsv"
check "history: both runs imported, complete; the site written" "[ \$(grep -c '	complete	' '$tmp/runs.tsv') -eq 2 ] && [ -s '$PB_RESULTS_DIR/site/index.html' ]"
check "two runs at once: the second waited for the first's CPU" "cat '$tmp/a.out' '$tmp/b.out' | grep -q 'CPU [0-9]* is busy: .* holds it; waiting'"
# the first run holds its CPU through its analysis: the second's sweep starts (its run.tsv) after the first's summary
set -- $(runs)
check "two runs at once: the second measured only after the first was analysed" \
	"[ \$(stat -c %Y '$1/summary.txt') -le \$(stat -c %Y '$2/run.tsv') ]"

# the measuring half alone, on a machine with a shell and its utilities and nothing else (no jq, gnuplot, meson,
# compiler or git on its PATH): the chunks, list.tsv, run.tsv, no table or chart; then the analysing half makes them
mkdir "$tmp/bare"
for t in sh awk sed grep cat cp mv rm mkdir mktemp date tail head wc tr cut sort uniq ls basename dirname sleep kill \
	uname getconf setpriv printf env id df find od cksum; do # no taskset, flock or nproc: pagebound-cpu does their part
	p=$(command -v "$t" 2>/dev/null) && ln -s "$p" "$tmp/bare/$t"
done
rc=0
PATH="$tmp/bare" PB_BIN="$PB_BUILD_DIR/bench" "$src/scripts/measure" --quick --filter "$one" --out "$tmp/bare-run" >"$tmp/out" 2>"$tmp/err" || rc=$?
check "measure with no jq, gnuplot or compiler: exit 0 (got $rc: $(tail -n 1 "$tmp/err"))" \
	"[ $rc -eq 0 ] && valid '$tmp/bare-run/prim.json' && [ -s '$tmp/bare-run/list.tsv' ] && [ ! -e '$tmp/bare-run/INCOMPLETE' ]"
check "measure: run.tsv says the machine's page size and architecture, and each chunk's repetitions" \
	"grep -q \"^page_size	\$(getconf PAGESIZE)\\\$\" '$tmp/bare-run/run.tsv' && grep -q \"^arch	\$(uname -m)\\\$\" '$tmp/bare-run/run.tsv' && grep -q '^chunk:prim	3\$' '$tmp/bare-run/run.tsv'"
check "measure on a bare PATH: pinned to this process's last CPU, the allowed ones named" \
	"grep -qx \"pinned_cpu	\$('$PB_BUILD_DIR/bench/pagebound-cpu' pick)\" '$tmp/bare-run/run.tsv' && grep -qx \"allowed_cpus	\$('$PB_BUILD_DIR/bench/pagebound-cpu' allowed)\" '$tmp/bare-run/run.tsv'"
refuse "measure with PB_LOCK_DIR a directory that does not exist" "PB_LOCK_DIR '$tmp/no-locks' is not a directory" \
	env PB_LOCK_DIR="$tmp/no-locks" PATH="$tmp/bare" PB_BIN="$PB_BUILD_DIR/bench" "$src/scripts/measure" --quick --filter "$one" --out "$tmp/nolock"
check "measure's run says why it stopped (INCOMPLETE)" "grep -q 'PB_LOCK_DIR' '$tmp/nolock/INCOMPLETE'"
check "measure with its machine id: run.tsv says the id this machine keeps outside results/" \
	"grep -qx \"machine_id	\$(cat '$PB_STATE_DIR/machine-id')\" '$tmp/bare-run/run.tsv'"
# the lock without flock(1) on the PATH: a CPU held by another (this test, through the same program) is waited for,
# then its holder named
cpu=$("$PB_BUILD_DIR/bench/pagebound-cpu" pick)
export PB_LOCK_DIR="$tmp/locks"
mkdir "$PB_LOCK_DIR"
exec 8>>"$PB_LOCK_DIR/pagebound-cpu-$cpu.lock"
"$PB_BUILD_DIR/bench/pagebound-cpu" lock --cpu "$cpu" --fd 8 --file "$PB_LOCK_DIR/pagebound-cpu-$cpu.lock" --who "the lock test" --wait 0
refuse "measure on a bare PATH, its CPU held" "CPU $cpu is still busy after 0 s: the lock test (pid [0-9]*) since" \
	env PATH="$tmp/bare" PB_BIN="$PB_BUILD_DIR/bench" "$src/scripts/measure" --quick --filter "$one" --wait 0 --out "$tmp/held"
exec 8>&-
unset PB_LOCK_DIR
# a cpuset of one CPU that is not the last (Slurm without --exclusive, docker --cpuset-cpus): that one is used
if [ "$("$PB_BUILD_DIR/bench/pagebound-cpu" count)" -ge 2 ]; then
	rc=0
	PB_BIN="$PB_BUILD_DIR/bench" taskset -c 0 "$src/scripts/measure" --quick --filter "$one" --out "$tmp/cpuset" >"$tmp/out" 2>"$tmp/err" || rc=$?
	check "measure in a cpuset of CPU 0: exit 0, pinned to CPU 0, and says so (got $rc: $(tail -n 1 "$tmp/err"))" \
		"[ $rc -eq 0 ] && grep -qx 'pinned_cpu	0' '$tmp/cpuset/run.tsv' && grep -q 'pinned to CPU 0 of the allowed 0)' '$tmp/err'"
fi
check "measure: no table, chart or summary (analysing is the other half)" "[ ! -e '$tmp/bare-run/prim.tsv' ] && [ ! -e '$tmp/bare-run/prim.svg' ] && [ ! -e '$tmp/bare-run/summary.txt' ]"
rc=0
"$src/scripts/analyse" "$tmp/bare-run" >"$tmp/out" 2>"$tmp/err" || rc=$?
check "analyse of that run: exit 0, tables, charts, summary, its page, the JSON gzipped (got $rc: $(tail -n 1 "$tmp/err"))" \
	"[ $rc -eq 0 ] && [ -s '$tmp/bare-run/prim.tsv' ] && [ -s '$tmp/bare-run/prim.svg' ] && [ -s '$tmp/bare-run/summary.txt' ] && [ -s '$tmp/bare-run/index.html' ] && [ -s '$tmp/bare-run/prim.json.gz' ] && [ ! -e '$tmp/bare-run/prim.json' ]"
rc=0
"$src/scripts/analyse" "$tmp/bare-run" >"$tmp/out2" 2>"$tmp/err" || rc=$?
check "analyse again, from the gzipped JSON: the same summary, word for word" "[ $rc -eq 0 ] && cmp -s '$tmp/out' '$tmp/out2'"
# a chunk whose JSON is not whole: analyse marks the run INCOMPLETE, says why, exit 2
cp -r "$tmp/bare-run" "$tmp/cut-run"
gzip -dc "$tmp/cut-run/prim.json.gz" | head -c 500 >"$tmp/cut-run/prim.json" && rm "$tmp/cut-run/prim.json.gz"
rc=0
"$src/scripts/analyse" "$tmp/cut-run" >"$tmp/out" 2>"$tmp/err" || rc=$?
check "analyse of a cut chunk: exit 2, INCOMPLETE names it (got $rc)" "[ $rc -eq 2 ] && grep -q '^prim: prim.json is not valid JSON' '$tmp/cut-run/INCOMPLETE'"

# option checks before anything runs or is created
n0=$(runs | wc -l)
refuse "--quick --full" "give at most one of --quick and --full" "$bench" --quick --full
rc=0
"$bench" --quick --filter nothing-matches-this >"$tmp/out" 2>"$tmp/err" || rc=$?
check "a filter that matches nothing: exit 2 and says so (got $rc)" "[ $rc -eq 2 ] && grep -q \"no benchmark matches --filter 'nothing-matches-this'\" '$tmp/err'"
check "a refused run leaves no directory" "[ \$(runs | wc -l) -eq $n0 ]"
# a filter with a blank and a bar is one argument (it was word-split)
"$bench" --quick --filter "$one|no such benchmark" --out "$tmp/blank" >"$tmp/out" 2>&1 || bad "--filter with a blank exited $?"
check "--filter with a blank: the one benchmark ran" "valid '$tmp/blank/prim.json' && [ \$(gzip -dc '$tmp/blank/prim.json.gz' | jq -r '[.benchmarks[].run_name] | unique | join(\" \")') = prim/getppid ]"
# a relative --out under the results directory counts for the history; --repetitions 1 prints no cv
(cd "$tmp" && "$bench" --quick --filter="$one" --repetitions=1 --out=results/rel >"$tmp/rel.out" 2>&1) || bad "--out results/rel exited $?"
check "relative --out under results: in the history" "\"\$PB_BUILD_DIR/src/pagebound-history\" --results '$PB_RESULTS_DIR' export runs | grep -q '	rel	complete	'"
check "--repetitions 1: no interval, not a spread of 0" "grep -q 'getppid .* ns (no interval)' '$tmp/rel.out'"
# a history that cannot be written is found before the sweep
mkdir "$tmp/r2" && mkdir "$tmp/r2/history.db"
rc=0
PB_RESULTS_DIR="$tmp/r2" "$bench" --quick --filter "$one" >"$tmp/out" 2>"$tmp/err" || rc=$?
check "unwritable history: exit 2 before running (got $rc)" "[ $rc -eq 2 ] && grep -q 'cannot write .*history.db' '$tmp/err' && [ \$(find '$tmp/r2' -mindepth 1 -maxdepth 1 | wc -l) -eq 1 ]"

# a full disk (a 32 KiB tmpfs): Google Benchmark's writes fail and it says nothing; the chunk is checked
mkdir "$tmp/small"
if [ "$(id -u)" -eq 0 ] && mount -t tmpfs -o size=32k pagebound-test "$tmp/small" 2>/dev/null; then
	rc=0
	"$bench" --quick --filter 'prim/' --out "$tmp/small/run" >"$tmp/out" 2>"$tmp/err" || rc=$?
	check "a full disk: non-zero exit (got $rc)" "[ $rc -ne 0 ]"
	check "a full disk: one line names the cause" "grep -q 'prim: no space left on .*small: prim.json.partial' '$tmp/err'"
	check "a full disk: the chunk kept as .partial, INCOMPLETE kept" "[ -e '$tmp/small/run/prim.json.partial' ] && [ ! -e '$tmp/small/run/prim.json' ] && [ -e '$tmp/small/run/INCOMPLETE' ]"
	umount "$tmp/small"
else
	echo "note: the full-disk case needs root to mount a small tmpfs: not run here" >&2
fi

# instructions per store: counted by callgrind for every variant on two streams; a sanitizer build cannot be
# counted, and the run says so rather than failing
"$bench" --quick --filter 'barrier/on-min/valid/footprint:4096$' --out "$tmp/ins" >"$tmp/out" 2>&1 || bad "a barrier run exited $?"
nvar=$("$PB_BUILD_DIR/bench/pagebound-barrier" --list=tsv | awk -F'\t' 'NR > 1 && $1 == "variant"' | wc -l)
san=$(jq -r '.[] | select(.name == "b_sanitize") | .value' "$PB_BUILD_DIR/meson-info/intro-buildoptions.json")
if [ "$san" != none ]; then
	check "sanitizer build ($san): no instructions.tsv; run.tsv and the summary say why" "grep -q '^instructions	not counted: sanitizer build' '$tmp/ins/run.tsv' && [ ! -e '$tmp/ins/instructions.tsv' ] && grep -q 'instructions per store: not counted: sanitizer build' '$tmp/ins/summary.txt'"
else
	check "instructions.tsv: a row per variant and stream ($nvar variants)" "[ \$(tail -n +2 '$tmp/ins/instructions.tsv' | wc -l) -eq $((2 * nvar)) ] && [ $nvar -gt 0 ]"
	check "instructions.tsv: the plain store counted, every count positive" "awk -F'\t' 'NR > 1 { if (\$6 <= 0) bad = 1; if (\$1 == \"store\") s = \$6 } END { exit bad || s < 1 }' '$tmp/ins/instructions.tsv'"
fi

# signals: exit 130/143 and "interrupted"; a chunk that finished is never left as .partial. Each TERM waits for the
# state it interrupts (never a fixed time: on a busy machine a run starts late): the run begun (run.tsv), the first
# chunk measuring (prim.json.partial), the second (barrier-4K.json.partial: prim done), the callgrind step
states="run.tsv prim.json.partial barrier-4K.json.partial"
[ "$san" != none ] || states="$states callgrind" # a sanitizer build has no callgrind step (checked above)
for state in $states; do
	d=$tmp/sig-$state
	setsid "$bench" --quick --filter 'prim/|barrier/on-min/valid/footprint:4096$' --out "$d" >"$tmp/out" 2>"$tmp/err" </dev/null &
	pid=$!
	case $state in
	callgrind) cond="grep -q 'instructions per store of every barrier variant' '$tmp/err'" ;;
	*) cond="[ -e '$d/$state' ]" ;;
	esac
	reached=1
	wait_for "$pid" "$cond" || reached=0
	kill -TERM "$pid" 2>/dev/null || true
	rc=0
	wait "$pid" || rc=$?
	check "TERM at $state: the run got there and was cut (exit 143, got $rc; $(tail -n 1 "$tmp/err"))" "[ $reached -eq 1 ] && [ $rc -eq 143 ]"
	check "TERM at $state: INCOMPLETE says interrupted ($(head -n 1 "$d/INCOMPLETE" 2>/dev/null))" "grep -q 'interrupted (SIGTERM)' '$d/INCOMPLETE'"
	for p in "$d"/*.partial; do
		[ -e "$p" ] || continue
		n=$(basename "$p" .json.partial)
		want=$((3 * $("$PB_BUILD_DIR/bench/pagebound-$(case $n in prim) echo scan ;; *) echo barrier ;; esac)" \
			--sweep=quick $(case $n in prim) echo --no-scan ;; *) echo --footprints=4096 ;; esac) \
			--benchmark_filter='prim/|barrier/on-min/valid/footprint:4096$' --benchmark_list_tests | wc -l)))
		check "TERM at $state: $n.json.partial is really cut" "! jq -e '[.benchmarks[] | select(.run_type == \"iteration\")] | length == $want' '$p' >/dev/null 2>&1"
	done
done
# SIGKILL of the script: its benchmark process dies with it
setsid "$bench" --full --filter 'barrier/' --out "$tmp/kill" >"$tmp/out" 2>&1 </dev/null &
pid=$!
wait_for "$pid" "pgrep -f -- '--benchmark_out=$tmp/kill/' >/dev/null" || bad "SIGKILL: the run ended before its benchmark process started"
kill -KILL "$pid"
n=0 # it dies with the script at once (setpriv --pdeathsig); 10 s is only how long the test waits to say it did not
while pgrep -f -- "--benchmark_out=$tmp/kill/" >/dev/null && [ $n -lt 200 ]; do sleep 0.05; n=$((n + 1)); done
check "SIGKILL of the script: no benchmark process left" "! pgrep -f -- '--benchmark_out=$tmp/kill/' >/dev/null"
pkill -f -- "--benchmark_out=$tmp/kill/" 2>/dev/null || true

# Ctrl-C while the charts are drawn: INCOMPLETE stays and says so, exit 130, no "jq failed"
mkdir "$tmp/slowbin"
# a gnuplot that takes its time, and dies of Ctrl-C as gnuplot does (exit 130)
cat >"$tmp/slowbin/gnuplot" <<'EOS'
#!/bin/sh
trap 'kill $! 2>/dev/null; exit 130' INT
sleep 30 &
: >"$PB_TEST_GNUPLOT_WAITING" # its trap set and its sleep begun: the state a Ctrl-C is meant to meet
wait $!
EOS
chmod +x "$tmp/slowbin/gnuplot"
# (a job started with & has SIGINT ignored, and a shell cannot trap what it was started ignoring: restore it)
PB_TEST_GNUPLOT_WAITING=$tmp/gnuplot-waiting PATH="$tmp/slowbin:$PATH" setsid env --default-signal=INT "$bench" --quick --filter "$one" --out "$tmp/draw" >"$tmp/out" 2>"$tmp/err" &
pid=$!
wait_for "$pid" "[ -e '$tmp/gnuplot-waiting' ]" || bad "INT while drawing: the run ended before it drew ($(tail -n 1 "$tmp/err"))"
kill -INT -"$pid" 2>/dev/null || true # the group, as a terminal's Ctrl-C (dash's kill takes no --)
rc=0
wait "$pid" || rc=$?
check "INT while drawing: exit 130 (got $rc: $(tail -n 2 "$tmp/err" | tr "\n" " "))" "[ $rc -eq 130 ]"
check "INT while drawing: INCOMPLETE says so" "grep -q 'interrupted (SIGINT) while drawing the charts' '$tmp/draw/INCOMPLETE'"
# (the scratch directory's name, tmp.XXXXXXXXXX, is random and may hold "jq": its paths are left out first)
sed "s|$tmp||g" "$tmp/err" >"$tmp/err.nopath"
check "INT while drawing: no jq or gnuplot failure reported ($(grep 'jq\|gnuplot failed' "$tmp/err.nopath" | head -c 300))" "! grep -q 'jq\\|gnuplot failed' '$tmp/err.nopath'"
pkill -f "$tmp/slowbin/gnuplot" 2>/dev/null || true

finish
