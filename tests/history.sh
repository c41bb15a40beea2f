#!/bin/sh
# history.sh: the history store (scripts/history, pagebound-history) on runs of machines made here: their series
# stay apart (exact run counts per machine), a step on one machine is found at its run and fails `check` for it
# alone, a new kernel is an event not a machine, an incomplete run is listed and left out; an import at a time gives
# what a rebuild gives; a run imported twice changes nothing, a changed run is imported again; imports at once all
# land; a file that is not a history, or a newer one, is refused and left as it is; a run holding only its JSON is
# read; --import of what is not a results directory is exit 2 and one line, of another machine's runs keeps them
# apart; the site's HTML passes xmllint, and every link and image in every page it wrote resolves to a file.
set -eu
src=${PB_SOURCE_ROOT:?set by meson test}
export PB_BUILD_DIR="${PB_BUILD_ROOT:?set by meson test}"
. "$(dirname -- "$0")/lib.sh"
. "$src/scripts/common.sh" # tsv_get
R=$tmp/results
export PB_RESULTS_DIR=$R
H=$PB_BUILD_DIR/src/pagebound-history
ex() { "$H" --results "$R" "$@"; } # a report of the store, as TSV
# col FILE NAME: the column NAME of a TSV's rows
col() { awk -F'\t' -v c="$2" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == c) k = i; next } { print $k }' "$1"; }

# machine A: 12 runs, 20% slower from run 8 on; machine B: 12 runs, flat, a new kernel from run 6 on
for i in 1 2 3 4 5 6 7 8 9 10 11 12; do
	mkrun "$R/a-$i" hosta 6.1.0 "$i" "$([ "$i" -ge 8 ] && echo 1.2 || echo 1)"
	mkrun "$R/b-$i" hostb "$([ "$i" -ge 6 ] && echo 6.1.1 || echo 6.1.0)" "$i" 1
done
mkrun "$R/b-13" hostb 6.1.1 13 1
# a machine whose host name is markup, shell and SQL: shown as text, never run
for i in 1 2 3 4 5 6; do mkrun "$R/h-$i" '<script>alert(1)</script>$(touch pwned)`touch pwned2`'"'); DROP TABLE run; --" 6.1.0 "$i" 1; done
echo "interrupted" >"$R/b-13/INCOMPLETE"

rc=0
"$src/scripts/history" >"$tmp/out" 2>"$tmp/err" || rc=$?
check "update: exit 0 (got $rc: $(cat "$tmp/err"))" "[ $rc -eq 0 ] && grep -q '31 runs imported' '$tmp/err'"
ex export machines >"$tmp/machines"
check "three machines" "[ \$(tail -n +2 '$tmp/machines' | wc -l) -eq 3 ]"
ma=$(awk -F'\t' '$2 == "hosta" { print $1 }' "$tmp/machines")
mb=$(awk -F'\t' '$2 == "hostb" { print $1 }' "$tmp/machines")
check "machine ids differ and name their host" "[ -n '$ma' ] && [ -n '$mb' ] && [ '$ma' != '$mb' ] && case '$ma' in hosta-*) true ;; *) false ;; esac"
check "the hostile host name is data: its machine is there, the run table too" "grep -q 'DROP TABLE run' '$tmp/machines' && [ \$(ex export runs | wc -l) -eq 32 ]"
fam=scan/stepped/P64K-T4K/unmapped
ex export series >"$tmp/series"
check "series apart: 12 runs of the family on A, 12 on B (the incomplete run left out)" \
	"[ \$(awk -F'\t' -v m='$ma' -v s='$fam' '\$1 == m && \$3 == s' '$tmp/series' | wc -l) -eq 12 ] && [ \$(awk -F'\t' -v m='$mb' -v s='$fam' '\$1 == m && \$3 == s' '$tmp/series' | wc -l) -eq 12 ]"
check "a family pools its sizes from 1 MiB (2 members); 64 KiB is a family of its own (as in the gate)" \
	"awk -F'\t' -v s='$fam' '\$3 == s && \$12 != 2 { bad = 1 } END { exit bad }' '$tmp/series' && [ \$(awk -F'\t' -v s='$fam/bytes:65536' '\$3 == s' '$tmp/series' | wc -l) -eq 30 ]"
check "a run's value is the geometric mean of its sizes' fastest repetitions (b-1: 1000 and 4000 ns: 2000)" \
	"awk -F'\t' -v s='$fam' '\$3 == s && \$8 == \"b-1\" && \$11 == 2000 { f = 1 } END { exit !f }' '$tmp/series'"
check "a barrier's value is its fastest ns_per_store (1.5)" "awk -F'\t' '\$3 == \"barrier/on-min/valid/footprint:4096\" && \$8 == \"b-1\" && \$11 == 1.5 { f = 1 } END { exit !f }' '$tmp/series'"
check "the incomplete run is listed as such, and has no values" \
	"ex export runs | grep -q '	b-13	incomplete	interrupted	' && ! awk -F'\t' '\$8 == \"b-13\"' '$tmp/series' | grep -q ."
