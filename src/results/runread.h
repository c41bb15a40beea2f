/* runread.h: one results directory as the history reads it: what made it (its Google Benchmark context, run.tsv),
 * whether it finished, and each benchmark's statistics, read from the Google Benchmark JSON itself (a run that holds
 * only its JSON, made by hand or by an older pagebound, is read as well as one the analysis went through). */
#ifndef PB_RUNREAD_H
#define PB_RUNREAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The facts a run's context gives, in this order (empty when the context has none: kept, never shifted). A fleet's
 * run (home.tsv beside it, written at home) takes its host, architecture, page size, emulation and date from there:
 * source is then "fleet", claimed_host what the host called itself, host_date its own clock's start. */
enum { PB_F_HOST, PB_F_CPU, PB_F_PAGE, PB_F_BUILD, PB_F_ARCH, PB_F_EMULATED, PB_F_KERNEL, PB_F_COMPILER, PB_F_DATE,
	PB_F_COMMIT, PB_F_MODE, PB_F_SOURCE, PB_F_HOST_DATE, PB_F_CLAIMED, PB_NFACTS };
extern const char *const pb_fact_names[PB_NFACTS];

/* Exact counters kept beside a benchmark's time (the median over its repetitions; NaN where it has none). */
enum { PB_C_SYSCALLS, PB_C_EINVAL, PB_C_VERDICT, PB_C_FLAGGED, PB_NCOUNTERS };
extern const char *const pb_counter_names[PB_NCOUNTERS];

typedef struct pb_bstat {
	char *name;
	const char *unit;  /* "ns" (scans, primitives), "ns/store" (barriers), "instructions/store" */
	size_t reps;
	double median, min, max, cv_pct; /* over the repetitions; cv_pct NaN for fewer than 2 */
	double counter[PB_NCOUNTERS];
} pb_bstat;

typedef struct pb_runinfo {
	char *fact[PB_NFACTS];
	bool incomplete;   /* INCOMPLETE is there */
	char *why;         /* its first line, or why the run was refused */
	pb_bstat *b;
	size_t nb;
	char fingerprint[17]; /* of the measurement files' names, sizes and times: unchanged files, no new reading */
	char checksum[17];    /* of their contents (the JSON as it reads, compressed or not) */
	char machine_id[33];  /* run.tsv's machine_id: the machine whose scripts/measure made it (empty: none said) */
	char *home;           /* home.tsv as it reads: applied by pb_run_place only where home wrote it (imported/) */
	char key[160];        /* the machine key pb_run_place gave it (empty: not placed) */
} pb_runinfo;

/* The largest time a run may hold: what is beyond it is not pagebound's (the longest name: util.h PB_MAX_NAME). */
#define PB_MAX_NS 1e15

/* Only the fingerprint of DIR: cheap (one stat a file); 0, or -1 when DIR cannot be listed. */
int pb_run_fingerprint(const char *dir, char out[17]);
/* Reads DIR: 0 a run (r filled); 1 not a pagebound run (no Google Benchmark JSON with pagebound_version, or a fleet's
 * directory: fleet-run.tsv); -1 a run
 * refused, with the reason in err (a file that is not Google Benchmark JSON, a name that is not pagebound's, a
 * time beyond reason): the history names it and goes on. */
int pb_run_read(const char *dir, pb_runinfo *r, char *err, size_t errlen);
/* This machine's id (32 hex digits, made by scripts/measure on its first run, kept outside results/ in
 * $PB_STATE_DIR, else $XDG_STATE_HOME/pagebound, else $HOME/.local/state/pagebound: machine-id); empty when none. */
void pb_this_machine_id(char out[33]);
int pb_run_home(pb_runinfo *r, const char *source);
/* Is s an ISO 8601 time (YYYY-MM-DDTHH:MM:SS[.frac], then Z or +HH:MM / -HH:MM), and with range from 2000 to a
 * day from now (a date that orders a series)? out (32 bytes) gets it as UTC, YYYY-MM-DDTHH:MM:SSZ. */
bool pb_utc_time(const char *s, bool range, char out[32]);
/* The most benchmarks one run may hold: a default sweep has about 600, --full about 2,000; a run of 100,000 (36 MB
 * of JSON, far under the size cap) took 251 s to import and the site did not finish. A run beyond it is refused in
 * one line; pb_run_max_benchmarks raises it (pagebound-history --max-benchmarks, scripts/history --import). */
#define PB_MAX_BENCHMARKS 10000
void pb_run_max_benchmarks(size_t n);
void pb_run_info_free(pb_runinfo *r);

#endif
