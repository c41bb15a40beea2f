# cross.sh: pagebound for another Debian architecture, sourced by scripts/kernels and scripts/bundle (after
# common.sh): the architectures' and kernel targets' tables (cross/arches.tsv, cross/targets.tsv), the target's libraries and kernels fetched through a private
# apt configuration (downloads cached per user, under $PB_CACHE_DIR or ~/.cache/pagebound; the system's apt
# sources and dpkg architectures stay as they are), and a cross build kept in the checkout (build-cross-ARCH/),
# never in the cache: a build belongs to the source tree it was configured from.

PB_CACHE=${PB_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/pagebound}
TARGETS_TSV=$PB_ROOT/cross/targets.tsv
ARCHES_TSV=$PB_ROOT/cross/arches.tsv
# what a cross build links against and what its programs load, from the target's own Debian packages
TARGET_DEBS="libc6 libstdc++6 libgcc-s1 libbenchmark1debian libbenchmark-dev libcmocka0 libcmocka-dev libjansson4 libjansson-dev zlib1g zlib1g-dev libsqlite3-0 libsqlite3-dev"

# target_get TARGET COLUMN: one field of a target's row in cross/targets.tsv
target_get() {
	tsv_get "$TARGETS_TSV" "$2" "target=$1"
}

# arch_get ARCH COLUMN: one field of a Debian architecture's row in cross/arches.tsv (its triplet, its uname -m)
arch_get() {
	tsv_get "$ARCHES_TSV" "$2" "arch=$1"
}
# triplet_of TARGET: the GNU triplet of a target's architecture
triplet_of() {
	arch_get "$(target_get "$1" arch)" triplet
}

# check_targets LIST TARGET...: every TARGET is a word of LIST; else one line naming it and the valid ones
check_targets() {
	list=$1
	shift
	for t in "$@"; do
		case " $list " in *" $t "*) [ -n "$t" ] && continue ;; esac
		die "unknown target '$t' (valid: $list)"
	done
}

# cache_lock NAME: holds $PB_CACHE/NAME.lock (descriptor 8) so that two checkouts never fill one cache entry at once
cache_lock() {
	mkdir -p "$PB_CACHE" || die "cannot create the cache $PB_CACHE"
	exec 8>"$PB_CACHE/$1.lock"
	flock -w 1800 8 || die "the cache entry $1 is being filled by another process (waited 30 min for $PB_CACHE/$1.lock)"
}

