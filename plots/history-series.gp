# history-series.gp: one machine's series over its runs, one small panel each: each run's value relative to the
# series' median, its change points (red: slower, green: faster; the step in percent) and events (grey dotted: a
# new kernel or compiler). Series are numbered; their names come from a file and are drawn as plain text.
# gnuplot -c history-series.gp DATA CPS EVENTS NAMES OUT NSERIES NRUNS TITLE NOTE
#   DATA: k, run_index, rel_pct (value / the series' median - 1, in %)   CPS: k, run_index, step_pct
#   EVENTS: run_index   NAMES: k, name   (tab-separated, a header line each)
data = ARG1; cps = ARG2; events = ARG3; names = ARG4; out = ARG5; n = int(ARG6); nruns = int(ARG7)
load ARG0[1:strstrt(ARG0, "history-series.gp") - 1]."common.gp"
cols = (n < 4) ? n : 4
rows = (n + cols - 1) / cols
do for [fmt in "png svg"] {
  eval start(fmt, 360 * cols + 40, 230 * rows + 90)
  set output out.".".fmt
  set multiplot layout rows, cols title "{/:Bold ".esc(ARG8)."}\n{/*0.85 ".esc(ARG9)."}" margins 0.05, 0.98, 0.06, (1 - 70.0 / (230 * rows + 90)) spacing 0.05, 0.09
  set xrange [0.5 : nruns + 0.5]
  set xtics 1 font ",7"
  if (nruns > 20) { set xtics 5 }
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
    plot 0 with lines lc rgb "#999999" dt 2, \
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
