/* test_probe.c: every probe's verdict on every layout and configuration, exact syscall counts, the overflow. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

#include "prim.h"
#include "probe.h"

static const size_t M = 4096;

static void cfg_named(pb_pagecfg *c, const char *name)
{
	char err[256];
	if (pb_pagecfg_named(c, name, M, err, sizeof err) == 0)
		return;
	if (strstr(err, "below this kernel's page size")) { /* a kernel with larger pages (the guests): n/a here */
		print_message("skipped: %s: %s\n", name, err);
		skip();
	}
	fail_msg("%s", err);
}

/* P = 64K on this kernel's own page size: valid wherever the tests run. */
static void cfg_native(pb_pagecfg *c)
{
	char err[256];
	if (pb_pagecfg_make(c, "native", M, 65536, pb_native_page_size(), err, sizeof err))
		fail_msg("%s", err);
}

/* Runs one probe once on a fresh layout; returns the verdict and the counts. */
static pb_verdict run_probe_cfg(const char *probe, const pb_pagecfg *cfgp, pb_layout_id l, size_t n, pb_counts *counts)
{
	const pb_pagecfg cfg = *cfgp;
	pb_region r;
	pb_probe_ctx c;
	char err[256];
	if (pb_region_build(&r, l, n, &cfg, err, sizeof err))
		fail_msg("build %s/%zu: %s", pb_layouts[l].name, n, err);
	assert_int_equal(pb_ctx_init(&c, &cfg, err, sizeof err), 0);
	const pb_probe *p = pb_probe_find(probe);
	assert_non_null(p);
	pb_verdict v = p->fn(&c, r.base, n);
	if (counts)
		*counts = c.n;
	assert_int_equal(pb_region_check(&r, err, sizeof err), 0);
	pb_ctx_free(&c);
	pb_region_destroy(&r);
	return v;
}

static pb_verdict run_probe(const char *probe, const char *cfgname, pb_layout_id l, size_t n, pb_counts *counts)
{
	pb_pagecfg cfg;
	cfg_named(&cfg, cfgname);
	return run_probe_cfg(probe, &cfg, l, n, counts);
}

static bool thp_available(void)
{
	pb_pagecfg cfg;
	pb_region r;
	char err[256];
	cfg_native(&cfg);
	if (pb_region_build(&r, PB_L_THP, 4 * PB_MiB, &cfg, err, sizeof err))
		return false;
	pb_region_destroy(&r);
	return true;
}

/* All correct, except chunked with P > T where a chunk mixes mapped and unmapped pages: that one must
 * be wrong, reporting "free" for a range that holds a mapped page (the bug the seed fixed). */
static void test_verdict_matrix(void **state)
{
	(void)state;
	static const size_t sizes[] = {64 * PB_KiB, PB_MiB, 4 * PB_MiB};
	const bool thp = thp_available();
	int checked = 0, wrong_expected = 0, cfgs = 0;
	/* the named configurations this kernel can run, and P = 4T at T native: on a 64K kernel no named one has P > T */
	for (size_t ci = 0; ci <= pb_n_named_cfgs; ci++) {
		pb_pagecfg cfg;
		char err[256];
		const size_t T = pb_native_page_size();
		if (ci == pb_n_named_cfgs ? pb_pagecfg_make(&cfg, "custom", M, 4 * T, T, err, sizeof err)
					  : pb_pagecfg_named(&cfg, pb_named_cfgs[ci].name, M, err, sizeof err))
			continue; /* T below this kernel's page size */
		cfgs++;
		for (size_t li = 0; li < pb_n_layouts; li++) {
			if (pb_layouts[li].id == PB_L_THP && !thp)
				continue;
			for (size_t si = 0; si < sizeof sizes / sizeof sizes[0]; si++) {
				size_t n = sizes[si];
				if (pb_region_validate(pb_layouts[li].id, n, &cfg, err, sizeof err))
					continue;
				const bool truth = pb_layouts[li].id == PB_L_UNMAPPED;
				for (size_t pi = 0; pi < pb_n_probes; pi++) {
					pb_verdict v = run_probe_cfg(pb_probes[pi].name, &cfg, pb_layouts[li].id, n, NULL);
					bool wrong = pb_probes[pi].mixed_chunk_free && cfg.P > cfg.T &&
						     pb_chunk_mixes(pb_layouts[li].id, n, cfg.P, cfg.T);
					pb_verdict want = wrong ? PB_FREE : truth ? PB_FREE : PB_NOT_FREE;
					if (v != want)
						fail_msg("%s on %s/%s/%zu: verdict %d, want %d", pb_probes[pi].name, cfg.name,
							pb_layouts[li].name, n, v, want);
					checked++;
					wrong_expected += wrong;
				}
			}
		}
	}
	print_message("checked %d verdicts in %d configurations, %d of them the chunked bug (thp %s)\n", checked, cfgs, wrong_expected,
		thp ? "included" : "not available here");
	assert_true(wrong_expected > 0);
	/* every configuration that ran: each probe on at least four layout-size cases (unmapped, head, tail, sparse at 4M) */
	assert_true(cfgs >= 2);
	assert_true(checked >= cfgs * (int)pb_n_probes * 4);
}

