#!/bin/sh
# fleet.sh: scripts/fleet against the qemu guests of scripts/kernels as ssh hosts (scripts/guests: ppc64el with
# 64 KiB pages, mips64el with 16 KiB, TCG) and this machine: three complete runs home, each the page size and
# architecture it should be, every verdict right, three machines in the history (the guests' CPUs marked emulated),
# the fleet chart and page; then the faults: a host whose port is closed, a bundle sent to another architecture, a
# run stopped in the middle, two fleets at once against one host, hostile names in the fleet file. Without the
# guests' toolchains and qemu (a first `scripts/check`, before scripts/kernels installs them) the fleet file's
# checks alone run. Times are never asserted.
set -eu
src=${PB_SOURCE_ROOT:?set by meson test}
export PB_BUILD_DIR="${PB_BUILD_ROOT:?set by meson test}"
. "$(dirname -- "$0")/lib.sh"
. "$src/scripts/common.sh" # tsv_get
export PB_RESULTS_DIR="$tmp/results"
export PB_LOCK_DIR="$tmp" # this test's own CPU lock: a bench or compare elsewhere on this machine is not waited for
fleet=$src/scripts/fleet
mkdir "$tmp/cwd"
cd "$tmp/cwd"
small='^(scan/(stepped|chunked|stepped-dynamic|noreplace)/[^/]*/unmapped/bytes:1048576|prim/getppid)$'

# the fleet file's checks, before anything runs: hostile names are refused in one line, nothing runs, nothing is made
printf 'name\tssh\tarch\n$(touch pwned)\t:\tamd64\n' >"$tmp/f1.tsv"
refuse "a host name that is shell" "is not valid (1 to 200 of A-Za-z0-9._+-" "$fleet" --fleet "$tmp/f1.tsv" --out "$tmp/f1"
printf 'name\tssh\tarch\n../../escape\t:\tamd64\n' >"$tmp/f2.tsv"
refuse "a host name that is a path" "is not valid" "$fleet" --fleet "$tmp/f2.tsv" --out "$tmp/f2"
printf 'name\tssh\tarch\nx\t:\tsparc64\n' >"$tmp/f3.tsv"
refuse "an architecture pagebound has no bundle for" "arch 'sparc64' is not one of: amd64 arm64 ppc64el mips64el" "$fleet" --fleet "$tmp/f3.tsv"
printf 'name\tssh\tarch\nx\t:\tamd64\nx\t:\tamd64\n' >"$tmp/f4.tsv"
refuse "a host named twice" "names a host twice: x" "$fleet" --fleet "$tmp/f4.tsv"
printf 'name\tarch\nx\tamd64\n' >"$tmp/f5.tsv"
refuse "a fleet file without an ssh column" "no column ssh" "$fleet" --fleet "$tmp/f5.tsv"
check "hostile names: no code ran, nothing made outside" "[ ! -e pwned ] && [ ! -e '$tmp/f1' ] && [ ! -e '$tmp/escape' ] && [ ! -e '$tmp/f2' ]"

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }
cache=${PB_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/pagebound}
if ! { installed qemu-system-ppc && installed qemu-system-mips && installed gcc-powerpc64le-linux-gnu &&
	installed gcc-mips64el-linux-gnuabi64 && [ -s "$cache/kernel-ppc64el/image" ] && [ -s "$cache/kernel-mips64el/image" ]; }; then
	echo "note: the guests' qemu, toolchains and kernels are not here (scripts/kernels fetches them): the fleet is not run" >&2
	finish
	exit $?
fi
trap '"$src/scripts/guests" stop --state "$tmp/guests" 2>/dev/null; [ -n "${PB_TEST_KEEP:-}" ] && echo "kept: $tmp" >&2 || rm -rf "$tmp"' EXIT
"$src/scripts/guests" start --state "$tmp/guests" ppc64el mips64el >"$tmp/guests.out" 2>"$tmp/guests.err" ||
	{ bad "the guests did not come up: $(tail -n 2 "$tmp/guests.err")"; finish; exit 1; }
cp "$tmp/guests/fleet.tsv" "$tmp/fleet.tsv"
printf 'here\t:\tamd64\t\tthis machine\n' >>"$tmp/fleet.tsv"

# the fleet: two guests and this machine
rc=0
"$fleet" --quick --fleet "$tmp/fleet.tsv" --filter "$small" --out "$PB_RESULTS_DIR/fl" >"$tmp/out" 2>"$tmp/err" || rc=$?
check "fleet of three: exit 0 (got $rc: $(grep '^fleet: [A-Za-z0-9._+-]*: [a-z]*: ' "$tmp/err" | grep -v ': analysed: ' | tr '\n' ' ')$(tail -n 1 "$tmp/err"))" "[ $rc -eq 0 ]"
h=$PB_RESULTS_DIR/fl/hosts.tsv
check "three complete runs home: page sizes 65536, 16384, 4096 on ppc64el, mips64el, amd64" \
	"[ \"\$(tsv_get '$h' name,arch,page_size,state | sort | tr '\t\n' ' |')\" = 'guest-mips64el mips64el 16384 analysed|guest-ppc64el ppc64el 65536 analysed|here amd64 4096 analysed|' ]"
