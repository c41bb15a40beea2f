#!/bin/sh
# kernels.sh: scripts/kernels without booting: bad input is one line and exit 2; a real guest's console (fixture)
# parsed into its programs' output, tests.tsv and validate.tsv (its exact header) against the host's cases;
# one count flipped is exit 1 with the row named. Where
# the ppc64el toolchain and qemu are installed (CI, after scripts/kernels ran): a kernel that cannot be fetched
# and a guest that does not answer are one line, exit 2, the partial results kept.
set -eu
src=${PB_SOURCE_ROOT:?set by meson test}
export PB_BUILD_DIR="${PB_BUILD_ROOT:?set by meson test}"
. "$(dirname -- "$0")/lib.sh"
k=$src/scripts/kernels
refuse "an unknown target" "unknown target 'sparc64' (valid: ppc64el mips64el arm64-16k)" "$k" sparc64
refuse "a bad time limit" "--timeout 'soon' is not valid" "$k" --timeout soon ppc64el

cp -r "$src/tests/fixtures/kernels" "$tmp/run" # a real ppc64el guest's console (its scan cut out) and the host's cases
rc=0
"$k" --validate "$tmp/run" >"$tmp/out" 2>"$tmp/err" || rc=$?
check "validate: the cases match, exit 0 (got $rc)" "[ $rc -eq 0 ]"
check "the console parsed: the guest, each program's exit status, output and messages apart" "[ \"\$(cat '$tmp/run/ppc64el/guest.txt')\" = '@@GUEST Linux 6.1.0-50-powerpc64le ppc64le page_size=65536' ] && [ \"\$(cat '$tmp/run/ppc64el/live-low.rc')\" = 2 ] && [ \"\$(cat '$tmp/run/ppc64el/probe.rc')\" = 0 ] && [ ! -s '$tmp/run/ppc64el/live-low.out' ] && grep -q 'no page of 65536 bytes fits below P=65536' '$tmp/run/ppc64el/live-low.err'"
check "the console parsed: probe.out is the TSV alone (85 lines, 17 columns each)" "[ \$(wc -l <'$tmp/run/ppc64el/probe.out') -eq 85 ] && awk -F'\t' 'NF != 17 { exit 1 }' '$tmp/run/ppc64el/probe.out'"
check "the console parsed: the files /init copied (THP setting)" "[ \"\$(cat '$tmp/run/ppc64el/enabled')\" = '[always] madvise never' ]"
check "tests.tsv: each suite's counts from cmocka's summary" "grep -q '^ppc64el	test-probe	14	10	4	0\$' '$tmp/run/tests.tsv' && grep -q '^ppc64el	test-shim	7	7	0	0\$' '$tmp/run/tests.tsv'"
check "validate.tsv: the exact header" "[ \"\$(head -n 1 '$tmp/run/validate.tsv')\" = 'target	kernel	page_size	probe	config	layout	bytes	syscalls_real	syscalls_emulated	einval_real	einval_emulated	verdict_real	verdict_emulated	match' ]"
check "validate.tsv: one row per case, all yes" "[ \$(tail -n +2 '$tmp/run/validate.tsv' | wc -l) -eq 84 ] && ! grep -q '	no\$' '$tmp/run/validate.tsv'"
check "validate.tsv: the guest's kernel and page size" "grep -q '^ppc64el	6.1.0-50-powerpc64le	65536	stepped	ppc64-64k	unmapped	1048576	256	256	240	240	free	free	yes\$' '$tmp/run/validate.tsv'"
# one emulated count flipped: the stepped scan of 1 MiB makes 257 calls instead of 256
awk -F'\t' -v OFS='\t' 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; print; next }
	$c["probe"] == "stepped" && $c["layout"] == "unmapped" && $c["bytes"] == 1048576 { $c["syscalls"] = 257 } { print }' \
	"$src/tests/fixtures/kernels/ppc64el/host.tsv" >"$tmp/run/ppc64el/host.tsv"
rc=0
"$k" --validate "$tmp/run" >"$tmp/out" 2>"$tmp/err" || rc=$?
check "one count flipped: exit 1 (got $rc)" "[ $rc -eq 1 ]"
check "one count flipped: that row is no, and printed" "grep -q '^ppc64el	.*	stepped	ppc64-64k	unmapped	1048576	256	257	.*	no\$' '$tmp/run/validate.tsv' && grep -q 'stepped	ppc64-64k	unmapped	1048576	256	257' '$tmp/err'"

# with the toolchain and qemu at hand: the failures a guest can have
installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }
if installed qemu-system-ppc && installed gcc-powerpc64le-linux-gnu && installed g++-powerpc64le-linux-gnu; then
	rc=0
	PB_CACHE_DIR=$tmp/cache PB_KERNELS_MIRROR=http://127.0.0.1:9/debian "$k" --out "$tmp/nofetch" ppc64el >"$tmp/out" 2>"$tmp/err" || rc=$?
	check "a kernel that cannot be fetched: exit 2 (got $rc)" "[ $rc -eq 2 ] && grep -q 'ppc64el: cannot fetch the package lists' '$tmp/err'"
	check "a kernel that cannot be fetched: the run kept, INCOMPLETE says why" \
		"grep -q '^failed (exit 2): ppc64el: cannot fetch the package lists' '$tmp/nofetch/INCOMPLETE'"
	cache=${PB_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/pagebound}
	if [ -x "$src/build-cross-ppc64el/src/pagebound-init" ] && [ -s "$cache/kernel-ppc64el/image" ]; then
		mkdir "$tmp/fakebin"
		printf '#!/bin/sh\nsleep 600\n' >"$tmp/fakebin/qemu-system-ppc64"
		chmod +x "$tmp/fakebin/qemu-system-ppc64"
		rc=0
		PATH="$tmp/fakebin:$PATH" "$k" --timeout 3 --out "$tmp/hang" ppc64el >"$tmp/out" 2>"$tmp/err" || rc=$?
		check "a guest that does not answer: exit 2 (got $rc)" "[ $rc -eq 2 ] && grep -q 'ppc64el: the guest did not answer within 3s' '$tmp/err'"
		check "a guest that does not answer: partial results kept, INCOMPLETE says why" \
			"grep -q 'ppc64el: the guest did not answer within 3s' '$tmp/hang/INCOMPLETE' && [ -e '$tmp/hang/ppc64el/console.log' ]"
		# TERM while the guest runs: the run ends at once with the guest, and INCOMPLETE says so
		rc=0
		PATH="$tmp/fakebin:$PATH" "$k" --timeout 600 --out "$tmp/term" ppc64el >"$tmp/out" 2>"$tmp/err" &
		pid=$!
		n=0
		while [ ! -e "$tmp/term/ppc64el/console.log" ] && [ $n -lt 300 ]; do sleep 0.2; n=$((n + 1)); done
		kill -TERM "$pid"
		wait "$pid" || rc=$?
		check "TERM while a guest runs: exit 143 (got $rc), INCOMPLETE says interrupted" \
			"[ $rc -eq 143 ] && grep -q '^interrupted (SIGTERM)' '$tmp/term/INCOMPLETE'"
	fi
else
	echo "note: qemu-system-ppc and the powerpc64le cross toolchain are not installed: the fetch and boot failures are not tried" >&2
fi
finish
