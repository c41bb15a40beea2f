#!/bin/sh
# bundle.sh: scripts/bundle for this machine's architecture: the tar.gz holds the programs, their libraries, the
# loader, the measuring half and its entry point; unpacked, it measures on a PATH with a shell and its utilities
# and nothing else; it refuses, in one line, a machine of another architecture and a kernel older than its glibc
# needs; the programs load only the bundled libraries. Where a cross toolchain is installed (CI, after
# scripts/kernels), the ppc64el bundle too: its programs are ppc64le, and this machine is refused by it.
set -eu
src=${PB_SOURCE_ROOT:?set by meson test}
export PB_BUILD_DIR="${PB_BUILD_ROOT:?set by meson test}"
. "$(dirname -- "$0")/lib.sh"
rc=0
"$src/scripts/bundle" --out "$tmp/b" amd64 >"$tmp/out" 2>"$tmp/err" || rc=$?
b=$(tail -n 1 "$tmp/out")
check "bundle amd64: exit 0, a tar.gz named for its version and arch (got $rc: $(tail -n 1 "$tmp/err"))" \
	"[ $rc -eq 0 ] && case '$b' in */pagebound-*-amd64.tar.gz) [ -s '$b' ] ;; *) false ;; esac"
mkdir "$tmp/u"
tar -xzf "$b" -C "$tmp/u"
d=$(ls -d "$tmp"/u/pagebound-*-amd64)
check "bundle: the programs, libc, libstdc++, libbenchmark, the loader, measure and VERSION" \
	"[ -x '$d/libexec/pagebound-scan' ] && [ -x '$d/libexec/pagebound-barrier' ] && [ -s '$d/lib/libc.so.6' ] && [ -s '$d/lib/libstdc++.so.6' ] && [ -s '$d/lib/libbenchmark.so.1debian' ] && [ -s '$d/lib64/ld-linux-x86-64.so.2' ] && [ -x '$d/measure' ] && grep -q '^glibc	2.36 (bundled' '$d/VERSION'"
check "bundle: the programs load the bundled libraries only" \
	"'$d/lib64/ld-linux-x86-64.so.2' --library-path '$d/lib' --list '$d/libexec/pagebound-scan' | awk '/=>/ && \$3 !~ \"^$d/\" { bad = 1 } END { exit bad }'"
mkdir "$tmp/bare"
for t in sh awk sed grep cat cp mv rm mkdir mktemp date tail head wc tr cut sort ls basename dirname sleep kill \
	uname getconf printf env id df od cksum; do # no taskset, flock or nproc: the bundle's pagebound-cpu does their part
	p=$(command -v "$t" 2>/dev/null) && ln -s "$p" "$tmp/bare/$t"
done
rc=0
PATH="$tmp/bare" "$d/measure" --quick --filter 'prim/getppid' --out "$tmp/run" >"$tmp/out" 2>"$tmp/err" || rc=$?
check "unpacked, on a bare PATH: ./measure measures, pinned (got $rc: $(tail -n 1 "$tmp/err"))" \
	"[ $rc -eq 0 ] && [ -s '$tmp/run/prim.json' ] && [ ! -e '$tmp/run/INCOMPLETE' ] && grep -q '\"pagebound_version\"' '$tmp/run/prim.json' && grep -qx \"pinned_cpu	\$('$d/bin/pagebound-cpu' pick)\" '$tmp/run/run.tsv'"
mkdir "$tmp/other"
printf '#!/bin/sh\n[ "$1" = -m ] && echo aarch64 || echo 6.1.0\n' >"$tmp/other/uname"
chmod +x "$tmp/other/uname"
refuse "a machine of another architecture" "this bundle is for x86_64 (Debian amd64); this machine is aarch64" \
	env PATH="$tmp/other:$PATH" "$d/measure" --quick --out "$tmp/never"
printf '#!/bin/sh\n[ "$1" = -m ] && echo x86_64 || echo 2.6.32-754.el6\n' >"$tmp/other/uname"
refuse "a kernel older than the bundled glibc needs" "needs Linux 3.2 or later; this machine runs 2.6.32-754.el6" \
	env PATH="$tmp/other:$PATH" "$d/measure" --quick --out "$tmp/never"
check "refused: no run directory made" "[ ! -e '$tmp/never' ]"
if command -v powerpc64le-linux-gnu-gcc >/dev/null 2>&1 && [ -d "${PB_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/pagebound}/sysroot-ppc64el" ]; then
	rc=0
	"$src/scripts/bundle" --out "$tmp/b" ppc64el >"$tmp/out" 2>"$tmp/err" || rc=$?
	mkdir "$tmp/p" && tar -xzf "$(tail -n 1 "$tmp/out")" -C "$tmp/p"
	p=$(ls -d "$tmp"/p/pagebound-*-ppc64el)
	check "bundle ppc64el: ppc64le programs and loader (got $rc)" \
		"[ $rc -eq 0 ] && powerpc64le-linux-gnu-readelf -h '$p/libexec/pagebound-scan' | grep -q 'PowerPC64' && [ -s '$p/lib64/ld64.so.2' ]"
	refuse "the ppc64el bundle on this machine" "this bundle is for ppc64le (Debian ppc64el); this machine is x86_64" "$p/measure" --quick --out "$tmp/never"
else
	echo "note: no ppc64el cross toolchain and libraries here (scripts/kernels installs them): the ppc64el bundle is not tried" >&2
fi
finish
