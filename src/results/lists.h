/* lists.h: what the charts need from a run's list of variants (list.tsv, the bench programs' --list=tsv) and its
 * tables: the order to draw things in, the headline benchmarks, a history's trend. */
#ifndef PB_LISTS_H
#define PB_LISTS_H

#include <stdbool.h>
#include <stdio.h>

/* COLUMN's values in TSV as one line of words, each once: those that are labels of KIND in the list in its order
 * (only those whose COND, KEY=VALUE, holds, when given), then (without COND) the others in their order. */
int pb_lists_order(const char *list, const char *kind, const char *tsv, const char *column, const char *cond, FILE *out);
/* The headline benchmarks as an extended regular expression, by role: the probes before, at and after the seed in
 * the seed's configuration on the free layout at the largest size; the seed's and the unchecked barrier on the
 * valid stream at the first footprint. */
int pb_lists_headline(const char *list, FILE *out);
/* A history's benchmarks matching REGEX (TSV columns run, benchmark, median), as plots/history-series.gp draws them:
 * into outdir its data (each run's median relative to the benchmark's first, in %), names, change points and events
 * (none) and x tics (the runs); prints "NSERIES NRUNS". 0; 1 when none matches; -1. */
int pb_lists_trend(const char *tsv, const char *match, const char *outdir, FILE *out);

#endif