for n in guest-ppc64el guest-mips64el here; do
	d=$PB_RESULTS_DIR/fl/$(tsv_get "$h" run "name=$n")
	check "$n: every verdict right ($(tsv_get "$d/scan.tsv" verdict_ok | sort | uniq -c | tr '\n' ' '))" \
		"[ -s '$d/scan.tsv' ] && [ \$(tsv_get '$d/scan.tsv' verdict_ok | grep -c -v -x 1) -eq 0 ] && [ \$(tsv_get '$d/scan.tsv' verdict_ok | wc -l) -eq 4 ]"
done
check "the seed's stepped scan of 1 MiB on the 64 KiB guest: 256 calls, 240 of them EINVAL (as emulated here)" \
	"tsv_get '$PB_RESULTS_DIR/fl/$(tsv_get "$h" run name=guest-ppc64el)/scan.tsv' syscalls_per_scan,einval_per_scan probe=stepped | grep -qx '256	240'"
"$PB_BUILD_DIR/src/pagebound-history" --results "$PB_RESULTS_DIR" export machines >"$tmp/m.tsv"
check "three machines in the history, the two guests' CPUs marked emulated" \
	"[ \$(tail -n +2 '$tmp/m.tsv' | wc -l) -eq 3 ] && [ \$(tsv_get '$tmp/m.tsv' cpu_emulated | grep -c 'qemu-TCG') -eq 2 ]"
"$PB_BUILD_DIR/src/pagebound-history" --results "$PB_RESULTS_DIR" export series >"$tmp/s.tsv"
check "the guests' times in no series: their machines (the fleet file's hosts, +emulated) have a run each, no time series" \
	"[ \$(tsv_get '$tmp/m.tsv' machine,runs | grep -c '^fleet+guest-[a-z0-9]*+[a-z0-9_]*+[0-9]*k+emulated	1\$') -eq 2 ] && ! tsv_get '$tmp/s.tsv' machine,gates | grep -v '	exact\$' | grep -q '+emulated	'"
check "the fleet chart, its page and GNU parallel's job log (three jobs, each exit 0)" \
	"[ -s '$PB_RESULTS_DIR/fl/fleet.svg' ] && [ -s '$PB_RESULTS_DIR/fl/fleet-prim.svg' ] && grep -q 'guest-mips64el' '$PB_RESULTS_DIR/fl/index.html' && [ \$(tail -n +2 '$PB_RESULTS_DIR/fl/joblog.tsv' | awk -F'\t' '\$7 == 0' | wc -l) -eq 3 ]"
check "the site lists the fleet" "\"\$src/scripts/report\" >/dev/null 2>&1 && grep -q 'fl/index.html' '$PB_RESULTS_DIR/site/index.html'"

# again: the bundles are on the hosts already (checked by checksum), not sent
rc=0
"$fleet" --quick --fleet "$tmp/fleet.tsv" --hosts guest-ppc64el,here --filter 'prim/getppid' --out "$tmp/fl2" >"$tmp/out" 2>"$tmp/err" || rc=$?
check "a second fleet: exit 0, each bundle there already (got $rc)" "[ $rc -eq 0 ] && [ \$(grep -c 'sent: pagebound-.*, there already' '$tmp/out') -eq 2 ]"

# faults: a closed port, and the mips64el guest said to be ppc64el (its bundle refuses it in one line): exit 2, the
# host that worked complete and in the history
cp "$tmp/fleet.tsv" "$tmp/faults.tsv"
printf 'closed\tssh -p 9 -o BatchMode=yes -o ConnectTimeout=5 root@127.0.0.1\tamd64\t\tnothing listens\n' >>"$tmp/faults.tsv"
awk -F'\t' -v OFS='\t' '$1 == "guest-mips64el" { $3 = "ppc64el"; $1 = "wrong-arch" } { print }' "$tmp/faults.tsv" >"$tmp/f.tsv"
rc=0
"$fleet" --quick --fleet "$tmp/f.tsv" --hosts closed,wrong-arch,here --filter 'prim/getppid' --out "$tmp/fl3" >"$tmp/out" 2>"$tmp/err" || rc=$?
check "faults: exit 2 (got $rc)" "[ $rc -eq 2 ]"
check "a closed port: the host named, cannot be reached" "tsv_get '$tmp/fl3/hosts.tsv' state,what name=closed | grep -q '^failed	cannot be reached'"
check "a bundle sent to another architecture: its one line" \
	"tsv_get '$tmp/fl3/hosts.tsv' what name=wrong-arch | grep -q 'this bundle is for ppc64le (Debian ppc64el); this machine is mips64'"
check "faults: the host that worked is complete, analysed, in the history" \
	"tsv_get '$tmp/fl3/hosts.tsv' state name=here | grep -qx analysed && grep 'not every host brought a complete run home: ' '$tmp/err' | grep -q 'closed' && grep -q 'home: .*wrong-arch' '$tmp/err'"

