/* stats.c: medians, the Mann-Whitney U test (exact and normal), Holm's step-down correction and the Moses CI. */
#include "stats.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct { double v; int from_x; } tagged;

static int cmp_t(const void *a, const void *b) { return pb_cmp_double(&((const tagged *)a)->v, &((const tagged *)b)->v); }

/* Doubled midranks (integers) of the pooled sample; returns the doubled rank sum of x and the tie term. */
static long ranks2(const double *x, size_t nx, const double *y, size_t ny, long *r2, double *tie_term)
{
	const size_t N = nx + ny;
	tagged *t = malloc(N * sizeof *t);
	if (!t)
		return -1;
	for (size_t i = 0; i < nx; i++)
		t[i] = (tagged){x[i], 1};
	for (size_t j = 0; j < ny; j++)
		t[nx + j] = (tagged){y[j], 0};
	qsort(t, N, sizeof *t, cmp_t);
	long sum_x = 0;
	*tie_term = 0;
	for (size_t i = 0; i < N;) {
		size_t j = i;
		while (j + 1 < N && t[j + 1].v == t[i].v)
			j++;
		const long mid2 = (long)(i + 1 + j + 1); /* 2 x the midrank of positions i..j (1-based) */
		const double tcount = (double)(j - i + 1);
		*tie_term += tcount * tcount * tcount - tcount;
		for (size_t k = i; k <= j; k++) {
			r2[k] = mid2;
			if (t[k].from_x)
				sum_x += mid2;
		}
		i = j + 1;
	}
	free(t);
	return sum_x;
}

/* The exact permutation distribution of the doubled rank sum of nx values drawn from the pooled doubled
 * ranks: counts[s] = number of subsets with that sum (doubles hold C(50, 25) exactly). */
static double exact_p(const long *r2, size_t N, size_t nx, long observed)
{
	const long maxsum = (long)(N * (N + 1));
	double *cnt = calloc((nx + 1) * (size_t)(maxsum + 1), sizeof *cnt);
	if (!cnt)
		return NAN;
#define C(k, s) cnt[(size_t)(k) * (size_t)(maxsum + 1) + (size_t)(s)]
	C(0, 0) = 1;
	for (size_t i = 0; i < N; i++)
		for (size_t k = (i + 1 < nx ? i + 1 : nx); k >= 1; k--)
			for (long s = maxsum; s >= r2[i]; s--)
				C(k, s) += C(k - 1, s - r2[i]);
	double total = 0, le = 0, ge = 0;
	for (long s = 0; s <= maxsum; s++) {
		double c = C(nx, s);
		total += c;
		if (s <= observed)
			le += c;
		if (s >= observed)
			ge += c;
	}
#undef C
	free(cnt);
	double p = 2 * (le < ge ? le : ge) / total;
	return p > 1 ? 1 : p;
}

/* U from the rank sum of x (midranks): O(N log N), where counting the pairs was O(nx ny). */
double pb_mw_u(const double *x, size_t nx, const double *y, size_t ny)
{
	long *r2 = malloc((nx + ny) * sizeof *r2);
	double ties;
	if (!r2)
		return NAN;
	const long sum2 = ranks2(x, nx, y, ny, r2, &ties);
	free(r2);
	return sum2 < 0 ? NAN : (double)sum2 / 2 - (double)nx * (double)(nx + 1) / 2;
}

pb_mw pb_mann_whitney(const double *x, size_t nx, const double *y, size_t ny)
{
	pb_mw r = {NAN, NAN, false};
	const size_t N = nx + ny;
	if (nx == 0 || ny == 0)
		return r;
	long *r2 = malloc(N * sizeof *r2);
	if (!r2)
		return r;
	double ties = 0;
	long sum2 = ranks2(x, nx, y, ny, r2, &ties);
	r.u = (double)sum2 / 2 - (double)nx * (double)(nx + 1) / 2;
	if (N <= PB_MW_EXACT_MAX) {
		r.p = exact_p(r2, N, nx, sum2);
		r.exact = true;
	} else {
		const double m = (double)nx, n = (double)ny, Nd = (double)N;
		const double mu = m * n / 2;
		const double var = m * n / 12 * ((Nd + 1) - ties / (Nd * (Nd - 1)));
		double d = fabs(r.u - mu) - 0.5;
		if (d < 0)
			d = 0;
		r.p = var > 0 ? erfc(d / sqrt(var) / sqrt(2.0)) : 1.0;
	}
	free(r2);
	return r;
}

