/* test_opt.c: the one option parser: both spellings, lists checked against a table, strict numbers, usage. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "benchutil.h"
#include "listing.h"
#include "opt.h"
#include "util.h"

typedef struct fruit {
	const char *name;
	int weight;
} fruit;
static const fruit fruits[] = {{"apple", 1}, {"pear", 2}, {"plum", 3}};

typedef struct dest {
	pb_sel list;
	pb_sizes sizes;
	size_t size, choice;
	uint64_t n;
	double d;
	bool flag, b;
	const char *s;
} dest;

/* Parses the words (argv[0] = "prog") into d; returns the parser's status and leaves argc in *left. */
static int run(dest *d, int *left, bool pass, int nwords, ...)
{
	static char *argv[32];
	static const char *const choices[] = {"text", "tsv"};
	const pb_opt opts[] = {
		{.name = "--fruits", .kind = PB_OPT_LIST, .dest = &d->list, .names = PB_NAMES(fruits, 3), .help = "h"},
		{.name = "--sizes", .kind = PB_OPT_SIZES, .dest = &d->sizes, .min = 8, .max = 1 << 30, .align = 8, .help = "h"},
		{.name = "--size", .kind = PB_OPT_SIZE, .dest = &d->size, .min = 4096, .max = 1 << 30, .pow2 = true, .help = "h"},
		{.name = "--n", .kind = PB_OPT_UINT, .dest = &d->n, .min = 1, .max = 1000, .help = "h"},
		{.name = "--d", .kind = PB_OPT_DOUBLE, .dest = &d->d, .min = 0, .max = 100, .help = "h"},
		{.name = "--flag", .kind = PB_OPT_FLAG, .dest = &d->flag, .help = "h"},
		{.name = "--b", .kind = PB_OPT_BOOL, .dest = &d->b, .implicit = "true", .help = "h"},
		{.name = "--list", .kind = PB_OPT_CHOICE, .dest = &d->choice, .names = PB_NAMES(choices, 2), .implicit = "text",
			.help = "h"},
		{.name = "--s", .kind = PB_OPT_STRING, .dest = &d->s, .help = "h"},
		{.name = "--kept", .kind = PB_OPT_UINT, .min = 1, .max = 9, .keep = true, .help = "h"},
	};
	const pb_optspec spec = {"[OPTIONS]", NULL, opts, sizeof opts / sizeof opts[0], pass, 1, NULL};
	va_list ap;
	va_start(ap, nwords);
	argv[0] = (char *)"prog";
	for (int i = 0; i < nwords; i++)
		argv[i + 1] = va_arg(ap, char *);
	va_end(ap);
	memset(d, 0, sizeof *d);
	d->choice = 99;
	*left = nwords + 1;
	return pb_opt_parse(&spec, left, argv);
}

static void test_both_spellings(void **state)
{
	(void)state;
	dest a, b;
	int left;
	assert_int_equal(run(&a, &left, false, 5, "--fruits=plum,apple", "--size=64K", "--n=7", "--d=2.5", "--s=x y"), 0);
	assert_int_equal(run(&b, &left, false, 10, "--fruits", "plum,apple", "--size", "64K", "--n", "7", "--d", "2.5", "--s",
				 "x y"),
		0);
	assert_memory_equal(&a.list, &b.list, sizeof a.list);
	assert_true(a.list.given && a.list.mask == ((1u << 2) | 1u));
	assert_int_equal(a.size, 65536);
	assert_int_equal(b.size, 65536);
	assert_int_equal(a.n, 7);
	assert_int_equal(b.n, 7);
	assert_true(a.d == 2.5 && b.d == 2.5);
	assert_string_equal(b.s, "x y");
}

static void test_list_all(void **state)
{
	(void)state;
	dest d;
	int left;
	assert_int_equal(run(&d, &left, false, 1, "--fruits=all"), 0);
	assert_true(d.list.given);
	assert_int_equal(d.list.mask, 7u);
	assert_int_equal(run(&d, &left, false, 1, "--fruits=all,apple"), PB_OPT_ERROR);
}

