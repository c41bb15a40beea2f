/* reduce.h: the one reducer of repetitions: every median, spread and interval a table, the summary, the site or an
 * export prints comes from here (the shell and jq compute none: DESIGN.md section 6). */
#ifndef PB_REDUCE_H
#define PB_REDUCE_H

#include <stddef.h>
#include <stdio.h>

/* The reduction of n values (NaN ones left out). Every field is NaN when no value is left; cv_pct is NaN below 2
 * values or at a mean of 0.
 * lo, hi: the distribution-free 95% interval of the median from order statistics: [x(k), x(n+1-k)] for the largest k
 * whose binomial coverage 1 - 2 P(B(n, 1/2) < k) is at least 95%. It needs 6 values (5 cover 93.75%): NaN below.
 * NOTE: the interval is the median's within one block of repetitions: it shows the spread inside one process, not
 * from one process to the next (DESIGN.md section 8); a ratio of two cases takes pb_ratio_ci on paired values. */
typedef struct pb_reduced {
	size_t n;
	double median, min, max, mean, cv_pct, lo, hi;
} pb_reduced;
pb_reduced pb_reduce(const double *v, size_t n);

/* The ratio b/a of two cases measured in turns (repetition i of each interleaved in one process, or round i of
 * processes): the Hodges-Lehmann estimate of the paired log-ratios log(b[i]/a[i]) and its exact 95% interval
 * (Wilcoxon signed rank, pb_signed_rank), as ratios. Pairs with a value that is not positive are left out.
 * Returns the pairs used; lo and hi are NaN below 6 pairs (5 cannot reach 95%). */
size_t pb_ratio_ci(const double *a, const double *b, size_t n, double *est, double *lo, double *hi);

/* x as the shortest decimal that reads back as the same double (what jq prints); "-" for NaN. */
void pb_put_num(FILE *f, double x);

#endif
