/* test_stats.c: Mann-Whitney U and p-values, Holm, the Moses CI and the JSON reader, against values worked by hand. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gbjson.h"
#include "stats.h"

#define NEAR(a, b, tol) assert_true(fabs((a) - (b)) <= (tol))

static void test_median(void **state)
{
	(void)state;
	const double odd[] = {5, 1, 3}, even[] = {4, 1, 3, 2};
	NEAR(pb_median(odd, 3), 3, 0);
	NEAR(pb_median(even, 4), 2.5, 0);
	assert_true(isnan(pb_median(odd, 0)));
}

/* x = {1,2,3}, y = {4,5,6}: U = 0; exact two-sided p = 2 x 1/C(6,3) = 0.1 */
static void test_u_separated(void **state)
{
	(void)state;
	const double x[] = {1, 2, 3}, y[] = {4, 5, 6};
	pb_mw r = pb_mann_whitney(x, 3, y, 3);
	NEAR(r.u, 0, 0);
	assert_true(r.exact);
	NEAR(r.p, 0.1, 1e-12);
	NEAR(pb_mw_u(y, 3, x, 3), 9, 0);
}

/* With ties, by hand: x = {1,2,2}, y = {2,3,4}. Midranks 1 | 3 3 3 | 5 | 6, so U_x = 7 - 6 = 1.
 * The 20 subsets of three doubled ranks {2,6,6,6,10,12} sum to 14 (3 ways), 18 (4), 20 (3), 22 (3),
 * 24 (4), 28 (3); the observed 14 is the lowest: p = 2 x 3/20 = 0.3. */
static void test_u_ties_exact(void **state)
{
	(void)state;
	const double x[] = {1, 2, 2}, y[] = {2, 3, 4};
	pb_mw r = pb_mann_whitney(x, 3, y, 3);
	NEAR(r.u, 1, 0);
	NEAR(r.p, 0.3, 1e-12);
	/* symmetric: the same p from the other side */
	NEAR(pb_mann_whitney(y, 3, x, 3).p, 0.3, 1e-12);
	/* identical samples: p = 1 */
	NEAR(pb_mann_whitney(x, 3, x, 3).p, 1, 1e-12);
}

/* Published table (Mann-Whitney, m = n = 5): P(U <= 2) = 4/252 = 0.016, P(U <= 3) = 7/252 = 0.028. */
static void test_null_distribution(void **state)
{
	(void)state;
	NEAR(pb_mw_cdf(5, 5, 2), 4.0 / 252, 1e-12);
	NEAR(pb_mw_cdf(5, 5, 3), 7.0 / 252, 1e-12);
	NEAR(pb_mw_cdf(5, 5, 25), 1, 1e-12);
	NEAR(pb_mw_cdf(3, 3, 0), 1.0 / 20, 1e-12);
}

/* Normal approximation with tie correction (51 values > the exact limit), by hand: x = 26 ones; y = 5 ones
 * and 20 twos. Midranks 16 and 41.5; U_x = 26 x 16 - 351 = 65; mu = 325; tie term (31^3 - 31) + (20^3 - 20)
 * = 37740; var = 650/12 x (52 - 37740 / 2550) = 2015.0; z = (260 - 0.5) / sqrt(2015). */
static void test_u_normal_with_ties(void **state)
{
	(void)state;
	double x[26], y[25];
	for (int i = 0; i < 26; i++)
		x[i] = 1;
	for (int i = 0; i < 25; i++)
		y[i] = i < 5 ? 1 : 2;
	pb_mw r = pb_mann_whitney(x, 26, y, 25);
	assert_false(r.exact);
	NEAR(r.u, 65, 0);
	const double want = erfc(259.5 / sqrt(2015.0) / sqrt(2.0));
	NEAR(r.p, want, want * 1e-9);
	assert_true(r.p < 1e-8 && r.p > 1e-9); /* about 7.4e-9 */
}

/* Holm by hand: p = (0.01, 0.04, 0.03, 0.005): sorted 0.005 x4 = 0.02, 0.01 x3 = 0.03, 0.03 x2 = 0.06,
 * 0.04 x1 = 0.04 -> raised to 0.06 (monotone). */
