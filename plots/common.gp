# common.gp: settings every chart shares. Charts are run as gnuplot -c SCRIPT ARG...: every input (paths, names,
# the subtitle) arrives as an ARG string, which gnuplot never runs as code; columns are found by header name.
set datafile separator "\t"
set encoding utf8
set grid back lc rgb "#dddddd"
set key font ",9" spacing 0.9 samplen 2.5
set dashtype 6 (16,4,2,4,2,4)  # dash types 1-5 are built in; a sixth layout needs its own
# terminal(fmt, w, h): PNG for looking, SVG for the README
start(fmt, w, h) = (fmt eq "png") ? \
    sprintf("set terminal pngcairo enhanced size %d,%d font 'DejaVu Sans,10'", w, h) : \
    sprintf("set terminal svg enhanced size %d,%d dynamic font 'DejaVu Sans,10' background rgb 'white'", w, h)
idx(list, w) = sum [i=1:words(list)] (word(list, i) eq w ? i : 0)
# colours by position in the list the caller passes (the order of the variant table), so every chart agrees
color(i) = word("#d62728 #1f77b4 #2ca02c #9467bd #ff7f0e #8c564b #e377c2 #7f7f7f #bcbd22 #17becf", (i - 1) % 10 + 1)
# bytes(v): "4 KiB", "256 MiB", "1 GiB"; size_xtics: a tic at every power of 4 from 4 KiB to 4 TiB
bytes(v) = (v >= 2**40) ? sprintf("%d TiB", v / 2**40) : (v >= 2**30) ? sprintf("%d GiB", v / 2**30) : \
           (v >= 2**20) ? sprintf("%d MiB", v / 2**20) : (v >= 2**10) ? sprintf("%d KiB", v / 2**10) : sprintf("%d B", v)
size_xtics = "set xtics (); do for [k = 0:15] { set xtics add (bytes(4096 * 4**k) 4096 * 4**k) }"
# esc(s): data shown as text (a subtitle, a name): braces, carets, underscores... are not enhanced-text markup.
# Halves, not one character at a time: gnuplot's stack holds a recursion some 250 deep, a name can be longer.
esc1(c) = (strlen(c) == 0) ? "" : (strstrt("_^{}@&~\\", c) > 0) ? "\\".c : c
esc(s) = (strlen(s) <= 1) ? esc1(s) : esc(s[1:strlen(s) / 2]).esc(s[strlen(s) / 2 + 1:*])
# short(s, n): at most n characters: the start and the end of a longer name, "..." between
short(s, n) = (strlen(s) <= n) ? s : s[1:n / 2 - 2]."...".s[strlen(s) - (n - n / 2) + 2:*]
# The three scan charts (scan-cost, scan-calls, scan-model) share their frame: scan_grid (after tsv, configs and
# names are set) finds the size range and lays the configurations out two by two; scan_panel (in the loop over
# c = 1..nc) titles panel c with its configuration and sets the size axis
scan_grid = "stats tsv using (column('bytes')) nooutput; xmin = STATS_min; xmax = STATS_max; nc = words(configs); \
  cols = (nc > 1) ? 2 : 1; rows = int((nc + cols - 1) / cols)"
scan_panel = "cfg = word(configs, c); \
  stats tsv using ((strcol('config') eq cfg && column('t_emulated') == 1) ? 1 : 0) nooutput; emu = STATS_sum > 0; \
  set title esc(cfg).(words(names) >= c ? ' ('.esc(word(names, c)).')' : '').(emu ? ': T emulated here' : ''); \
  eval size_xtics; set xrange [xmin / 1.4 : xmax * 1.4]; set xlabel 'region size (bytes)'"
