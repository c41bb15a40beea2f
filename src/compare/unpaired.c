/* unpaired.c: two sets of repetitions with no pairing (two results directories, two files): per benchmark the
 * Mann-Whitney U test on log time, the Hodges-Lehmann change with its Moses interval, Holm across benchmarks. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compare.h"
#include "reduce.h"
#include "stats.h"

enum { V_SAME, V_SLOWER, V_FASTER, V_SMALL, V_TOO_FEW, V_UNDECIDED, V_ERROR, V_SKIPPED, V_AGGREGATES, V_NOT_GATING };
static const char *const verdict_name[] = {"same", "SLOWER", "faster", "same (within threshold)", "too few repetitions",
	"too few repetitions to decide", "error", "skipped: not a measurement", "no test: aggregates only",
	"slower (not gating)"};
enum { MIN_REPS = 3 };

typedef struct row {
	const pb_bench_series *o, *n;
	double med_o, med_n, change, lo, hi, p, padj, pmin;
	bool ci_ok, tested;
	int verdict;
} row;

typedef struct report {
	row *rows;
	size_t n, ntested, too_few, undecided, ngeo;
	int slower, faster;
	double geomean;
	counters c;
	int status; /* 0 no regression, 1 regression, 2 no verdict (nothing tested, or nothing decided) */
} report;

static void analyse(row *r)
{
	r->med_o = r->o->n ? pb_median(r->o->t, r->o->n) : r->o->agg_median;
	r->med_n = r->n->n ? pb_median(r->n->t, r->n->n) : r->n->agg_median;
	r->change = (r->med_n / r->med_o - 1) * 100;
	if (r->o->error || r->n->error) {
		r->verdict = V_ERROR;
		return;
	}
	if (r->o->n == 0 || r->n->n == 0) { /* skipped, or aggregates only: never a verdict on time */
		r->verdict = r->o->skipped || r->n->skipped || r->o->untimed || r->n->untimed ? V_SKIPPED : V_AGGREGATES;
		return;
	}
	if (r->o->n < MIN_REPS || r->n->n < MIN_REPS) {
		r->verdict = V_TOO_FEW;
		return;
	}
	double *lo = malloc(r->o->n * sizeof *lo), *ln = malloc(r->n->n * sizeof *ln);
	if (lo && ln) {
		for (size_t i = 0; i < r->o->n; i++)
			lo[i] = log(r->o->t[i] > 0 ? r->o->t[i] : 1e-300);
		for (size_t i = 0; i < r->n->n; i++)
			ln[i] = log(r->n->t[i] > 0 ? r->n->t[i] : 1e-300);
		double est, a, b;
		r->p = pb_mann_whitney(lo, r->o->n, ln, r->n->n).p;
		r->ci_ok = pb_shift_ci(lo, r->o->n, ln, r->n->n, PB_ALPHA, &a, &b, &est);
		r->lo = pb_pct(a);
		r->hi = pb_pct(b);
		r->pmin = pb_mw_min_p(r->o->n, r->n->n);
		r->tested = true;
	}
	r->verdict = r->tested ? V_SAME : V_ERROR;
	free(lo);
	free(ln);
}

/* A test that cannot reach alpha whatever the data (3 against 3: its smallest p is 0.1; Holm multiplies it by
 * the number of tests) says nothing by coming out non-significant: too few repetitions to decide. */
static void decide(row *r, double threshold, size_t ntested)
{
	const bool sig = r->padj < PB_ALPHA;
	if (!sig && r->pmin * (double)ntested >= PB_ALPHA)
		r->verdict = V_UNDECIDED;
	else if (sig && r->change > threshold)
		r->verdict = V_SLOWER;
	else if (sig && r->change < -threshold)
		r->verdict = V_FASTER;
	else
		r->verdict = sig ? V_SMALL : V_SAME;
}