static void test_holm(void **state)
{
	(void)state;
	const double p[] = {0.01, 0.04, 0.03, 0.005};
	double a[4];
	pb_holm(p, a, 4);
	NEAR(a[0], 0.03, 1e-12);
	NEAR(a[1], 0.06, 1e-12);
	NEAR(a[2], 0.06, 1e-12);
	NEAR(a[3], 0.02, 1e-12);
	const double big[] = {0.5, 0.9};
	pb_holm(big, a, 2);
	NEAR(a[0], 1, 0);
	NEAR(a[1], 1, 0);
}

/* Moses CI, m = n = 5 (table: k = 3 at 95%): x = 1..5, y = 11..15; the 25 differences run 6..14 with
 * multiplicities 1 2 3 4 5 4 3 2 1; d(3) = 7, d(23) = 13; Hodges-Lehmann estimate 10. */
static void test_shift_ci(void **state)
{
	(void)state;
	const double x[] = {1, 2, 3, 4, 5}, y[] = {11, 12, 13, 14, 15};
	double lo, hi, est;
	assert_true(pb_shift_ci(x, 5, y, 5, 0.05, &lo, &hi, &est));
	NEAR(lo, 7, 0);
	NEAR(hi, 13, 0);
	NEAR(est, 10, 0);
	/* 3 against 3 cannot reach 95%: P(U <= 0) = 0.05 > 0.025 */
	assert_false(pb_shift_ci(x, 3, y, 3, 0.05, &lo, &hi, &est));
	assert_true(isinf(lo) && isinf(hi));
}

static const char *GB =
	"{\"context\": {\"date\": \"x\", \"pagebound_version\": \"0.1.0\"}, \"benchmarks\": ["
	"{\"name\": \"a/1\", \"run_name\": \"a/1\", \"run_type\": \"iteration\", \"cpu_time\": 2, \"real_time\": 3, "
	"\"time_unit\": \"us\", \"syscalls\": 16},"
	"{\"name\": \"a/1\", \"run_name\": \"a/1\", \"run_type\": \"iteration\", \"cpu_time\": 4, \"real_time\": 5, "
	"\"time_unit\": \"us\", \"syscalls\": 16},"
	"{\"name\": \"a/1_mean\", \"run_name\": \"a/1\", \"run_type\": \"aggregate\", \"cpu_time\": 3, \"time_unit\": \"us\", "
	"\"syscalls\": NaN},"
	"{\"name\": \"b\", \"run_name\": \"b\", \"run_type\": \"iteration\", \"error_occurred\": true, "
	"\"error_message\": \"clobbered\"}]}";

static void test_reader(void **state)
{
	(void)state;
	pb_input run = {0};
	char err[256];
	assert_int_equal(pb_input_add_buffer(&run, GB, strlen(GB), "t", PB_METRIC_CPU, err, sizeof err), 0);
	assert_int_equal(run.n, 2);
	const pb_bench_series *a = pb_input_find(&run, "a/1");
	assert_non_null(a);
	assert_int_equal(a->n, 2); /* the aggregate is not a repetition */
	NEAR(a->t[0], 2000, 0);    /* us -> ns */
	NEAR(a->t[1], 4000, 0);
	NEAR(pb_series_exact(a, 0), 16, 0);
	assert_true(isnan(pb_series_exact(a, 1)));
	assert_string_equal(pb_input_find(&run, "b")->error, "clobbered");
	pb_input_free(&run);
	assert_int_equal(pb_input_add_buffer(&run, GB, strlen(GB), "t", PB_METRIC_REAL, err, sizeof err), 0);
	NEAR(pb_input_find(&run, "a/1")->t[0], 3000, 0);
	pb_input_free(&run);
	/* the same file from another project (no pagebound_version): its syscalls counter is not read as exact */
	char foreign[2048];
	snprintf(foreign, sizeof foreign, "%s", GB);
	memcpy(strstr(foreign, "pagebound_version"), "someone_elses_ver", 17);
	assert_int_equal(pb_input_add_buffer(&run, foreign, strlen(foreign), "t", PB_METRIC_CPU, err, sizeof err), 0);
	assert_true(isnan(pb_series_exact(pb_input_find(&run, "a/1"), 0)));
	pb_input_free(&run);
}

