/* tables.h: a results directory's tables (scan.tsv, prim.tsv, barrier.tsv, errors.tsv), what the charts and the
 * site read: every figure in them reduced once, here (reduce.h), full precision, with the median's 95% interval. */
#ifndef PB_TABLES_H
#define PB_TABLES_H

#include <stddef.h>
#include <stdio.h>

/* Reads every result file of dir (pb_result_files) and writes its tables into dir (each whole or not at all).
 * Notes (repetitions left out as untimed, names pagebound never writes, benchmarks skipped with an error) go to
 * notes. Returns 0; -1 with one line in err: a file that is not a measurement, or no benchmark result at all. */
int pb_tables_write(const char *dir, FILE *notes, char *err, size_t errlen);
/* The line that titles a run's charts: CPU, CPUs, kernel, page size, THP, pinning, build, commit (its first file's
 * context; or FILE's, when given a file). 0, or -1 with one line in err. */
int pb_tables_subtitle(const char *dir, FILE *out, char *err, size_t errlen);

#endif
