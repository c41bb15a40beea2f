/* gbjson.h: reads Google Benchmark JSON (files or results directories), pagebound's and other projects', into
 * per-benchmark repetition lists. */
#ifndef PB_GBJSON_H
#define PB_GBJSON_H

#include <stdbool.h>
#include <stddef.h>

#define PB_MAX_EXACT 8
/* The most counters a reader may keep beside each repetition's time (pb_input keep). */
#define PB_MAX_KEEP 6

typedef struct pb_bench_series {
	char *name;            /* run_name: one benchmark, whatever its repetitions */
	char *shown;           /* name as printed: tab, newline, backslash and other control bytes escaped (\t, \n, \\, \xHH) */
	double *t;             /* the metric of each repetition, in ns */
	int *round;            /* the round of each repetition (the file's pagebound_round context; -1 when none) */
	int *rep;              /* its repetition_index (-1 when the file has none) */
	size_t n, cap;
	bool real_time;        /* judged on real time: a /real_time or /manual_time benchmark, or --metric real */
	char *error;           /* error_message of a run skipped with an error, else NULL */
	size_t skipped;        /* runs marked "skipped": true (a skip with a message: not a measurement) */
	char *skip_message;
	size_t untimed;        /* repetitions with CPU time 0 and real time > 0 (a clock too coarse): left out */
	double agg_median;     /* the median aggregate's time in ns (NaN when the file has none) */
	bool by_counter;       /* t holds the run's value_counter, not times */
	size_t naggregates;    /* aggregate rows seen (mean, median, stddev, cv) */
	double *ev[PB_MAX_EXACT]; /* exact counters, one value per repetition (files pagebound wrote only) */
	size_t en[PB_MAX_EXACT], ecap[PB_MAX_EXACT];
	double *kv[PB_MAX_KEEP]; /* pb_input keep's counters, aligned with t (NaN where a repetition has none) */
	size_t kn[PB_MAX_KEEP], kcap[PB_MAX_KEEP];
} pb_bench_series;

/* An input: the benchmarks of the files read (a results directory, a file, OLD or NEW of a comparison), each with its
 * repetitions. ("run" in pagebound means a results directory; an input may be one, or a part of one.) */
typedef struct pb_input {
	pb_bench_series *b;
	size_t n, cap;
	size_t *slot;  /* open-addressing index by name: 0 empty, else index + 1 (lookups stay O(1) at 300k names) */
	size_t nslot;
	size_t files, rounded; /* files read, and how many of them carried a pagebound_round */
	const char *value_counter; /* set before loading: a row that has this counter (ns_per_store, say) gives its
				      value as the repetition's, not its time (by_counter says so) */
	const char *const *keep; /* set before loading: up to PB_MAX_KEEP counter names (NULL-terminated) kept per
				    repetition in kv, aligned with t (the tables' model_ns, ns_per_page, ...) */
} pb_input;

/* The largest file read: a results file from a sweep is a few MiB; anything bigger is not one. */
#define PB_MAX_JSON_BYTES ((size_t)256 << 20)
/* The shortest time a repetition may report, in ns: below it (a cpu_time of 4.9e-324) it is no measurement. */
#define PB_MIN_NS 1e-3
/* What one row of Google Benchmark JSON is worth as a time: the one rule of every C engine (pagebound-compare, the
 * history, the Go and BMF exports). PB_REP_TIME: *ns its time in ns (the metric's key scaled by time_unit: finite,
 * PB_MIN_NS or more); PB_REP_UNTIMED: CPU time exactly 0 while its real time is positive (a clock that charges CPU
 * time by ticks did not see it: left out and counted, never a time); PB_REP_NONE: no time (not a number, 0, below
 * PB_MIN_NS, or beyond a double once scaled: refused by the readers, left out and named by the exports). */
typedef enum { PB_REP_TIME, PB_REP_UNTIMED, PB_REP_NONE } pb_rep_kind;
struct json_t;
pb_rep_kind pb_rep_time(struct json_t *b, bool real, double *ns);

/* The counters compared as exact values (a change is reported, whatever its size). A file's counters are read
 * as exact only when pagebound wrote it (its context holds pagebound_version): another project's counter
 * of the same name may be a rate or a mean. */
extern const char *const pb_exact_counters[PB_MAX_EXACT];

/* AUTO: CPU time, but real time for a benchmark Google Benchmark names /real_time or /manual_time. */
typedef enum { PB_METRIC_AUTO, PB_METRIC_CPU, PB_METRIC_REAL } pb_metric;

/* Parses one JSON text (bare NaN and inf, which Google Benchmark writes, read as null; a key twice in one object
 * refused): the document (json_decref it), or NULL with one line in err. */
struct json_t;
struct json_t *pb_json_parse(const char *buf, size_t len, const char *origin, char *err, size_t errlen);
/* Is the document Google Benchmark output (a context object and a benchmarks array)? */
bool pb_json_is_gbench(struct json_t *doc);
/* Adds the benchmarks of a parsed document to run (the document stays the caller's); 0, or -1 with a message. */
int pb_input_add_doc(pb_input *run, struct json_t *doc, const char *origin, pb_metric metric, char *err, size_t errlen);
/* Adds the benchmarks of one JSON text to run; 0, or -1 with a message naming what is wrong. */
int pb_input_add_buffer(pb_input *run, const char *buf, size_t len, const char *origin, pb_metric metric, char *err,
	size_t errlen);
/* Reads a whole regular file of at most max bytes into a new NUL-terminated buffer (free it); a name ending in .gz
 * is read through gzip, at most max bytes out. 0, or -1 with one line in err. */
int pb_slurp(const char *path, size_t max, char **buf, size_t *len, char *err, size_t errlen);
/* The result files of a results directory (*.json and *.json.gz, a .json.gz left out when
 * its .json is there; where run.tsv names its chunks, those chunks' files and no other: a second PRIM.json beside
 * prim.json is not read), sorted by name. Every C reader lists a run through this, and pagebound-history files
 * prints it for the shell: a new array of new strings. 0, or -1 with one line in err (one that is not a
 * regular file: a link, a FIFO, a device). */
int pb_result_files(const char *dir, char ***names, size_t *count, char *err, size_t errlen);
/* The chunks run.tsv in the directory dfd names (its chunk:NAME lines), as "\nNAME\nNAME\n" (free it); NULL when it
 * has no run.tsv or names none. pb_chunk_named: is a result file (NAME.json, NAME.json.gz) one of them? */
char *pb_run_chunks(int dfd);
bool pb_chunk_named(const char *list, const char *name);
/* The first result file of a directory (pb_result_files' order), or the file path names, parsed: the document (json_decref
 * it), whose context says what made the run; NULL with one line in err. */
struct json_t *pb_first_doc(const char *path, char *err, size_t errlen);
/* A file, or every result file of a directory (results directories hold one file per chunk). */
int pb_input_load(pb_input *run, const char *path, pb_metric metric, char *err, size_t errlen);
/* The median of exact counter k over the repetitions; NaN when the benchmark has no such counter. */
double pb_series_exact(const pb_bench_series *s, int k);
const pb_bench_series *pb_input_find(const pb_input *run, const char *name);
/* One run split into two by a name component: a's benchmarks and b's twins, paired by repetition index. */
int pb_input_split(const pb_input *in, const char *a, const char *b, pb_input out[2], char *err, size_t errlen);
void pb_input_free(pb_input *run);

#endif
