/* configs.c: scripts/configs' tables (configs.h). */
#include "configs.h"

#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gbjson.h"
#include "reduce.h"
#include "stats.h"
#include "tsv.h"
#include "util.h"

#define MAX_CFG 32
#define MAX_ROUNDS 1000

typedef struct cfg {
	char name[64];
	json_t *hf;        /* hyperfine's results array's document */
	pb_input *rounds;  /* scan-CFG.json (round 0, when there) and scan-CFG.json.N */
	size_t nrounds;
} cfg;

static int by_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* the configurations: hyperfine-CFG.json's CFG, sorted */
static size_t list_configs(const char *dir, char names[MAX_CFG][64], char *err, size_t errlen)
{
	DIR *d = opendir(dir);
	if (!d) {
		snprintf(err, errlen, "results directory '%s' does not exist", dir);
		return 0;
	}
	char *found[MAX_CFG];
	size_t n = 0;
	for (struct dirent *e; (e = readdir(d)) != NULL;) {
		const size_t l = strlen(e->d_name);
		if (strncmp(e->d_name, "hyperfine-", 10) == 0 && l > 15 && l - 15 < 64 && strcmp(e->d_name + l - 5, ".json") == 0 && n < MAX_CFG)
			found[n++] = strndup(e->d_name + 10, l - 15);
	}
	closedir(d);
	qsort(found, n, sizeof *found, by_str);
	for (size_t i = 0; i < n; i++) {
		snprintf(names[i], 64, "%s", found[i] ? found[i] : "");
		free(found[i]);
	}
	if (!n)
		snprintf(err, errlen, "no hyperfine-*.json in %s", dir);
	return n;
}

static json_t *load_json(const char *path, char *err, size_t errlen)
{
	char *buf;
	size_t len;
	if (pb_slurp(path, PB_MAX_JSON_BYTES, &buf, &len, err, errlen))
		return NULL;
	json_t *doc = pb_json_parse(buf, len, path, err, errlen);
	free(buf);
	return doc;
}

/* FILE (round 0) and FILE.1, FILE.2, ... that exist, each its own pb_input */
static int load_rounds(const char *dir, const char *stem, const char *cname, pb_input **out, size_t *n, char *err,
	size_t errlen)
{
	*out = calloc(MAX_ROUNDS + 1, sizeof **out);
	*n = 0;
	if (!*out)
		return -1;
	for (int r = 0; r <= MAX_ROUNDS; r++) {
		char path[4096];
		if (r)
			snprintf(path, sizeof path, "%s/%s-%s.json.%d", dir, stem, cname, r);
		else
			snprintf(path, sizeof path, "%s/%s-%s.json", dir, stem, cname);
		if (access(path, F_OK) != 0) {
			if (r > 0)
				break;
			continue;
		}
		pb_input *in = &(*out)[(*n)++];
		in->value_counter = "ns_per_store";
		static const char *const keep[] = {"bound", NULL};
		in->keep = keep;
		if (pb_input_load(in, path, PB_METRIC_CPU, err, errlen))
			return -1;
	}
	return 0;
}

/* the series of probe p in one round: scan/P/... (its label in *label) */
static const pb_bench_series *probe_series(const pb_input *in, const char *p, const char **label)
{
	const size_t pl = strlen(p);
	for (size_t i = 0; i < in->n; i++)
		if (strncmp(in->b[i].name, "scan/", 5) == 0 && strncmp(in->b[i].name + 5, p, pl) == 0 && in->b[i].name[5 + pl] == '/' &&
			in->b[i].n) {
			*label = in->b[i].name + 5 + pl + 1;
			return &in->b[i];
		}
	return NULL;
}