ex export changes >"$tmp/changes"
check "A's step found at run 8, +20% (its interval holding it)" \
	"awk -F'\t' -v m='$ma' -v s='$fam' '\$1 == m && \$3 == s && \$5 == 8 && \$10 > 15 && \$10 < 25 && \$11 < 20 && \$12 > 20 { f = 1 } END { exit !f }' '$tmp/changes'"
check "no change point on B (its kernel changed, its times did not)" "! awk -F'\t' -v m='$mb' '\$1 == m' '$tmp/changes' | grep -q ."
check "B's new kernel is an event at run 6" "ex export events | grep -q '^$mb	quick	b-6	.*	kernel 6.1.0 -> 6.1.1\$'"

# pagebound-changes by hand: both option spellings give the same change points (one, at run 11 of 20)
awk 'BEGIN { OFS = "\t"; print "series", "run", "commit", "value"
	for (i = 1; i <= 20; i++) print "s", "r" i, "c" i, (i > 10 ? 1200 : 1000) * (1 + 0.01 * ((i * 7) % 5 - 2) / 2) }' >"$tmp/cp.tsv"
"$PB_BUILD_DIR/src/pagebound-changes" --alpha=0.01 --perms=199 --seed=7 "$tmp/cp.tsv" >"$tmp/cp1" 2>&1 || bad "pagebound-changes (=) exited $?"
"$PB_BUILD_DIR/src/pagebound-changes" --alpha 0.01 --perms 199 --seed 7 "$tmp/cp.tsv" >"$tmp/cp2" 2>&1 || bad "pagebound-changes exited $?"
check "pagebound-changes: --opt value gives what --opt=value gives" "[ -s '$tmp/cp1' ] && cmp -s '$tmp/cp1' '$tmp/cp2'"
check "pagebound-changes: one change point, at run 11 (r11), slower" "[ \$(tail -n +2 '$tmp/cp1' | wc -l) -eq 1 ] && awk -F'\t' 'NR == 2 && \$2 == 11 && \$4 == \"r11\" && \$13 == \"slower\" { f = 1 } END { exit !f }' '$tmp/cp1'"

rc=0
"$src/scripts/history" check >"$tmp/out" 2>"$tmp/err" || rc=$?
check "check: exit 1, A's family named (got $rc)" "[ $rc -eq 1 ] && grep -q '^REGRESSION: $ma quick $fam: +' '$tmp/out' && ! grep -q '$mb' '$tmp/out'"
rc=0
"$src/scripts/history" check --machine "$mb" >"$tmp/out" 2>"$tmp/err" || rc=$?
check "check --machine B: exit 0 (got $rc)" "[ $rc -eq 0 ] && grep -q '^no regression' '$tmp/out'"
check "check --machine B: each of its series could flag 5% (12 runs at 1% noise)" \
	"grep -qE '^([0-9]+) of \\1 gating series could flag a step of 5% at their end' '$tmp/out' && ! grep -q '^cannot see' '$tmp/out'"
rc=0
"$src/scripts/history" check --threshold 25 >"$tmp/out" 2>"$tmp/err" || rc=$?
check "check --threshold 25: a 20% step passes (got $rc)" "[ $rc -eq 0 ]"
refuse "check --threshold 1001" "bad value '1001' for --threshold" "$src/scripts/history" check --threshold 1001

# an import at a time (shuffled) gives what a rebuild gives; twice changes nothing; a changed run is read again
cp "$R/history.db" "$tmp/incremental.db"
ls "$R" | grep -E '^(a|b|h)-' | sort -t- -k2,2n -k1,1r >"$tmp/order"
rm -f "$tmp/one.db"
while IFS= read -r r; do "$H" --quiet --results "$R" --db "$tmp/one.db" import "$r" || bad "import $r exited $?"; done <"$tmp/order"
"$src/scripts/history" rebuild >"$tmp/out" 2>&1 || bad "rebuild exited $?: $(cat "$tmp/out")"
for what in machines series changes events; do
	"$H" --no-update --results "$R" --db "$tmp/one.db" export "$what" >"$tmp/one.$what"
	ex export "$what" >"$tmp/all.$what"
	check "one at a time = rebuild: the same $what ($(wc -l <"$tmp/all.$what") lines)" "cmp -s '$tmp/one.$what' '$tmp/all.$what'"
