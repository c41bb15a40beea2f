#!/bin/sh
# hostile-host.sh: scripts/fleet against hosts that lie (tests/fixtures/hostile-ssh in the fleet file's ssh column: the
# real bundle, measured here, then bent): what a host sends is data. A host that claims this machine's context and
# clock goes into its own machine, ordered by when it came home; one the fleet file calls emulated puts no time in any
# series; sparse members, links and gzip bombs are refused in one line naming the host; a failed remote measure is
# failed (hosts that stall, time-outs and Ctrl-C: fleet-stops.sh); host names that are the fleet's own file
# names collide with nothing; escapes never reach the terminal; a reused --out name imports the new run beside the
# old; the fleet's own directory is no run. No qemu. Times are never asserted.
set -eu
src=${PB_SOURCE_ROOT:?set by meson test}
export PB_BUILD_DIR="${PB_BUILD_ROOT:?set by meson test}"
. "$(dirname -- "$0")/lib.sh"
. "$(dirname -- "$0")/hostile-setup.sh"
# this machine's history: six runs of a fixture machine, whose context the liars claim
for i in 1 2 3 4 5 6; do mkrun "$PB_RESULTS_DIR/local-$i" hostlocal 6.1.0 "$i" 1; done
"$src/scripts/history" >/dev/null 2>&1 || bad "the fixture runs could not be imported"
local_key=$("$H" --results "$PB_RESULTS_DIR" machine "$PB_RESULTS_DIR/local-1" | cut -f1)
export PB_FAKE_CLAIM="$(gzip -dcf "$PB_RESULTS_DIR/local-1/scan-stepped.json" | jq -c '.context')"
esc=$(printf '\033')

# a fleet file with a NUL byte, or a CR inside a name: refused with the line, nothing runs
printf 'name\tssh\tarch\nab\000c\t:\tamd64\n' >"$tmp/nul.tsv"
refuse "a fleet file with a NUL byte" "nul.tsv:2: a NUL byte: refused" "$fleet" --fleet "$tmp/nul.tsv" --out "$tmp/nul"
printf 'name\tssh\tarch\r\nab\rcd\t:\tamd64\r\n' >"$tmp/cr.tsv"
refuse "a fleet file with a CR inside a name" "cr.tsv:2: a carriage return inside a line: refused" "$fleet" --fleet "$tmp/cr.tsv" --out "$tmp/cr"
check "refused fleet files: nothing made" "[ ! -e '$tmp/nul' ] && [ ! -e '$tmp/cr' ]"

# fleet A: every lie at once; the host names are the fleet's own file names
{
	printf 'name\tssh\tarch\tcpu\tpage\n'
	row INCOMPLETE honest "" 4K
	row hosts.tsv liar
	row joblog.tsv "liar 2" "emulated: qemu TCG"
	row index.html ansi
	row fleet-scan.tsv twopage
	row fail3 fail3
	row sparse sparse
	row bomb bomb
	row link link
	row pagewrong "honest 2" "" 64K
	row badpage badpage
	row --help "honest help"
	row loud loud
	row hugescan hugescan
} >"$tmp/a.tsv"
A=$PB_RESULTS_DIR/fa
rc=0
"$fleet" --quick --fleet "$tmp/a.tsv" --filter "$one" --max-run-bytes 16M --out "$A" >"$tmp/a.out" 2>"$tmp/a.err" || rc=$?
check "fleet A: exit 2 (got $rc: $(tail -n 1 "$tmp/a.err"))" "[ $rc -eq 2 ]"
check "host names that are the fleet's files: hosts.tsv, index.html and joblog.tsv are the fleet's, one row per host" \
	"[ -f '$A/index.html' ] && [ -f '$A/joblog.tsv' ] && [ \$(tail -n +2 '$A/hosts.tsv' | wc -l) -eq 14 ] && [ -d '$A/hosts/index.html' ]"
for h in INCOMPLETE hosts.tsv joblog.tsv index.html; do
	check "$h: analysed ($(state "$A" "$h"))" "state '$A' '$h' | grep -q '^analysed	complete: page 4096'"
done
check "a second page_size line in run.tsv: refused, no phantom row ($(state "$A" fleet-scan.tsv))" \
	"state '$A' fleet-scan.tsv | grep -q '^refused	run.tsv says page_size 2 times' && [ \$(grep -c '^fleet-scan.tsv	' '$A/hosts.tsv') -eq 1 ]"