static void test_chunked_wrong_on_tail_arm64(void **state)
{
	(void)state;
	assert_int_equal(run_probe("chunked", "arm64-4k", PB_L_TAIL, PB_MiB, NULL), PB_FREE);
	assert_int_equal(run_probe("chunked", "ppc64-64k", PB_L_TAIL, PB_MiB, NULL), PB_NOT_FREE);
	assert_int_equal(run_probe("stepped", "arm64-4k", PB_L_TAIL, PB_MiB, NULL), PB_NOT_FREE);
}

static void test_counts_stepped_unmapped_1m(void **state)
{
	(void)state;
	pb_counts n;
	assert_int_equal(run_probe("stepped", "arm64-4k", PB_L_UNMAPPED, PB_MiB, &n), PB_FREE);
	assert_int_equal(n.syscalls, 256);
	assert_int_equal(n.mincore_enomem, 256);
	assert_int_equal(n.einval, 0);
}

static void test_counts_chunked_p64k(void **state)
{
	(void)state;
	pb_counts n;
	assert_int_equal(run_probe("chunked", "arm64-4k", PB_L_UNMAPPED, PB_MiB, &n), PB_FREE);
	assert_int_equal(n.syscalls, 16);
	assert_int_equal(n.mincore_enomem, 16);
	assert_int_equal(run_probe("chunked", "mips64-4k", PB_L_UNMAPPED, PB_MiB, &n), PB_FREE);
	assert_int_equal(n.syscalls, 64);
}

static void test_counts_stepped_emulated_t64k(void **state)
{
	(void)state;
	pb_counts n;
	assert_int_equal(run_probe("stepped", "ppc64-64k", PB_L_UNMAPPED, PB_MiB, &n), PB_FREE);
	assert_int_equal(n.syscalls, 256);
	assert_int_equal(n.einval, 240);
	assert_int_equal(n.mincore_enomem, 16);
}

static void test_counts_stepped_dynamic_emulated_t64k(void **state)
{
	(void)state;
	pb_counts n;
	assert_int_equal(run_probe("stepped-dynamic", "ppc64-64k", PB_L_UNMAPPED, PB_MiB, &n), PB_FREE);
	assert_int_equal(n.syscalls, 16);
	assert_int_equal(n.einval, 0);
}

