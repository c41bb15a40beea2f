/* probe1.c: pagebound-probe, one probe on one layout, --repeat N scans, then the verdict and the syscall counts. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#include "benchutil.h"
#include "probe.h"
#include "version.h"

static void usage(const char *prog)
{
	printf("usage: %s [--probe=NAME] [--layout=NAME] [--bytes=SIZE] [--config=NAME|P<size>-T<size>] [--t=SIZE]\n"
	       "          [--repeat=N] [--version]\n"
	       "Builds the layout, scans it N times with the probe, prints the verdict and the system calls per scan.\n"
	       "Default: --probe=stepped --layout=unmapped --bytes=1M --repeat=1, and the compiled-in configuration\n"
	       "(P=%u, M=%u, T = this kernel's page size; --t=SIZE emulates a larger T).\n"
	       "Exit status: 0 the verdict is right for the layout, 1 it is wrong, 2 bad input or set-up failure.\n",
		prog, (unsigned)PB_PHYS_PAGE_SIZE, (unsigned)PB_MIN_PHYS_PAGE_SIZE);
}

static void version(void)
{
	struct utsname u;
	uname(&u);
	printf("pagebound-probe %s (commit %s, %s build)\ncompiled-in P=%u M=%u; kernel %s page size %zu\n", PB_VERSION,
		PB_GIT_COMMIT, PB_BUILD_TYPE, (unsigned)PB_PHYS_PAGE_SIZE, (unsigned)PB_MIN_PHYS_PAGE_SIZE, u.release,
		pb_native_page_size());
}

int main(int argc, char **argv)
{
	const char *probe = "stepped", *layout = "unmapped", *config = NULL, *v;
	size_t bytes = PB_MiB, t = pb_native_page_size(), repeat = 1;
	char err[512];
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		size_t *sz = NULL;
		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			usage(argv[0]);
			return 0;
		} else if (strcmp(a, "--version") == 0) {
			version();
			return 0;
		} else if ((v = pb_opt_value(a, "--probe"))) {
			probe = v;
		} else if ((v = pb_opt_value(a, "--layout"))) {
			layout = v;
		} else if ((v = pb_opt_value(a, "--config"))) {
			config = v;
		} else if ((v = pb_opt_value(a, "--bytes"))) {
			sz = &bytes;
		} else if ((v = pb_opt_value(a, "--t"))) {
			sz = &t;
		} else if ((v = pb_opt_value(a, "--repeat"))) {
			sz = &repeat;
		} else {
			fprintf(stderr, "%s: unknown option '%s' (see --help)\n", argv[0], a);
			return 2;
		}
		if (sz && (pb_parse_size(v, sz) || *sz == 0)) {
			fprintf(stderr, "%s: bad value '%s' in %s (valid: a positive number, K/M/G suffixes allowed)\n", argv[0],
				v, a);
			return 2;
		}
	}
	const pb_probe *p = pb_probe_find(probe);
	const pb_layout *l = pb_layout_find(layout);
	if (!p || !l) {
		fprintf(stderr, "%s: unknown %s '%s' (see pagebound-scan --list)\n", argv[0], p ? "layout" : "probe",
			p ? layout : probe);
		return 2;
	}
	pb_pagecfg cfg;
	int rc;
	if (config && config[0] == 'P' && strstr(config, "-T"))
		rc = pb_pagecfg_parse(&cfg, config, PB_MIN_PHYS_PAGE_SIZE, err, sizeof err);
	else if (config)
		rc = pb_pagecfg_named(&cfg, config, PB_MIN_PHYS_PAGE_SIZE, err, sizeof err);
	else
		rc = pb_pagecfg_make(&cfg, "build", PB_MIN_PHYS_PAGE_SIZE, PB_PHYS_PAGE_SIZE, t, err, sizeof err);
	if (rc) {
		fprintf(stderr, "%s: %s\n", argv[0], err);
		return 2;
	}
	pb_region r;
	pb_probe_ctx c;
	if (pb_region_build(&r, l->id, bytes, &cfg, err, sizeof err) || pb_ctx_init(&c, &cfg, err, sizeof err)) {
		fprintf(stderr, "%s: %s\n", argv[0], err);
		return 2;
	}
	pb_verdict first = PB_PROBE_ERROR;
	size_t changed = 0;
	for (size_t i = 0; i < repeat; i++) {
		pb_verdict v1 = p->fn(&c, r.base, bytes);
		if (i == 0)
			first = v1;
		changed += v1 != first;
	}
	if (pb_region_check(&r, err, sizeof err)) {
		fprintf(stderr, "%s: %s\n", argv[0], err);
		return 2;
	}
	if (first == PB_PROBE_ERROR || changed) {
		fprintf(stderr, "%s: probe %s %s\n", argv[0], p->name,
			first == PB_PROBE_ERROR ? "failed: a system call answered unexpectedly" : "gave different verdicts");
		return 2;
	}
	char label[32];
	pb_pagecfg_label(&cfg, label, sizeof label);
	const bool truth = r.truth_free, said = first == PB_FREE;
	const double n = (double)repeat;
	printf("probe=%s config=%s (%s, T %s) layout=%s bytes=%zu repeat=%zu\n", p->name, label, cfg.name,
		cfg.t_emulated ? "emulated" : "native", l->name, bytes, repeat);
	printf("verdict=%s truth=%s %s\n", said ? "free" : "not-free", truth ? "free" : "not-free",
		said == truth ? "right" : "WRONG");
	printf("per scan: syscalls=%.0f mincore_enomem=%.0f mincore_mapped=%.0f einval=%.0f mmap_ok=%.0f mmap_failed=%.0f "
	       "file_ops=%.0f\n",
		(double)c.n.syscalls / n, (double)c.n.mincore_enomem / n, (double)c.n.mincore_mapped / n,
		(double)c.n.einval / n, (double)c.n.mmap_ok / n, (double)c.n.mmap_failed / n, (double)c.n.file_ops / n);
	pb_ctx_free(&c);
	pb_region_destroy(&r);
	return said == truth ? 0 : 1;
}
