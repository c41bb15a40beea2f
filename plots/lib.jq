# lib.jq: the jq definitions every table shares (include "lib"; with jq -L plots).
def unit: {"ns": 1, "us": 1e3, "ms": 1e6, "s": 1e9}[.];
def median: map(select(. != null)) | sort | if length == 0 then null elif length % 2 == 1 then .[length / 2 | floor]
  else (.[length / 2 - 1] + .[length / 2]) / 2 end;
def mean: add / length;
# the coefficient of variation in percent; null for fewer than 2 values ("-" in tables)
def cv_pct: map(select(. != null)) | if length < 2 then null else (mean) as $m
  | if $m == 0 then null else 100 * (map((. - $m) * (. - $m)) | add / (length - 1) | sqrt) / $m end end;
