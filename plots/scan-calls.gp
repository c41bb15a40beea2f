# scan-calls.gp: system calls per scan vs region size on unmapped regions, one panel per configuration.
# Inputs (gnuplot -e): tsv, out, subtitle, xmin, xmax (bytes), configs.
load dir."common.gp"
nc = words(configs)
cols = (nc > 1) ? 2 : 1
rows = int((nc + cols - 1) / cols)
do for [fmt in "png svg"] {
  eval start(fmt, 1500, 480 * rows + 90)
  set output out.".".fmt
  set multiplot layout rows, cols title "{/:Bold System calls per scan of an unmapped region}   (solid: all calls, dashed: calls that answered EINVAL; stepped lies under stepped-dynamic where T = M)\n{/*0.85 ".subtitle."}"
  do for [c = 1:nc] {
    cfg = word(configs, c)
    set title cfg
    set logscale xy 2
    eval size_xtics
    set xrange [xmin / 1.4 : xmax * 1.4]
    set logscale y 10
    set format y "10^{%L}"
    set xlabel "region size (bytes)"
    set ylabel "system calls per scan (count)"
    set yrange [0.6:*]
    set key top left
    plot for [p = 1:words(probes)] tsv skip 1 \
           using ((strcol(1) eq word(probes, p) && strcol(2) eq cfg && strcol(3) eq "unmapped") ? $4 : NaN):10 \
           with linespoints lw 2 pt 7 ps 0.6 lc rgb probe_color(p) title word(probes, p), \
         for [p = 1:words(probes)] tsv skip 1 \
           using ((strcol(1) eq word(probes, p) && strcol(2) eq cfg && strcol(3) eq "unmapped" && $11 > 0) ? $4 : NaN):11 \
           with linespoints lw 2 pt 6 ps 0.6 dt 2 lc rgb probe_color(p) title (p == 2 ? "EINVAL answers" : "")
  }
  unset multiplot
  set output
}
