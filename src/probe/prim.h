/* prim.h: the primitives every probe is made of, and the model that predicts a probe's time from them. */
#ifndef PB_PRIM_H
#define PB_PRIM_H

#include <stdint.h>

#include "probe.h"

typedef enum { PB_PRIM_NULL, PB_PRIM_ENOMEM, PB_PRIM_MAPPED, PB_PRIM_EINVAL, PB_PRIM_MMAP, PB_N_PRIMS } pb_prim_id;

typedef struct pb_prim_env {
	pb_region r;        /* two native pages: the first mapped, the second free */
	uintptr_t mapped, unmapped;
	size_t page;
} pb_prim_env;

typedef struct pb_prim {
	const char *name, *summary;
	pb_prim_id id;
	/* makes iters calls; returns how many answered as expected */
	int64_t (*fn)(const pb_prim_env *e, int64_t iters);
} pb_prim;
extern const pb_prim pb_prims[PB_N_PRIMS];

int pb_prim_env_init(pb_prim_env *e, char *err, size_t errlen);
void pb_prim_env_free(pb_prim_env *e);
/* Median ns per call over a few timed trials, for the model; measured outside any benchmark. */
double pb_prim_calibrate(const pb_prim *p, const pb_prim_env *e);
/* The time in ns the syscall counts predict from primitive costs (ns per call, indexed by pb_prim_id). */
double pb_model_ns(const pb_counts *n, const double prim_ns[PB_N_PRIMS]);

#endif
