/* kernels.c: scripts/kernels' tables (kernels.h). */
#include "kernels.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "gbjson.h"
#include "reduce.h"
#include "tsv.h"
#include "util.h"

static const char *const counts[] = {"syscalls", "mincore_enomem", "mincore_mapped", "einval", "mmap_ok", "mmap_failed",
	"file_ops", "verdict"};

/* the row of t whose probe, config, layout and bytes are row r's of g; 0 when none */
static size_t twin(const pb_tsv *t, const pb_tsv *g, size_t r)
{
	static const char *const key[] = {"probe", "config", "layout", "bytes"};
	for (size_t k = 1; k < t->n; k++) {
		bool same = true;
		for (size_t i = 0; i < 4 && same; i++)
			same = !strcmp(pb_tsv_get(t, k, key[i]), pb_tsv_get(g, r, key[i]));
		if (same)
			return k;
	}
	return 0;
}

int pb_kernels_validate(const char *target, const char *kernel, const char *page, const char *guest, const char *host,
	FILE *out, char *err, size_t errlen)
{
	pb_tsv g, h;
	if (pb_tsv_load(&g, guest) || pb_tsv_load(&h, host)) {
		snprintf(err, errlen, "cannot read %s or %s", guest, host);
		pb_tsv_free(&g);
		return -1;
	}
	for (size_t r = 1; r < g.n; r++) {
		const size_t k = twin(&h, &g, r);
		bool match = k != 0;
		for (size_t i = 0; i < sizeof counts / sizeof counts[0] && match; i++)
			match = !strcmp(pb_tsv_get(&g, r, counts[i]), pb_tsv_get(&h, k, counts[i]));
		fprintf(out, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", target, kernel, page, pb_tsv_get(&g, r, "probe"),
			pb_tsv_get(&g, r, "config"), pb_tsv_get(&g, r, "layout"), pb_tsv_get(&g, r, "bytes"), pb_tsv_get(&g, r, "syscalls"),
			k ? pb_tsv_get(&h, k, "syscalls") : "-", pb_tsv_get(&g, r, "einval"), k ? pb_tsv_get(&h, k, "einval") : "-",
			pb_tsv_get(&g, r, "verdict"), k ? pb_tsv_get(&h, k, "verdict") : "-", match ? "yes" : "no");
	}
	pb_tsv_free(&g);
	pb_tsv_free(&h);
	return 0;
}

/* the role's name in the list */
static const char *role(const pb_tsv *l, const char *kind, const char *r)
{
	for (size_t i = 1; i < l->n; i++)
		if (!strcmp(pb_tsv_get(l, i, "kind"), kind) && !strcmp(pb_tsv_get(l, i, "role"), r))
			return pb_tsv_get(l, i, "name");
	return "";
}

/* a guest's time of each probe at 16 MiB on the free layout, relative to the probe that steps by T (medians) */
static double time_vs(const pb_input *in, const char *probe, const char *label, const char *free_l, const char *after)
{
	char a[512], b[512];
	snprintf(a, sizeof a, "scan/%s/%s/%s/bytes:16777216", probe, label, free_l);
	snprintf(b, sizeof b, "scan/%s/%s/%s/bytes:16777216", after, label, free_l);
	const pb_bench_series *x = pb_input_find(in, a), *y = pb_input_find(in, b);
	return x && y && x->n && y->n ? pb_median(x->t, x->n) / pb_median(y->t, y->n) : NAN;
}

int pb_kernels_chart(const char *out, const char *list, char *const *targets, size_t n, char *err, size_t errlen)
{
	pb_tsv l, v;
	char path[4096];
	snprintf(path, sizeof path, "%s/validate.tsv", out);
	if (pb_tsv_load(&l, list) || pb_tsv_load(&v, path)) {
		snprintf(err, errlen, "cannot read %s or %s", list, path);
		pb_tsv_free(&l);
		return -1;
	}
	const char *free_l = role(&l, "layout", "free"), *after = role(&l, "probe", "after");
	snprintf(path, sizeof path, "%s/kernels.tsv", out);
	FILE *o = fopen(path, "w");
	if (!o) {
		snprintf(err, errlen, "cannot write %s: %s", path, strerror(errno));
		pb_tsv_free(&l), pb_tsv_free(&v);
		return -1;
	}
	fputs("target\tprobe\tconfig\tsyscalls_real\tsyscalls_emulated\teinval_real\teinval_emulated\ttime_vs_base\n", o);
	for (size_t i = 0; i < n; i++) { /* TARGET=CONFIG: the target and its own configuration */
		char t[128], own[128], e2[256];
		if (sscanf(targets[i], "%127[^=]=%127s", t, own) != 2)
			continue;
		pb_input in = {0};
		pb_tsv po;
		snprintf(path, sizeof path, "%s/%s/scan.json", out, t);
		const bool timed = pb_input_load(&in, path, PB_METRIC_CPU, e2, sizeof e2) == 0;
		snprintf(path, sizeof path, "%s/%s/probe.out", out, t);
		const char *label = "";
		if (pb_tsv_load(&po, path) == 0)
			for (size_t r = 1; r < po.n && !*label; r++)
				if (!strcmp(pb_tsv_get(&po, r, "config"), own))
					label = pb_tsv_get(&po, r, "label");
		for (size_t r = 1; timed && r < v.n; r++)
			if (!strcmp(pb_tsv_get(&v, r, "target"), t) && !strcmp(pb_tsv_get(&v, r, "config"), own) &&
				!strcmp(pb_tsv_get(&v, r, "layout"), free_l) && !strcmp(pb_tsv_get(&v, r, "bytes"), "1048576")) {
				const char *p = pb_tsv_get(&v, r, "probe");
				const double x = time_vs(&in, p, label, free_l, after);
				fprintf(o, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t", t, p, own, pb_tsv_get(&v, r, "syscalls_real"),
					pb_tsv_get(&v, r, "syscalls_emulated"), pb_tsv_get(&v, r, "einval_real"), pb_tsv_get(&v, r, "einval_emulated"));
				if (isnan(x))
					fputs("NaN", o); /* gnuplot's word for no value */
				else
					pb_put_num(o, x);
				fputc('\n', o);
			}
		pb_tsv_free(&po);
		pb_input_free(&in);
	}
	pb_tsv_free(&l);
	pb_tsv_free(&v);
	return fclose(o) ? -1 : 0;
}
