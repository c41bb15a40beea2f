#!/bin/sh
# cli.sh: the bench programs end to end: exact counters in their JSON, and one clear line + exit 2 for bad input.
# usage: cli.sh PAGEBOUND-SCAN PAGEBOUND-BARRIER PAGEBOUND-PROBE
set -eu
scan=$1 barrier=$2
. "$(dirname -- "$0")/lib.sh"
refuse "unknown configuration" "unknown value 'sparc' in --configs" "$scan" --configs=arm64,sparc
refuse "page size not a power of two" "P=49152 is not valid" "$scan" --custom=P48K-T4K
refuse "T below the native page size" "T=2048" "$scan" --custom=P64K-T2K
refuse "region size not a multiple of 4K" "bad size '6000'" "$scan" --max-bytes=6000
refuse "region size zero" "bad size '0'" "$scan" --min-bytes=0
refuse "region size too large" "bad size '2T'" "$scan" --max-bytes=2T
refuse "unknown Google Benchmark flag" "unknown option '--benchmark_bogus=1'" "$scan" --benchmark_bogus=1
refuse "unknown stream" "unknown value 'nope' in --streams" "$barrier" --streams=nope
refuse "footprint zero" "bad footprint '0'" "$barrier" --footprints=0
refuse "footprint not a multiple of 8" "bad footprint '12'" "$barrier" --footprints=4K,12
refuse "bad --count" "bad --count 'on-min:nope:4K'" "$barrier" --count=on-min:nope:4K

# exact counts through the shim into JSON
"$scan" --configs=arm64,ppc64 --probes=stepped,chunked,stepped-dynamic --layouts=unmapped,tail --min-bytes=1M \
	--max-bytes=1M --no-prims --benchmark_min_time=0.001 --benchmark_format=json >"$tmp/scan.json" 2>"$tmp/err" ||
	bad "pagebound-scan run exited $?: $(cat "$tmp/err")"
get() { jq -r --arg n "$1" --arg k "$2" '.benchmarks[] | select(.name == $n) | .[$k]' "$tmp/scan.json"; }
check "12 scans ran" "[ \$(jq '.benchmarks | length' '$tmp/scan.json') -eq 12 ]"
check "stepped arm64 1M: 256 calls" "[ \$(get scan/stepped/P64K-T4K/unmapped/bytes:1048576 syscalls) = 256 ]"
check "chunked arm64 1M: 16 calls" "[ \$(get scan/chunked/P64K-T4K/unmapped/bytes:1048576 syscalls) = 16 ]"
check "stepped ppc64 1M: 256 calls" "[ \$(get scan/stepped/P64K-T64K/unmapped/bytes:1048576 syscalls) = 256 ]"
check "stepped ppc64 1M: 240 EINVAL" "[ \$(get scan/stepped/P64K-T64K/unmapped/bytes:1048576 einval) = 240 ]"
check "stepped-dynamic ppc64 1M: 16 calls" "[ \$(get scan/stepped-dynamic/P64K-T64K/unmapped/bytes:1048576 syscalls) = 16 ]"
check "chunked arm64 tail: wrong" "[ \$(get scan/chunked/P64K-T4K/tail/bytes:1048576 verdict_ok) = 0 ]"
check "chunked ppc64 tail: right" "[ \$(get scan/chunked/P64K-T64K/tail/bytes:1048576 verdict_ok) = 1 ]"
check "stepped arm64 tail: right" "[ \$(get scan/stepped/P64K-T4K/tail/bytes:1048576 verdict_ok) = 1 ]"
check "ppc64 is emulated" "[ \$(get scan/stepped/P64K-T64K/tail/bytes:1048576 t_emulated) = 1 ]"
check "context names the kernel" "[ -n \"\$(jq -r '.context.kernel_release // empty' '$tmp/scan.json')\" ]"
check "context has the primitives" "[ -n \"\$(jq -r '.context[\"prim_ns.mincore-enomem\"] // empty' '$tmp/scan.json')\" ]"

"$barrier" --variants=on-min,on-phys-64k,store --streams=bad-1,low-10 --footprints=8K --benchmark_min_time=0.001 \
	--benchmark_format=json >"$tmp/bar.json" 2>"$tmp/err" || bad "pagebound-barrier run exited $?: $(cat "$tmp/err")"
bget() { jq -r --arg n "$1" '.benchmarks[] | select(.name == $n) | .flagged' "$tmp/bar.json"; }
# 1024 stores a pass: bad-1 has 10 values below M (every 100th), low-10 has 102 in [M, P)
check "on-min flags bad-1" "awk -v f=\$(bget barrier/on-min/bad-1/footprint:8192) 'BEGIN { exit !(f > 9.7 && f < 9.8) }'"
check "on-min ignores low-10" "[ \$(bget barrier/on-min/low-10/footprint:8192) = 0 ]"
check "on-phys-64k flags low-10" "awk -v f=\$(bget barrier/on-phys-64k/low-10/footprint:8192) 'BEGIN { exit !(f > 99.5 && f < 99.7) }'"
check "store flags nothing" "[ \$(bget barrier/store/bad-1/footprint:8192) = 0 ]"
"$barrier" --count=on-min:bad-1:8K:3 >"$tmp/count" || bad "--count exited $?"
check "--count reports exact stores and flags" "grep -q 'stores=3072 flagged=30' '$tmp/count'"

# pagebound-probe: the single-shot program hyperfine times
probe=$3
refuse "probe: unknown probe" "unknown probe 'nope'" "$probe" --probe=nope
refuse "probe: bad size" "region size 6000 is not valid" "$probe" --bytes=6000
refuse "probe: T not a power of two" "T=12288 is not valid" "$probe" --t=12K
refuse "probe: unknown option" "unknown option '--frobnicate'" "$probe" --frobnicate
rc=0
"$probe" --config=arm64 --probe=chunked --layout=tail --bytes=1M >"$tmp/p1" 2>&1 || rc=$?
check "probe: chunked on arm64 tail exits 1 (got $rc)" "[ $rc -eq 1 ]"
check "probe: chunked says WRONG" "grep -q 'verdict=free truth=not-free WRONG' '$tmp/p1'"
check "probe: chunked makes 16 calls" "grep -q 'per scan: syscalls=16 mincore_enomem=16 ' '$tmp/p1'"
rc=0
"$probe" --config=ppc64 --bytes=1M --repeat=3 >"$tmp/p2" 2>&1 || rc=$?
check "probe: stepped on ppc64 exits 0 (got $rc)" "[ $rc -eq 0 ]"
check "probe: 256 calls, 240 EINVAL per scan" "grep -q 'per scan: syscalls=256 mincore_enomem=16 mincore_mapped=0 einval=240 ' '$tmp/p2'"
rc=0
"$probe" --t=64K --probe=stepped-dynamic --layout=tail --bytes=1M >"$tmp/p3" 2>&1 || rc=$?
check "probe: compiled-in P with emulated T" "[ $rc -eq 0 ] && grep -q '(build, T emulated)' '$tmp/p3' && grep -q 'syscalls=16 ' '$tmp/p3'"
check "probe: --version names the compiled-in P and M" "\"$probe\" --version | grep -q 'compiled-in P=[0-9]* M=[0-9]*'"

finish
