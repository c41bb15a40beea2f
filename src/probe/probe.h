/* probe.h: address-range probes ("is [v, v+n) completely unmapped?"), page configurations and layouts. */
#ifndef PB_PROBE_H
#define PB_PROBE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PB_KiB ((size_t)1024)
#define PB_MiB (1024 * PB_KiB)
#define PB_GiB (1024 * PB_MiB)
#define PB_MAX_REGION ((size_t)1 << 40) /* 1 TiB: the most a layout places far from the heap */

/* ---- page configurations (DESIGN.md section 2) ---- */
typedef struct pb_pagecfg {
	const char *name; /* "arm64", or "custom" */
	size_t M;         /* lower bound on the page size (Go minPhysPageSize) */
	size_t P;         /* upper bound the runtime assumes (Go sys.PhysPageSize) */
	size_t T;         /* the kernel's page size as the probes see it */
	bool t_emulated;  /* T > native page size: every mincore goes through the emulation */
} pb_pagecfg;

typedef struct pb_named_cfg {
	const char *name, *summary;
	size_t P, T;
} pb_named_cfg;
extern const pb_named_cfg pb_named_cfgs[];
extern const size_t pb_n_named_cfgs;

size_t pb_native_page_size(void);
bool pb_is_pow2(size_t v);
/* Fills c from M, P, T; 0 on success, -1 with a message naming the bad value and the valid range. */
int pb_pagecfg_make(pb_pagecfg *c, const char *name, size_t M, size_t P, size_t T, char *err, size_t errlen);
/* Looks a named configuration up (M is the caller's); -1 with a message when unknown or invalid here. */
int pb_pagecfg_named(pb_pagecfg *c, const char *name, size_t M, char *err, size_t errlen);
/* Parses a label "P64K-T16K" into a configuration (M is the caller's); -1 with a message. */
int pb_pagecfg_parse(pb_pagecfg *c, const char *label, size_t M, char *err, size_t errlen);
/* "P64K-T4K" */
void pb_pagecfg_label(const pb_pagecfg *c, char *buf, size_t len);
/* "4K", "64K", "1M", "1G" */
void pb_size_label(size_t v, char *buf, size_t len);
/* Parses "65536", "64K", "64KiB", "1M", "1G"; -1 on junk. */
int pb_parse_size(const char *s, size_t *out);

/* ---- what a probe did: the syscalls and how mincore answered ---- */
typedef struct pb_counts {
	uint64_t syscalls;       /* every system call the probe made */
	uint64_t mincore_enomem; /* mincore answered ENOMEM (unmapped) */
	uint64_t mincore_mapped; /* mincore answered 0 */
	uint64_t einval;         /* mincore answered EINVAL (address not a multiple of T) */
	uint64_t mincore_other;  /* any other mincore answer */
	uint64_t mmap_ok;        /* mmap that returned an address (each followed by one munmap) */
	uint64_t mmap_failed;    /* mmap that failed (EEXIST for MAP_FIXED_NOREPLACE) */
	uint64_t file_ops;       /* open, read, close of /proc/self/maps */
} pb_counts;

typedef struct pb_probe_ctx {
	pb_pagecfg cfg;
	size_t native;        /* the real kernel page size */
	unsigned char *vec;   /* the probes' mincore vector: P/native bytes, enough for a P chunk */
	size_t veclen;
	unsigned char scratch[256]; /* the emulation's real vector: 256 native pages per call at most */
	char *mapsbuf;        /* for the maps probe */
	size_t mapslen;
	pb_counts n;
} pb_probe_ctx;

/* Allocates the vectors (outside any timed region); -1 with errno text on failure. */
int pb_ctx_init(pb_probe_ctx *c, const pb_pagecfg *cfg, char *err, size_t errlen);
void pb_ctx_free(pb_probe_ctx *c);

/* The one mincore every probe calls: native, or the emulated kernel with page size cfg.T.
 * Returns 0 or -errno and writes ceil(len/T) bytes into vec on success, as the kernel does. */
int pb_mincore(pb_probe_ctx *c, uintptr_t addr, size_t len, unsigned char *vec);

typedef enum { PB_PROBE_ERROR = -1, PB_NOT_FREE = 0, PB_FREE = 1 } pb_verdict;
typedef pb_verdict (*pb_probe_fn)(pb_probe_ctx *c, uintptr_t v, size_t n);
typedef struct pb_probe {
	const char *name, *summary;
	pb_probe_fn fn;
	bool scans; /* cost grows with n (checked with a complexity fit) */
} pb_probe;
extern const pb_probe pb_probes[];
extern const size_t pb_n_probes;
const pb_probe *pb_probe_find(const char *name);

/* ---- region layouts (DESIGN.md section 3) ---- */
typedef enum { PB_L_UNMAPPED, PB_L_HEAD, PB_L_TAIL, PB_L_SPARSE, PB_L_RESERVED, PB_L_THP } pb_layout_id;
typedef struct pb_layout {
	const char *name, *summary;
	pb_layout_id id;
} pb_layout;
extern const pb_layout pb_layouts[];
extern const size_t pb_n_layouts;
const pb_layout *pb_layout_find(const char *name);

#define PB_THP_SIZE (2 * PB_MiB)
#define PB_SPARSE_EVERY 64

typedef struct pb_region {
	uintptr_t base;
	size_t n, T;
	pb_layout_id layout;
	bool truth_free; /* the right answer to "is [base, base+n) unmapped?" */
} pb_region;

/* Checks n against the layout and configuration: zero, not a multiple of M or T, too small for the
 * layout, larger than PB_MAX_REGION. 0 when valid, else -1 with a message. */
int pb_region_validate(pb_layout_id l, size_t n, const pb_pagecfg *cfg, char *err, size_t errlen);
/* Places the layout far from the heap and builds it; -1 with a message (THP refused, no room...). */
int pb_region_build(pb_region *r, pb_layout_id l, size_t n, const pb_pagecfg *cfg, char *err, size_t errlen);
/* Re-reads /proc/self/maps: 0 when the region still holds exactly its layout, else -1 and why. */
int pb_region_check(const pb_region *r, char *err, size_t errlen);
void pb_region_destroy(pb_region *r);

/* Would the chunked probe (chunks of P) see a chunk mixing mapped and unmapped T pages? */
bool pb_chunk_mixes(pb_layout_id l, size_t n, size_t P, size_t T);

#endif
