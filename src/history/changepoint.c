/* changepoint.c: E-Divisive with means (Matteson and James 2014) on the logs of a series, searched over seeded
 * intervals (Kovacs, Li, Buhlmann and Munk, "Seeded binary segmentation", Biometrika 2023): the whole series
 * alone hides a change that comes back (a slowdown that a later commit undoes: the two halves look alike), an
 * interval holding one of the two changes does not. Hierarchical: the best split over the candidate intervals
 * inside the current segments is tested by permuting the values within every segment and searching again; it is
 * kept when its p-value is below alpha and the Welch interval of its step excludes 0 (a burst of slow runs that
 * ends is not a new level), then the next one is sought. Exponent 1 (plain distances): no moment
 * beyond the first is assumed, so a run that lost time to a burst weighs as much as its distance, no more. */
#include "changepoint.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "stats.h"

enum { MAX_N = 100000 };

pb_cp_opts pb_cp_defaults(void)
{
	return (pb_cp_opts){.alpha = 0.05, .perms = 999, .min_size = 3, .seed = 0x70616765626f756eULL, .max_cps = 16,
		.window = 64};
}

/* The sums of distances within every interval of y[0..n): w[a * (n + 1) + b] = the sum of |y[i] - y[j]| over
 * a <= i < j < b, for a <= b (n (n + 1) / 2 sums in O(n^2): each column from the one before). With it the
 * divergence of any interval at any split costs a few additions, so the seeded intervals (dozens, overlapping)
 * cost little more than the window itself. */
static void within_sums(const double *y, size_t n, double *w)
{
	const size_t s = n + 1;
	for (size_t a = 0; a <= n; a++) {
		w[a * s + a] = 0;
		if (a < n)
			w[a * s + a + 1] = 0;
	}
	for (size_t b = 2; b <= n; b++) {
		double acc = 0; /* the distances from y[b - 1] to y[a..b-1) */
		for (size_t a = b - 1; a-- > 0;) {
			acc += fabs(y[a] - y[b - 1]);
			w[a * s + b] = w[a * s + b - 1] + acc;
		}
	}
}

/* The E-Divisive divergence of the interval [a, b) split at t (Matteson and James, eq. 4 with exponent 1):
 * the scaled distance between the sides less the distances within them. */
static double divergence(const double *w, size_t n, size_t a, size_t t, size_t b)
{
	const size_t s = n + 1;
	const double wl = w[a * s + t], wr = w[t * s + b], between = w[a * s + b] - wl - wr;
	const double na = (double)(t - a), nb = (double)(b - t);
	const double e = 2 * between / (na * nb) - wl / (na * (na - 1) / 2) - wr / (nb * (nb - 1) / 2);
	return na * nb / (na + nb) * e;
}

void pb_ediv_all(const double *y, size_t n, size_t m, double *q)
{
	memset(q, 0, (n + 1) * sizeof *q);
	double *w = m >= 2 && n >= 2 * m ? malloc((n + 1) * (n + 1) * sizeof *w) : NULL;
	if (!w)
		return;
	within_sums(y, n, w);
	for (size_t t = m; t <= n - m; t++)
		q[t] = divergence(w, n, 0, t, n);
	free(w);
}

size_t pb_seeded_intervals(size_t n, size_t m, size_t *starts, size_t *ends, size_t max)
{
	size_t k = 0;
	for (double len = (double)n; len >= (double)(2 * m) && k < max; len /= sqrt(2.0)) {
		const size_t l = (size_t)ceil(len), count = 2 * (size_t)ceil((double)n / (double)l) - 1;
		for (size_t i = 0; i < count && k < max; i++) {
			const size_t a = count > 1 ? (size_t)floor((double)i * (double)(n - l) / (double)(count - 1)) : 0;
			if (k && starts[k - 1] == a && ends[k - 1] == a + l)
				continue;
			starts[k] = a;
			ends[k++] = a + l;
		}
	}
	return k;
}

