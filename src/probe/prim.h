/* prim.h: the primitives every probe is made of, and the model that predicts a probe's time from them. */
#ifndef PB_PRIM_H
#define PB_PRIM_H

#include <stdbool.h>
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

/* The pricer: what model_ns prices a scan's calls at. On this kind of VM the cost of one mincore drifts by 30%
 * within a second (460 to 680 ns for ENOMEM in consecutive 10 ms windows), so a start-up calibration, or one a
 * second old, prices a scan at the wrong moment. Each scan is bracketed instead: the primitives its calls are made
 * of (those weighing over 1% of its model, by the start-up calibration) are timed on its configuration's ground
 * right before and right after its timed loop, PB_PRICE_TRIALS trials of PB_PRICE_CALLS each (about 1 ms), and the
 * scan is priced at the mean of the two. Calibrate once, then price each scan; a program that needs no model
 * (scripts/compare's rounds: pagebound-scan --no-model) does neither. */
enum { PB_PRICE_CALLS = 500, PB_PRICE_TRIALS = 3 };
typedef struct pb_pricer {
	pb_calibration startup[PB_N_PRIMS]; /* the start-up calibration, on this kernel's own ground */
	bool calibrated;
	struct {
		pb_pagecfg cfg;
		pb_prim_env env;
	} ground[PB_MAX_CFGS];
	size_t nground;
} pb_pricer;
/* The start-up calibration: each primitive on the native ground, the median of 7 trials. */
int pb_pricer_calibrate(pb_pricer *p, pb_prim_env *native);
/* Builds cfg's ground now (before any layout: an unmapped layout leaves its range free for anyone). */
void pb_pricer_ground(pb_pricer *p, const pb_pagecfg *cfg);
/* The prices of the calls in n under cfg, timed now; a primitive not timed (too light, or no ground) is its
 * start-up price, negated. */
void pb_pricer_price(pb_pricer *p, const pb_counts *n, const pb_pagecfg *cfg, double ns[PB_N_PRIMS]);
void pb_pricer_free(pb_pricer *p);

#endif
