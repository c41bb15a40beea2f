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

/* ---- paired rounds: Student's t on the per-round log-ratios (see README, "How the gate decides") ---- */

/* P(T <= t) for Student's t with df degrees of freedom (df > 0), and its inverse. */
double pb_t_cdf(double t, double df);
double pb_t_quantile(double p, double df);

typedef struct pb_paired {
	size_t n;       /* values (rounds) */
	double mean;    /* their mean: the estimate */
	double sd;      /* the spread the test uses (the first stage's under Stein's rule) */
	double df;      /* its degrees of freedom */
	double lo, hi;  /* the 1 - alpha interval of the mean */
	double p;       /* two-sided p of mean = 0 */
} pb_paired;
/* The one-sample t test and interval of d[0..n) (n >= 2). With n0 in [2, n), Stein's two-stage test: the
 * spread and its degrees of freedom come from the first n0 values only, so a number of values chosen from
 * that spread keeps the level exact (Stein 1945); n0 = 0 uses all n. */
pb_paired pb_paired_t(const double *d, size_t n, size_t n0, double alpha);


/* Wilcoxon's signed-rank test of d[0..n) against 0, exact (its null distribution for n ranks; zeros left out), with
 * the Hodges-Lehmann estimate (the median of the Walsh averages (d[i] + d[j]) / 2, i <= j) as mean and its exact
 * 1 - alpha interval (Walsh averages at the signed-rank quantiles). Its level holds for any symmetric spread of the
 * values, which the log-ratios of an A/A pair have, bursts included: a round that one side lost to a burst (this
 * machine's CPU time can jump by 20-40% for seconds) moves one rank, not the mean. sd is the spread the interval
 * implies (sd / sqrt(n) as the standard error, df n - 1), so that pb_mde and pb_rounds_for apply as they are.
 * Its smallest p is 2 / 2^n: with Holm over 17 families at 0.05, it needs 10 values to decide anything. */
pb_paired pb_signed_rank(const double *d, size_t n, double alpha);

/* The smallest true mean a two-sided level-alpha test detects with probability power, from the spread sd
 * with df degrees of freedom and n values: (t(1 - alpha/2, df) + t(power, df)) sd / sqrt(n). */
double pb_mde(double sd, double df, size_t n, double alpha, double power);
/* Stein's second stage: how many values (at least n0) make that smallest mean at most target. */
size_t pb_stein_n(double sd0, size_t n0, double alpha, double power, double target);
/* The values a t test on their own spread needs (at least 2) for its smallest detectable mean (df n - 1) to be at
 * most target, when the spread sd was measured elsewhere (scripts/compare's noise check: an A/A before the rounds).
 * A number of rounds chosen from other data than the test's keeps the test's level as it is. */
size_t pb_rounds_for(double sd, double alpha, double power, double target);
/* A spread that one outlying value cannot move: 1.4826 x the median absolute deviation from the median (the sd for
 * normal values). The noise check's few A/A rounds plan the rounds with it: a burst in one of them would otherwise
 * ask for ten times the rounds. NaN below 2 values. */
double pb_mad_sd(const double *d, size_t n);

#endif
