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
		gb_counter(st, "flagged", (double)wb.flagged * 1000.0 / stores, GB_DEFAULTS);
		gb_counter(st, "bound", (double)pb_barrier_bound(bc->b), GB_DEFAULTS);
		gb_set_items_processed(st, (int64_t)stores);
	}
	pb_wbuf_free(&wb);
}

/* --count=VARIANT:STREAM:FOOTPRINT[:PASSES]: a fixed number of stores, no timing, for callgrind. */
static int count_mode(const char *prog, const char *spec)
{
	char buf[256], err[256];
	snprintf(buf, sizeof buf, "%s", spec);
	char *vn = strtok(buf, ":"), *sn = strtok(NULL, ":"), *fs = strtok(NULL, ":"), *ps = strtok(NULL, ":");
	const pb_barrier *b = vn ? pb_barrier_find(vn) : NULL;
	const pb_stream *s = sn ? pb_stream_find(sn) : NULL;
	size_t fp = 0, passes = 0;
	if (!b || !s || !fs || pb_parse_size(fs, &fp) || pb_footprint_validate(fp, err, sizeof err) ||
		(ps && (pb_parse_size(ps, &passes) || passes == 0))) {
		fprintf(stderr, "%s: bad --count '%s' (valid: VARIANT:STREAM:FOOTPRINT[:PASSES], e.g. on-min:valid:256K:4; "
				"see --list)\n", prog, spec);
		return 2;
	}
	if (!passes)
		passes = (1u << 20) / (fp / 8) ? (1u << 20) / (fp / 8) : 1;
	pb_wbuf wb;
	const uintptr_t *src = prepare(s, fp, err, sizeof err);
	if (!src || pb_wbuf_init(&wb, WBUF_CAP)) {
		fprintf(stderr, "%s: %s\n", prog, err);
		return 1;
	}
	for (size_t i = 0; i < passes; i++)
		pb_barrier_run(b, g_dst, src, fp / 8, &wb);
	printf("variant=%s stream=%s footprint=%zu stores=%zu flagged=%llu\n", b->name, s->name, fp, passes * (fp / 8),
		(unsigned long long)wb.flagged);
	pb_wbuf_free(&wb);
	return 0;
}

static void list(void)
{
	printf("variants (barrier/<variant>/<stream>/footprint:<bytes>):\n");
	for (size_t i = 0; i < pb_n_barriers; i++)
		printf("  %-12s %s\n", pb_barriers[i].name, pb_barriers[i].summary);
	printf("streams (M=%u, P=%u):\n", (unsigned)PB_MIN_PHYS_PAGE_SIZE, (unsigned)PB_PHYS_PAGE_SIZE);
	for (size_t i = 0; i < pb_n_streams; i++)
		printf("  %-12s %s\n", pb_streams[i].name, pb_streams[i].summary);
	printf("footprints (default): 4K 256K 8M 256M (L1, L2, LLC, DRAM)\n");
}

static void usage(const char *prog)
{
	printf("usage: %s [--list] [--variants=LIST] [--streams=LIST] [--footprints=LIST] [--page-size=N]\n"
	       "          [Google Benchmark flags]\n"
	       "       %s --count=VARIANT:STREAM:FOOTPRINT[:PASSES]   (fixed work, for valgrind --tool=callgrind)\n"
	       "Counters: ns_per_store (CPU ns), flagged (bad-pointer hits per 1000 stores), bound.\n"
	       "--page-size sets on-dynamic's bound (default: this kernel's page size).\n",
		prog, prog);
}

int main(int argc, char **argv)
{
	const char *variants = NULL, *streams = NULL, *footprints = "4K,256K,8M,256M", *v;
	size_t page = pb_native_page_size();
	int out = 1;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--list") == 0) {
			list();
			return 0;
		} else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			usage(argv[0]);
			return 0;
		} else if ((v = pb_opt_value(a, "--count"))) {
			return count_mode(argv[0], v);
		} else if ((v = pb_opt_value(a, "--variants"))) {
			variants = v;
		} else if ((v = pb_opt_value(a, "--streams"))) {
			streams = v;
		} else if ((v = pb_opt_value(a, "--footprints"))) {
			footprints = v;
		} else if ((v = pb_opt_value(a, "--page-size"))) {
			if (pb_parse_size(v, &page) || !pb_is_pow2(page) || page < 4096) {
				fprintf(stderr, "%s: bad --page-size '%s' (valid: a power of two >= 4096)\n", argv[0], v);
				return 2;
			}
		} else {
			argv[out++] = argv[i];
		}
	}
	argc = out;
	if ((variants && pb_check_list(argv[0], "--variants", variants, &pb_barriers[0].name, pb_n_barriers,
			       sizeof pb_barriers[0])) ||
		(streams && pb_check_list(argv[0], "--streams", streams, &pb_streams[0].name, pb_n_streams,
				    sizeof pb_streams[0])))
		return 2;
	int64_t fps[16];
	int nfp = 0;
	char err[256], word[64], name[160];
	for (const char *p = footprints; *p;) {
		size_t w = strcspn(p, ","), fp;
		snprintf(word, sizeof word, "%.*s", (int)w, p);
		if (pb_parse_size(word, &fp) || pb_footprint_validate(fp, err, sizeof err) || nfp == 16) {
			fprintf(stderr, "%s: bad footprint '%s' in --footprints (valid: up to 16 sizes, each a multiple "
					"of 8 bytes from 8 to 1G, e.g. 4K,256K,8M)\n", argv[0], word);
			return 2;
		}
		fps[nfp++] = (int64_t)fp;
		p += w + (p[w] == ',');
	}
	pb_barrier_set_page_size(page);
	bcase *cases = calloc(pb_n_barriers * pb_n_streams, sizeof *cases);
	if (!cases)
		return 1;
	size_t nc = 0;
	static const char *const arg_names[] = {"footprint"};
	for (size_t bi = 0; bi < pb_n_barriers; bi++)
		for (size_t si = 0; si < pb_n_streams; si++) {
			if (!pb_in_list(variants, pb_barriers[bi].name) || !pb_in_list(streams, pb_streams[si].name))
				continue;
			cases[nc] = (bcase){&pb_barriers[bi], &pb_streams[si]};
			snprintf(name, sizeof name, "barrier/%s/%s", pb_barriers[bi].name, pb_streams[si].name);
			gb_bench *b = gb_arg_names(gb_register(name, bm_barrier, &cases[nc]), arg_names, 1);
			for (int f = 0; f < nfp; f++)
				gb_args(b, &fps[f], 1);
			nc++;
		}
	pb_add_standard_context();
	snprintf(word, sizeof word, "%zu", page);
	gb_add_context("dynamic_bound", word);
	int rc = gb_main(argc, argv);
	free(cases);
	return rc;
}
