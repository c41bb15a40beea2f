/* barrier.c: the variants of Go's writebarrierptr fast path, each in its own aligned function.
 *
 * How the per-store logic is kept (checked with objdump -d on gcc 12 -O3 and clang 14 -O3): the flag
 * and on-dynamic's bound are read with relaxed atomic loads, so the compiler reloads them at every
 * store as Go does at every writebarrierptr call; the file is built with vectorisation and
 * memcpy/memset idiom recognition off (meson.build), so even `store` stays one scalar load and store
 * per pointer; every variant is noinline and 64-byte aligned (functions and loops), so code placement
 * does not decide the ranking. */
#include "barrier.h"
#include "table.h"

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

ALIGNED static void bar_off(uintptr_t *restrict dst, const uintptr_t *restrict src, size_t n, pb_wbuf *wb)
{
	CHECKED_LOOP(PB_MIN_PHYS_PAGE_SIZE)
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

ALIGNED static void bar_on_min(uintptr_t *restrict dst, const uintptr_t *restrict src, size_t n, pb_wbuf *wb)
{
	CHECKED_LOOP(PB_MIN_PHYS_PAGE_SIZE)
}

ALIGNED static void bar_on_phys(uintptr_t *restrict dst, const uintptr_t *restrict src, size_t n, pb_wbuf *wb)
{
	CHECKED_LOOP(PB_PHYS_PAGE_SIZE)
}

ALIGNED static void bar_on_phys_16k(uintptr_t *restrict dst, const uintptr_t *restrict src, size_t n, pb_wbuf *wb)
{
	CHECKED_LOOP(16384u)
}

ALIGNED static void bar_on_phys_64k(uintptr_t *restrict dst, const uintptr_t *restrict src, size_t n, pb_wbuf *wb)
{
	CHECKED_LOOP(65536u)
}

ALIGNED static void bar_on_dynamic(uintptr_t *restrict dst, const uintptr_t *restrict src, size_t n, pb_wbuf *wb)
{
	CHECKED_LOOP(__atomic_load_n(&g_dynamic_bound, __ATOMIC_RELAXED))
}

const pb_barrier pb_barriers[] = {
	{"store", "a plain store: the floor", bar_store, false, PB_BOUND_NONE, 0},
	{"off", "barrier disabled: the flag test only (on path = on-min)", bar_off, false, PB_BOUND_NONE, 0},
	{"on-nocheck", "barrier on, no bound check: nil filter, shade, store", bar_on_nocheck, true, PB_BOUND_NONE, 0},
	{"on-min", "BOUND = M (compile-time): the seed", bar_on_min, true, PB_BOUND_CONST, PB_MIN_PHYS_PAGE_SIZE},
	{"on-phys", "BOUND = P (compile-time -Dphys_page_size): the old code", bar_on_phys, true, PB_BOUND_CONST,
		PB_PHYS_PAGE_SIZE},
	{"on-phys-16k", "BOUND = 16K: the old code on mips64", bar_on_phys_16k, true, PB_BOUND_CONST, 16384},
	{"on-phys-64k", "BOUND = 64K: the old code on arm64, ppc64", bar_on_phys_64k, true, PB_BOUND_CONST, 65536},
	{"on-dynamic", "BOUND loaded per store from a variable set from the page size", bar_on_dynamic, true,
		PB_BOUND_DYNAMIC, 0},
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
	{"valid", "real pointers into a heap block", PB_S_VALID},
	{"nil-10", "every 10th pointer nil", PB_S_NIL10},
	{"low-1", "every 100th value in [M, P): real on small-page kernels, flagged by on-phys", PB_S_LOW1},
	{"low-10", "every 10th value in [M, P)", PB_S_LOW10},
	{"bad-1", "every 100th value in (0, M): a small integer posing as a pointer, flagged by every check", PB_S_BAD1},
	{"random-low", "half the values in [M, P) at random positions: unpredictable branches", PB_S_RANDOM_LOW},
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
