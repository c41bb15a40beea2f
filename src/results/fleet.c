/* fleet.c: a fleet's tables and the charts' data (fleet.h). */
#include "fleet.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tsv.h"
#include "util.h"

#define COLORS 8
static const char *const colors[COLORS] = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf"};

typedef struct frow { /* a line of fleet-scan.tsv */
	char machine[128], label[300], kind[16], emulated[4], probe[64], config[32];
	char bytes[24], time[40], calls[40];
} frow;

typedef struct fleet {
	const char *out;
	frow *rows;
	size_t n, cap;
	char machines[64][128];
	size_t nm;
	char err[512];
} fleet;

static frow *add(fleet *f)
{
	if (f->n == f->cap) {
		f->cap = f->cap ? 2 * f->cap : 256;
		frow *r = realloc(f->rows, f->cap * sizeof *r);
		if (!r)
			return NULL;
		f->rows = r;
	}
	return memset(&f->rows[f->n++], 0, sizeof(frow));
}

static size_t machine_ix(fleet *f, const char *m)
{
	for (size_t i = 0; i < f->nm; i++)
		if (!strcmp(f->machines[i], m))
			return i;
	if (f->nm < 64)
		snprintf(f->machines[f->nm++], 128, "%s", m);
	return f->nm - 1;
}

/* a machine's scans (the probes of the seed's family at native T on the free layout) and, where priced, its model */
/* a line of fleet-scan.tsv from row r of a scan table: the time from column tcol */
static void put_row(fleet *f, const char *m, const char *label, const char *kind, const char *em, const pb_tsv *t, size_t r,
	const char *tcol)
{
	frow *w = add(f);
	if (!w)
		return;
	snprintf(w->machine, sizeof w->machine, "%s", m);
	snprintf(w->label, sizeof w->label, "%s", label);
	snprintf(w->kind, sizeof w->kind, "%s", kind);
	snprintf(w->emulated, sizeof w->emulated, "%s", em);
	snprintf(w->probe, sizeof w->probe, "%s", pb_tsv_get(t, r, "probe"));
	snprintf(w->config, sizeof w->config, "%s", pb_tsv_get(t, r, "config"));
	snprintf(w->bytes, sizeof w->bytes, "%s", pb_tsv_get(t, r, "bytes"));
	snprintf(w->time, sizeof w->time, "%s", pb_tsv_get(t, r, tcol));
	snprintf(w->calls, sizeof w->calls, "%s", pb_tsv_get(t, r, "syscalls_per_scan"));
}

/* a host's label in the charts: "NAME (ARCH, T=64K)" */
static void host_label(const pb_tsv *hosts, size_t r, char *out, size_t len)
{
	snprintf(out, len, "%s (%s, T=%lluK)", pb_tsv_get(hosts, r, "name"), pb_tsv_get(hosts, r, "arch"),
		strtoull(pb_tsv_get(hosts, r, "page_size"), NULL, 10) / 1024);
}

static void scans(fleet *f, const char *m, const char *label, const char *em, const char *path, const char *probes, const char *free_l)
{
	pb_tsv t;
	if (pb_tsv_load(&t, path))
		return;
	for (size_t r = 1; r < t.n; r++) {
		if (strcmp(pb_tsv_get(&t, r, "t_emulated"), "0") || strcmp(pb_tsv_get(&t, r, "layout"), free_l) ||
			!pb_word_in(probes, pb_tsv_get(&t, r, "probe"), ','))
			continue;
		for (int model = 0; model < 2; model++) {
			const char *v = pb_tsv_get(&t, r, model ? "model_ns" : "median_ns");
			double x;
			if (model && (pb_parse_double(v, &x) || x <= 0))
				continue;
			put_row(f, m, label, model ? "model" : "real", em, &t, r, model ? "model_ns" : "median_ns");
		}
	}
	pb_tsv_free(&t);
}

static FILE *create(fleet *f, const char *name)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/%s", f->out, name);
	FILE *o = fopen(path, "w");
	if (!o)
		snprintf(f->err, sizeof f->err, "cannot write %.400s: %s", path, strerror(errno));
	return o;
}

/* the blocks of one chart row (time: machines whose CPU is not emulated; calls: measured lines only), one per line of
 * the chart, its title first, and beside them a line "colour dash" per block */