typedef struct search_ctx {
	const pb_cp_opts *o;
	size_t n, nseed, ncut;
	size_t *seed_a, *seed_b, *cut; /* the seeded intervals; the current segments' bounds cut[0..ncut] */
	double *w, *work;	       /* within_sums of the window; a permuted copy of it */
	uint64_t rng;
	const pb_cp_cache *cache;
} search_ctx;

/* The best split of y over the candidate intervals: every current segment, and every seeded interval that lies
 * inside one. Returns its statistic (-1 when none is possible), the split in *at. */
static double best_split(search_ctx *c, const double *y, size_t *at)
{
	double best = -1;
	const size_t m = c->o->min_size;
	within_sums(y, c->n, c->w);
	for (size_t s = 0; s < c->ncut; s++) {
		const size_t lo = c->cut[s], hi = c->cut[s + 1];
		for (size_t i = 0; i <= c->nseed; i++) {
			const size_t a = i < c->nseed ? c->seed_a[i] : lo, b = i < c->nseed ? c->seed_b[i] : hi;
			if (a < lo || b > hi || (i < c->nseed && a == lo && b == hi) || b - a < 2 * m)
				continue;
			for (size_t t = a + m; t <= b - m; t++) {
				const double q = divergence(c->w, c->n, a, t, b);
				if (q > best) {
					best = q;
					*at = t;
				}
			}
		}
	}
	return best;
}

static uint64_t next_random(uint64_t *s) /* xorshift64* */
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 0x2545F4914F6CDD1DULL;
}

/* p-value of the best split: the values permuted within each segment, the best split sought again. The test
 * stops as soon as its answer is settled: once as many permutations beat the observed split as would make
 * (1 + as large) / (1 + permutations) at least alpha after all of them, more cannot make it significant (the
 * decision is the one all the permutations give; Besag and Clifford, Biometrika 1991). Noise then costs tens
 * of permutations instead of all of them; a real change still runs them all. */
static double permutation_p(search_ctx *c, const double *y, double observed)
{
	const double settle = c->o->alpha * (1.0 + c->o->perms) - 1; /* as large as this many: not significant */
	unsigned ge = 0;
	size_t at;
	for (unsigned r = 0; r < c->o->perms; r++) {
		memcpy(c->work, y, c->n * sizeof *y);
		for (size_t s = 0; s < c->ncut; s++)
			for (size_t i = c->cut[s + 1] - 1; i > c->cut[s]; i--) { /* Fisher-Yates within the segment */
				const size_t j = c->cut[s] + (size_t)(next_random(&c->rng) % (i - c->cut[s] + 1));
				const double t = c->work[i];
				c->work[i] = c->work[j];
				c->work[j] = t;
			}
		ge += best_split(c, c->work, &at) >= observed;
		if ((double)ge >= settle)
			break;
	}
	return (1.0 + ge) / (1.0 + c->o->perms);
}

/* Welch's 95% interval of mean(y[b..c)) - mean(y[a..b)), as percent changes of the geometric means */
static void step_interval(const double *y, size_t a, size_t b, size_t c, pb_cp *cp)
{
	double m[2] = {0, 0}, v[2] = {0, 0};
	const size_t lo[2] = {a, b}, hi[2] = {b, c};
	for (int s = 0; s < 2; s++) {
		const double k = (double)(hi[s] - lo[s]);
		for (size_t i = lo[s]; i < hi[s]; i++)
			m[s] += y[i] / k;
		for (size_t i = lo[s]; i < hi[s]; i++)
			v[s] += (y[i] - m[s]) * (y[i] - m[s]) / (k - 1);
		v[s] /= k; /* the variance of the mean */
	}
	const double d = m[1] - m[0], se = sqrt(v[0] + v[1]);
	const double na = (double)(b - a), nb = (double)(c - b);
	const double df = se > 0 ? pow(se, 4) / (v[0] * v[0] / (na - 1) + v[1] * v[1] / (nb - 1)) : na + nb - 2;
	const double h = se > 0 ? pb_t_quantile(0.975, df) * se : 0;
	cp->step_pct = 100 * expm1(d);
	cp->lo_pct = 100 * expm1(d - h);
	cp->hi_pct = 100 * expm1(d + h);
	cp->before_n = b - a;
	cp->after_n = c - b;
}

