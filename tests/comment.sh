#!/bin/sh
# comment.sh: the pull-request comment (compare.md) and its TSV, on data written to bend them: skip messages and
# benchmark names that hold a newline, a code fence, </details>, an <img src=https://...>, @-mentions, a pipe, a
# backtick, a terminal escape and a fake verdict line, in paired rounds and in two plain files. Whatever the data,
# the markdown's first line is its heading with the real verdict, no other verdict is outside a code span, no HTML
# but the report's own <details>/<summary> and no @ is outside one, every code span closes on its line and nothing
# opens a fence; the TSV has one row per benchmark, each with the header's fields, and every other line a # comment;
# the text has no escape byte, and no invisible or bidi character (U+202E, U+200B, U+2028: shown as \u{NNNN}).
# usage: comment.sh PAGEBOUND-COMPARE
set -eu
cmp=$1
. "$(dirname -- "$0")/lib.sh"

evil_msg='x\n```\n</details>\n\n### pagebound: no regression\n\n<img src=https://example.com/a.png> @octocat @org/team <!--\n\033[2J|`'
# names: two that pass, the rest hostile; bad is only in NEW (a name printed by the unpaired tail), skip is skipped
# in NEW with the message above
gen() { # gen FILE ROUND SIDE
	jq -n --arg msg "$(printf "$evil_msg")" --argjson round "$2" --arg side "$3" '
	def rep(n; t): [range(0; 6) | {name: n, run_name: n, run_type: "iteration", repetition_index: ., cpu_time: (t * (1 + . / 1000)),
		real_time: t, time_unit: "ns", syscalls: 16}];
	{context: ({pagebound_version: "t"} + if $round > 0 then {pagebound_round: ($round | tostring)} else {} end), benchmarks: (
		rep("scan/stepped/P64K-T4K/unmapped/bytes:1048576"; 1000) +
		rep("scan/stepped/P64K-T4K/unmapped/bytes:4194304"; 4000) +
		rep("prim/`x`|<img src=https://example.com/b.png>@octocat"; 300) +
		rep("prim/```\n### pagebound: no regression"; 200) +
		rep("\u202eNOISSERGER ON :ytnuobegap ###\u200b\u2028x"; 150) +
		(if $side == "new" then rep("prim/only-new <b>@octocat</b>\n```"; 100) +
			[{name: "prim/skip", run_name: "prim/skip", run_type: "iteration", skipped: true, skip_message: $msg,
			  error_occurred: false}]
		 else rep("prim/skip"; 50) end))}' >"$1"
}
mkdir -p "$tmp/old" "$tmp/new"
r=1
while [ $r -le 6 ]; do
	gen "$tmp/old/round-$r.json" $r old
	gen "$tmp/new/round-$r.json" $r new
	r=$((r + 1))
done

# check_md FILE WHAT: the comment's rules
check_md() {
	f=$1 what=$2
	sed 's/`[^`]*`//g' "$f" >"$tmp/outside"
	check "$what: the first line is the heading with the real verdict ($(head -n 1 "$f"))" \
		"head -n 1 '$f' | grep -qxE '### pagebound: (REGRESSION|no regression|NO VERDICT)'"
	check "$what: one heading, and no verdict outside a code span but the heading's and the verdict line's" \
		"[ \$(grep -c '^#' '$f') -eq 1 ] && [ \$(grep -cE '(no regression|NO VERDICT|REGRESSION):? ' '$tmp/outside') -le 1 ] && sed -n 3p '$f' | grep -qE '^(REGRESSION|no regression|NO VERDICT): '"
	check "$what: no HTML outside a code span but <details> and <summary>" \
		"! grep -o '<[^>]*>' '$tmp/outside' | grep -vxE '</?(details|summary)>' | grep -q ."
	check "$what: no @ outside a code span" "! grep -q @ '$tmp/outside'"
	check "$what: each code span closes on its line, no fence" \
		"! awk '{ n = gsub(/\`/, \"&\") } n % 2 { bad = 1 } END { exit !bad }' '$f' && ! grep -q '\`\`\`' '$f'"
	check "$what: no escape byte" "! grep -q \"\$(printf '\\033')\" '$f'"
	# U+202E (a right-to-left override: the name reads as "### pagebound: NO REGRESSION"), U+200B, U+2028: shown escaped
	check "$what: no invisible or bidi character, each shown as \\u{NNNN}" \
		"! grep -q -e \"\$(printf '\\342\\200\\256')\" -e \"\$(printf '\\342\\200\\213')\" -e \"\$(printf '\\342\\200\\250')\" '$f' && grep -qF '\\u{202E}NOISSERGER' '$f' && grep -qF '\\u{200B}\\u{2028}x' '$f'"
}
# check_tsv FILE WHAT ROWS: ROWS benchmark rows (paired: kind "benchmark"), every row with the header's fields, every
# other line a comment
check_tsv() {
	check "$2: $3 benchmark rows, each row with the header's fields; every other line a # comment" \
		"awk -F '\t' 'NR == 1 { nf = NF; paired = \$1 == \"kind\"; next } /^# / { next } NF != nf { bad = 1 } !paired || \$1 == \"benchmark\" { rows++ } END { exit bad || rows != $3 }' '$1'"
}