static void test_counts_early_exit_and_mmap_probes(void **state)
{
	(void)state;
	pb_counts n;
	assert_int_equal(run_probe("stepped", "arm64-4k", PB_L_HEAD, PB_MiB, &n), PB_NOT_FREE);
	assert_int_equal(n.syscalls, 1);
	assert_int_equal(n.mincore_mapped, 1);
	assert_int_equal(run_probe("stepped", "arm64-4k", PB_L_TAIL, PB_MiB, &n), PB_NOT_FREE);
	assert_int_equal(n.syscalls, 256);
	assert_int_equal(run_probe("noreplace", "arm64-4k", PB_L_UNMAPPED, PB_MiB, &n), PB_FREE);
	assert_int_equal(n.syscalls, 2);
	assert_int_equal(n.mmap_ok, 1);
	assert_int_equal(run_probe("noreplace", "arm64-4k", PB_L_TAIL, PB_MiB, &n), PB_NOT_FREE);
	assert_int_equal(n.syscalls, 1);
	assert_int_equal(n.mmap_failed, 1);
	assert_int_equal(run_probe("hint", "arm64-4k", PB_L_SPARSE, PB_MiB, &n), PB_NOT_FREE);
	assert_int_equal(n.syscalls, 2);
	assert_int_equal(run_probe("maps", "arm64-4k", PB_L_UNMAPPED, PB_MiB, &n), PB_FREE);
	assert_true(n.file_ops >= 3); /* open, at least one read, close */
	assert_int_equal(n.syscalls, n.file_ops);
}

/* The old chunked call with a 1-byte vector, as Go <= 1.6 had it: the kernel writes one byte per
 * T page of the P-byte chunk. The window sits inside canary bytes; count what changed. */
static void check_overflow(const char *cfgname)
{
	pb_pagecfg cfg;
	pb_region r;
	pb_probe_ctx c;
	char err[256];
	unsigned char buf[256];
	const size_t win = 64;
	cfg_named(&cfg, cfgname);
	assert_int_equal(pb_region_build(&r, PB_L_RESERVED, cfg.P, &cfg, err, sizeof err), 0);
	assert_int_equal(pb_ctx_init(&c, &cfg, err, sizeof err), 0);
	memset(buf, 0xAA, sizeof buf);
	unsigned char *saved = c.vec;
	c.vec = buf + win; /* addrspace_vec [1]byte */
	c.veclen = 1;
	assert_int_equal(pb_probe_find("chunked")->fn(&c, r.base, cfg.P), PB_NOT_FREE);
	c.vec = saved;
	size_t changed = 0, before = 0;
	for (size_t i = 0; i < sizeof buf; i++)
		if (buf[i] != 0xAA) {
			changed++;
			before += i < win;
		}
	assert_int_equal(before, 0);
	assert_int_equal(changed, cfg.P / cfg.T);
	assert_int_equal(c.n.syscalls, 1);
	pb_ctx_free(&c);
	pb_region_destroy(&r);
}

/* Every configuration this kernel can run: arm64-4k writes 16 bytes into the 1-byte window, mips64-4k 4, those
 * with T = P 1; in a 16 KiB guest arm64-16k writes 4 for real. */
static void test_chunked_overflow(void **state)
{
	(void)state;
	int checked = 0;
	for (size_t i = 0; i < pb_n_named_cfgs; i++) {
		pb_pagecfg c;
		char err[256];
		if (pb_pagecfg_named(&c, pb_named_cfgs[i].name, M, err, sizeof err) == 0) {
			check_overflow(pb_named_cfgs[i].name);
			checked++;
		}
	}
	assert_true(checked >= 1);
}

