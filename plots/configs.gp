# configs.gp: time per scan per probe and page-size configuration, whole-process (hyperfine) next to in-process
# (Google Benchmark), and each configuration's ratio to the baseline.
# Inputs (gnuplot -e): tsv, out, subtitle, configs, probes_here, baseline.
load dir."common.gp"
nc = words(configs)
np = words(probes_here)
bw = 0.8 / (2 * nc)
xw(p, c) = idx(probes_here, p) + ((c - 1) * 2 - nc + 0.5) * bw
xi(p, c) = xw(p, c) + bw
cfgcolor(c) = word("#1f77b4 #ff7f0e #2ca02c #d62728 #9467bd #8c564b", c)
do for [fmt in "png svg"] {
  eval start(fmt, 1500, 1000)
  set output out.".".fmt
  set multiplot layout 2, 1 title "{/:Bold Page-size configurations: time per scan of an unmapped region, whole process vs in process}\n{/*0.85 ".subtitle."}"
  set xrange [0.4 : np + 0.6]
  set xtics ()
  do for [p = 1:np] { set xtics add (word(probes_here, p) p) }
  set title "solid: whole process (hyperfine mean over runs / scans per run, whiskers ±1 sd; includes exec and layout set-up), hatched: in process (pagebound-scan median)"
  set logscale y 10
  set format y "10^{%L}"
  set ylabel "time per scan (ns)"
  set key outside right top
  set boxwidth bw
  plot for [c = 1:nc] tsv skip 1 using ((strcol(1) eq word(configs, c)) ? xw(strcol(3), c) : NaN):8 \
         with boxes fs solid 0.8 border -1 lc rgb cfgcolor(c) title word(configs, c)." whole", \
       for [c = 1:nc] tsv skip 1 using ((strcol(1) eq word(configs, c)) ? xw(strcol(3), c) : NaN):($8 - $9):(0):(2 * $9) \
         with vectors nohead lc rgb "black" notitle, \
       for [c = 1:nc] tsv skip 1 using ((strcol(1) eq word(configs, c)) ? xi(strcol(3), c) : NaN):10 \
         with boxes fs pattern 4 border -1 lc rgb cfgcolor(c) title word(configs, c)." in-process"
  set title "ratio to the baseline configuration ".baseline." (1 = same time per scan)"
  unset logscale y
  set format y "%g"
  set ylabel "time per scan / baseline's"
  set yrange [0:*]
  plot 1 with lines lc rgb "black" dt 2 notitle, \
       for [c = 1:nc] tsv skip 1 using ((strcol(1) eq word(configs, c)) ? xw(strcol(3), c) : NaN):11 \
         with boxes fs solid 0.8 border -1 lc rgb cfgcolor(c) title word(configs, c)." whole", \
       for [c = 1:nc] tsv skip 1 using ((strcol(1) eq word(configs, c)) ? xi(strcol(3), c) : NaN):12 \
         with boxes fs pattern 4 border -1 lc rgb cfgcolor(c) title word(configs, c)." in-process"
  unset multiplot
  set output
}