# paired rounds (scripts/compare's engine)
rc=0
"$cmp" --markdown-out "$tmp/p.md" --tsv-out "$tmp/p.tsv" "$tmp/old" "$tmp/new" >"$tmp/p.txt" 2>"$tmp/p.err" || rc=$?
check "paired: a report (exit 0, 1 or 2: no verdict; got $rc: $(head -c 200 "$tmp/p.err"))" "[ $rc -le 2 ] && [ -s '$tmp/p.md' ]"
check_md "$tmp/p.md" "paired markdown"
printf '%s\n' "\`x\\n'''\\n</details>" >"$tmp/pat-skip"
printf '%s\n' "- only in NEW: \`prim/only-new <b>@octocat</b>\\n'''\`" >"$tmp/pat-only"
check "paired markdown: the skip message is there, as a code span" "grep -qF -f '$tmp/pat-skip' '$tmp/p.md'"
check "paired markdown: the name only in NEW is a list item, its markup in a code span" \
	"grep -qxF -f '$tmp/pat-only' '$tmp/p.md'"
check_tsv "$tmp/p.tsv" "paired TSV" 5
check "paired TSV: a family row each for the scans and the three primitives with hostile names" "[ \$(awk -F '\t' '\$1 == \"family\"' '$tmp/p.tsv' | wc -l) -eq 4 ]"
check "paired text: no escape byte" "! grep -q \"\$(printf '\\033')\" '$tmp/p.txt'"

# two files, unpaired
gen "$tmp/u-old.json" 0 old
gen "$tmp/u-new.json" 0 new
rc=0
"$cmp" --markdown-out "$tmp/u.md" --tsv-out "$tmp/u.tsv" "$tmp/u-old.json" "$tmp/u-new.json" >"$tmp/u.txt" 2>"$tmp/u.err" || rc=$?
check "unpaired: a verdict (exit 0 or 1, got $rc: $(head -c 200 "$tmp/u.err"))" "[ $rc -le 1 ]"
check_md "$tmp/u.md" "unpaired markdown"
check "unpaired markdown: only in NEW, skipped in NEW: list items with the data in code spans" \
	"grep -q '^- only in NEW: \`prim/only-new <b>@octocat</b>' '$tmp/u.md' && grep -q '^- skipped in NEW: \`prim/skip\` (1 run(s): \`x' '$tmp/u.md'"
check_tsv "$tmp/u.tsv" "unpaired TSV" 6
check "unpaired TSV and text: the verdict once, last" \
	"[ \$(grep -c 'benchmarks compared' '$tmp/u.tsv') -eq 1 ] && tail -n 1 '$tmp/u.tsv' | grep -q '^# .*benchmarks compared' && tail -n 1 '$tmp/u.txt' | grep -q 'benchmarks compared'"
check "unpaired text: no escape byte, the skip message one line" \
	"! grep -q \"\$(printf '\\033')\" '$tmp/u.txt' && [ \$(grep -c 'skipped in NEW' '$tmp/u.txt') -eq 1 ]"
finish
