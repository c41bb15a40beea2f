/* pagecfg.c: page configurations (M, P, T), named for what they model, and their labels. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "probe.h"

/* Each is Go's P for an architecture on a kernel with pages of T: the name says both. T is native
 * where this kernel's page size is T, emulated where it is larger, n/a where it is smaller. */
const pb_named_cfg pb_named_cfgs[] = {
	{.name = "x86-4k", .summary = "amd64/386: P=4K on a 4K kernel: the bounds are the page size",
		.P = 4 * PB_KiB, .T = 4 * PB_KiB, .role = "-", .sweeps = PB_SWEEP_WIDE},
	{.name = "mips64-4k", .summary = "mips64: P=16K (Go 1.7's constant) on a 4K-page kernel",
		.P = 16 * PB_KiB, .T = 4 * PB_KiB, .role = "-", .sweeps = PB_SWEEP_WIDE},
	{.name = "mips64-16k", .summary = "mips64: P=16K on a 16K-page kernel (Loongson: Debian's loongson-3)",
		.P = 16 * PB_KiB, .T = 16 * PB_KiB, .role = "-", .sweeps = PB_SWEEP_FULL},
	{.name = "arm64-4k", .summary = "arm64: P=64K on a 4K-page kernel: the seed's case",
		.P = 64 * PB_KiB, .T = 4 * PB_KiB, .role = "seed", .sweeps = PB_SWEEP_ALL},
	{.name = "arm64-16k", .summary = "arm64: P=64K on a 16K-page kernel (Debian's arm64-16k, Apple M1)",
		.P = 64 * PB_KiB, .T = 16 * PB_KiB, .role = "-", .sweeps = PB_SWEEP_WIDE},
	{.name = "ppc64-64k", .summary = "ppc64: P=64K on a 64K-page kernel (Debian's ppc64el; arm64 with 64K pages too)",
		.P = 64 * PB_KiB, .T = 64 * PB_KiB, .role = "large-t", .sweeps = PB_SWEEP_WIDE},
};
const size_t pb_n_named_cfgs = sizeof pb_named_cfgs / sizeof pb_named_cfgs[0];

size_t pb_native_page_size(void)
{
	static size_t cached;
	if (!cached)
		cached = (size_t)sysconf(_SC_PAGESIZE);
	return cached;
}

void pb_pagecfg_label(const pb_pagecfg *c, char *buf, size_t len)
{
	char p[16], t[16];
	pb_size_label(c->P, p, sizeof p);
	pb_size_label(c->T, t, sizeof t);
	snprintf(buf, len, "P%s-T%s", p, t);
}

int pb_pagecfg_make(pb_pagecfg *c, const char *name, size_t M, size_t P, size_t T, char *err, size_t errlen)
{
	const size_t native = pb_native_page_size();
	const struct { const char *what; size_t v; } vals[] = {{"M", M}, {"P", P}, {"T", T}};
	for (size_t i = 0; i < 3; i++) {
		if (!pb_is_pow2(vals[i].v) || vals[i].v < 4096 || vals[i].v > PB_GiB) {
			snprintf(err, errlen, "page size %s=%zu is not valid (valid: a power of two from 4096 to 1G)",
				vals[i].what, vals[i].v);
			return -1;
		}
	}
	if (M > P) {
		snprintf(err, errlen, "M=%zu is larger than P=%zu (the lower bound must be <= the upper bound)", M, P);
		return -1;
	}
	if (T > P) {
		snprintf(err, errlen, "T=%zu is larger than P=%zu: Go refuses to start on a kernel whose page size "
			"exceeds sys.PhysPageSize, so no runtime sees this configuration", T, P);
		return -1;
	}
	if (T < native) {
		snprintf(err, errlen, "T=%zu is below this kernel's page size %zu (T can be emulated upward only)", T,
			native);
		return -1;
	}
	if (T / native > sizeof ((pb_probe_ctx *)0)->scratch) {
		snprintf(err, errlen, "T=%zu is more than %zu native pages (the emulation's limit)", T,
			sizeof ((pb_probe_ctx *)0)->scratch);
		return -1;
	}
	*c = (pb_pagecfg){name, M, P, T, T != native};
	return 0;
}