static void test_lists_refused(void **state)
{
	(void)state;
	dest d;
	int left;
	assert_int_equal(run(&d, &left, false, 1, "--fruits=apple,kiwi"), PB_OPT_ERROR);
	assert_int_equal(run(&d, &left, false, 1, "--fruits=apple,apple"), PB_OPT_ERROR);
	assert_int_equal(run(&d, &left, false, 1, "--fruits="), PB_OPT_ERROR);
	assert_int_equal(run(&d, &left, false, 1, "--fruits=apple,,pear"), PB_OPT_ERROR);
	assert_int_equal(run(&d, &left, false, 1, "--fruits=apple,"), PB_OPT_ERROR);
	assert_int_equal(run(&d, &left, false, 1, "--sizes=8,16,8"), PB_OPT_ERROR);
	assert_int_equal(run(&d, &left, false, 1, "--sizes=12"), PB_OPT_ERROR);
	assert_int_equal(run(&d, &left, false, 1, "--sizes=4K,256K"), 0);
	assert_int_equal(d.sizes.n, 2);
	assert_int_equal(d.sizes.v[1], 262144);
}

static void test_numbers_are_strict(void **state)
{
	(void)state;
	dest d;
	int left;
	static const char *const bad[] = {"--n= -1", "--n=-1", "--n=1e3", "--n=0x10", "--n=1001", "--n=0", "--n=18446744073709551616",
		"--size= 64K", "--size=-9223372036854775808", "--size=48K", "--size=64K ", "--size=64Kb", "--d=nan",
		"--d=inf", "--d=101", "--d=", "--b=maybe"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (run(&d, &left, false, 1, bad[i]) != PB_OPT_ERROR)
			fail_msg("accepted %s", bad[i]);
	assert_int_equal(run(&d, &left, false, 1, "--size=0040K"), PB_OPT_ERROR); /* 40K: decimal, not a power of two */
	assert_int_equal(run(&d, &left, false, 1, "--n=010"), 0);                 /* decimal 10, never octal 8 */
	assert_int_equal(d.n, 10);
	size_t v;
	assert_int_equal(pb_parse_size("040K", &v), 0);
	assert_int_equal(v, 40960);
	assert_int_equal(pb_parse_size("16EiB", &v), -1);
	assert_int_equal(pb_parse_size("17179869184G", &v), -1); /* 2^64: overflow */
	assert_int_equal(pb_parse_size("1TiB", &v), 0);
	assert_int_equal(v, (size_t)1 << 40);
}

static void test_flags_and_optional_values(void **state)
{
	(void)state;
	dest d;
	int left;
	assert_int_equal(run(&d, &left, false, 1, "--flag=1"), PB_OPT_ERROR);
	assert_int_equal(run(&d, &left, false, 1, "--flag"), 0);
	assert_true(d.flag);
	assert_int_equal(run(&d, &left, false, 1, "--b"), 0);
	assert_true(d.b);
	assert_int_equal(run(&d, &left, false, 2, "--b", "off"), 0);
	assert_false(d.b);
	assert_int_equal(run(&d, &left, false, 1, "--list"), 0);
	assert_int_equal(d.choice, 0);
	assert_int_equal(run(&d, &left, false, 2, "--list", "tsv"), 0);
	assert_int_equal(d.choice, 1);
	assert_int_equal(run(&d, &left, false, 2, "--list", "--flag"), 0); /* an option is never taken as a value */
	assert_int_equal(d.choice, 0);
	assert_true(d.flag);
	assert_int_equal(run(&d, &left, false, 1, "--n"), PB_OPT_ERROR);
	assert_int_equal(run(&d, &left, false, 2, "--n", "--flag"), PB_OPT_ERROR);
	assert_int_equal(run(&d, &left, false, 2, "--n=1", "--n=2"), PB_OPT_ERROR);
}

static void test_unknown_words(void **state)
{
	(void)state;
	dest d;
	int left;
	assert_int_equal(run(&d, &left, false, 1, "--bogus"), PB_OPT_ERROR);
	assert_int_equal(run(&d, &left, false, 2, "one", "two"), PB_OPT_ERROR); /* one positional allowed */
	assert_int_equal(run(&d, &left, false, 2, "one", "--flag"), 0);
	assert_int_equal(left, 2);
	assert_int_equal(run(&d, &left, true, 5, "--benchmark_x=1", "--n", "3", "--kept", "4"), 0);
	assert_int_equal(left, 3); /* prog, the unknown word, and --kept=4 handed on in one spelling */
}

static void test_kept_words_are_canonical(void **state)
{
	(void)state;
	static const pb_opt opts[] = {
		{.name = "--benchmark_repetitions", .kind = PB_OPT_UINT, .min = 1, .max = 100000, .keep = true, .help = "h"},
		{.name = "--benchmark_list_tests", .kind = PB_OPT_BOOL, .implicit = "true", .keep = true, .help = "h"},
	};
	const pb_optspec spec = {"[OPTIONS]", NULL, opts, 2, false, 0, NULL};
	char *argv[] = {(char *)"prog", (char *)"--benchmark_repetitions", (char *)"5", (char *)"--benchmark_list_tests",
		(char *)"--benchmark_repetitions=-1", NULL};
	int argc = 4;
	assert_int_equal(pb_opt_parse(&spec, &argc, argv), 0);
	assert_int_equal(argc, 3);
	assert_string_equal(argv[1], "--benchmark_repetitions=5");
	assert_string_equal(argv[2], "--benchmark_list_tests=true");
	char *bad[] = {(char *)"prog", (char *)"--benchmark_repetitions=-1", NULL};
	argc = 2;
	assert_int_equal(pb_opt_parse(&spec, &argc, bad), PB_OPT_ERROR);
}

static void test_usage_from_the_table(void **state)
{
	(void)state;
	const pb_opt opts[] = {
		{.name = "--fruits", .kind = PB_OPT_LIST, .names = PB_NAMES(fruits, 3), .meta = "LIST", .help = "the fruits",
			.deflt = "default: all"},
	};
	const pb_optspec spec = {"[OPTIONS]", "About.", opts, 1, false, 0, NULL};
	char buf[1024] = "";
	FILE *f = fmemopen(buf, sizeof buf - 1, "w");
	pb_opt_usage(f, "prog", &spec);
	fclose(f);
	assert_non_null(strstr(buf, "usage: prog [OPTIONS]\nAbout.\n"));
	assert_non_null(strstr(buf, "--fruits=LIST"));
	assert_non_null(strstr(buf, "the fruits (valid: a comma list of apple, pear, plum; or all; default: all)"));
}

static void test_items_tsv(void **state)
{
	(void)state;
	pb_item it[2] = {pb_item_make("fruit", "apple", "seed", PB_SWEEP_QUICK | PB_SWEEP_FULL, "red"),
		pb_item_make("fruit", "pear", NULL, 0, "green")};
	char buf[1024] = "";
	FILE *f = fmemopen(buf, sizeof buf - 1, "w");
	pb_items_print(f, it, 2, true);
	fclose(f);
	assert_string_equal(buf, "kind\tname\tlabel\trole\tsweeps\tt_mode\tp_bytes\tt_bytes\tscans\tsymbol\tbound\tsummary\n"
				 "fruit\tapple\tapple\tseed\tquick,full\t-\t-\t-\t-\t-\t-\tred\n"
				 "fruit\tpear\tpear\t-\t-\t-\t-\t-\t-\t-\t-\tgreen\n");
}

/* A bench program with more options of its own than a fixed table of 32 held (pb_bench_parse once copied them into
 * one, cut at 30, and told the parser it held them all: a read past its end): all 40 are there, the last works. */
static void test_bench_parse_any_number_of_options(void **state)
{
	(void)state;
	enum { N = 40 };
	static char names[N][16];
	bool flags[N] = {0};
	pb_opt own[N];
	for (int i = 0; i < N; i++) {
		snprintf(names[i], sizeof names[i], "--o%d", i);
		own[i] = (pb_opt){.name = names[i], .kind = PB_OPT_FLAG, .dest = &flags[i], .help = "a flag"};
	}
	size_t list = PB_NO_LIST, sweep = 0;
	char a0[] = "prog", a1[] = "--o39", a2[] = "--o0";
	char *argv[] = {a0, a1, a2, NULL};
	int argc = 3;
	assert_int_equal(pb_bench_parse(own, N, &list, &sweep, "about", &argc, argv), PB_OPT_OK);
	assert_true(flags[39] && flags[0] && !flags[20]);
	assert_int_equal(argc, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_both_spellings),
		cmocka_unit_test(test_list_all),
		cmocka_unit_test(test_lists_refused),
		cmocka_unit_test(test_numbers_are_strict),
		cmocka_unit_test(test_flags_and_optional_values),
		cmocka_unit_test(test_unknown_words),
		cmocka_unit_test(test_kept_words_are_canonical),
		cmocka_unit_test(test_usage_from_the_table),
		cmocka_unit_test(test_items_tsv),
		cmocka_unit_test(test_bench_parse_any_number_of_options),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
