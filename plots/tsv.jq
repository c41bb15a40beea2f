# tsv.jq: Google Benchmark JSON (slurped, one or more files) -> the TSV tables the charts read.
# Called with --arg table scan|prims|barrier|errors; medians over repetitions, every repetition counted.
def unit: {"ns": 1, "us": 1e3, "ms": 1e6, "s": 1e9}[.] // 1;
def median: sort | if length == 0 then null elif length % 2 == 1 then .[length / 2 | floor]
  else (.[length / 2 - 1] + .[length / 2]) / 2 end;
def mean: add / length;
def cv: if length < 2 then 0 else (mean) as $m | (map((. - $m) * (. - $m)) | add / (length - 1) | sqrt) / $m end;
def ok_runs: [.[] | .benchmarks[] | select(.run_type == "iteration" and (.error_occurred | not))];
def groups($prefix): ok_runs | map(select(.name | startswith($prefix))) | group_by(.run_name);
def times: map(.cpu_time * (.time_unit | unit));

if $table == "scan" then
  groups("scan/") | map(
    (.[0].run_name | split("/")) as $p | times as $t |
    {probe: $p[1], config: $p[2], layout: $p[3], bytes: ($p[4] | ltrimstr("bytes:") | tonumber),
     reps: length, median_ns: ($t | median), min_ns: ($t | min), max_ns: ($t | max), cv: ($t | cv),
     syscalls: (map(.syscalls) | median), einval: (map(.einval) | median),
     verdict_ok: (map(.verdict_ok) | min), model_ns: (map(.model_ns) | median),
     ns_per_page: (map(.ns_per_page) | median), t_emulated: .[0].t_emulated})
  | sort_by(.probe, .config, .layout, .bytes)
  | (["probe", "config", "layout", "bytes", "reps", "median_ns", "min_ns", "max_ns", "cv", "syscalls", "einval",
      "verdict_ok", "model_ns", "ns_per_page", "t_emulated"] | @tsv),
    (.[] | [.probe, .config, .layout, .bytes, .reps, .median_ns, .min_ns, .max_ns, .cv, .syscalls, .einval,
            .verdict_ok, .model_ns, .ns_per_page, .t_emulated] | @tsv)
elif $table == "prims" then
  groups("prim/") | map(times as $t |
    {name: (.[0].run_name | ltrimstr("prim/")), reps: length, median_ns: ($t | median), min_ns: ($t | min),
     max_ns: ($t | max), cv: ($t | cv)})
  | (["primitive", "reps", "median_ns", "min_ns", "max_ns", "cv"] | @tsv),
    (.[] | [.name, .reps, .median_ns, .min_ns, .max_ns, .cv] | @tsv)
elif $table == "barrier" then
  groups("barrier/") | map((.[0].run_name | split("/")) as $p | map(.ns_per_store) as $s |
    {variant: $p[1], stream: $p[2], footprint: ($p[3] | ltrimstr("footprint:") | tonumber), reps: length,
     median: ($s | median), min: ($s | min), max: ($s | max), cv: ($s | cv),
     flagged: (map(.flagged) | median), bound: .[0].bound})
  | sort_by(.stream, .footprint, .variant)
  | (["variant", "stream", "footprint", "reps", "median_ns_per_store", "min", "max", "cv", "flagged_per_1000",
      "bound"] | @tsv),
    (.[] | [.variant, .stream, .footprint, .reps, .median, .min, .max, .cv, .flagged, .bound] | @tsv)
elif $table == "errors" then
  [.[] | .benchmarks[] | select(.error_occurred == true)] | group_by(.run_name)
  | .[] | [.[0].run_name, .[0].error_message] | @tsv
elif $table == "subtitle" then
  (.[0].context) as $c |
  "\($c.cpu_model // "unknown CPU"), \($c.num_cpus) CPUs, Linux \($c.kernel_release // "?"), page \($c.page_size // "?") B, THP \(($c.transparent_hugepage // "?") | capture("\\[(?<v>[a-z]+)\\]").v // "?"), pinned to CPU \($c.cpu_affinity // "?"), \($c.build_type // "?") build \($c.pagebound_commit // "?")"
else error("unknown table \($table)") end