# apt_for ARCH TOOL ARG...: apt-get or apt-cache with a private configuration for ARCH (lists and downloads in the cache)
apt_for() {
	arch=$1 ad=$PB_CACHE/apt-$1 tool=$2
	shift 2
	mkdir -p "$ad/lists/partial" "$ad/cache/archives/partial" "$ad/etc"
	mirror=${PB_KERNELS_MIRROR:-http://deb.debian.org/debian}
	cat >"$ad/etc/sources.list" <<EOF
deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $mirror bookworm main
deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $mirror bookworm-backports main
EOF
	: >"$ad/status"
	"$tool" -q -o Dir::Etc::SourceList="$ad/etc/sources.list" -o Dir::Etc::SourceParts=/dev/null \
		-o Dir::State::Lists="$ad/lists" -o Dir::Cache="$ad/cache" -o Dir::State::Status="$ad/status" \
		-o APT::Architecture="$arch" -o APT::Architectures::="$arch" -o Debug::NoLocking=1 \
		-o APT::Sandbox::User=root "$@"
}

# apt_lists ARCH WHO: the package lists for ARCH, fetched again after 7 days or for another mirror (WHO names the
# caller in the one line a failure gives)
apt_lists() {
	arch=$1 ad=$PB_CACHE/apt-$1
	mkdir -p "$ad"
	if [ -s "$ad/updated" ] && [ -z "$(find "$ad/updated" -mtime +7 2>/dev/null)" ] &&
		[ "$(cat "$ad/mirror" 2>/dev/null)" = "${PB_KERNELS_MIRROR:-default}" ]; then
		return 0
	fi
	rm -f "$ad/updated"
	apt_for "$arch" apt-get update >"$ad/update.log" 2>&1 && ! grep -q "^E: \|Failed to fetch" "$ad/update.log" ||
		die "$2: cannot fetch the package lists for $arch from ${PB_KERNELS_MIRROR:-deb.debian.org} (log: $ad/update.log)"
	date >"$ad/updated"
	echo "${PB_KERNELS_MIRROR:-default}" >"$ad/mirror"
}

# versions_of ARCH PACKAGE...: "name=version" of each package as the lists have it (the cache key of what is made of them)
versions_of() {
	arch=$1
	shift
	apt_for "$arch" apt-cache show --no-all-versions "$@" 2>/dev/null | awk '/^Package: / { p = $2 } /^Version: / { print p "=" $2 }' |
		sort | tr '\n' ' '
}

# unpacked ARCH NAME WHO PACKAGE...: $PB_CACHE/NAME-ARCH, the packages' files unpacked (no maintainer scripts, no
# dpkg database), made again when their versions change; WHO names the caller in the one line a failure gives
unpacked() {
	a=$1 dir=$PB_CACHE/$2-$1 who=$3
	shift 3
	cache_lock "$2-$a"
	apt_lists "$a" "$who"
	want=$(versions_of "$a" "$@")
	[ -n "$want" ] || die "$who: none of the packages ($*) is in the $a package lists (log: $PB_CACHE/apt-$a/update.log)"
	if [ "$(cat "$dir.versions" 2>/dev/null)" = "$want" ] && [ -d "$dir" ]; then
		flock -u 8
		return 0
	fi
	rm -rf "$dir" "$dir.debs" "$dir.versions"
	mkdir -p "$dir" "$dir.debs"
	(cd "$dir.debs" && apt_for "$a" apt-get download "$@" >download.log 2>&1) ||
		die "$who: cannot download the $a packages (log: $dir.debs/download.log)"
	for deb in "$dir.debs"/*.deb; do dpkg-deb -x "$deb" "$dir" || die "$who: cannot unpack $deb"; done
	rm -f "$dir.debs"/*.deb
	echo "$want" >"$dir.versions"
	flock -u 8
}

# sysroot ARCH WHO: $PB_CACHE/sysroot-ARCH, the target's libraries and headers (what a cross build links against)
sysroot() {
	# shellcheck disable=SC2086
	unpacked "$1" sysroot "$2" $TARGET_DEBS
}

# kernel TARGET: $PB_CACHE/kernel-TARGET/image, Debian's kernel behind the target's metapackage (its version cached)
kernel() {
	arch=$(target_get "$1" arch) kd=$PB_CACHE/kernel-$1
	cache_lock "kernel-$1"
	apt_lists "$arch" "$1"
	kpkg=$(apt_for "$arch" apt-cache depends "$(target_get "$1" kernel_package)" 2>/dev/null |
		awk '/Depends: linux-image-[0-9]/ { print $2; exit }')
	[ -n "$kpkg" ] || die "$1: no kernel behind $(target_get "$1" kernel_package) for $arch (see $PB_CACHE/apt-$arch/update.log)"
	if [ "$(cat "$kd/package" 2>/dev/null)" = "$kpkg" ] && [ -s "$kd/image" ]; then
		flock -u 8
		return 0
	fi
	rm -rf "$kd"
	mkdir -p "$kd/debs" "$kd/root"
	(cd "$kd/debs" && apt_for "$arch" apt-get download "$kpkg" >download.log 2>&1) ||
		die "$1: cannot download $kpkg (log: $kd/debs/download.log)"
	dpkg-deb -x "$kd"/debs/linux-image-*.deb "$kd/root" || die "$1: cannot unpack $kpkg"
	rm -f "$kd"/debs/*.deb
	kroot=$kd/root # the unpacked package: its boot directory holds the image
	kimg=$(ls "$kroot"/boot/vmlinu* 2>/dev/null | head -n 1)
	[ -n "$kimg" ] || die "$1: no /boot/vmlinu* in $kpkg"
	ln -s "${kimg#"$kd/"}" "$kd/image"
	echo "$kpkg" >"$kd/package"
	flock -u 8
}

# cross_build ARCH WHO NINJA-TARGET...: pagebound for ARCH in $PB_ROOT/build-cross-ARCH (release), against the
# sysroot; prints the build directory. The second cross file (the sysroot's paths) lives beside the sysroot.
cross_build() {
	arch=$1 who=$2 tri=$(arch_get "$1" triplet) sr=$PB_CACHE/sysroot-$1
	shift 2
	[ -n "$tri" ] || die "$who: no architecture '$arch' in cross/arches.tsv"
	cat >"$sr.txt" <<EOF
[properties]
sys_root = '$sr'
pkg_config_libdir = ['$sr/usr/lib/$tri/pkgconfig', '$sr/usr/share/pkgconfig']

[built-in options]
c_link_args = ['-Wl,-rpath-link,$sr/usr/lib/$tri', '-Wl,-rpath-link,$sr/lib/$tri']
cpp_link_args = ['-Wl,-rpath-link,$sr/usr/lib/$tri', '-Wl,-rpath-link,$sr/lib/$tri']
EOF
	bdir=$PB_ROOT/build-cross-$arch
	build_lock "$bdir"
	setup_dir "$bdir" release --cross-file "$PB_ROOT/cross/$arch.txt" --cross-file "$sr.txt"
	ninja -C "$bdir" "$@" >"$bdir.compile.log" 2>&1 || { tail -n 5 "$bdir.compile.log" >&2; die "$who: the cross build failed (log: $bdir.compile.log)"; }
	rm -f "$bdir.compile.log"
	exec 4>&- # the lock let go
	echo "$bdir"
}

# libs_of SYSROOT TRIPLET FILE...: the shared libraries the ELF files need, recursively, as paths in the sysroot
# (the sysroot only: one libc, the loader's own)
libs_of() {
	sr=$1 tri=$2
	shift 2
	todo="$*" seen=" "
	while [ -n "$todo" ]; do
		set -- $todo
		f=$1
		shift
		todo="$*"
		for n in $("$tri-readelf" -d "$f" 2>/dev/null | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'); do
			case $seen in *" $n "*) continue ;; esac
			seen="$seen$n "
			for dir in "$sr/lib/$tri" "$sr/usr/lib/$tri"; do
				if [ -e "$dir/$n" ]; then
					echo "$dir/$n"
					todo="$todo $dir/$n"
					break
				fi
			done
		done
	done
}

# in_sysroot SYSROOT PATH: the file PATH names inside the sysroot, its symbolic links followed there (an absolute
# link such as /lib64/ld64.so.2 -> /lib/powerpc64le-linux-gnu/ld64.so.2 would otherwise name a file of this machine)
in_sysroot() {
	p=$2 hops=0
	while [ -L "$1$p" ] && [ $hops -lt 16 ]; do
		l=$(readlink "$1$p")
		case $l in /*) p=$l ;; *) p=$(dirname "$p")/$l ;; esac
		hops=$((hops + 1))
	done
	echo "$1$p"
}

# interpreter_of TRIPLET ELF: the dynamic loader the program asks for (/lib64/ld64.so.2, say)
interpreter_of() {
	"$1-readelf" -l "$2" | sed -n 's/.*program interpreter: \(.*\)\]/\1/p'
}

# stage_programs SYSROOT TRIPLET ROOT PROGRAM...: the programs in ROOT/bin, the libraries they need in ROOT/lib,
# the loader where they ask for it (a root that runs them on the target with nothing installed)
stage_programs() {
	sr=$1 tri=$2 root=$3
	shift 3
	mkdir -p "$root/bin" "$root/lib"
	for p in "$@"; do cp "$p" "$root/bin/" || die "cannot copy $p"; done
	for l in $(libs_of "$sr" "$tri" "$root"/bin/*); do cp "$(in_sysroot "$sr" "${l#"$sr"}")" "$root/lib/$(basename "$l")"; done
	interp=$(interpreter_of "$tri" "$root/bin/$(basename "$1")")
	[ -n "$interp" ] || die "no program interpreter in $1"
	mkdir -p "$root$(dirname "$interp")"
	cp "$(in_sysroot "$sr" "$interp")" "$root$interp" 2>/dev/null || die "no loader $interp in the sysroot $sr"
	echo "$interp"
}
