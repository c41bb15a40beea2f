/* barrier.c: the variants of Go's writebarrierptr fast path, each in its own aligned function.
 *
 * How the per-store logic is kept (checked with objdump -d on gcc 12 -O3 and clang 14 -O3): the flag
 * and on-dynamic's bound are read with relaxed atomic loads, so the compiler reloads them at every
 * store as Go does at every writebarrierptr call; the file is built with vectorisation and
 * memcpy/memset idiom recognition off (meson.build), so even `store` stays one scalar load and store
 * per pointer; every variant is noinline and 64-byte aligned (functions and loops), so code placement
 * does not decide the ranking. */
#include "barrier.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define ALIGNED __attribute__((noinline, aligned(64)))

static int g_wb_enabled;         /* Go's writeBarrier.enabled */
static uintptr_t g_dynamic_bound = 4096;

void pb_barrier_set_page_size(size_t page) { __atomic_store_n(&g_dynamic_bound, (uintptr_t)page, __ATOMIC_RELAXED); }

__attribute__((noinline)) void pb_wbuf_flush(pb_wbuf *wb)
{
	wb->shaded += wb->n;
	wb->flushes++;
	wb->n = 0;
}

static inline void shade(pb_wbuf *wb, uintptr_t p)
{
	wb->buf[wb->n++] = p;
	if (wb->n == wb->cap)
		pb_wbuf_flush(wb);
}

#define FLAG() __atomic_load_n(&g_wb_enabled, __ATOMIC_RELAXED)

/* The checking barrier: a nil is stored and not shaded; src != 0 && src < BOUND is a bad pointer. */
#define CHECKED_LOOP(BOUND_EXPR)                                 \
	for (size_t i = 0; i < n; i++) {                         \
		uintptr_t s = src[i];                            \
		if (__builtin_expect(FLAG() && s != 0, 1)) {     \
			if (__builtin_expect(s < (BOUND_EXPR), 0))\
				wb->flagged++;                   \
			else                                     \
				shade(wb, s);                    \
		}                                                \
		dst[i] = s;                                      \
	}

ALIGNED static void bar_store(uintptr_t *restrict dst, const uintptr_t *restrict src, size_t n, pb_wbuf *wb)
{
	(void)wb;
	for (size_t i = 0; i < n; i++)
		dst[i] = src[i];
}

ALIGNED static void bar_on_nocheck(uintptr_t *restrict dst, const uintptr_t *restrict src, size_t n, pb_wbuf *wb)
{
	for (size_t i = 0; i < n; i++) {
		uintptr_t s = src[i];
		if (__builtin_expect(FLAG() && s != 0, 1))
			shade(wb, s);
		dst[i] = s;
	}
}

