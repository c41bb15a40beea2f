# compare.gp: change of the median per benchmark (NEW vs OLD) with its 95% CI, coloured by verdict.
# gnuplot -c compare.gp TSV OUT SUBTITLE THRESHOLD (TSV: pagebound-compare --format tsv rows, at most 40)
tsv = ARG1; out = ARG2; subtitle = ARG3; threshold = real(ARG4)
load ARG0[1:strstrt(ARG0, "compare.gp") - 1]."common.gp"
stats tsv using (column("change_pct")) nooutput
n = STATS_records
vcolor(v) = (v eq "SLOWER") ? 0xd62728 : (v eq "faster") ? 0x2ca02c : 0x7f7f7f
do for [fmt in "png svg"] {
  eval start(fmt, 1400, 200 + 22 * n)
  set output out.".".fmt
  set title "{/:Bold Change of the median, NEW vs OLD, with 95% confidence intervals}   (the largest changes, at most 40)\n{/*0.85 red: slower beyond ±".sprintf("%g", threshold)."% and significant; green: faster; grey: no significant change beyond the threshold}\n{/*0.85 ".esc(subtitle)."}"
  set xlabel "change of the median CPU time (%)"
  set ytics () font ",8"
  set yrange [-1 : n]
  set grid x
  unset key
  set lmargin at screen 0.36
  set arrow 1 from 0, graph 0 to 0, graph 1 nohead lc rgb "black"
  set arrow 2 from threshold, graph 0 to threshold, graph 1 nohead lc rgb "#d62728" dt 2
  set arrow 3 from -threshold, graph 0 to -threshold, graph 1 nohead lc rgb "#2ca02c" dt 2
  plot tsv using (column("change_pct")):0:(column("ci_lo_pct")):(column("ci_hi_pct")):(vcolor(strcol("verdict"))):ytic(esc(strcol("benchmark"))) \
       with xerrorbars pt 7 ps 0.8 lc rgb variable
  set output
}
