#!/bin/sh
# configs.sh: scripts/configs draws its table and chart from fixture hyperfine and pagebound-scan JSON, and
# refuses an unknown configuration or a failed build with a clear message and exit 2.
set -eu
src=${PB_SOURCE_ROOT:?set by meson test}
. "$(dirname -- "$0")/lib.sh"
near() { awk -v a="$1" -v b="$2" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(d <= 1e-6 * (b < 0 ? -b : b) + 1e-9) }'; }
# col CONFIG PROBE COLUMN: the named column of that row of configs.tsv
col() { awk -F'\t' -v c="$1" -v p="$2" -v k="$3" 'NR == 1 { for (i = 1; i <= NF; i++) h[$i] = i; next }
	$h["config"] == c && $h["probe"] == p { print $h[k] }' "$tmp/run/configs.tsv"; }

export PB_BUILD_DIR="${PB_BUILD_ROOT:?set by meson test}"
cp -r "$src/tests/fixtures/configs-small" "$tmp/run"
"$src/scripts/configs" --plot "$tmp/run" >"$tmp/out" 2>"$tmp/err" || bad "configs --plot exited $?: $(cat "$tmp/err")"
for ext in png svg; do check "configs.$ext made" "[ -s '$tmp/run/configs.$ext' ]"; done
check "configs.png is a PNG" "head -c 4 '$tmp/run/configs.png' | od -An -c | grep -q 'P   N   G'"
check "header: ratios to the baseline, which is named" "head -n 1 '$tmp/run/configs.tsv' | grep -q 'whole_vs_baseline	inproc_vs_baseline	baseline	'"
check "the baseline is x86-4k" "[ \"\$(col arm64-4k stepped baseline)\" = x86-4k ]"
check "4 rows (2 configurations x 2 probes)" "[ \$(tail -n +2 '$tmp/run/configs.tsv' | wc -l) -eq 4 ]"
check "arm64 stepped: label" "[ \"\$(col arm64-4k stepped label)\" = P64K-T4K ]"
check "arm64 stepped: hyperfine mean" "near \"\$(col arm64-4k stepped hf_mean_s)\" 0.26134531040000003"
check "arm64 stepped: whole ns per scan = mean / 2 scans" "near \"\$(col arm64-4k stepped whole_ns_per_scan)\" 130672655.2"
check "arm64 stepped: in-process median of 5" "near \"\$(col arm64-4k stepped inproc_ns_per_scan)\" 128013296.99999987"
check "arm64 chunked: ratio to x86" "near \"\$(col arm64-4k chunked whole_vs_baseline)\" \$(awk 'BEGIN { print 0.0184501246 / 0.2651267906 }')"
check "x86 is 1 against itself" "[ \"\$(col x86-4k stepped whole_vs_baseline)\" = 1 ]"
# rounds: each configuration's scans in files scan-CFG.json.N (the builds in turns); the ratio comes from the rounds,
# paired, with its interval. Eight rounds: arm64-4k's stepped is 1.10 x86's in each round (+-2% apart), its
# chunked the same as x86's (+-1%, alternating): slower and same, each interval holding its ratio
mkdir "$tmp/rounds"
cp "$tmp/run"/hyperfine-*.json "$tmp/run/baseline" "$tmp/rounds/"
for r in 1 2 3 4 5 6 7 8; do
	for c in x86-4k arm64-4k; do
		f=1
		[ $c = x86-4k ] || f=$(awk -v r=$r 'BEGIN { print (r % 2 ? 1.01 : 0.99) }')
		s=$(awk -v r=$r -v c=$c 'BEGIN { print (c == "x86-4k" ? 1 : 1.10 + (r % 3 - 1) * 0.02) }')
		jq --argjson f "$f" --argjson s "$s" --argjson r "$r" '.benchmarks |= [.[] | select(.repetition_index == 0) |
			.cpu_time = (.cpu_time * (1 + $r / 100) * (if (.name | test("stepped")) then $s else $f end))]' \
			"$tmp/run/scan-x86-4k.json" >"$tmp/rounds/scan-$c.json.$r" # both from x86-4k's: the same work, then scaled
	done
