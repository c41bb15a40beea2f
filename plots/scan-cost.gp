# scan-cost.gp: CPU time per scan vs region size, log-log, one line per probe and layout, one panel per configuration.
# Inputs (gnuplot -e): tsv, out, subtitle, xmin, xmax (bytes), configs (space-separated labels), layouts.
load dir."common.gp"
nc = words(configs)
cols = (nc > 1) ? 2 : 1
rows = int((nc + cols - 1) / cols)
do for [fmt in "png svg"] {
  eval start(fmt, 1500, 480 * rows + 90)
  set output out.".".fmt
  set multiplot layout rows, cols title "{/:Bold Address-range probes: CPU time per scan vs region size}   (colour: probe, line style: layout;  red ✕: the probe's answer is WRONG; stepped lies under stepped-dynamic where T = M)\n{/*0.85 ".subtitle."}"
  do for [c = 1:nc] {
    cfg = word(configs, c)
    set title cfg
    set logscale xy 2
    eval size_xtics
    set xrange [xmin / 1.4 : xmax * 1.4]
    set format y "10^{%L}"
    set logscale y 10
    set xlabel "region size (bytes)"
    set ylabel "CPU time per scan (ns)"
    set key top left
    plot for [l = 1:words(layouts)] for [p = 1:words(probes)] tsv skip 1 \
           using ((strcol(1) eq word(probes, p) && strcol(2) eq cfg && strcol(3) eq word(layouts, l)) ? $4 : NaN):6 \
           with linespoints lw 2 pt 7 ps 0.6 dt l lc rgb probe_color(p) \
           title (l == 1 ? word(probes, p) : ""), \
         for [l = 1:words(layouts)] NaN with lines lw 2 dt l lc rgb "black" title "layout ".word(layouts, l), \
         tsv skip 1 using ((strcol(2) eq cfg && $12 == 0) ? $4 : NaN):6 \
           with points pt 2 ps 2.5 lw 3 lc rgb "red" title "wrong verdict"
  }
  unset multiplot
  set output
}
