# barrier.gp: what the bound check costs per store. First its user-space instructions per store (callgrind: exact,
# whatever the machine does), when the run counted them; then, per stream, each checking variant's time per store
# against the unchecked one (paired by repetition in one process, 95% interval), clustered by footprint, every panel
# on one scale; the grey band is the run's own A/A (two variants that are the same code in this build): a difference
# inside it is not measurable here.
# gnuplot -c barrier.gp DIFF_TSV OUT SUBTITLE VARIANTS STREAMS FOOTPRINTS (bytes) [INSTRUCTIONS_TSV ITS_STREAMS ALL_VARIANTS]
tsv = ARG1; out = ARG2; subtitle = ARG3; variants = ARG4; streams = ARG5; footprints = ARG6; instr = ARG7; istreams = ARG8
load ARG0[1:strstrt(ARG0, "barrier.gp") - 1]."common.gp"
ns = words(streams)
nf = words(footprints)
panels = ns + (instr ne "" ? 1 : 0)
cols = (panels > 1) ? 2 : 1
rows = int((panels + cols - 1) / cols)
bw = 0.8 / nf
xpos(v, f) = idx(variants, v) + (f - (nf + 1) / 2.0) * bw
fplabel(f) = bytes(int(word(footprints, f)))
fpcolor(f) = word("#4292c6 #08519c #d94801 #7f2704 #041c3d #02101f", (f - 1) % 6 + 1)
stats tsv using (column("scale_ns")) nooutput
span = exists("STATS_max") && STATS_max > 0 ? STATS_max : 1 # (no row: a run of one barrier variant)
do for [fmt in "png svg"] {
  eval start(fmt, 1500, 450 * rows + 90)
  set output out.".".fmt
  set multiplot layout rows, cols title "{/:Bold Write-barrier bound check: what it costs per pointer store}  (instructions: exact; time: against the unchecked store, 95% interval; grey: the run's A/A)\n{/*0.85 ".esc(subtitle)."}"
  set style fill solid 0.85 border -1
  set key top left
  if (instr ne "") {
    allv = ARG9
    set xrange [0.4:words(allv) + 0.6]
    set xtics () rotate by -25 font ',9'
    do for [v = 1:words(allv)] { set xtics add (esc(word(allv, v)) v) }
    set title "user-space instructions per store (callgrind: exact, whatever the machine does)"
    set ylabel "instructions per store (count)"
    set yrange [0:*]
    set boxwidth 0.35
    ni = words(istreams)
    plot for [s = 1:ni] instr \
           using ((strcol("stream") eq word(istreams, s)) ? idx(allv, strcol("variant")) + (s - (ni + 1) / 2.0) * 0.36 : NaN):(column("instructions_per_store")) \
           with boxes lc rgb word("#74c476 #238b45 #006d2c #00441b", (s - 1) % 4 + 1) title ("stream ".esc(word(istreams, s))), \
         for [s = 1:ni] instr \
           using ((strcol("stream") eq word(istreams, s)) ? idx(allv, strcol("variant")) + (s - (ni + 1) / 2.0) * 0.36 : NaN):(column("instructions_per_store")):(sprintf("%.1f", column("instructions_per_store"))) \
           with labels offset 0,0.7 font ",8" notitle
  }
  set xrange [0.4:words(variants) + 0.6]
  set xtics () rotate by -25 font ',9'
  do for [v = 1:words(variants)] { set xtics add (esc(word(variants, v)) v) }
  set yrange [-1.15 * span : 1.15 * span]
  set ylabel "time per store minus the unchecked one (ns)"
  do for [s = 1:ns] {
    st = word(streams, s)
    set title "stream ".esc(st)
    plot 0 with lines lc rgb "#999999" dt 2 notitle, \
         for [f = 1:nf] tsv \
           using ((strcol("stream") eq st && column("footprint_bytes") == real(word(footprints, f))) ? xpos(strcol("variant"), f) : NaN):(0):(bw / 2.2):(column("aa_ns")) \
           with boxxyerror fs solid 0.35 noborder lc rgb "#bbbbbb" notitle, \
         for [f = 1:nf] tsv \
           using ((strcol("stream") eq st && column("footprint_bytes") == real(word(footprints, f))) ? xpos(strcol("variant"), f) : NaN):(column("diff_ns")):(column("diff_lo_ns")):(column("diff_hi_ns")) \
           with yerrorbars pt 7 ps 0.9 lw 1.5 lc rgb fpcolor(f) title fplabel(f)
  }
  unset multiplot
  set output
}