check "a measure that exits 3 there: failed, not complete ($(state "$A" fail3))" \
	"state '$A' fail3 | grep -q '^failed	returned incomplete (measure exit 3)'"
check "a GNU sparse member of 4 GiB: refused, the host named ($(state "$A" sparse))" \
	"state '$A' sparse | grep -q '^failed	what it sent was refused: a sparse member ./scan-x.json'"
check "a gzip bomb: refused past --max-run-bytes ($(state "$A" bomb))" \
	"state '$A' bomb | grep -q '^failed	what it sent was refused: scan-x.json.gz unpacks past the run.s limit of 16777216 bytes'"
check "a symbolic link: refused ($(state "$A" link))" "state '$A' link | grep -q 'a symbolic link ./summary.txt: refused'"
check "a page size the fleet file does not say: refused ($(state "$A" pagewrong))" \
	"state '$A' pagewrong | grep -q '^refused	page size 4096, the fleet file says 65536'"
check "a page size 'abc' (the fleet file's page column empty): refused, named; the other hosts keep their page ($(state "$A" badpage))" \
	"state '$A' badpage | grep -q \"^refused	page size 'abc' in run.tsv: not a power of two from 4 KiB to 1 GiB\" && [ -s '$A/index.html' ] && ! grep -q 'x+0k' '$A/hosts.tsv'"
check "a host named --help: a name, never an option ($(state "$A" --help))" "state '$A' --help | grep -q '^analysed	complete: page 4096'"
check "a host that prints 40 MiB on one line: analysed; its log kept to --max-run-bytes (16M), cut in lines of 4096 bytes, the cut said ($(state "$A" loud); log $(wc -c <"$A/hosts/loud/measure.log") bytes)" \
	"state '$A' loud | grep -q '^analysed' && [ \$(wc -c <'$A/hosts/loud/measure.log') -le 17000000 ] && [ \$(awk '{ if (length(\$0) > m) m = length(\$0) } END { print m + 0 }' '$A/hosts/loud/measure.log') -le 4096 ] && grep -q '^\\[pagebound: loud printed more than 16777216 bytes: the rest' '$A/hosts/loud/measure.log'"
check "a host's scan of 1 TiB at P64K-T64K: what is emulated here is this machine's own quick sweep, 1 MiB to 1 GiB ($(state "$A" hugescan); $(grep -o 'emulated here: [^)]*)' "$tmp/a.err" | head -n 1))" \
	"state '$A' hugescan | grep -q '^analysed' && grep -q 'the real configurations emulated here: P64K-T64K (1048576 to 1073741824 bytes: this machine.s quick sweep' '$tmp/a.err' && [ -s '$A/emulated-here.json' ] && [ \"\$(jq '[.benchmarks[].name | capture(\"bytes:(?<b>[0-9]+)\").b | tonumber] | max' '$A/emulated-here.json')\" = 1073741824 ]"
check "nothing refused stayed on disk: no 4 GiB file, no unpacked bomb" \
	"[ -z \"\$(find '$A' -size +1M ! -path '*/loud/measure.log')\" ] && [ ! -e '$A/hosts/sparse/.in' ] && [ ! -e '$A/hosts/bomb/.in' ]"
check "escapes never reach the terminal (the host's output), and stay in its log" \
	"! grep -q '$esc' '$tmp/a.out' '$tmp/a.err' && grep -q '$esc' '$A/hosts/index.html/measure.log' && cat '$tmp/a.out' '$tmp/a.err' | grep -q 'analysed: complete\\^\\[\\[0m'"

"$H" --results "$PB_RESULTS_DIR" export machines >"$tmp/m.tsv"
"$H" --results "$PB_RESULTS_DIR" export runs >"$tmp/r.tsv"
"$H" --results "$PB_RESULTS_DIR" export series >"$tmp/s.tsv"
check "the liars claimed this machine's context: its series still hold its own 6 runs, no more" \
	"[ \$(tsv_get '$tmp/s.tsv' machine,series | grep -c \"^$local_key	prim/getppid\$\") -eq 6 ]"
