# compare.gp: the change NEW vs OLD per family (paired rounds) or per benchmark (unpaired) with its 95% interval,
# coloured by verdict; rows shown but not gating (paired: the barrier times) are hollow and say so.
# gnuplot -c compare.gp TSV OUT SUBTITLE THRESHOLD MODE (TSV: pagebound-compare --format tsv rows, at most 40;
# MODE: paired or unpaired)
tsv = ARG1; out = ARG2; subtitle = ARG3; threshold = real(ARG4); paired = (ARG5 eq "paired")
load ARG0[1:strstrt(ARG0, "compare.gp") - 1]."common.gp"
stats tsv using (column("change_pct")) nooutput
n = STATS_records
vcolor(v) = (v eq "SLOWER") ? 0xd62728 : (v eq "faster") ? 0x2ca02c : (v[1:6] eq "slower") ? 0xff7f0e : 0x7f7f7f
gates(x) = paired ? (strcol("gates") eq "yes") : 1
label(x) = esc(short(strcol("benchmark"), 90)).(gates(0) ? "" : " (not gating)")
what = paired ? "per family, paired rounds (a round: the fastest repetition of each side); every gating family, then the largest other changes" : "per benchmark (Hodges-Lehmann change of the medians); the largest changes"
th = sprintf("%g", threshold)
do for [fmt in "png svg"] {
  eval start(fmt, 1400, 220 + 22 * n)
  set output out.".".fmt
  set title "{/:Bold Change NEW vs OLD with 95% confidence intervals}\n{/*0.85 ".what."; at most 40 rows}\n{/*0.85 red: regression (significant, interval reaching +".th."%); orange: significantly slower, below +".th."%;}\n{/*0.85 green: faster; grey: no significant change; hollow: shown, not gating}\n{/*0.85 ".esc(subtitle)."}"
  set xlabel "change of CPU time (%)"
  set ytics () font ",8"
  set yrange [-1 : n]
  set grid x
  unset key
  set lmargin at screen 0.36
  set arrow 1 from 0, graph 0 to 0, graph 1 nohead lc rgb "black"
  set arrow 2 from threshold, graph 0 to threshold, graph 1 nohead lc rgb "#d62728" dt 2
  set arrow 3 from -threshold, graph 0 to -threshold, graph 1 nohead lc rgb "#2ca02c" dt 2
  plot tsv using (column("change_pct")):0:(column("ci_lo_pct")):(column("ci_hi_pct")):(vcolor(strcol("verdict"))):ytic(label(0)) \
       with xerrorbars pt 7 ps 0.9 lc rgb variable, \
       tsv using (gates(0) ? NaN : column("change_pct")):0 with points pt 7 ps 0.5 lc rgb "white"
  set output
}