void pb_holm(const double *p, double *adjusted, size_t m)
{
	size_t *order = malloc(m * sizeof *order);
	if (!order)
		return;
	for (size_t i = 0; i < m; i++)
		order[i] = i;
	for (size_t i = 1; i < m; i++) /* insertion sort by p: m is small */
		for (size_t j = i; j > 0 && p[order[j]] < p[order[j - 1]]; j--) {
			size_t t = order[j];
			order[j] = order[j - 1];
			order[j - 1] = t;
		}
	double running = 0;
	for (size_t k = 0; k < m; k++) {
		double a = (double)(m - k) * p[order[k]];
		if (a > 1)
			a = 1;
		if (a < running)
			a = running;
		running = a;
		adjusted[order[k]] = a;
	}
	free(order);
}

/* The null distribution of U for sample sizes m, n without ties: pmf[u], u = 0 .. m n. */
static double *mw_null_pmf(size_t m, size_t n)
{
	/* f(i, j, u): number of arrangements of i x-values and j y-values with U = u, by recursion on the
	 * largest value: f(i, j, u) = f(i-1, j, u-j) + f(i, j-1, u) */
	const size_t umax = m * n;
	double *f = calloc((m + 1) * (n + 1) * (umax + 1), sizeof *f);
	if (!f)
		return NULL;
#define F(i, j, u) f[((i) * (n + 1) + (j)) * (umax + 1) + (u)]
	for (size_t i = 0; i <= m; i++)
		for (size_t j = 0; j <= n; j++)
			for (size_t u = 0; u <= umax; u++) {
				if (i == 0 || j == 0) {
					F(i, j, u) = u == 0;
					continue;
				}
				F(i, j, u) = (u >= j ? F(i - 1, j, u - j) : 0) + F(i, j - 1, u);
			}
	double *pmf = malloc((umax + 1) * sizeof *pmf), total = 0;
	if (pmf) {
		for (size_t u = 0; u <= umax; u++)
			total += F(m, n, u);
		for (size_t u = 0; u <= umax; u++)
			pmf[u] = F(m, n, u) / total;
	}
#undef F
	free(f);
	return pmf;
}

double pb_mw_cdf(size_t m, size_t n, double k)
{
	double *pmf = mw_null_pmf(m, n), le = 0;
	if (!pmf)
		return NAN;
	for (size_t u = 0; u <= m * n && (double)u <= k; u++)
		le += pmf[u];
	free(pmf);
	return le;
}

/* z with P(Z > z) = q for a standard normal Z, by bisection on erfc. */
static double z_upper(double q)
{
	double lo = 0, hi = 40;
	for (int i = 0; i < 100; i++) {
		double mid = (lo + hi) / 2;
		if (0.5 * erfc(mid / sqrt(2.0)) > q)
			lo = mid;
		else
			hi = mid;
	}
	return (lo + hi) / 2;
}

/* The pairwise differences y[j] - x[i] are never stored: with x and y sorted, how many are <= d is one merge-like
 * pass, so the k-th smallest is found by bisecting on d. Memory O(nx + ny), time O((nx + ny) log) -- 20,000
 * repetitions a side took 6.35 GB when the nx * ny differences were sorted. */
static size_t count_le(const double *x, size_t nx, const double *y, size_t ny, double d)
{
	size_t c = 0, j = 0;
	for (size_t i = 0; i < nx; i++) {
		while (j < ny && y[j] - x[i] <= d)
			j++;
		c += j;
	}
	return c;
}

/* The smallest difference above d. */
static double next_above(const double *x, size_t nx, const double *y, size_t ny, double d)
{
	double best = INFINITY;
	size_t j = 0;
	for (size_t i = 0; i < nx; i++) { /* x ascending: the first y above x[i] + d moves right */
		while (j < ny && y[j] - x[i] <= d)
			j++;
		if (j < ny && y[j] - x[i] < best)
			best = y[j] - x[i];
	}
	return best;
}

