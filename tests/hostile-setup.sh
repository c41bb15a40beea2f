# hostile-setup.sh: sourced by hostile-host.sh and fleet-stops.sh (after lib.sh): the fake ssh (tests/fixtures/
# hostile-ssh: the real bundle, measured here, then bent as the fleet file's ssh column says), this test's own results,
# CPU lock and fake remote homes
. "$src/scripts/common.sh" # tsv_get
export PB_RESULTS_DIR="$tmp/results" PB_LOCK_DIR="$tmp" PB_FAKE_HOMES="$tmp/homes"
fleet=$src/scripts/fleet H=$PB_BUILD_DIR/src/pagebound-history
mkdir -p "$tmp/bin" "$PB_FAKE_HOMES" "$tmp/cwd"
cp "$src/tests/fixtures/hostile-ssh" "$tmp/bin/ssh" # the fleet takes an ssh command only
chmod +x "$tmp/bin/ssh"
cd "$tmp/cwd"
one='^prim/getppid$'
row() { printf '%s\t%s\tamd64\t%s\t%s\n' "$1" "$tmp/bin/ssh $2" "${3:-}" "${4:-}"; }
state() { tsv_get "$1/hosts.tsv" state,what "name=$2"; } # FLEET NAME: its state, then what happened
