/* layout.c: region layouts built far from the heap, with their truth, and re-checked against /proc/self/maps. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>

#include "probe.h"

const pb_layout pb_layouts[] = {
	{.name = "unmapped", .summary = "nothing mapped: the common free case, worst for scanning probes",
		.id = PB_L_UNMAPPED, .role = "free", .sweeps = PB_SWEEP_ALL},
	{.name = "head", .summary = "first T page mapped: early exit",
		.id = PB_L_HEAD, .role = "-", .sweeps = PB_SWEEP_FULL},
	{.name = "tail", .summary = "only the last T page mapped: the worst case, and what fools chunked",
		.id = PB_L_TAIL, .role = "worst", .sweeps = PB_SWEEP_ALL},
	{.name = "sparse", .summary = "one mapped T page in every 64 (the last of each 64)",
		.id = PB_L_SPARSE, .role = "-", .sweeps = PB_SWEEP_FULL},
	{.name = "reserved", .summary = "one PROT_NONE reservation over the whole range (mapped, as mincore sees it)",
		.id = PB_L_RESERVED, .role = "-", .sweeps = PB_SWEEP_FULL},
	{.name = "thp", .summary = "first 2 MiB a transparent-huge-page backed mapping, rest unmapped",
		.id = PB_L_THP, .role = "-", .sweeps = PB_SWEEP_FULL},
};
const size_t pb_n_layouts = sizeof pb_layouts / sizeof pb_layouts[0];

/* Is T page i of an npages region mapped in this layout? */
static bool page_mapped(pb_layout_id l, size_t i, size_t npages, size_t T)
{
	switch (l) {
	case PB_L_UNMAPPED: return false;
	case PB_L_HEAD: return i == 0;
	case PB_L_TAIL: return i == npages - 1;
	case PB_L_SPARSE: return (i + 1) % PB_SPARSE_EVERY == 0;
	case PB_L_RESERVED: return true;
	case PB_L_THP: return i < PB_THP_SIZE / T;
	}
	return false;
}

/* The first mapped T page at or after i (npages when none), and the end of the run of mapped pages that
 * starts there: the layouts are built run by run, never page by page. */
static size_t next_mapped(pb_layout_id l, size_t i, size_t npages, size_t T)
{
	size_t j = npages;
	switch (l) {
	case PB_L_UNMAPPED: break;
	case PB_L_HEAD: j = i == 0 ? 0 : npages; break;
	case PB_L_TAIL: j = npages - 1 >= i ? npages - 1 : npages; break;
	case PB_L_SPARSE: j = i + (PB_SPARSE_EVERY - 1 - i % PB_SPARSE_EVERY); break;
	case PB_L_RESERVED: j = i; break;
	case PB_L_THP: j = i < PB_THP_SIZE / T ? i : npages; break;
	}
	return j < npages ? j : npages;
}

static size_t run_end(pb_layout_id l, size_t i, size_t npages, size_t T)
{
	size_t e = l == PB_L_RESERVED ? npages : l == PB_L_THP ? PB_THP_SIZE / T : i + 1;
	return e < npages ? e : npages;
}

bool pb_chunk_mixes(pb_layout_id l, size_t n, size_t P, size_t T)
{
	const size_t npages = n / T;
	for (size_t off = 0; off < n; off += P) {
		size_t end = off + P < n ? off + P : n;
		bool any_mapped = false, any_free = false;
		for (size_t i = off / T; i < (end + T - 1) / T && i < npages; i++) {
			if (page_mapped(l, i, npages, T))
				any_mapped = true;
			else
				any_free = true;
		}
		if (any_mapped && any_free)
			return true;
	}
	return false;
}