static int by_position(const void *a, const void *b)
{
	const pb_cp *x = a, *y = b;
	return (x->at > y->at) - (x->at < y->at);
}

static int search(search_ctx *c, const double *y, pb_cp *out)
{
	size_t found = 0;
	c->ncut = 1;
	c->cut[0] = 0;
	c->cut[1] = c->n;
	while (found < c->o->max_cps) {
		size_t at = 0;
		const double best = best_split(c, y, &at);
		if (best <= 0)
			break;
		size_t s = 0;
		while (c->cut[s + 1] < at)
			s++;
		const double p = permutation_p(c, y, best);
		pb_cp step;
		step_interval(y, c->cut[s], at, c->cut[s + 1], &step);
		if (!(p < c->o->alpha) || (step.lo_pct <= 0 && step.hi_pct >= 0))
			break; /* not significant, or a burst: the runs after it are not all of a new level */
		memmove(c->cut + s + 2, c->cut + s + 1, (c->ncut - s) * sizeof *c->cut);
		c->cut[s + 1] = at;
		c->ncut++;
		out[found++] = (pb_cp){.at = at, .p = p, .stat = best};
	}
	qsort(out, found, sizeof *out, by_position);
	return (int)found;
}

/* each step between its neighbouring segments */
static void steps(const double *y, size_t n, pb_cp *cp, size_t k)
{
	for (size_t i = 0; i < k; i++)
		step_interval(y, i ? cp[i - 1].at : 0, cp[i].at, i + 1 < k ? cp[i + 1].at : n, &cp[i]);
}

/* what a window's answer depends on: its values, where it starts (its random stream), the options */
static uint64_t window_key(const double *x, size_t first, size_t n, const pb_cp_opts *o)
{
	uint64_t h = 1469598103934665603ull;
	const uint64_t head[7] = {(uint64_t)first, (uint64_t)n, o->perms, (uint64_t)o->min_size, o->seed, (uint64_t)o->max_cps,
		(uint64_t)o->window};
	const unsigned char *p[3] = {(const unsigned char *)head, (const unsigned char *)&o->alpha, (const unsigned char *)x};
	const size_t len[3] = {sizeof head, sizeof o->alpha, n * sizeof *x};
	for (int k = 0; k < 3; k++)
		for (size_t i = 0; i < len[k]; i++)
			h = (h ^ p[k][i]) * 1099511628211ull;
	return h;
}

/* One window x[first..first+n) of the series (the whole series when it is short): its seeded intervals, its own
 * random stream (from the seed and the window's first run, so that a window's answer depends on its runs alone);
 * the raw change points (at, p, stat; positions within the window), from the cache when it has them. */
static int detect(search_ctx *c, const double *x, const double *y, size_t first, size_t n, pb_cp *out)
{
	const uint64_t key = c->cache ? window_key(x + first, first, n, c->o) : 0;
	size_t k = 0;
	if (c->cache && c->cache->get(c->cache->ctx, first, key, out, &k) == 0)
		return (int)k;
	c->n = n;
	c->rng = (c->o->seed ? c->o->seed : 1) ^ (0x9E3779B97F4A7C15ULL * (uint64_t)first);
	if (!c->rng)
		c->rng = 1;
	c->nseed = pb_seeded_intervals(n, c->o->min_size, c->seed_a, c->seed_b, 8 * n + 16);
	const int f = search(c, y + first, out);
	if (f >= 0 && c->cache && c->cache->put(c->cache->ctx, first, key, out, (size_t)f))
		return -1;
	return f;
}

static int by_p(const void *a, const void *b)
{
	const pb_cp *x = a, *y = b;
	return x->p != y->p ? (x->p > y->p) - (x->p < y->p) : (x->at > y->at) - (x->at < y->at);
}

/* The change points found by overlapping windows, as one list: one change point where windows found it within
 * min_size runs of each other (the smallest p-value's); each step then measured between its neighbours over the
 * whole series, and a change point whose step's interval holds 0 there dropped, until none does. */
