#!/bin/sh
# cli.sh: the bench programs end to end: exact counters in their JSON, --list=tsv, both option spellings, and one
# clear line + exit 2 for bad input.
# usage: cli.sh PAGEBOUND-SCAN PAGEBOUND-BARRIER PAGEBOUND-PROBE PAGEBOUND-SHIM NOTHP
set -eu
scan=$1 barrier=$2 probe=$3 shim=$4 nothp=$5
. "$(dirname -- "$0")/lib.sh"
refuse "unknown configuration" "for --configs: unknown configuration 'sparc'" "$scan" --configs=arm64-4k,sparc
refuse "page size not a power of two" "P=49152 is not valid" "$scan" --configs=P48K-T4K
refuse "T below the native page size" "T=2048" "$scan" --configs=P64K-T2K
refuse "region size not a multiple of 4K" "bad value '6000' for --max-bytes" "$scan" --max-bytes=6000
refuse "region size zero" "bad value '0' for --min-bytes" "$scan" --min-bytes=0
refuse "region size too large" "bad value '2T' for --max-bytes" "$scan" --max-bytes=2T
refuse "unknown Google Benchmark flag" "unknown option '--benchmark_bogus=1'" "$scan" --benchmark_bogus=1
# --benchmark_out a file that cannot be opened, or that takes no bytes: exit 2 and one line, never 1 or 0
refuse "--benchmark_out in a directory that does not exist" "cannot write --benchmark_out=$tmp/nowhere/x.json: No such file" \
	"$scan" --benchmark_filter='prim/getppid$' --benchmark_min_time=0.001 --benchmark_out="$tmp/nowhere/x.json"
refuse "--benchmark_out=/dev/full" "cannot write --benchmark_out=/dev/full: No space left on device" \
	"$barrier" --variants=store --streams=valid --footprints=4K --benchmark_min_time=0.001 --benchmark_out=/dev/full
