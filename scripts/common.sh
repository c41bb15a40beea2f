# common.sh: helpers sourced by the scripts in this folder (POSIX sh).
PB_ROOT=$(CDPATH= cd -- "$(dirname -- "$0")/.." && pwd)
PB_PROG=$(basename -- "$0")
# where runs are kept (tests point it elsewhere)
PB_RESULTS=${PB_RESULTS_DIR:-$PB_ROOT/results}

# scratch: a new scratch directory in $tmp (under TMPDIR, else /tmp); one line and exit 2 when none can be made
scratch() {
	tmp=$(mktemp -d 2>/dev/null) ||
		die "cannot create a scratch directory in ${TMPDIR:-/tmp} (not writable, or full: set TMPDIR to a directory that is)"
}

die() {
	PB_WHY="$*"
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

# setup_dir DIR BUILDTYPE [MESON-OPTIONS...]: configures DIR once. A build directory belongs to the source tree it
# was configured from: one of this checkout's own ($PB_ROOT/build*) configured from another tree (a copied
# checkout, a clone that is gone) is made again here, never built from the other tree's sources; one elsewhere (a
# compare's worktree build, given as PB_BUILD_DIR) is built from its own tree.
setup_dir() {
	bd=$1
	bt=$2
	shift 2
	case $bd in /*) ;; *) bd=$PWD/$bd ;; esac
	if [ -f "$bd/build.ninja" ]; then
		case $bd in "$PB_ROOT"/*/*) return 0 ;; "$PB_ROOT"/*) ;; *) return 0 ;; esac # not one of ours: its own tree's
		was=$(sed -n 's/.*"directories": *{"source": *"\([^"]*\)".*/\1/p' "$bd/meson-info/meson-info.json" 2>/dev/null)
		[ -n "$was" ] && [ "$was" != "$PB_ROOT" ] || return 0 # this tree's, or unknown: kept as it is
		note "$bd was configured from $was, not $PB_ROOT: configuring it again"
		rm -rf -- "$bd"
	fi
	mkdir -p -- "$(dirname -- "$bd")"
	meson setup "$bd" "$PB_ROOT" --buildtype="$bt" "$@" >"$bd.setup.log" 2>&1 || {
		cat "$bd.setup.log" >&2
		die "meson setup of $bd failed (log above)"
	}
	rm -f "$bd.setup.log"
}

# build_dir DIR BUILDTYPE [MESON-OPTIONS...]: configures (once) and compiles DIR, one meson at a time in it under
# DIR.lock (two scripts started together share build-release; meson refuses a second process, and a half-written
# build.ninja is no one's)
build_lock() { # build_lock DIR: hold DIR.lock on descriptor 4 (let go: exec 4>&-)
	mkdir -p -- "$(dirname -- "$1")"
	exec 4>>"$1.lock" || die "cannot open $1.lock"
	flock -w 3600 4 || die "$1 is being built by another process (waited an hour for $1.lock)"
}
build_dir() {
	build_lock "$1"
	setup_dir "$@"
	meson compile -C "$1" >"$1.compile.log" 2>&1 || {
		cat "$1.compile.log" >&2
		die "compiling $1 failed (log above)"
	}
	rm -f "$1.compile.log"
	exec 4>&- # the lock let go
}

# sanitizer BUILD_DIR: the build's b_sanitize value ("none" when it has none); callgrind cannot run a sanitizer build
sanitizer() {
	jq -r '.[] | select(.name == "b_sanitize") | .value' "$1/meson-info/intro-buildoptions.json" 2>/dev/null || echo none
}

# tsv_get FILE COLUMNS [COND...]: the named columns (comma-separated names; tab-separated out) of FILE's rows
# that meet every COND: NAME=VALUE (equal) or NAME~WORD (WORD is in the comma list NAME holds). Columns are
# found by the header's names, never by number; a missing one is an error naming it.
tsv_get() {
	PB_WANT=$2 PB_CONDS=$(shift 2; printf '%s\n' "$@") awk -F'\t' -v OFS='\t' '
	BEGIN { want = ENVIRON["PB_WANT"]; conds = ENVIRON["PB_CONDS"] } # data, not awk -v: no escape in it is undone
	NR == 1 {
		for (i = 1; i <= NF; i++) h[$i] = i
		nw = split(want, w, ",")
		for (k = 1; k <= nw; k++) if (!(w[k] in h)) { print "no column " w[k] " in " FILENAME > "/dev/stderr"; bad = 1; exit 3 }
		nc = split(conds, c, "\n")
		for (k = 1; k <= nc; k++) {
			op[k] = index(c[k], "~") && (!index(c[k], "=") || index(c[k], "~") < index(c[k], "=")) ? "~" : "="
			p = index(c[k], op[k]); key = substr(c[k], 1, p - 1); val[k] = substr(c[k], p + 1)
			if (!(key in h)) { print "no column " key " in " FILENAME > "/dev/stderr"; bad = 1; exit 3 }
			col[k] = h[key]
		}
		next
	}
	{
		for (k = 1; k <= nc; k++)
			if (op[k] == "=" ? $col[k] != val[k] : index("," $col[k] ",", "," val[k] ",") == 0) next
		out = $h[w[1]]
		for (k = 2; k <= nw; k++) out = out OFS $h[w[k]]
		print out
	}
	END { if (bad) exit 3 }' "$1"
}

