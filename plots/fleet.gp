# fleet.gp: real page sizes side by side: for each of the seed's probes, time per scan against region size on each
# machine at its real T (solid), the model's prediction from that machine's own primitives (dotted), and the same
# configuration emulated on this machine (dashed, the colour of the machine it stands for); under it, the system
# calls per scan of every machine, those whose CPU qemu emulates among them (counts and verdicts only: their times
# are left out of the upper row).
# gnuplot -c fleet.gp TIME CALLS OUT "PROBE..." "NT NC" "TIME-COLOUR..." "TIME-DASH..." "CALLS-COLOUR..." SUBTITLE
#   TIME, CALLS: one block per line of the chart (blocks apart by two blank lines), its first line the line's title
#   (data: drawn as plain text), then bytes, value, probe per point (tab-separated); colours and dash types, one a line.
#   Equal counts draw one line over another: the points differ in shape and size so that each stays seen
time = ARG1; calls = ARG2; out = ARG3; probes = ARG4; nt = int(word(ARG5, 1)); nc = int(word(ARG5, 2))
tcol = ARG6; tdt = ARG7; ccol = ARG8; subtitle = ARG9
load ARG0[1:strstrt(ARG0, "fleet.gp") - 1]."common.gp"
np = words(probes)
do for [fmt in "png svg"] {
  eval start(fmt, 400 * np + 330, 880)
  set output out.".".fmt
  set multiplot layout 2, np title "{/:Bold Real page sizes side by side: the seed's probes, each machine at its own T (free layout)}\n{/*0.85 solid: measured on the machine; dotted: its model (its calls x its own primitives); dashed: the configuration emulated on this machine}\n{/*0.85 ".esc(subtitle)."}" margins 0.05, 0.78, 0.09, 0.87 spacing 0.04, 0.11
  set logscale xy 2
  set format y "%.0s%c"
  eval size_xtics
  set xtics rotate by -30 font ",8"
  set ytics font ",8"
  set key font ",8" noenhanced spacing 1.1
  do for [p = 1:np] {
    set title esc(word(probes, p)).": time per scan (CPU not emulated)"
    set ylabel (p == 1 ? "CPU time per scan (ns)" : "")
    set xlabel ""
    if (p == np) { set key outside right top } else { unset key }
    if (nt > 0) {
      plot for [k = 0:nt - 1] time index k using ((strcol(3) eq word(probes, p)) ? column(1) : NaN):2 with linespoints \
           lw 2 pt 7 ps 0.6 dt int(word(tdt, k + 1)) lc rgb word(tcol, k + 1) title columnheader(1)
    } else {
      set label 1 "no machine here has a CPU that is not emulated" at graph 0.5, 0.5 center
      plot NaN notitle
      unset label 1
    }
  }
  do for [p = 1:np] {
    set title esc(word(probes, p)).": system calls per scan (every machine)"
    set ylabel (p == 1 ? "calls per scan" : "")
    set xlabel "region size"
    if (p == np) { set key outside right top } else { unset key }
    plot for [k = 0:nc - 1] calls index k using ((strcol(3) eq word(probes, p)) ? column(1) : NaN):2 with linespoints \
         pt (k % 2 ? 6 : 7) ps (1.4 - 0.4 * (k % 3)) \
         lw 2 lc rgb word(ccol, k + 1) title columnheader(1)
  }
  unset multiplot
  set output
}