rc=0
"$src/scripts/history" check >"$tmp/check.out" 2>&1 || rc=$?
check "history check: no regression on any machine, whatever the liars' times (got $rc: $(tail -n 1 "$tmp/check.out"))" "[ $rc -eq 0 ]"
check "a liar is its fleet file's host: machine fleet+hosts.tsv+x86_64+4k, a fleet's" \
	"tsv_get '$tmp/m.tsv' host,source machine=fleet+hosts.tsv+x86_64+4k | grep -qx 'hosts.tsv	fleet'"
check "its date is when it came home; its clock (2099) and its claimed name kept as data" \
	"tsv_get '$tmp/r.tsv' date,host_date,claimed_host machine=fleet+hosts.tsv+x86_64+4k | grep -q '^20[2-9][0-9]-[0-9-]*T[0-9:]*Z	2099-01-01T00:00:00Z	hostlocal\$' && ! tsv_get '$tmp/r.tsv' date machine=fleet+hosts.tsv+x86_64+4k | grep -q 2099"
check "the host the fleet file calls emulated: marked so, whatever its context says; no series of times" \
	"tsv_get '$tmp/m.tsv' cpu_emulated machine=fleet+joblog.tsv+x86_64+4k+emulated | grep -qx qemu-TCG && ! tsv_get '$tmp/s.tsv' machine | grep -q '+emulated'"

# the fleet's own directory under results/ holds Google Benchmark JSON of this machine (the emulation its charts
# draw): no run
cp "$A/hosts/INCOMPLETE/$(cat "$A/hosts/INCOMPLETE/run.name")/prim.json.gz" "$A/emulated-here.json.gz"
"$src/scripts/history" >/dev/null 2>&1 || bad "history update with a fleet directory failed"
check "the fleet's directory is not imported as a run" "! \"\$H\" --results '$PB_RESULTS_DIR' export runs | tsv_get /dev/stdin run | grep -qx fa"

# a reused --out name: the new run comes in beside the old one, not dropped
rc=0
"$fleet" --quick --fleet "$tmp/a.tsv" --hosts INCOMPLETE --filter "$one" --out "$tmp/elsewhere/fa" >"$tmp/d.out" 2>"$tmp/d.err" || rc=$?
check "the same --out name again: exit 0, the new run imported beside the old (got $rc)" \
	"[ $rc -eq 0 ] && grep -q 'a different run named fa-INCOMPLETE is there already' '$tmp/elsewhere/fa/hosts/INCOMPLETE/analyse.log' && [ \$(\"\$H\" --results '$PB_RESULTS_DIR' export runs | tsv_get /dev/stdin status machine=fleet+INCOMPLETE+x86_64+4k | grep -c complete) -eq 2 ]"

# pagebound-intake on streams made to hurt: each refused in one line (exit 2) and nothing left; one cut short is 3
I=$PB_BUILD_DIR/src/pagebound-intake
mkdir -p "$tmp/t/run/sub" "$tmp/t/abs"
echo '{}' >"$tmp/t/run/a.json"
echo x >"$tmp/t/abs/f"
intake_refuses() { # NAME MESSAGE STREAM: STREAM refused with MESSAGE, no directory left
	rm -rf "$tmp/t/in"
	rc=0
	"$I" tar --out "$tmp/t/in" --from evil <"$3" >/dev/null 2>"$tmp/t/err" || rc=$?
	check "intake, $1: exit 2, '$2', nothing left (got $rc: $(cat "$tmp/t/err"))" \
		"[ $rc -eq 2 ] && grep -q -- \"$2\" '$tmp/t/err' && [ \$(wc -l <'$tmp/t/err') -eq 1 ] && [ ! -e '$tmp/t/in' ]"
}
S=$tmp/t/stream
(cd "$tmp/t/run/sub" && tar -cPf - ../a.json) >"$S"
intake_refuses "a ../ path" "a file ../a.json in a subdirectory or outside the run" "$S"
tar -cPf - "$tmp/t/abs/f" >"$S"
intake_refuses "an absolute path" "in a subdirectory or outside the run" "$S"
ln "$tmp/t/run/a.json" "$tmp/t/run/b.json"
(cd "$tmp/t/run" && tar -cf - a.json b.json) >"$S"
intake_refuses "a hard link" "a hard link b.json: refused" "$S"
rm "$tmp/t/run/b.json"
mkfifo "$tmp/t/run/f.json"
(cd "$tmp/t/run" && tar -cf - f.json) >"$S"
intake_refuses "a FIFO" "a FIFO f.json: refused" "$S"
rm "$tmp/t/run/f.json"
if mknod "$tmp/t/run/d.json" c 1 3 2>/dev/null; then
	(cd "$tmp/t/run" && tar -cf - d.json) >"$S"
	intake_refuses "a character device" "a character device d.json: refused" "$S"
	rm "$tmp/t/run/d.json"
