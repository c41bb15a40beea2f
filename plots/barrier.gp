# barrier.gp: ns per store per barrier variant, clustered by footprint, one panel per stream; whiskers min-max.
# gnuplot -c barrier.gp TSV OUT SUBTITLE VARIANTS STREAMS FOOTPRINTS (bytes)
tsv = ARG1; out = ARG2; subtitle = ARG3; variants = ARG4; streams = ARG5; footprints = ARG6
load ARG0[1:strstrt(ARG0, "barrier.gp") - 1]."common.gp"
ns = words(streams)
nf = words(footprints)
cols = (ns > 1) ? 2 : 1
rows = int((ns + cols - 1) / cols)
bw = 0.8 / nf
xpos(v, f) = idx(variants, v) + (f - (nf + 1) / 2.0) * bw
fplabel(f) = bytes(int(word(footprints, f)))
fpcolor(f) = word("#9ecae1 #4292c6 #08519c #08306b #041c3d #02101f", (f - 1) % 6 + 1)
do for [fmt in "png svg"] {
  eval start(fmt, 1500, 450 * rows + 90)
  set output out.".".fmt
  set multiplot layout rows, cols title "{/:Bold Write-barrier fast path: CPU time per pointer store}  (bar: median, whiskers: min-max over repetitions; footprint = bytes stored per pass)\n{/*0.85 ".esc(subtitle)."}"
  do for [s = 1:ns] {
    st = word(streams, s)
    set title "stream ".esc(st)
    set style fill solid 0.85 border -1
    set boxwidth bw
    set xrange [0.4:words(variants) + 0.6]
    set yrange [0:*]
    set xtics () rotate by -25 font ",9"
    do for [v = 1:words(variants)] { set xtics add (esc(word(variants, v)) v) }
    set ylabel "CPU time per store (ns)"
    set key top left
    plot for [f = 1:nf] tsv \
           using ((strcol("stream") eq st && column("footprint_bytes") == real(word(footprints, f))) ? xpos(strcol("variant"), f) : NaN):(column("median_ns_per_store")) \
           with boxes lc rgb fpcolor(f) title fplabel(f), \
         for [f = 1:nf] tsv \
           using ((strcol("stream") eq st && column("footprint_bytes") == real(word(footprints, f))) ? xpos(strcol("variant"), f) : NaN):(column("min_ns_per_store")):(0):(column("max_ns_per_store") - column("min_ns_per_store")) \
           with vectors nohead lw 1.5 lc rgb "black" notitle
  }
  unset multiplot
  set output
}