static void test_reader_rejects(void **state)
{
	(void)state;
	pb_input run = {0};
	char err[256];
	assert_int_equal(pb_input_add_buffer(&run, "hello", 5, "f.json", PB_METRIC_CPU, err, sizeof err), -1);
	assert_non_null(strstr(err, "f.json: not JSON"));
	assert_int_equal(pb_input_add_buffer(&run, "{\"a\": 1}", 8, "f.json", PB_METRIC_CPU, err, sizeof err), -1);
	assert_non_null(strstr(err, "not Google Benchmark output"));
	assert_int_equal(pb_input_add_buffer(&run, GB, 60, "f.json", PB_METRIC_CPU, err, sizeof err), -1);
	assert_non_null(strstr(err, "truncated"));
	const char *bad_time = "{\"context\": {}, \"benchmarks\": [{\"name\": \"a\", \"cpu_time\": \"fast\"}]}";
	assert_int_equal(pb_input_add_buffer(&run, bad_time, strlen(bad_time), "f.json", PB_METRIC_CPU, err, sizeof err), -1);
	assert_non_null(strstr(err, "benchmark a: cpu_time is not a number"));
	const char *bad_unit =
		"{\"context\": {}, \"benchmarks\": [{\"name\": \"a\", \"cpu_time\": 1, \"time_unit\": \"fortnight\"}]}";
	assert_int_equal(pb_input_add_buffer(&run, bad_unit, strlen(bad_unit), "f.json", PB_METRIC_CPU, err, sizeof err), -1);
	assert_int_equal(pb_input_load(&run, "/nonexistent/x.json", PB_METRIC_CPU, err, sizeof err), -1);
	assert_non_null(strstr(err, "cannot open /nonexistent/x.json"));
	/* a time of 0 is no time: a change against it would be infinite */
	const char *zero = "{\"context\": {}, \"benchmarks\": [{\"name\": \"z\", \"cpu_time\": 0, \"time_unit\": \"ns\"}]}";
	assert_int_equal(pb_input_add_buffer(&run, zero, strlen(zero), "f.json", PB_METRIC_CPU, err, sizeof err), -1);
	assert_non_null(strstr(err, "benchmark z: took 0 ns"));
	pb_input_free(&run);
	/* CPU time 0 beside a real time: a clock too coarse (a TCG guest under load), left out and counted, the
	 * benchmark's other repetitions kept */
	pb_input coarse = {0};
	const char *tick = "{\"context\": {}, \"benchmarks\": ["
		"{\"name\": \"t\", \"run_type\": \"iteration\", \"cpu_time\": 0, \"real_time\": 500, \"time_unit\": \"ns\"},"
		"{\"name\": \"t\", \"run_type\": \"iteration\", \"cpu_time\": 440, \"real_time\": 1400, \"time_unit\": \"ns\"}]}";
	assert_int_equal(pb_input_add_buffer(&coarse, tick, strlen(tick), "g.json", PB_METRIC_CPU, err, sizeof err), 0);
	const pb_bench_series *t = pb_input_find(&coarse, "t");
	assert_non_null(t);
	assert_int_equal(t->n, 1);
	assert_int_equal(t->untimed, 1);
	assert_true(t->t[0] == 440);
	pb_input_free(&coarse);
}

/* Names of any length: a legacy aggregate (no run_type, a _median suffix) of 5000 bytes, and two benchmarks that
 * differ only after byte 1023, stay what they are (a fixed name buffer overflowed on the first and merged the
 * others). */
