# primitives.gp: the floor costs every probe is made of, as bars (median, with min-max over repetitions).
# Inputs (gnuplot -e): tsv, out, subtitle.
load dir."common.gp"
do for [fmt in "png svg"] {
  eval start(fmt, 1000, 600)
  set output out.".".fmt
  set title "{/:Bold Primitives: CPU time per call}  (bar: median, whiskers: min-max over repetitions)\n{/*0.85 ".subtitle."}"
  set style fill solid 0.7 border -1
  set boxwidth 0.6
  set yrange [0:*]
  set xrange [-0.6:*]
  set ylabel "CPU time per call (ns)"
  set xlabel "primitive"
  unset key
  plot tsv skip 1 using 0:3:xtic(1) with boxes lc rgb "#1f77b4", \
       tsv skip 1 using 0:4:(0):($5 - $4) with vectors nohead lw 1.5 lc rgb "black", \
       tsv skip 1 using 0:($3):(sprintf("%.0f", $3)) with labels offset 0,1.2
  set output
}
