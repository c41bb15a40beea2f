/* tsv.h: a TSV text in memory, split into rows and columns (a header line first): the store's reports, a run's
 * list.tsv and run.tsv, a fleet's hosts.tsv, read by name. */
#ifndef PB_TSV_H
#define PB_TSV_H

#include <stddef.h>
#include <stdio.h>

typedef struct pb_tsv {
	char *buf;
	char ***row; /* row[i][j], i from 0 (the header) */
	size_t n, ncol;
} pb_tsv;
/* Splits buf (malloc'd; the table owns it from here) in place: 0, or -1 when memory runs out. */
int pb_tsv_parse(pb_tsv *t, char *buf);
/* Reads a regular file of at most 16 MiB and splits it: 0, or -1 (t empty) when it cannot. */
int pb_tsv_load(pb_tsv *t, const char *path);
/* A column's index by name, -1 when there is none. */
int pb_tsv_col(const pb_tsv *t, const char *name);
/* Row r's (from 1) value of column name: "" when the column or the row is not there. */
const char *pb_tsv_get(const pb_tsv *t, size_t r, const char *name);
void pb_tsv_free(pb_tsv *t);

/* A table or a page written whole or not at all: a new file beside path (mkstemp; mode 0644), renamed over path by
 * pb_out_commit (a link at path is replaced, never followed; a short write, a full disk: path stays as it was);
 * pb_out_abort drops it. 0, or -1 with one line in err. */
typedef struct pb_out {
	FILE *f;
	char tmp[4200], path[4096];
} pb_out;
int pb_out_open(pb_out *o, const char *path, char *err, size_t errlen);
int pb_out_commit(pb_out *o, char *err, size_t errlen);
void pb_out_abort(pb_out *o);

#endif
