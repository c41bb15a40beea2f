/* changepoint.h: change points in a series of run medians: E-Divisive with means (Matteson and James, JASA
 * 2014), the detector of MongoDB's CI (Daly et al., ICPE 2020) and of Apache Otava, with its permutation test,
 * deterministic (a fixed seed). Each change point gets the step between its neighbouring segments on the log
 * scale: the change in percent with a Welch 95% interval. */
#ifndef PB_CHANGEPOINT_H
#define PB_CHANGEPOINT_H

#include <stddef.h>
#include <stdint.h>

#define PB_CP_MAX_WINDOW 2048

typedef struct pb_cp_opts {
	double alpha;	  /* a change point is kept when its permutation p-value is below this (0.05), and its step's 95%
			     interval excludes 0 */
	unsigned perms;	  /* permutations per test (999) */
	size_t min_size;  /* the fewest runs a segment may hold (3) */
	uint64_t seed;	  /* the permutations' seed: the same series gives the same answer */
	size_t max_cps;	  /* at most this many change points per window (16) */
	size_t window;	  /* a series longer than this is searched in windows of this many runs, each half a window after the
			     one before (64; from 4 min_size to PB_CP_MAX_WINDOW) */
} pb_cp_opts;

typedef struct pb_cp {
	size_t at;	  /* the first run after the change (0-based index into the series) */
	double p;	  /* its permutation p-value, (1 + as large) / (1 + permutations) */
	double stat;	  /* the E-Divisive divergence at the split */
	double step_pct;  /* the change from the segment before to the segment after, in percent */
	double lo_pct;	  /* its 95% interval (Welch, on the log scale) */
	double hi_pct;
	size_t before_n, after_n; /* the runs in those segments */
} pb_cp;

pb_cp_opts pb_cp_defaults(void);

/* Finds the change points of x[0..n) (positive values; the detector works on their logs). Writes at most
 * pb_cp_capacity(n, o) to out, sorted by position, and returns how many; -1 when n is too large (over 100000),
 * a value is not positive and finite, or memory runs out. */
size_t pb_cp_capacity(size_t n, const pb_cp_opts *o);

/* A store of windows' answers (the history keeps them): get fills out with the raw change points (at within the
 * window, p, stat) of the window starting at first whose key (its values, its start, the options) is key, and
 * returns 0, or -1 when it has none; put keeps them (0, or -1 on failure). A series that gets a value at its end
 * then recomputes only its last windows, with the same answer as computing them all. */
typedef struct pb_cp_cache {
	void *ctx;
	int (*get)(void *ctx, size_t first, uint64_t key, pb_cp *out, size_t *k);
	int (*put)(void *ctx, size_t first, uint64_t key, const pb_cp *cps, size_t k);
} pb_cp_cache;
int pb_changepoints_cached(const double *x, size_t n, const pb_cp_opts *o, const pb_cp_cache *cache, pb_cp *out);
int pb_changepoints(const double *x, size_t n, const pb_cp_opts *o, pb_cp *out);

/* The E-Divisive divergence of y[0..n) split at every t in [m, n - m]: q[t] (the others set to 0). Exposed for
 * the tests. */
void pb_ediv_all(const double *y, size_t n, size_t m, double *q);

/* The seeded intervals of [0, n) (lengths n, n/sqrt 2, ... down to 2m; each length's starts evenly spaced, two per
 * length's worth): [starts[i], ends[i]) for i below the count returned (at most max). */
size_t pb_seeded_intervals(size_t n, size_t m, size_t *starts, size_t *ends, size_t max);

#endif