done
"$H" --results "$R" --db "$tmp/one.db" import a-3 a-3 2>"$tmp/err" || bad "import twice exited $?"
"$H" --no-update --results "$R" --db "$tmp/one.db" export series >"$tmp/again"
check "a run imported twice changes nothing" "cmp -s '$tmp/again' '$tmp/one.series' && grep -q '0 runs imported, 2 unchanged' '$tmp/err'"
jq '.benchmarks |= map(if .name == "prim/getppid" then .cpu_time *= 2 else . end)' "$R/a-3/scan-stepped.json" >"$tmp/j" && mv "$tmp/j" "$R/a-3/scan-stepped.json"
"$H" --results "$R" --db "$tmp/one.db" update 2>"$tmp/err" || bad "update after a change exited $?"
check "a run whose JSON changed is imported again (its primitive now twice as slow)" \
	"grep -q '1 runs imported' '$tmp/err' && \"\$H\" --results '$R' --db '$tmp/one.db' export series | awk -F'\t' '\$3 == \"prim/getppid\" && \$8 == \"a-3\" && \$11 > 300 { f = 1 } END { exit !f }'"
gzip "$R/a-4/scan-stepped.json"
"$H" --results "$R" --db "$tmp/one.db" update 2>"$tmp/err" || bad "update after compressing exited $?"
check "a run whose JSON was compressed: the same run (not imported again), its values read from .json.gz" \
	"grep -q '0 runs imported' '$tmp/err' && ex export series | awk -F'\t' '\$8 == \"a-4\"' | grep -q ."

# imports at once: every run lands, the store stays whole
mkdir "$tmp/par"
for i in 1 2 3 4 5 6 7 8; do mkrun "$R/p-$i" hostp 6.1.0 "$i" 1; done
for i in 1 2 3 4 5 6 7 8; do "$H" --quiet --results "$R" --db "$tmp/par.db" import "p-$i" 2>"$tmp/par/$i.err" & done
wait
check "8 imports at once: 8 runs, the store whole" "[ \$(\"\$H\" --no-update --results '$R' --db '$tmp/par.db' export runs | wc -l) -eq 9 ] && [ \"\$(sqlite3 '$tmp/par.db' 'PRAGMA integrity_check')\" = ok ] && ! cat '$tmp/par'/*.err | grep -q ."

# a file that is not a history, or one of a newer pagebound: one line, exit 2, left as it is
echo "not a database, but someone's file" >"$tmp/notdb"
cp "$tmp/notdb" "$tmp/notdb.orig"
refuse "a store that is not SQLite" "cannot be read as a history" "$H" --results "$R" --db "$tmp/notdb" update
check "a store that is not SQLite: left as it was" "cmp -s '$tmp/notdb' '$tmp/notdb.orig'"
cp "$R/history.db" "$tmp/newer.db"
sqlite3 "$tmp/newer.db" 'PRAGMA user_version = 99'
cp "$tmp/newer.db" "$tmp/newer.orig"
refuse "a store of a newer schema" "made by a newer pagebound (schema 99" "$H" --results "$R" --db "$tmp/newer.db" update
check "a store of a newer schema: left as it was" "cmp -s '$tmp/newer.db' '$tmp/newer.orig'"
cp "$R/history.db" "$tmp/minus.db"
sqlite3 "$tmp/minus.db" 'PRAGMA user_version = -1'
refuse "a store whose schema version is -1" "minus.db: its schema version is -1, which no pagebound writes" \
	"$H" --results "$R" --db "$tmp/minus.db" update
cp "$R/history.db" "$tmp/older.db"
sqlite3 "$tmp/older.db" 'PRAGMA user_version = 1'
refuse "a store of an older schema" "made by an older pagebound (schema 1; this one reads 3): scripts/history rebuild makes it anew" \
	"$H" --results "$R" --db "$tmp/older.db" update
rc=0
"$H" --quiet --results "$R" --db "$tmp/older.db" rebuild || rc=$?
check "a store of an older schema: rebuild makes it anew (got $rc)" "[ $rc -eq 0 ] && [ \"\$(sqlite3 '$tmp/older.db' 'PRAGMA user_version')\" = 3 ]"
# a store that breaks: cut short, bytes flipped, locked by another process: each named in one line; rebuild makes
# a new one from the results directories whatever the old file holds, kept aside and named
head -c 20000 "$R/history.db" >"$tmp/cut.db"
cp "$tmp/cut.db" "$tmp/cut.orig"
refuse "a store cut short" "cut.db cannot be read as a history (.*): scripts/history rebuild makes a new one from the results directories" \
	"$H" --results "$R" --db "$tmp/cut.db" update
rc=0
"$H" --quiet --results "$R" --db "$tmp/cut.db" rebuild 2>"$tmp/err" || rc=$?
aside=$(ls "$tmp"/cut.db.broken-* 2>/dev/null | head -n 1)
check "a store cut short: rebuild makes it anew (got $rc: $(head -n 1 "$tmp/err")), the old file kept aside as it was, named" \
	"[ $rc -eq 0 ] && [ \"\$(sqlite3 '$tmp/cut.db' 'PRAGMA integrity_check')\" = ok ] && cmp -s '$aside' '$tmp/cut.orig' && grep -q 'kept as $aside' '$tmp/err'"