done
"$src/scripts/configs" --plot "$tmp/rounds" >/dev/null 2>"$tmp/err" || bad "configs --plot on rounds exited $?: $(cat "$tmp/err")"
rcol() { awk -F'\t' -v c="$1" -v p="$2" -v k="$3" 'NR == 1 { for (i = 1; i <= NF; i++) h[$i] = i; next }
	$h["config"] == c && $h["probe"] == p { print $h[k] }' "$tmp/rounds/configs.tsv"; }
check "rounds: 8 paired rounds" "[ \"\$(rcol arm64-4k stepped inproc_rounds)\" = 8 ]"
check "rounds: stepped 1.10 times slower, its interval holding 1.10 and not 1" \
	"awk -v e=\$(rcol arm64-4k stepped inproc_vs_baseline) -v lo=\$(rcol arm64-4k stepped inproc_lo) -v hi=\$(rcol arm64-4k stepped inproc_hi) 'BEGIN { exit !(e > 1.09 && e < 1.11 && lo <= 1.10 && hi >= 1.10 && lo > 1) }' && [ \"\$(rcol arm64-4k stepped inproc_verdict)\" = slower ]"
check "rounds: chunked the same, its interval holding 1" \
	"awk -v lo=\$(rcol arm64-4k chunked inproc_lo) -v hi=\$(rcol arm64-4k chunked inproc_hi) 'BEGIN { exit !(lo <= 1 && hi >= 1 && hi - lo < 0.05) }' && [ \"\$(rcol arm64-4k chunked inproc_verdict)\" = same ]"
check "rounds: one block has no interval" "[ \"\$(col arm64-4k stepped inproc_lo)/\$(col arm64-4k stepped inproc_verdict)\" = -/- ]"
# the write barrier in each build: on-phys carries the build's P
bcol() { awk -F'\t' -v c="$1" -v v="$2" -v s="$3" -v k="$4" 'NR == 1 { for (i = 1; i <= NF; i++) h[$i] = i; next }
	$h["config"] == c && $h["variant"] == v && $h["stream"] == s { print $h[k] }' "$tmp/run/configs-barrier.tsv"; }
check "configs-barrier: made, with its chart" "[ -s '$tmp/run/configs-barrier.tsv' ] && [ -s '$tmp/run/configs-barrier.png' ]"
check "configs-barrier: arm64-4k's on-phys flags 100 per 1000 of low-10, bound 64K" "[ \"\$(bcol arm64-4k on-phys low-10 flagged_per_1000)/\$(bcol arm64-4k on-phys low-10 bound_bytes)\" = 100/65536 ]"
check "configs-barrier: x86-4k's on-phys (P = M) flags none" "[ \"\$(bcol x86-4k on-phys low-10 flagged_per_1000)/\$(bcol x86-4k on-phys low-10 bound_bytes)\" = 0/4096 ]"
check "configs-barrier: instructions per store joined" "[ \"\$(bcol arm64-4k on-phys low-10 instructions_per_store)\" = 19.455 ]"

# bad input
rc=0
"$src/scripts/configs" --plot "$tmp/none" >/dev/null 2>"$tmp/err" || rc=$?
check "missing directory: exit 2" "[ $rc -eq 2 ] && grep -q 'does not exist' '$tmp/err'"
mkdir "$tmp/nothf" && echo '{"benchmarks": []}' >"$tmp/nothf/hyperfine-x86-4k.json"
rc=0
"$src/scripts/configs" --plot "$tmp/nothf" >/dev/null 2>"$tmp/err" || rc=$?
check "not hyperfine JSON: exit 2" "[ $rc -eq 2 ] && grep -q 'is not hyperfine --export-json output' '$tmp/err'"
export PB_BUILD_DIR="${PB_BUILD_ROOT:?set by meson test}"
rc=0
"$src/scripts/configs" --out "$tmp/o1" x86-4k sparc >/dev/null 2>"$tmp/err" || rc=$?
check "unknown configuration: exit 2 (got $rc)" "[ $rc -eq 2 ]"
check "unknown configuration: named" "grep -q \"unknown configuration 'sparc' (valid: x86-4k\" '$tmp/err'"
check "unknown configuration: nothing built" "[ ! -e '$tmp/o1' ]"
rc=0
"$src/scripts/configs" --probes bogus --out "$tmp/o3" x86-4k >/dev/null 2>"$tmp/err" || rc=$?
check "unknown probe: exit 2 before building (got $rc)" "[ $rc -eq 2 ] && [ ! -e '$tmp/o3' ] && grep -q \"bad value 'bogus' for --probes\" '$tmp/err'"
rc=0
PB_CONFIGS_BUILD_ROOT=$tmp PB_CONFIGS_SETUP_ARGS=-Dno_such_option=1 "$src/scripts/configs" --out "$tmp/o2" x86-4k \
	>/dev/null 2>"$tmp/err" || rc=$?
check "failed build: exit 2 (got $rc)" "[ $rc -eq 2 ]"
check "failed build: named" "grep -q 'build of configuration x86-4k failed' '$tmp/err'"
rc=0
"$src/scripts/configs" --scans 0 x86-4k >/dev/null 2>"$tmp/err" || rc=$?
check "--scans 0: exit 2" "[ $rc -eq 2 ]"

finish
