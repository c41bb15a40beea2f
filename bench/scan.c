/* scan.c: pagebound-scan: the address-range probes x configurations x layouts x region sizes, and the primitives. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "benchutil.h"
#include "context.h"
#include "gbench.h"
#include "prim.h"
#include "probe.h"

typedef struct scan_case {
	const pb_probe *probe;
	pb_pagecfg cfg;
	pb_layout_id layout;
} scan_case;

static double g_prim_ns[PB_N_PRIMS]; /* calibrated at start-up; priced into model_ns */
static pb_prim_env g_env;

static void skip(gb_state *st, const char *msg)
{
	gb_skip_with_error(st, msg);
	while (gb_keep_running(st, 1))
		;
}

/* One benchmark = one probe on one layout. The layout is built and checked before the timed loop and
 * re-checked after it; the probe's vector and buffers are allocated beforehand. */
static void bm_scan(gb_state *st, void *arg)
{
	const scan_case *sc = arg;
	const size_t n = (size_t)gb_arg(st, 0);
	char err[512];
	pb_region r;
	pb_probe_ctx c;
	char label[32];
	pb_pagecfg_label(&sc->cfg, label, sizeof label);
	pb_progress_case("scan/%s/%s/%s/bytes:%zu", sc->probe->name, label, pb_layouts[sc->layout].name, n);
	if (pb_region_build(&r, sc->layout, n, &sc->cfg, err, sizeof err)) {
		skip(st, err);
		return;
	}
	if (pb_ctx_init(&c, &sc->cfg, err, sizeof err)) {
		pb_region_destroy(&r);
		skip(st, err);
		return;
	}
	const pb_verdict truth = r.truth_free ? PB_FREE : PB_NOT_FREE;
	const pb_verdict first = sc->probe->fn(&c, r.base, n); /* warm-up, and the verdict to compare */
	memset(&c.n, 0, sizeof c.n);
	int64_t changed = 0;
	const double t0 = pb_cpu_ns();
	while (gb_keep_running(st, 1))
		changed += sc->probe->fn(&c, r.base, n) != first;
	const double t1 = pb_cpu_ns();
	const double it = (double)gb_iterations_done(st);
	if (pb_region_check(&r, err, sizeof err)) {
		gb_skip_with_error(st, err);
	} else if (first == PB_PROBE_ERROR || changed) {
		snprintf(err, sizeof err, "probe %s gave %s", sc->probe->name,
			first == PB_PROBE_ERROR ? "an error" : "different verdicts on the same layout");
		gb_skip_with_error(st, err);
	} else {
		const double pages = (double)(n / sc->cfg.T);
		gb_counter(st, "syscalls", (double)c.n.syscalls, GB_AVG_ITERATIONS);
		gb_counter(st, "einval", (double)c.n.einval, GB_AVG_ITERATIONS);
		gb_counter(st, "verdict_ok", first == truth, GB_DEFAULTS);
		gb_counter(st, "ns_per_page", (t1 - t0) / (it * pages), GB_DEFAULTS);
		gb_counter(st, "model_ns", pb_model_ns(&c.n, g_prim_ns), GB_AVG_ITERATIONS);
		gb_counter(st, "t_emulated", sc->cfg.t_emulated, GB_DEFAULTS);
		gb_counter(st, "bytes", (double)n, GB_DEFAULTS);
		gb_set_complexity_n(st, (int64_t)n);
	}
	pb_ctx_free(&c);
	pb_region_destroy(&r);
}

static void bm_prim(gb_state *st, void *arg)
{
	const pb_prim *p = arg;
	pb_progress_case("prim/%s", p->name);
	const int64_t batch = 16;
	int64_t ok = 0;
	while (gb_keep_running(st, batch))
		ok += p->fn(&g_env, batch);
	if (ok != gb_iterations_done(st)) {
		char err[256];
		snprintf(err, sizeof err, "primitive %s answered other than named in %lld of %lld calls", p->name,
			(long long)(gb_iterations_done(st) - ok), (long long)gb_iterations_done(st));
		gb_skip_with_error(st, err);
	}
}