# role LISTS KIND ROLE [COLUMN]: the name (or COLUMN) of the KIND that the variant tables (a list.tsv) give ROLE,
# if any: summaries and charts look the seed, the free layout, ... up so, never by name
role() {
	tsv_get "$1" "${4:-name}" "kind=$2" "role=$3" | head -n 1
}
# words FILE COLUMN [COND...]: tsv_get's values as one line of words, in order, each once
words() {
	tsv_get "$@" | awk '!seen[$0]++' | tr '\n' ' '
}

# lists_of BUILD_DIR OUT: the variant lists of both bench programs as one TSV (pagebound-scan's header first)
lists_of() {
	{ "$1/bench/pagebound-scan" --list=tsv && "$1/bench/pagebound-barrier" --list=tsv | tail -n +2; } >"$2" ||
		die "cannot list the variants of $1 (build it first)"
}

# need "$@": inside an option loop, dies unless the option in $1 has a value after it
need() {
	[ $# -ge 2 ] || die "$1 needs a value (see --help)"
}

# opts SPEC "$@": a script's long options, one rule for every script. SPEC holds a word per option: NAME=VAR (takes
# a value: --NAME VALUE or --NAME=VALUE set VAR) or NAME!VAR (a flag: VAR=1). -h and --help print the script's help
# (help_text) and exit 0; another word starting with - is refused, naming the valid options; the first other word,
# or --, ends the options. Afterwards `eval "set -- $PB_REST"` leaves the words after them.
opts() {
	spec=$1 k=1 PB_REST=""
	shift
	while [ $# -gt 0 ]; do
		case $1 in
		-h | --help) help_text; exit 0 ;;
		--) k=$((k + 1)); shift; break ;;
		--?*) ;;
		*) break ;;
		esac
		o=${1%%=*} var="" kind=""
		for w in $spec; do
			case $w in "${o#--}="*) kind=value var=${w#*=} ;; "${o#--}!"*) kind=flag var=${w#*!} ;; esac
		done
		case $kind in
		value)
			case $1 in
			*=*) v=${1#*=}; shift; k=$((k + 1)) ;;
			*) need "$@"; v=$2; shift 2; k=$((k + 2)) ;;
			esac
			eval "$var=\$v" ;;
		flag) [ "$o" = "$1" ] || die "$o takes no value"; eval "$var=1"; shift; k=$((k + 1)) ;;
		*) die "unknown option '$1' (valid: $(printf '%s\n' $spec | sed 's/^/--/; s/[=!].*//' | paste -sd, - | sed 's/,/, /g'))" ;;
		esac
	done
	while [ $# -gt 0 ]; do PB_REST="$PB_REST \"\${$k}\""; k=$((k + 1)); shift; done
}

# whole OPTION VALUE MIN MAX [WHAT]: VALUE is a whole decimal number (no sign, no leading zero, at most 9
# digits) in [MIN, MAX]; otherwise one line names the option, the value and the valid range, and the script
# exits 2
whole() {
	case $2 in "" | *[!0-9]* | 0?* | ??????????*) ;; *) [ "$2" -ge "$3" ] && [ "$2" -le "$4" ] && return 0 ;; esac
	die "$1 '$2' is not valid (valid: ${5:-a whole number} from $3 to $4)"
}

# size_bytes SIZE: SIZE (digits, then K, M or G: binary) in bytes; 1 when it is not one
size_bytes() {
	case $1 in "" | 0* | *[!0-9KMG]* | *[KMG]?* | [KMG]*) return 1 ;; esac
	n=${1%[KMG]}
	[ ${#n} -le 11 ] || return 1
	case $1 in *K) echo $((n * 1024)) ;; *M) echo $((n * 1048576)) ;; *G) echo $((n * 1073741824)) ;; *) echo "$n" ;; esac
}
# bytes_of OPTION SIZE MIN MAX: SIZE in bytes when it is a size from MIN to MAX bytes; else one line naming the option,
# the value and the valid range, exit 2 (use as v=$(bytes_of --opt "$v" MIN MAX) || exit 2)
bytes_of() {
	b=$(size_bytes "$2") && [ "$b" -ge "$3" ] && [ "$b" -le "$4" ] && echo "$b" && return 0
	die "$1 '$2' is not valid (valid: a size from $(($3 / 1048576))M to $(($4 / 1073741824))G, K, M and G suffixes allowed)"
}
# page_bytes SIZE: a page size (a power of two from 4K to 1G) in bytes; 1 when SIZE is not one
page_bytes() {
	b=$(size_bytes "$1") || return 1
	[ "$b" -ge 4096 ] && [ "$b" -le 1073741824 ] && [ $((b & (b - 1))) -eq 0 ] && echo "$b"
}

