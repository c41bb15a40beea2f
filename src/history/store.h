/* store.h: the history as one SQLite file (results/history.db): machines, runs, each run's benchmarks with their
 * statistics and exact counters, series (a family on one machine in one mode) with one value per run, their change
 * points, and each series' windows' change points kept, so that a new value recomputes only the windows it falls
 * in. It indexes the results directories, which stay the source of truth: it can always be rebuilt from them.
 * Every value reaches SQLite as a bound parameter; each run is imported in one transaction. */
#ifndef PB_STORE_H
#define PB_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "runread.h"

#define PB_STORE_SCHEMA 3 /* 1: before the stale and drawn marks; 2: before a fleet's machines (source, host_date) */
#define PB_MACHINE_KEY 160 /* a machine key's room: fleet+NAME+ARCH+PAGEk+emulated */

typedef struct pb_store pb_store;

/* Opens (creating when missing) the store at path: a file that is not SQLite, or holds another program's tables
 * or a newer schema, is refused with one line and left as it is. Waits up to 120 s for another writer. */
int pb_store_open(const char *path, pb_store **out, char *err, size_t errlen);
void pb_store_close(pb_store *s);
/* SQLite's own check of every page (PRAGMA quick_check: the b-trees and their records, not the indexes' contents),
 * before a store is written to: one with flipped bytes is named damaged, with the way out (rebuild), instead of
 * taking more runs, or giving a verdict. Every command but drawn and reads with --no-update (a caller that has
 * just updated) runs it: see docs/history.md for its cost. */
int pb_store_verify(pb_store *s, char *err, size_t errlen);

/* What the store holds of the run in dir (a path relative to the results directory): 0 nothing, 1 the run with
 * this fingerprint (nothing to read), 2 the run with another fingerprint (its checksum in sum: read it again). */
int pb_store_known(pb_store *s, const char *dir, const char *fingerprint, char sum[17]);
/* Its files were touched, their contents are the same (a compressed JSON, say): only the fingerprint changes. */
int pb_store_touch(pb_store *s, const char *dir, const char *fingerprint);
/* Imports the run in dir, replacing what the store held of it, in one transaction: its machine, the run, its
 * benchmarks and counters, its series' values, and the change points of every series that got one (why: the run
 * is refused for that reason and only listed). 0; 1 when it holds the same contents as a run of another directory the store
 * holds (one run under two names): kept as refused, the reason in err; or -1 with one line in err (the store stays as it was). */
int pb_store_put(pb_store *s, const char *dir, const pb_runinfo *r, const char *why, char *err, size_t errlen);
/* The change points of every series that got or lost a value since they were computed (a series is marked in the
 * transaction of the run that changed it), each series in a transaction of its own; *count says how many. */
int pb_store_settle(pb_store *s, size_t *count, char *err, size_t errlen);
/* The runs the store holds whose directories are not in dirs[0..n): removed, their series' change points anew. */
int pb_store_prune(pb_store *s, char *const *dirs, size_t n, char *err, size_t errlen);

/* The machine key of a run's facts: its host (as a name: letters, digits, '.', '_' and '-'), and a hash of the
 * host, CPU model, page size, build type and the CPU's emulation (series of different machines never mix); a fleet's
 * run (source fleet): fleet+NAME+ARCH+PAGEk, and +emulated for a CPU the fleet file says qemu emulates. */
void pb_machine_key(const pb_runinfo *r, char *out, size_t len);

/* Who names a run's machine is the way it came in, never the run (docs/history.md, "Ways in"); rel is its directory
 * under results/. results/NAME: this machine's scripts/bench when run.tsv's machine_id is this_id (its context
 * keys it, as pb_machine_key), else a copy by hand: import+CONTEXT-KEY, apart from every series of this machine's
 * and of the fleet's. results/imported/fleet+...: scripts/fleet's own import (its home.tsv names the machine);
 * results/imported/import+NAME: a user's --import (NAME the importer's, its order its arrival in home.tsv). Sets
 * r->key and the source fact; -1 with one line in err when the run cannot be placed. */
int pb_run_place(pb_runinfo *r, const char *rel, const char *this_id, char *err, size_t errlen);
/* The keys scripts/history --import gives before it copies: the fleet's (home.tsv, checked: its page size a power of
 * two from 4 KiB to 1 GiB), or import+NAME (name NULL: the context's key). */
int pb_run_key_fleet(pb_runinfo *r, char *err, size_t errlen);
int pb_run_key_import(pb_runinfo *r, const char *name, char *err, size_t errlen);

/* Reports, as TSV on out (values with tabs, newlines and backslashes escaped): the one what names (the report table
 * in storeq.c: pb_store_report_names lists it), for one machine when machine is not NULL, for the series or benchmarks
 * whose names match the POSIX extended regular expression match when it is not NULL. -1 with one line in err. */
int pb_store_export(pb_store *s, const char *what, const char *machine, const char *match, FILE *out, char *err,
	size_t errlen);
/* "machines, runs, ...": the reports pb_store_export knows, for a usage or a "valid: ..." list. */
void pb_store_report_names(char *buf, size_t len);
/* Each complete run's benchmarks, in the order machine, mode, date, run, name: fn gets the texts machine, arch, CPU
 * model, page size, kernel, commit, mode, run, date, benchmark, unit, and the min, median and max. */
typedef void (*pb_bench_fn)(void *ctx, const char *const *text, double min, double median, double max);
int pb_store_each_bench(pb_store *s, const char *machine, const char *match, pb_bench_fn fn, void *ctx, char *err,
	size_t errlen);
/* Marks the series of machine and mode in group as drawn (the site drew their chart), or, with mode and group NULL,
 * the machine's page (the site wrote it). */
int pb_store_drawn(pb_store *s, const char *machine, const char *mode, const char *group, char *err, size_t errlen);

/* Each gating series' last change point: a slowdown of threshold percent or more is a "REGRESSION:" line, a barrier
 * time's a "not gating:" line; then one verdict line. 1 when there is a regression, 0 when none, -1 on error. */
int pb_store_check(pb_store *s, double threshold, const char *machine, FILE *out, char *err, size_t errlen);
/* 0 when the store holds the machine keyed machine; else -1 with one line in err naming the machines it holds
 * (a --machine that matches nothing is a typo, never an empty report that passes). */
int pb_store_machine_known(pb_store *s, const char *machine, char *err, size_t errlen);

#endif