# a run stopped in the middle (its measuring half killed on the guest): the partial run home, marked INCOMPLETE,
# never complete in the history
login=$(tsv_get "$tmp/fleet.tsv" ssh name=guest-ppc64el)
"$fleet" --quick --fleet "$tmp/fleet.tsv" --hosts guest-ppc64el --filter "$small" --out "$tmp/fl4" >"$tmp/out4" 2>"$tmp/err4" &
pid=$!
until grep -q 'done scan-' "$tmp/out4" "$tmp/err4" 2>/dev/null || ! kill -0 "$pid" 2>/dev/null; do sleep 0.2; done
set -f
# shellcheck disable=SC2086
$login 'for p in /proc/[0-9]*; do grep -q "[s]cripts/measure" "$p/cmdline" 2>/dev/null && kill -TERM "${p#/proc/}"; done; true' </dev/null || true
set +f
rc=0
wait "$pid" || rc=$?
r4=$(cat "$tmp/fl4/hosts/guest-ppc64el/run.name" 2>/dev/null || echo none)
check "a run stopped there: exit 2 (got $rc), its partial run home, INCOMPLETE says interrupted" \
	"[ $rc -eq 2 ] && grep -q 'interrupted (SIGTERM)' '$tmp/fl4/hosts/guest-ppc64el/$r4/INCOMPLETE' && ls '$tmp/fl4/hosts/guest-ppc64el/$r4'/scan-*.json >/dev/null 2>&1"
check "a run stopped there: not in the history" "! \"\$PB_BUILD_DIR/src/pagebound-history\" --results '$PB_RESULTS_DIR' export runs | grep -q '$r4'"

# Ctrl-C on the fleet (SIGINT to its process group, as a terminal sends it): the fleet stops, and so does the run on
# the guest (the measuring half and its benchmark program): nothing of pagebound is left running there. perl puts
# the fleet in a process group of its own (its pid: setsid(1) forks when it is already a group leader, and then the
# pid here is not the group's) and restores SIGINT's default (a job started with & by a non-interactive shell ignores
# it), as a terminal's foreground job has both.
perl -e 'setpgrp(0, 0) or die "setpgrp: $!"; $SIG{INT} = "DEFAULT"; exec @ARGV or die "exec: $!"' "$fleet" --quick \
	--fleet "$tmp/fleet.tsv" --hosts guest-ppc64el --filter "$small" --out "$tmp/fl7" >"$tmp/out7" 2>&1 &
pid=$!
until grep -q 'done scan-' "$tmp/out7" 2>/dev/null || ! kill -0 "$pid" 2>/dev/null; do sleep 0.2; done
kill -INT "-$pid" || bad "Ctrl-C: no process group $pid to signal"
rc=0
wait "$pid" || rc=$?
remote_left() { # how many pagebound processes the guest still runs
	set -f
	# shellcheck disable=SC2086
	$login 'n=0; for p in /proc/[0-9]*; do grep -q -e "[s]cripts/measure" -e "[p]agebound-" "$p/cmdline" 2>/dev/null && n=$((n + 1)); done; echo $n' </dev/null
	set +f
}
n=0
until [ "$(remote_left)" = 0 ] || [ $n -ge 20 ]; do sleep 1; n=$((n + 1)); done
check "Ctrl-C: the fleet exits non-zero (got $rc), says the host was interrupted, nothing of pagebound left on the guest" \
	"[ $rc -ne 0 ] && grep -q 'guest-ppc64el.*interrupted' '$tmp/out7' && [ \"\$(remote_left)\" = 0 ]"

# two fleets at once against one host: the second waits --wait seconds for its CPU, then names the holder
"$fleet" --quick --fleet "$tmp/fleet.tsv" --hosts guest-mips64el --filter "$small" --out "$tmp/fl5" >"$tmp/out5" 2>&1 &
pid=$!
# the state the second fleet must meet: the first holds the guest's CPU (measure says "running" once it has the lock)
until grep -q 'measure: running' "$tmp/out5" 2>/dev/null || ! kill -0 "$pid" 2>/dev/null; do sleep 0.2; done
rc=0
"$fleet" --quick --fleet "$tmp/fleet.tsv" --hosts guest-mips64el --filter 'prim/getppid' --wait 0 --out "$tmp/fl6" >"$tmp/out6" 2>&1 || rc=$?
r1=0
wait "$pid" || r1=$?
check "two fleets at once: the first completes (got $r1: $(grep 'guest-mips64el: [a-z]*: ' "$tmp/out5" | tail -n 1)), the second exit 2 (got $rc: $(grep 'guest-mips64el: [a-z]*: ' "$tmp/out6" | tail -n 1)), the holder named" \
	"[ $r1 -eq 0 ] && [ $rc -eq 2 ] && tsv_get '$tmp/fl6/hosts.tsv' what name=guest-mips64el | grep -q 'CPU 0 is still busy after 0 s: scripts/measure --quick'"
check "nothing written outside the fleet directories" "[ -z \"\$(find '$tmp/cwd' -mindepth 1)\" ]"
finish