/* A variant with a constant bound states it once: its function and its table entry both read fn##_bound. */
#define CONST_BOUND_VARIANT(fn, BOUND)                                                                    \
	enum { fn##_bound = (BOUND) };                                                                    \
	ALIGNED static void fn(uintptr_t *restrict dst, const uintptr_t *restrict src, size_t n, pb_wbuf *wb) \
	{                                                                                                 \
		CHECKED_LOOP((uintptr_t)fn##_bound)                                                        \
	}
CONST_BOUND_VARIANT(bar_on_min, PB_MIN_PHYS_PAGE_SIZE)
CONST_BOUND_VARIANT(bar_on_phys, PB_PHYS_PAGE_SIZE)
CONST_BOUND_VARIANT(bar_on_phys_16k, 16384)
CONST_BOUND_VARIANT(bar_on_phys_64k, 65536)

/* The barrier disabled: only the flag test runs; the path it would take when on is on-min's. */
ALIGNED static void bar_off(uintptr_t *restrict dst, const uintptr_t *restrict src, size_t n, pb_wbuf *wb)
{
	CHECKED_LOOP((uintptr_t)bar_on_min_bound)
}

ALIGNED static void bar_on_dynamic(uintptr_t *restrict dst, const uintptr_t *restrict src, size_t n, pb_wbuf *wb)
{
	CHECKED_LOOP(__atomic_load_n(&g_dynamic_bound, __ATOMIC_RELAXED))
}

/* fn is written once: the symbol callgrind counts is its own name. */
#define FN(f) .fn = f, .symbol = #f
const pb_barrier pb_barriers[] = {
	{.name = "store", .summary = "a plain store: the floor",
		FN(bar_store), .enabled = false, .kind = PB_BOUND_NONE, .bound = 0, .role = "-", .sweeps = PB_SWEEP_ALL},
	{.name = "off", .summary = "barrier disabled: the flag test only (on path = on-min)",
		FN(bar_off), .enabled = false, .kind = PB_BOUND_NONE, .bound = 0, .role = "-", .sweeps = PB_SWEEP_ALL},
	{.name = "on-nocheck", .summary = "barrier on, no bound check: nil filter, shade, store",
		FN(bar_on_nocheck), .enabled = true, .kind = PB_BOUND_NONE, .bound = 0, .role = "nocheck", .sweeps = PB_SWEEP_ALL},
	{.name = "on-min", .summary = "BOUND = M (compile-time): the seed",
		FN(bar_on_min), .enabled = true, .kind = PB_BOUND_CONST, .bound = bar_on_min_bound,
		.role = "seed", .sweeps = PB_SWEEP_ALL},
	{.name = "on-phys", .summary = "BOUND = P (compile-time -Dphys_page_size): the old code",
		FN(bar_on_phys), .enabled = true, .kind = PB_BOUND_CONST, .bound = bar_on_phys_bound,
		.role = "before", .sweeps = PB_SWEEP_ALL},
	{.name = "on-phys-16k", .summary = "BOUND = 16K: the old code on mips64",
		FN(bar_on_phys_16k), .enabled = true, .kind = PB_BOUND_CONST, .bound = bar_on_phys_16k_bound,
		.role = "-", .sweeps = PB_SWEEP_ALL},
	{.name = "on-phys-64k", .summary = "BOUND = 64K: the old code on arm64, ppc64",
		FN(bar_on_phys_64k), .enabled = true, .kind = PB_BOUND_CONST, .bound = bar_on_phys_64k_bound,
		.role = "-", .sweeps = PB_SWEEP_ALL},
	{.name = "on-dynamic", .summary = "BOUND loaded per store from a variable set from the page size",
		FN(bar_on_dynamic), .enabled = true, .kind = PB_BOUND_DYNAMIC, .bound = 0, .role = "-", .sweeps = PB_SWEEP_ALL},
};
const size_t pb_n_barriers = sizeof pb_barriers / sizeof pb_barriers[0];

const pb_barrier *pb_barrier_find(const char *name) { return PB_TABLE_FIND(pb_barriers, pb_n_barriers, name); }

uintptr_t pb_barrier_bound(const pb_barrier *b)
{
	switch (b->kind) {
	case PB_BOUND_CONST: return b->bound;
	case PB_BOUND_DYNAMIC: return __atomic_load_n(&g_dynamic_bound, __ATOMIC_RELAXED);
	case PB_BOUND_NONE: break;
	}
	return 0;
}

/* The buffer starts 2 KiB past a 4 KiB boundary, and the benchmark aligns its arrays to 4 KiB: a store
 * into the buffer and a load from the source then share their low 12 address bits (4K aliasing, a false
 * store-to-load dependency) only when the buffer lags the stream by 256 slots, never on the valid
 * stream. Left to malloc, it would depend on the addresses each process happens to get. (Run-to-run
 * spread of about 1.0 vs 1.4 ns per store remains on this VM for some variants even so: quote medians
 * over processes, and instruction counts from scripts/instructions.) */
int pb_wbuf_init(pb_wbuf *wb, size_t cap)
{
	memset(wb, 0, sizeof *wb);
	const size_t bytes = (cap * sizeof *wb->buf + 2048 + 4095) / 4096 * 4096;
	wb->mem = aligned_alloc(4096, bytes);
	if (!wb->mem)
		return -1;
	memset(wb->mem, 0, bytes);
	wb->buf = (uintptr_t *)((char *)wb->mem + 2048);
	wb->cap = cap;
	return 0;
}

void pb_wbuf_free(pb_wbuf *wb)
{
	free(wb->mem);
	wb->mem = NULL;
	wb->buf = NULL;
}

void pb_barrier_run(const pb_barrier *b, uintptr_t *restrict dst, const uintptr_t *restrict src, size_t n,
	pb_wbuf *wb)
{
	__atomic_store_n(&g_wb_enabled, b->enabled, __ATOMIC_RELAXED);
	b->fn(dst, src, n, wb);
}

/* ---- streams ---- */
const pb_stream pb_streams[] = {
	{.name = "valid", .summary = "real pointers into a heap block",
		.id = PB_S_VALID, .role = "valid", .sweeps = PB_SWEEP_ALL},
	{.name = "nil-10", .summary = "every 10th pointer nil", .id = PB_S_NIL10, .role = "-", .sweeps = PB_SWEEP_FULL},
	{.name = "low-1", .summary = "every 100th value in [M, P): real on small-page kernels, flagged by on-phys",
		.id = PB_S_LOW1, .role = "-", .sweeps = PB_SWEEP_FULL},
	{.name = "low-10", .summary = "every 10th value in [M, P)",
		.id = PB_S_LOW10, .role = "low", .sweeps = PB_SWEEP_ALL},
	{.name = "bad-1",
		.summary = "every 100th value in (0, M): a small integer posing as a pointer, flagged by every check",
		.id = PB_S_BAD1, .role = "-", .sweeps = PB_SWEEP_WIDE},
	{.name = "random-low", .summary = "half the values in [M, P) at random positions: unpredictable branches",
		.id = PB_S_RANDOM_LOW, .role = "-", .sweeps = PB_SWEEP_WIDE},
};
const size_t pb_n_streams = sizeof pb_streams / sizeof pb_streams[0];

const pb_stream *pb_stream_find(const char *name) { return PB_TABLE_FIND(pb_streams, pb_n_streams, name); }

static uint64_t xorshift(uint64_t *s)
{
	uint64_t x = *s;
	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return *s = x;
}

/* A value in [lo, hi), a multiple of 8 (pointer-aligned). */
static uintptr_t in_range(uint64_t *s, uintptr_t lo, uintptr_t hi)
{
	return lo + (uintptr_t)(xorshift(s) % ((hi - lo) / 8)) * 8;
}

/* With P == M there is no [M, P): the "low" values are then M itself, a pointer no check flags. */
void pb_stream_fill(const pb_stream *st, uintptr_t *out, size_t n, const void *heap, size_t heap_len, size_t M,
	size_t P)
{
	uint64_t seed = 0x9E3779B97F4A7C15ull;
	const uintptr_t h = (uintptr_t)heap;
	for (size_t i = 0; i < n; i++) {
		uintptr_t v = in_range(&seed, h, h + heap_len);
		switch (st->id) {
		case PB_S_NIL10: if (i % 10 == 9) v = 0; break;
		case PB_S_LOW1: if (i % 100 == 99) v = in_range(&seed, M, P > M ? P : M + 8); break;
		case PB_S_LOW10: if (i % 10 == 9) v = in_range(&seed, M, P > M ? P : M + 8); break;
		case PB_S_BAD1: if (i % 100 == 99) v = in_range(&seed, 8, M); break;
		case PB_S_RANDOM_LOW: if (xorshift(&seed) & 1) v = in_range(&seed, M, P > M ? P : M + 8); break;
		case PB_S_VALID: break;
		}
		out[i] = v;
	}
}

int pb_footprint_validate(size_t bytes, char *err, size_t errlen)
{
	if (bytes == 0 || bytes % 8 || bytes > ((size_t)1 << 30)) {
		snprintf(err, errlen, "footprint %zu is not valid (valid: a multiple of 8 bytes from 8 to 1G)", bytes);
		return -1;
	}
	return 0;
}

const pb_footprint pb_footprints[] = {
	{.name = "4K", .bytes = 4 * PB_KiB, .summary = "fits L1", .sweeps = PB_SWEEP_ALL},
	{.name = "256K", .bytes = 256 * PB_KiB, .summary = "fits L2", .sweeps = PB_SWEEP_WIDE},
	{.name = "8M", .bytes = 8 * PB_MiB, .summary = "fits the last-level cache", .sweeps = PB_SWEEP_ALL},
	{.name = "256M", .bytes = 256 * PB_MiB, .summary = "DRAM", .sweeps = PB_SWEEP_WIDE},
};
const size_t pb_n_footprints = sizeof pb_footprints / sizeof pb_footprints[0];

size_t pb_barrier_items(pb_item *items, size_t cap)
{
	size_t n = 0;
	for (size_t i = 0; i < pb_n_barriers && n < cap; i++) {
		const pb_barrier *b = &pb_barriers[i];
		items[n] = pb_item_make("variant", b->name, b->role, b->sweeps, b->summary);
		items[n].symbol = b->symbol;
		if (b->kind == PB_BOUND_DYNAMIC)
			snprintf(items[n].bound, sizeof items[n].bound, "dynamic");
		else if (b->kind == PB_BOUND_CONST)
			snprintf(items[n].bound, sizeof items[n].bound, "%zu", (size_t)b->bound);
		n++;
	}
	for (size_t i = 0; i < pb_n_streams && n < cap; i++)
		items[n++] = pb_item_make("stream", pb_streams[i].name, pb_streams[i].role, pb_streams[i].sweeps,
			pb_streams[i].summary);
	for (size_t i = 0; i < pb_n_footprints && n < cap; i++) {
		items[n] = pb_item_make("footprint", pb_footprints[i].name, "-", pb_footprints[i].sweeps,
			pb_footprints[i].summary);
		snprintf(items[n++].label, sizeof items[0].label, "%zu", pb_footprints[i].bytes);
	}
	return n;
}

uintptr_t pb_low_page_address(size_t page, size_t P, char *err, size_t errlen)
{
	char line[64] = "";
	uint64_t min_addr = 0;
	FILE *f = fopen("/proc/sys/vm/mmap_min_addr", "r");
	if (!f || !fgets(line, sizeof line, f) || (line[strcspn(line, "\n")] = '\0', pb_parse_u64(line, &min_addr))) {
		snprintf(err, errlen, "cannot read /proc/sys/vm/mmap_min_addr");
		if (f)
			fclose(f);
		return 0;
	}
	fclose(f);
	uintptr_t a = (uintptr_t)((min_addr + page - 1) / page * page);
	a = a ? a : page; /* never address 0 */
	if (a >= P) {
		snprintf(err, errlen, "no page of %zu bytes fits below P=%zu above vm.mmap_min_addr=%llu", page, P,
			(unsigned long long)min_addr);
		return 0;
	}
	return a;
}