/* The k-th smallest (1-based) of the nx * ny differences y[j] - x[i]; x, y sorted ascending. */
static double kth_difference(const double *x, size_t nx, const double *y, size_t ny, size_t k)
{
	double lo = y[0] - x[nx - 1], hi = y[ny - 1] - x[0];
	if (count_le(x, nx, y, ny, lo) >= k)
		return lo;
	for (;;) { /* count_le(lo) < k <= count_le(hi); halve until no double lies between them */
		const double mid = lo + (hi - lo) / 2;
		if (mid <= lo || mid >= hi)
			break;
		if (count_le(x, nx, y, ny, mid) >= k)
			hi = mid;
		else
			lo = mid;
	}
	return next_above(x, nx, y, ny, lo);
}

static double *sorted_copy(const double *v, size_t n)
{
	double *s = malloc(n * sizeof *s);
	if (s) {
		memcpy(s, v, n * sizeof *s);
		qsort(s, n, sizeof *s, pb_cmp_double);
	}
	return s;
}

bool pb_shift_ci(const double *x, size_t nx, const double *y, size_t ny, double alpha, double *lo, double *hi,
	double *estimate)
{
	const size_t mn = nx * ny;
	double *xs = sorted_copy(x, nx), *ys = sorted_copy(y, ny);
	if (!xs || !ys || mn == 0) {
		free(xs);
		free(ys);
		return false;
	}
	*estimate = mn % 2 ? kth_difference(xs, nx, ys, ny, mn / 2 + 1)
			   : (kth_difference(xs, nx, ys, ny, mn / 2) + kth_difference(xs, nx, ys, ny, mn / 2 + 1)) / 2;
	/* k: the largest integer with P(U <= k - 1) <= alpha / 2; the interval is [d_(k), d_(mn-k+1)] */
	size_t k = 0;
	double *pmf = nx + ny <= PB_MW_EXACT_MAX ? mw_null_pmf(nx, ny) : NULL;
	if (pmf) {
		double cdf = 0; /* P(U <= k - 1) */
		while (k < mn / 2 && cdf + pmf[k] <= alpha / 2)
			cdf += pmf[k++];
		free(pmf);
	} else {
		const double z = z_upper(alpha / 2);
		double kk = (double)mn / 2 - z * sqrt((double)mn * (double)(nx + ny + 1) / 12);
		k = kk < 1 ? 0 : (size_t)floor(kk);
	}
	bool ok = k >= 1;
	*lo = ok ? kth_difference(xs, nx, ys, ny, k) : -INFINITY;
	*hi = ok ? kth_difference(xs, nx, ys, ny, mn - k + 1) : INFINITY;
	free(xs);
	free(ys);
	return ok;
}

double pb_mw_min_p(size_t nx, size_t ny)
{
	const size_t N = nx + ny;
	if (nx == 0 || ny == 0)
		return 1;
	if (N <= PB_MW_EXACT_MAX) {
		double c = 1; /* C(N, nx), built up exactly enough for N <= 50 */
		for (size_t i = 1; i <= nx; i++)
			c = c * (double)(N - nx + i) / (double)i;
		return 2 / c < 1 ? 2 / c : 1;
	}
	const double m = (double)nx, n = (double)ny, mu = m * n / 2, var = m * n * ((double)N + 1) / 12;
	return erfc((mu - 0.5) / sqrt(var) / sqrt(2.0));
}

/* The regularized incomplete beta I_x(a, b) by its continued fraction (modified Lentz). */
static double beta_cf(double a, double b, double x)
{
	const double tiny = 1e-300;
	double c = 1, d = 1 - (a + b) * x / (a + 1), h;
	d = fabs(d) < tiny ? tiny : d;
	d = 1 / d;
	h = d;
	for (int m = 1; m <= 300; m++) {
		const double m2 = 2.0 * m;
		double num = m * (b - m) * x / ((a + m2 - 1) * (a + m2));
		d = 1 + num * d;
		d = fabs(d) < tiny ? tiny : d;
		c = 1 + num / c;
		c = fabs(c) < tiny ? tiny : c;
		d = 1 / d;
		h *= d * c;
		num = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1));
		d = 1 + num * d;
		d = fabs(d) < tiny ? tiny : d;
		c = 1 + num / c;
		c = fabs(c) < tiny ? tiny : c;
		d = 1 / d;
		const double step = d * c;
		h *= step;
		if (fabs(step - 1) < 1e-15)
			break;
	}
	return h;
}

