/* export.h: the one interface of pagebound-export's formats (hyperfine's src/export/: one module per format). A
 * format is one file, export_NAME.c, defining one pb_exporter, and one row of the table in export.c; the reading of
 * runs and of the history, what is left out and why, and the option --format (its valid names from the table) are
 * export.c's. */
#ifndef PB_EXPORT_H
#define PB_EXPORT_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* One repetition of a results directory's Google Benchmark file. */
typedef struct pb_export_rep {
	const char *name; /* as the format's admit gave it */
	double ns;        /* its time, by pb_rep_time's rule (gbjson.h) */
	long long iterations;
	json_t *row;      /* the row itself: its counters (pb_export_counters), ns_per_store */
} pb_export_rep;

/* One benchmark of one run of the history: text[] as pb_store_each_bench gives it (machine, arch, CPU, page size,
 * kernel, commit, mode, run, date, name, unit), unit as the index of pb_export_units. */
typedef struct pb_export_point {
	const char *const *text;
	const char *name; /* as the format's admit gave it */
	size_t unit;
	double min, median, max;
} pb_export_point;

typedef struct pb_exporter {
	const char *name, *summary;
	/* the name in this format (malloc'd), or NULL with pb_export_leave_out said: NULL here keeps names as they are */
	char *(*admit)(const char *name);
	void (*begin)(FILE *out, bool history);
	void (*context)(FILE *out, json_t *ctx, const char *mode); /* each file's context, before its repetitions */
	void (*rep)(FILE *out, const pb_export_rep *r);
	void (*foreign)(FILE *out, json_t *doc, const char *file); /* a JSON file not Google Benchmark's (hyperfine's) */
	void (*point)(FILE *out, const pb_export_point *p);
	void (*end)(FILE *out, bool history);
} pb_exporter;

/* the exact counters pagebound writes: the JSON's key, the Go unit, the Bencher measure */
extern const char *const pb_export_counters[4][3];
/* the units the history keeps: its own, Go's, Bencher's measure */
extern const char *const pb_export_units[3][3];
/* names the export leaves out are said once, with why, at the end */
void pb_export_leave_out(const char *name, const char *why);
/* a finite number at key of a row */
bool pb_export_number(json_t *row, const char *key, double *v);

extern const pb_exporter pb_export_go, pb_export_bmf, pb_export_tsv;

#endif
