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

/* One registration: a probe on a layout under a configuration, at the sizes listed. The sizes whose layout could
 * not be built at registration (an address-space limit, no transparent huge page) form a case of their own
 * with no complexity fit: Google Benchmark 1.7.1 crashes computing the fit of a family with no successful run. */
typedef struct scan_case {
	const pb_probe *probe;
	pb_pagecfg cfg;
	pb_layout_id layout;
	bool fit;
	size_t nsizes;
	int64_t sizes[PB_SIZES_MAX];
} scan_case;

typedef struct scan_opts {
	size_t list, sweep;
	pb_sel probes, layouts;
	pb_cfgset configs;
	size_t min_bytes, max_bytes;
	bool no_prim, no_scan, no_model, list_tests;
} scan_opts;

static const char about[] =
	"Scans region layouts with each probe under each page configuration, and times the primitives.\n"
	"Counters: syscalls and einval per scan, verdict_ok, ns_per_page (CPU ns per T page), model_ns (the\n"
	"scan's time predicted from the primitives). Google Benchmark's own flags pass through.";

static pb_prim_env g_env;

static pb_pricer g_pricer; /* model_ns: each scan priced at its own moment (src/probe/prim.h) */
static bool g_model = true; /* --no-model: no pricing, no model counters */

static void skip(gb_state *st, const char *msg)
{
	gb_skip_with_error(st, msg);
	while (gb_keep_running(st, 1))
		;
}

static void scan_counters(gb_state *st, const scan_case *sc, const pb_probe_ctx *c, size_t n, bool right,
	double ns, const double prices[PB_N_PRIMS])
{
	const double pages = (double)(n / sc->cfg.T), it = (double)gb_iterations_done(st);
	gb_counter(st, "syscalls", (double)c->n.syscalls, GB_AVG_ITERATIONS);
	gb_counter(st, "einval", (double)c->n.einval, GB_AVG_ITERATIONS);
	gb_counter(st, "verdict_ok", right, GB_DEFAULTS);
	gb_counter(st, "ns_per_page", ns / (it * pages), GB_DEFAULTS);
	if (g_model)
		gb_counter(st, "model_ns", pb_model_ns(&c->n, prices), GB_AVG_ITERATIONS);
	for (int i = 0; i < PB_N_PRIMS && g_model; i++) { /* the prices this scan was timed against, next to it */
		char name[64];
		snprintf(name, sizeof name, "prim_ns.%s", pb_prims[i].name);
		if (prices[i] != g_pricer.startup[i].median)
			gb_counter(st, name, prices[i], GB_DEFAULTS);
	}
	gb_counter(st, "t_emulated", sc->cfg.t_emulated, GB_DEFAULTS);
	gb_counter(st, "bytes", (double)n, GB_DEFAULTS);
	gb_set_complexity_n(st, (int64_t)n);
}

/* One benchmark = one probe on one layout. The layout is built and checked before the timed loop and
 * re-checked after it; the probe's vector and buffers are allocated beforehand. */