cp "$R/history.db" "$tmp/flip.db"
for p in 2 3 4 5 6 7 8 9 10 11; do printf '\377\377\377\377' | dd of="$tmp/flip.db" bs=1 seek=$((p * 4096 - 4096)) conv=notrunc 2>/dev/null; done
refuse "a store with 40 bytes flipped" "flip.db is damaged (SQLite's quick_check: .*): scripts/history rebuild makes a new one" \
	"$H" --results "$R" --db "$tmp/flip.db" update
refuse "a store with 40 bytes flipped, read" "flip.db is damaged (SQLite.s quick_check: .*): scripts/history rebuild makes a new one" "$H" --results "$R" --db "$tmp/flip.db" export runs
# a verdict never passes on nothing: runs copied in with no store yet (check brings it up to date first and finds
# the step), a damaged store (four bytes flipped in page 3, and in page 16 of 20: refused by every read, as by update), a
# machine that matches nothing (a typo is exit 2, naming the machines there are)
R2=$tmp/copied
for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14; do mkrun "$R2/s-$i" hosts 6.1.0 "$i" "$([ "$i" -ge 9 ] && echo 1.1 || echo 1)"; done
rc=0
PB_RESULTS_DIR=$R2 "$src/scripts/history" check >"$tmp/out" 2>"$tmp/err" || rc=$?
check "check on 14 runs and no store: brought up to date first, the 10% step at run 9 found: exit 1 (got $rc: $(cat "$tmp/out" "$tmp/err" | head -n 3))" \
	"[ $rc -eq 1 ] && grep -q '^REGRESSION: hosts-.* quick $fam: +.* from run 9 of 14' '$tmp/out' && grep -q '14 runs imported' '$tmp/err'"
rc=0
mkrun "$R2/s-15" hosts 6.1.0 15 1.1
PB_RESULTS_DIR=$R2 "$src/scripts/history" export runs >"$tmp/out" 2>"$tmp/err" || rc=$?
check "export brings the store up to date too: the 15th run is there (got $rc)" "[ $rc -eq 0 ] && grep -q '	s-15	complete	' '$tmp/out'"
for off in 8192 61440; do
	cp "$R2/history.db" "$tmp/flip4.db"
	printf '\377\377\377\377' | dd of="$tmp/flip4.db" bs=1 seek=$off conv=notrunc 2>/dev/null
	refuse "check on a store with 4 bytes flipped at $off" "flip4.db is damaged (SQLite's quick_check: .*): scripts/history rebuild" \
		"$H" --results "$R2" --db "$tmp/flip4.db" check
	refuse "export on a store with 4 bytes flipped at $off" "flip4.db is damaged (SQLite's quick_check: .*)" \
		"$H" --results "$R2" --db "$tmp/flip4.db" export runs
done
refuse "check --machine that matches nothing" "no machine 'hosts-typo' (the history holds 1: hosts-" \
	env PB_RESULTS_DIR="$R2" "$src/scripts/history" check --machine hosts-typo
refuse "export --machine that matches nothing" "no machine 'nosuch' (the history holds 1: hosts-" "$H" --results "$R2" --machine nosuch export runs
rc=0
mkdir "$tmp/first" && mkrun "$tmp/first/f-1" hostf 6.1.0 1 1
PB_RESULTS_DIR=$tmp/first "$src/scripts/history" check >"$tmp/out" 2>"$tmp/err" || rc=$?
check "a first run (up to date, no change point yet): check exit 0 (got $rc)" "[ $rc -eq 0 ] && grep -q '^no regression' '$tmp/out'"
check "a first run: check says it could see nothing yet, series by series" \
	"grep -q '^cannot see 5%: .* quick prim/getppid: too few runs since f-1 (1; a step needs 3 before it and 3 after)$' '$tmp/out' && grep -q '^0 of [0-9]* gating series could flag a step of 5% at their end' '$tmp/out'"

