# barrier.gp: ns per store per barrier variant, clustered by footprint, one panel per stream; whiskers min-max.
# Inputs (gnuplot -e): tsv, out, subtitle, variants, streams, footprints (bytes, space-separated).
load dir."common.gp"
ns = words(streams)
nf = words(footprints)
cols = (ns > 1) ? 2 : 1
rows = int((ns + cols - 1) / cols)
bw = 0.8 / nf
xpos(v, f) = idx(variants, v) + (f - (nf + 1) / 2.0) * bw
fplabel(f) = bytes(int(word(footprints, f)))
fpcolor(f) = word("#9ecae1 #4292c6 #08519c #08306b", f)
do for [fmt in "png svg"] {
  eval start(fmt, 1500, 450 * rows + 90)
  set output out.".".fmt
  set multiplot layout rows, cols title "{/:Bold Write-barrier fast path: CPU time per pointer store}  (bar: median, whiskers: min-max over repetitions; footprint = bytes stored per pass)\n{/*0.85 ".subtitle."}"
  do for [s = 1:ns] {
    st = word(streams, s)
    set title "stream ".st.(st eq "random-low" ? "  (at 4 KiB the branch predictor learns the 512-store pattern repeated every pass)" : "")
    set style fill solid 0.85 border -1
    set boxwidth bw
    set xrange [0.4:words(variants) + 0.6]
    set yrange [0:*]
    set xtics () rotate by -25 font ",9"
    do for [v = 1:words(variants)] { set xtics add (word(variants, v) v) }
    set ylabel "CPU time per store (ns)"
    set key top left
    plot for [f = 1:nf] tsv skip 1 \
           using ((strcol(2) eq st && $3 == real(word(footprints, f))) ? xpos(strcol(1), f) : NaN):5 \
           with boxes lc rgb fpcolor(f) title fplabel(f), \
         for [f = 1:nf] tsv skip 1 \
           using ((strcol(2) eq st && $3 == real(word(footprints, f))) ? xpos(strcol(1), f) : NaN):6:(0):($7 - $6) \
           with vectors nohead lw 1.5 lc rgb "black" notitle
  }
  unset multiplot
  set output
}
