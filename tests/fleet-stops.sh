#!/bin/sh
# fleet-stops.sh: scripts/fleet against hosts that stall (tests/fixtures/hostile-ssh): a host whose measuring never
# ends and one whose run never comes home are each stopped at their time-out and named, the honest one beside them
# comes home; Ctrl-C while one host stalls keeps and imports the run that came home. The time-outs come from a
# one-host fleet timed here first (the work's size on this machine, as busy as it is). Shell over the programs the
# other tests run: not run again under the sanitizers (suite 'stops'). No qemu. Times are never asserted.
set -eu
src=${PB_SOURCE_ROOT:?set by meson test}
export PB_BUILD_DIR="${PB_BUILD_ROOT:?set by meson test}"
. "$(dirname -- "$0")/lib.sh"
. "$(dirname -- "$0")/hostile-setup.sh"

# one honest host, timed: this whole one-host fleet, every step of it, on this machine as busy as it is now
printf 'name\tssh\tarch\n' >"$tmp/o.tsv"
row honest1 honest >>"$tmp/o.tsv"
rc=0
t0=$(date +%s)
"$fleet" --quick --fleet "$tmp/o.tsv" --filter "$one" --out "$tmp/fo" >"$tmp/o.out" 2>"$tmp/o.err" || rc=$?
one_host=$(($(date +%s) - t0))
check "one honest host: exit 0, analysed (got $rc: $(tail -n 1 "$tmp/o.err"))" "[ $rc -eq 0 ] && state '$tmp/fo' honest1 | grep -q '^analysed'"

# fleet B: a host whose measuring never ends, one whose run never comes home: each stopped at its time-out, named;
# the honest one home. Its time-outs come from the work's size here, not a guess for an idle machine: each short
# step's is the one-host fleet's whole time above (at least 5 s), measuring's 4 times it (at least 20 s)
step=$((one_host > 5 ? one_host : 5)) lim=$((one_host * 4 > 20 ? one_host * 4 : 20))
echo "fleet B's time-outs, from a one-host fleet of $one_host s here: each short step $step s, measuring $lim s"
{
	printf 'name\tssh\tarch\n'
	row stall stall
	row stalltar stalltar
	row honest honest
} >"$tmp/b.tsv"
rc=0
PB_FLEET_STEP_SECONDS=$step "$fleet" --quick --fleet "$tmp/b.tsv" --filter "$one" --time-limit "$lim" --max-run-bytes 16M \
	--out "$tmp/fb" >"$tmp/b.out" 2>"$tmp/b.err" || rc=$?
check "fleet B: exit 2 (got $rc)" "[ $rc -eq 2 ]"
check "a stalled measure: stopped at its time-out and named ($(state "$tmp/fb" stall))" \
	"state '$tmp/fb' stall | grep -q '^failed	measuring ($lim s: .*) took longer than its time-out: stopped'"
check "a run that never comes home: stopped at its time-out ($(state "$tmp/fb" stalltar))" \
	"state '$tmp/fb' stalltar | grep -q '^failed	bringing the run home ($((step + 16)) s) took longer than its time-out: stopped'"
check "beside them the honest host came home, analysed" "state '$tmp/fb' honest | grep -q '^analysed'"
check "no stalled host's process left" "! pgrep -f 'sleep 100000 $PB_FAKE_HOMES' >/dev/null"

# fleet C: Ctrl-C while one host stalls and the other is home: the one home is analysed and imported, exit 130
{
	printf 'name\tssh\tarch\n'
	row stall2 stall
	row home2 honest
} >"$tmp/c.tsv"
perl -e 'setpgrp(0, 0) or die "setpgrp: $!"; $SIG{INT} = "DEFAULT"; exec @ARGV or die "exec: $!"' "$fleet" --quick \
	--fleet "$tmp/c.tsv" --filter "$one" --out "$tmp/fc" >"$tmp/c.out" 2>&1 &
pid=$!
wait_for "$pid" "grep -q '^returned' '$tmp/fc/hosts/home2/status' 2>/dev/null" || bad "Ctrl-C: the fleet ended before home2 came home ($(tail -n 1 "$tmp/c.out"))"
kill -INT "-$pid" || bad "Ctrl-C: no process group $pid to signal"
rc=0
wait "$pid" || rc=$?
check "Ctrl-C: exit 130 (got $rc: $(tail -n 1 "$tmp/c.out"))" "[ $rc -eq 130 ]"
check "Ctrl-C: the host that came home is analysed and in the history; the stalled one interrupted (home2: $(state "$tmp/fc" home2); stall2: $(state "$tmp/fc" stall2))" \
	"state '$tmp/fc' home2 | grep -q '^analysed' && state '$tmp/fc' stall2 | grep -q '^interrupted' && \"\$H\" --results '$PB_RESULTS_DIR' export machines | grep -q '^fleet+home2+'"
pkill -f "sleep 100000 $PB_FAKE_HOMES" 2>/dev/null || true # this test's stalled hosts only: another suite's are its own
finish