cp "$R/history.db" "$tmp/locked.db"
mkfifo "$tmp/holder"
sqlite3 "$tmp/locked.db" <"$tmp/holder" >/dev/null 2>&1 & # holds the store until its input ends
exec 8>"$tmp/holder"
printf '.timeout 10000\nBEGIN EXCLUSIVE;\nSELECT 1;\n' >&8 # (it waits for the probes below)
n=0
while sqlite3 "$tmp/locked.db" 'BEGIN IMMEDIATE; ROLLBACK;' 2>/dev/null && [ $n -lt 100 ]; do sleep 0.1; n=$((n + 1)); done
export PB_HISTORY_BUSY_SECONDS=1
refuse "a store another process holds" "locked.db is locked by another process (waited 1 s)" "$H" --results "$R" --db "$tmp/locked.db" update
unset PB_HISTORY_BUSY_SECONDS
exec 8>&-
wait
# a run holding only its Google Benchmark JSON (by hand, or an older pagebound): read from the JSON
mkrun "$tmp/byhand/x-1" hostx 6.1.0 1 1
rm "$tmp/byhand/x-1/run.tsv"
mkdir "$R/x-1" && cp "$tmp/byhand/x-1"/*.json "$R/x-1/"
ex update 2>/dev/null || bad "update with a run of JSON alone exited $?"
check "a run of JSON alone: its values in the series (mode unknown)" "ex export series | awk -F'\t' '\$8 == \"x-1\" && \$2 == \"unknown\" && \$3 == \"$fam\"' | grep -q ."

# a full disk during an import: the transaction rolls back, the store stays as it was, the run is not imported
if [ "$(id -u)" -eq 0 ] && unshare -m true 2>/dev/null; then
	mkdir "$tmp/full"
	rc=0
	unshare -m sh -c '
		mount -t tmpfs -o size=2m tmpfs "$1" && mkdir "$1/r" && cp -r "$2/a-1" "$2/a-2" "$1/r/" || exit 9
		"$3" --quiet --results "$1/r" update || exit 8
		"$3" --no-update --results "$1/r" export runs >"$1/before"
		cp -r "$2/a-3" "$1/r/" && head -c 4000000 /dev/zero >"$1/fill" 2>/dev/null
		rm -f "$1/fill"; free=$(df -Pk "$1" | awk "NR == 2 { print \$4 }")
		head -c $(( (free - 8) * 1024 )) /dev/zero >"$1/fill" 2>/dev/null
		"$3" --results "$1/r" update 2>"$1/err"; echo $? >"$1/rc"
		rm -f "$1/fill"
		"$3" --no-update --results "$1/r" export runs >"$1/after"
		sqlite3 "$1/r/history.db" "PRAGMA integrity_check" >"$1/integrity"
		cp "$1/err" "$1/rc" "$1/before" "$1/after" "$1/integrity" "$4/"' sh "$tmp/full" "$R" "$H" "$tmp" || rc=$?
	check "a full disk during an import: exit 2, said, the store as before and whole (got $rc, $(cat "$tmp/rc" 2>/dev/null): $(cat "$tmp/err" 2>/dev/null))" \
		"[ $rc -eq 0 ] && [ \"\$(cat '$tmp/rc')\" = 2 ] && grep -q 'full' '$tmp/err' && cmp -s '$tmp/before' '$tmp/after' && [ \"\$(cat '$tmp/integrity')\" = ok ]"
else
	echo "note: not root: the full-disk import is not tried" >&2
fi

# imports
refuse "import of a directory that is not results" "is not a results directory" "$src/scripts/history" --import "$src/tests/fixtures/kernels"
refuse "import of nothing there" "is not a directory" "$src/scripts/history" --import "$tmp/nowhere"
mkdir -p "$tmp/other"
for i in 1 2 3 4 5 6 7; do mkrun "$tmp/other/c-$i" hostc 6.5.0 "$i" 3; done
rc=0
"$src/scripts/history" --import "$tmp/other" >"$tmp/out" 2>"$tmp/err" || rc=$?
check "import of another machine's results: exit 0 (got $rc: $(tail -n 1 "$tmp/err"))" "[ $rc -eq 0 ] && [ \$(ls -d '$R'/imported/import+hostc-*/c-* | wc -l) -eq 7 ]"
check "imported: its 7 runs apart, on a machine of their own" "[ \"\$(ex export machines | tsv_get /dev/stdin runs host=hostc)\" = 7 ]"
check "imported: each run's page written once, at its import" "[ \$(ls '$R'/imported/import+hostc-*/c-*/index.html | wc -l) -eq 7 ]"
rc=0
"$src/scripts/history" --import "$tmp/other/c-1" >"$tmp/out" 2>"$tmp/err" || rc=$?
check "a run imported twice is kept once (got $rc)" "[ $rc -eq 0 ] && grep -q 'already imported' '$tmp/err' && [ \$(ls -d '$R'/imported/import+hostc-*/c-* | wc -l) -eq 7 ]"

# every way in names its machine from the trusted side (docs/history.md, "Ways in")
W=$tmp/ways
export PB_RESULTS_DIR=$W/results
for i in 1 2 3; do mkrun "$W/results/w-$i" hostw 6.1.0 "$i" 1; done
foreign() { sed -i '/^machine_id/d' "$1/run.tsv"; } # a run another machine made (or one that says nothing)
# a user's import whose own home.tsv claims a fleet machine and a date: left out, named; the run is an import
mkrun "$W/in/claim" hostw 6.1.0 4 1 && foreign "$W/in/claim"
printf 'source\tfleet\nhost\thonest\narch\tx86_64\npage_size\t4096\narrived_utc\t2026-01-01T00:00:00Z\n' >"$W/in/claim/home.tsv"
rc=0
"$src/scripts/history" --import "$W/in/claim" >"$tmp/out" 2>"$tmp/err" || rc=$?
"$src/scripts/history" export machines >"$tmp/wm" 2>/dev/null
check "an import's own home.tsv is left out, named; its machine is import+ its context's, never the fleet's (got $rc: $(tail -n 1 "$tmp/err"))" \
	"[ $rc -eq 0 ] && grep -q 'left out: home.tsv' '$tmp/err' && ! grep -q 'fleet+' '$tmp/wm' && ls -d '$W'/results/imported/import+hostw-*/claim >/dev/null && ! grep -q 'honest' '$W'/results/imported/import+hostw-*/claim/home.tsv"