int pb_region_validate(pb_layout_id l, size_t n, const pb_pagecfg *cfg, char *err, size_t errlen)
{
	char lim[16];
	pb_size_label(PB_MAX_REGION, lim, sizeof lim);
	if (n == 0 || n % cfg->M || n > PB_MAX_REGION) {
		snprintf(err, errlen, "region size %zu is not valid (valid: a multiple of M=%zu from %zu to %s)", n,
			cfg->M, cfg->M, lim);
		return -1;
	}
	if (n % cfg->T) {
		snprintf(err, errlen, "region size %zu is not a multiple of T=%zu (layouts are built in T pages)", n,
			cfg->T);
		return -1;
	}
	if (l == PB_L_SPARSE && n / cfg->T < PB_SPARSE_EVERY) {
		snprintf(err, errlen, "layout sparse needs at least %d pages of T=%zu (%zu bytes), got %zu bytes",
			PB_SPARSE_EVERY, cfg->T, PB_SPARSE_EVERY * cfg->T, n);
		return -1;
	}
	if (l == PB_L_THP && (n < PB_THP_SIZE || cfg->T > PB_THP_SIZE)) {
		snprintf(err, errlen, "layout thp needs a region of at least %zu bytes and T <= 2M, got %zu bytes",
			PB_THP_SIZE, n);
		return -1;
	}
	return 0;
}

/* Hints far from the heap and the mmap base (docs/design.md, section 4): 48 TiB first, which lies outside
 * AddressSanitizer's shadow; lower ones for 39-bit address spaces. Each is tried at a few slots. */
static const uintptr_t hints[] = {0x300000000000, 0x380000000000, 0x280000000000, 0x6000000000, 0x2000000000};

/* Reserves span bytes at a free hint; -1 with errno of the last failure (ENOMEM: the address-space limit). */
static int reserve_slot(size_t span, uintptr_t *out)
{
	const size_t stride = (span + PB_GiB - 1) / PB_GiB * PB_GiB;
	int last = 0;
	for (size_t h = 0; h < sizeof hints / sizeof hints[0]; h++)
		for (uintptr_t k = 0; k < 16; k++) {
			uintptr_t want = hints[h] + k * stride;
			void *p = mmap((void *)want, span, PROT_NONE,
				MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED_NOREPLACE, -1, 0);
			if (p == MAP_FAILED) {
				last = errno;
				continue;
			}
			munmap(p, span);
			if ((uintptr_t)p == want) {
				*out = want;
				return 0;
			}
		}
	errno = last;
	return -1;
}

