/* probes.c: the six address-range probes. They reach the kernel only through the counted calls of sys.c (pb_mincore,
 * pb_sys_mmap, ...): the raw names are poisoned here, so an uncounted call does not compile. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "probe.h"

#pragma GCC poison mincore mmap munmap open openat read pread close syscall fopen

#define MAPS_BUF (64 * 1024)

int pb_ctx_init(pb_probe_ctx *c, const pb_pagecfg *cfg, char *err, size_t errlen)
{
	memset(c, 0, sizeof *c);
	c->cfg = *cfg;
	c->native = pb_native_page_size();
	c->veclen = cfg->P / c->native ? cfg->P / c->native : 1;
	c->vec = calloc(c->veclen, 1);
	c->mapslen = MAPS_BUF;
	c->mapsbuf = malloc(c->mapslen);
	if (!c->vec || !c->mapsbuf) {
		snprintf(err, errlen, "probe context: %s", strerror(ENOMEM));
		pb_ctx_free(c);
		return -1;
	}
	return 0;
}

void pb_ctx_free(pb_probe_ctx *c)
{
	free(c->vec);
	free(c->mapsbuf);
	c->vec = NULL;
	c->mapsbuf = NULL;
}

/* Go <= 1.6: one mincore per P bytes with a 1-byte vector; ENOMEM means "free, go on". Wrong when
 * T < P: the kernel writes P/T bytes, and a chunk with any unmapped page answers ENOMEM. */
static pb_verdict probe_chunked(pb_probe_ctx *c, uintptr_t v, size_t n)
{
	for (size_t off = 0, chunk; off < n; off += chunk) {
		chunk = n - off < c->cfg.P ? n - off : c->cfg.P;
		if (pb_mincore(c, v + off, chunk, c->vec) != -ENOMEM)
			return PB_NOT_FREE;
	}
	return PB_FREE;
}

/* Go 1.7 (the seed): step by the lower bound M with length 1; EINVAL (not a multiple of T) is skipped. */
static pb_verdict probe_stepped(pb_probe_ctx *c, uintptr_t v, size_t n)
{
	for (size_t off = 0; off < n; off += c->cfg.M) {
		int rc = pb_mincore(c, v + off, 1, c->vec);
		if (rc == -EINVAL)
			continue;
		if (rc != -ENOMEM)
			return PB_NOT_FREE;
	}
	return PB_FREE;
}

/* Go 1.8-1.10: the page size is known at start-up, so step by T itself. */
static pb_verdict probe_stepped_dynamic(pb_probe_ctx *c, uintptr_t v, size_t n)
{
	for (size_t off = 0; off < n; off += c->cfg.T)
		if (pb_mincore(c, v + off, 1, c->vec) != -ENOMEM)
			return PB_NOT_FREE;
	return PB_FREE;
}

static pb_verdict map_and_release(pb_probe_ctx *c, uintptr_t v, size_t n, int extra)
{
	void *p = pb_sys_mmap(c, v, n, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | extra);
	if (p == MAP_FAILED)
		return errno == EEXIST ? PB_NOT_FREE : PB_PROBE_ERROR;
	if (pb_sys_munmap(c, p, n) != 0)
		return PB_PROBE_ERROR;
	/* a kernel older than 4.17 treats MAP_FIXED_NOREPLACE as a hint: compare the address too */
	return (uintptr_t)p == v ? PB_FREE : PB_NOT_FREE;
}

/* HotSpot, DynamoRIO: map the range with MAP_FIXED_NOREPLACE; EEXIST means something is there. */
static pb_verdict probe_noreplace(pb_probe_ctx *c, uintptr_t v, size_t n)
{
	return map_and_release(c, v, n, MAP_FIXED_NOREPLACE);
}

/* Go >= 1.11, Chromium: mmap with v as a hint; the kernel honours it only when the range is free. */
static pb_verdict probe_hint(pb_probe_ctx *c, uintptr_t v, size_t n)
{
	return map_and_release(c, v, n, 0);
}

static uintptr_t hexval(const char **s)
{
	uintptr_t v = 0;
	for (;; (*s)++) {
		char ch = **s;
		if (ch >= '0' && ch <= '9')
			v = v * 16 + (uintptr_t)(ch - '0');
		else if (ch >= 'a' && ch <= 'f')
			v = v * 16 + (uintptr_t)(ch - 'a' + 10);
		else
			return v;
	}
}

/* Boehm GC, gnulib: read /proc/self/maps and look for a mapping that overlaps [v, v+n). The lines
 * are parsed in place from a buffer allocated beforehand; a line cut by a read is carried over. */
static pb_verdict probe_maps(pb_probe_ctx *c, uintptr_t v, size_t n)
{
	int fd = pb_sys_open(c, "/proc/self/maps");
	if (fd < 0)
		return PB_PROBE_ERROR;
	pb_verdict verdict = PB_FREE;
	size_t have = 0;
	for (;;) {
		ssize_t got = pb_sys_read(c, fd, c->mapsbuf + have, c->mapslen - have - 1);
		if (got < 0) {
			verdict = PB_PROBE_ERROR;
			break;
		}
		if (got == 0)
			break;
		have += (size_t)got;
		c->mapsbuf[have] = '\0';
		char *line = c->mapsbuf, *nl;
		while ((nl = memchr(line, '\n', have - (size_t)(line - c->mapsbuf))) != NULL) {
			const char *s = line;
			uintptr_t lo = hexval(&s);
			s++;
			uintptr_t hi = hexval(&s);
			if (lo < v + n && hi > v)
				verdict = PB_NOT_FREE;
			line = nl + 1;
		}
		have -= (size_t)(line - c->mapsbuf);
		memmove(c->mapsbuf, line, have);
		if (have + 1 >= c->mapslen) { /* a line longer than the buffer: cannot happen for maps */
			verdict = PB_PROBE_ERROR;
			break;
		}
	}
	pb_sys_close(c, fd);
	return verdict;
}

const pb_probe pb_probes[] = {
	{.name = "chunked", .summary = "Go <= 1.6: mincore per P-byte chunk, 1-byte vector; wrong when T < P",
		.fn = probe_chunked, .scans = true, .role = "before", .sweeps = PB_SWEEP_ALL, .mixed_chunk_free = true},
	{.name = "stepped", .summary = "Go 1.7 (the seed): mincore(v+off, 1) every M bytes, EINVAL skipped",
		.fn = probe_stepped, .scans = true, .role = "seed", .sweeps = PB_SWEEP_ALL},
	{.name = "stepped-dynamic", .summary = "Go 1.8-1.10: mincore(v+off, 1) every T bytes, T from sysconf",
		.fn = probe_stepped_dynamic, .scans = true, .role = "after", .sweeps = PB_SWEEP_ALL},
	{.name = "noreplace", .summary = "HotSpot, DynamoRIO: mmap(MAP_FIXED_NOREPLACE), EEXIST = taken; munmap",
		.fn = probe_noreplace, .role = "modern", .sweeps = PB_SWEEP_ALL},
	{.name = "hint", .summary = "Go >= 1.11, Chromium: mmap with a hint, other address = taken; munmap",
		.fn = probe_hint, .role = "-", .sweeps = PB_SWEEP_ALL},
	{.name = "maps", .summary = "Boehm GC, gnulib: parse /proc/self/maps for an overlap", .fn = probe_maps, .role = "-",
		.sweeps = PB_SWEEP_ALL},
};
const size_t pb_n_probes = sizeof pb_probes / sizeof pb_probes[0];

const pb_probe *pb_probe_find(const char *name) { return PB_TABLE_FIND(pb_probes, pb_n_probes, name); }
