# scan-cost.gp: CPU time per scan vs region size, log-log, one line per probe and layout, one panel per configuration.
# gnuplot -c scan-cost.gp TSV OUT SUBTITLE CONFIGS LAYOUTS PROBES NAMES (lists: space-separated, in table order;
# NAMES: the configurations' names, one per label, for the panel titles)
tsv = ARG1; out = ARG2; subtitle = ARG3; configs = ARG4; layouts = ARG5; probes = ARG6; names = ARG7
load ARG0[1:strstrt(ARG0, "scan-cost.gp") - 1]."common.gp"
eval scan_grid
do for [fmt in "png svg"] {
  eval start(fmt, 1500, 480 * rows + 90)
  set output out.".".fmt
  set multiplot layout rows, cols title "{/:Bold Address-range probes: CPU time per scan vs region size}   (colour: probe, line style: layout;  red ✕: the probe's answer is WRONG; lines overlap where two probes make the same calls)\n{/*0.85 ".esc(subtitle)."}"
  do for [c = 1:nc] {
    eval scan_panel
    set logscale xy 2
    set format y "10^{%L}"
    set logscale y 10
    set ylabel "CPU time per scan (ns)"
    set key top left
    plot for [l = 1:words(layouts)] for [p = 1:words(probes)] tsv \
           using ((strcol("probe") eq word(probes, p) && strcol("config") eq cfg && strcol("layout") eq word(layouts, l)) ? column("bytes") : NaN):(column("median_ns")) \
           with linespoints lw 2 pt (p + 3) ps (1.5 - 0.15 * p) dt 1 + (l - 1) % 6 lc rgb color(p) \
           title (l == 1 ? esc(word(probes, p)) : ""), \
         for [l = 1:words(layouts)] NaN with lines lw 2 dt 1 + (l - 1) % 6 lc rgb "black" title ("layout ".esc(word(layouts, l))), \
         tsv using ((strcol("config") eq cfg && column("verdict_ok") == 0) ? column("bytes") : NaN):(column("median_ns")) \
           with points pt 2 ps 2.5 lw 3 lc rgb "red" title "wrong verdict"
  }
  unset multiplot
  set output
}