static void list(void)
{
	char label[32];
	printf("probes (scan/<probe>/<config>/<layout>/bytes:<n>):\n");
	for (size_t i = 0; i < pb_n_probes; i++)
		printf("  %-16s %s\n", pb_probes[i].name, pb_probes[i].summary);
	printf("configurations (M=%u; this kernel's page size is %zu):\n", (unsigned)PB_MIN_PHYS_PAGE_SIZE,
		pb_native_page_size());
	for (size_t i = 0; i < pb_n_named_cfgs; i++) {
		pb_pagecfg c;
		char err[256];
		bool ok = pb_pagecfg_named(&c, pb_named_cfgs[i].name, PB_MIN_PHYS_PAGE_SIZE, err, sizeof err) == 0;
		if (ok)
			pb_pagecfg_label(&c, label, sizeof label);
		printf("  %-16s %-10s %-9s %s\n", pb_named_cfgs[i].name, ok ? label : "-",
			!ok ? "n/a here" : c.t_emulated ? "emulated" : "native", ok ? pb_named_cfgs[i].summary : err);
	}
	printf("layouts:\n");
	for (size_t i = 0; i < pb_n_layouts; i++)
		printf("  %-16s %s\n", pb_layouts[i].name, pb_layouts[i].summary);
	printf("primitives (prim/<name>):\n");
	for (size_t i = 0; i < PB_N_PRIMS; i++)
		printf("  %-16s %s\n", pb_prims[i].name, pb_prims[i].summary);
}

static void usage(const char *prog)
{
	printf("usage: %s [--list] [--configs=LIST] [--probes=LIST] [--layouts=LIST] [--max-bytes=SIZE]\n"
	       "          [--min-bytes=SIZE] [--custom=P64K-T16K,...] [--no-prims] [--no-scans] [Google Benchmark flags]\n"
	       "Region sizes run from --min-bytes (default 4K) to --max-bytes (default 1G) in steps of x4.\n"
	       "--custom adds configurations by label (P and T powers of two, T >= this kernel's page size);\n"
	       "without --configs it replaces the named ones.\n"
	       "Counters: syscalls and einval per scan, verdict_ok, ns_per_page (CPU ns per T page),\n"
	       "model_ns (the scan's time predicted from the primitives measured at start-up).\n"
	       "Google Benchmark's own flags (--benchmark_filter, --benchmark_repetitions, ...) pass through.\n",
		prog);
}

