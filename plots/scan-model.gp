# scan-model.gp: measured CPU time per scan divided by the time its syscall counts predict from the primitives,
# against region size, one line per probe, one panel per configuration, with the +-10% band.
# gnuplot -c scan-model.gp TSV OUT SUBTITLE CONFIGS LAYOUT PROBES ALL_PROBES NAMES (PROBES: those the model prices)
tsv = ARG1; out = ARG2; subtitle = ARG3; configs = ARG4; layout = ARG5; probes = ARG6; all = ARG7; names = ARG8
load ARG0[1:strstrt(ARG0, "scan-model.gp") - 1]."common.gp"
eval scan_grid
marker(p) = int(word("7 5 9 11 13 15", (p - 1) % 6 + 1))
do for [fmt in "png svg"] {
  eval start(fmt, 1500, 420 * rows + 90)
  set output out.".".fmt
  set multiplot layout rows, cols title "{/:Bold Measured ÷ predicted: CPU time per scan over syscall counts × primitive costs}   (layout ".esc(layout).")\n{/*0.9 median over repetitions of each scan's ratio, its primitives timed right before and after it; 1 = the scan costs nothing but its system calls; grey band: ±10%}\n{/*0.85 ".esc(subtitle)."}"
  do for [c = 1:nc] {
    eval scan_panel
    set logscale x 2
    set yrange [0.5 < * < 0.85 : 1.15 < * < 3]
    set ytics 0.1
    set mytics 2
    set ylabel "measured / predicted (ratio)"
    set key top right
    plot 1.1 with filledcurves y1=0.9 fs solid 0.25 noborder lc rgb "#999999" title "±10%", \
         1 with lines lc rgb "black" dt 2 notitle, \
         for [p = 1:words(probes)] tsv \
           using ((strcol("probe") eq word(probes, p) && strcol("config") eq cfg && strcol("layout") eq layout && column("model_ns") > 0) ? column("bytes") : NaN):(column("model_ratio")) \
           with linespoints lw 2 pt marker(p) ps 1.1 lc rgb color(idx(all, word(probes, p))) title (esc(word(probes, p)))
  }
  unset multiplot
  set output
}