static void test_reader_long_names(void **state)
{
	(void)state;
	enum { L = 5000 };
	char *a = malloc(L + 1), *b = malloc(L + 1), *doc = malloc(4 * L + 512), err[256];
	assert_non_null(a);
	assert_non_null(b);
	assert_non_null(doc);
	memset(a, 'x', L);
	a[L] = '\0';
	memcpy(b, a, L + 1);
	b[L - 1] = 'y';
	snprintf(doc, 4 * L + 512,
		"{\"context\": {}, \"benchmarks\": [{\"name\": \"%s\", \"cpu_time\": 10, \"time_unit\": \"ns\"},"
		"{\"name\": \"%s\", \"cpu_time\": 20, \"time_unit\": \"ns\"},"
		"{\"name\": \"%s_median\", \"cpu_time\": 10, \"time_unit\": \"ns\"}]}", a, b, a);
	pb_input run = {0};
	assert_int_equal(pb_input_add_buffer(&run, doc, strlen(doc), "long.json", PB_METRIC_CPU, err, sizeof err), 0);
	assert_int_equal(run.n, 2);
	const pb_bench_series *sa = pb_input_find(&run, a), *sb = pb_input_find(&run, b);
	assert_non_null(sa);
	assert_non_null(sb);
	assert_int_equal(sa->n, 1);
	assert_int_equal(sb->n, 1);
	assert_int_equal(sa->naggregates, 1);
	NEAR(sa->agg_median, 10, 0);
	NEAR(sb->t[0], 20, 0);
	pb_input_free(&run);
	free(a);
	free(b);
	free(doc);
}

/* The selection of the k-th pairwise difference, and U from ranks, against brute force on random samples
 * with ties: every estimate and bound equals the one from all nx * ny differences sorted. */
static void test_near_linear_equals_brute_force(void **state)
{
	(void)state;
	uint64_t s = 12345;
	for (int trial = 0; trial < 200; trial++) {
		double x[40], y[40], d[1600];
		const size_t nx = 1 + trial % 37, ny = 2 + (trial * 7) % 38;
		for (size_t i = 0; i < nx + ny; i++) {
			s = s * 6364136223846793005ull + 1442695040888963407ull;
			const double v = (double)(s >> 58) / 4; /* 64 values: many ties */
			if (i < nx)
				x[i] = v;
			else
				y[i - nx] = v + (trial % 3);
		}
		double u = 0;
		for (size_t i = 0; i < nx; i++)
			for (size_t j = 0; j < ny; j++) {
				d[i * ny + j] = y[j] - x[i];
				u += x[i] > y[j] ? 1.0 : x[i] == y[j] ? 0.5 : 0.0;
			}
		NEAR(pb_mw_u(x, nx, y, ny), u, 1e-9);
		qsort(d, nx * ny, sizeof d[0], pb_cmp_double);
		const size_t mn = nx * ny;
		double lo, hi, est;
		const bool ok = pb_shift_ci(x, nx, y, ny, 0.05, &lo, &hi, &est);
		NEAR(est, mn % 2 ? d[mn / 2] : (d[mn / 2 - 1] + d[mn / 2]) / 2, 1e-12);
		if (ok) { /* the bounds are order statistics: find their k from lo, check hi is d[mn - k] */
			size_t k = 0;
			while (k < mn && d[k] < lo)
				k++;
			assert_true(d[k] == lo);
			bool found = false;
			for (size_t kk = k; kk < mn && d[kk] == lo && !found; kk++)
				found = d[mn - 1 - kk] == hi;
			assert_true(found);
		}
	}
}

/* The smallest p the exact test can give: 2 / C(6, 3) = 0.1 for 3 against 3, 2 / 252 for 5 against 5. */
static void test_min_p(void **state)
{
	(void)state;
	NEAR(pb_mw_min_p(3, 3), 0.1, 1e-12);
	NEAR(pb_mw_min_p(5, 5), 2.0 / 252, 1e-12);
	NEAR(pb_mw_min_p(10, 10), 2.0 / 184756, 1e-15);
	assert_true(pb_mw_min_p(30, 30) < 1e-10);
}

/* Student's t against published tables, and for 4 degrees of freedom against its closed form
 * F(t) = 1/2 + t (t^2 + 6) / (2 (t^2 + 4)^(3/2)). */
