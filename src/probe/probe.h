/* probe.h: address-range probes ("is [v, v+n) completely unmapped?"), page configurations and layouts. */
#ifndef PB_PROBE_H
#define PB_PROBE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "listing.h"
#include "names.h"
#include "util.h"

#define PB_MAX_REGION ((size_t)1 << 40) /* 1 TiB: the most a layout places far from the heap */

/* ---- page configurations (docs/design.md, section 2) ---- */
typedef struct pb_pagecfg {
	const char *name; /* "arm64", or "custom" */
	size_t M;         /* lower bound on the page size (Go minPhysPageSize) */
	size_t P;         /* upper bound the runtime assumes (Go sys.PhysPageSize) */
	size_t T;         /* the kernel's page size as the probes see it */
	bool t_emulated;  /* T > native page size: every mincore goes through the emulation */
} pb_pagecfg;

typedef struct pb_named_cfg {
	const char *name, *summary; /* named for what it models: Go's P for an architecture, on a kernel with pages of T */
	size_t P, T;
	const char *role;
	unsigned sweeps;
} pb_named_cfg;
extern const pb_named_cfg pb_named_cfgs[];
extern const size_t pb_n_named_cfgs;

size_t pb_native_page_size(void);
/* Fills c from M, P, T; 0 on success, -1 with a message naming the bad value and the valid range. */
int pb_pagecfg_make(pb_pagecfg *c, const char *name, size_t M, size_t P, size_t T, char *err, size_t errlen);
/* Looks a named configuration up (M is the caller's); -1 with a message when unknown or invalid here. */
int pb_pagecfg_named(pb_pagecfg *c, const char *name, size_t M, char *err, size_t errlen);
/* Parses a label "P64K-T16K" (exactly: P, a size, -T, a size) into a configuration; -1 with a message. */
int pb_pagecfg_parse(pb_pagecfg *c, const char *label, size_t M, char *err, size_t errlen);
/* "P64K-T4K" */
void pb_pagecfg_label(const pb_pagecfg *c, char *buf, size_t len);
/* A named configuration or a label, as --configs takes them. */
int pb_pagecfg_lookup(pb_pagecfg *c, const char *word, size_t M, char *err, size_t errlen);

/* The configurations a --configs option names, in its order: names or labels, each valid on this kernel,
 * no label twice. */
#define PB_MAX_CFGS 16
typedef struct pb_cfgset {
	size_t n;
	pb_pagecfg c[PB_MAX_CFGS];
} pb_cfgset;
/* Adds every word of a comma list to s (M = PB_MIN_PHYS_PAGE_SIZE); -1 with a message naming the bad word. */
int pb_cfgset_parse(const char *list, void *s, char *err, size_t errlen);
/* Adds c unless its label is in s already; -1 when it is (or s is full). */
int pb_cfgset_add(pb_cfgset *s, const pb_pagecfg *c);

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

/* ---- the counted calls (sys.c): the only way a probe reaches the kernel; each counts itself in c->n ---- */
/* The one mincore every probe calls: native, or the emulated kernel with page size cfg.T.
 * Returns 0 or -errno and writes ceil(len/T) bytes into vec on success, as the kernel does. */
int pb_mincore(pb_probe_ctx *c, uintptr_t addr, size_t len, unsigned char *vec);
/* mmap(addr, len, PROT_NONE, flags, -1, 0); munmap; open(path, O_RDONLY); read; close: counted as above (mmap_ok or
 * mmap_failed; file_ops). */
void *pb_sys_mmap(pb_probe_ctx *c, uintptr_t addr, size_t len, int flags);
int pb_sys_munmap(pb_probe_ctx *c, void *p, size_t len);
int pb_sys_open(pb_probe_ctx *c, const char *path);
long pb_sys_read(pb_probe_ctx *c, int fd, void *buf, size_t len);
int pb_sys_close(pb_probe_ctx *c, int fd);

typedef enum { PB_PROBE_ERROR = -1, PB_NOT_FREE = 0, PB_FREE = 1 } pb_verdict;
typedef pb_verdict (*pb_probe_fn)(pb_probe_ctx *c, uintptr_t v, size_t n);
typedef struct pb_probe {
	const char *name, *summary;
	pb_probe_fn fn;
	bool scans; /* cost grows with n: a mincore scan, priced by the model (and fitted O(n)) */
	const char *role;
	unsigned sweeps;
	bool mixed_chunk_free; /* known wrong, by design: a P-byte chunk holding mapped and unmapped T pages reads as free
	                        * when T < P (Go <= 1.6's chunked; the tests expect exactly these wrong verdicts) */
} pb_probe;
extern const pb_probe pb_probes[];
extern const size_t pb_n_probes;
const pb_probe *pb_probe_find(const char *name);

/* ---- region layouts (docs/design.md, section 4) ---- */
typedef enum { PB_L_UNMAPPED, PB_L_HEAD, PB_L_TAIL, PB_L_SPARSE, PB_L_RESERVED, PB_L_THP } pb_layout_id;
typedef struct pb_layout {
	const char *name, *summary;
	pb_layout_id id;
	const char *role;
	unsigned sweeps;
} pb_layout;
extern const pb_layout pb_layouts[];
extern const size_t pb_n_layouts;

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

/* ---- region sizes the sweeps scan: 4K to 1G in steps of x4 ---- */
typedef struct pb_region_size {
	const char *name; /* "4K" */
	size_t bytes;
	unsigned sweeps;
} pb_region_size;
extern const pb_region_size pb_region_sizes[];
extern const size_t pb_n_region_sizes;

/* The rows of pagebound-scan --list: probes, configurations (with t_mode on this kernel), layouts, region
 * sizes, primitives. Returns how many were written (at most cap). */
size_t pb_scan_items(pb_item *items, size_t cap);

#endif
