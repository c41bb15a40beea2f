/* test_shim.c: the C shim registers, runs and reports names, arguments, counters, skips and paused time. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "gbench.h"

static json_t *g_doc;          /* the JSON the run wrote */
static int g_status;           /* gb_main's return */
static char g_out[] = "/tmp/pb-test-shim-XXXXXX";

static void bm_counters(gb_state *st, void *arg)
{
	(void)arg;
	while (gb_keep_running(st, 10))
		;
	gb_counter(st, "plain", 7.0, GB_DEFAULTS);
	gb_counter(st, "avg", 500.0, GB_AVG_ITERATIONS);           /* 100 iterations: 5 */
	gb_counter(st, "invariant", 3.0, GB_IS_ITERATION_INVARIANT); /* x100: 300 */
	gb_counter(st, "inverted", 4.0, GB_INVERT);                /* 0.25 */
	gb_counter(st, "rate", 1000.0, GB_IS_RATE);
	gb_set_items_processed(st, 200);
}

static void bm_args(gb_state *st, void *arg)
{
	int64_t *seen = arg;
	int64_t a = gb_arg(st, 0), b = gb_arg(st, 1);
	while (gb_keep_running(st, 1))
		;
	seen[0] = a;
	seen[1] = b;
	gb_counter(st, "a_seen", (double)a, GB_DEFAULTS);
	gb_counter(st, "b_seen", (double)b, GB_DEFAULTS);
}

static void bm_skip(gb_state *st, void *arg)
{
	(void)arg;
	gb_skip_with_error(st, "layout clobbered: test");
	while (gb_keep_running(st, 1))
		;
}

/* Sleeps 20 ms per iteration with the timer paused: the reported time must be far below that. */
static void bm_paused_sleep(gb_state *st, void *arg)
{
	(void)arg;
	struct timespec ts = {0, 20 * 1000 * 1000};
	while (gb_keep_running(st, 1)) {
		gb_pause(st);
		nanosleep(&ts, NULL);
		gb_resume(st);
	}
}

static int64_t g_arg_seen[2];

static int run_all(void **state)
{
	(void)state;
	int fd = mkstemp(g_out);
	if (fd < 0)
		return -1;
	close(fd);

	static const int64_t args[] = {7, 9};
	static const char *const names[] = {"a", "b"};
	gb_iterations(gb_register("test/counters", bm_counters, NULL), 100);
	gb_arg_names(gb_args(gb_register("test/args", bm_args, g_arg_seen), args, 2), names, 2);
	gb_register("test/skip", bm_skip, NULL);
	gb_unit(gb_use_real_time(gb_iterations(gb_register("test/paused", bm_paused_sleep, NULL), 3)), GB_MS);
	gb_add_context("test_key", "test value");

	char outarg[128];
	snprintf(outarg, sizeof outarg, "--benchmark_out=%s", g_out);
	char *argv[] = {"test-shim", outarg, "--benchmark_out_format=json", "--benchmark_format=json", NULL};
	g_status = gb_main(4, argv);
	json_error_t err;
	g_doc = json_load_file(g_out, 0, &err);
	if (!g_doc) {
		fprintf(stderr, "cannot parse %s: %s at line %d\n", g_out, err.text, err.line);
		return -1;
	}
	return 0;
}

static int cleanup(void **state)
{
	(void)state;
	json_decref(g_doc);
	unlink(g_out);
	return 0;
}

static json_t *bench(const char *name)
{
	json_t *arr = json_object_get(g_doc, "benchmarks"), *b;
	size_t i;
	json_array_foreach(arr, i, b) {
		if (strcmp(json_string_value(json_object_get(b, "name")), name) == 0)
			return b;
	}
	fail_msg("no benchmark named %s in the JSON", name);
	return NULL;
}

static double num(json_t *b, const char *key)
{
	json_t *v = json_object_get(b, key);
	assert_non_null(v);
	return json_number_value(v);
}

static void test_status_is_1_when_a_run_skipped(void **state)
{
	(void)state;
	assert_int_equal(g_status, 1);
}

static void test_names_and_args(void **state)
{
	(void)state;
	json_t *b = bench("test/args/a:7/b:9");
	assert_int_equal(g_arg_seen[0], 7);
	assert_int_equal(g_arg_seen[1], 9);
	assert_true(num(b, "a_seen") == 7.0);
	assert_true(num(b, "b_seen") == 9.0);
	assert_string_equal(json_string_value(json_object_get(b, "run_name")), "test/args/a:7/b:9");
}

static void test_counter_flags(void **state)
{
	(void)state;
	json_t *b = bench("test/counters/iterations:100");
	assert_true(num(b, "iterations") == 100.0);
	assert_true(num(b, "plain") == 7.0);
	assert_true(num(b, "avg") == 5.0);
	assert_true(num(b, "invariant") == 300.0);
	assert_true(num(b, "inverted") == 0.25);
	/* a rate is the value over the run's seconds (CPU time unless real time is asked for) */
	double secs = num(b, "cpu_time") * 100 * 1e-9;
	double rate = num(b, "rate");
	assert_true(rate > 0);
	assert_true(rate * secs > 1000.0 * 0.999 && rate * secs < 1000.0 * 1.001);
	double items = num(b, "items_per_second");
	assert_true(items * secs > 200.0 * 0.999 && items * secs < 200.0 * 1.001);
}

static void test_skip_with_error(void **state)
{
	(void)state;
	json_t *b = bench("test/skip");
	assert_true(json_is_true(json_object_get(b, "error_occurred")));
	assert_string_equal(json_string_value(json_object_get(b, "error_message")), "layout clobbered: test");
}

static void test_paused_time_is_excluded(void **state)
{
	(void)state;
	json_t *b = bench("test/paused/iterations:3/real_time");
	assert_string_equal(json_string_value(json_object_get(b, "time_unit")), "ms");
	/* it slept 20 ms per iteration with the timer paused; pausing costs microseconds */
	assert_true(num(b, "real_time") < 5.0);
}

static void test_context(void **state)
{
	(void)state;
	json_t *ctx = json_object_get(g_doc, "context");
	assert_string_equal(json_string_value(json_object_get(ctx, "test_key")), "test value");
}

/* gb_main in a child, so the parent's registrations and run are untouched. */
static void test_unknown_flag_exits_2(void **state)
{
	(void)state;
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		freopen("/dev/null", "w", stderr);
		char *argv[] = {"test-shim", "--no-such-flag", NULL};
		_exit(gb_main(2, argv));
	}
	int st;
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_status_is_1_when_a_run_skipped),
		cmocka_unit_test(test_names_and_args),
		cmocka_unit_test(test_counter_flags),
		cmocka_unit_test(test_skip_with_error),
		cmocka_unit_test(test_paused_time_is_excluded),
		cmocka_unit_test(test_context),
		cmocka_unit_test(test_unknown_flag_exits_2),
	};
	return cmocka_run_group_tests(tests, run_all, cleanup);
}