static double beta_inc(double a, double b, double x)
{
	if (x <= 0)
		return 0;
	if (x >= 1)
		return 1;
	const double front = exp(lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log1p(-x));
	return x < (a + 1) / (a + b + 2) ? front * beta_cf(a, b, x) / a : 1 - front * beta_cf(b, a, 1 - x) / b;
}

double pb_t_cdf(double t, double df)
{
	const double tail = 0.5 * beta_inc(df / 2, 0.5, df / (df + t * t));
	return t >= 0 ? 1 - tail : tail;
}

double pb_t_quantile(double p, double df)
{
	double lo = -1e6, hi = 1e6;
	for (int i = 0; i < 200 && hi - lo > 1e-12 * (1 + fabs(lo)); i++) {
		const double mid = (lo + hi) / 2;
		if (pb_t_cdf(mid, df) < p)
			lo = mid;
		else
			hi = mid;
	}
	return (lo + hi) / 2;
}

pb_paired pb_paired_t(const double *d, size_t n, size_t n0, double alpha)
{
	pb_paired r = {n, NAN, NAN, NAN, NAN, NAN, NAN};
	if (n < 2)
		return r;
	const size_t ns = n0 >= 2 && n0 < n ? n0 : n; /* the values the spread comes from */
	double sum = 0, sum0 = 0, ss = 0;
	for (size_t i = 0; i < n; i++)
		sum += d[i];
	for (size_t i = 0; i < ns; i++)
		sum0 += d[i];
	for (size_t i = 0; i < ns; i++)
		ss += (d[i] - sum0 / (double)ns) * (d[i] - sum0 / (double)ns);
	r.mean = sum / (double)n;
	r.sd = sqrt(ss / (double)(ns - 1));
	r.df = (double)(ns - 1);
	const double se = r.sd / sqrt((double)n), half = pb_t_quantile(1 - alpha / 2, r.df) * se;
	r.lo = r.mean - half;
	r.hi = r.mean + half;
	r.p = se > 0 ? 2 * pb_t_cdf(-fabs(r.mean) / se, r.df) : (r.mean == 0 ? 1 : 0);
	return r;
}

/* The null distribution of Wilcoxon's signed-rank statistic W+ for n untied ranks (each sign equally likely):
 * cdf[w] = P(W+ <= w), w = 0..n(n+1)/2; a new array, or NULL. */
static double *signed_rank_cdf(size_t n)
{
	const size_t top = n * (n + 1) / 2;
	double *p = calloc(top + 1, sizeof *p);
	if (!p)
		return NULL;
	p[0] = 1;
	for (size_t i = 1, hi = 0; i <= n; i++) { /* rank i joins: its sign adds i or nothing, each with 1/2 */
		hi += i;
		for (size_t s = hi; s >= i; s--)
			p[s] = (p[s] + p[s - i]) / 2;
		for (size_t s = 0; s < i && s <= hi; s++)
			p[s] /= 2;
	}
	for (size_t w = 1; w <= top; w++)
		p[w] += p[w - 1];
	return p;
}

/* W+ of d[0..n): the sum of the (mid)ranks of |d| over the positive values; zeros are left out (*m: the rest). */
static double w_plus(const double *d, size_t n, size_t *m)
{
	double *a = malloc((n ? n : 1) * sizeof *a), w = 0;
	size_t k = 0;
	for (size_t i = 0; a && i < n; i++)
		if (d[i] != 0)
			a[k++] = fabs(d[i]);
	if (a)
		qsort(a, k, sizeof *a, pb_cmp_double);
	for (size_t i = 0; a && i < n; i++) {
		if (d[i] <= 0)
			continue;
		size_t lo = 0, hi = k; /* the ranks of |d[i]| among a: (first + last) / 2, 1-based */
		while (lo < hi && a[lo] < d[i])
			lo++;
		for (hi = lo; hi + 1 < k && a[hi + 1] == d[i]; hi++)
			;
		w += (double)(lo + hi + 2) / 2;
	}
	free(a);
	*m = k;
	return w;
}