static int blocks(fleet *f, bool time, const char *name)
{
	char style[300];
	snprintf(style, sizeof style, "%s.style", name);
	FILE *o = create(f, name), *s = o ? create(f, style) : NULL;
	if (!o || !s) {
		if (o)
			fclose(o);
		return -1;
	}
	size_t nb = 0;
	bool *done = calloc(f->n + 1, sizeof *done);
	for (size_t i = 0; done && i < f->n; i++) {
		const frow *a = &f->rows[i];
		if (done[i] || (time && !strcmp(a->emulated, "yes")) || (!time && strcmp(a->kind, "real")))
			continue;
		const char *owner = NULL; /* an emulated line takes the colour of the machine whose configuration it is */
		for (size_t k = 0; k < f->n && !strcmp(a->kind, "emulated"); k++)
			if (!strcmp(f->rows[k].kind, "real") && !strcmp(f->rows[k].config, a->config))
				owner = f->rows[k].machine;
		fputs(nb++ ? "\n\n" : "", o);
		if (!strcmp(a->kind, "emulated"))
			fprintf(o, "emulated here: %s%s%s%s\n", a->config, owner ? " (as on " : "", owner ? owner : "", owner ? ")" : "");
		else
			fprintf(o, "%s%s%s\n", a->label, !strcmp(a->kind, "model") ? ": model" : "",
				!strcmp(a->emulated, "yes") ? ": CPU emulated, counts and verdicts only" : "");
		for (size_t k = i; k < f->n; k++)
			if (!strcmp(f->rows[k].label, a->label) && !strcmp(f->rows[k].kind, a->kind)) {
				done[k] = true;
				fprintf(o, "%s\t%s\t%s\n", f->rows[k].bytes, time ? f->rows[k].time : f->rows[k].calls, f->rows[k].probe);
			}
		const size_t m = machine_ix(f, owner ? owner : a->machine);
		fprintf(s, "%s\t%d\n", colors[m % COLORS], !strcmp(a->kind, "model") ? 3 : !strcmp(a->kind, "emulated") ? 2 : 1);
	}
	free(done);
	const bool bad = ferror(o) || ferror(s);
	return (fclose(o) | fclose(s)) || bad ? -1 : 0;
}

/* the primitives of every machine: a row per primitive, a column per machine */
static int prim_matrix(fleet *f, const pb_tsv *hosts)
{
	FILE *o = create(f, "fleet-prim.matrix"), *p = o ? create(f, "fleet-prim.tsv") : NULL;
	if (!o || !p) {
		if (o)
			fclose(o);
		return -1;
	}
	fputs("machine\tlabel\tcpu_emulated\tprim\tmedian_ns\tmin_ns\tmax_ns\n", p);
	pb_tsv t[64];
	char labels[64][320];
	size_t nm = 0;
	for (size_t r = 1; r < hosts->n && nm < 64; r++) {
		char path[4096];
		snprintf(path, sizeof path, "%s/%s/prim.tsv", f->out, pb_tsv_get(hosts, r, "run"));
		if (strcmp(pb_tsv_get(hosts, r, "state"), "analysed") || pb_tsv_load(&t[nm], path))
			continue;
		const char *em = *pb_tsv_get(hosts, r, "cpu") ? "yes" : "no";
		char label[300];
		host_label(hosts, r, label, sizeof label);
		snprintf(labels[nm], sizeof labels[nm], "%s%s", label, !strcmp(em, "yes") ? " (CPU emulated)" : "");
		for (size_t k = 1; k < t[nm].n; k++)
			fprintf(p, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", pb_tsv_get(hosts, r, "name"), label, em, pb_tsv_get(&t[nm], k, "prim"),
				pb_tsv_get(&t[nm], k, "median_ns"), pb_tsv_get(&t[nm], k, "min_ns"), pb_tsv_get(&t[nm], k, "max_ns"));
		nm++;
	}
	fputs("prim", o);
	for (size_t m = 0; m < nm; m++)
		fprintf(o, "\t%s", labels[m]);
	fputc('\n', o);
	for (size_t k = 1; nm && k < t[0].n; k++) { /* the first machine's primitives, in its order */
		const char *prim = pb_tsv_get(&t[0], k, "prim");
		fputs(prim, o);
		for (size_t m = 0; m < nm; m++) {
			const char *v = "NaN";
			for (size_t j = 1; j < t[m].n; j++)
				if (!strcmp(pb_tsv_get(&t[m], j, "prim"), prim))
					v = pb_tsv_get(&t[m], j, "median_ns");
			fprintf(o, "\t%s", v);
		}
		fputc('\n', o);
	}
	for (size_t m = 0; m < nm; m++)
		pb_tsv_free(&t[m]);
	const bool bad = ferror(o) || ferror(p);
	return (fclose(o) | fclose(p)) || bad ? -1 : 0;
}

