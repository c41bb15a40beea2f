/* test_changepoint.c: the change-point detector on series with known answers: the divergence by hand, the
 * seeded intervals, determinism, bad input; then simulations: pure noise (false alarms consistent with the
 * stated level), one step, two steps, a slowdown that comes back. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "changepoint.h"
#include "stats.h"

/* the noise: xorshift64* and Box-Muller, one stream per seed */
static uint64_t rs;
static double uniform(void)
{
	rs ^= rs >> 12;
	rs ^= rs << 25;
	rs ^= rs >> 27;
	return (double)((rs * 0x2545F4914F6CDD1DULL) >> 11) / 9007199254740992.0;
}
static double gauss(void)
{
	const double a = uniform(), b = uniform();
	return sqrt(-2 * log(a + 1e-300)) * cos(2 * M_PI * b);
}

/* 30 runs: 100 ns with noise of coefficient of variation cv, times (1 + step[k]) from run at[k] on */
static void series(double *x, size_t n, uint64_t seed, double cv, const size_t *at, const double *step, size_t k)
{
	rs = 0x9E3779B97F4A7C15ULL * seed;
	for (size_t i = 0; i < n; i++) {
		x[i] = 100 * (1 + cv * gauss());
		for (size_t j = 0; j < k; j++)
			if (i >= at[j])
				x[i] *= 1 + step[j];
	}
}

static void test_divergence_by_hand(void **state)
{
	(void)state;
	/* 0 0 0 1 1 1, at least 2 a side: split 3 is 3*3/6 * (2*9/9 - 0 - 0) = 3; split 2: between 6 (of 8 pairs),
	 * within the right 3 (of 6 pairs): 2*4/6 * (2*6/8 - 0 - 3/6) = 4/3; split 4 the same by symmetry */
	const double y[6] = {0, 0, 0, 1, 1, 1};
	double q[7];
	pb_ediv_all(y, 6, 2, q);
	assert_true(fabs(q[3] - 3.0) < 1e-12);
	assert_true(fabs(q[2] - 4.0 / 3) < 1e-12);
	assert_true(fabs(q[4] - 4.0 / 3) < 1e-12);
	assert_true(q[0] == 0 && q[1] == 0 && q[5] == 0 && q[6] == 0); /* fewer than 2 a side: not a split */
}

static void test_seeded_intervals(void **state)
{
	(void)state;
	size_t a[256], b[256];
	const size_t k = pb_seeded_intervals(30, 3, a, b, 256);
	assert_true(k > 10);
	assert_int_equal(a[0], 0);
	assert_int_equal(b[0], 30); /* the whole series first */
	for (size_t i = 0; i < k; i++) {
		assert_true(b[i] <= 30 && a[i] < b[i]);
		assert_true(b[i] - a[i] >= 6); /* every interval can hold a split with 3 runs a side */
	}
	/* at every length an interval starts at 0 and one ends at 30 (the edges are covered): 22 long, at 0, 4, 8 */
	size_t at0 = 0, at30 = 0;
	for (size_t i = 0; i < k; i++) {
		at0 += a[i] == 0;
		at30 += b[i] == 30;
	}
	assert_int_equal(at0, at30);
	assert_true(at0 >= 5);
	assert_true(a[1] == 0 && b[1] == 22 && a[2] == 4 && b[2] == 26 && a[3] == 8 && b[3] == 30);
}

static void test_deterministic_and_bad_input(void **state)
{
	(void)state;
	double x[30];
	const size_t at = 15;
	const double step = 0.10;
	series(x, 30, 7, 0.02, &at, &step, 1);
	pb_cp_opts o = pb_cp_defaults();
	pb_cp a[16], b[16];
	const int na = pb_changepoints(x, 30, &o, a), nb = pb_changepoints(x, 30, &o, b);
	assert_int_equal(na, 1);
	assert_int_equal(nb, 1);
	assert_memory_equal(a, b, sizeof a[0]); /* the same series, the same answer, to the bit */
	assert_int_equal(a[0].at, 15);
	assert_true(a[0].p < 0.05);
	assert_int_equal(a[0].before_n, 15);
	assert_int_equal(a[0].after_n, 15);
	assert_true(a[0].lo_pct < a[0].step_pct && a[0].step_pct < a[0].hi_pct);
	assert_true(a[0].lo_pct > 5 && a[0].hi_pct < 15); /* a 10% step at 2% noise: its interval holds it, tightly */
	x[3] = 0;
	assert_int_equal(pb_changepoints(x, 30, &o, a), -1);
	x[3] = NAN;
	assert_int_equal(pb_changepoints(x, 30, &o, a), -1);
	x[3] = 100;
	assert_int_equal(pb_changepoints(x, 5, &o, a), 0); /* too short for two segments of 3 */
}

