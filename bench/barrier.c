/* barrier.c: pagebound-barrier: write-barrier variants x pointer streams x footprints, and a fixed-count mode for callgrind. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "barrier.h"
#include "benchutil.h"
#include "context.h"
#include "gbench.h"
#include "probe.h"

typedef struct bcase {
	const pb_barrier *b;
	const pb_stream *s;
} bcase;

static const char about[] =
	"Runs each write-barrier variant over each pointer stream at each footprint.\n"
	"Counters: ns_per_store (CPU ns), flagged_per_1000 (bad-pointer hits per 1000 stores), bound (bytes).";

enum { HEAP_BYTES = 1 << 20, WBUF_CAP = 512 };
static char g_heap[HEAP_BYTES]; /* the "heap block" valid pointers point into */

/* Prepared source streams are kept for the whole run, one per (stream, footprint): Google Benchmark
 * calls a benchmark several times while it sizes the iteration count, runs are interleaved at random,
 * and a 256 MiB stream takes longer to fill than to run. One destination array serves every case. */
enum { MAX_PREPARED = 64 };
static struct prepared {
	const pb_stream *s;
	size_t bytes;
	uintptr_t *src;
} g_prep[MAX_PREPARED];
static uintptr_t *g_dst;
static size_t g_dst_cap;

static const uintptr_t *prepare(const pb_stream *s, size_t bytes, char *err, size_t errlen)
{
	if (bytes > g_dst_cap) {
		free(g_dst);
		g_dst = aligned_alloc(4096, (bytes + 4095) / 4096 * 4096);
		g_dst_cap = g_dst ? bytes : 0;
		if (!g_dst) {
			snprintf(err, errlen, "allocating %zu bytes: %s", bytes, strerror(errno));
			return NULL;
		}
		memset(g_dst, 0, bytes); /* prefault */
	}
	size_t i = 0;
	for (; i < MAX_PREPARED && g_prep[i].s; i++)
		if (g_prep[i].s == s && g_prep[i].bytes == bytes)
			return g_prep[i].src;
	if (i == MAX_PREPARED) {
		snprintf(err, errlen, "more than %d stream x footprint cases in one run", MAX_PREPARED);
		return NULL;
	}
	uintptr_t *src = aligned_alloc(4096, (bytes + 4095) / 4096 * 4096);
	if (!src) {
		snprintf(err, errlen, "allocating %zu bytes: %s", bytes, strerror(errno));
		return NULL;
	}
	pb_stream_fill(s, src, bytes / 8, g_heap, sizeof g_heap, PB_MIN_PHYS_PAGE_SIZE, PB_PHYS_PAGE_SIZE);
	g_prep[i] = (struct prepared){s, bytes, src};
	return src;
}

static void bm_barrier(gb_state *st, void *arg)
{
	const bcase *bc = arg;
	const size_t bytes = (size_t)gb_arg(st, 0), n = bytes / 8;
	pb_progress_case("barrier/%s/%s/footprint:%zu", bc->b->name, bc->s->name, bytes);
	char err[256];
	pb_wbuf wb;
	const uintptr_t *src = prepare(bc->s, bytes, err, sizeof err);
	if (!src || pb_wbuf_init(&wb, WBUF_CAP)) {
		gb_skip_with_error(st, err);
		while (gb_keep_running(st, 1))
			;
		return;
	}
	pb_barrier_run(bc->b, g_dst, src, n, &wb); /* warm-up: caches, TLB, branch predictors */
	memset(g_dst, 0, bytes);
	pb_wbuf_free(&wb);
	pb_wbuf_init(&wb, WBUF_CAP);
	const double t0 = pb_cpu_ns();
	while (gb_keep_running(st, 1))
		pb_barrier_run(bc->b, g_dst, src, n, &wb);
	const double t1 = pb_cpu_ns();
	const double stores = (double)gb_iterations_done(st) * (double)n;
	if (memcmp(g_dst, src, bytes) != 0) {
		snprintf(err, sizeof err, "variant %s stored something other than the %s stream", bc->b->name, bc->s->name);
		gb_skip_with_error(st, err);
	} else {
		gb_counter(st, "ns_per_store", (t1 - t0) / stores, GB_DEFAULTS);
		gb_counter(st, "flagged_per_1000", (double)wb.flagged * 1000.0 / stores, GB_DEFAULTS);
		gb_counter(st, "bound", (double)pb_barrier_bound(bc->b), GB_DEFAULTS);
		gb_set_items_processed(st, (int64_t)stores);
	}
	pb_wbuf_free(&wb);
}

