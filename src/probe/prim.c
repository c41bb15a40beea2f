/* prim.c: the primitives (null syscall, mincore answers, mmap+munmap) and the syscall-count model. The mincore
 * primitives go through pb_mincore, the entry every probe uses, under the configuration they price: a native
 * one times the system call plus the probes' bookkeeping; an emulated one times the emulation too. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "prim.h"

static int64_t prim_null(pb_prim_env *e, int64_t iters)
{
	(void)e;
	int64_t ok = 0;
	for (int64_t i = 0; i < iters; i++)
		ok += getppid() > 0;
	return ok;
}

/* iters calls of the configuration's mincore at addr; how many answered want (0 or -errno) */
static int64_t mincore_calls(pb_prim_env *e, uintptr_t addr, int want, int64_t iters)
{
	int64_t ok = 0;
	for (int64_t i = 0; i < iters; i++)
		ok += pb_mincore(&e->ctx, addr, 1, e->ctx.vec) == want;
	return ok;
}

static int64_t prim_enomem(pb_prim_env *e, int64_t iters) { return mincore_calls(e, e->unmapped, -ENOMEM, iters); }
static int64_t prim_mapped(pb_prim_env *e, int64_t iters) { return mincore_calls(e, e->mapped, 0, iters); }
static int64_t prim_einval(pb_prim_env *e, int64_t iters) { return mincore_calls(e, e->mapped | 1, -EINVAL, iters); }

static int64_t prim_mmap(pb_prim_env *e, int64_t iters)
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
	{.name = "getppid", .summary = "a null system call: entry, a trivial answer, exit",
		.id = PB_PRIM_NULL, .fn = prim_null},
	{.name = "mincore-enomem",
		.summary = "mincore(v, 1) on an unmapped page, as the probes call it: ENOMEM after the VMA lookup",
		.id = PB_PRIM_ENOMEM, .fn = prim_enomem},
	{.name = "mincore-mapped",
		.summary = "mincore(v, 1) on a mapped page, as the probes call it: 0 after the page-table walk",
		.id = PB_PRIM_MAPPED, .fn = prim_mapped},
	{.name = "mincore-einval",
		.summary = "mincore(v|1, 1), as the probes call it: EINVAL from the alignment check, before any lookup",
		.id = PB_PRIM_EINVAL, .fn = prim_einval},
	{.name = "mmap-munmap", .summary = "mmap(MAP_FIXED_NOREPLACE) of one free page, then munmap",
		.id = PB_PRIM_MMAP, .fn = prim_mmap},
};

int pb_prim_env_init(pb_prim_env *e, const pb_pagecfg *cfg, char *err, size_t errlen)
{
	pb_pagecfg native;
	const size_t page = pb_native_page_size();
	if (!cfg && pb_pagecfg_make(&native, "native", page, page, page, err, errlen))
		return -1;
	cfg = cfg ? cfg : &native;
	memset(e, 0, sizeof *e);
	if (pb_region_build(&e->r, PB_L_HEAD, 2 * cfg->T, cfg, err, errlen))
		return -1;
	if (pb_ctx_init(&e->ctx, cfg, err, errlen)) {
		pb_region_destroy(&e->r);
		return -1;
	}
	e->page = cfg->T;
	e->mapped = e->r.base;
	e->unmapped = e->r.base + cfg->T;
	return 0;
}

void pb_prim_env_free(pb_prim_env *e)
{
	pb_ctx_free(&e->ctx);
	pb_region_destroy(&e->r);
}

pb_calibration pb_prim_calibrate(const pb_prim *p, pb_prim_env *e, int64_t calls, int trials)
{
	double t[16];
	trials = trials < 1 ? 1 : trials > 16 ? 16 : trials;
	p->fn(e, calls / 10 + 1); /* warm-up */
	for (int k = 0; k < trials; k++) {
		double t0 = pb_cpu_ns(); /* the clock the scans are timed with: the model's prices and their times agree */
		p->fn(e, calls);
		t[k] = (pb_cpu_ns() - t0) / (double)calls;
	}
	qsort(t, (size_t)trials, sizeof t[0], pb_cmp_double);
	return (pb_calibration){pb_median(t, (size_t)trials), t[0], t[trials - 1]}; /* the one median (util.c) */
}