/* Pure noise, CV 10%: a series with any change point is a false alarm. The permutation test has level alpha
 * exactly (the p-value (1 + as large) / (1 + permutations) under exchangeable runs), so a count over a finite
 * number of seeds is binomial around alpha: over 200 seeds an exact 5% test exceeds 10 alarms about 40% of the
 * time. The check: 2000 seeds (the first 200 of them reported apart), and the count below the 99th percentile
 * of Binomial(2000, alpha) -- a detector whose level were 6.5% or more would fail it nearly always. */
static void test_noise_false_alarms(void **state)
{
	(void)state;
	pb_cp_opts o = pb_cp_defaults();
	pb_cp cp[16];
	double x[30];
	int alarms = 0, first200 = 0;
	for (uint64_t seed = 1; seed <= 2000; seed++) {
		series(x, 30, seed, 0.10, NULL, NULL, 0);
		const int k = pb_changepoints(x, 30, &o, cp);
		assert_true(k >= 0);
		alarms += k > 0;
		first200 += k > 0 && seed <= 200;
	}
	int limit = 0; /* the 99th percentile of Binomial(2000, 0.05), by the normal approximation with continuity */
	limit = (int)floor(2000 * o.alpha + 2.326 * sqrt(2000 * o.alpha * (1 - o.alpha)) + 0.5);
	print_message("pure noise, CV 10%%: false alarms %d of 2000 series (%.2f%%), %d of the first 200; level %.2f, "
		      "the count's 99th percentile at that level %d\n",
		alarms, 100.0 * alarms / 2000, first200, o.alpha, limit);
	assert_true(alarms <= limit);
}

/* located: how many of 200 seeds put a change point within 1 run of each wanted position, and no other */
static int located(double cv, const size_t *at, const double *step, size_t k, int *extra)
{
	pb_cp_opts o = pb_cp_defaults();
	pb_cp cp[16];
	double x[30];
	int all = 0;
	*extra = 0;
	for (uint64_t seed = 1; seed <= 200; seed++) {
		series(x, 30, seed, cv, at, step, k);
		const int n = pb_changepoints(x, 30, &o, cp);
		size_t hit = 0;
		for (int i = 0; i < n; i++) {
			bool near = false;
			for (size_t j = 0; j < k; j++)
				if (cp[i].at + 1 >= at[j] && cp[i].at <= at[j] + 1 && !(hit & (1u << j))) {
					hit |= 1u << j;
					near = true;
					break;
				}
			*extra += !near;
		}
		all += hit == (1u << k) - 1;
	}
	return all;
}

/* One 10% step at run 15 of 30. Noise CV 2%: what run medians of a scan family show from run to run on this
 * machine (README: scripts/history), a step of five standard deviations. At CV 10% a 10% step is one standard
 * deviation: no level-5% test, even one told where the step is, finds it more than 83% of the time with 15 runs a
 * side (one-sided z test: 1 - Phi(1.645 - 0.0953 / (0.1 * sqrt(2 / 15)))); the rate there is printed, not held. */
static void test_one_step(void **state)
{
	(void)state;
	const size_t at = 15;
	const double step = 0.10;
	int extra;
	const int found = located(0.02, &at, &step, 1, &extra);
	print_message("10%% step at run 15, CV 2%%: found at 15 +- 1 in %d of 200 seeds (%d other change points)\n", found,
		extra);
	assert_true(found >= 190);
	for (int i = 0; i < 3; i++) {
		const double cv[3] = {0.03, 0.05, 0.10};
		int e;
		const int f = located(cv[i], &at, &step, 1, &e);
		print_message("  at CV %.0f%%: %d of 200 (%d others)\n", 100 * cv[i], f, e);
	}
}

/* Two steps, both found: two slowdowns of 10% (runs 10 and 20), and a slowdown undone (+10% at 10, -10% at 20:
 * the two ends alike, which a search over the whole series alone misses; the seeded intervals find it). */
static void test_two_steps(void **state)
{
	(void)state;
	const size_t at[2] = {10, 20};
	const double up[2] = {0.10, 0.10}, back[2] = {0.10, -0.0909};
	int e1, e2;
	const int f1 = located(0.02, at, up, 2, &e1), f2 = located(0.02, at, back, 2, &e2);
	print_message("two steps, CV 2%%: both found in %d of 200 (up, up; %d others), %d of 200 (up, back; %d others)\n", f1,
		e1, f2, e2);
	assert_true(f1 >= 190);
	assert_true(f2 >= 190);
}

