# configs.gp: time per scan per probe and page-size configuration, whole-process (hyperfine) next to in-process
# (Google Benchmark), and each configuration's ratio to the baseline.
# gnuplot -c configs.gp TSV OUT SUBTITLE CONFIGS PROBES BASELINE
tsv = ARG1; out = ARG2; subtitle = ARG3; configs = ARG4; probes_here = ARG5; baseline = ARG6
load ARG0[1:strstrt(ARG0, "configs.gp") - 1]."common.gp"
nc = words(configs)
np = words(probes_here)
bw = 0.8 / (2 * nc)
xw(p, c) = idx(probes_here, p) + ((c - 1) * 2 - nc + 0.5) * bw
xi(p, c) = xw(p, c) + bw
cfgcolor(c) = color((c - 1) % 10 + 1)
do for [fmt in "png svg"] {
  eval start(fmt, 1500, 1000)
  set output out.".".fmt
  set multiplot layout 2, 1 title "{/:Bold Page-size configurations: time per scan of an unmapped region, whole process vs in process}\n{/*0.85 ".esc(subtitle)."}"
  set xrange [0.4 : np + 0.6]
  set xtics ()
  do for [p = 1:np] { set xtics add (esc(word(probes_here, p)) p) }
  set title "solid: whole process (hyperfine mean over processes / scans per process, whiskers ±1 sd; includes exec and layout set-up), hatched: in process (pagebound-scan median)"
  set logscale y 10
  set format y "10^{%L}"
  set ylabel "time per scan (ns)"
  set key outside right top
  set boxwidth bw
  plot for [c = 1:nc] tsv using ((strcol("config") eq word(configs, c)) ? xw(strcol("probe"), c) : NaN):(column("whole_ns_per_scan")) \
         with boxes fs solid 0.8 border -1 lc rgb cfgcolor(c) title (esc(word(configs, c))." whole"), \
       for [c = 1:nc] tsv using ((strcol("config") eq word(configs, c)) ? xw(strcol("probe"), c) : NaN):(column("whole_ns_per_scan") - column("whole_sd_ns")):(0):(2 * column("whole_sd_ns")) \
         with vectors nohead lc rgb "black" notitle, \
       for [c = 1:nc] tsv using ((strcol("config") eq word(configs, c)) ? xi(strcol("probe"), c) : NaN):(column("inproc_ns_per_scan")) \
         with boxes fs pattern 4 border -1 lc rgb cfgcolor(c) title (esc(word(configs, c))." in-process")
  set title "ratio to the baseline configuration ".esc(baseline)." (1 = same time per scan); whiskers: 95% interval (in process: paired rounds; whole: the two blocks of processes)"
  unset logscale y
  set format y "%g"
  set ylabel "time per scan / baseline's (ratio)"
  set yrange [0:*]
  plot 1 with lines lc rgb "black" dt 2 notitle, \
       for [c = 1:nc] tsv using ((strcol("config") eq word(configs, c)) ? xw(strcol("probe"), c) : NaN):(column("whole_vs_baseline")) \
         with boxes fs solid 0.8 border -1 lc rgb cfgcolor(c) title (esc(word(configs, c))." whole"), \
       for [c = 1:nc] tsv using ((strcol("config") eq word(configs, c)) ? xi(strcol("probe"), c) : NaN):(column("inproc_vs_baseline")) \
         with boxes fs pattern 4 border -1 lc rgb cfgcolor(c) title (esc(word(configs, c))." in-process"), \
       for [c = 1:nc] tsv using ((strcol("config") eq word(configs, c) && strcol("whole_lo") ne "-") ? xw(strcol("probe"), c) : NaN):(column("whole_vs_baseline")):(column("whole_lo")):(column("whole_hi")) \
         with yerrorbars pt 0 lc rgb "black" notitle, \
       for [c = 1:nc] tsv using ((strcol("config") eq word(configs, c) && strcol("inproc_lo") ne "-") ? xi(strcol("probe"), c) : NaN):(column("inproc_vs_baseline")):(column("inproc_lo")):(column("inproc_hi")) \
         with yerrorbars pt 0 lc rgb "black" notitle
  unset multiplot
  set output
}