int main(int argc, char **argv)
{
	const char *configs = NULL, *custom = NULL, *probes = NULL, *layouts = NULL, *v;
	size_t max_bytes = PB_GiB, min_bytes = 4 * PB_KiB;
	bool prims = true, scans = true, listing = false;
	int out = 1;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--list") == 0) {
			list();
			return 0;
		} else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			usage(argv[0]);
			return 0;
		} else if ((v = pb_opt_value(a, "--configs"))) {
			configs = v;
		} else if ((v = pb_opt_value(a, "--custom"))) {
			custom = v;
		} else if ((v = pb_opt_value(a, "--probes"))) {
			probes = v;
		} else if ((v = pb_opt_value(a, "--layouts"))) {
			layouts = v;
		} else if (strcmp(a, "--no-prims") == 0) {
			prims = false;
		} else if (strcmp(a, "--no-scans") == 0) {
			scans = false;
		} else if ((v = pb_opt_value(a, "--max-bytes")) || (v = pb_opt_value(a, "--min-bytes"))) {
			size_t s;
			if (pb_parse_size(v, &s) || s < 4096 || s > PB_MAX_REGION || s % 4096) {
				fprintf(stderr, "%s: bad size '%s' in %.*s (valid: a multiple of 4K from 4K to 1T, e.g. 64K, 4G)\n",
					argv[0], v, (int)(v - a - 1), a);
				return 2;
			}
			*(a[2] == 'm' && a[3] == 'a' ? &max_bytes : &min_bytes) = s;
		} else {
			if (strncmp(a, "--benchmark_list_tests", 22) == 0 && !strstr(a, "=false"))
				listing = true;
			argv[out++] = argv[i];
		}
	}
	argc = out;
	if ((configs && pb_check_list(argv[0], "--configs", configs, &pb_named_cfgs[0].name, pb_n_named_cfgs,
			       sizeof pb_named_cfgs[0])) ||
		(probes && pb_check_list(argv[0], "--probes", probes, &pb_probes[0].name, pb_n_probes, sizeof pb_probes[0])) ||
		(layouts && pb_check_list(argv[0], "--layouts", layouts, &pb_layouts[0].name, pb_n_layouts,
				    sizeof pb_layouts[0])))
		return 2;
	if (min_bytes > max_bytes) {
		fprintf(stderr, "%s: --min-bytes=%zu is larger than --max-bytes=%zu\n", argv[0], min_bytes, max_bytes);
		return 2;
	}

	char err[512], label[32], name[160], buf[64];
	if (pb_prim_env_init(&g_env, err, sizeof err)) {
		fprintf(stderr, "%s: primitives: %s\n", argv[0], err);
		return 1;
	}
	for (int i = 0; i < PB_N_PRIMS; i++) {
		g_prim_ns[i] = listing ? 0 : pb_prim_calibrate(&pb_prims[i], &g_env);
		snprintf(name, sizeof name, "prim_ns.%s", pb_prims[i].name);
		snprintf(buf, sizeof buf, "%.2f", g_prim_ns[i]);
		gb_add_context(name, buf);
		if (prims)
			gb_register((snprintf(name, sizeof name, "prim/%s", pb_prims[i].name), name), bm_prim,
				(void *)&pb_prims[i]);
	}

	/* the configurations to run: named ones (all that are valid on this kernel unless --configs), then --custom */
	enum { MAX_CFGS = 16 };
	pb_pagecfg cfgs[MAX_CFGS];
	size_t ncfg = 0;
	for (size_t ci = 0; ci < pb_n_named_cfgs; ci++) {
		if (!pb_in_list(configs, pb_named_cfgs[ci].name) || (custom && !configs))
			continue;
		if (pb_pagecfg_named(&cfgs[ncfg], pb_named_cfgs[ci].name, PB_MIN_PHYS_PAGE_SIZE, err, sizeof err) == 0)
			ncfg++;
		else if (configs) /* asked for by name: say why it cannot run */
			fprintf(stderr, "%s: configuration %s left out: %s\n", argv[0], pb_named_cfgs[ci].name, err);
	}
	for (const char *p = custom; p && *p;) {
		size_t w = strcspn(p, ",");
		snprintf(buf, sizeof buf, "%.*s", (int)w, p);
		if (ncfg == MAX_CFGS || pb_pagecfg_parse(&cfgs[ncfg], buf, PB_MIN_PHYS_PAGE_SIZE, err, sizeof err)) {
			fprintf(stderr, "%s: --custom: %s\n", argv[0], ncfg == MAX_CFGS ? "too many configurations" : err);
			return 2;
		}
		ncfg++;
		p += w + (p[w] == ',');
	}
	scan_case *cases = calloc(pb_n_probes * MAX_CFGS * pb_n_layouts, sizeof *cases);
	if (!cases) {
		fprintf(stderr, "%s: %s\n", argv[0], strerror(errno));
		return 1;
	}
	size_t ncases = 0, nbench = 0;
	bool any_emulated = false, any_native = false;
	static const char *const arg_names[] = {"bytes"};
	for (size_t pi = 0; scans && pi < pb_n_probes; pi++) {
		if (!pb_in_list(probes, pb_probes[pi].name))
			continue;
		for (size_t ci = 0; ci < ncfg; ci++) {
			const pb_pagecfg cfg = cfgs[ci];
			any_emulated |= cfg.t_emulated;
			any_native |= !cfg.t_emulated;
			pb_pagecfg_label(&cfg, label, sizeof label);
			for (size_t li = 0; li < pb_n_layouts; li++) {
				if (!pb_in_list(layouts, pb_layouts[li].name))
					continue;
				scan_case *sc = &cases[ncases];
				*sc = (scan_case){&pb_probes[pi], cfg, pb_layouts[li].id};
				gb_bench *b = NULL;
				int nsizes = 0;
				for (size_t n = min_bytes; n <= max_bytes; n *= 4) {
					if (pb_region_validate(sc->layout, n, &cfg, err, sizeof err))
						continue;
					if (!b) {
						snprintf(name, sizeof name, "scan/%s/%s/%s", pb_probes[pi].name, label, pb_layouts[li].name);
						b = gb_arg_names(gb_register(name, bm_scan, sc), arg_names, 1);
					}
					int64_t a = (int64_t)n;
					gb_args(b, &a, 1);
					nsizes++;
				}
				if (!b)
					continue;
				if (nsizes > 1)
					gb_complexity(b, pb_probes[pi].scans ? GB_O_N : GB_O_1);
				ncases++;
				nbench += (size_t)nsizes;
			}
		}
	}
	if (nbench == 0 && !prims) {
		fprintf(stderr, "%s: nothing to run: no probe x configuration x layout x size is valid for these options\n",
			argv[0]);
		return 2;
	}
	pb_add_standard_context();
	gb_add_context("t_mode", any_emulated && any_native ? "native and emulated (see each result's t_emulated)"
				 : any_emulated                ? "emulated"
							       : "native");
	int rc = gb_main(argc, argv);
	pb_prim_env_free(&g_env);
	free(cases);
	return rc;
}
