# scan-calls.gp: system calls per scan vs region size on the free layout (left), and the share of them that answered
# EINVAL (right: where T > M, the seed's stepped probe asks at every M and all but one in T/M are refused), one row
# per configuration. Probes that make the same calls (stepped and stepped-dynamic where T = M) are drawn in points
# of their own shape and size, so that each can be seen on the other.
# gnuplot -c scan-calls.gp TSV OUT SUBTITLE CONFIGS LAYOUT PROBES NAMES
tsv = ARG1; out = ARG2; subtitle = ARG3; configs = ARG4; layout = ARG5; probes = ARG6; names = ARG7
load ARG0[1:strstrt(ARG0, "scan-calls.gp") - 1]."common.gp"
eval scan_grid
do for [fmt in "png svg"] {
  eval start(fmt, 1500, 400 * nc + 90)
  set output out.".".fmt
  set multiplot layout nc, 2 title "{/:Bold System calls per scan of a region laid out ".esc(layout)."}   (left: every call; right: the share that answered EINVAL)\n{/*0.85 ".esc(subtitle)."}"
  do for [c = 1:nc] {
    eval scan_panel
    set logscale x 2
    set logscale y 10
    set format y "10^{%L}"
    set ylabel "system calls per scan (count)"
    set yrange [0.6:*]
    set key top left
    plot for [p = 1:words(probes)] tsv \
           using ((strcol("probe") eq word(probes, p) && strcol("config") eq cfg && strcol("layout") eq layout) ? column("bytes") : NaN):(column("syscalls_per_scan")) \
           with linespoints lw 2 pt (p + 3) ps (1.9 - 0.25 * p) lc rgb color(p) title (esc(word(probes, p)))
    unset logscale y
    set format y "%g%%"
    set ylabel "calls that answered EINVAL (% of the scan's calls)"
    set yrange [0:105]
    unset key
    plot for [p = 1:words(probes)] tsv \
           using ((strcol("probe") eq word(probes, p) && strcol("config") eq cfg && strcol("layout") eq layout && column("syscalls_per_scan") > 0) ? column("bytes") : NaN):(100 * column("einval_per_scan") / column("syscalls_per_scan")) \
           with linespoints lw 2 pt (p + 3) ps (1.9 - 0.25 * p) lc rgb color(p) notitle
  }
  unset multiplot
  set output
}