own=$(tsv_get "$tmp/wm" machine source=)
[ -n "$own" ] || own=$(awk -F'\t' 'NR > 1 && $1 !~ /^import\+/ { print $1 }' "$tmp/wm")
check "this machine's three runs are its own series, the import apart (machines: $(tsv_get "$tmp/wm" machine,runs | tr '\t\n' ': '))" \
	"[ \"\$(tsv_get '$tmp/wm' runs machine='$own')\" = 3 ] && [ \"\$(awk -F'\t' '\$1 ~ /^import\\+hostw-/ { print \$9 }' '$tmp/wm')\" = 1 ]"
# a copy by hand of this machine's context, times x10, dated last: kept apart (import+), never this machine's last point
mkrun "$W/results/copied" hostw 6.1.0 9 10 && foreign "$W/results/copied"
"$src/scripts/history" >/dev/null 2>&1 || bad "update with a hand copy exited $?"
"$src/scripts/history" export runs >"$tmp/wr"
check "a hand copy with this machine's context is not this machine's run: import+, source copy" \
	"tsv_get '$tmp/wr' machine run=copied | grep -q '^import+hostw-' && [ \"\$(tsv_get '$tmp/wr' run machine='$own' | wc -l)\" = 3 ]"
# dates that are not dates: refused in one line (a hand copy's own date orders its series)
for d in 9999-12-31T00:00:00Z 1970-01-01T00:00:00Z not-a-date 2026-02-31T00:00:00Z; do
	rm -rf "$W/results/odd" && mkrun "$W/results/odd" hostw 6.1.0 1 1 && foreign "$W/results/odd"
	sed -i "s/^started_utc.*/started_utc	$d/" "$W/results/odd/run.tsv"
	"$src/scripts/history" >/dev/null 2>"$tmp/err" || true
	check "a run dated '$d' is refused, its date named" "grep -q 'left out odd: its date .$d. is not' '$tmp/err'"
done
rm -rf "$W/results/odd"
# --import --machine NAME: the importer names it (import+NAME); a name that is not one is refused
mkrun "$W/in/lab-1" hostl 6.1.0 1 1 && foreign "$W/in/lab-1"
rc=0
"$src/scripts/history" --import --machine lab "$W/in/lab-1" >"$tmp/out" 2>"$tmp/err" || rc=$?
check "--import --machine lab: the run is import+lab's (got $rc)" "[ $rc -eq 0 ] && [ -d '$W/results/imported/import+lab/lab-1' ] && \"\$src/scripts/history\" export runs | grep -q '^import+lab	imported/import+lab/lab-1	complete'"
mkrun "$W/in/lab-2" hostl 6.1.0 2 1 && foreign "$W/in/lab-2"
rc=0
"$src/scripts/history" --import --machine 'fleet+x+y' "$W/in/lab-2" >"$tmp/out" 2>"$tmp/err" || rc=$?
check "--import --machine 'fleet+x+y': refused, named (got $rc)" "[ $rc -eq 2 ] && grep -q \"'fleet+x+y' is not a machine name\" '$tmp/err' && [ ! -e '$W/results/imported/fleet+x+y' ]"
# one run under four names: one point; the others listed as the same run
mkrun "$W/in/four/a" hostf 6.1.0 1 1 && foreign "$W/in/four/a"
for n in b c d; do cp -r "$W/in/four/a" "$W/in/four/$n"; done
rc=0
"$src/scripts/history" --import "$W/in/four" >"$tmp/out" 2>"$tmp/err" || rc=$?
"$src/scripts/history" export runs >"$tmp/wr"
check "one run under four names: one complete run, three listed as the same run (got $rc)" \
	"[ \$(awk -F'\t' '\$1 ~ /^import\\+hostf-/ && \$3 == \"complete\"' '$tmp/wr' | wc -l) -eq 1 ] && [ \$(awk -F'\t' '\$1 ~ /^import\\+hostf-/ && \$3 == \"refused\" && \$4 ~ /^the same run as /' '$tmp/wr' | wc -l) -eq 3 ]"
# the same run copied by hand under two names
cp -r "$W/results/w-1" "$W/results/w-1-again"
"$src/scripts/history" >/dev/null 2>"$tmp/err" || true
check "this machine's run copied under another name: listed as the same run, not a second point" \
	"grep -q 'left out w-1-again: the same run as w-1' '$tmp/err'"