# claim_run_dir DIR COMMIT [SUFFIX]: creates a new run directory, marked INCOMPLETE, and prints its absolute
# path. DIR when given (it must be new or empty); else results/<UTC stamp>-<COMMIT><SUFFIX>, then -2, -3, ...
# when another run took that name in the same second. mkdir and a no-clobber INCOMPLETE make the claim atomic.
claim_run_dir() {
	if [ -n "$1" ]; then
		mkdir -p -- "$1" 2>/dev/null || die "cannot create $1"
		[ -z "$(ls -A -- "$1")" ] || die "$1 exists and is not empty: refusing to overwrite an earlier run"
		d=$1
	else
		mkdir -p "$PB_RESULTS" 2>/dev/null || die "cannot create $PB_RESULTS"
		base=$PB_RESULTS/$(date -u +%Y%m%dT%H%M%SZ)-$2${3:-}
		d=$base k=1
		until mkdir -- "$d" 2>/dev/null; do
			k=$((k + 1))
			[ $k -le 99 ] || die "cannot create a run directory next to $base"
			d=$base-$k
		done
	fi
	if ! (set -C && echo "running since $(date -u +%Y-%m-%dT%H:%M:%SZ) (pid $$): until this file goes, the run is not complete" \
		>"$d/INCOMPLETE") 2>/dev/null; then
		[ -e "$d/INCOMPLETE" ] && die "$d is taken by another run"
		die "cannot write in $d (read-only, or no permission)"
	fi
	(cd -- "$d" && pwd)
}

# no_space PATH: ": no space left on MOUNT" when the file system holding PATH is full, else nothing
no_space() {
	df -Pk -- "$(dirname -- "$1")" 2>/dev/null | awk 'NR == 2 && $4 == 0 { printf "no space left on %s: ", $6 }'
}

# incomplete_why STATUS: called with the exit status from a script's EXIT trap once it has claimed a run directory
# (PB_RUN_DIR): an INCOMPLETE that still says "running since" says instead why the run ended (the signal, or the
# failure's message), so that a run left behind never looks as if it were still going
incomplete_why() {
	d=${PB_RUN_DIR:-}
	[ -n "$d" ] && [ "$1" -ne 0 ] && [ -f "$d/INCOMPLETE" ] && grep -q '^running since' "$d/INCOMPLETE" 2>/dev/null || return 0
	case $1 in
	130) why="interrupted (SIGINT)" ;;
	143) why="interrupted (SIGTERM)" ;;
	*) why="failed (exit $1)${PB_WHY:+: $PB_WHY}" ;;
	esac
	printf '%s at %s; what the run had written is kept as it was\n' "$why" "$(date -u +%Y-%m-%dT%H:%M:%SZ)" >"$d/INCOMPLETE.new" &&
		mv -f -- "$d/INCOMPLETE.new" "$d/INCOMPLETE"
}

# regular FILE: FILE is a regular file and not a symbolic link to one: what readers of results directories read
# (an imported run is data from another machine; a link in it could name any file here)
regular() {
	[ -f "$1" ] && [ ! -L "$1" ]
}

# emulated_word CPU: a fleet file's cpu column ("emulated: qemu TCG") as the word the history keeps (qemu-TCG)
emulated_word() {
	printf '%s' "$1" | sed 's/^emulated: *//; s/[^A-Za-z0-9._:+-]/-/g' | cut -c1-100
}

