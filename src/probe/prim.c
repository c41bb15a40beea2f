/* prim.c: the floor costs (null syscall, mincore answers, mmap+munmap) and the syscall-count model. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "prim.h"

static unsigned char g_vec[1];

static int64_t prim_null(const pb_prim_env *e, int64_t iters)
{
	(void)e;
	int64_t ok = 0;
	for (int64_t i = 0; i < iters; i++)
		ok += getppid() > 0;
	return ok;
}

static int64_t prim_enomem(const pb_prim_env *e, int64_t iters)
{
	int64_t ok = 0;
	for (int64_t i = 0; i < iters; i++)
		ok += mincore((void *)e->unmapped, 1, g_vec) != 0 && errno == ENOMEM;
	return ok;
}

static int64_t prim_mapped(const pb_prim_env *e, int64_t iters)
{
	int64_t ok = 0;
	for (int64_t i = 0; i < iters; i++)
		ok += mincore((void *)e->mapped, 1, g_vec) == 0;
	return ok;
}

static int64_t prim_einval(const pb_prim_env *e, int64_t iters)
{
	int64_t ok = 0;
	for (int64_t i = 0; i < iters; i++)
		ok += mincore((void *)(e->mapped | 1), 1, g_vec) != 0 && errno == EINVAL;
	return ok;
}

static int64_t prim_mmap(const pb_prim_env *e, int64_t iters)
{
	int64_t ok = 0;
	for (int64_t i = 0; i < iters; i++) {
		void *p = mmap((void *)e->unmapped, e->page, PROT_NONE,
			MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED_NOREPLACE, -1, 0);
		ok += p == (void *)e->unmapped;
		if (p != MAP_FAILED)
			munmap(p, e->page);
	}
	return ok;
}

const pb_prim pb_prims[PB_N_PRIMS] = {
	{"getppid", "a null system call", PB_PRIM_NULL, prim_null},
	{"mincore-enomem", "mincore(v, 1) on an unmapped page: ENOMEM", PB_PRIM_ENOMEM, prim_enomem},
	{"mincore-mapped", "mincore(v, 1) on a mapped page: 0", PB_PRIM_MAPPED, prim_mapped},
	{"mincore-einval", "mincore(v|1, 1): EINVAL, the alignment check", PB_PRIM_EINVAL, prim_einval},
	{"mmap-munmap", "mmap(MAP_FIXED_NOREPLACE) of one free page, then munmap", PB_PRIM_MMAP, prim_mmap},
};

int pb_prim_env_init(pb_prim_env *e, char *err, size_t errlen)
{
	pb_pagecfg cfg;
	size_t page = pb_native_page_size();
	if (pb_pagecfg_make(&cfg, "native", page, page, page, err, errlen) ||
		pb_region_build(&e->r, PB_L_HEAD, 2 * page, &cfg, err, errlen))
		return -1;
	e->page = page;
	e->mapped = e->r.base;
	e->unmapped = e->r.base + page;
	return 0;
}

void pb_prim_env_free(pb_prim_env *e) { pb_region_destroy(&e->r); }

static double now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

double pb_prim_calibrate(const pb_prim *p, const pb_prim_env *e)
{
	enum { TRIALS = 7 };
	const int64_t iters = p->id == PB_PRIM_MMAP ? 2000 : 20000;
	double t[TRIALS];
	p->fn(e, iters / 10); /* warm-up */
	for (int k = 0; k < TRIALS; k++) {
		double t0 = now_ns();
		p->fn(e, iters);
		t[k] = (now_ns() - t0) / (double)iters;
	}
	qsort(t, TRIALS, sizeof t[0], pb_cmp_double);
	return t[TRIALS / 2];
}

/* A failed mmap and the file operations of the maps probe are priced as null syscalls: a floor, not a
 * fit; the model is meant for the mincore probes, whose every call is one of the primitives. */
double pb_model_ns(const pb_counts *n, const double prim_ns[PB_N_PRIMS])
{
	return (double)n->mincore_enomem * prim_ns[PB_PRIM_ENOMEM] + (double)n->mincore_mapped * prim_ns[PB_PRIM_MAPPED] +
	       (double)n->einval * prim_ns[PB_PRIM_EINVAL] + (double)n->mmap_ok * prim_ns[PB_PRIM_MMAP] +
	       (double)(n->mmap_failed + n->file_ops + n->mincore_other) * prim_ns[PB_PRIM_NULL];
}