/* --count=VARIANT:STREAM:FOOTPRINT[:PASSES], checked word by word. */
typedef struct count_spec {
	const pb_barrier *b;
	const pb_stream *s;
	size_t footprint, passes;
} count_spec;

static int parse_count(const char *value, void *dest, char *err, size_t errlen)
{
	count_spec *cs = dest;
	char buf[256];
	snprintf(buf, sizeof buf, "%s", value);
	char *save, *vn = strtok_r(buf, ":", &save), *sn = strtok_r(NULL, ":", &save), *fs = strtok_r(NULL, ":", &save),
		    *ps = strtok_r(NULL, ":", &save);
	uint64_t passes = 0;
	cs->b = vn ? pb_barrier_find(vn) : NULL;
	cs->s = sn ? pb_stream_find(sn) : NULL;
	if (!cs->b || !cs->s || !fs || pb_parse_size(fs, &cs->footprint) ||
		pb_footprint_validate(cs->footprint, err, errlen) || strtok_r(NULL, ":", &save) ||
		(ps && (pb_parse_u64(ps, &passes) || passes == 0 || passes > 1000000))) {
		snprintf(err, errlen, "not VARIANT:STREAM:FOOTPRINT[:PASSES] with names from --list, a footprint from 8 "
			"to 1G (a multiple of 8) and 1 to 1000000 passes, e.g. on-min:valid:256K:4");
		return -1;
	}
	/* by default about 1 Mi stores: enough for callgrind's count to be all loop */
	const size_t per = cs->footprint / 8;
	cs->passes = passes ? (size_t)passes : ((size_t)1 << 20) / per ? ((size_t)1 << 20) / per : 1;
	return 0;
}

/* A fixed number of stores, no timing, for callgrind. */
static int count_mode(const char *prog, const count_spec *cs)
{
	char err[256];
	pb_wbuf wb;
	const uintptr_t *src = prepare(cs->s, cs->footprint, err, sizeof err);
	if (!src || pb_wbuf_init(&wb, WBUF_CAP)) {
		fprintf(stderr, "%s: %s\n", prog, src ? "allocating the shade buffer failed" : err);
		return 1;
	}
	const size_t n = cs->footprint / 8;
	for (size_t i = 0; i < cs->passes; i++)
		pb_barrier_run(cs->b, g_dst, src, n, &wb);
	printf("variant=%s stream=%s footprint=%zu stores=%zu flagged=%llu\n", cs->b->name, cs->s->name, cs->footprint,
		cs->passes * n, (unsigned long long)wb.flagged);
	pb_wbuf_free(&wb);
	return 0;
}

/* The seed's point 2 on a live mapping: a page mapped below P (where vm.mmap_min_addr allows), a pointer into it
 * stored through every variant. A real pointer that a variant flags is a false positive. */
static int live_low(const char *prog)
{
	const size_t page = pb_native_page_size();
	char err[256];
	const uintptr_t a = pb_low_page_address(page, PB_PHYS_PAGE_SIZE, err, sizeof err);
	void *p = a ? mmap((void *)a, page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0)
		    : MAP_FAILED;
	if (p != (void *)a) {
		fprintf(stderr, "%s: --live-low: %s\n", prog, a ? strerror(errno) : err);
		return 2;
	}
	uintptr_t src[1] = {a + 8}, dst[1] = {0};
	printf("live-low: page %zu mapped at 0x%llx (M=%u, P=%u); a pointer into it, 0x%llx, stored through each variant:\n",
		page, (unsigned long long)a, (unsigned)PB_MIN_PHYS_PAGE_SIZE, (unsigned)PB_PHYS_PAGE_SIZE,
		(unsigned long long)src[0]);
	for (size_t i = 0; i < pb_n_barriers; i++) {
		pb_wbuf wb;
		if (pb_wbuf_init(&wb, WBUF_CAP))
			return 1;
		pb_barrier_run(&pb_barriers[i], dst, src, 1, &wb);
		printf("variant=%s bound=%llu %s\n", pb_barriers[i].name, (unsigned long long)pb_barrier_bound(&pb_barriers[i]),
			wb.flagged ? "FLAGGED (a real pointer taken for a bad one)" : "accepted");
		pb_wbuf_free(&wb);
	}
	munmap(p, page);
	return 0;
}

typedef struct barrier_opts {
	size_t list, sweep, page;
	pb_sel variants, streams;
	pb_sizes footprints;
	count_spec count;
	bool live_low;
} barrier_opts;

