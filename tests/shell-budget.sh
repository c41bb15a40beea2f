#!/bin/sh
# shell-budget.sh: the shell orchestrates; every figure is computed in C (docs/design.md, "Where each figure is
# computed"). scripts/ and plots/ hold at most 2,500 lines that are neither blank nor comment, and none of them
# defines a statistic (a median, percentile, mean or CV: a jq def, an awk function, sorted-index arithmetic, a
# square root) or escapes HTML: those live in src/results/ and src/site/html.c.
set -eu
src=${PB_SOURCE_ROOT:?set by meson test}
. "$(dirname -- "$0")/lib.sh"
cd "$src"
files=$(git ls-files scripts plots 2>/dev/null || find scripts plots -type f)
# shellcheck disable=SC2086
lines=$(cat $files | grep -vcE '^[[:space:]]*(#|$)')
check "scripts/ and plots/: $lines lines that are neither blank nor comment, at most 2500" "[ $lines -le 2500 ]"
# shellcheck disable=SC2086
stats=$(grep -nE 'def +(median|percentile|mean|cv)|function +[a-z_]*(median|percentile|mean|cv)[a-z_]* *\(|sqrt *\(|\(n *\+ *1\) */ *2|n */ *2 *\+ *1|length */ *2|asort *\(' $files | head -n 3 | tr '\n' ' ')
check "no statistic defined in scripts/ or plots/ (found: $stats)" "[ -z '$stats' ]"
# shellcheck disable=SC2086
html=$(grep -nE '&(lt|gt|amp|quot|#39);' $files | head -n 3 | tr '\n' ' ')
check "no HTML escaped in scripts/ or plots/ (found: $html)" "[ -z '$html' ]"
# the helper itself must be able to fail: a line that defines a median is caught
printf 'function median(v) { return v }\n' >"$tmp/x"
check "the statistics pattern catches an awk median" "grep -qE 'function +[a-z_]*(median|percentile|mean|cv)[a-z_]* *\\(' '$tmp/x'"
finish