static void test_t_distribution(void **state)
{
	(void)state;
	NEAR(pb_t_quantile(0.975, 4), 2.7764451, 1e-6);
	NEAR(pb_t_quantile(0.975, 9), 2.2621572, 1e-6);
	NEAR(pb_t_quantile(0.975, 29), 2.0452296, 1e-6);
	NEAR(pb_t_quantile(0.95, 1), 6.3137515, 1e-6);
	NEAR(pb_t_quantile(0.8, 4), 0.9409646, 1e-6);
	for (double t = -5; t <= 5; t += 0.37)
		NEAR(pb_t_cdf(t, 4), 0.5 + t * (t * t + 6) / (2 * pow(t * t + 4, 1.5)), 1e-10);
}

/* d = 1..5: mean 3, sd sqrt(2.5), se sqrt(0.5), t = 4.2426 on 4 df: CI 3 -+ 2.7764451 sqrt(0.5), and the
 * two-sided p from the closed form above: 2 (1 - F(sqrt(18))) = 1 - sqrt(18) 24 / 22^1.5. */
static void test_paired_t(void **state)
{
	(void)state;
	const double d[] = {1, 2, 3, 4, 5};
	pb_paired r = pb_paired_t(d, 5, 0, 0.05);
	NEAR(r.mean, 3, 1e-12);
	NEAR(r.sd, sqrt(2.5), 1e-12);
	NEAR(r.lo, 3 - 2.7764451 * sqrt(0.5), 1e-6);
	NEAR(r.hi, 3 + 2.7764451 * sqrt(0.5), 1e-6);
	NEAR(r.p, 1 - sqrt(18) * 24 / pow(22, 1.5), 1e-9);
	/* Stein: the spread of the first 3 values only (sd 1, 2 df), the mean of all 5 */
	r = pb_paired_t(d, 5, 3, 0.05);
	NEAR(r.mean, 3, 1e-12);
	NEAR(r.sd, 1, 1e-12);
	NEAR(r.df, 2, 0);
	NEAR(r.hi - r.mean, pb_t_quantile(0.975, 2) / sqrt(5), 1e-9);
}

/* MDE = (t(0.975, 4) + t(0.8, 4)) sd / sqrt(n) = 3.7174097 x 0.02 / sqrt 5; Stein's n = ceil((3.7174097 x 2)^2). */
static void test_mde_and_stein_n(void **state)
{
	(void)state;
	NEAR(pb_mde(0.02, 4, 5, 0.05, 0.8), 3.7174097 * 0.02 / sqrt(5), 1e-7);
	assert_int_equal(pb_stein_n(0.02, 5, 0.05, 0.8, 0.01), 56);
	assert_int_equal(pb_stein_n(0.001, 5, 0.05, 0.8, 0.01), 5); /* already enough */
}

static double gauss(uint64_t *s)
{
	*s = *s * 6364136223846793005ull + 1442695040888963407ull;
	const double u = ((double)(*s >> 11) + 0.5) / 9007199254740992.0;
	*s = *s * 6364136223846793005ull + 1442695040888963407ull;
	const double v = ((double)(*s >> 11) + 0.5) / 9007199254740992.0;
	return sqrt(-2 * log(u)) * cos(2 * M_PI * v);
}

/* Stein's rule run as scripts/compare --rounds auto runs it (5 rounds, more when their spread says so, at
 * most 40), on 2000 simulated A/A families with spreads from 0.5% to 5%: the false-alarm rate stays at the
 * level (0.05, within 3 binomial sigmas: 0.0146). And 2000 families with a true effect at the target: where
 * the cap of 40 did not bind, it is found 80% of the time or more (the power the rule is built for). */
