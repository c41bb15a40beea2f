# gobench.awk: the line grammar of Go's benchmark format (golang.org/design/14313-benchmark-format, with the Unit
# lines of golang.org/x/perf/benchfmt): configuration lines "key: value" (key: a lower-case letter first, no space,
# no upper case), result lines "BenchmarkName ITERATIONS VALUE UNIT [VALUE UNIT]..." (fields split at white space, an
# even number of them, at least four), "Unit UNIT KEY=VALUE..." lines; other lines are not results and are passed
# over. A line that starts like a result (Benchmark, then an upper-case letter or the end of the name) or a Unit
# line that does not parse is malformed: named with its number, and the exit status is 1.
# usage: awk -f gobench.awk FILE   (prints: results N configs N units N, or the malformed lines)
function malformed(why) { printf "%s:%d: malformed %s: %s\n", FILENAME, FNR, why, $0; bad++ }
/^Benchmark([A-Z]|[ \t]|$)/ {
	if (NF < 4 || NF % 2) { malformed("result (fields: " NF ")"); next }
	if ($2 !~ /^[0-9]+$/) { malformed("result (iterations: " $2 ")"); next }
	for (i = 3; i < NF; i += 2)
		if ($i !~ /^[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?$/) { malformed("result (value: " $i ")"); next }
	results++
	next
}
/^Unit[ \t]/ {
	if (NF < 3) { malformed("unit line"); next }
	for (i = 3; i <= NF; i++) if ($i !~ /^[^=]+=[^=]+$/) { malformed("unit line (" $i ")"); next }
	units++
	next
}
/^[a-z][^ \tA-Z:]*:([ \t]|$)/ { configs++; next }
END {
	if (!bad) printf "results %d configs %d units %d\n", results, configs, units
	exit bad ? 1 : 0
}