# chunks that differ only in case: where run.tsv names its chunks, every reader reads those and nothing else, and
# an import refuses a result file run.tsv does not name
mkrun "$W/results/ch" hostw 6.1.0 10 1
printf 'chunk:scan-stepped\t15\n' >>"$W/results/ch/run.tsv"
jq '.benchmarks |= map(.cpu_time /= 100 | .real_time /= 100)' "$W/results/ch/scan-stepped.json" >"$W/results/ch/SCAN-stepped.json"
"$src/scripts/history" >/dev/null 2>&1 || bad "update with a second chunk exited $?"
check "a chunk run.tsv does not name is not read: the store keeps 3 repetitions of 1000 ns, not 6 from 10 ns" \
	"\"\$src/scripts/history\" export bench | awk -F'\t' '\$1 == \"ch\" && \$4 == \"scan/stepped/P64K-T4K/unmapped/bytes:1048576\" { print \$5 }' | grep -q '^10[0-9][0-9]'"
check "pagebound-results files lists the named chunk alone" "[ \"\$(\"\$PB_BUILD_DIR/src/pagebound-results\" files '$W/results/ch')\" = scan-stepped.json ]"
check "pagebound-compare reads the named chunk alone (3 repetitions a side)" \
	"\"\$PB_BUILD_DIR/src/pagebound-compare\" '$W/results/ch' '$W/results/ch' | grep -q '^scan/stepped/P64K-T4K/unmapped/bytes:1048576  *1.040 us  *1.040 us'"
mkrun "$W/in/ch2" hostw 6.1.0 11 1 && foreign "$W/in/ch2"
printf 'chunk:scan-stepped\t15\n' >>"$W/in/ch2/run.tsv"
cp "$W/results/ch/SCAN-stepped.json" "$W/in/ch2/"
rc=0
"$src/scripts/history" --import "$W/in/ch2" >"$tmp/out" 2>"$tmp/err" || rc=$?
check "an import with a chunk run.tsv does not name: refused, named (got $rc: $(tail -n 1 "$tmp/err"))" \
	"[ $rc -eq 2 ] && grep -q 'a file named SCAN-stepped.json: not one of the chunks its run.tsv names' '$tmp/err'"
# a run with run.tsv and one JSON cut short, or holding a key twice: a broken run, listed with the file and the fault
mkrun "$W/results/cut" hostw 6.1.0 12 1
head -c 500 "$W/results/cut/scan-stepped.json" >"$tmp/j" && mv "$tmp/j" "$W/results/cut/scan-stepped.json" # its only JSON
"$src/scripts/history" >/dev/null 2>"$tmp/err" || true
check "a run with a JSON cut short: listed as refused, the file and the fault named" \
	"grep -q '^history: left out cut: scan-stepped.json: not JSON' '$tmp/err' && \"\$src/scripts/history\" export runs | grep -q '	cut	refused	scan-stepped.json: not JSON'"
mkrun "$W/in/dupkey" hostw 6.1.0 13 1 && foreign "$W/in/dupkey"
sed -i '0,/"host_name"/s/"host_name"/"host_name": "x", "host_name"/' "$W/in/dupkey/scan-stepped.json"
rc=0
"$src/scripts/history" --import "$W/in/dupkey" >"$tmp/out" 2>"$tmp/err" || rc=$?
check "an import of a run whose JSON holds a key twice: exit 2, the fault named, not 'not a results directory' (got $rc: $(tail -n 1 "$tmp/err"))" \
	"[ $rc -eq 2 ] && grep -q 'left out .*dupkey: scan-stepped.json: .*host_name' '$tmp/err' && ! grep -q 'not a results directory' '$tmp/err'"
# a cap on benchmarks per run: 10,001 is refused in one line, named; --max-benchmarks raises the cap
mkrun "$W/in/many" hostm 6.1.0 1 1 && foreign "$W/in/many"
jq '.benchmarks = [range(10001) as $i | .benchmarks[0] | .name = "prim/p\($i)" | .run_name = .name]' \
	"$W/in/many/scan-stepped.json" >"$tmp/j" && mv "$tmp/j" "$W/in/many/scan-stepped.json"
rc=0
"$src/scripts/history" --import "$W/in/many" >"$tmp/out" 2>"$tmp/err" || rc=$?
check "a run of 10,001 benchmarks: refused in one line, the cap named (got $rc: $(tail -n 1 "$tmp/err"))" \
	"[ $rc -eq 2 ] && grep -q 'left out .*many: 10001 benchmarks in one run: more than 10000 (.*--max-benchmarks raises the cap)' '$tmp/err'"
mkrun "$W/in/five" hostm 6.1.0 2 1 && foreign "$W/in/five"
refuse "--max-benchmarks 4: a run of 5 benchmarks is refused" "five: 5 benchmarks in one run: more than 4" \
	"$src/scripts/history" --import --max-benchmarks 4 "$W/in/five"
