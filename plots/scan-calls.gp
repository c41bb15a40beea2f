# scan-calls.gp: system calls per scan vs region size on the free layout, one panel per configuration.
# gnuplot -c scan-calls.gp TSV OUT SUBTITLE CONFIGS LAYOUT PROBES NAMES
tsv = ARG1; out = ARG2; subtitle = ARG3; configs = ARG4; layout = ARG5; probes = ARG6; names = ARG7
load ARG0[1:strstrt(ARG0, "scan-calls.gp") - 1]."common.gp"
eval scan_grid
do for [fmt in "png svg"] {
  eval start(fmt, 1500, 480 * rows + 90)
  set output out.".".fmt
  set multiplot layout rows, cols title "{/:Bold System calls per scan of a region laid out ".esc(layout)."}   (solid: all calls, dashed: calls that answered EINVAL; lines overlap where two probes make the same calls)\n{/*0.85 ".esc(subtitle)."}"
  do for [c = 1:nc] {
    eval scan_panel
    set logscale xy 2
    set logscale y 10
    set format y "10^{%L}"
    set ylabel "system calls per scan (count)"
    set yrange [0.6:*]
    set key top left
    plot for [p = 1:words(probes)] tsv \
           using ((strcol("probe") eq word(probes, p) && strcol("config") eq cfg && strcol("layout") eq layout) ? column("bytes") : NaN):(column("syscalls_per_scan")) \
           with linespoints lw 2 pt 7 ps 0.6 lc rgb color(p) title (esc(word(probes, p))), \
         for [p = 1:words(probes)] tsv \
           using ((strcol("probe") eq word(probes, p) && strcol("config") eq cfg && strcol("layout") eq layout && column("einval_per_scan") > 0) ? column("bytes") : NaN):(column("einval_per_scan")) \
           with linespoints lw 2 pt 6 ps 0.6 dt 2 lc rgb color(p) notitle, \
         NaN with lines lw 2 dt 2 lc rgb "black" title "EINVAL answers"
  }
  unset multiplot
  set output
}
