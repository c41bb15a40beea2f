/* lists.c: what the charts need from a run's list of variants and its tables (lists.h). */
#include "lists.h"

#include <math.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>

#include "tsv.h"
#include "util.h"

int pb_lists_order(const char *list, const char *kind, const char *tsv, const char *column, const char *cond, FILE *out)
{
	pb_tsv l, t;
	if (pb_tsv_load(&l, list) || pb_tsv_load(&t, tsv)) {
		pb_tsv_free(&l);
		return -1;
	}
	char ck[64] = "", cv[64] = "";
	if (cond && sscanf(cond, "%63[^=]=%63s", ck, cv) != 2)
		ck[0] = 0;
	size_t cap = 16;
	for (size_t r = 1; r < t.n; r++)
		cap += strlen(pb_tsv_get(&t, r, column)) + 1;
	char *seen = calloc(cap, 1);
	for (size_t pass = 0; seen && pass < 2; pass++) /* the list's order, then (without a condition) the others */
		for (size_t r = 1; r < (pass ? t.n : l.n); r++) {
			const char *w = pass ? pb_tsv_get(&t, r, column) : pb_tsv_get(&l, r, "label");
			bool here = false;
			if (pass == 0 && (strcmp(pb_tsv_get(&l, r, "kind"), kind) || (*ck && strcmp(pb_tsv_get(&l, r, ck), cv))))
				continue;
			for (size_t k = 1; pass == 0 && k < t.n && !here; k++)
				here = !strcmp(pb_tsv_get(&t, k, column), w);
			if ((pass == 0 && !here) || (pass == 1 && *ck) || !*w || pb_word_in(seen, w, ' '))
				continue;
			fprintf(out, "%s ", w);
			strcat(strcat(seen, " "), w);
		}
	fputc('\n', out);
	free(seen);
	pb_tsv_free(&l);
	pb_tsv_free(&t);
	return 0;
}

/* the names of the list's rows of kind whose role is one of roles (NULL-terminated), joined by | */
static void names_with(const pb_tsv *l, const char *kind, const char *const *roles, FILE *out)
{
	size_t n = 0;
	for (size_t r = 1; r < l->n; r++)
		for (size_t k = 0; roles[k]; k++)
			if (!strcmp(pb_tsv_get(l, r, "kind"), kind) && !strcmp(pb_tsv_get(l, r, "role"), roles[k]))
				fprintf(out, "%s%s", n++ ? "|" : "", pb_tsv_get(l, r, "name"));
}

static const char *first(const pb_tsv *l, const char *kind, const char *role, const char *col, bool last)
{
	const char *v = "";
	for (size_t r = 1; r < l->n; r++)
		if (!strcmp(pb_tsv_get(l, r, "kind"), kind) && (!role || !strcmp(pb_tsv_get(l, r, "role"), role))) {
			v = pb_tsv_get(l, r, col);
			if (!last)
				break;
		}
	return v;
}

int pb_lists_headline(const char *list, FILE *out)
{
	pb_tsv l;
	if (pb_tsv_load(&l, list))
		return -1;
	static const char *const probes[] = {"before", "seed", "modern", NULL}, *const variants[] = {"seed", "nocheck", NULL};
	fputs("^(scan/(", out);
	names_with(&l, "probe", probes, out);
	fprintf(out, ")/%s/%s/bytes:%s|barrier/(", first(&l, "config", "seed", "label", false), first(&l, "layout", "free", "name", false),
		first(&l, "size", NULL, "label", true));
	names_with(&l, "variant", variants, out);
	fprintf(out, ")/%s/footprint:%s)$\n", first(&l, "stream", "valid", "name", false), first(&l, "footprint", NULL, "label", false));
	pb_tsv_free(&l);
	return 0;
}

int pb_lists_trend(const char *tsv, const char *match, const char *outdir, FILE *out)
{
	pb_tsv t;
	regex_t re;
	if (pb_tsv_load(&t, tsv))
		return -1;
	if (regcomp(&re, match, REG_EXTENDED | REG_NOSUB)) {
		pb_tsv_free(&t);
		return -1;
	}
	/* the runs and the benchmarks in their order of first appearance; each benchmark's first median */
	const char **runs = calloc(t.n + 1, sizeof *runs), **names = calloc(t.n + 1, sizeof *names);
	size_t nr = 0, nn = 0, shown = 0;
	static const char *const files[] = {"data", "names", "cps", "events", "xtics"};
	static const char *const heads[] = {"k\trun_index\trel_pct\n", "k\tname\n", "k\trun_index\tstep_pct\n0\t0\t0\n",
		"run_index\n0\n", "run_index\tlabel\n"};
	FILE *f[5] = {0};
	for (int i = 0; i < 5; i++) {
		char path[4096];
		snprintf(path, sizeof path, "%s/%s", outdir, files[i]);
		if ((f[i] = fopen(path, "w")) != NULL)
			fputs(heads[i], f[i]);
	}
	for (size_t pass = 0; runs && names && f[0] && f[1] && f[4] && pass < 2; pass++)
		for (size_t r = 1; r < t.n; r++) {
			const char *run = pb_tsv_get(&t, r, "run"), *b = pb_tsv_get(&t, r, "benchmark");
			if (regexec(&re, b, 0, NULL, 0))
				continue;
			size_t ix = 0, k = 0;
			while (ix < nr && strcmp(runs[ix], run))
				ix++;
			while (k < nn && strcmp(names[k], b))
				k++;
			if (pass == 0) {
				if (ix == nr)
					runs[nr++] = run;
				if (k == nn && (names[nn++] = b))
					fprintf(f[1], "%zu\t%s\n", nn, b);
				continue;
			}
			double v, v0 = NAN;
			for (size_t j = 1; j < t.n && isnan(v0); j++)
				if (!strcmp(pb_tsv_get(&t, j, "benchmark"), b))
					pb_parse_double(pb_tsv_get(&t, j, "median"), &v0);
			if (pb_parse_double(pb_tsv_get(&t, r, "median"), &v) || !(v0 > 0))
				continue;
			fprintf(f[0], "%zu\t%zu\t%.17g\n", k + 1, ix + 1, 100 * (v / v0 - 1));
			shown++;
		}
	for (size_t i = 0; f[4] && i < nr; i += nr > 8 ? (nr + 7) / 8 : 1) /* about eight labels: the runs' names */
		fprintf(f[4], "%zu\t%.24s\n", i + 1, runs[i]);
	for (int i = 0; i < 5; i++)
		if (f[i])
			fclose(f[i]);
	fprintf(out, "%zu %zu\n", nn, nr);
	free(runs);
	free(names);
	regfree(&re);
	pb_tsv_free(&t);
	return shown ? 0 : 1;
}
