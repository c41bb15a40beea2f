/* gbjson.h: reads Google Benchmark JSON (files or results directories) into per-benchmark repetition lists. */
#ifndef PB_GBJSON_H
#define PB_GBJSON_H

#include <stdbool.h>
#include <stddef.h>

#define PB_MAX_EXACT 8

typedef struct pb_bench_series {
	char *name;            /* run_name: one benchmark, whatever its repetitions */
	char *shown;           /* name as printed: tab, newline, backslash and other control bytes escaped (\t, \n, \\, \xHH) */
	double *t;             /* the metric of each repetition, in ns */
	size_t n, cap;
	char *error;           /* error_message of a run skipped with an error, else NULL */
	double *ev[PB_MAX_EXACT]; /* exact counters, one value per repetition */
	size_t en[PB_MAX_EXACT], ecap[PB_MAX_EXACT];
} pb_bench_series;

typedef struct pb_run {
	pb_bench_series *b;
	size_t n, cap;
	size_t *slot;  /* open-addressing index by name: 0 empty, else index + 1 (lookups stay O(1) at 300k names) */
	size_t nslot;
} pb_run;

/* The largest file read: a results file from a sweep is a few MiB; anything bigger is not one. */
#define PB_MAX_JSON_BYTES ((size_t)256 << 20)

/* The counters compared as exact values (a change is reported, whatever its size). */
extern const char *const pb_exact_counters[PB_MAX_EXACT];

typedef enum { PB_METRIC_CPU, PB_METRIC_REAL } pb_metric;

/* Adds the benchmarks of one JSON text to run; 0, or -1 with a message naming what is wrong. */
int pb_run_add_buffer(pb_run *run, const char *buf, size_t len, const char *origin, pb_metric metric, char *err,
	size_t errlen);
/* A file, or every *.json in a directory (results directories hold one file per chunk). */
int pb_run_load(pb_run *run, const char *path, pb_metric metric, char *err, size_t errlen);
/* The median of exact counter k over the repetitions; NaN when the benchmark has no such counter. */
double pb_series_exact(const pb_bench_series *s, int k);
const pb_bench_series *pb_run_find(const pb_run *run, const char *name);
void pb_run_free(pb_run *run);

#endif