/* every repetition of probe p over c's rounds (all), and each round's median (per) */
static size_t inproc(const cfg *c, const char *p, double *all, size_t cap, double *per, char label[64])
{
	size_t n = 0;
	label[0] = 0;
	for (size_t r = 0; r < c->nrounds; r++) {
		const char *l = NULL;
		const pb_bench_series *s = probe_series(&c->rounds[r], p, &l);
		per[r] = s ? pb_median(s->t, s->n) : NAN;
		if (s && !label[0])
			snprintf(label, 64, "%.*s", (int)strcspn(l, "/"), l);
		for (size_t k = 0; s && k < s->n && n < cap; k++)
			all[n++] = s->t[k];
	}
	return n;
}

static json_t *hf_result(const cfg *c, const char *p)
{
	size_t i;
	json_t *r;
	json_array_foreach(json_object_get(c->hf, "results"), i, r) {
		const char *rp = json_string_value(json_object_get(json_object_get(r, "parameters"), "probe"));
		if (rp && strcmp(rp, p) == 0)
			return r;
	}
	return NULL;
}

static double num(json_t *o, const char *k) { return json_is_number(json_object_get(o, k)) ? json_number_value(json_object_get(o, k)) : NAN; }

/* the log of each of hyperfine's process times, scaled per scan */
static size_t log_times(json_t *r, double *out, size_t cap)
{
	size_t i, n = 0;
	json_t *t;
	json_array_foreach(json_object_get(r, "times"), i, t) if (json_is_number(t) && json_number_value(t) > 0 && n < cap) out[n++] =
		log(json_number_value(t));
	return n;
}

static void put(FILE *f, double v)
{
	fputc('\t', f);
	pb_put_num(f, v);
}

/* hyperfine's scans parameter: the scans each process made (1 when it says none) */
static double scans_of(json_t *r)
{
	uint64_t n = 0;
	const char *s = json_string_value(json_object_get(json_object_get(r, "parameters"), "scans"));
	return s && pb_parse_u64(s, &n) == 0 && n ? (double)n : 1;
}

/* one row: configuration c against the baseline b for probe p */
static void row(FILE *f, const cfg *c, const cfg *b, const char *p)
{
	json_t *r = hf_result(c, p), *rb = hf_result(b, p);
	double all[4096], per[MAX_ROUNDS + 1], ball[4096], bper[MAX_ROUNDS + 1], lt[1024], blt[1024];
	char label[64], blabel[64];
	const size_t n = inproc(c, p, all, 4096, per, label), bn = inproc(b, p, ball, 4096, bper, blabel);
	const double scans = scans_of(r), bscans = scans_of(rb);
	const double mean = num(r, "mean"), sd = num(r, "stddev"), bper_scan = num(rb, "mean") / bscans;
	const double med = n ? pb_median(all, n) : NAN, bmed = bn ? pb_median(ball, bn) : NAN;
	/* in process: paired rounds where there are rounds, else the ratio of medians */
	double est = bmed > 0 ? med / bmed : NAN, lo = NAN, hi = NAN;
	size_t pairs = 0;
	if (c->nrounds > 1 && c->nrounds == b->nrounds)
		pb_ratio_ci(bper, per, c->nrounds, &est, &lo, &hi, &pairs);
	/* whole process: blocks of processes, unpaired */
	double wlo = NAN, whi = NAN, west;
	const size_t nl = log_times(r, lt, 1024), bnl = log_times(rb, blt, 1024);
	if (nl && bnl && pb_shift_ci(blt, bnl, lt, nl, 0.05, &wlo, &whi, &west) && isfinite(wlo) && isfinite(whi)) {
		wlo = exp(wlo);
		whi = exp(whi);
	} else
		wlo = whi = NAN;
	fprintf(f, "%s\t%s\t%s\t%.0f", c->name, label[0] ? label : "-", p, scans);
	const double v[] = {mean, sd, (double)json_array_size(json_object_get(r, "times")), mean / scans * 1e9,
		sd / scans * 1e9, med, bper_scan > 0 ? mean / scans / bper_scan : NAN, est};
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
		put(f, v[i]);
	fprintf(f, "\t%s\t%zu", b->name, pairs);
	const double w[] = {lo, hi, wlo, whi};
	for (size_t i = 0; i < 4; i++)
		put(f, w[i]);
	fprintf(f, "\t%s\n", isnan(lo) ? "-" : lo <= 1 && 1 <= hi ? "same" : est > 1 ? "slower" : "faster");
}