static int parse(barrier_opts *o, int *argc, char **argv)
{
	const pb_opt opts[] = {
		{.name = "--variants", .kind = PB_OPT_LIST, .dest = &o->variants, .meta = "LIST", .help = "barrier variants",
			.names = PB_NAMES(pb_barriers, pb_n_barriers), .deflt = "default: the sweep's"},
		{.name = "--streams", .kind = PB_OPT_LIST, .dest = &o->streams, .meta = "LIST", .help = "pointer streams",
			.names = PB_NAMES(pb_streams, pb_n_streams), .deflt = "default: the sweep's"},
		{.name = "--footprints", .kind = PB_OPT_SIZES, .dest = &o->footprints, .meta = "LIST", .min = 8,
			.max = (double)PB_GiB, .align = 8, .help = "bytes stored per pass (as many read)",
			.deflt = "default: the sweep's"},
		{.name = "--page-size", .kind = PB_OPT_SIZE, .dest = &o->page, .meta = "SIZE", .min = 4096,
			.max = (double)PB_GiB, .pow2 = true, .help = "the page size on-dynamic's bound is set from",
			.deflt = "default: this kernel's"},
		{.name = "--count", .kind = PB_OPT_CALL, .dest = &o->count, .meta = "SPEC", .call = parse_count,
			.help = "VARIANT:STREAM:FOOTPRINT[:PASSES]: fixed work, no timing, for valgrind --tool=callgrind"},
		{.name = "--live-low", .kind = PB_OPT_FLAG, .dest = &o->live_low,
			.help = "map a page below P, store a pointer into it through every variant, say which flag it"},
	};
	return pb_bench_parse(opts, sizeof opts / sizeof opts[0], &o->list, &o->sweep, about, argc, argv);
}

/* The footprints to run: as given, or the sweep's. */
static void sweep_footprints(barrier_opts *o)
{
	if (o->footprints.n)
		return;
	for (size_t i = 0; i < pb_n_footprints; i++)
		if (pb_footprints[i].sweeps & pb_sweeps[o->sweep].bit)
			o->footprints.v[o->footprints.n++] = pb_footprints[i].bytes;
}

static size_t register_cases(const barrier_opts *o, bcase *cases)
{
	static const char *const arg_names[] = {"footprint"};
	char name[160];
	size_t nc = 0;
	for (size_t bi = 0; bi < pb_n_barriers; bi++)
		for (size_t si = 0; si < pb_n_streams; si++) {
			if (!pb_selected(&o->variants, bi, pb_barriers[bi].sweeps, o->sweep) ||
				!pb_selected(&o->streams, si, pb_streams[si].sweeps, o->sweep))
				continue;
			cases[nc] = (bcase){&pb_barriers[bi], &pb_streams[si]};
			snprintf(name, sizeof name, "barrier/%s/%s", pb_barriers[bi].name, pb_streams[si].name);
			gb_bench *b = gb_arg_names(gb_register(name, bm_barrier, &cases[nc]), arg_names, 1);
			for (size_t f = 0; f < o->footprints.n; f++) {
				const int64_t fp = (int64_t)o->footprints.v[f];
				gb_args(b, &fp, 1);
			}
			nc++;
		}
	return nc;
}

int main(int argc, char **argv)
{
	barrier_opts o = {.list = PB_NO_LIST, .sweep = pb_n_sweeps - 1, .page = pb_native_page_size()};
	int rc = parse(&o, &argc, argv);
	if (rc != PB_OPT_OK)
		return rc == PB_OPT_EXIT ? 0 : 2;
	if (o.list != PB_NO_LIST) {
		pb_item items[64];
		pb_items_print(stdout, items, pb_barrier_items(items, 64), o.list == 1);
		return 0;
	}
	if (o.count.b)
		return count_mode(argv[0], &o.count);
	if (o.live_low)
		return live_low(argv[0]);
	sweep_footprints(&o);
	pb_barrier_set_page_size(o.page);
	bcase *cases = calloc(pb_n_barriers * pb_n_streams, sizeof *cases);
	if (!cases)
		return 1;
	if (register_cases(&o, cases) == 0) {
		fprintf(stderr, "%s: nothing to run: no variant x stream selected\n", argv[0]);
		free(cases);
		return 2;
	}
	pb_add_standard_context();
	char word[32];
	snprintf(word, sizeof word, "%zu", o.page);
	gb_add_context("dynamic_bound", word);
	rc = gb_main(argc, argv);
	free(cases);
	return rc;
}
