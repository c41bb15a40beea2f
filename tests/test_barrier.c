/* test_barrier.c: every barrier variant stores the stream exactly and flags exactly the pointers below its bound. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "barrier.h"

enum { N = 8192, HEAP = 1 << 16 };
static const size_t M = 4096, P = 65536;

static uint64_t count_below(const uintptr_t *s, size_t n, uintptr_t bound)
{
	uint64_t c = 0;
	for (size_t i = 0; i < n; i++)
		c += s[i] != 0 && s[i] < bound;
	return c;
}

static uint64_t count_nil(const uintptr_t *s, size_t n)
{
	uint64_t c = 0;
	for (size_t i = 0; i < n; i++)
		c += s[i] == 0;
	return c;
}

/* Runs variant b over stream st and checks the stored array, flagged and shaded counts. */
static void check(const pb_barrier *b, const pb_stream *st, uintptr_t bound)
{
	static char heap[HEAP];
	uintptr_t *src = malloc(N * sizeof *src), *dst = calloc(N, sizeof *dst);
	pb_wbuf wb;
	assert_non_null(src);
	assert_non_null(dst);
	assert_int_equal(pb_wbuf_init(&wb, 256), 0);
	pb_stream_fill(st, src, N, heap, HEAP, M, P);
	pb_barrier_run(b, dst, src, N, &wb);
	assert_memory_equal(dst, src, N * sizeof *src);
	const uint64_t want = bound ? count_below(src, N, bound) : 0;
	if (wb.flagged != want)
		fail_msg("%s on %s: flagged %llu, want %llu", b->name, st->name, (unsigned long long)wb.flagged,
			(unsigned long long)want);
	const uint64_t shaded = wb.shaded + wb.n;
	if (b->enabled)
		assert_int_equal(shaded, N - count_nil(src, N) - want);
	else
		assert_int_equal(shaded, 0);
	pb_wbuf_free(&wb);
	free(src);
	free(dst);
}

static void test_every_variant_every_stream(void **state)
{
	(void)state;
	pb_barrier_set_page_size(4096);
	for (size_t bi = 0; bi < pb_n_barriers; bi++)
		for (size_t si = 0; si < pb_n_streams; si++)
			check(&pb_barriers[bi], &pb_streams[si], pb_barriers[bi].enabled ? pb_barrier_bound(&pb_barriers[bi]) : 0);
}

static void test_bounds_are_the_documented_ones(void **state)
{
	(void)state;
	assert_int_equal(pb_barrier_bound(pb_barrier_find("on-min")), PB_MIN_PHYS_PAGE_SIZE);
	assert_int_equal(pb_barrier_bound(pb_barrier_find("on-phys")), PB_PHYS_PAGE_SIZE);
	assert_int_equal(pb_barrier_bound(pb_barrier_find("on-phys-16k")), 16384);
	assert_int_equal(pb_barrier_bound(pb_barrier_find("on-phys-64k")), 65536);
	assert_int_equal(pb_barrier_bound(pb_barrier_find("on-nocheck")), 0);
	assert_int_equal(pb_barrier_bound(pb_barrier_find("store")), 0);
	assert_false(pb_barrier_find("off")->enabled);
}

/* The streams hold what their names say: bad-1 is flagged by every check, low-N only by on-phys. */
static void test_stream_shapes(void **state)
{
	(void)state;
	static char heap[HEAP];
	uintptr_t *s = malloc(N * sizeof *s);
	assert_non_null(s);
	pb_stream_fill(pb_stream_find("bad-1"), s, N, heap, HEAP, M, P);
	assert_int_equal(count_below(s, N, M), N / 100);
	pb_stream_fill(pb_stream_find("low-10"), s, N, heap, HEAP, M, P);
	assert_int_equal(count_below(s, N, M), 0);
	assert_int_equal(count_below(s, N, P), N / 10);
	pb_stream_fill(pb_stream_find("nil-10"), s, N, heap, HEAP, M, P);
	assert_int_equal(count_nil(s, N), N / 10);
	pb_stream_fill(pb_stream_find("random-low"), s, N, heap, HEAP, M, P);
	uint64_t low = count_below(s, N, P);
	assert_true(low > N * 4 / 10 && low < N * 6 / 10);
	pb_stream_fill(pb_stream_find("valid"), s, N, heap, HEAP, M, P);
	for (size_t i = 0; i < N; i++)
		assert_true(s[i] >= (uintptr_t)heap && s[i] < (uintptr_t)heap + HEAP && s[i] % 8 == 0);
	free(s);
}