/* the probes hyperfine ran, in the order of its results (each once) */
static size_t probes_of(const cfg *cs, size_t nc, const char *probes[64])
{
	size_t np = 0;
	for (size_t c = 0; c < nc; c++) {
		size_t i;
		json_t *r;
		json_array_foreach(json_object_get(cs[c].hf, "results"), i, r) {
			const char *p = json_string_value(json_object_get(json_object_get(r, "parameters"), "probe"));
			bool seen = !p;
			for (size_t k = 0; k < np && !seen; k++)
				seen = strcmp(probes[k], p) == 0;
			if (!seen && np < 64)
				probes[np++] = p;
		}
	}
	qsort(probes, np, sizeof *probes, by_str);
	return np;
}

/* instructions-CFG.tsv's instructions_per_store for variant v on stream s; NaN when none */
static double instructions(const char *dir, const char *c, const char *v, const char *s)
{
	char path[4096], line[1024];
	snprintf(path, sizeof path, "%s/instructions-%s.tsv", dir, c);
	FILE *f = fopen(path, "r");
	double out = NAN;
	while (f && fgets(line, sizeof line, f)) {
		char *cols[6] = {0}, *save = NULL, *t = strtok_r(line, "\t\n", &save);
		for (int k = 0; t && k < 6; k++, t = strtok_r(NULL, "\t\n", &save))
			cols[k] = t;
		if (cols[5] && strcmp(cols[0], v) == 0 && strcmp(cols[1], s) == 0)
			pb_parse_double(cols[5], &out);
	}
	if (f)
		fclose(f);
	return out;
}

/* configs-barrier.tsv: each build's barrier variants, every round's repetitions pooled */
static int barrier_table(const char *dir, const cfg *cs, size_t nc, char *err, size_t errlen)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/configs-barrier.tsv", dir);
	pb_out out = {0};
	FILE *f = NULL;
	int rc = 0;
	for (size_t c = 0; c < nc && rc == 0; c++) {
		pb_input *rs;
		size_t nr;
		if ((rc = load_rounds(dir, "barrier", cs[c].name, &rs, &nr, err, errlen)) == 0 && nr && !f) {
			if (pb_out_open(&out, path, err, errlen))
				rc = -1;
			else
				fputs("config\tP_bytes\tvariant\tstream\tmedian_ns_per_store\tinstructions_per_store\tflagged_per_1000\tbound_bytes\t"
				      "reps\tmedian_lo_ns_per_store\tmedian_hi_ns_per_store\n", f = out.f);
		}
		char bpath[4096];
		snprintf(bpath, sizeof bpath, "%s/barrier-%s.json", dir, cs[c].name);
		if (access(bpath, F_OK) != 0)
			strcat(bpath, ".1"); /* rounds only: the first round's context */
		json_t *doc = rc == 0 && nr ? load_json(bpath, err, errlen) : NULL;
		const char *P = json_string_value(json_object_get(json_object_get(doc, "context"), "compiled_P"));
		for (size_t i = 0; rc == 0 && nr && i < rs[0].n; i++) {
			const pb_bench_series *s0 = &rs[0].b[i];
			char var[128], str[128];
			if (sscanf(s0->name, "barrier/%127[^/]/%127[^/]/", var, str) != 2)
				continue;
			double v[4096], fl[4096], bound = NAN;
			size_t n = 0, nf = 0;
			for (size_t r = 0; r < nr; r++) {
				const pb_bench_series *s = pb_input_find(&rs[r], s0->name);
				for (size_t k = 0; s && k < s->n && n < 4096; k++)
					v[n++] = s->t[k];
				for (size_t k = 0; s && k < s->en[3] && nf < 4096; k++)
					fl[nf++] = s->ev[3][k];
				if (s && s->kn[0] && isnan(bound))
					bound = s->kv[0][0];
			}
			const pb_reduced red = pb_reduce(v, n);
			fprintf(f, "%s\t%s\t%s\t%s", cs[c].name, P ? P : "-", var, str);
			const double col[] = {red.median, instructions(dir, cs[c].name, var, str), nf ? pb_median(fl, nf) : NAN, bound};
			for (size_t k = 0; k < 4; k++)
				put(f, col[k]);
			fprintf(f, "\t%zu", red.n);
			put(f, red.lo);
			put(f, red.hi);
			fputc('\n', f);
		}
		json_decref(doc);
		for (size_t r = 0; r < nr; r++)
			pb_input_free(&rs[r]);
		free(rs);
	}
	if (f && rc == 0)
		rc = pb_out_commit(&out, err, errlen);
	else if (f)
		pb_out_abort(&out);
	return rc;
}

