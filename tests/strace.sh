#!/bin/sh
# strace.sh: every probe counts every system call it makes. For each row of the probe table, in a native and an
# emulated configuration, on a free and a taken layout: strace's count of the whole process at 2N scans minus its
# count at N scans (the set-up cancels) must equal N times the syscalls per scan the probe reported. A probe that
# made a call its counters miss fails here (sys.c's counted calls are the only way in; probes.c poisons the rest).
# usage: strace.sh PAGEBOUND-PROBE PAGEBOUND-SCAN
set -eu
probe=$1 scan=$2
. "$(dirname -- "$0")/lib.sh"
# a sanitizer build: LeakSanitizer does not run under ptrace, and the sanitizer's runtime makes calls of its own
san=$(jq -r '.[] | select(.name == "b_sanitize") | .value' "${PB_BUILD_ROOT:-.}/meson-info/intro-buildoptions.json" 2>/dev/null || echo none)
[ "$san" = none ] || [ -z "$san" ] || { echo "SKIP: a sanitizer build ($san): strace cannot count its calls"; exit 77; }
command -v strace >/dev/null 2>&1 || { echo "SKIP: strace is not installed (scripts/deps installs it)"; exit 77; }
strace -qq -o /dev/null true 2>"$tmp/ptrace" || { echo "SKIP: ptrace is refused here: $(head -n 1 "$tmp/ptrace")"; exit 77; }
# total N ARGS...: the system calls strace counts in one run of pagebound-probe with N scans
total() {
	n=$1
	shift
	strace -f -qq -c -U calls -o "$tmp/st" "$probe" --scans="$n" --format=tsv "$@" >"$tmp/out" 2>"$tmp/err" || [ $? -eq 1 ] ||
		{ bad "pagebound-probe $* failed: $(head -n 1 "$tmp/err")"; echo 0; return; }
	awk '$2 == "total" { print $1 }' "$tmp/st"
}
rows=0
for p in $("$scan" --list=tsv | awk -F'\t' '$1 == "probe" { print $2 }'); do
	for c in P64K-T4K P64K-T64K; do
		for l in unmapped tail; do
			a=$(total 2 --probes="$p" --configs="$c" --layouts="$l" --bytes=1M)
			b=$(total 4 --probes="$p" --configs="$c" --layouts="$l" --bytes=1M)
			per=$(awk -F'\t' 'NR == 1 { for (i = 1; i <= NF; i++) h[$i] = i; next } { print $h["syscalls"] }' "$tmp/out")
			check "$p $c $l: strace counts $((b - a)) calls for 2 more scans, the probe says $per per scan" "[ $((b - a)) -eq $((2 * per)) ]"
			rows=$((rows + 1))
		done
	done
done
check "every probe in both configurations and both layouts ($rows cases)" "[ $rows -ge 24 ]"
finish