static void test_dynamic_follows_page_size(void **state)
{
	(void)state;
	const pb_barrier *d = pb_barrier_find("on-dynamic");
	const pb_stream *st = pb_stream_find("random-low");
	pb_barrier_set_page_size(16384);
	assert_int_equal(pb_barrier_bound(d), 16384);
	check(d, st, 16384);
	pb_barrier_set_page_size(65536);
	check(d, st, 65536);
	pb_barrier_set_page_size(4096);
	check(d, st, 4096);
}

static void test_bad_input(void **state)
{
	(void)state;
	char err[200];
	assert_int_equal(pb_footprint_validate(0, err, sizeof err), -1);
	assert_non_null(strstr(err, "footprint 0 is not valid"));
	assert_int_equal(pb_footprint_validate(12, err, sizeof err), -1);
	assert_non_null(strstr(err, "footprint 12"));
	assert_int_equal(pb_footprint_validate(4096, err, sizeof err), 0);
	assert_null(pb_stream_find("no-such-stream"));
	assert_null(pb_barrier_find("on-maybe"));
}

/* --list=tsv is the tables: variants (each with the symbol of its own function), streams, footprints. */
static void test_list_rows_are_the_tables(void **state)
{
	(void)state;
	pb_item it[64];
	const size_t n = pb_barrier_items(it, 64);
	assert_int_equal(n, pb_n_barriers + pb_n_streams + pb_n_footprints);
	size_t k = 0;
	for (size_t i = 0; i < pb_n_barriers; i++, k++) {
		assert_string_equal(it[k].kind, "variant");
		assert_string_equal(it[k].name, pb_barriers[i].name);
		assert_string_equal(it[k].symbol, pb_barriers[i].symbol);
		assert_true(strncmp(it[k].symbol, "bar_", 4) == 0);
	}
	for (size_t i = 0; i < pb_n_streams; i++, k++)
		assert_string_equal(it[k].name, pb_streams[i].name);
	for (size_t i = 0; i < pb_n_footprints; i++, k++)
		assert_int_equal(strtoull(it[k].label, NULL, 10), pb_footprints[i].bytes);
}

/* The seed's point 2 on a live mapping: a page mapped below P (when vm.mmap_min_addr allows; skipped otherwise),
 * a real pointer into it; every variant whose bound is above it flags it (on-phys: a false positive), on-min
 * accepts it. */
static void test_live_low_pointer(void **state)
{
	(void)state;
	const size_t page = (size_t)sysconf(_SC_PAGESIZE);
	char err[256];
	const uintptr_t a = pb_low_page_address(page, P, err, sizeof err);
	if (!a) {
		print_message("skipped: %s\n", err);
		skip();
	}
	void *p = mmap((void *)a, page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	if (p != (void *)a) {
		print_message("skipped: no mapping at %#lx\n", (unsigned long)a);
		skip();
	}
	uintptr_t src[1] = {a + 8}, dst[1] = {0};
	int flagged_by_min = -1, flagged_by_64k = -1;
	for (size_t i = 0; i < pb_n_barriers; i++) {
		pb_wbuf wb;
		assert_int_equal(pb_wbuf_init(&wb, 16), 0);
		pb_barrier_run(&pb_barriers[i], dst, src, 1, &wb);
		assert_true(dst[0] == src[0]);
		const uintptr_t bound = pb_barrier_bound(&pb_barriers[i]);
		assert_int_equal(wb.flagged, pb_barriers[i].enabled && bound && src[0] < bound);
		if (strcmp(pb_barriers[i].name, "on-min") == 0)
			flagged_by_min = (int)wb.flagged;
		if (strcmp(pb_barriers[i].name, "on-phys-64k") == 0)
			flagged_by_64k = (int)wb.flagged;
		pb_wbuf_free(&wb);
	}
	munmap(p, page);
	assert_int_equal(flagged_by_min, 0); /* the seed accepts a real pointer below P */
	assert_int_equal(flagged_by_64k, 1); /* the old arm64 code takes it for a bad one */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_live_low_pointer),
		cmocka_unit_test(test_list_rows_are_the_tables),
		cmocka_unit_test(test_every_variant_every_stream),
		cmocka_unit_test(test_bounds_are_the_documented_ones),
		cmocka_unit_test(test_stream_shapes),
		cmocka_unit_test(test_dynamic_follows_page_size),
		cmocka_unit_test(test_bad_input),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
