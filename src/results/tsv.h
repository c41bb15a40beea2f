/* tsv.h: a TSV text in memory, split into rows and columns (a header line first): the store's reports, a run's
 * list.tsv and run.tsv, a fleet's hosts.tsv, read by name. */
#ifndef PB_TSV_H
#define PB_TSV_H

#include <stddef.h>

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

#endif