static void bm_scan(gb_state *st, void *arg)
{
	const scan_case *sc = arg;
	const size_t n = (size_t)gb_arg(st, 0);
	char err[512], label[32];
	pb_region r;
	pb_probe_ctx c;
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
	const pb_counts one = c.n;
	memset(&c.n, 0, sizeof c.n);
	double before[PB_N_PRIMS], after[PB_N_PRIMS], prices[PB_N_PRIMS] = {0};
	if (g_model)
		pb_pricer_price(&g_pricer, &one, &sc->cfg, before);
	int64_t changed = 0;
	const double t0 = pb_cpu_ns();
	while (gb_keep_running(st, 1))
		changed += sc->probe->fn(&c, r.base, n) != first;
	const double t1 = pb_cpu_ns();
	if (g_model)
		pb_pricer_price(&g_pricer, &one, &sc->cfg, after);
	for (int i = 0; i < PB_N_PRIMS && g_model; i++)
		prices[i] = before[i] < 0 ? g_pricer.startup[i].median : (before[i] + after[i]) / 2;
	if (pb_region_check(&r, err, sizeof err)) {
		gb_skip_with_error(st, err);
	} else if (first == PB_PROBE_ERROR || changed) {
		snprintf(err, sizeof err, "probe %s gave %s", sc->probe->name,
			first == PB_PROBE_ERROR ? "an error" : "different verdicts on the same layout");
		gb_skip_with_error(st, err);
	} else {
		scan_counters(st, sc, &c, n, first == truth, t1 - t0, prices);
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

static int parse(scan_opts *o, int *argc, char **argv)
{
	const pb_opt opts[] = {
		{.name = "--probes", .kind = PB_OPT_LIST, .dest = &o->probes, .meta = "LIST", .help = "probes to run",
			.names = PB_NAMES(pb_probes, pb_n_probes), .deflt = "default: the sweep's"},
		{.name = "--configs", .kind = PB_OPT_CALL, .dest = &o->configs, .meta = "LIST", .call = pb_cfgset_parse,
			.help = "page configurations: names (--list) or labels P<size>-T<size>; T >= this kernel's page size",
			.deflt = "default: the sweep's that can run here"},
		{.name = "--layouts", .kind = PB_OPT_LIST, .dest = &o->layouts, .meta = "LIST", .help = "region layouts",
			.names = PB_NAMES(pb_layouts, pb_n_layouts), .deflt = "default: the sweep's"},
		{.name = "--min-bytes", .kind = PB_OPT_SIZE, .dest = &o->min_bytes, .meta = "SIZE", .min = 4096,
			.max = (double)PB_MAX_REGION, .align = 4096, .help = "smallest region; sizes step by x4",
			.deflt = "default: the sweep's smallest"},
		{.name = "--max-bytes", .kind = PB_OPT_SIZE, .dest = &o->max_bytes, .meta = "SIZE", .min = 4096,
			.max = (double)PB_MAX_REGION, .align = 4096, .help = "largest region",
			.deflt = "default: the sweep's largest"},
		{.name = "--no-prim", .kind = PB_OPT_FLAG, .dest = &o->no_prim, .help = "leave out the prim/ benchmarks"},
		{.name = "--no-scan", .kind = PB_OPT_FLAG, .dest = &o->no_scan, .help = "run the prim/ benchmarks only"},
		{.name = "--no-model", .kind = PB_OPT_FLAG, .dest = &o->no_model,
			.help = "no model_ns: no start-up calibration, no primitives timed around each scan (scripts/compare's "
				"rounds: a repetition then costs its timed loop and its layout only)"},
		{.name = "--benchmark_list_tests", .kind = PB_OPT_BOOL, .dest = &o->list_tests, .implicit = "true",
			.keep = true, .help = "Google Benchmark's: list the benchmarks (no primitive is calibrated then)"},
	};
	return pb_bench_parse(opts, sizeof opts / sizeof opts[0], &o->list, &o->sweep, about, argc, argv);
}

/* the seed's P: its configuration's (role seed) */
static size_t seed_p(void)
{
	for (size_t i = 0; i < pb_n_named_cfgs; i++)
		if (strcmp(pb_named_cfgs[i].role, "seed") == 0)
			return pb_named_cfgs[i].P;
	return 0;
}

/* Fills o's unset lists from the sweep: the configurations valid here, the sweep's smallest and largest size. On a
 * kernel whose page size none of them has (16 or 64 KiB: the sweep's 4K configurations are n/a there), the seed's
 * P at this kernel's T is added: a real 16K or 64K machine measures the seed's case at its own page size. */
static void apply_sweep(scan_opts *o)
{
	const unsigned bit = pb_sweeps[o->sweep].bit;
	const bool given = o->configs.n > 0;
	bool native = false;
	for (int pass = 0; pass < 2 && !given && !native; pass++)
		for (size_t i = 0; i < pb_n_named_cfgs; i++) {
			pb_pagecfg c;
			char err[256];
			const bool in = pass == 0 ? (pb_named_cfgs[i].sweeps & bit) != 0 :
						    pb_named_cfgs[i].T == pb_native_page_size() && pb_named_cfgs[i].P == seed_p();
			if (in && pb_pagecfg_named(&c, pb_named_cfgs[i].name, PB_MIN_PHYS_PAGE_SIZE, err, sizeof err) == 0) {
				pb_cfgset_add(&o->configs, &c);
				native = native || !c.t_emulated;
			}
		}
	size_t lo = 0, hi = 0;
	for (size_t i = 0; i < pb_n_region_sizes; i++)
		if (pb_region_sizes[i].sweeps & bit) {
			lo = lo ? lo : pb_region_sizes[i].bytes;
			hi = pb_region_sizes[i].bytes;
		}
	o->min_bytes = o->min_bytes ? o->min_bytes : lo;
	o->max_bytes = o->max_bytes ? o->max_bytes : hi;
}

/* Can the layout be built now? Every size is tried once at registration (not when only listing). */
static bool buildable(const scan_opts *o, pb_layout_id l, size_t n, const pb_pagecfg *cfg)
{
	pb_region r;
	char err[512];
	if (o->list_tests)
		return true;
	if (pb_region_build(&r, l, n, cfg, err, sizeof err))
		return false;
	pb_region_destroy(&r);
	return true;
}

/* The probe x configuration x layout's valid sizes, split into the buildable ones and the others. */
static size_t add_cases(const scan_opts *o, const pb_probe *p, const pb_pagecfg *cfg, pb_layout_id l, scan_case *out)
{
	char err[256];
	out[0] = (scan_case){p, *cfg, l, true, 0, {0}};
	out[1] = (scan_case){p, *cfg, l, false, 0, {0}};
	for (size_t b = o->min_bytes; b <= o->max_bytes && out[0].nsizes + out[1].nsizes < PB_SIZES_MAX; b *= 4) {
		if (pb_region_validate(l, b, cfg, err, sizeof err))
			continue;
		scan_case *c = buildable(o, l, b, cfg) ? &out[0] : &out[1];
		c->sizes[c->nsizes++] = (int64_t)b;
	}
	if (!out[0].nsizes)
		out[0] = out[1];
	return (out[0].nsizes > 0) + (out[0].nsizes > 0 && out[0].fit && out[1].nsizes > 0);
}

/* Every probe x configuration x layout with at least one valid size. */
static size_t collect(const scan_opts *o, scan_case *cases, size_t cap)
{
	size_t n = 0;
	for (size_t pi = 0; pi < pb_n_probes; pi++)
		for (size_t ci = 0; pb_selected(&o->probes, pi, pb_probes[pi].sweeps, o->sweep) && ci < o->configs.n; ci++)
			for (size_t li = 0; li < pb_n_layouts && n + 2 <= cap; li++)
				if (pb_selected(&o->layouts, li, pb_layouts[li].sweeps, o->sweep))
					n += add_cases(o, &pb_probes[pi], &o->configs.c[ci], pb_layouts[li].id, &cases[n]);
	return n;
}

static void register_cases(const scan_case *cases, size_t n)
{
	static const char *const arg_names[] = {"bytes"};
	char name[160], label[32];
	for (size_t i = 0; i < n; i++) {
		const scan_case *sc = &cases[i];
		if (g_model)
			pb_pricer_ground(&g_pricer, &sc->cfg); /* now, before any layout: an unmapped layout leaves its range free for anyone */
		pb_pagecfg_label(&sc->cfg, label, sizeof label);
		snprintf(name, sizeof name, "scan/%s/%s/%s", sc->probe->name, label, pb_layouts[sc->layout].name);
		gb_bench *b = gb_arg_names(gb_register(name, bm_scan, (void *)sc), arg_names, 1);
		for (size_t k = 0; k < sc->nsizes; k++)
			gb_args(b, &sc->sizes[k], 1);
		if (sc->fit && sc->nsizes > 1)
			gb_complexity(b, sc->probe->scans ? GB_O_N : GB_O_1);
	}
}

/* The primitives: calibrated for the model (skipped when only listing), in the context, and registered. */
static int prims(const scan_opts *o, const char *prog)
{
	char err[512], name[64], buf[64];
	if (pb_prim_env_init(&g_env, NULL, err, sizeof err)) {
		fprintf(stderr, "%s: primitives: %s\n", prog, err);
		return -1;
	}
	g_model = !o->no_model && !o->list_tests;
	if (g_model)
		pb_pricer_calibrate(&g_pricer, &g_env);
	for (int i = 0; i < PB_N_PRIMS && g_model; i++) {
		const pb_calibration c = g_pricer.startup[i];
		snprintf(name, sizeof name, "prim_ns.%s", pb_prims[i].name);
		snprintf(buf, sizeof buf, "%.2f", c.median);
		gb_add_context(name, buf);
		snprintf(name, sizeof name, "prim_ns_range.%s", pb_prims[i].name);
		snprintf(buf, sizeof buf, "%.2f-%.2f", c.min, c.max);
		gb_add_context(name, buf);
	}
	gb_add_context("model_prices", !g_model ? "none (--no-model: no model_ns)"
						: "model_ns prices each scan's calls with its primitives timed right before and after "
						  "its timed loop (the scan's own prim_ns.* counters); the context's prim_ns.* are a "
						  "start-up calibration (median of 7 trials, range in prim_ns_range.*), used only for "
						  "the primitives that weigh under 1% of a scan");
	for (int i = 0; i < PB_N_PRIMS; i++) {
		if (!o->no_prim)
			gb_register((snprintf(name, sizeof name, "prim/%s", pb_prims[i].name), name), bm_prim,
				(void *)&pb_prims[i]);
	}
	return 0;
}

static const char *t_mode(const scan_case *cases, size_t n)
{
	bool emulated = false, native = false;
	for (size_t i = 0; i < n; i++) {
		emulated |= cases[i].cfg.t_emulated;
		native |= !cases[i].cfg.t_emulated;
	}
	return emulated && native ? "native and emulated (see each result's t_emulated)" : emulated ? "emulated" : "native";
}

int main(int argc, char **argv)
{
	scan_opts o = {.list = PB_NO_LIST, .sweep = pb_n_sweeps - 1}; /* the full sweep: the last */
	int rc = parse(&o, &argc, argv);
	if (rc != PB_OPT_OK)
		return rc == PB_OPT_EXIT ? 0 : 2;
	if (o.list != PB_NO_LIST) {
		pb_item items[64];
		pb_items_print(stdout, items, pb_scan_items(items, 64), o.list == 1);
		return 0;
	}
	apply_sweep(&o);
	if (o.min_bytes > o.max_bytes) {
		fprintf(stderr, "%s: --min-bytes=%zu is larger than --max-bytes=%zu\n", argv[0], o.min_bytes, o.max_bytes);
		return 2;
	}
	const size_t cap = 2 * pb_n_probes * PB_MAX_CFGS * pb_n_layouts;
	scan_case *cases = calloc(cap, sizeof *cases);
	if (!cases) {
		fprintf(stderr, "%s: %s\n", argv[0], strerror(errno));
		return 1;
	}
	const size_t n = o.no_scan ? 0 : collect(&o, cases, cap);
	if (n == 0 && o.no_prim) {
		fprintf(stderr, "%s: nothing to run: no probe x configuration x layout x size is valid for these options\n",
			argv[0]);
		free(cases);
		return 2;
	}
	if (prims(&o, argv[0])) {
		free(cases);
		return 1;
	}
	register_cases(cases, n);
	pb_add_standard_context();
	gb_add_context("t_mode", t_mode(cases, n));
	rc = gb_main(argc, argv);
	pb_prim_env_free(&g_env);
	pb_pricer_free(&g_pricer);
	free(cases);
	return rc;
}