pb_paired pb_signed_rank(const double *d, size_t n, double alpha)
{
	pb_paired r = {n, NAN, NAN, NAN, NAN, NAN, NAN};
	const size_t nw = n * (n + 1) / 2;
	double *walsh = n >= 2 ? malloc(nw * sizeof *walsh) : NULL, *cdf = n >= 2 ? signed_rank_cdf(n) : NULL;
	size_t m = 0;
	if (walsh && cdf) {
		for (size_t i = 0, k = 0; i < n; i++)
			for (size_t j = i; j < n; j++)
				walsh[k++] = (d[i] + d[j]) / 2;
		qsort(walsh, nw, sizeof *walsh, pb_cmp_double);
		r.mean = nw % 2 ? walsh[nw / 2] : (walsh[nw / 2 - 1] + walsh[nw / 2]) / 2; /* Hodges-Lehmann */
		size_t c = 0; /* the smallest c with P(W+ <= c) > alpha / 2 */
		while (c + 1 <= nw && cdf[c] <= alpha / 2)
			c++;
		r.lo = c > 0 ? walsh[c - 1] : -INFINITY; /* the c-th smallest and largest: P(W+ <= c - 1) <= alpha / 2 */
		r.hi = c > 0 ? walsh[nw - c] : INFINITY;
		const double w = w_plus(d, n, &m);
		double *cm = m == n ? cdf : signed_rank_cdf(m);
		if (cm && m > 0) {
			const double below = cm[(size_t)floor(w)], above = ceil(w) >= 1 ? 1 - cm[(size_t)ceil(w) - 1] : 1;
			r.p = fmin(1, 2 * fmin(below, above));
		} else if (m == 0) {
			r.p = 1;
		}
		if (cm != cdf)
			free(cm);
		/* the spread the interval implies, as the mean's would: sd / sqrt(n) its standard error */
		r.df = (double)(n - 1);
		r.sd = isfinite(r.lo) ? (r.hi - r.lo) / (2 * pb_t_quantile(1 - alpha / 2, r.df)) * sqrt((double)n) : INFINITY;
	}
	free(walsh);
	free(cdf);
	return r;
}

double pb_mde(double sd, double df, size_t n, double alpha, double power)
{
	if (n == 0 || !(df > 0))
		return INFINITY;
	return (pb_t_quantile(1 - alpha / 2, df) + pb_t_quantile(power, df)) * sd / sqrt((double)n);
}

size_t pb_stein_n(double sd0, size_t n0, double alpha, double power, double target)
{
	if (n0 < 2 || !(target > 0))
		return n0;
	const double k = (pb_t_quantile(1 - alpha / 2, (double)(n0 - 1)) + pb_t_quantile(power, (double)(n0 - 1))) * sd0 / target;
	const double n = ceil(k * k);
	return n > (double)n0 ? (n < 1e6 ? (size_t)n : 1000000) : n0;
}

size_t pb_rounds_for(double sd, double alpha, double power, double target)
{
	if (!(target > 0) || !(sd >= 0))
		return 2;
	size_t lo = 2, hi = 2;
	while (hi < 1000000 && pb_mde(sd, (double)(hi - 1), hi, alpha, power) > target)
		hi *= 2;
	if (hi >= 1000000)
		return 1000000;
	while (lo < hi) { /* the MDE falls as n grows: the smallest n that reaches the target */
		const size_t mid = lo + (hi - lo) / 2;
		if (pb_mde(sd, (double)(mid - 1), mid, alpha, power) > target)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

double pb_mad_sd(const double *d, size_t n)
{
	if (n < 2)
		return NAN;
	double *a = malloc(n * sizeof *a);
	if (!a)
		return NAN;
	const double med = pb_median(d, n);
	for (size_t i = 0; i < n; i++)
		a[i] = fabs(d[i] - med);
	const double mad = pb_median(a, n);
	free(a);
	return 1.4826 * mad;
}
