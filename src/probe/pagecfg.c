/* pagecfg.c: page configurations (M, P, T), their labels, and size parsing. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "probe.h"

const pb_named_cfg pb_named_cfgs[] = {
	{"x86", "P=4K on a 4K kernel: the bounds are the page size", 4 * PB_KiB, 4 * PB_KiB},
	{"mips16k", "P=16K (Go's mips64 constant) on a 4K kernel", 16 * PB_KiB, 4 * PB_KiB},
	{"mips16k-native", "P=16K on a 16K kernel (T emulated on a 4K kernel)", 16 * PB_KiB, 16 * PB_KiB},
	{"arm64", "P=64K (Go's arm64 constant) on a 4K kernel: the seed's case", 64 * PB_KiB, 4 * PB_KiB},
	{"ppc64", "P=64K on a 64K kernel (T emulated on a 4K kernel)", 64 * PB_KiB, 64 * PB_KiB},
};
const size_t pb_n_named_cfgs = sizeof pb_named_cfgs / sizeof pb_named_cfgs[0];

size_t pb_native_page_size(void)
{
	static size_t cached;
	if (!cached)
		cached = (size_t)sysconf(_SC_PAGESIZE);
	return cached;
}

bool pb_is_pow2(size_t v) { return v && !(v & (v - 1)); }

void pb_size_label(size_t v, char *buf, size_t len)
{
	static const char *const units[] = {"", "K", "M", "G", "T"};
	int u = 0;
	while (u < 4 && v >= 1024 && v % 1024 == 0) {
		v /= 1024;
		u++;
	}
	snprintf(buf, len, "%zu%s", v, units[u]);
}

void pb_pagecfg_label(const pb_pagecfg *c, char *buf, size_t len)
{
	char p[16], t[16];
	pb_size_label(c->P, p, sizeof p);
	pb_size_label(c->T, t, sizeof t);
	snprintf(buf, len, "P%s-T%s", p, t);
}

int pb_parse_size(const char *s, size_t *out)
{
	char *end;
	errno = 0;
	if (!s || !*s || *s == '-')
		return -1;
	unsigned long long v = strtoull(s, &end, 0);
	if (errno || end == s)
		return -1;
	unsigned shift = 0;
	switch (*end) {
	case '\0': break;
	case 'k': case 'K': shift = 10; end++; break;
	case 'm': case 'M': shift = 20; end++; break;
	case 'g': case 'G': shift = 30; end++; break;
	case 't': case 'T': shift = 40; end++; break;
	default: return -1;
	}
	if (shift && (strcmp(end, "iB") == 0 || strcmp(end, "B") == 0))
		end += strlen(end);
	if (*end || (shift && v > (~0ULL >> shift)))
		return -1;
	*out = (size_t)(v << shift);
	return 0;
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
	c->name = name;
	c->M = M;
	c->P = P;
	c->T = T;
	c->t_emulated = T != native;
	return 0;
}

int pb_pagecfg_named(pb_pagecfg *c, const char *name, size_t M, char *err, size_t errlen)
{
	for (size_t i = 0; i < pb_n_named_cfgs; i++)
		if (strcmp(pb_named_cfgs[i].name, name) == 0)
			return pb_pagecfg_make(c, pb_named_cfgs[i].name, M, pb_named_cfgs[i].P, pb_named_cfgs[i].T, err,
				errlen);
	size_t used = (size_t)snprintf(err, errlen, "unknown configuration '%s' (valid:", name);
	for (size_t i = 0; i < pb_n_named_cfgs && used < errlen; i++)
		used += (size_t)snprintf(err + used, errlen - used, " %s", pb_named_cfgs[i].name);
	if (used < errlen)
		snprintf(err + used, errlen - used, ")");
	return -1;
}

int pb_pagecfg_parse(pb_pagecfg *c, const char *label, size_t M, char *err, size_t errlen)
{
	char p[32], t[32];
	size_t P, T;
	if (sscanf(label, "P%31[0-9a-zA-Z]-T%31[0-9a-zA-Z]", p, t) != 2 || pb_parse_size(p, &P) || pb_parse_size(t, &T)) {
		snprintf(err, errlen, "configuration '%s' is not of the form P<size>-T<size> (e.g. P64K-T16K)", label);
		return -1;
	}
	return pb_pagecfg_make(c, "custom", M, P, T, err, errlen);
}