static void test_bad_input(void **state)
{
	(void)state;
	pb_pagecfg cfg;
	char err[256];
	cfg_native(&cfg);
	assert_int_equal(pb_region_validate(PB_L_UNMAPPED, 0, &cfg, err, sizeof err), -1);
	assert_non_null(strstr(err, "region size 0 is not valid"));
	assert_int_equal(pb_region_validate(PB_L_UNMAPPED, 6000, &cfg, err, sizeof err), -1);
	assert_non_null(strstr(err, "6000"));
	assert_int_equal(pb_region_validate(PB_L_UNMAPPED, (size_t)1 << 41, &cfg, err, sizeof err), -1);
	assert_non_null(strstr(err, "1T"));
	assert_int_equal(pb_region_validate(PB_L_SPARSE, 16 * PB_KiB, &cfg, err, sizeof err), -1);
	cfg_named(&cfg, "ppc64-64k");
	assert_int_equal(pb_region_validate(PB_L_UNMAPPED, 4096, &cfg, err, sizeof err), -1);
	assert_non_null(strstr(err, "not a multiple of T=65536"));
	assert_int_equal(pb_pagecfg_make(&cfg, "x", 4096, 12288, 4096, err, sizeof err), -1);
	assert_non_null(strstr(err, "P=12288"));
	assert_int_equal(pb_pagecfg_make(&cfg, "x", 4096, 65536, 2048, err, sizeof err), -1);
	assert_non_null(strstr(err, "T=2048"));
	assert_int_equal(pb_pagecfg_make(&cfg, "x", 65536, 4096, 4096, err, sizeof err), -1);
	assert_int_equal(pb_pagecfg_named(&cfg, "sparc", 4096, err, sizeof err), -1);
	assert_non_null(strstr(err, "unknown configuration 'sparc'"));
	size_t v;
	assert_int_equal(pb_parse_size("64K", &v), 0);
	assert_int_equal(v, 65536);
	assert_int_equal(pb_parse_size("1GiB", &v), 0);
	assert_int_equal(v, PB_GiB);
	assert_int_equal(pb_parse_size("12X", &v), -1);
	assert_int_equal(pb_parse_size("-4K", &v), -1);
	assert_int_equal(pb_parse_size("", &v), -1);
}

static void test_recheck_sees_clobbering(void **state)
{
	(void)state;
	pb_pagecfg cfg;
	pb_region r;
	char err[256];
	cfg_native(&cfg);
	const size_t T = cfg.T;
	assert_int_equal(pb_region_build(&r, PB_L_UNMAPPED, PB_MiB, &cfg, err, sizeof err), 0);
	assert_int_equal(pb_region_check(&r, err, sizeof err), 0);
	void *intruder = (void *)(r.base + 5 * T);
	assert_ptr_equal(mmap(intruder, T, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0), intruder);
	assert_int_equal(pb_region_check(&r, err, sizeof err), -1);
	assert_non_null(strstr(err, "layout unmapped clobbered: page 5"));
	munmap(intruder, T);
	assert_int_equal(pb_region_check(&r, err, sizeof err), 0);
	/* and a layout page that went away */
	pb_region_destroy(&r);
	assert_int_equal(pb_region_build(&r, PB_L_TAIL, PB_MiB, &cfg, err, sizeof err), 0);
	munmap((void *)(r.base + PB_MiB - T), T);
	assert_int_equal(pb_region_check(&r, err, sizeof err), -1);
	assert_non_null(strstr(err, "0 of its 1 mapped pages"));
	pb_region_destroy(&r);
}

static void test_model_arithmetic(void **state)
{
	(void)state;
	const double prim[PB_N_PRIMS] = {[PB_PRIM_NULL] = 100, [PB_PRIM_ENOMEM] = 200, [PB_PRIM_MAPPED] = 300,
		[PB_PRIM_EINVAL] = 50, [PB_PRIM_MMAP] = 2000};
	pb_counts n = {.mincore_enomem = 16, .einval = 240, .mincore_mapped = 1, .mmap_ok = 2, .mmap_failed = 1};
	assert_true(pb_model_ns(&n, prim) == 16 * 200 + 240 * 50 + 300 + 2 * 2000 + 100);
}

static void test_primitives_answer_as_named(void **state)
{
	(void)state;
	pb_prim_env e;
	char err[256];
	assert_int_equal(pb_prim_env_init(&e, NULL, err, sizeof err), 0);
	for (int i = 0; i < PB_N_PRIMS; i++)
		assert_int_equal(pb_prims[i].fn(&e, 10), 10);
	pb_prim_env_free(&e);
}

