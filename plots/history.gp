# history.gp: the median of chosen benchmarks over scripts/bench runs, relative to each one's first run.
# gnuplot -c history.gp TSV OUT BENCHES NRUNS (TSV columns: run_index run benchmark median ratio)
tsv = ARG1; out = ARG2; benches = ARG3; nruns = int(ARG4)
load ARG0[1:strstrt(ARG0, "history.gp") - 1]."common.gp"
nb = words(benches)
do for [fmt in "png svg"] {
  eval start(fmt, 1400, 700)
  set output out.".".fmt
  set title "{/:Bold Benchmark history: median of each run, relative to the benchmark's first run}\n{/*0.85 the history store (scripts/history export bench), one point per scripts/bench run; 1 = as fast as the first run}"
  set xlabel "run (scripts/bench, oldest first)"
  set ylabel "median / first run's median (ratio)"
  set xrange [0.5 : nruns + 0.5]
  set xtics 1
  set key outside right top font ",8"
  plot 1 with lines lc rgb "black" dt 2 notitle, \
       for [b = 1:nb] tsv using ((strcol("benchmark") eq word(benches, b)) ? column("run_index") : NaN):(column("ratio")) \
         with linespoints lw 2 pt 7 ps 0.7 title (esc(short(word(benches, b), 90)))
  set output
}