rc=0
"$src/scripts/history" --import --max-benchmarks=5 "$W/in/five" >"$tmp/out" 2>"$tmp/err" || rc=$?
check "--max-benchmarks=5: the same run comes in (got $rc: $(tail -n 1 "$tmp/err"))" "[ $rc -eq 0 ] && ls -d '$W'/results/imported/import+hostm-*/five >/dev/null"
export PB_RESULTS_DIR=$R

# the site: an index, a page per machine, the charts; written again only where something changed
rc=0
"$src/scripts/report" >"$tmp/out" 2>"$tmp/err" || rc=$?
check "report: exit 0 (got $rc: $(head -c 300 "$tmp/err"))" "[ $rc -eq 0 ] && [ -s '$R/site/index.html' ]"
check "the site names each machine, and A's regression on its page" "grep -q 'href=\"$ma.html\"' '$R/site/index.html' && grep -q 'href=\"$mb.html\"' '$R/site/index.html' && grep -q 'series end after a slowdown beyond 5%' '$R/site/$ma.html'"
check "A's page: its charts (scan families, primitives, barrier), the x axis with the runs' dates and commits" \
	"[ -s '$R/site/$ma-quick-scan.svg' ] && [ -s '$R/site/$ma-quick-prim.svg' ] && [ -s '$R/site/$ma-quick-barrier.svg' ] && grep -q '11-01 07:00 c07' '$R/site/$ma-quick-scan.svg'"
check "the incomplete run is marked on its machine's page and on its own" "grep -q 'b-13/index.html\">b-13</a> <span class=\"bad\">INCOMPLETE' '$R/site/$mb.html' && grep -q 'INCOMPLETE: this run did not finish' '$R/b-13/index.html'"
pages=$(find "$R" -name '*.html' | sort)
check "a page for every run (12 + 13 + 6 + 1 + 8 + 7 imported), each machine (6) and the index" "[ \$(printf '%s\n' \"$pages\" | wc -l) -eq 54 ]"
check "a host name that is markup and shell: escaped on the site, nothing ran" "grep -rq '&lt;script&gt;alert(1)&lt;/script&gt;' '$R/site/' && ! grep -rq '<script>' '$R/site/' && [ ! -e pwned ] && [ ! -e pwned2 ] && [ ! -e '$R/site/pwned' ]"
stamp() { ls -l --time-style=+%s.%N "$@" | awk '{ print $6, $7 }'; }
stamp "$R"/site/*.html "$R"/site/*.svg "$R"/a-*/index.html >"$tmp/before"
sleep 1
mkrun "$R/a-13" hosta 6.1.0 13 1.2
"$src/scripts/history" >/dev/null 2>&1 && "$src/scripts/report" >/dev/null 2>"$tmp/err" || bad "report after one more run: $(cat "$tmp/err")"
stamp "$R"/site/*.html "$R"/site/*.svg "$R"/a-*/index.html >"$tmp/after"
changed=$(awk 'NR == FNR { t[$2] = $1; next } t[$2] != $1 { print $2 }' "$tmp/before" "$tmp/after" | sed "s|$R/||" | sort | tr '\n' ' ')
check "one more run on A: only its page, A's charts and page and the index are written (wrote: $changed)" \
	"[ '$changed' = 'a-13/index.html site/$ma-quick-barrier.svg site/$ma-quick-prim.svg site/$ma-quick-scan.svg site/$ma.html site/index.html ' ] && [ -s '$R/a-13/index.html' ]"
if command -v xmllint >/dev/null 2>&1; then
	for p in $pages; do
		check "xmllint --html clean: ${p#"$R"/}" "xmllint --html --noout '$p' 2>'$tmp/xml' && [ ! -s '$tmp/xml' ]"
	done
else
	bad "xmllint is not installed (scripts/deps installs libxml2-utils)"
fi
# every href and src that is not data: or #: percent-decoded, relative to its page, a file
nlinks=0
for p in $pages; do
	grep -o -E '(href|src)="[^"#][^"]*"' "$p" | sed -E 's/^(href|src)="//; s/"$//' | grep -v '^data:' >"$tmp/links" || true
	while IFS= read -r l; do
		f=$(printf '%s' "$l" | awk 'BEGIN { for (c = 0; c < 256; c++) hx[sprintf("%02X", c)] = sprintf("%c", c) }
			{ out = ""; while (match($0, /%[0-9A-F][0-9A-F]/)) { out = out substr($0, 1, RSTART - 1) hx[substr($0, RSTART + 1, 2)]; $0 = substr($0, RSTART + 3) } printf "%s", out $0 }')
		check "link in ${p#"$R"/} resolves: $l" "[ -f \"\$(dirname '$p')/\$f\" ]"
		nlinks=$((nlinks + 1))
	done <"$tmp/links"
done
check "links checked: $nlinks (each run page's files, the site's pages)" "[ $nlinks -ge 100 ]"
finish
