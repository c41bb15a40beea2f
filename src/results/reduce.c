/* reduce.c: medians, spreads and their intervals (reduce.h). */
#include "reduce.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "stats.h"
#include "util.h"

/* P(B(n, 1/2) <= k) */
static double binom_cdf(size_t n, size_t k)
{
	double p = 0, term = pow(0.5, (double)n); /* C(n, 0) / 2^n */
	for (size_t i = 0; i <= k && i <= n; i++) {
		p += term;
		term = term * (double)(n - i) / (double)(i + 1);
	}
	return p;
}

pb_reduced pb_reduce(const double *v, size_t n)
{
	pb_reduced r = {0, NAN, NAN, NAN, NAN, NAN, NAN, NAN};
	double *s = malloc((n ? n : 1) * sizeof *s);
	if (!s)
		return r;
	for (size_t i = 0; i < n; i++)
		if (!isnan(v[i]))
			s[r.n++] = v[i];
	if (r.n) {
		qsort(s, r.n, sizeof *s, pb_cmp_double);
		const size_t m = r.n;
		r.median = m % 2 ? s[m / 2] : (s[m / 2 - 1] + s[m / 2]) / 2;
		r.min = s[0];
		r.max = s[m - 1];
		double sum = 0, sq = 0;
		for (size_t i = 0; i < m; i++)
			sum += s[i];
		r.mean = sum / (double)m;
		for (size_t i = 0; i < m; i++)
			sq += (s[i] - r.mean) * (s[i] - r.mean);
		if (m > 1 && r.mean != 0)
			r.cv_pct = 100 * sqrt(sq / (double)(m - 1)) / r.mean;
		size_t k = 0; /* the largest k with 2 P(B <= k - 1) <= 0.05 */
		while (k + 1 <= m / 2 && 2 * binom_cdf(m, k) <= 0.05)
			k++;
		if (k) {
			r.lo = s[k - 1];
			r.hi = s[m - k];
		}
	}
	free(s);
	return r;
}

size_t pb_ratio_ci(const double *a, const double *b, size_t n, double *est, double *lo, double *hi)
{
	*est = *lo = *hi = NAN;
	double *d = malloc((n ? n : 1) * sizeof *d);
	size_t k = 0;
	for (size_t i = 0; d && i < n; i++)
		if (a[i] > 0 && b[i] > 0 && isfinite(a[i]) && isfinite(b[i]))
			d[k++] = log(b[i] / a[i]);
	if (k) {
		const pb_paired p = pb_signed_rank(d, k, 0.05);
		*est = exp(p.mean);
		if (k >= 6 && isfinite(p.lo) && isfinite(p.hi)) {
			*lo = exp(p.lo);
			*hi = exp(p.hi);
		}
	}
	free(d);
	return k;
}

void pb_put_num(FILE *f, double x)
{
	if (isnan(x)) {
		fputs("-", f);
		return;
	}
	char buf[64];
	int p = 1;
	for (; p < 17; p++) {
		snprintf(buf, sizeof buf, "%.*g", p, x);
		if (strtod(buf, NULL) == x)
			break;
	}
	/* whole digits stay digits up to 10^17, as jq writes them (7000, not 7e+03) */
	const int whole = fabs(x) >= 1 ? (int)floor(log10(fabs(x))) + 1 : 0;
	snprintf(buf, sizeof buf, "%.*g", whole > p && whole <= 17 ? whole : p, x);
	fputs(buf, f);
}