static void test_stein_rule_keeps_the_level(void **state)
{
	(void)state;
	uint64_t s = 7;
	int alarms = 0, found = 0, tried = 0;
	double d[40];
	for (int trial = 0; trial < 4000; trial++) {
		const double sigma = 0.005 + 0.045 * (trial % 10) / 9.0, effect = trial % 2 ? 0 : 0.02;
		for (size_t i = 0; i < 5; i++)
			d[i] = effect + sigma * gauss(&s);
		pb_paired first = pb_paired_t(d, 5, 0, 0.05);
		size_t n = pb_stein_n(first.sd, 5, 0.05, 0.8, 0.02);
		n = n > 40 ? 40 : n;
		for (size_t i = 5; i < n; i++)
			d[i] = effect + sigma * gauss(&s);
		const pb_paired r = pb_paired_t(d, n, 5, 0.05);
		if (effect == 0)
			alarms += r.p < 0.05;
		else if (n < 40) { /* where the cap did not bind, the rule promises its power */
			tried++;
			found += r.p < 0.05 && r.mean > 0;
		}
	}
	print_message("A/A false alarms %d of 2000 (%.4f); found %d of %d true 2%% effects (%.3f)\n", alarms, alarms / 2000.0,
		found, tried, (double)found / tried);
	assert_true(alarms / 2000.0 <= 0.05 + 0.0146);
	assert_true(tried > 500);
	assert_true((double)found / tried >= 0.78);
}

/* The procedure scripts/compare runs by default, simulated as it is run: a noise check of K = 6 A/A rounds gives
 * each of M = 6 gating families its spread (0.5% to 3%; 1.4826 x MAD, pb_mad_sd); the rounds to run are the most
 * that any family needs for a 2% MDE at alpha / M (pb_rounds_for), at least 10; when more than 60 fit in the time
 * (the cap), no verdict. Then that many rounds of OLD against NEW, each family tested on its own rounds (Wilcoxon's
 * signed-rank test), Holm across the six. The rounds are chosen from data that the test never sees, so the level
 * holds however the noise check came out. BURSTS: one round in six lost to a burst, its log-ratio eight times as
 * spread (what this machine does). Returns the A/A trials with a verdict; counts the tests, false alarms
 * (unadjusted), trials with any alarm after Holm, and, with a true 2% slowdown of every family, the families found. */
typedef struct sim {
	int verdicts, tests, alarms, family_alarms, tried, found;
} sim;

static double noise(uint64_t *s, double sigma, bool bursts)
{
	const double u = gauss(s), w = gauss(s);
	return sigma * (bursts && fabs(w) > 1.383 ? 8 : 1) * u; /* P(|w| > 1.383) = 1/6 */
}

static sim simulate_procedure(bool bursts, uint64_t seed)
{
	enum { M = 6, K = 6, CAP = 60, TRIALS = 2000 };
	uint64_t s = seed;
	double d[M][CAP], p[M], adj[M], mean[M];
	sim r = {0};
	for (int trial = 0; trial < 2 * TRIALS; trial++) {
		const double effect = trial % 2 ? 0 : log(1.02);
		double sigma[M];
		size_t need = 10;
		for (int f = 0; f < M; f++) {
			sigma[f] = 0.005 + 0.025 * f / (M - 1.0) * ((trial / 2) % 3) / 2.0; /* some trials quiet, some noisy */
			for (int i = 0; i < K; i++)
				d[f][i] = noise(&s, sigma[f], bursts);
			const size_t n = pb_rounds_for(pb_mad_sd(d[f], K), 0.05 / M, 0.8, log(1.02));
			need = n > need ? n : need;
		}
		if (need > CAP)
			continue; /* too noisy: no verdict, no alarm */
		for (int f = 0; f < M; f++) {
			for (size_t i = 0; i < need; i++)
				d[f][i] = effect + noise(&s, sigma[f], bursts);
			const pb_paired t = pb_signed_rank(d[f], need, 0.05);
			p[f] = t.p;
			mean[f] = t.mean;
		}
		pb_holm(p, adj, M);
		int any = 0;
		for (int f = 0; f < M; f++) {
			any += adj[f] < 0.05;
			if (effect == 0)
				r.alarms += p[f] < 0.05;
			else
				r.found += adj[f] < 0.05 && mean[f] > 0;
		}
		r.verdicts += effect == 0;
		r.tests += effect == 0 ? M : 0;
		r.family_alarms += effect == 0 && any;
		r.tried += effect == 0 ? 0 : M;
	}
	return r;
}

/* The level: each family's unadjusted false-alarm rate within 3 binomial sigmas of 0.05, the family-wise rate
 * after Holm at most 0.05 + 3 sigmas; a true 2% slowdown found in most families (printed: the plan's power is 80% on
 * average when its spread is right). */