/* Pairs the benchmarks by name, tests them, corrects across them, and counts the outcome. */
static int compute(report *rep, const pb_input run[2], const cmp_opts *o)
{
	const size_t cap = run[0].n ? run[0].n : 1;
	rep->rows = calloc(cap, sizeof *rep->rows);
	double *pv = calloc(cap, sizeof *pv), *adj = calloc(cap, sizeof *adj), sumlog = 0;
	int rc = rep->rows && pv && adj ? 0 : -1;
	if (rc == 0) /* the instructions gate's changes first: exact, like the counters below */
		rc = pb_counters_take(&rep->c, &o->icount);
	for (size_t i = 0; rc == 0 && i < run[0].n; i++) {
		const pb_bench_series *n = pb_input_find(&run[1], run[0].b[i].name);
		if (!n)
			continue;
		row *r = &rep->rows[rep->n++];
		*r = (row){.o = &run[0].b[i], .n = n};
		analyse(r);
		if (r->tested)
			pv[rep->ntested++] = r->p;
		rc = pb_counter_changes(&rep->c, r->o, r->n, o->threshold);
	}
	pb_holm(pv, adj, rep->ntested);
	for (size_t i = 0, t = 0; rc == 0 && i < rep->n; i++) {
		row *r = &rep->rows[i];
		if (r->tested) {
			r->padj = adj[t++];
			decide(r, o->threshold, rep->ntested);
		}
		if (r->verdict == V_SLOWER && !pb_gates(o, r->o->name))
			r->verdict = V_NOT_GATING;
		rep->slower += r->verdict == V_SLOWER;
		rep->faster += r->verdict == V_FASTER;
		rep->too_few += r->verdict == V_TOO_FEW;
		rep->undecided += r->verdict == V_UNDECIDED;
		if (r->tested && r->med_o > 0 && r->med_n > 0) {
			sumlog += log(r->med_n / r->med_o);
			rep->ngeo++;
		}
	}
	rep->geomean = rep->ngeo ? exp(sumlog / (double)rep->ngeo) : NAN;
	free(pv);
	free(adj);
	return rc;
}

static void ci_text(const row *r, char *buf, size_t len)
{
	if (r->ci_ok)
		snprintf(buf, len, "[%+.*f%%, %+.*f%%]", pb_quote_decimals(r->lo, r->hi), r->lo, pb_quote_decimals(r->lo, r->hi), r->hi);
	else
		snprintf(buf, len, "%s", r->tested ? "(n too small)" : "-");
}

static void print_rows(FILE *f, const report *rep, size_t format)
{
	int w = 9;
	char b1[32], b2[32], ci[64], pbuf[32];
	for (size_t i = 0; i < rep->n; i++)
		w = (int)strlen(rep->rows[i].o->shown) > w ? (int)strlen(rep->rows[i].o->shown) : w;
	if (format == F_TSV)
		fprintf(f, "benchmark\told_median_ns\tnew_median_ns\tchange_pct\tci_lo_pct\tci_hi_pct\tp\tp_holm\told_n\tnew_n\tverdict\n");
	else if (format == F_MARKDOWN)
		fprintf(f, "| benchmark | old median | new median | change | 95%% CI | p (Holm) | verdict |\n|---|---:|---:|---:|---|---:|---|\n");
	else
		fprintf(f, "%-*s  %12s  %12s  %8s  %-20s  %9s  %s\n", w, "benchmark", "old median", "new median", "change",
			"95% CI of change", "p (Holm)", "verdict");
	for (size_t i = 0; i < rep->n; i++) {
		const row *r = &rep->rows[i];
		ci_text(r, ci, sizeof ci);
		snprintf(pbuf, sizeof pbuf, r->tested ? "%.3g" : "-", r->padj);
		pb_human_ns(r->med_o, b1, sizeof b1);
		pb_human_ns(r->med_n, b2, sizeof b2);
		if (format == F_TSV) {
			fprintf(f, "%s\t%.6g\t%.6g\t%.3f\t%.3f\t%.3f\t%.6g\t%.6g\t%zu\t%zu\t%s\n", r->o->shown, r->med_o, r->med_n,
				r->change, r->ci_ok ? r->lo : NAN, r->ci_ok ? r->hi : NAN, r->tested ? r->p : NAN,
				r->tested ? r->padj : NAN, r->o->n, r->n->n, verdict_name[r->verdict]);
		} else if (format == F_MARKDOWN) {
			fputs("| ", f);
			pb_md_name(f, r->o->shown);
			fprintf(f, " | %s | %s | %+.*f%% | %s | %s | %s |\n", b1, b2, r->ci_ok ? pb_quote_decimals(r->lo, r->hi) : 1, r->change, ci, pbuf, verdict_name[r->verdict]);
		} else {
			char chg[24];
			if (isfinite(r->change))
				snprintf(chg, sizeof chg, "%+7.*f%%", r->ci_ok ? pb_quote_decimals(r->lo, r->hi) : 1, r->change);
			else
				snprintf(chg, sizeof chg, "%8s", "-");
			fprintf(f, "%-*s  %12s  %12s  %8s  %-20s  %9s  %s\n", w, r->o->shown, b1, b2, chg, ci, pbuf, verdict_name[r->verdict]);
		}
	}
}