/* A failed mmap and the file operations of the maps probe are priced as null syscalls: a floor, not a
 * fit; the model is meant for the mincore probes, whose every call is one of the primitives. */
void pb_model_calls(const pb_counts *n, double calls[PB_N_PRIMS])
{
	calls[PB_PRIM_NULL] = (double)(n->mmap_failed + n->file_ops + n->mincore_other);
	calls[PB_PRIM_ENOMEM] = (double)n->mincore_enomem;
	calls[PB_PRIM_MAPPED] = (double)n->mincore_mapped;
	calls[PB_PRIM_EINVAL] = (double)n->einval;
	calls[PB_PRIM_MMAP] = (double)n->mmap_ok;
}

double pb_model_ns(const pb_counts *n, const double prim_ns[PB_N_PRIMS])
{
	double calls[PB_N_PRIMS], ns = 0;
	pb_model_calls(n, calls);
	for (int i = 0; i < PB_N_PRIMS; i++)
		ns += calls[i] * prim_ns[i];
	return ns;
}

/* ---- the pricer: what model_ns prices a scan's calls at (docs/design.md, section 5) ---- */

int pb_pricer_calibrate(pb_pricer *p, pb_prim_env *native)
{
	memset(p, 0, sizeof *p);
	for (int i = 0; i < PB_N_PRIMS; i++)
		p->startup[i] = pb_prim_calibrate(&pb_prims[i], native, pb_prims[i].id == PB_PRIM_MMAP ? 2000 : 20000, 7);
	p->calibrated = true;
	return 0;
}

/* The ground the primitives are timed on under a configuration: its own mincore (emulated T included, so the
 * emulation's user-space work is priced too), built on first use, one per configuration; NULL when it cannot be. */
static pb_prim_env *ground(pb_pricer *p, const pb_pagecfg *cfg)
{
	char err[512];
	for (size_t i = 0; i < p->nground; i++)
		if (p->ground[i].cfg.P == cfg->P && p->ground[i].cfg.T == cfg->T && p->ground[i].cfg.M == cfg->M)
			return &p->ground[i].env;
	if (p->nground == PB_MAX_CFGS || pb_prim_env_init(&p->ground[p->nground].env, cfg, err, sizeof err))
		return NULL;
	p->ground[p->nground].cfg = *cfg;
	return &p->ground[p->nground++].env;
}

void pb_pricer_ground(pb_pricer *p, const pb_pagecfg *cfg)
{
	ground(p, cfg);
}

void pb_pricer_price(pb_pricer *p, const pb_counts *n, const pb_pagecfg *cfg, double ns[PB_N_PRIMS])
{
	pb_prim_env *env = ground(p, cfg);
	double calls[PB_N_PRIMS], total = 0;
	pb_model_calls(n, calls);
	for (int i = 0; i < PB_N_PRIMS; i++)
		total += calls[i] * p->startup[i].median;
	for (int i = 0; i < PB_N_PRIMS; i++)
		ns[i] = env && calls[i] * p->startup[i].median > 0.01 * total
				? pb_prim_calibrate(&pb_prims[i], env, pb_prims[i].id == PB_PRIM_MMAP ? PB_PRICE_CALLS / 10 : PB_PRICE_CALLS,
					  PB_PRICE_TRIALS).median
				: -p->startup[i].median; /* negative: not timed here */
}

void pb_pricer_free(pb_pricer *p)
{
	for (size_t i = 0; i < p->nground; i++)
		pb_prim_env_free(&p->ground[i].env);
	p->nground = 0;
}
