/* compare.h: what pagebound-compare's two engines share: the options, the exact counters, the lists of what
 * could not be tested, and number formatting. */
#ifndef PB_COMPARE_H
#define PB_COMPARE_H

#include <regex.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "gbjson.h"

#define PB_ALPHA 0.05
#define PB_POWER 0.8
enum { F_TEXT, F_MARKDOWN, F_TSV };

/* An exact counter whose value changed. */
typedef struct counter_change {
	const char *bench, *counter;
	double old_v, new_v;
	bool worse;
} counter_change;

typedef struct counters {
	counter_change *cc;
	size_t n, cap;
	int worse;
} counters;

/* The instructions gate's findings (callgrind's counts per store, scripts/instructions' TSV a side): every change, and
 * how many variants OLD counted. */
typedef struct pb_icount {
	counters changes;
	size_t compared;
} pb_icount;

typedef struct cmp_opts {
	double threshold;       /* percent */
	size_t format, metric;
	bool ignore_errors;
	size_t plan;            /* --plan: 0 none, 1 stein (these rounds a first stage), 2 spread (these rounds a noise check) */
	const char *no_gate;    /* benchmarks whose time verdicts are shown but do not gate (a regex) */
	regex_t no_gate_re;
	uint64_t first_stage;   /* Stein's rule: the rounds the spread comes from (0: all) */
	const char *contrast;   /* "A,B": one input, variant A against variant B, paired by repetition */
	size_t pairing;         /* paired rounds: 0 the sides' fastest repetitions, 1 repetitions paired by index */
	size_t estimator;       /* paired rounds: 0 the mean of the rounds (Student t), 1 their median (signed-rank, Hodges-Lehmann) */
	bool duet;              /* the rounds ran OLD and NEW at once (said in the report) */
	const char *tsv_out, *md_out; /* the same report also written as TSV, as markdown */
	const char *chart_out; /* the rows the chart draws (from tsv_out) */
	const char *label_old, *label_new, *command; /* what was compared, said first (else the inputs' paths) */
	const char *instructions; /* "OLD.tsv,NEW.tsv": instruction counts per store, gated exactly */
	pb_icount icount;         /* what they say (read before the engines run) */
	char *paths[2];
} cmp_opts;


const char *pb_human_ns(double ns, char *buf, size_t len);
double pb_pct(double log_ratio);
/* A value from the data (a name, a message) as FORMAT shows data: text and TSV as it is (one escaped line already),
 * markdown as a code span (cell: in a table's cell). */
void pb_put_data(FILE *f, size_t format, const char *s, bool cell);
/* A name inside a markdown code span in a table cell: | and ` would end them. */
void pb_md_name(FILE *f, const char *shown);
/* Does the time verdict of this benchmark or family count for the exit status? */
bool pb_gates(const cmp_opts *o, const char *name);
/* Appends one change to c (counting it when worse); -1 when out of memory. */
int pb_counters_push(counters *c, counter_change x);
/* Every exact counter of o that differs in n: any change listed; more calls, a lost verdict, or
 * instructions up by more than the threshold are worse. -1 when out of memory. */
int pb_counter_changes(counters *c, const pb_bench_series *o, const pb_bench_series *n, double threshold);
/* The end every format shares (TSV: as # comments, markdown: a list): counter changes, benchmarks on one side only,
 * skipped runs, benchmarks with aggregates only; every value from the data as its format shows data (pb_put_data). */
void pb_print_unmatched(FILE *f, const counters *c, const pb_input run[2], const cmp_opts *o, size_t format);
/* OLD, NEW, the machine and the command, said first in the text and markdown reports. */
void pb_print_compared(FILE *f, const cmp_opts *o, size_t format);

/* Reads the two sides' instruction counts (scripts/instructions' TSV): a rise beyond threshold percent, or a
 * variant OLD counted and NEW did not, is worse; a variant only NEW counted is listed. 0, or -1 with one line in err.
 * pb_counters_take adds the findings to an engine's counters (its verdict counts them). */
int pb_instructions(pb_icount *ic, const char *old_path, const char *new_path, double threshold, char *err,
	size_t errlen);
void pb_icount_free(pb_icount *ic);
int pb_counters_take(counters *c, const pb_icount *ic);

/* The words of an exit status (0 no regression, 1 regression, 2 no verdict), the same in every engine and format:
 * a report's heading and verdict line never say more than its exit status. */
const char *pb_status_words(int status);

/* The engines; each prints its report and returns the exit status. */
int cmp_unpaired(const pb_input run[2], const cmp_opts *o);
int cmp_paired(const pb_input run[2], const cmp_opts *o);

#endif