static void verdict_line(FILE *f, const report *rep, const cmp_opts *o, const char *pre)
{
	fprintf(f, "%s%s: %zu benchmarks compared (%zu tested, unpaired), %d slower, %d faster, %zu exact-counter changes "
	       "(%d worse); threshold %.1f%%, alpha %.2f (Holm)\n",
		pre, pb_status_words(rep->status), rep->n, rep->ntested, rep->slower, rep->faster,
		rep->c.n, rep->c.worse, o->threshold, PB_ALPHA);
}

static void print_tail(FILE *f, const report *rep, const pb_input run[2], const cmp_opts *o, size_t format)
{
	const char *pre = format == F_TSV ? "# " : format == F_MARKDOWN ? "- " : "";
	if (format != F_TSV)
		fputc('\n', f);
	if (rep->ngeo)
		fprintf(f, "%sgeometric mean of new/old medians: %.4f (%+.2f%%) over %zu benchmarks\n", pre, rep->geomean,
			(rep->geomean - 1) * 100, rep->ngeo);
	pb_print_unmatched(f, &rep->c, run, o, format);
	if (rep->too_few)
		fprintf(f, "%s%zu benchmark(s) have fewer than %d repetitions on a side: no verdict for them\n", pre, rep->too_few,
			MIN_REPS);
	if (rep->undecided)
		fprintf(f, "%s%zu benchmark(s) cannot be decided: with their repetitions the test's smallest p, after Holm over %zu "
		       "tests, is not below %.2f (give more repetitions, or compare fewer benchmarks)\n",
			pre, rep->undecided, rep->ntested, PB_ALPHA);
	if (format != F_MARKDOWN) /* markdown says it first */
		verdict_line(f, rep, o, pre);
}

/* The report in FORMAT; markdown (a pull request's comment) starts with the verdict and says it once. */
static void print_report(FILE *f, const report *rep, const pb_input run[2], const cmp_opts *o, size_t format)
{
	if (format == F_MARKDOWN) {
		fprintf(f, "### pagebound: %s\n\n", pb_status_words(rep->status));
		verdict_line(f, rep, o, "");
		fputc('\n', f);
		pb_print_compared(f, o, F_MARKDOWN);
	} else if (format == F_TEXT)
		pb_print_compared(f, o, F_TEXT);
	print_rows(f, rep, format);
	print_tail(f, rep, run, o, format);
}

int cmp_unpaired(const pb_input run[2], const cmp_opts *o)
{
	report rep = {0};
	int rc = 2;
	bool unwritten = false;
	if (compute(&rep, run, o) == 0) {
		/* nothing tested, or nothing decided, is no answer: the gate must not pass for want of repetitions */
		rep.status = rep.slower + rep.c.worse ? 1 : rep.ntested == 0 || rep.undecided == rep.ntested ? 2 : 0;
		print_report(stdout, &rep, run, o, o->format);
		for (size_t k = 0; k < 2; k++) { /* the same rows, also as TSV and as markdown */
			const char *path = k ? o->md_out : o->tsv_out;
			FILE *f = path ? fopen(path, "w") : NULL;
			if (path && !f) {
				fprintf(stderr, "pagebound-compare: cannot write %s\n", path);
				unwritten = true;
			}
			if (f) {
				print_report(f, &rep, run, o, k ? F_MARKDOWN : F_TSV);
				fclose(f);
			}
		}
		rc = unwritten ? 2 : rep.status;
		if (rep.status == 2 && !unwritten && rep.ntested)
			fprintf(stderr, "pagebound-compare: no benchmark could be decided with these repetitions (see above): no verdict\n");
		else if (rep.status == 2 && !unwritten)
			fprintf(stderr, "pagebound-compare: no benchmark could be tested (each needs %d repetitions a side): no verdict\n", MIN_REPS);
	} else {
		fprintf(stderr, "pagebound-compare: out of memory\n");
	}
	free(rep.rows);
	free(rep.c.cc);
	return rc;
}
