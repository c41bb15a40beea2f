#!/bin/sh
# intake.sh: pagebound-intake tar (libarchive's tar formats, pagebound's policy) over the crafted streams of
# tests/intake-corpus (make.sh writes them): each one's exit status and what it says, or the files it took, as
# expected.tsv gives them; nothing half-taken is left. Run in every build, the sanitizer pass included, so that
# ASan and UBSan read every stream too. The fuzz target (src/history/fuzz_intake.c) starts from the same corpus.
set -eu
src=${PB_SOURCE_ROOT:?set by meson test}
I=${PB_BUILD_ROOT:?set by meson test}/src/pagebound-intake
. "$(dirname -- "$0")/lib.sh"
C=$src/tests/intake-corpus
n=0
tail -n +2 "$C/expected.tsv" | while IFS='	' read -r f want says; do
	rm -rf "$tmp/in"
	rc=0
	"$I" tar --out "$tmp/in" --from corpus <"$C/$f" >"$tmp/out" 2>"$tmp/err" || rc=$?
	if [ "$want" -eq 0 ]; then
		got=$(ls "$tmp/in" 2>/dev/null | tr '\n' ' ' | sed 's/ $//')
		[ "$rc" -eq 0 ] && [ "$got" = "$says" ] && [ ! -s "$tmp/err" ] || echo "FAIL: $f: exit 0 and the files '$says' (got exit $rc, files '$got': $(cat "$tmp/err"))"
	else
		[ "$rc" -eq "$want" ] && grep -q -F -- "$says" "$tmp/err" && [ "$(wc -l <"$tmp/err")" -eq 1 ] && [ ! -e "$tmp/in" ] ||
			echo "FAIL: $f: exit $want, one line saying '$says', nothing left (got exit $rc: $(cat "$tmp/err"))"
	fi
done >"$tmp/fails"
n=$(tail -n +2 "$C/expected.tsv" | wc -l)
check "every stream of the corpus ($n) as expected.tsv says:
$(cat "$tmp/fails")" "[ ! -s '$tmp/fails' ]"
check "the corpus holds every stream expected.tsv names, and expected.tsv every stream" \
	"[ \"\$(ls '$C' | grep -v -e '^make.sh\$' -e '^expected.tsv\$' | sort)\" = \"\$(tail -n +2 '$C/expected.tsv' | cut -f1 | sort)\" ]"
finish