static size_t merge(const double *y, size_t n, size_t min_size, pb_cp *cp, size_t k)
{
	qsort(cp, k, sizeof *cp, by_p); /* the most significant first claims its place */
	size_t kept = 0;
	for (size_t i = 0; i < k; i++) {
		bool near = false;
		for (size_t j = 0; j < kept && !near; j++)
			near = cp[i].at + min_size > cp[j].at && cp[j].at + min_size > cp[i].at;
		if (!near)
			cp[kept++] = cp[i];
	}
	qsort(cp, kept, sizeof *cp, by_position);
	for (bool again = true; again;) {
		again = false;
		for (size_t i = 0; i < kept; i++)
			step_interval(y, i ? cp[i - 1].at : 0, cp[i].at, i + 1 < kept ? cp[i + 1].at : n, &cp[i]);
		for (size_t i = 0; i < kept && !again; i++)
			if (cp[i].lo_pct <= 0 && cp[i].hi_pct >= 0) {
				memmove(cp + i, cp + i + 1, (kept - i - 1) * sizeof *cp);
				kept--;
				again = true;
			}
	}
	return kept;
}

size_t pb_cp_capacity(size_t n, const pb_cp_opts *o)
{
	const size_t hop = o->window / 2 ? o->window / 2 : 1;
	return (n / hop + 2) * o->max_cps + 1;
}

/* Long series are cut into windows of o->window runs, each starting half a window after the one before
 * (every run lies inside two windows, every change at least a quarter window from the edge of one): the
 * detector's cost grows with the length, not its square, and a change is judged against its own neighbourhood
 * of runs, not against years of history. */
static int windows(search_ctx *c, const double *x, const double *y, size_t n, pb_cp *out)
{
	const size_t w = c->o->window, hop = w / 2;
	size_t k = 0;
	for (size_t first = 0;; first += hop) {
		const size_t end = first + w < n ? first + w : n;
		const int f = detect(c, x, y, first, end - first, out + k);
		if (f < 0)
			return -1;
		for (int i = 0; i < f; i++)
			out[k + (size_t)i].at += first;
		k += (size_t)(f > 0 ? f : 0);
		if (end == n)
			break;
	}
	return (int)merge(y, n, c->o->min_size, out, k);
}

/* the whole series as one window: its change points, each step between its neighbours */
static int whole(search_ctx *c, const double *x, const double *y, size_t n, pb_cp *out)
{
	const int f = detect(c, x, y, 0, n, out);
	if (f > 0)
		steps(y, n, out, (size_t)f);
	return f;
}

int pb_changepoints(const double *x, size_t n, const pb_cp_opts *o, pb_cp *out)
{
	return pb_changepoints_cached(x, n, o, NULL, out);
}

int pb_changepoints_cached(const double *x, size_t n, const pb_cp_opts *o, const pb_cp_cache *cache, pb_cp *out)
{
	if (n > MAX_N)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (!(x[i] > 0) || !isfinite(x[i]))
			return -1;
	if (n < 2 * o->min_size || o->min_size < 2 || o->max_cps == 0)
		return 0;
	if (o->window < 4 * o->min_size || o->window > PB_CP_MAX_WINDOW)
		return -1;
	const bool windowed = n > o->window;
	const size_t w = windowed ? o->window : n, maxseed = 8 * w + 16;
	search_ctx c = {.o = o, .cache = cache};
	double *y = malloc(n * sizeof *y);
	c.work = malloc(w * sizeof *c.work);
	c.w = malloc((w + 1) * (w + 1) * sizeof *c.w);
	c.cut = malloc((o->max_cps + 2) * sizeof *c.cut);
	c.seed_a = malloc(maxseed * sizeof *c.seed_a);
	c.seed_b = malloc(maxseed * sizeof *c.seed_b);
	int found = -1;
	if (y && c.work && c.w && c.cut && c.seed_a && c.seed_b) {
		for (size_t i = 0; i < n; i++)
			y[i] = log(x[i]);
		found = windowed ? windows(&c, x, y, n, out) : whole(&c, x, y, n, out);
	}
	free(y);
	free(c.work);
	free(c.w);
	free(c.cut);
	free(c.seed_a);
	free(c.seed_b);
	return found;
}