fi
(cd "$tmp/t/run" && tar -cf - sub) >"$S"
intake_refuses "a subdirectory" "a directory sub: a run holds files only" "$S"
head -c 1048576 /dev/urandom >"$S"
intake_refuses "no tar at all" "not a tar stream" "$S"
(cd "$tmp/t/run" && tar -cf "$S" a.json && tar -rf "$S" a.json)
intake_refuses "a file twice" "a.json twice" "$S"
truncate -s 100G "$tmp/t/huge.json"
(cd "$tmp/t" && tar -cf - huge.json 2>/dev/null) | head -c 1048576 >"$S"
intake_refuses "a member of 100 GiB (an endless stream)" "huge.json of 107374182400 bytes would take the run past its limit" "$S"
rm -f "$tmp/t/huge.json"
chmod 6755 "$tmp/t/run/a.json"
rm -rf "$tmp/t/in"
(cd "$tmp/t/run" && tar -cf - a.json) | head -c 700 | "$I" tar --out "$tmp/t/in" --from evil >/dev/null 2>&1 && rc=0 || rc=$?
check "intake, a stream cut short: exit 3 (send it again), nothing left (got $rc)" "[ $rc -eq 3 ] && [ ! -e '$tmp/t/in' ]"
(cd "$tmp/t/run" && tar -cf - a.json) | "$I" tar --out "$tmp/t/in" --from evil >/dev/null 2>&1 || bad "intake of a plain file failed"
check "intake, a set-uid file: taken as a plain 0644 file" "[ \"\$(stat -c %a '$tmp/t/in/a.json')\" = 644 ]"

# scripts/history --import through the same boundary: a bomb and a time beyond reason are refused with their reason
mkdir -p "$tmp/imp/bomb-1" "$tmp/imp/far-1"
mkrun "$tmp/imp/bomb-1" hostimp 6.1.0 1 1
head -c 67108864 /dev/zero | gzip -1 >"$tmp/imp/bomb-1/scan-x.json.gz"
refuse "import of a gzip bomb" "left out $tmp/imp/bomb-1: scan-x.json.gz unpacks past the run's limit of 16777216 bytes" \
	"$src/scripts/history" --import --max-run-bytes 16M "$tmp/imp/bomb-1"
mkrun "$tmp/imp/far-1" hostimp 6.1.0 1 1
jq '.benchmarks[0].cpu_time = 3.7e16' "$tmp/imp/far-1/scan-stepped.json" >"$tmp/j" && mv "$tmp/j" "$tmp/imp/far-1/scan-stepped.json"
rc=0
"$src/scripts/history" --import "$tmp/imp/far-1" >"$tmp/out" 2>"$tmp/err" || rc=$?
check "import of a run with a time beyond reason: exit 2, the real reason said (got $rc: $(head -n 1 "$tmp/err"))" \
	"[ $rc -eq 2 ] && grep -q 'left out .*far-1: .*is not a measurement' '$tmp/err' && ! grep -q 'not a results directory' '$tmp/err'"
# a run here whose gzip unpacks past the largest results file: the charts stop at 256 MiB with one line
mkdir "$tmp/big"
head -c 300000000 /dev/zero | gzip -1 >"$tmp/big/scan-x.json.gz"
refuse "a gzip of 300 MB, drawn" "scan-x.json.gz: it unpacks to more than 256 MiB: not a results file" "$src/scripts/plot" "$tmp/big"
# an unwritable TMPDIR: exit 2 and one line, never 1
refuse "an unwritable TMPDIR" "cannot create a scratch directory in $tmp/nowhere" env TMPDIR="$tmp/nowhere" "$src/scripts/history" export runs
finish
