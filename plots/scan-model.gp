# scan-model.gp: measured CPU time per scan vs the time the syscall counts predict from the primitives.
# Inputs (gnuplot -e): tsv, out, subtitle.
load dir."common.gp"
model_probes = "chunked stepped stepped-dynamic"
do for [fmt in "png svg"] {
  eval start(fmt, 1000, 800)
  set output out.".".fmt
  set title "{/:Bold Measured vs predicted: time per scan against syscall counts x primitive costs}\n{/*0.85 ".subtitle."}"
  set logscale xy 10
  set format x "10^{%L}"
  set format y "10^{%L}"
  set xlabel "predicted from primitives (ns per scan)"
  set ylabel "measured CPU time (ns per scan)"
  set key top left
  set size ratio -1
  plot x with lines lc rgb "black" dt 1 title "measured = predicted", \
       1.1 * x with lines lc rgb "#999999" dt 2 title "±10%", \
       0.9 * x with lines lc rgb "#999999" dt 2 notitle, \
       for [p = 1:words(model_probes)] tsv skip 1 \
         using ((strcol(1) eq word(model_probes, p) && $13 > 0) ? $13 : NaN):6 \
         with points pt word("6 7 5", p) ps word("1.8 0.9 0.7", p) lw 2 lc rgb probe_color(idx(probes, word(model_probes, p))) title word(model_probes, p)
  set output
}
