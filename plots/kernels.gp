# kernels.gp: real kernels (qemu guests) against the emulation here: system calls and EINVAL answers per scan,
# real and emulated, per target and probe; and each probe's time per scan in the guest relative to one probe's.
# gnuplot -c kernels.gp TSV OUT TARGETS PROBES BASE_PROBE SUBTITLE
tsv = ARG1; out = ARG2; targets = ARG3; probes = ARG4; base = ARG5; subtitle = ARG6
load ARG0[1:strstrt(ARG0, "kernels.gp") - 1]."common.gp"
nt = words(targets)
np = words(probes)
w = 0.2
do for [fmt in "png svg"] {
  eval start(fmt, 700 * nt + 200, 1000)
  set output out.".".fmt
  set multiplot layout 2, nt title "{/:Bold Real kernels (qemu, TCG) against the emulation here}   (free layout, 1 MiB, each guest's own configuration)\n{/*0.85 ".esc(subtitle)."}"
  set xrange [0.4 : np + 0.6]
  set xtics () rotate by -25 font ",9"
  do for [p = 1:np] { set xtics add (esc(word(probes, p)) p) }
  set style fill solid 0.8 border -1
  set boxwidth w
  do for [t = 1:nt] {
    tg = word(targets, t)
    set title esc(tg)." (solid: real kernel, hatched: emulated here; they must be equal)"
    set logscale y 10
    set yrange [0.8:*]
    set ylabel "per scan (count)"
    set key top right font ",8"
    plot tsv using ((strcol("target") eq tg) ? idx(probes, strcol("probe")) - 1.5 * w : NaN):(column("syscalls_real")) with boxes lc rgb "#1f77b4" title "calls, real", \
         tsv using ((strcol("target") eq tg) ? idx(probes, strcol("probe")) - 0.5 * w : NaN):(column("syscalls_emulated")) with boxes fs pattern 4 lc rgb "#1f77b4" title "calls, emulated", \
         tsv using ((strcol("target") eq tg) ? idx(probes, strcol("probe")) + 0.5 * w : NaN):(column("einval_real") > 0 ? column("einval_real") : NaN) with boxes lc rgb "#d62728" title "EINVAL, real", \
         tsv using ((strcol("target") eq tg) ? idx(probes, strcol("probe")) + 1.5 * w : NaN):(column("einval_emulated") > 0 ? column("einval_emulated") : NaN) with boxes fs pattern 4 lc rgb "#d62728" title "EINVAL, emulated"
  }
  set yrange [0.001:20]
  set boxwidth 0.6
  do for [t = 1:nt] {
    tg = word(targets, t)
    set title esc(tg).": time per 16 MiB scan / ".esc(base)."'s in the guest\n{/*0.85 TCG emulates the CPU: ratios, not hardware times}"
    set ylabel "time per scan / ".esc(base)."'s (ratio, log scale)"
    unset key
    plot 1 with lines lc rgb "black" dt 2 notitle, \
         tsv using ((strcol("target") eq tg) ? idx(probes, strcol("probe")) : NaN):(column("time_vs_base")) with boxes lc rgb "#2ca02c" notitle, \
         tsv using ((strcol("target") eq tg) ? idx(probes, strcol("probe")) : NaN):(column("time_vs_base")):(sprintf("%.2g", column("time_vs_base"))) with labels offset 0,0.7 font ",8" notitle
  }
  unset multiplot
  set output
}
