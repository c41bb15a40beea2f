# fleet-prim.gp: every machine's primitives side by side (median CPU time per call, log scale): one group of bars per
# primitive, one bar per machine; a machine whose CPU qemu emulates says so in its title (its times are not a
# machine's performance: they are drawn to be seen, never compared).
# gnuplot -c fleet-prim.gp TSV OUT NMACHINES SUBTITLE   (TSV: prim, then one column per machine, its title the header)
tsv = ARG1; out = ARG2; nm = int(ARG3); subtitle = ARG4
load ARG0[1:strstrt(ARG0, "fleet-prim.gp") - 1]."common.gp"
do for [fmt in "png svg"] {
  eval start(fmt, 1300, 560)
  set output out.".".fmt
  set title "{/:Bold The primitives of every machine: CPU time per call}  (median over repetitions, log scale)\n{/*0.85 ".esc(subtitle)."}"
  set style data histograms
  set style histogram clustered gap 1
  set style fill solid 0.75 border -1
  set logscale y
  set yrange [10:*]
  set ylabel "CPU time per call (ns)"
  set xtics noenhanced
  set key outside right top font ",8" noenhanced
  plot for [m = 2:nm + 1] tsv using m:xtic(1) title columnheader(m) lc rgb color(m - 1)
  set output
}
