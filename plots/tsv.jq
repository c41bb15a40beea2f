# tsv.jq: Google Benchmark JSON (slurped, one or more files) -> the TSV tables the charts and summaries read.
# Called with --arg table scan|prim|barrier|errors|unsafe|check|subtitle; medians over repetitions, every
# repetition counted; columns carry their unit in their name.
include "lib";
# names drawn and tabled: what pagebound writes; anything else is listed by the unsafe table, never drawn
def safe_name: type == "string" and length <= 1024 and test("^[A-Za-z0-9_.:+=/-]+$"); # util.h pb_name_ok, the same rule
def runs: [.[] | .benchmarks[] | select(.run_type == "iteration" or .run_type == null)
  | select((.name // "") | test("_(mean|median|stddev|cv|BigO|RMS)$") | not)];
# a repetition whose CPU time is exactly 0 while its real time is positive: its clock did not see it (a TCG guest's
# tick-based CPU time): no time, so left out of every time figure (reps counts the timed ones) and counted (the
# untimed table), as pb_rep_time (gbjson.h) rules; its counts and verdict stay (an emulated CPU keeps its counts)
def untimed: .cpu_time == 0 and ((.real_time // 0) | type == "number" and . > 0);
def ok_runs: [runs[] | select((.error_occurred | not) and (.run_name // .name | safe_name))];
def groups($prefix): ok_runs | map(select((.run_name // .name) | startswith($prefix))) | group_by(.run_name // .name);
def times: map(select(untimed | not) | .cpu_time * (.time_unit // "ns" | unit));
def row($cols): ($cols | @tsv), (.[] | [.[$cols[]]] | map(. // "-") | @tsv);

if $table == "scan" then
  groups("scan/") | map(
    ((.[0].run_name // .[0].name) | split("/")) as $p | times as $t |
    {probe: $p[1], config: $p[2], layout: $p[3], bytes: ($p[4] | ltrimstr("bytes:") | tonumber),
     reps: ($t | length), median_ns: ($t | median), min_ns: ($t | min), max_ns: ($t | max), cv_pct: ($t | cv_pct),
     syscalls_per_scan: (map(.syscalls) | median), einval_per_scan: (map(.einval) | median),
     verdict_ok: (map(.verdict_ok) | min), model_ns: (map(.model_ns) | median),
     model_ratio: (map(select((.model_ns // 0) > 0 and (untimed | not)) | .cpu_time * (.time_unit // "ns" | unit) / .model_ns) | median),
     ns_per_page: (map(.ns_per_page) | median), t_emulated: .[0].t_emulated})
  | sort_by(.probe, .config, .layout, .bytes)
  | row(["probe", "config", "layout", "bytes", "reps", "median_ns", "min_ns", "max_ns", "cv_pct",
         "syscalls_per_scan", "einval_per_scan", "verdict_ok", "model_ns", "model_ratio", "ns_per_page", "t_emulated"])
elif $table == "prim" then
  groups("prim/") | map(times as $t |
    {prim: ((.[0].run_name // .[0].name) | ltrimstr("prim/")), reps: ($t | length), median_ns: ($t | median),
     min_ns: ($t | min), max_ns: ($t | max), cv_pct: ($t | cv_pct)})
  | row(["prim", "reps", "median_ns", "min_ns", "max_ns", "cv_pct"])
elif $table == "barrier" then
  groups("barrier/") | map(((.[0].run_name // .[0].name) | split("/")) as $p | map(.ns_per_store) as $s |
    {variant: $p[1], stream: $p[2], footprint_bytes: ($p[3] | ltrimstr("footprint:") | tonumber), reps: length,
     median_ns_per_store: ($s | median), min_ns_per_store: ($s | min), max_ns_per_store: ($s | max),
     cv_pct: ($s | cv_pct), flagged_per_1000: (map(.flagged_per_1000) | median), bound_bytes: .[0].bound})
  | sort_by(.stream, .footprint_bytes, .variant)
  | row(["variant", "stream", "footprint_bytes", "reps", "median_ns_per_store", "min_ns_per_store",
         "max_ns_per_store", "cv_pct", "flagged_per_1000", "bound_bytes"])
elif $table == "errors" then
  ["benchmark", "error_message"],
  ([runs[] | select(.error_occurred == true and (.run_name // .name | safe_name))] | group_by(.run_name // .name)
   | .[] | [.[0].run_name // .[0].name, (.[0].error_message // "-" | gsub("[\t\n\r]"; " "))])
  | @tsv
elif $table == "untimed" then
  [runs[] | select((.error_occurred | not) and (.run_name // .name | safe_name) and untimed)] | group_by(.run_name // .name)
  | .[] | [.[0].run_name // .[0].name, length] | @tsv
elif $table == "unsafe" then
  [runs[] | (.run_name // .name) | select(safe_name | not)] | unique | .[] | @json
elif $table == "check" then
  # the first thing in the input that is not a measurement, as one line (jq reads a bare nan as null, or as NaN
  # since Debian's jq 1.6-2.1+deb12u3; inf and numbers beyond 2^64 as 1.8e308 or as a rounded double: anything
  # from 1.8e19 up is refused)
  [runs[] | select(.error_occurred | not) | (.run_name // .name) as $n |
    if (.time_unit // "ns" | unit) == null then "benchmark \($n): unknown time_unit \(.time_unit | tojson)"
    elif ([.. | numbers | select(isnan)] | length) > 0 then
      "benchmark \($n): holds a bare nan or inf: a number that is not a number (JSON has neither)"
    elif (.cpu_time | type) != "number" then "benchmark \($n): cpu_time is \(.cpu_time | tojson), not a number (NaN?)"
    elif .cpu_time < 0 then "benchmark \($n): negative cpu_time \(.cpu_time)"
    elif .cpu_time > 0 and .cpu_time * (.time_unit // "ns" | unit) < 1e-3 then
      "benchmark \($n): cpu_time \(.cpu_time) \(.time_unit // "ns"): below 0.001 ns, not a measurement"
    elif .cpu_time * (.time_unit // "ns" | unit) > 1e15 then
      "benchmark \($n): cpu_time \(.cpu_time) \(.time_unit // "ns"): beyond 10^15 ns, not a measurement"
    elif ([.. | numbers | select(. >= 1.8e19 or . <= -1.8e19)] | length) > 0 then
      "benchmark \($n): holds a number beyond 2^64 (or infinite)"
    else empty end] +
  ([runs[] | select((.error_occurred | not) and (.run_name // .name | safe_name))] | group_by(.run_name // .name)
   | map(select(all(.[]; .cpu_time == 0) and (any(.[]; untimed) | not))
     | "benchmark \(.[0].run_name // .[0].name): every repetition took 0 ns"))
  | first // empty
elif $table == "subtitle" then
  (.[0].context) as $c |
  "\($c.cpu_model // "unknown CPU"), \($c.num_cpus) CPUs, Linux \($c.kernel_release // "?"), page \($c.page_size // "?") B, THP \(($c.transparent_hugepage // "?") | tostring | capture("\\[(?<v>[a-z]+)\\]").v // "?"), pinned to CPU \($c.cpu_affinity // "?"), \($c.build_type // "?") build \($c.pagebound_commit // "?")"
else error("unknown table \($table)") end
