# history-series.gp: one machine's series over its runs, one small panel each: each run's value relative to the
# series' median, its change points (red: slower, green: faster; the step in percent) and events (grey dotted: a
# new kernel or compiler). Series are numbered; their names come from a file and are drawn as plain text.
# gnuplot -c history-series.gp DATA CPS EVENTS NAMES OUT "NSERIES NRUNS FORMAT..." TITLE NOTE XTICS
#   DATA: k, run_index, rel_pct (value / the series' median - 1, in %)   CPS: k, run_index, step_pct
#   EVENTS: run_index   NAMES: k, name   XTICS: run_index, label (the run's date and commit)
#   (tab-separated, a header line each); FORMAT: svg, png (gnuplot -c passes nine arguments at most)
data = ARG1; cps = ARG2; events = ARG3; names = ARG4; out = ARG5; xt = ARG9
n = int(word(ARG6, 1)); nruns = int(word(ARG6, 2)); formats = (words(ARG6) > 2) ? ARG6[strstrt(ARG6, word(ARG6, 3)):*] : "svg"
load ARG0[1:strstrt(ARG0, "history-series.gp") - 1]."common.gp"
cols = (n < 4) ? n : 4
rows = (n + cols - 1) / cols
w = (cols < 3) ? 1000 : 380 * cols + 40  # room for the title when the panels are few
h = 260 * rows + 130                       # each panel: its points and, under them, the runs' dates and commits
do for [fmt in formats] {
  eval start(fmt, w, h)
  set output out.".".fmt
  set multiplot layout rows, cols title "{/:Bold ".esc(ARG7)."}\n{/*0.85 ".esc(ARG8)."}" margins 0.06, 0.98, 80.0 / h, (1 - 110.0 / h) spacing 0.05, 0.14
  set xrange [0.5 : nruns + 0.5]
  set xtics rotate by -30 font ",7" noenhanced  # the labels come from XTICS: data, drawn as plain text
  set ytics font ",7"
  set format y "%+.0f%%"
  unset key
  do for [k = 1:n] {
    set yrange [*:*]  # stats keeps to the current range: the panel before's would clip this one's
    stats data using (column(1) == k ? column(3) : NaN) nooutput
    vmin = (STATS_min < -2) ? STATS_min : -2
    vmax = (STATS_max > 2) ? STATS_max : 2
    lo = vmin - 0.1 * (vmax - vmin)
    hi = vmax + 0.4 * (vmax - vmin)  # room for the name and the steps above the points
    set yrange [lo : hi]
    plot xt using 1:(NaN):xticlabels(2) notitle, \
         0 with lines lc rgb "#999999" dt 2, \
         events using 1:(lo):(0):(hi - lo) with vectors nohead lc rgb "#aaaaaa" dt 3, \
         cps using (column(1) == k ? column(2) - 0.5 : NaN):(lo):(0):(hi - lo):(column(3) > 0 ? 0xd62728 : 0x2ca02c) \
           with vectors nohead lw 2 lc rgb variable, \
         cps using (column(1) == k ? column(2) - 0.5 : NaN):(hi - (hi - lo) * 0.25):(sprintf("%+.1f%%", column(3))) \
           with labels left offset 0.3,0 font ",8" tc rgb "#333333", \
         data using (column(1) == k ? column(2) : NaN):3 with linespoints pt 7 ps 0.5 lc rgb "#1f77b4", \
         names using (column(1) == k ? 0.6 : NaN):(hi - (hi - lo) * 0.09):2 with labels left noenhanced font ",8"
  }
  unset multiplot
  set output
}
