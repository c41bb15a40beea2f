/* summary.h: a run's summary, the default output that answers a porting engineer: what the seed's stepped scan
 * costs against a scan that steps by T (T = 4, 16 and 64 KiB, emulated T marked), against the probes before and
 * after it, which probes answer wrongly and where, what the write barrier's bound check costs per store (its
 * instructions first; its time only where larger than the run's own A/A yardstick), and the primitives. Every time
 * with its 95% interval and the digits it supports (reduce.h pb_quote); how each interval is made is said in it. */
#ifndef PB_SUMMARY_H
#define PB_SUMMARY_H

#include <stddef.h>
#include <stdio.h>

/* Reads dir (its result files, run.tsv, instructions.tsv) and the list of variants (list, else dir/list.tsv) and
 * writes the summary on out. 0, or -1 with one line in err. */
int pb_summary_write(const char *dir, const char *list, FILE *out, char *err, size_t errlen);

/* DIR/barrier-diff.tsv (what the barrier chart draws): each variant's time per store against the unchecked one, paired
 * by repetition, with its 95% interval, per stream and footprint, and the run's A/A bound beside it. */
int pb_summary_diff(const char *dir, const char *list, char *err, size_t errlen);

#endif
