/* reduce.h: the one reducer of repetitions: every median, spread and interval a table, the summary, the site or an
 * export prints comes from here (the shell and jq compute none: docs/design.md, "Where each figure is computed"). */
#ifndef PB_REDUCE_H
#define PB_REDUCE_H

#include <stddef.h>
#include <stdbool.h>
#include <stdio.h>

/* The reduction of n values (NaN ones left out). Every field is NaN when no value is left; cv_pct is NaN below 2
 * values or at a mean of 0.
 * lo, hi: the distribution-free 95% interval of the median from order statistics: [x(k), x(n+1-k)] for the largest k
 * whose binomial coverage 1 - 2 P(B(n, 1/2) < k) is at least 95%. It needs 6 values (5 cover 93.75%): NaN below.
 * NOTE: the interval is the median's within one block of repetitions: it shows the spread inside one process, not
 * from one process to the next (docs/design.md, "Which interval applies where"); a ratio of two cases takes pb_ratio_ci on paired values. */
typedef struct pb_reduced {
	size_t n;
	double median, min, max, mean, cv_pct, lo, hi;
} pb_reduced;
pb_reduced pb_reduce(const double *v, size_t n);

/* The centre of paired differences d[0..n) (b[i] - a[i] of two cases measured in turns: repetition i of each
 * interleaved at random in one process, or round i of processes) with its 95% interval: from 6 pairs, Wilcoxon's
 * signed rank (Hodges-Lehmann estimate, exact interval, pb_signed_rank: any symmetric spread, one burst moves one
 * rank); from 2 to 5 pairs, Student's t (pb_paired_t: the interval assumes normal differences, and is wide).
 * Returns the test used: "signed-rank", "t", or NULL below 2 pairs (est the one difference, lo and hi NaN). */
const char *pb_paired_ci(const double *d, size_t n, double *est, double *lo, double *hi);
/* The ratio b/a of two cases measured in turns: pb_paired_ci on the log-ratios log(b[i]/a[i]), as ratios. Pairs
 * with a value that is not positive are left out; the pairs used in *pairs. */
const char *pb_ratio_ci(const double *a, const double *b, size_t n, double *est, double *lo, double *hi, size_t *pairs);

/* A figure with its 95% interval, "EST [LO, HI]", with the digits the interval supports: rounded at the second
 * significant digit of its half-width (+ on every number when sign; a unit after, when given). Without an interval,
 * EST to 3 significant digits and "(no interval)". */
void pb_quote(char *buf, size_t len, double est, double lo, double hi, bool sign, const char *unit);
/* The decimals an interval [lo, hi] supports: the second significant digit of its half-width (0 to 6; 3 without a
 * width), for a figure printed beside its interval in columns of its own (pagebound-compare's tables). */
int pb_quote_decimals(double lo, double hi);
/* The same for a time in ns, in the unit (ns, us, ms, s) that keeps EST under 1000. */
void pb_quote_ns(char *buf, size_t len, double est, double lo, double hi);

/* x as the shortest decimal that reads back as the same double (what jq prints); "-" for NaN. */
void pb_put_num(FILE *f, double x);

#endif
