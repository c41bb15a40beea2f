# configs-barrier.gp: the write barrier in each configuration's build (on-phys carries that build's P): time per
# store, instructions per store, and bad-pointer flags on the low stream, per variant, configurations side by side.
# gnuplot -c configs-barrier.gp TSV OUT SUBTITLE CONFIGS VARIANTS STREAMS (the first stream: valid, the last: low)
tsv = ARG1; out = ARG2; subtitle = ARG3; configs = ARG4; variants = ARG5; streams = ARG6
load ARG0[1:strstrt(ARG0, "configs-barrier.gp") - 1]."common.gp"
nc = words(configs)
nv = words(variants)
valid = word(streams, 1)
low = word(streams, words(streams))
bw = 0.8 / nc
xpos(v, c) = idx(variants, v) + (c - (nc + 1) / 2.0) * bw
do for [fmt in "png svg"] {
  eval start(fmt, 1500, 1150)
  set output out.".".fmt
  set multiplot layout 3, 1 title "{/:Bold The write barrier in each configuration's build}   (each build has Go's P for its architecture compiled in: on-phys's bound is that P)\n{/*0.85 ".esc(subtitle)."}"
  set xrange [0.4 : nv + 0.6]
  set xtics () font ",9"
  do for [v = 1:nv] { set xtics add (esc(word(variants, v)) v) }
  set style fill solid 0.8 border -1
  set boxwidth bw
  set key outside right top
  set yrange [0:*]
  set offsets 0, 0, graph 0.1, 0
  set title "CPU time per store, stream ".esc(valid).", 4 KiB footprint (median of 9 repetitions: 3 rounds, the builds taking turns)"
  set ylabel "CPU time per store (ns)"
  plot for [c = 1:nc] tsv using ((strcol("config") eq word(configs, c) && strcol("stream") eq valid) ? xpos(strcol("variant"), c) : NaN):(column("median_ns_per_store")) \
         with boxes lc rgb color(c) title esc(word(configs, c))
  set title "user-space instructions per store, stream ".esc(valid)." (callgrind: exact)"
  set ylabel "instructions per store (count)"
  plot for [c = 1:nc] tsv using ((strcol("config") eq word(configs, c) && strcol("stream") eq valid) ? xpos(strcol("variant"), c) : NaN):(column("instructions_per_store")) \
         with boxes lc rgb color(c) title esc(word(configs, c))
  set title "bad pointers flagged per 1000 stores on ".esc(low)." (every 10th a pointer in that build's [M, P), or M when P = M; real memory on a small-page kernel): on-phys flags them all, on-min none"
  set ylabel "flagged per 1000 stores (count)"
  plot for [c = 1:nc] tsv using ((strcol("config") eq word(configs, c) && strcol("stream") eq low) ? xpos(strcol("variant"), c) : NaN):(column("flagged_per_1000")) \
         with boxes lc rgb color(c) title esc(word(configs, c))
  unset multiplot
  set output
}
