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

const char *pb_paired_ci(const double *d, size_t n, double *est, double *lo, double *hi)
{
	*est = n ? d[0] : NAN;
	*lo = *hi = NAN;
	if (n < 2)
		return NULL;
	const pb_paired p = n >= 6 ? pb_signed_rank(d, n, 0.05) : pb_paired_t(d, n, 0, 0.05);
	*est = p.mean;
	if (isfinite(p.lo) && isfinite(p.hi)) {
		*lo = p.lo;
		*hi = p.hi;
	}
	return n >= 6 ? "signed-rank" : "t";
}

const char *pb_ratio_ci(const double *a, const double *b, size_t n, double *est, double *lo, double *hi, size_t *pairs)
{
	*est = *lo = *hi = NAN;
	double *d = malloc((n ? n : 1) * sizeof *d);
	size_t k = 0;
	for (size_t i = 0; d && i < n; i++)
		if (a[i] > 0 && b[i] > 0 && isfinite(a[i]) && isfinite(b[i]))
			d[k++] = log(b[i] / a[i]);
	const char *how = k ? pb_paired_ci(d, k, est, lo, hi) : NULL;
	*est = exp(*est);
	*lo = exp(*lo);
	*hi = exp(*hi);
	free(d);
	if (pairs)
		*pairs = k;
	return how;
}

/* x rounded to dec decimals (dec may be negative: tens, hundreds), printed with max(dec, 0) of them */
static int put_rounded(char *buf, size_t len, double x, int dec, bool sign)
{
	const double scale = pow(10, dec);
	const double r = round(x * scale) / scale;
	return snprintf(buf, len, sign ? "%+.*f" : "%.*f", dec > 0 ? dec : 0, r == 0 ? 0.0 * (sign ? 1 : 1) : r);
}

void pb_quote(char *buf, size_t len, double est, double lo, double hi, bool sign, const char *unit)
{
	const char *sp = unit && *unit ? " " : "";
	if (isnan(est)) {
		snprintf(buf, len, "-");
		return;
	}
	if (isnan(lo) || isnan(hi) || hi < lo) {
		snprintf(buf, len, sign ? "%+.3g%s%s (no interval)" : "%.3g%s%s (no interval)", est, sp, unit ? unit : "");
		return;
	}
	const double half = (hi - lo) / 2;
	const int dec = half > 0 ? 1 - (int)floor(log10(half)) : 3;
	size_t o = (size_t)put_rounded(buf, len, est, dec, sign);
	o += (size_t)snprintf(buf + o, o < len ? len - o : 0, " [");
	o += (size_t)put_rounded(buf + (o < len ? o : len - 1), o < len ? len - o : 1, lo, dec, sign);
	o += (size_t)snprintf(buf + (o < len ? o : len - 1), o < len ? len - o : 1, ", ");
	o += (size_t)put_rounded(buf + (o < len ? o : len - 1), o < len ? len - o : 1, hi, dec, sign);
	snprintf(buf + (o < len ? o : len - 1), o < len ? len - o : 1, "]%s%s", sp, unit ? unit : "");
}

void pb_quote_ns(char *buf, size_t len, double est, double lo, double hi)
{
	static const char *const units[] = {"ns", "us", "ms", "s"};
	int u = 0;
	double scale = 1;
	while (u < 3 && fabs(est) / scale >= 1000) {
		scale *= 1000;
		u++;
	}
	pb_quote(buf, len, est / scale, lo / scale, hi / scale, false, units[u]);
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

int pb_quote_decimals(double lo, double hi)
{
	const double half = (hi - lo) / 2;
	if (!(half > 0) || !isfinite(half))
		return 3;
	const int dec = 1 - (int)floor(log10(half));
	return dec < 0 ? 0 : dec > 6 ? 6 : dec;
}
