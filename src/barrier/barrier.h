/* barrier.h: the write-barrier fast-path variants with the bad-pointer bound check, and their pointer streams. */
#ifndef PB_BARRIER_H
#define PB_BARRIER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "listing.h"
#include "names.h"
#include "util.h"

/* The buffered barrier's state: shaded pointers go into buf, flushed when full (as Go's wbBuf). */
typedef struct pb_wbuf {
	uintptr_t *buf;
	void *mem;        /* what buf was carved from */
	size_t n, cap;
	uint64_t flagged; /* bad pointers seen: Go throws, we count */
	uint64_t shaded;  /* pointers that went through a flush */
	uint64_t flushes;
} pb_wbuf;

typedef void (*pb_barrier_fn)(uintptr_t *restrict dst, const uintptr_t *restrict src, size_t n, pb_wbuf *wb);

typedef enum { PB_BOUND_NONE, PB_BOUND_CONST, PB_BOUND_DYNAMIC } pb_bound_kind;

typedef struct pb_barrier {
	const char *name, *summary;
	pb_barrier_fn fn;
	const char *symbol;  /* fn's name, for callgrind --toggle-collect (the table writes it from fn itself) */
	bool enabled;        /* the barrier flag (Go's writeBarrier.enabled) this variant runs with */
	pb_bound_kind kind;
	uintptr_t bound;     /* for PB_BOUND_CONST */
	const char *role;
	unsigned sweeps;
} pb_barrier;
extern const pb_barrier pb_barriers[];
extern const size_t pb_n_barriers;
const pb_barrier *pb_barrier_find(const char *name);

/* on-dynamic's bound: set from the page size at start-up (default: the native page size). */
void pb_barrier_set_page_size(size_t page);
uintptr_t pb_barrier_bound(const pb_barrier *b); /* 0 when the variant does not check */

int pb_wbuf_init(pb_wbuf *wb, size_t cap);
void pb_wbuf_free(pb_wbuf *wb);
void pb_wbuf_flush(pb_wbuf *wb);
/* Sets the barrier flag for b and runs it over n pointers. */
void pb_barrier_run(const pb_barrier *b, uintptr_t *restrict dst, const uintptr_t *restrict src, size_t n,
	pb_wbuf *wb);

/* ---- pointer streams ---- */
typedef enum { PB_S_VALID, PB_S_NIL10, PB_S_LOW1, PB_S_LOW10, PB_S_BAD1, PB_S_RANDOM_LOW } pb_stream_id;
typedef struct pb_stream {
	const char *name, *summary;
	pb_stream_id id;
	const char *role;
	unsigned sweeps;
} pb_stream;
extern const pb_stream pb_streams[];
extern const size_t pb_n_streams;
const pb_stream *pb_stream_find(const char *name);

/* Fills out[0..n) with the stream; real pointers point into heap[0..heap_len). Deterministic (seeded). */
void pb_stream_fill(const pb_stream *s, uintptr_t *out, size_t n, const void *heap, size_t heap_len, size_t M,
	size_t P);
/* A footprint is the bytes of the destination array (as many in the source): 8 .. 1G, a multiple of 8. */
int pb_footprint_validate(size_t bytes, char *err, size_t errlen);

/* The lowest address where one page of this kernel can be mapped below P (above vm.mmap_min_addr): a real
 * pointer there is what on-phys takes for a bad one. 0, with the reason, when no page fits below P. */
uintptr_t pb_low_page_address(size_t page, size_t P, char *err, size_t errlen);

/* The footprints the sweeps run: one per level of the memory hierarchy. */
typedef struct pb_footprint {
	const char *name; /* "4K" */
	size_t bytes;
	const char *summary;
	unsigned sweeps;
} pb_footprint;
extern const pb_footprint pb_footprints[];
extern const size_t pb_n_footprints;

/* The rows of pagebound-barrier --list: variants (with their callgrind symbol and bound), streams,
 * footprints. Returns how many were written (at most cap). */
size_t pb_barrier_items(pb_item *items, size_t cap);

#endif