/* Why no slot was found: the address-space limit when mmap said ENOMEM under a finite RLIMIT_AS. */
static void no_slot(size_t n, size_t span, int e, char *err, size_t errlen)
{
	struct rlimit rl;
	if (e == ENOMEM && getrlimit(RLIMIT_AS, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY)
		snprintf(err, errlen, "the address-space limit (ulimit -v %llu KiB) leaves no room for a region of %zu "
			"bytes and its guards (%zu KiB)", (unsigned long long)rl.rlim_cur / 1024, n, span / 1024);
	else
		snprintf(err, errlen, "no free address range of %zu bytes far from the heap (tried %zu hints: %s)", n,
			sizeof hints / sizeof hints[0], strerror(e ? e : EEXIST));
}

static long anon_huge_kb(uintptr_t base)
{
	FILE *f = fopen("/proc/self/smaps", "r");
	if (!f)
		return -1;
	char line[512];
	bool in = false;
	long kb = -1;
	while (fgets(line, sizeof line, f)) {
		unsigned long lo, hi;
		if (sscanf(line, "%lx-%lx ", &lo, &hi) == 2 && strchr(line, '-') < strchr(line, ' ')) {
			in = lo == base;
			continue;
		}
		if (in && sscanf(line, "AnonHugePages: %ld kB", &kb) == 1)
			break;
	}
	fclose(f);
	return kb;
}

int pb_region_build(pb_region *r, pb_layout_id l, size_t n, const pb_pagecfg *cfg, char *err, size_t errlen)
{
	if (pb_region_validate(l, n, cfg, err, errlen))
		return -1;
	const size_t T = cfg->T, npages = n / T, guard = 2 * PB_MiB;
	uintptr_t slot;
	if (reserve_slot(n + 2 * guard, &slot)) {
		no_slot(n, n + 2 * guard, errno, err, errlen);
		return -1;
	}
	memset(r, 0, sizeof *r);
	r->base = slot + guard;
	r->n = n;
	r->T = T;
	r->layout = l;
	r->truth_free = l == PB_L_UNMAPPED;
	const int prot = l == PB_L_RESERVED ? PROT_NONE : l == PB_L_THP ? PROT_READ | PROT_WRITE : PROT_READ;
	for (size_t i = next_mapped(l, 0, npages, T); i < npages; i = next_mapped(l, i, npages, T)) {
		const size_t j = run_end(l, i, npages, T);
		void *want = (void *)(r->base + i * T);
		void *p = mmap(want, (j - i) * T, prot, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED_NOREPLACE,
			-1, 0);
		if (p != want) {
			snprintf(err, errlen, "layout %s: mmap of pages %zu..%zu at %p: %s", pb_layouts[l].name, i, j - 1,
				want, p == MAP_FAILED ? strerror(errno) : "placed elsewhere");
			if (p != MAP_FAILED)
				munmap(p, (j - i) * T);
			pb_region_destroy(r);
			return -1;
		}
		i = j;
	}
	if (l == PB_L_THP) {
		if (madvise((void *)r->base, PB_THP_SIZE, MADV_HUGEPAGE) != 0) {
			snprintf(err, errlen, "layout thp: madvise(MADV_HUGEPAGE): %s", strerror(errno));
			pb_region_destroy(r);
			return -1;
		}
		*(volatile char *)r->base = 1;
		long kb = anon_huge_kb(r->base);
		if (kb < (long)(PB_THP_SIZE / 1024)) {
			snprintf(err, errlen, "layout thp: the kernel gave no huge page (AnonHugePages %ld kB; see "
				"/sys/kernel/mm/transparent_hugepage/enabled)", kb);
			pb_region_destroy(r);
			return -1;
		}
	}
	if (pb_region_check(r, err, errlen)) {
		pb_region_destroy(r);
		return -1;
	}
	return 0;
}

/* How many T pages the layout maps, without walking a 1 GiB region page by page. */
static size_t mapped_pages(pb_layout_id l, size_t npages, size_t T)
{
	switch (l) {
	case PB_L_UNMAPPED: return 0;
	case PB_L_HEAD: case PB_L_TAIL: return 1;
	case PB_L_SPARSE: return npages / PB_SPARSE_EVERY;
	case PB_L_RESERVED: return npages;
	case PB_L_THP: return PB_THP_SIZE / T;
	}
	return 0;
}

int pb_region_check(const pb_region *r, char *err, size_t errlen)
{
	FILE *f = fopen("/proc/self/maps", "r");
	if (!f) {
		snprintf(err, errlen, "open /proc/self/maps: %s", strerror(errno));
		return -1;
	}
	const size_t npages = r->n / r->T;
	const uintptr_t end = r->base + r->n;
	size_t seen = 0;
	const size_t expected = mapped_pages(r->layout, npages, r->T);
	char line[512];
	int rc = 0;
	while (rc == 0 && fgets(line, sizeof line, f)) {
		unsigned long lo, hi;
		if (sscanf(line, "%lx-%lx", &lo, &hi) != 2 || hi <= r->base || lo >= end)
			continue;
		uintptr_t a = lo > r->base ? lo : r->base, b = hi < end ? hi : end;
		for (size_t i = (a - r->base) / r->T; i < (b - r->base + r->T - 1) / r->T; i++) {
			if (!page_mapped(r->layout, i, npages, r->T)) {
				line[strcspn(line, "\n")] = '\0';
				snprintf(err, errlen, "layout %s clobbered: page %zu of %zu is mapped by '%s'",
					pb_layouts[r->layout].name, i, npages, line);
				rc = -1;
				break;
			}
			seen++;
		}
	}
	fclose(f);
	if (rc == 0 && seen != expected) {
		snprintf(err, errlen, "layout %s clobbered: %zu of its %zu mapped pages are mapped", pb_layouts[r->layout].name,
			seen, expected);
		rc = -1;
	}
	return rc;
}

void pb_region_destroy(pb_region *r)
{
	if (r->n)
		munmap((void *)r->base, r->n);
	r->n = 0;
}