/* --list=tsv is the tables: one row per entry, in table order, kinds in a fixed order. */
static void test_list_rows_are_the_tables(void **state)
{
	(void)state;
	pb_item it[64];
	const size_t n = pb_scan_items(it, 64);
	assert_int_equal(n, pb_n_probes + pb_n_named_cfgs + pb_n_layouts + pb_n_region_sizes + PB_N_PRIMS);
	size_t k = 0;
	for (size_t i = 0; i < pb_n_probes; i++, k++) {
		assert_string_equal(it[k].kind, "probe");
		assert_string_equal(it[k].name, pb_probes[i].name);
		assert_string_equal(it[k].scans, pb_probes[i].scans ? "yes" : "no");
	}
	for (size_t i = 0; i < pb_n_named_cfgs; i++, k++) {
		pb_pagecfg c = {NULL, 4096, pb_named_cfgs[i].P, pb_named_cfgs[i].T, false};
		char label[32];
		pb_pagecfg_label(&c, label, sizeof label);
		assert_string_equal(it[k].kind, "config");
		assert_string_equal(it[k].name, pb_named_cfgs[i].name);
		assert_string_equal(it[k].label, label);
	}
	for (size_t i = 0; i < pb_n_layouts; i++, k++)
		assert_string_equal(it[k].name, pb_layouts[i].name);
	for (size_t i = 0; i < pb_n_region_sizes; i++, k++)
		assert_int_equal(strtoull(it[k].label, NULL, 10), pb_region_sizes[i].bytes);
	for (size_t i = 0; i < PB_N_PRIMS; i++, k++)
		assert_string_equal(it[k].name, pb_prims[i].name);
	/* exactly one seed configuration, and it is the seed's case: P = 64K on a 4K kernel */
	int seeds = 0;
	for (size_t i = 0; i < pb_n_named_cfgs; i++)
		if (strcmp(pb_named_cfgs[i].role, "seed") == 0) {
			seeds++;
			assert_int_equal(pb_named_cfgs[i].P, 65536);
			assert_int_equal(pb_named_cfgs[i].T, 4096);
		}
	assert_int_equal(seeds, 1);
}

/* Labels are read strictly: a label is P<size>-T<size> and nothing else; T > P is refused with Go's reason. */
static void test_labels_strict(void **state)
{
	(void)state;
	pb_pagecfg c;
	char err[256];
	assert_int_equal(pb_pagecfg_parse(&c, "P1M-T64K", 4096, err, sizeof err), 0); /* T = 64K: valid on every kernel here */
	assert_int_equal(c.P, 1048576);
	assert_int_equal(c.T, 65536);
	assert_int_equal(pb_pagecfg_parse(&c, "P010000-T4K", 4096, err, sizeof err), -1); /* 10000: decimal */
	assert_int_equal(pb_pagecfg_parse(&c, "P64K-T4Kjunk", 4096, err, sizeof err), -1);
	assert_int_equal(pb_pagecfg_parse(&c, "P64K-T4K-x", 4096, err, sizeof err), -1);
	assert_int_equal(pb_pagecfg_parse(&c, "P-T4K", 4096, err, sizeof err), -1);
	assert_int_equal(pb_pagecfg_parse(&c, "P4K-T64K", 4096, err, sizeof err), -1);
	assert_non_null(strstr(err, "Go refuses to start"));
	pb_cfgset s = {0};
	assert_int_equal(pb_cfgset_parse("ppc64-64k,P64K-T64K", &s, err, sizeof err), -1); /* the same label twice */
	assert_non_null(strstr(err, "appears twice"));
	assert_int_equal(pb_cfgset_parse("ppc64-64k,P1M-T64K", &s, err, sizeof err), 0);
	assert_int_equal(s.n, 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_list_rows_are_the_tables),
		cmocka_unit_test(test_labels_strict),
		cmocka_unit_test(test_verdict_matrix),
		cmocka_unit_test(test_chunked_wrong_on_tail_arm64),
		cmocka_unit_test(test_counts_stepped_unmapped_1m),
		cmocka_unit_test(test_counts_chunked_p64k),
		cmocka_unit_test(test_counts_stepped_emulated_t64k),
		cmocka_unit_test(test_counts_stepped_dynamic_emulated_t64k),
		cmocka_unit_test(test_counts_early_exit_and_mmap_probes),
		cmocka_unit_test(test_chunked_overflow),
		cmocka_unit_test(test_bad_input),
		cmocka_unit_test(test_recheck_sees_clobbering),
		cmocka_unit_test(test_model_arithmetic),
		cmocka_unit_test(test_primitives_answer_as_named),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
