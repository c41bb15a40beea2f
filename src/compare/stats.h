/* stats.h: the statistics pagebound-compare uses: medians, Mann-Whitney U, Holm's correction, shift CIs. */
#ifndef PB_STATS_H
#define PB_STATS_H

#include <stdbool.h>
#include <stddef.h>

#include "util.h" /* pb_median */

/* Mann-Whitney U of x against y (midranks for ties): U counts the pairs with x > y, ties as 1/2. */
double pb_mw_u(const double *x, size_t nx, const double *y, size_t ny);

typedef struct pb_mw {
	double u;     /* U of x against y */
	double p;     /* two-sided p-value */
	bool exact;   /* the exact permutation distribution (midranks kept) rather than the normal approximation */
} pb_mw;
/* Two-sided test; exact (conditional on ties) up to PB_MW_EXACT_MAX pooled values, else normal with tie
 * correction and continuity correction. */
#define PB_MW_EXACT_MAX 50
pb_mw pb_mann_whitney(const double *x, size_t nx, const double *y, size_t ny);

/* The smallest two-sided p the test can give for these sample sizes (no ties): 2 / C(nx + ny, nx) when exact. */
double pb_mw_min_p(size_t nx, size_t ny);

/* Holm-Bonferroni: adjusted p-values, in the order given. */
void pb_holm(const double *p, double *adjusted, size_t m);

/* Distribution-free confidence interval (Moses) for the shift y - x at level 1-alpha, with the
 * Hodges-Lehmann estimate; false when the samples are too small for that level (bounds infinite). */
bool pb_shift_ci(const double *x, size_t nx, const double *y, size_t ny, double alpha, double *lo, double *hi,
	double *estimate);

/* P(U <= k) under the null for sample sizes m, n without ties (exact). */
double pb_mw_cdf(size_t m, size_t n, double k);

#endif
