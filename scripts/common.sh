# common.sh: helpers sourced by the scripts in this folder (POSIX sh).
PB_ROOT=$(CDPATH= cd -- "$(dirname -- "$0")/.." && pwd)
PB_PROG=$(basename -- "$0")

die() {
	printf '%s: %s\n' "$PB_PROG" "$*" >&2
	exit 2
}

note() {
	printf '%s: %s\n' "$PB_PROG" "$*" >&2
}

# as_root CMD...: runs CMD as root, through sudo when needed.
as_root() {
	if [ "$(id -u)" -eq 0 ]; then
		"$@"
	elif command -v sudo >/dev/null 2>&1; then
		sudo "$@"
	else
		die "need root to run '$*' (not root, and sudo is not installed): run this script as root"
	fi
}

# build_dir DIR BUILDTYPE [MESON-OPTIONS...]: configures (once) and compiles DIR.
build_dir() {
	bd=$1
	bt=$2
	shift 2
	if [ ! -f "$bd/build.ninja" ]; then
		meson setup "$bd" "$PB_ROOT" --buildtype="$bt" "$@" >"$bd.setup.log" 2>&1 || {
			cat "$bd.setup.log" >&2
			die "meson setup of $bd failed (log above)"
		}
		rm -f "$bd.setup.log"
	fi
	meson compile -C "$bd" >"$bd.compile.log" 2>&1 || {
		cat "$bd.compile.log" >&2
		die "compiling $bd failed (log above)"
	}
	rm -f "$bd.compile.log"
}