/* A single outlying run (three times slower) in 30 is no change point: a segment holds at least min_size runs, so
 * the outlier cannot become a segment of its own between two change points (Apache Otava's users met exactly
 * that); nor can two outliers in a row. */
static void test_outliers_are_not_steps(void **state)
{
	(void)state;
	pb_cp_opts o = pb_cp_defaults();
	pb_cp cp[16];
	double x[30];
	int with1 = 0, with2 = 0;
	for (uint64_t seed = 1; seed <= 200; seed++) {
		series(x, 30, seed, 0.02, NULL, NULL, 0);
		x[14] *= 3;
		with1 += pb_changepoints(x, 30, &o, cp) > 0;
		x[15] *= 3;
		with2 += pb_changepoints(x, 30, &o, cp) > 0;
	}
	print_message("one outlier (x3) at run 15 of 30: a change point in %d of 200 series; two in a row: %d of 200\n",
		with1, with2);
	assert_int_equal(with1, 0);
	assert_int_equal(with2, 0);
}

/* Long series are searched in windows: 4000 runs with steps of +10% at 1000 and -10% at 3000 (CV 2%): both
 * found where they are; pure noise over 5 x 4000 runs: false change points counted (each window is tested at
 * alpha, and a merged change point must still show a step whose interval excludes 0 between its neighbours);
 * the answer is the same twice, and the first 2000 runs' answer does not change when runs are added after them
 * (a window's answer depends on its own runs: an appended run changes only the windows at the end). */
static void test_long_series(void **state)
{
	(void)state;
	enum { N = 4000 };
	static double x[N];
	pb_cp_opts o = pb_cp_defaults();
	pb_cp *a = malloc(pb_cp_capacity(N, &o) * sizeof *a), *b = malloc(pb_cp_capacity(N, &o) * sizeof *b);
	assert_non_null(a);
	assert_non_null(b);
	const size_t at[2] = {1000, 3000};
	const double step[2] = {0.10, -0.0909};
	series(x, N, 11, 0.02, at, step, 2);
	const int k = pb_changepoints(x, N, &o, a);
	int hit[2] = {0, 0}, other = 0;
	for (int i = 0; i < k; i++) {
		const bool h0 = a[i].at + 1 >= at[0] && a[i].at <= at[0] + 1, h1 = a[i].at + 1 >= at[1] && a[i].at <= at[1] + 1;
		hit[0] += h0;
		hit[1] += h1;
		other += !h0 && !h1;
		if (h0)
			assert_true(a[i].lo_pct > 8 && a[i].hi_pct < 12);
		if (h1)
			assert_true(a[i].lo_pct > -11 && a[i].hi_pct < -7);
	}
	assert_int_equal(hit[0], 1);
	assert_int_equal(hit[1], 1);
	assert_int_equal(pb_changepoints(x, N, &o, b), k);
	assert_memory_equal(a, b, (size_t)k * sizeof *a);
	const int head = pb_changepoints(x, 2000, &o, b);
	assert_true(head >= 1);
	for (int i = 0; i < head && b[i].at + 2 * o.window < 2000; i++)
		assert_int_equal(b[i].at, a[i].at); /* away from the end, the same change points */
	int noise = 0;
	for (uint64_t seed = 1; seed <= 5; seed++) {
		series(x, N, 100 + seed, 0.02, NULL, NULL, 0);
		const int f = pb_changepoints(x, N, &o, a);
		assert_true(f >= 0);
		noise += f;
	}
	print_message("4000 runs, steps at 1000 and 3000 found, %d other change points; pure noise, CV 2%%, 5 series of "
		      "%d runs (windows of %zu): %d false change points (%.2f per 1000 runs)\n",
		other, N, o.window, noise, noise / 20.0);
	assert_true(noise <= 20); /* measured over 40 series: 0.38 per 1000 runs */
	free(a);
	free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_divergence_by_hand),
		cmocka_unit_test(test_seeded_intervals),
		cmocka_unit_test(test_deterministic_and_bad_input),
		cmocka_unit_test(test_noise_false_alarms),
		cmocka_unit_test(test_one_step),
		cmocka_unit_test(test_two_steps),
		cmocka_unit_test(test_outliers_are_not_steps),
		cmocka_unit_test(test_long_series),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