int pb_configs_write(const char *dir, char *err, size_t errlen)
{
	char names[MAX_CFG][64], path[4096];
	pb_out out;
	const size_t nc = list_configs(dir, names, err, errlen);
	if (!nc)
		return -1;
	static cfg cs[MAX_CFG];
	memset(cs, 0, sizeof cs);
	int rc = 0;
	for (size_t c = 0; c < nc && rc == 0; c++) {
		snprintf(cs[c].name, sizeof cs[c].name, "%s", names[c]);
		snprintf(path, sizeof path, "%s/hyperfine-%s.json", dir, names[c]);
		char e2[512];
		cs[c].hf = load_json(path, e2, sizeof e2);
		json_t *res = json_object_get(cs[c].hf, "results");
		if (!json_is_array(res) || !json_array_size(res)) {
			snprintf(err, errlen, "%s is not hyperfine --export-json output", path);
			rc = -1;
		} else
			rc = load_rounds(dir, "scan", names[c], &cs[c].rounds, &cs[c].nrounds, err, errlen);
	}
	/* the baseline: the file says it, else the first configuration */
	size_t b = 0;
	snprintf(path, sizeof path, "%s/baseline", dir);
	FILE *bf = rc == 0 ? fopen(path, "r") : NULL;
	char line[128] = "";
	if (bf && fgets(line, sizeof line, bf))
		line[strcspn(line, "\n")] = 0;
	if (bf)
		fclose(bf);
	for (size_t c = 0; c < nc; c++)
		if (strcmp(cs[c].name, line) == 0)
			b = c;
	snprintf(path, sizeof path, "%s/configs.tsv", dir);
	FILE *f = rc == 0 && pb_out_open(&out, path, err, errlen) == 0 ? out.f : NULL;
	if (rc == 0 && !f)
		rc = -1;
	if (f) {
		const char *probes[64];
		const size_t np = probes_of(cs, nc, probes);
		fputs("config\tlabel\tprobe\tscans\thf_mean_s\thf_stddev_s\thf_processes\twhole_ns_per_scan\twhole_sd_ns\t"
		      "inproc_ns_per_scan\twhole_vs_baseline\tinproc_vs_baseline\tbaseline\tinproc_rounds\tinproc_lo\tinproc_hi\t"
		      "whole_lo\twhole_hi\tinproc_verdict\n", f);
		for (size_t p = 0; p < np; p++)
			for (size_t c = 0; c < nc; c++)
				if (hf_result(&cs[c], probes[p]))
					row(f, &cs[c], &cs[b], probes[p]);
		rc = pb_out_commit(&out, err, errlen);
	}
	if (rc == 0)
		rc = barrier_table(dir, cs, nc, err, errlen);
	for (size_t c = 0; c < nc; c++) {
		json_decref(cs[c].hf);
		for (size_t r = 0; r < cs[c].nrounds; r++)
			pb_input_free(&cs[c].rounds[r]);
		free(cs[c].rounds);
	}
	return rc;
}