static void check_sim(const char *what, sim r)
{
	print_message("noise check procedure, %s: %d A/A trials with a verdict; false alarms %d of %d tests (%.4f), "
		      "family-wise %d (%.4f); a true 2%% slowdown found in %d of %d families (%.3f)\n", what, r.verdicts,
		r.alarms, r.tests, (double)r.alarms / r.tests, r.family_alarms, (double)r.family_alarms / r.verdicts, r.found,
		r.tried, (double)r.found / r.tried);
	assert_true(r.verdicts > 1000);
	assert_true(fabs((double)r.alarms / r.tests - 0.05) <= 3 * sqrt(0.05 * 0.95 / r.tests));
	assert_true((double)r.family_alarms / r.verdicts <= 0.05 + 3 * sqrt(0.05 * 0.95 / r.verdicts));
	assert_true((double)r.found / r.tried >= 0.5);
}

static void test_noise_check_procedure_keeps_the_level(void **state)
{
	(void)state;
	check_sim("normal spread", simulate_procedure(false, 11));
	check_sim("one round in six a burst", simulate_procedure(true, 12));
}

/* The signed-rank test on R's example (wilcox.test(x, y, paired = TRUE): V = 40, p = 0.03906): W+ = 40 of 9 ranks,
 * p = 2 P(W+ <= 5) = 2 x 10 / 512 exactly; the estimate is the median of the 45 Walsh averages and the 95% interval
 * their 6th smallest and largest (P(W+ <= 5) = 10/512 <= 0.025 < P(W+ <= 6) = 14/512). */
static void test_signed_rank(void **state)
{
	(void)state;
	const double x[9] = {1.83, 0.50, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.30};
	const double y[9] = {0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29};
	double d[9], w[45];
	for (int i = 0; i < 9; i++)
		d[i] = x[i] - y[i];
	for (int i = 0, k = 0; i < 9; i++)
		for (int j = i; j < 9; j++)
			w[k++] = (d[i] + d[j]) / 2;
	qsort(w, 45, sizeof *w, pb_cmp_double);
	const pb_paired r = pb_signed_rank(d, 9, 0.05);
	NEAR(r.p, 20.0 / 512, 1e-12);
	NEAR(r.mean, w[22], 1e-12);
	NEAR(r.lo, w[5], 1e-12);
	NEAR(r.hi, w[39], 1e-12);
	NEAR(r.df, 8, 0);
	const pb_paired z = pb_signed_rank((const double[4]){0, 0, 0, 0}, 4, 0.05);
	NEAR(z.p, 1, 0); /* nothing but zeros: no evidence */
	/* a burst cannot hide a shift: thirteen rounds +3%, one -40% */
	const double b[14] = {0.03, 0.031, 0.029, 0.03, 0.032, 0.028, 0.03, 0.031, 0.029, 0.03, 0.031, 0.03, 0.029, -0.4};
	const pb_paired s = pb_signed_rank(b, 14, 0.05);
	assert_true(s.p < 0.05 && s.lo > 0.02 && s.mean > 0.029);
	assert_true(pb_paired_t(b, 14, 0, 0.05).p > 0.05); /* where the mean's t test sees nothing */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_noise_check_procedure_keeps_the_level),
		cmocka_unit_test(test_signed_rank),
		cmocka_unit_test(test_t_distribution),
		cmocka_unit_test(test_paired_t),
		cmocka_unit_test(test_mde_and_stein_n),
		cmocka_unit_test(test_stein_rule_keeps_the_level),
		cmocka_unit_test(test_near_linear_equals_brute_force),
		cmocka_unit_test(test_min_p),
		cmocka_unit_test(test_median),
		cmocka_unit_test(test_u_separated),
		cmocka_unit_test(test_u_ties_exact),
		cmocka_unit_test(test_null_distribution),
		cmocka_unit_test(test_u_normal_with_ties),
		cmocka_unit_test(test_holm),
		cmocka_unit_test(test_shift_ci),
		cmocka_unit_test(test_reader),
		cmocka_unit_test(test_reader_rejects),
		cmocka_unit_test(test_reader_long_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