int pb_pagecfg_named(pb_pagecfg *c, const char *name, size_t M, char *err, size_t errlen)
{
	const pb_names names = PB_NAMES(pb_named_cfgs, pb_n_named_cfgs);
	long k = pb_names_find(&names, name);
	if (k >= 0)
		return pb_pagecfg_make(c, pb_named_cfgs[k].name, M, pb_named_cfgs[k].P, pb_named_cfgs[k].T, err, errlen);
	char valid[512];
	pb_names_join(&names, valid, sizeof valid);
	snprintf(err, errlen, "unknown configuration '%s' (valid: %s, or a label such as P64K-T16K)", name, valid);
	return -1;
}

int pb_pagecfg_parse(pb_pagecfg *c, const char *label, size_t M, char *err, size_t errlen)
{
	char p[32];
	const char *dash = strstr(label, "-T");
	size_t P, T;
	if (label[0] != 'P' || !dash || (size_t)(dash - label - 1) >= sizeof p ||
		(snprintf(p, sizeof p, "%.*s", (int)(dash - label - 1), label + 1), pb_parse_size(p, &P)) ||
		pb_parse_size(dash + 2, &T)) {
		snprintf(err, errlen, "configuration '%s' is not of the form P<size>-T<size> (e.g. P64K-T16K)", label);
		return -1;
	}
	return pb_pagecfg_make(c, "custom", M, P, T, err, errlen);
}

int pb_pagecfg_lookup(pb_pagecfg *c, const char *word, size_t M, char *err, size_t errlen)
{
	if (word[0] == 'P' && strstr(word, "-T"))
		return pb_pagecfg_parse(c, word, M, err, errlen);
	return pb_pagecfg_named(c, word, M, err, errlen);
}

int pb_cfgset_add(pb_cfgset *s, const pb_pagecfg *c)
{
	char a[32], b[32];
	pb_pagecfg_label(c, a, sizeof a);
	for (size_t i = 0; i < s->n; i++) {
		pb_pagecfg_label(&s->c[i], b, sizeof b);
		if (strcmp(a, b) == 0)
			return -1;
	}
	if (s->n == PB_MAX_CFGS)
		return -1;
	s->c[s->n++] = *c;
	return 0;
}

int pb_cfgset_parse(const char *list, void *dest, char *err, size_t errlen)
{
	pb_cfgset *s = dest;
	char word[64];
	s->n = 0;
	for (const char *p = list;; p++) {
		const size_t w = strcspn(p, ",");
		pb_pagecfg c;
		if (w == 0 || w >= sizeof word) {
			snprintf(err, errlen, "%s", w ? "a word is too long" : "an empty word in the list");
			return -1;
		}
		snprintf(word, sizeof word, "%.*s", (int)w, p);
		if (strcmp(word, "all") == 0) { /* every named configuration this kernel can run */
			for (size_t i = 0; i < pb_n_named_cfgs; i++)
				if (pb_pagecfg_named(&c, pb_named_cfgs[i].name, PB_MIN_PHYS_PAGE_SIZE, err, errlen) == 0 &&
					pb_cfgset_add(s, &c)) {
					snprintf(err, errlen, "a configuration appears twice (names and labels count alike)");
					return -1;
				}
			p += w;
			if (!*p)
				return 0;
			continue;
		}
		if (pb_pagecfg_lookup(&c, word, PB_MIN_PHYS_PAGE_SIZE, err, errlen))
			return -1;
		if (pb_cfgset_add(s, &c)) {
			snprintf(err, errlen, "%s", s->n == PB_MAX_CFGS ? "more than 16 configurations"
									 : "a configuration appears twice (names and labels count alike)");
			return -1;
		}
		p += w;
		if (!*p)
			return 0;
	}
}
