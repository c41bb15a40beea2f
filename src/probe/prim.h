/* prim.h: the primitives every probe is made of, and the model that predicts a probe's time from them. */
#ifndef PB_PRIM_H
#define PB_PRIM_H

#include <stdint.h>

#include "probe.h"

typedef enum { PB_PRIM_NULL, PB_PRIM_ENOMEM, PB_PRIM_MAPPED, PB_PRIM_EINVAL, PB_PRIM_MMAP, PB_N_PRIMS } pb_prim_id;

typedef struct pb_prim_env {
	pb_region r;        /* two T pages: the first mapped, the second free */
	uintptr_t mapped, unmapped;
	size_t page;        /* T */
	pb_probe_ctx ctx;   /* the configuration's mincore (native, or the emulated kernel) */
} pb_prim_env;

typedef struct pb_prim {
	const char *name, *summary;
	pb_prim_id id;
	/* makes iters calls; returns how many answered as expected */
	int64_t (*fn)(pb_prim_env *e, int64_t iters);
} pb_prim;
extern const pb_prim pb_prims[PB_N_PRIMS];

/* The primitives' ground under cfg (NULL: native): two T pages, the first mapped; -1 with a message. */
int pb_prim_env_init(pb_prim_env *e, const pb_pagecfg *cfg, char *err, size_t errlen);
void pb_prim_env_free(pb_prim_env *e);
/* CPU ns per call: the median, min and max over trials of calls each (after a warm-up), for the model. */
typedef struct pb_calibration {
	double median, min, max;
} pb_calibration;
pb_calibration pb_prim_calibrate(const pb_prim *p, pb_prim_env *e, int64_t calls, int trials);
/* How many calls of each primitive the counts hold (the model's terms). */
void pb_model_calls(const pb_counts *n, double calls[PB_N_PRIMS]);
/* The time in ns the syscall counts predict from primitive costs (ns per call, indexed by pb_prim_id). */
double pb_model_ns(const pb_counts *n, const double prim_ns[PB_N_PRIMS]);

#endif
