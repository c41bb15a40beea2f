# prim.gp: the floor costs every probe is made of, as bars (median, with min-max over repetitions).
# gnuplot -c prim.gp TSV OUT SUBTITLE
tsv = ARG1; out = ARG2; subtitle = ARG3
load ARG0[1:strstrt(ARG0, "prim.gp") - 1]."common.gp"
do for [fmt in "png svg"] {
  eval start(fmt, 1000, 600)
  set output out.".".fmt
  set title "{/:Bold Primitives: CPU time per call}  (bar: median, whiskers: min-max over repetitions)\n{/*0.85 ".esc(subtitle)."}"
  set style fill solid 0.7 border -1
  set boxwidth 0.6
  set yrange [0:*]
  set xrange [-0.6:*]
  set ylabel "CPU time per call (ns)"
  set xlabel "primitive"
  unset key
  plot tsv using 0:(column("median_ns")):xtic(esc(strcol("prim"))) with boxes lc rgb "#1f77b4", \
       tsv using 0:(column("min_ns")):(0):(column("max_ns") - column("min_ns")) with vectors nohead lw 1.5 lc rgb "black", \
       tsv using 0:(column("median_ns")):(sprintf("%.0f", column("median_ns"))) with labels offset 0,1.2
  set output
}