# valid_name NAME: a name that may become a file or directory name and a part of a URL: 1 to 200 of
# A-Za-z0-9._+-, not starting with a dot (no ".", "..", hidden files or separators)
valid_name() {
	case $1 in "" | .* | *[!A-Za-z0-9._+-]*) return 1 ;; esac
	[ ${#1} -le 200 ]
}

# cpu_tool: pagebound-cpu, the one program that picks, locks and pins the CPU of a timed run, here and on a fleet's
# host (a bundle's bin/, else the build's bench/; PB_CPU names another): no taskset, flock or nproc is needed
cpu_tool() {
	printf '%s\n' "${PB_CPU:-${PB_BIN:-${PB_BUILD_DIR:-$PB_ROOT/build-release}/bench}/pagebound-cpu}"
}
# timed_cpu: the CPU timed runs use: the last one this process may run on (its affinity mask, so a cpuset of one
# CPU under Slurm or docker is honoured); use as cpu=$(timed_cpu) || exit 2
timed_cpu() {
	[ -x "$(cpu_tool)" ] || die "no $(cpu_tool) (build it first: scripts/bench does)"
	"$(cpu_tool)" pick || die "cannot tell which CPUs this process may run on ($(cpu_tool) pick)"
}

# cpu_lock CPU SECONDS WHAT: one timed run per CPU of this machine at a time (benchmarks pinned to one CPU must not
# share it): holds $PB_LOCK_DIR/pagebound-cpu-CPU.lock (flock on descriptor 7, inherited by what this script starts),
# waiting up to SECONDS for it and naming its holder; WHAT names this run to the next one. A script started by one
# that holds CPU's lock (PB_CPU_LOCKED, descriptor 7 inherited) holds it already.
cpu_lock() {
	lk=${PB_LOCK_DIR:-/tmp}/pagebound-cpu-$1.lock
	[ "${PB_CPU_LOCKED:-}" != "$1" ] || ! "$(cpu_tool)" lock --cpu "$1" --fd 7 --file "$lk" --wait 0 --who "$3" \
		--as "$PB_PROG" >/dev/null 2>&1 || return 0 # descriptor 7: the lock its parent holds, inherited
	# (an exec whose redirection fails ends dash at once, saying nothing: each open is tried in a subshell first)
	[ -d "${PB_LOCK_DIR:-/tmp}" ] || die "PB_LOCK_DIR '${PB_LOCK_DIR:-/tmp}' is not a directory (where the CPU locks are kept)"
	if (: >>"$lk") 2>/dev/null; then
		exec 7>>"$lk"
	elif (: <"$lk") 2>/dev/null; then
		exec 7<"$lk"
	else
		die "cannot open the CPU lock $lk (PB_LOCK_DIR: a directory this user can write)"
	fi
	why=$("$(cpu_tool)" lock --cpu "$1" --fd 7 --file "$lk" --wait "$2" --who "$3" --as "$PB_PROG") ||
		die "${why:-cannot take the lock of CPU $1 ($(cpu_tool) lock)}"
	PB_CPU_LOCKED=$1
	export PB_CPU_LOCKED
}

# US: the unit separator, which no exported value holds (pagebound-history escapes control bytes): read a TSV row
# with `tr '\t' "$US" | while IFS="$US" read -r A B ...`, since a tab in IFS is white space and empty fields would
# collapse, shifting every field after them
US=$(printf '\037')

# run_traps: the traps of a script that claims a run directory, set before it does: on exit, INCOMPLETE says why the
# run ended (incomplete_why) and the scratch directory goes; INT and TERM exit 130 and 143 through that EXIT trap
# (dash runs no EXIT trap when a signal it does not trap ends it: a TERM before the script's own traps left
# INCOMPLETE saying "running since" a process that was gone). The script's later traps replace these two.
run_traps() {
	trap 'incomplete_why $?; rm -rf "$tmp"' EXIT
	trap 'exit 130' INT
	trap 'exit 143' TERM
}

# machine_id: this machine's id (32 hex digits), made on first use and kept outside results/ ($PB_STATE_DIR, else
# $XDG_STATE_HOME/pagebound, else ~/.local/state/pagebound; pb_this_machine_id in C reads the same file). measure
# writes it into run.tsv: the history lets a run join this machine's series only when it says this id. Nothing when
# it cannot be made (a read-only home on a fleet host: that run is named at home).
machine_id() {
	_d=${PB_STATE_DIR:-${XDG_STATE_HOME:-${HOME:-/root}/.local/state}/pagebound}
	if ! [ -s "$_d/machine-id" ]; then
		mkdir -p "$_d" 2>/dev/null && od -An -tx1 -N16 /dev/urandom | tr -d ' \n' >"$_d/machine-id.$$" 2>/dev/null &&
			mv -f "$_d/machine-id.$$" "$_d/machine-id" 2>/dev/null || { rm -f "$_d/machine-id.$$" 2>/dev/null; return 0; }
	fi
	head -c 32 "$_d/machine-id"
}

# help_text: the script's own header, what --help prints: its comment lines from the second to the last before the
# first line that is not a comment, without the "# " (never a line range, which drifts as the header grows)
help_text() {
	awk 'NR == 1 { next } /^#/ { sub(/^# ?/, ""); print; next } { exit }' "$0"
}
