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
#include <stdlib.h>
#include <string.h>

#include "stats.h"

enum { MAX_N = 100000 };

pb_cp_opts pb_cp_defaults(void)
{
	return (pb_cp_opts){.alpha = 0.05, .perms = 999, .min_size = 3, .seed = 0x70616765626f756eULL, .max_cps = 16};
}

/* q[t] for y[0..n) split at t in [m, n - m]; wr: n + 1 doubles of scratch */
static void ediv(const double *y, size_t n, size_t m, double *q, double *wr)
{
	memset(q, 0, (n + 1) * sizeof *q);
	if (m < 2 || n < 2 * m)
		return;
	/* wl: the sum of distances within y[0..t); wr[t]: within y[t..n); total: within all */
	wr[n] = wr[n - 1] = 0;
	for (size_t t = n - 1; t-- > 0;) {
		double s = 0;
		for (size_t j = t + 1; j < n; j++)
			s += fabs(y[t] - y[j]);
		wr[t] = wr[t + 1] + s;
	}
	const double total = wr[0];
	double wl = 0;
	for (size_t t = 1; t <= n - m; t++) {
		for (size_t i = 0; i + 1 < t; i++) /* y[t-1] joins the left side */
			wl += fabs(y[i] - y[t - 1]);
		if (t < m)
			continue;
		const double a = (double)t, b = (double)(n - t);
		const double between = total - wl - wr[t];
		const double e = 2 * between / (a * b) - wl / (a * (a - 1) / 2) - wr[t] / (b * (b - 1) / 2);
		q[t] = a * b / (a + b) * e;
	}
}

void pb_ediv_all(const double *y, size_t n, size_t m, double *q)
{
	double *wr = malloc((n + 1) * sizeof *wr);
	if (wr)
		ediv(y, n, m, q, wr);
	else
		memset(q, 0, (n + 1) * sizeof *q);
	free(wr);
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
	double *q, *wr, *work;
	uint64_t rng;
} search_ctx;

/* The best split of y over the candidate intervals: every current segment, and every seeded interval that lies
 * inside one. Returns its statistic (-1 when none is possible), the split in *at. */
static double best_split(search_ctx *c, const double *y, size_t *at)
{
	double best = -1;
	for (size_t s = 0; s < c->ncut; s++) {
		const size_t lo = c->cut[s], hi = c->cut[s + 1];
		for (size_t i = 0; i <= c->nseed; i++) {
			const size_t a = i < c->nseed ? c->seed_a[i] : lo, b = i < c->nseed ? c->seed_b[i] : hi;
			if (a < lo || b > hi || (i < c->nseed && a == lo && b == hi) || b - a < 2 * c->o->min_size)
				continue;
			ediv(y + a, b - a, c->o->min_size, c->q, c->wr);
			for (size_t t = c->o->min_size; t <= b - a - c->o->min_size; t++)
				if (c->q[t] > best) {
					best = c->q[t];
					*at = a + t;
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

/* p-value of the best split: the values permuted within each segment, the best split sought again */
static double permutation_p(search_ctx *c, const double *y, double observed)
{
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
	for (size_t i = 0; i < found; i++) /* each step between its neighbouring segments */
		step_interval(y, i ? out[i - 1].at : 0, out[i].at, i + 1 < found ? out[i + 1].at : c->n, &out[i]);
	return (int)found;
}

int pb_changepoints(const double *x, size_t n, const pb_cp_opts *o, pb_cp *out)
{
	if (n > MAX_N)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (!(x[i] > 0) || !isfinite(x[i]))
			return -1;
	if (n < 2 * o->min_size || o->min_size < 2 || o->max_cps == 0)
		return 0;
	const size_t maxseed = 8 * n + 16;
	search_ctx c = {.o = o, .n = n, .rng = o->seed ? o->seed : 1};
	double *y = malloc(n * sizeof *y);
	c.work = malloc(n * sizeof *c.work);
	c.q = malloc((n + 1) * sizeof *c.q);
	c.wr = malloc((n + 1) * sizeof *c.wr);
	c.cut = malloc((o->max_cps + 2) * sizeof *c.cut);
	c.seed_a = malloc(maxseed * sizeof *c.seed_a);
	c.seed_b = malloc(maxseed * sizeof *c.seed_b);
	int found = -1;
	if (y && c.work && c.q && c.wr && c.cut && c.seed_a && c.seed_b) {
		for (size_t i = 0; i < n; i++)
			y[i] = log(x[i]);
		c.nseed = pb_seeded_intervals(n, o->min_size, c.seed_a, c.seed_b, maxseed);
		found = search(&c, y, out);
	}
	free(y);
	free(c.work);
	free(c.q);
	free(c.wr);
	free(c.cut);
	free(c.seed_a);
	free(c.seed_b);
	return found;
}
