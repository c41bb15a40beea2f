#!/bin/sh
# make.sh: writes the crafted tar streams of this corpus (kept in the repository; run again only to change them):
# what the intake fuzzer replays in every build, the sanitizer pass included (tests/meson.build: intake-corpus).
# usage: tests/intake-corpus/make.sh   (GNU tar and perl)
set -eu
out=$(cd "$(dirname -- "$0")" && pwd)
w=$(mktemp -d)
trap 'rm -rf "$w"' EXIT
cd "$w"
mkdir run
echo '{"context": {}, "benchmarks": []}' >run/a.json
long=$(printf 'n%.0s' $(seq 1 150)).json
cp run/a.json "run/$long"
(cd run && tar --format=ustar -cf - a.json) >"$out/ustar.tar"
(cd run && tar --format=pax -cf - "$long") >"$out/pax-path.tar"
(cd run && tar --format=gnu -cf - "$long") >"$out/gnu-longname.tar"
head -c 300 "$out/ustar.tar" >"$out/truncated-header.tar"
head -c 700 "$out/ustar.tar" >"$out/truncated-data.tar"
truncate -s 8M run/sp.json
(cd run && tar --format=gnu --sparse -cf - sp.json) >"$out/sparse-gnu.tar"
(cd run && tar --format=pax --sparse -cf - sp.json) >"$out/sparse-pax.tar"
rm run/sp.json
gzip -c run/a.json >run/two.json.gz && gzip -c run/a.json >>run/two.json.gz
(cd run && tar -cf - two.json.gz) >"$out/concatenated-gzip.tar"
(cd run && tar -czf - a.json) >"$out/gzip-of-tar.tgz"
ln run/a.json run/b.json && (cd run && tar -cf - a.json b.json) >"$out/hardlink.tar" && rm run/b.json
ln -s /etc/passwd run/l.json && (cd run && tar -cf - l.json) >"$out/symlink.tar" && rm run/l.json
mkfifo run/f.json && (cd run && tar -cf - f.json) >"$out/fifo.tar" && rm run/f.json
mkdir run/sub && (cd run && tar -cf - sub) >"$out/subdir.tar" && rmdir run/sub
(cd run && tar -cf - ./a.json) >"$out/dot-slash.tar"
(cd run && tar -cPf - ../run/a.json) >"$out/dotdot.tar"
(cd run && tar -cf t a.json && tar -rf t a.json && cat t && rm t) >"$out/twice.tar"
# headers by hand: a pax header of 65,000 digits (the old reader's over-read), a size in GNU base-256, a size of
# 100 GiB in base-256 with no data after it
perl -e '
sub hdr { my ($name, $size, $type) = @_;
	my $h = pack("a100 a8 a8 a8 a12 a12 A8 a1 a100 a6 a2 a32 a32 a8 a8 a155 a12", $name, "0000644", "0000000",
		"0000000", $size, "00000000000", "", $type, "", "ustar", "00", "", "", "", "", "", "");
	my $s = 0; $s += ord for split //, $h; substr($h, 148, 8) = sprintf("%06o\0 ", $s); return $h; }
sub pad { my $n = shift; return "\0" x ((512 - $n % 512) % 512); }
my $d = "9" x 65000;
open my $f, ">", "$ARGV[0]/pax-digits.tar"; print $f hdr("PaxHeaders/a.json", sprintf("%011o", length $d), "x"), $d, pad(length $d), hdr("a.json", "00000000003", "0"), "{}\n", pad(3), "\0" x 1024; close $f;
my $b = "\x80" . ("\0" x 7) . pack("N", 3);
open $f, ">", "$ARGV[0]/base256-size.tar"; print $f hdr("a.json", $b, "0"), "{}\n", pad(3), "\0" x 1024; close $f;
my $big = "\x80" . ("\0" x 6) . pack("C N", 25, 0);
open $f, ">", "$ARGV[0]/base256-huge.tar"; print $f hdr("a.json", $big, "0"), "\0" x 4096; close $f;
' "$out"
: >"$out/empty.tar"
head -c 4096 /dev/zero >"$out/zeros.tar"
echo "wrote $(ls "$out" | grep -vc make.sh) streams into $out"
