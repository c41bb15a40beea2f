# barrier.gp: ns per store per barrier variant, clustered by footprint, one panel per stream (whiskers min-max);
# and, when the run counted them, user-space instructions per store per variant (callgrind: exact).
# gnuplot -c barrier.gp TSV OUT SUBTITLE VARIANTS STREAMS FOOTPRINTS (bytes) [INSTRUCTIONS_TSV ITS_STREAMS]
tsv = ARG1; out = ARG2; subtitle = ARG3; variants = ARG4; streams = ARG5; footprints = ARG6; instr = ARG7; istreams = ARG8
load ARG0[1:strstrt(ARG0, "barrier.gp") - 1]."common.gp"
ns = words(streams)
nf = words(footprints)
cols = (ns > 1) ? 2 : 1
panels = ns + (instr ne "" ? 1 : 0)
rows = int((panels + cols - 1) / cols)
bw = 0.8 / nf
xpos(v, f) = idx(variants, v) + (f - (nf + 1) / 2.0) * bw
fplabel(f) = bytes(int(word(footprints, f)))
fpcolor(f) = word("#9ecae1 #4292c6 #08519c #08306b #041c3d #02101f", (f - 1) % 6 + 1)
variant_xtics = "set xtics () rotate by -25 font ',9'; do for [v = 1:words(variants)] { set xtics add (esc(word(variants, v)) v) }"
do for [fmt in "png svg"] {
  eval start(fmt, 1500, 450 * rows + 90)
  set output out.".".fmt
  set multiplot layout rows, cols title "{/:Bold Write-barrier fast path: CPU time per pointer store}  (bar: median, whiskers: min-max over repetitions; footprint = bytes stored per pass)\n{/*0.85 ".esc(subtitle)."}"
  set xrange [0.4:words(variants) + 0.6]
  eval variant_xtics
  set style fill solid 0.85 border -1
  set key top left
  do for [s = 1:ns] {
    st = word(streams, s)
    set title "stream ".esc(st)
    set boxwidth bw
    set yrange [0:*]
    set ylabel "CPU time per store (ns)"
    plot for [f = 1:nf] tsv \
           using ((strcol("stream") eq st && column("footprint_bytes") == real(word(footprints, f))) ? xpos(strcol("variant"), f) : NaN):(column("median_ns_per_store")) \
           with boxes lc rgb fpcolor(f) title fplabel(f), \
         for [f = 1:nf] tsv \
           using ((strcol("stream") eq st && column("footprint_bytes") == real(word(footprints, f))) ? xpos(strcol("variant"), f) : NaN):(column("min_ns_per_store")):(0):(column("max_ns_per_store") - column("min_ns_per_store")) \
           with vectors nohead lw 1.5 lc rgb "black" notitle
  }
  if (instr ne "") {
    set title "user-space instructions per store (callgrind: exact, whatever the machine does)"
    set ylabel "instructions per store (count)"
    set yrange [0:*]
    set boxwidth 0.35
    set key top left
    ni = words(istreams)
    plot for [s = 1:ni] instr \
           using ((strcol("stream") eq word(istreams, s)) ? idx(variants, strcol("variant")) + (s - (ni + 1) / 2.0) * 0.36 : NaN):(column("instructions_per_store")) \
           with boxes lc rgb word("#74c476 #238b45 #006d2c #00441b", (s - 1) % 4 + 1) title ("stream ".esc(word(istreams, s))), \
         for [s = 1:ni] instr \
           using ((strcol("stream") eq word(istreams, s)) ? idx(variants, strcol("variant")) + (s - (ni + 1) / 2.0) * 0.36 : NaN):(column("instructions_per_store")):(sprintf("%.1f", column("instructions_per_store"))) \
           with labels offset 0,0.7 font ",8" notitle
  }
  unset multiplot
  set output
}
