/* probe.c: pagebound-probe, each probe x layout x configuration x size asked, --scans N each, then the verdict
 * and the system calls per scan: the program hyperfine times, strace watches, and the real-kernel guests run. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#include "benchutil.h"
#include "probe.h"
#include "version.h"

typedef struct probe_opts {
	pb_sel probes, layouts;
	pb_cfgset configs;
	pb_sizes bytes;
	size_t page, format;
	uint64_t scans;
	bool version;
} probe_opts;

/* What one case gave: the verdict, the truth, the counts over all its scans; or why it did not run. */
typedef struct outcome {
	bool ran, right, said_free, truth_free;
	pb_counts n;
	char why[256];
} outcome;

static const char about[] =
	"Builds each layout, scans it --scans times with each probe, prints the verdict against the layout's\n"
	"truth and the system calls per scan. Exit status: 0 every verdict right, 1 one is WRONG, 2 bad input\n"
	"or a case that could not be set up (a size a layout cannot take is skipped when other cases run).";
static const char *const formats[] = {"text", "tsv"};

static int parse(probe_opts *o, int *argc, char **argv)
{
	const pb_opt opts[] = {
		{.name = "--probes", .kind = PB_OPT_LIST, .dest = &o->probes, .meta = "LIST", .help = "probes",
			.names = PB_NAMES(pb_probes, pb_n_probes), .deflt = "default: the seed's (role seed in --list)"},
		{.name = "--layouts", .kind = PB_OPT_LIST, .dest = &o->layouts, .meta = "LIST", .help = "region layouts",
			.names = PB_NAMES(pb_layouts, pb_n_layouts), .deflt = "default: the free one (role free)"},
		{.name = "--configs", .kind = PB_OPT_CALL, .dest = &o->configs, .meta = "LIST", .call = pb_cfgset_parse,
			.help = "page configurations (names from pagebound-scan --list, or labels P<size>-T<size>)",
			.deflt = "default: this build's P with T = --page-size"},
		{.name = "--bytes", .kind = PB_OPT_SIZES, .dest = &o->bytes, .meta = "LIST", .min = 4096,
			.max = (double)PB_MAX_REGION, .align = 4096, .help = "region sizes", .deflt = "default: 1M"},
		{.name = "--page-size", .kind = PB_OPT_SIZE, .dest = &o->page, .meta = "SIZE", .min = 4096,
			.max = (double)PB_GiB, .pow2 = true, .help = "T for the build's own configuration (emulated above "
			"this kernel's page size)", .deflt = "default: this kernel's"},
		{.name = "--scans", .kind = PB_OPT_UINT, .dest = &o->scans, .meta = "N", .min = 1, .max = 100000,
			.help = "scans of each case in this process", .deflt = "default: 1"},
		{.name = "--format", .kind = PB_OPT_CHOICE, .dest = &o->format, .meta = "FORMAT", .help = "output",
			.names = PB_NAMES(formats, 2), .deflt = "default: text"},
		{.name = "--version", .kind = PB_OPT_FLAG, .dest = &o->version, .help = "print the build's P and M, and exit"},
	};
	const pb_optspec spec = {"[OPTIONS]", about, opts, sizeof opts / sizeof opts[0], false, 0, NULL};
	return pb_opt_parse(&spec, argc, argv);
}

static void version(void)
{
	struct utsname u;
	uname(&u);
	printf("pagebound-probe %s (commit %s, %s build)\ncompiled-in P=%u M=%u; kernel %s page size %zu\n", PB_VERSION,
		PB_GIT_COMMIT, PB_BUILD_TYPE, (unsigned)PB_PHYS_PAGE_SIZE, (unsigned)PB_MIN_PHYS_PAGE_SIZE, u.release,
		pb_native_page_size());
}

/* Unset lists: the seed's probe, the free layout, 1M, and the build's own configuration. */
static int defaults(probe_opts *o, char *err, size_t errlen)
{
	for (size_t i = 0; !o->probes.given && i < pb_n_probes; i++)
		if (strcmp(pb_probes[i].role, "seed") == 0)
			o->probes.mask |= (uint64_t)1 << i;
	for (size_t i = 0; !o->layouts.given && i < pb_n_layouts; i++)
		if (strcmp(pb_layouts[i].role, "free") == 0)
			o->layouts.mask |= (uint64_t)1 << i;
	if (!o->bytes.n)
		o->bytes.v[o->bytes.n++] = PB_MiB;
	if (o->configs.n && o->page) {
		snprintf(err, errlen, "--page-size sets T for the build's configuration: give it or --configs, not both");
		return -1;
	}
	if (o->configs.n)
		return 0;
	o->configs.n = 1;
	return pb_pagecfg_make(&o->configs.c[0], "build", PB_MIN_PHYS_PAGE_SIZE, PB_PHYS_PAGE_SIZE,
		o->page ? o->page : pb_native_page_size(), err, errlen);
}