int pb_fleet_write(const char *out, const char *list, const char *here, char *err, size_t errlen)
{
	fleet f = {.out = out};
	pb_tsv hosts, l;
	char path[4096];
	snprintf(path, sizeof path, "%s/hosts.tsv", out);
	if (pb_tsv_load(&hosts, path) || pb_tsv_load(&l, list)) {
		snprintf(err, errlen, "cannot read %s or %s", path, list);
		return -1;
	}
	char probes[512] = "", free_l[64] = "";
	static const char *const roles[] = {"before", "seed", "after", "modern"};
	for (size_t k = 0; k < 4; k++)
		for (size_t r = 1; r < l.n; r++)
			if (!strcmp(pb_tsv_get(&l, r, "kind"), "probe") && !strcmp(pb_tsv_get(&l, r, "role"), roles[k]))
				snprintf(probes + strlen(probes), sizeof probes - strlen(probes), "%s%s", *probes ? "," : "", pb_tsv_get(&l, r, "name"));
	for (size_t r = 1; r < l.n; r++)
		if (!strcmp(pb_tsv_get(&l, r, "kind"), "layout") && !strcmp(pb_tsv_get(&l, r, "role"), "free"))
			snprintf(free_l, sizeof free_l, "%s", pb_tsv_get(&l, r, "name"));
	for (size_t r = 1; r < hosts.n; r++) {
		if (strcmp(pb_tsv_get(&hosts, r, "state"), "analysed"))
			continue;
		const char *name = pb_tsv_get(&hosts, r, "name");
		char label[300];
		host_label(&hosts, r, label, sizeof label);
		snprintf(path, sizeof path, "%s/%s/scan.tsv", out, pb_tsv_get(&hosts, r, "run"));
		machine_ix(&f, name);
		scans(&f, name, label, *pb_tsv_get(&hosts, r, "cpu") ? "yes" : "no", path, probes, free_l);
	}
	pb_tsv t = {0};
	snprintf(path, sizeof path, "%s/scan.tsv", here ? here : "");
	if (here && pb_tsv_load(&t, path))
		memset(&t, 0, sizeof t);
	for (size_t r = 1; r < t.n; r++) { /* this machine's emulation of their T */
		char label[300];
		snprintf(label, sizeof label, "this machine, T emulated: %s", pb_tsv_get(&t, r, "config"));
		put_row(&f, "here", label, "emulated", "no", &t, r, "median_ns");
	}
	pb_tsv_free(&t);
	FILE *o = create(&f, "fleet-scan.tsv");
	int rc = o ? 0 : -1;
	if (o) {
		fputs("machine\tlabel\tkind\tcpu_emulated\tprobe\tconfig\tbytes\ttime_ns\tsyscalls\n", o);
		for (size_t i = 0; i < f.n; i++) {
			const frow *w = &f.rows[i];
			fprintf(o, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", w->machine, w->label, w->kind, w->emulated, w->probe, w->config,
				w->bytes, w->time, w->calls);
		}
		rc = fclose(o) ? -1 : 0;
	}
	if (rc == 0)
		rc = blocks(&f, true, "fleet-time.blocks") || blocks(&f, false, "fleet-calls.blocks") || prim_matrix(&f, &hosts) ? -1 : 0;
	if (rc)
		snprintf(err, errlen, "%s", f.err[0] ? f.err : "out of memory");
	printf("%s\n", probes);
	pb_tsv_free(&hosts);
	pb_tsv_free(&l);
	free(f.rows);
	return rc;
}