refuse "unknown stream" "bad value 'nope' for --streams" "$barrier" --streams=nope
refuse "footprint zero" "bad value '0' for --footprints" "$barrier" --footprints=0
refuse "footprint not a multiple of 8" "bad value '12' for --footprints" "$barrier" --footprints=4K,12
refuse "bad --count" "bad value 'on-min:nope:4K' for --count" "$barrier" --count=on-min:nope:4K
refuse "option without its value" "--probes needs a value" "$scan" --probes
refuse "flag with a value" "--no-prim takes no value" "$scan" --no-prim=1
refuse "option given twice" "--probes is given twice" "$scan" --probes=stepped --probes=chunked
refuse "shim: bad --repetitions" "bad value '0' for --repetitions" "$shim" --repetitions=0
# numbers are decimal, bounded, and nothing may follow them; a configuration Go would not start on is refused
refuse "negative scans" "bad value ' -1' for --scans" "$probe" '--scans= -1'
refuse "too many scans" "bad value '100001' for --scans" "$probe" --scans=100001
refuse "a page size that wraps" "bad value ' -9223372036854775808' for --page-size" "$barrier" '--page-size= -9223372036854775808'
refuse "a page size past 1G" "bad value '2G' for --page-size" "$barrier" --page-size=2G
refuse "too many passes" "bad value 'on-min:valid:4K:1000001' for --count" "$barrier" --count=on-min:valid:4K:1000001
refuse "a label with a leading zero is decimal" "P=10000 is not valid" "$scan" --configs=P010000-T4K
refuse "junk after a label" "is not of the form P<size>-T<size>" "$scan" --configs=P64K-T4Kx
refuse "T above P" "Go refuses to start" "$scan" --configs=P4K-T64K
"$probe" --configs=x86-4k --bytes=040K >"$tmp/p0" 2>&1 || bad "--bytes=040K exited $?"
check "040K is 40960 bytes, not octal" "grep -q ' bytes=40960 ' '$tmp/p0'"
# the tables: within a kind, every name, every label and every role other than "-" once (a new configuration row
# whose P and T another row has would title two panels alike; a second "seed" would make the summary pick one)
{ "$scan" --list=tsv; "$barrier" --list=tsv | tail -n +2; } >"$tmp/list.tsv"
for col in name label role; do
	dup=$(awk -F'\t' -v c="$col" 'NR == 1 { for (i = 1; i <= NF; i++) h[$i] = i; next }
		$h[c] != "-" && seen[$1 SUBSEP $h[c]]++ { print $1 " " $h[c] }' "$tmp/list.tsv" | head -n 3 | tr '\n' ' ')
	check "each kind's ${col}s once in the tables (twice: $dup)" "[ -z '$dup' ]"
done
check "the tables list every kind" "[ \$(cut -f1 '$tmp/list.tsv' | sort -u | wc -l) -ge 9 ]"
# duplicates and empty lists: never one benchmark name twice, never a run of nothing
refuse "an empty stream list" "bad value '' for --streams: the list is empty" "$barrier" --streams=
refuse "an empty variant list" "bad value '' for --variants: the list is empty" "$barrier" --variants=
refuse "an empty footprint list" "bad value '' for --footprints: the list is empty" "$barrier" --footprints=
refuse "a variant twice" "a name appears twice" "$barrier" --variants=on-min,on-min
refuse "a footprint twice" "a size appears twice" "$barrier" --footprints=4K,4096
refuse "a configuration twice" "a configuration appears twice" "$scan" --configs=arm64-4k,P64K-T4K
refuse "an empty probe list" "the list is empty" "$scan" --probes=
# Google Benchmark's flags: checked before it sees them (it aborted on -1, ran nothing on a bad format)
refuse "repetitions -1" "bad value '-1' for --benchmark_repetitions" "$scan" --benchmark_repetitions=-1
refuse "an unknown format" "bad value 'xml' for --benchmark_format" "$scan" --benchmark_format=xml
refuse "an unknown time unit" "bad value 'ps' for --benchmark_time_unit" "$barrier" --benchmark_time_unit=ps
refuse "a boolean that is not one" "bad value 'maybe' for --benchmark_list_tests" "$scan" --benchmark_list_tests=maybe
rc=0
"$scan" --no-prim --benchmark_filter=nothing-matches-this >"$tmp/out" 2>"$tmp/err" || rc=$?
check "a filter that matches nothing: exit 2 (got $rc)" "[ $rc -eq 2 ] && grep -q \"no benchmark matches --benchmark_filter='nothing-matches-this'\" '$tmp/err'"
"$scan" --configs=x86-4k --probes=stepped --layouts=unmapped --min-bytes=1M --max-bytes=1M --no-prim \
	--benchmark_list_tests=0 --benchmark_min_time=0.001 --benchmark_format=json >"$tmp/l0.json" 2>/dev/null || bad "--benchmark_list_tests=0 exited $?"
check "--benchmark_list_tests=0 runs and prices the scan (model_ns > 0)" "jq -e '.benchmarks[0].model_ns > 0' '$tmp/l0.json' >/dev/null"

# exact counts through the shim into JSON, with both option spellings: the same benchmarks, the same counts
counts='[.benchmarks[] | {name, syscalls, einval, verdict_ok, t_emulated}]'
"$scan" --configs=arm64-4k,ppc64-64k --probes=stepped,chunked,stepped-dynamic --layouts=unmapped,tail --min-bytes=1M \
	--max-bytes=1M --no-prim --benchmark_min_time=0.001 --benchmark_format=json >"$tmp/scan.json" 2>"$tmp/err" ||
	bad "pagebound-scan run exited $?: $(cat "$tmp/err")"
"$scan" --configs arm64-4k,ppc64-64k --probes stepped,chunked,stepped-dynamic --layouts unmapped,tail --min-bytes 1M \
	--max-bytes 1M --no-prim --benchmark_min_time 0.001 --benchmark_format json >"$tmp/scan2.json" 2>"$tmp/err" ||
	bad "pagebound-scan (--opt value) exited $?: $(cat "$tmp/err")"
check "scan: --opt value gives the same JSON as --opt=value" \
	"[ \"\$(jq -c '$counts' '$tmp/scan.json')\" = \"\$(jq -c '$counts' '$tmp/scan2.json')\" ]"
# every other program: the same output for both spellings
same() { # DESCRIPTION FILE-A FILE-B
	check "$1: --opt value gives what --opt=value gives" "[ -s '$2' ] && cmp -s '$2' '$3'"
}
"$barrier" --count=on-phys-16k:low-10:4K:3 >"$tmp/b1" 2>&1 || bad "barrier --count= exited $?"
"$barrier" --count on-phys-16k:low-10:4K:3 >"$tmp/b2" 2>&1 || bad "barrier --count exited $?"
same "barrier --count" "$tmp/b1" "$tmp/b2"
"$barrier" --variants=on-min,on-dynamic --streams=valid,low-10 --footprints=4K,256K --page-size=16K --benchmark_list_tests >"$tmp/b1" 2>&1
"$barrier" --variants on-min,on-dynamic --streams valid,low-10 --footprints 4K,256K --page-size 16K --benchmark_list_tests >"$tmp/b2" 2>&1
same "barrier's lists" "$tmp/b1" "$tmp/b2"
check "barrier's lists: 8 benchmarks" "[ \$(wc -l <'$tmp/b1') -eq 8 ]"
"$probe" --configs=arm64-4k,x86-4k --probes=stepped,chunked --layouts=unmapped --bytes=1M --scans=2 --format=tsv >"$tmp/p1" 2>&1 || bad "probe (=) exited $?"
"$probe" --configs arm64-4k,x86-4k --probes stepped,chunked --layouts unmapped --bytes 1M --scans 2 --format tsv >"$tmp/p2" 2>&1 || bad "probe exited $?"
same "probe" "$tmp/p1" "$tmp/p2"
check "probe: 4 cases and a header" "[ \$(wc -l <'$tmp/p1') -eq 5 ]"
"$shim" --repetitions=2 --benchmark_list_tests >"$tmp/s1" 2>&1
"$shim" --repetitions 2 --benchmark_list_tests >"$tmp/s2" 2>&1
same "shim" "$tmp/s1" "$tmp/s2"
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
"$scan" --sweep=quick --benchmark_list_tests >"$tmp/quick" || bad "scan --sweep=quick --benchmark_list_tests exited $?"
check "the quick sweep: the seed's configuration only, 1M..1G" \
	"[ \$(grep -c '^scan/' '$tmp/quick') -gt 0 ] && ! grep '^scan/' '$tmp/quick' | grep -v -q '/P64K-T4K/' && ! grep -q 'bytes:262144$' '$tmp/quick'"
"$scan" --sweep=default --probes=stepped --no-prim --benchmark_list_tests >"$tmp/default" || bad "scan --sweep=default exited $?"
check "the default sweep: five configurations" "[ \$(cut -d/ -f3 '$tmp/default' | sort -u | wc -l) -eq 5 ]"

"$barrier" --variants=on-min,on-phys-64k,store --streams=bad-1,low-10 --footprints=8K --benchmark_min_time=0.001 \
	--benchmark_format=json >"$tmp/bar.json" 2>"$tmp/err" || bad "pagebound-barrier run exited $?: $(cat "$tmp/err")"
bget() { jq -r --arg n "$1" '.benchmarks[] | select(.name == $n) | .flagged_per_1000' "$tmp/bar.json"; }
# 1024 stores a pass: bad-1 has 10 values below M (every 100th), low-10 has 102 in [M, P)
check "on-min flags bad-1" "awk -v f=\$(bget barrier/on-min/bad-1/footprint:8192) 'BEGIN { exit !(f > 9.7 && f < 9.8) }'"
check "on-min ignores low-10" "[ \$(bget barrier/on-min/low-10/footprint:8192) = 0 ]"
check "on-phys-64k flags low-10" "awk -v f=\$(bget barrier/on-phys-64k/low-10/footprint:8192) 'BEGIN { exit !(f > 99.5 && f < 99.7) }'"
check "store flags nothing" "[ \$(bget barrier/store/bad-1/footprint:8192) = 0 ]"
"$barrier" --count=on-min:bad-1:8K:3 >"$tmp/count" || bad "--count exited $?"
"$barrier" --count on-min:bad-1:8K:3 >"$tmp/count2" || bad "--count (space) exited $?"
check "--count reports exact stores and flags" "grep -q 'stores=3072 flagged=30' '$tmp/count'"
check "barrier: --count VALUE is --count=VALUE" "cmp -s '$tmp/count' '$tmp/count2'"

# --list=tsv: one header, columns by name, one row per table entry (the cmocka tests compare rows and tables)
"$scan" --list=tsv >"$tmp/sl.tsv" && "$barrier" --list tsv >"$tmp/bl.tsv" || bad "--list=tsv exited $?"
hdr='kind	name	label	role	sweeps	t_mode	p_bytes	t_bytes	scans	symbol	bound	summary'
check "scan --list=tsv header" "[ \"\$(head -n 1 '$tmp/sl.tsv')\" = '$hdr' ]"
check "barrier --list=tsv header" "[ \"\$(head -n 1 '$tmp/bl.tsv')\" = '$hdr' ]"
check "every row has 12 columns" "awk -F'\t' 'NF != 12 { exit 1 }' '$tmp/sl.tsv' '$tmp/bl.tsv'"
check "text and tsv list the same probes" \
	"[ \"\$(awk -F'\t' '\$1 == \"probe\" { print \$2 }' '$tmp/sl.tsv')\" = \"\$("$scan" --list | awk '/^probes:/ { on = 1; next } /^\$/ { on = 0 } on { print \$1 }')\" ]"
check "the seed's configuration is arm64-4k, P64K-T4K" "awk -F'\t' '\$1 == \"config\" && \$4 == \"seed\" { f = \$2 \" \" \$3 } END { exit f != \"arm64-4k P64K-T4K\" }' '$tmp/sl.tsv'"
check "every variant names its callgrind symbol" "awk -F'\t' '\$1 == \"variant\" && \$10 !~ /^bar_/ { exit 1 }' '$tmp/bl.tsv'"

# pagebound-probe: the single-shot program hyperfine times
refuse "probe: unknown probe" "bad value 'nope' for --probes" "$probe" --probes=nope
refuse "probe: bad size" "bad value '6000' for --bytes" "$probe" --bytes=6000
refuse "probe: T not a power of two" "bad value '12K' for --page-size" "$probe" --page-size=12K
refuse "probe: unknown option" "unknown option '--frobnicate'" "$probe" --frobnicate
refuse "probe: --page-size with --configs" "give it or --configs, not both" "$probe" --page-size=64K --configs=arm64-4k
rc=0
"$probe" --configs=arm64-4k --probes=chunked --layouts=tail --bytes=1M >"$tmp/p1" 2>&1 || rc=$?
check "probe: chunked on arm64 tail exits 1 (got $rc)" "[ $rc -eq 1 ]"
check "probe: chunked says WRONG" "grep -q 'verdict=free truth=not-free WRONG' '$tmp/p1'"
check "probe: chunked makes 16 calls" "grep -q 'per scan: syscalls=16 mincore_enomem=16 ' '$tmp/p1'"
rc=0
"$probe" --configs ppc64-64k --bytes 1M --scans 3 >"$tmp/p2" 2>&1 || rc=$?
check "probe: stepped on ppc64 exits 0 (got $rc)" "[ $rc -eq 0 ]"
check "probe: 256 calls, 240 EINVAL per scan" "grep -q 'per scan: syscalls=256 mincore_enomem=16 mincore_mapped=0 einval=240 ' '$tmp/p2'"
rc=0
"$probe" --page-size=64K --probes=stepped-dynamic --layouts=tail --bytes=1M >"$tmp/p3" 2>&1 || rc=$?
check "probe: compiled-in P with emulated T" "[ $rc -eq 0 ] && grep -q '(build, T emulated)' '$tmp/p3' && grep -q 'syscalls=16 ' '$tmp/p3'"
check "probe: --version names the compiled-in P and M" "\"$probe\" --version | grep -q 'compiled-in P=[0-9]* M=[0-9]*'"
rc=0
"$probe" --configs=arm64-4k,ppc64-64k --probes=stepped,chunked --layouts=unmapped,tail,sparse --bytes=64K,1M \
	--format=tsv >"$tmp/p4" 2>&1 || rc=$?
check "probe: a product of lists exits 1 (chunked is wrong on arm64 tail; got $rc)" "[ $rc -eq 1 ]"
# 2 configs x 2 probes x 3 layouts x 2 sizes = 24, less sparse at 64K (16 pages of 4K, 1 page of 64K) and at
# 1M under T = 64K (16 pages): 24 - 2 - 2 - 2 = 18 rows
check "probe: --format=tsv has a header and 18 rows" "[ \$(tail -n +2 '$tmp/p4' | wc -l) -eq 18 ] && head -n 1 '$tmp/p4' | grep -q '^probe	config	label	t_mode	layout	bytes'"
check "probe: the tsv row of chunked on arm64 tail" "grep -q '^chunked	arm64-4k	P64K-T4K	native	tail	1048576	1	free	not-free	no	16	' '$tmp/p4'"

# every size of a fitted family skipped: Google Benchmark 1.7.1 crashed computing the fit (SIGSEGV); now exit 1,
# and the message names the cause. An address-space limit (not under AddressSanitizer, which needs terabytes):
if ! nm "$scan" 2>/dev/null | grep -q __asan_init; then
	rc=0
	(ulimit -v 200000 && "$scan" --configs=arm64-4k --probes=stepped --layouts=unmapped --min-bytes=256M --max-bytes=1G \
		--no-prim --benchmark_min_time=0.001 --benchmark_format=json) >"$tmp/ul.json" 2>"$tmp/err" || rc=$?
	check "every size over the address-space limit: exit 1, no crash (got $rc)" "[ $rc -eq 1 ]"
	check "the skip names the address-space limit" "[ \$(jq '[.benchmarks[] | select(.error_message | test(\"address-space limit .ulimit -v 200000 KiB.\"))] | length' '$tmp/ul.json') -eq 2 ]"
fi
# and no transparent huge page (THP disabled for the process, as on a machine set to never)
rc=0
"$nothp" "$scan" --configs=x86-4k --probes=stepped,chunked --layouts=thp --min-bytes=2M --max-bytes=32M --no-prim \
	--benchmark_min_time=0.001 --benchmark_format=json >"$tmp/thp.json" 2>"$tmp/err" || rc=$?
check "no THP: exit 1, no crash (got $rc: $(tail -n 1 '$tmp/err'))" "[ $rc -eq 1 ]"
check "no THP: every thp case skipped, saying why" "[ \$(jq '[.benchmarks[] | select(.error_message // \"\" | test(\"gave no huge page\"))] | length' '$tmp/thp.json') -eq 6 ]"

finish