static void run_case(const pb_probe *p, pb_layout_id l, const pb_pagecfg *cfg, size_t bytes, uint64_t scans,
	outcome *out)
{
	pb_region r;
	pb_probe_ctx c;
	memset(out, 0, sizeof *out);
	if (pb_region_build(&r, l, bytes, cfg, out->why, sizeof out->why))
		return;
	if (pb_ctx_init(&c, cfg, out->why, sizeof out->why)) {
		pb_region_destroy(&r);
		return;
	}
	pb_verdict first = p->fn(&c, r.base, bytes);
	size_t changed = 0;
	for (uint64_t i = 1; i < scans; i++)
		changed += p->fn(&c, r.base, bytes) != first;
	if (pb_region_check(&r, out->why, sizeof out->why) == 0) {
		if (first == PB_PROBE_ERROR || changed)
			snprintf(out->why, sizeof out->why, "probe %s %s", p->name,
				first == PB_PROBE_ERROR ? "failed: a system call answered unexpectedly" : "gave different verdicts");
		else
			*out = (outcome){true, (first == PB_FREE) == r.truth_free, first == PB_FREE, r.truth_free, c.n, ""};
	}
	pb_ctx_free(&c);
	pb_region_destroy(&r);
}

static const char tsv_header[] = "probe\tconfig\tlabel\tt_mode\tlayout\tbytes\tscans\tverdict\ttruth\tright\t"
				 "syscalls\tmincore_enomem\tmincore_mapped\teinval\tmmap_ok\tmmap_failed\tfile_ops";

static void print_case(const probe_opts *o, const pb_probe *p, const pb_pagecfg *cfg, const pb_layout *l,
	size_t bytes, const outcome *r)
{
	char label[32];
	pb_pagecfg_label(cfg, label, sizeof label);
	const double s = (double)o->scans;
	const pb_counts *n = &r->n;
	if (o->format == 1) {
		printf("%s\t%s\t%s\t%s\t%s\t%zu\t%llu\t%s\t%s\t%s\t%.0f\t%.0f\t%.0f\t%.0f\t%.0f\t%.0f\t%.0f\n", p->name, cfg->name,
			label, cfg->t_emulated ? "emulated" : "native", l->name, bytes, (unsigned long long)o->scans,
			r->said_free ? "free" : "not-free", r->truth_free ? "free" : "not-free", r->right ? "yes" : "no",
			(double)n->syscalls / s, (double)n->mincore_enomem / s, (double)n->mincore_mapped / s, (double)n->einval / s,
			(double)n->mmap_ok / s, (double)n->mmap_failed / s, (double)n->file_ops / s);
		return;
	}
	printf("probe=%s config=%s (%s, T %s) layout=%s bytes=%zu scans=%llu\n", p->name, label, cfg->name,
		cfg->t_emulated ? "emulated" : "native", l->name, bytes, (unsigned long long)o->scans);
	printf("verdict=%s truth=%s %s\n", r->said_free ? "free" : "not-free", r->truth_free ? "free" : "not-free",
		r->right ? "right" : "WRONG");
	printf("per scan: syscalls=%.0f mincore_enomem=%.0f mincore_mapped=%.0f einval=%.0f mmap_ok=%.0f "
	       "mmap_failed=%.0f file_ops=%.0f\n",
		(double)n->syscalls / s, (double)n->mincore_enomem / s, (double)n->mincore_mapped / s, (double)n->einval / s,
		(double)n->mmap_ok / s, (double)n->mmap_failed / s, (double)n->file_ops / s);
}

/* Runs one configuration's cases; counts the cases run, wrong, and not set up (a layout this kernel cannot
 * build: no transparent huge page, say). A size a layout cannot take is no case at all. */
static void run_config(const probe_opts *o, const pb_pagecfg *cfg, size_t count[3], char *why, size_t len)
{
	outcome r;
	for (size_t pi = 0; pi < pb_n_probes; pi++)
		for (size_t li = 0; pb_sel_has(&o->probes, pi) && li < pb_n_layouts; li++)
			for (size_t bi = 0; pb_sel_has(&o->layouts, li) && bi < o->bytes.n; bi++) {
				const size_t bytes = o->bytes.v[bi];
				if (pb_region_validate(pb_layouts[li].id, bytes, cfg, why, len))
					continue;
				run_case(&pb_probes[pi], pb_layouts[li].id, cfg, bytes, o->scans, &r);
				if (!r.ran && count[2]++ == 0)
					snprintf(why, len, "%s", r.why);
				if (!r.ran)
					continue;
				print_case(o, &pb_probes[pi], cfg, &pb_layouts[li], bytes, &r);
				count[0]++;
				count[1] += !r.right;
			}
}

int main(int argc, char **argv)
{
	probe_opts o = {.scans = 1};
	char why[512] = "";
	int rc = parse(&o, &argc, argv);
	if (rc != PB_OPT_OK)
		return rc == PB_OPT_EXIT ? 0 : 2;
	if (o.version) {
		version();
		return 0;
	}
	if (defaults(&o, why, sizeof why)) {
		fprintf(stderr, "%s: %s\n", argv[0], why);
		return 2;
	}
	if (o.format == 1)
		printf("%s\n", tsv_header);
	size_t count[3] = {0, 0, 0}; /* ran, wrong, not set up */
	for (size_t ci = 0; ci < o.configs.n; ci++)
		run_config(&o, &o.configs.c[ci], count, why, sizeof why);
	if (count[0] == 0) {
		fprintf(stderr, "%s: nothing ran: %s\n", argv[0], why);
		return 2;
	}
	if (count[2])
		fprintf(stderr, "%s: %zu case(s) could not be set up and are left out (the first: %s)\n", argv[0], count[2], why);
	return count[1] ? 1 : 0;
}
